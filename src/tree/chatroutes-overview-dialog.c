/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-overview-dialog.h"
#include "chatroutes-tree-resources.h"

struct _ChatroutesOverviewDialog
{
  AdwDialog parent_instance;

  ChatroutesService *service;
  ChatroutesConversation *conversation;
  char *active_branch_id;
  GCancellable *cancellable;
  ChatroutesMessageTree *tree;
  gboolean loading;

  AdwWindowTitle *window_title;
  GtkStack *stack;
  AdwStatusPage *error_page;
  GtkScrolledWindow *scroller;
  ChatroutesOverview *overview;
};

G_DEFINE_FINAL_TYPE (ChatroutesOverviewDialog, chatroutes_overview_dialog, ADW_TYPE_DIALOG)

enum {
  MESSAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_message_activated (ChatroutesOverviewDialog *self,
                      const char               *branch_id,
                      const char               *message_id)
{
  g_object_ref (self);
  g_signal_emit (self, signals[MESSAGE_ACTIVATED], 0, branch_id, message_id);
  adw_dialog_close (ADW_DIALOG (self));
  g_object_unref (self);
}

/* Opens where the person is: on the active branch's newest message. */
static guint
active_node (ChatroutesOverviewDialog *self)
{
  ChatroutesMessageTree *tree = self->tree;
  guint n = chatroutes_message_tree_get_n_nodes (tree);
  guint best = CHATROUTES_MESSAGE_TREE_NONE;

  for (guint i = 0; i < n; i++)
    {
      const char *branch = chatroutes_message_tree_get_branch_id (tree, i);

      if (self->active_branch_id != NULL && g_strcmp0 (branch, self->active_branch_id) != 0)
        continue;
      if (best == CHATROUTES_MESSAGE_TREE_NONE ||
          chatroutes_message_tree_get_depth (tree, i) > chatroutes_message_tree_get_depth (tree, best))
        best = i;
    }
  return best;
}

/* No branch named means the main one. */
static void
resolve_main_branch (ChatroutesOverviewDialog *self)
{
  GListModel *branches = chatroutes_message_tree_get_branches (self->tree);

  for (guint i = 0; self->active_branch_id == NULL && i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);

      if (chatroutes_branch_get_is_main (branch))
        self->active_branch_id = g_strdup (chatroutes_branch_get_id (branch));
    }
}

static void
show_tree (ChatroutesOverviewDialog *self)
{
  guint node;

  resolve_main_branch (self);
  chatroutes_overview_set_active_branch_id (self->overview, self->active_branch_id);
  chatroutes_overview_set_tree (self->overview, self->tree);
  if (chatroutes_message_tree_get_n_nodes (self->tree) == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "graph");
  node = active_node (self);
  if (node != CHATROUTES_MESSAGE_TREE_NONE)
    chatroutes_overview_set_cursor (self->overview, node);
  gtk_widget_grab_focus (GTK_WIDGET (self->overview));
}

void
chatroutes_overview_dialog_set_tree (ChatroutesOverviewDialog *self,
                                     ChatroutesMessageTree    *tree)
{
  g_return_if_fail (CHATROUTES_IS_OVERVIEW_DIALOG (self));
  g_return_if_fail (CHATROUTES_IS_MESSAGE_TREE (tree));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  g_set_object (&self->tree, tree);
  show_tree (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(ChatroutesOverviewDialog) self = data;
  g_autoptr(GError) error = NULL;

  if (!chatroutes_message_tree_load_finish (CHATROUTES_MESSAGE_TREE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  self->loading = FALSE;
  g_set_object (&self->tree, CHATROUTES_MESSAGE_TREE (object));
  show_tree (self);
}

static void
reload (ChatroutesOverviewDialog *self)
{
  g_autoptr(ChatroutesMessageTree) tree = chatroutes_message_tree_new ();

  if (self->service == NULL || self->conversation == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  chatroutes_message_tree_load_async (tree, self->service,
                                      chatroutes_conversation_get_id (self->conversation),
                                      self->cancellable, load_cb, g_object_ref (self));
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  chatroutes_overview_zoom_in (CHATROUTES_OVERVIEW_DIALOG (widget)->overview);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  chatroutes_overview_zoom_out (CHATROUTES_OVERVIEW_DIALOG (widget)->overview);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  chatroutes_overview_zoom_to_fit (CHATROUTES_OVERVIEW_DIALOG (widget)->overview);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  reload (CHATROUTES_OVERVIEW_DIALOG (widget));
}

static void
chatroutes_overview_dialog_dispose (GObject *object)
{
  ChatroutesOverviewDialog *self = (ChatroutesOverviewDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHATROUTES_TYPE_OVERVIEW_DIALOG);
  g_clear_object (&self->tree);
  g_clear_object (&self->service);
  g_clear_object (&self->conversation);

  G_OBJECT_CLASS (chatroutes_overview_dialog_parent_class)->dispose (object);
}

static void
chatroutes_overview_dialog_finalize (GObject *object)
{
  ChatroutesOverviewDialog *self = (ChatroutesOverviewDialog *)object;

  g_free (self->active_branch_id);

  G_OBJECT_CLASS (chatroutes_overview_dialog_parent_class)->finalize (object);
}

static void
chatroutes_overview_dialog_class_init (ChatroutesOverviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_overview_dialog_dispose;
  object_class->finalize = chatroutes_overview_dialog_finalize;

  signals[MESSAGE_ACTIVATED] =
    g_signal_new ("message-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (CHATROUTES_TYPE_OVERVIEW);
  /* Keeps the resources' object, and its registration, in static links. */
  g_resources_register (chatroutes_tree_get_resource ());
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/chatroutes/Desktop/tree/chatroutes-overview-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesOverviewDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesOverviewDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesOverviewDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesOverviewDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesOverviewDialog, overview);
  gtk_widget_class_bind_template_callback (widget_class, on_message_activated);

  gtk_widget_class_install_action (widget_class, "overview-dialog.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "overview-dialog.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "overview-dialog.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "overview-dialog.reload", NULL, reload_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "overview-dialog.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "overview-dialog.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "overview-dialog.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "overview-dialog.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "overview-dialog.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "overview-dialog.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "overview-dialog.zoom-fit", NULL);
}

static void
chatroutes_overview_dialog_init (ChatroutesOverviewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ChatroutesOverviewDialog *
chatroutes_overview_dialog_new (ChatroutesService      *service,
                                ChatroutesConversation *conversation,
                                const char             *active_branch_id)
{
  ChatroutesOverviewDialog *self;

  g_return_val_if_fail (service == NULL || CHATROUTES_IS_SERVICE (service), NULL);
  g_return_val_if_fail (conversation == NULL || CHATROUTES_IS_CONVERSATION (conversation), NULL);

  self = g_object_new (CHATROUTES_TYPE_OVERVIEW_DIALOG, NULL);
  g_set_object (&self->service, service);
  g_set_object (&self->conversation, conversation);
  self->active_branch_id = g_strdup (active_branch_id);
  if (conversation != NULL)
    adw_window_title_set_subtitle (self->window_title, chatroutes_conversation_get_title (conversation));
  reload (self);
  return self;
}

ChatroutesOverview *
chatroutes_overview_dialog_get_overview (ChatroutesOverviewDialog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_OVERVIEW_DIALOG (self), NULL);
  return self->overview;
}

gboolean
chatroutes_overview_dialog_get_loading (ChatroutesOverviewDialog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_OVERVIEW_DIALOG (self), FALSE);
  return self->loading;
}
