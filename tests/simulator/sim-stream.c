/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-simulator"

#include "config.h"

#include <string.h>

#include "sim-json.h"
#include "sim-model.h"
#include "sim-stream.h"

/* With no pace, events are written in batches of about this size, and at
 * most two batches wait in libsoup at a time; "wrote-chunk" asks for more. */
#define BATCH_BYTES      (64 * 1024)
#define MAX_IN_FLIGHT    2
#define SPLIT_DELAY_MS   3
#define ERROR_AFTER      3
#define MALFORMED_EVENT  2
#define KEEPALIVE_EVERY  4

typedef struct
{
  SoupServerMessage     *msg;
  SimFault              *fault;
  guint                  pace_ms;
  char                  *model;
  char                  *reply;
  gsize                  reply_len;
  gsize                  reply_pos;
  const char            *eol;
  char                  *content_prefix;
  char                  *content_suffix;

  GString               *pending;       /* produced, not yet handed to libsoup */
  gsize                  pending_pos;
  guint64                offset;        /* bytes handed to libsoup */
  guint                  split_index;
  guint                  in_flight;     /* chunks handed over, not yet written */
  guint                  events;        /* content events produced */

  guint                  source_id;
  gulong                 finished_id;
  gulong                 disconnected_id;
  gulong                 wrote_chunk_id;
  gint64                 start_us;

  guint                  started : 1;
  guint                  produced_all : 1;
  guint                  cut : 1;
  guint                  cutting : 1;
  guint                  completed : 1;
  guint                  stall_pending : 1;
  guint                  waiting_for_write : 1;

  SimStreamCompleteFunc  complete;
  gpointer               user_data;
  GDestroyNotify         destroy;
} SimStream;

static void stream_schedule (SimStream *stream);

static void
stream_free (SimStream *stream)
{
  g_clear_handle_id (&stream->source_id, g_source_remove);
  g_clear_signal_handler (&stream->finished_id, stream->msg);
  g_clear_signal_handler (&stream->disconnected_id, stream->msg);
  g_clear_signal_handler (&stream->wrote_chunk_id, stream->msg);
  g_clear_object (&stream->msg);

  if (stream->destroy != NULL)
    stream->destroy (stream->user_data);

  sim_fault_free (stream->fault);
  g_free (stream->model);
  g_free (stream->reply);
  g_free (stream->content_prefix);
  g_free (stream->content_suffix);
  g_string_free (stream->pending, TRUE);
  g_free (stream);
}

/* Producing events */

static void
append_line (SimStream  *stream,
             const char *line)
{
  g_string_append (stream->pending, line);
  g_string_append (stream->pending, stream->eol);
}

static void
produce_content (SimStream *stream)
{
  gsize end = sim_model_next_piece (stream->reply, stream->reply_pos, stream->reply_len);
  GString *out = stream->pending;

  stream->events++;

  if (stream->fault->comments)
    {
      if (stream->events % KEEPALIVE_EVERY == 0)
        {
          append_line (stream, ": keep-alive");
          g_string_append (out, stream->eol);
        }
      g_string_append_printf (out, "id: %u%s", stream->events, stream->eol);
      append_line (stream, "event: message");
    }

  g_string_append (out, stream->content_prefix);
  sim_json_escape_append (out, stream->reply + stream->reply_pos, end - stream->reply_pos);

  if (stream->fault->body == SIM_BODY_MALFORMED && stream->events == MALFORMED_EVENT)
    {
      /* The JSON stops in the middle of the string. */
      g_string_append (out, stream->eol);
      g_string_append (out, stream->eol);
    }
  else
    {
      g_string_append (out, stream->content_suffix);
    }

  stream->reply_pos = end;
}

static void
produce_error (SimStream  *stream,
               const char *message)
{
  g_string_append (stream->pending, "data: {\"type\":\"error\"");
  sim_json_kv_string (stream->pending, "message", message);
  g_string_append_c (stream->pending, '}');
  g_string_append (stream->pending, stream->eol);
  g_string_append (stream->pending, stream->eol);
}

