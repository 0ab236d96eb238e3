/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define CHATROUTES_TYPE_MARKDOWN_CODE_BLOCK (chatroutes_markdown_code_block_get_type ())

G_DECLARE_FINAL_TYPE (ChatroutesMarkdownCodeBlock, chatroutes_markdown_code_block,
                      CHATROUTES, MARKDOWN_CODE_BLOCK, GtkWidget)

GtkWidget       *chatroutes_markdown_code_block_new          (void);
const char      *chatroutes_markdown_code_block_get_language (ChatroutesMarkdownCodeBlock *self);
void             chatroutes_markdown_code_block_set_language (ChatroutesMarkdownCodeBlock *self,
                                                              const char                  *language);
char            *chatroutes_markdown_code_block_get_code     (ChatroutesMarkdownCodeBlock *self) G_GNUC_WARN_UNUSED_RESULT;
void             chatroutes_markdown_code_block_set_code     (ChatroutesMarkdownCodeBlock *self,
                                                              const char                  *code);
GtkSourceBuffer *chatroutes_markdown_code_block_get_buffer   (ChatroutesMarkdownCodeBlock *self);
/* Copies the code to the clipboard, as the Copy button does. */
void             chatroutes_markdown_code_block_copy         (ChatroutesMarkdownCodeBlock *self);

GtkSourceLanguage *chatroutes_markdown_find_language         (const char                  *name);

G_END_DECLS
