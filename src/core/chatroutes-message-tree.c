/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include "chatroutes-message-tree.h"

#define NONE CHATROUTES_MESSAGE_TREE_NONE

/* A message as it came in, before parents are resolved. */
typedef struct
{
  char *id;
  char *role;
  char *content;
  char *branch_id;
  char *parent_id;            /* the parent the message names */
  char *fallback_parent_id;   /* used when that one is unknown */
  ChatroutesMessage *message;
} Intake;

typedef struct
{
  char *id;
  char *role;
  char *content;
  char *branch_id;
  ChatroutesMessage *message;
  guint parent;
  guint children;     /* offset into self->children */
  guint n_children;
  guint depth;
  guint lane;
  guint lane_start : 1;
} Node;

struct _ChatroutesMessageTree
{
  GObject parent_instance;

  GArray *nodes;          /* Node, depth-first order */
  guint *children;        /* every node's children, one run per node */
  GHashTable *by_id;      /* id → index + 1 */
  guint *rows;            /* node indices by row, then by lane */
  guint *row_offsets;     /* n_rows + 1 entries */
  guint n_rows;
  guint n_lanes;

  GListStore *branches;
  GHashTable *branch_by_id; /* id → ChatroutesBranch (borrowed) */
};

G_DEFINE_FINAL_TYPE (ChatroutesMessageTree, chatroutes_message_tree, G_TYPE_OBJECT)

static void
intake_clear (gpointer data)
{
  Intake *intake = data;

  g_free (intake->id);
  g_free (intake->role);
  g_free (intake->content);
  g_free (intake->branch_id);
  g_free (intake->parent_id);
  g_free (intake->fallback_parent_id);
  g_clear_object (&intake->message);
}

static void
node_clear (gpointer data)
{
  Node *node = data;

  g_free (node->id);
  g_free (node->role);
  g_free (node->content);
  g_free (node->branch_id);
  g_clear_object (&node->message);
}

static void
chatroutes_message_tree_finalize (GObject *object)
{
  ChatroutesMessageTree *self = (ChatroutesMessageTree *)object;

  g_clear_pointer (&self->nodes, g_array_unref);
  g_clear_pointer (&self->children, g_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->row_offsets, g_free);
  g_clear_pointer (&self->branch_by_id, g_hash_table_unref);
  g_clear_object (&self->branches);

  G_OBJECT_CLASS (chatroutes_message_tree_parent_class)->finalize (object);
}

static void
chatroutes_message_tree_class_init (ChatroutesMessageTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_message_tree_finalize;
}

static void
chatroutes_message_tree_init (ChatroutesMessageTree *self)
{
  self->nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  g_array_set_clear_func (self->nodes, node_clear);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  self->branch_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->row_offsets = g_new0 (guint, 1);
}

ChatroutesMessageTree *
chatroutes_message_tree_new (void)
{
  return g_object_new (CHATROUTES_TYPE_MESSAGE_TREE, NULL);
}

static void
clear_nodes (ChatroutesMessageTree *self)
{
  g_hash_table_remove_all (self->by_id);
  g_array_set_size (self->nodes, 0);
  g_clear_pointer (&self->children, g_free);
  g_clear_pointer (&self->rows, g_free);
  g_free (self->row_offsets);
  self->row_offsets = g_new0 (guint, 1);
  self->n_rows = 0;
  self->n_lanes = 0;
}

static void
clear_branches (ChatroutesMessageTree *self)
{
  g_hash_table_remove_all (self->branch_by_id);
  g_list_store_remove_all (self->branches);
}

void
chatroutes_message_tree_clear (ChatroutesMessageTree *self)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE_TREE (self));

  clear_nodes (self);
  clear_branches (self);
}

static void
add_branch (ChatroutesMessageTree *self,
            ChatroutesBranch      *branch)
{
  const char *id = chatroutes_branch_get_id (branch);

  if (id == NULL || g_hash_table_contains (self->branch_by_id, id))
    return;
  g_list_store_append (self->branches, branch);
  g_hash_table_insert (self->branch_by_id, (gpointer) id, branch);
}

