/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "chatroutes-core.h"
#include "test-util.h"

typedef struct
{
  TestSimulator *sim;
  ChatroutesService *service;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->sim = test_simulator_start ("--pace-ms", "0", NULL);
  f->service = chatroutes_service_new (f->sim->base_url, "sim-key");
  chatroutes_service_set_retry_delay (f->service, 0.01);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->service);
  test_simulator_stop (f->sim);
}

/* Runs one async call and hands back its result. */
#define AWAIT(call_async, ...) \
  ({ GAsyncResult *_r = NULL; call_async (__VA_ARGS__, test_store_result, &_r); test_wait_result (&_r); })

static ChatroutesConversation *
create_conversation (Fixture    *f,
                     const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = AWAIT (chatroutes_service_create_conversation_async,
                                          f->service, title, "claude-sonnet-4-5", NULL);
  ChatroutesConversation *conversation;

  conversation = chatroutes_service_create_conversation_finish (f->service, result, &error);
  g_assert_no_error (error);
  return conversation;
}

static ChatroutesSendResult *
send_message (Fixture    *f,
              const char *conversation_id,
              const char *content)
{
  g_autoptr(GError) error = NULL;
  ChatroutesSendOptions options = CHATROUTES_SEND_OPTIONS_INIT;
  g_autoptr(GAsyncResult) result = NULL;
  ChatroutesSendResult *sent;

  options.temperature = 0.4;
  options.max_tokens = 300;
  result = AWAIT (chatroutes_service_send_message_async, f->service, conversation_id, NULL,
                  content, &options, NULL);
  sent = chatroutes_service_send_message_finish (f->service, result, &error);
  g_assert_no_error (error);
  return sent;
}

static void
test_conversations (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) created = create_conversation (f, "Trip to Lisbon");
  g_autoptr(ChatroutesConversation) fetched = NULL;
  g_autoptr(ChatroutesConversation) renamed = NULL;
  g_autoptr(ChatroutesConversationPage) page = NULL;
  g_autoptr(ChatroutesTree) tree = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = chatroutes_conversation_get_id (created);
  gboolean found = FALSE;
  GListModel *items;

  g_assert_nonnull (id);
  g_assert_cmpstr (chatroutes_conversation_get_title (created), ==, "Trip to Lisbon");
  g_assert_nonnull (chatroutes_conversation_get_created_at (created));

  r1 = AWAIT (chatroutes_service_get_conversation_async, f->service, id, NULL);
  fetched = chatroutes_service_get_conversation_finish (f->service, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_conversation_get_title (fetched), ==, "Trip to Lisbon");

  r2 = AWAIT (chatroutes_service_list_conversations_async, f->service, 1, 50,
              CHATROUTES_CONVERSATION_FILTER_ALL, NULL);
  page = chatroutes_service_list_conversations_finish (f->service, r2, &error);
  g_assert_no_error (error);
  items = chatroutes_conversation_page_get_conversations (page);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(ChatroutesConversation) c = g_list_model_get_item (items, i);
      found |= g_strcmp0 (chatroutes_conversation_get_id (c), id) == 0;
    }
  g_assert_true (found);
  g_assert_cmpint (chatroutes_conversation_page_get_page (page), ==, 1);
  g_assert_cmpint (chatroutes_conversation_page_get_total (page), >=, 1);

  r3 = AWAIT (chatroutes_service_update_conversation_async, f->service, id, "Trip to Porto", NULL);
  renamed = chatroutes_service_update_conversation_finish (f->service, r3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_conversation_get_title (renamed), ==, "Trip to Porto");

  r4 = AWAIT (chatroutes_service_get_tree_async, f->service, id, NULL);
  tree = chatroutes_service_get_tree_finish (f->service, r4, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tree);

  r5 = AWAIT (chatroutes_service_delete_conversation_async, f->service, id, NULL);
  g_assert_true (chatroutes_service_delete_conversation_finish (f->service, r5, &error));
  g_assert_no_error (error);

  r6 = AWAIT (chatroutes_service_get_conversation_async, f->service, id, NULL);
  g_assert_null (chatroutes_service_get_conversation_finish (f->service, r6, &error));
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_NOT_FOUND);
  g_assert_cmpuint (chatroutes_error_get_status (error), ==, 404);
}

