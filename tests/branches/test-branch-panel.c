/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-branch-dialogs.h"
#include "chatroutes-branch-panel-private.h"
#include "test-util.h"
#include "ui-util.h"

/* The simulator's first conversation with 20 seeded branches: main holds
 * "Alternative approach" and the first three; each seeded branch k holds
 * k*3+1 .. k*3+3, so "Step by step" (6th) is under "Cheaper options"
 * (1st), and "In more depth #13" under "Different tone" (4th): four
 * levels. */
#define SEED_BRANCHES "20"

typedef struct
{
  TestSimulator *sim;
  ChatroutesService *service;
  ChatroutesConversation *conversation;
  GtkWidget *window;
  ChatroutesBranchPanel *panel;
  GPtrArray *activated;   /* ids from ::branch-activated */
} Fixture;

static void
on_branch_activated (ChatroutesBranchPanel *panel,
                     const char            *branch_id,
                     Fixture               *f)
{
  g_ptr_array_add (f->activated, g_strdup (branch_id));
}

static ChatroutesConversation *
first_conversation (ChatroutesService *service)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesConversationPage) page = NULL;
  GAsyncResult *result = NULL;

  chatroutes_service_list_conversations_async (service, 1, 1, CHATROUTES_CONVERSATION_FILTER_ALL,
                                               NULL, test_store_result, &result);
  result = test_wait_result (&result);
  page = chatroutes_service_list_conversations_finish (service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_conversation_page_get_conversations (page)), ==, 1);
  return g_list_model_get_item (chatroutes_conversation_page_get_conversations (page), 0);
}

static GListModel *
server_branches (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *branches;

  chatroutes_service_list_branches_async (f->service, chatroutes_conversation_get_id (f->conversation),
                                          NULL, test_store_result, &result);
  result = test_wait_result (&result);
  branches = chatroutes_service_list_branches_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return branches;
}

static ChatroutesBranch *
find_by_id (GListModel *branches,
            const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);

      if (g_strcmp0 (chatroutes_branch_get_id (branch), id) == 0)
        return g_steal_pointer (&branch);
    }
  return NULL;
}

static ChatroutesBranch *
find_by_title (ChatroutesBranchPanel *panel,
               const char            *title)
{
  GListModel *branches = chatroutes_branch_tree_get_branches (chatroutes_branch_panel_get_tree (panel));

  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);

      if (g_strcmp0 (chatroutes_branch_get_title (branch), title) == 0)
        return branch; /* still held by the tree */
    }
  return NULL;
}

static GListModel *
branch_messages (Fixture    *f,
                 const char *branch_id)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *messages;

  chatroutes_service_list_branch_messages_async (f->service, chatroutes_conversation_get_id (f->conversation),
                                                 branch_id, NULL, test_store_result, &result);
  result = test_wait_result (&result);
  messages = chatroutes_service_list_branch_messages_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  return messages;
}

static gboolean
tree_loaded (gpointer data)
{
  Fixture *f = data;
  ChatroutesBranchTree *tree = chatroutes_branch_panel_get_tree (f->panel);

  return !chatroutes_branch_panel_get_loading (f->panel) && tree != NULL &&
         g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)) > 0;
}

static void
wait_loaded (Fixture *f)
{
  g_assert_true (ui_wait_until (tree_loaded, f, 10000));
  ui_wait_for_draw (f->window);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->sim = test_simulator_start ("--pace-ms", "0", "--seed-branches", SEED_BRANCHES, NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_delay (f->service, 0.01);
  f->conversation = first_conversation (f->service);
  f->activated = g_ptr_array_new_with_free_func (g_free);

  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 1200);
  f->panel = chatroutes_branch_panel_new (f->service);
  g_signal_connect (f->panel, "branch-activated", G_CALLBACK (on_branch_activated), f);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->panel));
  gtk_window_present (GTK_WINDOW (f->window));
  chatroutes_branch_panel_set_conversation (f->panel, f->conversation);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ChatroutesBranchPanel *panel = f->panel;

  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *) &panel);
  gtk_window_destroy (GTK_WINDOW (f->window));
  ui_run_for (50);
  g_assert_null (panel);
  g_clear_object (&f->conversation);
  g_clear_pointer (&f->activated, g_ptr_array_unref);
  g_assert_finalize_object (f->service);
  test_simulator_stop (f->sim);
}

