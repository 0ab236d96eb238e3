/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <string.h>

#include <pango/pango.h>

#include "chatroutes-markdown-blocks.h"

#define B(blocks, i) ((ChatroutesMarkdownBlock *) g_ptr_array_index ((blocks), (i)))

static const char *sample_document =
  "# Getting started\n"
  "\n"
  "Install the **library** with *one* command, `make install`, then read\n"
  "[the guide](https://example.org/guide?a=1&b=2) &mdash; or ~~not~~.\n"
  "\n"
  "## Steps\n"
  "\n"
  "1. Clone\n"
  "2. Build\n"
  "   - with meson\n"
  "   - or not\n"
  "3. Run\n"
  "\n"
  "- [x] tests pass\n"
  "- [ ] docs written\n"
  "\n"
  "> A quote with `code` and **bold**.\n"
  ">\n"
  "> > Nested.\n"
  "\n"
  "```c\n"
  "if (a < b && c > d)\n"
  "  puts (\"<hi>\");\n"
  "```\n"
  "\n"
  "| Name | Size | Note |\n"
  "|:-----|-----:|:----:|\n"
  "| a.c  | 12   | *ok* |\n"
  "| b.c  | 3    |      |\n"
  "\n"
  "---\n"
  "\n"
  "```python\n"
  "print('done')\n"
  "```\n"
  "Last <b>words</b> & such.\n";

/* Pango knows no links: GtkLabel takes <a href="…"> out before Pango
 * parses the rest, and so does this check. */
static char *
without_links (const char *markup)
{
  static GRegex *anchor;

  if (anchor == NULL)
    anchor = g_regex_new ("<a href=\"[^\"<>]*\">|</a>", G_REGEX_OPTIMIZE, 0, NULL);
  return g_regex_replace_literal (anchor, markup, -1, 0, "", 0, NULL);
}

static void
assert_markup_valid (const char *markup)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pango_markup = NULL;

  g_assert_nonnull (markup);
  g_assert_true (g_utf8_validate (markup, -1, NULL));
  pango_markup = without_links (markup);
  if (!pango_parse_markup (pango_markup, -1, 0, NULL, NULL, NULL, &error))
    g_error ("Invalid markup “%s”: %s", markup, error->message);
}

