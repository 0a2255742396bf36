/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-id-photo.c: GA 461-2004 checks, crop and encoding. */
#include "photo/anyi-id-photo.h"

#include "photo/anyi-photo-config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *code;
  const char *sentence;
  const char *sentence_en;
  double weight; /* how much it lowers the score of a try */
} ProblemText;

/* "Left" and "right" are the citizen's own: the camera does not mirror, so
 * a face on the left of the picture belongs to someone standing too far to
 * their right. */
static const ProblemText problem_texts[ANYI_PHOTO_N_PROBLEMS] = {
    [ANYI_PHOTO_NO_FACE] = {"no-face", "没有看到您的脸，请正对镜头。",
                            "We cannot see your face: please face the camera.", 1.0},
    [ANYI_PHOTO_MANY_FACES] = {"many-faces", "画面里只能有一个人，请其他人离开。",
                               "Only one person may be in the picture.", 1.0},
    [ANYI_PHOTO_MOVE_CLOSER] = {"move-closer", "请靠近镜头一点。",
                                "Please come a little closer to the camera.", 0.3},
    [ANYI_PHOTO_MOVE_BACK] = {"move-back", "请离镜头远一点。",
                              "Please move back a little from the camera.", 0.3},
    [ANYI_PHOTO_MOVE_LEFT] = {"move-left", "请向左移动一点。", "Please move a little to your left.",
                              0.25},
    [ANYI_PHOTO_MOVE_RIGHT] = {"move-right", "请向右移动一点。",
                               "Please move a little to your right.", 0.25},
    [ANYI_PHOTO_MOVE_DOWN] = {"move-down", "请坐低一点或稍微低头。", "Please sit a little lower.",
                              0.25},
    [ANYI_PHOTO_MOVE_UP] = {"move-up", "请坐直，抬高一点。", "Please sit up a little higher.",
                            0.25},
    [ANYI_PHOTO_TOO_DARK] = {"too-dark", "光线太暗，请抬起头，正对灯光。",
                             "It is too dark: please raise your head towards the light.", 0.3},
    [ANYI_PHOTO_TOO_BRIGHT] = {"too-bright", "脸部太亮，请稍微后退。",
                               "Your face is too bright: please move back a little.", 0.3},
    [ANYI_PHOTO_HEAD_COVERED] = {"head-covered", "请摘下帽子或头饰。",
                                 "Please take off your hat or head covering.", 0.3},
    [ANYI_PHOTO_EYES_NOT_FOUND] = {"eyes-not-found", "请睁开眼睛，看着镜头。",
                                   "Please open your eyes and look at the camera.", 0.3},
    [ANYI_PHOTO_BLURRED] = {"blurred", "照片模糊，请保持不动。",
                            "The picture is blurred: please keep still.", 0.3},
    [ANYI_PHOTO_BACKGROUND_NOT_WHITE] = {"background-not-white", "背景不是白色，请站到白色背景前。",
                                         "The background is not white: please stand in front "
                                         "of the white screen.",
                                         0.2},
    [ANYI_PHOTO_BACKGROUND_UNEVEN] = {"background-uneven", "背景有阴影或杂物，请靠近白色背景。",
                                      "The background has shadows or objects: please stand "
                                      "closer to the white screen.",
                                      0.15},
};

/* Thresholds, measured on Debian's test photographs and their degraded copies. */
#define DETECT_MAX_SIDE       640
#define MIN_FACE_FRACTION     0.08 /* of the frame's shorter side */
#define MAX_UPSCALE           1.6  /* a face narrower than 207/1.6 px lacks detail */
#define CENTRE_SLACK          0.08 /* of the frame width */
#define DARK_FACE             75.0
#define BRIGHT_FACE           215.0
#define MIN_SHARPNESS         40.0
#define BACKGROUND_MIN_LUMA   170.0
#define BACKGROUND_MAX_CHROMA 24.0
#define BACKGROUND_MAX_SPREAD 22.0
#define BACKGROUND_DIFFERS    60 /* sum of channel differences that is "not background" */

