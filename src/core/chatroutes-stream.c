/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <libsoup/soup.h>

#include "chatroutes-content-elider.h"
#include "chatroutes-decode.h"
#include "chatroutes-json-escape.h"
#include "chatroutes-marshal.h"
#include "chatroutes-service-private.h"
#include "chatroutes-sse.h"
#include "chatroutes-stream.h"

#define READ_SIZE (64 * 1024)
/* Events past this size are read in pieces (see ChatroutesContentElider). */
#define LARGE_EVENT_SIZE (64 * 1024)
/* What a large event may keep once its reply text is set aside. */
#define MAX_LARGE_EVENT_KEPT (16 * 1024 * 1024)
/* An error body or a whole-JSON reply is read into memory up to this. */
#define MAX_BUFFERED_BODY (16 * 1024 * 1024)

struct _ChatroutesStream
{
  GObject parent_instance;

  ChatroutesService *service;
  char *conversation_id;
  char *branch_id;
  char *prompt;
  char *path;
  GBytes *body;

  GString *content;
  char *model;
  ChatroutesStreamState state;
  GError *error;
  ChatroutesSendResult *result;
  guint n_deltas;
  gint64 start_time;
  gint64 first_delta_time;

  /* The request in flight. */
  GCancellable *cancellable;
  SoupMessage *msg;
  GInputStream *input;
  ChatroutesSseParser *parser;
  GByteArray *buffered;   /* error body, or a reply sent as plain JSON */
  guint status;           /* != 0 while reading an error body */
  guint attempt;
  guint retry_id;
  guint idle_check_id;
  gint64 last_activity;
  gboolean idle_timed_out;
  gboolean wrote_headers;
  gboolean saw_done;
  GString *unescaped;     /* scratch for the fast path */
  ChatroutesContentElider *elider; /* the large event being read */
  gboolean content_moved; /* the text now lives in the result's message */
};

