/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-cli"

#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "chatroutes-cli-private.h"

/* Plain text helpers */

static guint
unichar_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  if (g_unichar_iswide (c))
    return 2;
  return 1;
}

guint
cli_text_width (const char *text)
{
  guint width = 0;

  if (text == NULL)
    return 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    width += unichar_width (g_utf8_get_char (p));

  return width;
}

static gboolean
is_control (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

/* One line of at most @max_width columns: control characters and runs of
 * white space become one space, and a cut is marked with an ellipsis. */
char *
cli_snippet (const char *text,
             guint       max_width)
{
  GString *out = g_string_new (NULL);
  guint width = 0;
  gboolean pending_space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_string_free (out, FALSE);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w;

      if (is_control (c) || g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }

      w = unichar_width (c) + (pending_space ? 1 : 0);
      if (width + w > max_width)
        {
          /* Make room for the ellipsis. */
          while (out->len > 0 && width + 1 > max_width)
            {
              char *last = g_utf8_find_prev_char (out->str, out->str + out->len);
              width -= unichar_width (g_utf8_get_char (last));
              g_string_truncate (out, last - out->str);
            }
          g_string_append (out, "…");
          return g_string_free (out, FALSE);
        }

      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
      width += w;
    }

  return g_string_free (out, FALSE);
}

guint
cli_terminal_width (void)
{
  struct winsize size;
  const char *columns;

  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20)
    return size.ws_col;

  columns = g_getenv ("COLUMNS");
  if (columns != NULL)
    {
      guint64 value = g_ascii_strtoull (columns, NULL, 10);
      if (value > 20 && value < 10000)
        return (guint) value;
    }

  return 100;
}

char *
cli_relative_time (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  GTimeSpan span;
  gint64 minutes, hours, days;

  if (iso8601 == NULL || *iso8601 == '\0')
    return g_strdup ("—");

  utc = g_time_zone_new_utc ();
  then = g_date_time_new_from_iso8601 (iso8601, utc);
  if (then == NULL)
    return g_strdup (iso8601);

  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (now, then);

  /* A server clock slightly ahead of ours is not the future. */
  if (span < 45 * G_TIME_SPAN_SECOND)
    return g_strdup (_("just now"));

  minutes = span / G_TIME_SPAN_MINUTE;
  hours = span / G_TIME_SPAN_HOUR;
  days = span / G_TIME_SPAN_DAY;

  if (minutes < 1)
    minutes = 1;
  if (minutes < 60)
    return g_strdup_printf (ngettext ("%d min ago", "%d min ago", (gulong) minutes), (int) minutes);
  if (hours < 24)
    return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", (gulong) hours), (int) hours);
  if (days == 1)
    return g_strdup (_("yesterday"));
  if (days < 7)
    return g_strdup_printf (ngettext ("%d day ago", "%d days ago", (gulong) days), (int) days);

  local = g_date_time_to_local (then);
  return g_date_time_format (local, "%Y-%m-%d");
}

void
cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* Tables */

struct _CliTable
{
  guint      n_columns;
  GPtrArray *cells; /* char *, row after row; the first row is the header */
};

CliTable *
cli_table_new (guint n_columns,
               ...)
{
  CliTable *table = g_new0 (CliTable, 1);
  va_list args;
  const char *header;

  table->n_columns = n_columns;
  table->cells = g_ptr_array_new_with_free_func (g_free);

  va_start (args, n_columns);
  for (guint i = 0; i < n_columns && (header = va_arg (args, const char *)) != NULL; i++)
    g_ptr_array_add (table->cells, g_strdup (header));
  va_end (args);

  g_assert (table->cells->len == n_columns);
  return table;
}