const char *
anyi_photo_problem_code(AnyiPhotoProblem problem)
{
  g_return_val_if_fail(problem < ANYI_PHOTO_N_PROBLEMS, NULL);
  return problem_texts[problem].code;
}

const char *
anyi_photo_problem_sentence(AnyiPhotoProblem problem)
{
  g_return_val_if_fail(problem < ANYI_PHOTO_N_PROBLEMS, NULL);
  return problem_texts[problem].sentence;
}

const char *
anyi_photo_problem_sentence_en(AnyiPhotoProblem problem)
{
  g_return_val_if_fail(problem < ANYI_PHOTO_N_PROBLEMS, NULL);
  return problem_texts[problem].sentence_en;
}

gboolean
anyi_photo_verdict_has(const AnyiPhotoVerdict *verdict, AnyiPhotoProblem problem)
{
  for (guint i = 0; i < verdict->n_problems; i++)
    if (verdict->problems[i] == problem)
      return TRUE;
  return FALSE;
}

struct _AnyiPhotoChecker {
  GObject parent_instance;
  AnyiFaceFinder *finder;
  GMutex lock; /* a cascade must not run from two threads at once */
};

G_DEFINE_FINAL_TYPE(AnyiPhotoChecker, anyi_photo_checker, G_TYPE_OBJECT)

static void
anyi_photo_checker_finalize(GObject *object)
{
  AnyiPhotoChecker *self = ANYI_PHOTO_CHECKER(object);
  g_clear_pointer(&self->finder, anyi_face_finder_free);
  g_mutex_clear(&self->lock);
  G_OBJECT_CLASS(anyi_photo_checker_parent_class)->finalize(object);
}

static void
anyi_photo_checker_class_init(AnyiPhotoCheckerClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = anyi_photo_checker_finalize;
}

static void
anyi_photo_checker_init(AnyiPhotoChecker *self)
{
  g_mutex_init(&self->lock);
}

AnyiPhotoChecker *
anyi_photo_checker_new(GError **error)
{
  const char *dir = g_getenv("ANYI_CASCADE_DIR");
  AnyiFaceFinder *finder = anyi_face_finder_new(dir ? dir : ANYI_CASCADE_DIR_DEFAULT, error);
  if (!finder)
    return NULL;
  AnyiPhotoChecker *self = g_object_new(ANYI_TYPE_PHOTO_CHECKER, NULL);
  self->finder = finder;
  return self;
}

/* Luminance of a frame shrunk by a whole factor (box average): detection
 * runs on ~480 px whatever the camera gives; a citizen's face is large in
 * it. */
static guint8 *
shrink_to_gray(const AnyiFrame *frame, int factor, int *out_w, int *out_h)
{
  int w = frame->width / factor, h = frame->height / factor;
  const guint8 *rgb = anyi_frame_get_data(frame);
  guint8 *out = g_malloc((gsize)w * (gsize)h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      guint sum = 0;
      for (int dy = 0; dy < factor; dy++) {
        const guint8 *p =
            rgb + (gsize)(y * factor + dy) * (gsize)frame->stride + (gsize)(x * factor) * 3;
        for (int dx = 0; dx < factor; dx++, p += 3)
          sum += (77u * p[0] + 150u * p[1] + 29u * p[2]) >> 8;
      }
      out[(gsize)y * (gsize)w + (gsize)x] = (guint8)(sum / (guint)(factor * factor));
    }
  *out_w = w;
  *out_h = h;
  return out;
}

/* Fills `gray` (a whole frame's size) only where the face is: the later
 * checks read nothing else, and a whole 1080p conversion costs more than
 * they do. */
static void
fill_gray(const AnyiFrame *frame, const AnyiRect *area, guint8 *gray)
{
  int x0 = MAX(0, area->x), y0 = MAX(0, area->y);
  int x1 = MIN(frame->width, area->x + area->width),
      y1 = MIN(frame->height, area->y + area->height);
  const guint8 *rgb = anyi_frame_get_data(frame);
  for (int y = y0; y < y1; y++) {
    const guint8 *p = rgb + (gsize)y * (gsize)frame->stride + (gsize)x0 * 3;
    guint8 *o = gray + (gsize)y * (gsize)frame->width;
    for (int x = x0; x < x1; x++, p += 3)
      o[x] = (guint8)((77u * p[0] + 150u * p[1] + 29u * p[2]) >> 8);
  }
}

