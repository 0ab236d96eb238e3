/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "chatroutes-i18n.h"
#include "chatroutes-welcome-page-private.h"

#include "app-util.h"
#include "ui-util.h"

/*
 * The application in another language: started the way main() starts it
 * (chatroutes_i18n_init()), with the catalogs the build compiled into
 * <build>/po (CHATROUTES_LOCALEDIR), it must show translated text in its
 * widgets. The language comes from $CHATROUTES_TEST_LANGUAGE.
 */

typedef struct
{
  const char *language;
  const char *locale;
  const char *welcome_title;   /* the first-run page's heading */
  const char *continue_label;  /* its button, with the mnemonic */
  const char *main_menu;       /* the menu button's tooltip */
  const char *sidebar_title;   /* the sidebar page */
  const char *content_title;   /* the content page */
  const char *no_selection;    /* the content placeholder */
  const char *remove_key;      /* a button row of the preferences */
  const char *timeout;         /* a spin row of the preferences */
  const char *preferences;     /* their title */
} Expected;

static const Expected expectations[] = {
  { "de", "de_DE.UTF-8", "Willkommen bei ChatRoutes", "_Weiter", "Hauptmenü",
    "Unterhaltungen", "Unterhaltung", "Keine Unterhaltung ausgewählt",
    "Schlüssel _entfernen", "Zeitüberschreitung", "Einstellungen" },
  { "fr", "fr_FR.UTF-8", "Bienvenue dans ChatRoutes", "_Continuer", "Menu principal",
    "Conversations", "Conversation", "Aucune conversation sélectionnée",
    "_Supprimer la clé", "Délai d’attente", "Préférences" },
};

static const Expected *expected;
static TestSimulator *sim;

/* Every label's text under @widget that is drawn, in tree order. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  collect_labels (widget, texts);
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_shows_label (GtkWidget  *widget,
                    const char *text)
{
  if (!shows_label (widget, text))
    {
      g_autoptr(GPtrArray) texts = g_ptr_array_new ();
      g_autoptr(GString) all = g_string_new (NULL);

      collect_labels (widget, texts);
      for (guint i = 0; i < texts->len; i++)
        g_string_append_printf (all, " “%s”", (const char *) g_ptr_array_index (texts, i));
      g_error ("No label shows “%s”; labels shown:%s", text, all->str);
    }
}

/* Finds the first widget of @type under @widget for which @check holds. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type,
             gboolean (*check) (GtkWidget *widget))
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (check == NULL || check (widget)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, check);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_visible_menu_button (GtkWidget *widget)
{
  return gtk_widget_is_drawable (widget);
}

static void
test_catalog_bound (void)
{
  /* The catalog is found and gives this language, not the English text. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Welcome to ChatRoutes"), ==, expected->welcome_title);
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", 2), !=, "%d minutes ago");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "conversation filter", "All"), !=, "All");
}

static void
test_welcome (void)
{
  TestApp a = { 0 };
  ChatroutesWelcomePage *page;
  GtkWidget *menu_button;
  g_autofree char *name = NULL;

  test_app_reset_state ();
  test_app_start (&a);
  test_app_set_width (&a, 1000);
  g_assert_cmpstr (chatroutes_window_get_view_name (a.window), ==, "welcome");
  page = a.window->welcome_page;

  /* The heading, as the status page draws it. */
  g_assert_cmpstr (adw_status_page_get_title (page->status_page), ==, expected->welcome_title);
  assert_shows_label (GTK_WIDGET (page->status_page), expected->welcome_title);

  /* The button's label, mnemonic and all. */
  assert_shows_label (GTK_WIDGET (page->continue_button), expected->continue_label);

  /* Rows of the form. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (page->key_row)), ==,
                   g_dgettext (GETTEXT_PACKAGE, "API Key"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (page->key_row)), !=, "API Key");

  /* The header's menu button: tooltip and accessible name. */
  menu_button = find_widget (GTK_WIDGET (a.window), GTK_TYPE_MENU_BUTTON, is_visible_menu_button);
  g_assert_nonnull (menu_button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (menu_button), ==, expected->main_menu);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (menu_button),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, expected->main_menu);

  name = g_strdup_printf ("locale-%s-welcome", expected->language);
  test_app_screenshot (GTK_WIDGET (a.window), name);
  test_app_stop (&a);
}

