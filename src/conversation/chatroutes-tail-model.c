/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-conversation"

#include "config.h"

#include "chatroutes-tail-model.h"

/* Shown at once: enough rows to fill a tall window. */
#define FIRST_ITEMS 8
/* Brought in per idle callback, up to SHOWN_BY_ITSELF: several screens of
 * messages. Older ones come when asked for (a reader reaching the top), so
 * a list view keeps rows for what is near, not for the 200 items it would
 * keep around any position. */
#define STEP_ITEMS 8
#define SHOWN_BY_ITSELF 24

struct _ChatroutesTailModel
{
  GObject parent_instance;

  GListModel *model;
  guint held;      /* the model's first items, not shown yet */
  guint n_items;   /* the model's length, as last seen */
  guint reveal_id;
  gboolean paused;
};

enum {
  PROP_0,
  PROP_HELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChatroutesTailModel, chatroutes_tail_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
tail_get_item_type (GListModel *list)
{
  ChatroutesTailModel *self = CHATROUTES_TAIL_MODEL (list);

  return self->model ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
tail_get_n_items (GListModel *list)
{
  ChatroutesTailModel *self = CHATROUTES_TAIL_MODEL (list);

  return self->n_items - self->held;
}

static gpointer
tail_get_item (GListModel *list,
               guint       position)
{
  ChatroutesTailModel *self = CHATROUTES_TAIL_MODEL (list);

  if (self->model == NULL || position >= self->n_items - self->held)
    return NULL;
  return g_list_model_get_item (self->model, position + self->held);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tail_get_item_type;
  iface->get_n_items = tail_get_n_items;
  iface->get_item = tail_get_item;
}

static void
set_held (ChatroutesTailModel *self,
          guint                held)
{
  if (self->held == held)
    return;
  self->held = held;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
}

static void
reveal (ChatroutesTailModel *self,
        guint                n)
{
  n = MIN (n, self->held);
  if (n == 0)
    return;
  set_held (self, self->held - n);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n);
}

static gboolean
reveal_cb (gpointer data)
{
  ChatroutesTailModel *self = data;

  reveal (self, STEP_ITEMS);

  if (self->held > 0 && self->n_items - self->held < SHOWN_BY_ITSELF)
    return G_SOURCE_CONTINUE;
  self->reveal_id = 0;
  return G_SOURCE_REMOVE;
}

static void
hold_back (ChatroutesTailModel *self,
           guint                held)
{
  set_held (self, held);
  if (held > 0 && self->reveal_id == 0 && !self->paused &&
      self->n_items - held < SHOWN_BY_ITSELF)
    /* After drawing, and after a list view following its end has moved
     * there (G_PRIORITY_LOW), so each step is drawn where it belongs. */
    self->reveal_id = g_idle_add_full (G_PRIORITY_LOW + 10, reveal_cb, self, NULL);
  else if (held == 0)
    g_clear_handle_id (&self->reveal_id, g_source_remove);
}

static void
on_items_changed (GListModel          *model,
                  guint                position,
                  guint                removed,
                  guint                added,
                  ChatroutesTailModel *self)
{
  guint old_n = self->n_items;
  guint old_shown = old_n - self->held;

  self->n_items = old_n - removed + added;

  if (removed == old_n && self->n_items > FIRST_ITEMS)
    {
      /* The whole list, new: its end first. */
      hold_back (self, self->n_items - FIRST_ITEMS);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_shown, FIRST_ITEMS);
    }
  else if (position >= self->held)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position - self->held, removed, added);
    }
  else if (position + removed <= self->held)
    {
      /* Only held-back items changed: nothing shown moves. */
      hold_back (self, self->held - removed + added);
    }
  else
    {
      /* A change reaching into what is shown: show it from its start. */
      guint shown_removed = position + removed - self->held;

      hold_back (self, position);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, shown_removed, added);
    }
}

void
chatroutes_tail_model_set_model (ChatroutesTailModel *self,
                                 GListModel          *model)
{
  guint old_shown;

  g_return_if_fail (CHATROUTES_IS_TAIL_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  old_shown = self->n_items - self->held;
  if (self->model)
    {
      g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
      g_clear_object (&self->model);
    }
  self->n_items = 0;
  hold_back (self, 0);

  if (model)
    {
      self->model = g_object_ref (model);
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
      self->n_items = g_list_model_get_n_items (model);
      if (self->n_items > FIRST_ITEMS)
        hold_back (self, self->n_items - FIRST_ITEMS);
    }

  if (old_shown > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_shown, self->n_items - self->held);
}

GListModel *
chatroutes_tail_model_get_model (ChatroutesTailModel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TAIL_MODEL (self), NULL);

  return self->model;
}

guint
chatroutes_tail_model_get_held (ChatroutesTailModel *self)
{
  g_return_val_if_fail (CHATROUTES_IS_TAIL_MODEL (self), 0);

  return self->held;
}

void
chatroutes_tail_model_set_paused (ChatroutesTailModel *self,
                                  gboolean             paused)
{
  g_return_if_fail (CHATROUTES_IS_TAIL_MODEL (self));

  self->paused = !!paused;
  if (self->paused)
    g_clear_handle_id (&self->reveal_id, g_source_remove);
  else
    hold_back (self, self->held);
}

void
chatroutes_tail_model_show_more (ChatroutesTailModel *self,
                                 guint                n)
{
  g_return_if_fail (CHATROUTES_IS_TAIL_MODEL (self));

  reveal (self, n);
}

static void
chatroutes_tail_model_dispose (GObject *object)
{
  ChatroutesTailModel *self = CHATROUTES_TAIL_MODEL (object);

  g_clear_handle_id (&self->reveal_id, g_source_remove);
  if (self->model)
    {
      g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
      g_clear_object (&self->model);
    }

  G_OBJECT_CLASS (chatroutes_tail_model_parent_class)->dispose (object);
}

static void
chatroutes_tail_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ChatroutesTailModel *self = CHATROUTES_TAIL_MODEL (object);

  switch (prop_id)
    {
    case PROP_HELD:
      g_value_set_uint (value, self->held);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_tail_model_class_init (ChatroutesTailModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = chatroutes_tail_model_dispose;
  object_class->get_property = chatroutes_tail_model_get_property;

  properties[PROP_HELD] =
    g_param_spec_uint ("held", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
chatroutes_tail_model_init (ChatroutesTailModel *self)
{
}

ChatroutesTailModel *
chatroutes_tail_model_new (void)
{
  return g_object_new (CHATROUTES_TYPE_TAIL_MODEL, NULL);
}
