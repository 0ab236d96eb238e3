/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-markdown"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "chatroutes-markdown-code-block.h"
#include "chatroutes-markdown-languages.h"

#define COPIED_FEEDBACK_MS 1500

struct _ChatroutesMarkdownCodeBlock
{
  GtkWidget parent_instance;

  GtkWidget *header;
  GtkLabel *language_label;
  GtkButton *copy_button;
  GtkWidget *scroller;
  GtkSourceView *source_view;
  GtkSourceBuffer *buffer;

  char *language;
  /* The highlighting language, while it loads. */
  GtkSourceLanguage *waiting_for;
  gulong ready_id;
  guint copied_id;
};

enum {
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ChatroutesMarkdownCodeBlock, chatroutes_markdown_code_block, GTK_TYPE_WIDGET)

/* Names people put after a fence, mapped to GtkSourceView's ids. */
static const struct {
  const char *alias;
  const char *id;
} language_aliases[] = {
  { "bash", "sh" }, { "shell", "sh" }, { "zsh", "sh" }, { "console", "sh" },
  { "shellscript", "sh" }, { "py", "python3" }, { "python", "python3" },
  { "python3", "python3" }, { "js", "js" }, { "javascript", "js" },
  { "jsx", "js" }, { "ts", "typescript" }, { "tsx", "typescript" },
  { "c++", "cpp" }, { "cc", "cpp" }, { "cxx", "cpp" }, { "hpp", "cpp" },
  { "h", "c" }, { "c#", "c-sharp" }, { "cs", "c-sharp" }, { "csharp", "c-sharp" },
  { "rs", "rust" }, { "yml", "yaml" }, { "md", "markdown" }, { "golang", "go" },
  { "rb", "ruby" }, { "kt", "kotlin" }, { "objc", "objc" }, { "html", "html" },
  { "xml", "xml" }, { "sql", "sql" }, { "dockerfile", "dockerfile" },
  { "make", "makefile" }, { "patch", "diff" }, { "ini", "ini" }, { "toml", "toml" },
};

GtkSourceLanguage *
chatroutes_markdown_find_language (const char *name)
{
  GtkSourceLanguageManager *manager;
  g_autofree char *lower = NULL;
  g_autofree char *filename = NULL;
  GtkSourceLanguage *language;

  if (name == NULL || *name == '\0')
    return NULL;

  manager = gtk_source_language_manager_get_default ();
  lower = g_ascii_strdown (name, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (language_aliases); i++)
    if (strcmp (language_aliases[i].alias, lower) == 0)
      {
        language = gtk_source_language_manager_get_language (manager, language_aliases[i].id);
        if (language != NULL)
          return language;
      }

  language = gtk_source_language_manager_get_language (manager, lower);
  if (language != NULL)
    return language;

  /* "x.py", "x.go"…: the extension often is what people write. */
  if (strchr (lower, '/') == NULL)
    {
      filename = g_strconcat ("code.", lower, NULL);
      return gtk_source_language_manager_guess_language (manager, filename, NULL);
    }

  return NULL;
}

static void
update_style_scheme (ChatroutesMarkdownCodeBlock *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes,
                                                       adw_style_manager_get_dark (style)
                                                       ? "Adwaita-dark" : "Adwaita");
  gtk_source_buffer_set_style_scheme (self->buffer, scheme);
}

static gboolean
reset_copy_icon (gpointer data)
{
  ChatroutesMarkdownCodeBlock *self = data;

  self->copied_id = 0;
  gtk_button_set_icon_name (self->copy_button, "edit-copy-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_button), _("Copy"));
  return G_SOURCE_REMOVE;
}

void
chatroutes_markdown_code_block_copy (ChatroutesMarkdownCodeBlock *self)
{
  g_autofree char *code = NULL;

  g_return_if_fail (CHATROUTES_IS_MARKDOWN_CODE_BLOCK (self));

  code = chatroutes_markdown_code_block_get_code (self);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), code);

  gtk_button_set_icon_name (self->copy_button, "object-select-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_button), _("Copied"));
  g_clear_handle_id (&self->copied_id, g_source_remove);
  self->copied_id = g_timeout_add (COPIED_FEEDBACK_MS, reset_copy_icon, self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  chatroutes_markdown_code_block_copy (CHATROUTES_MARKDOWN_CODE_BLOCK (widget));
}

static void
chatroutes_markdown_code_block_dispose (GObject *object)
{
  ChatroutesMarkdownCodeBlock *self = CHATROUTES_MARKDOWN_CODE_BLOCK (object);
  GtkWidget *child;

  g_clear_handle_id (&self->copied_id, g_source_remove);
  g_clear_signal_handler (&self->ready_id, chatroutes_markdown_languages_get_default ());
  g_clear_object (&self->waiting_for);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (chatroutes_markdown_code_block_parent_class)->dispose (object);
}

static void
chatroutes_markdown_code_block_finalize (GObject *object)
{
  ChatroutesMarkdownCodeBlock *self = CHATROUTES_MARKDOWN_CODE_BLOCK (object);

  g_free (self->language);

  G_OBJECT_CLASS (chatroutes_markdown_code_block_parent_class)->finalize (object);
}

static void
chatroutes_markdown_code_block_get_property (GObject    *object,
                                             guint       prop_id,
                                             GValue     *value,
                                             GParamSpec *pspec)
{
  ChatroutesMarkdownCodeBlock *self = CHATROUTES_MARKDOWN_CODE_BLOCK (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_markdown_code_block_set_property (GObject      *object,
                                             guint         prop_id,
                                             const GValue *value,
                                             GParamSpec   *pspec)
{
  ChatroutesMarkdownCodeBlock *self = CHATROUTES_MARKDOWN_CODE_BLOCK (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      chatroutes_markdown_code_block_set_language (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_markdown_code_block_class_init (ChatroutesMarkdownCodeBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_markdown_code_block_dispose;
  object_class->finalize = chatroutes_markdown_code_block_finalize;
  object_class->get_property = chatroutes_markdown_code_block_get_property;
  object_class->set_property = chatroutes_markdown_code_block_set_property;

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "code.copy", NULL, copy_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codeblock");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
chatroutes_markdown_code_block_init (ChatroutesMarkdownCodeBlock *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *button;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (widget)),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (widget, "card");
  gtk_widget_add_css_class (widget, "markdown-code");
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->header, "header");
  gtk_widget_set_parent (self->header, widget);

  self->language_label = GTK_LABEL (gtk_label_new (_("Code")));
  gtk_label_set_xalign (self->language_label, 0.0f);
  gtk_label_set_ellipsize (self->language_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->language_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->language_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->language_label), "dim-label");
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->language_label));

  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  self->copy_button = GTK_BUTTON (button);
  gtk_widget_set_tooltip_text (button, _("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy"),
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "code.copy");
  gtk_box_append (GTK_BOX (self->header), button);

  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (self->buffer), FALSE);
  self->source_view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (self->buffer));
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->source_view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->source_view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->source_view), GTK_WRAP_NONE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->source_view), 10);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->source_view), 10);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->source_view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->source_view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->source_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Code"),
                                  -1);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->source_view));
  gtk_widget_set_parent (self->scroller, widget);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self,
                           G_CONNECT_SWAPPED);
  update_style_scheme (self);
}

