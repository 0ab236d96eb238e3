/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "chatroutes-i18n.h"

const char *
chatroutes_i18n_init (void)
{
  const char *locale_dir = g_getenv ("CHATROUTES_LOCALEDIR");

  /* Only honoured when set: tests and uninstalled runs point it at the
   * catalogs the build compiles into <build>/po/<lang>/LC_MESSAGES. */
  if (locale_dir == NULL || locale_dir[0] == '\0')
    locale_dir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return locale_dir;
}
