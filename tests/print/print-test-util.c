/* SPDX-License-Identifier: GPL-3.0-or-later */
/* print-test-util.c: checks on printed documents with poppler-utils and zbar. */
#include "print-test-util.h"
#include "print/anyi-print-template.h"

#include <cairo.h>
#include <cups/cups.h>
#include <cups/raster.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
ptu_require_tools(const char *first, ...)
{
  va_list args;
  va_start(args, first);
  for (const char *tool = first; tool != NULL; tool = va_arg(args, const char *)) {
    g_autofree char *found = g_find_program_in_path(tool);
    if (found == NULL) {
      g_print("SKIP: %s is not installed (kiosk/scripts/install-deps installs it)\n", tool);
      exit(77);
    }
  }
  va_end(args);
}

char *
ptu_run(const char *const *argv)
{
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
               &error);
  g_assert_no_error(error);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("%s failed: %s", argv[0], err);
  return g_steal_pointer(&out);
}

JsonObject *
ptu_load_data(const char *name)
{
  g_autofree char *file = g_strconcat(name, ".json", NULL);
  g_autofree char *path = g_build_filename(PRINT_FIXTURES_DIR, "data", file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  json_parser_load_from_file(parser, path, &error);
  g_assert_no_error(error);
  return json_object_ref(json_node_get_object(json_parser_get_root(parser)));
}

char *
ptu_tmpdir(void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp("anyi-print-XXXXXX", &error);
  g_assert_no_error(error);
  return dir;
}

void
ptu_cleanup(const char *dir)
{
  const char *argv[] = {"rm", "-rf", dir, NULL};
  g_free(ptu_run(argv));
}

void
ptu_pdf_info(const char *pdf, int *pages, double *width_mm, double *height_mm)
{
  const char *argv[] = {"pdfinfo", pdf, NULL};
  g_autofree char *out = ptu_run(argv);
  const char *p = strstr(out, "Pages:");
  g_assert_nonnull(p);
  *pages = atoi(p + 6);
  p = strstr(out, "Page size:");
  g_assert_nonnull(p);
  double w = 0, h = 0;
  g_assert_cmpint(sscanf(p + 10, "%lf x %lf", &w, &h), ==, 2);
  *width_mm = w * 25.4 / 72;
  *height_mm = h * 25.4 / 72;
}

void
ptu_assert_fonts_embedded(const char *pdf)
{
  const char *argv[] = {"pdffonts", pdf, NULL};
  g_autofree char *out = ptu_run(argv);
  g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
  int fonts = 0;
  for (int i = 2; lines[i] != NULL; i++) {
    if (*lines[i] == '\0')
      continue;
    /* columns: name type encoding emb sub uni object ID */
    g_auto(GStrv) cols = g_strsplit_set(g_strstrip(lines[i]), " ", -1);
    GPtrArray *words = g_ptr_array_new();
    for (int c = 0; cols[c] != NULL; c++)
      if (*cols[c] != '\0')
        g_ptr_array_add(words, cols[c]);
    g_assert_cmpuint(words->len, >=, 7);
    const char *emb = g_ptr_array_index(words, words->len - 5);
    if (!g_str_equal(emb, "yes"))
      g_error("font not embedded: %s", lines[i]);
    fonts++;
    g_ptr_array_unref(words);
  }
  g_assert_cmpint(fonts, >, 0);
  /* Chinese set in Noto CJK, not in whatever fontconfig falls back to */
  if (strstr(out, "NotoSansCJKsc") == NULL && strstr(out, "NotoSerifCJKsc") == NULL)
    g_error("no Noto CJK SC font in %s:\n%s", pdf, out);
}

char *
ptu_pdf_text(const char *pdf)
{
  const char *argv[] = {"pdftotext", "-layout", pdf, "-", NULL};
  return ptu_run(argv);
}

char *
ptu_image_qr(const char *png)
{
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = {"zbarimg", "-q", "--raw", png, NULL};
  g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
               NULL, &out, NULL, &status, NULL);
  if (!g_spawn_check_wait_status(status, NULL) || out == NULL || *out == '\0')
    return NULL;
  return g_strdup(g_strchomp(out));
}

char *
ptu_pdf_qr(const char *pdf, int page)
{
  g_autofree char *dir = g_path_get_dirname(pdf);
  g_autofree char *prefix = g_build_filename(dir, "qr-page", NULL);
  g_autofree char *page_str = g_strdup_printf("%d", page);
  const char *argv[] = {"pdftoppm", "-png", "-r",     "150", "-singlefile", "-f",
                        page_str,   "-l",   page_str, pdf,   prefix,        NULL};
  g_free(ptu_run(argv));
  g_autofree char *png = g_strconcat(prefix, ".png", NULL);
  char *qr = ptu_image_qr(png);
  g_unlink(png);
  return qr;
}

