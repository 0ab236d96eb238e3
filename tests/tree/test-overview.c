/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <string.h>

#include "chatroutes-overview.h"
#include "chatroutes-overview-dialog.h"
#include "chatroutes-tree-text.h"
#include "ui-util.h"

#define NONE CHATROUTES_MESSAGE_TREE_NONE

typedef struct
{
  GtkWidget *window;
  GtkWidget *scroller;
  ChatroutesOverview *overview;
  ChatroutesMessageTree *tree;
  char *activated_branch;
  char *activated_message;
  guint n_activated;
} Fixture;

static GListModel *
make_messages (const char *ids)
{
  GListStore *store = g_list_store_new (CHATROUTES_TYPE_MESSAGE);
  g_auto(GStrv) parts = g_strsplit (ids, " ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(ChatroutesMessage) message = chatroutes_message_new ();
      g_autofree char *content = g_strdup_printf ("Message %s, with some words after it", parts[i]);

      chatroutes_message_set_id (message, parts[i]);
      chatroutes_message_set_role (message, parts[i][0] == 'u' ? "user"
                                            : parts[i][0] == 's' ? "system" : "assistant");
      chatroutes_message_set_content (message, content);
      g_list_store_append (store, message);
    }
  return G_LIST_MODEL (store);
}

static void
add_branch (GListStore *branches,
            GHashTable *messages,
            const char *id,
            const char *title,
            const char *parent,
            const char *fork_point,
            const char *ids)
{
  g_autoptr(ChatroutesBranch) branch = chatroutes_branch_new ();

  chatroutes_branch_set_id (branch, id);
  chatroutes_branch_set_title (branch, title);
  chatroutes_branch_set_parent_branch_id (branch, parent);
  chatroutes_branch_set_fork_point_message_id (branch, fork_point);
  chatroutes_branch_set_is_main (branch, parent == NULL);
  g_list_store_append (branches, branch);
  g_hash_table_insert (messages, g_strdup (id), make_messages (ids));
}

/* main: s0 u1 a1 u2 a2 u3 a3; "Shorter answers" forks at a1 with u4 a4
 * u5 a5; "Deeper" forks from it at a4 with u6 a6. */
static ChatroutesMessageTree *
make_tree (void)
{
  g_autoptr(GListStore) branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  ChatroutesMessageTree *tree = chatroutes_message_tree_new ();

  add_branch (branches, messages, "main", "Main", NULL, NULL, "s0 u1 a1 u2 a2 u3 a3");
  add_branch (branches, messages, "shorter", "Shorter answers", "main", "a1", "u4 a4 u5 a5");
  add_branch (branches, messages, "deeper", "Deeper", "shorter", "a4", "u6 a6");
  chatroutes_message_tree_set_from_branches (tree, G_LIST_MODEL (branches), messages);
  return tree;
}

static void
on_activated (ChatroutesOverview *overview,
              const char         *branch_id,
              const char         *message_id,
              Fixture            *f)
{
  g_set_str (&f->activated_branch, branch_id);
  g_set_str (&f->activated_message, message_id);
  f->n_activated++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  memset (f, 0, sizeof *f);
  f->tree = make_tree ();
  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 500, 200);
  f->scroller = gtk_scrolled_window_new ();
  f->overview = chatroutes_overview_new ();
  g_object_ref_sink (f->overview);
  g_signal_connect (f->overview, "message-activated", G_CALLBACK (on_activated), f);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (f->scroller), GTK_WIDGET (f->overview));
  adw_window_set_content (ADW_WINDOW (f->window), f->scroller);
  chatroutes_overview_set_tree (f->overview, f->tree);
  gtk_window_present (GTK_WINDOW (f->window));
  ui_wait_for_draw (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ui_run_for (20);
  g_assert_finalize_object (f->overview);
  g_assert_finalize_object (f->tree);
  g_free (f->activated_branch);
  g_free (f->activated_message);
}

static guint
node_of (Fixture    *f,
         const char *id)
{
  guint node = chatroutes_message_tree_lookup (f->tree, id);

  g_assert_cmpuint (node, !=, NONE);
  return node;
}

