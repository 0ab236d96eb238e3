/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-conversation-view.h"
#include "chatroutes-preferences-dialog.h"
#include "chatroutes-welcome-page-private.h"

#include "a11y-util.h"
#include "app-util.h"
#include "ui-util.h"

/*
 * Every control a person can operate has an accessible name, in each main
 * state of the window: the first-run page; the conversations with one open,
 * its messages, the composer, and what the menu buttons pop up; the sidebar
 * search; the preferences.
 */

static TestSimulator *sim;

/* Checks what @root shows; fails listing every unnamed control. Returns
 * how many controls were checked. */
static guint
check_names_full (GtkWidget  *root,
                  const char *state,
                  gboolean    expect_controls)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  guint checked;

  checked = a11y_check_names (GTK_ACCESSIBLE (root), seen, problems);
  g_test_message ("%s: %u controls checked", state, checked);
  if (problems->len > 0)
    {
      g_autoptr(GString) all = g_string_new (NULL);

      for (guint i = 0; i < problems->len; i++)
        g_string_append_printf (all, "\n  %s", (const char *) g_ptr_array_index (problems, i));
      /* Every state is still checked, so one run lists all of them. */
      g_test_message ("%s: %u controls have no accessible name:%s", state, problems->len, all->str);
      g_test_fail ();
    }
  if (expect_controls)
    g_assert_cmpuint (checked, >, 0);
  return checked;
}

static guint
check_names (GtkWidget  *root,
             const char *state)
{
  return check_names_full (root, state, TRUE);
}

static void
collect_menu_buttons (GtkWidget *widget,
                      GPtrArray *buttons)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_MENU_BUTTON (widget))
    g_ptr_array_add (buttons, g_object_ref (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_menu_buttons (child, buttons);
}

static gboolean
popover_mapped (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (data);
  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

/* Opens each menu button shown under @root and checks what pops up. */
static guint
check_popovers (GtkWidget  *root,
                const char *state)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new_with_free_func (g_object_unref);
  guint checked = 0;

  collect_menu_buttons (root, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkMenuButton *button = g_ptr_array_index (buttons, i);
      g_autofree char *where = NULL;
      g_autofree char *name = a11y_describe (GTK_ACCESSIBLE (button));

      gtk_menu_button_popup (button);
      g_assert_true (ui_wait_until (popover_mapped, button, 5000));
      ui_run_for (50);
      where = g_strdup_printf ("%s, the popover of %s", state, name);
      /* A list of choices may have no control of the roles checked. */
      checked += check_names_full (GTK_WIDGET (gtk_menu_button_get_popover (button)), where, FALSE);
      gtk_menu_button_popdown (button);
      ui_run_for (50);
    }
  return checked;
}

/* The checker itself: it must find what it is meant to find. */
static void
test_checker (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bare_icon = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *named_icon = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *text_button = gtk_button_new_with_mnemonic ("_Add");
  GtkWidget *bare_menu = gtk_menu_button_new ();
  GtkWidget *named_menu = gtk_menu_button_new ();
  GtkWidget *bare_entry = gtk_entry_new ();
  GtkWidget *label = gtk_label_new ("Name");
  GtkWidget *labelled_entry = gtk_entry_new ();
  GtkWidget *bare_switch = gtk_switch_new ();
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *header_icon = gtk_button_new_from_icon_name ("list-add-symbolic");
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  guint checked;

  /* A tooltip alone is not enough for the application's own controls. */
  gtk_widget_set_tooltip_text (bare_icon, "Add");
  gtk_accessible_update_property (GTK_ACCESSIBLE (named_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Add", -1);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (bare_menu), "open-menu-symbolic");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (named_menu), "open-menu-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (named_menu),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Menu", -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (labelled_entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  /* An application's button in a library's header bar is the
   * application's: its tooltip is not enough either. */
  gtk_widget_set_tooltip_text (header_icon, "Add");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), header_icon);

  for (GtkWidget **w = (GtkWidget *[]) { bare_icon, named_icon, text_button, bare_menu, named_menu,
                                         bare_entry, label, labelled_entry, bare_switch, header, NULL };
       *w != NULL; w++)
    gtk_box_append (GTK_BOX (box), *w);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_for_draw (window);

  checked = a11y_check_names (GTK_ACCESSIBLE (window), seen, problems);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("found: %s", (const char *) g_ptr_array_index (problems, i));

  /* Buttons, menu buttons (and their toggles), entries (and their text),
   * the switch. */
  g_assert_cmpuint (checked, >=, 8);
  /* The bare icon button, the bare menu button and its toggle, the bare
   * entry, the switch, the header bar's button (its window buttons are
   * named by GTK). */
  g_assert_cmpuint (problems->len, ==, 6);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), "GtkButton (role button) tooltip “Add”"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_welcome (void)
{
  TestApp a = { 0 };

  test_app_reset_state ();
  test_app_start (&a);
  test_app_set_width (&a, 1000);
  g_assert_cmpstr (chatroutes_window_get_view_name (a.window), ==, "welcome");

  check_names (GTK_WIDGET (a.window), "welcome page");
  /* Advanced open: the service address too. */
  adw_expander_row_set_expanded (a.window->welcome_page->advanced_row, TRUE);
  ui_run_for (100);
  check_names (GTK_WIDGET (a.window), "welcome page, advanced");
  check_popovers (GTK_WIDGET (a.window), "welcome page");

  test_app_stop (&a);
}

static gboolean
reply_done (gpointer data)
{
  TestApp *a = data;
  ChatroutesService *service = chatroutes_application_get_service (a->app);
  GListModel *messages = chatroutes_conversation_view_get_messages (
    CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a->window)));

  return messages != NULL && g_list_model_get_n_items (messages) >= 2 &&
         g_list_model_get_n_items (chatroutes_service_get_active_streams (service)) == 0;
}

