/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <string.h>

#include "chatroutes-core.h"
#include "test-util.h"

#define NONE CHATROUTES_MESSAGE_TREE_NONE

/* Helpers {{{ */

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

/* Messages from "id" or "id<parent" words: a parent after '<' (empty for
 * none given). */
static GListModel *
make_messages (const char *spec)
{
  GListStore *store = g_list_store_new (CHATROUTES_TYPE_MESSAGE);
  g_auto(GStrv) parts = g_strsplit (spec, " ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(ChatroutesMessage) message = chatroutes_message_new ();
      char *lt;

      if (parts[i][0] == '\0')
        continue;
      lt = strchr (parts[i], '<');
      if (lt != NULL)
        {
          *lt = '\0';
          chatroutes_message_set_parent_message_id (message, lt + 1);
        }
      chatroutes_message_set_id (message, parts[i]);
      chatroutes_message_set_role (message, g_str_has_prefix (parts[i], "u") ? "user" : "assistant");
      chatroutes_message_set_content (message, parts[i]);
      g_list_store_append (store, message);
    }
  return G_LIST_MODEL (store);
}

/* "id(parent)" for every node in order, so that both the numbering and
 * the shape are checked in one string. */
static char *
describe (ChatroutesMessageTree *tree)
{
  GString *out = g_string_new (NULL);
  guint n = chatroutes_message_tree_get_n_nodes (tree);

  for (guint i = 0; i < n; i++)
    {
      guint parent = chatroutes_message_tree_get_parent (tree, i);

      g_string_append_printf (out, "%s%s(%s)", i ? " " : "",
                              chatroutes_message_tree_get_id (tree, i),
                              parent == NONE ? "-" : chatroutes_message_tree_get_id (tree, parent));
    }
  return g_string_free (out, FALSE);
}

/* Every structural promise of the tree holds. */
static void
assert_consistent (ChatroutesMessageTree *tree)
{
  guint n = chatroutes_message_tree_get_n_nodes (tree);
  guint n_rows = chatroutes_message_tree_get_n_rows (tree);
  guint n_lanes = chatroutes_message_tree_get_n_lanes (tree);
  guint counted = 0;
  g_autoptr(GHashTable) cells = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < n; i++)
    {
      guint parent = chatroutes_message_tree_get_parent (tree, i);
      guint depth = chatroutes_message_tree_get_depth (tree, i);

      g_assert_cmpuint (chatroutes_message_tree_lookup (tree, chatroutes_message_tree_get_id (tree, i)), ==, i);
      if (parent == NONE)
        g_assert_cmpuint (depth, ==, 0);
      else
        {
          gboolean found = FALSE;

          /* Parents come first. */
          g_assert_cmpuint (parent, <, i);
          g_assert_cmpuint (depth, ==, chatroutes_message_tree_get_depth (tree, parent) + 1);
          for (guint c = 0; c < chatroutes_message_tree_get_n_children (tree, parent); c++)
            found |= chatroutes_message_tree_get_child (tree, parent, c) == i;
          g_assert_true (found);
        }
      g_assert_cmpuint (depth, <, n_rows);
      g_assert_cmpuint (chatroutes_message_tree_get_lane (tree, i), <, n_lanes);
    }

  /* Rows hold every node once, ordered by lane, and no two nodes share a
   * cell of the grid. */
  for (guint r = 0; r < n_rows; r++)
    {
      guint len;
      const guint *row = chatroutes_message_tree_get_row (tree, r, &len);

      for (guint k = 0; k < len; k++)
        {
          guint lane = chatroutes_message_tree_get_lane (tree, row[k]);
          gpointer cell = GUINT_TO_POINTER (r * (n_lanes + 1) + lane + 1);

          g_assert_cmpuint (chatroutes_message_tree_get_depth (tree, row[k]), ==, r);
          if (k > 0)
            g_assert_cmpuint (chatroutes_message_tree_get_lane (tree, row[k - 1]), <, lane);
          g_assert_false (g_hash_table_contains (cells, cell));
          g_hash_table_add (cells, cell);
          counted++;
        }
    }
  g_assert_cmpuint (counted, ==, n);
}

/* }}} */

/* Shape (a) {{{ */

