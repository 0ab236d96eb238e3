/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <string.h>

#include "chatroutes-application.h"
#include "chatroutes-compare-view.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-overview-dialog.h"
#include "chatroutes-window.h"
#include "test-util.h"
#include "ui-util.h"

/*
 * The conversation as a tree, in the real window against the simulator:
 * a conversation with two forks, opened through the window's actions.
 */

#define AWAIT(call_async, ...) \
  ({ GAsyncResult *_r = NULL; call_async (__VA_ARGS__, test_store_result, &_r); test_wait_result (&_r); })

static TestSimulator *sim;
static GPtrArray *finished_apps;

typedef struct
{
  ChatroutesApplication *app;
  ChatroutesWindow *window;
  ChatroutesService *service;
  ChatroutesConversation *conversation;
  GPtrArray *main_ids;      /* the main branch's messages */
  char *budget_id;          /* forks at the first reply */
  char *food_id;            /* forks at the second reply */
  GPtrArray *budget_ids;
  GPtrArray *food_ids;
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

  app_id = g_strdup_printf ("%s.TreeTest%u", APPLICATION_ID, ++n_apps);
  a->app = chatroutes_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (a->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (a->app));

  windows = gtk_application_get_windows (GTK_APPLICATION (a->app));
  g_assert_nonnull (windows);
  a->window = CHATROUTES_WINDOW (windows->data);
  g_assert_true (ui_wait_until (app_ready, a, 10000));
  gtk_window_set_default_size (GTK_WINDOW (a->window), 1100, 760);
  ui_wait_for_draw (GTK_WIDGET (a->window));
  a->service = chatroutes_application_get_service (a->app);
  g_assert_nonnull (a->service);
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

  /* Never run, so never unregistered: shut it down and keep it. */
  g_signal_emit_by_name (a->app, "shutdown");
  g_ptr_array_add (finished_apps, a->app);

  g_clear_object (&a->conversation);
  g_clear_pointer (&a->main_ids, g_ptr_array_unref);
  g_clear_pointer (&a->budget_ids, g_ptr_array_unref);
  g_clear_pointer (&a->food_ids, g_ptr_array_unref);
  g_clear_pointer (&a->budget_id, g_free);
  g_clear_pointer (&a->food_id, g_free);
}

static void
send_with (App                         *a,
           const char                  *branch_id,
           const char                  *content,
           const ChatroutesSendOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ChatroutesSendResult) sent = NULL;
  const char *id = chatroutes_conversation_get_id (a->conversation);

  if (branch_id == NULL)
    {
      result = AWAIT (chatroutes_service_send_message_async, a->service, id, NULL, content, options, NULL);
      sent = chatroutes_service_send_message_finish (a->service, result, &error);
    }
  else
    {
      result = AWAIT (chatroutes_service_send_branch_message_async, a->service, id, branch_id,
                      content, options, NULL);
      sent = chatroutes_service_send_branch_message_finish (a->service, result, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (sent);
}

static void
send_text (App        *a,
           const char *branch_id,
           const char *content)
{
  send_with (a, branch_id, content, NULL);
}

static GPtrArray *
branch_message_ids (App        *a,
                    const char *branch_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) messages = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  result = AWAIT (chatroutes_service_list_branch_messages_async, a->service,
                  chatroutes_conversation_get_id (a->conversation), branch_id, NULL);
  messages = chatroutes_service_list_branch_messages_finish (a->service, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(ChatroutesMessage) message = g_list_model_get_item (messages, i);
      g_ptr_array_add (ids, g_strdup (chatroutes_message_get_id (message)));
    }
  return ids;
}

static char *
fork_at (App        *a,
         const char *message_id,
         const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ChatroutesBranch) branch = NULL;

  result = AWAIT (chatroutes_service_fork_async, a->service,
                  chatroutes_conversation_get_id (a->conversation), message_id, title,
                  CHATROUTES_CONTEXT_MODE_FULL, NULL);
  branch = chatroutes_service_fork_finish (a->service, result, &error);
  g_assert_no_error (error);
  return g_strdup (chatroutes_branch_get_id (branch));
}

