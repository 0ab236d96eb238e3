/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How one row of the branch tree connects to the rows around it. Level k
 * is the column of the branches at depth k. */
typedef struct
{
  guint    depth;
  guint64  through;          /* bit k: a line at level k passes the row (an
                              * ancestor has more children below) */
  guint64  through_accent;   /* bit k: that line leads to the active branch */
  gboolean elbow_accent;     /* the curve from the parent is on the active path */
  gboolean continues;        /* the parent's line goes on below (a later sibling) */
  gboolean continues_accent;
  gboolean has_children;     /* shown children below: a line down from the node */
  gboolean children_accent;
  gboolean on_path;          /* the node is on the active path */
  gboolean active;           /* the node is the active branch */
  gboolean merged;           /* the branch was merged: a hollow node */
} ChatroutesRailSpec;

#define CHATROUTES_TYPE_BRANCH_RAIL (chatroutes_branch_rail_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesBranchRail, chatroutes_branch_rail, CHATROUTES, BRANCH_RAIL, GtkWidget)

/*
 * The drawn part of a branch row: a column per level of the tree, the
 * lines that pass by, and the curve from the parent's line to this
 * branch's node, which is where the branch forks. The active path is drawn
 * in the accent colour.
 */
GtkWidget                *chatroutes_branch_rail_new      (void);
void                      chatroutes_branch_rail_set_spec (ChatroutesBranchRail     *self,
                                                           const ChatroutesRailSpec *spec);
const ChatroutesRailSpec *chatroutes_branch_rail_get_spec (ChatroutesBranchRail     *self);

/* The width of one level, in pixels. */
#define CHATROUTES_BRANCH_RAIL_INDENT 16

G_END_DECLS
