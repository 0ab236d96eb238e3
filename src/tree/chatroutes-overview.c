/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <math.h>

#include "chatroutes-overview.h"
#include "chatroutes-tree-text.h"

#define NONE CHATROUTES_MESSAGE_TREE_NONE

/* The grid at zoom 1, in pixels. */
#define MARGIN      24.0
#define LANE_WIDTH  32.0
#define ROW_HEIGHT  32.0
#define RADIUS      8.0
#define LABEL_ROOM  240.0
#define MIN_ZOOM    0.05
#define MAX_ZOOM    4.0
#define ZOOM_STEP   1.25
/* Below this zoom branch titles are left out: they would not be read. */
#define LABEL_ZOOM  0.5
#define TOOLTIP_CHARS 160

struct _ChatroutesOverview
{
  GtkWidget parent_instance;

  ChatroutesMessageTree *tree;
  char *active_branch_id;
  guint8 *on_active_path;   /* per node */

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint hscroll_policy : 1;
  guint vscroll_policy : 1;

  double zoom;
  double gesture_start_zoom;
  guint cursor;
  guint hover;
  guint pending_scroll;     /* a node to bring into view once allocated */
  double pointer_x;
  double pointer_y;
  double drag_start_h;
  double drag_start_v;

  PangoLayout *label_layout;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (ChatroutesOverview, chatroutes_overview, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_TREE,
  PROP_ACTIVE_BRANCH_ID,
  PROP_ZOOM,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  MESSAGE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

ChatroutesOverview *
chatroutes_overview_new (void)
{
  return g_object_new (CHATROUTES_TYPE_OVERVIEW, NULL);
}

/* Geometry {{{ */

static guint
n_nodes (ChatroutesOverview *self)
{
  return self->tree ? chatroutes_message_tree_get_n_nodes (self->tree) : 0;
}

static double
content_width (ChatroutesOverview *self)
{
  guint lanes = self->tree ? chatroutes_message_tree_get_n_lanes (self->tree) : 0;

  return (2 * MARGIN + lanes * LANE_WIDTH + LABEL_ROOM) * self->zoom;
}

static double
content_height (ChatroutesOverview *self)
{
  guint rows = self->tree ? chatroutes_message_tree_get_n_rows (self->tree) : 0;

  return (2 * MARGIN + rows * ROW_HEIGHT) * self->zoom;
}

static double
hvalue (ChatroutesOverview *self)
{
  return self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static double
vvalue (ChatroutesOverview *self)
{
  return self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

/* The centre of a grid cell, in content pixels at the current zoom. */
static inline double
lane_x (ChatroutesOverview *self,
        guint               lane)
{
  return (MARGIN + lane * LANE_WIDTH + LANE_WIDTH / 2) * self->zoom;
}

static inline double
row_y (ChatroutesOverview *self,
       guint               row)
{
  return (MARGIN + row * ROW_HEIGHT + ROW_HEIGHT / 2) * self->zoom;
}

static void
node_center (ChatroutesOverview *self,
             guint               node,
             double             *x,
             double             *y)
{
  *x = lane_x (self, chatroutes_message_tree_get_lane (self->tree, node)) - hvalue (self);
  *y = row_y (self, chatroutes_message_tree_get_depth (self->tree, node)) - vvalue (self);
}

static void
configure_adjustment (GtkAdjustment *adjustment,
                      double         content,
                      double         page)
{
  double upper;

  if (adjustment == NULL)
    return;
  upper = MAX (content, page);
  gtk_adjustment_configure (adjustment,
                            CLAMP (gtk_adjustment_get_value (adjustment), 0, upper - page),
                            0, upper,
                            page * 0.1, page * 0.9, page);
}

static void
configure_adjustments (ChatroutesOverview *self)
{
  configure_adjustment (self->hadjustment, content_width (self), gtk_widget_get_width (GTK_WIDGET (self)));
  configure_adjustment (self->vadjustment, content_height (self), gtk_widget_get_height (GTK_WIDGET (self)));
}

guint
chatroutes_overview_node_at (ChatroutesOverview *self,
                             double              x,
                             double              y)
{
  double cx, cy;
  gint64 row, lane;
  const guint *nodes;
  guint len;

  g_return_val_if_fail (CHATROUTES_IS_OVERVIEW (self), NONE);

  if (n_nodes (self) == 0)
    return NONE;

  /* Back to the grid at zoom 1. */
  cx = (x + hvalue (self)) / self->zoom;
  cy = (y + vvalue (self)) / self->zoom;
  row = (gint64) floor ((cy - MARGIN) / ROW_HEIGHT);
  lane = (gint64) floor ((cx - MARGIN) / LANE_WIDTH);
  if (row < 0 || lane < 0 || row >= chatroutes_message_tree_get_n_rows (self->tree))
    return NONE;

  nodes = chatroutes_message_tree_get_row (self->tree, row, &len);
  for (guint lo = 0, hi = len; lo < hi;)
    {
      guint mid = (lo + hi) / 2;
      guint mid_lane = chatroutes_message_tree_get_lane (self->tree, nodes[mid]);

      if (mid_lane == lane)
        {
          double dx = cx - (MARGIN + lane * LANE_WIDTH + LANE_WIDTH / 2);
          double dy = cy - (MARGIN + row * ROW_HEIGHT + ROW_HEIGHT / 2);

          /* Generous: the node plus a ring around it. */
          return dx * dx + dy * dy <= (RADIUS * 1.75) * (RADIUS * 1.75) ? nodes[mid] : NONE;
        }
      if (mid_lane < lane)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NONE;
}

gboolean
chatroutes_overview_get_node_position (ChatroutesOverview *self,
                                       guint               node,
                                       double             *x,
                                       double             *y)
{
  double nx, ny;

  g_return_val_if_fail (CHATROUTES_IS_OVERVIEW (self), FALSE);

  if (node >= n_nodes (self))
    return FALSE;
  node_center (self, node, &nx, &ny);
  if (x)
    *x = nx;
  if (y)
    *y = ny;
  return TRUE;
}

/* }}} */

/* Zoom and scrolling {{{ */

/* Zooms keeping the content under (@x, @y) where it is. */
static void
zoom_at (ChatroutesOverview *self,
         double              zoom,
         double              x,
         double              y)
{
  double old = self->zoom;
  double h, v;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (fabs (zoom - old) < 1e-6)
    return;

  h = (hvalue (self) + x) * zoom / old - x;
  v = (vvalue (self) + y) * zoom / old - y;
  self->zoom = zoom;
  configure_adjustments (self);
  if (self->hadjustment)
    gtk_adjustment_set_value (self->hadjustment, h);
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment, v);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
chatroutes_overview_get_zoom (ChatroutesOverview *self)
{
  g_return_val_if_fail (CHATROUTES_IS_OVERVIEW (self), 1.0);
  return self->zoom;
}

void
chatroutes_overview_set_zoom (ChatroutesOverview *self,
                              double              zoom)
{
  g_return_if_fail (CHATROUTES_IS_OVERVIEW (self));

  zoom_at (self, zoom,
           gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
chatroutes_overview_zoom_in (ChatroutesOverview *self)
{
  g_return_if_fail (CHATROUTES_IS_OVERVIEW (self));
  chatroutes_overview_set_zoom (self, self->zoom * ZOOM_STEP);
}

void
chatroutes_overview_zoom_out (ChatroutesOverview *self)
{
  g_return_if_fail (CHATROUTES_IS_OVERVIEW (self));
  chatroutes_overview_set_zoom (self, self->zoom / ZOOM_STEP);
}

void
chatroutes_overview_zoom_to_fit (ChatroutesOverview *self)
{
  double width, height, fit;

  g_return_if_fail (CHATROUTES_IS_OVERVIEW (self));

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0 || n_nodes (self) == 0)
    return;

  /* Sizes at zoom 1; the room for titles counts only while they show. */
  fit = MIN (width / (content_width (self) / self->zoom),
             height / (content_height (self) / self->zoom));
  chatroutes_overview_set_zoom (self, MIN (fit, 1.0));
  if (self->hadjustment)
    gtk_adjustment_set_value (self->hadjustment, 0);
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment, 0);
}

void
chatroutes_overview_scroll_to_node (ChatroutesOverview *self,
                                    guint               node)
{
  double x, y;
  double width, height;
  double margin;

  g_return_if_fail (CHATROUTES_IS_OVERVIEW (self));

  if (node >= n_nodes (self))
    return;

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      /* Not laid out yet: once it is. */
      self->pending_scroll = node;
      return;
    }
  self->pending_scroll = NONE;
  margin = MIN (ROW_HEIGHT * self->zoom * 1.5, MIN (width, height) / 3);
  node_center (self, node, &x, &y);

  /* Only as far as needed to bring it in, with a little room. */
  if (self->hadjustment && (x < margin || x > width - margin))
    gtk_adjustment_set_value (self->hadjustment,
                              hvalue (self) + (x < margin ? x - margin : x - (width - margin)));
  if (self->vadjustment && (y < margin || y > height - margin))
    gtk_adjustment_set_value (self->vadjustment,
                              vvalue (self) + (y < margin ? y - margin : y - (height - margin)));
}

/* }}} */

/* Cursor and activation {{{ */

static char *
describe_node (ChatroutesOverview *self,
               guint               node)
{
  const char *branch_id = chatroutes_message_tree_get_branch_id (self->tree, node);
  const char *title = chatroutes_message_tree_get_branch_title (self->tree, branch_id);
  g_autofree char *start = chatroutes_tree_excerpt (chatroutes_message_tree_get_content (self->tree, node), TOOLTIP_CHARS);

  if (*start == '\0')
    g_set_str (&start, _("(empty)"));

  if (title != NULL && *title != '\0')
    /* Translators: role, branch title, then the start of the message */
    return g_strdup_printf (_("%s on “%s”: %s"),
                            chatroutes_tree_role_name (chatroutes_message_tree_get_role (self->tree, node)),
                            title, start);
  /* Translators: role, then the start of the message */
  return g_strdup_printf (_("%s: %s"),
                          chatroutes_tree_role_name (chatroutes_message_tree_get_role (self->tree, node)), start);
}

guint
chatroutes_overview_get_cursor (ChatroutesOverview *self)
{
  g_return_val_if_fail (CHATROUTES_IS_OVERVIEW (self), NONE);
  return self->cursor;
}

void
chatroutes_overview_set_cursor (ChatroutesOverview *self,
                                guint               node)
{
  g_return_if_fail (CHATROUTES_IS_OVERVIEW (self));

  if (node >= n_nodes (self))
    node = NONE;
  if (node == self->cursor)
    return;

  self->cursor = node;
  if (node != NONE)
    {
      g_autofree char *description = describe_node (self, node);

      chatroutes_overview_scroll_to_node (self, node);
      /* Screen readers hear the node the keyboard is on. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
chatroutes_overview_activate_node (ChatroutesOverview *self,
                                   guint               node)
{
  g_return_if_fail (CHATROUTES_IS_OVERVIEW (self));

  if (node >= n_nodes (self))
    return;
  g_signal_emit (self, signals[MESSAGE_ACTIVATED], 0,
                 chatroutes_message_tree_get_branch_id (self->tree, node),
                 chatroutes_message_tree_get_id (self->tree, node));
}

gboolean
chatroutes_overview_activate_at (ChatroutesOverview *self,
                                 double              x,
                                 double              y)
{
  guint node;

  g_return_val_if_fail (CHATROUTES_IS_OVERVIEW (self), FALSE);

  node = chatroutes_overview_node_at (self, x, y);
  if (node == NONE)
    return FALSE;
  chatroutes_overview_set_cursor (self, node);
  chatroutes_overview_activate_node (self, node);
  return TRUE;
}

/* The child that carries on down: on the active path, else on the same
 * lane, else the first. */
static guint
child_below (ChatroutesOverview *self,
             guint               node)
{
  guint n = chatroutes_message_tree_get_n_children (self->tree, node);
  guint lane = chatroutes_message_tree_get_lane (self->tree, node);

  if (n == 0)
    return NONE;
  for (guint i = 0; i < n && self->on_active_path; i++)
    {
      guint child = chatroutes_message_tree_get_child (self->tree, node, i);
      if (self->on_active_path[child])
        return child;
    }
  for (guint i = 0; i < n; i++)
    {
      guint child = chatroutes_message_tree_get_child (self->tree, node, i);
      if (chatroutes_message_tree_get_lane (self->tree, child) == lane)
        return child;
    }
  return chatroutes_message_tree_get_child (self->tree, node, 0);
}

/* The node beside @node on its row, @step lanes-wise (-1 or +1). */
static guint
beside (ChatroutesOverview *self,
        guint               node,
        int                 step)
{
  guint len;
  const guint *row = chatroutes_message_tree_get_row (self->tree,
                                                      chatroutes_message_tree_get_depth (self->tree, node),
                                                      &len);

  for (guint i = 0; i < len; i++)
    if (row[i] == node)
      {
        if (step < 0)
          return i > 0 ? row[i - 1] : NONE;
        return i + 1 < len ? row[i + 1] : NONE;
      }
  return NONE;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChatroutesOverview *self = CHATROUTES_OVERVIEW (widget);
  const char *where = g_variant_get_string (param, NULL);
  guint target = NONE;

  if (n_nodes (self) == 0)
    return;

  if (self->cursor == NONE || g_str_equal (where, "home"))
    target = 0;
  else if (g_str_equal (where, "up"))
    target = chatroutes_message_tree_get_parent (self->tree, self->cursor);
  else if (g_str_equal (where, "down"))
    target = child_below (self, self->cursor);
  else if (g_str_equal (where, "left"))
    target = beside (self, self->cursor, -1);
  else if (g_str_equal (where, "right"))
    target = beside (self, self->cursor, +1);

  if (target != NONE)
    chatroutes_overview_set_cursor (self, target);
  else
    gtk_widget_error_bell (widget);
}

static void
activate_cursor_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  ChatroutesOverview *self = CHATROUTES_OVERVIEW (widget);

  if (self->cursor != NONE)
    chatroutes_overview_activate_node (self, self->cursor);
}

static void
on_click_released (ChatroutesOverview *self,
                   int                 n_press,
                   double              x,
                   double              y,
                   GtkGestureClick    *gesture)
{
  if (n_press != 1)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (chatroutes_overview_activate_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_motion (ChatroutesOverview       *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  guint node = chatroutes_overview_node_at (self, x, y);

  self->pointer_x = x;
  self->pointer_y = y;
  if (node != self->hover)
    {
      self->hover = node;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), node != NONE ? "pointer" : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (ChatroutesOverview       *self,
          GtkEventControllerMotion *controller)
{
  self->pointer_x = self->pointer_y = -1;
  if (self->hover != NONE)
    {
      self->hover = NONE;
      gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* Dragging the background moves the view, as a hand would move a sheet. */
static void
on_drag_begin (ChatroutesOverview *self,
               double              x,
               double              y,
               GtkGestureDrag     *gesture)
{
  self->drag_start_h = hvalue (self);
  self->drag_start_v = vvalue (self);
}

static void
on_drag_update (ChatroutesOverview *self,
                double              dx,
                double              dy,
                GtkGestureDrag     *gesture)
{
  /* Small moves stay clicks. */
  if (gtk_gesture_get_sequence_state (GTK_GESTURE (gesture),
                                      gtk_gesture_single_get_current_sequence (GTK_GESTURE_SINGLE (gesture)))
        != GTK_EVENT_SEQUENCE_CLAIMED)
    {
      if (dx * dx + dy * dy < 8 * 8)
        return;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  if (self->hadjustment)
    gtk_adjustment_set_value (self->hadjustment, self->drag_start_h - dx);
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment, self->drag_start_v - dy);
}

static void
on_drag_end (ChatroutesOverview *self,
             double              dx,
             double              dy,
             GtkGestureDrag     *gesture)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->hover != NONE ? "pointer" : NULL);
}

static gboolean
on_scroll (ChatroutesOverview       *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double x, y;

  if ((state & GDK_CONTROL_MASK) == 0)
    return FALSE;

  /* Around the pointer, where the motion controller last saw it. */
  x = self->pointer_x;
  y = self->pointer_y;
  if (x < 0 || y < 0)
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }

  zoom_at (self, self->zoom * pow (1.1, -dy), x, y);
  return TRUE;
}

static void
on_zoom_begin (ChatroutesOverview *self,
               GdkEventSequence   *sequence,
               GtkGesture         *gesture)
{
  self->gesture_start_zoom = self->zoom;
}

static void
on_zoom_scale_changed (ChatroutesOverview *self,
                       double              scale,
                       GtkGestureZoom     *gesture)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  zoom_at (self, self->gesture_start_zoom * scale, x, y);
}

static gboolean
on_query_tooltip (ChatroutesOverview *self,
                  int                 x,
                  int                 y,
                  gboolean            keyboard,
                  GtkTooltip         *tooltip)
{
  guint node;
  g_autofree char *text = NULL;
  double nx, ny;

  node = keyboard ? self->cursor : chatroutes_overview_node_at (self, x, y);
  if (node == NONE)
    return FALSE;

  text = describe_node (self, node);
  gtk_tooltip_set_text (tooltip, text);
  node_center (self, node, &nx, &ny);
  gtk_tooltip_set_tip_area (tooltip,
                            &(GdkRectangle) { nx - RADIUS * self->zoom, ny - RADIUS * self->zoom,
                                              2 * RADIUS * self->zoom + 1, 2 * RADIUS * self->zoom + 1 });
  return TRUE;
}

/* }}} */

/* Drawing {{{ */

typedef struct
{
  GdkRGBA fg;
  GdkRGBA edge;
  GdkRGBA accent;
  GdkRGBA user;
  GdkRGBA assistant;
  GdkRGBA other;
  GdkRGBA label_bg;
} Palette;

static void
get_palette (ChatroutesOverview *self,
             Palette            *palette)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (style);
  g_autoptr(GdkRGBA) accent = adw_style_manager_get_accent_color_rgba (style);

  gtk_widget_get_color (GTK_WIDGET (self), &palette->fg);
  palette->edge = palette->fg;
  palette->edge.alpha *= 0.35f;
  palette->accent = *accent;
  palette->user = *accent;
  if (dark)
    {
      palette->assistant = (GdkRGBA) { 0.20f, 0.82f, 0.48f, 1.0f };
      palette->label_bg = (GdkRGBA) { 0.22f, 0.22f, 0.24f, 0.95f };
    }
  else
    {
      palette->assistant = (GdkRGBA) { 0.15f, 0.64f, 0.41f, 1.0f };
      palette->label_bg = (GdkRGBA) { 1.0f, 1.0f, 1.0f, 0.95f };
    }
  palette->other = palette->fg;
  palette->other.alpha *= 0.5f;
}

static void
add_edge (GskPathBuilder *builder,
          double          x0,
          double          y0,
          double          x1,
          double          y1)
{
  gsk_path_builder_move_to (builder, x0, y0);
  if (fabs (x0 - x1) < 0.5)
    gsk_path_builder_line_to (builder, x1, y1);
  else
    {
      double mid = (y0 + y1) / 2;
      gsk_path_builder_cubic_to (builder, x0, mid, x1, mid, x1, y1);
    }
}

static void
add_node_shape (GskPathBuilder *builder,
                const char     *role,
                double          x,
                double          y,
                double          r)
{
  if (g_strcmp0 (role, "user") == 0)
    gsk_path_builder_add_circle (builder, &GRAPHENE_POINT_INIT (x, y), r);
  else if (g_strcmp0 (role, "assistant") == 0)
    {
      GskRoundedRect rect;

      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x - r, y - r, 2 * r, 2 * r), r * 0.35);
      gsk_path_builder_add_rounded_rect (builder, &rect);
    }
  else
    {
      /* A diamond for system and unknown roles. */
      gsk_path_builder_move_to (builder, x, y - r * 1.2);
      gsk_path_builder_line_to (builder, x + r * 1.2, y);
      gsk_path_builder_line_to (builder, x, y + r * 1.2);
      gsk_path_builder_line_to (builder, x - r * 1.2, y);
      gsk_path_builder_close (builder);
    }
}

static void
fill_builder (GtkSnapshot    *snapshot,
              GskPathBuilder *builder,
              const GdkRGBA  *color)
{
  g_autoptr(GskPath) path = gsk_path_builder_free_to_path (builder);

  if (!gsk_path_is_empty (path))
    gtk_snapshot_append_fill (snapshot, path, GSK_FILL_RULE_WINDING, color);
}

static void
stroke_builder (GtkSnapshot    *snapshot,
                GskPathBuilder *builder,
                const GdkRGBA  *color,
                double          width)
{
  g_autoptr(GskPath) path = gsk_path_builder_free_to_path (builder);
  g_autoptr(GskStroke) stroke = NULL;

  if (gsk_path_is_empty (path))
    return;
  stroke = gsk_stroke_new (width);
  gtk_snapshot_append_stroke (snapshot, path, stroke, color);
}

/* A branch title goes where a lane starts a branch of its own. */
static gboolean
starts_branch (ChatroutesOverview *self,
               guint               node)
{
  guint parent;

  if (!chatroutes_message_tree_starts_lane (self->tree, node))
    return FALSE;
  parent = chatroutes_message_tree_get_parent (self->tree, node);
  return parent == NONE ||
         g_strcmp0 (chatroutes_message_tree_get_branch_id (self->tree, parent),
                    chatroutes_message_tree_get_branch_id (self->tree, node)) != 0;
}

static void
draw_label (ChatroutesOverview *self,
            GtkSnapshot        *snapshot,
            const Palette      *palette,
            guint               node,
            double              x,
            double              y)
{
  const char *branch_id = chatroutes_message_tree_get_branch_id (self->tree, node);
  const char *title = chatroutes_message_tree_get_branch_title (self->tree, branch_id);
  PangoRectangle extents;
  GskRoundedRect pill;
  double left, top;

  if (branch_id == NULL)
    return;
  if (title == NULL || *title == '\0')
    title = _("Untitled branch");

  pango_layout_set_text (self->label_layout, title, -1);
  pango_layout_get_pixel_extents (self->label_layout, NULL, &extents);

  left = x + (RADIUS + 6) * self->zoom;
  top = y - extents.height / 2.0;
  gsk_rounded_rect_init_from_rect (&pill,
                                   &GRAPHENE_RECT_INIT (left - 6, top - 2, extents.width + 12, extents.height + 4),
                                   (extents.height + 4) / 2.0);
  gtk_snapshot_push_rounded_clip (snapshot, &pill);
  gtk_snapshot_append_color (snapshot, &palette->label_bg, &pill.bounds);
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (left, top));
  gtk_snapshot_append_layout (snapshot, self->label_layout, &palette->fg);
  gtk_snapshot_restore (snapshot);
}

static void
chatroutes_overview_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  ChatroutesOverview *self = CHATROUTES_OVERVIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double h = hvalue (self);
  double v = vvalue (self);
  double z = self->zoom;
  double r = RADIUS * z;
  GskPathBuilder *edges, *active_edges, *users, *assistants, *others;
  Palette palette;
  gint64 first_row, last_row;
  guint n_rows;

  if (n_nodes (self) == 0)
    return;

  get_palette (self, &palette);
  n_rows = chatroutes_message_tree_get_n_rows (self->tree);

  /* The rows in view, and one more each side for the edges that cross
   * into it. */
  first_row = (gint64) floor ((v / z - MARGIN) / ROW_HEIGHT) - 1;
  last_row = (gint64) ceil (((v + height) / z - MARGIN) / ROW_HEIGHT) + 1;
  first_row = MAX (first_row, 0);
  last_row = MIN (last_row, (gint64) n_rows - 1);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  edges = gsk_path_builder_new ();
  active_edges = gsk_path_builder_new ();
  users = gsk_path_builder_new ();
  assistants = gsk_path_builder_new ();
  others = gsk_path_builder_new ();

  for (gint64 row = first_row; row <= last_row; row++)
    {
      guint len;
      const guint *nodes = chatroutes_message_tree_get_row (self->tree, row, &len);

      for (guint i = 0; i < len; i++)
        {
          guint node = nodes[i];
          guint parent = chatroutes_message_tree_get_parent (self->tree, node);
          double x = lane_x (self, chatroutes_message_tree_get_lane (self->tree, node)) - h;
          double y = row_y (self, row) - v;

          if (parent != NONE)
            {
              double px = lane_x (self, chatroutes_message_tree_get_lane (self->tree, parent)) - h;
              double py = y - ROW_HEIGHT * z;

              if (MAX (px, x) >= -r && MIN (px, x) <= width + r)
                add_edge (self->on_active_path && self->on_active_path[node] ? active_edges : edges,
                          px, py, x, y);
            }

          if (x < -r * 2 || x > width + r * 2)
            continue;

          {
            const char *role = chatroutes_message_tree_get_role (self->tree, node);
            GskPathBuilder *shapes = g_strcmp0 (role, "user") == 0 ? users
                                   : g_strcmp0 (role, "assistant") == 0 ? assistants
                                   : others;

            add_node_shape (shapes, role, x, y, r);
          }
        }
    }

  stroke_builder (snapshot, edges, &palette.edge, MAX (1.0, 2.0 * z));
  stroke_builder (snapshot, active_edges, &palette.accent, MAX (1.5, 3.0 * z));
  fill_builder (snapshot, users, &palette.user);
  fill_builder (snapshot, assistants, &palette.assistant);
  fill_builder (snapshot, others, &palette.other);

  /* The hovered node and the keyboard cursor get a ring. */
  if (self->hover != NONE || (self->cursor != NONE && gtk_widget_has_focus (widget)))
    {
      GskPathBuilder *rings = gsk_path_builder_new ();
      GskPathBuilder *focus = gsk_path_builder_new ();
      double x, y;

      if (self->hover != NONE && self->hover < n_nodes (self))
        {
          node_center (self, self->hover, &x, &y);
          gsk_path_builder_add_circle (rings, &GRAPHENE_POINT_INIT (x, y), r + 3 * z + 1);
        }
      if (self->cursor != NONE && gtk_widget_has_focus (widget))
        {
          node_center (self, self->cursor, &x, &y);
          gsk_path_builder_add_circle (focus, &GRAPHENE_POINT_INIT (x, y), r + 4 * z + 2);
        }
      stroke_builder (snapshot, rings, &palette.edge, 2);
      stroke_builder (snapshot, focus, &palette.accent, 2);
    }

  /* Branch titles at their lane heads, over everything else. */
  if (z >= LABEL_ZOOM)
    {
      for (gint64 row = first_row; row <= last_row; row++)
        {
          guint len;
          const guint *nodes = chatroutes_message_tree_get_row (self->tree, row, &len);

          for (guint i = 0; i < len; i++)
            {
              double x, y;

              if (!starts_branch (self, nodes[i]))
                continue;
              node_center (self, nodes[i], &x, &y);
              if (x > width || x + LABEL_ROOM * z < 0)
                continue;
              draw_label (self, snapshot, &palette, nodes[i], x, y);
            }
        }
    }

  gtk_snapshot_pop (snapshot);
}

/* }}} */

/* Tree and branch {{{ */

static void
update_active_path (ChatroutesOverview *self)
{
  guint n = n_nodes (self);
  guint deepest = NONE;

  g_clear_pointer (&self->on_active_path, g_free);
  if (n == 0 || self->active_branch_id == NULL)
    return;

  /* The branch's path: its deepest message and every ancestor. */
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (chatroutes_message_tree_get_branch_id (self->tree, i), self->active_branch_id) == 0 &&
        (deepest == NONE ||
         chatroutes_message_tree_get_depth (self->tree, i) > chatroutes_message_tree_get_depth (self->tree, deepest)))
      deepest = i;
  if (deepest == NONE)
    return;

