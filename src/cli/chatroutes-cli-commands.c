/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-cli"

#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>
#include <unistd.h>

#include "chatroutes-cli-private.h"

/* Stops paging through conversations after this many pages, in case a
 * server keeps saying there is more. */
#define MAX_PAGES 1000

/* Writing server text to a terminal */

/* Server text goes to a terminal as it is, except control characters
 * other than newlines and tabs, which could move the cursor or retitle the
 * window. */
static void
write_content (const char *text,
               gssize      len)
{
  static int stdout_is_tty = -1;
  const char *end;
  const char *p;
  const char *run;

  if (text == NULL)
    return;
  if (len < 0)
    len = strlen (text);
  if (stdout_is_tty < 0)
    stdout_is_tty = isatty (STDOUT_FILENO);

  if (!stdout_is_tty)
    {
      fwrite (text, 1, len, stdout);
      return;
    }

  end = text + len;
  run = text;
  for (p = text; p < end; )
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          fwrite (run, 1, p - run, stdout);
          fputs ("\xef\xbf\xbd", stdout);
          p++;
          run = p;
          continue;
        }

      next = g_utf8_next_char (p);
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0))
        {
          fwrite (run, 1, p - run, stdout);
          fputs ("\xef\xbf\xbd", stdout);
          run = next;
        }
      p = next;
    }
  fwrite (run, 1, end - run, stdout);
}

static void
print_content_block (const char *content)
{
  write_content (content ? content : "", -1);
  if (content == NULL || *content == '\0' || !g_str_has_suffix (content, "\n"))
    fputc ('\n', stdout);
}

/* Details: aligned "Label: value" lines */

typedef struct
{
  GPtrArray *labels;
  GPtrArray *values;
} Details;

static void
details_init (Details *details)
{
  details->labels = g_ptr_array_new_with_free_func (g_free);
  details->values = g_ptr_array_new_with_free_func (g_free);
}

/* Skips absent values. */
static void
details_add (Details    *details,
             const char *label,
             const char *value)
{
  if (value == NULL)
    return;
  g_ptr_array_add (details->labels, g_strdup (label));
  g_ptr_array_add (details->values, g_strdup (value));
}

static void
details_take (Details    *details,
              const char *label,
              char       *value)
{
  details_add (details, label, value);
  g_free (value);
}

static void
details_print (Details *details)
{
  guint width = 0;

  for (guint i = 0; i < details->labels->len; i++)
    width = MAX (width, cli_text_width (g_ptr_array_index (details->labels, i)));

  for (guint i = 0; i < details->labels->len; i++)
    {
      const char *label = g_ptr_array_index (details->labels, i);
      const char *value = g_ptr_array_index (details->values, i);
      g_autofree char *line = cli_snippet (value, 500);

      printf ("%s:", label);
      for (guint pad = cli_text_width (label); pad < width + 1; pad++)
        fputc (' ', stdout);
      printf (" %s\n", line);
    }

  g_ptr_array_unref (details->labels);
  g_ptr_array_unref (details->values);
}

static char *
format_time (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *relative = NULL;

  if (iso8601 == NULL)
    return NULL;

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (iso8601, utc);
  if (time == NULL)
    return g_strdup (iso8601);

  local = g_date_time_to_local (time);
  absolute = g_date_time_format (local, "%Y-%m-%d %H:%M");

  /* Past a week the relative form is the date again. */
  now = g_date_time_new_now_utc ();
  if (g_date_time_difference (now, time) >= 7 * G_TIME_SPAN_DAY)
    return g_steal_pointer (&absolute);

  relative = cli_relative_time (iso8601);
  return g_strdup_printf ("%s (%s)", absolute, relative);
}

