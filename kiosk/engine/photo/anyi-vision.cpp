/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-vision.cpp: OpenCV behind anyi-vision.h. C++ only here, because
 * OpenCV 4 has no C API any more; no exception crosses into C. */
#include "anyi-vision.h"

#include <gio/gio.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <vector>

struct _AnyiFaceFinder {
  cv::CascadeClassifier faces;
  cv::CascadeClassifier eyes;
};

static bool
load_cascade(cv::CascadeClassifier &cascade, const char *dir, const char *name, GError **error)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  try {
    if (cascade.load(path))
      return true;
  } catch (const cv::Exception &e) {
    g_warning("photo: cascade %s: %s", path, e.what());
  }
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
              "face detection data %s is missing (package opencv-data)", path);
  return false;
}

AnyiFaceFinder *
anyi_face_finder_new(const char *cascade_dir, GError **error)
{
  auto *finder = new AnyiFaceFinder();
  if (!load_cascade(finder->faces, cascade_dir, "haarcascade_frontalface_default.xml", error) ||
      !load_cascade(finder->eyes, cascade_dir, "haarcascade_eye.xml", error)) {
    delete finder;
    return nullptr;
  }
  return finder;
}

void
anyi_face_finder_free(AnyiFaceFinder *finder)
{
  delete finder;
}

static cv::Mat
wrap_gray(const guint8 *gray, int width, int height)
{
  return cv::Mat(height, width, CV_8UC1, const_cast<guint8 *>(gray), (size_t)width);
}

static guint
copy_rects(std::vector<cv::Rect> &found, AnyiRect *out, guint max)
{
  guint n = std::min<guint>((guint)found.size(), max);
  for (guint i = 0; i < n; i++)
    out[i] = AnyiRect{found[i].x, found[i].y, found[i].width, found[i].height};
  return (guint)found.size();
}

guint
anyi_face_finder_find_faces(AnyiFaceFinder *finder, const guint8 *gray, int width, int height,
                            int min_size, AnyiRect *faces, guint max_faces)
{
  std::vector<cv::Rect> found;
  /* No histogram equalisation here: on a white screen it squeezes the face
   * into a few dark levels and the cascade misses it. */
  try {
    finder->faces.detectMultiScale(wrap_gray(gray, width, height), found, 1.1, 5, 0,
                                   cv::Size(min_size, min_size));
  } catch (const cv::Exception &e) {
    g_warning("photo: face detection failed: %s", e.what());
    return 0;
  }
  std::sort(found.begin(), found.end(),
            [](const cv::Rect &a, const cv::Rect &b) { return a.area() > b.area(); });
  return copy_rects(found, faces, max_faces);
}

guint
anyi_face_finder_find_eyes(AnyiFaceFinder *finder, const guint8 *gray, int width, int height,
                           const AnyiRect *face, AnyiRect *eyes, guint max_eyes)
{
  cv::Rect upper(face->x, face->y + face->height / 8, face->width, face->height / 2);
  upper &= cv::Rect(0, 0, width, height);
  std::vector<cv::Rect> found;
  if (upper.empty())
    return 0;
  /* Eyes are looked for in the face brought to EYE_FACE_WIDTH px: a big
   * face at full resolution costs ten times more for the same answer. */
  const int EYE_FACE_WIDTH = 150;
  double scale = std::min(1.0, (double)EYE_FACE_WIDTH / face->width);
  try {
    cv::Mat region;
    cv::resize(wrap_gray(gray, width, height)(upper), region, cv::Size(), scale, scale,
               cv::INTER_AREA);
    cv::equalizeHist(region, region);
    int face_px = (int)(face->width * scale);
    int min_eye = std::max(8, face_px / 8);
    finder->eyes.detectMultiScale(region, found, 1.1, 4, 0, cv::Size(min_eye, min_eye),
                                  cv::Size(face_px / 2, face_px / 2));
  } catch (const cv::Exception &e) {
    g_warning("photo: eye detection failed: %s", e.what());
    return 0;
  }
  for (auto &r : found)
    r = cv::Rect((int)(r.x / scale), (int)(r.y / scale), (int)(r.width / scale),
                 (int)(r.height / scale)) +
        upper.tl();
  /* Two biggest, then left to right. */
  std::sort(found.begin(), found.end(),
            [](const cv::Rect &a, const cv::Rect &b) { return a.area() > b.area(); });
  if (found.size() > 2)
    found.resize(2);
  std::sort(found.begin(), found.end(),
            [](const cv::Rect &a, const cv::Rect &b) { return a.x < b.x; });
  return copy_rects(found, eyes, max_eyes);
}