void
ptu_require_printers(void)
{
  if (g_getenv("ANYI_TEST_PRINTERS_DIR") == NULL || g_getenv("CUPS_SERVER") == NULL) {
    g_print("SKIP: not run under tests/fixtures/printing/with-printers\n");
    exit(77);
  }
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
  /* ippeveprinter names files JOBID-NAME.EXT */
  return atoi(*(const char *const *)a) - atoi(*(const char *const *)b);
}

GPtrArray *
ptu_spool_documents(const char *spool_env)
{
  const char *spool = g_getenv(spool_env);
  g_assert_nonnull(spool);
  g_autoptr(GDir) dir = g_dir_open(spool, 0, NULL);
  g_assert_nonnull(dir);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  for (const char *name = g_dir_read_name(dir); name != NULL; name = g_dir_read_name(dir))
    if (!g_str_has_suffix(name, ".prn") && strstr(name, "printer-ctl-probe") == NULL)
      g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, compare_names);
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add(paths, g_build_filename(spool, g_ptr_array_index(names, i), NULL));
  return paths;
}

void
ptu_pwg_to_png(const char *pwg, const char *png, int *pages, int *width, int *height, int *dpi)
{
  int fd = g_open(pwg, O_RDONLY, 0);
  g_assert_cmpint(fd, >=, 0);
  cups_raster_t *raster = cupsRasterOpen(fd, CUPS_RASTER_READ);
  cups_page_header2_t header;
  *pages = 0;
  g_autofree guint8 *line = NULL;
  while (cupsRasterReadHeader2(raster, &header)) {
    (*pages)++;
    line = g_realloc(line, header.cupsBytesPerLine);
    cairo_surface_t *surface = NULL;
    if (*pages == 1) {
      *width = (int)header.cupsWidth;
      *height = (int)header.cupsHeight;
      *dpi = (int)header.HWResolution[0];
      surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *width, *height);
      cairo_surface_flush(surface);
    }
    for (guint y = 0; y < header.cupsHeight; y++) {
      g_assert_cmpuint(cupsRasterReadPixels(raster, line, header.cupsBytesPerLine), ==,
                       header.cupsBytesPerLine);
      if (surface == NULL)
        continue;
      guint32 *row = (guint32 *)(cairo_image_surface_get_data(surface) +
                                 y * cairo_image_surface_get_stride(surface));
      for (guint x = 0; x < header.cupsWidth; x++) {
        gboolean black =
            header.cupsBitsPerPixel == 1 ? (line[x / 8] >> (7 - x % 8)) & 1 : line[x] < 128;
        row[x] = black ? 0x000000 : 0xffffff;
      }
    }
    if (surface != NULL) {
      cairo_surface_mark_dirty(surface);
      g_assert_cmpint(cairo_surface_write_to_png(surface, png), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy(surface);
    }
  }
  cupsRasterClose(raster);
  close(fd);
}

void
ptu_printer_ctl_with(const char *role, const char *action, const char *arg)
{
  g_autofree char *ctl = g_build_filename(PRINT_FIXTURES_DIR, "printer-ctl", NULL);
  const char *argv[] = {ctl, role, action, arg, NULL};
  g_free(ptu_run(argv));
}

void
ptu_printer_ctl(const char *role, const char *action)
{
  ptu_printer_ctl_with(role, action, NULL);
}

int
ptu_device_job_state(const char *uri_env, int job_id)
{
  const char *uri = g_getenv(uri_env);
  g_assert_nonnull(uri);
  char scheme[32], userpass[64], host[256], resource[256];
  int port = 0;
  httpSeparateURI(HTTP_URI_CODING_ALL, uri, scheme, sizeof scheme, userpass, sizeof userpass, host,
                  sizeof host, &port, resource, sizeof resource);
  http_t *http =
      httpConnect2(host, port, NULL, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 3000, NULL);
  g_assert_nonnull(http);
  ipp_t *request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
  ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  ipp_t *response = cupsDoRequest(http, request, resource);
  int state = ippGetInteger(ippFindAttribute(response, "job-state", IPP_TAG_ENUM), 0);
  ippDelete(response);
  httpClose(http);
  return state;
}

