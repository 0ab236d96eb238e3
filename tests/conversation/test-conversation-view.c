/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <glib/gstdio.h>

#include "chatroutes-composer.h"
#include "chatroutes-conversation-view.h"
#include "chatroutes-message-row.h"
#include "test-util.h"
#include "ui-util.h"

typedef struct
{
  TestSimulator *sim;
  ChatroutesService *service;
  ChatroutesConversation *conversation;
  GtkWidget *window;
  ChatroutesConversationView *page;
  GError *problem;
} Fixture;

static void
on_problem (ChatroutesConversationView *page,
            const GError               *error,
            Fixture                    *f)
{
  g_clear_error (&f->problem);
  f->problem = g_error_copy (error);
}

static ChatroutesConversation *
create_conversation (ChatroutesService *service,
                     const char        *title)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  ChatroutesConversation *conversation;

  chatroutes_service_create_conversation_async (service, title, NULL, NULL, test_store_result, &result);
  result = test_wait_result (&result);
  conversation = chatroutes_service_create_conversation_finish (service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return conversation;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *pace = data ? data : "5";

  if (g_strcmp0 (data, "long") == 0)
    f->sim = test_simulator_start ("--pace-ms", "0", "--seed-conversations", "1", "--seed-messages", "300", NULL);
  else
    f->sim = test_simulator_start ("--pace-ms", pace, NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_delay (f->service, 0.01);
  f->conversation = create_conversation (f->service, "Lisbon trip");

  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 760);
  f->page = chatroutes_conversation_view_new (f->service);
  g_signal_connect (f->page, "problem", G_CALLBACK (on_problem), f);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  chatroutes_conversation_view_set_conversation (f->page, f->conversation, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ui_run_for (50);
  g_clear_object (&f->conversation);
  g_clear_error (&f->problem);
  g_assert_finalize_object (f->service);
  test_simulator_stop (f->sim);
}

static guint
n_messages (Fixture *f)
{
  GListModel *messages = chatroutes_conversation_view_get_messages (f->page);
  return messages ? g_list_model_get_n_items (messages) : 0;
}

static ChatroutesMessage *
message_at (Fixture *f,
            guint    position)
{
  return g_list_model_get_item (chatroutes_conversation_view_get_messages (f->page), position);
}

static gboolean
no_active_stream (gpointer data)
{
  Fixture *f = data;
  return g_list_model_get_n_items (chatroutes_service_get_active_streams (f->service)) == 0;
}

static gboolean
path_loaded (gpointer data)
{
  Fixture *f = data;
  GListModel *messages = chatroutes_conversation_view_get_messages (f->page);
  gboolean loading = TRUE;

  if (messages)
    g_object_get (messages, "loading", &loading, NULL);
  return !loading;
}

static ChatroutesStream *
first_active_stream (Fixture *f)
{
  GListModel *active = chatroutes_service_get_active_streams (f->service);

  if (g_list_model_get_n_items (active) == 0)
    return NULL;
  return g_list_model_get_item (active, 0);
}

static gboolean
has_some_text (gpointer data)
{
  Fixture *f = data;
  g_autoptr(ChatroutesStream) stream = first_active_stream (f);

  return stream == NULL || chatroutes_stream_get_content_length (stream) > 40;
}

static void
test_send_streamed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ChatroutesMessage) user = NULL;
  g_autoptr(ChatroutesMessage) reply = NULL;
  g_autofree char *left = NULL;

  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  g_assert_cmpuint (n_messages (f), ==, 0);

  chatroutes_composer_set_text (CHATROUTES_COMPOSER (chatroutes_conversation_view_get_composer (f->page)),
                                "Plan two days in Lisbon");
  gtk_widget_activate_action (chatroutes_conversation_view_get_composer (f->page), "composer.send", NULL);

  /* The question shows at once, the reply as it comes; Send is Stop. */
  g_assert_cmpuint (n_messages (f), ==, 2);
  g_assert_true (chatroutes_composer_get_busy (CHATROUTES_COMPOSER (chatroutes_conversation_view_get_composer (f->page))));
  left = chatroutes_composer_dup_text (CHATROUTES_COMPOSER (chatroutes_conversation_view_get_composer (f->page)));
  g_assert_cmpstr (left, ==, "");

  g_assert_true (ui_wait_until (has_some_text, f, 10000));
  g_assert_true (ui_wait_until (no_active_stream, f, 20000));
  ui_run_for (100);

  g_assert_cmpuint (n_messages (f), ==, 2);
  user = message_at (f, 0);
  reply = message_at (f, 1);
  g_assert_cmpstr (chatroutes_message_get_content (user), ==, "Plan two days in Lisbon");
  g_assert_cmpstr (chatroutes_message_get_role (reply), ==, "assistant");
  /* The finished message from the service replaced the stand-in. */
  g_assert_nonnull (chatroutes_message_get_id (reply));
  g_assert_nonnull (strstr (chatroutes_message_get_content (reply), "```"));
  g_assert_false (chatroutes_composer_get_busy (CHATROUTES_COMPOSER (chatroutes_conversation_view_get_composer (f->page))));
  g_assert_true (chatroutes_conversation_view_get_following (f->page));

  g_free (ui_save_screenshot (f->window, "conversation-reply-900"));
  ui_set_dark (TRUE);
  g_free (ui_save_screenshot (f->window, "conversation-reply-900"));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  ui_run_for (200);
  g_free (ui_save_screenshot (f->window, "conversation-reply-360"));
  ui_set_dark (FALSE);
  g_free (ui_save_screenshot (f->window, "conversation-reply-360"));
}

