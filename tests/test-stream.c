/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-core.h"
#include "chatroutes-service-private.h"
#include "test-util.h"

/* Follows one stream and records what it said. */
typedef struct
{
  ChatroutesStream *stream;
  GString *deltas;
  guint n_deltas;
  guint n_completed;
  guint n_failed;
  GError *error;
  gboolean cancel_on_first_delta;
} Watch;

static void
on_delta (ChatroutesStream *stream,
          const char       *text,
          guint             len,
          Watch            *watch)
{
  g_assert_cmpuint (strlen (text), ==, len);
  g_string_append_len (watch->deltas, text, len);
  watch->n_deltas++;
  if (watch->cancel_on_first_delta)
    chatroutes_stream_cancel (stream);
}

static void
on_completed (ChatroutesStream     *stream,
              ChatroutesSendResult *result,
              Watch                *watch)
{
  watch->n_completed++;
}

static void
on_failed (ChatroutesStream *stream,
           const GError     *error,
           Watch            *watch)
{
  watch->n_failed++;
  g_clear_error (&watch->error);
  watch->error = g_error_copy (error);
}

static void
watch_init (Watch            *watch,
            ChatroutesStream *stream)
{
  memset (watch, 0, sizeof *watch);
  watch->stream = stream;
  watch->deltas = g_string_new (NULL);
  g_signal_connect (stream, "delta", G_CALLBACK (on_delta), watch);
  g_signal_connect (stream, "completed", G_CALLBACK (on_completed), watch);
  g_signal_connect (stream, "failed", G_CALLBACK (on_failed), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->stream, watch);
  g_string_free (watch->deltas, TRUE);
  g_clear_error (&watch->error);
}

static gboolean
stream_finished (gpointer data)
{
  return chatroutes_stream_is_finished (data);
}

static void
wait_finished (ChatroutesStream *stream)
{
  g_assert_true (test_wait_until (stream_finished, stream, 20000));
}

typedef struct
{
  TestSimulator *sim;
  ChatroutesService *service;
  char *conversation_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  const char *pace = data ? data : "0";

  f->sim = test_simulator_start ("--pace-ms", pace, NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_delay (f->service, 0.01);

  chatroutes_service_create_conversation_async (f->service, "Streams", NULL, NULL,
                                                test_store_result, &result);
  result = test_wait_result (&result);
  conversation = chatroutes_service_create_conversation_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  f->conversation_id = g_strdup (chatroutes_conversation_get_id (conversation));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->service);
  g_free (f->conversation_id);
  test_simulator_stop (f->sim);
}

static void
on_stream_started (ChatroutesService  *service,
                   ChatroutesStream   *stream,
                   ChatroutesStream  **out)
{
  *out = stream;
}

static void
test_stream_complete (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ChatroutesStream) stream = NULL;
  ChatroutesStream *announced = NULL;
  ChatroutesSendResult *result;
  ChatroutesMessage *message;
  Watch watch;

  g_signal_connect (f->service, "stream-started", G_CALLBACK (on_stream_started), &announced);
  stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL,
                                              "Tell me about trees", NULL);
  g_signal_handlers_disconnect_by_func (f->service, on_stream_started, &announced);
  g_assert_true (announced == stream);
  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_CONNECTING);
  g_assert_cmpstr (chatroutes_stream_get_prompt (stream), ==, "Tell me about trees");

  watch_init (&watch, stream);
  wait_finished (stream);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
  g_assert_cmpuint (watch.n_completed, ==, 1);
  g_assert_cmpuint (watch.n_failed, ==, 0);
  g_assert_cmpuint (watch.n_deltas, >, 10);
  g_assert_cmpuint (watch.n_deltas, ==, chatroutes_stream_get_n_deltas (stream));
  g_assert_cmpstr (watch.deltas->str, ==, chatroutes_stream_get_content (stream));

  result = chatroutes_stream_get_result (stream);
  g_assert_nonnull (result);
  message = chatroutes_send_result_get_message (result);
  g_assert_nonnull (chatroutes_message_get_id (message));
  g_assert_cmpstr (chatroutes_message_get_role (message), ==, "assistant");
  /* What streamed is what the service stored (give or take the trailing
   * space of the last word). */
  {
    g_autofree char *streamed = g_strstrip (g_strdup (chatroutes_stream_get_content (stream)));
    g_autofree char *stored = g_strstrip (g_strdup (chatroutes_message_get_content (message)));
    g_assert_cmpstr (streamed, ==, stored);
  }
  g_assert_cmpstr (chatroutes_stream_get_model (stream), ==, "gpt-5");
  g_assert_cmpint (chatroutes_stream_get_first_delta_time (stream), >=, chatroutes_stream_get_start_time (stream));
  watch_clear (&watch);
}

