/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-simulator"

#include "config.h"

#include <string.h>

#include "sim-json.h"
#include "sim-model.h"
#include "sim-state.h"

#define STATE_FORMAT  "chatroutes-simulator-state"
#define STATE_VERSION 1

/* Freeing */

static void
sim_message_free (SimMessage *message)
{
  g_free (message->id);
  g_free (message->role);
  g_free (message->content);
  g_free (message->model);
  g_free (message->parent_message_id);
  g_free (message->created_at);
  g_free (message->updated_at);
  g_free (message->content_hash);
  g_clear_pointer (&message->metadata, json_object_unref);
  g_clear_pointer (&message->versions, g_ptr_array_unref);
  g_free (message);
}

static void
sim_branch_free (SimBranch *branch)
{
  g_free (branch->id);
  g_free (branch->parent_branch_id);
  g_free (branch->fork_point_message_id);
  g_free (branch->title);
  g_free (branch->description);
  g_free (branch->context_mode);
  g_free (branch->created_at);
  g_free (branch->updated_at);
  g_clear_pointer (&branch->messages, g_ptr_array_unref);
  g_free (branch);
}

static void
sim_checkpoint_free (SimCheckpoint *checkpoint)
{
  g_free (checkpoint->id);
  g_free (checkpoint->branch_id);
  g_free (checkpoint->anchor_message_id);
  g_free (checkpoint->summary);
  g_free (checkpoint->created_at);
  g_free (checkpoint);
}

static void
sim_conversation_free (SimConversation *conversation)
{
  g_free (conversation->id);
  g_free (conversation->user_id);
  g_free (conversation->title);
  g_free (conversation->model);
  g_free (conversation->created_at);
  g_free (conversation->updated_at);
  g_clear_pointer (&conversation->branches, g_ptr_array_unref);
  g_clear_pointer (&conversation->checkpoints, g_ptr_array_unref);
  g_free (conversation);
}

SimState *
sim_state_new (void)
{
  SimState *state = g_new0 (SimState, 1);

  state->conversations = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_conversation_free);
  state->conversation_index = g_hash_table_new (g_str_hash, g_str_equal);
  state->branch_index = g_hash_table_new (g_str_hash, g_str_equal);
  state->message_index = g_hash_table_new (g_str_hash, g_str_equal);
  state->checkpoint_index = g_hash_table_new (g_str_hash, g_str_equal);
  state->user_created_at = g_strdup ("2025-01-15T09:30:00.000Z");

  return state;
}

void
sim_state_clear (SimState *state)
{
  /* The indexes borrow their keys from the objects: empty them first. */
  g_hash_table_remove_all (state->conversation_index);
  g_hash_table_remove_all (state->branch_index);
  g_hash_table_remove_all (state->message_index);
  g_hash_table_remove_all (state->checkpoint_index);
  g_ptr_array_set_size (state->conversations, 0);
}

void
sim_state_free (SimState *state)
{
  if (state == NULL)
    return;

  sim_state_clear (state);
  g_hash_table_unref (state->conversation_index);
  g_hash_table_unref (state->branch_index);
  g_hash_table_unref (state->message_index);
  g_hash_table_unref (state->checkpoint_index);
  g_ptr_array_unref (state->conversations);
  g_free (state->user_created_at);
  g_free (state);
}

/* Ids and time */

static gboolean
id_in_use (SimState   *state,
           const char *id)
{
  return g_hash_table_contains (state->conversation_index, id) ||
         g_hash_table_contains (state->branch_index, id) ||
         g_hash_table_contains (state->message_index, id) ||
         g_hash_table_contains (state->checkpoint_index, id);
}

char *
sim_state_new_id (SimState   *state,
                  const char *prefix)
{
  for (;;)
    {
      guint64 z = ++state->id_counter * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      char *id;

      /* A bijective mix of the counter: unique, but opaque-looking. */
      z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
      z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
      z ^= z >> 31;

      id = g_strdup_printf ("%s_%016" G_GINT64_MODIFIER "x", prefix, z);
      if (!id_in_use (state, id))
        return id;
      g_free (id);
    }
}

char *
sim_format_time (gint64 unix_ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_ms / 1000);
  g_autofree char *base = NULL;

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00.000Z");

  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", base, (int) (unix_ms % 1000));
}

/* Timestamps never repeat or go backwards, so that ordering by createdAt
 * is always well defined. */
char *
sim_state_now (SimState *state)
{
  gint64 now = g_get_real_time () / 1000;

  if (now <= state->last_time_ms)
    now = state->last_time_ms + 1;
  state->last_time_ms = now;

  return sim_format_time (now);
}

/* Hashing */

char *
sim_content_hash (const char *role,
                  const char *content,
                  const char *model,
                  const char *parent_message_id,
                  const char *branch_id,
                  const char *created_at)
{
  g_autoptr(GString) input = g_string_sized_new (strlen (content) + 160);

  g_string_append (input, "{\"v\":1");
  sim_json_kv_string (input, "role", role);
  sim_json_kv_string (input, "content", content);
  sim_json_kv_string (input, "model", model);
  sim_json_kv_string (input, "parentMessageId", parent_message_id);
  sim_json_kv_string (input, "branchId", branch_id);
  sim_json_kv_string (input, "createdAt", created_at);
  g_string_append_c (input, '}');

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) input->str, input->len);
}

static void
message_rehash (SimMessage *message)
{
  g_free (message->content_hash);
  message->content_hash = sim_content_hash (message->role,
                                            message->content,
                                            message->model,
                                            message->parent_message_id,
                                            message->branch->id,
                                            message->created_at);
  message->token_count = sim_model_estimate_tokens (message->content);
}

/* Creating */

void
sim_state_touch (SimState        *state,
                 SimConversation *conversation)
{
  g_free (conversation->updated_at);
  conversation->updated_at = sim_state_now (state);
}

