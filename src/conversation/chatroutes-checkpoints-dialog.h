/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_CHECKPOINTS_DIALOG (chatroutes_checkpoints_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesCheckpointsDialog, chatroutes_checkpoints_dialog, CHATROUTES, CHECKPOINTS_DIALOG, AdwDialog)

/*
 * The checkpoints (context summaries) of one branch: each one's summary,
 * token count and time, with Recreate and Delete. Loads them when made.
 * Actions: checkpoints.recreate (s: id), checkpoints.delete (s: id),
 * checkpoints.reload. Property :loading.
 */
AdwDialog  *chatroutes_checkpoints_dialog_new             (ChatroutesService           *service,
                                                           const char                  *conversation_id,
                                                           const char                  *branch_id);
/* The checkpoints shown (ChatroutesCheckpoint), newest first. */
GListModel *chatroutes_checkpoints_dialog_get_checkpoints (ChatroutesCheckpointsDialog *self);
gboolean    chatroutes_checkpoints_dialog_get_loading     (ChatroutesCheckpointsDialog *self);

G_END_DECLS