/* Each variant of the byte stream gives the same reply. */
static void
test_stream_variants (Fixture       *f,
                      gconstpointer  data)
{
  static const char *specs[] = { "split=1,2,3,7,20,33,64,65,100", "crlf", "cr", "multiline", "comments" };
  g_autofree char *expected = NULL;

  {
    g_autoptr(ChatroutesStream) stream = chatroutes_service_stream_message (f->service, f->conversation_id,
                                                                            NULL, "Same question", NULL);
    wait_finished (stream);
    g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
    expected = g_strdup (chatroutes_stream_get_content (stream));
  }

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(ChatroutesStream) stream = NULL;

      g_test_message ("variant %s", specs[i]);
      test_simulator_fault (f->sim, "POST", "/conversations", specs[i], 1);
      stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL, "Same question", NULL);
      wait_finished (stream);
      g_assert_no_error ((GError *) chatroutes_stream_get_error (stream));
      g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
      g_assert_cmpstr (chatroutes_stream_get_content (stream), ==, expected);
    }
}

static void
test_stream_cut (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ChatroutesStream) stream = NULL;
  Watch watch;

  test_simulator_fault (f->sim, "POST", "/conversations", "cut-after=3", 1);
  stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL, "Cut me", NULL);
  watch_init (&watch, stream);
  wait_finished (stream);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_FAILED);
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_INTERRUPTED);
  g_assert_cmpuint (watch.n_failed, ==, 1);
  g_assert_cmpuint (watch.n_completed, ==, 0);
  /* The three words that arrived are kept. */
  g_assert_cmpuint (watch.n_deltas, ==, 3);
  g_assert_cmpstr (chatroutes_stream_get_content (stream), ==, watch.deltas->str);
  g_assert_cmpuint (chatroutes_stream_get_content_length (stream), >, 0);
  g_assert_null (chatroutes_stream_get_result (stream));
  watch_clear (&watch);
}

static void
test_stream_error_event (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ChatroutesStream) stream = NULL;

  test_simulator_fault (f->sim, "POST", "/conversations", "error-event", 1);
  stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL, "Fail midway", NULL);
  wait_finished (stream);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_FAILED);
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER);
  g_assert_cmpuint (chatroutes_stream_get_content_length (stream), >, 0);
}

static void
test_stream_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ChatroutesStream) stream = NULL;
  Watch watch;

  stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL, "Stop me", NULL);
  watch_init (&watch, stream);
  watch.cancel_on_first_delta = TRUE;
  wait_finished (stream);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_CANCELLED);
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (watch.n_failed, ==, 1);
  g_assert_cmpuint (watch.n_deltas, ==, 1);
  g_assert_cmpstr (chatroutes_stream_get_content (stream), ==, watch.deltas->str);

  /* Nothing more arrives after the cancel. */
  test_run_for (300);
  g_assert_cmpuint (watch.n_deltas, ==, 1);
  g_assert_cmpuint (watch.n_failed, ==, 1);
  /* Cancelling again does nothing. */
  chatroutes_stream_cancel (stream);
  g_assert_cmpuint (watch.n_failed, ==, 1);
  watch_clear (&watch);
}

static void
test_stream_idle_timeout (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(ChatroutesStream) stream = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  chatroutes_service_set_stream_idle_timeout (f->service, 1);
  test_simulator_fault (f->sim, "POST", "/conversations", "stall=5000", 1);
  stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL, "Stall", NULL);
  wait_finished (stream);
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_FAILED);
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_INTERRUPTED);
  g_assert_nonnull (strstr (chatroutes_stream_get_error (stream)->message, "no data"));
  g_assert_cmpint (elapsed, >=, 900 * 1000);
  g_assert_cmpint (elapsed, <, 4000 * 1000);
}

