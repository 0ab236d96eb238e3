/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "chatroutes-decode-private.h"
#include "chatroutes-error.h"
#include "chatroutes-json-escape.h"

/*
 * Decisions the API document leaves open:
 *
 *  - Required fields: a resource's "id" (where it has one), a message's
 *    "role", a checkpoint's "summary", a health report's "status".
 *    Everything else may be missing; null counts as missing. A message's
 *    "content" is optional so that one odd message (a soft-deleted one,
 *    say) cannot make a whole conversation unreadable.
 *  - Numbers: integers are accepted where a fraction is allowed. A number
 *    with a fraction where an integer is expected (12.5 tokens) is a
 *    protocol error; an integral one (12.0) is taken as the integer. Every
 *    number in the API is a count, an offset, a price, a time or a ratio,
 *    so negative numbers are protocol errors too (-1 means "unknown" in the
 *    resources and must not be confused with what the service said).
 *  - Booleans must be JSON booleans; ids and texts must be JSON strings.
 *  - json-glib refuses JSON nested deeper than 1024 levels, which bounds a
 *    tree of shape (a) to about 500 levels when it comes from text; the
 *    tree decoder itself walks iteratively and stops at MAX_TREE_DEPTH.
 */

#define MAX_TREE_DEPTH          10000
#define MAX_ERROR_BODY_SIZE     (1024 * 1024)
#define MAX_ERROR_MESSAGE_CHARS 1000
#define MAX_FIELDS              32

/* Errors {{{ */

static gboolean
field_wrong_type (GError    **error,
                  const char *what,
                  const char *field)
{
  g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
               _("Field “%s” of %s has the wrong type"), field, what);
  return FALSE;
}

static gboolean
field_invalid (GError    **error,
               const char *what,
               const char *field)
{
  g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
               _("Field “%s” of %s has an invalid value"), field, what);
  return FALSE;
}

static gboolean
field_missing (GError    **error,
               const char *what,
               const char *field)
{
  g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
               _("Field “%s” of %s is missing"), field, what);
  return FALSE;
}

static gboolean
item_wrong_type (GError    **error,
                 const char *what,
                 const char *field,
                 guint       index)
{
  g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
               _("Item %u of field “%s” of %s has the wrong type"), index, field, what);
  return FALSE;
}

static gboolean
response_lacks (GError    **error,
                const char *field)
{
  g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
               _("The response has no “%s”"), field);
  return FALSE;
}

/* }}} */

/* Reading JSON values {{{ */

typedef enum
{
  FIELD_STRING,
  FIELD_INT,
  FIELD_DOUBLE,
  FIELD_BOOLEAN,
} FieldKind;

typedef enum
{
  VALUE_OK,
  VALUE_WRONG_TYPE,
  VALUE_INVALID,
} ValueCheck;

typedef struct
{
  const char *property;
  FieldKind   kind;
  gboolean    required;
  const char *names[3];  /* JSON names in order of preference, NULL-terminated */
} FieldSpec;

/* The member @name of @object, or NULL when it is missing or null. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static gboolean
node_holds_type (JsonNode *node,
                 GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static ValueCheck
check_int (JsonNode *node,
           gint64   *out)
{
  if (node_holds_type (node, G_TYPE_INT64))
    {
      gint64 value = json_node_get_int (node);

      if (value < 0)
        return VALUE_INVALID;

      *out = value;
      return VALUE_OK;
    }

  if (node_holds_type (node, G_TYPE_DOUBLE))
    {
      double value = json_node_get_double (node);

      /* 2^63 itself does not fit; inside the range, the round trip
       * through an integer keeps only integral values */
      if (!isfinite (value) || value < 0 || value >= 9223372036854775808.0 ||
          (double) (gint64) value != value)
        return VALUE_INVALID;

      *out = (gint64) value;
      return VALUE_OK;
    }

  return VALUE_WRONG_TYPE;
}

static ValueCheck
check_double (JsonNode *node,
              double   *out)
{
  double value;

  if (node_holds_type (node, G_TYPE_INT64))
    value = (double) json_node_get_int (node);
  else if (node_holds_type (node, G_TYPE_DOUBLE))
    value = json_node_get_double (node);
  else
    return VALUE_WRONG_TYPE;

  if (!isfinite (value) || value < 0)
    return VALUE_INVALID;

  *out = value;
  return VALUE_OK;
}

