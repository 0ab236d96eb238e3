/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-simulator"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sim-json.h"

static const char hex_digits[] = "0123456789abcdef";

void
sim_json_escape_append (GString    *out,
                        const char *str,
                        gssize      len)
{
  const guchar *p = (const guchar *) str;
  const guchar *end;
  const guchar *run;

  if (len < 0)
    len = strlen (str);

  end = p + len;
  run = p;

  for (; p < end; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);

      switch (c)
        {
        case '"':
          g_string_append_len (out, "\\\"", 2);
          break;
        case '\\':
          g_string_append_len (out, "\\\\", 2);
          break;
        case '\b':
          g_string_append_len (out, "\\b", 2);
          break;
        case '\f':
          g_string_append_len (out, "\\f", 2);
          break;
        case '\n':
          g_string_append_len (out, "\\n", 2);
          break;
        case '\r':
          g_string_append_len (out, "\\r", 2);
          break;
        case '\t':
          g_string_append_len (out, "\\t", 2);
          break;
        default:
          {
            char esc[6] = { '\\', 'u', '0', '0', hex_digits[c >> 4], hex_digits[c & 0xf] };

            g_string_append_len (out, esc, sizeof esc);
          }
          break;
        }

      run = p + 1;
    }

  if (p > run)
    g_string_append_len (out, (const char *) run, p - run);
}

void
sim_json_sep (GString *out)
{
  char last;

  if (out->len == 0)
    return;

  last = out->str[out->len - 1];
  if (last != '{' && last != '[' && last != ':')
    g_string_append_c (out, ',');
}

void
sim_json_key (GString    *out,
              const char *key)
{
  sim_json_sep (out);
  g_string_append_c (out, '"');
  sim_json_escape_append (out, key, -1);
  g_string_append_len (out, "\":", 2);
}

void
sim_json_string_len (GString    *out,
                     const char *value,
                     gssize      len)
{
  sim_json_sep (out);
  if (value == NULL)
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  g_string_append_c (out, '"');
  sim_json_escape_append (out, value, len);
  g_string_append_c (out, '"');
}

void
sim_json_string (GString    *out,
                 const char *value)
{
  sim_json_string_len (out, value, -1);
}

void
sim_json_int (GString *out,
              gint64   value)
{
  sim_json_sep (out);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

void
sim_json_double (GString *out,
                 double   value)
{
  char buf[64];

  sim_json_sep (out);

  if (!isfinite (value))
    {
      g_string_append_len (out, "null", 4);
      return;
    }

  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
      return;
    }

  /* The shortest form that reads back as the same double, like JavaScript. */
  for (int precision = 1; precision <= 17; precision++)
    {
      g_snprintf (buf, sizeof buf, "%.*g", precision, value);
      for (char *p = buf; *p; p++)
        if (*p == ',')
          *p = '.';
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
}

void
sim_json_bool (GString  *out,
               gboolean  value)
{
  sim_json_sep (out);
  g_string_append (out, value ? "true" : "false");
}

void
sim_json_null (GString *out)
{
  sim_json_sep (out);
  g_string_append_len (out, "null", 4);
}

void
sim_json_begin_object (GString *out)
{
  sim_json_sep (out);
  g_string_append_c (out, '{');
}

void
sim_json_end_object (GString *out)
{
  g_string_append_c (out, '}');
}

void
sim_json_begin_array (GString *out)
{
  sim_json_sep (out);
  g_string_append_c (out, '[');
}

void
sim_json_end_array (GString *out)
{
  g_string_append_c (out, ']');
}

static void
sim_json_value (GString  *out,
                JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    sim_json_int (out, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    sim_json_double (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    sim_json_bool (out, json_node_get_boolean (node));
  else if (type == G_TYPE_STRING)
    sim_json_string (out, json_node_get_string (node));
  else
    sim_json_null (out);
}

void
sim_json_node (GString  *out,
               JsonNode *node)
{
  if (node == NULL)
    {
      sim_json_null (out);
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        sim_json_begin_object (out);
        for (const GList *l = members; l != NULL; l = l->next)
          {
            sim_json_key (out, l->data);
            sim_json_node (out, json_object_get_member (object, l->data));
          }
        sim_json_end_object (out);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        sim_json_begin_array (out);
        for (guint i = 0; i < n; i++)
          sim_json_node (out, json_array_get_element (array, i));
        sim_json_end_array (out);
      }
      break;

    case JSON_NODE_VALUE:
      sim_json_value (out, node);
      break;

    case JSON_NODE_NULL:
    default:
      sim_json_null (out);
      break;
    }
}

void
sim_json_kv_string (GString    *out,
                    const char *key,
                    const char *value)
{
  sim_json_key (out, key);
  sim_json_string (out, value);
}

void
sim_json_kv_int (GString    *out,
                 const char *key,
                 gint64      value)
{
  sim_json_key (out, key);
  sim_json_int (out, value);
}

void
sim_json_kv_double (GString    *out,
                    const char *key,
                    double      value)
{
  sim_json_key (out, key);
  sim_json_double (out, value);
}

void
sim_json_kv_bool (GString    *out,
                  const char *key,
                  gboolean    value)
{
  sim_json_key (out, key);
  sim_json_bool (out, value);
}

void
sim_json_kv_null (GString    *out,
                  const char *key)
{
  sim_json_key (out, key);
  sim_json_null (out);
}
