/* SPDX-License-Identifier: MIT */
#pragma once

/* Whether two lists of messages hold the same values in every property. */

#include "chatroutes-resources.h"

static inline gboolean
messages_equal (GListModel *a,
                GListModel *b)
{
  guint n = g_list_model_get_n_items (a);
  g_autofree GParamSpec **specs = NULL;
  guint n_specs;

  if (n != g_list_model_get_n_items (b))
    return FALSE;
  /* Empty lists: the class may not exist yet. */
  if (n == 0)
    return TRUE;

  specs = g_object_class_list_properties (g_type_class_peek (CHATROUTES_TYPE_MESSAGE), &n_specs);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) x = g_list_model_get_item (a, i);
      g_autoptr(GObject) y = g_list_model_get_item (b, i);

      for (guint j = 0; j < n_specs; j++)
        {
          g_auto(GValue) vx = G_VALUE_INIT;
          g_auto(GValue) vy = G_VALUE_INIT;

          if (!(specs[j]->flags & G_PARAM_READABLE) ||
              g_type_is_a (specs[j]->value_type, G_TYPE_OBJECT))
            continue;

          g_value_init (&vx, specs[j]->value_type);
          g_value_init (&vy, specs[j]->value_type);
          g_object_get_property (x, specs[j]->name, &vx);
          g_object_get_property (y, specs[j]->name, &vy);
          if (g_param_values_cmp (specs[j], &vx, &vy) != 0)
            {
              g_printerr ("message %u differs in “%s”\n", i, specs[j]->name);
              return FALSE;
            }
        }
    }

  return TRUE;
}