SimConversation *
sim_state_add_conversation (SimState   *state,
                            const char *title,
                            const char *model,
                            const char *user_id,
                            const char *created_at)
{
  SimConversation *conversation = g_new0 (SimConversation, 1);

  conversation->id = sim_state_new_id (state, "conv");
  conversation->user_id = g_strdup (user_id ? user_id : SIM_USER_ID);
  conversation->title = g_strdup (title);
  conversation->model = g_strdup (model ? model : SIM_DEFAULT_MODEL);
  conversation->created_at = created_at ? g_strdup (created_at) : sim_state_now (state);
  conversation->updated_at = g_strdup (conversation->created_at);
  conversation->branches = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_branch_free);
  conversation->checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_checkpoint_free);

  g_ptr_array_add (state->conversations, conversation);
  g_hash_table_insert (state->conversation_index, conversation->id, conversation);

  sim_state_add_branch (state, conversation, NULL, NULL, "Main", NULL, "FULL");
  /* The main branch shares the conversation's birth time. */
  g_free (sim_conversation_main_branch (conversation)->created_at);
  sim_conversation_main_branch (conversation)->created_at = g_strdup (conversation->created_at);
  g_free (sim_conversation_main_branch (conversation)->updated_at);
  sim_conversation_main_branch (conversation)->updated_at = g_strdup (conversation->created_at);

  return conversation;
}

SimBranch *
sim_state_add_branch (SimState        *state,
                      SimConversation *conversation,
                      SimBranch       *parent,
                      const char      *fork_point_message_id,
                      const char      *title,
                      const char      *description,
                      const char      *context_mode)
{
  SimBranch *branch = g_new0 (SimBranch, 1);

  branch->id = sim_state_new_id (state, "br");
  branch->conversation = conversation;
  branch->parent_branch_id = parent ? g_strdup (parent->id) : NULL;
  branch->fork_point_message_id = g_strdup (fork_point_message_id);
  branch->title = g_strdup (title);
  branch->description = g_strdup (description);
  branch->context_mode = g_strdup (context_mode ? context_mode : "FULL");
  branch->created_at = sim_state_now (state);
  branch->updated_at = g_strdup (branch->created_at);
  branch->is_main = (parent == NULL && conversation->branches->len == 0);
  branch->is_active = TRUE;
  branch->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_message_free);

  g_ptr_array_add (conversation->branches, branch);
  g_hash_table_insert (state->branch_index, branch->id, branch);

  if (!branch->is_main)
    {
      g_free (conversation->updated_at);
      conversation->updated_at = g_strdup (branch->created_at);
    }

  return branch;
}

SimMessage *
sim_state_append_message (SimState   *state,
                          SimBranch  *branch,
                          const char *role,
                          const char *content,
                          const char *model,
                          JsonObject *metadata,
                          const char *created_at)
{
  SimMessage *message = g_new0 (SimMessage, 1);
  SimMessage *last = sim_branch_last_visible (branch);

  message->id = sim_state_new_id (state, "msg");
  message->branch = branch;
  message->role = g_strdup (role);
  message->content = g_strdup (content);
  message->model = g_strdup (model);
  message->parent_message_id = g_strdup (last ? last->id : branch->fork_point_message_id);
  message->created_at = created_at ? g_strdup (created_at) : sim_state_now (state);
  message->metadata = metadata;
  message_rehash (message);

  g_ptr_array_add (branch->messages, message);
  g_hash_table_insert (state->message_index, message->id, message);

  g_free (branch->updated_at);
  branch->updated_at = g_strdup (message->created_at);
  g_free (branch->conversation->updated_at);
  branch->conversation->updated_at = g_strdup (message->created_at);

  return message;
}

void
sim_state_edit_message (SimState   *state,
                        SimMessage *message,
                        const char *content)
{
  if (message->versions == NULL)
    message->versions = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (message->versions, g_steal_pointer (&message->content));
  message->content = g_strdup (content);
  g_free (message->updated_at);
  message->updated_at = sim_state_now (state);

  if (message->metadata == NULL)
    message->metadata = json_object_new ();
  json_object_set_int_member (message->metadata, "version", message->versions->len + 1);
  json_object_set_string_member (message->metadata, "editedAt", message->updated_at);

  message_rehash (message);

  g_free (message->branch->conversation->updated_at);
  message->branch->conversation->updated_at = g_strdup (message->updated_at);
}

/* A deterministic stand-in for a model-written summary: who said what,
 * in a few words each. */
static char *
checkpoint_summary (SimState      *state,
                    SimCheckpoint *checkpoint)
{
  SimBranch *branch = sim_state_lookup_branch (state, checkpoint->conversation, checkpoint->branch_id);
  g_autoptr(GPtrArray) path = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  guint n_user = 0;
  guint n_topics = 0;

  if (branch == NULL)
    return g_strdup ("Nothing to summarise.");

  path = sim_branch_path (state, branch, checkpoint->anchor_message_id);
  for (guint i = 0; i < path->len; i++)
    if (g_strcmp0 (((SimMessage *) path->pdata[i])->role, "user") == 0)
      n_user++;

  g_string_append_printf (summary,
                          "Summary of %u messages on branch \"%s\" (%u from the user, %u replies).",
                          path->len, branch->title, n_user, path->len - n_user);

  for (guint i = 0; i < path->len && n_topics < 6; i++)
    {
      SimMessage *message = path->pdata[i];
      g_autofree char *topic = NULL;

      if (g_strcmp0 (message->role, "user") != 0)
        continue;

      topic = sim_model_topic (message->content);
      g_string_append (summary, n_topics == 0 ? " Topics: " : "; ");
      g_string_append (summary, topic);
      n_topics++;
    }

  if (n_topics > 0)
    g_string_append_c (summary, '.');

  return g_string_free_and_steal (g_steal_pointer (&summary));
}

SimCheckpoint *
sim_state_add_checkpoint (SimState        *state,
                          SimConversation *conversation,
                          SimBranch       *branch,
                          SimMessage      *anchor)
{
  SimCheckpoint *checkpoint = g_new0 (SimCheckpoint, 1);

  checkpoint->id = sim_state_new_id (state, "cp");
  checkpoint->conversation = conversation;
  checkpoint->branch_id = g_strdup (branch->id);
  checkpoint->anchor_message_id = g_strdup (anchor->id);
  sim_state_refresh_checkpoint (state, checkpoint);

  g_ptr_array_add (conversation->checkpoints, checkpoint);
  g_hash_table_insert (state->checkpoint_index, checkpoint->id, checkpoint);

  return checkpoint;
}

