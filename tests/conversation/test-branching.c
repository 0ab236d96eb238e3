/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-checkpoints-dialog.h"
#include "chatroutes-composer.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-fork-dialog.h"
#include "chatroutes-message-row.h"
#include "chatroutes-suggestions-dialog.h"
#include "test-util.h"
#include "ui-util.h"

/* The conversation every test starts from, on the main branch:
 * 0 question, 1 reply, 2 question, 3 reply. */
#define FIRST_QUESTION  "Plan two days in Lisbon"
#define SECOND_QUESTION "What about Porto instead?"

typedef struct
{
  TestSimulator *sim;
  ChatroutesService *service;
  ChatroutesConversation *conversation;
  GtkWidget *window;
  ChatroutesConversationView *page;
  guint branches_created;
  guint branch_notifies;
} Fixture;

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  return test_wait_result (result);
}

static ChatroutesSendResult *
service_send (Fixture    *f,
              const char *branch_id,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  ChatroutesSendResult *sent;

  chatroutes_service_send_message_async (f->service, chatroutes_conversation_get_id (f->conversation),
                                         branch_id, text, NULL, NULL, test_store_result, &result);
  result = wait_result (&result);
  sent = chatroutes_service_send_message_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return sent;
}

static GListModel *
service_branch_messages (Fixture    *f,
                         const char *branch_id)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *messages;

  chatroutes_service_list_branch_messages_async (f->service, chatroutes_conversation_get_id (f->conversation),
                                                 branch_id, NULL, test_store_result, &result);
  result = wait_result (&result);
  messages = chatroutes_service_list_branch_messages_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return messages;
}

static GListModel *
service_checkpoints (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *checkpoints;

  chatroutes_service_list_checkpoints_async (f->service, chatroutes_conversation_get_id (f->conversation),
                                             NULL, NULL, test_store_result, &result);
  result = wait_result (&result);
  checkpoints = chatroutes_service_list_checkpoints_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return checkpoints;
}

static void
on_branch_created (ChatroutesConversationView *page,
                   ChatroutesBranch           *branch,
                   Fixture                    *f)
{
  g_assert_true (CHATROUTES_IS_BRANCH (branch));
  f->branches_created++;
}

static void
on_branch_notify (Fixture *f)
{
  f->branch_notifies++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  /* Short replies, so a whole conversation fits on the screen. */
  f->sim = test_simulator_start ("--pace-ms", "2", "--stream-events", "14", NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_delay (f->service, 0.01);

  chatroutes_service_create_conversation_async (f->service, "Portugal trip", NULL, NULL, test_store_result, &result);
  result = wait_result (&result);
  f->conversation = chatroutes_service_create_conversation_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);

  g_object_unref (service_send (f, NULL, FIRST_QUESTION));
  g_object_unref (service_send (f, NULL, SECOND_QUESTION));

  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 760);
  f->page = chatroutes_conversation_view_new (f->service);
  g_signal_connect (f->page, "branch-created", G_CALLBACK (on_branch_created), f);
  g_signal_connect_swapped (f->page, "notify::branch-id", G_CALLBACK (on_branch_notify), f);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  chatroutes_conversation_view_set_conversation (f->page, f->conversation, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ui_set_dark (FALSE);
  gtk_window_destroy (GTK_WINDOW (f->window));
  ui_run_for (50);
  g_clear_object (&f->conversation);
  g_assert_finalize_object (f->service);
  test_simulator_stop (f->sim);
}

/* What the page shows */

static guint
n_messages (Fixture *f)
{
  GListModel *messages = chatroutes_conversation_view_get_messages (f->page);
  return messages ? g_list_model_get_n_items (messages) : 0;
}

static ChatroutesMessage *
message_at (Fixture *f,
            guint    position)
{
  return g_list_model_get_item (chatroutes_conversation_view_get_messages (f->page), position);
}

static char *
dup_id_at (Fixture *f,
           guint    position)
{
  g_autoptr(ChatroutesMessage) message = message_at (f, position);
  return g_strdup (chatroutes_message_get_id (message));
}

static gboolean
path_loaded (gpointer data)
{
  Fixture *f = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (f->page);
  gboolean loading = TRUE;

  if (messages)
    g_object_get (messages, "loading", &loading, NULL);
  return !loading;
}

static gboolean
settled (gpointer data)
{
  Fixture *f = data;
  guint n;
  g_autoptr(ChatroutesMessage) last = NULL;

  if (!path_loaded (f) || g_list_model_get_n_items (chatroutes_service_get_active_streams (f->service)) > 0)
    return FALSE;
  /* The last reply is the service's, not a stand-in. */
  n = n_messages (f);
  if (n == 0)
    return TRUE;
  last = message_at (f, n - 1);
  return chatroutes_message_get_id (last) != NULL;
}

static void
wait_settled (Fixture *f)
{
  g_assert_true (ui_wait_until (settled, f, 20000));
  /* Row marks follow in an idle. */
  ui_run_for (150);
}

static ChatroutesMessageRow *
find_row (GtkWidget         *widget,
          ChatroutesMessage *message)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      ChatroutesMessageRow *found;

      if (CHATROUTES_IS_MESSAGE_ROW (child) &&
          chatroutes_message_row_get_message (CHATROUTES_MESSAGE_ROW (child)) == message)
        return CHATROUTES_MESSAGE_ROW (child);
      if ((found = find_row (child, message)))
        return found;
    }
  return NULL;
}

