/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-model-catalog.h"
#include "chatroutes-secret.h"

#include "chatroutes-preferences-dialog-private.h"

G_DEFINE_FINAL_TYPE (ChatroutesPreferencesDialog, chatroutes_preferences_dialog, ADW_TYPE_PREFERENCES_DIALOG)

enum {
  PROP_0,
  PROP_APPLICATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (ChatroutesPreferencesDialog *self,
       const char                  *text)
{
  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self), adw_toast_new (text));
}

/* Account */

static void
update_account (ChatroutesPreferencesDialog *self)
{
  ChatroutesAccount *account = chatroutes_application_get_account (self->application);
  gboolean has_key = chatroutes_application_get_has_key (self->application);
  const char *subtitle;

  if (account != NULL && chatroutes_account_get_email (account) != NULL)
    subtitle = chatroutes_account_get_email (account);
  else if (has_key)
    subtitle = _("Unknown — the account could not be read");
  else
    subtitle = _("No API key");

  adw_action_row_set_subtitle (self->account_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_key_row), has_key);
}

typedef struct
{
  ChatroutesPreferencesDialog *self;
  char *api_key;
} StoreKey;

static void
store_key_free (StoreKey *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->api_key, chatroutes_secret_free);
  g_free (data);
}

static void
store_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  StoreKey *data = user_data;
  ChatroutesPreferencesDialog *self = data->self;
  g_autoptr(GError) error = NULL;

  if (chatroutes_secret_store_api_key_finish (result, &error))
    {
      chatroutes_application_set_api_key (self->application, data->api_key);
      gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
      toast (self, _("API key saved"));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("The key could not be saved: %s"), error->message);
      toast (self, text);
    }

  store_key_free (data);
}

static void
on_key_apply (ChatroutesPreferencesDialog *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  StoreKey *data;

  if (key[0] == '\0')
    return;

  data = g_new0 (StoreKey, 1);
  data->self = g_object_ref (self);
  data->api_key = g_steal_pointer (&key);
  chatroutes_secret_store_api_key_async (data->api_key, self->cancellable, store_key_cb, data);
}

static void
clear_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChatroutesPreferencesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!chatroutes_secret_clear_api_key_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      {
        g_autofree char *text = g_strdup_printf (_("The key could not be removed: %s"), error->message);
        toast (self, text);
      }
      return;
    }

  chatroutes_application_set_api_key (self->application, NULL);
  adw_dialog_close (ADW_DIALOG (self));
}

static void
on_remove_key_activated (ChatroutesPreferencesDialog *self)
{
  chatroutes_secret_clear_api_key_async (self->cancellable, clear_key_cb, g_object_ref (self));
}

/* Service address */

static void
show_base_url_error (ChatroutesPreferencesDialog *self,
                     const char                  *message)
{
  if (message != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->base_url_error_row), message);
      gtk_widget_add_css_class (GTK_WIDGET (self->base_url_row), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->base_url_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->base_url_error_row), message != NULL);
}

static void
on_base_url_apply (ChatroutesPreferencesDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->base_url_row))));
  g_autoptr(GError) error = NULL;

  if (text[0] == '\0')
    {
      g_settings_reset (self->settings, "base-url");
      gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), CHATROUTES_DEFAULT_BASE_URL);
      show_base_url_error (self, NULL);
      return;
    }

  if (!chatroutes_check_base_url (text, FALSE, &error))
    {
      show_base_url_error (self, error->message);
      return;
    }

  show_base_url_error (self, NULL);
  g_settings_set_string (self->settings, "base-url", text);
}

static void
on_base_url_changed (ChatroutesPreferencesDialog *self)
{
  show_base_url_error (self, NULL);
}

/* Default model */

static char *
model_display_name (ChatroutesModelInfo *info,
                    gpointer             user_data)
{
  if (info == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s · %s",
                          chatroutes_model_info_get_name (info),
                          chatroutes_model_info_get_provider_name (info));
}

static const char *
model_id_at (ChatroutesPreferencesDialog *self,
             guint                        position)
{
  g_autoptr(GObject) item = g_list_model_get_item (self->models, position);

  if (item == NULL)
    return NULL;
  if (self->models_from_catalog)
    return chatroutes_model_info_get_id (CHATROUTES_MODEL_INFO (item));
  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

static void
select_model (ChatroutesPreferencesDialog *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "default-model");
  guint n = g_list_model_get_n_items (self->models);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (model_id_at (self, i), current) == 0)
      {
        adw_combo_row_set_selected (self->model_row, i);
        return;
      }
}

static void
on_model_selected (ChatroutesPreferencesDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->model_row);
  const char *id;

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  /* model_id_at() returns a string owned by the item the model keeps. */
  id = model_id_at (self, selected);
  if (id != NULL)
    g_settings_set_string (self->settings, "default-model", id);
}

