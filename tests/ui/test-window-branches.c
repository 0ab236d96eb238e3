/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <string.h>

#include "chatroutes-application.h"
#include "chatroutes-branch-dialogs.h"
#include "chatroutes-branch-panel-private.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-secret.h"
#include "chatroutes-sidebar.h"
#include "chatroutes-window-private.h"

#include "test-util.h"
#include "ui-util.h"

/* The window with its branch panel: it follows the conversation page,
 * and picking a branch shows it there. */

static TestSimulator *sim;
static GPtrArray *finished_apps;

typedef struct
{
  ChatroutesApplication *app;
  ChatroutesWindow      *window;
} App;

static gboolean
app_ready (gpointer data)
{
  App *a = data;
  return chatroutes_application_get_ready (a->app);
}

static void
app_start (App *a)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = NULL;
  static guint n_apps;
  GList *windows;

  g_setenv ("CHATROUTES_API_KEY", "sim-key", TRUE);
  g_setenv ("CHATROUTES_BASE_URL", sim->base_url, TRUE);
  app_id = g_strdup_printf ("%s.BranchTest%u", APPLICATION_ID, ++n_apps);
  a->app = chatroutes_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (a->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (a->app));

  windows = gtk_application_get_windows (GTK_APPLICATION (a->app));
  g_assert_nonnull (windows);
  a->window = CHATROUTES_WINDOW (windows->data);
  g_assert_true (ui_wait_until (app_ready, a, 10000));
  ui_wait_for_draw (GTK_WIDGET (a->window));
}

static void
app_stop (App *a)
{
  ChatroutesWindow *window = a->window;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; window != NULL && i < 200; i++)
    ui_run_for (10);
  g_assert_null (window);
  /* See test-app.c: shut down, and keep it registered until the end. */
  g_signal_emit_by_name (a->app, "shutdown");
  g_ptr_array_add (finished_apps, a->app);
  a->app = NULL;
  a->window = NULL;
}

static void
set_width (App *a,
           int  width)
{
  gtk_window_set_default_size (GTK_WINDOW (a->window), width, 800);
  ui_run_for (100);
  ui_wait_for_draw (GTK_WIDGET (a->window));
}

static ChatroutesConversationView *
view_of (App *a)
{
  return CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a->window));
}

static ChatroutesBranchPanel *
panel_of (App *a)
{
  return CHATROUTES_BRANCH_PANEL (a->window->branch_panel);
}

static gboolean
sidebar_has_rows (gpointer data)
{
  App *a = data;
  ChatroutesConversationList *list = NULL;
  gboolean loaded;

  g_object_get (chatroutes_window_get_sidebar (a->window), "list", &list, NULL);
  loaded = list != NULL && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0;
  g_clear_object (&list);
  return loaded;
}

static gboolean
tree_loaded (gpointer data)
{
  App *a = data;
  ChatroutesBranchTree *tree = chatroutes_branch_panel_get_tree (panel_of (a));

  return !chatroutes_branch_panel_get_loading (panel_of (a)) && tree != NULL &&
         g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)) > 0;
}

static gboolean
messages_loaded (gpointer data)
{
  App *a = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (view_of (a));
  gboolean loading = TRUE;

  if (messages)
    g_object_get (messages, "loading", &loading, NULL);
  return messages != NULL && !loading && g_list_model_get_n_items (messages) > 0;
}

static gboolean
no_reply_running (gpointer data)
{
  App *a = data;
  ChatroutesService *service = chatroutes_application_get_service (a->app);
  return g_list_model_get_n_items (chatroutes_service_get_active_streams (service)) == 0;
}

static ChatroutesBranch *
find_by_title (App        *a,
               const char *title)
{
  GListModel *branches = chatroutes_branch_tree_get_branches (chatroutes_branch_panel_get_tree (panel_of (a)));

  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);

      if (g_strcmp0 (chatroutes_branch_get_title (branch), title) == 0)
        return branch;
    }
  return NULL;
}

static int
list_position (App        *a,
               const char *branch_id)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (_chatroutes_branch_panel_get_list_view (panel_of (a))));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(ChatroutesBranch) branch = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (chatroutes_branch_get_id (branch), branch_id) == 0)
        return (int) i;
    }
  return -1;
}

