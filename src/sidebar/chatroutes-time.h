/* SPDX-License-Identifier: MIT */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A short phrase for when @then happened, seen from @now: "Just now",
 * "5 minutes ago", "3 hours ago", "Yesterday", a weekday within the last
 * week, else a short date (with the year when it is not @now's year).
 * Calendar days are those of @now's time zone. */
char *chatroutes_format_relative_time (GDateTime *then,
                                       GDateTime *now) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
