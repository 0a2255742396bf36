/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-camera: the camera driver streaming 1920x1080 MJPEG at 15 fps from
 * the emulated face camera, over bulk and over isochronous transfers,
 * through the real libusb path.
 *   camera_cpu_{bulk,iso}          CPU of the camera thread (libusb events,
 *                                  reassembly, JPEG decoding) per second of
 *                                  streaming, in % of one core
 *   camera_process_cpu_{bulk,iso}  the whole process, the emulator included
 *                                  (it runs in this process under umockdev)
 *   camera_eof_to_frame_{bulk,iso} from the host reaping the transfer that
 *                                  holds a frame's end to the "frame" signal
 *                                  in the main loop (decoding included):
 *                                  median and worst
 *   camera_refuse_huge_jpeg        slowest of 200 refusals of a 4 KB JPEG whose
 *                                  header claims 65500x65500 (target < 10 ms)
 * Without umockdev's preload it re-executes itself under umockdev-wrapper. */
#include "camera/anyi-camera.h"
#include "uvc-camera-emulator.h"

#include <dirent.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define WARM_UP_S 2
#define MEASURE_S 6
#define FPS       15
#define HUGE_RUNS 200

/* A 1920x1080 picture with a webcam's share of detail, so its JPEG has a
 * real webcam frame's size (a few hundred kilobytes). */
static GBytes *
make_picture(void)
{
  const int width = 1920, height = 1080, stride = width * 3;
  guint8 *rgb = g_malloc((gsize)stride * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++) {
      guint8 *p = rgb + (gsize)y * stride + (gsize)x * 3;
      guint noise = ((guint)x * 2654435761u ^ (guint)y * 40503u) >> 27;
      p[0] = (guint8)(x * 255 / width + noise);
      p[1] = (guint8)(y * 255 / height + noise);
      p[2] = (guint8)(((x / 40 + y / 40) % 2) * 120 + noise);
    }
  g_autoptr(GBytes) pixels = g_bytes_new_take(rgb, (gsize)stride * height);
  g_autoptr(AnyiFrame) frame = anyi_frame_new(pixels, width, height, stride);
  return anyi_frame_encode_jpeg(frame, 85, 0, NULL);
}

/* CPU seconds of this process's threads named `name` (all when NULL). */
static double
thread_cpu(const char *name)
{
  long ticks = sysconf(_SC_CLK_TCK);
  double total = 0;
  DIR *tasks = opendir("/proc/self/task");
  for (struct dirent *e; tasks && (e = readdir(tasks));) {
    if (e->d_name[0] == '.')
      continue;
    g_autofree char *comm_path = g_strdup_printf("/proc/self/task/%s/comm", e->d_name);
    g_autofree char *stat_path = g_strdup_printf("/proc/self/task/%s/stat", e->d_name);
    g_autofree char *comm = NULL, *stat = NULL;
    if (!g_file_get_contents(comm_path, &comm, NULL, NULL) ||
        !g_file_get_contents(stat_path, &stat, NULL, NULL))
      continue;
    if (name && !g_str_has_prefix(comm, name))
      continue;
    const char *after = strrchr(stat, ')');
    unsigned long utime = 0, stime = 0;
    if (after && sscanf(after + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
                        &stime) == 2)
      total += (double)(utime + stime) / (double)ticks;
  }
  if (tasks)
    closedir(tasks);
  return total;
}

