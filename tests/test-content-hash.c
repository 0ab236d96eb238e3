/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <string.h>

#include "chatroutes-content-hash.h"

/*
 * The expected serialisations and hashes below were produced independently
 * of this code:
 *
 *   Python flavour:  python3 -c 'import json, hashlib
 *     s = json.dumps ({"v": 1, "role": …, …}, separators=(",", ":"))
 *     print (s, hashlib.sha256 (s.encode ()).hexdigest ())'
 *   JS flavour:      the same with ensure_ascii=False, cross-checked with
 *     node -e 'const s = JSON.stringify ({v: 1, role: …, …});
 *       console.log (require ("crypto").createHash ("sha256")
 *                      .update (s, "utf8").digest ("hex"))'
 *
 * which printed the same hashes for every vector.
 */

typedef struct
{
  const char *name;
  const char *role;
  const char *content;
  const char *model;
  const char *parent_message_id;
  const char *branch_id;
  const char *created_at;
  const char *js_json;
  const char *js_hash;
  const char *python_json;
  const char *python_hash;
} HashVector;

static const HashVector vectors[] = {
  {
    "ascii",
    "user", "Hello, world!", "gpt-5", NULL, "b-1", "2025-01-02T03:04:05.000Z",
    "{\"v\":1,\"role\":\"user\",\"content\":\"Hello, world!\",\"model\":\"gpt-5\","
    "\"parentMessageId\":null,\"branchId\":\"b-1\",\"createdAt\":\"2025-01-02T03:04:05.000Z\"}",
    "0e3b3ce5b55f3811383edcc4dca7a606b68e22f78e2533211110abf2432882fb",
    "{\"v\":1,\"role\":\"user\",\"content\":\"Hello, world!\",\"model\":\"gpt-5\","
    "\"parentMessageId\":null,\"branchId\":\"b-1\",\"createdAt\":\"2025-01-02T03:04:05.000Z\"}",
    "0e3b3ce5b55f3811383edcc4dca7a606b68e22f78e2533211110abf2432882fb",
  },
  {
    /* "Café 漢字 😀" */
    "non-ascii",
    "assistant", "Caf\xc3\xa9 \xe6\xbc\xa2\xe5\xad\x97 \xf0\x9f\x98\x80", "claude-sonnet-4-5",
    "m-1", "main", "2025-06-30T12:00:00Z",
    "{\"v\":1,\"role\":\"assistant\",\"content\":\"Caf\xc3\xa9 \xe6\xbc\xa2\xe5\xad\x97 "
    "\xf0\x9f\x98\x80\",\"model\":\"claude-sonnet-4-5\",\"parentMessageId\":\"m-1\","
    "\"branchId\":\"main\",\"createdAt\":\"2025-06-30T12:00:00Z\"}",
    "e059af47d18c666053d34d15ae13cee03d0f86538743f21abd3a5e29891b62f6",
    "{\"v\":1,\"role\":\"assistant\",\"content\":\"Caf\\u00e9 \\u6f22\\u5b57 "
    "\\ud83d\\ude00\",\"model\":\"claude-sonnet-4-5\",\"parentMessageId\":\"m-1\","
    "\"branchId\":\"main\",\"createdAt\":\"2025-06-30T12:00:00Z\"}",
    "607cf1ce7f779abf73d2447732ca5124f9beae8cf6b872c6f5959372852f16e5",
  },
  {
    /* JSON.stringify leaves DEL as it is; json.dumps escapes it. */
    "control",
    "user", "line1\nline2\ttab\r\b\f\x01\x1f\x7f end", "gpt-5", "m-2", "b-2",
    "2025-01-02T03:04:05.000Z",
    "{\"v\":1,\"role\":\"user\",\"content\":\"line1\\nline2\\ttab\\r\\b\\f\\u0001\\u001f"
    "\x7f end\",\"model\":\"gpt-5\",\"parentMessageId\":\"m-2\",\"branchId\":\"b-2\","
    "\"createdAt\":\"2025-01-02T03:04:05.000Z\"}",
    "94b1890b23135e3ef31d35576c3916b2efbbbf013aef5a82454e8512350ad99e",
    "{\"v\":1,\"role\":\"user\",\"content\":\"line1\\nline2\\ttab\\r\\b\\f\\u0001\\u001f"
    "\\u007f end\",\"model\":\"gpt-5\",\"parentMessageId\":\"m-2\",\"branchId\":\"b-2\","
    "\"createdAt\":\"2025-01-02T03:04:05.000Z\"}",
    "0c40c294ee6baaf8d5a321d30293e6f6464dfdaa1d8e8ed33701ddb06ffee2e1",
  },
  {
    "quotes-backslashes",
    "user", "He said \"hi\" \\ C:\\dir\\", "gpt-5", NULL, NULL, "2025-01-02T03:04:05.000Z",
    "{\"v\":1,\"role\":\"user\",\"content\":\"He said \\\"hi\\\" \\\\ C:\\\\dir\\\\\","
    "\"model\":\"gpt-5\",\"parentMessageId\":null,\"branchId\":null,"
    "\"createdAt\":\"2025-01-02T03:04:05.000Z\"}",
    "18f8547979e62f788e8840f453ab17fdc96a1b4e604f08e35629dec3751c1643",
    "{\"v\":1,\"role\":\"user\",\"content\":\"He said \\\"hi\\\" \\\\ C:\\\\dir\\\\\","
    "\"model\":\"gpt-5\",\"parentMessageId\":null,\"branchId\":null,"
    "\"createdAt\":\"2025-01-02T03:04:05.000Z\"}",
    "18f8547979e62f788e8840f453ab17fdc96a1b4e604f08e35629dec3751c1643",
  },
  {
    "all-null",
    NULL, NULL, NULL, NULL, NULL, NULL,
    "{\"v\":1,\"role\":null,\"content\":null,\"model\":null,\"parentMessageId\":null,"
    "\"branchId\":null,\"createdAt\":null}",
    "b20d78ba8dc6fd2f3011faaf47b51e191bf0915572e45f0edf6577b2cba79aac",
    "{\"v\":1,\"role\":null,\"content\":null,\"model\":null,\"parentMessageId\":null,"
    "\"branchId\":null,\"createdAt\":null}",
    "b20d78ba8dc6fd2f3011faaf47b51e191bf0915572e45f0edf6577b2cba79aac",
  },
};

