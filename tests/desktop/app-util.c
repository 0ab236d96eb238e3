/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-secret.h"

#include "app-util.h"
#include "ui-util.h"

static GPtrArray *finished_apps;

void
test_app_reset_state (void)
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

void
test_app_use_simulator (TestSimulator *sim)
{
  g_setenv ("CHATROUTES_API_KEY", "sim-key", TRUE);
  g_setenv ("CHATROUTES_BASE_URL", sim->base_url, TRUE);
}

static gboolean
app_ready (gpointer data)
{
  TestApp *a = data;
  return chatroutes_application_get_ready (a->app);
}

void
test_app_start (TestApp *a)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = NULL;
  static guint n_apps;
  GList *windows;

  if (finished_apps == NULL)
    finished_apps = g_ptr_array_new ();

  /* Each its own id: an earlier one is still on the bus (see test_app_stop()). */
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

const char *
test_app_get_id (TestApp *a)
{
  return g_application_get_application_id (G_APPLICATION (a->app));
}

void
test_app_stop (TestApp *a)
{
  ChatroutesWindow *window = a->window;
  ChatroutesApplication *app = a->app;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; window != NULL && i < 200; i++)
    ui_run_for (10);
  g_assert_null (window);

  /* Without g_application_run() nothing unregisters the application from
   * the session bus, and finalizing it registered is an error. */
  g_signal_emit_by_name (app, "shutdown");
  g_ptr_array_add (finished_apps, app);
  a->app = NULL;
  a->window = NULL;
}

gboolean
test_app_in_main (gpointer data)
{
  TestApp *a = data;
  return g_strcmp0 (chatroutes_window_get_view_name (a->window), "main") == 0;
}

gboolean
test_app_sidebar_loaded (gpointer data)
{
  TestApp *a = data;
  GtkWidget *sidebar = chatroutes_window_get_sidebar (a->window);
  g_autoptr(GListModel) list = NULL;

  if (sidebar == NULL || !g_object_class_find_property (G_OBJECT_GET_CLASS (sidebar), "list"))
    return FALSE;
  g_object_get (sidebar, "list", &list, NULL);
  return list != NULL && g_list_model_get_n_items (list) > 0;
}

ChatroutesConversation *
test_app_first_conversation (TestApp *a)
{
  g_autoptr(GListModel) list = NULL;

  g_assert_true (ui_wait_until (test_app_sidebar_loaded, a, 10000));
  g_object_get (chatroutes_window_get_sidebar (a->window), "list", &list, NULL);
  return g_list_model_get_item (list, 0);
}

void
test_app_set_width (TestApp *a,
                    int      width)
{
  gtk_window_set_default_size (GTK_WINDOW (a->window), width, 720);
  ui_run_for (100);
  ui_wait_for_draw (GTK_WIDGET (a->window));
}

void
test_app_screenshot (GtkWidget  *widget,
                     const char *name)
{
  g_autofree char *path = ui_save_screenshot (widget, name);
  g_test_message ("screenshot: %s", path);
}
