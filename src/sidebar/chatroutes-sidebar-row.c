/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-sidebar-row.h"
#include "chatroutes-time.h"

struct _ChatroutesSidebarRow
{
  GtkWidget parent_instance;

  GtkListItem *list_item; /* unowned: it owns this row */
  ChatroutesConversation *conversation;
  GSignalGroup *conversation_signals;
  GMenu *menu;
  GtkWidget *context_menu;
  gboolean was_selected;

  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkMenuButton *menu_button;
};

G_DEFINE_FINAL_TYPE (ChatroutesSidebarRow, chatroutes_sidebar_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONVERSATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_title (ChatroutesSidebarRow *self)
{
  const char *title = NULL;

  if (self->conversation)
    title = chatroutes_conversation_get_title (self->conversation);
  if (title == NULL || title[0] == '\0')
    title = self->conversation ? _("Untitled Conversation") : "";

  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  if (self->list_item)
    gtk_list_item_set_accessible_label (self->list_item, title);
}

void
chatroutes_sidebar_row_update_time (ChatroutesSidebarRow *self,
                                    GDateTime            *now)
{
  g_autoptr(GDateTime) updated = NULL;
  g_autofree char *when = NULL;
  const char *model = NULL;

  g_return_if_fail (CHATROUTES_IS_SIDEBAR_ROW (self));

  if (self->conversation == NULL)
    {
      gtk_label_set_text (self->subtitle_label, "");
      return;
    }

  updated = chatroutes_conversation_dup_updated_at_datetime (self->conversation);
  if (updated == NULL)
    updated = chatroutes_conversation_dup_created_at_datetime (self->conversation);
  if (updated != NULL)
    {
      g_autoptr(GDateTime) local_now = NULL;

      if (now == NULL)
        now = local_now = g_date_time_new_now_local ();
      when = chatroutes_format_relative_time (updated, now);
    }
  model = chatroutes_conversation_get_model (self->conversation);

  if (when != NULL && model != NULL && model[0] != '\0')
    {
      /* Translators: the second line of a conversation in the sidebar:
       * when it last changed, then its model, as in "5 minutes ago · gpt-5" */
      g_autofree char *line = g_strdup_printf (_("%s · %s"), when, model);

      gtk_label_set_text (self->subtitle_label, line);
    }
  else if (when != NULL)
    gtk_label_set_text (self->subtitle_label, when);
  else
    gtk_label_set_text (self->subtitle_label, model ? model : "");
}

static void
rebuild_menu (ChatroutesSidebarRow *self)
{
  g_menu_remove_all (self->menu);

  if (self->conversation != NULL)
    {
      const char *id = chatroutes_conversation_get_id (self->conversation);
      g_autoptr(GMenuItem) rename = g_menu_item_new (_("_Rename…"), NULL);
      g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete"), NULL);

      g_menu_item_set_action_and_target_value (rename, "sidebar.rename", g_variant_new_string (id ? id : ""));
      g_menu_item_set_action_and_target_value (delete, "sidebar.delete", g_variant_new_string (id ? id : ""));
      g_menu_append_item (self->menu, rename);
      g_menu_append_item (self->menu, delete);
    }
}

static void
on_updated_changed (ChatroutesSidebarRow *self)
{
  chatroutes_sidebar_row_update_time (self, NULL);
}

ChatroutesConversation *
chatroutes_sidebar_row_get_conversation (ChatroutesSidebarRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SIDEBAR_ROW (self), NULL);

  return self->conversation;
}

