/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-conversation"

#include "config.h"

#include <glib/gi18n.h>

#include "chatroutes-suggestions-dialog.h"

/* Around the trigger words of a long text, this many characters each side. */
#define EXCERPT_CONTEXT 90

struct _ChatroutesSuggestionsDialog
{
  AdwDialog parent_instance;

  char *text;
  GListModel *suggestions;
};

G_DEFINE_FINAL_TYPE (ChatroutesSuggestionsDialog, chatroutes_suggestions_dialog, ADW_TYPE_DIALOG)

enum {
  SUGGESTION_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The branch point as character offsets within @text, when it fits. */
static gboolean
branch_point (const char           *text,
              ChatroutesSuggestion *suggestion,
              glong                *start,
              glong                *end)
{
  glong length = g_utf8_strlen (text, -1);

  *start = chatroutes_suggestion_get_branch_point_start (suggestion);
  *end = chatroutes_suggestion_get_branch_point_end (suggestion);
  return *start >= 0 && *end > *start && *end <= length;
}

char *
chatroutes_suggestion_excerpt (const char           *text,
                               ChatroutesSuggestion *suggestion,
                               int                  *highlight_start,
                               int                  *highlight_end)
{
  glong start, end, from, to, length;
  g_autoptr(GString) excerpt = NULL;
  const char *from_p, *start_p, *end_p, *to_p;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (suggestion), NULL);

  *highlight_start = *highlight_end = -1;
  length = g_utf8_strlen (text, -1);
  if (!branch_point (text, suggestion, &start, &end))
    {
      g_autofree char *start_of_text = NULL;

      if (length <= 2 * EXCERPT_CONTEXT)
        return g_strdup (text);
      start_of_text = g_utf8_substring (text, 0, 2 * EXCERPT_CONTEXT);
      return g_strconcat (start_of_text, "…", NULL);
    }

  from = MAX (0, start - EXCERPT_CONTEXT);
  to = MIN (length, end + EXCERPT_CONTEXT);
  from_p = g_utf8_offset_to_pointer (text, from);
  start_p = g_utf8_offset_to_pointer (text, start);
  end_p = g_utf8_offset_to_pointer (text, end);
  to_p = g_utf8_offset_to_pointer (text, to);

  excerpt = g_string_new (from > 0 ? "…" : "");
  g_string_append_len (excerpt, from_p, start_p - from_p);
  *highlight_start = (int) excerpt->len;
  g_string_append_len (excerpt, start_p, end_p - start_p);
  *highlight_end = (int) excerpt->len;
  g_string_append_len (excerpt, end_p, to_p - end_p);
  if (to < length)
    g_string_append (excerpt, "…");
  return g_string_free_and_steal (g_steal_pointer (&excerpt));
}

char *
chatroutes_suggestions_dialog_dup_prompt (ChatroutesSuggestionsDialog *self,
                                          ChatroutesSuggestion        *suggestion)
{
  glong start, end;
  const char *p;
  const char *stop;
  g_autofree char *sentence = NULL;
  gunichar first;

  g_return_val_if_fail (CHATROUTES_IS_SUGGESTIONS_DIALOG (self), NULL);
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTION (suggestion), NULL);

  if (!branch_point (self->text, suggestion, &start, &end))
    return g_strdup (chatroutes_suggestion_get_trigger_text (suggestion)
                     ? chatroutes_suggestion_get_trigger_text (suggestion)
                     : chatroutes_suggestion_get_title (suggestion));

  /* From the trigger to the end of its sentence, the end mark included. */
  p = g_utf8_offset_to_pointer (self->text, start);
  for (stop = p; *stop && *stop != '\n'; stop = g_utf8_next_char (stop))
    if (*stop == '.' || *stop == '?' || *stop == '!')
      {
        stop++;
        break;
      }
  sentence = g_strstrip (g_strndup (p, stop - p));

  /* It starts a message now. */
  first = g_utf8_get_char (sentence);
  if (g_unichar_islower (first))
    {
      char upper[8];
      int n = g_unichar_to_utf8 (g_unichar_toupper (first), upper);

      return g_strdup_printf ("%.*s%s", n, upper, g_utf8_next_char (sentence));
    }
  return g_steal_pointer (&sentence);
}

static void
choose_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ChatroutesSuggestionsDialog *self = CHATROUTES_SUGGESTIONS_DIALOG (widget);
  g_autoptr(ChatroutesSuggestion) suggestion = g_list_model_get_item (self->suggestions, g_variant_get_uint32 (param));

  if (suggestion)
    g_signal_emit (self, signals[SUGGESTION_CHOSEN], 0, suggestion);
}

