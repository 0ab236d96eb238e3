/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <string.h>

#include "chatroutes-core.h"
#include "test-util.h"

/* Mirror: follows a GListModel through its items-changed signals only, the
 * way a view does, so a signal that disagrees with the model's contents
 * (wrong position, wrong counts, a change without a signal) shows up as a
 * difference between the mirror and the model. */

typedef struct
{
  GListModel *model;
  GPtrArray *shadow;     /* the items, when read_items; else NULL */
  gboolean read_items;
  guint len;             /* what the signals say the length is */
  guint n_signals;
  guint n_added;
  guint n_removed;
  guint last_position;
  guint last_removed;
  guint last_added;
} Mirror;

static void
mirror_items_changed (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      Mirror     *mirror)
{
  g_assert_true (model == mirror->model);
  g_assert_cmpuint (position + removed, <=, mirror->len);
  /* A model that says it changed must have the new length already. */
  g_assert_cmpuint (mirror->len - removed + added, ==, g_list_model_get_n_items (model));

  mirror->len = mirror->len - removed + added;
  mirror->n_signals++;
  mirror->n_added += added;
  mirror->n_removed += removed;
  mirror->last_position = position;
  mirror->last_removed = removed;
  mirror->last_added = added;

  if (mirror->read_items)
    {
      g_ptr_array_remove_range (mirror->shadow, position, removed);
      for (guint i = 0; i < added; i++)
        g_ptr_array_insert (mirror->shadow, position + i, g_list_model_get_item (model, position + i));
    }
}

static void
mirror_init (Mirror     *mirror,
             GListModel *model,
             gboolean    read_items)
{
  memset (mirror, 0, sizeof *mirror);
  mirror->model = model;
  mirror->read_items = read_items;
  mirror->len = g_list_model_get_n_items (model);
  if (read_items)
    {
      mirror->shadow = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < mirror->len; i++)
        g_ptr_array_add (mirror->shadow, g_list_model_get_item (model, i));
    }
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_items_changed), mirror);
}

/* The mirror matches the model: same length and, when it reads items, the
 * very same objects in the same order. */
static void
mirror_assert_synced (Mirror *mirror)
{
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (mirror->model));
  if (mirror->read_items)
    {
      g_assert_cmpuint (mirror->shadow->len, ==, mirror->len);
      for (guint i = 0; i < mirror->len; i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (mirror->model, i);
          g_assert_true (item == mirror->shadow->pdata[i]);
        }
    }
}

static void
mirror_reset_counts (Mirror *mirror)
{
  mirror->n_signals = 0;
  mirror->n_added = 0;
  mirror->n_removed = 0;
}

static void
mirror_clear (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_data (mirror->model, mirror);
  g_clear_pointer (&mirror->shadow, g_ptr_array_unref);
}

/* NotifyWatch: remembers, for some properties, the value each notify
 * reported. When a property changes without a notify, the remembered value
 * no longer matches the current one. */

#define MAX_WATCHED 8

typedef struct
{
  GObject *object;
  guint n_props;
  const char *names[MAX_WATCHED];
  GValue seen[MAX_WATCHED];
  guint counts[MAX_WATCHED];
} NotifyWatch;

static void
notify_watch_cb (GObject     *object,
                 GParamSpec  *pspec,
                 NotifyWatch *watch)
{
  for (guint i = 0; i < watch->n_props; i++)
    {
      if (g_strcmp0 (watch->names[i], pspec->name) == 0)
        {
          g_value_reset (&watch->seen[i]);
          g_object_get_property (object, pspec->name, &watch->seen[i]);
          watch->counts[i]++;
        }
    }
}

static void
notify_watch_init (NotifyWatch *watch,
                   gpointer     object,
                   ...)
{
  va_list args;
  const char *name;

  memset (watch, 0, sizeof *watch);
  watch->object = object;

  va_start (args, object);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
      g_autofree char *signal = g_strconcat ("notify::", name, NULL);

      g_assert_nonnull (pspec);
      g_assert_cmpuint (watch->n_props, <, MAX_WATCHED);
      watch->names[watch->n_props] = pspec->name;
      g_value_init (&watch->seen[watch->n_props], pspec->value_type);
      g_object_get_property (object, name, &watch->seen[watch->n_props]);
      watch->n_props++;
      g_signal_connect (object, signal, G_CALLBACK (notify_watch_cb), watch);
    }
  va_end (args);
}

static guint
notify_watch_count (NotifyWatch *watch,
                    const char  *name)
{
  for (guint i = 0; i < watch->n_props; i++)
    if (g_strcmp0 (watch->names[i], name) == 0)
      return watch->counts[i];
  g_assert_not_reached ();
}

static void
notify_watch_assert_synced (NotifyWatch *watch)
{
  for (guint i = 0; i < watch->n_props; i++)
    {
      g_auto(GValue) now = G_VALUE_INIT;
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (watch->object), watch->names[i]);

      g_value_init (&now, pspec->value_type);
      g_object_get_property (watch->object, watch->names[i], &now);
      if (G_VALUE_HOLDS (&now, G_TYPE_ERROR))
        {
          /* Set or unset is what a view shows. */
          if ((g_value_get_boxed (&now) == NULL) != (g_value_get_boxed (&watch->seen[i]) == NULL))
            g_error ("“%s” changed without a notify", watch->names[i]);
        }
      else if (g_param_values_cmp (pspec, &now, &watch->seen[i]) != 0)
        g_error ("“%s” changed without a notify", watch->names[i]);
    }
}

static void
notify_watch_clear (NotifyWatch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->object, watch);
  for (guint i = 0; i < watch->n_props; i++)
    g_value_unset (&watch->seen[i]);
}

/* Building test objects */

static ChatroutesBranch *
make_branch (const char *id,
             const char *parent_id,
             const char *fork_point,
             gboolean    is_main)
{
  ChatroutesBranch *branch = chatroutes_branch_new ();

  chatroutes_branch_set_id (branch, id);
  chatroutes_branch_set_parent_branch_id (branch, parent_id);
  chatroutes_branch_set_fork_point_message_id (branch, fork_point);
  chatroutes_branch_set_is_main (branch, is_main);
  chatroutes_branch_set_title (branch, id);
  return branch;
}

static ChatroutesMessage *
make_message (const char *id)
{
  ChatroutesMessage *message = chatroutes_message_new ();

  chatroutes_message_set_id (message, id);
  chatroutes_message_set_role (message, g_str_has_prefix (id, "u") ? "user" : "assistant");
  chatroutes_message_set_content (message, id);
  return message;
}

/* A GListStore of messages from a space-separated list of ids. */
static GListModel *
make_messages (const char *ids)
{
  GListStore *store = g_list_store_new (CHATROUTES_TYPE_MESSAGE);
  g_auto(GStrv) parts = g_strsplit (ids, " ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(ChatroutesMessage) message = NULL;

      if (parts[i][0] == '\0')
        continue;
      message = make_message (parts[i]);
      g_list_store_append (store, message);
    }
  return G_LIST_MODEL (store);
}

/* Branches in a GListStore, from (id, parent, fork point, is main) rows
 * ending with a NULL id. */
typedef struct
{
  const char *id;
  const char *parent;
  const char *fork_point;
  gboolean is_main;
} BranchRow;

static GListModel *
make_branches (const BranchRow *rows)
{
  GListStore *store = g_list_store_new (CHATROUTES_TYPE_BRANCH);

  for (guint i = 0; rows[i].id != NULL; i++)
    {
      g_autoptr(ChatroutesBranch) branch = make_branch (rows[i].id, rows[i].parent,
                                                        rows[i].fork_point, rows[i].is_main);
      g_list_store_append (store, branch);
    }
  return G_LIST_MODEL (store);
}

static ChatroutesTree *
tree_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = chatroutes_decode_parse (json, strlen (json), 0, &error);
  ChatroutesTree *tree;

  g_assert_no_error (error);
  tree = chatroutes_decode_tree (body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tree);
  return tree;
}

/* The ids of a model's branches, space-separated, for readable asserts. */
static char *
branch_ids (GListModel *model)
{
  GString *ids = g_string_new (NULL);
  guint n;

  if (model == NULL)
    return g_string_free (ids, FALSE);

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, chatroutes_branch_get_id (branch));
    }
  return g_string_free (ids, FALSE);
}

static char *
message_ids (GListModel *model)
{
  GString *ids = g_string_new (NULL);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesMessage) message = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, chatroutes_message_get_id (message));
    }
  return g_string_free (ids, FALSE);
}

static char *
message_array_ids (GPtrArray *messages)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, chatroutes_message_get_id (messages->pdata[i]));
    }
  return g_string_free (ids, FALSE);
}

static char *
path_ids (ChatroutesBranchTree *tree,
          const char           *branch_id)
{
  g_autoptr(GPtrArray) path = chatroutes_branch_tree_dup_path (tree, branch_id);
  GString *ids = g_string_new (NULL);

  if (path == NULL)
    return g_string_free (ids, TRUE);
  for (guint i = 0; i < path->len; i++)
    {
      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, chatroutes_branch_get_id (path->pdata[i]));
    }
  return g_string_free (ids, FALSE);
}

#define assert_children(tree, id, expected) \
  G_STMT_START { \
    g_autofree char *_ids = branch_ids (chatroutes_branch_tree_get_children ((tree), (id))); \
    g_assert_cmpstr (_ids, ==, (expected)); \
  } G_STMT_END

#define assert_roots(tree, expected) \
  G_STMT_START { \
    g_autofree char *_ids = branch_ids (chatroutes_branch_tree_get_roots (tree)); \
    g_assert_cmpstr (_ids, ==, (expected)); \
  } G_STMT_END

#define assert_path(tree, id, expected) \
  G_STMT_START { \
    g_autofree char *_ids = path_ids ((tree), (id)); \
    g_assert_cmpstr (_ids, ==, (expected)); \
  } G_STMT_END

/* Every branch of the flat list appears exactly once when the tree is
 * walked from the roots through the children models; every other branch
 * has no children model entry; a branch's path ends at it, starts at a
 * root, follows the children models, and is depth + 1 long. Returns the
 * number of roots. */
static guint
assert_tree_consistent (ChatroutesBranchTree *tree)
{
  GListModel *branches = chatroutes_branch_tree_get_branches (tree);
  GListModel *roots = chatroutes_branch_tree_get_roots (tree);
  guint n = g_list_model_get_n_items (branches);
  guint n_roots = g_list_model_get_n_items (roots);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) queue = g_ptr_array_new_with_free_func (g_object_unref);
  guint sum_children = 0;

  for (guint i = 0; i < n_roots; i++)
    g_ptr_array_add (queue, g_list_model_get_item (roots, i));

  for (guint i = 0; i < queue->len; i++)
    {
      ChatroutesBranch *branch = queue->pdata[i];
      const char *id = chatroutes_branch_get_id (branch);
      GListModel *children = chatroutes_branch_tree_get_children (tree, id);
      guint n_children;

      g_assert_true (g_hash_table_add (seen, branch));
      g_assert_true (chatroutes_branch_tree_lookup (tree, id) == branch);
      g_assert_nonnull (children);
      n_children = g_list_model_get_n_items (children);
      sum_children += n_children;
      for (guint j = 0; j < n_children; j++)
        g_ptr_array_add (queue, g_list_model_get_item (children, j));
    }

  g_assert_cmpuint (sum_children + n_roots, ==, n);
  g_assert_cmpuint (g_hash_table_size (seen), ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);
      const char *id = chatroutes_branch_get_id (branch);
      g_autoptr(GPtrArray) path = chatroutes_branch_tree_dup_path (tree, id);
      guint position;

      g_assert_true (g_hash_table_contains (seen, branch));
      g_assert_nonnull (path);
      g_assert_cmpuint (path->len, ==, chatroutes_branch_tree_get_depth (tree, id) + 1);
      g_assert_true (path->pdata[path->len - 1] == branch);
      g_assert_true (g_list_store_find (G_LIST_STORE (roots), path->pdata[0], &position));
      for (guint j = 1; j < path->len; j++)
        {
          GListModel *children = chatroutes_branch_tree_get_children (tree, chatroutes_branch_get_id (path->pdata[j - 1]));
          g_assert_true (g_list_store_find (G_LIST_STORE (children), path->pdata[j], &position));
        }
    }

  return n_roots;
}

/* Branch tree */

/*
 *  main
 *  ├─ a      (forks at m2)
 *  │  ├─ a1  (forks at a-2)
 *  │  │  └─ a1x
 *  │  └─ a2
 *  └─ b      (forks at m4)
 */
static const BranchRow sample_rows[] = {
  { "a1x", "a1", "a1-1", FALSE },
  { "main", NULL, NULL, TRUE },
  { "a", "main", "m2", FALSE },
  { "a1", "a", "a-2", FALSE },
  { "b", "main", "m4", FALSE },
  { "a2", "a", "a-1", FALSE },
  { NULL }
};

static void
test_tree_shape (void)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(GListModel) branches = make_branches (sample_rows);
  g_autoptr(GPtrArray) path = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_roots (tree)), ==, 0);
  g_assert_null (chatroutes_branch_tree_get_main (tree));

  chatroutes_branch_tree_set_branches (tree, branches);

  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, 6);
  assert_roots (tree, "main");
  /* Children keep the order of the flat list. */
  assert_children (tree, "main", "a b");
  assert_children (tree, "a", "a1 a2");
  assert_children (tree, "a1", "a1x");
  assert_children (tree, "a1x", "");
  assert_children (tree, "b", "");
  g_assert_null (chatroutes_branch_tree_get_children (tree, "nope"));
  g_assert_null (chatroutes_branch_tree_get_children (tree, NULL));

  assert_path (tree, "main", "main");
  assert_path (tree, "a1x", "main a a1 a1x");
  assert_path (tree, "a2", "main a a2");
  assert_path (tree, "b", "main b");
  g_assert_null (chatroutes_branch_tree_dup_path (tree, "nope"));

  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "main"), ==, 0);
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "a"), ==, 1);
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "a1"), ==, 2);
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "a1x"), ==, 3);
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "b"), ==, 1);
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "nope"), ==, 0);

  g_assert_cmpstr (chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree)), ==, "main");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (chatroutes_branch_tree_lookup (tree, "a")), ==, "m2");
  g_assert_null (chatroutes_branch_tree_lookup (tree, "nope"));
  g_assert_null (chatroutes_branch_tree_lookup (tree, NULL));

  g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);

  /* The tree does not keep the caller's list alive or depend on it. */
  g_list_store_remove_all (G_LIST_STORE (branches));
  assert_path (tree, "a1x", "main a a1 a1x");
}

