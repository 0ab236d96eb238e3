/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "chatroutes-service.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_BRANCH_TREE (chatroutes_branch_tree_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesBranchTree, chatroutes_branch_tree, CHATROUTES, BRANCH_TREE, GObject)

/*
 * A conversation's branches as a tree, for views: a flat list of all
 * branches, the roots, and for each branch a persistent GListModel of its
 * children (the same object every time, so a GtkTreeListModel sees new
 * branches arrive through items-changed; only what changed is signalled).
 * Branches whose parent is unknown, or that are part of a parent loop, are
 * shown as roots rather than lost.
 */
ChatroutesBranchTree *chatroutes_branch_tree_new            (void) G_GNUC_WARN_UNUSED_RESULT;

/* Replaces the branches with @branches (a GListModel of ChatroutesBranch). */
void                  chatroutes_branch_tree_set_branches   (ChatroutesBranchTree *self,
                                                             GListModel           *branches);
/* From the tree endpoint: its branches when it lists them, otherwise
 * rebuilt from the message nodes that start a branch. Returns FALSE when
 * the tree holds neither. */
gboolean              chatroutes_branch_tree_set_from_tree  (ChatroutesBranchTree *self,
                                                             ChatroutesTree       *tree);
/* Adds or, for a known id, updates a branch. */
void                  chatroutes_branch_tree_add            (ChatroutesBranchTree *self,
                                                             ChatroutesBranch     *branch);
/* Removes a branch; its children move to its parent. */
gboolean              chatroutes_branch_tree_remove         (ChatroutesBranchTree *self,
                                                             const char           *branch_id);

ChatroutesBranch     *chatroutes_branch_tree_lookup         (ChatroutesBranchTree *self,
                                                             const char           *branch_id);
ChatroutesBranch     *chatroutes_branch_tree_get_main       (ChatroutesBranchTree *self);
GListModel           *chatroutes_branch_tree_get_branches   (ChatroutesBranchTree *self);
GListModel           *chatroutes_branch_tree_get_roots      (ChatroutesBranchTree *self);
/* Never NULL for a known branch; NULL for an unknown id. */
GListModel           *chatroutes_branch_tree_get_children   (ChatroutesBranchTree *self,
                                                             const char           *branch_id);
/* The branches from the root down to @branch_id (included), or NULL. */
GPtrArray            *chatroutes_branch_tree_dup_path       (ChatroutesBranchTree *self,
                                                             const char           *branch_id) G_GNUC_WARN_UNUSED_RESULT;
guint                 chatroutes_branch_tree_get_depth      (ChatroutesBranchTree *self,
                                                             const char           *branch_id);

/* Fetches the branches of @conversation_id and replaces the tree's. */
void                  chatroutes_branch_tree_load_async     (ChatroutesBranchTree *self,
                                                             ChatroutesService    *service,
                                                             const char           *conversation_id,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              chatroutes_branch_tree_load_finish    (ChatroutesBranchTree *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
