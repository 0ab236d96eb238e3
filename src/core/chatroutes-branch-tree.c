/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include "chatroutes-branch-tree.h"

struct _ChatroutesBranchTree
{
  GObject parent_instance;

  GListStore *branches;   /* every branch, in the order they came */
  GListStore *roots;
  GHashTable *by_id;      /* id → ChatroutesBranch (borrowed from branches) */
  GHashTable *children;   /* id → GListStore, kept for the tree's lifetime */
};

G_DEFINE_FINAL_TYPE (ChatroutesBranchTree, chatroutes_branch_tree, G_TYPE_OBJECT)

static void
chatroutes_branch_tree_finalize (GObject *object)
{
  ChatroutesBranchTree *self = (ChatroutesBranchTree *)object;

  g_clear_object (&self->branches);
  g_clear_object (&self->roots);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->children, g_hash_table_unref);

  G_OBJECT_CLASS (chatroutes_branch_tree_parent_class)->finalize (object);
}

static void
chatroutes_branch_tree_class_init (ChatroutesBranchTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_branch_tree_finalize;
}

static void
chatroutes_branch_tree_init (ChatroutesBranchTree *self)
{
  self->branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  self->roots = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

ChatroutesBranchTree *
chatroutes_branch_tree_new (void)
{
  return g_object_new (CHATROUTES_TYPE_BRANCH_TREE, NULL);
}

static GListStore *
children_store (ChatroutesBranchTree *self,
                const char           *branch_id)
{
  GListStore *store = g_hash_table_lookup (self->children, branch_id);

  if (store == NULL)
    {
      store = g_list_store_new (CHATROUTES_TYPE_BRANCH);
      g_hash_table_insert (self->children, g_strdup (branch_id), store);
    }
  return store;
}

/* Whether @branch is part of a parent loop: walking up from it comes back
 * to it. A branch that only hangs below a loop is not: it stays under its
 * parent, which the loop shows as a root. */
static gboolean
is_in_parent_loop (ChatroutesBranchTree *self,
                   ChatroutesBranch     *branch)
{
  ChatroutesBranch *up = branch;
  guint limit = g_hash_table_size (self->by_id);

  for (guint steps = 0; steps < limit; steps++)
    {
      const char *parent_id = chatroutes_branch_get_parent_branch_id (up);

      if (parent_id == NULL)
        return FALSE;
      up = g_hash_table_lookup (self->by_id, parent_id);
      if (up == NULL)
        return FALSE;
      if (up == branch)
        return TRUE;
    }
  /* Longer than the tree: the walk went round a loop @branch is not in. */
  return FALSE;
}

/* The parent a branch is shown under, or NULL for a root. */
static ChatroutesBranch *
shown_parent (ChatroutesBranchTree *self,
              ChatroutesBranch     *branch)
{
  const char *parent_id = chatroutes_branch_get_parent_branch_id (branch);
  ChatroutesBranch *parent;

  if (parent_id == NULL)
    return NULL;
  parent = g_hash_table_lookup (self->by_id, parent_id);
  if (parent == NULL || parent == branch || is_in_parent_loop (self, branch))
    return NULL;
  return parent;
}

/* Makes @store hold @items (borrowed), replacing only the range between
 * the unchanged head and tail: a tree view keeps its rows, and their
 * expanded state, wherever nothing changed. */
static void
store_sync (GListStore *store,
            GPtrArray  *items)
{
  GListModel *model = G_LIST_MODEL (store);
  guint old_len = g_list_model_get_n_items (model);
  guint new_len = items ? items->len : 0;
  guint head = 0;
  guint tail = 0;

  while (head < old_len && head < new_len)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, head);

      if (item != items->pdata[head])
        break;
      head++;
    }
  while (tail < old_len - head && tail < new_len - head)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, old_len - 1 - tail);

      if (item != items->pdata[new_len - 1 - tail])
        break;
      tail++;
    }

  if (head + tail == old_len && head + tail == new_len)
    return;
  g_list_store_splice (store, head, old_len - head - tail,
                       items ? items->pdata + head : NULL, new_len - head - tail);
}