/* Takes strings; NULL ends the row. Cells are single-line already. */
void
cli_table_add_row (CliTable *table,
                   ...)
{
  va_list args;
  const char *cell;
  guint n = 0;

  va_start (args, table);
  while (n < table->n_columns && (cell = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (table->cells, cli_snippet (cell, 200));
      n++;
    }
  va_end (args);

  for (; n < table->n_columns; n++)
    g_ptr_array_add (table->cells, g_strdup (""));
}

guint
cli_table_get_n_rows (CliTable *table)
{
  return table->cells->len / table->n_columns - 1;
}

void
cli_table_print (CliTable *table)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);
  guint n_rows = table->cells->len / table->n_columns;
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < table->cells->len; i++)
    {
      guint column = i % table->n_columns;
      widths[column] = MAX (widths[column], cli_text_width (g_ptr_array_index (table->cells, i)));
    }

  for (guint row = 0; row < n_rows; row++)
    {
      g_string_truncate (line, 0);
      for (guint column = 0; column < table->n_columns; column++)
        {
          const char *cell = g_ptr_array_index (table->cells, row * table->n_columns + column);

          g_string_append (line, cell);
          if (column + 1 < table->n_columns)
            {
              for (guint pad = cli_text_width (cell); pad < widths[column] + 2; pad++)
                g_string_append_c (line, ' ');
            }
        }
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_string_append_c (line, '\n');
      fputs (line->str, stdout);
    }
}

void
cli_table_free (CliTable *table)
{
  g_ptr_array_unref (table->cells);
  g_free (table);
}

/* JSON */

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
set_optional_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value)
    json_object_set_string_member (object, name, value);
}

static void
set_optional_int (JsonObject *object,
                  const char *name,
                  gint64      value)
{
  if (value >= 0)
    json_object_set_int_member (object, name, value);
}

static void
set_optional_double (JsonObject *object,
                     const char *name,
                     double      value)
{
  if (value >= 0)
    json_object_set_double_member (object, name, value);
}

static JsonNode *
node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

JsonNode *
cli_json_list (GListModel  *model,
               JsonNode  *(*func) (gpointer item))
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      json_array_add_element (array, func (item));
    }

  json_node_take_array (node, array);
  return node;
}

JsonNode *
cli_json_message (ChatroutesMessage *message)
{
  JsonObject *object = json_object_new ();
  JsonObject *metadata = json_object_new ();

  set_string (object, "id", chatroutes_message_get_id (message));
  set_string (object, "conversationId", chatroutes_message_get_conversation_id (message));
  set_optional_string (object, "branchId", chatroutes_message_get_branch_id (message));
  set_string (object, "role", chatroutes_message_get_role (message));
  set_string (object, "content", chatroutes_message_get_content (message));
  set_optional_int (object, "tokenCount", chatroutes_message_get_token_count (message));
  set_string (object, "createdAt", chatroutes_message_get_created_at (message));
  set_optional_string (object, "parentMessageId", chatroutes_message_get_parent_message_id (message));
  set_optional_string (object, "model", chatroutes_message_get_model (message));
  set_optional_string (object, "contentHash", chatroutes_message_get_content_hash (message));

  set_optional_string (metadata, "model", chatroutes_message_get_metadata_model (message));
  set_optional_double (metadata, "temperature", chatroutes_message_get_temperature (message));
  set_optional_int (metadata, "maxTokens", chatroutes_message_get_max_tokens (message));
  set_optional_double (metadata, "responseTime", chatroutes_message_get_response_time (message));
  set_optional_string (metadata, "finishReason", chatroutes_message_get_finish_reason (message));
  set_optional_double (metadata, "cost", chatroutes_message_get_cost (message));
  if (chatroutes_message_get_context_truncated (message))
    json_object_set_boolean_member (metadata, "context_truncated", TRUE);
  if (chatroutes_message_get_checkpoint_used (message))
    json_object_set_boolean_member (metadata, "checkpoint_used", TRUE);
  set_optional_int (metadata, "prompt_tokens", chatroutes_message_get_prompt_tokens (message));
  set_optional_int (metadata, "context_message_count",
                    chatroutes_message_get_context_message_count (message));

  if (json_object_get_size (metadata) > 0)
    json_object_set_object_member (object, "metadata", metadata);
  else
    json_object_unref (metadata);

  return node_take_object (object);
}