static void
setup_models (ChatroutesPreferencesDialog *self)
{
  g_autoptr(ChatroutesModelCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = chatroutes_model_catalog_load ("/com/chatroutes/Desktop/models.json", &error);
  if (catalog != NULL && g_list_model_get_n_items (chatroutes_model_catalog_get_models (catalog)) > 0)
    {
      GtkExpression *expression;

      self->models = g_object_ref (chatroutes_model_catalog_get_models (catalog));
      self->models_from_catalog = TRUE;
      expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                G_CALLBACK (model_display_name), NULL, NULL);
      adw_combo_row_set_expression (self->model_row, expression);
      gtk_expression_unref (expression);
    }
  else
    {
      g_autofree char *current = g_settings_get_string (self->settings, "default-model");
      GtkStringList *list = gtk_string_list_new (NULL);

      /* Without the list, offer what is set and the service's default. */
      if (error != NULL)
        g_debug ("No model list: %s", error->message);
      gtk_string_list_append (list, current);
      if (g_strcmp0 (current, CHATROUTES_DEFAULT_MODEL) != 0)
        gtk_string_list_append (list, CHATROUTES_DEFAULT_MODEL);
      self->models = G_LIST_MODEL (list);
      self->models_from_catalog = FALSE;
    }

  adw_combo_row_set_model (self->model_row, self->models);
  select_model (self);
  g_signal_connect_object (self->model_row, "notify::selected",
                           G_CALLBACK (on_model_selected), self, G_CONNECT_SWAPPED);
}

/* Numbers: the schema keeps whole seconds as unsigned integers. */

static gboolean
get_uint_as_double (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
set_double_as_uint (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  double d = g_value_get_double (value);

  return g_variant_new_uint32 (d <= 0 ? 0 : (guint32) (d + 0.5));
}

/* GObject */

static void
chatroutes_preferences_dialog_constructed (GObject *object)
{
  ChatroutesPreferencesDialog *self = CHATROUTES_PREFERENCES_DIALOG (object);
  g_autofree char *base_url = NULL;

  G_OBJECT_CLASS (chatroutes_preferences_dialog_parent_class)->constructed (object);

  g_assert (CHATROUTES_IS_APPLICATION (self->application));

  self->settings = g_object_ref (chatroutes_application_get_settings (self->application));

  g_signal_connect_object (self->application, "notify::account",
                           G_CALLBACK (update_account), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::has-key",
                           G_CALLBACK (update_account), self, G_CONNECT_SWAPPED);
  update_account (self);

  base_url = g_settings_get_string (self->settings, "base-url");
  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), base_url);
  show_base_url_error (self, NULL);

  setup_models (self);

  g_settings_bind_with_mapping (self->settings, "timeout", self->timeout_row, "value",
                                G_SETTINGS_BIND_DEFAULT,
                                get_uint_as_double, set_double_as_uint, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "retry-attempts", self->retry_attempts_row, "value",
                                G_SETTINGS_BIND_DEFAULT,
                                get_uint_as_double, set_double_as_uint, NULL, NULL);
  g_settings_bind (self->settings, "retry-delay", self->retry_delay_row, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
chatroutes_preferences_dialog_dispose (GObject *object)
{
  ChatroutesPreferencesDialog *self = CHATROUTES_PREFERENCES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHATROUTES_TYPE_PREFERENCES_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->models);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (chatroutes_preferences_dialog_parent_class)->dispose (object);
}

static void
chatroutes_preferences_dialog_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  ChatroutesPreferencesDialog *self = CHATROUTES_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_preferences_dialog_set_property (GObject      *object,
                                            guint         prop_id,
                                            const GValue *value,
                                            GParamSpec   *pspec)
{
  ChatroutesPreferencesDialog *self = CHATROUTES_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      self->application = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_preferences_dialog_class_init (ChatroutesPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = chatroutes_preferences_dialog_constructed;
  object_class->dispose = chatroutes_preferences_dialog_dispose;
  object_class->get_property = chatroutes_preferences_dialog_get_property;
  object_class->set_property = chatroutes_preferences_dialog_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         CHATROUTES_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/chatroutes/Desktop/chatroutes-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesPreferencesDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesPreferencesDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesPreferencesDialog, remove_key_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesPreferencesDialog, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesPreferencesDialog, base_url_error_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesPreferencesDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesPreferencesDialog, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesPreferencesDialog, retry_attempts_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesPreferencesDialog, retry_delay_row);
  gtk_widget_class_bind_template_callback (widget_class, on_key_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_key_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_base_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_base_url_changed);
}

static void
chatroutes_preferences_dialog_init (ChatroutesPreferencesDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

AdwDialog *
chatroutes_preferences_dialog_new (ChatroutesApplication *application)
{
  g_return_val_if_fail (CHATROUTES_IS_APPLICATION (application), NULL);

  return g_object_new (CHATROUTES_TYPE_PREFERENCES_DIALOG,
                       "application", application,
                       NULL);
}