void
sim_state_refresh_checkpoint (SimState      *state,
                              SimCheckpoint *checkpoint)
{
  g_free (checkpoint->summary);
  checkpoint->summary = checkpoint_summary (state, checkpoint);
  checkpoint->token_count = sim_model_estimate_tokens (checkpoint->summary);
  g_free (checkpoint->created_at);
  checkpoint->created_at = sim_state_now (state);
}

/* Removing */

static void
unindex_branch (SimState  *state,
                SimBranch *branch)
{
  for (guint i = 0; i < branch->messages->len; i++)
    g_hash_table_remove (state->message_index, ((SimMessage *) branch->messages->pdata[i])->id);
  g_hash_table_remove (state->branch_index, branch->id);
}

void
sim_state_remove_checkpoint (SimState      *state,
                             SimCheckpoint *checkpoint)
{
  g_hash_table_remove (state->checkpoint_index, checkpoint->id);
  g_ptr_array_remove (checkpoint->conversation->checkpoints, checkpoint);
}

void
sim_state_remove_branch (SimState  *state,
                         SimBranch *branch)
{
  SimConversation *conversation = branch->conversation;
  g_autoptr(GPtrArray) children = g_ptr_array_new ();

  for (guint i = 0; i < conversation->branches->len; i++)
    {
      SimBranch *other = conversation->branches->pdata[i];

      if (g_strcmp0 (other->parent_branch_id, branch->id) == 0)
        g_ptr_array_add (children, other);
    }

  for (guint i = 0; i < children->len; i++)
    sim_state_remove_branch (state, children->pdata[i]);

  for (guint i = conversation->checkpoints->len; i > 0; i--)
    {
      SimCheckpoint *checkpoint = conversation->checkpoints->pdata[i - 1];

      if (g_strcmp0 (checkpoint->branch_id, branch->id) == 0)
        sim_state_remove_checkpoint (state, checkpoint);
    }

  unindex_branch (state, branch);
  g_ptr_array_remove (conversation->branches, branch);
}

void
sim_state_remove_conversation (SimState        *state,
                               SimConversation *conversation)
{
  for (guint i = 0; i < conversation->branches->len; i++)
    unindex_branch (state, conversation->branches->pdata[i]);
  for (guint i = 0; i < conversation->checkpoints->len; i++)
    g_hash_table_remove (state->checkpoint_index, ((SimCheckpoint *) conversation->checkpoints->pdata[i])->id);
  g_hash_table_remove (state->conversation_index, conversation->id);
  g_ptr_array_remove (state->conversations, conversation);
}

/* Looking up */

SimConversation *
sim_state_lookup_conversation (SimState   *state,
                               const char *id)
{
  return id ? g_hash_table_lookup (state->conversation_index, id) : NULL;
}

SimBranch *
sim_state_lookup_branch (SimState        *state,
                         SimConversation *conversation,
                         const char      *id)
{
  SimBranch *branch = id ? g_hash_table_lookup (state->branch_index, id) : NULL;

  if (branch != NULL && conversation != NULL && branch->conversation != conversation)
    return NULL;

  return branch;
}

SimMessage *
sim_state_lookup_message (SimState   *state,
                          const char *id)
{
  return id ? g_hash_table_lookup (state->message_index, id) : NULL;
}

SimCheckpoint *
sim_state_lookup_checkpoint (SimState   *state,
                             const char *id)
{
  return id ? g_hash_table_lookup (state->checkpoint_index, id) : NULL;
}

SimBranch *
sim_conversation_main_branch (SimConversation *conversation)
{
  for (guint i = 0; i < conversation->branches->len; i++)
    {
      SimBranch *branch = conversation->branches->pdata[i];

      if (branch->is_main)
        return branch;
    }

  g_assert_not_reached ();
  return NULL;
}

SimMessage *
sim_branch_last_visible (SimBranch *branch)
{
  for (guint i = branch->messages->len; i > 0; i--)
    {
      SimMessage *message = branch->messages->pdata[i - 1];

      if (!message->deleted)
        return message;
    }

  return NULL;
}

guint
sim_branch_visible_count (SimBranch *branch)
{
  guint n = 0;

  for (guint i = 0; i < branch->messages->len; i++)
    if (!((SimMessage *) branch->messages->pdata[i])->deleted)
      n++;

  return n;
}