static void
test_stream_errors_before_start (Fixture       *f,
                                 gconstpointer  data)
{
  static const struct {
    const char *spec;
    ChatroutesError code;
  } cases[] = {
    { "status=401", CHATROUTES_ERROR_AUTHENTICATION },
    { "status=404", CHATROUTES_ERROR_NOT_FOUND },
    { "status=429,retry-after=9", CHATROUTES_ERROR_RATE_LIMITED },
    { "status=500", CHATROUTES_ERROR_SERVER },
    { "status=500;body=html", CHATROUTES_ERROR_SERVER },
    { "status=502;body=empty", CHATROUTES_ERROR_SERVER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ChatroutesStream) stream = NULL;
      gint64 before = test_simulator_count (f->sim, "POST /conversations/{id}/messages/stream");
      const GError *error;

      g_test_message ("fault %s", cases[i].spec);
      test_simulator_fault (f->sim, "POST", "/conversations", cases[i].spec, 1);
      stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL, "Hello", NULL);
      wait_finished (stream);

      error = chatroutes_stream_get_error (stream);
      g_assert_error ((GError *) error, CHATROUTES_ERROR, (gint) cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
      if (cases[i].code == CHATROUTES_ERROR_RATE_LIMITED)
        g_assert_cmpfloat (chatroutes_error_get_retry_after (error), ==, 9);
      /* A stream that may have reached the server is never sent again. */
      g_assert_cmpint (test_simulator_count (f->sim, "POST /conversations/{id}/messages/stream") - before, ==, 1);
      g_assert_cmpuint (chatroutes_stream_get_content_length (stream), ==, 0);
    }

  /* An unknown model is the service's validation error. */
  {
    ChatroutesSendOptions options = CHATROUTES_SEND_OPTIONS_INIT;
    g_autoptr(ChatroutesStream) stream = NULL;

    options.model = "gpt-0";
    stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL, "Hello", &options);
    wait_finished (stream);
    g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_VALIDATION);
  }
}

static void
test_stream_503_retried (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ChatroutesStream) stream = NULL;
  gint64 before = test_simulator_count (f->sim, "POST /conversations/{id}/messages/stream");

  test_simulator_fault (f->sim, "POST", "/conversations", "status=503", 1);
  stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL, "Again", NULL);
  wait_finished (stream);
  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
  g_assert_cmpint (test_simulator_count (f->sim, "POST /conversations/{id}/messages/stream") - before, ==, 2);
}

static gboolean
model_is_empty (gpointer data)
{
  return g_list_model_get_n_items (data) == 0;
}

/* A reply goes on when whoever asked for it lets go, and can be found
 * again while it runs; the service lets go of it once it ends. */
static void
test_stream_survives_owner (Fixture       *f,
                            gconstpointer  data)
{
  ChatroutesStream *stream;
  ChatroutesStream *weak;
  GListModel *active = chatroutes_service_get_active_streams (f->service);

  stream = chatroutes_service_stream_message (f->service, f->conversation_id, "br-x", "Keep going", NULL);
  weak = stream;
  g_object_add_weak_pointer (G_OBJECT (stream), (gpointer *) &weak);
  g_object_unref (stream);

  /* Nobody but the service holds it now. */
  g_assert_nonnull (weak);
  g_assert_cmpuint (g_list_model_get_n_items (active), ==, 1);
  g_assert_true (chatroutes_service_find_active_stream (f->service, f->conversation_id, "br-x") == weak);
  g_assert_null (chatroutes_service_find_active_stream (f->service, f->conversation_id, NULL));
  g_assert_null (chatroutes_service_find_active_stream (f->service, "other", "br-x"));

  /* The branch does not exist on the simulator: the reply fails, and the
   * service lets go of it. */
  g_assert_true (test_wait_until (model_is_empty, active, 10000));
  test_run_for (50);
  g_assert_null (weak);

  /* A reply that completes is let go of too. */
  stream = chatroutes_service_stream_message (f->service, f->conversation_id, NULL, "Keep going", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (active), ==, 1);
  wait_finished (stream);
  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
  g_assert_cmpuint (g_list_model_get_n_items (active), ==, 0);
  g_object_unref (stream);
}

