/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-markdown"

#include "config.h"

#include <string.h>

#include <md4c.h>

#include "chatroutes-markdown-blocks.h"

#define INLINE_CODE_OPEN "<span font_family=\"monospace\" background=\"#808080\" bgalpha=\"20%\">"

typedef struct
{
  gboolean ordered;
  guint next_index;
  char marker;
} ListFrame;

typedef struct
{
  GPtrArray *blocks;

  guint quote_depth;
  guint quote_group;
  GArray *lists;                      /* ListFrame */

  /* The block whose inline text is being collected, and its markup. */
  ChatroutesMarkdownBlock *current;
  GString *markup;

  /* A list item that has not received any content yet: its first
   * paragraph becomes the item's own text. */
  ChatroutesMarkdownBlock *fresh_item;

  /* Code block text. */
  GString *code;

  /* Table being built. */
  ChatroutesMarkdownBlock *table;
  GPtrArray *cells;                   /* char *, row-major */
  GArray *aligns;                     /* ChatroutesMarkdownAlign */
  guint row_cells;
  gboolean in_head;
  GString *cell;

  /* The spans open in the current inline text (OpenSpan). */
  GArray *spans;
} Parser;

typedef struct
{
  MD_SPANTYPE type;
  char *open;                         /* owned; "" when it adds no tag */
  const char *close;
} OpenSpan;

static void
open_span_clear (gpointer data)
{
  OpenSpan *span = data;

  g_clear_pointer (&span->open, g_free);
}

static void
string_free_all (GString *s)
{
  g_string_free (s, TRUE);
}

void
chatroutes_markdown_block_free (ChatroutesMarkdownBlock *block)
{
  if (block == NULL)
    return;

  g_free (block->markup);
  g_free (block->language);
  g_free (block->info);
  g_free (block->code);
  if (block->cells != NULL)
    {
      for (guint i = 0; i < block->n_rows * block->n_columns; i++)
        g_free (block->cells[i]);
      g_free (block->cells);
    }
  g_free (block->align);
  g_free (block);
}

const char *
chatroutes_markdown_block_get_cell (const ChatroutesMarkdownBlock *block,
                                    guint                          row,
                                    guint                          column)
{
  g_return_val_if_fail (block != NULL, NULL);
  g_return_val_if_fail (block->kind == CHATROUTES_MARKDOWN_BLOCK_TABLE, NULL);
  g_return_val_if_fail (row < block->n_rows && column < block->n_columns, NULL);

  return block->cells[row * block->n_columns + column];
}

gboolean
chatroutes_markdown_block_equal (const ChatroutesMarkdownBlock *a,
                                 const ChatroutesMarkdownBlock *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->kind != b->kind ||
      a->quote_depth != b->quote_depth ||
      a->quote_group != b->quote_group ||
      a->list_depth != b->list_depth ||
      a->level != b->level ||
      a->ordered != b->ordered ||
      a->index != b->index ||
      a->marker != b->marker ||
      a->task != b->task ||
      a->n_rows != b->n_rows ||
      a->n_columns != b->n_columns ||
      a->n_header_rows != b->n_header_rows)
    return FALSE;

  if (g_strcmp0 (a->markup, b->markup) != 0 ||
      g_strcmp0 (a->language, b->language) != 0 ||
      g_strcmp0 (a->info, b->info) != 0 ||
      g_strcmp0 (a->code, b->code) != 0)
    return FALSE;

  for (guint i = 0; i < a->n_columns; i++)
    if (a->align[i] != b->align[i])
      return FALSE;

  for (guint i = 0; i < a->n_rows * a->n_columns; i++)
    if (g_strcmp0 (a->cells[i], b->cells[i]) != 0)
      return FALSE;

  return TRUE;
}

guint
chatroutes_markdown_blocks_common_prefix (GPtrArray *old_blocks,
                                          GPtrArray *new_blocks)
{
  guint n, i;

  if (old_blocks == NULL || new_blocks == NULL)
    return 0;

  n = MIN (old_blocks->len, new_blocks->len);
  for (i = 0; i < n; i++)
    if (!chatroutes_markdown_block_equal (g_ptr_array_index (old_blocks, i),
                                          g_ptr_array_index (new_blocks, i)))
      break;

  return i;
}

