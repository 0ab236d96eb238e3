/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-sidebar.h"
#include "chatroutes-sidebar-resources.h"
#include "chatroutes-sidebar-row.h"

#define SIDEBAR_PAGE_SIZE 30

struct _ChatroutesSidebar
{
  AdwBin parent_instance;

  ChatroutesService *service;
  ChatroutesConversationList *list;
  GtkFilterListModel *filter_model;
  GtkStringFilter *string_filter;
  GtkSingleSelection *selection;
  GCancellable *cancellable;

  char *default_model;
  char *selected_id;
  gboolean search_mode;

  /* Rows alive in the list view (unowned), so their times can be refreshed. */
  GPtrArray *rows;
  guint clock_source;
  guint reselect_idle;
  guint hide_pending_idle;
  /* Conversations removed locally whose deletion waits on a toast:
   * id → PendingDelete. */
  GHashTable *pending_deletes;
  gboolean updating_selection;
  gboolean load_error_shown;

  AdwToastOverlay *toast_overlay;
  GtkMenuButton *menu_button;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  AdwToggleGroup *filter_group;
  GtkStack *stack;
  AdwStatusPage *error_page;
  AdwStatusPage *empty_page;
  GtkListView *list_view;
  GtkRevealer *loading_more_revealer;
};

G_DEFINE_FINAL_TYPE (ChatroutesSidebar, chatroutes_sidebar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_LIST,
  PROP_DEFAULT_MODEL,
  PROP_SELECTED_ID,
  PROP_SEARCH_MODE,
  PROP_MENU_MODEL,
  N_PROPS
};

enum {
  CONVERSATION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A deletion waiting for its toast to go away. It holds what it needs to
 * finish even when the sidebar is gone by then. */
typedef struct
{
  GWeakRef sidebar;
  ChatroutesService *service;
  ChatroutesConversationList *list;
  ChatroutesConversation *conversation;
  char *id;
  guint position;
  gboolean was_selected;
  gboolean undone;
} PendingDelete;

static void
pending_delete_free (PendingDelete *pending)
{
  g_weak_ref_clear (&pending->sidebar);
  g_clear_object (&pending->service);
  g_clear_object (&pending->list);
  g_clear_object (&pending->conversation);
  g_free (pending->id);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PendingDelete, pending_delete_free)

/* Toasts */

static AdwToastOverlay *
get_toast_overlay (ChatroutesSidebar *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkWidget *ancestor = NULL;

  if (parent != NULL)
    ancestor = gtk_widget_get_ancestor (parent, ADW_TYPE_TOAST_OVERLAY);
  if (ancestor != NULL)
    return ADW_TOAST_OVERLAY (ancestor);
  return self->toast_overlay;
}

static void
show_toast (ChatroutesSidebar *self,
            AdwToast          *toast) /* owned */
{
  adw_toast_overlay_add_toast (get_toast_overlay (self), toast);
}

static void
show_error_toast (ChatroutesSidebar *self,
                  const char        *what,
                  const GError      *error)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", what, error->message);
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_use_markup (toast, FALSE);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  show_toast (self, toast);
}

/* Selection */