void
chatroutes_sidebar_row_set_conversation (ChatroutesSidebarRow   *self,
                                         ChatroutesConversation *conversation)
{
  g_return_if_fail (CHATROUTES_IS_SIDEBAR_ROW (self));
  g_return_if_fail (!conversation || CHATROUTES_IS_CONVERSATION (conversation));

  if (!g_set_object (&self->conversation, conversation))
    return;

  g_signal_group_set_target (self->conversation_signals, conversation);
  update_title (self);
  chatroutes_sidebar_row_update_time (self, NULL);
  rebuild_menu (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

static void
popup_context_menu (ChatroutesSidebarRow *self,
                    double                x,
                    double                y)
{
  if (self->conversation == NULL)
    return;

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
on_secondary_pressed (GtkGestureClick      *gesture,
                      int                   n_press,
                      double                x,
                      double                y,
                      ChatroutesSidebarRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_context_menu (self, x, y);
}

static void
on_long_pressed (GtkGestureLongPress  *gesture,
                 double                x,
                 double                y,
                 ChatroutesSidebarRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_context_menu (self, x, y);
}

static void
on_primary_pressed (GtkGestureClick      *gesture,
                    int                   n_press,
                    double                x,
                    double                y,
                    ChatroutesSidebarRow *self)
{
  /* This runs before the list item selects the row, so it tells whether
   * the click is on the row that was already selected. */
  self->was_selected = self->list_item != NULL && gtk_list_item_get_selected (self->list_item);
}

static void
on_primary_released (GtkGestureClick      *gesture,
                     int                   n_press,
                     double                x,
                     double                y,
                     ChatroutesSidebarRow *self)
{
  const char *id;

  /* Selecting a row opens it; clicking the selected one opens it again
   * (on a narrow window the list may be all that shows). */
  if (n_press != 1 || !self->was_selected || self->conversation == NULL)
    return;

  id = chatroutes_conversation_get_id (self->conversation);
  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "sidebar.open", "s", id);
}

static void
chatroutes_sidebar_row_dispose (GObject *object)
{
  ChatroutesSidebarRow *self = CHATROUTES_SIDEBAR_ROW (object);
  GtkWidget *child;

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHATROUTES_TYPE_SIDEBAR_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->conversation_signals)
    g_signal_group_set_target (self->conversation_signals, NULL);
  g_clear_object (&self->conversation);

  G_OBJECT_CLASS (chatroutes_sidebar_row_parent_class)->dispose (object);
}

static void
chatroutes_sidebar_row_finalize (GObject *object)
{
  ChatroutesSidebarRow *self = CHATROUTES_SIDEBAR_ROW (object);

  g_clear_object (&self->conversation_signals);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (chatroutes_sidebar_row_parent_class)->finalize (object);
}

static void
chatroutes_sidebar_row_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ChatroutesSidebarRow *self = CHATROUTES_SIDEBAR_ROW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_sidebar_row_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ChatroutesSidebarRow *self = CHATROUTES_SIDEBAR_ROW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      chatroutes_sidebar_row_set_conversation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_sidebar_row_class_init (ChatroutesSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_sidebar_row_dispose;
  object_class->finalize = chatroutes_sidebar_row_finalize;
  object_class->get_property = chatroutes_sidebar_row_get_property;
  object_class->set_property = chatroutes_sidebar_row_set_property;

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL,
                         CHATROUTES_TYPE_CONVERSATION,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/chatroutes/Desktop/sidebar/chatroutes-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebarRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebarRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesSidebarRow, menu_button);
  gtk_widget_class_set_css_name (widget_class, "conversationrow");
}

static void
chatroutes_sidebar_row_init (ChatroutesSidebarRow *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (self->menu));

  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (self->menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  self->conversation_signals = g_signal_group_new (CHATROUTES_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::title",
                                  G_CALLBACK (update_title), self);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::updated-at",
                                  G_CALLBACK (on_updated_changed), self);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::model",
                                  G_CALLBACK (on_updated_changed), self);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_long_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_primary_pressed), self);
  g_signal_connect (gesture, "released", G_CALLBACK (on_primary_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
chatroutes_sidebar_row_new (GtkListItem *list_item)
{
  ChatroutesSidebarRow *self = g_object_new (CHATROUTES_TYPE_SIDEBAR_ROW, NULL);

  self->list_item = list_item;
  return GTK_WIDGET (self);
}
