/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-composer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "chatroutes-composer-private.h"
#include "chatroutes-composer-resources.h"

/* The entry grows with its text up to this many lines, then scrolls. */
#define MAX_VISIBLE_LINES 8

struct _ChatroutesComposer
{
  GtkWidget parent_instance;

  ChatroutesModelCatalog *catalog;
  char *model;
  double temperature;
  int max_tokens;
  gboolean stream;
  gboolean busy;
  gboolean preedit_active;

  /* Template children */
  GtkWidget *card;
  GtkScrolledWindow *scroller;
  GtkTextView *text_view;
  GtkWidget *placeholder;
  GtkMenuButton *model_button;
  GtkLabel *model_label;
  GtkMenuButton *options_button;
  GtkWidget *send_button;
  GtkWidget *stop_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkPopover *model_popover;
  GtkListBox *model_list;
  GtkPopover *options_popover;
  GtkWidget *temperature_scale;
  GtkAdjustment *temperature_adjustment;
  GtkLabel *temperature_value;
  GtkLabel *temperature_hint;
  GtkAdjustment *max_tokens_adjustment;
  GtkSpinButton *max_tokens_spin;
  GtkSwitch *stream_switch;
};

G_DEFINE_FINAL_TYPE (ChatroutesComposer, chatroutes_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_MODEL,
  PROP_TEMPERATURE,
  PROP_MAX_TOKENS,
  PROP_STREAM,
  PROP_BUSY,
  PROP_TEXT,
  N_PROPS
};

enum {
  SEND,
  STOP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static char *
get_buffer_text (ChatroutesComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_actions (ChatroutesComposer *self)
{
  g_autofree char *text = get_buffer_text (self);
  gboolean blank = text_is_blank (text);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", !self->busy && !blank);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.stop", self->busy);
  gtk_widget_set_visible (self->send_button, !self->busy);
  gtk_widget_set_visible (self->stop_button, self->busy);
}

static ChatroutesModelInfo *
current_info (ChatroutesComposer *self)
{
  if (self->catalog == NULL || self->model == NULL)
    return NULL;
  return chatroutes_model_catalog_lookup (self->catalog, self->model);
}

static void
update_temperature_label (ChatroutesComposer *self)
{
  g_autofree char *value = g_strdup_printf ("%.1f", self->temperature);

  gtk_label_set_label (self->temperature_value, value);
}

/* Applies the current model's range to the scale, clamping the value. */
static void
apply_model_range (ChatroutesComposer *self)
{
  ChatroutesModelInfo *info = current_info (self);
  double min = 0.0, max = 2.0;
  double clamped;

  if (info != NULL)
    {
      g_autofree char *hint = NULL;

      min = chatroutes_model_info_get_temperature_min (info);
      max = chatroutes_model_info_get_temperature_max (info);
      /* Translators: the provider's name, then its temperature range. */
      hint = g_strdup_printf (_("%s models accept %.1f to %.1f; lower is more focused."),
                              chatroutes_model_info_get_provider_name (info), min, max);
      gtk_label_set_label (self->temperature_hint, hint);
    }
  else
    gtk_label_set_label (self->temperature_hint, "");

  clamped = CLAMP (self->temperature, min, max);
  gtk_adjustment_configure (self->temperature_adjustment, clamped, min, max, 0.1, 0.5, 0.0);
  if (clamped != self->temperature)
    {
      self->temperature = clamped;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPERATURE]);
    }
  update_temperature_label (self);
}

static void
update_model_rows (ChatroutesComposer *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->model_list, i)) != NULL; i++)
    {
      ChatroutesModelInfo *info = g_object_get_data (G_OBJECT (row), "model-info");
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");
      gboolean selected = g_strcmp0 (chatroutes_model_info_get_id (info), self->model) == 0;

      gtk_widget_set_opacity (check, selected ? 1.0 : 0.0);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_SELECTED, selected,
                                   -1);
    }
}

