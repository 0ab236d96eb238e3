/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-conversation"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-checkpoints-dialog.h"
#include "chatroutes-composer.h"
#include "chatroutes-conversation-view-private.h"
#include "chatroutes-fork-dialog.h"
#include "chatroutes-message-row.h"
#include "chatroutes-suggestions-dialog.h"

/* How long a health report of the autobranch service is trusted. */
#define AUTOBRANCH_RECHECK_USEC (60 * G_USEC_PER_SEC)

static void set_autobranch (ChatroutesConversationView *self,
                            AutobranchState             state);

/* The branches */

static ChatroutesBranch *
main_branch (ChatroutesConversationView *self)
{
  return self->tree ? chatroutes_branch_tree_get_main (self->tree) : NULL;
}

/* The id of the branch shown, the main branch's when that is it. */
static const char *
shown_branch_id (ChatroutesConversationView *self)
{
  ChatroutesBranch *main;

  if (self->branch_id)
    return self->branch_id;
  main = main_branch (self);
  return main ? chatroutes_branch_get_id (main) : NULL;
}

static void
on_branches_changed (ChatroutesConversationView *self)
{
  self->fork_index_dirty = TRUE;
  _chatroutes_conversation_view_path_changed (self);
}

ChatroutesBranchTree *
_chatroutes_conversation_view_tree_for (ChatroutesConversationView *self,
                                        const char                 *conversation_id)
{
  if (self->tree && conversation_id && g_strcmp0 (self->tree_conversation_id, conversation_id) == 0)
    return self->tree;

  if (self->tree)
    g_signal_handlers_disconnect_by_data (chatroutes_branch_tree_get_branches (self->tree), self);
  g_clear_object (&self->tree);
  g_clear_pointer (&self->tree_conversation_id, g_free);
  g_clear_pointer (&self->message_cache, g_hash_table_unref);
  g_hash_table_remove_all (self->fork_index);
  self->fork_index_dirty = FALSE;

  if (conversation_id == NULL)
    return NULL;

  self->tree = chatroutes_branch_tree_new ();
  self->tree_conversation_id = g_strdup (conversation_id);
  /* The branches' messages, read once for all the branches that share
   * them; a new tree (a reload) reads them again. */
  self->message_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_signal_connect_swapped (chatroutes_branch_tree_get_branches (self->tree), "items-changed",
                            G_CALLBACK (on_branches_changed), self);
  return self->tree;
}

static gint
compare_branches (gconstpointer a,
                  gconstpointer b)
{
  ChatroutesBranch *ba = *(ChatroutesBranch **) a;
  ChatroutesBranch *bb = *(ChatroutesBranch **) b;
  int order = g_strcmp0 (chatroutes_branch_get_created_at (ba), chatroutes_branch_get_created_at (bb));

  return order ? order : g_strcmp0 (chatroutes_branch_get_id (ba), chatroutes_branch_get_id (bb));
}

/* Branches by the message they fork at, oldest first: looking up the
 * versions of a message costs one hash lookup, however long the path. */
static void
ensure_fork_index (ChatroutesConversationView *self)
{
  GListModel *branches;
  guint n;

  if (!self->fork_index_dirty || self->tree == NULL)
    return;
  self->fork_index_dirty = FALSE;
  g_hash_table_remove_all (self->fork_index);

  branches = chatroutes_branch_tree_get_branches (self->tree);
  n = g_list_model_get_n_items (branches);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);
      const char *fork_point = chatroutes_branch_get_fork_point_message_id (branch);
      GPtrArray *forks;

      if (fork_point == NULL || chatroutes_branch_get_is_main (branch))
        continue;
      forks = g_hash_table_lookup (self->fork_index, fork_point);
      if (forks == NULL)
        {
          forks = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (self->fork_index, g_strdup (fork_point), forks);
        }
      g_ptr_array_add (forks, g_object_ref (branch));
    }

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->fork_index);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_sort (value, compare_branches);
  }
}

/* The branch a shown message belongs to. */
static const char *
message_owner (ChatroutesConversationView *self,
               ChatroutesMessage          *message,
               guint                       position)
{
  const char *id = chatroutes_message_get_branch_id (message);

  if (id != NULL)
    return id;
  if (position >= chatroutes_message_path_get_branch_start (self->path))
    return shown_branch_id (self);
  return NULL;
}