static char *
main_branch_id (App *a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) branches = NULL;

  result = AWAIT (chatroutes_service_list_branches_async, a->service,
                  chatroutes_conversation_get_id (a->conversation), NULL);
  branches = chatroutes_service_list_branches_finish (a->service, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);
      if (chatroutes_branch_get_is_main (branch))
        return g_strdup (chatroutes_branch_get_id (branch));
    }
  g_assert_not_reached ();
}

/* A trip conversation: two questions on the main branch, a fork at each
 * reply with one more question. */
static void
seed_conversation (App *a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *main_id = NULL;

  result = AWAIT (chatroutes_service_create_conversation_async, a->service, "Lisbon trip", NULL, NULL);
  a->conversation = chatroutes_service_create_conversation_finish (a->service, result, &error);
  g_assert_no_error (error);

  send_text (a, NULL, "Where should we stay in Lisbon for four days?");
  send_text (a, NULL, "And what should we eat there?");
  main_id = main_branch_id (a);
  a->main_ids = branch_message_ids (a, main_id);
  g_assert_cmpuint (a->main_ids->len, ==, 4);

  /* The budget fork asks another model, cooler. */
  a->budget_id = fork_at (a, a->main_ids->pdata[1], "Budget stays");
  send_with (a, a->budget_id, "Cheaper places to stay, please",
             &(ChatroutesSendOptions) { .model = "claude-sonnet-4-5", .temperature = 0.3 });
  a->budget_ids = branch_message_ids (a, a->budget_id);

  a->food_id = fork_at (a, a->main_ids->pdata[3], "Vegetarian food");
  send_text (a, a->food_id, "Only vegetarian places, please");
  a->food_ids = branch_message_ids (a, a->food_id);
}

/* Before the application starts, so that its sidebar lists the
 * conversation. */
static void
seed (App *a)
{
  g_autoptr(ChatroutesService) service = chatroutes_service_new (sim->base_url, "sim-key");

  test_simulator_reset (sim);
  a->service = service;
  seed_conversation (a);
  a->service = NULL;
}

static ChatroutesConversationView *
view_of (App *a)
{
  return CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a->window));
}

static gboolean
path_loaded (gpointer data)
{
  App *a = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (view_of (a));

  return messages != NULL && !chatroutes_message_path_get_loading (CHATROUTES_MESSAGE_PATH (messages)) &&
         g_list_model_get_n_items (messages) > 0;
}

static void
open_conversation (App *a)
{
  g_signal_emit_by_name (chatroutes_window_get_sidebar (a->window), "conversation-activated", a->conversation);
  g_assert_true (chatroutes_conversation_view_get_conversation (view_of (a)) == a->conversation);
  g_assert_true (ui_wait_until (path_loaded, a, 10000));
}

static AdwDialog *
visible_dialog (App *a)
{
  return adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a->window));
}

static gboolean
overview_loaded (gpointer data)
{
  return !chatroutes_overview_dialog_get_loading (data);
}

static void
screenshot_both (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;

  ui_set_dark (FALSE);
  ui_wait_for_draw (widget);
  light = ui_save_screenshot (widget, name);
  ui_set_dark (TRUE);
  ui_wait_for_draw (widget);
  dark = ui_save_screenshot (widget, name);
  ui_set_dark (FALSE);
  g_test_message ("screenshots: %s %s", light, dark);
}

static guint
last_node_of_branch (ChatroutesMessageTree *tree,
                     const char            *branch_id)
{
  guint found = CHATROUTES_MESSAGE_TREE_NONE;

  for (guint i = 0; i < chatroutes_message_tree_get_n_nodes (tree); i++)
    if (g_strcmp0 (chatroutes_message_tree_get_branch_id (tree, i), branch_id) == 0)
      found = i;
  return found;
}

