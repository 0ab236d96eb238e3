/* SPDX-License-Identifier: MIT */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CHATROUTES_TYPE_SEARCH_PROVIDER (chatroutes_search_provider_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesSearchProvider, chatroutes_search_provider, CHATROUTES, SEARCH_PROVIDER, GObject)

/*
 * GNOME Shell's search provider (org.gnome.Shell.SearchProvider2): finds
 * conversations whose titles hold every word typed. The conversations are
 * read from the service once, then kept for a minute, so typing does not
 * ask the service again. Activating a result opens it
 * (app.open-conversation); continuing the search opens the window with
 * the words in the sidebar's search.
 *
 * @application is a ChatroutesApplication; its service is used once it is
 * ready and has a key (until then answers wait; without a key there are no
 * results).
 */
ChatroutesSearchProvider *chatroutes_search_provider_new      (GApplication             *application) G_GNUC_WARN_UNUSED_RESULT;
gboolean                  chatroutes_search_provider_export   (ChatroutesSearchProvider *self,
                                                               GDBusConnection          *connection,
                                                               const char               *object_path,
                                                               GError                  **error);
void                      chatroutes_search_provider_unexport (ChatroutesSearchProvider *self);

/* Whether @title holds every one of @terms, ignoring case and accents. */
gboolean                  chatroutes_search_provider_matches  (const char               *title,
                                                               const char * const       *terms);

G_END_DECLS
