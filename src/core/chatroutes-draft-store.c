/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "chatroutes-draft-store.h"
#include "chatroutes-error.h"

#define DEFAULT_SAVE_DELAY_MS 500

typedef struct
{
  char *conversation_id;
  char *branch_id;     /* nullable */
  char *text;
} Draft;

struct _ChatroutesDraftStore
{
  GObject parent_instance;

  char *path;
  GFile *file;
  guint save_delay;

  GHashTable *drafts;    /* key → Draft */
  /* Keys changed before the file was read: the file must not undo them. */
  GHashTable *touched;
  gboolean loaded;

  guint save_source;
  gboolean dirty;        /* memory differs from what was last written */
  gboolean writing;      /* an asynchronous write is under way */
  GError *error;
};

G_DEFINE_FINAL_TYPE (ChatroutesDraftStore, chatroutes_draft_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SAVE_DELAY,
  PROP_ERROR,
  PROP_N_DRAFTS,
  N_PROPS
};

enum {
  SAVED,
  SAVE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
draft_free (gpointer data)
{
  Draft *draft = data;

  g_free (draft->conversation_id);
  g_free (draft->branch_id);
  g_free (draft->text);
  g_free (draft);
}

/* Ids are opaque but never contain a NUL, so "\n" with a marker for a
 * missing branch keeps (c, NULL) apart from (c, ""). */
static char *
make_key (const char *conversation_id,
          const char *branch_id)
{
  if (branch_id == NULL)
    return g_strconcat (conversation_id, "\n-", NULL);
  return g_strconcat (conversation_id, "\n+", branch_id, NULL);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
set_error (ChatroutesDraftStore *self,
           const GError         *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static int
compare_drafts (gconstpointer a,
                gconstpointer b)
{
  const Draft *da = *(const Draft * const *) a;
  const Draft *db = *(const Draft * const *) b;
  int cmp = g_strcmp0 (da->conversation_id, db->conversation_id);

  return cmp != 0 ? cmp : g_strcmp0 (da->branch_id, db->branch_id);
}

static GBytes *
serialize (ChatroutesDraftStore *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  gsize length = 0;
  char *data;

  g_hash_table_iter_init (&iter, self->drafts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  /* A stable order keeps the file diffable and the tests exact. */
  g_ptr_array_sort (sorted, compare_drafts);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "drafts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      const Draft *draft = g_ptr_array_index (sorted, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "conversationId");
      json_builder_add_string_value (builder, draft->conversation_id);
      json_builder_set_member_name (builder, "branchId");
      if (draft->branch_id != NULL)
        json_builder_add_string_value (builder, draft->branch_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, draft->text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

static gboolean
ensure_parent (ChatroutesDraftStore *self,
               GError              **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (self->file);
  g_autoptr(GError) local_error = NULL;

  if (parent == NULL)
    return TRUE;
  if (!g_file_make_directory_with_parents (parent, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
report_failure (ChatroutesDraftStore *self,
                const GError         *error)
{
  /* The drafts stay in memory; the next change or flush tries again. */
  self->dirty = TRUE;
  g_debug ("Could not save drafts to %s: %s", self->path, error->message);
  set_error (self, error);
  g_signal_emit (self, signals[SAVE_FAILED], 0, error);
}

static void
report_success (ChatroutesDraftStore *self)
{
  set_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0);
}

static void schedule_save (ChatroutesDraftStore *self);

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ChatroutesDraftStore) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    report_failure (self, error);
  else
    {
      report_success (self);
      /* Changes made while the write was under way. */
      if (self->dirty && self->save_source == 0)
        schedule_save (self);
    }
}

static void
start_write (ChatroutesDraftStore *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (!self->writing);

  self->dirty = FALSE;
  if (!ensure_parent (self, &error))
    {
      report_failure (self, error);
      return;
    }

  bytes = serialize (self);
  self->writing = TRUE;
  /* GIO writes a local file to a temporary beside it and renames it over
   * the old one, so a crash or a full disk never leaves half a file. */
  g_file_replace_contents_bytes_async (self->file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, write_cb, g_object_ref (self));
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  ChatroutesDraftStore *self = user_data;

  self->save_source = 0;
  if (self->writing)
    return G_SOURCE_REMOVE;   /* write_cb schedules again */
  if (self->dirty)
    start_write (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (ChatroutesDraftStore *self)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add_full (G_PRIORITY_DEFAULT, self->save_delay,
                                          save_timeout_cb, self, NULL);
  g_source_set_name_by_id (self->save_source, "[chatroutes] save drafts");
}

static void
chatroutes_draft_store_dispose (GObject *object)
{
  ChatroutesDraftStore *self = CHATROUTES_DRAFT_STORE (object);

  g_clear_handle_id (&self->save_source, g_source_remove);

  G_OBJECT_CLASS (chatroutes_draft_store_parent_class)->dispose (object);
}

static void
chatroutes_draft_store_finalize (GObject *object)
{
  ChatroutesDraftStore *self = CHATROUTES_DRAFT_STORE (object);

  if (self->dirty)
    g_debug ("Draft store finalized with unsaved changes; call flush() first");

  g_clear_pointer (&self->drafts, g_hash_table_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->file);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (chatroutes_draft_store_parent_class)->finalize (object);
}

static void
chatroutes_draft_store_constructed (GObject *object)
{
  ChatroutesDraftStore *self = CHATROUTES_DRAFT_STORE (object);

  G_OBJECT_CLASS (chatroutes_draft_store_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_data_dir (), "chatroutes", "drafts.json", NULL);
  self->file = g_file_new_for_path (self->path);
}

static void
chatroutes_draft_store_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ChatroutesDraftStore *self = CHATROUTES_DRAFT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_SAVE_DELAY:
      g_value_set_uint (value, self->save_delay);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_N_DRAFTS:
      g_value_set_uint (value, g_hash_table_size (self->drafts));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_draft_store_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ChatroutesDraftStore *self = CHATROUTES_DRAFT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    case PROP_SAVE_DELAY:
      chatroutes_draft_store_set_save_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_draft_store_class_init (ChatroutesDraftStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = chatroutes_draft_store_constructed;
  object_class->dispose = chatroutes_draft_store_dispose;
  object_class->finalize = chatroutes_draft_store_finalize;
  object_class->get_property = chatroutes_draft_store_get_property;
  object_class->set_property = chatroutes_draft_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVE_DELAY] =
    g_param_spec_uint ("save-delay", NULL, NULL, 0, 60000, DEFAULT_SAVE_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_DRAFTS] =
    g_param_spec_uint ("n-drafts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
chatroutes_draft_store_init (ChatroutesDraftStore *self)
{
  self->save_delay = DEFAULT_SAVE_DELAY_MS;
  self->drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, draft_free);
  self->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ChatroutesDraftStore *
chatroutes_draft_store_new (const char *path)
{
  return g_object_new (CHATROUTES_TYPE_DRAFT_STORE, "path", path, NULL);
}

const char *
chatroutes_draft_store_get_path (ChatroutesDraftStore *self)
{
  g_return_val_if_fail (CHATROUTES_IS_DRAFT_STORE (self), NULL);
  return self->path;
}

guint
chatroutes_draft_store_get_save_delay (ChatroutesDraftStore *self)
{
  g_return_val_if_fail (CHATROUTES_IS_DRAFT_STORE (self), 0);
  return self->save_delay;
}

void
chatroutes_draft_store_set_save_delay (ChatroutesDraftStore *self,
                                       guint                 delay_ms)
{
  g_return_if_fail (CHATROUTES_IS_DRAFT_STORE (self));

  if (self->save_delay == delay_ms)
    return;
  self->save_delay = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_DELAY]);
}

const GError *
chatroutes_draft_store_get_error (ChatroutesDraftStore *self)
{
  g_return_val_if_fail (CHATROUTES_IS_DRAFT_STORE (self), NULL);
  return self->error;
}

guint
chatroutes_draft_store_get_n_drafts (ChatroutesDraftStore *self)
{
  g_return_val_if_fail (CHATROUTES_IS_DRAFT_STORE (self), 0);
  return g_hash_table_size (self->drafts);
}

/* Parses @data into a fresh table; NULL with an error when malformed. */
static GHashTable *
parse_drafts (const char  *data,
              gsize        length,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) drafts = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root, *list_node;
  JsonArray *list;

  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                   "Corrupt drafts file: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list_node = json_object_get_member (json_node_get_object (root), "drafts")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list_node))
    {
      g_set_error_literal (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                           "Corrupt drafts file: no list of drafts");
      return NULL;
    }

  drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, draft_free);
  list = json_node_get_array (list_node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *object;
      const char *conversation_id, *branch_id = NULL, *text;
      JsonNode *member;
      Draft *draft;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);

      member = json_object_get_member (object, "conversationId");
      if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
        continue;
      conversation_id = json_node_get_string (member);

      member = json_object_get_member (object, "branchId");
      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          json_node_get_value_type (member) == G_TYPE_STRING)
        branch_id = json_node_get_string (member);

      member = json_object_get_member (object, "text");
      if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
        continue;
      text = json_node_get_string (member);
      if (is_blank (text))
        continue;

      draft = g_new0 (Draft, 1);
      draft->conversation_id = g_strdup (conversation_id);
      draft->branch_id = g_strdup (branch_id);
      draft->text = g_strdup (text);
      g_hash_table_replace (drafts, make_key (conversation_id, branch_id), draft);
    }

  return g_steal_pointer (&drafts);
}

static void
merge_loaded (ChatroutesDraftStore *self,
              GHashTable           *loaded)
{
  GHashTableIter iter;
  gpointer key, value;
  guint before = g_hash_table_size (self->drafts);

  g_hash_table_iter_init (&iter, loaded);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_hash_table_contains (self->touched, key))
        continue;
      g_hash_table_iter_steal (&iter);
      g_hash_table_replace (self->drafts, key, value);
    }