/* Rebuilds roots and children from the flat list, keeping every store. */
static void
rebuild (ChatroutesBranchTree *self)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  g_autoptr(GPtrArray) roots = g_ptr_array_new ();
  g_autoptr(GHashTable) kids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify) g_ptr_array_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->branches));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (G_LIST_MODEL (self->branches), i);
      ChatroutesBranch *parent = shown_parent (self, branch);

      if (parent == NULL)
        g_ptr_array_add (roots, branch);
      else
        {
          const char *parent_id = chatroutes_branch_get_id (parent);
          GPtrArray *list = g_hash_table_lookup (kids, parent_id);

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (kids, (gpointer) parent_id, list);
            }
          g_ptr_array_add (list, branch);
        }
      children_store (self, chatroutes_branch_get_id (branch));
    }

  store_sync (self->roots, roots);

  g_hash_table_iter_init (&iter, self->children);
  while (g_hash_table_iter_next (&iter, &key, &value))
    store_sync (value, g_hash_table_lookup (kids, key));
}

void
chatroutes_branch_tree_set_branches (ChatroutesBranchTree *self,
                                     GListModel           *branches)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (CHATROUTES_IS_BRANCH_TREE (self));
  g_return_if_fail (G_IS_LIST_MODEL (branches));

  g_hash_table_remove_all (self->by_id);
  n = g_list_model_get_n_items (branches);
  for (guint i = 0; i < n; i++)
    {
      ChatroutesBranch *branch = g_list_model_get_item (branches, i);
      const char *id = chatroutes_branch_get_id (branch);
      ChatroutesBranch *earlier;
      guint position;

      if (id == NULL)
        {
          g_object_unref (branch);
          continue;
        }

      /* A repeated id: the first copy's position, the later copy's fields. */
      earlier = g_hash_table_lookup (self->by_id, id);
      if (earlier != NULL && g_ptr_array_find (items, earlier, &position))
        {
          /* The key belongs to the earlier copy: replace it before that
           * copy goes. */
          g_hash_table_replace (self->by_id, (gpointer) id, branch);
          items->pdata[position] = branch;
          g_object_unref (earlier);
          continue;
        }
      g_hash_table_insert (self->by_id, (gpointer) id, branch);
      g_ptr_array_add (items, branch);
    }

  g_list_store_splice (self->branches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->branches)),
                       items->pdata, items->len);
  rebuild (self);
}

void
chatroutes_branch_tree_add (ChatroutesBranchTree *self,
                            ChatroutesBranch     *branch)
{
  const char *id;
  ChatroutesBranch *old;

  g_return_if_fail (CHATROUTES_IS_BRANCH_TREE (self));
  g_return_if_fail (CHATROUTES_IS_BRANCH (branch));

  id = chatroutes_branch_get_id (branch);
  g_return_if_fail (id != NULL);

  old = g_hash_table_lookup (self->by_id, id);
  if (old != NULL)
    {
      guint position;

      if (g_list_store_find (self->branches, old, &position))
        g_list_store_splice (self->branches, position, 1, (gpointer *) &branch, 1);
    }
  else
    g_list_store_append (self->branches, branch);

  /* Replace the key too: the old one belongs to the old object. */
  g_hash_table_replace (self->by_id, (gpointer) id, branch);
  rebuild (self);
}

gboolean
chatroutes_branch_tree_remove (ChatroutesBranchTree *self,
                               const char           *branch_id)
{
  ChatroutesBranch *branch;
  const char *parent_id;
  guint position;
  guint n;

  g_return_val_if_fail (CHATROUTES_IS_BRANCH_TREE (self), FALSE);

  branch = branch_id ? g_hash_table_lookup (self->by_id, branch_id) : NULL;
  if (branch == NULL)
    return FALSE;

  /* Children are shown under the removed branch's parent. */
  parent_id = chatroutes_branch_get_parent_branch_id (branch);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->branches));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) other = g_list_model_get_item (G_LIST_MODEL (self->branches), i);

      if (g_strcmp0 (chatroutes_branch_get_parent_branch_id (other), branch_id) == 0)
        chatroutes_branch_set_parent_branch_id (other, parent_id);
    }

  g_hash_table_remove (self->by_id, branch_id);
  if (g_list_store_find (self->branches, branch, &position))
    g_list_store_remove (self->branches, position);
  rebuild (self);
  return TRUE;
}

ChatroutesBranch *
chatroutes_branch_tree_lookup (ChatroutesBranchTree *self,
                               const char           *branch_id)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_TREE (self), NULL);

  if (branch_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, branch_id);
}