static void
test_overview_click_through (void)
{
  App a = { 0 };
  ChatroutesOverviewDialog *dialog;
  ChatroutesOverview *overview;
  ChatroutesMessageTree *tree;
  ChatroutesMessagePath *path;
  guint node;
  double x, y;
  guint position;

  seed (&a);
  app_start (&a);
  open_conversation (&a);

  /* Also from the keyboard. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (a.app), "win.show-overview");
    g_assert_cmpstrv (accels, ((const char * const[]) { "<Shift><Control>o", NULL }));
  }

  g_action_group_activate_action (G_ACTION_GROUP (a.window), "show-overview", NULL);
  g_assert_true (CHATROUTES_IS_OVERVIEW_DIALOG (visible_dialog (&a)));
  dialog = CHATROUTES_OVERVIEW_DIALOG (visible_dialog (&a));
  g_assert_true (ui_wait_until (overview_loaded, dialog, 10000));
  overview = chatroutes_overview_dialog_get_overview (dialog);
  tree = chatroutes_overview_get_tree (overview);
  g_assert_nonnull (tree);

  /* Every message is a node: four on the main branch, two on each fork. */
  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (tree), ==, 8);
  /* The budget fork ends on the row the food fork starts from: each gets
   * a lane of its own. */
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (tree), ==, 3);
  g_assert_cmpstr (chatroutes_message_tree_get_branch_title (tree, a.budget_id), ==, "Budget stays");
  for (guint i = 0; i < a.main_ids->len; i++)
    g_assert_cmpuint (chatroutes_message_tree_lookup (tree, a.main_ids->pdata[i]), !=, CHATROUTES_MESSAGE_TREE_NONE);
  /* It opens on the branch being read. */
  g_assert_cmpstr (chatroutes_message_tree_get_id (tree, chatroutes_overview_get_cursor (overview)),
                   ==, a.main_ids->pdata[3]);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (overview)));

  screenshot_both (GTK_WIDGET (a.window), "overview");

  /* Clicking the reply on the budget fork opens that branch in the view. */
  node = chatroutes_message_tree_lookup (tree, a.budget_ids->pdata[a.budget_ids->len - 1]);
  g_assert_cmpuint (node, ==, last_node_of_branch (tree, a.budget_id));
  g_assert_true (chatroutes_overview_get_node_position (overview, node, &x, &y));
  g_assert_cmpuint (chatroutes_overview_node_at (overview, x, y), ==, node);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (chatroutes_overview_activate_at (overview, x, y));
  ui_run_for (50);
  g_assert_null (visible_dialog (&a));
  /* Closed and gone, with everything it held. */
  g_assert_null (dialog);

  g_assert_true (ui_wait_until (path_loaded, &a, 10000));
  path = CHATROUTES_MESSAGE_PATH (chatroutes_conversation_view_get_messages (view_of (&a)));
  g_assert_cmpstr (chatroutes_message_path_get_branch_id (path), ==, a.budget_id);
  g_assert_true (chatroutes_message_path_find (path, a.budget_ids->pdata[a.budget_ids->len - 1], &position));
  /* The path: the first question and reply, then the fork's own. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 2 + a.budget_ids->len);

  /* Opened again, it follows the branch now shown. */
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "show-overview", NULL);
  dialog = CHATROUTES_OVERVIEW_DIALOG (visible_dialog (&a));
  g_assert_true (ui_wait_until (overview_loaded, dialog, 10000));
  overview = chatroutes_overview_dialog_get_overview (dialog);
  g_assert_cmpstr (chatroutes_overview_get_active_branch_id (overview), ==, a.budget_id);

  /* The header's zoom buttons. */
  ui_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "overview-dialog.zoom-in", NULL));
  g_assert_cmpfloat (chatroutes_overview_get_zoom (overview), >, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "overview-dialog.zoom-out", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "overview-dialog.zoom-out", NULL));
  g_assert_cmpfloat (chatroutes_overview_get_zoom (overview), <, 1.0);
  /* A small tree fits at its natural size. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "overview-dialog.zoom-fit", NULL));
  g_assert_cmpfloat (chatroutes_overview_get_zoom (overview), ==, 1.0);
  adw_dialog_close (ADW_DIALOG (dialog));

  app_stop (&a);
}


static gboolean
shows_page (gpointer data)
{
  GtkWidget *dialog = data;
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (dialog, CHATROUTES_TYPE_OVERVIEW_DIALOG, "stack"));
  const char *wanted = g_object_get_data (G_OBJECT (dialog), "wanted-page");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), wanted) == 0;
}

/* Neither the tree nor the branches: the dialog says so, and tries again
 * when asked. */