static void
test_messages (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) conversation = create_conversation (f, "Messages");
  const char *id = chatroutes_conversation_get_id (conversation);
  g_autoptr(ChatroutesSendResult) sent = send_message (f, id, "What is a trie?");
  ChatroutesMessage *reply = chatroutes_send_result_get_message (sent);
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GListModel) after_delete = NULL;
  g_autoptr(ChatroutesMessage) edited = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesMessage) first = NULL;

  g_assert_cmpstr (chatroutes_message_get_role (reply), ==, "assistant");
  g_assert_cmpstr (chatroutes_message_get_conversation_id (reply), ==, id);
  g_assert_cmpuint (strlen (chatroutes_message_get_content (reply)), >, 20);
  g_assert_cmpfloat (chatroutes_message_get_temperature (reply), ==, 0.4);
  g_assert_nonnull (chatroutes_send_result_get_usage (sent));
  g_assert_cmpint (chatroutes_usage_get_total_tokens (chatroutes_send_result_get_usage (sent)), >, 0);
  /* The simulator signs what it stores; the check must agree. */
  g_assert_cmpint (chatroutes_message_verify_content_hash (reply), ==, CHATROUTES_CONTENT_HASH_VERIFIED);

  r1 = AWAIT (chatroutes_service_list_messages_async, f->service, id, NULL, NULL);
  listed = chatroutes_service_list_messages_finish (f->service, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);
  first = g_list_model_get_item (listed, 0);
  g_assert_cmpstr (chatroutes_message_get_role (first), ==, "user");
  g_assert_cmpstr (chatroutes_message_get_content (first), ==, "What is a trie?");

  r2 = AWAIT (chatroutes_service_update_message_async, f->service,
              chatroutes_message_get_id (first), "What is a radix tree?", NULL);
  edited = chatroutes_service_update_message_finish (f->service, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_message_get_content (edited), ==, "What is a radix tree?");

  r3 = AWAIT (chatroutes_service_delete_message_async, f->service, chatroutes_message_get_id (reply), NULL);
  g_assert_true (chatroutes_service_delete_message_finish (f->service, r3, &error));
  g_assert_no_error (error);

  r4 = AWAIT (chatroutes_service_list_messages_async, f->service, id, NULL, NULL);
  after_delete = chatroutes_service_list_messages_finish (f->service, r4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (after_delete), ==, 1);
}

static ChatroutesBranch *
find_main (GListModel *branches)
{
  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (branches, i);
      if (chatroutes_branch_get_is_main (branch))
        return g_steal_pointer (&branch);
    }
  return NULL;
}

