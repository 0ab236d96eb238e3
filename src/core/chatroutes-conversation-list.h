/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "chatroutes-service.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_CONVERSATION_LIST (chatroutes_conversation_list_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesConversationList, chatroutes_conversation_list, CHATROUTES, CONVERSATION_LIST, GObject)

/*
 * A GListModel of ChatroutesConversation that loads the service's pages on
 * demand. Asking for an item near the end of what is loaded fetches the
 * next page (so a list view loads as it scrolls); load_more() does it
 * explicitly. Properties: service, filter, page-size, loading, has-more,
 * total (-1 until known), error (the last failure, or NULL), loaded (TRUE
 * once the first page arrived).
 */
ChatroutesConversationList *chatroutes_conversation_list_new        (ChatroutesService            *service,
                                                                     ChatroutesConversationFilter  filter,
                                                                     guint                         page_size) G_GNUC_WARN_UNUSED_RESULT;

ChatroutesService           *chatroutes_conversation_list_get_service  (ChatroutesConversationList *self);
ChatroutesConversationFilter chatroutes_conversation_list_get_filter   (ChatroutesConversationList *self);
/* Changing the filter reloads from the first page. */
void                         chatroutes_conversation_list_set_filter   (ChatroutesConversationList   *self,
                                                                        ChatroutesConversationFilter  filter);
guint                        chatroutes_conversation_list_get_page_size (ChatroutesConversationList *self);
gboolean                     chatroutes_conversation_list_get_loading   (ChatroutesConversationList *self);
gboolean                     chatroutes_conversation_list_get_has_more  (ChatroutesConversationList *self);
gboolean                     chatroutes_conversation_list_get_loaded    (ChatroutesConversationList *self);
gint64                       chatroutes_conversation_list_get_total     (ChatroutesConversationList *self);
const GError                *chatroutes_conversation_list_get_error     (ChatroutesConversationList *self);

/* Drops what is loaded and fetches the first page again. */
void                         chatroutes_conversation_list_reload        (ChatroutesConversationList *self);
/* Fetches the next page unless one is loading or there is none. */
void                         chatroutes_conversation_list_load_more     (ChatroutesConversationList *self);

/* Local edits, so a view reflects a change before the next reload. */
void                         chatroutes_conversation_list_prepend       (ChatroutesConversationList *self,
                                                                         ChatroutesConversation     *conversation);
gboolean                     chatroutes_conversation_list_find          (ChatroutesConversationList *self,
                                                                         const char                 *conversation_id,
                                                                         guint                      *position);
/* Returns the removed item (a new reference), or NULL. */
ChatroutesConversation      *chatroutes_conversation_list_remove        (ChatroutesConversationList *self,
                                                                         const char                 *conversation_id) G_GNUC_WARN_UNUSED_RESULT;
void                         chatroutes_conversation_list_insert        (ChatroutesConversationList *self,
                                                                         guint                       position,
                                                                         ChatroutesConversation     *conversation);

G_END_DECLS
