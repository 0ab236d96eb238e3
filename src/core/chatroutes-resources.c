/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include "chatroutes-resources.h"

static GDateTime *
parse_timestamp (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL)
    return NULL;

  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

/* ChatroutesConversation {{{ */

struct _ChatroutesConversation
{
  GObject parent_instance;

  char       *id;
  char       *user_id;
  char       *title;
  char       *created_at;
  char       *updated_at;
  char       *model;
  GListStore *messages;
  GListStore *branches;
};

G_DEFINE_FINAL_TYPE (ChatroutesConversation, chatroutes_conversation, G_TYPE_OBJECT)

enum {
  CONVERSATION_PROP_0,
  CONVERSATION_PROP_ID,
  CONVERSATION_PROP_USER_ID,
  CONVERSATION_PROP_TITLE,
  CONVERSATION_PROP_CREATED_AT,
  CONVERSATION_PROP_UPDATED_AT,
  CONVERSATION_PROP_MODEL,
  CONVERSATION_PROP_MESSAGES,
  CONVERSATION_PROP_BRANCHES,
  CONVERSATION_N_PROPS
};

static GParamSpec *conversation_properties[CONVERSATION_N_PROPS];

static void
chatroutes_conversation_finalize (GObject *object)
{
  ChatroutesConversation *self = CHATROUTES_CONVERSATION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_object (&self->messages);
  g_clear_object (&self->branches);

  G_OBJECT_CLASS (chatroutes_conversation_parent_class)->finalize (object);
}

static void
chatroutes_conversation_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ChatroutesConversation *self = CHATROUTES_CONVERSATION (object);

  switch (prop_id)
    {
    case CONVERSATION_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case CONVERSATION_PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;

    case CONVERSATION_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case CONVERSATION_PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    case CONVERSATION_PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    case CONVERSATION_PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case CONVERSATION_PROP_MESSAGES:
      g_value_set_object (value, self->messages);
      break;

    case CONVERSATION_PROP_BRANCHES:
      g_value_set_object (value, self->branches);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_conversation_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  ChatroutesConversation *self = CHATROUTES_CONVERSATION (object);

  switch (prop_id)
    {
    case CONVERSATION_PROP_ID:
      chatroutes_conversation_set_id (self, g_value_get_string (value));
      break;

    case CONVERSATION_PROP_USER_ID:
      chatroutes_conversation_set_user_id (self, g_value_get_string (value));
      break;

    case CONVERSATION_PROP_TITLE:
      chatroutes_conversation_set_title (self, g_value_get_string (value));
      break;

    case CONVERSATION_PROP_CREATED_AT:
      chatroutes_conversation_set_created_at (self, g_value_get_string (value));
      break;

    case CONVERSATION_PROP_UPDATED_AT:
      chatroutes_conversation_set_updated_at (self, g_value_get_string (value));
      break;

    case CONVERSATION_PROP_MODEL:
      chatroutes_conversation_set_model (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_conversation_class_init (ChatroutesConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_conversation_finalize;
  object_class->get_property = chatroutes_conversation_get_property;
  object_class->set_property = chatroutes_conversation_set_property;

  conversation_properties[CONVERSATION_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  conversation_properties[CONVERSATION_PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  conversation_properties[CONVERSATION_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  conversation_properties[CONVERSATION_PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  conversation_properties[CONVERSATION_PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  conversation_properties[CONVERSATION_PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  conversation_properties[CONVERSATION_PROP_MESSAGES] =
    g_param_spec_object ("messages", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  conversation_properties[CONVERSATION_PROP_BRANCHES] =
    g_param_spec_object ("branches", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, CONVERSATION_N_PROPS, conversation_properties);
}

static void
chatroutes_conversation_init (ChatroutesConversation *self)
{
  self->messages = g_list_store_new (CHATROUTES_TYPE_MESSAGE);
  self->branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
}

ChatroutesConversation *
chatroutes_conversation_new (void)
{
  return g_object_new (CHATROUTES_TYPE_CONVERSATION, NULL);
}

const char *
chatroutes_conversation_get_id (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return self->id;
}

void
chatroutes_conversation_set_id (ChatroutesConversation *self,
                                const char             *id)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION (self));

  if (g_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_ID]);
}

const char *
chatroutes_conversation_get_user_id (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return self->user_id;
}

void
chatroutes_conversation_set_user_id (ChatroutesConversation *self,
                                     const char             *user_id)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION (self));

  if (g_set_str (&self->user_id, user_id))
    g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_USER_ID]);
}

const char *
chatroutes_conversation_get_title (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return self->title;
}

void
chatroutes_conversation_set_title (ChatroutesConversation *self,
                                   const char             *title)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION (self));

  if (g_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_TITLE]);
}

const char *
chatroutes_conversation_get_created_at (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return self->created_at;
}

void
chatroutes_conversation_set_created_at (ChatroutesConversation *self,
                                        const char             *created_at)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION (self));

  if (g_set_str (&self->created_at, created_at))
    g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_CREATED_AT]);
}

const char *
chatroutes_conversation_get_updated_at (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return self->updated_at;
}

void
chatroutes_conversation_set_updated_at (ChatroutesConversation *self,
                                        const char             *updated_at)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION (self));

  if (g_set_str (&self->updated_at, updated_at))
    g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_UPDATED_AT]);
}

const char *
chatroutes_conversation_get_model (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return self->model;
}

void
chatroutes_conversation_set_model (ChatroutesConversation *self,
                                   const char             *model)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION (self));

  if (g_set_str (&self->model, model))
    g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_MODEL]);
}

GListModel *
chatroutes_conversation_get_messages (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return G_LIST_MODEL (self->messages);
}

GListModel *
chatroutes_conversation_get_branches (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return G_LIST_MODEL (self->branches);
}

GDateTime *
chatroutes_conversation_dup_created_at_datetime (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return parse_timestamp (self->created_at);
}

GDateTime *
chatroutes_conversation_dup_updated_at_datetime (ChatroutesConversation *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (self), NULL);

  return parse_timestamp (self->updated_at);
}

/* }}} */

/* ChatroutesMessage {{{ */

struct _ChatroutesMessage
{
  GObject parent_instance;

  char     *id;
  char     *conversation_id;
  char     *branch_id;
  char     *role;
  char     *content;
  gint64    token_count;
  char     *created_at;
  char     *parent_message_id;
  char     *model;
  char     *content_hash;
  char     *metadata_model;
  double    temperature;
  gint64    max_tokens;
  double    response_time;
  char     *finish_reason;
  double    cost;
  gboolean  context_truncated;
  gboolean  checkpoint_used;
  gint64    prompt_tokens;
  gint64    context_message_count;
};

G_DEFINE_FINAL_TYPE (ChatroutesMessage, chatroutes_message, G_TYPE_OBJECT)

enum {
  MESSAGE_PROP_0,
  MESSAGE_PROP_ID,
  MESSAGE_PROP_CONVERSATION_ID,
  MESSAGE_PROP_BRANCH_ID,
  MESSAGE_PROP_ROLE,
  MESSAGE_PROP_CONTENT,
  MESSAGE_PROP_TOKEN_COUNT,
  MESSAGE_PROP_CREATED_AT,
  MESSAGE_PROP_PARENT_MESSAGE_ID,
  MESSAGE_PROP_MODEL,
  MESSAGE_PROP_CONTENT_HASH,
  MESSAGE_PROP_METADATA_MODEL,
  MESSAGE_PROP_TEMPERATURE,
  MESSAGE_PROP_MAX_TOKENS,
  MESSAGE_PROP_RESPONSE_TIME,
  MESSAGE_PROP_FINISH_REASON,
  MESSAGE_PROP_COST,
  MESSAGE_PROP_CONTEXT_TRUNCATED,
  MESSAGE_PROP_CHECKPOINT_USED,
  MESSAGE_PROP_PROMPT_TOKENS,
  MESSAGE_PROP_CONTEXT_MESSAGE_COUNT,
  MESSAGE_N_PROPS
};

static GParamSpec *message_properties[MESSAGE_N_PROPS];

static void
chatroutes_message_finalize (GObject *object)
{
  ChatroutesMessage *self = CHATROUTES_MESSAGE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->conversation_id, g_free);
  g_clear_pointer (&self->branch_id, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->content, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->parent_message_id, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->content_hash, g_free);
  g_clear_pointer (&self->metadata_model, g_free);
  g_clear_pointer (&self->finish_reason, g_free);

  G_OBJECT_CLASS (chatroutes_message_parent_class)->finalize (object);
}

static void
chatroutes_message_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ChatroutesMessage *self = CHATROUTES_MESSAGE (object);

  switch (prop_id)
    {
    case MESSAGE_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case MESSAGE_PROP_CONVERSATION_ID:
      g_value_set_string (value, self->conversation_id);
      break;

    case MESSAGE_PROP_BRANCH_ID:
      g_value_set_string (value, self->branch_id);
      break;

    case MESSAGE_PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    case MESSAGE_PROP_CONTENT:
      g_value_set_string (value, self->content);
      break;

    case MESSAGE_PROP_TOKEN_COUNT:
      g_value_set_int64 (value, self->token_count);
      break;

    case MESSAGE_PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    case MESSAGE_PROP_PARENT_MESSAGE_ID:
      g_value_set_string (value, self->parent_message_id);
      break;

    case MESSAGE_PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case MESSAGE_PROP_CONTENT_HASH:
      g_value_set_string (value, self->content_hash);
      break;

    case MESSAGE_PROP_METADATA_MODEL:
      g_value_set_string (value, self->metadata_model);
      break;

    case MESSAGE_PROP_TEMPERATURE:
      g_value_set_double (value, self->temperature);
      break;

    case MESSAGE_PROP_MAX_TOKENS:
      g_value_set_int64 (value, self->max_tokens);
      break;

    case MESSAGE_PROP_RESPONSE_TIME:
      g_value_set_double (value, self->response_time);
      break;

    case MESSAGE_PROP_FINISH_REASON:
      g_value_set_string (value, self->finish_reason);
      break;

    case MESSAGE_PROP_COST:
      g_value_set_double (value, self->cost);
      break;

    case MESSAGE_PROP_CONTEXT_TRUNCATED:
      g_value_set_boolean (value, self->context_truncated);
      break;

    case MESSAGE_PROP_CHECKPOINT_USED:
      g_value_set_boolean (value, self->checkpoint_used);
      break;

    case MESSAGE_PROP_PROMPT_TOKENS:
      g_value_set_int64 (value, self->prompt_tokens);
      break;

    case MESSAGE_PROP_CONTEXT_MESSAGE_COUNT:
      g_value_set_int64 (value, self->context_message_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_message_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ChatroutesMessage *self = CHATROUTES_MESSAGE (object);

  switch (prop_id)
    {
    case MESSAGE_PROP_ID:
      chatroutes_message_set_id (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_CONVERSATION_ID:
      chatroutes_message_set_conversation_id (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_BRANCH_ID:
      chatroutes_message_set_branch_id (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_ROLE:
      chatroutes_message_set_role (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_CONTENT:
      chatroutes_message_set_content (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_TOKEN_COUNT:
      chatroutes_message_set_token_count (self, g_value_get_int64 (value));
      break;

    case MESSAGE_PROP_CREATED_AT:
      chatroutes_message_set_created_at (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_PARENT_MESSAGE_ID:
      chatroutes_message_set_parent_message_id (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_MODEL:
      chatroutes_message_set_model (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_CONTENT_HASH:
      chatroutes_message_set_content_hash (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_METADATA_MODEL:
      chatroutes_message_set_metadata_model (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_TEMPERATURE:
      chatroutes_message_set_temperature (self, g_value_get_double (value));
      break;

    case MESSAGE_PROP_MAX_TOKENS:
      chatroutes_message_set_max_tokens (self, g_value_get_int64 (value));
      break;

    case MESSAGE_PROP_RESPONSE_TIME:
      chatroutes_message_set_response_time (self, g_value_get_double (value));
      break;

    case MESSAGE_PROP_FINISH_REASON:
      chatroutes_message_set_finish_reason (self, g_value_get_string (value));
      break;

    case MESSAGE_PROP_COST:
      chatroutes_message_set_cost (self, g_value_get_double (value));
      break;

    case MESSAGE_PROP_CONTEXT_TRUNCATED:
      chatroutes_message_set_context_truncated (self, g_value_get_boolean (value));
      break;

    case MESSAGE_PROP_CHECKPOINT_USED:
      chatroutes_message_set_checkpoint_used (self, g_value_get_boolean (value));
      break;

    case MESSAGE_PROP_PROMPT_TOKENS:
      chatroutes_message_set_prompt_tokens (self, g_value_get_int64 (value));
      break;

    case MESSAGE_PROP_CONTEXT_MESSAGE_COUNT:
      chatroutes_message_set_context_message_count (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_message_class_init (ChatroutesMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_message_finalize;
  object_class->get_property = chatroutes_message_get_property;
  object_class->set_property = chatroutes_message_set_property;

  message_properties[MESSAGE_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_CONVERSATION_ID] =
    g_param_spec_string ("conversation-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_BRANCH_ID] =
    g_param_spec_string ("branch-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_TOKEN_COUNT] =
    g_param_spec_int64 ("token-count", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_PARENT_MESSAGE_ID] =
    g_param_spec_string ("parent-message-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_CONTENT_HASH] =
    g_param_spec_string ("content-hash", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_METADATA_MODEL] =
    g_param_spec_string ("metadata-model", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_TEMPERATURE] =
    g_param_spec_double ("temperature", NULL, NULL,
                         -1.0, G_MAXDOUBLE, -1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_MAX_TOKENS] =
    g_param_spec_int64 ("max-tokens", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_RESPONSE_TIME] =
    g_param_spec_double ("response-time", NULL, NULL,
                         -1.0, G_MAXDOUBLE, -1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_FINISH_REASON] =
    g_param_spec_string ("finish-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_COST] =
    g_param_spec_double ("cost", NULL, NULL,
                         -1.0, G_MAXDOUBLE, -1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_CONTEXT_TRUNCATED] =
    g_param_spec_boolean ("context-truncated", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_CHECKPOINT_USED] =
    g_param_spec_boolean ("checkpoint-used", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_PROMPT_TOKENS] =
    g_param_spec_int64 ("prompt-tokens", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  message_properties[MESSAGE_PROP_CONTEXT_MESSAGE_COUNT] =
    g_param_spec_int64 ("context-message-count", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, MESSAGE_N_PROPS, message_properties);
}

static void
chatroutes_message_init (ChatroutesMessage *self)
{
  self->token_count = -1;
  self->temperature = -1.0;
  self->max_tokens = -1;
  self->response_time = -1.0;
  self->cost = -1.0;
  self->prompt_tokens = -1;
  self->context_message_count = -1;
}

ChatroutesMessage *
chatroutes_message_new (void)
{
  return g_object_new (CHATROUTES_TYPE_MESSAGE, NULL);
}

const char *
chatroutes_message_get_id (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->id;
}

void
chatroutes_message_set_id (ChatroutesMessage *self,
                           const char        *id)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_ID]);
}

const char *
chatroutes_message_get_conversation_id (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->conversation_id;
}

void
chatroutes_message_set_conversation_id (ChatroutesMessage *self,
                                        const char        *conversation_id)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->conversation_id, conversation_id))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CONVERSATION_ID]);
}

const char *
chatroutes_message_get_branch_id (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->branch_id;
}

void
chatroutes_message_set_branch_id (ChatroutesMessage *self,
                                  const char        *branch_id)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->branch_id, branch_id))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_BRANCH_ID]);
}

const char *
chatroutes_message_get_role (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->role;
}

void
chatroutes_message_set_role (ChatroutesMessage *self,
                             const char        *role)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->role, role))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_ROLE]);
}

const char *
chatroutes_message_get_content (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->content;
}

void
chatroutes_message_set_content (ChatroutesMessage *self,
                                const char        *content)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->content, content))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CONTENT]);
}