/* Reads @node as @kind into @value (initialized here on success). */
static gboolean
read_value (JsonNode    *node,
            FieldKind    kind,
            const char  *what,
            const char  *field,
            GValue      *value,
            GError     **error)
{
  ValueCheck check = VALUE_WRONG_TYPE;

  switch (kind)
    {
    case FIELD_STRING:
      if (node_holds_type (node, G_TYPE_STRING))
        {
          g_value_init (value, G_TYPE_STRING);
          g_value_set_string (value, json_node_get_string (node));
          check = VALUE_OK;
        }
      break;

    case FIELD_BOOLEAN:
      if (node_holds_type (node, G_TYPE_BOOLEAN))
        {
          g_value_init (value, G_TYPE_BOOLEAN);
          g_value_set_boolean (value, json_node_get_boolean (node));
          check = VALUE_OK;
        }
      break;

    case FIELD_INT:
      {
        gint64 number = -1;

        check = check_int (node, &number);
        if (check == VALUE_OK)
          {
            g_value_init (value, G_TYPE_INT64);
            g_value_set_int64 (value, number);
          }
      }
      break;

    case FIELD_DOUBLE:
      {
        double number = -1;

        check = check_double (node, &number);
        if (check == VALUE_OK)
          {
            g_value_init (value, G_TYPE_DOUBLE);
            g_value_set_double (value, number);
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  switch (check)
    {
    case VALUE_OK:
      return TRUE;

    case VALUE_INVALID:
      return field_invalid (error, what, field);

    case VALUE_WRONG_TYPE:
    default:
      return field_wrong_type (error, what, field);
    }
}

/* Reads an optional string member; *out is NULL when it is missing. */
static gboolean
read_string (JsonObject  *object,
             const char  *what,
             const char  *field,
             const char **out,
             GError     **error)
{
  JsonNode *node = get_member (object, field);

  *out = NULL;

  if (node == NULL)
    return TRUE;

  if (!node_holds_type (node, G_TYPE_STRING))
    return field_wrong_type (error, what, field);

  *out = json_node_get_string (node);
  return TRUE;
}

/* Reads an optional object member; *out is NULL when it is missing. */
static gboolean
read_object (JsonObject  *object,
             const char  *what,
             const char  *field,
             JsonObject **out,
             GError     **error)
{
  JsonNode *node = get_member (object, field);

  *out = NULL;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return field_wrong_type (error, what, field);

  *out = json_node_get_object (node);
  return TRUE;
}

/* Reads an optional array member; *out is NULL when it is missing. */
static gboolean
read_array (JsonObject  *object,
            const char  *what,
            const char  *field,
            JsonArray  **out,
            GError     **error)
{
  JsonNode *node = get_member (object, field);

  *out = NULL;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_wrong_type (error, what, field);

  *out = json_node_get_array (node);
  return TRUE;
}

/* }}} */

/* Property bags {{{ */

/* Values read from JSON, set on a new object in one go. */
typedef struct
{
  guint       n_values;
  const char *names[MAX_FIELDS];
  GValue      values[MAX_FIELDS];
} PropertyBag;

static void
property_bag_clear (PropertyBag *bag)
{
  for (guint i = 0; i < bag->n_values; i++)
    g_value_unset (&bag->values[i]);
  bag->n_values = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PropertyBag, property_bag_clear)

/* Reads one field, trying each of its JSON names. Every name present is
 * type-checked; the first one present gives the value. */
static gboolean
read_field (PropertyBag     *bag,
            JsonObject      *object,
            const char      *what,
            const FieldSpec *spec,
            gboolean        *found,
            GError         **error)
{
  *found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (spec->names) && spec->names[i] != NULL; i++)
    {
      JsonNode *node = get_member (object, spec->names[i]);
      GValue value = G_VALUE_INIT;

      if (node == NULL)
        continue;

      if (!read_value (node, spec->kind, what, spec->names[i], &value, error))
        return FALSE;

      if (*found)
        {
          g_value_unset (&value);
          continue;
        }

      g_assert (bag->n_values < MAX_FIELDS);
      bag->names[bag->n_values] = spec->property;
      bag->values[bag->n_values] = value;
      bag->n_values++;
      *found = TRUE;
    }

  return TRUE;
}

static gboolean
read_fields (PropertyBag     *bag,
             JsonObject      *object,
             const char      *what,
             const FieldSpec *specs,
             gsize            n_specs,
             GError         **error)
{
  for (gsize i = 0; i < n_specs; i++)
    {
      gboolean found;

      if (!read_field (bag, object, what, &specs[i], &found, error))
        return FALSE;

      if (!found && specs[i].required)
        return field_missing (error, what, specs[i].names[0]);
    }

  return TRUE;
}

static gpointer
property_bag_new_object (PropertyBag *bag,
                         GType        type)
{
  return g_object_new_with_properties (type, bag->n_values, bag->names, bag->values);
}

/* }}} */

/* Field tables {{{ */

static const FieldSpec conversation_fields[] = {
  { "id", FIELD_STRING, TRUE, { "id" } },
  { "user-id", FIELD_STRING, FALSE, { "userId" } },
  { "title", FIELD_STRING, FALSE, { "title" } },
  { "created-at", FIELD_STRING, FALSE, { "createdAt" } },
  { "updated-at", FIELD_STRING, FALSE, { "updatedAt" } },
  { "model", FIELD_STRING, FALSE, { "model" } },
};

static const FieldSpec message_fields[] = {
  { "id", FIELD_STRING, TRUE, { "id" } },
  { "conversation-id", FIELD_STRING, FALSE, { "conversationId" } },
  { "branch-id", FIELD_STRING, FALSE, { "branchId" } },
  { "role", FIELD_STRING, TRUE, { "role" } },
  { "content", FIELD_STRING, FALSE, { "content" } },
  { "token-count", FIELD_INT, FALSE, { "tokenCount" } },
  { "created-at", FIELD_STRING, FALSE, { "createdAt" } },
  { "parent-message-id", FIELD_STRING, FALSE, { "parentMessageId" } },
  { "model", FIELD_STRING, FALSE, { "model" } },
  { "content-hash", FIELD_STRING, FALSE, { "contentHash" } },
};

/* The SDKs write the last four in snake_case; camelCase is accepted too. */
static const FieldSpec message_metadata_fields[] = {
  { "metadata-model", FIELD_STRING, FALSE, { "model" } },
  { "temperature", FIELD_DOUBLE, FALSE, { "temperature" } },
  { "max-tokens", FIELD_INT, FALSE, { "maxTokens" } },
  { "response-time", FIELD_DOUBLE, FALSE, { "responseTime" } },
  { "finish-reason", FIELD_STRING, FALSE, { "finishReason" } },
  { "cost", FIELD_DOUBLE, FALSE, { "cost" } },
  { "context-truncated", FIELD_BOOLEAN, FALSE, { "context_truncated", "contextTruncated" } },
  { "checkpoint-used", FIELD_BOOLEAN, FALSE, { "checkpoint_used", "checkpointUsed" } },
  { "prompt-tokens", FIELD_INT, FALSE, { "prompt_tokens", "promptTokens" } },
  { "context-message-count", FIELD_INT, FALSE, { "context_message_count", "contextMessageCount" } },
};

static const FieldSpec branch_fields[] = {
  { "id", FIELD_STRING, TRUE, { "id" } },
  { "conversation-id", FIELD_STRING, FALSE, { "conversationId" } },
  { "parent-branch-id", FIELD_STRING, FALSE, { "parentBranchId" } },
  { "fork-point-message-id", FIELD_STRING, FALSE, { "forkPointMessageId" } },
  { "title", FIELD_STRING, FALSE, { "title" } },
  { "context-mode", FIELD_STRING, FALSE, { "contextMode" } },
  { "is-main", FIELD_BOOLEAN, FALSE, { "isMain" } },
  { "is-active", FIELD_BOOLEAN, FALSE, { "isActive" } },
  { "created-at", FIELD_STRING, FALSE, { "createdAt" } },
  { "updated-at", FIELD_STRING, FALSE, { "updatedAt" } },
  { "message-count", FIELD_INT, FALSE, { "messageCount" } },
  { "description", FIELD_STRING, FALSE, { "description" } },
};

static const FieldSpec usage_fields[] = {
  { "prompt-tokens", FIELD_INT, FALSE, { "promptTokens", "prompt_tokens" } },
  { "completion-tokens", FIELD_INT, FALSE, { "completionTokens", "completion_tokens" } },
  { "total-tokens", FIELD_INT, FALSE, { "totalTokens", "total_tokens" } },
};

static const FieldSpec checkpoint_fields[] = {
  { "id", FIELD_STRING, TRUE, { "id" } },
  { "summary", FIELD_STRING, TRUE, { "summary" } },
  { "conversation-id", FIELD_STRING, FALSE, { "conversation_id", "conversationId" } },
  { "branch-id", FIELD_STRING, FALSE, { "branch_id", "branchId" } },
  { "anchor-message-id", FIELD_STRING, FALSE, { "anchor_message_id", "anchorMessageId" } },
  { "token-count", FIELD_INT, FALSE, { "token_count", "tokenCount" } },
  { "created-at", FIELD_STRING, FALSE, { "created_at", "createdAt" } },
};

static const FieldSpec account_fields[] = {
  { "id", FIELD_STRING, TRUE, { "id" } },
  { "email", FIELD_STRING, FALSE, { "email" } },
  { "plan", FIELD_STRING, FALSE, { "plan" } },
  { "created-at", FIELD_STRING, FALSE, { "createdAt", "created_at" } },
};

static const FieldSpec health_fields[] = {
  { "status", FIELD_STRING, TRUE, { "status" } },
  { "version", FIELD_STRING, FALSE, { "version" } },
  { "service", FIELD_STRING, FALSE, { "service" } },
};

static const FieldSpec suggestion_fields[] = {
  { "id", FIELD_STRING, TRUE, { "id" } },
  { "title", FIELD_STRING, FALSE, { "title" } },
  { "description", FIELD_STRING, FALSE, { "description" } },
  { "trigger-text", FIELD_STRING, FALSE, { "triggerText" } },
  { "confidence", FIELD_DOUBLE, FALSE, { "confidence" } },
  { "reasoning", FIELD_STRING, FALSE, { "reasoning" } },
  { "estimated-divergence", FIELD_STRING, FALSE, { "estimatedDivergence" } },
};

static const FieldSpec branch_point_fields[] = {
  { "branch-point-start", FIELD_INT, FALSE, { "start" } },
  { "branch-point-end", FIELD_INT, FALSE, { "end" } },
};

static const FieldSpec suggestion_metadata_fields[] = {
  { "detection-method", FIELD_STRING, FALSE, { "detectionMethod" } },
  { "total-branch-points-found", FIELD_INT, FALSE, { "totalBranchPointsFound" } },
  { "model-used", FIELD_STRING, FALSE, { "modelUsed" } },
};

static const FieldSpec tree_node_fields[] = {
  { "id", FIELD_STRING, TRUE, { "id" } },
  { "content", FIELD_STRING, FALSE, { "content" } },
  { "role", FIELD_STRING, FALSE, { "role" } },
};

static const FieldSpec branch_info_fields[] = {
  { "branch-id", FIELD_STRING, FALSE, { "branchId", "id" } },
  { "branch-title", FIELD_STRING, FALSE, { "title", "name" } },
  { "branch-is-main", FIELD_BOOLEAN, FALSE, { "isMain" } },
};

static const FieldSpec tree_metadata_fields[] = {
  { "total-nodes", FIELD_INT, FALSE, { "totalNodes" } },
  { "total-branches", FIELD_INT, FALSE, { "totalBranches" } },
  { "max-depth", FIELD_INT, FALSE, { "maxDepth" } },
};

/* }}} */

/* Lists {{{ */

typedef gpointer (*ItemDecodeFunc) (JsonObject  *object,
                                    GError     **error);

/* Decodes every element of @array (all objects) and appends them to @store. */
static gboolean
fill_store (GListStore     *store,
            JsonArray      *array,
            const char     *what,
            const char     *field,
            ItemDecodeFunc  decode,
            GError        **error)
{
  g_autoptr(GPtrArray) items = NULL;
  guint n_elements = json_array_get_length (array);

  items = g_ptr_array_new_full (n_elements, g_object_unref);

  for (guint i = 0; i < n_elements; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return item_wrong_type (error, what, field, i);

      item = decode (json_node_get_object (element), error);
      if (item == NULL)
        return FALSE;

      g_ptr_array_add (items, item);
    }

  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                       items->pdata, items->len);

  return TRUE;
}

static gpointer
decode_message_item (JsonObject  *object,
                     GError     **error)
{
  return chatroutes_message_new_from_json (object, error);
}

static gpointer
decode_branch_item (JsonObject  *object,
                    GError     **error)
{
  return chatroutes_branch_new_from_json (object, error);
}

static gpointer
decode_checkpoint_item (JsonObject  *object,
                        GError     **error)
{
  return chatroutes_checkpoint_new_from_json (object, error);
}

static gpointer
decode_conversation_item (JsonObject  *object,
                          GError     **error)
{
  return chatroutes_conversation_new_from_json (object, error);
}

static gpointer
decode_suggestion_item (JsonObject  *object,
                        GError     **error)
{
  return chatroutes_suggestion_new_from_json (object, error);
}

/* }}} */

/* Resources {{{ */

ChatroutesConversation *
chatroutes_conversation_new_from_json (JsonObject  *object,
                                       GError     **error)
{
  g_auto(PropertyBag) bag = { 0 };
  g_autoptr(ChatroutesConversation) conversation = NULL;
  JsonArray *messages;
  JsonArray *branches;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_fields (&bag, object, "conversation",
                    conversation_fields, G_N_ELEMENTS (conversation_fields), error) ||
      !read_array (object, "conversation", "messages", &messages, error) ||
      !read_array (object, "conversation", "branches", &branches, error))
    return NULL;

  conversation = property_bag_new_object (&bag, CHATROUTES_TYPE_CONVERSATION);

  if (messages != NULL &&
      !fill_store (G_LIST_STORE (chatroutes_conversation_get_messages (conversation)),
                   messages, "conversation", "messages", decode_message_item, error))
    return NULL;

  if (branches != NULL &&
      !fill_store (G_LIST_STORE (chatroutes_conversation_get_branches (conversation)),
                   branches, "conversation", "branches", decode_branch_item, error))
    return NULL;

  return g_steal_pointer (&conversation);
}

