/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-branches"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-branch-row.h"

struct _ChatroutesBranchRow
{
  GtkWidget parent_instance;

  ChatroutesBranch *branch;
  GtkTreeListRow *list_row;

  GtkWidget *rail;
  GtkWidget *expander;
  GtkWidget *title;
  GtkWidget *details;
  GtkWidget *menu_button;
  GtkWidget *popover;        /* made when the menu first opens */
  char *description;         /* the accessible label, as last set */
};

G_DEFINE_FINAL_TYPE (ChatroutesBranchRow, chatroutes_branch_row, GTK_TYPE_WIDGET)

static void on_menu_clicked   (ChatroutesBranchRow *self);
static void on_secondary_click (GtkGestureClick     *gesture,
                                int                  n_press,
                                double               x,
                                double               y,
                                ChatroutesBranchRow *self);

static void
chatroutes_branch_row_dispose (GObject *object)
{
  ChatroutesBranchRow *self = CHATROUTES_BRANCH_ROW (object);
  GtkWidget *child;

  chatroutes_branch_row_unbind (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (chatroutes_branch_row_parent_class)->dispose (object);
}

static void
chatroutes_branch_row_class_init (ChatroutesBranchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_branch_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "branchrow");
}

static gboolean
on_menu_query_tooltip (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       gpointer    data)
{
  gtk_tooltip_set_text (tooltip, _("Branch Menu"));
  return TRUE;
}

static void
chatroutes_branch_row_init (ChatroutesBranchRow *self)
{
  GtkWidget *labels;

  self->rail = chatroutes_branch_rail_new ();
  gtk_widget_set_parent (self->rail, GTK_WIDGET (self));

  self->expander = gtk_tree_expander_new ();
  /* The rail shows the depth; the expander only the arrow. */
  gtk_tree_expander_set_indent_for_depth (GTK_TREE_EXPANDER (self->expander), FALSE);
  gtk_tree_expander_set_indent_for_icon (GTK_TREE_EXPANDER (self->expander), TRUE);
  gtk_widget_set_hexpand (self->expander, TRUE);
  gtk_widget_set_parent (self->expander, GTK_WIDGET (self));

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (labels, 6);
  gtk_widget_set_margin_bottom (labels, 6);
  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->title, "branch-title");
  self->details = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->details), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (self->details), TRUE);
  gtk_widget_add_css_class (self->details, "caption");
  gtk_widget_add_css_class (self->details, "dim-label");
  gtk_box_append (GTK_BOX (labels), self->title);
  gtk_box_append (GTK_BOX (labels), self->details);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (self->expander), labels);

  /* A plain button that opens a popover made on demand: a menu button per
   * row, in a list that makes two hundred rows at once, costs more than
   * the rest of the row. */
  self->menu_button = gtk_button_new_from_icon_name ("view-more-symbolic");
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_CENTER);
  /* Answered on demand: setting a tooltip text asks the display where
   * the pointer is, a round trip per row as the list creates them. */
  gtk_widget_set_has_tooltip (self->menu_button, TRUE);
  g_signal_connect (self->menu_button, "query-tooltip", G_CALLBACK (on_menu_query_tooltip), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Branch Menu"),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE,
                                  -1);
  gtk_widget_add_css_class (self->menu_button, "flat");
  g_signal_connect_swapped (self->menu_button, "clicked", G_CALLBACK (on_menu_clicked), self);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));

  /* The same menu on a right click. */
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_click), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  }
}

GtkWidget *
chatroutes_branch_row_new (void)
{
  return g_object_new (CHATROUTES_TYPE_BRANCH_ROW, NULL);
}

static void
append_item (GMenu      *section,
             const char *label,
             const char *action,
             const char *id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, action, "s", id);
  g_menu_append_item (section, item);
}

static GMenuModel *
make_menu (ChatroutesBranch *branch)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) last = g_menu_new ();
  const char *id = chatroutes_branch_get_id (branch);

  append_item (first, _("_Open"), "branches.open", id);
  append_item (first, _("_Rename…"), "branches.rename", id);
  /* The main branch has no parent to merge into, and a merged one is done. */
  if (!chatroutes_branch_get_is_main (branch) && chatroutes_branch_get_is_active (branch))
    append_item (first, _("_Merge into Parent…"), "branches.merge", id);
  /* Always offered: for the main branch it says why it cannot be done. */
  append_item (last, _("_Delete"), "branches.delete", id);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (first));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (last));
  return G_MENU_MODEL (menu);
}

/* Opens the branch's menu pointing at @rect (in the row's coordinates). */
static void
open_menu (ChatroutesBranchRow   *self,
           const GdkRectangle    *rect)
{
  g_autoptr(GMenuModel) menu = NULL;

  if (self->branch == NULL)
    return;
  menu = make_menu (self->branch);
  if (self->popover == NULL)
    {
      /* A child with its own surface: the row's box layout leaves it out. */
      self->popover = gtk_popover_menu_new_from_model (menu);
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->popover), menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

void
chatroutes_branch_row_open_menu (ChatroutesBranchRow *self)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH_ROW (self));
  on_menu_clicked (self);
}

