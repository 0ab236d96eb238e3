/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chatroutes-tree-text.h"

char *
chatroutes_tree_excerpt (const char *content,
                         guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *flat;
  const char *p;
  guint chars = 0;

  if (content == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (content, -1);
  flat = g_string_new (NULL);
  for (p = valid; *p != '\0' && chars < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word_start = flat->len == 0 || flat->str[flat->len - 1] == ' ';

      if (c == '*' || c == '`' || (word_start && (c == '#' || c == '>')))
        continue;
      if (g_unichar_isspace (c))
        {
          if (!word_start)
            {
              g_string_append_c (flat, ' ');
              chars++;
            }
          continue;
        }
      g_string_append_unichar (flat, c);
      chars++;
    }

  while (flat->len > 0 && flat->str[flat->len - 1] == ' ')
    g_string_truncate (flat, flat->len - 1);
  if (*p != '\0')
    g_string_append (flat, "…");
  return g_string_free (flat, FALSE);
}

const char *
chatroutes_tree_role_name (const char *role)
{
  if (g_strcmp0 (role, "user") == 0)
    return _("You");
  if (g_strcmp0 (role, "assistant") == 0)
    return _("Assistant");
  if (g_strcmp0 (role, "system") == 0)
    return _("System");
  return _("Message");
}
