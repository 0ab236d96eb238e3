/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-application.h"
#include "chatroutes-compare-view.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-overview-dialog.h"
#include "chatroutes-window-private.h"

/*
 * The window's commands. The features behind most of them live in the
 * plugged widgets, so each is forwarded to the widget in its slot as an
 * action of its own (see chatroutes-window.h); a slot without one ignores it.
 */

static gboolean
in_main_view (ChatroutesWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "main") == 0;
}

static void
forward (GtkWidget  *slot,
         const char *action)
{
  if (slot != NULL)
    gtk_widget_activate_action (slot, action, NULL);
}

static void
new_conversation_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  ChatroutesWindow *self = user_data;

  if (!in_main_view (self))
    return;
  forward (chatroutes_window_get_sidebar (self), "sidebar.new-conversation");
}

static void
search_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  ChatroutesWindow *self = user_data;

  if (!in_main_view (self))
    return;
  if (self->sidebar_hidden)
    {
      self->sidebar_hidden = FALSE;
      adw_navigation_split_view_set_collapsed (self->split_view, FALSE);
    }
  adw_navigation_split_view_set_show_content (self->split_view, FALSE);
  forward (chatroutes_window_get_sidebar (self), "sidebar.search");
}

static void
toggle_sidebar_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  ChatroutesWindow *self = user_data;
  AdwNavigationSplitView *split = self->split_view;

  if (!in_main_view (self))
    return;

  if (self->sidebar_hidden)
    {
      /* Back from the content-only view we made on a wide window. */
      self->sidebar_hidden = FALSE;
      adw_navigation_split_view_set_collapsed (split, FALSE);
    }
  else if (adw_navigation_split_view_get_collapsed (split))
    {
      /* Narrow: move between the two panes. */
      adw_navigation_split_view_set_show_content (split,
                                                  !adw_navigation_split_view_get_show_content (split));
    }
  else
    {
      self->sidebar_hidden = TRUE;
      adw_navigation_split_view_set_show_content (split, TRUE);
      adw_navigation_split_view_set_collapsed (split, TRUE);
    }
}

static void
focus_composer_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  ChatroutesWindow *self = user_data;

  if (!in_main_view (self))
    return;
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
  forward (chatroutes_window_get_content (self), "conversation.focus-composer");
}

static void
stop_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  ChatroutesWindow *self = user_data;

  if (!in_main_view (self))
    return;
  forward (chatroutes_window_get_content (self), "conversation.stop");
}

/* The branch the conversation view shows, or NULL for the main one. */
static const char *
shown_branch_id (ChatroutesWindow *self)
{
  GListModel *path;

  path = chatroutes_conversation_view_get_messages (CHATROUTES_CONVERSATION_VIEW (self->conversation_view));
  return CHATROUTES_IS_MESSAGE_PATH (path) ? chatroutes_message_path_get_branch_id (CHATROUTES_MESSAGE_PATH (path)) : NULL;
}

static void
on_overview_message_activated (ChatroutesWindow *self,
                               const char       *branch_id,
                               const char       *message_id)
{
  ChatroutesConversationView *view = CHATROUTES_CONVERSATION_VIEW (self->conversation_view);
  ChatroutesConversation *conversation = chatroutes_conversation_view_get_conversation (view);

  if (conversation == NULL)
    return;
  /* The conversation is the view's own: hold it while the view swaps. */
  g_object_ref (conversation);
  chatroutes_conversation_view_set_conversation (view, conversation, branch_id);
  chatroutes_window_show_content (self, TRUE);
  g_object_unref (conversation);
}

static void
show_overview_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  ChatroutesWindow *self = user_data;
  ChatroutesApplication *app = CHATROUTES_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  ChatroutesConversation *conversation;
  ChatroutesOverviewDialog *dialog;

  if (!in_main_view (self) || self->conversation_view == NULL || app == NULL)
    return;
  conversation = chatroutes_conversation_view_get_conversation (CHATROUTES_CONVERSATION_VIEW (self->conversation_view));
  if (conversation == NULL)
    return;

  dialog = chatroutes_overview_dialog_new (chatroutes_application_get_service (app),
                                           conversation, shown_branch_id (self));
  g_signal_connect_object (dialog, "message-activated",
                           G_CALLBACK (on_overview_message_activated), self, G_CONNECT_SWAPPED);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
}

static void
on_compare_branch_activated (ChatroutesWindow *self,
                             const char       *branch_id)
{
  on_overview_message_activated (self, branch_id, NULL);
}

static void
compare_branches_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  ChatroutesWindow *self = user_data;
  ChatroutesApplication *app = CHATROUTES_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  ChatroutesConversation *conversation;
  ChatroutesCompareView *compare;

  if (!in_main_view (self) || self->conversation_view == NULL || app == NULL)
    return;
  conversation = chatroutes_conversation_view_get_conversation (CHATROUTES_CONVERSATION_VIEW (self->conversation_view));
  if (conversation == NULL)
    return;

  compare = chatroutes_compare_view_new (chatroutes_application_get_service (app),
                                         conversation, shown_branch_id (self));
  g_signal_connect_object (compare, "branch-activated",
                           G_CALLBACK (on_compare_branch_activated), self, G_CONNECT_SWAPPED);
  adw_dialog_present (ADW_DIALOG (compare), GTK_WIDGET (self));
}

static void
toggle_branches_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  ChatroutesWindow *self = user_data;
  gboolean show;

  if (!in_main_view (self))
    return;
  show = !adw_overlay_split_view_get_show_sidebar (self->branch_split);
  /* On a narrow window the panel lies over the conversation page. */
  if (show)
    adw_navigation_split_view_set_show_content (self->split_view, TRUE);
  adw_overlay_split_view_set_show_sidebar (self->branch_split, show);
}

static const GActionEntry win_actions[] = {
  { "new-conversation", new_conversation_action },
  { "search", search_action },
  { "toggle-sidebar", toggle_sidebar_action },
  { "toggle-branches", toggle_branches_action },
  { "focus-composer", focus_composer_action },
  { "stop", stop_action },
  { "show-overview", show_overview_action },
  { "compare-branches", compare_branches_action },
};

void
_chatroutes_window_actions_init (ChatroutesWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
}