G_DEFINE_FINAL_TYPE (ChatroutesStream, chatroutes_stream, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ChatroutesStreamState, chatroutes_stream_state,
  G_DEFINE_ENUM_VALUE (CHATROUTES_STREAM_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_STREAM_STATE_STREAMING, "streaming"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_STREAM_STATE_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_STREAM_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_STREAM_STATE_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_CONVERSATION_ID,
  PROP_BRANCH_ID,
  PROP_PROMPT,
  PROP_CONTENT,
  PROP_MODEL,
  PROP_STATE,
  PROP_RESULT,
  N_PROPS
};

enum {
  DELTA,
  COMPLETED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void stream_attempt (ChatroutesStream *self);
static void stream_read_next (ChatroutesStream *self);

static void
stream_release_request (ChatroutesStream *self)
{
  g_clear_handle_id (&self->idle_check_id, g_source_remove);
  if (self->retry_id)
    {
      /* The wait held a reference; callers of this hold their own. */
      g_clear_handle_id (&self->retry_id, g_source_remove);
      g_object_unref (self);
    }
  if (self->msg)
    g_signal_handlers_disconnect_by_data (self->msg, self);
  g_clear_object (&self->msg);
  g_clear_object (&self->input);
  g_clear_pointer (&self->buffered, g_byte_array_unref);
  /* The parser is not freed here: this can run from inside its callback.
   * It goes after the feed returns, or with the object. */
}

static void
chatroutes_stream_dispose (GObject *object)
{
  ChatroutesStream *self = (ChatroutesStream *)object;

  /* Callbacks hold a reference while a request is in flight, so this only
   * runs once nothing is pending. */
  stream_release_request (self);
  g_clear_pointer (&self->parser, chatroutes_sse_parser_free);
  g_clear_pointer (&self->elider, chatroutes_content_elider_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (chatroutes_stream_parent_class)->dispose (object);
}

static void
chatroutes_stream_finalize (GObject *object)
{
  ChatroutesStream *self = (ChatroutesStream *)object;

  g_free (self->conversation_id);
  g_free (self->branch_id);
  g_free (self->prompt);
  g_free (self->path);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_string_free (self->content, TRUE);
  g_string_free (self->unescaped, TRUE);
  g_free (self->model);
  g_clear_error (&self->error);
  g_clear_object (&self->result);

  G_OBJECT_CLASS (chatroutes_stream_parent_class)->finalize (object);
}

static void
chatroutes_stream_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ChatroutesStream *self = CHATROUTES_STREAM (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION_ID:
      g_value_set_string (value, self->conversation_id);
      break;
    case PROP_BRANCH_ID:
      g_value_set_string (value, self->branch_id);
      break;
    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;
    case PROP_CONTENT:
      g_value_set_string (value, chatroutes_stream_get_content (self));
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_stream_class_init (ChatroutesStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chatroutes_stream_dispose;
  object_class->finalize = chatroutes_stream_finalize;
  object_class->get_property = chatroutes_stream_get_property;

  properties[PROP_CONVERSATION_ID] =
    g_param_spec_string ("conversation-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRANCH_ID] =
    g_param_spec_string ("branch-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Changes come through ::delta; notifying per token would cost more
   * than the rest of the stream. */
  properties[PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CHATROUTES_TYPE_STREAM_STATE,
                       CHATROUTES_STREAM_STATE_CONNECTING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL, CHATROUTES_TYPE_SEND_RESULT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DELTA] =
    g_signal_new ("delta",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  _chatroutes_marshal_VOID__STRING_UINT,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT);
  g_signal_set_va_marshaller (signals[DELTA], G_TYPE_FROM_CLASS (klass),
                              _chatroutes_marshal_VOID__STRING_UINTv);

  signals[COMPLETED] =
    g_signal_new ("completed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CHATROUTES_TYPE_SEND_RESULT);

  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
chatroutes_stream_init (ChatroutesStream *self)
{
  self->content = g_string_new (NULL);
  self->unescaped = g_string_new (NULL);
  self->state = CHATROUTES_STREAM_STATE_CONNECTING;
  self->cancellable = g_cancellable_new ();
}

ChatroutesStream *
_chatroutes_stream_new (ChatroutesService *service,
                        const char        *conversation_id,
                        const char        *branch_id,
                        const char        *prompt,
                        const char        *path,
                        GBytes            *body)
{
  ChatroutesStream *self = g_object_new (CHATROUTES_TYPE_STREAM, NULL);

  self->service = g_object_ref (service);
  self->conversation_id = g_strdup (conversation_id);
  self->branch_id = g_strdup (branch_id);
  self->prompt = g_strdup (prompt);
  self->path = g_strdup (path);
  self->body = g_bytes_ref (body);

  return self;
}

/* Getters */

const char *
chatroutes_stream_get_conversation_id (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), NULL);
  return self->conversation_id;
}

const char *
chatroutes_stream_get_branch_id (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), NULL);
  return self->branch_id;
}

const char *
chatroutes_stream_get_prompt (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), NULL);
  return self->prompt;
}

const char *
chatroutes_stream_get_content (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), NULL);

  if (self->content_moved)
    return chatroutes_message_get_content (chatroutes_send_result_get_message (self->result));
  return self->content->str;
}

gsize
chatroutes_stream_get_content_length (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), 0);

  if (self->content_moved)
    return strlen (chatroutes_stream_get_content (self));
  return self->content->len;
}

const char *
chatroutes_stream_get_model (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), NULL);
  return self->model;
}

ChatroutesStreamState
chatroutes_stream_get_state (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), CHATROUTES_STREAM_STATE_FAILED);
  return self->state;
}

gboolean
chatroutes_stream_is_finished (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), TRUE);
  return self->state >= CHATROUTES_STREAM_STATE_COMPLETED;
}

const GError *
chatroutes_stream_get_error (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), NULL);
  return self->error;
}

ChatroutesSendResult *
chatroutes_stream_get_result (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), NULL);
  return self->result;
}

guint
chatroutes_stream_get_n_deltas (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), 0);
  return self->n_deltas;
}

gint64
chatroutes_stream_get_start_time (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), 0);
  return self->start_time;
}