ChatroutesMessage *
chatroutes_message_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  g_auto(PropertyBag) bag = { 0 };
  JsonObject *metadata;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_fields (&bag, object, "message",
                    message_fields, G_N_ELEMENTS (message_fields), error) ||
      !read_object (object, "message", "metadata", &metadata, error))
    return NULL;

  if (metadata != NULL &&
      !read_fields (&bag, metadata, "message metadata",
                    message_metadata_fields, G_N_ELEMENTS (message_metadata_fields), error))
    return NULL;

  return property_bag_new_object (&bag, CHATROUTES_TYPE_MESSAGE);
}

ChatroutesBranch *
chatroutes_branch_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_auto(PropertyBag) bag = { 0 };

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_fields (&bag, object, "branch",
                    branch_fields, G_N_ELEMENTS (branch_fields), error))
    return NULL;

  return property_bag_new_object (&bag, CHATROUTES_TYPE_BRANCH);
}

ChatroutesCheckpoint *
chatroutes_checkpoint_new_from_json (JsonObject  *object,
                                     GError     **error)
{
  g_auto(PropertyBag) bag = { 0 };

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_fields (&bag, object, "checkpoint",
                    checkpoint_fields, G_N_ELEMENTS (checkpoint_fields), error))
    return NULL;

  return property_bag_new_object (&bag, CHATROUTES_TYPE_CHECKPOINT);
}

ChatroutesUsage *
chatroutes_usage_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_auto(PropertyBag) bag = { 0 };

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_fields (&bag, object, "usage",
                    usage_fields, G_N_ELEMENTS (usage_fields), error))
    return NULL;

  return property_bag_new_object (&bag, CHATROUTES_TYPE_USAGE);
}

ChatroutesSuggestion *
chatroutes_suggestion_new_from_json (JsonObject  *object,
                                     GError     **error)
{
  g_auto(PropertyBag) bag = { 0 };
  JsonObject *branch_point;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_fields (&bag, object, "suggestion",
                    suggestion_fields, G_N_ELEMENTS (suggestion_fields), error) ||
      !read_object (object, "suggestion", "branchPoint", &branch_point, error))
    return NULL;

  if (branch_point != NULL &&
      !read_fields (&bag, branch_point, "suggestion branch point",
                    branch_point_fields, G_N_ELEMENTS (branch_point_fields), error))
    return NULL;

  return property_bag_new_object (&bag, CHATROUTES_TYPE_SUGGESTION);
}

/* A tree node without its children, which are returned in @children. */
static ChatroutesTreeNode *
tree_node_new_shallow (JsonObject  *object,
                       JsonArray  **children,
                       GError     **error)
{
  g_auto(PropertyBag) bag = { 0 };
  JsonObject *branch_info;

  if (!read_fields (&bag, object, "tree node",
                    tree_node_fields, G_N_ELEMENTS (tree_node_fields), error) ||
      !read_array (object, "tree node", "children", children, error) ||
      !read_object (object, "tree node", "branchInfo", &branch_info, error))
    return NULL;

  if (branch_info != NULL &&
      !read_fields (&bag, branch_info, "tree node branch info",
                    branch_info_fields, G_N_ELEMENTS (branch_info_fields), error))
    return NULL;

  return property_bag_new_object (&bag, CHATROUTES_TYPE_TREE_NODE);
}

typedef struct
{
  ChatroutesTreeNode *node;     /* owned by its parent's children */
  JsonArray          *children; /* NULL when it has none */
  guint               next;
} TreeFrame;

/* Walks the tree with a stack of its own, so a deep tree cannot exhaust
 * the thread's stack. */
ChatroutesTreeNode *
chatroutes_tree_node_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(ChatroutesTreeNode) root = NULL;
  g_autoptr(GArray) stack = NULL;
  TreeFrame frame = { NULL, NULL, 0 };

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = tree_node_new_shallow (object, &frame.children, error);
  if (root == NULL)
    return NULL;

  stack = g_array_new (FALSE, FALSE, sizeof (TreeFrame));
  frame.node = root;
  g_array_append_val (stack, frame);

  while (stack->len > 0)
    {
      TreeFrame *top = &g_array_index (stack, TreeFrame, stack->len - 1);
      g_autoptr(ChatroutesTreeNode) child = NULL;
      TreeFrame child_frame = { NULL, NULL, 0 };
      JsonNode *element;
      guint index;

      if (top->children == NULL || top->next >= json_array_get_length (top->children))
        {
          g_array_set_size (stack, stack->len - 1);
          continue;
        }

      index = top->next++;
      element = json_array_get_element (top->children, index);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          item_wrong_type (error, "tree node", "children", index);
          return NULL;
        }

      if (stack->len >= MAX_TREE_DEPTH)
        {
          g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                       _("The conversation tree is deeper than %u levels"),
                       (guint) MAX_TREE_DEPTH);
          return NULL;
        }

      child = tree_node_new_shallow (json_node_get_object (element), &child_frame.children, error);
      if (child == NULL)
        return NULL;

      /* Appending may move the stack, so @top is not used after this. */
      g_list_store_append (G_LIST_STORE (chatroutes_tree_node_get_children (top->node)), child);
      child_frame.node = child;
      g_array_append_val (stack, child_frame);
    }

  return g_steal_pointer (&root);
}

/* }}} */

/* Envelopes {{{ */

/* A human text from a "message" member: a string, or (as some frameworks
 * send for validation errors) an array of strings. NULL when there is none. */
static char *
dup_message_text (JsonObject *object)
{
  JsonNode *node = get_member (object, "message");

  if (node == NULL)
    return NULL;

  if (node_holds_type (node, G_TYPE_STRING))
    {
      const char *text = json_node_get_string (node);

      return (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *text;

          if (!node_holds_type (element, G_TYPE_STRING))
            continue;

          text = json_node_get_string (element);
          if (text == NULL || *text == '\0')
            continue;

          if (joined->len > 0)
            g_string_append (joined, "; ");
          g_string_append (joined, text);
        }

      if (joined->len > 0)
        return g_string_free (g_steal_pointer (&joined), FALSE);
    }

  return NULL;
}

JsonObject *
chatroutes_decode_payload (JsonNode  *body,
                           GError   **error)
{
  JsonObject *object;
  JsonNode *success;
  JsonNode *data;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error_literal (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                           _("The response is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (body);

  success = get_member (object, "success");
  if (success != NULL)
    {
      if (!node_holds_type (success, G_TYPE_BOOLEAN))
        {
          field_wrong_type (error, "response", "success");
          return NULL;
        }

      if (!json_node_get_boolean (success))
        {
          g_autofree char *message = dup_message_text (object);
          const char *code = NULL;
          JsonNode *code_node = get_member (object, "error");

          if (code_node != NULL && node_holds_type (code_node, G_TYPE_STRING))
            code = json_node_get_string (code_node);

          if (message == NULL && code != NULL && *code != '\0')
            message = g_strdup (code);

          if (message == NULL)
            message = g_strdup (_("The service reported a failure"));

          if (error != NULL)
            {
              *error = g_error_new_literal (CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL, message);
              if (code != NULL)
                chatroutes_error_set_code (*error, code);
            }

          return NULL;
        }
    }

  data = get_member (object, "data");
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    return json_node_get_object (data);

  return object;
}

/* The object of a single resource: @key in the payload, or the payload
 * itself when it looks like the resource (has an "id"). */
static JsonObject *
find_resource (JsonNode    *body,
               const char  *key,
               GError     **error)
{
  JsonObject *payload;
  JsonNode *node;

  payload = chatroutes_decode_payload (body, error);
  if (payload == NULL)
    return NULL;

  node = get_member (payload, key);
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          field_wrong_type (error, "response", key);
          return NULL;
        }

      return json_node_get_object (node);
    }

  if (get_member (payload, "id") != NULL)
    return payload;

  response_lacks (error, key);
  return NULL;
}