static const char shape_a[] =
  "{\"success\":true,\"data\":{"
  "\"conversation\":{\"id\":\"c1\",\"title\":\"T\"},"
  "\"tree\":{\"id\":\"u1\",\"role\":\"user\",\"content\":\"Hello there\","
  "  \"branchInfo\":{\"branchId\":\"main\",\"title\":\"Main\",\"isMain\":true},"
  "  \"children\":[{\"id\":\"a1\",\"role\":\"assistant\",\"content\":\"Hi\",\"children\":["
  "    {\"id\":\"u2\",\"role\":\"user\",\"content\":\"Q2\",\"children\":["
  "      {\"id\":\"a2\",\"role\":\"assistant\",\"content\":\"A2\",\"children\":[]}]},"
  "    {\"id\":\"u3\",\"role\":\"user\",\"content\":\"Other\","
  "     \"branchInfo\":{\"branchId\":\"b1\",\"title\":\"Side trip\",\"isMain\":false},"
  "     \"children\":[{\"id\":\"a3\",\"role\":\"assistant\",\"content\":\"A3\",\"children\":[]}]}]}]},"
  "\"metadata\":{\"totalNodes\":6,\"totalBranches\":2,\"maxDepth\":4}}}";

static void
test_shape_a (void)
{
  g_autoptr(ChatroutesTree) tree = tree_from_json (shape_a);
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();
  g_autofree char *shape = NULL;
  ChatroutesBranch *side;
  guint u3, a2, a3;

  g_assert_true (chatroutes_message_tree_set_from_tree (messages, tree));
  shape = describe (messages);
  g_assert_cmpstr (shape, ==, "u1(-) a1(u1) u2(a1) a2(u2) u3(a1) a3(u3)");
  assert_consistent (messages);

  g_assert_cmpuint (chatroutes_message_tree_get_n_rows (messages), ==, 4);
  g_assert_cmpstr (chatroutes_message_tree_get_role (messages, 0), ==, "user");
  g_assert_cmpstr (chatroutes_message_tree_get_content (messages, 0), ==, "Hello there");
  g_assert_null (chatroutes_message_tree_get_message (messages, 0));

  /* Branch membership is inherited down to the next branch start. */
  u3 = chatroutes_message_tree_lookup (messages, "u3");
  a2 = chatroutes_message_tree_lookup (messages, "a2");
  a3 = chatroutes_message_tree_lookup (messages, "a3");
  g_assert_cmpstr (chatroutes_message_tree_get_branch_id (messages, a2), ==, "main");
  g_assert_cmpstr (chatroutes_message_tree_get_branch_id (messages, a3), ==, "b1");
  g_assert_cmpstr (chatroutes_message_tree_get_branch_title (messages, "b1"), ==, "Side trip");

  side = chatroutes_message_tree_lookup_branch (messages, "b1");
  g_assert_nonnull (side);
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (side), ==, "main");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (side), ==, "a1");
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_message_tree_get_branches (messages)), ==, 2);

  /* Two lanes: the main line, and the side branch beside it. */
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (messages), ==, 2);
  g_assert_cmpuint (chatroutes_message_tree_get_lane (messages, a2), ==, 0);
  g_assert_cmpuint (chatroutes_message_tree_get_lane (messages, a3), ==, 1);
  g_assert_true (chatroutes_message_tree_starts_lane (messages, 0));
  g_assert_true (chatroutes_message_tree_starts_lane (messages, u3));
  g_assert_false (chatroutes_message_tree_starts_lane (messages, a3));

  g_assert_cmpstr (chatroutes_message_tree_get_id (messages,
                                                   chatroutes_message_tree_common_ancestor (messages, a2, a3)),
                   ==, "a1");
  g_assert_cmpuint (chatroutes_message_tree_common_ancestor (messages, a2, a2), ==, a2);
  g_assert_cmpuint (chatroutes_message_tree_lookup (messages, "nope"), ==, NONE);
}