static void
test_branches (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) conversation = create_conversation (f, "Branches");
  const char *id = chatroutes_conversation_get_id (conversation);
  g_autoptr(ChatroutesSendResult) sent = send_message (f, id, "Plan a garden");
  const char *reply_id = chatroutes_message_get_id (chatroutes_send_result_get_message (sent));
  g_autoptr(GListModel) branches = NULL, branches_after = NULL, fork_messages = NULL;
  g_autoptr(ChatroutesBranch) main_branch = NULL, created = NULL, forked = NULL, renamed = NULL, merged = NULL;
  g_autoptr(ChatroutesSendResult) on_branch = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL,
                          r7 = NULL, r8 = NULL, r9 = NULL, r10 = NULL;
  g_autoptr(GError) error = NULL;
  ChatroutesSendOptions options = CHATROUTES_SEND_OPTIONS_INIT;

  r1 = AWAIT (chatroutes_service_list_branches_async, f->service, id, NULL);
  branches = chatroutes_service_list_branches_finish (f->service, r1, &error);
  g_assert_no_error (error);
  main_branch = find_main (branches);
  g_assert_nonnull (main_branch);
  g_assert_null (chatroutes_branch_get_parent_branch_id (main_branch));

  r2 = AWAIT (chatroutes_service_create_branch_async, f->service, id, "Vegetables", reply_id,
              "Only vegetables", CHATROUTES_CONTEXT_MODE_PARTIAL, NULL);
  created = chatroutes_service_create_branch_finish (f->service, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_branch_get_title (created), ==, "Vegetables");
  g_assert_cmpstr (chatroutes_branch_get_context_mode (created), ==, "PARTIAL");
  g_assert_cmpstr (chatroutes_branch_get_description (created), ==, "Only vegetables");

  r3 = AWAIT (chatroutes_service_fork_async, f->service, id, reply_id, "Flowers",
              CHATROUTES_CONTEXT_MODE_MINIMAL, NULL);
  forked = chatroutes_service_fork_finish (f->service, r3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_branch_get_fork_point_message_id (forked), ==, reply_id);
  g_assert_cmpstr (chatroutes_branch_get_parent_branch_id (forked), ==, chatroutes_branch_get_id (main_branch));
  g_assert_false (chatroutes_branch_get_is_main (forked));

  r4 = AWAIT (chatroutes_service_update_branch_async, f->service, id, chatroutes_branch_get_id (forked),
              "Roses", NULL, NULL);
  renamed = chatroutes_service_update_branch_finish (f->service, r4, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_branch_get_title (renamed), ==, "Roses");

  options.model = "claude-3-5-haiku-latest";
  r5 = AWAIT (chatroutes_service_send_branch_message_async, f->service, id,
              chatroutes_branch_get_id (forked), "Which roses?", &options, NULL);
  on_branch = chatroutes_service_send_branch_message_finish (f->service, r5, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_message_get_branch_id (chatroutes_send_result_get_message (on_branch)), ==,
                   chatroutes_branch_get_id (forked));
  /* The branch endpoint answers in the older shape: the user message too. */
  g_assert_nonnull (chatroutes_send_result_get_user_message (on_branch));
  g_assert_cmpstr (chatroutes_message_get_content (chatroutes_send_result_get_user_message (on_branch)), ==, "Which roses?");

  r6 = AWAIT (chatroutes_service_list_branch_messages_async, f->service, id,
              chatroutes_branch_get_id (forked), NULL);
  fork_messages = chatroutes_service_list_branch_messages_finish (f->service, r6, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fork_messages), ==, 2);

  r7 = AWAIT (chatroutes_service_merge_branch_async, f->service, id, chatroutes_branch_get_id (forked), NULL);
  merged = chatroutes_service_merge_branch_finish (f->service, r7, &error);
  g_assert_no_error (error);
  g_assert_nonnull (merged);

  /* The main branch cannot go. */
  r8 = AWAIT (chatroutes_service_delete_branch_async, f->service, id, chatroutes_branch_get_id (main_branch), NULL);
  g_assert_false (chatroutes_service_delete_branch_finish (f->service, r8, &error));
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_VALIDATION);
  g_clear_error (&error);

  r9 = AWAIT (chatroutes_service_delete_branch_async, f->service, id, chatroutes_branch_get_id (created), NULL);
  g_assert_true (chatroutes_service_delete_branch_finish (f->service, r9, &error));
  g_assert_no_error (error);

  r10 = AWAIT (chatroutes_service_list_branches_async, f->service, id, NULL);
  branches_after = chatroutes_service_list_branches_finish (f->service, r10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (branches_after); i++)
    {
      g_autoptr(ChatroutesBranch) b = g_list_model_get_item (branches_after, i);
      g_assert_cmpstr (chatroutes_branch_get_id (b), !=, chatroutes_branch_get_id (created));
    }
}