static void
add_problem(AnyiPhotoVerdict *verdict, AnyiPhotoProblem problem)
{
  if (!anyi_photo_verdict_has(verdict, problem))
    verdict->problems[verdict->n_problems++] = problem;
}

static int
compare_problems(gconstpointer a, gconstpointer b)
{
  return (int)*(const AnyiPhotoProblem *)a - (int)*(const AnyiPhotoProblem *)b;
}

static guint
find_faces(AnyiPhotoChecker *self, const AnyiFrame *frame, AnyiRect *faces, guint max)
{
  int factor = MAX(1, (MAX(frame->width, frame->height) + DETECT_MAX_SIDE - 1) / DETECT_MAX_SIDE);
  int sw = 0, sh = 0;
  g_autofree guint8 *small = shrink_to_gray(frame, factor, &sw, &sh);
  int min_size = (int)(MIN(sw, sh) * MIN_FACE_FRACTION);
  guint n = anyi_face_finder_find_faces(self->finder, small, sw, sh, min_size, faces, max);
  for (guint i = 0; i < MIN(n, max); i++) {
    faces[i].x *= factor;
    faces[i].y *= factor;
    faces[i].width *= factor;
    faces[i].height *= factor;
  }
  return n;
}

static double
mean_gray(const guint8 *gray, int width, const AnyiRect *r)
{
  guint64 sum = 0;
  for (int y = r->y; y < r->y + r->height; y++)
    for (int x = r->x; x < r->x + r->width; x++)
      sum += gray[(gsize)y * (gsize)width + (gsize)x];
  return r->width > 0 && r->height > 0 ? (double)sum / ((double)r->width * r->height) : 0;
}

static const guint8 *
pixel(const AnyiFrame *frame, int x, int y)
{
  return anyi_frame_get_data(frame) + (gsize)y * (gsize)frame->stride + (gsize)x * 3;
}

/* The background's colour, from the frame's two top corners. */
static void
background_colour(const AnyiFrame *frame, double rgb[3])
{
  int size = MAX(1, MIN(frame->width, frame->height) / 16);
  double sum[3] = {0, 0, 0};
  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++) {
      const guint8 *l = pixel(frame, x, y), *r = pixel(frame, frame->width - 1 - x, y);
      for (int c = 0; c < 3; c++)
        sum[c] += l[c] + r[c];
    }
  for (int c = 0; c < 3; c++)
    rgb[c] = sum[c] / (2.0 * size * size);
}

static double
row_difference(const AnyiFrame *frame, int y, int x0, int x1, const double bg[3])
{
  int differing = 0;
  for (int x = x0; x < x1; x++) {
    const guint8 *p = pixel(frame, x, y);
    double d = fabs(p[0] - bg[0]) + fabs(p[1] - bg[1]) + fabs(p[2] - bg[2]);
    differing += d > BACKGROUND_DIFFERS;
  }
  return x1 > x0 ? (double)differing / (x1 - x0) : 0;
}

/* The top of the hair: scanning up from the face, the first rows that look
 * like background. Falls back to the usual proportions of a head when the
 * background is too busy to tell. */
static int
find_hair_top(const AnyiFrame *frame, const AnyiRect *face)
{
  double bg[3];
  background_colour(frame, bg);
  int x0 = face->x + face->width / 4, x1 = face->x + 3 * face->width / 4;
  int lowest_plausible = face->y - face->height / 10;
  int highest_plausible = face->y - face->height;
  int background_rows = 0;
  for (int y = lowest_plausible; y >= 0 && y > highest_plausible; y--) {
    if (row_difference(frame, y, x0, x1, bg) < 0.05) {
      if (++background_rows == 3)
        return y + 3;
    } else {
      background_rows = 0;
    }
  }
  if (face->y - face->height / 2 <= 0)
    return 0; /* the head runs out of the frame */
  return face->y - (int)(0.35 * face->height);
}

