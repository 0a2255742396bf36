/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-preview: the photo page previewing the emulated face camera.
 *   photo_page_preview_fps        camera frames painted per second while the
 *                                 page previews a 1280x720 MJPEG camera at
 *                                 30 fps, live hints running (target >= 15)
 *   photo_page_main_loop_stall    longest gap of a 1 ms high-priority timer
 *                                 beyond its period, i.e. the longest the main
 *                                 loop could not answer a touch (target < 16 ms);
 *                                 also its 99th percentile
 *   photo_page_main_thread_busy   the main thread's own CPU time within one
 *                                 such gap, longest and 99th percentile: the
 *                                 part of a stall that is the kiosk's work,
 *                                 not other programs (or the X server)
 *                                 running instead of it on a busy machine
 *   photo_page_paint              mean and longest frame-clock cycle (layout to
 *                                 after-paint): the drawing's own share;
 *                                 paint_cpu_max: the main thread's CPU time
 *                                 in the longest-running cycle
 *   photo_page_stop               kiosk_photo_page_stop: it joins the camera
 *                                 thread (target < 100 ms: the next page waits)
 *   photo_page_iso_*              the same over isochronous transfers (the
 *                                 others are over bulk)
 * Arguments: bulk or iso measures only that transfer (both by default).
 * It needs a screen and the USB emulation: without DISPLAY it re-executes
 * itself under tests/fixtures/ui/with-display (Xvfb, cairo renderer), then
 * under umockdev-wrapper. */
#include "kiosk-photo-page.h"
#include "photo-fixtures.h"
#include "uvc-camera-emulator.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define PREVIEW_S       5
#define WARM_UP_S       1
#define STALL_PERIOD_MS 1

typedef struct {
  KioskPhotoPage *page;
  guint last_frames_shown;
  guint frames_painted;
  gint64 last_tick, last_tick_cpu;
  GArray *gaps;     /* gint64 us */
  GArray *gap_cpus; /* gint64 us: the main thread's own CPU time in each gap */
  gint64 cycle_start, cycle_start_cpu, cycle_longest, cycle_total, cycle_cpu_longest;
  guint cycles;
} Measure;

/* CPU time the calling thread has run, in us: what of a stall is the main
 * thread's own work, and not the other programs on this shared machine
 * (or the X server) running instead of it. */
static gint64
thread_cpu_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
on_layout(GdkFrameClock *clock, Measure *m)
{
  (void)clock;
  m->cycle_start = g_get_monotonic_time();
  m->cycle_start_cpu = thread_cpu_us();
}

/* A frame counts as shown when a paint follows a new texture. */
static void
on_after_paint(GdkFrameClock *clock, Measure *m)
{
  (void)clock;
  guint shown = kiosk_photo_page_get_frames_shown(m->page);
  if (shown != m->last_frames_shown)
    m->frames_painted++;
  m->last_frames_shown = shown;
  if (m->cycle_start) {
    gint64 cycle = g_get_monotonic_time() - m->cycle_start;
    m->cycle_longest = MAX(m->cycle_longest, cycle);
    m->cycle_cpu_longest = MAX(m->cycle_cpu_longest, thread_cpu_us() - m->cycle_start_cpu);
    m->cycle_total += cycle;
    m->cycles++;
  }
}

static gboolean
on_stall_tick(gpointer data)
{
  Measure *m = data;
  gint64 now = g_get_monotonic_time(), cpu = thread_cpu_us();
  if (m->last_tick) {
    gint64 gap = now - m->last_tick, gap_cpu = cpu - m->last_tick_cpu;
    g_array_append_val(m->gaps, gap);
    g_array_append_val(m->gap_cpus, gap_cpu);
  }
  m->last_tick = now;
  m->last_tick_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
run_for(double seconds)
{
  gint64 until = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time() < until)
    g_main_context_iteration(NULL, TRUE);
}

static char *
write_sitter(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) astronaut = anyi_photo_load(ASTRONAUT_PNG, &error);
  g_autoptr(AnyiPhotoChecker) checker = astronaut ? anyi_photo_checker_new(&error) : NULL;
  if (!checker) {
    printf("# no sitter: %s\n", error->message);
    return NULL;
  }
  AnyiPhotoVerdict v;
  anyi_photo_checker_check(checker, astronaut, &v);
  g_autoptr(AnyiFrame) sitter =
      fixture_portrait(astronaut, &v.face, 1280, 720, 0.5, 0.42, 230, 1, 1, 1);
  g_autoptr(GBytes) jpeg = anyi_frame_encode_jpeg(sitter, 92, 0, &error);
  char *path = g_build_filename(g_get_tmp_dir(), "anyi-bench-sitter.jpg", NULL);
  if (!jpeg || !g_file_set_contents(path, g_bytes_get_data(jpeg, NULL),
                                    (gssize)g_bytes_get_size(jpeg), &error)) {
    printf("# no sitter: %s\n", error->message);
    g_free(path);
    return NULL;
  }
  return path;
}

static int
compare_gaps(gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return (x > y) - (x < y);
}

/* The value at fraction @q of @sorted (gint64 us), in ms. */
static double
quantile_ms(GArray *sorted, double q)
{
  if (sorted->len == 0)
    return 0;
  guint i = MIN(sorted->len - 1, (guint)(q * sorted->len));
  return g_array_index(sorted, gint64, i) / 1000.0;
}

/* The timer's lateness beyond its period at fraction @q of the sorted gaps. */
static double
stall_ms(GArray *sorted_gaps, double q)
{
  return MAX(0.0, quantile_ms(sorted_gaps, q) - STALL_PERIOD_MS);
}