static void
test_shape_a_virtual_root (void)
{
  g_autoptr(ChatroutesTree) tree = tree_from_json (
    "{\"conversation\":{\"id\":\"c9\"},"
    "\"tree\":{\"id\":\"c9\",\"role\":\"system\",\"content\":\"\",\"virtual\":true,\"children\":["
    "  {\"id\":\"u1\",\"role\":\"user\",\"content\":\"one\",\"children\":[]},"
    "  {\"id\":\"u2\",\"role\":\"user\",\"content\":\"two\",\"children\":["
    "    {\"id\":\"a2\",\"role\":\"assistant\",\"content\":\"x\",\"children\":[]}]}]}}");
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();
  g_autofree char *shape = NULL;

  g_assert_true (chatroutes_message_tree_set_from_tree (messages, tree));
  shape = describe (messages);
  /* The node named after the conversation is no message. */
  g_assert_cmpstr (shape, ==, "u1(-) u2(-) a2(u2)");
  assert_consistent (messages);
  g_assert_cmpuint (chatroutes_message_tree_common_ancestor (messages, 0, 2), ==, NONE);
  /* Two roots: both chains fit in one lane only if they do not overlap. */
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (messages), ==, 2);
}

static void
test_shape_a_duplicates (void)
{
  /* The same id twice, once inside its own subtree: the first is kept and
   * the second's children hang on it, with no loop. */
  g_autoptr(ChatroutesTree) tree = tree_from_json (
    "{\"tree\":{\"id\":\"u1\",\"role\":\"user\",\"content\":\"a\",\"children\":["
    "  {\"id\":\"a1\",\"role\":\"assistant\",\"content\":\"b\",\"children\":["
    "    {\"id\":\"u1\",\"role\":\"user\",\"content\":\"again\",\"children\":["
    "      {\"id\":\"a9\",\"role\":\"assistant\",\"content\":\"c\",\"children\":[]}]}]}]}}");
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();
  g_autofree char *shape = NULL;

  g_assert_true (chatroutes_message_tree_set_from_tree (messages, tree));
  shape = describe (messages);
  g_assert_cmpstr (shape, ==, "u1(-) a1(u1) a9(u1)");
  g_assert_cmpstr (chatroutes_message_tree_get_content (messages, 0), ==, "a");
  assert_consistent (messages);
}

static void
test_shape_a_empty (void)
{
  g_autoptr(ChatroutesTree) tree = tree_from_json (
    "{\"conversation\":{\"id\":\"c1\"},\"tree\":null,"
    "\"metadata\":{\"totalNodes\":0,\"totalBranches\":1,\"maxDepth\":0}}");
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();

  /* An empty conversation is a tree, with nothing in it. */
  g_assert_true (chatroutes_message_tree_set_from_tree (messages, tree));
  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (messages), ==, 0);
  g_assert_cmpuint (chatroutes_message_tree_get_n_rows (messages), ==, 0);
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (messages), ==, 0);
  assert_consistent (messages);
}

/* }}} */

/* Shape (b) and branches {{{ */

static void
test_shape_b_needs_branches (void)
{
  g_autoptr(ChatroutesTree) tree = tree_from_json (
    "{\"success\":true,\"data\":{\"conversation\":{\"id\":\"c1\"},"
    "\"branches\":[{\"id\":\"main\",\"isMain\":true,\"title\":\"Main\"},"
    "              {\"id\":\"b1\",\"parentBranchId\":\"main\",\"forkPointMessageId\":\"a1\",\"title\":\"B\"}],"
    "\"mainBranch\":{\"id\":\"main\",\"isMain\":true,\"title\":\"Main\"}}}");
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();
  g_autoptr(GHashTable) by_branch = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autofree char *shape = NULL;

  /* Shape (b) names branches but no messages: it cannot make the tree. */
  g_assert_false (chatroutes_message_tree_set_from_tree (messages, tree));
  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (messages), ==, 0);

  /* With each branch's messages it can. */
  g_hash_table_insert (by_branch, (gpointer) "main", make_messages ("u1 a1 u2 a2"));
  g_hash_table_insert (by_branch, (gpointer) "b1", make_messages ("u3 a3"));
  chatroutes_message_tree_set_from_branches (messages, chatroutes_tree_get_branches (tree), by_branch);
  shape = describe (messages);
  g_assert_cmpstr (shape, ==, "u1(-) a1(u1) u2(a1) a2(u2) u3(a1) a3(u3)");
  assert_consistent (messages);
  g_assert_cmpstr (chatroutes_message_tree_get_branch_id (messages, 5), ==, "b1");
  g_assert_nonnull (chatroutes_message_tree_get_message (messages, 5));
  g_assert_cmpstr (chatroutes_message_get_id (chatroutes_message_tree_get_message (messages, 5)), ==, "a3");
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (messages), ==, 2);
}

