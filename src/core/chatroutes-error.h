/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CHATROUTES_ERROR (chatroutes_error_quark ())

/**
 * ChatroutesError:
 * @CHATROUTES_ERROR_FAILED: any other failure, such as an unexpected 4xx status
 * @CHATROUTES_ERROR_VALIDATION: the service rejected the request (400)
 * @CHATROUTES_ERROR_AUTHENTICATION: missing or invalid API key (401, 403)
 * @CHATROUTES_ERROR_NOT_FOUND: no such conversation, branch or message (404)
 * @CHATROUTES_ERROR_RATE_LIMITED: too many requests (429); see
 *   chatroutes_error_get_retry_after()
 * @CHATROUTES_ERROR_SERVER: the service failed (5xx)
 * @CHATROUTES_ERROR_NETWORK: DNS, refused, reset, TLS or timeout
 * @CHATROUTES_ERROR_PROTOCOL: the response could not be understood
 * @CHATROUTES_ERROR_INSECURE: plain HTTP to a remote host was refused
 * @CHATROUTES_ERROR_INTERRUPTED: a streamed reply ended before it completed
 *
 * Cancellation is always reported as %G_IO_ERROR_CANCELLED, never in this domain.
 */
typedef enum
{
  CHATROUTES_ERROR_FAILED,
  CHATROUTES_ERROR_VALIDATION,
  CHATROUTES_ERROR_AUTHENTICATION,
  CHATROUTES_ERROR_NOT_FOUND,
  CHATROUTES_ERROR_RATE_LIMITED,
  CHATROUTES_ERROR_SERVER,
  CHATROUTES_ERROR_NETWORK,
  CHATROUTES_ERROR_PROTOCOL,
  CHATROUTES_ERROR_INSECURE,
  CHATROUTES_ERROR_INTERRUPTED,
} ChatroutesError;

GQuark       chatroutes_error_quark           (void);

/* HTTP status that caused the error, or 0 when none (network, protocol). */
guint        chatroutes_error_get_status      (const GError *error);
/* Seconds the service asked us to wait (429, sometimes 503), or -1. */
double       chatroutes_error_get_retry_after (const GError *error);
/* The service's short code ("error" field), or NULL. */
const char  *chatroutes_error_get_code        (const GError *error);
/* The service's "details" as compact JSON, or NULL. */
const char  *chatroutes_error_get_details     (const GError *error);

void         chatroutes_error_set_status      (GError     *error,
                                               guint       status);
void         chatroutes_error_set_retry_after (GError     *error,
                                               double      seconds);
void         chatroutes_error_set_code        (GError     *error,
                                               const char *code);
void         chatroutes_error_set_details     (GError     *error,
                                               const char *details);

/* The error class of an HTTP status (>= 400). */
ChatroutesError chatroutes_error_from_status  (guint status);

/* TRUE for network errors and 5xx: what an idempotent request may retry. */
gboolean     chatroutes_error_is_transient    (const GError *error);

G_END_DECLS
