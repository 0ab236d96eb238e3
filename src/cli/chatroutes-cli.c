/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "chatroutes-cli-private.h"
#include "chatroutes-secret.h"

#define PROGRAM_NAME "chatroutes-cli"
/* How long a cancelled request may take to wind down after Ctrl+C. */
#define CANCEL_GRACE_MS 1500
/* Longest API key read from standard input. */
#define MAX_KEY_LENGTH 4096

CliOptions cli_options;

void
cli_options_reset (void)
{
  g_clear_pointer (&cli_options.filter, g_free);
  g_clear_pointer (&cli_options.model, g_free);
  g_clear_pointer (&cli_options.branch, g_free);
  g_clear_pointer (&cli_options.from, g_free);
  g_clear_pointer (&cli_options.description, g_free);
  g_clear_pointer (&cli_options.context, g_free);
  g_clear_pointer (&cli_options.llm_model, g_free);
  g_clear_pointer (&cli_options.llm_provider, g_free);

  memset (&cli_options, 0, sizeof cli_options);
  cli_options.temperature = CLI_UNSET_DOUBLE;
  cli_options.threshold = CLI_UNSET_DOUBLE;
}

/* Global options */

static struct
{
  char     *base_url;
  gboolean  json;
  double    timeout;
  int       retries;
  double    retry_delay;
  gboolean  allow_insecure;
  gboolean  quiet;
  gboolean  version;
  gboolean  help;
} global;

static const GOptionEntry global_entries[] = {
  { "base-url", 0, 0, G_OPTION_ARG_STRING, &global.base_url,
    N_("Address of the service (else $CHATROUTES_BASE_URL, else the public one)"), N_("URL") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &global.json,
    N_("Print one JSON document with the API's field names"), NULL },
  { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &global.timeout,
    N_("Give up on a request after S seconds (default 30)"), N_("S") },
  { "retries", 0, 0, G_OPTION_ARG_INT, &global.retries,
    N_("Retry failed requests up to N times (default 3)"), N_("N") },
  { "retry-delay", 0, 0, G_OPTION_ARG_DOUBLE, &global.retry_delay,
    N_("First wait before a retry, doubled each time (default 1)"), N_("S") },
  { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, &global.allow_insecure,
    N_("Allow plain http:// to a host other than this computer"), NULL },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &global.quiet,
    N_("Print only what was asked for (ids of created things)"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, &global.version,
    N_("Print the version and exit"), NULL },
  { "help", 'h', 0, G_OPTION_ARG_NONE, &global.help,
    N_("Show help and exit"), NULL },
  G_OPTION_ENTRY_NULL
};

/* Verb options */

