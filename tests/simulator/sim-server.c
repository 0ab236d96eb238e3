/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-simulator"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sim-faults.h"
#include "sim-json.h"
#include "sim-model.h"
#include "sim-server.h"
#include "sim-state.h"
#include "sim-stream.h"

#define CONTROL_PATH        "/__sim"
#define FAULT_HEADER        "X-Sim-Fault"
#define CONTEXT_LIMIT       50
#define MAX_CONTENT_BYTES   (1024 * 1024)
#define MAX_TITLE_CHARS     500
#define MAX_PAGE_LIMIT      1000
#define DEFAULT_TEMPERATURE 0.7
#define DEFAULT_MAX_TOKENS  4096

struct _SimServer
{
  SimOptions     options;
  SoupServer    *soup;
  SimState      *state;
  SimFaultQueue *faults;
  GHashTable    *stats;          /* "METHOD pattern" -> count */
  guint64        total_requests;
  guint          save_source_id;
  gboolean       autobranch_down;  /* set through the control endpoint */
};

typedef struct _SimRequest SimRequest;
typedef void (*SimHandler) (SimRequest *req);

typedef struct
{
  const char *method;
  const char *pattern;
  SimHandler  handler;
} SimRoute;

struct _SimRequest
{
  SimServer         *sim;
  SoupServerMessage *msg;
  const char        *method;
  char              *path;        /* after the base path, still escaped */
  GPtrArray         *segments;    /* unescaped; NULL if the path is not the API's */
  const SimRoute    *route;
  GString           *allowed;     /* methods of a path that matched, for 405 */
  GPtrArray         *params;      /* borrowed from segments */
  GHashTable        *query;
  SimFault          *fault;
  JsonNode          *body;
  guint              source_id;
  gulong             finished_id;
  gulong             disconnected_id;
};

static void state_changed (SimServer *sim);

/* Requests */

static void
sim_request_free (SimRequest *req)
{
  g_clear_handle_id (&req->source_id, g_source_remove);
  g_clear_signal_handler (&req->finished_id, req->msg);
  g_clear_signal_handler (&req->disconnected_id, req->msg);
  g_clear_object (&req->msg);
  g_free (req->path);
  g_clear_pointer (&req->segments, g_ptr_array_unref);
  if (req->allowed != NULL)
    g_string_free (req->allowed, TRUE);
  g_clear_pointer (&req->params, g_ptr_array_unref);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->fault, sim_fault_free);
  g_clear_pointer (&req->body, json_node_unref);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimRequest, sim_request_free)

static const char *
param (SimRequest *req,
       guint       index)
{
  return g_ptr_array_index (req->params, index);
}

static const char *
query_value (SimRequest *req,
             const char *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

static gboolean
is_legacy (SimRequest *req)
{
  return req->fault != NULL && req->fault->shape == SIM_SHAPE_LEGACY;
}

/* Responding */

static const char *
error_code_for_status (guint status)
{
  switch (status)
    {
    case 400:
      return "VALIDATION_ERROR";
    case 401:
      return "UNAUTHORIZED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 405:
      return "METHOD_NOT_ALLOWED";
    case 409:
      return "CONFLICT";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 429:
      return "RATE_LIMIT_EXCEEDED";
    case 500:
      return "INTERNAL_ERROR";
    case 502:
      return "BAD_GATEWAY";
    case 503:
      return "SERVICE_UNAVAILABLE";
    case 504:
      return "GATEWAY_TIMEOUT";
    default:
      return status >= 500 ? "SERVER_ERROR" : status >= 400 ? "CLIENT_ERROR" : "ERROR";
    }
}

/* libsoup knows no phrase for a few statuses the API uses. */
static const char *
status_phrase (guint status)
{
  switch (status)
    {
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    default:
      return soup_status_get_phrase (status);
    }
}

static const char * const resource_keys[] = {
  "conversation", "branch", "message", "messages", "branches", "checkpoint", "checkpoints",
};

/* shape=bare: no envelope, and a lone single resource without its key. */
static GString *
reshape_bare (GString *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonNode *data;
  GString *out;

  if (!json_parser_load_from_data (parser, body->str, body->len, NULL))
    return body;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (data = json_object_get_member (json_node_get_object (root), "data")) == NULL)
    return body;

  if (JSON_NODE_HOLDS_OBJECT (data) && json_object_get_size (json_node_get_object (data)) == 1)
    {
      JsonObject *object = json_node_get_object (data);
      g_autoptr(GList) members = json_object_get_members (object);
      JsonNode *member = json_object_get_member (object, members->data);

      for (guint i = 0; i < G_N_ELEMENTS (resource_keys); i++)
        if (strcmp (members->data, resource_keys[i]) == 0 && JSON_NODE_HOLDS_OBJECT (member))
          data = member;
    }

  out = g_string_sized_new (body->len);
  sim_json_node (out, data);
  g_string_free (body, TRUE);
  return out;
}

static const char * const wrongtype_keys[] = {
  "title", "content", "email", "status", "suggestions", "total", "id",
};

/* body=wrongtype: the first of a few well-known fields gets a value of
 * the wrong JSON type, e.g. "title": 42. */
static GString *
reshape_wrongtype (GString *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GQueue) queue = g_queue_new ();
  JsonNode *root;
  GString *out;

  if (!json_parser_load_from_data (parser, body->str, body->len, NULL))
    return body;

  root = json_parser_get_root (parser);

  for (guint k = 0; k < G_N_ELEMENTS (wrongtype_keys); k++)
    {
      gboolean done = FALSE;

      g_queue_clear (queue);
      g_queue_push_tail (queue, root);

      while (!done && !g_queue_is_empty (queue))
        {
          JsonNode *node = g_queue_pop_head (queue);

          if (JSON_NODE_HOLDS_OBJECT (node))
            {
              JsonObject *object = json_node_get_object (node);
              JsonNode *member = json_object_get_member (object, wrongtype_keys[k]);

              if (member != NULL)
                {
                  if (json_node_get_value_type (member) == G_TYPE_STRING)
                    json_object_set_int_member (object, wrongtype_keys[k], 42);
                  else
                    json_object_set_string_member (object, wrongtype_keys[k], "42");
                  done = TRUE;
                }
              else
                {
                  g_autoptr(GList) values = json_object_get_values (object);

                  for (const GList *l = values; l != NULL; l = l->next)
                    g_queue_push_tail (queue, l->data);
                }
            }
          else if (JSON_NODE_HOLDS_ARRAY (node))
            {
              JsonArray *array = json_node_get_array (node);

              for (guint i = 0; i < json_array_get_length (array); i++)
                g_queue_push_tail (queue, json_array_get_element (array, i));
            }
        }

      if (done)
        break;
    }

  out = g_string_sized_new (body->len);
  sim_json_node (out, root);
  g_string_free (body, TRUE);
  return out;
}

static void
respond_raw (SimRequest *req,
             guint       status,
             const char *content_type,
             GString    *body)
{
  gsize length = body->len;

  soup_server_message_set_status (req->msg, status, status_phrase (status));
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_TAKE,
                                    g_string_free_and_steal (body), length);
}

static void
respond_json (SimRequest *req,
              guint       status,
              GString    *body)
{
  SimFault *fault = req->fault;

  if (fault != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (fault->shape == SIM_SHAPE_BARE)
        body = reshape_bare (body);
      if (fault->body == SIM_BODY_WRONGTYPE)
        body = reshape_wrongtype (body);
      if (fault->status != 0 && SOUP_STATUS_IS_SUCCESSFUL (fault->status))
        status = fault->status;
    }

  if (fault != NULL && fault->body == SIM_BODY_MALFORMED)
    {
      /* Cut in half, on a character boundary: valid UTF-8, invalid JSON. */
      const char *half = g_utf8_find_prev_char (body->str, body->str + body->len / 2);

      g_string_truncate (body, MAX (1, half ? (gsize) (half - body->str) : 1));
    }

  respond_raw (req, status, "application/json", body);
}

static void G_GNUC_PRINTF (4, 5)
respond_error (SimRequest *req,
               guint       status,
               const char *code,
               const char *format,
               ...)
{
  g_autofree char *message = NULL;
  GString *body = g_string_new (NULL);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  sim_json_begin_object (body);
  sim_json_kv_bool (body, "success", FALSE);
  sim_json_kv_string (body, "error", code ? code : error_code_for_status (status));
  sim_json_kv_string (body, "message", message);
  sim_json_end_object (body);

  respond_json (req, status, body);
}

static GString *
data_begin (void)
{
  GString *body = g_string_sized_new (1024);

  g_string_append (body, "{\"success\":true,\"data\":");
  return body;
}

static void
data_finish (SimRequest *req,
             guint       status,
             GString    *body)
{
  g_string_append_c (body, '}');
  respond_json (req, status, body);
}