static void
test_hit_testing (Fixture       *f,
                  gconstpointer  data)
{
  guint n = chatroutes_message_tree_get_n_nodes (f->tree);
  double x0, y0, x1, y1;
  int height = gtk_widget_get_height (GTK_WIDGET (f->overview));
  guint seen = 0;

  g_assert_cmpuint (n, ==, 13);

  /* Every node in view is found where it is drawn, and only there. */
  for (guint i = 0; i < n; i++)
    {
      double x, y;

      g_assert_true (chatroutes_overview_get_node_position (f->overview, i, &x, &y));
      if (y < 0 || y > height)
        continue;
      seen++;
      g_assert_cmpuint (chatroutes_overview_node_at (f->overview, x, y), ==, i);
      g_assert_cmpuint (chatroutes_overview_node_at (f->overview, x + 4, y - 4), ==, i);
      /* Halfway to the next row is nobody's. */
      g_assert_cmpuint (chatroutes_overview_node_at (f->overview, x, y + 16), ==, NONE);
    }
  g_assert_cmpuint (seen, >=, 5);
  g_assert_false (chatroutes_overview_get_node_position (f->overview, n, NULL, NULL));
  g_assert_cmpuint (chatroutes_overview_node_at (f->overview, -50, -50), ==, NONE);

  /* A fork is drawn beside its parent's line, one row further down. */
  chatroutes_overview_get_node_position (f->overview, node_of (f, "a1"), &x0, &y0);
  chatroutes_overview_get_node_position (f->overview, node_of (f, "u4"), &x1, &y1);
  g_assert_cmpfloat (x1, >, x0);
  g_assert_cmpfloat (y1, >, y0);
  chatroutes_overview_get_node_position (f->overview, node_of (f, "u2"), &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1, x0, 0.01);

  /* Scrolling moves the nodes with it. */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->overview)), 64);
  chatroutes_overview_get_node_position (f->overview, node_of (f, "a1"), &x1, &y1);
  g_assert_cmpfloat_with_epsilon (y1, y0 - 64, 0.01);
  g_assert_cmpuint (chatroutes_overview_node_at (f->overview, x1, y1), ==, node_of (f, "a1"));

  /* A click opens the message on its branch. */
  chatroutes_overview_get_node_position (f->overview, node_of (f, "a5"), &x1, &y1);
  g_assert_true (chatroutes_overview_activate_at (f->overview, x1, y1));
  g_assert_cmpuint (f->n_activated, ==, 1);
  g_assert_cmpstr (f->activated_branch, ==, "shorter");
  g_assert_cmpstr (f->activated_message, ==, "a5");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "a5"));
  g_assert_false (chatroutes_overview_activate_at (f->overview, x1 + 16, y1 + 16));
  g_assert_cmpuint (f->n_activated, ==, 1);
}

static void
move (Fixture    *f,
      const char *where)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->overview), "overview.move", "s", where));
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  gtk_widget_grab_focus (GTK_WIDGET (f->overview));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->overview)));
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, NONE);

  /* The first key puts the cursor on the first message. */
  move (f, "down");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "s0"));
  move (f, "down");
  move (f, "down");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "a1"));
  /* Down stays on the lane; sideways goes to the fork beside it. */
  move (f, "down");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "u2"));
  move (f, "right");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "u4"));
  move (f, "right");
  /* Nothing further right: the cursor stays. */
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "u4"));
  /* At a4 the lane goes on to u5, not to the fork at u6. */
  move (f, "down");
  move (f, "down");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "u5"));
  move (f, "up");
  move (f, "up");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "u4"));
  move (f, "up");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "a1"));
  move (f, "left");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "a1"));

  /* Enter opens the node under the cursor. */
  g_assert_cmpuint (f->n_activated, ==, 0);
  move (f, "down");
  move (f, "right");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "u4"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->overview), "overview.activate-cursor", NULL));
  g_assert_cmpuint (f->n_activated, ==, 1);
  g_assert_cmpstr (f->activated_branch, ==, "shorter");
  g_assert_cmpstr (f->activated_message, ==, "u4");

  /* Going down far enough scrolls the cursor into view. */
  move (f, "home");
  for (guint i = 0; i < 6; i++)
    move (f, "down");
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, node_of (f, "a3"));
  {
    double x, y;

    chatroutes_overview_get_node_position (f->overview, node_of (f, "a3"), &x, &y);
    g_assert_cmpfloat (y, >=, 0);
    g_assert_cmpfloat (y, <=, gtk_widget_get_height (GTK_WIDGET (f->overview)));
  }
}