static void
test_branches_order_and_inherited (void)
{
  g_autoptr(GListStore) branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  g_autoptr(GHashTable) by_branch = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();
  g_autofree char *shape = NULL;
  g_autoptr(ChatroutesBranch) deep = make_branch ("deep", "b1", "a3", FALSE);
  g_autoptr(ChatroutesBranch) b1 = make_branch ("b1", "main", "a1", FALSE);
  g_autoptr(ChatroutesBranch) main_branch = make_branch ("main", NULL, NULL, TRUE);

  /* Children listed before their parents, and a server that lists a
   * branch's inherited messages too. */
  g_list_store_append (branches, deep);
  g_list_store_append (branches, b1);
  g_list_store_append (branches, main_branch);
  g_hash_table_insert (by_branch, (gpointer) "main", make_messages ("u1 a1 u2 a2"));
  g_hash_table_insert (by_branch, (gpointer) "b1", make_messages ("u1 a1 u3 a3"));
  g_hash_table_insert (by_branch, (gpointer) "deep", make_messages ("u4 a4"));

  chatroutes_message_tree_set_from_branches (messages, G_LIST_MODEL (branches), by_branch);
  shape = describe (messages);
  g_assert_cmpstr (shape, ==, "u1(-) a1(u1) u2(a1) a2(u2) u3(a1) a3(u3) u4(a3) a4(u4)");
  assert_consistent (messages);
  g_assert_cmpstr (chatroutes_message_tree_get_branch_id (messages, 0), ==, "main");
  g_assert_cmpstr (chatroutes_message_tree_get_branch_id (messages, 4), ==, "b1");
  g_assert_cmpstr (chatroutes_message_tree_get_branch_id (messages, 7), ==, "deep");
  /* The deep branch carries on the side branch's lane? No: it starts its
   * own, since it is another branch. */
  g_assert_true (chatroutes_message_tree_starts_lane (messages, 6));
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (messages), ==, 3);
}

static void
test_branches_unknown_parents (void)
{
  g_autoptr(GListStore) branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  g_autoptr(GHashTable) by_branch = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();
  g_autofree char *shape = NULL;
  g_autoptr(ChatroutesBranch) main_branch = make_branch ("main", NULL, NULL, TRUE);
  g_autoptr(ChatroutesBranch) lost = make_branch ("lost", "gone", "zz", FALSE);
  g_autoptr(ChatroutesBranch) forked = make_branch ("forked", "main", "a1", FALSE);

  g_list_store_append (branches, main_branch);
  g_list_store_append (branches, lost);
  g_list_store_append (branches, forked);
  /* u2 names a parent nobody knows: it follows the previous message. */
  g_hash_table_insert (by_branch, (gpointer) "main", make_messages ("u1 a1 u2<missing a2<u2"));
  /* A branch whose parent branch and fork point are unknown: a root. */
  g_hash_table_insert (by_branch, (gpointer) "lost", make_messages ("u7 a7"));
  /* The first message names its parent itself, which wins over the
   * branch's fork point. */
  g_hash_table_insert (by_branch, (gpointer) "forked", make_messages ("u5<u1 a5"));

  chatroutes_message_tree_set_from_branches (messages, G_LIST_MODEL (branches), by_branch);
  shape = describe (messages);
  g_assert_cmpstr (shape, ==, "u1(-) a1(u1) u2(a1) a2(u2) u5(u1) a5(u5) u7(-) a7(u7)");
  assert_consistent (messages);
}