static void
test_checkpoints (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) conversation = create_conversation (f, "Checkpoints");
  const char *id = chatroutes_conversation_get_id (conversation);
  g_autoptr(ChatroutesSendResult) sent = send_message (f, id, "Summarize this");
  ChatroutesMessage *reply = chatroutes_send_result_get_message (sent);
  g_autoptr(ChatroutesCheckpoint) checkpoint = NULL, recreated = NULL;
  g_autoptr(GListModel) listed = NULL, after = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL;
  g_autoptr(GError) error = NULL;
  const char *branch_id = chatroutes_message_get_branch_id (reply);

  g_assert_nonnull (branch_id);
  r1 = AWAIT (chatroutes_service_create_checkpoint_async, f->service, id, branch_id,
              chatroutes_message_get_id (reply), NULL);
  checkpoint = chatroutes_service_create_checkpoint_finish (f->service, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_checkpoint_get_anchor_message_id (checkpoint), ==, chatroutes_message_get_id (reply));
  g_assert_cmpuint (strlen (chatroutes_checkpoint_get_summary (checkpoint)), >, 0);
  g_assert_cmpint (chatroutes_checkpoint_get_token_count (checkpoint), >, 0);

  r2 = AWAIT (chatroutes_service_list_checkpoints_async, f->service, id, branch_id, NULL);
  listed = chatroutes_service_list_checkpoints_finish (f->service, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 1);

  r3 = AWAIT (chatroutes_service_recreate_checkpoint_async, f->service,
              chatroutes_checkpoint_get_id (checkpoint), NULL);
  recreated = chatroutes_service_recreate_checkpoint_finish (f->service, r3, &error);
  g_assert_no_error (error);
  g_assert_nonnull (chatroutes_checkpoint_get_summary (recreated));

  r4 = AWAIT (chatroutes_service_delete_checkpoint_async, f->service,
              chatroutes_checkpoint_get_id (recreated), NULL);
  g_assert_true (chatroutes_service_delete_checkpoint_finish (f->service, r4, &error));
  g_assert_no_error (error);

  r5 = AWAIT (chatroutes_service_list_checkpoints_async, f->service, id, NULL, NULL);
  after = chatroutes_service_list_checkpoints_finish (f->service, r5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, 0);
}

static void
test_autobranch_and_account (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(ChatroutesSuggestionResult) suggestions = NULL;
  g_autoptr(ChatroutesHealth) health = NULL;
  g_autoptr(ChatroutesAccount) account = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesSuggestion) first = NULL;
  const char *text = "We could use Postgres. Alternatively, what if we tried SQLite for the first version?";

  r1 = AWAIT (chatroutes_service_suggest_branches_async, f->service, text, 3, TRUE, 0.5, NULL, NULL, NULL);
  suggestions = chatroutes_service_suggest_branches_finish (f->service, r1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_suggestion_result_get_suggestions (suggestions)), >, 0);
  first = g_list_model_get_item (chatroutes_suggestion_result_get_suggestions (suggestions), 0);
  g_assert_nonnull (chatroutes_suggestion_get_title (first));
  g_assert_cmpint (chatroutes_suggestion_get_branch_point_start (first), >=, 0);
  g_assert_cmpint (chatroutes_suggestion_get_branch_point_end (first), <=, (gint64) strlen (text));
  g_assert_cmpfloat (chatroutes_suggestion_get_confidence (first), >, 0);

  r2 = AWAIT (chatroutes_service_autobranch_health_async, f->service, NULL);
  health = chatroutes_service_autobranch_health_finish (f->service, r2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (chatroutes_health_get_status (health));

  r3 = AWAIT (chatroutes_service_get_account_async, f->service, NULL);
  account = chatroutes_service_get_account_finish (f->service, r3, &error);
  g_assert_no_error (error);
  g_assert_nonnull (chatroutes_account_get_id (account));
  g_assert_nonnull (chatroutes_account_get_email (account));
}