void
chatroutes_message_take_content (ChatroutesMessage *self,
                                 char              *content)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_strcmp0 (self->content, content) == 0)
    {
      g_free (content);
      return;
    }
  g_free (self->content);
  self->content = content;
  g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CONTENT]);
}

gint64
chatroutes_message_get_token_count (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), -1);

  return self->token_count;
}

void
chatroutes_message_set_token_count (ChatroutesMessage *self,
                                    gint64             token_count)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));
  g_return_if_fail (token_count >= -1);

  if (self->token_count != token_count)
    {
      self->token_count = token_count;
      g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_TOKEN_COUNT]);
    }
}

const char *
chatroutes_message_get_created_at (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->created_at;
}

void
chatroutes_message_set_created_at (ChatroutesMessage *self,
                                   const char        *created_at)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->created_at, created_at))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CREATED_AT]);
}

const char *
chatroutes_message_get_parent_message_id (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->parent_message_id;
}

void
chatroutes_message_set_parent_message_id (ChatroutesMessage *self,
                                          const char        *parent_message_id)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->parent_message_id, parent_message_id))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_PARENT_MESSAGE_ID]);
}

const char *
chatroutes_message_get_model (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->model;
}

void
chatroutes_message_set_model (ChatroutesMessage *self,
                              const char        *model)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->model, model))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_MODEL]);
}

const char *
chatroutes_message_get_content_hash (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->content_hash;
}

void
chatroutes_message_set_content_hash (ChatroutesMessage *self,
                                     const char        *content_hash)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->content_hash, content_hash))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CONTENT_HASH]);
}

const char *
chatroutes_message_get_metadata_model (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->metadata_model;
}

void
chatroutes_message_set_metadata_model (ChatroutesMessage *self,
                                       const char        *metadata_model)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->metadata_model, metadata_model))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_METADATA_MODEL]);
}

double
chatroutes_message_get_temperature (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), -1.0);

  return self->temperature;
}

void
chatroutes_message_set_temperature (ChatroutesMessage *self,
                                    double             temperature)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));
  g_return_if_fail (temperature >= -1.0);

  if (self->temperature != temperature)
    {
      self->temperature = temperature;
      g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_TEMPERATURE]);
    }
}

gint64
chatroutes_message_get_max_tokens (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), -1);

  return self->max_tokens;
}

void
chatroutes_message_set_max_tokens (ChatroutesMessage *self,
                                   gint64             max_tokens)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));
  g_return_if_fail (max_tokens >= -1);

  if (self->max_tokens != max_tokens)
    {
      self->max_tokens = max_tokens;
      g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_MAX_TOKENS]);
    }
}

double
chatroutes_message_get_response_time (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), -1.0);

  return self->response_time;
}

void
chatroutes_message_set_response_time (ChatroutesMessage *self,
                                      double             response_time)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));
  g_return_if_fail (response_time >= -1.0);

  if (self->response_time != response_time)
    {
      self->response_time = response_time;
      g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_RESPONSE_TIME]);
    }
}

const char *
chatroutes_message_get_finish_reason (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return self->finish_reason;
}

void
chatroutes_message_set_finish_reason (ChatroutesMessage *self,
                                      const char        *finish_reason)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  if (g_set_str (&self->finish_reason, finish_reason))
    g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_FINISH_REASON]);
}

double
chatroutes_message_get_cost (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), -1.0);

  return self->cost;
}

void
chatroutes_message_set_cost (ChatroutesMessage *self,
                             double             cost)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));
  g_return_if_fail (cost >= -1.0);

  if (self->cost != cost)
    {
      self->cost = cost;
      g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_COST]);
    }
}

gboolean
chatroutes_message_get_context_truncated (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), FALSE);

  return self->context_truncated;
}

void
chatroutes_message_set_context_truncated (ChatroutesMessage *self,
                                          gboolean           context_truncated)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  context_truncated = !!context_truncated;

  if (self->context_truncated != context_truncated)
    {
      self->context_truncated = context_truncated;
      g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CONTEXT_TRUNCATED]);
    }
}

gboolean
chatroutes_message_get_checkpoint_used (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), FALSE);

  return self->checkpoint_used;
}

void
chatroutes_message_set_checkpoint_used (ChatroutesMessage *self,
                                        gboolean           checkpoint_used)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));

  checkpoint_used = !!checkpoint_used;

  if (self->checkpoint_used != checkpoint_used)
    {
      self->checkpoint_used = checkpoint_used;
      g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CHECKPOINT_USED]);
    }
}

gint64
chatroutes_message_get_prompt_tokens (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), -1);

  return self->prompt_tokens;
}

void
chatroutes_message_set_prompt_tokens (ChatroutesMessage *self,
                                      gint64             prompt_tokens)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));
  g_return_if_fail (prompt_tokens >= -1);

  if (self->prompt_tokens != prompt_tokens)
    {
      self->prompt_tokens = prompt_tokens;
      g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_PROMPT_TOKENS]);
    }
}

gint64
chatroutes_message_get_context_message_count (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), -1);

  return self->context_message_count;
}

void
chatroutes_message_set_context_message_count (ChatroutesMessage *self,
                                              gint64             context_message_count)
{
  g_return_if_fail (CHATROUTES_IS_MESSAGE (self));
  g_return_if_fail (context_message_count >= -1);

  if (self->context_message_count != context_message_count)
    {
      self->context_message_count = context_message_count;
      g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CONTEXT_MESSAGE_COUNT]);
    }
}

GDateTime *
chatroutes_message_dup_created_at_datetime (ChatroutesMessage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), NULL);

  return parse_timestamp (self->created_at);
}

ChatroutesContentHashResult
chatroutes_message_verify_content_hash (ChatroutesMessage *self)
{
  ChatroutesContentHashResult result;

  g_return_val_if_fail (CHATROUTES_IS_MESSAGE (self), CHATROUTES_CONTENT_HASH_UNAVAILABLE);

  result = chatroutes_content_hash_check (self->content_hash,
                                          self->role,
                                          self->content,
                                          self->model,
                                          self->parent_message_id,
                                          self->branch_id,
                                          self->created_at);

  /* A message that names its model only in the metadata may have been
   * hashed with that model. */
  if (result == CHATROUTES_CONTENT_HASH_MISMATCH &&
      self->model == NULL &&
      self->metadata_model != NULL)
    result = chatroutes_content_hash_check (self->content_hash,
                                            self->role,
                                            self->content,
                                            self->metadata_model,
                                            self->parent_message_id,
                                            self->branch_id,
                                            self->created_at);

  return result;
}

/* }}} */

/* ChatroutesBranch {{{ */

struct _ChatroutesBranch
{
  GObject parent_instance;

  char     *id;
  char     *conversation_id;
  char     *parent_branch_id;
  char     *fork_point_message_id;
  char     *title;
  char     *context_mode;
  gboolean  is_main;
  gboolean  is_active;
  char     *created_at;
  char     *updated_at;
  gint64    message_count;
  char     *description;
};

G_DEFINE_FINAL_TYPE (ChatroutesBranch, chatroutes_branch, G_TYPE_OBJECT)

enum {
  BRANCH_PROP_0,
  BRANCH_PROP_ID,
  BRANCH_PROP_CONVERSATION_ID,
  BRANCH_PROP_PARENT_BRANCH_ID,
  BRANCH_PROP_FORK_POINT_MESSAGE_ID,
  BRANCH_PROP_TITLE,
  BRANCH_PROP_CONTEXT_MODE,
  BRANCH_PROP_IS_MAIN,
  BRANCH_PROP_IS_ACTIVE,
  BRANCH_PROP_CREATED_AT,
  BRANCH_PROP_UPDATED_AT,
  BRANCH_PROP_MESSAGE_COUNT,
  BRANCH_PROP_DESCRIPTION,
  BRANCH_N_PROPS
};

static GParamSpec *branch_properties[BRANCH_N_PROPS];

