/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-branches"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-branch-dialogs.h"
#include "chatroutes-branch-panel-private.h"
#include "chatroutes-branches-resources.h"

#define SNIPPET_CHARS 60
#define SNIPPET_FETCH_DELAY_MS 300

struct _ChatroutesBranchPanel
{
  AdwBin parent_instance;

  ChatroutesService *service;
  ChatroutesConversation *conversation;
  ChatroutesBranchTree *tree;
  GtkTreeListModel *tree_model;
  GtkNoSelection *selection;
  GCancellable *cancellable;   /* the current conversation's requests */
  GError *error;
  gboolean loading;

  char *active_id;             /* as set; NULL: the main branch */
  char *resolved_id;           /* the active branch's id once known */
  GHashTable *path_ids;        /* ids from the root to the active branch */

  GListModel *messages;        /* what the page shows, for fork points */
  GHashTable *snippets;        /* message id → start of its text */
  GHashTable *fetched;         /* branch ids whose messages were asked for */

  /* Ids of the branches removed locally whose deletion waits on a toast
   * (the branch deleted and those growing from it). */
  GHashTable *pending_deletes;

  GPtrArray *rows;             /* bound rows (unowned) */
  guint refresh_idle;
  guint sync_timeout;
  guint snippet_timeout;
  AdwToast *last_toast;        /* weak: for tests */

  /* Template widgets */
  AdwToastOverlay *local_toasts;
  GtkStack *stack;
  AdwStatusPage *error_page;
  GtkListView *list_view;
  GtkWidget *new_button;
};

G_DEFINE_FINAL_TYPE (ChatroutesBranchPanel, chatroutes_branch_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONVERSATION,
  PROP_ACTIVE_BRANCH_ID,
  PROP_LOADING,
  N_PROPS
};

enum {
  BRANCH_ACTIVATED,
  BRANCH_MERGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void queue_refresh (ChatroutesBranchPanel *self);

/* Toasts */

static void
add_toast (ChatroutesBranchPanel *self,
           AdwToast              *toast) /* owned */
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkWidget *overlay = parent ? gtk_widget_get_ancestor (parent, ADW_TYPE_TOAST_OVERLAY) : NULL;

  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (overlay ? ADW_TOAST_OVERLAY (overlay) : self->local_toasts, toast);
}

static void
show_error_toast (ChatroutesBranchPanel *self,
                  const char            *what,
                  const GError          *error)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  text = g_strdup_printf ("%s: %s", what, error->message);
  toast = adw_toast_new (text);
  adw_toast_set_use_markup (toast, FALSE);
  add_toast (self, toast);
}

/* State */

static void
update_state (ChatroutesBranchPanel *self)
{
  const char *name;

  if (self->conversation == NULL)
    name = "empty";
  else if (self->tree != NULL && g_list_model_get_n_items (chatroutes_branch_tree_get_branches (self->tree)) > 0)
    name = "tree";
  else if (self->loading)
    name = "loading";
  else if (self->error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (self->error->message, -1);

      /* The description is markup; the server's words are not. */
      adw_status_page_set_description (self->error_page, escaped);
      name = "error";
    }
  else
    name = "tree";

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "branches.new", self->conversation != NULL);
}

static void
set_loading (ChatroutesBranchPanel *self,
             gboolean               loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The active path */

static void
update_active_path (ChatroutesBranchPanel *self)
{
  ChatroutesBranch *active = NULL;
  g_autoptr(GPtrArray) path = NULL;

  g_hash_table_remove_all (self->path_ids);
  g_clear_pointer (&self->resolved_id, g_free);

  if (self->tree != NULL)
    {
      active = self->active_id ? chatroutes_branch_tree_lookup (self->tree, self->active_id)
                               : chatroutes_branch_tree_get_main (self->tree);
      if (active != NULL)
        path = chatroutes_branch_tree_dup_path (self->tree, chatroutes_branch_get_id (active));
    }

  if (active != NULL)
    self->resolved_id = g_strdup (chatroutes_branch_get_id (active));
  for (guint i = 0; path && i < path->len; i++)
    g_hash_table_add (self->path_ids, g_strdup (chatroutes_branch_get_id (path->pdata[i])));

  queue_refresh (self);
}

/* Brings the active branch's row into view, if it is in the list. */
static void
scroll_to_active (ChatroutesBranchPanel *self)
{
  GListModel *model = self->tree_model ? G_LIST_MODEL (self->tree_model) : NULL;
  guint n = model ? g_list_model_get_n_items (model) : 0;

  if (self->resolved_id == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(ChatroutesBranch) branch = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (chatroutes_branch_get_id (branch), self->resolved_id) == 0)
        {
          gtk_list_view_scroll_to (self->list_view, i, GTK_LIST_SCROLL_NONE, NULL);
          return;
        }
    }
}

static gboolean
on_path (ChatroutesBranchPanel *self,
         ChatroutesBranch      *branch)
{
  return g_hash_table_contains (self->path_ids, chatroutes_branch_get_id (branch));
}

/* Fork-point texts */

static void
add_snippet (ChatroutesBranchPanel *self,
             ChatroutesMessage     *message)
{
  const char *id = chatroutes_message_get_id (message);

  if (id == NULL || g_hash_table_contains (self->snippets, id))
    return;
  g_hash_table_insert (self->snippets, g_strdup (id),
                       chatroutes_branch_snippet (chatroutes_message_get_content (message), SNIPPET_CHARS));
}

static void
add_snippets (ChatroutesBranchPanel *self,
              GListModel            *messages,
              guint                  position,
              guint                  n)
{
  for (guint i = position; i < position + n; i++)
    {
      g_autoptr(ChatroutesMessage) message = g_list_model_get_item (messages, i);
      add_snippet (self, message);
    }
}

typedef struct
{
  GWeakRef panel;
  ChatroutesBranchTree *tree;   /* the tree it was asked for */
} SnippetFetch;

static void
snippet_fetch_free (SnippetFetch *fetch)
{
  g_weak_ref_clear (&fetch->panel);
  g_clear_object (&fetch->tree);
  g_free (fetch);
}