static void
test_serialize (gconstpointer user_data)
{
  const HashVector *v = user_data;
  g_autofree char *js = NULL;
  g_autofree char *python = NULL;

  js = chatroutes_content_hash_serialize (CHATROUTES_CONTENT_HASH_JS, v->role, v->content,
                                          v->model, v->parent_message_id, v->branch_id,
                                          v->created_at);
  python = chatroutes_content_hash_serialize (CHATROUTES_CONTENT_HASH_PYTHON, v->role,
                                              v->content, v->model, v->parent_message_id,
                                              v->branch_id, v->created_at);

  g_assert_cmpstr (js, ==, v->js_json);
  g_assert_cmpstr (python, ==, v->python_json);
}

static void
test_compute (gconstpointer user_data)
{
  const HashVector *v = user_data;
  g_autofree char *js = NULL;
  g_autofree char *python = NULL;

  js = chatroutes_content_hash_compute (CHATROUTES_CONTENT_HASH_JS, v->role, v->content,
                                        v->model, v->parent_message_id, v->branch_id,
                                        v->created_at);
  python = chatroutes_content_hash_compute (CHATROUTES_CONTENT_HASH_PYTHON, v->role,
                                            v->content, v->model, v->parent_message_id,
                                            v->branch_id, v->created_at);

  g_assert_cmpstr (js, ==, v->js_hash);
  g_assert_cmpstr (python, ==, v->python_hash);
}

