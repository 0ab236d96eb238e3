/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <string.h>

#include "chatroutes-content-elider.h"
#include "chatroutes-json-escape.h"

#define MAX_TRACKED_DEPTH 64
#define MAX_KEY 16

typedef enum
{
  TARGET_NONE,      /* not seen yet */
  TARGET_COMPARING, /* inside the content string, equal so far */
  TARGET_COPYING,   /* inside the content string, which differs */
  TARGET_DONE,
} TargetState;

struct _ChatroutesContentElider
{
  GString *out;
  const char *expected;
  gsize expected_len;

  /* Structure outside the target string. */
  guint depth;
  gboolean in_object[MAX_TRACKED_DEPTH + 1];
  gboolean gave_up;        /* deeper than tracked: copy the rest as it is */
  gboolean expect_key;
  guint message_depth;     /* depth of the "message" object, or 0 */
  gboolean key_is_message; /* the last key at depth 1 was "message" */
  gboolean key_is_content; /* the last key in the message was "content" */

  /* A string other than the target. */
  gboolean in_string;
  gboolean string_is_key;
  gboolean escape;
  char key[MAX_KEY];
  gsize key_len;

  /* The target string. */
  TargetState target;
  gsize matched;           /* bytes of expected matched so far */
  char esc[12];            /* a pending escape sequence, raw */
  gsize esc_len;
  gboolean elided;
  gsize elided_at;         /* where the "" placeholder starts in out */
};

ChatroutesContentElider *
chatroutes_content_elider_new (const char *expected,
                               gsize       expected_len)
{
  ChatroutesContentElider *self = g_new0 (ChatroutesContentElider, 1);

  self->out = g_string_sized_new (1024);
  self->expected = expected;
  self->expected_len = expected_len;
  return self;
}

void
chatroutes_content_elider_free (ChatroutesContentElider *self)
{
  if (self == NULL)
    return;
  if (self->out)
    g_string_free (self->out, TRUE);
  g_free (self);
}

gsize
chatroutes_content_elider_get_size (ChatroutesContentElider *self)
{
  return self->out->len;
}

/* Writes @text as the inside of a JSON string. Only what JSON requires is
 * escaped; other bytes go as they are, so a byte-exact prefix stays exact. */
static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
}

/* The content differs from the expected text after @matched bytes: write
 * what matched, escaped, then carry on copying the raw rest. */
static void
start_copying (ChatroutesContentElider *self)
{
  g_string_append_c (self->out, '"');
  append_escaped (self->out, self->expected, self->matched);
  g_string_append_len (self->out, self->esc, self->esc_len);
  self->esc_len = 0;
  self->target = TARGET_COPYING;
}

/* Compares the target string's bytes; returns how many it used. */
static gsize
feed_target (ChatroutesContentElider *self,
             const char              *p,
             const char              *end)
{
  const char *start = p;

  while (p < end && self->target == TARGET_COMPARING)
    {
      if (self->esc_len > 0)
        {
          gsize need;

          self->esc[self->esc_len++] = *p++;
          need = chatroutes_json_escape_length (self->esc, self->esc_len);
          if (need == 0)
            {
              start_copying (self);
              break;
            }
          if (self->esc_len == need)
            {
              char utf8[6];
              gsize n = chatroutes_json_escape_decode (self->esc, self->esc_len, utf8);

              if (n == 0 || self->matched + n > self->expected_len ||
                  memcmp (self->expected + self->matched, utf8, n) != 0)
                {
                  start_copying (self);
                  break;
                }
              self->matched += n;
              self->esc_len = 0;
            }
          continue;
        }

      if (*p == '"')
        {
          p++;
          if (self->matched == self->expected_len)
            {
              self->elided_at = self->out->len;
              g_string_append (self->out, "\"\"");
              self->elided = TRUE;
              self->target = TARGET_DONE;
            }
          else
            {
              start_copying (self);
              g_string_append_c (self->out, '"');
              self->target = TARGET_DONE;
            }
          break;
        }

      if (*p == '\\')
        {
          self->esc[0] = '\\';
          self->esc_len = 1;
          p++;
          continue;
        }

      {
        /* A run of plain bytes: compared as they are. */
        const char *run_end = p;
        gsize run, room, same = 0;

        while (run_end < end && *run_end != '"' && *run_end != '\\')
          run_end++;
        run = run_end - p;
        room = self->expected_len - self->matched;

        while (same < MIN (run, room) && p[same] == self->expected[self->matched + same])
          same++;

        self->matched += same;
        p += same;
        if (same < run)
          {
            start_copying (self);
            break;
          }
      }
    }

  return p - start;
}

