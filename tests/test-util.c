/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "main-loop.h"
#include "test-util.h"

/* Simulator */

/* The simulator goes when the test does, even when the test aborts;
 * otherwise it would hold the test's output open and turn a failure into
 * a time-out. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

TestSimulator *
test_simulator_start (const char *first_arg,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  const char *program = g_getenv ("CHATROUTES_SIMULATOR");
  TestSimulator *sim;
  va_list args;
  const char *arg;
  char *api;

  g_assert_nonnull (program);

  g_ptr_array_add (argv, (gpointer) program);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  sim = g_new0 (TestSimulator, 1);
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  }
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_strstrip (line);
  g_assert_true (g_str_has_prefix (line, "http://"));

  sim->base_url = g_strdup (line);
  sim->root_url = g_strdup (line);
  api = strstr (sim->root_url + strlen ("http://"), "/");
  if (api)
    *api = '\0';
  sim->control = soup_session_new ();
  return sim;
}

void
test_simulator_stop (TestSimulator *sim)
{
  if (sim == NULL)
    return;
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, NULL);
  g_clear_object (&sim->process);
  g_clear_object (&sim->control);
  g_free (sim->base_url);
  g_free (sim->root_url);
  g_free (sim);
}

static JsonNode *
control_request (TestSimulator *sim,
                 const char    *method,
                 const char    *path,
                 const char    *json)
{
  g_autofree char *url = g_strconcat (sim->root_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (json)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }

  bytes = soup_session_send_and_read (sim->control, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);

  if (g_bytes_get_size (bytes) == 0)
    return NULL;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

void
test_simulator_reset (TestSimulator *sim)
{
  g_autoptr(JsonNode) node = control_request (sim, "POST", "/__sim/reset", "{}");
}

void
test_simulator_fault (TestSimulator *sim,
                      const char    *method,
                      const char    *path,
                      const char    *spec,
                      guint          count)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "faults");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "spec");
  json_builder_add_string_value (builder, spec);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  answer = control_request (sim, "POST", "/__sim/faults", json);
}

void
test_simulator_set_message_hash (TestSimulator *sim,
                                 const char    *message_id,
                                 const char    *content_hash)
{
  g_autofree char *path = g_strconcat ("/__sim/messages/", message_id, NULL);
  g_autofree char *escaped = content_hash ? g_strescape (content_hash, NULL) : NULL;
  g_autofree char *json = content_hash ? g_strdup_printf ("{\"contentHash\":\"%s\"}", escaped)
                                       : g_strdup ("{\"contentHash\":null}");
  g_autoptr(JsonNode) answer = control_request (sim, "PATCH", path, json);
}

void
test_simulator_set_autobranch_healthy (TestSimulator *sim,
                                       gboolean       healthy)
{
  g_autoptr(JsonNode) answer = control_request (sim, "POST", "/__sim/autobranch",
                                                healthy ? "{\"healthy\":true}" : "{\"healthy\":false}");
}

void
test_simulator_clear_faults (TestSimulator *sim)
{
  g_autoptr(JsonNode) node = control_request (sim, "DELETE", "/__sim/faults", NULL);
}

gint64
test_simulator_count (TestSimulator *sim,
                      const char    *pattern)
{
  g_autoptr(JsonNode) node = control_request (sim, "GET", "/__sim/stats", NULL);
  JsonObject *object;
  JsonObject *requests;

  g_assert_nonnull (node);
  object = json_node_get_object (node);
  if (json_object_has_member (object, "data") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "data")))
    object = json_object_get_object_member (object, "data");

  if (pattern == NULL)
    return json_object_get_int_member (object, "total");

  requests = json_object_get_object_member (object, "requests");
  g_assert_nonnull (requests);
  return json_object_get_int_member_with_default (requests, pattern, 0);
}

/* Canned server */

struct _TestCannedServer
{
  SoupServer *server;
  char *url;
  guint status;
  char *content_type;
  GBytes *body;
  GArray *splits;
  gboolean abort;
  GHashTable *headers;
  guint hits;
  char *last_body;
  char *last_path;
  char *last_query;
  GPtrArray *writes;  /* CannedWrite still going */
};

typedef struct
{
  TestCannedServer *server;
  SoupServerMessage *msg;
  gsize offset;
  guint split_index;
  guint source_id;
} CannedWrite;

static void
canned_write_free (gpointer data)
{
  CannedWrite *write = data;

  g_clear_handle_id (&write->source_id, g_source_remove);
  g_object_unref (write->msg);
  g_free (write);
}