static void
assert_blocks_valid (GPtrArray *blocks)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      ChatroutesMarkdownBlock *block = B (blocks, i);

      switch (block->kind)
        {
        case CHATROUTES_MARKDOWN_BLOCK_HEADING:
        case CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH:
        case CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM:
        case CHATROUTES_MARKDOWN_BLOCK_QUOTE:
          assert_markup_valid (block->markup);
          break;

        case CHATROUTES_MARKDOWN_BLOCK_CODE:
          g_assert_nonnull (block->code);
          g_assert_true (g_utf8_validate (block->code, -1, NULL));
          break;

        case CHATROUTES_MARKDOWN_BLOCK_TABLE:
          g_assert_cmpuint (block->n_columns, >, 0);
          for (guint c = 0; c < block->n_rows * block->n_columns; c++)
            assert_markup_valid (block->cells[c]);
          break;

        case CHATROUTES_MARKDOWN_BLOCK_RULE:
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static GPtrArray *
parse (const char *text)
{
  GPtrArray *blocks = chatroutes_markdown_blocks_parse (text, -1);

  assert_blocks_valid (blocks);
  return blocks;
}

static void
test_every_kind (void)
{
  g_autoptr(GPtrArray) blocks = parse (sample_document);
  ChatroutesMarkdownBlock *b;
  guint i = 0;

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_HEADING);
  g_assert_cmpuint (b->level, ==, 1);
  g_assert_cmpstr (b->markup, ==, "Getting started");

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH);
  g_assert_nonnull (strstr (b->markup, "<b>library</b>"));
  g_assert_nonnull (strstr (b->markup, "<i>one</i>"));
  g_assert_nonnull (strstr (b->markup, "font_family=\"monospace\""));
  g_assert_nonnull (strstr (b->markup, ">make install</span>"));
  g_assert_nonnull (strstr (b->markup, "<a href=\"https://example.org/guide?a=1&amp;b=2\">the guide</a>"));
  g_assert_nonnull (strstr (b->markup, "\xe2\x80\x94"));   /* &mdash; */
  g_assert_nonnull (strstr (b->markup, "<s>not</s>"));

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_HEADING);
  g_assert_cmpuint (b->level, ==, 2);

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM);
  g_assert_true (b->ordered);
  g_assert_cmpuint (b->index, ==, 1);
  g_assert_cmpuint (b->list_depth, ==, 1);
  g_assert_cmpstr (b->markup, ==, "Clone");

  b = B (blocks, i++);
  g_assert_cmpuint (b->index, ==, 2);
  g_assert_cmpstr (b->markup, ==, "Build");

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM);
  g_assert_false (b->ordered);
  g_assert_cmpuint (b->list_depth, ==, 2);
  g_assert_cmpint (b->marker, ==, '-');
  g_assert_cmpstr (b->markup, ==, "with meson");

  b = B (blocks, i++);
  g_assert_cmpstr (b->markup, ==, "or not");
  g_assert_cmpuint (b->list_depth, ==, 2);

  b = B (blocks, i++);
  g_assert_cmpuint (b->index, ==, 3);
  g_assert_cmpuint (b->list_depth, ==, 1);

  b = B (blocks, i++);
  g_assert_cmpint (b->task, ==, CHATROUTES_MARKDOWN_TASK_CHECKED);
  g_assert_cmpstr (b->markup, ==, "tests pass");
  b = B (blocks, i++);
  g_assert_cmpint (b->task, ==, CHATROUTES_MARKDOWN_TASK_UNCHECKED);

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_QUOTE);
  g_assert_cmpuint (b->quote_depth, ==, 1);
  g_assert_cmpuint (b->quote_group, ==, 1);

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_QUOTE);
  g_assert_cmpuint (b->quote_depth, ==, 2);
  g_assert_cmpuint (b->quote_group, ==, 1);
  g_assert_cmpstr (b->markup, ==, "Nested.");

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_CODE);
  g_assert_cmpstr (b->language, ==, "c");
  g_assert_cmpstr (b->code, ==, "if (a < b && c > d)\n  puts (\"<hi>\");");
  g_assert_cmpuint (b->quote_depth, ==, 0);

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_TABLE);
  g_assert_cmpuint (b->n_columns, ==, 3);
  g_assert_cmpuint (b->n_rows, ==, 3);
  g_assert_cmpuint (b->n_header_rows, ==, 1);
  g_assert_cmpint (b->align[0], ==, CHATROUTES_MARKDOWN_ALIGN_LEFT);
  g_assert_cmpint (b->align[1], ==, CHATROUTES_MARKDOWN_ALIGN_RIGHT);
  g_assert_cmpint (b->align[2], ==, CHATROUTES_MARKDOWN_ALIGN_CENTER);
  g_assert_cmpstr (chatroutes_markdown_block_get_cell (b, 0, 1), ==, "Size");
  g_assert_cmpstr (chatroutes_markdown_block_get_cell (b, 1, 2), ==, "<i>ok</i>");
  g_assert_cmpstr (chatroutes_markdown_block_get_cell (b, 2, 2), ==, "");

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_RULE);

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_CODE);
  g_assert_cmpstr (b->language, ==, "python");
  g_assert_cmpstr (b->code, ==, "print('done')");

  b = B (blocks, i++);
  g_assert_cmpint (b->kind, ==, CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH);
  g_assert_cmpstr (b->markup, ==, "Last &lt;b&gt;words&lt;/b&gt; &amp; such.");

  g_assert_cmpuint (blocks->len, ==, i);
}

