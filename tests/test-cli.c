/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "chatroutes-core.h"
#include "test-util.h"

/* chatroutes-cli runs as a separate process against the simulator; every
 * test looks at what it printed and at its exit status. */

/* A run that takes longer than this is a hang. */
#define RUN_TIMEOUT_MS 30000

typedef struct
{
  TestSimulator *sim;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *pace = data ? data : "0";

  f->sim = test_simulator_start ("--pace-ms", pace, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_simulator_stop (f->sim);
}

static const char *
cli_path (void)
{
  const char *path = g_getenv ("CHATROUTES_CLI");

  g_assert_nonnull (path);
  return path;
}

/* The environment of a run: the simulator's key, no base URL from the
 * caller's shell, plain UTF-8 output. @changes are "NAME=VALUE" to set or
 * "-NAME" to remove. */
static char **
make_environ (const char * const *changes)
{
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "CHATROUTES_API_KEY", "sim-key", TRUE);
  env = g_environ_unsetenv (env, "CHATROUTES_BASE_URL");
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  env = g_environ_setenv (env, "COLUMNS", "200", TRUE);

  for (; changes && *changes; changes++)
    {
      const char *change = *changes;

      if (change[0] == '-')
        env = g_environ_unsetenv (env, change + 1);
      else
        {
          g_auto(GStrv) parts = g_strsplit (change, "=", 2);
          env = g_environ_setenv (env, parts[0], parts[1] ? parts[1] : "", TRUE);
        }
    }

  return env;
}

/* argv: the program, --base-url of the simulator unless the arguments
 * name one, a short retry delay, then @args. */
static GPtrArray *
make_argv (Fixture            *f,
           const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  gboolean has_base_url = FALSE;

  for (const char * const *a = args; *a; a++)
    if (g_str_equal (*a, "--base-url"))
      has_base_url = TRUE;

  g_ptr_array_add (argv, g_strdup (cli_path ()));
  if (!has_base_url && f && f->sim)
    {
      g_ptr_array_add (argv, g_strdup ("--base-url"));
      g_ptr_array_add (argv, g_strdup (f->sim->base_url));
    }
  g_ptr_array_add (argv, g_strdup ("--retry-delay"));
  g_ptr_array_add (argv, g_strdup ("0.01"));
  for (const char * const *a = args; *a; a++)
    g_ptr_array_add (argv, g_strdup (*a));
  g_ptr_array_add (argv, NULL);

  return argv;
}

static GSubprocess *
spawn_cli (Fixture            *f,
           const char * const *env_changes,
           GSubprocessFlags    flags,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = make_argv (f, args);
  g_auto(GStrv) env = make_environ (env_changes);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);
  GSubprocess *process;

  g_test_message ("$ %s", line);
  g_subprocess_launcher_set_environ (launcher, env);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static int
exit_status (GSubprocess *process)
{
  if (!g_subprocess_get_if_exited (process))
    g_error ("chatroutes-cli did not exit normally (signal %d)",
             g_subprocess_get_if_signaled (process) ? g_subprocess_get_term_sig (process) : -1);
  return g_subprocess_get_exit_status (process);
}

/* Runs the CLI to its end, feeding @input (may be NULL) on stdin, while
 * this process keeps serving its own main context. */
static Run *
run_cli_full (Fixture            *f,
              const char * const *env_changes,
              const char         *input,
              const char * const *args)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean timed_out = FALSE;
  guint watchdog;
  Run *run = g_new0 (Run, 1);

  process = spawn_cli (f, env_changes,
                       G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                       G_SUBPROCESS_FLAGS_STDERR_PIPE,
                       args);

  watchdog = g_timeout_add (RUN_TIMEOUT_MS, set_flag, &timed_out);
  g_subprocess_communicate_utf8_async (process, input ? input : "", NULL, test_store_result, &result);
  while (result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_subprocess_force_exit (process);
      g_error ("chatroutes-cli did not finish within %d ms", RUN_TIMEOUT_MS);
    }
  g_source_remove (watchdog);

  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);

  run->status = exit_status (process);
  g_test_message ("exit %d\n--- stdout\n%s--- stderr\n%s---", run->status, run->out, run->err);
  return run;
}

static Run *
run_cli_v (Fixture    *f,
           const char *first,
           va_list     args)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (list, (gpointer) a);
  g_ptr_array_add (list, NULL);

  return run_cli_full (f, NULL, NULL, (const char * const *) list->pdata);
}

static G_GNUC_NULL_TERMINATED Run *
run_cli (Fixture    *f,
         const char *first,
         ...)
{
  va_list args;
  Run *run;

  va_start (args, first);
  run = run_cli_v (f, first, args);
  va_end (args);
  return run;
}

/* Runs and asserts success with nothing on stderr. */
static G_GNUC_NULL_TERMINATED Run *
run_ok (Fixture    *f,
        const char *first,
        ...)
{
  va_list args;
  Run *run;

  va_start (args, first);
  run = run_cli_v (f, first, args);
  va_end (args);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  return run;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_ref (json_parser_get_root (parser));
}

static JsonObject *
root_object (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_string_member (object, name);
}

/* The object in @array whose "id" is @id, or NULL. */
static JsonObject *
find_by_id (JsonArray  *array,
            const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      if (g_strcmp0 (json_object_get_string_member_with_default (item, "id", NULL), id) == 0)
        return item;
    }
  return NULL;
}

static char *
create_conversation (Fixture    *f,
                     const char *title)
{
  g_autoptr(Run) run = run_ok (f, "--quiet", "conversations", "create", title, NULL);
  char *id = g_strstrip (g_strdup (run->out));

  /* --quiet prints the id alone. */
  g_assert_cmpstr (id, !=, "");
  g_assert_null (strchr (id, '\n'));
  g_assert_null (strchr (id, ' '));
  return id;
}

/* Sends @text and returns the reply's JSON object (a new reference). */
static JsonNode *
send_json (Fixture    *f,
           const char *conversation_id,
           const char *text)
{
  g_autoptr(Run) run = run_ok (f, "--json", "messages", "send", conversation_id, text, NULL);
  return parse_json (run->out);
}

static JsonArray *
list_messages (Fixture    *f,
               const char *conversation_id,
               JsonNode  **out_node)
{
  g_autoptr(Run) run = run_ok (f, "messages", "list", conversation_id, "--json", NULL);
  JsonNode *node = parse_json (run->out);

  *out_node = node;
  return json_object_get_array_member (root_object (node), "messages");
}

/* Tests */