static void
test_zoom (Fixture       *f,
           gconstpointer  data)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->overview));
  double upper = gtk_adjustment_get_upper (vadjustment);
  double x, y;

  g_assert_cmpfloat (chatroutes_overview_get_zoom (f->overview), ==, 1.0);
  /* Seven rows do not fit in 200 pixels at zoom 1. */
  g_assert_cmpfloat (upper, >, gtk_adjustment_get_page_size (vadjustment));

  chatroutes_overview_zoom_in (f->overview);
  g_assert_cmpfloat (chatroutes_overview_get_zoom (f->overview), >, 1.0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >, upper);

  chatroutes_overview_zoom_to_fit (f->overview);
  ui_wait_for_draw (f->window);
  g_assert_cmpfloat (chatroutes_overview_get_zoom (f->overview), <, 1.0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), <=, gtk_adjustment_get_page_size (vadjustment) + 0.5);

  /* Hit-testing follows the zoom. */
  chatroutes_overview_get_node_position (f->overview, node_of (f, "a6"), &x, &y);
  g_assert_cmpfloat (y, <=, gtk_widget_get_height (GTK_WIDGET (f->overview)));
  g_assert_cmpuint (chatroutes_overview_node_at (f->overview, x, y), ==, node_of (f, "a6"));

  /* Limits hold. */
  for (guint i = 0; i < 40; i++)
    chatroutes_overview_zoom_out (f->overview);
  g_assert_cmpfloat (chatroutes_overview_get_zoom (f->overview), >=, 0.05);
  for (guint i = 0; i < 40; i++)
    chatroutes_overview_zoom_in (f->overview);
  g_assert_cmpfloat (chatroutes_overview_get_zoom (f->overview), <=, 4.0);
}

static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (f->overview);

  g_assert_cmpint (gtk_accessible_get_accessible_role (accessible), ==, GTK_ACCESSIBLE_ROLE_APPLICATION);
  g_assert_true (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->overview)));

  /* The node under the keyboard is described to screen readers. */
  g_assert_false (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  chatroutes_overview_set_cursor (f->overview, node_of (f, "u4"));
  g_assert_true (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "You on “Shorter answers”: Message u4, with some words after it");
}

static void
test_empty_and_replaced (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ChatroutesMessageTree) empty = chatroutes_message_tree_new ();

  chatroutes_overview_set_cursor (f->overview, 3);
  chatroutes_overview_set_tree (f->overview, empty);
  g_assert_cmpuint (chatroutes_overview_get_cursor (f->overview), ==, NONE);
  ui_wait_for_draw (f->window);
  g_assert_cmpuint (chatroutes_overview_node_at (f->overview, 40, 40), ==, NONE);
  g_assert_false (chatroutes_overview_activate_at (f->overview, 40, 40));
  gtk_widget_activate_action (GTK_WIDGET (f->overview), "overview.activate-cursor", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->overview), "overview.move", "s", "down");
  g_assert_cmpuint (f->n_activated, ==, 0);
  chatroutes_overview_set_tree (f->overview, NULL);
  ui_wait_for_draw (f->window);
  chatroutes_overview_set_tree (f->overview, f->tree);
}


/* Many branches along a long path: lanes are shared by branches that do
 * not overlap, and the titles still read. */
