/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"
#include "chatroutes-overview.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_OVERVIEW_DIALOG (chatroutes_overview_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesOverviewDialog, chatroutes_overview_dialog, CHATROUTES, OVERVIEW_DIALOG, AdwDialog)

/*
 * The conversation overview in a dialog: loads the conversation's whole
 * tree and shows it in a ChatroutesOverview, with zoom buttons. Opening a
 * message emits ::message-activated (const char *branch_id, const char
 * *message_id) and closes the dialog.
 */
ChatroutesOverviewDialog *chatroutes_overview_dialog_new          (ChatroutesService        *service,
                                                                   ChatroutesConversation   *conversation,
                                                                   const char               *active_branch_id) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesOverview       *chatroutes_overview_dialog_get_overview (ChatroutesOverviewDialog *self);
gboolean                  chatroutes_overview_dialog_get_loading  (ChatroutesOverviewDialog *self);
/* Shows @tree instead of loading one (when the caller has it already). */
void                      chatroutes_overview_dialog_set_tree     (ChatroutesOverviewDialog *self,
                                                                   ChatroutesMessageTree    *tree);

G_END_DECLS
