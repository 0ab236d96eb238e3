/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-conversation"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-composer.h"
#include "chatroutes-conversation-resources.h"
#include "chatroutes-conversation-view-private.h"
#include "chatroutes-message-row.h"
#include "chatroutes-tail-model.h"

/* Older messages brought in when a reader reaches the top. */
#define OLDER_STEP 16

G_DEFINE_FINAL_TYPE (ChatroutesConversationView, chatroutes_conversation_view, ADW_TYPE_BIN)

enum {
  PROBLEM,
  BRANCH_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Read-only: what the page shows, for those that follow it (the branch
 * panel). */
enum {
  PROP_0,
  PROP_CONVERSATION,
  PROP_BRANCH_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void send_text (ChatroutesConversationView *self,
                       const char                 *text);

/* Toasts */

static void
add_toast (ChatroutesConversationView *self,
           AdwToast                   *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL || overlay == GTK_WIDGET (self->local_toasts))
    overlay = GTK_WIDGET (self->local_toasts);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
on_send_again_clicked (ChatroutesConversationView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "conversation.send-again", NULL);
}

/* Following the newest message */

static gboolean
at_bottom (ChatroutesConversationView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  return gtk_adjustment_get_value (adj) >=
         gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 4;
}

static void
set_following (ChatroutesConversationView *self,
               gboolean                    following)
{
  self->following = following;
  gtk_widget_set_visible (self->jump_button, !following);

  /* While a person reads back, older messages still being brought in
   * would move what they read: they wait, and come a screenful at a time
   * as the reader reaches the top (see on_value_changed ()). */
  chatroutes_tail_model_set_paused (self->tail, !following);
}

/* While following, go back to the end whenever the list grows: a reply
 * that grows changes the list's height after the position was set. This
 * runs from an idle, after the list has finished laying out its rows. */
static gboolean
follow_idle_cb (gpointer data)
{
  ChatroutesConversationView *self = data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double bottom;

  self->follow_tick = 0;
  if (!self->following)
    return G_SOURCE_REMOVE;

  bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  if (gtk_adjustment_get_value (adj) < bottom)
    gtk_adjustment_set_value (adj, bottom);
  return G_SOURCE_REMOVE;
}

static void
on_adjustment_changed (GtkAdjustment              *adj,
                       ChatroutesConversationView *self)
{

  if (self->following && self->follow_tick == 0)
    self->follow_tick = g_idle_add_full (G_PRIORITY_LOW, follow_idle_cb, self, NULL);
}

static gboolean
on_scroll (GtkEventControllerScroll   *controller,
           double                      dx,
           double                      dy,
           ChatroutesConversationView *self)
{
  /* Only a person scrolling up stops the following; the list moving its
   * own position does not. */
  if (dy < 0)
    set_following (self, FALSE);
  return FALSE;
}

/* Keys (Page Up, Home, arrows) scroll through the window's bindings. */
static gboolean
on_scroll_child (GtkScrolledWindow          *scroller,
                 GtkScrollType               scroll,
                 gboolean                    horizontal,
                 ChatroutesConversationView *self)
{
  switch (scroll)
    {
    case GTK_SCROLL_STEP_BACKWARD:
    case GTK_SCROLL_STEP_UP:
    case GTK_SCROLL_PAGE_BACKWARD:
    case GTK_SCROLL_PAGE_UP:
    case GTK_SCROLL_START:
      if (!horizontal)
        set_following (self, FALSE);
      break;
    case GTK_SCROLL_NONE:
    case GTK_SCROLL_JUMP:
    case GTK_SCROLL_STEP_FORWARD:
    case GTK_SCROLL_PAGE_FORWARD:
    case GTK_SCROLL_STEP_DOWN:
    case GTK_SCROLL_PAGE_DOWN:
    case GTK_SCROLL_STEP_LEFT:
    case GTK_SCROLL_STEP_RIGHT:
    case GTK_SCROLL_PAGE_LEFT:
    case GTK_SCROLL_PAGE_RIGHT:
    case GTK_SCROLL_END:
    default:
      break;
    }
  return FALSE;
}

/* Grabbing the scroll bar is reading back too. */
static void
on_scrollbar_pressed (GtkGestureClick            *gesture,
                      int                         n_press,
                      double                      x,
                      double                      y,
                      ChatroutesConversationView *self)
{
  set_following (self, FALSE);
}

static void
on_drag_begin (GtkGestureDrag             *gesture,
               double                      x,
               double                      y,
               ChatroutesConversationView *self)
{
  set_following (self, FALSE);
}

static gboolean
show_older_cb (gpointer data)
{
  ChatroutesConversationView *self = data;

  self->older_id = 0;
  chatroutes_tail_model_show_more (self->tail, OLDER_STEP);
  return G_SOURCE_REMOVE;
}

static void
on_value_changed (GtkAdjustment              *adj,
                  ChatroutesConversationView *self)
{
  if (!self->following && at_bottom (self))
    set_following (self, TRUE);
  else if (!self->following && chatroutes_tail_model_get_held (self->tail) > 0 && self->older_id == 0 &&
           gtk_adjustment_get_value (adj) < gtk_adjustment_get_page_size (adj))
    /* Not while the list lays itself out, which may be what moved it. */
    self->older_id = g_idle_add_full (G_PRIORITY_LOW, show_older_cb, self, NULL);
}

static void
jump_to_latest (ChatroutesConversationView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  set_following (self, TRUE);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  on_adjustment_changed (adj, self);
}

/* The list */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  gtk_list_item_set_child (item, chatroutes_message_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_focusable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  data)
{
  ChatroutesMessage *message = gtk_list_item_get_item (item);
  ChatroutesStream *stream = g_object_get_data (G_OBJECT (message), STREAM_KEY);

  chatroutes_message_row_bind (CHATROUTES_MESSAGE_ROW (gtk_list_item_get_child (item)), message, stream);
  _chatroutes_conversation_view_row_bound (data, item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  chatroutes_message_row_unbind (CHATROUTES_MESSAGE_ROW (gtk_list_item_get_child (item)));
  _chatroutes_conversation_view_row_unbound (data, item);
}

/* Whether the list shows the current path: while another branch of the
 * same conversation loads, it still shows the previous one. */
gboolean
_chatroutes_conversation_view_showing_path (ChatroutesConversationView *self)
{
  return self->path != NULL && chatroutes_tail_model_get_model (self->tail) == G_LIST_MODEL (self->path);
}

static void
update_stack (ChatroutesConversationView *self)
{
  const GError *error;

  gtk_widget_set_visible (self->composer_bar, self->path != NULL);
  if (self->path == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  if (!_chatroutes_conversation_view_showing_path (self))
    return;

  error = chatroutes_message_path_get_error (self->path);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->path)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "messages");
  else if (chatroutes_message_path_get_loading (self->path))
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (error)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
report_problem (ChatroutesConversationView *self,
                const GError               *error)
{
  if (error->domain == CHATROUTES_ERROR &&
      (error->code == CHATROUTES_ERROR_AUTHENTICATION || error->code == CHATROUTES_ERROR_NETWORK))
    g_signal_emit (self, signals[PROBLEM], 0, error);
}

static void
on_path_changed (ChatroutesConversationView *self)
{
  const GError *error = self->path ? chatroutes_message_path_get_error (self->path) : NULL;

  update_stack (self);
  if (error)
    report_problem (self, error);
  _chatroutes_conversation_view_path_changed (self);
}

/* Replies */

static ChatroutesStream *
active_stream (ChatroutesConversationView *self)
{
  if (self->conversation == NULL)
    return NULL;
  return chatroutes_service_find_active_stream (self->service,
                                                chatroutes_conversation_get_id (self->conversation),
                                                self->branch_id);
}

static void
update_busy (ChatroutesConversationView *self)
{
  chatroutes_composer_set_busy (CHATROUTES_COMPOSER (self->composer), active_stream (self) != NULL);
}

static ChatroutesMessage *
local_message (ChatroutesConversationView *self,
               const char                 *role,
               const char                 *content,
               const char                 *model)
{
  ChatroutesMessage *message = chatroutes_message_new ();

  chatroutes_message_set_role (message, role);
  chatroutes_message_set_content (message, content);
  chatroutes_message_set_model (message, model);
  chatroutes_message_set_conversation_id (message, chatroutes_conversation_get_id (self->conversation));
  chatroutes_message_set_branch_id (message, self->branch_id);
  return message;
}

/* Sends what waited, unless the person already sent or changed it. */
static gboolean
send_pending_cb (gpointer data)
{
  ChatroutesConversationView *self = data;
  g_autofree char *text = g_steal_pointer (&self->pending_text);
  g_autofree char *current = NULL;

  self->pending_id = 0;
  current = chatroutes_composer_dup_text (CHATROUTES_COMPOSER (self->composer));
  if (text != NULL && g_strcmp0 (current, text) == 0)
    send_text (self, text);
  return G_SOURCE_REMOVE;
}

/* Shows a failure that happened before any reply text, where it belongs. */
static void
show_send_error (ChatroutesConversationView *self,
                 const GError               *error,
                 const char                 *text)
{
  g_autoptr(AdwToast) toast = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* What was typed goes back where it was, unless something new is there. */
  {
    g_autofree char *current = chatroutes_composer_dup_text (CHATROUTES_COMPOSER (self->composer));
    if (current == NULL || *g_strstrip (current) == '\0')
      chatroutes_composer_set_text (CHATROUTES_COMPOSER (self->composer), text);
  }

  if (error->domain != CHATROUTES_ERROR)
    {
      toast = adw_toast_new (error->message);
      add_toast (self, g_steal_pointer (&toast));
      return;
    }

  switch ((ChatroutesError) error->code)
    {
    case CHATROUTES_ERROR_VALIDATION:
      chatroutes_composer_show_error (CHATROUTES_COMPOSER (self->composer), error->message);
      break;

    case CHATROUTES_ERROR_RATE_LIMITED:
      {
        double wait = chatroutes_error_get_retry_after (error);
        guint seconds = wait > 0 ? (guint) (wait + 0.999) : 10;
        g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Too many requests: sending again in %u second",
                                                               "Too many requests: sending again in %u seconds",
                                                               seconds), seconds);

        toast = adw_toast_new (title);
        adw_toast_set_timeout (toast, MIN (seconds, 10));
        add_toast (self, g_steal_pointer (&toast));
        g_free (self->pending_text);
        self->pending_text = g_strdup (text);
        g_clear_handle_id (&self->pending_id, g_source_remove);
        self->pending_id = g_timeout_add (seconds * 1000, send_pending_cb, self);
      }
      break;

    case CHATROUTES_ERROR_AUTHENTICATION:
    case CHATROUTES_ERROR_NETWORK:
      report_problem (self, error);
      break;

    case CHATROUTES_ERROR_SERVER:
    case CHATROUTES_ERROR_FAILED:
    case CHATROUTES_ERROR_NOT_FOUND:
    case CHATROUTES_ERROR_PROTOCOL:
    case CHATROUTES_ERROR_INSECURE:
    case CHATROUTES_ERROR_INTERRUPTED:
    default:
      toast = adw_toast_new (error->message);
      adw_toast_set_button_label (toast, _("_Retry"));
      /* The window shows the toast, outside the view, where the view's
       * actions are not found: the button calls back instead. */
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_send_again_clicked),
                               self, G_CONNECT_SWAPPED);
      add_toast (self, g_steal_pointer (&toast));
      g_free (self->pending_text);
      self->pending_text = g_strdup (text);
      break;
    }
}

