/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include <string.h>

#include <gtksourceview/gtksource.h>

#include "chatroutes-markdown-code-block.h"
#include "chatroutes-markdown-languages.h"
#include "chatroutes-markdown-view-private.h"
#include "ui-util.h"

static const char *rich_sample =
  "# Sorting a list\n"
  "\n"
  "Here is how to sort in **C** and *Python*: call `qsort()` with a comparator, "
  "or use `sorted()`. See [the manual](https://docs.python.org/3/howto/sorting.html) "
  "for details &mdash; it is short.\n"
  "\n"
  "## What you need\n"
  "\n"
  "- A compiler such as **GCC**\n"
  "- Python 3\n"
  "  - with `pip`\n"
  "- [x] Read the docs\n"
  "- [ ] Write tests\n"
  "\n"
  "1. Write the comparator\n"
  "2. Call `qsort`\n"
  "3. Print the result\n"
  "\n"
  "> Note: `qsort` is not stable; equal elements may change order.\n"
  "\n"
  "```c\n"
  "#include <stdlib.h>\n"
  "\n"
  "static int\n"
  "compare (const void *a, const void *b)\n"
  "{\n"
  "  return *(const int *) a - *(const int *) b;  /* overflows for large values: use (x > y) - (x < y) */\n"
  "}\n"
  "```\n"
  "\n"
  "```python\n"
  "numbers = [3, 1, 2]\n"
  "print(sorted(numbers, reverse=True))\n"
  "```\n"
  "\n"
  "| Language | Function | Stable |\n"
  "|:---------|:---------|:------:|\n"
  "| C        | `qsort`  | no     |\n"
  "| Python   | `sorted` | yes    |\n"
  "\n"
  "---\n"
  "\n"
  "That is all.\n";

typedef struct
{
  GtkWidget *window;
  ChatroutesMarkdownView *view;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box;

  ui_set_dark (FALSE);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, -1);
  gtk_window_set_decorated (GTK_WINDOW (f->window), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (box, "background");
  f->view = CHATROUTES_MARKDOWN_VIEW (chatroutes_markdown_view_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (f->view), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f->view), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (f->view), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (f->view), 18);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->view));
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_present (GTK_WINDOW (f->window));
  ui_wait_for_draw (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (f->view);

  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  gtk_window_destroy (GTK_WINDOW (f->window));
  ui_run_for (10);
  g_assert_null (view);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_type_is_a (G_OBJECT_TYPE (child), type))
        g_ptr_array_add (found, child);
      collect (child, type, found);
    }
}

static GPtrArray *
find_all (GtkWidget *widget,
          GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (widget, type, found);
  return found;
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* What the tree shows, as text: types, labels, code, checks, classes. */
static void
describe (GtkWidget *widget,
          GString   *out,
          guint      depth)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_auto(GStrv) classes = NULL;
      g_autofree char *joined = NULL;

      /* Scrollbars style themselves by whether they are mapped. */
      if (GTK_IS_SCROLLBAR (child))
        continue;

      classes = gtk_widget_get_css_classes (child);
      joined = g_strjoinv (".", classes);

      g_string_append_printf (out, "%*s%s.%s margin=%d,%d",
                              depth * 2, "", G_OBJECT_TYPE_NAME (child), joined,
                              gtk_widget_get_margin_top (child),
                              gtk_widget_get_margin_start (child));
      if (GTK_IS_LABEL (child))
        g_string_append_printf (out, " label=[%s]", gtk_label_get_label (GTK_LABEL (child)));
      if (GTK_IS_TEXT_VIEW (child))
        {
          g_autofree char *text = text_view_text (GTK_TEXT_VIEW (child));
          g_string_append_printf (out, " text=[%s]", text);
        }
      if (GTK_IS_CHECK_BUTTON (child))
        g_string_append_printf (out, " active=%d", gtk_check_button_get_active (GTK_CHECK_BUTTON (child)));
      g_string_append_c (out, '\n');
      if (!GTK_IS_TEXT_VIEW (child))
        describe (child, out, depth + 1);
    }
}

static char *
describe_view (ChatroutesMarkdownView *view)
{
  GString *out = g_string_new (NULL);

  describe (GTK_WIDGET (view), out, 0);
  return g_string_free (out, FALSE);
}

static gboolean
label_shows (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) labels = find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), text) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
not_pending (gpointer view)
{
  return !_chatroutes_markdown_view_is_pending (view);
}

static gboolean
languages_loaded (gpointer data)
{
  return !chatroutes_markdown_languages_is_busy (chatroutes_markdown_languages_get_default ());
}

