/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <string.h>

#include "chatroutes-error.h"
#include "chatroutes-sse.h"

/*
 * The parser works on bytes. Line terminators and field names are ASCII, and
 * in UTF-8 the bytes CR and LF never occur inside a multi-byte sequence, so
 * splitting lines before decoding is the same as decoding first. UTF-8 is
 * checked once per dispatched event, on the joined data.
 *
 * Nothing is allocated per event: the line, data, event type and id buffers
 * are GStrings that keep their allocation and are truncated after use. A
 * line that lies wholly inside one fed block is parsed in place; only a line
 * cut by the end of a block is copied into the line buffer.
 */

#define UTF8_BOM "\xEF\xBB\xBF"
#define UTF8_BOM_LEN 3

typedef enum
{
  LINE_CONTINUE,
  LINE_STOP,
} LineResult;

struct _ChatroutesSseParser
{
  ChatroutesSseEventFunc func;
  gpointer user_data;
  gsize max_event_size;

  /* The start of a line cut by the end of the previous block. Never holds
   * a terminator; non-empty exactly when a partial line is pending. */
  GString *line;
  /* The event's data lines joined with '\n'; valid when has_data is set. */
  GString *data;
  /* The event type buffer; empty means "message". */
  GString *event_type;
  /* The last event id buffer, set by 'id' fields... */
  GString *id_buffer;
  /* ...and the last event id string, copied from it on each dispatch.
   * Empty means no id. */
  GString *last_event_id;

  gint64 retry;

  /* Large events go to the sink instead of the data buffer. */
  ChatroutesSseSinkFunc sink;
  gpointer sink_data;
  gsize sink_threshold;

  guint bom_matched : 2;
  /* The current event's data goes to the sink. */
  guint sinking : 1;
  /* The pending partial line is a data line whose value goes to the sink
   * as it arrives; the line buffer holds none of it. */
  guint sink_line : 1;
  guint bom_done : 1;
  guint skip_lf : 1;
  guint has_data : 1;
  guint id_dirty : 1;
  guint failed : 1;
};

ChatroutesSseParser *
chatroutes_sse_parser_new (ChatroutesSseEventFunc func,
                           gpointer               user_data)
{
  ChatroutesSseParser *parser;

  g_return_val_if_fail (func != NULL, NULL);

  parser = g_new0 (ChatroutesSseParser, 1);
  parser->func = func;
  parser->user_data = user_data;
  parser->max_event_size = CHATROUTES_SSE_DEFAULT_MAX_EVENT_SIZE;
  parser->line = g_string_sized_new (256);
  parser->data = g_string_sized_new (1024);
  parser->event_type = g_string_sized_new (32);
  parser->id_buffer = g_string_sized_new (32);
  parser->last_event_id = g_string_sized_new (32);
  parser->retry = -1;

  return parser;
}

void
chatroutes_sse_parser_free (ChatroutesSseParser *parser)
{
  if (parser == NULL)
    return;

  g_string_free (parser->line, TRUE);
  g_string_free (parser->data, TRUE);
  g_string_free (parser->event_type, TRUE);
  g_string_free (parser->id_buffer, TRUE);
  g_string_free (parser->last_event_id, TRUE);
  g_free (parser);
}

void
chatroutes_sse_parser_set_max_event_size (ChatroutesSseParser *parser,
                                          gsize                max_size)
{
  g_return_if_fail (parser != NULL);
  g_return_if_fail (max_size > 0);

  parser->max_event_size = max_size;
}

gint64
chatroutes_sse_parser_get_retry (ChatroutesSseParser *parser)
{
  g_return_val_if_fail (parser != NULL, -1);

  return parser->retry;
}

const char *
chatroutes_sse_parser_get_last_event_id (ChatroutesSseParser *parser)
{
  g_return_val_if_fail (parser != NULL, NULL);

  return parser->last_event_id->len > 0 ? parser->last_event_id->str : NULL;
}

void
chatroutes_sse_parser_set_sink (ChatroutesSseParser   *parser,
                                gsize                  threshold,
                                ChatroutesSseSinkFunc  func,
                                gpointer               user_data)
{
  g_return_if_fail (parser != NULL);
  g_return_if_fail (!parser->sinking);

  parser->sink = func;
  parser->sink_data = user_data;
  parser->sink_threshold = threshold;
}

