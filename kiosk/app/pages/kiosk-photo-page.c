/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-photo-page.c */
#include "kiosk-a11y.h"
#include "kiosk-back-button.h"
#include "kiosk-camera-view.h"
#include "kiosk-photo-page.h"
#include "kiosk-spinner.h"
#include "settings/anyi-settings.h"

#include <glib/gi18n-lib.h>

#define HINT_CHECK_MS     500
#define HINT_STEADY_US    (1 * G_USEC_PER_SEC)
#define COUNTDOWN_STEP_MS 1000
#define COUNTDOWN_FROM    3
#define NO_HINT           (-1)
#define HINT_ALL_GOOD     ANYI_PHOTO_N_PROBLEMS
/* The face (as the detector boxes it) the guide asks for, as a fraction of
 * the frame's height: inside what the checker accepts (not under 207/1.6
 * px, and small enough for the whole 358x441 crop to fit the frame). */
#define GUIDE_FACE_FRACTION 0.33
/* Where the crop's middle sits, as a fraction of the frame's height: a
 * little above the middle, where a seated citizen's head falls. */
#define GUIDE_CROP_CENTRE 0.44
/* A head is wider and taller than the detector's face box: hair top to
 * chin, and ear to ear with the hair, in face widths. */
#define GUIDE_HEAD_HEIGHT 1.5
#define GUIDE_HEAD_WIDTH  1.15

struct _KioskPhotoPage {
  GtkBox parent_instance;
  GtkStack *steps;
  KioskCameraView *camera_view;
  GtkPicture *hint_picture;
  GtkLabel *hint_label;
  GtkLabel *prompt_label;
  GtkLabel *countdown_number;
  GtkPicture *result_picture;
  GtkPicture *problem_picture;
  GtkLabel *problem_sentence;
  GtkWidget *back_button;
  GtkWidget *step_column;       /* the steps, and 上一步 under them */
  GtkWidget *preview_actions;   /* the preview's main button, and 上一步 beside it */
  GtkWidget *no_camera_actions; /* 到窗口办理, and 上一步 beside it */

  AnyiPhotoChecker *checker;
  AnyiPhotoAttempts *attempts; /* for the best try so far; the shell counts them */
  gboolean english;
  GCancellable *cancellable;
  guint hint_timer, countdown_timer;
  guint countdown_left, countdown_step_ms;
  gboolean hint_in_flight;
  int hint_candidate, hint_shown;
  gint64 hint_candidate_since;
  GBytes *result_jpeg;
  gboolean can_go_back;
};

G_DEFINE_FINAL_TYPE(KioskPhotoPage, kiosk_photo_page, GTK_TYPE_BOX)

enum { SIGNAL_ACCEPTED, SIGNAL_FAILED, SIGNAL_GO_TO_WINDOW, SIGNAL_BACK, SIGNAL_SAY, N_SIGNALS };
static guint signals[N_SIGNALS];

static void show_preview(KioskPhotoPage *self);

/* ---- language and pictures ---- */

static const char *
problem_sentence(KioskPhotoPage *self, AnyiPhotoProblem problem)
{
  return self->english ? anyi_photo_problem_sentence_en(problem)
                       : anyi_photo_problem_sentence(problem);
}

static const char *
problem_image(AnyiPhotoProblem problem)
{
  switch (problem) {
  case ANYI_PHOTO_MOVE_LEFT:
    return "styles/images/photo-left.svg";
  case ANYI_PHOTO_MOVE_RIGHT:
    return "styles/images/photo-right.svg";
  case ANYI_PHOTO_MOVE_UP:
    return "styles/images/photo-up.svg";
  case ANYI_PHOTO_MOVE_DOWN:
    return "styles/images/photo-down.svg";
  case ANYI_PHOTO_MOVE_CLOSER:
    return "styles/images/photo-closer.svg";
  case ANYI_PHOTO_MOVE_BACK:
  case ANYI_PHOTO_TOO_BRIGHT:
    return "styles/images/photo-back.svg";
  case ANYI_PHOTO_HEAD_COVERED:
    return "styles/images/photo-no-hat.svg";
  case ANYI_PHOTO_TOO_DARK:
    return "styles/images/photo-light.svg";
  case ANYI_PHOTO_BACKGROUND_NOT_WHITE:
  case ANYI_PHOTO_BACKGROUND_UNEVEN:
    return "styles/images/photo-white-background.svg";
  case ANYI_PHOTO_NO_FACE:
  case ANYI_PHOTO_MANY_FACES:
  case ANYI_PHOTO_EYES_NOT_FOUND:
  case ANYI_PHOTO_BLURRED:
  case ANYI_PHOTO_N_PROBLEMS:
    break;
  }
  return "styles/images/photo-face.svg";
}