static ChatroutesMessageRow *
row_at (Fixture *f,
        guint    position)
{
  g_autoptr(ChatroutesMessage) message = message_at (f, position);
  ChatroutesMessageRow *row = find_row (GTK_WIDGET (f->page), message);

  g_assert_nonnull (row);
  return row;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *icon)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), icon) == 0)
        return child;
      if ((found = find_button (child, icon)))
        return found;
    }
  return NULL;
}

static GtkMenuButton *
find_menu_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found;

      if (GTK_IS_MENU_BUTTON (child))
        return GTK_MENU_BUTTON (child);
      if ((found = find_menu_button (child)))
        return found;
    }
  return NULL;
}

/* Opens @button's menu and returns the label of the item activating
 * @action (with @target, when given), or NULL. */
static char *
menu_label_for (GtkMenuButton *button,
                const char    *action,
                const char    *target)
{
  GMenuModel *menu;
  char *label = NULL;

  gtk_menu_button_popup (button);
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (menu);
  for (int i = 0; i < g_menu_model_get_n_items (menu) && label == NULL; i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      GMenuModel *items = section ? section : menu;
      int n = section ? g_menu_model_get_n_items (section) : 1;

      for (int j = 0; j < n && label == NULL; j++)
        {
          int index = section ? j : i;
          g_autofree char *item_action = NULL;
          g_autoptr(GVariant) item_target = NULL;

          if (!g_menu_model_get_item_attribute (items, index, G_MENU_ATTRIBUTE_ACTION, "s", &item_action) ||
              g_strcmp0 (item_action, action) != 0)
            continue;
          item_target = g_menu_model_get_item_attribute_value (items, index, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
          if (target && (item_target == NULL || g_strcmp0 (g_variant_get_string (item_target, NULL), target) != 0))
            continue;
          g_menu_model_get_item_attribute (items, index, G_MENU_ATTRIBUTE_LABEL, "s", &label);
        }
    }
  gtk_menu_button_popdown (button);
  return label;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static GtkLabel *
find_styled_label (GtkWidget  *widget,
                   const char *style)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, style))
        return GTK_LABEL (child);
      if ((found = find_styled_label (child, style)))
        return found;
    }
  return NULL;
}

static AdwDialog *
visible_dialog (Fixture *f)
{
  return adw_window_get_visible_dialog (ADW_WINDOW (f->window));
}

static gboolean
has_dialog (gpointer data)
{
  return visible_dialog (data) != NULL;
}

static gboolean
no_dialog (gpointer data)
{
  return visible_dialog (data) == NULL;
}

/* Answers an alert as a click on @response would. */
static void
respond (Fixture    *f,
         AdwDialog  *dialog,
         const char *response)
{
  g_signal_emit_by_name (dialog, "response", response);
  adw_dialog_force_close (dialog);
  g_assert_true (ui_wait_until (no_dialog, f, 2000));
}

static GtkWidget *
composer (Fixture *f)
{
  return chatroutes_conversation_view_get_composer (f->page);
}

static gboolean
composer_has_focus (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == composer (f) || gtk_widget_is_ancestor (focus, composer (f)));
}

static ChatroutesBranch *
shown_branch (Fixture *f)
{
  const char *id = chatroutes_conversation_view_get_branch_id (f->page);
  ChatroutesBranchTree *tree = chatroutes_conversation_view_get_branch_tree (f->page);

  g_assert_nonnull (id);
  g_assert_nonnull (tree);
  return chatroutes_branch_tree_lookup (tree, id);
}

static gboolean
on_a_branch (gpointer data)
{
  Fixture *f = data;
  return chatroutes_conversation_view_get_branch_id (f->page) != NULL && settled (f);
}

static gboolean
on_main (gpointer data)
{
  Fixture *f = data;
  return chatroutes_conversation_view_get_branch_id (f->page) == NULL && settled (f);
}

/* Fork from here: the dialog, then the new branch with the composer
 * focused; sending there goes to the branch, and the mark shows where it
 * begins. */