gboolean
chatroutes_markdown_uri_is_allowed (const char *uri)
{
  if (uri == NULL)
    return FALSE;

  return g_ascii_strncasecmp (uri, "http://", 7) == 0 ||
         g_ascii_strncasecmp (uri, "https://", 8) == 0 ||
         g_ascii_strncasecmp (uri, "mailto:", 7) == 0;
}

/* Entity decoding */

static const struct {
  const char *name;
  const char *utf8;
} named_entities[] = {
  { "AElig", "\xc3\x86" }, { "Aacute", "\xc3\x81" }, { "Agrave", "\xc3\x80" },
  { "Auml", "\xc3\x84" }, { "Ccedil", "\xc3\x87" }, { "Eacute", "\xc3\x89" },
  { "Ouml", "\xc3\x96" }, { "Uuml", "\xc3\x9c" }, { "aacute", "\xc3\xa1" },
  { "acute", "\xc2\xb4" }, { "aelig", "\xc3\xa6" }, { "agrave", "\xc3\xa0" },
  { "alpha", "\xce\xb1" }, { "amp", "&" }, { "apos", "'" }, { "auml", "\xc3\xa4" },
  { "beta", "\xce\xb2" }, { "bull", "\xe2\x80\xa2" }, { "ccedil", "\xc3\xa7" },
  { "cent", "\xc2\xa2" }, { "check", "\xe2\x9c\x93" }, { "copy", "\xc2\xa9" },
  { "darr", "\xe2\x86\x93" }, { "deg", "\xc2\xb0" }, { "delta", "\xce\xb4" },
  { "divide", "\xc3\xb7" }, { "eacute", "\xc3\xa9" }, { "egrave", "\xc3\xa8" },
  { "ensp", "\xe2\x80\x82" }, { "emsp", "\xe2\x80\x83" }, { "euro", "\xe2\x82\xac" },
  { "ge", "\xe2\x89\xa5" }, { "gt", ">" }, { "harr", "\xe2\x86\x94" },
  { "hellip", "\xe2\x80\xa6" }, { "iexcl", "\xc2\xa1" }, { "infin", "\xe2\x88\x9e" },
  { "iquest", "\xc2\xbf" }, { "lambda", "\xce\xbb" }, { "laquo", "\xc2\xab" },
  { "larr", "\xe2\x86\x90" }, { "ldquo", "\xe2\x80\x9c" }, { "le", "\xe2\x89\xa4" },
  { "lsquo", "\xe2\x80\x98" }, { "lt", "<" }, { "mdash", "\xe2\x80\x94" },
  { "micro", "\xc2\xb5" }, { "middot", "\xc2\xb7" }, { "minus", "\xe2\x88\x92" },
  { "mu", "\xce\xbc" }, { "nbsp", "\xc2\xa0" }, { "ndash", "\xe2\x80\x93" },
  { "ne", "\xe2\x89\xa0" }, { "not", "\xc2\xac" }, { "ntilde", "\xc3\xb1" },
  { "ouml", "\xc3\xb6" }, { "para", "\xc2\xb6" }, { "pi", "\xcf\x80" },
  { "plusmn", "\xc2\xb1" }, { "pound", "\xc2\xa3" }, { "quot", "\"" },
  { "raquo", "\xc2\xbb" }, { "rarr", "\xe2\x86\x92" }, { "rdquo", "\xe2\x80\x9d" },
  { "reg", "\xc2\xae" }, { "rsquo", "\xe2\x80\x99" }, { "sect", "\xc2\xa7" },
  { "shy", "\xc2\xad" }, { "sigma", "\xcf\x83" }, { "szlig", "\xc3\x9f" },
  { "thinsp", "\xe2\x80\x89" }, { "times", "\xc3\x97" }, { "trade", "\xe2\x84\xa2" },
  { "uarr", "\xe2\x86\x91" }, { "uuml", "\xc3\xbc" }, { "yen", "\xc2\xa5" },
  { "zwj", "\xe2\x80\x8d" }, { "zwnj", "\xe2\x80\x8c" },
};