static void
test_status_errors (Fixture       *f,
                    gconstpointer  data)
{
  static const struct {
    const char *spec;
    ChatroutesError code;
    guint status;
  } cases[] = {
    { "status=400", CHATROUTES_ERROR_VALIDATION, 400 },
    { "status=401", CHATROUTES_ERROR_AUTHENTICATION, 401 },
    { "status=403", CHATROUTES_ERROR_AUTHENTICATION, 403 },
    { "status=404", CHATROUTES_ERROR_NOT_FOUND, 404 },
    { "status=409", CHATROUTES_ERROR_FAILED, 409 },
    { "status=429,retry-after=12", CHATROUTES_ERROR_RATE_LIMITED, 429 },
    { "status=500", CHATROUTES_ERROR_SERVER, 500 },
    { "status=502;body=html", CHATROUTES_ERROR_SERVER, 502 },
    { "status=503;body=empty", CHATROUTES_ERROR_SERVER, 503 },
    { "body=malformed", CHATROUTES_ERROR_PROTOCOL, 0 },
    { "body=wrongtype", CHATROUTES_ERROR_PROTOCOL, 0 },
    { "drop", CHATROUTES_ERROR_NETWORK, 0 },
  };

  chatroutes_service_set_retry_attempts (f->service, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(ChatroutesAccount) account = NULL;

      g_test_message ("fault %s", cases[i].spec);
      /* libsoup itself sends a GET again once when a kept-alive connection
       * drops, so a dropped connection is queued twice. */
      test_simulator_fault (f->sim, "GET", "/auth/me", cases[i].spec,
                            cases[i].code == CHATROUTES_ERROR_NETWORK ? 2 : 1);
      result = AWAIT (chatroutes_service_get_account_async, f->service, NULL);
      account = chatroutes_service_get_account_finish (f->service, result, &error);
      g_assert_null (account);
      g_assert_error (error, CHATROUTES_ERROR, (gint) cases[i].code);
      g_assert_cmpuint (chatroutes_error_get_status (error), ==, cases[i].status);
      /* A person reads this: never empty, never raw HTML. */
      g_assert_cmpuint (strlen (error->message), >, 0);
      g_assert_null (strstr (error->message, "<html"));
      if (cases[i].code == CHATROUTES_ERROR_RATE_LIMITED)
        g_assert_cmpfloat (chatroutes_error_get_retry_after (error), ==, 12);
    }
}

static void
test_bad_key_and_model (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(ChatroutesService) wrong = chatroutes_service_new (f->sim->base_url, "not-the-key");
  g_autoptr(ChatroutesConversation) conversation = create_conversation (f, "Validation");
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesAccount) account = NULL;
  g_autoptr(ChatroutesSendResult) sent = NULL;
  ChatroutesSendOptions options = CHATROUTES_SEND_OPTIONS_INIT;

  r1 = AWAIT (chatroutes_service_get_account_async, wrong, NULL);
  account = chatroutes_service_get_account_finish (wrong, r1, &error);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_AUTHENTICATION);
  g_clear_error (&error);

  options.model = "gpt-2";
  r2 = AWAIT (chatroutes_service_send_message_async, f->service, chatroutes_conversation_get_id (conversation),
              NULL, "Hi", &options, NULL);
  sent = chatroutes_service_send_message_finish (f->service, r2, &error);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "gpt-2"));
}

static void
test_alternative_shapes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) conversation = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* The simulator's bare shape: no envelope, no resource key. */
  test_simulator_fault (f->sim, "POST", "/conversations", "shape=bare", 1);
  result = AWAIT (chatroutes_service_create_conversation_async, f->service, "Bare", NULL, NULL);
  conversation = chatroutes_service_create_conversation_finish (f->service, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_conversation_get_title (conversation), ==, "Bare");
}

