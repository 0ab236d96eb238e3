/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-application.h"
#include "chatroutes-search-provider.h"
#include "chatroutes-shell-search-provider.h"
#include "chatroutes-time.h"
#include "chatroutes-window.h"

#define CACHE_SECONDS 60
#define PAGE_SIZE     100
#define MAX_PAGES     20

struct _ChatroutesSearchProvider
{
  GObject                         parent_instance;

  GApplication                   *application;   /* unowned: it owns us */
  ChatroutesShellSearchProvider2 *skeleton;
  GCancellable                   *cancellable;

  /* What the service listed, newest first, and by id. */
  GPtrArray                      *conversations;
  GHashTable                     *by_id;
  gint64                          loaded_at;     /* monotonic µs, 0: never */

  /* Loading: the pages so far, and the searches waiting for them. */
  GPtrArray                      *loading;
  guint                           page;
  GQueue                          waiting;
  gulong                          ready_id;

  char                           *pending_search;
};

G_DEFINE_FINAL_TYPE (ChatroutesSearchProvider, chatroutes_search_provider, G_TYPE_OBJECT)

gboolean
chatroutes_search_provider_matches (const char         *title,
                                    const char * const *terms)
{
  guint n_terms = 0;

  if (title == NULL || terms == NULL)
    return FALSE;

  /* Every word typed starts a word of the title (accents and case aside),
   * as in the shell's own application search. */
  for (guint i = 0; terms[i] != NULL; i++)
    {
      if (terms[i][0] == '\0')
        continue;
      n_terms++;
      if (!g_str_match_string (terms[i], title, TRUE))
        return FALSE;
    }
  return n_terms > 0;
}

/* A search waiting for the conversations. */
typedef struct
{
  GDBusMethodInvocation *invocation;
  char                 **terms;
  char                 **previous;   /* NULL: the initial search */
} Search;

static void
search_free (Search *search)
{
  g_clear_object (&search->invocation);
  g_strfreev (search->terms);
  g_strfreev (search->previous);
  g_free (search);
}

static ChatroutesService *
get_service (ChatroutesSearchProvider *self)
{
  return chatroutes_application_get_service (CHATROUTES_APPLICATION (self->application));
}

static void
answer (ChatroutesSearchProvider *self,
        Search                   *search)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new ();

  if (search->previous != NULL)
    {
      /* Narrowing: the earlier results, in their order. */
      for (guint i = 0; search->previous[i] != NULL; i++)
        {
          ChatroutesConversation *conversation = g_hash_table_lookup (self->by_id, search->previous[i]);

          if (conversation != NULL &&
              chatroutes_search_provider_matches (chatroutes_conversation_get_title (conversation),
                                                  (const char * const *) search->terms))
            g_ptr_array_add (results, (gpointer) chatroutes_conversation_get_id (conversation));
        }
    }
  else
    {
      for (guint i = 0; i < self->conversations->len; i++)
        {
          ChatroutesConversation *conversation = g_ptr_array_index (self->conversations, i);

          if (chatroutes_search_provider_matches (chatroutes_conversation_get_title (conversation),
                                                  (const char * const *) search->terms))
            g_ptr_array_add (results, (gpointer) chatroutes_conversation_get_id (conversation));
        }
    }
  g_ptr_array_add (results, NULL);

  if (search->previous != NULL)
    chatroutes_shell_search_provider2_complete_get_subsearch_result_set (self->skeleton, search->invocation,
                                                                         (const char * const *) results->pdata);
  else
    chatroutes_shell_search_provider2_complete_get_initial_result_set (self->skeleton, search->invocation,
                                                                       (const char * const *) results->pdata);
}

static void
answer_waiting (ChatroutesSearchProvider *self)
{
  Search *search;

  while ((search = g_queue_pop_head (&self->waiting)) != NULL)
    {
      answer (self, search);
      search_free (search);
      g_application_release (self->application);
    }
}

