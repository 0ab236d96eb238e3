/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-conversation-view.h"
#include "chatroutes-reply-notifier.h"

#include "app-util.h"
#include "ui-util.h"

/*
 * A reply that finishes while the window is not active is announced with a
 * desktop notification. GApplication sends notifications to
 * org.gtk.Notifications when something owns that name on the session bus
 * (as GNOME Shell does); here the test owns it, on a connection of its
 * own, and records what arrives.
 */

static TestSimulator *sim;

/* The stand-in for the shell's notification service. */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *connection;
  guint            registration_id;
  guint            owner_id;
  gboolean         owned;
  GPtrArray       *added;     /* GVariant (ssa{sv}) */
  GPtrArray       *removed;   /* GVariant (ss) */
} Server;

static Server server;

static void
server_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  if (g_str_equal (method_name, "AddNotification"))
    g_ptr_array_add (server.added, g_variant_ref (parameters));
  else if (g_str_equal (method_name, "RemoveNotification"))
    g_ptr_array_add (server.removed, g_variant_ref (parameters));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
server_name_acquired (GDBusConnection *connection,
                      const char      *name,
                      gpointer         data)
{
  server.owned = TRUE;
}

static gboolean
server_owns_name (gpointer data)
{
  return server.owned;
}

static void
server_start (void)
{
  static const GDBusInterfaceVTable vtable = { server_method_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  server.connection = g_dbus_connection_new_for_address_sync (address,
                                                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                              G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                              NULL, NULL, &error);
  g_assert_no_error (error);

  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  server.registration_id = g_dbus_connection_register_object (server.connection, "/org/gtk/Notifications",
                                                              info->interfaces[0], &vtable,
                                                              NULL, NULL, &error);
  g_assert_no_error (error);
  server.added = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  server.removed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  server.owner_id = g_bus_own_name_on_connection (server.connection, "org.gtk.Notifications",
                                                  G_BUS_NAME_OWNER_FLAGS_NONE,
                                                  server_name_acquired, NULL, NULL, NULL);
  g_assert_true (ui_wait_until (server_owns_name, NULL, 5000));
}

static void
server_stop (void)
{
  g_bus_unown_name (server.owner_id);
  g_dbus_connection_unregister_object (server.connection, server.registration_id);
  g_clear_object (&server.connection);
  g_clear_pointer (&server.added, g_ptr_array_unref);
  g_clear_pointer (&server.removed, g_ptr_array_unref);
}

/* Application helpers */

static gboolean
reply_done (gpointer data)
{
  TestApp *a = data;
  ChatroutesService *service = chatroutes_application_get_service (a->app);
  GListModel *messages = chatroutes_conversation_view_get_messages (
    CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a->window)));

  return messages != NULL && g_list_model_get_n_items (messages) >= 2 &&
         g_list_model_get_n_items (chatroutes_service_get_active_streams (service)) == 0;
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static gboolean
window_inactive (gpointer data)
{
  return !gtk_window_is_active (data);
}

