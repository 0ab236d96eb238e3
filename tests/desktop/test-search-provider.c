/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-conversation-view.h"
#include "chatroutes-search-provider.h"
#include "chatroutes-sidebar.h"

#include "app-util.h"
#include "ui-util.h"

/*
 * GNOME Shell's search provider, called as the shell calls it: over the
 * session bus (the private one of build-aux/test-session), from a
 * connection of its own, at the object the search provider file names.
 */

static TestSimulator *sim;

typedef struct
{
  TestApp          app;
  GDBusConnection *connection;
  GDBusProxy      *proxy;
} Fixture;

static GVariant *
call (Fixture    *f,
      const char *method,
      GVariant   *parameters)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *pending = NULL;
  GVariant *reply;

  /* The provider answers from this thread's main loop: call, then wait. */
  g_dbus_proxy_call (f->proxy, method, parameters, G_DBUS_CALL_FLAGS_NONE, 20000, NULL,
                     test_store_result, &pending);
  result = test_wait_result (&pending);
  reply = g_dbus_proxy_call_finish (f->proxy, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

static char **
search (Fixture            *f,
        const char * const *previous,
        const char * const *terms)
{
  g_autoptr(GVariant) reply = NULL;
  char **results = NULL;

  if (previous != NULL)
    reply = call (f, "GetSubsearchResultSet", g_variant_new ("(^as^as)", previous, terms));
  else
    reply = call (f, "GetInitialResultSet", g_variant_new ("(^as)", terms));
  g_variant_get (reply, "(^as)", &results);
  return results;
}

/* The ids of the loaded conversations whose titles match, in list order. */
static char **
expected_ids (Fixture            *f,
              const char * const *terms)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_object_get (chatroutes_window_get_sidebar (f->app.window), "list", &list, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (list, i);

      if (chatroutes_search_provider_matches (chatroutes_conversation_get_title (conversation), terms))
        g_strv_builder_add (ids, chatroutes_conversation_get_id (conversation));
    }
  return g_strv_builder_end (ids);
}

static ChatroutesConversation *
find_by_title (Fixture    *f,
               const char *words)
{
  g_autoptr(GListModel) list = NULL;

  g_object_get (chatroutes_window_get_sidebar (f->app.window), "list", &list, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (list, i);

      if (strstr (chatroutes_conversation_get_title (conversation), words) != NULL)
        return g_steal_pointer (&conversation);
    }
  g_error ("No conversation titled with “%s”", words);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *path = NULL;
  GDBusConnection *app_connection;

  test_app_reset_state ();
  test_app_use_simulator (sim);
  test_app_start (&f->app);
  test_app_set_width (&f->app, 1000);
  g_assert_true (ui_wait_until (test_app_in_main, &f->app, 10000));
  g_assert_true (ui_wait_until (test_app_sidebar_loaded, &f->app, 10000));

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  f->connection = g_dbus_connection_new_for_address_sync (address,
                                                          G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                          NULL, NULL, &error);
  g_assert_no_error (error);

  /* A test application does not own its name (it is not unique); the
   * shell would call the name, the test calls the connection. */
  app_connection = g_application_get_dbus_connection (G_APPLICATION (f->app.app));
  g_assert_nonnull (app_connection);
  path = g_strconcat (g_application_get_dbus_object_path (G_APPLICATION (f->app.app)), "/SearchProvider", NULL);
  f->proxy = g_dbus_proxy_new_sync (f->connection,
                                    G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES |
                                    G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS |
                                    G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                                    NULL,
                                    g_dbus_connection_get_unique_name (app_connection),
                                    path,
                                    "org.gnome.Shell.SearchProvider2",
                                    NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->proxy);
  g_dbus_connection_close_sync (f->connection, NULL, NULL);
  g_clear_object (&f->connection);
  test_app_stop (&f->app);
}

