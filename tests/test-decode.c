/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "test-decode"

#include "config.h"

#include <string.h>

#include "chatroutes-decode-private.h"
#include "chatroutes-error.h"
#include "message-compare.h"

/* Helpers {{{ */

/* JSON written with single quotes, to keep the samples readable. */
static char *
dq (const char *text)
{
  return g_strdelimit (g_strdup (text), "'", '"');
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  node = chatroutes_decode_parse (text, strlen (text), 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static JsonNode *
parse_q (const char *quoted)
{
  g_autofree char *text = dq (quoted);

  return parse_text (text);
}

/* The template with every %s and %1$s replaced by @first and every %2$s
 * by @second. */
static char *
fill (const char *template,
      const char *first,
      const char *second)
{
  GString *text = g_string_new (template);

  if (second != NULL)
    g_string_replace (text, "%2$s", second, 0);
  g_string_replace (text, "%1$s", first, 0);
  g_string_replace (text, "%s", first, 0);

  return g_string_free (text, FALSE);
}

static GPtrArray *tracked;

/* Watches @object: assert_tracked_finalized () checks it is gone. */
static gpointer
track (gpointer object)
{
  gpointer *slot;

  g_assert_true (G_IS_OBJECT (object));

  if (tracked == NULL)
    tracked = g_ptr_array_new ();

  slot = g_new (gpointer, 1);
  *slot = object;
  g_object_add_weak_pointer (object, slot);
  g_ptr_array_add (tracked, slot);

  return object;
}

/* Tracks every item of @model. */
static void
track_items (GListModel *model)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      track (item);
    }
}

static void
assert_tracked_finalized (void)
{
  if (tracked == NULL)
    return;

  for (guint i = 0; i < tracked->len; i++)
    {
      gpointer *slot = g_ptr_array_index (tracked, i);

      g_assert_null (*slot);
      g_free (slot);
    }

  g_clear_pointer (&tracked, g_ptr_array_unref);
}

static void
assert_protocol_error (GError     *error,
                       const char *fragment)
{
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, fragment);
}

static gpointer
model_item (GListModel *model,
            guint       position)
{
  gpointer item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  /* The model keeps its own reference: hand back a borrowed pointer. */
  g_object_unref (item);

  return item;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

typedef enum
{
  DECODE_CONVERSATION,
  DECODE_PAGE,
  DECODE_TREE,
  DECODE_MESSAGE,
  DECODE_MESSAGES,
  DECODE_SEND_RESULT,
  DECODE_BRANCH,
  DECODE_BRANCHES,
  DECODE_CHECKPOINT,
  DECODE_CHECKPOINTS,
  DECODE_SUGGESTIONS,
  DECODE_HEALTH,
  DECODE_ACCOUNT,
  N_DECODERS
} Decoder;

static gpointer
run_decoder (Decoder    decoder,
             JsonNode  *body,
             GError   **error)
{
  switch (decoder)
    {
    case DECODE_CONVERSATION:
      return chatroutes_decode_conversation (body, error);
    case DECODE_PAGE:
      return chatroutes_decode_conversation_page (body, 2, 10, error);
    case DECODE_TREE:
      return chatroutes_decode_tree (body, error);
    case DECODE_MESSAGE:
      return chatroutes_decode_message (body, error);
    case DECODE_MESSAGES:
      return chatroutes_decode_messages (body, error);
    case DECODE_SEND_RESULT:
      return chatroutes_decode_send_result (body, error);
    case DECODE_BRANCH:
      return chatroutes_decode_branch (body, error);
    case DECODE_BRANCHES:
      return chatroutes_decode_branches (body, error);
    case DECODE_CHECKPOINT:
      return chatroutes_decode_checkpoint (body, error);
    case DECODE_CHECKPOINTS:
      return chatroutes_decode_checkpoints (body, error);
    case DECODE_SUGGESTIONS:
      return chatroutes_decode_suggestions (body, error);
    case DECODE_HEALTH:
      return chatroutes_decode_health (body, error);
    case DECODE_ACCOUNT:
      return chatroutes_decode_account (body, error);
    case N_DECODERS:
    default:
      g_assert_not_reached ();
    }
}

/* Feeds @data to everything that decodes bytes; none may crash or warn. */
static void
decode_everything (const char *data,
                   gsize       len)
{
  g_autoptr(JsonNode) body = NULL;
  ChatroutesStreamEvent event = { 0 };
  GError *error;

  body = chatroutes_decode_parse (data, len, 0, NULL);
  if (body != NULL)
    {
      for (Decoder d = 0; d < N_DECODERS; d++)
        {
          g_autoptr(GError) local_error = NULL;
          gpointer result = run_decoder (d, body, &local_error);

          g_assert_true ((result == NULL) != (local_error == NULL));
          if (local_error != NULL)
            g_assert_error (local_error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL);
          g_clear_object (&result);
        }
    }

  if (chatroutes_decode_stream_event (data, len, &event, NULL))
    chatroutes_stream_event_clear (&event);

  error = chatroutes_decode_error_response (503, data, len, NULL);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER);
  g_error_free (error);
}

/* }}} */

/* Samples {{{ */

static const char message_full[] =
  "{'id':'m2','conversationId':'c1','branchId':'b1','role':'assistant',"
  "'content':'Hello there','tokenCount':42,'createdAt':'2025-10-05T12:34:56.789Z',"
  "'parentMessageId':'m1','model':'gpt-5','contentHash':'abc123',"
  "'metadata':{'model':'gpt-5-mini','temperature':0.7,'maxTokens':1000,"
  "'responseTime':1234.5,'finishReason':'stop','cost':0.0012,"
  "'context_truncated':true,'checkpoint_used':false,'prompt_tokens':17,"
  "'context_message_count':3},'someFutureField':{'nested':[1,2,3]}}";

static const char conversation_full[] =
  "{'id':'c1','userId':'u1','title':'Trip plans','createdAt':'2025-10-01T08:00:00Z',"
  "'updatedAt':'2025-10-02T09:30:00Z','model':'claude-sonnet-4-5',"
  "'messages':[{'id':'m1','conversationId':'c1','role':'user','content':'Hi',"
  "'createdAt':'2025-10-01T08:00:01Z'},"
  "{'id':'m2','conversationId':'c1','role':'assistant','content':'Hello',"
  "'createdAt':'2025-10-01T08:00:02Z','tokenCount':3}],"
  "'branches':[{'id':'b1','conversationId':'c1','parentBranchId':null,"
  "'forkPointMessageId':null,'title':'Main','contextMode':'FULL','isMain':true,"
  "'isActive':true,'createdAt':'2025-10-01T08:00:00Z'}]}";

static const char branch_full[] =
  "{'id':'b2','conversationId':'c1','parentBranchId':'b1','forkPointMessageId':'m1',"
  "'title':'Alternative','contextMode':'PARTIAL','isMain':false,'isActive':true,"
  "'createdAt':'2025-10-03T10:00:00Z','updatedAt':'2025-10-03T11:00:00Z',"
  "'messageCount':7,'description':'What if we went by train'}";

/* }}} */

/* Parsing {{{ */

static void
test_parse_basics (void)
{
  static const struct {
    const char *text;
    gssize      len;      /* -1: strlen */
    gsize       max_size;
    const char *fragment; /* NULL: must succeed */
  } cases[] = {
    { "", 0, 0, "empty" },
    { "   \n\t\r ", -1, 0, "empty" },
    { "{\"a\":1}", -1, 0, NULL },
    { "\xef\xbb\xbf{\"a\":1}", -1, 0, NULL },
    { "[1,2,3]", -1, 0, NULL },
    { "\"just a string\"", -1, 0, NULL },
    { "42", -1, 0, NULL },
    { "null", -1, 0, NULL },
    { "{\"a\":1}", -1, 7, NULL },
    { "{\"a\":1}", -1, 6, "too large" },
    { "{\"a\":\"\xff\"}", -1, 0, "UTF-8" },
    { "{\"a\":\"\xc3\"}", -1, 0, "UTF-8" },
    { "{\"a\":\"\xed\xa0\x80\"}", -1, 0, "UTF-8" },
    { "{\"a\":1}\0", 8, 0, "UTF-8" },
    { "<html><body>Bad gateway</body></html>", -1, 0, "JSON" },
    { "{\"a\":1} trailing", -1, 0, "JSON" },
    { "{\"a\":1}{\"b\":2}", -1, 0, "JSON" },
    { "{\"a\":1,}", -1, 0, "JSON" },
    { "{'a':1}", -1, 0, "JSON" },
    { "{\"a\":1 /* comment */}", -1, 0, "JSON" },
    { "{\"a\":\"\\ud800\"}", -1, 0, "JSON" },
    { "{\"a\":NaN}", -1, 0, "JSON" },
    { "[1,]", -1, 0, "JSON" },
    { "{\"a\"}", -1, 0, "JSON" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      gsize len = cases[i].len < 0 ? strlen (cases[i].text) : (gsize) cases[i].len;

      g_test_message ("case %u", i);
      node = chatroutes_decode_parse (cases[i].text, len, cases[i].max_size, &error);

      if (cases[i].fragment == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (node);
        }
      else
        {
          g_assert_null (node);
          assert_protocol_error (error, cases[i].fragment);
        }
    }
}

/* A sample cut at every byte offset: nothing may crash, no strict prefix
 * may parse (the sample ends in its closing brace). */
static void
test_parse_truncated (void)
{
  g_autofree char *full = NULL;
  g_autofree char *sample = dq (message_full);
  gsize len;

  full = g_strdup_printf ("{\"success\":true,\"data\":{\"message\":%s,\"userMessage\":%s,"
                          "\"usage\":{\"promptTokens\":1,\"completionTokens\":2,\"totalTokens\":3},"
                          "\"model\":\"gpt-5\"}}", sample, sample);
  len = strlen (full);

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autofree char *prefix = g_strndup (full, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      node = chatroutes_decode_parse (prefix, cut, 0, &error);
      g_assert_null (node);
      assert_protocol_error (error, NULL);

      decode_everything (prefix, cut);
    }

  /* and the whole is fine */
  {
    g_autoptr(JsonNode) node = parse_text (full);
    g_autoptr(GError) error = NULL;
    g_autoptr(ChatroutesSendResult) result = NULL;

    result = chatroutes_decode_send_result (node, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (chatroutes_message_get_id (chatroutes_send_result_get_message (result)), ==, "m2");
  }
}

/* Every byte of a few samples replaced by a few troublesome ones. */
static void
test_parse_mutated (void)
{
  static const char replacements[] = { '"', '{', '}', '[', ']', ',', ':', '0', 'n', '\\', '\xff', '\0' };
  const char *samples[] = { message_full, conversation_full, branch_full };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autofree char *text = dq (samples[s]);
      gsize len = strlen (text);

      for (gsize i = 0; i < len; i++)
        for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
          {
            g_autofree char *copy = g_memdup2 (text, len);

            copy[i] = replacements[r];
            decode_everything (copy, len);
          }
    }
}

static void
test_parse_invalid_utf8_everywhere (void)
{
  g_autofree char *text = dq (conversation_full);
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i++)
    {
      g_autofree char *copy = g_memdup2 (text, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      copy[i] = (char) 0xC0;
      node = chatroutes_decode_parse (copy, len, 0, &error);
      g_assert_null (node);
      assert_protocol_error (error, "UTF-8");
    }
}

static void
test_parse_deep_nesting (void)
{
  const gsize depth = 200000;
  GString *text = g_string_sized_new (2 * depth);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, ']');

  node = chatroutes_decode_parse (text->str, text->len, 0, &error);
  g_assert_null (node);
  assert_protocol_error (error, "deeply");
  g_clear_error (&error);

  decode_everything (text->str, text->len);

  /* objects too */
  g_string_truncate (text, 0);
  for (gsize i = 0; i < depth; i++)
    g_string_append (text, "{\"a\":");
  g_string_append (text, "1");
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '}');

  node = chatroutes_decode_parse (text->str, text->len, 0, &error);
  g_assert_null (node);
  assert_protocol_error (error, NULL);

  g_string_free (text, TRUE);
}

/* }}} */

/* Envelopes {{{ */

static void
test_envelope_payload (void)
{
  g_autoptr(JsonNode) wrapped = parse_q ("{'success':true,'data':{'x':1}}");
  g_autoptr(JsonNode) bare = parse_q ("{'x':2}");
  g_autoptr(JsonNode) data_array = parse_q ("{'success':true,'data':[1]}");
  g_autoptr(JsonNode) array = parse_q ("[1]");
  g_autoptr(GError) error = NULL;
  JsonObject *payload;

  payload = chatroutes_decode_payload (wrapped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (payload, "x"), ==, 1);

  payload = chatroutes_decode_payload (bare, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (payload, "x"), ==, 2);

  payload = chatroutes_decode_payload (data_array, &error);
  g_assert_no_error (error);
  g_assert_true (payload == json_node_get_object (data_array));

  payload = chatroutes_decode_payload (array, &error);
  g_assert_null (payload);
  assert_protocol_error (error, "not a JSON object");
}