static void
test_fork (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *reply_id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GListModel) main_messages = NULL;
  ChatroutesForkDialog *dialog;
  ChatroutesBranch *branch;

  wait_settled (f);
  g_assert_cmpuint (n_messages (f), ==, 4);
  /* The main branch has no mark. */
  for (guint i = 0; i < 4; i++)
    g_assert_null (chatroutes_message_row_get_branch_mark (row_at (f, i)));

  reply_id = dup_id_at (f, 1);

  /* A reply's menu forks and regenerates; a question's forks and resends. */
  {
    g_autofree char *question_id = dup_id_at (f, 0);
    GtkMenuButton *reply_menu = find_menu_button (GTK_WIDGET (row_at (f, 1)));
    GtkMenuButton *question_menu = find_menu_button (GTK_WIDGET (row_at (f, 0)));
    g_autofree char *fork = menu_label_for (reply_menu, "conversation.fork-message", reply_id);
    g_autofree char *regenerate = menu_label_for (reply_menu, "conversation.regenerate", reply_id);
    g_autofree char *no_resend = menu_label_for (reply_menu, "conversation.edit-resend", NULL);
    g_autofree char *resend = menu_label_for (question_menu, "conversation.edit-resend", question_id);
    g_autofree char *verify = menu_label_for (question_menu, "conversation.verify-message", question_id);
    g_autofree char *summarize = menu_label_for (question_menu, "conversation.checkpoint-message", question_id);
    g_autofree char *suggest = menu_label_for (question_menu, "conversation.suggest-message", question_id);

    g_assert_cmpstr (fork, ==, "_Fork From Here…");
    g_assert_cmpstr (regenerate, ==, "Re_generate");
    g_assert_null (no_resend);
    g_assert_cmpstr (resend, ==, "Edit and _Resend…");
    g_assert_cmpstr (verify, ==, "_Verify Integrity");
    g_assert_cmpstr (summarize, ==, "Su_mmarize up to Here");
    g_assert_cmpstr (suggest, ==, "_Suggest Branches");
  }

  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.fork-message", "s", reply_id);
  g_assert_true (ui_wait_until (has_dialog, f, 2000));
  g_assert_true (CHATROUTES_IS_FORK_DIALOG (visible_dialog (f)));
  dialog = CHATROUTES_FORK_DIALOG (visible_dialog (f));

  /* The title starts as the message's first words; FULL by default. */
  title = chatroutes_fork_dialog_dup_branch_title (dialog);
  g_assert_cmpstr (title, !=, "");
  g_assert_cmpint (chatroutes_fork_dialog_get_context_mode (dialog), ==, CHATROUTES_CONTEXT_MODE_FULL);

  chatroutes_fork_dialog_set_branch_title (dialog, "Cheaper options");
  chatroutes_fork_dialog_set_context_mode (dialog, CHATROUTES_CONTEXT_MODE_PARTIAL);
  g_assert_cmpint (chatroutes_fork_dialog_get_context_mode (dialog), ==, CHATROUTES_CONTEXT_MODE_PARTIAL);
  ui_run_for (300);
  g_free (ui_save_screenshot (f->window, "fork-dialog"));
  ui_set_dark (TRUE);
  ui_run_for (100);
  g_free (ui_save_screenshot (f->window, "fork-dialog"));
  ui_set_dark (FALSE);

  /* A blank title cannot fork. */
  chatroutes_fork_dialog_set_branch_title (dialog, "   ");
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "fork"));
  chatroutes_fork_dialog_set_branch_title (dialog, "Cheaper options");
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "fork"));

  f->branch_notifies = 0;
  respond (f, ADW_DIALOG (dialog), "fork");
  g_assert_true (ui_wait_until (on_a_branch, f, 10000));
  ui_run_for (150);

  /* The new branch: up to the fork point, the parent's messages. */
  g_assert_cmpuint (f->branches_created, ==, 1);
  g_assert_cmpuint (f->branch_notifies, ==, 1);
  branch = shown_branch (f);
  g_assert_nonnull (branch);
  g_assert_cmpstr (chatroutes_branch_get_title (branch), ==, "Cheaper options");
  g_assert_cmpstr (chatroutes_branch_get_context_mode (branch), ==, "PARTIAL");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (branch), ==, reply_id);
  g_assert_cmpuint (n_messages (f), ==, 2);
  g_assert_true (composer_has_focus (f));

  /* Nothing of its own yet: a note above the composer says where it is. */
  {
    GtkLabel *note = find_styled_label (GTK_WIDGET (f->page), "branch-note");

    g_assert_nonnull (note);
    g_assert_true (ui_wait_until (widget_visible, note, 2000));
    g_assert_nonnull (strstr (gtk_label_get_text (note), "Cheaper options"));
  }
  g_free (ui_save_screenshot (f->window, "fork-new-branch"));

  /* Sending goes to the branch; the mark is on its first message. */
  chatroutes_composer_set_text (CHATROUTES_COMPOSER (composer (f)), "Budget hotels, please");
  gtk_widget_activate_action (composer (f), "composer.send", NULL);
  g_assert_cmpuint (n_messages (f), ==, 4);
  wait_settled (f);
  {
    g_autoptr(ChatroutesMessage) sent = message_at (f, 2);
    g_assert_cmpstr (chatroutes_message_get_content (sent), ==, "Budget hotels, please");
    g_assert_cmpstr (chatroutes_message_get_branch_id (sent), ==, chatroutes_branch_get_id (branch));
  }
  g_assert_cmpstr (chatroutes_message_row_get_branch_mark (row_at (f, 2)), ==, "Cheaper options");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_styled_label (GTK_WIDGET (f->page), "branch-note"))));
  g_assert_null (chatroutes_message_row_get_branch_mark (row_at (f, 1)));
  g_assert_null (chatroutes_message_row_get_branch_mark (row_at (f, 3)));
  g_free (ui_save_screenshot (f->window, "fork-branch-mark"));

  /* The main branch is as it was. */
  main_messages = service_branch_messages (f, chatroutes_branch_get_parent_branch_id (branch));
  g_assert_cmpuint (g_list_model_get_n_items (main_messages), ==, 4);

  /* A cancelled dialog makes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.fork-message", "s", reply_id);
  g_assert_true (ui_wait_until (has_dialog, f, 2000));
  respond (f, visible_dialog (f), "cancel");
  ui_run_for (200);
  g_assert_cmpuint (f->branches_created, ==, 1);
}

/* Opens "Edit and Resend" on the message at @position and sends @text. */
static void
edit_and_resend (Fixture    *f,
                 guint       position,
                 const char *text)
{
  g_autofree char *id = dup_id_at (f, position);
  GtkWidget *scroller;
  GtkTextBuffer *buffer;
  g_autofree char *original = NULL;
  GtkTextIter start, end;

  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.edit-resend", "s", id);
  g_assert_true (ui_wait_until (has_dialog, f, 2000));
  g_assert_true (ADW_IS_ALERT_DIALOG (visible_dialog (f)));
  scroller = adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (visible_dialog (f)));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller))));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  original = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  {
    g_autoptr(ChatroutesMessage) message = message_at (f, position);
    g_assert_cmpstr (original, ==, chatroutes_message_get_content (message));
  }
  gtk_text_buffer_set_text (buffer, text, -1);
  respond (f, visible_dialog (f), "resend");
}

