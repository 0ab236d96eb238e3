/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-markdown"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "chatroutes-markdown-blocks.h"
#include "chatroutes-markdown-code-block.h"
#include "chatroutes-markdown-resources.h"
#include "chatroutes-markdown-view-private.h"

/* Width of a list marker column: items nest by this much. */
#define LIST_INDENT 26

typedef struct
{
  GtkWidget *outer;   /* the view's child */
  GtkWidget *label;   /* the text to update in place, or NULL */
  GtkWidget *code;    /* the code block to update in place, or NULL */
} BlockWidgets;

struct _ChatroutesMarkdownView
{
  GtkWidget parent_instance;

  GString *text;
  GPtrArray *blocks;             /* ChatroutesMarkdownBlock, as shown */
  GArray *widgets;               /* BlockWidgets, parallel to blocks */

  guint tick_id;
  guint render_count;
  guint dirty : 1;
  guint selectable : 1;
};

enum {
  PROP_0,
  PROP_TEXT,
  PROP_SELECTABLE,
  N_PROPS
};

enum {
  ACTIVATE_LINK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChatroutesMarkdownView, chatroutes_markdown_view, GTK_TYPE_WIDGET)

/* New widgets per frame, in paragraphs (see block_cost ()): a frame stays
 * well under 50 ms however long the text. */
#define RENDER_BUDGET 16

/* The length of @text without a UTF-8 sequence cut short at its end: a
 * stream may split a character between two deltas. */
static gsize
complete_length (const char *text,
                 gsize       len)
{
  gsize i;
  guchar lead;
  gsize need;

  if (len == 0)
    return 0;

  /* Find the start of the last sequence (at most 3 bytes back). */
  for (i = len; i > 0 && len - i < 4; i--)
    if (((guchar) text[i - 1] & 0xC0) != 0x80)
      break;
  if (i == 0 || len - i >= 4)
    return len;

  lead = (guchar) text[i - 1];
  if (lead < 0x80)
    return len;
  else if ((lead & 0xE0) == 0xC0)
    need = 2;
  else if ((lead & 0xF0) == 0xE0)
    need = 3;
  else if ((lead & 0xF8) == 0xF0)
    need = 4;
  else
    return len;

  return len - (i - 1) < need ? i - 1 : len;
}

static void
launch_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_debug ("Could not open a link: %s", error->message);
}

static gboolean
chatroutes_markdown_view_real_activate_link (ChatroutesMarkdownView *self,
                                             const char             *uri)
{
  g_autoptr(GtkUriLauncher) launcher = NULL;
  GtkRoot *root;

  if (!chatroutes_markdown_uri_is_allowed (uri))
    return TRUE;

  launcher = gtk_uri_launcher_new (uri);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_uri_launcher_launch (launcher,
                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                           NULL, launch_done, NULL);
  return TRUE;
}

static gboolean
on_label_activate_link (GtkLabel               *label,
                        const char             *uri,
                        ChatroutesMarkdownView *self)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, &handled);
  return TRUE;
}

static void
label_set_markup (GtkLabel   *label,
                  const char *markup)
{
  /* The block model escapes all text; its tests and fuzz target check
   * that the markup always parses. */
  gtk_label_set_markup (label, markup);
}

static GtkWidget *
create_text_label (ChatroutesMarkdownView *self,
                   const char             *markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), self->selectable);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "markdown-text");
  g_signal_connect_object (label, "activate-link",
                           G_CALLBACK (on_label_activate_link), self, 0);
  return label;
}

static const char *
heading_class (guint level)
{
  switch (level)
    {
    case 1: return "title-2";
    case 2: return "title-3";
    case 3: return "title-4";
    default: return "heading";
    }
}