/* The other published shapes, as the simulator serves them on request. */
static void
test_legacy_shapes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ChatroutesConversation) conversation = create_conversation (f, "Legacy");
  const char *id = chatroutes_conversation_get_id (conversation);
  g_autoptr(ChatroutesSendResult) sent = NULL;
  g_autoptr(ChatroutesTree) tree = NULL;
  g_autoptr(ChatroutesCheckpoint) checkpoint = NULL;
  g_autoptr(ChatroutesConversationPage) page = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(GError) error = NULL;
  ChatroutesMessage *reply;

  test_simulator_fault (f->sim, "POST", "/conversations", "shape=legacy", 1);
  r1 = AWAIT (chatroutes_service_send_message_async, f->service, id, NULL, "Old shape?", NULL, NULL);
  sent = chatroutes_service_send_message_finish (f->service, r1, &error);
  g_assert_no_error (error);
  reply = chatroutes_send_result_get_message (sent);
  g_assert_cmpstr (chatroutes_message_get_role (reply), ==, "assistant");
  g_assert_cmpstr (chatroutes_message_get_content (chatroutes_send_result_get_user_message (sent)), ==, "Old shape?");

  test_simulator_fault (f->sim, "GET", "/conversations", "shape=legacy", 1);
  r2 = AWAIT (chatroutes_service_get_tree_async, f->service, id, NULL);
  tree = chatroutes_service_get_tree_finish (f->service, r2, &error);
  g_assert_no_error (error);
  g_assert_null (chatroutes_tree_get_root (tree));
  g_assert_nonnull (chatroutes_tree_get_main_branch (tree));
  g_assert_true (chatroutes_branch_get_is_main (chatroutes_tree_get_main_branch (tree)));

  test_simulator_fault (f->sim, "POST", "/conversations", "shape=legacy", 1);
  r3 = AWAIT (chatroutes_service_create_checkpoint_async, f->service, id,
              chatroutes_message_get_branch_id (reply), chatroutes_message_get_id (reply), NULL);
  checkpoint = chatroutes_service_create_checkpoint_finish (f->service, r3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chatroutes_checkpoint_get_anchor_message_id (checkpoint), ==, chatroutes_message_get_id (reply));
  g_assert_cmpint (chatroutes_checkpoint_get_token_count (checkpoint), >, 0);

  test_simulator_fault (f->sim, "GET", "/conversations", "shape=legacy", 1);
  r4 = AWAIT (chatroutes_service_list_conversations_async, f->service, 1, 1,
              CHATROUTES_CONVERSATION_FILTER_ALL, NULL);
  page = chatroutes_service_list_conversations_finish (f->service, r4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_conversation_page_get_conversations (page)), ==, 1);
}