static void
chatroutes_branch_finalize (GObject *object)
{
  ChatroutesBranch *self = CHATROUTES_BRANCH (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->conversation_id, g_free);
  g_clear_pointer (&self->parent_branch_id, g_free);
  g_clear_pointer (&self->fork_point_message_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->context_mode, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (chatroutes_branch_parent_class)->finalize (object);
}

static void
chatroutes_branch_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ChatroutesBranch *self = CHATROUTES_BRANCH (object);

  switch (prop_id)
    {
    case BRANCH_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case BRANCH_PROP_CONVERSATION_ID:
      g_value_set_string (value, self->conversation_id);
      break;

    case BRANCH_PROP_PARENT_BRANCH_ID:
      g_value_set_string (value, self->parent_branch_id);
      break;

    case BRANCH_PROP_FORK_POINT_MESSAGE_ID:
      g_value_set_string (value, self->fork_point_message_id);
      break;

    case BRANCH_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case BRANCH_PROP_CONTEXT_MODE:
      g_value_set_string (value, self->context_mode);
      break;

    case BRANCH_PROP_IS_MAIN:
      g_value_set_boolean (value, self->is_main);
      break;

    case BRANCH_PROP_IS_ACTIVE:
      g_value_set_boolean (value, self->is_active);
      break;

    case BRANCH_PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    case BRANCH_PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    case BRANCH_PROP_MESSAGE_COUNT:
      g_value_set_int64 (value, self->message_count);
      break;

    case BRANCH_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_branch_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ChatroutesBranch *self = CHATROUTES_BRANCH (object);

  switch (prop_id)
    {
    case BRANCH_PROP_ID:
      chatroutes_branch_set_id (self, g_value_get_string (value));
      break;

    case BRANCH_PROP_CONVERSATION_ID:
      chatroutes_branch_set_conversation_id (self, g_value_get_string (value));
      break;

    case BRANCH_PROP_PARENT_BRANCH_ID:
      chatroutes_branch_set_parent_branch_id (self, g_value_get_string (value));
      break;

    case BRANCH_PROP_FORK_POINT_MESSAGE_ID:
      chatroutes_branch_set_fork_point_message_id (self, g_value_get_string (value));
      break;

    case BRANCH_PROP_TITLE:
      chatroutes_branch_set_title (self, g_value_get_string (value));
      break;

    case BRANCH_PROP_CONTEXT_MODE:
      chatroutes_branch_set_context_mode (self, g_value_get_string (value));
      break;

    case BRANCH_PROP_IS_MAIN:
      chatroutes_branch_set_is_main (self, g_value_get_boolean (value));
      break;

    case BRANCH_PROP_IS_ACTIVE:
      chatroutes_branch_set_is_active (self, g_value_get_boolean (value));
      break;

    case BRANCH_PROP_CREATED_AT:
      chatroutes_branch_set_created_at (self, g_value_get_string (value));
      break;

    case BRANCH_PROP_UPDATED_AT:
      chatroutes_branch_set_updated_at (self, g_value_get_string (value));
      break;

    case BRANCH_PROP_MESSAGE_COUNT:
      chatroutes_branch_set_message_count (self, g_value_get_int64 (value));
      break;

    case BRANCH_PROP_DESCRIPTION:
      chatroutes_branch_set_description (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_branch_class_init (ChatroutesBranchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_branch_finalize;
  object_class->get_property = chatroutes_branch_get_property;
  object_class->set_property = chatroutes_branch_set_property;

  branch_properties[BRANCH_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_CONVERSATION_ID] =
    g_param_spec_string ("conversation-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_PARENT_BRANCH_ID] =
    g_param_spec_string ("parent-branch-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_FORK_POINT_MESSAGE_ID] =
    g_param_spec_string ("fork-point-message-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_CONTEXT_MODE] =
    g_param_spec_string ("context-mode", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_IS_MAIN] =
    g_param_spec_boolean ("is-main", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_IS_ACTIVE] =
    g_param_spec_boolean ("is-active", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_MESSAGE_COUNT] =
    g_param_spec_int64 ("message-count", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  branch_properties[BRANCH_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, BRANCH_N_PROPS, branch_properties);
}

static void
chatroutes_branch_init (ChatroutesBranch *self)
{
  self->message_count = -1;
}

ChatroutesBranch *
chatroutes_branch_new (void)
{
  return g_object_new (CHATROUTES_TYPE_BRANCH, NULL);
}

const char *
chatroutes_branch_get_id (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return self->id;
}

void
chatroutes_branch_set_id (ChatroutesBranch *self,
                          const char       *id)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  if (g_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_ID]);
}

const char *
chatroutes_branch_get_conversation_id (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return self->conversation_id;
}

void
chatroutes_branch_set_conversation_id (ChatroutesBranch *self,
                                       const char       *conversation_id)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  if (g_set_str (&self->conversation_id, conversation_id))
    g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_CONVERSATION_ID]);
}

const char *
chatroutes_branch_get_parent_branch_id (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return self->parent_branch_id;
}

void
chatroutes_branch_set_parent_branch_id (ChatroutesBranch *self,
                                        const char       *parent_branch_id)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  if (g_set_str (&self->parent_branch_id, parent_branch_id))
    g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_PARENT_BRANCH_ID]);
}

const char *
chatroutes_branch_get_fork_point_message_id (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return self->fork_point_message_id;
}

void
chatroutes_branch_set_fork_point_message_id (ChatroutesBranch *self,
                                             const char       *fork_point_message_id)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  if (g_set_str (&self->fork_point_message_id, fork_point_message_id))
    g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_FORK_POINT_MESSAGE_ID]);
}

const char *
chatroutes_branch_get_title (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return self->title;
}

void
chatroutes_branch_set_title (ChatroutesBranch *self,
                             const char       *title)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  if (g_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_TITLE]);
}

const char *
chatroutes_branch_get_context_mode (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return self->context_mode;
}

void
chatroutes_branch_set_context_mode (ChatroutesBranch *self,
                                    const char       *context_mode)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  if (g_set_str (&self->context_mode, context_mode))
    g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_CONTEXT_MODE]);
}

gboolean
chatroutes_branch_get_is_main (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), FALSE);

  return self->is_main;
}

void
chatroutes_branch_set_is_main (ChatroutesBranch *self,
                               gboolean          is_main)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  is_main = !!is_main;

  if (self->is_main != is_main)
    {
      self->is_main = is_main;
      g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_IS_MAIN]);
    }
}

gboolean
chatroutes_branch_get_is_active (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), FALSE);

  return self->is_active;
}

void
chatroutes_branch_set_is_active (ChatroutesBranch *self,
                                 gboolean          is_active)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  is_active = !!is_active;

  if (self->is_active != is_active)
    {
      self->is_active = is_active;
      g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_IS_ACTIVE]);
    }
}

const char *
chatroutes_branch_get_created_at (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return self->created_at;
}

void
chatroutes_branch_set_created_at (ChatroutesBranch *self,
                                  const char       *created_at)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  if (g_set_str (&self->created_at, created_at))
    g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_CREATED_AT]);
}

const char *
chatroutes_branch_get_updated_at (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return self->updated_at;
}

void
chatroutes_branch_set_updated_at (ChatroutesBranch *self,
                                  const char       *updated_at)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  if (g_set_str (&self->updated_at, updated_at))
    g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_UPDATED_AT]);
}

gint64
chatroutes_branch_get_message_count (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), -1);

  return self->message_count;
}

void
chatroutes_branch_set_message_count (ChatroutesBranch *self,
                                     gint64            message_count)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));
  g_return_if_fail (message_count >= -1);

  if (self->message_count != message_count)
    {
      self->message_count = message_count;
      g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_MESSAGE_COUNT]);
    }
}

const char *
chatroutes_branch_get_description (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return self->description;
}

void
chatroutes_branch_set_description (ChatroutesBranch *self,
                                   const char       *description)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH (self));

  if (g_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), branch_properties[BRANCH_PROP_DESCRIPTION]);
}

GDateTime *
chatroutes_branch_dup_created_at_datetime (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return parse_timestamp (self->created_at);
}

GDateTime *
chatroutes_branch_dup_updated_at_datetime (ChatroutesBranch *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH (self), NULL);

  return parse_timestamp (self->updated_at);
}

/* }}} */

/* ChatroutesUsage {{{ */

struct _ChatroutesUsage
{
  GObject parent_instance;

  gint64  prompt_tokens;
  gint64  completion_tokens;
  gint64  total_tokens;
};

G_DEFINE_FINAL_TYPE (ChatroutesUsage, chatroutes_usage, G_TYPE_OBJECT)

enum {
  USAGE_PROP_0,
  USAGE_PROP_PROMPT_TOKENS,
  USAGE_PROP_COMPLETION_TOKENS,
  USAGE_PROP_TOTAL_TOKENS,
  USAGE_N_PROPS
};

static GParamSpec *usage_properties[USAGE_N_PROPS];

