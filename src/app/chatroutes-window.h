/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-application.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_WINDOW (chatroutes_window_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesWindow, chatroutes_window, CHATROUTES, WINDOW, AdwApplicationWindow)

ChatroutesWindow *chatroutes_window_new                    (ChatroutesApplication *application) G_GNUC_WARN_UNUSED_RESULT;

/* Slots. The window owns the header bars; a slot is the body under one.
 * NULL puts the placeholder back. */
void              chatroutes_window_set_sidebar            (ChatroutesWindow      *self,
                                                            GtkWidget             *sidebar);
GtkWidget        *chatroutes_window_get_sidebar            (ChatroutesWindow      *self);
void              chatroutes_window_set_content            (ChatroutesWindow      *self,
                                                            GtkWidget             *content);
GtkWidget        *chatroutes_window_get_content            (ChatroutesWindow      *self);
/* For buttons and titles of the plugged widgets. */
AdwHeaderBar     *chatroutes_window_get_sidebar_header_bar (ChatroutesWindow      *self);
AdwHeaderBar     *chatroutes_window_get_content_header_bar (ChatroutesWindow      *self);
void              chatroutes_window_set_content_title      (ChatroutesWindow      *self,
                                                            const char            *title,
                                                            const char            *subtitle);
/* Shows the content pane when the split view is collapsed. */
void              chatroutes_window_show_content           (ChatroutesWindow      *self,
                                                            gboolean               show);

void              chatroutes_window_add_toast              (ChatroutesWindow      *self,
                                                            AdwToast              *toast);
void              chatroutes_window_show_banner            (ChatroutesWindow      *self,
                                                            ChatroutesProblem      kind);
void              chatroutes_window_hide_banner            (ChatroutesWindow      *self);

/* Shows the conversation @conversation_id, selected in the sidebar; when
 * the conversations are not shown yet, once they are. */
void              chatroutes_window_open_conversation      (ChatroutesWindow      *self,
                                                            const char            *conversation_id);

/* Shows the sidebar's search with @text; nothing before the conversations
 * are shown. Returns whether they are. */
gboolean          chatroutes_window_search                 (ChatroutesWindow      *self,
                                                            const char            *text);

/* "loading", "welcome" or "main". */
const char       *chatroutes_window_get_view_name          (ChatroutesWindow      *self);

G_END_DECLS