static void
measure_background(const AnyiFrame *frame, const AnyiRect *crop, AnyiPhotoVerdict *verdict)
{
  int strip = MAX(2, crop->width / 12), height = crop->height * 45 / 100;
  double sum = 0, sum_sq = 0, chroma = 0, side_mean[2] = {0, 0};
  guint n = 0;
  for (int side = 0; side < 2; side++) {
    int x0 = side == 0 ? crop->x : crop->x + crop->width - strip;
    double side_sum = 0;
    for (int y = crop->y; y < crop->y + height; y++)
      for (int x = x0; x < x0 + strip; x++) {
        const guint8 *p = pixel(frame, x, y);
        double l = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
        sum += l;
        side_sum += l;
        sum_sq += l * l;
        chroma += MAX(MAX(abs(p[0] - p[1]), abs(p[1] - p[2])), abs(p[0] - p[2]));
        n++;
      }
    side_mean[side] = side_sum / ((double)strip * height);
  }
  double mean = sum / n;
  verdict->background_luma = mean;
  verdict->background_chroma = chroma / n;
  verdict->background_spread =
      MAX(sqrt(MAX(0.0, sum_sq / n - mean * mean)), fabs(side_mean[0] - side_mean[1]) / 2);
}

/* Where the 358x441 picture comes from, so that the face is 207 px wide,
 * centred, and the hair top 14 px below the edge. */
static void
place_crop(const AnyiFrame *frame, const AnyiRect *face, int hair_top, AnyiPhotoVerdict *verdict)
{
  double scale = (double)ANYI_ID_PHOTO_FACE_WIDTH / face->width;
  int crop_w = (int)lround(ANYI_ID_PHOTO_WIDTH / scale);
  int crop_h = (int)lround(ANYI_ID_PHOTO_HEIGHT / scale);
  verdict->crop =
      (AnyiRect){face->x + face->width / 2 - crop_w / 2,
                 hair_top - (int)lround(ANYI_ID_PHOTO_HAIR_TOP / scale), crop_w, crop_h};
  verdict->face_width = (int)lround(face->width * scale);
  verdict->hair_top = (int)lround((hair_top - verdict->crop.y) * scale);

  const AnyiRect *c = &verdict->crop;
  gboolean inside = c->x >= 0 && c->y >= 0 && c->x + c->width <= frame->width &&
                    c->y + c->height <= frame->height;
  verdict->can_crop = inside && scale <= MAX_UPSCALE;
  if (scale > MAX_UPSCALE)
    add_problem(verdict, ANYI_PHOTO_MOVE_CLOSER);
  if (c->width > frame->width || c->height > frame->height)
    add_problem(verdict, ANYI_PHOTO_MOVE_BACK);
  else if (c->y < 0 || hair_top <= 0)
    add_problem(verdict, ANYI_PHOTO_MOVE_DOWN);
  else if (c->y + c->height > frame->height)
    add_problem(verdict, ANYI_PHOTO_MOVE_UP);
}

static void
check_centring(const AnyiFrame *frame, const AnyiRect *face, AnyiPhotoVerdict *verdict)
{
  double offset = face->x + face->width / 2.0 - frame->width / 2.0;
  if (offset < -CENTRE_SLACK * frame->width)
    add_problem(verdict, ANYI_PHOTO_MOVE_LEFT);
  else if (offset > CENTRE_SLACK * frame->width)
    add_problem(verdict, ANYI_PHOTO_MOVE_RIGHT);
}