static void
test_envelope_failure (void)
{
  static const struct {
    const char *body;
    const char *message;
    const char *code;
  } cases[] = {
    { "{'success':false,'error':'CONVERSATION_LOCKED','message':'The conversation is locked'}",
      "The conversation is locked", "CONVERSATION_LOCKED" },
    { "{'success':false,'error':'CONVERSATION_LOCKED'}", "CONVERSATION_LOCKED", "CONVERSATION_LOCKED" },
    { "{'success':false}", "The service reported a failure", NULL },
    { "{'success':false,'message':['a is bad','b is bad']}", "a is bad; b is bad", NULL },
    { "{'success':false,'message':42,'data':{'conversation':{'id':'c'}}}", "The service reported a failure", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (Decoder d = 0; d < N_DECODERS; d++)
      {
        g_autoptr(JsonNode) body = parse_q (cases[i].body);
        g_autoptr(GError) error = NULL;
        gpointer result;

        result = run_decoder (d, body, &error);
        g_assert_null (result);
        assert_protocol_error (error, NULL);
        g_assert_cmpstr (error->message, ==, cases[i].message);
        g_assert_cmpstr (chatroutes_error_get_code (error), ==, cases[i].code);
      }

  {
    g_autoptr(JsonNode) body = parse_q ("{'success':'yes','data':{'conversation':{'id':'c'}}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(ChatroutesConversation) conversation = NULL;

    conversation = chatroutes_decode_conversation (body, &error);
    g_assert_null (conversation);
    assert_protocol_error (error, "“success”");
  }
}

/* }}} */

/* Conversations {{{ */

static void
assert_conversation_full (ChatroutesConversation *conversation)
{
  GListModel *messages = chatroutes_conversation_get_messages (conversation);
  GListModel *branches = chatroutes_conversation_get_branches (conversation);
  ChatroutesMessage *message;
  ChatroutesBranch *branch;
  g_autoptr(GDateTime) created = NULL;

  g_assert_cmpstr (chatroutes_conversation_get_id (conversation), ==, "c1");
  g_assert_cmpstr (chatroutes_conversation_get_user_id (conversation), ==, "u1");
  g_assert_cmpstr (chatroutes_conversation_get_title (conversation), ==, "Trip plans");
  g_assert_cmpstr (chatroutes_conversation_get_created_at (conversation), ==, "2025-10-01T08:00:00Z");
  g_assert_cmpstr (chatroutes_conversation_get_updated_at (conversation), ==, "2025-10-02T09:30:00Z");
  g_assert_cmpstr (chatroutes_conversation_get_model (conversation), ==, "claude-sonnet-4-5");

  created = chatroutes_conversation_dup_created_at_datetime (conversation);
  g_assert_nonnull (created);
  g_assert_cmpint (g_date_time_get_year (created), ==, 2025);
  g_assert_cmpint (g_date_time_get_hour (created), ==, 8);

  g_assert_true (g_list_model_get_item_type (messages) == CHATROUTES_TYPE_MESSAGE);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);
  message = model_item (messages, 0);
  g_assert_cmpstr (chatroutes_message_get_id (message), ==, "m1");
  g_assert_cmpstr (chatroutes_message_get_role (message), ==, "user");
  g_assert_cmpstr (chatroutes_message_get_content (message), ==, "Hi");
  g_assert_cmpint (chatroutes_message_get_token_count (message), ==, -1);
  message = model_item (messages, 1);
  g_assert_cmpstr (chatroutes_message_get_id (message), ==, "m2");
  g_assert_cmpstr (chatroutes_message_get_role (message), ==, "assistant");
  g_assert_cmpint (chatroutes_message_get_token_count (message), ==, 3);

  g_assert_true (g_list_model_get_item_type (branches) == CHATROUTES_TYPE_BRANCH);
  g_assert_cmpuint (g_list_model_get_n_items (branches), ==, 1);
  branch = model_item (branches, 0);
  g_assert_cmpstr (chatroutes_branch_get_id (branch), ==, "b1");
  g_assert_null (chatroutes_branch_get_parent_branch_id (branch));
  g_assert_null (chatroutes_branch_get_fork_point_message_id (branch));
  g_assert_true (chatroutes_branch_get_is_main (branch));
  g_assert_cmpstr (chatroutes_branch_get_context_mode (branch), ==, "FULL");
}

static void
test_conversation_shapes (void)
{
  const char *formats[] = {
    "{'success':true,'data':{'conversation':%s}}",   /* canonical */
    "{'success':true,'data':%s}",                    /* bare in data */
    "{'conversation':%s}",                           /* key, no envelope */
    "%s",                                            /* bare, no envelope */
    "{'data':{'conversation':%s},'meta':{'x':1}}",   /* no success member */
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *quoted = fill (formats[i], conversation_full, NULL);
      g_autoptr(JsonNode) body = parse_q (quoted);
      g_autoptr(GError) error = NULL;
      ChatroutesConversation *conversation;

      g_test_message ("shape %u", i);
      conversation = chatroutes_decode_conversation (body, &error);
      g_assert_no_error (error);
      g_assert_true (CHATROUTES_IS_CONVERSATION (conversation));
      assert_conversation_full (conversation);

      track (conversation);
      track_items (chatroutes_conversation_get_messages (conversation));
      track_items (chatroutes_conversation_get_branches (conversation));
      g_assert_finalize_object (conversation);
      assert_tracked_finalized ();
    }
}

static void
test_conversation_minimal (void)
{
  static const char *bodies[] = {
    "{'conversation':{'id':'c9'}}",
    "{'conversation':{'id':'c9','userId':null,'title':null,'createdAt':null,'updatedAt':null,'model':null,'messages':null,'branches':null}}",
    "{'conversation':{'id':'c9','messages':[],'branches':[],'extra':[{'deep':{'x':[null]}}]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) body = parse_q (bodies[i]);
      g_autoptr(GError) error = NULL;
      ChatroutesConversation *conversation;
      g_autoptr(GDateTime) created = NULL;

      conversation = chatroutes_decode_conversation (body, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (chatroutes_conversation_get_id (conversation), ==, "c9");
      g_assert_null (chatroutes_conversation_get_user_id (conversation));
      g_assert_null (chatroutes_conversation_get_title (conversation));
      g_assert_null (chatroutes_conversation_get_created_at (conversation));
      g_assert_null (chatroutes_conversation_get_updated_at (conversation));
      g_assert_null (chatroutes_conversation_get_model (conversation));
      created = chatroutes_conversation_dup_created_at_datetime (conversation);
      g_assert_null (created);
      g_assert_nonnull (chatroutes_conversation_get_messages (conversation));
      g_assert_cmpuint (g_list_model_get_n_items (chatroutes_conversation_get_messages (conversation)), ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (chatroutes_conversation_get_branches (conversation)), ==, 0);
      g_assert_finalize_object (conversation);
    }
}

static void
test_conversation_missing (void)
{
  static const char *bodies[] = {
    "{'success':true,'data':{}}",
    "{'success':true,'data':{'title':'no id here'}}",
    "{'success':true}",
    "{'conversation':null}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) body = parse_q (bodies[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(ChatroutesConversation) conversation = NULL;

      conversation = chatroutes_decode_conversation (body, &error);
      g_assert_null (conversation);
      assert_protocol_error (error, "conversation");
    }

  {
    g_autoptr(JsonNode) body = parse_q ("{'conversation':{'title':'x'}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(ChatroutesConversation) conversation = NULL;

    conversation = chatroutes_decode_conversation (body, &error);
    g_assert_null (conversation);
    assert_protocol_error (error, "Field “id” of conversation is missing");
  }

  {
    g_autoptr(JsonNode) body = parse_q ("{'conversation':{'id':'c','messages':[{'id':'m','content':'x'}]}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(ChatroutesConversation) conversation = NULL;

    conversation = chatroutes_decode_conversation (body, &error);
    g_assert_null (conversation);
    assert_protocol_error (error, "Field “role” of message is missing");
  }

  {
    g_autoptr(JsonNode) body = parse_q ("{'conversation':{'id':'c','messages':[{'id':'m','role':'user','content':''},7]}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(ChatroutesConversation) conversation = NULL;

    conversation = chatroutes_decode_conversation (body, &error);
    g_assert_null (conversation);
    assert_protocol_error (error, "Item 1 of field “messages” of conversation");
  }
}

/* }}} */

/* Messages {{{ */

static void
assert_message_full (ChatroutesMessage *message)
{
  g_autoptr(GDateTime) created = NULL;

  g_assert_cmpstr (chatroutes_message_get_id (message), ==, "m2");
  g_assert_cmpstr (chatroutes_message_get_conversation_id (message), ==, "c1");
  g_assert_cmpstr (chatroutes_message_get_branch_id (message), ==, "b1");
  g_assert_cmpstr (chatroutes_message_get_role (message), ==, "assistant");
  g_assert_cmpstr (chatroutes_message_get_content (message), ==, "Hello there");
  g_assert_cmpint (chatroutes_message_get_token_count (message), ==, 42);
  g_assert_cmpstr (chatroutes_message_get_created_at (message), ==, "2025-10-05T12:34:56.789Z");
  g_assert_cmpstr (chatroutes_message_get_parent_message_id (message), ==, "m1");
  g_assert_cmpstr (chatroutes_message_get_model (message), ==, "gpt-5");
  g_assert_cmpstr (chatroutes_message_get_content_hash (message), ==, "abc123");
  g_assert_cmpstr (chatroutes_message_get_metadata_model (message), ==, "gpt-5-mini");
  g_assert_cmpfloat_with_epsilon (chatroutes_message_get_temperature (message), 0.7, 1e-9);
  g_assert_cmpint (chatroutes_message_get_max_tokens (message), ==, 1000);
  g_assert_cmpfloat_with_epsilon (chatroutes_message_get_response_time (message), 1234.5, 1e-9);
  g_assert_cmpstr (chatroutes_message_get_finish_reason (message), ==, "stop");
  g_assert_cmpfloat_with_epsilon (chatroutes_message_get_cost (message), 0.0012, 1e-12);
  g_assert_true (chatroutes_message_get_context_truncated (message));
  g_assert_false (chatroutes_message_get_checkpoint_used (message));
  g_assert_cmpint (chatroutes_message_get_prompt_tokens (message), ==, 17);
  g_assert_cmpint (chatroutes_message_get_context_message_count (message), ==, 3);

  created = chatroutes_message_dup_created_at_datetime (message);
  g_assert_nonnull (created);
  g_assert_cmpint (g_date_time_get_second (created), ==, 56);
  g_assert_cmpint (g_date_time_get_microsecond (created), ==, 789000);
}

static void
test_message_shapes (void)
{
  const char *formats[] = {
    "{'success':true,'data':{'message':%s}}",
    "{'success':true,'data':%s}",
    "{'message':%s}",
    "%s",
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *quoted = fill (formats[i], message_full, NULL);
      g_autoptr(JsonNode) body = parse_q (quoted);
      g_autoptr(GError) error = NULL;
      ChatroutesMessage *message;

      message = chatroutes_decode_message (body, &error);
      g_assert_no_error (error);
      assert_message_full (message);
      g_assert_finalize_object (message);
    }
}

static void
test_message_minimal (void)
{
  g_autoptr(JsonNode) body = parse_q ("{'message':{'id':'m','role':'tool','content':'','metadata':null}}");
  g_autoptr(GError) error = NULL;
  ChatroutesMessage *message;

  message = chatroutes_decode_message (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_message_get_id (message), ==, "m");
  /* unknown roles are kept as given */
  g_assert_cmpstr (chatroutes_message_get_role (message), ==, "tool");
  g_assert_cmpstr (chatroutes_message_get_content (message), ==, "");
  g_assert_null (chatroutes_message_get_conversation_id (message));
  g_assert_null (chatroutes_message_get_branch_id (message));
  g_assert_null (chatroutes_message_get_created_at (message));
  g_assert_null (chatroutes_message_get_parent_message_id (message));
  g_assert_null (chatroutes_message_get_model (message));
  g_assert_null (chatroutes_message_get_content_hash (message));
  g_assert_null (chatroutes_message_get_metadata_model (message));
  g_assert_null (chatroutes_message_get_finish_reason (message));
  g_assert_cmpint (chatroutes_message_get_token_count (message), ==, -1);
  g_assert_cmpint (chatroutes_message_get_max_tokens (message), ==, -1);
  g_assert_cmpint (chatroutes_message_get_prompt_tokens (message), ==, -1);
  g_assert_cmpint (chatroutes_message_get_context_message_count (message), ==, -1);
  g_assert_cmpfloat (chatroutes_message_get_temperature (message), ==, -1.0);
  g_assert_cmpfloat (chatroutes_message_get_response_time (message), ==, -1.0);
  g_assert_cmpfloat (chatroutes_message_get_cost (message), ==, -1.0);
  g_assert_false (chatroutes_message_get_context_truncated (message));
  g_assert_false (chatroutes_message_get_checkpoint_used (message));
  g_assert_finalize_object (message);
}

/* A message without content (a soft-deleted one, say) still decodes. */
static void
test_message_no_content (void)
{
  const char *bodies[] = {
    "{'messages':[{'id':'m1','role':'user','content':'Hi'},{'id':'m2','role':'assistant'}]}",
    "{'messages':[{'id':'m1','role':'user','content':'Hi'},{'id':'m2','role':'assistant','content':null}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) body = parse_q (bodies[i]);
      g_autoptr(GError) error = NULL;
      GListModel *messages;

      messages = chatroutes_decode_messages (body, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);
      g_assert_cmpstr (chatroutes_message_get_content (model_item (messages, 0)), ==, "Hi");
      g_assert_null (chatroutes_message_get_content (model_item (messages, 1)));
      g_assert_cmpstr (chatroutes_message_get_id (model_item (messages, 1)), ==, "m2");
      g_assert_finalize_object (messages);
    }
}

static void
test_message_required (void)
{
  static const char *fields[] = { "id", "role" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(JsonNode) body = parse_q (message_full);
      g_autoptr(GError) error = NULL;
      g_autoptr(ChatroutesMessage) message = NULL;
      g_autoptr(JsonObject) copy = json_object_new ();
      g_autofree char *expected = g_strdup_printf ("Field “%s” of message is missing", fields[i]);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      /* the sample without that field (the parsed body is immutable) */
      json_object_iter_init (&iter, json_node_get_object (body));
      while (json_object_iter_next (&iter, &name, &value))
        if (strcmp (name, fields[i]) != 0)
          json_object_set_member (copy, name, json_node_copy (value));

      message = chatroutes_message_new_from_json (copy, &error);
      g_assert_null (message);
      assert_protocol_error (error, expected);
      g_clear_error (&error);

      /* null is missing too */
      json_object_set_null_member (copy, fields[i]);
      message = chatroutes_message_new_from_json (copy, &error);
      g_assert_null (message);
      assert_protocol_error (error, expected);
    }
}

static void
test_message_numbers (void)
{
  static const struct {
    const char *field;
    const char *value;
    gboolean    ok;
    gint64      expected;
  } cases[] = {
    { "tokenCount", "12", TRUE, 12 },
    { "tokenCount", "12.0", TRUE, 12 },
    { "tokenCount", "1.2e1", TRUE, 12 },
    { "tokenCount", "0", TRUE, 0 },
    { "tokenCount", "12.5", FALSE, 0 },
    { "tokenCount", "-1", FALSE, 0 },
    { "tokenCount", "-3.0", FALSE, 0 },
    { "tokenCount", "1e300", FALSE, 0 },
    { "tokenCount", "9223372036854775807", TRUE, G_MAXINT64 },
    { "tokenCount", "9223372036854775808.0", FALSE, 0 },
    { "tokenCount", "\"12\"", FALSE, 0 },
    { "tokenCount", "true", FALSE, 0 },
    { "tokenCount", "null", TRUE, -1 },
  };
  static const struct {
    const char *field;
    const char *value;
    gboolean    ok;
    double      expected;
  } metadata_cases[] = {
    { "temperature", "1", TRUE, 1.0 },
    { "temperature", "0.25", TRUE, 0.25 },
    { "temperature", "0", TRUE, 0 },
    { "temperature", "-0.5", FALSE, 0 },
    { "temperature", "1e999", FALSE, 0 },
    { "temperature", "\"0.7\"", FALSE, 0 },
    { "cost", "3", TRUE, 3 },
    { "responseTime", "250", TRUE, 250 },
    { "maxTokens", "4096.0", TRUE, 4096 },
    { "maxTokens", "4096.5", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"id\":\"m\",\"role\":\"user\",\"content\":\"x\",\"%s\":%s}",
                                               cases[i].field, cases[i].value);
      g_autoptr(JsonNode) body = parse_text (text);
      g_autoptr(GError) error = NULL;
      g_autoptr(ChatroutesMessage) message = NULL;

      g_test_message ("%s", text);
      message = chatroutes_decode_message (body, &error);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpint (chatroutes_message_get_token_count (message), ==, cases[i].expected);
        }
      else
        {
          g_assert_null (message);
          assert_protocol_error (error, "“tokenCount”");
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (metadata_cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"id\":\"m\",\"role\":\"user\",\"content\":\"x\","
                                               "\"metadata\":{\"%s\":%s}}",
                                               metadata_cases[i].field, metadata_cases[i].value);
      g_autoptr(JsonNode) body = parse_text (text);
      g_autoptr(GError) error = NULL;
      g_autoptr(ChatroutesMessage) message = NULL;
      g_autofree char *fragment = g_strdup_printf ("Field “%s” of message metadata", metadata_cases[i].field);

      g_test_message ("%s", text);
      message = chatroutes_decode_message (body, &error);
      if (!metadata_cases[i].ok)
        {
          g_assert_null (message);
          assert_protocol_error (error, fragment);
          continue;
        }

      g_assert_no_error (error);
      if (strcmp (metadata_cases[i].field, "temperature") == 0)
        g_assert_cmpfloat (chatroutes_message_get_temperature (message), ==, metadata_cases[i].expected);
      else if (strcmp (metadata_cases[i].field, "cost") == 0)
        g_assert_cmpfloat (chatroutes_message_get_cost (message), ==, metadata_cases[i].expected);
      else if (strcmp (metadata_cases[i].field, "responseTime") == 0)
        g_assert_cmpfloat (chatroutes_message_get_response_time (message), ==, metadata_cases[i].expected);
      else
        g_assert_cmpint (chatroutes_message_get_max_tokens (message), ==, (gint64) metadata_cases[i].expected);
    }
}

static void
test_message_metadata_camel (void)
{
  g_autoptr(JsonNode) body = parse_q ("{'id':'m','role':'assistant','content':'x','metadata':"
                                      "{'contextTruncated':true,'checkpointUsed':true,"
                                      "'promptTokens':5,'contextMessageCount':2}}");
  g_autoptr(GError) error = NULL;
  ChatroutesMessage *message;

  message = chatroutes_decode_message (body, &error);
  g_assert_no_error (error);
  g_assert_true (chatroutes_message_get_context_truncated (message));
  g_assert_true (chatroutes_message_get_checkpoint_used (message));
  g_assert_cmpint (chatroutes_message_get_prompt_tokens (message), ==, 5);
  g_assert_cmpint (chatroutes_message_get_context_message_count (message), ==, 2);
  g_assert_finalize_object (message);
}

static void
test_messages_list (void)
{
  const char *formats[] = {
    "{'success':true,'data':{'messages':[%s,%s]}}",
    "{'success':true,'data':[%s,%s]}",
    "{'messages':[%s,%s]}",
    "[%s,%s]",
    "{'success':true,'data':{'other':1},'messages':[%s,%s]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *quoted = fill (formats[i], message_full, message_full);
      g_autoptr(JsonNode) body = parse_q (quoted);
      g_autoptr(GError) error = NULL;
      GListModel *messages;

      g_test_message ("shape %u", i);
      messages = chatroutes_decode_messages (body, &error);
      g_assert_no_error (error);
      g_assert_true (G_IS_LIST_STORE (messages));
      g_assert_true (g_list_model_get_item_type (messages) == CHATROUTES_TYPE_MESSAGE);
      g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);
      assert_message_full (model_item (messages, 0));
      assert_message_full (model_item (messages, 1));

      track_items (messages);
      g_assert_finalize_object (messages);
      assert_tracked_finalized ();
    }

  {
    g_autoptr(JsonNode) body = parse_q ("{'success':true,'data':{'messages':[]}}");
    g_autoptr(GError) error = NULL;
    GListModel *messages;

    messages = chatroutes_decode_messages (body, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 0);
    g_assert_finalize_object (messages);
  }

  {
    g_autoptr(JsonNode) body = parse_q ("{'success':true,'data':{'branches':[]}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) messages = NULL;

    messages = chatroutes_decode_messages (body, &error);
    g_assert_null (messages);
    assert_protocol_error (error, "“messages”");
  }
}

static void
test_message_setters (void)
{
  ChatroutesMessage *message = chatroutes_message_new ();
  guint notified = 0;
  g_autofree char *role = NULL;
  gint64 token_count = 0;

  g_assert_null (chatroutes_message_get_content (message));
  g_assert_cmpint (chatroutes_message_get_token_count (message), ==, -1);

  g_signal_connect (message, "notify::content", G_CALLBACK (count_notify), &notified);
  chatroutes_message_set_content (message, "Hel");
  g_assert_cmpuint (notified, ==, 1);
  chatroutes_message_set_content (message, "Hel");
  g_assert_cmpuint (notified, ==, 1);
  chatroutes_message_set_content (message, "Hello");
  g_assert_cmpuint (notified, ==, 2);
  chatroutes_message_set_content (message, NULL);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_null (chatroutes_message_get_content (message));

  g_object_set (message, "role", "assistant", "token-count", (gint64) 9, "context-truncated", TRUE, NULL);
  g_object_get (message, "role", &role, "token-count", &token_count, NULL);
  g_assert_cmpstr (role, ==, "assistant");
  g_assert_cmpint (token_count, ==, 9);
  g_assert_true (chatroutes_message_get_context_truncated (message));

  g_assert_finalize_object (message);
}

/* }}} */

/* Branches and checkpoints {{{ */

static void
assert_branch_full (ChatroutesBranch *branch)
{
  g_autoptr(GDateTime) updated = chatroutes_branch_dup_updated_at_datetime (branch);

  g_assert_cmpstr (chatroutes_branch_get_id (branch), ==, "b2");
  g_assert_cmpstr (chatroutes_branch_get_conversation_id (branch), ==, "c1");
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (branch), ==, "b1");
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (branch), ==, "m1");
  g_assert_cmpstr (chatroutes_branch_get_title (branch), ==, "Alternative");
  g_assert_cmpstr (chatroutes_branch_get_context_mode (branch), ==, "PARTIAL");
  g_assert_false (chatroutes_branch_get_is_main (branch));
  g_assert_true (chatroutes_branch_get_is_active (branch));
  g_assert_cmpstr (chatroutes_branch_get_created_at (branch), ==, "2025-10-03T10:00:00Z");
  g_assert_cmpstr (chatroutes_branch_get_updated_at (branch), ==, "2025-10-03T11:00:00Z");
  g_assert_cmpint (chatroutes_branch_get_message_count (branch), ==, 7);
  g_assert_cmpstr (chatroutes_branch_get_description (branch), ==, "What if we went by train");
  g_assert_nonnull (updated);
  g_assert_cmpint (g_date_time_get_hour (updated), ==, 11);
}

static void
test_branch_shapes (void)
{
  const char *formats[] = {
    "{'success':true,'data':{'branch':%s}}",
    "{'success':true,'data':%s}",
    "{'branch':%s}",
    "%s",
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *quoted = fill (formats[i], branch_full, NULL);
      g_autoptr(JsonNode) body = parse_q (quoted);
      g_autoptr(GError) error = NULL;
      ChatroutesBranch *branch;

      branch = chatroutes_decode_branch (body, &error);
      g_assert_no_error (error);
      assert_branch_full (branch);
      g_assert_finalize_object (branch);
    }

  for (guint i = 0; i < 3; i++)
    {
      const char *list_formats[] = {
        "{'success':true,'data':{'branches':[%s]}}",
        "{'branches':[%s]}",
        "[%s]",
      };
      g_autofree char *quoted = fill (list_formats[i], branch_full, NULL);
      g_autoptr(JsonNode) body = parse_q (quoted);
      g_autoptr(GError) error = NULL;
      GListModel *branches;

      branches = chatroutes_decode_branches (body, &error);
      g_assert_no_error (error);
      g_assert_true (g_list_model_get_item_type (branches) == CHATROUTES_TYPE_BRANCH);
      g_assert_cmpuint (g_list_model_get_n_items (branches), ==, 1);
      assert_branch_full (model_item (branches, 0));
      track_items (branches);
      g_assert_finalize_object (branches);
      assert_tracked_finalized ();
    }
}

static void
test_branch_minimal (void)
{
  g_autoptr(JsonNode) body = parse_q ("{'branch':{'id':'b'}}");
  g_autoptr(GError) error = NULL;
  ChatroutesBranch *branch;

  branch = chatroutes_decode_branch (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_branch_get_id (branch), ==, "b");
  g_assert_null (chatroutes_branch_get_title (branch));
  g_assert_null (chatroutes_branch_get_context_mode (branch));
  g_assert_null (chatroutes_branch_get_description (branch));
  g_assert_false (chatroutes_branch_get_is_main (branch));
  g_assert_false (chatroutes_branch_get_is_active (branch));
  g_assert_cmpint (chatroutes_branch_get_message_count (branch), ==, -1);
  g_assert_finalize_object (branch);
}

static void
assert_checkpoint (ChatroutesCheckpoint *checkpoint)
{
  g_autoptr(GDateTime) created = chatroutes_checkpoint_dup_created_at_datetime (checkpoint);

  g_assert_cmpstr (chatroutes_checkpoint_get_id (checkpoint), ==, "k1");
  g_assert_cmpstr (chatroutes_checkpoint_get_summary (checkpoint), ==, "They planned a trip");
  g_assert_cmpstr (chatroutes_checkpoint_get_conversation_id (checkpoint), ==, "c1");
  g_assert_cmpstr (chatroutes_checkpoint_get_branch_id (checkpoint), ==, "b1");
  g_assert_cmpstr (chatroutes_checkpoint_get_anchor_message_id (checkpoint), ==, "m9");
  g_assert_cmpint (chatroutes_checkpoint_get_token_count (checkpoint), ==, 120);
  g_assert_cmpstr (chatroutes_checkpoint_get_created_at (checkpoint), ==, "2025-10-04T00:00:00+02:00");
  g_assert_nonnull (created);
  g_assert_cmpint (g_date_time_get_utc_offset (created), ==, 2 * G_TIME_SPAN_HOUR);
}

static void
test_checkpoint_shapes (void)
{
  const char *objects[] = {
    "{'id':'k1','summary':'They planned a trip','conversation_id':'c1','branch_id':'b1',"
    "'anchor_message_id':'m9','token_count':120,'created_at':'2025-10-04T00:00:00+02:00'}",
    "{'id':'k1','summary':'They planned a trip','conversationId':'c1','branchId':'b1',"
    "'anchorMessageId':'m9','tokenCount':120,'createdAt':'2025-10-04T00:00:00+02:00'}",
    "{'id':'k1','summary':'They planned a trip','conversation_id':'c1','branchId':'b1',"
    "'anchor_message_id':null,'anchorMessageId':'m9','tokenCount':120.0,'created_at':'2025-10-04T00:00:00+02:00'}",
  };
  const char *formats[] = {
    "{'success':true,'data':{'checkpoint':%s}}",
    "{'success':true,'data':%s}",
    "{'checkpoint':%s}",
    "%s",
  };
  const char *list_formats[] = {
    "{'success':true,'data':{'checkpoints':[%s]}}",
    "{'checkpoints':[%s]}",
    "{'success':true,'data':[%s]}",
    "[%s]",
  };

  for (guint o = 0; o < G_N_ELEMENTS (objects); o++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        {
          g_autofree char *quoted = fill (formats[i], objects[o], NULL);
          g_autoptr(JsonNode) body = parse_q (quoted);
          g_autoptr(GError) error = NULL;
          ChatroutesCheckpoint *checkpoint;

          checkpoint = chatroutes_decode_checkpoint (body, &error);
          g_assert_no_error (error);
          assert_checkpoint (checkpoint);
          g_assert_finalize_object (checkpoint);
        }

      for (guint i = 0; i < G_N_ELEMENTS (list_formats); i++)
        {
          g_autofree char *quoted = fill (list_formats[i], objects[o], NULL);
          g_autoptr(JsonNode) body = parse_q (quoted);
          g_autoptr(GError) error = NULL;
          GListModel *checkpoints;

          checkpoints = chatroutes_decode_checkpoints (body, &error);
          g_assert_no_error (error);
          g_assert_true (g_list_model_get_item_type (checkpoints) == CHATROUTES_TYPE_CHECKPOINT);
          g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 1);
          assert_checkpoint (model_item (checkpoints, 0));
          track_items (checkpoints);
          g_assert_finalize_object (checkpoints);
          assert_tracked_finalized ();
        }
    }

  {
    g_autoptr(JsonNode) body = parse_q ("{'checkpoint':{'id':'k','summary':'s','branch_id':'b','branchId':3}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(ChatroutesCheckpoint) checkpoint = NULL;

    checkpoint = chatroutes_decode_checkpoint (body, &error);
    g_assert_null (checkpoint);
    assert_protocol_error (error, "Field “branchId” of checkpoint has the wrong type");
  }

  {
    g_autoptr(JsonNode) body = parse_q ("{'checkpoint':{'id':'k'}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(ChatroutesCheckpoint) checkpoint = NULL;

    checkpoint = chatroutes_decode_checkpoint (body, &error);
    g_assert_null (checkpoint);
    assert_protocol_error (error, "Field “summary” of checkpoint is missing");
  }
}

/* }}} */

/* Conversation pages {{{ */

typedef struct
{
  const char *body;
  guint       page;
  guint       limit;
  guint       n_items;
  gint64      total;
  gint64      expected_page;
  gint64      expected_limit;
  gboolean    has_next;
} PageCase;

static void
test_conversation_page (void)
{
  static const PageCase cases[] = {
    /* canonical: inside data */
    { "{'success':true,'data':{'conversations':[%s,%s],'total':5,'page':1,'limit':2,'hasNext':true}}",
      1, 2, 2, 5, 1, 2, TRUE },
    /* note 1: at the top level */
    { "{'conversations':[%s,%s],'total':5,'page':1,'limit':2,'hasNext':true}",
      1, 2, 2, 5, 1, 2, TRUE },
    /* hasNext missing: page * limit < total */
    { "{'success':true,'data':{'conversations':[%s,%s],'total':5,'page':2,'limit':2}}",
      2, 2, 2, 5, 2, 2, TRUE },
    { "{'success':true,'data':{'conversations':[%s],'total':5,'page':3,'limit':2}}",
      3, 2, 1, 5, 3, 2, FALSE },
    { "{'success':true,'data':{'conversations':[%s,%s],'total':4,'page':2,'limit':2}}",
      2, 2, 2, 4, 2, 2, FALSE },
    /* hasNext null is missing */
    { "{'conversations':[%s,%s],'total':3,'page':1,'limit':2,'hasNext':null}",
      1, 2, 2, 3, 1, 2, TRUE },
    /* page and limit missing: the requested ones */
    { "{'success':true,'data':{'conversations':[%s,%s],'total':10}}",
      3, 2, 2, 10, 3, 2, TRUE },
    { "{'success':true,'data':{'conversations':[%s,%s],'total':6}}",
      3, 2, 2, 6, 3, 2, FALSE },
    /* the list in data, the counts at the top */
    { "{'success':true,'data':{'conversations':[%s,%s]},'total':7,'page':1,'limit':2}",
      1, 2, 2, 7, 1, 2, TRUE },
    /* a bare array: totals are a lower bound */
    { "[%s,%s]", 1, 2, 2, 3, 1, 2, TRUE },
    { "[%s]", 2, 2, 1, 3, 2, 2, FALSE },
    { "{'success':true,'data':[%s,%s]}", 2, 10, 2, 12, 2, 10, FALSE },
    /* no total but hasNext */
    { "{'conversations':[%s,%s],'hasNext':true,'page':4,'limit':2}", 4, 2, 2, 9, 4, 2, TRUE },
    /* an empty page never promises more */
    { "{'conversations':[],'total':50}", 1, 0, 0, 50, 1, 0, FALSE },
    /* unknown limit: this page's size */
    { "{'conversations':[%s,%s],'total':50}", 1, 0, 2, 50, 1, 0, TRUE },
  };
  const char *item = "{'id':'c1','title':'One'}";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = fill (cases[i].body, item, item);
      g_autoptr(JsonNode) body = parse_q (quoted);
      g_autoptr(GError) error = NULL;
      ChatroutesConversationPage *page;
      GListModel *conversations;

      g_test_message ("case %u: %s", i, quoted);
      page = chatroutes_decode_conversation_page (body, cases[i].page, cases[i].limit, &error);
      g_assert_no_error (error);
      conversations = chatroutes_conversation_page_get_conversations (page);
      g_assert_true (g_list_model_get_item_type (conversations) == CHATROUTES_TYPE_CONVERSATION);
      g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, cases[i].n_items);
      if (cases[i].n_items > 0)
        g_assert_cmpstr (chatroutes_conversation_get_title (model_item (conversations, 0)), ==, "One");
      g_assert_cmpint (chatroutes_conversation_page_get_total (page), ==, cases[i].total);
      g_assert_cmpint (chatroutes_conversation_page_get_page (page), ==, cases[i].expected_page);
      g_assert_cmpint (chatroutes_conversation_page_get_limit (page), ==, cases[i].expected_limit);
      g_assert_cmpint (chatroutes_conversation_page_get_has_next (page), ==, cases[i].has_next);

      track (page);
      track_items (conversations);
      g_assert_finalize_object (page);
      assert_tracked_finalized ();
    }
}

static void
test_conversation_page_errors (void)
{
  static const struct {
    const char *body;
    const char *fragment;
  } cases[] = {
    { "{'success':true,'data':{'total':5}}", "“conversations”" },
    { "{'conversations':{'id':'c'}}", "“conversations”" },
    { "{'conversations':[],'total':'5'}", "Field “total” of conversation list has the wrong type" },
    { "{'conversations':[],'hasNext':'true'}", "Field “hasNext”" },
    { "{'conversations':[],'hasNext':1}", "Field “hasNext”" },
    { "{'conversations':[],'page':1.5}", "Field “page”" },
    { "{'conversations':[],'limit':-20}", "Field “limit”" },
    { "{'conversations':['c1']}", "Item 0 of field “conversations”" },
    { "{'conversations':[{'id':'c1','title':false}]}", "Field “title” of conversation" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) body = parse_q (cases[i].body);
      g_autoptr(GError) error = NULL;
      g_autoptr(ChatroutesConversationPage) page = NULL;

      page = chatroutes_decode_conversation_page (body, 1, 20, &error);
      g_assert_null (page);
      assert_protocol_error (error, cases[i].fragment);
    }
}

/* }}} */

/* Trees {{{ */

static const char tree_a[] =
  "{'conversation':{'id':'c1','title':'Tree'},"
  "'tree':{'id':'m1','content':'Hi','role':'user','branchInfo':{'branchId':'b1','title':'Main','isMain':true},"
  "'children':[{'id':'m2','content':'Hello','role':'assistant','children':["
  "{'id':'m3','content':'Go on','role':'user','children':[]},"
  "{'id':'m4','content':'Or else','role':'user','branchInfo':{'id':'b2','name':'Else','isMain':false}}]}]},"
  "'metadata':{'totalNodes':4,'totalBranches':2,'maxDepth':3}}";

static const char tree_b[] =
  "{'conversation':{'id':'c1','title':'Tree'},"
  "'branches':[{'id':'b1','title':'Main','isMain':true,'parentBranchId':null},"
  "{'id':'b2','title':'Else','isMain':false,'parentBranchId':'b1','forkPointMessageId':'m2'}],"
  "'mainBranch':{'id':'b1','title':'Main','isMain':true}}";

static void
test_tree_shape_a (void)
{
  const char *formats[] = { "{'success':true,'data':%s}", "%s" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *quoted = fill (formats[i], tree_a, NULL);
      g_autoptr(JsonNode) body = parse_q (quoted);
      g_autoptr(GError) error = NULL;
      ChatroutesTree *tree;
      ChatroutesTreeNode *root, *node, *leaf;
      GListModel *children;

      tree = chatroutes_decode_tree (body, &error);
      g_assert_no_error (error);

      g_assert_cmpstr (chatroutes_conversation_get_title (chatroutes_tree_get_conversation (tree)), ==, "Tree");
      g_assert_cmpint (chatroutes_tree_get_total_nodes (tree), ==, 4);
      g_assert_cmpint (chatroutes_tree_get_total_branches (tree), ==, 2);
      g_assert_cmpint (chatroutes_tree_get_max_depth (tree), ==, 3);
      g_assert_cmpuint (g_list_model_get_n_items (chatroutes_tree_get_branches (tree)), ==, 0);
      g_assert_null (chatroutes_tree_get_main_branch (tree));

      root = chatroutes_tree_get_root (tree);
      g_assert_cmpstr (chatroutes_tree_node_get_id (root), ==, "m1");
      g_assert_cmpstr (chatroutes_tree_node_get_content (root), ==, "Hi");
      g_assert_cmpstr (chatroutes_tree_node_get_role (root), ==, "user");
      g_assert_cmpstr (chatroutes_tree_node_get_branch_id (root), ==, "b1");
      g_assert_cmpstr (chatroutes_tree_node_get_branch_title (root), ==, "Main");
      g_assert_true (chatroutes_tree_node_get_branch_is_main (root));

      children = chatroutes_tree_node_get_children (root);
      g_assert_true (g_list_model_get_item_type (children) == CHATROUTES_TYPE_TREE_NODE);
      g_assert_cmpuint (g_list_model_get_n_items (children), ==, 1);
      node = model_item (children, 0);
      g_assert_cmpstr (chatroutes_tree_node_get_id (node), ==, "m2");
      g_assert_null (chatroutes_tree_node_get_branch_id (node));
      g_assert_false (chatroutes_tree_node_get_branch_is_main (node));

      children = chatroutes_tree_node_get_children (node);
      g_assert_cmpuint (g_list_model_get_n_items (children), ==, 2);
      leaf = model_item (children, 0);
      g_assert_cmpstr (chatroutes_tree_node_get_id (leaf), ==, "m3");
      g_assert_cmpstr (chatroutes_tree_node_get_content (leaf), ==, "Go on");
      g_assert_cmpuint (g_list_model_get_n_items (chatroutes_tree_node_get_children (leaf)), ==, 0);
      leaf = model_item (children, 1);
      g_assert_cmpstr (chatroutes_tree_node_get_id (leaf), ==, "m4");
      g_assert_cmpstr (chatroutes_tree_node_get_branch_id (leaf), ==, "b2");
      g_assert_cmpstr (chatroutes_tree_node_get_branch_title (leaf), ==, "Else");
      g_assert_false (chatroutes_tree_node_get_branch_is_main (leaf));

      track (tree);
      track (root);
      track (node);
      track (leaf);
      g_assert_finalize_object (tree);
      assert_tracked_finalized ();
    }
}

static void
test_tree_shape_b (void)
{
  const char *formats[] = { "{'success':true,'data':%s}", "%s" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *quoted = fill (formats[i], tree_b, NULL);
      g_autoptr(JsonNode) body = parse_q (quoted);
      g_autoptr(GError) error = NULL;
      ChatroutesTree *tree;
      GListModel *branches;
      ChatroutesBranch *branch;

      tree = chatroutes_decode_tree (body, &error);
      g_assert_no_error (error);

      g_assert_cmpstr (chatroutes_conversation_get_id (chatroutes_tree_get_conversation (tree)), ==, "c1");
      g_assert_null (chatroutes_tree_get_root (tree));
      g_assert_cmpint (chatroutes_tree_get_total_nodes (tree), ==, -1);
      g_assert_cmpint (chatroutes_tree_get_total_branches (tree), ==, -1);
      g_assert_cmpint (chatroutes_tree_get_max_depth (tree), ==, -1);

      branches = chatroutes_tree_get_branches (tree);
      g_assert_cmpuint (g_list_model_get_n_items (branches), ==, 2);
      branch = model_item (branches, 1);
      g_assert_cmpstr (chatroutes_branch_get_id (branch), ==, "b2");
      g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (branch), ==, "b1");
      g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (branch), ==, "m2");

      branch = chatroutes_tree_get_main_branch (tree);
      g_assert_cmpstr (chatroutes_branch_get_id (branch), ==, "b1");
      g_assert_cmpstr (chatroutes_branch_get_title (branch), ==, "Main");

      track (tree);
      track (branch);
      track_items (branches);
      g_assert_finalize_object (tree);
      assert_tracked_finalized ();
    }

  /* no mainBranch: the branch marked isMain; no conversation */
  {
    g_autoptr(JsonNode) body = parse_q ("{'success':true,'data':{'branches':[{'id':'x'},{'id':'y','isMain':true}]}}");
    g_autoptr(GError) error = NULL;
    ChatroutesTree *tree;

    tree = chatroutes_decode_tree (body, &error);
    g_assert_no_error (error);
    g_assert_null (chatroutes_tree_get_conversation (tree));
    g_assert_cmpstr (chatroutes_branch_get_id (chatroutes_tree_get_main_branch (tree)), ==, "y");
    g_assert_finalize_object (tree);
  }
}

static void
test_tree_errors (void)
{
  static const struct {
    const char *body;
    const char *fragment;
  } cases[] = {
    { "{'success':true,'data':{'conversation':{'id':'c'}}}", "“tree”" },
    { "{'tree':[]}", "Field “tree”" },
    { "{'tree':{'id':'a','children':{}}}", "Field “children” of tree node" },
    { "{'tree':{'id':'a','children':[{'id':'b','children':[3]}]}}", "Item 0 of field “children” of tree node" },
    { "{'tree':{'id':'a','children':[{'id':'b','children':[{'content':'x'}]}]}}", "Field “id” of tree node is missing" },
    { "{'tree':{'id':'a','branchInfo':'main'}}", "Field “branchInfo”" },
    { "{'tree':{'id':'a','branchInfo':{'isMain':'yes'}}}", "Field “isMain” of tree node branch info" },
    { "{'tree':{'id':'a'},'metadata':{'maxDepth':'3'}}", "Field “maxDepth” of tree metadata" },
    { "{'tree':{'id':'a'},'metadata':7}", "Field “metadata”" },
    { "{'branches':[{'id':'b'}],'mainBranch':{'title':'x'}}", "Field “id” of branch is missing" },
    { "{'branches':[{'id':'b','isMain':1}]}", "Field “isMain” of branch" },
    { "{'tree':{'id':'a'},'conversation':{'id':5}}", "Field “id” of conversation" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) body = parse_q (cases[i].body);
      g_autoptr(GError) error = NULL;
      g_autoptr(ChatroutesTree) tree = NULL;

      tree = chatroutes_decode_tree (body, &error);
      g_assert_null (tree);
      assert_protocol_error (error, cases[i].fragment);
    }
}

static char *
deep_tree_text (guint levels)
{
  GString *text = g_string_new ("{\"tree\":");

  for (guint i = 0; i < levels; i++)
    g_string_append_printf (text, "{\"id\":\"n%u\",\"role\":\"user\",\"children\":[", i);
  for (guint i = 0; i < levels; i++)
    g_string_append (text, "]}");
  g_string_append_c (text, '}');

  return g_string_free (text, FALSE);
}

static void
test_tree_deep_text (void)
{
  /* json-glib allows 1024 levels of JSON, two per tree level */
  g_autofree char *shallow = deep_tree_text (500);
  g_autofree char *deep = deep_tree_text (600);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  ChatroutesTree *tree;
  ChatroutesTreeNode *node;
  guint depth = 0;

  body = parse_text (shallow);
  tree = chatroutes_decode_tree (body, &error);
  g_assert_no_error (error);

  node = chatroutes_tree_get_root (tree);
  while (node != NULL)
    {
      GListModel *children = chatroutes_tree_node_get_children (node);
      g_autofree char *id = g_strdup_printf ("n%u", depth);

      g_assert_cmpstr (chatroutes_tree_node_get_id (node), ==, id);
      depth++;
      g_assert_cmpuint (g_list_model_get_n_items (children), <=, 1);
      node = g_list_model_get_n_items (children) > 0 ? model_item (children, 0) : NULL;
    }
  g_assert_cmpuint (depth, ==, 500);
  g_assert_finalize_object (tree);

  g_assert_null (chatroutes_decode_parse (deep, strlen (deep), 0, &error));
  assert_protocol_error (error, "deeply");
}

/* A tree body of @levels nodes in a chain, built without text. */
static JsonNode *
build_deep_tree (guint levels)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  for (guint i = 0; i < levels; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "children");
      json_builder_begin_array (builder);
    }
  for (guint i = 0; i < levels; i++)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  return json_builder_get_root (builder);
}

