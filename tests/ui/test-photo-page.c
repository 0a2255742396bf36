/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The photo and document pages as a citizen meets them: in a window on a
 * private X server, with the real camera driver streaming from anyi-devsim's
 * emulated UVC cameras, which serve a sitter made by make-sitter (centred or
 * off-centre: see tests/ui/meson.build, which picks the tests for each). */
#include "devsim-client.h"
#include "kiosk-application.h"
#include "kiosk-document-page.h"
#include "kiosk-photo-page.h"
#include "kiosk-preview.h"
#include "kiosk-snapshot.h"
#include "kiosk-ui-test.h"

#include <glib/gstdio.h>
#include <string.h>

#define FAST_COUNTDOWN_MS 150
/* failed tries before the shell (here: the test) would send the citizen to
 * the window */
#define MAX_TRIES 2

typedef struct {
  GtkWindow *window;
  AnyiCamera *camera;
  GPtrArray *said;  /* sentences */
  GPtrArray *steps; /* the step shown when each was said */
  GBytes *jpeg;
  char *text; /* failed's reason or captured's codes */
  gboolean emitted;
  guint failures; /* "failed" emissions */
} Fixture;

static AnyiCameraTable *table;
static AnyiPhotoChecker *checker;

static void
devsim(const char *command)
{
  g_autoptr(GError) error = NULL;
  if (!anyi_devsim_command(command, &error))
    g_error("devsim '%s': %s", command, error->message);
}

static void
on_say(GtkWidget *page, const char *sentence, Fixture *fixture)
{
  g_ptr_array_add(fixture->said, g_strdup(sentence));
  g_ptr_array_add(fixture->steps,
                  g_strdup(KIOSK_IS_PHOTO_PAGE(page)
                               ? kiosk_photo_page_get_step(KIOSK_PHOTO_PAGE(page))
                               : kiosk_document_page_get_step(KIOSK_DOCUMENT_PAGE(page))));
}

static void
on_jpeg(GtkWidget *page, GBytes *jpeg, const char *text, Fixture *fixture)
{
  (void)page;
  g_clear_pointer(&fixture->jpeg, g_bytes_unref);
  fixture->jpeg = jpeg ? g_bytes_ref(jpeg) : NULL;
  g_free(fixture->text);
  fixture->text = g_strdup(text);
  fixture->emitted = TRUE;
}

/* The shell's part: after MAX_TRIES the window takes over (stops the page). */
static void
on_failed(KioskPhotoPage *page, GBytes *best, const char *why, Fixture *fixture)
{
  if (++fixture->failures < MAX_TRIES)
    return;
  kiosk_photo_page_stop(page);
  on_jpeg(GTK_WIDGET(page), best, why, fixture);
}

static void
on_accepted(GtkWidget *page, GBytes *jpeg, Fixture *fixture)
{
  on_jpeg(page, jpeg, NULL, fixture);
}

static void
on_signal_without_data(GtkWidget *page, Fixture *fixture)
{
  on_jpeg(page, NULL, NULL, fixture);
}

static void
fixture_set_up(Fixture *fixture, AnyiCameraRole role, GtkWidget *page)
{
  fixture->said = g_ptr_array_new_with_free_func(g_free);
  fixture->steps = g_ptr_array_new_with_free_func(g_free);
  fixture->camera = anyi_camera_new(role, table);
  fixture->window = GTK_WINDOW(gtk_window_new());
  gtk_window_set_default_size(fixture->window, 1920, 1080);
  gtk_window_set_child(fixture->window, page);
  g_signal_connect(page, "say", G_CALLBACK(on_say), fixture);
  gtk_window_present(fixture->window);
}

/* The shell stops a camera page before it leaves it; so does the test.
 * Only destroying the window is not enough: a live check still running
 * holds the page, whose camera then streams on into the next test, where
 * another camera waits for the device (busy, as usbfs says). */