static void
test_help (void)
{
  g_autoptr(Run) help = run_cli (NULL, "--help", NULL);
  g_autoptr(Run) group = run_cli (NULL, "help", "branches", NULL);
  g_autoptr(Run) verb = run_cli (NULL, "messages", "send", "--help", NULL);
  g_autoptr(Run) version = run_cli (NULL, "--version", NULL);
  const char *no_args[] = { NULL };
  g_autoptr(Run) nothing = run_cli_full (NULL, NULL, NULL, no_args);
  g_autoptr(Run) unknown = run_cli (NULL, "frobnicate", NULL);
  g_autoptr(Run) no_verb = run_cli (NULL, "conversations", NULL);
  g_autoptr(Run) bad_verb = run_cli (NULL, "conversations", "explode", NULL);
  g_autoptr(Run) missing = run_cli (NULL, "messages", "send", "conv_1", NULL);
  g_autoptr(Run) extra = run_cli (NULL, "conversations", "get", "a", "b", NULL);
  g_autoptr(Run) bad_option = run_cli (NULL, "conversations", "list", "--bogus", NULL);
  static const char *exit_lines[] = {
    "    0  success", "    1  other failure", "    2  usage error", "    3  authentication",
    "    4  not found", "    5  the service rejected", "    6  rate limited", "    7  server error",
    "    8  network", "    9  the response could not", "   10  plain HTTP", "   11  a streamed reply",
    "  130  cancelled",
  };

  g_assert_cmpint (help->status, ==, 0);
  g_assert_cmpstr (help->err, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (exit_lines); i++)
    g_assert_nonnull (strstr (help->out, exit_lines[i]));
  g_assert_nonnull (strstr (help->out, "conversations list [--page N] [--limit N] [--filter all|owned|shared] [--all-pages]"));
  g_assert_nonnull (strstr (help->out, "messages send CONV_ID TEXT"));
  g_assert_nonnull (strstr (help->out, "branches fork CONV_ID MSG_ID TITLE"));
  g_assert_nonnull (strstr (help->out, "checkpoints recreate CP_ID"));
  g_assert_nonnull (strstr (help->out, "--retry-delay S"));
  g_assert_nonnull (strstr (help->out, "CHATROUTES_API_KEY"));

  g_assert_cmpint (group->status, ==, 0);
  g_assert_nonnull (strstr (group->out, "branches merge CONV_ID BID"));
  g_assert_null (strstr (group->out, "conversations list"));

  g_assert_cmpint (verb->status, ==, 0);
  g_assert_nonnull (strstr (verb->out, "--stream"));
  g_assert_nonnull (strstr (verb->out, "--temperature T"));

  g_assert_cmpint (version->status, ==, 0);
  g_assert_true (g_str_has_prefix (version->out, "chatroutes-cli " PACKAGE_VERSION "\n"));

  g_assert_cmpint (nothing->status, ==, 2);
  g_assert_cmpint (unknown->status, ==, 2);
  g_assert_true (g_str_has_prefix (unknown->err, "chatroutes-cli: "));
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));
  g_assert_cmpint (no_verb->status, ==, 2);
  g_assert_cmpint (bad_verb->status, ==, 2);
  g_assert_nonnull (strstr (bad_verb->err, "explode"));
  g_assert_cmpint (missing->status, ==, 2);
  g_assert_cmpint (extra->status, ==, 2);
  g_assert_cmpint (bad_option->status, ==, 2);
  g_assert_nonnull (strstr (bad_option->err, "--bogus"));
}

static void
test_conversations (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Run) created = NULL;
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) list_json = NULL;
  g_autoptr(Run) renamed = NULL;
  g_autoptr(Run) got = NULL;
  g_autoptr(Run) got_json = NULL;
  g_autoptr(Run) deleted = NULL;
  g_autoptr(Run) gone = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  g_autoptr(JsonNode) got_node = NULL;
  g_autofree char *id = NULL;
  JsonObject *conversation;
  JsonObject *listed;

  created = run_ok (f, "conversations", "create", "Trip to Lisbon", "--model", "claude-sonnet-4-5",
                    "--json", NULL);
  node = parse_json (created->out);
  conversation = root_object (node);
  id = g_strdup (member_string (conversation, "id"));
  g_assert_cmpstr (id, !=, "");
  g_assert_cmpstr (member_string (conversation, "title"), ==, "Trip to Lisbon");
  g_assert_cmpstr (member_string (conversation, "model"), ==, "claude-sonnet-4-5");
  g_assert_nonnull (member_string (conversation, "createdAt"));
  g_assert_nonnull (member_string (conversation, "userId"));

  /* Human: a header, then one aligned row with the id, title and model. */
  list = run_ok (f, "conversations", "list", NULL);
  g_assert_true (g_str_has_prefix (list->out, "ID"));
  g_assert_nonnull (strstr (list->out, "TITLE"));
  {
    g_auto(GStrv) lines = g_strsplit (list->out, "\n", -1);
    const char *row = NULL;
    const char *title_header = strstr (lines[0], "TITLE");

    for (guint i = 1; lines[i]; i++)
      if (g_str_has_prefix (lines[i], id))
        row = lines[i];
    g_assert_nonnull (row);
    g_assert_nonnull (strstr (row, "Trip to Lisbon"));
    g_assert_nonnull (strstr (row, "claude-sonnet-4-5"));
    g_assert_nonnull (strstr (row, "just now"));
    /* The title starts under its header. */
    g_assert_cmpint (strstr (row, "Trip to Lisbon") - row, ==, title_header - lines[0]);
  }

  list_json = run_ok (f, "conversations", "list", "--json", NULL);
  list_node = parse_json (list_json->out);
  listed = find_by_id (json_object_get_array_member (root_object (list_node), "conversations"), id);
  g_assert_nonnull (listed);
  g_assert_cmpstr (member_string (listed, "title"), ==, "Trip to Lisbon");
  g_assert_cmpint (json_object_get_int_member (root_object (list_node), "total"), >=, 1);
  g_assert_true (json_object_has_member (root_object (list_node), "hasNext"));

  renamed = run_ok (f, "conversations", "rename", id, "Lisbon in May", NULL);
  g_assert_nonnull (strstr (renamed->out, "Title:"));
  g_assert_nonnull (strstr (renamed->out, "Lisbon in May"));

  got_json = run_ok (f, "--json", "conversations", "get", id, NULL);
  got_node = parse_json (got_json->out);
  g_assert_cmpstr (member_string (root_object (got_node), "id"), ==, id);
  g_assert_cmpstr (member_string (root_object (got_node), "title"), ==, "Lisbon in May");

  got = run_ok (f, "conversations", "get", id, NULL);
  g_assert_nonnull (strstr (got->out, "ID:"));
  g_assert_nonnull (strstr (got->out, id));
  g_assert_nonnull (strstr (got->out, "Lisbon in May"));

  deleted = run_ok (f, "conversations", "delete", id, NULL);
  g_assert_nonnull (strstr (deleted->out, id));

  gone = run_cli (f, "conversations", "get", id, NULL);
  g_assert_cmpint (gone->status, ==, 4);
  g_assert_cmpstr (gone->out, ==, "");
  g_assert_true (g_str_has_prefix (gone->err, "chatroutes-cli: "));
}