/*
 * The versions of the message at @position: the branch that goes on after
 * the message before it (when it does), then every branch forking at that
 * message. Fills @targets (when given) with the branch to show for each.
 * Returns the number of versions and sets @index to the one shown.
 */
static guint
find_versions (ChatroutesConversationView *self,
               guint                       position,
               guint                      *index,
               GPtrArray                  *targets)
{
  g_autoptr(ChatroutesMessage) previous = NULL;
  g_autoptr(ChatroutesMessage) message = NULL;
  const char *previous_id;
  const char *owner;
  const char *previous_owner;
  GPtrArray *forks;
  guint count = 0;

  *index = 0;
  if (self->path == NULL || position == 0 ||
      position >= g_list_model_get_n_items (G_LIST_MODEL (self->path)))
    return 0;

  previous = g_list_model_get_item (G_LIST_MODEL (self->path), position - 1);
  message = g_list_model_get_item (G_LIST_MODEL (self->path), position);
  previous_id = chatroutes_message_get_id (previous);
  if (previous_id == NULL)
    return 0;

  ensure_fork_index (self);
  forks = g_hash_table_lookup (self->fork_index, previous_id);
  if (forks == NULL)
    return 0;

  owner = message_owner (self, message, position);
  previous_owner = message_owner (self, previous, position - 1);

  if (previous_owner != NULL &&
      (g_strcmp0 (owner, previous_owner) == 0 ||
       chatroutes_message_path_continues_after (self->path, previous_id)))
    {
      if (targets)
        g_ptr_array_add (targets, g_strdup (previous_owner));
      count++;
    }

  for (guint i = 0; i < forks->len; i++)
    {
      const char *id = chatroutes_branch_get_id (forks->pdata[i]);

      if (g_strcmp0 (id, owner) == 0)
        *index = count;
      if (targets)
        g_ptr_array_add (targets, g_strdup (id));
      count++;
    }
  return count;
}

/* Row decorations: the branch mark and the version switcher */

static void
decorate_item (ChatroutesConversationView *self,
               GtkListItem                *item)
{
  ChatroutesMessageRow *row = CHATROUTES_MESSAGE_ROW (gtk_list_item_get_child (item));
  guint position = gtk_list_item_get_position (item);
  const char *mark = NULL;
  guint index = 0;
  guint count;

  if (row == NULL || position == GTK_INVALID_LIST_POSITION || self->path == NULL ||
      !_chatroutes_conversation_view_showing_path (self))
    return;
  /* The list may not show the oldest messages yet: its positions count
   * from the first one shown. */
  position += chatroutes_tail_model_get_held (self->tail);

  if (self->branch_id != NULL && !chatroutes_message_path_get_loading (self->path) &&
      position == chatroutes_message_path_get_branch_start (self->path) && self->tree)
    {
      ChatroutesBranch *branch = chatroutes_branch_tree_lookup (self->tree, self->branch_id);

      if (branch && !chatroutes_branch_get_is_main (branch))
        mark = chatroutes_branch_get_title (branch) ? chatroutes_branch_get_title (branch) : "";
    }
  chatroutes_message_row_set_branch_mark (row, mark);

  count = find_versions (self, position, &index, NULL);
  chatroutes_message_row_set_siblings (row, index, count);
}

/* A branch with no message of its own yet looks like its parent: say
 * where it is, above the composer. */
static void
update_branch_note (ChatroutesConversationView *self)
{
  ChatroutesBranch *branch = NULL;
  g_autofree char *text = NULL;

  if (self->path && self->branch_id && self->tree &&
      !chatroutes_message_path_get_loading (self->path) &&
      chatroutes_message_path_get_error (self->path) == NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->path)) > 0 &&
      chatroutes_message_path_get_branch_start (self->path) >= g_list_model_get_n_items (G_LIST_MODEL (self->path)))
    branch = chatroutes_branch_tree_lookup (self->tree, self->branch_id);

  if (branch == NULL || chatroutes_branch_get_is_main (branch))
    {
      gtk_widget_set_visible (self->branch_note, FALSE);
      return;
    }
  text = g_strdup_printf (_("Branch “%s” starts here: the next message is its first"),
                          chatroutes_branch_get_title (branch) ? chatroutes_branch_get_title (branch) : "");
  gtk_label_set_text (GTK_LABEL (self->branch_note), text);
  gtk_widget_set_visible (self->branch_note, TRUE);
}