/* json-glib frees nested values recursively: take the chain apart from
 * the top instead. */
static void
free_deep_tree (JsonNode *node)
{
  while (node != NULL)
    {
      JsonObject *object = json_node_get_object (node);
      JsonArray *children = json_object_get_array_member (object, "children");
      JsonNode *next = NULL;

      if (json_array_get_length (children) > 0)
        next = json_node_ref (json_array_get_element (children, 0));

      json_object_remove_member (object, "children");
      json_node_unref (node);
      node = next;
    }
}

static void
test_tree_deep_bound (void)
{
  JsonNode *at_bound = build_deep_tree (10000);
  JsonNode *over_bound = build_deep_tree (10001);
  g_autoptr(GError) error = NULL;
  ChatroutesTreeNode *root;
  ChatroutesTreeNode *node;
  guint depth = 0;

  root = chatroutes_tree_node_new_from_json (json_node_get_object (at_bound), &error);
  g_assert_no_error (error);
  for (node = root; node != NULL; depth++)
    {
      GListModel *children = chatroutes_tree_node_get_children (node);

      node = g_list_model_get_n_items (children) > 0 ? model_item (children, 0) : NULL;
    }
  g_assert_cmpuint (depth, ==, 10000);
  g_assert_finalize_object (root);

  root = chatroutes_tree_node_new_from_json (json_node_get_object (over_bound), &error);
  g_assert_null (root);
  assert_protocol_error (error, "deeper than 10000");

  free_deep_tree (at_bound);
  free_deep_tree (over_bound);
}

