/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <json-glib/json-glib.h>

#include "chatroutes-content-elider.h"

static JsonNode *
parse (const char *json,
       gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  /* As the service's decoder reads it: one value, nothing after it. */
  json_parser_set_strict (parser, TRUE);
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, json, len, &error))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

/* Feeds @json cut at @cut (and, when @bytewise, byte by byte) and checks
 * the result means the same JSON: whole, or with the message's content set
 * aside exactly when it equals @expected. */
static void
check (const char *json,
       const char *expected,
       gboolean    want_elided,
       gsize       cut,
       gboolean    bytewise)
{
  g_autoptr(ChatroutesContentElider) elider = chatroutes_content_elider_new (expected, strlen (expected));
  g_autoptr(JsonNode) original = parse (json, -1);
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *out = NULL;
  gsize len = strlen (json);
  gsize out_len;
  gboolean elided;

  g_assert_nonnull (original);

  if (bytewise)
    for (gsize i = 0; i < len; i++)
      chatroutes_content_elider_feed (elider, json + i, 1);
  else
    {
      chatroutes_content_elider_feed (elider, json, MIN (cut, len));
      chatroutes_content_elider_feed (elider, json + MIN (cut, len), len - MIN (cut, len));
    }

  out = chatroutes_content_elider_finish (elider, &out_len, &elided);
  g_assert_cmpuint (strlen (out), ==, out_len);
  g_assert_cmpint (elided, ==, want_elided);

  result = parse (out, out_len);
  if (result == NULL)
    g_error ("not JSON after cut %" G_GSIZE_FORMAT ": %s", cut, out);

  if (elided)
    {
      JsonObject *message = json_object_get_object_member (json_node_get_object (result), "message");

      g_assert_cmpstr (json_object_get_string_member (message, "content"), ==, "");
      if (*expected != '\0')
        g_assert_cmpuint (out_len, <, len);
      json_object_set_string_member (message, "content", expected);
    }

  if (!json_node_equal (original, result))
    g_error ("different JSON after cut %" G_GSIZE_FORMAT ": %s", cut, out);
}

static void
check_all_cuts (const char *json,
                const char *expected,
                gboolean    want_elided)
{
  gsize len = strlen (json);

  for (gsize cut = 0; cut <= len; cut++)
    check (json, expected, want_elided, cut, FALSE);
  check (json, expected, want_elided, 0, TRUE);
}

#define COMPLETE(content) \
  "{\"type\":\"complete\",\"message\":{\"id\":\"m1\",\"role\":\"assistant\",\"content\":" content \
  ",\"metadata\":{\"content\":\"inner\",\"model\":\"gpt-5\"}},\"usage\":{\"totalTokens\":3},\"model\":\"gpt-5\"}"

static void
test_equal_content_is_elided (void)
{
  check_all_cuts (COMPLETE ("\"Hello, world\""), "Hello, world", TRUE);
  check_all_cuts (COMPLETE ("\"\""), "", TRUE);
  /* Every kind of escape, decoded before comparing. */
  check_all_cuts (COMPLETE ("\"line\\nbreak \\\"q\\\" back\\\\slash \\/ \\t caf\\u00e9 \\ud83d\\ude00 日本\""),
                  "line\nbreak \"q\" back\\slash / \t café 😀 日本", TRUE);
  /* Whitespace and key order do not matter. */
  check_all_cuts ("{ \"message\" : { \"content\" : \"abc\" , \"id\" : \"x\" } , \"type\" : \"complete\" }",
                  "abc", TRUE);
}

static void
test_different_content_is_kept (void)
{
  /* Differs at the start, in the middle, at the end; shorter; longer; in
   * an escape; in a multi-byte character. */
  check_all_cuts (COMPLETE ("\"Xello\""), "Hello", FALSE);
  check_all_cuts (COMPLETE ("\"HeXlo\""), "Hello", FALSE);
  check_all_cuts (COMPLETE ("\"Hell\""), "Hello", FALSE);
  check_all_cuts (COMPLETE ("\"Hello!\""), "Hello", FALSE);
  check_all_cuts (COMPLETE ("\"a\\nb\""), "a\tb", FALSE);
  check_all_cuts (COMPLETE ("\"caf\\u00e8\""), "café", FALSE);
  check_all_cuts (COMPLETE ("\"café\""), "cafè", FALSE);
  check_all_cuts (COMPLETE ("\"x\\ud83d\\ude01\""), "x😀", FALSE);
  check_all_cuts (COMPLETE ("\"tab\\there\""), "tab", FALSE);
}