static char *
unichar_to_utf8 (gunichar c)
{
  char buf[8];
  int n;

  /* NUL, surrogates and values past Unicode become the replacement
   * character, as HTML does. */
  if (c == 0 || !g_unichar_validate (c))
    c = 0xFFFD;
  n = g_unichar_to_utf8 (c, buf);
  return g_strndup (buf, n);
}

char *
chatroutes_markdown_decode_entity (const char *entity,
                                   gsize       len)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (entity != NULL, NULL);

  if (len < 3 || entity[0] != '&' || entity[len - 1] != ';')
    return NULL;

  name = g_strndup (entity + 1, len - 2);

  if (name[0] == '#')
    {
      const char *digits = name + 1;
      guint base = 10;
      guint64 value = 0;

      if (*digits == 'x' || *digits == 'X')
        {
          base = 16;
          digits++;
        }
      if (*digits == '\0')
        return NULL;

      for (const char *p = digits; *p != '\0'; p++)
        {
          int d = base == 16 ? g_ascii_xdigit_value (*p) : g_ascii_digit_value (*p);

          if (d < 0)
            return NULL;
          value = value * base + (guint) d;
          if (value > 0x10FFFF)
            value = 0x110000;     /* stays out of range, never overflows */
        }

      return unichar_to_utf8 ((gunichar) value);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (named_entities); i++)
    if (strcmp (named_entities[i].name, name) == 0)
      return g_strdup (named_entities[i].utf8);

  return NULL;
}

/* Parsing */

static GString *
parser_out (Parser *p)
{
  if (p->cell != NULL)
    return p->cell;
  return p->markup;
}

static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (out, escaped);
}

static void
append_entity (GString    *out,
               const char *text,
               gsize       len)
{
  g_autofree char *decoded = chatroutes_markdown_decode_entity (text, len);

  if (decoded != NULL)
    append_escaped (out, decoded, strlen (decoded));
  else
    append_escaped (out, text, len);
}

static char *
attribute_to_string (const MD_ATTRIBUTE *attr)
{
  GString *s = g_string_new (NULL);

  if (attr->text == NULL)
    return g_string_free (s, FALSE);

  for (guint i = 0; attr->substr_offsets[i] < attr->size; i++)
    {
      MD_OFFSET start = attr->substr_offsets[i];
      MD_OFFSET end = attr->substr_offsets[i + 1];
      const char *piece = attr->text + start;
      gsize len = end - start;

      switch (attr->substr_types[i])
        {
        case MD_TEXT_ENTITY:
          {
            g_autofree char *decoded = chatroutes_markdown_decode_entity (piece, len);

            if (decoded != NULL)
              g_string_append (s, decoded);
            else
              g_string_append_len (s, piece, len);
          }
          break;

        case MD_TEXT_NULLCHAR:
          g_string_append (s, "\xef\xbf\xbd");
          break;

        case MD_TEXT_NORMAL:
        case MD_TEXT_BR:
        case MD_TEXT_SOFTBR:
        case MD_TEXT_CODE:
        case MD_TEXT_HTML:
        case MD_TEXT_LATEXMATH:
        default:
          g_string_append_len (s, piece, len);
          break;
        }
    }

  return g_string_free (s, FALSE);
}

static ChatroutesMarkdownBlock *
parser_add_block (Parser                      *p,
                  ChatroutesMarkdownBlockKind  kind)
{
  ChatroutesMarkdownBlock *block = g_new0 (ChatroutesMarkdownBlock, 1);

  block->kind = kind;
  block->quote_depth = p->quote_depth;
  block->quote_group = p->quote_depth > 0 ? p->quote_group : 0;
  block->list_depth = p->lists->len;
  g_ptr_array_add (p->blocks, block);
  return block;
}

/* md4c does not always balance spans (an emphasis whose closer ends up
 * inside a link destination is opened twice and closed once), so what is
 * still open is closed here, and the markup stays well-formed. */
static void
parser_close_spans (Parser  *p,
                    GString *out)
{
  while (p->spans->len > 0)
    {
      OpenSpan *span = &g_array_index (p->spans, OpenSpan, p->spans->len - 1);

      if (out != NULL)
        g_string_append (out, span->close);
      g_array_set_size (p->spans, p->spans->len - 1);
    }
}