static void
chatroutes_usage_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ChatroutesUsage *self = CHATROUTES_USAGE (object);

  switch (prop_id)
    {
    case USAGE_PROP_PROMPT_TOKENS:
      g_value_set_int64 (value, self->prompt_tokens);
      break;

    case USAGE_PROP_COMPLETION_TOKENS:
      g_value_set_int64 (value, self->completion_tokens);
      break;

    case USAGE_PROP_TOTAL_TOKENS:
      g_value_set_int64 (value, self->total_tokens);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_usage_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ChatroutesUsage *self = CHATROUTES_USAGE (object);

  switch (prop_id)
    {
    case USAGE_PROP_PROMPT_TOKENS:
      chatroutes_usage_set_prompt_tokens (self, g_value_get_int64 (value));
      break;

    case USAGE_PROP_COMPLETION_TOKENS:
      chatroutes_usage_set_completion_tokens (self, g_value_get_int64 (value));
      break;

    case USAGE_PROP_TOTAL_TOKENS:
      chatroutes_usage_set_total_tokens (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_usage_class_init (ChatroutesUsageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = chatroutes_usage_get_property;
  object_class->set_property = chatroutes_usage_set_property;

  usage_properties[USAGE_PROP_PROMPT_TOKENS] =
    g_param_spec_int64 ("prompt-tokens", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  usage_properties[USAGE_PROP_COMPLETION_TOKENS] =
    g_param_spec_int64 ("completion-tokens", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  usage_properties[USAGE_PROP_TOTAL_TOKENS] =
    g_param_spec_int64 ("total-tokens", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, USAGE_N_PROPS, usage_properties);
}

static void
chatroutes_usage_init (ChatroutesUsage *self)
{
  self->prompt_tokens = -1;
  self->completion_tokens = -1;
  self->total_tokens = -1;
}

ChatroutesUsage *
chatroutes_usage_new (void)
{
  return g_object_new (CHATROUTES_TYPE_USAGE, NULL);
}

gint64
chatroutes_usage_get_prompt_tokens (ChatroutesUsage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_USAGE (self), -1);

  return self->prompt_tokens;
}

void
chatroutes_usage_set_prompt_tokens (ChatroutesUsage *self,
                                    gint64           prompt_tokens)
{
  g_return_if_fail (CHATROUTES_IS_USAGE (self));
  g_return_if_fail (prompt_tokens >= -1);

  if (self->prompt_tokens != prompt_tokens)
    {
      self->prompt_tokens = prompt_tokens;
      g_object_notify_by_pspec (G_OBJECT (self), usage_properties[USAGE_PROP_PROMPT_TOKENS]);
    }
}

gint64
chatroutes_usage_get_completion_tokens (ChatroutesUsage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_USAGE (self), -1);

  return self->completion_tokens;
}

void
chatroutes_usage_set_completion_tokens (ChatroutesUsage *self,
                                        gint64           completion_tokens)
{
  g_return_if_fail (CHATROUTES_IS_USAGE (self));
  g_return_if_fail (completion_tokens >= -1);

  if (self->completion_tokens != completion_tokens)
    {
      self->completion_tokens = completion_tokens;
      g_object_notify_by_pspec (G_OBJECT (self), usage_properties[USAGE_PROP_COMPLETION_TOKENS]);
    }
}

gint64
chatroutes_usage_get_total_tokens (ChatroutesUsage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_USAGE (self), -1);

  return self->total_tokens;
}

void
chatroutes_usage_set_total_tokens (ChatroutesUsage *self,
                                   gint64           total_tokens)
{
  g_return_if_fail (CHATROUTES_IS_USAGE (self));
  g_return_if_fail (total_tokens >= -1);

  if (self->total_tokens != total_tokens)
    {
      self->total_tokens = total_tokens;
      g_object_notify_by_pspec (G_OBJECT (self), usage_properties[USAGE_PROP_TOTAL_TOKENS]);
    }
}

/* }}} */

/* ChatroutesCheckpoint {{{ */

struct _ChatroutesCheckpoint
{
  GObject parent_instance;

  char   *id;
  char   *summary;
  char   *conversation_id;
  char   *branch_id;
  char   *anchor_message_id;
  gint64  token_count;
  char   *created_at;
};

G_DEFINE_FINAL_TYPE (ChatroutesCheckpoint, chatroutes_checkpoint, G_TYPE_OBJECT)

enum {
  CHECKPOINT_PROP_0,
  CHECKPOINT_PROP_ID,
  CHECKPOINT_PROP_SUMMARY,
  CHECKPOINT_PROP_CONVERSATION_ID,
  CHECKPOINT_PROP_BRANCH_ID,
  CHECKPOINT_PROP_ANCHOR_MESSAGE_ID,
  CHECKPOINT_PROP_TOKEN_COUNT,
  CHECKPOINT_PROP_CREATED_AT,
  CHECKPOINT_N_PROPS
};

static GParamSpec *checkpoint_properties[CHECKPOINT_N_PROPS];

static void
chatroutes_checkpoint_finalize (GObject *object)
{
  ChatroutesCheckpoint *self = CHATROUTES_CHECKPOINT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->conversation_id, g_free);
  g_clear_pointer (&self->branch_id, g_free);
  g_clear_pointer (&self->anchor_message_id, g_free);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (chatroutes_checkpoint_parent_class)->finalize (object);
}

static void
chatroutes_checkpoint_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ChatroutesCheckpoint *self = CHATROUTES_CHECKPOINT (object);

  switch (prop_id)
    {
    case CHECKPOINT_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case CHECKPOINT_PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case CHECKPOINT_PROP_CONVERSATION_ID:
      g_value_set_string (value, self->conversation_id);
      break;

    case CHECKPOINT_PROP_BRANCH_ID:
      g_value_set_string (value, self->branch_id);
      break;

    case CHECKPOINT_PROP_ANCHOR_MESSAGE_ID:
      g_value_set_string (value, self->anchor_message_id);
      break;

    case CHECKPOINT_PROP_TOKEN_COUNT:
      g_value_set_int64 (value, self->token_count);
      break;

    case CHECKPOINT_PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_checkpoint_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ChatroutesCheckpoint *self = CHATROUTES_CHECKPOINT (object);

  switch (prop_id)
    {
    case CHECKPOINT_PROP_ID:
      chatroutes_checkpoint_set_id (self, g_value_get_string (value));
      break;

    case CHECKPOINT_PROP_SUMMARY:
      chatroutes_checkpoint_set_summary (self, g_value_get_string (value));
      break;

    case CHECKPOINT_PROP_CONVERSATION_ID:
      chatroutes_checkpoint_set_conversation_id (self, g_value_get_string (value));
      break;

    case CHECKPOINT_PROP_BRANCH_ID:
      chatroutes_checkpoint_set_branch_id (self, g_value_get_string (value));
      break;

    case CHECKPOINT_PROP_ANCHOR_MESSAGE_ID:
      chatroutes_checkpoint_set_anchor_message_id (self, g_value_get_string (value));
      break;

    case CHECKPOINT_PROP_TOKEN_COUNT:
      chatroutes_checkpoint_set_token_count (self, g_value_get_int64 (value));
      break;

    case CHECKPOINT_PROP_CREATED_AT:
      chatroutes_checkpoint_set_created_at (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_checkpoint_class_init (ChatroutesCheckpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_checkpoint_finalize;
  object_class->get_property = chatroutes_checkpoint_get_property;
  object_class->set_property = chatroutes_checkpoint_set_property;

  checkpoint_properties[CHECKPOINT_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  checkpoint_properties[CHECKPOINT_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  checkpoint_properties[CHECKPOINT_PROP_CONVERSATION_ID] =
    g_param_spec_string ("conversation-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  checkpoint_properties[CHECKPOINT_PROP_BRANCH_ID] =
    g_param_spec_string ("branch-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  checkpoint_properties[CHECKPOINT_PROP_ANCHOR_MESSAGE_ID] =
    g_param_spec_string ("anchor-message-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  checkpoint_properties[CHECKPOINT_PROP_TOKEN_COUNT] =
    g_param_spec_int64 ("token-count", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  checkpoint_properties[CHECKPOINT_PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, CHECKPOINT_N_PROPS, checkpoint_properties);
}

static void
chatroutes_checkpoint_init (ChatroutesCheckpoint *self)
{
  self->token_count = -1;
}

ChatroutesCheckpoint *
chatroutes_checkpoint_new (void)
{
  return g_object_new (CHATROUTES_TYPE_CHECKPOINT, NULL);
}

const char *
chatroutes_checkpoint_get_id (ChatroutesCheckpoint *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINT (self), NULL);

  return self->id;
}

void
chatroutes_checkpoint_set_id (ChatroutesCheckpoint *self,
                              const char           *id)
{
  g_return_if_fail (CHATROUTES_IS_CHECKPOINT (self));

  if (g_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), checkpoint_properties[CHECKPOINT_PROP_ID]);
}

const char *
chatroutes_checkpoint_get_summary (ChatroutesCheckpoint *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINT (self), NULL);

  return self->summary;
}

void
chatroutes_checkpoint_set_summary (ChatroutesCheckpoint *self,
                                   const char           *summary)
{
  g_return_if_fail (CHATROUTES_IS_CHECKPOINT (self));

  if (g_set_str (&self->summary, summary))
    g_object_notify_by_pspec (G_OBJECT (self), checkpoint_properties[CHECKPOINT_PROP_SUMMARY]);
}

const char *
chatroutes_checkpoint_get_conversation_id (ChatroutesCheckpoint *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINT (self), NULL);

  return self->conversation_id;
}

void
chatroutes_checkpoint_set_conversation_id (ChatroutesCheckpoint *self,
                                           const char           *conversation_id)
{
  g_return_if_fail (CHATROUTES_IS_CHECKPOINT (self));

  if (g_set_str (&self->conversation_id, conversation_id))
    g_object_notify_by_pspec (G_OBJECT (self), checkpoint_properties[CHECKPOINT_PROP_CONVERSATION_ID]);
}

const char *
chatroutes_checkpoint_get_branch_id (ChatroutesCheckpoint *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINT (self), NULL);

  return self->branch_id;
}

void
chatroutes_checkpoint_set_branch_id (ChatroutesCheckpoint *self,
                                     const char           *branch_id)
{
  g_return_if_fail (CHATROUTES_IS_CHECKPOINT (self));

  if (g_set_str (&self->branch_id, branch_id))
    g_object_notify_by_pspec (G_OBJECT (self), checkpoint_properties[CHECKPOINT_PROP_BRANCH_ID]);
}

const char *
chatroutes_checkpoint_get_anchor_message_id (ChatroutesCheckpoint *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINT (self), NULL);

  return self->anchor_message_id;
}

void
chatroutes_checkpoint_set_anchor_message_id (ChatroutesCheckpoint *self,
                                             const char           *anchor_message_id)
{
  g_return_if_fail (CHATROUTES_IS_CHECKPOINT (self));

  if (g_set_str (&self->anchor_message_id, anchor_message_id))
    g_object_notify_by_pspec (G_OBJECT (self), checkpoint_properties[CHECKPOINT_PROP_ANCHOR_MESSAGE_ID]);
}

gint64
chatroutes_checkpoint_get_token_count (ChatroutesCheckpoint *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINT (self), -1);

  return self->token_count;
}

void
chatroutes_checkpoint_set_token_count (ChatroutesCheckpoint *self,
                                       gint64                token_count)
{
  g_return_if_fail (CHATROUTES_IS_CHECKPOINT (self));
  g_return_if_fail (token_count >= -1);

  if (self->token_count != token_count)
    {
      self->token_count = token_count;
      g_object_notify_by_pspec (G_OBJECT (self), checkpoint_properties[CHECKPOINT_PROP_TOKEN_COUNT]);
    }
}

const char *
chatroutes_checkpoint_get_created_at (ChatroutesCheckpoint *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINT (self), NULL);

  return self->created_at;
}

void
chatroutes_checkpoint_set_created_at (ChatroutesCheckpoint *self,
                                      const char           *created_at)
{
  g_return_if_fail (CHATROUTES_IS_CHECKPOINT (self));

  if (g_set_str (&self->created_at, created_at))
    g_object_notify_by_pspec (G_OBJECT (self), checkpoint_properties[CHECKPOINT_PROP_CREATED_AT]);
}

GDateTime *
chatroutes_checkpoint_dup_created_at_datetime (ChatroutesCheckpoint *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CHECKPOINT (self), NULL);

  return parse_timestamp (self->created_at);
}

/* }}} */

/* ChatroutesAccount {{{ */

struct _ChatroutesAccount
{
  GObject parent_instance;

  char *id;
  char *email;
  char *plan;
  char *created_at;
};

G_DEFINE_FINAL_TYPE (ChatroutesAccount, chatroutes_account, G_TYPE_OBJECT)

enum {
  ACCOUNT_PROP_0,
  ACCOUNT_PROP_ID,
  ACCOUNT_PROP_EMAIL,
  ACCOUNT_PROP_PLAN,
  ACCOUNT_PROP_CREATED_AT,
  ACCOUNT_N_PROPS
};

static GParamSpec *account_properties[ACCOUNT_N_PROPS];

static void
chatroutes_account_finalize (GObject *object)
{
  ChatroutesAccount *self = CHATROUTES_ACCOUNT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->plan, g_free);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (chatroutes_account_parent_class)->finalize (object);
}