/* Dropping a very deep tree must not recurse once per level; a subtree
 * still held elsewhere must survive intact. */
static void
test_tree_node_release (void)
{
  const guint levels = 300000;
  ChatroutesTreeNode *root = chatroutes_tree_node_new ();
  ChatroutesTreeNode *node = root;
  ChatroutesTreeNode *kept = NULL;
  GListModel *kept_children;
  guint depth;

  for (guint i = 1; i < levels; i++)
    {
      g_autoptr(ChatroutesTreeNode) child = chatroutes_tree_node_new ();

      g_list_store_append (G_LIST_STORE (chatroutes_tree_node_get_children (node)), child);
      node = child;
      if (i == 10)
        kept = g_object_ref (child);
      if (i == 20)
        track (child);
    }

  kept_children = g_object_ref (chatroutes_tree_node_get_children (model_item (chatroutes_tree_node_get_children (kept), 0)));
  track (root);
  g_assert_finalize_object (root);

  /* @kept and everything under it is still there */
  depth = 0;
  for (node = kept; node != NULL; depth++)
    {
      GListModel *children = chatroutes_tree_node_get_children (node);

      node = g_list_model_get_n_items (children) > 0 ? model_item (children, 0) : NULL;
    }
  g_assert_cmpuint (depth, ==, levels - 10);
  g_assert_cmpuint (g_list_model_get_n_items (kept_children), ==, 1);

  g_object_unref (kept_children);
  g_assert_finalize_object (kept);
  assert_tracked_finalized ();
}