/* Rows that go away must not hold the keyboard focus: the list would keep
 * looking at a widget it already freed. The composer takes it instead. */
static void
move_focus_out_of_list (ChatroutesConversationView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list)))
    chatroutes_composer_focus (CHATROUTES_COMPOSER (self->composer));
}

static void
replace_message (ChatroutesConversationView *self,
                 ChatroutesMessage          *old,
                 ChatroutesMessage          *replacement)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->path));

  move_focus_out_of_list (self);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(ChatroutesMessage) item = g_list_model_get_item (G_LIST_MODEL (self->path), i - 1);

      if (item == old)
        {
          if (replacement)
            chatroutes_message_path_replace (self->path, i - 1, replacement);
          else
            chatroutes_message_path_remove (self->path, i - 1);
          return;
        }
    }
}

typedef struct
{
  ChatroutesConversationView *self;  /* weak: the page may be gone */
  ChatroutesMessagePath *path;       /* the path the messages were added to */
  ChatroutesMessage *user;
  ChatroutesMessage *reply;
  char *text;
} Sending;

static void
sending_free (Sending *sending)
{
  g_clear_weak_pointer (&sending->self);
  g_clear_object (&sending->path);
  g_clear_object (&sending->user);
  g_clear_object (&sending->reply);
  g_free (sending->text);
  g_free (sending);
}