static void
test_overview_error (void)
{
  App a = { 0 };
  ChatroutesOverviewDialog *dialog;
  g_autofree char *prefix = NULL;

  seed (&a);
  app_start (&a);
  open_conversation (&a);

  prefix = g_strdup_printf ("/conversations/%s/", chatroutes_conversation_get_id (a.conversation));
  test_simulator_fault (sim, "GET", prefix, "status=404", 2);
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "show-overview", NULL);
  dialog = CHATROUTES_OVERVIEW_DIALOG (visible_dialog (&a));
  g_assert_true (ui_wait_until (overview_loaded, dialog, 10000));
  g_object_set_data (G_OBJECT (dialog), "wanted-page", (gpointer) "error");
  g_assert_true (shows_page (dialog));
  g_assert_null (chatroutes_overview_get_tree (chatroutes_overview_dialog_get_overview (dialog)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "overview-dialog.reload", NULL));
  g_assert_true (ui_wait_until (overview_loaded, dialog, 10000));
  g_object_set_data (G_OBJECT (dialog), "wanted-page", (gpointer) "graph");
  g_assert_true (shows_page (dialog));
  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (chatroutes_overview_get_tree (chatroutes_overview_dialog_get_overview (dialog))),
                    ==, 8);
  adw_dialog_close (ADW_DIALOG (dialog));

  app_stop (&a);
}