/* The array of a list: the body itself, an array "data", or @key in the
 * payload or, failing that, at the top level. */
static JsonArray *
find_list (JsonNode    *body,
           const char  *key,
           GError     **error)
{
  JsonObject *payload;
  JsonObject *top;
  JsonNode *node;

  if (JSON_NODE_HOLDS_ARRAY (body))
    return json_node_get_array (body);

  payload = chatroutes_decode_payload (body, error);
  if (payload == NULL)
    return NULL;

  top = json_node_get_object (body);

  node = get_member (top, "data");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);

  node = get_member (payload, key);
  if (node == NULL && payload != top)
    node = get_member (top, key);

  if (node == NULL)
    {
      response_lacks (error, key);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      field_wrong_type (error, "response", key);
      return NULL;
    }

  return json_node_get_array (node);
}

static GListModel *
decode_list (JsonNode        *body,
             const char      *key,
             GType            item_type,
             ItemDecodeFunc   decode,
             GError         **error)
{
  g_autoptr(GListStore) store = NULL;
  JsonArray *array;

  array = find_list (body, key, error);
  if (array == NULL)
    return NULL;

  store = g_list_store_new (item_type);
  if (!fill_store (store, array, "response", key, decode, error))
    return NULL;

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* }}} */

/* Whole responses {{{ */

ChatroutesConversation *
chatroutes_decode_conversation (JsonNode  *body,
                                GError   **error)
{
  JsonObject *object;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = find_resource (body, "conversation", error);
  if (object == NULL)
    return NULL;

  return chatroutes_conversation_new_from_json (object, error);
}

static gint64
saturating_add (gint64 a,
                gint64 b)
{
  g_assert (a >= 0 && b >= 0);

  return a > G_MAXINT64 - b ? G_MAXINT64 : a + b;
}

static gint64
saturating_mul (gint64 a,
                gint64 b)
{
  g_assert (a >= 0 && b >= 0);

  return (b != 0 && a > G_MAXINT64 / b) ? G_MAXINT64 : a * b;
}

/* Reads an integer or boolean paging field from the payload, else from
 * the top level (note 1 of the API document). */
static gboolean
read_paging_field (JsonObject      *payload,
                   JsonObject      *top,
                   const FieldSpec *spec,
                   GValue          *value,
                   gboolean        *found,
                   GError         **error)
{
  JsonObject *sources[2] = { payload, top };

  *found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      JsonNode *node;

      if (sources[i] == NULL || (i > 0 && sources[i] == sources[0]))
        continue;

      node = get_member (sources[i], spec->names[0]);
      if (node == NULL)
        continue;

      if (!read_value (node, spec->kind, "conversation list", spec->names[0], value, error))
        return FALSE;

      *found = TRUE;
      return TRUE;
    }

  return TRUE;
}

ChatroutesConversationPage *
chatroutes_decode_conversation_page (JsonNode  *body,
                                     guint      page,
                                     guint      limit,
                                     GError   **error)
{
  static const FieldSpec total_spec = { "total", FIELD_INT, FALSE, { "total" } };
  static const FieldSpec page_spec = { "page", FIELD_INT, FALSE, { "page" } };
  static const FieldSpec limit_spec = { "limit", FIELD_INT, FALSE, { "limit" } };
  static const FieldSpec has_next_spec = { "has-next", FIELD_BOOLEAN, FALSE, { "hasNext" } };
  g_auto(GValue) total_value = G_VALUE_INIT;
  g_auto(GValue) page_value = G_VALUE_INIT;
  g_auto(GValue) limit_value = G_VALUE_INIT;
  g_auto(GValue) has_next_value = G_VALUE_INIT;
  g_autoptr(ChatroutesConversationPage) result = NULL;
  JsonObject *payload = NULL;
  JsonObject *top = NULL;
  JsonArray *array;
  gboolean has_total, has_page, has_limit, has_has_next;
  gint64 n_items, total, page_number, page_size;
  gboolean has_next;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  array = find_list (body, "conversations", error);
  if (array == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (body))
    {
      /* find_list () already checked the envelope */
      payload = chatroutes_decode_payload (body, NULL);
      top = json_node_get_object (body);
    }

  if (!read_paging_field (payload, top, &total_spec, &total_value, &has_total, error) ||
      !read_paging_field (payload, top, &page_spec, &page_value, &has_page, error) ||
      !read_paging_field (payload, top, &limit_spec, &limit_value, &has_limit, error) ||
      !read_paging_field (payload, top, &has_next_spec, &has_next_value, &has_has_next, error))
    return NULL;

  result = chatroutes_conversation_page_new ();
  if (!fill_store (G_LIST_STORE (chatroutes_conversation_page_get_conversations (result)),
                   array, "conversation list", "conversations", decode_conversation_item, error))
    return NULL;

  n_items = json_array_get_length (array);
  page_number = has_page ? g_value_get_int64 (&page_value) : MAX (page, 1);
  page_size = has_limit ? g_value_get_int64 (&limit_value) : limit;

  if (has_has_next)
    {
      has_next = g_value_get_boolean (&has_next_value);
    }
  else if (has_total)
    {
      /* page * limit < total; an unknown limit is taken as this page's
       * size, and an empty page never promises more. */
      gint64 size = page_size > 0 ? page_size : n_items;

      total = g_value_get_int64 (&total_value);
      has_next = n_items > 0 && size > 0 && saturating_mul (MAX (page_number, 1), size) < total;
    }
  else
    {
      /* Without a total, a full page suggests there is more. */
      has_next = page_size > 0 && n_items >= page_size;
    }

  if (has_total)
    {
      total = g_value_get_int64 (&total_value);
    }
  else
    {
      /* A lower bound: the conversations up to this page, plus one when
       * another page was promised. */
      total = saturating_add (saturating_mul (MAX (page_number, 1) - 1, MAX (page_size, 0)), n_items);
      if (has_next)
        total = saturating_add (total, 1);
    }

  chatroutes_conversation_page_set_total (result, total);
  chatroutes_conversation_page_set_page (result, page_number);
  chatroutes_conversation_page_set_limit (result, page_size);
  chatroutes_conversation_page_set_has_next (result, has_next);

  return g_steal_pointer (&result);
}

ChatroutesTree *
chatroutes_decode_tree (JsonNode  *body,
                        GError   **error)
{
  g_autoptr(ChatroutesTree) tree = NULL;
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(ChatroutesTreeNode) root = NULL;
  g_autoptr(ChatroutesBranch) main_branch = NULL;
  g_auto(PropertyBag) bag = { 0 };
  JsonObject *payload;
  JsonObject *conversation_object;
  JsonObject *root_object;
  JsonObject *metadata;
  JsonObject *main_branch_object;
  JsonArray *branches;
  GListModel *branch_model;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  payload = chatroutes_decode_payload (body, error);
  if (payload == NULL)
    return NULL;

  if (!read_object (payload, "conversation tree", "conversation", &conversation_object, error) ||
      !read_object (payload, "conversation tree", "tree", &root_object, error) ||
      !read_object (payload, "conversation tree", "metadata", &metadata, error) ||
      !read_array (payload, "conversation tree", "branches", &branches, error) ||
      !read_object (payload, "conversation tree", "mainBranch", &main_branch_object, error))
    return NULL;

  /* An empty conversation has "tree": null; only a body that has neither
   * shape at all is not a tree. */
  if (root_object == NULL && branches == NULL && main_branch_object == NULL &&
      !json_object_has_member (payload, "tree") && metadata == NULL)
    {
      response_lacks (error, "tree");
      return NULL;
    }

  if (metadata != NULL &&
      !read_fields (&bag, metadata, "tree metadata",
                    tree_metadata_fields, G_N_ELEMENTS (tree_metadata_fields), error))
    return NULL;

  if (conversation_object != NULL)
    {
      conversation = chatroutes_conversation_new_from_json (conversation_object, error);
      if (conversation == NULL)
        return NULL;
    }

  if (root_object != NULL)
    {
      root = chatroutes_tree_node_new_from_json (root_object, error);
      if (root == NULL)
        return NULL;
    }

  if (main_branch_object != NULL)
    {
      main_branch = chatroutes_branch_new_from_json (main_branch_object, error);
      if (main_branch == NULL)
        return NULL;
    }

  tree = property_bag_new_object (&bag, CHATROUTES_TYPE_TREE);
  branch_model = chatroutes_tree_get_branches (tree);

  if (branches != NULL &&
      !fill_store (G_LIST_STORE (branch_model), branches,
                   "conversation tree", "branches", decode_branch_item, error))
    return NULL;

  /* Without "mainBranch", the branch that says it is the main one. */
  for (guint i = 0; main_branch == NULL && i < g_list_model_get_n_items (branch_model); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branch_model, i);

      if (chatroutes_branch_get_is_main (branch))
        main_branch = g_steal_pointer (&branch);
    }

  chatroutes_tree_set_conversation (tree, conversation);
  chatroutes_tree_set_root (tree, root);
  chatroutes_tree_set_main_branch (tree, main_branch);

  return g_steal_pointer (&tree);
}

