/* SPDX-License-Identifier: MIT */
/* The simulator's offline "model": deterministic Markdown replies. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SIM_DEFAULT_MODEL "gpt-5"

typedef struct
{
  const char *id;
  const char *provider;
  double      max_temperature;
  double      input_price;    /* dollars per million tokens */
  double      output_price;
} SimModelInfo;

typedef struct
{
  gsize  target_bytes;   /* 0: the default length */
  guint  target_pieces;  /* 0: no exact count; wins over target_bytes */
  gint64 max_tokens;     /* 0: unlimited; ignored when a target is set */
} SimReplyOptions;

char    *sim_model_reply           (const char            *prompt,
                                    const char            *model,
                                    const SimReplyOptions *options,
                                    gboolean              *truncated) G_GNUC_WARN_UNUSED_RESULT;
gsize    sim_model_next_piece      (const char            *text,
                                    gsize                  pos,
                                    gsize                  len);
guint    sim_model_count_pieces    (const char            *text);
gint64   sim_model_estimate_tokens (const char            *text);
char    *sim_model_topic           (const char            *prompt) G_GNUC_WARN_UNUSED_RESULT;
const SimModelInfo *sim_model_lookup (const char *id);
char    *sim_model_list            (void) G_GNUC_WARN_UNUSED_RESULT;
double   sim_model_cost            (const char            *model,
                                    gint64                 prompt_tokens,
                                    gint64                 completion_tokens);
guint64  sim_model_hash            (const char            *text,
                                    guint64                seed);

G_END_DECLS