double
anyi_vision_sharpness(const guint8 *gray, int width, int height, const AnyiRect *area)
{
  cv::Rect r(area->x, area->y, area->width, area->height);
  r &= cv::Rect(0, 0, width, height);
  if (r.width < 8 || r.height < 8)
    return 0;
  /* Compare pictures at one scale: a face 600 px wide shows less detail
   * per pixel than the same face 150 px wide. */
  cv::Mat region, lap;
  cv::resize(wrap_gray(gray, width, height)(r), region, cv::Size(96, 96 * r.height / r.width), 0, 0,
             cv::INTER_AREA);
  cv::Laplacian(region, lap, CV_32F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(lap, mean, stddev);
  return stddev[0] * stddev[0];
}

static cv::Mat
wrap_frame(const AnyiFrame *frame)
{
  return cv::Mat(frame->height, frame->width, CV_8UC3,
                 const_cast<guint8 *>(anyi_frame_get_data(frame)), (size_t)frame->stride);
}

static AnyiFrame *
frame_from_mat(const cv::Mat &mat)
{
  gsize size = mat.total() * mat.elemSize();
  GBytes *bytes = g_bytes_new(mat.data, size);
  AnyiFrame *frame = anyi_frame_new(bytes, mat.cols, mat.rows, mat.cols * 3);
  g_bytes_unref(bytes);
  return frame;
}

AnyiFrame *
anyi_vision_crop_scale(const AnyiFrame *frame, const AnyiRect *area, int out_width, int out_height)
{
  cv::Rect r(area->x, area->y, area->width, area->height);
  if ((r & cv::Rect(0, 0, frame->width, frame->height)) != r || r.empty())
    return nullptr;
  cv::Mat out;
  int interpolation = r.width > out_width ? cv::INTER_AREA : cv::INTER_LINEAR;
  cv::resize(wrap_frame(frame)(r), out, cv::Size(out_width, out_height), 0, 0, interpolation);
  return frame_from_mat(out);
}

/* Orders four points: top-left, top-right, bottom-right, bottom-left. */
static void
order_corners(const std::vector<cv::Point> &quad, double scale, double corners[8])
{
  std::vector<cv::Point2f> p(quad.begin(), quad.end());
  auto by_sum = [](const cv::Point2f &a, const cv::Point2f &b) { return a.x + a.y < b.x + b.y; };
  auto by_diff = [](const cv::Point2f &a, const cv::Point2f &b) { return a.x - a.y < b.x - b.y; };
  cv::Point2f tl = *std::min_element(p.begin(), p.end(), by_sum);
  cv::Point2f br = *std::max_element(p.begin(), p.end(), by_sum);
  cv::Point2f bl = *std::min_element(p.begin(), p.end(), by_diff);
  cv::Point2f tr = *std::max_element(p.begin(), p.end(), by_diff);
  const cv::Point2f ordered[4] = {tl, tr, br, bl};
  for (int i = 0; i < 4; i++) {
    corners[2 * i] = ordered[i].x * scale;
    corners[2 * i + 1] = ordered[i].y * scale;
  }
}

static bool
largest_quad(const cv::Mat &edges, double min_area, std::vector<cv::Point> &best)
{
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(edges, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  double best_area = min_area;
  for (const auto &contour : contours) {
    std::vector<cv::Point> approx;
    cv::approxPolyDP(contour, approx, 0.02 * cv::arcLength(contour, true), true);
    double area = std::fabs(cv::contourArea(approx));
    if (approx.size() == 4 && cv::isContourConvex(approx) && area > best_area) {
      best_area = area;
      best = approx;
    }
  }
  return !best.empty();
}

gboolean
anyi_vision_find_page(const AnyiFrame *frame, double corners[8])
{
  try {
    /* Work on ~800 px: enough for a page's edges, quick at 1080p. */
    double scale = std::max(1.0, std::max(frame->width, frame->height) / 800.0);
    cv::Mat small, gray, edges;
    cv::resize(wrap_frame(frame), small, cv::Size(), 1 / scale, 1 / scale, cv::INTER_AREA);
    cv::cvtColor(small, gray, cv::COLOR_RGB2GRAY);
    cv::GaussianBlur(gray, gray, cv::Size(5, 5), 0);
    cv::Canny(gray, edges, 50, 150);
    cv::dilate(edges, edges, cv::Mat(), cv::Point(-1, -1), 2);
    std::vector<cv::Point> quad;
    if (!largest_quad(edges, 0.15 * small.total(), quad))
      return FALSE;
    order_corners(quad, scale, corners);
    return TRUE;
  } catch (const cv::Exception &e) {
    g_warning("document: page detection failed: %s", e.what());
    return FALSE;
  }
}

AnyiFrame *
anyi_vision_warp_page(const AnyiFrame *frame, const double corners[8], int out_width,
                      int out_height)
{
  cv::Point2f src[4], dst[4] = {{0, 0},
                                {(float)out_width - 1, 0},
                                {(float)out_width - 1, (float)out_height - 1},
                                {0, (float)out_height - 1}};
  for (int i = 0; i < 4; i++)
    src[i] = cv::Point2f((float)corners[2 * i], (float)corners[2 * i + 1]);
  try {
    cv::Mat out;
    cv::warpPerspective(wrap_frame(frame), out, cv::getPerspectiveTransform(src, dst),
                        cv::Size(out_width, out_height), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return frame_from_mat(out);
  } catch (const cv::Exception &e) {
    g_warning("document: straightening failed: %s", e.what());
    return nullptr;
  }
}