static char *
format_count (gint64 value)
{
  if (value < 0)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* Inputs */

/* TEXT "-" reads standard input. The trailing newline of a piped line is
 * not part of the message. */
static char *
resolve_text (const char  *arg,
              GError     **error)
{
  g_autoptr(GString) text = NULL;
  char buffer[8192];
  size_t n;

  if (g_strcmp0 (arg, "-") != 0)
    {
      if (!g_utf8_validate (arg, -1, NULL))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The text is not valid UTF-8."));
          return NULL;
        }
      if (*arg == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The text is empty."));
          return NULL;
        }
      return g_strdup (arg);
    }

  text = g_string_new (NULL);
  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, n);
  if (ferror (stdin))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not read the text from standard input."));
      return NULL;
    }

  while (text->len > 0 && (text->str[text->len - 1] == '\n' || text->str[text->len - 1] == '\r'))
    g_string_truncate (text, text->len - 1);

  if (!g_utf8_validate_len (text->str, text->len, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The text on standard input is not valid UTF-8."));
      return NULL;
    }
  if (text->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The text on standard input is empty."));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
parse_context_mode (const char            *value,
                    ChatroutesContextMode *out)
{
  if (value == NULL)
    *out = CHATROUTES_CONTEXT_MODE_DEFAULT;
  else if (g_ascii_strcasecmp (value, "full") == 0)
    *out = CHATROUTES_CONTEXT_MODE_FULL;
  else if (g_ascii_strcasecmp (value, "partial") == 0)
    *out = CHATROUTES_CONTEXT_MODE_PARTIAL;
  else if (g_ascii_strcasecmp (value, "minimal") == 0)
    *out = CHATROUTES_CONTEXT_MODE_MINIMAL;
  else
    {
      cli_printerr (_("--context must be full, partial or minimal, not “%s”."), value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_send_options (ChatroutesSendOptions *options)
{
  *options = (ChatroutesSendOptions) CHATROUTES_SEND_OPTIONS_INIT;

  if (cli_options.model != NULL && *cli_options.model == '\0')
    {
      cli_printerr (_("--model needs a model name."));
      return FALSE;
    }
  options->model = cli_options.model;

  if (cli_options.temperature != CLI_UNSET_DOUBLE)
    {
      /* Written so that NaN fails too. */
      if (!(cli_options.temperature >= 0 && cli_options.temperature <= 2))
        {
          cli_printerr (_("--temperature must be between 0 and 2."));
          return FALSE;
        }
      options->temperature = cli_options.temperature;
    }

  if (cli_options.max_tokens != 0)
    {
      if (cli_options.max_tokens < 0)
        {
          cli_printerr (_("--max-tokens must be a positive number."));
          return FALSE;
        }
      options->max_tokens = cli_options.max_tokens;
    }

  return TRUE;
}

static int
usage_error_from (const GError *error)
{
  cli_printerr ("%s", error->message);
  return CLI_EXIT_USAGE;
}

static void
print_deleted (CliContext *ctx,
               const char *id,
               const char *message)
{
  if (ctx->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_boolean_member (object, "deleted", TRUE);
      json_object_set_string_member (object, "id", id);
      json_node_take_object (node, object);
      cli_print_json (node);
    }
  else if (!ctx->quiet)
    printf ("%s\n", message);
}

/* Summaries on a terminal's stderr, dimmed. */
static void
print_summary (CliContext           *ctx,
               ChatroutesSendResult *result,
               const char           *model,
               gint64                elapsed_us)
{
  ChatroutesUsage *usage = result ? chatroutes_send_result_get_usage (result) : NULL;
  ChatroutesMessage *message = result ? chatroutes_send_result_get_message (result) : NULL;
  g_autoptr(GString) line = g_string_new (NULL);

  if (ctx->quiet || !ctx->stderr_is_tty)
    return;

  if (model == NULL && result)
    model = chatroutes_send_result_get_model (result);
  if (model == NULL && message)
    model = chatroutes_message_get_model (message);

  if (model)
    g_string_append (line, model);
  if (usage && chatroutes_usage_get_total_tokens (usage) >= 0)
    {
      gint64 total = chatroutes_usage_get_total_tokens (usage);
      if (line->len)
        g_string_append (line, " · ");
      g_string_append_printf (line, ngettext ("%d token", "%d tokens", (gulong) total), (int) total);
    }
  if (elapsed_us > 0)
    {
      if (line->len)
        g_string_append (line, " · ");
      g_string_append_printf (line, _("%.1f s"), elapsed_us / (double) G_USEC_PER_SEC);
    }
  if (message && chatroutes_message_get_id (message))
    {
      if (line->len)
        g_string_append (line, " · ");
      g_string_append (line, chatroutes_message_get_id (message));
    }

  if (line->len)
    fprintf (stderr, "\033[2m%s\033[0m\n", line->str);
}

/* Conversations */

static void
print_conversation_details (ChatroutesConversation *conversation)
{
  Details details;
  GListModel *messages = chatroutes_conversation_get_messages (conversation);
  GListModel *branches = chatroutes_conversation_get_branches (conversation);

  details_init (&details);
  details_add (&details, _("ID"), chatroutes_conversation_get_id (conversation));
  details_add (&details, _("Title"), chatroutes_conversation_get_title (conversation));
  details_add (&details, _("Model"), chatroutes_conversation_get_model (conversation));
  details_take (&details, _("Created"), format_time (chatroutes_conversation_get_created_at (conversation)));
  details_take (&details, _("Updated"), format_time (chatroutes_conversation_get_updated_at (conversation)));
  if (messages && g_list_model_get_n_items (messages) > 0)
    details_take (&details, _("Messages"), format_count (g_list_model_get_n_items (messages)));
  if (branches && g_list_model_get_n_items (branches) > 0)
    details_take (&details, _("Branches"), format_count (g_list_model_get_n_items (branches)));
  details_print (&details);
}

static int
print_conversation_result (CliContext             *ctx,
                           ChatroutesConversation *conversation)
{
  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_conversation (conversation);
      cli_print_json (node);
    }
  else if (ctx->quiet)
    printf ("%s\n", chatroutes_conversation_get_id (conversation));
  else
    print_conversation_details (conversation);

  return CLI_EXIT_OK;
}

int
cli_conversations_list (CliContext  *ctx,
                        char       **args)
{
  ChatroutesConversationFilter filter = CHATROUTES_CONVERSATION_FILTER_ALL;
  g_autoptr(GListStore) all = g_list_store_new (CHATROUTES_TYPE_CONVERSATION);
  g_autoptr(ChatroutesConversationPage) last_page = NULL;
  guint page = cli_options.page > 0 ? (guint) cli_options.page : 1;
  guint limit = cli_options.limit > 0 ? (guint) cli_options.limit : 20;

  if (cli_options.page < 0 || cli_options.page > 1000000)
    {
      cli_printerr (_("--page must be a positive number."));
      return CLI_EXIT_USAGE;
    }
  if (cli_options.limit < 0 || cli_options.limit > 100)
    {
      cli_printerr (_("--limit must be between 1 and 100."));
      return CLI_EXIT_USAGE;
    }
  if (cli_options.filter == NULL || g_str_equal (cli_options.filter, "all"))
    filter = CHATROUTES_CONVERSATION_FILTER_ALL;
  else if (g_str_equal (cli_options.filter, "owned"))
    filter = CHATROUTES_CONVERSATION_FILTER_OWNED;
  else if (g_str_equal (cli_options.filter, "shared"))
    filter = CHATROUTES_CONVERSATION_FILTER_SHARED;
  else
    {
      cli_printerr (_("--filter must be all, owned or shared, not “%s”."), cli_options.filter);
      return CLI_EXIT_USAGE;
    }

  for (guint n_pages = 0; n_pages < MAX_PAGES; n_pages++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(ChatroutesConversationPage) current = NULL;
      GListModel *conversations;
      guint n;

      chatroutes_service_list_conversations_async (ctx->service, page, limit, filter,
                                                   ctx->cancellable, cli_async_done, ctx);
      result = cli_wait (ctx);
      current = chatroutes_service_list_conversations_finish (ctx->service, result, &error);
      if (current == NULL)
        return cli_report_error (ctx, error);

      conversations = chatroutes_conversation_page_get_conversations (current);
      n = g_list_model_get_n_items (conversations);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (conversations, i);
          g_list_store_append (all, conversation);
        }

      g_set_object (&last_page, current);
      if (!cli_options.all_pages || !chatroutes_conversation_page_get_has_next (current) || n == 0)
        break;
      page++;
    }

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_member (object, "conversations",
                              cli_json_list (G_LIST_MODEL (all), (gpointer) cli_json_conversation));
      if (chatroutes_conversation_page_get_total (last_page) >= 0)
        json_object_set_int_member (object, "total", chatroutes_conversation_page_get_total (last_page));
      if (!cli_options.all_pages)
        {
          json_object_set_int_member (object, "page", chatroutes_conversation_page_get_page (last_page));
          json_object_set_int_member (object, "limit", chatroutes_conversation_page_get_limit (last_page));
        }
      json_object_set_boolean_member (object, "hasNext",
                                      chatroutes_conversation_page_get_has_next (last_page));
      json_node_take_object (node, object);
      cli_print_json (node);
      return CLI_EXIT_OK;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (all)) == 0)
    {
      if (!ctx->quiet)
        printf ("%s\n", _("No conversations."));
      return CLI_EXIT_OK;
    }

  {
    g_autoptr(CliTable) table = cli_table_new (4, _("ID"), _("TITLE"), _("MODEL"), _("UPDATED"), NULL);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (all));

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (G_LIST_MODEL (all), i);
        g_autofree char *title = cli_snippet (chatroutes_conversation_get_title (conversation), 48);
        const char *updated = chatroutes_conversation_get_updated_at (conversation);
        g_autofree char *when = NULL;

        if (updated == NULL)
          updated = chatroutes_conversation_get_created_at (conversation);
        when = cli_relative_time (updated);
        const char *model = chatroutes_conversation_get_model (conversation);

        cli_table_add_row (table, chatroutes_conversation_get_id (conversation),
                           title, model ? model : "—", when, NULL);
      }
    cli_table_print (table);
  }

  if (!ctx->quiet)
    {
      gint64 total = chatroutes_conversation_page_get_total (last_page);
      guint shown = g_list_model_get_n_items (G_LIST_MODEL (all));

      if (!cli_options.all_pages && chatroutes_conversation_page_get_has_next (last_page))
        {
          if (total >= 0)
            printf (_("Page %u · %u of %d conversations shown · next: --page %u\n"),
                    page, shown, (int) total, page + 1);
          else
            printf (_("Page %u · more with --page %u\n"), page, page + 1);
        }
      else if (total >= 0)
        printf (ngettext ("%d conversation\n", "%d conversations\n", (gulong) total), (int) total);
    }

  return CLI_EXIT_OK;
}

