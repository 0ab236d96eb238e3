/* SPDX-License-Identifier: MIT */
#define G_LOG_DOMAIN "chatroutes-test"

#include "config.h"

#include "main-loop.h"
#include "ui-util.h"

void
ui_test_init (void)
{
  gtk_init ();
  adw_init ();
}

void
ui_run_for (guint ms)
{
  main_loop_run_for (ms);
}

gboolean
ui_wait_until (gboolean (*condition) (gpointer data),
               gpointer   data,
               guint      timeout_ms)
{
  return main_loop_wait_until (condition, data, timeout_ms);
}

static void
after_paint (GdkFrameClock *clock,
             gboolean      *drawn)
{
  *drawn = TRUE;
}

void
ui_wait_for_draw (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean drawn = FALSE;
  gulong id;

  gtk_widget_queue_draw (widget);
  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    {
      ui_run_for (100);
      return;
    }

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &drawn);
  main_loop_wait_flag (&drawn, 5000);
  g_signal_handler_disconnect (clock, id);
  /* Let idle work that follows a frame (list rows, measuring) settle. */
  ui_run_for (50);
}

void
ui_set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

char *
ui_save_screenshot (GtkWidget  *widget,
                    const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  GskRenderer *renderer;
  GtkNative *native;
  int width = 0, height = 0;
  char *path;

  /* A window that was just shown, or resized, may not have drawn yet: its
   * paintable is then empty. Give it a few frames. */
  for (guint attempt = 0; attempt < 50 && node == NULL; attempt++)
    {
      ui_wait_for_draw (widget);

      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (width <= 0 || height <= 0)
        continue;

      g_clear_object (&paintable);
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        ui_run_for (100);
    }
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  g_assert_nonnull (node);

  native = gtk_widget_get_native (widget);
  g_assert_nonnull (native);
  renderer = gtk_native_get_renderer (native);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  dir = g_strdup (g_getenv ("CHATROUTES_SCREENSHOT_DIR"));
  if (dir == NULL)
    dir = g_build_filename (g_getenv ("MESON_BUILD_ROOT") ? g_getenv ("MESON_BUILD_ROOT") : ".",
                            "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);

  file = g_strdup_printf ("%s-%s.png", name,
                          adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "dark" : "light");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return path;
}
