/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_BRANCH_PANEL (chatroutes_branch_panel_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesBranchPanel, chatroutes_branch_panel, CHATROUTES, BRANCH_PANEL, AdwBin)

/*
 * A conversation's branches as a tree, for the end side of the window:
 * where each branch forks, the branch shown and its path to the root
 * highlighted, and per branch its title, message count and the start of
 * the message it grows from. Activating a branch asks for it to be shown;
 * the panel also creates, renames, deletes (with Undo) and merges
 * branches, by menu or by dragging a branch onto its parent.
 *
 * Properties: conversation (the conversation whose branches are shown),
 * active-branch-id (the branch shown; NULL: the main one), loading.
 *
 * Signal ::branch-activated (const char *branch_id): show that branch.
 * Signal ::branch-merged (const char *branch_id, const char *into_id): a
 * branch was merged; @into_id has new messages. ::branch-activated for
 * @into_id follows.
 *
 * Actions (group "branches"): new, reload, open (s: id), rename (s: id),
 * delete (s: id), merge (s: id), and for the row with the keyboard focus
 * rename-focused (F2), delete-focused (Delete), menu-focused (Menu,
 * Shift+F10).
 */
ChatroutesBranchPanel  *chatroutes_branch_panel_new                  (ChatroutesService      *service) G_GNUC_WARN_UNUSED_RESULT;

void                    chatroutes_branch_panel_set_conversation     (ChatroutesBranchPanel  *self,
                                                                      ChatroutesConversation *conversation);
ChatroutesConversation *chatroutes_branch_panel_get_conversation     (ChatroutesBranchPanel  *self);
void                    chatroutes_branch_panel_set_active_branch_id (ChatroutesBranchPanel  *self,
                                                                      const char             *branch_id);
/* The branch shown: the one set, or the main one once the tree knows it. */
const char             *chatroutes_branch_panel_get_active_branch_id (ChatroutesBranchPanel  *self);
/* The messages the conversation page shows (a GListModel of
 * ChatroutesMessage, or NULL): where fork points are looked up first, and
 * what a new branch can start from. */
void                    chatroutes_branch_panel_set_messages         (ChatroutesBranchPanel  *self,
                                                                      GListModel             *messages);
ChatroutesBranchTree   *chatroutes_branch_panel_get_tree             (ChatroutesBranchPanel  *self);
gboolean                chatroutes_branch_panel_get_loading          (ChatroutesBranchPanel  *self);
/* Fetches the branches again. */
void                    chatroutes_branch_panel_reload               (ChatroutesBranchPanel  *self);

/* Whether @dragged_id may be dropped on @target_id: only onto its own
 * parent, which merges it there. */
gboolean                chatroutes_branch_panel_can_drop             (ChatroutesBranchPanel  *self,
                                                                      const char             *dragged_id,
                                                                      const char             *target_id);
/* What dropping @dragged_id on @target_id does: asks to merge it. Returns
 * FALSE, doing nothing, when the drop is not allowed. */
gboolean                chatroutes_branch_panel_drop                 (ChatroutesBranchPanel  *self,
                                                                      const char             *dragged_id,
                                                                      const char             *target_id);

G_END_DECLS
