/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Walks the accessible tree under @root (only what is shown) and adds to
 * @problems (strings) a description of every interactive control — button,
 * toggle, check box, switch, text box, search box, spin button, combo box,
 * link, menu item, slider, tab, radio — that has no accessible name: no
 * label property, no labelled-by relation, and, for the roles whose name
 * GTK takes from their content, no text inside. @seen (a set of
 * accessibles) keeps a control from being reported twice. Returns how many
 * interactive controls were checked. */
guint        a11y_check_names      (GtkAccessible *root,
                                    GHashTable    *seen,
                                    GPtrArray     *problems);

/* A short description of @accessible for messages: its type, role, and
 * tooltip or CSS classes. */
char        *a11y_describe         (GtkAccessible *accessible) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
