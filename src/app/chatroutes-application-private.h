/* SPDX-License-Identifier: MIT */
#pragma once

#include "chatroutes-application.h"

G_BEGIN_DECLS

/* How often the service is asked again while it cannot be reached (10 s
 * unless a test makes it shorter). */
void _chatroutes_application_set_recheck_interval (ChatroutesApplication *self,
                                                   guint                  ms);

G_END_DECLS
