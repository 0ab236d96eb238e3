/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-simulator"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sim-faults.h"
#include "sim-json.h"

#define MAX_DELAY_MS (10 * 60 * 1000)

SimFault *
sim_fault_new (void)
{
  SimFault *fault = g_new0 (SimFault, 1);

  fault->retry_after = -1;
  fault->cut_after = -1;
  fault->stall_ms = -1;
  fault->delay_ms = -1;
  fault->split = g_array_new (FALSE, FALSE, sizeof (guint64));
  fault->description = g_string_new (NULL);

  return fault;
}

SimFault *
sim_fault_copy (const SimFault *fault)
{
  SimFault *copy = g_memdup2 (fault, sizeof *fault);

  copy->split = g_array_copy (fault->split);
  copy->description = g_string_new_len (fault->description->str, fault->description->len);

  return copy;
}

void
sim_fault_free (SimFault *fault)
{
  if (fault == NULL)
    return;

  g_array_unref (fault->split);
  g_string_free (fault->description, TRUE);
  g_free (fault);
}

gboolean
sim_fault_is_empty (const SimFault *fault)
{
  return fault->description->len == 0;
}

static gboolean
parse_number (const char  *text,
              guint64      max,
              guint64     *out,
              const char  *key,
              GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Fault '%s' needs a number up to %" G_GUINT64_FORMAT ", not '%s'",
                   key, max, text);
      return FALSE;
    }
  return TRUE;
}

static gint
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static gboolean
apply_item (SimFault    *fault,
            const char  *key,
            const char  *value,
            GError     **error)
{
  guint64 n = 0;

#define NEED_VALUE()                                                     \
  G_STMT_START {                                                         \
    if (value == NULL)                                                   \
      {                                                                  \
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,    \
                     "Fault '%s' needs a value", key);                   \
        return FALSE;                                                    \
      }                                                                  \
  } G_STMT_END

  if (strcmp (key, "status") == 0)
    {
      NEED_VALUE ();
      if (!parse_number (value, 599, &n, key, error))
        return FALSE;
      if (n < 100)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "Fault 'status' must be between 100 and 599");
          return FALSE;
        }
      fault->status = (guint) n;
    }
  else if (strcmp (key, "retry-after") == 0)
    {
      NEED_VALUE ();
      if (!parse_number (value, 86400, &n, key, error))
        return FALSE;
      fault->retry_after = (gint) n;
    }
  else if (strcmp (key, "retry-after-header-only") == 0)
    {
      fault->retry_after_header_only = TRUE;
      if (value != NULL)
        {
          if (!parse_number (value, 86400, &n, key, error))
            return FALSE;
          fault->retry_after = (gint) n;
        }
    }
  else if (strcmp (key, "body") == 0)
    {
      NEED_VALUE ();
      if (strcmp (value, "malformed") == 0)
        fault->body = SIM_BODY_MALFORMED;
      else if (strcmp (value, "empty") == 0)
        fault->body = SIM_BODY_EMPTY;
      else if (strcmp (value, "html") == 0)
        fault->body = SIM_BODY_HTML;
      else if (strcmp (value, "wrongtype") == 0)
        fault->body = SIM_BODY_WRONGTYPE;
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "Fault 'body' is one of malformed, empty, html, wrongtype; not '%s'", value);
          return FALSE;
        }
    }
  else if (strcmp (key, "shape") == 0)
    {
      NEED_VALUE ();
      if (strcmp (value, "bare") == 0)
        fault->shape = SIM_SHAPE_BARE;
      else if (strcmp (value, "legacy") == 0)
        fault->shape = SIM_SHAPE_LEGACY;
      else if (strcmp (value, "canonical") == 0)
        fault->shape = SIM_SHAPE_CANONICAL;
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "Fault 'shape' is one of bare, legacy, canonical; not '%s'", value);
          return FALSE;
        }
    }
  else if (strcmp (key, "cut-after") == 0)
    {
      NEED_VALUE ();
      if (!parse_number (value, G_MAXINT, &n, key, error))
        return FALSE;
      fault->cut_after = (gint) n;
    }
  else if (strcmp (key, "split") == 0)
    {
      NEED_VALUE ();
      if (!parse_number (value, G_MAXINT64, &n, key, error))
        return FALSE;
      g_array_append_val (fault->split, n);
      g_array_sort (fault->split, compare_offsets);
    }
  else if (strcmp (key, "stall") == 0 || strcmp (key, "delay") == 0)
    {
      NEED_VALUE ();
      if (!parse_number (value, MAX_DELAY_MS, &n, key, error))
        return FALSE;
      if (key[0] == 's')
        fault->stall_ms = (gint) n;
      else
        fault->delay_ms = (gint) n;
    }
  else if (strcmp (key, "crlf") == 0)
    fault->eol = SIM_EOL_CRLF;
  else if (strcmp (key, "cr") == 0)
    fault->eol = SIM_EOL_CR;
  else if (strcmp (key, "lf") == 0)
    fault->eol = SIM_EOL_LF;
  else if (strcmp (key, "multiline") == 0)
    fault->multiline = TRUE;
  else if (strcmp (key, "comments") == 0)
    fault->comments = TRUE;
  else if (strcmp (key, "error-event") == 0)
    fault->error_event = TRUE;
  else if (strcmp (key, "drop") == 0)
    fault->drop = TRUE;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                   "Unknown fault '%s' (see --help)", key);
      return FALSE;
    }

#undef NEED_VALUE

  return TRUE;
}

