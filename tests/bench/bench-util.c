/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "chatroutes-bench"

#include "config.h"

#include <time.h>

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "main-loop.h"

double
bench_thread_cpu_seconds (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_THREAD, &usage) != 0)
    return 0;
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

gint64
bench_status_bytes (const char *field)
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

gboolean
bench_reset_peak (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (file == NULL)
    return FALSE;
  ok = fputs ("5", file) >= 0;
  return fclose (file) == 0 && ok;
}

static void
record_paint (GdkFrameClock *clock,
              gint64        *painted)
{
  if (*painted < 0)
    *painted = g_get_monotonic_time ();
}

static gboolean
has_painted (gpointer data)
{
  return *(gint64 *) data >= 0;
}

gint64
bench_wait_next_paint (GtkWidget *widget,
                       guint      timeout_ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 painted = -1;
  gulong handler;

  if (clock == NULL)
    return -1;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (record_paint), &painted);
  main_loop_wait_until (has_painted, &painted, timeout_ms);
  g_signal_handler_disconnect (clock, handler);
  return painted;
}

GtkWidget *
bench_find_descendant (GtkWidget  *widget,
                       GType       type,
                       gboolean  (*match) (GtkWidget *found,
                                           gpointer   data),
                       gpointer    data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (match == NULL || match (widget, data)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bench_find_descendant (child, type, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

struct _BenchStallMonitor
{
  guint source;
  gint64 start;
  gint64 last;
  gint64 last_cpu;
  gint64 longest;
  gint64 longest_at;
  gint64 longest_cpu;
};

/* This thread's CPU time in microseconds, precisely. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
stall_tick (gpointer data)
{
  BenchStallMonitor *monitor = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (now - monitor->last > monitor->longest)
    {
      monitor->longest = now - monitor->last;
      monitor->longest_at = now - monitor->start;
      monitor->longest_cpu = cpu - monitor->last_cpu;
    }
  monitor->last = now;
  monitor->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

BenchStallMonitor *
bench_stall_monitor_start (void)
{
  BenchStallMonitor *monitor = g_new0 (BenchStallMonitor, 1);

  monitor->start = monitor->last = g_get_monotonic_time ();
  monitor->last_cpu = thread_cpu_us ();
  monitor->source = g_timeout_add_full (G_PRIORITY_HIGH, 1, stall_tick, monitor, NULL);
  return monitor;
}

gint64
bench_stall_monitor_stop (BenchStallMonitor *monitor,
                          gint64            *at_us,
                          gint64            *cpu_us)
{
  gint64 longest;

  /* The gap still open at the end counts too. */
  stall_tick (monitor);
  g_source_remove (monitor->source);
  longest = monitor->longest;
  if (at_us != NULL)
    *at_us = monitor->longest_at;
  if (cpu_us != NULL)
    *cpu_us = monitor->longest_cpu;
  g_free (monitor);
  return longest;
}