static gboolean
last_content_is (Fixture    *f,
                 guint       position,
                 const char *content)
{
  g_autoptr(ChatroutesMessage) message = NULL;

  if (n_messages (f) <= position)
    return FALSE;
  message = message_at (f, position);
  return g_strcmp0 (chatroutes_message_get_content (message), content) == 0;
}

static gboolean
shows_sintra (gpointer data)
{
  return on_a_branch (data) && n_messages (data) == 4 && last_content_is (data, 2, "What about Sintra instead?");
}

/* Edit and resend makes a sibling; the original stays. */
static void
test_edit_resend (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *first_reply = NULL;
  g_autofree char *original_question = NULL;
  g_autoptr(GListModel) main_messages = NULL;
  ChatroutesBranch *branch;

  wait_settled (f);
  first_reply = dup_id_at (f, 1);
  original_question = dup_id_at (f, 2);

  edit_and_resend (f, 2, "What about Sintra instead?");
  g_assert_true (ui_wait_until (shows_sintra, f, 20000));
  ui_run_for (150);

  /* A branch grown from the message before the question. */
  g_assert_cmpuint (f->branches_created, ==, 1);
  branch = shown_branch (f);
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (branch), ==, first_reply);
  {
    g_autoptr(ChatroutesMessage) reply = message_at (f, 3);
    g_assert_cmpstr (chatroutes_message_get_role (reply), ==, "assistant");
    g_assert_cmpstr (chatroutes_message_get_branch_id (reply), ==, chatroutes_branch_get_id (branch));
  }

  /* The original is untouched on the main branch. */
  main_messages = service_branch_messages (f, chatroutes_branch_get_parent_branch_id (branch));
  g_assert_cmpuint (g_list_model_get_n_items (main_messages), ==, 4);
  {
    g_autoptr(ChatroutesMessage) question = g_list_model_get_item (main_messages, 2);
    g_assert_cmpstr (chatroutes_message_get_id (question), ==, original_question);
    g_assert_cmpstr (chatroutes_message_get_content (question), ==, SECOND_QUESTION);
  }

  /* The question shows it is the second of two versions. */
  g_assert_cmpuint (chatroutes_message_row_get_sibling_count (row_at (f, 2)), ==, 2);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_index (row_at (f, 2)), ==, 1);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_count (row_at (f, 1)), ==, 0);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_count (row_at (f, 3)), ==, 0);

  /* The first message has nothing before it to branch from. */
  {
    g_autofree char *first = dup_id_at (f, 0);
    gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.edit-resend", "s", first);
    ui_run_for (100);
    g_assert_null (visible_dialog (f));
  }
}

static void reload (Fixture *f);

/* Reloading reads the branches again: a version made elsewhere shows. */
static void
test_reload_branches (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *first_reply = NULL;
  g_autoptr(ChatroutesBranch) branch = NULL;
  g_autoptr(ChatroutesSendResult) sent = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  wait_settled (f);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_count (row_at (f, 2)), ==, 0);

  first_reply = dup_id_at (f, 1);
  chatroutes_service_fork_async (f->service, chatroutes_conversation_get_id (f->conversation), first_reply,
                                 "Elsewhere", CHATROUTES_CONTEXT_MODE_DEFAULT, NULL, test_store_result, &result);
  result = wait_result (&result);
  branch = chatroutes_service_fork_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  sent = service_send (f, chatroutes_branch_get_id (branch), "What about Faro instead?");

  reload (f);
  g_assert_null (chatroutes_conversation_view_get_branch_id (f->page));
  g_assert_cmpuint (chatroutes_message_row_get_sibling_count (row_at (f, 2)), ==, 2);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_index (row_at (f, 2)), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.next-version", NULL);
  g_assert_true (ui_wait_until (on_a_branch, f, 10000));
  g_assert_cmpstr (chatroutes_conversation_view_get_branch_id (f->page), ==, chatroutes_branch_get_id (branch));
  g_assert_true (last_content_is (f, 2, "What about Faro instead?"));
}

static gboolean
regenerated (gpointer data)
{
  Fixture *f = data;
  return on_a_branch (f) && n_messages (f) == 4;
}

/* Regenerate: the same question asked again beside the original, with a
 * new reply; the original reply stays. */
