/* SPDX-License-Identifier: MIT */
/* chatroutes-simulator: a local, in-memory stand-in for the ChatRoutes
 * HTTP API, for tests, benchmarks and offline demos. */
#define G_LOG_DOMAIN "chatroutes-simulator"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "sim-server.h"

static const char description[] =
  "Serves the ChatRoutes API under " SIM_BASE_PATH " on 127.0.0.1 and prints\n"
  "its base URL (http://127.0.0.1:PORT" SIM_BASE_PATH ") as the first line on\n"
  "standard output. Requests need 'Authorization: ApiKey <key>'.\n"
  "\n"
  "FAULT INJECTION\n"
  "  Per request, with the header 'X-Sim-Fault: SPEC', or queued for the next\n"
  "  matching requests through the control endpoint below. A SPEC is a list of\n"
  "  items separated by ';' or ',':\n"
  "    status=N              answer N with a JSON error body (no handler runs);\n"
  "                          429 gets retryAfter and a Retry-After header\n"
  "    retry-after=S         retryAfter S seconds in the body and Retry-After: S\n"
  "                          (implies status=429 when no status is given)\n"
  "    retry-after-header-only  only the Retry-After header (implies 429)\n"
  "    body=malformed        the response body cut in half (invalid JSON);\n"
  "                          on a stream, the 2nd content event is cut\n"
  "    body=empty            the status (default 200) with an empty body\n"
  "    body=html             an HTML error page, text/html (default status 502)\n"
  "    body=wrongtype        a successful answer where one field has the wrong\n"
  "                          JSON type (title, content, email, status... = 42)\n"
  "    shape=bare            no {success,data} envelope; a lone resource\n"
  "                          (conversation, message...) without its key\n"
  "    shape=legacy          older shapes: send returns userMessage and\n"
  "                          assistantMessage, tree is {conversation, branches,\n"
  "                          mainBranch}, checkpoints use snake_case, the\n"
  "                          conversation list has no hasNext\n"
  "    delay=MS              wait MS milliseconds before answering\n"
  "    stall=MS              plain requests: like delay; streams: stop for MS\n"
  "                          milliseconds after the first content event\n"
  "    drop                  close the connection without any response\n"
  "  Stream only:\n"
  "    cut-after=N           close the connection after N content events, in\n"
  "                          the middle of a chunk: no complete, no [DONE]\n"
  "    split=A,B,C           cut the body at these byte offsets (counted from\n"
  "                          the first byte of the body, which starts with the\n"
  "                          10-byte comment ': stream\\n\\n'); each piece is its\n"
  "                          own chunk, 3 ms apart\n"
  "    crlf | cr             end lines with CRLF, or with a lone CR\n"
  "    multiline             each event's JSON over two data: lines\n"
  "    comments              ': keep-alive' comments, and id:, event: and\n"
  "                          retry: fields\n"
  "    error-event           an {\"type\":\"error\"} event after 3 content\n"
  "                          events, then a clean end without [DONE]\n"
  "  Example: X-Sim-Fault: status=429;retry-after=2\n"
  "\n"
  "CONTROL ENDPOINTS (no API key; also under " SIM_BASE_PATH "/__sim/)\n"
  "  POST   /__sim/faults  {\"faults\":[{\"path\":\"/conversations\",\"method\":\"POST\",\n"
  "                          \"spec\":\"status=503\",\"count\":2}]}\n"
  "                        queue faults for the next COUNT requests whose path\n"
  "                        (after " SIM_BASE_PATH ") starts with PATH; path and\n"
  "                        method may be \"*\" (the defaults); count defaults to\n"
  "                        1, and 0 or less means until cleared. Answers\n"
  "                        {\"success\":true,\"queued\":N}\n"
  "  GET    /__sim/faults  the queued faults\n"
  "  DELETE /__sim/faults  clear the queue\n"
  "  GET    /__sim/stats   {\"requests\":{\"POST /conversations/{id}/messages\":3,...},\n"
  "                         \"total\":N,\"pendingFaults\":K}\n"
  "  DELETE /__sim/stats   reset the counts\n"
  "  POST   /__sim/reset   drop all data, faults and counts, then seed again as\n"
  "                        at start (--seed-*)\n"
  "  PATCH  /__sim/messages/ID  {\"contentHash\":\"…\"} or {\"contentHash\":null}\n"
  "                        change or drop a stored message's hash (tampering)\n"
  "  POST   /__sim/autobranch  {\"healthy\":false} reports the autobranch\n"
  "                        service unhealthy and fails suggestions with 503;\n"
  "                        {\"healthy\":true} (or a reset) restores it\n"
  "\n"
  "The reply to a message is deterministic Markdown made from its text.\n"
  "SIGINT and SIGTERM stop the server and save the state (--state).";