/* Building {{{ */

typedef struct
{
  guint node;
  guint start_row;
  guint end_row;
} Lane;

static int
compare_lanes (gconstpointer a,
               gconstpointer b)
{
  const Lane *la = a;
  const Lane *lb = b;

  if (la->start_row != lb->start_row)
    return la->start_row < lb->start_row ? -1 : 1;
  return la->node < lb->node ? -1 : (la->node > lb->node ? 1 : 0);
}

static int
compare_by_lane (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  GArray *nodes = data;
  guint la = g_array_index (nodes, Node, *(const guint *) a).lane;
  guint lb = g_array_index (nodes, Node, *(const guint *) b).lane;

  return la < lb ? -1 : (la > lb ? 1 : 0);
}

/* The child of @node that carries on its lane: the first on the same
 * branch, or NONE. */
static guint
continuation (ChatroutesMessageTree *self,
              guint                  index)
{
  Node *node = &g_array_index (self->nodes, Node, index);

  for (guint i = 0; i < node->n_children; i++)
    {
      guint child = self->children[node->children + i];

      if (g_strcmp0 (g_array_index (self->nodes, Node, child).branch_id, node->branch_id) == 0)
        return child;
    }
  return NONE;
}

static void
lay_out (ChatroutesMessageTree *self)
{
  guint n = self->nodes->len;
  g_autoptr(GArray) lanes = g_array_new (FALSE, FALSE, sizeof (Lane));
  g_autoptr(GArray) lane_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *fill = NULL;

  /* Chains: a node starts one unless it carries on its parent's. */
  for (guint i = 0; i < n; i++)
    {
      Node *node = &g_array_index (self->nodes, Node, i);
      gboolean starts = node->parent == NONE || continuation (self, node->parent) != i;

      node->lane_start = starts;
      if (starts)
        {
          Lane lane = { i, node->parent == NONE ? node->depth : node->depth - 1, node->depth };
          guint last = i;
          guint next;

          while ((next = continuation (self, last)) != NONE)
            last = next;
          lane.end_row = g_array_index (self->nodes, Node, last).depth;
          g_array_append_val (lanes, lane);
        }
    }

  /* Interval colouring: each chain takes the lowest lane free on its rows,
   * taking chains by their first row. */
  g_array_sort (lanes, compare_lanes);
  for (guint l = 0; l < lanes->len; l++)
    {
      Lane *lane = &g_array_index (lanes, Lane, l);
      guint column = NONE;
      guint index;

      for (guint c = 0; c < lane_ends->len && column == NONE; c++)
        if (g_array_index (lane_ends, guint, c) < lane->start_row)
          column = c;
      if (column == NONE)
        {
          column = lane_ends->len;
          g_array_set_size (lane_ends, lane_ends->len + 1);
        }
      g_array_index (lane_ends, guint, column) = lane->end_row;

      for (index = lane->node; index != NONE; index = continuation (self, index))
        g_array_index (self->nodes, Node, index).lane = column;
    }
  self->n_lanes = lane_ends->len;

  /* Rows: nodes by depth, then by lane. */
  self->n_rows = 0;
  for (guint i = 0; i < n; i++)
    self->n_rows = MAX (self->n_rows, g_array_index (self->nodes, Node, i).depth + 1);

  g_free (self->row_offsets);
  self->row_offsets = g_new0 (guint, self->n_rows + 1);
  for (guint i = 0; i < n; i++)
    self->row_offsets[g_array_index (self->nodes, Node, i).depth + 1]++;
  for (guint r = 0; r < self->n_rows; r++)
    self->row_offsets[r + 1] += self->row_offsets[r];

  g_free (self->rows);
  self->rows = g_new (guint, MAX (n, 1));
  fill = g_memdup2 (self->row_offsets, sizeof (guint) * (self->n_rows + 1));
  for (guint i = 0; i < n; i++)
    self->rows[fill[g_array_index (self->nodes, Node, i).depth]++] = i;
  for (guint r = 0; r < self->n_rows; r++)
    g_sort_array (self->rows + self->row_offsets[r],
                  self->row_offsets[r + 1] - self->row_offsets[r],
                  sizeof (guint), compare_by_lane, self->nodes);
}