static void
test_regenerate (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first_reply = NULL;
  g_autofree char *reply_id = NULL;
  g_autoptr(GListModel) main_messages = NULL;
  ChatroutesBranch *branch;

  wait_settled (f);
  first_reply = dup_id_at (f, 1);
  reply_id = dup_id_at (f, 3);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.regenerate", "s", reply_id);
  g_assert_true (ui_wait_until (regenerated, f, 20000));
  ui_run_for (150);

  branch = shown_branch (f);
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (branch), ==, first_reply);
  {
    g_autoptr(ChatroutesMessage) question = message_at (f, 2);
    g_autoptr(ChatroutesMessage) reply = message_at (f, 3);

    g_assert_cmpstr (chatroutes_message_get_content (question), ==, SECOND_QUESTION);
    g_assert_cmpstr (chatroutes_message_get_role (reply), ==, "assistant");
    g_assert_nonnull (chatroutes_message_get_id (reply));
    g_assert_cmpstr (chatroutes_message_get_id (reply), !=, reply_id);
  }
  g_assert_cmpuint (chatroutes_message_row_get_sibling_count (row_at (f, 2)), ==, 2);

  main_messages = service_branch_messages (f, chatroutes_branch_get_parent_branch_id (branch));
  g_assert_cmpuint (g_list_model_get_n_items (main_messages), ==, 4);
  {
    g_autoptr(ChatroutesMessage) reply = g_list_model_get_item (main_messages, 3);
    g_assert_cmpstr (chatroutes_message_get_id (reply), ==, reply_id);
  }

  /* A question is not regenerated; only replies are. */
  {
    g_autofree char *question = dup_id_at (f, 2);
    gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.regenerate", "s", question);
    ui_run_for (200);
    g_assert_cmpuint (f->branches_created, ==, 1);
  }
}

static gboolean
shows_porto (gpointer data)
{
  return on_main (data) && n_messages (data) == 4 && last_content_is (data, 2, SECOND_QUESTION);
}

static gboolean
shows_braga (gpointer data)
{
  return on_a_branch (data) && n_messages (data) == 4 && last_content_is (data, 2, "What about Braga instead?");
}

/* Activates the shortcut of @widget's class bound to @accel, as the key
 * would; returns whether it handled the key. */
static gboolean
press_shortcut (GtkWidget  *widget,
                GtkWidget  *target,
                const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean found = FALSE;
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_strcmp0 (trigger, accel) == 0)
            {
              handled = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, target,
                                                      gtk_shortcut_get_arguments (shortcut));
              found = TRUE;
            }
        }
    }
  g_assert_true (found);
  return handled;
}

/* ‹ 2/3 ›: the arrows and Alt+Left/Right switch the path shown. */
static void
test_siblings (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *question = NULL;
  GtkWidget *previous;
  GtkWidget *next;

  wait_settled (f);

  /* Three versions of the second question: the original and two edits. */
  edit_and_resend (f, 2, "What about Sintra instead?");
  g_assert_true (ui_wait_until (shows_sintra, f, 20000));
  edit_and_resend (f, 2, "What about Braga instead?");
  g_assert_true (ui_wait_until (shows_braga, f, 20000));
  ui_run_for (150);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_count (row_at (f, 2)), ==, 3);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_index (row_at (f, 2)), ==, 2);

  /* Click ‹: the middle version. */
  previous = find_button (GTK_WIDGET (row_at (f, 2)), "go-previous-symbolic");
  next = find_button (GTK_WIDGET (row_at (f, 2)), "go-next-symbolic");
  g_assert_nonnull (previous);
  g_assert_nonnull (next);
  g_assert_true (gtk_widget_get_sensitive (previous));
  g_assert_false (gtk_widget_get_sensitive (next));
  g_signal_emit_by_name (previous, "clicked");
  g_assert_true (ui_wait_until (shows_sintra, f, 10000));
  ui_run_for (200);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_index (row_at (f, 2)), ==, 1);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_count (row_at (f, 2)), ==, 3);
  g_free (ui_save_screenshot (f->window, "sibling-switcher"));
  ui_set_dark (TRUE);
  ui_run_for (100);
  g_free (ui_save_screenshot (f->window, "sibling-switcher"));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  ui_run_for (300);
  g_free (ui_save_screenshot (f->window, "sibling-switcher-360"));
  ui_set_dark (FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 760);
  ui_run_for (300);

  /* Alt+Left with the focus on the row: the original, on main. */
  question = dup_id_at (f, 2);
  gtk_widget_grab_focus (find_button (GTK_WIDGET (row_at (f, 2)), "go-next-symbolic"));
  g_assert_true (press_shortcut (GTK_WIDGET (f->page), GTK_WIDGET (f->page), "<Alt>Left"));
  g_assert_true (ui_wait_until (shows_porto, f, 10000));
  ui_run_for (200);
  g_assert_cmpuint (chatroutes_message_row_get_sibling_index (row_at (f, 2)), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (row_at (f, 2)), "go-previous-symbolic")));

  /* Alt+Left at the first version leaves the key to the window. */
  g_assert_false (press_shortcut (GTK_WIDGET (f->page), GTK_WIDGET (f->page), "<Alt>Left"));
  ui_run_for (200);
  g_assert_true (shows_porto (f));

  /* Alt+Right with the focus in the composer: forward again. */
  chatroutes_composer_focus (CHATROUTES_COMPOSER (composer (f)));
  g_assert_true (press_shortcut (GTK_WIDGET (f->page), GTK_WIDGET (f->page), "<Alt>Right"));
  g_assert_true (ui_wait_until (shows_sintra, f, 10000));
  g_assert_true (press_shortcut (GTK_WIDGET (f->page), GTK_WIDGET (f->page), "<Alt>Right"));
  g_assert_true (ui_wait_until (shows_braga, f, 10000));
}