int
cli_conversations_create (CliContext  *ctx,
                          char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;

  if (*args[0] == '\0')
    {
      cli_printerr (_("The title is empty."));
      return CLI_EXIT_USAGE;
    }

  chatroutes_service_create_conversation_async (ctx->service, args[0], cli_options.model,
                                                ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  conversation = chatroutes_service_create_conversation_finish (ctx->service, result, &error);
  if (conversation == NULL)
    return cli_report_error (ctx, error);

  return print_conversation_result (ctx, conversation);
}

int
cli_conversations_get (CliContext  *ctx,
                       char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;

  chatroutes_service_get_conversation_async (ctx->service, args[0], ctx->cancellable,
                                             cli_async_done, ctx);
  result = cli_wait (ctx);
  conversation = chatroutes_service_get_conversation_finish (ctx->service, result, &error);
  if (conversation == NULL)
    return cli_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_conversation (conversation);
      cli_print_json (node);
    }
  else
    print_conversation_details (conversation);

  return CLI_EXIT_OK;
}

int
cli_conversations_rename (CliContext  *ctx,
                          char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;

  if (*args[1] == '\0')
    {
      cli_printerr (_("The title is empty."));
      return CLI_EXIT_USAGE;
    }

  chatroutes_service_update_conversation_async (ctx->service, args[0], args[1], ctx->cancellable,
                                                cli_async_done, ctx);
  result = cli_wait (ctx);
  conversation = chatroutes_service_update_conversation_finish (ctx->service, result, &error);
  if (conversation == NULL)
    return cli_report_error (ctx, error);

  return print_conversation_result (ctx, conversation);
}

int
cli_conversations_delete (CliContext  *ctx,
                          char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  chatroutes_service_delete_conversation_async (ctx->service, args[0], ctx->cancellable,
                                                cli_async_done, ctx);
  result = cli_wait (ctx);
  if (!chatroutes_service_delete_conversation_finish (ctx->service, result, &error))
    return cli_report_error (ctx, error);

  message = g_strdup_printf (_("Deleted conversation %s."), args[0]);
  print_deleted (ctx, args[0], message);
  return CLI_EXIT_OK;
}

int
cli_conversations_tree (CliContext  *ctx,
                        char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesTree) tree = NULL;

  chatroutes_service_get_tree_async (ctx->service, args[0], ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  tree = chatroutes_service_get_tree_finish (ctx->service, result, &error);
  if (tree == NULL)
    return cli_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_tree (tree);
      cli_print_json (node);
    }
  else
    cli_print_tree (tree);

  return CLI_EXIT_OK;
}

/* Messages */

static void
print_message_details (ChatroutesMessage *message)
{
  Details details;

  details_init (&details);
  details_add (&details, _("ID"), chatroutes_message_get_id (message));
  details_add (&details, _("Role"), chatroutes_message_get_role (message));
  details_add (&details, _("Conversation"), chatroutes_message_get_conversation_id (message));
  details_add (&details, _("Branch"), chatroutes_message_get_branch_id (message));
  details_add (&details, _("Parent"), chatroutes_message_get_parent_message_id (message));
  details_add (&details, _("Model"), chatroutes_message_get_model (message));
  details_take (&details, _("Tokens"), format_count (chatroutes_message_get_token_count (message)));
  details_take (&details, _("Created"), format_time (chatroutes_message_get_created_at (message)));
  details_print (&details);
  fputc ('\n', stdout);
  print_content_block (chatroutes_message_get_content (message));
}