static GtkWidget *
create_list_marker (const ChatroutesMarkdownBlock *block)
{
  GtkWidget *marker;

  if (block->task != CHATROUTES_MARKDOWN_TASK_NONE)
    {
      marker = gtk_check_button_new ();
      gtk_check_button_set_active (GTK_CHECK_BUTTON (marker),
                                   block->task == CHATROUTES_MARKDOWN_TASK_CHECKED);
      /* Shown, not edited: the reply is not a form. */
      gtk_widget_set_can_target (marker, FALSE);
      gtk_widget_set_focusable (marker, FALSE);
      gtk_accessible_update_state (GTK_ACCESSIBLE (marker),
                                   GTK_ACCESSIBLE_STATE_DISABLED, TRUE,
                                   -1);
      gtk_widget_set_valign (marker, GTK_ALIGN_START);
      gtk_widget_add_css_class (marker, "task");
    }
  else
    {
      g_autofree char *text = NULL;

      if (block->ordered)
        text = g_strdup_printf ("%u%c", block->index, block->marker);
      else
        {
          static const char *bullets[] = { "•", "◦", "▪" };

          text = g_strdup (bullets[(MAX (block->list_depth, 1) - 1) % G_N_ELEMENTS (bullets)]);
        }
      marker = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (marker), block->ordered ? 1.0f : 0.5f);
      gtk_label_set_yalign (GTK_LABEL (marker), 0.0f);
      gtk_widget_set_valign (marker, GTK_ALIGN_START);
      if (block->ordered)
        gtk_widget_add_css_class (marker, "numeric");
      gtk_accessible_update_property (GTK_ACCESSIBLE (marker),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
    }

  gtk_widget_set_size_request (marker, LIST_INDENT - 8, -1);
  gtk_widget_add_css_class (marker, "list-marker");
  return marker;
}

static GtkWidget *
create_table (ChatroutesMarkdownView        *self,
              const ChatroutesMarkdownBlock *block)
{
  GtkWidget *scroller;
  GtkWidget *grid;

  grid = gtk_grid_new ();
  gtk_widget_add_css_class (grid, "markdown-table");
  gtk_widget_set_overflow (grid, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Table"),
                                  -1);

  for (guint row = 0; row < block->n_rows; row++)
    for (guint column = 0; column < block->n_columns; column++)
      {
        const char *markup = chatroutes_markdown_block_get_cell (block, row, column);
        gboolean header = row < block->n_header_rows;
        g_autofree char *bold = header ? g_strconcat ("<b>", markup, "</b>", NULL) : NULL;
        GtkWidget *cell = create_text_label (self, header ? bold : markup);
        float xalign;

        switch (block->align[column])
          {
          case CHATROUTES_MARKDOWN_ALIGN_CENTER: xalign = 0.5f; break;
          case CHATROUTES_MARKDOWN_ALIGN_RIGHT: xalign = 1.0f; break;
          case CHATROUTES_MARKDOWN_ALIGN_LEFT:
          case CHATROUTES_MARKDOWN_ALIGN_DEFAULT:
          default: xalign = 0.0f; break;
          }
        gtk_label_set_xalign (GTK_LABEL (cell), xalign);
        /* A wrapping label asks for its height at its narrowest width
         * inside a scrolled window, which makes tall, empty rows: cells
         * keep their lines, and a wide table scrolls. */
        gtk_label_set_wrap (GTK_LABEL (cell), FALSE);
        gtk_widget_set_hexpand (cell, FALSE);
        gtk_widget_add_css_class (cell, "cell");
        if (header)
          gtk_widget_add_css_class (cell, "header");
        if (row + 1 == block->n_rows)
          gtk_widget_add_css_class (cell, "last-row");
        if (column + 1 == block->n_columns)
          gtk_widget_add_css_class (cell, "last-column");
        gtk_grid_attach (GTK_GRID (grid), cell, column, row, 1, 1);
      }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_halign (scroller, GTK_ALIGN_START);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  return scroller;
}

static guint
spacing_before (const ChatroutesMarkdownBlock *prev,
                const ChatroutesMarkdownBlock *block)
{
  if (prev == NULL)
    return 0;
  if (block->kind == CHATROUTES_MARKDOWN_BLOCK_HEADING)
    return 18;
  if (prev->kind == CHATROUTES_MARKDOWN_BLOCK_HEADING)
    return 8;
  if (block->kind == CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM &&
      prev->kind == CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM)
    return 6;
  if (block->list_depth > 0 && prev->list_depth > 0 &&
      block->kind != CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM)
    return 6;
  return 12;
}

