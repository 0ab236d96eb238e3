/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-core.h"
#include "chatroutes-retry.h"
#include "chatroutes-service-private.h"
#include "test-util.h"

static const ChatroutesRetryPolicy policy = { 3, 1.0, 8.0 };

static GError *
status_error (guint status, double retry_after)
{
  GError *error = g_error_new_literal (CHATROUTES_ERROR, chatroutes_error_from_status (status), "x");
  chatroutes_error_set_status (error, status);
  if (retry_after >= 0)
    chatroutes_error_set_retry_after (error, retry_after);
  return error;
}

static GError *
network_error (void)
{
  return g_error_new_literal (CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK, "x");
}

/* Which failures retry, for each kind of request. */
static void
test_policy_table (void)
{
  static const struct {
    const char *method;
    ChatroutesRequestOutcome outcome;
    guint status; /* 0: network error */
    gboolean retries;
  } cases[] = {
    { "GET", CHATROUTES_REQUEST_MAYBE_SENT, 0, TRUE },
    { "GET", CHATROUTES_REQUEST_NOT_SENT, 0, TRUE },
    { "GET", CHATROUTES_REQUEST_ANSWERED, 500, TRUE },
    { "GET", CHATROUTES_REQUEST_ANSWERED, 502, TRUE },
    { "GET", CHATROUTES_REQUEST_ANSWERED, 503, TRUE },
    { "PATCH", CHATROUTES_REQUEST_ANSWERED, 500, TRUE },
    { "DELETE", CHATROUTES_REQUEST_MAYBE_SENT, 0, TRUE },
    { "GET", CHATROUTES_REQUEST_ANSWERED, 400, FALSE },
    { "GET", CHATROUTES_REQUEST_ANSWERED, 401, FALSE },
    { "GET", CHATROUTES_REQUEST_ANSWERED, 404, FALSE },
    { "GET", CHATROUTES_REQUEST_ANSWERED, 429, FALSE },
    /* A POST that may have reached the server is never repeated. */
    { "POST", CHATROUTES_REQUEST_MAYBE_SENT, 0, FALSE },
    { "POST", CHATROUTES_REQUEST_ANSWERED, 500, FALSE },
    { "POST", CHATROUTES_REQUEST_ANSWERED, 502, FALSE },
    { "POST", CHATROUTES_REQUEST_ANSWERED, 429, FALSE },
    /* …unless it never left, or the server said it did not take it. */
    { "POST", CHATROUTES_REQUEST_NOT_SENT, 0, TRUE },
    { "POST", CHATROUTES_REQUEST_ANSWERED, 503, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = cases[i].status ? status_error (cases[i].status, -1) : network_error ();
      double delay = -1;
      gboolean retries;

      retries = chatroutes_retry_should_retry (&policy, cases[i].method, cases[i].outcome,
                                               error, 0, 0.5, &delay);
      g_assert_cmpint (retries, ==, cases[i].retries);
      if (retries)
        g_assert_cmpfloat (delay, >, 0);
      else
        g_assert_cmpfloat (delay, ==, 0);
    }
}

static void
test_policy_bounds (void)
{
  g_autoptr(GError) error = network_error ();

  /* Exponential, jittered into [full/2, full], capped at max_delay. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      double full = MIN (policy.delay * (1 << attempt), policy.max_delay);

      for (double r = 0; r < 1.0; r += 0.125)
        {
          double delay;

          g_assert_true (chatroutes_retry_should_retry (&policy, "GET", CHATROUTES_REQUEST_MAYBE_SENT,
                                                        error, attempt, r, &delay));
          g_assert_cmpfloat (delay, >=, full / 2);
          g_assert_cmpfloat (delay, <=, full);
        }
    }

  /* The cap holds however far the schedule goes. */
  {
    ChatroutesRetryPolicy many = { 100, 1.0, 8.0 };
    double delay;

    g_assert_true (chatroutes_retry_should_retry (&many, "GET", CHATROUTES_REQUEST_MAYBE_SENT,
                                                  error, 50, 0.999, &delay));
    g_assert_cmpfloat (delay, <=, 8.0);
    g_assert_cmpfloat (delay, >=, 4.0);
  }

  /* Attempts run out. */
  g_assert_false (chatroutes_retry_should_retry (&policy, "GET", CHATROUTES_REQUEST_MAYBE_SENT,
                                                 error, 3, 0.5, NULL));
}

static void
test_policy_retry_after (void)
{
  double delay;

  /* A longer Retry-After replaces the backoff… */
  {
    g_autoptr(GError) error = status_error (503, 6);
    g_assert_true (chatroutes_retry_should_retry (&policy, "GET", CHATROUTES_REQUEST_ANSWERED,
                                                  error, 0, 0.0, &delay));
    g_assert_cmpfloat (delay, ==, 6);
  }
  /* …a shorter one does not shorten it… */
  {
    g_autoptr(GError) error = status_error (503, 0.1);
    g_assert_true (chatroutes_retry_should_retry (&policy, "GET", CHATROUTES_REQUEST_ANSWERED,
                                                  error, 2, 0.0, &delay));
    g_assert_cmpfloat (delay, ==, 2.0);
  }
  /* …and one past the cap hands the wait to the caller instead. */
  {
    g_autoptr(GError) error = status_error (503, 120);
    g_assert_false (chatroutes_retry_should_retry (&policy, "GET", CHATROUTES_REQUEST_ANSWERED,
                                                   error, 0, 0.0, &delay));
  }
}

/* Against the simulator, with the service's clock replaced. */

typedef struct
{
  TestSimulator *sim;
  ChatroutesService *service;
  GArray *delays;
  char *conversation_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  f->sim = test_simulator_start ("--pace-ms", "0", NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  f->delays = g_array_new (FALSE, FALSE, sizeof (double));
  _chatroutes_service_set_schedule_func (f->service, test_record_schedule, f->delays);
  _chatroutes_service_set_jitter (f->service, 1.0);
  chatroutes_service_set_retry_attempts (f->service, 3);
  chatroutes_service_set_retry_delay (f->service, 0.5);
  chatroutes_service_set_max_retry_delay (f->service, 30);

  chatroutes_service_create_conversation_async (f->service, "Retries", NULL, NULL,
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
  g_array_unref (f->delays);
  g_free (f->conversation_id);
  test_simulator_stop (f->sim);
}

static void
test_get_retries_server_errors (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  GAsyncResult *result = NULL;
  gint64 before = test_simulator_count (f->sim, "GET /conversations/{id}");

  /* Two failures, then the answer. */
  test_simulator_fault (f->sim, "GET", "/conversations", "status=500", 2);
  chatroutes_service_get_conversation_async (f->service, f->conversation_id, NULL,
                                             test_store_result, &result);
  result = test_wait_result (&result);
  conversation = chatroutes_service_get_conversation_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_conversation_get_id (conversation), ==, f->conversation_id);

  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}") - before, ==, 3);
  g_assert_cmpuint (f->delays->len, ==, 2);
  /* Jitter pinned to the top: 0.5 s, then 1 s. */
  g_assert_cmpfloat (g_array_index (f->delays, double, 0), ==, 0.5);
  g_assert_cmpfloat (g_array_index (f->delays, double, 1), ==, 1.0);
}

static void
test_get_gives_up (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  GAsyncResult *result = NULL;
  gint64 before = test_simulator_count (f->sim, "GET /conversations/{id}");

  test_simulator_fault (f->sim, "GET", "/conversations", "status=502", 10);
  chatroutes_service_get_conversation_async (f->service, f->conversation_id, NULL,
                                             test_store_result, &result);
  result = test_wait_result (&result);
  conversation = chatroutes_service_get_conversation_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER);
  g_assert_cmpuint (chatroutes_error_get_status (error), ==, 502);
  g_assert_null (conversation);

  /* One try and three retries, no more. */
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}") - before, ==, 4);
  g_assert_cmpuint (f->delays->len, ==, 3);
  g_assert_cmpfloat (g_array_index (f->delays, double, 2), ==, 2.0);
}

