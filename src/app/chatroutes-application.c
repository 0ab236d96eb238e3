/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-secret.h"

#include "chatroutes-application-private.h"
#include "chatroutes-preferences-dialog.h"
#include "chatroutes-reply-notifier.h"
#include "chatroutes-search-provider.h"
#include "chatroutes-window.h"

struct _ChatroutesApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  ChatroutesService *service;
  ChatroutesAccount *account;
  GCancellable      *key_cancellable;
  GCancellable      *account_cancellable;
  ChatroutesReplyNotifier *reply_notifier;
  ChatroutesSearchProvider *search_provider;
  ChatroutesProblem  problem;
  guint              recheck_id;   /* while offline: asks again now and then */
  guint              recheck_ms;
  guint              ready : 1;
  guint              base_url_overridden : 1;
};

G_DEFINE_FINAL_TYPE (ChatroutesApplication, chatroutes_application, ADW_TYPE_APPLICATION)

#define RECHECK_SECONDS 10

G_DEFINE_ENUM_TYPE (ChatroutesProblem, chatroutes_problem,
  G_DEFINE_ENUM_VALUE (CHATROUTES_PROBLEM_NONE, "none"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_PROBLEM_BAD_KEY, "bad-key"),
  G_DEFINE_ENUM_VALUE (CHATROUTES_PROBLEM_OFFLINE, "offline"))

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_READY,
  PROP_HAS_KEY,
  PROP_ACCOUNT,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

ChatroutesApplication *
chatroutes_application_new (const char        *application_id,
                            GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (CHATROUTES_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", "/com/chatroutes/Desktop",
                       NULL);
}

void
_chatroutes_application_set_recheck_interval (ChatroutesApplication *self,
                                              guint                  ms)
{
  g_return_if_fail (CHATROUTES_IS_APPLICATION (self));
  g_return_if_fail (ms > 0);

  self->recheck_ms = ms;
}

static gboolean
recheck_cb (gpointer data)
{
  ChatroutesApplication *self = data;

  /* A check still under way (a slow or retried request) answers for this
   * one too: cancelling it to start again would only start over. */
  if (self->account_cancellable == NULL)
    chatroutes_application_refresh_account (self);
  return G_SOURCE_CONTINUE;
}

static void
chatroutes_application_set_problem (ChatroutesApplication *self,
                                    ChatroutesProblem      problem)
{
  /* Offline, the banner goes by itself once the service answers again. */
  if (problem == CHATROUTES_PROBLEM_OFFLINE && self->recheck_id == 0)
    self->recheck_id = g_timeout_add (self->recheck_ms, recheck_cb, self);
  else if (problem != CHATROUTES_PROBLEM_OFFLINE)
    g_clear_handle_id (&self->recheck_id, g_source_remove);

  if (self->problem == problem)
    return;
  self->problem = problem;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
chatroutes_application_set_account (ChatroutesApplication *self,
                                    ChatroutesAccount     *account)
{
  if (g_set_object (&self->account, account))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

static void
chatroutes_application_set_ready (ChatroutesApplication *self)
{
  if (self->ready)
    return;
  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* Settings → service */

static void
apply_base_url (ChatroutesApplication *self)
{
  g_autofree char *base_url = NULL;
  g_autoptr(GError) error = NULL;

  if (self->base_url_overridden)
    return;

  base_url = g_settings_get_string (self->settings, "base-url");
  if (base_url[0] == '\0')
    g_set_str (&base_url, CHATROUTES_DEFAULT_BASE_URL);

  /* An address the service refuses stays out; requests keep the last good one. */
  if (!chatroutes_check_base_url (base_url, FALSE, &error))
    {
      g_warning ("Ignoring the stored service address: %s", error->message);
      return;
    }

  chatroutes_service_set_base_url (self->service, base_url);
}

static void
on_settings_changed (ChatroutesApplication *self,
                     const char            *key,
                     GSettings             *settings)
{
  if (g_strcmp0 (key, "base-url") == 0)
    {
      apply_base_url (self);
      chatroutes_application_refresh_account (self);
    }
  else if (g_strcmp0 (key, "timeout") == 0)
    chatroutes_service_set_timeout (self->service, g_settings_get_uint (settings, key));
  else if (g_strcmp0 (key, "retry-attempts") == 0)
    chatroutes_service_set_retry_attempts (self->service, g_settings_get_uint (settings, key));
  else if (g_strcmp0 (key, "retry-delay") == 0)
    chatroutes_service_set_retry_delay (self->service, g_settings_get_double (settings, key));
}

/* Account */

static void
get_account_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ChatroutesApplication) self = user_data;
  g_autoptr(ChatroutesAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = chatroutes_service_get_account_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->account_cancellable);

  if (account != NULL)
    {
      chatroutes_application_set_account (self, account);
      chatroutes_application_set_problem (self, CHATROUTES_PROBLEM_NONE);
    }
  else if (g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_AUTHENTICATION))
    {
      chatroutes_application_set_account (self, NULL);
      chatroutes_application_set_problem (self, CHATROUTES_PROBLEM_BAD_KEY);
    }
  else
    {
      g_debug ("Could not read the account: %s", error->message);
      chatroutes_application_set_problem (self, CHATROUTES_PROBLEM_OFFLINE);
    }
}

