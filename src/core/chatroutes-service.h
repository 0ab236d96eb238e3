/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

#include "chatroutes-error.h"
#include "chatroutes-resources.h"
#include "chatroutes-stream.h"

G_BEGIN_DECLS

#define CHATROUTES_DEFAULT_BASE_URL "https://api.chatroutes.com/api/v1"
#define CHATROUTES_DEFAULT_MODEL "gpt-5"

typedef enum
{
  CHATROUTES_CONVERSATION_FILTER_ALL,
  CHATROUTES_CONVERSATION_FILTER_OWNED,
  CHATROUTES_CONVERSATION_FILTER_SHARED,
} ChatroutesConversationFilter;

GType chatroutes_conversation_filter_get_type (void) G_GNUC_CONST;
#define CHATROUTES_TYPE_CONVERSATION_FILTER (chatroutes_conversation_filter_get_type ())

/* How much of the parent's context a new branch carries. */
typedef enum
{
  CHATROUTES_CONTEXT_MODE_DEFAULT, /* not sent: the service decides */
  CHATROUTES_CONTEXT_MODE_FULL,
  CHATROUTES_CONTEXT_MODE_PARTIAL,
  CHATROUTES_CONTEXT_MODE_MINIMAL,
} ChatroutesContextMode;

GType       chatroutes_context_mode_get_type  (void) G_GNUC_CONST;
#define CHATROUTES_TYPE_CONTEXT_MODE (chatroutes_context_mode_get_type ())
const char *chatroutes_context_mode_to_string (ChatroutesContextMode mode);

/* Options of a sent message; zero-initialise, then set what you need. */
typedef struct
{
  const char *model;       /* NULL: the service's default */
  double      temperature; /* < 0: not sent */
  int         max_tokens;  /* <= 0: not sent */
} ChatroutesSendOptions;

#define CHATROUTES_SEND_OPTIONS_INIT { NULL, -1.0, 0 }

#define CHATROUTES_TYPE_SERVICE (chatroutes_service_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesService, chatroutes_service, CHATROUTES, SERVICE, GObject)

/*
 * Properties: base-url, api-key (never logged), timeout (s, 30),
 * stream-idle-timeout (s, 60), retry-attempts (3), retry-delay (s, 1.0),
 * max-retry-delay (s, 30), allow-insecure (FALSE), user-agent.
 *
 * Signal ::stream-started (ChatroutesStream *stream): every streamed reply,
 * so any view can follow one it did not start.
 */
ChatroutesService *chatroutes_service_new                 (const char *base_url,
                                                           const char *api_key) G_GNUC_WARN_UNUSED_RESULT;

const char        *chatroutes_service_get_base_url        (ChatroutesService *self);
void               chatroutes_service_set_base_url        (ChatroutesService *self,
                                                           const char        *base_url);
void               chatroutes_service_set_api_key         (ChatroutesService *self,
                                                           const char        *api_key);
gboolean           chatroutes_service_has_api_key         (ChatroutesService *self);
guint              chatroutes_service_get_timeout         (ChatroutesService *self);
void               chatroutes_service_set_timeout         (ChatroutesService *self,
                                                           guint              seconds);
guint              chatroutes_service_get_stream_idle_timeout (ChatroutesService *self);
void               chatroutes_service_set_stream_idle_timeout (ChatroutesService *self,
                                                               guint              seconds);
guint              chatroutes_service_get_retry_attempts  (ChatroutesService *self);
void               chatroutes_service_set_retry_attempts  (ChatroutesService *self,
                                                           guint              attempts);
double             chatroutes_service_get_retry_delay     (ChatroutesService *self);
void               chatroutes_service_set_retry_delay     (ChatroutesService *self,
                                                           double             seconds);
double             chatroutes_service_get_max_retry_delay (ChatroutesService *self);
void               chatroutes_service_set_max_retry_delay (ChatroutesService *self,
                                                           double             seconds);
gboolean           chatroutes_service_get_allow_insecure  (ChatroutesService *self);
void               chatroutes_service_set_allow_insecure  (ChatroutesService *self,
                                                           gboolean           allow);

/* Whether @base_url is usable: an absolute http(s) URL; plain http only to a
 * loopback host unless @allow_insecure. Fails with CHATROUTES_ERROR_INSECURE
 * or CHATROUTES_ERROR_VALIDATION and a sentence saying why. */
gboolean           chatroutes_check_base_url              (const char  *base_url,
                                                           gboolean     allow_insecure,
                                                           GError     **error);

/* Every async operation below finishes with the matching _finish(). The
 * result of a _finish returning gboolean is TRUE on success. */