static const char *
last_activated (Fixture *f)
{
  return f->activated->len > 0 ? f->activated->pdata[f->activated->len - 1] : NULL;
}

/* The position of @branch_id in the list view, or -1. */
static int
list_position (Fixture    *f,
               const char *branch_id)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (_chatroutes_branch_panel_get_list_view (f->panel)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(ChatroutesBranch) branch = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (chatroutes_branch_get_id (branch), branch_id) == 0)
        return (int) i;
    }
  return -1;
}

static AdwDialog *
visible_dialog (Fixture *f)
{
  return adw_window_get_visible_dialog (ADW_WINDOW (f->window));
}

static gboolean
not_loading (gpointer data)
{
  Fixture *f = data;
  return !chatroutes_branch_panel_get_loading (f->panel);
}

static void
test_states (Fixture       *f,
             gconstpointer  data)
{

  /* Loading, then the tree. */
  g_assert_cmpstr (_chatroutes_branch_panel_get_state (f->panel), ==, "loading");
  wait_loaded (f);
  g_assert_cmpstr (_chatroutes_branch_panel_get_state (f->panel), ==, "tree");

  /* No conversation: nothing to branch. */
  chatroutes_branch_panel_set_conversation (f->panel, NULL);
  g_assert_cmpstr (_chatroutes_branch_panel_get_state (f->panel), ==, "empty");
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.new", NULL);
  g_assert_null (visible_dialog (f));

  /* A failure, then Retry. */
  test_simulator_fault (f->sim, "GET", "/conversations", "status=404", 1);
  chatroutes_branch_panel_set_conversation (f->panel, f->conversation);
  g_assert_true (ui_wait_until (not_loading, f, 5000));
  g_assert_cmpstr (_chatroutes_branch_panel_get_state (f->panel), ==, "error");
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.reload", NULL);
  wait_loaded (f);
  g_assert_cmpstr (_chatroutes_branch_panel_get_state (f->panel), ==, "tree");
}

static gboolean
has_fork_text (gpointer data)
{
  return strstr (chatroutes_branch_row_get_details (data), "from “") != NULL;
}

/* Every branch shows, nested as on the server, and the active one's path
 * to the root is marked. */