static gboolean
find_in_view (ChatroutesSidebar *self,
              const char        *id,
              guint             *position)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);
  guint n = g_list_model_get_n_items (model);

  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (model, i);

      if (g_strcmp0 (chatroutes_conversation_get_id (conversation), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Makes the view's selection show selected-id, when it is in view. */
static void
sync_selection (ChatroutesSidebar *self)
{
  ChatroutesConversation *current = gtk_single_selection_get_selected_item (self->selection);
  guint position;

  if (current != NULL && g_strcmp0 (chatroutes_conversation_get_id (current), self->selected_id) == 0)
    return;

  self->updating_selection = TRUE;
  if (find_in_view (self, self->selected_id, &position))
    gtk_single_selection_set_selected (self->selection, position);
  else
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->updating_selection = FALSE;
}

static void
set_selected_id_internal (ChatroutesSidebar *self,
                          const char        *id)
{
  if (g_set_str (&self->selected_id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static gboolean
reselect_idle_cb (gpointer data)
{
  ChatroutesSidebar *self = data;

  self->reselect_idle = 0;
  sync_selection (self);
  return G_SOURCE_REMOVE;
}

static void
queue_sync_selection (ChatroutesSidebar *self)
{
  if (self->reselect_idle == 0 && self->selected_id != NULL)
    self->reselect_idle = g_idle_add (reselect_idle_cb, self);
}

static void
activate_conversation (ChatroutesSidebar      *self,
                       ChatroutesConversation *conversation)
{
  set_selected_id_internal (self, chatroutes_conversation_get_id (conversation));
  sync_selection (self);
  g_signal_emit (self, signals[CONVERSATION_ACTIVATED], 0, conversation);
}

static void
on_selection_changed (ChatroutesSidebar *self)
{
  ChatroutesConversation *conversation;

  if (self->updating_selection)
    return;

  /* A selection lost to a search or a reload is not the user's choice:
   * selected-id stays, and comes back when the row does. */
  conversation = gtk_single_selection_get_selected_item (self->selection);
  if (conversation == NULL)
    return;

  if (g_strcmp0 (chatroutes_conversation_get_id (conversation), self->selected_id) != 0)
    activate_conversation (self, conversation);
}

static void
on_list_activate (ChatroutesSidebar *self,
                  guint              position)
{
  g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (conversation != NULL)
    activate_conversation (self, conversation);
}

/* State */

static gboolean
is_searching (ChatroutesSidebar *self)
{
  const char *search = gtk_string_filter_get_search (self->string_filter);

  return search != NULL && search[0] != '\0';
}

/* While searching every conversation must be able to match: keep fetching. */
static void
maybe_fetch_for_search (ChatroutesSidebar *self)
{
  if (is_searching (self) &&
      chatroutes_conversation_list_get_loaded (self->list) &&
      chatroutes_conversation_list_get_has_more (self->list) &&
      !chatroutes_conversation_list_get_loading (self->list) &&
      chatroutes_conversation_list_get_error (self->list) == NULL)
    chatroutes_conversation_list_load_more (self->list);
}

static void
update_state (ChatroutesSidebar *self)
{
  ChatroutesConversationList *list = self->list;
  const GError *error = chatroutes_conversation_list_get_error (list);
  gboolean loaded = chatroutes_conversation_list_get_loaded (list);
  gboolean loading = chatroutes_conversation_list_get_loading (list);
  gboolean has_more = chatroutes_conversation_list_get_has_more (list);
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  const char *page;

  if (error != NULL && n_total == 0)
    {
      adw_status_page_set_description (self->error_page, error->message);
      page = "error";
    }
  else if (!loaded && n_total == 0)
    page = "loading";
  else if (n_total == 0 && !loading)
    page = "empty";
  else if (is_searching (self) && n_shown == 0)
    page = (loading || (has_more && error == NULL)) ? "loading" : "no-results";
  else
    page = "list";

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_revealer_set_reveal_child (self->loading_more_revealer, loaded && loading);
}

static void
on_load_more_retry (ChatroutesSidebar *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sidebar.load-more", NULL);
}

static void
on_list_error_changed (ChatroutesSidebar *self)
{
  const GError *error = chatroutes_conversation_list_get_error (self->list);

  if (error == NULL)
    {
      self->load_error_shown = FALSE;
      return;
    }

  /* A failure past the first page leaves the list usable: say so in a
   * toast that can retry, once per failure. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0 && !self->load_error_shown)
    {
      AdwToast *toast = adw_toast_new (_("Could not load more conversations"));

      self->load_error_shown = TRUE;
      adw_toast_set_button_label (toast, _("_Retry"));
      /* The toast is shown outside the sidebar, where its actions are not
       * found: the button calls back instead. */
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_load_more_retry),
                               self, G_CONNECT_SWAPPED);
      show_toast (self, toast);
    }
}

static void
on_list_state_changed (ChatroutesSidebar *self)
{
  update_state (self);
  maybe_fetch_for_search (self);
}

/* A reload can bring back a conversation whose deletion is waiting on its
 * toast; keep it out of the list until then. Done from an idle: a model
 * must not change while it tells others it changed. */
static gboolean
hide_pending_idle_cb (gpointer data)
{
  ChatroutesSidebar *self = data;
  GHashTableIter iter;
  const char *id;

  self->hide_pending_idle = 0;
  g_hash_table_iter_init (&iter, self->pending_deletes);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      g_autoptr(ChatroutesConversation) gone = chatroutes_conversation_list_remove (self->list, id);
    }
  return G_SOURCE_REMOVE;
}

static void
on_list_items_changed (ChatroutesSidebar *self,
                       guint              position,
                       guint              removed,
                       guint              added)
{
  if (added > 0 && g_hash_table_size (self->pending_deletes) > 0 && self->hide_pending_idle == 0)
    self->hide_pending_idle = g_idle_add (hide_pending_idle_cb, self);
}

static void
on_filter_items_changed (ChatroutesSidebar *self)
{
  update_state (self);
  queue_sync_selection (self);
}

/* Search and filter */

static void
on_search_changed (ChatroutesSidebar *self,
                   GtkSearchEntry    *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  gtk_string_filter_set_search (self->string_filter, text[0] ? text : NULL);
  maybe_fetch_for_search (self);
  update_state (self);
}

static void
on_stop_search (ChatroutesSidebar *self)
{
  chatroutes_sidebar_set_search_mode (self, FALSE);
}

static void
on_filter_changed (ChatroutesSidebar *self)
{
  const char *name = adw_toggle_group_get_active_name (self->filter_group);
  ChatroutesConversationFilter filter = CHATROUTES_CONVERSATION_FILTER_ALL;

  if (g_strcmp0 (name, "owned") == 0)
    filter = CHATROUTES_CONVERSATION_FILTER_OWNED;
  else if (g_strcmp0 (name, "shared") == 0)
    filter = CHATROUTES_CONVERSATION_FILTER_SHARED;

  if (self->list != NULL)
    chatroutes_conversation_list_set_filter (self->list, filter);
}

static void
sync_filter_group (ChatroutesSidebar *self)
{
  const char *name = "all";

  switch (chatroutes_conversation_list_get_filter (self->list))
    {
    case CHATROUTES_CONVERSATION_FILTER_OWNED:
      name = "owned";
      break;
    case CHATROUTES_CONVERSATION_FILTER_SHARED:
      name = "shared";
      break;
    case CHATROUTES_CONVERSATION_FILTER_ALL:
    default:
      break;
    }
  if (g_strcmp0 (adw_toggle_group_get_active_name (self->filter_group), name) != 0)
    adw_toggle_group_set_active_name (self->filter_group, name);
}

/* Rows */

static void
refresh_row_times (ChatroutesSidebar *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint i = 0; i < self->rows->len; i++)
    chatroutes_sidebar_row_update_time (self->rows->pdata[i], now);
}

