/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The API key lives in the Secret Service (the login keyring; inside a
 * Flatpak, the Secret portal), never in settings or files. Only the simple
 * password API is used, since that is what the portal supports.
 */

void      chatroutes_secret_lookup_api_key_async  (GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* Returns NULL with no error when no key is stored. Free with
 * chatroutes_secret_free(). */
char     *chatroutes_secret_lookup_api_key_finish (GAsyncResult         *result,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* For command-line tools only: blocks. */
char     *chatroutes_secret_lookup_api_key_sync   (GCancellable         *cancellable,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;

void      chatroutes_secret_store_api_key_async   (const char           *api_key,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean  chatroutes_secret_store_api_key_finish  (GAsyncResult         *result,
                                                   GError              **error);
gboolean  chatroutes_secret_store_api_key_sync    (const char           *api_key,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

void      chatroutes_secret_clear_api_key_async   (GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean  chatroutes_secret_clear_api_key_finish  (GAsyncResult         *result,
                                                   GError              **error);
gboolean  chatroutes_secret_clear_api_key_sync    (GCancellable         *cancellable,
                                                   GError              **error);

/* Wipes and frees a key. */
void      chatroutes_secret_free                  (char                 *api_key);

G_END_DECLS
