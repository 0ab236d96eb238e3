/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-conversation"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-conversation-view.h"
#include "chatroutes-markdown-view.h"
#include "chatroutes-message-row.h"

struct _ChatroutesMessageRow
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *author;
  GtkWidget *details;
  GtkWidget *bubble;      /* the user's words */
  GtkWidget *markdown;    /* a reply */
  GtkWidget *status;      /* interrupted, with Retry */
  GtkWidget *status_label;
  GtkWidget *speed;       /* tokens per second while streaming */
  GtkWidget *actions;
  GtkWidget *edit_button;
  GtkWidget *menu_button;
  GtkWidget *mark;        /* "Branch “X” starts here" */
  GtkWidget *mark_label;
  GtkWidget *siblings;    /* ‹ 2/3 › */
  GtkWidget *sibling_label;
  GtkWidget *previous_button;
  GtkWidget *next_button;

  char *mark_title;
  guint sibling_index;
  guint sibling_count;

  ChatroutesMessage *message;
  ChatroutesStream *stream;
  gulong delta_id;
  gulong state_id;
};

G_DEFINE_FINAL_TYPE (ChatroutesMessageRow, chatroutes_message_row, GTK_TYPE_WIDGET)

static gboolean
is_user (ChatroutesMessage *message)
{
  return g_strcmp0 (chatroutes_message_get_role (message), "user") == 0;
}

char *
chatroutes_message_format_details (ChatroutesMessage *message)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *model;
  gint64 tokens;
  double seconds;
  double cost;

  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (message), NULL);

  /* The model is the author line's; here only when it differs. */
  model = chatroutes_message_get_metadata_model (message);
  if (model != NULL && g_strcmp0 (model, chatroutes_message_get_model (message)) != 0)
    g_ptr_array_add (parts, g_strdup (model));

  tokens = chatroutes_message_get_token_count (message);
  if (tokens >= 0)
    {
      /* Translators see a plain %lu; token counts fit in it. */
      unsigned long n = (unsigned long) tokens;
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu token", "%lu tokens", n), n));
    }

  /* The service reports the response time in milliseconds. */
  seconds = chatroutes_message_get_response_time (message);
  if (seconds >= 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%.1f s"), seconds / 1000.0));

  cost = chatroutes_message_get_cost (message);
  if (cost >= 0)
    g_ptr_array_add (parts, g_strdup_printf ("$%.4f", cost));

  if (chatroutes_message_get_checkpoint_used (message))
    g_ptr_array_add (parts, g_strdup (_("used a checkpoint")));
  if (chatroutes_message_get_context_truncated (message))
    g_ptr_array_add (parts, g_strdup (_("context shortened")));

  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
update_details (ChatroutesMessageRow *self)
{
  g_autofree char *details = NULL;

  if (self->message)
    details = chatroutes_message_format_details (self->message);
  gtk_label_set_text (GTK_LABEL (self->details), details ? details : "");
  gtk_widget_set_visible (self->details, details != NULL);
}

static void
update_stream_state (ChatroutesMessageRow *self)
{
  ChatroutesStreamState state;
  const GError *error;

  if (self->stream == NULL)
    {
      gtk_widget_set_visible (self->status, FALSE);
      gtk_widget_set_visible (self->speed, FALSE);
      gtk_widget_set_visible (self->actions, TRUE);
      return;
    }

  state = chatroutes_stream_get_state (self->stream);
  error = chatroutes_stream_get_error (self->stream);

  gtk_widget_set_visible (self->speed, !chatroutes_stream_is_finished (self->stream));
  gtk_widget_set_visible (self->actions, chatroutes_stream_is_finished (self->stream));

  if (state == CHATROUTES_STREAM_STATE_FAILED || state == CHATROUTES_STREAM_STATE_CANCELLED)
    {
      g_autofree char *text = NULL;

      if (state == CHATROUTES_STREAM_STATE_CANCELLED)
        text = g_strdup (_("Stopped"));
      else if (error && error->domain == CHATROUTES_ERROR && error->code == CHATROUTES_ERROR_INTERRUPTED)
        text = g_strdup (_("The reply was interrupted"));
      else
        text = g_strdup (error ? error->message : _("The reply failed"));
      gtk_label_set_text (GTK_LABEL (self->status_label), text);
      gtk_widget_set_visible (self->status, TRUE);
    }
  else
    gtk_widget_set_visible (self->status, FALSE);
}

static void
on_delta (ChatroutesStream     *stream,
          const char           *text,
          guint                 len,
          ChatroutesMessageRow *self)
{
  gint64 first = chatroutes_stream_get_first_delta_time (stream);
  gint64 elapsed = g_get_monotonic_time () - first;

  chatroutes_markdown_view_append (CHATROUTES_MARKDOWN_VIEW (self->markdown), text, len);

  /* About four characters to a token: a steady figure, not a bill. */
  if (elapsed > G_USEC_PER_SEC / 2)
    {
      double rate = chatroutes_stream_get_content_length (stream) / 4.0 / (elapsed / 1e6);
      g_autofree char *label = g_strdup_printf (_("%.0f tokens/s"), rate);
      gtk_label_set_text (GTK_LABEL (self->speed), label);
    }
}

static void
on_state (ChatroutesStream     *stream,
          GParamSpec           *pspec,
          ChatroutesMessageRow *self)
{
  update_stream_state (self);
}

void
chatroutes_message_row_unbind (ChatroutesMessageRow *self)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE_ROW (self));

  if (self->stream)
    {
      g_clear_signal_handler (&self->delta_id, self->stream);
      g_clear_signal_handler (&self->state_id, self->stream);
      g_clear_object (&self->stream);
    }
  g_clear_object (&self->message);
}

