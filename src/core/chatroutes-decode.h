/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "chatroutes-resources.h"

G_BEGIN_DECLS

/*
 * JSON → resources. Every function here:
 *  - takes the whole parsed response body (@body), unwraps a "data" object
 *    when present and otherwise reads the top level;
 *  - accepts the resource under its key ("conversation", "message", …) or
 *    bare;
 *  - ignores unknown fields, lets optional fields be missing;
 *  - fails with CHATROUTES_ERROR_PROTOCOL (never crashes, never asserts)
 *    when a required field is missing or a field has the wrong JSON type.
 */

/* Parses bytes as JSON. Invalid UTF-8, empty input, non-JSON and bodies
 * over @max_size bytes (0: no bound) fail with CHATROUTES_ERROR_PROTOCOL. */
JsonNode                   *chatroutes_decode_parse              (const char  *data,
                                                                  gsize        len,
                                                                  gsize        max_size,
                                                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* A list of messages straight from the body's bytes: the same result and
 * the same errors as chatroutes_decode_parse () then
 * chatroutes_decode_messages (), in a fraction of the time for the usual
 * shapes of long lists. */
GListModel                 *chatroutes_decode_messages_text      (const char  *data,
                                                                  gsize        len,
                                                                  gsize        max_size,
                                                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The payload object: body["data"] when it is an object, else body. */
JsonObject                 *chatroutes_decode_payload            (JsonNode    *body,
                                                                  GError     **error);

/* Builds the GError for a non-2xx response from its status, body (may be
 * empty, HTML, or JSON {success,error,message,details,retryAfter}) and the
 * Retry-After header value (may be NULL; seconds or an HTTP date). */
GError                     *chatroutes_decode_error_response     (guint        status,
                                                                  const char  *body,
                                                                  gsize        body_len,
                                                                  const char  *retry_after_header) G_GNUC_WARN_UNUSED_RESULT;

/* Resource-level constructors from one JSON object. */
ChatroutesConversation     *chatroutes_conversation_new_from_json (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesMessage          *chatroutes_message_new_from_json      (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesBranch           *chatroutes_branch_new_from_json       (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesCheckpoint       *chatroutes_checkpoint_new_from_json   (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesUsage            *chatroutes_usage_new_from_json        (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesSuggestion       *chatroutes_suggestion_new_from_json   (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesTreeNode         *chatroutes_tree_node_new_from_json    (JsonObject *object, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Whole-response decoders, one per endpoint result. */
ChatroutesConversation     *chatroutes_decode_conversation       (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* @page and @limit are what was asked for: used when the body omits them,
 * and for hasNext (page * limit < total) when it is missing. */
ChatroutesConversationPage *chatroutes_decode_conversation_page  (JsonNode *body, guint page, guint limit, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesTree             *chatroutes_decode_tree               (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesMessage          *chatroutes_decode_message            (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns a GListStore of ChatroutesMessage ("messages" key, or a bare array body). */
GListModel                 *chatroutes_decode_messages           (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesSendResult       *chatroutes_decode_send_result        (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesBranch           *chatroutes_decode_branch             (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
GListModel                 *chatroutes_decode_branches           (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesCheckpoint       *chatroutes_decode_checkpoint         (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
GListModel                 *chatroutes_decode_checkpoints        (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesSuggestionResult *chatroutes_decode_suggestions        (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesHealth           *chatroutes_decode_health             (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesAccount          *chatroutes_decode_account            (JsonNode *body, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* One SSE event's data of the stream endpoint. */
typedef enum
{
  CHATROUTES_STREAM_EVENT_CONTENT,
  CHATROUTES_STREAM_EVENT_COMPLETE,
  CHATROUTES_STREAM_EVENT_ERROR,
  CHATROUTES_STREAM_EVENT_DONE,     /* the literal [DONE] */
  CHATROUTES_STREAM_EVENT_UNKNOWN,  /* a well-formed object of another type: ignore */
} ChatroutesStreamEventType;

typedef struct
{
  ChatroutesStreamEventType type;
  char                 *content;  /* CONTENT: the delta (owned) */
  char                 *model;    /* CONTENT, COMPLETE: model id if given (owned) */
  char                 *error_message; /* ERROR: the text (owned) */
  ChatroutesSendResult *result;   /* COMPLETE: message (+usage, model) (owned) */
} ChatroutesStreamEvent;

void     chatroutes_stream_event_clear  (ChatroutesStreamEvent *event);
/* Decodes one event's data. Fails with CHATROUTES_ERROR_PROTOCOL on
 * malformed JSON or wrong types. */
gboolean chatroutes_decode_stream_event (const char            *data,
                                         gsize                  len,
                                         ChatroutesStreamEvent *event,
                                         GError               **error);

G_END_DECLS