static gboolean
decorate_idle_cb (gpointer data)
{
  ChatroutesConversationView *self = data;

  self->decorate_idle = 0;
  update_branch_note (self);
  for (guint i = 0; i < self->bound_items->len; i++)
    decorate_item (self, self->bound_items->pdata[i]);
  return G_SOURCE_REMOVE;
}

/* Positions settle after the list has taken the change in: decorate then. */
void
_chatroutes_conversation_view_path_changed (ChatroutesConversationView *self)
{
  if (self->decorate_idle == 0 && self->bound_items != NULL)
    self->decorate_idle = g_idle_add (decorate_idle_cb, self);
}

void
_chatroutes_conversation_view_row_bound (ChatroutesConversationView *self,
                                         GtkListItem                *item)
{
  if (self->bound_items == NULL)
    return;
  g_ptr_array_add (self->bound_items, item);
  decorate_item (self, item);
}

void
_chatroutes_conversation_view_row_unbound (ChatroutesConversationView *self,
                                           GtkListItem                *item)
{
  ChatroutesMessageRow *row = CHATROUTES_MESSAGE_ROW (gtk_list_item_get_child (item));

  if (self->bound_items == NULL)
    return;
  g_ptr_array_remove_fast (self->bound_items, item);
  chatroutes_message_row_set_branch_mark (row, NULL);
  chatroutes_message_row_set_siblings (row, 0, 0);
}

/* Switching branch */

static void
show_branch (ChatroutesConversationView *self,
             const char                 *branch_id)
{
  ChatroutesBranch *branch = branch_id && self->tree ? chatroutes_branch_tree_lookup (self->tree, branch_id) : NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;

  if (self->conversation == NULL)
    return;
  /* The main branch is shown as NULL, as the window asks for it. */
  if (branch && chatroutes_branch_get_is_main (branch))
    branch_id = NULL;
  conversation = g_object_ref (self->conversation);
  chatroutes_conversation_view_set_conversation (self, conversation, branch_id);
}

static gboolean
switch_version (ChatroutesConversationView *self,
                guint                       position,
                int                         step)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  guint index;
  guint count = find_versions (self, position, &index, targets);
  int next = (int) index + step;

  if (count < 2 || next < 0 || next >= (int) count)
    return FALSE;
  show_branch (self, targets->pdata[next]);
  return TRUE;
}

static void
sibling_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  guint position;

  if (_chatroutes_conversation_view_find_message (self, g_variant_get_string (param, NULL), &position) == NULL)
    return;
  switch_version (self, position, g_str_equal (name, "conversation.next-sibling") ? 1 : -1);
}

/* The message whose versions Alt+Left and Alt+Right switch: the one with
 * the keyboard focus, else where the branch shown starts, else the last
 * message that has versions. */
static gboolean
version_position (ChatroutesConversationView *self,
                  guint                      *position)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, CHATROUTES_TYPE_MESSAGE_ROW) : NULL;
  guint index;
  guint n;

  if (self->path == NULL)
    return FALSE;
  if (row && chatroutes_message_row_get_message (CHATROUTES_MESSAGE_ROW (row)))
    {
      const char *id = chatroutes_message_get_id (chatroutes_message_row_get_message (CHATROUTES_MESSAGE_ROW (row)));

      if (id && _chatroutes_conversation_view_find_message (self, id, position))
        return TRUE;
    }

  *position = chatroutes_message_path_get_branch_start (self->path);
  if (find_versions (self, *position, &index, NULL) > 1)
    return TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->path));
  for (guint i = n; i > 1; i--)
    if (find_versions (self, i - 1, &index, NULL) > 1)
      {
        *position = i - 1;
        return TRUE;
      }
  return FALSE;
}

static void
version_key_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  guint position;

  if (version_position (self, &position))
    switch_version (self, position, g_str_equal (name, "conversation.next-version") ? 1 : -1);
}

/* Alt+Left and Alt+Right: handled only when there is a version to go to,
 * so that otherwise they still reach the window (Back, when narrow). */
static gboolean
version_key_binding (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   data)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  guint position;

  return version_position (self, &position) &&
         switch_version (self, position, g_variant_get_int32 (args));
}

/* Making branches */

typedef struct
{
  ChatroutesConversationView *self;
  char *send;    /* sent on the new branch once it shows */
  char *draft;   /* put in the new branch's composer */
} Making;