static void
test_loose_list (void)
{
  g_autoptr(GPtrArray) blocks = parse ("- first\n\n  second paragraph\n\n  ```\n  code\n  ```\n- next\n");

  g_assert_cmpuint (blocks->len, ==, 4);
  g_assert_cmpint (B (blocks, 0)->kind, ==, CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM);
  g_assert_cmpstr (B (blocks, 0)->markup, ==, "first");
  g_assert_cmpint (B (blocks, 1)->kind, ==, CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH);
  g_assert_cmpuint (B (blocks, 1)->list_depth, ==, 1);
  g_assert_cmpstr (B (blocks, 1)->markup, ==, "second paragraph");
  g_assert_cmpint (B (blocks, 2)->kind, ==, CHATROUTES_MARKDOWN_BLOCK_CODE);
  g_assert_cmpuint (B (blocks, 2)->list_depth, ==, 1);
  g_assert_cmpstr (B (blocks, 2)->code, ==, "code");
  g_assert_cmpstr (B (blocks, 3)->markup, ==, "next");
}

static void
test_quote_nesting (void)
{
  g_autoptr(GPtrArray) blocks = parse ("> - item\n> \n> text\n\nout\n\n> again\n");

  g_assert_cmpuint (blocks->len, ==, 4);
  g_assert_cmpint (B (blocks, 0)->kind, ==, CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM);
  g_assert_cmpuint (B (blocks, 0)->quote_depth, ==, 1);
  g_assert_cmpint (B (blocks, 1)->kind, ==, CHATROUTES_MARKDOWN_BLOCK_QUOTE);
  g_assert_cmpuint (B (blocks, 1)->quote_group, ==, B (blocks, 0)->quote_group);
  g_assert_cmpint (B (blocks, 2)->kind, ==, CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH);
  g_assert_cmpuint (B (blocks, 2)->quote_depth, ==, 0);
  g_assert_cmpuint (B (blocks, 3)->quote_group, !=, B (blocks, 0)->quote_group);
}

static void
test_entities (void)
{
  g_autoptr(GPtrArray) blocks =
    parse ("&amp; &lt; &gt; &quot; &nbsp;&copy; &#65; &#x42; &#0; &#x110000; &bogus; &#X1F600;");
  const char *markup = B (blocks, 0)->markup;

  g_assert_cmpstr (markup, ==,
                   "&amp; &lt; &gt; &quot; \xc2\xa0\xc2\xa9 A B \xef\xbf\xbd \xef\xbf\xbd "
                   "&amp;bogus; \xf0\x9f\x98\x80");

  g_assert_null (chatroutes_markdown_decode_entity ("&nope;", 6));
  g_assert_null (chatroutes_markdown_decode_entity ("&#;", 3));
  g_assert_null (chatroutes_markdown_decode_entity ("&#x;", 4));
  g_assert_null (chatroutes_markdown_decode_entity ("amp", 3));
  {
    g_autofree char *big = chatroutes_markdown_decode_entity ("&#99999999999999999999;", 23);
    g_assert_cmpstr (big, ==, "\xef\xbf\xbd");
  }
}

static void
test_links (void)
{
  g_autoptr(GPtrArray) blocks =
    parse ("[ok](https://a.org/\"x\") [mail](mailto:me@a.org) [bad](javascript:alert(1)) "
           "[rel](/etc/passwd) [file](file:///etc/passwd) https://auto.org www.gnome.org "
           "[q](<https://a.org/?x=\"1\"&y=<2>>)");
  const char *markup = B (blocks, 0)->markup;

  g_assert_true (strstr (markup, "<a href=\"https://a.org/%22x%22\">ok</a>") != NULL ||
                 strstr (markup, "<a href=\"https://a.org/&quot;x&quot;\">ok</a>") != NULL);
  g_assert_nonnull (strstr (markup, "<a href=\"mailto:me@a.org\">mail</a>"));
  g_assert_null (strstr (markup, "javascript"));
  g_assert_nonnull (strstr (markup, " bad "));
  g_assert_nonnull (strstr (markup, " rel "));
  g_assert_nonnull (strstr (markup, " file "));
  g_assert_null (strstr (markup, "file:"));
  g_assert_nonnull (strstr (markup, "<a href=\"https://auto.org\">https://auto.org</a>"));
  g_assert_nonnull (strstr (markup, "<a href=\"http://www.gnome.org\">www.gnome.org</a>"));

  g_assert_true (chatroutes_markdown_uri_is_allowed ("HTTPS://x"));
  g_assert_false (chatroutes_markdown_uri_is_allowed ("javascript:x"));
  g_assert_false (chatroutes_markdown_uri_is_allowed ("data:text/html,x"));
  g_assert_false (chatroutes_markdown_uri_is_allowed (NULL));
}