static void
update_model_label (ChatroutesComposer *self)
{
  ChatroutesModelInfo *info = current_info (self);
  const char *name;
  g_autofree char *accessible = NULL;

  if (info != NULL)
    name = chatroutes_model_info_get_name (info);
  else if (self->model != NULL)
    name = self->model;
  else
    name = _("Default Model");

  gtk_label_set_label (self->model_label, name);
  /* Translators: the accessible name of the model picker; %s is a model. */
  accessible = g_strdup_printf (_("Model: %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->model_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static GtkWidget *
create_model_row (gpointer item,
                  gpointer user_data)
{
  ChatroutesModelInfo *info = item;
  GtkWidget *row, *box, *labels, *name, *check;
  const char *note = chatroutes_model_info_get_note (info);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), labels);

  name = gtk_label_new (chatroutes_model_info_get_name (info));
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_box_append (GTK_BOX (labels), name);

  if (note != NULL)
    {
      GtkWidget *note_label = gtk_label_new (note);

      gtk_label_set_xalign (GTK_LABEL (note_label), 0.0);
      gtk_widget_add_css_class (note_label, "dim-label");
      gtk_widget_add_css_class (note_label, "model-note");
      gtk_box_append (GTK_BOX (labels), note_label);
    }

  check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_opacity (check, 0.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Selected"),
                                  -1);
  gtk_box_append (GTK_BOX (box), check);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "composer.pick-model");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", chatroutes_model_info_get_id (info));
  if (note != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, note,
                                    -1);
  g_object_set_data_full (G_OBJECT (row), "model-info", g_object_ref (info), g_object_unref);
  g_object_set_data (G_OBJECT (row), "check", check);
  return row;
}

static void
model_list_header (GtkListBoxRow *row,
                   GtkListBoxRow *before,
                   gpointer       user_data)
{
  ChatroutesModelInfo *info = g_object_get_data (G_OBJECT (row), "model-info");
  ChatroutesModelInfo *prev = before ? g_object_get_data (G_OBJECT (before), "model-info") : NULL;
  GtkWidget *header;

  if (prev != NULL &&
      g_strcmp0 (chatroutes_model_info_get_provider_id (info),
                 chatroutes_model_info_get_provider_id (prev)) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (chatroutes_model_info_get_provider_name (info));
  gtk_label_set_xalign (GTK_LABEL (header), 0.0);
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "model-header");
  gtk_accessible_update_property (GTK_ACCESSIBLE (header),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, 3,
                                  -1);
  gtk_list_box_row_set_header (row, header);
}

static void
on_buffer_changed (GtkTextBuffer      *buffer,
                   ChatroutesComposer *self)
{
  g_autofree char *text = get_buffer_text (self);

  gtk_widget_set_visible (self->placeholder, text[0] == '\0');
  chatroutes_composer_clear_error (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
on_preedit_changed (GtkTextView        *text_view,
                    const char         *preedit,
                    ChatroutesComposer *self)
{
  self->preedit_active = preedit != NULL && preedit[0] != '\0';
  /* The placeholder would sit on top of text being composed. */
  if (self->preedit_active)
    gtk_widget_set_visible (self->placeholder, FALSE);
  else
    {
      g_autofree char *text = get_buffer_text (self);

      gtk_widget_set_visible (self->placeholder, text[0] == '\0');
    }
}

gboolean
_chatroutes_composer_handle_key (ChatroutesComposer *self,
                                 guint               keyval,
                                 GdkModifierType     state)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  g_return_val_if_fail (CHATROUTES_IS_COMPOSER (self), FALSE);

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  /* An input method composing text uses Enter to commit it. */
  if (self->preedit_active)
    return FALSE;

  if (mods == GDK_SHIFT_MASK)
    return gtk_widget_activate_action (GTK_WIDGET (self), "composer.newline", NULL);
  if (mods == 0 || mods == GDK_CONTROL_MASK)
    {
      /* Consumed even when there is nothing to send, so Enter in an
       * empty entry does not add blank lines. */
      gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
      return TRUE;
    }
  return FALSE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ChatroutesComposer    *self)
{
  return _chatroutes_composer_handle_key (self, keyval, state);
}

static void
on_temperature_changed (GtkAdjustment      *adjustment,
                        ChatroutesComposer *self)
{
  /* The scale moves in tenths. */
  double value = round (gtk_adjustment_get_value (adjustment) * 10.0) / 10.0;

  chatroutes_composer_set_temperature (self, value);
}

static void
on_max_tokens_changed (GtkAdjustment      *adjustment,
                       ChatroutesComposer *self)
{
  chatroutes_composer_set_max_tokens (self, (int) gtk_adjustment_get_value (adjustment));
}

static gboolean
on_max_tokens_output (GtkSpinButton *spin,
                      gpointer       user_data)
{
  int value = (int) gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
  g_autofree char *text = NULL;

  if (value == 0)
    text = g_strdup (_("Default"));
  else
    text = g_strdup_printf ("%d", value);
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_max_tokens_input (GtkSpinButton *spin,
                     double        *new_value,
                     gpointer       user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;
  gint64 value;

  if (g_strcmp0 (text, _("Default")) == 0 || text[0] == '\0')
    {
      *new_value = 0;
      return TRUE;
    }
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || value < 0)
    return GTK_INPUT_ERROR;
  *new_value = (double) value;
  return TRUE;
}

static void
on_stream_active (GtkSwitch          *sw,
                  GParamSpec         *pspec,
                  ChatroutesComposer *self)
{
  chatroutes_composer_set_stream (self, gtk_switch_get_active (sw));
}

static void
update_line_limit (ChatroutesComposer *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->text_view), "Ag");
  int line_height = 0;
  int height;

  pango_layout_get_pixel_size (layout, NULL, &line_height);
  height = line_height * MAX_VISIBLE_LINES
           + gtk_text_view_get_top_margin (self->text_view)
           + gtk_text_view_get_bottom_margin (self->text_view);
  gtk_scrolled_window_set_max_content_height (self->scroller, MAX (height, 1));
}

