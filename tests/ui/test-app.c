/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-secret.h"

#include "chatroutes-application-private.h"
#include "chatroutes-preferences-dialog-private.h"
#include "chatroutes-welcome-page-private.h"
#include "chatroutes-window-private.h"

#include "test-util.h"
#include "chatroutes-composer.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-sidebar.h"
#include "ui-util.h"

static TestSimulator *sim;
static GPtrArray *finished_apps;

typedef struct
{
  ChatroutesApplication *app;
  ChatroutesWindow      *window;
} App;

static void
reset_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new (CHATROUTES_SETTINGS_SCHEMA);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(GError) error = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  chatroutes_secret_clear_api_key_sync (NULL, &error);
  g_assert_no_error (error);

  g_unsetenv ("CHATROUTES_API_KEY");
  g_unsetenv ("CHATROUTES_BASE_URL");
  ui_set_dark (FALSE);
}

static gboolean
app_ready (gpointer data)
{
  App *a = data;
  return chatroutes_application_get_ready (a->app);
}

static void
app_start (App *a)
{
  g_autoptr(GError) error = NULL;
  GList *windows;

  static guint n_apps;
  g_autofree char *app_id = NULL;

  /* Each its own id: an earlier one is still on the bus (see app_stop()). */
  app_id = g_strdup_printf ("%s.Test%u", APPLICATION_ID, ++n_apps);
  a->app = chatroutes_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (a->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (a->app));

  windows = gtk_application_get_windows (GTK_APPLICATION (a->app));
  g_assert_nonnull (windows);
  a->window = CHATROUTES_WINDOW (windows->data);
  g_assert_true (ui_wait_until (app_ready, a, 10000));
  ui_wait_for_draw (GTK_WIDGET (a->window));
}

static void
app_stop (App *a)
{
  ChatroutesWindow *window = a->window;
  ChatroutesApplication *app = a->app;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; window != NULL && i < 200; i++)
    ui_run_for (10);
  g_assert_null (window);

  /* Without g_application_run() nothing unregisters the application from
   * the session bus, and finalizing it registered is an error. Run its
   * shutdown so it stops all work, and keep it until the process ends. */
  g_signal_emit_by_name (app, "shutdown");
  g_ptr_array_add (finished_apps, app);
  a->app = NULL;
  a->window = NULL;
}

static void
set_width (App *a,
           int  width)
{
  gtk_window_set_default_size (GTK_WINDOW (a->window), width, 720);
  ui_run_for (100);
  ui_wait_for_draw (GTK_WIDGET (a->window));
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = ui_save_screenshot (widget, name);
  g_test_message ("screenshot: %s", path);
}

static gboolean
welcome_idle (gpointer data)
{
  App *a = data;
  return !chatroutes_welcome_page_get_busy (a->window->welcome_page);
}

static gboolean
in_main (gpointer data)
{
  App *a = data;
  return g_strcmp0 (chatroutes_window_get_view_name (a->window), "main") == 0;
}

static gboolean
has_account (gpointer data)
{
  App *a = data;
  return chatroutes_application_get_account (a->app) != NULL;
}

static void
fill_welcome (App        *a,
              const char *key,
              const char *base_url)
{
  ChatroutesWelcomePage *page = a->window->welcome_page;

  adw_expander_row_set_expanded (page->advanced_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (page->base_url_row), base_url);
  gtk_editable_set_text (GTK_EDITABLE (page->key_row), key);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (page->continue_button)));
}