static void
test_raw_html (void)
{
  g_autoptr(GPtrArray) blocks =
    parse ("<div onclick=\"x\">\n<script>alert('&')</script>\n</div>\n\nInline <span foreground=\"red\">red</span> <!-- c -->\n");

  for (guint i = 0; i < blocks->len; i++)
    {
      g_assert_null (strstr (B (blocks, i)->markup, "<div"));
      g_assert_null (strstr (B (blocks, i)->markup, "<script"));
      g_assert_null (strstr (B (blocks, i)->markup, "<span foreground"));
    }
  g_assert_nonnull (strstr (B (blocks, 0)->markup, "&lt;script&gt;"));
  g_assert_nonnull (strstr (B (blocks, blocks->len - 1)->markup, "&lt;span foreground="));
}

static void
test_markup_characters (void)
{
  g_autoptr(GPtrArray) blocks = parse ("a < b && c > d \"q\" 'a' `<x & y>`\n\n```\n<tag> & </tag>\n```\n");

  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_nonnull (strstr (B (blocks, 0)->markup, "a &lt; b &amp;&amp; c &gt; d"));
  g_assert_nonnull (strstr (B (blocks, 0)->markup, "&lt;x &amp; y&gt;</span>"));
  g_assert_cmpstr (B (blocks, 1)->code, ==, "<tag> & </tag>");
  g_assert_null (B (blocks, 1)->language);
}

static void
test_unclosed_fence (void)
{
  g_autoptr(GPtrArray) blocks = parse ("Text\n\n```python extra words\nprint(1)\n\n# not a heading\n");

  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpint (B (blocks, 1)->kind, ==, CHATROUTES_MARKDOWN_BLOCK_CODE);
  g_assert_cmpstr (B (blocks, 1)->language, ==, "python");
  g_assert_cmpstr (B (blocks, 1)->info, ==, "python extra words");
  g_assert_cmpstr (B (blocks, 1)->code, ==, "print(1)\n\n# not a heading");

  {
    g_autoptr(GPtrArray) just_open = parse ("```");
    g_assert_cmpuint (just_open->len, ==, 1);
    g_assert_cmpstr (B (just_open, 0)->code, ==, "");
  }
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) empty = parse ("");
  g_autoptr(GPtrArray) blank = parse ("\n\n   \n");
  g_autoptr(GPtrArray) null = chatroutes_markdown_blocks_parse (NULL, 0);

  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
  g_assert_cmpuint (null->len, ==, 0);
}

static void
test_crlf (void)
{
  g_autoptr(GPtrArray) blocks = parse ("# T\r\n\r\nline one\r\nline two\r\n\r\n```c\r\nx\r\ny\r\n```\r\n- a\r\n- b\r\n");

  g_assert_cmpuint (blocks->len, ==, 5);
  g_assert_cmpstr (B (blocks, 0)->markup, ==, "T");
  g_assert_cmpstr (B (blocks, 1)->markup, ==, "line one line two");
  g_assert_cmpstr (B (blocks, 2)->code, ==, "x\ny");
  g_assert_cmpstr (B (blocks, 4)->markup, ==, "b");
}