static void
test_conversation_pages (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Run) first = NULL;
  g_autoptr(Run) all = NULL;
  g_autoptr(Run) human = NULL;
  g_autoptr(Run) bad_filter = NULL;
  g_autoptr(JsonNode) first_node = NULL;
  g_autoptr(JsonNode) all_node = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *title = g_strdup_printf ("Paged %u", i);
      g_ptr_array_add (ids, create_conversation (f, title));
    }

  first = run_ok (f, "--json", "conversations", "list", "--limit", "2", NULL);
  first_node = parse_json (first->out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root_object (first_node),
                                                                          "conversations")), ==, 2);
  g_assert_true (json_object_get_boolean_member (root_object (first_node), "hasNext"));
  g_assert_cmpint (json_object_get_int_member (root_object (first_node), "page"), ==, 1);

  all = run_ok (f, "--json", "conversations", "list", "--limit", "2", "--all-pages", NULL);
  all_node = parse_json (all->out);
  array = json_object_get_array_member (root_object (all_node), "conversations");
  for (guint i = 0; i < ids->len; i++)
    g_assert_nonnull (find_by_id (array, ids->pdata[i]));
  g_assert_false (json_object_get_boolean_member (root_object (all_node), "hasNext"));

  human = run_ok (f, "conversations", "list", "--limit", "2", "--page", "2", NULL);
  g_assert_nonnull (strstr (human->out, "--page 3"));

  bad_filter = run_cli (f, "conversations", "list", "--filter", "mine", NULL);
  g_assert_cmpint (bad_filter->status, ==, 2);
  g_assert_nonnull (strstr (bad_filter->err, "--filter"));
}

static void
test_messages (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Messages");
  g_autoptr(JsonNode) sent = send_json (f, id, "Explain rainbows");
  g_autoptr(Run) human = NULL;
  g_autoptr(Run) from_stdin = NULL;
  g_autoptr(Run) list_human = NULL;
  g_autoptr(Run) edited = NULL;
  g_autoptr(Run) deleted = NULL;
  g_autoptr(JsonNode) messages_node = NULL;
  const char *tell_more[] = { "--json", "messages", "send", id, "-", NULL };
  JsonObject *reply;
  JsonObject *usage;
  JsonArray *messages;
  JsonObject *last;
  const char *reply_content;

  reply = json_object_get_object_member (root_object (sent), "message");
  g_assert_nonnull (reply);
  g_assert_cmpstr (member_string (reply, "role"), ==, "assistant");
  g_assert_cmpstr (member_string (reply, "conversationId"), ==, id);
  reply_content = member_string (reply, "content");
  g_assert_cmpuint (strlen (reply_content), >, 0);
  usage = json_object_get_object_member (root_object (sent), "usage");
  g_assert_nonnull (usage);
  g_assert_cmpint (json_object_get_int_member (usage, "totalTokens"), >, 0);

  /* Human output is the reply's text itself; the summary only goes to a
   * terminal's stderr. */
  human = run_ok (f, "messages", "send", id, "And sunsets?", NULL);
  messages = list_messages (f, id, &messages_node);
  last = json_array_get_object_element (messages, json_array_get_length (messages) - 1);
  g_assert_cmpstr (member_string (last, "role"), ==, "assistant");
  {
    g_autofree char *expected = g_str_has_suffix (member_string (last, "content"), "\n")
                                  ? g_strdup (member_string (last, "content"))
                                  : g_strconcat (member_string (last, "content"), "\n", NULL);
    g_assert_cmpstr (human->out, ==, expected);
  }
  g_clear_pointer (&messages_node, json_node_unref);

  /* TEXT "-" reads stdin; the final newline is not part of it. */
  from_stdin = run_cli_full (f, NULL, "Words from a pipe\n", tell_more);
  g_assert_cmpint (from_stdin->status, ==, 0);
  messages = list_messages (f, id, &messages_node);
  {
    gboolean found = FALSE;
    for (guint i = 0; i < json_array_get_length (messages); i++)
      {
        JsonObject *message = json_array_get_object_element (messages, i);
        if (g_strcmp0 (member_string (message, "role"), "user") == 0 &&
            g_strcmp0 (member_string (message, "content"), "Words from a pipe") == 0)
          found = TRUE;
      }
    g_assert_true (found);
  }
  /* user, assistant, three times */
  g_assert_cmpuint (json_array_get_length (messages), ==, 6);

  /* After --, a TEXT may start with a dash. */
  {
    g_autoptr(Run) dash = run_ok (f, "messages", "send", id, "--", "-5 degrees outside", NULL);
    g_autoptr(Run) full = run_ok (f, "messages", "list", id, "--full", NULL);
    g_assert_nonnull (strstr (full->out, "\n-5 degrees outside\n"));
  }

  list_human = run_ok (f, "messages", "list", id, NULL);
  g_assert_true (g_str_has_prefix (list_human->out, "ID"));
  g_assert_nonnull (strstr (list_human->out, "Explain rainbows"));
  g_assert_nonnull (strstr (list_human->out, member_string (reply, "id")));

  edited = run_ok (f, "--json", "messages", "edit",
                   member_string (json_array_get_object_element (messages, 0), "id"),
                   "Explain double rainbows", NULL);
  {
    g_autoptr(JsonNode) node = parse_json (edited->out);
    g_assert_cmpstr (member_string (root_object (node), "content"), ==, "Explain double rainbows");
  }

  deleted = run_ok (f, "messages", "delete", member_string (reply, "id"), NULL);
  g_assert_nonnull (strstr (deleted->out, member_string (reply, "id")));
}

