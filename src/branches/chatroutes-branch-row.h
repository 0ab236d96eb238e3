/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "chatroutes-branch-rail.h"
#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_BRANCH_ROW (chatroutes_branch_row_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesBranchRow, chatroutes_branch_row, CHATROUTES, BRANCH_ROW, GtkWidget)

/* One row of the branch panel: the rail, the expander, the title and a
 * line of details, and a menu. */
GtkWidget        *chatroutes_branch_row_new          (void);
void              chatroutes_branch_row_bind         (ChatroutesBranchRow      *self,
                                                      GtkTreeListRow           *list_row,
                                                      ChatroutesBranch         *branch);
void              chatroutes_branch_row_unbind       (ChatroutesBranchRow      *self);
/* What the panel works out for the row: its rail, whether it is on the
 * active path, and the start of its fork-point message (nullable). */
void              chatroutes_branch_row_update       (ChatroutesBranchRow      *self,
                                                      const ChatroutesRailSpec *spec,
                                                      const char               *fork_text);
ChatroutesBranch *chatroutes_branch_row_get_branch   (ChatroutesBranchRow      *self);
GtkTreeListRow   *chatroutes_branch_row_get_list_row (ChatroutesBranchRow      *self);
const char       *chatroutes_branch_row_get_title    (ChatroutesBranchRow      *self);
const char       *chatroutes_branch_row_get_details  (ChatroutesBranchRow      *self);
ChatroutesBranchRail *chatroutes_branch_row_get_rail (ChatroutesBranchRow      *self);
/* Opens the row's menu (Open, Rename, Merge into Parent, Delete), as its
 * menu button does; the menu, once opened. */
void              chatroutes_branch_row_open_menu    (ChatroutesBranchRow      *self);
GtkPopover       *chatroutes_branch_row_get_menu     (ChatroutesBranchRow      *self);
/* Marks the row as the place a dragged branch would be merged into. */
void              chatroutes_branch_row_set_drop_highlight (ChatroutesBranchRow *self,
                                                            gboolean             highlight);

G_END_DECLS