/* }}} */

/* Send results {{{ */

static void
test_send_result_shapes (void)
{
  g_autofree char *user_message = dq ("{'id':'m1','role':'user','content':'Hi','conversationId':'c1'}");
  g_autofree char *reply = dq (message_full);
  const char *formats[] = {
    /* canonical */
    "{\"success\":true,\"data\":{\"message\":%2$s,\"usage\":{\"promptTokens\":10,\"completionTokens\":32,\"totalTokens\":42},\"model\":\"gpt-5\"}}",
    /* note 3 */
    "{\"success\":true,\"data\":{\"userMessage\":%1$s,\"assistantMessage\":%2$s,\"usage\":{\"promptTokens\":10,\"completionTokens\":32,\"totalTokens\":42},\"model\":\"gpt-5\"}}",
    /* no envelope */
    "{\"message\":%2$s,\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":32,\"total_tokens\":42},\"model\":\"gpt-5\",\"userMessage\":%1$s}",
    "{\"userMessage\":%1$s,\"assistantMessage\":%2$s,\"usage\":{\"promptTokens\":10,\"completionTokens\":32,\"totalTokens\":42.0},\"model\":\"gpt-5\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *text = fill (formats[i], user_message, reply);
      g_autoptr(JsonNode) body = parse_text (text);
      g_autoptr(GError) error = NULL;
      ChatroutesSendResult *result;
      ChatroutesUsage *usage;
      ChatroutesMessage *user;

      g_test_message ("shape %u", i);
      result = chatroutes_decode_send_result (body, &error);
      g_assert_no_error (error);

      assert_message_full (chatroutes_send_result_get_message (result));
      g_assert_cmpstr (chatroutes_send_result_get_model (result), ==, "gpt-5");
      usage = chatroutes_send_result_get_usage (result);
      g_assert_cmpint (chatroutes_usage_get_prompt_tokens (usage), ==, 10);
      g_assert_cmpint (chatroutes_usage_get_completion_tokens (usage), ==, 32);
      g_assert_cmpint (chatroutes_usage_get_total_tokens (usage), ==, 42);

      user = chatroutes_send_result_get_user_message (result);
      if (i == 0)
        {
          g_assert_null (user);
        }
      else
        {
          g_assert_cmpstr (chatroutes_message_get_id (user), ==, "m1");
          g_assert_cmpstr (chatroutes_message_get_role (user), ==, "user");
          g_assert_cmpstr (chatroutes_message_get_content (user), ==, "Hi");
          track (user);
        }

      track (result);
      track (usage);
      track (chatroutes_send_result_get_message (result));
      g_assert_finalize_object (result);
      assert_tracked_finalized ();
    }
}