static gboolean
on_quit_signal (gpointer data)
{
  GMainLoop *loop = data;

  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SimServer) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *state_path = NULL;
  SimOptions options = { 0, };
  gint port = 0;
  gint pace_ms = 30;
  gint seed_conversations = 0;
  gint seed_messages = 0;
  gint seed_branches = 0;
  gint stream_events = 0;
  gint64 reply_bytes = 0;
  gboolean verbose = FALSE;
  guint sigint_id;
  guint sigterm_id;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Port on 127.0.0.1 (0, the default: any free port)", "N" },
    { "api-key", 'k', 0, G_OPTION_ARG_STRING, &api_key,
      "The API key clients must send (default: sim-key)", "KEY" },
    { "state", 's', 0, G_OPTION_ARG_FILENAME, &state_path,
      "Load the data from FILE if it exists, and save it there after every change", "FILE" },
    { "pace-ms", 0, 0, G_OPTION_ARG_INT, &pace_ms,
      "Delay between streamed words (default 30; 0: as fast as possible)", "MS" },
    { "seed-conversations", 0, 0, G_OPTION_ARG_INT, &seed_conversations,
      "Create N demo conversations at start (every fifth is shared by another user)", "N" },
    { "seed-messages", 0, 0, G_OPTION_ARG_INT, &seed_messages,
      "Put N messages in the first demo conversation (the newest one)", "N" },
    { "seed-branches", 0, 0, G_OPTION_ARG_INT, &seed_branches,
      "Add N branches, a tree several levels deep, to the first demo conversation", "N" },
    { "stream-events", 0, 0, G_OPTION_ARG_INT, &stream_events,
      "Make every reply exactly N words, so a stream has N content events (maxTokens is then ignored)", "N" },
    { "reply-bytes", 0, 0, G_OPTION_ARG_INT64, &reply_bytes,
      "Make every reply about N bytes long (maxTokens is then ignored)", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "Log one line per request on standard error", NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "A local simulator of the ChatRoutes HTTP API.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("chatroutes-simulator: %s\n", error->message);
      return 2;
    }

  if (port < 0 || port > 65535 || pace_ms < 0 || seed_conversations < 0 || seed_messages < 0 ||
      seed_branches < 0 ||
      stream_events < 0 || reply_bytes < 0)
    {
      g_printerr ("chatroutes-simulator: numbers must not be negative, and a port is at most 65535\n");
      return 2;
    }

  options.api_key = api_key ? api_key : (char *) "sim-key";
  options.state_path = state_path;
  options.pace_ms = (guint) pace_ms;
  options.seed_conversations = (guint) seed_conversations;
  options.seed_messages = (guint) seed_messages;
  options.seed_branches = (guint) seed_branches;
  options.stream_events = (guint) stream_events;
  options.reply_bytes = (guint64) reply_bytes;
  options.verbose = verbose;

  sim = sim_server_new (&options, &error);
  if (sim == NULL)
    {
      g_printerr ("chatroutes-simulator: %s\n", error->message);
      return 1;
    }

  if (!soup_server_listen_local (sim_server_get_soup (sim), (guint) port,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("chatroutes-simulator: cannot listen on port %d: %s\n", port, error->message);
      return 1;
    }

  uris = soup_server_get_uris (sim_server_get_soup (sim));
  if (uris == NULL)
    {
      g_printerr ("chatroutes-simulator: the server has no address\n");
      return 1;
    }

  /* The first line on stdout is the contract with whoever started us. */
  g_print ("http://127.0.0.1:%d" SIM_BASE_PATH "\n", g_uri_get_port (uris->data));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, loop);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (!sim_server_save_now (sim, &error))
    {
      g_printerr ("chatroutes-simulator: could not save the state: %s\n", error->message);
      return 1;
    }

  return 0;
}