/* Integrity */

static ChatroutesContentHashResult
verify (Fixture *f,
        guint    position)
{
  g_autofree char *id = dup_id_at (f, position);
  AdwDialog *dialog;
  ChatroutesContentHashResult result;

  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.verify-message", "s", id);
  g_assert_true (ui_wait_until (has_dialog, f, 2000));
  dialog = visible_dialog (f);
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  result = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "chatroutes-integrity"));
  switch (result)
    {
    case CHATROUTES_CONTENT_HASH_VERIFIED:
      g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)), ==, "Message Verified");
      break;
    case CHATROUTES_CONTENT_HASH_MISMATCH:
      g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)), ==, "Message Does Not Match");
      ui_run_for (300);
      g_free (ui_save_screenshot (f->window, "integrity-mismatch"));
      break;
    case CHATROUTES_CONTENT_HASH_UNAVAILABLE:
    default:
      g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)), ==, "Integrity Not Available");
      break;
    }
  respond (f, dialog, "close");
  return result;
}

static void
reload (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.reload", NULL);
  wait_settled (f);
}

static void
test_integrity (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *reply_id = NULL;

  wait_settled (f);
  g_assert_cmpint (verify (f, 0), ==, CHATROUTES_CONTENT_HASH_VERIFIED);
  g_assert_cmpint (verify (f, 1), ==, CHATROUTES_CONTENT_HASH_VERIFIED);

  /* A reply that streamed in is verified too. */
  chatroutes_conversation_view_send (f->page, "And Coimbra?");
  wait_settled (f);
  g_assert_cmpint (verify (f, 5), ==, CHATROUTES_CONTENT_HASH_VERIFIED);

  reply_id = dup_id_at (f, 1);
  test_simulator_set_message_hash (f->sim, reply_id,
                                   "0000000000000000000000000000000000000000000000000000000000000000");
  reload (f);
  g_assert_cmpint (verify (f, 1), ==, CHATROUTES_CONTENT_HASH_MISMATCH);
  g_assert_cmpint (verify (f, 0), ==, CHATROUTES_CONTENT_HASH_VERIFIED);

  test_simulator_set_message_hash (f->sim, reply_id, NULL);
  reload (f);
  g_assert_cmpint (verify (f, 1), ==, CHATROUTES_CONTENT_HASH_UNAVAILABLE);
}

/* Checkpoints */

static gboolean
checkpoints_idle (gpointer data)
{
  return !chatroutes_checkpoints_dialog_get_loading (data);
}

static gboolean
one_checkpoint_stored (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GListModel) checkpoints = service_checkpoints (f);
  return g_list_model_get_n_items (checkpoints) == 1;
}

static void
test_checkpoints (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *anchor = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *id = NULL;
  ChatroutesCheckpointsDialog *dialog;
  g_autoptr(ChatroutesCheckpoint) checkpoint = NULL;
  g_autoptr(GListModel) left = NULL;

  wait_settled (f);

  /* Before any: the list is empty. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.show-checkpoints", NULL);
  g_assert_true (ui_wait_until (has_dialog, f, 2000));
  dialog = CHATROUTES_CHECKPOINTS_DIALOG (visible_dialog (f));
  g_assert_true (ui_wait_until (checkpoints_idle, dialog, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_checkpoints_dialog_get_checkpoints (dialog)), ==, 0);
  adw_dialog_force_close (ADW_DIALOG (dialog));
  g_assert_true (ui_wait_until (no_dialog, f, 2000));

  /* Summarize up to the first reply. */
  anchor = dup_id_at (f, 1);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.checkpoint-message", "s", anchor);
  g_assert_true (ui_wait_until (one_checkpoint_stored, f, 5000));
  ui_run_for (100);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.show-checkpoints", NULL);
  g_assert_true (ui_wait_until (has_dialog, f, 2000));
  dialog = CHATROUTES_CHECKPOINTS_DIALOG (visible_dialog (f));
  g_assert_true (ui_wait_until (checkpoints_idle, dialog, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_checkpoints_dialog_get_checkpoints (dialog)), ==, 1);
  checkpoint = g_list_model_get_item (chatroutes_checkpoints_dialog_get_checkpoints (dialog), 0);
  g_assert_cmpstr (chatroutes_checkpoint_get_anchor_message_id (checkpoint), ==, anchor);
  g_assert_cmpstr (chatroutes_checkpoint_get_summary (checkpoint), !=, "");
  g_assert_cmpint (chatroutes_checkpoint_get_token_count (checkpoint), >, 0);
  id = g_strdup (chatroutes_checkpoint_get_id (checkpoint));
  created_at = g_strdup (chatroutes_checkpoint_get_created_at (checkpoint));
  ui_run_for (200);
  g_free (ui_save_screenshot (f->window, "checkpoints"));

  /* Recreate: the same checkpoint, made again. */
  g_clear_object (&checkpoint);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "checkpoints.recreate", "s", id);
  g_assert_true (chatroutes_checkpoints_dialog_get_loading (dialog));
  g_assert_true (ui_wait_until (checkpoints_idle, dialog, 5000));
  g_assert_cmpint (test_simulator_count (f->sim, "POST /checkpoints/{cid}/recreate"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_checkpoints_dialog_get_checkpoints (dialog)), ==, 1);
  checkpoint = g_list_model_get_item (chatroutes_checkpoints_dialog_get_checkpoints (dialog), 0);
  g_assert_cmpstr (chatroutes_checkpoint_get_id (checkpoint), ==, id);
  g_assert_cmpstr (chatroutes_checkpoint_get_created_at (checkpoint), >, created_at);

  /* Delete: gone from the list and from the service. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "checkpoints.delete", "s", id);
  g_assert_true (ui_wait_until (checkpoints_idle, dialog, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_checkpoints_dialog_get_checkpoints (dialog)), ==, 0);
  left = service_checkpoints (f);
  g_assert_cmpuint (g_list_model_get_n_items (left), ==, 0);
  adw_dialog_force_close (ADW_DIALOG (dialog));
  g_assert_true (ui_wait_until (no_dialog, f, 2000));
}

/* A reply that used a checkpoint says so. */
static void
test_checkpoint_used (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *anchor = NULL;
  g_autoptr(ChatroutesMessage) reply = NULL;
  g_autofree char *details = NULL;

  wait_settled (f);
  anchor = dup_id_at (f, 3);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.checkpoint-message", "s", anchor);
  g_assert_true (ui_wait_until (one_checkpoint_stored, f, 5000));

  chatroutes_conversation_view_send (f->page, "And Coimbra?");
  wait_settled (f);
  reply = message_at (f, 5);
  g_assert_true (chatroutes_message_get_checkpoint_used (reply));
  details = chatroutes_message_format_details (reply);
  g_assert_nonnull (strstr (details, "used a checkpoint"));
}