static GListModel *
server_messages (App        *a,
                 const char *conversation_id,
                 const char *branch_id)
{
  ChatroutesService *service = chatroutes_application_get_service (a->app);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *messages;

  chatroutes_service_list_branch_messages_async (service, conversation_id, branch_id, NULL,
                                                 test_store_result, &result);
  result = test_wait_result (&result);
  messages = chatroutes_service_list_branch_messages_finish (service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return messages;
}

static const char *
last_content (GListModel *messages)
{
  guint n = g_list_model_get_n_items (messages);
  g_autoptr(ChatroutesMessage) last = NULL;

  g_assert_cmpuint (n, >, 0);
  last = g_list_model_get_item (messages, n - 1);
  return chatroutes_message_get_content (last);  /* still held by the model */
}

static void
open_first_conversation (App *a)
{
  ChatroutesConversationList *list = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;

  g_assert_true (ui_wait_until (sidebar_has_rows, a, 10000));
  g_object_get (chatroutes_window_get_sidebar (a->window), "list", &list, NULL);
  conversation = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_clear_object (&list);
  g_signal_emit_by_name (chatroutes_window_get_sidebar (a->window), "conversation-activated", conversation);
  g_assert_true (ui_wait_until (messages_loaded, a, 10000));
}

static void
test_toggle (void)
{
  App a = { 0 };
  g_auto(GStrv) accels = NULL;

  app_start (&a);
  set_width (&a, 1400);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (a.app), "win.toggle-branches");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Shift><Control>b"));

  /* Beside the page on a wide window; the action and the header button
   * both hide and show it. */
  g_assert_true (adw_overlay_split_view_get_show_sidebar (a.window->branch_split));
  g_assert_false (adw_overlay_split_view_get_collapsed (a.window->branch_split));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (a.window->branches_button)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (a.window->branches_button));
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "toggle-branches", NULL);
  g_assert_false (adw_overlay_split_view_get_show_sidebar (a.window->branch_split));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (a.window->branches_button)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (a.window->branches_button), TRUE);
  g_assert_true (adw_overlay_split_view_get_show_sidebar (a.window->branch_split));

  /* Folded away on a narrower window, over the page when asked for. */
  set_width (&a, 800);
  g_assert_true (adw_overlay_split_view_get_collapsed (a.window->branch_split));
  g_assert_false (adw_overlay_split_view_get_show_sidebar (a.window->branch_split));
  g_assert_false (adw_navigation_split_view_get_collapsed (a.window->split_view));
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "toggle-branches", NULL);
  g_assert_true (adw_overlay_split_view_get_show_sidebar (a.window->branch_split));
  ui_wait_for_draw (GTK_WIDGET (a.window));
  /* Narrower still: the panel over the page closes. */
  set_width (&a, 400);
  g_assert_true (adw_overlay_split_view_get_collapsed (a.window->branch_split));
  g_assert_true (adw_navigation_split_view_get_collapsed (a.window->split_view));
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "toggle-branches", NULL);
  g_assert_true (adw_overlay_split_view_get_show_sidebar (a.window->branch_split));
  ui_wait_for_draw (GTK_WIDGET (a.window));
  g_free (ui_save_screenshot (GTK_WIDGET (a.window), "window-branches-400"));
  set_width (&a, 1400);
  g_assert_false (adw_overlay_split_view_get_collapsed (a.window->branch_split));
  g_assert_true (adw_overlay_split_view_get_show_sidebar (a.window->branch_split));

  app_stop (&a);
}

static gboolean
view_shows (gpointer data)
{
  gpointer *args = data;
  App *a = args[0];

  return g_strcmp0 (chatroutes_conversation_view_get_branch_id (view_of (a)), args[1]) == 0 &&
         messages_loaded (a);
}

static gboolean
count_is (gpointer data)
{
  gpointer *args = data;
  return chatroutes_branch_get_message_count (args[0]) == (gint64) GPOINTER_TO_UINT (args[1]);
}

