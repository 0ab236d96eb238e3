/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "chatroutes-sidebar.h"
#include "chatroutes-sidebar-row.h"
#include "test-util.h"
#include "ui-util.h"

#define N_SEEDED 45
#define WAIT_MS 10000

typedef struct
{
  TestSimulator *sim;
  ChatroutesService *service;
  GtkWidget *window;
  GtkWidget *overlay;
  ChatroutesSidebar *sidebar;
  int width;
  guint n_activated;
  char *activated_id;
} Fixture;

/* Widgets found by walking the tree, the way a person finds them on screen. */

static GtkWidget *
find_descendant (GtkWidget     *root,
                 GType          type,
                 gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                 gconstpointer  data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (match == NULL || match (child, data)))
        return child;
      found = find_descendant (child, type, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_descendants (GtkWidget *root,
                     GType      type,
                     GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      collect_descendants (child, type, out);
    }
}

static gboolean
button_has_label (GtkWidget     *widget,
                  gconstpointer  label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
button_has_icon (GtkWidget     *widget,
                 gconstpointer  icon)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0;
}

static GtkStack *
get_stack (Fixture *f)
{
  GtkWidget *stack = find_descendant (GTK_WIDGET (f->sidebar), GTK_TYPE_STACK, NULL, NULL);

  g_assert_nonnull (stack);
  return GTK_STACK (stack);
}

static const char *
visible_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (get_stack (f));
}

static GtkListView *
get_list_view (Fixture *f)
{
  GtkWidget *view = find_descendant (GTK_WIDGET (f->sidebar), GTK_TYPE_LIST_VIEW, NULL, NULL);

  g_assert_nonnull (view);
  return GTK_LIST_VIEW (view);
}

/* What the list view shows: the filtered model under its selection. */
static GListModel *
get_shown_model (Fixture *f)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (get_list_view (f));

  return gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection));
}

static ChatroutesConversationList *
get_list (Fixture *f)
{
  return chatroutes_sidebar_get_list (f->sidebar);
}

typedef struct
{
  Fixture *f;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (visible_page (wait->f), wait->page) == 0;
}

static void
assert_page_soon (Fixture    *f,
                  const char *page)
{
  PageWait wait = { f, page };

  if (!ui_wait_until (page_is, &wait, WAIT_MS))
    g_error ("expected the %s page, shown: %s", page, visible_page (f));
}

static gboolean
list_settled (gpointer data)
{
  ChatroutesConversationList *list = data;

  return chatroutes_conversation_list_get_loaded (list) && !chatroutes_conversation_list_get_loading (list);
}

static gboolean
list_complete (gpointer data)
{
  ChatroutesConversationList *list = data;

  return list_settled (list) && !chatroutes_conversation_list_get_has_more (list);
}

static void
on_activated (ChatroutesSidebar      *sidebar,
              ChatroutesConversation *conversation,
              Fixture                *f)
{
  g_assert_true (CHATROUTES_IS_CONVERSATION (conversation));
  f->n_activated++;
  g_free (f->activated_id);
  f->activated_id = g_strdup (chatroutes_conversation_get_id (conversation));
}