static void
test_send_result_partial (void)
{
  /* no usage, no top-level model: the reply's */
  {
    g_autoptr(JsonNode) body = parse_q ("{'success':true,'data':{'message':{'id':'m','role':'assistant','content':'x',"
                                        "'metadata':{'model':'claude-opus-4-1'}}}}");
    g_autoptr(GError) error = NULL;
    ChatroutesSendResult *result;

    result = chatroutes_decode_send_result (body, &error);
    g_assert_no_error (error);
    g_assert_null (chatroutes_send_result_get_usage (result));
    g_assert_null (chatroutes_send_result_get_user_message (result));
    g_assert_cmpstr (chatroutes_send_result_get_model (result), ==, "claude-opus-4-1");
    g_assert_finalize_object (result);
  }

  /* a bare message */
  {
    g_autoptr(JsonNode) body = parse_q ("{'success':true,'data':{'id':'m','role':'assistant','content':'x','model':'gpt-5'}}");
    g_autoptr(GError) error = NULL;
    ChatroutesSendResult *result;

    result = chatroutes_decode_send_result (body, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (chatroutes_message_get_id (chatroutes_send_result_get_message (result)), ==, "m");
    g_assert_cmpstr (chatroutes_send_result_get_model (result), ==, "gpt-5");
    g_assert_finalize_object (result);
  }

  /* usage null, userMessage null */
  {
    g_autoptr(JsonNode) body = parse_q ("{'message':{'id':'m','role':'assistant','content':'x'},'usage':null,'userMessage':null,'model':null}");
    g_autoptr(GError) error = NULL;
    ChatroutesSendResult *result;

    result = chatroutes_decode_send_result (body, &error);
    g_assert_no_error (error);
    g_assert_null (chatroutes_send_result_get_usage (result));
    g_assert_null (chatroutes_send_result_get_model (result));
    g_assert_finalize_object (result);
  }

  {
    static const struct {
      const char *body;
      const char *fragment;
    } cases[] = {
      { "{'success':true,'data':{'usage':{'totalTokens':1}}}", "Field “message” of response is missing" },
      { "{'message':'hi'}", "Field “message” of response has the wrong type" },
      { "{'assistantMessage':[]}", "Field “assistantMessage”" },
      { "{'message':{'id':'m','role':'assistant','content':'x'},'userMessage':{'id':'u'}}", "Field “role” of message is missing" },
      { "{'message':{'id':'m','role':'assistant','content':'x'},'usage':{'totalTokens':'3'}}", "Field “totalTokens” of usage" },
      { "{'message':{'id':'m','role':'assistant','content':'x'},'model':1}", "Field “model” of response" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(JsonNode) body = parse_q (cases[i].body);
        g_autoptr(GError) error = NULL;
        g_autoptr(ChatroutesSendResult) result = NULL;

        result = chatroutes_decode_send_result (body, &error);
        g_assert_null (result);
        assert_protocol_error (error, cases[i].fragment);
      }
  }
}

/* }}} */

/* Autobranch and account {{{ */

static void
test_suggestions (void)
{
  const char *formats[] = {
    "{'success':true,'data':{'suggestions':[%s],'metadata':{'detectionMethod':'hybrid','totalBranchPointsFound':3,'modelUsed':'gpt-5'}}}",
    "{'suggestions':[%s],'metadata':{'detectionMethod':'hybrid','totalBranchPointsFound':3,'modelUsed':'gpt-5'}}",
    "{'success':true,'data':{'suggestions':[%s]},'metadata':{'detectionMethod':'hybrid','totalBranchPointsFound':3,'modelUsed':'gpt-5'}}",
  };
  const char *suggestion =
    "{'id':'s1','title':'Budget','description':'Explore a cheaper option','triggerText':'on a budget',"
    "'branchPoint':{'start':10,'end':21},'confidence':0.82,'reasoning':'A choice',"
    "'estimatedDivergence':'medium'}";

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *quoted = fill (formats[i], suggestion, NULL);
      g_autoptr(JsonNode) body = parse_q (quoted);
      g_autoptr(GError) error = NULL;
      ChatroutesSuggestionResult *result;
      ChatroutesSuggestion *item;
      GListModel *suggestions;

      result = chatroutes_decode_suggestions (body, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (chatroutes_suggestion_result_get_detection_method (result), ==, "hybrid");
      g_assert_cmpint (chatroutes_suggestion_result_get_total_branch_points_found (result), ==, 3);
      g_assert_cmpstr (chatroutes_suggestion_result_get_model_used (result), ==, "gpt-5");

      suggestions = chatroutes_suggestion_result_get_suggestions (result);
      g_assert_true (g_list_model_get_item_type (suggestions) == CHATROUTES_TYPE_SUGGESTION);
      g_assert_cmpuint (g_list_model_get_n_items (suggestions), ==, 1);
      item = model_item (suggestions, 0);
      g_assert_cmpstr (chatroutes_suggestion_get_id (item), ==, "s1");
      g_assert_cmpstr (chatroutes_suggestion_get_title (item), ==, "Budget");
      g_assert_cmpstr (chatroutes_suggestion_get_description (item), ==, "Explore a cheaper option");
      g_assert_cmpstr (chatroutes_suggestion_get_trigger_text (item), ==, "on a budget");
      g_assert_cmpint (chatroutes_suggestion_get_branch_point_start (item), ==, 10);
      g_assert_cmpint (chatroutes_suggestion_get_branch_point_end (item), ==, 21);
      g_assert_cmpfloat_with_epsilon (chatroutes_suggestion_get_confidence (item), 0.82, 1e-12);
      g_assert_cmpstr (chatroutes_suggestion_get_reasoning (item), ==, "A choice");
      g_assert_cmpstr (chatroutes_suggestion_get_estimated_divergence (item), ==, "medium");

      track (result);
      track (item);
      g_assert_finalize_object (result);
      assert_tracked_finalized ();
    }

  /* minimal: no metadata, confidence as an integer */
  {
    g_autoptr(JsonNode) body = parse_q ("{'suggestions':[{'id':'s','confidence':1}]}");
    g_autoptr(GError) error = NULL;
    ChatroutesSuggestionResult *result;
    ChatroutesSuggestion *item;

    result = chatroutes_decode_suggestions (body, &error);
    g_assert_no_error (error);
    g_assert_null (chatroutes_suggestion_result_get_detection_method (result));
    g_assert_cmpint (chatroutes_suggestion_result_get_total_branch_points_found (result), ==, -1);
    item = model_item (chatroutes_suggestion_result_get_suggestions (result), 0);
    g_assert_cmpfloat (chatroutes_suggestion_get_confidence (item), ==, 1.0);
    g_assert_cmpint (chatroutes_suggestion_get_branch_point_start (item), ==, -1);
    g_assert_null (chatroutes_suggestion_get_title (item));
    g_assert_finalize_object (result);
  }
}

static void
test_health_and_account (void)
{
  const char *health_bodies[] = {
    "{'success':true,'data':{'status':'healthy','version':'1.2.0','service':'autobranch'}}",
    "{'status':'healthy','version':'1.2.0','service':'autobranch'}",
  };
  const char *account_bodies[] = {
    "{'success':true,'data':{'id':'u1','email':'a@example.org','plan':'pro','createdAt':'2025-01-01T00:00:00Z'}}",
    "{'id':'u1','email':'a@example.org','plan':'pro','createdAt':'2025-01-01T00:00:00Z'}",
    "{'success':true,'data':{'user':{'id':'u1','email':'a@example.org','plan':'pro','createdAt':'2025-01-01T00:00:00Z'}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (health_bodies); i++)
    {
      g_autoptr(JsonNode) body = parse_q (health_bodies[i]);
      g_autoptr(GError) error = NULL;
      ChatroutesHealth *health;

      health = chatroutes_decode_health (body, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (chatroutes_health_get_status (health), ==, "healthy");
      g_assert_cmpstr (chatroutes_health_get_version (health), ==, "1.2.0");
      g_assert_cmpstr (chatroutes_health_get_service (health), ==, "autobranch");
      g_assert_finalize_object (health);
    }

  for (guint i = 0; i < G_N_ELEMENTS (account_bodies); i++)
    {
      g_autoptr(JsonNode) body = parse_q (account_bodies[i]);
      g_autoptr(GError) error = NULL;
      ChatroutesAccount *account;
      g_autoptr(GDateTime) created = NULL;

      account = chatroutes_decode_account (body, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (chatroutes_account_get_id (account), ==, "u1");
      g_assert_cmpstr (chatroutes_account_get_email (account), ==, "a@example.org");
      g_assert_cmpstr (chatroutes_account_get_plan (account), ==, "pro");
      g_assert_cmpstr (chatroutes_account_get_created_at (account), ==, "2025-01-01T00:00:00Z");
      created = chatroutes_account_dup_created_at_datetime (account);
      g_assert_cmpint (g_date_time_to_unix (created), ==, 1735689600);
      g_assert_finalize_object (account);
    }

  {
    g_autoptr(JsonNode) body = parse_q ("{'id':'u2','email':'b@example.org'}");
    g_autoptr(GError) error = NULL;
    ChatroutesAccount *account;

    account = chatroutes_decode_account (body, &error);
    g_assert_no_error (error);
    g_assert_null (chatroutes_account_get_plan (account));
    g_assert_null (chatroutes_account_get_created_at (account));
    g_assert_finalize_object (account);
  }

  {
    g_autoptr(JsonNode) body = parse_q ("{'version':'1'}");
    g_autoptr(GError) error = NULL;
    g_autoptr(ChatroutesHealth) health = NULL;

    health = chatroutes_decode_health (body, &error);
    g_assert_null (health);
    assert_protocol_error (error, "Field “status” of health report is missing");
  }
}

/* }}} */

/* Wrong types {{{ */

static void
test_wrong_types (void)
{
  static const struct {
    Decoder     decoder;
    const char *body;
    const char *fragment;
  } cases[] = {
    { DECODE_CONVERSATION, "{'conversation':{'id':1}}", "Field “id” of conversation has the wrong type" },
    { DECODE_CONVERSATION, "{'conversation':{'id':true}}", "Field “id” of conversation has the wrong type" },
    { DECODE_CONVERSATION, "{'conversation':{'id':'c','title':{}}}", "Field “title” of conversation has the wrong type" },
    { DECODE_CONVERSATION, "{'conversation':{'id':'c','title':['a']}}", "Field “title” of conversation" },
    { DECODE_CONVERSATION, "{'conversation':{'id':'c','userId':5}}", "Field “userId” of conversation" },
    { DECODE_CONVERSATION, "{'conversation':{'id':'c','createdAt':1700000000}}", "Field “createdAt” of conversation" },
    { DECODE_CONVERSATION, "{'conversation':{'id':'c','updatedAt':false}}", "Field “updatedAt” of conversation" },
    { DECODE_CONVERSATION, "{'conversation':{'id':'c','model':{}}}", "Field “model” of conversation" },
    { DECODE_CONVERSATION, "{'conversation':{'id':'c','messages':{}}}", "Field “messages” of conversation" },
    { DECODE_CONVERSATION, "{'conversation':{'id':'c','branches':'none'}}", "Field “branches” of conversation" },
    { DECODE_CONVERSATION, "{'conversation':{'id':'c','branches':[null]}}", "Item 0 of field “branches”" },
    { DECODE_CONVERSATION, "{'conversation':'c'}", "Field “conversation” of response" },
    { DECODE_CONVERSATION, "{'conversation':['c']}", "Field “conversation” of response" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':1,'content':'x'}}", "Field “role” of message" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':{'text':'x'}}}", "Field “content” of message" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','tokenCount':'3'}}", "Field “tokenCount” of message" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','conversationId':[]}}", "Field “conversationId” of message" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','branchId':7}}", "Field “branchId” of message" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','parentMessageId':true}}", "Field “parentMessageId”" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','contentHash':1}}", "Field “contentHash”" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':'x'}}", "Field “metadata” of message" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'temperature':'hot'}}}", "Field “temperature” of message metadata" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'maxTokens':true}}}", "Field “maxTokens”" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'model':3}}}", "Field “model” of message metadata" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'finishReason':{}}}}", "Field “finishReason”" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'context_truncated':'true'}}}", "Field “context_truncated”" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'checkpoint_used':0}}}", "Field “checkpoint_used”" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'prompt_tokens':[1]}}}", "Field “prompt_tokens”" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'context_message_count':'2'}}}", "Field “context_message_count”" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'cost':'0.1'}}}", "Field “cost”" },
    { DECODE_MESSAGE, "{'message':{'id':'m','role':'user','content':'x','metadata':{'responseTime':null,'cost':true}}}", "Field “cost”" },
    { DECODE_MESSAGES, "{'messages':{'id':'m'}}", "Field “messages” of response" },
    { DECODE_MESSAGES, "{'messages':[[]]}", "Item 0 of field “messages”" },
    { DECODE_MESSAGES, "{'messages':'none'}", "Field “messages”" },
    { DECODE_BRANCH, "{'branch':{'id':'b','isMain':'true'}}", "Field “isMain” of branch" },
    { DECODE_BRANCH, "{'branch':{'id':'b','isActive':1}}", "Field “isActive” of branch" },
    { DECODE_BRANCH, "{'branch':{'id':'b','messageCount':'7'}}", "Field “messageCount” of branch" },
    { DECODE_BRANCH, "{'branch':{'id':'b','contextMode':0}}", "Field “contextMode” of branch" },
    { DECODE_BRANCH, "{'branch':{'id':'b','parentBranchId':{}}}", "Field “parentBranchId” of branch" },
    { DECODE_BRANCH, "{'branch':{'id':'b','forkPointMessageId':[]}}", "Field “forkPointMessageId” of branch" },
    { DECODE_BRANCH, "{'branch':{'id':'b','description':5}}", "Field “description” of branch" },
    { DECODE_BRANCH, "{'branch':{'id':'b','title':true}}", "Field “title” of branch" },
    { DECODE_BRANCHES, "{'branches':[{'id':'b','updatedAt':1}]}", "Field “updatedAt” of branch" },
    { DECODE_CHECKPOINT, "{'checkpoint':{'id':'k','summary':5}}", "Field “summary” of checkpoint" },
    { DECODE_CHECKPOINT, "{'checkpoint':{'id':'k','summary':'s','token_count':'5'}}", "Field “token_count” of checkpoint" },
    { DECODE_CHECKPOINT, "{'checkpoint':{'id':'k','summary':'s','tokenCount':1.5}}", "Field “tokenCount” of checkpoint has an invalid value" },
    { DECODE_CHECKPOINT, "{'checkpoint':{'id':'k','summary':'s','created_at':{}}}", "Field “created_at” of checkpoint" },
    { DECODE_CHECKPOINT, "{'checkpoint':{'id':'k','summary':'s','anchorMessageId':2}}", "Field “anchorMessageId” of checkpoint" },
    { DECODE_CHECKPOINTS, "{'checkpoints':[{'id':'k','summary':'s','conversation_id':false}]}", "Field “conversation_id” of checkpoint" },
    { DECODE_SEND_RESULT, "{'message':{'id':'m','role':'assistant','content':'x'},'usage':[]}", "Field “usage” of response" },
    { DECODE_SEND_RESULT, "{'message':{'id':'m','role':'assistant','content':'x'},'usage':{'promptTokens':-4}}", "Field “promptTokens” of usage has an invalid value" },
    { DECODE_SEND_RESULT, "{'message':{'id':'m','role':'assistant','content':'x'},'userMessage':'hi'}", "Field “userMessage” of response" },
    { DECODE_SUGGESTIONS, "{'suggestions':[{'id':'s','confidence':'high'}]}", "Field “confidence” of suggestion" },
    { DECODE_SUGGESTIONS, "{'suggestions':[{'id':'s','branchPoint':[1,2]}]}", "Field “branchPoint” of suggestion" },
    { DECODE_SUGGESTIONS, "{'suggestions':[{'id':'s','branchPoint':{'start':'1'}}]}", "Field “start” of suggestion branch point" },
    { DECODE_SUGGESTIONS, "{'suggestions':[{'id':'s','estimatedDivergence':2}]}", "Field “estimatedDivergence” of suggestion" },
    { DECODE_SUGGESTIONS, "{'suggestions':[{'id':'s','triggerText':[]}]}", "Field “triggerText” of suggestion" },
    { DECODE_SUGGESTIONS, "{'suggestions':[],'metadata':{'totalBranchPointsFound':'3'}}", "Field “totalBranchPointsFound” of suggestion metadata" },
    { DECODE_SUGGESTIONS, "{'suggestions':[],'metadata':{'detectionMethod':1}}", "Field “detectionMethod”" },
    { DECODE_SUGGESTIONS, "{'suggestions':[],'metadata':[]}", "Field “metadata” of response" },
    { DECODE_SUGGESTIONS, "{'suggestions':{}}", "Field “suggestions” of response" },
    { DECODE_HEALTH, "{'status':true}", "Field “status” of health report" },
    { DECODE_HEALTH, "{'status':'ok','version':1.2}", "Field “version” of health report" },
    { DECODE_ACCOUNT, "{'id':'u','email':['a']}", "Field “email” of account" },
    { DECODE_ACCOUNT, "{'id':'u','plan':{}}", "Field “plan” of account" },
    { DECODE_ACCOUNT, "{'user':'u'}", "Field “user” of response" },
    { DECODE_PAGE, "{'conversations':[],'total':true}", "Field “total” of conversation list" },
    { DECODE_TREE, "{'tree':{'id':'a','content':7}}", "Field “content” of tree node" },
    { DECODE_TREE, "{'tree':{'id':'a','role':false}}", "Field “role” of tree node" },
    { DECODE_TREE, "{'tree':{'id':'a','branchInfo':{'branchId':1}}}", "Field “branchId” of tree node branch info" },
    { DECODE_TREE, "{'tree':{'id':'a','branchInfo':{'name':[]}}}", "Field “name” of tree node branch info" },
    { DECODE_TREE, "{'branches':{}}", "Field “branches”" },
    { DECODE_TREE, "{'branches':[],'mainBranch':'b1'}", "Field “mainBranch”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) body = parse_q (cases[i].body);
      g_autoptr(GError) error = NULL;
      gpointer result;

      g_test_message ("case %u: %s", i, cases[i].body);
      result = run_decoder (cases[i].decoder, body, &error);
      g_assert_null (result);
      assert_protocol_error (error, cases[i].fragment);
    }
}

/* Any decoder fed any other endpoint's body fails cleanly or succeeds. */
static void
test_cross_decoding (void)
{
  const char *samples[] = { message_full, conversation_full, branch_full, tree_a, tree_b,
                            "{'success':true,'data':null}", "[]", "[1,'a',null]", "'text'", "null",
                            "{'data':{'data':{'data':{}}}}" };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *text = dq (samples[i]);

      decode_everything (text, strlen (text));
    }
}

/* }}} */

/* Error responses {{{ */

static void
test_error_response_json (void)
{
  g_autofree char *body = dq ("{'success':false,'error':'RATE_LIMIT_EXCEEDED','message':'Slow down',"
                              "'details':{'limit':60, 'window':'1m'},'retryAfter':30}");
  GError *error;

  error = chatroutes_decode_error_response (429, body, strlen (body), "99");
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_RATE_LIMITED);
  g_assert_cmpstr (error->message, ==, "Slow down");
  g_assert_cmpuint (chatroutes_error_get_status (error), ==, 429);
  g_assert_cmpstr (chatroutes_error_get_code (error), ==, "RATE_LIMIT_EXCEEDED");
  g_assert_cmpstr (chatroutes_error_get_details (error), ==, "{\"limit\":60,\"window\":\"1m\"}");
  /* the body wins over the header */
  g_assert_cmpfloat (chatroutes_error_get_retry_after (error), ==, 30);
  g_error_free (error);
}