static void
branch_messages_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  SnippetFetch *fetch = data;
  g_autoptr(ChatroutesBranchPanel) self = g_weak_ref_get (&fetch->panel);
  g_autoptr(GListModel) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = chatroutes_service_list_branch_messages_finish (CHATROUTES_SERVICE (object), result, &error);
  /* A failure leaves the rows without the text: it is a detail. */
  if (self != NULL && messages != NULL && self->tree == fetch->tree)
    {
      add_snippets (self, messages, 0, g_list_model_get_n_items (messages));
      queue_refresh (self);
    }
  snippet_fetch_free (fetch);
}

static void
fetch_parent_messages (ChatroutesBranchPanel *self,
                       const char            *parent_id)
{
  SnippetFetch *fetch;

  g_hash_table_add (self->fetched, g_strdup (parent_id));
  fetch = g_new0 (SnippetFetch, 1);
  g_weak_ref_init (&fetch->panel, self);
  fetch->tree = g_object_ref (self->tree);
  chatroutes_service_list_branch_messages_async (self->service,
                                                 chatroutes_conversation_get_id (self->conversation),
                                                 parent_id, self->cancellable,
                                                 branch_messages_cb, fetch);
}

/* Fetches, for the rows still without it, the messages their fork point
 * is among: each parent's once. */
static gboolean
snippet_fetch_cb (gpointer data)
{
  ChatroutesBranchPanel *self = data;

  self->snippet_timeout = 0;
  if (self->conversation == NULL || self->tree == NULL)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      ChatroutesBranch *branch = chatroutes_branch_row_get_branch (self->rows->pdata[i]);
      const char *message_id = branch ? chatroutes_branch_get_fork_point_message_id (branch) : NULL;
      const char *parent_id = branch ? chatroutes_branch_get_parent_branch_id (branch) : NULL;

      if (message_id != NULL && parent_id != NULL &&
          !g_hash_table_contains (self->snippets, message_id) &&
          !g_hash_table_contains (self->fetched, parent_id))
        fetch_parent_messages (self, parent_id);
    }
  return G_SOURCE_REMOVE;
}

/* The text of @branch's fork point, or NULL while it is not known. The
 * page's messages usually hold it; the rest is fetched a moment later,
 * for the rows then on screen. */
static const char *
lookup_fork_text (ChatroutesBranchPanel *self,
                  ChatroutesBranch      *branch)
{
  const char *message_id = chatroutes_branch_get_fork_point_message_id (branch);
  const char *text;

  if (message_id == NULL)
    return NULL;
  text = g_hash_table_lookup (self->snippets, message_id);
  if (text == NULL && self->snippet_timeout == 0 &&
      chatroutes_branch_get_parent_branch_id (branch) != NULL &&
      !g_hash_table_contains (self->fetched, chatroutes_branch_get_parent_branch_id (branch)))
    self->snippet_timeout = g_timeout_add (SNIPPET_FETCH_DELAY_MS, snippet_fetch_cb, self);
  return text;
}

static void queue_sync (ChatroutesBranchPanel *self);

static void
on_messages_changed (ChatroutesBranchPanel *self,
                     guint                  position,
                     guint                  removed,
                     guint                  added)
{
  gboolean loading = FALSE;

  if (added == 0)
    return;
  add_snippets (self, self->messages, position, added);
  queue_refresh (self);

  /* A message or two at a time, not the path arriving: a send, whose
   * messages change the branch's count. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (self->messages), "loading"))
    g_object_get (self->messages, "loading", &loading, NULL);
  if (!loading && added <= 2 && removed <= 2)
    queue_sync (self);
}

/* Rows */

/* Whether a later sibling of @branch (under @parent) is on the active path. */
static void
sibling_info (ChatroutesBranchPanel *self,
              ChatroutesBranch      *parent,
              ChatroutesBranch      *branch,
              gboolean              *has_later,
              gboolean              *later_on_path)
{
  GListModel *siblings = chatroutes_branch_tree_get_children (self->tree, chatroutes_branch_get_id (parent));
  guint position;
  guint n;

  *has_later = FALSE;
  *later_on_path = FALSE;
  if (siblings == NULL || !g_list_store_find (G_LIST_STORE (siblings), branch, &position))
    return;

  n = g_list_model_get_n_items (siblings);
  *has_later = position + 1 < n;
  if (!on_path (self, parent) || on_path (self, branch))
    return;
  for (guint i = position + 1; i < n && !*later_on_path; i++)
    {
      g_autoptr(ChatroutesBranch) sibling = g_list_model_get_item (siblings, i);
      *later_on_path = on_path (self, sibling);
    }
}

static void
compute_spec (ChatroutesBranchPanel *self,
              GtkTreeListRow        *list_row,
              ChatroutesBranch      *branch,
              ChatroutesRailSpec    *spec)
{
  g_autoptr(GtkTreeListRow) row = g_object_ref (list_row);
  GListModel *children;
  guint depth = gtk_tree_list_row_get_depth (list_row);

  memset (spec, 0, sizeof *spec);
  spec->depth = depth;
  spec->on_path = on_path (self, branch);
  spec->active = g_strcmp0 (chatroutes_branch_get_id (branch), self->resolved_id) == 0;
  spec->merged = !chatroutes_branch_get_is_active (branch);
  spec->elbow_accent = spec->on_path && depth > 0;

  children = chatroutes_branch_tree_get_children (self->tree, chatroutes_branch_get_id (branch));
  spec->has_children = gtk_tree_list_row_get_expanded (list_row) &&
                       children != NULL && g_list_model_get_n_items (children) > 0;
  spec->children_accent = spec->on_path && !spec->active;

  /* Up the ancestors: at each level, whether the line goes on below. */
  for (guint level = depth; level > 0 && row != NULL; level--)
    {
      g_autoptr(GtkTreeListRow) parent_row = gtk_tree_list_row_get_parent (row);
      ChatroutesBranch *item = gtk_tree_list_row_get_item (row);
      ChatroutesBranch *parent = parent_row ? gtk_tree_list_row_get_item (parent_row) : NULL;
      gboolean has_later = FALSE;
      gboolean later_on_path = FALSE;

      if (parent != NULL)
        sibling_info (self, parent, item, &has_later, &later_on_path);

      if (level == depth)
        {
          spec->continues = has_later;
          spec->continues_accent = later_on_path;
        }
      else if (level - 1 < 64)
        {
          if (has_later)
            spec->through |= G_GUINT64_CONSTANT (1) << (level - 1);
          if (later_on_path)
            spec->through_accent |= G_GUINT64_CONSTANT (1) << (level - 1);
        }

      g_clear_object (&item);
      g_clear_object (&parent);
      g_set_object (&row, parent_row);
    }
}

static void
update_row (ChatroutesBranchPanel *self,
            ChatroutesBranchRow   *row)
{
  ChatroutesBranch *branch = chatroutes_branch_row_get_branch (row);
  GtkTreeListRow *list_row = chatroutes_branch_row_get_list_row (row);
  ChatroutesRailSpec spec;

  if (branch == NULL || list_row == NULL || self->tree == NULL)
    return;
  compute_spec (self, list_row, branch, &spec);
  chatroutes_branch_row_update (row, &spec, lookup_fork_text (self, branch));
}

static gboolean
refresh_idle_cb (gpointer data)
{
  ChatroutesBranchPanel *self = data;

  self->refresh_idle = 0;
  for (guint i = 0; i < self->rows->len; i++)
    update_row (self, self->rows->pdata[i]);
  return G_SOURCE_REMOVE;
}

/* Brings the bound rows up to date once, before the next frame is laid
 * out, however many changes come before it (a path of 2,000 messages
 * arrives in many pieces). */
static void
queue_refresh (ChatroutesBranchPanel *self)
{
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

/* Drag and drop: a branch dropped on its parent merges into it. */

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 gpointer       data)
{
  ChatroutesBranchRow *row = CHATROUTES_BRANCH_ROW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source)));
  ChatroutesBranch *branch = chatroutes_branch_row_get_branch (row);

  /* The main branch and merged ones have nowhere to go. */
  if (branch == NULL || chatroutes_branch_get_parent_branch_id (branch) == NULL ||
      !chatroutes_branch_get_is_active (branch))
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_STRING, chatroutes_branch_get_id (branch));
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               gpointer       data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