static void
test_stream (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Streams");
  g_autoptr(Run) streamed = NULL;
  g_autoptr(Run) streamed_json = NULL;
  g_autoptr(JsonNode) messages_node = NULL;
  g_autoptr(JsonNode) final_node = NULL;
  JsonArray *messages;
  JsonObject *last;
  JsonObject *final;

  streamed = run_ok (f, "messages", "send", id, "Write a haiku about tea", "--stream", NULL);

  /* What was streamed is the message the service kept. */
  messages = list_messages (f, id, &messages_node);
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  last = json_array_get_object_element (messages, 1);
  g_assert_cmpstr (member_string (last, "role"), ==, "assistant");
  {
    const char *content = member_string (last, "content");
    g_autofree char *expected = g_str_has_suffix (content, "\n") ? g_strdup (content)
                                                                : g_strconcat (content, "\n", NULL);
    g_assert_cmpuint (strlen (content), >, 20);
    g_assert_cmpstr (streamed->out, ==, expected);
  }

  /* --json prints one document: the final message. */
  streamed_json = run_ok (f, "--json", "messages", "send", id, "Another one", "--stream", NULL);
  final_node = parse_json (streamed_json->out);
  final = json_object_get_object_member (root_object (final_node), "message");
  g_assert_nonnull (final);
  g_clear_pointer (&messages_node, json_node_unref);
  messages = list_messages (f, id, &messages_node);
  last = find_by_id (messages, member_string (final, "id"));
  g_assert_nonnull (last);
  g_assert_cmpstr (member_string (final, "content"), ==, member_string (last, "content"));
  g_assert_cmpstr (member_string (final, "role"), ==, "assistant");
}

static void
test_stream_cut (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Cut");
  g_autoptr(Run) cut = NULL;

  test_simulator_fault (f->sim, "POST", "/conversations", "cut-after=3", 1);
  cut = run_cli (f, "messages", "send", id, "Tell me a long story", "--stream", NULL);

  g_assert_cmpint (cut->status, ==, 11);
  /* Three deltas arrived and are kept. */
  {
    g_autofree char *text = g_strstrip (g_strdup (cut->out));
    g_assert_cmpuint (strlen (text), >, 0);
  }
  g_assert_true (g_str_has_prefix (cut->err, "chatroutes-cli: "));
  g_assert_nonnull (strstr (cut->err, "interrupted"));
}

typedef struct
{
  GString      *out;
  GInputStream *stream;
  gboolean      eof;
} Reader;

static void
reader_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  Reader *reader = data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  g_assert_no_error (error);
  if (g_bytes_get_size (bytes) == 0)
    {
      reader->eof = TRUE;
      return;
    }
  g_string_append_len (reader->out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (reader->stream, 4096, G_PRIORITY_DEFAULT, NULL,
                                   reader_read_cb, reader);
}

