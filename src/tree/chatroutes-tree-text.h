/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The start of a message on one line, at most @max_chars characters (then
 * an ellipsis), without the Markdown marks that read as noise out of
 * context. Never NULL. */
char       *chatroutes_tree_excerpt   (const char *content,
                                       guint       max_chars) G_GNUC_WARN_UNUSED_RESULT;
/* Who wrote a message, as people read it. */
const char *chatroutes_tree_role_name (const char *role);

G_END_DECLS