static void
test_set_text (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *c_code = NULL;
  g_autofree char *python_code = NULL;
  GtkSourceLanguage *language;

  chatroutes_markdown_view_set_text (f->view, rich_sample);
  g_assert_cmpstr (chatroutes_markdown_view_get_text (f->view), ==, rich_sample);
  /* Its start at once, the rest over the next frames. */
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (f->view)));
  g_assert_true (ui_wait_until ((gboolean (*) (gpointer)) not_pending, f->view, 5000));

  views = find_all (GTK_WIDGET (f->view), GTK_SOURCE_TYPE_VIEW);
  g_assert_cmpuint (views->len, ==, 2);

  /* The code shows at once; its highlighting follows when the language's
   * definitions have loaded in the background. */
  g_assert_true (ui_wait_until (languages_loaded, NULL, 10000));

  c_code = text_view_text (g_ptr_array_index (views, 0));
  g_assert_true (g_str_has_prefix (c_code, "#include <stdlib.h>\n\nstatic int\n"));
  g_assert_true (g_str_has_suffix (c_code, "}"));
  language = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (g_ptr_array_index (views, 0))));
  g_assert_nonnull (language);
  g_assert_cmpstr (gtk_source_language_get_id (language), ==, "c");
  g_assert_false (gtk_text_view_get_editable (g_ptr_array_index (views, 0)));
  g_assert_false (gtk_text_view_get_cursor_visible (g_ptr_array_index (views, 0)));

  python_code = text_view_text (g_ptr_array_index (views, 1));
  g_assert_cmpstr (python_code, ==, "numbers = [3, 1, 2]\nprint(sorted(numbers, reverse=True))");
  language = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (g_ptr_array_index (views, 1))));
  g_assert_nonnull (language);
  g_assert_true (g_str_has_prefix (gtk_source_language_get_id (language), "python"));

  g_assert_true (label_shows (GTK_WIDGET (f->view), "Sorting a list"));
  g_assert_true (label_shows (GTK_WIDGET (f->view), "the manual"));
  g_assert_true (label_shows (GTK_WIDGET (f->view), "\xe2\x80\x94 it is short"));
  g_assert_true (label_shows (GTK_WIDGET (f->view), "Stable"));
  g_assert_true (label_shows (GTK_WIDGET (f->view), "3."));
  g_assert_true (label_shows (GTK_WIDGET (f->view), "That is all."));

  checks = find_all (GTK_WIDGET (f->view), GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (checks->len, ==, 2);
  g_assert_true (gtk_check_button_get_active (g_ptr_array_index (checks, 0)));
  g_assert_false (gtk_check_button_get_active (g_ptr_array_index (checks, 1)));
  g_assert_false (gtk_widget_get_can_target (g_ptr_array_index (checks, 0)));

  {
    g_autoptr(GPtrArray) rules = find_all (GTK_WIDGET (f->view), GTK_TYPE_SEPARATOR);
    g_assert_cmpuint (rules->len, ==, 1);
  }

  chatroutes_markdown_view_set_text (f->view, "");
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (f->view)));
}

static void
test_streaming (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize len = strlen (rich_sample);
  gsize offset = 0;
  guint appends = 0;
  ChatroutesMarkdownView *fresh;
  g_autofree char *streamed_tree = NULL;
  g_autofree char *fresh_tree = NULL;

  while (offset < len)
    {
      gsize chunk = MIN ((gsize) g_rand_int_range (rand, 1, 8), len - offset);

      chatroutes_markdown_view_append (f->view, rich_sample + offset, chunk);
      offset += chunk;
      appends++;
      /* Let a frame go by now and then, as a network stream would. */
      if (appends % 5 == 0)
        while (g_main_context_iteration (NULL, FALSE))
          ;
    }
  g_assert_cmpstr (chatroutes_markdown_view_get_text (f->view), ==, rich_sample);
  g_assert_cmpuint (_chatroutes_markdown_view_get_render_count (f->view), <, appends);

  ui_wait_until ((gboolean (*) (gpointer)) _chatroutes_markdown_view_is_pending, f->view, 0);
  while (_chatroutes_markdown_view_is_pending (f->view))
    g_main_context_iteration (NULL, TRUE);

  fresh = CHATROUTES_MARKDOWN_VIEW (g_object_ref_sink (chatroutes_markdown_view_new ()));
  chatroutes_markdown_view_set_text (fresh, rich_sample);
  /* Not shown anywhere, it would make the rest when mapped. */
  _chatroutes_markdown_view_flush (fresh);

  streamed_tree = describe_view (f->view);
  fresh_tree = describe_view (fresh);
  g_assert_cmpstr (streamed_tree, ==, fresh_tree);
  g_assert_finalize_object (fresh);
}