static void
produce_complete (SimStream *stream)
{
  g_autofree char *error_message = NULL;
  g_autofree char *members = NULL;
  gint64 elapsed_ms = (g_get_monotonic_time () - stream->start_us) / 1000;

  members = stream->complete (stream->user_data, stream->reply, elapsed_ms, &error_message);
  if (members == NULL)
    {
      produce_error (stream, error_message ? error_message : "The reply could not be stored");
      return;
    }

  if (stream->fault->comments)
    {
      g_string_append_printf (stream->pending, "id: %u%s", stream->events + 1, stream->eol);
      append_line (stream, "event: message");
    }

  g_string_append (stream->pending, "data: {\"type\":\"complete\",");
  if (stream->fault->multiline)
    {
      g_string_append (stream->pending, stream->eol);
      g_string_append (stream->pending, "data: ");
    }
  g_string_append (stream->pending, members);
  g_string_append_c (stream->pending, '}');
  g_string_append (stream->pending, stream->eol);
  g_string_append (stream->pending, stream->eol);

  append_line (stream, "data: [DONE]");
  g_string_append (stream->pending, stream->eol);
}

static void
stream_produce (SimStream *stream)
{
  do
    {
      if (stream->reply_pos < stream->reply_len)
        {
          produce_content (stream);

          if (stream->fault->cut_after >= 0 && stream->events >= (guint) stream->fault->cut_after)
            {
              stream->produced_all = TRUE;
              stream->cut = TRUE;
              return;
            }

          if (stream->fault->error_event && stream->events >= ERROR_AFTER)
            {
              produce_error (stream, "Simulated model failure: the provider stopped responding");
              stream->produced_all = TRUE;
              return;
            }

          if (stream->fault->stall_ms >= 0 && stream->events == 1)
            {
              stream->stall_pending = TRUE;
              return;
            }
        }
      else
        {
          if (stream->fault->error_event)
            produce_error (stream, "Simulated model failure: the provider stopped responding");
          else
            produce_complete (stream);
          stream->produced_all = TRUE;
          return;
        }
    }
  while (stream->pace_ms == 0 && stream->pending->len < BATCH_BYTES);
}

/* Handing bytes to libsoup */

static void
stream_emit (SimStream *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  GArray *split = stream->fault->split;
  gsize available = stream->pending->len - stream->pending_pos;
  gsize n = available;

  while (stream->split_index < split->len &&
         g_array_index (split, guint64, stream->split_index) <= stream->offset)
    stream->split_index++;

  if (stream->split_index < split->len)
    {
      guint64 next = g_array_index (split, guint64, stream->split_index);

      if (next < stream->offset + available)
        n = (gsize) (next - stream->offset);
    }

  soup_message_body_append (body, SOUP_MEMORY_COPY, stream->pending->str + stream->pending_pos, n);
  stream->pending_pos += n;
  stream->offset += n;
  stream->in_flight++;

  if (stream->pending_pos == stream->pending->len)
    {
      g_string_truncate (stream->pending, 0);
      stream->pending_pos = 0;
    }

  if (stream->started)
    soup_server_message_unpause (stream->msg);
}

/* Ends the connection under libsoup's feet: the client gets @partial,
 * then the end of the connection. The caller then lets libsoup carry on;
 * its next write fails and it drops the message like one whose client
 * went away. (Stealing the connection instead would let libsoup write
 * the terminating chunk, which reads as a clean end.) */
void
sim_abort_connection (SoupServerMessage *msg,
                      const char        *partial)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket == NULL)
    return;

  if (partial != NULL)
    g_socket_send (socket, partial, strlen (partial), NULL, NULL);
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static gboolean
stream_cut_cb (gpointer data)
{
  SimStream *stream = data;
  g_autofree char *note = g_strdup_printf ("connection cut after %u content events", stream->events);

  stream->source_id = 0;
  stream->completed = TRUE;

  /* A chunk header that promises more than ever comes: the client sees
   * the body end in the middle of a chunk. */
  g_object_set_data_full (G_OBJECT (stream->msg), "sim-note", g_steal_pointer (&note), g_free);
  sim_abort_connection (stream->msg, "40\r\n: the connection was cut here");

  soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
  soup_server_message_unpause (stream->msg);

  /* "finished" follows, and frees the stream. */
  return G_SOURCE_REMOVE;
}

static gboolean
stream_pump_cb (gpointer data)
{
  SimStream *stream = data;

  stream->source_id = 0;

  if (stream->pending_pos == stream->pending->len && !stream->produced_all)
    stream_produce (stream);

  if (stream->pending_pos < stream->pending->len)
    stream_emit (stream);

  stream_schedule (stream);
  return G_SOURCE_REMOVE;
}