static void
test_deep_tree (Fixture       *f,
                gconstpointer  data)
{
  ChatroutesBranchTree *tree;
  ChatroutesBranch *main_branch;
  ChatroutesBranch *deep;
  ChatroutesBranch *middle;
  ChatroutesBranch *top;
  ChatroutesBranch *other;
  ChatroutesBranchRow *row;
  const ChatroutesRailSpec *spec;
  GListModel *model;

  wait_loaded (f);
  tree = chatroutes_branch_panel_get_tree (f->panel);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, 22);

  /* Expanded all the way down: every branch is a row. */
  model = G_LIST_MODEL (gtk_list_view_get_model (_chatroutes_branch_panel_get_list_view (f->panel)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 22);

  main_branch = chatroutes_branch_tree_get_main (tree);
  top = find_by_title (f->panel, "Cheaper options");
  middle = find_by_title (f->panel, "Different tone");
  deep = find_by_title (f->panel, "In more depth #13");
  other = find_by_title (f->panel, "Shorter answer");
  g_assert_nonnull (top);
  g_assert_nonnull (middle);
  g_assert_nonnull (deep);
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, chatroutes_branch_get_id (deep)), ==, 3);

  /* Nothing set: the main branch is the active one. */
  g_assert_cmpstr (chatroutes_branch_panel_get_active_branch_id (f->panel), ==,
                   chatroutes_branch_get_id (main_branch));

  chatroutes_branch_panel_set_active_branch_id (f->panel, chatroutes_branch_get_id (deep));
  ui_wait_for_draw (f->window);

  row = _chatroutes_branch_panel_find_row (f->panel, chatroutes_branch_get_id (deep));
  g_assert_nonnull (row);
  spec = chatroutes_branch_rail_get_spec (chatroutes_branch_row_get_rail (row));
  g_assert_cmpuint (spec->depth, ==, 3);
  g_assert_true (spec->active);
  g_assert_true (spec->on_path);
  g_assert_true (spec->elbow_accent);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "active"));

  /* Its ancestors are on the path, drawn and titled so. */
  {
    const char *path_ids[] = { chatroutes_branch_get_id (main_branch), chatroutes_branch_get_id (top),
                               chatroutes_branch_get_id (middle) };

    for (guint i = 0; i < G_N_ELEMENTS (path_ids); i++)
      {
        row = _chatroutes_branch_panel_find_row (f->panel, path_ids[i]);
        g_assert_nonnull (row);
        spec = chatroutes_branch_rail_get_spec (chatroutes_branch_row_get_rail (row));
        g_assert_true (spec->on_path);
        g_assert_false (spec->active);
        g_assert_true (spec->children_accent);
        g_assert_cmpuint (spec->depth, ==, i);
      }
  }

  /* A branch off the path is not. "Shorter answer" comes after "Cheaper
   * options" under main, so main's line past it leads nowhere active. */
  row = _chatroutes_branch_panel_find_row (f->panel, chatroutes_branch_get_id (other));
  g_assert_nonnull (row);
  spec = chatroutes_branch_rail_get_spec (chatroutes_branch_row_get_rail (row));
  g_assert_false (spec->on_path);
  g_assert_false (spec->elbow_accent);
  g_assert_false (spec->continues_accent);

  /* Details: the message count and, once fetched (the page's messages are
   * not there to hold it), the start of the fork point's text. */
  row = _chatroutes_branch_panel_find_row (f->panel, chatroutes_branch_get_id (top));
  g_assert_true (g_str_has_prefix (chatroutes_branch_row_get_details (row), "2 messages"));
  g_assert_true (ui_wait_until (has_fork_text, row, 5000));
  {
    g_autoptr(GListModel) main_messages = branch_messages (f, chatroutes_branch_get_id (main_branch));
    g_autoptr(ChatroutesMessage) fork_point = NULL;
    g_autofree char *start = NULL;
    guint position;

    for (position = 0; position < g_list_model_get_n_items (main_messages); position++)
      {
        g_clear_object (&fork_point);
        fork_point = g_list_model_get_item (main_messages, position);
        if (g_strcmp0 (chatroutes_message_get_id (fork_point), chatroutes_branch_get_fork_point_message_id (top)) == 0)
          break;
      }
    g_assert_cmpuint (position, <, g_list_model_get_n_items (main_messages));
    start = chatroutes_branch_snippet (chatroutes_message_get_content (fork_point), 20);
    start[strlen (start) - strlen ("…")] = '\0';
    g_assert_nonnull (strstr (chatroutes_branch_row_get_details (row), start));
  }

  ui_set_dark (FALSE);
  g_free (ui_save_screenshot (f->window, "branch-panel-deep"));
  ui_set_dark (TRUE);
  g_free (ui_save_screenshot (f->window, "branch-panel-deep"));
  ui_set_dark (FALSE);
}

static gboolean
menu_has (GMenuModel *menu,
          const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *name = NULL;

          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
              g_strcmp0 (name, action) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* The row menu: opened by its button, with merge only where it can be
 * done. */
static void
test_row_menu (Fixture       *f,
               gconstpointer  data)
{
  ChatroutesBranchTree *tree;
  ChatroutesBranchRow *row;
  GtkPopover *menu;
  GtkWidget *button = NULL;

  wait_loaded (f);
  tree = chatroutes_branch_panel_get_tree (f->panel);
  row = _chatroutes_branch_panel_find_row (f->panel, chatroutes_branch_get_id (find_by_title (f->panel, "Cheaper options")));
  g_assert_null (chatroutes_branch_row_get_menu (row));

  /* Its button is the last child, an icon with a tooltip and a name. */
  button = gtk_widget_get_last_child (GTK_WIDGET (row));
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_signal_emit_by_name (button, "clicked");
  menu = chatroutes_branch_row_get_menu (row);
  g_assert_nonnull (menu);
  ui_run_for (200);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (menu)));
  g_assert_true (menu_has (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)), "branches.merge"));
  g_assert_true (menu_has (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)), "branches.rename"));
  g_assert_true (menu_has (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)), "branches.delete"));
  g_free (ui_save_screenshot (f->window, "branch-row-menu"));
  gtk_popover_popdown (menu);

  /* The main branch has nothing to merge into. */
  row = _chatroutes_branch_panel_find_row (f->panel, chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree)));
  chatroutes_branch_row_open_menu (row);
  menu = chatroutes_branch_row_get_menu (row);
  g_assert_false (menu_has (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)), "branches.merge"));
  g_assert_true (menu_has (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)), "branches.delete"));
  gtk_popover_popdown (menu);
}

