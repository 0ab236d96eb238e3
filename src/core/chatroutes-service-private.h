/* SPDX-License-Identifier: MIT */
#pragma once

#include <libsoup/soup.h>

#include "chatroutes-retry.h"
#include "chatroutes-service.h"

G_BEGIN_DECLS

/* Schedules @func after @seconds; returns a source id for g_source_remove(). */
typedef guint (*ChatroutesScheduleFunc) (double         seconds,
                                         GSourceFunc    func,
                                         gpointer       data,
                                         gpointer       user_data);

/* Tests replace the clock of the retry waits and the jitter. @jitter < 0
 * restores random jitter. */
void          _chatroutes_service_set_schedule_func (ChatroutesService      *self,
                                                     ChatroutesScheduleFunc  func,
                                                     gpointer                user_data);
void          _chatroutes_service_set_jitter        (ChatroutesService      *self,
                                                     double                  jitter);

SoupSession  *_chatroutes_service_get_session       (ChatroutesService      *self);
/* A request to @path (already escaped, starting with '/') with the
 * authorization and content headers set; @body may be NULL. */
SoupMessage  *_chatroutes_service_new_message       (ChatroutesService      *self,
                                                     const char             *method,
                                                     const char             *path,
                                                     GBytes                 *body,
                                                     GError                **error);
void          _chatroutes_service_get_retry_policy  (ChatroutesService      *self,
                                                     ChatroutesRetryPolicy  *policy);
double        _chatroutes_service_next_jitter       (ChatroutesService      *self);
guint         _chatroutes_service_schedule          (ChatroutesService      *self,
                                                     double                  seconds,
                                                     GSourceFunc             func,
                                                     gpointer                data);
/* Maps a transport error (not cancellation) to CHATROUTES_ERROR_NETWORK or _PROTOCOL. */
GError       *_chatroutes_service_map_transport_error (const GError         *error,
                                                       gboolean              timed_out);

ChatroutesStream *_chatroutes_stream_new (ChatroutesService *service,
                                          const char        *conversation_id,
                                          const char        *branch_id,
                                          const char        *prompt,
                                          const char        *path,
                                          GBytes            *body);
void              _chatroutes_stream_start (ChatroutesStream *self);

G_END_DECLS
