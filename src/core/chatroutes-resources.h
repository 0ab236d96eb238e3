/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "chatroutes-content-hash.h"

G_BEGIN_DECLS

/*
 * The resources of the ChatRoutes API as GObjects. Every JSON field fooBar
 * of a resource is a property "foo-bar" with chatroutes_<type>_get_foo_bar ()
 * and chatroutes_<type>_set_foo_bar () (setters notify only on change).
 *
 * Strings are NULL when absent. Timestamps are kept exactly as received;
 * chatroutes_<type>_dup_created_at_datetime () parses them (a time without
 * a zone is taken as UTC). Numbers are -1 when unknown, booleans FALSE.
 * List properties are read-only: their getters return the object's own
 * GListStore (never NULL, possibly empty), which its owner may change.
 */

#define CHATROUTES_TYPE_CONVERSATION (chatroutes_conversation_get_type ())
#define CHATROUTES_TYPE_MESSAGE (chatroutes_message_get_type ())
#define CHATROUTES_TYPE_BRANCH (chatroutes_branch_get_type ())
#define CHATROUTES_TYPE_USAGE (chatroutes_usage_get_type ())
#define CHATROUTES_TYPE_CHECKPOINT (chatroutes_checkpoint_get_type ())
#define CHATROUTES_TYPE_ACCOUNT (chatroutes_account_get_type ())
#define CHATROUTES_TYPE_HEALTH (chatroutes_health_get_type ())
#define CHATROUTES_TYPE_SUGGESTION (chatroutes_suggestion_get_type ())
#define CHATROUTES_TYPE_SUGGESTION_RESULT (chatroutes_suggestion_result_get_type ())
#define CHATROUTES_TYPE_TREE_NODE (chatroutes_tree_node_get_type ())
#define CHATROUTES_TYPE_TREE (chatroutes_tree_get_type ())
#define CHATROUTES_TYPE_CONVERSATION_PAGE (chatroutes_conversation_page_get_type ())
#define CHATROUTES_TYPE_SEND_RESULT (chatroutes_send_result_get_type ())

G_DECLARE_FINAL_TYPE (ChatroutesConversation, chatroutes_conversation, CHATROUTES, CONVERSATION, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesMessage, chatroutes_message, CHATROUTES, MESSAGE, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesBranch, chatroutes_branch, CHATROUTES, BRANCH, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesUsage, chatroutes_usage, CHATROUTES, USAGE, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesCheckpoint, chatroutes_checkpoint, CHATROUTES, CHECKPOINT, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesAccount, chatroutes_account, CHATROUTES, ACCOUNT, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesHealth, chatroutes_health, CHATROUTES, HEALTH, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesSuggestion, chatroutes_suggestion, CHATROUTES, SUGGESTION, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesSuggestionResult, chatroutes_suggestion_result, CHATROUTES, SUGGESTION_RESULT, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesTreeNode, chatroutes_tree_node, CHATROUTES, TREE_NODE, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesTree, chatroutes_tree, CHATROUTES, TREE, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesConversationPage, chatroutes_conversation_page, CHATROUTES, CONVERSATION_PAGE, GObject)
G_DECLARE_FINAL_TYPE (ChatroutesSendResult, chatroutes_send_result, CHATROUTES, SEND_RESULT, GObject)

/* ChatroutesConversation: A conversation: a title, its messages and its branches. */
ChatroutesConversation *chatroutes_conversation_new                     (void) G_GNUC_WARN_UNUSED_RESULT;
const char             *chatroutes_conversation_get_id                  (ChatroutesConversation *self);
void                    chatroutes_conversation_set_id                  (ChatroutesConversation *self,
                                                                         const char             *id);
const char             *chatroutes_conversation_get_user_id             (ChatroutesConversation *self);
void                    chatroutes_conversation_set_user_id             (ChatroutesConversation *self,
                                                                         const char             *user_id);
const char             *chatroutes_conversation_get_title               (ChatroutesConversation *self);
void                    chatroutes_conversation_set_title               (ChatroutesConversation *self,
                                                                         const char             *title);
const char             *chatroutes_conversation_get_created_at          (ChatroutesConversation *self);
void                    chatroutes_conversation_set_created_at          (ChatroutesConversation *self,
                                                                         const char             *created_at);