static void
test_stream_sigint (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Interrupted");
  const char *args[] = { "messages", "send", id, "Tell me everything about rivers", "--stream", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GBytes) err_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) waited = NULL;
  g_autoptr(JsonNode) messages_node = NULL;
  g_autofree char *err = NULL;
  Reader reader = { out, NULL, FALSE };
  gboolean timed_out = FALSE;
  gint64 signalled_at;
  gsize printed_at_signal;
  guint watchdog;

  process = spawn_cli (f, NULL,
                       G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                       G_SUBPROCESS_FLAGS_STDERR_PIPE,
                       args);
  reader.stream = g_subprocess_get_stdout_pipe (process);
  g_input_stream_read_bytes_async (reader.stream, 4096, G_PRIORITY_DEFAULT, NULL,
                                   reader_read_cb, &reader);

  watchdog = g_timeout_add (RUN_TIMEOUT_MS, set_flag, &timed_out);

  /* The first delta. */
  while (out->len == 0 && !reader.eof && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_assert_false (reader.eof);
  printed_at_signal = out->len;

  g_subprocess_send_signal (process, SIGINT);
  signalled_at = g_get_monotonic_time ();

  while (!reader.eof && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_wait_async (process, NULL, test_store_result, &waited);
  while (waited == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (watchdog);
  g_subprocess_wait_finish (process, waited, &error);
  g_assert_no_error (error);

  /* It stopped at once, not at the end of a reply paced at 200 ms a word. */
  g_assert_cmpint (g_get_monotonic_time () - signalled_at, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (exit_status (process), ==, 130);

  /* What arrived is kept, and ends with a newline. */
  g_assert_cmpuint (out->len, >=, printed_at_signal);
  g_assert_cmpuint (out->len, >, 1);
  g_assert_true (g_str_has_suffix (out->str, "\n"));

  err_bytes = g_input_stream_read_bytes (g_subprocess_get_stderr_pipe (process), 65536, NULL, &error);
  g_assert_no_error (error);
  err = g_strndup (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes));
  g_test_message ("stdout: %s\nstderr: %s", out->str, err);
  g_assert_true (g_str_has_prefix (err, "chatroutes-cli: "));
  g_assert_nonnull (strstr (err, "Stopped"));

  /* The full reply would have been longer than what was printed. */
  {
    JsonArray *messages = list_messages (f, id, &messages_node);
    for (guint i = 0; i < json_array_get_length (messages); i++)
      {
        JsonObject *message = json_array_get_object_element (messages, i);
        if (g_strcmp0 (member_string (message, "role"), "assistant") == 0)
          g_assert_cmpuint (strlen (member_string (message, "content")), >, out->len - 1);
      }
  }
}

static void
test_branches (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Branches");
  g_autoptr(JsonNode) first = send_json (f, id, "Plan a garden");
  g_autoptr(JsonNode) second = send_json (f, id, "With tomatoes");
  g_autoptr(Run) fork = NULL;
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) list_json = NULL;
  g_autoptr(Run) branch_send = NULL;
  g_autoptr(Run) branch_messages = NULL;
  g_autoptr(Run) renamed = NULL;
  g_autoptr(Run) merged = NULL;
  g_autoptr(Run) created = NULL;
  g_autoptr(Run) deleted = NULL;
  g_autoptr(Run) bad_context = NULL;
  g_autoptr(JsonNode) fork_node = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  g_autoptr(JsonNode) branch_messages_node = NULL;
  g_autoptr(JsonNode) merged_node = NULL;
  g_autoptr(JsonNode) created_node = NULL;
  const char *fork_point;
  g_autofree char *branch_id = NULL;
  JsonArray *branches;
  JsonArray *messages;
  gboolean found = FALSE;

  fork_point = member_string (json_object_get_object_member (root_object (first), "message"), "id");

  fork = run_ok (f, "--json", "branches", "fork", id, fork_point, "Herbs instead", "--context", "partial", NULL);
  fork_node = parse_json (fork->out);
  branch_id = g_strdup (member_string (root_object (fork_node), "id"));
  g_assert_cmpstr (member_string (root_object (fork_node), "title"), ==, "Herbs instead");
  g_assert_cmpstr (member_string (root_object (fork_node), "forkPointMessageId"), ==, fork_point);
  g_assert_cmpstr (member_string (root_object (fork_node), "contextMode"), ==, "PARTIAL");
  g_assert_false (json_object_get_boolean_member (root_object (fork_node), "isMain"));

  list = run_ok (f, "branches", "list", id, NULL);
  g_assert_true (g_str_has_prefix (list->out, "ID"));
  g_assert_nonnull (strstr (list->out, "Herbs instead"));
  g_assert_nonnull (strstr (list->out, "(main)"));
  g_assert_nonnull (strstr (list->out, fork_point));

  list_json = run_ok (f, "branches", "list", id, "--json", NULL);
  list_node = parse_json (list_json->out);
  branches = json_object_get_array_member (root_object (list_node), "branches");
  g_assert_cmpuint (json_array_get_length (branches), ==, 2);
  g_assert_nonnull (find_by_id (branches, branch_id));

  branch_send = run_ok (f, "branches", "send", id, branch_id, "Basil or mint?", "--model", "gpt-5", NULL);
  g_assert_cmpuint (strlen (branch_send->out), >, 1);

  branch_messages = run_ok (f, "--json", "branches", "messages", id, branch_id, NULL);
  branch_messages_node = parse_json (branch_messages->out);
  messages = json_object_get_array_member (root_object (branch_messages_node), "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      if (g_strcmp0 (member_string (message, "content"), "Basil or mint?") == 0)
        found = TRUE;
    }
  g_assert_true (found);

  renamed = run_ok (f, "branches", "rename", id, branch_id, "Herb garden", NULL);
  g_assert_nonnull (strstr (renamed->out, "Herb garden"));

  /* The answer is the branch merged into, which now has the messages. */
  merged = run_ok (f, "--json", "branches", "merge", id, branch_id, NULL);
  merged_node = parse_json (merged->out);
  g_assert_cmpstr (member_string (root_object (merged_node), "id"), ==,
                   member_string (root_object (fork_node), "parentBranchId"));
  g_assert_true (json_object_get_boolean_member (root_object (merged_node), "isMain"));
  {
    g_autoptr(Run) main_messages = run_ok (f, "messages", "list", id, "--full", NULL);
    g_assert_nonnull (strstr (main_messages->out, "Basil or mint?"));
  }

  created = run_ok (f, "--json", "branches", "create", id, "Scratch", "--description", "Notes",
                    "--context", "minimal", NULL);
  created_node = parse_json (created->out);
  g_assert_cmpstr (member_string (root_object (created_node), "description"), ==, "Notes");
  deleted = run_ok (f, "branches", "delete", id, member_string (root_object (created_node), "id"), NULL);
  g_assert_nonnull (strstr (deleted->out, member_string (root_object (created_node), "id")));

  bad_context = run_cli (f, "branches", "fork", id, fork_point, "X", "--context", "most", NULL);
  g_assert_cmpint (bad_context->status, ==, 2);
  g_assert_nonnull (strstr (bad_context->err, "--context"));
}

static void
test_checkpoints (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Checkpoints");
  g_autoptr(JsonNode) sent = send_json (f, id, "Summarise the history of tea");
  g_autoptr(Run) branches = run_ok (f, "--json", "branches", "list", id, NULL);
  g_autoptr(JsonNode) branches_node = parse_json (branches->out);
  g_autoptr(Run) created = NULL;
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) list_json = NULL;
  g_autoptr(Run) recreated = NULL;
  g_autoptr(Run) deleted = NULL;
  g_autoptr(Run) after = NULL;
  g_autoptr(JsonNode) created_node = NULL;
  g_autoptr(JsonNode) list_node = NULL;
  g_autoptr(JsonNode) after_node = NULL;
  JsonObject *main_branch;
  const char *anchor;
  g_autofree char *checkpoint_id = NULL;

  main_branch = json_array_get_object_element (json_object_get_array_member (root_object (branches_node),
                                                                             "branches"), 0);
  g_assert_true (json_object_get_boolean_member (main_branch, "isMain"));
  anchor = member_string (json_object_get_object_member (root_object (sent), "message"), "id");

  created = run_ok (f, "--json", "checkpoints", "create", id, member_string (main_branch, "id"), anchor, NULL);
  created_node = parse_json (created->out);
  checkpoint_id = g_strdup (member_string (root_object (created_node), "id"));
  g_assert_cmpstr (member_string (root_object (created_node), "anchorMessageId"), ==, anchor);
  g_assert_cmpstr (member_string (root_object (created_node), "conversationId"), ==, id);
  g_assert_cmpuint (strlen (member_string (root_object (created_node), "summary")), >, 0);

  list = run_ok (f, "checkpoints", "list", id, NULL);
  g_assert_nonnull (strstr (list->out, checkpoint_id));
  g_assert_nonnull (strstr (list->out, anchor));

  /* snake_case from the service comes out camelCase. */
  test_simulator_fault (f->sim, "GET", "/conversations", "shape=legacy", 1);
  list_json = run_ok (f, "--json", "checkpoints", "list", id, "--branch", member_string (main_branch, "id"), NULL);
  list_node = parse_json (list_json->out);
  {
    JsonObject *listed = find_by_id (json_object_get_array_member (root_object (list_node), "checkpoints"),
                                     checkpoint_id);
    g_assert_nonnull (listed);
    g_assert_cmpstr (member_string (listed, "anchorMessageId"), ==, anchor);
    g_assert_cmpstr (member_string (listed, "branchId"), ==, member_string (main_branch, "id"));
  }

  recreated = run_ok (f, "checkpoints", "recreate", checkpoint_id, NULL);
  g_assert_nonnull (strstr (recreated->out, checkpoint_id));

  deleted = run_ok (f, "checkpoints", "delete", checkpoint_id, NULL);
  after = run_ok (f, "--json", "checkpoints", "list", id, NULL);
  after_node = parse_json (after->out);
  g_assert_null (find_by_id (json_object_get_array_member (root_object (after_node), "checkpoints"),
                             checkpoint_id));
}

