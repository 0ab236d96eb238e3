/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-conversation-list.h"
#include "chatroutes-service.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_SIDEBAR (chatroutes_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesSidebar, chatroutes_sidebar, CHATROUTES, SIDEBAR, AdwBin)

/*
 * The conversation sidebar: the content of the sidebar page of an
 * AdwNavigationSplitView.
 *
 * Properties: service (construct-only), list (construct-only; created with
 * a page size of 30 when not given), default-model (nullable: the model of
 * new conversations), selected-id (the selected conversation, settable),
 * search-mode (whether the search bar shows), menu-model (the primary menu).
 *
 * Signal ::conversation-activated (ChatroutesConversation *conversation):
 * the user opened a conversation (or a new one was created).
 *
 * Actions (group "sidebar"): new-conversation, search (toggles
 * search-mode), reload, open (s: id), rename (s: id), delete (s: id),
 * rename-selected, delete-selected.
 */
GtkWidget                  *chatroutes_sidebar_new               (ChatroutesService *service);

ChatroutesService          *chatroutes_sidebar_get_service       (ChatroutesSidebar *self);
ChatroutesConversationList *chatroutes_sidebar_get_list          (ChatroutesSidebar *self);
const char                 *chatroutes_sidebar_get_default_model (ChatroutesSidebar *self);
void                        chatroutes_sidebar_set_default_model (ChatroutesSidebar *self,
                                                                  const char        *model);
const char                 *chatroutes_sidebar_get_selected_id   (ChatroutesSidebar *self);
void                        chatroutes_sidebar_set_selected_id   (ChatroutesSidebar *self,
                                                                  const char        *conversation_id);
gboolean                    chatroutes_sidebar_get_search_mode   (ChatroutesSidebar *self);
void                        chatroutes_sidebar_set_search_mode   (ChatroutesSidebar *self,
                                                                  gboolean           search_mode);
/* Shows the search with @text in it (what a search from outside asks for). */
const char                 *chatroutes_sidebar_get_search_text   (ChatroutesSidebar *self);
void                        chatroutes_sidebar_set_search_text   (ChatroutesSidebar *self,
                                                                  const char        *text);
GMenuModel                 *chatroutes_sidebar_get_menu_model    (ChatroutesSidebar *self);
void                        chatroutes_sidebar_set_menu_model    (ChatroutesSidebar *self,
                                                                  GMenuModel        *menu_model);

/* Loads the conversations again if that failed before. */
void                        chatroutes_sidebar_retry             (ChatroutesSidebar *self);

G_END_DECLS