static void
test_invalid_utf8 (void)
{
  static const char *inputs[] = {
    "\xff\xfe abc \xc3",
    "# \xe2\x82\n\n- \xf0\x9f\x98",
    "```\xc3\x28\ncode \x80\x80\n",
    "| a\xff | b |\n|---|---|\n| \xfe | x |\n",
    "[x](https://a.org/\xff) **\xc0\xaf**",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) blocks = parse (inputs[i]);
      g_assert_cmpuint (blocks->len, >, 0);
    }

  {
    /* Embedded NUL bytes. */
    static const char with_nul[] = "a\0b\n\n```\n\0\n```\n";
    g_autoptr(GPtrArray) blocks = chatroutes_markdown_blocks_parse (with_nul, sizeof with_nul - 1);

    assert_blocks_valid (blocks);
    g_assert_cmpuint (blocks->len, ==, 2);
  }
}

static void
test_random_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  static const char alphabet[] = "#*_`~[]()<>&;!|-+:.\n\n 1x\\\"'=h/\xc3\xa9\xff";

  for (guint n = 0; n < 2000; n++)
    {
      char buf[200];
      guint len = g_rand_int_range (rand, 0, sizeof buf);
      g_autoptr(GPtrArray) blocks = NULL;

      for (guint i = 0; i < len; i++)
        buf[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      if (g_getenv ("DUMP_INPUT"))
        g_file_set_contents (g_getenv ("DUMP_INPUT"), buf, len, NULL);
      blocks = chatroutes_markdown_blocks_parse (buf, len);
      assert_blocks_valid (blocks);
    }
}

static void
test_common_prefix_growing (void)
{
  gsize len = strlen (sample_document);
  g_autoptr(GPtrArray) whole = parse (sample_document);
  g_autoptr(GPtrArray) previous = NULL;

  for (gsize n = 0; n <= len; n++)
    {
      g_autoptr(GPtrArray) blocks = chatroutes_markdown_blocks_parse (sample_document, n);
      guint prefix;

      assert_blocks_valid (blocks);

      if (previous != NULL)
        {
          prefix = chatroutes_markdown_blocks_common_prefix (previous, blocks);
          g_assert_cmpuint (prefix, <=, previous->len);
          g_assert_cmpuint (prefix, <=, blocks->len);
          for (guint i = 0; i < prefix; i++)
            g_assert_true (chatroutes_markdown_block_equal (B (previous, i), B (blocks, i)));
          if (prefix < MIN (previous->len, blocks->len))
            g_assert_false (chatroutes_markdown_block_equal (B (previous, prefix), B (blocks, prefix)));
        }

      prefix = chatroutes_markdown_blocks_common_prefix (blocks, whole);
      g_assert_cmpuint (prefix, <=, blocks->len);
      for (guint i = 0; i < prefix; i++)
        g_assert_true (chatroutes_markdown_block_equal (B (blocks, i), B (whole, i)));

      g_clear_pointer (&previous, g_ptr_array_unref);
      previous = g_steal_pointer (&blocks);
    }

  g_assert_cmpuint (chatroutes_markdown_blocks_common_prefix (whole, whole), ==, whole->len);
  g_assert_cmpuint (chatroutes_markdown_blocks_common_prefix (NULL, whole), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/blocks/every-kind", test_every_kind);
  g_test_add_func ("/markdown/blocks/loose-list", test_loose_list);
  g_test_add_func ("/markdown/blocks/quote-nesting", test_quote_nesting);
  g_test_add_func ("/markdown/blocks/entities", test_entities);
  g_test_add_func ("/markdown/blocks/links", test_links);
  g_test_add_func ("/markdown/blocks/raw-html", test_raw_html);
  g_test_add_func ("/markdown/blocks/markup-characters", test_markup_characters);
  g_test_add_func ("/markdown/blocks/unclosed-fence", test_unclosed_fence);
  g_test_add_func ("/markdown/blocks/empty", test_empty);
  g_test_add_func ("/markdown/blocks/crlf", test_crlf);
  g_test_add_func ("/markdown/blocks/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/markdown/blocks/random-bytes", test_random_bytes);
  g_test_add_func ("/markdown/blocks/common-prefix-growing", test_common_prefix_growing);

  return g_test_run ();
}