static void
test_switch_and_send (void)
{
  App a = { 0 };
  ChatroutesConversation *conversation;
  ChatroutesBranch *branch;
  ChatroutesBranch *main_branch;
  g_autofree char *id = NULL;
  g_autoptr(GListModel) own = NULL;
  g_autoptr(GListModel) after = NULL;
  GListModel *shown;
  int position;

  app_start (&a);
  set_width (&a, 1400);
  open_first_conversation (&a);
  conversation = chatroutes_conversation_view_get_conversation (view_of (&a));

  /* The panel follows the page's conversation, on the main branch. */
  g_assert_true (adw_overlay_split_view_get_show_sidebar (a.window->branch_split));
  g_assert_true (ui_wait_until (tree_loaded, &a, 10000));
  g_assert_true (chatroutes_branch_panel_get_conversation (panel_of (&a)) == conversation);
  main_branch = chatroutes_branch_tree_get_main (chatroutes_branch_panel_get_tree (panel_of (&a)));
  g_assert_cmpstr (chatroutes_branch_panel_get_active_branch_id (panel_of (&a)), ==,
                   chatroutes_branch_get_id (main_branch));

  /* A click on the branch already shown (the main one, set as none) loads
   * nothing again. */
  {
    GListModel *before = chatroutes_conversation_view_get_messages (view_of (&a));

    g_signal_emit_by_name (_chatroutes_branch_panel_get_list_view (panel_of (&a)), "activate",
                           (guint) list_position (&a, chatroutes_branch_get_id (main_branch)));
    g_assert_true (chatroutes_conversation_view_get_messages (view_of (&a)) == before);
  }

  /* A click on a branch shows its path on the page. */
  branch = find_by_title (&a, "In more depth #13");
  id = g_strdup (chatroutes_branch_get_id (branch));
  position = list_position (&a, id);
  g_assert_cmpint (position, >=, 0);
  g_signal_emit_by_name (_chatroutes_branch_panel_get_list_view (panel_of (&a)), "activate", (guint) position);
  {
    gpointer args[] = { &a, id };
    g_assert_true (ui_wait_until (view_shows, args, 10000));
  }
  g_assert_cmpstr (chatroutes_branch_panel_get_active_branch_id (panel_of (&a)), ==, id);
  own = server_messages (&a, chatroutes_conversation_get_id (conversation), id);
  shown = chatroutes_conversation_view_get_messages (view_of (&a));
  g_assert_cmpstr (last_content (shown), ==, last_content (own));
  {
    g_autoptr(ChatroutesMessage) last = g_list_model_get_item (shown, g_list_model_get_n_items (shown) - 1);
    g_assert_cmpstr (chatroutes_message_get_branch_id (last), ==, id);
  }

  /* The header says which branch is read. */
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (a.window->content_title), "In more depth #13"));

  ui_run_for (300);
  ui_set_dark (FALSE);
  g_free (ui_save_screenshot (GTK_WIDGET (a.window), "window-branches"));
  ui_set_dark (TRUE);
  g_free (ui_save_screenshot (GTK_WIDGET (a.window), "window-branches"));
  ui_set_dark (FALSE);

  /* Sending there sends to that branch. */
  chatroutes_conversation_view_send (view_of (&a), "And what about the evenings?");
  g_assert_true (ui_wait_until (no_reply_running, &a, 30000));
  after = server_messages (&a, chatroutes_conversation_get_id (conversation), id);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (own) + 2);
  {
    g_autoptr(ChatroutesMessage) question = g_list_model_get_item (after, g_list_model_get_n_items (own));
    g_assert_cmpstr (chatroutes_message_get_content (question), ==, "And what about the evenings?");
  }
  /* The panel's count follows. */
  {
    gpointer args[] = { branch, GUINT_TO_POINTER (g_list_model_get_n_items (after)) };
    g_assert_true (ui_wait_until (count_is, args, 5000));
  }

  /* The page switching by itself (back to the main branch) moves the
   * highlight. */
  chatroutes_conversation_view_set_conversation (view_of (&a), conversation, NULL);
  g_assert_cmpstr (chatroutes_branch_panel_get_active_branch_id (panel_of (&a)), ==,
                   chatroutes_branch_get_id (main_branch));

  /* To a branch at the end of the list: the panel scrolls to it. */
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (_chatroutes_branch_panel_get_list_view (panel_of (&a))),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
    chatroutes_conversation_view_set_conversation (view_of (&a), conversation,
                                                   chatroutes_branch_get_id (find_by_title (&a, "Different tone #12")));
    ui_run_for (300);
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  }

  /* Another conversation: its own branches (only the main one). */
  {
    ChatroutesConversationList *list = NULL;
    g_autoptr(ChatroutesConversation) second = NULL;

    g_object_get (chatroutes_window_get_sidebar (a.window), "list", &list, NULL);
    second = g_list_model_get_item (G_LIST_MODEL (list), 1);
    g_clear_object (&list);
    g_signal_emit_by_name (chatroutes_window_get_sidebar (a.window), "conversation-activated", second);
    g_assert_true (chatroutes_branch_panel_get_conversation (panel_of (&a)) == second);
    g_assert_true (ui_wait_until (tree_loaded, &a, 10000));
    g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (
                        chatroutes_branch_panel_get_tree (panel_of (&a)))), ==, 1);
    g_assert_true (chatroutes_branch_get_is_main (chatroutes_branch_tree_get_main (chatroutes_branch_panel_get_tree (panel_of (&a)))));
  }

  app_stop (&a);
}

