/* SPDX-License-Identifier: MIT */
/*
 * A reply of 5,000 deltas streamed as fast as the simulator sends it into
 * a conversation view in a presented 900×800 window, and what the window
 * pays for it:
 *  - deltas received per second;
 *  - whether every delta is shown: the reply's row holds exactly the
 *    streamed text when the last delta arrives, and shows the finished
 *    message, rendered, once it replaced the stand-in;
 *  - CPU time of the UI thread per delta (the simulator is another
 *    process), from the send to the frame that paints the finished reply;
 *  - the longest time the main loop could not run over the same span (a
 *    1 ms high-priority timer records the largest gap between its runs).
 * Exits non-zero when a target is missed.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "chatroutes-bench"

#include "config.h"

#include <stdio.h>

#include "bench-util.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-markdown-view-private.h"
#include "chatroutes-markdown-view.h"
#include "chatroutes-message-row.h"
#include "test-util.h"
#include "ui-util.h"

#define N_DELTAS 5000
#define TARGET_CPU_US_PER_DELTA 200.0
#define TARGET_STALL_MS 50.0

typedef struct
{
  GtkWidget *window;
  ChatroutesConversationView *view;
  ChatroutesStream *stream;
  ChatroutesMessage *stand_in;

  guint deltas;
  gint64 first_delta;
  gint64 last_delta;
  guint frames;

  /* When the last delta arrived: what the reply's row held. */
  gboolean checked_at_last;
  gboolean row_found_at_last;
  gboolean row_matched_at_last;
  guint renders_at_last;
} Run;

static ChatroutesConversation *
create_conversation (ChatroutesService *service)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  ChatroutesConversation *conversation;

  chatroutes_service_create_conversation_async (service, "Benchmark", NULL, NULL, test_store_result, &result);
  result = test_wait_result (&result);
  conversation = chatroutes_service_create_conversation_finish (service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return conversation;
}

static gboolean
path_loaded (gpointer data)
{
  Run *run = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (run->view);
  gboolean loading = TRUE;

  if (messages)
    g_object_get (messages, "loading", &loading, NULL);
  return !loading;
}

static gboolean
row_shows (GtkWidget *widget,
           gpointer   message)
{
  return chatroutes_message_row_get_message (CHATROUTES_MESSAGE_ROW (widget)) == message;
}

/* The Markdown view of the row bound to @message, or NULL when no row
 * shows it. */
static ChatroutesMarkdownView *
markdown_of (Run               *run,
             ChatroutesMessage *message)
{
  GtkWidget *row = bench_find_descendant (GTK_WIDGET (run->view), CHATROUTES_TYPE_MESSAGE_ROW,
                                          row_shows, message);

  if (row == NULL)
    return NULL;
  return CHATROUTES_MARKDOWN_VIEW (bench_find_descendant (row, CHATROUTES_TYPE_MARKDOWN_VIEW, NULL, NULL));
}

/* Connected after the row's own handler, so the row has taken the delta. */
static void
on_delta (ChatroutesStream *stream,
          const char       *text,
          guint             len,
          Run              *run)
{
  ChatroutesMarkdownView *markdown;

  run->last_delta = g_get_monotonic_time ();
  if (run->deltas++ == 0)
    run->first_delta = run->last_delta;
  if (run->deltas != N_DELTAS)
    return;

  run->checked_at_last = TRUE;
  markdown = markdown_of (run, run->stand_in);
  run->row_found_at_last = markdown != NULL;
  if (markdown != NULL)
    {
      run->row_matched_at_last = g_strcmp0 (chatroutes_markdown_view_get_text (markdown),
                                            chatroutes_stream_get_content (stream)) == 0;
      run->renders_at_last = _chatroutes_markdown_view_get_render_count (markdown);
    }
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  run->frames++;
}

static gboolean
stream_finished (gpointer data)
{
  Run *run = data;
  return chatroutes_stream_is_finished (run->stream);
}