static gboolean
clock_cb (gpointer data)
{
  refresh_row_times (data);
  return G_SOURCE_CONTINUE;
}

static void
factory_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               ChatroutesSidebar        *self)
{
  GtkWidget *row = chatroutes_sidebar_row_new (list_item);

  gtk_list_item_set_child (list_item, row);
  g_ptr_array_add (self->rows, row);
}

static void
factory_teardown (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  ChatroutesSidebar        *self)
{
  GtkWidget *row = gtk_list_item_get_child (list_item);

  if (row != NULL)
    g_ptr_array_remove_fast (self->rows, row);
}

static void
factory_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              ChatroutesSidebar        *self)
{
  chatroutes_sidebar_row_set_conversation (CHATROUTES_SIDEBAR_ROW (gtk_list_item_get_child (list_item)),
                                           gtk_list_item_get_item (list_item));
}

static void
factory_unbind (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                ChatroutesSidebar        *self)
{
  chatroutes_sidebar_row_set_conversation (CHATROUTES_SIDEBAR_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* Dialogs */

static GtkWidget *
make_title_entry (const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"),
                                  -1);
  return entry;
}

static char *
dup_entry_title (AdwAlertDialog *dialog)
{
  GtkWidget *entry = adw_alert_dialog_get_extra_child (dialog);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
on_title_entry_changed (GtkEditable    *entry,
                        AdwAlertDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *response = adw_alert_dialog_get_default_response (dialog);

  adw_alert_dialog_set_response_enabled (dialog, response, text[0] != '\0');
}

static AdwAlertDialog *
make_title_dialog (const char *heading,
                   const char *text,
                   const char *response,
                   const char *response_label)
{
  AdwAlertDialog *dialog = ADW_ALERT_DIALOG (adw_alert_dialog_new (heading, NULL));
  GtkWidget *entry = make_title_entry (text);

  adw_alert_dialog_add_responses (dialog,
                                  "cancel", _("_Cancel"),
                                  response, response_label,
                                  NULL);
  adw_alert_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (dialog, response);
  adw_alert_dialog_set_close_response (dialog, "cancel");
  adw_alert_dialog_set_extra_child (dialog, entry);
  adw_dialog_set_focus (ADW_DIALOG (dialog), entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_title_entry_changed), dialog, 0);
  on_title_entry_changed (GTK_EDITABLE (entry), dialog);
  return dialog;
}

/* New conversation */

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(ChatroutesSidebar) self = data;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  conversation = chatroutes_service_create_conversation_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (conversation == NULL)
    {
      show_error_toast (self, _("Could not create the conversation"), error);
      return;
    }

  /* The new conversation is one's own: make sure the view can show it. */
  if (chatroutes_conversation_list_get_filter (self->list) == CHATROUTES_CONVERSATION_FILTER_SHARED)
    adw_toggle_group_set_active_name (self->filter_group, "all");
  if (is_searching (self))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  chatroutes_conversation_list_prepend (self->list, conversation);
  activate_conversation (self, conversation);
  gtk_list_view_scroll_to (self->list_view, 0, GTK_LIST_SCROLL_NONE, NULL);
}

