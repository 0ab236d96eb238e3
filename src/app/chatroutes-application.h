/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-service.h"

G_BEGIN_DECLS

#define CHATROUTES_SETTINGS_SCHEMA "com.chatroutes.Desktop"

/* A lasting problem with the service, shown as a banner. */
typedef enum
{
  CHATROUTES_PROBLEM_NONE,
  CHATROUTES_PROBLEM_BAD_KEY,
  CHATROUTES_PROBLEM_OFFLINE,
} ChatroutesProblem;

GType chatroutes_problem_get_type (void) G_GNUC_CONST;
#define CHATROUTES_TYPE_PROBLEM (chatroutes_problem_get_type ())

#define CHATROUTES_TYPE_APPLICATION (chatroutes_application_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesApplication, chatroutes_application, CHATROUTES, APPLICATION, AdwApplication)

/*
 * Properties (all read-only, notified):
 *   service   ChatroutesService, configured from GSettings and the
 *             environment (CHATROUTES_BASE_URL, CHATROUTES_API_KEY)
 *   ready     TRUE once the stored key was looked up
 *   has-key   whether the service has an API key
 *   account   ChatroutesAccount from /auth/me, or NULL
 *   problem   ChatroutesProblem: why the account could not be read
 */
ChatroutesApplication *chatroutes_application_new            (const char            *application_id,
                                                              GApplicationFlags      flags) G_GNUC_WARN_UNUSED_RESULT;
ChatroutesService     *chatroutes_application_get_service    (ChatroutesApplication *self);
GSettings             *chatroutes_application_get_settings   (ChatroutesApplication *self);
gboolean               chatroutes_application_get_ready      (ChatroutesApplication *self);
gboolean               chatroutes_application_get_has_key    (ChatroutesApplication *self);
ChatroutesAccount     *chatroutes_application_get_account    (ChatroutesApplication *self);
ChatroutesProblem      chatroutes_application_get_problem    (ChatroutesApplication *self);
/* Whether the service address comes from CHATROUTES_BASE_URL. */
gboolean               chatroutes_application_get_base_url_overridden (ChatroutesApplication *self);

/* Gives the service @api_key (NULL: none) without touching the keyring,
 * then reads the account again when there is a key. */
void                   chatroutes_application_set_api_key    (ChatroutesApplication *self,
                                                              const char            *api_key);
/* Like set_api_key() with an account already read for that key. */
void                   chatroutes_application_sign_in        (ChatroutesApplication *self,
                                                              const char            *api_key,
                                                              ChatroutesAccount     *account);
/* Asks /auth/me again (the banners' Retry). */
void                   chatroutes_application_refresh_account (ChatroutesApplication *self);

G_END_DECLS