static void
test_error_response_classes (void)
{
  static const struct {
    guint           status;
    const char     *body;
    ChatroutesError code;
    const char     *message;
    const char     *short_code;
    const char     *details;
    double          retry_after;
  } cases[] = {
    { 400, "{'success':false,'error':'VALIDATION_ERROR','message':'Invalid model','details':['model']}",
      CHATROUTES_ERROR_VALIDATION, "Invalid model", "VALIDATION_ERROR", "[\"model\"]", -1 },
    { 400, "{'error':'Bad Request','message':['title must be a string','model is invalid']}",
      CHATROUTES_ERROR_VALIDATION, "title must be a string; model is invalid", "Bad Request", NULL, -1 },
    { 401, "{'success':false,'error':'Invalid API key'}",
      CHATROUTES_ERROR_AUTHENTICATION, "Invalid API key", "Invalid API key", NULL, -1 },
    { 403, "", CHATROUTES_ERROR_AUTHENTICATION, "The API key was not accepted", NULL, NULL, -1 },
    { 404, "{'success':false,'message':'Conversation not found','details':'c1'}",
      CHATROUTES_ERROR_NOT_FOUND, "Conversation not found", NULL, "\"c1\"", -1 },
    { 404, "{}", CHATROUTES_ERROR_NOT_FOUND, "Not found", NULL, NULL, -1 },
    { 429, "{'retryAfter':'12'}", CHATROUTES_ERROR_RATE_LIMITED, "Too many requests", NULL, NULL, 12 },
    { 429, "{'retryAfter':2.5}", CHATROUTES_ERROR_RATE_LIMITED, "Too many requests", NULL, NULL, 2.5 },
    { 429, "{'retryAfter':'soon'}", CHATROUTES_ERROR_RATE_LIMITED, "Too many requests", NULL, NULL, -1 },
    { 429, "{'retryAfter':-5}", CHATROUTES_ERROR_RATE_LIMITED, "Too many requests", NULL, NULL, -1 },
    { 500, "{'success':false,'error':'INTERNAL','message':''}",
      CHATROUTES_ERROR_SERVER, "INTERNAL", "INTERNAL", NULL, -1 },
    { 502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
      CHATROUTES_ERROR_SERVER, "The ChatRoutes service had a problem (HTTP 502)", NULL, NULL, -1 },
    { 503, "{'success':false,'message':'Maint", CHATROUTES_ERROR_SERVER,
      "The ChatRoutes service had a problem (HTTP 503)", NULL, NULL, -1 },
    { 504, "[1,2]", CHATROUTES_ERROR_SERVER, "The ChatRoutes service had a problem (HTTP 504)", NULL, NULL, -1 },
    { 418, "\"teapot\"", CHATROUTES_ERROR_FAILED, "The request failed (HTTP 418)", NULL, NULL, -1 },
    { 422, "{'error':{'code':'UNPROCESSABLE','message':'Nope'}}",
      CHATROUTES_ERROR_VALIDATION, "Nope", "UNPROCESSABLE", NULL, -1 },
    { 500, "{'message':null,'error':null,'details':null,'retryAfter':null}",
      CHATROUTES_ERROR_SERVER, "The ChatRoutes service had a problem (HTTP 500)", NULL, NULL, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = dq (cases[i].body);
      GError *error;

      g_test_message ("case %u", i);
      error = chatroutes_decode_error_response (cases[i].status, body, strlen (body), NULL);
      g_assert_error (error, CHATROUTES_ERROR, (int) cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (chatroutes_error_get_status (error), ==, cases[i].status);
      g_assert_cmpstr (chatroutes_error_get_code (error), ==, cases[i].short_code);
      g_assert_cmpstr (chatroutes_error_get_details (error), ==, cases[i].details);
      g_assert_cmpfloat (chatroutes_error_get_retry_after (error), ==, cases[i].retry_after);
      g_error_free (error);
    }

  /* a NULL body, and bytes that are not UTF-8 */
  {
    GError *error = chatroutes_decode_error_response (401, NULL, 0, NULL);

    g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_AUTHENTICATION);
    g_error_free (error);

    error = chatroutes_decode_error_response (500, "\xff\xfe{", 3, NULL);
    g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER);
    g_error_free (error);
  }

  /* a very long message is shortened */
  {
    g_autofree char *long_text = g_strnfill (5000, 'x');
    g_autofree char *body = g_strdup_printf ("{\"message\":\"%s\"}", long_text);
    GError *error = chatroutes_decode_error_response (400, body, strlen (body), NULL);

    g_assert_cmpuint (g_utf8_strlen (error->message, -1), ==, 1001);
    g_assert_true (g_str_has_suffix (error->message, "…"));
    g_error_free (error);
  }
}

/* An IMF-fixdate, independent of the locale. */
static char *
http_date (GDateTime *date)
{
  static const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date);

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          days[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

static void
test_error_response_retry_after_header (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);
  g_autoptr(GDateTime) earlier = g_date_time_add_seconds (now, -3600);
  g_autofree char *later_text = http_date (later);
  g_autofree char *earlier_text = http_date (earlier);
  GError *error;

  error = chatroutes_decode_error_response (429, "", 0, "45");
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_RATE_LIMITED);
  g_assert_cmpstr (error->message, ==, "Too many requests");
  g_assert_cmpfloat (chatroutes_error_get_retry_after (error), ==, 45);
  g_error_free (error);

  error = chatroutes_decode_error_response (503, "{}", 2, "  7  ");
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_SERVER);
  g_assert_cmpfloat (chatroutes_error_get_retry_after (error), ==, 7);
  g_error_free (error);

  error = chatroutes_decode_error_response (429, NULL, 0, later_text);
  g_assert_cmpfloat (chatroutes_error_get_retry_after (error), >=, 115);
  g_assert_cmpfloat (chatroutes_error_get_retry_after (error), <=, 121);
  g_error_free (error);

  error = chatroutes_decode_error_response (429, NULL, 0, earlier_text);
  g_assert_cmpfloat (chatroutes_error_get_retry_after (error), ==, 0);
  g_error_free (error);

  {
    const char *invalid[] = { "", "soon", "-5", "1e3", "0x10", "12abc", "Mon, 99 Foo 2025", "\xff\xfe" };

    for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
      {
        error = chatroutes_decode_error_response (429, NULL, 0, invalid[i]);
        g_assert_cmpfloat (chatroutes_error_get_retry_after (error), ==, -1);
        g_error_free (error);
      }
  }
}

/* }}} */

/* Stream events {{{ */

static void
decode_event_q (const char            *quoted,
                ChatroutesStreamEvent *event)
{
  g_autofree char *text = dq (quoted);
  g_autoptr(GError) error = NULL;

  g_assert_true (chatroutes_decode_stream_event (text, strlen (text), event, &error));
  g_assert_no_error (error);
}

static void
test_stream_events (void)
{
  ChatroutesStreamEvent event = { 0 };
  ChatroutesMessage *message;

  decode_event_q ("{'type':'content','content':'Hel','model':'gpt-5'}", &event);
  g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_CONTENT);
  g_assert_cmpstr (event.content, ==, "Hel");
  g_assert_cmpstr (event.model, ==, "gpt-5");
  g_assert_null (event.error_message);
  g_assert_null (event.result);
  chatroutes_stream_event_clear (&event);
  g_assert_null (event.content);
  g_assert_null (event.model);

  decode_event_q ("{'type':'content','content':''}", &event);
  g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_CONTENT);
  g_assert_cmpstr (event.content, ==, "");
  g_assert_null (event.model);
  chatroutes_stream_event_clear (&event);

  {
    g_autofree char *quoted = g_strdup_printf ("{'type':'complete','message':%s,"
                                               "'usage':{'promptTokens':1,'completionTokens':2,'totalTokens':3},"
                                               "'model':'gpt-5'}", message_full);

    decode_event_q (quoted, &event);
    g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_COMPLETE);
    g_assert_cmpstr (event.model, ==, "gpt-5");
    message = chatroutes_send_result_get_message (event.result);
    assert_message_full (message);
    g_assert_cmpint (chatroutes_usage_get_total_tokens (chatroutes_send_result_get_usage (event.result)), ==, 3);
    track (event.result);
    track (message);
    chatroutes_stream_event_clear (&event);
    assert_tracked_finalized ();
    g_assert_null (event.result);
    g_assert_null (event.model);
  }

  decode_event_q ("{'type':'error','message':'The model is overloaded'}", &event);
  g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_ERROR);
  g_assert_cmpstr (event.error_message, ==, "The model is overloaded");
  chatroutes_stream_event_clear (&event);

  decode_event_q ("{'type':'error','error':'upstream timeout'}", &event);
  g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_ERROR);
  g_assert_cmpstr (event.error_message, ==, "upstream timeout");
  chatroutes_stream_event_clear (&event);

  decode_event_q ("{'type':'error','error':{'message':'quota'}}", &event);
  g_assert_cmpstr (event.error_message, ==, "quota");
  chatroutes_stream_event_clear (&event);

  decode_event_q ("{'type':'error'}", &event);
  g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_ERROR);
  g_assert_cmpstr (event.error_message, ==, "The reply failed");
  chatroutes_stream_event_clear (&event);

  {
    const char *done[] = { "[DONE]", " [DONE]", "[DONE]\n", "\r\n\t [DONE] \r\n" };

    for (guint i = 0; i < G_N_ELEMENTS (done); i++)
      {
        g_autoptr(GError) error = NULL;

        g_assert_true (chatroutes_decode_stream_event (done[i], strlen (done[i]), &event, &error));
        g_assert_no_error (error);
        g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_DONE);
        chatroutes_stream_event_clear (&event);
      }
  }

  decode_event_q ("{'type':'ping'}", &event);
  g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_UNKNOWN);
  chatroutes_stream_event_clear (&event);

  decode_event_q ("{'id':'chatcmpl-1','choices':[]}", &event);
  g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_UNKNOWN);
  chatroutes_stream_event_clear (&event);

  /* unknown types are not checked further */
  decode_event_q ("{'type':'metadata','content':5}", &event);
  g_assert_cmpint (event.type, ==, CHATROUTES_STREAM_EVENT_UNKNOWN);
  chatroutes_stream_event_clear (&event);
}

static void
test_stream_event_errors (void)
{
  static const struct {
    const char *data;
    const char *fragment;
  } cases[] = {
    { "", "empty" },
    { "[DONE", "JSON" },
    { "[DONE]]", "JSON" },
    { "DONE", "JSON" },
    { "{\"type\":\"content\",\"content\":\"Hel", "JSON" },
    { "{\"type\":\"content\",\"content\":\"\xff\"}", "UTF-8" },
    { "[1,2]", "not a JSON object" },
    { "\"content\"", "not a JSON object" },
    { "{\"type\":1}", "Field “type” of stream event" },
    { "{\"type\":\"content\",\"content\":5}", "Field “content” of stream event" },
    { "{\"type\":\"content\",\"content\":\"x\",\"model\":[]}", "Field “model” of stream event" },
    { "{\"type\":\"complete\"}", "Field “message” of stream event is missing" },
    { "{\"type\":\"complete\",\"message\":\"done\"}", "Field “message” of stream event has the wrong type" },
    { "{\"type\":\"complete\",\"message\":{\"id\":\"m\",\"content\":\"x\"}}", "Field “role” of message" },
    { "{\"type\":\"complete\",\"message\":{\"id\":\"m\",\"role\":\"assistant\",\"content\":\"x\"},\"usage\":7}", "Field “usage”" },
    { "{\"type\":\"error\",\"message\":{}}", "Field “message” of stream event" },
    { "{\"type\":\"error\",\"error\":42}", "Field “error” of stream event" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ChatroutesStreamEvent event = { 0 };
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      g_assert_false (chatroutes_decode_stream_event (cases[i].data, strlen (cases[i].data), &event, &error));
      assert_protocol_error (error, cases[i].fragment);
      g_assert_null (event.content);
      g_assert_null (event.model);
      g_assert_null (event.error_message);
      g_assert_null (event.result);
      chatroutes_stream_event_clear (&event);
    }
}

/* }}} */

/* Big bodies {{{ */

static void
test_huge_body (void)
{
  const gsize target = 20 * 1024 * 1024;
  g_autofree char *item = dq (message_full);
  GString *text = g_string_sized_new (target + 4096);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  GListModel *messages;
  guint n_items = 0;

  g_string_append (text, "{\"success\":true,\"data\":{\"messages\":[");
  while (text->len < target)
    {
      if (n_items > 0)
        g_string_append_c (text, ',');
      g_string_append (text, item);
      n_items++;
    }
  g_string_append (text, "]}}");

  g_assert_null (chatroutes_decode_parse (text->str, text->len, text->len - 1, &error));
  assert_protocol_error (error, "too large");
  g_clear_error (&error);

  body = chatroutes_decode_parse (text->str, text->len, 32 * 1024 * 1024, &error);
  g_assert_no_error (error);
  g_string_free (text, TRUE);

  messages = chatroutes_decode_messages (body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, n_items);
  g_assert_cmpuint (n_items, >, 30000);
  assert_message_full (model_item (messages, 0));
  assert_message_full (model_item (messages, n_items - 1));

  {
    ChatroutesMessage *last = model_item (messages, n_items - 1);

    track (last);
  }
  g_assert_finalize_object (messages);
  assert_tracked_finalized ();
}

/* }}} */

/* Resource objects {{{ */

static void
test_resource_defaults (void)
{
  const GType types[] = {
    CHATROUTES_TYPE_CONVERSATION, CHATROUTES_TYPE_MESSAGE, CHATROUTES_TYPE_BRANCH,
    CHATROUTES_TYPE_USAGE, CHATROUTES_TYPE_CHECKPOINT, CHATROUTES_TYPE_ACCOUNT,
    CHATROUTES_TYPE_HEALTH, CHATROUTES_TYPE_SUGGESTION, CHATROUTES_TYPE_SUGGESTION_RESULT,
    CHATROUTES_TYPE_TREE_NODE, CHATROUTES_TYPE_TREE, CHATROUTES_TYPE_CONVERSATION_PAGE,
    CHATROUTES_TYPE_SEND_RESULT,
  };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      GObject *object = g_object_new (types[t], NULL);
      g_autofree GParamSpec **pspecs = NULL;
      guint n_pspecs;

      pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
      g_assert_cmpuint (n_pspecs, >, 0);

      for (guint i = 0; i < n_pspecs; i++)
        {
          GParamSpec *pspec = pspecs[i];
          g_auto(GValue) value = G_VALUE_INIT;
          guint notified = 0;
          gulong handler;
          g_autofree char *detail = g_strconcat ("notify::", pspec->name, NULL);

          g_value_init (&value, pspec->value_type);
          g_object_get_property (object, pspec->name, &value);

          if (pspec->value_type == G_TYPE_STRING)
            g_assert_null (g_value_get_string (&value));
          else if (pspec->value_type == G_TYPE_INT64)
            g_assert_cmpint (g_value_get_int64 (&value), ==, -1);
          else if (pspec->value_type == G_TYPE_DOUBLE)
            g_assert_cmpfloat (g_value_get_double (&value), ==, -1.0);
          else if (pspec->value_type == G_TYPE_BOOLEAN)
            g_assert_false (g_value_get_boolean (&value));
          else if (pspec->value_type == G_TYPE_LIST_MODEL)
            {
              g_assert_true (G_IS_LIST_STORE (g_value_get_object (&value)));
              g_assert_cmpuint (g_list_model_get_n_items (g_value_get_object (&value)), ==, 0);
              g_assert_false (pspec->flags & G_PARAM_WRITABLE);
              continue;
            }
          else
            g_assert_null (g_value_get_object (&value));

          /* writable, notified only on change */
          g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
          handler = g_signal_connect (object, detail, G_CALLBACK (count_notify), &notified);
          g_value_reset (&value);

          if (pspec->value_type == G_TYPE_STRING)
            g_value_set_string (&value, "x");
          else if (pspec->value_type == G_TYPE_INT64)
            g_value_set_int64 (&value, 5);
          else if (pspec->value_type == G_TYPE_DOUBLE)
            g_value_set_double (&value, 0.5);
          else if (pspec->value_type == G_TYPE_BOOLEAN)
            g_value_set_boolean (&value, TRUE);
          else
            g_value_take_object (&value, g_object_new (pspec->value_type, NULL));

          g_object_set_property (object, pspec->name, &value);
          g_object_set_property (object, pspec->name, &value);
          g_assert_cmpuint (notified, ==, 1);
          g_signal_handler_disconnect (object, handler);
        }

      g_assert_finalize_object (object);
    }
}