static gboolean
canned_write_next (gpointer data)
{
  CannedWrite *write = data;
  TestCannedServer *self = write->server;
  SoupMessageBody *response = soup_server_message_get_response_body (write->msg);
  gsize size = g_bytes_get_size (self->body);
  gsize end = size;

  /* Everything went out on earlier ticks: end the body, cleanly or not. */
  if (write->offset >= size)
    {
      if (self->abort)
        {
          /* Take the connection away mid-body: the client sees no clean end. */
          GIOStream *stream = soup_server_message_steal_connection (write->msg);
          g_io_stream_close (stream, NULL, NULL);
          g_object_unref (stream);
        }
      else
        {
          soup_message_body_complete (response);
          soup_server_message_unpause (write->msg);
        }
      write->source_id = 0;
      g_ptr_array_remove (self->writes, write);
      return G_SOURCE_REMOVE;
    }

  if (write->split_index < self->splits->len)
    end = MIN ((gsize) g_array_index (self->splits, gssize, write->split_index), size);

  if (end > write->offset)
    {
      g_autoptr(GBytes) piece = g_bytes_new_from_bytes (self->body, write->offset, end - write->offset);
      soup_message_body_append_bytes (response, piece);
    }
  write->offset = end;
  write->split_index++;
  soup_server_message_unpause (write->msg);
  return G_SOURCE_CONTINUE;
}

static void
canned_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TestCannedServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  GHashTableIter iter;
  gpointer key, value;
  CannedWrite *write;

  self->hits++;
  g_free (self->last_body);
  self->last_body = request->length ? g_strndup (request->data, request->length) : NULL;
  g_free (self->last_path);
  self->last_path = g_strdup (path);
  g_free (self->last_query);
  self->last_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));

  soup_server_message_set_status (msg, self->status, NULL);
  soup_message_headers_set_content_type (headers, self->content_type, NULL);
  g_hash_table_iter_init (&iter, self->headers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    soup_message_headers_replace (headers, key, value);

  if (self->splits->len == 0 && !self->abort)
    {
      soup_server_message_set_response (msg, self->content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (self->body, NULL),
                                        g_bytes_get_size (self->body));
      return;
    }

  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_server_message_pause (msg);
  write = g_new0 (CannedWrite, 1);
  write->server = self;
  write->msg = g_object_ref (msg);
  write->source_id = g_timeout_add (5, canned_write_next, write);
  g_ptr_array_add (self->writes, write);
}

TestCannedServer *
test_canned_server_new (guint       status,
                        const char *content_type,
                        const char *body,
                        gssize      body_len)
{
  TestCannedServer *self = g_new0 (TestCannedServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *root = NULL;

  if (body_len < 0)
    body_len = strlen (body);

  self->status = status;
  self->content_type = g_strdup (content_type);
  self->body = g_bytes_new (body, body_len);
  self->splits = g_array_new (FALSE, FALSE, sizeof (gssize));
  self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->writes = g_ptr_array_new_with_free_func (canned_write_free);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, canned_handler, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  root = g_uri_to_string (uris->data);
  while (g_str_has_suffix (root, "/"))
    root[strlen (root) - 1] = '\0';
  self->url = g_strconcat (root, "/api/v1", NULL);
  return self;
}

void
test_canned_server_set_splits (TestCannedServer *self,
                               const gssize     *offsets)
{
  g_array_set_size (self->splits, 0);
  for (; offsets && *offsets >= 0; offsets++)
    g_array_append_val (self->splits, *offsets);
}

void
test_canned_server_set_abort (TestCannedServer *self,
                              gboolean          abort)
{
  self->abort = abort;
}

void
test_canned_server_set_header (TestCannedServer *self,
                               const char       *name,
                               const char       *value)
{
  g_hash_table_replace (self->headers, g_strdup (name), g_strdup (value));
}

const char *
test_canned_server_get_url (TestCannedServer *self)
{
  return self->url;
}

guint
test_canned_server_get_hits (TestCannedServer *self)
{
  return self->hits;
}

const char *
test_canned_server_get_last_body (TestCannedServer *self)
{
  return self->last_body;
}

const char *
test_canned_server_get_last_path (TestCannedServer *self)
{
  return self->last_path;
}

const char *
test_canned_server_get_last_query (TestCannedServer *self)
{
  return self->last_query;
}

void
test_canned_server_free (TestCannedServer *self)
{
  if (self == NULL)
    return;
  /* Writes still going when the client stopped early end here. */
  g_ptr_array_unref (self->writes);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_free (self->url);
  g_free (self->content_type);
  g_bytes_unref (self->body);
  g_array_unref (self->splits);
  g_hash_table_unref (self->headers);
  g_free (self->last_body);
  g_free (self->last_path);
  g_free (self->last_query);
  g_free (self);
}

/* Main loop helpers */

void
test_store_result (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **store = user_data;

  g_assert_null (*store);
  *store = g_object_ref (result);
}

GAsyncResult *
test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (result);
}

gboolean
test_wait_until (gboolean (*condition) (gpointer data),
                 gpointer   data,
                 guint      timeout_ms)
{
  return main_loop_wait_until (condition, data, timeout_ms);
}

void
test_run_for (guint ms)
{
  main_loop_run_for (ms);
}

guint
test_record_schedule (double       seconds,
                      GSourceFunc  func,
                      gpointer     data,
                      gpointer     user_data)
{
  GArray *delays = user_data;

  g_array_append_val (delays, seconds);
  return g_idle_add (func, data);
}