static void
test_tree_unknown_parent (void)
{
  static const BranchRow rows[] = {
    { "main", NULL, NULL, TRUE },
    { "orphan", "ghost", "m9", FALSE },
    { "child", "orphan", "o1", FALSE },
    { NULL }
  };
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(GListModel) branches = make_branches (rows);

  chatroutes_branch_tree_set_branches (tree, branches);

  assert_roots (tree, "main orphan");
  assert_children (tree, "orphan", "child");
  assert_children (tree, "main", "");
  assert_path (tree, "child", "orphan child");
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "orphan"), ==, 0);
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "child"), ==, 1);
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 2);

  /* The parent arriving later adopts it. */
  {
    g_autoptr(ChatroutesBranch) ghost = make_branch ("ghost", "main", "m1", FALSE);

    chatroutes_branch_tree_add (tree, ghost);
    assert_roots (tree, "main");
    assert_children (tree, "main", "ghost");
    assert_path (tree, "child", "main ghost orphan child");
    g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);
  }
}

static void
test_tree_parent_loop (void)
{
  static const BranchRow rows[] = {
    { "main", NULL, NULL, TRUE },
    { "A", "B", "b1", FALSE },
    { "B", "A", "a1", FALSE },
    { "self", "self", "s1", FALSE },
    { "ok", "main", "m1", FALSE },
    { "C", "A", "a2", FALSE },
    { NULL }
  };
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(GListModel) branches = make_branches (rows);

  /* Returning at all is the first check: a loop must not hang. */
  chatroutes_branch_tree_set_branches (tree, branches);

  g_assert_nonnull (chatroutes_branch_tree_lookup (tree, "A"));
  g_assert_nonnull (chatroutes_branch_tree_lookup (tree, "B"));
  /* The branches in the loop become roots; C, which only hangs below the
   * loop, stays under its parent. */
  assert_roots (tree, "main A B self");
  assert_children (tree, "main", "ok");
  assert_children (tree, "A", "C");
  assert_children (tree, "B", "");
  assert_children (tree, "self", "");
  assert_path (tree, "A", "A");
  assert_path (tree, "B", "B");
  assert_path (tree, "C", "A C");
  assert_path (tree, "self", "self");
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "A"), ==, 0);
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "C"), ==, 1);
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "self"), ==, 0);
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 4);

  /* Breaking the loop puts B back under A. */
  {
    g_autoptr(ChatroutesBranch) fixed = make_branch ("A", "main", "m2", FALSE);

    chatroutes_branch_tree_add (tree, fixed);
    assert_roots (tree, "main self");
    assert_children (tree, "main", "A ok");
    assert_children (tree, "A", "B C");
    assert_path (tree, "B", "main A B");
    assert_path (tree, "C", "main A C");
    g_assert_cmpuint (assert_tree_consistent (tree), ==, 2);
  }
}

static void
test_tree_duplicates (void)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(GListStore) store = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  g_autoptr(ChatroutesBranch) main_branch = make_branch ("main", NULL, NULL, TRUE);
  g_autoptr(ChatroutesBranch) first = make_branch ("dup", "main", "m1", FALSE);
  g_autoptr(ChatroutesBranch) other = make_branch ("other", "main", "m2", FALSE);
  g_autoptr(ChatroutesBranch) later = make_branch ("dup", "other", "o1", FALSE);
  g_autoptr(ChatroutesBranch) no_id = chatroutes_branch_new ();
  g_autofree char *all = NULL;

  chatroutes_branch_set_title (first, "first copy");
  chatroutes_branch_set_title (later, "later copy");

  g_list_store_append (store, main_branch);
  g_list_store_append (store, first);
  g_list_store_append (store, other);
  g_list_store_append (store, later);
  g_list_store_append (store, main_branch);
  g_list_store_append (store, no_id);

  chatroutes_branch_tree_set_branches (tree, G_LIST_MODEL (store));

  /* Each id once; the first copy's place, the later copy's fields; a
   * branch without an id cannot be addressed and is left out. */
  all = branch_ids (chatroutes_branch_tree_get_branches (tree));
  g_assert_cmpstr (all, ==, "main dup other");
  g_assert_true (chatroutes_branch_tree_lookup (tree, "dup") == later);
  g_assert_cmpstr (chatroutes_branch_get_title (chatroutes_branch_tree_lookup (tree, "dup")), ==, "later copy");
  assert_children (tree, "main", "other");
  assert_children (tree, "other", "dup");
  assert_path (tree, "dup", "main other dup");
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);

  /* add() with a known id replaces in place. */
  {
    g_autoptr(ChatroutesBranch) update = make_branch ("dup", "main", "m1", FALSE);
    g_autofree char *after = NULL;

    chatroutes_branch_set_title (update, "renamed");
    chatroutes_branch_tree_add (tree, update);
    after = branch_ids (chatroutes_branch_tree_get_branches (tree));
    g_assert_cmpstr (after, ==, "main dup other");
    g_assert_true (chatroutes_branch_tree_lookup (tree, "dup") == update);
    assert_children (tree, "main", "dup other");
    assert_children (tree, "other", "");
    g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);
  }
}

static void
test_tree_persistent_children (void)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(GListModel) branches = make_branches (sample_rows);
  g_autoptr(GListModel) again = make_branches (sample_rows);
  GListModel *roots = chatroutes_branch_tree_get_roots (tree);
  GListModel *main_children;
  GListModel *a_children;
  GListModel *b_children;
  Mirror roots_mirror, main_mirror, a_mirror, b_mirror;

  chatroutes_branch_tree_set_branches (tree, branches);
  main_children = chatroutes_branch_tree_get_children (tree, "main");
  a_children = chatroutes_branch_tree_get_children (tree, "a");
  b_children = chatroutes_branch_tree_get_children (tree, "b");
  g_assert_true (chatroutes_branch_tree_get_children (tree, "main") == main_children);
  g_assert_true (g_list_model_get_item_type (main_children) == CHATROUTES_TYPE_BRANCH);

  mirror_init (&roots_mirror, roots, TRUE);
  mirror_init (&main_mirror, main_children, TRUE);
  mirror_init (&a_mirror, a_children, TRUE);
  mirror_init (&b_mirror, b_children, TRUE);

  /* The same branches again, as new objects: same models. */
  chatroutes_branch_tree_set_branches (tree, again);
  g_assert_true (chatroutes_branch_tree_get_roots (tree) == roots);
  g_assert_true (chatroutes_branch_tree_get_children (tree, "main") == main_children);
  g_assert_true (chatroutes_branch_tree_get_children (tree, "a") == a_children);
  g_assert_true (chatroutes_branch_tree_get_children (tree, "b") == b_children);
  mirror_assert_synced (&roots_mirror);
  mirror_assert_synced (&main_mirror);
  mirror_assert_synced (&a_mirror);
  mirror_assert_synced (&b_mirror);
  assert_children (tree, "main", "a b");

  /* A new child of b arrives as one insertion in b's model, and nowhere
   * else: a tree view keeps every expanded row as it is. */
  mirror_reset_counts (&roots_mirror);
  mirror_reset_counts (&main_mirror);
  mirror_reset_counts (&a_mirror);
  mirror_reset_counts (&b_mirror);
  {
    g_autoptr(ChatroutesBranch) b1 = make_branch ("b1", "b", "b-1", FALSE);

    chatroutes_branch_tree_add (tree, b1);
  }
  g_assert_true (chatroutes_branch_tree_get_children (tree, "b") == b_children);
  assert_children (tree, "b", "b1");
  g_assert_cmpuint (b_mirror.n_signals, ==, 1);
  g_assert_cmpuint (b_mirror.last_position, ==, 0);
  g_assert_cmpuint (b_mirror.last_removed, ==, 0);
  g_assert_cmpuint (b_mirror.last_added, ==, 1);
  g_assert_cmpuint (roots_mirror.n_signals, ==, 0);
  g_assert_cmpuint (main_mirror.n_signals, ==, 0);
  g_assert_cmpuint (a_mirror.n_signals, ==, 0);
  mirror_assert_synced (&b_mirror);

  /* A second child goes after the first. */
  {
    g_autoptr(ChatroutesBranch) b2 = make_branch ("b2", "b", "b-2", FALSE);

    chatroutes_branch_tree_add (tree, b2);
  }
  assert_children (tree, "b", "b1 b2");
  g_assert_cmpuint (b_mirror.n_signals, ==, 2);
  g_assert_cmpuint (b_mirror.last_position, ==, 1);
  g_assert_cmpuint (b_mirror.last_added, ==, 1);
  g_assert_cmpuint (b_mirror.last_removed, ==, 0);
  mirror_assert_synced (&b_mirror);

  /* Removing a: its children join main, and the models stay. */
  g_assert_true (chatroutes_branch_tree_remove (tree, "a"));
  g_assert_false (chatroutes_branch_tree_remove (tree, "a"));
  g_assert_false (chatroutes_branch_tree_remove (tree, "nope"));
  g_assert_false (chatroutes_branch_tree_remove (tree, NULL));
  g_assert_true (chatroutes_branch_tree_get_children (tree, "main") == main_children);
  g_assert_true (chatroutes_branch_tree_get_children (tree, "b") == b_children);
  g_assert_null (chatroutes_branch_tree_get_children (tree, "a"));
  g_assert_null (chatroutes_branch_tree_lookup (tree, "a"));
  mirror_assert_synced (&roots_mirror);
  mirror_assert_synced (&main_mirror);
  mirror_assert_synced (&a_mirror);
  mirror_assert_synced (&b_mirror);
  /* What a showed is gone; nothing lists a removed branch. */
  g_assert_cmpuint (g_list_model_get_n_items (a_children), ==, 0);

  mirror_clear (&roots_mirror);
  mirror_clear (&main_mirror);
  mirror_clear (&a_mirror);
  mirror_clear (&b_mirror);
}

static void
test_tree_remove (void)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(GListModel) branches = make_branches (sample_rows);
  ChatroutesBranch *a1;

  chatroutes_branch_tree_set_branches (tree, branches);
  a1 = chatroutes_branch_tree_lookup (tree, "a1");

  /* a's children move up to main, a's parent. */
  g_assert_true (chatroutes_branch_tree_remove (tree, "a"));
  g_assert_true (chatroutes_branch_tree_lookup (tree, "a1") == a1);
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (a1), ==, "main");
  assert_roots (tree, "main");
  assert_children (tree, "main", "a1 b a2");
  assert_children (tree, "a1", "a1x");
  assert_path (tree, "a1x", "main a1 a1x");
  g_assert_cmpuint (chatroutes_branch_tree_get_depth (tree, "a1x"), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, 5);
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);

  /* Removing a root: its children become roots. */
  g_assert_true (chatroutes_branch_tree_remove (tree, "main"));
  assert_roots (tree, "a1 b a2");
  g_assert_null (chatroutes_branch_get_parent_branch_id (a1));
  /* Without a branch marked main, the first root-level one stands in. */
  g_assert_true (chatroutes_branch_tree_get_main (tree) == a1);
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 3);

  /* A branch in a loop removed: the rest still shows. */
  {
    static const BranchRow rows[] = {
      { "A", "B", NULL, FALSE },
      { "B", "A", NULL, FALSE },
      { "C", "A", NULL, FALSE },
      { NULL }
    };
    g_autoptr(GListModel) looped = make_branches (rows);

    chatroutes_branch_tree_set_branches (tree, looped);
    g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, 3);
    assert_tree_consistent (tree);
    g_assert_true (chatroutes_branch_tree_remove (tree, "A"));
    assert_roots (tree, "B");
    assert_children (tree, "B", "C");
    g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);
  }
}

static void
test_tree_main (void)
{
  static const BranchRow marked[] = {
    { "early", NULL, NULL, FALSE },
    { "fork", "real-main", "m1", FALSE },
    { "real-main", NULL, NULL, TRUE },
    { NULL }
  };
  static const BranchRow unmarked[] = {
    { "fork", "root", "m1", FALSE },
    { "root", NULL, NULL, FALSE },
    { NULL }
  };
  static const BranchRow no_root[] = {
    { "x", "ghost", "m1", FALSE },
    { NULL }
  };
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(GListModel) marked_model = make_branches (marked);
  g_autoptr(GListModel) unmarked_model = make_branches (unmarked);
  g_autoptr(GListModel) no_root_model = make_branches (no_root);
  g_autoptr(GListStore) empty = g_list_store_new (CHATROUTES_TYPE_BRANCH);

  chatroutes_branch_tree_set_branches (tree, marked_model);
  g_assert_cmpstr (chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree)), ==, "real-main");

  chatroutes_branch_tree_set_branches (tree, unmarked_model);
  g_assert_cmpstr (chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree)), ==, "root");
  g_assert_null (chatroutes_branch_tree_lookup (tree, "real-main"));
  g_assert_null (chatroutes_branch_tree_lookup (tree, "early"));
  g_assert_null (chatroutes_branch_tree_get_children (tree, "early"));
  assert_roots (tree, "root");

  chatroutes_branch_tree_set_branches (tree, no_root_model);
  g_assert_null (chatroutes_branch_tree_get_main (tree));

  chatroutes_branch_tree_set_branches (tree, G_LIST_MODEL (empty));
  g_assert_null (chatroutes_branch_tree_get_main (tree));
  assert_roots (tree, "");
}

/* Tree endpoint, shape (a): message nodes. m2 has two continuations: the
 * main line and the fork "fork"; f2 of the fork has the nested "nested". */
