/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-model-catalog.h"

G_BEGIN_DECLS

/*
 * Where a person writes a message: a growing multi-line entry, a model
 * picker, reply options, and Send (Stop while a reply is under way).
 *
 * Properties: catalog (ChatroutesModelCatalog), model (id), temperature
 * (clamped to the model's range), max-tokens (0: the service's default),
 * stream, busy, text.
 *
 * Signals: ::send (const char *text) when the person sends; the host reads
 * the options from the properties and calls chatroutes_composer_clear()
 * once it has taken the text, so a refused send loses nothing. ::stop
 * when the person asks to stop the reply under way.
 *
 * Actions: composer.send, composer.newline, composer.stop,
 * composer.pick-model (s). Enter and Ctrl+Enter send, Shift+Enter breaks
 * the line, Escape stops.
 */
#define CHATROUTES_TYPE_COMPOSER (chatroutes_composer_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesComposer, chatroutes_composer, CHATROUTES, COMPOSER, GtkWidget)

GtkWidget              *chatroutes_composer_new             (void);

ChatroutesModelCatalog *chatroutes_composer_get_catalog     (ChatroutesComposer     *self);
void                    chatroutes_composer_set_catalog     (ChatroutesComposer     *self,
                                                             ChatroutesModelCatalog *catalog);
const char             *chatroutes_composer_get_model       (ChatroutesComposer     *self);
void                    chatroutes_composer_set_model       (ChatroutesComposer     *self,
                                                             const char             *model_id);
double                  chatroutes_composer_get_temperature (ChatroutesComposer     *self);
void                    chatroutes_composer_set_temperature (ChatroutesComposer     *self,
                                                             double                  temperature);
int                     chatroutes_composer_get_max_tokens  (ChatroutesComposer     *self);
void                    chatroutes_composer_set_max_tokens  (ChatroutesComposer     *self,
                                                             int                     max_tokens);
gboolean                chatroutes_composer_get_stream      (ChatroutesComposer     *self);
void                    chatroutes_composer_set_stream      (ChatroutesComposer     *self,
                                                             gboolean                stream);
gboolean                chatroutes_composer_get_busy        (ChatroutesComposer     *self);
void                    chatroutes_composer_set_busy        (ChatroutesComposer     *self,
                                                             gboolean                busy);
/* The text as typed (owned). */
char                   *chatroutes_composer_dup_text        (ChatroutesComposer     *self) G_GNUC_WARN_UNUSED_RESULT;
void                    chatroutes_composer_set_text        (ChatroutesComposer     *self,
                                                             const char             *text);

/* Empties the entry; call after the host has taken the sent text. */
void                    chatroutes_composer_clear           (ChatroutesComposer     *self);
/* An inline error under the entry until the text changes or it is cleared. */
void                    chatroutes_composer_show_error      (ChatroutesComposer     *self,
                                                             const char             *message);
void                    chatroutes_composer_clear_error     (ChatroutesComposer     *self);
void                    chatroutes_composer_focus           (ChatroutesComposer     *self);

G_END_DECLS
