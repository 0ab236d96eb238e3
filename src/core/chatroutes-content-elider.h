/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The streamed reply's last event repeats the whole reply as
 * "message":{…,"content":"…"}. For long replies that would hold the text a
 * second (and, once parsed, a third) time. The elider reads that event's
 * JSON in pieces as it arrives and keeps all of it except the content,
 * which it compares with the text already streamed: when they are equal,
 * the content comes out as "" and the caller uses the text it has; when
 * they differ, the content comes out whole (with an equivalent escaping).
 * Anything that is not this shape passes through unchanged.
 */
typedef struct _ChatroutesContentElider ChatroutesContentElider;

/* @expected must stay valid and unchanged until finish. */
ChatroutesContentElider *chatroutes_content_elider_new    (const char              *expected,
                                                           gsize                    expected_len);
void                     chatroutes_content_elider_feed   (ChatroutesContentElider *self,
                                                           const char              *bytes,
                                                           gsize                    len);
/* Bytes of JSON kept so far. */
gsize                    chatroutes_content_elider_get_size (ChatroutesContentElider *self);
/* Returns the JSON text (owned) and whether the content was elided. */
char                    *chatroutes_content_elider_finish (ChatroutesContentElider *self,
                                                           gsize                   *len,
                                                           gboolean                *elided) G_GNUC_WARN_UNUSED_RESULT;
void                     chatroutes_content_elider_free   (ChatroutesContentElider *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChatroutesContentElider, chatroutes_content_elider_free)

G_END_DECLS