/* The hint pictures, decoded once. Decoding an SVG takes ~60 ms, and a new
 * hint on the main thread stalled the live preview that long each time: they
 * are decoded on a worker when the first photo page is made, and a hint
 * shown before that is decoded where it is. */
static const char *const hint_assets[] = {
    "styles/images/photo-face.svg",  "styles/images/photo-left.svg",
    "styles/images/photo-right.svg", "styles/images/photo-up.svg",
    "styles/images/photo-down.svg",  "styles/images/photo-closer.svg",
    "styles/images/photo-back.svg",  "styles/images/photo-no-hat.svg",
    "styles/images/photo-light.svg", "styles/images/photo-white-background.svg",
};
static GHashTable *hint_textures; /* asset -> GdkTexture, main thread only */

static void
free_decoded(gpointer data)
{
  GdkTexture **textures = data;

  for (guint i = 0; i < G_N_ELEMENTS(hint_assets); i++)
    g_clear_object(&textures[i]);
  g_free(textures);
}

static void
decode_hints(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GdkTexture **textures = g_new0(GdkTexture *, G_N_ELEMENTS(hint_assets));

  for (guint i = 0; i < G_N_ELEMENTS(hint_assets); i++) {
    g_autofree char *path = anyi_asset_path(hint_assets[i]);
    g_autoptr(GError) error = NULL;

    textures[i] = gdk_texture_new_from_filename(path, &error);
    if (!textures[i])
      g_warning("photo page: hint picture %s: %s", path, error->message);
  }
  g_task_return_pointer(task, textures, free_decoded);
}

/* The page shows a decoded hint from now on; one that failed to decode is
 * still loaded from its file, and says why in the log. */
static void
on_hints_decoded(GObject *source, GAsyncResult *result, gpointer data)
{
  GdkTexture **textures = g_task_propagate_pointer(G_TASK(result), NULL);

  if (!textures)
    return;
  for (guint i = 0; i < G_N_ELEMENTS(hint_assets); i++)
    if (textures[i])
      g_hash_table_replace(hint_textures, (gpointer)hint_assets[i], g_steal_pointer(&textures[i]));
  free_decoded(textures);
}

static void
start_decoding_hints(void)
{
  g_autoptr(GTask) task = NULL;

  if (hint_textures)
    return;
  hint_textures = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_object_unref);
  task = g_task_new(NULL, NULL, on_hints_decoded, NULL);
  g_task_run_in_thread(task, decode_hints);
}

static void
load_picture(GtkPicture *picture, const char *asset)
{
  GdkTexture *decoded = hint_textures ? g_hash_table_lookup(hint_textures, asset) : NULL;
  g_autofree char *path = NULL;

  if (decoded) {
    gtk_picture_set_paintable(picture, GDK_PAINTABLE(decoded));
    return;
  }
  path = anyi_asset_path(asset);
  gtk_picture_set_filename(picture, path);
}

static void
say(KioskPhotoPage *self, const char *sentence)
{
  g_signal_emit(self, signals[SIGNAL_SAY], 0, sentence);
}

/* The row of the step's main button that 上一步 joins, or NULL. */
static GtkWidget *
actions_row_of(KioskPhotoPage *self, const char *step)
{
  if (g_str_equal(step, "preview"))
    return self->preview_actions;
  if (g_str_equal(step, "no-camera"))
    return self->no_camera_actions;
  return NULL;
}

static void
set_step(KioskPhotoPage *self, const char *step)
{
  gboolean live = g_str_equal(step, "preview") || g_str_equal(step, "countdown");
  gboolean busy = g_str_equal(step, "countdown") || g_str_equal(step, "checking");

  gtk_widget_set_visible(GTK_WIDGET(self->camera_view), live);
  gtk_widget_set_visible(self->back_button, self->can_go_back && !busy);
  /* Without the camera picture, the step takes the page's height. */
  gtk_widget_set_vexpand(GTK_WIDGET(self->steps), !live);
  kiosk_place_back_button(self->back_button, actions_row_of(self, step), self->step_column);
  gtk_stack_set_visible_child_name(self->steps, step);
}

