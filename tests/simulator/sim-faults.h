/* SPDX-License-Identifier: MIT */
/* Fault specs ("status=503;body=html") and the queue of faults armed
 * through the control endpoint. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  SIM_BODY_NORMAL,
  SIM_BODY_MALFORMED,
  SIM_BODY_EMPTY,
  SIM_BODY_HTML,
  SIM_BODY_WRONGTYPE,
} SimBodyFault;

typedef enum
{
  SIM_SHAPE_CANONICAL,
  SIM_SHAPE_BARE,
  SIM_SHAPE_LEGACY,
} SimShape;

typedef enum
{
  SIM_EOL_LF,
  SIM_EOL_CRLF,
  SIM_EOL_CR,
} SimEol;

typedef struct
{
  guint        status;                   /* 0: unset */
  gint         retry_after;              /* -1: unset */
  gboolean     retry_after_header_only;
  SimBodyFault body;
  SimShape     shape;
  gint         cut_after;                /* -1: unset */
  GArray      *split;                    /* guint64 byte offsets, ascending */
  gint         stall_ms;                 /* -1: unset */
  gint         delay_ms;                 /* -1: unset */
  SimEol       eol;
  gboolean     multiline;
  gboolean     comments;
  gboolean     error_event;
  gboolean     drop;
  GString     *description;              /* the specs applied, for the log */
} SimFault;

SimFault *sim_fault_new      (void);
SimFault *sim_fault_copy     (const SimFault *fault);
void      sim_fault_free     (SimFault       *fault);
gboolean  sim_fault_parse    (SimFault       *fault,
                              const char     *spec,
                              GError        **error);
gboolean  sim_fault_is_empty (const SimFault *fault);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimFault, sim_fault_free)

typedef struct _SimFaultQueue SimFaultQueue;

SimFaultQueue *sim_fault_queue_new    (void);
void           sim_fault_queue_free   (SimFaultQueue  *queue);
void           sim_fault_queue_clear  (SimFaultQueue  *queue);
gboolean       sim_fault_queue_add    (SimFaultQueue  *queue,
                                       JsonObject     *item,
                                       GError        **error);
char          *sim_fault_queue_take   (SimFaultQueue  *queue,
                                       const char     *method,
                                       const char     *path) G_GNUC_WARN_UNUSED_RESULT;
guint          sim_fault_queue_length (SimFaultQueue  *queue);
void           sim_fault_queue_write  (SimFaultQueue  *queue,
                                       GString        *out);

G_END_DECLS