static void
print_message_list (CliContext *ctx,
                    GListModel *messages)
{
  guint n = g_list_model_get_n_items (messages);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_member (object, "messages", cli_json_list (messages, (gpointer) cli_json_message));
      json_node_take_object (node, object);
      cli_print_json (node);
      return;
    }

  if (n == 0)
    {
      if (!ctx->quiet)
        printf ("%s\n", _("No messages."));
      return;
    }

  if (cli_options.full)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ChatroutesMessage) message = g_list_model_get_item (messages, i);
          g_autofree char *when = cli_relative_time (chatroutes_message_get_created_at (message));
          const char *model = chatroutes_message_get_model (message);
          const char *role = chatroutes_message_get_role (message);
          const char *message_id = chatroutes_message_get_id (message);

          if (i > 0)
            fputc ('\n', stdout);
          printf ("── %s", role ? role : "?");
          if (model)
            printf (" (%s)", model);
          printf (" · %s · %s\n", message_id ? message_id : "?", when);
          print_content_block (chatroutes_message_get_content (message));
        }
      return;
    }

  {
    g_autoptr(CliTable) table = cli_table_new (4, _("ID"), _("ROLE"), _("WHEN"), _("CONTENT"), NULL);
    guint width = cli_terminal_width ();

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(ChatroutesMessage) message = g_list_model_get_item (messages, i);
        g_autofree char *when = cli_relative_time (chatroutes_message_get_created_at (message));
        g_autofree char *content = cli_snippet (chatroutes_message_get_content (message),
                                                width > 90 ? width - 50 : 40);

        cli_table_add_row (table, chatroutes_message_get_id (message),
                           chatroutes_message_get_role (message), when, content, NULL);
      }
    cli_table_print (table);
  }
}

static int
send_whole (CliContext                  *ctx,
            const char                  *conversation_id,
            const char                  *branch_id,
            const char                  *text,
            const ChatroutesSendOptions *options,
            gboolean                     on_branch)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesSendResult) sent = NULL;
  gint64 start = g_get_monotonic_time ();
  ChatroutesMessage *reply;

  if (on_branch)
    chatroutes_service_send_branch_message_async (ctx->service, conversation_id, branch_id, text,
                                                  options, ctx->cancellable, cli_async_done, ctx);
  else
    chatroutes_service_send_message_async (ctx->service, conversation_id, branch_id, text,
                                           options, ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  if (on_branch)
    sent = chatroutes_service_send_branch_message_finish (ctx->service, result, &error);
  else
    sent = chatroutes_service_send_message_finish (ctx->service, result, &error);
  if (sent == NULL)
    return cli_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_send_result (sent);
      cli_print_json (node);
      return CLI_EXIT_OK;
    }

  reply = chatroutes_send_result_get_message (sent);
  print_content_block (reply ? chatroutes_message_get_content (reply) : NULL);
  fflush (stdout);
  print_summary (ctx, sent, NULL, g_get_monotonic_time () - start);
  return CLI_EXIT_OK;
}

static void
stream_delta_cb (ChatroutesStream *stream,
                 const char       *text,
                 guint             len,
                 CliContext       *ctx)
{
  if (ctx->json)
    return;
  write_content (text, len);
  fflush (stdout);
}

static int
send_streamed (CliContext                  *ctx,
               const char                  *conversation_id,
               const char                  *branch_id,
               const char                  *text,
               const ChatroutesSendOptions *options)
{
  g_autoptr(ChatroutesStream) stream = NULL;
  const char *content;
  gsize length;

  stream = chatroutes_service_stream_message (ctx->service, conversation_id, branch_id, text, options);
  ctx->stream = stream;
  ctx->streamed = TRUE;
  g_signal_connect (stream, "delta", G_CALLBACK (stream_delta_cb), ctx);

  while (!chatroutes_stream_is_finished (stream))
    g_main_context_iteration (NULL, TRUE);

  g_signal_handlers_disconnect_by_data (stream, ctx);
  ctx->stream = NULL;

  content = chatroutes_stream_get_content (stream);
  length = chatroutes_stream_get_content_length (stream);

  if (chatroutes_stream_get_state (stream) == CHATROUTES_STREAM_STATE_COMPLETED)
    {
      ChatroutesSendResult *result = chatroutes_stream_get_result (stream);
      gint64 start = chatroutes_stream_get_start_time (stream);

      if (ctx->json)
        {
          g_autoptr(JsonNode) node = NULL;

          if (result)
            node = cli_json_send_result (result);
          else
            node = json_node_init_null (json_node_alloc ());
          cli_print_json (node);
          return CLI_EXIT_OK;
        }

      if (length == 0 || content[length - 1] != '\n')
        fputc ('\n', stdout);
      fflush (stdout);
      print_summary (ctx, result, chatroutes_stream_get_model (stream),
                     start > 0 ? g_get_monotonic_time () - start : 0);
      return CLI_EXIT_OK;
    }

  /* Failed or cancelled: keep what arrived. */
  if (ctx->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_boolean_member (object, "partial", TRUE);
      json_object_set_string_member (object, "content", content);
      if (chatroutes_stream_get_model (stream))
        json_object_set_string_member (object, "model", chatroutes_stream_get_model (stream));
      json_node_take_object (node, object);
      cli_print_json (node);
    }
  else if (length > 0 && content[length - 1] != '\n')
    {
      fputc ('\n', stdout);
      fflush (stdout);
    }

  return cli_report_error (ctx, chatroutes_stream_get_error (stream));
}

static int
send_common (CliContext *ctx,
             const char *conversation_id,
             const char *branch_id,
             const char *text_arg,
             gboolean    stream,
             gboolean    on_branch)
{
  ChatroutesSendOptions options;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!get_send_options (&options))
    return CLI_EXIT_USAGE;

  text = resolve_text (text_arg, &error);
  if (text == NULL)
    return usage_error_from (error);

  if (stream)
    return send_streamed (ctx, conversation_id, branch_id, text, &options);

  return send_whole (ctx, conversation_id, branch_id, text, &options, on_branch);
}

