/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-core.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_SUGGESTIONS_DIALOG (chatroutes_suggestions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesSuggestionsDialog, chatroutes_suggestions_dialog, CHATROUTES, SUGGESTIONS_DIALOG, AdwDialog)

/*
 * The places in @text where the autobranch service suggests a branch:
 * each with its title, description, confidence and the trigger words
 * highlighted in the text. Choosing one ("Create Branch", or the action
 * suggestions.choose with its index) emits ::suggestion-chosen
 * (ChatroutesSuggestion *suggestion).
 */
AdwDialog  *chatroutes_suggestions_dialog_new        (const char                  *text,
                                                      GListModel                  *suggestions);
const char *chatroutes_suggestions_dialog_get_text   (ChatroutesSuggestionsDialog *self);
GListModel *chatroutes_suggestions_dialog_get_suggestions (ChatroutesSuggestionsDialog *self);

/* What a branch made from @suggestion starts with: the sentence of the
 * text that begins at its trigger words (or the trigger words alone). */
char       *chatroutes_suggestions_dialog_dup_prompt (ChatroutesSuggestionsDialog *self,
                                                      ChatroutesSuggestion        *suggestion) G_GNUC_WARN_UNUSED_RESULT;

/* The part of @text a suggestion is shown with (all of it when short),
 * and the byte range of its trigger words within that part (-1 when the
 * branch point is not usable). For tests and for the dialog's rows. */
char       *chatroutes_suggestion_excerpt            (const char                  *text,
                                                      ChatroutesSuggestion        *suggestion,
                                                      int                         *highlight_start,
                                                      int                         *highlight_end) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
