/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-compare-view.h"
#include "chatroutes-markdown-view.h"
#include "chatroutes-tree-text.h"
#include "chatroutes-tree-resources.h"

/* Beyond this many messages a side says how many more there are. */
#define MAX_SHOWN     200
#define START_CHARS   100

struct _ChatroutesCompareView
{
  AdwDialog parent_instance;

  ChatroutesService *service;
  ChatroutesConversation *conversation;
  char *active_branch_id;
  ChatroutesBranchTree *branches;
  GCancellable *cancellable;
  ChatroutesMessagePath *paths[2];
  char *branch_ids[2];
  guint common_length;
  gboolean loading;
  gboolean updating_dropdowns;
  gboolean branches_known;
  gboolean choice_given;    /* by set_branches(), or after a first load */

  AdwWindowTitle *window_title;
  GtkDropDown *left_dropdown;
  GtkDropDown *right_dropdown;
  GtkStack *stack;
  AdwStatusPage *error_page;
  GtkLabel *divergence_label;
  GtkExpander *shared_expander;
  GtkBox *shared_box;
  GtkBox *left_column;
  GtkBox *right_column;
};

G_DEFINE_FINAL_TYPE (ChatroutesCompareView, chatroutes_compare_view, ADW_TYPE_DIALOG)

enum {
  BRANCH_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_paths (ChatroutesCompareView *self);

/* Text {{{ */

static const char *
branch_title (ChatroutesBranch *branch)
{
  const char *title = branch ? chatroutes_branch_get_title (branch) : NULL;

  return title != NULL && *title != '\0' ? title : _("Untitled branch");
}

static char *
branch_title_cb (ChatroutesBranch *branch,
                 gpointer          user_data)
{
  return g_strdup (branch_title (branch));
}

static char *
describe_side (const ChatroutesBranchSummary *summary)
{
  GString *text = g_string_new (NULL);

  if (summary->model != NULL)
    g_string_append (text, summary->model);
  else
    g_string_append (text, _("Model unknown"));
  g_string_append (text, " · ");
  if (summary->temperature >= 0)
    /* Translators: the sampling temperature of the replies */
    g_string_append_printf (text, _("temperature %.2g"), summary->temperature);
  else
    g_string_append (text, _("temperature unknown"));
  g_string_append (text, " · ");
  if (summary->tokens >= 0)
    g_string_append_printf (text, ngettext ("%lu token", "%lu tokens", (gulong) summary->tokens),
                            (gulong) summary->tokens);
  else
    g_string_append (text, _("tokens unknown"));
  g_string_append (text, " · ");
  g_string_append_printf (text, ngettext ("%u message", "%u messages", summary->n_messages),
                          summary->n_messages);
  return g_string_free (text, FALSE);
}

/* }}} */

/* Showing {{{ */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
message_card (ChatroutesMessage *message)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *role = gtk_label_new (chatroutes_tree_role_name (chatroutes_message_get_role (message)));
  GtkWidget *body = chatroutes_markdown_view_new ();

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "compare-message");
  gtk_label_set_xalign (GTK_LABEL (role), 0);
  gtk_widget_add_css_class (role, "role");
  gtk_widget_add_css_class (role, "caption-heading");
  gtk_widget_add_css_class (role, "dim-label");
  chatroutes_markdown_view_set_text (CHATROUTES_MARKDOWN_VIEW (body), chatroutes_message_get_content (message));
  chatroutes_markdown_view_set_selectable (CHATROUTES_MARKDOWN_VIEW (body), TRUE);
  gtk_box_append (GTK_BOX (card), role);
  gtk_box_append (GTK_BOX (card), body);
  return card;
}

static GtkWidget *
side_header (ChatroutesBranch              *branch,
             const ChatroutesBranchSummary *summary)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (branch_title (branch));
  g_autofree char *facts = describe_side (summary);
  GtkWidget *details = gtk_label_new (facts);
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));

  gtk_widget_add_css_class (header, "card");
  gtk_widget_add_css_class (header, "compare-side-header");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), details);

  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (open, _("Show This Branch in the Conversation"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "compare.open-branch");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", chatroutes_branch_get_id (branch));

  gtk_box_append (GTK_BOX (header), texts);
  gtk_box_append (GTK_BOX (header), open);
  return header;
}

static GPtrArray *
path_items (ChatroutesMessagePath *path)
{
  GListModel *model = G_LIST_MODEL (path);
  guint n = g_list_model_get_n_items (model);
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));
  return items;
}

