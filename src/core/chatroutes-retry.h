/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * When to try a request again, and how long to wait first. Pure functions,
 * so the policy can be tested without a network or a clock.
 *
 * - Idempotent requests (GET, PATCH, DELETE) retry on network errors and
 *   5xx.
 * - A POST is never repeated once it may have reached the server (that
 *   could send a message twice): it retries only when the request never
 *   left (no connection was made, nothing written), or when the server
 *   answered 503, which says it did not take the request.
 * - 429 is not retried here: the caller gets the wait and decides (a
 *   person should see it).
 * - The wait is retry_delay * 2^attempt, capped at max_delay, with jitter
 *   drawn from [half, full]; a Retry-After from the server replaces it when
 *   longer. A Retry-After over the cap stops the retries: the caller gets
 *   the error and the wait.
 */
typedef struct
{
  guint  attempts;  /* extra tries after the first */
  double delay;     /* base delay in seconds */
  double max_delay; /* cap of one wait, in seconds */
} ChatroutesRetryPolicy;

typedef enum
{
  CHATROUTES_REQUEST_NOT_SENT,    /* failed before any byte was written */
  CHATROUTES_REQUEST_MAYBE_SENT,  /* written, no answer: the server may have acted */
  CHATROUTES_REQUEST_ANSWERED,    /* the server answered with a status */
} ChatroutesRequestOutcome;

gboolean chatroutes_retry_method_is_idempotent (const char *method);

/* @attempt: how many retries were made so far (0 after the first failure).
 * @error: the failure (CHATROUTES_ERROR domain). Returns TRUE and the wait in
 * @out_delay when another try is allowed. @random01 is in [0, 1). */
gboolean chatroutes_retry_should_retry (const ChatroutesRetryPolicy *policy,
                                        const char                  *method,
                                        ChatroutesRequestOutcome     outcome,
                                        const GError                *error,
                                        guint                        attempt,
                                        double                       random01,
                                        double                      *out_delay);

/* The backoff wait without a Retry-After. */
double   chatroutes_retry_backoff      (const ChatroutesRetryPolicy *policy,
                                        guint                        attempt,
                                        double                       random01);

G_END_DECLS