static void
report(Measure *m, double stop_ms, const char *prefix)
{
  g_array_sort(m->gaps, compare_gaps);
  g_array_sort(m->gap_cpus, compare_gaps);
  printf("BENCH %s_preview_fps\t%.1f\tfps\t>=15\n", prefix, m->frames_painted / (double)PREVIEW_S);
  printf("BENCH %s_main_loop_stall\t%.1f\tms\t<16\n", prefix, stall_ms(m->gaps, 1.0));
  printf("BENCH %s_main_loop_stall_p99\t%.1f\tms\t<16\n", prefix, stall_ms(m->gaps, 0.99));
  printf("BENCH %s_main_thread_busy\t%.1f\tms\t<16\n", prefix, quantile_ms(m->gap_cpus, 1.0));
  printf("BENCH %s_main_thread_busy_p99\t%.1f\tms\t<16\n", prefix, quantile_ms(m->gap_cpus, 0.99));
  printf("BENCH %s_paint_mean\t%.1f\tms\t<16\n", prefix,
         m->cycles ? m->cycle_total / 1000.0 / m->cycles : 0.0);
  printf("BENCH %s_paint_max\t%.1f\tms\t<16\n", prefix, m->cycle_longest / 1000.0);
  printf("BENCH %s_paint_cpu_max\t%.1f\tms\t<16\n", prefix, m->cycle_cpu_longest / 1000.0);
  printf("BENCH %s_stop\t%.1f\tms\t<100\n", prefix, stop_ms);
}

static int
bench(const char *sitter, const char *transfer)
{
  g_autoptr(GError) error = NULL;
  const char *files[] = {sitter, NULL};
  /* the emulator's default transfer */
  g_setenv("ANYI_CAMERA_TRANSFER", transfer, TRUE);
  g_autoptr(UMockdevTestbed) testbed = umockdev_testbed_new();
  g_autoptr(UvcCameraEmulator) emulator =
      uvc_camera_emulator_attach_role(testbed, "face", files, &error);
  g_autoptr(AnyiCameraTable) table = emulator ? anyi_camera_table_load_default(&error) : NULL;
  g_autoptr(AnyiPhotoChecker) checker = table ? anyi_photo_checker_new(&error) : NULL;
  if (!checker) {
    printf("# preview not measured: %s\n", error->message);
    return 1;
  }
  g_autoptr(AnyiCamera) camera = anyi_camera_new(ANYI_CAMERA_ROLE_FACE, table);
  GtkWindow *window = GTK_WINDOW(gtk_window_new());
  Measure m = {.page = g_object_new(KIOSK_TYPE_PHOTO_PAGE, NULL),
               .gaps = g_array_new(FALSE, FALSE, sizeof(gint64)),
               .gap_cpus = g_array_new(FALSE, FALSE, sizeof(gint64))};
  gtk_window_set_default_size(window, 1920, 1080);
  gtk_window_set_child(window, GTK_WIDGET(m.page));
  gtk_window_present(window);
  kiosk_photo_page_start(m.page, camera, checker, NULL, FALSE);
  run_for(WARM_UP_S);

  GdkFrameClock *clock = gtk_widget_get_frame_clock(GTK_WIDGET(window));
  g_signal_connect(clock, "layout", G_CALLBACK(on_layout), &m);
  g_signal_connect(clock, "after-paint", G_CALLBACK(on_after_paint), &m);
  guint stall_timer = g_timeout_add_full(G_PRIORITY_HIGH, STALL_PERIOD_MS, on_stall_tick, &m, NULL);
  guint set_before = kiosk_photo_page_get_frames_shown(m.page);
  g_autofree char *load_average = NULL;
  /* Other programs on the machine show in the stalls: say how busy it was. */
  if (!g_file_get_contents("/proc/loadavg", &load_average, NULL, NULL))
    load_average = g_strdup("?");
  g_strchomp(load_average);
  run_for(PREVIEW_S);
  g_source_remove(stall_timer);
  g_signal_handlers_disconnect_by_func(clock, on_layout, &m);
  g_signal_handlers_disconnect_by_func(clock, on_after_paint, &m);
  printf("# %s: %u textures set, %u painted in %d s; emulator sent %u; load average %s\n", transfer,
         kiosk_photo_page_get_frames_shown(m.page) - set_before, m.frames_painted, PREVIEW_S,
         uvc_camera_emulator_get_frames_sent(emulator), load_average);

  gint64 start = g_get_monotonic_time();
  kiosk_photo_page_stop(m.page);
  double stop_ms = (g_get_monotonic_time() - start) / 1000.0;
  report(&m, stop_ms, g_str_equal(transfer, "iso") ? "photo_page_iso" : "photo_page");
  g_array_unref(m.gaps);
  g_array_unref(m.gap_cpus);
  gtk_window_destroy(window);
  return 0;
}

/* Runs under with-display when there is no screen; returns only with one. */
static void
ensure_display(char **argv)
{
  if (g_getenv("DISPLAY"))
    return;
  char *args[] = {WITH_DISPLAY, argv[0], argv[1], NULL}; /* argv[1] may be the NULL */
  execv(WITH_DISPLAY, args);
  printf("# cannot run %s: no screen for the preview\n", WITH_DISPLAY);
  exit(77);
}

int
main(int argc, char **argv)
{
  ensure_display(argv);
  anyi_usb_emulation_ensure(argc, argv);
  gtk_init();
  g_autofree char *sitter = write_sitter();
  if (!sitter)
    return 77; /* the photograph or the cascades are not installed */
  const char *only = argc > 1 ? argv[1] : NULL;
  int status = 0;
  for (const char *const *transfer = (const char *const[]){"bulk", "iso", NULL}; *transfer;
       transfer++)
    if (!only || g_str_equal(only, *transfer))
      status |= bench(sitter, *transfer);
  g_unlink(sitter);
  return status;
}
