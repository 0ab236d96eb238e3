/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-application.h"
#include "chatroutes-window-private.h"
#include "test-util.h"

G_BEGIN_DECLS

/* The application under test and its one window. */
typedef struct
{
  ChatroutesApplication *app;
  ChatroutesWindow      *window;
} TestApp;

/* Settings back to their defaults, no key in the keyring or environment. */
void      test_app_reset_state    (void);
/* Signs in through CHATROUTES_API_KEY/CHATROUTES_BASE_URL on @sim. */
void      test_app_use_simulator  (TestSimulator *sim);
/* Registers (on the session bus, under a fresh id made from APPLICATION_ID)
 * and activates the application, then waits for its window to draw. */
void      test_app_start          (TestApp       *a);
/* Destroys the window (failing when it leaks) and shuts the application
 * down; it is kept registered until the process ends. */
void      test_app_stop           (TestApp       *a);
/* The id the last test_app_start() registered. */
const char *test_app_get_id       (TestApp       *a);

gboolean  test_app_in_main        (gpointer       data);
gboolean  test_app_sidebar_loaded (gpointer       data);
/* The sidebar's first conversation (owned), once loaded. */
ChatroutesConversation *test_app_first_conversation (TestApp *a) G_GNUC_WARN_UNUSED_RESULT;

void      test_app_set_width      (TestApp       *a,
                                   int            width);
void      test_app_screenshot     (GtkWidget     *widget,
                                   const char    *name);

G_END_DECLS