static BlockWidgets
create_block_widgets (ChatroutesMarkdownView        *self,
                      const ChatroutesMarkdownBlock *prev,
                      const ChatroutesMarkdownBlock *block)
{
  BlockWidgets w = { NULL, NULL, NULL };
  GtkWidget *content = NULL;
  guint indent = 0;
  guint shared_quote = 0;

  switch (block->kind)
    {
    case CHATROUTES_MARKDOWN_BLOCK_HEADING:
      w.label = create_text_label (self, block->markup);
      gtk_widget_add_css_class (w.label, heading_class (block->level));
      gtk_accessible_update_property (GTK_ACCESSIBLE (w.label),
                                      GTK_ACCESSIBLE_PROPERTY_LEVEL, (int) block->level,
                                      -1);
      content = w.label;
      break;

    case CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH:
    case CHATROUTES_MARKDOWN_BLOCK_QUOTE:
      w.label = create_text_label (self, block->markup);
      content = w.label;
      break;

    case CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM:
      {
        GtkWidget *marker = create_list_marker (block);

        content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
        gtk_widget_add_css_class (content, "list-item");
        w.label = create_text_label (self, block->markup);
        gtk_box_append (GTK_BOX (content), marker);
        gtk_box_append (GTK_BOX (content), w.label);
        if (GTK_IS_CHECK_BUTTON (marker))
          gtk_accessible_update_relation (GTK_ACCESSIBLE (marker),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, w.label, NULL,
                                          -1);
        indent = (MAX (block->list_depth, 1) - 1) * LIST_INDENT;
      }
      break;

    case CHATROUTES_MARKDOWN_BLOCK_CODE:
      w.code = chatroutes_markdown_code_block_new ();
      chatroutes_markdown_code_block_set_language (CHATROUTES_MARKDOWN_CODE_BLOCK (w.code),
                                                   block->language);
      chatroutes_markdown_code_block_set_code (CHATROUTES_MARKDOWN_CODE_BLOCK (w.code),
                                               block->code);
      content = w.code;
      break;

    case CHATROUTES_MARKDOWN_BLOCK_TABLE:
      content = create_table (self, block);
      break;

    case CHATROUTES_MARKDOWN_BLOCK_RULE:
      content = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      gtk_widget_set_margin_top (content, 6);
      gtk_widget_set_margin_bottom (content, 6);
      break;

    default:
      g_assert_not_reached ();
    }

  /* Blocks inside a list line up with the item's text. */
  if (block->kind != CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM)
    indent = block->list_depth * LIST_INDENT;
  gtk_widget_set_margin_start (content, indent);

  if (prev != NULL && block->quote_group != 0 && prev->quote_group == block->quote_group)
    shared_quote = MIN (prev->quote_depth, block->quote_depth);

  /* One bar per quote level; the gap above goes inside the bars this block
   * shares with the one before, so a quote's bar has no breaks. */
  w.outer = content;
  for (guint depth = block->quote_depth; depth > 0; depth--)
    {
      GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_widget_add_css_class (bar, "markdown-quote");
      if (depth == shared_quote)
        {
          gtk_widget_set_margin_top (w.outer, spacing_before (prev, block));
        }
      gtk_box_append (GTK_BOX (bar), w.outer);
      w.outer = bar;
    }
  if (shared_quote == 0)
    gtk_widget_set_margin_top (w.outer, spacing_before (prev, block));

  return w;
}

/* Brings the widget of block @i from @old to @block without replacing it,
 * when only its text grew. */