/* No key anywhere: the welcome page. */
static void
test_welcome_shown (void)
{
  App a = { 0 };
  ChatroutesWelcomePage *page;

  reset_state ();
  app_start (&a);
  page = a.window->welcome_page;

  g_assert_cmpstr (chatroutes_window_get_view_name (a.window), ==, "welcome");
  g_assert_false (chatroutes_application_get_has_key (a.app));
  /* Continue waits for a key. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (page->continue_button)));

  set_width (&a, 1000);
  screenshot (GTK_WIDGET (a.window), "app-welcome-1000");
  ui_set_dark (TRUE);
  screenshot (GTK_WIDGET (a.window), "app-welcome-1000");
  set_width (&a, 360);
  screenshot (GTK_WIDGET (a.window), "app-welcome-360");
  ui_set_dark (FALSE);
  screenshot (GTK_WIDGET (a.window), "app-welcome-360");

  /* An insecure address is explained and blocks Continue. */
  set_width (&a, 1000);
  fill_welcome (&a, "some-key", "");
  gtk_editable_set_text (GTK_EDITABLE (page->base_url_row), "http://example.com/api/v1");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->base_url_error_row)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (page->base_url_error_row)), !=, "");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (page->continue_button)));
  screenshot (GTK_WIDGET (a.window), "app-welcome-bad-address");

  app_stop (&a);
}

/* A wrong key: told inline, nothing typed is lost. */
static void
test_welcome_wrong_key (void)
{
  App a = { 0 };
  ChatroutesWelcomePage *page;

  reset_state ();
  app_start (&a);
  page = a.window->welcome_page;

  fill_welcome (&a, "wrong-key", sim->base_url);
  g_signal_emit_by_name (page->continue_button, "clicked");
  g_assert_true (chatroutes_welcome_page_get_busy (page));
  g_assert_true (ui_wait_until (welcome_idle, &a, 10000));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->error_label)));
  g_assert_cmpstr (gtk_label_get_text (page->error_label), ==, "This key was not accepted");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page->key_row)), ==, "wrong-key");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page->base_url_row)), ==, sim->base_url);
  g_assert_cmpstr (chatroutes_window_get_view_name (a.window), ==, "welcome");
  screenshot (GTK_WIDGET (a.window), "app-welcome-wrong-key");

  /* Nothing listens on port 9: the network's reason is shown. */
  gtk_editable_set_text (GTK_EDITABLE (page->base_url_row), "http://127.0.0.1:9/api/v1");
  g_signal_emit_by_name (page->key_row, "entry-activated");
  g_assert_true (ui_wait_until (welcome_idle, &a, 20000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->error_label)));
  g_assert_cmpstr (gtk_label_get_text (page->error_label), !=, "This key was not accepted");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page->key_row)), ==, "wrong-key");

  app_stop (&a);
}

/* The right key: stored in the keyring, then the main view. */
static void
test_welcome_sign_in (void)
{
  App a = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (CHATROUTES_SETTINGS_SCHEMA);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *base_url = NULL;

  reset_state ();
  app_start (&a);

  fill_welcome (&a, "sim-key", sim->base_url);
  /* Enter in the key row is Continue. */
  g_signal_emit_by_name (a.window->welcome_page->key_row, "entry-activated");
  g_assert_true (ui_wait_until (in_main, &a, 10000));

  stored = chatroutes_secret_lookup_api_key_sync (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "sim-key");
  base_url = g_settings_get_string (settings, "base-url");
  g_assert_cmpstr (base_url, ==, sim->base_url);
  g_assert_cmpstr (chatroutes_service_get_base_url (chatroutes_application_get_service (a.app)), ==, sim->base_url);
  g_assert_nonnull (chatroutes_application_get_account (a.app));
  g_assert_nonnull (chatroutes_account_get_email (chatroutes_application_get_account (a.app)));

  set_width (&a, 1000);
  screenshot (GTK_WIDGET (a.window), "app-signed-in");

  app_stop (&a);

  /* The next start finds the key in the keyring. */
  app_start (&a);
  g_assert_cmpstr (chatroutes_window_get_view_name (a.window), ==, "main");
  app_stop (&a);
}