static double
process_cpu(void)
{
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

typedef struct {
  UvcCameraEmulator *emulator;
  GArray *latencies; /* gint64 µs */
  gboolean measuring;
} Run;

static void
on_frame(AnyiCamera *camera, AnyiFrame *frame, Run *run)
{
  if (!run->measuring)
    return;
  gint64 latency = g_get_monotonic_time() - uvc_camera_emulator_get_last_eof_time(run->emulator);
  g_array_append_val(run->latencies, latency);
}

static int
compare_gint64(gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

static void
iterate_for(double seconds)
{
  gint64 until = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time() < until)
    g_main_context_iteration(NULL, FALSE) || (g_usleep(500), TRUE);
}

static gboolean
measure(const char *picture, UvcTransfer transfer, const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UMockdevTestbed) testbed = umockdev_testbed_new();
  const char *files[] = {picture, NULL};
  UvcCameraEmulatorConfig config = {.vendor_id = 0x1209,
                                    .product_id = 0xa001,
                                    .product = "Bench Camera",
                                    .jpeg_files = files,
                                    .fps = FPS,
                                    .transfer = transfer};
  Run run = {.latencies = g_array_new(FALSE, FALSE, sizeof(gint64))};
  run.emulator = uvc_camera_emulator_attach(testbed, &config, &error);
  g_autoptr(AnyiCameraTable) table = anyi_camera_table_load_default(&error);
  if (!run.emulator || !table) {
    printf("# %s not measured: %s\n", label, error->message);
    return FALSE;
  }
  g_autoptr(AnyiCamera) camera = anyi_camera_new(ANYI_CAMERA_ROLE_FACE, table);
  g_signal_connect(camera, "frame", G_CALLBACK(on_frame), &run);
  anyi_camera_start(camera);
  iterate_for(WARM_UP_S);
  AnyiUvcMode mode = {0};
  gboolean streaming = anyi_camera_get_mode(camera, &mode);
  double camera_before = thread_cpu("anyi-camera"), process_before = process_cpu();
  guint sent_before = uvc_camera_emulator_get_frames_sent(run.emulator);
  run.measuring = TRUE;
  iterate_for(MEASURE_S);
  run.measuring = FALSE;
  double camera_cpu = thread_cpu("anyi-camera") - camera_before;
  double all_cpu = process_cpu() - process_before;
  guint sent = uvc_camera_emulator_get_frames_sent(run.emulator) - sent_before;
  guint alt = uvc_camera_emulator_get_alt_setting(run.emulator);
  anyi_camera_stop(camera);
  while (g_main_context_iteration(NULL, FALSE))
    ;
  g_signal_handlers_disconnect_by_data(camera, &run);
  if (!streaming || run.latencies->len == 0) {
    printf("# %s: the camera did not stream\n", label);
    g_array_unref(run.latencies);
    g_object_unref(run.emulator);
    return FALSE;
  }
  g_array_sort(run.latencies, compare_gint64);
  gint64 median = g_array_index(run.latencies, gint64, run.latencies->len / 2);
  gint64 worst = g_array_index(run.latencies, gint64, run.latencies->len - 1);
  printf("# %s: %s %ux%u, %u frames sent, %u delivered in %d s, alternate setting %u\n", label,
         anyi_uvc_encoding_name(mode.encoding), mode.width, mode.height, sent, run.latencies->len,
         MEASURE_S, alt);
  printf("BENCH camera_cpu_%s\t%.1f\t%% of a core\t-\n", label, 100.0 * camera_cpu / MEASURE_S);
  printf("BENCH camera_process_cpu_%s\t%.1f\t%% of a core\t-\n", label,
         100.0 * all_cpu / MEASURE_S);
  printf("BENCH camera_eof_to_frame_%s\t%.1f\tms\t-\n", label, median / 1000.0);
  printf("BENCH camera_eof_to_frame_%s_max\t%.1f\tms\t-\n", label, worst / 1000.0);
  g_array_unref(run.latencies);
  g_object_unref(run.emulator);
  return TRUE;
}

static gint64
thread_cpu_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The slowest refusal of a JPEG whose header claims 65500x65500. */
static void
measure_refusal(GBytes *picture)
{
  gsize len = MIN(g_bytes_get_size(picture), (gsize)4096);
  guint8 *bytes = g_memdup2(g_bytes_get_data(picture, NULL), len);
  for (gsize i = 0; i + 8 < len; i++)
    if (bytes[i] == 0xFF && bytes[i + 1] == 0xC0) {
      bytes[i + 5] = bytes[i + 7] = 0xFF;
      bytes[i + 6] = bytes[i + 8] = 0xDC;
      break;
    }
  /* the log line (to stderr) is part of a refusal, and timed with it */
  g_autoptr(GArray) times = g_array_new(FALSE, FALSE, sizeof(gint64));
  gint64 most_cpu = 0;
  for (int i = 0; i < HUGE_RUNS; i++) {
    gint64 start = g_get_monotonic_time(), cpu_start = thread_cpu_us();
    g_autoptr(GError) error = NULL;
    AnyiFrame *frame = anyi_frame_new_from_jpeg(bytes, len, &error);
    gint64 took = g_get_monotonic_time() - start;
    most_cpu = MAX(most_cpu, thread_cpu_us() - cpu_start);
    g_array_append_val(times, took);
    g_assert(frame == NULL && error != NULL);
  }
  g_free(bytes);
  g_array_sort(times, compare_gint64);
  printf("BENCH camera_refuse_huge_jpeg\t%.3f\tms\t<10\n",
         g_array_index(times, gint64, HUGE_RUNS - 1) / 1000.0);
  printf("BENCH camera_refuse_huge_jpeg_median\t%.3f\tms\t<10\n",
         g_array_index(times, gint64, HUGE_RUNS / 2) / 1000.0);
  /* on a loaded machine the slowest wall time is a preemption: the CPU
   * the refusal itself used tells them apart */
  printf("BENCH camera_refuse_huge_jpeg_cpu_max\t%.3f\tms\t<10\n", most_cpu / 1000.0);
}

int
main(int argc, char **argv)
{
  anyi_usb_emulation_ensure(argc, argv);
  g_setenv("ANYI_ASSETS_DIR", ANYI_ASSETS_DIR, FALSE);
  g_autoptr(GBytes) jpeg = make_picture();
  g_autofree char *dir = g_dir_make_tmp("anyi-bench-camera-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "1080p.jpg", NULL);
  if (!g_file_set_contents(path, g_bytes_get_data(jpeg, NULL), (gssize)g_bytes_get_size(jpeg),
                           NULL))
    return 1;
  printf("# one 1920x1080 MJPEG frame is %" G_GSIZE_FORMAT " bytes, at %d fps\n",
         g_bytes_get_size(jpeg), FPS);
  measure(path, UVC_TRANSFER_BULK, "bulk");
  measure(path, UVC_TRANSFER_ISO, "iso");
  measure_refusal(jpeg);
  g_unlink(path);
  g_rmdir(dir);
  return 0;
}
