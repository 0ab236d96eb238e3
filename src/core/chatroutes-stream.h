/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "chatroutes-resources.h"

G_BEGIN_DECLS

/**
 * ChatroutesStreamState:
 * @CHATROUTES_STREAM_STATE_CONNECTING: the request is on its way
 * @CHATROUTES_STREAM_STATE_STREAMING: deltas are arriving
 * @CHATROUTES_STREAM_STATE_COMPLETED: the service sent the finished message
 * @CHATROUTES_STREAM_STATE_FAILED: the stream failed; #ChatroutesStream:content
 *   keeps what arrived and #ChatroutesStream:error says why
 * @CHATROUTES_STREAM_STATE_CANCELLED: chatroutes_stream_cancel() was called;
 *   the content that arrived is kept
 */
typedef enum
{
  CHATROUTES_STREAM_STATE_CONNECTING,
  CHATROUTES_STREAM_STATE_STREAMING,
  CHATROUTES_STREAM_STATE_COMPLETED,
  CHATROUTES_STREAM_STATE_FAILED,
  CHATROUTES_STREAM_STATE_CANCELLED,
} ChatroutesStreamState;

GType chatroutes_stream_state_get_type (void) G_GNUC_CONST;
#define CHATROUTES_TYPE_STREAM_STATE (chatroutes_stream_state_get_type ())

#define CHATROUTES_TYPE_STREAM (chatroutes_stream_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesStream, chatroutes_stream, CHATROUTES, STREAM, GObject)

/*
 * A streamed reply. It belongs to the reply, not to whoever asked for it:
 * it keeps running when the view that started it goes away, until it
 * completes, fails or is cancelled.
 *
 * Signals:
 *  ::delta (const char *text, guint len)  text appended to :content
 *  ::completed (ChatroutesSendResult *result)
 *  ::failed (GError *error)   also on cancel, with G_IO_ERROR_CANCELLED
 */

const char           *chatroutes_stream_get_conversation_id (ChatroutesStream *self);
const char           *chatroutes_stream_get_branch_id       (ChatroutesStream *self);
/* What the user sent. */
const char           *chatroutes_stream_get_prompt          (ChatroutesStream *self);
/* The reply so far (or whole). Changes are announced by ::delta, not notify. */
const char           *chatroutes_stream_get_content         (ChatroutesStream *self);
gsize                 chatroutes_stream_get_content_length  (ChatroutesStream *self);
const char           *chatroutes_stream_get_model           (ChatroutesStream *self);
ChatroutesStreamState chatroutes_stream_get_state           (ChatroutesStream *self);
gboolean              chatroutes_stream_is_finished         (ChatroutesStream *self);
const GError         *chatroutes_stream_get_error           (ChatroutesStream *self);
/* The finished result once completed, else NULL. */
ChatroutesSendResult *chatroutes_stream_get_result          (ChatroutesStream *self);
guint                 chatroutes_stream_get_n_deltas        (ChatroutesStream *self);
/* Monotonic times (µs) of the request and of the first delta, 0 if none yet. */
gint64                chatroutes_stream_get_start_time      (ChatroutesStream *self);
gint64                chatroutes_stream_get_first_delta_time (ChatroutesStream *self);
void                  chatroutes_stream_cancel              (ChatroutesStream *self);

G_END_DECLS