static void
fixture_open (Fixture *f,
              int      width,
              int      height)
{
  f->width = width;
  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  f->overlay = adw_toast_overlay_new ();
  f->sidebar = CHATROUTES_SIDEBAR (chatroutes_sidebar_new (f->service));
  g_object_add_weak_pointer (G_OBJECT (f->sidebar), (gpointer *) &f->sidebar);
  g_signal_connect (f->sidebar, "conversation-activated", G_CALLBACK (on_activated), f);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (f->overlay), GTK_WIDGET (f->sidebar));
  adw_window_set_content (ADW_WINDOW (f->window), f->overlay);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_setup_with (Fixture    *f,
                    const char *n_conversations,
                    int         width,
                    int         height)
{
  f->sim = test_simulator_start ("--pace-ms", "0", "--seed-conversations", n_conversations, NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_delay (f->service, 0.01);
  fixture_open (f, width, height);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  int width = data ? GPOINTER_TO_INT (data) : 360;

  fixture_setup_with (f, "45", width, width == 360 ? 720 : 800);
}

static gboolean
service_gone (gpointer data)
{
  return ((Fixture *) data)->service == NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GWeakRef window_ref;

  g_weak_ref_init (&window_ref, f->window);
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  ui_run_for (50);
  /* The window and the sidebar are gone, not just hidden. */
  g_assert_null (f->sidebar);
  {
    g_autoptr(GObject) window = g_weak_ref_get (&window_ref);
    g_assert_null (window);
  }
  g_weak_ref_clear (&window_ref);
  /* Requests cancelled with the sidebar still finish from the main loop. */
  g_object_add_weak_pointer (G_OBJECT (f->service), (gpointer *) &f->service);
  g_object_unref (f->service);
  ui_wait_until (service_gone, f, 5000);
  g_assert_null (f->service);
  g_clear_pointer (&f->sim, test_simulator_stop);
  g_clear_pointer (&f->activated_id, g_free);
  ui_set_dark (FALSE);
}

static void
save_light_and_dark (Fixture    *f,
                     const char *name)
{
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *sized = g_strdup_printf ("%s-%d", name, f->width);

  ui_set_dark (FALSE);
  light = ui_save_screenshot (f->window, sized);
  ui_set_dark (TRUE);
  dark = ui_save_screenshot (f->window, sized);
  ui_set_dark (FALSE);
  g_test_message ("screenshots: %s %s", light, dark);
}

/* Drives the dialog the sidebar shows: types @text and answers @response. */
static void
answer_dialog (Fixture    *f,
               const char *text,
               const char *response)
{
  AdwDialog *dialog;
  GtkWidget *entry;

  ui_run_for (50);
  dialog = adw_window_get_visible_dialog (ADW_WINDOW (f->window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  entry = adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (dialog));
  g_assert_true (GTK_IS_EDITABLE (entry));
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), response));
  g_signal_emit_by_name (dialog, "response", response);
  adw_dialog_force_close (dialog);
  ui_run_for (20);
}

static guint
rows_showing (Fixture   *f,
              GPtrArray *titles)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint shown = 0;

  collect_descendants (GTK_WIDGET (get_list_view (f)), CHATROUTES_TYPE_SIDEBAR_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      ChatroutesConversation *conversation = chatroutes_sidebar_row_get_conversation (rows->pdata[i]);
      GtkWidget *label;

      if (conversation == NULL || !gtk_widget_get_mapped (rows->pdata[i]))
        continue;
      label = find_descendant (rows->pdata[i], GTK_TYPE_LABEL, NULL, NULL);
      g_assert_nonnull (label);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, chatroutes_conversation_get_title (conversation));
      if (titles)
        g_ptr_array_add (titles, g_strdup (gtk_label_get_text (GTK_LABEL (label))));
      shown++;
    }
  return shown;
}

static ChatroutesConversation *
fetch_conversation (Fixture    *f,
                    const char *id,
                    GError    **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) finished = NULL;

  chatroutes_service_get_conversation_async (f->service, id, NULL, test_store_result, &result);
  finished = test_wait_result (&result);
  return chatroutes_service_get_conversation_finish (f->service, finished, error);
}

/* Tests */

