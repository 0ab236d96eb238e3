/* SPDX-License-Identifier: MIT */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/*
 * Highlighting definitions for code blocks, loaded off the main thread.
 *
 * GtkSourceView reads and validates a language's definition files the
 * first time a buffer uses the language, and forgets them again when the
 * last such buffer goes: 10–60 ms on the main thread each time a reply or
 * a scrolled-in row brings a language back. Here each language is loaded
 * once, in a worker thread, and kept for the life of the process; code
 * blocks show their text plain until their language is ready.
 */

#define CHATROUTES_TYPE_MARKDOWN_LANGUAGES (chatroutes_markdown_languages_get_type ())

G_DECLARE_FINAL_TYPE (ChatroutesMarkdownLanguages, chatroutes_markdown_languages,
                      CHATROUTES, MARKDOWN_LANGUAGES, GObject)

/* Signal ::ready (GtkSourceLanguage *language): @language can now be set on
 * a buffer without loading anything on the main thread. */

ChatroutesMarkdownLanguages *chatroutes_markdown_languages_get_default (void);

/* TRUE when @language is loaded. Otherwise starts loading it (once) and
 * returns FALSE; ::ready follows. */
gboolean                     chatroutes_markdown_languages_prepare     (ChatroutesMarkdownLanguages *self,
                                                                        GtkSourceLanguage           *language);

/* Whether any language is still being loaded (for tests). */
gboolean                     chatroutes_markdown_languages_is_busy     (ChatroutesMarkdownLanguages *self);

G_END_DECLS