static inline LineResult
sink (ChatroutesSseParser     *parser,
      ChatroutesSseSinkAction  action,
      const char              *bytes,
      gsize                    len)
{
  if (action == CHATROUTES_SSE_SINK_DATA && len == 0)
    return LINE_CONTINUE;
  return parser->sink (action, bytes, len, parser->sink_data) ? LINE_CONTINUE : LINE_STOP;
}

/* Drops the pending line and event, as at the end of a stream. */
static void
reset_event (ChatroutesSseParser *parser)
{
  if (parser->sinking)
    {
      parser->sinking = FALSE;
      parser->sink_line = FALSE;
      sink (parser, CHATROUTES_SSE_SINK_DISCARD, "", 0);
    }
  g_string_truncate (parser->line, 0);
  g_string_truncate (parser->data, 0);
  g_string_truncate (parser->event_type, 0);
  parser->has_data = FALSE;
}

static void
set_too_large_error (ChatroutesSseParser  *parser,
                     GError              **error)
{
  g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
               "Server-sent event larger than %" G_GSIZE_FORMAT " bytes",
               parser->max_event_size);
}

/* Copies @value into @buffer, replacing invalid UTF-8 with U+FFFD. */
static void
assign_valid_utf8 (GString    *buffer,
                   const char *value,
                   gsize       value_len)
{
  if (G_LIKELY (g_utf8_validate_len (value, value_len, NULL)))
    {
      g_string_truncate (buffer, 0);
      g_string_append_len (buffer, value, value_len);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, value_len);

      g_string_assign (buffer, valid);
    }
}

static LineResult
dispatch (ChatroutesSseParser *parser)
{
  g_autofree char *valid_data = NULL;
  const char *data;
  gsize data_len;
  const char *event_type;
  const char *last_event_id;
  gboolean go_on;

  if (G_UNLIKELY (parser->id_dirty))
    {
      g_string_truncate (parser->last_event_id, 0);
      g_string_append_len (parser->last_event_id,
                           parser->id_buffer->str, parser->id_buffer->len);
      parser->id_dirty = FALSE;
    }

  if (!parser->has_data)
    {
      g_string_truncate (parser->event_type, 0);
      return LINE_CONTINUE;
    }

  if (parser->sinking)
    {
      LineResult result;

      parser->sinking = FALSE;
      parser->has_data = FALSE;
      event_type = parser->event_type->len > 0 ? parser->event_type->str : "message";
      result = sink (parser, CHATROUTES_SSE_SINK_DISPATCH, event_type, strlen (event_type));
      g_string_truncate (parser->event_type, 0);
      return result;
    }

  data = parser->data->str;
  data_len = parser->data->len;

  /* NUL bytes fail this check too, and are replaced like invalid bytes, so
   * the data never holds a NUL before data_len. */
  if (G_UNLIKELY (!g_utf8_validate_len (data, data_len, NULL)))
    {
      valid_data = g_utf8_make_valid (data, data_len);
      data = valid_data;
      data_len = strlen (valid_data);
    }

  event_type = parser->event_type->len > 0 ? parser->event_type->str : "message";
  last_event_id = parser->last_event_id->len > 0 ? parser->last_event_id->str : NULL;

  go_on = parser->func (event_type, data, data_len, last_event_id, parser->user_data);

  g_string_truncate (parser->data, 0);
  g_string_truncate (parser->event_type, 0);
  parser->has_data = FALSE;

  return go_on ? LINE_CONTINUE : LINE_STOP;
}

/* Hands the data held so far to the sink, which takes the rest of the
 * event from now on. */
static LineResult
start_sinking (ChatroutesSseParser *parser)
{
  LineResult result;

  parser->sinking = TRUE;
  result = sink (parser, CHATROUTES_SSE_SINK_DATA, parser->data->str, parser->data->len);
  g_string_truncate (parser->data, 0);
  return result;
}

static LineResult
append_data (ChatroutesSseParser *parser,
             const char          *value,
             gsize                value_len)
{
  if (parser->sinking)
    {
      /* has_data is set: the event had data before it went to the sink. */
      if (sink (parser, CHATROUTES_SSE_SINK_DATA, "\n", 1) == LINE_STOP)
        return LINE_STOP;
      return sink (parser, CHATROUTES_SSE_SINK_DATA, value, value_len);
    }

  if (parser->has_data)
    g_string_append_c (parser->data, '\n');
  g_string_append_len (parser->data, value, value_len);
  parser->has_data = TRUE;

  if (parser->sink != NULL && parser->data->len > parser->sink_threshold)
    return start_sinking (parser);
  return LINE_CONTINUE;
}

