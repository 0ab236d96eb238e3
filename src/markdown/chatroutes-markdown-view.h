/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CHATROUTES_TYPE_MARKDOWN_VIEW (chatroutes_markdown_view_get_type ())

G_DECLARE_FINAL_TYPE (ChatroutesMarkdownView, chatroutes_markdown_view,
                      CHATROUTES, MARKDOWN_VIEW, GtkWidget)

GtkWidget  *chatroutes_markdown_view_new            (void);
const char *chatroutes_markdown_view_get_text       (ChatroutesMarkdownView *self);
void        chatroutes_markdown_view_set_text       (ChatroutesMarkdownView *self,
                                                     const char             *text);
void        chatroutes_markdown_view_append         (ChatroutesMarkdownView *self,
                                                     const char             *delta,
                                                     gsize                   len);
gboolean    chatroutes_markdown_view_get_selectable (ChatroutesMarkdownView *self);
void        chatroutes_markdown_view_set_selectable (ChatroutesMarkdownView *self,
                                                     gboolean                selectable);

G_END_DECLS