/* Ends the inline text of the current block, if any. */
static void
parser_finish_inline (Parser *p)
{
  if (p->current == NULL)
    return;

  g_assert (p->markup != NULL);
  parser_close_spans (p, p->markup);
  g_free (p->current->markup);
  p->current->markup = g_string_free (g_steal_pointer (&p->markup), FALSE);
  p->current = NULL;
}

static void
parser_start_inline (Parser                  *p,
                     ChatroutesMarkdownBlock *block)
{
  parser_finish_inline (p);
  p->current = block;
  p->markup = g_string_new (NULL);
}

/* Called when a new block starts inside a list item: from then on, the
 * item has content and later paragraphs are blocks of their own. */
static void
parser_leave_fresh_item (Parser *p)
{
  if (p->fresh_item != NULL && p->current == p->fresh_item)
    parser_finish_inline (p);
  p->fresh_item = NULL;
}

static int
enter_block (MD_BLOCKTYPE  type,
             void         *detail,
             void         *user_data)
{
  Parser *p = user_data;
  ChatroutesMarkdownBlock *block;

  switch (type)
    {
    case MD_BLOCK_DOC:
      break;

    case MD_BLOCK_QUOTE:
      parser_leave_fresh_item (p);
      parser_finish_inline (p);
      if (p->quote_depth == 0)
        p->quote_group++;
      p->quote_depth++;
      break;

    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      {
        ListFrame frame = { 0, };

        parser_leave_fresh_item (p);
        parser_finish_inline (p);
        if (type == MD_BLOCK_OL)
          {
            MD_BLOCK_OL_DETAIL *ol = detail;

            frame.ordered = TRUE;
            frame.next_index = ol->start;
            frame.marker = ol->mark_delimiter == ')' ? ')' : '.';
          }
        else
          {
            MD_BLOCK_UL_DETAIL *ul = detail;

            frame.marker = ul->mark;
          }
        g_array_append_val (p->lists, frame);
      }
      break;

    case MD_BLOCK_LI:
      {
        MD_BLOCK_LI_DETAIL *li = detail;
        ListFrame *frame;

        parser_leave_fresh_item (p);
        parser_finish_inline (p);
        g_assert (p->lists->len > 0);
        frame = &g_array_index (p->lists, ListFrame, p->lists->len - 1);

        block = parser_add_block (p, CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM);
        block->ordered = frame->ordered;
        block->marker = frame->marker;
        if (frame->ordered)
          block->index = frame->next_index++;
        if (li->is_task)
          block->task = (li->task_mark == 'x' || li->task_mark == 'X')
                        ? CHATROUTES_MARKDOWN_TASK_CHECKED
                        : CHATROUTES_MARKDOWN_TASK_UNCHECKED;
        block->markup = g_strdup ("");

        /* Tight lists give the item's text without a paragraph. */
        parser_start_inline (p, block);
        p->fresh_item = block;
      }
      break;

    case MD_BLOCK_HR:
      parser_leave_fresh_item (p);
      parser_finish_inline (p);
      parser_add_block (p, CHATROUTES_MARKDOWN_BLOCK_RULE);
      break;

    case MD_BLOCK_H:
      {
        MD_BLOCK_H_DETAIL *h = detail;

        parser_leave_fresh_item (p);
        block = parser_add_block (p, CHATROUTES_MARKDOWN_BLOCK_HEADING);
        block->level = CLAMP (h->level, 1, 6);
        parser_start_inline (p, block);
      }
      break;

    case MD_BLOCK_CODE:
      {
        MD_BLOCK_CODE_DETAIL *code = detail;

        parser_leave_fresh_item (p);
        parser_finish_inline (p);
        block = parser_add_block (p, CHATROUTES_MARKDOWN_BLOCK_CODE);
        if (code->lang.size > 0)
          block->language = attribute_to_string (&code->lang);
        if (code->info.size > 0)
          block->info = attribute_to_string (&code->info);
        g_clear_pointer (&p->code, string_free_all);
        p->code = g_string_new (NULL);
      }
      break;

    case MD_BLOCK_HTML:
    case MD_BLOCK_P:
      if (p->fresh_item != NULL && p->current == p->fresh_item && p->markup->len == 0)
        break;   /* the item's first paragraph is the item's text */
      parser_leave_fresh_item (p);
      block = parser_add_block (p, p->quote_depth > 0 ? CHATROUTES_MARKDOWN_BLOCK_QUOTE
                                                      : CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH);
      parser_start_inline (p, block);
      break;

    case MD_BLOCK_TABLE:
      parser_leave_fresh_item (p);
      parser_finish_inline (p);
      p->table = parser_add_block (p, CHATROUTES_MARKDOWN_BLOCK_TABLE);
      p->table->n_columns = MAX (((MD_BLOCK_TABLE_DETAIL *) detail)->col_count, 1);
      g_ptr_array_set_size (p->cells, 0);
      g_array_set_size (p->aligns, 0);
      break;

    case MD_BLOCK_THEAD:
      p->in_head = TRUE;
      break;

    case MD_BLOCK_TBODY:
      p->in_head = FALSE;
      break;

    case MD_BLOCK_TR:
      if (p->table != NULL)
        {
          p->table->n_rows++;
          if (p->in_head)
            p->table->n_header_rows++;
          p->row_cells = 0;
        }
      break;

    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      if (p->table != NULL)
        {
          MD_BLOCK_TD_DETAIL *td = detail;

          if (p->table->n_rows == 1 && p->aligns->len < p->table->n_columns)
            {
              ChatroutesMarkdownAlign align;

              switch (td->align)
                {
                case MD_ALIGN_LEFT: align = CHATROUTES_MARKDOWN_ALIGN_LEFT; break;
                case MD_ALIGN_CENTER: align = CHATROUTES_MARKDOWN_ALIGN_CENTER; break;
                case MD_ALIGN_RIGHT: align = CHATROUTES_MARKDOWN_ALIGN_RIGHT; break;
                case MD_ALIGN_DEFAULT:
                default: align = CHATROUTES_MARKDOWN_ALIGN_DEFAULT; break;
                }
              g_array_append_val (p->aligns, align);
            }
          parser_close_spans (p, NULL);
          g_clear_pointer (&p->cell, string_free_all);
          p->cell = g_string_new (NULL);
        }
      break;

    default:
      break;
    }

  return 0;
}

