/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "fuzz-decode"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "chatroutes-decode-private.h"
#include "chatroutes-error.h"
#include "message-compare.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The input is a response body, a stream event's data, an error body and
 * (its first line) a Retry-After value all at once. */

static void
decode_body (JsonNode *body)
{
  GObject *result;
  JsonObject *payload;

  result = G_OBJECT (chatroutes_decode_conversation (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_conversation_page (body, 3, 25, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_conversation_page (body, 0, 0, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_tree (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_message (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_messages (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_send_result (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_branch (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_branches (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_checkpoint (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_checkpoints (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_suggestions (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_health (body, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_decode_account (body, NULL));
  g_clear_object (&result);

  payload = chatroutes_decode_payload (body, NULL);
  if (payload == NULL)
    return;

  /* every resource constructor on the payload itself */
  result = G_OBJECT (chatroutes_conversation_new_from_json (payload, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_message_new_from_json (payload, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_branch_new_from_json (payload, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_checkpoint_new_from_json (payload, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_usage_new_from_json (payload, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_suggestion_new_from_json (payload, NULL));
  g_clear_object (&result);
  result = G_OBJECT (chatroutes_tree_node_new_from_json (payload, NULL));
  g_clear_object (&result);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* a warning or critical on any input is a finding */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint statuses[] = { 400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503 };
  const char *text = (const char *) data;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *header = NULL;
  ChatroutesStreamEvent event = { 0 };
  const char *newline;
  GError *response_error;

  body = chatroutes_decode_parse (text, size, 8 * 1024 * 1024, &error);
  if (body != NULL)
    decode_body (body);
  else
    g_assert (error != NULL && error->domain == CHATROUTES_ERROR);

  /* Whatever the direct reader of message lists reads, the general path
   * reads the same. */
  if (g_utf8_validate_len (text, size, NULL))
    {
      g_autoptr(GListModel) fast = _chatroutes_decode_messages_fast (text, size);

      if (fast != NULL)
        {
          g_autoptr(GListModel) general = NULL;

          g_assert (body != NULL);
          general = chatroutes_decode_messages (body, NULL);
          g_assert (general != NULL);
          g_assert (messages_equal (fast, general));
        }
    }

  if (chatroutes_decode_stream_event (text, size, &event, NULL))
    chatroutes_stream_event_clear (&event);

  newline = size > 0 ? memchr (text, '\n', size) : NULL;
  header = g_strndup (text, newline != NULL ? (gsize) (newline - text) : MIN (size, 64));

  response_error = chatroutes_decode_error_response (statuses[size % G_N_ELEMENTS (statuses)],
                                                     text, size, header);
  g_assert (response_error != NULL && response_error->domain == CHATROUTES_ERROR);
  g_assert (response_error->message != NULL);
  g_error_free (response_error);

  return 0;
}