int
cli_messages_send (CliContext  *ctx,
                   char       **args)
{
  return send_common (ctx, args[0], cli_options.branch, args[1], cli_options.stream, FALSE);
}

int
cli_messages_list (CliContext  *ctx,
                   char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) messages = NULL;

  chatroutes_service_list_messages_async (ctx->service, args[0], cli_options.branch,
                                          ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  messages = chatroutes_service_list_messages_finish (ctx->service, result, &error);
  if (messages == NULL)
    return cli_report_error (ctx, error);

  print_message_list (ctx, messages);
  return CLI_EXIT_OK;
}

int
cli_messages_edit (CliContext  *ctx,
                   char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesMessage) message = NULL;
  g_autofree char *text = NULL;

  text = resolve_text (args[1], &error);
  if (text == NULL)
    return usage_error_from (error);

  chatroutes_service_update_message_async (ctx->service, args[0], text, ctx->cancellable,
                                           cli_async_done, ctx);
  result = cli_wait (ctx);
  message = chatroutes_service_update_message_finish (ctx->service, result, &error);
  if (message == NULL)
    return cli_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_message (message);
      cli_print_json (node);
    }
  else if (ctx->quiet)
    printf ("%s\n", chatroutes_message_get_id (message));
  else
    print_message_details (message);

  return CLI_EXIT_OK;
}

int
cli_messages_delete (CliContext  *ctx,
                     char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  chatroutes_service_delete_message_async (ctx->service, args[0], ctx->cancellable,
                                           cli_async_done, ctx);
  result = cli_wait (ctx);
  if (!chatroutes_service_delete_message_finish (ctx->service, result, &error))
    return cli_report_error (ctx, error);

  message = g_strdup_printf (_("Deleted message %s."), args[0]);
  print_deleted (ctx, args[0], message);
  return CLI_EXIT_OK;
}

static const char *
hash_result_name (ChatroutesContentHashResult check)
{
  switch (check)
    {
    case CHATROUTES_CONTENT_HASH_VERIFIED:
      return "verified";
    case CHATROUTES_CONTENT_HASH_MISMATCH:
      return "mismatch";
    case CHATROUTES_CONTENT_HASH_UNAVAILABLE:
    default:
      return "unavailable";
    }
}

static const char *
hash_result_label (ChatroutesContentHashResult check)
{
  switch (check)
    {
    case CHATROUTES_CONTENT_HASH_VERIFIED:
      return _("intact");
    case CHATROUTES_CONTENT_HASH_MISMATCH:
      return _("CHANGED");
    case CHATROUTES_CONTENT_HASH_UNAVAILABLE:
    default:
      return _("no hash");
    }
}

/* Recomputes every message's content hash: shows which messages are
 * exactly what the service stored. */
int
cli_messages_verify (CliContext  *ctx,
                     char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) messages = NULL;
  g_autoptr(CliTable) table = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array = NULL;
  guint n_changed = 0;
  guint n;

  chatroutes_service_list_messages_async (ctx->service, args[0], cli_options.branch,
                                          ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  messages = chatroutes_service_list_messages_finish (ctx->service, result, &error);
  if (messages == NULL)
    return cli_report_error (ctx, error);

  n = g_list_model_get_n_items (messages);
  if (ctx->json)
    {
      JsonObject *object = json_object_new ();

      array = json_array_new ();
      json_object_set_array_member (object, "messages", array);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, object);
    }
  else
    table = cli_table_new (4, _("ID"), _("ROLE"), _("INTEGRITY"), _("CONTENT"), NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesMessage) message = g_list_model_get_item (messages, i);
      ChatroutesContentHashResult check = chatroutes_message_verify_content_hash (message);

      if (check == CHATROUTES_CONTENT_HASH_MISMATCH)
        n_changed++;

      if (array)
        {
          JsonObject *object = json_object_new ();
          const char *hash = chatroutes_message_get_content_hash (message);

          json_object_set_string_member (object, "id", chatroutes_message_get_id (message));
          json_object_set_string_member (object, "role", chatroutes_message_get_role (message));
          if (hash)
            json_object_set_string_member (object, "contentHash", hash);
          else
            json_object_set_null_member (object, "contentHash");
          json_object_set_string_member (object, "integrity", hash_result_name (check));
          json_array_add_object_element (array, object);
        }
      else
        {
          g_autofree char *content = cli_snippet (chatroutes_message_get_content (message), 50);
          cli_table_add_row (table, chatroutes_message_get_id (message),
                             chatroutes_message_get_role (message),
                             hash_result_label (check), content, NULL);
        }
    }

  if (ctx->json)
    cli_print_json (node);
  else if (n == 0)
    {
      if (!ctx->quiet)
        printf ("%s\n", _("No messages."));
    }
  else
    cli_table_print (table);

  if (n_changed > 0)
    {
      cli_printerr (ngettext ("%u message does not match its content hash.",
                              "%u messages do not match their content hashes.", n_changed),
                    n_changed);
      return CLI_EXIT_FAILURE;
    }

  return CLI_EXIT_OK;
}

/* Branches */

static void
print_branch_details (ChatroutesBranch *branch)
{
  Details details;

  details_init (&details);
  details_add (&details, _("ID"), chatroutes_branch_get_id (branch));
  details_add (&details, _("Title"), chatroutes_branch_get_title (branch));
  details_add (&details, _("Description"), chatroutes_branch_get_description (branch));
  details_add (&details, _("Conversation"), chatroutes_branch_get_conversation_id (branch));
  details_add (&details, _("Parent branch"), chatroutes_branch_get_parent_branch_id (branch));
  details_add (&details, _("Fork point"), chatroutes_branch_get_fork_point_message_id (branch));
  details_add (&details, _("Context"), chatroutes_branch_get_context_mode (branch));
  details_add (&details, _("Main"), chatroutes_branch_get_is_main (branch) ? _("yes") : _("no"));
  details_add (&details, _("Active"), chatroutes_branch_get_is_active (branch) ? _("yes") : _("no"));
  details_take (&details, _("Messages"), format_count (chatroutes_branch_get_message_count (branch)));
  details_take (&details, _("Created"), format_time (chatroutes_branch_get_created_at (branch)));
  details_take (&details, _("Updated"), format_time (chatroutes_branch_get_updated_at (branch)));
  details_print (&details);
}

