/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-secret.h"

#include "chatroutes-application.h"
#include "chatroutes-welcome-page-private.h"

G_DEFINE_FINAL_TYPE (ChatroutesWelcomePage, chatroutes_welcome_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The address typed, or the default when empty; NULL when unusable. */
static char *
dup_base_url (ChatroutesWelcomePage  *self,
              GError                **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->base_url_row))));

  if (text[0] == '\0')
    g_set_str (&text, CHATROUTES_DEFAULT_BASE_URL);
  if (!chatroutes_check_base_url (text, FALSE, error))
    return NULL;
  return g_steal_pointer (&text);
}

static void
update_sensitivity (ChatroutesWelcomePage *self)
{
  g_autofree char *base_url = NULL;
  g_autoptr(GError) error = NULL;
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  gboolean busy = self->cancellable != NULL;
  gboolean key_ok;

  {
    g_autofree char *trimmed = g_strstrip (g_strdup (key ? key : ""));
    key_ok = trimmed[0] != '\0';
  }

  base_url = dup_base_url (self, &error);
  if (error != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->base_url_error_row), error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->base_url_error_row), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->base_url_row), "error");
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->base_url_error_row), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->base_url_row), "error");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), key_ok && base_url != NULL && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->advanced_row), !busy);
  gtk_stack_set_visible_child_name (self->continue_stack, busy ? "spinner" : "label");
}

static void
show_error (ChatroutesWelcomePage *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_accessible_announce (GTK_ACCESSIBLE (self), message, GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_HIGH);
}

static void
set_busy (ChatroutesWelcomePage *self,
          gboolean               busy)
{
  if (busy)
    {
      g_assert (self->cancellable == NULL);
      self->cancellable = g_cancellable_new ();
    }
  else
    {
      g_clear_object (&self->cancellable);
      g_clear_object (&self->checking);
      g_clear_object (&self->account);
      g_clear_pointer (&self->base_url, g_free);
    }
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
store_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChatroutesWelcomePage) self = user_data;
  g_autoptr(ChatroutesAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *message = NULL;

  if (!chatroutes_secret_store_api_key_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The key could not be saved in the keyring: %s"), error->message);
      set_busy (self, FALSE);
      show_error (self, message);
      return;
    }

  /* The key worked: keep the address it worked with. */
  {
    g_autoptr(GSettings) settings = g_settings_new (CHATROUTES_SETTINGS_SCHEMA);

    if (g_strcmp0 (self->base_url, CHATROUTES_DEFAULT_BASE_URL) == 0)
      g_settings_reset (settings, "base-url");
    else
      g_settings_set_string (settings, "base-url", self->base_url);
  }

  account = g_steal_pointer (&self->account);
  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  set_busy (self, FALSE);
  g_signal_emit (self, signals[SIGNED_IN], 0, key, account);
}

static void
check_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ChatroutesWelcomePage) self = user_data;
  g_autoptr(ChatroutesAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  account = chatroutes_service_get_account_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (account == NULL)
    {
      set_busy (self, FALSE);
      if (g_error_matches (error, CHATROUTES_ERROR, CHATROUTES_ERROR_AUTHENTICATION))
        show_error (self, _("This key was not accepted"));
      else
        show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
      return;
    }

  self->account = g_steal_pointer (&account);
  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  chatroutes_secret_store_api_key_async (key, self->cancellable, store_key_cb, g_object_ref (self));
  memset (key, 0, strlen (key));
}

static void
on_continue_clicked (ChatroutesWelcomePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *key = NULL;

  if (self->cancellable != NULL)
    return;

  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  if (key[0] == '\0')
    return;

  base_url = dup_base_url (self, &error);
  if (base_url == NULL)
    {
      adw_expander_row_set_expanded (self->advanced_row, TRUE);
      return;
    }

  show_error (self, NULL);
  set_busy (self, TRUE);

  /* A service of its own: the application's one keeps working meanwhile. */
  self->base_url = g_steal_pointer (&base_url);
  self->checking = chatroutes_service_new (self->base_url, key);
  {
    g_autoptr(GSettings) settings = g_settings_new (CHATROUTES_SETTINGS_SCHEMA);

    chatroutes_service_set_timeout (self->checking, g_settings_get_uint (settings, "timeout"));
    chatroutes_service_set_retry_attempts (self->checking, 0);
  }
  memset (key, 0, strlen (key));

  chatroutes_service_get_account_async (self->checking, self->cancellable,
                                        check_key_cb, g_object_ref (self));
}

static void
on_key_changed (ChatroutesWelcomePage *self)
{
  show_error (self, NULL);
  update_sensitivity (self);
}

static void
on_key_activated (ChatroutesWelcomePage *self)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->continue_button)))
    on_continue_clicked (self);
}

static void
on_base_url_changed (ChatroutesWelcomePage *self)
{
  update_sensitivity (self);
}

static void
chatroutes_welcome_page_dispose (GObject *object)
{
  ChatroutesWelcomePage *self = CHATROUTES_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->checking);
  g_clear_object (&self->account);
  g_clear_pointer (&self->base_url, g_free);

  /* The bin owns the template's root; let it go first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHATROUTES_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (chatroutes_welcome_page_parent_class)->dispose (object);
}

static void
chatroutes_welcome_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ChatroutesWelcomePage *self = CHATROUTES_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, chatroutes_welcome_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_welcome_page_class_init (ChatroutesWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_welcome_page_dispose;
  object_class->get_property = chatroutes_welcome_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING, CHATROUTES_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/chatroutes/Desktop/chatroutes-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWelcomePage, key_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWelcomePage, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWelcomePage, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWelcomePage, base_url_error_row);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWelcomePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWelcomePage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesWelcomePage, continue_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_continue_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_key_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_key_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_base_url_changed);
}

static void
chatroutes_welcome_page_init (ChatroutesWelcomePage *self)
{
  GtkIconTheme *theme;

  gtk_widget_init_template (GTK_WIDGET (self));

  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  adw_status_page_set_icon_name (self->status_page,
                                 gtk_icon_theme_has_icon (theme, APPLICATION_ID)
                                 ? APPLICATION_ID : "chatroutes-symbolic");
  /* The placeholder shows what an empty address means. */
  g_object_set (gtk_editable_get_delegate (GTK_EDITABLE (self->base_url_row)),
                "placeholder-text", CHATROUTES_DEFAULT_BASE_URL, NULL);
  update_sensitivity (self);
}

GtkWidget *
chatroutes_welcome_page_new (void)
{
  return g_object_new (CHATROUTES_TYPE_WELCOME_PAGE, NULL);
}

void
chatroutes_welcome_page_set_base_url (ChatroutesWelcomePage *self,
                                      const char            *base_url)
{
  g_return_if_fail (CHATROUTES_IS_WELCOME_PAGE (self));

  /* The default shows as the placeholder. */
  if (base_url == NULL || g_strcmp0 (base_url, CHATROUTES_DEFAULT_BASE_URL) == 0)
    base_url = "";
  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), base_url);
}

gboolean
chatroutes_welcome_page_get_busy (ChatroutesWelcomePage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_WELCOME_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

void
chatroutes_welcome_page_reset (ChatroutesWelcomePage *self)
{
  g_return_if_fail (CHATROUTES_IS_WELCOME_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  if (self->cancellable != NULL)
    set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  show_error (self, NULL);
}
