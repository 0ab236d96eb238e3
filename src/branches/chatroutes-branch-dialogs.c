/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-branches"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-branch-dialogs.h"

#define ENTRY_KEY_PREFIX "chatroutes-entry-"
#define BASE_IDS_KEY "chatroutes-base-ids"
#define BASE_ROW_KEY "chatroutes-base-row"
#define MODE_BUTTONS_KEY "chatroutes-mode-buttons"

char *
chatroutes_branch_snippet (const char *text,
                           guint       max_chars)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  guint n = 0;

  if (text == NULL)
    return g_string_free (out, FALSE);

  /* Markdown heading and quote marks at the start say nothing. */
  while (*text == '#' || *text == '>' || g_ascii_isspace (*text))
    text++;

  for (const char *p = text; *p != '\0' && n < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n++;
    }
  if (n >= max_chars)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static void
on_title_changed (GtkEditable    *editable,
                  AdwAlertDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  const char *response = g_object_get_data (G_OBJECT (dialog), "chatroutes-main-response");

  adw_alert_dialog_set_response_enabled (dialog, response, text[0] != '\0');
}

static GtkWidget *
add_entry_row (AdwAlertDialog *dialog,
               GtkWidget      *group,
               const char     *name,
               const char     *title,
               const char     *text)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *key = g_strconcat (ENTRY_KEY_PREFIX, name, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_object_set_data (G_OBJECT (dialog), key, row);
  return row;
}

GtkEditable *
chatroutes_branch_dialog_get_entry (AdwAlertDialog *dialog,
                                    const char     *name)
{
  g_autofree char *key = g_strconcat (ENTRY_KEY_PREFIX, name, NULL);

  g_return_val_if_fail (ADW_IS_ALERT_DIALOG (dialog), NULL);
  return g_object_get_data (G_OBJECT (dialog), key);
}

AdwAlertDialog *
chatroutes_rename_branch_dialog_new (ChatroutesBranch *branch)
{
  AdwAlertDialog *dialog;
  GtkWidget *group;
  GtkWidget *row;

  g_return_val_if_fail (CHATROUTES_IS_BRANCH (branch), NULL);

  dialog = ADW_ALERT_DIALOG (adw_alert_dialog_new (_("Rename Branch"), NULL));
  adw_alert_dialog_add_responses (dialog,
                                  "cancel", _("_Cancel"),
                                  "rename", _("_Rename"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (dialog, "rename");
  adw_alert_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "chatroutes-main-response", (gpointer) "rename");

  group = adw_preferences_group_new ();
  row = add_entry_row (dialog, group, "title", _("Title"), chatroutes_branch_get_title (branch));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_title_changed), dialog, 0);
  adw_alert_dialog_set_extra_child (dialog, group);
  adw_dialog_set_focus (ADW_DIALOG (dialog), row);
  return dialog;
}

