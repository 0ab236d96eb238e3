/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "chatroutes-composer-private.h"
#include "ui-util.h"

typedef struct
{
  GtkWidget *window;
  ChatroutesComposer *composer;
  ChatroutesModelCatalog *catalog;
  GPtrArray *sent;
  guint n_stops;
} Fixture;

static void
on_send (ChatroutesComposer *composer,
         const char         *text,
         Fixture            *f)
{
  g_ptr_array_add (f->sent, g_strdup (text));
}

static void
on_stop (ChatroutesComposer *composer,
         Fixture            *f)
{
  f->n_stops++;
}

static ChatroutesModelCatalog *
load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  ChatroutesModelCatalog *catalog;

  catalog = chatroutes_model_catalog_load ("/com/chatroutes/Desktop/models.json", &error);
  g_assert_no_error (error);
  return catalog;
}

/* A chat page: a header, an empty message area, the composer at the bottom. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *toolbar_view, *content, *scroller;

  f->sent = g_ptr_array_new_with_free_func (g_free);
  f->catalog = load_catalog ();

  f->composer = CHATROUTES_COMPOSER (chatroutes_composer_new ());
  g_object_add_weak_pointer (G_OBJECT (f->composer), (gpointer *) &f->composer);
  chatroutes_composer_set_catalog (f->composer, f->catalog);
  g_signal_connect (f->composer, "send", G_CALLBACK (on_send), f);
  g_signal_connect (f->composer, "stop", G_CALLBACK (on_stop), f);

  content = adw_status_page_new ();
  adw_status_page_set_title (ADW_STATUS_PAGE (content), "New Chat");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (content), "text-x-generic-symbolic");
  gtk_widget_set_vexpand (content, TRUE);

  toolbar_view = adw_toolbar_view_new ();
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar_view), adw_header_bar_new ());
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar_view), scroller);
  adw_toolbar_view_add_bottom_bar (ADW_TOOLBAR_VIEW (toolbar_view), GTK_WIDGET (f->composer));

  f->window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (f->window), "Chat");
  adw_window_set_content (ADW_WINDOW (f->window), toolbar_view);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 480);
  gtk_window_present (GTK_WINDOW (f->window));
  ui_wait_for_draw (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ui_run_for (50);
  g_assert_null (f->composer);
  g_assert_finalize_object (f->catalog);
  g_ptr_array_unref (f->sent);
}

static void
test_enter_sends (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;

  chatroutes_composer_set_text (f->composer, "Hello there");
  g_assert_true (_chatroutes_composer_handle_key (f->composer, GDK_KEY_Return, 0));
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->sent, 0), ==, "Hello there");

  /* Not cleared until the host says it took the text. */
  text = chatroutes_composer_dup_text (f->composer);
  g_assert_cmpstr (text, ==, "Hello there");
  chatroutes_composer_clear (f->composer);
  g_clear_pointer (&text, g_free);
  text = chatroutes_composer_dup_text (f->composer);
  g_assert_cmpstr (text, ==, "");

  /* Ctrl+Enter and keypad Enter send too; the action directly as well. */
  chatroutes_composer_set_text (f->composer, "second");
  g_assert_true (_chatroutes_composer_handle_key (f->composer, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_true (_chatroutes_composer_handle_key (f->composer, GDK_KEY_KP_Enter, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.send", NULL));
  g_assert_cmpuint (f->sent->len, ==, 4);

  /* Other keys are the text view's. */
  g_assert_false (_chatroutes_composer_handle_key (f->composer, GDK_KEY_a, 0));
  g_assert_false (_chatroutes_composer_handle_key (f->composer, GDK_KEY_Return, GDK_ALT_MASK));
}

static void
test_shift_enter_newline (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *text = NULL;

  chatroutes_composer_set_text (f->composer, "line one");
  g_assert_true (_chatroutes_composer_handle_key (f->composer, GDK_KEY_Return, GDK_SHIFT_MASK));
  text = chatroutes_composer_dup_text (f->composer);
  g_assert_cmpstr (text, ==, "line one\n");
  g_assert_cmpuint (f->sent->len, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.newline", NULL));
  g_clear_pointer (&text, g_free);
  text = chatroutes_composer_dup_text (f->composer);
  g_assert_cmpstr (text, ==, "line one\n\n");
}

static void
test_preedit (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *text_view = _chatroutes_composer_get_child (f->composer, "text_view");

  chatroutes_composer_set_text (f->composer, "typed");
  /* While an input method composes, Enter is its to commit. */
  g_signal_emit_by_name (text_view, "preedit-changed", "にほん");
  g_assert_false (_chatroutes_composer_handle_key (f->composer, GDK_KEY_Return, 0));
  g_assert_cmpuint (f->sent->len, ==, 0);
  g_signal_emit_by_name (text_view, "preedit-changed", "");
  g_assert_true (_chatroutes_composer_handle_key (f->composer, GDK_KEY_Return, 0));
  g_assert_cmpuint (f->sent->len, ==, 1);
}

static void
test_blank_not_sent (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *send = _chatroutes_composer_get_child (f->composer, "send_button");
  GtkWidget *placeholder = _chatroutes_composer_get_child (f->composer, "placeholder");

  g_assert_true (gtk_widget_get_visible (placeholder));
  g_assert_false (gtk_widget_get_sensitive (send));
  g_assert_true (_chatroutes_composer_handle_key (f->composer, GDK_KEY_Return, 0));
  gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.send", NULL);

  chatroutes_composer_set_text (f->composer, "  \n\t ");
  g_assert_false (gtk_widget_get_visible (placeholder));
  g_assert_false (gtk_widget_get_sensitive (send));
  gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.send", NULL);
  g_assert_cmpuint (f->sent->len, ==, 0);

  chatroutes_composer_set_text (f->composer, " x ");
  g_assert_true (gtk_widget_get_sensitive (send));
}

static void
test_busy_stop (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *send = _chatroutes_composer_get_child (f->composer, "send_button");
  GtkWidget *stop = _chatroutes_composer_get_child (f->composer, "stop_button");
  gboolean busy = FALSE;

  g_assert_true (gtk_widget_get_visible (send));
  g_assert_false (gtk_widget_get_visible (stop));
  /* Nothing to stop. */
  gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.stop", NULL);
  g_assert_cmpuint (f->n_stops, ==, 0);

  chatroutes_composer_set_text (f->composer, "next question");
  g_object_set (f->composer, "busy", TRUE, NULL);
  g_object_get (f->composer, "busy", &busy, NULL);
  g_assert_true (busy);
  g_assert_false (gtk_widget_get_visible (send));
  g_assert_true (gtk_widget_get_visible (stop));
  g_assert_true (gtk_widget_has_css_class (stop, "destructive-action"));
  g_assert_true (gtk_widget_get_sensitive (stop));

  /* No second send while a reply is under way. */
  g_assert_true (_chatroutes_composer_handle_key (f->composer, GDK_KEY_Return, 0));
  g_assert_cmpuint (f->sent->len, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.stop", NULL));
  g_assert_cmpuint (f->n_stops, ==, 1);

  chatroutes_composer_set_busy (f->composer, FALSE);
  g_assert_true (gtk_widget_get_visible (send));
  g_assert_false (gtk_widget_get_visible (stop));
}

static gboolean
find_shortcut (GtkWidget  *widget,
               const char *trigger,
               const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *t = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_autofree char *a = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

          g_test_message ("shortcut %s -> %s", t, a);
          if (g_str_equal (t, trigger) && strstr (a, action) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_actions_and_shortcuts (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (f->composer);
  const char *expected[] = { "composer.send", "composer.newline", "composer.stop", "composer.pick-model" };
  GtkWidget *w = GTK_WIDGET (f->composer);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;
      const GVariantType *parameter_type;
      const char *name, *property;
      GType owner;

      for (guint j = 0; gtk_widget_class_query_action (klass, j, &owner, &name, &parameter_type, &property); j++)
        found |= g_str_equal (name, expected[i]);
      g_assert_true (found);
    }

  g_assert_true (find_shortcut (w, "Return", "composer.send"));
  g_assert_true (find_shortcut (w, "<Control>Return", "composer.send"));
  g_assert_true (find_shortcut (w, "<Shift>Return", "composer.newline"));
  g_assert_true (find_shortcut (w, "Escape", "composer.stop"));
}

static void
test_model_picking (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *label = _chatroutes_composer_get_child (f->composer, "model_label");
  GtkAdjustment *adjustment;
  g_autofree char *model = NULL;

  g_assert_cmpstr (chatroutes_composer_get_model (f->composer), ==, "gpt-5");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "GPT-5");

  /* GPT goes to 2. */
  chatroutes_composer_set_temperature (f->composer, 1.8);
  g_assert_cmpfloat_with_epsilon (chatroutes_composer_get_temperature (f->composer), 1.8, 1e-9);
  chatroutes_composer_set_temperature (f->composer, 5.0);
  g_assert_cmpfloat_with_epsilon (chatroutes_composer_get_temperature (f->composer), 2.0, 1e-9);
  chatroutes_composer_set_temperature (f->composer, 1.8);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->composer), "composer.pick-model", "s", "claude-sonnet-4-5"));
  g_object_get (f->composer, "model", &model, NULL);
  g_assert_cmpstr (model, ==, "claude-sonnet-4-5");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Claude Sonnet 4.5");
  /* Claude stops at 1. */
  g_assert_cmpfloat (chatroutes_composer_get_temperature (f->composer), <=, 1.0);
  g_assert_cmpfloat_with_epsilon (chatroutes_composer_get_temperature (f->composer), 1.0, 1e-9);
  adjustment = gtk_range_get_adjustment (GTK_RANGE (_chatroutes_composer_get_child (f->composer, "temperature_scale")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, 1.0);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 1.0);

  /* Back to GPT keeps the value, widens the range. */
  chatroutes_composer_set_model (f->composer, "gpt-5");
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, 2.0);
  g_assert_cmpfloat_with_epsilon (chatroutes_composer_get_temperature (f->composer), 1.0, 1e-9);

  /* The scale drives the property. */
  gtk_adjustment_set_value (adjustment, 0.3);
  g_assert_cmpfloat_with_epsilon (chatroutes_composer_get_temperature (f->composer), 0.3, 1e-9);

  /* The other options. */
  g_object_set (f->composer, "max-tokens", 1024, "stream", FALSE, NULL);
  g_assert_cmpint (chatroutes_composer_get_max_tokens (f->composer), ==, 1024);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (_chatroutes_composer_get_child (f->composer, "stream_switch"))));
  gtk_switch_set_active (GTK_SWITCH (_chatroutes_composer_get_child (f->composer, "stream_switch")), TRUE);
  g_assert_true (chatroutes_composer_get_stream (f->composer));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (_chatroutes_composer_get_child (f->composer, "max_tokens_spin")), 0);
  g_assert_cmpint (chatroutes_composer_get_max_tokens (f->composer), ==, 0);
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *revealer = _chatroutes_composer_get_child (f->composer, "error_revealer");
  GtkWidget *label = _chatroutes_composer_get_child (f->composer, "error_label");

  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  chatroutes_composer_set_text (f->composer, "hi");
  chatroutes_composer_show_error (f->composer, "Invalid model: gpt-4");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Invalid model: gpt-4");

  /* Typing clears it. */
  chatroutes_composer_set_text (f->composer, "hi!");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  chatroutes_composer_show_error (f->composer, "Again");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  chatroutes_composer_clear_error (f->composer);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_text_property (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *text = NULL;
  guint n_notify = 0;

  g_signal_connect (f->composer, "notify::text", G_CALLBACK (on_notify), &n_notify);
  g_object_set (f->composer, "text", "a saved draft\nwith two lines", NULL);
  g_object_get (f->composer, "text", &text, NULL);
  g_assert_cmpstr (text, ==, "a saved draft\nwith two lines");
  g_assert_cmpuint (n_notify, ==, 1);
  /* The same text again changes nothing. */
  chatroutes_composer_set_text (f->composer, "a saved draft\nwith two lines");
  g_assert_cmpuint (n_notify, ==, 1);
  chatroutes_composer_set_text (f->composer, NULL);
  g_clear_pointer (&text, g_free);
  text = chatroutes_composer_dup_text (f->composer);
  g_assert_cmpstr (text, ==, "");

  chatroutes_composer_focus (f->composer);
  ui_run_for (50);
  g_assert_true (gtk_widget_has_focus (_chatroutes_composer_get_child (f->composer, "text_view")));
}

