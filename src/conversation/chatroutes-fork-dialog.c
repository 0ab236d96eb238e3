/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-conversation"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-fork-dialog.h"

struct _ChatroutesForkDialog
{
  AdwAlertDialog parent_instance;

  GtkWidget *title_row;
  GtkWidget *mode_checks[3];   /* FULL, PARTIAL, MINIMAL */
};

G_DEFINE_FINAL_TYPE (ChatroutesForkDialog, chatroutes_fork_dialog, ADW_TYPE_ALERT_DIALOG)

static const ChatroutesContextMode modes[] = {
  CHATROUTES_CONTEXT_MODE_FULL,
  CHATROUTES_CONTEXT_MODE_PARTIAL,
  CHATROUTES_CONTEXT_MODE_MINIMAL,
};

static void
on_title_changed (ChatroutesForkDialog *self)
{
  g_autofree char *title = chatroutes_fork_dialog_dup_branch_title (self);

  adw_alert_dialog_set_response_enabled (ADW_ALERT_DIALOG (self), "fork", *title != '\0');
}

static GtkWidget *
mode_row (ChatroutesForkDialog *self,
          guint                 index,
          const char           *title,
          const char           *explanation)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (index > 0)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (self->mode_checks[0]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), explanation);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  self->mode_checks[index] = check;
  return row;
}

static void
chatroutes_fork_dialog_class_init (ChatroutesForkDialogClass *klass)
{
}

static void
chatroutes_fork_dialog_init (ChatroutesForkDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title_list = gtk_list_box_new ();
  GtkWidget *mode_list = gtk_list_box_new ();
  GtkWidget *mode_label;

  adw_alert_dialog_set_heading (ADW_ALERT_DIALOG (self), _("Fork From Here"));
  adw_alert_dialog_set_body (ADW_ALERT_DIALOG (self),
                             _("A new branch grows from this message. The conversation so far stays as it is."));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (self),
                                  "cancel", _("_Cancel"),
                                  "fork", _("_Fork"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (self), "fork", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (self), "fork");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (self), "cancel");

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (title_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (title_list, "boxed-list");
  self->title_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("Branch Title"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (self->title_row), TRUE);
  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (on_title_changed), self);
  gtk_list_box_append (GTK_LIST_BOX (title_list), self->title_row);
  gtk_box_append (GTK_BOX (box), title_list);

  mode_label = gtk_label_new (_("Context"));
  gtk_label_set_xalign (GTK_LABEL (mode_label), 0);
  gtk_widget_add_css_class (mode_label, "heading");
  gtk_widget_set_margin_top (mode_label, 6);
  gtk_box_append (GTK_BOX (box), mode_label);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (mode_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (mode_list, "boxed-list");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (mode_list),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, mode_label, NULL, -1);
  gtk_list_box_append (GTK_LIST_BOX (mode_list),
                       mode_row (self, 0, _("F_ull"),
                                 _("The branch sees the whole conversation up to this message.")));
  gtk_list_box_append (GTK_LIST_BOX (mode_list),
                       mode_row (self, 1, _("_Partial"),
                                 _("The branch sees the recent messages; earlier ones are summarised.")));
  gtk_list_box_append (GTK_LIST_BOX (mode_list),
                       mode_row (self, 2, _("_Minimal"),
                                 _("The branch starts almost fresh, with little more than this message.")));
  gtk_box_append (GTK_BOX (box), mode_list);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->mode_checks[0]), TRUE);

  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (self), box);
  on_title_changed (self);
}

AdwDialog *
chatroutes_fork_dialog_new (const char *branch_title)
{
  ChatroutesForkDialog *self = g_object_new (CHATROUTES_TYPE_FORK_DIALOG, NULL);

  chatroutes_fork_dialog_set_branch_title (self, branch_title);
  return ADW_DIALOG (self);
}

char *
chatroutes_fork_dialog_dup_branch_title (ChatroutesForkDialog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_FORK_DIALOG (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
}

void
chatroutes_fork_dialog_set_branch_title (ChatroutesForkDialog *self,
                                         const char           *title)
{
  g_return_if_fail (CHATROUTES_IS_FORK_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title ? title : "");
}

ChatroutesContextMode
chatroutes_fork_dialog_get_context_mode (ChatroutesForkDialog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_FORK_DIALOG (self), CHATROUTES_CONTEXT_MODE_FULL);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->mode_checks[i])))
      return modes[i];
  return CHATROUTES_CONTEXT_MODE_FULL;
}

void
chatroutes_fork_dialog_set_context_mode (ChatroutesForkDialog  *self,
                                         ChatroutesContextMode  mode)
{
  g_return_if_fail (CHATROUTES_IS_FORK_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (modes[i] == mode)
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->mode_checks[i]), TRUE);
}