static void
test_keeps_leading_widgets (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *heading, *first, *second;
  guint renders;

  chatroutes_markdown_view_set_text (f->view, "# Title\n\nFirst paragraph.\n\nSecond");
  heading = gtk_widget_get_first_child (GTK_WIDGET (f->view));
  first = gtk_widget_get_next_sibling (heading);
  second = gtk_widget_get_next_sibling (first);
  g_assert_nonnull (second);

  /* A burst of appends is one render at the next frame. */
  renders = _chatroutes_markdown_view_get_render_count (f->view);
  for (guint i = 0; i < 1000; i++)
    chatroutes_markdown_view_append (f->view, " word", 5);
  g_assert_true (_chatroutes_markdown_view_is_pending (f->view));
  while (_chatroutes_markdown_view_is_pending (f->view))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (_chatroutes_markdown_view_get_render_count (f->view), ==, renders + 1);

  /* The growing paragraph is updated in place; the others are untouched. */
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (f->view)) == heading);
  g_assert_true (gtk_widget_get_next_sibling (heading) == first);
  g_assert_true (gtk_widget_get_next_sibling (first) == second);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (second)), "word word"));

  /* A new block leaves the ones before it alone. */
  chatroutes_markdown_view_append (f->view, "\n\n```c\nint x", strlen ("\n\n```c\nint x"));
  _chatroutes_markdown_view_flush (f->view);
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (f->view)) == heading);
  g_assert_true (gtk_widget_get_next_sibling (first) == second);
  g_assert_true (CHATROUTES_IS_MARKDOWN_CODE_BLOCK (gtk_widget_get_next_sibling (second)));

  {
    GtkWidget *code = gtk_widget_get_next_sibling (second);
    g_autofree char *text = NULL;

    chatroutes_markdown_view_append (f->view, " = 1;\n", 6);
    _chatroutes_markdown_view_flush (f->view);
    g_assert_true (gtk_widget_get_next_sibling (second) == code);
    text = chatroutes_markdown_code_block_get_code (CHATROUTES_MARKDOWN_CODE_BLOCK (code));
    g_assert_cmpstr (text, ==, "int x = 1;");
  }

  /* A character split between two deltas is not shown half. */
  chatroutes_markdown_view_set_text (f->view, "caf");
  chatroutes_markdown_view_append (f->view, "\xc3", 1);
  _chatroutes_markdown_view_flush (f->view);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (GTK_WIDGET (f->view)))), ==, "caf");
  chatroutes_markdown_view_append (f->view, "\xa9", 1);
  _chatroutes_markdown_view_flush (f->view);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (GTK_WIDGET (f->view)))), ==, "caf\xc3\xa9");
}

static void
clipboard_read_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  g_autofree char *text = NULL;
  GtkWidget *code;
  GtkButton *button = NULL;

  chatroutes_markdown_view_set_text (f->view, "Try:\n\n```sh\necho '<hi> & bye'\nls\n```\n");
  ui_wait_for_draw (f->window);

  blocks = find_all (GTK_WIDGET (f->view), CHATROUTES_TYPE_MARKDOWN_CODE_BLOCK);
  g_assert_cmpuint (blocks->len, ==, 1);
  code = g_ptr_array_index (blocks, 0);

  buttons = find_all (code, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), "code.copy") == 0)
      button = g_ptr_array_index (buttons, i);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), ==, "Copy");
  g_assert_cmpstr (gtk_button_get_icon_name (button), ==, "edit-copy-symbolic");

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (gtk_button_get_icon_name (button), ==, "object-select-symbolic");

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (code), NULL, clipboard_read_done, &text);
  g_assert_true (ui_wait_until (is_set, &text, 5000));
  g_assert_cmpstr (text, ==, "echo '<hi> & bye'\nls");

  ui_run_for (1700);
  g_assert_cmpstr (gtk_button_get_icon_name (button), ==, "edit-copy-symbolic");
}

static gboolean
on_activate_link (ChatroutesMarkdownView *view,
                  const char             *uri,
                  char                  **seen)
{
  g_free (*seen);
  *seen = g_strdup (uri);
  return TRUE;
}