/* ---- the guide: where GA 461's crop wants the head ---- */

static void
guide_path(cairo_t *cr, double frame_w, double frame_h)
{
  double face_w = GUIDE_FACE_FRACTION * frame_h;
  double s = face_w / ANYI_ID_PHOTO_FACE_WIDTH; /* frame pixels per photo pixel */
  double crop_h = ANYI_ID_PHOTO_HEIGHT * s, crop_w = ANYI_ID_PHOTO_WIDTH * s;
  double crop_top = GUIDE_CROP_CENTRE * frame_h - crop_h / 2;
  double top = crop_top + ANYI_ID_PHOTO_HAIR_TOP * s;
  double head_h = GUIDE_HEAD_HEIGHT * face_w, cx = frame_w / 2;
  double chin = top + head_h, bottom = crop_top + crop_h;

  /* the shoulders' lines end round */
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_save(cr);
  cairo_translate(cr, cx, top + head_h / 2);
  cairo_scale(cr, face_w * GUIDE_HEAD_WIDTH / 2, head_h / 2);
  cairo_arc(cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore(cr);
  cairo_new_sub_path(cr);
  cairo_move_to(cr, cx - face_w * 0.2, chin);
  cairo_curve_to(cr, cx - face_w * 0.2, chin + face_w * 0.25, cx - crop_w * 0.48,
                 chin + face_w * 0.2, cx - crop_w * 0.48, bottom);
  cairo_new_sub_path(cr);
  cairo_move_to(cr, cx + face_w * 0.2, chin);
  cairo_curve_to(cr, cx + face_w * 0.2, chin + face_w * 0.25, cx + crop_w * 0.48,
                 chin + face_w * 0.2, cx + crop_w * 0.48, bottom);
}

/* ---- preview ---- */

static void
show_hint(KioskPhotoPage *self, int hint)
{
  self->hint_shown = hint;
  g_debug("photo page: live hint %s",
          hint == HINT_ALL_GOOD ? "all-good" : anyi_photo_problem_code((AnyiPhotoProblem)hint));
  if (hint == HINT_ALL_GOOD) {
    gtk_label_set_text(self->hint_label, _("很好，请保持不动，然后点“拍照”"));
    load_picture(self->hint_picture, "styles/images/photo-face.svg");
    return;
  }
  gtk_label_set_text(self->hint_label, problem_sentence(self, (AnyiPhotoProblem)hint));
  load_picture(self->hint_picture, problem_image((AnyiPhotoProblem)hint));
}

/* Only a problem that has stayed the same for a second is shown: a citizen
 * settling into place should not see the sentence flicker. */
static void
consider_hint(KioskPhotoPage *self, const AnyiPhotoVerdict *verdict)
{
  int hint = verdict->ok           ? HINT_ALL_GOOD
             : verdict->n_problems ? (int)verdict->problems[0]
                                   : NO_HINT;
  gint64 now = g_get_monotonic_time();
  if (hint == NO_HINT)
    return;
  if (hint != self->hint_candidate) {
    self->hint_candidate = hint;
    self->hint_candidate_since = now;
    return;
  }
  if (hint != self->hint_shown && now - self->hint_candidate_since >= HINT_STEADY_US)
    show_hint(self, hint);
}

static void
free_weak_page(GWeakRef *page)
{
  g_weak_ref_clear(page);
  g_free(page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(GWeakRef, free_weak_page)

/* A check holds the page weakly: a page destroyed without a stop is
 * disposed (and stops its camera) at once, not when the check returns. */
static void
on_hint_checked(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GWeakRef) weak_page = data;
  g_autoptr(KioskPhotoPage) self = g_weak_ref_get(weak_page);
  AnyiPhotoVerdict verdict;
  g_autoptr(GError) error = NULL;
  gboolean checked =
      anyi_photo_checker_check_finish(ANYI_PHOTO_CHECKER(source), result, &verdict, &error);
  if (!self || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the page went or stopped; a new start has its own checks */
  self->hint_in_flight = FALSE;
  if (!checked)
    g_warning("photo page: live check failed: %s", error->message);
  else if (g_str_equal(kiosk_photo_page_get_step(self), "preview"))
    consider_hint(self, &verdict);
}

static gboolean
on_hint_tick(gpointer data)
{
  KioskPhotoPage *self = data;
  if (self->hint_in_flight || !g_str_equal(kiosk_photo_page_get_step(self), "preview"))
    return G_SOURCE_CONTINUE;
  g_autoptr(AnyiFrame) frame = kiosk_camera_view_get_latest_frame(self->camera_view);
  if (!frame)
    return G_SOURCE_CONTINUE;
  GWeakRef *weak_page = g_new0(GWeakRef, 1);
  g_weak_ref_init(weak_page, self);
  self->hint_in_flight = TRUE;
  anyi_photo_checker_check_async(self->checker, frame, self->cancellable, on_hint_checked,
                                 weak_page);
  return G_SOURCE_CONTINUE;
}

static void
show_no_camera(KioskPhotoPage *self)
{
  g_clear_handle_id(&self->countdown_timer, g_source_remove);
  set_step(self, "no-camera");
  say(self, _("摄像头暂时不能使用"));
}

static gboolean
step_needs_camera(KioskPhotoPage *self)
{
  const char *step = kiosk_photo_page_get_step(self);
  return g_str_equal(step, "preview") || g_str_equal(step, "countdown") ||
         g_str_equal(step, "problem");
}

static void
on_camera_lost(KioskPhotoPage *self)
{
  g_message("photo page: no face camera during step %s", kiosk_photo_page_get_step(self));
  if (step_needs_camera(self))
    show_no_camera(self);
}

static void
on_camera_ready(KioskPhotoPage *self)
{
  if (g_str_equal(kiosk_photo_page_get_step(self), "no-camera"))
    show_preview(self);
}

static void
show_preview(KioskPhotoPage *self)
{
  self->hint_candidate = NO_HINT;
  self->hint_shown = NO_HINT;
  gtk_label_set_text(self->hint_label, _("请把头和肩膀放进框里，正对镜头"));
  load_picture(self->hint_picture, "styles/images/photo-face.svg");
  set_step(self, "preview");
}

/* ---- taking the picture ---- */

typedef struct {
  AnyiFrame *frame;
  AnyiPhotoVerdict verdict;
} CropJob;

static void
crop_job_free(CropJob *job)
{
  g_clear_pointer(&job->frame, anyi_frame_unref);
  g_free(job);
}

static void
crop_and_encode_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CropJob *job = data;
  GError *error = NULL;
  (void)source;
  (void)cancellable;
  g_autoptr(AnyiFrame) photo = anyi_photo_checker_crop(job->frame, &job->verdict, &error);
  GBytes *jpeg = photo ? anyi_id_photo_encode(photo, &error) : NULL;
  if (jpeg)
    g_task_return_pointer(task, jpeg, (GDestroyNotify)g_bytes_unref);
  else
    g_task_return_error(task, error);
}

/* Cropping and encoding take tens of milliseconds: never on the main loop. */
static void
crop_and_encode_async(KioskPhotoPage *self, AnyiFrame *frame, const AnyiPhotoVerdict *verdict,
                      GAsyncReadyCallback callback)
{
  CropJob *job = g_new0(CropJob, 1);
  job->frame = anyi_frame_ref(frame);
  job->verdict = *verdict;
  g_autoptr(GTask) task = g_task_new(self, self->cancellable, callback, NULL);
  g_task_set_task_data(task, job, (GDestroyNotify)crop_job_free);
  g_task_run_in_thread(task, crop_and_encode_thread);
}

static void
show_result(KioskPhotoPage *self, GBytes *jpeg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes(jpeg, &error);
  g_clear_pointer(&self->result_jpeg, g_bytes_unref);
  self->result_jpeg = g_bytes_ref(jpeg);
  gtk_picture_set_paintable(self->result_picture, GDK_PAINTABLE(texture));
  if (!texture)
    g_warning("photo page: cannot show the encoded photo: %s", error->message);
  set_step(self, "result");
  say(self, _("照片合格。满意吗？"));
}

static void
show_problem(KioskPhotoPage *self, AnyiPhotoProblem problem)
{
  const char *sentence = problem_sentence(self, problem);
  gtk_label_set_text(self->problem_sentence, sentence);
  load_picture(self->problem_picture, problem_image(problem));
  set_step(self, "problem");
  say(self, sentence);
}

typedef struct {
  char *why;
  AnyiPhotoProblem problem;
} FailedTry;

static void
failed_try_free(FailedTry *failed)
{
  g_free(failed->why);
  g_free(failed);
}

/* The problem is shown only if the shell kept the page after hearing of
 * the failed try: after the last one it stops the page for the window. */
static void
report_failed_try(KioskPhotoPage *self, GBytes *best, FailedTry *failed)
{
  g_autoptr(GCancellable) started = NULL;

  if (!self->cancellable)
    return; /* stopped meanwhile */
  started = g_object_ref(self->cancellable);
  g_signal_emit(self, signals[SIGNAL_FAILED], 0, best, failed->why);
  if (!g_cancellable_is_cancelled(started))
    show_problem(self, failed->problem);
}

static void
on_best_encoded(GObject *source, GAsyncResult *result, gpointer data)
{
  KioskPhotoPage *self = KIOSK_PHOTO_PAGE(source);
  FailedTry *failed = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = g_task_propagate_pointer(G_TASK(result), &error);
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    failed_try_free(failed);
    return;
  }
  if (!jpeg)
    g_message("photo page: the best try cannot be cropped: %s", error->message);
  report_failed_try(self, jpeg, failed);
  failed_try_free(failed);
}

/* Hands the best try so far (cropped to the standard, for the window)
 * with every failed one. */
static void
try_failed(KioskPhotoPage *self, AnyiPhotoProblem problem)
{
  AnyiPhotoVerdict best_verdict;
  g_autoptr(AnyiFrame) best = anyi_photo_attempts_get_best(self->attempts, &best_verdict);
  FailedTry *failed = g_new0(FailedTry, 1);
  failed->why =
      g_strdup_printf("photo try %u failed: %s", anyi_photo_attempts_get_tries(self->attempts),
                      anyi_photo_problem_code(problem));
  failed->problem = problem;
  if (best && best_verdict.can_crop && best_verdict.n_faces == 1) {
    GTask *task = g_task_new(self, self->cancellable, on_best_encoded, failed);
    CropJob *job = g_new0(CropJob, 1);
    job->frame = g_steal_pointer(&best);
    job->verdict = best_verdict;
    g_task_set_task_data(task, job, (GDestroyNotify)crop_job_free);
    g_task_run_in_thread(task, crop_and_encode_thread);
    g_object_unref(task);
    return;
  }
  report_failed_try(self, NULL, failed);
  failed_try_free(failed);
}

static void
on_photo_encoded(GObject *source, GAsyncResult *result, gpointer data)
{
  KioskPhotoPage *self = KIOSK_PHOTO_PAGE(source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = g_task_propagate_pointer(G_TASK(result), &error);
  (void)data;
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!jpeg) {
    g_warning("photo page: a good photo could not be cropped or encoded: %s", error->message);
    show_problem(self, ANYI_PHOTO_BLURRED);
    return;
  }
  show_result(self, jpeg);
}

static void
log_verdict(const AnyiPhotoVerdict *verdict, guint tries)
{
  g_message("photo page: try %u: ok=%d faces=%u face width=%d eyes=%d hair=%d first=%s", tries,
            verdict->ok, verdict->n_faces, verdict->face_width, verdict->eye_line,
            verdict->hair_top,
            verdict->n_problems ? anyi_photo_problem_code(verdict->problems[0]) : "none");
}

typedef struct {
  KioskPhotoPage *page;
  AnyiFrame *frame;
} ShotCheck;

static void
on_shot_checked(GObject *source, GAsyncResult *result, gpointer data)
{
  ShotCheck *shot = data;
  g_autoptr(KioskPhotoPage) self = shot->page;
  g_autoptr(AnyiFrame) frame = shot->frame;
  AnyiPhotoVerdict verdict;
  g_autoptr(GError) error = NULL;
  g_free(shot);
  if (!anyi_photo_checker_check_finish(ANYI_PHOTO_CHECKER(source), result, &verdict, &error)) {
    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      return;
    g_warning("photo page: the check failed: %s", error->message);
    show_preview(self);
    return;
  }
  if (verdict.ok) {
    log_verdict(&verdict, anyi_photo_attempts_get_tries(self->attempts) + 1);
    crop_and_encode_async(self, frame, &verdict, on_photo_encoded);
    return;
  }
  anyi_photo_attempts_add(self->attempts, frame, &verdict);
  log_verdict(&verdict, anyi_photo_attempts_get_tries(self->attempts));
  try_failed(self, verdict.n_problems ? verdict.problems[0] : ANYI_PHOTO_NO_FACE);
}

static void
take_shot(KioskPhotoPage *self)
{
  g_autoptr(AnyiFrame) frame = kiosk_camera_view_get_latest_frame(self->camera_view);
  if (!frame) {
    show_no_camera(self);
    return;
  }
  set_step(self, "checking");
  ShotCheck *shot = g_new0(ShotCheck, 1);
  shot->page = g_object_ref(self);
  shot->frame = anyi_frame_ref(frame);
  anyi_photo_checker_check_async(self->checker, frame, self->cancellable, on_shot_checked, shot);
}

static const char *
countdown_word(guint n)
{
  switch (n) {
  case 3:
    return _("三");
  case 2:
    return _("二");
  default:
    return _("一");
  }
}

static void
show_countdown_number(KioskPhotoPage *self)
{
  g_autofree char *digit = g_strdup_printf("%u", self->countdown_left);
  gtk_label_set_text(self->countdown_number, digit);
  say(self, countdown_word(self->countdown_left));
}

static gboolean
on_countdown_tick(gpointer data)
{
  KioskPhotoPage *self = data;
  if (--self->countdown_left > 0) {
    show_countdown_number(self);
    return G_SOURCE_CONTINUE;
  }
  self->countdown_timer = 0;
  take_shot(self);
  return G_SOURCE_REMOVE;
}

static void
on_shoot_clicked(KioskPhotoPage *self)
{
  if (!kiosk_camera_view_is_streaming(self->camera_view)) {
    show_no_camera(self);
    return;
  }
  self->countdown_left = COUNTDOWN_FROM;
  set_step(self, "countdown");
  show_countdown_number(self);
  self->countdown_timer = g_timeout_add(self->countdown_step_ms, on_countdown_tick, self);
}

static void
on_retake_clicked(KioskPhotoPage *self)
{
  g_clear_pointer(&self->result_jpeg, g_bytes_unref);
  gtk_picture_set_paintable(self->result_picture, NULL);
  if (kiosk_camera_view_is_streaming(self->camera_view))
    show_preview(self);
  else
    show_no_camera(self);
}

static void
on_accept_clicked(KioskPhotoPage *self)
{
  g_return_if_fail(self->result_jpeg != NULL);
  g_autoptr(GBytes) jpeg = g_bytes_ref(self->result_jpeg);
  g_signal_emit(self, signals[SIGNAL_ACCEPTED], 0, jpeg);
}

static void
on_window_clicked(KioskPhotoPage *self)
{
  g_signal_emit(self, signals[SIGNAL_GO_TO_WINDOW], 0);
}

static void
on_back_clicked(KioskPhotoPage *self)
{
  g_signal_emit(self, signals[SIGNAL_BACK], 0);
}

/* ---- public ---- */

void
kiosk_photo_page_set_can_go_back(KioskPhotoPage *self, gboolean can_go_back)
{
  g_return_if_fail(KIOSK_IS_PHOTO_PAGE(self));
  self->can_go_back = can_go_back;
  set_step(self, gtk_stack_get_visible_child_name(self->steps));
}

void
kiosk_photo_page_start(KioskPhotoPage *self, AnyiCamera *camera, AnyiPhotoChecker *checker,
                       const char *prompt, gboolean english)
{
  g_return_if_fail(KIOSK_IS_PHOTO_PAGE(self));
  g_return_if_fail(ANYI_IS_CAMERA(camera) && ANYI_IS_PHOTO_CHECKER(checker));
  kiosk_photo_page_stop(self);
  self->checker = g_object_ref(checker);
  /* never "hand off now": the case engine decides when the window takes over */
  self->attempts = anyi_photo_attempts_new(G_MAXUINT);
  self->english = english;
  self->cancellable = g_cancellable_new();
  gtk_label_set_text(self->prompt_label, prompt ? prompt : "");
  gtk_widget_set_visible(GTK_WIDGET(self->prompt_label), prompt != NULL);
  show_preview(self);
  kiosk_camera_view_start(self->camera_view, camera);
  self->hint_timer = g_timeout_add(HINT_CHECK_MS, on_hint_tick, self);
  if (prompt)
    say(self, prompt);
}

static void
clear_pictures(KioskPhotoPage *self)
{
  gtk_picture_set_paintable(self->result_picture, NULL);
  gtk_label_set_text(self->problem_sentence, "");
  g_clear_pointer(&self->result_jpeg, g_bytes_unref);
}

void
kiosk_photo_page_stop(KioskPhotoPage *self)
{
  g_return_if_fail(KIOSK_IS_PHOTO_PAGE(self));
  g_cancellable_cancel(self->cancellable);
  g_clear_object(&self->cancellable);
  g_clear_handle_id(&self->hint_timer, g_source_remove);
  g_clear_handle_id(&self->countdown_timer, g_source_remove);
  kiosk_camera_view_stop(self->camera_view);
  g_clear_object(&self->checker);
  g_clear_pointer(&self->attempts, anyi_photo_attempts_free);
  self->hint_in_flight = FALSE;
  self->can_go_back = FALSE;
  gtk_widget_set_visible(self->back_button, FALSE);
  clear_pictures(self);
}

const char *
kiosk_photo_page_get_step(KioskPhotoPage *self)
{
  g_return_val_if_fail(KIOSK_IS_PHOTO_PAGE(self), NULL);
  return gtk_stack_get_visible_child_name(self->steps);
}

void
kiosk_photo_page_set_countdown_step(KioskPhotoPage *self, guint milliseconds)
{
  g_return_if_fail(KIOSK_IS_PHOTO_PAGE(self));
  self->countdown_step_ms = MAX(milliseconds, 1);
}

guint
kiosk_photo_page_get_frames_shown(KioskPhotoPage *self)
{
  g_return_val_if_fail(KIOSK_IS_PHOTO_PAGE(self), 0);
  return kiosk_camera_view_get_frames_shown(self->camera_view);
}

/* ---- GObject ---- */

static void
kiosk_photo_page_dispose(GObject *object)
{
  KioskPhotoPage *self = KIOSK_PHOTO_PAGE(object);
  if (self->cancellable)
    kiosk_photo_page_stop(self);
  G_OBJECT_CLASS(kiosk_photo_page_parent_class)->dispose(object);
}

static void
add_signals(GObjectClass *klass)
{
  GType type = G_TYPE_FROM_CLASS(klass);
  signals[SIGNAL_ACCEPTED] = g_signal_new("accepted", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_BYTES);
  signals[SIGNAL_FAILED] = g_signal_new("failed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);
  signals[SIGNAL_GO_TO_WINDOW] =
      g_signal_new("go-to-window", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_BACK] =
      g_signal_new("back", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAY] = g_signal_new("say", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_photo_page_class_init(KioskPhotoPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_photo_page_dispose;
  g_type_ensure(KIOSK_TYPE_CAMERA_VIEW);
  g_type_ensure(KIOSK_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-photo-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, steps);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, camera_view);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, hint_picture);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, hint_label);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, prompt_label);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, countdown_number);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, result_picture);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, problem_picture);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, problem_sentence);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, back_button);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, step_column);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, preview_actions);
  gtk_widget_class_bind_template_child(widget_class, KioskPhotoPage, no_camera_actions);
  gtk_widget_class_bind_template_callback(widget_class, on_camera_lost);
  gtk_widget_class_bind_template_callback(widget_class, on_camera_ready);
  gtk_widget_class_bind_template_callback(widget_class, on_shoot_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_retake_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_accept_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_window_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_back_clicked);
  add_signals(G_OBJECT_CLASS(klass));
}

static void
kiosk_photo_page_init(KioskPhotoPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  kiosk_a11y_track_stack(self->steps);
  self->countdown_step_ms = COUNTDOWN_STEP_MS;
  kiosk_camera_view_set_guide(self->camera_view, guide_path);
  start_decoding_hints();
}