static void
test_resource_datetimes (void)
{
  g_autoptr(ChatroutesConversation) conversation = chatroutes_conversation_new ();
  g_autoptr(GDateTime) date = NULL;

  chatroutes_conversation_set_created_at (conversation, "not a date");
  date = chatroutes_conversation_dup_created_at_datetime (conversation);
  g_assert_null (date);

  /* a time without a zone is UTC */
  chatroutes_conversation_set_created_at (conversation, "2025-10-05T12:00:00");
  date = chatroutes_conversation_dup_created_at_datetime (conversation);
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_to_unix (date), ==, 1759665600);
  g_clear_pointer (&date, g_date_time_unref);

  chatroutes_conversation_set_updated_at (conversation, "2025-10-05T14:00:00+02:00");
  date = chatroutes_conversation_dup_updated_at_datetime (conversation);
  g_assert_cmpint (g_date_time_to_unix (date), ==, 1759665600);
}

static void
test_message_content_hash (void)
{
  g_autoptr(ChatroutesMessage) message = chatroutes_message_new ();
  g_autofree char *serialized = NULL;
  g_autofree char *hash = NULL;

  chatroutes_message_set_role (message, "assistant");
  chatroutes_message_set_content (message, "Hello \"world\"");
  chatroutes_message_set_parent_message_id (message, "m1");
  chatroutes_message_set_branch_id (message, "b1");
  chatroutes_message_set_created_at (message, "2025-10-05T12:00:00.000Z");

  g_assert_cmpint (chatroutes_message_verify_content_hash (message), ==, CHATROUTES_CONTENT_HASH_UNAVAILABLE);

  /* the model only in the metadata, where some servers keep it */
  serialized = g_strdup ("{\"v\":1,\"role\":\"assistant\",\"content\":\"Hello \\\"world\\\"\",\"model\":\"gpt-5\","
                         "\"parentMessageId\":\"m1\",\"branchId\":\"b1\",\"createdAt\":\"2025-10-05T12:00:00.000Z\"}");
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, serialized, -1);
  chatroutes_message_set_content_hash (message, hash);
  chatroutes_message_set_metadata_model (message, "gpt-5");
  g_assert_cmpint (chatroutes_message_verify_content_hash (message), ==, CHATROUTES_CONTENT_HASH_VERIFIED);

  chatroutes_message_set_model (message, "gpt-5");
  g_assert_cmpint (chatroutes_message_verify_content_hash (message), ==, CHATROUTES_CONTENT_HASH_VERIFIED);

  chatroutes_message_set_content (message, "Hello world");
  g_assert_cmpint (chatroutes_message_verify_content_hash (message), ==, CHATROUTES_CONTENT_HASH_MISMATCH);
}

/* }}} */

/* Message lists read straight from text {{{ */

/* The general path's result for @body: the messages, or its error. */
static GListModel *
general_messages (const char  *body,
                  GError     **error)
{
  g_autoptr(JsonNode) node = chatroutes_decode_parse (body, strlen (body), 0, error);

  return node ? chatroutes_decode_messages (node, error) : NULL;
}

static const char *fast_bodies[] = {
  "{\"success\":true,\"data\":{\"messages\":[{\"id\":\"m1\",\"role\":\"user\",\"content\":\"Hi\"}]}}",
  "[{\"id\":\"m1\",\"role\":\"user\"},{\"id\":\"m2\",\"role\":\"assistant\",\"content\":null}]",
  "{\"messages\":[]}",
  " \n{ \"data\" : [ { \"id\" : \"a\" , \"role\" : \"user\" } ] } \r\n",
  /* escapes of every kind, and a name written with one */
  "{\"messages\":[{\"id\":\"m\\u00e9\",\"role\":\"assistant\",\"cont\\u0065nt\":"
  "\"line\\nnext \\\"quoted\\\" \\\\ \\/ \\t\\b\\f\\r \\u20ac caf\xc3\xa9\"}]}",
  /* metadata, numbers, unknown members of every type, null metadata */
  "{\"success\":true,\"data\":{\"total\":2,\"messages\":[{\"id\":\"1\",\"role\":\"assistant\","
  "\"tokenCount\":120,\"extra\":{\"deep\":[1,2.5e3,-3,true,false,null,\"x\",{}]},"
  "\"metadata\":{\"model\":\"gpt-5\",\"temperature\":0.7,\"maxTokens\":2048,\"cost\":1e-3,"
  "\"responseTime\":1234,\"context_truncated\":true,\"contextTruncated\":false,"
  "\"promptTokens\":5,\"prompt_tokens\":9,\"finishReason\":\"stop\"}},"
  "{\"id\":\"2\",\"role\":\"user\",\"metadata\":null}]}}",
  /* a later duplicate wins, null empties, as in json-glib's tree */
  "{\"messages\":[{\"id\":\"x\",\"id\":\"y\",\"role\":\"user\",\"content\":\"a\",\"content\":null,"
  "\"metadata\":{\"cost\":1},\"metadata\":{\"temperature\":1}}]}",
  /* "messages" in "data" comes before the top-level one */
  "{\"messages\":[{\"id\":\"top\",\"role\":\"user\"}],\"data\":{\"messages\":[{\"id\":\"in\",\"role\":\"user\"}]}}",
  "{\"messages\":[{\"id\":\"top\",\"role\":\"user\"}],\"data\":{\"other\":1}}",
  "{\"messages\":[{\"id\":\"top\",\"role\":\"user\"}],\"data\":null,\"success\":true}",
  /* a character outside the first plane, escaped as a surrogate pair */
  "{\"messages\":[{\"id\":\"\\ud83d\\ude00\",\"role\":\"user\"}]}",
};

/* Bodies the direct reader leaves to the general path, which reads some
 * and refuses others. */
static const char *general_bodies[] = {
  "{\"success\":false,\"error\":\"NOT_FOUND\",\"message\":\"gone\"}",
  "{\"messages\":[{\"id\":\"m\",\"role\":\"user\",\"tokenCount\":12.0}]}",
  "{\"messages\":[{\"id\":\"m\",\"role\":\"user\",\"tokenCount\":12.5}]}",
  "{\"messages\":[{\"id\":\"m\",\"role\":\"user\",\"tokenCount\":-1}]}",
  "{\"messages\":[{\"id\":\"m\",\"role\":\"user\",\"tokenCount\":99999999999999999999999}]}",
  "{\"messages\":[{\"id\":\"m\",\"role\":7}]}",
  "{\"messages\":[{\"role\":\"user\"}]}",
  "{\"messages\":[1]}",
  "{\"messages\":{}}",
  "{\"other\":[]}",
  "{\"messages\":[{\"id\":\"\\ud83d\",\"role\":\"user\"}]}",
  "{\"messages\":[{\"id\":\"a\\u0000b\",\"role\":\"user\"}]}",
  "{\"messages\":[{\"id\":\"m\",\"role\":\"user\"}],}",
  "{\"messages\":[{\"id\":\"m\",\"role\":\"user\"}]} x",
  "{\"messages\":[{\"id\":\"m\",\"role\":\"user\",\"n\":01}]}",
  "{\"messages\":[{\"id\":\"m\",\"role\":\"user\",\"n\":tru}]}",
  "{\"messages\":[{\"id\":\"m\",\"role\":\"user\",\"metadata\":[]}]}",
  "{\"messages\":[{\"id\":\"m\\x01\",\"role\":\"user\"}]}",
  "{\"success\":\"yes\",\"messages\":[]}",
  "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
};

static void
test_messages_text (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fast_bodies); i++)
    {
      g_autoptr(GListModel) fast = _chatroutes_decode_messages_fast (fast_bodies[i], strlen (fast_bodies[i]));
      g_autoptr(GListModel) general = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("body %" G_GSIZE_FORMAT ": %s", i, fast_bodies[i]);
      g_assert_nonnull (fast);
      general = general_messages (fast_bodies[i], &error);
      g_assert_no_error (error);
      g_assert_true (messages_equal (fast, general));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (general_bodies); i++)
    {
      g_autoptr(GListModel) fast = _chatroutes_decode_messages_fast (general_bodies[i], strlen (general_bodies[i]));
      g_autoptr(GListModel) general = NULL;
      g_autoptr(GListModel) text = NULL;
      g_autoptr(GError) general_error = NULL;
      g_autoptr(GError) text_error = NULL;

      g_test_message ("body %" G_GSIZE_FORMAT ": %s", i, general_bodies[i]);
      g_assert_null (fast);
      general = general_messages (general_bodies[i], &general_error);
      text = chatroutes_decode_messages_text (general_bodies[i], strlen (general_bodies[i]), 0, &text_error);
      g_assert_true ((general == NULL) == (text == NULL));
      if (general)
        g_assert_true (messages_equal (general, text));
      else
        g_assert_error (text_error, general_error->domain, general_error->code);
      if (general_error)
        g_assert_cmpstr (text_error->message, ==, general_error->message);
    }
}

/* A long conversation as the service sends it. */
static void
test_messages_text_long (void)
{
  g_autoptr(GString) body = g_string_new ("{\"success\":true,\"data\":{\"messages\":[");
  g_autoptr(GListModel) text = NULL;
  g_autoptr(GListModel) general = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesMessage) last = NULL;
  g_autoptr(GListModel) fast = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (body,
                            "%s{\"id\":\"msg_%u\",\"conversationId\":\"c\",\"branchId\":\"b\","
                            "\"role\":\"%s\",\"content\":\"## Part %u\\n\\n```c\\nint x = %u;\\n```\\n\\u2014 done\","
                            "\"tokenCount\":%u,\"createdAt\":\"2026-11-26T04:14:33.423Z\",\"parentMessageId\":%s,"
                            "\"metadata\":{\"model\":\"gpt-5\",\"temperature\":0.%u,\"cost\":%u.25}}",
                            i ? "," : "", i, i % 2 ? "assistant" : "user", i, i, i * 3,
                            i ? "\"msg_prev\"" : "null", i % 10, i);
  g_string_append (body, "]}}");

  fast = _chatroutes_decode_messages_fast (body->str, body->len);
  g_assert_nonnull (fast);
  text = chatroutes_decode_messages_text (body->str, body->len, 0, &error);
  g_assert_no_error (error);
  general = general_messages (body->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (text), ==, 2000);
  g_assert_true (messages_equal (text, general));
  g_assert_true (messages_equal (fast, general));

  last = g_list_model_get_item (text, 1999);
  g_assert_cmpstr (chatroutes_message_get_content (last), ==,
                   "## Part 1999\n\n```c\nint x = 1999;\n```\n\xe2\x80\x94 done");

  /* The usual checks still come first. */
  g_clear_object (&text);
  text = chatroutes_decode_messages_text (body->str, body->len, 1000, &error);
  g_assert_null (text);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_PROTOCOL);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decode/parse/basics", test_parse_basics);
  g_test_add_func ("/decode/parse/truncated", test_parse_truncated);
  g_test_add_func ("/decode/parse/mutated", test_parse_mutated);
  g_test_add_func ("/decode/parse/invalid-utf8", test_parse_invalid_utf8_everywhere);
  g_test_add_func ("/decode/parse/deep-nesting", test_parse_deep_nesting);
  g_test_add_func ("/decode/envelope/payload", test_envelope_payload);
  g_test_add_func ("/decode/envelope/failure", test_envelope_failure);
  g_test_add_func ("/decode/conversation/shapes", test_conversation_shapes);
  g_test_add_func ("/decode/conversation/minimal", test_conversation_minimal);
  g_test_add_func ("/decode/conversation/missing", test_conversation_missing);
  g_test_add_func ("/decode/conversation-page/shapes", test_conversation_page);
  g_test_add_func ("/decode/conversation-page/errors", test_conversation_page_errors);
  g_test_add_func ("/decode/message/shapes", test_message_shapes);
  g_test_add_func ("/decode/message/minimal", test_message_minimal);
  g_test_add_func ("/decode/message/required", test_message_required);
  g_test_add_func ("/decode/message/no-content", test_message_no_content);
  g_test_add_func ("/decode/message/numbers", test_message_numbers);
  g_test_add_func ("/decode/message/metadata-camel-case", test_message_metadata_camel);
  g_test_add_func ("/decode/message/setters", test_message_setters);
  g_test_add_func ("/decode/message/content-hash", test_message_content_hash);
  g_test_add_func ("/decode/messages/shapes", test_messages_list);
  g_test_add_func ("/decode/branch/shapes", test_branch_shapes);
  g_test_add_func ("/decode/branch/minimal", test_branch_minimal);
  g_test_add_func ("/decode/checkpoint/shapes", test_checkpoint_shapes);
  g_test_add_func ("/decode/tree/shape-a", test_tree_shape_a);
  g_test_add_func ("/decode/tree/shape-b", test_tree_shape_b);
  g_test_add_func ("/decode/tree/errors", test_tree_errors);
  g_test_add_func ("/decode/tree/deep-text", test_tree_deep_text);
  g_test_add_func ("/decode/tree/deep-bound", test_tree_deep_bound);
  g_test_add_func ("/decode/tree/release", test_tree_node_release);
  g_test_add_func ("/decode/send-result/shapes", test_send_result_shapes);
  g_test_add_func ("/decode/send-result/partial", test_send_result_partial);
  g_test_add_func ("/decode/suggestions", test_suggestions);
  g_test_add_func ("/decode/health-and-account", test_health_and_account);
  g_test_add_func ("/decode/wrong-types", test_wrong_types);
  g_test_add_func ("/decode/cross-decoding", test_cross_decoding);
  g_test_add_func ("/decode/error-response/json", test_error_response_json);
  g_test_add_func ("/decode/error-response/classes", test_error_response_classes);
  g_test_add_func ("/decode/error-response/retry-after-header", test_error_response_retry_after_header);
  g_test_add_func ("/decode/stream-event/types", test_stream_events);
  g_test_add_func ("/decode/stream-event/errors", test_stream_event_errors);
  g_test_add_func ("/decode/huge-body", test_huge_body);
  g_test_add_func ("/decode/messages-text", test_messages_text);
  g_test_add_func ("/decode/messages-text/long", test_messages_text_long);
  g_test_add_func ("/decode/resources/defaults", test_resource_defaults);
  g_test_add_func ("/decode/resources/datetimes", test_resource_datetimes);

  return g_test_run ();
}