static void
chatroutes_account_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ChatroutesAccount *self = CHATROUTES_ACCOUNT (object);

  switch (prop_id)
    {
    case ACCOUNT_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case ACCOUNT_PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case ACCOUNT_PROP_PLAN:
      g_value_set_string (value, self->plan);
      break;

    case ACCOUNT_PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_account_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ChatroutesAccount *self = CHATROUTES_ACCOUNT (object);

  switch (prop_id)
    {
    case ACCOUNT_PROP_ID:
      chatroutes_account_set_id (self, g_value_get_string (value));
      break;

    case ACCOUNT_PROP_EMAIL:
      chatroutes_account_set_email (self, g_value_get_string (value));
      break;

    case ACCOUNT_PROP_PLAN:
      chatroutes_account_set_plan (self, g_value_get_string (value));
      break;

    case ACCOUNT_PROP_CREATED_AT:
      chatroutes_account_set_created_at (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_account_class_init (ChatroutesAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_account_finalize;
  object_class->get_property = chatroutes_account_get_property;
  object_class->set_property = chatroutes_account_set_property;

  account_properties[ACCOUNT_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  account_properties[ACCOUNT_PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  account_properties[ACCOUNT_PROP_PLAN] =
    g_param_spec_string ("plan", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  account_properties[ACCOUNT_PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, ACCOUNT_N_PROPS, account_properties);
}

static void
chatroutes_account_init (ChatroutesAccount *self)
{
}

ChatroutesAccount *
chatroutes_account_new (void)
{
  return g_object_new (CHATROUTES_TYPE_ACCOUNT, NULL);
}

const char *
chatroutes_account_get_id (ChatroutesAccount *self)
{
  g_return_val_if_fail (CHATROUTES_IS_ACCOUNT (self), NULL);

  return self->id;
}

void
chatroutes_account_set_id (ChatroutesAccount *self,
                           const char        *id)
{
  g_return_if_fail (CHATROUTES_IS_ACCOUNT (self));

  if (g_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), account_properties[ACCOUNT_PROP_ID]);
}

const char *
chatroutes_account_get_email (ChatroutesAccount *self)
{
  g_return_val_if_fail (CHATROUTES_IS_ACCOUNT (self), NULL);

  return self->email;
}

void
chatroutes_account_set_email (ChatroutesAccount *self,
                              const char        *email)
{
  g_return_if_fail (CHATROUTES_IS_ACCOUNT (self));

  if (g_set_str (&self->email, email))
    g_object_notify_by_pspec (G_OBJECT (self), account_properties[ACCOUNT_PROP_EMAIL]);
}

const char *
chatroutes_account_get_plan (ChatroutesAccount *self)
{
  g_return_val_if_fail (CHATROUTES_IS_ACCOUNT (self), NULL);

  return self->plan;
}

void
chatroutes_account_set_plan (ChatroutesAccount *self,
                             const char        *plan)
{
  g_return_if_fail (CHATROUTES_IS_ACCOUNT (self));

  if (g_set_str (&self->plan, plan))
    g_object_notify_by_pspec (G_OBJECT (self), account_properties[ACCOUNT_PROP_PLAN]);
}

const char *
chatroutes_account_get_created_at (ChatroutesAccount *self)
{
  g_return_val_if_fail (CHATROUTES_IS_ACCOUNT (self), NULL);

  return self->created_at;
}

void
chatroutes_account_set_created_at (ChatroutesAccount *self,
                                   const char        *created_at)
{
  g_return_if_fail (CHATROUTES_IS_ACCOUNT (self));

  if (g_set_str (&self->created_at, created_at))
    g_object_notify_by_pspec (G_OBJECT (self), account_properties[ACCOUNT_PROP_CREATED_AT]);
}

GDateTime *
chatroutes_account_dup_created_at_datetime (ChatroutesAccount *self)
{
  g_return_val_if_fail (CHATROUTES_IS_ACCOUNT (self), NULL);

  return parse_timestamp (self->created_at);
}

/* }}} */

/* ChatroutesHealth {{{ */

struct _ChatroutesHealth
{
  GObject parent_instance;

  char *status;
  char *version;
  char *service;
};

G_DEFINE_FINAL_TYPE (ChatroutesHealth, chatroutes_health, G_TYPE_OBJECT)

enum {
  HEALTH_PROP_0,
  HEALTH_PROP_STATUS,
  HEALTH_PROP_VERSION,
  HEALTH_PROP_SERVICE,
  HEALTH_N_PROPS
};

static GParamSpec *health_properties[HEALTH_N_PROPS];

static void
chatroutes_health_finalize (GObject *object)
{
  ChatroutesHealth *self = CHATROUTES_HEALTH (object);

  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->service, g_free);

  G_OBJECT_CLASS (chatroutes_health_parent_class)->finalize (object);
}

static void
chatroutes_health_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ChatroutesHealth *self = CHATROUTES_HEALTH (object);

  switch (prop_id)
    {
    case HEALTH_PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case HEALTH_PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case HEALTH_PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_health_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ChatroutesHealth *self = CHATROUTES_HEALTH (object);

  switch (prop_id)
    {
    case HEALTH_PROP_STATUS:
      chatroutes_health_set_status (self, g_value_get_string (value));
      break;

    case HEALTH_PROP_VERSION:
      chatroutes_health_set_version (self, g_value_get_string (value));
      break;

    case HEALTH_PROP_SERVICE:
      chatroutes_health_set_service (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_health_class_init (ChatroutesHealthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_health_finalize;
  object_class->get_property = chatroutes_health_get_property;
  object_class->set_property = chatroutes_health_set_property;

  health_properties[HEALTH_PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  health_properties[HEALTH_PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  health_properties[HEALTH_PROP_SERVICE] =
    g_param_spec_string ("service", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, HEALTH_N_PROPS, health_properties);
}

static void
chatroutes_health_init (ChatroutesHealth *self)
{
}

ChatroutesHealth *
chatroutes_health_new (void)
{
  return g_object_new (CHATROUTES_TYPE_HEALTH, NULL);
}

const char *
chatroutes_health_get_status (ChatroutesHealth *self)
{
  g_return_val_if_fail (CHATROUTES_IS_HEALTH (self), NULL);

  return self->status;
}

void
chatroutes_health_set_status (ChatroutesHealth *self,
                              const char       *status)
{
  g_return_if_fail (CHATROUTES_IS_HEALTH (self));

  if (g_set_str (&self->status, status))
    g_object_notify_by_pspec (G_OBJECT (self), health_properties[HEALTH_PROP_STATUS]);
}

const char *
chatroutes_health_get_version (ChatroutesHealth *self)
{
  g_return_val_if_fail (CHATROUTES_IS_HEALTH (self), NULL);

  return self->version;
}

void
chatroutes_health_set_version (ChatroutesHealth *self,
                               const char       *version)
{
  g_return_if_fail (CHATROUTES_IS_HEALTH (self));

  if (g_set_str (&self->version, version))
    g_object_notify_by_pspec (G_OBJECT (self), health_properties[HEALTH_PROP_VERSION]);
}

const char *
chatroutes_health_get_service (ChatroutesHealth *self)
{
  g_return_val_if_fail (CHATROUTES_IS_HEALTH (self), NULL);

  return self->service;
}

void
chatroutes_health_set_service (ChatroutesHealth *self,
                               const char       *service)
{
  g_return_if_fail (CHATROUTES_IS_HEALTH (self));

  if (g_set_str (&self->service, service))
    g_object_notify_by_pspec (G_OBJECT (self), health_properties[HEALTH_PROP_SERVICE]);
}

/* }}} */

/* ChatroutesSuggestion {{{ */

struct _ChatroutesSuggestion
{
  GObject parent_instance;

  char   *id;
  char   *title;
  char   *description;
  char   *trigger_text;
  gint64  branch_point_start;
  gint64  branch_point_end;
  double  confidence;
  char   *reasoning;
  char   *estimated_divergence;
};

G_DEFINE_FINAL_TYPE (ChatroutesSuggestion, chatroutes_suggestion, G_TYPE_OBJECT)

enum {
  SUGGESTION_PROP_0,
  SUGGESTION_PROP_ID,
  SUGGESTION_PROP_TITLE,
  SUGGESTION_PROP_DESCRIPTION,
  SUGGESTION_PROP_TRIGGER_TEXT,
  SUGGESTION_PROP_BRANCH_POINT_START,
  SUGGESTION_PROP_BRANCH_POINT_END,
  SUGGESTION_PROP_CONFIDENCE,
  SUGGESTION_PROP_REASONING,
  SUGGESTION_PROP_ESTIMATED_DIVERGENCE,
  SUGGESTION_N_PROPS
};

static GParamSpec *suggestion_properties[SUGGESTION_N_PROPS];

static void
chatroutes_suggestion_finalize (GObject *object)
{
  ChatroutesSuggestion *self = CHATROUTES_SUGGESTION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->trigger_text, g_free);
  g_clear_pointer (&self->reasoning, g_free);
  g_clear_pointer (&self->estimated_divergence, g_free);

  G_OBJECT_CLASS (chatroutes_suggestion_parent_class)->finalize (object);
}

static void
chatroutes_suggestion_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ChatroutesSuggestion *self = CHATROUTES_SUGGESTION (object);

  switch (prop_id)
    {
    case SUGGESTION_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case SUGGESTION_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case SUGGESTION_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case SUGGESTION_PROP_TRIGGER_TEXT:
      g_value_set_string (value, self->trigger_text);
      break;

    case SUGGESTION_PROP_BRANCH_POINT_START:
      g_value_set_int64 (value, self->branch_point_start);
      break;

    case SUGGESTION_PROP_BRANCH_POINT_END:
      g_value_set_int64 (value, self->branch_point_end);
      break;

    case SUGGESTION_PROP_CONFIDENCE:
      g_value_set_double (value, self->confidence);
      break;

    case SUGGESTION_PROP_REASONING:
      g_value_set_string (value, self->reasoning);
      break;

    case SUGGESTION_PROP_ESTIMATED_DIVERGENCE:
      g_value_set_string (value, self->estimated_divergence);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_suggestion_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ChatroutesSuggestion *self = CHATROUTES_SUGGESTION (object);

  switch (prop_id)
    {
    case SUGGESTION_PROP_ID:
      chatroutes_suggestion_set_id (self, g_value_get_string (value));
      break;

    case SUGGESTION_PROP_TITLE:
      chatroutes_suggestion_set_title (self, g_value_get_string (value));
      break;

    case SUGGESTION_PROP_DESCRIPTION:
      chatroutes_suggestion_set_description (self, g_value_get_string (value));
      break;

    case SUGGESTION_PROP_TRIGGER_TEXT:
      chatroutes_suggestion_set_trigger_text (self, g_value_get_string (value));
      break;

    case SUGGESTION_PROP_BRANCH_POINT_START:
      chatroutes_suggestion_set_branch_point_start (self, g_value_get_int64 (value));
      break;

    case SUGGESTION_PROP_BRANCH_POINT_END:
      chatroutes_suggestion_set_branch_point_end (self, g_value_get_int64 (value));
      break;

    case SUGGESTION_PROP_CONFIDENCE:
      chatroutes_suggestion_set_confidence (self, g_value_get_double (value));
      break;

    case SUGGESTION_PROP_REASONING:
      chatroutes_suggestion_set_reasoning (self, g_value_get_string (value));
      break;

    case SUGGESTION_PROP_ESTIMATED_DIVERGENCE:
      chatroutes_suggestion_set_estimated_divergence (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_suggestion_class_init (ChatroutesSuggestionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_suggestion_finalize;
  object_class->get_property = chatroutes_suggestion_get_property;
  object_class->set_property = chatroutes_suggestion_set_property;

  suggestion_properties[SUGGESTION_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_properties[SUGGESTION_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_properties[SUGGESTION_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_properties[SUGGESTION_PROP_TRIGGER_TEXT] =
    g_param_spec_string ("trigger-text", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_properties[SUGGESTION_PROP_BRANCH_POINT_START] =
    g_param_spec_int64 ("branch-point-start", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_properties[SUGGESTION_PROP_BRANCH_POINT_END] =
    g_param_spec_int64 ("branch-point-end", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_properties[SUGGESTION_PROP_CONFIDENCE] =
    g_param_spec_double ("confidence", NULL, NULL,
                         -1.0, G_MAXDOUBLE, -1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_properties[SUGGESTION_PROP_REASONING] =
    g_param_spec_string ("reasoning", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_properties[SUGGESTION_PROP_ESTIMATED_DIVERGENCE] =
    g_param_spec_string ("estimated-divergence", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, SUGGESTION_N_PROPS, suggestion_properties);
}

static void
chatroutes_suggestion_init (ChatroutesSuggestion *self)
{
  self->branch_point_start = -1;
  self->branch_point_end = -1;
  self->confidence = -1.0;
}

ChatroutesSuggestion *
chatroutes_suggestion_new (void)
{
  return g_object_new (CHATROUTES_TYPE_SUGGESTION, NULL);
}

const char *
chatroutes_suggestion_get_id (ChatroutesSuggestion *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (self), NULL);

  return self->id;
}

void
chatroutes_suggestion_set_id (ChatroutesSuggestion *self,
                              const char           *id)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION (self));

  if (g_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), suggestion_properties[SUGGESTION_PROP_ID]);
}

const char *
chatroutes_suggestion_get_title (ChatroutesSuggestion *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (self), NULL);

  return self->title;
}

void
chatroutes_suggestion_set_title (ChatroutesSuggestion *self,
                                 const char           *title)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION (self));

  if (g_set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), suggestion_properties[SUGGESTION_PROP_TITLE]);
}

const char *
chatroutes_suggestion_get_description (ChatroutesSuggestion *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (self), NULL);

  return self->description;
}

void
chatroutes_suggestion_set_description (ChatroutesSuggestion *self,
                                       const char           *description)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION (self));

  if (g_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), suggestion_properties[SUGGESTION_PROP_DESCRIPTION]);
}

const char *
chatroutes_suggestion_get_trigger_text (ChatroutesSuggestion *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (self), NULL);

  return self->trigger_text;
}

void
chatroutes_suggestion_set_trigger_text (ChatroutesSuggestion *self,
                                        const char           *trigger_text)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION (self));

  if (g_set_str (&self->trigger_text, trigger_text))
    g_object_notify_by_pspec (G_OBJECT (self), suggestion_properties[SUGGESTION_PROP_TRIGGER_TEXT]);
}

gint64
chatroutes_suggestion_get_branch_point_start (ChatroutesSuggestion *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (self), -1);

  return self->branch_point_start;
}

void
chatroutes_suggestion_set_branch_point_start (ChatroutesSuggestion *self,
                                              gint64                branch_point_start)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION (self));
  g_return_if_fail (branch_point_start >= -1);

  if (self->branch_point_start != branch_point_start)
    {
      self->branch_point_start = branch_point_start;
      g_object_notify_by_pspec (G_OBJECT (self), suggestion_properties[SUGGESTION_PROP_BRANCH_POINT_START]);
    }
}

gint64
chatroutes_suggestion_get_branch_point_end (ChatroutesSuggestion *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (self), -1);

  return self->branch_point_end;
}

void
chatroutes_suggestion_set_branch_point_end (ChatroutesSuggestion *self,
                                            gint64                branch_point_end)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION (self));
  g_return_if_fail (branch_point_end >= -1);

  if (self->branch_point_end != branch_point_end)
    {
      self->branch_point_end = branch_point_end;
      g_object_notify_by_pspec (G_OBJECT (self), suggestion_properties[SUGGESTION_PROP_BRANCH_POINT_END]);
    }
}