static gboolean
update_block_widgets (BlockWidgets                  *w,
                      const ChatroutesMarkdownBlock *old,
                      const ChatroutesMarkdownBlock *block)
{
  if (old->kind != block->kind ||
      old->quote_depth != block->quote_depth ||
      old->quote_group != block->quote_group ||
      old->list_depth != block->list_depth ||
      old->level != block->level ||
      old->ordered != block->ordered ||
      old->index != block->index ||
      old->marker != block->marker ||
      old->task != block->task)
    return FALSE;

  switch (block->kind)
    {
    case CHATROUTES_MARKDOWN_BLOCK_HEADING:
    case CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH:
    case CHATROUTES_MARKDOWN_BLOCK_QUOTE:
    case CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM:
      g_assert (w->label != NULL);
      label_set_markup (GTK_LABEL (w->label), block->markup);
      return TRUE;

    case CHATROUTES_MARKDOWN_BLOCK_CODE:
      if (g_strcmp0 (old->language, block->language) != 0)
        return FALSE;
      g_assert (w->code != NULL);
      chatroutes_markdown_code_block_set_code (CHATROUTES_MARKDOWN_CODE_BLOCK (w->code),
                                               block->code);
      return TRUE;

    case CHATROUTES_MARKDOWN_BLOCK_TABLE:
    case CHATROUTES_MARKDOWN_BLOCK_RULE:
    default:
      return FALSE;
    }
}

/* What making a block's widgets and laying them out costs, roughly, in
 * paragraphs. */
static guint
block_cost (const ChatroutesMarkdownBlock *block)
{
  switch (block->kind)
    {
    case CHATROUTES_MARKDOWN_BLOCK_CODE:
    case CHATROUTES_MARKDOWN_BLOCK_TABLE:
      return 6;
    case CHATROUTES_MARKDOWN_BLOCK_HEADING:
    case CHATROUTES_MARKDOWN_BLOCK_PARAGRAPH:
    case CHATROUTES_MARKDOWN_BLOCK_QUOTE:
    case CHATROUTES_MARKDOWN_BLOCK_LIST_ITEM:
    case CHATROUTES_MARKDOWN_BLOCK_RULE:
    default:
      return 1;
    }
}

static gboolean render_tick (GtkWidget     *widget,
                             GdkFrameClock *frame_clock,
                             gpointer       user_data);

/* Brings the widgets up to the text. At most about RENDER_BUDGET blocks'
 * worth of new widgets are made at a time, unless @unlimited; the rest
 * follow at the next frames. */
static void
render_blocks (ChatroutesMarkdownView *self,
               gboolean                unlimited)
{
  g_autoptr(GPtrArray) blocks = NULL;
  guint old_len, keep, i;
  guint budget = RENDER_BUDGET;

  self->dirty = FALSE;
  self->render_count++;

  blocks = chatroutes_markdown_blocks_parse (self->text->str,
                                             complete_length (self->text->str, self->text->len));
  old_len = self->blocks->len;
  keep = chatroutes_markdown_blocks_common_prefix (self->blocks, blocks);
  i = keep;

  if (i < old_len && i < blocks->len &&
      update_block_widgets (&g_array_index (self->widgets, BlockWidgets, i),
                            g_ptr_array_index (self->blocks, i),
                            g_ptr_array_index (blocks, i)))
    i++;

  for (guint j = old_len; j > i; j--)
    gtk_widget_unparent (g_array_index (self->widgets, BlockWidgets, j - 1).outer);
  g_array_set_size (self->widgets, i);

  for (; i < blocks->len && (budget > 0 || unlimited); i++)
    {
      const ChatroutesMarkdownBlock *block = g_ptr_array_index (blocks, i);
      BlockWidgets w;
      guint cost = block_cost (block);

      w = create_block_widgets (self, i > 0 ? g_ptr_array_index (blocks, i - 1) : NULL, block);
      gtk_widget_insert_before (w.outer, GTK_WIDGET (self), NULL);
      g_array_append_val (self->widgets, w);
      budget = cost < budget ? budget - cost : 0;
    }

  /* A long text (a whole reply at once) comes in over several frames:
   * what is shown is the part that has widgets. */
  if (i < blocks->len)
    {
      g_ptr_array_set_size (blocks, i);
      self->dirty = TRUE;
      if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
        self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), render_tick, NULL, NULL);
    }

  g_ptr_array_unref (self->blocks);
  self->blocks = g_steal_pointer (&blocks);
}

static void
chatroutes_markdown_view_render (ChatroutesMarkdownView *self)
{
  render_blocks (self, FALSE);
}

static gboolean
render_tick (GtkWidget     *widget,
             GdkFrameClock *frame_clock,
             gpointer       user_data)
{
  ChatroutesMarkdownView *self = CHATROUTES_MARKDOWN_VIEW (widget);

  self->tick_id = 0;
  chatroutes_markdown_view_render (self);
  return G_SOURCE_REMOVE;
}

