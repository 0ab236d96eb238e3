/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_COMPARE_VIEW (chatroutes_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesCompareView, chatroutes_compare_view, CHATROUTES, COMPARE_VIEW, AdwDialog)

/*
 * Two branches of a conversation side by side, from where they part: the
 * messages they share are shown once (folded), the point where they
 * diverge is named, and each side says its model, temperature and tokens.
 * Two drop-downs pick the branches; they start on the branch being read
 * and its parent (or, for a branch without one, a branch growing from it).
 *
 * Signal ::branch-activated (const char *branch_id): "Open Branch" on one
 * side; the dialog closes.
 */
ChatroutesCompareView *chatroutes_compare_view_new                 (ChatroutesService      *service,
                                                                    ChatroutesConversation *conversation,
                                                                    const char             *active_branch_id) G_GNUC_WARN_UNUSED_RESULT;

/* Compares @left_id with @right_id (both must be the conversation's). */
void                   chatroutes_compare_view_set_branches        (ChatroutesCompareView  *self,
                                                                    const char             *left_id,
                                                                    const char             *right_id);
const char            *chatroutes_compare_view_get_left_branch_id  (ChatroutesCompareView  *self);
const char            *chatroutes_compare_view_get_right_branch_id (ChatroutesCompareView  *self);
/* TRUE while branches or messages are being fetched. */
gboolean               chatroutes_compare_view_get_loading         (ChatroutesCompareView  *self);
/* How many leading messages the two sides share, once compared. */
guint                  chatroutes_compare_view_get_common_length   (ChatroutesCompareView  *self);

G_END_DECLS
