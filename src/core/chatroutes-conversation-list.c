/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include "chatroutes-conversation-list.h"

struct _ChatroutesConversationList
{
  GObject parent_instance;

  ChatroutesService *service;
  ChatroutesConversationFilter filter;
  guint page_size;

  GPtrArray *items;          /* ChatroutesConversation */
  GHashTable *ids;           /* id → TRUE, to skip items a shifted page repeats */
  guint next_page;
  gint64 total;
  gboolean has_more;
  gboolean loaded;
  GError *error;

  GCancellable *cancellable; /* the page in flight, if any */
  guint load_more_idle;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChatroutesConversationList, chatroutes_conversation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_FILTER,
  PROP_PAGE_SIZE,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_LOADED,
  PROP_TOTAL,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel */

static GType
list_get_item_type (GListModel *model)
{
  return CHATROUTES_TYPE_CONVERSATION;
}

static guint
list_get_n_items (GListModel *model)
{
  return CHATROUTES_CONVERSATION_LIST (model)->items->len;
}

static gboolean
load_more_idle_cb (gpointer data)
{
  ChatroutesConversationList *self = data;

  self->load_more_idle = 0;
  chatroutes_conversation_list_load_more (self);
  return G_SOURCE_REMOVE;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  ChatroutesConversationList *self = CHATROUTES_CONVERSATION_LIST (model);

  if (position >= self->items->len)
    return NULL;

  /* A view asking for the last rows is about to show them: fetch the next
   * page now, from an idle, since items must not change during this call. */
  if (self->has_more && self->cancellable == NULL && self->error == NULL &&
      self->load_more_idle == 0 &&
      position + MAX (self->page_size / 2, 1) >= self->items->len)
    self->load_more_idle = g_idle_add (load_more_idle_cb, self);

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* GObject */

static void
chatroutes_conversation_list_dispose (GObject *object)
{
  ChatroutesConversationList *self = (ChatroutesConversationList *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->load_more_idle, g_source_remove);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (chatroutes_conversation_list_parent_class)->dispose (object);
}

static void
chatroutes_conversation_list_finalize (GObject *object)
{
  ChatroutesConversationList *self = (ChatroutesConversationList *)object;

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->ids);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (chatroutes_conversation_list_parent_class)->finalize (object);
}

static void
chatroutes_conversation_list_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  ChatroutesConversationList *self = CHATROUTES_CONVERSATION_LIST (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_FILTER:
      g_value_set_enum (value, self->filter);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_conversation_list_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  ChatroutesConversationList *self = CHATROUTES_CONVERSATION_LIST (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      chatroutes_conversation_list_set_filter (self, g_value_get_enum (value));
      break;
    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_conversation_list_class_init (ChatroutesConversationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chatroutes_conversation_list_dispose;
  object_class->finalize = chatroutes_conversation_list_finalize;
  object_class->get_property = chatroutes_conversation_list_get_property;
  object_class->set_property = chatroutes_conversation_list_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, CHATROUTES_TYPE_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL, CHATROUTES_TYPE_CONVERSATION_FILTER,
                       CHATROUTES_CONVERSATION_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 100, 30,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
chatroutes_conversation_list_init (ChatroutesConversationList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->page_size = 30;
  self->next_page = 1;
  self->has_more = TRUE;
  self->total = -1;
}

ChatroutesConversationList *
chatroutes_conversation_list_new (ChatroutesService            *service,
                                  ChatroutesConversationFilter  filter,
                                  guint                         page_size)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (service), NULL);

  return g_object_new (CHATROUTES_TYPE_CONVERSATION_LIST,
                       "service", service,
                       "filter", filter,
                       "page-size", CLAMP (page_size, 1, 100),
                       NULL);
}

/* Getters */

ChatroutesService *
chatroutes_conversation_list_get_service (ChatroutesConversationList *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), NULL);
  return self->service;
}

ChatroutesConversationFilter
chatroutes_conversation_list_get_filter (ChatroutesConversationList *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), 0);
  return self->filter;
}

guint
chatroutes_conversation_list_get_page_size (ChatroutesConversationList *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), 0);
  return self->page_size;
}

gboolean
chatroutes_conversation_list_get_loading (ChatroutesConversationList *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), FALSE);
  return self->cancellable != NULL;
}

gboolean
chatroutes_conversation_list_get_has_more (ChatroutesConversationList *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), FALSE);
  return self->has_more;
}

gboolean
chatroutes_conversation_list_get_loaded (ChatroutesConversationList *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), FALSE);
  return self->loaded;
}

gint64
chatroutes_conversation_list_get_total (ChatroutesConversationList *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), -1);
  return self->total;
}