AdwAlertDialog *
chatroutes_merge_branch_dialog_new (ChatroutesBranch *branch,
                                    ChatroutesBranch *parent)
{
  AdwAlertDialog *dialog;
  const char *title;
  const char *parent_title;
  gint64 count;
  g_autofree char *heading = NULL;
  g_autofree char *what = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (CHATROUTES_IS_BRANCH (branch), NULL);
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (parent), NULL);

  title = chatroutes_branch_get_title (branch) ? chatroutes_branch_get_title (branch) : _("Untitled Branch");
  parent_title = chatroutes_branch_get_title (parent) ? chatroutes_branch_get_title (parent) : _("Untitled Branch");
  count = chatroutes_branch_get_message_count (branch);

  heading = g_strdup (_("Merge Branch?"));
  if (count >= 0)
    what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The %lu message of “%s” will be added to the end of “%s”.",
                                         "The %lu messages of “%s” will be added to the end of “%s”.",
                                         (gulong) count),
                            (gulong) count, title, parent_title);
  else
    what = g_strdup_printf (_("The messages of “%s” will be added to the end of “%s”."), title, parent_title);
  body = g_strdup_printf (_("%s “%s” will stay in the list, marked as merged, and cannot be merged again."),
                          what, title);

  dialog = ADW_ALERT_DIALOG (adw_alert_dialog_new (heading, body));
  adw_alert_dialog_add_responses (dialog,
                                  "cancel", _("_Cancel"),
                                  "merge", _("_Merge"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (dialog, "merge", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (dialog, "merge");
  adw_alert_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

/* New branch */

static const struct
{
  ChatroutesContextMode mode;
  const char *title;
  const char *explanation;
} context_modes[] = {
  { CHATROUTES_CONTEXT_MODE_FULL, N_("Full"),
    N_("The branch sees every message up to where it starts.") },
  { CHATROUTES_CONTEXT_MODE_PARTIAL, N_("Partial"),
    N_("The branch sees a summary of the earlier messages and the latest ones in full.") },
  { CHATROUTES_CONTEXT_MODE_MINIMAL, N_("Minimal"),
    N_("The branch starts almost fresh, with only the message it grows from.") },
};

AdwAlertDialog *
chatroutes_new_branch_dialog_new (GListModel *messages)
{
  AdwAlertDialog *dialog;
  GtkWidget *box;
  GtkWidget *group;
  GtkWidget *row;
  GtkStringList *labels;
  GPtrArray *ids;
  GPtrArray *buttons;
  GtkWidget *first_button = NULL;
  guint n;

  g_return_val_if_fail (messages == NULL || G_IS_LIST_MODEL (messages), NULL);

  dialog = ADW_ALERT_DIALOG (adw_alert_dialog_new (_("New Branch"), NULL));
  adw_alert_dialog_add_responses (dialog,
                                  "cancel", _("_Cancel"),
                                  "create", _("C_reate"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (dialog, "create");
  adw_alert_dialog_set_close_response (dialog, "cancel");
  adw_alert_dialog_set_response_enabled (dialog, "create", FALSE);
  g_object_set_data (G_OBJECT (dialog), "chatroutes-main-response", (gpointer) "create");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  group = adw_preferences_group_new ();
  row = add_entry_row (dialog, group, "title", _("Title"), NULL);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_title_changed), dialog, 0);
  adw_dialog_set_focus (ADW_DIALOG (dialog), row);
  add_entry_row (dialog, group, "description", _("Description (optional)"), NULL);

  /* The base message: none, or one of the messages shown. */
  labels = gtk_string_list_new (NULL);
  ids = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (labels, _("None: the service picks"));
  g_ptr_array_add (ids, NULL);
  n = messages ? g_list_model_get_n_items (messages) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesMessage) message = g_list_model_get_item (messages, i);
      g_autofree char *snippet = NULL;
      g_autofree char *label = NULL;

      if (chatroutes_message_get_id (message) == NULL)
        continue;
      snippet = chatroutes_branch_snippet (chatroutes_message_get_content (message), 48);
      label = g_strdup_printf (g_strcmp0 (chatroutes_message_get_role (message), "user") == 0
                               ? _("You: %s") : _("Reply: %s"), snippet);
      gtk_string_list_append (labels, label);
      g_ptr_array_add (ids, g_strdup (chatroutes_message_get_id (message)));
    }
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Starts From"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_unref (labels);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_object_set_data (G_OBJECT (dialog), BASE_ROW_KEY, row);
  g_object_set_data_full (G_OBJECT (dialog), BASE_IDS_KEY, ids, (GDestroyNotify) g_ptr_array_unref);
  gtk_box_append (GTK_BOX (box), group);

  /* How much context the branch carries. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Context"));
  buttons = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (context_modes); i++)
    {
      GtkWidget *check = gtk_check_button_new ();

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(context_modes[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(context_modes[i].explanation));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (first_button == NULL)
        first_button = check;
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (first_button));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (buttons, check);
    }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (first_button), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), MODE_BUTTONS_KEY, buttons, (GDestroyNotify) g_ptr_array_unref);
  gtk_box_append (GTK_BOX (box), group);

  adw_alert_dialog_set_extra_child (dialog, box);
  return dialog;
}

void
chatroutes_new_branch_dialog_set_base (AdwAlertDialog *dialog,
                                       int             position)
{
  AdwComboRow *row = g_object_get_data (G_OBJECT (dialog), BASE_ROW_KEY);

  g_return_if_fail (row != NULL);
  adw_combo_row_set_selected (row, position < 0 ? 0 : (guint) position + 1);
}

const char *
chatroutes_new_branch_dialog_get_base (AdwAlertDialog *dialog)
{
  AdwComboRow *row = g_object_get_data (G_OBJECT (dialog), BASE_ROW_KEY);
  GPtrArray *ids = g_object_get_data (G_OBJECT (dialog), BASE_IDS_KEY);
  guint selected;

  g_return_val_if_fail (row != NULL && ids != NULL, NULL);
  selected = adw_combo_row_get_selected (row);
  return selected < ids->len ? ids->pdata[selected] : NULL;
}

void
chatroutes_new_branch_dialog_set_mode (AdwAlertDialog        *dialog,
                                       ChatroutesContextMode  mode)
{
  GPtrArray *buttons = g_object_get_data (G_OBJECT (dialog), MODE_BUTTONS_KEY);

  g_return_if_fail (buttons != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (context_modes); i++)
    if (context_modes[i].mode == mode)
      gtk_check_button_set_active (buttons->pdata[i], TRUE);
}

ChatroutesContextMode
chatroutes_new_branch_dialog_get_mode (AdwAlertDialog *dialog)
{
  GPtrArray *buttons = g_object_get_data (G_OBJECT (dialog), MODE_BUTTONS_KEY);

  g_return_val_if_fail (buttons != NULL, CHATROUTES_CONTEXT_MODE_DEFAULT);
  for (guint i = 0; i < G_N_ELEMENTS (context_modes); i++)
    if (gtk_check_button_get_active (buttons->pdata[i]))
      return context_modes[i].mode;
  return CHATROUTES_CONTEXT_MODE_DEFAULT;
}
