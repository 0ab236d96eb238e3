/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_CONVERSATION_PAGE (chatroutes_conversation_page_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesConversationPage, chatroutes_conversation_page, CHATROUTES, CONVERSATION_PAGE, AdwBin)

/*
 * A conversation as a person reads it: the messages of a branch path in a
 * recycling list, the composer, replies streaming in. Replies belong to
 * the service, not the page: switching away and back shows a reply still
 * running, or finished.
 *
 * Signal ::problem (GError *error): authentication and network failures,
 * which the window shows as lasting banners. Other failures are shown here
 * (validation at the composer, rate limits and server errors as toasts).
 */
ChatroutesConversationPage *chatroutes_conversation_page_new              (ChatroutesService          *service) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_conversation_page_set_conversation (ChatroutesConversationPage *self,
                                                                           ChatroutesConversation     *conversation,
                                                                           const char                 *branch_id);
ChatroutesConversation     *chatroutes_conversation_page_get_conversation (ChatroutesConversationPage *self);
GListModel                 *chatroutes_conversation_page_get_messages     (ChatroutesConversationPage *self);
/* The composer widget, for focus and tests. */
GtkWidget                  *chatroutes_conversation_page_get_composer     (ChatroutesConversationPage *self);
/* Sends @text as if typed and sent from the composer. */
void                        chatroutes_conversation_page_send             (ChatroutesConversationPage *self,
                                                                           const char                 *text);
/* Stops the reply being streamed on this conversation, if any. */
void                        chatroutes_conversation_page_stop             (ChatroutesConversationPage *self);
/* Whether the view is following the newest message. */
gboolean                    chatroutes_conversation_page_get_following    (ChatroutesConversationPage *self);

G_END_DECLS