static const char tree_nodes_json[] =
  "{\"success\":true,\"data\":{"
  "\"conversation\":{\"id\":\"conv-1\",\"title\":\"Trees\",\"userId\":\"u\","
  "\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"2025-01-01T00:00:00Z\"},"
  "\"tree\":{\"id\":\"m1\",\"role\":\"user\",\"content\":\"hello\","
  " \"branchInfo\":{\"id\":\"main\",\"title\":\"Main\",\"isMain\":true},"
  " \"children\":[{\"id\":\"m2\",\"role\":\"assistant\",\"content\":\"hi\",\"children\":["
  "   {\"id\":\"m3\",\"role\":\"user\",\"content\":\"more\",\"children\":["
  "     {\"id\":\"m4\",\"role\":\"assistant\",\"content\":\"sure\",\"children\":[]}]},"
  "   {\"id\":\"f1\",\"role\":\"user\",\"content\":\"other\","
  "    \"branchInfo\":{\"id\":\"fork\",\"title\":\"Fork\",\"isMain\":false},"
  "    \"children\":[{\"id\":\"f2\",\"role\":\"assistant\",\"content\":\"ok\",\"children\":["
  "      {\"id\":\"f3\",\"role\":\"user\",\"content\":\"and\",\"children\":[]},"
  "      {\"id\":\"g1\",\"role\":\"user\",\"content\":\"deeper\","
  "       \"branchInfo\":{\"branchId\":\"nested\",\"name\":\"Nested\"},\"children\":[]}]}]}]}]},"
  "\"metadata\":{\"totalNodes\":8,\"totalBranches\":3,\"maxDepth\":5}}}";

static void
test_tree_from_nodes (void)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(ChatroutesTree) data = tree_from_json (tree_nodes_json);
  ChatroutesBranch *main_branch, *fork, *nested;
  g_autofree char *all = NULL;

  g_assert_true (chatroutes_branch_tree_set_from_tree (tree, data));

  all = branch_ids (chatroutes_branch_tree_get_branches (tree));
  g_assert_cmpstr (all, ==, "main fork nested");

  main_branch = chatroutes_branch_tree_lookup (tree, "main");
  fork = chatroutes_branch_tree_lookup (tree, "fork");
  nested = chatroutes_branch_tree_lookup (tree, "nested");
  g_assert_nonnull (main_branch);
  g_assert_nonnull (fork);
  g_assert_nonnull (nested);

  g_assert_true (chatroutes_branch_get_is_main (main_branch));
  g_assert_null (chatroutes_branch_get_parent_branch_id (main_branch));
  g_assert_null (chatroutes_branch_get_fork_point_message_id (main_branch));
  g_assert_cmpstr (chatroutes_branch_get_title (main_branch), ==, "Main");
  g_assert_cmpstr (chatroutes_branch_get_conversation_id (main_branch), ==, "conv-1");

  g_assert_false (chatroutes_branch_get_is_main (fork));
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (fork), ==, "main");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (fork), ==, "m2");
  g_assert_cmpstr (chatroutes_branch_get_title (fork), ==, "Fork");
  g_assert_cmpstr (chatroutes_branch_get_conversation_id (fork), ==, "conv-1");

  g_assert_false (chatroutes_branch_get_is_main (nested));
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (nested), ==, "fork");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (nested), ==, "f2");
  g_assert_cmpstr (chatroutes_branch_get_title (nested), ==, "Nested");

  g_assert_true (chatroutes_branch_tree_get_main (tree) == main_branch);
  assert_roots (tree, "main");
  assert_children (tree, "main", "fork");
  assert_children (tree, "fork", "nested");
  assert_path (tree, "nested", "main fork nested");
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);
}

/* Shape (a) where every node names its branch, not only the first one. */
static void
test_tree_from_nodes_every_node_tagged (void)
{
  static const char json[] =
    "{\"conversation\":{\"id\":\"c\"},"
    "\"tree\":{\"id\":\"m1\",\"role\":\"user\",\"content\":\"a\",\"branchInfo\":{\"id\":\"main\",\"isMain\":true},"
    " \"children\":[{\"id\":\"m2\",\"role\":\"assistant\",\"content\":\"b\",\"branchInfo\":{\"id\":\"main\",\"isMain\":true},"
    "  \"children\":[{\"id\":\"m3\",\"role\":\"user\",\"content\":\"c\",\"branchInfo\":{\"id\":\"main\",\"isMain\":true},\"children\":[]},"
    "               {\"id\":\"x1\",\"role\":\"user\",\"content\":\"d\",\"branchInfo\":{\"id\":\"x\"},"
    "                \"children\":[{\"id\":\"x2\",\"role\":\"assistant\",\"content\":\"e\",\"branchInfo\":{\"id\":\"x\"},\"children\":[]}]}]}]},"
    "\"metadata\":{\"totalNodes\":5}}";
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(ChatroutesTree) data = tree_from_json (json);
  g_autofree char *all = NULL;

  g_assert_true (chatroutes_branch_tree_set_from_tree (tree, data));
  all = branch_ids (chatroutes_branch_tree_get_branches (tree));
  g_assert_cmpstr (all, ==, "main x");
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (chatroutes_branch_tree_lookup (tree, "x")), ==, "main");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (chatroutes_branch_tree_lookup (tree, "x")), ==, "m2");
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);
}

/* Several first messages under a virtual root that names no branch. */
static void
test_tree_from_nodes_virtual_root (void)
{
  static const char json[] =
    "{\"conversation\":{\"id\":\"c\"},"
    "\"tree\":{\"id\":\"c\",\"role\":\"system\",\"content\":\"\",\"virtual\":true,\"children\":["
    " {\"id\":\"m1\",\"role\":\"user\",\"content\":\"a\",\"branchInfo\":{\"branchId\":\"main\",\"isMain\":true},"
    "  \"children\":[{\"id\":\"m2\",\"role\":\"assistant\",\"content\":\"b\",\"children\":["
    "    {\"id\":\"k1\",\"role\":\"user\",\"content\":\"c\",\"branchInfo\":{\"branchId\":\"kid\",\"isMain\":false},\"children\":[]}]}]},"
    " {\"id\":\"s1\",\"role\":\"user\",\"content\":\"d\",\"branchInfo\":{\"branchId\":\"side\",\"isMain\":false},\"children\":[]}]}}";
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(ChatroutesTree) data = tree_from_json (json);
  ChatroutesBranch *side;

  g_assert_true (chatroutes_branch_tree_set_from_tree (tree, data));
  g_assert_cmpstr (chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree)), ==, "main");
  g_assert_true (chatroutes_branch_get_is_main (chatroutes_branch_tree_lookup (tree, "main")));
  side = chatroutes_branch_tree_lookup (tree, "side");
  g_assert_nonnull (side);
  g_assert_false (chatroutes_branch_get_is_main (side));
  g_assert_null (chatroutes_branch_get_parent_branch_id (side));
  /* The virtual root is not a message to fork at. */
  g_assert_null (chatroutes_branch_get_fork_point_message_id (side));
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (chatroutes_branch_tree_lookup (tree, "kid")), ==, "main");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (chatroutes_branch_tree_lookup (tree, "kid")), ==, "m2");
  assert_roots (tree, "main side");
  assert_children (tree, "main", "kid");
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 2);
}

/* No node says which branch is main: the one at the top is. */
static void
test_tree_from_nodes_no_main_flag (void)
{
  static const char json[] =
    "{\"tree\":{\"id\":\"m1\",\"role\":\"user\",\"content\":\"a\",\"branchInfo\":{\"id\":\"first\"},"
    " \"children\":[{\"id\":\"m2\",\"role\":\"assistant\",\"content\":\"b\",\"children\":["
    "   {\"id\":\"x1\",\"role\":\"user\",\"content\":\"c\",\"branchInfo\":{\"id\":\"x\"},\"children\":[]}]}]}}";
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(ChatroutesTree) data = tree_from_json (json);

  g_assert_true (chatroutes_branch_tree_set_from_tree (tree, data));
  g_assert_true (chatroutes_branch_get_is_main (chatroutes_branch_tree_lookup (tree, "first")));
  g_assert_false (chatroutes_branch_get_is_main (chatroutes_branch_tree_lookup (tree, "x")));
  g_assert_cmpstr (chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree)), ==, "first");
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (chatroutes_branch_tree_lookup (tree, "x")), ==, "first");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (chatroutes_branch_tree_lookup (tree, "x")), ==, "m2");
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);
}

/* Shape (b), cut where more branches may be listed. */
static const char tree_branches_head[] =
  "{\"success\":true,\"data\":{"
  "\"conversation\":{\"id\":\"conv-2\",\"title\":\"Flat\"},"
  "\"branches\":["
  "  {\"id\":\"fork\",\"conversationId\":\"conv-2\",\"parentBranchId\":\"main\",\"forkPointMessageId\":\"m2\","
  "   \"title\":\"Fork\",\"contextMode\":\"FULL\",\"isMain\":false,\"isActive\":true,\"createdAt\":\"2025-01-02T00:00:00Z\"},"
  "  {\"id\":\"nested\",\"conversationId\":\"conv-2\",\"parentBranchId\":\"fork\",\"forkPointMessageId\":\"f2\","
  "   \"title\":\"Nested\",\"contextMode\":\"PARTIAL\",\"isMain\":false,\"isActive\":true,\"createdAt\":\"2025-01-03T00:00:00Z\"}";
static const char tree_branches_tail[] =
  "],"
  "\"mainBranch\":{\"id\":\"main\",\"conversationId\":\"conv-2\",\"parentBranchId\":null,\"forkPointMessageId\":null,"
  "  \"title\":\"Main\",\"contextMode\":\"FULL\",\"isMain\":true,\"isActive\":true,\"createdAt\":\"2025-01-01T00:00:00Z\"}}}";

static void
test_tree_from_branches (void)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  GListModel *main_children;

  /* mainBranch apart from the list. */
  {
    g_autofree char *json = g_strconcat (tree_branches_head, tree_branches_tail, NULL);
    g_autoptr(ChatroutesTree) data = tree_from_json (json);
    g_autofree char *all = NULL;

    g_assert_true (chatroutes_branch_tree_set_from_tree (tree, data));
    all = branch_ids (chatroutes_branch_tree_get_branches (tree));
    g_assert_cmpstr (all, ==, "main fork nested");
    g_assert_true (chatroutes_branch_tree_get_main (tree) == chatroutes_tree_get_main_branch (data));
    assert_roots (tree, "main");
    assert_children (tree, "main", "fork");
    assert_children (tree, "fork", "nested");
    assert_path (tree, "nested", "main fork nested");
    g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (chatroutes_branch_tree_lookup (tree, "nested")), ==, "f2");
    g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);
  }
  main_children = chatroutes_branch_tree_get_children (tree, "main");

  /* mainBranch also in the list: once. */
  {
    g_autofree char *json = g_strconcat (tree_branches_head,
                                         ",{\"id\":\"main\",\"parentBranchId\":null,\"title\":\"Main\",\"isMain\":true}",
                                         tree_branches_tail, NULL);
    g_autoptr(ChatroutesTree) data = tree_from_json (json);
    g_autofree char *all = NULL;

    g_assert_true (chatroutes_branch_tree_set_from_tree (tree, data));
    all = branch_ids (chatroutes_branch_tree_get_branches (tree));
    g_assert_cmpstr (all, ==, "fork nested main");
    assert_roots (tree, "main");
    assert_children (tree, "main", "fork");
    g_assert_true (chatroutes_branch_tree_get_children (tree, "main") == main_children);
    g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);
  }

  /* Only a mainBranch. */
  {
    static const char json[] =
      "{\"conversation\":{\"id\":\"c\"},\"branches\":[],"
      "\"mainBranch\":{\"id\":\"solo\",\"parentBranchId\":null,\"isMain\":true}}";
    g_autoptr(ChatroutesTree) data = tree_from_json (json);
    g_autofree char *all = NULL;

    g_assert_true (chatroutes_branch_tree_set_from_tree (tree, data));
    all = branch_ids (chatroutes_branch_tree_get_branches (tree));
    g_assert_cmpstr (all, ==, "solo");
    assert_roots (tree, "solo");
    /* main's model is kept, and now empty. */
    g_assert_cmpuint (g_list_model_get_n_items (main_children), ==, 0);
  }
}

static void
test_tree_from_neither (void)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(GListModel) branches = make_branches (sample_rows);
  g_autofree char *before = NULL;

  chatroutes_branch_tree_set_branches (tree, branches);
  before = branch_ids (chatroutes_branch_tree_get_branches (tree));

  /* An empty branch list and no main branch. */
  {
    g_autoptr(ChatroutesTree) data = tree_from_json ("{\"conversation\":{\"id\":\"c\"},\"branches\":[]}");
    g_autofree char *after = NULL;

    g_assert_false (chatroutes_branch_tree_set_from_tree (tree, data));
    after = branch_ids (chatroutes_branch_tree_get_branches (tree));
    g_assert_cmpstr (after, ==, before);
  }

  /* Message nodes without any branch information. */
  {
    g_autoptr(ChatroutesTree) data = tree_from_json (
      "{\"tree\":{\"id\":\"m1\",\"role\":\"user\",\"content\":\"x\",\"children\":["
      "{\"id\":\"m2\",\"role\":\"assistant\",\"content\":\"y\",\"children\":[]}]}}");
    g_autofree char *after = NULL;

    g_assert_false (chatroutes_branch_tree_set_from_tree (tree, data));
    after = branch_ids (chatroutes_branch_tree_get_branches (tree));
    g_assert_cmpstr (after, ==, before);
  }

  /* A tree object that holds nothing at all. */
  {
    g_autoptr(ChatroutesTree) data = chatroutes_tree_new ();

    g_assert_false (chatroutes_branch_tree_set_from_tree (tree, data));
  }
  assert_path (tree, "a1x", "main a a1 a1x");
}

/* 1,000 branches with random parents. */
static void
build_random_tree (ChatroutesBranchTree *tree,
                   guint32               seed,
                   gboolean              allow_any_parent)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GListStore) store = g_list_store_new (CHATROUTES_TYPE_BRANCH);

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_autofree char *parent = NULL;
      g_autoptr(ChatroutesBranch) branch = NULL;

      if (i > 0)
        {
          gint32 roll = g_rand_int_range (rand, 0, 100);

          if (allow_any_parent && roll < 3)
            parent = g_strdup_printf ("missing%d", roll);
          else if (allow_any_parent && roll < 8)
            parent = g_strdup_printf ("b%d", g_rand_int_range (rand, 0, 1000));
          else
            parent = g_strdup_printf ("b%d", g_rand_int_range (rand, 0, i));
        }
      branch = make_branch (id, parent, NULL, i == 0);
      g_list_store_append (store, branch);
    }

  chatroutes_branch_tree_set_branches (tree, G_LIST_MODEL (store));
}