static void
making_free (Making *making)
{
  g_object_unref (making->self);
  g_free (making->send);
  g_free (making->draft);
  g_free (making);
}

static void
branch_made (Making           *making,
             ChatroutesBranch *branch,
             const GError     *error)
{
  ChatroutesConversationView *self = making->self;

  if (branch == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not make the branch: %s"), error->message);
          _chatroutes_conversation_view_add_toast (self, adw_toast_new (text));
        }
      making_free (making);
      return;
    }

  if (self->conversation == NULL || self->tree == NULL ||
      g_strcmp0 (chatroutes_branch_get_conversation_id (branch) ? chatroutes_branch_get_conversation_id (branch)
                                                                 : self->tree_conversation_id,
                 self->tree_conversation_id) != 0)
    {
      making_free (making);
      return;
    }

  chatroutes_branch_tree_add (self->tree, branch);
  g_signal_emit_by_name (self, "branch-created", branch);
  show_branch (self, chatroutes_branch_get_id (branch));

  if (making->draft)
    chatroutes_composer_set_text (CHATROUTES_COMPOSER (self->composer), making->draft);
  if (making->send)
    self->send_after_load = g_steal_pointer (&making->send);
  chatroutes_composer_focus (CHATROUTES_COMPOSER (self->composer));
  making_free (making);
}

static void
forked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesBranch) branch = chatroutes_service_fork_finish (CHATROUTES_SERVICE (object), result, &error);

  branch_made (data, branch, error);
}

static void
branch_created_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesBranch) branch = chatroutes_service_create_branch_finish (CHATROUTES_SERVICE (object), result, &error);

  branch_made (data, branch, error);
}

/* Grows a branch from @message_id (NULL: a new branch from the start),
 * shows it, then sends @send or drafts @draft there. */
static void
make_branch (ChatroutesConversationView *self,
             const char                 *message_id,
             const char                 *title,
             ChatroutesContextMode       mode,
             const char                 *send,
             const char                 *draft)
{
  Making *making;

  if (self->conversation == NULL)
    return;

  making = g_new0 (Making, 1);
  making->self = g_object_ref (self);
  making->send = g_strdup (send);
  making->draft = g_strdup (draft);

  if (message_id)
    chatroutes_service_fork_async (self->service, chatroutes_conversation_get_id (self->conversation),
                                   message_id, title, mode, self->cancellable, forked_cb, making);
  else
    chatroutes_service_create_branch_async (self->service, chatroutes_conversation_get_id (self->conversation),
                                            title, NULL, NULL, mode, self->cancellable, branch_created_cb, making);
}

void
_chatroutes_conversation_view_path_loaded (ChatroutesConversationView *self)
{
  g_autofree char *text = g_steal_pointer (&self->send_after_load);

  if (text)
    _chatroutes_conversation_view_send_text (self, text);
  _chatroutes_conversation_view_path_changed (self);
}

/* A short title from a message's first words. */
static char *
title_from (const char *text)
{
  g_autofree char *line = NULL;
  const char *end;
  glong length;

  if (text == NULL)
    return g_strdup ("");
  while (g_unichar_isspace (g_utf8_get_char (text)))
    text = g_utf8_next_char (text);
  end = strchr (text, '\n');
  line = end ? g_strndup (text, end - text) : g_strdup (text);
  length = g_utf8_strlen (line, -1);
  if (length > 40)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, 39);
      return g_strconcat (g_strchomp (cut), "…", NULL);
    }
  return g_strchomp (g_steal_pointer (&line));
}

static void
fork_response (AdwAlertDialog             *dialog,
               const char                 *response,
               ChatroutesConversationView *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "message-id");
  g_autofree char *title = NULL;

  if (g_strcmp0 (response, "fork") != 0)
    return;
  title = chatroutes_fork_dialog_dup_branch_title (CHATROUTES_FORK_DIALOG (dialog));
  if (*title == '\0')
    return;
  make_branch (self, id, title,
               chatroutes_fork_dialog_get_context_mode (CHATROUTES_FORK_DIALOG (dialog)),
               NULL, NULL);
}

