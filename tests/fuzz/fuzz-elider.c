/* SPDX-License-Identifier: MIT */
/*
 * The content elider must never change what a JSON text means: whatever
 * the input and wherever it is cut, a text that parses comes out parsing to
 * the same value, with message.content set aside only when it equals the
 * expected text. Input: the expected text, a NUL byte, then the JSON.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "chatroutes-content-elider.h"

static JsonNode *
parse (const char *text,
       gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  /* As the service's decoder reads it: one value, nothing after it. */
  json_parser_set_strict (parser, TRUE);

  if (!json_parser_load_from_data (parser, text, len, NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  const char *nul = memchr (data, '\0', size);
  g_autoptr(ChatroutesContentElider) elider = NULL;
  g_autoptr(JsonNode) original = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  const char *json;
  gsize json_len, out_len, step;
  gboolean elided;

  if (nul == NULL)
    return 0;
  expected = g_strndup (text, nul - text);
  json = nul + 1;
  json_len = size - (json - text);
  if (!g_utf8_validate_len (json, json_len, NULL) || memchr (json, '\0', json_len))
    return 0;

  elider = chatroutes_content_elider_new (expected, strlen (expected));
  step = json_len > 0 ? 1 + (guchar) json[0] % 7 : 1;
  for (gsize at = 0; at < json_len; at += step)
    chatroutes_content_elider_feed (elider, json + at, MIN (step, json_len - at));
  out = chatroutes_content_elider_finish (elider, &out_len, &elided);

  original = parse (json, json_len);
  if (original == NULL)
    return 0;

  result = parse (out, out_len);
  g_assert_nonnull (result);
  if (elided)
    {
      JsonObject *message = json_object_get_object_member (json_node_get_object (result), "message");

      g_assert_cmpstr (json_object_get_string_member (message, "content"), ==, "");
      json_object_set_string_member (message, "content", expected);
    }
  g_assert_true (json_node_equal (original, result));
  return 0;
}
