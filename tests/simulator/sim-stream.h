/* SPDX-License-Identifier: MIT */
/* Streaming a reply as Server-Sent Events, with the stream faults. */
#pragma once

#include <libsoup/soup.h>

#include "sim-faults.h"

G_BEGIN_DECLS

/* Called once the last content event is out: stores the reply and
 * returns the members of the "complete" event after "type"
 * ("\"message\":{…},\"usage\":{…},\"model\":\"…\""), or NULL with
 * @error_message set when the reply cannot be stored. */
typedef char *(*SimStreamCompleteFunc) (gpointer     user_data,
                                        const char  *reply,
                                        gint64       elapsed_ms,
                                        char       **error_message);

void sim_stream_start (SoupServerMessage     *msg,
                       const SimFault        *fault,
                       guint                  pace_ms,
                       const char            *model,
                       char                  *reply,
                       SimStreamCompleteFunc  complete,
                       gpointer               user_data,
                       GDestroyNotify         destroy);

void sim_abort_connection (SoupServerMessage *msg,
                           const char        *partial);

G_END_DECLS
