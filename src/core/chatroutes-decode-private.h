/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-decode.h"

G_BEGIN_DECLS

/* The direct reader behind chatroutes_decode_messages_text () alone: the
 * messages, or NULL where it leaves the body to the general path. @data
 * must be valid UTF-8. For the tests, which check that whatever it reads
 * the general path reads the same. */
GListModel *_chatroutes_decode_messages_fast (const char *data,
                                              gsize       len) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
