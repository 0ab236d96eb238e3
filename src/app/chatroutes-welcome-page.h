/* SPDX-License-Identifier: MIT */
#pragma once

#include <adwaita.h>

#include "chatroutes-service.h"

G_BEGIN_DECLS

#define CHATROUTES_TYPE_WELCOME_PAGE (chatroutes_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (ChatroutesWelcomePage, chatroutes_welcome_page, CHATROUTES, WELCOME_PAGE, AdwBin)

/*
 * The first-run page: asks for an API key (and, under Advanced, the
 * service address), checks it against /auth/me, stores it in the Secret
 * Service and the address in GSettings, then emits ::signed-in
 * (const char *api_key, ChatroutesAccount *account).
 *
 * Property busy: TRUE while checking.
 */
GtkWidget  *chatroutes_welcome_page_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void        chatroutes_welcome_page_set_base_url (ChatroutesWelcomePage *self,
                                                  const char            *base_url);
gboolean    chatroutes_welcome_page_get_busy     (ChatroutesWelcomePage *self);
/* Clears the key row, e.g. after the key was removed. */
void        chatroutes_welcome_page_reset        (ChatroutesWelcomePage *self);

G_END_DECLS