/* Shapes the simulator does not make, from canned bytes. */

static ChatroutesStream *
canned_stream (TestCannedServer *server)
{
  g_autoptr(ChatroutesService) service = chatroutes_service_new (test_canned_server_get_url (server), "k");
  ChatroutesStream *stream;

  chatroutes_service_set_retry_attempts (service, 0);
  chatroutes_service_set_stream_idle_timeout (service, 5);
  stream = chatroutes_service_stream_message (service, "c1", "b1", "Q", NULL);
  wait_finished (stream);
  return stream;
}

static void
test_canned_escapes (void)
{
  /* Escapes take the slow path; plain deltas the fast one; both agree. */
  const char *body =
    "data: {\"type\":\"content\",\"content\":\"caf\\u00e9 \",\"model\":\"claude-sonnet-4-5\"}\n\n"
    "data: {\"type\":\"content\",\"content\":\"line\\nbreak \\\"quoted\\\" \"}\n\n"
    "data: {\"type\":\"content\",\"content\":\"\\ud83d\\ude00\"}\n\n"
    "data: { \"content\" : \" spaced\", \"type\" : \"content\" }\n\n"
    "data: {\"type\":\"content\",\"content\":\"日本\",\"model\":\"claude-sonnet-4-5\",\"extra\":1}\n\n"
    "data: {\"type\":\"ping\"}\n\n"
    "data: {\"type\":\"complete\",\"message\":{\"id\":\"m9\",\"conversationId\":\"c1\",\"role\":\"assistant\","
    "\"content\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\"},\"usage\":{\"promptTokens\":1,"
    "\"completionTokens\":2,\"totalTokens\":3},\"model\":\"claude-sonnet-4-5\"}\n\n"
    "data: [DONE]\n\n";
  g_autoptr(TestCannedServer) server = test_canned_server_new (200, "text/event-stream", body, -1);
  g_autoptr(ChatroutesStream) stream = canned_stream (server);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
  g_assert_cmpstr (chatroutes_stream_get_content (stream), ==,
                   "café line\nbreak \"quoted\" 😀 spaced日本");
  g_assert_cmpstr (chatroutes_stream_get_model (stream), ==, "claude-sonnet-4-5");
  g_assert_cmpuint (chatroutes_stream_get_n_deltas (stream), ==, 5);
  g_assert_cmpstr (chatroutes_message_get_id (chatroutes_send_result_get_message (chatroutes_stream_get_result (stream))), ==, "m9");
  /* The request asked for a stream, sent on the branch. */
  g_assert_nonnull (strstr (test_canned_server_get_last_body (server), "\"branchId\":\"b1\""));
  g_assert_cmpstr (test_canned_server_get_last_path (server), ==, "/api/v1/conversations/c1/messages/stream");
}

static void
test_canned_done_without_complete (void)
{
  const char *body =
    "data: {\"type\":\"content\",\"content\":\"Hello \"}\n\n"
    "data: {\"type\":\"content\",\"content\":\"there\"}\n\n"
    "data: [DONE]\n\n";
  g_autoptr(TestCannedServer) server = test_canned_server_new (200, "text/event-stream", body, -1);
  g_autoptr(ChatroutesStream) stream = canned_stream (server);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
  g_assert_cmpstr (chatroutes_message_get_content (chatroutes_send_result_get_message (chatroutes_stream_get_result (stream))),
                   ==, "Hello there");
}

static void
test_canned_clean_close_is_interrupted (void)
{
  /* A clean end of the body without complete or [DONE] is still a cut. */
  const char *body = "data: {\"type\":\"content\",\"content\":\"Half a \"}\n\ndata: {\"type\":\"content\",\"content\":\"rep";
  g_autoptr(TestCannedServer) server = test_canned_server_new (200, "text/event-stream", body, -1);
  g_autoptr(ChatroutesStream) stream = canned_stream (server);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_FAILED);
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_INTERRUPTED);
  g_assert_cmpstr (chatroutes_stream_get_content (stream), ==, "Half a ");
}

