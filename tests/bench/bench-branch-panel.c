/* SPDX-License-Identifier: MIT */
/*
 * A conversation with 1,000 branches (a tree several levels deep) and a
 * 2,000-message path, shown in a conversation view beside the branch
 * panel in a presented 1300×800 window, wired as the window wires them.
 * Reports:
 *  - the time from setting the conversation on the panel to the first
 *    frame painted with branch rows, and from showing it again, loaded,
 *    to its first frame;
 *  - the time from activating a branch in the panel to the first frame
 *    showing that branch's own messages on the page;
 *  - the resident memory before, after, and its peak.
 * Exits non-zero when a target is missed.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "chatroutes-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "chatroutes-branch-panel-private.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-message-row.h"
#include "test-util.h"
#include "ui-util.h"

#define N_BRANCHES 1000
#define N_MESSAGES 2000
#define TARGET_PANEL_MS 200.0
#define TARGET_SWITCH_MS 150.0

typedef struct
{
  ChatroutesConversationView *view;
  ChatroutesBranchPanel *panel;
  const char *target_id;
  gint64 tree_loaded_at;
} Run;

static void
on_panel_loading (ChatroutesBranchPanel *panel,
                  GParamSpec            *pspec,
                  Run                   *run)
{
  if (!chatroutes_branch_panel_get_loading (panel) && run->tree_loaded_at == 0)
    run->tree_loaded_at = g_get_monotonic_time ();
}

static void
on_branch_activated (ChatroutesBranchPanel *panel,
                     const char            *branch_id,
                     Run                   *run)
{
  ChatroutesConversation *conversation = chatroutes_conversation_view_get_conversation (run->view);

  if (g_strcmp0 (chatroutes_conversation_view_get_branch_id (run->view), branch_id) != 0)
    chatroutes_conversation_view_set_conversation (run->view, conversation, branch_id);
}

static void
on_view_changed (Run *run)
{
  chatroutes_branch_panel_set_active_branch_id (run->panel, chatroutes_conversation_view_get_branch_id (run->view));
  chatroutes_branch_panel_set_messages (run->panel, chatroutes_conversation_view_get_messages (run->view));
}

static ChatroutesConversation *
first_conversation (ChatroutesService *service)
{
  g_autoptr(ChatroutesConversationPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *conversations;

  chatroutes_service_list_conversations_async (service, 1, 1, CHATROUTES_CONVERSATION_FILTER_ALL,
                                               NULL, test_store_result, &result);
  result = test_wait_result (&result);
  page = chatroutes_service_list_conversations_finish (service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  conversations = chatroutes_conversation_page_get_conversations (page);
  if (g_list_model_get_n_items (conversations) == 0)
    g_error ("The simulator has no conversation");
  return g_list_model_get_item (conversations, 0);
}

static gboolean
branch_row_mapped (GtkWidget *widget,
                   gpointer   data)
{
  return gtk_widget_get_mapped (widget) &&
         chatroutes_branch_row_get_branch (CHATROUTES_BRANCH_ROW (widget)) != NULL;
}

static gboolean
panel_rows_shown (gpointer data)
{
  Run *run = data;
  return bench_find_descendant (GTK_WIDGET (run->panel), CHATROUTES_TYPE_BRANCH_ROW, branch_row_mapped, NULL) != NULL;
}

static gboolean
target_message_mapped (GtkWidget *widget,
                       gpointer   data)
{
  ChatroutesMessage *message = chatroutes_message_row_get_message (CHATROUTES_MESSAGE_ROW (widget));

  return gtk_widget_get_mapped (widget) && message != NULL &&
         g_strcmp0 (chatroutes_message_get_branch_id (message), data) == 0;
}

static gboolean
branch_messages_shown (gpointer data)
{
  Run *run = data;
  return bench_find_descendant (GTK_WIDGET (run->view), CHATROUTES_TYPE_MESSAGE_ROW,
                                target_message_mapped, (gpointer) run->target_id) != NULL;
}

static gboolean
path_loaded (gpointer data)
{
  Run *run = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (run->view);
  gboolean loading = TRUE;

  if (messages)
    g_object_get (messages, "loading", &loading, NULL);
  return messages != NULL && !loading && g_list_model_get_n_items (messages) > 0;
}

static gboolean
tree_loaded (gpointer data)
{
  Run *run = data;
  ChatroutesBranchTree *tree = chatroutes_branch_panel_get_tree (run->panel);

  return tree != NULL && !chatroutes_branch_panel_get_loading (run->panel) &&
         g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)) > 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *branches_arg = g_strdup_printf ("%u", N_BRANCHES);
  g_autofree char *messages_arg = g_strdup_printf ("%u", N_MESSAGES);
  g_autoptr(TestSimulator) sim = NULL;
  g_autoptr(ChatroutesService) service = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autofree char *target_id = NULL;
  GtkWidget *window;
  GtkWidget *box;
  Run run = { 0 };
  ChatroutesBranchTree *tree;
  GListModel *branches;
  gint64 rss_before, rss_after, peak, start, panel_frame, switch_start, switch_frame;
  gint64 page_start, page_frame, highlight_frame, loaded_at, show_start, show_frame;
  double panel_cpu, switch_cpu, cpu_start;
  char load[64] = "unknown";
  guint n_branches, n_rows, path_len, depth;
  gboolean have_peak, ok;
  double panel_ms, switch_ms;

  ui_test_init ();

  sim = test_simulator_start ("--pace-ms", "0", "--seed-conversations", "1",
                              "--seed-messages", messages_arg, "--seed-branches", branches_arg, NULL);
  service = chatroutes_service_new (sim->base_url, "sim-key");
  conversation = first_conversation (service);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 800);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  run.view = chatroutes_conversation_view_new (service);
  gtk_widget_set_hexpand (GTK_WIDGET (run.view), TRUE);
  run.panel = chatroutes_branch_panel_new (service);
  gtk_widget_set_size_request (GTK_WIDGET (run.panel), 340, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (run.view));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (run.panel));
  adw_window_set_content (ADW_WINDOW (window), box);
  g_signal_connect (run.panel, "branch-activated", G_CALLBACK (on_branch_activated), &run);
  g_signal_connect (run.panel, "notify::loading", G_CALLBACK (on_panel_loading), &run);
  g_signal_connect_swapped (run.view, "notify::branch-id", G_CALLBACK (on_view_changed), &run);
  g_signal_connect_swapped (run.view, "notify::conversation", G_CALLBACK (on_view_changed), &run);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_for_draw (window);

  rss_before = bench_status_bytes ("VmRSS:");
  have_peak = bench_reset_peak ();

  /* Opening the panel on the conversation. */
  start = g_get_monotonic_time ();
  cpu_start = bench_thread_cpu_seconds ();
  chatroutes_branch_panel_set_conversation (run.panel, conversation);
  if (!ui_wait_until (panel_rows_shown, &run, 60000))
    g_error ("No branch rows after a minute");
  panel_frame = bench_wait_next_paint (window, 5000);
  if (panel_frame < 0)
    g_error ("No frame was painted after the branch rows appeared");
  panel_cpu = bench_thread_cpu_seconds () - cpu_start;
  if (!ui_wait_until (tree_loaded, &run, 60000))
    g_error ("The branches did not load within a minute");
  ui_run_for (300);

  /* Hidden and shown again, the tree already loaded: the toggle button. */
  gtk_widget_set_visible (GTK_WIDGET (run.panel), FALSE);
  ui_wait_for_draw (window);
  ui_run_for (200);
  show_start = g_get_monotonic_time ();
  gtk_widget_set_visible (GTK_WIDGET (run.panel), TRUE);
  if (!ui_wait_until (panel_rows_shown, &run, 60000))
    g_error ("No branch rows after showing the panel again");
  show_frame = bench_wait_next_paint (window, 5000);
  ui_run_for (200);

  /* The page on the main branch: its 2,000 messages. */
  page_start = g_get_monotonic_time ();
  chatroutes_conversation_view_set_conversation (run.view, conversation, NULL);
  if (!ui_wait_until (path_loaded, &run, 60000))
    g_error ("The messages did not load within a minute");
  page_frame = bench_wait_next_paint (window, 5000);
  ui_run_for (500);

  /* Switching to the newest branch: the deepest of the tree. */
  tree = chatroutes_branch_panel_get_tree (run.panel);
  branches = chatroutes_branch_tree_get_branches (tree);
  n_branches = g_list_model_get_n_items (branches);
  {
    g_autoptr(ChatroutesBranch) last = g_list_model_get_item (branches, n_branches - 1);
    target_id = g_strdup (chatroutes_branch_get_id (last));
  }
  depth = chatroutes_branch_tree_get_depth (tree, target_id);
  run.target_id = target_id;

  switch_start = g_get_monotonic_time ();
  cpu_start = bench_thread_cpu_seconds ();
  gtk_widget_activate_action (GTK_WIDGET (run.panel), "branches.open", "s", target_id);
  highlight_frame = bench_wait_next_paint (window, 5000);
  if (!ui_wait_until (path_loaded, &run, 60000))
    g_error ("The branch's path did not load within a minute");
  loaded_at = g_get_monotonic_time ();
  if (!ui_wait_until (branch_messages_shown, &run, 60000))
    g_error ("The branch's messages did not show within a minute");
  switch_frame = bench_wait_next_paint (window, 5000);
  if (switch_frame < 0)
    g_error ("No frame was painted after the branch's messages appeared");
  switch_cpu = bench_thread_cpu_seconds () - cpu_start;
  ui_run_for (300);

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (_chatroutes_branch_panel_get_list_view (run.panel))));
  path_len = g_list_model_get_n_items (chatroutes_conversation_view_get_messages (run.view));
  rss_after = bench_status_bytes ("VmRSS:");
  peak = MAX (rss_before, rss_after);
  if (have_peak)
    peak = MAX (peak, bench_status_bytes ("VmHWM:"));

  panel_ms = (panel_frame - start) / 1e3;
  switch_ms = (switch_frame - switch_start) / 1e3;
  {
    g_autofree char *contents = NULL;

    if (g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
      {
        char *space = strchr (contents, ' ');
        if (space != NULL && (space = strchr (space + 1, ' ')) != NULL && (space = strchr (space + 1, ' ')) != NULL)
          *space = '\0';
        g_strlcpy (load, contents, sizeof load);
      }
    g_strlcat (load, "\n", sizeof load);
  }
  ok = n_branches >= N_BRANCHES && path_len >= N_MESSAGES &&
       panel_ms < TARGET_PANEL_MS && switch_ms < TARGET_SWITCH_MS;

  printf ("conversation of %u branches and a %u-message main branch; page and branch panel in a 1300x800 window (GSK_RENDERER=%s)\n",
          N_BRANCHES, N_MESSAGES, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  printf ("  branches in the tree:      %u (%u rows, all expanded)\n", n_branches, n_rows);
  printf ("  panel's first frame:       %.1f ms after setting the conversation (target < %.0f)\n",
          panel_ms, TARGET_PANEL_MS);
  printf ("    UI thread CPU:           %.1f ms\n", panel_cpu * 1e3);
  printf ("    branches fetched:        %.1f ms (1,000 branches, decoded and in the tree)\n",
          (run.tree_loaded_at - start) / 1e3);
  printf ("  panel shown again:         %.1f ms to its first frame, the tree loaded already\n",
          (show_frame - show_start) / 1e3);
  printf ("  page on the main branch:   %.1f ms to the first frame after its messages loaded\n",
          (page_frame - page_start) / 1e3);
  printf ("  branch switch:             %.1f ms from activation to the first frame with its messages (target < %.0f)\n",
          switch_ms, TARGET_SWITCH_MS);
  printf ("    UI thread CPU:           %.1f ms\n", switch_cpu * 1e3);
  printf ("    panel highlight painted: %.1f ms\n", (highlight_frame - switch_start) / 1e3);
  printf ("    path fetched:            %.1f ms\n", (loaded_at - switch_start) / 1e3);
  printf ("  switched-to branch:        depth %u, path of %u messages\n", depth, path_len);
  printf ("  resident before:           %.1f MB\n", rss_before / 1e6);
  printf ("  resident after:            %.1f MB\n", rss_after / 1e6);
  printf ("  resident peak:             %.1f MB (%s)\n", peak / 1e6,
          have_peak ? "kernel high-water mark" : "sampled");
  printf ("  load average:              %s", load);
  printf ("%s\n", ok ? "all targets met" : "TARGET MISSED");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_run_for (50);
  return ok ? 0 : 1;
}