static void
fork_message_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  ChatroutesMessage *message = _chatroutes_conversation_view_find_message (self, g_variant_get_string (param, NULL), NULL);
  g_autofree char *title = NULL;
  AdwDialog *dialog;

  if (message == NULL || chatroutes_message_get_id (message) == NULL)
    return;

  title = title_from (chatroutes_message_get_content (message));
  dialog = chatroutes_fork_dialog_new (title);
  g_object_set_data_full (G_OBJECT (dialog), "message-id",
                          g_strdup (chatroutes_message_get_id (message)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (fork_response), self, 0);
  adw_dialog_present (dialog, widget);
}

/* The message before @position, where a new version of it forks; NULL
 * for the first message, which has no such point. */
static ChatroutesMessage *
dup_message_before (ChatroutesConversationView *self,
                    guint                       position)
{
  g_autoptr(ChatroutesMessage) previous = NULL;

  if (position == 0)
    return NULL;
  previous = g_list_model_get_item (G_LIST_MODEL (self->path), position - 1);
  if (chatroutes_message_get_id (previous) == NULL)
    return NULL;
  return g_steal_pointer (&previous);
}

static void
resend_response (AdwAlertDialog             *dialog,
                 const char                 *response,
                 ChatroutesConversationView *self)
{
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "buffer");
  const char *fork_point = g_object_get_data (G_OBJECT (dialog), "fork-point");
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  if (g_strcmp0 (response, "resend") != 0)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*g_strstrip (text) == '\0')
    return;
  title = title_from (text);
  make_branch (self, fork_point, title, CHATROUTES_CONTEXT_MODE_DEFAULT, text, NULL);
}

static void
edit_resend_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  g_autoptr(ChatroutesMessage) previous = NULL;
  ChatroutesMessage *message;
  AdwDialog *dialog;
  guint position;

  message = _chatroutes_conversation_view_find_message (self, g_variant_get_string (param, NULL), &position);
  if (message == NULL || g_strcmp0 (chatroutes_message_get_role (message), "user") != 0)
    return;
  previous = dup_message_before (self, position);
  if (previous == NULL)
    {
      _chatroutes_conversation_view_add_toast (self, adw_toast_new (_("The first message has nothing to branch from; edit it in place instead")));
      return;
    }

  dialog = adw_alert_dialog_new (_("Edit and Resend"),
                                 _("The new words go on a new branch beside this one; the original stays as it is."));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "resend", _("_Send"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "resend", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "resend");

  _chatroutes_conversation_view_add_message_editor (ADW_ALERT_DIALOG (dialog), message);
  g_object_set_data_full (G_OBJECT (dialog), "fork-point",
                          g_strdup (chatroutes_message_get_id (previous)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (resend_response), self, 0);
  adw_dialog_present (dialog, widget);
}

static void
regenerate_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  g_autoptr(ChatroutesMessage) question = NULL;
  g_autoptr(ChatroutesMessage) previous = NULL;
  ChatroutesMessage *reply;
  guint position;

  reply = _chatroutes_conversation_view_find_message (self, g_variant_get_string (param, NULL), &position);
  if (reply == NULL || position == 0 || g_strcmp0 (chatroutes_message_get_role (reply), "assistant") != 0)
    return;
  question = g_list_model_get_item (G_LIST_MODEL (self->path), position - 1);
  if (g_strcmp0 (chatroutes_message_get_role (question), "user") != 0)
    return;

  /* The service answers questions, so a new reply is the same question
   * asked again on a branch beside it. */
  previous = dup_message_before (self, position - 1);
  if (previous == NULL)
    {
      _chatroutes_conversation_view_add_toast (self, adw_toast_new (_("The first reply cannot be made again on a branch; retry the conversation instead")));
      return;
    }
  make_branch (self, chatroutes_message_get_id (previous), _("Another reply"),
               CHATROUTES_CONTEXT_MODE_DEFAULT, chatroutes_message_get_content (question), NULL);
}

/* Integrity */