static void
test_grows (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *scroller = _chatroutes_composer_get_child (f->composer, "scroller");
  int one, three, many, more;

  ui_wait_for_draw (f->window);
  one = gtk_widget_get_height (scroller);
  chatroutes_composer_set_text (f->composer, "1\n2\n3");
  ui_wait_for_draw (f->window);
  three = gtk_widget_get_height (scroller);
  chatroutes_composer_set_text (f->composer, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12");
  ui_wait_for_draw (f->window);
  many = gtk_widget_get_height (scroller);
  chatroutes_composer_set_text (f->composer, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20");
  ui_wait_for_draw (f->window);
  more = gtk_widget_get_height (scroller);

  g_assert_cmpint (three, >, one);
  g_assert_cmpint (many, >, three);
  g_assert_cmpint (more, ==, many);  /* capped, then scrolls */
}

/* Screenshots */

static void
shoot (Fixture    *f,
       GtkWidget  *widget,
       const char *state,
       int         width)
{
  g_autofree char *name = g_strdup_printf ("composer-%s-%d", state, width);
  g_autofree char *path = ui_save_screenshot (widget, name);

  g_test_message ("screenshot: %s", path);
}

static void
resize (Fixture *f,
        int      width)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 480);
  ui_run_for (100);
  ui_wait_for_draw (f->window);
}

