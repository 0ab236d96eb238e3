/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <pango/pango.h>

#include "chatroutes-markdown-blocks.h"

static void
check_markup (const char *markup)
{
  static GRegex *anchor;
  g_autofree char *pango_markup = NULL;

  if (markup == NULL)
    return;
  if (!g_utf8_validate (markup, -1, NULL))
    __builtin_trap ();
  /* GtkLabel takes the links out before Pango parses the rest. */
  if (anchor == NULL)
    anchor = g_regex_new ("<a href=\"[^\"<>]*\">|</a>", G_REGEX_OPTIMIZE, 0, NULL);
  pango_markup = g_regex_replace_literal (anchor, markup, -1, 0, "", 0, NULL);
  if (!pango_parse_markup (pango_markup, -1, 0, NULL, NULL, NULL, NULL))
    __builtin_trap ();
}

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) shorter = NULL;

  blocks = chatroutes_markdown_blocks_parse ((const char *) data, size);
  for (guint i = 0; i < blocks->len; i++)
    {
      ChatroutesMarkdownBlock *block = g_ptr_array_index (blocks, i);

      check_markup (block->markup);
      for (guint c = 0; c < block->n_rows * block->n_columns; c++)
        check_markup (block->cells[c]);
    }

  /* The same text cut short: the prefix rule of streaming. */
  shorter = chatroutes_markdown_blocks_parse ((const char *) data, size / 2);
  if (chatroutes_markdown_blocks_common_prefix (shorter, blocks) > MIN (shorter->len, blocks->len))
    __builtin_trap ();

  return 0;
}
