/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Unsent text, one draft per conversation branch (the branch may be NULL
 * for a conversation's main line). Drafts live in memory and are written
 * to a JSON file a short while after the last change, atomically and
 * without blocking; a failed write keeps every draft in memory, sets
 * :error and emits ::save-failed, and the next change tries again.
 *
 * Properties: path (construct-only; NULL means
 * $XDG_DATA_HOME/chatroutes/drafts.json), save-delay (ms, 500),
 * error (GError, the last write's failure, or NULL), n-drafts.
 *
 * Signals: ::saved after each successful write; ::save-failed (GError *).
 */
#define CHATROUTES_TYPE_DRAFT_STORE (chatroutes_draft_store_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesDraftStore, chatroutes_draft_store, CHATROUTES, DRAFT_STORE, GObject)

ChatroutesDraftStore *chatroutes_draft_store_new            (const char            *path) G_GNUC_WARN_UNUSED_RESULT;

const char           *chatroutes_draft_store_get_path       (ChatroutesDraftStore  *self);
guint                 chatroutes_draft_store_get_save_delay (ChatroutesDraftStore  *self);
void                  chatroutes_draft_store_set_save_delay (ChatroutesDraftStore  *self,
                                                             guint                  delay_ms);
const GError         *chatroutes_draft_store_get_error      (ChatroutesDraftStore  *self);
guint                 chatroutes_draft_store_get_n_drafts   (ChatroutesDraftStore  *self);

/* Reads the file, for startup. A missing file is no error; a corrupt one
 * leaves the store empty and returns CHATROUTES_ERROR_PROTOCOL. Drafts
 * already set in memory win over the file's. */
gboolean              chatroutes_draft_store_load           (ChatroutesDraftStore  *self,
                                                             GError               **error);
void                  chatroutes_draft_store_load_async     (ChatroutesDraftStore  *self,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
gboolean              chatroutes_draft_store_load_finish    (ChatroutesDraftStore  *self,
                                                             GAsyncResult          *result,
                                                             GError               **error);

/* The draft's text, or NULL when there is none. */
const char           *chatroutes_draft_store_get            (ChatroutesDraftStore  *self,
                                                             const char            *conversation_id,
                                                             const char            *branch_id);
/* NULL or "" (or only white space) removes the draft. */
void                  chatroutes_draft_store_set            (ChatroutesDraftStore  *self,
                                                             const char            *conversation_id,
                                                             const char            *branch_id,
                                                             const char            *text);
void                  chatroutes_draft_store_remove         (ChatroutesDraftStore  *self,
                                                             const char            *conversation_id,
                                                             const char            *branch_id);

/* Writes pending changes now, synchronously (for shutdown). TRUE when
 * nothing was pending or the write succeeded. */
gboolean              chatroutes_draft_store_flush          (ChatroutesDraftStore  *self,
                                                             GError               **error);

G_END_DECLS
