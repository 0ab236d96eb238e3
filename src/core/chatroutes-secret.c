/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <libsecret/secret.h>

#include "chatroutes-secret.h"

#define KEY_LABEL "ChatRoutes API key"

static const SecretSchema *
api_key_schema (void)
{
  static const SecretSchema schema = {
    "com.chatroutes.Desktop.ApiKey", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}

void
chatroutes_secret_free (char *api_key)
{
  if (api_key)
    secret_password_free (api_key);
}

void
chatroutes_secret_lookup_api_key_async (GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  secret_password_lookup (api_key_schema (), cancellable, callback, user_data,
                          "kind", "api-key", NULL);
}

char *
chatroutes_secret_lookup_api_key_finish (GAsyncResult  *result,
                                         GError       **error)
{
  return secret_password_lookup_finish (result, error);
}

char *
chatroutes_secret_lookup_api_key_sync (GCancellable  *cancellable,
                                       GError       **error)
{
  return secret_password_lookup_sync (api_key_schema (), cancellable, error,
                                      "kind", "api-key", NULL);
}

void
chatroutes_secret_store_api_key_async (const char          *api_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (api_key != NULL);

  secret_password_store (api_key_schema (), SECRET_COLLECTION_DEFAULT, KEY_LABEL, api_key,
                         cancellable, callback, user_data,
                         "kind", "api-key", NULL);
}

gboolean
chatroutes_secret_store_api_key_finish (GAsyncResult  *result,
                                        GError       **error)
{
  return secret_password_store_finish (result, error);
}

gboolean
chatroutes_secret_store_api_key_sync (const char    *api_key,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_return_val_if_fail (api_key != NULL, FALSE);

  return secret_password_store_sync (api_key_schema (), SECRET_COLLECTION_DEFAULT, KEY_LABEL,
                                     api_key, cancellable, error,
                                     "kind", "api-key", NULL);
}

void
chatroutes_secret_clear_api_key_async (GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  secret_password_clear (api_key_schema (), cancellable, callback, user_data,
                         "kind", "api-key", NULL);
}

gboolean
chatroutes_secret_clear_api_key_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  /* Nothing to clear is not a failure. */
  if (!secret_password_clear_finish (result, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
chatroutes_secret_clear_api_key_sync (GCancellable  *cancellable,
                                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!secret_password_clear_sync (api_key_schema (), cancellable, &local_error,
                                   "kind", "api-key", NULL) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
