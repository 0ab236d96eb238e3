/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <X11/Xlibint.h>
#include <X11/keysym.h>
#include <X11/extensions/xtestproto.h>

#include "chatroutes-conversation-view.h"
#include "chatroutes-sidebar.h"

#include "app-util.h"
#include "ui-util.h"

/*
 * The main flows with the keyboard alone. GTK 4 has no API to make key
 * events, so the test asks the X server to (the XTEST extension, as a
 * keyboard would): the keys travel through the server, GDK and GTK's
 * shortcut and focus handling like a person's typing. Ctrl+N names and
 * creates a conversation, typing and Enter send a message, Ctrl+F reaches
 * the sidebar search, Ctrl+L goes back to the message box, Tab leaves it.
 */

static TestSimulator *sim;
static Display *xdisplay;
static int xtest_opcode;

/* What XTestFakeKeyEvent() sends, without the library. */
static void
fake_key_event (KeyCode  keycode,
                gboolean press)
{
  Display *dpy = xdisplay;   /* the name Xlib's request macros use */
  xXTestFakeInputReq *req;

  LockDisplay (dpy);
  GetReq (XTestFakeInput, req);
  req->reqType = xtest_opcode;
  req->xtReqType = X_XTestFakeInput;
  req->type = press ? KeyPress : KeyRelease;
  req->detail = keycode;
  req->time = CurrentTime;
  req->root = None;
  req->rootX = req->rootY = 0;
  req->deviceid = 0;
  UnlockDisplay (dpy);
  SyncHandle ();
  XSync (dpy, False);
}

static KeyCode
keycode_for (KeySym keysym)
{
  KeyCode code = XKeysymToKeycode (xdisplay, keysym);

  g_assert_cmpuint (code, !=, 0);
  return code;
}

/* Presses and releases @keysym with the modifiers held (GDK masks), then
 * lets the application handle it. */
static void
press (KeySym          keysym,
       GdkModifierType mods)
{
  if (mods & GDK_CONTROL_MASK)
    fake_key_event (keycode_for (XK_Control_L), TRUE);
  if (mods & GDK_SHIFT_MASK)
    fake_key_event (keycode_for (XK_Shift_L), TRUE);
  fake_key_event (keycode_for (keysym), TRUE);
  fake_key_event (keycode_for (keysym), FALSE);
  if (mods & GDK_SHIFT_MASK)
    fake_key_event (keycode_for (XK_Shift_L), FALSE);
  if (mods & GDK_CONTROL_MASK)
    fake_key_event (keycode_for (XK_Control_L), FALSE);
  ui_run_for (60);
}

/* Types lower-case letters, digits and spaces. */
static void
type (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ')
        press (XK_space, 0);
      else if (g_ascii_isupper (*p))
        press (XK_a + (*p - 'A'), GDK_SHIFT_MASK);
      else
        {
          g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p));
          press ((KeySym) *p, 0);
        }
    }
  ui_run_for (100);
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static gboolean
focus_within (GtkWindow *window,
              GtkWidget *ancestor)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  return focus != NULL && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

typedef struct
{
  TestApp   *app;
  GtkWidget *widget;
} FocusWait;

static gboolean
focus_reached (gpointer data)
{
  FocusWait *wait = data;
  return focus_within (GTK_WINDOW (wait->app->window), wait->widget);
}

static void
assert_focus_within (TestApp    *a,
                     GtkWidget  *widget,
                     const char *what)
{
  FocusWait wait = { a, widget };

  if (!ui_wait_until (focus_reached, &wait, 3000))
    {
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (a->window));
      g_error ("The focus is not in %s but on %s", what, focus ? G_OBJECT_TYPE_NAME (focus) : "nothing");
    }
}

static gboolean
dialog_shown (gpointer data)
{
  TestApp *a = data;
  return adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a->window)) != NULL;
}

static gboolean
no_dialog (gpointer data)
{
  return !dialog_shown (data);
}

typedef struct
{
  TestApp    *app;
  const char *title;
} TitleWait;

static gboolean
conversation_open (gpointer data)
{
  TitleWait *wait = data;
  ChatroutesConversation *open = chatroutes_conversation_view_get_conversation (
    CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (wait->app->window)));

  return open != NULL && g_strcmp0 (chatroutes_conversation_get_title (open), wait->title) == 0;
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

static char *
composer_text (TestApp *a)
{
  GtkWidget *composer = chatroutes_conversation_view_get_composer (
    CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a->window)));
  char *text = NULL;

  g_object_get (composer, "text", &text, NULL);
  return text;
}