const char             *chatroutes_conversation_get_updated_at          (ChatroutesConversation *self);
void                    chatroutes_conversation_set_updated_at          (ChatroutesConversation *self,
                                                                         const char             *updated_at);
const char             *chatroutes_conversation_get_model               (ChatroutesConversation *self);
void                    chatroutes_conversation_set_model               (ChatroutesConversation *self,
                                                                         const char             *model);
GListModel             *chatroutes_conversation_get_messages            (ChatroutesConversation *self);
GListModel             *chatroutes_conversation_get_branches            (ChatroutesConversation *self);
GDateTime              *chatroutes_conversation_dup_created_at_datetime (ChatroutesConversation *self) G_GNUC_WARN_UNUSED_RESULT;
GDateTime              *chatroutes_conversation_dup_updated_at_datetime (ChatroutesConversation *self) G_GNUC_WARN_UNUSED_RESULT;

/* ChatroutesMessage: One message. Immutable on the server; built locally while a reply streams. */
ChatroutesMessage           *chatroutes_message_new                       (void) G_GNUC_WARN_UNUSED_RESULT;
const char                  *chatroutes_message_get_id                    (ChatroutesMessage *self);
void                         chatroutes_message_set_id                    (ChatroutesMessage *self,
                                                                           const char        *id);
const char                  *chatroutes_message_get_conversation_id       (ChatroutesMessage *self);
void                         chatroutes_message_set_conversation_id       (ChatroutesMessage *self,
                                                                           const char        *conversation_id);
const char                  *chatroutes_message_get_branch_id             (ChatroutesMessage *self);
void                         chatroutes_message_set_branch_id             (ChatroutesMessage *self,
                                                                           const char        *branch_id);
const char                  *chatroutes_message_get_role                  (ChatroutesMessage *self);
void                         chatroutes_message_set_role                  (ChatroutesMessage *self,
                                                                           const char        *role);
const char                  *chatroutes_message_get_content               (ChatroutesMessage *self);
void                         chatroutes_message_set_content               (ChatroutesMessage *self,
                                                                           const char        *content);
/* Like set_content, but takes ownership of @content (no copy: replies can
 * be megabytes). */
void                         chatroutes_message_take_content              (ChatroutesMessage *self,
                                                                           char              *content);
gint64                       chatroutes_message_get_token_count           (ChatroutesMessage *self);
void                         chatroutes_message_set_token_count           (ChatroutesMessage *self,
                                                                           gint64             token_count);
const char                  *chatroutes_message_get_created_at            (ChatroutesMessage *self);
void                         chatroutes_message_set_created_at            (ChatroutesMessage *self,
                                                                           const char        *created_at);
const char                  *chatroutes_message_get_parent_message_id     (ChatroutesMessage *self);
void                         chatroutes_message_set_parent_message_id     (ChatroutesMessage *self,
                                                                           const char        *parent_message_id);
const char                  *chatroutes_message_get_model                 (ChatroutesMessage *self);
void                         chatroutes_message_set_model                 (ChatroutesMessage *self,
                                                                           const char        *model);
const char                  *chatroutes_message_get_content_hash          (ChatroutesMessage *self);
void                         chatroutes_message_set_content_hash          (ChatroutesMessage *self,
                                                                           const char        *content_hash);
const char                  *chatroutes_message_get_metadata_model        (ChatroutesMessage *self);
void                         chatroutes_message_set_metadata_model        (ChatroutesMessage *self,
                                                                           const char        *metadata_model);
double                       chatroutes_message_get_temperature           (ChatroutesMessage *self);
void                         chatroutes_message_set_temperature           (ChatroutesMessage *self,
                                                                           double             temperature);
gint64                       chatroutes_message_get_max_tokens            (ChatroutesMessage *self);
void                         chatroutes_message_set_max_tokens            (ChatroutesMessage *self,
                                                                           gint64             max_tokens);
double                       chatroutes_message_get_response_time         (ChatroutesMessage *self);
void                         chatroutes_message_set_response_time         (ChatroutesMessage *self,
                                                                           double             response_time);
const char                  *chatroutes_message_get_finish_reason         (ChatroutesMessage *self);
void                         chatroutes_message_set_finish_reason         (ChatroutesMessage *self,
                                                                           const char        *finish_reason);
double                       chatroutes_message_get_cost                  (ChatroutesMessage *self);
void                         chatroutes_message_set_cost                  (ChatroutesMessage *self,
                                                                           double             cost);