void
chatroutes_message_row_bind (ChatroutesMessageRow *self,
                             ChatroutesMessage    *message,
                             ChatroutesStream     *stream)
{
  gboolean user;
  const char *content;

  g_return_if_fail (CHATROUTES_IS_MESSAGE_ROW (self));
  g_return_if_fail (CHATROUTES_IS_MESSAGE (message));

  chatroutes_message_row_unbind (self);
  self->message = g_object_ref (message);
  user = is_user (message);

  gtk_widget_remove_css_class (GTK_WIDGET (self), user ? "assistant" : "user");
  gtk_widget_add_css_class (GTK_WIDGET (self), user ? "user" : "assistant");
  gtk_widget_set_visible (self->bubble, user);
  gtk_widget_set_visible (self->markdown, !user);
  gtk_widget_set_visible (self->edit_button, user);

  if (user)
    gtk_label_set_text (GTK_LABEL (self->author), _("You"));
  else
    {
      const char *model = chatroutes_message_get_model (message);
      if (model == NULL && stream)
        model = chatroutes_stream_get_model (stream);
      gtk_label_set_text (GTK_LABEL (self->author), model ? model : _("Assistant"));
    }

  /* A reply still arriving shows what came so far, then follows. */
  content = stream ? chatroutes_stream_get_content (stream) : chatroutes_message_get_content (message);
  if (content == NULL)
    content = "";

  if (user)
    gtk_label_set_text (GTK_LABEL (self->bubble), content);
  else
    chatroutes_markdown_view_set_text (CHATROUTES_MARKDOWN_VIEW (self->markdown), content);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  user ? _("Your message") : _("Reply"),
                                  -1);

  if (stream)
    {
      self->stream = g_object_ref (stream);
      if (!chatroutes_stream_is_finished (stream))
        self->delta_id = g_signal_connect (stream, "delta", G_CALLBACK (on_delta), self);
      self->state_id = g_signal_connect (stream, "notify::state", G_CALLBACK (on_state), self);
    }

  update_details (self);
  update_stream_state (self);
}

ChatroutesMessage *
chatroutes_message_row_get_message (ChatroutesMessageRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_ROW (self), NULL);
  return self->message;
}

static void
activate_with_id (ChatroutesMessageRow *self,
                  const char           *action)
{
  const char *id;

  if (self->message == NULL)
    return;
  /* A reply still arriving has no id yet: its local object stands in. */
  id = chatroutes_message_get_id (self->message);
  gtk_widget_activate_action (GTK_WIDGET (self), action, "s", id ? id : "");
}

static void
copy_clicked (ChatroutesMessageRow *self)
{
  activate_with_id (self, "conversation.copy-message");
}

static void
edit_clicked (ChatroutesMessageRow *self)
{
  activate_with_id (self, "conversation.edit-message");
}

static void
delete_clicked (ChatroutesMessageRow *self)
{
  activate_with_id (self, "conversation.delete-message");
}

static void
retry_clicked (ChatroutesMessageRow *self)
{
  activate_with_id (self, "conversation.retry-message");
}

static void
previous_clicked (ChatroutesMessageRow *self)
{
  activate_with_id (self, "conversation.previous-sibling");
}

