/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-markdown-view.h"

G_BEGIN_DECLS

/* How many times the blocks were rebuilt from the text. */
guint     _chatroutes_markdown_view_get_render_count (ChatroutesMarkdownView *self);
/* Whether appended text waits for the next frame. */
gboolean  _chatroutes_markdown_view_is_pending       (ChatroutesMarkdownView *self);
/* Renders appended text now rather than at the next frame. */
void      _chatroutes_markdown_view_flush            (ChatroutesMarkdownView *self);

G_END_DECLS