static const GOptionEntry conversations_list_entries[] = {
  { "page", 0, 0, G_OPTION_ARG_INT, &cli_options.page, N_("Page to show, from 1"), N_("N") },
  { "limit", 0, 0, G_OPTION_ARG_INT, &cli_options.limit,
    N_("Conversations per page, 1–100 (default 20)"), N_("N") },
  { "filter", 0, 0, G_OPTION_ARG_STRING, &cli_options.filter,
    N_("Which conversations: all, owned or shared"), N_("FILTER") },
  { "all-pages", 0, 0, G_OPTION_ARG_NONE, &cli_options.all_pages, N_("Fetch every page"), NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry conversations_create_entries[] = {
  { "model", 0, 0, G_OPTION_ARG_STRING, &cli_options.model,
    N_("Model of the conversation"), N_("M") },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry messages_send_entries[] = {
  { "branch", 0, 0, G_OPTION_ARG_STRING, &cli_options.branch,
    N_("Send on this branch"), N_("BID") },
  { "model", 0, 0, G_OPTION_ARG_STRING, &cli_options.model, N_("Model to answer with"), N_("M") },
  { "temperature", 0, 0, G_OPTION_ARG_DOUBLE, &cli_options.temperature,
    N_("Sampling temperature, 0–2"), N_("T") },
  { "max-tokens", 0, 0, G_OPTION_ARG_INT, &cli_options.max_tokens,
    N_("Longest reply, in tokens"), N_("N") },
  { "stream", 0, 0, G_OPTION_ARG_NONE, &cli_options.stream,
    N_("Print the reply as it is written"), NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry branches_send_entries[] = {
  { "model", 0, 0, G_OPTION_ARG_STRING, &cli_options.model, N_("Model to answer with"), N_("M") },
  { "temperature", 0, 0, G_OPTION_ARG_DOUBLE, &cli_options.temperature,
    N_("Sampling temperature, 0–2"), N_("T") },
  { "max-tokens", 0, 0, G_OPTION_ARG_INT, &cli_options.max_tokens,
    N_("Longest reply, in tokens"), N_("N") },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry messages_list_entries[] = {
  { "branch", 0, 0, G_OPTION_ARG_STRING, &cli_options.branch,
    N_("Messages of this branch"), N_("BID") },
  { "full", 0, 0, G_OPTION_ARG_NONE, &cli_options.full,
    N_("Print whole messages, not one line each"), NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry messages_verify_entries[] = {
  { "branch", 0, 0, G_OPTION_ARG_STRING, &cli_options.branch,
    N_("Messages of this branch"), N_("BID") },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry branch_messages_entries[] = {
  { "full", 0, 0, G_OPTION_ARG_NONE, &cli_options.full,
    N_("Print whole messages, not one line each"), NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry branches_create_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_STRING, &cli_options.from,
    N_("Message the branch grows from"), N_("MSG_ID") },
  { "description", 0, 0, G_OPTION_ARG_STRING, &cli_options.description,
    N_("What the branch is for"), N_("D") },
  { "context", 0, 0, G_OPTION_ARG_STRING, &cli_options.context,
    N_("Context the branch carries: full, partial or minimal"), N_("MODE") },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry branches_fork_entries[] = {
  { "context", 0, 0, G_OPTION_ARG_STRING, &cli_options.context,
    N_("Context the branch carries: full, partial or minimal"), N_("MODE") },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry checkpoints_list_entries[] = {
  { "branch", 0, 0, G_OPTION_ARG_STRING, &cli_options.branch,
    N_("Checkpoints of this branch"), N_("BID") },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry suggest_entries[] = {
  { "count", 0, 0, G_OPTION_ARG_INT, &cli_options.count,
    N_("How many suggestions (default 3)"), N_("N") },
  { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &cli_options.threshold,
    N_("Lowest confidence to report, 0–1"), N_("X") },
  { "no-hybrid", 0, 0, G_OPTION_ARG_NONE, &cli_options.no_hybrid,
    N_("Use pattern detection only"), NULL },
  { "llm-model", 0, 0, G_OPTION_ARG_STRING, &cli_options.llm_model,
    N_("Model for hybrid detection"), N_("MODEL") },
  { "llm-provider", 0, 0, G_OPTION_ARG_STRING, &cli_options.llm_provider,
    N_("Provider of that model"), N_("NAME") },
  { "health", 0, 0, G_OPTION_ARG_NONE, &cli_options.health,
    N_("Check the autobranch service instead"), NULL },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry no_entries[] = {
  G_OPTION_ENTRY_NULL
};

/* Commands */

static int key_set (CliContext *ctx, char **args);
static int key_clear (CliContext *ctx, char **args);

typedef struct
{
  const char         *group;
  const char         *verb;     /* NULL: the group is the command */
  const char         *params;
  const char         *synopsis; /* options, for the overview */
  const char         *summary;
  guint               min_args;
  guint               max_args;
  const GOptionEntry *entries;
  CliRunFunc          run;
  gboolean            offline;  /* needs no service and no key */
} CliCommand;

static const CliCommand commands[] = {
  { "conversations", "list", "", "[--page N] [--limit N] [--filter all|owned|shared] [--all-pages]",
    N_("List conversations."), 0, 0, conversations_list_entries, cli_conversations_list, FALSE },
  { "conversations", "create", "TITLE", "[--model M]",
    N_("Start a conversation."),
    1, 1, conversations_create_entries, cli_conversations_create, FALSE },
  { "conversations", "get", "ID", "",
    N_("Show a conversation."), 1, 1, no_entries, cli_conversations_get, FALSE },
  { "conversations", "rename", "ID TITLE", "",
    N_("Give a conversation a new title."), 2, 2, no_entries, cli_conversations_rename, FALSE },
  { "conversations", "delete", "ID", "",
    N_("Delete a conversation."), 1, 1, no_entries, cli_conversations_delete, FALSE },
  { "conversations", "tree", "ID", "",
    N_("Draw the conversation's messages and branches as a tree."),
    1, 1, no_entries, cli_conversations_tree, FALSE },

  { "messages", "send", "CONV_ID TEXT",
    "[--branch BID] [--model M] [--temperature T] [--max-tokens N] [--stream]",
    N_("Send a message and print the reply; TEXT “-” reads standard input."),
    2, 2, messages_send_entries, cli_messages_send, FALSE },
  { "messages", "list", "CONV_ID", "[--branch BID] [--full]",
    N_("List the messages of a conversation."),
    1, 1, messages_list_entries, cli_messages_list, FALSE },
  { "messages", "edit", "MSG_ID TEXT", "",
    N_("Replace a message's text (the service keeps the old version)."),
    2, 2, no_entries, cli_messages_edit, FALSE },
  { "messages", "delete", "MSG_ID", "",
    N_("Delete a message."), 1, 1, no_entries, cli_messages_delete, FALSE },
  { "messages", "verify", "CONV_ID", "[--branch BID]",
    N_("Check each message against its content hash."),
    1, 1, messages_verify_entries, cli_messages_verify, FALSE },

  { "branches", "list", "CONV_ID", "",
    N_("List the branches of a conversation."), 1, 1, no_entries, cli_branches_list, FALSE },
  { "branches", "create", "CONV_ID TITLE",
    "[--from MSG_ID] [--description D] [--context full|partial|minimal]",
    N_("Create a branch."), 2, 2, branches_create_entries, cli_branches_create, FALSE },
  { "branches", "fork", "CONV_ID MSG_ID TITLE", "[--context full|partial|minimal]",
    N_("Start a branch at a message."), 3, 3, branches_fork_entries, cli_branches_fork, FALSE },
  { "branches", "rename", "CONV_ID BID TITLE", "",
    N_("Give a branch a new title."), 3, 3, no_entries, cli_branches_rename, FALSE },
  { "branches", "delete", "CONV_ID BID", "",
    N_("Delete a branch."), 2, 2, no_entries, cli_branches_delete, FALSE },
  { "branches", "messages", "CONV_ID BID", "[--full]",
    N_("List the messages of a branch."),
    2, 2, branch_messages_entries, cli_branches_messages, FALSE },
  { "branches", "send", "CONV_ID BID TEXT", "[--model M] [--temperature T] [--max-tokens N]",
    N_("Send a message on a branch and print the reply."),
    3, 3, branches_send_entries, cli_branches_send, FALSE },
  { "branches", "merge", "CONV_ID BID", "",
    N_("Merge a branch into its parent."), 2, 2, no_entries, cli_branches_merge, FALSE },

  { "checkpoints", "list", "CONV_ID", "[--branch BID]",
    N_("List context checkpoints."), 1, 1, checkpoints_list_entries, cli_checkpoints_list, FALSE },
  { "checkpoints", "create", "CONV_ID BID MSG_ID", "",
    N_("Summarise a branch's context up to a message."),
    3, 3, no_entries, cli_checkpoints_create, FALSE },
  { "checkpoints", "delete", "CP_ID", "",
    N_("Delete a checkpoint."), 1, 1, no_entries, cli_checkpoints_delete, FALSE },
  { "checkpoints", "recreate", "CP_ID", "",
    N_("Summarise a checkpoint's context again."),
    1, 1, no_entries, cli_checkpoints_recreate, FALSE },

  { "suggest", NULL, "[TEXT]", "[--count N] [--threshold X] [--no-hybrid] | --health",
    N_("Find places in TEXT where a branch could start."),
    0, 1, suggest_entries, cli_suggest, FALSE },
  { "whoami", NULL, "", "",
    N_("Show the account the API key belongs to."), 0, 0, no_entries, cli_whoami, FALSE },

  { "key", "set", "", "",
    N_("Store the API key in the Secret Service; reads it from standard input."),
    0, 0, no_entries, key_set, TRUE },
  { "key", "clear", "", "",
    N_("Remove the stored API key."), 0, 0, no_entries, key_clear, TRUE },
};

static const struct
{
  const char *name;
  const char *summary;
} groups[] = {
  { "conversations", N_("Conversations") },
  { "messages", N_("Messages") },
  { "branches", N_("Branches") },
  { "checkpoints", N_("Checkpoints") },
  { "suggest", N_("Branch suggestions") },
  { "whoami", N_("Account") },
  { "key", N_("API key") },
};

static const struct
{
  int         status;
  const char *meaning;
} exit_statuses[] = {
  { CLI_EXIT_OK, N_("success") },
  { CLI_EXIT_FAILURE, N_("other failure") },
  { CLI_EXIT_USAGE, N_("usage error") },
  { CLI_EXIT_AUTH, N_("authentication failed (no key, or the service refused it)") },
  { CLI_EXIT_NOT_FOUND, N_("not found") },
  { CLI_EXIT_VALIDATION, N_("the service rejected the request (validation)") },
  { CLI_EXIT_RATE_LIMITED, N_("rate limited; the wait is printed") },
  { CLI_EXIT_SERVER, N_("server error (5xx)") },
  { CLI_EXIT_NETWORK, N_("network error or timeout") },
  { CLI_EXIT_PROTOCOL, N_("the response could not be understood") },
  { CLI_EXIT_INSECURE, N_("plain HTTP to a remote host refused") },
  { CLI_EXIT_INTERRUPTED, N_("a streamed reply was cut off; the part that arrived is printed") },
  { CLI_EXIT_CANCELLED, N_("cancelled with Ctrl+C") },
};

/* Help */

static void
print_entries (GString            *out,
               const GOptionEntry *entries)
{
  for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
    {
      g_autofree char *left = NULL;

      if (e->arg_description)
        left = g_strdup_printf ("--%s %s", e->long_name, _(e->arg_description));
      else
        left = g_strdup_printf ("--%s", e->long_name);
      if (e->short_name)
        {
          char *with_short = g_strdup_printf ("-%c, %s", e->short_name, left);
          g_free (left);
          left = with_short;
        }
      else
        {
          char *indented = g_strconcat ("    ", left, NULL);
          g_free (left);
          left = indented;
        }

      g_string_append_printf (out, "  %s", left);
      if (g_utf8_strlen (left, -1) < 23)
        {
          for (glong pad = g_utf8_strlen (left, -1); pad < 24; pad++)
            g_string_append_c (out, ' ');
        }
      else
        g_string_append (out, "\n                          ");
      g_string_append_printf (out, "%s\n", _(e->description));
    }
}

static void
append_synopsis (GString          *out,
                 const CliCommand *command)
{
  g_string_append_printf (out, "%s", command->group);
  if (command->verb)
    g_string_append_printf (out, " %s", command->verb);
  if (*command->params)
    g_string_append_printf (out, " %s", command->params);
  if (*command->synopsis)
    g_string_append_printf (out, " %s", command->synopsis);
}

static char *
top_help (void)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Usage:\n  %s [GLOBAL OPTION…] GROUP VERB [ARGUMENT…] [OPTION…]\n"),
                          PROGRAM_NAME);
  g_string_append_printf (out, "  %s help [GROUP [VERB]]\n\n", PROGRAM_NAME);
  g_string_append (out, _("A command-line client for the ChatRoutes API: conversations, streamed\n"
                          "replies, branches and checkpoints.\n"));

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_string_append_printf (out, "\n%s:\n", _(groups[g].summary));
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        {
          if (!g_str_equal (commands[i].group, groups[g].name))
            continue;
          g_string_append (out, "  ");
          append_synopsis (out, &commands[i]);
          g_string_append_printf (out, "\n      %s\n", _(commands[i].summary));
        }
    }

  g_string_append_printf (out, "\n%s\n", _("Global options (anywhere on the line):"));
  print_entries (out, global_entries);

  g_string_append_printf (out, "\n%s\n", _("Environment:"));
  g_string_append_printf (out, "  CHATROUTES_API_KEY      %s\n",
                          _("The API key; else the one stored with “key set”"));
  g_string_append_printf (out, "  CHATROUTES_BASE_URL     %s\n",
                          _("Address of the service, when --base-url is not given"));
  g_string_append_printf (out, "                          %s %s\n",
                          _("Default:"), CHATROUTES_DEFAULT_BASE_URL);

  g_string_append_printf (out, "\n%s\n", _("Exit status:"));
  for (guint i = 0; i < G_N_ELEMENTS (exit_statuses); i++)
    g_string_append_printf (out, "  %3d  %s\n",
                            exit_statuses[i].status, _(exit_statuses[i].meaning));

  g_string_append_printf (out, "\n%s\n",
                          _("Put -- before a TEXT that starts with a dash. Errors go to\n"
                            "standard error as “chatroutes-cli: message”; Ctrl+C stops a\n"
                            "streamed reply and keeps what arrived."));
  g_string_append_printf (out, _("Run “%s help GROUP” for one group.\n"), PROGRAM_NAME);

  return g_string_free (out, FALSE);
}

static gboolean
group_exists (const char *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].group, group))
      return TRUE;
  return FALSE;
}

static char *
group_help (const char *group)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Usage:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (commands[i].group, group))
        continue;
      g_string_append_printf (out, "  %s ", PROGRAM_NAME);
      append_synopsis (out, &commands[i]);
      g_string_append_printf (out, "\n      %s\n", _(commands[i].summary));
    }
  g_string_append_printf (out,
                          _("\nRun “%s help %s VERB” for a verb's options, “%s --help” for the "
                            "global ones.\n"),
                          PROGRAM_NAME, group, PROGRAM_NAME);

  return g_string_free (out, FALSE);
}

static char *
command_help (const CliCommand *command)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Usage:\n  %s "), PROGRAM_NAME);
  append_synopsis (out, command);
  g_string_append_printf (out, "\n\n%s\n", _(command->summary));

  if (command->entries[0].long_name != NULL)
    {
      g_string_append_printf (out, "\n%s\n", _("Options:"));
      print_entries (out, command->entries);
    }

  g_string_append_printf (out, "\n%s\n", _("Global options:"));
  print_entries (out, global_entries);

  return g_string_free (out, FALSE);
}

static const CliCommand *
find_command (const char *group,
              const char *verb)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (commands[i].group, group))
        continue;
      if (commands[i].verb == NULL || g_strcmp0 (commands[i].verb, verb) == 0)
        return &commands[i];
    }
  return NULL;
}