/* Resolves parents, cuts loops and numbers the nodes depth first.
 * Consumes @intake. */
static void
build (ChatroutesMessageTree *self,
       GArray                *intake)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *parent = NULL;
  g_autofree guint8 *state = NULL;
  g_autofree guint *first_child = NULL;
  g_autofree guint *n_children = NULL;
  g_autofree guint *child_list = NULL;
  g_autofree guint *fill = NULL;
  g_autofree guint *order = NULL;
  g_autofree guint *new_index = NULL;
  g_autoptr(GArray) stack = NULL;
  guint n;
  guint placed = 0;

  clear_nodes (self);

  /* Each id once: the first occurrence wins. */
  for (guint i = 0; i < intake->len; i++)
    {
      Intake *in = &g_array_index (intake, Intake, i);

      if (in->id == NULL || g_hash_table_contains (index_of, in->id))
        continue;
      g_hash_table_insert (index_of, in->id, GUINT_TO_POINTER (kept->len + 1));
      g_array_append_val (kept, i);
    }
  n = kept->len;

  parent = g_new (guint, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    {
      Intake *in = &g_array_index (intake, Intake, g_array_index (kept, guint, k));
      guint p = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, in->parent_id ? in->parent_id : ""));

      if (p == 0 || p - 1 == k)
        p = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, in->fallback_parent_id ? in->fallback_parent_id : ""));
      parent[k] = (p == 0 || p - 1 == k) ? NONE : p - 1;
    }

  /* Cut parent loops: walk up from each node; meeting a node of the same
   * walk again closes a loop, which the last node of the walk breaks by
   * becoming a root. */
  state = g_new0 (guint8, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    {
      guint j = k;
      guint last = NONE;

      while (j != NONE && state[j] == 0)
        {
          state[j] = 1;
          last = j;
          j = parent[j];
        }
      if (j != NONE && state[j] == 1)
        parent[last] = NONE;
      for (j = k; j != NONE && state[j] == 1; j = parent[j])
        state[j] = 2;
    }

  /* Children, in the order they came. */
  n_children = g_new0 (guint, MAX (n, 1));
  first_child = g_new0 (guint, n + 1);
  for (guint k = 0; k < n; k++)
    if (parent[k] != NONE)
      n_children[parent[k]]++;
  for (guint k = 0; k < n; k++)
    first_child[k + 1] = first_child[k] + n_children[k];
  child_list = g_new (guint, MAX (n, 1));
  fill = g_memdup2 (first_child, sizeof (guint) * (n + 1));
  for (guint k = 0; k < n; k++)
    if (parent[k] != NONE)
      child_list[fill[parent[k]]++] = k;

  /* Depth-first numbering, without recursion. */
  order = g_new (guint, MAX (n, 1));
  new_index = g_new (guint, MAX (n, 1));
  stack = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint root = n; root > 0; root--)
    if (parent[root - 1] == NONE)
      g_array_append_val (stack, (guint) { root - 1 });
  while (stack->len > 0)
    {
      guint k = g_array_index (stack, guint, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);
      new_index[k] = placed;
      order[placed++] = k;
      for (guint c = first_child[k + 1]; c > first_child[k]; c--)
        g_array_append_val (stack, child_list[c - 1]);
    }
  g_assert (placed == n);

  g_array_set_size (self->nodes, n);
  self->children = g_new (guint, MAX (n, 1));
  placed = 0;
  for (guint i = 0; i < n; i++)
    {
      guint k = order[i];
      Intake *in = &g_array_index (intake, Intake, g_array_index (kept, guint, k));
      Node *node = &g_array_index (self->nodes, Node, i);

      node->id = g_steal_pointer (&in->id);
      node->role = g_steal_pointer (&in->role);
      node->content = g_steal_pointer (&in->content);
      node->branch_id = g_steal_pointer (&in->branch_id);
      node->message = g_steal_pointer (&in->message);
      node->parent = parent[k] == NONE ? NONE : new_index[parent[k]];
      node->depth = node->parent == NONE ? 0 : g_array_index (self->nodes, Node, node->parent).depth + 1;
      node->children = placed;
      node->n_children = n_children[k];
      for (guint c = first_child[k]; c < first_child[k + 1]; c++)
        self->children[placed++] = new_index[child_list[c]];
      g_hash_table_insert (self->by_id, node->id, GUINT_TO_POINTER (i + 1));
    }

  lay_out (self);
}