static void
test_canned_aborted_connection (void)
{
  const char *body = "data: {\"type\":\"content\",\"content\":\"Partial \"}\n\n";
  static const gssize splits[] = { 10, -1 };
  g_autoptr(TestCannedServer) server = test_canned_server_new (200, "text/event-stream", body, -1);
  g_autoptr(ChatroutesStream) stream = NULL;

  test_canned_server_set_splits (server, splits);
  test_canned_server_set_abort (server, TRUE);
  stream = canned_stream (server);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_FAILED);
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_INTERRUPTED);
  g_assert_cmpstr (chatroutes_stream_get_content (stream), ==, "Partial ");
}

static void
test_canned_malformed_event (void)
{
  const char *body =
    "data: {\"type\":\"content\",\"content\":\"Good \"}\n\n"
    "data: {\"type\":\"content\",\"content\":\n\n";
  g_autoptr(TestCannedServer) server = test_canned_server_new (200, "text/event-stream", body, -1);
  g_autoptr(ChatroutesStream) stream = canned_stream (server);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_FAILED);
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL);
  g_assert_cmpstr (chatroutes_stream_get_content (stream), ==, "Good ");
}

static void
test_canned_json_instead_of_stream (void)
{
  /* A server that answers the stream endpoint with one JSON reply, in the
   * older userMessage/assistantMessage shape. */
  const char *body =
    "{\"success\":true,\"data\":{\"userMessage\":{\"id\":\"u1\",\"conversationId\":\"c1\",\"role\":\"user\","
    "\"content\":\"Q\",\"createdAt\":\"2026-01-01T00:00:00Z\"},\"assistantMessage\":{\"id\":\"a1\","
    "\"conversationId\":\"c1\",\"role\":\"assistant\",\"content\":\"Whole answer\","
    "\"createdAt\":\"2026-01-01T00:00:01Z\"},\"model\":\"gpt-5\"}}";
  g_autoptr(TestCannedServer) server = test_canned_server_new (200, "application/json", body, -1);
  g_autoptr(ChatroutesStream) stream = canned_stream (server);
  ChatroutesSendResult *result;

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
  g_assert_cmpstr (chatroutes_stream_get_content (stream), ==, "Whole answer");
  result = chatroutes_stream_get_result (stream);
  g_assert_cmpstr (chatroutes_message_get_id (chatroutes_send_result_get_message (result)), ==, "a1");
  g_assert_cmpstr (chatroutes_message_get_id (chatroutes_send_result_get_user_message (result)), ==, "u1");
}

/* Replies past the large-event size: the final message is read in pieces
 * and its content, when it repeats the streamed text, is not held twice. */
static void
check_large_reply (gboolean same_content)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) final = g_string_new (NULL);
  g_autoptr(TestCannedServer) server = NULL;
  g_autoptr(ChatroutesStream) stream = NULL;
  gssize splits[64];
  guint n_splits = 0;

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *word = g_strdup_printf ("w%u%s", i, i % 10 == 9 ? "\\n" : " ");
      g_string_append_printf (body, "data: {\"type\":\"content\",\"content\":\"%s\"}\n\n", word);
      g_string_append (text, word);
    }
  g_string_replace (text, "\\n", "\n", 0);
  g_string_assign (final, same_content ? "" : "Edited by the service. ");
  g_string_append (body, "data: {\"type\":\"complete\",\"message\":{\"id\":\"big\",\"role\":\"assistant\","
                         "\"conversationId\":\"c1\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"content\":\"");
  g_string_append (body, final->str);
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (body, "w%u%s", i, i % 10 == 9 ? "\\n" : " ");
  g_string_append (body, "\"},\"model\":\"gpt-5\"}\n\ndata: [DONE]\n\n");

  /* Cut the body into uneven pieces, through the last event too. */
  for (gsize at = 7; at < body->len && n_splits < G_N_ELEMENTS (splits) - 1; at = at * 3 / 2 + 4097)
    splits[n_splits++] = at;
  splits[n_splits] = -1;

  server = test_canned_server_new (200, "text/event-stream", body->str, body->len);
  test_canned_server_set_splits (server, splits);
  stream = canned_stream (server);

  g_assert_no_error ((GError *) chatroutes_stream_get_error (stream));
  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
  g_assert_cmpstr (chatroutes_message_get_id (chatroutes_send_result_get_message (chatroutes_stream_get_result (stream))), ==, "big");
  g_string_append (final, text->str);
  /* The message holds the service's text, and so does the stream. */
  g_assert_cmpstr (chatroutes_message_get_content (chatroutes_send_result_get_message (chatroutes_stream_get_result (stream))),
                   ==, final->str);
  if (same_content)
    g_assert_cmpstr (chatroutes_stream_get_content (stream), ==, text->str);
  g_assert_cmpuint (chatroutes_stream_get_n_deltas (stream), ==, 20000);
}