static void
set_conversations (ChatroutesSearchProvider *self,
                   GPtrArray                *conversations)
{
  g_hash_table_remove_all (self->by_id);
  g_clear_pointer (&self->conversations, g_ptr_array_unref);
  self->conversations = g_ptr_array_ref (conversations);
  for (guint i = 0; i < conversations->len; i++)
    {
      ChatroutesConversation *conversation = g_ptr_array_index (conversations, i);
      const char *id = chatroutes_conversation_get_id (conversation);

      if (id != NULL && !g_hash_table_contains (self->by_id, id))
        g_hash_table_insert (self->by_id, (gpointer) id, conversation);
    }
  self->loaded_at = g_get_monotonic_time ();
}

static void load_page (ChatroutesSearchProvider *self);

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(ChatroutesSearchProvider) self = data;
  g_autoptr(ChatroutesConversationPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *items;
  guint n_items;
  gint64 total;

  page = chatroutes_service_list_conversations_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (page == NULL)
    {
      /* Answer with what was known before, and try again next time. */
      g_debug ("Search provider: could not list the conversations: %s", error->message);
      g_clear_pointer (&self->loading, g_ptr_array_unref);
      answer_waiting (self);
      return;
    }

  items = chatroutes_conversation_page_get_conversations (page);
  n_items = g_list_model_get_n_items (items);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (self->loading, g_list_model_get_item (items, i));

  total = chatroutes_conversation_page_get_total (page);
  if (n_items == PAGE_SIZE && self->page < MAX_PAGES &&
      (total < 0 || (gint64) self->loading->len < total))
    {
      self->page++;
      load_page (self);
      return;
    }

  set_conversations (self, self->loading);
  g_clear_pointer (&self->loading, g_ptr_array_unref);
  answer_waiting (self);
}

static void
load_page (ChatroutesSearchProvider *self)
{
  chatroutes_service_list_conversations_async (get_service (self), self->page, PAGE_SIZE,
                                               CHATROUTES_CONVERSATION_FILTER_ALL,
                                               self->cancellable, list_cb, g_object_ref (self));
}

static void ensure_conversations (ChatroutesSearchProvider *self);

static void
on_ready (ChatroutesSearchProvider *self)
{
  if (!chatroutes_application_get_ready (CHATROUTES_APPLICATION (self->application)))
    return;
  g_clear_signal_handler (&self->ready_id, self->application);
  ensure_conversations (self);
}

/* Answers the waiting searches once the conversations are known. */
static void
ensure_conversations (ChatroutesSearchProvider *self)
{
  ChatroutesApplication *app = CHATROUTES_APPLICATION (self->application);

  if (self->loading != NULL)
    return;

  /* The key is still being read from the keyring. */
  if (!chatroutes_application_get_ready (app))
    {
      if (self->ready_id == 0)
        self->ready_id = g_signal_connect_object (app, "notify::ready", G_CALLBACK (on_ready),
                                                  self, G_CONNECT_SWAPPED);
      return;
    }

  if (!chatroutes_application_get_has_key (app))
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      set_conversations (self, none);
      self->loaded_at = 0;
      answer_waiting (self);
      return;
    }

  if (self->loaded_at != 0 &&
      g_get_monotonic_time () - self->loaded_at < CACHE_SECONDS * G_USEC_PER_SEC)
    {
      answer_waiting (self);
      return;
    }

  self->loading = g_ptr_array_new_with_free_func (g_object_unref);
  self->page = 1;
  load_page (self);
}

static void
queue_search (ChatroutesSearchProvider *self,
              GDBusMethodInvocation    *invocation,
              const char * const       *terms,
              const char * const       *previous)
{
  Search *search = g_new0 (Search, 1);

  search->invocation = g_object_ref (invocation);
  search->terms = g_strdupv ((char **) terms);
  search->previous = previous ? g_strdupv ((char **) previous) : NULL;

  /* The shell may have started the application for this search alone:
   * keep it running until the answer is sent. */
  g_application_hold (self->application);
  g_queue_push_tail (&self->waiting, search);
  ensure_conversations (self);
}