ChatroutesBranch *
chatroutes_branch_tree_get_main (ChatroutesBranchTree *self)
{
  guint n;
  ChatroutesBranch *first_root = NULL;

  g_return_val_if_fail (CHATROUTES_IS_BRANCH_TREE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->branches));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (G_LIST_MODEL (self->branches), i);

      if (chatroutes_branch_get_is_main (branch))
        return branch;
      if (first_root == NULL && chatroutes_branch_get_parent_branch_id (branch) == NULL)
        first_root = branch;
    }
  return first_root;
}

GListModel *
chatroutes_branch_tree_get_branches (ChatroutesBranchTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_TREE (self), NULL);
  return G_LIST_MODEL (self->branches);
}

GListModel *
chatroutes_branch_tree_get_roots (ChatroutesBranchTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_TREE (self), NULL);
  return G_LIST_MODEL (self->roots);
}

GListModel *
chatroutes_branch_tree_get_children (ChatroutesBranchTree *self,
                                     const char           *branch_id)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_TREE (self), NULL);

  if (branch_id == NULL || !g_hash_table_contains (self->by_id, branch_id))
    return NULL;
  return G_LIST_MODEL (children_store (self, branch_id));
}

GPtrArray *
chatroutes_branch_tree_dup_path (ChatroutesBranchTree *self,
                                 const char           *branch_id)
{
  ChatroutesBranch *branch;
  GPtrArray *path;

  g_return_val_if_fail (CHATROUTES_IS_BRANCH_TREE (self), NULL);

  branch = chatroutes_branch_tree_lookup (self, branch_id);
  if (branch == NULL)
    return NULL;

  path = g_ptr_array_new_with_free_func (g_object_unref);
  for (; branch != NULL; branch = shown_parent (self, branch))
    g_ptr_array_insert (path, 0, g_object_ref (branch));
  return path;
}

guint
chatroutes_branch_tree_get_depth (ChatroutesBranchTree *self,
                                  const char           *branch_id)
{
  ChatroutesBranch *branch;
  guint depth = 0;

  g_return_val_if_fail (CHATROUTES_IS_BRANCH_TREE (self), 0);

  branch = chatroutes_branch_tree_lookup (self, branch_id);
  while (branch && (branch = shown_parent (self, branch)))
    depth++;
  return depth;
}

/* Rebuilding from the message-node shape of the tree endpoint */

typedef struct
{
  ChatroutesTreeNode *node;
  const char *branch_id;  /* the branch this node belongs to */
  const char *parent_node_id;
} NodeVisit;