static void
test_other_shapes_pass_through (void)
{
  /* Only message.content at the top: nothing else is touched. */
  check_all_cuts ("{\"type\":\"content\",\"content\":\"Hello\"}", "Hello", FALSE);
  check_all_cuts ("{\"type\":\"error\",\"message\":\"Hello\"}", "Hello", FALSE);
  check_all_cuts ("{\"outer\":{\"message\":{\"content\":\"Hello\"}}}", "Hello", FALSE);
  check_all_cuts ("{\"message\":{\"content\":null}}", "Hello", FALSE);
  check_all_cuts ("{\"message\":{\"nested\":{\"content\":\"Hello\"}}}", "Hello", FALSE);
  check_all_cuts ("[{\"message\":{\"content\":\"Hello\"}}]", "Hello", FALSE);
  check_all_cuts ("{\"mess\\u0061ge\":{\"content\":\"Hello\"}}", "Hello", FALSE);
  check_all_cuts ("{\"message\":{\"content\\u0020\":\"Hello\"}}", "Hello", FALSE);
  /* A later duplicate member wins in JSON readers: what was set aside
   * goes back in. */
  check_all_cuts ("{\"message\":{\"content\":\"Hello\"},\"message\":{\"content\":\"Bye\"}}", "Hello", FALSE);
  check_all_cuts ("{\"message\":{\"content\":\"Hello\",\"content\":\"Bye\"}}", "Hello", FALSE);
  check_all_cuts ("{\"message\":{\"content\":\"Hello\"},\"message\":{\"id\":\"m\"}}", "Hello", FALSE);
}

static void
test_deep_nesting (void)
{
  GString *json = g_string_new ("{\"message\":{\"content\":\"x\",\"deep\":");

  for (guint i = 0; i < 200; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 200; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "}}");
  check (json->str, "x", TRUE, 5, FALSE);
  g_string_free (json, TRUE);
}

static void
test_cut_input (void)
{
  /* A text cut inside the content comes out cut too, never "fixed". */
  const char *json = "{\"message\":{\"content\":\"Hello wor";
  g_autoptr(ChatroutesContentElider) elider = chatroutes_content_elider_new ("Hello world", 11);
  g_autofree char *out = NULL;
  gboolean elided;

  chatroutes_content_elider_feed (elider, json, strlen (json));
  out = chatroutes_content_elider_finish (elider, NULL, &elided);
  g_assert_false (elided);
  g_assert_cmpstr (out, ==, json);
}

static void
test_large_content (void)
{
  GString *text = g_string_new (NULL);
  GString *json = g_string_new ("{\"type\":\"complete\",\"message\":{\"id\":\"m\",\"content\":\"");
  g_autoptr(ChatroutesContentElider) elider = NULL;
  g_autofree char *out = NULL;
  gboolean elided;

  for (guint i = 0; i < 100000; i++)
    {
      g_string_append_printf (text, "word %u\n", i);
      g_string_append_printf (json, "word %u\\n", i);
    }
  g_string_append (json, "\"},\"model\":\"gpt-5\"}");

  elider = chatroutes_content_elider_new (text->str, text->len);
  for (gsize i = 0; i < json->len; i += 4096)
    chatroutes_content_elider_feed (elider, json->str + i, MIN (4096, json->len - i));
  /* What is held stays small while the text goes by. */
  g_assert_cmpuint (chatroutes_content_elider_get_size (elider), <, 200);
  out = chatroutes_content_elider_finish (elider, NULL, &elided);
  g_assert_true (elided);
  g_assert_cmpstr (out, ==, "{\"type\":\"complete\",\"message\":{\"id\":\"m\",\"content\":\"\"},\"model\":\"gpt-5\"}");

  g_string_free (text, TRUE);
  g_string_free (json, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/elider/equal", test_equal_content_is_elided);
  g_test_add_func ("/elider/different", test_different_content_is_kept);
  g_test_add_func ("/elider/other-shapes", test_other_shapes_pass_through);
  g_test_add_func ("/elider/deep", test_deep_nesting);
  g_test_add_func ("/elider/cut", test_cut_input);
  g_test_add_func ("/elider/large", test_large_content);

  return g_test_run ();
}