static Sending *
sending_new (ChatroutesConversationView *self,
             ChatroutesMessage          *user,
             ChatroutesMessage          *reply,
             const char                 *text)
{
  Sending *sending = g_new0 (Sending, 1);

  g_set_weak_pointer (&sending->self, self);
  sending->path = g_object_ref (self->path);
  sending->user = g_object_ref (user);
  sending->reply = reply ? g_object_ref (reply) : NULL;
  sending->text = g_strdup (text);
  return sending;
}

/* Whether the page still shows the path a send went to. */
static ChatroutesConversationView *
sending_page (Sending *sending)
{
  if (sending->self == NULL || sending->self->path != sending->path)
    return NULL;
  return sending->self;
}

static void
on_stream_completed (ChatroutesStream     *stream,
                     ChatroutesSendResult *result,
                     Sending              *sending)
{
  ChatroutesConversationView *self = sending_page (sending);
  ChatroutesMessage *message = chatroutes_send_result_get_message (result);

  /* The finished message replaces the stand-in, which lets go of the stream. */
  g_object_set_data (G_OBJECT (sending->reply), STREAM_KEY, NULL);
  if (self == NULL)
    return;

  /* A streamed reply names the question it answers: the question shown
   * takes its id, so it can be acted on like any other message. */
  if (chatroutes_message_get_id (sending->user) == NULL && message != NULL &&
      chatroutes_message_get_parent_message_id (message) != NULL)
    {
      chatroutes_message_set_id (sending->user, chatroutes_message_get_parent_message_id (message));
      if (chatroutes_message_get_branch_id (message))
        chatroutes_message_set_branch_id (sending->user, chatroutes_message_get_branch_id (message));
    }

  replace_message (self, sending->reply, message);
  update_busy (self);
  gtk_accessible_announce (GTK_ACCESSIBLE (self), _("The reply is complete"),
                           GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
}

static void
on_stream_failed (ChatroutesStream *stream,
                  const GError     *error,
                  Sending          *sending)
{
  ChatroutesConversationView *self = sending_page (sending);

  if (self == NULL)
    return;

  update_busy (self);

  /* Nothing arrived and the reply never started: take the stand-ins away
   * and give the words back. Otherwise the partial reply stays, marked. */
  if (chatroutes_stream_get_content_length (stream) == 0 &&
      !g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_INTERRUPTED) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      replace_message (self, sending->reply, NULL);
      replace_message (self, sending->user, NULL);
      show_send_error (self, error, sending->text);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_problem (self, error);
}

static void
on_stream_state (ChatroutesStream *stream,
                 GParamSpec       *pspec,
                 Sending          *sending)
{
  ChatroutesStreamState state = chatroutes_stream_get_state (stream);

  if (!chatroutes_stream_is_finished (stream))
    return;

  if (state == CHATROUTES_STREAM_STATE_COMPLETED)
    on_stream_completed (stream, chatroutes_stream_get_result (stream), sending);
  else
    on_stream_failed (stream, chatroutes_stream_get_error (stream), sending);

  /* Frees the record once this emission is over. */
  g_signal_handlers_disconnect_by_data (stream, sending);
}

/* Follows @stream for the messages a page shows for it. */
static void
follow_stream (ChatroutesConversationView *self,
               ChatroutesStream           *stream,
               ChatroutesMessage          *user,
               ChatroutesMessage          *reply)
{
  Sending *sending = sending_new (self, user, reply, chatroutes_stream_get_prompt (stream));

  g_signal_connect_data (stream, "notify::state", G_CALLBACK (on_stream_state), sending,
                         (GClosureNotify) (void (*) (void)) sending_free, 0);
}

static void
message_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  Sending *sending = data;
  ChatroutesConversationView *self = sending_page (sending);
  g_autoptr(ChatroutesSendResult) sent = NULL;
  g_autoptr(GError) error = NULL;

  sent = chatroutes_service_send_message_finish (CHATROUTES_SERVICE (object), result, &error);
  if (self == NULL)
    {
      sending_free (sending);
      return;
    }

  chatroutes_composer_set_busy (CHATROUTES_COMPOSER (self->composer), FALSE);
  if (sent == NULL)
    {
      replace_message (self, sending->user, NULL);
      show_send_error (self, error, sending->text);
    }
  else
    {
      ChatroutesMessage *user = chatroutes_send_result_get_user_message (sent);

      if (user)
        replace_message (self, sending->user, user);
      chatroutes_message_path_append (self->path, chatroutes_send_result_get_message (sent));
      gtk_accessible_announce (GTK_ACCESSIBLE (self), _("The reply is complete"),
                               GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
    }
  sending_free (sending);
}

static void
send_text (ChatroutesConversationView *self,
           const char                 *text)
{
  ChatroutesSendOptions options = CHATROUTES_SEND_OPTIONS_INIT;
  ChatroutesComposer *composer = CHATROUTES_COMPOSER (self->composer);
  g_autofree char *model = NULL;
  g_autoptr(ChatroutesMessage) user = NULL;
  gboolean stream_reply;

  if (self->conversation == NULL || self->path == NULL || text == NULL || *text == '\0')
    return;
  if (active_stream (self) != NULL)
    return;

  model = g_strdup (chatroutes_composer_get_model (composer));
  stream_reply = chatroutes_composer_get_stream (composer);
  options.model = model;
  options.temperature = chatroutes_composer_get_temperature (composer);
  options.max_tokens = chatroutes_composer_get_max_tokens (composer);

  user = local_message (self, "user", text, NULL);
  chatroutes_message_path_append (self->path, user);
  chatroutes_composer_clear (CHATROUTES_COMPOSER (self->composer));
  set_following (self, TRUE);

  if (stream_reply)
    {
      g_autoptr(ChatroutesStream) stream = NULL;
      g_autoptr(ChatroutesMessage) reply = local_message (self, "assistant", "", model);

      stream = chatroutes_service_stream_message (self->service,
                                                  chatroutes_conversation_get_id (self->conversation),
                                                  self->branch_id, text, &options);
      g_object_set_data_full (G_OBJECT (reply), STREAM_KEY, g_object_ref (stream), g_object_unref);
      chatroutes_message_path_append (self->path, reply);

      follow_stream (self, stream, user, reply);
      update_busy (self);
    }
  else
    {
      chatroutes_composer_set_busy (composer, TRUE);
      chatroutes_service_send_message_async (self->service,
                                             chatroutes_conversation_get_id (self->conversation),
                                             self->branch_id, text, &options, self->cancellable,
                                             message_sent_cb, sending_new (self, user, NULL, text));
    }
}

/* Shows the reply still arriving on this branch, started before the page
 * last showed it. */
static void
adopt_active_stream (ChatroutesConversationView *self)
{
  ChatroutesStream *stream = active_stream (self);
  g_autoptr(ChatroutesMessage) user = NULL;
  g_autoptr(ChatroutesMessage) reply = NULL;

  if (stream == NULL)
    return;

  user = local_message (self, "user", chatroutes_stream_get_prompt (stream), NULL);
  reply = local_message (self, "assistant", "", chatroutes_stream_get_model (stream));
  g_object_set_data_full (G_OBJECT (reply), STREAM_KEY, g_object_ref (stream), g_object_unref);

  /* The service may already list the prompt; show it once. */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->path));
    g_autoptr(ChatroutesMessage) last = n > 0 ? g_list_model_get_item (G_LIST_MODEL (self->path), n - 1) : NULL;

    if (last == NULL || g_strcmp0 (chatroutes_message_get_role (last), "user") != 0 ||
        g_strcmp0 (chatroutes_message_get_content (last), chatroutes_stream_get_prompt (stream)) != 0)
      chatroutes_message_path_append (self->path, user);
  }
  chatroutes_message_path_append (self->path, reply);

  follow_stream (self, stream, user, reply);
  update_busy (self);
}