static void
parser_finish_table (Parser *p)
{
  ChatroutesMarkdownBlock *table = p->table;
  guint n_cells;

  if (table == NULL)
    return;

  n_cells = table->n_rows * table->n_columns;
  /* Rows are padded by md4c; this only guards against surprises. */
  while (p->cells->len < n_cells)
    g_ptr_array_add (p->cells, g_strdup (""));
  while (p->aligns->len < table->n_columns)
    {
      ChatroutesMarkdownAlign align = CHATROUTES_MARKDOWN_ALIGN_DEFAULT;
      g_array_append_val (p->aligns, align);
    }

  table->cells = g_new0 (char *, MAX (n_cells, 1));
  for (guint i = 0; i < n_cells; i++)
    table->cells[i] = g_steal_pointer (&g_ptr_array_index (p->cells, i));
  g_ptr_array_set_size (p->cells, 0);

  table->align = g_new0 (ChatroutesMarkdownAlign, table->n_columns);
  memcpy (table->align, p->aligns->data, sizeof (ChatroutesMarkdownAlign) * table->n_columns);

  p->table = NULL;
  p->in_head = FALSE;
}

static int
leave_block (MD_BLOCKTYPE  type,
             void         *detail,
             void         *user_data)
{
  Parser *p = user_data;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      parser_finish_inline (p);
      p->fresh_item = NULL;
      if (p->quote_depth > 0)
        p->quote_depth--;
      break;

    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      parser_finish_inline (p);
      p->fresh_item = NULL;
      if (p->lists->len > 0)
        g_array_set_size (p->lists, p->lists->len - 1);
      break;

    case MD_BLOCK_LI:
      parser_finish_inline (p);
      p->fresh_item = NULL;
      break;

    case MD_BLOCK_H:
    case MD_BLOCK_HTML:
      parser_finish_inline (p);
      break;

    case MD_BLOCK_P:
      /* A list item's text may go on after its first paragraph only as
       * a new block. */
      parser_finish_inline (p);
      p->fresh_item = NULL;
      break;

    case MD_BLOCK_CODE:
      {
        ChatroutesMarkdownBlock *block = p->blocks->len > 0
                                         ? g_ptr_array_index (p->blocks, p->blocks->len - 1)
                                         : NULL;

        if (p->code != NULL && block != NULL && block->kind == CHATROUTES_MARKDOWN_BLOCK_CODE)
          {
            if (p->code->len > 0 && p->code->str[p->code->len - 1] == '\n')
              g_string_truncate (p->code, p->code->len - 1);
            block->code = g_string_free (g_steal_pointer (&p->code), FALSE);
          }
        g_clear_pointer (&p->code, string_free_all);
      }
      break;

    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      if (p->table != NULL && p->cell != NULL)
        {
          parser_close_spans (p, p->cell);
          if (p->row_cells < p->table->n_columns)
            {
              g_ptr_array_add (p->cells, g_string_free (g_steal_pointer (&p->cell), FALSE));
              p->row_cells++;
            }
          g_clear_pointer (&p->cell, string_free_all);
        }
      break;

    case MD_BLOCK_TR:
      if (p->table != NULL)
        for (; p->row_cells < p->table->n_columns; p->row_cells++)
          g_ptr_array_add (p->cells, g_strdup (""));
      break;

    case MD_BLOCK_TABLE:
      parser_finish_table (p);
      break;

    case MD_BLOCK_DOC:
    case MD_BLOCK_HR:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    default:
      break;
    }

  return 0;
}