static void
chatroutes_markdown_view_queue_render (ChatroutesMarkdownView *self)
{
  self->dirty = TRUE;

  /* Unmapped views render when they are mapped. */
  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), render_tick, NULL, NULL);
}

static void
chatroutes_markdown_view_cancel_render (ChatroutesMarkdownView *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
apply_selectable (GtkWidget *widget,
                  gboolean   selectable)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "markdown-text"))
        gtk_label_set_selectable (GTK_LABEL (child), selectable);
      else if (!CHATROUTES_IS_MARKDOWN_CODE_BLOCK (child))
        apply_selectable (child, selectable);
    }
}

static void
ensure_style (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "chatroutes-markdown-style") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/com/chatroutes/Desktop/markdown/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "chatroutes-markdown-style",
                          g_steal_pointer (&provider), g_object_unref);
}

static void
chatroutes_markdown_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (chatroutes_markdown_view_parent_class)->root (widget);

  ensure_style (widget);
}

static void
chatroutes_markdown_view_map (GtkWidget *widget)
{
  ChatroutesMarkdownView *self = CHATROUTES_MARKDOWN_VIEW (widget);

  if (self->dirty)
    chatroutes_markdown_view_render (self);

  GTK_WIDGET_CLASS (chatroutes_markdown_view_parent_class)->map (widget);

  /* The rest of a long text. */
  if (self->dirty)
    chatroutes_markdown_view_queue_render (self);
}

static void
chatroutes_markdown_view_unmap (GtkWidget *widget)
{
  ChatroutesMarkdownView *self = CHATROUTES_MARKDOWN_VIEW (widget);

  /* Still dirty: it renders again on map. */
  chatroutes_markdown_view_cancel_render (self);

  GTK_WIDGET_CLASS (chatroutes_markdown_view_parent_class)->unmap (widget);
}

static void
chatroutes_markdown_view_dispose (GObject *object)
{
  ChatroutesMarkdownView *self = CHATROUTES_MARKDOWN_VIEW (object);
  GtkWidget *child;

  chatroutes_markdown_view_cancel_render (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_array_set_size (self->widgets, 0);
  g_ptr_array_set_size (self->blocks, 0);

  G_OBJECT_CLASS (chatroutes_markdown_view_parent_class)->dispose (object);
}

static void
chatroutes_markdown_view_finalize (GObject *object)
{
  ChatroutesMarkdownView *self = CHATROUTES_MARKDOWN_VIEW (object);

  g_string_free (self->text, TRUE);
  g_ptr_array_unref (self->blocks);
  g_array_unref (self->widgets);

  G_OBJECT_CLASS (chatroutes_markdown_view_parent_class)->finalize (object);
}

static void
chatroutes_markdown_view_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  ChatroutesMarkdownView *self = CHATROUTES_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, chatroutes_markdown_view_get_text (self));
      break;

    case PROP_SELECTABLE:
      g_value_set_boolean (value, self->selectable);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_markdown_view_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  ChatroutesMarkdownView *self = CHATROUTES_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      chatroutes_markdown_view_set_text (self, g_value_get_string (value));
      break;

    case PROP_SELECTABLE:
      chatroutes_markdown_view_set_selectable (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
chatroutes_markdown_view_class_init (ChatroutesMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = chatroutes_markdown_view_dispose;
  object_class->finalize = chatroutes_markdown_view_finalize;
  object_class->get_property = chatroutes_markdown_view_get_property;
  object_class->set_property = chatroutes_markdown_view_set_property;

  widget_class->root = chatroutes_markdown_view_root;
  widget_class->map = chatroutes_markdown_view_map;
  widget_class->unmap = chatroutes_markdown_view_unmap;

  /**
   * ChatroutesMarkdownView:text:
   *
   * The Markdown source shown.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * ChatroutesMarkdownView:selectable:
   *
   * Whether the text can be selected and copied.
   */
  properties[PROP_SELECTABLE] =
    g_param_spec_boolean ("selectable", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ChatroutesMarkdownView::activate-link:
   * @self: the view
   * @uri: the link's address (http, https or mailto)
   *
   * Emitted when a link is activated. Return %TRUE to handle it; the
   * default handler opens it with #GtkUriLauncher.
   */
  signals[ACTIVATE_LINK] =
    g_signal_new_class_handler ("activate-link",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (chatroutes_markdown_view_real_activate_link),
                                g_signal_accumulator_true_handled, NULL,
                                NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdownview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  chatroutes_markdown_register_resource ();
  gtk_source_init ();
  g_type_ensure (CHATROUTES_TYPE_MARKDOWN_CODE_BLOCK);
}

static void
chatroutes_markdown_view_init (ChatroutesMarkdownView *self)
{
  self->text = g_string_new (NULL);
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) chatroutes_markdown_block_free);
  self->widgets = g_array_new (FALSE, TRUE, sizeof (BlockWidgets));
  self->selectable = TRUE;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
}

/**
 * chatroutes_markdown_view_new:
 *
 * Returns: (transfer floating): a new, empty view
 */
GtkWidget *
chatroutes_markdown_view_new (void)
{
  return g_object_new (CHATROUTES_TYPE_MARKDOWN_VIEW, NULL);
}

const char *
chatroutes_markdown_view_get_text (ChatroutesMarkdownView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MARKDOWN_VIEW (self), NULL);

  return self->text->str;
}