/* The environment's key skips the welcome page. */
static void
test_env_key (void)
{
  App a = { 0 };
  AdwNavigationSplitView *split;

  reset_state ();
  g_setenv ("CHATROUTES_API_KEY", "sim-key", TRUE);
  g_setenv ("CHATROUTES_BASE_URL", sim->base_url, TRUE);
  app_start (&a);
  split = a.window->split_view;

  g_assert_cmpstr (chatroutes_window_get_view_name (a.window), ==, "main");
  g_assert_true (ui_wait_until (has_account, &a, 10000));
  g_assert_true (chatroutes_application_get_base_url_overridden (a.app));
  g_assert_cmpint (chatroutes_application_get_problem (a.app), ==, CHATROUTES_PROBLEM_NONE);
  g_assert_false (adw_banner_get_revealed (a.window->banner));

  /* The conversations in both slots. */
  g_assert_true (CHATROUTES_IS_SIDEBAR (chatroutes_window_get_sidebar (a.window)));
  g_assert_true (CHATROUTES_IS_CONVERSATION_VIEW (chatroutes_window_get_content (a.window)));
  set_width (&a, 1000);
  g_assert_false (adw_navigation_split_view_get_collapsed (split));
  screenshot (GTK_WIDGET (a.window), "app-main-1000");
  ui_set_dark (TRUE);
  screenshot (GTK_WIDGET (a.window), "app-main-1000");
  ui_set_dark (FALSE);

  /* Narrow: one pane at a time. */
  set_width (&a, 360);
  g_assert_true (adw_navigation_split_view_get_collapsed (split));
  screenshot (GTK_WIDGET (a.window), "app-main-360");
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "toggle-sidebar", NULL);
  g_assert_true (adw_navigation_split_view_get_show_content (split));
  ui_run_for (400);
  screenshot (GTK_WIDGET (a.window), "app-main-360-content");
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "toggle-sidebar", NULL);
  g_assert_false (adw_navigation_split_view_get_show_content (split));
  set_width (&a, 1000);
  g_assert_false (adw_navigation_split_view_get_collapsed (split));

  /* Wide: F9 hides the sidebar and brings it back. */
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "toggle-sidebar", NULL);
  g_assert_true (adw_navigation_split_view_get_collapsed (split));
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "toggle-sidebar", NULL);
  g_assert_false (adw_navigation_split_view_get_collapsed (split));

  /* Actions of unplugged features do nothing harmful. */
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "new-conversation", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "search", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "focus-composer", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "stop", NULL);

  /* Slots take widgets and give the placeholders back. */
  {
    GtkWidget *label = gtk_label_new ("Sidebar");
    GtkWidget *content = gtk_label_new ("Content");

    chatroutes_window_set_sidebar (a.window, label);
    chatroutes_window_set_content (a.window, content);
    g_assert_true (chatroutes_window_get_sidebar (a.window) == label);
    g_assert_true (chatroutes_window_get_content (a.window) == content);
    chatroutes_window_set_content_title (a.window, "Title", "model");
    chatroutes_window_set_sidebar (a.window, NULL);
    chatroutes_window_set_content (a.window, NULL);
    g_assert_null (chatroutes_window_get_sidebar (a.window));
    g_assert_null (chatroutes_window_get_content (a.window));
    g_assert_true (ADW_IS_HEADER_BAR (chatroutes_window_get_sidebar_header_bar (a.window)));
    g_assert_true (ADW_IS_HEADER_BAR (chatroutes_window_get_content_header_bar (a.window)));
  }

  /* Banners. */
  chatroutes_window_show_banner (a.window, CHATROUTES_PROBLEM_BAD_KEY);
  g_assert_true (adw_banner_get_revealed (a.window->banner));
  g_assert_cmpstr (adw_banner_get_title (a.window->banner), ==, "The API key was not accepted");
  g_assert_cmpstr (adw_banner_get_button_label (a.window->banner), ==, "Open Preferences");
  ui_run_for (400);
  screenshot (GTK_WIDGET (a.window), "app-banner-bad-key");
  chatroutes_window_show_banner (a.window, CHATROUTES_PROBLEM_OFFLINE);
  g_assert_cmpstr (adw_banner_get_title (a.window->banner), ==, "Cannot reach ChatRoutes");
  g_assert_cmpstr (adw_banner_get_button_label (a.window->banner), ==, "Retry");
  ui_run_for (400);
  screenshot (GTK_WIDGET (a.window), "app-banner-offline");
  chatroutes_window_hide_banner (a.window);
  g_assert_false (adw_banner_get_revealed (a.window->banner));

  chatroutes_window_add_toast (a.window, adw_toast_new ("Hello"));

  app_stop (&a);
}

