/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include "chatroutes-message-path.h"

struct _ChatroutesMessagePath
{
  GObject parent_instance;

  ChatroutesService *service;
  char *conversation_id;
  char *branch_id;
  ChatroutesBranchTree *tree;

  GPtrArray *items;          /* ChatroutesMessage */
  guint branch_start;
  GError *error;
  GHashTable *continued;     /* ids of shown messages after which their branch goes on */

  /* The load in flight. */
  GCancellable *cancellable;
  GPtrArray *path;           /* ChatroutesBranch, root → branch */
  GPtrArray *fetched;        /* GListModel per path entry, NULL until it arrives */
  guint pending;
  guint compose_id;

  /* Branch id → its messages as last fetched, shared with the other paths
   * of the conversation (see chatroutes_message_path_set_cache ()). */
  GHashTable *cache;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChatroutesMessagePath, chatroutes_message_path, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CONVERSATION_ID,
  PROP_BRANCH_ID,
  PROP_LOADING,
  PROP_ERROR,
  PROP_BRANCH_START,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
path_get_item_type (GListModel *model)
{
  return CHATROUTES_TYPE_MESSAGE;
}

static guint
path_get_n_items (GListModel *model)
{
  return CHATROUTES_MESSAGE_PATH (model)->items->len;
}

static gpointer
path_get_item (GListModel *model,
               guint       position)
{
  ChatroutesMessagePath *self = CHATROUTES_MESSAGE_PATH (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = path_get_item_type;
  iface->get_n_items = path_get_n_items;
  iface->get_item = path_get_item;
}

static void
clear_load (ChatroutesMessagePath *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_ptr_array_unref);
  g_clear_pointer (&self->fetched, g_ptr_array_unref);
  g_clear_handle_id (&self->compose_id, g_source_remove);
  self->pending = 0;
}

static void
forget_cached (ChatroutesMessagePath *self)
{
  if (self->cache)
    g_hash_table_remove_all (self->cache);
}

static void
chatroutes_message_path_dispose (GObject *object)
{
  ChatroutesMessagePath *self = (ChatroutesMessagePath *)object;

  clear_load (self);
  g_clear_object (&self->service);
  g_clear_object (&self->tree);
  g_clear_pointer (&self->cache, g_hash_table_unref);

  G_OBJECT_CLASS (chatroutes_message_path_parent_class)->dispose (object);
}

static void
chatroutes_message_path_finalize (GObject *object)
{
  ChatroutesMessagePath *self = (ChatroutesMessagePath *)object;

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->continued);
  g_free (self->conversation_id);
  g_free (self->branch_id);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (chatroutes_message_path_parent_class)->finalize (object);
}

static void
chatroutes_message_path_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ChatroutesMessagePath *self = CHATROUTES_MESSAGE_PATH (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION_ID:
      g_value_set_string (value, self->conversation_id);
      break;
    case PROP_BRANCH_ID:
      g_value_set_string (value, self->branch_id);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_BRANCH_START:
      g_value_set_uint (value, self->branch_start);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_message_path_class_init (ChatroutesMessagePathClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chatroutes_message_path_dispose;
  object_class->finalize = chatroutes_message_path_finalize;
  object_class->get_property = chatroutes_message_path_get_property;

  properties[PROP_CONVERSATION_ID] =
    g_param_spec_string ("conversation-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRANCH_ID] =
    g_param_spec_string ("branch-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BRANCH_START] =
    g_param_spec_uint ("branch-start", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
chatroutes_message_path_init (ChatroutesMessagePath *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->continued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ChatroutesMessagePath *
chatroutes_message_path_new (ChatroutesService *service,
                             const char        *conversation_id)
{
  ChatroutesMessagePath *self;

  g_return_val_if_fail (CHATROUTES_IS_SERVICE (service), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);

  self = g_object_new (CHATROUTES_TYPE_MESSAGE_PATH, NULL);
  self->service = g_object_ref (service);
  self->conversation_id = g_strdup (conversation_id);
  return self;
}

const char *
chatroutes_message_path_get_conversation_id (ChatroutesMessagePath *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), NULL);
  return self->conversation_id;
}

const char *
chatroutes_message_path_get_branch_id (ChatroutesMessagePath *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), NULL);
  return self->branch_id;
}

gboolean
chatroutes_message_path_get_loading (ChatroutesMessagePath *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), FALSE);
  return self->cancellable != NULL;
}

const GError *
chatroutes_message_path_get_error (ChatroutesMessagePath *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), NULL);
  return self->error;
}