static void
verify_message_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  ChatroutesMessage *message = _chatroutes_conversation_view_find_message (self, g_variant_get_string (param, NULL), NULL);
  const char *heading;
  const char *body;
  const char *icon;
  const char *style;
  AdwDialog *dialog;
  GtkWidget *box;
  GtkWidget *image;

  if (message == NULL || chatroutes_message_get_id (message) == NULL)
    return;

  switch (chatroutes_message_verify_content_hash (message))
    {
    case CHATROUTES_CONTENT_HASH_VERIFIED:
      heading = _("Message Verified");
      body = _("The message is exactly as the service recorded it when it was written.");
      icon = "emblem-ok-symbolic";
      style = "success";
      break;
    case CHATROUTES_CONTENT_HASH_MISMATCH:
      heading = _("Message Does Not Match");
      body = _("The message differs from what the service recorded when it was written: it may have been changed.");
      icon = "dialog-warning-symbolic";
      style = "error";
      break;
    case CHATROUTES_CONTENT_HASH_UNAVAILABLE:
    default:
      heading = _("Integrity Not Available");
      body = _("The service gave no content hash for this message, so it cannot be checked.");
      icon = "dialog-question-symbolic";
      style = "dim-label";
      break;
    }

  dialog = adw_alert_dialog_new (heading, body);
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "close");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  image = gtk_image_new_from_icon_name (icon);
  gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
  gtk_widget_add_css_class (image, style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  gtk_box_append (GTK_BOX (box), image);
  if (chatroutes_message_get_content_hash (message))
    {
      GtkWidget *hash = gtk_label_new (chatroutes_message_get_content_hash (message));

      gtk_label_set_selectable (GTK_LABEL (hash), TRUE);
      /* Selectable with the mouse, without taking the first focus (which
       * would select it all). */
      gtk_widget_set_focusable (hash, FALSE);
      gtk_label_set_wrap (GTK_LABEL (hash), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (hash), PANGO_WRAP_CHAR);
      gtk_widget_add_css_class (hash, "monospace");
      gtk_widget_add_css_class (hash, "caption");
      gtk_widget_add_css_class (hash, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (hash), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Content hash"), -1);
      gtk_box_append (GTK_BOX (box), hash);
    }
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "chatroutes-integrity",
                     GINT_TO_POINTER (chatroutes_message_verify_content_hash (message)));
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

/* Checkpoints */

static const char *
branch_for_message (ChatroutesConversationView *self,
                    const char                 *message_id)
{
  guint position;
  ChatroutesMessage *message = _chatroutes_conversation_view_find_message (self, message_id, &position);

  if (message == NULL)
    return NULL;
  return message_owner (self, message, position);
}

static void
checkpoint_created_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr(ChatroutesConversationView) self = data;
  g_autoptr(ChatroutesCheckpoint) checkpoint = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  checkpoint = chatroutes_service_create_checkpoint_finish (CHATROUTES_SERVICE (object), result, &error);
  if (checkpoint == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not summarize: %s"), error->message);
          _chatroutes_conversation_view_add_toast (self, adw_toast_new (text));
        }
      return;
    }

  toast = adw_toast_new (_("Checkpoint created"));
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "conversation.show-checkpoints");
  _chatroutes_conversation_view_add_toast (self, toast);
}

static void
checkpoint_message_action (GtkWidget  *widget,
                           const char *name,
                           GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  const char *id = g_variant_get_string (param, NULL);
  const char *branch_id;

  if (self->conversation == NULL || *id == '\0')
    return;
  branch_id = branch_for_message (self, id);
  if (branch_id == NULL)
    {
      _chatroutes_conversation_view_add_toast (self, adw_toast_new (_("This conversation has no branch to keep a checkpoint on")));
      return;
    }
  chatroutes_service_create_checkpoint_async (self->service, chatroutes_conversation_get_id (self->conversation),
                                              branch_id, id, self->cancellable,
                                              checkpoint_created_cb, g_object_ref (self));
}

static void
show_checkpoints_action (GtkWidget  *widget,
                         const char *name,
                         GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  const char *branch_id = shown_branch_id (self);
  AdwDialog *dialog;

  if (self->conversation == NULL)
    return;
  if (branch_id == NULL)
    {
      _chatroutes_conversation_view_add_toast (self, adw_toast_new (_("This conversation has no branch to keep a checkpoint on")));
      return;
    }
  dialog = chatroutes_checkpoints_dialog_new (self->service,
                                              chatroutes_conversation_get_id (self->conversation),
                                              branch_id);
  adw_dialog_present (dialog, widget);
}

/* Suggestions */

static gboolean
health_is_good (ChatroutesHealth *health)
{
  const char *status = health ? chatroutes_health_get_status (health) : NULL;

  return status != NULL &&
         (g_ascii_strcasecmp (status, "healthy") == 0 ||
          g_ascii_strcasecmp (status, "ok") == 0 ||
          g_ascii_strcasecmp (status, "up") == 0);
}