static void
test_tree (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Garden tree");
  g_autoptr(JsonNode) first = send_json (f, id, "Plan a garden");
  g_autoptr(JsonNode) second = send_json (f, id, "With tomatoes");
  g_autoptr(Run) fork = NULL;
  g_autoptr(Run) tree = NULL;
  g_autoptr(Run) tree_json = NULL;
  g_autoptr(Run) legacy = NULL;
  g_autoptr(Run) legacy_json = NULL;
  g_autoptr(JsonNode) fork_node = NULL;
  g_autoptr(JsonNode) tree_node = NULL;
  g_autoptr(JsonNode) legacy_node = NULL;
  const char *fork_point;
  const char *branch_id;

  fork_point = member_string (json_object_get_object_member (root_object (first), "message"), "id");
  fork = run_ok (f, "--json", "branches", "fork", id, fork_point, "Herbs instead", NULL);
  fork_node = parse_json (fork->out);
  branch_id = member_string (root_object (fork_node), "id");
  {
    g_autoptr(Run) on_branch = run_ok (f, "branches", "send", id, branch_id, "Basil please", NULL);
  }

  /* The node shape: one rail per fork, messages along it. */
  tree = run_ok (f, "conversations", "tree", id, NULL);
  g_assert_true (g_str_has_prefix (tree->out, "Garden tree"));
  g_assert_nonnull (strstr (tree->out, "● user: Plan a garden"));
  g_assert_nonnull (strstr (tree->out, fork_point));
  g_assert_nonnull (strstr (tree->out, "├─● user: With tomatoes"));
  g_assert_nonnull (strstr (tree->out, "└─● user: Basil please"));
  g_assert_nonnull (strstr (tree->out, "│ ● assistant: "));
  g_assert_nonnull (strstr (tree->out, "Herbs instead"));

  tree_json = run_ok (f, "--json", "conversations", "tree", id, NULL);
  tree_node = parse_json (tree_json->out);
  g_assert_true (json_object_has_member (root_object (tree_node), "tree"));
  g_assert_cmpstr (member_string (json_object_get_object_member (root_object (tree_node), "conversation"), "id"),
                   ==, id);

  /* The branches shape. */
  test_simulator_fault (f->sim, "GET", "/conversations", "shape=legacy", 1);
  legacy = run_ok (f, "conversations", "tree", id, NULL);
  g_assert_true (g_str_has_prefix (legacy->out, "Garden tree"));
  g_assert_nonnull (strstr (legacy->out, "main"));
  g_assert_nonnull (strstr (legacy->out, "└─ Herbs instead"));
  g_assert_nonnull (strstr (legacy->out, branch_id));
  g_assert_nonnull (strstr (legacy->out, fork_point));

  test_simulator_fault (f->sim, "GET", "/conversations", "shape=legacy", 1);
  legacy_json = run_ok (f, "--json", "conversations", "tree", id, NULL);
  legacy_node = parse_json (legacy_json->out);
  g_assert_nonnull (find_by_id (json_object_get_array_member (root_object (legacy_node), "branches"),
                                branch_id));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root_object (legacy_node),
                                                                                "mainBranch"), "isMain"));
}

static void
test_tree_empty (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Nothing yet");
  g_autoptr(Run) tree = run_ok (f, "conversations", "tree", id, NULL);
  g_autoptr(Run) json = run_ok (f, "--json", "conversations", "tree", id, NULL);
  g_autoptr(JsonNode) node = parse_json (json->out);

  g_assert_true (g_str_has_prefix (tree->out, "Nothing yet"));
  g_assert_nonnull (strstr (tree->out, "(no messages yet)"));
  g_assert_true (json_object_has_member (root_object (node), "tree"));
  g_assert_true (json_object_get_null_member (root_object (node), "tree"));
}

static void
test_legacy_send (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Legacy send");
  g_autoptr(Run) sent = NULL;
  g_autoptr(JsonNode) node = NULL;

  test_simulator_fault (f->sim, "POST", "/conversations", "shape=legacy", 1);
  sent = run_ok (f, "--json", "messages", "send", id, "Old servers", NULL);
  node = parse_json (sent->out);
  g_assert_cmpstr (member_string (json_object_get_object_member (root_object (node), "message"), "role"),
                   ==, "assistant");
  g_assert_cmpstr (member_string (json_object_get_object_member (root_object (node), "userMessage"), "content"),
                   ==, "Old servers");
}

static void
test_suggest (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Run) human = NULL;
  g_autoptr(Run) json = NULL;
  g_autoptr(Run) health = NULL;
  g_autoptr(Run) health_json = NULL;
  g_autoptr(Run) none = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) health_node = NULL;
  const char *text = "Should we use Postgres or SQLite? Alternatively, we could try a flat file. "
                     "On the other hand, what about hosting: cloud or our own server?";
  JsonArray *suggestions;

  json = run_ok (f, "--json", "suggest", text, "--count", "2", NULL);
  node = parse_json (json->out);
  suggestions = json_object_get_array_member (root_object (node), "suggestions");
  g_assert_cmpuint (json_array_get_length (suggestions), >=, 1);
  g_assert_cmpuint (json_array_get_length (suggestions), <=, 2);
  g_assert_nonnull (member_string (json_array_get_object_element (suggestions, 0), "title"));
  g_assert_true (json_object_has_member (json_array_get_object_element (suggestions, 0), "branchPoint"));
  g_assert_nonnull (member_string (json_object_get_object_member (root_object (node), "metadata"),
                                   "detectionMethod"));

  human = run_ok (f, "suggest", text, "--no-hybrid", NULL);
  g_assert_true (g_str_has_prefix (human->out, "1. "));
  g_assert_nonnull (strstr (human->out, "detection: "));

  health = run_ok (f, "suggest", "--health", NULL);
  g_assert_nonnull (strstr (health->out, "Status:"));
  health_json = run_ok (f, "--json", "suggest", "--health", NULL);
  health_node = parse_json (health_json->out);
  g_assert_nonnull (member_string (root_object (health_node), "status"));

  none = run_cli (f, "suggest", NULL);
  g_assert_cmpint (none->status, ==, 2);
}

static void
test_whoami (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Run) human = run_ok (f, "whoami", NULL);
  g_autoptr(Run) json = run_ok (f, "whoami", "--json", NULL);
  g_autoptr(JsonNode) node = parse_json (json->out);

  g_assert_nonnull (strstr (human->out, "Email:"));
  g_assert_nonnull (strstr (human->out, "sim@example.com"));
  g_assert_nonnull (strstr (human->out, f->sim->base_url));
  g_assert_cmpstr (member_string (root_object (node), "email"), ==, "sim@example.com");
  g_assert_cmpstr (member_string (root_object (node), "id"), !=, "");
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Verify");
  g_autoptr(JsonNode) sent = send_json (f, id, "Café au lait, s’il vous plaît");
  g_autoptr(Run) human = run_ok (f, "messages", "verify", id, NULL);
  g_autoptr(Run) json = run_ok (f, "--json", "messages", "verify", id, NULL);
  g_autoptr(JsonNode) node = parse_json (json->out);
  JsonArray *array = json_object_get_array_member (root_object (node), "messages");

  g_assert_nonnull (strstr (human->out, "intact"));
  g_assert_null (strstr (human->out, "CHANGED"));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      g_assert_cmpstr (member_string (item, "integrity"), ==, "verified");
      g_assert_cmpuint (strlen (member_string (item, "contentHash")), ==, 64);
    }
}