JsonNode *
cli_json_branch (ChatroutesBranch *branch)
{
  JsonObject *object = json_object_new ();

  set_string (object, "id", chatroutes_branch_get_id (branch));
  set_string (object, "conversationId", chatroutes_branch_get_conversation_id (branch));
  set_string (object, "parentBranchId", chatroutes_branch_get_parent_branch_id (branch));
  set_string (object, "forkPointMessageId", chatroutes_branch_get_fork_point_message_id (branch));
  set_string (object, "title", chatroutes_branch_get_title (branch));
  set_string (object, "contextMode", chatroutes_branch_get_context_mode (branch));
  json_object_set_boolean_member (object, "isMain", chatroutes_branch_get_is_main (branch));
  json_object_set_boolean_member (object, "isActive", chatroutes_branch_get_is_active (branch));
  set_string (object, "createdAt", chatroutes_branch_get_created_at (branch));
  set_optional_string (object, "updatedAt", chatroutes_branch_get_updated_at (branch));
  set_optional_int (object, "messageCount", chatroutes_branch_get_message_count (branch));
  set_optional_string (object, "description", chatroutes_branch_get_description (branch));

  return node_take_object (object);
}

JsonNode *
cli_json_conversation (ChatroutesConversation *conversation)
{
  JsonObject *object = json_object_new ();
  GListModel *messages = chatroutes_conversation_get_messages (conversation);
  GListModel *branches = chatroutes_conversation_get_branches (conversation);

  set_string (object, "id", chatroutes_conversation_get_id (conversation));
  set_string (object, "userId", chatroutes_conversation_get_user_id (conversation));
  set_string (object, "title", chatroutes_conversation_get_title (conversation));
  set_string (object, "createdAt", chatroutes_conversation_get_created_at (conversation));
  set_string (object, "updatedAt", chatroutes_conversation_get_updated_at (conversation));
  set_optional_string (object, "model", chatroutes_conversation_get_model (conversation));

  if (messages && g_list_model_get_n_items (messages) > 0)
    json_object_set_member (object, "messages",
                            cli_json_list (messages, (gpointer) cli_json_message));
  if (branches && g_list_model_get_n_items (branches) > 0)
    json_object_set_member (object, "branches",
                            cli_json_list (branches, (gpointer) cli_json_branch));

  return node_take_object (object);
}

JsonNode *
cli_json_checkpoint (ChatroutesCheckpoint *checkpoint)
{
  JsonObject *object = json_object_new ();

  set_string (object, "id", chatroutes_checkpoint_get_id (checkpoint));
  set_string (object, "summary", chatroutes_checkpoint_get_summary (checkpoint));
  set_string (object, "conversationId", chatroutes_checkpoint_get_conversation_id (checkpoint));
  set_string (object, "branchId", chatroutes_checkpoint_get_branch_id (checkpoint));
  set_string (object, "anchorMessageId", chatroutes_checkpoint_get_anchor_message_id (checkpoint));
  set_optional_int (object, "tokenCount", chatroutes_checkpoint_get_token_count (checkpoint));
  set_string (object, "createdAt", chatroutes_checkpoint_get_created_at (checkpoint));

  return node_take_object (object);
}

JsonNode *
cli_json_usage (ChatroutesUsage *usage)
{
  JsonObject *object = json_object_new ();

  set_optional_int (object, "promptTokens", chatroutes_usage_get_prompt_tokens (usage));
  set_optional_int (object, "completionTokens", chatroutes_usage_get_completion_tokens (usage));
  set_optional_int (object, "totalTokens", chatroutes_usage_get_total_tokens (usage));

  return node_take_object (object);
}