static void
fill_side (ChatroutesCompareView *self,
           GtkBox                *column,
           ChatroutesBranch      *branch,
           GPtrArray             *items)
{
  ChatroutesBranchSummary summary;
  guint shown = 0;

  clear_box (column);
  chatroutes_branch_compare_summarize (items, self->common_length, &summary);
  gtk_box_append (column, side_header (branch, &summary));

  if (items->len <= self->common_length)
    {
      GtkWidget *none = gtk_label_new (_("No messages after the point where they part"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_box_append (column, none);
      return;
    }

  for (guint i = self->common_length; i < items->len && shown < MAX_SHOWN; i++, shown++)
    gtk_box_append (column, message_card (items->pdata[i]));

  if (items->len - self->common_length > shown)
    {
      guint more = items->len - self->common_length - shown;
      g_autofree char *text = g_strdup_printf (ngettext ("%u more message", "%u more messages", more), more);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (column, label);
    }
}

static void
show_comparison (ChatroutesCompareView *self)
{
  g_autoptr(GPtrArray) left = path_items (self->paths[0]);
  g_autoptr(GPtrArray) right = path_items (self->paths[1]);
  ChatroutesBranch *left_branch = chatroutes_branch_tree_lookup (self->branches, self->branch_ids[0]);
  ChatroutesBranch *right_branch = chatroutes_branch_tree_lookup (self->branches, self->branch_ids[1]);
  g_autofree char *expander_label = NULL;

  self->common_length = chatroutes_branch_compare_common_length (left, right);

  if (self->common_length == 0)
    gtk_label_set_text (self->divergence_label, _("These branches have no messages in common"));
  else
    {
      g_autofree char *start = chatroutes_tree_excerpt (chatroutes_message_get_content (left->pdata[self->common_length - 1]), START_CHARS);
      g_autofree char *text = g_strdup_printf (_("Diverges after: %s"), start);

      gtk_label_set_text (self->divergence_label, text);
    }

  /* What both share, once, folded away. */
  clear_box (self->shared_box);
  for (guint i = 0; i < self->common_length; i++)
    {
      ChatroutesMessage *message = left->pdata[i];
      g_autofree char *start = chatroutes_tree_excerpt (chatroutes_message_get_content (message), START_CHARS);
      /* Translators: who wrote a message, then its start */
      g_autofree char *text = g_strdup_printf (_("%s: %s"), chatroutes_tree_role_name (chatroutes_message_get_role (message)), start);
      GtkWidget *line = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (line), 0);
      gtk_label_set_ellipsize (GTK_LABEL (line), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (line, "dim-label");
      gtk_box_append (self->shared_box, line);
    }
  expander_label = g_strdup_printf (ngettext ("%u shared message", "%u shared messages", self->common_length),
                                    self->common_length);
  gtk_expander_set_label (self->shared_expander, expander_label);
  gtk_expander_set_expanded (self->shared_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->shared_expander), self->common_length > 0);

  fill_side (self, self->left_column, left_branch, left);
  fill_side (self, self->right_column, right_branch, right);
  gtk_stack_set_visible_child_name (self->stack, "compare");
}

static void
show_error (ChatroutesCompareView *self,
            const GError          *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* }}} */

/* Loading {{{ */

static void
on_path_loading (ChatroutesCompareView *self)
{
  const GError *error = NULL;

  for (guint i = 0; i < 2; i++)
    {
      if (self->paths[i] == NULL || chatroutes_message_path_get_loading (self->paths[i]))
        return;
    }

  self->loading = FALSE;
  for (guint i = 0; i < 2 && error == NULL; i++)
    error = chatroutes_message_path_get_error (self->paths[i]);
  if (error != NULL)
    show_error (self, error);
  else
    show_comparison (self);
}

static void
clear_paths (ChatroutesCompareView *self)
{
  for (guint i = 0; i < 2; i++)
    {
      if (self->paths[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->paths[i], self);
      g_clear_object (&self->paths[i]);
    }
}

static void
load_paths (ChatroutesCompareView *self)
{
  const char *conversation_id = chatroutes_conversation_get_id (self->conversation);

  clear_paths (self);
  self->common_length = 0;

  if (self->branch_ids[0] == NULL || self->branch_ids[1] == NULL)
    return;
  if (g_str_equal (self->branch_ids[0], self->branch_ids[1]))
    {
      self->loading = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "same");
      return;
    }

  self->loading = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  for (guint i = 0; i < 2; i++)
    {
      self->paths[i] = chatroutes_message_path_new (self->service, conversation_id);
      g_signal_connect_swapped (self->paths[i], "notify::loading", G_CALLBACK (on_path_loading), self);
    }
  for (guint i = 0; i < 2; i++)
    chatroutes_message_path_load (self->paths[i], self->branches, self->branch_ids[i]);
  on_path_loading (self);
}