static gboolean
group_has_verbs (const char *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].group, group) && commands[i].verb != NULL)
      return TRUE;
  return FALSE;
}

/* "help", "help GROUP", "help GROUP VERB". */
static int
show_help (char **topic)
{
  g_autofree char *text = NULL;

  if (topic == NULL || topic[0] == NULL)
    text = top_help ();
  else if (!group_exists (topic[0]))
    {
      cli_printerr (_("There is no command group “%s”. Run “%s --help” for the list."),
                    topic[0], PROGRAM_NAME);
      return CLI_EXIT_USAGE;
    }
  else if (topic[1] == NULL || !group_has_verbs (topic[0]))
    {
      const CliCommand *command = find_command (topic[0], NULL);

      if (!group_has_verbs (topic[0]) && command)
        text = command_help (command);
      else
        text = group_help (topic[0]);
    }
  else
    {
      const CliCommand *command = find_command (topic[0], topic[1]);

      if (command == NULL)
        {
          g_autofree char *help = group_help (topic[0]);
          cli_printerr (_("“%s” has no verb “%s”."), topic[0], topic[1]);
          fputs (help, stderr);
          return CLI_EXIT_USAGE;
        }
      text = command_help (command);
    }

  fputs (text, stdout);
  return CLI_EXIT_OK;
}