JsonNode *
cli_json_send_result (ChatroutesSendResult *result)
{
  JsonObject *object = json_object_new ();
  ChatroutesMessage *message = chatroutes_send_result_get_message (result);
  ChatroutesMessage *user_message = chatroutes_send_result_get_user_message (result);
  ChatroutesUsage *usage = chatroutes_send_result_get_usage (result);

  if (message)
    json_object_set_member (object, "message", cli_json_message (message));
  else
    json_object_set_null_member (object, "message");
  if (user_message)
    json_object_set_member (object, "userMessage", cli_json_message (user_message));
  if (usage)
    json_object_set_member (object, "usage", cli_json_usage (usage));
  set_optional_string (object, "model", chatroutes_send_result_get_model (result));

  return node_take_object (object);
}

static JsonNode *
json_tree_node (ChatroutesTreeNode *node)
{
  JsonObject *object = json_object_new ();

  set_string (object, "id", chatroutes_tree_node_get_id (node));
  set_string (object, "content", chatroutes_tree_node_get_content (node));
  set_string (object, "role", chatroutes_tree_node_get_role (node));
  json_object_set_member (object, "children",
                          cli_json_list (chatroutes_tree_node_get_children (node),
                                         (gpointer) json_tree_node));

  if (chatroutes_tree_node_get_branch_id (node) != NULL)
    {
      JsonObject *info = json_object_new ();

      set_string (info, "id", chatroutes_tree_node_get_branch_id (node));
      set_optional_string (info, "title", chatroutes_tree_node_get_branch_title (node));
      json_object_set_boolean_member (info, "isMain", chatroutes_tree_node_get_branch_is_main (node));
      json_object_set_object_member (object, "branchInfo", info);
    }

  return node_take_object (object);
}

JsonNode *
cli_json_tree (ChatroutesTree *tree)
{
  JsonObject *object = json_object_new ();
  ChatroutesConversation *conversation = chatroutes_tree_get_conversation (tree);
  ChatroutesTreeNode *root = chatroutes_tree_get_root (tree);

  if (conversation)
    json_object_set_member (object, "conversation", cli_json_conversation (conversation));

  /* A conversation without messages has the node shape with a null tree. */
  if (root || chatroutes_tree_get_total_nodes (tree) >= 0)
    {
      JsonObject *metadata = json_object_new ();

      if (root)
        json_object_set_member (object, "tree", json_tree_node (root));
      else
        json_object_set_null_member (object, "tree");
      set_optional_int (metadata, "totalNodes", chatroutes_tree_get_total_nodes (tree));
      set_optional_int (metadata, "totalBranches", chatroutes_tree_get_total_branches (tree));
      set_optional_int (metadata, "maxDepth", chatroutes_tree_get_max_depth (tree));
      json_object_set_object_member (object, "metadata", metadata);
    }
  else
    {
      ChatroutesBranch *main_branch = chatroutes_tree_get_main_branch (tree);

      json_object_set_member (object, "branches",
                              cli_json_list (chatroutes_tree_get_branches (tree),
                                             (gpointer) cli_json_branch));
      if (main_branch)
        json_object_set_member (object, "mainBranch", cli_json_branch (main_branch));
      else
        json_object_set_null_member (object, "mainBranch");
    }

  return node_take_object (object);
}

static JsonNode *
json_suggestion (ChatroutesSuggestion *suggestion)
{
  JsonObject *object = json_object_new ();
  JsonObject *branch_point = json_object_new ();

  set_string (object, "id", chatroutes_suggestion_get_id (suggestion));
  set_string (object, "title", chatroutes_suggestion_get_title (suggestion));
  set_string (object, "description", chatroutes_suggestion_get_description (suggestion));
  set_string (object, "triggerText", chatroutes_suggestion_get_trigger_text (suggestion));
  set_optional_int (branch_point, "start", chatroutes_suggestion_get_branch_point_start (suggestion));
  set_optional_int (branch_point, "end", chatroutes_suggestion_get_branch_point_end (suggestion));
  json_object_set_object_member (object, "branchPoint", branch_point);
  set_optional_double (object, "confidence", chatroutes_suggestion_get_confidence (suggestion));
  set_string (object, "reasoning", chatroutes_suggestion_get_reasoning (suggestion));
  set_string (object, "estimatedDivergence", chatroutes_suggestion_get_estimated_divergence (suggestion));

  return node_take_object (object);
}