static GArray *
intake_new (void)
{
  GArray *intake = g_array_new (FALSE, TRUE, sizeof (Intake));

  g_array_set_clear_func (intake, intake_clear);
  return intake;
}

/* }}} */

/* Shape (a) {{{ */

typedef struct
{
  ChatroutesTreeNode *node;
  const char *parent_id;
  const char *branch_id;
} Visit;

static gboolean
is_virtual_root (ChatroutesTreeNode     *root,
                 ChatroutesConversation *conversation)
{
  const char *content = chatroutes_tree_node_get_content (root);

  /* The service holds several first messages under a node named after the
   * conversation, which is no message. */
  if (conversation != NULL &&
      g_strcmp0 (chatroutes_tree_node_get_id (root), chatroutes_conversation_get_id (conversation)) == 0)
    return TRUE;
  return (content == NULL || *content == '\0') &&
         chatroutes_tree_node_get_branch_id (root) == NULL &&
         g_strcmp0 (chatroutes_tree_node_get_role (root), "system") == 0 &&
         g_list_model_get_n_items (chatroutes_tree_node_get_children (root)) > 1;
}

static void
add_tree_branches (ChatroutesMessageTree *self,
                   ChatroutesTree        *tree)
{
  ChatroutesBranch *main_branch = chatroutes_tree_get_main_branch (tree);
  GListModel *branches = chatroutes_tree_get_branches (tree);

  if (main_branch != NULL)
    add_branch (self, main_branch);
  for (guint i = 0; branches && i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);
      add_branch (self, branch);
    }
}

static void
push_children (GArray             *stack,
               ChatroutesTreeNode *node,
               const char         *parent_id,
               const char         *branch_id)
{
  GListModel *kids = chatroutes_tree_node_get_children (node);
  guint n = kids ? g_list_model_get_n_items (kids) : 0;

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(ChatroutesTreeNode) child = g_list_model_get_item (kids, i - 1);
      Visit visit = { child, parent_id, branch_id };

      /* Still held by @node's children. */
      g_array_append_val (stack, visit);
    }
}

