/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Initialises GTK and libadwaita for a UI test (call after g_test_init). */
void      ui_test_init            (void);

/* Runs the main loop until @widget has been drawn at least once. */
void      ui_wait_for_draw        (GtkWidget *widget);
/* Runs the main loop for about @ms milliseconds. */
void      ui_run_for              (guint      ms);
/* Iterates until @condition returns TRUE or @timeout_ms pass. */
gboolean  ui_wait_until           (gboolean (*condition) (gpointer data),
                                   gpointer   data,
                                   guint      timeout_ms);

/* Switches the style manager to dark (TRUE) or light. */
void      ui_set_dark             (gboolean   dark);

/* Saves what @widget shows as a PNG in $CHATROUTES_SCREENSHOT_DIR (default:
 * "screenshots" in the build folder) under @name with a "-light" or
 * "-dark" suffix, and returns the path (owned). Fails the test when
 * nothing could be drawn. */
char     *ui_save_screenshot      (GtkWidget  *widget,
                                   const char *name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