static void
test_branches_loops (void)
{
  g_autoptr(GListStore) branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  g_autoptr(GHashTable) by_branch = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();
  g_autoptr(ChatroutesBranch) x = make_branch ("x", "y", NULL, FALSE);
  g_autoptr(ChatroutesBranch) y = make_branch ("y", "x", NULL, FALSE);
  guint n;

  /* Branches that are each other's parent, and messages that are each
   * other's parent, and one that is its own. */
  g_list_store_append (branches, x);
  g_list_store_append (branches, y);
  g_hash_table_insert (by_branch, (gpointer) "x", make_messages ("m1<m3 m2<m1 m3<m2"));
  g_hash_table_insert (by_branch, (gpointer) "y", make_messages ("s1<s1 s2"));

  chatroutes_message_tree_set_from_branches (messages, G_LIST_MODEL (branches), by_branch);
  n = chatroutes_message_tree_get_n_nodes (messages);
  /* Nothing lost, nothing twice, and the walk up always ends. */
  g_assert_cmpuint (n, ==, 5);
  assert_consistent (messages);
  for (guint i = 0; i < n; i++)
    {
      guint steps = 0;

      for (guint j = i; j != NONE; j = chatroutes_message_tree_get_parent (messages, j))
        g_assert_cmpuint (++steps, <=, n);
    }
  /* A self-parent falls back to the branch's previous message: none. */
  g_assert_cmpuint (chatroutes_message_tree_get_parent (messages,
                                                        chatroutes_message_tree_lookup (messages, "s1")), ==, NONE);
  g_assert_cmpstr (chatroutes_message_tree_get_id (messages,
                                                   chatroutes_message_tree_get_parent (messages,
                                                                                       chatroutes_message_tree_lookup (messages, "s2"))),
                   ==, "s1");
}

static void
test_branches_empty (void)
{
  g_autoptr(GListStore) branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();
  g_autoptr(ChatroutesBranch) main_branch = make_branch ("main", NULL, NULL, TRUE);
  g_autoptr(GHashTable) by_branch = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  guint n_nodes;

  /* No branches at all. */
  chatroutes_message_tree_set_from_branches (messages, G_LIST_MODEL (branches), NULL);
  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (messages), ==, 0);

  /* A branch without messages, and a message without an id. */
  g_list_store_append (branches, main_branch);
  chatroutes_message_tree_set_from_branches (messages, G_LIST_MODEL (branches), by_branch);
  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (messages), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_message_tree_get_branches (messages)), ==, 1);
  {
    GListStore *store = g_list_store_new (CHATROUTES_TYPE_MESSAGE);
    g_autoptr(ChatroutesMessage) anonymous = chatroutes_message_new ();

    g_list_store_append (store, anonymous);
    g_hash_table_insert (by_branch, (gpointer) "main", store);
  }
  chatroutes_message_tree_set_from_branches (messages, G_LIST_MODEL (branches), by_branch);
  n_nodes = chatroutes_message_tree_get_n_nodes (messages);
  g_assert_cmpuint (n_nodes, ==, 0);
  assert_consistent (messages);

  /* Clearing drops what a previous build made. */
  chatroutes_message_tree_clear (messages);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_message_tree_get_branches (messages)), ==, 0);
}

/* A large conversation: 1,000 branches forking all along a long path, so
 * lanes must be reused rather than one per branch. */
static void
test_branches_large (void)
{
  g_autoptr(GListStore) branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  g_autoptr(GHashTable) by_branch = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(ChatroutesMessageTree) messages = chatroutes_message_tree_new ();
  g_autoptr(ChatroutesBranch) main_branch = make_branch ("main", NULL, NULL, TRUE);
  GListStore *main_messages = g_list_store_new (CHATROUTES_TYPE_MESSAGE);

  g_list_store_append (branches, main_branch);
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(ChatroutesMessage) message = chatroutes_message_new ();
      g_autofree char *id = g_strdup_printf ("m%u", i);

      chatroutes_message_set_id (message, id);
      g_list_store_append (main_messages, message);
    }
  g_hash_table_insert (by_branch, g_strdup ("main"), main_messages);

  for (guint b = 0; b < 1000; b++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", b);
      g_autofree char *fork = g_strdup_printf ("m%u", b * 2);
      g_autoptr(ChatroutesBranch) branch = make_branch (id, "main", fork, FALSE);
      GListStore *own = g_list_store_new (CHATROUTES_TYPE_MESSAGE);

      for (guint k = 0; k < 3; k++)
        {
          g_autoptr(ChatroutesMessage) message = chatroutes_message_new ();
          g_autofree char *mid = g_strdup_printf ("b%u-%u", b, k);

          chatroutes_message_set_id (message, mid);
          g_list_store_append (own, message);
        }
      g_list_store_append (branches, branch);
      g_hash_table_insert (by_branch, g_steal_pointer (&id), own);
    }

  chatroutes_message_tree_set_from_branches (messages, G_LIST_MODEL (branches), by_branch);
  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (messages), ==, 5000);
  /* The last branch forks at m1998 and goes three deeper. */
  g_assert_cmpuint (chatroutes_message_tree_get_n_rows (messages), ==, 2002);
  assert_consistent (messages);
  /* Each branch spans four rows and they start two rows apart: a few
   * lanes suffice. */
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (messages), <=, 4);
}