/* The file that tells the shell where to ask. */
static void
test_ini (void)
{
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *object_path = NULL;
  g_autofree char *bus_name = NULL;
  g_autofree char *desktop_id = NULL;
  g_autofree char *expected_path = NULL;
  const char *path = g_getenv ("CHATROUTES_SEARCH_PROVIDER_INI");

  g_assert_nonnull (path);
  g_assert_true (g_str_has_suffix (path, APPLICATION_ID ".search-provider.ini"));
  g_assert_true (g_key_file_load_from_file (ini, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);

  bus_name = g_key_file_get_string (ini, "Shell Search Provider", "BusName", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bus_name, ==, APPLICATION_ID);
  desktop_id = g_key_file_get_string (ini, "Shell Search Provider", "DesktopId", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (desktop_id, ==, APPLICATION_ID ".desktop");
  g_assert_cmpint (g_key_file_get_integer (ini, "Shell Search Provider", "Version", &error), ==, 2);
  g_assert_no_error (error);

  /* Where the application exports it when registered under that id. */
  object_path = g_key_file_get_string (ini, "Shell Search Provider", "ObjectPath", &error);
  g_assert_no_error (error);
  expected_path = g_strdelimit (g_strconcat ("/", APPLICATION_ID, "/SearchProvider", NULL), ".", '/');
  g_assert_cmpstr (object_path, ==, expected_path);
  g_assert_true (g_variant_is_object_path (object_path));
}

static void
test_matches (void)
{
  const char *lisbon[] = { "lisbon", NULL };
  const char *two[] = { "plan", "LISB", NULL };
  const char *middle[] = { "isbon", NULL };
  const char *accent[] = { "cafe", NULL };
  const char *none[] = { NULL };
  const char *blank[] = { "", NULL };

  g_assert_true (chatroutes_search_provider_matches ("Planning a week in Lisbon", lisbon));
  g_assert_true (chatroutes_search_provider_matches ("Planning a week in Lisbon", two));
  g_assert_false (chatroutes_search_provider_matches ("Planning a week in Lisbon", middle));
  g_assert_false (chatroutes_search_provider_matches ("Rust ownership questions", lisbon));
  g_assert_true (chatroutes_search_provider_matches ("Café opening hours", accent));
  g_assert_false (chatroutes_search_provider_matches ("Anything", none));
  g_assert_false (chatroutes_search_provider_matches ("Anything", blank));
  g_assert_false (chatroutes_search_provider_matches (NULL, lisbon));
}

static void
test_results (Fixture       *f,
              gconstpointer  data)
{
  const char *lisbon[] = { "lisbon", NULL };
  const char *plan[] = { "pla", NULL };
  const char *plan_lisbon[] = { "pla", "lis", NULL };
  const char *nothing[] = { "zzzzqx", NULL };
  g_autoptr(ChatroutesConversation) trip = find_by_title (f, "Lisbon");
  g_auto(GStrv) results = NULL;
  g_auto(GStrv) expected = NULL;
  g_auto(GStrv) narrowed = NULL;
  g_auto(GStrv) empty = NULL;
  gint64 lists;

  /* Exactly the matching conversations, newest first. */
  results = search (f, NULL, lisbon);
  expected = expected_ids (f, lisbon);
  g_assert_cmpuint (g_strv_length (results), ==, 1);
  g_assert_true (g_strv_equal ((const char * const *) results, (const char * const *) expected));
  g_assert_cmpstr (results[0], ==, chatroutes_conversation_get_id (trip));
  g_clear_pointer (&results, g_strfreev);
  g_clear_pointer (&expected, g_strfreev);

  results = search (f, NULL, plan);
  expected = expected_ids (f, plan);
  g_assert_cmpuint (g_strv_length (results), >=, 1);
  g_assert_true (g_strv_equal ((const char * const *) results, (const char * const *) expected));

  /* Typing on narrows the earlier results. */
  narrowed = search (f, (const char * const *) results, plan_lisbon);
  g_assert_cmpuint (g_strv_length (narrowed), ==, 1);
  g_assert_cmpstr (narrowed[0], ==, chatroutes_conversation_get_id (trip));

  empty = search (f, NULL, nothing);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);

  /* Kept in memory: more typing asks the service nothing. */
  lists = test_simulator_count (sim, "GET /conversations");
  g_assert_cmpint (lists, >, 0);
  g_strfreev (search (f, NULL, lisbon));
  g_strfreev (search (f, NULL, plan));
  g_assert_cmpint (test_simulator_count (sim, "GET /conversations"), ==, lists);
}

static void
test_metas (Fixture       *f,
            gconstpointer  data)
{
  const char *lisbon[] = { "lisbon", NULL };
  g_autoptr(ChatroutesConversation) trip = find_by_title (f, "Lisbon");
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) meta = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_auto(GStrv) results = search (f, NULL, lisbon);
  const char *ids[] = { results[0], "no-such-conversation", NULL };
  const char *id, *name, *description, *gicon;

  reply = call (f, "GetResultMetas", g_variant_new ("(^as)", ids));
  metas = g_variant_get_child_value (reply, 0);
  /* Unknown ids are left out. */
  g_assert_cmpuint (g_variant_n_children (metas), ==, 1);

  meta = g_variant_get_child_value (metas, 0);
  g_assert_true (g_variant_lookup (meta, "id", "&s", &id));
  g_assert_cmpstr (id, ==, chatroutes_conversation_get_id (trip));
  g_assert_true (g_variant_lookup (meta, "name", "&s", &name));
  g_assert_cmpstr (name, ==, chatroutes_conversation_get_title (trip));
  /* When it changed, and its model. */
  g_assert_true (g_variant_lookup (meta, "description", "&s", &description));
  g_assert_nonnull (strstr (description, chatroutes_conversation_get_model (trip)));
  g_assert_nonnull (strstr (description, " · "));
  g_assert_true (g_variant_lookup (meta, "gicon", "&s", &gicon));
  icon = g_icon_new_for_string (gicon, NULL);
  g_assert_true (G_IS_THEMED_ICON (icon));
}