static void
test_main (void)
{
  TestApp a = { 0 };
  g_autofree char *name = NULL;

  test_app_reset_state ();
  test_app_use_simulator (sim);
  test_app_start (&a);
  test_app_set_width (&a, 1000);
  g_assert_true (ui_wait_until (test_app_in_main, &a, 10000));
  g_assert_true (ui_wait_until (test_app_sidebar_loaded, &a, 10000));

  g_assert_cmpstr (adw_navigation_page_get_title (a.window->sidebar_page), ==, expected->sidebar_title);
  g_assert_cmpstr (adw_navigation_page_get_title (a.window->content_page), ==, expected->content_title);
  /* Nothing open yet: the placeholder says so. */
  assert_shows_label (chatroutes_window_get_content (a.window), expected->no_selection);

  name = g_strdup_printf ("locale-%s-main", expected->language);
  test_app_screenshot (GTK_WIDGET (a.window), name);

  /* The preferences: rows and a button, as drawn. */
  {
    AdwDialog *dialog;
    g_autofree char *prefs_name = g_strdup_printf ("locale-%s-preferences", expected->language);

    g_action_group_activate_action (G_ACTION_GROUP (a.app), "preferences", NULL);
    dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a.window));
    g_assert_nonnull (dialog);
    ui_run_for (300);
    g_assert_cmpstr (adw_dialog_get_title (dialog), ==, expected->preferences);
    assert_shows_label (GTK_WIDGET (dialog), expected->preferences);
    assert_shows_label (GTK_WIDGET (dialog), expected->remove_key);
    assert_shows_label (GTK_WIDGET (dialog), expected->timeout);
    test_app_screenshot (GTK_WIDGET (a.window), prefs_name);
    adw_dialog_force_close (dialog);
    ui_run_for (100);
  }

  test_app_stop (&a);
}

int
main (int   argc,
      char *argv[])
{
  const char *language = g_getenv ("CHATROUTES_TEST_LANGUAGE");
  g_autofree char *locpath = NULL;
  const char *locale;
  int ret;

  g_assert_nonnull (language);
  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_str_equal (expectations[i].language, language))
      expected = &expectations[i];
  g_assert_nonnull (expected);

  g_test_init (&argc, &argv, NULL);

  /* glibc ignores LANGUAGE while the locale is C or C.UTF-8, and a build
   * machine may have no other locale compiled. The locale data of C.UTF-8,
   * copied under this language's locale name into a private LOCPATH, gives
   * a locale whose messages category is this language; every other
   * category stays as in C.UTF-8. */
  locpath = g_test_build_filename (G_TEST_BUILT, "desktop", "locale", NULL);
  if (setlocale (LC_ALL, expected->locale) == NULL)
    {
      g_autofree char *target = g_build_filename (locpath, expected->locale, NULL);
      const char *sources[] = { "/usr/lib/locale/C.utf8", "/usr/lib/locale/C.UTF-8" };

      for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
        if (g_file_test (sources[i], G_FILE_TEST_IS_DIR) &&
            !g_file_test (target, G_FILE_TEST_IS_DIR))
          {
            g_autofree char *quoted_source = g_shell_quote (sources[i]);
            g_autofree char *quoted_target = g_shell_quote (target);
            g_autofree char *command = g_strdup_printf ("cp -r %s %s", quoted_source, quoted_target);
            g_autoptr(GError) error = NULL;
            int status = 0;

            g_mkdir_with_parents (locpath, 0755);
            g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
            g_assert_no_error (error);
            g_assert_true (g_spawn_check_wait_status (status, NULL));
          }
      g_setenv ("LOCPATH", locpath, TRUE);
    }

  g_setenv ("LC_ALL", expected->locale, TRUE);
  g_setenv ("LANGUAGE", expected->language, TRUE);
  g_assert_nonnull (g_getenv ("CHATROUTES_LOCALEDIR"));
  g_assert_cmpstr (chatroutes_i18n_init (), ==, g_getenv ("CHATROUTES_LOCALEDIR"));
  locale = setlocale (LC_MESSAGES, NULL);
  g_assert_cmpstr (locale, ==, expected->locale);

  ui_test_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  sim = test_simulator_start ("--pace-ms", "5", "--seed-conversations", "6", NULL);

  g_test_add_func ("/locale/catalog", test_catalog_bound);
  g_test_add_func ("/locale/welcome", test_welcome);
  g_test_add_func ("/locale/main", test_main);

  ret = g_test_run ();

  test_app_reset_state ();
  test_simulator_stop (sim);
  return ret;
}