static const char *
drop_value (GtkDropTarget *target)
{
  const GValue *value = gtk_drop_target_get_value (target);

  return value && G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;
}

static GdkDragAction
on_drop_motion (GtkDropTarget         *target,
                double                 x,
                double                 y,
                ChatroutesBranchPanel *self)
{
  ChatroutesBranchRow *row = CHATROUTES_BRANCH_ROW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)));
  ChatroutesBranch *branch = chatroutes_branch_row_get_branch (row);
  gboolean ok = branch != NULL &&
                chatroutes_branch_panel_can_drop (self, drop_value (target), chatroutes_branch_get_id (branch));

  chatroutes_branch_row_set_drop_highlight (row, ok);
  return ok ? GDK_ACTION_MOVE : 0;
}

static void
on_drop_leave (GtkDropTarget *target,
               gpointer       data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));

  chatroutes_branch_row_set_drop_highlight (CHATROUTES_BRANCH_ROW (row), FALSE);
}

static gboolean
on_drop (GtkDropTarget         *target,
         const GValue          *value,
         double                 x,
         double                 y,
         ChatroutesBranchPanel *self)
{
  ChatroutesBranchRow *row = CHATROUTES_BRANCH_ROW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)));
  ChatroutesBranch *branch = chatroutes_branch_row_get_branch (row);

  chatroutes_branch_row_set_drop_highlight (row, FALSE);
  if (branch == NULL || !G_VALUE_HOLDS_STRING (value))
    return FALSE;
  return chatroutes_branch_panel_drop (self, g_value_get_string (value), chatroutes_branch_get_id (branch));
}

/* List factory */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ChatroutesBranchPanel    *self)
{
  GtkWidget *row = chatroutes_branch_row_new ();
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), NULL);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), NULL);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));

  /* The value is read while hovering, to accept only the parent. */
  gtk_drop_target_set_preload (target, TRUE);
  g_signal_connect_object (target, "motion", G_CALLBACK (on_drop_motion), self, 0);
  g_signal_connect_object (target, "enter", G_CALLBACK (on_drop_motion), self, 0);
  g_signal_connect (target, "leave", G_CALLBACK (on_drop_leave), NULL);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));

  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ChatroutesBranchPanel    *self)
{
  GtkTreeListRow *list_row = gtk_list_item_get_item (item);
  ChatroutesBranchRow *row = CHATROUTES_BRANCH_ROW (gtk_list_item_get_child (item));
  g_autoptr(ChatroutesBranch) branch = gtk_tree_list_row_get_item (list_row);

  chatroutes_branch_row_bind (row, list_row, branch);
  g_ptr_array_add (self->rows, row);
  update_row (self, row);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ChatroutesBranchPanel    *self)
{
  ChatroutesBranchRow *row = CHATROUTES_BRANCH_ROW (gtk_list_item_get_child (item));

  g_ptr_array_remove_fast (self->rows, row);
  chatroutes_branch_row_unbind (row);
}

static void
teardown_row (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              ChatroutesBranchPanel    *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row != NULL)
    g_ptr_array_remove_fast (self->rows, row);
}

static GListModel *
create_children (gpointer item,
                 gpointer data)
{
  ChatroutesBranchPanel *self = data;
  GListModel *children;

  /* Persistent and never NULL for a known branch: a branch made later
   * arrives through the store's items-changed. */
  children = chatroutes_branch_tree_get_children (self->tree, chatroutes_branch_get_id (item));
  return children ? g_object_ref (children) : NULL;
}

/* Rows going away must not keep the keyboard focus. */
static void
move_focus_out_of_list (ChatroutesBranchPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && self->list_view != NULL &&
      gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_tree_changed (ChatroutesBranchPanel *self)
{
  update_active_path (self);
  update_state (self);
}

static void
set_tree (ChatroutesBranchPanel *self,
          ChatroutesBranchTree  *tree)
{
  move_focus_out_of_list (self);
  if (self->tree != NULL)
    g_signal_handlers_disconnect_by_data (chatroutes_branch_tree_get_branches (self->tree), self);
  gtk_no_selection_set_model (self->selection, NULL);
  g_clear_object (&self->tree_model);
  g_set_object (&self->tree, tree);
  g_hash_table_remove_all (self->fetched);

  /* The list gets the tree once it is loaded (attach_tree()): filled in
   * one go, not branch by branch under a list that follows each. */
}

static void
attach_tree (ChatroutesBranchPanel *self)
{
  if (self->tree == NULL || self->tree_model != NULL)
    return;
  self->tree_model = gtk_tree_list_model_new (g_object_ref (chatroutes_branch_tree_get_roots (self->tree)),
                                              FALSE, TRUE, create_children, self, NULL);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->tree_model));
  g_signal_connect_object (chatroutes_branch_tree_get_branches (self->tree), "items-changed",
                           G_CALLBACK (on_tree_changed), self, G_CONNECT_SWAPPED);
}