static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(ChatroutesStream) stream = NULL;
  g_autoptr(ChatroutesMessage) reply = NULL;

  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  chatroutes_conversation_view_send (f->page, "Write a long answer");
  stream = first_active_stream (f);
  g_assert_nonnull (stream);
  g_assert_true (ui_wait_until (has_some_text, f, 10000));

  gtk_widget_activate_action (chatroutes_conversation_view_get_composer (f->page), "composer.stop", NULL);
  g_assert_true (ui_wait_until (no_active_stream, f, 5000));
  g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_CANCELLED);

  /* What arrived stays on the page. */
  g_assert_cmpuint (n_messages (f), ==, 2);
  reply = message_at (f, 1);
  g_assert_true (g_object_get_data (G_OBJECT (reply), "chatroutes-stream") == stream);
  g_assert_cmpuint (chatroutes_stream_get_content_length (stream), >, 40);
  g_free (ui_save_screenshot (f->window, "conversation-stopped"));
}

static void
test_switch_away_and_back (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) other = create_conversation (f->service, "Other");
  g_autoptr(ChatroutesStream) stream = NULL;

  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  chatroutes_conversation_view_send (f->page, "Keep going while I look elsewhere");
  stream = first_active_stream (f);
  g_assert_true (ui_wait_until (has_some_text, f, 10000));

  /* Away: the reply goes on. */
  chatroutes_conversation_view_set_conversation (f->page, other, NULL);
  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  g_assert_cmpuint (n_messages (f), ==, 0);
  g_assert_false (chatroutes_stream_is_finished (stream));

  /* Back: the reply shows, still running, then finishes in place. */
  chatroutes_conversation_view_set_conversation (f->page, f->conversation, NULL);
  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  g_assert_cmpuint (n_messages (f), ==, 2);
  g_assert_true (ui_wait_until (no_active_stream, f, 20000));
  ui_run_for (100);
  {
    g_autoptr(ChatroutesMessage) reply = message_at (f, 1);
    g_assert_cmpint (chatroutes_stream_get_state (stream), ==, CHATROUTES_STREAM_STATE_COMPLETED);
    g_assert_nonnull (chatroutes_message_get_id (reply));
  }
}

