/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

/*
 * Running the default main context until something happens, for the test
 * helpers of every kind of test (core, UI, benchmarks). Header-only, so
 * each helper library can use it without linking the others.
 */

static inline gboolean
main_loop_set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until @condition returns TRUE or @timeout_ms pass; returns the
 * condition's value. */
static inline gboolean
main_loop_wait_until (gboolean (*condition) (gpointer data),
                      gpointer   data,
                      guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, main_loop_set_true, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static inline gboolean
main_loop_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Iterates until *@flag is TRUE or @timeout_ms pass. */
static inline gboolean
main_loop_wait_flag (gboolean *flag,
                     guint     timeout_ms)
{
  return main_loop_wait_until (main_loop_flag_is_set, flag, timeout_ms);
}

/* Runs the main context for about @ms milliseconds. */
static inline void
main_loop_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, main_loop_set_true, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