static void
stream_schedule (SimStream *stream)
{
  g_assert (stream->source_id == 0);

  if (stream->pending_pos < stream->pending->len)
    {
      /* The rest of a piece cut by "split" follows a moment later. */
      stream->source_id = g_timeout_add (SPLIT_DELAY_MS, stream_pump_cb, stream);
    }
  else if (stream->produced_all)
    {
      if (stream->cut)
        {
          /* Everything must have reached the socket before the cut. */
          stream->cutting = TRUE;
          if (stream->in_flight == 0)
            stream->source_id = g_idle_add (stream_cut_cb, stream);
        }
      else if (!stream->completed)
        {
          stream->completed = TRUE;
          soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
          if (stream->started)
            soup_server_message_unpause (stream->msg);
        }
    }
  else if (stream->stall_pending)
    {
      stream->stall_pending = FALSE;
      stream->source_id = g_timeout_add (stream->fault->stall_ms, stream_pump_cb, stream);
    }
  else if (stream->pace_ms > 0)
    {
      stream->source_id = g_timeout_add (stream->pace_ms, stream_pump_cb, stream);
    }
  else if (stream->in_flight < MAX_IN_FLIGHT)
    {
      stream->source_id = g_idle_add (stream_pump_cb, stream);
    }
  else
    {
      stream->waiting_for_write = TRUE;
    }
}

static void
on_wrote_chunk (SoupServerMessage *msg,
                SimStream         *stream)
{
  if (stream->in_flight > 0)
    stream->in_flight--;

  if (stream->cutting)
    {
      if (stream->in_flight == 0 && stream->source_id == 0 && !stream->completed)
        stream->source_id = g_idle_add (stream_cut_cb, stream);
      return;
    }

  if (stream->waiting_for_write)
    {
      stream->waiting_for_write = FALSE;
      g_assert (stream->source_id == 0);
      stream->source_id = g_idle_add (stream_pump_cb, stream);
    }
}

/* The client went away, or the response is done: stop everything. */
static void
on_finished (SoupServerMessage *msg,
             SimStream         *stream)
{
  stream_free (stream);
}

void
sim_stream_start (SoupServerMessage     *msg,
                  const SimFault        *fault,
                  guint                  pace_ms,
                  const char            *model,
                  char                  *reply,
                  SimStreamCompleteFunc  complete,
                  gpointer               user_data,
                  GDestroyNotify         destroy)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SimStream *stream = g_new0 (SimStream, 1);
  GString *affix;

  stream->msg = g_object_ref (msg);
  stream->fault = sim_fault_copy (fault);
  stream->pace_ms = pace_ms;
  stream->model = g_strdup (model);
  stream->reply = reply;
  stream->reply_len = strlen (reply);
  stream->complete = complete;
  stream->user_data = user_data;
  stream->destroy = destroy;
  stream->pending = g_string_sized_new (BATCH_BYTES + 4096);
  stream->start_us = g_get_monotonic_time ();

  switch (fault->eol)
    {
    case SIM_EOL_CRLF:
      stream->eol = "\r\n";
      break;
    case SIM_EOL_CR:
      stream->eol = "\r";
      break;
    case SIM_EOL_LF:
    default:
      stream->eol = "\n";
      break;
    }

  /* Every content event is prefix + escaped piece + suffix. */
  stream->content_prefix = g_strconcat ("data: {\"type\":\"content\",",
                                        fault->multiline ? stream->eol : "",
                                        fault->multiline ? "data: " : "",
                                        "\"content\":\"",
                                        NULL);
  affix = g_string_new ("\"");
  sim_json_kv_string (affix, "model", model);
  g_string_append_c (affix, '}');
  g_string_append (affix, stream->eol);
  g_string_append (affix, stream->eol);
  stream->content_suffix = g_string_free_and_steal (affix);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_replace (headers, "X-Accel-Buffering", "no");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  stream->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_finished), stream);
  stream->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_finished), stream);
  stream->wrote_chunk_id = g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk), stream);

  /* A first comment goes out at once, so the client gets the status line
   * and headers before the first word. */
  append_line (stream, ": stream");
  g_string_append (stream->pending, stream->eol);
  if (fault->comments)
    {
      append_line (stream, "retry: 3000");
      g_string_append (stream->pending, stream->eol);
    }

  if (fault->cut_after == 0)
    {
      stream->produced_all = TRUE;
      stream->cut = TRUE;
    }

  stream_emit (stream);
  stream_schedule (stream);
  stream->started = TRUE;
}
