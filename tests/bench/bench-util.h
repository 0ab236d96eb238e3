/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* CPU time (user + system) of the calling thread, in seconds. */
double     bench_thread_cpu_seconds  (void);

/* A field of /proc/self/status ("VmRSS:", "VmHWM:") in bytes, or -1. */
gint64     bench_status_bytes        (const char *field);
/* Resets the kernel's high-water mark of resident memory, so that
 * "VmHWM:" reports the peak from now on. FALSE when not possible. */
gboolean   bench_reset_peak          (void);

/* Runs the main loop until @widget's frame clock next finishes painting,
 * and returns the monotonic time (µs) of that moment, or -1 after
 * @timeout_ms. Nothing is queued: the frame is the one the widgets ask
 * for themselves. */
gint64     bench_wait_next_paint     (GtkWidget  *widget,
                                      guint       timeout_ms);

/* The first descendant of @widget (depth first, @widget included) of
 * @type for which @match returns TRUE (any, when @match is NULL). */
GtkWidget *bench_find_descendant     (GtkWidget  *widget,
                                      GType       type,
                                      gboolean  (*match) (GtkWidget *found,
                                                          gpointer   data),
                                      gpointer    data);

/* Records the longest gap between consecutive runs of a high-priority
 * 1 ms timer: how long the main loop could not answer. */
typedef struct _BenchStallMonitor BenchStallMonitor;

BenchStallMonitor *bench_stall_monitor_start (void);
/* Stops the monitor; returns the longest gap in µs and, when @at_us is not
 * NULL, when it ended, counted from the start;
 * @cpu_us the CPU time this thread spent during it (less than the stall when
 * the thread was waiting or other processes had the CPU). */
gint64             bench_stall_monitor_stop  (BenchStallMonitor *monitor,
                                              gint64            *at_us,
                                              gint64            *cpu_us);

G_END_DECLS
