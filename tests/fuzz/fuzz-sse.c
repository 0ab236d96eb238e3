/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroutes-error.h"
#include "chatroutes-sse.h"

/*
 * Input layout: four header bytes, then the stream.
 *   h[0] low 4 bits: largest chunk is 2^n bytes (n = 0: byte by byte)
 *   h[1]:            seed for the chunk sizes
 *   h[2]:            bit 7 set: a small max event size, (low 7 bits) * 4 + 1
 *   h[3]:            bit 4 set: the callback stops after (low 4 bits) events
 *
 * The stream is parsed twice, in one block and in chunks, and both runs
 * must give the same events, outcome, retry and last id. Every event must
 * carry valid, NUL-terminated UTF-8.
 */

#define HEADER_LEN 4

#define CHECK(cond)                                                      \
  G_STMT_START {                                                         \
    if (!(cond))                                                         \
      {                                                                  \
        fprintf (stderr, "%s:%d: check failed: %s\n",                    \
                 __FILE__, __LINE__, #cond);                             \
        abort ();                                                        \
      }                                                                  \
  } G_STMT_END

typedef struct
{
  ChatroutesSseParser *parser;
  /* Every event as type, data and id, each followed by a NUL; a missing
   * id is written as a single 0x01 byte, which no id can be. */
  GByteArray *log;
  guint n_events;
  guint stop_after;
} Run;

static gboolean
on_event (const char *event_type,
          const char *data,
          gsize       data_len,
          const char *last_event_id,
          gpointer    user_data)
{
  Run *run = user_data;
  const char *reported_id;

  CHECK (event_type != NULL && event_type[0] != '\0');
  CHECK (g_utf8_validate (event_type, -1, NULL));
  CHECK (data != NULL);
  CHECK (data[data_len] == '\0');
  CHECK (strlen (data) == data_len);
  CHECK (g_utf8_validate_len (data, data_len, NULL));
  if (last_event_id != NULL)
    {
      CHECK (last_event_id[0] != '\0');
      CHECK (g_utf8_validate (last_event_id, -1, NULL));
    }
  reported_id = chatroutes_sse_parser_get_last_event_id (run->parser);
  CHECK (g_strcmp0 (reported_id, last_event_id) == 0);

  g_byte_array_append (run->log, (const guint8 *) event_type, strlen (event_type) + 1);
  g_byte_array_append (run->log, (const guint8 *) data, data_len + 1);
  if (last_event_id != NULL)
    g_byte_array_append (run->log, (const guint8 *) last_event_id, strlen (last_event_id) + 1);
  else
    g_byte_array_append (run->log, (const guint8 *) "\1", 2);

  run->n_events++;
  return run->stop_after == 0 || run->n_events < run->stop_after;
}

typedef struct
{
  gboolean failed;
  gboolean stopped;
  gboolean clean;
  gint64 retry;
  char *last_id;
} Outcome;

static void
parse (const guint8 *stream,
       gsize         len,
       gsize         max_event_size,
       guint         stop_after,
       guint         max_chunk_log2,
       guint32       seed,
       GByteArray   *log,
       Outcome      *outcome)
{
  Run run = { NULL, log, 0, stop_after };
  gsize offset = 0;

  run.parser = chatroutes_sse_parser_new (on_event, &run);
  if (max_event_size > 0)
    chatroutes_sse_parser_set_max_event_size (run.parser, max_event_size);

  memset (outcome, 0, sizeof *outcome);

  while (offset < len)
    {
      GError *error = NULL;
      gsize chunk = len - offset;

      if (max_chunk_log2 < 16)
        {
          /* A small LCG: cheap and fully determined by the header. */
          seed = seed * 1103515245u + 12345u;
          chunk = MIN (chunk, 1 + (seed >> 8) % ((gsize) 1 << max_chunk_log2));
        }

      if (!chatroutes_sse_parser_feed (run.parser, (const char *) stream + offset, chunk,
                                       &error))
        {
          if (error != NULL)
            {
              CHECK (g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL));
              CHECK (max_event_size > 0);
              g_error_free (error);
              outcome->failed = TRUE;
            }
          else
            {
              CHECK (stop_after > 0 && run.n_events == stop_after);
              outcome->stopped = TRUE;
            }
          break;
        }
      CHECK (error == NULL);
      offset += chunk;
    }

  outcome->retry = chatroutes_sse_parser_get_retry (run.parser);
  outcome->last_id = g_strdup (chatroutes_sse_parser_get_last_event_id (run.parser));
  outcome->clean = chatroutes_sse_parser_finish (run.parser);
  if (outcome->failed)
    CHECK (!outcome->clean);

  /* finish keeps these for the next stream. */
  CHECK (outcome->retry == chatroutes_sse_parser_get_retry (run.parser));
  CHECK (g_strcmp0 (outcome->last_id,
                    chatroutes_sse_parser_get_last_event_id (run.parser)) == 0);

  chatroutes_sse_parser_free (run.parser);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint8 header[HEADER_LEN] = { 0 };
  const guint8 *stream;
  gsize len;
  gsize max_event_size = 0;
  guint stop_after = 0;
  GByteArray *whole_log;
  GByteArray *chunked_log;
  Outcome whole;
  Outcome chunked;

  memcpy (header, data, MIN (size, HEADER_LEN));
  stream = size > HEADER_LEN ? data + HEADER_LEN : NULL;
  len = size > HEADER_LEN ? size - HEADER_LEN : 0;

  if (header[2] & 0x80)
    max_event_size = (header[2] & 0x7f) * 4 + 1;
  if (header[3] & 0x10)
    stop_after = header[3] & 0x0f;

  whole_log = g_byte_array_new ();
  chunked_log = g_byte_array_new ();

  parse (stream, len, max_event_size, stop_after, 16, 0, whole_log, &whole);
  parse (stream, len, max_event_size, stop_after, header[0] & 0x0f, header[1],
         chunked_log, &chunked);

  CHECK (whole.failed == chunked.failed);
  CHECK (whole.stopped == chunked.stopped);
  if (!whole.stopped)
    CHECK (whole.clean == chunked.clean);
  CHECK (whole.retry == chunked.retry);
  CHECK (g_strcmp0 (whole.last_id, chunked.last_id) == 0);
  CHECK (whole_log->len == chunked_log->len);
  CHECK (whole_log->len == 0 ||
         memcmp (whole_log->data, chunked_log->data, whole_log->len) == 0);

  g_free (whole.last_id);
  g_free (chunked.last_id);
  g_byte_array_unref (whole_log);
  g_byte_array_unref (chunked_log);

  return 0;
}