  self->on_active_path = g_new0 (guint8, n);
  for (guint i = deepest; i != NONE; i = chatroutes_message_tree_get_parent (self->tree, i))
    self->on_active_path[i] = TRUE;
}

void
chatroutes_overview_set_tree (ChatroutesOverview    *self,
                              ChatroutesMessageTree *tree)
{
  g_return_if_fail (CHATROUTES_IS_OVERVIEW (self));
  g_return_if_fail (tree == NULL || CHATROUTES_IS_MESSAGE_TREE (tree));

  g_set_object (&self->tree, tree);
  self->cursor = NONE;
  self->hover = NONE;
  self->pending_scroll = NONE;
  update_active_path (self);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  configure_adjustments (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TREE]);
}

ChatroutesMessageTree *
chatroutes_overview_get_tree (ChatroutesOverview *self)
{
  g_return_val_if_fail (CHATROUTES_IS_OVERVIEW (self), NULL);
  return self->tree;
}

void
chatroutes_overview_set_active_branch_id (ChatroutesOverview *self,
                                          const char         *branch_id)
{
  g_return_if_fail (CHATROUTES_IS_OVERVIEW (self));

  if (!g_set_str (&self->active_branch_id, branch_id))
    return;
  update_active_path (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_BRANCH_ID]);
}

