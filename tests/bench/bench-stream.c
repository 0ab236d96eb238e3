/* SPDX-License-Identifier: MIT */
/*
 * Streams replies from the simulator over loopback as fast as it sends
 * them and reports what the client spends:
 *  - 100,000 content events: events per second and client CPU per event;
 *  - a 5 MB reply: how far the client's resident memory grows.
 * Exits non-zero when a target is missed.
 */
#define G_LOG_DOMAIN "chatroutes-bench"

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "chatroutes-core.h"
#include "test-util.h"

#define TARGET_EVENTS_PER_SECOND 100000.0
#define TARGET_CPU_US_PER_EVENT 3.0
#define TARGET_MEMORY_FACTOR 2.0

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gint64
status_bytes (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (field), NULL, 10) * 1024;
}

static gint64
resident_bytes (void)
{
  return status_bytes ("VmRSS:");
}

/* The kernel's high-water mark of resident memory, reset on request, so
 * a peak between two samples is not missed. */
static gboolean
reset_peak (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (file == NULL)
    return FALSE;
  ok = fputs ("5", file) >= 0;
  return fclose (file) == 0 && ok;
}

typedef struct
{
  guint deltas;
  gint64 peak_rss;
} Counter;

static void
count_delta (ChatroutesStream *stream,
             const char       *text,
             guint             len,
             Counter          *counter)
{
  /* Sampling the memory every event would cost more than the event. */
  if ((++counter->deltas & 1023) == 0)
    counter->peak_rss = MAX (counter->peak_rss, resident_bytes ());
}

static gboolean
finished (gpointer data)
{
  return chatroutes_stream_is_finished (data);
}

static char *
create_conversation (ChatroutesService *service)
{
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  chatroutes_service_create_conversation_async (service, "Benchmark", NULL, NULL, test_store_result, &result);
  result = test_wait_result (&result);
  conversation = chatroutes_service_create_conversation_finish (service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return g_strdup (chatroutes_conversation_get_id (conversation));
}

static ChatroutesStream *
run_stream (ChatroutesService *service,
            const char        *conversation_id,
            Counter           *counter)
{
  ChatroutesStream *stream;

  stream = chatroutes_service_stream_message (service, conversation_id, NULL, "Benchmark", NULL);
  g_signal_connect (stream, "delta", G_CALLBACK (count_delta), counter);
  if (!test_wait_until (finished, stream, 120000))
    g_error ("The stream did not finish in two minutes");
  if (chatroutes_stream_get_state (stream) != CHATROUTES_STREAM_STATE_COMPLETED)
    g_error ("The stream failed: %s", chatroutes_stream_get_error (stream)->message);
  return stream;
}

static gboolean
bench_throughput (guint n_events)
{
  g_autofree char *events_arg = g_strdup_printf ("%u", n_events);
  g_autoptr(TestSimulator) sim = test_simulator_start ("--pace-ms", "0", "--stream-events", events_arg, NULL);
  g_autoptr(ChatroutesService) service = chatroutes_service_new (sim->base_url, "sim-key");
  g_autofree char *conversation_id = create_conversation (service);
  g_autoptr(ChatroutesStream) warmup = NULL;
  g_autoptr(ChatroutesStream) stream = NULL;
  Counter counter = { 0, 0 };
  Counter warm = { 0, 0 };
  double cpu_start, cpu, wall, events_per_second, us_per_event;
  gint64 wall_start;
  gboolean ok;

  /* One run to warm up connections and allocators, one to measure. */
  warmup = run_stream (service, conversation_id, &warm);

  wall_start = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  stream = run_stream (service, conversation_id, &counter);
  cpu = cpu_seconds () - cpu_start;
  wall = (g_get_monotonic_time () - wall_start) / 1e6;

  events_per_second = counter.deltas / wall;
  us_per_event = cpu * 1e6 / counter.deltas;
  ok = counter.deltas == n_events &&
       events_per_second >= TARGET_EVENTS_PER_SECOND &&
       us_per_event < TARGET_CPU_US_PER_EVENT;

  printf ("stream of %u content events over loopback\n", n_events);
  printf ("  events received:        %u\n", counter.deltas);
  printf ("  wall time:              %.3f s\n", wall);
  printf ("  events per second:      %.0f (target >= %.0f)\n", events_per_second, TARGET_EVENTS_PER_SECOND);
  printf ("  client CPU:             %.3f s\n", cpu);
  printf ("  client CPU per event:   %.3f us (target < %.1f)\n", us_per_event, TARGET_CPU_US_PER_EVENT);
  printf ("  reply size:             %" G_GSIZE_FORMAT " bytes\n", chatroutes_stream_get_content_length (stream));
  return ok;
}

static gboolean
bench_memory (gsize reply_bytes)
{
  g_autofree char *bytes_arg = g_strdup_printf ("%" G_GSIZE_FORMAT, reply_bytes);
  g_autoptr(TestSimulator) sim = test_simulator_start ("--pace-ms", "0", "--reply-bytes", bytes_arg, NULL);
  g_autoptr(ChatroutesService) service = chatroutes_service_new (sim->base_url, "sim-key");
  g_autofree char *conversation_id = create_conversation (service);
  g_autoptr(ChatroutesStream) stream = NULL;
  Counter counter = { 0, 0 };
  gint64 baseline, growth;
  gboolean have_peak;
  gsize size;
  gboolean ok;

  /* Measured on the first reply, cold: freed memory of an earlier one
   * would be reused and hide part of the cost. */
  baseline = resident_bytes ();
  counter.peak_rss = baseline;
  have_peak = reset_peak ();
  stream = run_stream (service, conversation_id, &counter);
  counter.peak_rss = MAX (counter.peak_rss, resident_bytes ());
  if (have_peak)
    counter.peak_rss = MAX (counter.peak_rss, status_bytes ("VmHWM:"));
  size = chatroutes_stream_get_content_length (stream);
  growth = counter.peak_rss - baseline;
  ok = size >= reply_bytes * 9 / 10 && growth <= (gint64) (TARGET_MEMORY_FACTOR * size);

  printf ("streamed reply of %" G_GSIZE_FORMAT " bytes in %u events\n", size, counter.deltas);
  printf ("  resident before:        %.1f MB\n", baseline / 1e6);
  printf ("  resident peak:          %.1f MB (%s)\n", counter.peak_rss / 1e6,
          have_peak ? "kernel high-water mark" : "sampled");
  printf ("  growth:                 %.1f MB = %.2f x the reply (target <= %.1f x)\n",
          growth / 1e6, (double) growth / size, TARGET_MEMORY_FACTOR);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  gboolean ok = TRUE;
  guint n_events = 100000;

  if (argc > 1)
    n_events = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  ok &= bench_throughput (n_events);
  ok &= bench_memory (5 * 1000 * 1000);

  printf ("%s\n", ok ? "all targets met" : "TARGET MISSED");
  return ok ? 0 : 1;
}