static GtkWidget *
create_row (ChatroutesSuggestionsDialog *self,
            ChatroutesSuggestion        *suggestion,
            guint                        index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (chatroutes_suggestion_get_title (suggestion));
  GtkWidget *confidence;
  GtkWidget *description;
  GtkWidget *excerpt;
  GtkWidget *button;
  g_autofree char *percent = NULL;
  g_autofree char *quote = NULL;
  int hl_start, hl_end;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (top), title);
  if (chatroutes_suggestion_get_confidence (suggestion) >= 0)
    {
      /* Translators: a confidence, as in "87% sure". */
      percent = g_strdup_printf (_("%.0f%% sure"), chatroutes_suggestion_get_confidence (suggestion) * 100.0);
      confidence = gtk_label_new (percent);
      gtk_widget_add_css_class (confidence, "caption");
      gtk_widget_add_css_class (confidence, "numeric");
      gtk_widget_add_css_class (confidence, "dim-label");
      gtk_widget_set_valign (confidence, GTK_ALIGN_BASELINE_CENTER);
      gtk_box_append (GTK_BOX (top), confidence);
    }
  gtk_box_append (GTK_BOX (box), top);

  if (chatroutes_suggestion_get_description (suggestion))
    {
      description = gtk_label_new (chatroutes_suggestion_get_description (suggestion));
      gtk_label_set_wrap (GTK_LABEL (description), TRUE);
      gtk_label_set_xalign (GTK_LABEL (description), 0);
      gtk_box_append (GTK_BOX (box), description);
    }

  quote = chatroutes_suggestion_excerpt (self->text, suggestion, &hl_start, &hl_end);
  excerpt = gtk_label_new (quote);
  gtk_label_set_wrap (GTK_LABEL (excerpt), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (excerpt), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (excerpt), 0);
  gtk_widget_add_css_class (excerpt, "suggestion-excerpt");
  if (hl_start >= 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      PangoAttribute *attr;

      attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      attr->start_index = hl_start;
      attr->end_index = hl_end;
      pango_attr_list_insert (attrs, attr);
      attr = pango_attr_background_new (0xf5 * 257, 0xc2 * 257, 0x11 * 257);
      attr->start_index = hl_start;
      attr->end_index = hl_end;
      pango_attr_list_insert (attrs, attr);
      attr = pango_attr_background_alpha_new (0x5fff);
      attr->start_index = hl_start;
      attr->end_index = hl_end;
      pango_attr_list_insert (attrs, attr);
      gtk_label_set_attributes (GTK_LABEL (excerpt), attrs);
      pango_attr_list_unref (attrs);
    }
  gtk_box_append (GTK_BOX (box), excerpt);

  button = gtk_button_new_with_mnemonic (_("_Create Branch"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "suggestions.choose");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (index));
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
chatroutes_suggestions_dialog_dispose (GObject *object)
{
  ChatroutesSuggestionsDialog *self = CHATROUTES_SUGGESTIONS_DIALOG (object);

  g_clear_object (&self->suggestions);

  G_OBJECT_CLASS (chatroutes_suggestions_dialog_parent_class)->dispose (object);
}

static void
chatroutes_suggestions_dialog_finalize (GObject *object)
{
  ChatroutesSuggestionsDialog *self = CHATROUTES_SUGGESTIONS_DIALOG (object);

  g_free (self->text);

  G_OBJECT_CLASS (chatroutes_suggestions_dialog_parent_class)->finalize (object);
}

static void
chatroutes_suggestions_dialog_class_init (ChatroutesSuggestionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_suggestions_dialog_dispose;
  object_class->finalize = chatroutes_suggestions_dialog_finalize;

  signals[SUGGESTION_CHOSEN] =
    g_signal_new ("suggestion-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CHATROUTES_TYPE_SUGGESTION);

  gtk_widget_class_install_action (widget_class, "suggestions.choose", "u", choose_action);
}

static void
chatroutes_suggestions_dialog_init (ChatroutesSuggestionsDialog *self)
{
  adw_dialog_set_title (ADW_DIALOG (self), _("Branch Suggestions"));
  adw_dialog_set_content_width (ADW_DIALOG (self), 560);
  adw_dialog_set_content_height (ADW_DIALOG (self), 520);
}

static void
build (ChatroutesSuggestionsDialog *self)
{
  GtkWidget *toolbar = adw_toolbar_view_new ();
  guint n = g_list_model_get_n_items (self->suggestions);

  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar), adw_header_bar_new ());

  if (n == 0)
    {
      GtkWidget *page = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "edit-find-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Branch Points Found"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                       _("Nothing in this text suggests another direction to explore."));
      gtk_widget_add_css_class (page, "compact");
      adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar), page);
    }
  else
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkWidget *clamp = adw_clamp_new ();
      GtkWidget *list = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_widget_set_valign (list, GTK_ALIGN_START);
      gtk_widget_set_margin_start (list, 12);
      gtk_widget_set_margin_end (list, 12);
      gtk_widget_set_margin_top (list, 6);
      gtk_widget_set_margin_bottom (list, 18);
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Suggestions"), -1);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ChatroutesSuggestion) suggestion = g_list_model_get_item (self->suggestions, i);
          gtk_list_box_append (GTK_LIST_BOX (list), create_row (self, suggestion, i));
        }
      adw_clamp_set_child (ADW_CLAMP (clamp), list);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
      adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar), scroller);
    }
  adw_dialog_set_child (ADW_DIALOG (self), toolbar);
}

AdwDialog *
chatroutes_suggestions_dialog_new (const char *text,
                                   GListModel *suggestions)
{
  ChatroutesSuggestionsDialog *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (suggestions), NULL);

  self = g_object_new (CHATROUTES_TYPE_SUGGESTIONS_DIALOG, NULL);
  self->text = g_strdup (text);
  self->suggestions = g_object_ref (suggestions);
  build (self);
  return ADW_DIALOG (self);
}

const char *
chatroutes_suggestions_dialog_get_text (ChatroutesSuggestionsDialog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTIONS_DIALOG (self), NULL);
  return self->text;
}

GListModel *
chatroutes_suggestions_dialog_get_suggestions (ChatroutesSuggestionsDialog *self)
{
  g_return_val_if_fail (CHATROUTES_IS_SUGGESTIONS_DIALOG (self), NULL);
  return self->suggestions;
}
