/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_MESSAGE_ROW (chatroutes_message_row_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesMessageRow, chatroutes_message_row, CHATROUTES, MESSAGE_ROW, GtkWidget)

/*
 * One message of a conversation: who said it, the text (Markdown for
 * replies), what it cost, and its actions. A row follows the reply that is
 * still arriving for its message, if any, and lets go of it when unbound.
 * Its buttons activate the page's actions with the message id:
 * conversation.copy-message, conversation.edit-message,
 * conversation.delete-message, conversation.retry-message; its "More
 * Actions" menu conversation.fork-message, conversation.edit-resend (a
 * question), conversation.regenerate (a reply),
 * conversation.suggest-message, conversation.checkpoint-message and
 * conversation.verify-message.
 */
GtkWidget         *chatroutes_message_row_new         (void);
void               chatroutes_message_row_bind        (ChatroutesMessageRow *self,
                                                       ChatroutesMessage    *message,
                                                       ChatroutesStream     *stream);
void               chatroutes_message_row_unbind      (ChatroutesMessageRow *self);
ChatroutesMessage *chatroutes_message_row_get_message (ChatroutesMessageRow *self);

/* The version switcher (‹ 2/3 ›): @index of @count versions of this point
 * of the conversation; hidden when @count < 2. Its arrows activate
 * conversation.previous-sibling and conversation.next-sibling. */
void               chatroutes_message_row_set_siblings      (ChatroutesMessageRow *self,
                                                             guint                 index,
                                                             guint                 count);
guint              chatroutes_message_row_get_sibling_index (ChatroutesMessageRow *self);
guint              chatroutes_message_row_get_sibling_count (ChatroutesMessageRow *self);
/* A mark above the message saying the branch @branch_title starts here
 * ("" for an untitled branch); NULL: none. */
void               chatroutes_message_row_set_branch_mark   (ChatroutesMessageRow *self,
                                                             const char           *branch_title);
const char        *chatroutes_message_row_get_branch_mark   (ChatroutesMessageRow *self);

/* The figures a person reads under a message: model, tokens, time, cost.
 * Returns NULL when none is known. */
char              *chatroutes_message_format_details  (ChatroutesMessage    *message) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