/* Output and errors */

void
cli_printerr (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Keep the order readable when both streams go to one terminal. */
  fflush (stdout);
  fprintf (stderr, "%s: %s\n", PROGRAM_NAME, message);
}

int
cli_exit_status_for_error (const GError *error)
{
  if (error == NULL)
    return CLI_EXIT_FAILURE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return CLI_EXIT_CANCELLED;

  if (error->domain != CHATROUTES_ERROR)
    return CLI_EXIT_FAILURE;

  switch ((ChatroutesError) error->code)
    {
    case CHATROUTES_ERROR_VALIDATION:
      return CLI_EXIT_VALIDATION;
    case CHATROUTES_ERROR_AUTHENTICATION:
      return CLI_EXIT_AUTH;
    case CHATROUTES_ERROR_NOT_FOUND:
      return CLI_EXIT_NOT_FOUND;
    case CHATROUTES_ERROR_RATE_LIMITED:
      return CLI_EXIT_RATE_LIMITED;
    case CHATROUTES_ERROR_SERVER:
      return CLI_EXIT_SERVER;
    case CHATROUTES_ERROR_NETWORK:
      return CLI_EXIT_NETWORK;
    case CHATROUTES_ERROR_PROTOCOL:
      return CLI_EXIT_PROTOCOL;
    case CHATROUTES_ERROR_INSECURE:
      return CLI_EXIT_INSECURE;
    case CHATROUTES_ERROR_INTERRUPTED:
      return CLI_EXIT_INTERRUPTED;
    case CHATROUTES_ERROR_FAILED:
    default:
      return CLI_EXIT_FAILURE;
    }
}