static void
on_new_response (AdwAlertDialog    *dialog,
                 const char        *response,
                 ChatroutesSidebar *self)
{
  g_autofree char *title = NULL;

  if (g_strcmp0 (response, "create") != 0)
    return;

  title = dup_entry_title (dialog);
  if (title[0] == '\0')
    return;

  chatroutes_service_create_conversation_async (self->service, title, self->default_model,
                                                self->cancellable, create_cb, g_object_ref (self));
}

static void
new_conversation_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (widget);
  AdwAlertDialog *dialog;

  dialog = make_title_dialog (_("New Conversation"), _("New Conversation"),
                              "create", _("C_reate"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_new_response), self, 0);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

/* Rename */

typedef struct
{
  ChatroutesSidebar *self;
  ChatroutesConversation *conversation;
} RenameData;

static void
rename_data_free (RenameData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->conversation);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenameData, rename_data_free)

static void
rename_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RenameData) data = user_data;
  g_autoptr(ChatroutesConversation) updated = NULL;
  g_autoptr(GError) error = NULL;

  updated = chatroutes_service_update_conversation_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (updated == NULL)
    {
      show_error_toast (data->self, _("Could not rename the conversation"), error);
      return;
    }

  chatroutes_conversation_set_title (data->conversation, chatroutes_conversation_get_title (updated));
  if (chatroutes_conversation_get_updated_at (updated) != NULL)
    chatroutes_conversation_set_updated_at (data->conversation, chatroutes_conversation_get_updated_at (updated));
}

static void
on_rename_response (AdwAlertDialog         *dialog,
                    const char             *response,
                    ChatroutesConversation *conversation)
{
  ChatroutesSidebar *self;
  g_autofree char *title = NULL;
  RenameData *data;

  if (g_strcmp0 (response, "rename") != 0)
    return;

  self = g_object_get_data (G_OBJECT (dialog), "chatroutes-sidebar");
  title = dup_entry_title (dialog);
  if (self == NULL || title[0] == '\0' ||
      g_strcmp0 (title, chatroutes_conversation_get_title (conversation)) == 0)
    return;

  data = g_new0 (RenameData, 1);
  data->self = g_object_ref (self);
  data->conversation = g_object_ref (conversation);
  chatroutes_service_update_conversation_async (self->service,
                                                chatroutes_conversation_get_id (conversation),
                                                title, self->cancellable, rename_cb, data);
}

static ChatroutesConversation *
lookup_conversation (ChatroutesSidebar *self,
                     const char        *id,
                     guint             *out_position)
{
  guint position;

  if (!chatroutes_conversation_list_find (self->list, id, &position))
    return NULL;
  if (out_position)
    *out_position = position;
  return g_list_model_get_item (G_LIST_MODEL (self->list), position);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (widget);
  g_autoptr(ChatroutesConversation) conversation = NULL;
  AdwAlertDialog *dialog;

  conversation = lookup_conversation (self, g_variant_get_string (parameter, NULL), NULL);
  if (conversation == NULL)
    return;

  dialog = make_title_dialog (_("Rename Conversation"), chatroutes_conversation_get_title (conversation),
                              "rename", _("_Rename"));
  g_object_set_data_full (G_OBJECT (dialog), "chatroutes-sidebar", g_object_ref (self), g_object_unref);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_rename_response),
                         g_object_ref (conversation), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

/* Delete */