static void
test_verify_changed (void)
{
  const char *body =
    "{\"success\":true,\"data\":{\"messages\":["
    "{\"id\":\"msg_a\",\"conversationId\":\"conv_a\",\"role\":\"user\",\"content\":\"Hello\","
    "\"createdAt\":\"2025-01-01T00:00:00.000Z\",\"contentHash\":"
    "\"0000000000000000000000000000000000000000000000000000000000000000\"},"
    "{\"id\":\"msg_b\",\"conversationId\":\"conv_a\",\"role\":\"assistant\",\"content\":\"Hi\","
    "\"createdAt\":\"2025-01-01T00:00:01.000Z\"}]}}";
  g_autoptr(TestCannedServer) server = test_canned_server_new (200, "application/json", body, -1);
  g_autoptr(Run) run = run_cli (NULL, "--base-url", test_canned_server_get_url (server),
                                "messages", "verify", "conv_a", NULL);
  g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (test_canned_server_get_last_path (server), ==, "/api/v1/conversations/conv_a/messages");
  g_assert_true (g_str_has_prefix (lines[1], "msg_a"));
  g_assert_nonnull (strstr (lines[1], "CHANGED"));
  g_assert_true (g_str_has_prefix (lines[2], "msg_b"));
  g_assert_nonnull (strstr (lines[2], "no hash"));
  g_assert_nonnull (strstr (run->err, "1 message does not match"));
}

/* Errors and exit statuses */

static void
test_wrong_key (Fixture       *f,
                gconstpointer  data)
{
  const char *env[] = { "CHATROUTES_API_KEY=not-the-key", NULL };
  const char *args[] = { "whoami", NULL };
  g_autoptr(Run) run = run_cli_full (f, env, NULL, args);

  g_assert_cmpint (run->status, ==, 3);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "chatroutes-cli: "));
  g_assert_nonnull (strstr (run->err, "key set"));
  g_assert_null (strstr (run->err, "not-the-key"));
}

static void
test_no_key (Fixture       *f,
             gconstpointer  data)
{
  /* No key in the environment and no Secret Service to ask. */
  const char *env[] = { "-CHATROUTES_API_KEY", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus", NULL };
  const char *args[] = { "conversations", "list", NULL };
  g_autoptr(Run) run = run_cli_full (f, env, NULL, args);

  g_assert_cmpint (run->status, ==, 3);
  g_assert_nonnull (strstr (run->err, "CHATROUTES_API_KEY"));
  g_assert_nonnull (strstr (run->err, "key set"));
  /* Nothing was sent without a key. */
  g_assert_cmpint (test_simulator_count (f->sim, NULL), ==, 0);
}

static void
test_unknown_model (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Models");
  g_autoptr(Run) create = run_cli (f, "conversations", "create", "X", "--model", "gpt-0", NULL);
  g_autoptr(Run) send = run_cli (f, "messages", "send", id, "Hi", "--model", "gpt-0", NULL);
  g_autoptr(Run) stream = run_cli (f, "messages", "send", id, "Hi", "--model", "gpt-0", "--stream", NULL);

  g_assert_cmpint (create->status, ==, 5);
  g_assert_true (g_str_has_prefix (create->err, "chatroutes-cli: "));
  g_assert_cmpint (send->status, ==, 5);
  g_assert_cmpint (stream->status, ==, 5);
  g_assert_cmpstr (stream->out, ==, "");
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) stream = NULL;
  g_autofree char *id = create_conversation (f, "Busy");

  test_simulator_fault (f->sim, "GET", "/auth/me", "status=429,retry-after=17", 1);
  run = run_cli (f, "whoami", NULL);
  g_assert_cmpint (run->status, ==, 6);
  g_assert_nonnull (strstr (run->err, "17 seconds"));

  test_simulator_fault (f->sim, "POST", "/conversations", "status=429,retry-after=1", 1);
  stream = run_cli (f, "messages", "send", id, "Hi", "--stream", NULL);
  g_assert_cmpint (stream->status, ==, 6);
  g_assert_nonnull (strstr (stream->err, "1 second"));
}

static void
test_server_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = create_conversation (f, "Server errors");
  g_autofree char *path = g_strdup_printf ("/conversations/%s", id);
  gint64 before;

  /* A GET is retried: three tries with --retries 2. */
  before = test_simulator_count (f->sim, "GET /conversations/{id}");
  test_simulator_fault (f->sim, "GET", path, "status=500", 3);
  {
    g_autoptr(Run) run = run_cli (f, "--retries", "2", "--timeout", "1", "conversations", "get", id, NULL);
    g_assert_cmpint (run->status, ==, 7);
    g_assert_true (g_str_has_prefix (run->err, "chatroutes-cli: "));
  }
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}") - before, ==, 3);

  before = test_simulator_count (f->sim, "GET /conversations/{id}");
  test_simulator_fault (f->sim, "GET", path, "status=503;body=empty", 3);
  {
    g_autoptr(Run) run = run_cli (f, "--retries", "2", "--timeout", "1", "conversations", "get", id, NULL);
    g_assert_cmpint (run->status, ==, 7);
  }
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}") - before, ==, 3);

  /* A retry that succeeds is a success. */
  test_simulator_fault (f->sim, "GET", path, "status=502;body=html", 1);
  {
    g_autoptr(Run) run = run_ok (f, "--retries", "2", "conversations", "get", id, NULL);
    g_assert_nonnull (strstr (run->out, "Server errors"));
  }

  /* A POST that reached the server is never sent twice. */
  before = test_simulator_count (f->sim, "POST /conversations/{id}/messages");
  test_simulator_fault (f->sim, "POST", path, "status=500", 3);
  {
    g_autoptr(Run) run = run_cli (f, "--retries", "2", "--timeout", "1", "messages", "send", id, "Once", NULL);
    g_assert_cmpint (run->status, ==, 7);
  }
  g_assert_cmpint (test_simulator_count (f->sim, "POST /conversations/{id}/messages") - before, ==, 1);

  before = test_simulator_count (f->sim, "POST /conversations");
  test_simulator_fault (f->sim, "POST", "/conversations", "status=500", 3);
  {
    g_autoptr(Run) run = run_cli (f, "--retries", "2", "conversations", "create", "Once", NULL);
    g_assert_cmpint (run->status, ==, 7);
  }
  g_assert_cmpint (test_simulator_count (f->sim, "POST /conversations") - before, ==, 1);
  test_simulator_clear_faults (f->sim);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  gint64 before = test_simulator_count (f->sim, "GET /auth/me");
  gint64 start = g_get_monotonic_time ();
  g_autoptr(Run) run = NULL;

  test_simulator_fault (f->sim, "GET", "/auth/me", "delay=4000", 2);
  run = run_cli (f, "--timeout", "1", "--retries", "1", "whoami", NULL);

  g_assert_cmpint (run->status, ==, 8);
  g_assert_true (g_str_has_prefix (run->err, "chatroutes-cli: "));
  /* Two tries of about a second each, not two of four. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /auth/me") - before, ==, 2);
}

static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(Run) run = NULL;

  /* A port that was free a moment ago and has nobody listening. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/api/v1",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  run = run_cli (NULL, "--base-url", url, "--retries", "1", "whoami", NULL);
  g_assert_cmpint (run->status, ==, 8);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "chatroutes-cli: "));
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) json = NULL;

  test_simulator_fault (f->sim, "GET", "/auth/me", "body=malformed", 1);
  run = run_cli (f, "whoami", NULL);
  g_assert_cmpint (run->status, ==, 9);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "chatroutes-cli: "));

  test_simulator_fault (f->sim, "GET", "/auth/me", "body=wrongtype", 1);
  json = run_cli (f, "--json", "whoami", NULL);
  g_assert_cmpint (json->status, ==, 9);
  g_assert_cmpstr (json->out, ==, "");
}

static void
test_insecure (void)
{
  g_autoptr(Run) refused = NULL;
  g_autoptr(Run) env_refused = NULL;
  g_autoptr(Run) allowed = NULL;
  const char *env[] = { "CHATROUTES_BASE_URL=http://example.com/api/v1", NULL };
  const char *args[] = { "conversations", "list", NULL };
  gint64 start = g_get_monotonic_time ();

  refused = run_cli (NULL, "--base-url", "http://example.com/api/v1", "whoami", NULL);
  g_assert_cmpint (refused->status, ==, 10);
  g_assert_cmpstr (refused->out, ==, "");
  g_assert_true (g_str_has_prefix (refused->err, "chatroutes-cli: "));
  g_assert_nonnull (strstr (refused->err, "example.com"));
  g_assert_nonnull (strstr (refused->err, "--allow-insecure"));
  /* Refused before any lookup or connection, so quickly. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  env_refused = run_cli_full (NULL, env, NULL, args);
  g_assert_cmpint (env_refused->status, ==, 10);

  /* With --allow-insecure the request does go out, and fails on the
   * network: so the refusal above came before any network use. */
  allowed = run_cli (NULL, "--allow-insecure", "--retries", "0",
                     "--base-url", "http://chatroutes-cli-test.invalid/api/v1", "whoami", NULL);
  g_assert_cmpint (allowed->status, ==, 8);
}