int
cli_report_error (CliContext   *ctx,
                  const GError *error)
{
  int status = cli_exit_status_for_error (error);
  const char *message = error && error->message && *error->message ? error->message : NULL;

  switch (status)
    {
    case CLI_EXIT_CANCELLED:
      if (ctx && ctx->streamed)
        cli_printerr (_("Stopped; the part of the reply that arrived is kept."));
      else
        cli_printerr (_("Cancelled."));
      break;

    case CLI_EXIT_RATE_LIMITED:
      {
        double wait = chatroutes_error_get_retry_after (error);

        if (wait >= 0)
          {
            int seconds = (int) ceil (wait);
            g_autofree char *retry = g_strdup_printf (ngettext ("Try again in %d second.",
                                                                "Try again in %d seconds.",
                                                                (gulong) seconds), seconds);
            cli_printerr ("%s %s", message ? message : _("Too many requests."), retry);
          }
        else
          cli_printerr ("%s", message ? message : _("Too many requests; try again later."));
      }
      break;

    case CLI_EXIT_AUTH:
      cli_printerr ("%s", message ? message : _("The service refused the API key."));
      cli_printerr (_("Check the key in CHATROUTES_API_KEY, or store one with “%s key set”."),
                    PROGRAM_NAME);
      break;

    case CLI_EXIT_INSECURE:
      cli_printerr ("%s", message ? message : _("Plain HTTP to a remote host was refused."));
      cli_printerr (_("Pass --allow-insecure to send it anyway."));
      break;

    case CLI_EXIT_INTERRUPTED:
      cli_printerr ("%s", message ? message : _("The reply was cut off."));
      cli_printerr (_("The reply was interrupted; only part of it arrived."));
      break;

    default:
      cli_printerr ("%s", message ? message : _("The request failed."));
      break;
    }

  return status;
}

/* Async plumbing */

void
cli_async_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CliContext *ctx = user_data;

  g_assert (ctx->result == NULL);
  ctx->result = g_object_ref (result);
}

