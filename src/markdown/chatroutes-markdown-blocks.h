/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CHATROUTES_MARKDOWN_BLOCK_HEADING,
  CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH,
  CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM,
  /* A paragraph inside a block quote. Other blocks inside a quote keep
   * their own kind and carry a non-zero quote_depth. */
  CHATROUTES_MARKDOWN_BLOCK_QUOTE,
  CHATROUTES_MARKDOWN_BLOCK_CODE,
  CHATROUTES_MARKDOWN_BLOCK_TABLE,
  CHATROUTES_MARKDOWN_BLOCK_RULE,
} ChatroutesMarkdownBlockKind;

typedef enum
{
  CHATROUTES_MARKDOWN_TASK_NONE,
  CHATROUTES_MARKDOWN_TASK_UNCHECKED,
  CHATROUTES_MARKDOWN_TASK_CHECKED,
} ChatroutesMarkdownTask;

typedef enum
{
  CHATROUTES_MARKDOWN_ALIGN_DEFAULT,
  CHATROUTES_MARKDOWN_ALIGN_LEFT,
  CHATROUTES_MARKDOWN_ALIGN_CENTER,
  CHATROUTES_MARKDOWN_ALIGN_RIGHT,
} ChatroutesMarkdownAlign;

/* One block of a rendered document. Fields are read-only for users. */
typedef struct
{
  ChatroutesMarkdownBlockKind kind;

  /* Nesting, for every kind. quote_group numbers the top-level quotes of
   * the document, so two blocks with the same non-zero group share a bar. */
  guint quote_depth;
  guint quote_group;
  /* Depth of the innermost list containing the block (0 outside lists).
   * A list item's own depth starts at 1. */
  guint list_depth;

  /* HEADING: 1–6. */
  guint level;

  /* LIST_ITEM */
  gboolean ordered;
  guint index;                   /* the number shown, for ordered items */
  char marker;                   /* '.' or ')' when ordered, else '-', '*' or '+' */
  ChatroutesMarkdownTask task;

  /* HEADING, PARAGRAPH, LIST_ITEM, QUOTE: Pango markup of the inline text. */
  char *markup;

  /* CODE: language (first word of the fence's info string) or NULL, the
   * whole info string or NULL, and the raw text without the final newline.
   * A fence that is not closed yet runs to the end of the document. */
  char *language;
  char *info;
  char *code;

  /* TABLE: n_rows × n_columns cells of Pango markup, row-major; the first
   * n_header_rows rows are the header. */
  guint n_rows;
  guint n_columns;
  guint n_header_rows;
  char **cells;
  ChatroutesMarkdownAlign *align;  /* n_columns entries */
} ChatroutesMarkdownBlock;

void        chatroutes_markdown_block_free           (ChatroutesMarkdownBlock       *block);
gboolean    chatroutes_markdown_block_equal          (const ChatroutesMarkdownBlock *a,
                                                      const ChatroutesMarkdownBlock *b);
const char *chatroutes_markdown_block_get_cell       (const ChatroutesMarkdownBlock *block,
                                                      guint                          row,
                                                      guint                          column);

/* Parses @text (@len bytes, or NUL-terminated when -1) into a new array of
 * ChatroutesMarkdownBlock. Invalid UTF-8 is replaced, never trusted. */
GPtrArray  *chatroutes_markdown_blocks_parse         (const char                    *text,
                                                      gssize                         len) G_GNUC_WARN_UNUSED_RESULT;

/* The number of leading blocks that are equal in @old_blocks and
 * @new_blocks: the widgets for those can be kept when a text grows. */
guint       chatroutes_markdown_blocks_common_prefix (GPtrArray                     *old_blocks,
                                                      GPtrArray                     *new_blocks);

/* Decodes one HTML entity such as "&amp;", "&#233;" or "&#x1F600;" into
 * UTF-8, or returns NULL for an unknown name. */
char       *chatroutes_markdown_decode_entity        (const char                    *entity,
                                                      gsize                          len) G_GNUC_WARN_UNUSED_RESULT;

/* Whether @uri may become a link: only http, https and mailto. */
gboolean    chatroutes_markdown_uri_is_allowed       (const char                    *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChatroutesMarkdownBlock, chatroutes_markdown_block_free)

G_END_DECLS