/* Items are separated by ';' or ','. A bare number after "split=N"
 * continues its list of offsets: "split=3,7,20". */
gboolean
sim_fault_parse (SimFault    *fault,
                 const char  *spec,
                 GError     **error)
{
  g_auto(GStrv) tokens = NULL;
  g_autofree char *list_key = NULL;
  gboolean any = FALSE;

  if (spec == NULL)
    return TRUE;

  tokens = g_strsplit_set (spec, ";,", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      char *token = g_strstrip (tokens[i]);
      char *eq;
      g_autofree char *key = NULL;
      const char *value = NULL;

      if (*token == '\0')
        continue;

      eq = strchr (token, '=');
      if (eq != NULL)
        {
          key = g_strstrip (g_strndup (token, eq - token));
          value = g_strstrip (eq + 1);
        }
      else if (list_key != NULL && g_ascii_isdigit (*token))
        {
          key = g_strdup (list_key);
          value = token;
        }
      else
        {
          key = g_strdup (token);
        }

      g_clear_pointer (&list_key, g_free);
      if (strcmp (key, "split") == 0)
        list_key = g_strdup (key);

      if (!apply_item (fault, key, value, error))
        return FALSE;
      any = TRUE;
    }

  if (any)
    {
      if (fault->description->len > 0)
        g_string_append_c (fault->description, ';');
      g_string_append (fault->description, spec);
    }

  return TRUE;
}

/* The queue */

typedef struct
{
  char *path;     /* a prefix of the path after the base, or "*" */
  char *method;   /* or "*" */
  char *spec;
  gint  count;    /* < 0: until cleared */
} QueuedFault;

struct _SimFaultQueue
{
  GPtrArray *items;
};

static void
queued_fault_free (QueuedFault *item)
{
  g_free (item->path);
  g_free (item->method);
  g_free (item->spec);
  g_free (item);
}

SimFaultQueue *
sim_fault_queue_new (void)
{
  SimFaultQueue *queue = g_new0 (SimFaultQueue, 1);

  queue->items = g_ptr_array_new_with_free_func ((GDestroyNotify) queued_fault_free);
  return queue;
}

void
sim_fault_queue_free (SimFaultQueue *queue)
{
  if (queue == NULL)
    return;
  g_ptr_array_unref (queue->items);
  g_free (queue);
}

void
sim_fault_queue_clear (SimFaultQueue *queue)
{
  g_ptr_array_set_size (queue->items, 0);
}

guint
sim_fault_queue_length (SimFaultQueue *queue)
{
  return queue->items->len;
}

static const char *
optional_string (JsonObject  *object,
                 const char  *name,
                 const char  *fallback,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return fallback;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "'%s' must be a string", name);
      return NULL;
    }
  return json_node_get_string (node);
}

gboolean
sim_fault_queue_add (SimFaultQueue  *queue,
                     JsonObject     *object,
                     GError        **error)
{
  g_autoptr(SimFault) check = sim_fault_new ();
  const char *path;
  const char *method;
  const char *spec;
  JsonNode *count_node;
  gint64 count = 1;
  QueuedFault *item;

  if (!(path = optional_string (object, "path", "*", error)) ||
      !(method = optional_string (object, "method", "*", error)) ||
      !(spec = optional_string (object, "spec", NULL, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "'spec' is required");
      return FALSE;
    }

  if (!sim_fault_parse (check, spec, error))
    return FALSE;

  count_node = json_object_get_member (object, "count");
  if (count_node != NULL && !JSON_NODE_HOLDS_NULL (count_node))
    {
      if (json_node_get_value_type (count_node) != G_TYPE_INT64)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "'count' must be an integer");
          return FALSE;
        }
      count = json_node_get_int (count_node);
    }

  item = g_new0 (QueuedFault, 1);
  /* Paths may be given with or without the base path. */
  if (g_str_has_prefix (path, "/api/v1/") || strcmp (path, "/api/v1") == 0)
    path += strlen ("/api/v1");
  item->path = g_strdup (*path ? path : "/");
  item->method = g_ascii_strup (method, -1);
  item->spec = g_strdup (spec);
  item->count = count <= 0 ? -1 : (gint) MIN (count, G_MAXINT);
  g_ptr_array_add (queue->items, item);

  return TRUE;
}

char *
sim_fault_queue_take (SimFaultQueue *queue,
                      const char    *method,
                      const char    *path)
{
  for (guint i = 0; i < queue->items->len; i++)
    {
      QueuedFault *item = queue->items->pdata[i];
      char *spec;

      if (strcmp (item->method, "*") != 0 && strcmp (item->method, method) != 0)
        continue;
      if (strcmp (item->path, "*") != 0 && !g_str_has_prefix (path, item->path))
        continue;

      spec = g_strdup (item->spec);
      if (item->count > 0 && --item->count == 0)
        g_ptr_array_remove_index (queue->items, i);
      return spec;
    }

  return NULL;
}

void
sim_fault_queue_write (SimFaultQueue *queue,
                       GString       *out)
{
  sim_json_begin_array (out);
  for (guint i = 0; i < queue->items->len; i++)
    {
      QueuedFault *item = queue->items->pdata[i];

      sim_json_begin_object (out);
      sim_json_kv_string (out, "path", item->path);
      sim_json_kv_string (out, "method", item->method);
      sim_json_kv_string (out, "spec", item->spec);
      sim_json_kv_int (out, "count", item->count);
      sim_json_end_object (out);
    }
  sim_json_end_array (out);
}