static void
test_canned_list_at_top_level (void)
{
  /* Note 1: list fields at the top level, hasNext missing. */
  const char *body =
    "{\"success\":true,\"conversations\":[{\"id\":\"a\",\"userId\":\"u\",\"title\":\"A\","
    "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}],"
    "\"total\":41,\"page\":2,\"limit\":20}";
  g_autoptr(TestCannedServer) server = test_canned_server_new (200, "application/json", body, -1);
  g_autoptr(ChatroutesService) service = chatroutes_service_new (test_canned_server_get_url (server), "k");
  g_autoptr(ChatroutesConversationPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  result = AWAIT (chatroutes_service_list_conversations_async, service, 2, 20,
                  CHATROUTES_CONVERSATION_FILTER_SHARED, NULL);
  page = chatroutes_service_list_conversations_finish (service, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (chatroutes_conversation_page_get_conversations (page)), ==, 1);
  g_assert_cmpint (chatroutes_conversation_page_get_total (page), ==, 41);
  g_assert_true (chatroutes_conversation_page_get_has_next (page));
}

static void
test_canned_request_format (void)
{
  g_autoptr(TestCannedServer) server = test_canned_server_new (200, "application/json", "{\"success\":true}", -1);
  g_autoptr(ChatroutesService) service = chatroutes_service_new (test_canned_server_get_url (server), "k");
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(GError) error = NULL;
  ChatroutesSendOptions options = CHATROUTES_SEND_OPTIONS_INIT;

  /* Ids are escaped into the path: the server decodes them back whole,
   * and the "?" did not start a query. */
  r1 = AWAIT (chatroutes_service_delete_branch_async, service, "conv 1", "br?2", NULL);
  g_assert_true (chatroutes_service_delete_branch_finish (service, r1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (test_canned_server_get_last_path (server), ==, "/api/v1/conversations/conv 1/branches/br?2");
  g_assert_null (test_canned_server_get_last_query (server));

  options.model = "gpt-5";
  options.temperature = 1.5;
  options.max_tokens = 64;
  r2 = AWAIT (chatroutes_service_send_message_async, service, "c", "b", "Hi \"there\"", &options, NULL);
  g_clear_object (&r2);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *object;

    g_assert_true (json_parser_load_from_data (parser, test_canned_server_get_last_body (server), -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (object, "content"), ==, "Hi \"there\"");
    g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "gpt-5");
    g_assert_cmpfloat (json_object_get_double_member (object, "temperature"), ==, 1.5);
    g_assert_cmpint (json_object_get_int_member (object, "maxTokens"), ==, 64);
    g_assert_cmpstr (json_object_get_string_member (object, "branchId"), ==, "b");
  }
}

static void
test_base_url_checks (void)
{
  static const struct {
    const char *url;
    gboolean allow;
    gboolean ok;
    ChatroutesError code;
  } cases[] = {
    { "https://api.chatroutes.com/api/v1", FALSE, TRUE, 0 },
    { "http://127.0.0.1:8080/api/v1", FALSE, TRUE, 0 },
    { "http://localhost/api/v1", FALSE, TRUE, 0 },
    { "http://[::1]:9000/api/v1", FALSE, TRUE, 0 },
    { "http://api.chatroutes.com/api/v1", FALSE, FALSE, CHATROUTES_ERROR_INSECURE },
    { "http://192.168.1.10/api/v1", FALSE, FALSE, CHATROUTES_ERROR_INSECURE },
    { "http://api.chatroutes.com/api/v1", TRUE, TRUE, 0 },
    { "ftp://example.com/", FALSE, FALSE, CHATROUTES_ERROR_VALIDATION },
    { "not a url", FALSE, FALSE, CHATROUTES_ERROR_VALIDATION },
    { "", FALSE, FALSE, CHATROUTES_ERROR_VALIDATION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = chatroutes_check_base_url (cases[i].url, cases[i].allow, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_no_error (error);
      else
        g_assert_error (error, CHATROUTES_ERROR, (gint) cases[i].code);
    }
}

static void
test_insecure_request_refused (void)
{
  g_autoptr(ChatroutesService) service = chatroutes_service_new ("http://example.com/api/v1", "secret-key");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesAccount) account = NULL;

  result = AWAIT (chatroutes_service_get_account_async, service, NULL);
  account = chatroutes_service_get_account_finish (service, result, &error);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_INSECURE);
  g_assert_null (strstr (error->message, "secret-key"));
}

static void
test_no_key (void)
{
  g_autoptr(ChatroutesService) service = chatroutes_service_new ("https://localhost/api/v1", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesAccount) account = NULL;

  g_assert_false (chatroutes_service_has_api_key (service));
  result = AWAIT (chatroutes_service_get_account_async, service, NULL);
  account = chatroutes_service_get_account_finish (service, result, &error);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_AUTHENTICATION);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesAccount) account = NULL;
  gint64 start = g_get_monotonic_time ();

  chatroutes_service_set_timeout (f->service, 1);
  chatroutes_service_set_retry_attempts (f->service, 0);
  test_simulator_fault (f->sim, "GET", "/auth/me", "delay=4000", 1);
  result = AWAIT (chatroutes_service_get_account_async, f->service, NULL);
  account = chatroutes_service_get_account_finish (f->service, result, &error);
  g_assert_error (error, CHATROUTES_ERROR, CHATROUTES_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ChatroutesAccount) account = NULL;
  GAsyncResult *result = NULL;

  test_simulator_fault (f->sim, "GET", "/auth/me", "delay=2000", 1);
  chatroutes_service_get_account_async (f->service, cancellable, test_store_result, &result);
  test_run_for (100);
  g_cancellable_cancel (cancellable);
  result = test_wait_result (&result);
  account = chatroutes_service_get_account_finish (f->service, result, &error);
  g_object_unref (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/service/conversations", test_conversations);
  ADD ("/service/messages", test_messages);
  ADD ("/service/branches", test_branches);
  ADD ("/service/checkpoints", test_checkpoints);
  ADD ("/service/autobranch-account", test_autobranch_and_account);
  ADD ("/service/errors/status", test_status_errors);
  ADD ("/service/errors/key-and-model", test_bad_key_and_model);
  ADD ("/service/shapes/bare", test_alternative_shapes);
  ADD ("/service/shapes/legacy", test_legacy_shapes);
  ADD ("/service/timeout", test_timeout);
  ADD ("/service/cancel", test_cancel);
#undef ADD
  g_test_add_func ("/service/shapes/list-top-level", test_canned_list_at_top_level);
  g_test_add_func ("/service/request-format", test_canned_request_format);
  g_test_add_func ("/service/base-url", test_base_url_checks);
  g_test_add_func ("/service/insecure-refused", test_insecure_request_refused);
  g_test_add_func ("/service/no-key", test_no_key);

  return g_test_run ();
}