static ChatroutesContentHashResult
check_vector (const HashVector *v,
              const char       *expected_hash,
              const char       *content)
{
  return chatroutes_content_hash_check (expected_hash, v->role, content, v->model,
                                        v->parent_message_id, v->branch_id, v->created_at);
}

static void
test_check (gconstpointer user_data)
{
  const HashVector *v = user_data;
  g_autofree char *js_upper = g_ascii_strup (v->js_hash, -1);
  g_autofree char *python_upper = g_ascii_strup (v->python_hash, -1);
  g_autofree char *tampered = g_strconcat (v->content != NULL ? v->content : "", "!", NULL);

  /* Either flavour verifies, in either case. */
  g_assert_cmpint (check_vector (v, v->js_hash, v->content), ==,
                   CHATROUTES_CONTENT_HASH_VERIFIED);
  g_assert_cmpint (check_vector (v, v->python_hash, v->content), ==,
                   CHATROUTES_CONTENT_HASH_VERIFIED);
  g_assert_cmpint (check_vector (v, js_upper, v->content), ==,
                   CHATROUTES_CONTENT_HASH_VERIFIED);
  g_assert_cmpint (check_vector (v, python_upper, v->content), ==,
                   CHATROUTES_CONTENT_HASH_VERIFIED);

  /* Tampered content matches neither. */
  g_assert_cmpint (check_vector (v, v->js_hash, tampered), ==,
                   CHATROUTES_CONTENT_HASH_MISMATCH);
  g_assert_cmpint (check_vector (v, v->python_hash, tampered), ==,
                   CHATROUTES_CONTENT_HASH_MISMATCH);

  /* No hash: nothing to check. */
  g_assert_cmpint (check_vector (v, NULL, v->content), ==,
                   CHATROUTES_CONTENT_HASH_UNAVAILABLE);
  g_assert_cmpint (check_vector (v, "", v->content), ==,
                   CHATROUTES_CONTENT_HASH_UNAVAILABLE);
}

static void
test_check_field_changes (void)
{
  const HashVector *v = &vectors[1];
  const char *hash = v->js_hash;

  /* Every covered field counts, and NULL is not the same as "". */
  g_assert_cmpint (chatroutes_content_hash_check (hash, "user", v->content, v->model,
                                                  v->parent_message_id, v->branch_id,
                                                  v->created_at),
                   ==, CHATROUTES_CONTENT_HASH_MISMATCH);
  g_assert_cmpint (chatroutes_content_hash_check (hash, v->role, v->content, "gpt-5",
                                                  v->parent_message_id, v->branch_id,
                                                  v->created_at),
                   ==, CHATROUTES_CONTENT_HASH_MISMATCH);
  g_assert_cmpint (chatroutes_content_hash_check (hash, v->role, v->content, v->model,
                                                  NULL, v->branch_id, v->created_at),
                   ==, CHATROUTES_CONTENT_HASH_MISMATCH);
  g_assert_cmpint (chatroutes_content_hash_check (hash, v->role, v->content, v->model,
                                                  v->parent_message_id, "", v->created_at),
                   ==, CHATROUTES_CONTENT_HASH_MISMATCH);
  g_assert_cmpint (chatroutes_content_hash_check (hash, v->role, v->content, v->model,
                                                  v->parent_message_id, v->branch_id,
                                                  "2025-06-30T12:00:01Z"),
                   ==, CHATROUTES_CONTENT_HASH_MISMATCH);

  /* Not a hash at all. */
  g_assert_cmpint (chatroutes_content_hash_check ("not-a-hash", v->role, v->content, v->model,
                                                  v->parent_message_id, v->branch_id,
                                                  v->created_at),
                   ==, CHATROUTES_CONTENT_HASH_MISMATCH);
}

