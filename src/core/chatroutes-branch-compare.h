/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "chatroutes-resources.h"

G_BEGIN_DECLS

/*
 * Comparing two branches as a person reads them: each a path of
 * ChatroutesMessage from the start of the conversation (as
 * chatroutes_message_path_compose() gives them).
 */

/* How many leading messages @a and @b share, matched by id: the paths
 * diverge after that many, and the last shared one is their common
 * ancestor. A message without an id matches nothing. */
guint chatroutes_branch_compare_common_length (GPtrArray *a,
                                               GPtrArray *b);

typedef struct
{
  guint        n_messages;
  /* The sum of the known token counts; -1 when none is known. */
  gint64       tokens;
  /* The model of the last reply that names one (borrowed), or NULL. */
  const char  *model;
  /* The temperature of the last reply that has one, or -1. */
  double       temperature;
} ChatroutesBranchSummary;

/* Summarises the messages of @path from position @from to the end. */
void  chatroutes_branch_compare_summarize     (GPtrArray               *path,
                                               guint                    from,
                                               ChatroutesBranchSummary *summary);

G_END_DECLS