gboolean                     chatroutes_message_get_context_truncated     (ChatroutesMessage *self);
void                         chatroutes_message_set_context_truncated     (ChatroutesMessage *self,
                                                                           gboolean           context_truncated);
gboolean                     chatroutes_message_get_checkpoint_used       (ChatroutesMessage *self);
void                         chatroutes_message_set_checkpoint_used       (ChatroutesMessage *self,
                                                                           gboolean           checkpoint_used);
gint64                       chatroutes_message_get_prompt_tokens         (ChatroutesMessage *self);
void                         chatroutes_message_set_prompt_tokens         (ChatroutesMessage *self,
                                                                           gint64             prompt_tokens);
gint64                       chatroutes_message_get_context_message_count (ChatroutesMessage *self);
void                         chatroutes_message_set_context_message_count (ChatroutesMessage *self,
                                                                           gint64             context_message_count);
GDateTime                   *chatroutes_message_dup_created_at_datetime   (ChatroutesMessage *self) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesContentHashResult  chatroutes_message_verify_content_hash       (ChatroutesMessage *self);

/* ChatroutesBranch: A branch of a conversation, growing from a fork point message. */
ChatroutesBranch *chatroutes_branch_new                       (void) G_GNUC_WARN_UNUSED_RESULT;
const char       *chatroutes_branch_get_id                    (ChatroutesBranch *self);
void              chatroutes_branch_set_id                    (ChatroutesBranch *self,
                                                               const char       *id);
const char       *chatroutes_branch_get_conversation_id       (ChatroutesBranch *self);
void              chatroutes_branch_set_conversation_id       (ChatroutesBranch *self,
                                                               const char       *conversation_id);
const char       *chatroutes_branch_get_parent_branch_id      (ChatroutesBranch *self);
void              chatroutes_branch_set_parent_branch_id      (ChatroutesBranch *self,
                                                               const char       *parent_branch_id);
const char       *chatroutes_branch_get_fork_point_message_id (ChatroutesBranch *self);
void              chatroutes_branch_set_fork_point_message_id (ChatroutesBranch *self,
                                                               const char       *fork_point_message_id);
const char       *chatroutes_branch_get_title                 (ChatroutesBranch *self);
void              chatroutes_branch_set_title                 (ChatroutesBranch *self,
                                                               const char       *title);
const char       *chatroutes_branch_get_context_mode          (ChatroutesBranch *self);
void              chatroutes_branch_set_context_mode          (ChatroutesBranch *self,
                                                               const char       *context_mode);
gboolean          chatroutes_branch_get_is_main               (ChatroutesBranch *self);
void              chatroutes_branch_set_is_main               (ChatroutesBranch *self,
                                                               gboolean          is_main);
gboolean          chatroutes_branch_get_is_active             (ChatroutesBranch *self);
void              chatroutes_branch_set_is_active             (ChatroutesBranch *self,
                                                               gboolean          is_active);
const char       *chatroutes_branch_get_created_at            (ChatroutesBranch *self);
void              chatroutes_branch_set_created_at            (ChatroutesBranch *self,
                                                               const char       *created_at);
const char       *chatroutes_branch_get_updated_at            (ChatroutesBranch *self);
void              chatroutes_branch_set_updated_at            (ChatroutesBranch *self,
                                                               const char       *updated_at);
gint64            chatroutes_branch_get_message_count         (ChatroutesBranch *self);
void              chatroutes_branch_set_message_count         (ChatroutesBranch *self,
                                                               gint64            message_count);
const char       *chatroutes_branch_get_description           (ChatroutesBranch *self);
void              chatroutes_branch_set_description           (ChatroutesBranch *self,
                                                               const char       *description);
GDateTime        *chatroutes_branch_dup_created_at_datetime   (ChatroutesBranch *self) G_GNUC_WARN_UNUSED_RESULT;
GDateTime        *chatroutes_branch_dup_updated_at_datetime   (ChatroutesBranch *self) G_GNUC_WARN_UNUSED_RESULT;

/* ChatroutesUsage: Token usage of one reply. */
ChatroutesUsage *chatroutes_usage_new                   (void) G_GNUC_WARN_UNUSED_RESULT;
gint64           chatroutes_usage_get_prompt_tokens     (ChatroutesUsage *self);
void             chatroutes_usage_set_prompt_tokens     (ChatroutesUsage *self,
                                                         gint64           prompt_tokens);
