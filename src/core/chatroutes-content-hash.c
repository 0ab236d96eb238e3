/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <string.h>

#include "chatroutes-content-hash.h"

/*
 * The server hashes JSON.stringify output; the Python SDK hashes json.dumps
 * output with compact separators and the default ensure_ascii. Both escape
 * '"', '\\', \b \f \n \r \t and the other control characters below 0x20 as
 * \u00XX in lowercase hex. Python also escapes DEL (0x7f) and every
 * non-ASCII code point as \uXXXX, astral ones as a UTF-16 surrogate pair.
 */

static const char hex_digits[] = "0123456789abcdef";

static void
append_u_escape (GString *out,
                 guint    unit)
{
  char buf[6] = {
    '\\', 'u',
    hex_digits[(unit >> 12) & 0xf],
    hex_digits[(unit >> 8) & 0xf],
    hex_digits[(unit >> 4) & 0xf],
    hex_digits[unit & 0xf],
  };

  g_string_append_len (out, buf, sizeof buf);
}

static void
append_json_string (GString                     *out,
                    ChatroutesContentHashFlavour flavour,
                    const char                  *value)
{
  g_autofree char *valid = NULL;
  const char *p;

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  /* Text from the service is valid UTF-8; anything else cannot match the
   * server's hash anyway, but must still serialise to something. */
  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  g_string_append_c (out, '"');

  p = value;
  while (*p != '\0')
    {
      const char *run = p;
      guchar c;

      /* Copy the longest stretch that needs no escape in one go. */
      if (flavour == CHATROUTES_CONTENT_HASH_PYTHON)
        {
          while (*p != '\0' && (guchar) *p >= 0x20 && (guchar) *p < 0x7f &&
                 *p != '"' && *p != '\\')
            p++;
        }
      else
        {
          while (*p != '\0' && (guchar) *p >= 0x20 && *p != '"' && *p != '\\')
            p++;
        }
      g_string_append_len (out, run, p - run);

      if (*p == '\0')
        break;

      c = (guchar) *p;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          p++;
          break;
        case '\\':
          g_string_append (out, "\\\\");
          p++;
          break;
        case '\b':
          g_string_append (out, "\\b");
          p++;
          break;
        case '\f':
          g_string_append (out, "\\f");
          p++;
          break;
        case '\n':
          g_string_append (out, "\\n");
          p++;
          break;
        case '\r':
          g_string_append (out, "\\r");
          p++;
          break;
        case '\t':
          g_string_append (out, "\\t");
          p++;
          break;
        default:
          if (c < 0x80)
            {
              /* Other control characters, and DEL in the Python flavour. */
              append_u_escape (out, c);
              p++;
            }
          else
            {
              gunichar ch = g_utf8_get_char (p);

              g_assert (flavour == CHATROUTES_CONTENT_HASH_PYTHON);

              if (ch >= 0x10000)
                {
                  ch -= 0x10000;
                  append_u_escape (out, 0xd800 + (ch >> 10));
                  append_u_escape (out, 0xdc00 + (ch & 0x3ff));
                }
              else
                {
                  append_u_escape (out, ch);
                }
              p = g_utf8_next_char (p);
            }
          break;
        }
    }

  g_string_append_c (out, '"');
}

char *
chatroutes_content_hash_serialize (ChatroutesContentHashFlavour flavour,
                                   const char                  *role,
                                   const char                  *content,
                                   const char                  *model,
                                   const char                  *parent_message_id,
                                   const char                  *branch_id,
                                   const char                  *created_at)
{
  GString *out;

  g_return_val_if_fail (flavour == CHATROUTES_CONTENT_HASH_JS ||
                        flavour == CHATROUTES_CONTENT_HASH_PYTHON, NULL);

  out = g_string_sized_new (128 + (content != NULL ? strlen (content) : 0));

  g_string_append (out, "{\"v\":1,\"role\":");
  append_json_string (out, flavour, role);
  g_string_append (out, ",\"content\":");
  append_json_string (out, flavour, content);
  g_string_append (out, ",\"model\":");
  append_json_string (out, flavour, model);
  g_string_append (out, ",\"parentMessageId\":");
  append_json_string (out, flavour, parent_message_id);
  g_string_append (out, ",\"branchId\":");
  append_json_string (out, flavour, branch_id);
  g_string_append (out, ",\"createdAt\":");
  append_json_string (out, flavour, created_at);
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

static char *
hash_string (const char *serialized)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, serialized, -1);
}

char *
chatroutes_content_hash_compute (ChatroutesContentHashFlavour flavour,
                                 const char                  *role,
                                 const char                  *content,
                                 const char                  *model,
                                 const char                  *parent_message_id,
                                 const char                  *branch_id,
                                 const char                  *created_at)
{
  g_autofree char *serialized = NULL;

  serialized = chatroutes_content_hash_serialize (flavour, role, content, model,
                                                  parent_message_id, branch_id,
                                                  created_at);
  if (serialized == NULL)
    return NULL;

  return hash_string (serialized);
}

ChatroutesContentHashResult
chatroutes_content_hash_check (const char *expected_hash,
                               const char *role,
                               const char *content,
                               const char *model,
                               const char *parent_message_id,
                               const char *branch_id,
                               const char *created_at)
{
  g_autofree char *js = NULL;
  g_autofree char *python = NULL;
  g_autofree char *js_hash = NULL;
  g_autofree char *python_hash = NULL;

  if (expected_hash == NULL || expected_hash[0] == '\0')
    return CHATROUTES_CONTENT_HASH_UNAVAILABLE;

  js = chatroutes_content_hash_serialize (CHATROUTES_CONTENT_HASH_JS, role, content,
                                          model, parent_message_id, branch_id,
                                          created_at);
  js_hash = hash_string (js);
  if (g_ascii_strcasecmp (expected_hash, js_hash) == 0)
    return CHATROUTES_CONTENT_HASH_VERIFIED;

  python = chatroutes_content_hash_serialize (CHATROUTES_CONTENT_HASH_PYTHON, role,
                                              content, model, parent_message_id,
                                              branch_id, created_at);
  /* Plain ASCII text serialises the same way in both flavours. */
  if (strcmp (js, python) == 0)
    return CHATROUTES_CONTENT_HASH_MISMATCH;

  python_hash = hash_string (python);
  if (g_ascii_strcasecmp (expected_hash, python_hash) == 0)
    return CHATROUTES_CONTENT_HASH_VERIFIED;

  return CHATROUTES_CONTENT_HASH_MISMATCH;
}
