/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include "chatroutes-error.h"

typedef struct
{
  guint status;
  double retry_after;
  char *code;
  char *details;
} ChatroutesErrorPrivate;

static void
chatroutes_error_private_init (ChatroutesErrorPrivate *priv)
{
  priv->status = 0;
  priv->retry_after = -1;
  priv->code = NULL;
  priv->details = NULL;
}

static void
chatroutes_error_private_copy (const ChatroutesErrorPrivate *src,
                               ChatroutesErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->retry_after = src->retry_after;
  dest->code = g_strdup (src->code);
  dest->details = g_strdup (src->details);
}

static void
chatroutes_error_private_clear (ChatroutesErrorPrivate *priv)
{
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->details, g_free);
}

/* The macro casts the error's storage to the private struct, which
 * clang's -Wcast-align flags although GLib aligns it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-align"
G_DEFINE_EXTENDED_ERROR (ChatroutesError, chatroutes_error)
#pragma GCC diagnostic pop

static ChatroutesErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != CHATROUTES_ERROR)
    return NULL;
  return chatroutes_error_get_private (error);
}

guint
chatroutes_error_get_status (const GError *error)
{
  ChatroutesErrorPrivate *priv = get_private (error);
  return priv ? priv->status : 0;
}

double
chatroutes_error_get_retry_after (const GError *error)
{
  ChatroutesErrorPrivate *priv = get_private (error);
  return priv ? priv->retry_after : -1;
}

const char *
chatroutes_error_get_code (const GError *error)
{
  ChatroutesErrorPrivate *priv = get_private (error);
  return priv ? priv->code : NULL;
}

const char *
chatroutes_error_get_details (const GError *error)
{
  ChatroutesErrorPrivate *priv = get_private (error);
  return priv ? priv->details : NULL;
}

void
chatroutes_error_set_status (GError *error,
                             guint   status)
{
  ChatroutesErrorPrivate *priv = get_private (error);
  g_return_if_fail (priv != NULL);
  priv->status = status;
}

void
chatroutes_error_set_retry_after (GError *error,
                                  double  seconds)
{
  ChatroutesErrorPrivate *priv = get_private (error);
  g_return_if_fail (priv != NULL);
  priv->retry_after = seconds;
}

void
chatroutes_error_set_code (GError     *error,
                           const char *code)
{
  ChatroutesErrorPrivate *priv = get_private (error);
  g_return_if_fail (priv != NULL);
  g_free (priv->code);
  priv->code = g_strdup (code);
}

void
chatroutes_error_set_details (GError     *error,
                              const char *details)
{
  ChatroutesErrorPrivate *priv = get_private (error);
  g_return_if_fail (priv != NULL);
  g_free (priv->details);
  priv->details = g_strdup (details);
}

ChatroutesError
chatroutes_error_from_status (guint status)
{
  if (status == 400 || status == 422)
    return CHATROUTES_ERROR_VALIDATION;
  if (status == 401 || status == 403)
    return CHATROUTES_ERROR_AUTHENTICATION;
  if (status == 404 || status == 410)
    return CHATROUTES_ERROR_NOT_FOUND;
  if (status == 429)
    return CHATROUTES_ERROR_RATE_LIMITED;
  if (status >= 500 && status < 600)
    return CHATROUTES_ERROR_SERVER;
  return CHATROUTES_ERROR_FAILED;
}

gboolean
chatroutes_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != CHATROUTES_ERROR)
    return FALSE;
  return error->code == CHATROUTES_ERROR_NETWORK ||
         error->code == CHATROUTES_ERROR_SERVER;
}