gint64           chatroutes_usage_get_completion_tokens (ChatroutesUsage *self);
void             chatroutes_usage_set_completion_tokens (ChatroutesUsage *self,
                                                         gint64           completion_tokens);
gint64           chatroutes_usage_get_total_tokens      (ChatroutesUsage *self);
void             chatroutes_usage_set_total_tokens      (ChatroutesUsage *self,
                                                         gint64           total_tokens);

/* ChatroutesCheckpoint: A context summary anchored at a message. */
ChatroutesCheckpoint *chatroutes_checkpoint_new                     (void) G_GNUC_WARN_UNUSED_RESULT;
const char           *chatroutes_checkpoint_get_id                  (ChatroutesCheckpoint *self);
void                  chatroutes_checkpoint_set_id                  (ChatroutesCheckpoint *self,
                                                                     const char           *id);
const char           *chatroutes_checkpoint_get_summary             (ChatroutesCheckpoint *self);
void                  chatroutes_checkpoint_set_summary             (ChatroutesCheckpoint *self,
                                                                     const char           *summary);
const char           *chatroutes_checkpoint_get_conversation_id     (ChatroutesCheckpoint *self);
void                  chatroutes_checkpoint_set_conversation_id     (ChatroutesCheckpoint *self,
                                                                     const char           *conversation_id);
const char           *chatroutes_checkpoint_get_branch_id           (ChatroutesCheckpoint *self);
void                  chatroutes_checkpoint_set_branch_id           (ChatroutesCheckpoint *self,
                                                                     const char           *branch_id);
const char           *chatroutes_checkpoint_get_anchor_message_id   (ChatroutesCheckpoint *self);
void                  chatroutes_checkpoint_set_anchor_message_id   (ChatroutesCheckpoint *self,
                                                                     const char           *anchor_message_id);
gint64                chatroutes_checkpoint_get_token_count         (ChatroutesCheckpoint *self);
void                  chatroutes_checkpoint_set_token_count         (ChatroutesCheckpoint *self,
                                                                     gint64                token_count);
const char           *chatroutes_checkpoint_get_created_at          (ChatroutesCheckpoint *self);
void                  chatroutes_checkpoint_set_created_at          (ChatroutesCheckpoint *self,
                                                                     const char           *created_at);
GDateTime            *chatroutes_checkpoint_dup_created_at_datetime (ChatroutesCheckpoint *self) G_GNUC_WARN_UNUSED_RESULT;

/* ChatroutesAccount: The account the API key belongs to. */
ChatroutesAccount *chatroutes_account_new                     (void) G_GNUC_WARN_UNUSED_RESULT;
const char        *chatroutes_account_get_id                  (ChatroutesAccount *self);
void               chatroutes_account_set_id                  (ChatroutesAccount *self,
                                                               const char        *id);
const char        *chatroutes_account_get_email               (ChatroutesAccount *self);
void               chatroutes_account_set_email               (ChatroutesAccount *self,
                                                               const char        *email);
const char        *chatroutes_account_get_plan                (ChatroutesAccount *self);
void               chatroutes_account_set_plan                (ChatroutesAccount *self,
                                                               const char        *plan);
const char        *chatroutes_account_get_created_at          (ChatroutesAccount *self);
void               chatroutes_account_set_created_at          (ChatroutesAccount *self,
                                                               const char        *created_at);
GDateTime         *chatroutes_account_dup_created_at_datetime (ChatroutesAccount *self) G_GNUC_WARN_UNUSED_RESULT;

/* ChatroutesHealth: The autobranch service's health report. */
ChatroutesHealth *chatroutes_health_new         (void) G_GNUC_WARN_UNUSED_RESULT;
const char       *chatroutes_health_get_status  (ChatroutesHealth *self);
void              chatroutes_health_set_status  (ChatroutesHealth *self,
                                                 const char       *status);
const char       *chatroutes_health_get_version (ChatroutesHealth *self);
void              chatroutes_health_set_version (ChatroutesHealth *self,
                                                 const char       *version);
const char       *chatroutes_health_get_service (ChatroutesHealth *self);
void              chatroutes_health_set_service (ChatroutesHealth *self,
                                                 const char       *service);