typedef struct
{
  TestApp    *app;
  const char *id;
} OpenWait;

static gboolean
conversation_open (gpointer data)
{
  OpenWait *wait = data;
  ChatroutesConversation *open = chatroutes_conversation_view_get_conversation (
    CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (wait->app->window)));

  return open != NULL && g_strcmp0 (chatroutes_conversation_get_id (open), wait->id) == 0;
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  const char *rust[] = { "rust", NULL };
  g_autoptr(ChatroutesConversation) wanted = find_by_title (f, "Rust");
  g_auto(GStrv) results = search (f, NULL, rust);
  OpenWait wait = { &f->app, chatroutes_conversation_get_id (wanted) };
  ChatroutesSidebar *sidebar = CHATROUTES_SIDEBAR (chatroutes_window_get_sidebar (f->app.window));

  g_assert_cmpuint (g_strv_length (results), ==, 1);
  g_assert_false (conversation_open (&wait));

  g_variant_unref (call (f, "ActivateResult", g_variant_new ("(s^asu)", results[0], rust, 0)));
  g_assert_true (ui_wait_until (conversation_open, &wait, 10000));
  /* And selected in the sidebar. */
  g_assert_cmpstr (chatroutes_sidebar_get_selected_id (sidebar), ==, wait.id);
  test_app_screenshot (GTK_WIDGET (f->app.window), "search-provider-activated");
}

static void
test_launch_search (Fixture       *f,
                    gconstpointer  data)
{
  const char *terms[] = { "sourdough", "starter", NULL };
  ChatroutesSidebar *sidebar = CHATROUTES_SIDEBAR (chatroutes_window_get_sidebar (f->app.window));

  g_assert_false (chatroutes_sidebar_get_search_mode (sidebar));
  g_variant_unref (call (f, "LaunchSearch", g_variant_new ("(^asu)", terms, 0)));
  ui_run_for (300);

  g_assert_true (chatroutes_sidebar_get_search_mode (sidebar));
  g_assert_cmpstr (chatroutes_sidebar_get_search_text (sidebar), ==, "sourdough starter");
  test_app_screenshot (GTK_WIDGET (f->app.window), "search-provider-launch-search");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ui_test_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  sim = test_simulator_start ("--pace-ms", "5", "--seed-conversations", "6", NULL);

  g_test_add_func ("/search-provider/ini", test_ini);
  g_test_add_func ("/search-provider/matches", test_matches);
  g_test_add ("/search-provider/results", Fixture, NULL, fixture_set_up, test_results, fixture_tear_down);
  g_test_add ("/search-provider/metas", Fixture, NULL, fixture_set_up, test_metas, fixture_tear_down);
  g_test_add ("/search-provider/activate", Fixture, NULL, fixture_set_up, test_activate, fixture_tear_down);
  g_test_add ("/search-provider/launch-search", Fixture, NULL, fixture_set_up, test_launch_search, fixture_tear_down);

  ret = g_test_run ();

  test_app_reset_state ();
  test_simulator_stop (sim);
  return ret;
}