static void
test_loads_and_scrolls (Fixture       *f,
                        gconstpointer  data)
{
  ChatroutesConversationList *list = get_list (f);
  GtkListView *view = get_list_view (f);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ChatroutesConversation) first = NULL;
  guint shown;

  /* The first page is on its way: the spinner shows. */
  g_assert_cmpstr (visible_page (f), ==, "loading");
  g_assert_true (chatroutes_conversation_list_get_loading (list));

  assert_page_soon (f, "list");
  g_assert_true (ui_wait_until (list_settled, list, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 30);
  g_assert_cmpint (chatroutes_conversation_list_get_total (list), ==, N_SEEDED);

  ui_wait_for_draw (f->window);
  shown = rows_showing (f, titles);
  g_assert_cmpuint (shown, >=, 5);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (titles->pdata[0], !=, "");
  g_assert_true (g_ptr_array_find_with_equal_func (titles, chatroutes_conversation_get_title (first), g_str_equal, NULL));

  /* Scrolling to the end loads the next pages until all are there. */
  for (guint round = 0; round < 20 && !list_complete (list); round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

      gtk_list_view_scroll_to (view, n - 1, GTK_LIST_SCROLL_NONE, NULL);
      ui_wait_for_draw (f->window);
      ui_wait_until (list_settled, list, WAIT_MS);
    }
  g_assert_true (list_complete (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_SEEDED);
  g_assert_cmpuint (g_list_model_get_n_items (get_shown_model (f)), ==, N_SEEDED);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations"), >=, 2);
}

static gboolean
all_titles_contain (GListModel *model,
                    const char *needle)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (model, i);
      g_autofree char *folded = g_utf8_casefold (chatroutes_conversation_get_title (conversation), -1);

      if (strstr (folded, needle) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  ChatroutesConversationList *list = get_list (f);
  GtkWidget *entry;

  assert_page_soon (f, "list");
  g_assert_true (ui_wait_until (list_settled, list, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, N_SEEDED);

  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.search", NULL);
  g_assert_true (chatroutes_sidebar_get_search_mode (f->sidebar));
  entry = find_descendant (GTK_WIDGET (f->sidebar), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "lisbon");

  /* Searching fetches every page, so the later ones can match too:
   * seeds 1, 13, 25 and 37 are about Lisbon. */
  g_assert_true (ui_wait_until (list_complete, list, WAIT_MS));
  ui_run_for (300); /* the entry's search delay */
  assert_page_soon (f, "list");
  g_assert_cmpuint (g_list_model_get_n_items (get_shown_model (f)), ==, 4);
  g_assert_true (all_titles_contain (get_shown_model (f), "lisbon"));
  ui_wait_for_draw (f->window);
  g_assert_cmpuint (rows_showing (f, NULL), ==, 4);
  save_light_and_dark (f, "sidebar-search");

  gtk_editable_set_text (GTK_EDITABLE (entry), "xyzzy plugh");
  assert_page_soon (f, "no-results");
  g_assert_cmpuint (g_list_model_get_n_items (get_shown_model (f)), ==, 0);
  save_light_and_dark (f, "sidebar-no-results");

  /* Closing the search shows everything again. */
  chatroutes_sidebar_set_search_mode (f->sidebar, FALSE);
  assert_page_soon (f, "list");
  g_assert_cmpuint (g_list_model_get_n_items (get_shown_model (f)), ==, N_SEEDED);
}

static void
test_filter_shared (Fixture       *f,
                    gconstpointer  data)
{
  ChatroutesConversationList *list = get_list (f);
  GtkWidget *group;

  assert_page_soon (f, "list");
  group = find_descendant (GTK_WIDGET (f->sidebar), ADW_TYPE_TOGGLE_GROUP, NULL, NULL);
  g_assert_nonnull (group);
  g_assert_cmpstr (adw_toggle_group_get_active_name (ADW_TOGGLE_GROUP (group)), ==, "all");

  adw_toggle_group_set_active_name (ADW_TOGGLE_GROUP (group), "shared");
  g_assert_cmpint (chatroutes_conversation_list_get_filter (list), ==, CHATROUTES_CONVERSATION_FILTER_SHARED);
  g_assert_true (ui_wait_until (list_complete, list, WAIT_MS));
  assert_page_soon (f, "list");

  /* Every fifth seed is shared by a guest. */
  g_assert_cmpuint (g_list_model_get_n_items (get_shown_model (f)), ==, N_SEEDED / 5);
  for (guint i = 0; i < g_list_model_get_n_items (get_shown_model (f)); i++)
    {
      g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (get_shown_model (f), i);

      g_assert_cmpstr (chatroutes_conversation_get_user_id (conversation), ==, "user_guest");
    }
  ui_wait_for_draw (f->window);
  g_assert_cmpuint (rows_showing (f, NULL), ==, N_SEEDED / 5);

  adw_toggle_group_set_active_name (ADW_TOGGLE_GROUP (group), "owned");
  g_assert_true (ui_wait_until (list_settled, list, WAIT_MS));
  {
    g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpstr (chatroutes_conversation_get_user_id (conversation), ==, "user_sim");
  }
}

static void
test_new_conversation (Fixture       *f,
                       gconstpointer  data)
{
  ChatroutesConversationList *list = get_list (f);
  g_autoptr(ChatroutesConversation) first = NULL;
  g_autoptr(ChatroutesConversation) fetched = NULL;
  g_autoptr(GError) error = NULL;
  AdwDialog *dialog;
  GtkWidget *entry;

  assert_page_soon (f, "list");
  g_assert_true (ui_wait_until (list_settled, list, WAIT_MS));
  chatroutes_sidebar_set_default_model (f->sidebar, "claude-sonnet-4-5");

  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.new-conversation", NULL);
  ui_run_for (50);
  dialog = adw_window_get_visible_dialog (ADW_WINDOW (f->window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  entry = adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "New Conversation");
  /* An empty title cannot be confirmed. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "create"));

  answer_dialog (f, "Trip to Porto", "create");
  for (guint i = 0; i < 200 && f->n_activated == 0; i++)
    ui_run_for (20);
  g_assert_cmpuint (f->n_activated, ==, 1);

  first = g_list_model_get_item (get_shown_model (f), 0);
  g_assert_cmpstr (chatroutes_conversation_get_title (first), ==, "Trip to Porto");
  g_assert_cmpstr (chatroutes_conversation_get_model (first), ==, "claude-sonnet-4-5");
  g_assert_cmpstr (f->activated_id, ==, chatroutes_conversation_get_id (first));
  g_assert_cmpstr (chatroutes_sidebar_get_selected_id (f->sidebar), ==, chatroutes_conversation_get_id (first));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (get_list_view (f)))), ==, 0);
  g_assert_cmpint (test_simulator_count (f->sim, "POST /conversations"), ==, 1);

  fetched = fetch_conversation (f, chatroutes_conversation_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_conversation_get_title (fetched), ==, "Trip to Porto");

  /* A failed creation loses nothing and adds nothing. */
  chatroutes_service_set_retry_attempts (f->service, 0);
  test_simulator_fault (f->sim, "POST", "/conversations", "status=500", 1);
  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.new-conversation", NULL);
  answer_dialog (f, "Never made", "create");
  for (guint i = 0; i < 100 && test_simulator_count (f->sim, "POST /conversations") < 2; i++)
    ui_run_for (20);
  ui_run_for (100);
  g_assert_cmpuint (f->n_activated, ==, 1);
  {
    g_autoptr(ChatroutesConversation) still_first = g_list_model_get_item (get_shown_model (f), 0);
    g_assert_true (still_first == first);
  }
}

typedef struct
{
  ChatroutesConversation *conversation;
  const char *title;
} TitleWait;

static gboolean
title_is (gpointer data)
{
  TitleWait *wait = data;

  return g_strcmp0 (chatroutes_conversation_get_title (wait->conversation), wait->title) == 0;
}

static void
test_rename (Fixture       *f,
             gconstpointer  data)
{
  ChatroutesConversationList *list = get_list (f);
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(ChatroutesConversation) fetched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_title = NULL;
  TitleWait wait;
  const char *id;

  assert_page_soon (f, "list");
  g_assert_true (ui_wait_until (list_settled, list, WAIT_MS));
  conversation = g_list_model_get_item (G_LIST_MODEL (list), 2);
  id = chatroutes_conversation_get_id (conversation);
  old_title = g_strdup (chatroutes_conversation_get_title (conversation));

  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.rename", "s", id);
  {
    AdwDialog *dialog = adw_window_get_visible_dialog (ADW_WINDOW (f->window));
    GtkWidget *entry;

    ui_run_for (50);
    dialog = adw_window_get_visible_dialog (ADW_WINDOW (f->window));
    g_assert_nonnull (dialog);
    entry = adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (dialog));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, old_title);
  }
  answer_dialog (f, "Lisbon, revised", "rename");

  wait.conversation = conversation;
  wait.title = "Lisbon, revised";
  g_assert_true (ui_wait_until (title_is, &wait, WAIT_MS));
  g_assert_cmpint (test_simulator_count (f->sim, "PATCH /conversations/{id}"), ==, 1);
  ui_wait_for_draw (f->window);
  {
    g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
    rows_showing (f, titles);
    g_assert_true (g_ptr_array_find_with_equal_func (titles, "Lisbon, revised", g_str_equal, NULL));
  }

  fetched = fetch_conversation (f, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_conversation_get_title (fetched), ==, "Lisbon, revised");

  /* A failed rename keeps the title. */
  chatroutes_service_set_retry_attempts (f->service, 0);
  test_simulator_fault (f->sim, "PATCH", "/conversations", "status=500", 1);
  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.rename", "s", id);
  answer_dialog (f, "Not this one", "rename");
  for (guint i = 0; i < 100 && test_simulator_count (f->sim, "PATCH /conversations/{id}") < 2; i++)
    ui_run_for (20);
  ui_run_for (100);
  g_assert_cmpstr (chatroutes_conversation_get_title (conversation), ==, "Lisbon, revised");
}

static GtkWidget *
find_toast_button (Fixture    *f,
                   const char *label,
                   const char *icon)
{
  if (label != NULL)
    return find_descendant (f->overlay, GTK_TYPE_BUTTON, button_has_label, label);
  return find_descendant (f->overlay, GTK_TYPE_BUTTON, button_has_icon, icon);
}

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  ChatroutesConversationList *list = get_list (f);
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(ChatroutesConversation) fetched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GtkWidget *button;
  guint position;
  guint n_before;

  assert_page_soon (f, "list");
  g_assert_true (ui_wait_until (list_settled, list, WAIT_MS));
  g_assert_true (ui_wait_until (list_complete, list, WAIT_MS));
  n_before = g_list_model_get_n_items (G_LIST_MODEL (list));
  conversation = g_list_model_get_item (G_LIST_MODEL (list), 3);
  id = g_strdup (chatroutes_conversation_get_id (conversation));
  chatroutes_sidebar_set_selected_id (f->sidebar, id);

  /* Deleting removes the row at once; the server hears nothing yet. */
  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.delete", "s", id);
  g_assert_false (chatroutes_conversation_list_find (list, id, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_before - 1);
  g_assert_null (chatroutes_sidebar_get_selected_id (f->sidebar));
  save_light_and_dark (f, "sidebar-delete-toast");
  g_assert_cmpint (test_simulator_count (f->sim, "DELETE /conversations/{id}"), ==, 0);

  /* Undo puts it back where it was, still selected; nothing was sent. */
  button = find_toast_button (f, "_Undo", NULL);
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  ui_run_for (300);
  g_assert_true (chatroutes_conversation_list_find (list, id, &position));
  g_assert_cmpuint (position, ==, 3);
  g_assert_cmpstr (chatroutes_sidebar_get_selected_id (f->sidebar), ==, id);
  g_assert_cmpint (test_simulator_count (f->sim, "DELETE /conversations/{id}"), ==, 0);

  /* Deleting again and letting the toast go sends the deletion. */
  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.delete", "s", id);
  g_assert_false (chatroutes_conversation_list_find (list, id, NULL));
  ui_wait_for_draw (f->window);
  g_assert_cmpint (test_simulator_count (f->sim, "DELETE /conversations/{id}"), ==, 0);
  button = find_toast_button (f, NULL, "window-close-symbolic");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  for (guint i = 0; i < 200 && test_simulator_count (f->sim, "DELETE /conversations/{id}") < 1; i++)
    ui_run_for (20);
  ui_run_for (100);
  g_assert_cmpint (test_simulator_count (f->sim, "DELETE /conversations/{id}"), ==, 1);
  g_assert_false (chatroutes_conversation_list_find (list, id, NULL));

  fetched = fetch_conversation (f, id, &error);
  g_assert_null (fetched);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_NOT_FOUND);
}