static gboolean
collect_path (SimState   *state,
              SimBranch  *branch,
              const char *until_message_id,
              GPtrArray  *path,
              guint       depth)
{
  if (branch->parent_branch_id != NULL && branch->fork_point_message_id != NULL && depth < 1000)
    {
      SimBranch *parent = sim_state_lookup_branch (state, branch->conversation, branch->parent_branch_id);

      if (parent != NULL)
        collect_path (state, parent, branch->fork_point_message_id, path, depth + 1);
    }

  for (guint i = 0; i < branch->messages->len; i++)
    {
      SimMessage *message = branch->messages->pdata[i];

      if (!message->deleted)
        g_ptr_array_add (path, message);
      if (until_message_id != NULL && strcmp (message->id, until_message_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The visible messages a reply on @branch sees: the ancestors' messages
 * up to each fork point, then the branch's own. */
GPtrArray *
sim_branch_path (SimState   *state,
                 SimBranch  *branch,
                 const char *until_message_id)
{
  GPtrArray *path = g_ptr_array_new ();

  collect_path (state, branch, until_message_id, path, 0);
  return path;
}

gboolean
sim_branch_has_checkpoint (SimState  *state,
                           SimBranch *branch)
{
  SimConversation *conversation = branch->conversation;

  for (guint depth = 0; branch != NULL && depth < 1000; depth++)
    {
      for (guint i = 0; i < conversation->checkpoints->len; i++)
        if (g_strcmp0 (((SimCheckpoint *) conversation->checkpoints->pdata[i])->branch_id, branch->id) == 0)
          return TRUE;
      branch = sim_state_lookup_branch (state, conversation, branch->parent_branch_id);
    }

  return FALSE;
}

/* Writing the API's JSON */

void
sim_write_message (GString    *out,
                   SimMessage *message)
{
  sim_json_begin_object (out);
  sim_json_kv_string (out, "id", message->id);
  sim_json_kv_string (out, "conversationId", message->branch->conversation->id);
  sim_json_kv_string (out, "branchId", message->branch->id);
  sim_json_kv_string (out, "role", message->role);
  sim_json_kv_string (out, "content", message->content);
  sim_json_kv_int (out, "tokenCount", message->token_count);
  sim_json_kv_string (out, "createdAt", message->created_at);
  if (message->updated_at != NULL)
    sim_json_kv_string (out, "updatedAt", message->updated_at);
  sim_json_kv_string (out, "parentMessageId", message->parent_message_id);
  if (message->model != NULL)
    sim_json_kv_string (out, "model", message->model);
  sim_json_kv_string (out, "contentHash", message->content_hash);
  if (message->metadata != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), message->metadata);

      sim_json_key (out, "metadata");
      sim_json_node (out, node);
    }
  sim_json_end_object (out);
}

void
sim_write_branch (GString   *out,
                  SimBranch *branch)
{
  sim_json_begin_object (out);
  sim_json_kv_string (out, "id", branch->id);
  sim_json_kv_string (out, "conversationId", branch->conversation->id);
  sim_json_kv_string (out, "parentBranchId", branch->parent_branch_id);
  sim_json_kv_string (out, "forkPointMessageId", branch->fork_point_message_id);
  sim_json_kv_string (out, "title", branch->title);
  if (branch->description != NULL)
    sim_json_kv_string (out, "description", branch->description);
  sim_json_kv_string (out, "contextMode", branch->context_mode);
  sim_json_kv_bool (out, "isMain", branch->is_main);
  sim_json_kv_bool (out, "isActive", branch->is_active);
  sim_json_kv_string (out, "createdAt", branch->created_at);
  sim_json_kv_string (out, "updatedAt", branch->updated_at);
  sim_json_kv_int (out, "messageCount", sim_branch_visible_count (branch));
  sim_json_end_object (out);
}

void
sim_write_conversation (GString         *out,
                        SimConversation *conversation,
                        SimWriteFlags    flags)
{
  sim_json_begin_object (out);
  sim_json_kv_string (out, "id", conversation->id);
  sim_json_kv_string (out, "userId", conversation->user_id);
  sim_json_kv_string (out, "title", conversation->title);
  sim_json_kv_string (out, "model", conversation->model);
  sim_json_kv_string (out, "createdAt", conversation->created_at);
  sim_json_kv_string (out, "updatedAt", conversation->updated_at);

  if (flags & SIM_WRITE_EMBED)
    {
      SimBranch *main_branch = sim_conversation_main_branch (conversation);

      sim_json_key (out, "messages");
      sim_json_begin_array (out);
      for (guint i = 0; i < main_branch->messages->len; i++)
        {
          SimMessage *message = main_branch->messages->pdata[i];

          if (!message->deleted)
            sim_write_message (out, message);
        }
      sim_json_end_array (out);

      sim_json_key (out, "branches");
      sim_json_begin_array (out);
      for (guint i = 0; i < conversation->branches->len; i++)
        sim_write_branch (out, conversation->branches->pdata[i]);
      sim_json_end_array (out);
    }

  sim_json_end_object (out);
}

void
sim_write_checkpoint (GString       *out,
                      SimCheckpoint *checkpoint,
                      SimWriteFlags  flags)
{
  gboolean snake = (flags & SIM_WRITE_SNAKE_CASE) != 0;

  sim_json_begin_object (out);
  sim_json_kv_string (out, "id", checkpoint->id);
  sim_json_kv_string (out, snake ? "conversation_id" : "conversationId", checkpoint->conversation->id);
  sim_json_kv_string (out, snake ? "branch_id" : "branchId", checkpoint->branch_id);
  sim_json_kv_string (out, snake ? "anchor_message_id" : "anchorMessageId", checkpoint->anchor_message_id);
  sim_json_kv_string (out, "summary", checkpoint->summary);
  sim_json_kv_int (out, snake ? "token_count" : "tokenCount", checkpoint->token_count);
  sim_json_kv_string (out, snake ? "created_at" : "createdAt", checkpoint->created_at);
  sim_json_end_object (out);
}

/* The tree */

static gint
compare_by_time (gconstpointer a,
                 gconstpointer b)
{
  const SimMessage *ma = *(const SimMessage * const *) a;
  const SimMessage *mb = *(const SimMessage * const *) b;
  int cmp = strcmp (ma->created_at, mb->created_at);

  return cmp != 0 ? cmp : strcmp (ma->id, mb->id);
}

typedef struct
{
  GPtrArray *children;
  guint      index;
} TreeFrame;

static void
write_tree_node_open (GString    *out,
                      SimMessage *message,
                      GHashTable *branch_starts)
{
  SimBranch *branch = g_hash_table_lookup (branch_starts, message);

  sim_json_begin_object (out);
  sim_json_kv_string (out, "id", message->id);
  sim_json_kv_string (out, "content", message->content);
  sim_json_kv_string (out, "role", message->role);
  if (branch != NULL)
    {
      sim_json_key (out, "branchInfo");
      sim_json_begin_object (out);
      sim_json_kv_string (out, "branchId", branch->id);
      sim_json_kv_string (out, "title", branch->title);
      sim_json_kv_bool (out, "isMain", branch->is_main);
      sim_json_end_object (out);
    }
  sim_json_key (out, "children");
  sim_json_begin_array (out);
}

/* Written iteratively: a long conversation is a very deep tree. */
void
sim_write_tree (GString         *out,
                SimState        *state,
                SimConversation *conversation)
{
  g_autoptr(GHashTable) children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) branch_starts = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (TreeFrame));
  g_autoptr(GPtrArray) no_children = g_ptr_array_new ();
  GPtrArray *roots;
  GHashTableIter iter;
  gpointer value;
  guint total_nodes = 0;
  guint max_depth = 0;
  guint depth_offset;

  for (guint b = 0; b < conversation->branches->len; b++)
    {
      SimBranch *branch = conversation->branches->pdata[b];
      gboolean first = TRUE;

      for (guint i = 0; i < branch->messages->len; i++)
        {
          SimMessage *message = branch->messages->pdata[i];
          const char *parent_id = message->parent_message_id;
          GPtrArray *siblings;

          if (message->deleted)
            continue;

          /* Hang a message whose parent was deleted on the nearest
           * visible ancestor. */
          for (guint guard = 0; parent_id != NULL && guard < 100000; guard++)
            {
              SimMessage *parent = sim_state_lookup_message (state, parent_id);

              if (parent == NULL || !parent->deleted)
                break;
              parent_id = parent->parent_message_id;
            }
          if (parent_id == NULL || sim_state_lookup_message (state, parent_id) == NULL)
            parent_id = "";

          siblings = g_hash_table_lookup (children, parent_id);
          if (siblings == NULL)
            {
              siblings = g_ptr_array_new ();
              g_hash_table_insert (children, (gpointer) parent_id, siblings);
            }
          g_ptr_array_add (siblings, message);
          total_nodes++;

          if (first)
            {
              g_hash_table_insert (branch_starts, message, branch);
              first = FALSE;
            }
        }
    }

  g_hash_table_iter_init (&iter, children);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_sort (value, compare_by_time);

  sim_json_begin_object (out);
  sim_json_key (out, "conversation");
  sim_write_conversation (out, conversation, SIM_WRITE_DEFAULT);
  sim_json_key (out, "tree");

  roots = g_hash_table_lookup (children, "");
  if (roots == NULL || roots->len == 0)
    {
      sim_json_null (out);
    }
  else
    {
      TreeFrame frame;

      if (roots->len == 1)
        {
          SimMessage *root = roots->pdata[0];

          write_tree_node_open (out, root, branch_starts);
          frame.children = g_hash_table_lookup (children, root->id);
          depth_offset = 0;
        }
      else
        {
          /* Several first messages: a virtual root holds them. */
          sim_json_begin_object (out);
          sim_json_kv_string (out, "id", conversation->id);
          sim_json_kv_string (out, "content", "");
          sim_json_kv_string (out, "role", "system");
          sim_json_kv_bool (out, "virtual", TRUE);
          sim_json_key (out, "children");
          sim_json_begin_array (out);
          frame.children = roots;
          depth_offset = 1;
        }

      if (frame.children == NULL)
        frame.children = no_children;
      frame.index = 0;
      g_array_append_val (stack, frame);

      while (stack->len > 0)
        {
          TreeFrame *top = &g_array_index (stack, TreeFrame, stack->len - 1);

          max_depth = MAX (max_depth, stack->len - depth_offset);

          if (top->index < top->children->len)
            {
              SimMessage *child = top->children->pdata[top->index++];
              TreeFrame next;

              write_tree_node_open (out, child, branch_starts);
              next.children = g_hash_table_lookup (children, child->id);
              if (next.children == NULL)
                next.children = no_children;
              next.index = 0;
              g_array_append_val (stack, next);
            }
          else
            {
              sim_json_end_array (out);
              sim_json_end_object (out);
              g_array_set_size (stack, stack->len - 1);
            }
        }
    }

  sim_json_key (out, "metadata");
  sim_json_begin_object (out);
  sim_json_kv_int (out, "totalNodes", total_nodes);
  sim_json_kv_int (out, "totalBranches", conversation->branches->len);
  sim_json_kv_int (out, "maxDepth", max_depth);
  sim_json_end_object (out);
  sim_json_end_object (out);
}

