/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-application.h"
#include "chatroutes-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ChatroutesApplication) app = NULL;

  /* setlocale(), bindtextdomain(), bind_textdomain_codeset(), textdomain() */
  chatroutes_i18n_init ();

  g_set_application_name (_("ChatRoutes"));

  app = chatroutes_application_new (APPLICATION_ID, G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