static void
test_tree_large (void)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  GListModel *b0_children;
  guint n_roots;
  guint deepest = 0;

  /* Every parent listed earlier: one root. */
  build_random_tree (tree, 20250101, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, 1000);
  g_assert_cmpuint (assert_tree_consistent (tree), ==, 1);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      deepest = MAX (deepest, chatroutes_branch_tree_get_depth (tree, id));
    }
  g_assert_cmpuint (deepest, >, 3);
  b0_children = chatroutes_branch_tree_get_children (tree, "b0");

  /* Missing parents and loops too: still every branch once. */
  build_random_tree (tree, 7, TRUE);
  n_roots = assert_tree_consistent (tree);
  g_assert_cmpuint (n_roots, >, 1);
  g_assert_cmpuint (n_roots, <, 1000);
  g_assert_true (chatroutes_branch_tree_get_children (tree, "b0") == b0_children);

  /* Removing every other branch keeps it consistent. */
  for (guint i = 1; i < 1000; i += 2)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_assert_true (chatroutes_branch_tree_remove (tree, id));
    }
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, 500);
  assert_tree_consistent (tree);
}

/* Message path: the composition rule */

typedef struct
{
  GPtrArray *path;      /* ChatroutesBranch */
  GPtrArray *messages;  /* GListModel */
} PathSpec;

static void
path_spec_init (PathSpec *spec)
{
  spec->path = g_ptr_array_new_with_free_func (g_object_unref);
  spec->messages = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
path_spec_add (PathSpec   *spec,
               const char *id,
               const char *fork_point,
               const char *message_ids)
{
  const char *parent = spec->path->len > 0 ? chatroutes_branch_get_id (spec->path->pdata[spec->path->len - 1]) : NULL;

  g_ptr_array_add (spec->path, make_branch (id, parent, fork_point, parent == NULL));
  g_ptr_array_add (spec->messages, make_messages (message_ids));
}

static void
path_spec_clear (PathSpec *spec)
{
  g_clear_pointer (&spec->path, g_ptr_array_unref);
  g_clear_pointer (&spec->messages, g_ptr_array_unref);
}

/* Composes and checks the ids and the branch start. */
static void
assert_composed (PathSpec   *spec,
                 const char *expected,
                 guint       expected_start)
{
  guint start = G_MAXUINT;
  g_autoptr(GPtrArray) composed = chatroutes_message_path_compose (spec->path, spec->messages, &start);
  g_autofree char *ids = message_array_ids (composed);

  g_assert_cmpstr (ids, ==, expected);
  g_assert_cmpuint (start, ==, expected_start);

  /* Without a place for the start it composes the same. */
  {
    g_autoptr(GPtrArray) again = chatroutes_message_path_compose (spec->path, spec->messages, NULL);
    g_autofree char *again_ids = message_array_ids (again);
    g_assert_cmpstr (again_ids, ==, expected);
  }
}

static void
test_compose_main_only (void)
{
  PathSpec spec;

  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "u1 a1 u2 a2");
  assert_composed (&spec, "u1 a1 u2 a2", 0);
  path_spec_clear (&spec);

  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "");
  assert_composed (&spec, "", 0);
  path_spec_clear (&spec);
}

static void
test_compose_one_fork (void)
{
  PathSpec spec;

  /* Forking at the 2nd assistant message of six. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "u1 a1 u2 a2 u3 a3");
  path_spec_add (&spec, "fork", "a2", "uf af");
  assert_composed (&spec, "u1 a1 u2 a2 uf af", 4);
  path_spec_clear (&spec);

  /* At the first and at the last message. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "u1 a1 u2 a2");
  path_spec_add (&spec, "fork", "u1", "af");
  assert_composed (&spec, "u1 af", 1);
  path_spec_clear (&spec);

  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "u1 a1 u2 a2");
  path_spec_add (&spec, "fork", "a2", "uf");
  assert_composed (&spec, "u1 a1 u2 a2 uf", 4);
  path_spec_clear (&spec);

  /* A fresh fork with nothing of its own yet starts after the fork point. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "u1 a1 u2 a2");
  path_spec_add (&spec, "fork", "a1", "");
  assert_composed (&spec, "u1 a1", 2);
  path_spec_clear (&spec);

  /* No fork point: all of the parent. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "u1 a1 u2 a2");
  path_spec_add (&spec, "fork", NULL, "uf af");
  assert_composed (&spec, "u1 a1 u2 a2 uf af", 4);
  path_spec_clear (&spec);
}

static void
test_compose_nested (void)
{
  PathSpec spec;

  /* nested forks at f2, a message of fork, which forks at m2 of main. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "m1 m2 m3 m4 m5 m6");
  path_spec_add (&spec, "fork", "m2", "f1 f2 f3 f4");
  path_spec_add (&spec, "nested", "f2", "n1 n2");
  assert_composed (&spec, "m1 m2 f1 f2 n1 n2", 4);
  path_spec_clear (&spec);

  /* Three levels. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "m1 m2 m3");
  path_spec_add (&spec, "a", "m3", "a1 a2 a3");
  path_spec_add (&spec, "b", "a1", "b1 b2");
  path_spec_add (&spec, "c", "b2", "c1");
  assert_composed (&spec, "m1 m2 m3 a1 b1 b2 c1", 6);
  path_spec_clear (&spec);
}

static void
test_compose_fork_point_further_up (void)
{
  PathSpec spec;

  /* nested names fork as its parent but forks at m1, a message fork only
   * inherits: fork contributes nothing, main up to m1. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "m1 m2 m3 m4");
  path_spec_add (&spec, "fork", "m3", "f1 f2");
  path_spec_add (&spec, "nested", "m1", "n1");
  assert_composed (&spec, "m1 n1", 1);
  path_spec_clear (&spec);

  /* Two levels up. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "m1 m2 m3 m4");
  path_spec_add (&spec, "a", "m4", "a1 a2");
  path_spec_add (&spec, "b", "a2", "b1 b2");
  path_spec_add (&spec, "c", "m2", "c1");
  assert_composed (&spec, "m1 m2 c1", 2);
  path_spec_clear (&spec);
}

static void
test_compose_repeated_messages (void)
{
  PathSpec spec;

  /* The fork lists what it inherits, then its own. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "u1 a1 u2 a2 u3 a3");
  path_spec_add (&spec, "fork", "a2", "u1 a1 u2 a2 uf af");
  assert_composed (&spec, "u1 a1 u2 a2 uf af", 4);
  path_spec_clear (&spec);

  /* Both levels of a nested fork repeat what they inherit. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "m1 m2 m3 m4");
  path_spec_add (&spec, "fork", "m2", "m1 m2 f1 f2 f3");
  path_spec_add (&spec, "nested", "f2", "m1 m2 f1 f2 n1");
  assert_composed (&spec, "m1 m2 f1 f2 n1", 4);
  path_spec_clear (&spec);

  /* A message listed twice by the same branch. */
  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "m1 m2 m2 m3");
  assert_composed (&spec, "m1 m2 m3", 0);
  path_spec_clear (&spec);
}

/* The composed items are the listed objects themselves, not copies. */
static void
test_compose_keeps_objects (void)
{
  PathSpec spec;
  g_autoptr(GPtrArray) composed = NULL;
  g_autoptr(ChatroutesMessage) m1 = NULL;
  g_autoptr(ChatroutesMessage) f1 = NULL;
  guint start;

  path_spec_init (&spec);
  path_spec_add (&spec, "main", NULL, "m1 m2");
  path_spec_add (&spec, "fork", "m1", "f1");
  composed = chatroutes_message_path_compose (spec.path, spec.messages, &start);
  m1 = g_list_model_get_item (spec.messages->pdata[0], 0);
  f1 = g_list_model_get_item (spec.messages->pdata[1], 0);
  g_assert_cmpuint (composed->len, ==, 2);
  g_assert_true (composed->pdata[0] == m1);
  g_assert_true (composed->pdata[1] == f1);
  path_spec_clear (&spec);
}

/* Local edits of a message path that never loaded. */
static void
test_path_local_edits (void)
{
  g_autoptr(ChatroutesService) service = chatroutes_service_new ("http://127.0.0.1:9/api/v1", "key");
  g_autoptr(ChatroutesMessagePath) path = chatroutes_message_path_new (service, "conv");
  g_autoptr(ChatroutesMessage) one = make_message ("u1");
  g_autoptr(ChatroutesMessage) two = make_message ("a1");
  g_autoptr(ChatroutesMessage) edited = make_message ("a1");
  Mirror mirror;
  NotifyWatch watch;
  guint position = G_MAXUINT;

  g_assert_cmpstr (chatroutes_message_path_get_conversation_id (path), ==, "conv");
  g_assert_null (chatroutes_message_path_get_branch_id (path));
  g_assert_false (chatroutes_message_path_get_loading (path));
  g_assert_null (chatroutes_message_path_get_error (path));
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (path)) == CHATROUTES_TYPE_MESSAGE);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (path), 0));

  mirror_init (&mirror, G_LIST_MODEL (path), TRUE);
  notify_watch_init (&watch, path, "n-items", "branch-start", "loading", NULL);

  chatroutes_message_path_append (path, one);
  chatroutes_message_path_append (path, two);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 2);
  g_assert_cmpuint (mirror.n_signals, ==, 2);
  g_assert_cmpuint (mirror.last_position, ==, 1);
  g_assert_cmpuint (notify_watch_count (&watch, "n-items"), ==, 2);

  g_assert_true (chatroutes_message_path_find (path, "a1", &position));
  g_assert_cmpuint (position, ==, 1);
  g_assert_true (chatroutes_message_path_find (path, "u1", NULL));
  g_assert_false (chatroutes_message_path_find (path, "zz", &position));
  g_assert_false (chatroutes_message_path_find (path, NULL, &position));

  g_assert_true (chatroutes_message_path_replace (path, 1, edited));
  g_assert_cmpuint (mirror.last_position, ==, 1);
  g_assert_cmpuint (mirror.last_removed, ==, 1);
  g_assert_cmpuint (mirror.last_added, ==, 1);
  g_assert_false (chatroutes_message_path_replace (path, 2, edited));
  {
    g_autoptr(ChatroutesMessage) at1 = g_list_model_get_item (G_LIST_MODEL (path), 1);
    g_assert_true (at1 == edited);
  }

  g_assert_true (chatroutes_message_path_remove (path, 0));
  g_assert_false (chatroutes_message_path_remove (path, 1));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 1);
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 0);
  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);

  mirror_clear (&mirror);
  notify_watch_clear (&watch);
  g_clear_object (&one);
  g_clear_object (&two);
  g_assert_finalize_object (g_steal_pointer (&path));
  g_assert_finalize_object (g_steal_pointer (&service));
}

/* Against the simulator */

typedef struct
{
  TestSimulator *sim;
  ChatroutesService *service;

  /* The message path fixture: a conversation with three exchanges on main
   * and a fork at the second reply with one exchange of its own. */
  char *conversation_id;
  char *main_id;
  char *fork_id;
  GPtrArray *main_ids;   /* char *, in order */
  GPtrArray *fork_ids;   /* char *, the fork's own, in order */
} Fixture;

/* Runs one async call and hands back its result. */
#define AWAIT(call_async, ...) \
  ({ GAsyncResult *_r = NULL; call_async (__VA_ARGS__, test_store_result, &_r); test_wait_result (&_r); })

static void
list_fixture_set_up (Fixture       *f,
                     gconstpointer  data)
{
  memset (f, 0, sizeof *f);
  f->sim = test_simulator_start ("--pace-ms", "0", "--seed-conversations", "45", NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_delay (f->service, 0.01);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->main_ids, g_ptr_array_unref);
  g_clear_pointer (&f->fork_ids, g_ptr_array_unref);
  g_free (f->conversation_id);
  g_free (f->main_id);
  g_free (f->fork_id);
  g_assert_finalize_object (f->service);
  test_simulator_stop (f->sim);
}

/* Every conversation the service lists for @filter, in order. */
static GPtrArray *
service_conversation_ids (Fixture                      *f,
                          ChatroutesConversationFilter  filter)
{
  g_autoptr(GAsyncResult) result = AWAIT (chatroutes_service_list_conversations_async, f->service,
                                          1, 100, filter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesConversationPage) page = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GListModel *items;

  page = chatroutes_service_list_conversations_finish (f->service, result, &error);
  g_assert_no_error (error);
  items = chatroutes_conversation_page_get_conversations (page);
  g_assert_false (chatroutes_conversation_page_get_has_next (page));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (items, i);
      g_ptr_array_add (ids, g_strdup (chatroutes_conversation_get_id (conversation)));
    }
  return ids;
}

/* The ids of the list's items, checking that none repeats. */
static GPtrArray *
list_ids_unique (ChatroutesConversationList *list)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesConversation) conversation = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *id = chatroutes_conversation_get_id (conversation);

      g_assert_nonnull (id);
      g_ptr_array_add (ids, g_strdup (id));
      if (!g_hash_table_add (seen, ids->pdata[ids->len - 1]))
        g_error ("“%s” is listed twice", id);
    }
  return ids;
}