const char *
chatroutes_overview_get_active_branch_id (ChatroutesOverview *self)
{
  g_return_val_if_fail (CHATROUTES_IS_OVERVIEW (self), NULL);
  return self->active_branch_id;
}

/* }}} */

/* GObject and GtkWidget {{{ */

static void
set_adjustment (ChatroutesOverview  *self,
                GtkAdjustment      **slot,
                GtkAdjustment       *adjustment)
{
  if (*slot == adjustment && adjustment != NULL)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, gtk_widget_queue_draw, self);
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  g_set_object (slot, adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (gtk_widget_queue_draw), self);
  configure_adjustments (self);
}

static void
chatroutes_overview_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  ChatroutesOverview *self = CHATROUTES_OVERVIEW (widget);

  *minimum = 0;
  *natural = (int) ceil (orientation == GTK_ORIENTATION_HORIZONTAL ? content_width (self)
                                                                   : content_height (self));
}

static void
chatroutes_overview_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  ChatroutesOverview *self = CHATROUTES_OVERVIEW (widget);

  configure_adjustments (self);
  if (self->pending_scroll != NONE && width > 0 && height > 0)
    chatroutes_overview_scroll_to_node (self, self->pending_scroll);
}

static void
chatroutes_overview_dispose (GObject *object)
{
  ChatroutesOverview *self = (ChatroutesOverview *)object;

  if (self->hadjustment)
    g_signal_handlers_disconnect_by_func (self->hadjustment, gtk_widget_queue_draw, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_func (self->vadjustment, gtk_widget_queue_draw, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->tree);
  g_clear_object (&self->label_layout);

  G_OBJECT_CLASS (chatroutes_overview_parent_class)->dispose (object);
}

static void
chatroutes_overview_finalize (GObject *object)
{
  ChatroutesOverview *self = (ChatroutesOverview *)object;

  g_clear_pointer (&self->active_branch_id, g_free);
  g_clear_pointer (&self->on_active_path, g_free);

  G_OBJECT_CLASS (chatroutes_overview_parent_class)->finalize (object);
}

static void
chatroutes_overview_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ChatroutesOverview *self = CHATROUTES_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_TREE:
      g_value_set_object (value, self->tree);
      break;
    case PROP_ACTIVE_BRANCH_ID:
      g_value_set_string (value, self->active_branch_id);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_overview_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ChatroutesOverview *self = CHATROUTES_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_TREE:
      chatroutes_overview_set_tree (self, g_value_get_object (value));
      break;
    case PROP_ACTIVE_BRANCH_ID:
      chatroutes_overview_set_active_branch_id (self, g_value_get_string (value));
      break;
    case PROP_ZOOM:
      chatroutes_overview_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_overview_class_init (ChatroutesOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_overview_dispose;
  object_class->finalize = chatroutes_overview_finalize;
  object_class->get_property = chatroutes_overview_get_property;
  object_class->set_property = chatroutes_overview_set_property;

  widget_class->measure = chatroutes_overview_measure;
  widget_class->size_allocate = chatroutes_overview_size_allocate;
  widget_class->snapshot = chatroutes_overview_snapshot;

  properties[PROP_TREE] =
    g_param_spec_object ("tree", NULL, NULL,
                         CHATROUTES_TYPE_MESSAGE_TREE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACTIVE_BRANCH_ID] =
    g_param_spec_string ("active-branch-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[MESSAGE_ACTIVATED] =
    g_signal_new ("message-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /* The keyboard moves between nodes: up to the parent, down to the
   * child that carries on, sideways along the row. */
  gtk_widget_class_install_action (widget_class, "overview.move", "s", move_action);
  gtk_widget_class_install_action (widget_class, "overview.activate-cursor", NULL, activate_cursor_action);
  {
    static const struct { guint key; const char *where; } moves[] = {
      { GDK_KEY_Up, "up" }, { GDK_KEY_KP_Up, "up" },
      { GDK_KEY_Down, "down" }, { GDK_KEY_KP_Down, "down" },
      { GDK_KEY_Left, "left" }, { GDK_KEY_KP_Left, "left" },
      { GDK_KEY_Right, "right" }, { GDK_KEY_KP_Right, "right" },
      { GDK_KEY_Home, "home" }, { GDK_KEY_KP_Home, "home" },
    };
    static const guint activate_keys[] = {
      GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter, GDK_KEY_space, GDK_KEY_KP_Space,
    };

    for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
      gtk_widget_class_add_binding_action (widget_class, moves[i].key, 0,
                                           "overview.move", "s", moves[i].where);
    for (guint i = 0; i < G_N_ELEMENTS (activate_keys); i++)
      gtk_widget_class_add_binding_action (widget_class, activate_keys[i], 0,
                                           "overview.activate-cursor", NULL);
  }

  gtk_widget_class_set_css_name (widget_class, "chatroutes-overview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_APPLICATION);
}

static void
chatroutes_overview_init (ChatroutesOverview *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;
  PangoAttrList *attrs;

  self->zoom = 1.0;
  self->cursor = NONE;
  self->hover = NONE;
  self->pending_scroll = NONE;
  self->pointer_x = self->pointer_y = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Conversation overview"),
                                  -1);

  self->label_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (self->label_layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (self->label_layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (self->label_layout, (int) ((LABEL_ROOM - 40) * PANGO_SCALE));
  pango_layout_set_single_paragraph_mode (self->label_layout, TRUE);

  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect_swapped (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  /* Node colours follow the style. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::accent-color-rgba",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

/* }}} */