static double
differing_fraction(cairo_surface_t *a, cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width(a), height = cairo_image_surface_get_height(a);
  if (width != cairo_image_surface_get_width(b) || height != cairo_image_surface_get_height(b))
    return 1.0;
  long differing = 0;
  for (int y = 0; y < height; y++) {
    const guint32 *ra =
        (const guint32 *)(cairo_image_surface_get_data(a) + y * cairo_image_surface_get_stride(a));
    const guint32 *rb =
        (const guint32 *)(cairo_image_surface_get_data(b) + y * cairo_image_surface_get_stride(b));
    for (int x = 0; x < width; x++)
      if (ABS((int)(ra[x] & 0xff) - (int)(rb[x] & 0xff)) > 96)
        differing++;
  }
  return (double)differing / ((double)width * height);
}

void
ptu_compare_with_reference(const char *pdf, const char *name)
{
  g_autofree char *dir = g_path_get_dirname(pdf);
  g_autofree char *prefix = g_build_filename(dir, "reference-check", NULL);
  const char *argv[] = {"pdftoppm", "-png", "-gray", "-r", "40",   "-singlefile", "-f",
                        "1",        "-l",   "1",     pdf,  prefix, NULL};
  g_free(ptu_run(argv));
  g_autofree char *png = g_strconcat(prefix, ".png", NULL);
  g_autofree char *file = g_strconcat(name, ".png", NULL);
  g_autofree char *reference = g_build_filename(PRINT_FIXTURES_DIR, "reference", file, NULL);
  if (g_strcmp0(g_getenv("ANYI_UPDATE_REFERENCES"), "1") == 0) {
    const char *copy[] = {"cp", png, reference, NULL};
    g_free(ptu_run(copy));
    return;
  }
  cairo_surface_t *got = cairo_image_surface_create_from_png(png);
  cairo_surface_t *want = cairo_image_surface_create_from_png(reference);
  g_assert_cmpint(cairo_surface_status(got), ==, CAIRO_STATUS_SUCCESS);
  if (cairo_surface_status(want) != CAIRO_STATUS_SUCCESS)
    g_error("no reference image %s (make one with ANYI_UPDATE_REFERENCES=1)", reference);
  double fraction = differing_fraction(got, want);
  cairo_surface_destroy(got);
  cairo_surface_destroy(want);
  if (fraction > 0.03)
    g_error("%s differs from %s in %.1f%% of its pixels (kept: %s)", name, reference,
            fraction * 100, png);
  g_unlink(png);
}

GBytes *
ptu_render_sample_pdf(const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named(name, &error);
  g_assert_no_error(error);
  g_autoptr(JsonObject) data = ptu_load_data(name);
  GBytes *pdf = anyi_print_template_render_pdf_bytes(tpl, data, &error);
  g_assert_no_error(error);
  return pdf;
}

GBytes *
ptu_render_sample_raster(const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) tpl = anyi_print_template_load_named(name, &error);
  g_assert_no_error(error);
  g_autoptr(JsonObject) data = ptu_load_data(name);
  GBytes *pwg = anyi_print_template_render_pwg_raster(tpl, data, 203, ANYI_RASTER_BLACK_1, &error);
  g_assert_no_error(error);
  return pwg;
}

static gpointer
run_job(gpointer data)
{
  PtuRunningJob *running = data;
  running->printed = anyi_print_job_run(running->job, running->cancellable, &running->error);
  return NULL;
}

PtuRunningJob *
ptu_start_job(AnyiPrintJob *job, GCancellable *cancellable)
{
  PtuRunningJob *running = g_new0(PtuRunningJob, 1);

  running->job = g_object_ref(job);
  running->cancellable = cancellable;
  running->thread = g_thread_new("print-job", run_job, running);
  return running;
}

void
ptu_finish_job(PtuRunningJob *running)
{
  g_thread_join(running->thread);
  g_object_unref(running->job);
}

void
ptu_wait_for_job_state(AnyiPrintJob *job, AnyiPrintJobState state, const char *message_part)
{
  for (int i = 0; i < 400; i++) {
    g_autofree char *message = anyi_print_job_dup_message(job);
    if (anyi_print_job_get_state(job) == state &&
        (message_part == NULL || strstr(message, message_part) != NULL))
      return;
    g_usleep(50 * 1000);
  }
  g_autofree char *message = anyi_print_job_dup_message(job);
  g_error("job never reached %s (%s); it is %s: %s", anyi_print_job_state_to_string(state),
          message_part ? message_part : "",
          anyi_print_job_state_to_string(anyi_print_job_get_state(job)), message);
}