static void
next_clicked (ChatroutesMessageRow *self)
{
  activate_with_id (self, "conversation.next-sibling");
}

static void
add_item (GMenu      *section,
          const char *label,
          const char *action,
          const char *id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (id));
  g_menu_append_item (section, item);
}

/* Built when opened: the items carry the message id, and rows are recycled. */
static void
create_menu (GtkMenuButton *button,
             gpointer       data)
{
  ChatroutesMessageRow *self = data;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) branch = g_menu_new ();
  g_autoptr(GMenu) other = g_menu_new ();
  const char *id;

  if (self->message == NULL || (id = chatroutes_message_get_id (self->message)) == NULL)
    {
      gtk_menu_button_set_menu_model (button, NULL);
      return;
    }

  add_item (branch, _("_Fork From Here…"), "conversation.fork-message", id);
  if (is_user (self->message))
    add_item (branch, _("Edit and _Resend…"), "conversation.edit-resend", id);
  else
    add_item (branch, _("Re_generate"), "conversation.regenerate", id);
  {
    GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), CHATROUTES_TYPE_CONVERSATION_VIEW);

    /* Off while the suggestion service is down, and saying so. */
    if (view && !chatroutes_conversation_view_get_suggestions_available (CHATROUTES_CONVERSATION_VIEW (view)))
      add_item (branch, _("_Suggest Branches (Service Down)"), "conversation.suggest-message", id);
    else
      add_item (branch, _("_Suggest Branches"), "conversation.suggest-message", id);
  }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (branch));
  add_item (other, _("Su_mmarize up to Here"), "conversation.checkpoint-message", id);
  add_item (other, _("_Verify Integrity"), "conversation.verify-message", id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

void
chatroutes_message_row_set_siblings (ChatroutesMessageRow *self,
                                     guint                 index,
                                     guint                 count)
{
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (CHATROUTES_IS_MESSAGE_ROW (self));

  self->sibling_index = index;
  self->sibling_count = count;
  gtk_widget_set_visible (self->siblings, count > 1);
  if (count <= 1)
    return;

  /* Translators: which of the versions of a message is shown, as in "2/3". */
  text = g_strdup_printf (C_("versions", "%u/%u"), index + 1, count);
  gtk_label_set_text (GTK_LABEL (self->sibling_label), text);
  description = g_strdup_printf (_("Version %u of %u"), index + 1, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sibling_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_widget_set_sensitive (self->previous_button, index > 0);
  gtk_widget_set_sensitive (self->next_button, index + 1 < count);
}

guint
chatroutes_message_row_get_sibling_count (ChatroutesMessageRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_ROW (self), 0);
  return self->sibling_count;
}

guint
chatroutes_message_row_get_sibling_index (ChatroutesMessageRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_ROW (self), 0);
  return self->sibling_index;
}

void
chatroutes_message_row_set_branch_mark (ChatroutesMessageRow *self,
                                        const char           *branch_title)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE_ROW (self));

  if (g_strcmp0 (self->mark_title, branch_title) == 0)
    return;
  g_free (self->mark_title);
  self->mark_title = g_strdup (branch_title);
  gtk_widget_set_visible (self->mark, branch_title != NULL);
  if (branch_title != NULL)
    {
      g_autofree char *text = NULL;

      if (*branch_title != '\0')
        text = g_strdup_printf (_("Branch “%s” starts here"), branch_title);
      else
        text = g_strdup (_("The branch starts here"));
      gtk_label_set_text (GTK_LABEL (self->mark_label), text);
    }
}

const char *
chatroutes_message_row_get_branch_mark (ChatroutesMessageRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_ROW (self), NULL);
  return self->mark_title;
}

static GtkWidget *
action_button (ChatroutesMessageRow *self,
               const char           *icon,
               const char           *tooltip,
               GCallback             callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_signal_connect_swapped (button, "clicked", callback, self);
  gtk_box_append (GTK_BOX (self->actions), button);
  return button;
}

static void
chatroutes_message_row_dispose (GObject *object)
{
  ChatroutesMessageRow *self = CHATROUTES_MESSAGE_ROW (object);

  chatroutes_message_row_unbind (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->mark_title, g_free);

  G_OBJECT_CLASS (chatroutes_message_row_parent_class)->dispose (object);
}

static void
chatroutes_message_row_class_init (ChatroutesMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_message_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ARTICLE);
}