gboolean
chatroutes_message_tree_set_from_tree (ChatroutesMessageTree *self,
                                       ChatroutesTree        *tree)
{
  ChatroutesTreeNode *root;
  ChatroutesConversation *conversation;
  const char *conversation_id = NULL;
  g_autoptr(GArray) intake = NULL;
  g_autoptr(GArray) stack = NULL;

  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), FALSE);
  g_return_val_if_fail (CHATROUTES_IS_TREE (tree), FALSE);

  root = chatroutes_tree_get_root (tree);
  conversation = chatroutes_tree_get_conversation (tree);
  if (conversation != NULL)
    conversation_id = chatroutes_conversation_get_id (conversation);

  if (root == NULL)
    {
      GListModel *branches = chatroutes_tree_get_branches (tree);

      chatroutes_message_tree_clear (self);
      /* Shape (b) names branches but no messages. */
      if (chatroutes_tree_get_main_branch (tree) != NULL ||
          (branches != NULL && g_list_model_get_n_items (branches) > 0))
        return FALSE;
      return TRUE;
    }

  clear_branches (self);
  add_tree_branches (self, tree);

  intake = intake_new ();
  stack = g_array_new (FALSE, FALSE, sizeof (Visit));
  if (is_virtual_root (root, conversation))
    push_children (stack, root, NULL, NULL);
  else
    g_array_append_val (stack, ((Visit) { root, NULL, NULL }));

  while (stack->len > 0)
    {
      Visit visit = g_array_index (stack, Visit, stack->len - 1);
      const char *info_id = chatroutes_tree_node_get_branch_id (visit.node);
      const char *branch_id = visit.branch_id;
      Intake in = { 0 };

      g_array_set_size (stack, stack->len - 1);

      if (info_id != NULL)
        {
          if (!g_hash_table_contains (self->branch_by_id, info_id))
            {
              g_autoptr(ChatroutesBranch) branch = chatroutes_branch_new ();
              gboolean is_main = chatroutes_tree_node_get_branch_is_main (visit.node);

              chatroutes_branch_set_id (branch, info_id);
              chatroutes_branch_set_conversation_id (branch, conversation_id);
              chatroutes_branch_set_title (branch, chatroutes_tree_node_get_branch_title (visit.node));
              chatroutes_branch_set_is_main (branch, is_main);
              if (!is_main && branch_id != NULL)
                {
                  chatroutes_branch_set_parent_branch_id (branch, branch_id);
                  chatroutes_branch_set_fork_point_message_id (branch, visit.parent_id);
                }
              add_branch (self, branch);
            }
          branch_id = chatroutes_branch_get_id (g_hash_table_lookup (self->branch_by_id, info_id));
        }

      in.id = g_strdup (chatroutes_tree_node_get_id (visit.node));
      in.role = g_strdup (chatroutes_tree_node_get_role (visit.node));
      in.content = g_strdup (chatroutes_tree_node_get_content (visit.node));
      in.branch_id = g_strdup (branch_id);
      in.parent_id = g_strdup (visit.parent_id);
      g_array_append_val (intake, in);

      push_children (stack, visit.node, chatroutes_tree_node_get_id (visit.node), branch_id);
    }

  build (self, intake);
  return TRUE;
}

/* }}} */

/* From branches {{{ */

static guint
branch_depth (GHashTable       *by_id,
              ChatroutesBranch *branch,
              guint             limit)
{
  guint depth = 0;

  while ((branch = g_hash_table_lookup (by_id, chatroutes_branch_get_parent_branch_id (branch) ?: "")))
    {
      /* A parent loop: treat the branch as a root. */
      if (++depth > limit)
        return 0;
    }
  return depth;
}

typedef struct
{
  ChatroutesBranch *branch;
  guint depth;
  guint position;
} BranchOrder;

static int
compare_branch_order (gconstpointer a,
                      gconstpointer b)
{
  const BranchOrder *oa = a;
  const BranchOrder *ob = b;

  /* The main branch first, then parents before their children. */
  if (chatroutes_branch_get_is_main (oa->branch) != chatroutes_branch_get_is_main (ob->branch))
    return chatroutes_branch_get_is_main (oa->branch) ? -1 : 1;
  if (oa->depth != ob->depth)
    return oa->depth < ob->depth ? -1 : 1;
  return oa->position < ob->position ? -1 : (oa->position > ob->position ? 1 : 0);
}

static void
take_messages (GArray     *intake,
               GListModel *messages,
               const char *branch_id,
               const char *fork_point_id)
{
  const char *previous = fork_point_id;
  guint n = messages ? g_list_model_get_n_items (messages) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesMessage) message = g_list_model_get_item (messages, i);
      const char *own_branch = chatroutes_message_get_branch_id (message);
      Intake in = { 0 };

      if (chatroutes_message_get_id (message) == NULL)
        continue;

      in.id = g_strdup (chatroutes_message_get_id (message));
      in.role = g_strdup (chatroutes_message_get_role (message));
      /* The content stays in the message: replies can be long. */
      in.branch_id = g_strdup (own_branch ? own_branch : branch_id);
      in.parent_id = g_strdup (chatroutes_message_get_parent_message_id (message));
      in.fallback_parent_id = g_strdup (previous);
      in.message = g_object_ref (message);
      g_array_append_val (intake, in);
      previous = chatroutes_message_get_id (message);
    }
}