/* A label shown in @widget whose text contains @text. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static guint
count_mapped (GtkWidget  *widget,
              const char *css_class)
{
  guint n = gtk_widget_get_mapped (widget) && gtk_widget_has_css_class (widget, css_class);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_mapped (child, css_class);
  return n;
}

static gboolean
compare_loaded (gpointer data)
{
  return !chatroutes_compare_view_get_loading (data);
}

static void
wait_compared (ChatroutesCompareView *compare)
{
  g_assert_true (ui_wait_until (compare_loaded, compare, 10000));
  ui_wait_for_draw (GTK_WIDGET (compare));
}

static void
test_compare (void)
{
  App a = { 0 };
  ChatroutesCompareView *compare;
  GtkWidget *widget;
  GtkLabel *label;
  ChatroutesMessagePath *path;

  seed (&a);
  app_start (&a);
  open_conversation (&a);

  g_action_group_activate_action (G_ACTION_GROUP (a.window), "compare-branches", NULL);
  g_assert_true (CHATROUTES_IS_COMPARE_VIEW (visible_dialog (&a)));
  compare = CHATROUTES_COMPARE_VIEW (visible_dialog (&a));
  widget = GTK_WIDGET (compare);
  wait_compared (compare);

  /* Reading the main branch, which has no parent: it and a fork of it. */
  g_assert_cmpstr (chatroutes_compare_view_get_left_branch_id (compare), !=, NULL);
  g_assert_cmpstr (chatroutes_compare_view_get_right_branch_id (compare), ==, a.budget_id);
  g_assert_cmpuint (chatroutes_compare_view_get_common_length (compare), ==, 2);

  /* Where they part: after the first reply, named by its start, without
   * its Markdown. */
  label = find_label (widget, "Diverges after: ");
  g_assert_nonnull (label);
  g_assert_null (strchr (gtk_label_get_text (label), '*'));
  g_assert_null (strstr (gtk_label_get_text (label), "  "));
  g_assert_nonnull (find_label (widget, "2 shared messages"));
  /* Each side: its own two messages, its model, temperature and tokens. */
  g_assert_cmpuint (count_mapped (widget, "compare-message"), ==, 4);
  g_assert_nonnull (find_label (widget, "Main"));
  g_assert_nonnull (find_label (widget, "Budget stays"));
  label = find_label (widget, "claude-sonnet-4-5 · temperature 0.3 · ");
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (label), " tokens · 2 messages"));
  g_assert_nonnull (find_label (widget, "gpt-5 · temperature 0.7 · "));
  screenshot_both (GTK_WIDGET (a.window), "compare");
  /* Narrow: the dialog fills the window and the sides stack. */
  gtk_window_set_default_size (GTK_WINDOW (a.window), 360, 720);
  ui_run_for (200);
  screenshot_both (GTK_WIDGET (a.window), "compare-360");
  g_assert_nonnull (find_label (widget, "Budget stays"));
  gtk_window_set_default_size (GTK_WINDOW (a.window), 1100, 760);
  ui_run_for (200);

  /* The two forks: both part from the main branch after the first reply. */
  chatroutes_compare_view_set_branches (compare, a.food_id, a.budget_id);
  wait_compared (compare);
  g_assert_cmpuint (chatroutes_compare_view_get_common_length (compare), ==, 2);
  g_assert_cmpuint (count_mapped (widget, "compare-message"), ==, 2 + 2 + 2);

  /* The same branch twice is no comparison. */
  chatroutes_compare_view_set_branches (compare, a.food_id, a.food_id);
  wait_compared (compare);
  g_assert_nonnull (find_label (widget, "Pick Two Different Branches"));

  /* Swapping keeps the pair. */
  chatroutes_compare_view_set_branches (compare, a.budget_id, a.food_id);
  wait_compared (compare);
  gtk_widget_activate_action (widget, "compare.swap", NULL);
  wait_compared (compare);
  g_assert_cmpstr (chatroutes_compare_view_get_left_branch_id (compare), ==, a.food_id);
  g_assert_cmpstr (chatroutes_compare_view_get_right_branch_id (compare), ==, a.budget_id);

  /* Loading again keeps the pair. */
  gtk_widget_activate_action (widget, "compare.reload", NULL);
  wait_compared (compare);
  g_assert_cmpstr (chatroutes_compare_view_get_left_branch_id (compare), ==, a.food_id);
  g_assert_cmpstr (chatroutes_compare_view_get_right_branch_id (compare), ==, a.budget_id);
  g_assert_cmpuint (chatroutes_compare_view_get_common_length (compare), ==, 2);

  /* "Open" on a side shows that branch in the conversation. */
  g_object_add_weak_pointer (G_OBJECT (compare), (gpointer *) &compare);
  gtk_widget_activate_action (widget, "compare.open-branch", "s", a.food_id);
  ui_run_for (50);
  g_assert_null (visible_dialog (&a));
  g_assert_null (compare);
  g_assert_true (ui_wait_until (path_loaded, &a, 10000));
  path = CHATROUTES_MESSAGE_PATH (chatroutes_conversation_view_get_messages (view_of (&a)));
  g_assert_cmpstr (chatroutes_message_path_get_branch_id (path), ==, a.food_id);

  /* Opened from a fork, it starts on the fork and the branch it grew from. */
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "compare-branches", NULL);
  compare = CHATROUTES_COMPARE_VIEW (visible_dialog (&a));
  wait_compared (compare);
  g_assert_cmpstr (chatroutes_compare_view_get_right_branch_id (compare), ==, a.food_id);
  g_assert_cmpuint (chatroutes_compare_view_get_common_length (compare), ==, 4);
  g_assert_nonnull (find_label (GTK_WIDGET (compare), "No messages after the point where they part"));
  adw_dialog_close (ADW_DIALOG (compare));

  app_stop (&a);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ui_test_init ();
  /* Screenshots of finished states, not of transitions. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  sim = test_simulator_start ("--pace-ms", "0", NULL);
  finished_apps = g_ptr_array_new ();

  g_test_add_func ("/tree-window/overview/click-through", test_overview_click_through);
  g_test_add_func ("/tree-window/overview/error", test_overview_error);
  g_test_add_func ("/tree-window/compare", test_compare);

  ret = g_test_run ();

  test_simulator_stop (sim);
  return ret;
}