static void
test_delete_fails (Fixture       *f,
                   gconstpointer  data)
{
  ChatroutesConversationList *list = get_list (f);
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autofree char *id = NULL;
  GtkWidget *button;
  guint position;

  assert_page_soon (f, "list");
  g_assert_true (ui_wait_until (list_settled, list, WAIT_MS));
  conversation = g_list_model_get_item (G_LIST_MODEL (list), 1);
  id = g_strdup (chatroutes_conversation_get_id (conversation));

  chatroutes_service_set_retry_attempts (f->service, 0);
  test_simulator_fault (f->sim, "DELETE", "/conversations", "status=500", 1);
  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.delete", "s", id);
  ui_wait_for_draw (f->window);
  button = find_toast_button (f, NULL, "window-close-symbolic");
  g_assert_nonnull (button);
  gtk_widget_activate (button);

  /* The failure brings the row back where it was. */
  for (guint i = 0; i < 200 && !chatroutes_conversation_list_find (list, id, NULL); i++)
    ui_run_for (20);
  g_assert_true (chatroutes_conversation_list_find (list, id, &position));
  g_assert_cmpuint (position, ==, 1);
  g_assert_cmpint (test_simulator_count (f->sim, "DELETE /conversations/{id}"), ==, 1);
}

static void
test_error_and_retry (Fixture       *f,
                      gconstpointer  data)
{
  ChatroutesConversationList *list;
  GtkWidget *status;
  GtkWidget *retry;

  /* Its own window: the fault must be there before the first request. */
  f->sim = test_simulator_start ("--pace-ms", "0", "--seed-conversations", "45", NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_attempts (f->service, 0);
  test_simulator_fault (f->sim, "GET", "/conversations", "status=500", 1);
  fixture_open (f, GPOINTER_TO_INT (data), GPOINTER_TO_INT (data) == 360 ? 720 : 800);
  list = get_list (f);

  assert_page_soon (f, "error");
  g_assert_nonnull (chatroutes_conversation_list_get_error (list));
  status = gtk_stack_get_visible_child (get_stack (f));
  g_assert_true (ADW_IS_STATUS_PAGE (status));
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), ==,
                   chatroutes_conversation_list_get_error (list)->message);
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), !=, "");
  save_light_and_dark (f, "sidebar-error");

  test_simulator_clear_faults (f->sim);
  retry = find_descendant (status, GTK_TYPE_BUTTON, button_has_label, "_Retry");
  g_assert_nonnull (retry);
  gtk_widget_activate (retry);
  assert_page_soon (f, "list");
  g_assert_true (ui_wait_until (list_settled, list, WAIT_MS));
  g_assert_null (chatroutes_conversation_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 30);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *status;

  fixture_setup_with (f, "0", GPOINTER_TO_INT (data), GPOINTER_TO_INT (data) == 360 ? 720 : 800);
  assert_page_soon (f, "empty");
  status = gtk_stack_get_visible_child (get_stack (f));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Conversations");
  g_assert_nonnull (find_descendant (status, GTK_TYPE_BUTTON, button_has_label, "_New Conversation"));
  save_light_and_dark (f, "sidebar-empty");
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  int width = GPOINTER_TO_INT (data);
  ChatroutesConversationList *list;
  g_autoptr(GMenu) menu = g_menu_new ();

  fixture_setup_with (f, "45", width, width == 360 ? 720 : 800);
  g_menu_append (menu, "Preferences", "app.preferences");
  chatroutes_sidebar_set_menu_model (f->sidebar, G_MENU_MODEL (menu));
  list = get_list (f);
  assert_page_soon (f, "list");
  g_assert_true (ui_wait_until (list_settled, list, WAIT_MS));
  {
    g_autoptr(ChatroutesConversation) second = g_list_model_get_item (G_LIST_MODEL (list), 1);
    chatroutes_sidebar_set_selected_id (f->sidebar, chatroutes_conversation_get_id (second));
  }
  /* A settled list: the "Loading more" pill leaves nothing to draw in the
   * offscreen snapshot the screenshot helper takes. */
  g_assert_true (ui_wait_until (list_complete, list, WAIT_MS));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (get_list_view (f)))), ==, 1);
  /* Setting the selection is not the user opening it. */
  g_assert_cmpuint (f->n_activated, ==, 0);
  save_light_and_dark (f, "sidebar-list");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ui_test_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add ("/sidebar/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_SIZED(path, width, func) \
  g_test_add ("/sidebar/" path, Fixture, GINT_TO_POINTER (width), NULL, func, fixture_teardown)

  ADD ("loads-and-scrolls", test_loads_and_scrolls);
  ADD ("search", test_search);
  g_test_add ("/sidebar/search/420", Fixture, GINT_TO_POINTER (420), fixture_setup, test_search, fixture_teardown);
  ADD ("filter-shared", test_filter_shared);
  ADD ("new-conversation", test_new_conversation);
  ADD ("rename", test_rename);
  ADD ("delete-undo", test_delete_undo);
  g_test_add ("/sidebar/delete-undo/420", Fixture, GINT_TO_POINTER (420), fixture_setup, test_delete_undo, fixture_teardown);
  ADD ("delete-fails", test_delete_fails);
  ADD_SIZED ("error-and-retry/360", 360, test_error_and_retry);
  ADD_SIZED ("error-and-retry/420", 420, test_error_and_retry);
  ADD_SIZED ("empty/360", 360, test_empty);
  ADD_SIZED ("empty/420", 420, test_empty);
  ADD_SIZED ("screenshots/360", 360, test_screenshots);
  ADD_SIZED ("screenshots/420", 420, test_screenshots);

  return g_test_run ();
}