/* The Secret Service */

static gboolean
have_session_bus (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *socket = NULL;

  /* Without an address GLib could try to start a bus: do not. */
  if (address == NULL || *address == '\0')
    {
      const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
      if (runtime == NULL)
        return FALSE;
      socket = g_build_filename (runtime, "bus", NULL);
      if (!g_file_test (socket, G_FILE_TEST_EXISTS))
        return FALSE;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  return bus != NULL;
}

static void
test_key_store (Fixture       *f,
                gconstpointer  data)
{
  const char *no_env_key[] = { "-CHATROUTES_API_KEY", NULL };
  const char *set_args[] = { "key", "set", NULL };
  const char *clear_args[] = { "key", "clear", NULL };
  const char *whoami_args[] = { "whoami", NULL };
  g_autoptr(Run) set = NULL;
  g_autoptr(Run) whoami = NULL;
  g_autoptr(Run) clear = NULL;
  g_autoptr(Run) after_clear = NULL;
  g_autoptr(Run) wrong = NULL;
  g_autoptr(GError) error = NULL;
  char *saved;

  if (!have_session_bus ())
    {
      g_test_skip ("No D-Bus session bus: the Secret Service is reached over it "
                   "(run the tests with build-aux/dev session or test-session)");
      return;
    }

  /* Whatever key this session holds comes back at the end. */
  saved = chatroutes_secret_lookup_api_key_sync (NULL, &error);
  g_assert_no_error (error);

  set = run_cli_full (f, no_env_key, "  sim-key  \n", set_args);
  g_assert_cmpint (set->status, ==, 0);
  g_assert_cmpstr (set->err, ==, "");
  g_assert_null (strstr (set->out, "sim-key"));

  whoami = run_cli_full (f, no_env_key, NULL, whoami_args);
  g_assert_cmpint (whoami->status, ==, 0);
  g_assert_nonnull (strstr (whoami->out, "sim@example.com"));

  /* The environment wins over the stored key. */
  {
    const char *wrong_env[] = { "CHATROUTES_API_KEY=wrong", NULL };
    wrong = run_cli_full (f, wrong_env, NULL, whoami_args);
    g_assert_cmpint (wrong->status, ==, 3);
  }

  clear = run_cli_full (f, no_env_key, NULL, clear_args);
  g_assert_cmpint (clear->status, ==, 0);
  after_clear = run_cli_full (f, no_env_key, NULL, whoami_args);
  g_assert_cmpint (after_clear->status, ==, 3);
  g_assert_nonnull (strstr (after_clear->err, "key set"));

  if (saved)
    {
      chatroutes_secret_store_api_key_sync (saved, NULL, &error);
      g_assert_no_error (error);
      chatroutes_secret_free (saved);
    }
}

static void
test_key_set_empty (void)
{
  const char *args[] = { "key", "set", NULL };
  g_autoptr(Run) run = run_cli_full (NULL, NULL, "\n", args);

  g_assert_cmpint (run->status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "chatroutes-cli: "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cli/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/cli/help", test_help);
  ADD ("conversations", test_conversations);
  ADD ("conversations/pages", test_conversation_pages);
  ADD ("messages", test_messages);
  ADD ("messages/verify", test_verify);
  g_test_add_func ("/cli/messages/verify-changed", test_verify_changed);
  ADD ("messages/legacy-send", test_legacy_send);
  ADD ("stream", test_stream);
  ADD ("stream/cut", test_stream_cut);
  g_test_add ("/cli/stream/sigint", Fixture, "200", fixture_set_up, test_stream_sigint, fixture_tear_down);
  ADD ("branches", test_branches);
  ADD ("checkpoints", test_checkpoints);
  ADD ("tree", test_tree);
  ADD ("tree/empty", test_tree_empty);
  ADD ("suggest", test_suggest);
  ADD ("whoami", test_whoami);
  ADD ("errors/wrong-key", test_wrong_key);
  ADD ("errors/no-key", test_no_key);
  ADD ("errors/unknown-model", test_unknown_model);
  ADD ("errors/rate-limited", test_rate_limited);
  ADD ("errors/server", test_server_errors);
  ADD ("errors/timeout", test_timeout);
  g_test_add_func ("/cli/errors/unreachable", test_unreachable);
  ADD ("errors/malformed", test_malformed);
  g_test_add_func ("/cli/errors/insecure", test_insecure);
  ADD ("key/store", test_key_store);
  g_test_add_func ("/cli/key/set-empty", test_key_set_empty);

#undef ADD

  return g_test_run ();
}
