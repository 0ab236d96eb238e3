/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "chatroutes-service.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_REPLY_NOTIFIER (chatroutes_reply_notifier_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesReplyNotifier, chatroutes_reply_notifier, CHATROUTES, REPLY_NOTIFIER, GObject)

/*
 * Announces finished replies with a desktop notification when no window
 * of the application is active: the conversation's title, the start of
 * the reply, and a default action (app.open-conversation, the
 * conversation's id) that opens it. One notification per conversation,
 * withdrawn when the conversation is opened (see
 * chatroutes_reply_notifier_withdraw()).
 *
 * Notifications are sent only while something on the session bus shows
 * them (org.gtk.Notifications, org.freedesktop.Notifications, or the
 * portal in a sandbox), so a session without one gets no warnings.
 */
ChatroutesReplyNotifier *chatroutes_reply_notifier_new      (GApplication            *application,
                                                             ChatroutesService       *service) G_GNUC_WARN_UNUSED_RESULT;
void                     chatroutes_reply_notifier_withdraw (ChatroutesReplyNotifier *self,
                                                             const char              *conversation_id);

/* The GNotification id for @conversation_id's replies (owned). */
char                    *chatroutes_reply_notifier_dup_id   (const char              *conversation_id) G_GNUC_WARN_UNUSED_RESULT;
/* The body for @reply: its first words, on one line, at most @max_chars
 * characters with an ellipsis when cut (owned). */
char                    *chatroutes_reply_notifier_make_body (const char             *reply,
                                                              guint                   max_chars) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