void
chatroutes_application_refresh_account (ChatroutesApplication *self)
{
  g_return_if_fail (CHATROUTES_IS_APPLICATION (self));

  g_cancellable_cancel (self->account_cancellable);
  g_clear_object (&self->account_cancellable);

  if (!chatroutes_service_has_api_key (self->service))
    {
      chatroutes_application_set_problem (self, CHATROUTES_PROBLEM_NONE);
      return;
    }

  self->account_cancellable = g_cancellable_new ();
  chatroutes_service_get_account_async (self->service,
                                        self->account_cancellable,
                                        get_account_cb,
                                        g_object_ref (self));
}

static void
chatroutes_application_take_key (ChatroutesApplication *self,
                                 const char            *api_key,
                                 ChatroutesAccount     *account)
{
  gboolean had_key = chatroutes_service_has_api_key (self->service);

  chatroutes_service_set_api_key (self->service, api_key);
  chatroutes_application_set_account (self, account);
  chatroutes_application_set_ready (self);

  if (had_key != chatroutes_service_has_api_key (self->service))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_KEY]);

  if (account != NULL)
    {
      g_cancellable_cancel (self->account_cancellable);
      g_clear_object (&self->account_cancellable);
      chatroutes_application_set_problem (self, CHATROUTES_PROBLEM_NONE);
    }
  else
    chatroutes_application_refresh_account (self);
}

void
chatroutes_application_set_api_key (ChatroutesApplication *self,
                                    const char            *api_key)
{
  g_return_if_fail (CHATROUTES_IS_APPLICATION (self));

  chatroutes_application_take_key (self, api_key, NULL);
}

void
chatroutes_application_sign_in (ChatroutesApplication *self,
                                const char            *api_key,
                                ChatroutesAccount     *account)
{
  g_return_if_fail (CHATROUTES_IS_APPLICATION (self));
  g_return_if_fail (api_key != NULL);
  g_return_if_fail (!account || CHATROUTES_IS_ACCOUNT (account));

  chatroutes_application_take_key (self, api_key, account);
}

static void
lookup_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ChatroutesApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  char *api_key;

  api_key = chatroutes_secret_lookup_api_key_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->key_cancellable);

  if (error != NULL)
    g_warning ("Could not read the API key from the keyring: %s", error->message);

  chatroutes_application_take_key (self, api_key, NULL);
  g_clear_pointer (&api_key, chatroutes_secret_free);
}

/* Actions */

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing windows lets each one save its state. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (app));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  ChatroutesApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwDialog *dialog = chatroutes_preferences_dialog_new (self);

  adw_dialog_present (dialog, window ? GTK_WIDGET (window) : NULL);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  ChatroutesApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "ChatRoutes for GNOME contributors", NULL };
  AdwDialog *dialog;

  dialog = g_object_new (ADW_TYPE_ABOUT_DIALOG,
                         "application-name", _("ChatRoutes"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("ChatRoutes for GNOME contributors"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "license-type", GTK_LICENSE_MIT_X11,
                         "website", "https://chatroutes.com",
                         "issue-url", "https://github.com/chatroutes/chatroutes-gnome/issues",
                         "copyright", _("© The ChatRoutes for GNOME contributors"),
                         "translator-credits", _("translator-credits"),
                         NULL);
  adw_dialog_present (dialog, window ? GTK_WIDGET (window) : NULL);
}

/* The shortcuts page names actions; their keys are the ones the
 * application set, shown as they are now (the page does not look them up
 * once it is built). */
static void
show_action_accels (ChatroutesApplication *self,
                    GtkBuilder            *builder)
{
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  GType shortcut_type = g_type_from_name ("GtkShortcutsShortcut");

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *action_name = NULL;
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) accels = NULL;

      if (shortcut_type == G_TYPE_INVALID || !G_TYPE_CHECK_INSTANCE_TYPE (l->data, shortcut_type))
        continue;

      g_object_get (l->data, "action-name", &action_name, "accelerator", &accelerator, NULL);
      if (action_name == NULL || (accelerator != NULL && *accelerator != '\0'))
        continue;

      accels = gtk_application_get_accels_for_action (GTK_APPLICATION (self), action_name);
      if (accels != NULL && accels[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv (" ", accels);
          g_object_set (l->data, "accelerator", joined, NULL);
        }
    }
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  ChatroutesApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/com/chatroutes/Desktop/chatroutes-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  show_action_accels (self, builder);
  gtk_window_set_transient_for (shortcuts, window);
  gtk_window_set_application (shortcuts, GTK_APPLICATION (self));
  gtk_window_present (shortcuts);
}