GAsyncResult *
cli_wait (CliContext *ctx)
{
  while (ctx->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (&ctx->result);
}

static gboolean
cancel_grace_expired_cb (gpointer data)
{
  /* A request that ignores cancellation must not keep the terminal. */
  cli_printerr (_("Cancelled."));
  fflush (stdout);
  _exit (CLI_EXIT_CANCELLED);
  return G_SOURCE_REMOVE;
}

static gboolean
sigint_cb (gpointer data)
{
  CliContext *ctx = data;

  if (ctx->interrupted)
    {
      /* A second Ctrl+C: leave now. */
      fflush (stdout);
      _exit (CLI_EXIT_CANCELLED);
    }

  ctx->interrupted = TRUE;
  if (ctx->stream != NULL)
    chatroutes_stream_cancel (ctx->stream);
  g_cancellable_cancel (ctx->cancellable);
  g_timeout_add (CANCEL_GRACE_MS, cancel_grace_expired_cb, NULL);

  return G_SOURCE_CONTINUE;
}

/* The API key */

static struct termios saved_termios;
static volatile sig_atomic_t termios_saved;

static void
restore_echo_and_exit (int signum)
{
  if (termios_saved)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  _exit (CLI_EXIT_CANCELLED);
}

/* Reads one line into @buffer; without echo when standard input is a
 * terminal. Returns FALSE at end of input. */
static gboolean
read_key_line (char   *buffer,
               size_t  size)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct sigaction action = { 0 };
  struct sigaction old_int, old_term;
  gboolean ok;

  if (tty)
    {
      struct termios quiet;

      fprintf (stderr, _("API key: "));
      fflush (stderr);

      if (tcgetattr (STDIN_FILENO, &saved_termios) == 0)
        {
          termios_saved = TRUE;
          action.sa_handler = restore_echo_and_exit;
          sigemptyset (&action.sa_mask);
          sigaction (SIGINT, &action, &old_int);
          sigaction (SIGTERM, &action, &old_term);

          quiet = saved_termios;
          quiet.c_lflag &= ~(ECHO | ECHONL);
          quiet.c_lflag |= ICANON;
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }

  ok = fgets (buffer, size, stdin) != NULL;

  if (tty)
    {
      if (termios_saved)
        {
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
          termios_saved = FALSE;
          sigaction (SIGINT, &old_int, NULL);
          sigaction (SIGTERM, &old_term, NULL);
        }
      fputc ('\n', stderr);
    }

  return ok;
}

static int
key_set (CliContext  *ctx,
         char       **args)
{
  g_autoptr(GError) error = NULL;
  char *buffer = g_malloc0 (MAX_KEY_LENGTH + 2);
  char *key;
  int status = CLI_EXIT_OK;

  if (!read_key_line (buffer, MAX_KEY_LENGTH + 2))
    {
      cli_printerr (_("No key was given on standard input."));
      status = CLI_EXIT_USAGE;
      goto out;
    }

  if (strlen (buffer) > MAX_KEY_LENGTH)
    {
      cli_printerr (_("The key is too long."));
      status = CLI_EXIT_USAGE;
      goto out;
    }

  key = g_strstrip (buffer);
  if (*key == '\0')
    {
      cli_printerr (_("The key is empty."));
      status = CLI_EXIT_USAGE;
      goto out;
    }
  if (!g_utf8_validate (key, -1, NULL))
    {
      cli_printerr (_("The key is not valid text."));
      status = CLI_EXIT_USAGE;
      goto out;
    }

  if (!chatroutes_secret_store_api_key_sync (key, NULL, &error))
    {
      cli_printerr (_("Could not store the key in the Secret Service: %s"), error->message);
      status = CLI_EXIT_FAILURE;
      goto out;
    }

  if (!ctx->quiet)
    printf ("%s\n", _("The API key is stored in the Secret Service."));

out:
  memset (buffer, 0, MAX_KEY_LENGTH + 2);
  g_free (buffer);
  return status;
}

static int
key_clear (CliContext  *ctx,
           char       **args)
{
  g_autoptr(GError) error = NULL;

  if (!chatroutes_secret_clear_api_key_sync (NULL, &error))
    {
      cli_printerr (_("Could not remove the key from the Secret Service: %s"), error->message);
      return CLI_EXIT_FAILURE;
    }

  if (!ctx->quiet)
    printf ("%s\n", _("The stored API key is removed."));
  return CLI_EXIT_OK;
}

static void
wipe_and_free (char *key)
{
  if (key)
    memset (key, 0, strlen (key));
  g_free (key);
}

/* The key from the environment, else from the Secret Service. */
static char *
find_api_key (void)
{
  const char *env = g_getenv ("CHATROUTES_API_KEY");
  g_autoptr(GError) error = NULL;
  char *stored;
  char *copy;

  if (env != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (env));
      if (*trimmed != '\0')
        return g_steal_pointer (&trimmed);
    }

  stored = chatroutes_secret_lookup_api_key_sync (NULL, &error);
  if (stored == NULL)
    {
      if (error)
        g_debug ("The Secret Service could not be asked for the key: %s", error->message);
      return NULL;
    }

  copy = g_strstrip (g_strdup (stored));
  chatroutes_secret_free (stored);
  if (*copy == '\0')
    {
      g_free (copy);
      return NULL;
    }
  return copy;
}

