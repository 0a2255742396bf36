/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-photo: figures for the photo path.
 *   photo_check_crop_1080p   1920x1080 frame -> GA 461 checks -> 358x441 JPEG,
 *                            median of 15, pinned to one core (target < 100 ms),
 *                            wall clock and CPU time
 *   preview_fps              frames the UI thread receives from the emulated
 *                            1080p MJPEG camera (30 fps) through libusb (target >= 15)
 *   preview_dispatch_max     longest main-loop dispatch for a frame, without
 *                            GTK (target < 16 ms; the app adds its own drawing)
 * The preview runs the real driver against the UVC emulator, so the
 * program re-executes itself under umockdev-wrapper when needed. */
#define _GNU_SOURCE
#include "camera/anyi-camera.h"
#include "photo-fixtures.h"
#include "photo/anyi-id-photo.h"
#include "uvc-camera-emulator.h"

#include <glib/gstdio.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>

#define ROUNDS    15
#define PREVIEW_S 4

static int
compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static AnyiFrame *
portrait_1080p(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiFrame) astronaut = anyi_photo_load(ASTRONAUT_PNG, &error);
  g_autoptr(AnyiPhotoChecker) checker = anyi_photo_checker_new(&error);
  if (!astronaut || !checker) {
    printf("# cannot load the test portrait: %s\n", error->message);
    return NULL;
  }
  AnyiPhotoVerdict v;
  anyi_photo_checker_check(checker, astronaut, &v);
  return fixture_portrait(astronaut, &v.face, 1920, 1080, 0.5, 0.42, 330, 1, 1, 1);
}

static double
cpu_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
bench_check_crop(AnyiFrame *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPhotoChecker) checker = anyi_photo_checker_new(&error);
  double ms[ROUNDS], cpu[ROUNDS];
  gsize jpeg_size = 0;
  gboolean ok = FALSE;
  for (int i = 0; i < ROUNDS; i++) {
    gint64 start = g_get_monotonic_time();
    double cpu_start = cpu_ms();
    AnyiPhotoVerdict v;
    anyi_photo_checker_check(checker, frame, &v);
    g_autoptr(AnyiFrame) photo = anyi_photo_checker_crop(frame, &v, NULL);
    g_autoptr(GBytes) jpeg = photo ? anyi_id_photo_encode(photo, NULL) : NULL;
    ms[i] = (g_get_monotonic_time() - start) / 1000.0;
    cpu[i] = cpu_ms() - cpu_start;
    ok = v.ok;
    jpeg_size = jpeg ? g_bytes_get_size(jpeg) : 0;
  }
  qsort(ms, ROUNDS, sizeof ms[0], compare_doubles);
  qsort(cpu, ROUNDS, sizeof cpu[0], compare_doubles);
  printf("# verdict ok=%d, JPEG %" G_GSIZE_FORMAT " bytes, fastest %.1f ms, slowest %.1f ms\n", ok,
         jpeg_size, ms[0], ms[ROUNDS - 1]);
  printf("BENCH photo_check_crop_1080p\t%.1f\tms\t<100\n", ms[ROUNDS / 2]);
  /* CPU time: the same work, less disturbed by other processes on the machine. */
  printf("BENCH photo_check_crop_1080p_cpu\t%.1f\tms\t<100\n", cpu[ROUNDS / 2]);
}

typedef struct {
  guint frames;
  gint64 first, last;
} Preview;

static void
on_frame(AnyiCamera *camera, AnyiFrame *frame, Preview *p)
{
  gint64 now = g_get_monotonic_time();
  if (p->frames++ == 0)
    p->first = now;
  p->last = now;
}

static gboolean
write_jpeg(AnyiFrame *frame, const char *path)
{
  g_autoptr(GBytes) jpeg = anyi_frame_encode_jpeg(frame, 85, 0, NULL);
  return jpeg && g_file_set_contents(path, g_bytes_get_data(jpeg, NULL),
                                     (gssize)g_bytes_get_size(jpeg), NULL);
}

static void
bench_preview(AnyiFrame *frame)
{
  g_autofree char *dir = g_dir_make_tmp("anyi-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "portrait.jpg", NULL);
  const char *files[] = {path, NULL};
  g_autoptr(GError) error = NULL;
  if (!write_jpeg(frame, path)) {
    printf("# cannot write %s\n", path);
    return;
  }
  g_autoptr(UMockdevTestbed) testbed = umockdev_testbed_new();
  UvcCameraEmulatorConfig config = {.vendor_id = 0x1209,
                                    .product_id = 0xa001,
                                    .product = "Bench Face Camera",
                                    .jpeg_files = files,
                                    .fps = 30};
  g_autoptr(UvcCameraEmulator) emulator = uvc_camera_emulator_attach(testbed, &config, &error);
  g_autoptr(AnyiCameraTable) table = anyi_camera_table_load_default(&error);
  if (!emulator || !table) {
    printf("# preview not measured: %s\n", error->message);
    return;
  }
  g_autoptr(AnyiCamera) camera = anyi_camera_new(ANYI_CAMERA_ROLE_FACE, table);
  Preview p = {0};
  g_signal_connect(camera, "frame", G_CALLBACK(on_frame), &p);
  anyi_camera_start(camera);
  double longest_ms = 0;
  gint64 until = g_get_monotonic_time() + (PREVIEW_S + 1) * G_USEC_PER_SEC;
  while (g_get_monotonic_time() < until) {
    gint64 start = g_get_monotonic_time();
    if (g_main_context_iteration(NULL, FALSE))
      longest_ms = MAX(longest_ms, (g_get_monotonic_time() - start) / 1000.0);
    else
      g_usleep(1000);
  }
  anyi_camera_stop(camera);
  while (g_main_context_iteration(NULL, FALSE))
    ;
  AnyiCameraStats stats;
  anyi_camera_get_stats(camera, &stats);
  double seconds = (p.last - p.first) / 1e6;
  printf("# %u frames delivered, %u superseded, %u damaged; emulator sent %u\n", p.frames,
         stats.frames_replaced, stats.frames_damaged,
         uvc_camera_emulator_get_frames_sent(emulator));
  printf("BENCH preview_fps\t%.1f\tfps\t>=15\n", p.frames > 1 ? (p.frames - 1) / seconds : 0.0);
  printf("BENCH preview_dispatch_max\t%.2f\tms\t<16\n", longest_ms);
  g_unlink(path);
  g_rmdir(dir);
}

int
main(int argc, char **argv)
{
  anyi_usb_emulation_ensure(argc, argv);
  /* The check's target is for one core: pin before OpenCV starts its
   * worker threads, which inherit the mask. */
  cpu_set_t one, all;
  sched_getaffinity(0, sizeof all, &all);
  CPU_ZERO(&one);
  CPU_SET(sched_getcpu(), &one);
  sched_setaffinity(0, sizeof one, &one);
  g_autoptr(AnyiFrame) frame = portrait_1080p();
  if (!frame)
    return 1;
  bench_check_crop(frame);
  sched_setaffinity(0, sizeof all, &all);
  bench_preview(frame);
  return 0;
}
