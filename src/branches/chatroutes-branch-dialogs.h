/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

/* The branch panel's dialogs. Each answers through AdwAlertDialog's
 * ::response: "rename", "merge", "create", or "cancel". */

AdwAlertDialog *chatroutes_rename_branch_dialog_new  (ChatroutesBranch *branch);
/* The text of the dialog's entry @name ("title" or "description"). */
GtkEditable    *chatroutes_branch_dialog_get_entry   (AdwAlertDialog   *dialog,
                                                      const char       *name);

AdwAlertDialog *chatroutes_merge_branch_dialog_new   (ChatroutesBranch *branch,
                                                      ChatroutesBranch *parent);

/* @messages: the messages a new branch can start from (nullable). */
AdwAlertDialog *chatroutes_new_branch_dialog_new     (GListModel       *messages);
/* Picks the base message at @position of the messages (-1: none). */
void            chatroutes_new_branch_dialog_set_base (AdwAlertDialog       *dialog,
                                                       int                   position);
void            chatroutes_new_branch_dialog_set_mode (AdwAlertDialog       *dialog,
                                                       ChatroutesContextMode mode);
/* What was chosen: the base message id (NULL: none) and the mode. */
const char     *chatroutes_new_branch_dialog_get_base (AdwAlertDialog       *dialog);
ChatroutesContextMode chatroutes_new_branch_dialog_get_mode (AdwAlertDialog *dialog);

/* A message's text as one short line, for labels (owned). */
char           *chatroutes_branch_snippet            (const char       *text,
                                                      guint             max_chars) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