static gboolean
notification_added (gpointer data)
{
  return server.added->len > 0;
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

static gboolean
notification_removed (gpointer data)
{
  const char *id = data;

  for (guint i = 0; i < server.removed->len; i++)
    {
      const char *removed_id = NULL;

      g_variant_get (g_ptr_array_index (server.removed, i), "(&s&s)", NULL, &removed_id);
      if (g_strcmp0 (removed_id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_body (void)
{
  struct {
    const char *reply;
    guint max;
    const char *body;
  } cases[] = {
    { "Hello there.", 40, "Hello there." },
    { "# Heading\n\nFirst  line\nsecond\tline", 40, "Heading First line second line" },
    { "> quoted\n* item one\n* item two", 40, "quoted item one item two" },
    { "Grüße aus Köln und München", 12, "Grüße aus K…" },
    { "abcdef", 6, "abcdef" },
    { "abcdefg", 6, "abcde…" },
    { "", 10, "" },
    { NULL, 10, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = chatroutes_reply_notifier_make_body (cases[i].reply, cases[i].max);
      g_assert_cmpstr (body, ==, cases[i].body);
      g_assert_cmpuint (g_utf8_strlen (body, -1), <=, cases[i].max);
    }
}

static void
test_reply_notification (void)
{
  TestApp a = { 0 };
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autofree char *expected_id = NULL;
  g_autofree char *expected_body = NULL;
  ChatroutesConversationView *view;
  const char *app_id, *id, *title, *body, *action;
  GtkWidget *other;
  OpenWait open_wait = { &a, NULL };

  test_app_reset_state ();
  test_app_use_simulator (sim);
  test_app_start (&a);
  test_app_set_width (&a, 1000);
  g_assert_true (ui_wait_until (test_app_in_main, &a, 10000));
  conversation = test_app_first_conversation (&a);
  g_assert_true (ui_wait_until (window_active, a.window, 5000));

  g_signal_emit_by_name (chatroutes_window_get_sidebar (a.window), "conversation-activated", conversation);
  view = CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a.window));

  /* Seen as it arrives: nothing to announce. */
  chatroutes_conversation_view_send (view, "First question");
  g_assert_true (ui_wait_until (reply_done, &a, 30000));
  ui_run_for (300);
  g_assert_cmpuint (server.added->len, ==, 0);

  /* Another window has the focus: the finished reply is announced. */
  other = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (other), 200, 100);
  gtk_window_present (GTK_WINDOW (other));
  g_assert_true (ui_wait_until (window_inactive, a.window, 5000));

  chatroutes_conversation_view_send (view, "Second question");
  g_assert_true (ui_wait_until (notification_added, NULL, 30000));
  g_assert_true (ui_wait_until (reply_done, &a, 30000));
  ui_run_for (200);
  g_assert_cmpuint (server.added->len, ==, 1);
  /* Opening a conversation withdraws its notification, shown or not:
   * what counts is what comes after this one. */
  g_ptr_array_set_size (server.removed, 0);

  g_variant_get (g_ptr_array_index (server.added, 0), "(&s&s@a{sv})", &app_id, &id, &dict);
  g_assert_cmpstr (app_id, ==, test_app_get_id (&a));
  expected_id = chatroutes_reply_notifier_dup_id (chatroutes_conversation_get_id (conversation));
  g_assert_cmpstr (id, ==, expected_id);

  g_assert_true (g_variant_lookup (dict, "title", "&s", &title));
  g_assert_cmpstr (title, ==, chatroutes_conversation_get_title (conversation));

  /* The start of the reply, the last message shown. */
  {
    GListModel *messages = chatroutes_conversation_view_get_messages (view);
    g_autoptr(ChatroutesMessage) reply = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);

    g_assert_cmpstr (chatroutes_message_get_role (reply), ==, "assistant");
    expected_body = chatroutes_reply_notifier_make_body (chatroutes_message_get_content (reply), 120);
  }
  g_assert_true (g_variant_lookup (dict, "body", "&s", &body));
  g_assert_cmpstr (body, !=, "");
  g_assert_cmpstr (body, ==, expected_body);

  /* Clicking it opens the conversation. */
  g_assert_true (g_variant_lookup (dict, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.open-conversation");
  target = g_variant_lookup_value (dict, "default-action-target", G_VARIANT_TYPE_STRING);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, chatroutes_conversation_get_id (conversation));

  /* Elsewhere meanwhile; then the click: the conversation opens and the
   * notification is withdrawn. */
  {
    g_autoptr(GListModel) list = NULL;
    g_autoptr(ChatroutesConversation) second = NULL;

    g_object_get (chatroutes_window_get_sidebar (a.window), "list", &list, NULL);
    second = g_list_model_get_item (list, 1);
    g_signal_emit_by_name (chatroutes_window_get_sidebar (a.window), "conversation-activated", second);
    open_wait.id = chatroutes_conversation_get_id (second);
    g_assert_true (ui_wait_until (conversation_open, &open_wait, 5000));
  }
  g_assert_false (notification_removed (expected_id));

  g_action_group_activate_action (G_ACTION_GROUP (a.app), "open-conversation", target);
  open_wait.id = chatroutes_conversation_get_id (conversation);
  g_assert_true (ui_wait_until (conversation_open, &open_wait, 10000));
  g_assert_true (ui_wait_until (notification_removed, expected_id, 5000));
  g_assert_true (ui_wait_until (window_active, a.window, 5000));
  test_app_screenshot (GTK_WIDGET (a.window), "notification-opened");

  gtk_window_destroy (GTK_WINDOW (other));
  test_app_stop (&a);
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
  server_start ();

  g_test_add_func ("/notification/body", test_body);
  g_test_add_func ("/notification/reply", test_reply_notification);

  ret = g_test_run ();

  test_app_reset_state ();
  server_stop ();
  test_simulator_stop (sim);
  return ret;
}
