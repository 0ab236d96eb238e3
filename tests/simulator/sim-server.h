/* SPDX-License-Identifier: MIT */
/* The HTTP side of the simulator: routes, authentication, faults. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SIM_BASE_PATH "/api/v1"

typedef struct
{
  char     *api_key;
  char     *state_path;
  guint     pace_ms;
  guint     seed_conversations;
  guint     seed_messages;
  guint     seed_branches;
  guint     stream_events;
  guint64   reply_bytes;
  gboolean  verbose;
} SimOptions;

typedef struct _SimServer SimServer;

SimServer  *sim_server_new        (const SimOptions  *options,
                                   GError           **error);
void        sim_server_free       (SimServer         *sim);
SoupServer *sim_server_get_soup   (SimServer         *sim);
gboolean    sim_server_save_now   (SimServer         *sim,
                                   GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimServer, sim_server_free)

G_END_DECLS