/* Conversations */
void                        chatroutes_service_create_conversation_async  (ChatroutesService *self, const char *title, const char *model, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesConversation     *chatroutes_service_create_conversation_finish (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_list_conversations_async   (ChatroutesService *self, guint page, guint limit, ChatroutesConversationFilter filter, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesConversationPage *chatroutes_service_list_conversations_finish  (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_get_conversation_async     (ChatroutesService *self, const char *conversation_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesConversation     *chatroutes_service_get_conversation_finish    (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_update_conversation_async  (ChatroutesService *self, const char *conversation_id, const char *title, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesConversation     *chatroutes_service_update_conversation_finish (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_delete_conversation_async  (ChatroutesService *self, const char *conversation_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean                    chatroutes_service_delete_conversation_finish (ChatroutesService *self, GAsyncResult *result, GError **error);
void                        chatroutes_service_get_tree_async             (ChatroutesService *self, const char *conversation_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesTree             *chatroutes_service_get_tree_finish            (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Messages. @branch_id may be NULL (the main branch). */
void                        chatroutes_service_send_message_async         (ChatroutesService *self, const char *conversation_id, const char *branch_id, const char *content, const ChatroutesSendOptions *options, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesSendResult       *chatroutes_service_send_message_finish        (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Starts a streamed reply and hands back its stream at once. */
ChatroutesStream           *chatroutes_service_stream_message             (ChatroutesService *self, const char *conversation_id, const char *branch_id, const char *content, const ChatroutesSendOptions *options) G_GNUC_WARN_UNUSED_RESULT;
/* Replies still arriving (a GListModel of ChatroutesStream, oldest first):
 * the service holds each until it completes, fails or is cancelled, so a
 * reply goes on when the view that asked for it is gone. */
GListModel                 *chatroutes_service_get_active_streams         (ChatroutesService *self);
/* The newest reply still arriving on a branch (@branch_id NULL: sent
 * without a branch), or NULL. */
ChatroutesStream           *chatroutes_service_find_active_stream         (ChatroutesService *self, const char *conversation_id, const char *branch_id);
void                        chatroutes_service_list_messages_async        (ChatroutesService *self, const char *conversation_id, const char *branch_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GListModel                 *chatroutes_service_list_messages_finish       (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_update_message_async       (ChatroutesService *self, const char *message_id, const char *content, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesMessage          *chatroutes_service_update_message_finish      (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_delete_message_async       (ChatroutesService *self, const char *message_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean                    chatroutes_service_delete_message_finish      (ChatroutesService *self, GAsyncResult *result, GError **error);

/* Branches */
void                        chatroutes_service_list_branches_async        (ChatroutesService *self, const char *conversation_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GListModel                 *chatroutes_service_list_branches_finish       (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_create_branch_async        (ChatroutesService *self, const char *conversation_id, const char *title, const char *base_message_id, const char *description, ChatroutesContextMode context_mode, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesBranch           *chatroutes_service_create_branch_finish       (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_fork_async                 (ChatroutesService *self, const char *conversation_id, const char *fork_point_message_id, const char *title, ChatroutesContextMode context_mode, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesBranch           *chatroutes_service_fork_finish                (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* @title and @description may be NULL: left unchanged. */
void                        chatroutes_service_update_branch_async        (ChatroutesService *self, const char *conversation_id, const char *branch_id, const char *title, const char *description, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesBranch           *chatroutes_service_update_branch_finish       (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_delete_branch_async        (ChatroutesService *self, const char *conversation_id, const char *branch_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean                    chatroutes_service_delete_branch_finish       (ChatroutesService *self, GAsyncResult *result, GError **error);
void                        chatroutes_service_list_branch_messages_async (ChatroutesService *self, const char *conversation_id, const char *branch_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GListModel                 *chatroutes_service_list_branch_messages_finish (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_send_branch_message_async  (ChatroutesService *self, const char *conversation_id, const char *branch_id, const char *content, const ChatroutesSendOptions *options, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesSendResult       *chatroutes_service_send_branch_message_finish (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_merge_branch_async         (ChatroutesService *self, const char *conversation_id, const char *branch_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesBranch           *chatroutes_service_merge_branch_finish        (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Checkpoints. @branch_id of the list may be NULL (all). */
void                        chatroutes_service_list_checkpoints_async     (ChatroutesService *self, const char *conversation_id, const char *branch_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GListModel                 *chatroutes_service_list_checkpoints_finish    (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_create_checkpoint_async    (ChatroutesService *self, const char *conversation_id, const char *branch_id, const char *anchor_message_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesCheckpoint       *chatroutes_service_create_checkpoint_finish   (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_delete_checkpoint_async    (ChatroutesService *self, const char *checkpoint_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean                    chatroutes_service_delete_checkpoint_finish   (ChatroutesService *self, GAsyncResult *result, GError **error);
void                        chatroutes_service_recreate_checkpoint_async  (ChatroutesService *self, const char *checkpoint_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesCheckpoint       *chatroutes_service_recreate_checkpoint_finish (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Autobranch. @threshold < 0: the service's default; @llm_model and
 * @llm_provider may be NULL. */
void                        chatroutes_service_suggest_branches_async     (ChatroutesService *self, const char *text, guint suggestions_count, gboolean hybrid_detection, double threshold, const char *llm_model, const char *llm_provider, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesSuggestionResult *chatroutes_service_suggest_branches_finish    (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void                        chatroutes_service_autobranch_health_async    (ChatroutesService *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesHealth           *chatroutes_service_autobranch_health_finish   (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Account */
void                        chatroutes_service_get_account_async          (ChatroutesService *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
ChatroutesAccount          *chatroutes_service_get_account_finish         (ChatroutesService *self, GAsyncResult *result, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