/* Saving and loading */

char *
sim_state_serialize (SimState *state,
                     gsize    *length)
{
  GString *out = g_string_sized_new (4096);

  sim_json_begin_object (out);
  sim_json_kv_string (out, "format", STATE_FORMAT);
  sim_json_kv_int (out, "version", STATE_VERSION);
  sim_json_kv_int (out, "idCounter", (gint64) state->id_counter);
  sim_json_kv_int (out, "lastTimeMs", state->last_time_ms);
  sim_json_key (out, "conversations");
  sim_json_begin_array (out);

  for (guint c = 0; c < state->conversations->len; c++)
    {
      SimConversation *conversation = state->conversations->pdata[c];

      sim_json_begin_object (out);
      sim_json_kv_string (out, "id", conversation->id);
      sim_json_kv_string (out, "userId", conversation->user_id);
      sim_json_kv_string (out, "title", conversation->title);
      sim_json_kv_string (out, "model", conversation->model);
      sim_json_kv_string (out, "createdAt", conversation->created_at);
      sim_json_kv_string (out, "updatedAt", conversation->updated_at);
      sim_json_kv_bool (out, "shared", conversation->shared);
      sim_json_key (out, "branches");
      sim_json_begin_array (out);

      for (guint b = 0; b < conversation->branches->len; b++)
        {
          SimBranch *branch = conversation->branches->pdata[b];

          sim_json_begin_object (out);
          sim_json_kv_string (out, "id", branch->id);
          sim_json_kv_string (out, "parentBranchId", branch->parent_branch_id);
          sim_json_kv_string (out, "forkPointMessageId", branch->fork_point_message_id);
          sim_json_kv_string (out, "title", branch->title);
          sim_json_kv_string (out, "description", branch->description);
          sim_json_kv_string (out, "contextMode", branch->context_mode);
          sim_json_kv_bool (out, "isMain", branch->is_main);
          sim_json_kv_bool (out, "isActive", branch->is_active);
          sim_json_kv_string (out, "createdAt", branch->created_at);
          sim_json_kv_string (out, "updatedAt", branch->updated_at);
          sim_json_key (out, "messages");
          sim_json_begin_array (out);

          for (guint m = 0; m < branch->messages->len; m++)
            {
              SimMessage *message = branch->messages->pdata[m];

              sim_json_begin_object (out);
              sim_json_kv_string (out, "id", message->id);
              sim_json_kv_string (out, "role", message->role);
              sim_json_kv_string (out, "content", message->content);
              sim_json_kv_string (out, "model", message->model);
              sim_json_kv_string (out, "parentMessageId", message->parent_message_id);
              sim_json_kv_string (out, "createdAt", message->created_at);
              sim_json_kv_string (out, "updatedAt", message->updated_at);
              sim_json_kv_bool (out, "deleted", message->deleted);
              if (message->metadata != NULL)
                {
                  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), message->metadata);

                  sim_json_key (out, "metadata");
                  sim_json_node (out, node);
                }
              sim_json_key (out, "versions");
              sim_json_begin_array (out);
              for (guint v = 0; message->versions != NULL && v < message->versions->len; v++)
                sim_json_string (out, message->versions->pdata[v]);
              sim_json_end_array (out);
              sim_json_end_object (out);
            }

          sim_json_end_array (out);
          sim_json_end_object (out);
        }

      sim_json_end_array (out);
      sim_json_key (out, "checkpoints");
      sim_json_begin_array (out);

      for (guint i = 0; i < conversation->checkpoints->len; i++)
        {
          SimCheckpoint *checkpoint = conversation->checkpoints->pdata[i];

          sim_json_begin_object (out);
          sim_json_kv_string (out, "id", checkpoint->id);
          sim_json_kv_string (out, "branchId", checkpoint->branch_id);
          sim_json_kv_string (out, "anchorMessageId", checkpoint->anchor_message_id);
          sim_json_kv_string (out, "summary", checkpoint->summary);
          sim_json_kv_int (out, "tokenCount", checkpoint->token_count);
          sim_json_kv_string (out, "createdAt", checkpoint->created_at);
          sim_json_end_object (out);
        }

      sim_json_end_array (out);
      sim_json_end_object (out);
    }

  sim_json_end_array (out);
  sim_json_end_object (out);
  g_string_append_c (out, '\n');

  if (length != NULL)
    *length = out->len;
  return g_string_free_and_steal (out);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_bool (JsonObject *object,
             const char *name,
             gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static JsonObject *
element_object (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
bad_state (GError     **error,
           const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Invalid state file: %s", what);
  return FALSE;
}

static gboolean
load_branch (SimState         *state,
             SimConversation  *conversation,
             JsonObject       *object,
             GError          **error)
{
  SimBranch *branch;
  JsonArray *messages;
  const char *id = member_string (object, "id");

  if (id == NULL || id_in_use (state, id))
    return bad_state (error, "a branch without a unique id");

  branch = g_new0 (SimBranch, 1);
  branch->id = g_strdup (id);
  branch->conversation = conversation;
  branch->parent_branch_id = g_strdup (member_string (object, "parentBranchId"));
  branch->fork_point_message_id = g_strdup (member_string (object, "forkPointMessageId"));
  branch->title = g_strdup (member_string (object, "title") ?: "Branch");
  branch->description = g_strdup (member_string (object, "description"));
  branch->context_mode = g_strdup (member_string (object, "contextMode") ?: "FULL");
  branch->created_at = g_strdup (member_string (object, "createdAt") ?: conversation->created_at);
  branch->updated_at = g_strdup (member_string (object, "updatedAt") ?: branch->created_at);
  branch->is_main = member_bool (object, "isMain", FALSE);
  branch->is_active = member_bool (object, "isActive", TRUE);
  branch->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_message_free);
  g_ptr_array_add (conversation->branches, branch);
  g_hash_table_insert (state->branch_index, branch->id, branch);

  messages = member_array (object, "messages");
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonObject *item = element_object (messages, i);
      SimMessage *message;
      JsonNode *metadata;
      JsonArray *versions;
      const char *message_id = item ? member_string (item, "id") : NULL;

      if (message_id == NULL || id_in_use (state, message_id) ||
          member_string (item, "content") == NULL || member_string (item, "role") == NULL)
        return bad_state (error, "a message without a unique id, role or content");

      message = g_new0 (SimMessage, 1);
      message->id = g_strdup (message_id);
      message->branch = branch;
      message->role = g_strdup (member_string (item, "role"));
      message->content = g_strdup (member_string (item, "content"));
      message->model = g_strdup (member_string (item, "model"));
      message->parent_message_id = g_strdup (member_string (item, "parentMessageId"));
      message->created_at = g_strdup (member_string (item, "createdAt") ?: branch->created_at);
      message->updated_at = g_strdup (member_string (item, "updatedAt"));
      message->deleted = member_bool (item, "deleted", FALSE);

      metadata = json_object_get_member (item, "metadata");
      if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
        message->metadata = json_object_ref (json_node_get_object (metadata));

      versions = member_array (item, "versions");
      for (guint v = 0; versions != NULL && v < json_array_get_length (versions); v++)
        {
          JsonNode *node = json_array_get_element (versions, v);

          if (json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          if (message->versions == NULL)
            message->versions = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (message->versions, g_strdup (json_node_get_string (node)));
        }

      message_rehash (message);
      g_ptr_array_add (branch->messages, message);
      g_hash_table_insert (state->message_index, message->id, message);
    }

  return TRUE;
}

static gboolean
load_conversation (SimState    *state,
                   JsonObject  *object,
                   GError     **error)
{
  SimConversation *conversation;
  JsonArray *branches;
  JsonArray *checkpoints;
  const char *id = member_string (object, "id");
  gboolean has_main = FALSE;

  if (id == NULL || id_in_use (state, id))
    return bad_state (error, "a conversation without a unique id");

  conversation = g_new0 (SimConversation, 1);
  conversation->id = g_strdup (id);
  conversation->user_id = g_strdup (member_string (object, "userId") ?: SIM_USER_ID);
  conversation->title = g_strdup (member_string (object, "title") ?: "Untitled");
  conversation->model = g_strdup (member_string (object, "model") ?: SIM_DEFAULT_MODEL);
  conversation->created_at = g_strdup (member_string (object, "createdAt") ?: "2025-01-01T00:00:00.000Z");
  conversation->updated_at = g_strdup (member_string (object, "updatedAt") ?: conversation->created_at);
  conversation->shared = member_bool (object, "shared", FALSE);
  conversation->branches = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_branch_free);
  conversation->checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_checkpoint_free);
  g_ptr_array_add (state->conversations, conversation);
  g_hash_table_insert (state->conversation_index, conversation->id, conversation);

  branches = member_array (object, "branches");
  for (guint i = 0; branches != NULL && i < json_array_get_length (branches); i++)
    {
      JsonObject *item = element_object (branches, i);

      if (item == NULL)
        return bad_state (error, "a branch that is not an object");
      if (!load_branch (state, conversation, item, error))
        return FALSE;
      has_main |= ((SimBranch *) g_ptr_array_index (conversation->branches, i))->is_main;
    }

  if (!has_main)
    return bad_state (error, "a conversation without a main branch");

  checkpoints = member_array (object, "checkpoints");
  for (guint i = 0; checkpoints != NULL && i < json_array_get_length (checkpoints); i++)
    {
      JsonObject *item = element_object (checkpoints, i);
      SimCheckpoint *checkpoint;
      JsonNode *tokens;
      const char *checkpoint_id = item ? member_string (item, "id") : NULL;

      if (checkpoint_id == NULL || id_in_use (state, checkpoint_id))
        return bad_state (error, "a checkpoint without a unique id");

      checkpoint = g_new0 (SimCheckpoint, 1);
      checkpoint->id = g_strdup (checkpoint_id);
      checkpoint->conversation = conversation;
      checkpoint->branch_id = g_strdup (member_string (item, "branchId"));
      checkpoint->anchor_message_id = g_strdup (member_string (item, "anchorMessageId"));
      checkpoint->summary = g_strdup (member_string (item, "summary") ?: "");
      checkpoint->created_at = g_strdup (member_string (item, "createdAt") ?: conversation->created_at);
      tokens = json_object_get_member (item, "tokenCount");
      checkpoint->token_count = (tokens && json_node_get_value_type (tokens) == G_TYPE_INT64)
                                ? json_node_get_int (tokens)
                                : sim_model_estimate_tokens (checkpoint->summary);
      g_ptr_array_add (conversation->checkpoints, checkpoint);
      g_hash_table_insert (state->checkpoint_index, checkpoint->id, checkpoint);
    }

  return TRUE;
}