double
chatroutes_suggestion_get_confidence (ChatroutesSuggestion *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (self), -1.0);

  return self->confidence;
}

void
chatroutes_suggestion_set_confidence (ChatroutesSuggestion *self,
                                      double                confidence)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION (self));
  g_return_if_fail (confidence >= -1.0);

  if (self->confidence != confidence)
    {
      self->confidence = confidence;
      g_object_notify_by_pspec (G_OBJECT (self), suggestion_properties[SUGGESTION_PROP_CONFIDENCE]);
    }
}

const char *
chatroutes_suggestion_get_reasoning (ChatroutesSuggestion *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (self), NULL);

  return self->reasoning;
}

void
chatroutes_suggestion_set_reasoning (ChatroutesSuggestion *self,
                                     const char           *reasoning)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION (self));

  if (g_set_str (&self->reasoning, reasoning))
    g_object_notify_by_pspec (G_OBJECT (self), suggestion_properties[SUGGESTION_PROP_REASONING]);
}

const char *
chatroutes_suggestion_get_estimated_divergence (ChatroutesSuggestion *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (self), NULL);

  return self->estimated_divergence;
}

void
chatroutes_suggestion_set_estimated_divergence (ChatroutesSuggestion *self,
                                                const char           *estimated_divergence)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION (self));

  if (g_set_str (&self->estimated_divergence, estimated_divergence))
    g_object_notify_by_pspec (G_OBJECT (self), suggestion_properties[SUGGESTION_PROP_ESTIMATED_DIVERGENCE]);
}

/* }}} */

/* ChatroutesSuggestionResult {{{ */

struct _ChatroutesSuggestionResult
{
  GObject parent_instance;

  GListStore *suggestions;
  char       *detection_method;
  gint64      total_branch_points_found;
  char       *model_used;
};

G_DEFINE_FINAL_TYPE (ChatroutesSuggestionResult, chatroutes_suggestion_result, G_TYPE_OBJECT)

enum {
  SUGGESTION_RESULT_PROP_0,
  SUGGESTION_RESULT_PROP_SUGGESTIONS,
  SUGGESTION_RESULT_PROP_DETECTION_METHOD,
  SUGGESTION_RESULT_PROP_TOTAL_BRANCH_POINTS_FOUND,
  SUGGESTION_RESULT_PROP_MODEL_USED,
  SUGGESTION_RESULT_N_PROPS
};

static GParamSpec *suggestion_result_properties[SUGGESTION_RESULT_N_PROPS];

static void
chatroutes_suggestion_result_finalize (GObject *object)
{
  ChatroutesSuggestionResult *self = CHATROUTES_SUGGESTION_RESULT (object);

  g_clear_object (&self->suggestions);
  g_clear_pointer (&self->detection_method, g_free);
  g_clear_pointer (&self->model_used, g_free);

  G_OBJECT_CLASS (chatroutes_suggestion_result_parent_class)->finalize (object);
}

static void
chatroutes_suggestion_result_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  ChatroutesSuggestionResult *self = CHATROUTES_SUGGESTION_RESULT (object);

  switch (prop_id)
    {
    case SUGGESTION_RESULT_PROP_SUGGESTIONS:
      g_value_set_object (value, self->suggestions);
      break;

    case SUGGESTION_RESULT_PROP_DETECTION_METHOD:
      g_value_set_string (value, self->detection_method);
      break;

    case SUGGESTION_RESULT_PROP_TOTAL_BRANCH_POINTS_FOUND:
      g_value_set_int64 (value, self->total_branch_points_found);
      break;

    case SUGGESTION_RESULT_PROP_MODEL_USED:
      g_value_set_string (value, self->model_used);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_suggestion_result_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  ChatroutesSuggestionResult *self = CHATROUTES_SUGGESTION_RESULT (object);

  switch (prop_id)
    {
    case SUGGESTION_RESULT_PROP_DETECTION_METHOD:
      chatroutes_suggestion_result_set_detection_method (self, g_value_get_string (value));
      break;

    case SUGGESTION_RESULT_PROP_TOTAL_BRANCH_POINTS_FOUND:
      chatroutes_suggestion_result_set_total_branch_points_found (self, g_value_get_int64 (value));
      break;

    case SUGGESTION_RESULT_PROP_MODEL_USED:
      chatroutes_suggestion_result_set_model_used (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_suggestion_result_class_init (ChatroutesSuggestionResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_suggestion_result_finalize;
  object_class->get_property = chatroutes_suggestion_result_get_property;
  object_class->set_property = chatroutes_suggestion_result_set_property;

  suggestion_result_properties[SUGGESTION_RESULT_PROP_SUGGESTIONS] =
    g_param_spec_object ("suggestions", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  suggestion_result_properties[SUGGESTION_RESULT_PROP_DETECTION_METHOD] =
    g_param_spec_string ("detection-method", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_result_properties[SUGGESTION_RESULT_PROP_TOTAL_BRANCH_POINTS_FOUND] =
    g_param_spec_int64 ("total-branch-points-found", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  suggestion_result_properties[SUGGESTION_RESULT_PROP_MODEL_USED] =
    g_param_spec_string ("model-used", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, SUGGESTION_RESULT_N_PROPS, suggestion_result_properties);
}

static void
chatroutes_suggestion_result_init (ChatroutesSuggestionResult *self)
{
  self->suggestions = g_list_store_new (CHATROUTES_TYPE_SUGGESTION);
  self->total_branch_points_found = -1;
}

ChatroutesSuggestionResult *
chatroutes_suggestion_result_new (void)
{
  return g_object_new (CHATROUTES_TYPE_SUGGESTION_RESULT, NULL);
}

GListModel *
chatroutes_suggestion_result_get_suggestions (ChatroutesSuggestionResult *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION_RESULT (self), NULL);

  return G_LIST_MODEL (self->suggestions);
}

const char *
chatroutes_suggestion_result_get_detection_method (ChatroutesSuggestionResult *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION_RESULT (self), NULL);

  return self->detection_method;
}

void
chatroutes_suggestion_result_set_detection_method (ChatroutesSuggestionResult *self,
                                                   const char                 *detection_method)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION_RESULT (self));

  if (g_set_str (&self->detection_method, detection_method))
    g_object_notify_by_pspec (G_OBJECT (self), suggestion_result_properties[SUGGESTION_RESULT_PROP_DETECTION_METHOD]);
}

gint64
chatroutes_suggestion_result_get_total_branch_points_found (ChatroutesSuggestionResult *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION_RESULT (self), -1);

  return self->total_branch_points_found;
}

void
chatroutes_suggestion_result_set_total_branch_points_found (ChatroutesSuggestionResult *self,
                                                            gint64                      total_branch_points_found)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION_RESULT (self));
  g_return_if_fail (total_branch_points_found >= -1);

  if (self->total_branch_points_found != total_branch_points_found)
    {
      self->total_branch_points_found = total_branch_points_found;
      g_object_notify_by_pspec (G_OBJECT (self), suggestion_result_properties[SUGGESTION_RESULT_PROP_TOTAL_BRANCH_POINTS_FOUND]);
    }
}

const char *
chatroutes_suggestion_result_get_model_used (ChatroutesSuggestionResult *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION_RESULT (self), NULL);

  return self->model_used;
}

void
chatroutes_suggestion_result_set_model_used (ChatroutesSuggestionResult *self,
                                             const char                 *model_used)
{
  g_return_if_fail (CHATROUTES_IS_SUGGESTION_RESULT (self));

  if (g_set_str (&self->model_used, model_used))
    g_object_notify_by_pspec (G_OBJECT (self), suggestion_result_properties[SUGGESTION_RESULT_PROP_MODEL_USED]);
}

/* }}} */

/* ChatroutesTreeNode {{{ */

struct _ChatroutesTreeNode
{
  GObject parent_instance;

  char       *id;
  char       *content;
  char       *role;
  GListStore *children;
  char       *branch_id;
  char       *branch_title;
  gboolean    branch_is_main;
};

G_DEFINE_FINAL_TYPE (ChatroutesTreeNode, chatroutes_tree_node, G_TYPE_OBJECT)

enum {
  TREE_NODE_PROP_0,
  TREE_NODE_PROP_ID,
  TREE_NODE_PROP_CONTENT,
  TREE_NODE_PROP_ROLE,
  TREE_NODE_PROP_CHILDREN,
  TREE_NODE_PROP_BRANCH_ID,
  TREE_NODE_PROP_BRANCH_TITLE,
  TREE_NODE_PROP_BRANCH_IS_MAIN,
  TREE_NODE_N_PROPS
};

static GParamSpec *tree_node_properties[TREE_NODE_N_PROPS];

static gboolean
is_sole_owner (gpointer object)
{
  return g_atomic_int_get (&G_OBJECT (object)->ref_count) == 1;
}

/* Moves the items of @store into @pending, emptying the store. */
static void
take_children (GListStore *store,
               GPtrArray  *pending)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (pending, g_list_model_get_item (G_LIST_MODEL (store), i));

  g_list_store_remove_all (store);
}

/* Releasing a tree one finalize inside the other would use stack in
 * proportion to its depth. Instead the node going away adopts the children
 * of every descendant that nobody else holds, and drops the nodes one at a
 * time. Nodes or child lists still held elsewhere are left intact. */
static void
release_subtree (ChatroutesTreeNode *self)
{
  g_autoptr(GPtrArray) pending = NULL;

  if (self->children == NULL ||
      !is_sole_owner (self->children) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->children)) == 0)
    return;

  pending = g_ptr_array_new ();
  take_children (self->children, pending);

  while (pending->len > 0)
    {
      ChatroutesTreeNode *node = g_ptr_array_steal_index_fast (pending, pending->len - 1);

      if (is_sole_owner (node) &&
          node->children != NULL &&
          is_sole_owner (node->children))
        take_children (node->children, pending);

      g_object_unref (node);
    }
}

static void
chatroutes_tree_node_dispose (GObject *object)
{
  ChatroutesTreeNode *self = CHATROUTES_TREE_NODE (object);

  release_subtree (self);

  G_OBJECT_CLASS (chatroutes_tree_node_parent_class)->dispose (object);
}

static void
chatroutes_tree_node_finalize (GObject *object)
{
  ChatroutesTreeNode *self = CHATROUTES_TREE_NODE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->content, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_object (&self->children);
  g_clear_pointer (&self->branch_id, g_free);
  g_clear_pointer (&self->branch_title, g_free);

  G_OBJECT_CLASS (chatroutes_tree_node_parent_class)->finalize (object);
}