static gboolean
has_problem (gpointer data)
{
  App *a = data;
  return chatroutes_application_get_problem (a->app) != CHATROUTES_PROBLEM_NONE;
}

/* A key the service refuses, or no service: a lasting banner. */
static void
test_problem_banners (void)
{
  App a = { 0 };

  reset_state ();
  g_setenv ("CHATROUTES_API_KEY", "not-the-key", TRUE);
  g_setenv ("CHATROUTES_BASE_URL", sim->base_url, TRUE);
  app_start (&a);
  g_assert_true (ui_wait_until (has_problem, &a, 10000));
  g_assert_cmpint (chatroutes_application_get_problem (a.app), ==, CHATROUTES_PROBLEM_BAD_KEY);
  g_assert_true (adw_banner_get_revealed (a.window->banner));
  app_stop (&a);

  reset_state ();
  g_setenv ("CHATROUTES_API_KEY", "sim-key", TRUE);
  g_setenv ("CHATROUTES_BASE_URL", "http://127.0.0.1:9/api/v1", TRUE);
  app_start (&a);
  chatroutes_service_set_retry_attempts (chatroutes_application_get_service (a.app), 0);
  chatroutes_application_refresh_account (a.app);
  g_assert_true (ui_wait_until (has_problem, &a, 20000));
  g_assert_cmpint (chatroutes_application_get_problem (a.app), ==, CHATROUTES_PROBLEM_OFFLINE);
  g_assert_true (adw_banner_get_revealed (a.window->banner));
  g_assert_cmpstr (adw_banner_get_title (a.window->banner), ==, "Cannot reach ChatRoutes");
  app_stop (&a);
}

static gboolean
in_welcome (gpointer data)
{
  App *a = data;
  return g_strcmp0 (chatroutes_window_get_view_name (a->window), "welcome") == 0;
}

static void
test_preferences (void)
{
  App a = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (CHATROUTES_SETTINGS_SCHEMA);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *stored = NULL;
  ChatroutesPreferencesDialog *prefs;
  AdwDialog *dialog;

  reset_state ();
  g_assert_true (chatroutes_secret_store_api_key_sync ("sim-key", NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "base-url", sim->base_url);
  app_start (&a);
  g_assert_cmpstr (chatroutes_window_get_view_name (a.window), ==, "main");
  g_assert_true (ui_wait_until (has_account, &a, 10000));

  set_width (&a, 1000);
  g_action_group_activate_action (G_ACTION_GROUP (a.app), "preferences", NULL);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a.window));
  g_assert_true (CHATROUTES_IS_PREFERENCES_DIALOG (dialog));
  prefs = CHATROUTES_PREFERENCES_DIALOG (dialog);
  ui_run_for (400);

  g_assert_cmpstr (adw_action_row_get_subtitle (prefs->account_row), ==,
                   chatroutes_account_get_email (chatroutes_application_get_account (a.app)));
  g_assert_cmpfloat (adw_spin_row_get_value (prefs->timeout_row), ==, 30);
  g_assert_cmpfloat (adw_spin_row_get_value (prefs->retry_attempts_row), ==, 3);
  g_assert_cmpfloat (adw_spin_row_get_value (prefs->retry_delay_row), ==, 1.0);
  screenshot (GTK_WIDGET (a.window), "app-preferences");

  /* Spin rows write GSettings, and the service follows. */
  adw_spin_row_set_value (prefs->timeout_row, 45);
  g_assert_cmpuint (g_settings_get_uint (settings, "timeout"), ==, 45);
  g_assert_cmpuint (chatroutes_service_get_timeout (chatroutes_application_get_service (a.app)), ==, 45);
  adw_spin_row_set_value (prefs->retry_delay_row, 2.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "retry-delay"), ==, 2.5);

  /* Plain http to a remote host is refused, with the reason. */
  before = g_settings_get_string (settings, "base-url");
  gtk_editable_set_text (GTK_EDITABLE (prefs->base_url_row), "http://example.com/api/v1");
  g_signal_emit_by_name (prefs->base_url_row, "apply");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (prefs->base_url_error_row)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (prefs->base_url_error_row)), !=, "");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (prefs->base_url_row), "error"));
  after = g_settings_get_string (settings, "base-url");
  g_assert_cmpstr (after, ==, before);
  ui_run_for (200);
  screenshot (GTK_WIDGET (a.window), "app-preferences-refused");
  g_clear_pointer (&after, g_free);

  /* Loopback http is fine. */
  gtk_editable_set_text (GTK_EDITABLE (prefs->base_url_row), "http://127.0.0.1:9/api/v1");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (prefs->base_url_error_row)));
  g_signal_emit_by_name (prefs->base_url_row, "apply");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (prefs->base_url_error_row)));
  after = g_settings_get_string (settings, "base-url");
  g_assert_cmpstr (after, ==, "http://127.0.0.1:9/api/v1");
  g_assert_cmpstr (chatroutes_service_get_base_url (chatroutes_application_get_service (a.app)), ==,
                   "http://127.0.0.1:9/api/v1");
  g_settings_set_string (settings, "base-url", sim->base_url);

  /* Remove Key: back to the welcome page, and the keyring is empty. */
  g_signal_emit_by_name (prefs->remove_key_row, "activated");
  g_assert_true (ui_wait_until (in_welcome, &a, 10000));
  stored = chatroutes_secret_lookup_api_key_sync (NULL, &error);
  g_assert_no_error (error);
  g_assert_null (stored);
  g_assert_false (chatroutes_application_get_has_key (a.app));
  ui_run_for (300);

  app_stop (&a);
}