static void
test_cut_and_retry (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ChatroutesStream) stream = NULL;
  g_autoptr(ChatroutesStream) again = NULL;
  g_autoptr(ChatroutesMessage) reply = NULL;

  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  test_simulator_fault (f->sim, "POST", "/conversations", "cut-after=5", 1);
  chatroutes_conversation_view_send (f->page, "This will break");
  stream = first_active_stream (f);
  g_assert_true (ui_wait_until (no_active_stream, f, 10000));
  g_assert_error ((GError *) chatroutes_stream_get_error (stream), CHATROUTES_ERROR, CHATROUTES_ERROR_INTERRUPTED);

  /* The partial text stays, marked, with Retry. */
  g_assert_cmpuint (n_messages (f), ==, 2);
  reply = message_at (f, 1);
  g_assert_cmpuint (chatroutes_stream_get_content_length (stream), >, 0);
  g_free (ui_save_screenshot (f->window, "conversation-interrupted"));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.retry-message", "s", "");
  again = first_active_stream (f);
  g_assert_nonnull (again);
  g_assert_true (again != stream);
  g_assert_true (ui_wait_until (no_active_stream, f, 20000));
  g_assert_cmpint (chatroutes_stream_get_state (again), ==, CHATROUTES_STREAM_STATE_COMPLETED);
  g_assert_cmpuint (n_messages (f), ==, 2);
}

static gboolean
two_messages (gpointer data)
{
  return n_messages (data) == 2;
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  ChatroutesComposer *composer = CHATROUTES_COMPOSER (chatroutes_conversation_view_get_composer (f->page));
  g_autofree char *text = NULL;

  g_assert_true (ui_wait_until (path_loaded, f, 5000));

  /* Validation: shown at the composer, the words kept, nothing added. */
  chatroutes_composer_set_model (composer, "gpt-5");
  test_simulator_fault (f->sim, "POST", "/conversations", "status=400", 1);
  chatroutes_conversation_view_send (f->page, "Rejected words");
  g_assert_true (ui_wait_until (no_active_stream, f, 5000));
  ui_run_for (50);
  g_assert_cmpuint (n_messages (f), ==, 0);
  text = chatroutes_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Rejected words");
  g_free (ui_save_screenshot (f->window, "conversation-validation"));
  chatroutes_composer_clear (composer);

  /* A bad key is a problem for the window (a banner). */
  test_simulator_fault (f->sim, "POST", "/conversations", "status=401", 1);
  chatroutes_conversation_view_send (f->page, "Who am I");
  g_assert_true (ui_wait_until (no_active_stream, f, 5000));
  ui_run_for (50);
  g_assert_error (f->problem, CHATROUTES_ERROR, CHATROUTES_ERROR_AUTHENTICATION);
  g_clear_pointer (&text, g_free);
  text = chatroutes_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Who am I");
  chatroutes_composer_clear (composer);

  /* Rate limited: the message goes once the wait is over. */
  test_simulator_fault (f->sim, "POST", "/conversations", "status=429,retry-after=1", 1);
  chatroutes_conversation_view_send (f->page, "Patience");
  g_assert_true (ui_wait_until (no_active_stream, f, 5000));
  ui_run_for (50);
  g_assert_cmpuint (n_messages (f), ==, 0);
  g_free (ui_save_screenshot (f->window, "conversation-rate-limited"));
  /* Not before the wait is over, then by itself. */
  {
    gint64 start = g_get_monotonic_time ();
    g_assert_true (ui_wait_until (two_messages, f, 5000));
    g_assert_cmpint (g_get_monotonic_time () - start, >, 500 * 1000);
  }
  g_assert_true (ui_wait_until (no_active_stream, f, 20000));
}

static void
test_switch_plain (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) other = create_conversation (f->service, "Other");

  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  if (g_getenv ("EXP_SEND"))
    {
      chatroutes_conversation_view_send (f->page, "Hello");
      if (g_getenv ("EXP_WAIT"))
        g_assert_true (ui_wait_until (no_active_stream, f, 20000));
      else
        ui_run_for (300);
    }
  chatroutes_conversation_view_set_conversation (f->page, other, NULL);
  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  ui_run_for (200);
  chatroutes_conversation_view_set_conversation (f->page, f->conversation, NULL);
  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  ui_run_for (200);
}