/* Loading */

/* A reload can bring back a branch whose deletion waits on its toast. */
static void
hide_pending (ChatroutesBranchPanel *self)
{
  GHashTableIter iter;
  const char *id;

  g_hash_table_iter_init (&iter, self->pending_deletes);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (chatroutes_branch_tree_lookup (self->tree, id) != NULL)
      chatroutes_branch_tree_remove (self->tree, id);
}

static void
tree_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(ChatroutesBranchPanel) self = data;
  g_autoptr(GError) error = NULL;

  if (!chatroutes_branch_tree_load_finish (CHATROUTES_BRANCH_TREE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (CHATROUTES_BRANCH_TREE (object) != self->tree)
        return;
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      set_loading (self, FALSE);
      update_state (self);
      return;
    }
  if (CHATROUTES_BRANCH_TREE (object) != self->tree)
    return;

  g_clear_error (&self->error);
  hide_pending (self);
  set_loading (self, FALSE);
  attach_tree (self);
  update_active_path (self);
  update_state (self);
}

void
chatroutes_branch_panel_reload (ChatroutesBranchPanel *self)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH_PANEL (self));

  if (self->conversation == NULL || self->tree == NULL)
    return;
  set_loading (self, TRUE);
  update_state (self);
  chatroutes_branch_tree_load_async (self->tree, self->service,
                                     chatroutes_conversation_get_id (self->conversation),
                                     self->cancellable, tree_loaded_cb, g_object_ref (self));
}

/* Keeping counts and titles current without rebuilding the rows: the
 * branches are fetched again and copied into the objects the rows show. */

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(ChatroutesBranchPanel) self = data;
  g_autoptr(GListModel) fetched = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  GListModel *current;
  guint n;

  fetched = chatroutes_service_list_branches_finish (CHATROUTES_SERVICE (object), result, &error);
  /* A failure leaves the numbers as they were: the next change tries again. */
  if (fetched == NULL || self->tree == NULL || self->loading)
    return;

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = g_list_model_get_n_items (fetched);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (fetched, i);
      const char *id = chatroutes_branch_get_id (branch);
      ChatroutesBranch *known;

      if (id == NULL || g_hash_table_contains (self->pending_deletes, id))
        continue;
      g_hash_table_add (seen, g_strdup (id));
      known = chatroutes_branch_tree_lookup (self->tree, id);
      if (known == NULL)
        {
          chatroutes_branch_tree_add (self->tree, branch);
          continue;
        }
      chatroutes_branch_set_title (known, chatroutes_branch_get_title (branch));
      chatroutes_branch_set_description (known, chatroutes_branch_get_description (branch));
      chatroutes_branch_set_message_count (known, chatroutes_branch_get_message_count (branch));
      chatroutes_branch_set_is_active (known, chatroutes_branch_get_is_active (branch));
    }

  /* Deleted elsewhere. */
  gone = g_ptr_array_new_with_free_func (g_free);
  current = chatroutes_branch_tree_get_branches (self->tree);
  for (guint i = 0; i < g_list_model_get_n_items (current); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (current, i);

      if (!g_hash_table_contains (seen, chatroutes_branch_get_id (branch)))
        g_ptr_array_add (gone, g_strdup (chatroutes_branch_get_id (branch)));
    }
  if (gone->len > 0)
    move_focus_out_of_list (self);
  for (guint i = 0; i < gone->len; i++)
    chatroutes_branch_tree_remove (self->tree, gone->pdata[i]);

  update_active_path (self);
}

static void
sync_branches (ChatroutesBranchPanel *self)
{
  if (self->conversation == NULL || self->tree == NULL)
    return;
  chatroutes_service_list_branches_async (self->service, chatroutes_conversation_get_id (self->conversation),
                                          self->cancellable, synced_cb, g_object_ref (self));
}

static gboolean
sync_timeout_cb (gpointer data)
{
  ChatroutesBranchPanel *self = data;

  self->sync_timeout = 0;
  sync_branches (self);
  return G_SOURCE_REMOVE;
}

/* After a send: once things settle, the counts change. */
static void
queue_sync (ChatroutesBranchPanel *self)
{
  g_clear_handle_id (&self->sync_timeout, g_source_remove);
  self->sync_timeout = g_timeout_add (800, sync_timeout_cb, self);
}

/* Activation */

static void
activate_branch (ChatroutesBranchPanel *self,
                 const char            *branch_id)
{
  g_autofree char *id = g_strdup (branch_id);

  chatroutes_branch_panel_set_active_branch_id (self, id);
  g_signal_emit (self, signals[BRANCH_ACTIVATED], 0, id);
}

static void
on_list_activate (ChatroutesBranchPanel *self,
                  guint                  position)
{
  g_autoptr(GtkTreeListRow) list_row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(ChatroutesBranch) branch = NULL;

  if (list_row == NULL)
    return;
  branch = gtk_tree_list_row_get_item (list_row);
  activate_branch (self, chatroutes_branch_get_id (branch));
}

static ChatroutesBranch *
lookup_param (ChatroutesBranchPanel *self,
              GVariant              *param)
{
  if (self->tree == NULL || param == NULL)
    return NULL;
  return chatroutes_branch_tree_lookup (self->tree, g_variant_get_string (param, NULL));
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (widget);
  ChatroutesBranch *branch = lookup_param (self, param);

  if (branch != NULL)
    activate_branch (self, chatroutes_branch_get_id (branch));
}

static void
reload_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  chatroutes_branch_panel_reload (CHATROUTES_BRANCH_PANEL (widget));
}

/* Rename */

typedef struct
{
  ChatroutesBranchPanel *self;
  ChatroutesBranch *branch;
} BranchOp;

static void
branch_op_free (BranchOp *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->branch);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BranchOp, branch_op_free)