static void
shoot_all (Fixture *f,
           int      width)
{
  GtkWidget *model_button = _chatroutes_composer_get_child (f->composer, "model_button");
  GtkWidget *options_button = _chatroutes_composer_get_child (f->composer, "options_button");
  GtkWidget *model_popover = _chatroutes_composer_get_child (f->composer, "model_popover");
  GtkWidget *options_popover = _chatroutes_composer_get_child (f->composer, "options_popover");

  resize (f, width);

  chatroutes_composer_clear (f->composer);
  chatroutes_composer_set_busy (f->composer, FALSE);
  chatroutes_composer_set_model (f->composer, "gpt-5");
  shoot (f, f->window, "empty", width);

  chatroutes_composer_set_text (f->composer,
                                "Can you compare these two approaches?\n"
                                "1. Keep a cache per branch\n"
                                "2. Recompute the path on every switch\n"
                                "Which one scales better for long conversations with many forks?");
  shoot (f, f->window, "multiline", width);

  chatroutes_composer_set_text (f->composer, "And what about memory?");
  chatroutes_composer_set_busy (f->composer, TRUE);
  shoot (f, f->window, "busy", width);
  chatroutes_composer_set_busy (f->composer, FALSE);

  chatroutes_composer_set_model (f->composer, "claude-sonnet-4-5");
  chatroutes_composer_set_text (f->composer, "Use model gpt-4 please");
  chatroutes_composer_show_error (f->composer, "Invalid model “gpt-4”. Choose one of the listed models.");
  ui_run_for (300);
  shoot (f, f->window, "error", width);
  chatroutes_composer_clear_error (f->composer);

  gtk_menu_button_popup (GTK_MENU_BUTTON (model_button));
  ui_run_for (300);
  shoot (f, f->window, "model-popover-window", width);
  shoot (f, model_popover, "model-popover", width);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (model_button));

  chatroutes_composer_set_temperature (f->composer, 0.7);
  chatroutes_composer_set_max_tokens (f->composer, 2048);
  gtk_menu_button_popup (GTK_MENU_BUTTON (options_button));
  ui_run_for (300);
  shoot (f, options_popover, "options-popover", width);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (options_button));
  ui_run_for (100);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  ui_set_dark (FALSE);
  shoot_all (f, 800);
  shoot_all (f, 360);
  ui_set_dark (TRUE);
  shoot_all (f, 800);
  shoot_all (f, 360);
  ui_set_dark (FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ui_test_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/composer/enter-sends", test_enter_sends);
  ADD ("/composer/shift-enter-newline", test_shift_enter_newline);
  ADD ("/composer/preedit", test_preedit);
  ADD ("/composer/blank-not-sent", test_blank_not_sent);
  ADD ("/composer/busy-stop", test_busy_stop);
  ADD ("/composer/actions-and-shortcuts", test_actions_and_shortcuts);
  ADD ("/composer/model-picking", test_model_picking);
  ADD ("/composer/error", test_error);
  ADD ("/composer/text-property", test_text_property);
  ADD ("/composer/grows", test_grows);
  ADD ("/composer/screenshots", test_screenshots);
#undef ADD

  return g_test_run ();
}
