/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-core"

#include "config.h"

#include <string.h>

#include "chatroutes-branch-compare.h"

guint
chatroutes_branch_compare_common_length (GPtrArray *a,
                                         GPtrArray *b)
{
  guint n;
  guint i;

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  n = MIN (a->len, b->len);
  for (i = 0; i < n; i++)
    {
      const char *id_a = chatroutes_message_get_id (a->pdata[i]);
      const char *id_b = chatroutes_message_get_id (b->pdata[i]);

      if (id_a == NULL || id_b == NULL || strcmp (id_a, id_b) != 0)
        break;
    }
  return i;
}

void
chatroutes_branch_compare_summarize (GPtrArray               *path,
                                     guint                    from,
                                     ChatroutesBranchSummary *summary)
{
  g_return_if_fail (path != NULL);
  g_return_if_fail (summary != NULL);

  summary->n_messages = 0;
  summary->tokens = -1;
  summary->model = NULL;
  summary->temperature = -1;

  for (guint i = from; i < path->len; i++)
    {
      ChatroutesMessage *message = path->pdata[i];
      gint64 tokens = chatroutes_message_get_token_count (message);
      const char *model = chatroutes_message_get_model (message);
      double temperature = chatroutes_message_get_temperature (message);

      summary->n_messages++;
      if (tokens >= 0)
        summary->tokens = MAX (summary->tokens, 0) + tokens;
      if (model == NULL)
        model = chatroutes_message_get_metadata_model (message);
      if (model != NULL)
        summary->model = model;
      if (temperature >= 0)
        summary->temperature = temperature;
    }
}