guint
chatroutes_message_path_get_branch_start (ChatroutesMessagePath *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), 0);
  return self->branch_start;
}

/* Composition */

static gint
find_message (GListModel *messages,
              const char *message_id)
{
  guint n = g_list_model_get_n_items (messages);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesMessage) message = g_list_model_get_item (messages, i);

      if (g_strcmp0 (chatroutes_message_get_id (message), message_id) == 0)
        return (gint) i;
    }
  return -1;
}

GPtrArray *
chatroutes_message_path_compose (GPtrArray *path,
                                 GPtrArray *messages,
                                 guint     *branch_start)
{
  g_autofree guint *take = NULL;
  g_autoptr(GHashTable) seen = NULL;
  GPtrArray *result;
  const char *cut;
  guint last;

  g_return_val_if_fail (path != NULL && path->len > 0, NULL);
  g_return_val_if_fail (messages != NULL && messages->len == path->len, NULL);

  /* How many messages to take from each branch, walking up from the end:
   * an ancestor contributes up to the message the branch below forks at.
   * When that message is not on the ancestor (it forks further up), the
   * ancestor contributes nothing; with no fork point it contributes all. */
  last = path->len - 1;
  take = g_new0 (guint, path->len);
  take[last] = g_list_model_get_n_items (messages->pdata[last]);
  cut = chatroutes_branch_get_fork_point_message_id (path->pdata[last]);

  for (guint i = last; i > 0; i--)
    {
      GListModel *ancestor = messages->pdata[i - 1];

      if (cut == NULL)
        take[i - 1] = g_list_model_get_n_items (ancestor);
      else
        {
          gint index = find_message (ancestor, cut);
          if (index < 0)
            continue;
          take[i - 1] = index + 1;
        }
      cut = chatroutes_branch_get_fork_point_message_id (path->pdata[i - 1]);
    }

  /* Some servers list a branch's inherited messages too: keep each once. */
  result = g_ptr_array_new_with_free_func (g_object_unref);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  if (branch_start)
    *branch_start = 0;

  for (guint i = 0; i < path->len; i++)
    {
      GListModel *list = messages->pdata[i];

      if (i == last && branch_start)
        *branch_start = result->len;

      for (guint j = 0; j < take[i]; j++)
        {
          ChatroutesMessage *message = g_list_model_get_item (list, j);
          const char *id = chatroutes_message_get_id (message);

          if (id != NULL && !g_hash_table_add (seen, (gpointer) id))
            {
              g_object_unref (message);
              continue;
            }
          g_ptr_array_add (result, message);
        }
    }

  return result;
}

/* Loading */

static void
set_items (ChatroutesMessagePath *self,
           GPtrArray             *items, /* owned */
           guint                  branch_start)
{
  guint old_len = self->items->len;
  guint old_start = self->branch_start;

  g_ptr_array_unref (self->items);
  self->items = items;
  self->branch_start = branch_start;

  if (old_len > 0 || items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, items->len);
  if (old_len != items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (old_start != branch_start)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRANCH_START]);
}

static void
finish_load (ChatroutesMessagePath *self,
             GError                *error) /* owned, nullable */
{
  gboolean had_error = self->error != NULL;

  clear_load (self);
  g_clear_error (&self->error);
  self->error = error;

  g_object_freeze_notify (G_OBJECT (self));
  if (had_error || error)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
unref_if_set (gpointer object)
{
  if (object)
    g_object_unref (object);
}

typedef struct
{
  ChatroutesMessagePath *self;
  GCancellable *cancellable;
  guint index;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->self);
  g_object_unref (fetch->cancellable);
  g_free (fetch);
}

/* Where an ancestor has more messages than the path shows: the fork
 * point of the branch below it, when it is not the ancestor's last. */
static void
record_continuations (ChatroutesMessagePath *self)
{
  g_hash_table_remove_all (self->continued);

  for (guint i = 0; i + 1 < self->path->len; i++)
    {
      GListModel *ancestor = self->fetched->pdata[i];
      const char *cut = chatroutes_branch_get_fork_point_message_id (self->path->pdata[i + 1]);
      gint index;

      if (cut == NULL)
        continue;
      index = find_message (ancestor, cut);
      if (index >= 0 && (guint) index + 1 < g_list_model_get_n_items (ancestor))
        g_hash_table_add (self->continued, g_strdup (cut));
    }
}

static void compose_fetched (ChatroutesMessagePath *self);