static gboolean
ids_contain (GPtrArray  *ids,
             const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

/* A wait on a conversation list that checks, at every turn of the main
 * loop, that the signals and notifies a view saw match the list. */
typedef struct
{
  ChatroutesConversationList *list;
  Mirror *mirror;
  NotifyWatch *watch;
  guint n;               /* the length before the wait */
  gboolean want_error;
} ListWait;

static gboolean
list_settled (gpointer data)
{
  ListWait *wait = data;
  ChatroutesConversationList *list = wait->list;

  if (wait->mirror)
    mirror_assert_synced (wait->mirror);
  if (wait->watch)
    notify_watch_assert_synced (wait->watch);

  if (chatroutes_conversation_list_get_loading (list))
    return FALSE;
  if (wait->want_error)
    return chatroutes_conversation_list_get_error (list) != NULL;
  return g_list_model_get_n_items (G_LIST_MODEL (list)) > wait->n ||
         chatroutes_conversation_list_get_error (list) != NULL ||
         !chatroutes_conversation_list_get_has_more (list);
}

/* Waits until the list has more than @n items, failed, or has no more. */
static void
list_wait (ChatroutesConversationList *list,
           Mirror                     *mirror,
           NotifyWatch                *watch,
           guint                       n)
{
  ListWait wait = { list, mirror, watch, n, FALSE };

  g_assert_true (test_wait_until (list_settled, &wait, 10000));
}

static void
list_wait_error (ChatroutesConversationList *list,
                 Mirror                     *mirror,
                 NotifyWatch                *watch)
{
  ListWait wait = { list, mirror, watch, 0, TRUE };

  g_assert_true (test_wait_until (list_settled, &wait, 10000));
}

/* Reads the last item, as a view showing the end of the list does, and
 * waits for what that fetches. */
static void
list_scroll_to_end (ChatroutesConversationList *list,
                    Mirror                     *mirror,
                    NotifyWatch                *watch)
{
  while (chatroutes_conversation_list_get_has_more (list) &&
         chatroutes_conversation_list_get_error (list) == NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
      g_autoptr(GObject) last = g_list_model_get_item (G_LIST_MODEL (list), n - 1);

      g_assert_nonnull (last);
      list_wait (list, mirror, watch, n);
    }
}

static void
test_list_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ChatroutesConversationList) list = chatroutes_conversation_list_new (f->service, CHATROUTES_CONVERSATION_FILTER_ALL, 10);
  g_autoptr(GPtrArray) expected = service_conversation_ids (f, CHATROUTES_CONVERSATION_FILTER_ALL);
  g_autoptr(GPtrArray) ids = NULL;
  gint64 requests;
  Mirror mirror;
  NotifyWatch watch;

  g_assert_cmpuint (expected->len, ==, 45);
  g_assert_true (chatroutes_conversation_list_get_service (list) == f->service);
  g_assert_cmpuint (chatroutes_conversation_list_get_page_size (list), ==, 10);
  g_assert_cmpint (chatroutes_conversation_list_get_filter (list), ==, CHATROUTES_CONVERSATION_FILTER_ALL);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == CHATROUTES_TYPE_CONVERSATION);

  /* Nothing before anyone asks. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_false (chatroutes_conversation_list_get_loaded (list));
  g_assert_false (chatroutes_conversation_list_get_loading (list));
  g_assert_true (chatroutes_conversation_list_get_has_more (list));
  g_assert_cmpint (chatroutes_conversation_list_get_total (list), ==, -1);
  g_assert_null (chatroutes_conversation_list_get_error (list));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));

  /* A view only hears about items through items-changed. */
  mirror_init (&mirror, G_LIST_MODEL (list), FALSE);
  notify_watch_init (&watch, list, "loading", "loaded", "has-more", "total", "n-items", "error", NULL);

  chatroutes_conversation_list_load_more (list);
  g_assert_true (chatroutes_conversation_list_get_loading (list));
  g_assert_cmpuint (notify_watch_count (&watch, "loading"), ==, 1);
  /* A second call while a page loads asks for nothing more. */
  chatroutes_conversation_list_load_more (list);
  list_wait (list, &mirror, &watch, 0);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  g_assert_cmpint (chatroutes_conversation_list_get_total (list), ==, 45);
  g_assert_true (chatroutes_conversation_list_get_loaded (list));
  g_assert_true (chatroutes_conversation_list_get_has_more (list));
  g_assert_false (chatroutes_conversation_list_get_loading (list));
  g_assert_cmpuint (notify_watch_count (&watch, "loading"), ==, 2);
  g_assert_cmpuint (notify_watch_count (&watch, "loaded"), ==, 1);
  g_assert_cmpuint (notify_watch_count (&watch, "total"), ==, 1);
  g_assert_cmpuint (notify_watch_count (&watch, "has-more"), ==, 0);
  g_assert_cmpuint (notify_watch_count (&watch, "error"), ==, 0);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (mirror.last_position, ==, 0);
  g_assert_cmpuint (mirror.last_added, ==, 10);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations"), ==, 2);

  /* Reading from the top of the list fetches nothing. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_nonnull (item);
    }
  test_run_for (50);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations"), ==, 2);
  g_assert_false (chatroutes_conversation_list_get_loading (list));

  /* Item 9 is near the end: the next page comes, after the call returns. */
  {
    g_autoptr(ChatroutesConversation) ninth = g_list_model_get_item (G_LIST_MODEL (list), 9);

    g_assert_cmpstr (chatroutes_conversation_get_id (ninth), ==, expected->pdata[9]);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
    g_assert_false (chatroutes_conversation_list_get_loading (list));
  }
  list_wait (list, &mirror, &watch, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 20);
  g_assert_cmpuint (mirror.last_position, ==, 10);
  g_assert_cmpuint (mirror.last_added, ==, 10);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations"), ==, 3);

  /* And so on to the end. */
  list_scroll_to_end (list, &mirror, &watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 45);
  g_assert_false (chatroutes_conversation_list_get_has_more (list));
  g_assert_cmpint (chatroutes_conversation_list_get_total (list), ==, 45);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations"), ==, 6);
  g_assert_cmpuint (notify_watch_count (&watch, "has-more"), ==, 1);
  g_assert_cmpuint (notify_watch_count (&watch, "loaded"), ==, 1);
  g_assert_cmpuint (notify_watch_count (&watch, "total"), ==, 1);
  g_assert_cmpuint (notify_watch_count (&watch, "loading"), ==, 10);
  g_assert_cmpuint (mirror.n_signals, ==, 5);
  g_assert_cmpuint (mirror.n_added, ==, 45);
  g_assert_cmpuint (mirror.n_removed, ==, 0);
  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);

  /* The service's order, each once. */
  ids = list_ids_unique (list);
  for (guint i = 0; i < 45; i++)
    g_assert_cmpstr (ids->pdata[i], ==, expected->pdata[i]);

  /* At the end, reading the last item or asking for more does nothing. */
  requests = test_simulator_count (f->sim, "GET /conversations");
  {
    g_autoptr(GObject) last = g_list_model_get_item (G_LIST_MODEL (list), 44);
    g_assert_nonnull (last);
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 45));
  }
  chatroutes_conversation_list_load_more (list);
  g_assert_false (chatroutes_conversation_list_get_loading (list));
  test_run_for (50);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations"), ==, requests);

  mirror_clear (&mirror);
  notify_watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* Without hasNext in the answers (older servers), the list still knows
 * where it ends. */
static void
test_list_paging_legacy (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ChatroutesConversationList) list = chatroutes_conversation_list_new (f->service, CHATROUTES_CONVERSATION_FILTER_ALL, 20);
  g_autoptr(GPtrArray) ids = NULL;

  test_simulator_fault (f->sim, "GET", "/conversations", "shape=legacy", 0);
  chatroutes_conversation_list_reload (list);
  list_wait (list, NULL, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 20);
  list_scroll_to_end (list, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 45);
  g_assert_false (chatroutes_conversation_list_get_has_more (list));
  /* 20 + 20 + 5: no request for an empty fourth page. */
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations"), ==, 3);
  ids = list_ids_unique (list);
  test_simulator_clear_faults (f->sim);

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_list_filter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ChatroutesConversationList) list = chatroutes_conversation_list_new (f->service, CHATROUTES_CONVERSATION_FILTER_ALL, 10);
  g_autoptr(GPtrArray) shared = service_conversation_ids (f, CHATROUTES_CONVERSATION_FILTER_SHARED);
  g_autoptr(GPtrArray) owned = service_conversation_ids (f, CHATROUTES_CONVERSATION_FILTER_OWNED);
  g_autoptr(GPtrArray) ids = NULL;
  Mirror mirror;
  NotifyWatch watch;

  /* The simulator shares one in five: a filter that keeps some. */
  g_assert_cmpuint (shared->len, ==, 9);
  g_assert_cmpuint (owned->len, ==, 36);

  chatroutes_conversation_list_reload (list);
  list_wait (list, NULL, NULL, 0);
  list_scroll_to_end (list, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 45);
  g_assert_false (chatroutes_conversation_list_get_has_more (list));

  mirror_init (&mirror, G_LIST_MODEL (list), FALSE);
  notify_watch_init (&watch, list, "loading", "loaded", "has-more", "total", "n-items", "error", "filter", NULL);

  /* Setting the same filter again changes nothing. */
  chatroutes_conversation_list_set_filter (list, CHATROUTES_CONVERSATION_FILTER_ALL);
  g_assert_false (chatroutes_conversation_list_get_loading (list));
  g_assert_cmpuint (notify_watch_count (&watch, "filter"), ==, 0);

  chatroutes_conversation_list_set_filter (list, CHATROUTES_CONVERSATION_FILTER_SHARED);
  g_assert_cmpint (chatroutes_conversation_list_get_filter (list), ==, CHATROUTES_CONVERSATION_FILTER_SHARED);
  g_assert_cmpuint (notify_watch_count (&watch, "filter"), ==, 1);
  /* What was shown goes at once, in one signal, and a page is on its way. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (mirror.last_removed, ==, 45);
  g_assert_true (chatroutes_conversation_list_get_loading (list));
  g_assert_true (chatroutes_conversation_list_get_has_more (list));
  g_assert_false (chatroutes_conversation_list_get_loaded (list));
  notify_watch_assert_synced (&watch);

  list_wait (list, &mirror, &watch, 0);
  list_scroll_to_end (list, &mirror, &watch);
  g_assert_true (chatroutes_conversation_list_get_loaded (list));
  g_assert_false (chatroutes_conversation_list_get_has_more (list));
  g_assert_cmpint (chatroutes_conversation_list_get_total (list), ==, 9);

  ids = list_ids_unique (list);
  g_assert_cmpuint (ids->len, ==, shared->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_assert_cmpstr (ids->pdata[i], ==, shared->pdata[i]);
      g_assert_false (ids_contain (owned, ids->pdata[i]));
    }
  g_assert_cmpuint (mirror.n_added, ==, 9);
  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);

  /* The filter is a property too. */
  g_object_set (list, "filter", CHATROUTES_CONVERSATION_FILTER_OWNED, NULL);
  list_wait (list, &mirror, &watch, 0);
  list_scroll_to_end (list, &mirror, &watch);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = list_ids_unique (list);
  g_assert_cmpuint (ids->len, ==, 36);
  g_assert_cmpint (chatroutes_conversation_list_get_total (list), ==, 36);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpstr (ids->pdata[i], ==, owned->pdata[i]);

  /* A filter chosen before the first load is used by it. */
  {
    g_autoptr(ChatroutesConversationList) early = chatroutes_conversation_list_new (f->service, CHATROUTES_CONVERSATION_FILTER_SHARED, 100);
    g_autoptr(GPtrArray) early_ids = NULL;

    g_assert_false (chatroutes_conversation_list_get_loading (early));
    chatroutes_conversation_list_reload (early);
    list_wait (early, NULL, NULL, 0);
    early_ids = list_ids_unique (early);
    g_assert_cmpuint (early_ids->len, ==, 9);
    g_assert_finalize_object (g_steal_pointer (&early));
  }

  mirror_clear (&mirror);
  notify_watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_list_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ChatroutesConversationList) list = chatroutes_conversation_list_new (f->service, CHATROUTES_CONVERSATION_FILTER_ALL, 10);
  const GError *error;
  gint64 requests;
  Mirror mirror;
  NotifyWatch watch;

  chatroutes_service_set_retry_attempts (f->service, 0);
  mirror_init (&mirror, G_LIST_MODEL (list), FALSE);
  notify_watch_init (&watch, list, "loading", "loaded", "has-more", "total", "n-items", "error", NULL);

  /* The first page fails. */
  test_simulator_fault (f->sim, "GET", "/conversations", "status=500", 1);
  chatroutes_conversation_list_reload (list);
  list_wait_error (list, &mirror, &watch);
  error = chatroutes_conversation_list_get_error (list);
  g_assert_error ((GError *) error, CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER);
  g_assert_cmpuint (chatroutes_error_get_status (error), ==, 500);
  g_assert_false (chatroutes_conversation_list_get_loading (list));
  g_assert_false (chatroutes_conversation_list_get_loaded (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (notify_watch_count (&watch, "error"), ==, 1);
  g_assert_cmpuint (notify_watch_count (&watch, "loading"), ==, 2);

  /* reload clears it. */
  chatroutes_conversation_list_reload (list);
  g_assert_null (chatroutes_conversation_list_get_error (list));
  g_assert_cmpuint (notify_watch_count (&watch, "error"), ==, 2);
  list_wait (list, &mirror, &watch, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  g_assert_true (chatroutes_conversation_list_get_loaded (list));

  /* A later page fails: what is there stays. */
  test_simulator_fault (f->sim, "GET", "/conversations", "status=500", 1);
  {
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), 9);
  }
  list_wait_error (list, &mirror, &watch);
  error = chatroutes_conversation_list_get_error (list);
  g_assert_error ((GError *) error, CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER);
  g_assert_false (chatroutes_conversation_list_get_loading (list));
  g_assert_true (chatroutes_conversation_list_get_loaded (list));
  g_assert_true (chatroutes_conversation_list_get_has_more (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  g_assert_cmpint (chatroutes_conversation_list_get_total (list), ==, 45);

  /* A failed list does not keep asking while a view reads its end. */
  requests = test_simulator_count (f->sim, "GET /conversations");
  {
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), 9);
  }
  test_run_for (100);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations"), ==, requests);
  g_assert_nonnull (chatroutes_conversation_list_get_error (list));

  /* An explicit load_more tries again and, working, clears the error. */
  chatroutes_conversation_list_load_more (list);
  list_wait (list, &mirror, &watch, 10);
  g_assert_null (chatroutes_conversation_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 20);

  /* And after another failure, reload starts over cleanly. */
  test_simulator_fault (f->sim, "GET", "/conversations", "status=500", 1);
  {
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), 19);
  }
  list_wait_error (list, &mirror, &watch);
  chatroutes_conversation_list_reload (list);
  g_assert_null (chatroutes_conversation_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  list_wait (list, &mirror, &watch, 0);
  list_scroll_to_end (list, &mirror, &watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 45);
  g_assert_null (chatroutes_conversation_list_get_error (list));
  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);

  mirror_clear (&mirror);
  notify_watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static ChatroutesConversation *
make_conversation (const char *id)
{
  ChatroutesConversation *conversation = chatroutes_conversation_new ();

  chatroutes_conversation_set_id (conversation, id);
  chatroutes_conversation_set_title (conversation, id);
  return conversation;
}

