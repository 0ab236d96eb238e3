/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-composer.h"

G_BEGIN_DECLS

/* What the entry's key controller does with a key press; tests drive it
 * directly since GTK 4 cannot synthesize key events. */
gboolean   _chatroutes_composer_handle_key  (ChatroutesComposer *self,
                                             guint               keyval,
                                             GdkModifierType     state);
GtkWidget *_chatroutes_composer_get_child   (ChatroutesComposer *self,
                                             const char         *name);

G_END_DECLS