static void
on_path_loading (ChatroutesConversationView *self)
{
  /* Another branch of the same conversation takes the place of the one
   * shown meanwhile, in one change. */
  if (!chatroutes_message_path_get_loading (self->path) && !_chatroutes_conversation_view_showing_path (self))
    chatroutes_tail_model_set_model (self->tail, G_LIST_MODEL (self->path));

  if (!chatroutes_message_path_get_loading (self->path) &&
      chatroutes_message_path_get_error (self->path) == NULL)
    {
      adopt_active_stream (self);
      jump_to_latest (self);
      _chatroutes_conversation_view_path_loaded (self);
    }
  else if (!chatroutes_message_path_get_loading (self->path) && self->send_after_load)
    {
      /* The branch did not load: the words wait in its composer. */
      g_autofree char *text = g_steal_pointer (&self->send_after_load);
      chatroutes_composer_set_text (CHATROUTES_COMPOSER (self->composer), text);
    }
  on_path_changed (self);
}

/* Public API */

void
chatroutes_conversation_view_set_conversation (ChatroutesConversationView *self,
                                               ChatroutesConversation     *conversation,
                                               const char                 *branch_id)
{
  ChatroutesBranchTree *tree;
  gboolean keep_shown;

  g_return_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (conversation == NULL || CHATROUTES_IS_CONVERSATION (conversation));

  /* Another branch of the conversation shown: the list keeps showing
   * this one until that one has loaded (see on_path_loading ()). */
  keep_shown = conversation != NULL && self->conversation != NULL && self->path != NULL &&
               _chatroutes_conversation_view_showing_path (self) &&
               !chatroutes_message_path_get_loading (self->path) &&
               g_list_model_get_n_items (G_LIST_MODEL (self->path)) > 0 &&
               g_strcmp0 (chatroutes_conversation_get_id (conversation),
                          chatroutes_conversation_get_id (self->conversation)) == 0;

  move_focus_out_of_list (self);
  if (self->path)
    {
      g_signal_handlers_disconnect_by_data (self->path, self);
      g_clear_object (&self->path);
    }
  g_set_object (&self->conversation, conversation);
  g_free (self->branch_id);
  self->branch_id = g_strdup (branch_id);
  g_clear_pointer (&self->send_after_load, g_free);
  /* Told once the new messages model is in place. */
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRANCH_ID]);

  /* Each conversation and branch keeps its own unsent words. Cleared first,
   * so the old text is not saved under the new conversation. */
  g_clear_pointer (&self->pending_text, g_free);
  g_clear_handle_id (&self->pending_id, g_source_remove);
  self->loading_draft = TRUE;
  chatroutes_composer_set_text (CHATROUTES_COMPOSER (self->composer),
                                conversation && self->drafts
                                ? chatroutes_draft_store_get (self->drafts,
                                                              chatroutes_conversation_get_id (conversation),
                                                              branch_id)
                                : NULL);
  chatroutes_composer_clear_error (CHATROUTES_COMPOSER (self->composer));
  self->loading_draft = FALSE;

  if (conversation == NULL)
    {
      _chatroutes_conversation_view_tree_for (self, NULL);
      chatroutes_tail_model_set_model (self->tail, NULL);
      adw_window_title_set_title (self->title, "");
      update_stack (self);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  adw_window_title_set_title (self->title, chatroutes_conversation_get_title (conversation));
  adw_window_title_set_subtitle (self->title, chatroutes_conversation_get_model (conversation)
                                              ? chatroutes_conversation_get_model (conversation) : "");

  self->path = chatroutes_message_path_new (self->service, chatroutes_conversation_get_id (conversation));
  g_signal_connect_swapped (self->path, "notify::loading", G_CALLBACK (on_path_loading), self);
  g_signal_connect_swapped (self->path, "notify::n-items", G_CALLBACK (on_path_changed), self);
  g_signal_connect_swapped (self->path, "notify::branch-start", G_CALLBACK (on_path_changed), self);
  if (!keep_shown)
    chatroutes_tail_model_set_model (self->tail, G_LIST_MODEL (self->path));
  set_following (self, TRUE);
  tree = _chatroutes_conversation_view_tree_for (self, chatroutes_conversation_get_id (conversation));
  chatroutes_message_path_set_cache (self->path, self->message_cache);
  chatroutes_message_path_load (self->path, tree, branch_id);
  _chatroutes_conversation_view_check_autobranch (self);
  update_busy (self);
  update_stack (self);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
chatroutes_conversation_view_get_branch_id (ChatroutesConversationView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self), NULL);
  return self->branch_id;
}