static void
set_autobranch (ChatroutesConversationView *self,
                AutobranchState             state)
{
  self->autobranch = state;
  self->autobranch_checked = g_get_monotonic_time ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.suggest-message", state != AUTOBRANCH_DOWN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.suggest-draft", state != AUTOBRANCH_DOWN);
}

static void
say_autobranch_down (ChatroutesConversationView *self)
{
  _chatroutes_conversation_view_add_toast (self, adw_toast_new (_("Branch suggestions are unavailable: the suggestion service is down")));
}

static void
health_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(ChatroutesConversationView) self = data;
  g_autoptr(ChatroutesHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  health = chatroutes_service_autobranch_health_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_autobranch (self, health_is_good (health) ? AUTOBRANCH_UP : AUTOBRANCH_DOWN);
}

void
_chatroutes_conversation_view_check_autobranch (ChatroutesConversationView *self)
{
  if (self->autobranch != AUTOBRANCH_UNKNOWN &&
      g_get_monotonic_time () - self->autobranch_checked < AUTOBRANCH_RECHECK_USEC)
    return;
  self->autobranch_checked = g_get_monotonic_time ();
  chatroutes_service_autobranch_health_async (self->service, self->cancellable,
                                              health_checked_cb, g_object_ref (self));
}

gboolean
chatroutes_conversation_view_get_suggestions_available (ChatroutesConversationView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_VIEW (self), FALSE);
  return self->autobranch != AUTOBRANCH_DOWN;
}

typedef struct
{
  ChatroutesConversationView *self;
  char *text;
  char *message_id;   /* where a chosen suggestion forks; NULL: the end */
} Suggesting;

static void
suggesting_free (Suggesting *suggesting)
{
  g_object_unref (suggesting->self);
  g_free (suggesting->text);
  g_free (suggesting->message_id);
  g_free (suggesting);
}

static void
on_suggestion_chosen (ChatroutesSuggestionsDialog *dialog,
                      ChatroutesSuggestion        *suggestion,
                      ChatroutesConversationView  *self)
{
  const char *message_id = g_object_get_data (G_OBJECT (dialog), "message-id");
  g_autofree char *prompt = chatroutes_suggestions_dialog_dup_prompt (dialog, suggestion);
  const char *title = chatroutes_suggestion_get_title (suggestion);

  adw_dialog_close (ADW_DIALOG (dialog));
  make_branch (self, message_id, title && *title ? title : _("Suggested branch"),
               CHATROUTES_CONTEXT_MODE_DEFAULT, NULL, prompt);
}

static void
suggested_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Suggesting *suggesting = data;
  ChatroutesConversationView *self = suggesting->self;
  g_autoptr(ChatroutesSuggestionResult) found = NULL;
  g_autoptr(GError) error = NULL;
  AdwDialog *dialog;

  found = chatroutes_service_suggest_branches_finish (CHATROUTES_SERVICE (object), result, &error);
  if (found == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ;
      else if (g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER) ||
               g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK))
        {
          set_autobranch (self, AUTOBRANCH_DOWN);
          say_autobranch_down (self);
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("Could not suggest branches: %s"), error->message);
          _chatroutes_conversation_view_add_toast (self, adw_toast_new (text));
        }
      suggesting_free (suggesting);
      return;
    }

  dialog = chatroutes_suggestions_dialog_new (suggesting->text,
                                              chatroutes_suggestion_result_get_suggestions (found));
  g_object_set_data_full (G_OBJECT (dialog), "message-id", g_steal_pointer (&suggesting->message_id), g_free);
  g_signal_connect_object (dialog, "suggestion-chosen", G_CALLBACK (on_suggestion_chosen), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
  suggesting_free (suggesting);
}

static void
suggest_health_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  Suggesting *suggesting = data;
  ChatroutesConversationView *self = suggesting->self;
  g_autoptr(ChatroutesHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  health = chatroutes_service_autobranch_health_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      suggesting_free (suggesting);
      return;
    }
  if (!health_is_good (health))
    {
      set_autobranch (self, AUTOBRANCH_DOWN);
      say_autobranch_down (self);
      suggesting_free (suggesting);
      return;
    }
  set_autobranch (self, AUTOBRANCH_UP);
  chatroutes_service_suggest_branches_async (self->service, suggesting->text, 3, FALSE, -1, NULL, NULL,
                                             self->cancellable, suggested_cb, suggesting);
}