static gboolean
dialog_shown (gpointer data)
{
  TestApp *a = data;
  return adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a->window)) != NULL;
}

static void
test_main (void)
{
  TestApp a = { 0 };
  g_autoptr(ChatroutesConversation) conversation = NULL;
  ChatroutesConversationView *view;
  AdwDialog *dialog;
  guint checked;

  test_app_reset_state ();
  test_app_use_simulator (sim);
  test_app_start (&a);
  test_app_set_width (&a, 1100);
  g_assert_true (ui_wait_until (test_app_in_main, &a, 10000));

  /* Nothing open yet. */
  conversation = test_app_first_conversation (&a);
  check_names (GTK_WIDGET (a.window), "conversation list");

  /* A conversation open, with a question and its reply. */
  g_signal_emit_by_name (chatroutes_window_get_sidebar (a.window), "conversation-activated", conversation);
  view = CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a.window));
  chatroutes_conversation_view_send (view, "Which **branch** should I try first?");
  g_assert_true (ui_wait_until (reply_done, &a, 30000));
  ui_wait_for_draw (GTK_WIDGET (a.window));
  ui_run_for (200);

  checked = check_names (GTK_WIDGET (a.window), "conversation open");
  /* The sidebar's buttons, its rows' menus, the messages' actions and the
   * composer are all in there. */
  g_assert_cmpuint (checked, >=, 10);
  check_popovers (GTK_WIDGET (a.window), "conversation open");
  test_app_screenshot (GTK_WIDGET (a.window), "a11y-conversation");

  /* The sidebar search. */
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "search", NULL);
  ui_run_for (300);
  check_names (GTK_WIDGET (a.window), "sidebar search");
  g_action_group_activate_action (G_ACTION_GROUP (a.window), "search", NULL);

  /* Narrow: one pane at a time, with its own buttons. */
  test_app_set_width (&a, 360);
  check_names (GTK_WIDGET (a.window), "narrow window");
  test_app_set_width (&a, 1100);

  /* Preferences. */
  g_action_group_activate_action (G_ACTION_GROUP (a.app), "preferences", NULL);
  g_assert_true (ui_wait_until (dialog_shown, &a, 5000));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a.window));
  g_assert_true (CHATROUTES_IS_PREFERENCES_DIALOG (dialog));
  ui_run_for (400);
  check_names (GTK_WIDGET (dialog), "preferences");
  check_popovers (GTK_WIDGET (dialog), "preferences");
  adw_dialog_force_close (dialog);
  ui_run_for (200);

  test_app_stop (&a);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  ui_test_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  sim = test_simulator_start ("--pace-ms", "5", "--seed-conversations", "6", NULL);

  g_test_add_func ("/a11y/checker", test_checker);
  g_test_add_func ("/a11y/names/welcome", test_welcome);
  g_test_add_func ("/a11y/names/main", test_main);

  ret = g_test_run ();

  test_app_reset_state ();
  test_simulator_stop (sim);
  return ret;
}