/* Text outside any paragraph (in a list item after a nested list, say)
 * gets a paragraph of its own. */
static GString *
parser_ensure_out (Parser *p)
{
  GString *out = parser_out (p);

  if (out == NULL)
    {
      ChatroutesMarkdownBlock *block;

      block = parser_add_block (p, p->quote_depth > 0 ? CHATROUTES_MARKDOWN_BLOCK_QUOTE
                                                      : CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH);
      parser_start_inline (p, block);
      out = p->markup;
    }

  return out;
}

static int
enter_span (MD_SPANTYPE  type,
            void        *detail,
            void        *user_data)
{
  Parser *p = user_data;
  GString *out;
  OpenSpan span = { type, NULL, "" };

  if (p->code != NULL)
    return 0;

  out = parser_ensure_out (p);

  switch (type)
    {
    case MD_SPAN_EM:
    case MD_SPAN_IMG:
      span.open = g_strdup ("<i>");
      span.close = "</i>";
      break;

    case MD_SPAN_STRONG:
      span.open = g_strdup ("<b>");
      span.close = "</b>";
      break;

    case MD_SPAN_DEL:
      span.open = g_strdup ("<s>");
      span.close = "</s>";
      break;

    case MD_SPAN_U:
      span.open = g_strdup ("<u>");
      span.close = "</u>";
      break;

    case MD_SPAN_CODE:
      span.open = g_strdup (INLINE_CODE_OPEN);
      span.close = "</span>";
      break;

    case MD_SPAN_A:
      {
        MD_SPAN_A_DETAIL *a = detail;
        g_autofree char *href = attribute_to_string (&a->href);

        /* Links that start with "www." carry no scheme. */
        if (a->is_autolink && g_ascii_strncasecmp (href, "www.", 4) == 0)
          {
            char *with_scheme = g_strconcat ("http://", href, NULL);
            g_free (href);
            href = with_scheme;
          }
        /* Autolinked e-mail addresses carry no scheme either. */
        else if (a->is_autolink && strchr (href, ':') == NULL && strchr (href, '@') != NULL)
          {
            char *with_scheme = g_strconcat ("mailto:", href, NULL);
            g_free (href);
            href = with_scheme;
          }

        /* Other schemes (javascript:, file:, relative paths) stay text. */
        if (chatroutes_markdown_uri_is_allowed (href))
          {
            span.open = g_markup_printf_escaped ("<a href=\"%s\">", href);
            span.close = "</a>";
          }
      }
      break;

    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
    case MD_SPAN_WIKILINK:
    default:
      break;
    }

  if (span.open == NULL)
    span.open = g_strdup ("");
  g_string_append (out, span.open);
  g_array_append_val (p->spans, span);
  return 0;
}

