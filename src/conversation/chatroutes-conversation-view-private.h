/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-conversation-view.h"
#include "chatroutes-tail-model.h"

G_BEGIN_DECLS

#define STREAM_KEY "chatroutes-stream"

typedef enum
{
  AUTOBRANCH_UNKNOWN,
  AUTOBRANCH_UP,
  AUTOBRANCH_DOWN,
} AutobranchState;

struct _ChatroutesConversationView
{
  AdwBin parent_instance;

  ChatroutesService *service;
  ChatroutesConversation *conversation;
  char *branch_id;
  ChatroutesMessagePath *path;
  ChatroutesDraftStore *drafts;
  GtkNoSelection *selection;
  ChatroutesTailModel *tail;
  guint older_id;            /* bringing in older messages, from an idle */
  GCancellable *cancellable;

  /* Widgets */
  GtkWidget *header_bar;
  AdwWindowTitle *title;
  GtkStack *stack;
  AdwStatusPage *error_page;
  GtkScrolledWindow *scroller;
  GtkListView *list;
  GtkWidget *jump_button;
  GtkWidget *composer;
  GtkWidget *composer_bar;
  GtkWidget *branch_menu_button;
  GtkWidget *branch_note;      /* a new branch with nothing of its own yet */
  AdwToastOverlay *local_toasts;

  /* Following the newest message */
  gboolean following;
  guint follow_tick;

  gboolean loading_draft;

  /* A send that waits for a rate limit to pass */
  char *pending_text;
  guint pending_id;

  /* Branching: the conversation's branches, the branches indexed by the
   * message they fork at (for the version switcher), and the rows on
   * screen, whose marks follow the path. */
  ChatroutesBranchTree *tree;
  char *tree_conversation_id;
  GHashTable *message_cache;   /* branch id → its fetched messages */
  GHashTable *fork_index;
  gboolean fork_index_dirty;
  GPtrArray *bound_items;
  guint decorate_idle;
  char *send_after_load;       /* text to send once the new branch shows */
  AutobranchState autobranch;
  gint64 autobranch_checked;
};

/* Shared by the view's files. */
void               _chatroutes_conversation_view_add_toast       (ChatroutesConversationView *self,
                                                                  AdwToast                   *toast);
void               _chatroutes_conversation_view_send_text       (ChatroutesConversationView *self,
                                                                  const char                 *text);
ChatroutesMessage *_chatroutes_conversation_view_find_message    (ChatroutesConversationView *self,
                                                                  const char                 *id,
                                                                  guint                      *position);
void               _chatroutes_conversation_view_move_focus_out  (ChatroutesConversationView *self);

/* chatroutes-conversation-view-branches.c */
void               _chatroutes_conversation_view_class_init_branches (GtkWidgetClass          *widget_class);
void               _chatroutes_conversation_view_init_branches   (ChatroutesConversationView *self);
void               _chatroutes_conversation_view_dispose_branches (ChatroutesConversationView *self);
/* The tree for @conversation_id, made anew when the conversation changes. */
ChatroutesBranchTree *_chatroutes_conversation_view_tree_for     (ChatroutesConversationView *self,
                                                                  const char                 *conversation_id);
void               _chatroutes_conversation_view_row_bound       (ChatroutesConversationView *self,
                                                                  GtkListItem                *item);
void               _chatroutes_conversation_view_row_unbound     (ChatroutesConversationView *self,
                                                                  GtkListItem                *item);
void               _chatroutes_conversation_view_path_changed    (ChatroutesConversationView *self);
/* After a load: sends what waited for the new branch. */
void               _chatroutes_conversation_view_path_loaded     (ChatroutesConversationView *self);
void               _chatroutes_conversation_view_check_autobranch (ChatroutesConversationView *self);

void _chatroutes_conversation_view_add_message_editor (AdwAlertDialog    *dialog,
                                                       ChatroutesMessage *message);

gboolean _chatroutes_conversation_view_showing_path (ChatroutesConversationView *self);

G_END_DECLS
