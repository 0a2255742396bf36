/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk at rest on the attract screen, as a hall leaves it most of the
 * day: it runs no frames while nothing changes, and it paints with cairo
 * where GL would only be llvmpipe (here, under Xvfb). */
#include "kiosk-ui-test.h"
#include "temp-store.h"

#define WATCH_S 3.0
/* A frame is a cycle of the frame clock (layout, paint, and the X requests
 * that go with them). The clock label changes once a minute; a widget that
 * animates, even unseen, cycles ~60 times a second. A handful allows for a
 * late first frame or the minute turning. */
#define MAX_FRAMES_AT_REST 6

static KioskApplication *kiosk;

static void
count_frame(GdkFrameClock *clock, guint *frames)
{
  (void)clock;
  (*frames)++;
}

static gboolean
on_attract(gpointer window)
{
  return g_strcmp0(kiosk_window_get_page(window), "attract") == 0;
}

static void
test_attract_screen_idles_at_rest(void)
{
  KioskWindow *window = ui_test_window(kiosk);
  GdkFrameClock *clock = gtk_widget_get_frame_clock(GTK_WIDGET(window));
  guint frames = 0;

  g_assert_true(ui_test_wait(on_attract, window, 10));
  ui_test_spin(1.0); /* the first frames after start-up */
  g_signal_connect(clock, "after-paint", G_CALLBACK(count_frame), &frames);
  ui_test_spin(WATCH_S);
  g_signal_handlers_disconnect_by_func(clock, count_frame, &frames);
  g_test_message("%u frames in %.0f s at rest", frames, WATCH_S);
  g_assert_cmpuint(frames, <=, MAX_FRAMES_AT_REST);
}

static void
test_cairo_where_gl_is_software(void)
{
  GskRenderer *renderer = gtk_native_get_renderer(GTK_NATIVE(ui_test_window(kiosk)));

  /* Xvfb offers no DRI: any GL here would be llvmpipe. */
  g_assert_true(GSK_IS_CAIRO_RENDERER(renderer));
}

int
main(int argc, char **argv)
{
  TempStore data_home = {0};
  int status;

  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL")) {
    g_print("SKIP: needs a display and emulated devices (see tests/ui/meson.build)\n");
    return 77;
  }

  /* the kiosk's own choice, not the fixture's */
  g_unsetenv("GSK_RENDERER");
  g_unsetenv("GDK_DEBUG");
  kiosk_application_choose_renderer();
  kiosk_application_init_locale();
  gtk_test_init(&argc, &argv, NULL);
  temp_store_prepare_data_home(&data_home);
  kiosk = ui_test_start_kiosk();
  g_test_add_func("/idle-screen/no-frames-at-rest", test_attract_screen_idles_at_rest);
  g_test_add_func("/idle-screen/cairo-where-gl-is-software", test_cairo_where_gl_is_software);
  status = g_test_run();
  ui_test_stop_kiosk(kiosk);
  temp_store_clear(&data_home);
  return status;
}
