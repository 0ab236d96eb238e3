/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-conversation"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-checkpoints-dialog.h"

struct _ChatroutesCheckpointsDialog
{
  AdwDialog parent_instance;

  ChatroutesService *service;
  char *conversation_id;
  char *branch_id;
  GListStore *checkpoints;
  GCancellable *cancellable;
  guint busy;

  AdwToastOverlay *toasts;
  GtkStack *stack;
  AdwStatusPage *error_page;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (ChatroutesCheckpointsDialog, chatroutes_checkpoints_dialog, ADW_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (ChatroutesCheckpointsDialog *self,
          gboolean                     busy)
{
  gboolean was = self->busy > 0;

  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  if (was != (self->busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_stack (ChatroutesCheckpointsDialog *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->checkpoints)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (self->busy > 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") != 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_error (ChatroutesCheckpointsDialog *self,
            const GError                *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static gboolean
find_checkpoint (ChatroutesCheckpointsDialog *self,
                 const char                  *id,
                 guint                       *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->checkpoints));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesCheckpoint) checkpoint = g_list_model_get_item (G_LIST_MODEL (self->checkpoints), i);

      if (g_strcmp0 (chatroutes_checkpoint_get_id (checkpoint), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
format_details (ChatroutesCheckpoint *checkpoint)
{
  g_autoptr(GDateTime) created = chatroutes_checkpoint_dup_created_at_datetime (checkpoint);
  g_autoptr(GDateTime) local = created ? g_date_time_to_local (created) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%x %R") : NULL;
  gint64 tokens = chatroutes_checkpoint_get_token_count (checkpoint);
  g_autofree char *count = NULL;

  if (tokens >= 0)
    {
      unsigned long n = (unsigned long) tokens;
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu token", "%lu tokens", n), n);
    }
  if (count && when)
    return g_strdup_printf ("%s · %s", count, when);
  return g_strdup (count ? count : when ? when : "");
}

static GtkWidget *
row_button (const char *icon,
            const char *label,
            const char *action,
            const char *id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (id ? id : ""));
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  ChatroutesCheckpoint *checkpoint = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *summary = gtk_label_new (chatroutes_checkpoint_get_summary (checkpoint));
  g_autofree char *details = format_details (checkpoint);
  GtkWidget *caption = gtk_label_new (details);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (summary), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (summary), 6);
  gtk_label_set_ellipsize (GTK_LABEL (summary), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_selectable (GTK_LABEL (summary), TRUE);
  gtk_box_append (GTK_BOX (text), summary);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "numeric");
  gtk_box_append (GTK_BOX (text), caption);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  gtk_box_append (GTK_BOX (box), row_button ("view-refresh-symbolic", _("Recreate"),
                                             "checkpoints.recreate", chatroutes_checkpoint_get_id (checkpoint)));
  gtk_box_append (GTK_BOX (box), row_button ("user-trash-symbolic", _("Delete"),
                                             "checkpoints.delete", chatroutes_checkpoint_get_id (checkpoint)));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static gint
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  return -g_strcmp0 (chatroutes_checkpoint_get_created_at ((ChatroutesCheckpoint *) a),
                     chatroutes_checkpoint_get_created_at ((ChatroutesCheckpoint *) b));
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(ChatroutesCheckpointsDialog) self = data;
  g_autoptr(GListModel) checkpoints = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  checkpoints = chatroutes_service_list_checkpoints_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (checkpoints == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_stack (self);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (checkpoints); i++)
    {
      ChatroutesCheckpoint *checkpoint = g_list_model_get_item (checkpoints, i);

      /* Some services list every branch's checkpoints whatever is asked. */
      if (chatroutes_checkpoint_get_branch_id (checkpoint) == NULL ||
          g_strcmp0 (chatroutes_checkpoint_get_branch_id (checkpoint), self->branch_id) == 0)
        g_ptr_array_add (items, checkpoint);
      else
        g_object_unref (checkpoint);
    }
  g_ptr_array_sort_values_with_data (items, newest_first, NULL);
  g_list_store_splice (self->checkpoints, 0, g_list_model_get_n_items (G_LIST_MODEL (self->checkpoints)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_stack (self);
}

static void
reload (ChatroutesCheckpointsDialog *self)
{
  set_busy (self, TRUE);
  update_stack (self);
  chatroutes_service_list_checkpoints_async (self->service, self->conversation_id, self->branch_id,
                                             self->cancellable, listed_cb, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  reload (CHATROUTES_CHECKPOINTS_DIALOG (widget));
}

static void
recreated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(ChatroutesCheckpointsDialog) self = data;
  g_autoptr(ChatroutesCheckpoint) checkpoint = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  checkpoint = chatroutes_service_recreate_checkpoint_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (checkpoint == NULL)
    {
      show_error (self, error);
      return;
    }
  if (find_checkpoint (self, chatroutes_checkpoint_get_id (checkpoint), &position))
    g_list_store_splice (self->checkpoints, position, 1, (gpointer *) &checkpoint, 1);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Checkpoint recreated")));
}

static void
recreate_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  ChatroutesCheckpointsDialog *self = CHATROUTES_CHECKPOINTS_DIALOG (widget);

  set_busy (self, TRUE);
  chatroutes_service_recreate_checkpoint_async (self->service, g_variant_get_string (param, NULL),
                                                self->cancellable, recreated_cb, g_object_ref (self));
}

typedef struct
{
  ChatroutesCheckpointsDialog *self;
  char *id;
} Deleting;

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Deleting *deleting = data;
  ChatroutesCheckpointsDialog *self = deleting->self;
  g_autoptr(GError) error = NULL;
  guint position;

  if (chatroutes_service_delete_checkpoint_finish (CHATROUTES_SERVICE (object), result, &error))
    {
      set_busy (self, FALSE);
      if (find_checkpoint (self, deleting->id, &position))
        g_list_store_remove (self->checkpoints, position);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Checkpoint deleted")));
      update_stack (self);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, FALSE);
      show_error (self, error);
    }

  g_object_unref (deleting->self);
  g_free (deleting->id);
  g_free (deleting);
}

static void
delete_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ChatroutesCheckpointsDialog *self = CHATROUTES_CHECKPOINTS_DIALOG (widget);
  Deleting *deleting = g_new0 (Deleting, 1);

  deleting->self = g_object_ref (self);
  deleting->id = g_variant_dup_string (param, NULL);
  set_busy (self, TRUE);
  chatroutes_service_delete_checkpoint_async (self->service, deleting->id, self->cancellable,
                                              deleted_cb, deleting);
}

static void
chatroutes_checkpoints_dialog_dispose (GObject *object)
{
  ChatroutesCheckpointsDialog *self = CHATROUTES_CHECKPOINTS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->checkpoints);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (chatroutes_checkpoints_dialog_parent_class)->dispose (object);
}

static void
chatroutes_checkpoints_dialog_finalize (GObject *object)
{
  ChatroutesCheckpointsDialog *self = CHATROUTES_CHECKPOINTS_DIALOG (object);

  g_free (self->conversation_id);
  g_free (self->branch_id);

  G_OBJECT_CLASS (chatroutes_checkpoints_dialog_parent_class)->finalize (object);
}

static void
chatroutes_checkpoints_dialog_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  ChatroutesCheckpointsDialog *self = CHATROUTES_CHECKPOINTS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_checkpoints_dialog_class_init (ChatroutesCheckpointsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_checkpoints_dialog_dispose;
  object_class->finalize = chatroutes_checkpoints_dialog_finalize;
  object_class->get_property = chatroutes_checkpoints_dialog_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "checkpoints.recreate", "s", recreate_action);
  gtk_widget_class_install_action (widget_class, "checkpoints.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "checkpoints.reload", NULL, reload_action);
}

static GtkWidget *
status_page (const char *icon,
             const char *title,
             const char *description)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  gtk_widget_add_css_class (page, "compact");
  return page;
}

