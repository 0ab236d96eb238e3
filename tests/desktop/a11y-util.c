/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "a11y-util.h"

static gboolean
is_interactive (GtkAccessibleRole role)
{
  switch ((int) role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_TOGGLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_RADIO:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The roles whose name GTK computes from the text inside them when nothing
 * names them (as ARIA's "name from content"). */
static gboolean
takes_name_from_content (GtkAccessibleRole role)
{
  switch ((int) role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_TOGGLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_RADIO:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_shown (GtkAccessible *accessible)
{
  if (GTK_IS_WIDGET (accessible))
    return gtk_widget_get_mapped (GTK_WIDGET (accessible));
  return TRUE;
}

static gboolean
has_label_property (GtkAccessible *accessible)
{
  g_autofree char *mismatch = NULL;

  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return FALSE;
  /* Set, but to the empty string, names nothing. */
  mismatch = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  return mismatch != NULL;
}

static gboolean
has_text_inside (GtkAccessible *accessible)
{
  g_autoptr(GtkAccessible) child = NULL;

  if (GTK_IS_LABEL (accessible) && is_shown (accessible))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (accessible));
      if (text != NULL && *text != '\0')
        return TRUE;
    }
  if (GTK_IS_INSCRIPTION (accessible) && is_shown (accessible))
    {
      const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (accessible));
      if (text != NULL && *text != '\0')
        return TRUE;
    }

  child = gtk_accessible_get_first_accessible_child (accessible);
  while (child != NULL)
    {
      GtkAccessible *next;

      if (is_shown (child) &&
          (has_label_property (child) || has_text_inside (child)))
        return TRUE;
      next = gtk_accessible_get_next_accessible_sibling (child);
      g_object_unref (child);
      child = next;
    }
  return FALSE;
}

/* GTK names the toggle inside a menu button or drop-down, the button
 * inside a scale button, from that wrapper, which carries the attributes. */
static GtkAccessible *
naming_accessible (GtkAccessible *accessible)
{
  GtkWidget *widget, *parent;

  if (!GTK_IS_WIDGET (accessible))
    return accessible;
  widget = GTK_WIDGET (accessible);
  parent = gtk_widget_get_parent (widget);
  if ((GTK_IS_TOGGLE_BUTTON (widget) && (GTK_IS_MENU_BUTTON (parent) || GTK_IS_DROP_DOWN (parent))) ||
      (GTK_IS_BUTTON (widget) && GTK_IS_SCALE_BUTTON (parent)))
    return GTK_ACCESSIBLE (parent);
  return accessible;
}

/* Controls that libraries build inside their own widgets (the peek button
 * of a password row, the buttons of a spin row, a search entry's clear
 * icon, the window's buttons): out of the application's hands. GTK names
 * them from their tooltips, which is accepted for them only. Header bars
 * are not in the list: the application's buttons go there. */
static gboolean
is_library_internal (GtkAccessible *accessible)
{
  static const char * const containers[] = {
    "AdwPasswordEntryRow", "AdwEntryRow", "AdwSpinRow", "AdwComboRow",
    "AdwExpanderRow", "GtkWindowControls", "AdwBottomSheet",
    "AdwToast", "AdwToastWidget", "AdwBanner", "GtkSearchEntry",
    "GtkSpinButton", "AdwAboutDialog", "AdwPreferencesDialog",
  };
  GtkWidget *widget;

  if (!GTK_IS_WIDGET (accessible))
    return FALSE;
  widget = GTK_WIDGET (accessible);
  for (GtkWidget *parent = gtk_widget_get_parent (widget);
       parent != NULL;
       parent = gtk_widget_get_parent (parent))
    {
      const char *type = G_OBJECT_TYPE_NAME (parent);

      /* Our own widgets' children are ours. */
      if (g_str_has_prefix (type, "Chatroutes"))
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
        if (g_str_equal (type, containers[i]))
          return TRUE;
    }
  return FALSE;
}

static gboolean
has_tooltip (GtkAccessible *accessible)
{
  const char *text;

  if (!GTK_IS_WIDGET (accessible))
    return FALSE;
  text = gtk_widget_get_tooltip_text (GTK_WIDGET (accessible));
  return text != NULL && *text != '\0';
}

static gboolean
has_name (GtkAccessible *accessible)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (accessible);
  GtkAccessible *named = naming_accessible (accessible);

  if (has_label_property (named))
    return TRUE;
  if (gtk_test_accessible_has_relation (named, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (takes_name_from_content (role) && has_text_inside (named))
    return TRUE;
  if (is_library_internal (accessible) && has_tooltip (named))
    return TRUE;
  return FALSE;
}

char *
a11y_describe (GtkAccessible *accessible)
{
  GString *s = g_string_new (NULL);
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (accessible);
  GEnumClass *roles = g_type_class_ref (GTK_TYPE_ACCESSIBLE_ROLE);
  GEnumValue *value = g_enum_get_value (roles, role);

  g_string_append_printf (s, "%s (role %s)", G_OBJECT_TYPE_NAME (accessible),
                          value ? value->value_nick : "?");
  g_type_class_unref (roles);

  if (GTK_IS_WIDGET (accessible))
    {
      GtkWidget *widget = GTK_WIDGET (accessible);
      g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
      const char *tooltip = gtk_widget_get_tooltip_text (widget);
      const char *id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;

      if (id != NULL)
        g_string_append_printf (s, " id “%s”", id);
      if (tooltip != NULL)
        g_string_append_printf (s, " tooltip “%s”", tooltip);
      if (classes != NULL && classes[0] != NULL)
        {
          g_autofree char *joined = g_strjoinv (".", classes);
          g_string_append_printf (s, " .%s", joined);
        }
      g_string_append (s, " in");
      for (GtkWidget *parent = gtk_widget_get_parent (widget);
           parent != NULL;
           parent = gtk_widget_get_parent (parent))
        g_string_append_printf (s, " %s", G_OBJECT_TYPE_NAME (parent));
    }
  return g_string_free (s, FALSE);
}

static guint
walk (GtkAccessible *accessible,
      GHashTable    *seen,
      GPtrArray     *problems)
{
  g_autoptr(GtkAccessible) child = NULL;
  GtkAccessibleRole role;
  guint checked = 0;

  if (!is_shown (accessible))
    return 0;

  role = gtk_accessible_get_accessible_role (accessible);
  if (is_interactive (role) && !g_hash_table_contains (seen, accessible))
    {
      g_hash_table_add (seen, accessible);
      checked++;
      if (!has_name (accessible))
        g_ptr_array_add (problems, a11y_describe (accessible));
      else if (g_test_verbose ())
        {
          g_autofree char *description = a11y_describe (accessible);
          g_test_message ("named: %s", description);
        }
    }

  child = gtk_accessible_get_first_accessible_child (accessible);
  while (child != NULL)
    {
      GtkAccessible *next;

      checked += walk (child, seen, problems);
      next = gtk_accessible_get_next_accessible_sibling (child);
      g_object_unref (child);
      child = next;
    }
  return checked;
}

guint
a11y_check_names (GtkAccessible *root,
                  GHashTable    *seen,
                  GPtrArray     *problems)
{
  g_return_val_if_fail (GTK_IS_ACCESSIBLE (root), 0);

  return walk (root, seen, problems);
}