static void
fixture_tear_down(Fixture *fixture)
{
  GtkWidget *page = gtk_window_get_child(fixture->window);
  if (KIOSK_IS_PHOTO_PAGE(page))
    kiosk_photo_page_stop(KIOSK_PHOTO_PAGE(page));
  else if (KIOSK_IS_DOCUMENT_PAGE(page))
    kiosk_document_page_stop(KIOSK_DOCUMENT_PAGE(page));
  g_assert_cmpint(anyi_camera_get_state(fixture->camera), ==, ANYI_CAMERA_STOPPED);
  gtk_window_destroy(fixture->window);
  ui_test_spin(0.1);
  g_clear_object(&fixture->camera);
  g_ptr_array_unref(fixture->said);
  g_ptr_array_unref(fixture->steps);
  g_clear_pointer(&fixture->jpeg, g_bytes_unref);
  g_free(fixture->text);
}

/* Whether @sentence was said while @step (or any step, NULL) was shown. */
static gboolean
was_said_during(Fixture *fixture, const char *sentence, const char *step)
{
  for (guint i = 0; i < fixture->said->len; i++)
    if (g_str_equal(g_ptr_array_index(fixture->said, i), sentence) &&
        (!step || g_str_equal(g_ptr_array_index(fixture->steps, i), step)))
      return TRUE;
  return FALSE;
}

/* With ANYI_TEST_SHOTS set, keeps a PNG of the window for a person to look at. */
static void
shoot(Fixture *fixture, const char *name)
{
  g_autofree char *file = g_strdup_printf("%s.png", name);

  ui_test_shoot(gtk_window_get_child(fixture->window), "ANYI_TEST_SHOTS", file);
}

/* ---- waiting for what a citizen would see ---- */

typedef struct {
  GtkWidget *page;
  const char *step;
} StepWait;

static gboolean
photo_step_is(gpointer data)
{
  StepWait *wait = data;
  return g_str_equal(kiosk_photo_page_get_step(KIOSK_PHOTO_PAGE(wait->page)), wait->step);
}

static gboolean
document_step_is(gpointer data)
{
  StepWait *wait = data;
  return g_str_equal(kiosk_document_page_get_step(KIOSK_DOCUMENT_PAGE(wait->page)), wait->step);
}

static void
expect_step(GtkWidget *page, const char *step, double seconds)
{
  StepWait wait = {page, step};
  gboolean photo = KIOSK_IS_PHOTO_PAGE(page);
  if (!ui_test_wait(photo ? photo_step_is : document_step_is, &wait, seconds))
    g_error("step '%s' not shown within %.0f s (showing '%s')", step, seconds,
            photo ? kiosk_photo_page_get_step(KIOSK_PHOTO_PAGE(page))
                  : kiosk_document_page_get_step(KIOSK_DOCUMENT_PAGE(page)));
}

static gboolean
emitted(gpointer data)
{
  return ((Fixture *)data)->emitted;
}

/* Whether any picture under @root holds a picture of that size (a camera
 * frame, or a photo: the personal data a stop must wipe). */
static gboolean
shows_picture_of_size(GtkWidget *root, int width, int height)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GdkPaintable *paintable =
        GTK_IS_PICTURE(child) ? gtk_picture_get_paintable(GTK_PICTURE(child)) : NULL;
    if (paintable && gdk_paintable_get_intrinsic_width(paintable) == width &&
        gdk_paintable_get_intrinsic_height(paintable) == height)
      return TRUE;
    if (shows_picture_of_size(child, width, height))
      return TRUE;
  }
  return FALSE;
}

static GtkWidget *find_camera_picture(GtkWidget *root);

/* The emulated cameras serve 1280x720: the camera's picture holds a
 * frame of their shape (scaled to the picture's size). */
static gboolean
preview_shows_camera(gpointer page)
{
  GtkWidget *picture = find_camera_picture(page);
  GdkPaintable *paintable = picture ? gtk_picture_get_paintable(GTK_PICTURE(picture)) : NULL;
  return paintable && KIOSK_IS_PREVIEW(paintable) &&
         ABS(gdk_paintable_get_intrinsic_aspect_ratio(paintable) - 1280.0 / 720) < 0.01;
}