static void
check_accels (GtkApplication *app,
              const char     *action,
              const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  g_assert_nonnull (accels);
  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static void
test_actions (void)
{
  App a = { 0 };
  GList *windows;
  gboolean found = FALSE;
  AdwDialog *dialog;

  reset_state ();
  g_setenv ("CHATROUTES_API_KEY", "sim-key", TRUE);
  g_setenv ("CHATROUTES_BASE_URL", sim->base_url, TRUE);
  app_start (&a);

  for (guint i = 0; i < 4; i++)
    {
      const char *names[] = { "quit", "preferences", "about", "shortcuts" };
      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (a.app), names[i]));
    }
  {
    const char *names[] = { "new-conversation", "search", "toggle-sidebar", "focus-composer", "stop" };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (a.window), names[i]));
  }

  check_accels (GTK_APPLICATION (a.app), "app.quit", "<Control>q");
  check_accels (GTK_APPLICATION (a.app), "app.preferences", "<Control>comma");
  check_accels (GTK_APPLICATION (a.app), "app.shortcuts", "<Control>question");
  check_accels (GTK_APPLICATION (a.app), "win.new-conversation", "<Control>n");
  check_accels (GTK_APPLICATION (a.app), "win.search", "<Control>f");
  check_accels (GTK_APPLICATION (a.app), "win.toggle-sidebar", "F9");
  check_accels (GTK_APPLICATION (a.app), "win.focus-composer", "<Control>l");
  check_accels (GTK_APPLICATION (a.app), "win.stop", "<Shift><Control>s");

  /* About. */
  g_action_group_activate_action (G_ACTION_GROUP (a.app), "about", NULL);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a.window));
  g_assert_true (ADW_IS_ABOUT_DIALOG (dialog));
  g_assert_cmpstr (adw_about_dialog_get_version (ADW_ABOUT_DIALOG (dialog)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_dialog_get_license_type (ADW_ABOUT_DIALOG (dialog)), ==, GTK_LICENSE_MIT_X11);
  ui_run_for (400);
  screenshot (GTK_WIDGET (a.window), "app-about");
  adw_dialog_force_close (dialog);

  /* Keyboard shortcuts, from a .ui file. */
  g_action_group_activate_action (G_ACTION_GROUP (a.app), "shortcuts", NULL);
  for (windows = gtk_application_get_windows (GTK_APPLICATION (a.app)); windows; windows = windows->next)
    if (windows->data != (gpointer) a.window)
      {
        GtkWindow *shortcuts = windows->data;

        g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (a.window));
        screenshot (GTK_WIDGET (shortcuts), "app-shortcuts");
        gtk_window_destroy (shortcuts);
        found = TRUE;
        break;
      }
  g_assert_true (found);

  app_stop (&a);
}