static void
messages_fetched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  Fetch *fetch = data;
  ChatroutesMessagePath *self = fetch->self;
  g_autoptr(GListModel) messages = NULL;
  GError *error = NULL;

  messages = chatroutes_service_list_branch_messages_finish (CHATROUTES_SERVICE (object), result, &error);

  /* A newer load replaced this one. */
  if (fetch->cancellable != self->cancellable)
    {
      g_clear_error (&error);
      fetch_free (fetch);
      return;
    }

  if (messages == NULL)
    {
      finish_load (self, error);
      fetch_free (fetch);
      return;
    }

  if (self->cache)
    g_hash_table_replace (self->cache,
                          g_strdup (chatroutes_branch_get_id (self->path->pdata[fetch->index])),
                          g_object_ref (messages));
  g_ptr_array_index (self->fetched, fetch->index) = g_steal_pointer (&messages);
  if (--self->pending == 0)
    compose_fetched (self);
  fetch_free (fetch);
}

/* Every branch of the path was known already: composed from an idle, as
 * if fetched, so a load always finishes after it returned. */
static gboolean
compose_cached_cb (gpointer data)
{
  ChatroutesMessagePath *self = data;

  self->compose_id = 0;
  compose_fetched (self);
  return G_SOURCE_REMOVE;
}

static void
compose_fetched (ChatroutesMessagePath *self)
{
  guint branch_start;
  GPtrArray *items = chatroutes_message_path_compose (self->path, self->fetched, &branch_start);

  record_continuations (self);
  set_items (self, items, branch_start);
  finish_load (self, NULL);
}

static void
main_messages_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  Fetch *fetch = data;
  ChatroutesMessagePath *self = fetch->self;
  g_autoptr(GListModel) messages = NULL;
  GError *error = NULL;

  messages = chatroutes_service_list_messages_finish (CHATROUTES_SERVICE (object), result, &error);

  if (fetch->cancellable != self->cancellable)
    g_clear_error (&error);
  else if (messages == NULL)
    finish_load (self, error);
  else
    {
      GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
      guint n = g_list_model_get_n_items (messages);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, g_list_model_get_item (messages, i));
      g_hash_table_remove_all (self->continued);
      set_items (self, items, 0);
      finish_load (self, NULL);
    }
  fetch_free (fetch);
}

static Fetch *
fetch_new (ChatroutesMessagePath *self,
           guint                  index)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->self = g_object_ref (self);
  fetch->cancellable = g_object_ref (self->cancellable);
  fetch->index = index;
  return fetch;
}

static void
fetch_path (ChatroutesMessagePath *self)
{
  ChatroutesBranch *target;

  target = self->branch_id ? chatroutes_branch_tree_lookup (self->tree, self->branch_id)
                           : chatroutes_branch_tree_get_main (self->tree);

  if (target == NULL && self->branch_id == NULL)
    {
      /* No branches listed: the conversation's plain message list. */
      chatroutes_service_list_messages_async (self->service, self->conversation_id, NULL,
                                              self->cancellable, main_messages_cb,
                                              fetch_new (self, 0));
      return;
    }

  if (target == NULL)
    {
      finish_load (self, g_error_new (CHATROUTES_ERROR, CHATROUTES_ERROR_NOT_FOUND,
                                      "This conversation has no branch “%s”.", self->branch_id));
      return;
    }

  self->path = chatroutes_branch_tree_dup_path (self->tree, chatroutes_branch_get_id (target));
  self->fetched = g_ptr_array_new_full (self->path->len, unref_if_set);
  g_ptr_array_set_size (self->fetched, self->path->len);
  self->pending = self->path->len;

  for (guint i = 0; i < self->path->len; i++)
    {
      const char *id = chatroutes_branch_get_id (self->path->pdata[i]);
      GListModel *known = self->cache ? g_hash_table_lookup (self->cache, id) : NULL;

      /* An ancestor read for another branch of the conversation. */
      if (known != NULL)
        {
          g_ptr_array_index (self->fetched, i) = g_object_ref (known);
          self->pending--;
          continue;
        }
      chatroutes_service_list_branch_messages_async (self->service, self->conversation_id, id,
                                                     self->cancellable, messages_fetched_cb,
                                                     fetch_new (self, i));
    }

  if (self->pending == 0)
    self->compose_id = g_idle_add (compose_cached_cb, self);
}