static void
test_post_never_duplicated (Fixture       *f,
                            gconstpointer  data)
{
  static const char *specs[] = { "status=500", "status=502", "drop" };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ChatroutesSendResult) sent = NULL;
      GAsyncResult *result = NULL;
      gint64 before = test_simulator_count (f->sim, "POST /conversations/{id}/messages");

      g_array_set_size (f->delays, 0);
      test_simulator_fault (f->sim, "POST", "/conversations", specs[i], 1);
      chatroutes_service_send_message_async (f->service, f->conversation_id, NULL, "Hello once",
                                             NULL, NULL, test_store_result, &result);
      result = test_wait_result (&result);
      sent = chatroutes_service_send_message_finish (f->service, result, &error);
      g_object_unref (result);
      g_assert_nonnull (error);
      g_assert_null (sent);
      g_assert_cmpint (test_simulator_count (f->sim, "POST /conversations/{id}/messages") - before, ==, 1);
      g_assert_cmpuint (f->delays->len, ==, 0);
    }
}

static void
test_post_retries_503_with_retry_after (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesSendResult) sent = NULL;
  GAsyncResult *result = NULL;
  gint64 before = test_simulator_count (f->sim, "POST /conversations/{id}/messages");

  test_simulator_fault (f->sim, "POST", "/conversations", "status=503,retry-after=4", 1);
  chatroutes_service_send_message_async (f->service, f->conversation_id, NULL, "Busy?",
                                         NULL, NULL, test_store_result, &result);
  result = test_wait_result (&result);
  sent = chatroutes_service_send_message_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_nonnull (chatroutes_send_result_get_message (sent));

  g_assert_cmpint (test_simulator_count (f->sim, "POST /conversations/{id}/messages") - before, ==, 2);
  g_assert_cmpuint (f->delays->len, ==, 1);
  /* The server's wait wins over the shorter backoff. */
  g_assert_cmpfloat (g_array_index (f->delays, double, 0), ==, 4.0);
}