static void
test_drafts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) other = create_conversation (f->service, "Other");
  ChatroutesComposer *composer = CHATROUTES_COMPOSER (chatroutes_conversation_view_get_composer (f->page));
  g_autofree char *dir = g_dir_make_tmp ("chatroutes-drafts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "drafts.json", NULL);
  g_autoptr(ChatroutesDraftStore) drafts = chatroutes_draft_store_new (path);
  g_autoptr(ChatroutesDraftStore) reopened = NULL;
  g_autofree char *text = NULL;

  chatroutes_conversation_view_set_draft_store (f->page, drafts);
  chatroutes_conversation_view_set_conversation (f->page, f->conversation, NULL);
  chatroutes_composer_set_text (composer, "Half a thought about Lisbon");

  /* Elsewhere the composer is empty; back here the words are there. */
  chatroutes_conversation_view_set_conversation (f->page, other, NULL);
  text = chatroutes_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  chatroutes_conversation_view_set_conversation (f->page, f->conversation, NULL);
  text = chatroutes_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Half a thought about Lisbon");

  /* And after a restart. */
  g_assert_true (chatroutes_draft_store_flush (drafts, NULL));
  reopened = chatroutes_draft_store_new (path);
  g_assert_true (chatroutes_draft_store_load (reopened, NULL));
  g_assert_cmpstr (chatroutes_draft_store_get (reopened, chatroutes_conversation_get_id (f->conversation), NULL),
                   ==, "Half a thought about Lisbon");

  /* Sending clears it. */
  g_assert_true (ui_wait_until (path_loaded, f, 5000));
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_null (chatroutes_draft_store_get (drafts, chatroutes_conversation_get_id (f->conversation), NULL));
  g_assert_true (ui_wait_until (no_active_stream, f, 20000));
  chatroutes_conversation_view_set_draft_store (f->page, NULL);
  g_remove (path);
  g_rmdir (dir);
}

static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      if (GTK_IS_SCROLLED_WINDOW (child) && gtk_widget_get_mapped (child))
        return GTK_SCROLLED_WINDOW (child);
      if ((found = find_scroller (child)))
        return found;
    }
  return NULL;
}

static gboolean
scrolled_to_end (gpointer data)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (data);
  return gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 4;
}

/* A long conversation opens at its newest message; reading back stops
 * the following, and "Jump to Latest" returns. */
static void
test_long_conversation (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) longest = NULL;
  g_autoptr(ChatroutesConversationPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GtkScrolledWindow *scroller;

  chatroutes_service_list_conversations_async (f->service, 1, 5, CHATROUTES_CONVERSATION_FILTER_ALL,
                                               NULL, test_store_result, &result);
  result = test_wait_result (&result);
  page = chatroutes_service_list_conversations_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  /* The seeded conversation with the messages is the newest after ours. */
  for (guint i = 0; i < g_list_model_get_n_items (chatroutes_conversation_page_get_conversations (page)); i++)
    {
      g_autoptr(ChatroutesConversation) c = g_list_model_get_item (chatroutes_conversation_page_get_conversations (page), i);
      if (g_strcmp0 (chatroutes_conversation_get_id (c), chatroutes_conversation_get_id (f->conversation)) != 0)
        {
          longest = g_steal_pointer (&c);
          break;
        }
    }
  g_assert_nonnull (longest);

  chatroutes_conversation_view_set_conversation (f->page, longest, NULL);
  g_assert_true (ui_wait_until (path_loaded, f, 10000));
  g_assert_cmpuint (n_messages (f), ==, 300);
  ui_run_for (300);
  scroller = find_scroller (GTK_WIDGET (f->page));
  g_assert_nonnull (scroller);
  g_assert_true (ui_wait_until (scrolled_to_end, scroller, 5000));
  g_assert_true (chatroutes_conversation_view_get_following (f->page));

  /* Reading back, as with Page Up, a few pages. */
  for (guint i = 0; i < 3; i++)
    {
      gboolean handled = FALSE;
      g_signal_emit_by_name (scroller, "scroll-child", GTK_SCROLL_PAGE_BACKWARD, FALSE, &handled);
      ui_run_for (50);
    }
  ui_run_for (200);
  g_assert_false (chatroutes_conversation_view_get_following (f->page));
  g_assert_false (scrolled_to_end (scroller));
  g_free (ui_save_screenshot (f->window, "conversation-long-reading-back"));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.jump-to-latest", NULL);
  g_assert_true (ui_wait_until (scrolled_to_end, scroller, 5000));
  g_assert_true (chatroutes_conversation_view_get_following (f->page));
}