GtkWidget *
chatroutes_markdown_code_block_new (void)
{
  return g_object_new (CHATROUTES_TYPE_MARKDOWN_CODE_BLOCK, NULL);
}

const char *
chatroutes_markdown_code_block_get_language (ChatroutesMarkdownCodeBlock *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MARKDOWN_CODE_BLOCK (self), NULL);

  return self->language;
}

static void
language_ready (ChatroutesMarkdownCodeBlock *self,
                GtkSourceLanguage           *language)
{
  if (language != self->waiting_for)
    return;

  g_clear_signal_handler (&self->ready_id, chatroutes_markdown_languages_get_default ());
  g_clear_object (&self->waiting_for);
  gtk_source_buffer_set_language (self->buffer, language);
}

/* Highlights with @language at once when it is loaded; otherwise the code
 * shows plain until it is. */
static void
use_language (ChatroutesMarkdownCodeBlock *self,
              GtkSourceLanguage           *language)
{
  ChatroutesMarkdownLanguages *languages = chatroutes_markdown_languages_get_default ();

  g_clear_object (&self->waiting_for);

  if (language == NULL || chatroutes_markdown_languages_prepare (languages, language))
    {
      g_clear_signal_handler (&self->ready_id, languages);
      gtk_source_buffer_set_language (self->buffer, language);
      return;
    }

  gtk_source_buffer_set_language (self->buffer, NULL);
  self->waiting_for = g_object_ref (language);
  if (self->ready_id == 0)
    self->ready_id = g_signal_connect_object (languages, "ready",
                                              G_CALLBACK (language_ready), self,
                                              G_CONNECT_SWAPPED);
}

void
chatroutes_markdown_code_block_set_language (ChatroutesMarkdownCodeBlock *self,
                                             const char                  *language)
{
  g_return_if_fail (CHATROUTES_IS_MARKDOWN_CODE_BLOCK (self));

  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);

  use_language (self, chatroutes_markdown_find_language (language));
  gtk_label_set_text (self->language_label,
                      language != NULL && *language != '\0' ? language : _("Code"));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

char *
chatroutes_markdown_code_block_get_code (ChatroutesMarkdownCodeBlock *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (CHATROUTES_IS_MARKDOWN_CODE_BLOCK (self), NULL);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
}

void
chatroutes_markdown_code_block_set_code (ChatroutesMarkdownCodeBlock *self,
                                         const char                  *code)
{
  GtkTextBuffer *buffer;
  g_autofree char *current = NULL;
  gsize current_len;

  g_return_if_fail (CHATROUTES_IS_MARKDOWN_CODE_BLOCK (self));

  if (code == NULL)
    code = "";

  buffer = GTK_TEXT_BUFFER (self->buffer);
  current = chatroutes_markdown_code_block_get_code (self);
  current_len = strlen (current);

  /* While a reply streams, the code only grows: insert the new tail so
   * the highlighting and the scroll position stay. */
  if (current_len > 0 && strncmp (code, current, current_len) == 0)
    {
      GtkTextIter end;

      if (code[current_len] == '\0')
        return;
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, code + current_len, -1);
    }
  else
    {
      gtk_text_buffer_set_text (buffer, code, -1);
    }
}

GtkSourceBuffer *
chatroutes_markdown_code_block_get_buffer (ChatroutesMarkdownCodeBlock *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MARKDOWN_CODE_BLOCK (self), NULL);

  return self->buffer;
}
