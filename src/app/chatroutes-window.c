/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-branch-panel.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-sidebar.h"
#include "chatroutes-window-private.h"

G_DEFINE_FINAL_TYPE (ChatroutesWindow, chatroutes_window, ADW_TYPE_APPLICATION_WINDOW)

static ChatroutesApplication *
get_application (ChatroutesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return CHATROUTES_IS_APPLICATION (app) ? CHATROUTES_APPLICATION (app) : NULL;
}

/* The app's icon when installed, else the one in our resources. */
static const char *
status_icon_name (GtkWidget *widget)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));

  if (gtk_icon_theme_has_icon (theme, APPLICATION_ID))
    return APPLICATION_ID;
  return "chatroutes-symbolic";
}

static GtkWidget *
make_content_placeholder (ChatroutesWindow *self)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), status_icon_name (GTK_WIDGET (self)));
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Conversation Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("Choose a conversation or start a new one"));
  gtk_widget_set_vexpand (page, TRUE);
  return page;
}

static void
update_view (ChatroutesWindow *self)
{
  ChatroutesApplication *app = get_application (self);
  const char *name = "loading";

  if (app != NULL && chatroutes_application_get_ready (app))
    name = chatroutes_application_get_has_key (app) ? "main" : "welcome";

  if (g_strcmp0 (name, "welcome") == 0)
    {
      ChatroutesService *service = chatroutes_application_get_service (app);

      if (service != NULL && !chatroutes_welcome_page_get_busy (self->welcome_page))
        chatroutes_welcome_page_set_base_url (self->welcome_page,
                                              chatroutes_service_get_base_url (service));
    }

  if (g_strcmp0 (name, "main") == 0)
    _chatroutes_window_conversations_init (self);

  gtk_stack_set_visible_child_name (self->view_stack, name);
}

static void
update_banner (ChatroutesWindow *self)
{
  ChatroutesApplication *app = get_application (self);
  ChatroutesProblem problem = app ? chatroutes_application_get_problem (app) : CHATROUTES_PROBLEM_NONE;

  if (problem == CHATROUTES_PROBLEM_NONE)
    {
      /* The service answers again: what failed meanwhile loads now. */
      if (self->banner_kind != CHATROUTES_PROBLEM_NONE)
        {
          chatroutes_sidebar_retry (CHATROUTES_SIDEBAR (chatroutes_window_get_sidebar (self)));
          chatroutes_conversation_view_retry (CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (self)));
        }
      chatroutes_window_hide_banner (self);
    }
  else
    chatroutes_window_show_banner (self, problem);
}

static void
on_welcome_signed_in (ChatroutesWindow  *self,
                      const char        *api_key,
                      ChatroutesAccount *account)
{
  ChatroutesApplication *app = get_application (self);
  g_autofree char *text = NULL;
  AdwToast *toast;

  g_assert (CHATROUTES_IS_WINDOW (self));

  if (app == NULL)
    return;

  chatroutes_application_sign_in (app, api_key, account);
  chatroutes_welcome_page_reset (self->welcome_page);

  text = g_strdup_printf (_("Signed in as %s"), chatroutes_account_get_email (account)
                          ? chatroutes_account_get_email (account) : _("unknown"));
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 3);
  chatroutes_window_add_toast (self, toast);
}

static void
on_banner_button_clicked (ChatroutesWindow *self,
                          AdwBanner        *banner)
{
  ChatroutesApplication *app = get_application (self);

  switch (self->banner_kind)
    {
    case CHATROUTES_PROBLEM_BAD_KEY:
      gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
      break;
    case CHATROUTES_PROBLEM_OFFLINE:
      if (app != NULL)
        chatroutes_application_refresh_account (app);
      break;
    case CHATROUTES_PROBLEM_NONE:
    default:
      break;
    }
}

static void
save_window_state (ChatroutesWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_double (self->settings, "sidebar-width",
                         adw_navigation_split_view_get_sidebar_width_fraction (self->split_view));
  g_settings_apply (self->settings);
}

static gboolean
chatroutes_window_close_request (GtkWindow *window)
{
  save_window_state (CHATROUTES_WINDOW (window));
  if (CHATROUTES_WINDOW (window)->drafts)
    chatroutes_draft_store_flush (CHATROUTES_WINDOW (window)->drafts, NULL);

  return GTK_WINDOW_CLASS (chatroutes_window_parent_class)->close_request (window);
}

/* "application" is set after construction, and may change. */
static void
on_application_notify (ChatroutesWindow *self)
{
  ChatroutesApplication *app = get_application (self);

  if (app != NULL)
    {
      g_signal_connect_object (app, "notify::ready", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "notify::has-key", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "notify::problem", G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
    }

  update_view (self);
  update_banner (self);
}

static void
chatroutes_window_dispose (GObject *object)
{
  ChatroutesWindow *self = CHATROUTES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CHATROUTES_TYPE_WINDOW);
  self->sidebar = NULL;
  self->conversation_view = NULL;
  self->branch_panel = NULL;
  if (self->drafts)
    chatroutes_draft_store_flush (self->drafts, NULL);
  g_clear_object (&self->drafts);
  g_clear_object (&self->sidebar_placeholder);
  g_clear_object (&self->content_placeholder);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (chatroutes_window_parent_class)->dispose (object);
}