static void
expect_preview_frames(GtkWidget *page, double seconds)
{
  if (!ui_test_wait(preview_shows_camera, page, seconds))
    g_error("the preview shows no 1280x720 camera frame after %.0f s", seconds);
}

static void
assert_standard_photo(GBytes *jpeg)
{
  g_autoptr(GError) error = NULL;
  g_assert_nonnull(jpeg);
  g_autoptr(AnyiFrame) photo =
      anyi_frame_new_from_jpeg(g_bytes_get_data(jpeg, NULL), g_bytes_get_size(jpeg), &error);
  g_assert_no_error(error);
  g_assert_cmpint(photo->width, ==, ANYI_ID_PHOTO_WIDTH);
  g_assert_cmpint(photo->height, ==, ANYI_ID_PHOTO_HEIGHT);
}

/* ---- the demo's screenshots ---- */

static GtkWidget *
find_camera_picture(GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    if (GTK_IS_PICTURE(child) && gtk_widget_has_css_class(child, "camera-picture"))
      return child;
    GtkWidget *found = find_camera_picture(child);
    if (found)
      return found;
  }
  return NULL;
}

static gboolean
file_exists(gpointer path)
{
  return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* A shot asked for as the page appears (as the shell asks for one on every
 * page) shows the camera's picture where the citizen sees it, not the
 * empty frame of the moment before the camera's first frame: on a grid
 * over the picture, the shot's pixels are the frame's. */
static void
assert_shot_shows_camera(Fixture *fixture, GtkWidget *page)
{
  g_autofree char *dir = g_dir_make_tmp("anyi-shot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "page.png", NULL);
  g_autoptr(GError) error = NULL;
  kiosk_snapshot_after_next_frame(GTK_WIDGET(fixture->window), path);
  if (!ui_test_wait(file_exists, path, 15))
    g_error("no screenshot after 15 s");
  g_autoptr(GdkTexture) shot = gdk_texture_new_from_filename(path, &error);
  g_assert_no_error(error);
  g_unlink(path);
  g_rmdir(dir);

  g_autoptr(AnyiFrame) frame = anyi_camera_get_latest_frame(fixture->camera);
  g_assert_nonnull(frame);
  graphene_rect_t bounds;
  g_assert_true(
      gtk_widget_compute_bounds(find_camera_picture(page), GTK_WIDGET(fixture->window), &bounds));
  int width = gdk_texture_get_width(shot), height = gdk_texture_get_height(shot);
  g_autofree guint8 *png = g_malloc((gsize)width * 4 * height);
  gdk_texture_download(shot, png, (gsize)width * 4);
  /* where the frame is drawn: scaled to fit, centred (content-fit contain) */
  double scale = MIN(bounds.size.width / frame->width, bounds.size.height / frame->height);
  double left = bounds.origin.x + (bounds.size.width - frame->width * scale) / 2;
  double top = bounds.origin.y + (bounds.size.height - frame->height * scale) / 2;
  guint same = 0, points = 0;
  for (double fy = 0.1; fy < 1; fy += 0.2)
    for (double fx = 0.06; fx < 1; fx += 0.1, points++) {
      const guint8 *want = anyi_frame_get_data(frame) +
                           (gsize)(fy * frame->height) * (gsize)frame->stride +
                           (gsize)(fx * frame->width) * 3;
      int x = (int)(left + fx * frame->width * scale);
      int y = (int)(top + fy * frame->height * scale);
      const guint8 *got = png + (gsize)y * (gsize)width * 4 + (gsize)x * 4; /* B G R A */
      if (ABS(got[2] - want[0]) + ABS(got[1] - want[1]) + ABS(got[0] - want[2]) < 16)
        same++;
    }
  g_test_message("%u of %u points as in the frame", same, points);
  /* the guide's lines cross a few points */
  g_assert_cmpuint(same, >=, points * 8 / 10);
}

/* ---- photo page ---- */

static KioskPhotoPage *
start_photo_page(Fixture *fixture)
{
  KioskPhotoPage *page = g_object_new(KIOSK_TYPE_PHOTO_PAGE, NULL);
  fixture_set_up(fixture, ANYI_CAMERA_ROLE_FACE, GTK_WIDGET(page));
  kiosk_photo_page_set_countdown_step(page, FAST_COUNTDOWN_MS);
  kiosk_photo_page_start(page, fixture->camera, checker, "请拍一张证件照", FALSE);
  g_assert_cmpstr(kiosk_photo_page_get_step(page), ==, "preview");
  return page;
}

static void
test_photo_accepted(void)
{
  Fixture fixture = {0};
  KioskPhotoPage *page = start_photo_page(&fixture);
  g_signal_connect(page, "accepted", G_CALLBACK(on_accepted), &fixture);
  expect_preview_frames(GTK_WIDGET(page), 15);
  g_assert_cmpuint(kiosk_photo_page_get_frames_shown(page), >, 0);
  shoot(&fixture, "photo-preview");

  ui_test_click(GTK_WIDGET(page), "拍照");
  expect_step(GTK_WIDGET(page), "result", 20);
  g_assert_true(was_said_during(&fixture, "三", "countdown"));
  g_assert_true(was_said_during(&fixture, "二", "countdown"));
  g_assert_true(was_said_during(&fixture, "一", "countdown"));
  shoot(&fixture, "photo-result");
  g_assert_false(fixture.emitted);

  ui_test_click(GTK_WIDGET(page), "就用这张");
  g_assert_true(fixture.emitted);
  assert_standard_photo(fixture.jpeg);
  g_assert_cmpuint(g_bytes_get_size(fixture.jpeg), >=, ANYI_ID_PHOTO_MIN_BYTES);
  g_assert_cmpuint(g_bytes_get_size(fixture.jpeg), <=, ANYI_ID_PHOTO_MAX_BYTES);

  kiosk_photo_page_stop(page);
  g_assert_false(preview_shows_camera(page));
  g_assert_false(shows_picture_of_size(GTK_WIDGET(page), 1280, 720));
  g_assert_false(
      shows_picture_of_size(GTK_WIDGET(page), ANYI_ID_PHOTO_WIDTH, ANYI_ID_PHOTO_HEIGHT));
  fixture_tear_down(&fixture);
}

static void
test_photo_screenshot(void)
{
  Fixture fixture = {0};
  KioskPhotoPage *page = start_photo_page(&fixture);
  assert_shot_shows_camera(&fixture, GTK_WIDGET(page));
  fixture_tear_down(&fixture);
}

/* What the citizen sees of @widget: it drawn by its window's own renderer
 * (the cairo one under Xvfb), at the size it has on screen. */
static GdkTexture *
render_as_shown(GtkWidget *widget)
{
  int width = gtk_widget_get_width(widget), height = gtk_widget_get_height(widget);
  g_autoptr(GdkPaintable) shown = gtk_widget_paintable_new(widget);
  g_autoptr(GskRenderNode) node = NULL;
  /* Each camera frame gives the picture a new paintable, and until GTK has
   * laid it out again the widget draws nothing: ask again after the main
   * loop has run (CI once caught it in between). */
  for (int tries = 0; !node && tries < 100; tries++) {
    if (tries)
      ui_test_spin(0.02);
    GtkSnapshot *snapshot = gtk_snapshot_new();
    gdk_paintable_snapshot(shown, snapshot, width, height);
    node = gtk_snapshot_free_to_node(snapshot);
  }
  g_assert_nonnull(node);
  GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(widget));
  return gsk_renderer_render_texture(renderer, node,
                                     &GRAPHENE_RECT_INIT(0, 0, (float)width, (float)height));
}

/* The preview is the camera's picture, scaled on the camera thread to the
 * size the citizen sees it (so a paint costs the main loop no conversion
 * or downscale of 1280x720), and what the picture shows on screen is the
 * camera's: on a grid over where the frame sits (fitted, centred), most
 * points as in the latest frame. */
static void
test_photo_preview_pixels(void)
{
  Fixture fixture = {0};
  KioskPhotoPage *page = start_photo_page(&fixture);
  expect_preview_frames(GTK_WIDGET(page), 15);
  GtkWidget *picture = find_camera_picture(GTK_WIDGET(page));
  GdkPaintable *preview = gtk_picture_get_paintable(GTK_PICTURE(picture));
  int scale = gtk_widget_get_scale_factor(picture);
  int box_width = gtk_widget_get_width(picture) * scale;
  int box_height = gtk_widget_get_height(picture) * scale;
  int width = gdk_paintable_get_intrinsic_width(preview);
  int height = gdk_paintable_get_intrinsic_height(preview);
  g_test_message("picture %dx%d, preview %dx%d", box_width, box_height, width, height);
  g_assert_cmpint(box_width, <, 1280);
  g_assert_cmpint(width, <=, box_width);
  g_assert_cmpint(height, <=, box_height);
  g_assert_true(width == box_width || height == box_height);

  g_autoptr(AnyiFrame) frame = anyi_camera_get_latest_frame(fixture.camera);
  g_assert_nonnull(frame);
  /* the photo checks still get the whole picture */
  g_assert_cmpint(frame->width, ==, 1280);
  g_assert_cmpint(frame->height, ==, 720);
  g_autoptr(GdkTexture) shown = render_as_shown(picture);
  int shown_width = gdk_texture_get_width(shown), shown_height = gdk_texture_get_height(shown);
  g_autofree guint8 *argb = g_malloc((gsize)shown_width * 4 * (gsize)shown_height);
  gdk_texture_download(shown, argb, (gsize)shown_width * 4);
  double fit = MIN((double)shown_width / frame->width, (double)shown_height / frame->height);
  double left = (shown_width - frame->width * fit) / 2,
         top = (shown_height - frame->height * fit) / 2;
  guint same = 0, points = 0;
  for (double fy = 0.1; fy < 1; fy += 0.2)
    for (double fx = 0.06; fx < 1; fx += 0.1, points++) {
      const guint8 *want = anyi_frame_get_data(frame) +
                           (gsize)(fy * frame->height) * (gsize)frame->stride +
                           (gsize)(fx * frame->width) * 3;
      int x = (int)(left + fx * frame->width * fit), y = (int)(top + fy * frame->height * fit);
      const guint8 *got = argb + (gsize)y * (gsize)shown_width * 4 + (gsize)x * 4; /* B G R A */
      if (ABS(got[2] - want[0]) + ABS(got[1] - want[1]) + ABS(got[0] - want[2]) < 24)
        same++;
    }
  g_test_message("%u of %u points as in the frame", same, points);
  g_assert_cmpuint(same, >=, points * 8 / 10);
  g_clear_pointer(&frame, anyi_frame_unref);
  g_clear_object(&shown);
  fixture_tear_down(&fixture);
}

typedef struct {
  GtkWidget *picture;
  GdkPaintable *before; /* not a reference: only compared */
} PreviewChange;

static gboolean
preview_changed(gpointer data)
{
  PreviewChange *change = data;
  GdkPaintable *now = gtk_picture_get_paintable(GTK_PICTURE(change->picture));
  return now && now != change->before;
}

/* A main loop held up (a slow moment on a busy kiosk) costs the citizen
 * the frames it missed, never a backlog: the first picture afterwards is
 * one the camera took during the hold-up, not the stale frames from its
 * start played back, and the preview keeps going. */
static void
test_photo_preview_after_stall(void)
{
  const gulong stall_us = 1500 * 1000;
  Fixture fixture = {0};
  KioskPhotoPage *page = start_photo_page(&fixture);
  expect_preview_frames(GTK_WIDGET(page), 15);
  GtkWidget *picture = find_camera_picture(GTK_WIDGET(page));
  PreviewChange change = {picture, gtk_picture_get_paintable(GTK_PICTURE(picture))};

  gint64 stall_start = g_get_monotonic_time();
  g_usleep(stall_us);
  g_assert_true(ui_test_wait(preview_changed, &change, 10));
  AnyiFrame *first =
      kiosk_preview_get_frame(KIOSK_PREVIEW(gtk_picture_get_paintable(GTK_PICTURE(picture))));
  g_test_message("first frame after the stall taken %.0f ms into it",
                 (first->captured_at - stall_start) / 1000.0);
  g_assert_cmpint(first->captured_at, >=, stall_start + (gint64)stall_us / 2);

  guint shown = kiosk_photo_page_get_frames_shown(page);
  for (int i = 0; i < 5; i++) {
    change.before = gtk_picture_get_paintable(GTK_PICTURE(picture));
    g_assert_true(ui_test_wait(preview_changed, &change, 10));
  }
  g_assert_cmpuint(kiosk_photo_page_get_frames_shown(page), >=, shown + 5);
  fixture_tear_down(&fixture);
}

static void
test_photo_retake_from_result(void)
{
  Fixture fixture = {0};
  KioskPhotoPage *page = start_photo_page(&fixture);
  expect_preview_frames(GTK_WIDGET(page), 15);
  ui_test_click(GTK_WIDGET(page), "拍照");
  expect_step(GTK_WIDGET(page), "result", 20);
  ui_test_click(GTK_WIDGET(page), "重拍");
  expect_step(GTK_WIDGET(page), "preview", 1);
  expect_preview_frames(GTK_WIDGET(page), 5);
  fixture_tear_down(&fixture);
}

static void
test_photo_camera_unplugged_and_back(void)
{
  Fixture fixture = {0};
  KioskPhotoPage *page = start_photo_page(&fixture);
  g_signal_connect(page, "failed", G_CALLBACK(on_jpeg), &fixture);
  expect_preview_frames(GTK_WIDGET(page), 15);

  devsim("camera face unplug");
  expect_step(GTK_WIDGET(page), "no-camera", 10);
  ui_test_expect_text(GTK_WIDGET(page), "摄像头暂时不能使用", 1);
  shoot(&fixture, "photo-no-camera");
  g_assert_nonnull(ui_test_find_button(GTK_WIDGET(page), "到窗口办理"));
  g_assert_false(preview_shows_camera(page));

  devsim("camera face plug");
  expect_step(GTK_WIDGET(page), "preview", 20);
  expect_preview_frames(GTK_WIDGET(page), 10);
  g_assert_false(fixture.emitted);
  fixture_tear_down(&fixture);
}

/* The page's live check interval (HINT_CHECK_MS in kiosk-photo-page.c). */
#define LIVE_CHECK_MS 500

static gboolean
on_live_check_tick(gpointer data)
{
  gboolean *ticked = data;
  *ticked = TRUE;
  return G_SOURCE_CONTINUE;
}

/* A page taken down without a stop (its window closed) lets go of the
 * camera at once, even while a live check runs: the camera is free for
 * the next page, and no picture of the citizen keeps coming. */
static void
test_photo_destroyed_mid_check(void)
{
  Fixture fixture = {0};
  gboolean ticked = FALSE;
  KioskPhotoPage *page = start_photo_page(&fixture);
  /* due right after the page's own live-check timer, started just before */
  guint tick = g_timeout_add(LIVE_CHECK_MS, on_live_check_tick, &ticked);
  expect_preview_frames(GTK_WIDGET(page), 15);
  g_object_add_weak_pointer(G_OBJECT(page), (gpointer *)&page);
  ticked = FALSE;
  while (!ticked)
    g_main_context_iteration(NULL, TRUE);
  g_source_remove(tick);

  /* the page has just started a check; its answer has not come back */
  gtk_window_destroy(fixture.window);
  g_assert_cmpint(anyi_camera_get_state(fixture.camera), ==, ANYI_CAMERA_STOPPED);
  g_assert_null(page);
  ui_test_spin(0.5); /* the check comes back to a page that is gone */

  g_clear_object(&fixture.camera);
  g_ptr_array_unref(fixture.said);
  g_ptr_array_unref(fixture.steps);
}

/* The sitter is at the picture's left: the live hint and the check say
 * which way to move, and the MAX_TRIES-th failed try hands over the best. */
static void
test_photo_off_centre_gives_up(void)
{
  Fixture fixture = {0};
  const char *move = anyi_photo_problem_sentence(ANYI_PHOTO_MOVE_LEFT);
  KioskPhotoPage *page = start_photo_page(&fixture);
  g_signal_connect(page, "failed", G_CALLBACK(on_failed), &fixture);
  expect_preview_frames(GTK_WIDGET(page), 15);
  ui_test_expect_text(GTK_WIDGET(page), move, 10);
  shoot(&fixture, "photo-live-hint");

  ui_test_click(GTK_WIDGET(page), "拍照");
  expect_step(GTK_WIDGET(page), "problem", 20);
  ui_test_expect_text(GTK_WIDGET(page), move, 1);
  g_assert_true(was_said_during(&fixture, move, "problem"));
  shoot(&fixture, "photo-problem");
  ui_test_click(GTK_WIDGET(page), "再拍一次");
  expect_step(GTK_WIDGET(page), "preview", 1);
  ui_test_click(GTK_WIDGET(page), "拍照");
  if (!ui_test_wait(emitted, &fixture, 20))
    g_error("no failed try %d", MAX_TRIES);
  g_assert_cmpuint(fixture.failures, ==, MAX_TRIES);
  assert_standard_photo(fixture.jpeg);
  g_assert_nonnull(strstr(fixture.text, "move-left"));
  fixture_tear_down(&fixture);
}

/* ---- document page ---- */

static KioskDocumentPage *
start_document_page(Fixture *fixture, gboolean may_skip)
{
  KioskDocumentPage *page = g_object_new(KIOSK_TYPE_DOCUMENT_PAGE, NULL);
  fixture_set_up(fixture, ANYI_CAMERA_ROLE_DOCUMENT, GTK_WIDGET(page));
  kiosk_document_page_start(page, fixture->camera, "户口簿首页", NULL, may_skip);
  g_assert_cmpstr(kiosk_document_page_get_step(page), ==, "preview");
  return page;
}

/* The emulated document camera serves colour bars: no page in them, so the
 * page says so and still offers the whole picture. */
static void
test_document_captured(void)
{
  Fixture fixture = {0};
  KioskDocumentPage *page = start_document_page(&fixture, FALSE);
  g_signal_connect(page, "captured", G_CALLBACK(on_jpeg), &fixture);
  expect_preview_frames(GTK_WIDGET(page), 15);
  ui_test_expect_text(GTK_WIDGET(page), "户口簿首页", 1);
  g_assert_null(ui_test_find_button(GTK_WIDGET(page), "我没带，以后补交"));

  ui_test_click(GTK_WIDGET(page), "拍摄");
  expect_step(GTK_WIDGET(page), "result", 20);
  ui_test_expect_text(GTK_WIDGET(page), "没有找到完整的纸张，请把材料平放在框内", 1);
  shoot(&fixture, "document-result");
  ui_test_click(GTK_WIDGET(page), "重拍");
  expect_step(GTK_WIDGET(page), "preview", 1);
  ui_test_click(GTK_WIDGET(page), "拍摄");
  expect_step(GTK_WIDGET(page), "result", 20);
  ui_test_click(GTK_WIDGET(page), "使用这张");
  g_assert_true(fixture.emitted);
  g_assert_nonnull(fixture.jpeg);
  g_assert_cmpuint(g_bytes_get_size(fixture.jpeg), >, 1000);
  const guint8 *bytes = g_bytes_get_data(fixture.jpeg, NULL);
  g_assert_true(bytes[0] == 0xFF && bytes[1] == 0xD8);
  fixture_tear_down(&fixture);
}

static void
test_document_screenshot(void)
{
  Fixture fixture = {0};
  KioskDocumentPage *page = start_document_page(&fixture, FALSE);
  assert_shot_shows_camera(&fixture, GTK_WIDGET(page));
  fixture_tear_down(&fixture);
}

/* No camera yet when the citizen leaves the page: the shot that waited for
 * its picture is taken then, showing this page, not the next one. */
static void
test_document_screenshot_when_left(void)
{
  Fixture fixture = {0};
  g_autofree char *dir = g_dir_make_tmp("anyi-shot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "page.png", NULL);
  devsim("camera document unplug");
  start_document_page(&fixture, TRUE);
  kiosk_snapshot_after_next_frame(GTK_WIDGET(fixture.window), path);
  ui_test_spin(0.5);
  g_assert_false(file_exists(path));
  kiosk_snapshot_take_waiting(GTK_WIDGET(fixture.window));
  g_assert_true(file_exists(path));
  g_unlink(path);
  g_rmdir(dir);
  devsim("camera document plug");
  fixture_tear_down(&fixture);
}

static void
test_document_camera_unplugged_and_back(void)
{
  Fixture fixture = {0};
  KioskDocumentPage *page = start_document_page(&fixture, TRUE);
  g_signal_connect(page, "go-to-window", G_CALLBACK(on_signal_without_data), &fixture);
  expect_preview_frames(GTK_WIDGET(page), 15);
  devsim("camera document unplug");
  expect_step(GTK_WIDGET(page), "no-camera", 10);
  g_assert_false(preview_shows_camera(page));
  devsim("camera document plug");
  expect_step(GTK_WIDGET(page), "preview", 20);
  expect_preview_frames(GTK_WIDGET(page), 10);
  devsim("camera document unplug");
  expect_step(GTK_WIDGET(page), "no-camera", 10);
  ui_test_click(GTK_WIDGET(page), "到窗口办理");
  g_assert_true(fixture.emitted);
  devsim("camera document plug");
  fixture_tear_down(&fixture);
}

static void
test_document_skipped(void)
{
  Fixture fixture = {0};
  KioskDocumentPage *page = start_document_page(&fixture, TRUE);
  g_signal_connect(page, "skipped", G_CALLBACK(on_signal_without_data), &fixture);
  ui_test_click(GTK_WIDGET(page), "我没带，以后补交");
  g_assert_true(fixture.emitted);
  fixture_tear_down(&fixture);
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  if (!g_getenv("DISPLAY") || !g_getenv("ANYI_DEVSIM_CONTROL")) {
    g_print("SKIP: needs a display and emulated cameras (see tests/ui/meson.build)\n");
    return 77;
  }
  kiosk_application_init_locale();
  /* init_locale leaves the English catalogue bound; no shell here to choose
   * the hall's language, and the tests read the Chinese the citizen sees */
  kiosk_application_use_translations("zh_CN");
  gtk_test_init(&argc, &argv, NULL);
  checker = anyi_photo_checker_new(&error);
  if (!checker) {
    g_print("SKIP: %s\n", error->message);
    return 77;
  }
  table = anyi_camera_table_load_default(&error);
  g_assert_no_error(error);
  g_test_add_func("/photo-page/accepted", test_photo_accepted);
  g_test_add_func("/photo-page/screenshot", test_photo_screenshot);
  g_test_add_func("/photo-page/preview-pixels", test_photo_preview_pixels);
  g_test_add_func("/photo-page/preview-after-stall", test_photo_preview_after_stall);
  g_test_add_func("/photo-page/retake", test_photo_retake_from_result);
  g_test_add_func("/photo-page/camera-unplugged", test_photo_camera_unplugged_and_back);
  g_test_add_func("/photo-page/destroyed-mid-check", test_photo_destroyed_mid_check);
  g_test_add_func("/photo-page/off-centre/gives-up", test_photo_off_centre_gives_up);
  g_test_add_func("/document-page/captured", test_document_captured);
  g_test_add_func("/document-page/screenshot", test_document_screenshot);
  g_test_add_func("/document-page/screenshot-when-left", test_document_screenshot_when_left);
  g_test_add_func("/document-page/camera-unplugged", test_document_camera_unplugged_and_back);
  g_test_add_func("/document-page/skipped", test_document_skipped);
  int status = g_test_run();
  g_clear_object(&checker);
  g_clear_pointer(&table, anyi_camera_table_unref);
  return status;
}