gint64
chatroutes_stream_get_first_delta_time (ChatroutesStream *self)
{
  g_return_val_if_fail (CHATROUTES_IS_STREAM (self), 0);
  return self->first_delta_time;
}

/* State changes */

static void
stream_set_state (ChatroutesStream      *self,
                  ChatroutesStreamState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
stream_set_model (ChatroutesStream *self,
                  const char       *model,
                  gssize            len)
{
  if (model == NULL)
    return;
  if (len < 0)
    len = strlen (model);
  if (self->model && strncmp (self->model, model, len) == 0 && self->model[len] == '\0')
    return;
  g_free (self->model);
  self->model = g_strndup (model, len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

static void
stream_append (ChatroutesStream *self,
               const char       *text,
               gsize             len)
{
  gsize old_len = self->content->len;

  if (len == 0)
    return;

  if (self->n_deltas++ == 0)
    self->first_delta_time = g_get_monotonic_time ();

  g_string_append_len (self->content, text, len);
  g_signal_emit (self, signals[DELTA], 0, self->content->str + old_len, (guint) len);
}

static void
stream_complete (ChatroutesStream     *self,
                 ChatroutesSendResult *result)
{
  g_autoptr(ChatroutesStream) hold = g_object_ref (self);

  if (chatroutes_stream_is_finished (self))
    return;

  stream_release_request (self);
  g_set_object (&self->result, result);
  if (result && chatroutes_send_result_get_model (result))
    stream_set_model (self, chatroutes_send_result_get_model (result), -1);
  stream_set_state (self, CHATROUTES_STREAM_STATE_COMPLETED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
  g_signal_emit (self, signals[COMPLETED], 0, result);
}

/* Takes @error. A failure after text arrived says the reply was cut,
 * and the text stays. */
static void
stream_fail (ChatroutesStream *self,
             GError           *error)
{
  g_autoptr(ChatroutesStream) hold = g_object_ref (self);

  if (chatroutes_stream_is_finished (self))
    {
      g_error_free (error);
      return;
    }

  stream_release_request (self);
  g_clear_error (&self->error);
  self->error = error;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    stream_set_state (self, CHATROUTES_STREAM_STATE_CANCELLED);
  else
    stream_set_state (self, CHATROUTES_STREAM_STATE_FAILED);

  g_signal_emit (self, signals[FAILED], 0, self->error);
}

static GError *
interrupted_error (ChatroutesStream *self,
                   const char       *why)
{
  if (self->content->len == 0 && self->status == 0 && self->state == CHATROUTES_STREAM_STATE_CONNECTING)
    return g_error_new (CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK,
                        "The reply could not start: %s", why);

  return g_error_new (CHATROUTES_ERROR, CHATROUTES_ERROR_INTERRUPTED,
                      "The reply was cut off: %s", why);
}

void
chatroutes_stream_cancel (ChatroutesStream *self)
{
  g_return_if_fail (CHATROUTES_IS_STREAM (self));

  if (chatroutes_stream_is_finished (self))
    return;

  g_cancellable_cancel (self->cancellable);
  stream_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          "The reply was stopped"));
}

/* The fast path for the common event, {"type":"content","content":"…"}
 * with an optional "model", parsed without building a JSON tree. Anything
 * else, or anything unusual, goes to the full decoder. */

/* Scans a JSON string whose opening quote is before @p. On success points
 * @out at the text (into @p when it has no escapes, else into @scratch) and
 * returns the position after the closing quote. */
static const char *
scan_json_string (const char  *p,
                  const char  *end,
                  GString     *scratch,
                  const char **out,
                  gsize       *out_len)
{
  const char *start = p;
  gboolean escaped = FALSE;

  while (p < end)
    {
      unsigned char c = (unsigned char) *p;

      if (c == '"')
        break;
      if (c < 0x20)
        return NULL;
      if (c == '\\')
        {
          escaped = TRUE;
          p += 2;
          if (p > end)
            return NULL;
          continue;
        }
      p++;
    }
  if (p >= end)
    return NULL;

  if (!escaped)
    {
      *out = start;
      *out_len = p - start;
      return p + 1;
    }

  g_string_truncate (scratch, 0);
  for (const char *q = start; q < p;)
    {
      const char *next = memchr (q, '\\', p - q);
      char utf8[6];
      gsize need, n;

      if (next == NULL)
        {
          g_string_append_len (scratch, q, p - q);
          break;
        }
      g_string_append_len (scratch, q, next - q);

      need = chatroutes_json_escape_length (next, p - next);
      if (need == 0 || need > (gsize) (p - next))
        return NULL;
      n = chatroutes_json_escape_decode (next, need, utf8);
      if (n == 0)
        return NULL;
      g_string_append_len (scratch, utf8, n);
      q = next + need;
    }

  *out = scratch->str;
  *out_len = scratch->len;
  return p + 1;
}

#define CONTENT_PREFIX "{\"type\":\"content\",\"content\":\""
#define MODEL_INFIX ",\"model\":\""

static gboolean
stream_fast_content (ChatroutesStream *self,
                     const char       *data,
                     gsize             len)
{
  const char *end = data + len;
  const char *p;
  const char *text;
  gsize text_len;
  const char *model = NULL;
  gsize model_len = 0;

  if (len < sizeof CONTENT_PREFIX || memcmp (data, CONTENT_PREFIX, sizeof CONTENT_PREFIX - 1) != 0)
    return FALSE;

  p = scan_json_string (data + sizeof CONTENT_PREFIX - 1, end, self->unescaped, &text, &text_len);
  if (p == NULL)
    return FALSE;

  if ((gsize) (end - p) > sizeof MODEL_INFIX - 1 &&
      memcmp (p, MODEL_INFIX, sizeof MODEL_INFIX - 1) == 0)
    {
      const char *m = p + sizeof MODEL_INFIX - 1;
      /* A model name with escapes goes the slow way. */
      const char *q = memchr (m, '"', end - m);
      if (q == NULL || memchr (m, '\\', q - m) != NULL)
        return FALSE;
      model = m;
      model_len = q - m;
      p = q + 1;
    }

  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  if (p >= end || *p != '}')
    return FALSE;
  p++;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  if (p != end)
    return FALSE;

  /* The text may live in the scratch buffer, which the model does not touch. */
  if (model)
    stream_set_model (self, model, model_len);
  stream_append (self, text, text_len);
  return TRUE;
}

/* Acts on one event's data. @elided: the complete message's content was
 * set aside because it equals the streamed text. */
static gboolean
stream_handle_event (ChatroutesStream *self,
                     const char       *event_type,
                     const char       *data,
                     gsize             data_len,
                     gboolean          elided)
{
  ChatroutesStreamEvent event = { 0, };
  g_autoptr(GError) error = NULL;

  if (chatroutes_stream_is_finished (self))
    return FALSE;

  /* Only data events carry the reply; named events (pings) are skipped. */
  if (g_strcmp0 (event_type, "message") != 0 && g_strcmp0 (event_type, "error") != 0)
    return TRUE;

  if (!elided && stream_fast_content (self, data, data_len))
    return !chatroutes_stream_is_finished (self);

  if (!chatroutes_decode_stream_event (data, data_len, &event, &error))
    {
      stream_fail (self, g_error_new (CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                                      "The reply stream could not be read: %s", error->message));
      return FALSE;
    }

  switch (event.type)
    {
    case CHATROUTES_STREAM_EVENT_CONTENT:
      stream_set_model (self, event.model, -1);
      stream_append (self, event.content, event.content ? strlen (event.content) : 0);
      break;

    case CHATROUTES_STREAM_EVENT_COMPLETE:
      stream_set_model (self, event.model, -1);
      if (elided)
        {
          /* Hand the text over instead of holding it twice. */
          ChatroutesMessage *message = chatroutes_send_result_get_message (event.result);
          chatroutes_message_take_content (message, g_string_free_and_steal (self->content));
          self->content = g_string_new (NULL);
          self->content_moved = TRUE;
        }
      stream_complete (self, event.result);
      break;

    case CHATROUTES_STREAM_EVENT_ERROR:
      stream_fail (self, g_error_new (CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER,
                                      "The service stopped the reply: %s",
                                      event.error_message ? event.error_message : "no reason given"));
      break;

    case CHATROUTES_STREAM_EVENT_DONE:
      self->saw_done = TRUE;
      break;

    case CHATROUTES_STREAM_EVENT_UNKNOWN:
    default:
      break;
    }

  chatroutes_stream_event_clear (&event);
  return !chatroutes_stream_is_finished (self) && !self->saw_done;
}

static gboolean
stream_event_cb (const char *event_type,
                 const char *data,
                 gsize       data_len,
                 const char *last_event_id,
                 gpointer    user_data)
{
  return stream_handle_event (user_data, event_type, data, data_len, FALSE);
}

/* A large event, in pieces. */
static gboolean
stream_large_event_cb (ChatroutesSseSinkAction  action,
                       const char              *bytes,
                       gsize                    len,
                       gpointer                 user_data)
{
  ChatroutesStream *self = user_data;
  g_autofree char *json = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *event_type = NULL;
  gboolean elided;
  gsize json_len;

  switch (action)
    {
    case CHATROUTES_SSE_SINK_DATA:
      if (self->elider == NULL)
        self->elider = chatroutes_content_elider_new (self->content->str, self->content->len);
      chatroutes_content_elider_feed (self->elider, bytes, len);
      if (chatroutes_content_elider_get_size (self->elider) > MAX_LARGE_EVENT_KEPT)
        {
          g_clear_pointer (&self->elider, chatroutes_content_elider_free);
          stream_fail (self, g_error_new_literal (CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                                                  "The reply stream sent an event too large to read."));
          return FALSE;
        }
      return TRUE;

    case CHATROUTES_SSE_SINK_DISCARD:
      g_clear_pointer (&self->elider, chatroutes_content_elider_free);
      return TRUE;

    case CHATROUTES_SSE_SINK_DISPATCH:
    default:
      g_assert (self->elider != NULL);
      json = chatroutes_content_elider_finish (self->elider, &json_len, &elided);
      g_clear_pointer (&self->elider, chatroutes_content_elider_free);
      if (!g_utf8_validate_len (json, json_len, NULL))
        {
          valid = g_utf8_make_valid (json, json_len);
          json_len = strlen (valid);
        }
      event_type = g_strndup (bytes, len);
      return stream_handle_event (self, event_type, valid ? valid : json, json_len, elided);
    }
}

/* [DONE] without a complete event: the text is whole but the service gave
 * no message; build one so the reply is not lost. */
static void
stream_complete_without_message (ChatroutesStream *self)
{
  g_autoptr(ChatroutesSendResult) result = chatroutes_send_result_new ();
  g_autoptr(ChatroutesMessage) message = chatroutes_message_new ();

  chatroutes_message_set_role (message, "assistant");
  chatroutes_message_set_content (message, self->content->str);
  chatroutes_message_set_conversation_id (message, self->conversation_id);
  chatroutes_message_set_branch_id (message, self->branch_id);
  chatroutes_message_set_model (message, self->model);
  chatroutes_send_result_set_message (result, message);
  chatroutes_send_result_set_model (result, self->model);
  stream_complete (self, result);
}

static gboolean
stream_idle_check_cb (gpointer data)
{
  ChatroutesStream *self = data;
  guint idle = chatroutes_service_get_stream_idle_timeout (self->service);

  if (g_get_monotonic_time () - self->last_activity < (gint64) idle * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;

  self->idle_check_id = 0;
  self->idle_timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

static void
stream_handle_read_error (ChatroutesStream *self,
                          const GError     *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->idle_timed_out)
    {
      stream_fail (self, g_error_copy (error));
      return;
    }

  if (self->idle_timed_out)
    {
      g_autofree char *why = g_strdup_printf ("no data arrived for %u seconds",
                                              chatroutes_service_get_stream_idle_timeout (self->service));
      stream_fail (self, interrupted_error (self, why));
    }
  else
    stream_fail (self, interrupted_error (self, error->message));
}

static gboolean
stream_retry_cb (gpointer data)
{
  g_autoptr(ChatroutesStream) self = data;

  self->retry_id = 0;
  self->attempt++;
  stream_attempt (self);
  return G_SOURCE_REMOVE;
}

static gboolean
stream_maybe_retry (ChatroutesStream         *self,
                    ChatroutesRequestOutcome  outcome,
                    const GError             *error)
{
  ChatroutesRetryPolicy policy;
  double delay;

  /* Once text has arrived the service has the message: never again. */
  if (self->content->len > 0)
    return FALSE;

  _chatroutes_service_get_retry_policy (self->service, &policy);
  if (!chatroutes_retry_should_retry (&policy, "POST", outcome, error, self->attempt,
                                      _chatroutes_service_next_jitter (self->service), &delay))
    return FALSE;

  stream_release_request (self);
  self->retry_id = _chatroutes_service_schedule (self->service, delay, stream_retry_cb,
                                                 g_object_ref (self));
  return TRUE;
}

static void
stream_buffered_done (ChatroutesStream *self)
{
  g_autoptr(GError) error = NULL;

  if (self->status != 0)
    {
      const char *retry_after;

      retry_after = soup_message_headers_get_one (soup_message_get_response_headers (self->msg),
                                                  "Retry-After");
      error = chatroutes_decode_error_response (self->status,
                                                (const char *) self->buffered->data,
                                                self->buffered->len, retry_after);
      if (!stream_maybe_retry (self, CHATROUTES_REQUEST_ANSWERED, error))
        stream_fail (self, g_steal_pointer (&error));
    }
  else
    {
      /* The service answered with one JSON reply instead of a stream. */
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(ChatroutesSendResult) result = NULL;

      node = chatroutes_decode_parse ((const char *) self->buffered->data, self->buffered->len,
                                      MAX_BUFFERED_BODY, &error);
      if (node)
        result = chatroutes_decode_send_result (node, &error);
      if (result == NULL)
        {
          stream_fail (self, g_steal_pointer (&error));
          return;
        }

      stream_set_state (self, CHATROUTES_STREAM_STATE_STREAMING);
      {
        ChatroutesMessage *message = chatroutes_send_result_get_message (result);
        const char *text = chatroutes_message_get_content (message);
        stream_append (self, text ? text : "", text ? strlen (text) : 0);
      }
      stream_complete (self, result);
    }
}

static void
stream_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(ChatroutesStream) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *chunk;
  gsize len;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (chatroutes_stream_is_finished (self))
    return;

  if (bytes == NULL)
    {
      stream_handle_read_error (self, error);
      return;
    }

  self->last_activity = g_get_monotonic_time ();
  chunk = g_bytes_get_data (bytes, &len);

  if (self->buffered != NULL)
    {
      if (len == 0)
        {
          stream_buffered_done (self);
          return;
        }
      if (self->buffered->len + len > MAX_BUFFERED_BODY)
        {
          stream_fail (self, g_error_new_literal (CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                                                  "The service's answer is too large."));
          return;
        }
      g_byte_array_append (self->buffered, (const guint8 *) chunk, len);
      stream_read_next (self);
      return;
    }

  if (len == 0)
    {
      chatroutes_sse_parser_finish (self->parser);
      if (self->saw_done)
        stream_complete_without_message (self);
      else
        stream_fail (self, interrupted_error (self, "the connection closed before the reply was complete"));
      return;
    }

  if (!chatroutes_sse_parser_feed (self->parser, chunk, len, &error) && error != NULL)
    stream_fail (self, g_steal_pointer (&error));

  if (chatroutes_stream_is_finished (self))
    {
      g_clear_pointer (&self->parser, chatroutes_sse_parser_free);
      return;
    }

  if (self->saw_done)
    {
      stream_complete_without_message (self);
      return;
    }

  stream_read_next (self);
}

static void
stream_read_next (ChatroutesStream *self)
{
  g_input_stream_read_bytes_async (self->input, READ_SIZE, G_PRIORITY_DEFAULT,
                                   self->cancellable, stream_read_cb, g_object_ref (self));
}

static void
stream_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(ChatroutesStream) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  const char *content_type;
  guint status;

  input = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (chatroutes_stream_is_finished (self))
    return;

  if (input == NULL)
    {
      g_autoptr(GError) mapped = NULL;
      ChatroutesRequestOutcome outcome;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->idle_timed_out)
        {
          stream_fail (self, g_steal_pointer (&error));
          return;
        }

      outcome = self->wrote_headers ? CHATROUTES_REQUEST_MAYBE_SENT : CHATROUTES_REQUEST_NOT_SENT;
      mapped = _chatroutes_service_map_transport_error (error, self->idle_timed_out);
      if (!stream_maybe_retry (self, outcome, mapped))
        stream_fail (self, g_steal_pointer (&mapped));
      return;
    }

  self->input = g_steal_pointer (&input);
  self->last_activity = g_get_monotonic_time ();
  status = soup_message_get_status (self->msg);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (self->msg), NULL);

  if (status < 200 || status >= 300)
    {
      self->status = status;
      self->buffered = g_byte_array_new ();
    }
  else if (content_type && g_ascii_strcasecmp (content_type, "application/json") == 0)
    self->buffered = g_byte_array_new ();
  else
    {
      stream_set_state (self, CHATROUTES_STREAM_STATE_STREAMING);
      self->parser = chatroutes_sse_parser_new (stream_event_cb, self);
      chatroutes_sse_parser_set_sink (self->parser, LARGE_EVENT_SIZE, stream_large_event_cb, self);
    }

  stream_read_next (self);
}