static int
leave_span (MD_SPANTYPE  type,
            void        *detail,
            void        *user_data)
{
  Parser *p = user_data;
  GString *out = parser_out (p);
  guint found;

  if (p->code != NULL || out == NULL)
    return 0;

  /* The innermost open span of this type; unmatched leaves are ignored. */
  for (found = p->spans->len; found > 0; found--)
    if (g_array_index (p->spans, OpenSpan, found - 1).type == type)
      break;
  if (found == 0)
    return 0;
  found--;

  /* Close what is inside it, close it, and open the inner ones again. */
  for (guint i = p->spans->len; i > found; i--)
    g_string_append (out, g_array_index (p->spans, OpenSpan, i - 1).close);
  for (guint i = found + 1; i < p->spans->len; i++)
    g_string_append (out, g_array_index (p->spans, OpenSpan, i).open);
  g_array_remove_index (p->spans, found);
  return 0;
}

static int
text_cb (MD_TEXTTYPE    type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  Parser *p = user_data;
  GString *out;

  if (p->code != NULL)
    {
      if (type == MD_TEXT_NULLCHAR)
        g_string_append (p->code, "\xef\xbf\xbd");
      else
        g_string_append_len (p->code, text, size);
      return 0;
    }

  out = parser_ensure_out (p);

  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      g_string_append (out, "\xef\xbf\xbd");
      break;

    case MD_TEXT_BR:
      g_string_append_c (out, '\n');
      break;

    case MD_TEXT_SOFTBR:
      g_string_append_c (out, ' ');
      break;

    case MD_TEXT_ENTITY:
      append_entity (out, text, size);
      break;

    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
    default:
      append_escaped (out, text, size);
      break;
    }

  return 0;
}

GPtrArray *
chatroutes_markdown_blocks_parse (const char *text,
                                  gssize      len)
{
  g_autofree char *valid = NULL;
  Parser p = { 0, };
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML,
    .enter_block = enter_block,
    .leave_block = leave_block,
    .enter_span = enter_span,
    .leave_span = leave_span,
    .text = text_cb,
  };

  if (text == NULL)
    {
      text = "";
      len = 0;
    }
  if (len < 0)
    len = strlen (text);

  if (!g_utf8_validate_len (text, len, NULL))
    {
      valid = g_utf8_make_valid (text, len);
      text = valid;
      len = strlen (valid);
    }

  p.blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) chatroutes_markdown_block_free);
  p.lists = g_array_new (FALSE, TRUE, sizeof (ListFrame));
  p.cells = g_ptr_array_new_with_free_func (g_free);
  p.aligns = g_array_new (FALSE, TRUE, sizeof (ChatroutesMarkdownAlign));
  p.spans = g_array_new (FALSE, TRUE, sizeof (OpenSpan));
  g_array_set_clear_func (p.spans, open_span_clear);

  md_parse (text, (MD_SIZE) len, &parser, &p);

  /* md4c closes everything it opens; these only guard against an early
   * stop, so that every block is left complete. */
  parser_finish_inline (&p);
  parser_finish_table (&p);
  if (p.code != NULL)
    {
      ChatroutesMarkdownBlock *last = p.blocks->len > 0
                                      ? g_ptr_array_index (p.blocks, p.blocks->len - 1)
                                      : NULL;
      if (last != NULL && last->kind == CHATROUTES_MARKDOWN_BLOCK_CODE && last->code == NULL)
        last->code = g_string_free (g_steal_pointer (&p.code), FALSE);
      g_clear_pointer (&p.code, string_free_all);
    }
  for (guint i = 0; i < p.blocks->len; i++)
    {
      ChatroutesMarkdownBlock *block = g_ptr_array_index (p.blocks, i);

      if (block->kind == CHATROUTES_MARKDOWN_BLOCK_CODE && block->code == NULL)
        block->code = g_strdup ("");
      else if (block->kind != CHATROUTES_MARKDOWN_BLOCK_CODE &&
               block->kind != CHATROUTES_MARKDOWN_BLOCK_TABLE &&
               block->kind != CHATROUTES_MARKDOWN_BLOCK_RULE &&
               block->markup == NULL)
        block->markup = g_strdup ("");
    }

  g_clear_pointer (&p.cell, string_free_all);
  g_array_unref (p.lists);
  g_ptr_array_unref (p.cells);
  g_array_unref (p.aligns);
  g_array_unref (p.spans);

  return p.blocks;
}