/* }}} */

/* Comparing {{{ */

static GPtrArray *
path_of (const char *spec)
{
  g_autoptr(GListModel) model = make_messages (spec);
  GPtrArray *path = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (path, g_list_model_get_item (model, i));
  return path;
}

static void
test_compare_common_length (void)
{
  g_autoptr(GPtrArray) main_path = path_of ("u1 a1 u2 a2");
  g_autoptr(GPtrArray) fork = path_of ("u1 a1 u3 a3 u4");
  g_autoptr(GPtrArray) other = path_of ("x1");
  g_autoptr(GPtrArray) empty = path_of ("");
  g_autoptr(GPtrArray) anonymous = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (chatroutes_branch_compare_common_length (main_path, fork), ==, 2);
  g_assert_cmpuint (chatroutes_branch_compare_common_length (fork, main_path), ==, 2);
  g_assert_cmpuint (chatroutes_branch_compare_common_length (main_path, main_path), ==, 4);
  g_assert_cmpuint (chatroutes_branch_compare_common_length (main_path, other), ==, 0);
  g_assert_cmpuint (chatroutes_branch_compare_common_length (main_path, empty), ==, 0);

  /* A prefix of the other: they share all of it. */
  g_ptr_array_set_size (fork, 3);
  g_ptr_array_remove_index (fork, 2);
  g_assert_cmpuint (chatroutes_branch_compare_common_length (main_path, fork), ==, 2);

  /* Messages without ids never match. */
  g_ptr_array_add (anonymous, chatroutes_message_new ());
  g_assert_cmpuint (chatroutes_branch_compare_common_length (anonymous, anonymous), ==, 0);
}

static void
test_compare_summary (void)
{
  g_autoptr(GPtrArray) path = path_of ("u1 a1 u2 a2 u3");
  ChatroutesBranchSummary summary;

  chatroutes_message_set_token_count (path->pdata[1], 100);
  chatroutes_message_set_model (path->pdata[1], "gpt-5");
  chatroutes_message_set_temperature (path->pdata[1], 0.7);
  chatroutes_message_set_token_count (path->pdata[2], 5);
  chatroutes_message_set_token_count (path->pdata[3], 40);
  chatroutes_message_set_metadata_model (path->pdata[3], "claude-opus-4-1");
  chatroutes_message_set_temperature (path->pdata[3], 0.2);

  chatroutes_branch_compare_summarize (path, 0, &summary);
  g_assert_cmpuint (summary.n_messages, ==, 5);
  g_assert_cmpint (summary.tokens, ==, 145);
  g_assert_cmpstr (summary.model, ==, "claude-opus-4-1");
  g_assert_cmpfloat_with_epsilon (summary.temperature, 0.2, 1e-9);

  /* From after the divergence only. */
  chatroutes_branch_compare_summarize (path, 2, &summary);
  g_assert_cmpuint (summary.n_messages, ==, 3);
  g_assert_cmpint (summary.tokens, ==, 45);

  /* Nothing known. */
  chatroutes_branch_compare_summarize (path, 4, &summary);
  g_assert_cmpuint (summary.n_messages, ==, 1);
  g_assert_cmpint (summary.tokens, ==, -1);
  g_assert_null (summary.model);
  g_assert_cmpfloat (summary.temperature, <, 0);
}

/* }}} */

/* Against the simulator {{{ */

#define AWAIT(call_async, ...) \
  ({ GAsyncResult *_r = NULL; call_async (__VA_ARGS__, test_store_result, &_r); test_wait_result (&_r); })