  if (g_hash_table_size (self->drafts) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DRAFTS]);
}

static void
finish_load (ChatroutesDraftStore *self)
{
  self->loaded = TRUE;
  g_hash_table_remove_all (self->touched);
}

/* Turns read results into a table. A missing file gives an empty table. */
static GHashTable *
read_result (const char  *contents,
             gsize        length,
             GError      *read_error,
             GError     **error)
{
  if (read_error != NULL)
    {
      if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, draft_free);
      g_propagate_error (error, g_error_copy (read_error));
      return NULL;
    }
  return parse_drafts (contents, length, error);
}

gboolean
chatroutes_draft_store_load (ChatroutesDraftStore  *self,
                             GError               **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GHashTable) loaded = NULL;
  gsize length = 0;

  g_return_val_if_fail (CHATROUTES_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_file_get_contents (self->path, &contents, &length, &read_error);
  loaded = read_result (contents, length, read_error, error);
  if (loaded != NULL)
    merge_loaded (self, loaded);
  finish_load (self);
  return loaded != NULL;
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChatroutesDraftStore *self = g_task_get_source_object (task);
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) loaded = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &read_error);
  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&read_error));
      return;
    }

  loaded = read_result (contents, length, read_error, &error);
  if (loaded != NULL)
    merge_loaded (self, loaded);
  finish_load (self);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