static void
chatroutes_tree_node_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ChatroutesTreeNode *self = CHATROUTES_TREE_NODE (object);

  switch (prop_id)
    {
    case TREE_NODE_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case TREE_NODE_PROP_CONTENT:
      g_value_set_string (value, self->content);
      break;

    case TREE_NODE_PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    case TREE_NODE_PROP_CHILDREN:
      g_value_set_object (value, self->children);
      break;

    case TREE_NODE_PROP_BRANCH_ID:
      g_value_set_string (value, self->branch_id);
      break;

    case TREE_NODE_PROP_BRANCH_TITLE:
      g_value_set_string (value, self->branch_title);
      break;

    case TREE_NODE_PROP_BRANCH_IS_MAIN:
      g_value_set_boolean (value, self->branch_is_main);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_tree_node_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ChatroutesTreeNode *self = CHATROUTES_TREE_NODE (object);

  switch (prop_id)
    {
    case TREE_NODE_PROP_ID:
      chatroutes_tree_node_set_id (self, g_value_get_string (value));
      break;

    case TREE_NODE_PROP_CONTENT:
      chatroutes_tree_node_set_content (self, g_value_get_string (value));
      break;

    case TREE_NODE_PROP_ROLE:
      chatroutes_tree_node_set_role (self, g_value_get_string (value));
      break;

    case TREE_NODE_PROP_BRANCH_ID:
      chatroutes_tree_node_set_branch_id (self, g_value_get_string (value));
      break;

    case TREE_NODE_PROP_BRANCH_TITLE:
      chatroutes_tree_node_set_branch_title (self, g_value_get_string (value));
      break;

    case TREE_NODE_PROP_BRANCH_IS_MAIN:
      chatroutes_tree_node_set_branch_is_main (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_tree_node_class_init (ChatroutesTreeNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chatroutes_tree_node_dispose;
  object_class->finalize = chatroutes_tree_node_finalize;
  object_class->get_property = chatroutes_tree_node_get_property;
  object_class->set_property = chatroutes_tree_node_set_property;

  tree_node_properties[TREE_NODE_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_node_properties[TREE_NODE_PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_node_properties[TREE_NODE_PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_node_properties[TREE_NODE_PROP_CHILDREN] =
    g_param_spec_object ("children", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  tree_node_properties[TREE_NODE_PROP_BRANCH_ID] =
    g_param_spec_string ("branch-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_node_properties[TREE_NODE_PROP_BRANCH_TITLE] =
    g_param_spec_string ("branch-title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_node_properties[TREE_NODE_PROP_BRANCH_IS_MAIN] =
    g_param_spec_boolean ("branch-is-main", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, TREE_NODE_N_PROPS, tree_node_properties);
}

static void
chatroutes_tree_node_init (ChatroutesTreeNode *self)
{
  self->children = g_list_store_new (CHATROUTES_TYPE_TREE_NODE);
}

ChatroutesTreeNode *
chatroutes_tree_node_new (void)
{
  return g_object_new (CHATROUTES_TYPE_TREE_NODE, NULL);
}

const char *
chatroutes_tree_node_get_id (ChatroutesTreeNode *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE_NODE (self), NULL);

  return self->id;
}

void
chatroutes_tree_node_set_id (ChatroutesTreeNode *self,
                             const char         *id)
{
  g_return_if_fail (CHATROUTES_IS_TREE_NODE (self));

  if (g_set_str (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), tree_node_properties[TREE_NODE_PROP_ID]);
}

const char *
chatroutes_tree_node_get_content (ChatroutesTreeNode *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE_NODE (self), NULL);

  return self->content;
}

void
chatroutes_tree_node_set_content (ChatroutesTreeNode *self,
                                  const char         *content)
{
  g_return_if_fail (CHATROUTES_IS_TREE_NODE (self));

  if (g_set_str (&self->content, content))
    g_object_notify_by_pspec (G_OBJECT (self), tree_node_properties[TREE_NODE_PROP_CONTENT]);
}

const char *
chatroutes_tree_node_get_role (ChatroutesTreeNode *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE_NODE (self), NULL);

  return self->role;
}

void
chatroutes_tree_node_set_role (ChatroutesTreeNode *self,
                               const char         *role)
{
  g_return_if_fail (CHATROUTES_IS_TREE_NODE (self));

  if (g_set_str (&self->role, role))
    g_object_notify_by_pspec (G_OBJECT (self), tree_node_properties[TREE_NODE_PROP_ROLE]);
}

GListModel *
chatroutes_tree_node_get_children (ChatroutesTreeNode *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE_NODE (self), NULL);

  return G_LIST_MODEL (self->children);
}

const char *
chatroutes_tree_node_get_branch_id (ChatroutesTreeNode *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE_NODE (self), NULL);

  return self->branch_id;
}

void
chatroutes_tree_node_set_branch_id (ChatroutesTreeNode *self,
                                    const char         *branch_id)
{
  g_return_if_fail (CHATROUTES_IS_TREE_NODE (self));

  if (g_set_str (&self->branch_id, branch_id))
    g_object_notify_by_pspec (G_OBJECT (self), tree_node_properties[TREE_NODE_PROP_BRANCH_ID]);
}

const char *
chatroutes_tree_node_get_branch_title (ChatroutesTreeNode *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE_NODE (self), NULL);

  return self->branch_title;
}

void
chatroutes_tree_node_set_branch_title (ChatroutesTreeNode *self,
                                       const char         *branch_title)
{
  g_return_if_fail (CHATROUTES_IS_TREE_NODE (self));

  if (g_set_str (&self->branch_title, branch_title))
    g_object_notify_by_pspec (G_OBJECT (self), tree_node_properties[TREE_NODE_PROP_BRANCH_TITLE]);
}

gboolean
chatroutes_tree_node_get_branch_is_main (ChatroutesTreeNode *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE_NODE (self), FALSE);

  return self->branch_is_main;
}

void
chatroutes_tree_node_set_branch_is_main (ChatroutesTreeNode *self,
                                         gboolean            branch_is_main)
{
  g_return_if_fail (CHATROUTES_IS_TREE_NODE (self));

  branch_is_main = !!branch_is_main;

  if (self->branch_is_main != branch_is_main)
    {
      self->branch_is_main = branch_is_main;
      g_object_notify_by_pspec (G_OBJECT (self), tree_node_properties[TREE_NODE_PROP_BRANCH_IS_MAIN]);
    }
}

/* }}} */

/* ChatroutesTree {{{ */

struct _ChatroutesTree
{
  GObject parent_instance;

  ChatroutesConversation *conversation;
  ChatroutesTreeNode     *root;
  GListStore             *branches;
  ChatroutesBranch       *main_branch;
  gint64                  total_nodes;
  gint64                  total_branches;
  gint64                  max_depth;
};

G_DEFINE_FINAL_TYPE (ChatroutesTree, chatroutes_tree, G_TYPE_OBJECT)

enum {
  TREE_PROP_0,
  TREE_PROP_CONVERSATION,
  TREE_PROP_ROOT,
  TREE_PROP_BRANCHES,
  TREE_PROP_MAIN_BRANCH,
  TREE_PROP_TOTAL_NODES,
  TREE_PROP_TOTAL_BRANCHES,
  TREE_PROP_MAX_DEPTH,
  TREE_N_PROPS
};

static GParamSpec *tree_properties[TREE_N_PROPS];

static void
chatroutes_tree_dispose (GObject *object)
{
  ChatroutesTree *self = CHATROUTES_TREE (object);

  g_clear_object (&self->conversation);
  g_clear_object (&self->root);
  g_clear_object (&self->main_branch);

  G_OBJECT_CLASS (chatroutes_tree_parent_class)->dispose (object);
}

static void
chatroutes_tree_finalize (GObject *object)
{
  ChatroutesTree *self = CHATROUTES_TREE (object);

  g_clear_object (&self->branches);

  G_OBJECT_CLASS (chatroutes_tree_parent_class)->finalize (object);
}

static void
chatroutes_tree_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ChatroutesTree *self = CHATROUTES_TREE (object);

  switch (prop_id)
    {
    case TREE_PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;

    case TREE_PROP_ROOT:
      g_value_set_object (value, self->root);
      break;

    case TREE_PROP_BRANCHES:
      g_value_set_object (value, self->branches);
      break;

    case TREE_PROP_MAIN_BRANCH:
      g_value_set_object (value, self->main_branch);
      break;

    case TREE_PROP_TOTAL_NODES:
      g_value_set_int64 (value, self->total_nodes);
      break;

    case TREE_PROP_TOTAL_BRANCHES:
      g_value_set_int64 (value, self->total_branches);
      break;

    case TREE_PROP_MAX_DEPTH:
      g_value_set_int64 (value, self->max_depth);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_tree_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ChatroutesTree *self = CHATROUTES_TREE (object);

  switch (prop_id)
    {
    case TREE_PROP_CONVERSATION:
      chatroutes_tree_set_conversation (self, g_value_get_object (value));
      break;

    case TREE_PROP_ROOT:
      chatroutes_tree_set_root (self, g_value_get_object (value));
      break;

    case TREE_PROP_MAIN_BRANCH:
      chatroutes_tree_set_main_branch (self, g_value_get_object (value));
      break;

    case TREE_PROP_TOTAL_NODES:
      chatroutes_tree_set_total_nodes (self, g_value_get_int64 (value));
      break;

    case TREE_PROP_TOTAL_BRANCHES:
      chatroutes_tree_set_total_branches (self, g_value_get_int64 (value));
      break;

    case TREE_PROP_MAX_DEPTH:
      chatroutes_tree_set_max_depth (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_tree_class_init (ChatroutesTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chatroutes_tree_dispose;
  object_class->finalize = chatroutes_tree_finalize;
  object_class->get_property = chatroutes_tree_get_property;
  object_class->set_property = chatroutes_tree_set_property;

  tree_properties[TREE_PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL,
                         CHATROUTES_TYPE_CONVERSATION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_properties[TREE_PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL,
                         CHATROUTES_TYPE_TREE_NODE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_properties[TREE_PROP_BRANCHES] =
    g_param_spec_object ("branches", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  tree_properties[TREE_PROP_MAIN_BRANCH] =
    g_param_spec_object ("main-branch", NULL, NULL,
                         CHATROUTES_TYPE_BRANCH,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_properties[TREE_PROP_TOTAL_NODES] =
    g_param_spec_int64 ("total-nodes", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_properties[TREE_PROP_TOTAL_BRANCHES] =
    g_param_spec_int64 ("total-branches", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  tree_properties[TREE_PROP_MAX_DEPTH] =
    g_param_spec_int64 ("max-depth", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, TREE_N_PROPS, tree_properties);
}

static void
chatroutes_tree_init (ChatroutesTree *self)
{
  self->branches = g_list_store_new (CHATROUTES_TYPE_BRANCH);
  self->total_nodes = -1;
  self->total_branches = -1;
  self->max_depth = -1;
}

ChatroutesTree *
chatroutes_tree_new (void)
{
  return g_object_new (CHATROUTES_TYPE_TREE, NULL);
}

ChatroutesConversation *
chatroutes_tree_get_conversation (ChatroutesTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE (self), NULL);

  return self->conversation;
}

void
chatroutes_tree_set_conversation (ChatroutesTree         *self,
                                  ChatroutesConversation *conversation)
{
  g_return_if_fail (CHATROUTES_IS_TREE (self));
  g_return_if_fail (conversation == NULL || CHATROUTES_IS_CONVERSATION (conversation));

  if (g_set_object (&self->conversation, conversation))
    g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_CONVERSATION]);
}

ChatroutesTreeNode *
chatroutes_tree_get_root (ChatroutesTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE (self), NULL);

  return self->root;
}

void
chatroutes_tree_set_root (ChatroutesTree     *self,
                          ChatroutesTreeNode *root)
{
  g_return_if_fail (CHATROUTES_IS_TREE (self));
  g_return_if_fail (root == NULL || CHATROUTES_IS_TREE_NODE (root));

  if (g_set_object (&self->root, root))
    g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_ROOT]);
}

GListModel *
chatroutes_tree_get_branches (ChatroutesTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE (self), NULL);

  return G_LIST_MODEL (self->branches);
}

ChatroutesBranch *
chatroutes_tree_get_main_branch (ChatroutesTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE (self), NULL);

  return self->main_branch;
}

void
chatroutes_tree_set_main_branch (ChatroutesTree   *self,
                                 ChatroutesBranch *main_branch)
{
  g_return_if_fail (CHATROUTES_IS_TREE (self));
  g_return_if_fail (main_branch == NULL || CHATROUTES_IS_BRANCH (main_branch));

  if (g_set_object (&self->main_branch, main_branch))
    g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_MAIN_BRANCH]);
}

gint64
chatroutes_tree_get_total_nodes (ChatroutesTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE (self), -1);

  return self->total_nodes;
}

void
chatroutes_tree_set_total_nodes (ChatroutesTree *self,
                                 gint64          total_nodes)
{
  g_return_if_fail (CHATROUTES_IS_TREE (self));
  g_return_if_fail (total_nodes >= -1);

  if (self->total_nodes != total_nodes)
    {
      self->total_nodes = total_nodes;
      g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_TOTAL_NODES]);
    }
}

gint64
chatroutes_tree_get_total_branches (ChatroutesTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE (self), -1);

  return self->total_branches;
}

void
chatroutes_tree_set_total_branches (ChatroutesTree *self,
                                    gint64          total_branches)
{
  g_return_if_fail (CHATROUTES_IS_TREE (self));
  g_return_if_fail (total_branches >= -1);

  if (self->total_branches != total_branches)
    {
      self->total_branches = total_branches;
      g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_TOTAL_BRANCHES]);
    }
}

gint64
chatroutes_tree_get_max_depth (ChatroutesTree *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TREE (self), -1);

  return self->max_depth;
}

void
chatroutes_tree_set_max_depth (ChatroutesTree *self,
                               gint64          max_depth)
{
  g_return_if_fail (CHATROUTES_IS_TREE (self));
  g_return_if_fail (max_depth >= -1);

  if (self->max_depth != max_depth)
    {
      self->max_depth = max_depth;
      g_object_notify_by_pspec (G_OBJECT (self), tree_properties[TREE_PROP_MAX_DEPTH]);
    }
}