static int
print_branch_result (CliContext       *ctx,
                     ChatroutesBranch *branch)
{
  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_branch (branch);
      cli_print_json (node);
    }
  else if (ctx->quiet)
    printf ("%s\n", chatroutes_branch_get_id (branch));
  else
    print_branch_details (branch);

  return CLI_EXIT_OK;
}

int
cli_branches_list (CliContext  *ctx,
                   char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) branches = NULL;
  g_autoptr(CliTable) table = NULL;
  guint n;

  chatroutes_service_list_branches_async (ctx->service, args[0], ctx->cancellable,
                                          cli_async_done, ctx);
  result = cli_wait (ctx);
  branches = chatroutes_service_list_branches_finish (ctx->service, result, &error);
  if (branches == NULL)
    return cli_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_member (object, "branches", cli_json_list (branches, (gpointer) cli_json_branch));
      json_node_take_object (node, object);
      cli_print_json (node);
      return CLI_EXIT_OK;
    }

  n = g_list_model_get_n_items (branches);
  if (n == 0)
    {
      if (!ctx->quiet)
        printf ("%s\n", _("No branches."));
      return CLI_EXIT_OK;
    }

  table = cli_table_new (6, _("ID"), _("TITLE"), _("FORK POINT"), _("CONTEXT"), _("MESSAGES"),
                         _("CREATED"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);
      g_autofree char *title = NULL;
      g_autofree char *count = format_count (chatroutes_branch_get_message_count (branch));
      g_autofree char *when = cli_relative_time (chatroutes_branch_get_created_at (branch));
      const char *fork_point = chatroutes_branch_get_fork_point_message_id (branch);
      const char *context = chatroutes_branch_get_context_mode (branch);

      title = cli_snippet (chatroutes_branch_get_title (branch), 40);
      if (chatroutes_branch_get_is_main (branch))
        {
          char *marked = g_strdup_printf (_("%s (main)"), title);
          g_free (title);
          title = marked;
        }

      cli_table_add_row (table, chatroutes_branch_get_id (branch), title,
                         fork_point ? fork_point : "—", context ? context : "—",
                         count ? count : "—", when, NULL);
    }
  cli_table_print (table);

  return CLI_EXIT_OK;
}

int
cli_branches_create (CliContext  *ctx,
                     char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesBranch) branch = NULL;
  ChatroutesContextMode mode;

  if (!parse_context_mode (cli_options.context, &mode))
    return CLI_EXIT_USAGE;
  if (*args[1] == '\0')
    {
      cli_printerr (_("The title is empty."));
      return CLI_EXIT_USAGE;
    }

  chatroutes_service_create_branch_async (ctx->service, args[0], args[1], cli_options.from,
                                          cli_options.description, mode, ctx->cancellable,
                                          cli_async_done, ctx);
  result = cli_wait (ctx);
  branch = chatroutes_service_create_branch_finish (ctx->service, result, &error);
  if (branch == NULL)
    return cli_report_error (ctx, error);

  return print_branch_result (ctx, branch);
}

int
cli_branches_fork (CliContext  *ctx,
                   char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesBranch) branch = NULL;
  ChatroutesContextMode mode;

  if (!parse_context_mode (cli_options.context, &mode))
    return CLI_EXIT_USAGE;
  if (*args[2] == '\0')
    {
      cli_printerr (_("The title is empty."));
      return CLI_EXIT_USAGE;
    }

  chatroutes_service_fork_async (ctx->service, args[0], args[1], args[2], mode, ctx->cancellable,
                                 cli_async_done, ctx);
  result = cli_wait (ctx);
  branch = chatroutes_service_fork_finish (ctx->service, result, &error);
  if (branch == NULL)
    return cli_report_error (ctx, error);

  return print_branch_result (ctx, branch);
}

int
cli_branches_rename (CliContext  *ctx,
                     char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesBranch) branch = NULL;

  if (*args[2] == '\0')
    {
      cli_printerr (_("The title is empty."));
      return CLI_EXIT_USAGE;
    }

  chatroutes_service_update_branch_async (ctx->service, args[0], args[1], args[2], NULL,
                                          ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  branch = chatroutes_service_update_branch_finish (ctx->service, result, &error);
  if (branch == NULL)
    return cli_report_error (ctx, error);

  return print_branch_result (ctx, branch);
}

int
cli_branches_delete (CliContext  *ctx,
                     char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  chatroutes_service_delete_branch_async (ctx->service, args[0], args[1], ctx->cancellable,
                                          cli_async_done, ctx);
  result = cli_wait (ctx);
  if (!chatroutes_service_delete_branch_finish (ctx->service, result, &error))
    return cli_report_error (ctx, error);

  message = g_strdup_printf (_("Deleted branch %s."), args[1]);
  print_deleted (ctx, args[1], message);
  return CLI_EXIT_OK;
}

int
cli_branches_messages (CliContext  *ctx,
                       char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) messages = NULL;

  chatroutes_service_list_branch_messages_async (ctx->service, args[0], args[1],
                                                 ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  messages = chatroutes_service_list_branch_messages_finish (ctx->service, result, &error);
  if (messages == NULL)
    return cli_report_error (ctx, error);

  print_message_list (ctx, messages);
  return CLI_EXIT_OK;
}

int
cli_branches_send (CliContext  *ctx,
                   char       **args)
{
  return send_common (ctx, args[0], args[1], args[2], FALSE, TRUE);
}

