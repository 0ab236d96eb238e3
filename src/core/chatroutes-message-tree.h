/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "chatroutes-resources.h"
#include "chatroutes-service.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_MESSAGE_TREE (chatroutes_message_tree_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesMessageTree, chatroutes_message_tree, CHATROUTES, MESSAGE_TREE, GObject)

/* A node index that stands for "no node". */
#define CHATROUTES_MESSAGE_TREE_NONE G_MAXUINT

/*
 * A whole conversation as a tree of messages, for views that draw or walk
 * it. Nodes are numbered 0 … n-1 in depth-first order (a parent before its
 * children, children in the order they came), so a node's subtree is a
 * contiguous range. Every node has a depth (0 for a root) and belongs to a
 * branch when one is known.
 *
 * The tree is laid out in lanes, like a history graph: a lane is a chain
 * of nodes going down, following the child on the same branch; every other
 * child starts a new lane. Lanes are numbered so that one never overlaps
 * another on the same rows; a node's row is its depth.
 *
 * It is built from the tree endpoint in either published shape, or from a
 * conversation's branches and each branch's own messages. Input is not
 * trusted: duplicate ids keep their first occurrence, parents that are
 * unknown fall back to the branch's fork point or previous message (or
 * make a root), and parent loops are cut, so every message is kept once.
 */
ChatroutesMessageTree *chatroutes_message_tree_new                 (void) G_GNUC_WARN_UNUSED_RESULT;

/* From the tree endpoint's message-node shape (a). Returns FALSE, leaving
 * the tree empty, when @tree has no message nodes (shape (b), or no
 * shape): then rebuild it from branches. An empty conversation in shape
 * (a) ("tree": null with metadata) gives TRUE and no nodes. */
gboolean               chatroutes_message_tree_set_from_tree       (ChatroutesMessageTree *self,
                                                                    ChatroutesTree        *tree);
/* From @branches (ChatroutesBranch) and, for each branch id, a GListModel
 * of that branch's messages (ChatroutesMessage) in @messages (branch id →
 * GListModel; a branch without an entry has no messages). */
void                   chatroutes_message_tree_set_from_branches   (ChatroutesMessageTree *self,
                                                                    GListModel            *branches,
                                                                    GHashTable            *messages);
void                   chatroutes_message_tree_clear               (ChatroutesMessageTree *self);

/* Fetches @conversation_id's tree; when the endpoint fails or gives no
 * message nodes, fetches the branches (from the tree's shape (b) when it
 * has them) and every branch's messages, in parallel, and rebuilds it. */
void                   chatroutes_message_tree_load_async          (ChatroutesMessageTree *self,
                                                                    ChatroutesService     *service,
                                                                    const char            *conversation_id,
                                                                    GCancellable          *cancellable,
                                                                    GAsyncReadyCallback    callback,
                                                                    gpointer               user_data);
gboolean               chatroutes_message_tree_load_finish         (ChatroutesMessageTree *self,
                                                                    GAsyncResult          *result,
                                                                    GError               **error);

guint                  chatroutes_message_tree_get_n_nodes         (ChatroutesMessageTree *self);
/* The node of @message_id, or CHATROUTES_MESSAGE_TREE_NONE. */
guint                  chatroutes_message_tree_lookup              (ChatroutesMessageTree *self,
                                                                    const char            *message_id);

const char            *chatroutes_message_tree_get_id              (ChatroutesMessageTree *self,
                                                                    guint                  node);
const char            *chatroutes_message_tree_get_role            (ChatroutesMessageTree *self,
                                                                    guint                  node);
const char            *chatroutes_message_tree_get_content         (ChatroutesMessageTree *self,
                                                                    guint                  node);
/* The branch the node belongs to, or NULL when none is known. */
const char            *chatroutes_message_tree_get_branch_id       (ChatroutesMessageTree *self,
                                                                    guint                  node);
/* The message itself when the tree was built from messages, else NULL. */
ChatroutesMessage     *chatroutes_message_tree_get_message         (ChatroutesMessageTree *self,
                                                                    guint                  node);
guint                  chatroutes_message_tree_get_parent          (ChatroutesMessageTree *self,
                                                                    guint                  node);
guint                  chatroutes_message_tree_get_n_children      (ChatroutesMessageTree *self,
                                                                    guint                  node);
guint                  chatroutes_message_tree_get_child           (ChatroutesMessageTree *self,
                                                                    guint                  node,
                                                                    guint                  index);
guint                  chatroutes_message_tree_get_depth           (ChatroutesMessageTree *self,
                                                                    guint                  node);
/* The deepest node's depth plus one (0 when empty). */
guint                  chatroutes_message_tree_get_n_rows          (ChatroutesMessageTree *self);

/* The nearest node that has both @a and @b in its subtree, or
 * CHATROUTES_MESSAGE_TREE_NONE when they have different roots. */
guint                  chatroutes_message_tree_common_ancestor     (ChatroutesMessageTree *self,
                                                                    guint                  a,
                                                                    guint                  b);

/* Lanes */
guint                  chatroutes_message_tree_get_n_lanes         (ChatroutesMessageTree *self);
guint                  chatroutes_message_tree_get_lane            (ChatroutesMessageTree *self,
                                                                    guint                  node);
/* TRUE when @node is the first node of its lane (where a label goes). */
gboolean               chatroutes_message_tree_starts_lane         (ChatroutesMessageTree *self,
                                                                    guint                  node);
/* The nodes of row @row, ordered by lane; @n_nodes receives how many.
 * The array belongs to the tree. */
const guint           *chatroutes_message_tree_get_row             (ChatroutesMessageTree *self,
                                                                    guint                  row,
                                                                    guint                 *n_nodes);

/* Branches: those given, or those the tree endpoint named. */
GListModel            *chatroutes_message_tree_get_branches        (ChatroutesMessageTree *self);
ChatroutesBranch      *chatroutes_message_tree_lookup_branch       (ChatroutesMessageTree *self,
                                                                    const char            *branch_id);
/* The title of @branch_id, or NULL. */
const char            *chatroutes_message_tree_get_branch_title    (ChatroutesMessageTree *self,
                                                                    const char            *branch_id);

G_END_DECLS