/* The finished message replaced the stand-in, and its row shows all of it. */
static gboolean
reply_rendered (gpointer data)
{
  Run *run = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (run->view);
  g_autoptr(ChatroutesMessage) reply = NULL;
  ChatroutesMarkdownView *markdown;

  if (g_list_model_get_n_items (messages) == 0)
    return FALSE;
  reply = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  if (reply == run->stand_in)
    return FALSE;
  markdown = markdown_of (run, reply);
  return markdown != NULL && !_chatroutes_markdown_view_is_pending (markdown);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *events_arg = g_strdup_printf ("%u", N_DELTAS);
  g_autoptr(TestSimulator) sim = NULL;
  g_autoptr(ChatroutesService) service = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(ChatroutesMessage) reply = NULL;
  BenchStallMonitor *monitor;
  GListModel *messages;
  ChatroutesMarkdownView *markdown;
  GdkFrameClock *clock;
  gulong paint_handler;
  Run run = { 0 };
  double cpu_start, cpu, wall, deltas_per_second, us_per_delta, stall_ms;
  gint64 wall_start, wall_end, painted, stall, stall_at, stall_cpu;
  gboolean final_content_ok, final_row_ok, final_rendered, shown_ok, ok;

  ui_test_init ();

  sim = test_simulator_start ("--pace-ms", "0", "--stream-events", events_arg, NULL);
  service = chatroutes_service_new (sim->base_url, "sim-key");
  conversation = create_conversation (service);

  run.window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (run.window), 900, 800);
  run.view = chatroutes_conversation_view_new (service);
  adw_window_set_content (ADW_WINDOW (run.window), GTK_WIDGET (run.view));
  gtk_window_present (GTK_WINDOW (run.window));
  chatroutes_conversation_view_set_conversation (run.view, conversation, NULL);
  if (!ui_wait_until (path_loaded, &run, 10000))
    g_error ("The conversation did not load");
  ui_wait_for_draw (run.window);

  clock = gtk_widget_get_frame_clock (run.window);
  paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &run);

  monitor = bench_stall_monitor_start ();
  wall_start = g_get_monotonic_time ();
  cpu_start = bench_thread_cpu_seconds ();

  chatroutes_conversation_view_send (run.view, "Benchmark");
  messages = chatroutes_conversation_view_get_messages (run.view);
  if (g_list_model_get_n_items (messages) != 2 ||
      g_list_model_get_n_items (chatroutes_service_get_active_streams (service)) != 1)
    g_error ("The send did not start a stream");
  run.stand_in = g_list_model_get_item (messages, 1);
  run.stream = g_list_model_get_item (chatroutes_service_get_active_streams (service), 0);
  g_signal_connect_after (run.stream, "delta", G_CALLBACK (on_delta), &run);

  if (!ui_wait_until (stream_finished, &run, 120000))
    g_error ("The stream did not finish in two minutes");

  wall_end = g_get_monotonic_time ();
  if (chatroutes_stream_get_state (run.stream) != CHATROUTES_STREAM_STATE_COMPLETED)
    g_error ("The stream failed: %s", chatroutes_stream_get_error (run.stream)->message);
  /* Showing the reply is part of the cost: up to the frame that paints
   * the whole of it (a long reply is laid out over a few frames). */
  if (!ui_wait_until (reply_rendered, &run, 10000))
    g_error ("The finished reply was not rendered within ten seconds");
  painted = bench_wait_next_paint (run.window, 5000);
  cpu = bench_thread_cpu_seconds () - cpu_start;
  stall = bench_stall_monitor_stop (monitor, &stall_at, &stall_cpu);
  g_signal_handler_disconnect (clock, paint_handler);
  if (painted < 0)
    g_error ("No frame was painted after the reply completed");

  /* The finished message replaces the stand-in; its row shows it. */
  ui_wait_for_draw (run.window);
  reply = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  final_content_ok = g_list_model_get_n_items (messages) == 2 &&
                     chatroutes_message_get_id (reply) != NULL &&
                     g_strcmp0 (chatroutes_message_get_content (reply),
                                chatroutes_stream_get_content (run.stream)) == 0;
  markdown = markdown_of (&run, reply);
  final_row_ok = markdown != NULL &&
                 g_strcmp0 (chatroutes_markdown_view_get_text (markdown),
                            chatroutes_stream_get_content (run.stream)) == 0;
  final_rendered = markdown != NULL && !_chatroutes_markdown_view_is_pending (markdown);
  shown_ok = run.deltas == N_DELTAS && run.row_matched_at_last &&
             final_content_ok && final_row_ok && final_rendered;

  wall = (wall_end - wall_start) / 1e6;
  deltas_per_second = run.deltas / wall;
  us_per_delta = run.deltas > 0 ? cpu * 1e6 / run.deltas : 0;
  stall_ms = stall / 1e3;
  ok = shown_ok && us_per_delta < TARGET_CPU_US_PER_DELTA && stall_ms <= TARGET_STALL_MS;

  printf ("reply of %u deltas streamed into a conversation view (window 900x800, GSK_RENDERER=%s)\n",
          N_DELTAS, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  printf ("  deltas received:         %u of %u\n", run.deltas, N_DELTAS);
  printf ("  reply size:              %" G_GSIZE_FORMAT " bytes\n",
          chatroutes_stream_get_content_length (run.stream));
  printf ("  send to completion:      %.3f s\n", wall);
  printf ("  first delta after send:  %.1f ms\n", (run.first_delta - wall_start) / 1e3);
  printf ("  first to last delta:     %.1f ms\n", (run.last_delta - run.first_delta) / 1e3);
  printf ("  last delta to finished:  %.1f ms\n", (wall_end - run.last_delta) / 1e3);
  printf ("  completion to painted:   %.1f ms\n", (painted - wall_end) / 1e3);
  printf ("  deltas per second:       %.0f (send to completion), %.0f (first to last delta)\n",
          deltas_per_second,
          run.last_delta > run.first_delta ? (run.deltas - 1) / ((run.last_delta - run.first_delta) / 1e6) : 0.0);
  printf ("  frames painted:          %u up to the reply's frame\n", run.frames);
  printf ("  reply renders:           %u while streaming\n", run.renders_at_last);
  printf ("  row at the last delta:   %s\n",
          !run.checked_at_last ? "not reached" :
          !run.row_found_at_last ? "no row showed the reply" :
          run.row_matched_at_last ? "holds the streamed text exactly" : "DIFFERS from the streamed text");
  printf ("  finished message:        %s\n", final_content_ok ? "content equals the streamed text" : "DIFFERS");
  printf ("  its row after a frame:   %s\n",
          markdown == NULL ? "NOT FOUND" :
          !final_row_ok ? "DIFFERS from the streamed text" :
          final_rendered ? "shows the streamed text, rendered" : "text set but NOT RENDERED");
  printf ("  every delta shown:       %s (target: yes)\n", shown_ok ? "yes" : "NO");
  printf ("  UI thread CPU:           %.3f s (send to the reply's frame)\n", cpu);
  printf ("  UI thread CPU per delta: %.1f us (target < %.0f)\n", us_per_delta, TARGET_CPU_US_PER_DELTA);
  printf ("  longest main-loop stall: %.1f ms, ending %.0f ms after the send, up to the reply's frame (target <= %.0f)\n",
          stall_ms, stall_at / 1e3, TARGET_STALL_MS);
  printf ("    of which on the CPU:   %.1f ms (the rest waiting, or other processes running)\n",
          stall_cpu / 1e3);
  printf ("%s\n", ok ? "all targets met" : "TARGET MISSED");

  g_clear_object (&run.stand_in);
  g_clear_object (&run.stream);
  gtk_window_destroy (GTK_WINDOW (run.window));
  ui_run_for (50);
  return ok ? 0 : 1;
}