/* F2, Delete and the menu key act on the row with the focus. */
static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  ChatroutesBranch *branch;
  ChatroutesBranchRow *row;
  AdwDialog *dialog;
  g_autofree char *id = NULL;

  wait_loaded (f);
  branch = find_by_title (f->panel, "Shorter answer");
  id = g_strdup (chatroutes_branch_get_id (branch));
  row = _chatroutes_branch_panel_find_row (f->panel, id);

  /* Nothing focused: nothing happens. */
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.rename-focused", NULL);
  g_assert_null (visible_dialog (f));

  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.rename-focused", NULL);
  dialog = visible_dialog (f);
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_assert_cmpstr (gtk_editable_get_text (chatroutes_branch_dialog_get_entry (ADW_ALERT_DIALOG (dialog), "title")),
                   ==, "Shorter answer");
  adw_dialog_force_close (dialog);
  ui_run_for (50);

  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.menu-focused", NULL);
  g_assert_nonnull (chatroutes_branch_row_get_menu (row));
  gtk_popover_popdown (chatroutes_branch_row_get_menu (row));
  ui_run_for (50);

  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.delete-focused", NULL);
  g_assert_null (chatroutes_branch_tree_lookup (chatroutes_branch_panel_get_tree (f->panel), id));
  g_assert_cmpuint (_chatroutes_branch_panel_get_n_pending (f->panel), >, 0);
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  ChatroutesBranch *branch;
  int position;

  wait_loaded (f);
  branch = find_by_title (f->panel, "Step by step");
  position = list_position (f, chatroutes_branch_get_id (branch));
  g_assert_cmpint (position, >=, 0);

  /* A click (or Enter) on a row activates it. */
  g_signal_emit_by_name (_chatroutes_branch_panel_get_list_view (f->panel), "activate", (guint) position);
  g_assert_cmpstr (last_activated (f), ==, chatroutes_branch_get_id (branch));
  g_assert_cmpstr (chatroutes_branch_panel_get_active_branch_id (f->panel), ==, chatroutes_branch_get_id (branch));

  /* And from the row menu. */
  branch = find_by_title (f->panel, "Alternative approach");
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.open", "s", chatroutes_branch_get_id (branch));
  g_assert_cmpstr (last_activated (f), ==, chatroutes_branch_get_id (branch));
}

static gboolean
title_is (gpointer data)
{
  gpointer *args = data;
  return g_strcmp0 (chatroutes_branch_get_title (args[0]), args[1]) == 0;
}

static void
test_rename (Fixture       *f,
             gconstpointer  data)
{
  ChatroutesBranch *branch;
  AdwDialog *dialog;
  g_autoptr(GListModel) on_server = NULL;
  g_autoptr(ChatroutesBranch) renamed = NULL;
  g_autofree char *id = NULL;

  wait_loaded (f);
  branch = find_by_title (f->panel, "Shorter answer");
  id = g_strdup (chatroutes_branch_get_id (branch));
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.rename", "s", id);
  dialog = visible_dialog (f);
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_assert_cmpstr (gtk_editable_get_text (chatroutes_branch_dialog_get_entry (ADW_ALERT_DIALOG (dialog), "title")),
                   ==, "Shorter answer");

  /* An empty title cannot be saved. */
  gtk_editable_set_text (chatroutes_branch_dialog_get_entry (ADW_ALERT_DIALOG (dialog), "title"), "  ");
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "rename"));

  gtk_editable_set_text (chatroutes_branch_dialog_get_entry (ADW_ALERT_DIALOG (dialog), "title"), "Brief answer");
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "rename"));
  g_signal_emit_by_name (dialog, "response", "rename");
  adw_dialog_force_close (dialog);

  {
    gpointer args[] = { branch, (gpointer) "Brief answer" };
    g_assert_true (ui_wait_until (title_is, args, 5000));
  }
  ui_wait_for_draw (f->window);
  g_assert_cmpstr (chatroutes_branch_row_get_title (_chatroutes_branch_panel_find_row (f->panel, id)), ==,
                   "Brief answer");

  on_server = server_branches (f);
  renamed = find_by_id (on_server, id);
  g_assert_cmpstr (chatroutes_branch_get_title (renamed), ==, "Brief answer");
}