static guint
position_of (ChatroutesCompareView *self,
             const char            *branch_id)
{
  GListModel *all = chatroutes_branch_tree_get_branches (self->branches);

  for (guint i = 0; branch_id != NULL && i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(ChatroutesBranch) branch = g_list_model_get_item (all, i);

      if (g_strcmp0 (chatroutes_branch_get_id (branch), branch_id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
sync_dropdowns (ChatroutesCompareView *self)
{
  self->updating_dropdowns = TRUE;
  gtk_drop_down_set_selected (self->left_dropdown, position_of (self, self->branch_ids[0]));
  gtk_drop_down_set_selected (self->right_dropdown, position_of (self, self->branch_ids[1]));
  self->updating_dropdowns = FALSE;
}

/* The branch being read and its parent; for a branch without a parent, a
 * branch that grows from it; failing that, any other. */
static void
pick_defaults (ChatroutesCompareView *self)
{
  ChatroutesBranch *active = chatroutes_branch_tree_lookup (self->branches, self->active_branch_id);
  GListModel *all = chatroutes_branch_tree_get_branches (self->branches);
  ChatroutesBranch *parent;
  GListModel *children;

  if (active == NULL)
    active = chatroutes_branch_tree_get_main (self->branches);
  if (active == NULL)
    return;

  parent = chatroutes_branch_tree_lookup (self->branches, chatroutes_branch_get_parent_branch_id (active));
  if (parent != NULL)
    {
      g_set_str (&self->branch_ids[0], chatroutes_branch_get_id (parent));
      g_set_str (&self->branch_ids[1], chatroutes_branch_get_id (active));
      return;
    }

  g_set_str (&self->branch_ids[0], chatroutes_branch_get_id (active));
  children = chatroutes_branch_tree_get_children (self->branches, chatroutes_branch_get_id (active));
  if (children != NULL && g_list_model_get_n_items (children) > 0)
    {
      g_autoptr(ChatroutesBranch) child = g_list_model_get_item (children, 0);

      g_set_str (&self->branch_ids[1], chatroutes_branch_get_id (child));
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(ChatroutesBranch) other = g_list_model_get_item (all, i);

      if (other != active)
        {
          g_set_str (&self->branch_ids[1], chatroutes_branch_get_id (other));
          return;
        }
    }
  g_set_str (&self->branch_ids[1], chatroutes_branch_get_id (active));
}

static void
branches_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(ChatroutesCompareView) self = data;
  g_autoptr(GError) error = NULL;

  if (!chatroutes_branch_tree_load_finish (CHATROUTES_BRANCH_TREE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      show_error (self, error);
      return;
    }

  self->branches_known = TRUE;
  /* Defaults the first time; a reload keeps the pair shown when it can. */
  if (!self->choice_given || self->branch_ids[0] == NULL || self->branch_ids[1] == NULL ||
      position_of (self, self->branch_ids[0]) == GTK_INVALID_LIST_POSITION ||
      position_of (self, self->branch_ids[1]) == GTK_INVALID_LIST_POSITION)
    pick_defaults (self);
  self->choice_given = TRUE;
  sync_dropdowns (self);
  load_paths (self);
}

static void
reload (ChatroutesCompareView *self)
{
  if (self->service == NULL || self->conversation == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clear_paths (self);
  self->loading = TRUE;
  self->branches_known = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  chatroutes_branch_tree_load_async (self->branches, self->service,
                                     chatroutes_conversation_get_id (self->conversation),
                                     self->cancellable, branches_cb, g_object_ref (self));
}

static void
on_selected (ChatroutesCompareView *self)
{
  ChatroutesBranch *left;
  ChatroutesBranch *right;

  /* Drop-downs pick their first item as the branches arrive: only a
   * person's choice counts. */
  if (self->updating_dropdowns || !self->branches_known)
    return;

  left = gtk_drop_down_get_selected_item (self->left_dropdown);
  right = gtk_drop_down_get_selected_item (self->right_dropdown);
  if (left == NULL || right == NULL)
    return;
  chatroutes_compare_view_set_branches (self, chatroutes_branch_get_id (left), chatroutes_branch_get_id (right));
}

/* }}} */

/* Actions {{{ */

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChatroutesCompareView *self = CHATROUTES_COMPARE_VIEW (widget);
  g_autofree char *left = g_strdup (self->branch_ids[0]);

  chatroutes_compare_view_set_branches (self, self->branch_ids[1], left);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  reload (CHATROUTES_COMPARE_VIEW (widget));
}

static void
open_branch_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ChatroutesCompareView *self = CHATROUTES_COMPARE_VIEW (widget);

  g_object_ref (self);
  g_signal_emit (self, signals[BRANCH_ACTIVATED], 0, g_variant_get_string (param, NULL));
  adw_dialog_close (ADW_DIALOG (self));
  g_object_unref (self);
}

/* }}} */

/* GObject {{{ */

static void
chatroutes_compare_view_dispose (GObject *object)
{
  ChatroutesCompareView *self = (ChatroutesCompareView *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_paths (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CHATROUTES_TYPE_COMPARE_VIEW);
  g_clear_object (&self->branches);
  g_clear_object (&self->service);
  g_clear_object (&self->conversation);

  G_OBJECT_CLASS (chatroutes_compare_view_parent_class)->dispose (object);
}

static void
chatroutes_compare_view_finalize (GObject *object)
{
  ChatroutesCompareView *self = (ChatroutesCompareView *)object;

  g_free (self->active_branch_id);
  g_free (self->branch_ids[0]);
  g_free (self->branch_ids[1]);

  G_OBJECT_CLASS (chatroutes_compare_view_parent_class)->finalize (object);
}

static void
chatroutes_compare_view_class_init (ChatroutesCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_compare_view_dispose;
  object_class->finalize = chatroutes_compare_view_finalize;

  signals[BRANCH_ACTIVATED] =
    g_signal_new ("branch-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CHATROUTES_TYPE_MARKDOWN_VIEW);
  /* Keeps the resources' object, and its registration, in static links. */
  g_resources_register (chatroutes_tree_get_resource ());
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/chatroutes/Desktop/tree/chatroutes-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, window_title);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, left_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, right_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, stack);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, error_page);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, divergence_label);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, shared_expander);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, shared_box);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, left_column);
  gtk_widget_class_bind_template_child (widget_class, ChatroutesCompareView, right_column);

  gtk_widget_class_install_action (widget_class, "compare.swap", NULL, swap_action);
  gtk_widget_class_install_action (widget_class, "compare.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "compare.open-branch", "s", open_branch_action);
}

