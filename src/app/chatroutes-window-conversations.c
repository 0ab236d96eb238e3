/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-application.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-reply-notifier.h"
#include "chatroutes-sidebar.h"
#include "chatroutes-window-private.h"

/*
 * The conversations part of the window: the sidebar lists them, the view
 * shows the one picked. Built once the window first shows its main view,
 * since both talk to the service with the key.
 */

static void
show_conversation (ChatroutesWindow       *self,
                   ChatroutesConversation *conversation)
{
  ChatroutesConversationView *view = CHATROUTES_CONVERSATION_VIEW (self->conversation_view);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  chatroutes_conversation_view_set_conversation (view, conversation, NULL);
  /* A notification of its reply has served its purpose. */
  if (app != NULL)
    {
      g_autofree char *notification_id = chatroutes_reply_notifier_dup_id (chatroutes_conversation_get_id (conversation));
      g_application_withdraw_notification (app, notification_id);
    }
  chatroutes_window_set_content_title (self, chatroutes_conversation_get_title (conversation),
                                       chatroutes_conversation_get_model (conversation));
  chatroutes_window_show_content (self, TRUE);
  g_settings_set_string (self->settings, "last-conversation",
                         chatroutes_conversation_get_id (conversation));
}

static void
on_conversation_activated (ChatroutesWindow       *self,
                           ChatroutesConversation *conversation)
{
  show_conversation (self, conversation);
  gtk_widget_activate_action (self->conversation_view, "conversation.focus-composer", NULL);
}

/* A refused key or a lost connection seen by the view: the application
 * checks the account, which sets the lasting banner (and, once the service
 * answers again, takes it away). */
static void
on_problem (ChatroutesWindow *self,
            const GError     *error)
{
  ChatroutesApplication *app = CHATROUTES_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_AUTHENTICATION))
    chatroutes_window_show_banner (self, CHATROUTES_PROBLEM_BAD_KEY);
  else if (g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK))
    chatroutes_window_show_banner (self, CHATROUTES_PROBLEM_OFFLINE);

  if (app != NULL)
    chatroutes_application_refresh_account (app);
}

static void
last_conversation_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(ChatroutesWindow) self = data;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  conversation = chatroutes_service_get_conversation_finish (CHATROUTES_SERVICE (object), result, &error);
  /* A conversation deleted meanwhile is simply not reopened. */
  if (conversation == NULL || self->conversation_view == NULL)
    return;

  chatroutes_sidebar_set_selected_id (CHATROUTES_SIDEBAR (self->sidebar),
                                      chatroutes_conversation_get_id (conversation));
  show_conversation (self, conversation);
}

static GMenuModel *
primary_menu (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();

  g_menu_append (section, _("_Preferences"), "app.preferences");
  g_menu_append (section, _("_Keyboard Shortcuts"), "app.shortcuts");
  g_menu_append (section, _("_About ChatRoutes"), "app.about");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  return G_MENU_MODEL (menu);
}

void
_chatroutes_window_conversations_init (ChatroutesWindow *self)
{
  ChatroutesApplication *app = CHATROUTES_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  ChatroutesService *service;
  g_autoptr(GMenuModel) menu = NULL;
  g_autofree char *last = NULL;
  g_autofree char *model = NULL;

  if (self->sidebar != NULL || app == NULL)
    return;

  service = chatroutes_application_get_service (app);
  if (service == NULL)
    return;

  self->sidebar = GTK_WIDGET (chatroutes_sidebar_new (service));
  model = g_settings_get_string (self->settings, "default-model");
  chatroutes_sidebar_set_default_model (CHATROUTES_SIDEBAR (self->sidebar), model);
  menu = primary_menu ();
  chatroutes_sidebar_set_menu_model (CHATROUTES_SIDEBAR (self->sidebar), menu);
  g_signal_connect_object (self->sidebar, "conversation-activated",
                           G_CALLBACK (on_conversation_activated), self, G_CONNECT_SWAPPED);
  /* The sidebar brings its own header with the same commands. */
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_header_bar), FALSE);
  chatroutes_window_set_sidebar (self, self->sidebar);

  self->conversation_view = GTK_WIDGET (chatroutes_conversation_view_new (service));
  /* Unsent words survive switching and restarts. */
  self->drafts = chatroutes_draft_store_new (NULL);
  chatroutes_draft_store_load (self->drafts, NULL);
  chatroutes_conversation_view_set_draft_store (CHATROUTES_CONVERSATION_VIEW (self->conversation_view),
                                                self->drafts);
  chatroutes_conversation_view_set_show_header (CHATROUTES_CONVERSATION_VIEW (self->conversation_view), FALSE);
  g_signal_connect_object (self->conversation_view, "problem",
                           G_CALLBACK (on_problem), self, G_CONNECT_SWAPPED);
  chatroutes_window_set_content (self, self->conversation_view);
  _chatroutes_window_branches_init (self);

  last = g_settings_get_string (self->settings, "last-conversation");
  if (last != NULL && *last != '\0')
    chatroutes_service_get_conversation_async (service, last, NULL, last_conversation_cb,
                                               g_object_ref (self));
}

void
chatroutes_window_open_conversation (ChatroutesWindow *self,
                                     const char       *conversation_id)
{
  ChatroutesApplication *app;

  g_return_if_fail (CHATROUTES_IS_WINDOW (self));
  g_return_if_fail (conversation_id != NULL);

  /* The conversations part opens the last conversation when it is built
   * (once signed in); until then, this is the one. */
  g_settings_set_string (self->settings, "last-conversation", conversation_id);
  if (self->conversation_view == NULL)
    return;

  app = CHATROUTES_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (app == NULL)
    return;
  chatroutes_service_get_conversation_async (chatroutes_application_get_service (app), conversation_id,
                                             NULL, last_conversation_cb, g_object_ref (self));
}

gboolean
chatroutes_window_search (ChatroutesWindow *self,
                          const char       *text)
{
  g_return_val_if_fail (CHATROUTES_IS_WINDOW (self), FALSE);

  if (self->sidebar == NULL)
    return FALSE;

  if (self->sidebar_hidden)
    {
      self->sidebar_hidden = FALSE;
      adw_navigation_split_view_set_collapsed (self->split_view, FALSE);
    }
  adw_navigation_split_view_set_show_content (self->split_view, FALSE);
  chatroutes_sidebar_set_search_text (CHATROUTES_SIDEBAR (self->sidebar), text);
  return TRUE;
}
