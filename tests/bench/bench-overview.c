/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-bench"

#include "config.h"

#include <stdio.h>

#include "chatroutes-overview.h"
#include "bench-util.h"
#include "test-util.h"
#include "ui-util.h"

/*
 * The conversation overview of a large conversation: a 2,000-message main
 * path with 1,000 branches of three messages forking all along it, 5,000
 * messages in all. Measures building the tree (parents, lanes, rows),
 * the first frame after the overview is given it, frames while scrolling,
 * the whole graph zoomed to fit, hit-testing, and resident memory; then
 * the same from the simulator: a 5,000-message conversation fetched,
 * decoded and built, to the first frame.
 */

#define N_MAIN              2000
#define N_BRANCHES          1000
#define PER_BRANCH          3
#define TARGET_FIRST_MS     300.0
#define N_SCROLL_FRAMES     40
#define N_SERVED            5000

static ChatroutesMessage *
make_message (const char *id,
              const char *role,
              guint       words)
{
  ChatroutesMessage *message = chatroutes_message_new ();
  GString *content = g_string_new (NULL);

  for (guint i = 0; i < words; i++)
    g_string_append_printf (content, "%sword%u", i ? " " : "", i);
  chatroutes_message_set_id (message, id);
  chatroutes_message_set_role (message, role);
  chatroutes_message_take_content (message, g_string_free (content, FALSE));
  chatroutes_message_set_token_count (message, words);
  return message;
}

static void
make_conversation (GListStore *branches,
                   GHashTable *messages)
{
  g_autoptr(ChatroutesBranch) main_branch = chatroutes_branch_new ();
  GListStore *main_messages = g_list_store_new (CHATROUTES_TYPE_MESSAGE);

  chatroutes_branch_set_id (main_branch, "main");
  chatroutes_branch_set_title (main_branch, "Main");
  chatroutes_branch_set_is_main (main_branch, TRUE);
  g_list_store_append (branches, main_branch);
  for (guint i = 0; i < N_MAIN; i++)
    {
      g_autofree char *id = g_strdup_printf ("m%u", i);
      g_autoptr(ChatroutesMessage) message = make_message (id, i % 2 ? "assistant" : "user", i % 2 ? 150 : 20);

      g_list_store_append (main_messages, message);
    }
  g_hash_table_insert (messages, g_strdup ("main"), main_messages);

  for (guint b = 0; b < N_BRANCHES; b++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", b);
      g_autofree char *title = g_strdup_printf ("Branch %u", b);
      g_autofree char *fork = g_strdup_printf ("m%u", (b * 2 + 1) % N_MAIN);
      g_autoptr(ChatroutesBranch) branch = chatroutes_branch_new ();
      GListStore *own = g_list_store_new (CHATROUTES_TYPE_MESSAGE);

      chatroutes_branch_set_id (branch, id);
      chatroutes_branch_set_title (branch, title);
      chatroutes_branch_set_parent_branch_id (branch, "main");
      chatroutes_branch_set_fork_point_message_id (branch, fork);
      for (guint k = 0; k < PER_BRANCH; k++)
        {
          g_autofree char *mid = g_strdup_printf ("b%u-%u", b, k);
          g_autoptr(ChatroutesMessage) message = make_message (mid, k % 2 ? "assistant" : "user", k % 2 ? 150 : 20);

          g_list_store_append (own, message);
        }
      g_list_store_append (branches, branch);
      g_hash_table_insert (messages, g_steal_pointer (&id), own);
    }
}


static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* From the simulator to the first frame: the tree endpoint (too deep to
 * parse, as a real long conversation is), then the branches' messages. */