static void
test_large (void)
{
  g_autoptr(GListStore) branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(ChatroutesMessageTree) tree = chatroutes_message_tree_new ();
  g_autoptr(GString) main_ids = g_string_new (NULL);
  GtkWidget *window = adw_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  ChatroutesOverview *overview = chatroutes_overview_new ();
  guint node;
  double x, y;

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (main_ids, "%s%c%u", i ? " " : "", i % 2 ? 'a' : 'u', i);
  add_branch (branches, messages, "main", "Main", NULL, NULL, main_ids->str);
  for (guint b = 0; b < 60; b++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", b);
      g_autofree char *title = g_strdup_printf ("Idea %u", b);
      g_autofree char *fork = g_strdup_printf ("a%u", b * 6 + 1);
      g_autofree char *own = g_strdup_printf ("u%u-0 a%u-1 u%u-2 a%u-3", b, b, b, b);

      add_branch (branches, messages, id, title, "main", fork, own);
    }
  chatroutes_message_tree_set_from_branches (tree, G_LIST_MODEL (branches), messages);
  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (tree), ==, 400 + 60 * 4);
  /* Each fork spans five rows and they come six rows apart: one lane
   * holds them all. */
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (tree), ==, 2);

  gtk_window_set_default_size (GTK_WINDOW (window), 420, 480);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (overview));
  adw_window_set_content (ADW_WINDOW (window), scroller);
  chatroutes_overview_set_tree (overview, tree);
  chatroutes_overview_set_active_branch_id (overview, "b3");
  /* A cursor set before the overview is laid out is brought into view
   * once it is. */
  node = chatroutes_message_tree_lookup (tree, "a30-3");
  chatroutes_overview_set_cursor (overview, node);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_for_draw (window);
  chatroutes_overview_get_node_position (overview, node, &x, &y);
  g_assert_cmpfloat (y, >, 0);
  g_assert_cmpfloat (y, <, 480);

  /* The cursor brings a node far down into view, and it is hit there. */
  node = chatroutes_message_tree_lookup (tree, "a50-3");
  chatroutes_overview_set_cursor (overview, node);
  gtk_widget_grab_focus (GTK_WIDGET (overview));
  ui_wait_for_draw (window);
  chatroutes_overview_get_node_position (overview, node, &x, &y);
  g_assert_cmpfloat (y, >, 0);
  g_assert_cmpfloat (y, <, 480);
  g_assert_cmpuint (chatroutes_overview_node_at (overview, x, y), ==, node);

  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (overview)), 0);
  ui_set_dark (FALSE);
  ui_wait_for_draw (window);
  g_free (ui_save_screenshot (window, "overview-many-branches"));
  ui_set_dark (TRUE);
  ui_wait_for_draw (window);
  g_free (ui_save_screenshot (window, "overview-many-branches"));
  ui_set_dark (FALSE);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_excerpt (void)
{
  static const struct { const char *in; guint max; const char *out; } cases[] = {
    { NULL, 10, "" },
    { "", 10, "" },
    { "Short", 10, "Short" },
    /* Headings, emphasis and code marks go; runs of space become one. */
    { "## A **bold**\n\n  `step`  here", 40, "A bold step here" },
    { "> quoted\r\nline", 40, "quoted line" },
    /* Marks inside words stay: only at a word's start do they go. */
    { "C# and a>b", 40, "C# and a>b" },
    { "one two three", 7, "one two…" },
    { "héllo wörld", 5, "héllo…" },
    { "trailing   ", 40, "trailing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = chatroutes_tree_excerpt (cases[i].in, cases[i].max);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
  /* Invalid UTF-8 comes out valid. */
  {
    g_autofree char *out = chatroutes_tree_excerpt ("ab\xff\xfe" "cd", 20);
    g_assert_true (g_utf8_validate (out, -1, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ui_test_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/overview/hit-testing", test_hit_testing);
  ADD ("/overview/keyboard", test_keyboard);
  ADD ("/overview/zoom", test_zoom);
  ADD ("/overview/accessible", test_accessible);
  ADD ("/overview/empty-and-replaced", test_empty_and_replaced);
  g_test_add_func ("/overview/many-branches", test_large);
  g_test_add_func ("/overview/excerpt", test_excerpt);

  return g_test_run ();
}