/* Once a partial line in the line buffer is known to be a data line (its
 * first six bytes tell, space included) and its event is large, its value
 * goes to the sink now and the rest of the line as it comes. */
static LineResult
maybe_sink_partial_line (ChatroutesSseParser *parser)
{
  GString *line = parser->line;
  const char *value;
  gsize value_len;

  if (parser->sink == NULL || line->len < 6 || memcmp (line->str, "data:", 5) != 0)
    return LINE_CONTINUE;
  if (!parser->sinking && parser->data->len + line->len <= parser->sink_threshold)
    return LINE_CONTINUE;

  value = line->str + 5;
  value_len = line->len - 5;
  if (value[0] == ' ')
    {
      value++;
      value_len--;
    }

  parser->sink_line = TRUE;
  if (!parser->sinking)
    {
      if (parser->has_data)
        g_string_append_c (parser->data, '\n');
      g_string_append_len (parser->data, value, value_len);
      parser->has_data = TRUE;
      g_string_truncate (line, 0);
      return start_sinking (parser);
    }

  {
    LineResult result = append_data (parser, value, value_len);
    g_string_truncate (line, 0);
    return result;
  }
}

static void
set_retry (ChatroutesSseParser *parser,
           const char          *value,
           gsize                value_len)
{
  gint64 retry = 0;

  if (value_len == 0)
    return;

  for (gsize i = 0; i < value_len; i++)
    {
      int digit;

      if (!g_ascii_isdigit (value[i]))
        return;

      digit = value[i] - '0';
      /* A value too large for a gint64 is not a usable time: ignore it. */
      if (retry > (G_MAXINT64 - digit) / 10)
        return;
      retry = retry * 10 + digit;
    }

  parser->retry = retry;
}

/* Handles one complete line, without its terminator. */
static LineResult
process_line (ChatroutesSseParser *parser,
              const char          *line,
              gsize                line_len)
{
  const char *colon;
  const char *value;
  gsize name_len;
  gsize value_len;

  if (line_len == 0)
    return dispatch (parser);

  /* The common case first: "data: …" */
  if (G_LIKELY (line_len >= 5 && memcmp (line, "data:", 5) == 0))
    {
      value = line + 5;
      value_len = line_len - 5;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
      return append_data (parser, value, value_len);
    }

  if (line[0] == ':')
    return LINE_CONTINUE;

  colon = memchr (line, ':', line_len);
  if (colon != NULL)
    {
      name_len = colon - line;
      value = colon + 1;
      value_len = line_len - name_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      name_len = line_len;
      value = line + line_len;
      value_len = 0;
    }

  switch (name_len)
    {
    case 2:
      if (memcmp (line, "id", 2) == 0 && memchr (value, '\0', value_len) == NULL)
        {
          assign_valid_utf8 (parser->id_buffer, value, value_len);
          parser->id_dirty = TRUE;
        }
      break;

    case 4:
      if (memcmp (line, "data", 4) == 0)
        return append_data (parser, value, value_len);
      break;

    case 5:
      if (memcmp (line, "event", 5) == 0)
        assign_valid_utf8 (parser->event_type, value, value_len);
      else if (memcmp (line, "retry", 5) == 0)
        set_retry (parser, value, value_len);
      break;

    default:
      /* Unknown fields are ignored. */
      break;
    }

  return LINE_CONTINUE;
}

/* Bytes held for the event if a line of @line_len bytes were taken in. */
static inline gboolean
fits (ChatroutesSseParser *parser,
      gsize                line_len)
{
  return line_len <= parser->max_event_size &&
         parser->data->len <= parser->max_event_size - line_len;
}

