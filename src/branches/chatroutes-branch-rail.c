/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-branches"

#include "config.h"

#include <adwaita.h>

#include "chatroutes-branch-rail.h"

#define INDENT CHATROUTES_BRANCH_RAIL_INDENT
#define LINE_WIDTH 2.0
#define NODE_RADIUS 4.0
#define ACTIVE_RADIUS 5.0
#define MAX_LEVELS 64

struct _ChatroutesBranchRail
{
  GtkWidget parent_instance;

  ChatroutesRailSpec spec;
};

G_DEFINE_FINAL_TYPE (ChatroutesBranchRail, chatroutes_branch_rail, GTK_TYPE_WIDGET)

static float
level_x (guint level)
{
  return level * INDENT + INDENT / 2.0f;
}

static void
stroke (GtkSnapshot   *snapshot,
        GskPath       *path,
        const GdkRGBA *color)
{
  g_autoptr(GskStroke) line = gsk_stroke_new (LINE_WIDTH);

  gsk_stroke_set_line_cap (line, GSK_LINE_CAP_ROUND);
  gtk_snapshot_append_stroke (snapshot, path, line, color);
}

static void
vertical (GtkSnapshot   *snapshot,
          float          x,
          float          y0,
          float          y1,
          const GdkRGBA *color)
{
  g_autoptr(GskPathBuilder) builder = gsk_path_builder_new ();
  g_autoptr(GskPath) path = NULL;

  gsk_path_builder_move_to (builder, x, y0);
  gsk_path_builder_line_to (builder, x, y1);
  path = gsk_path_builder_free_to_path (g_steal_pointer (&builder));
  stroke (snapshot, path, color);
}

static void
accent_color (GtkWidget *widget,
              GdkRGBA   *color)
{
  AdwStyleManager *manager = adw_style_manager_get_for_display (gtk_widget_get_display (widget));

  adw_accent_color_to_standalone_rgba (adw_style_manager_get_accent_color (manager),
                                       adw_style_manager_get_dark (manager), color);
}

static void
chatroutes_branch_rail_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  ChatroutesBranchRail *self = CHATROUTES_BRANCH_RAIL (widget);
  const ChatroutesRailSpec *spec = &self->spec;
  float height = gtk_widget_get_height (widget);
  float mid = height / 2.0f;
  guint depth = MIN (spec->depth, MAX_LEVELS - 1);
  float x = level_x (depth);
  GdkRGBA dim;
  GdkRGBA accent;

  gtk_widget_get_color (widget, &dim);
  dim.alpha *= 0.3f;
  accent_color (widget, &accent);

  /* Lines of ancestors that go on below this row. */
  for (guint level = 0; level + 1 < depth; level++)
    if (spec->through & (G_GUINT64_CONSTANT (1) << level))
      vertical (snapshot, level_x (level), 0, height,
                spec->through_accent & (G_GUINT64_CONSTANT (1) << level) ? &accent : &dim);

  if (depth > 0)
    {
      float px = level_x (depth - 1);
      g_autoptr(GskPathBuilder) builder = gsk_path_builder_new ();
      g_autoptr(GskPath) path = NULL;

      /* The parent's line goes on to later siblings. Drawn first, so the
       * active curve lies on top of it. */
      if (spec->continues)
        vertical (snapshot, px, mid, height, spec->continues_accent ? &accent : &dim);

      /* The fork: down the parent's line, then a curve out to the node. */
      gsk_path_builder_move_to (builder, px, 0);
      gsk_path_builder_line_to (builder, px, mid - INDENT / 2.0f);
      gsk_path_builder_quad_to (builder, px, mid, px + INDENT / 2.0f, mid);
      gsk_path_builder_line_to (builder, x, mid);
      path = gsk_path_builder_free_to_path (g_steal_pointer (&builder));
      stroke (snapshot, path, spec->elbow_accent ? &accent : &dim);
    }

  if (spec->has_children)
    vertical (snapshot, x, mid, height, spec->children_accent ? &accent : &dim);

  /* The node. */
  {
    float radius = spec->active ? ACTIVE_RADIUS : NODE_RADIUS;
    const GdkRGBA *color = spec->on_path ? &accent : &dim;
    GdkRGBA node = *color;
    g_autoptr(GskPathBuilder) builder = gsk_path_builder_new ();
    g_autoptr(GskPath) path = NULL;

    if (!spec->on_path)
      node.alpha = MIN (1.0f, node.alpha * 2.5f);
    gsk_path_builder_add_circle (builder, &GRAPHENE_POINT_INIT (x, mid), radius);
    path = gsk_path_builder_free_to_path (g_steal_pointer (&builder));
    if (spec->merged)
      stroke (snapshot, path, &node);
    else
      gtk_snapshot_append_fill (snapshot, path, GSK_FILL_RULE_WINDING, &node);
  }
}

static void
chatroutes_branch_rail_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  ChatroutesBranchRail *self = CHATROUTES_BRANCH_RAIL (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (MIN (self->spec.depth, MAX_LEVELS - 1) + 1) * INDENT;
  else
    *minimum = *natural = 2 * INDENT;
}

static void
chatroutes_branch_rail_class_init (ChatroutesBranchRailClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = chatroutes_branch_rail_snapshot;
  widget_class->measure = chatroutes_branch_rail_measure;
  gtk_widget_class_set_css_name (widget_class, "branchrail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
on_style_changed (ChatroutesBranchRail *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
chatroutes_branch_rail_init (ChatroutesBranchRail *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  /* The accent colour is not a CSS colour of this widget: redraw when it
   * or the colour scheme changes. */
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::accent-color", G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
chatroutes_branch_rail_new (void)
{
  return g_object_new (CHATROUTES_TYPE_BRANCH_RAIL, NULL);
}

void
chatroutes_branch_rail_set_spec (ChatroutesBranchRail     *self,
                                 const ChatroutesRailSpec *spec)
{
  gboolean resize;

  g_return_if_fail (CHATROUTES_IS_BRANCH_RAIL (self));
  g_return_if_fail (spec != NULL);

  /* Rows are refreshed all at once when the active branch changes: only
   * the ones whose drawing changed draw again. */
  if (self->spec.depth == spec->depth && self->spec.through == spec->through &&
      self->spec.through_accent == spec->through_accent &&
      self->spec.elbow_accent == spec->elbow_accent && self->spec.continues == spec->continues &&
      self->spec.continues_accent == spec->continues_accent &&
      self->spec.has_children == spec->has_children &&
      self->spec.children_accent == spec->children_accent && self->spec.on_path == spec->on_path &&
      self->spec.active == spec->active && self->spec.merged == spec->merged)
    return;

  resize = self->spec.depth != spec->depth;
  self->spec = *spec;
  if (resize)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const ChatroutesRailSpec *
chatroutes_branch_rail_get_spec (ChatroutesBranchRail *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_RAIL (self), NULL);
  return &self->spec;
}