static BranchOp *
branch_op_new (ChatroutesBranchPanel *self,
               ChatroutesBranch      *branch)
{
  BranchOp *op = g_new0 (BranchOp, 1);

  op->self = g_object_ref (self);
  op->branch = g_object_ref (branch);
  return op;
}

static void
renamed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(BranchOp) op = data;
  g_autoptr(ChatroutesBranch) updated = NULL;
  g_autoptr(GError) error = NULL;

  updated = chatroutes_service_update_branch_finish (CHATROUTES_SERVICE (object), result, &error);
  if (updated == NULL)
    {
      show_error_toast (op->self, _("Could not rename the branch"), error);
      return;
    }
  chatroutes_branch_set_title (op->branch, chatroutes_branch_get_title (updated));
  queue_refresh (op->self);
}

static void
on_rename_response (AdwAlertDialog *dialog,
                    const char     *response,
                    BranchOp       *op)
{
  g_autofree char *title = NULL;

  if (g_strcmp0 (response, "rename") != 0 || op->self->conversation == NULL)
    return;
  title = g_strstrip (g_strdup (gtk_editable_get_text (chatroutes_branch_dialog_get_entry (dialog, "title"))));
  if (title[0] == '\0' || g_strcmp0 (title, chatroutes_branch_get_title (op->branch)) == 0)
    return;

  chatroutes_service_update_branch_async (op->self->service,
                                          chatroutes_conversation_get_id (op->self->conversation),
                                          chatroutes_branch_get_id (op->branch), title, NULL,
                                          op->self->cancellable, renamed_cb,
                                          branch_op_new (op->self, op->branch));
}

static void
rename_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (widget);
  ChatroutesBranch *branch = lookup_param (self, param);
  AdwAlertDialog *dialog;

  if (branch == NULL)
    return;
  dialog = chatroutes_rename_branch_dialog_new (branch);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_rename_response),
                         branch_op_new (self, branch),
                         (GClosureNotify) (void (*) (void)) branch_op_free, 0);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

/* Delete, with Undo: nothing is deleted on the server until the toast
 * goes away without Undo. */

typedef struct
{
  GWeakRef panel;
  ChatroutesService *service;
  ChatroutesBranchTree *tree;
  char *conversation_id;
  char *id;                 /* the branch deleted */
  char *parent_id;
  GPtrArray *removed;       /* it and its descendants, parents first */
  GPtrArray *order;         /* every branch before, in order, by id */
  char *active_before;      /* the branch the page showed */
  gboolean was_active;      /* the page showed it or a descendant */
  gboolean done;
} PendingDelete;

static void
pending_delete_free (PendingDelete *pending)
{
  g_weak_ref_clear (&pending->panel);
  g_clear_object (&pending->service);
  g_clear_object (&pending->tree);
  g_free (pending->conversation_id);
  g_free (pending->id);
  g_free (pending->parent_id);
  g_free (pending->active_before);
  g_clear_pointer (&pending->removed, g_ptr_array_unref);
  g_clear_pointer (&pending->order, g_ptr_array_unref);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PendingDelete, pending_delete_free)

static void
forget_pending (ChatroutesBranchPanel *self,
                PendingDelete         *pending)
{
  for (guint i = 0; i < pending->removed->len; i++)
    g_hash_table_remove (self->pending_deletes, chatroutes_branch_get_id (pending->removed->pdata[i]));
}

/* Puts the removed branches back where they were. */
static void
restore_pending (PendingDelete *pending)
{
  g_autoptr(ChatroutesBranchPanel) self = g_weak_ref_get (&pending->panel);
  g_autoptr(GHashTable) removed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GListStore) all = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  GListModel *current = chatroutes_branch_tree_get_branches (pending->tree);
  guint n = g_list_model_get_n_items (current);

  if (self != NULL)
    {
      forget_pending (self, pending);
      move_focus_out_of_list (self);
    }

  for (guint i = 0; i < pending->removed->len; i++)
    g_hash_table_insert (removed, (gpointer) chatroutes_branch_get_id (pending->removed->pdata[i]),
                         pending->removed->pdata[i]);

  /* The earlier order, then whatever came since. */
  for (guint i = 0; i < pending->order->len; i++)
    {
      const char *id = pending->order->pdata[i];
      ChatroutesBranch *branch = g_hash_table_lookup (removed, id);

      if (branch == NULL)
        branch = chatroutes_branch_tree_lookup (pending->tree, id);
      if (branch != NULL && !g_hash_table_contains (listed, id))
        {
          g_list_store_append (all, branch);
          g_hash_table_add (listed, (gpointer) chatroutes_branch_get_id (branch));
        }
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (current, i);

      if (!g_hash_table_contains (listed, chatroutes_branch_get_id (branch)))
        g_list_store_append (all, branch);
    }
  chatroutes_branch_tree_set_branches (pending->tree, G_LIST_MODEL (all));

  /* The page goes back to what it showed. */
  if (self != NULL && pending->was_active && self->tree == pending->tree &&
      g_strcmp0 (self->resolved_id, pending->parent_id) == 0)
    activate_branch (self, pending->active_before);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(PendingDelete) pending = data;
  g_autoptr(ChatroutesBranchPanel) self = g_weak_ref_get (&pending->panel);
  g_autoptr(GError) error = NULL;

  if (chatroutes_service_delete_branch_finish (CHATROUTES_SERVICE (object), result, &error))
    {
      if (self != NULL)
        forget_pending (self, pending);
      return;
    }

  pending->was_active = FALSE;
  restore_pending (pending);
  if (self != NULL)
    show_error_toast (self, _("Could not delete the branch"), error);
}

static void
on_delete_undo (AdwToast      *toast,
                PendingDelete *pending)
{
  if (pending->done)
    return;
  pending->done = TRUE;
  restore_pending (pending);
}