static void
chatroutes_message_row_init (ChatroutesMessageRow *self)
{
  GtkWidget *header;
  GtkWidget *retry;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->mark = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_add_css_class (self->mark, "branch-mark");
  gtk_box_append (GTK_BOX (self->mark), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  self->mark_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->mark_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->mark_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (self->mark_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->mark_label, "caption-heading");
  gtk_box_append (GTK_BOX (self->mark), self->mark_label);
  gtk_box_append (GTK_BOX (self->mark), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  for (GtkWidget *child = gtk_widget_get_first_child (self->mark); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SEPARATOR (child))
      {
        gtk_widget_set_hexpand (child, TRUE);
        gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
        gtk_widget_set_size_request (child, 24, -1);
      }
  gtk_widget_set_visible (self->mark, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->mark);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->author = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->author, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->author), 0);
  gtk_box_append (GTK_BOX (header), self->author);
  self->details = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->details, "dim-label");
  gtk_widget_add_css_class (self->details, "caption");
  gtk_label_set_ellipsize (GTK_LABEL (self->details), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->details), 0);
  gtk_widget_set_hexpand (self->details, TRUE);
  gtk_box_append (GTK_BOX (header), self->details);
  self->speed = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->speed, "dim-label");
  gtk_widget_add_css_class (self->speed, "caption");
  gtk_widget_add_css_class (self->speed, "numeric");
  gtk_box_append (GTK_BOX (header), self->speed);

  self->siblings = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->siblings, "sibling-switcher");
  self->previous_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_add_css_class (self->previous_button, "flat");
  gtk_widget_add_css_class (self->previous_button, "circular");
  gtk_widget_set_tooltip_text (self->previous_button, _("Previous Version (Alt+Left)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->previous_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Previous Version"), -1);
  g_signal_connect_swapped (self->previous_button, "clicked", G_CALLBACK (previous_clicked), self);
  gtk_box_append (GTK_BOX (self->siblings), self->previous_button);
  self->sibling_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->sibling_label, "caption");
  gtk_widget_add_css_class (self->sibling_label, "numeric");
  gtk_box_append (GTK_BOX (self->siblings), self->sibling_label);
  self->next_button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_add_css_class (self->next_button, "flat");
  gtk_widget_add_css_class (self->next_button, "circular");
  gtk_widget_set_tooltip_text (self->next_button, _("Next Version (Alt+Right)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Next Version"), -1);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked), self);
  gtk_box_append (GTK_BOX (self->siblings), self->next_button);
  gtk_widget_set_visible (self->siblings, FALSE);
  gtk_box_append (GTK_BOX (header), self->siblings);
  gtk_box_append (GTK_BOX (self->box), header);

  self->bubble = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->bubble), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->bubble), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (self->bubble), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->bubble), 0);
  gtk_widget_set_halign (self->bubble, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->bubble, "bubble");
  gtk_box_append (GTK_BOX (self->box), self->bubble);

  self->markdown = GTK_WIDGET (chatroutes_markdown_view_new ());
  gtk_box_append (GTK_BOX (self->box), self->markdown);

  self->status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->status, "status");
  self->status_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->status_label, "warning");
  gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status_label), 0);
  gtk_box_append (GTK_BOX (self->status), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_box_append (GTK_BOX (self->status), self->status_label);
  retry = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_add_css_class (retry, "pill");
  gtk_widget_add_css_class (retry, "small");
  g_signal_connect_swapped (retry, "clicked", G_CALLBACK (retry_clicked), self);
  gtk_box_append (GTK_BOX (self->status), retry);
  gtk_widget_set_visible (self->status, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->status);

  self->actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_add_css_class (self->actions, "message-actions");
  action_button (self, "edit-copy-symbolic", _("Copy"), G_CALLBACK (copy_clicked));
  self->edit_button = action_button (self, "document-edit-symbolic", _("Edit"), G_CALLBACK (edit_clicked));
  action_button (self, "user-trash-symbolic", _("Delete"), G_CALLBACK (delete_clicked));
  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_add_css_class (self->menu_button, "circular");
  gtk_widget_set_tooltip_text (self->menu_button, _("More Actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("More Actions"), -1);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->menu_button), create_menu, self, NULL);
  gtk_box_append (GTK_BOX (self->actions), self->menu_button);
  gtk_box_append (GTK_BOX (self->box), self->actions);
}

GtkWidget *
chatroutes_message_row_new (void)
{
  return g_object_new (CHATROUTES_TYPE_MESSAGE_ROW, NULL);
}