ChatroutesMessage *
chatroutes_decode_message (JsonNode  *body,
                           GError   **error)
{
  JsonObject *object;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = find_resource (body, "message", error);
  if (object == NULL)
    return NULL;

  return chatroutes_message_new_from_json (object, error);
}

GListModel *
chatroutes_decode_messages (JsonNode  *body,
                            GError   **error)
{
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode_list (body, "messages", CHATROUTES_TYPE_MESSAGE, decode_message_item, error);
}

/* A send result from one object: the reply under "message", else
 * "assistantMessage" (with "userMessage"), else the object itself when it
 * is a bare message. */
static ChatroutesSendResult *
send_result_new_from_object (JsonObject  *object,
                             const char  *what,
                             gboolean     allow_bare,
                             GError     **error)
{
  g_autoptr(ChatroutesSendResult) result = NULL;
  g_autoptr(ChatroutesMessage) message = NULL;
  g_autoptr(ChatroutesMessage) user_message = NULL;
  g_autoptr(ChatroutesUsage) usage = NULL;
  JsonObject *message_object;
  JsonObject *assistant_object;
  JsonObject *user_object;
  JsonObject *usage_object;
  const char *model;

  if (!read_object (object, what, "message", &message_object, error) ||
      !read_object (object, what, "assistantMessage", &assistant_object, error) ||
      !read_object (object, what, "userMessage", &user_object, error) ||
      !read_object (object, what, "usage", &usage_object, error) ||
      !read_string (object, what, "model", &model, error))
    return NULL;

  if (message_object == NULL)
    message_object = assistant_object;

  if (message_object == NULL && allow_bare &&
      get_member (object, "id") != NULL && get_member (object, "role") != NULL)
    {
      message_object = object;
      usage_object = NULL;
    }

  if (message_object == NULL)
    {
      field_missing (error, what, "message");
      return NULL;
    }

  message = chatroutes_message_new_from_json (message_object, error);
  if (message == NULL)
    return NULL;

  if (user_object != NULL)
    {
      user_message = chatroutes_message_new_from_json (user_object, error);
      if (user_message == NULL)
        return NULL;
    }

  if (usage_object != NULL)
    {
      usage = chatroutes_usage_new_from_json (usage_object, error);
      if (usage == NULL)
        return NULL;
    }

  /* Without a top-level model, the one the reply names. */
  if (model == NULL)
    model = chatroutes_message_get_model (message);
  if (model == NULL)
    model = chatroutes_message_get_metadata_model (message);

  result = chatroutes_send_result_new ();
  chatroutes_send_result_set_message (result, message);
  chatroutes_send_result_set_user_message (result, user_message);
  chatroutes_send_result_set_usage (result, usage);
  chatroutes_send_result_set_model (result, model);

  return g_steal_pointer (&result);
}

ChatroutesSendResult *
chatroutes_decode_send_result (JsonNode  *body,
                               GError   **error)
{
  JsonObject *payload;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  payload = chatroutes_decode_payload (body, error);
  if (payload == NULL)
    return NULL;

  return send_result_new_from_object (payload, "response", TRUE, error);
}

ChatroutesBranch *
chatroutes_decode_branch (JsonNode  *body,
                          GError   **error)
{
  JsonObject *object;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = find_resource (body, "branch", error);
  if (object == NULL)
    return NULL;

  return chatroutes_branch_new_from_json (object, error);
}

GListModel *
chatroutes_decode_branches (JsonNode  *body,
                            GError   **error)
{
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode_list (body, "branches", CHATROUTES_TYPE_BRANCH, decode_branch_item, error);
}

ChatroutesCheckpoint *
chatroutes_decode_checkpoint (JsonNode  *body,
                              GError   **error)
{
  JsonObject *object;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = find_resource (body, "checkpoint", error);
  if (object == NULL)
    return NULL;

  return chatroutes_checkpoint_new_from_json (object, error);
}

GListModel *
chatroutes_decode_checkpoints (JsonNode  *body,
                               GError   **error)
{
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode_list (body, "checkpoints", CHATROUTES_TYPE_CHECKPOINT, decode_checkpoint_item, error);
}

ChatroutesSuggestionResult *
chatroutes_decode_suggestions (JsonNode  *body,
                               GError   **error)
{
  g_autoptr(ChatroutesSuggestionResult) result = NULL;
  g_auto(PropertyBag) bag = { 0 };
  JsonObject *metadata = NULL;
  JsonArray *array;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  array = find_list (body, "suggestions", error);
  if (array == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (body))
    {
      JsonObject *payload = chatroutes_decode_payload (body, NULL);
      JsonObject *top = json_node_get_object (body);

      if (!read_object (payload, "response", "metadata", &metadata, error))
        return NULL;

      if (metadata == NULL && payload != top &&
          !read_object (top, "response", "metadata", &metadata, error))
        return NULL;
    }

  if (metadata != NULL &&
      !read_fields (&bag, metadata, "suggestion metadata",
                    suggestion_metadata_fields, G_N_ELEMENTS (suggestion_metadata_fields), error))
    return NULL;

  result = property_bag_new_object (&bag, CHATROUTES_TYPE_SUGGESTION_RESULT);

  if (!fill_store (G_LIST_STORE (chatroutes_suggestion_result_get_suggestions (result)),
                   array, "response", "suggestions", decode_suggestion_item, error))
    return NULL;

  return g_steal_pointer (&result);
}

ChatroutesHealth *
chatroutes_decode_health (JsonNode  *body,
                          GError   **error)
{
  g_auto(PropertyBag) bag = { 0 };
  JsonObject *payload;
  JsonObject *object;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  payload = chatroutes_decode_payload (body, error);
  if (payload == NULL ||
      !read_object (payload, "response", "health", &object, error))
    return NULL;

  if (object == NULL)
    object = payload;

  if (!read_fields (&bag, object, "health report",
                    health_fields, G_N_ELEMENTS (health_fields), error))
    return NULL;

  return property_bag_new_object (&bag, CHATROUTES_TYPE_HEALTH);
}

ChatroutesAccount *
chatroutes_decode_account (JsonNode  *body,
                           GError   **error)
{
  g_auto(PropertyBag) bag = { 0 };
  JsonObject *payload;
  JsonObject *object;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  payload = chatroutes_decode_payload (body, error);
  if (payload == NULL ||
      !read_object (payload, "response", "user", &object, error))
    return NULL;

  if (object == NULL &&
      !read_object (payload, "response", "account", &object, error))
    return NULL;

  if (object == NULL)
    object = payload;

  if (!read_fields (&bag, object, "account",
                    account_fields, G_N_ELEMENTS (account_fields), error))
    return NULL;

  return property_bag_new_object (&bag, CHATROUTES_TYPE_ACCOUNT);
}

/* }}} */

/* Parsing {{{ */

/* Empty or JSON whitespace only. */
static gboolean
is_blank (const char *data,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\n' && data[i] != '\r')
      return FALSE;

  return TRUE;
}

/* What every body must be before it is read as JSON. */
static gboolean
check_body (const char  *data,
            gsize        len,
            gsize        max_size,
            GError     **error)
{
  if (is_blank (data, len))
    {
      g_set_error_literal (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                           _("The response is empty"));
      return FALSE;
    }

  if ((max_size > 0 && len > max_size) || len > G_MAXSSIZE)
    {
      g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                   _("The response is too large (%.1f MB)"), len / 1e6);
      return FALSE;
    }

  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                           _("The response is not valid UTF-8"));
      return FALSE;
    }

  return TRUE;
}

JsonNode *
chatroutes_decode_parse (const char  *data,
                         gsize        len,
                         gsize        max_size,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_body (data, len, max_size, error))
    return NULL;

  parser = json_parser_new_immutable ();
  json_parser_set_strict (parser, TRUE);

  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      if (g_error_matches (local_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_NESTING))
        g_set_error_literal (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                             _("The response is nested too deeply"));
      else
        g_set_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                     _("The response is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                           _("The response is empty"));
      return NULL;
    }

  return root;
}

/* }}} */

/* Message lists straight from text {{{ */