const GError *
chatroutes_conversation_list_get_error (ChatroutesConversationList *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), NULL);
  return self->error;
}

/* Loading */

static void
set_error (ChatroutesConversationList *self,
           GError                     *error) /* owned */
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(ChatroutesConversationList) self = data;
  g_autoptr(ChatroutesConversationPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *conversations;
  guint n, added = 0, old_len;
  gboolean had_more = self->has_more;
  gint64 old_total = self->total;
  gboolean was_loaded = self->loaded;

  page = chatroutes_service_list_conversations_finish (CHATROUTES_SERVICE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (page == NULL)
    {
      set_error (self, g_steal_pointer (&error));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  set_error (self, NULL);
  conversations = chatroutes_conversation_page_get_conversations (page);
  n = g_list_model_get_n_items (conversations);
  old_len = self->items->len;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (conversations, i);
      const char *id = chatroutes_conversation_get_id (conversation);

      /* Items created meanwhile shift the pages; skip what we already have. */
      if (id == NULL || g_hash_table_contains (self->ids, id))
        continue;
      g_hash_table_add (self->ids, g_strdup (id));
      g_ptr_array_add (self->items, g_steal_pointer (&conversation));
      added++;
    }

  self->next_page++;
  self->has_more = chatroutes_conversation_page_get_has_next (page) && n > 0;
  self->total = chatroutes_conversation_page_get_total (page);
  self->loaded = TRUE;

  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, added);

  g_object_freeze_notify (G_OBJECT (self));
  if (added > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (had_more != self->has_more)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
  if (old_total != self->total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  if (!was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
chatroutes_conversation_list_load_more (ChatroutesConversationList *self)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self));

  if (self->cancellable != NULL || !self->has_more)
    return;

  self->cancellable = g_cancellable_new ();
  chatroutes_service_list_conversations_async (self->service, self->next_page, self->page_size,
                                               self->filter, self->cancellable,
                                               page_loaded_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
chatroutes_conversation_list_reload (ChatroutesConversationList *self)
{
  guint old_len;
  gboolean was_loaded;
  gboolean had_more;

  g_return_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self));

  if (self->cancellable)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_handle_id (&self->load_more_idle, g_source_remove);

  old_len = self->items->len;
  was_loaded = self->loaded;
  had_more = self->has_more;
  g_ptr_array_set_size (self->items, 0);
  g_hash_table_remove_all (self->ids);
  self->next_page = 1;
  self->has_more = TRUE;
  self->loaded = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  set_error (self, NULL);

  if (old_len > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  if (!had_more)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);

  chatroutes_conversation_list_load_more (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
chatroutes_conversation_list_set_filter (ChatroutesConversationList   *self,
                                         ChatroutesConversationFilter  filter)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self));

  if (self->filter == filter)
    return;

  self->filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);

  /* Only reload once someone has started loading: not while constructing. */
  if (self->service != NULL && (self->loaded || self->cancellable))
    chatroutes_conversation_list_reload (self);
}

/* Local edits */

void
chatroutes_conversation_list_insert (ChatroutesConversationList *self,
                                     guint                       position,
                                     ChatroutesConversation     *conversation)
{
  const char *id;

  g_return_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self));
  g_return_if_fail (CHATROUTES_IS_CONVERSATION (conversation));

  id = chatroutes_conversation_get_id (conversation);
  if (id != NULL && g_hash_table_contains (self->ids, id))
    return;
  if (id != NULL)
    g_hash_table_add (self->ids, g_strdup (id));

  position = MIN (position, self->items->len);
  g_ptr_array_insert (self->items, position, g_object_ref (conversation));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
chatroutes_conversation_list_prepend (ChatroutesConversationList *self,
                                      ChatroutesConversation     *conversation)
{
  chatroutes_conversation_list_insert (self, 0, conversation);
}

gboolean
chatroutes_conversation_list_find (ChatroutesConversationList *self,
                                   const char                 *conversation_id,
                                   guint                      *position)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), FALSE);

  if (conversation_id == NULL || !g_hash_table_contains (self->ids, conversation_id))
    return FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      ChatroutesConversation *conversation = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (chatroutes_conversation_get_id (conversation), conversation_id) == 0)
        {
          if (position)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

ChatroutesConversation *
chatroutes_conversation_list_remove (ChatroutesConversationList *self,
                                     const char                 *conversation_id)
{
  guint position;
  ChatroutesConversation *removed;

  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_LIST (self), NULL);

  if (!chatroutes_conversation_list_find (self, conversation_id, &position))
    return NULL;

  removed = g_ptr_array_steal_index (self->items, position);
  g_hash_table_remove (self->ids, conversation_id);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return removed;
}