JsonNode *
cli_json_suggestions (ChatroutesSuggestionResult *result)
{
  JsonObject *object = json_object_new ();
  JsonObject *metadata = json_object_new ();

  json_object_set_member (object, "suggestions",
                          cli_json_list (chatroutes_suggestion_result_get_suggestions (result),
                                         (gpointer) json_suggestion));
  set_string (metadata, "detectionMethod", chatroutes_suggestion_result_get_detection_method (result));
  set_optional_int (metadata, "totalBranchPointsFound",
                    chatroutes_suggestion_result_get_total_branch_points_found (result));
  set_optional_string (metadata, "modelUsed", chatroutes_suggestion_result_get_model_used (result));
  json_object_set_object_member (object, "metadata", metadata);

  return node_take_object (object);
}

JsonNode *
cli_json_health (ChatroutesHealth *health)
{
  JsonObject *object = json_object_new ();

  set_string (object, "status", chatroutes_health_get_status (health));
  set_optional_string (object, "version", chatroutes_health_get_version (health));
  set_optional_string (object, "service", chatroutes_health_get_service (health));

  return node_take_object (object);
}

JsonNode *
cli_json_account (ChatroutesAccount *account)
{
  JsonObject *object = json_object_new ();

  set_string (object, "id", chatroutes_account_get_id (account));
  set_string (object, "email", chatroutes_account_get_email (account));
  set_optional_string (object, "plan", chatroutes_account_get_plan (account));
  set_optional_string (object, "createdAt", chatroutes_account_get_created_at (account));

  return node_take_object (object);
}

/* Trees drawn with box-drawing characters */

/* Past this many nested forks the drawing would be wider than any
 * terminal; deeper forks are listed at this depth. */
#define MAX_DRAWN_DEPTH 64

static void
print_tree_line (const char *prefix,
                 const char *text,
                 guint       width)
{
  guint used = cli_text_width (prefix);
  g_autofree char *snippet = cli_snippet (text, width > used + 10 ? width - used : 10);

  printf ("%s%s\n", prefix, snippet);
}

static char *
tree_node_label (ChatroutesTreeNode *node,
                 const char         *parent_branch_id)
{
  GString *label = g_string_new (NULL);
  const char *role = chatroutes_tree_node_get_role (node);
  const char *branch_id = chatroutes_tree_node_get_branch_id (node);
  const char *id = chatroutes_tree_node_get_id (node);
  g_autofree char *content = cli_snippet (chatroutes_tree_node_get_content (node), 60);

  g_string_append_printf (label, "%s: %s", role ? role : "?", content);
  if (id)
    g_string_append_printf (label, "  [%s]", id);
  if (branch_id && g_strcmp0 (branch_id, parent_branch_id) != 0)
    {
      const char *title = chatroutes_tree_node_get_branch_title (node);
      g_string_append_printf (label, "  ⎇ %s", title ? title : branch_id);
    }

  return g_string_free (label, FALSE);
}

/* Draws @node and the chain of only children after it on one rail, so a
 * conversation without forks is a flat list; each fork opens one rail per
 * child. @first is the prefix of the first line, @rest of the others. */