static void
stream_wrote_headers_cb (SoupMessage      *msg,
                         ChatroutesStream *self)
{
  self->wrote_headers = TRUE;
}

typedef struct
{
  ChatroutesStream *stream;
  GError *error;
} LateFailure;

static gboolean
stream_fail_later_cb (gpointer data)
{
  LateFailure *late = data;

  stream_fail (late->stream, g_steal_pointer (&late->error));
  g_object_unref (late->stream);
  g_free (late);
  return G_SOURCE_REMOVE;
}

/* A stream that cannot even start still fails from the main loop, so the
 * caller that just got it can connect to ::failed first. */
static void
stream_fail_later (ChatroutesStream *self,
                   GError           *error)
{
  LateFailure *late = g_new0 (LateFailure, 1);

  late->stream = g_object_ref (self);
  late->error = error;
  g_idle_add (stream_fail_later_cb, late);
}

static void
stream_attempt (ChatroutesStream *self)
{
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint idle;

  if (chatroutes_stream_is_finished (self))
    return;

  self->msg = _chatroutes_service_new_message (self->service, "POST", self->path, self->body, &error);
  if (self->msg == NULL)
    {
      stream_fail_later (self, g_steal_pointer (&error));
      return;
    }

  headers = soup_message_get_request_headers (self->msg);
  soup_message_headers_replace (headers, "Accept", "text/event-stream");
  /* Compression would make intermediaries buffer the stream. */
  soup_message_headers_replace (headers, "Accept-Encoding", "identity");
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  g_signal_connect (self->msg, "wrote-headers", G_CALLBACK (stream_wrote_headers_cb), self);

  self->wrote_headers = FALSE;
  self->idle_timed_out = FALSE;
  self->status = 0;
  self->last_activity = g_get_monotonic_time ();
  idle = chatroutes_service_get_stream_idle_timeout (self->service);
  self->idle_check_id = g_timeout_add (MAX (idle * 1000 / 4, 50), stream_idle_check_cb, self);

  soup_session_send_async (_chatroutes_service_get_session (self->service), self->msg,
                           G_PRIORITY_DEFAULT, self->cancellable, stream_sent_cb,
                           g_object_ref (self));
}

void
_chatroutes_stream_start (ChatroutesStream *self)
{
  g_return_if_fail (CHATROUTES_IS_STREAM (self));

  self->start_time = g_get_monotonic_time ();
  stream_attempt (self);
}