static void
test_escape_every_control_char (void)
{
  /* Every character below 0x20 and DEL, checked against the rules rather
   * than a vector: the named escapes, else \u00XX in lowercase hex. */
  for (guint c = 1; c < 0x80; c++)
    {
      char content[2] = { (char) c, '\0' };
      g_autofree char *js = NULL;
      g_autofree char *python = NULL;
      g_autofree char *expected_js = NULL;
      g_autofree char *expected_python = NULL;
      const char *escape;
      g_autofree char *u_escape = g_strdup_printf ("\\u%04x", c);

      switch (c)
        {
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        default: escape = c < 0x20 ? u_escape : content; break;
        }

      expected_js = g_strdup_printf ("{\"v\":1,\"role\":null,\"content\":\"%s\",\"model\":null,"
                                     "\"parentMessageId\":null,\"branchId\":null,"
                                     "\"createdAt\":null}", escape);
      expected_python = g_strdup_printf ("{\"v\":1,\"role\":null,\"content\":\"%s\","
                                         "\"model\":null,\"parentMessageId\":null,"
                                         "\"branchId\":null,\"createdAt\":null}",
                                         c == 0x7f ? "\\u007f" : escape);

      js = chatroutes_content_hash_serialize (CHATROUTES_CONTENT_HASH_JS,
                                              NULL, content, NULL, NULL, NULL, NULL);
      python = chatroutes_content_hash_serialize (CHATROUTES_CONTENT_HASH_PYTHON,
                                                  NULL, content, NULL, NULL, NULL, NULL);
      g_assert_cmpstr (js, ==, expected_js);
      g_assert_cmpstr (python, ==, expected_python);
    }
}

static void
test_python_code_points (void)
{
  /* Boundaries of the UTF-8 lengths and of the BMP. */
  static const struct
  {
    const char *utf8;
    const char *escaped;
  } cases[] = {
    { "\xc2\x80", "\\u0080" },
    { "\xc3\xbf", "\\u00ff" },
    { "\xdf\xbf", "\\u07ff" },
    { "\xe0\xa0\x80", "\\u0800" },
    { "\xe2\x80\xa8", "\\u2028" },
    { "\xef\xbf\xbd", "\\ufffd" },
    { "\xef\xbf\xbf", "\\uffff" },
    { "\xf0\x90\x80\x80", "\\ud800\\udc00" },
    { "\xf4\x8f\xbf\xbf", "\\udbff\\udfff" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *python = NULL;
      g_autofree char *js = NULL;
      g_autofree char *expected = NULL;

      python = chatroutes_content_hash_serialize (CHATROUTES_CONTENT_HASH_PYTHON,
                                                  cases[i].utf8, NULL, NULL, NULL, NULL, NULL);
      expected = g_strdup_printf ("{\"v\":1,\"role\":\"%s\",\"content\":null,\"model\":null,"
                                  "\"parentMessageId\":null,\"branchId\":null,"
                                  "\"createdAt\":null}", cases[i].escaped);
      g_assert_cmpstr (python, ==, expected);

      js = chatroutes_content_hash_serialize (CHATROUTES_CONTENT_HASH_JS,
                                              cases[i].utf8, NULL, NULL, NULL, NULL, NULL);
      g_assert_nonnull (strstr (js, cases[i].utf8));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *serialize_path = g_strdup_printf ("/content-hash/serialize/%s",
                                                         vectors[i].name);
      g_autofree char *compute_path = g_strdup_printf ("/content-hash/compute/%s",
                                                       vectors[i].name);
      g_autofree char *check_path = g_strdup_printf ("/content-hash/check/%s",
                                                     vectors[i].name);

      g_test_add_data_func (serialize_path, &vectors[i], test_serialize);
      g_test_add_data_func (compute_path, &vectors[i], test_compute);
      g_test_add_data_func (check_path, &vectors[i], test_check);
    }
  g_test_add_func ("/content-hash/check/field-changes", test_check_field_changes);
  g_test_add_func ("/content-hash/serialize/control-chars", test_escape_every_control_char);
  g_test_add_func ("/content-hash/serialize/python-code-points", test_python_code_points);

  return g_test_run ();
}