static void
on_delete_toast_dismissed (AdwToast      *toast,
                           PendingDelete *pending)
{
  PendingDelete *owned;

  if (pending->done)
    return;
  pending->done = TRUE;

  /* The toast frees its record when it goes; the request takes a copy. */
  owned = g_new0 (PendingDelete, 1);
  {
    g_autoptr(GObject) panel = g_weak_ref_get (&pending->panel);
    g_weak_ref_init (&owned->panel, panel);
  }
  owned->service = g_object_ref (pending->service);
  owned->tree = g_object_ref (pending->tree);
  owned->conversation_id = g_strdup (pending->conversation_id);
  owned->id = g_strdup (pending->id);
  owned->parent_id = g_strdup (pending->parent_id);
  owned->removed = g_ptr_array_ref (pending->removed);
  owned->order = g_ptr_array_ref (pending->order);

  /* Not the panel's cancellable: the person asked for it, and closing the
   * window or switching conversations must not take it back. */
  chatroutes_service_delete_branch_async (owned->service, owned->conversation_id, owned->id,
                                          NULL, deleted_cb, owned);
}

static void
collect_subtree (ChatroutesBranchTree *tree,
                 ChatroutesBranch     *branch,
                 GPtrArray            *out)
{
  GListModel *children = chatroutes_branch_tree_get_children (tree, chatroutes_branch_get_id (branch));
  guint n = children ? g_list_model_get_n_items (children) : 0;

  g_ptr_array_add (out, g_object_ref (branch));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) child = g_list_model_get_item (children, i);
      collect_subtree (tree, child, out);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (widget);
  ChatroutesBranch *branch = lookup_param (self, param);
  GListModel *all;
  PendingDelete *pending;
  AdwToast *toast;
  g_autofree char *text = NULL;
  guint n;

  if (branch == NULL || self->conversation == NULL)
    return;

  if (chatroutes_branch_get_is_main (branch) || chatroutes_branch_get_parent_branch_id (branch) == NULL)
    {
      AdwDialog *dialog;

      /* Said in a dialog: a toast is too short for the reason. */
      dialog = adw_alert_dialog_new (_("Cannot Delete"),
                                     _("The main branch cannot be deleted: every other branch of "
                                       "the conversation grows from it. To remove it, delete the "
                                       "conversation."));
      adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
      adw_dialog_present (dialog, widget);
      return;
    }

  pending = g_new0 (PendingDelete, 1);
  g_weak_ref_init (&pending->panel, self);
  pending->service = g_object_ref (self->service);
  pending->tree = g_object_ref (self->tree);
  pending->conversation_id = g_strdup (chatroutes_conversation_get_id (self->conversation));
  pending->id = g_strdup (chatroutes_branch_get_id (branch));
  pending->parent_id = g_strdup (chatroutes_branch_get_parent_branch_id (branch));
  pending->removed = g_ptr_array_new_with_free_func (g_object_unref);
  pending->order = g_ptr_array_new_with_free_func (g_free);
  pending->was_active = on_path (self, branch);
  pending->active_before = g_strdup (self->resolved_id);

  all = chatroutes_branch_tree_get_branches (self->tree);
  n = g_list_model_get_n_items (all);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) item = g_list_model_get_item (all, i);
      g_ptr_array_add (pending->order, g_strdup (chatroutes_branch_get_id (item)));
    }

  /* The service deletes the branches that grow from it too. */
  collect_subtree (self->tree, branch, pending->removed);
  move_focus_out_of_list (self);
  for (guint i = pending->removed->len; i > 0; i--)
    {
      const char *id = chatroutes_branch_get_id (pending->removed->pdata[i - 1]);

      g_hash_table_insert (self->pending_deletes, g_strdup (id), NULL);
      chatroutes_branch_tree_remove (self->tree, id);
    }

  if (pending->was_active)
    activate_branch (self, pending->parent_id);

  if (pending->removed->len > 1)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "“%s” and %u branch from it deleted",
                                         "“%s” and %u branches from it deleted",
                                         pending->removed->len - 1),
                            chatroutes_branch_get_title (branch), pending->removed->len - 1);
  else
    text = g_strdup_printf (_("“%s” deleted"), chatroutes_branch_get_title (branch));
  toast = adw_toast_new (text);
  adw_toast_set_use_markup (toast, FALSE);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_delete_undo), pending);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed),
                         pending, (GClosureNotify) (void (*) (void)) pending_delete_free, 0);
  add_toast (self, toast);
}

/* Merge */

static void
merged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(BranchOp) op = data;
  g_autoptr(ChatroutesBranch) parent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *parent_id;

  parent = chatroutes_service_merge_branch_finish (CHATROUTES_SERVICE (object), result, &error);
  if (parent == NULL)
    {
      show_error_toast (op->self, _("Could not merge the branch"), error);
      return;
    }

  /* The parent has new messages, and the branch is marked as merged: show
   * the parent, where the result is. */
  parent_id = chatroutes_branch_get_id (parent) ? chatroutes_branch_get_id (parent)
                                                : chatroutes_branch_get_parent_branch_id (op->branch);
  chatroutes_branch_set_is_active (op->branch, FALSE);
  sync_branches (op->self);
  g_signal_emit (op->self, signals[BRANCH_MERGED], 0, chatroutes_branch_get_id (op->branch), parent_id);
  activate_branch (op->self, parent_id);

  text = g_strdup_printf (_("“%s” merged into “%s”"), chatroutes_branch_get_title (op->branch),
                          chatroutes_branch_get_title (parent) ? chatroutes_branch_get_title (parent) : "");
  {
    AdwToast *toast = adw_toast_new (text);
    adw_toast_set_use_markup (toast, FALSE);
    add_toast (op->self, toast);
  }
}

static void
on_merge_response (AdwAlertDialog *dialog,
                   const char     *response,
                   BranchOp       *op)
{
  if (g_strcmp0 (response, "merge") != 0 || op->self->conversation == NULL)
    return;
  chatroutes_service_merge_branch_async (op->self->service,
                                         chatroutes_conversation_get_id (op->self->conversation),
                                         chatroutes_branch_get_id (op->branch),
                                         op->self->cancellable, merged_cb,
                                         branch_op_new (op->self, op->branch));
}

static void
ask_merge (ChatroutesBranchPanel *self,
           ChatroutesBranch      *branch)
{
  ChatroutesBranch *parent;
  AdwAlertDialog *dialog;
  const char *why = NULL;

  parent = chatroutes_branch_tree_lookup (self->tree, chatroutes_branch_get_parent_branch_id (branch));
  if (chatroutes_branch_get_parent_branch_id (branch) == NULL)
    why = _("The main branch has no parent to merge into.");
  else if (!chatroutes_branch_get_is_active (branch))
    why = _("This branch was merged already.");
  else if (parent == NULL)
    why = _("The branch this one grows from is not known.");
  if (why != NULL)
    {
      add_toast (self, adw_toast_new (why));
      return;
    }

  dialog = chatroutes_merge_branch_dialog_new (branch, parent);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_merge_response),
                         branch_op_new (self, branch),
                         (GClosureNotify) (void (*) (void)) branch_op_free, 0);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
}