static void
check_eyes(AnyiPhotoChecker *self, const guint8 *gray, const AnyiFrame *frame, const AnyiRect *face,
           AnyiPhotoVerdict *verdict)
{
  AnyiRect eyes[2];
  guint n =
      anyi_face_finder_find_eyes(self->finder, gray, frame->width, frame->height, face, eyes, 2);
  double scale = (double)ANYI_ID_PHOTO_FACE_WIDTH / face->width;
  double eye_y;
  if (n >= 2) {
    eye_y = (eyes[0].y + eyes[0].height / 2.0 + eyes[1].y + eyes[1].height / 2.0) / 2;
  } else {
    add_problem(verdict, ANYI_PHOTO_EYES_NOT_FOUND);
    eye_y = face->y + 0.4 * face->height; /* where a frontal face has them */
  }
  verdict->eye_line = (int)lround((eye_y - verdict->crop.y) * scale);
  /* With the face 207 px wide and the hair top 14 px down, eyes this low
   * mean something tall sits on the head. */
  if (verdict->eye_line > ANYI_ID_PHOTO_EYE_LINE_MAX && n >= 2)
    add_problem(verdict, ANYI_PHOTO_HEAD_COVERED);
}

static void
check_exposure_and_focus(const guint8 *gray, const AnyiFrame *frame, const AnyiRect *face,
                         AnyiPhotoVerdict *verdict)
{
  AnyiRect inner = {face->x + face->width / 5, face->y + face->height / 5, face->width * 3 / 5,
                    face->height * 3 / 5};
  verdict->face_brightness = mean_gray(gray, frame->width, &inner);
  verdict->sharpness = anyi_vision_sharpness(gray, frame->width, frame->height, &inner);
  if (verdict->face_brightness < DARK_FACE)
    add_problem(verdict, ANYI_PHOTO_TOO_DARK);
  else if (verdict->face_brightness > BRIGHT_FACE)
    add_problem(verdict, ANYI_PHOTO_TOO_BRIGHT);
  if (verdict->sharpness < MIN_SHARPNESS)
    add_problem(verdict, ANYI_PHOTO_BLURRED);
}

static void
check_background(const AnyiFrame *frame, AnyiPhotoVerdict *verdict)
{
  if (!verdict->can_crop)
    return;
  measure_background(frame, &verdict->crop, verdict);
  if (verdict->background_luma < BACKGROUND_MIN_LUMA ||
      verdict->background_chroma > BACKGROUND_MAX_CHROMA)
    add_problem(verdict, ANYI_PHOTO_BACKGROUND_NOT_WHITE);
  else if (verdict->background_spread > BACKGROUND_MAX_SPREAD)
    add_problem(verdict, ANYI_PHOTO_BACKGROUND_UNEVEN);
}

static void
score_verdict(AnyiPhotoVerdict *verdict)
{
  double score = 1.0;
  for (guint i = 0; i < verdict->n_problems; i++)
    score -= problem_texts[verdict->problems[i]].weight;
  /* Among equally flawed tries, prefer the sharper one. */
  score += MIN(verdict->sharpness, 400.0) / 4000.0;
  verdict->score = CLAMP(score, 0.0, 1.0);
}

void
anyi_photo_checker_check(AnyiPhotoChecker *self, const AnyiFrame *frame, AnyiPhotoVerdict *verdict)
{
  g_return_if_fail(ANYI_IS_PHOTO_CHECKER(self));
  memset(verdict, 0, sizeof *verdict);
  AnyiRect faces[4];

  g_mutex_lock(&self->lock);
  verdict->n_faces = find_faces(self, frame, faces, 4);
  if (verdict->n_faces == 0) {
    add_problem(verdict, ANYI_PHOTO_NO_FACE);
  } else {
    verdict->face = faces[0];
    g_autofree guint8 *gray = g_malloc0((gsize)frame->width * (gsize)frame->height);
    fill_gray(frame, &verdict->face, gray);
    if (verdict->n_faces > 1)
      add_problem(verdict, ANYI_PHOTO_MANY_FACES);
    int hair_top = find_hair_top(frame, &verdict->face);
    place_crop(frame, &verdict->face, hair_top, verdict);
    check_centring(frame, &verdict->face, verdict);
    check_eyes(self, gray, frame, &verdict->face, verdict);
    check_exposure_and_focus(gray, frame, &verdict->face, verdict);
    check_background(frame, verdict);
  }
  g_mutex_unlock(&self->lock);

  qsort(verdict->problems, verdict->n_problems, sizeof verdict->problems[0], compare_problems);
  verdict->ok = verdict->n_problems == 0 && verdict->can_crop;
  score_verdict(verdict);
}