/*
 * A long conversation's message list is megabytes of JSON. Building
 * json-glib's tree for it and then objects from the tree costs several
 * times what reading the text once does, so list responses of the usual
 * shapes are read here directly into messages, with the same field tables
 * and the same rules as above. Anything this reader is not sure of (any
 * error, an escape it does not handle, an odd envelope, deep nesting)
 * makes it give up, and the general path decides: it is the one that
 * reports errors, so both paths always agree.
 */

#define FAST_MAX_DEPTH 64
#define FAST_MAX_NAMES 3

typedef struct
{
  const char *p;
  const char *end;
  guint depth;
} Scan;

typedef enum
{
  TOKEN_NONE,      /* not valid JSON here, or nothing left */
  TOKEN_OBJECT,
  TOKEN_ARRAY,
  TOKEN_STRING,
  TOKEN_NUMBER,
  TOKEN_TRUE,
  TOKEN_FALSE,
  TOKEN_NULL,
} Token;

static inline void
scan_space (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
    s->p++;
}

/* What the next value is, without consuming it. */
static Token
scan_peek (Scan *s)
{
  scan_space (s);
  if (s->p >= s->end)
    return TOKEN_NONE;

  switch (*s->p)
    {
    case '{': return TOKEN_OBJECT;
    case '[': return TOKEN_ARRAY;
    case '"': return TOKEN_STRING;
    case 't': return TOKEN_TRUE;
    case 'f': return TOKEN_FALSE;
    case 'n': return TOKEN_NULL;
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return TOKEN_NUMBER;
    default:
      return TOKEN_NONE;
    }
}