static void
merge_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (widget);
  ChatroutesBranch *branch = lookup_param (self, param);

  if (branch != NULL)
    ask_merge (self, branch);
}

gboolean
chatroutes_branch_panel_can_drop (ChatroutesBranchPanel *self,
                                  const char            *dragged_id,
                                  const char            *target_id)
{
  ChatroutesBranch *dragged;

  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), FALSE);

  if (self->tree == NULL || dragged_id == NULL || target_id == NULL)
    return FALSE;
  dragged = chatroutes_branch_tree_lookup (self->tree, dragged_id);
  return dragged != NULL &&
         chatroutes_branch_get_is_active (dragged) &&
         !chatroutes_branch_get_is_main (dragged) &&
         g_strcmp0 (chatroutes_branch_get_parent_branch_id (dragged), target_id) == 0 &&
         chatroutes_branch_tree_lookup (self->tree, target_id) != NULL;
}

gboolean
chatroutes_branch_panel_drop (ChatroutesBranchPanel *self,
                              const char            *dragged_id,
                              const char            *target_id)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), FALSE);

  if (!chatroutes_branch_panel_can_drop (self, dragged_id, target_id))
    return FALSE;
  ask_merge (self, chatroutes_branch_tree_lookup (self->tree, dragged_id));
  return TRUE;
}

/* New branch */

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(ChatroutesBranchPanel) self = data;
  g_autoptr(ChatroutesBranch) branch = NULL;
  g_autoptr(GError) error = NULL;

  branch = chatroutes_service_create_branch_finish (CHATROUTES_SERVICE (object), result, &error);
  if (branch == NULL)
    {
      show_error_toast (self, _("Could not create the branch"), error);
      return;
    }
  if (self->tree != NULL && chatroutes_branch_get_id (branch) != NULL)
    {
      chatroutes_branch_tree_add (self->tree, branch);
      activate_branch (self, chatroutes_branch_get_id (branch));
    }
}

static void
on_new_response (AdwAlertDialog        *dialog,
                 const char            *response,
                 ChatroutesBranchPanel *self)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  if (g_strcmp0 (response, "create") != 0 || self->conversation == NULL)
    return;
  title = g_strstrip (g_strdup (gtk_editable_get_text (chatroutes_branch_dialog_get_entry (dialog, "title"))));
  description = g_strstrip (g_strdup (gtk_editable_get_text (chatroutes_branch_dialog_get_entry (dialog, "description"))));
  if (title[0] == '\0')
    return;

  chatroutes_service_create_branch_async (self->service,
                                          chatroutes_conversation_get_id (self->conversation),
                                          title,
                                          chatroutes_new_branch_dialog_get_base (dialog),
                                          description[0] != '\0' ? description : NULL,
                                          chatroutes_new_branch_dialog_get_mode (dialog),
                                          self->cancellable, created_cb, g_object_ref (self));
}

static void
new_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (widget);
  AdwAlertDialog *dialog;

  if (self->conversation == NULL)
    return;
  dialog = chatroutes_new_branch_dialog_new (self->messages);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_new_response), self, 0);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

/* GObject */

static void
chatroutes_branch_panel_dispose (GObject *object)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  g_clear_handle_id (&self->sync_timeout, g_source_remove);
  g_clear_handle_id (&self->snippet_timeout, g_source_remove);
  if (self->messages)
    g_signal_handlers_disconnect_by_data (self->messages, self);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  /* The bin drops its child itself; the template must not do it again. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHATROUTES_TYPE_BRANCH_PANEL);
  set_tree (self, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->messages);
  g_clear_object (&self->conversation);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (chatroutes_branch_panel_parent_class)->dispose (object);
}

static void
chatroutes_branch_panel_finalize (GObject *object)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (object);

  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->last_toast);
  g_clear_error (&self->error);
  g_free (self->active_id);
  g_free (self->resolved_id);
  g_clear_pointer (&self->path_ids, g_hash_table_unref);
  g_clear_pointer (&self->snippets, g_hash_table_unref);
  g_clear_pointer (&self->fetched, g_hash_table_unref);
  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (chatroutes_branch_panel_parent_class)->finalize (object);
}

static void
chatroutes_branch_panel_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_ACTIVE_BRANCH_ID:
      g_value_set_string (value, chatroutes_branch_panel_get_active_branch_id (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_branch_panel_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      chatroutes_branch_panel_set_conversation (self, g_value_get_object (value));
      break;
    case PROP_ACTIVE_BRANCH_ID:
      chatroutes_branch_panel_set_active_branch_id (self, g_value_get_string (value));
      break;
    case PROP_LOADING:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The row with the keyboard focus, if any. */
static ChatroutesBranchRow *
focused_row (ChatroutesBranchPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return NULL;
  row = CHATROUTES_IS_BRANCH_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, CHATROUTES_TYPE_BRANCH_ROW);
  if (row == NULL)
    row = gtk_widget_get_first_child (focus);  /* the list item holding the row */
  return row && CHATROUTES_IS_BRANCH_ROW (row) ? CHATROUTES_BRANCH_ROW (row) : NULL;
}

static void
focused_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  ChatroutesBranchPanel *self = CHATROUTES_BRANCH_PANEL (widget);
  ChatroutesBranchRow *row = focused_row (self);
  ChatroutesBranch *branch = row ? chatroutes_branch_row_get_branch (row) : NULL;

  if (branch == NULL)
    return;
  if (g_str_equal (name, "branches.menu-focused"))
    chatroutes_branch_row_open_menu (row);
  else
    gtk_widget_activate_action (widget,
                                g_str_equal (name, "branches.rename-focused") ? "branches.rename" : "branches.delete",
                                "s", chatroutes_branch_get_id (branch));
}