static gboolean
handle_get_initial_result_set (ChatroutesShellSearchProvider2 *skeleton,
                               GDBusMethodInvocation          *invocation,
                               const char * const             *terms,
                               ChatroutesSearchProvider       *self)
{
  queue_search (self, invocation, terms, NULL);
  return TRUE;
}

static gboolean
handle_get_subsearch_result_set (ChatroutesShellSearchProvider2 *skeleton,
                                 GDBusMethodInvocation          *invocation,
                                 const char * const             *previous,
                                 const char * const             *terms,
                                 ChatroutesSearchProvider       *self)
{
  queue_search (self, invocation, terms, previous);
  return TRUE;
}

static char *
describe (ChatroutesConversation *conversation)
{
  const char *updated = chatroutes_conversation_get_updated_at (conversation);
  const char *model = chatroutes_conversation_get_model (conversation);
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = NULL;

  if (updated != NULL)
    then = g_date_time_new_from_iso8601 (updated, NULL);
  if (then != NULL)
    when = chatroutes_format_relative_time (then, now);

  if (when != NULL && model != NULL && *model != '\0')
    /* The same line as in the sidebar: when it changed, then its model. */
    return g_strdup_printf (_("%s · %s"), when, model);
  if (when != NULL)
    return g_steal_pointer (&when);
  return g_strdup (model ? model : "");
}

static gboolean
handle_get_result_metas (ChatroutesShellSearchProvider2 *skeleton,
                         GDBusMethodInvocation          *invocation,
                         const char * const             *ids,
                         ChatroutesSearchProvider       *self)
{
  g_autoptr(GIcon) icon = g_themed_icon_new (APPLICATION_ID);
  g_autofree char *icon_name = g_icon_to_string (icon);
  GVariantBuilder metas;

  g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      ChatroutesConversation *conversation = g_hash_table_lookup (self->by_id, ids[i]);
      const char *title;
      g_autofree char *description = NULL;
      GVariantBuilder meta;

      if (conversation == NULL)
        continue;

      title = chatroutes_conversation_get_title (conversation);
      description = describe (conversation);
      g_variant_builder_init (&meta, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&meta, "{sv}", "id", g_variant_new_string (ids[i]));
      g_variant_builder_add (&meta, "{sv}", "name",
                             g_variant_new_string (title && *title ? title : _("Untitled Conversation")));
      g_variant_builder_add (&meta, "{sv}", "description", g_variant_new_string (description));
      g_variant_builder_add (&meta, "{sv}", "gicon", g_variant_new_string (icon_name));
      g_variant_builder_add_value (&metas, g_variant_builder_end (&meta));
    }

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(aa{sv})", &metas));
  return TRUE;
}

static gboolean
handle_activate_result (ChatroutesShellSearchProvider2 *skeleton,
                        GDBusMethodInvocation          *invocation,
                        const char                     *id,
                        const char * const             *terms,
                        guint                           timestamp,
                        ChatroutesSearchProvider       *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self->application), "open-conversation",
                                  g_variant_new_string (id));
  chatroutes_shell_search_provider2_complete_activate_result (skeleton, invocation);
  return TRUE;
}

static gboolean
apply_pending_search (gpointer data)
{
  ChatroutesSearchProvider *self = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self->application));

  if (CHATROUTES_IS_WINDOW (window) && self->pending_search != NULL)
    chatroutes_window_search (CHATROUTES_WINDOW (window), self->pending_search);
  g_clear_pointer (&self->pending_search, g_free);
  return G_SOURCE_REMOVE;
}

