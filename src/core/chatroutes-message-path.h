/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "chatroutes-branch-tree.h"
#include "chatroutes-service.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_MESSAGE_PATH (chatroutes_message_path_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesMessagePath, chatroutes_message_path, CHATROUTES, MESSAGE_PATH, GObject)

/*
 * The messages a person reads on a branch, as a GListModel of
 * ChatroutesMessage: each ancestor's messages up to the point where the
 * next branch forks, then the branch's own. :branch-start is the position
 * of the branch's first own message (where a view marks "branch begins").
 * Properties: conversation-id, branch-id, loading, error, branch-start.
 */
ChatroutesMessagePath *chatroutes_message_path_new          (ChatroutesService     *service,
                                                             const char            *conversation_id) G_GNUC_WARN_UNUSED_RESULT;

const char            *chatroutes_message_path_get_conversation_id (ChatroutesMessagePath *self);
const char            *chatroutes_message_path_get_branch_id (ChatroutesMessagePath *self);
gboolean               chatroutes_message_path_get_loading   (ChatroutesMessagePath *self);
const GError          *chatroutes_message_path_get_error     (ChatroutesMessagePath *self);
guint                  chatroutes_message_path_get_branch_start (ChatroutesMessagePath *self);

/* Shows @branch_id (NULL: the main branch). @tree may be NULL, or a tree
 * that already knows the conversation's branches; otherwise they are
 * fetched. The messages of every branch on the path are fetched in
 * parallel. */
void                   chatroutes_message_path_load          (ChatroutesMessagePath *self,
                                                              ChatroutesBranchTree  *tree,
                                                              const char            *branch_id);
void                   chatroutes_message_path_reload        (ChatroutesMessagePath *self);
/* Branch id → that branch's fetched messages, shared by the paths of one
 * conversation; emptied by reloads and local changes. */
void                   chatroutes_message_path_set_cache     (ChatroutesMessagePath *self,
                                                              GHashTable            *cache);

/* Local changes while a reply arrives or after an edit. */
void                   chatroutes_message_path_append        (ChatroutesMessagePath *self,
                                                              ChatroutesMessage     *message);
gboolean               chatroutes_message_path_find          (ChatroutesMessagePath *self,
                                                              const char            *message_id,
                                                              guint                 *position);
gboolean               chatroutes_message_path_replace       (ChatroutesMessagePath *self,
                                                              guint                  position,
                                                              ChatroutesMessage     *message);
gboolean               chatroutes_message_path_remove        (ChatroutesMessagePath *self,
                                                              guint                  position);

/* Whether the branch holding @message_id, an ancestor on the path, has
 * messages after it that the path does not show (the path turned off into
 * a branch there). Known once a load has finished. */
gboolean               chatroutes_message_path_continues_after (ChatroutesMessagePath *self,
                                                                const char            *message_id);
/* The branches the path was composed from, or NULL before the first load. */
ChatroutesBranchTree  *chatroutes_message_path_get_tree      (ChatroutesMessagePath *self);

/*
 * The composition rule on its own, for tests and for views that already
 * hold the messages: @path is root → branch (ChatroutesBranch), @messages
 * holds for each of them a GListModel of that branch's own messages.
 * Returns the composed messages; @branch_start receives the position of
 * the last branch's first message.
 */
GPtrArray             *chatroutes_message_path_compose       (GPtrArray             *path,
                                                              GPtrArray             *messages,
                                                              guint                 *branch_start) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