static void
on_text_view_css_changed (GtkWidget          *widget,
                          GParamSpec         *pspec,
                          ChatroutesComposer *self)
{
  update_line_limit (self);
}

/* Actions */

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChatroutesComposer *self = CHATROUTES_COMPOSER (widget);
  g_autofree char *text = get_buffer_text (self);

  if (self->busy || text_is_blank (text))
    return;
  g_signal_emit (self, signals[SEND], 0, text);
}

static void
newline_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ChatroutesComposer *self = CHATROUTES_COMPOSER (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (self->text_view));
  gtk_text_buffer_insert_at_cursor (buffer, "\n", 1);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (buffer));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ChatroutesComposer *self = CHATROUTES_COMPOSER (widget);

  if (self->busy)
    g_signal_emit (self, signals[STOP], 0);
}

static void
pick_model_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ChatroutesComposer *self = CHATROUTES_COMPOSER (widget);

  chatroutes_composer_set_model (self, g_variant_get_string (parameter, NULL));
  gtk_popover_popdown (self->model_popover);
}

/* GObject */

static void
chatroutes_composer_dispose (GObject *object)
{
  ChatroutesComposer *self = CHATROUTES_COMPOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CHATROUTES_TYPE_COMPOSER);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (chatroutes_composer_parent_class)->dispose (object);
}

static void
chatroutes_composer_finalize (GObject *object)
{
  ChatroutesComposer *self = CHATROUTES_COMPOSER (object);

  g_clear_pointer (&self->model, g_free);

  G_OBJECT_CLASS (chatroutes_composer_parent_class)->finalize (object);
}

