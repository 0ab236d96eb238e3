/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "chatroutes-reply-notifier.h"

#define BODY_CHARS 120

struct _ChatroutesReplyNotifier
{
  GObject            parent_instance;

  GApplication      *application;   /* unowned: it owns us */
  ChatroutesService *service;
  GCancellable      *cancellable;
  guint              watch_ids[2];
  gboolean           server_present[2];
  guint              sandboxed : 1;
};

G_DEFINE_FINAL_TYPE (ChatroutesReplyNotifier, chatroutes_reply_notifier, G_TYPE_OBJECT)

char *
chatroutes_reply_notifier_dup_id (const char *conversation_id)
{
  g_return_val_if_fail (conversation_id != NULL, NULL);

  return g_strconcat ("reply-", conversation_id, NULL);
}

char *
chatroutes_reply_notifier_make_body (const char *reply,
                                     guint       max_chars)
{
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean space = FALSE;

  g_return_val_if_fail (max_chars > 1, NULL);

  if (reply == NULL)
    return g_strdup ("");

  /* One line: runs of white space become one space; Markdown's markers
   * at the start of words (headings, quotes, bullets, code) add nothing. */
  for (const char *p = reply; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = body->len > 0;
          continue;
        }
      if ((c == '#' || c == '>' || c == '*' || c == '`') && (body->len == 0 || space))
        continue;
      if (space)
        g_string_append_c (body, ' ');
      space = FALSE;
      g_string_append_unichar (body, c);
    }

  if ((guint) g_utf8_strlen (body->str, -1) > max_chars)
    {
      const char *cut = g_utf8_offset_to_pointer (body->str, max_chars - 1);

      g_string_truncate (body, cut - body->str);
      g_string_append (body, "…");
    }
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static gboolean
any_window_active (ChatroutesReplyNotifier *self)
{
  if (!GTK_IS_APPLICATION (self->application))
    return FALSE;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self->application)); l != NULL; l = l->next)
    if (gtk_window_is_active (l->data))
      return TRUE;
  return FALSE;
}

static const char * const notification_servers[] = {
  "org.gtk.Notifications",          /* GNOME Shell's own */
  "org.freedesktop.Notifications",  /* the common one, which a daemon may provide on demand */
};

static void
set_server_present (ChatroutesReplyNotifier *self,
                    const char              *name,
                    gboolean                 present)
{
  for (guint i = 0; i < G_N_ELEMENTS (notification_servers); i++)
    if (g_str_equal (name, notification_servers[i]))
      self->server_present[i] = present;
}

static void
name_appeared (GDBusConnection *connection,
               const char      *name,
               const char      *owner,
               gpointer         data)
{
  set_server_present (data, name, TRUE);
}

static void
name_vanished (GDBusConnection *connection,
               const char      *name,
               gpointer         data)
{
  set_server_present (data, name, FALSE);
}

static gboolean
can_notify (ChatroutesReplyNotifier *self)
{
  if (self->sandboxed)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (notification_servers); i++)
    if (self->server_present[i])
      return TRUE;
  return FALSE;
}

typedef struct
{
  ChatroutesReplyNotifier *self;
  char                    *conversation_id;
  char                    *body;
} Pending;

static void
pending_free (Pending *pending)
{
  g_clear_object (&pending->self);
  g_free (pending->conversation_id);
  g_free (pending->body);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
send_notification (ChatroutesReplyNotifier *self,
                   const char              *conversation_id,
                   const char              *title,
                   const char              *body)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = chatroutes_reply_notifier_dup_id (conversation_id);

  notification = g_notification_new (title != NULL && *title != '\0' ? title : _("Untitled Conversation"));
  if (body != NULL && *body != '\0')
    g_notification_set_body (notification, body);
  g_notification_set_category (notification, "im.received");
  g_notification_set_default_action_and_target (notification, "app.open-conversation",
                                                 "s", conversation_id);
  g_application_send_notification (self->application, id, notification);
}

static void
get_conversation_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(Pending) pending = data;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  conversation = chatroutes_service_get_conversation_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No title for the reply's notification: %s", error->message);

  /* A window became active meanwhile: the reply is seen. */
  if (any_window_active (pending->self))
    return;

  send_notification (pending->self, pending->conversation_id,
                     conversation ? chatroutes_conversation_get_title (conversation) : NULL,
                     pending->body);
}

static void
on_stream_completed (ChatroutesStream        *stream,
                     ChatroutesSendResult    *result,
                     ChatroutesReplyNotifier *self)
{
  const char *conversation_id = chatroutes_stream_get_conversation_id (stream);
  Pending *pending;

  if (conversation_id == NULL || any_window_active (self))
    return;
  if (!can_notify (self))
    {
      g_debug ("No notification server; the finished reply is not announced");
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->conversation_id = g_strdup (conversation_id);
  pending->body = chatroutes_reply_notifier_make_body (chatroutes_stream_get_content (stream), BODY_CHARS);
  chatroutes_service_get_conversation_async (self->service, conversation_id, self->cancellable,
                                             get_conversation_cb, pending);
}

static void
on_stream_started (ChatroutesService       *service,
                   ChatroutesStream        *stream,
                   ChatroutesReplyNotifier *self)
{
  g_signal_connect_object (stream, "completed", G_CALLBACK (on_stream_completed), self, 0);
}

ChatroutesReplyNotifier *
chatroutes_reply_notifier_new (GApplication      *application,
                               ChatroutesService *service)
{
  ChatroutesReplyNotifier *self;
  GDBusConnection *connection;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CHATROUTES_IS_SERVICE (service), NULL);

  self = g_object_new (CHATROUTES_TYPE_REPLY_NOTIFIER, NULL);
  self->application = application;
  self->service = g_object_ref (service);
  g_signal_connect_object (service, "stream-started", G_CALLBACK (on_stream_started), self, 0);

  /* In a sandbox, GApplication goes through the notification portal. */
  self->sandboxed = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);

  connection = g_application_get_dbus_connection (application);
  if (connection != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (notification_servers); i++)
        self->watch_ids[i] = g_bus_watch_name_on_connection (connection, notification_servers[i],
                                                             i == 0 ? G_BUS_NAME_WATCHER_FLAGS_NONE
                                                                    : G_BUS_NAME_WATCHER_FLAGS_AUTO_START,
                                                             name_appeared, name_vanished,
                                                             self, NULL);
    }
  return self;
}

void
chatroutes_reply_notifier_withdraw (ChatroutesReplyNotifier *self,
                                    const char              *conversation_id)
{
  g_autofree char *id = NULL;

  g_return_if_fail (CHATROUTES_IS_REPLY_NOTIFIER (self));
  g_return_if_fail (conversation_id != NULL);

  id = chatroutes_reply_notifier_dup_id (conversation_id);
  g_application_withdraw_notification (self->application, id);
}

static void
chatroutes_reply_notifier_dispose (GObject *object)
{
  ChatroutesReplyNotifier *self = CHATROUTES_REPLY_NOTIFIER (object);

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (self->watch_ids); i++)
    g_clear_handle_id (&self->watch_ids[i], g_bus_unwatch_name);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (chatroutes_reply_notifier_parent_class)->dispose (object);
}

static void
chatroutes_reply_notifier_class_init (ChatroutesReplyNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chatroutes_reply_notifier_dispose;
}

static void
chatroutes_reply_notifier_init (ChatroutesReplyNotifier *self)
{
  self->cancellable = g_cancellable_new ();
}