static void
test_rate_limit_goes_to_caller (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) branches = NULL;
  GAsyncResult *result = NULL;
  gint64 before = test_simulator_count (f->sim, "GET /conversations/{id}/branches");

  test_simulator_fault (f->sim, "GET", "/conversations", "status=429,retry-after=7", 1);
  chatroutes_service_list_branches_async (f->service, f->conversation_id, NULL,
                                          test_store_result, &result);
  result = test_wait_result (&result);
  branches = chatroutes_service_list_branches_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_RATE_LIMITED);
  g_assert_cmpfloat (chatroutes_error_get_retry_after (error), ==, 7);
  g_assert_cmpuint (f->delays->len, ==, 0);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches") - before, ==, 1);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Cancelling while waiting to try again ends the request at once. */
static void
test_cancel_during_wait (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  GAsyncResult *result = NULL;
  gint64 start;

  /* A real clock this time, with a long wait. */
  _chatroutes_service_set_schedule_func (f->service, NULL, NULL);
  chatroutes_service_set_retry_delay (f->service, 20);
  test_simulator_fault (f->sim, "GET", "/conversations", "status=500", 1);

  start = g_get_monotonic_time ();
  chatroutes_service_get_conversation_async (f->service, f->conversation_id, cancellable,
                                             test_store_result, &result);
  g_timeout_add (300, cancel_later, cancellable);
  result = test_wait_result (&result);
  conversation = chatroutes_service_get_conversation_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_unreachable_post_retries (void)
{
  g_autoptr(ChatroutesService) service = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesSendResult) sent = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *result = NULL;
  guint16 port;

  /* A port that was free a moment ago: connecting is refused, so nothing
   * was sent, and even a POST may try again. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", port);

  service = chatroutes_service_new (url, "k");
  _chatroutes_service_set_schedule_func (service, test_record_schedule, delays);
  chatroutes_service_set_retry_attempts (service, 2);

  chatroutes_service_send_message_async (service, "c", NULL, "hi", NULL, NULL,
                                         test_store_result, &result);
  result = test_wait_result (&result);
  sent = chatroutes_service_send_message_finish (service, result, &error);
  g_object_unref (result);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK);
  g_assert_cmpuint (delays->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/retry/policy/table", test_policy_table);
  g_test_add_func ("/retry/policy/bounds", test_policy_bounds);
  g_test_add_func ("/retry/policy/retry-after", test_policy_retry_after);
  g_test_add_func ("/retry/service/unreachable-post", test_unreachable_post_retries);
  g_test_add ("/retry/service/get-retries", Fixture, NULL, fixture_set_up,
              test_get_retries_server_errors, fixture_tear_down);
  g_test_add ("/retry/service/get-gives-up", Fixture, NULL, fixture_set_up,
              test_get_gives_up, fixture_tear_down);
  g_test_add ("/retry/service/post-never-duplicated", Fixture, NULL, fixture_set_up,
              test_post_never_duplicated, fixture_tear_down);
  g_test_add ("/retry/service/post-503-retry-after", Fixture, NULL, fixture_set_up,
              test_post_retries_503_with_retry_after, fixture_tear_down);
  g_test_add ("/retry/service/rate-limit", Fixture, NULL, fixture_set_up,
              test_rate_limit_goes_to_caller, fixture_tear_down);
  g_test_add ("/retry/service/cancel-during-wait", Fixture, NULL, fixture_set_up,
              test_cancel_during_wait, fixture_tear_down);

  return g_test_run ();
}