gboolean
sim_state_load (SimState    *state,
                const char  *contents,
                gsize        length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *conversations;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, contents, length, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return bad_state (error, "not a JSON object");

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (member_string (root, "format"), STATE_FORMAT) != 0)
    return bad_state (error, "not a simulator state file");

  sim_state_clear (state);

  node = json_object_get_member (root, "idCounter");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    state->id_counter = (guint64) json_node_get_int (node);
  node = json_object_get_member (root, "lastTimeMs");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    state->last_time_ms = json_node_get_int (node);

  conversations = member_array (root, "conversations");
  for (guint i = 0; conversations != NULL && i < json_array_get_length (conversations); i++)
    {
      JsonObject *item = element_object (conversations, i);

      if (item == NULL)
        {
          sim_state_clear (state);
          return bad_state (error, "a conversation that is not an object");
        }
      if (!load_conversation (state, item, error))
        {
          sim_state_clear (state);
          return FALSE;
        }
    }

  return TRUE;
}

/* Demo data */

static const char * const seed_titles[] = {
  "Planning a week in Lisbon",
  "Rust ownership questions",
  "Sourdough starter schedule",
  "Debugging a GTK list view",
  "Quarterly report outline",
  "Choosing a database for telemetry",
  "Café menu translations",
  "Learning music theory basics",
  "Kubernetes resource limits",
  "Birthday party ideas",
  "Refactoring the billing module",
  "Reading list for the summer",
};