static void
print_tree_run (ChatroutesTreeNode *node,
                const char         *first,
                const char         *rest,
                const char         *parent_branch_id,
                guint               depth,
                guint               width)
{
  ChatroutesTreeNode *current = node;
  const char *prefix = first;
  const char *branch_id = parent_branch_id;

  while (current != NULL)
    {
      GListModel *children = chatroutes_tree_node_get_children (current);
      guint n_children = children ? g_list_model_get_n_items (children) : 0;
      g_autofree char *label = tree_node_label (current, branch_id);
      g_autofree char *line_prefix = g_strconcat (prefix, "● ", NULL);

      print_tree_line (line_prefix, label, width);
      if (chatroutes_tree_node_get_branch_id (current))
        branch_id = chatroutes_tree_node_get_branch_id (current);
      prefix = rest;

      if (n_children == 1)
        {
          g_autoptr(ChatroutesTreeNode) child = g_list_model_get_item (children, 0);
          current = child; /* the parent's list keeps it alive */
          continue;
        }

      for (guint i = 0; i < n_children; i++)
        {
          g_autoptr(ChatroutesTreeNode) child = g_list_model_get_item (children, i);
          gboolean last = i + 1 == n_children;
          g_autofree char *child_first = NULL;
          g_autofree char *child_rest = NULL;

          if (depth >= MAX_DRAWN_DEPTH)
            {
              child_first = g_strdup (rest);
              child_rest = g_strdup (rest);
            }
          else
            {
              child_first = g_strconcat (rest, last ? "└─" : "├─", NULL);
              child_rest = g_strconcat (rest, last ? "  " : "│ ", NULL);
            }
          print_tree_run (child, child_first, child_rest, branch_id, depth + 1, width);
        }
      break;
    }
}

static void
print_branch_subtree (ChatroutesBranch *branch,
                      GHashTable       *children_of,
                      GHashTable       *visited,
                      const char       *first,
                      const char       *rest,
                      guint             depth,
                      guint             width)
{
  GPtrArray *children;
  GString *label = g_string_new (NULL);
  const char *id = chatroutes_branch_get_id (branch);
  const char *title;
  g_autofree char *line = NULL;

  g_hash_table_add (visited, branch);

  title = chatroutes_branch_get_title (branch);
  g_string_append (label, title ? title : _("(untitled)"));
  g_string_append_printf (label, "  [%s]", id ? id : "?");
  if (chatroutes_branch_get_is_main (branch))
    g_string_append_printf (label, "  %s", _("main"));
  if (chatroutes_branch_get_fork_point_message_id (branch))
    g_string_append_printf (label, "  %s %s", _("from"), chatroutes_branch_get_fork_point_message_id (branch));
  if (chatroutes_branch_get_message_count (branch) >= 0)
    {
      gint64 count = chatroutes_branch_get_message_count (branch);
      g_string_append (label, "  · ");
      g_string_append_printf (label, ngettext ("%d message", "%d messages", (gulong) count),
                              (int) count);
    }
  if (chatroutes_branch_get_context_mode (branch))
    g_string_append_printf (label, "  · %s", chatroutes_branch_get_context_mode (branch));

  line = g_string_free (label, FALSE);
  print_tree_line (first, line, width);

  children = id ? g_hash_table_lookup (children_of, id) : NULL;
  if (children == NULL)
    return;

  for (guint i = 0; i < children->len; i++)
    {
      ChatroutesBranch *child = g_ptr_array_index (children, i);
      gboolean last = i + 1 == children->len;
      g_autofree char *child_first = NULL;
      g_autofree char *child_rest = NULL;

      if (g_hash_table_contains (visited, child))
        continue;

      if (depth >= MAX_DRAWN_DEPTH)
        {
          child_first = g_strdup (rest);
          child_rest = g_strdup (rest);
        }
      else
        {
          child_first = g_strconcat (rest, last ? "└─ " : "├─ ", NULL);
          child_rest = g_strconcat (rest, last ? "   " : "│  ", NULL);
        }
      print_branch_subtree (child, children_of, visited, child_first, child_rest, depth + 1, width);
    }
}