/* Suggestions */

#define DRAFT "Book a hotel in Alfama. What if we took the train to Porto instead? Or a bus."

static gboolean
suggestions_known (gpointer data)
{
  Fixture *f = data;
  /* The health check at opening has come back. */
  return test_simulator_count (f->sim, "GET /autobranch/health") >= 1 && settled (f);
}

static gboolean
shows_suggested_branch (gpointer data)
{
  Fixture *f = data;
  return on_a_branch (f) && f->branches_created == 1;
}

static void
test_suggestions (Fixture       *f,
                  gconstpointer  data)
{
  ChatroutesSuggestionsDialog *dialog;
  g_autoptr(ChatroutesSuggestion) suggestion = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *trigger = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last_id = NULL;
  int start, end;

  g_assert_true (ui_wait_until (suggestions_known, f, 5000));
  ui_run_for (100);
  g_assert_true (chatroutes_conversation_view_get_suggestions_available (f->page));
  last_id = dup_id_at (f, 3);

  chatroutes_composer_set_text (CHATROUTES_COMPOSER (composer (f)), DRAFT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.suggest-draft", NULL));
  g_assert_true (ui_wait_until (has_dialog, f, 5000));
  g_assert_true (CHATROUTES_IS_SUGGESTIONS_DIALOG (visible_dialog (f)));
  dialog = CHATROUTES_SUGGESTIONS_DIALOG (visible_dialog (f));
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_suggestions_dialog_get_suggestions (dialog)), >=, 1);

  /* The trigger words, highlighted where they are in the text. */
  suggestion = g_list_model_get_item (chatroutes_suggestions_dialog_get_suggestions (dialog), 0);
  g_assert_cmpstr (chatroutes_suggestion_get_trigger_text (suggestion), ==, "What if");
  excerpt = chatroutes_suggestion_excerpt (DRAFT, suggestion, &start, &end);
  g_assert_cmpstr (excerpt, ==, DRAFT);
  trigger = g_strndup (excerpt + start, end - start);
  g_assert_cmpstr (trigger, ==, "What if");
  prompt = chatroutes_suggestions_dialog_dup_prompt (dialog, suggestion);
  g_assert_cmpstr (prompt, ==, "What if we took the train to Porto instead?");
  ui_run_for (200);
  g_free (ui_save_screenshot (f->window, "suggestions"));

  /* One click: a branch from the newest message, the suggestion drafted. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "suggestions.choose", "u", 0);
  g_assert_true (ui_wait_until (shows_suggested_branch, f, 10000));
  g_assert_true (ui_wait_until (no_dialog, f, 2000));
  g_assert_cmpstr (chatroutes_branch_get_title (shown_branch (f)), ==, chatroutes_suggestion_get_title (suggestion));
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (shown_branch (f)), ==, last_id);
  text = chatroutes_composer_dup_text (CHATROUTES_COMPOSER (composer (f)));
  g_assert_cmpstr (text, ==, "What if we took the train to Porto instead?");
  g_assert_true (composer_has_focus (f));
}

static void
test_suggestions_message (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *question = NULL;
  ChatroutesSuggestionsDialog *dialog;

  wait_settled (f);
  /* "instead" in the question is a branch point. */
  question = dup_id_at (f, 2);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.suggest-message", "s", question);
  g_assert_true (ui_wait_until (has_dialog, f, 5000));
  dialog = CHATROUTES_SUGGESTIONS_DIALOG (visible_dialog (f));
  g_assert_cmpstr (chatroutes_suggestions_dialog_get_text (dialog), ==, SECOND_QUESTION);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_suggestions_dialog_get_suggestions (dialog)), >=, 1);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "suggestions.choose", "u", 0);
  g_assert_true (ui_wait_until (shows_suggested_branch, f, 10000));
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (shown_branch (f)), ==, question);
}