ChatroutesBranchTree *
chatroutes_conversation_view_get_branch_tree (ChatroutesConversationView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self), NULL);
  return self->conversation ? self->tree : NULL;
}

ChatroutesConversation *
chatroutes_conversation_view_get_conversation (ChatroutesConversationView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self), NULL);
  return self->conversation;
}

GListModel *
chatroutes_conversation_view_get_messages (ChatroutesConversationView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self), NULL);
  return self->path ? G_LIST_MODEL (self->path) : NULL;
}

GtkWidget *
chatroutes_conversation_view_get_composer (ChatroutesConversationView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self), NULL);
  return self->composer;
}

void
chatroutes_conversation_view_send (ChatroutesConversationView *self,
                                   const char                 *text)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self));
  send_text (self, text);
}

void
chatroutes_conversation_view_stop (ChatroutesConversationView *self)
{
  ChatroutesStream *stream;

  g_return_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self));

  stream = active_stream (self);
  if (stream)
    chatroutes_stream_cancel (stream);
}

void
chatroutes_conversation_view_set_show_header (ChatroutesConversationView *self,
                                              gboolean                    show)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self));
  gtk_widget_set_visible (self->header_bar, show);
}

gboolean
chatroutes_conversation_view_get_following (ChatroutesConversationView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self), FALSE);
  return self->following;
}