static void
chatroutes_branch_panel_class_init (ChatroutesBranchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_branch_panel_dispose;
  object_class->finalize = chatroutes_branch_panel_finalize;
  object_class->get_property = chatroutes_branch_panel_get_property;
  object_class->set_property = chatroutes_branch_panel_set_property;

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, CHATROUTES_TYPE_CONVERSATION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACTIVE_BRANCH_ID] =
    g_param_spec_string ("active-branch-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BRANCH_ACTIVATED] =
    g_signal_new ("branch-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[BRANCH_MERGED] =
    g_signal_new ("branch-merged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /* Keeps the resources' object, and its registration, in static links. */
  g_resources_register (chatroutes_branches_get_resource ());
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/chatroutes/Desktop/branches/chatroutes-branch-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesBranchPanel, local_toasts);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesBranchPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesBranchPanel, error_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesBranchPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesBranchPanel, new_button);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_action (widget_class, "branches.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "branches.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "branches.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "branches.rename", "s", rename_action);
  gtk_widget_class_install_action (widget_class, "branches.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "branches.merge", "s", merge_action);
  gtk_widget_class_install_action (widget_class, "branches.rename-focused", NULL, focused_action);
  gtk_widget_class_install_action (widget_class, "branches.delete-focused", NULL, focused_action);
  gtk_widget_class_install_action (widget_class, "branches.menu-focused", NULL, focused_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "branches.rename-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "branches.delete-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "branches.menu-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "branches.menu-focused", NULL);
}

/* The look of the panel, and its icon, once per display. */
static void
load_style (GtkWidget *widget)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gtk_widget_get_display (widget);

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/com/chatroutes/Desktop/branches/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    "/com/chatroutes/Desktop/icons");
}

static void
chatroutes_branch_panel_init (ChatroutesBranchPanel *self)
{
  GtkListItemFactory *factory;

  load_style (GTK_WIDGET (self));
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->path_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->snippets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_ptr_array_new ();

  self->selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  update_state (self);
}

ChatroutesBranchPanel *
chatroutes_branch_panel_new (ChatroutesService *service)
{
  ChatroutesBranchPanel *self;

  g_return_val_if_fail (CHATROUTES_IS_SERVICE (service), NULL);

  self = g_object_new (CHATROUTES_TYPE_BRANCH_PANEL, NULL);
  self->service = g_object_ref (service);
  return self;
}

/* Public API */

void
chatroutes_branch_panel_set_conversation (ChatroutesBranchPanel  *self,
                                          ChatroutesConversation *conversation)
{
  g_autoptr(ChatroutesBranchTree) tree = NULL;

  g_return_if_fail (CHATROUTES_IS_BRANCH_PANEL (self));
  g_return_if_fail (conversation == NULL || CHATROUTES_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  /* What was asked for the last conversation no longer matters; pending
   * deletions carry on, since they do not use this cancellable. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->sync_timeout, g_source_remove);
  g_clear_handle_id (&self->snippet_timeout, g_source_remove);

  g_set_object (&self->conversation, conversation);
  g_clear_error (&self->error);
  g_hash_table_remove_all (self->snippets);
  if (self->messages)
    add_snippets (self, self->messages, 0, g_list_model_get_n_items (self->messages));

  if (conversation != NULL)
    tree = chatroutes_branch_tree_new ();
  set_tree (self, tree);
  set_loading (self, FALSE);
  if (conversation != NULL)
    chatroutes_branch_panel_reload (self);
  update_active_path (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

ChatroutesConversation *
chatroutes_branch_panel_get_conversation (ChatroutesBranchPanel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), NULL);
  return self->conversation;
}

void
chatroutes_branch_panel_set_active_branch_id (ChatroutesBranchPanel *self,
                                              const char            *branch_id)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH_PANEL (self));

  if (g_strcmp0 (self->active_id, branch_id) == 0)
    return;
  g_free (self->active_id);
  self->active_id = g_strdup (branch_id);

  /* A branch made elsewhere (forked from a message): fetch the tree again. */
  if (branch_id != NULL && self->tree != NULL && !self->loading &&
      chatroutes_branch_tree_lookup (self->tree, branch_id) == NULL &&
      !g_hash_table_contains (self->pending_deletes, branch_id))
    chatroutes_branch_panel_reload (self);

  update_active_path (self);
  scroll_to_active (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_BRANCH_ID]);
}

const char *
chatroutes_branch_panel_get_active_branch_id (ChatroutesBranchPanel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), NULL);
  return self->resolved_id ? self->resolved_id : self->active_id;
}

void
chatroutes_branch_panel_set_messages (ChatroutesBranchPanel *self,
                                      GListModel            *messages)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH_PANEL (self));
  g_return_if_fail (messages == NULL || G_IS_LIST_MODEL (messages));

  if (self->messages == messages)
    return;
  if (self->messages)
    g_signal_handlers_disconnect_by_data (self->messages, self);
  g_set_object (&self->messages, messages);
  if (messages)
    {
      g_signal_connect_object (messages, "items-changed", G_CALLBACK (on_messages_changed),
                               self, G_CONNECT_SWAPPED);
      add_snippets (self, messages, 0, g_list_model_get_n_items (messages));
      queue_refresh (self);
    }
}

ChatroutesBranchTree *
chatroutes_branch_panel_get_tree (ChatroutesBranchPanel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), NULL);
  return self->tree;
}

gboolean
chatroutes_branch_panel_get_loading (ChatroutesBranchPanel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), FALSE);
  return self->loading;
}

/* Private API */

GtkListView *
_chatroutes_branch_panel_get_list_view (ChatroutesBranchPanel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), NULL);
  return self->list_view;
}

const char *
_chatroutes_branch_panel_get_state (ChatroutesBranchPanel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

ChatroutesBranchRow *
_chatroutes_branch_panel_find_row (ChatroutesBranchPanel *self,
                                   const char            *branch_id)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ChatroutesBranch *branch = chatroutes_branch_row_get_branch (self->rows->pdata[i]);

      if (branch != NULL && g_strcmp0 (chatroutes_branch_get_id (branch), branch_id) == 0)
        return self->rows->pdata[i];
    }
  return NULL;
}

guint
_chatroutes_branch_panel_get_n_pending (ChatroutesBranchPanel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), 0);
  return g_hash_table_size (self->pending_deletes);
}

AdwToast *
_chatroutes_branch_panel_get_last_toast (ChatroutesBranchPanel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_PANEL (self), NULL);
  return self->last_toast;
}