static void
tree_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  Fetch *fetch = data;
  ChatroutesMessagePath *self = fetch->self;
  GError *error = NULL;

  if (!chatroutes_branch_tree_load_finish (CHATROUTES_BRANCH_TREE (object), result, &error))
    {
      if (fetch->cancellable == self->cancellable)
        finish_load (self, error);
      else
        g_clear_error (&error);
    }
  else if (fetch->cancellable == self->cancellable)
    fetch_path (self);

  fetch_free (fetch);
}

void
chatroutes_message_path_load (ChatroutesMessagePath *self,
                              ChatroutesBranchTree  *tree,
                              const char            *branch_id)
{
  gboolean known;

  g_return_if_fail (CHATROUTES_IS_MESSAGE_PATH (self));
  g_return_if_fail (tree == NULL || CHATROUTES_IS_BRANCH_TREE (tree));

  clear_load (self);

  if (g_strcmp0 (self->branch_id, branch_id) != 0)
    {
      g_free (self->branch_id);
      self->branch_id = g_strdup (branch_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRANCH_ID]);
    }

  if (tree != NULL)
    g_set_object (&self->tree, tree);
  else if (self->tree == NULL)
    self->tree = chatroutes_branch_tree_new ();

  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  known = branch_id ? chatroutes_branch_tree_lookup (self->tree, branch_id) != NULL
                    : chatroutes_branch_tree_get_main (self->tree) != NULL;
  if (known)
    fetch_path (self);
  else
    chatroutes_branch_tree_load_async (self->tree, self->service, self->conversation_id,
                                       self->cancellable, tree_loaded_cb, fetch_new (self, 0));
}

void
chatroutes_message_path_reload (ChatroutesMessagePath *self)
{
  g_autofree char *branch_id = NULL;

  g_return_if_fail (CHATROUTES_IS_MESSAGE_PATH (self));

  branch_id = g_strdup (self->branch_id);
  forget_cached (self);
  chatroutes_message_path_load (self, self->tree, branch_id);
}

/**
 * chatroutes_message_path_set_cache:
 * @self: a path
 * @cache: (nullable): branch id → GListModel of the branch's messages,
 *   shared by the paths of one conversation
 *
 * Paths that share a cache fetch each branch's messages once: switching to
 * another branch fetches only the branches not read yet. Any change made
 * here (a message sent, edited or deleted) and every reload empty it.
 */
void
chatroutes_message_path_set_cache (ChatroutesMessagePath *self,
                                   GHashTable            *cache)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE_PATH (self));

  if (cache)
    g_hash_table_ref (cache);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  self->cache = cache;
}

/* Local changes: what was fetched for the branches of the conversation no
 * longer matches the service, so it is read again next time. */

void
chatroutes_message_path_append (ChatroutesMessagePath *self,
                                ChatroutesMessage     *message)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE_PATH (self));
  g_return_if_fail (CHATROUTES_IS_MESSAGE (message));

  forget_cached (self);
  g_ptr_array_add (self->items, g_object_ref (message));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

gboolean
chatroutes_message_path_find (ChatroutesMessagePath *self,
                              const char            *message_id,
                              guint                 *position)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), FALSE);

  if (message_id == NULL)
    return FALSE;

  /* Recent messages are the ones looked for: search from the end. */
  for (guint i = self->items->len; i > 0; i--)
    {
      if (g_strcmp0 (chatroutes_message_get_id (self->items->pdata[i - 1]), message_id) == 0)
        {
          if (position)
            *position = i - 1;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
chatroutes_message_path_replace (ChatroutesMessagePath *self,
                                 guint                  position,
                                 ChatroutesMessage     *message)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), FALSE);
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (message), FALSE);

  if (position >= self->items->len)
    return FALSE;

  forget_cached (self);
  g_object_unref (self->items->pdata[position]);
  self->items->pdata[position] = g_object_ref (message);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  return TRUE;
}

gboolean
chatroutes_message_path_remove (ChatroutesMessagePath *self,
                                guint                  position)
{
  gboolean moves_start;

  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), FALSE);

  if (position >= self->items->len)
    return FALSE;

  forget_cached (self);
  moves_start = position < self->branch_start;
  g_ptr_array_remove_index (self->items, position);
  if (moves_start)
    self->branch_start--;

  /* Views learn of the removal before a position that counts it. */
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  if (moves_start)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRANCH_START]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

gboolean
chatroutes_message_path_continues_after (ChatroutesMessagePath *self,
                                         const char            *message_id)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), FALSE);

  return message_id != NULL && g_hash_table_contains (self->continued, message_id);
}

ChatroutesBranchTree *
chatroutes_message_path_get_tree (ChatroutesMessagePath *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_PATH (self), NULL);
  return self->tree;
}