static gboolean
sidebar_has_rows (gpointer data)
{
  App *a = data;
  GtkWidget *sidebar = chatroutes_window_get_sidebar (a->window);
  ChatroutesConversationList *list = NULL;
  gboolean loaded;

  g_object_get (sidebar, "list", &list, NULL);
  loaded = list != NULL && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0;
  g_clear_object (&list);
  return loaded;
}

static gboolean
no_reply_running (gpointer data)
{
  App *a = data;
  ChatroutesService *service = chatroutes_application_get_service (a->app);
  return g_list_model_get_n_items (chatroutes_service_get_active_streams (service)) == 0;
}

static gboolean
messages_shown (gpointer data)
{
  App *a = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (
    CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a->window)));
  return messages != NULL && g_list_model_get_n_items (messages) >= 2;
}

/* A person's first minutes: pick a conversation, ask, read the streamed
 * answer; on the next start the same conversation is open again. */
static void
test_conversation_flow (void)
{
  App a = { 0 };
  g_autoptr(ChatroutesConversation) conversation = NULL;
  ChatroutesConversationView *view;
  ChatroutesConversationList *list = NULL;
  g_autofree char *id = NULL;

  reset_state ();
  g_setenv ("CHATROUTES_API_KEY", "sim-key", TRUE);
  g_setenv ("CHATROUTES_BASE_URL", sim->base_url, TRUE);
  app_start (&a);
  set_width (&a, 1100);

  g_assert_true (ui_wait_until (sidebar_has_rows, &a, 10000));
  g_object_get (chatroutes_window_get_sidebar (a.window), "list", &list, NULL);
  conversation = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_clear_object (&list);
  id = g_strdup (chatroutes_conversation_get_id (conversation));

  /* Opening it from the sidebar shows it in the view. */
  g_signal_emit_by_name (chatroutes_window_get_sidebar (a.window), "conversation-activated", conversation);
  view = CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a.window));
  g_assert_true (chatroutes_conversation_view_get_conversation (view) == conversation);

  chatroutes_conversation_view_send (view, "What should I see first?");
  g_assert_true (ui_wait_until (messages_shown, &a, 10000));
  g_assert_true (ui_wait_until (no_reply_running, &a, 30000));
  ui_run_for (300);
  screenshot (GTK_WIDGET (a.window), "app-conversation-1100");
  ui_set_dark (TRUE);
  screenshot (GTK_WIDGET (a.window), "app-conversation-1100");
  set_width (&a, 360);
  screenshot (GTK_WIDGET (a.window), "app-conversation-360");
  ui_set_dark (FALSE);
  screenshot (GTK_WIDGET (a.window), "app-conversation-360");
  app_stop (&a);

  /* The next start opens it again. */
  app_start (&a);
  view = CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a.window));
  g_assert_true (ui_wait_until (messages_shown, &a, 10000));
  g_assert_cmpstr (chatroutes_conversation_get_id (chatroutes_conversation_view_get_conversation (view)), ==, id);
  app_stop (&a);
}

/* The button of a shown toast whose label is @label. */
static GtkWidget *
find_toast_button (GtkWidget  *widget,
                   const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
      gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY) != NULL &&
      g_str_equal (G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)), "AdwToastWidget"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
server_error_toast_shown (gpointer data)
{
  App *a = data;

  return find_toast_button (GTK_WIDGET (a->window), "_Retry") != NULL;
}

static gboolean
problem_is_offline (gpointer data)
{
  App *a = data;
  return chatroutes_application_get_problem (a->app) == CHATROUTES_PROBLEM_OFFLINE;
}