static void
restore_pending (PendingDelete *pending)
{
  g_autoptr(ChatroutesSidebar) self = g_weak_ref_get (&pending->sidebar);

  if (self != NULL)
    g_hash_table_remove (self->pending_deletes, pending->id);

  chatroutes_conversation_list_insert (pending->list, pending->position, pending->conversation);

  if (self != NULL && pending->was_selected && self->selected_id == NULL)
    {
      set_selected_id_internal (self, pending->id);
      sync_selection (self);
    }
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PendingDelete) pending = user_data;
  g_autoptr(ChatroutesSidebar) self = NULL;
  g_autoptr(GError) error = NULL;

  if (chatroutes_service_delete_conversation_finish (CHATROUTES_SERVICE (object), result, &error))
    {
      self = g_weak_ref_get (&pending->sidebar);
      if (self != NULL)
        g_hash_table_remove (self->pending_deletes, pending->id);
      return;
    }

  restore_pending (pending);
  self = g_weak_ref_get (&pending->sidebar);
  if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error_toast (self, _("Could not delete the conversation"), error);
}

static void
on_delete_undo (AdwToast      *toast,
                PendingDelete *pending)
{
  pending->undone = TRUE;
  restore_pending (pending);
}

static void
on_delete_toast_dismissed (AdwToast      *toast,
                           PendingDelete *pending)
{
  PendingDelete *owned;

  if (pending->undone)
    return;

  /* The toast frees its copy when it goes; the request keeps this one. */
  owned = g_new0 (PendingDelete, 1);
  g_weak_ref_init (&owned->sidebar, NULL);
  {
    g_autoptr(GObject) sidebar = g_weak_ref_get (&pending->sidebar);
    g_weak_ref_set (&owned->sidebar, sidebar);
  }
  owned->service = g_object_ref (pending->service);
  owned->list = g_object_ref (pending->list);
  owned->conversation = g_object_ref (pending->conversation);
  owned->id = g_strdup (pending->id);
  owned->position = pending->position;
  owned->was_selected = pending->was_selected;
  pending->undone = TRUE;

  /* Not the sidebar's cancellable: the person asked for the deletion, and
   * closing the window must not take it back. */
  chatroutes_service_delete_conversation_async (owned->service, owned->id, NULL, delete_cb, owned);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(ChatroutesConversation) conversation = NULL;
  PendingDelete *pending;
  AdwToast *toast;
  guint position;

  if (!chatroutes_conversation_list_find (self->list, id, &position))
    return;

  pending = g_new0 (PendingDelete, 1);
  g_weak_ref_init (&pending->sidebar, self);
  pending->service = g_object_ref (self->service);
  pending->list = g_object_ref (self->list);
  pending->id = g_strdup (id);
  pending->position = position;
  pending->was_selected = g_strcmp0 (id, self->selected_id) == 0;
  pending->conversation = chatroutes_conversation_list_remove (self->list, id);
  g_hash_table_add (self->pending_deletes, g_strdup (id));

  if (pending->was_selected)
    set_selected_id_internal (self, NULL);

  toast = adw_toast_new (_("Conversation deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_delete_undo), pending);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed),
                         pending, (GClosureNotify) (void (*) (void)) pending_delete_free, 0);
  show_toast (self, toast);
}

/* Other actions */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (widget);
  g_autoptr(ChatroutesConversation) conversation = NULL;

  conversation = lookup_conversation (self, g_variant_get_string (parameter, NULL), NULL);
  if (conversation != NULL)
    activate_conversation (self, conversation);
}

static void
selected_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (widget);
  ChatroutesConversation *conversation = gtk_single_selection_get_selected_item (self->selection);
  const char *id;

  if (conversation == NULL || (id = chatroutes_conversation_get_id (conversation)) == NULL)
    return;

  gtk_widget_activate_action (widget,
                              g_str_equal (action_name, "sidebar.rename-selected") ? "sidebar.rename" : "sidebar.delete",
                              "s", id);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  chatroutes_conversation_list_reload (CHATROUTES_SIDEBAR (widget)->list);
}

/**
 * chatroutes_sidebar_retry:
 * @self: a sidebar
 *
 * Loads the conversations again if loading them failed, as when the
 * service can be reached again.
 */
void
chatroutes_sidebar_retry (ChatroutesSidebar *self)
{
  g_return_if_fail (CHATROUTES_IS_SIDEBAR (self));

  if (self->list != NULL && chatroutes_conversation_list_get_error (self->list) != NULL)
    chatroutes_conversation_list_reload (self->list);
}