static gboolean
scan_char (Scan *s,
           char  c)
{
  scan_space (s);
  if (s->p < s->end && *s->p == c)
    {
      s->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
scan_word (Scan       *s,
           const char *word,
           gsize       len)
{
  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

/* A string at s->p (its opening quote). Without @out it is only checked.
 * With @out, its text: *raw points into the input when it has no escapes,
 * otherwise *raw is NULL and @out holds it unescaped. The input is known
 * to be valid UTF-8. Escapes that cannot be decoded (a lone surrogate,
 * NUL) are left to the general path. */
static gboolean
scan_string (Scan        *s,
             GString     *out,
             const char **raw,
             gsize       *raw_len)
{
  const char *run;  /* not copied to @out yet */
  gboolean escaped = FALSE;

  if (s->p >= s->end || *s->p != '"')
    return FALSE;
  run = ++s->p;

  if (out)
    g_string_truncate (out, 0);

  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          if (raw)
            {
              *raw = escaped ? NULL : run;
              *raw_len = escaped ? 0 : (gsize) (s->p - run);
            }
          if (out && escaped)
            g_string_append_len (out, run, s->p - run);
          s->p++;
          return TRUE;
        }

      if (c < 0x20)
        return FALSE;

      if (c != '\\')
        {
          s->p++;
          continue;
        }

      if (out)
        g_string_append_len (out, run, s->p - run);
      escaped = TRUE;

      {
        gsize available = s->end - s->p;
        gsize len = chatroutes_json_escape_length (s->p, available);
        char utf8[6];
        gsize n;

        if (len == 0 || len > available ||
            (n = chatroutes_json_escape_decode (s->p, len, utf8)) == 0)
          return FALSE;
        if (out)
          g_string_append_len (out, utf8, n);
        s->p += len;
        run = s->p;
      }
    }

  return FALSE;
}

/* A number: its text must follow JSON's grammar. */
static gboolean
scan_number (Scan     *s,
             gboolean *integral,
             gint64   *int_value,
             double   *double_value)
{
  const char *start = s->p;
  const char *p = s->p;
  char buffer[64];
  char *end;

  *integral = TRUE;
  if (p < s->end && *p == '-')
    p++;
  if (p >= s->end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < s->end && g_ascii_isdigit (*p))
      p++;
  if (p < s->end && *p == '.')
    {
      *integral = FALSE;
      p++;
      if (p >= s->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < s->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < s->end && (*p == 'e' || *p == 'E'))
    {
      *integral = FALSE;
      p++;
      if (p < s->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= s->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < s->end && g_ascii_isdigit (*p))
        p++;
    }

  /* Long numbers (and their rounding) are left to the general path. */
  if ((gsize) (p - start) >= sizeof buffer - 1)
    return FALSE;
  memcpy (buffer, start, p - start);
  buffer[p - start] = '\0';
  s->p = p;

  errno = 0;
  if (*integral)
    {
      *int_value = g_ascii_strtoll (buffer, &end, 10);
      return errno == 0 && *end == '\0';
    }

  *double_value = g_ascii_strtod (buffer, &end);
  return errno == 0 && *end == '\0' && isfinite (*double_value);
}

static gboolean scan_skip (Scan *s);

static gboolean
scan_skip_container (Scan *s,
                     char  close)
{
  gboolean first = TRUE;

  if (++s->depth > FAST_MAX_DEPTH)
    return FALSE;
  s->p++;

  while (!scan_char (s, close))
    {
      if (!first && !scan_char (s, ','))
        return FALSE;
      first = FALSE;
      if (close == '}')
        {
          scan_space (s);
          if (!scan_string (s, NULL, NULL, NULL) || !scan_char (s, ':'))
            return FALSE;
        }
      if (!scan_skip (s))
        return FALSE;
    }

  s->depth--;
  return TRUE;
}

/* Steps over one value, checking it. */
static gboolean
scan_skip (Scan *s)
{
  gboolean integral;
  gint64 i;
  double d;

  switch (scan_peek (s))
    {
    case TOKEN_OBJECT: return scan_skip_container (s, '}');
    case TOKEN_ARRAY: return scan_skip_container (s, ']');
    case TOKEN_STRING: return scan_string (s, NULL, NULL, NULL);
    case TOKEN_NUMBER: return scan_number (s, &integral, &i, &d);
    case TOKEN_TRUE: return scan_word (s, "true", 4);
    case TOKEN_FALSE: return scan_word (s, "false", 5);
    case TOKEN_NULL: return scan_word (s, "null", 4);
    case TOKEN_NONE:
    default:
      return FALSE;
    }
}

/* Walks the members of the object at s->p. @member is called with each
 * member's name, with s->p at its value, and must consume the value. */
typedef gboolean (*MemberFunc) (Scan       *s,
                                const char *name,
                                gsize       name_len,
                                gpointer    data);

static gboolean
scan_object (Scan       *s,
             GString    *name_buffer,
             MemberFunc  member,
             gpointer    data)
{
  gboolean first = TRUE;

  if (scan_peek (s) != TOKEN_OBJECT || ++s->depth > FAST_MAX_DEPTH)
    return FALSE;
  s->p++;

  while (!scan_char (s, '}'))
    {
      const char *name;
      gsize name_len;

      if (!first && !scan_char (s, ','))
        return FALSE;
      first = FALSE;

      scan_space (s);
      if (!scan_string (s, name_buffer, &name, &name_len))
        return FALSE;
      if (name == NULL)
        {
          name = name_buffer->str;
          name_len = name_buffer->len;
        }
      if (!scan_char (s, ':') || !member (s, name, name_len, data))
        return FALSE;
    }

  s->depth--;
  return TRUE;
}

static gboolean
name_is (const char *name,
         gsize       name_len,
         const char *expected)
{
  return strlen (expected) == name_len && memcmp (name, expected, name_len) == 0;
}

/* One object's fields, by table: each JSON name has its slot, a later
 * duplicate member replaces an earlier one and null empties the slot, as
 * when json-glib builds its tree. */
typedef struct
{
  const FieldSpec *specs;
  gsize n_specs;
  GValue slots[MAX_FIELDS][FAST_MAX_NAMES];
} FastFields;

static void
fast_fields_clear (FastFields *fields)
{
  for (gsize i = 0; i < fields->n_specs; i++)
    for (gsize j = 0; j < FAST_MAX_NAMES; j++)
      if (G_IS_VALUE (&fields->slots[i][j]))
        g_value_unset (&fields->slots[i][j]);
}

/* Reads the value at s->p into the slot of @name, if the table has one;
 * otherwise steps over it. Returns FALSE for anything the general path
 * would refuse (a wrong type, an invalid number) or must judge. */
static gboolean
fast_fields_read (FastFields *fields,
                  Scan       *s,
                  const char *name,
                  gsize       name_len,
                  GString    *string_buffer)
{
  for (gsize i = 0; i < fields->n_specs; i++)
    for (gsize j = 0; j < FAST_MAX_NAMES && fields->specs[i].names[j] != NULL; j++)
      {
        GValue *slot = &fields->slots[i][j];
        Token token;

        if (!name_is (name, name_len, fields->specs[i].names[j]))
          continue;

        if (G_IS_VALUE (slot))
          g_value_unset (slot);

        token = scan_peek (s);
        if (token == TOKEN_NULL)
          return scan_word (s, "null", 4);

        switch (fields->specs[i].kind)
          {
          case FIELD_STRING:
            {
              const char *raw;
              gsize raw_len;

              if (token != TOKEN_STRING || !scan_string (s, string_buffer, &raw, &raw_len))
                return FALSE;
              g_value_init (slot, G_TYPE_STRING);
              g_value_take_string (slot, raw != NULL ? g_strndup (raw, raw_len)
                                                     : g_strndup (string_buffer->str, string_buffer->len));
              return TRUE;
            }

          case FIELD_BOOLEAN:
            if (token != TOKEN_TRUE && token != TOKEN_FALSE)
              return FALSE;
            g_value_init (slot, G_TYPE_BOOLEAN);
            g_value_set_boolean (slot, token == TOKEN_TRUE);
            return token == TOKEN_TRUE ? scan_word (s, "true", 4) : scan_word (s, "false", 5);

          case FIELD_INT:
          case FIELD_DOUBLE:
            {
              gboolean integral;
              gint64 int_value = 0;
              double double_value = 0;

              /* Fractions where counts belong, and negative numbers, are
               * errors the general path words. */
              if (token != TOKEN_NUMBER ||
                  !scan_number (s, &integral, &int_value, &double_value) ||
                  (fields->specs[i].kind == FIELD_INT && !integral))
                return FALSE;
              if (integral ? int_value < 0 : double_value < 0)
                return FALSE;

              if (fields->specs[i].kind == FIELD_INT)
                {
                  g_value_init (slot, G_TYPE_INT64);
                  g_value_set_int64 (slot, int_value);
                }
              else
                {
                  g_value_init (slot, G_TYPE_DOUBLE);
                  g_value_set_double (slot, integral ? (double) int_value : double_value);
                }
              return TRUE;
            }

          default:
            g_assert_not_reached ();
          }
      }

  return scan_skip (s);
}

/* Moves the values into @bag: for each field, the first of its names that
 * is present. FALSE when a required field is missing. */
static gboolean
fast_fields_collect (FastFields  *fields,
                     PropertyBag *bag)
{
  for (gsize i = 0; i < fields->n_specs; i++)
    {
      gboolean found = FALSE;

      for (gsize j = 0; j < FAST_MAX_NAMES; j++)
        {
          GValue *slot = &fields->slots[i][j];

          if (!G_IS_VALUE (slot) || found)
            continue;

          g_assert (bag->n_values < MAX_FIELDS);
          bag->names[bag->n_values] = fields->specs[i].property;
          bag->values[bag->n_values] = *slot;
          bag->n_values++;
          memset (slot, 0, sizeof *slot);
          found = TRUE;
        }

      if (!found && fields->specs[i].required)
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  FastFields message;
  FastFields metadata;
  gboolean has_metadata;
  GString *name_buffer;
  GString *string_buffer;
} FastMessage;

static gboolean
fast_metadata_member (Scan       *s,
                      const char *name,
                      gsize       name_len,
                      gpointer    data)
{
  FastMessage *m = data;

  return fast_fields_read (&m->metadata, s, name, name_len, m->string_buffer);
}

static gboolean
fast_message_member (Scan       *s,
                     const char *name,
                     gsize       name_len,
                     gpointer    data)
{
  FastMessage *m = data;

  if (name_is (name, name_len, "metadata"))
    {
      Token token = scan_peek (s);

      /* A later "metadata" replaces an earlier one whole. */
      fast_fields_clear (&m->metadata);
      m->has_metadata = FALSE;
      if (token == TOKEN_NULL)
        return scan_word (s, "null", 4);
      if (token != TOKEN_OBJECT)
        return FALSE;
      m->has_metadata = TRUE;
      /* This member's name is no longer needed: its buffer serves the
       * members inside. */
      return scan_object (s, m->name_buffer, fast_metadata_member, m);
    }

  return fast_fields_read (&m->message, s, name, name_len, m->string_buffer);
}

static ChatroutesMessage *
fast_message (Scan    *s,
              GString *name_buffer,
              GString *string_buffer)
{
  FastMessage m = { { message_fields, G_N_ELEMENTS (message_fields) },
                    { message_metadata_fields, G_N_ELEMENTS (message_metadata_fields) },
                    FALSE, NULL, NULL };
  g_auto(PropertyBag) bag = { 0 };
  gboolean ok;

  G_STATIC_ASSERT (G_N_ELEMENTS (message_fields) <= MAX_FIELDS);
  G_STATIC_ASSERT (G_N_ELEMENTS (message_metadata_fields) <= MAX_FIELDS);

  m.name_buffer = name_buffer;
  m.string_buffer = string_buffer;

  ok = scan_object (s, name_buffer, fast_message_member, &m) &&
       fast_fields_collect (&m.message, &bag) &&
       (!m.has_metadata || fast_fields_collect (&m.metadata, &bag));

  fast_fields_clear (&m.message);
  fast_fields_clear (&m.metadata);

  return ok ? property_bag_new_object (&bag, CHATROUTES_TYPE_MESSAGE) : NULL;
}

/* An array of message objects, into a new store; NULL to give up. */
static GListStore *
fast_message_array (Scan *s)
{
  g_autoptr(GListStore) store = g_list_store_new (CHATROUTES_TYPE_MESSAGE);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) name_buffer = g_string_new (NULL);
  g_autoptr(GString) string_buffer = g_string_new (NULL);
  gboolean first = TRUE;

  if (scan_peek (s) != TOKEN_ARRAY || ++s->depth > FAST_MAX_DEPTH)
    return NULL;
  s->p++;

  while (!scan_char (s, ']'))
    {
      ChatroutesMessage *message;

      if (!first && !scan_char (s, ','))
        return NULL;
      first = FALSE;

      message = fast_message (s, name_buffer, string_buffer);
      if (message == NULL)
        return NULL;
      g_ptr_array_add (items, message);
    }
  s->depth--;

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return g_steal_pointer (&store);
}

/* Where a list can be, in the order find_list () looks. */
typedef struct
{
  GListStore *data_array;       /* top-level "data" as an array */
  GListStore *payload_list;     /* "messages" in a "data" object */
  GListStore *top_list;         /* top-level "messages" */
  gboolean has_data_object;
} FastEnvelope;

static void
fast_envelope_clear (FastEnvelope *envelope)
{
  g_clear_object (&envelope->data_array);
  g_clear_object (&envelope->payload_list);
  g_clear_object (&envelope->top_list);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FastEnvelope, fast_envelope_clear)

static gboolean
fast_take_list (Scan        *s,
                GListStore **slot)
{
  g_clear_object (slot);
  if (scan_peek (s) == TOKEN_NULL)
    return scan_word (s, "null", 4);
  return (*slot = fast_message_array (s)) != NULL;
}

static gboolean
fast_data_member (Scan       *s,
                  const char *name,
                  gsize       name_len,
                  gpointer    data)
{
  FastEnvelope *envelope = data;

  if (name_is (name, name_len, "messages"))
    return fast_take_list (s, &envelope->payload_list);
  return scan_skip (s);
}

static gboolean
fast_top_member (Scan       *s,
                 const char *name,
                 gsize       name_len,
                 gpointer    data)
{
  FastEnvelope *envelope = data;

  if (name_is (name, name_len, "success"))
    {
      /* Anything but true is for the general path to report. */
      return scan_peek (s) == TOKEN_TRUE && scan_word (s, "true", 4);
    }

  if (name_is (name, name_len, "data"))
    {
      g_autoptr(GString) names = NULL;
      Token token = scan_peek (s);

      g_clear_object (&envelope->data_array);
      g_clear_object (&envelope->payload_list);
      envelope->has_data_object = FALSE;

      if (token == TOKEN_ARRAY)
        return fast_take_list (s, &envelope->data_array);
      if (token != TOKEN_OBJECT)
        return scan_skip (s);
      names = g_string_new (NULL);
      envelope->has_data_object = TRUE;
      return scan_object (s, names, fast_data_member, envelope);
    }

  if (name_is (name, name_len, "messages"))
    return fast_take_list (s, &envelope->top_list);

  return scan_skip (s);
}

/* The messages of a list body, or NULL when the general path must read it. */
GListModel *
_chatroutes_decode_messages_fast (const char *data,
                                  gsize       len)
{
  Scan s = { data, data + len, 0 };
  g_auto(FastEnvelope) envelope = { 0 };
  g_autoptr(GString) names = g_string_new (NULL);
  GListStore *found;

  if (scan_peek (&s) == TOKEN_ARRAY)
    found = envelope.top_list = fast_message_array (&s);
  else if (scan_object (&s, names, fast_top_member, &envelope))
    found = envelope.data_array ? envelope.data_array
          : envelope.has_data_object && envelope.payload_list ? envelope.payload_list
          : envelope.top_list;
  else
    return NULL;

  scan_space (&s);
  if (found == NULL || s.p != s.end)
    return NULL;

  return g_object_ref (G_LIST_MODEL (found));
}

GListModel *
chatroutes_decode_messages_text (const char  *data,
                                 gsize        len,
                                 gsize        max_size,
                                 GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  GListModel *messages;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_body (data, len, max_size, error))
    return NULL;

  messages = _chatroutes_decode_messages_fast (data, len);
  if (messages != NULL)
    return messages;

  node = chatroutes_decode_parse (data, len, max_size, error);
  if (node == NULL)
    return NULL;
  return chatroutes_decode_messages (node, error);
}

/* }}} */

/* Error responses {{{ */

/* Parses a plain non-negative decimal number ("30", "1.5") as sent in
 * Retry-After or a string retryAfter. */
static gboolean
parse_seconds (const char *text,
               double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  const char *p = copy;
  double value;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != '\0')
    return FALSE;

  value = g_ascii_strtod (copy, NULL);
  if (!isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

/* Retry-After is delta-seconds or an HTTP date. Returns -1 when neither. */
static double
parse_retry_after_header (const char *value)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  double seconds;

  if (parse_seconds (value, &seconds))
    return seconds;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;

  now = g_date_time_new_now_utc ();
  seconds = (double) g_date_time_difference (date, now) / G_USEC_PER_SEC;

  return MAX (seconds, 0);
}

static char *
generic_error_message (ChatroutesError code,
                       guint           status)
{
  switch (code)
    {
    case CHATROUTES_ERROR_VALIDATION:
      return g_strdup (_("The service did not accept the request"));

    case CHATROUTES_ERROR_AUTHENTICATION:
      return g_strdup (_("The API key was not accepted"));

    case CHATROUTES_ERROR_NOT_FOUND:
      return g_strdup (_("Not found"));

    case CHATROUTES_ERROR_RATE_LIMITED:
      return g_strdup (_("Too many requests"));

    case CHATROUTES_ERROR_SERVER:
      return g_strdup_printf (_("The ChatRoutes service had a problem (HTTP %u)"), status);

    case CHATROUTES_ERROR_FAILED:
    case CHATROUTES_ERROR_NETWORK:
    case CHATROUTES_ERROR_PROTOCOL:
    case CHATROUTES_ERROR_INSECURE:
    case CHATROUTES_ERROR_INTERRUPTED:
    default:
      return g_strdup_printf (_("The request failed (HTTP %u)"), status);
    }
}

/* Keeps a text meant for people to a readable length. */
static char *
shorten_message (char *message)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (message, -1) <= MAX_ERROR_MESSAGE_CHARS)
    return message;

  head = g_utf8_substring (message, 0, MAX_ERROR_MESSAGE_CHARS);
  g_free (message);

  return g_strconcat (head, "…", NULL);
}