static ChatroutesConversation *
create_conversation (Fixture    *f,
                     const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = AWAIT (chatroutes_service_create_conversation_async,
                                          f->service, title, NULL, NULL);
  ChatroutesConversation *conversation;

  conversation = chatroutes_service_create_conversation_finish (f->service, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  return conversation;
}

static void
test_list_local_edits (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ChatroutesConversationList) list = chatroutes_conversation_list_new (f->service, CHATROUTES_CONVERSATION_FILTER_ALL, 10);
  g_autoptr(ChatroutesConversation) local1 = make_conversation ("local-1");
  g_autoptr(ChatroutesConversation) local1_again = make_conversation ("local-1");
  g_autoptr(ChatroutesConversation) local2 = make_conversation ("local-2");
  g_autoptr(ChatroutesConversation) local3 = make_conversation ("local-3");
  g_autoptr(ChatroutesConversation) removed = NULL;
  g_autoptr(ChatroutesConversation) third = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *third_id = NULL;
  guint position = G_MAXUINT;
  Mirror mirror;
  NotifyWatch watch;

  chatroutes_conversation_list_reload (list);
  list_wait (list, NULL, NULL, 0);
  third = g_list_model_get_item (G_LIST_MODEL (list), 3);
  third_id = g_strdup (chatroutes_conversation_get_id (third));

  mirror_init (&mirror, G_LIST_MODEL (list), FALSE);
  notify_watch_init (&watch, list, "n-items", NULL);

  chatroutes_conversation_list_prepend (list, local1);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (mirror.last_position, ==, 0);
  g_assert_cmpuint (mirror.last_added, ==, 1);
  g_assert_cmpuint (mirror.last_removed, ==, 0);
  g_assert_cmpuint (notify_watch_count (&watch, "n-items"), ==, 1);
  g_assert_true (chatroutes_conversation_list_find (list, "local-1", &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_true (chatroutes_conversation_list_find (list, third_id, &position));
  g_assert_cmpuint (position, ==, 4);
  g_assert_true (chatroutes_conversation_list_find (list, third_id, NULL));
  g_assert_false (chatroutes_conversation_list_find (list, "nope", &position));
  g_assert_false (chatroutes_conversation_list_find (list, NULL, &position));

  /* An id already listed is not added twice. */
  chatroutes_conversation_list_prepend (list, local1_again);
  chatroutes_conversation_list_insert (list, 7, third);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 11);

  chatroutes_conversation_list_insert (list, 5, local2);
  g_assert_cmpuint (mirror.last_position, ==, 5);
  g_assert_cmpuint (mirror.last_added, ==, 1);
  g_assert_true (chatroutes_conversation_list_find (list, "local-2", &position));
  g_assert_cmpuint (position, ==, 5);
  {
    g_autoptr(GObject) at5 = g_list_model_get_item (G_LIST_MODEL (list), 5);
    g_assert_true (at5 == (GObject *) local2);
  }

  /* Past the end means at the end. */
  chatroutes_conversation_list_insert (list, 1000, local3);
  g_assert_cmpuint (mirror.last_position, ==, 12);
  g_assert_true (chatroutes_conversation_list_find (list, "local-3", &position));
  g_assert_cmpuint (position, ==, 12);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 13);

  removed = chatroutes_conversation_list_remove (list, "local-2");
  g_assert_true (removed == local2);
  g_assert_cmpuint (mirror.last_position, ==, 5);
  g_assert_cmpuint (mirror.last_removed, ==, 1);
  g_assert_cmpuint (mirror.last_added, ==, 0);
  g_assert_false (chatroutes_conversation_list_find (list, "local-2", NULL));
  g_assert_null (chatroutes_conversation_list_remove (list, "local-2"));
  g_assert_null (chatroutes_conversation_list_remove (list, NULL));
  g_assert_cmpuint (mirror.n_signals, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 12);
  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);
  g_assert_cmpuint (notify_watch_count (&watch, "n-items"), ==, 4);

  /* A removed id may be added again. */
  chatroutes_conversation_list_insert (list, 1, removed);
  g_assert_true (chatroutes_conversation_list_find (list, "local-2", &position));
  g_assert_cmpuint (position, ==, 1);

  /* The rest of the pages still arrive, after the local ones, each once. */
  list_scroll_to_end (list, &mirror, NULL);
  ids = list_ids_unique (list);
  g_assert_cmpuint (ids->len, ==, 45 + 3);
  g_assert_true (ids_contain (ids, "local-1"));
  g_assert_true (ids_contain (ids, "local-2"));
  g_assert_true (ids_contain (ids, "local-3"));
  mirror_assert_synced (&mirror);

  mirror_clear (&mirror);
  notify_watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* New conversations shift the server's pages under a list that is half
 * loaded; what a later page repeats must not be shown twice. */
static void
test_list_created_between_pages (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(ChatroutesConversationList) list = chatroutes_conversation_list_new (f->service, CHATROUTES_CONVERSATION_FILTER_ALL, 10);
  g_autoptr(GPtrArray) before = service_conversation_ids (f, CHATROUTES_CONVERSATION_FILTER_ALL);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(ChatroutesConversation) created = NULL;
  g_autoptr(ChatroutesConversation) unseen = NULL;
  Mirror mirror;

  mirror_init (&mirror, G_LIST_MODEL (list), FALSE);
  chatroutes_conversation_list_reload (list);
  list_wait (list, &mirror, NULL, 0);
  {
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), 9);
  }
  list_wait (list, &mirror, NULL, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 20);

  /* One created here and shown at once, one created elsewhere. */
  created = create_conversation (f, "Made here");
  chatroutes_conversation_list_prepend (list, created);
  unseen = create_conversation (f, "Made elsewhere");

  list_scroll_to_end (list, &mirror, NULL);
  g_assert_false (chatroutes_conversation_list_get_has_more (list));
  g_assert_cmpint (chatroutes_conversation_list_get_total (list), ==, 47);
  ids = list_ids_unique (list);
  for (guint i = 0; i < before->len; i++)
    g_assert_true (ids_contain (ids, before->pdata[i]));
  g_assert_true (ids_contain (ids, chatroutes_conversation_get_id (created)));
  /* The newest-first server put the other one on a page already read. */
  g_assert_cmpuint (ids->len, ==, 46);
  mirror_assert_synced (&mirror);

  /* A reload shows everything, in the server's order. */
  chatroutes_conversation_list_reload (list);
  list_wait (list, &mirror, NULL, 0);
  list_scroll_to_end (list, &mirror, NULL);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = list_ids_unique (list);
  g_assert_cmpuint (ids->len, ==, 47);
  g_assert_cmpstr (ids->pdata[0], ==, chatroutes_conversation_get_id (unseen));
  g_assert_cmpstr (ids->pdata[1], ==, chatroutes_conversation_get_id (created));
  mirror_assert_synced (&mirror);

  mirror_clear (&mirror);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* A list dropped while a page loads is freed once the page is answered,
 * and nothing is touched afterwards. */
static void
test_list_dropped_while_loading (Fixture       *f,
                                 gconstpointer  data)
{
  ChatroutesConversationList *list = chatroutes_conversation_list_new (f->service, CHATROUTES_CONVERSATION_FILTER_ALL, 10);
  gpointer weak = list;

  g_object_add_weak_pointer (G_OBJECT (list), &weak);
  test_simulator_fault (f->sim, "GET", "/conversations", "delay=200", 1);
  chatroutes_conversation_list_reload (list);
  g_assert_true (chatroutes_conversation_list_get_loading (list));
  g_object_unref (list);

  test_run_for (400);
  g_assert_null (weak);

  /* And one dropped with an automatic load queued but not started. */
  list = chatroutes_conversation_list_new (f->service, CHATROUTES_CONVERSATION_FILTER_ALL, 10);
  chatroutes_conversation_list_reload (list);
  list_wait (list, NULL, NULL, 0);
  {
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), 9);
  }
  g_assert_finalize_object (list);
  test_run_for (50);
}

/* Message path */

static ChatroutesSendResult *
send_message (Fixture    *f,
              const char *branch_id,
              const char *content)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  ChatroutesSendResult *sent;

  if (branch_id == NULL)
    {
      result = AWAIT (chatroutes_service_send_message_async, f->service, f->conversation_id, NULL,
                      content, NULL, NULL);
      sent = chatroutes_service_send_message_finish (f->service, result, &error);
    }
  else
    {
      result = AWAIT (chatroutes_service_send_branch_message_async, f->service, f->conversation_id,
                      branch_id, content, NULL, NULL);
      sent = chatroutes_service_send_branch_message_finish (f->service, result, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (sent);
  return sent;
}

static GPtrArray *
service_message_ids (Fixture    *f,
                     const char *branch_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = AWAIT (chatroutes_service_list_branch_messages_async, f->service,
                                          f->conversation_id, branch_id, NULL);
  g_autoptr(GListModel) messages = chatroutes_service_list_branch_messages_finish (f->service, result, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(ChatroutesMessage) message = g_list_model_get_item (messages, i);
      g_ptr_array_add (ids, g_strdup (chatroutes_message_get_id (message)));
    }
  return ids;
}

static ChatroutesBranch *
fork_at (Fixture    *f,
         const char *message_id,
         const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = AWAIT (chatroutes_service_fork_async, f->service, f->conversation_id,
                                          message_id, title, CHATROUTES_CONTEXT_MODE_DEFAULT, NULL);
  ChatroutesBranch *branch = chatroutes_service_fork_finish (f->service, result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (branch);
  return branch;
}

static GListModel *
service_branches (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = AWAIT (chatroutes_service_list_branches_async, f->service,
                                          f->conversation_id, NULL);
  GListModel *branches = chatroutes_service_list_branches_finish (f->service, result, &error);

  g_assert_no_error (error);
  return branches;
}

static void
path_fixture_set_up (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GListModel) branches = NULL;
  g_autoptr(ChatroutesBranch) fork = NULL;
  static const char * const prompts[] = { "First question", "Second question", "Third question" };

  memset (f, 0, sizeof *f);
  f->sim = test_simulator_start ("--pace-ms", "0", NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_delay (f->service, 0.01);

  conversation = create_conversation (f, "Paths");
  f->conversation_id = g_strdup (chatroutes_conversation_get_id (conversation));

  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    {
      g_autoptr(ChatroutesSendResult) sent = send_message (f, NULL, prompts[i]);
    }

  branches = service_branches (f);
  g_assert_cmpuint (g_list_model_get_n_items (branches), ==, 1);
  {
    g_autoptr(ChatroutesBranch) main_branch = g_list_model_get_item (branches, 0);
    g_assert_true (chatroutes_branch_get_is_main (main_branch));
    f->main_id = g_strdup (chatroutes_branch_get_id (main_branch));
  }

  f->main_ids = service_message_ids (f, f->main_id);
  g_assert_cmpuint (f->main_ids->len, ==, 6);

  /* At the second reply. */
  fork = fork_at (f, f->main_ids->pdata[3], "Fork");
  f->fork_id = g_strdup (chatroutes_branch_get_id (fork));
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (fork), ==, f->main_id);
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (fork), ==, f->main_ids->pdata[3]);
  {
    g_autoptr(ChatroutesSendResult) sent = send_message (f, f->fork_id, "On the fork");
  }
  f->fork_ids = service_message_ids (f, f->fork_id);
  g_assert_cmpuint (f->fork_ids->len, ==, 2);
}

static gboolean
path_not_loading (gpointer data)
{
  return !chatroutes_message_path_get_loading (data);
}

static void
path_wait (ChatroutesMessagePath *path)
{
  g_assert_true (test_wait_until (path_not_loading, path, 10000));
}

/* The expected ids of a path, joined. */
static char *
join_ids (GPtrArray *first,
          guint      n_first,
          GPtrArray *second)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < n_first; i++)
    g_string_append_printf (ids, "%s%s", ids->len ? " " : "", (char *) first->pdata[i]);
  for (guint i = 0; second && i < second->len; i++)
    g_string_append_printf (ids, "%s%s", ids->len ? " " : "", (char *) second->pdata[i]);
  return g_string_free (ids, FALSE);
}

static void
test_path_load_fork (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ChatroutesMessagePath) path = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autofree char *expected = join_ids (f->main_ids, 4, f->fork_ids);
  g_autofree char *ids = NULL;
  Mirror mirror;
  NotifyWatch watch;

  mirror_init (&mirror, G_LIST_MODEL (path), TRUE);
  notify_watch_init (&watch, path, "loading", "error", "branch-start", "n-items", "branch-id", NULL);

  chatroutes_message_path_load (path, NULL, f->fork_id);
  g_assert_cmpstr (chatroutes_message_path_get_branch_id (path), ==, f->fork_id);
  g_assert_true (chatroutes_message_path_get_loading (path));
  g_assert_cmpuint (notify_watch_count (&watch, "branch-id"), ==, 1);
  path_wait (path);

  g_assert_null (chatroutes_message_path_get_error (path));
  ids = message_ids (G_LIST_MODEL (path));
  g_assert_cmpstr (ids, ==, expected);
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 4);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (notify_watch_count (&watch, "loading"), ==, 2);
  g_assert_cmpuint (notify_watch_count (&watch, "branch-start"), ==, 1);
  g_assert_cmpuint (notify_watch_count (&watch, "error"), ==, 0);
  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);

  /* The fork's own start with what was sent on it. */
  {
    g_autoptr(ChatroutesMessage) first_own = g_list_model_get_item (G_LIST_MODEL (path), 4);
    g_autoptr(ChatroutesMessage) fork_point = g_list_model_get_item (G_LIST_MODEL (path), 3);

    g_assert_cmpstr (chatroutes_message_get_role (first_own), ==, "user");
    g_assert_cmpstr (chatroutes_message_get_content (first_own), ==, "On the fork");
    g_assert_cmpstr (chatroutes_message_get_role (fork_point), ==, "assistant");
  }

  /* Branches and messages were fetched: the branch list once, the
   * messages of both branches on the path. */
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches"), ==, 2);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches/{bid}/messages"), ==, 2 + 2);

  mirror_clear (&mirror);
  notify_watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&path));
}