static const char * const seed_prompts[] = {
  "How should I structure the first two days in Lisbon?",
  "Why does the borrow checker reject this loop over a vector?",
  "What feeding schedule keeps a sourdough starter healthy?",
  "My GTK list view scrolls back to the top after every update, why?",
  "Outline a quarterly report for a small engineering team.",
  "Compare time-series databases for storing device telemetry.",
  "Translate the café menu into French and German, keeping the prices.",
  "Explain intervals and chords for a beginner.",
  "How do requests and limits interact for CPU in Kubernetes?",
  "Give me ideas for a birthday party for a seven-year-old.",
  "What is a safe way to refactor a large billing module?",
  "Suggest a reading list of classic novels for the summer.",
};

static JsonObject *
seed_metadata (const char *model,
               gint64      prompt_tokens,
               gint64      completion_tokens,
               guint       context_count)
{
  JsonObject *metadata = json_object_new ();

  json_object_set_string_member (metadata, "model", model);
  json_object_set_double_member (metadata, "temperature", 0.7);
  json_object_set_int_member (metadata, "maxTokens", 4096);
  json_object_set_int_member (metadata, "responseTime", 400 + completion_tokens * 3);
  json_object_set_string_member (metadata, "finishReason", "stop");
  json_object_set_double_member (metadata, "cost", sim_model_cost (model, prompt_tokens, completion_tokens));
  json_object_set_boolean_member (metadata, "context_truncated", FALSE);
  json_object_set_boolean_member (metadata, "checkpoint_used", FALSE);
  json_object_set_int_member (metadata, "prompt_tokens", prompt_tokens);
  json_object_set_int_member (metadata, "context_message_count", context_count);

  return metadata;
}