/* Actions */

static ChatroutesMessage *
find_message (ChatroutesConversationView *self,
              const char                 *id,
              guint                      *position)
{
  guint n;

  if (self->path == NULL)
    return NULL;
  /* From the end: the newest messages are the ones acted on, and stand-ins
   * for replies still without an id (id "") are the latest of all. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->path));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(ChatroutesMessage) message = g_list_model_get_item (G_LIST_MODEL (self->path), i - 1);
      const char *message_id = chatroutes_message_get_id (message);

      if (g_strcmp0 (message_id ? message_id : "", id) == 0)
        {
          if (position)
            *position = i - 1;
          return message;
        }
    }
  return NULL;
}

static void
copy_message_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  ChatroutesMessage *message = find_message (self, g_variant_get_string (param, NULL), NULL);
  ChatroutesStream *stream;
  const char *text;

  if (message == NULL)
    return;
  stream = g_object_get_data (G_OBJECT (message), STREAM_KEY);
  text = stream ? chatroutes_stream_get_content (stream) : chatroutes_message_get_content (message);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text ? text : "");
  add_toast (self, adw_toast_new (_("Copied")));
}

static void
message_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(ChatroutesConversationView) self = data;
  g_autoptr(GError) error = NULL;

  if (!chatroutes_service_delete_message_finish (CHATROUTES_SERVICE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      add_toast (self, adw_toast_new (error->message));
      if (self->path)
        chatroutes_message_path_reload (self->path);
    }
}

typedef struct
{
  ChatroutesConversationView *self;
  ChatroutesMessage *message;
  guint position;
  gboolean undone;
} Deletion;

static void
deletion_undo (AdwToast *toast,
               Deletion *deletion)
{
  deletion->undone = TRUE;
  if (deletion->self->path)
    {
      /* Put it back where it was. */
      chatroutes_message_path_append (deletion->self->path, deletion->message);
      chatroutes_message_path_reload (deletion->self->path);
    }
}

static void
deletion_dismissed (AdwToast *toast,
                    Deletion *deletion)
{
  if (!deletion->undone && chatroutes_message_get_id (deletion->message))
    chatroutes_service_delete_message_async (deletion->self->service,
                                             chatroutes_message_get_id (deletion->message),
                                             NULL, message_deleted_cb,
                                             g_object_ref (deletion->self));
  g_object_unref (deletion->self);
  g_object_unref (deletion->message);
  g_free (deletion);
}

static void
delete_message_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  ChatroutesMessage *message;
  Deletion *deletion;
  AdwToast *toast;
  guint position;

  message = find_message (self, g_variant_get_string (param, NULL), &position);
  if (message == NULL || chatroutes_message_get_id (message) == NULL)
    return;

  deletion = g_new0 (Deletion, 1);
  deletion->self = g_object_ref (self);
  deletion->message = g_object_ref (message);
  deletion->position = position;
  move_focus_out_of_list (self);
  chatroutes_message_path_remove (self->path, position);

  /* Nothing is deleted on the server until the toast goes. */
  toast = adw_toast_new (_("Message deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (deletion_undo), deletion);
  g_signal_connect (toast, "dismissed", G_CALLBACK (deletion_dismissed), deletion);
  add_toast (self, toast);
}

static void
message_edited_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(ChatroutesConversationView) self = data;
  g_autoptr(ChatroutesMessage) edited = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  edited = chatroutes_service_update_message_finish (CHATROUTES_SERVICE (object), result, &error);
  if (edited == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_toast (self, adw_toast_new (error->message));
      return;
    }
  if (self->path && find_message (self, chatroutes_message_get_id (edited), &position))
    chatroutes_message_path_replace (self->path, position, edited);
}