GError *
chatroutes_decode_error_response (guint       status,
                                  const char *body,
                                  gsize       body_len,
                                  const char *retry_after_header)
{
  ChatroutesError code = chatroutes_error_from_status (status);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  g_autofree char *short_code = NULL;
  g_autofree char *details = NULL;
  double retry_after = -1;
  GError *error;

  if (body != NULL && body_len > 0 && body_len <= MAX_ERROR_BODY_SIZE)
    root = chatroutes_decode_parse (body, body_len, MAX_ERROR_BODY_SIZE, NULL);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *node;

      message = dup_message_text (object);

      node = get_member (object, "error");
      if (node != NULL && node_holds_type (node, G_TYPE_STRING))
        {
          const char *text = json_node_get_string (node);

          if (text != NULL && *text != '\0')
            short_code = g_strdup (text);
        }
      else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          /* {"error": {"code": …, "message": …}}, as gateways send */
          JsonObject *inner = json_node_get_object (node);
          JsonNode *inner_code = get_member (inner, "code");

          if (message == NULL)
            message = dup_message_text (inner);
          if (inner_code != NULL && node_holds_type (inner_code, G_TYPE_STRING))
            short_code = g_strdup (json_node_get_string (inner_code));
        }

      if (message == NULL && short_code != NULL)
        message = g_strdup (short_code);

      node = get_member (object, "details");
      if (node != NULL)
        details = json_to_string (node, FALSE);

      node = get_member (object, "retryAfter");
      if (node != NULL)
        {
          double seconds;

          if (node_holds_type (node, G_TYPE_STRING))
            {
              if (parse_seconds (json_node_get_string (node), &seconds))
                retry_after = seconds;
            }
          else if (check_double (node, &seconds) == VALUE_OK)
            {
              retry_after = seconds;
            }
        }
    }

  if (retry_after < 0 && retry_after_header != NULL)
    retry_after = parse_retry_after_header (retry_after_header);

  if (message == NULL)
    message = generic_error_message (code, status);

  message = shorten_message (g_steal_pointer (&message));

  error = g_error_new_literal (CHATROUTES_ERROR, code, message);
  chatroutes_error_set_status (error, status);
  chatroutes_error_set_retry_after (error, retry_after);
  if (short_code != NULL)
    chatroutes_error_set_code (error, short_code);
  if (details != NULL)
    chatroutes_error_set_details (error, details);

  return error;
}

/* }}} */

/* Stream events {{{ */

void
chatroutes_stream_event_clear (ChatroutesStreamEvent *event)
{
  g_return_if_fail (event != NULL);

  g_clear_pointer (&event->content, g_free);
  g_clear_pointer (&event->model, g_free);
  g_clear_pointer (&event->error_message, g_free);
  g_clear_object (&event->result);
  memset (event, 0, sizeof *event);
}

static gboolean
is_done_marker (const char *data,
                gsize       len)
{
  static const char marker[] = "[DONE]";
  gsize start = 0;
  gsize end = len;

  while (start < end && g_ascii_isspace (data[start]))
    start++;
  while (end > start && g_ascii_isspace (data[end - 1]))
    end--;

  return end - start == strlen (marker) && memcmp (data + start, marker, end - start) == 0;
}

/* The text of an error event: "message", else "error" (a string, or an
 * object with a "message"). */
static gboolean
read_stream_error_text (JsonObject  *object,
                        char       **out,
                        GError     **error)
{
  const char *text;
  JsonNode *node;

  if (!read_string (object, "stream event", "message", &text, error))
    return FALSE;

  if (text != NULL && *text != '\0')
    {
      *out = g_strdup (text);
      return TRUE;
    }

  node = get_member (object, "error");
  if (node != NULL)
    {
      if (node_holds_type (node, G_TYPE_STRING))
        text = json_node_get_string (node);
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          if (!read_string (json_node_get_object (node), "stream event error", "message", &text, error))
            return FALSE;
        }
      else
        return field_wrong_type (error, "stream event", "error");
    }

  if (text != NULL && *text != '\0')
    *out = g_strdup (text);
  else
    *out = g_strdup (_("The reply failed"));

  return TRUE;
}

gboolean
chatroutes_decode_stream_event (const char             *data,
                                gsize                   len,
                                ChatroutesStreamEvent  *event,
                                GError                **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *type;
  const char *model;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (event, 0, sizeof *event);
  event->type = CHATROUTES_STREAM_EVENT_UNKNOWN;

  if (is_done_marker (data, len))
    {
      event->type = CHATROUTES_STREAM_EVENT_DONE;
      return TRUE;
    }

  root = chatroutes_decode_parse (data, len, 0, error);
  if (root == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL,
                           _("The stream event is not a JSON object"));
      return FALSE;
    }

  object = json_node_get_object (root);

  if (!read_string (object, "stream event", "type", &type, error))
    return FALSE;

  if (g_strcmp0 (type, "content") == 0)
    {
      const char *content;

      if (!read_string (object, "stream event", "content", &content, error) ||
          !read_string (object, "stream event", "model", &model, error))
        return FALSE;

      event->type = CHATROUTES_STREAM_EVENT_CONTENT;
      event->content = g_strdup (content != NULL ? content : "");
      event->model = g_strdup (model);
    }
  else if (g_strcmp0 (type, "complete") == 0)
    {
      g_autoptr(ChatroutesSendResult) result = NULL;

      result = send_result_new_from_object (object, "stream event", FALSE, error);
      if (result == NULL)
        return FALSE;

      event->type = CHATROUTES_STREAM_EVENT_COMPLETE;
      event->model = g_strdup (chatroutes_send_result_get_model (result));
      event->result = g_steal_pointer (&result);
    }
  else if (g_strcmp0 (type, "error") == 0)
    {
      g_autofree char *text = NULL;

      if (!read_stream_error_text (object, &text, error))
        return FALSE;

      event->type = CHATROUTES_STREAM_EVENT_ERROR;
      event->error_message = g_steal_pointer (&text);
    }

  return TRUE;
}

/* }}} */