static gboolean
problem_is_bad_key (gpointer data)
{
  App *a = data;
  return chatroutes_application_get_problem (a->app) == CHATROUTES_PROBLEM_BAD_KEY;
}

static gboolean
banner_hidden (gpointer data)
{
  App *a = data;
  return chatroutes_application_get_problem (a->app) == CHATROUTES_PROBLEM_NONE &&
         !adw_banner_get_revealed (a->window->banner);
}

/* Problems while a conversation is open, as the window shows them: a
 * server error as a toast with Retry, a refused key as a banner that opens
 * Preferences. The words typed are kept throughout. */
static void
test_problems_in_conversation (void)
{
  App a = { 0 };
  g_autoptr(ChatroutesConversation) conversation = NULL;
  ChatroutesConversationList *list = NULL;
  ChatroutesConversationView *view;
  ChatroutesComposer *composer;
  g_autofree char *text = NULL;

  reset_state ();
  g_setenv ("CHATROUTES_API_KEY", "sim-key", TRUE);
  g_setenv ("CHATROUTES_BASE_URL", sim->base_url, TRUE);
  app_start (&a);
  set_width (&a, 1100);
  chatroutes_service_set_retry_attempts (chatroutes_application_get_service (a.app), 0);
  _chatroutes_application_set_recheck_interval (a.app, 300);

  g_assert_true (ui_wait_until (sidebar_has_rows, &a, 10000));
  g_object_get (chatroutes_window_get_sidebar (a.window), "list", &list, NULL);
  conversation = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_clear_object (&list);
  g_signal_emit_by_name (chatroutes_window_get_sidebar (a.window), "conversation-activated", conversation);
  view = CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a.window));
  composer = CHATROUTES_COMPOSER (chatroutes_conversation_view_get_composer (view));
  g_assert_true (ui_wait_until (messages_shown, &a, 10000));

  /* A server error: a toast with Retry; the words stay in the composer. */
  test_simulator_fault (sim, "POST", "/conversations", "status=500", 1);
  chatroutes_conversation_view_send (view, "Is anyone answering?");
  g_assert_true (ui_wait_until (server_error_toast_shown, &a, 10000));
  g_assert_true (ui_wait_until (no_reply_running, &a, 10000));
  text = chatroutes_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Is anyone answering?");
  ui_run_for (300);
  screenshot (GTK_WIDGET (a.window), "app-server-error-1100");
  ui_set_dark (TRUE);
  screenshot (GTK_WIDGET (a.window), "app-server-error-1100");
  ui_set_dark (FALSE);

  /* The toast's Retry, pressed: the words go. */
  {
    GtkWidget *retry = find_toast_button (GTK_WIDGET (a.window), "_Retry");
    guint before = g_list_model_get_n_items (chatroutes_conversation_view_get_messages (view));

    g_assert_nonnull (retry);
    g_assert_true (gtk_widget_is_sensitive (retry));
    chatroutes_composer_clear (composer);
    g_signal_emit_by_name (retry, "clicked");
    g_assert_true (ui_wait_until (no_reply_running, &a, 20000));
    g_assert_cmpuint (g_list_model_get_n_items (chatroutes_conversation_view_get_messages (view)), ==, before + 2);
    chatroutes_composer_set_text (composer, "Is anyone answering?");
  }

  /* A refused key: the banner offers Preferences. */
  test_simulator_fault (sim, "GET", "/auth/me", "status=401", 1);
  chatroutes_application_refresh_account (a.app);
  g_assert_true (ui_wait_until (problem_is_bad_key, &a, 10000));
  g_assert_true (adw_banner_get_revealed (a.window->banner));
  g_assert_cmpstr (adw_banner_get_button_label (a.window->banner), ==, "Open Preferences");
  ui_run_for (300);
  screenshot (GTK_WIDGET (a.window), "app-bad-key-1100");
  ui_set_dark (TRUE);
  screenshot (GTK_WIDGET (a.window), "app-bad-key-1100");
  set_width (&a, 360);
  screenshot (GTK_WIDGET (a.window), "app-bad-key-360");
  ui_set_dark (FALSE);
  screenshot (GTK_WIDGET (a.window), "app-bad-key-360");

  g_clear_pointer (&text, g_free);
  text = chatroutes_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Is anyone answering?");
  app_stop (&a);
}