GtkPopover *
chatroutes_branch_row_get_menu (ChatroutesBranchRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_ROW (self), NULL);
  return self->popover ? GTK_POPOVER (self->popover) : NULL;
}

static void
on_menu_clicked (ChatroutesBranchRow *self)
{
  graphene_rect_t bounds;
  GdkRectangle rect = { 0, 0, 1, 1 };

  if (gtk_widget_compute_bounds (self->menu_button, GTK_WIDGET (self), &bounds))
    rect = (GdkRectangle) { bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height };
  open_menu (self, &rect);
}

static void
on_secondary_click (GtkGestureClick     *gesture,
                    int                  n_press,
                    double               x,
                    double               y,
                    ChatroutesBranchRow *self)
{
  GdkRectangle rect = { x, y, 1, 1 };

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  open_menu (self, &rect);
}

void
chatroutes_branch_row_bind (ChatroutesBranchRow *self,
                            GtkTreeListRow      *list_row,
                            ChatroutesBranch    *branch)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH_ROW (self));
  g_return_if_fail (CHATROUTES_IS_BRANCH (branch));

  g_set_object (&self->branch, branch);
  g_set_object (&self->list_row, list_row);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (self->expander), list_row);
  gtk_label_set_text (GTK_LABEL (self->title), chatroutes_branch_get_title (branch)
                                               ? chatroutes_branch_get_title (branch) : _("Untitled Branch"));
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

void
chatroutes_branch_row_unbind (ChatroutesBranchRow *self)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH_ROW (self));

  if (self->expander)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (self->expander), NULL);
  g_clear_object (&self->branch);
  g_clear_object (&self->list_row);
}

/* Setting a label's text lays it out again even when it is the same. */
static void
set_label_text (GtkWidget  *label,
                const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0)
    gtk_label_set_text (GTK_LABEL (label), text);
}

void
chatroutes_branch_row_update (ChatroutesBranchRow      *self,
                              const ChatroutesRailSpec *spec,
                              const char               *fork_text)
{
  g_autoptr(GString) details = g_string_new (NULL);
  gint64 count;

  g_return_if_fail (CHATROUTES_IS_BRANCH_ROW (self));

  if (self->branch == NULL)
    return;

  chatroutes_branch_rail_set_spec (CHATROUTES_BRANCH_RAIL (self->rail), spec);
  /* A leaf has nothing to fold; its children may still come later. */
  gtk_tree_expander_set_hide_expander (GTK_TREE_EXPANDER (self->expander), !spec->has_children &&
                                       !(self->list_row && !gtk_tree_list_row_get_expanded (self->list_row)));
  set_label_text (self->title, chatroutes_branch_get_title (self->branch)
                               ? chatroutes_branch_get_title (self->branch) : _("Untitled Branch"));

  if (spec->on_path)
    gtk_widget_add_css_class (self->title, "on-path");
  else
    gtk_widget_remove_css_class (self->title, "on-path");
  if (spec->active)
    gtk_widget_add_css_class (GTK_WIDGET (self), "active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "active");

  count = chatroutes_branch_get_message_count (self->branch);
  if (count >= 0)
    g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE, "%lu message",
                                                  "%lu messages", (gulong) count), (gulong) count);
  if (!chatroutes_branch_get_is_active (self->branch))
    {
      if (details->len > 0)
        g_string_append (details, " · ");
      g_string_append (details, _("merged"));
    }
  if (fork_text != NULL && *fork_text != '\0')
    {
      if (details->len > 0)
        g_string_append (details, " · ");
      /* Translators: the start of the message a branch grows from, quoted */
      g_string_append_printf (details, _("from “%s”"), fork_text);
    }
  set_label_text (self->details, details->str);
  gtk_widget_set_visible (self->details, details->len > 0);

  {
    g_autofree char *description = NULL;

    description = g_strdup_printf (spec->active ? _("%s, shown") : "%s",
                                   gtk_label_get_text (GTK_LABEL (self->title)));
    if (g_strcmp0 (description, self->description) != 0)
      {
        gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
        g_free (self->description);
        self->description = g_steal_pointer (&description);
      }
  }
}

ChatroutesBranch *
chatroutes_branch_row_get_branch (ChatroutesBranchRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_ROW (self), NULL);
  return self->branch;
}

GtkTreeListRow *
chatroutes_branch_row_get_list_row (ChatroutesBranchRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_ROW (self), NULL);
  return self->list_row;
}

const char *
chatroutes_branch_row_get_title (ChatroutesBranchRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_ROW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->title));
}

const char *
chatroutes_branch_row_get_details (ChatroutesBranchRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_ROW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->details));
}

ChatroutesBranchRail *
chatroutes_branch_row_get_rail (ChatroutesBranchRow *self)
{
  g_return_val_if_fail (CHATROUTES_IS_BRANCH_ROW (self), NULL);
  return CHATROUTES_BRANCH_RAIL (self->rail);
}

void
chatroutes_branch_row_set_drop_highlight (ChatroutesBranchRow *self,
                                          gboolean             highlight)
{
  g_return_if_fail (CHATROUTES_IS_BRANCH_ROW (self));

  if (highlight)
    gtk_widget_add_css_class (GTK_WIDGET (self), "drop-target");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-target");
}