/* Opens the window on a conversation: what a notification or a search
 * result asks for. */
static void
open_conversation_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  ChatroutesApplication *self = user_data;
  const char *conversation_id = g_variant_get_string (param, NULL);
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (CHATROUTES_IS_WINDOW (window) && conversation_id[0] != '\0')
    chatroutes_window_open_conversation (CHATROUTES_WINDOW (window), conversation_id);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "open-conversation", open_conversation_action, "s" },
  { "preferences", preferences_action },
  { "about", about_action },
  { "shortcuts", shortcuts_action },
};

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "win.new-conversation", { "<Control>n", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.toggle-sidebar", { "F9", NULL } },
  { "win.toggle-branches", { "<Control><Shift>b", NULL } },
  { "win.focus-composer", { "<Control>l", NULL } },
  /* Escape belongs to the composer, which stops from its own focus. */
  { "win.stop", { "<Control><Shift>s", NULL } },
  { "win.show-overview", { "<Control><Shift>o", NULL } },
  { "win.compare-branches", { "<Control><Shift>d", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

/* GApplication */

static void
chatroutes_application_startup (GApplication *app)
{
  ChatroutesApplication *self = CHATROUTES_APPLICATION (app);
  const char *env_url = g_getenv ("CHATROUTES_BASE_URL");
  const char *env_key = g_getenv ("CHATROUTES_API_KEY");

  G_APPLICATION_CLASS (chatroutes_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  self->settings = g_settings_new (CHATROUTES_SETTINGS_SCHEMA);
  self->service = chatroutes_service_new (NULL, NULL);
  chatroutes_service_set_timeout (self->service, g_settings_get_uint (self->settings, "timeout"));
  chatroutes_service_set_retry_attempts (self->service, g_settings_get_uint (self->settings, "retry-attempts"));
  chatroutes_service_set_retry_delay (self->service, g_settings_get_double (self->settings, "retry-delay"));

  if (env_url != NULL && env_url[0] != '\0')
    {
      g_autoptr(GError) error = NULL;

      if (chatroutes_check_base_url (env_url, FALSE, &error))
        {
          chatroutes_service_set_base_url (self->service, env_url);
          self->base_url_overridden = TRUE;
        }
      else
        g_printerr ("CHATROUTES_BASE_URL: %s\n", error->message);
    }
  apply_base_url (self);

  self->reply_notifier = chatroutes_reply_notifier_new (app, self->service);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);

  if (env_key != NULL && env_key[0] != '\0')
    chatroutes_application_take_key (self, env_key, NULL);
  else
    {
      self->key_cancellable = g_cancellable_new ();
      chatroutes_secret_lookup_api_key_async (self->key_cancellable,
                                              lookup_key_cb,
                                              g_object_ref (self));
    }
}

/* CHATROUTES_EXIT_AFTER_FIRST_FRAME=1 makes the application quit once its
 * first window has painted, which is how an installed copy is checked for
 * starting at all: resources, schema and icons found. */
static gboolean
quit_after_first_frame_cb (gpointer data)
{
  g_action_group_activate_action (G_ACTION_GROUP (data), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_first_frame (GdkFrameClock         *clock,
                ChatroutesApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, self);
  g_print ("chatroutes: first frame shown\n");
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, quit_after_first_frame_cb,
                   g_object_ref (self), g_object_unref);
}

/* The shell's search provider lives beside the application's own object:
 * <object path>/SearchProvider, which the search provider file names. */
static gboolean
chatroutes_application_dbus_register (GApplication     *app,
                                      GDBusConnection  *connection,
                                      const char       *object_path,
                                      GError          **error)
{
  ChatroutesApplication *self = CHATROUTES_APPLICATION (app);
  g_autofree char *path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (chatroutes_application_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;

  if (self->search_provider == NULL)
    self->search_provider = chatroutes_search_provider_new (app);
  return chatroutes_search_provider_export (self->search_provider, connection, path, error);
}

static void
chatroutes_application_dbus_unregister (GApplication    *app,
                                        GDBusConnection *connection,
                                        const char      *object_path)
{
  ChatroutesApplication *self = CHATROUTES_APPLICATION (app);

  if (self->search_provider != NULL)
    chatroutes_search_provider_unexport (self->search_provider);

  G_APPLICATION_CLASS (chatroutes_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
chatroutes_application_activate (GApplication *app)
{
  ChatroutesApplication *self = CHATROUTES_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  gboolean first = window == NULL;

  if (window == NULL)
    window = GTK_WINDOW (chatroutes_window_new (self));

  gtk_window_present (window);

  if (first && g_strcmp0 (g_getenv ("CHATROUTES_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

      g_assert (clock != NULL);
      g_signal_connect_object (clock, "after-paint",
                               G_CALLBACK (on_first_frame), self, 0);
    }
}

static void
chatroutes_application_shutdown (GApplication *app)
{
  ChatroutesApplication *self = CHATROUTES_APPLICATION (app);

  g_cancellable_cancel (self->key_cancellable);
  g_cancellable_cancel (self->account_cancellable);
  g_clear_handle_id (&self->recheck_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  G_APPLICATION_CLASS (chatroutes_application_parent_class)->shutdown (app);
}

/* GObject */

static void
chatroutes_application_dispose (GObject *object)
{
  ChatroutesApplication *self = CHATROUTES_APPLICATION (object);

  g_cancellable_cancel (self->key_cancellable);
  g_cancellable_cancel (self->account_cancellable);
  g_clear_object (&self->key_cancellable);
  g_clear_object (&self->account_cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->reply_notifier);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (chatroutes_application_parent_class)->dispose (object);
}

static void
chatroutes_application_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ChatroutesApplication *self = CHATROUTES_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_HAS_KEY:
      g_value_set_boolean (value, chatroutes_application_get_has_key (self));
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_PROBLEM:
      g_value_set_enum (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_application_class_init (ChatroutesApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = chatroutes_application_dispose;
  object_class->get_property = chatroutes_application_get_property;

  app_class->startup = chatroutes_application_startup;
  app_class->activate = chatroutes_application_activate;
  app_class->shutdown = chatroutes_application_shutdown;
  app_class->dbus_register = chatroutes_application_dbus_register;
  app_class->dbus_unregister = chatroutes_application_dbus_unregister;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL,
                         CHATROUTES_TYPE_SERVICE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_KEY] =
    g_param_spec_boolean ("has-key", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         CHATROUTES_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROBLEM] =
    g_param_spec_enum ("problem", NULL, NULL,
                       CHATROUTES_TYPE_PROBLEM, CHATROUTES_PROBLEM_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
chatroutes_application_init (ChatroutesApplication *self)
{
  self->recheck_ms = RECHECK_SECONDS * 1000;
}

/* Getters */

ChatroutesService *
chatroutes_application_get_service (ChatroutesApplication *self)
{
  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (self), NULL);
  return self->service;
}

GSettings *
chatroutes_application_get_settings (ChatroutesApplication *self)
{
  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (self), NULL);
  return self->settings;
}

gboolean
chatroutes_application_get_ready (ChatroutesApplication *self)
{
  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (self), FALSE);
  return self->ready;
}

gboolean
chatroutes_application_get_has_key (ChatroutesApplication *self)
{
  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (self), FALSE);
  return self->service != NULL && chatroutes_service_has_api_key (self->service);
}

ChatroutesAccount *
chatroutes_application_get_account (ChatroutesApplication *self)
{
  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (self), NULL);
  return self->account;
}

ChatroutesProblem
chatroutes_application_get_problem (ChatroutesApplication *self)
{
  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (self), CHATROUTES_PROBLEM_NONE);
  return self->problem;
}

gboolean
chatroutes_application_get_base_url_overridden (ChatroutesApplication *self)
{
  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (self), FALSE);
  return self->base_url_overridden;
}
