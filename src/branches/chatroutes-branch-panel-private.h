/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-branch-panel.h"
#include "chatroutes-branch-row.h"

G_BEGIN_DECLS

/* For tests: the list, the state page shown ("loading", "empty", "error"
 * or "tree"), and the row widget showing @branch_id, if one is bound. */
GtkListView         *_chatroutes_branch_panel_get_list_view (ChatroutesBranchPanel *self);
const char          *_chatroutes_branch_panel_get_state     (ChatroutesBranchPanel *self);
ChatroutesBranchRow *_chatroutes_branch_panel_find_row      (ChatroutesBranchPanel *self,
                                                             const char            *branch_id);
/* Pending deletions (their toasts still showing). */
guint                _chatroutes_branch_panel_get_n_pending (ChatroutesBranchPanel *self);
/* The last toast shown, while it shows. */
AdwToast            *_chatroutes_branch_panel_get_last_toast (ChatroutesBranchPanel *self);

G_END_DECLS