static void
test_canned_large_reply_same (void)
{
  check_large_reply (TRUE);
}

static void
test_canned_large_reply_different (void)
{
  check_large_reply (FALSE);
}

static void
test_canned_large_reply_cut (void)
{
  /* The final message is cut off: the streamed text stays. */
  g_autoptr(GString) body = g_string_new ("data: {\"type\":\"content\",\"content\":\"short \"}\n\n"
                                          "data: {\"type\":\"complete\",\"message\":{\"id\":\"m\",\"content\":\"");
  g_autoptr(TestCannedServer) server = NULL;
  g_autoptr(ChatroutesStream) stream = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (body, "x");
  server = test_canned_server_new (200, "text/event-stream", body->str, body->len);
  stream = canned_stream (server);

  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_FAILED);
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_INTERRUPTED);
  g_assert_cmpstr (chatroutes_stream_get_content (stream), ==, "short ");
}

static void
test_insecure_refused (void)
{
  g_autoptr(ChatroutesService) service = chatroutes_service_new ("http://example.com/api/v1", "k");
  g_autoptr(ChatroutesStream) stream = chatroutes_service_stream_message (service, "c", NULL, "Q", NULL);
  Watch watch;

  /* The failure comes from the main loop, after the caller connected. */
  g_assert_false (chatroutes_stream_is_finished (stream));
  watch_init (&watch, stream);
  wait_finished (stream);
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_INSECURE);
  g_assert_cmpuint (watch.n_failed, ==, 1);
  watch_clear (&watch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/stream/complete", Fixture, NULL, fixture_set_up, test_stream_complete, fixture_tear_down);
  g_test_add ("/stream/variants", Fixture, NULL, fixture_set_up, test_stream_variants, fixture_tear_down);
  g_test_add ("/stream/cut", Fixture, NULL, fixture_set_up, test_stream_cut, fixture_tear_down);
  g_test_add ("/stream/error-event", Fixture, NULL, fixture_set_up, test_stream_error_event, fixture_tear_down);
  g_test_add ("/stream/cancel", Fixture, "20", fixture_set_up, test_stream_cancel, fixture_tear_down);
  g_test_add ("/stream/idle-timeout", Fixture, NULL, fixture_set_up, test_stream_idle_timeout, fixture_tear_down);
  g_test_add ("/stream/errors-before-start", Fixture, NULL, fixture_set_up, test_stream_errors_before_start, fixture_tear_down);
  g_test_add ("/stream/503-retried", Fixture, NULL, fixture_set_up, test_stream_503_retried, fixture_tear_down);
  g_test_add ("/stream/survives-owner", Fixture, NULL, fixture_set_up, test_stream_survives_owner, fixture_tear_down);
  g_test_add_func ("/stream/canned/escapes", test_canned_escapes);
  g_test_add_func ("/stream/canned/done-without-complete", test_canned_done_without_complete);
  g_test_add_func ("/stream/canned/clean-close", test_canned_clean_close_is_interrupted);
  g_test_add_func ("/stream/canned/aborted", test_canned_aborted_connection);
  g_test_add_func ("/stream/canned/malformed-event", test_canned_malformed_event);
  g_test_add_func ("/stream/canned/json-reply", test_canned_json_instead_of_stream);
  g_test_add_func ("/stream/canned/large-reply-same", test_canned_large_reply_same);
  g_test_add_func ("/stream/canned/large-reply-different", test_canned_large_reply_different);
  g_test_add_func ("/stream/canned/large-reply-cut", test_canned_large_reply_cut);
  g_test_add_func ("/stream/insecure-refused", test_insecure_refused);

  return g_test_run ();
}