void
chatroutes_message_tree_set_from_branches (ChatroutesMessageTree *self,
                                           GListModel            *branches,
                                           GHashTable            *messages)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (BranchOrder));
  g_autoptr(GArray) intake = intake_new ();
  guint n;

  g_return_if_fail (CHATROUTES_IS_MESSAGE_TREE (self));
  g_return_if_fail (G_IS_LIST_MODEL (branches));

  clear_branches (self);
  n = g_list_model_get_n_items (branches);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);

      add_branch (self, branch);
      if (chatroutes_branch_get_id (branch) != NULL)
        g_hash_table_insert (by_id, (gpointer) chatroutes_branch_get_id (branch), branch);
    }

  /* Only the branches kept (each id once), in the store's order. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->branches));
  for (guint i = 0; i < n; i++)
    {
      ChatroutesBranch *branch = g_list_model_get_item (G_LIST_MODEL (self->branches), i);
      BranchOrder entry = { branch, branch_depth (by_id, branch, n), i };

      g_object_unref (branch); /* held by the store */
      g_array_append_val (order, entry);
    }
  g_array_sort (order, compare_branch_order);

  for (guint i = 0; i < order->len; i++)
    {
      ChatroutesBranch *branch = g_array_index (order, BranchOrder, i).branch;
      const char *id = chatroutes_branch_get_id (branch);

      take_messages (intake, messages ? g_hash_table_lookup (messages, id) : NULL,
                     id, chatroutes_branch_get_fork_point_message_id (branch));
    }

  build (self, intake);
}

/* }}} */

/* Loading {{{ */

typedef struct
{
  ChatroutesService *service;
  char *conversation_id;
  GListModel *branches;
  GHashTable *messages;   /* branch id → GListModel */
  guint pending;
  GError *error;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_clear_object (&load->service);
  g_free (load->conversation_id);
  g_clear_object (&load->branches);
  g_clear_pointer (&load->messages, g_hash_table_unref);
  g_clear_error (&load->error);
  g_free (load);
}

/* Drops one pending fetch (and @task); the last builds the tree. */
static void
finish_fetch (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  if (--load->pending == 0)
    {
      if (load->error != NULL)
        g_task_return_error (task, g_steal_pointer (&load->error));
      else
        {
          ChatroutesMessageTree *self = g_task_get_source_object (task);

          chatroutes_message_tree_set_from_branches (self, load->branches, load->messages);
          g_task_return_boolean (task, TRUE);
        }
    }
  g_object_unref (task);
}

typedef struct
{
  GTask *task;
  char *branch_id;
} BranchFetch;

static void
branch_messages_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  BranchFetch *fetch = data;
  g_autoptr(GTask) task = g_steal_pointer (&fetch->task);
  g_autofree char *branch_id = g_steal_pointer (&fetch->branch_id);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GListModel *messages;

  g_free (fetch);

  messages = chatroutes_service_list_branch_messages_finish (CHATROUTES_SERVICE (object), result, &error);
  if (messages == NULL && load->error == NULL)
    load->error = g_steal_pointer (&error);
  else if (messages != NULL)
    g_hash_table_replace (load->messages, g_steal_pointer (&branch_id), messages);

  finish_fetch (g_steal_pointer (&task));
}

static void
fetch_messages (GTask      *task,
                GListModel *branches)
{
  Load *load = g_task_get_task_data (task);
  guint n = g_list_model_get_n_items (branches);

  g_set_object (&load->branches, branches);
  load->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  /* One more than the fetches, dropped at the end, so that nothing can
   * finish the task while fetches are still being started. */
  load->pending = 1;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);
      BranchFetch *fetch;

      if (chatroutes_branch_get_id (branch) == NULL)
        continue;
      load->pending++;
      fetch = g_new0 (BranchFetch, 1);

      fetch->task = g_object_ref (task);
      fetch->branch_id = g_strdup (chatroutes_branch_get_id (branch));
      chatroutes_service_list_branch_messages_async (load->service, load->conversation_id,
                                                     fetch->branch_id,
                                                     g_task_get_cancellable (task),
                                                     branch_messages_cb, fetch);
    }
  finish_fetch (task);
}

