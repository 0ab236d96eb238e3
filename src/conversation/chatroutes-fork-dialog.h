/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_FORK_DIALOG (chatroutes_fork_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesForkDialog, chatroutes_fork_dialog, CHATROUTES, FORK_DIALOG, AdwAlertDialog)

/*
 * Asks for what a new branch grown from a message is called and how much
 * of the conversation before it the branch carries (FULL, PARTIAL or
 * MINIMAL, each explained). Responses: "cancel" and "fork"; "fork" is
 * only enabled while the title holds more than blanks.
 */
AdwDialog             *chatroutes_fork_dialog_new              (const char            *branch_title);
char                  *chatroutes_fork_dialog_dup_branch_title (ChatroutesForkDialog  *self) G_GNUC_WARN_UNUSED_RESULT;
void                   chatroutes_fork_dialog_set_branch_title (ChatroutesForkDialog  *self,
                                                                const char            *title);
ChatroutesContextMode  chatroutes_fork_dialog_get_context_mode (ChatroutesForkDialog  *self);
void                   chatroutes_fork_dialog_set_context_mode (ChatroutesForkDialog  *self,
                                                                ChatroutesContextMode  mode);

G_END_DECLS