static const char DELETE_PATTERN[] = "DELETE /conversations/{id}/branches/{bid}";

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  ChatroutesBranchTree *tree;
  ChatroutesBranch *branch;
  AdwToast *toast;
  g_autofree char *id = NULL;
  g_autofree char *child_id = NULL;
  g_autoptr(GListModel) on_server = NULL;
  g_autoptr(ChatroutesBranch) still = NULL;
  int position_before;

  wait_loaded (f);
  tree = chatroutes_branch_panel_get_tree (f->panel);
  branch = find_by_title (f->panel, "Cheaper options");
  id = g_strdup (chatroutes_branch_get_id (branch));
  child_id = g_strdup (chatroutes_branch_get_id (find_by_title (f->panel, "In more depth")));
  position_before = list_position (f, id);
  chatroutes_branch_panel_set_active_branch_id (f->panel, child_id);

  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.delete", "s", id);

  /* Gone from the panel at once, with what grows from it; the page moved
   * to the parent, since it showed a branch under the deleted one. */
  g_assert_null (chatroutes_branch_tree_lookup (tree, id));
  g_assert_null (chatroutes_branch_tree_lookup (tree, child_id));
  g_assert_cmpint (list_position (f, id), ==, -1);
  g_assert_cmpstr (last_activated (f), ==, chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree)));
  toast = _chatroutes_branch_panel_get_last_toast (f->panel);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "Cheaper options"));

  /* Undo: back where it was, and the page too; nothing was sent. */
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  ui_run_for (50);
  g_assert_nonnull (chatroutes_branch_tree_lookup (tree, id));
  g_assert_nonnull (chatroutes_branch_tree_lookup (tree, child_id));
  g_assert_cmpint (list_position (f, id), ==, position_before);
  g_assert_cmpstr (last_activated (f), ==, child_id);
  g_assert_cmpuint (_chatroutes_branch_panel_get_n_pending (f->panel), ==, 0);
  g_assert_cmpint (test_simulator_count (f->sim, DELETE_PATTERN), ==, 0);

  on_server = server_branches (f);
  still = find_by_id (on_server, id);
  g_assert_nonnull (still);
}

static gboolean
no_pending (gpointer data)
{
  Fixture *f = data;
  return _chatroutes_branch_panel_get_n_pending (f->panel) == 0;
}

static void
test_delete_commit (Fixture       *f,
                    gconstpointer  data)
{
  ChatroutesBranch *branch;
  AdwToast *toast;
  g_autofree char *id = NULL;
  g_autoptr(GListModel) on_server = NULL;
  g_autoptr(ChatroutesBranch) gone = NULL;

  wait_loaded (f);
  branch = find_by_title (f->panel, "Alternative approach");
  id = g_strdup (chatroutes_branch_get_id (branch));

  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.delete", "s", id);
  toast = _chatroutes_branch_panel_get_last_toast (f->panel);
  g_assert_nonnull (toast);

  /* While the toast shows, the server still has it. */
  ui_run_for (100);
  g_assert_cmpint (test_simulator_count (f->sim, DELETE_PATTERN), ==, 0);

  /* A reload meanwhile does not bring it back. */
  chatroutes_branch_panel_reload (f->panel);
  wait_loaded (f);
  g_assert_null (chatroutes_branch_tree_lookup (chatroutes_branch_panel_get_tree (f->panel), id));

  /* The toast goes: now it is deleted. */
  adw_toast_dismiss (toast);
  g_assert_true (ui_wait_until (no_pending, f, 5000));
  g_assert_cmpint (test_simulator_count (f->sim, DELETE_PATTERN), ==, 1);
  on_server = server_branches (f);
  gone = find_by_id (on_server, id);
  g_assert_null (gone);
}