/* ChatroutesSuggestion: A place in a text where a branch could start. */
ChatroutesSuggestion *chatroutes_suggestion_new                      (void) G_GNUC_WARN_UNUSED_RESULT;
const char           *chatroutes_suggestion_get_id                   (ChatroutesSuggestion *self);
void                  chatroutes_suggestion_set_id                   (ChatroutesSuggestion *self,
                                                                      const char           *id);
const char           *chatroutes_suggestion_get_title                (ChatroutesSuggestion *self);
void                  chatroutes_suggestion_set_title                (ChatroutesSuggestion *self,
                                                                      const char           *title);
const char           *chatroutes_suggestion_get_description          (ChatroutesSuggestion *self);
void                  chatroutes_suggestion_set_description          (ChatroutesSuggestion *self,
                                                                      const char           *description);
const char           *chatroutes_suggestion_get_trigger_text         (ChatroutesSuggestion *self);
void                  chatroutes_suggestion_set_trigger_text         (ChatroutesSuggestion *self,
                                                                      const char           *trigger_text);
gint64                chatroutes_suggestion_get_branch_point_start   (ChatroutesSuggestion *self);
void                  chatroutes_suggestion_set_branch_point_start   (ChatroutesSuggestion *self,
                                                                      gint64                branch_point_start);
gint64                chatroutes_suggestion_get_branch_point_end     (ChatroutesSuggestion *self);
void                  chatroutes_suggestion_set_branch_point_end     (ChatroutesSuggestion *self,
                                                                      gint64                branch_point_end);
double                chatroutes_suggestion_get_confidence           (ChatroutesSuggestion *self);
void                  chatroutes_suggestion_set_confidence           (ChatroutesSuggestion *self,
                                                                      double                confidence);
const char           *chatroutes_suggestion_get_reasoning            (ChatroutesSuggestion *self);
void                  chatroutes_suggestion_set_reasoning            (ChatroutesSuggestion *self,
                                                                      const char           *reasoning);
const char           *chatroutes_suggestion_get_estimated_divergence (ChatroutesSuggestion *self);
void                  chatroutes_suggestion_set_estimated_divergence (ChatroutesSuggestion *self,
                                                                      const char           *estimated_divergence);

/* ChatroutesSuggestionResult: The suggestions for one text, and how they were found. */
ChatroutesSuggestionResult *chatroutes_suggestion_result_new                           (void) G_GNUC_WARN_UNUSED_RESULT;
GListModel                 *chatroutes_suggestion_result_get_suggestions               (ChatroutesSuggestionResult *self);
const char                 *chatroutes_suggestion_result_get_detection_method          (ChatroutesSuggestionResult *self);
void                        chatroutes_suggestion_result_set_detection_method          (ChatroutesSuggestionResult *self,
                                                                                        const char                 *detection_method);
gint64                      chatroutes_suggestion_result_get_total_branch_points_found (ChatroutesSuggestionResult *self);
void                        chatroutes_suggestion_result_set_total_branch_points_found (ChatroutesSuggestionResult *self,
                                                                                        gint64                      total_branch_points_found);
const char                 *chatroutes_suggestion_result_get_model_used                (ChatroutesSuggestionResult *self);
void                        chatroutes_suggestion_result_set_model_used                (ChatroutesSuggestionResult *self,
                                                                                        const char                 *model_used);

/* ChatroutesTreeNode: A node of a conversation tree (tree shape a). */
ChatroutesTreeNode *chatroutes_tree_node_new                (void) G_GNUC_WARN_UNUSED_RESULT;
const char         *chatroutes_tree_node_get_id             (ChatroutesTreeNode *self);
void                chatroutes_tree_node_set_id             (ChatroutesTreeNode *self,
                                                             const char         *id);
const char         *chatroutes_tree_node_get_content        (ChatroutesTreeNode *self);
void                chatroutes_tree_node_set_content        (ChatroutesTreeNode *self,
                                                             const char         *content);
const char         *chatroutes_tree_node_get_role           (ChatroutesTreeNode *self);
void                chatroutes_tree_node_set_role           (ChatroutesTreeNode *self,
                                                             const char         *role);
GListModel         *chatroutes_tree_node_get_children       (ChatroutesTreeNode *self);
const char         *chatroutes_tree_node_get_branch_id      (ChatroutesTreeNode *self);
void                chatroutes_tree_node_set_branch_id      (ChatroutesTreeNode *self,
                                                             const char         *branch_id);