static gboolean
shows_last (gpointer data)
{
  gpointer *args = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (view_of (args[0]));
  guint n = messages ? g_list_model_get_n_items (messages) : 0;
  g_autoptr(ChatroutesMessage) last = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  return messages_loaded (args[0]) && last != NULL &&
         g_strcmp0 (chatroutes_message_get_content (last), args[1]) == 0;
}

static void
test_merge_shows_result (void)
{
  App a = { 0 };
  ChatroutesConversation *conversation;
  ChatroutesBranch *branch;
  AdwDialog *dialog;
  g_autofree char *id = NULL;
  g_autofree char *parent_id = NULL;
  g_autoptr(GListModel) own = NULL;
  GListModel *shown;

  app_start (&a);
  set_width (&a, 1400);
  open_first_conversation (&a);
  conversation = chatroutes_conversation_view_get_conversation (view_of (&a));
  g_assert_true (ui_wait_until (tree_loaded, &a, 10000));

  branch = find_by_title (&a, "Ask a specialist #19");
  id = g_strdup (chatroutes_branch_get_id (branch));
  parent_id = g_strdup (chatroutes_branch_get_parent_branch_id (branch));
  own = server_messages (&a, chatroutes_conversation_get_id (conversation), id);

  gtk_widget_activate_action (GTK_WIDGET (panel_of (&a)), "branches.merge", "s", id);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a.window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog)),
                            "of “Ask a specialist #19” will be added to the end of “Step by step”"));
  ui_run_for (300);
  g_free (ui_save_screenshot (GTK_WIDGET (a.window), "window-merge-confirm"));
  ui_set_dark (TRUE);
  g_free (ui_save_screenshot (GTK_WIDGET (a.window), "window-merge-confirm"));
  ui_set_dark (FALSE);
  g_signal_emit_by_name (dialog, "response", "merge");
  adw_dialog_force_close (dialog);

  /* The page shows the parent, ending with the merged messages. */
  {
    gpointer args[] = { &a, parent_id };
    g_assert_true (ui_wait_until (view_shows, args, 10000));
  }
  shown = chatroutes_conversation_view_get_messages (view_of (&a));
  g_assert_cmpstr (last_content (shown), ==, last_content (own));
  g_assert_cmpstr (chatroutes_branch_panel_get_active_branch_id (panel_of (&a)), ==, parent_id);
  g_assert_true (ui_wait_until (tree_loaded, &a, 10000));
  g_assert_false (chatroutes_branch_get_is_active (find_by_title (&a, "Ask a specialist #19")));

  /* Merging into the branch the page already shows: it reads it again. */
  {
    g_autoptr(GListModel) other = NULL;

    branch = find_by_title (&a, "Different tone #20");
    g_free (id);
    id = g_strdup (chatroutes_branch_get_id (branch));
    g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (branch), ==, parent_id);
    other = server_messages (&a, chatroutes_conversation_get_id (conversation), id);
    g_assert_cmpstr (last_content (other), !=, last_content (chatroutes_conversation_view_get_messages (view_of (&a))));

    gtk_widget_activate_action (GTK_WIDGET (panel_of (&a)), "branches.merge", "s", id);
    dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a.window));
    g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
    g_signal_emit_by_name (dialog, "response", "merge");
    adw_dialog_force_close (dialog);
    {
      gpointer args[] = { &a, (gpointer) last_content (other) };
      g_assert_true (ui_wait_until (shows_last, args, 10000));
    }
    g_assert_cmpstr (chatroutes_conversation_view_get_branch_id (view_of (&a)), ==, parent_id);
  }

  app_stop (&a);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ui_test_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  sim = test_simulator_start ("--pace-ms", "0", "--seed-conversations", "3", "--seed-branches", "20", NULL);
  finished_apps = g_ptr_array_new ();

  g_test_add_func ("/window-branches/toggle", test_toggle);
  g_test_add_func ("/window-branches/switch-and-send", test_switch_and_send);
  g_test_add_func ("/window-branches/merge-shows-result", test_merge_shows_result);

  ret = g_test_run ();

  test_simulator_stop (sim);
  return ret;
}
