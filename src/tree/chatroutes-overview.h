/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtk/gtk.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_OVERVIEW (chatroutes_overview_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesOverview, chatroutes_overview, CHATROUTES, OVERVIEW, GtkWidget)

/*
 * A whole conversation drawn as a graph of messages: one node per message
 * (shaped and coloured by role), edges from parent to child, branches in
 * lanes with their titles at the lane heads. It is a GtkScrollable, meant
 * for a GtkScrolledWindow, and draws only what is in view, so very large
 * trees stay fast. Ctrl+scroll and pinch zoom; arrow keys move between
 * nodes; Enter or a click opens one.
 *
 * Positions (@x, @y) are in the widget's coordinates.
 *
 * Signal ::message-activated (const char *branch_id, const char *message_id):
 * a node was opened. @branch_id is NULL when the message's branch is not
 * known.
 */
ChatroutesOverview    *chatroutes_overview_new                  (void) G_GNUC_WARN_UNUSED_RESULT;

void                   chatroutes_overview_set_tree             (ChatroutesOverview    *self,
                                                                 ChatroutesMessageTree *tree);
ChatroutesMessageTree *chatroutes_overview_get_tree             (ChatroutesOverview    *self);
/* The branch whose path is highlighted, or NULL. */
void                   chatroutes_overview_set_active_branch_id (ChatroutesOverview    *self,
                                                                 const char            *branch_id);
const char            *chatroutes_overview_get_active_branch_id (ChatroutesOverview    *self);

double                 chatroutes_overview_get_zoom             (ChatroutesOverview    *self);
/* Zooms around the middle of what is shown. */
void                   chatroutes_overview_set_zoom             (ChatroutesOverview    *self,
                                                                 double                 zoom);
void                   chatroutes_overview_zoom_in              (ChatroutesOverview    *self);
void                   chatroutes_overview_zoom_out             (ChatroutesOverview    *self);
/* Zooms so that the whole graph fits, within the zoom limits. */
void                   chatroutes_overview_zoom_to_fit          (ChatroutesOverview    *self);

/* The keyboard cursor, or CHATROUTES_MESSAGE_TREE_NONE. Setting it
 * scrolls the node into view. */
guint                  chatroutes_overview_get_cursor           (ChatroutesOverview    *self);
void                   chatroutes_overview_set_cursor           (ChatroutesOverview    *self,
                                                                 guint                  node);
void                   chatroutes_overview_scroll_to_node       (ChatroutesOverview    *self,
                                                                 guint                  node);

/* Where @node is drawn; FALSE for an unknown node. */
gboolean               chatroutes_overview_get_node_position    (ChatroutesOverview    *self,
                                                                 guint                  node,
                                                                 double                *x,
                                                                 double                *y);
/* The node drawn at a position, or CHATROUTES_MESSAGE_TREE_NONE. */
guint                  chatroutes_overview_node_at              (ChatroutesOverview    *self,
                                                                 double                 x,
                                                                 double                 y);
/* Opens the node at a position, as a click does; FALSE when there is none. */
gboolean               chatroutes_overview_activate_at          (ChatroutesOverview    *self,
                                                                 double                 x,
                                                                 double                 y);
void                   chatroutes_overview_activate_node        (ChatroutesOverview    *self,
                                                                 guint                  node);

G_END_DECLS