static void
test_delete_main (Fixture       *f,
                  gconstpointer  data)
{
  ChatroutesBranchTree *tree;
  ChatroutesBranch *main_branch;
  AdwDialog *dialog;

  wait_loaded (f);
  tree = chatroutes_branch_panel_get_tree (f->panel);
  main_branch = chatroutes_branch_tree_get_main (tree);

  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.delete", "s", chatroutes_branch_get_id (main_branch));

  /* Still there, and a dialog says why; no Undo toast. */
  g_assert_true (chatroutes_branch_tree_lookup (tree, chatroutes_branch_get_id (main_branch)) == main_branch);
  dialog = visible_dialog (f);
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)), ==, "Cannot Delete");
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog)), "main branch cannot be deleted"));
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog)), "delete the conversation"));
  g_assert_null (_chatroutes_branch_panel_get_last_toast (f->panel));
  adw_dialog_force_close (dialog);
  g_assert_cmpuint (_chatroutes_branch_panel_get_n_pending (f->panel), ==, 0);
  ui_run_for (100);
  g_assert_cmpint (test_simulator_count (f->sim, DELETE_PATTERN), ==, 0);
}

static gboolean
merged_shown (gpointer data)
{
  gpointer *args = data;
  Fixture *f = args[0];
  ChatroutesBranch *branch = chatroutes_branch_tree_lookup (chatroutes_branch_panel_get_tree (f->panel), args[1]);

  return !chatroutes_branch_panel_get_loading (f->panel) && branch != NULL &&
         !chatroutes_branch_get_is_active (branch);
}

static gboolean
count_is (gpointer data)
{
  gpointer *args = data;
  return chatroutes_branch_get_message_count (args[0]) == (gint64) GPOINTER_TO_UINT (args[1]);
}

static void
check_merge (Fixture    *f,
             AdwDialog  *dialog,
             const char *id,
             const char *parent_id,
             gboolean    screenshot)
{
  g_autoptr(GListModel) before = branch_messages (f, parent_id);
  g_autoptr(GListModel) after = NULL;
  g_autoptr(GListModel) own = branch_messages (f, id);
  ChatroutesBranch *parent;
  const char *body;

  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  body = adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog));
  g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)), ==, "Merge Branch?");
  g_assert_nonnull (strstr (body, "The 2 messages of “Step by step” will be added to the end of “Cheaper options”."));
  g_assert_nonnull (strstr (body, "marked as merged"));

  if (screenshot)
    {
      gtk_window_set_default_size (GTK_WINDOW (f->window), 720, 640);
      ui_run_for (300);
      ui_set_dark (FALSE);
      g_free (ui_save_screenshot (f->window, "branch-merge-confirm"));
      ui_set_dark (TRUE);
      g_free (ui_save_screenshot (f->window, "branch-merge-confirm"));
      ui_set_dark (FALSE);
    }

  g_signal_emit_by_name (dialog, "response", "merge");
  adw_dialog_force_close (dialog);

  {
    gpointer args[] = { f, (gpointer) id };
    g_assert_true (ui_wait_until (merged_shown, args, 5000));
  }

  /* The parent is shown, holding the merged messages at its end. */
  g_assert_cmpstr (last_activated (f), ==, parent_id);
  after = branch_messages (f, parent_id);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==,
                    g_list_model_get_n_items (before) + g_list_model_get_n_items (own));
  {
    g_autoptr(ChatroutesMessage) last = g_list_model_get_item (after, g_list_model_get_n_items (after) - 1);
    g_autoptr(ChatroutesMessage) own_last = g_list_model_get_item (own, g_list_model_get_n_items (own) - 1);
    g_assert_cmpstr (chatroutes_message_get_content (last), ==, chatroutes_message_get_content (own_last));
  }
  parent = chatroutes_branch_tree_lookup (chatroutes_branch_panel_get_tree (f->panel), parent_id);
  {
    gpointer args[] = { parent, GUINT_TO_POINTER (g_list_model_get_n_items (after)) };
    g_assert_true (ui_wait_until (count_is, args, 5000));
  }

  /* The merged branch says so, and cannot be merged again. */
  ui_wait_for_draw (f->window);
  g_assert_nonnull (strstr (chatroutes_branch_row_get_details (_chatroutes_branch_panel_find_row (f->panel, id)),
                            "merged"));
  g_assert_false (chatroutes_branch_panel_can_drop (f->panel, id, parent_id));
  if (screenshot)
    {
      gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 1200);
      ui_run_for (300);
      g_free (ui_save_screenshot (f->window, "branch-panel-merged"));
    }
}