/* The other tree shape: branches only. Each branch hangs under its parent
 * branch; branches whose parent is unknown hang at the top, main first. */
static void
print_branch_tree (ChatroutesTree *tree,
                   guint           width)
{
  GListModel *branches = chatroutes_tree_get_branches (tree);
  ChatroutesBranch *main_branch = chatroutes_tree_get_main_branch (tree);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) children_of = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                             (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) roots = g_ptr_array_new ();
  guint n = branches ? g_list_model_get_n_items (branches) : 0;

  for (guint i = 0; i < n; i++)
    {
      ChatroutesBranch *branch = g_list_model_get_item (branches, i);

      g_ptr_array_add (all, branch);
      if (chatroutes_branch_get_id (branch))
        g_hash_table_insert (by_id, (gpointer) chatroutes_branch_get_id (branch), branch);
    }

  /* The main branch may come only as mainBranch. */
  if (main_branch && chatroutes_branch_get_id (main_branch) &&
      !g_hash_table_contains (by_id, chatroutes_branch_get_id (main_branch)))
    {
      g_ptr_array_insert (all, 0, g_object_ref (main_branch));
      g_hash_table_insert (by_id, (gpointer) chatroutes_branch_get_id (main_branch), main_branch);
    }

  for (guint i = 0; i < all->len; i++)
    {
      ChatroutesBranch *branch = g_ptr_array_index (all, i);
      const char *parent = chatroutes_branch_get_parent_branch_id (branch);

      if (parent && g_hash_table_contains (by_id, parent) &&
          g_strcmp0 (parent, chatroutes_branch_get_id (branch)) != 0)
        {
          GPtrArray *list = g_hash_table_lookup (children_of, parent);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (children_of, (gpointer) parent, list);
            }
          g_ptr_array_add (list, branch);
        }
      else if (chatroutes_branch_get_is_main (branch) ||
               (main_branch && g_strcmp0 (chatroutes_branch_get_id (branch),
                                          chatroutes_branch_get_id (main_branch)) == 0))
        g_ptr_array_insert (roots, 0, branch);
      else
        g_ptr_array_add (roots, branch);
    }

  if (all->len == 0)
    {
      printf ("%s\n", _("(no branches)"));
      return;
    }

  for (guint i = 0; i < roots->len; i++)
    {
      ChatroutesBranch *root = g_ptr_array_index (roots, i);
      if (!g_hash_table_contains (visited, root))
        print_branch_subtree (root, children_of, visited, "", "", 0, width);
    }

  /* Parent cycles leave branches no root reaches: list them too. */
  for (guint i = 0; i < all->len; i++)
    {
      ChatroutesBranch *branch = g_ptr_array_index (all, i);
      if (!g_hash_table_contains (visited, branch))
        print_branch_subtree (branch, children_of, visited, "", "", 0, width);
    }
}

void
cli_print_tree (ChatroutesTree *tree)
{
  ChatroutesConversation *conversation = chatroutes_tree_get_conversation (tree);
  ChatroutesTreeNode *root = chatroutes_tree_get_root (tree);
  guint width = cli_terminal_width ();

  if (conversation)
    {
      const char *title = chatroutes_conversation_get_title (conversation);
      g_autofree char *snippet = cli_snippet (title ? title : _("(untitled)"), width);
      const char *id = chatroutes_conversation_get_id (conversation);

      if (id)
        printf ("%s  [%s]\n", snippet, id);
      else
        printf ("%s\n", snippet);
    }

  if (root)
    print_tree_run (root, "", "", NULL, 0, width);
  else if (chatroutes_tree_get_total_nodes (tree) >= 0 &&
           g_list_model_get_n_items (chatroutes_tree_get_branches (tree)) == 0)
    printf ("%s\n", _("(no messages yet)"));
  else
    print_branch_tree (tree, width);
}