/* Parses @data, which holds no BOM to strip and no LF to skip. */
static gboolean
parse_block (ChatroutesSseParser  *parser,
             const char           *data,
             gsize                 len,
             GError              **error)
{
  const char *p = data;
  const char *end = data + len;
  const char *next_lf;
  const char *next_cr;

  /* Each memchr result is kept until the scan passes it, so a block with
   * no CR at all is searched for CR only once. */
  next_lf = memchr (p, '\n', len);
  next_cr = memchr (p, '\r', len);

  while (p < end)
    {
      const char *eol;
      LineResult result;

      if (next_lf != NULL && next_lf < p)
        next_lf = memchr (p, '\n', end - p);
      if (next_cr != NULL && next_cr < p)
        next_cr = memchr (p, '\r', end - p);

      if (next_lf == NULL)
        eol = next_cr;
      else if (next_cr == NULL)
        eol = next_lf;
      else
        eol = MIN (next_lf, next_cr);

      if (eol == NULL)
        {
          if (parser->sink_line)
            return sink (parser, CHATROUTES_SSE_SINK_DATA, p, end - p) == LINE_CONTINUE;

          /* A partial line: keep it for the next block. */
          if (!fits (parser, parser->line->len + (end - p)))
            goto too_large;
          g_string_append_len (parser->line, p, end - p);
          return maybe_sink_partial_line (parser) == LINE_CONTINUE;
        }

      if (G_UNLIKELY (parser->sink_line))
        {
          /* The end of a data line that went to the sink. */
          parser->sink_line = FALSE;
          result = sink (parser, CHATROUTES_SSE_SINK_DATA, p, eol - p);
        }
      else if (!fits (parser, parser->line->len + (eol - p)))
        goto too_large;
      else if (G_UNLIKELY (parser->line->len > 0))
        {
          g_string_append_len (parser->line, p, eol - p);
          result = process_line (parser, parser->line->str, parser->line->len);
          g_string_truncate (parser->line, 0);
        }
      else
        {
          result = process_line (parser, p, eol - p);
        }

      if (*eol == '\r')
        {
          if (eol + 1 == end)
            parser->skip_lf = TRUE;
          else if (eol[1] == '\n')
            eol++;
        }
      p = eol + 1;

      if (result == LINE_STOP)
        return FALSE;
    }

  return TRUE;

too_large:
  reset_event (parser);
  parser->failed = TRUE;
  set_too_large_error (parser, error);
  return FALSE;
}

gboolean
chatroutes_sse_parser_feed (ChatroutesSseParser  *parser,
                            const char           *data,
                            gsize                 len,
                            GError              **error)
{
  g_return_val_if_fail (parser != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (G_UNLIKELY (parser->failed))
    {
      set_too_large_error (parser, error);
      return FALSE;
    }

  if (len == 0)
    return TRUE;

  if (G_UNLIKELY (!parser->bom_done))
    {
      const guchar *bytes = (const guchar *) data;
      gsize i = 0;

      /* The BOM itself may be cut across blocks: hold what matched so far. */
      while (i < len &&
             parser->bom_matched < UTF8_BOM_LEN &&
             bytes[i] == (guchar) UTF8_BOM[parser->bom_matched])
        {
          parser->bom_matched++;
          i++;
        }

      if (parser->bom_matched == UTF8_BOM_LEN)
        {
          parser->bom_done = TRUE;
        }
      else if (i == len)
        {
          return TRUE;
        }
      else
        {
          /* Not a BOM after all: the held bytes start the first line. They
           * hold no terminator, so they go to the line buffer as they are. */
          parser->bom_done = TRUE;
          g_string_append_len (parser->line, UTF8_BOM, parser->bom_matched);
        }

      data += i;
      len -= i;
      if (len == 0)
        return TRUE;
    }

  if (parser->skip_lf)
    {
      parser->skip_lf = FALSE;
      if (data[0] == '\n')
        {
          data++;
          len--;
          if (len == 0)
            return TRUE;
        }
    }

  return parse_block (parser, data, len, error);
}

gboolean
chatroutes_sse_parser_finish (ChatroutesSseParser *parser)
{
  gboolean clean;

  g_return_val_if_fail (parser != NULL, FALSE);

  clean = !parser->failed &&
          parser->line->len == 0 &&
          !parser->sink_line &&
          !parser->has_data &&
          (parser->bom_done || parser->bom_matched == 0);

  /* Ready for the next stream (a reconnection): the last event id and the
   * reconnection time are kept, everything else starts over. */
  reset_event (parser);
  g_string_truncate (parser->id_buffer, 0);
  g_string_append_len (parser->id_buffer,
                       parser->last_event_id->str, parser->last_event_id->len);
  parser->id_dirty = FALSE;
  parser->bom_matched = 0;
  parser->bom_done = FALSE;
  parser->skip_lf = FALSE;
  parser->failed = FALSE;

  return clean;
}