static void
chatroutes_checkpoints_dialog_init (ChatroutesCheckpointsDialog *self)
{
  GtkWidget *toolbar = adw_toolbar_view_new ();
  GtkWidget *spinner = adw_spinner_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->cancellable = g_cancellable_new ();
  self->checkpoints = g_list_store_new (CHATROUTES_TYPE_CHECKPOINT);

  adw_dialog_set_title (ADW_DIALOG (self), _("Checkpoints"));
  adw_dialog_set_content_width (ADW_DIALOG (self), 520);
  adw_dialog_set_content_height (ADW_DIALOG (self), 480);
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar), adw_header_bar_new ());

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, spinner, "loading");
  gtk_stack_add_named (self->stack,
                       status_page ("document-save-symbolic", _("No Checkpoints"),
                                    _("“Summarize up to Here” on a message keeps a summary of the branch so far, which later replies can use instead of the whole history.")),
                       "empty");
  self->error_page = ADW_STATUS_PAGE (status_page ("dialog-warning-symbolic", _("Could Not Load the Checkpoints"), NULL));
  {
    GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));

    gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (retry, "pill");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (retry), "checkpoints.reload");
    adw_status_page_set_child (self->error_page, retry);
  }
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 18);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Checkpoints"), -1);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->checkpoints), create_row, NULL, NULL);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_stack_add_named (self->stack, scroller, "list");

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar), GTK_WIDGET (self->toasts));
  adw_dialog_set_child (ADW_DIALOG (self), toolbar);
}

AdwDialog *
chatroutes_checkpoints_dialog_new (ChatroutesService *service,
                                   const char        *conversation_id,
                                   const char        *branch_id)
{
  ChatroutesCheckpointsDialog *self;

  g_return_val_if_fail (CHATROUTES_IS_SERVICE (service), NULL);
  g_return_val_if_fail (conversation_id != NULL, NULL);
  g_return_val_if_fail (branch_id != NULL, NULL);

  self = g_object_new (CHATROUTES_TYPE_CHECKPOINTS_DIALOG, NULL);
  self->service = g_object_ref (service);
  self->conversation_id = g_strdup (conversation_id);
  self->branch_id = g_strdup (branch_id);
  reload (self);
  return ADW_DIALOG (self);
}

GListModel *
chatroutes_checkpoints_dialog_get_checkpoints (ChatroutesCheckpointsDialog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINTS_DIALOG (self), NULL);
  return G_LIST_MODEL (self->checkpoints);
}

gboolean
chatroutes_checkpoints_dialog_get_loading (ChatroutesCheckpointsDialog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINTS_DIALOG (self), FALSE);
  return self->busy > 0;
}