chatroutes_draft_store_load_async (ChatroutesDraftStore *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CHATROUTES_IS_DRAFT_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chatroutes_draft_store_load_async);
  g_file_load_contents_async (self->file, cancellable, load_cb, g_steal_pointer (&task));
}

gboolean
chatroutes_draft_store_load_finish (ChatroutesDraftStore  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (CHATROUTES_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == chatroutes_draft_store_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
chatroutes_draft_store_get (ChatroutesDraftStore *self,
                            const char           *conversation_id,
                            const char           *branch_id)
{
  g_autofree char *key = NULL;
  Draft *draft;

  g_return_val_if_fail (CHATROUTES_IS_DRAFT_STORE (self), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);

  key = make_key (conversation_id, branch_id);
  draft = g_hash_table_lookup (self->drafts, key);
  return draft != NULL ? draft->text : NULL;
}

static void
mark_changed (ChatroutesDraftStore *self,
              const char           *key,
              guint                 n_before)
{
  if (!self->loaded)
    g_hash_table_add (self->touched, g_strdup (key));
  self->dirty = TRUE;
  schedule_save (self);
  if (g_hash_table_size (self->drafts) != n_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DRAFTS]);
}

void
chatroutes_draft_store_set (ChatroutesDraftStore *self,
                            const char           *conversation_id,
                            const char           *branch_id,
                            const char           *text)
{
  g_autofree char *key = NULL;
  guint n_before;
  Draft *draft;

  g_return_if_fail (CHATROUTES_IS_DRAFT_STORE (self));
  g_return_if_fail (conversation_id != NULL);

  if (is_blank (text))
    {
      chatroutes_draft_store_remove (self, conversation_id, branch_id);
      return;
    }

  key = make_key (conversation_id, branch_id);
  draft = g_hash_table_lookup (self->drafts, key);
  if (draft != NULL && g_strcmp0 (draft->text, text) == 0)
    return;

  n_before = g_hash_table_size (self->drafts);
  if (draft == NULL)
    {
      draft = g_new0 (Draft, 1);
      draft->conversation_id = g_strdup (conversation_id);
      draft->branch_id = g_strdup (branch_id);
      g_hash_table_insert (self->drafts, g_strdup (key), draft);
    }
  g_free (draft->text);
  draft->text = g_strdup (text);

  mark_changed (self, key, n_before);
}

void
chatroutes_draft_store_remove (ChatroutesDraftStore *self,
                               const char           *conversation_id,
                               const char           *branch_id)
{
  g_autofree char *key = NULL;
  guint n_before;

  g_return_if_fail (CHATROUTES_IS_DRAFT_STORE (self));
  g_return_if_fail (conversation_id != NULL);

  key = make_key (conversation_id, branch_id);
  n_before = g_hash_table_size (self->drafts);
  if (!g_hash_table_remove (self->drafts, key))
    {
      /* Still remember that the user removed it before the file came. */
      if (!self->loaded)
        g_hash_table_add (self->touched, g_steal_pointer (&key));
      return;
    }
  mark_changed (self, key, n_before);
}

gboolean
chatroutes_draft_store_flush (ChatroutesDraftStore  *self,
                              GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CHATROUTES_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* An older snapshot still on its way must not land after this one. */
  while (self->writing)
    g_main_context_iteration (NULL, TRUE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (!self->dirty)
    return TRUE;

  self->dirty = FALSE;
  bytes = serialize (self);
  if (!ensure_parent (self, &local_error) ||
      !g_file_replace_contents (self->file,
                                g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE,
                                G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, &local_error))
    {
      report_failure (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  report_success (self);
  return TRUE;
}
