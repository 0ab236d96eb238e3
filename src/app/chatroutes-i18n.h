/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the locale from the environment and binds the application's message
 * catalog. The catalogs come from LOCALEDIR, or from $CHATROUTES_LOCALEDIR
 * when it is set (an uninstalled build: <build>/po). Returns the folder
 * used. */
const char *chatroutes_i18n_init (void);

G_END_DECLS