static void
test_server_error_and_offline (Fixture       *f,
                               gconstpointer  data)
{
  ChatroutesComposer *composer = CHATROUTES_COMPOSER (chatroutes_conversation_view_get_composer (f->page));
  g_autofree char *text = NULL;

  g_assert_true (ui_wait_until (path_loaded, f, 5000));

  /* A server error: a toast with Retry, the words kept; Retry sends. */
  test_simulator_fault (f->sim, "POST", "/conversations", "status=500", 1);
  chatroutes_conversation_view_send (f->page, "Try me");
  g_assert_true (ui_wait_until (no_active_stream, f, 5000));
  ui_run_for (50);
  g_assert_cmpuint (n_messages (f), ==, 0);
  text = chatroutes_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Try me");
  g_free (ui_save_screenshot (f->window, "conversation-server-error"));
  chatroutes_composer_clear (composer);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "conversation.send-again", NULL);
  g_assert_cmpuint (n_messages (f), ==, 2);
  g_assert_true (ui_wait_until (no_active_stream, f, 20000));

  /* No connection: a problem for the window's banner, the words kept. */
  test_simulator_fault (f->sim, "POST", "/conversations", "drop", 1);
  chatroutes_conversation_view_send (f->page, "Anyone there?");
  g_assert_true (ui_wait_until (no_active_stream, f, 5000));
  ui_run_for (50);
  g_assert_error (f->problem, CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK);
  g_clear_pointer (&text, g_free);
  text = chatroutes_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Anyone there?");
}

static void
test_details (void)
{
  g_autoptr(ChatroutesMessage) message = chatroutes_message_new ();
  g_autofree char *none = NULL;
  g_autofree char *details = NULL;

  chatroutes_message_set_role (message, "assistant");
  chatroutes_message_set_model (message, "gpt-5");
  none = chatroutes_message_format_details (message);
  g_assert_null (none);

  chatroutes_message_set_token_count (message, 42);
  chatroutes_message_set_response_time (message, 2100);
  chatroutes_message_set_cost (message, 0.0025);
  chatroutes_message_set_checkpoint_used (message, TRUE);
  details = chatroutes_message_format_details (message);
  g_assert_cmpstr (details, ==, "42 tokens · 2.1 s · $0.0025 · used a checkpoint");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ui_test_init ();

  g_test_add ("/conversation/send-streamed", Fixture, NULL, fixture_set_up, test_send_streamed, fixture_tear_down);
  g_test_add ("/conversation/switch-plain", Fixture, NULL, fixture_set_up, test_switch_plain, fixture_tear_down);
  g_test_add_func ("/conversation/details", test_details);
  g_test_add ("/conversation/long", Fixture, "long", fixture_set_up, test_long_conversation, fixture_tear_down);
  g_test_add ("/conversation/server-error-and-offline", Fixture, NULL, fixture_set_up, test_server_error_and_offline, fixture_tear_down);
  g_test_add ("/conversation/drafts", Fixture, NULL, fixture_set_up, test_drafts, fixture_tear_down);
  g_test_add ("/conversation/stop", Fixture, "40", fixture_set_up, test_stop, fixture_tear_down);
  g_test_add ("/conversation/switch-away-and-back", Fixture, "20", fixture_set_up, test_switch_away_and_back, fixture_tear_down);
  g_test_add ("/conversation/cut-and-retry", Fixture, NULL, fixture_set_up, test_cut_and_retry, fixture_tear_down);
  g_test_add ("/conversation/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);

  return g_test_run ();
}