static void
chatroutes_composer_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ChatroutesComposer *self = CHATROUTES_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_TEMPERATURE:
      g_value_set_double (value, self->temperature);
      break;
    case PROP_MAX_TOKENS:
      g_value_set_int (value, self->max_tokens);
      break;
    case PROP_STREAM:
      g_value_set_boolean (value, self->stream);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_TEXT:
      g_value_take_string (value, get_buffer_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_composer_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ChatroutesComposer *self = CHATROUTES_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      chatroutes_composer_set_catalog (self, g_value_get_object (value));
      break;
    case PROP_MODEL:
      chatroutes_composer_set_model (self, g_value_get_string (value));
      break;
    case PROP_TEMPERATURE:
      chatroutes_composer_set_temperature (self, g_value_get_double (value));
      break;
    case PROP_MAX_TOKENS:
      chatroutes_composer_set_max_tokens (self, g_value_get_int (value));
      break;
    case PROP_STREAM:
      chatroutes_composer_set_stream (self, g_value_get_boolean (value));
      break;
    case PROP_BUSY:
      chatroutes_composer_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_TEXT:
      chatroutes_composer_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_composer_class_init (ChatroutesComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  /* Referencing the bundle keeps it, and its registration at load time,
   * in programs that link the static library. */
  (void) chatroutes_composer_get_resource ();

  object_class->dispose = chatroutes_composer_dispose;
  object_class->finalize = chatroutes_composer_finalize;
  object_class->get_property = chatroutes_composer_get_property;
  object_class->set_property = chatroutes_composer_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, CHATROUTES_TYPE_MODEL_CATALOG, flags);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL, flags);
  properties[PROP_TEMPERATURE] =
    g_param_spec_double ("temperature", NULL, NULL, 0.0, 2.0, 1.0, flags);
  properties[PROP_MAX_TOKENS] =
    g_param_spec_int ("max-tokens", NULL, NULL, 0, 200000, 0, flags);
  properties[PROP_STREAM] =
    g_param_spec_boolean ("stream", NULL, NULL, TRUE, flags);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "", flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEND] =
    g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[STOP] =
    g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/chatroutes/Desktop/composer/chatroutes-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, card);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, scroller);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, placeholder);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, model_button);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, model_label);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, options_button);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, stop_button);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, model_popover);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, model_list);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, options_popover);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, temperature_scale);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, temperature_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, temperature_value);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, temperature_hint);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, max_tokens_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesComposer, stream_switch);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.newline", NULL, newline_action);
  gtk_widget_class_install_action (widget_class, "composer.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "composer.pick-model", "s", pick_model_action);

  /* Enter and Shift+Enter are handled before the text view sees them
   * (see on_key_pressed); listing them here too makes them reachable
   * from the send button and visible in the shortcut model. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "composer.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "composer.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "composer.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "composer.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_SHIFT_MASK, "composer.newline", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_SHIFT_MASK, "composer.newline", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "composer.stop", NULL);

  gtk_widget_class_set_css_name (widget_class, "composer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ensure_style (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "chatroutes-composer-css") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/com/chatroutes/Desktop/composer/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "chatroutes-composer-css",
                          g_steal_pointer (&provider), g_object_unref);
}

static void
chatroutes_composer_init (ChatroutesComposer *self)
{
  GtkEventController *controller;
  GtkTextBuffer *buffer;

  self->temperature = 1.0;
  self->stream = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "composer");
  ensure_style (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message"),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER, _("Message"),
                                  -1);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  buffer = gtk_text_view_get_buffer (self->text_view);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_buffer_changed), self, 0);
  g_signal_connect_object (self->text_view, "preedit-changed", G_CALLBACK (on_preedit_changed), self, 0);
  g_signal_connect_object (self->text_view, "notify::root", G_CALLBACK (on_text_view_css_changed), self, 0);

  gtk_list_box_set_header_func (self->model_list, model_list_header, NULL, NULL);

  g_signal_connect_object (self->temperature_adjustment, "value-changed",
                           G_CALLBACK (on_temperature_changed), self, 0);
  g_signal_connect_object (self->max_tokens_adjustment, "value-changed",
                           G_CALLBACK (on_max_tokens_changed), self, 0);
  g_signal_connect (self->max_tokens_spin, "output", G_CALLBACK (on_max_tokens_output), NULL);
  g_signal_connect (self->max_tokens_spin, "input", G_CALLBACK (on_max_tokens_input), NULL);
  gtk_switch_set_active (self->stream_switch, self->stream);
  g_signal_connect_object (self->stream_switch, "notify::active",
                           G_CALLBACK (on_stream_active), self, 0);

  update_line_limit (self);
  update_model_label (self);
  apply_model_range (self);
  update_actions (self);
}

GtkWidget *
chatroutes_composer_new (void)
{
  return g_object_new (CHATROUTES_TYPE_COMPOSER, NULL);
}

ChatroutesModelCatalog *
chatroutes_composer_get_catalog (ChatroutesComposer *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPOSER (self), NULL);
  return self->catalog;
}

void
chatroutes_composer_set_catalog (ChatroutesComposer     *self,
                                 ChatroutesModelCatalog *catalog)
{
  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));
  g_return_if_fail (catalog == NULL || CHATROUTES_IS_MODEL_CATALOG (catalog));

  if (!g_set_object (&self->catalog, catalog))
    return;

  gtk_list_box_bind_model (self->model_list,
                           catalog ? chatroutes_model_catalog_get_models (catalog) : NULL,
                           create_model_row, self, NULL);

  if (catalog != NULL && chatroutes_model_catalog_lookup (catalog, self->model) == NULL)
    chatroutes_composer_set_model (self, chatroutes_model_catalog_get_default_id (catalog));
  else
    {
      update_model_label (self);
      update_model_rows (self);
      apply_model_range (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

const char *
chatroutes_composer_get_model (ChatroutesComposer *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPOSER (self), NULL);
  return self->model;
}

void
chatroutes_composer_set_model (ChatroutesComposer *self,
                               const char         *model_id)
{
  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  if (!g_set_str (&self->model, model_id))
    return;

  if (model_id != NULL && self->catalog != NULL && current_info (self) == NULL)
    g_debug ("Model %s is not in the catalog", model_id);

  update_model_label (self);
  update_model_rows (self);
  apply_model_range (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

double
chatroutes_composer_get_temperature (ChatroutesComposer *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPOSER (self), 0.0);
  return self->temperature;
}

void
chatroutes_composer_set_temperature (ChatroutesComposer *self,
                                     double              temperature)
{
  ChatroutesModelInfo *info;

  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  info = current_info (self);
  if (info != NULL)
    temperature = CLAMP (temperature,
                         chatroutes_model_info_get_temperature_min (info),
                         chatroutes_model_info_get_temperature_max (info));
  else
    temperature = CLAMP (temperature, 0.0, 2.0);

  if (G_APPROX_VALUE (temperature, self->temperature, 1e-9))
    return;

  self->temperature = temperature;
  if (!G_APPROX_VALUE (gtk_adjustment_get_value (self->temperature_adjustment), temperature, 1e-9))
    gtk_adjustment_set_value (self->temperature_adjustment, temperature);
  update_temperature_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPERATURE]);
}

int
chatroutes_composer_get_max_tokens (ChatroutesComposer *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPOSER (self), 0);
  return self->max_tokens;
}

void
chatroutes_composer_set_max_tokens (ChatroutesComposer *self,
                                    int                 max_tokens)
{
  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  max_tokens = CLAMP (max_tokens, 0, 200000);
  if (self->max_tokens == max_tokens)
    return;

  self->max_tokens = max_tokens;
  if ((int) gtk_adjustment_get_value (self->max_tokens_adjustment) != max_tokens)
    gtk_adjustment_set_value (self->max_tokens_adjustment, max_tokens);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_TOKENS]);
}

gboolean
chatroutes_composer_get_stream (ChatroutesComposer *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPOSER (self), FALSE);
  return self->stream;
}

void
chatroutes_composer_set_stream (ChatroutesComposer *self,
                                gboolean            stream)
{
  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  stream = !!stream;
  if (self->stream == stream)
    return;

  self->stream = stream;
  gtk_switch_set_active (self->stream_switch, stream);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM]);
}

gboolean
chatroutes_composer_get_busy (ChatroutesComposer *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPOSER (self), FALSE);
  return self->busy;
}

void
chatroutes_composer_set_busy (ChatroutesComposer *self,
                              gboolean            busy)
{
  gboolean had_focus;

  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  had_focus = gtk_widget_has_focus (self->send_button) || gtk_widget_has_focus (self->stop_button);
  self->busy = busy;
  update_actions (self);
  if (had_focus)
    gtk_widget_grab_focus (busy ? self->stop_button : GTK_WIDGET (self->text_view));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

char *
chatroutes_composer_dup_text (ChatroutesComposer *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPOSER (self), NULL);
  return get_buffer_text (self);
}

void
chatroutes_composer_set_text (ChatroutesComposer *self,
                              const char         *text)
{
  g_autofree char *current = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  current = get_buffer_text (self);
  if (g_strcmp0 (current, text ? text : "") == 0)
    return;

  /* "changed" notifies :text. */
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
}

void
chatroutes_composer_clear (ChatroutesComposer *self)
{
  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  chatroutes_composer_set_text (self, "");
}

void
chatroutes_composer_show_error (ChatroutesComposer *self,
                                const char         *message)
{
  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  if (message == NULL || message[0] == '\0')
    {
      chatroutes_composer_clear_error (self);
      return;
    }

  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  gtk_widget_add_css_class (self->card, "composer-has-error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->text_view),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

void
chatroutes_composer_clear_error (ChatroutesComposer *self)
{
  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return;

  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_remove_css_class (self->card, "composer-has-error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_STATE_INVALID);
}

void
chatroutes_composer_focus (ChatroutesComposer *self)
{
  g_return_if_fail (CHATROUTES_IS_COMPOSER (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

GtkWidget *
_chatroutes_composer_get_child (ChatroutesComposer *self,
                                const char         *name)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPOSER (self), NULL);

  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), CHATROUTES_TYPE_COMPOSER, name));
}
