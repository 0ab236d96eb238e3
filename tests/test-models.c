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

G_GNUC_UNUSED static char *
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
    g_assert_cmpuint (g_list_model_get_n_items (chatroutes_branch_tree_get_branches (tree)), ==, 3);
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

int
main (int   argc,
      char *argv[])
{
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

  return g_test_run ();
}