static double
served_first_frame (GtkWidget          *window,
                    ChatroutesOverview *overview,
                    guint              *n_nodes)
{
  g_autofree char *messages_arg = g_strdup_printf ("%u", N_SERVED);
  g_autoptr(TestSimulator) sim = test_simulator_start ("--pace-ms", "0", "--seed-conversations", "1",
                                                       "--seed-messages", messages_arg, NULL);
  g_autoptr(ChatroutesService) service = chatroutes_service_new (sim->base_url, "sim-key");
  g_autoptr(ChatroutesMessageTree) tree = chatroutes_message_tree_new ();
  g_autoptr(ChatroutesConversationPage) page = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gint64 start, frame;

  chatroutes_service_list_conversations_async (service, 1, 10, CHATROUTES_CONVERSATION_FILTER_ALL,
                                               NULL, store_result, &result);
  result = test_wait_result (&result);
  page = chatroutes_service_list_conversations_finish (service, result, &error);
  g_clear_object (&result);
  if (page == NULL)
    g_error ("No conversations: %s", error->message);
  conversation = g_list_model_get_item (chatroutes_conversation_page_get_conversations (page), 0);

  start = g_get_monotonic_time ();
  chatroutes_message_tree_load_async (tree, service, chatroutes_conversation_get_id (conversation),
                                      NULL, store_result, &result);
  result = test_wait_result (&result);
  if (!chatroutes_message_tree_load_finish (tree, result, &error))
    g_error ("The tree did not load: %s", error->message);
  g_clear_object (&result);
  chatroutes_overview_set_tree (overview, tree);
  frame = bench_wait_next_paint (window, 5000);
  *n_nodes = chatroutes_message_tree_get_n_nodes (tree);
  chatroutes_overview_set_tree (overview, NULL);
  return (frame - start) / 1e3;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListStore) branches = NULL;
  g_autoptr(GHashTable) messages = NULL;
  g_autoptr(ChatroutesMessageTree) tree = NULL;
  GtkWidget *window, *scroller;
  ChatroutesOverview *overview;
  GtkAdjustment *vadjustment;
  gint64 rss_start, rss_before, rss_after, peak, start, frame, built;
  double first_ms, build_ms, fit_ms, fit_zoom, cpu_start, cpu;
  double scroll_total = 0, scroll_worst = 0, hit_us, served_ms;
  guint served_nodes;
  gint64 hits = 0;
  gboolean have_peak, ok;
  guint n;

  ui_test_init ();

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  scroller = gtk_scrolled_window_new ();
  overview = chatroutes_overview_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (overview));
  adw_window_set_content (ADW_WINDOW (window), scroller);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_for_draw (window);

  rss_start = bench_status_bytes ("VmRSS:");
  have_peak = bench_reset_peak ();

  /* The messages as the service would hand them over. */
  branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  make_conversation (branches, messages);
  rss_before = bench_status_bytes ("VmRSS:");

  start = g_get_monotonic_time ();
  tree = chatroutes_message_tree_new ();
  chatroutes_message_tree_set_from_branches (tree, G_LIST_MODEL (branches), messages);
  built = g_get_monotonic_time ();
  n = chatroutes_message_tree_get_n_nodes (tree);
  build_ms = (built - start) / 1e3;

  /* From setting the tree to the first painted frame. */
  start = g_get_monotonic_time ();
  cpu_start = bench_thread_cpu_seconds ();
  chatroutes_overview_set_tree (overview, tree);
  chatroutes_overview_set_active_branch_id (overview, "b500");
  frame = bench_wait_next_paint (window, 5000);
  if (frame < 0)
    g_error ("No frame was painted after the tree was set");
  cpu = bench_thread_cpu_seconds () - cpu_start;
  first_ms = (frame - start) / 1e3;

  /* Frames while scrolling down the whole graph in steps. */
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (overview));
  for (guint i = 1; i <= N_SCROLL_FRAMES; i++)
    {
      double upper = gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment);
      double ms;

      start = g_get_monotonic_time ();
      gtk_adjustment_set_value (vadjustment, upper * i / N_SCROLL_FRAMES);
      frame = bench_wait_next_paint (window, 5000);
      ms = (frame - start) / 1e3;
      scroll_total += ms;
      scroll_worst = MAX (scroll_worst, ms);
    }

  /* As much at once as it shows: zoomed out to fit, or to the limit. */
  start = g_get_monotonic_time ();
  chatroutes_overview_zoom_to_fit (overview);
  frame = bench_wait_next_paint (window, 5000);
  fit_ms = (frame - start) / 1e3;
  fit_zoom = chatroutes_overview_get_zoom (overview);

  /* Hit-testing across the view. */
  chatroutes_overview_set_zoom (overview, 1.0);
  ui_wait_for_draw (window);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 100000; i++)
    hits += chatroutes_overview_node_at (overview, (i * 7919) % 900, (i * 104729) % 700) != CHATROUTES_MESSAGE_TREE_NONE;
  hit_us = (g_get_monotonic_time () - start) / 1e5;

  rss_after = bench_status_bytes ("VmRSS:");
  peak = MAX (rss_after, rss_before);
  if (have_peak)
    peak = MAX (peak, bench_status_bytes ("VmHWM:"));
  served_ms = served_first_frame (window, overview, &served_nodes);

  ok = n == N_MAIN + N_BRANCHES * PER_BRANCH && first_ms < TARGET_FIRST_MS;

  printf ("conversation overview of %u messages (%u branches, a %u-message main path; window 900x700, GSK_RENDERER=%s)\n",
          n, N_BRANCHES + 1, N_MAIN, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  printf ("  lanes and rows:          %u lanes, %u rows\n",
          chatroutes_message_tree_get_n_lanes (tree), chatroutes_message_tree_get_n_rows (tree));
  printf ("  tree built:              %.1f ms (parents, loops, lanes, rows)\n", build_ms);
  printf ("  first frame:             %.1f ms after set_tree (target < %.0f)\n", first_ms, TARGET_FIRST_MS);
  printf ("  UI thread CPU:           %.1f ms up to the first frame\n", cpu * 1e3);
  printf ("  scrolling:               %.1f ms a frame on average, %.1f ms the worst (%u frames)\n",
          scroll_total / N_SCROLL_FRAMES, scroll_worst, N_SCROLL_FRAMES);
  printf ("  zoomed out to fit:       %.1f ms to the next frame (zoom %.2f, about %.0f rows in view)\n",
          fit_ms, fit_zoom, 700 / (32 * fit_zoom));
  printf ("  hit-testing:             %.2f µs a point (%" G_GINT64_FORMAT " of 100000 on a node)\n",
          hit_us, hits);
  printf ("  resident at start:       %.1f MB\n", rss_start / 1e6);
  printf ("  resident with messages:  %.1f MB\n", rss_before / 1e6);
  printf ("  resident with overview:  %.1f MB (tree and widget: %+.1f MB)\n",
          rss_after / 1e6, (rss_after - rss_before) / 1e6);
  printf ("  resident peak:           %.1f MB (%s)\n", peak / 1e6,
          have_peak ? "kernel high-water mark" : "sampled");
  printf ("  from the simulator:      %.1f ms from asking to the first frame (%u messages, fetched,\n"
          "                           decoded and rebuilt from branches)\n", served_ms, served_nodes);
  printf ("%s\n", ok ? "all targets met" : "TARGET MISSED");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_run_for (50);
  return ok ? 0 : 1;
}
