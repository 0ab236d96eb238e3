/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * An incremental Server-Sent Events parser that follows the WHATWG rules:
 * input may be cut at any byte; lines end in LF, CRLF or a lone CR (a CRLF
 * may be split across two feeds); one UTF-8 BOM is stripped at the very
 * start only; a blank line dispatches the event; lines starting with ':'
 * are comments; a field without a colon has an empty value; one space after
 * the colon is stripped; several data lines are joined with '\n'; an event
 * whose data buffer is empty dispatches nothing; unknown fields are ignored;
 * 'id' without NUL sets the last event id; 'retry' with only ASCII digits
 * sets the reconnection time. The parser never allocates per byte: fed
 * large blocks it scans with memchr.
 *
 * Data handed to the callback is always valid UTF-8 (invalid sequences are
 * replaced with U+FFFD) and NUL-terminated; @data_len excludes the NUL.
 * A NUL byte inside the data counts as invalid and is replaced too, so the
 * data never holds a NUL before @data_len. A 'data' field with an empty
 * value still dispatches (an event with empty data); an event with no
 * 'data' field at all dispatches nothing. An 'id' field with an empty value
 * clears the last event id (reported as NULL).
 */

typedef struct _ChatroutesSseParser ChatroutesSseParser;

/**
 * ChatroutesSseEventFunc:
 * @event_type: the event's type; "message" when no event field was given
 * @data: the event's data, valid UTF-8, NUL-terminated
 * @data_len: length of @data in bytes
 * @last_event_id: (nullable): the last event id seen so far, or NULL
 * @user_data: closure
 *
 * Returns: TRUE to go on, FALSE to stop parsing; the feed then returns
 *   FALSE with no error and ignores the rest of the block.
 */
typedef gboolean (*ChatroutesSseEventFunc) (const char *event_type,
                                            const char *data,
                                            gsize       data_len,
                                            const char *last_event_id,
                                            gpointer    user_data);

#define CHATROUTES_SSE_DEFAULT_MAX_EVENT_SIZE (16 * 1024 * 1024)

ChatroutesSseParser *chatroutes_sse_parser_new              (ChatroutesSseEventFunc  func,
                                                             gpointer                user_data);
void                 chatroutes_sse_parser_free             (ChatroutesSseParser    *parser);

/* Bounds the bytes held for one line plus one event's data; past it feed
 * fails with CHATROUTES_ERROR_PROTOCOL. */
void                 chatroutes_sse_parser_set_max_event_size (ChatroutesSseParser *parser,
                                                               gsize                max_size);

/* Returns FALSE with @error set when the bound is passed, FALSE without an
 * error when the callback asked to stop, TRUE otherwise. After an error
 * every feed fails until chatroutes_sse_parser_finish(); after a stop the
 * next feed goes on parsing its own block. */
gboolean             chatroutes_sse_parser_feed             (ChatroutesSseParser    *parser,
                                                             const char             *data,
                                                             gsize                   len,
                                                             GError                **error);

/*
 * Large events. An event whose data grows past @threshold bytes is handed to
 * @func in pieces instead of being held: first the data so far, then every
 * further piece as it arrives (data lines joined with '\n' as usual), and
 * finally DISPATCH (in place of the event callback, with the event type as
 * @bytes) at the blank line, or DISCARD if the input ends or fails first.
 * The pieces are raw bytes, not checked for UTF-8. Returning FALSE stops
 * parsing, as from the event callback. The parser then holds at most about
 * @threshold bytes of any event, however large.
 */
typedef enum
{
  CHATROUTES_SSE_SINK_DATA,
  CHATROUTES_SSE_SINK_DISPATCH,
  CHATROUTES_SSE_SINK_DISCARD,
} ChatroutesSseSinkAction;

typedef gboolean (*ChatroutesSseSinkFunc) (ChatroutesSseSinkAction  action,
                                           const char              *bytes,
                                           gsize                    len,
                                           gpointer                 user_data);

void                 chatroutes_sse_parser_set_sink         (ChatroutesSseParser    *parser,
                                                             gsize                   threshold,
                                                             ChatroutesSseSinkFunc   func,
                                                             gpointer                user_data);

/* End of input. Per the SSE rules a trailing event that was not ended by a
 * blank line is discarded. Returns TRUE when nothing was pending (no partial
 * line, no undispatched data), FALSE when something was dropped or the
 * parser had failed. The parser is then ready for a new stream (such as a
 * reconnection): the last event id and the retry time are kept, a BOM is
 * stripped again. */
gboolean             chatroutes_sse_parser_finish           (ChatroutesSseParser    *parser);

/* Reconnection time in milliseconds from the last valid 'retry' field, or -1. */
gint64               chatroutes_sse_parser_get_retry        (ChatroutesSseParser    *parser);
const char          *chatroutes_sse_parser_get_last_event_id (ChatroutesSseParser   *parser);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChatroutesSseParser, chatroutes_sse_parser_free)

G_END_DECLS
