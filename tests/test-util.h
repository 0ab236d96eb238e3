/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A running chatroutes-simulator (from $CHATROUTES_SIMULATOR). */
typedef struct
{
  GSubprocess *process;
  char *base_url;   /* e.g. http://127.0.0.1:PORT/api/v1 */
  char *root_url;   /* e.g. http://127.0.0.1:PORT */
  SoupSession *control;
} TestSimulator;

/* Extra arguments after the program, NULL-terminated. Fails the test when
 * the simulator cannot start. */
TestSimulator *test_simulator_start (const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
void           test_simulator_stop  (TestSimulator *sim);
/* Clears state, queued faults and counts. */
void           test_simulator_reset (TestSimulator *sim);
/* Queues @spec for the next @count requests matching @method and @path
 * (a path prefix under the base URL, such as "/conversations", or "*"). */
void           test_simulator_fault (TestSimulator *sim,
                                     const char    *method,
                                     const char    *path,
                                     const char    *spec,
                                     guint          count);
void           test_simulator_clear_faults (TestSimulator *sim);
/* Changes the hash the simulator stores for a message (NULL: none), as if
 * it had been tampered with. */
void           test_simulator_set_message_hash (TestSimulator *sim,
                                                const char    *message_id,
                                                const char    *content_hash);
/* Makes the autobranch service report itself unhealthy (and fail
 * suggestions), or well again. */
void           test_simulator_set_autobranch_healthy (TestSimulator *sim,
                                                      gboolean       healthy);
/* Requests counted for "METHOD /pattern" (as the simulator reports them),
 * or all requests when @pattern is NULL. */
gint64         test_simulator_count (TestSimulator *sim,
                                     const char    *pattern);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestSimulator, test_simulator_stop)

/* A one-shot local server that answers every request with canned bytes,
 * optionally split into chunks at the given offsets, for shapes the
 * simulator does not produce. */
typedef struct _TestCannedServer TestCannedServer;

TestCannedServer *test_canned_server_new   (guint        status,
                                            const char  *content_type,
                                            const char  *body,
                                            gssize       body_len);
/* Offsets (ascending) at which the body is cut into chunks; -1 ends. */
void              test_canned_server_set_splits (TestCannedServer *server,
                                                 const gssize     *offsets);
/* Ends the connection after the body without a clean end of the chunked
 * encoding. */
void              test_canned_server_set_abort  (TestCannedServer *server,
                                                 gboolean          abort);
void              test_canned_server_set_header (TestCannedServer *server,
                                                 const char       *name,
                                                 const char       *value);
const char       *test_canned_server_get_url    (TestCannedServer *server);
guint             test_canned_server_get_hits   (TestCannedServer *server);
/* The last request's body, or NULL. */
const char       *test_canned_server_get_last_body (TestCannedServer *server);
/* The path as the server decoded it, and the query (NULL when none). */
const char       *test_canned_server_get_last_path (TestCannedServer *server);
const char       *test_canned_server_get_last_query (TestCannedServer *server);
void              test_canned_server_free       (TestCannedServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestCannedServer, test_canned_server_free)

/* Runs the default main context until *@result is set by
 * test_store_result(), then returns it (owned). */
GAsyncResult *test_wait_result (GAsyncResult **result);
void          test_store_result (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data);
/* Iterates the main context until @condition returns TRUE or @timeout_ms
 * pass; returns the condition's value. */
gboolean      test_wait_until (gboolean (*condition) (gpointer data),
                               gpointer   data,
                               guint      timeout_ms);
/* Runs the main loop for @ms milliseconds. */
void          test_run_for (guint ms);

/* A schedule function for _chatroutes_service_set_schedule_func() that
 * records each asked wait in @delays (GArray of double) and runs the
 * retry at once. */
guint         test_record_schedule (double       seconds,
                                    GSourceFunc  func,
                                    gpointer     data,
                                    gpointer     user_data);

G_END_DECLS