static void
check_in_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AnyiPhotoVerdict *verdict = g_new(AnyiPhotoVerdict, 1);
  anyi_photo_checker_check(source, task_data, verdict);
  g_task_return_pointer(task, verdict, g_free);
}

void
anyi_photo_checker_check_async(AnyiPhotoChecker *self, AnyiFrame *frame, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
  g_task_set_source_tag(task, anyi_photo_checker_check_async);
  g_task_set_task_data(task, anyi_frame_ref(frame), (GDestroyNotify)anyi_frame_unref);
  g_task_set_return_on_cancel(task, TRUE);
  g_task_run_in_thread(task, check_in_thread);
}

gboolean
anyi_photo_checker_check_finish(AnyiPhotoChecker *self, GAsyncResult *result,
                                AnyiPhotoVerdict *verdict, GError **error)
{
  g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
  g_autofree AnyiPhotoVerdict *found = g_task_propagate_pointer(G_TASK(result), error);
  if (!found)
    return FALSE;
  *verdict = *found;
  return TRUE;
}

AnyiFrame *
anyi_photo_checker_crop(const AnyiFrame *frame, const AnyiPhotoVerdict *verdict, GError **error)
{
  if (verdict->n_faces != 1 || !verdict->can_crop) {
    AnyiPhotoProblem why = verdict->n_problems ? verdict->problems[0] : ANYI_PHOTO_NO_FACE;
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no acceptable face to crop: %s",
                anyi_photo_problem_code(why));
    return NULL;
  }
  return anyi_vision_crop_scale(frame, &verdict->crop, ANYI_ID_PHOTO_WIDTH, ANYI_ID_PHOTO_HEIGHT);
}

/* Quality ~70 as the standard's practice; step it so a plain or a busy
 * picture still lands within 14-20 KB, keeping the closest when none does. */
GBytes *
anyi_id_photo_encode(const AnyiFrame *photo, GError **error)
{
  static const int qualities[] = {70, 78, 85, 90, 94, 62, 55, 48, 40};
  g_autoptr(GBytes) closest = NULL;
  gsize closest_miss = G_MAXSIZE;
  for (gsize i = 0; i < G_N_ELEMENTS(qualities); i++) {
    g_autoptr(GBytes) jpeg = anyi_frame_encode_jpeg(photo, qualities[i], ANYI_ID_PHOTO_DPI, error);
    if (!jpeg)
      return NULL;
    gsize size = g_bytes_get_size(jpeg);
    gsize miss = size < ANYI_ID_PHOTO_MIN_BYTES   ? ANYI_ID_PHOTO_MIN_BYTES - size
                 : size > ANYI_ID_PHOTO_MAX_BYTES ? size - ANYI_ID_PHOTO_MAX_BYTES
                                                  : 0;
    if (miss == 0)
      return g_steal_pointer(&jpeg);
    if (miss < closest_miss) {
      closest_miss = miss;
      g_clear_pointer(&closest, g_bytes_unref);
      closest = g_steal_pointer(&jpeg);
    }
    /* Bigger than allowed: only lower qualities can help. */
    if (size > ANYI_ID_PHOTO_MAX_BYTES && qualities[i] >= 70 && i + 1 < G_N_ELEMENTS(qualities))
      i = 4;
  }
  return g_steal_pointer(&closest);
}

static AnyiFrame *
frame_from_cairo(cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width(surface);
  int height = cairo_image_surface_get_height(surface);
  int in_stride = cairo_image_surface_get_stride(surface);
  const guint8 *in = cairo_image_surface_get_data(surface);
  gsize stride = (gsize)width * 3;
  guint8 *rgb = g_malloc(stride * (gsize)height);
  for (int y = 0; y < height; y++) {
    const guint32 *row = (const guint32 *)(in + (gsize)y * (gsize)in_stride);
    guint8 *out = rgb + (gsize)y * stride;
    for (int x = 0; x < width; x++, out += 3) {
      out[0] = (row[x] >> 16) & 0xFF;
      out[1] = (row[x] >> 8) & 0xFF;
      out[2] = row[x] & 0xFF;
    }
  }
  g_autoptr(GBytes) bytes = g_bytes_new_take(rgb, stride * (gsize)height);
  return anyi_frame_new(bytes, width, height, (int)stride);
}