static void
seed_exchanges (SimState   *state,
                SimBranch  *branch,
                const char *model,
                guint       n_messages,
                guint       first_prompt,
                gint64     *clock_ms)
{
  SimMessage *last = sim_branch_last_visible (branch);
  gint64 context_tokens = 0;
  guint context_count = 0;
  g_autoptr(GHashTable) replies = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);

  if (last != NULL)
    {
      g_autoptr(GPtrArray) path = sim_branch_path (state, branch, NULL);

      for (guint i = 0; i < path->len; i++)
        context_tokens += ((SimMessage *) path->pdata[i])->token_count;
      context_count = path->len;
    }

  for (guint i = 0; i < n_messages; i++)
    {
      guint prompt_index = (first_prompt + i / 2) % G_N_ELEMENTS (seed_prompts);
      g_autofree char *created_at = sim_format_time (*clock_ms);
      SimMessage *message;

      *clock_ms += 1000;

      if (i % 2 == 0)
        {
          g_autofree char *prompt = NULL;

          if (i / 2 < G_N_ELEMENTS (seed_prompts))
            prompt = g_strdup (seed_prompts[prompt_index]);
          else
            prompt = g_strdup_printf ("%s (follow-up %u)", seed_prompts[prompt_index],
                                      i / 2 / (guint) G_N_ELEMENTS (seed_prompts));
          message = sim_state_append_message (state, branch, "user", prompt, NULL, NULL, created_at);
        }
      else
        {
          char *reply = g_hash_table_lookup (replies, GUINT_TO_POINTER (prompt_index + 1));
          gint64 reply_tokens;

          /* Replies to the same prompt are the same: generate each once. */
          if (reply == NULL)
            {
              reply = sim_model_reply (seed_prompts[prompt_index], model, NULL, NULL);
              g_hash_table_insert (replies, GUINT_TO_POINTER (prompt_index + 1), reply);
            }
          reply_tokens = sim_model_estimate_tokens (reply);
          message = sim_state_append_message (state, branch, "assistant", reply, model,
                                              seed_metadata (model, context_tokens, reply_tokens, context_count),
                                              created_at);
        }

      context_tokens += message->token_count;
      context_count++;
    }
}

void
sim_state_seed (SimState *state,
                guint     n_conversations,
                guint     n_messages)
{
  static const char * const seed_models[] = {
    "gpt-5", "gpt-5", "claude-sonnet-4-5", "gpt-5", "claude-opus-4-1", "claude-3-5-haiku-latest",
  };
  gint64 now_ms = g_get_real_time () / 1000;
  gint64 clock_ms;

  if (n_messages > 0 && n_conversations == 0)
    n_conversations = 1;
  if (n_conversations == 0)
    return;

  clock_ms = MAX (state->last_time_ms + 1,
                  now_ms - (gint64) n_conversations * 60000 - (gint64) n_messages * 1000 - 3600000);

  /* The first conversation is created last, so that it is the newest
   * and comes first in the list. */
  for (guint i = n_conversations; i-- > 0;)
    {
      const char *model = seed_models[i % G_N_ELEMENTS (seed_models)];
      g_autofree char *title = NULL;
      g_autofree char *created_at = sim_format_time (clock_ms);
      SimConversation *conversation;
      SimBranch *main_branch;

      if (i < G_N_ELEMENTS (seed_titles))
        title = g_strdup (seed_titles[i]);
      else
        title = g_strdup_printf ("%s #%u", seed_titles[i % G_N_ELEMENTS (seed_titles)], i + 1);

      conversation = sim_state_add_conversation (state, title, model,
                                                 i % 5 == 4 ? SIM_GUEST_ID : SIM_USER_ID,
                                                 created_at);
      conversation->shared = (i % 5 == 4);
      main_branch = sim_conversation_main_branch (conversation);
      clock_ms += 1000;

      if (i == 0 && n_messages > 0)
        seed_exchanges (state, main_branch, model, n_messages, i, &clock_ms);
      else
        seed_exchanges (state, main_branch, model, i == 0 ? 4 : 2, i, &clock_ms);

      /* The first conversation shows branching in the demo. */
      if (i == 0 && main_branch->messages->len >= 2)
        {
          SimMessage *fork_point = main_branch->messages->pdata[1];
          SimBranch *branch = sim_state_add_branch (state, conversation, main_branch, fork_point->id,
                                                    "Alternative approach",
                                                    "Explores a different answer",
                                                    "FULL");
          g_free (branch->created_at);
          branch->created_at = sim_format_time (clock_ms);
          g_free (branch->updated_at);
          branch->updated_at = g_strdup (branch->created_at);
          clock_ms += 1000;
          seed_exchanges (state, branch, model, 2, 5, &clock_ms);
        }

      clock_ms += 60000;
    }

  state->last_time_ms = MAX (state->last_time_ms, clock_ms);
}

static const char * const seed_branch_titles[] = {
  "Cheaper options",
  "Shorter answer",
  "Ask a specialist",
  "Different tone",
  "In more depth",
  "Step by step",
  "Counter-argument",
  "With examples",
};

void
sim_state_seed_branches (SimState *state,
                         guint     n_branches)
{
  SimConversation *conversation;
  g_autoptr(GPtrArray) tree = NULL;
  gint64 clock_ms;

  if (n_branches == 0 || state->conversations->len == 0)
    return;

  /* The newest conversation, the one the demo opens first. */
  conversation = state->conversations->pdata[state->conversations->len - 1];
  clock_ms = state->last_time_ms + 1000;

  /* Branch k grows from the one at (k - 1) / 3 in creation order (the main
   * branch first): a tree three wide and log3(N) deep. Each forks from one
   * of the last replies of its parent and adds one exchange of its own. */
  tree = g_ptr_array_new ();
  g_ptr_array_add (tree, sim_conversation_main_branch (conversation));
  for (guint k = 1; k <= n_branches; k++)
    {
      SimBranch *parent = tree->pdata[(k - 1) / 3];
      const char *base = seed_branch_titles[(k - 1) % G_N_ELEMENTS (seed_branch_titles)];
      g_autofree char *title = NULL;
      SimMessage *fork_point = NULL;
      SimBranch *branch;
      guint len = parent->messages->len;

      if (len > 0)
        {
          /* A reply: odd positions, up to two exchanges back. */
          guint back = ((k - 1) % 3) * 2;
          guint index = len - 1 >= back ? len - 1 - back : len - 1;

          fork_point = parent->messages->pdata[index];
        }

      if (k <= G_N_ELEMENTS (seed_branch_titles))
        title = g_strdup (base);
      else
        title = g_strdup_printf ("%s #%u", base, k);

      branch = sim_state_add_branch (state, conversation, parent, fork_point ? fork_point->id : NULL,
                                     title, NULL, "FULL");
      g_free (branch->created_at);
      branch->created_at = sim_format_time (clock_ms);
      g_free (branch->updated_at);
      branch->updated_at = g_strdup (branch->created_at);
      clock_ms += 1000;
      seed_exchanges (state, branch, conversation->model, 2, k, &clock_ms);
      g_ptr_array_add (tree, branch);
    }

  state->last_time_ms = MAX (state->last_time_ms, clock_ms);
}