int
cli_branches_merge (CliContext  *ctx,
                    char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesBranch) branch = NULL;

  chatroutes_service_merge_branch_async (ctx->service, args[0], args[1], ctx->cancellable,
                                         cli_async_done, ctx);
  result = cli_wait (ctx);
  branch = chatroutes_service_merge_branch_finish (ctx->service, result, &error);
  if (branch == NULL)
    return cli_report_error (ctx, error);

  /* The service answers with the branch merged into. */
  if (!ctx->json && !ctx->quiet)
    {
      const char *title = chatroutes_branch_get_title (branch);
      const char *into = chatroutes_branch_get_id (branch);

      if (g_strcmp0 (into, args[1]) != 0 && title != NULL)
        printf (_("Merged branch %s into “%s”.\n\n"), args[1], title);
      else
        printf (_("Merged branch %s.\n\n"), args[1]);
    }

  return print_branch_result (ctx, branch);
}

/* Checkpoints */

static int
print_checkpoint_result (CliContext           *ctx,
                         ChatroutesCheckpoint *checkpoint)
{
  Details details;

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_checkpoint (checkpoint);
      cli_print_json (node);
      return CLI_EXIT_OK;
    }
  if (ctx->quiet)
    {
      printf ("%s\n", chatroutes_checkpoint_get_id (checkpoint));
      return CLI_EXIT_OK;
    }

  details_init (&details);
  details_add (&details, _("ID"), chatroutes_checkpoint_get_id (checkpoint));
  details_add (&details, _("Conversation"), chatroutes_checkpoint_get_conversation_id (checkpoint));
  details_add (&details, _("Branch"), chatroutes_checkpoint_get_branch_id (checkpoint));
  details_add (&details, _("Anchor"), chatroutes_checkpoint_get_anchor_message_id (checkpoint));
  details_take (&details, _("Tokens"), format_count (chatroutes_checkpoint_get_token_count (checkpoint)));
  details_take (&details, _("Created"), format_time (chatroutes_checkpoint_get_created_at (checkpoint)));
  details_print (&details);
  fputc ('\n', stdout);
  print_content_block (chatroutes_checkpoint_get_summary (checkpoint));

  return CLI_EXIT_OK;
}

int
cli_checkpoints_list (CliContext  *ctx,
                      char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) checkpoints = NULL;
  g_autoptr(CliTable) table = NULL;
  guint n;

  chatroutes_service_list_checkpoints_async (ctx->service, args[0], cli_options.branch,
                                             ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  checkpoints = chatroutes_service_list_checkpoints_finish (ctx->service, result, &error);
  if (checkpoints == NULL)
    return cli_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_member (object, "checkpoints",
                              cli_json_list (checkpoints, (gpointer) cli_json_checkpoint));
      json_node_take_object (node, object);
      cli_print_json (node);
      return CLI_EXIT_OK;
    }

  n = g_list_model_get_n_items (checkpoints);
  if (n == 0)
    {
      if (!ctx->quiet)
        printf ("%s\n", _("No checkpoints."));
      return CLI_EXIT_OK;
    }

  table = cli_table_new (6, _("ID"), _("BRANCH"), _("ANCHOR"), _("TOKENS"), _("CREATED"),
                         _("SUMMARY"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesCheckpoint) checkpoint = g_list_model_get_item (checkpoints, i);
      g_autofree char *tokens = format_count (chatroutes_checkpoint_get_token_count (checkpoint));
      g_autofree char *when = cli_relative_time (chatroutes_checkpoint_get_created_at (checkpoint));
      g_autofree char *summary = cli_snippet (chatroutes_checkpoint_get_summary (checkpoint), 50);
      const char *branch = chatroutes_checkpoint_get_branch_id (checkpoint);
      const char *anchor = chatroutes_checkpoint_get_anchor_message_id (checkpoint);

      cli_table_add_row (table, chatroutes_checkpoint_get_id (checkpoint),
                         branch ? branch : "—", anchor ? anchor : "—",
                         tokens ? tokens : "—", when, summary, NULL);
    }
  cli_table_print (table);

  return CLI_EXIT_OK;
}

int
cli_checkpoints_create (CliContext  *ctx,
                        char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesCheckpoint) checkpoint = NULL;

  chatroutes_service_create_checkpoint_async (ctx->service, args[0], args[1], args[2],
                                              ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  checkpoint = chatroutes_service_create_checkpoint_finish (ctx->service, result, &error);
  if (checkpoint == NULL)
    return cli_report_error (ctx, error);

  return print_checkpoint_result (ctx, checkpoint);
}

int
cli_checkpoints_delete (CliContext  *ctx,
                        char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  chatroutes_service_delete_checkpoint_async (ctx->service, args[0], ctx->cancellable,
                                              cli_async_done, ctx);
  result = cli_wait (ctx);
  if (!chatroutes_service_delete_checkpoint_finish (ctx->service, result, &error))
    return cli_report_error (ctx, error);

  message = g_strdup_printf (_("Deleted checkpoint %s."), args[0]);
  print_deleted (ctx, args[0], message);
  return CLI_EXIT_OK;
}

int
cli_checkpoints_recreate (CliContext  *ctx,
                          char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesCheckpoint) checkpoint = NULL;

  chatroutes_service_recreate_checkpoint_async (ctx->service, args[0], ctx->cancellable,
                                                cli_async_done, ctx);
  result = cli_wait (ctx);
  checkpoint = chatroutes_service_recreate_checkpoint_finish (ctx->service, result, &error);
  if (checkpoint == NULL)
    return cli_report_error (ctx, error);

  return print_checkpoint_result (ctx, checkpoint);
}

/* Autobranch */