typedef struct
{
  TestSimulator *sim;
  ChatroutesService *service;
  char *conversation_id;
  char *fork_id;
} Fixture;

static void
send_text (Fixture    *f,
           const char *branch_id,
           const char *content)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ChatroutesSendResult) sent = NULL;

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
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GListModel) main_messages = NULL;
  g_autoptr(ChatroutesMessage) fork_point = NULL;
  g_autoptr(ChatroutesBranch) fork = NULL;

  memset (f, 0, sizeof *f);
  f->sim = test_simulator_start ("--pace-ms", "0", NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_delay (f->service, 0.01);

  result = AWAIT (chatroutes_service_create_conversation_async, f->service, "Tree", NULL, NULL);
  conversation = chatroutes_service_create_conversation_finish (f->service, result, &error);
  g_assert_no_error (error);
  f->conversation_id = g_strdup (chatroutes_conversation_get_id (conversation));
  g_clear_object (&result);

  send_text (f, NULL, "First question");
  send_text (f, NULL, "Second question");

  result = AWAIT (chatroutes_service_list_messages_async, f->service, f->conversation_id, NULL, NULL);
  main_messages = chatroutes_service_list_messages_finish (f->service, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (main_messages), ==, 4);
  g_clear_object (&result);

  /* Fork at the first reply and go on there. */
  fork_point = g_list_model_get_item (main_messages, 1);
  result = AWAIT (chatroutes_service_fork_async, f->service, f->conversation_id,
                  chatroutes_message_get_id (fork_point), "Fork",
                  CHATROUTES_CONTEXT_MODE_FULL, NULL);
  fork = chatroutes_service_fork_finish (f->service, result, &error);
  g_assert_no_error (error);
  f->fork_id = g_strdup (chatroutes_branch_get_id (fork));
  send_text (f, f->fork_id, "On the fork");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->service);
  g_clear_pointer (&f->sim, test_simulator_stop);
  g_free (f->conversation_id);
  g_free (f->fork_id);
}

static char *
load_and_describe (Fixture *f)
{
  g_autoptr(ChatroutesMessageTree) tree = chatroutes_message_tree_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint first_fork;

  result = AWAIT (chatroutes_message_tree_load_async, tree, f->service, f->conversation_id, NULL);
  g_assert_true (chatroutes_message_tree_load_finish (tree, result, &error));
  g_assert_no_error (error);
  assert_consistent (tree);

  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (tree), ==, 6);
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (tree), ==, 2);
  g_assert_nonnull (chatroutes_message_tree_lookup_branch (tree, f->fork_id));
  g_assert_cmpstr (chatroutes_message_tree_get_branch_title (tree, f->fork_id), ==, "Fork");

  /* The fork's first message hangs on the first reply. */
  first_fork = NONE;
  for (guint i = 0; i < chatroutes_message_tree_get_n_nodes (tree) && first_fork == NONE; i++)
    if (g_strcmp0 (chatroutes_message_tree_get_branch_id (tree, i), f->fork_id) == 0)
      first_fork = i;
  g_assert_cmpuint (first_fork, !=, NONE);
  g_assert_cmpstr (chatroutes_message_tree_get_content (tree, first_fork), ==, "On the fork");
  g_assert_cmpuint (chatroutes_message_tree_get_depth (tree, first_fork), ==, 2);
  g_assert_true (chatroutes_message_tree_starts_lane (tree, first_fork));
  return describe (tree);
}

static void
test_load_shapes (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *canonical = NULL;
  g_autofree char *legacy = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *tree_path = g_strdup_printf ("/conversations/%s/tree", f->conversation_id);

  /* Shape (a), one request. */
  canonical = load_and_describe (f);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches/{bid}/messages"), ==, 0);

  /* Shape (b): rebuilt from the branches it names. */
  test_simulator_fault (f->sim, "GET", tree_path, "shape=legacy", 1);
  legacy = load_and_describe (f);
  g_assert_cmpstr (legacy, ==, canonical);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches/{bid}/messages"), ==, 2);

  /* The tree endpoint fails: rebuilt from the branch list. */
  test_simulator_fault (f->sim, "GET", tree_path, "status=404", 1);
  failed = load_and_describe (f);
  g_assert_cmpstr (failed, ==, canonical);
  g_assert_cmpint (test_simulator_count (f->sim, "GET /conversations/{id}/branches"), >=, 1);
}