gboolean
chatroutes_branch_tree_set_from_tree (ChatroutesBranchTree *self,
                                      ChatroutesTree       *tree)
{
  GListModel *branches;
  ChatroutesTreeNode *root;
  g_autoptr(GListStore) rebuilt = NULL;
  g_autoptr(GArray) stack = NULL;
  const char *conversation_id = NULL;
  gboolean any_main = FALSE;

  g_return_val_if_fail (CHATROUTES_IS_BRANCH_TREE (self), FALSE);
  g_return_val_if_fail (CHATROUTES_IS_TREE (tree), FALSE);

  branches = chatroutes_tree_get_branches (tree);
  if (branches != NULL && g_list_model_get_n_items (branches) > 0)
    {
      ChatroutesBranch *main_branch = chatroutes_tree_get_main_branch (tree);
      g_autoptr(GListStore) all = g_list_store_new (CHATROUTES_TYPE_BRANCH);

      /* mainBranch may be given apart from the list. */
      if (main_branch != NULL)
        {
          gboolean listed = FALSE;
          for (guint i = 0; i < g_list_model_get_n_items (branches) && !listed; i++)
            {
              g_autoptr(ChatroutesBranch) b = g_list_model_get_item (branches, i);
              listed = g_strcmp0 (chatroutes_branch_get_id (b), chatroutes_branch_get_id (main_branch)) == 0;
            }
          if (!listed)
            g_list_store_append (all, main_branch);
        }
      for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
        {
          g_autoptr(ChatroutesBranch) b = g_list_model_get_item (branches, i);
          g_list_store_append (all, b);
        }
      chatroutes_branch_tree_set_branches (self, G_LIST_MODEL (all));
      return TRUE;
    }

  root = chatroutes_tree_get_root (tree);
  if (root == NULL)
    {
      ChatroutesBranch *main_branch = chatroutes_tree_get_main_branch (tree);
      g_autoptr(GListStore) only = g_list_store_new (CHATROUTES_TYPE_BRANCH);

      if (main_branch == NULL)
        return FALSE;
      g_list_store_append (only, main_branch);
      chatroutes_branch_tree_set_branches (self, G_LIST_MODEL (only));
      return TRUE;
    }

  if (chatroutes_tree_get_conversation (tree))
    conversation_id = chatroutes_conversation_get_id (chatroutes_tree_get_conversation (tree));

  /* Walk the nodes without recursion; a node with branch info starts a
   * branch that forks from its parent node. */
  rebuilt = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  stack = g_array_new (FALSE, FALSE, sizeof (NodeVisit));
  g_array_append_val (stack, ((NodeVisit) { root, NULL, NULL }));

  while (stack->len > 0)
    {
      NodeVisit visit = g_array_index (stack, NodeVisit, stack->len - 1);
      const char *branch_id = visit.branch_id;
      const char *info_id;
      GListModel *kids;
      guint n;

      g_array_set_size (stack, stack->len - 1);

      info_id = chatroutes_tree_node_get_branch_id (visit.node);
      if (info_id != NULL && g_strcmp0 (info_id, visit.branch_id) != 0)
        {
          g_autoptr(ChatroutesBranch) branch = chatroutes_branch_new ();
          gboolean is_main = chatroutes_tree_node_get_branch_is_main (visit.node);
          const char *parent_id = is_main ? NULL : visit.branch_id;

          chatroutes_branch_set_id (branch, info_id);
          chatroutes_branch_set_conversation_id (branch, conversation_id);
          chatroutes_branch_set_title (branch, chatroutes_tree_node_get_branch_title (visit.node));
          chatroutes_branch_set_is_main (branch, is_main);
          chatroutes_branch_set_is_active (branch, TRUE);
          chatroutes_branch_set_parent_branch_id (branch, parent_id);
          /* Without a parent branch (the top of the tree, or a virtual
           * root holding several first messages) there is no fork point. */
          chatroutes_branch_set_fork_point_message_id (branch, parent_id ? visit.parent_node_id : NULL);
          g_list_store_append (rebuilt, branch);
          any_main |= is_main;
          branch_id = info_id;
        }

      kids = chatroutes_tree_node_get_children (visit.node);
      n = kids ? g_list_model_get_n_items (kids) : 0;
      /* Push in reverse so children are visited in order. */
      for (guint i = n; i > 0; i--)
        {
          ChatroutesTreeNode *child = g_list_model_get_item (kids, i - 1);
          NodeVisit next = { child, branch_id, chatroutes_tree_node_get_id (visit.node) };
          g_array_append_val (stack, next);
          g_object_unref (child); /* still held by the node's children */
        }
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (rebuilt)) == 0)
    return FALSE;

  /* A server that does not say which branch is main: the first one, which
   * starts at the top of the tree. */
  if (!any_main)
    {
      g_autoptr(ChatroutesBranch) first = g_list_model_get_item (G_LIST_MODEL (rebuilt), 0);

      chatroutes_branch_set_is_main (first, TRUE);
    }

  chatroutes_branch_tree_set_branches (self, G_LIST_MODEL (rebuilt));
  return TRUE;
}

/* Loading */

static void
branches_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  ChatroutesBranchTree *self = g_task_get_source_object (task);
  g_autoptr(GListModel) branches = NULL;
  GError *error = NULL;

  branches = chatroutes_service_list_branches_finish (CHATROUTES_SERVICE (object), result, &error);
  if (branches == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  chatroutes_branch_tree_set_branches (self, branches);
  g_task_return_boolean (task, TRUE);
}

void
chatroutes_branch_tree_load_async (ChatroutesBranchTree *self,
                                   ChatroutesService    *service,
                                   const char           *conversation_id,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (CHATROUTES_IS_BRANCH_TREE (self));
  g_return_if_fail (CHATROUTES_IS_SERVICE (service));
  g_return_if_fail (conversation_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chatroutes_branch_tree_load_async);
  chatroutes_service_list_branches_async (service, conversation_id, cancellable,
                                          branches_loaded_cb, task);
}

gboolean
chatroutes_branch_tree_load_finish (ChatroutesBranchTree  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
