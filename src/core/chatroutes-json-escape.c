/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <string.h>

#include "chatroutes-json-escape.h"

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
parse_hex4 (const char *p,
            gunichar   *out)
{
  gunichar value = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = hex_digit (p[i]);
      if (d < 0)
        return FALSE;
      value = (value << 4) | (gunichar) d;
    }
  *out = value;
  return TRUE;
}

gsize
chatroutes_json_escape_length (const char *esc,
                               gsize       len)
{
  gunichar u;

  if (len < 2)
    return 2;
  if (esc[1] != 'u')
    return strchr ("\"\\/bfnrt", esc[1]) != NULL && esc[1] != '\0' ? 2 : 0;
  if (len < 6)
    return 6;
  if (!parse_hex4 (esc + 2, &u))
    return 0;
  if (u < 0xD800 || u > 0xDBFF)
    return 6;
  /* A high surrogate must be followed by "\u". */
  if ((len > 6 && esc[6] != '\\') || (len > 7 && esc[7] != 'u'))
    return 0;
  return 12;
}

gsize
chatroutes_json_escape_decode (const char *esc,
                               gsize       len,
                               char        utf8[6])
{
  gunichar u, low;

  if (len < 2 || esc[0] != '\\' || chatroutes_json_escape_length (esc, len) != len)
    return 0;

  if (esc[1] != 'u')
    {
      static const char from[] = "\"\\/bfnrt";
      static const char to[] = "\"\\/\b\f\n\r\t";
      const char *at = strchr (from, esc[1]);

      utf8[0] = to[at - from];
      return 1;
    }

  parse_hex4 (esc + 2, &u);
  if (len == 12)
    {
      if (!parse_hex4 (esc + 8, &low) || low < 0xDC00 || low > 0xDFFF)
        return 0;
      u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
    }
  else if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0)
    return 0;

  return g_unichar_to_utf8 (u, utf8);
}