/* }}} */

/* ChatroutesConversationPage {{{ */

struct _ChatroutesConversationPage
{
  GObject parent_instance;

  GListStore *conversations;
  gint64      total;
  gint64      page;
  gint64      limit;
  gboolean    has_next;
};

G_DEFINE_FINAL_TYPE (ChatroutesConversationPage, chatroutes_conversation_page, G_TYPE_OBJECT)

enum {
  CONVERSATION_PAGE_PROP_0,
  CONVERSATION_PAGE_PROP_CONVERSATIONS,
  CONVERSATION_PAGE_PROP_TOTAL,
  CONVERSATION_PAGE_PROP_PAGE,
  CONVERSATION_PAGE_PROP_LIMIT,
  CONVERSATION_PAGE_PROP_HAS_NEXT,
  CONVERSATION_PAGE_N_PROPS
};

static GParamSpec *conversation_page_properties[CONVERSATION_PAGE_N_PROPS];

static void
chatroutes_conversation_page_finalize (GObject *object)
{
  ChatroutesConversationPage *self = CHATROUTES_CONVERSATION_PAGE (object);

  g_clear_object (&self->conversations);

  G_OBJECT_CLASS (chatroutes_conversation_page_parent_class)->finalize (object);
}

static void
chatroutes_conversation_page_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  ChatroutesConversationPage *self = CHATROUTES_CONVERSATION_PAGE (object);

  switch (prop_id)
    {
    case CONVERSATION_PAGE_PROP_CONVERSATIONS:
      g_value_set_object (value, self->conversations);
      break;

    case CONVERSATION_PAGE_PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;

    case CONVERSATION_PAGE_PROP_PAGE:
      g_value_set_int64 (value, self->page);
      break;

    case CONVERSATION_PAGE_PROP_LIMIT:
      g_value_set_int64 (value, self->limit);
      break;

    case CONVERSATION_PAGE_PROP_HAS_NEXT:
      g_value_set_boolean (value, self->has_next);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_conversation_page_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  ChatroutesConversationPage *self = CHATROUTES_CONVERSATION_PAGE (object);

  switch (prop_id)
    {
    case CONVERSATION_PAGE_PROP_TOTAL:
      chatroutes_conversation_page_set_total (self, g_value_get_int64 (value));
      break;

    case CONVERSATION_PAGE_PROP_PAGE:
      chatroutes_conversation_page_set_page (self, g_value_get_int64 (value));
      break;

    case CONVERSATION_PAGE_PROP_LIMIT:
      chatroutes_conversation_page_set_limit (self, g_value_get_int64 (value));
      break;

    case CONVERSATION_PAGE_PROP_HAS_NEXT:
      chatroutes_conversation_page_set_has_next (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_conversation_page_class_init (ChatroutesConversationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = chatroutes_conversation_page_finalize;
  object_class->get_property = chatroutes_conversation_page_get_property;
  object_class->set_property = chatroutes_conversation_page_set_property;

  conversation_page_properties[CONVERSATION_PAGE_PROP_CONVERSATIONS] =
    g_param_spec_object ("conversations", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  conversation_page_properties[CONVERSATION_PAGE_PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  conversation_page_properties[CONVERSATION_PAGE_PROP_PAGE] =
    g_param_spec_int64 ("page", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  conversation_page_properties[CONVERSATION_PAGE_PROP_LIMIT] =
    g_param_spec_int64 ("limit", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  conversation_page_properties[CONVERSATION_PAGE_PROP_HAS_NEXT] =
    g_param_spec_boolean ("has-next", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, CONVERSATION_PAGE_N_PROPS, conversation_page_properties);
}

static void
chatroutes_conversation_page_init (ChatroutesConversationPage *self)
{
  self->conversations = g_list_store_new (CHATROUTES_TYPE_CONVERSATION);
  self->total = -1;
  self->page = -1;
  self->limit = -1;
}

ChatroutesConversationPage *
chatroutes_conversation_page_new (void)
{
  return g_object_new (CHATROUTES_TYPE_CONVERSATION_PAGE, NULL);
}

GListModel *
chatroutes_conversation_page_get_conversations (ChatroutesConversationPage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_PAGE (self), NULL);

  return G_LIST_MODEL (self->conversations);
}

gint64
chatroutes_conversation_page_get_total (ChatroutesConversationPage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_PAGE (self), -1);

  return self->total;
}

void
chatroutes_conversation_page_set_total (ChatroutesConversationPage *self,
                                        gint64                      total)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_PAGE (self));
  g_return_if_fail (total >= -1);

  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), conversation_page_properties[CONVERSATION_PAGE_PROP_TOTAL]);
    }
}

gint64
chatroutes_conversation_page_get_page (ChatroutesConversationPage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_PAGE (self), -1);

  return self->page;
}

void
chatroutes_conversation_page_set_page (ChatroutesConversationPage *self,
                                       gint64                      page)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_PAGE (self));
  g_return_if_fail (page >= -1);

  if (self->page != page)
    {
      self->page = page;
      g_object_notify_by_pspec (G_OBJECT (self), conversation_page_properties[CONVERSATION_PAGE_PROP_PAGE]);
    }
}

gint64
chatroutes_conversation_page_get_limit (ChatroutesConversationPage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_PAGE (self), -1);

  return self->limit;
}

void
chatroutes_conversation_page_set_limit (ChatroutesConversationPage *self,
                                        gint64                      limit)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_PAGE (self));
  g_return_if_fail (limit >= -1);

  if (self->limit != limit)
    {
      self->limit = limit;
      g_object_notify_by_pspec (G_OBJECT (self), conversation_page_properties[CONVERSATION_PAGE_PROP_LIMIT]);
    }
}

gboolean
chatroutes_conversation_page_get_has_next (ChatroutesConversationPage *self)
{
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION_PAGE (self), FALSE);

  return self->has_next;
}

void
chatroutes_conversation_page_set_has_next (ChatroutesConversationPage *self,
                                           gboolean                    has_next)
{
  g_return_if_fail (CHATROUTES_IS_CONVERSATION_PAGE (self));

  has_next = !!has_next;

  if (self->has_next != has_next)
    {
      self->has_next = has_next;
      g_object_notify_by_pspec (G_OBJECT (self), conversation_page_properties[CONVERSATION_PAGE_PROP_HAS_NEXT]);
    }
}

/* }}} */

/* ChatroutesSendResult {{{ */

struct _ChatroutesSendResult
{
  GObject parent_instance;

  ChatroutesMessage *message;
  ChatroutesMessage *user_message;
  ChatroutesUsage   *usage;
  char              *model;
};

G_DEFINE_FINAL_TYPE (ChatroutesSendResult, chatroutes_send_result, G_TYPE_OBJECT)

enum {
  SEND_RESULT_PROP_0,
  SEND_RESULT_PROP_MESSAGE,
  SEND_RESULT_PROP_USER_MESSAGE,
  SEND_RESULT_PROP_USAGE,
  SEND_RESULT_PROP_MODEL,
  SEND_RESULT_N_PROPS
};

static GParamSpec *send_result_properties[SEND_RESULT_N_PROPS];

static void
chatroutes_send_result_dispose (GObject *object)
{
  ChatroutesSendResult *self = CHATROUTES_SEND_RESULT (object);

  g_clear_object (&self->message);
  g_clear_object (&self->user_message);
  g_clear_object (&self->usage);

  G_OBJECT_CLASS (chatroutes_send_result_parent_class)->dispose (object);
}

static void
chatroutes_send_result_finalize (GObject *object)
{
  ChatroutesSendResult *self = CHATROUTES_SEND_RESULT (object);

  g_clear_pointer (&self->model, g_free);

  G_OBJECT_CLASS (chatroutes_send_result_parent_class)->finalize (object);
}

static void
chatroutes_send_result_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ChatroutesSendResult *self = CHATROUTES_SEND_RESULT (object);

  switch (prop_id)
    {
    case SEND_RESULT_PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;

    case SEND_RESULT_PROP_USER_MESSAGE:
      g_value_set_object (value, self->user_message);
      break;

    case SEND_RESULT_PROP_USAGE:
      g_value_set_object (value, self->usage);
      break;

    case SEND_RESULT_PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_send_result_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ChatroutesSendResult *self = CHATROUTES_SEND_RESULT (object);

  switch (prop_id)
    {
    case SEND_RESULT_PROP_MESSAGE:
      chatroutes_send_result_set_message (self, g_value_get_object (value));
      break;

    case SEND_RESULT_PROP_USER_MESSAGE:
      chatroutes_send_result_set_user_message (self, g_value_get_object (value));
      break;

    case SEND_RESULT_PROP_USAGE:
      chatroutes_send_result_set_usage (self, g_value_get_object (value));
      break;

    case SEND_RESULT_PROP_MODEL:
      chatroutes_send_result_set_model (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_send_result_class_init (ChatroutesSendResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chatroutes_send_result_dispose;
  object_class->finalize = chatroutes_send_result_finalize;
  object_class->get_property = chatroutes_send_result_get_property;
  object_class->set_property = chatroutes_send_result_set_property;

  send_result_properties[SEND_RESULT_PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL,
                         CHATROUTES_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  send_result_properties[SEND_RESULT_PROP_USER_MESSAGE] =
    g_param_spec_object ("user-message", NULL, NULL,
                         CHATROUTES_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  send_result_properties[SEND_RESULT_PROP_USAGE] =
    g_param_spec_object ("usage", NULL, NULL,
                         CHATROUTES_TYPE_USAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  send_result_properties[SEND_RESULT_PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, SEND_RESULT_N_PROPS, send_result_properties);
}

static void
chatroutes_send_result_init (ChatroutesSendResult *self)
{
}

ChatroutesSendResult *
chatroutes_send_result_new (void)
{
  return g_object_new (CHATROUTES_TYPE_SEND_RESULT, NULL);
}

ChatroutesMessage *
chatroutes_send_result_get_message (ChatroutesSendResult *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SEND_RESULT (self), NULL);

  return self->message;
}

void
chatroutes_send_result_set_message (ChatroutesSendResult *self,
                                    ChatroutesMessage    *message)
{
  g_return_if_fail (CHATROUTES_IS_SEND_RESULT (self));
  g_return_if_fail (message == NULL || CHATROUTES_IS_MESSAGE (message));

  if (g_set_object (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), send_result_properties[SEND_RESULT_PROP_MESSAGE]);
}

ChatroutesMessage *
chatroutes_send_result_get_user_message (ChatroutesSendResult *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SEND_RESULT (self), NULL);

  return self->user_message;
}

void
chatroutes_send_result_set_user_message (ChatroutesSendResult *self,
                                         ChatroutesMessage    *user_message)
{
  g_return_if_fail (CHATROUTES_IS_SEND_RESULT (self));
  g_return_if_fail (user_message == NULL || CHATROUTES_IS_MESSAGE (user_message));

  if (g_set_object (&self->user_message, user_message))
    g_object_notify_by_pspec (G_OBJECT (self), send_result_properties[SEND_RESULT_PROP_USER_MESSAGE]);
}

ChatroutesUsage *
chatroutes_send_result_get_usage (ChatroutesSendResult *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SEND_RESULT (self), NULL);

  return self->usage;
}

void
chatroutes_send_result_set_usage (ChatroutesSendResult *self,
                                  ChatroutesUsage      *usage)
{
  g_return_if_fail (CHATROUTES_IS_SEND_RESULT (self));
  g_return_if_fail (usage == NULL || CHATROUTES_IS_USAGE (usage));

  if (g_set_object (&self->usage, usage))
    g_object_notify_by_pspec (G_OBJECT (self), send_result_properties[SEND_RESULT_PROP_USAGE]);
}

const char *
chatroutes_send_result_get_model (ChatroutesSendResult *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SEND_RESULT (self), NULL);

  return self->model;
}

void
chatroutes_send_result_set_model (ChatroutesSendResult *self,
                                  const char           *model)
{
  g_return_if_fail (CHATROUTES_IS_SEND_RESULT (self));

  if (g_set_str (&self->model, model))
    g_object_notify_by_pspec (G_OBJECT (self), send_result_properties[SEND_RESULT_PROP_MODEL]);
}

/* }}} */