static void
branches_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  GTask *task = data;
  g_autoptr(GListModel) branches = NULL;
  GError *error = NULL;

  branches = chatroutes_service_list_branches_finish (CHATROUTES_SERVICE (object), result, &error);
  if (branches == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  fetch_messages (task, branches);
}

static void
tree_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  ChatroutesMessageTree *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(ChatroutesTree) tree = NULL;
  g_autoptr(GError) error = NULL;

  tree = chatroutes_service_get_tree_finish (CHATROUTES_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (tree != NULL && chatroutes_message_tree_set_from_tree (self, tree))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  if (error != NULL)
    g_debug ("Rebuilding the tree of %s from its branches: %s", load->conversation_id, error->message);

  /* Shape (b): the branches are here, the messages are not. */
  if (tree != NULL)
    {
      g_autoptr(GListStore) all = g_list_store_new (CHATROUTES_TYPE_BRANCH);
      ChatroutesBranch *main_branch = chatroutes_tree_get_main_branch (tree);
      GListModel *branches = chatroutes_tree_get_branches (tree);
      guint n = branches ? g_list_model_get_n_items (branches) : 0;
      gboolean listed = FALSE;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);

          listed |= main_branch != NULL &&
                    g_strcmp0 (chatroutes_branch_get_id (branch), chatroutes_branch_get_id (main_branch)) == 0;
          g_list_store_append (all, branch);
        }
      if (main_branch != NULL && !listed)
        g_list_store_insert (all, 0, main_branch);
      if (g_list_model_get_n_items (G_LIST_MODEL (all)) > 0)
        {
          fetch_messages (task, G_LIST_MODEL (all));
          return;
        }
    }

  chatroutes_service_list_branches_async (load->service, load->conversation_id,
                                          g_task_get_cancellable (task), branches_cb, task);
}

void
chatroutes_message_tree_load_async (ChatroutesMessageTree *self,
                                    ChatroutesService     *service,
                                    const char            *conversation_id,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  GTask *task;
  Load *load;

  g_return_if_fail (CHATROUTES_IS_MESSAGE_TREE (self));
  g_return_if_fail (CHATROUTES_IS_SERVICE (service));
  g_return_if_fail (conversation_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, chatroutes_message_tree_load_async);
  load = g_new0 (Load, 1);
  load->service = g_object_ref (service);
  load->conversation_id = g_strdup (conversation_id);
  g_task_set_task_data (task, load, load_free);

  chatroutes_service_get_tree_async (service, conversation_id, cancellable, tree_cb, task);
}

gboolean
chatroutes_message_tree_load_finish (ChatroutesMessageTree *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */

/* Reading {{{ */

static inline Node *
get_node (ChatroutesMessageTree *self,
          guint                  node)
{
  return &g_array_index (self->nodes, Node, node);
}

#define CHECK_NODE(self, node, val) \
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), val); \
  g_return_val_if_fail ((node) < (self)->nodes->len, val)

guint
chatroutes_message_tree_get_n_nodes (ChatroutesMessageTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), 0);
  return self->nodes->len;
}

guint
chatroutes_message_tree_lookup (ChatroutesMessageTree *self,
                                const char            *message_id)
{
  guint index;

  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), NONE);

  if (message_id == NULL)
    return NONE;
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, message_id));
  return index == 0 ? NONE : index - 1;
}

const char *
chatroutes_message_tree_get_id (ChatroutesMessageTree *self,
                                guint                  node)
{
  CHECK_NODE (self, node, NULL);
  return get_node (self, node)->id;
}

const char *
chatroutes_message_tree_get_role (ChatroutesMessageTree *self,
                                  guint                  node)
{
  CHECK_NODE (self, node, NULL);
  return get_node (self, node)->role;
}