static void
test_load_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ChatroutesMessageTree) tree = chatroutes_message_tree_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Neither the tree nor the branches: the error reaches the caller. */
  test_simulator_fault (f->sim, "GET", "/conversations", "status=404", 5);
  result = AWAIT (chatroutes_message_tree_load_async, tree, f->service, f->conversation_id, NULL);
  g_assert_false (chatroutes_message_tree_load_finish (tree, result, &error));
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_NOT_FOUND);
}


/* A conversation deeper than a JSON parser will nest: the tree endpoint's
 * shape (a) cannot be read, and the tree is rebuilt from the branches. */
static void
test_load_deep (void)
{
  g_autoptr(TestSimulator) sim = test_simulator_start ("--pace-ms", "0", "--seed-conversations", "1",
                                                       "--seed-messages", "1200", NULL);
  g_autoptr(ChatroutesService) service = chatroutes_service_new (sim->base_url, "sim-key");
  g_autoptr(ChatroutesMessageTree) tree = chatroutes_message_tree_new ();
  g_autoptr(ChatroutesConversationPage) page = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = AWAIT (chatroutes_service_list_conversations_async, service, 1, 10,
                  CHATROUTES_CONVERSATION_FILTER_ALL, NULL);
  page = chatroutes_service_list_conversations_finish (service, result, &error);
  g_assert_no_error (error);
  conversation = g_list_model_get_item (chatroutes_conversation_page_get_conversations (page), 0);
  g_clear_object (&result);

  result = AWAIT (chatroutes_message_tree_load_async, tree, service,
                  chatroutes_conversation_get_id (conversation), NULL);
  g_assert_true (chatroutes_message_tree_load_finish (tree, result, &error));
  g_assert_no_error (error);

  /* Asked once, then rebuilt from the main branch and its one fork. */
  g_assert_cmpint (test_simulator_count (sim, "GET /conversations/{id}/tree"), ==, 1);
  g_assert_cmpint (test_simulator_count (sim, "GET /conversations/{id}/branches/{bid}/messages"), ==, 2);
  g_assert_cmpuint (chatroutes_message_tree_get_n_nodes (tree), ==, 1202);
  g_assert_cmpuint (chatroutes_message_tree_get_n_rows (tree), ==, 1200);
  g_assert_cmpuint (chatroutes_message_tree_get_n_lanes (tree), ==, 2);
  g_assert_cmpstr (chatroutes_message_tree_get_branch_title (tree,
                                                             chatroutes_message_tree_get_branch_id (tree, 1201)),
                   ==, "Alternative approach");
  assert_consistent (tree);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message-tree/shape-a", test_shape_a);
  g_test_add_func ("/message-tree/shape-a/virtual-root", test_shape_a_virtual_root);
  g_test_add_func ("/message-tree/shape-a/duplicates", test_shape_a_duplicates);
  g_test_add_func ("/message-tree/shape-a/empty", test_shape_a_empty);
  g_test_add_func ("/message-tree/shape-b", test_shape_b_needs_branches);
  g_test_add_func ("/message-tree/branches/order-and-inherited", test_branches_order_and_inherited);
  g_test_add_func ("/message-tree/branches/unknown-parents", test_branches_unknown_parents);
  g_test_add_func ("/message-tree/branches/loops", test_branches_loops);
  g_test_add_func ("/message-tree/branches/empty", test_branches_empty);
  g_test_add_func ("/message-tree/branches/large", test_branches_large);
  g_test_add_func ("/message-tree/compare/common-length", test_compare_common_length);
  g_test_add_func ("/message-tree/compare/summary", test_compare_summary);
  g_test_add ("/message-tree/load/shapes", Fixture, NULL, fixture_set_up, test_load_shapes, fixture_tear_down);
  g_test_add_func ("/message-tree/load/deep", test_load_deep);
  g_test_add ("/message-tree/load/error", Fixture, NULL, fixture_set_up, test_load_error, fixture_tear_down);

  return g_test_run ();
}