/* Where the path turns off into a branch while the ancestor goes on. */
static void
test_path_continues (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ChatroutesMessagePath) path = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autoptr(ChatroutesBranch) at_end = NULL;

  g_assert_null (chatroutes_message_path_get_tree (path));
  chatroutes_message_path_load (path, NULL, f->fork_id);
  path_wait (path);
  g_assert_nonnull (chatroutes_message_path_get_tree (path));

  /* The main branch goes on after the fork point. */
  g_assert_true (chatroutes_message_path_continues_after (path, f->main_ids->pdata[3]));
  for (guint i = 0; i < f->main_ids->len; i++)
    if (i != 3)
      g_assert_false (chatroutes_message_path_continues_after (path, f->main_ids->pdata[i]));
  for (guint i = 0; i < f->fork_ids->len; i++)
    g_assert_false (chatroutes_message_path_continues_after (path, f->fork_ids->pdata[i]));
  g_assert_false (chatroutes_message_path_continues_after (path, NULL));

  /* On the main branch itself, nothing is cut. */
  chatroutes_message_path_load (path, NULL, NULL);
  path_wait (path);
  g_assert_false (chatroutes_message_path_continues_after (path, f->main_ids->pdata[3]));

  /* A branch from the last message: the main branch does not go on. */
  at_end = fork_at (f, f->main_ids->pdata[5], "At the end");
  chatroutes_message_path_load (path, NULL, chatroutes_branch_get_id (at_end));
  path_wait (path);
  g_assert_null (chatroutes_message_path_get_error (path));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 6);
  g_assert_false (chatroutes_message_path_continues_after (path, f->main_ids->pdata[5]));
  g_assert_false (chatroutes_message_path_continues_after (path, f->main_ids->pdata[3]));
}

static void
test_path_load_main (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(ChatroutesMessagePath) path = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autofree char *expected_main = join_ids (f->main_ids, 6, NULL);
  g_autofree char *expected_fork = join_ids (f->main_ids, 4, f->fork_ids);
  Mirror mirror;
  NotifyWatch watch;

  mirror_init (&mirror, G_LIST_MODEL (path), TRUE);
  notify_watch_init (&watch, path, "loading", "error", "branch-start", "n-items", "branch-id", NULL);

  /* With a tree the caller holds: the path fills it. */
  chatroutes_message_path_load (path, tree, NULL);
  path_wait (path);
  g_assert_null (chatroutes_message_path_get_error (path));
  g_assert_null (chatroutes_message_path_get_branch_id (path));
  {
    g_autofree char *ids = message_ids (G_LIST_MODEL (path));
    g_assert_cmpstr (ids, ==, expected_main);
  }
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 0);
  g_assert_nonnull (chatroutes_branch_tree_lookup (tree, f->fork_id));
  g_assert_cmpstr (chatroutes_branch_get_id (chatroutes_branch_tree_get_main (tree)), ==, f->main_id);

  /* The fork, then main by its id, then main again: the tree is known
   * now, so no more branch lists are fetched. */
  chatroutes_message_path_load (path, NULL, f->fork_id);
  path_wait (path);
  {
    g_autofree char *ids = message_ids (G_LIST_MODEL (path));
    g_assert_cmpstr (ids, ==, expected_fork);
  }
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 4);

  chatroutes_message_path_load (path, NULL, f->main_id);
  path_wait (path);
  {
    g_autofree char *ids = message_ids (G_LIST_MODEL (path));
    g_assert_cmpstr (ids, ==, expected_main);
  }
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 0);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches"), ==, 2);

  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);
  g_assert_cmpuint (notify_watch_count (&watch, "branch-start"), ==, 2);

  /* A fork made after the tree was loaded is found by fetching it again. */
  {
    g_autoptr(ChatroutesBranch) late = fork_at (f, f->main_ids->pdata[1], "Late");
    g_autoptr(ChatroutesSendResult) sent = NULL;
    g_autoptr(GPtrArray) late_ids = NULL;
    g_autofree char *expected_late = NULL;
    g_autofree char *ids = NULL;

    sent = send_message (f, chatroutes_branch_get_id (late), "Late question");
    late_ids = service_message_ids (f, chatroutes_branch_get_id (late));
    expected_late = join_ids (f->main_ids, 2, late_ids);

    chatroutes_message_path_load (path, NULL, chatroutes_branch_get_id (late));
    path_wait (path);
    g_assert_null (chatroutes_message_path_get_error (path));
    ids = message_ids (G_LIST_MODEL (path));
    g_assert_cmpstr (ids, ==, expected_late);
    g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 2);
    g_assert_nonnull (chatroutes_branch_tree_lookup (tree, chatroutes_branch_get_id (late)));
  }

  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);
  mirror_clear (&mirror);
  notify_watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&path));
  g_assert_finalize_object (g_steal_pointer (&tree));
}

static void
test_path_nested_fork (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ChatroutesMessagePath) path = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autoptr(ChatroutesBranch) nested = NULL;
  g_autoptr(GPtrArray) nested_ids = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *ids = NULL;

  /* Fork of the fork, at the fork's reply. */
  {
    g_autoptr(ChatroutesSendResult) sent = send_message (f, f->fork_id, "More on the fork");
  }
  g_ptr_array_unref (f->fork_ids);
  f->fork_ids = service_message_ids (f, f->fork_id);
  g_assert_cmpuint (f->fork_ids->len, ==, 4);
  nested = fork_at (f, f->fork_ids->pdata[1], "Nested");
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (nested), ==, f->fork_id);
  {
    g_autoptr(ChatroutesSendResult) sent = send_message (f, chatroutes_branch_get_id (nested), "Deeper");
  }
  nested_ids = service_message_ids (f, chatroutes_branch_get_id (nested));

  chatroutes_message_path_load (path, NULL, chatroutes_branch_get_id (nested));
  path_wait (path);
  g_assert_null (chatroutes_message_path_get_error (path));
  {
    g_autoptr(GString) want = g_string_new (NULL);

    for (guint i = 0; i < 4; i++)
      g_string_append_printf (want, "%s ", (char *) f->main_ids->pdata[i]);
    for (guint i = 0; i < 2; i++)
      g_string_append_printf (want, "%s ", (char *) f->fork_ids->pdata[i]);
    for (guint i = 0; i < nested_ids->len; i++)
      g_string_append_printf (want, "%s ", (char *) nested_ids->pdata[i]);
    g_string_truncate (want, want->len - 1);
    expected = g_strdup (want->str);
  }
  ids = message_ids (G_LIST_MODEL (path));
  g_assert_cmpstr (ids, ==, expected);
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 6);

  g_assert_finalize_object (g_steal_pointer (&path));
}

static void
test_path_unknown_branch (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(ChatroutesMessagePath) path = chatroutes_message_path_new (f->service, f->conversation_id);
  NotifyWatch watch;

  notify_watch_init (&watch, path, "loading", "error", "branch-start", "n-items", "branch-id", NULL);
  chatroutes_message_path_load (path, NULL, "no-such-branch");
  path_wait (path);
  g_assert_error ((GError *) chatroutes_message_path_get_error (path), CHATROUTES_ERROR, CHATROUTES_ERROR_NOT_FOUND);
  g_assert_cmpstr (chatroutes_message_path_get_branch_id (path), ==, "no-such-branch");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 0);
  g_assert_cmpuint (notify_watch_count (&watch, "error"), ==, 1);
  notify_watch_assert_synced (&watch);

  /* The next good load clears the error. */
  chatroutes_message_path_load (path, NULL, f->fork_id);
  path_wait (path);
  g_assert_null (chatroutes_message_path_get_error (path));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 6);
  g_assert_cmpuint (notify_watch_count (&watch, "error"), ==, 2);
  notify_watch_assert_synced (&watch);

  /* A conversation that does not exist. */
  {
    g_autoptr(ChatroutesMessagePath) lost = chatroutes_message_path_new (f->service, "no-such-conversation");

    chatroutes_message_path_load (lost, NULL, NULL);
    path_wait (lost);
    g_assert_error ((GError *) chatroutes_message_path_get_error (lost), CHATROUTES_ERROR, CHATROUTES_ERROR_NOT_FOUND);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (lost)), ==, 0);
    g_assert_finalize_object (g_steal_pointer (&lost));
  }

  notify_watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&path));
}

static void
test_path_fetch_error (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ChatroutesMessagePath) path = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autofree char *path_prefix = g_strdup_printf ("/conversations/%s/branches/%s/messages", f->conversation_id, f->fork_id);
  g_autofree char *expected = join_ids (f->main_ids, 4, f->fork_ids);
  g_autofree char *ids = NULL;
  NotifyWatch watch;

  chatroutes_service_set_retry_attempts (f->service, 0);
  notify_watch_init (&watch, path, "loading", "error", "branch-start", "n-items", NULL);

  /* One of the two message lists fails: the load fails as a whole. */
  test_simulator_fault (f->sim, "GET", path_prefix, "status=500", 1);
  chatroutes_message_path_load (path, NULL, f->fork_id);
  path_wait (path);
  g_assert_error ((GError *) chatroutes_message_path_get_error (path), CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 0);
  notify_watch_assert_synced (&watch);
  /* The other list's late answer changes nothing. */
  test_run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 0);
  g_assert_false (chatroutes_message_path_get_loading (path));

  chatroutes_message_path_reload (path);
  g_assert_true (chatroutes_message_path_get_loading (path));
  path_wait (path);
  g_assert_null (chatroutes_message_path_get_error (path));
  ids = message_ids (G_LIST_MODEL (path));
  g_assert_cmpstr (ids, ==, expected);
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 4);
  notify_watch_assert_synced (&watch);

  notify_watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&path));
}

/* Records every state of a path a view could have seen. */
static void
record_states (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GPtrArray  *states)
{
  g_ptr_array_add (states, message_ids (model));
}

static void
test_path_switch_quickly (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(ChatroutesMessagePath) path = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected_main = join_ids (f->main_ids, 6, NULL);
  g_autofree char *expected_fork = join_ids (f->main_ids, 4, f->fork_ids);
  g_autofree char *fork_messages = g_strdup_printf ("/conversations/%s/branches/%s/messages", f->conversation_id, f->fork_id);
  g_autofree char *main_messages = g_strdup_printf ("/conversations/%s/branches/%s/messages", f->conversation_id, f->main_id);
  Mirror mirror;

  mirror_init (&mirror, G_LIST_MODEL (path), TRUE);
  g_signal_connect (path, "items-changed", G_CALLBACK (record_states), states);

  /* The tree unknown: A then B before anything came back. */
  chatroutes_message_path_load (path, NULL, f->fork_id);
  chatroutes_message_path_load (path, NULL, NULL);
  path_wait (path);
  test_run_for (100);
  g_assert_null (chatroutes_message_path_get_branch_id (path));
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpstr (states->pdata[0], ==, expected_main);
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 0);

  /* The tree known, A slow: A's answer comes after B's and is dropped. */
  g_ptr_array_set_size (states, 0);
  test_simulator_fault (f->sim, "GET", fork_messages, "delay=300", 1);
  chatroutes_message_path_load (path, NULL, f->fork_id);
  g_assert_true (chatroutes_message_path_get_loading (path));
  chatroutes_message_path_load (path, NULL, f->main_id);
  path_wait (path);
  test_run_for (500);
  g_assert_cmpstr (chatroutes_message_path_get_branch_id (path), ==, f->main_id);
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpstr (states->pdata[0], ==, expected_main);
  g_assert_false (chatroutes_message_path_get_loading (path));

  /* The other way round, with main slow. */
  g_ptr_array_set_size (states, 0);
  test_simulator_fault (f->sim, "GET", main_messages, "delay=300", 1);
  chatroutes_message_path_load (path, NULL, NULL);
  chatroutes_message_path_load (path, NULL, f->fork_id);
  path_wait (path);
  test_run_for (500);
  g_assert_cmpstr (chatroutes_message_path_get_branch_id (path), ==, f->fork_id);
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpstr (states->pdata[0], ==, expected_fork);
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 4);

  mirror_assert_synced (&mirror);
  mirror_clear (&mirror);
  g_signal_handlers_disconnect_by_data (path, states);

  /* Dropped while loading: freed once the answers are in. */
  {
    gpointer weak = g_steal_pointer (&path);

    g_object_add_weak_pointer (weak, &weak);
    chatroutes_message_path_load (weak, NULL, NULL);
    g_object_unref (weak);
    test_run_for (300);
    g_assert_null (weak);
  }
}

static void
test_path_local_edits_loaded (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(ChatroutesMessagePath) path = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autoptr(ChatroutesMessage) reply = make_message ("streaming-reply");
  g_autoptr(ChatroutesMessage) final = make_message ("final-reply");
  guint position = G_MAXUINT;
  Mirror mirror;
  NotifyWatch watch;

  chatroutes_message_path_load (path, NULL, f->fork_id);
  path_wait (path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 6);
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 4);

  mirror_init (&mirror, G_LIST_MODEL (path), TRUE);
  notify_watch_init (&watch, path, "branch-start", "n-items", NULL);
  /* A view reading the start when told it moved has already been told of
   * the change that moved it. */
  g_signal_connect_swapped (path, "notify::branch-start", G_CALLBACK (mirror_assert_synced), &mirror);

  /* A reply arriving. */
  chatroutes_message_path_append (path, reply);
  g_assert_cmpuint (mirror.last_position, ==, 6);
  g_assert_cmpuint (mirror.last_added, ==, 1);
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 4);
  g_assert_true (chatroutes_message_path_find (path, "streaming-reply", &position));
  g_assert_cmpuint (position, ==, 6);
  g_assert_true (chatroutes_message_path_find (path, f->main_ids->pdata[0], &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_true (chatroutes_message_path_find (path, f->fork_ids->pdata[1], &position));
  g_assert_cmpuint (position, ==, 5);
  /* A main message past the fork point is not on this path. */
  g_assert_false (chatroutes_message_path_find (path, f->main_ids->pdata[4], &position));

  /* It completes with its real id. */
  g_assert_true (chatroutes_message_path_replace (path, 6, final));
  g_assert_cmpuint (mirror.last_position, ==, 6);
  g_assert_cmpuint (mirror.last_removed, ==, 1);
  g_assert_cmpuint (mirror.last_added, ==, 1);
  g_assert_false (chatroutes_message_path_find (path, "streaming-reply", NULL));
  g_assert_true (chatroutes_message_path_find (path, "final-reply", NULL));
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 4);

  /* Removing before the branch start moves it; at or after it does not. */
  g_assert_true (chatroutes_message_path_remove (path, 4));
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 4);
  g_assert_cmpuint (notify_watch_count (&watch, "branch-start"), ==, 0);
  g_assert_true (chatroutes_message_path_remove (path, 1));
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 3);
  g_assert_cmpuint (notify_watch_count (&watch, "branch-start"), ==, 1);
  g_assert_true (chatroutes_message_path_remove (path, 0));
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 2);
  g_assert_false (chatroutes_message_path_remove (path, 4));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 4);
  {
    g_autofree char *ids = message_ids (G_LIST_MODEL (path));
    g_autofree char *want = g_strdup_printf ("%s %s %s final-reply",
                                             (char *) f->main_ids->pdata[2], (char *) f->main_ids->pdata[3],
                                             (char *) f->fork_ids->pdata[1]);
    g_assert_cmpstr (ids, ==, want);
  }
  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);

  /* A reload brings back what the server has. */
  chatroutes_message_path_reload (path);
  path_wait (path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (path)), ==, 6);
  g_assert_cmpuint (chatroutes_message_path_get_branch_start (path), ==, 4);
  mirror_assert_synced (&mirror);
  notify_watch_assert_synced (&watch);

  g_signal_handlers_disconnect_by_func (path, mirror_assert_synced, &mirror);
  mirror_clear (&mirror);
  notify_watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&path));
}