static gboolean
suggestions_unavailable (gpointer data)
{
  return !chatroutes_conversation_view_get_suggestions_available (data);
}

static void
test_suggestions_down (Fixture       *f,
                       gconstpointer  data)
{
  ChatroutesConversationView *other;
  GtkWidget *window;

  g_assert_true (ui_wait_until (suggestions_known, f, 5000));
  ui_run_for (100);
  g_assert_true (chatroutes_conversation_view_get_suggestions_available (f->page));

  /* Down after the page opened: asking says so, and the action goes off. */
  test_simulator_set_autobranch_healthy (f->sim, FALSE);
  chatroutes_composer_set_text (CHATROUTES_COMPOSER (composer (f)), DRAFT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.suggest-draft", NULL));
  g_assert_true (ui_wait_until (suggestions_unavailable, f->page, 5000));
  ui_run_for (200);
  g_assert_null (visible_dialog (f));
  g_assert_cmpint (test_simulator_count (f->sim, "POST /autobranch/suggest-branches"), ==, 0);

  /* The menus say why. */
  {
    g_autofree char *id = dup_id_at (f, 1);
    g_autofree char *row_label = menu_label_for (find_menu_button (GTK_WIDGET (row_at (f, 1))),
                                                 "conversation.suggest-message", id);
    g_autofree char *tools_label = NULL;
    /* The branch tools sit beside the composer. */
    GtkWidget *tools = GTK_WIDGET (find_menu_button (gtk_widget_get_parent (composer (f))));

    g_assert_nonnull (tools);
    tools_label = menu_label_for (GTK_MENU_BUTTON (tools), "conversation.suggest-draft", NULL);
    g_assert_cmpstr (row_label, ==, "_Suggest Branches (Service Down)");
    g_assert_cmpstr (tools_label, ==, "_Suggest Branches From Draft (Service Down)");
  }
  g_free (ui_save_screenshot (f->window, "suggestions-down"));
  /* Off: activating asks nothing and shows nothing. */
  {
    gint64 checks = test_simulator_count (f->sim, "GET /autobranch/health");

    gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.suggest-draft", NULL);
    ui_run_for (300);
    g_assert_null (visible_dialog (f));
    g_assert_cmpint (test_simulator_count (f->sim, "GET /autobranch/health"), ==, checks);
  }

  /* Down when a page opens: off from the start. */
  window = adw_window_new ();
  other = chatroutes_conversation_view_new (f->service);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (other));
  gtk_window_present (GTK_WINDOW (window));
  chatroutes_conversation_view_set_conversation (other, f->conversation, NULL);
  g_assert_true (ui_wait_until (suggestions_unavailable, other, 5000));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A failing service (not only an unhealthy one) counts as down too. */
  window = adw_window_new ();
  test_simulator_set_autobranch_healthy (f->sim, TRUE);
  test_simulator_fault (f->sim, "GET", "/autobranch", "status=503", 10);
  other = chatroutes_conversation_view_new (f->service);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (other));
  gtk_window_present (GTK_WINDOW (window));
  chatroutes_conversation_view_set_conversation (other, f->conversation, NULL);
  g_assert_true (ui_wait_until (suggestions_unavailable, other, 10000));
  gtk_window_destroy (GTK_WINDOW (window));
  test_simulator_clear_faults (f->sim);
  ui_run_for (50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ui_test_init ();

  g_test_add ("/branching/fork", Fixture, NULL, fixture_set_up, test_fork, fixture_tear_down);
  g_test_add ("/branching/edit-resend", Fixture, NULL, fixture_set_up, test_edit_resend, fixture_tear_down);
  g_test_add ("/branching/reload-branches", Fixture, NULL, fixture_set_up, test_reload_branches, fixture_tear_down);
  g_test_add ("/branching/regenerate", Fixture, NULL, fixture_set_up, test_regenerate, fixture_tear_down);
  g_test_add ("/branching/siblings", Fixture, NULL, fixture_set_up, test_siblings, fixture_tear_down);
  g_test_add ("/branching/integrity", Fixture, NULL, fixture_set_up, test_integrity, fixture_tear_down);
  g_test_add ("/branching/checkpoints", Fixture, NULL, fixture_set_up, test_checkpoints, fixture_tear_down);
  g_test_add ("/branching/checkpoint-used", Fixture, NULL, fixture_set_up, test_checkpoint_used, fixture_tear_down);
  g_test_add ("/branching/suggestions", Fixture, NULL, fixture_set_up, test_suggestions, fixture_tear_down);
  g_test_add ("/branching/suggestions-message", Fixture, NULL, fixture_set_up, test_suggestions_message, fixture_tear_down);
  g_test_add ("/branching/suggestions-down", Fixture, NULL, fixture_set_up, test_suggestions_down, fixture_tear_down);

  return g_test_run ();
}