static void
test_merge_menu (Fixture       *f,
                 gconstpointer  data)
{
  ChatroutesBranch *branch;
  g_autofree char *id = NULL;
  g_autofree char *parent_id = NULL;

  wait_loaded (f);
  branch = find_by_title (f->panel, "Step by step");
  id = g_strdup (chatroutes_branch_get_id (branch));
  parent_id = g_strdup (chatroutes_branch_get_parent_branch_id (branch));
  g_assert_cmpstr (parent_id, ==, chatroutes_branch_get_id (find_by_title (f->panel, "Cheaper options")));

  /* Cancelling does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.merge", "s", id);
  g_assert_nonnull (visible_dialog (f));
  g_signal_emit_by_name (visible_dialog (f), "response", "cancel");
  adw_dialog_force_close (visible_dialog (f));
  ui_run_for (100);
  g_assert_cmpint (test_simulator_count (f->sim, "POST /conversations/{id}/branches/{bid}/merge"), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.merge", "s", id);
  check_merge (f, visible_dialog (f), id, parent_id, TRUE);
}

/* Only a drop on the dragged branch's parent is accepted. */
static void
test_drop_rule (Fixture       *f,
                gconstpointer  data)
{
  ChatroutesBranchTree *tree;
  const char *main_id;
  const char *top;
  const char *child;
  const char *sibling;
  const char *grandchild;

  wait_loaded (f);
  tree = chatroutes_branch_panel_get_tree (f->panel);
  main_id = chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree));
  top = chatroutes_branch_get_id (find_by_title (f->panel, "Cheaper options"));
  child = chatroutes_branch_get_id (find_by_title (f->panel, "Step by step"));
  sibling = chatroutes_branch_get_id (find_by_title (f->panel, "Shorter answer"));
  grandchild = chatroutes_branch_get_id (find_by_title (f->panel, "In more depth #13"));

  g_assert_true (chatroutes_branch_panel_can_drop (f->panel, child, top));
  g_assert_true (chatroutes_branch_panel_can_drop (f->panel, top, main_id));
  /* Not onto a grandparent, a sibling, itself, a child, or nowhere. */
  g_assert_false (chatroutes_branch_panel_can_drop (f->panel, grandchild, top));
  g_assert_false (chatroutes_branch_panel_can_drop (f->panel, grandchild, main_id));
  g_assert_false (chatroutes_branch_panel_can_drop (f->panel, child, sibling));
  g_assert_false (chatroutes_branch_panel_can_drop (f->panel, child, child));
  g_assert_false (chatroutes_branch_panel_can_drop (f->panel, top, child));
  g_assert_false (chatroutes_branch_panel_can_drop (f->panel, child, NULL));
  g_assert_false (chatroutes_branch_panel_can_drop (f->panel, "no-such-branch", top));
  /* The main branch goes nowhere. */
  g_assert_false (chatroutes_branch_panel_can_drop (f->panel, main_id, top));

  /* A refused drop asks nothing. */
  g_assert_false (chatroutes_branch_panel_drop (f->panel, child, sibling));
  g_assert_null (visible_dialog (f));
}

static GtkDropTarget *
row_drop_target (GtkWidget *row)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static void
test_merge_drag (Fixture       *f,
                 gconstpointer  data)
{
  ChatroutesBranch *branch;
  g_autofree char *id = NULL;
  g_autofree char *parent_id = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target;
  ChatroutesBranchRow *row;
  gboolean accepted = FALSE;

  wait_loaded (f);
  branch = find_by_title (f->panel, "Step by step");
  id = g_strdup (chatroutes_branch_get_id (branch));
  parent_id = g_strdup (chatroutes_branch_get_parent_branch_id (branch));
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, id);

  /* Dropped on a row that is not its parent: refused. */
  row = _chatroutes_branch_panel_find_row (f->panel,
                                           chatroutes_branch_get_id (find_by_title (f->panel, "Shorter answer")));
  target = row_drop_target (GTK_WIDGET (row));
  g_assert_nonnull (target);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_false (accepted);
  g_assert_null (visible_dialog (f));

  /* Dropped on its parent's row: the same confirmation as the menu. The
   * row is marked while a branch hovers over it. */
  row = _chatroutes_branch_panel_find_row (f->panel, parent_id);
  chatroutes_branch_row_set_drop_highlight (row, TRUE);
  g_free (ui_save_screenshot (f->window, "branch-drop-target"));
  target = row_drop_target (GTK_WIDGET (row));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "drop-target"));
  check_merge (f, visible_dialog (f), id, parent_id, FALSE);
}