/* The service, configured from the global options. */
static int
make_service (CliContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  char *key;

  if (global.base_url && *global.base_url)
    base_url = g_strstrip (g_strdup (global.base_url));
  else if (g_getenv ("CHATROUTES_BASE_URL") && *g_getenv ("CHATROUTES_BASE_URL"))
    base_url = g_strstrip (g_strdup (g_getenv ("CHATROUTES_BASE_URL")));
  else
    base_url = g_strdup (CHATROUTES_DEFAULT_BASE_URL);

  /* Refuse before anything leaves this computer. */
  if (!chatroutes_check_base_url (base_url, global.allow_insecure, &error))
    {
      if (g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_INSECURE))
        return cli_report_error (ctx, error);
      cli_printerr ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  key = find_api_key ();
  if (key == NULL)
    {
      cli_printerr (_("No API key. Set the CHATROUTES_API_KEY environment variable, or store a key "
                      "with “%s key set”."), PROGRAM_NAME);
      return CLI_EXIT_AUTH;
    }

  ctx->service = g_object_new (CHATROUTES_TYPE_SERVICE,
                               "base-url", base_url,
                               "user-agent", PROGRAM_NAME "/" PACKAGE_VERSION,
                               "allow-insecure", global.allow_insecure,
                               NULL);
  chatroutes_service_set_api_key (ctx->service, key);
  wipe_and_free (key);

  if (global.timeout != CLI_UNSET_DOUBLE)
    {
      guint seconds = (guint) ceil (global.timeout);
      chatroutes_service_set_timeout (ctx->service, seconds);
      chatroutes_service_set_stream_idle_timeout (ctx->service, MAX (seconds, 60));
    }
  if (global.retries >= 0)
    chatroutes_service_set_retry_attempts (ctx->service, global.retries);
  if (global.retry_delay != CLI_UNSET_DOUBLE)
    chatroutes_service_set_retry_delay (ctx->service, global.retry_delay);

  return CLI_EXIT_OK;
}

static gboolean
check_global_options (void)
{
  if (global.timeout != CLI_UNSET_DOUBLE && !(global.timeout > 0 && global.timeout <= 3600))
    {
      cli_printerr (_("--timeout must be between 0 and 3600 seconds."));
      return FALSE;
    }
  if (global.retries != -1 && (global.retries < 0 || global.retries > 10))
    {
      cli_printerr (_("--retries must be between 0 and 10."));
      return FALSE;
    }
  if (global.retry_delay != CLI_UNSET_DOUBLE &&
      !(global.retry_delay >= 0 && global.retry_delay <= 600))
    {
      cli_printerr (_("--retry-delay must be between 0 and 600 seconds."));
      return FALSE;
    }
  return TRUE;
}

static GOptionContext *
make_option_context (const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);

  return context;
}