/* cairo decodes a whole PNG before its size can be asked: read the size
 * from the IHDR chunk first, so a small file claiming a huge picture is
 * refused before anything is allocated. */
static gboolean
png_size_allowed(const char *path, GError **error)
{
  guint8 head[24];
  FILE *file = fopen(path, "rb");
  gsize n = file ? fread(head, 1, sizeof head, file) : 0;
  if (file)
    fclose(file);
  if (n < sizeof head || memcmp(head + 12, "IHDR", 4) != 0)
    return TRUE; /* not a PNG cairo can read either: it says why */
  guint32 width = (guint32)head[16] << 24 | (guint32)head[17] << 16 | head[18] << 8 | head[19];
  guint32 height = (guint32)head[20] << 24 | (guint32)head[21] << 16 | head[22] << 8 | head[23];
  GError *refusal = NULL;
  if (anyi_frame_size_allowed((int)MIN(width, G_MAXINT), (int)MIN(height, G_MAXINT), &refusal))
    return TRUE;
  g_message("photo: refused %s before decoding: %s", path, refusal->message);
  g_propagate_error(error, refusal);
  return FALSE;
}

AnyiFrame *
anyi_photo_load(const char *path, GError **error)
{
  if (!g_str_has_suffix(path, ".png") && !g_str_has_suffix(path, ".PNG"))
    return anyi_frame_new_from_file(path, error);
  if (!png_size_allowed(path, error))
    return NULL;
  cairo_surface_t *png = cairo_image_surface_create_from_png(path);
  if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path,
                cairo_status_to_string(cairo_surface_status(png)));
    cairo_surface_destroy(png);
    return NULL;
  }
  /* Flatten any transparency onto white, as a print would show it. */
  int width = cairo_image_surface_get_width(png), height = cairo_image_surface_get_height(png);
  cairo_surface_t *flat = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create(flat);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_surface(cr, png, 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_flush(flat);
  AnyiFrame *frame = frame_from_cairo(flat);
  cairo_surface_destroy(flat);
  cairo_surface_destroy(png);
  return frame;
}

struct _AnyiPhotoAttempts {
  guint max_tries;
  guint tries;
  AnyiFrame *best;
  AnyiPhotoVerdict best_verdict;
};

AnyiPhotoAttempts *
anyi_photo_attempts_new(guint max_tries)
{
  AnyiPhotoAttempts *attempts = g_new0(AnyiPhotoAttempts, 1);
  attempts->max_tries = MAX(1u, max_tries);
  return attempts;
}

void
anyi_photo_attempts_free(AnyiPhotoAttempts *attempts)
{
  g_clear_pointer(&attempts->best, anyi_frame_unref);
  g_free(attempts);
}

gboolean
anyi_photo_attempts_add(AnyiPhotoAttempts *attempts, const AnyiFrame *frame,
                        const AnyiPhotoVerdict *verdict)
{
  attempts->tries++;
  if (!attempts->best || verdict->score > attempts->best_verdict.score) {
    g_clear_pointer(&attempts->best, anyi_frame_unref);
    attempts->best = anyi_frame_ref((AnyiFrame *)frame);
    attempts->best_verdict = *verdict;
  }
  return !verdict->ok && attempts->tries >= attempts->max_tries;
}

guint
anyi_photo_attempts_get_tries(const AnyiPhotoAttempts *attempts)
{
  return attempts->tries;
}

AnyiFrame *
anyi_photo_attempts_get_best(const AnyiPhotoAttempts *attempts, AnyiPhotoVerdict *verdict)
{
  if (!attempts->best)
    return NULL;
  if (verdict)
    *verdict = attempts->best_verdict;
  return anyi_frame_ref(attempts->best);
}