static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  chatroutes_conversation_list_load_more (CHATROUTES_SIDEBAR (widget)->list);
}

/* GObject */

static void
chatroutes_sidebar_constructed (GObject *object)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (object);

  G_OBJECT_CLASS (chatroutes_sidebar_parent_class)->constructed (object);

  if (self->list == NULL)
    {
      g_assert (self->service != NULL);
      self->list = chatroutes_conversation_list_new (self->service, CHATROUTES_CONVERSATION_FILTER_ALL,
                                                     SIDEBAR_PAGE_SIZE);
    }
  if (self->service == NULL)
    self->service = g_object_ref (chatroutes_conversation_list_get_service (self->list));

  sync_filter_group (self);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->list));

  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (on_list_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (on_list_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loaded", G_CALLBACK (on_list_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::has-more", G_CALLBACK (on_list_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::error", G_CALLBACK (on_list_error_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::error", G_CALLBACK (on_list_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::filter", G_CALLBACK (sync_filter_group), self, G_CONNECT_SWAPPED);

  if (!chatroutes_conversation_list_get_loaded (self->list) &&
      !chatroutes_conversation_list_get_loading (self->list))
    chatroutes_conversation_list_reload (self->list);

  update_state (self);
}

static void
chatroutes_sidebar_dispose (GObject *object)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->reselect_idle, g_source_remove);
  g_clear_handle_id (&self->hide_pending_idle, g_source_remove);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  /* The bin drops its child itself; the template must not do it again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHATROUTES_TYPE_SIDEBAR);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->list);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (chatroutes_sidebar_parent_class)->dispose (object);
}

static void
chatroutes_sidebar_finalize (GObject *object)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);
  g_clear_pointer (&self->default_model, g_free);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (chatroutes_sidebar_parent_class)->finalize (object);
}

static void
chatroutes_sidebar_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    case PROP_DEFAULT_MODEL:
      g_value_set_string (value, self->default_model);
      break;

    case PROP_SELECTED_ID:
      g_value_set_string (value, self->selected_id);
      break;

    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, self->search_mode);
      break;

    case PROP_MENU_MODEL:
      g_value_set_object (value, chatroutes_sidebar_get_menu_model (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_sidebar_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ChatroutesSidebar *self = CHATROUTES_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;

    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;

    case PROP_DEFAULT_MODEL:
      chatroutes_sidebar_set_default_model (self, g_value_get_string (value));
      break;

    case PROP_SELECTED_ID:
      chatroutes_sidebar_set_selected_id (self, g_value_get_string (value));
      break;

    case PROP_SEARCH_MODE:
      chatroutes_sidebar_set_search_mode (self, g_value_get_boolean (value));
      break;

    case PROP_MENU_MODEL:
      chatroutes_sidebar_set_menu_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
load_css (void)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      GdkDisplay *display = gdk_display_get_default ();

      if (display != NULL)
        {
          g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

          gtk_css_provider_load_from_resource (provider, "/com/chatroutes/Desktop/sidebar/style.css");
          gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
        }
      g_once_init_leave (&loaded, 1);
    }
}

static void
chatroutes_sidebar_class_init (ChatroutesSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = chatroutes_sidebar_constructed;
  object_class->dispose = chatroutes_sidebar_dispose;
  object_class->finalize = chatroutes_sidebar_finalize;
  object_class->get_property = chatroutes_sidebar_get_property;
  object_class->set_property = chatroutes_sidebar_set_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         CHATROUTES_TYPE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL,
                         CHATROUTES_TYPE_CONVERSATION_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_DEFAULT_MODEL] =
    g_param_spec_string ("default-model", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_MENU_MODEL] =
    g_param_spec_object ("menu-model", NULL, NULL,
                         G_TYPE_MENU_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ChatroutesSidebar::conversation-activated:
   * @conversation: the conversation to show
   */
  signals[CONVERSATION_ACTIVATED] =
    g_signal_new ("conversation-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CHATROUTES_TYPE_CONVERSATION);

  /* Referencing the bundle keeps it (and its registration) linked in. */
  (void) chatroutes_sidebar_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, "/com/chatroutes/Desktop/sidebar/chatroutes-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, filter_group);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, error_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebar, loading_more_revealer);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_action (widget_class, "sidebar.new-conversation", NULL, new_conversation_action);
  gtk_widget_class_install_property_action (widget_class, "sidebar.search", "search-mode");
  gtk_widget_class_install_action (widget_class, "sidebar.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "sidebar.load-more", NULL, load_more_action);
  gtk_widget_class_install_action (widget_class, "sidebar.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "sidebar.rename", "s", rename_action);
  gtk_widget_class_install_action (widget_class, "sidebar.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "sidebar.rename-selected", NULL, selected_action);
  gtk_widget_class_install_action (widget_class, "sidebar.delete-selected", NULL, selected_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "sidebar.new-conversation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "sidebar.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "sidebar.rename-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "sidebar.delete-selected", NULL);

  gtk_widget_class_set_css_name (widget_class, "conversationsidebar");
}

static void
chatroutes_sidebar_init (ChatroutesSidebar *self)
{
  GtkListItemFactory *factory;
  GtkExpression *expression;

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  load_css ();

  expression = gtk_property_expression_new (CHATROUTES_TYPE_CONVERSATION, NULL, "title");
  self->string_filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_ignore_case (self->string_filter, TRUE);
  gtk_string_filter_set_match_mode (self->string_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (self->string_filter));
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (on_filter_items_changed),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (factory_teardown), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  self->clock_source = g_timeout_add_seconds (60, clock_cb, self);
}

GtkWidget *
chatroutes_sidebar_new (ChatroutesService *service)
{
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (service), NULL);

  return g_object_new (CHATROUTES_TYPE_SIDEBAR, "service", service, NULL);
}

ChatroutesService *
chatroutes_sidebar_get_service (ChatroutesSidebar *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SIDEBAR (self), NULL);

  return self->service;
}

ChatroutesConversationList *
chatroutes_sidebar_get_list (ChatroutesSidebar *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SIDEBAR (self), NULL);

  return self->list;
}

const char *
chatroutes_sidebar_get_default_model (ChatroutesSidebar *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SIDEBAR (self), NULL);

  return self->default_model;
}

void
chatroutes_sidebar_set_default_model (ChatroutesSidebar *self,
                                      const char        *model)
{
  g_return_if_fail (CHATROUTES_IS_SIDEBAR (self));

  if (model != NULL && model[0] == '\0')
    model = NULL;
  if (g_set_str (&self->default_model, model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_MODEL]);
}

const char *
chatroutes_sidebar_get_selected_id (ChatroutesSidebar *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SIDEBAR (self), NULL);

  return self->selected_id;
}

void
chatroutes_sidebar_set_selected_id (ChatroutesSidebar *self,
                                    const char        *conversation_id)
{
  g_return_if_fail (CHATROUTES_IS_SIDEBAR (self));

  set_selected_id_internal (self, conversation_id);
  sync_selection (self);
}

gboolean
chatroutes_sidebar_get_search_mode (ChatroutesSidebar *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SIDEBAR (self), FALSE);

  return self->search_mode;
}