static int
run (int    argc,
     char **argv)
{
  g_autoptr(GOptionContext) global_context = NULL;
  g_autoptr(GOptionContext) verb_context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) verb_words = NULL;
  g_autofree char *earlier_base_url = NULL;
  gboolean parsed;
  const CliCommand *command;
  CliContext ctx = { 0, };
  guint n_words;
  guint first_arg;
  guint n_args;
  guint sigint_id;
  int status;

  global.timeout = CLI_UNSET_DOUBLE;
  global.retry_delay = CLI_UNSET_DOUBLE;
  global.retries = -1;
  cli_options_reset ();

  /* Global options end at the first word, GROUP; the verb's options and
   * the global ones may follow the verb. */
  global_context = make_option_context (NULL);
  g_option_context_set_strict_posix (global_context, TRUE);
  words = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    words[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (global_context, &words, &error))
    {
      cli_printerr ("%s", error->message);
      cli_printerr (_("Run “%s --help” for usage."), PROGRAM_NAME);
      return CLI_EXIT_USAGE;
    }

  if (global.version)
    {
      printf ("%s %s\n", PROGRAM_NAME, PACKAGE_VERSION);
      return CLI_EXIT_OK;
    }

  n_words = g_strv_length (words);
  if (global.help)
    return show_help (words + 1);
  if (n_words < 2)
    {
      g_autofree char *help = top_help ();
      fputs (help, stderr);
      return CLI_EXIT_USAGE;
    }

  if (g_str_equal (words[1], "help"))
    return show_help (words + 2);

  if (!group_exists (words[1]))
    {
      cli_printerr (_("There is no command group “%s”. Run “%s --help” for the list."),
                    words[1], PROGRAM_NAME);
      return CLI_EXIT_USAGE;
    }

  if (group_has_verbs (words[1]))
    {
      if (n_words < 3 || words[2][0] == '-')
        {
          g_autofree char *help = group_help (words[1]);

          if (n_words >= 3 && (g_str_equal (words[2], "--help") || g_str_equal (words[2], "-h")))
            {
              fputs (help, stdout);
              return CLI_EXIT_OK;
            }
          cli_printerr (_("“%s” needs a verb."), words[1]);
          fputs (help, stderr);
          return CLI_EXIT_USAGE;
        }

      command = find_command (words[1], words[2]);
      if (command == NULL)
        {
          g_autofree char *help = group_help (words[1]);
          cli_printerr (_("“%s” has no verb “%s”."), words[1], words[2]);
          fputs (help, stderr);
          return CLI_EXIT_USAGE;
        }
      first_arg = 3;
    }
  else
    {
      command = find_command (words[1], NULL);
      first_arg = 2;
    }

  /* The verb's own options, and the global ones again. */
  verb_words = g_new0 (char *, n_words - first_arg + 2);
  verb_words[0] = g_strdup (words[0]);
  for (guint i = first_arg; i < n_words; i++)
    verb_words[i - first_arg + 1] = g_strdup (words[i]);

  /* GOption does not free a string it replaces that an earlier parse set:
   * keep the first value aside and let a second one win. */
  earlier_base_url = g_steal_pointer (&global.base_url);
  verb_context = make_option_context (command->entries);
  parsed = g_option_context_parse_strv (verb_context, &verb_words, &error);
  if (global.base_url == NULL)
    global.base_url = g_steal_pointer (&earlier_base_url);
  if (!parsed)
    {
      cli_printerr ("%s", error->message);
      cli_printerr (_("Run “%s help %s%s%s” for usage."), PROGRAM_NAME, command->group,
                    command->verb ? " " : "", command->verb ? command->verb : "");
      return CLI_EXIT_USAGE;
    }

  if (global.help)
    {
      g_autofree char *help = command_help (command);
      fputs (help, stdout);
      return CLI_EXIT_OK;
    }

  if (global.version)
    {
      printf ("%s %s\n", PROGRAM_NAME, PACKAGE_VERSION);
      return CLI_EXIT_OK;
    }

  /* GOption keeps a "--" that is followed by words starting with a dash;
   * it only ends the options. */
  for (guint i = 1; verb_words[i] != NULL; i++)
    {
      if (g_str_equal (verb_words[i], "--"))
        {
          g_free (verb_words[i]);
          memmove (&verb_words[i], &verb_words[i + 1],
                   (g_strv_length (verb_words + i + 1) + 1) * sizeof (char *));
          break;
        }
    }

  n_args = g_strv_length (verb_words) - 1;
  if (n_args < command->min_args || n_args > command->max_args)
    {
      g_autofree char *help = command_help (command);

      if (n_args < command->min_args)
        cli_printerr (_("Missing arguments."));
      else
        cli_printerr (_("Too many arguments (“%s”)."), verb_words[1 + command->max_args]);
      fputs (help, stderr);
      return CLI_EXIT_USAGE;
    }

  for (guint i = 1; i <= n_args; i++)
    {
      if (!g_utf8_validate (verb_words[i], -1, NULL))
        {
          cli_printerr (_("Argument %u is not valid UTF-8."), i);
          return CLI_EXIT_USAGE;
        }
    }

  if (!check_global_options ())
    return CLI_EXIT_USAGE;

  ctx.json = global.json;
  ctx.quiet = global.quiet;
  ctx.stderr_is_tty = isatty (STDERR_FILENO);
  ctx.cancellable = g_cancellable_new ();

  if (!command->offline)
    {
      status = make_service (&ctx);
      if (status != CLI_EXIT_OK)
        {
          g_clear_object (&ctx.cancellable);
          return status;
        }
    }

  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &ctx);
  status = command->run (&ctx, verb_words + 1);
  g_source_remove (sigint_id);

  /* Ctrl+C that arrived as the command finished still means cancelled. */
  if (ctx.interrupted && status == CLI_EXIT_OK)
    status = CLI_EXIT_CANCELLED;

  g_clear_object (&ctx.service);
  g_clear_object (&ctx.cancellable);

  return status;
}

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname (PROGRAM_NAME);

  status = run (argc, argv);

  cli_options_reset ();
  g_clear_pointer (&global.base_url, g_free);

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, "%s: %s\n", PROGRAM_NAME, _("Could not write the output."));
      if (status == CLI_EXIT_OK)
        status = CLI_EXIT_FAILURE;
    }

  return status;
}
