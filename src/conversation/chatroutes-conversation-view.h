/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_CONVERSATION_VIEW (chatroutes_conversation_view_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesConversationView, chatroutes_conversation_view, CHATROUTES, CONVERSATION_VIEW, AdwBin)

/*
 * A conversation as a person reads it: the messages of a branch path in a
 * recycling list, the composer, replies streaming in. Replies belong to
 * the service, not the page: switching away and back shows a reply still
 * running, or finished.
 *
 * Signal ::problem (GError *error): authentication and network failures,
 * which the window shows as lasting banners. Other failures are shown here
 * (validation at the composer, rate limits and server errors as toasts).
 *
 * Branching happens here too: a message can start a new branch (fork,
 * edit and resend, regenerate, a suggestion), and the version switcher
 * moves between branches. Property :branch-id (notified) is the branch
 * shown, NULL for the main branch; others can follow it, and switch it
 * with chatroutes_conversation_view_set_conversation(). Signal
 * ::branch-created (ChatroutesBranch *branch) says a branch was made here,
 * before the view shows it.
 */
ChatroutesConversationView *chatroutes_conversation_view_new              (ChatroutesService          *service) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_conversation_view_set_conversation (ChatroutesConversationView *self,
                                                                           ChatroutesConversation     *conversation,
                                                                           const char                 *branch_id);
ChatroutesConversation     *chatroutes_conversation_view_get_conversation (ChatroutesConversationView *self);
/* The branch shown, as set (NULL: the main branch). Properties
 * "conversation" and "branch-id" notify when they change. */
const char                 *chatroutes_conversation_view_get_branch_id    (ChatroutesConversationView *self);
/* The branches of the conversation shown, as the view knows them, or NULL. */
ChatroutesBranchTree       *chatroutes_conversation_view_get_branch_tree  (ChatroutesConversationView *self);
/* Whether branch suggestions can be asked for (the autobranch service was
 * not found down). */
gboolean                    chatroutes_conversation_view_get_suggestions_available (ChatroutesConversationView *self);
GListModel                 *chatroutes_conversation_view_get_messages     (ChatroutesConversationView *self);
/* The composer widget, for focus and tests. */
GtkWidget                  *chatroutes_conversation_view_get_composer     (ChatroutesConversationView *self);
/* Sends @text as if typed and sent from the composer. */
void                        chatroutes_conversation_view_send             (ChatroutesConversationView *self,
                                                                           const char                 *text);
/* Stops the reply being streamed on this conversation, if any. */
void                        chatroutes_conversation_view_stop             (ChatroutesConversationView *self);
/* Where the unsent words of each conversation and branch are kept. */
void                        chatroutes_conversation_view_set_draft_store  (ChatroutesConversationView *self,
                                                                           ChatroutesDraftStore       *drafts);
/* Hides the view's own header bar when a window provides one. */
void                        chatroutes_conversation_view_set_show_header  (ChatroutesConversationView *self,
                                                                           gboolean                    show);
/* Whether the view is following the newest message. */
gboolean                    chatroutes_conversation_view_get_following    (ChatroutesConversationView *self);

/* Loads the messages again if that failed before. */
void                        chatroutes_conversation_view_retry            (ChatroutesConversationView *self);

G_END_DECLS