void
chatroutes_sidebar_set_search_mode (ChatroutesSidebar *self,
                                    gboolean           search_mode)
{
  g_return_if_fail (CHATROUTES_IS_SIDEBAR (self));

  search_mode = !!search_mode;
  if (self->search_mode == search_mode)
    return;

  self->search_mode = search_mode;
  if (search_mode)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

const char *
chatroutes_sidebar_get_search_text (ChatroutesSidebar *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SIDEBAR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

void
chatroutes_sidebar_set_search_text (ChatroutesSidebar *self,
                                    const char        *text)
{
  g_return_if_fail (CHATROUTES_IS_SIDEBAR (self));

  chatroutes_sidebar_set_search_mode (self, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
}

GMenuModel *
chatroutes_sidebar_get_menu_model (ChatroutesSidebar *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SIDEBAR (self), NULL);

  return gtk_menu_button_get_menu_model (self->menu_button);
}

void
chatroutes_sidebar_set_menu_model (ChatroutesSidebar *self,
                                   GMenuModel        *menu_model)
{
  g_return_if_fail (CHATROUTES_IS_SIDEBAR (self));
  g_return_if_fail (!menu_model || G_IS_MENU_MODEL (menu_model));

  if (chatroutes_sidebar_get_menu_model (self) == menu_model)
    return;

  gtk_menu_button_set_menu_model (self->menu_button, menu_model);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), menu_model != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MENU_MODEL]);
}