static void
test_keyboard_flow (void)
{
  TestApp a = { 0 };
  TitleWait title_wait = { &a, "Keyboard trip" };
  ChatroutesConversationView *view;
  ChatroutesSidebar *sidebar;
  GtkWidget *composer;
  g_autofree char *typed = NULL;
  g_autofree char *left = NULL;

  test_app_reset_state ();
  test_app_use_simulator (sim);
  test_app_start (&a);
  test_app_set_width (&a, 1100);
  g_assert_true (ui_wait_until (test_app_in_main, &a, 10000));
  g_assert_true (ui_wait_until (test_app_sidebar_loaded, &a, 10000));
  g_assert_true (ui_wait_until (window_active, a.window, 5000));

  view = CHATROUTES_CONVERSATION_VIEW (chatroutes_window_get_content (a.window));
  sidebar = CHATROUTES_SIDEBAR (chatroutes_window_get_sidebar (a.window));
  composer = chatroutes_conversation_view_get_composer (view);

  /* Ctrl+N asks for a title; typing it and Enter create the conversation,
   * which opens with the focus in the message box. */
  press (XK_n, GDK_CONTROL_MASK);
  g_assert_true (ui_wait_until (dialog_shown, &a, 5000));
  /* Typing starts once the dialog has put the focus in its title entry. */
  assert_focus_within (&a, GTK_WIDGET (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (a.window))),
                       "the title dialog");
  g_assert_true (GTK_IS_EDITABLE (gtk_window_get_focus (GTK_WINDOW (a.window))));
  type ("Keyboard trip");
  test_app_screenshot (GTK_WIDGET (a.window), "keyboard-new-conversation");
  press (XK_Return, 0);
  g_assert_true (ui_wait_until (no_dialog, &a, 5000));
  if (!ui_wait_until (conversation_open, &title_wait, 10000))
    {
      ChatroutesConversation *open = chatroutes_conversation_view_get_conversation (view);
      g_error ("The conversation open is “%s”", open ? chatroutes_conversation_get_title (open) : "none");
    }
  assert_focus_within (&a, composer, "the message box");

  /* Typing goes to the message box; Enter sends. */
  type ("where should we go");
  typed = composer_text (&a);
  g_assert_cmpstr (typed, ==, "where should we go");
  test_app_screenshot (GTK_WIDGET (a.window), "keyboard-typed");
  press (XK_Return, 0);
  g_assert_true (ui_wait_until (reply_done, &a, 30000));
  left = composer_text (&a);
  g_assert_cmpstr (left, ==, "");
  {
    g_autoptr(ChatroutesMessage) question = g_list_model_get_item (chatroutes_conversation_view_get_messages (view), 0);
    g_assert_cmpstr (chatroutes_message_get_content (question), ==, "where should we go");
  }

  /* Ctrl+F: the sidebar search, focused; typing filters the list. */
  press (XK_f, GDK_CONTROL_MASK);
  g_assert_true (chatroutes_sidebar_get_search_mode (sidebar));
  assert_focus_within (&a, GTK_WIDGET (sidebar), "the sidebar");
  type ("keyboard");
  ui_run_for (400);
  test_app_screenshot (GTK_WIDGET (a.window), "keyboard-search");

  /* Ctrl+L: back to the message box. */
  press (XK_l, GDK_CONTROL_MASK);
  assert_focus_within (&a, composer, "the message box");

  /* Tab leaves the message box for the composer's buttons. */
  {
    GtkWidget *text_view = gtk_window_get_focus (GTK_WINDOW (a.window));

    g_assert_true (GTK_IS_TEXT_VIEW (text_view));
    press (XK_Tab, 0);
    g_assert_nonnull (gtk_window_get_focus (GTK_WINDOW (a.window)));
    g_assert_true (gtk_window_get_focus (GTK_WINDOW (a.window)) != text_view);
    assert_focus_within (&a, composer, "the composer");
  }

  /* F9 hides the sidebar and brings it back. */
  press (XK_F9, 0);
  g_assert_true (adw_navigation_split_view_get_collapsed (a.window->split_view));
  press (XK_F9, 0);
  g_assert_false (adw_navigation_split_view_get_collapsed (a.window->split_view));

  test_app_stop (&a);
}

int
main (int   argc,
      char *argv[])
{
  GdkDisplay *display;
  int event_base, error_base;
  int ret;

  g_test_init (&argc, &argv, NULL);
  ui_test_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  display = gdk_display_get_default ();
  if (!GDK_IS_X11_DISPLAY (display))
    {
      g_test_skip ("Key events are made through X11's XTEST extension");
      return g_test_run ();
    }
  /* The X11 backend is deprecated, not gone; the test needs its display. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  xdisplay = gdk_x11_display_get_xdisplay (display);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_true (XQueryExtension (xdisplay, "XTEST", &xtest_opcode, &event_base, &error_base));

  sim = test_simulator_start ("--pace-ms", "5", "--seed-conversations", "6", NULL);

  g_test_add_func ("/keyboard/flow", test_keyboard_flow);

  ret = g_test_run ();

  test_app_reset_state ();
  test_simulator_stop (sim);
  return ret;
}
