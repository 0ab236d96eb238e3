/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-branch-panel.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-window-private.h"

/*
 * The branch panel at the end of the window. It follows the conversation
 * page: the conversation and branch shown, and the messages, where it
 * finds the text of fork points. Picking a branch in it shows that branch
 * on the page.
 */

/* The header says which branch is read, when it is not the main one. */
static void
update_title (ChatroutesWindow *self)
{
  ChatroutesConversationView *view = CHATROUTES_CONVERSATION_VIEW (self->conversation_view);
  ChatroutesConversation *conversation = chatroutes_conversation_view_get_conversation (view);
  ChatroutesBranchTree *tree = chatroutes_branch_panel_get_tree (CHATROUTES_BRANCH_PANEL (self->branch_panel));
  const char *branch_id = chatroutes_conversation_view_get_branch_id (view);
  ChatroutesBranch *branch = NULL;
  const char *model;
  g_autofree char *subtitle = NULL;

  if (conversation == NULL)
    return;

  model = chatroutes_conversation_get_model (conversation);
  if (branch_id != NULL && tree != NULL)
    branch = chatroutes_branch_tree_lookup (tree, branch_id);
  if (branch != NULL && !chatroutes_branch_get_is_main (branch) && chatroutes_branch_get_title (branch) != NULL)
    /* TRANSLATORS: the header's subtitle: a branch's title, then the model */
    subtitle = model ? g_strdup_printf (_("%s · %s"), chatroutes_branch_get_title (branch), model)
                     : g_strdup (chatroutes_branch_get_title (branch));

  chatroutes_window_set_content_title (self, chatroutes_conversation_get_title (conversation),
                                       subtitle ? subtitle : model);
}

static void
sync_panel (ChatroutesWindow *self)
{
  ChatroutesConversationView *view = CHATROUTES_CONVERSATION_VIEW (self->conversation_view);
  ChatroutesBranchPanel *panel = CHATROUTES_BRANCH_PANEL (self->branch_panel);

  chatroutes_branch_panel_set_conversation (panel, chatroutes_conversation_view_get_conversation (view));
  chatroutes_branch_panel_set_active_branch_id (panel, chatroutes_conversation_view_get_branch_id (view));
  chatroutes_branch_panel_set_messages (panel, chatroutes_conversation_view_get_messages (view));
  update_title (self);
}

static void
on_branch_activated (ChatroutesWindow *self,
                     const char       *branch_id)
{
  ChatroutesConversationView *view = CHATROUTES_CONVERSATION_VIEW (self->conversation_view);
  ChatroutesConversation *conversation = chatroutes_conversation_view_get_conversation (view);
  ChatroutesBranchTree *tree = chatroutes_branch_panel_get_tree (CHATROUTES_BRANCH_PANEL (self->branch_panel));
  const char *shown = chatroutes_conversation_view_get_branch_id (view);

  if (conversation == NULL)
    return;

  /* No branch set on the page is the main one. */
  if (shown == NULL && tree != NULL && chatroutes_branch_tree_get_main (tree) != NULL)
    shown = chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree));

  /* Already shown: nothing to load again. */
  if (g_strcmp0 (shown, branch_id) != 0)
    {
      g_autoptr(ChatroutesConversation) keep = g_object_ref (conversation);
      chatroutes_conversation_view_set_conversation (view, keep, branch_id);
    }

  /* Over the page on a narrow window: get out of the way. */
  if (adw_overlay_split_view_get_collapsed (self->branch_split))
    adw_overlay_split_view_set_show_sidebar (self->branch_split, FALSE);
}

/* The page reads its branches again: the one merged into changed. A page
 * showing another branch switches to it on the ::branch-activated that
 * follows. */
static void
on_branch_merged (ChatroutesWindow *self,
                  const char       *branch_id,
                  const char       *into_id)
{
  gtk_widget_activate_action (self->conversation_view, "conversation.reload", NULL);
}

void
_chatroutes_window_branches_init (ChatroutesWindow *self)
{
  ChatroutesApplication *app = CHATROUTES_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  ChatroutesService *service;

  if (self->branch_panel != NULL || self->conversation_view == NULL || app == NULL)
    return;
  service = chatroutes_application_get_service (app);
  if (service == NULL)
    return;

  self->branch_panel = GTK_WIDGET (chatroutes_branch_panel_new (service));
  adw_bin_set_child (self->branch_bin, self->branch_panel);
  g_signal_connect_object (self->branch_panel, "branch-activated",
                           G_CALLBACK (on_branch_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->branch_panel, "branch-merged",
                           G_CALLBACK (on_branch_merged), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation_view, "notify::conversation",
                           G_CALLBACK (sync_panel), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation_view, "notify::branch-id",
                           G_CALLBACK (sync_panel), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->branch_panel, "notify::loading",
                           G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  sync_panel (self);
}