static void
edit_response (AdwAlertDialog *dialog,
               const char     *response,
               gpointer        data)
{
  ChatroutesConversationView *self = data;
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "buffer");
  const char *id = g_object_get_data (G_OBJECT (dialog), "message-id");
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*g_strstrip (text) == '\0')
    return;
  chatroutes_service_update_message_async (self->service, id, text, self->cancellable,
                                           message_edited_cb, g_object_ref (self));
}

/* The text of @message, editable, as the extra child of @dialog; its
 * buffer is the dialog's "buffer". */
void
_chatroutes_conversation_view_add_message_editor (AdwAlertDialog    *dialog,
                                                  ChatroutesMessage *message)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scroller;

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            chatroutes_message_get_content (message), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 120);
  gtk_widget_add_css_class (scroller, "card");
  adw_alert_dialog_set_extra_child (dialog, scroller);

  g_object_set_data (G_OBJECT (dialog), "buffer", gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
}

static void
edit_message_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  ChatroutesMessage *message = find_message (self, g_variant_get_string (param, NULL), NULL);
  AdwDialog *dialog;

  if (message == NULL || chatroutes_message_get_id (message) == NULL)
    return;

  dialog = adw_alert_dialog_new (_("Edit Message"),
                                 _("The service keeps the earlier version."));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "save", _("_Save"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "save");

  _chatroutes_conversation_view_add_message_editor (ADW_ALERT_DIALOG (dialog), message);
  g_object_set_data_full (G_OBJECT (dialog), "message-id",
                          g_strdup (chatroutes_message_get_id (message)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_response), self, 0);
  adw_dialog_present (dialog, widget);
}

static void
retry_message_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  guint position;
  ChatroutesMessage *reply;
  g_autoptr(ChatroutesMessage) prompt = NULL;

  /* The failed reply has no id: it is the last stand-in on the page. */
  reply = find_message (self, g_variant_get_string (param, NULL), &position);
  if (reply == NULL || position == 0)
    return;
  prompt = g_list_model_get_item (G_LIST_MODEL (self->path), position - 1);
  if (g_strcmp0 (chatroutes_message_get_role (prompt), "user") != 0)
    return;

  {
    g_autofree char *text = g_strdup (chatroutes_message_get_content (prompt));
    move_focus_out_of_list (self);
    chatroutes_message_path_remove (self->path, position);
    chatroutes_message_path_remove (self->path, position - 1);
    send_text (self, text);
  }
}

static void
send_again_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  g_autofree char *text = g_steal_pointer (&self->pending_text);

  if (text)
    send_text (self, text);
}

static void
reload_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  ChatroutesBranchTree *tree;
  const char *id;

  if (self->path == NULL || self->conversation == NULL)
    return;
  /* Branches made elsewhere since count too: the branches are read again. */
  id = chatroutes_conversation_get_id (self->conversation);
  _chatroutes_conversation_view_tree_for (self, NULL);
  tree = _chatroutes_conversation_view_tree_for (self, id);
  chatroutes_message_path_set_cache (self->path, self->message_cache);
  chatroutes_message_path_load (self->path, tree, self->branch_id);
}

void
chatroutes_conversation_view_retry (ChatroutesConversationView *self)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self));

  if (self->path != NULL && chatroutes_message_path_get_error (self->path) != NULL)
    chatroutes_message_path_reload (self->path);
}

/* Composer */

static void
on_composer_text (ChatroutesConversationView *self)
{
  g_autofree char *text = NULL;

  if (self->drafts == NULL || self->conversation == NULL || self->loading_draft)
    return;
  text = chatroutes_composer_dup_text (CHATROUTES_COMPOSER (self->composer));
  chatroutes_draft_store_set (self->drafts, chatroutes_conversation_get_id (self->conversation),
                              self->branch_id, text);
}

void
chatroutes_conversation_view_set_draft_store (ChatroutesConversationView *self,
                                              ChatroutesDraftStore       *drafts)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (drafts == NULL || CHATROUTES_IS_DRAFT_STORE (drafts));

  g_set_object (&self->drafts, drafts);
}

static void
focus_composer (ChatroutesConversationView *self)
{
  chatroutes_composer_focus (CHATROUTES_COMPOSER (self->composer));
}

static void
on_composer_send (ChatroutesConversationView *self,
                  const char                 *text)
{
  send_text (self, text);
}

/* GObject */