static void
respond_deleted (SimRequest *req,
                 const char *id)
{
  GString *body = data_begin ();

  sim_json_begin_object (body);
  sim_json_kv_string (body, "id", id);
  sim_json_kv_bool (body, "deleted", TRUE);
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

static void
respond_fault_status (SimRequest *req,
                      guint       status)
{
  SimFault *fault = req->fault;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  const char *phrase = status_phrase (status);
  gint retry_after = -1;

  if (status == 429 || fault->retry_after >= 0 || fault->retry_after_header_only)
    {
      g_autofree char *value = NULL;

      retry_after = fault->retry_after >= 0 ? fault->retry_after : 1;
      value = g_strdup_printf ("%d", retry_after);
      soup_message_headers_replace (headers, "Retry-After", value);
    }

  if (fault->body == SIM_BODY_HTML)
    {
      GString *page = g_string_new (NULL);

      g_string_append_printf (page,
                              "<!DOCTYPE html>\n<html>\n<head><title>%u %s</title></head>\n"
                              "<body>\n<center><h1>%u %s</h1></center>\n<hr><center>sim-gateway</center>\n"
                              "</body>\n</html>\n",
                              status, phrase ? phrase : "Error", status, phrase ? phrase : "Error");
      respond_raw (req, status, "text/html; charset=utf-8", page);
    }
  else if (fault->body == SIM_BODY_EMPTY)
    {
      soup_server_message_set_status (req->msg, status, phrase);
    }
  else
    {
      GString *body = g_string_new (NULL);
      g_autofree char *message = g_strdup_printf ("Simulated fault: HTTP %u %s", status, phrase ? phrase : "");

      sim_json_begin_object (body);
      sim_json_kv_bool (body, "success", FALSE);
      sim_json_kv_string (body, "error", error_code_for_status (status));
      sim_json_kv_string (body, "message", message);
      if (retry_after >= 0 && !fault->retry_after_header_only)
        sim_json_kv_int (body, "retryAfter", retry_after);
      sim_json_end_object (body);
      respond_json (req, status, body);
    }
}

/* Reading requests */

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static JsonObject *
body_object (SimRequest *req)
{
  SoupMessageBody *request_body;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;

  if (req->body != NULL)
    return json_node_get_object (req->body);

  request_body = soup_server_message_get_request_body (req->msg);
  bytes = soup_message_body_flatten (request_body);
  data = g_bytes_get_data (bytes, &length);

  if (length == 0 || (memchr (data, '\0', length) == NULL && is_blank (data)))
    {
      req->body = json_node_init_object (json_node_alloc (), NULL);
      json_node_take_object (req->body, json_object_new ());
      return json_node_get_object (req->body);
    }

  if (!g_utf8_validate_len (data, length, NULL))
    {
      respond_error (req, 400, NULL, "The request body is not valid UTF-8");
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      respond_error (req, 400, NULL, "The request body is not valid JSON: %s", error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      respond_error (req, 400, NULL, "The request body must be a JSON object");
      return NULL;
    }

  req->body = json_node_ref (json_parser_get_root (parser));
  return json_node_get_object (req->body);
}

static gboolean
field_string (SimRequest  *req,
              JsonObject  *object,
              const char  *name,
              gboolean     required,
              const char **out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          respond_error (req, 400, NULL, "'%s' is required", name);
          return FALSE;
        }
      return TRUE;
    }

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      respond_error (req, 400, NULL, "'%s' must be a string", name);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

/* A string that, when given, must not be empty. */
static gboolean
field_text (SimRequest  *req,
            JsonObject  *object,
            const char  *name,
            gboolean     required,
            glong        max_chars,
            const char **out)
{
  if (!field_string (req, object, name, required, out))
    return FALSE;

  if (*out != NULL && is_blank (*out))
    {
      respond_error (req, 400, NULL, "'%s' must not be empty", name);
      return FALSE;
    }

  if (*out != NULL && max_chars > 0 && g_utf8_strlen (*out, -1) > max_chars)
    {
      respond_error (req, 400, NULL, "'%s' is longer than %ld characters", name, max_chars);
      return FALSE;
    }

  return TRUE;
}

static gboolean
field_number (SimRequest *req,
              JsonObject *object,
              const char *name,
              double     *out)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    {
      respond_error (req, 400, NULL, "'%s' must be a number", name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
field_int (SimRequest *req,
           JsonObject *object,
           const char *name,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && json_node_get_double (node) == floor (json_node_get_double (node)) &&
           fabs (json_node_get_double (node)) < 1e15)
    value = (gint64) json_node_get_double (node);
  else
    {
      respond_error (req, 400, NULL, "'%s' must be an integer", name);
      return FALSE;
    }

  if (value < min || value > max)
    {
      respond_error (req, 400, NULL, "'%s' must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                     name, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

static gboolean
field_bool (SimRequest *req,
            JsonObject *object,
            const char *name,
            gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      respond_error (req, 400, NULL, "'%s' must be true or false", name);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
field_model (SimRequest  *req,
             JsonObject  *object,
             const char **out)
{
  if (!field_string (req, object, "model", FALSE, out))
    return FALSE;

  if (*out != NULL && sim_model_lookup (*out) == NULL)
    {
      g_autofree char *list = sim_model_list ();

      respond_error (req, 400, "VALIDATION_ERROR", "Unknown model '%s'. Supported models: %s", *out, list);
      return FALSE;
    }

  return TRUE;
}

static gboolean
field_context_mode (SimRequest  *req,
                    JsonObject  *object,
                    const char **out)
{
  if (!field_string (req, object, "contextMode", FALSE, out))
    return FALSE;

  if (*out != NULL && g_strcmp0 (*out, "FULL") != 0 && g_strcmp0 (*out, "PARTIAL") != 0 &&
      g_strcmp0 (*out, "MINIMAL") != 0)
    {
      respond_error (req, 400, NULL, "'contextMode' must be FULL, PARTIAL or MINIMAL, not '%s'", *out);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (SimRequest *req,
           const char *name,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  const char *text = query_value (req, name);
  gint64 value;

  if (text == NULL || *text == '\0')
    return TRUE;

  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    {
      respond_error (req, 400, NULL, "Query parameter '%s' must be an integer between %" G_GINT64_FORMAT
                     " and %" G_GINT64_FORMAT, name, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

/* Looking things up, or answering 404 */

static SimConversation *
need_conversation (SimRequest *req,
                   const char *id)
{
  SimConversation *conversation = sim_state_lookup_conversation (req->sim->state, id);

  if (conversation == NULL)
    respond_error (req, 404, NULL, "Conversation '%s' not found", id);
  return conversation;
}

static SimBranch *
need_branch (SimRequest      *req,
             SimConversation *conversation,
             const char      *id)
{
  SimBranch *branch = sim_state_lookup_branch (req->sim->state, conversation, id);

  if (branch == NULL)
    respond_error (req, 404, NULL, "Branch '%s' not found in conversation '%s'", id, conversation->id);
  return branch;
}

static SimMessage *
need_message (SimRequest      *req,
              SimConversation *conversation,
              const char      *id)
{
  SimMessage *message = sim_state_lookup_message (req->sim->state, id);

  if (message == NULL || message->deleted ||
      (conversation != NULL && message->branch->conversation != conversation))
    {
      respond_error (req, 404, NULL, "Message '%s' not found", id);
      return NULL;
    }
  return message;
}

/* Conversations */

static gboolean
conversation_matches (SimConversation *conversation,
                      const char      *filter)
{
  gboolean owned = g_strcmp0 (conversation->user_id, SIM_USER_ID) == 0 && !conversation->shared;

  if (g_strcmp0 (filter, "owned") == 0)
    return owned;
  if (g_strcmp0 (filter, "shared") == 0)
    return !owned;
  return TRUE;
}

static void
handle_list_conversations (SimRequest *req)
{
  GPtrArray *conversations = req->sim->state->conversations;
  const char *filter = query_value (req, "filter");
  gint64 page = 1;
  gint64 limit = 20;
  gint64 first;
  gint64 total = 0;
  GString *body;

  if (!query_int (req, "page", 1, G_MAXINT32, &page) ||
      !query_int (req, "limit", 1, MAX_PAGE_LIMIT, &limit))
    return;

  if (filter == NULL || *filter == '\0')
    filter = "all";
  if (strcmp (filter, "all") != 0 && strcmp (filter, "owned") != 0 && strcmp (filter, "shared") != 0)
    {
      respond_error (req, 400, NULL, "Query parameter 'filter' must be all, owned or shared, not '%s'", filter);
      return;
    }

  first = (page - 1) * limit;
  body = data_begin ();
  sim_json_begin_object (body);
  sim_json_key (body, "conversations");
  sim_json_begin_array (body);

  /* Newest first. */
  for (guint i = conversations->len; i > 0; i--)
    {
      SimConversation *conversation = conversations->pdata[i - 1];

      if (!conversation_matches (conversation, filter))
        continue;
      if (total >= first && total < first + limit)
        sim_write_conversation (body, conversation, SIM_WRITE_DEFAULT);
      total++;
    }

  sim_json_end_array (body);
  sim_json_kv_int (body, "total", total);
  sim_json_kv_int (body, "page", page);
  sim_json_kv_int (body, "limit", limit);
  if (!is_legacy (req))
    sim_json_kv_bool (body, "hasNext", page * limit < total);
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

static void
respond_conversation (SimRequest      *req,
                      guint            status,
                      SimConversation *conversation,
                      SimWriteFlags    flags)
{
  GString *body = data_begin ();

  sim_json_begin_object (body);
  sim_json_key (body, "conversation");
  sim_write_conversation (body, conversation, flags);
  sim_json_end_object (body);
  data_finish (req, status, body);
}

static void
handle_create_conversation (SimRequest *req)
{
  JsonObject *object = body_object (req);
  SimConversation *conversation;
  const char *title;
  const char *model;

  if (object == NULL ||
      !field_text (req, object, "title", TRUE, MAX_TITLE_CHARS, &title) ||
      !field_model (req, object, &model))
    return;

  conversation = sim_state_add_conversation (req->sim->state, title, model, SIM_USER_ID, NULL);
  state_changed (req->sim);
  respond_conversation (req, SOUP_STATUS_CREATED, conversation, SIM_WRITE_EMBED);
}

static void
handle_get_conversation (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));

  if (conversation != NULL)
    respond_conversation (req, SOUP_STATUS_OK, conversation, SIM_WRITE_EMBED);
}

static void
handle_update_conversation (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  JsonObject *object;
  const char *title;
  const char *model;

  if (conversation == NULL || (object = body_object (req)) == NULL ||
      !field_text (req, object, "title", FALSE, MAX_TITLE_CHARS, &title) ||
      !field_model (req, object, &model))
    return;

  if (title != NULL)
    g_set_str (&conversation->title, title);
  if (model != NULL)
    g_set_str (&conversation->model, model);
  sim_state_touch (req->sim->state, conversation);
  state_changed (req->sim);
  respond_conversation (req, SOUP_STATUS_OK, conversation, SIM_WRITE_DEFAULT);
}

static void
handle_delete_conversation (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  g_autofree char *id = NULL;

  if (conversation == NULL)
    return;

  id = g_strdup (conversation->id);
  sim_state_remove_conversation (req->sim->state, conversation);
  state_changed (req->sim);
  respond_deleted (req, id);
}

static void
handle_tree (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  GString *body;

  if (conversation == NULL)
    return;

  body = data_begin ();
  if (is_legacy (req))
    {
      /* The other published shape: the branches, and the main one. */
      sim_json_begin_object (body);
      sim_json_key (body, "conversation");
      sim_write_conversation (body, conversation, SIM_WRITE_DEFAULT);
      sim_json_key (body, "branches");
      sim_json_begin_array (body);
      for (guint i = 0; i < conversation->branches->len; i++)
        sim_write_branch (body, conversation->branches->pdata[i]);
      sim_json_end_array (body);
      sim_json_key (body, "mainBranch");
      sim_write_branch (body, sim_conversation_main_branch (conversation));
      sim_json_end_object (body);
    }
  else
    {
      sim_write_tree (body, req->sim->state, conversation);
    }
  data_finish (req, SOUP_STATUS_OK, body);
}

/* Messages */

static void
respond_messages (SimRequest *req,
                  SimBranch  *branch)
{
  GString *body = data_begin ();

  sim_json_begin_object (body);
  sim_json_key (body, "messages");
  sim_json_begin_array (body);
  for (guint i = 0; i < branch->messages->len; i++)
    {
      SimMessage *message = branch->messages->pdata[i];

      if (!message->deleted)
        sim_write_message (body, message);
    }
  sim_json_end_array (body);
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

static void
handle_list_messages (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  const char *branch_id = query_value (req, "branchId");
  SimBranch *branch;

  if (conversation == NULL)
    return;

  if (branch_id != NULL && *branch_id != '\0')
    branch = need_branch (req, conversation, branch_id);
  else
    branch = sim_conversation_main_branch (conversation);

  if (branch != NULL)
    respond_messages (req, branch);
}

typedef struct
{
  SimConversation *conversation;
  SimBranch       *branch;
  const char      *content;
  const char      *model;
  double           temperature;   /* NAN: not given */
  gint64           max_tokens;    /* 0: not given */
} SendParams;

static gboolean
parse_send (SimRequest *req,
            SimBranch  *forced_branch,
            SendParams *params)
{
  JsonObject *object;
  const SimModelInfo *info;
  const char *branch_id = NULL;

  memset (params, 0, sizeof *params);
  params->temperature = NAN;

  params->conversation = need_conversation (req, param (req, 0));
  if (params->conversation == NULL)
    return FALSE;

  if (forced_branch == NULL && req->params->len > 1)
    {
      forced_branch = need_branch (req, params->conversation, param (req, 1));
      if (forced_branch == NULL)
        return FALSE;
    }

  if ((object = body_object (req)) == NULL ||
      !field_text (req, object, "content", TRUE, 0, &params->content) ||
      !field_model (req, object, &params->model) ||
      !field_number (req, object, "temperature", &params->temperature) ||
      !field_int (req, object, "maxTokens", 1, 200000, &params->max_tokens) ||
      !field_string (req, object, "branchId", FALSE, &branch_id))
    return FALSE;

  if (strlen (params->content) > MAX_CONTENT_BYTES)
    {
      respond_error (req, 413, "PAYLOAD_TOO_LARGE", "'content' is longer than %d bytes", MAX_CONTENT_BYTES);
      return FALSE;
    }

  if (params->model == NULL)
    params->model = params->conversation->model ? params->conversation->model : SIM_DEFAULT_MODEL;
  info = sim_model_lookup (params->model);
  if (info == NULL)
    info = sim_model_lookup (SIM_DEFAULT_MODEL);

  if (!isnan (params->temperature) &&
      (params->temperature < 0.0 || params->temperature > info->max_temperature))
    {
      respond_error (req, 400, NULL, "'temperature' must be between 0 and %g for %s",
                     info->max_temperature, params->model);
      return FALSE;
    }

  if (forced_branch != NULL)
    params->branch = forced_branch;
  else if (branch_id != NULL && *branch_id != '\0')
    params->branch = need_branch (req, params->conversation, branch_id);
  else
    params->branch = sim_conversation_main_branch (params->conversation);

  return params->branch != NULL;
}

static char *
generate_reply (SimServer        *sim,
                const SendParams *params,
                gboolean         *truncated)
{
  SimReplyOptions options = { 0, };

  options.target_bytes = sim->options.reply_bytes;
  options.target_pieces = sim->options.stream_events;
  options.max_tokens = params->max_tokens;

  return sim_model_reply (params->content, params->model, &options, truncated);
}

typedef struct
{
  gint64 prompt_tokens;
  gint64 completion_tokens;
} Usage;

static SimMessage *
store_reply (SimServer  *sim,
             SimBranch  *branch,
             const char *model,
             double      temperature,
             gint64      max_tokens,
             gboolean    truncated,
             const char *reply,
             gint64      response_time_ms,
             Usage      *usage)
{
  g_autoptr(GPtrArray) path = sim_branch_path (sim->state, branch, NULL);
  JsonObject *metadata = json_object_new ();
  guint first = path->len > CONTEXT_LIMIT ? path->len - CONTEXT_LIMIT : 0;
  SimMessage *message;

  usage->prompt_tokens = 0;
  for (guint i = first; i < path->len; i++)
    usage->prompt_tokens += ((SimMessage *) path->pdata[i])->token_count;
  usage->completion_tokens = sim_model_estimate_tokens (reply);

  json_object_set_string_member (metadata, "model", model);
  json_object_set_double_member (metadata, "temperature", isnan (temperature) ? DEFAULT_TEMPERATURE : temperature);
  json_object_set_int_member (metadata, "maxTokens", max_tokens > 0 ? max_tokens : DEFAULT_MAX_TOKENS);
  json_object_set_int_member (metadata, "responseTime", response_time_ms);
  json_object_set_string_member (metadata, "finishReason", truncated ? "length" : "stop");
  json_object_set_double_member (metadata, "cost",
                                 sim_model_cost (model, usage->prompt_tokens, usage->completion_tokens));
  json_object_set_boolean_member (metadata, "context_truncated", first > 0);
  json_object_set_boolean_member (metadata, "checkpoint_used", sim_branch_has_checkpoint (sim->state, branch));
  json_object_set_int_member (metadata, "prompt_tokens", usage->prompt_tokens);
  json_object_set_int_member (metadata, "context_message_count", path->len - first);

  message = sim_state_append_message (sim->state, branch, "assistant", reply, model, metadata, NULL);
  state_changed (sim);
  return message;
}

static void
write_usage (GString     *out,
             const Usage *usage)
{
  sim_json_key (out, "usage");
  sim_json_begin_object (out);
  sim_json_kv_int (out, "promptTokens", usage->prompt_tokens);
  sim_json_kv_int (out, "completionTokens", usage->completion_tokens);
  sim_json_kv_int (out, "totalTokens", usage->prompt_tokens + usage->completion_tokens);
  sim_json_end_object (out);
}

static void
send_message (SimRequest *req,
              gboolean    both_messages)
{
  SendParams params;
  SimMessage *user;
  SimMessage *assistant;
  g_autofree char *reply = NULL;
  gboolean truncated = FALSE;
  Usage usage;
  GString *body;

  if (!parse_send (req, NULL, &params))
    return;

  user = sim_state_append_message (req->sim->state, params.branch, "user", params.content, NULL, NULL, NULL);
  reply = generate_reply (req->sim, &params, &truncated);
  assistant = store_reply (req->sim, params.branch, params.model, params.temperature, params.max_tokens,
                           truncated, reply, 150 + sim_model_estimate_tokens (reply) * 2, &usage);

  body = data_begin ();
  sim_json_begin_object (body);
  if (both_messages || is_legacy (req))
    {
      sim_json_key (body, "userMessage");
      sim_write_message (body, user);
      sim_json_key (body, "assistantMessage");
      sim_write_message (body, assistant);
    }
  else
    {
      sim_json_key (body, "message");
      sim_write_message (body, assistant);
    }
  write_usage (body, &usage);
  sim_json_kv_string (body, "model", params.model);
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

static void
handle_send (SimRequest *req)
{
  send_message (req, FALSE);
}

static void
handle_branch_send (SimRequest *req)
{
  send_message (req, TRUE);
}

typedef struct
{
  SimServer *sim;
  char      *conversation_id;
  char      *branch_id;
  char      *model;
  double     temperature;
  gint64     max_tokens;
  gboolean   truncated;
} ReplyJob;

static void
reply_job_free (ReplyJob *job)
{
  g_free (job->conversation_id);
  g_free (job->branch_id);
  g_free (job->model);
  g_free (job);
}

static char *
stream_complete (gpointer     user_data,
                 const char  *reply,
                 gint64       elapsed_ms,
                 char       **error_message)
{
  ReplyJob *job = user_data;
  SimConversation *conversation = sim_state_lookup_conversation (job->sim->state, job->conversation_id);
  SimBranch *branch = conversation ? sim_state_lookup_branch (job->sim->state, conversation, job->branch_id) : NULL;
  SimMessage *message;
  GString *out;
  Usage usage;

  if (branch == NULL)
    {
      *error_message = g_strdup ("The conversation or branch was deleted while the reply was being written");
      return NULL;
    }

  message = store_reply (job->sim, branch, job->model, job->temperature, job->max_tokens,
                         job->truncated, reply, elapsed_ms, &usage);

  out = g_string_sized_new (strlen (reply) + 1024);
  sim_json_key (out, "message");
  sim_write_message (out, message);
  write_usage (out, &usage);
  sim_json_kv_string (out, "model", job->model);
  return g_string_free_and_steal (out);
}

static void
handle_stream (SimRequest *req)
{
  SendParams params;
  ReplyJob *job;
  char *reply;
  gboolean truncated = FALSE;

  if (!parse_send (req, NULL, &params))
    return;

  /* The question is stored at once; the reply only when it is complete. */
  sim_state_append_message (req->sim->state, params.branch, "user", params.content, NULL, NULL, NULL);
  state_changed (req->sim);

  reply = generate_reply (req->sim, &params, &truncated);

  job = g_new0 (ReplyJob, 1);
  job->sim = req->sim;
  job->conversation_id = g_strdup (params.conversation->id);
  job->branch_id = g_strdup (params.branch->id);
  job->model = g_strdup (params.model);
  job->temperature = params.temperature;
  job->max_tokens = params.max_tokens;
  job->truncated = truncated;

  sim_stream_start (req->msg, req->fault, req->sim->options.pace_ms,
                    params.model, reply, stream_complete, job, (GDestroyNotify) reply_job_free);
}

static void
handle_update_message (SimRequest *req)
{
  SimMessage *message = need_message (req, NULL, param (req, 0));
  JsonObject *object;
  const char *content;
  GString *body;

  if (message == NULL || (object = body_object (req)) == NULL ||
      !field_text (req, object, "content", TRUE, 0, &content))
    return;

  sim_state_edit_message (req->sim->state, message, content);
  state_changed (req->sim);

  body = data_begin ();
  sim_json_begin_object (body);
  sim_json_key (body, "message");
  sim_write_message (body, message);
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

static void
handle_delete_message (SimRequest *req)
{
  SimMessage *message = need_message (req, NULL, param (req, 0));

  if (message == NULL)
    return;

  message->deleted = TRUE;
  sim_state_touch (req->sim->state, message->branch->conversation);
  state_changed (req->sim);
  respond_deleted (req, message->id);
}

/* Branches */

static void
respond_branch (SimRequest *req,
                guint       status,
                SimBranch  *branch)
{
  GString *body = data_begin ();

  sim_json_begin_object (body);
  sim_json_key (body, "branch");
  sim_write_branch (body, branch);
  sim_json_end_object (body);
  data_finish (req, status, body);
}

static void
handle_list_branches (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  GString *body;

  if (conversation == NULL)
    return;

  body = data_begin ();
  sim_json_begin_object (body);
  sim_json_key (body, "branches");
  sim_json_begin_array (body);
  for (guint i = 0; i < conversation->branches->len; i++)
    sim_write_branch (body, conversation->branches->pdata[i]);
  sim_json_end_array (body);
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

static void
create_branch (SimRequest *req,
               gboolean    is_fork)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  JsonObject *object;
  SimBranch *parent;
  SimBranch *branch;
  SimMessage *fork_point = NULL;
  const char *title;
  const char *description;
  const char *context_mode;
  const char *fork_point_id;

  if (conversation == NULL || (object = body_object (req)) == NULL ||
      !field_text (req, object, is_fork ? "forkPointMessageId" : "baseNodeId", is_fork, 0, &fork_point_id) ||
      !field_text (req, object, "title", TRUE, MAX_TITLE_CHARS, &title) ||
      !field_string (req, object, "description", FALSE, &description) ||
      !field_context_mode (req, object, &context_mode))
    return;

  if (fork_point_id != NULL)
    {
      fork_point = need_message (req, conversation, fork_point_id);
      if (fork_point == NULL)
        return;
      parent = fork_point->branch;
    }
  else
    {
      parent = sim_conversation_main_branch (conversation);
      fork_point = sim_branch_last_visible (parent);
    }

  branch = sim_state_add_branch (req->sim->state, conversation, parent,
                                 fork_point ? fork_point->id : NULL,
                                 title, description, context_mode);
  state_changed (req->sim);
  respond_branch (req, SOUP_STATUS_CREATED, branch);
}

static void
handle_create_branch (SimRequest *req)
{
  create_branch (req, FALSE);
}

static void
handle_fork (SimRequest *req)
{
  create_branch (req, TRUE);
}

static void
handle_update_branch (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  SimBranch *branch;
  JsonObject *object;
  const char *title;
  const char *description;
  const char *context_mode;
  gboolean is_active;

  if (conversation == NULL || (branch = need_branch (req, conversation, param (req, 1))) == NULL)
    return;

  is_active = branch->is_active;
  if ((object = body_object (req)) == NULL ||
      !field_text (req, object, "title", FALSE, MAX_TITLE_CHARS, &title) ||
      !field_string (req, object, "description", FALSE, &description) ||
      !field_context_mode (req, object, &context_mode) ||
      !field_bool (req, object, "isActive", &is_active))
    return;

  if (title != NULL)
    g_set_str (&branch->title, title);
  if (description != NULL)
    g_set_str (&branch->description, description);
  if (context_mode != NULL)
    g_set_str (&branch->context_mode, context_mode);
  branch->is_active = is_active;
  g_free (branch->updated_at);
  branch->updated_at = sim_state_now (req->sim->state);
  sim_state_touch (req->sim->state, conversation);
  state_changed (req->sim);
  respond_branch (req, SOUP_STATUS_OK, branch);
}

static void
handle_delete_branch (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  SimBranch *branch;
  g_autofree char *id = NULL;

  if (conversation == NULL || (branch = need_branch (req, conversation, param (req, 1))) == NULL)
    return;

  if (branch->is_main)
    {
      respond_error (req, 400, NULL,
                     "The main branch cannot be deleted; delete the conversation instead");
      return;
    }

  id = g_strdup (branch->id);
  sim_state_remove_branch (req->sim->state, branch);
  sim_state_touch (req->sim->state, conversation);
  state_changed (req->sim);
  respond_deleted (req, id);
}

static void
handle_branch_messages (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  SimBranch *branch;

  if (conversation != NULL && (branch = need_branch (req, conversation, param (req, 1))) != NULL)
    respond_messages (req, branch);
}

static void
handle_merge (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  SimBranch *branch;
  SimBranch *parent;
  g_autoptr(GPtrArray) own = g_ptr_array_new ();

  if (conversation == NULL || (branch = need_branch (req, conversation, param (req, 1))) == NULL ||
      body_object (req) == NULL)
    return;

  if (branch->is_main)
    {
      respond_error (req, 400, NULL, "The main branch cannot be merged");
      return;
    }
  if (!branch->is_active)
    {
      respond_error (req, 400, NULL, "Branch '%s' is not active (already merged?)", branch->id);
      return;
    }

  parent = sim_state_lookup_branch (req->sim->state, conversation, branch->parent_branch_id);
  if (parent == NULL)
    {
      respond_error (req, 409, "CONFLICT", "The parent of branch '%s' no longer exists", branch->id);
      return;
    }

  /* Copies with new ids, appended to the parent in order. */
  for (guint i = 0; i < branch->messages->len; i++)
    if (!((SimMessage *) branch->messages->pdata[i])->deleted)
      g_ptr_array_add (own, branch->messages->pdata[i]);

  for (guint i = 0; i < own->len; i++)
    {
      SimMessage *source = own->pdata[i];
      JsonObject *metadata = json_object_new ();

      if (source->metadata != NULL)
        {
          g_autoptr(GList) members = json_object_get_members (source->metadata);

          for (const GList *l = members; l != NULL; l = l->next)
            json_object_set_member (metadata, l->data,
                                    json_node_copy (json_object_get_member (source->metadata, l->data)));
        }
      json_object_set_string_member (metadata, "mergedFrom", source->id);

      sim_state_append_message (req->sim->state, parent, source->role, source->content, source->model,
                                metadata, NULL);
    }

  branch->is_active = FALSE;
  g_free (branch->updated_at);
  branch->updated_at = sim_state_now (req->sim->state);
  g_free (parent->updated_at);
  parent->updated_at = g_strdup (branch->updated_at);
  sim_state_touch (req->sim->state, conversation);
  state_changed (req->sim);
  respond_branch (req, SOUP_STATUS_OK, parent);
}

/* Checkpoints */

static void
respond_checkpoint (SimRequest    *req,
                    guint          status,
                    SimCheckpoint *checkpoint)
{
  GString *body = data_begin ();

  sim_json_begin_object (body);
  sim_json_key (body, "checkpoint");
  sim_write_checkpoint (body, checkpoint, is_legacy (req) ? SIM_WRITE_SNAKE_CASE : SIM_WRITE_DEFAULT);
  sim_json_end_object (body);
  data_finish (req, status, body);
}

static void
handle_list_checkpoints (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  const char *branch_id = query_value (req, "branchId");
  GString *body;

  if (conversation == NULL)
    return;

  if (branch_id != NULL && *branch_id == '\0')
    branch_id = NULL;
  if (branch_id != NULL && need_branch (req, conversation, branch_id) == NULL)
    return;

  body = data_begin ();
  sim_json_begin_object (body);
  sim_json_key (body, "checkpoints");
  sim_json_begin_array (body);
  for (guint i = 0; i < conversation->checkpoints->len; i++)
    {
      SimCheckpoint *checkpoint = conversation->checkpoints->pdata[i];

      if (branch_id == NULL || g_strcmp0 (checkpoint->branch_id, branch_id) == 0)
        sim_write_checkpoint (body, checkpoint, is_legacy (req) ? SIM_WRITE_SNAKE_CASE : SIM_WRITE_DEFAULT);
    }
  sim_json_end_array (body);
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

static void
handle_create_checkpoint (SimRequest *req)
{
  SimConversation *conversation = need_conversation (req, param (req, 0));
  g_autoptr(GPtrArray) path = NULL;
  JsonObject *object;
  SimBranch *branch;
  SimMessage *anchor;
  SimCheckpoint *checkpoint;
  const char *branch_id;
  const char *anchor_id;
  gboolean on_path = FALSE;

  if (conversation == NULL || (object = body_object (req)) == NULL ||
      !field_text (req, object, "branchId", TRUE, 0, &branch_id) ||
      !field_text (req, object, "anchorMessageId", TRUE, 0, &anchor_id) ||
      (branch = need_branch (req, conversation, branch_id)) == NULL ||
      (anchor = need_message (req, conversation, anchor_id)) == NULL)
    return;

  path = sim_branch_path (req->sim->state, branch, NULL);
  for (guint i = 0; i < path->len && !on_path; i++)
    on_path = (path->pdata[i] == anchor);

  if (!on_path)
    {
      respond_error (req, 400, NULL, "Message '%s' is not on branch '%s'", anchor->id, branch->id);
      return;
    }

  checkpoint = sim_state_add_checkpoint (req->sim->state, conversation, branch, anchor);
  state_changed (req->sim);
  respond_checkpoint (req, SOUP_STATUS_CREATED, checkpoint);
}

static SimCheckpoint *
need_checkpoint (SimRequest *req)
{
  SimCheckpoint *checkpoint = sim_state_lookup_checkpoint (req->sim->state, param (req, 0));

  if (checkpoint == NULL)
    respond_error (req, 404, NULL, "Checkpoint '%s' not found", param (req, 0));
  return checkpoint;
}

static void
handle_delete_checkpoint (SimRequest *req)
{
  SimCheckpoint *checkpoint = need_checkpoint (req);
  g_autofree char *id = NULL;

  if (checkpoint == NULL)
    return;

  id = g_strdup (checkpoint->id);
  sim_state_remove_checkpoint (req->sim->state, checkpoint);
  state_changed (req->sim);
  respond_deleted (req, id);
}

static void
handle_recreate_checkpoint (SimRequest *req)
{
  SimCheckpoint *checkpoint = need_checkpoint (req);

  if (checkpoint == NULL || body_object (req) == NULL)
    return;

  sim_state_refresh_checkpoint (req->sim->state, checkpoint);
  state_changed (req->sim);
  respond_checkpoint (req, SOUP_STATUS_OK, checkpoint);
}

/* Autobranch */

typedef struct
{
  const char *phrase;
  double      confidence;
  const char *divergence;
  const char *title;
  const char *why;
} Trigger;

static const Trigger triggers[] = {
  { "alternatively",     0.92, "high",   "Alternative approach",
    "introduces a different approach that can be explored on its own." },
  { "on the other hand", 0.88, "high",   "Opposing view",
    "sets up a contrasting position worth following separately." },
  { "what if",           0.85, "medium", "What if",
    "opens a hypothetical that would take the conversation elsewhere." },
  { "another option",    0.80, "medium", "Another option",
    "names a second option that deserves its own thread." },
  { "or maybe",          0.78, "medium", "Or maybe",
    "hedges between possibilities; each can be a branch." },
  { "instead",           0.74, "medium", "Instead",
    "suggests replacing the current plan with another one." },
  { "compare",           0.72, "low",    "Comparison",
    "asks for a comparison; each side can be explored separately." },
  { "versus",            0.70, "low",    "Versus",
    "contrasts two options that could be examined one at a time." },
};

typedef struct
{
  const Trigger *trigger;
  gsize          byte_start;
  gsize          byte_end;
} Match;

static gint
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const Match *ma = a;
  const Match *mb = b;

  return ma->byte_start < mb->byte_start ? -1 : ma->byte_start > mb->byte_start ? 1 : 0;
}

static gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || (c & 0x80) != 0;
}

/* A few words after the trigger, letters and digits only. */
static char *
words_after (const char *text,
             guint       max_words)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;
  const char *p = text;

  while (*p && n < max_words)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '\'' || c == '-')
        {
          if (out->len > 0 && out->str[out->len - 1] == ' ')
            n++;
          if (n >= max_words)
            break;
          g_string_append_unichar (out, c);
        }
      else if (c == '.' || c == '?' || c == '!' || c == '\n')
        {
          if (out->len > 0)
            break;
        }
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        {
          g_string_append_c (out, ' ');
        }
      p = g_utf8_next_char (p);
    }

  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free_and_steal (g_steal_pointer (&out));
}

static void handle_suggest_up (SimRequest *req);

static void
handle_suggest (SimRequest *req)
{
  if (req->sim->autobranch_down)
    {
      respond_error (req, 503, NULL, "The autobranch service is not available");
      return;
    }
  handle_suggest_up (req);
}

static void
handle_suggest_up (SimRequest *req)
{
  JsonObject *object = body_object (req);
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (Match));
  g_autofree char *lower = NULL;
  const char *text;
  const char *llm_model = NULL;
  const char *llm_provider = NULL;
  gint64 count = 3;
  double threshold = 0.7;
  gboolean hybrid = FALSE;
  guint emitted = 0;
  GString *body;

  if (object == NULL ||
      !field_text (req, object, "text", TRUE, 0, &text) ||
      !field_int (req, object, "suggestionsCount", 1, 20, &count) ||
      !field_bool (req, object, "hybridDetection", &hybrid) ||
      !field_number (req, object, "threshold", &threshold) ||
      !field_string (req, object, "llmModel", FALSE, &llm_model) ||
      !field_string (req, object, "llmProvider", FALSE, &llm_provider))
    return;

  if (threshold < 0.0 || threshold > 1.0)
    {
      respond_error (req, 400, NULL, "'threshold' must be between 0 and 1");
      return;
    }

  /* ASCII lowering keeps every byte offset where it was. */
  lower = g_ascii_strdown (text, -1);
  for (guint t = 0; t < G_N_ELEMENTS (triggers); t++)
    {
      gsize phrase_len = strlen (triggers[t].phrase);
      const char *p = lower;

      while ((p = strstr (p, triggers[t].phrase)) != NULL)
        {
          gsize start = p - lower;
          gsize end = start + phrase_len;

          if ((start == 0 || !is_word_byte (lower[start - 1])) && !is_word_byte (lower[end]))
            {
              Match match = { &triggers[t], start, end };

              g_array_append_val (matches, match);
            }
          p += phrase_len;
        }
    }
  g_array_sort (matches, compare_matches);

  body = data_begin ();
  sim_json_begin_object (body);
  sim_json_key (body, "suggestions");
  sim_json_begin_array (body);

  for (guint i = 0; i < matches->len && emitted < count; i++)
    {
      const Match *match = &g_array_index (matches, Match, i);
      const Trigger *trigger = match->trigger;
      double confidence = round (MIN (0.99, trigger->confidence + (hybrid ? 0.03 : 0.0)) * 100.0) / 100.0;
      g_autofree char *trigger_text = g_strndup (text + match->byte_start, match->byte_end - match->byte_start);
      g_autofree char *after = words_after (text + match->byte_end, 6);
      g_autofree char *title = NULL;
      g_autofree char *description = NULL;
      g_autofree char *reasoning = NULL;
      g_autofree char *id = NULL;

      if (confidence + 1e-9 < threshold)
        continue;

      title = *after ? g_strdup_printf ("%s: %s", trigger->title, after) : g_strdup (trigger->title);
      description = g_strdup_printf ("Explore what follows \"%s\"%s%s in a separate branch.",
                                     trigger_text, *after ? ": " : "", after);
      reasoning = g_strdup_printf ("\"%s\" %s", trigger_text, trigger->why);
      id = g_strdup_printf ("sug_%08x",
                            (guint) (sim_model_hash (text, match->byte_start) & 0xffffffff));

      sim_json_begin_object (body);
      sim_json_kv_string (body, "id", id);
      sim_json_kv_string (body, "title", title);
      sim_json_kv_string (body, "description", description);
      sim_json_kv_string (body, "triggerText", trigger_text);
      sim_json_key (body, "branchPoint");
      sim_json_begin_object (body);
      sim_json_kv_int (body, "start", g_utf8_pointer_to_offset (text, text + match->byte_start));
      sim_json_kv_int (body, "end", g_utf8_pointer_to_offset (text, text + match->byte_end));
      sim_json_end_object (body);
      sim_json_kv_double (body, "confidence", confidence);
      sim_json_kv_string (body, "reasoning", reasoning);
      sim_json_kv_string (body, "estimatedDivergence", trigger->divergence);
      sim_json_end_object (body);
      emitted++;
    }

  sim_json_end_array (body);
  sim_json_key (body, "metadata");
  sim_json_begin_object (body);
  sim_json_kv_string (body, "detectionMethod", hybrid ? "hybrid" : "pattern");
  sim_json_kv_int (body, "totalBranchPointsFound", matches->len);
  if (hybrid)
    sim_json_kv_string (body, "modelUsed", llm_model ? llm_model : SIM_DEFAULT_MODEL);
  sim_json_end_object (body);
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

static void
handle_autobranch_health (SimRequest *req)
{
  GString *body = data_begin ();

  sim_json_begin_object (body);
  sim_json_kv_string (body, "status", req->sim->autobranch_down ? "unhealthy" : "healthy");
  sim_json_kv_string (body, "version", PACKAGE_VERSION "-sim");
  sim_json_kv_string (body, "service", "autobranch");
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

static void
handle_me (SimRequest *req)
{
  GString *body = data_begin ();

  sim_json_begin_object (body);
  sim_json_kv_string (body, "id", SIM_USER_ID);
  sim_json_kv_string (body, "email", SIM_USER_EMAIL);
  sim_json_kv_string (body, "plan", "pro");
  sim_json_kv_string (body, "createdAt", req->sim->state->user_created_at);
  sim_json_end_object (body);
  data_finish (req, SOUP_STATUS_OK, body);
}

/* Routing */

static const SimRoute routes[] = {
  { "GET",    "/conversations",                              handle_list_conversations },
  { "POST",   "/conversations",                              handle_create_conversation },
  { "GET",    "/conversations/{id}",                         handle_get_conversation },
  { "PATCH",  "/conversations/{id}",                         handle_update_conversation },
  { "DELETE", "/conversations/{id}",                         handle_delete_conversation },
  { "GET",    "/conversations/{id}/tree",                    handle_tree },
  { "GET",    "/conversations/{id}/messages",                handle_list_messages },
  { "POST",   "/conversations/{id}/messages",                handle_send },
  { "POST",   "/conversations/{id}/messages/stream",         handle_stream },
  { "GET",    "/conversations/{id}/branches",                handle_list_branches },
  { "POST",   "/conversations/{id}/branches",                handle_create_branch },
  { "POST",   "/conversations/{id}/fork",                    handle_fork },
  { "PATCH",  "/conversations/{id}/branches/{bid}",          handle_update_branch },
  { "DELETE", "/conversations/{id}/branches/{bid}",          handle_delete_branch },
  { "GET",    "/conversations/{id}/branches/{bid}/messages", handle_branch_messages },
  { "POST",   "/conversations/{id}/branches/{bid}/messages", handle_branch_send },
  { "POST",   "/conversations/{id}/branches/{bid}/merge",    handle_merge },
  { "GET",    "/conversations/{id}/checkpoints",             handle_list_checkpoints },
  { "POST",   "/conversations/{id}/checkpoints",             handle_create_checkpoint },
  { "PATCH",  "/messages/{id}",                              handle_update_message },
  { "DELETE", "/messages/{id}",                              handle_delete_message },
  { "DELETE", "/checkpoints/{cid}",                          handle_delete_checkpoint },
  { "POST",   "/checkpoints/{cid}/recreate",                 handle_recreate_checkpoint },
  { "POST",   "/autobranch/suggest-branches",                handle_suggest },
  { "GET",    "/autobranch/health",                          handle_autobranch_health },
  { "GET",    "/auth/me",                                    handle_me },
};

static GPtrArray *
split_path (const char *path)
{
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *segment;

      if (*parts[i] == '\0')
        continue;
      segment = g_uri_unescape_string (parts[i], NULL);
      if (segment == NULL)
        return NULL;
      g_ptr_array_add (segments, segment);
    }

  return g_steal_pointer (&segments);
}

static gboolean
pattern_matches (const char *pattern,
                 GPtrArray  *segments,
                 GPtrArray  *params)
{
  g_auto(GStrv) parts = g_strsplit (pattern + 1, "/", -1);

  if (g_strv_length (parts) != segments->len)
    return FALSE;

  for (guint i = 0; i < segments->len; i++)
    if (parts[i][0] != '{' && strcmp (parts[i], segments->pdata[i]) != 0)
      return FALSE;

  if (params != NULL)
    for (guint i = 0; i < segments->len; i++)
      if (parts[i][0] == '{')
        g_ptr_array_add (params, segments->pdata[i]);

  return TRUE;
}

/* Finds the route, and returns the key under which the request counts. */
static char *
route_request (SimRequest *req)
{
  const char *pattern = NULL;

  if (req->segments == NULL)
    return g_strdup_printf ("%s (unmatched)", req->method);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!pattern_matches (routes[i].pattern, req->segments, NULL))
        continue;

      pattern = routes[i].pattern;
      if (strcmp (routes[i].method, req->method) == 0)
        {
          req->route = &routes[i];
          pattern_matches (routes[i].pattern, req->segments, req->params);
          break;
        }

      if (req->allowed == NULL)
        req->allowed = g_string_new (NULL);
      else
        g_string_append (req->allowed, ", ");
      g_string_append (req->allowed, routes[i].method);
    }

  if (pattern == NULL)
    return g_strdup_printf ("%s (unmatched)", req->method);
  return g_strdup_printf ("%s %s", req->method, pattern);
}

static gboolean
check_auth (SimRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  const char *key;
  gsize key_len;

  if (value == NULL)
    {
      respond_error (req, 401, "UNAUTHORIZED", "Missing API key: send 'Authorization: ApiKey <key>'");
      return FALSE;
    }

  while (g_ascii_isspace (*value))
    value++;
  if (g_ascii_strncasecmp (value, "ApiKey", 6) != 0 || !g_ascii_isspace (value[6]))
    {
      respond_error (req, 401, "UNAUTHORIZED", "Unsupported authorization scheme: send 'Authorization: ApiKey <key>'");
      return FALSE;
    }

  key = value + 6;
  while (g_ascii_isspace (*key))
    key++;
  key_len = strlen (key);
  while (key_len > 0 && g_ascii_isspace (key[key_len - 1]))
    key_len--;

  if (key_len != strlen (req->sim->options.api_key) ||
      memcmp (key, req->sim->options.api_key, key_len) != 0)
    {
      respond_error (req, 401, "UNAUTHORIZED", "Invalid API key");
      return FALSE;
    }

  return TRUE;
}

static void
request_run (SimRequest *req)
{
  SimFault *fault = req->fault;
  guint status = fault->status;

  if (status == 0 && (fault->retry_after >= 0 || fault->retry_after_header_only))
    status = 429;

  if (status != 0 && !SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      respond_fault_status (req, status);
      return;
    }

  if (fault->body == SIM_BODY_HTML)
    {
      respond_fault_status (req, status ? status : 502);
      return;
    }

  if (fault->body == SIM_BODY_EMPTY)
    {
      soup_server_message_set_status (req->msg, status ? status : 200, NULL);
      return;
    }

  if (req->route == NULL)
    {
      if (req->allowed != NULL)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                        "Allow", req->allowed->str);
          respond_error (req, 405, NULL, "Method %s is not allowed here (allowed: %s)",
                         req->method, req->allowed->str);
        }
      else
        {
          respond_error (req, 404, NULL, "No such endpoint: %s %s", req->method, req->path);
        }
      return;
    }

  if (!check_auth (req))
    return;

  req->route->handler (req);

  /* Every handler answers. */
  if (soup_server_message_get_status (req->msg) == 0)
    respond_error (req, 500, NULL, "The simulator did not answer this request");
}

static void
on_request_gone (SoupServerMessage *msg,
                 SimRequest        *req)
{
  sim_request_free (req);
}

static gboolean
request_deferred_cb (gpointer data)
{
  SimRequest *req = data;

  req->source_id = 0;
  g_clear_signal_handler (&req->finished_id, req->msg);
  g_clear_signal_handler (&req->disconnected_id, req->msg);

  if (req->fault->drop)
    {
      /* libsoup's attempt to answer then fails, and it lets go. */
      g_object_set_data (G_OBJECT (req->msg), "sim-note", (gpointer) "connection dropped");
      sim_abort_connection (req->msg, NULL);
      soup_server_message_set_status (req->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
    }
  else
    {
      request_run (req);
    }
  soup_server_message_unpause (req->msg);

  sim_request_free (req);
  return G_SOURCE_REMOVE;
}

/* The control endpoints */

static void
control_respond (SoupServerMessage *msg,
                 guint              status,
                 GString           *body)
{
  gsize length = body->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free_and_steal (body), length);
}

static void
control_error (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  GString *body = g_string_new (NULL);

  sim_json_begin_object (body);
  sim_json_kv_bool (body, "success", FALSE);
  sim_json_kv_string (body, "error", error_code_for_status (status));
  sim_json_kv_string (body, "message", message);
  sim_json_end_object (body);
  control_respond (msg, status, body);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
control_queue_faults (SimServer         *sim,
                      SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  JsonObject *root;
  JsonNode *faults;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  SimFaultQueue *scratch;
  GString *body;

  if (!json_parser_load_from_data (parser, data ? data : "", length, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      control_error (msg, 400, "Expected {\"faults\":[{\"path\":…,\"method\":…,\"spec\":…,\"count\":N}]}");
      return;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  faults = json_object_get_member (root, "faults");
  if (faults != NULL && JSON_NODE_HOLDS_ARRAY (faults))
    {
      JsonArray *array = json_node_get_array (faults);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              control_error (msg, 400, "Each fault must be an object");
              return;
            }
          g_ptr_array_add (items, json_node_get_object (node));
        }
    }
  else if (json_object_has_member (root, "spec"))
    {
      g_ptr_array_add (items, root);
    }
  else
    {
      control_error (msg, 400, "Expected {\"faults\":[{\"path\":…,\"method\":…,\"spec\":…,\"count\":N}]}");
      return;
    }

  /* All or nothing: check every item before queueing any. */
  scratch = sim_fault_queue_new ();
  for (guint i = 0; i < items->len; i++)
    {
      if (!sim_fault_queue_add (scratch, items->pdata[i], &error))
        {
          sim_fault_queue_free (scratch);
          control_error (msg, 400, error->message);
          return;
        }
    }
  sim_fault_queue_free (scratch);

  for (guint i = 0; i < items->len; i++)
    sim_fault_queue_add (sim->faults, items->pdata[i], NULL);

  body = g_string_new (NULL);
  sim_json_begin_object (body);
  sim_json_kv_bool (body, "success", TRUE);
  sim_json_kv_int (body, "queued", sim_fault_queue_length (sim->faults));
  sim_json_end_object (body);
  control_respond (msg, 200, body);
}

static void
control_stats (SimServer         *sim,
               SoupServerMessage *msg)
{
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;
  GString *body = g_string_new (NULL);

  keys = g_hash_table_get_keys_as_array (sim->stats, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_strings);

  sim_json_begin_object (body);
  sim_json_key (body, "requests");
  sim_json_begin_object (body);
  for (guint i = 0; i < n_keys; i++)
    sim_json_kv_int (body, keys[i], GPOINTER_TO_UINT (g_hash_table_lookup (sim->stats, keys[i])));
  sim_json_end_object (body);
  sim_json_kv_int (body, "total", (gint64) sim->total_requests);
  sim_json_kv_int (body, "pendingFaults", sim_fault_queue_length (sim->faults));
  sim_json_end_object (body);
  control_respond (msg, 200, body);
}

static void
sim_server_seed (SimServer *sim)
{
  guint n_conversations = sim->options.seed_conversations;

  if (sim->options.seed_branches > 0 && n_conversations == 0)
    n_conversations = 1;
  sim_state_seed (sim->state, n_conversations, sim->options.seed_messages);
  sim_state_seed_branches (sim->state, sim->options.seed_branches);
}

static JsonObject *
control_body_object (SoupServerMessage *msg,
                     JsonParser        *parser)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (!json_parser_load_from_data (parser, data ? data : "", length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_get_object (json_parser_get_root (parser));
}

/* Changes a stored message's contentHash behind the API's back, as a
 * tampered or hash-less message would look: {"contentHash": "…" | null}. */
static void
control_tamper_message (SimServer         *sim,
                        SoupServerMessage *msg,
                        const char        *message_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = control_body_object (msg, parser);
  SimMessage *message = sim_state_lookup_message (sim->state, message_id);
  JsonNode *hash;

  if (message == NULL)
    {
      control_error (msg, 404, "No such message");
      return;
    }
  if (object == NULL || (hash = json_object_get_member (object, "contentHash")) == NULL ||
      (!JSON_NODE_HOLDS_NULL (hash) && json_node_get_value_type (hash) != G_TYPE_STRING))
    {
      control_error (msg, 400, "Expected {\"contentHash\": \"…\" or null}");
      return;
    }

  g_free (message->content_hash);
  message->content_hash = JSON_NODE_HOLDS_NULL (hash) ? NULL : g_strdup (json_node_get_string (hash));
  state_changed (sim);
  control_respond (msg, 200, g_string_new ("{\"success\":true}"));
}

/* {"healthy": false} makes the autobranch health report "unhealthy" and
 * suggestions fail with 503, until {"healthy": true} or a reset. */
static void
control_autobranch (SimServer         *sim,
                    SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = control_body_object (msg, parser);
  JsonNode *healthy;

  if (object == NULL || (healthy = json_object_get_member (object, "healthy")) == NULL ||
      json_node_get_value_type (healthy) != G_TYPE_BOOLEAN)
    {
      control_error (msg, 400, "Expected {\"healthy\": true|false}");
      return;
    }
  sim->autobranch_down = !json_node_get_boolean (healthy);
  control_respond (msg, 200, g_string_new ("{\"success\":true}"));
}

static void
control_dispatch (SimServer         *sim,
                  SoupServerMessage *msg,
                  const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean known = TRUE;

  if (strcmp (path, "/faults") == 0)
    {
      if (strcmp (method, "POST") == 0)
        control_queue_faults (sim, msg);
      else if (strcmp (method, "DELETE") == 0)
        {
          GString *body = g_string_new ("{\"success\":true,\"queued\":0}");

          sim_fault_queue_clear (sim->faults);
          control_respond (msg, 200, body);
        }
      else if (strcmp (method, "GET") == 0)
        {
          GString *body = g_string_new (NULL);

          sim_json_begin_object (body);
          sim_json_key (body, "faults");
          sim_fault_queue_write (sim->faults, body);
          sim_json_end_object (body);
          control_respond (msg, 200, body);
        }
      else
        known = FALSE;
    }
  else if (strcmp (path, "/stats") == 0)
    {
      if (strcmp (method, "GET") == 0)
        control_stats (sim, msg);
      else if (strcmp (method, "DELETE") == 0)
        {
          g_hash_table_remove_all (sim->stats);
          sim->total_requests = 0;
          control_respond (msg, 200, g_string_new ("{\"success\":true}"));
        }
      else
        known = FALSE;
    }
  else if (strcmp (path, "/reset") == 0)
    {
      if (strcmp (method, "POST") == 0)
        {
          sim_state_clear (sim->state);
          sim_server_seed (sim);
          sim->autobranch_down = FALSE;
          sim_fault_queue_clear (sim->faults);
          g_hash_table_remove_all (sim->stats);
          sim->total_requests = 0;
          state_changed (sim);
          control_respond (msg, 200, g_string_new ("{\"success\":true}"));
        }
      else
        known = FALSE;
    }
  else if (g_str_has_prefix (path, "/messages/") && path[strlen ("/messages/")] != '\0')
    {
      if (strcmp (method, "PATCH") == 0)
        control_tamper_message (sim, msg, path + strlen ("/messages/"));
      else
        known = FALSE;
    }
  else if (strcmp (path, "/autobranch") == 0)
    {
      if (strcmp (method, "POST") == 0)
        control_autobranch (sim, msg);
      else
        known = FALSE;
    }
  else
    {
      control_error (msg, 404, "Unknown control endpoint; see --help");
      return;
    }

  if (!known)
    control_error (msg, 405, "Method not allowed on this control endpoint");
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SimServer *sim = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(SimRequest) req = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stats_key = NULL;
  g_autofree char *queued = NULL;
  const char *header;
  guint delay_ms;

  if (g_str_has_prefix (path, CONTROL_PATH "/"))
    {
      control_dispatch (sim, msg, path + strlen (CONTROL_PATH));
      return;
    }
  if (g_str_has_prefix (path, SIM_BASE_PATH CONTROL_PATH "/"))
    {
      control_dispatch (sim, msg, path + strlen (SIM_BASE_PATH CONTROL_PATH));
      return;
    }

  req = g_new0 (SimRequest, 1);
  req->sim = sim;
  req->msg = g_object_ref (msg);
  req->method = soup_server_message_get_method (msg);
  req->params = g_ptr_array_new ();
  req->query = query ? g_hash_table_ref (query) : NULL;
  req->fault = sim_fault_new ();

  if (g_str_has_prefix (path, SIM_BASE_PATH "/") || strcmp (path, SIM_BASE_PATH) == 0)
    {
      req->path = g_strdup (path + strlen (SIM_BASE_PATH));
      req->segments = split_path (req->path);
    }
  else
    {
      req->path = g_strdup (path);
    }

  stats_key = route_request (req);
  g_hash_table_insert (sim->stats, g_strdup (stats_key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (sim->stats, stats_key)) + 1));
  sim->total_requests++;

  queued = sim_fault_queue_take (sim->faults, req->method, req->path);
  header = soup_message_headers_get_list (headers, FAULT_HEADER);
  if (!sim_fault_parse (req->fault, queued, &error) ||
      !sim_fault_parse (req->fault, header, &error))
    {
      g_clear_pointer (&req->fault, sim_fault_free);
      req->fault = sim_fault_new ();
      respond_error (req, 400, "BAD_FAULT_SPEC", "%s: %s", FAULT_HEADER, error->message);
      return;
    }

  if (!sim_fault_is_empty (req->fault))
    g_object_set_data_full (G_OBJECT (msg), "sim-fault", g_strdup (req->fault->description->str), g_free);

  delay_ms = MAX (req->fault->delay_ms, 0);
  if (req->route == NULL || req->route->handler != handle_stream)
    delay_ms += MAX (req->fault->stall_ms, 0);

  if (req->fault->drop || delay_ms > 0)
    {
      SimRequest *deferred = g_steal_pointer (&req);

      soup_server_message_pause (msg);
      deferred->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_request_gone), deferred);
      deferred->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_request_gone), deferred);
      deferred->source_id = g_timeout_add (delay_ms, request_deferred_cb, deferred);
      return;
    }

  request_run (req);
}

/* Logging */

static void
log_request (SoupServer        *server,
             SoupServerMessage *msg,
             SimServer         *sim,
             gboolean           aborted)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  const char *fault = g_object_get_data (G_OBJECT (msg), "sim-fault");
  const char *note = g_object_get_data (G_OBJECT (msg), "sim-note");
  g_autofree char *outcome = NULL;

  if (note != NULL)
    outcome = g_strdup (note);
  else
    outcome = g_strdup_printf ("%u%s", soup_server_message_get_status (msg),
                               aborted ? " (the client went away)" : "");

  g_printerr ("%s %s%s%s -> %s%s%s%s\n",
              soup_server_message_get_method (msg),
              g_uri_get_path (uri),
              query ? "?" : "", query ? query : "",
              outcome,
              fault ? " [fault: " : "", fault ? fault : "", fault ? "]" : "");
}

static void
on_request_finished (SoupServer        *server,
                     SoupServerMessage *msg,
                     SimServer         *sim)
{
  log_request (server, msg, sim, FALSE);
}

static void
on_request_aborted (SoupServer        *server,
                    SoupServerMessage *msg,
                    SimServer         *sim)
{
  log_request (server, msg, sim, TRUE);
}

/* Saving */

gboolean
sim_server_save_now (SimServer  *sim,
                     GError    **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_clear_handle_id (&sim->save_source_id, g_source_remove);

  if (sim->options.state_path == NULL)
    return TRUE;

  contents = sim_state_serialize (sim->state, &length);
  return g_file_set_contents (sim->options.state_path, contents, length, error);
}

static gboolean
save_cb (gpointer data)
{
  SimServer *sim = data;
  g_autoptr(GError) error = NULL;

  sim->save_source_id = 0;
  if (!sim_server_save_now (sim, &error))
    g_printerr ("chatroutes-simulator: could not save the state: %s\n", error->message);

  return G_SOURCE_REMOVE;
}

/* Saves are coalesced: many changes in one main loop turn cost one write. */
static void
state_changed (SimServer *sim)
{
  if (sim->options.state_path != NULL && sim->save_source_id == 0)
    sim->save_source_id = g_idle_add_full (G_PRIORITY_LOW, save_cb, sim, NULL);
}

/* Life cycle */

SimServer *
sim_server_new (const SimOptions  *options,
                GError           **error)
{
  g_autoptr(SimServer) sim = g_new0 (SimServer, 1);
  gboolean loaded = FALSE;

  sim->options = *options;
  sim->options.api_key = g_strdup (options->api_key);
  sim->options.state_path = g_strdup (options->state_path);
  sim->state = sim_state_new ();
  sim->faults = sim_fault_queue_new ();
  sim->stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (sim->options.state_path != NULL && g_file_test (sim->options.state_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (sim->options.state_path, &contents, &length, error) ||
          !sim_state_load (sim->state, contents, length, error))
        return NULL;
      loaded = TRUE;
    }

  if (!loaded)
    sim_server_seed (sim);

  sim->soup = soup_server_new ("server-header", "chatroutes-simulator/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (sim->soup, NULL, server_callback, sim, NULL);
  if (sim->options.verbose)
    {
      g_signal_connect (sim->soup, "request-finished", G_CALLBACK (on_request_finished), sim);
      g_signal_connect (sim->soup, "request-aborted", G_CALLBACK (on_request_aborted), sim);
    }

  return g_steal_pointer (&sim);
}

SoupServer *
sim_server_get_soup (SimServer *sim)
{
  return sim->soup;
}

void
sim_server_free (SimServer *sim)
{
  if (sim == NULL)
    return;

  g_clear_handle_id (&sim->save_source_id, g_source_remove);
  if (sim->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (sim->soup, sim);
      soup_server_disconnect (sim->soup);
      g_clear_object (&sim->soup);
    }
  g_clear_pointer (&sim->state, sim_state_free);
  g_clear_pointer (&sim->faults, sim_fault_queue_free);
  g_clear_pointer (&sim->stats, g_hash_table_unref);
  g_free (sim->options.api_key);
  g_free (sim->options.state_path);
  g_free (sim);
}