static void
test_links_and_selectable (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *seen = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  GtkWidget *label;
  gboolean handled = FALSE;

  chatroutes_markdown_view_set_text (f->view, "[GNOME](https://www.gnome.org/) and [bad](javascript:alert(1))");
  label = gtk_widget_get_first_child (GTK_WIDGET (f->view));
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (label)), "javascript"));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));

  g_signal_connect (f->view, "activate-link", G_CALLBACK (on_activate_link), &seen);
  g_signal_emit_by_name (label, "activate-link", "https://www.gnome.org/", &handled);
  g_assert_true (handled);
  g_assert_cmpstr (seen, ==, "https://www.gnome.org/");

  chatroutes_markdown_view_set_text (f->view, "a\n\n- b\n\n| x |\n|---|\n| y |\n");
  chatroutes_markdown_view_set_selectable (f->view, FALSE);
  labels = find_all (GTK_WIDGET (f->view), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    g_assert_false (gtk_label_get_selectable (g_ptr_array_index (labels, i)));
  g_object_set (f->view, "selectable", TRUE, NULL);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (gtk_widget_get_first_child (GTK_WIDGET (f->view)))));
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  chatroutes_markdown_view_set_text (f->view, rich_sample);

  for (guint dark = 0; dark <= 1; dark++)
    {
      g_autofree char *path = NULL;

      ui_set_dark (dark);
      ui_wait_for_draw (f->window);
      path = ui_save_screenshot (f->window, "markdown-view");
      g_test_message ("screenshot: %s", path);
    }
  ui_set_dark (FALSE);
}

static void
test_timing (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GString) big = g_string_new (NULL);
  gint64 start, elapsed, append_time = 0, render_time = 0;
  guint renders = 0;
  gsize offset = 0;
  const guint n_deltas = 5000;
  gsize delta_len;

  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (f->view));
  GtkWidget *scroller = gtk_scrolled_window_new ();

  while (big->len < 60 * 1024)
    g_string_append (big, rich_sample);

  /* A window as tall as the whole reply is more than X allows. */
  g_object_ref (f->view);
  gtk_box_remove (GTK_BOX (box), GTK_WIDGET (f->view));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (f->view));
  g_object_unref (f->view);
  gtk_widget_set_size_request (scroller, 640, 800);
  gtk_box_append (GTK_BOX (box), scroller);
  ui_wait_for_draw (f->window);

  start = g_get_monotonic_time ();
  chatroutes_markdown_view_set_text (f->view, big->str);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("set_text of %zu bytes: %.1f ms", big->len, elapsed / 1000.0);
  start = g_get_monotonic_time ();
  ui_wait_for_draw (f->window);
  g_test_message ("first frame after it: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  chatroutes_markdown_view_set_text (f->view, "");
  delta_len = big->len / n_deltas;
  for (guint i = 0; i < n_deltas; i++)
    {
      gsize n = i + 1 == n_deltas ? big->len - offset : delta_len;

      start = g_get_monotonic_time ();
      chatroutes_markdown_view_append (f->view, big->str + offset, n);
      append_time += g_get_monotonic_time () - start;
      offset += n;

      /* Ten deltas a frame. */
      if (i % 10 == 9)
        {
          start = g_get_monotonic_time ();
          _chatroutes_markdown_view_flush (f->view);
          render_time += g_get_monotonic_time () - start;
          renders++;
        }
    }
  g_test_message ("%u appends of %zu bytes: %.2f µs each; %u renders: %.2f ms each on average",
                  n_deltas, delta_len, (double) append_time / n_deltas,
                  renders, render_time / 1000.0 / renders);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ui_test_init ();

  g_test_add ("/markdown/view/set-text", Fixture, NULL, fixture_set_up, test_set_text, fixture_tear_down);
  g_test_add ("/markdown/view/streaming", Fixture, NULL, fixture_set_up, test_streaming, fixture_tear_down);
  g_test_add ("/markdown/view/keeps-leading-widgets", Fixture, NULL, fixture_set_up, test_keeps_leading_widgets, fixture_tear_down);
  g_test_add ("/markdown/view/copy", Fixture, NULL, fixture_set_up, test_copy, fixture_tear_down);
  g_test_add ("/markdown/view/links-and-selectable", Fixture, NULL, fixture_set_up, test_links_and_selectable, fixture_tear_down);
  g_test_add ("/markdown/view/screenshots", Fixture, NULL, fixture_set_up, test_screenshots, fixture_tear_down);
  if (g_test_perf ())
    g_test_add ("/markdown/view/timing", Fixture, NULL, fixture_set_up, test_timing, fixture_tear_down);

  return g_test_run ();
}