/* Asks whether the service is up, then for the suggestions. */
static void
suggest (ChatroutesConversationView *self,
         const char                 *text,
         const char                 *message_id)
{
  Suggesting *suggesting = g_new0 (Suggesting, 1);

  suggesting->self = g_object_ref (self);
  suggesting->text = g_strdup (text);
  suggesting->message_id = g_strdup (message_id);
  chatroutes_service_autobranch_health_async (self->service, self->cancellable, suggest_health_cb, suggesting);
}

static void
suggest_message_action (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  ChatroutesMessage *message = _chatroutes_conversation_view_find_message (self, g_variant_get_string (param, NULL), NULL);
  const char *content;

  if (message == NULL || chatroutes_message_get_id (message) == NULL)
    return;
  content = chatroutes_message_get_content (message);
  if (content == NULL || *content == '\0')
    return;
  suggest (self, content, chatroutes_message_get_id (message));
}

static void
suggest_draft_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  ChatroutesConversationView *self = CHATROUTES_CONVERSATION_VIEW (widget);
  g_autofree char *text = chatroutes_composer_dup_text (CHATROUTES_COMPOSER (self->composer));
  g_autoptr(ChatroutesMessage) last = NULL;
  guint n;

  if (self->conversation == NULL || self->path == NULL)
    return;
  if (text == NULL || *g_strstrip (text) == '\0')
    {
      _chatroutes_conversation_view_add_toast (self, adw_toast_new (_("Write something first, then ask for branches in it")));
      return;
    }
  /* A branch from the draft grows from the newest message. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->path));
  if (n > 0)
    last = g_list_model_get_item (G_LIST_MODEL (self->path), n - 1);
  suggest (self, text, last ? chatroutes_message_get_id (last) : NULL);
}

/* Set-up */

void
_chatroutes_conversation_view_class_init_branches (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "conversation.fork-message", "s", fork_message_action);
  gtk_widget_class_install_action (widget_class, "conversation.edit-resend", "s", edit_resend_action);
  gtk_widget_class_install_action (widget_class, "conversation.regenerate", "s", regenerate_action);
  gtk_widget_class_install_action (widget_class, "conversation.previous-sibling", "s", sibling_action);
  gtk_widget_class_install_action (widget_class, "conversation.next-sibling", "s", sibling_action);
  gtk_widget_class_install_action (widget_class, "conversation.previous-version", NULL, version_key_action);
  gtk_widget_class_install_action (widget_class, "conversation.next-version", NULL, version_key_action);
  gtk_widget_class_install_action (widget_class, "conversation.verify-message", "s", verify_message_action);
  gtk_widget_class_install_action (widget_class, "conversation.checkpoint-message", "s", checkpoint_message_action);
  gtk_widget_class_install_action (widget_class, "conversation.show-checkpoints", NULL, show_checkpoints_action);
  gtk_widget_class_install_action (widget_class, "conversation.suggest-message", "s", suggest_message_action);
  gtk_widget_class_install_action (widget_class, "conversation.suggest-draft", NULL, suggest_draft_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, version_key_binding, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_ALT_MASK, version_key_binding, "i", 1);
}

/* Built when opened, to say whether suggestions can be had. */
static void
create_branch_menu (GtkMenuButton *button,
                    gpointer       data)
{
  ChatroutesConversationView *self = data;
  g_autoptr(GMenu) menu = g_menu_new ();

  if (self->autobranch == AUTOBRANCH_DOWN)
    g_menu_append (menu, _("_Suggest Branches From Draft (Service Down)"), "conversation.suggest-draft");
  else
    g_menu_append (menu, _("_Suggest Branches From Draft"), "conversation.suggest-draft");
  g_menu_append (menu, _("_Checkpoints of This Branch"), "conversation.show-checkpoints");
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

void
_chatroutes_conversation_view_init_branches (ChatroutesConversationView *self)
{
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->branch_menu_button),
                                         create_branch_menu, self, NULL);
  self->fork_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  self->bound_items = g_ptr_array_new ();
}

void
_chatroutes_conversation_view_dispose_branches (ChatroutesConversationView *self)
{
  g_clear_handle_id (&self->decorate_idle, g_source_remove);
  _chatroutes_conversation_view_tree_for (self, NULL);
  g_clear_pointer (&self->fork_index, g_hash_table_unref);
  g_clear_pointer (&self->bound_items, g_ptr_array_unref);
  g_clear_pointer (&self->send_after_load, g_free);
}