/* The look of the cards, once per display. */
static void
load_style (GtkWidget *widget)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/com/chatroutes/Desktop/tree/style.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (widget),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
chatroutes_compare_view_init (ChatroutesCompareView *self)
{
  GtkExpression *title;

  gtk_widget_init_template (GTK_WIDGET (self));
  load_style (GTK_WIDGET (self));

  self->branches = chatroutes_branch_tree_new ();

  title = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                       G_CALLBACK (branch_title_cb), NULL, NULL);
  gtk_drop_down_set_expression (self->left_dropdown, title);
  gtk_drop_down_set_expression (self->right_dropdown, title);
  gtk_expression_unref (title);
  gtk_drop_down_set_model (self->left_dropdown, chatroutes_branch_tree_get_branches (self->branches));
  gtk_drop_down_set_model (self->right_dropdown, chatroutes_branch_tree_get_branches (self->branches));
  g_signal_connect_swapped (self->left_dropdown, "notify::selected", G_CALLBACK (on_selected), self);
  g_signal_connect_swapped (self->right_dropdown, "notify::selected", G_CALLBACK (on_selected), self);
}

/* }}} */

/* Public {{{ */

ChatroutesCompareView *
chatroutes_compare_view_new (ChatroutesService      *service,
                             ChatroutesConversation *conversation,
                             const char             *active_branch_id)
{
  ChatroutesCompareView *self;

  g_return_val_if_fail (CHATROUTES_IS_SERVICE (service), NULL);
  g_return_val_if_fail (CHATROUTES_IS_CONVERSATION (conversation), NULL);

  self = g_object_new (CHATROUTES_TYPE_COMPARE_VIEW, NULL);
  self->service = g_object_ref (service);
  self->conversation = g_object_ref (conversation);
  self->active_branch_id = g_strdup (active_branch_id);
  adw_window_title_set_subtitle (self->window_title, chatroutes_conversation_get_title (conversation));
  reload (self);
  return self;
}

void
chatroutes_compare_view_set_branches (ChatroutesCompareView *self,
                                      const char            *left_id,
                                      const char            *right_id)
{
  gboolean changed;

  g_return_if_fail (CHATROUTES_IS_COMPARE_VIEW (self));
  g_return_if_fail (left_id != NULL && right_id != NULL);

  if (!self->branches_known)
    self->choice_given = TRUE;
  changed = g_set_str (&self->branch_ids[0], left_id);
  changed |= g_set_str (&self->branch_ids[1], right_id);
  if (!changed)
    return;

  sync_dropdowns (self);
  /* Until the branches are known, the choice waits for them. */
  if (self->branches_known)
    load_paths (self);
}

const char *
chatroutes_compare_view_get_left_branch_id (ChatroutesCompareView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPARE_VIEW (self), NULL);
  return self->branch_ids[0];
}

const char *
chatroutes_compare_view_get_right_branch_id (ChatroutesCompareView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPARE_VIEW (self), NULL);
  return self->branch_ids[1];
}

gboolean
chatroutes_compare_view_get_loading (ChatroutesCompareView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPARE_VIEW (self), FALSE);
  return self->loading;
}

guint
chatroutes_compare_view_get_common_length (ChatroutesCompareView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_COMPARE_VIEW (self), 0);
  return self->common_length;
}

/* }}} */