static void
chatroutes_window_class_init (ChatroutesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = chatroutes_window_dispose;
  window_class->close_request = chatroutes_window_close_request;

  g_type_ensure (CHATROUTES_TYPE_WELCOME_PAGE);
  /* Registers the panel's resources, its icon among them. */
  g_type_ensure (CHATROUTES_TYPE_BRANCH_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/chatroutes/Desktop/chatroutes-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, split_view);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, sidebar_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, content_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, sidebar_header_bar);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, content_header_bar);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, sidebar_bin);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, content_bin);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, branch_split);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, branch_bin);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWindow, branches_button);
  gtk_widget_class_bind_template_callback (widget_class, on_welcome_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_button_clicked);
}

static void
chatroutes_window_init (ChatroutesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = g_settings_new (CHATROUTES_SETTINGS_SCHEMA);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               MAX (360, g_settings_get_int (self->settings, "window-width")),
                               MAX (294, g_settings_get_int (self->settings, "window-height")));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  adw_navigation_split_view_set_sidebar_width_fraction (self->split_view,
                                                        g_settings_get_double (self->settings, "sidebar-width"));

  self->sidebar_placeholder = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  self->content_placeholder = g_object_ref_sink (make_content_placeholder (self));
  adw_bin_set_child (self->sidebar_bin, self->sidebar_placeholder);
  adw_bin_set_child (self->content_bin, self->content_placeholder);

  _chatroutes_window_actions_init (self);

  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_notify), NULL);
}

ChatroutesWindow *
chatroutes_window_new (ChatroutesApplication *application)
{
  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (application), NULL);

  return g_object_new (CHATROUTES_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* Slots */

void
chatroutes_window_set_sidebar (ChatroutesWindow *self,
                               GtkWidget        *sidebar)
{
  g_return_if_fail (CHATROUTES_IS_WINDOW (self));
  g_return_if_fail (!sidebar || GTK_IS_WIDGET (sidebar));

  adw_bin_set_child (self->sidebar_bin, sidebar ? sidebar : self->sidebar_placeholder);
}

GtkWidget *
chatroutes_window_get_sidebar (ChatroutesWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (CHATROUTES_IS_WINDOW (self), NULL);

  child = adw_bin_get_child (self->sidebar_bin);
  return child == self->sidebar_placeholder ? NULL : child;
}

void
chatroutes_window_set_content (ChatroutesWindow *self,
                               GtkWidget        *content)
{
  g_return_if_fail (CHATROUTES_IS_WINDOW (self));
  g_return_if_fail (!content || GTK_IS_WIDGET (content));

  adw_bin_set_child (self->content_bin, content ? content : self->content_placeholder);
  if (content == NULL)
    chatroutes_window_set_content_title (self, NULL, NULL);
}

GtkWidget *
chatroutes_window_get_content (ChatroutesWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (CHATROUTES_IS_WINDOW (self), NULL);

  child = adw_bin_get_child (self->content_bin);
  return child == self->content_placeholder ? NULL : child;
}

AdwHeaderBar *
chatroutes_window_get_sidebar_header_bar (ChatroutesWindow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_WINDOW (self), NULL);
  return self->sidebar_header_bar;
}

AdwHeaderBar *
chatroutes_window_get_content_header_bar (ChatroutesWindow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_WINDOW (self), NULL);
  return self->content_header_bar;
}

void
chatroutes_window_set_content_title (ChatroutesWindow *self,
                                     const char       *title,
                                     const char       *subtitle)
{
  g_return_if_fail (CHATROUTES_IS_WINDOW (self));

  adw_window_title_set_title (self->content_title, title ? title : "");
  adw_window_title_set_subtitle (self->content_title, subtitle ? subtitle : "");
  adw_navigation_page_set_title (self->content_page,
                                 title && *title ? title : _("Conversation"));
}

void
chatroutes_window_show_content (ChatroutesWindow *self,
                                gboolean          show)
{
  g_return_if_fail (CHATROUTES_IS_WINDOW (self));

  adw_navigation_split_view_set_show_content (self->split_view, show);
}

/* Feedback */

void
chatroutes_window_add_toast (ChatroutesWindow *self,
                             AdwToast         *toast)
{
  g_return_if_fail (CHATROUTES_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
chatroutes_window_show_banner (ChatroutesWindow  *self,
                               ChatroutesProblem  kind)
{
  g_return_if_fail (CHATROUTES_IS_WINDOW (self));

  switch (kind)
    {
    case CHATROUTES_PROBLEM_BAD_KEY:
      adw_banner_set_title (self->banner, _("The API key was not accepted"));
      adw_banner_set_button_label (self->banner, _("Open Preferences"));
      break;
    case CHATROUTES_PROBLEM_OFFLINE:
      adw_banner_set_title (self->banner, _("Cannot reach ChatRoutes"));
      adw_banner_set_button_label (self->banner, _("Retry"));
      break;
    case CHATROUTES_PROBLEM_NONE:
    default:
      chatroutes_window_hide_banner (self);
      return;
    }

  self->banner_kind = kind;
  adw_banner_set_revealed (self->banner, TRUE);
}

void
chatroutes_window_hide_banner (ChatroutesWindow *self)
{
  g_return_if_fail (CHATROUTES_IS_WINDOW (self));

  self->banner_kind = CHATROUTES_PROBLEM_NONE;
  adw_banner_set_revealed (self->banner, FALSE);
}

const char *
chatroutes_window_get_view_name (ChatroutesWindow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->view_stack);
}