/* A port nothing listens on, for now. */
static guint16
free_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

/* The service cannot be reached when the app starts: the banner says so,
 * and goes by itself once the service answers, with nobody pressing Retry.
 * The words typed meanwhile stay. */
static void
test_offline_clears_itself (void)
{
  App a = { 0 };
  guint16 port = free_port ();
  g_autofree char *port_arg = g_strdup_printf ("%u", port);
  g_autofree char *base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", port);
  g_autoptr(TestSimulator) later = NULL;
  g_autofree char *text = NULL;
  ChatroutesComposer *composer;

  reset_state ();
  g_setenv ("CHATROUTES_API_KEY", "sim-key", TRUE);
  g_setenv ("CHATROUTES_BASE_URL", base_url, TRUE);
  app_start (&a);
  set_width (&a, 1100);
  chatroutes_service_set_retry_attempts (chatroutes_application_get_service (a.app), 0);
  _chatroutes_application_set_recheck_interval (a.app, 400);
  chatroutes_application_refresh_account (a.app);

  g_assert_true (ui_wait_until (problem_is_offline, &a, 10000));
  g_assert_true (adw_banner_get_revealed (a.window->banner));
  g_assert_cmpstr (adw_banner_get_title (a.window->banner), ==, "Cannot reach ChatRoutes");
  g_assert_cmpstr (adw_banner_get_button_label (a.window->banner), ==, "Retry");
  ui_run_for (300);
  screenshot (GTK_WIDGET (a.window), "app-offline-1100");
  ui_set_dark (TRUE);
  screenshot (GTK_WIDGET (a.window), "app-offline-1100");
  set_width (&a, 360);
  screenshot (GTK_WIDGET (a.window), "app-offline-360");
  ui_set_dark (FALSE);
  screenshot (GTK_WIDGET (a.window), "app-offline-360");
  set_width (&a, 1100);
  /* Still asking, still offline. */
  ui_run_for (1000);
  g_assert_cmpint (chatroutes_application_get_problem (a.app), ==, CHATROUTES_PROBLEM_OFFLINE);

  composer = CHATROUTES_COMPOSER (chatroutes_conversation_view_get_composer (
    CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a.window))));
  chatroutes_composer_set_text (composer, "Written while offline");

  /* The service comes up where the app looks for it. */
  later = test_simulator_start ("--port", port_arg, "--seed-conversations", "3", NULL);
  g_assert_true (ui_wait_until (banner_hidden, &a, 10000));
  g_assert_true (ui_wait_until (sidebar_has_rows, &a, 10000));
  text = chatroutes_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Written while offline");
  app_stop (&a);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ui_test_init ();
  /* Screenshots of finished states, not of transitions. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  sim = test_simulator_start ("--pace-ms", "5", "--seed-conversations", "12", NULL);
  finished_apps = g_ptr_array_new ();

  g_test_add_func ("/app/welcome/shown", test_welcome_shown);
  g_test_add_func ("/app/welcome/wrong-key", test_welcome_wrong_key);
  g_test_add_func ("/app/welcome/sign-in", test_welcome_sign_in);
  g_test_add_func ("/app/window/env-key", test_env_key);
  g_test_add_func ("/app/window/problem-banners", test_problem_banners);
  g_test_add_func ("/app/preferences", test_preferences);
  g_test_add_func ("/app/actions", test_actions);
  g_test_add_func ("/app/conversation-flow", test_conversation_flow);
  g_test_add_func ("/app/problems-in-conversation", test_problems_in_conversation);
  g_test_add_func ("/app/offline-clears-itself", test_offline_clears_itself);

  ret = g_test_run ();

  reset_state ();
  test_simulator_stop (sim);
  return ret;
}