/* Copies the rest of a differing target string up to its closing quote. */
static gsize
copy_target (ChatroutesContentElider *self,
             const char              *p,
             const char              *end)
{
  const char *start = p;

  while (p < end)
    {
      char c = *p++;

      if (self->escape)
        self->escape = FALSE;
      else if (c == '\\')
        self->escape = TRUE;
      else if (c == '"')
        {
          self->target = TARGET_DONE;
          break;
        }
    }

  g_string_append_len (self->out, start, p - start);
  return p - start;
}

/* A later "message" or "content" member replaces the one set aside, as
 * JSON readers keep the last of duplicate members: the set-aside text
 * then goes back in, so the output still means what the input meant. */
static void
undo_elision (ChatroutesContentElider *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  append_escaped (text, self->expected, self->expected_len);
  g_string_insert_len (self->out, self->elided_at + 1, text->str, text->len);
  self->elided = FALSE;
}

static void
end_key (ChatroutesContentElider *self)
{
  gboolean is = FALSE;

  if (self->key_len != G_MAXSIZE)
    {
      if (self->depth == 1)
        is = self->key_len == 7 && memcmp (self->key, "message", 7) == 0;
      else if (self->message_depth != 0 && self->depth == self->message_depth)
        is = self->key_len == 7 && memcmp (self->key, "content", 7) == 0;
    }

  if (is && self->elided)
    undo_elision (self);

  if (self->depth == 1)
    self->key_is_message = is;
  else if (self->message_depth != 0 && self->depth == self->message_depth)
    self->key_is_content = is;
}

void
chatroutes_content_elider_feed (ChatroutesContentElider *self,
                                const char              *bytes,
                                gsize                    len)
{
  const char *p = bytes;
  const char *end = bytes + len;

  while (p < end)
    {
      char c;

      if (self->gave_up)
        {
          g_string_append_len (self->out, p, end - p);
          return;
        }

      if (self->target == TARGET_COMPARING)
        {
          p += feed_target (self, p, end);
          continue;
        }
      if (self->target == TARGET_COPYING)
        {
          p += copy_target (self, p, end);
          continue;
        }

      c = *p++;

      if (self->in_string)
        {
          g_string_append_c (self->out, c);
          if (self->escape)
            self->escape = FALSE;
          else if (c == '\\')
            {
              self->escape = TRUE;
              /* Keys with escapes are never the ones looked for. */
              self->key_len = G_MAXSIZE;
            }
          else if (c == '"')
            {
              self->in_string = FALSE;
              if (self->string_is_key)
                end_key (self);
            }
          else if (self->string_is_key && self->key_len != G_MAXSIZE)
            {
              if (self->key_len < MAX_KEY)
                self->key[self->key_len++] = c;
              else
                self->key_len = G_MAXSIZE;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          self->string_is_key = self->depth > 0 && self->in_object[self->depth] && self->expect_key;
          if (!self->string_is_key && self->target == TARGET_NONE &&
              self->message_depth != 0 && self->depth == self->message_depth &&
              self->key_is_content)
            {
              /* The content string: compared, not kept. */
              self->target = TARGET_COMPARING;
              continue;
            }
          self->in_string = TRUE;
          self->escape = FALSE;
          self->key_len = 0;
          break;

        case '{':
        case '[':
          if (self->depth == MAX_TRACKED_DEPTH)
            {
              self->gave_up = TRUE;
              break;
            }
          if (c == '{' && self->depth == 1 && self->key_is_message && !self->expect_key)
            self->message_depth = 2;
          self->depth++;
          self->in_object[self->depth] = c == '{';
          self->expect_key = c == '{';
          break;

        case '}':
        case ']':
          if (self->depth > 0)
            {
              if (self->depth == self->message_depth)
                self->message_depth = 0;
              self->depth--;
            }
          self->expect_key = FALSE;
          break;

        case ':':
          self->expect_key = FALSE;
          break;

        case ',':
          if (self->depth > 0 && self->in_object[self->depth])
            {
              self->expect_key = TRUE;
              if (self->depth == 1)
                self->key_is_message = FALSE;
              else if (self->depth == self->message_depth)
                self->key_is_content = FALSE;
            }
          break;

        default:
          break;
        }

      g_string_append_c (self->out, c);
    }
}

char *
chatroutes_content_elider_finish (ChatroutesContentElider *self,
                                  gsize                   *len,
                                  gboolean                *elided)
{
  /* A text cut inside the content: put back what was compared, so the
   * decoder sees the text as it came and reports it malformed. */
  if (self->target == TARGET_COMPARING)
    start_copying (self);

  if (len)
    *len = self->out->len;
  if (elided)
    *elided = self->elided;
  return g_string_free_and_steal (g_steal_pointer (&self->out));
}