static void
on_ready_for_search (ChatroutesSearchProvider *self)
{
  if (!chatroutes_application_get_ready (CHATROUTES_APPLICATION (self->application)))
    return;
  g_signal_handlers_disconnect_by_func (self->application, on_ready_for_search, self);
  /* After the window has built its conversations for the new state. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_pending_search, g_object_ref (self), g_object_unref);
}

static gboolean
handle_launch_search (ChatroutesShellSearchProvider2 *skeleton,
                      GDBusMethodInvocation          *invocation,
                      const char * const             *terms,
                      guint                           timestamp,
                      ChatroutesSearchProvider       *self)
{
  g_autofree char *text = g_strjoinv (" ", (char **) terms);
  GtkWindow *window;

  g_application_activate (self->application);
  window = gtk_application_get_active_window (GTK_APPLICATION (self->application));

  if (!CHATROUTES_IS_WINDOW (window) || !chatroutes_window_search (CHATROUTES_WINDOW (window), text))
    {
      /* Just started: the conversations show once the key is read. */
      g_set_str (&self->pending_search, text);
      if (!chatroutes_application_get_ready (CHATROUTES_APPLICATION (self->application)))
        g_signal_connect_object (self->application, "notify::ready",
                                 G_CALLBACK (on_ready_for_search), self, G_CONNECT_SWAPPED);
      else
        g_clear_pointer (&self->pending_search, g_free);
    }

  chatroutes_shell_search_provider2_complete_launch_search (skeleton, invocation);
  return TRUE;
}

ChatroutesSearchProvider *
chatroutes_search_provider_new (GApplication *application)
{
  ChatroutesSearchProvider *self;

  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (application), NULL);

  self = g_object_new (CHATROUTES_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;
  return self;
}

gboolean
chatroutes_search_provider_export (ChatroutesSearchProvider  *self,
                                   GDBusConnection           *connection,
                                   const char                *object_path,
                                   GError                   **error)
{
  g_return_val_if_fail (CHATROUTES_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (object_path != NULL, FALSE);

  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton),
                                           connection, object_path, error);
}

void
chatroutes_search_provider_unexport (ChatroutesSearchProvider *self)
{
  g_return_if_fail (CHATROUTES_IS_SEARCH_PROVIDER (self));

  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
}

static void
chatroutes_search_provider_dispose (GObject *object)
{
  ChatroutesSearchProvider *self = CHATROUTES_SEARCH_PROVIDER (object);
  Search *search;

  g_cancellable_cancel (self->cancellable);
  if (self->ready_id != 0 && self->application != NULL)
    g_clear_signal_handler (&self->ready_id, self->application);
  while ((search = g_queue_pop_head (&self->waiting)) != NULL)
    {
      g_dbus_method_invocation_return_error_literal (search->invocation, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "The application is quitting");
      search_free (search);
      g_application_release (self->application);
    }
  if (self->skeleton != NULL)
    g_signal_handlers_disconnect_by_data (self->skeleton, self);
  g_clear_object (&self->skeleton);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->loading, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->conversations, g_ptr_array_unref);
  g_clear_pointer (&self->pending_search, g_free);

  G_OBJECT_CLASS (chatroutes_search_provider_parent_class)->dispose (object);
}

static void
chatroutes_search_provider_class_init (ChatroutesSearchProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = chatroutes_search_provider_dispose;
}

static void
chatroutes_search_provider_init (ChatroutesSearchProvider *self)
{
  self->cancellable = g_cancellable_new ();
  self->conversations = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->waiting);

  self->skeleton = chatroutes_shell_search_provider2_skeleton_new ();
  g_signal_connect (self->skeleton, "handle-get-initial-result-set",
                    G_CALLBACK (handle_get_initial_result_set), self);
  g_signal_connect (self->skeleton, "handle-get-subsearch-result-set",
                    G_CALLBACK (handle_get_subsearch_result_set), self);
  g_signal_connect (self->skeleton, "handle-get-result-metas",
                    G_CALLBACK (handle_get_result_metas), self);
  g_signal_connect (self->skeleton, "handle-activate-result",
                    G_CALLBACK (handle_activate_result), self);
  g_signal_connect (self->skeleton, "handle-launch-search",
                    G_CALLBACK (handle_launch_search), self);
}