static int
suggest_health (CliContext *ctx)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesHealth) health = NULL;
  Details details;

  chatroutes_service_autobranch_health_async (ctx->service, ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  health = chatroutes_service_autobranch_health_finish (ctx->service, result, &error);
  if (health == NULL)
    return cli_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_health (health);
      cli_print_json (node);
      return CLI_EXIT_OK;
    }

  details_init (&details);
  details_add (&details, _("Status"), chatroutes_health_get_status (health));
  details_add (&details, _("Service"), chatroutes_health_get_service (health));
  details_add (&details, _("Version"), chatroutes_health_get_version (health));
  details_print (&details);

  return CLI_EXIT_OK;
}

int
cli_suggest (CliContext  *ctx,
             char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesSuggestionResult) suggestions = NULL;
  g_autofree char *text = NULL;
  GListModel *list;
  guint n;
  guint count = cli_options.count > 0 ? (guint) cli_options.count : 3;

  if (cli_options.health)
    {
      if (args[0] != NULL)
        {
          cli_printerr (_("suggest --health takes no text."));
          return CLI_EXIT_USAGE;
        }
      return suggest_health (ctx);
    }

  if (args[0] == NULL)
    {
      cli_printerr (_("suggest needs a TEXT (or - to read it from standard input), or --health."));
      return CLI_EXIT_USAGE;
    }
  if (cli_options.count < 0 || cli_options.count > 50)
    {
      cli_printerr (_("--count must be between 1 and 50."));
      return CLI_EXIT_USAGE;
    }
  if (cli_options.threshold != CLI_UNSET_DOUBLE &&
      !(cli_options.threshold >= 0 && cli_options.threshold <= 1))
    {
      cli_printerr (_("--threshold must be between 0 and 1."));
      return CLI_EXIT_USAGE;
    }

  text = resolve_text (args[0], &error);
  if (text == NULL)
    return usage_error_from (error);

  chatroutes_service_suggest_branches_async (ctx->service, text, count, !cli_options.no_hybrid,
                                             cli_options.threshold != CLI_UNSET_DOUBLE
                                               ? cli_options.threshold : -1,
                                             cli_options.llm_model,
                                             cli_options.llm_provider, ctx->cancellable,
                                             cli_async_done, ctx);
  result = cli_wait (ctx);
  suggestions = chatroutes_service_suggest_branches_finish (ctx->service, result, &error);
  if (suggestions == NULL)
    return cli_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_suggestions (suggestions);
      cli_print_json (node);
      return CLI_EXIT_OK;
    }

  list = chatroutes_suggestion_result_get_suggestions (suggestions);
  n = g_list_model_get_n_items (list);
  if (n == 0 && !ctx->quiet)
    printf ("%s\n", _("No branch points found."));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesSuggestion) suggestion = g_list_model_get_item (list, i);
      const char *title = chatroutes_suggestion_get_title (suggestion);
      const char *description = chatroutes_suggestion_get_description (suggestion);
      const char *trigger = chatroutes_suggestion_get_trigger_text (suggestion);
      const char *divergence = chatroutes_suggestion_get_estimated_divergence (suggestion);
      const char *reasoning = chatroutes_suggestion_get_reasoning (suggestion);
      double confidence = chatroutes_suggestion_get_confidence (suggestion);
      g_autofree char *title_line = cli_snippet (title ? title : _("(untitled)"), 80);

      if (i > 0)
        fputc ('\n', stdout);
      printf ("%u. %s", i + 1, title_line);
      if (confidence >= 0)
        printf (_("  (confidence %.2f)"), confidence);
      if (divergence)
        printf (_("  divergence: %s"), divergence);
      fputc ('\n', stdout);
      if (description)
        {
          g_autofree char *line = cli_snippet (description, 200);
          printf ("   %s\n", line);
        }
      if (trigger)
        {
          g_autofree char *line = cli_snippet (trigger, 100);
          printf (_("   at “%s”"), line);
          if (chatroutes_suggestion_get_branch_point_start (suggestion) >= 0)
            printf (" [%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT "]",
                    chatroutes_suggestion_get_branch_point_start (suggestion),
                    chatroutes_suggestion_get_branch_point_end (suggestion));
          fputc ('\n', stdout);
        }
      if (reasoning)
        {
          g_autofree char *line = cli_snippet (reasoning, 200);
          printf (_("   why: %s\n"), line);
        }
    }

  if (!ctx->quiet)
    {
      const char *method = chatroutes_suggestion_result_get_detection_method (suggestions);
      gint64 found = chatroutes_suggestion_result_get_total_branch_points_found (suggestions);
      const char *model = chatroutes_suggestion_result_get_model_used (suggestions);
      g_autoptr(GString) footer = g_string_new (NULL);

      if (method)
        g_string_append_printf (footer, _("detection: %s"), method);
      if (found >= 0)
        {
          if (footer->len)
            g_string_append (footer, " · ");
          g_string_append_printf (footer, ngettext ("%d branch point found", "%d branch points found",
                                                    (gulong) found), (int) found);
        }
      if (model)
        {
          if (footer->len)
            g_string_append (footer, " · ");
          g_string_append_printf (footer, _("model: %s"), model);
        }
      if (footer->len)
        printf ("\n%s\n", footer->str);
    }

  return CLI_EXIT_OK;
}

/* Account */

int
cli_whoami (CliContext  *ctx,
            char       **args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesAccount) account = NULL;
  Details details;

  chatroutes_service_get_account_async (ctx->service, ctx->cancellable, cli_async_done, ctx);
  result = cli_wait (ctx);
  account = chatroutes_service_get_account_finish (ctx->service, result, &error);
  if (account == NULL)
    return cli_report_error (ctx, error);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = cli_json_account (account);
      cli_print_json (node);
      return CLI_EXIT_OK;
    }

  details_init (&details);
  details_add (&details, _("ID"), chatroutes_account_get_id (account));
  details_add (&details, _("Email"), chatroutes_account_get_email (account));
  details_add (&details, _("Plan"), chatroutes_account_get_plan (account));
  details_take (&details, _("Created"), format_time (chatroutes_account_get_created_at (account)));
  details_add (&details, _("Service"), chatroutes_service_get_base_url (ctx->service));
  details_print (&details);

  return CLI_EXIT_OK;
}
