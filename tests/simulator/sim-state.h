/* SPDX-License-Identifier: MIT */
/* The simulator's in-memory data: conversations, branches, messages and
 * checkpoints, their JSON form, and saving/loading them. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SIM_USER_ID    "user_sim"
#define SIM_USER_EMAIL "sim@example.com"
#define SIM_GUEST_ID   "user_guest"

typedef struct _SimConversation SimConversation;
typedef struct _SimBranch       SimBranch;
typedef struct _SimMessage      SimMessage;
typedef struct _SimCheckpoint   SimCheckpoint;
typedef struct _SimState        SimState;

struct _SimMessage
{
  char       *id;
  SimBranch  *branch;
  char       *role;
  char       *content;
  char       *model;               /* nullable */
  char       *parent_message_id;   /* nullable */
  char       *created_at;
  char       *updated_at;          /* nullable: set by an edit */
  char       *content_hash;
  gint64      token_count;
  gboolean    deleted;
  JsonObject *metadata;            /* nullable */
  GPtrArray  *versions;            /* earlier contents, oldest first */
};

struct _SimBranch
{
  char            *id;
  SimConversation *conversation;
  char            *parent_branch_id;       /* NULL for the main branch */
  char            *fork_point_message_id;  /* nullable */
  char            *title;
  char            *description;            /* nullable */
  char            *context_mode;
  char            *created_at;
  char            *updated_at;
  gboolean         is_main;
  gboolean         is_active;
  GPtrArray       *messages;               /* SimMessage, in order */
};

struct _SimConversation
{
  char      *id;
  char      *user_id;
  char      *title;
  char      *model;
  char      *created_at;
  char      *updated_at;
  gboolean   shared;
  GPtrArray *branches;     /* SimBranch; the main branch first */
  GPtrArray *checkpoints;  /* SimCheckpoint */
};

struct _SimCheckpoint
{
  char            *id;
  SimConversation *conversation;
  char            *branch_id;
  char            *anchor_message_id;
  char            *summary;
  gint64           token_count;
  char            *created_at;
};

struct _SimState
{
  GPtrArray  *conversations;   /* SimConversation, in creation order */
  GHashTable *conversation_index;
  GHashTable *branch_index;
  GHashTable *message_index;
  GHashTable *checkpoint_index;
  guint64     id_counter;
  gint64      last_time_ms;
  char       *user_created_at;
};

typedef enum
{
  SIM_WRITE_DEFAULT         = 0,
  SIM_WRITE_EMBED           = 1 << 0,  /* conversation: embed messages and branches */
  SIM_WRITE_SNAKE_CASE      = 1 << 1,  /* checkpoint: snake_case keys */
} SimWriteFlags;

SimState        *sim_state_new                 (void);
void             sim_state_free                (SimState        *state);
void             sim_state_clear               (SimState        *state);
char            *sim_state_new_id              (SimState        *state,
                                                const char      *prefix) G_GNUC_WARN_UNUSED_RESULT;
char            *sim_state_now                 (SimState        *state) G_GNUC_WARN_UNUSED_RESULT;
char            *sim_format_time               (gint64           unix_ms) G_GNUC_WARN_UNUSED_RESULT;

SimConversation *sim_state_add_conversation    (SimState        *state,
                                                const char      *title,
                                                const char      *model,
                                                const char      *user_id,
                                                const char      *created_at);
SimBranch       *sim_state_add_branch          (SimState        *state,
                                                SimConversation *conversation,
                                                SimBranch       *parent,
                                                const char      *fork_point_message_id,
                                                const char      *title,
                                                const char      *description,
                                                const char      *context_mode);
SimMessage      *sim_state_append_message      (SimState        *state,
                                                SimBranch       *branch,
                                                const char      *role,
                                                const char      *content,
                                                const char      *model,
                                                JsonObject      *metadata,
                                                const char      *created_at);
void             sim_state_edit_message        (SimState        *state,
                                                SimMessage      *message,
                                                const char      *content);
SimCheckpoint   *sim_state_add_checkpoint      (SimState        *state,
                                                SimConversation *conversation,
                                                SimBranch       *branch,
                                                SimMessage      *anchor);
void             sim_state_refresh_checkpoint  (SimState        *state,
                                                SimCheckpoint   *checkpoint);
void             sim_state_remove_conversation (SimState        *state,
                                                SimConversation *conversation);
void             sim_state_remove_branch       (SimState        *state,
                                                SimBranch       *branch);
void             sim_state_remove_checkpoint   (SimState        *state,
                                                SimCheckpoint   *checkpoint);
void             sim_state_touch               (SimState        *state,
                                                SimConversation *conversation);

SimConversation *sim_state_lookup_conversation (SimState        *state,
                                                const char      *id);
SimBranch       *sim_state_lookup_branch       (SimState        *state,
                                                SimConversation *conversation,
                                                const char      *id);
SimMessage      *sim_state_lookup_message      (SimState        *state,
                                                const char      *id);
SimCheckpoint   *sim_state_lookup_checkpoint   (SimState        *state,
                                                const char      *id);

SimBranch       *sim_conversation_main_branch  (SimConversation *conversation);
SimMessage      *sim_branch_last_visible       (SimBranch       *branch);
guint            sim_branch_visible_count      (SimBranch       *branch);
GPtrArray       *sim_branch_path               (SimState        *state,
                                                SimBranch       *branch,
                                                const char      *until_message_id) G_GNUC_WARN_UNUSED_RESULT;
gboolean         sim_branch_has_checkpoint     (SimState        *state,
                                                SimBranch       *branch);
char            *sim_content_hash              (const char      *role,
                                                const char      *content,
                                                const char      *model,
                                                const char      *parent_message_id,
                                                const char      *branch_id,
                                                const char      *created_at) G_GNUC_WARN_UNUSED_RESULT;

void             sim_write_conversation        (GString         *out,
                                                SimConversation *conversation,
                                                SimWriteFlags    flags);
void             sim_write_branch              (GString         *out,
                                                SimBranch       *branch);
void             sim_write_message             (GString         *out,
                                                SimMessage      *message);
void             sim_write_checkpoint          (GString         *out,
                                                SimCheckpoint   *checkpoint,
                                                SimWriteFlags    flags);
void             sim_write_tree                (GString         *out,
                                                SimState        *state,
                                                SimConversation *conversation);

char            *sim_state_serialize           (SimState        *state,
                                                gsize           *length) G_GNUC_WARN_UNUSED_RESULT;
gboolean         sim_state_load                (SimState        *state,
                                                const char      *contents,
                                                gsize            length,
                                                GError         **error);
void             sim_state_seed                (SimState        *state,
                                                guint            n_conversations,
                                                guint            n_messages);
/* Adds @n_branches branches, several levels deep, to the newest
 * conversation. */
void             sim_state_seed_branches       (SimState        *state,
                                                guint            n_branches);

G_END_DECLS