const char *
chatroutes_message_tree_get_content (ChatroutesMessageTree *self,
                                     guint                  node)
{
  Node *n;

  CHECK_NODE (self, node, NULL);
  n = get_node (self, node);
  return n->message ? chatroutes_message_get_content (n->message) : n->content;
}

const char *
chatroutes_message_tree_get_branch_id (ChatroutesMessageTree *self,
                                       guint                  node)
{
  CHECK_NODE (self, node, NULL);
  return get_node (self, node)->branch_id;
}

ChatroutesMessage *
chatroutes_message_tree_get_message (ChatroutesMessageTree *self,
                                     guint                  node)
{
  CHECK_NODE (self, node, NULL);
  return get_node (self, node)->message;
}

guint
chatroutes_message_tree_get_parent (ChatroutesMessageTree *self,
                                    guint                  node)
{
  CHECK_NODE (self, node, NONE);
  return get_node (self, node)->parent;
}

guint
chatroutes_message_tree_get_n_children (ChatroutesMessageTree *self,
                                        guint                  node)
{
  CHECK_NODE (self, node, 0);
  return get_node (self, node)->n_children;
}

guint
chatroutes_message_tree_get_child (ChatroutesMessageTree *self,
                                   guint                  node,
                                   guint                  index)
{
  Node *n;

  CHECK_NODE (self, node, NONE);
  n = get_node (self, node);
  g_return_val_if_fail (index < n->n_children, NONE);
  return self->children[n->children + index];
}

guint
chatroutes_message_tree_get_depth (ChatroutesMessageTree *self,
                                   guint                  node)
{
  CHECK_NODE (self, node, 0);
  return get_node (self, node)->depth;
}

guint
chatroutes_message_tree_get_n_rows (ChatroutesMessageTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), 0);
  return self->n_rows;
}

guint
chatroutes_message_tree_common_ancestor (ChatroutesMessageTree *self,
                                         guint                  a,
                                         guint                  b)
{
  CHECK_NODE (self, a, NONE);
  CHECK_NODE (self, b, NONE);

  while (a != b && a != NONE && b != NONE)
    {
      if (get_node (self, a)->depth >= get_node (self, b)->depth)
        a = get_node (self, a)->parent;
      else
        b = get_node (self, b)->parent;
    }
  return a == b ? a : NONE;
}

guint
chatroutes_message_tree_get_n_lanes (ChatroutesMessageTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), 0);
  return self->n_lanes;
}

guint
chatroutes_message_tree_get_lane (ChatroutesMessageTree *self,
                                  guint                  node)
{
  CHECK_NODE (self, node, 0);
  return get_node (self, node)->lane;
}

gboolean
chatroutes_message_tree_starts_lane (ChatroutesMessageTree *self,
                                     guint                  node)
{
  CHECK_NODE (self, node, FALSE);
  return get_node (self, node)->lane_start;
}

const guint *
chatroutes_message_tree_get_row (ChatroutesMessageTree *self,
                                 guint                  row,
                                 guint                 *n_nodes)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), NULL);
  g_return_val_if_fail (n_nodes != NULL, NULL);

  if (row >= self->n_rows)
    {
      *n_nodes = 0;
      return NULL;
    }
  *n_nodes = self->row_offsets[row + 1] - self->row_offsets[row];
  return self->rows + self->row_offsets[row];
}

GListModel *
chatroutes_message_tree_get_branches (ChatroutesMessageTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), NULL);
  return G_LIST_MODEL (self->branches);
}

ChatroutesBranch *
chatroutes_message_tree_lookup_branch (ChatroutesMessageTree *self,
                                       const char            *branch_id)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE_TREE (self), NULL);

  if (branch_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->branch_by_id, branch_id);
}

const char *
chatroutes_message_tree_get_branch_title (ChatroutesMessageTree *self,
                                          const char            *branch_id)
{
  ChatroutesBranch *branch = chatroutes_message_tree_lookup_branch (self, branch_id);

  return branch ? chatroutes_branch_get_title (branch) : NULL;
}

/* }}} */