/* Branch tree against the simulator: load_async, and both tree shapes,
 * give the branches the service lists. */
static void
assert_same_branches (ChatroutesBranchTree *tree,
                      GListModel           *listed)
{
  guint n = g_list_model_get_n_items (listed);

  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) want = g_list_model_get_item (listed, i);
      ChatroutesBranch *got = chatroutes_branch_tree_lookup (tree, chatroutes_branch_get_id (want));

      g_assert_nonnull (got);
      g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (got), ==, chatroutes_branch_get_parent_branch_id (want));
      g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (got), ==, chatroutes_branch_get_fork_point_message_id (want));
      g_assert_cmpint (chatroutes_branch_get_is_main (got), ==, chatroutes_branch_get_is_main (want));
      g_assert_cmpstr (chatroutes_branch_get_title (got), ==, chatroutes_branch_get_title (want));
    }
  assert_tree_consistent (tree);
}

static ChatroutesTree *
service_tree (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = AWAIT (chatroutes_service_get_tree_async, f->service, f->conversation_id, NULL);
  ChatroutesTree *tree = chatroutes_service_get_tree_finish (f->service, result, &error);

  g_assert_no_error (error);
  return tree;
}

static void
test_tree_against_service (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesBranch) nested = NULL;
  GListModel *main_children;

  /* A nested fork too, so there are three levels. */
  nested = fork_at (f, f->fork_ids->pdata[1], "Nested");
  {
    g_autoptr(ChatroutesSendResult) sent = send_message (f, chatroutes_branch_get_id (nested), "Deeper");
  }
  listed = service_branches (f);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 3);

  {
    g_autoptr(GAsyncResult) result = AWAIT (chatroutes_branch_tree_load_async, tree, f->service, f->conversation_id, NULL);
    g_assert_true (chatroutes_branch_tree_load_finish (tree, result, &error));
    g_assert_no_error (error);
  }
  assert_same_branches (tree, listed);
  {
    g_autofree char *want = g_strdup_printf ("%s %s %s", f->main_id, f->fork_id, chatroutes_branch_get_id (nested));
    g_autofree char *got = path_ids (tree, chatroutes_branch_get_id (nested));
    g_assert_cmpstr (got, ==, want);
  }
  main_children = chatroutes_branch_tree_get_children (tree, f->main_id);

  /* Shape (a), the message nodes. */
  {
    g_autoptr(ChatroutesTree) nodes = service_tree (f);

    g_assert_nonnull (chatroutes_tree_get_root (nodes));
    g_assert_true (chatroutes_branch_tree_set_from_tree (tree, nodes));
    g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(ChatroutesBranch) want = g_list_model_get_item (listed, i);
        ChatroutesBranch *got = chatroutes_branch_tree_lookup (tree, chatroutes_branch_get_id (want));

        g_assert_nonnull (got);
        g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (got), ==, chatroutes_branch_get_parent_branch_id (want));
        g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (got), ==, chatroutes_branch_get_fork_point_message_id (want));
        g_assert_cmpint (chatroutes_branch_get_is_main (got), ==, chatroutes_branch_get_is_main (want));
      }
    assert_tree_consistent (tree);
    g_assert_true (chatroutes_branch_tree_get_children (tree, f->main_id) == main_children);
  }

  /* Shape (b), from an older server. */
  {
    g_autoptr(ChatroutesTree) flat = NULL;

    test_simulator_fault (f->sim, "GET", "/conversations", "shape=legacy", 1);
    flat = service_tree (f);
    g_assert_null (chatroutes_tree_get_root (flat));
    g_assert_true (chatroutes_branch_tree_set_from_tree (tree, flat));
    assert_same_branches (tree, listed);
    g_assert_true (chatroutes_branch_tree_get_children (tree, f->main_id) == main_children);
  }

  /* A failed load leaves the tree as it was. */
  chatroutes_service_set_retry_attempts (f->service, 0);
  test_simulator_fault (f->sim, "GET", "/conversations", "status=500", 1);
  {
    g_autoptr(GAsyncResult) result = AWAIT (chatroutes_branch_tree_load_async, tree, f->service, f->conversation_id, NULL);
    g_assert_false (chatroutes_branch_tree_load_finish (tree, result, &error));
    g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER);
  }
  assert_same_branches (tree, listed);

  g_assert_finalize_object (g_steal_pointer (&tree));
}

/* A branch created on an empty conversation has no fork point; once both
 * it and main have messages, the tree endpoint hangs both under a virtual
 * root that names no branch. Only main may come out as the main branch. */
static void
test_tree_against_service_top_level (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(ChatroutesConversation) empty = create_conversation (f, "Two roots");
  g_autoptr(ChatroutesBranch) side = NULL;
  g_autoptr(ChatroutesTree) nodes = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GError) error = NULL;
  ChatroutesBranch *rebuilt_side;
  ChatroutesBranch *rebuilt_main;
  guint n_main = 0;

  g_free (f->conversation_id);
  f->conversation_id = g_strdup (chatroutes_conversation_get_id (empty));

  {
    g_autoptr(GAsyncResult) result = AWAIT (chatroutes_service_create_branch_async, f->service, f->conversation_id,
                                            "Side", NULL, NULL, CHATROUTES_CONTEXT_MODE_DEFAULT, NULL);
    side = chatroutes_service_create_branch_finish (f->service, result, &error);
    g_assert_no_error (error);
  }
  g_assert_null (chatroutes_branch_get_fork_point_message_id (side));
  {
    g_autoptr(ChatroutesSendResult) on_main = send_message (f, NULL, "On main");
    g_autoptr(ChatroutesSendResult) on_side = send_message (f, chatroutes_branch_get_id (side), "On the side");
  }
  listed = service_branches (f);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);

  nodes = service_tree (f);
  g_assert_nonnull (chatroutes_tree_get_root (nodes));
  g_assert_true (chatroutes_branch_tree_set_from_tree (tree, nodes));
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, 2);

  rebuilt_side = chatroutes_branch_tree_lookup (tree, chatroutes_branch_get_id (side));
  g_assert_nonnull (rebuilt_side);
  g_assert_false (chatroutes_branch_get_is_main (rebuilt_side));
  g_assert_null (chatroutes_branch_get_fork_point_message_id (rebuilt_side));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (chatroutes_branch_tree_get_branches (tree), i);
      n_main += chatroutes_branch_get_is_main (branch);
    }
  g_assert_cmpuint (n_main, ==, 1);
  rebuilt_main = chatroutes_branch_tree_get_main (tree);
  g_assert_nonnull (rebuilt_main);
  g_assert_true (chatroutes_branch_get_is_main (rebuilt_main));
  g_assert_cmpstr (chatroutes_branch_get_id (rebuilt_main), !=, chatroutes_branch_get_id (side));
  g_assert_null (chatroutes_branch_get_parent_branch_id (rebuilt_main));
  assert_tree_consistent (tree);

  g_assert_finalize_object (g_steal_pointer (&tree));
}

/* Paths of one conversation that share a cache read each branch once; a
 * local change or a reload reads them again. */
static void
test_path_shared_cache (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(ChatroutesBranchTree) tree = chatroutes_branch_tree_new ();
  g_autoptr(ChatroutesMessagePath) fork = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autoptr(ChatroutesMessagePath) main_path = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autoptr(ChatroutesMessagePath) uncached = chatroutes_message_path_new (f->service, f->conversation_id);
  g_autofree char *expected_fork = join_ids (f->main_ids, 4, f->fork_ids);
  g_autofree char *ids = NULL;
  gint64 fetches;

  chatroutes_message_path_set_cache (fork, cache);
  chatroutes_message_path_set_cache (main_path, cache);

  /* The fork reads both branches on its path. */
  fetches = test_simulator_count (f->sim, "GET /conversations/{id}/branches/{bid}/messages");
  chatroutes_message_path_load (fork, tree, f->fork_id);
  path_wait (fork);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches/{bid}/messages"), ==, fetches + 2);
  g_assert_cmpuint (g_hash_table_size (cache), ==, 2);
  ids = message_ids (G_LIST_MODEL (fork));
  g_assert_cmpstr (ids, ==, expected_fork);

  /* The main branch was read already: nothing is fetched, and the path is
   * what an uncached one reads. It still finishes after load returns. */
  chatroutes_message_path_load (main_path, tree, f->main_id);
  g_assert_true (chatroutes_message_path_get_loading (main_path));
  path_wait (main_path);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches/{bid}/messages"), ==, fetches + 2);
  chatroutes_message_path_load (uncached, NULL, f->main_id);
  path_wait (uncached);
  g_clear_pointer (&ids, g_free);
  ids = message_ids (G_LIST_MODEL (main_path));
  {
    g_autofree char *uncached_ids = message_ids (G_LIST_MODEL (uncached));
    g_assert_cmpstr (ids, ==, uncached_ids);
  }

  /* A message sent on one path: every branch is read again. */
  {
    g_autoptr(ChatroutesMessage) message = chatroutes_message_new ();

    chatroutes_message_set_id (message, "local");
    chatroutes_message_set_role (message, "user");
    chatroutes_message_path_append (main_path, message);
  }
  g_assert_cmpuint (g_hash_table_size (cache), ==, 0);
  chatroutes_message_path_load (fork, tree, f->fork_id);
  path_wait (fork);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches/{bid}/messages"), ==, fetches + 4 + 1);

  /* A reload reads everything again too. */
  chatroutes_message_path_reload (fork);
  path_wait (fork);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches/{bid}/messages"), ==, fetches + 4 + 1 + 2);
}

int
main (int   argc,
      char *argv[])
{
  /* Everything here talks to 127.0.0.1: no proxy lookup is wanted, and the
   * system resolver's script engine only adds noise under memory checkers. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/branch-tree/shape", test_tree_shape);
  g_test_add_func ("/models/branch-tree/unknown-parent", test_tree_unknown_parent);
  g_test_add_func ("/models/branch-tree/parent-loop", test_tree_parent_loop);
  g_test_add_func ("/models/branch-tree/duplicates", test_tree_duplicates);
  g_test_add_func ("/models/branch-tree/persistent-children", test_tree_persistent_children);
  g_test_add_func ("/models/branch-tree/remove", test_tree_remove);
  g_test_add_func ("/models/branch-tree/main", test_tree_main);
  g_test_add_func ("/models/branch-tree/from-tree/nodes", test_tree_from_nodes);
  g_test_add_func ("/models/branch-tree/from-tree/nodes-every-node-tagged", test_tree_from_nodes_every_node_tagged);
  g_test_add_func ("/models/branch-tree/from-tree/nodes-virtual-root", test_tree_from_nodes_virtual_root);
  g_test_add_func ("/models/branch-tree/from-tree/nodes-no-main-flag", test_tree_from_nodes_no_main_flag);
  g_test_add_func ("/models/branch-tree/from-tree/branches", test_tree_from_branches);
  g_test_add_func ("/models/branch-tree/from-tree/neither", test_tree_from_neither);
  g_test_add_func ("/models/branch-tree/large", test_tree_large);

  g_test_add_func ("/models/message-path/compose/main-only", test_compose_main_only);
  g_test_add_func ("/models/message-path/compose/one-fork", test_compose_one_fork);
  g_test_add_func ("/models/message-path/compose/nested", test_compose_nested);
  g_test_add_func ("/models/message-path/compose/fork-point-further-up", test_compose_fork_point_further_up);
  g_test_add_func ("/models/message-path/compose/repeated-messages", test_compose_repeated_messages);
  g_test_add_func ("/models/message-path/compose/keeps-objects", test_compose_keeps_objects);
  g_test_add_func ("/models/message-path/local-edits", test_path_local_edits);

#define ADD_LIST(path, func) \
  g_test_add (path, Fixture, NULL, list_fixture_set_up, func, fixture_tear_down)
#define ADD_PATH(path, func) \
  g_test_add (path, Fixture, NULL, path_fixture_set_up, func, fixture_tear_down)

  ADD_LIST ("/models/conversation-list/paging", test_list_paging);
  ADD_LIST ("/models/conversation-list/paging-legacy", test_list_paging_legacy);
  ADD_LIST ("/models/conversation-list/filter", test_list_filter);
  ADD_LIST ("/models/conversation-list/error", test_list_error);
  ADD_LIST ("/models/conversation-list/local-edits", test_list_local_edits);
  ADD_LIST ("/models/conversation-list/created-between-pages", test_list_created_between_pages);
  ADD_LIST ("/models/conversation-list/dropped-while-loading", test_list_dropped_while_loading);

  ADD_PATH ("/models/message-path/load-fork", test_path_load_fork);
  ADD_PATH ("/models/message-path/continues-after", test_path_continues);
  ADD_PATH ("/models/message-path/load-main", test_path_load_main);
  ADD_PATH ("/models/message-path/nested-fork", test_path_nested_fork);
  ADD_PATH ("/models/message-path/unknown-branch", test_path_unknown_branch);
  ADD_PATH ("/models/message-path/fetch-error", test_path_fetch_error);
  ADD_PATH ("/models/message-path/switch-quickly", test_path_switch_quickly);
  ADD_PATH ("/models/message-path/local-edits-loaded", test_path_local_edits_loaded);
  ADD_PATH ("/models/message-path/shared-cache", test_path_shared_cache);
  ADD_PATH ("/models/branch-tree/against-service", test_tree_against_service);
  ADD_PATH ("/models/branch-tree/against-service-top-level", test_tree_against_service_top_level);

  return g_test_run ();
}
