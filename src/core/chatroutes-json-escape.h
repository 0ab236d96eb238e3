/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * JSON string escapes, for the code that reads stream events without a
 * JSON tree. @esc starts with the backslash.
 */

/* How many bytes the escape starting at @esc needs in all (2, 6 or 12 for
 * a surrogate pair), judging from the @len bytes seen so far; 0 when those
 * bytes already make it invalid. */
gsize chatroutes_json_escape_length (const char *esc,
                                     gsize       len);

/* Decodes a whole escape of @len bytes into UTF-8 in @utf8; returns the
 * number of bytes written, or 0 when the escape is invalid (unknown letter,
 * bad hex, a lone surrogate, or \u0000, which C strings cannot hold). */
gsize chatroutes_json_escape_decode (const char *esc,
                                     gsize       len,
                                     char        utf8[6]);

G_END_DECLS
