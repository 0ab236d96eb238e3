/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "chatroutes-tail-model.h"
#include "main-loop.h"

typedef struct
{
  guint position, removed, added;
  guint count;
} Change;

static void
on_changed (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}

static GListStore *
numbers (guint from,
         guint n)
{
  GListStore *store = g_list_store_new (G_TYPE_APPLICATION);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("com.example.N%u", from + i);
      g_autoptr(GApplication) item = g_application_new (id, G_APPLICATION_DEFAULT_FLAGS);

      g_list_store_append (store, item);
    }
  return store;
}

static const char *
id_at (GListModel *model,
       guint       position)
{
  g_autoptr(GApplication) item = g_list_model_get_item (model, position);

  return item ? g_application_get_application_id (item) : NULL;
}

/* Every item shown is the model's item at the same distance from the end. */
static void
assert_is_tail (ChatroutesTailModel *tail)
{
  GListModel *model = chatroutes_tail_model_get_model (tail);
  guint n = g_list_model_get_n_items (model);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (tail));

  g_assert_cmpuint (shown + chatroutes_tail_model_get_held (tail), ==, n);
  for (guint i = 0; i < shown; i++)
    g_assert_cmpstr (id_at (G_LIST_MODEL (tail), i), ==, id_at (model, n - shown + i));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (tail), shown));
}

static gboolean
all_shown (gpointer data)
{
  return chatroutes_tail_model_get_held (data) == 0;
}

/* Nothing more comes in by itself for a while. */
static gboolean
reveal_stopped (gpointer data)
{
  guint before = g_list_model_get_n_items (data);

  main_loop_run_for (50);
  return g_list_model_get_n_items (data) == before;
}

static void
test_long_list_end_first (void)
{
  g_autoptr(ChatroutesTailModel) tail = chatroutes_tail_model_new ();
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_APPLICATION);
  g_autoptr(GListStore) many = numbers (0, 1000);
  g_autofree gpointer *items = g_new0 (gpointer, 1000);
  Change change = { 0 };
  guint steps, shown;

  chatroutes_tail_model_set_model (tail, G_LIST_MODEL (store));
  g_signal_connect (tail, "items-changed", G_CALLBACK (on_changed), &change);

  /* A conversation's messages arrive all at once. */
  for (guint i = 0; i < 1000; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (many), i);
  g_list_store_splice (store, 0, 0, items, 1000);
  for (guint i = 0; i < 1000; i++)
    g_object_unref (items[i]);

  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, g_list_model_get_n_items (G_LIST_MODEL (tail)));
  g_assert_cmpuint (change.added, <, 50);
  g_assert_cmpstr (id_at (G_LIST_MODEL (tail), change.added - 1), ==, "com.example.N999");
  assert_is_tail (tail);

  /* A few screens' worth come in at the start, a few at a time, and no
   * more by themselves. */
  g_assert_true (main_loop_wait_until (reveal_stopped, tail, 5000));
  steps = change.count - 1;
  g_assert_cmpuint (steps, >, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), >=, 20);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), <, 100);
  assert_is_tail (tail);
  main_loop_run_for (100);
  g_assert_cmpuint (change.count - 1, ==, steps);

  /* Older ones when asked for. */
  shown = g_list_model_get_n_items (G_LIST_MODEL (tail));
  chatroutes_tail_model_show_more (tail, 16);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, shown + 16);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.added, ==, 16);
  assert_is_tail (tail);

  chatroutes_tail_model_show_more (tail, chatroutes_tail_model_get_held (tail));
  g_assert_true (all_shown (tail));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, 1000);
  assert_is_tail (tail);
}

static void
test_changes_pass_through (void)
{
  g_autoptr(ChatroutesTailModel) tail = chatroutes_tail_model_new ();
  g_autoptr(GListStore) store = numbers (0, 500);
  g_autoptr(GListStore) extra = numbers (1000, 3);
  g_autoptr(GApplication) one = g_list_model_get_item (G_LIST_MODEL (extra), 0);
  Change change = { 0 };
  guint held, shown;

  /* A model that is long already is also shown from its end. */
  chatroutes_tail_model_set_model (tail, G_LIST_MODEL (store));
  held = chatroutes_tail_model_get_held (tail);
  g_assert_cmpuint (held, >, 400);
  assert_is_tail (tail);
  g_signal_connect (tail, "items-changed", G_CALLBACK (on_changed), &change);

  /* A reply appended at the end shows at once. */
  g_list_store_append (store, one);
  g_assert_cmpuint (change.count, ==, 1);
  shown = g_list_model_get_n_items (G_LIST_MODEL (tail));
  g_assert_cmpuint (change.position, ==, shown - 1);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (chatroutes_tail_model_get_held (tail), ==, held);
  assert_is_tail (tail);

  /* A change among the held-back items moves nothing that is shown. */
  g_list_store_remove (store, 3);
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (chatroutes_tail_model_get_held (tail), ==, held - 1);
  assert_is_tail (tail);

  /* A change that reaches into what is shown is shown from its start. */
  held = chatroutes_tail_model_get_held (tail);
  g_list_store_splice (store, held - 2, 4, NULL, 0);
  g_assert_cmpuint (change.count, ==, 2);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 2);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (chatroutes_tail_model_get_held (tail), ==, held - 2);
  assert_is_tail (tail);

  /* Removing a shown item. */
  g_list_store_remove (store, g_list_model_get_n_items (G_LIST_MODEL (store)) - 1);
  g_assert_cmpuint (change.count, ==, 3);
  assert_is_tail (tail);

  /* Paused, nothing comes in by itself. */
  chatroutes_tail_model_set_paused (tail, TRUE);
  held = chatroutes_tail_model_get_held (tail);
  main_loop_run_for (200);
  g_assert_cmpuint (chatroutes_tail_model_get_held (tail), ==, held);

  chatroutes_tail_model_show_more (tail, chatroutes_tail_model_get_held (tail));
  g_assert_cmpuint (chatroutes_tail_model_get_held (tail), ==, 0);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  assert_is_tail (tail);

  /* Letting go of the model empties the list. */
  shown = g_list_model_get_n_items (G_LIST_MODEL (tail));
  chatroutes_tail_model_set_model (tail, NULL);
  g_assert_cmpuint (change.removed, ==, shown);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, 0);
}

static void
test_short_list_whole (void)
{
  g_autoptr(ChatroutesTailModel) tail = chatroutes_tail_model_new ();
  g_autoptr(GListStore) store = numbers (0, 5);

  chatroutes_tail_model_set_model (tail, G_LIST_MODEL (store));
  g_assert_cmpuint (chatroutes_tail_model_get_held (tail), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, 5);
  assert_is_tail (tail);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tail-model/long-list-end-first", test_long_list_end_first);
  g_test_add_func ("/tail-model/changes-pass-through", test_changes_pass_through);
  g_test_add_func ("/tail-model/short-list-whole", test_short_list_whole);

  return g_test_run ();
}