const char         *chatroutes_tree_node_get_branch_title   (ChatroutesTreeNode *self);
void                chatroutes_tree_node_set_branch_title   (ChatroutesTreeNode *self,
                                                             const char         *branch_title);
gboolean            chatroutes_tree_node_get_branch_is_main (ChatroutesTreeNode *self);
void                chatroutes_tree_node_set_branch_is_main (ChatroutesTreeNode *self,
                                                             gboolean            branch_is_main);

/* ChatroutesTree: A conversation tree, in either published shape. */
ChatroutesTree         *chatroutes_tree_new                (void) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesConversation *chatroutes_tree_get_conversation   (ChatroutesTree *self);
void                    chatroutes_tree_set_conversation   (ChatroutesTree         *self,
                                                            ChatroutesConversation *conversation);
ChatroutesTreeNode     *chatroutes_tree_get_root           (ChatroutesTree *self);
void                    chatroutes_tree_set_root           (ChatroutesTree     *self,
                                                            ChatroutesTreeNode *root);
GListModel             *chatroutes_tree_get_branches       (ChatroutesTree *self);
ChatroutesBranch       *chatroutes_tree_get_main_branch    (ChatroutesTree *self);
void                    chatroutes_tree_set_main_branch    (ChatroutesTree   *self,
                                                            ChatroutesBranch *main_branch);
gint64                  chatroutes_tree_get_total_nodes    (ChatroutesTree *self);
void                    chatroutes_tree_set_total_nodes    (ChatroutesTree *self,
                                                            gint64          total_nodes);
gint64                  chatroutes_tree_get_total_branches (ChatroutesTree *self);
void                    chatroutes_tree_set_total_branches (ChatroutesTree *self,
                                                            gint64          total_branches);
gint64                  chatroutes_tree_get_max_depth      (ChatroutesTree *self);
void                    chatroutes_tree_set_max_depth      (ChatroutesTree *self,
                                                            gint64          max_depth);

/* ChatroutesConversationPage: One page of the conversation list. */
ChatroutesConversationPage *chatroutes_conversation_page_new               (void) G_GNUC_WARN_UNUSED_RESULT;
GListModel                 *chatroutes_conversation_page_get_conversations (ChatroutesConversationPage *self);
gint64                      chatroutes_conversation_page_get_total         (ChatroutesConversationPage *self);
void                        chatroutes_conversation_page_set_total         (ChatroutesConversationPage *self,
                                                                            gint64                      total);
gint64                      chatroutes_conversation_page_get_page          (ChatroutesConversationPage *self);
void                        chatroutes_conversation_page_set_page          (ChatroutesConversationPage *self,
                                                                            gint64                      page);
gint64                      chatroutes_conversation_page_get_limit         (ChatroutesConversationPage *self);
void                        chatroutes_conversation_page_set_limit         (ChatroutesConversationPage *self,
                                                                            gint64                      limit);
gboolean                    chatroutes_conversation_page_get_has_next      (ChatroutesConversationPage *self);
void                        chatroutes_conversation_page_set_has_next      (ChatroutesConversationPage *self,
                                                                            gboolean                    has_next);

/* ChatroutesSendResult: The result of sending a message: the reply and what it cost. */
ChatroutesSendResult *chatroutes_send_result_new              (void) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesMessage    *chatroutes_send_result_get_message      (ChatroutesSendResult *self);
void                  chatroutes_send_result_set_message      (ChatroutesSendResult *self,
                                                               ChatroutesMessage    *message);
ChatroutesMessage    *chatroutes_send_result_get_user_message (ChatroutesSendResult *self);
void                  chatroutes_send_result_set_user_message (ChatroutesSendResult *self,
                                                               ChatroutesMessage    *user_message);
ChatroutesUsage      *chatroutes_send_result_get_usage        (ChatroutesSendResult *self);
void                  chatroutes_send_result_set_usage        (ChatroutesSendResult *self,
                                                               ChatroutesUsage      *usage);
const char           *chatroutes_send_result_get_model        (ChatroutesSendResult *self);
void                  chatroutes_send_result_set_model        (ChatroutesSendResult *self,
                                                               const char           *model);

G_END_DECLS
