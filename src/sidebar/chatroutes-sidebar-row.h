/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "chatroutes-resources.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_SIDEBAR_ROW (chatroutes_sidebar_row_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesSidebarRow, chatroutes_sidebar_row, CHATROUTES, SIDEBAR_ROW, GtkWidget)

/* One conversation in the sidebar's list: its title, when it last changed
 * and its model, with a menu of what can be done to it. The menu's items
 * activate "sidebar.rename" and "sidebar.delete" with the conversation's
 * id; a click on a row that was already selected activates "sidebar.open". */
GtkWidget              *chatroutes_sidebar_row_new              (GtkListItem            *list_item);
ChatroutesConversation *chatroutes_sidebar_row_get_conversation (ChatroutesSidebarRow   *self);
void                    chatroutes_sidebar_row_set_conversation (ChatroutesSidebarRow   *self,
                                                                 ChatroutesConversation *conversation);
/* Recomputes the relative time against @now. */
void                    chatroutes_sidebar_row_update_time      (ChatroutesSidebarRow   *self,
                                                                 GDateTime              *now);

G_END_DECLS