/**
 * chatroutes_markdown_view_set_text:
 * @self: a view
 * @text: (nullable): Markdown
 *
 * Shows @text: at once, or for a long text, its start at once and the
 * rest over the next frames. Blocks that did not change keep their
 * widgets.
 */
void
chatroutes_markdown_view_set_text (ChatroutesMarkdownView *self,
                                   const char             *text)
{
  g_return_if_fail (CHATROUTES_IS_MARKDOWN_VIEW (self));

  if (text == NULL)
    text = "";

  if (strcmp (self->text->str, text) == 0 && !self->dirty)
    return;

  g_string_assign (self->text, text);
  chatroutes_markdown_view_cancel_render (self);
  chatroutes_markdown_view_render (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/**
 * chatroutes_markdown_view_append:
 * @self: a view
 * @delta: text to add at the end, not necessarily whole UTF-8 characters
 * @len: the length of @delta in bytes
 *
 * Adds streamed text. The view renders it at the next frame, so any
 * number of appends within a frame costs one render, and only the blocks
 * that changed get new widgets.
 */
void
chatroutes_markdown_view_append (ChatroutesMarkdownView *self,
                                 const char             *delta,
                                 gsize                   len)
{
  g_return_if_fail (CHATROUTES_IS_MARKDOWN_VIEW (self));
  g_return_if_fail (delta != NULL || len == 0);

  if (len == 0)
    return;

  g_string_append_len (self->text, delta, len);
  chatroutes_markdown_view_queue_render (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

gboolean
chatroutes_markdown_view_get_selectable (ChatroutesMarkdownView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MARKDOWN_VIEW (self), FALSE);

  return self->selectable;
}

void
chatroutes_markdown_view_set_selectable (ChatroutesMarkdownView *self,
                                         gboolean                selectable)
{
  g_return_if_fail (CHATROUTES_IS_MARKDOWN_VIEW (self));

  selectable = !!selectable;
  if (self->selectable == selectable)
    return;

  self->selectable = selectable;
  apply_selectable (GTK_WIDGET (self), selectable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTABLE]);
}

guint
_chatroutes_markdown_view_get_render_count (ChatroutesMarkdownView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MARKDOWN_VIEW (self), 0);

  return self->render_count;
}

gboolean
_chatroutes_markdown_view_is_pending (ChatroutesMarkdownView *self)
{
  g_return_val_if_fail (CHATROUTES_IS_MARKDOWN_VIEW (self), FALSE);

  return self->dirty;
}

void
_chatroutes_markdown_view_flush (ChatroutesMarkdownView *self)
{
  g_return_if_fail (CHATROUTES_IS_MARKDOWN_VIEW (self));

  chatroutes_markdown_view_cancel_render (self);
  if (self->dirty)
    render_blocks (self, TRUE);
}