static void
chatroutes_conversation_view_dispose (GObject *object)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  _chatroutes_conversation_view_dispose_branches (self);
  g_clear_handle_id (&self->pending_id, g_source_remove);
  g_clear_handle_id (&self->follow_tick, g_source_remove);
  g_clear_handle_id (&self->older_id, g_source_remove);
  if (self->path)
    g_signal_handlers_disconnect_by_data (self->path, self);
  /* The template is the bin's child: letting go of it takes the rest. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->tail);
  g_clear_object (&self->path);
  g_clear_object (&self->conversation);
  g_clear_object (&self->drafts);
  g_clear_object (&self->service);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (chatroutes_conversation_view_parent_class)->dispose (object);
}

static void
chatroutes_conversation_view_finalize (GObject *object)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (object);

  g_free (self->branch_id);
  g_free (self->pending_text);
  g_free (self->send_after_load);

  G_OBJECT_CLASS (chatroutes_conversation_view_parent_class)->finalize (object);
}

static void
chatroutes_conversation_view_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_BRANCH_ID:
      g_value_set_string (value, self->branch_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_conversation_view_class_init (ChatroutesConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_conversation_view_dispose;
  object_class->finalize = chatroutes_conversation_view_finalize;
  object_class->get_property = chatroutes_conversation_view_get_property;

  /* What the page shows (the branch: NULL for the main one). */
  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, CHATROUTES_TYPE_CONVERSATION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BRANCH_ID] =
    g_param_spec_string ("branch-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BRANCH_CREATED] =
    g_signal_new ("branch-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CHATROUTES_TYPE_BRANCH);

  signals[PROBLEM] =
    g_signal_new ("problem",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /* Keeps the resources' object, and its registration, in static links. */
  g_resources_register (chatroutes_conversation_get_resource ());
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/chatroutes/Desktop/conversation/chatroutes-conversation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, title);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, stack);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, error_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, scroller);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, list);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, jump_button);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, local_toasts);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, composer);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, composer_bar);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, branch_menu_button);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesConversationView, branch_note);
  gtk_widget_class_bind_template_callback (widget_class, jump_to_latest);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_send);
  gtk_widget_class_bind_template_callback (widget_class, chatroutes_conversation_view_stop);

  gtk_widget_class_install_action (widget_class, "conversation.copy-message", "s", copy_message_action);
  gtk_widget_class_install_action (widget_class, "conversation.edit-message", "s", edit_message_action);
  gtk_widget_class_install_action (widget_class, "conversation.delete-message", "s", delete_message_action);
  gtk_widget_class_install_action (widget_class, "conversation.retry-message", "s", retry_message_action);
  gtk_widget_class_install_action (widget_class, "conversation.send-again", NULL, send_again_action);
  gtk_widget_class_install_action (widget_class, "conversation.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "conversation.jump-to-latest", NULL,
                                   (GtkWidgetActionActivateFunc) jump_to_latest);
  gtk_widget_class_install_action (widget_class, "conversation.stop", NULL,
                                   (GtkWidgetActionActivateFunc) chatroutes_conversation_view_stop);
  gtk_widget_class_install_action (widget_class, "conversation.focus-composer", NULL,
                                   (GtkWidgetActionActivateFunc) focus_composer);

  _chatroutes_conversation_view_class_init_branches (widget_class);

  g_type_ensure (CHATROUTES_TYPE_COMPOSER);
}

/* The look of message rows, once per display. */
static void
load_style (GtkWidget *widget)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/com/chatroutes/Desktop/conversation/style.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (widget),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
chatroutes_conversation_view_init (ChatroutesConversationView *self)
{
  GtkListItemFactory *factory;
  GtkEventController *scroll;
  GtkGesture *drag;

  gtk_widget_init_template (GTK_WIDGET (self));
  load_style (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* A long conversation's newest messages are laid out first. */
  self->tail = chatroutes_tail_model_new ();
  self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tail)));
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), TRUE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (self->scroller, "scroll-child", G_CALLBACK (on_scroll_child), self);
  {
    GtkGesture *press = gtk_gesture_click_new ();
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
    g_signal_connect (press, "pressed", G_CALLBACK (on_scrollbar_pressed), self);
    gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scroller),
                               GTK_EVENT_CONTROLLER (press));
  }

  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                    G_CALLBACK (on_value_changed), self);
  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                    G_CALLBACK (on_adjustment_changed), self);
  g_signal_connect_swapped (self->composer, "notify::text", G_CALLBACK (on_composer_text), self);
  set_following (self, TRUE);
  _chatroutes_conversation_view_init_branches (self);
  update_stack (self);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ChatroutesModelCatalog) catalog =
      chatroutes_model_catalog_load ("/com/chatroutes/Desktop/models.json", &error);

    if (catalog)
      chatroutes_composer_set_catalog (CHATROUTES_COMPOSER (self->composer), catalog);
    else
      g_warning ("The model list could not be read: %s", error->message);
  }
}

ChatroutesConversationView *
chatroutes_conversation_view_new (ChatroutesService *service)
{
  ChatroutesConversationView *self;

  g_return_val_if_fail (CHATROUTES_IS_SERVICE (service), NULL);

  self = g_object_new (CHATROUTES_TYPE_CONVERSATION_VIEW, NULL);
  self->service = g_object_ref (service);
  return self;
}

/* Shared with the view's other files */

void
_chatroutes_conversation_view_add_toast (ChatroutesConversationView *self,
                                         AdwToast                   *toast)
{
  add_toast (self, toast);
}

void
_chatroutes_conversation_view_send_text (ChatroutesConversationView *self,
                                         const char                 *text)
{
  send_text (self, text);
}

ChatroutesMessage *
_chatroutes_conversation_view_find_message (ChatroutesConversationView *self,
                                            const char                 *id,
                                            guint                      *position)
{
  return find_message (self, id, position);
}

void
_chatroutes_conversation_view_move_focus_out (ChatroutesConversationView *self)
{
  move_focus_out_of_list (self);
}
