/* SPDX-License-Identifier: MIT */
/*
 * Opens a conversation of 10,000 messages in a conversation view in a
 * presented 900×800 window and reports:
 *  - the time from chatroutes_conversation_view_set_conversation() to the
 *    first frame painted with message rows in the list;
 *  - the resident memory before and its peak (the kernel's high-water
 *    mark, reset before opening).
 * Exits non-zero when a target is missed.
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "chatroutes-bench"

#include "config.h"

#include <stdio.h>

#include "bench-util.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-message-row.h"
#include "test-util.h"
#include "ui-util.h"

#define N_MESSAGES 10000
#define TARGET_FIRST_FRAME_MS 500.0
#define TARGET_PEAK_MB 300.0

typedef struct
{
  ChatroutesConversationView *view;
  ChatroutesMessage *last;
  gint64 items_arrived;
} Run;

static void
on_items_changed (GListModel *messages,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Run        *run)
{
  if (run->items_arrived == 0 && g_list_model_get_n_items (messages) > 0)
    run->items_arrived = g_get_monotonic_time ();
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
row_mapped (GtkWidget *widget,
            gpointer   message)
{
  return gtk_widget_get_mapped (widget) &&
         chatroutes_message_row_get_message (CHATROUTES_MESSAGE_ROW (widget)) != NULL &&
         (message == NULL || chatroutes_message_row_get_message (CHATROUTES_MESSAGE_ROW (widget)) == message);
}

/* Messages in the list, and a row showing one of them on screen. */
static gboolean
rows_shown (gpointer data)
{
  Run *run = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (run->view);

  return messages != NULL && g_list_model_get_n_items (messages) > 0 &&
         bench_find_descendant (GTK_WIDGET (run->view), CHATROUTES_TYPE_MESSAGE_ROW, row_mapped, NULL) != NULL;
}

static gboolean
newest_shown (gpointer data)
{
  Run *run = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (run->view);
  guint n = messages ? g_list_model_get_n_items (messages) : 0;
  gboolean loading = TRUE;

  if (messages)
    g_object_get (messages, "loading", &loading, NULL);
  if (loading || n == 0)
    return FALSE;
  g_clear_object (&run->last);
  run->last = g_list_model_get_item (messages, n - 1);
  return bench_find_descendant (GTK_WIDGET (run->view), CHATROUTES_TYPE_MESSAGE_ROW, row_mapped, run->last) != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *messages_arg = g_strdup_printf ("%u", N_MESSAGES);
  g_autoptr(TestSimulator) sim = NULL;
  g_autoptr(ChatroutesService) service = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  GtkWidget *window;
  Run run = { 0 };
  gint64 rss_before, peak, start, first_frame, newest_frame;
  guint n_messages;
  gboolean have_peak, ok;
  double first_ms, peak_mb, cpu_start, cpu;

  ui_test_init ();

  sim = test_simulator_start ("--seed-conversations", "1", "--seed-messages", messages_arg, NULL);
  service = chatroutes_service_new (sim->base_url, "sim-key");
  conversation = first_conversation (service);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  run.view = chatroutes_conversation_view_new (service);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (run.view));
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_for_draw (window);

  rss_before = bench_status_bytes ("VmRSS:");
  have_peak = bench_reset_peak ();

  start = g_get_monotonic_time ();
  cpu_start = bench_thread_cpu_seconds ();
  chatroutes_conversation_view_set_conversation (run.view, conversation, NULL);
  g_signal_connect (chatroutes_conversation_view_get_messages (run.view), "items-changed",
                    G_CALLBACK (on_items_changed), &run);
  if (!ui_wait_until (rows_shown, &run, 60000))
    g_error ("No message rows after a minute");
  first_frame = bench_wait_next_paint (window, 5000);
  if (first_frame < 0)
    g_error ("No frame was painted after the rows appeared");
  cpu = bench_thread_cpu_seconds () - cpu_start;

  /* The view follows the newest message: also when that one shows. */
  if (!ui_wait_until (newest_shown, &run, 60000))
    g_error ("The newest message did not show within a minute");
  newest_frame = bench_wait_next_paint (window, 5000);
  ui_run_for (200);

  n_messages = g_list_model_get_n_items (chatroutes_conversation_view_get_messages (run.view));
  peak = MAX (rss_before, bench_status_bytes ("VmRSS:"));
  if (have_peak)
    peak = MAX (peak, bench_status_bytes ("VmHWM:"));

  first_ms = (first_frame - start) / 1e3;
  peak_mb = peak / 1e6;
  ok = n_messages >= N_MESSAGES && first_ms < TARGET_FIRST_FRAME_MS && peak_mb < TARGET_PEAK_MB;

  printf ("conversation of %u seeded messages opened in a conversation view (window 900x800, GSK_RENDERER=%s)\n",
          N_MESSAGES, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  printf ("  messages in the list:    %u\n", n_messages);
  printf ("  first frame with rows:   %.1f ms after set_conversation (target < %.0f)\n",
          first_ms, TARGET_FIRST_FRAME_MS);
  printf ("  messages in the model:   %.1f ms after set_conversation (fetched and decoded)\n",
          (run.items_arrived - start) / 1e3);
  printf ("  UI thread CPU:           %.1f ms up to the first frame\n", cpu * 1e3);
  printf ("  newest message shown:    %.1f ms after set_conversation\n",
          newest_frame < 0 ? -1.0 : (newest_frame - start) / 1e3);
  printf ("  resident before:         %.1f MB\n", rss_before / 1e6);
  printf ("  resident peak:           %.1f MB (%s; target < %.0f)\n", peak_mb,
          have_peak ? "kernel high-water mark" : "sampled", TARGET_PEAK_MB);
  printf ("%s\n", ok ? "all targets met" : "TARGET MISSED");

  g_clear_object (&run.last);
  gtk_window_destroy (GTK_WINDOW (window));
  ui_run_for (50);
  return ok ? 0 : 1;
}