static gboolean
has_title (gpointer data)
{
  Fixture *f = data;
  return find_by_title (f->panel, "Ask the locals") != NULL;
}

static void
test_new_branch (Fixture       *f,
                 gconstpointer  data)
{
  ChatroutesBranchTree *tree;
  g_autoptr(GListModel) main_messages = NULL;
  g_autoptr(ChatroutesMessage) base = NULL;
  g_autoptr(GListModel) on_server = NULL;
  g_autoptr(ChatroutesBranch) created = NULL;
  ChatroutesBranch *shown;
  AdwDialog *dialog;

  wait_loaded (f);
  tree = chatroutes_branch_panel_get_tree (f->panel);
  main_messages = branch_messages (f, chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree)));
  chatroutes_branch_panel_set_messages (f->panel, main_messages);
  base = g_list_model_get_item (main_messages, 1);

  gtk_widget_activate_action (GTK_WIDGET (f->panel), "branches.new", NULL);
  dialog = visible_dialog (f);
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "create"));
  g_assert_cmpint (chatroutes_new_branch_dialog_get_mode (ADW_ALERT_DIALOG (dialog)), ==, CHATROUTES_CONTEXT_MODE_FULL);
  g_assert_null (chatroutes_new_branch_dialog_get_base (ADW_ALERT_DIALOG (dialog)));

  gtk_editable_set_text (chatroutes_branch_dialog_get_entry (ADW_ALERT_DIALOG (dialog), "title"), "Ask the locals");
  gtk_editable_set_text (chatroutes_branch_dialog_get_entry (ADW_ALERT_DIALOG (dialog), "description"),
                         "What people in Lisbon suggest");
  chatroutes_new_branch_dialog_set_base (ADW_ALERT_DIALOG (dialog), 1);
  chatroutes_new_branch_dialog_set_mode (ADW_ALERT_DIALOG (dialog), CHATROUTES_CONTEXT_MODE_MINIMAL);
  g_assert_cmpstr (chatroutes_new_branch_dialog_get_base (ADW_ALERT_DIALOG (dialog)), ==,
                   chatroutes_message_get_id (base));
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "create"));
  ui_run_for (200);
  g_free (ui_save_screenshot (f->window, "branch-new-dialog"));

  g_signal_emit_by_name (dialog, "response", "create");
  adw_dialog_force_close (dialog);
  g_assert_true (ui_wait_until (has_title, f, 5000));

  /* In the panel, shown, and on the server as asked. */
  shown = find_by_title (f->panel, "Ask the locals");
  g_assert_cmpstr (last_activated (f), ==, chatroutes_branch_get_id (shown));
  g_assert_cmpstr (chatroutes_branch_panel_get_active_branch_id (f->panel), ==, chatroutes_branch_get_id (shown));
  on_server = server_branches (f);
  created = find_by_id (on_server, chatroutes_branch_get_id (shown));
  g_assert_nonnull (created);
  g_assert_cmpstr (chatroutes_branch_get_context_mode (created), ==, "MINIMAL");
  g_assert_cmpstr (chatroutes_branch_get_description (created), ==, "What people in Lisbon suggest");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (created), ==, chatroutes_message_get_id (base));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ui_test_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add ("/branch-panel/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("states", test_states);
  ADD ("deep-tree", test_deep_tree);
  ADD ("activate", test_activate);
  ADD ("row-menu", test_row_menu);
  ADD ("keyboard", test_keyboard);
  ADD ("rename", test_rename);
  ADD ("delete-undo", test_delete_undo);
  ADD ("delete-commit", test_delete_commit);
  ADD ("delete-main", test_delete_main);
  ADD ("merge-menu", test_merge_menu);
  ADD ("drop-rule", test_drop_rule);
  ADD ("merge-drag", test_merge_drag);
  ADD ("new-branch", test_new_branch);
#undef ADD

  return g_test_run ();
}
