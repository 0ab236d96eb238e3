/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <math.h>

#include "chatroutes-error.h"
#include "chatroutes-retry.h"

gboolean
chatroutes_retry_method_is_idempotent (const char *method)
{
  return g_strcmp0 (method, "GET") == 0 ||
         g_strcmp0 (method, "HEAD") == 0 ||
         g_strcmp0 (method, "PUT") == 0 ||
         g_strcmp0 (method, "PATCH") == 0 ||
         g_strcmp0 (method, "DELETE") == 0;
}

double
chatroutes_retry_backoff (const ChatroutesRetryPolicy *policy,
                          guint                        attempt,
                          double                       random01)
{
  double full;

  g_return_val_if_fail (policy != NULL, 0);

  /* 2^attempt overflows nothing we care about past 60 steps. */
  full = policy->delay * ldexp (1.0, (int) MIN (attempt, 60));
  if (policy->max_delay > 0 && full > policy->max_delay)
    full = policy->max_delay;
  if (full < 0)
    full = 0;

  /* Jitter in [full/2, full): clients that failed together spread out,
   * and none retries sooner than half the schedule. */
  random01 = CLAMP (random01, 0.0, 1.0);
  return full / 2 + full / 2 * random01;
}

gboolean
chatroutes_retry_should_retry (const ChatroutesRetryPolicy *policy,
                               const char                  *method,
                               ChatroutesRequestOutcome     outcome,
                               const GError                *error,
                               guint                        attempt,
                               double                       random01,
                               double                      *out_delay)
{
  gboolean idempotent;
  gboolean allowed = FALSE;
  double wait;
  double retry_after;

  g_return_val_if_fail (policy != NULL, FALSE);

  if (out_delay)
    *out_delay = 0;

  if (error == NULL || error->domain != CHATROUTES_ERROR)
    return FALSE;
  if (attempt >= policy->attempts)
    return FALSE;

  idempotent = chatroutes_retry_method_is_idempotent (method);

  switch ((ChatroutesError) error->code)
    {
    case CHATROUTES_ERROR_NETWORK:
      allowed = idempotent || outcome == CHATROUTES_REQUEST_NOT_SENT;
      break;

    case CHATROUTES_ERROR_SERVER:
      allowed = idempotent || chatroutes_error_get_status (error) == 503;
      break;

    case CHATROUTES_ERROR_FAILED:
    case CHATROUTES_ERROR_VALIDATION:
    case CHATROUTES_ERROR_AUTHENTICATION:
    case CHATROUTES_ERROR_NOT_FOUND:
    case CHATROUTES_ERROR_RATE_LIMITED:
    case CHATROUTES_ERROR_PROTOCOL:
    case CHATROUTES_ERROR_INSECURE:
    case CHATROUTES_ERROR_INTERRUPTED:
    default:
      allowed = FALSE;
      break;
    }

  if (!allowed)
    return FALSE;

  wait = chatroutes_retry_backoff (policy, attempt, random01);
  retry_after = chatroutes_error_get_retry_after (error);
  if (retry_after >= 0)
    {
      if (policy->max_delay > 0 && retry_after > policy->max_delay)
        return FALSE;
      wait = MAX (wait, retry_after);
    }

  if (out_delay)
    *out_delay = wait;
  return TRUE;
}
