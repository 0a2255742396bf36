/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-camera-view.c */
#include "kiosk-camera-view.h"
#include "kiosk-preview.h"

/* A camera that has sent nothing by then is not coming: the citizen is
 * told, rather than left before an empty picture. */
#define NO_CAMERA_GRACE_MS 3000

struct _KioskCameraView {
  GtkWidget parent_instance;
  GtkWidget *overlay; /* bound for gtk_widget_dispose_template to unparent */
  GtkPicture *picture;
  GtkDrawingArea *guide;

  AnyiCamera *camera;
  gulong frame_handler, state_handler, lost_handler;
  guint no_camera_timer;
  KioskCameraGuide guide_path;
  gint64 last_shown_at; /* monotonic time of the last frame painted */
  guint frames_shown;
  int frame_width, frame_height;
  int preview_width, preview_height; /* the preview size asked of the camera */
  cairo_surface_t *guide_image;      /* the guide stroked once; NULL: redraw it */
};

G_DEFINE_FINAL_TYPE(KioskCameraView, kiosk_camera_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ALTERNATIVE_TEXT, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SIGNAL_CAMERA_LOST, SIGNAL_CAMERA_READY, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- the guide ---- */

/* Strokes the guide where the frame is shown in a width x height area. */
static void
stroke_guide(KioskCameraView *self, cairo_t *cr, int width, int height)
{
  /* where the picture shows the frame: scaled to fit, centred */
  double scale = MIN((double)width / self->frame_width, (double)height / self->frame_height);
  cairo_translate(cr, (width - self->frame_width * scale) / 2,
                  (height - self->frame_height * scale) / 2);
  cairo_scale(cr, scale, scale);
  self->guide_path(cr, self->frame_width, self->frame_height);
  /* lines as wide at any scale: blue under white shows on a dark or a light picture */
  cairo_identity_matrix(cr);
  cairo_set_line_width(cr, 9);
  cairo_set_source_rgba(cr, 0.04, 0.29, 0.56, 0.8);
  cairo_stroke_preserve(cr);
  cairo_set_line_width(cr, 4);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.95);
  cairo_stroke(cr);
}

static void
forget_guide_image(KioskCameraView *self)
{
  g_clear_pointer(&self->guide_image, cairo_surface_destroy);
}

/* Every new camera frame repaints the picture, and the guide over it: the
 * guide is stroked once into an image and only composited afterwards, as
 * stroking its curves again cost the main loop several ms a frame. */
static void
draw_guide(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  KioskCameraView *self = data;
  int scale = gtk_widget_get_scale_factor(GTK_WIDGET(area));
  if (!self->guide_path || self->frame_width <= 0 || self->frame_height <= 0)
    return;
  if (self->guide_image && (cairo_image_surface_get_width(self->guide_image) != width * scale ||
                            cairo_image_surface_get_height(self->guide_image) != height * scale))
    forget_guide_image(self);
  if (!self->guide_image) {
    self->guide_image =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width * scale, height * scale);
    cairo_surface_set_device_scale(self->guide_image, scale, scale);
    cairo_t *image_cr = cairo_create(self->guide_image);
    stroke_guide(self, image_cr, width, height);
    cairo_destroy(image_cr);
  }
  cairo_set_source_surface(cr, self->guide_image, 0, 0);
  cairo_paint(cr);
}

/* ---- the camera ---- */

static void
on_frame(AnyiCamera *camera, AnyiFrame *frame, KioskCameraView *self)
{
  /* the picture's size may have changed since the last frame */
  kiosk_preview_fit_camera(self->picture, camera, &self->preview_width, &self->preview_height);
  if (!gtk_widget_get_visible(GTK_WIDGET(self)) ||
      !kiosk_preview_show_frame(self->picture, frame, &self->last_shown_at))
    return;
  self->frames_shown++;
  if (frame->width != self->frame_width || frame->height != self->frame_height) {
    self->frame_width = frame->width;
    self->frame_height = frame->height;
    forget_guide_image(self);
    gtk_widget_queue_draw(GTK_WIDGET(self->guide));
  }
}

static void
lose_camera(KioskCameraView *self)
{
  gtk_picture_set_paintable(self->picture, NULL);
  g_signal_emit(self, signals[SIGNAL_CAMERA_LOST], 0);
}

static gboolean
on_no_camera_timeout(gpointer data)
{
  KioskCameraView *self = data;
  self->no_camera_timer = 0;
  if (!kiosk_camera_view_is_streaming(self))
    lose_camera(self);
  return G_SOURCE_REMOVE;
}

static void
on_device_lost(AnyiCamera *camera, KioskCameraView *self)
{
  (void)camera;
  lose_camera(self);
}

static void
on_camera_state(AnyiCamera *camera, GParamSpec *pspec, KioskCameraView *self)
{
  (void)pspec;
  if (anyi_camera_get_state(camera) == ANYI_CAMERA_STREAMING)
    g_signal_emit(self, signals[SIGNAL_CAMERA_READY], 0);
}

/* ---- public ---- */

void
kiosk_camera_view_start(KioskCameraView *self, AnyiCamera *camera)
{
  g_return_if_fail(KIOSK_IS_CAMERA_VIEW(self));
  g_return_if_fail(ANYI_IS_CAMERA(camera));
  kiosk_camera_view_stop(self);
  self->camera = g_object_ref(camera);
  self->frame_handler = g_signal_connect(camera, "frame", G_CALLBACK(on_frame), self);
  self->lost_handler = g_signal_connect(camera, "device-lost", G_CALLBACK(on_device_lost), self);
  self->state_handler =
      g_signal_connect(camera, "notify::state", G_CALLBACK(on_camera_state), self);
  self->preview_width = self->preview_height = 0;
  kiosk_preview_fit_camera(self->picture, camera, &self->preview_width, &self->preview_height);
  anyi_camera_start(camera);
  self->no_camera_timer = g_timeout_add(NO_CAMERA_GRACE_MS, on_no_camera_timeout, self);
}

void
kiosk_camera_view_stop(KioskCameraView *self)
{
  g_return_if_fail(KIOSK_IS_CAMERA_VIEW(self));
  g_clear_handle_id(&self->no_camera_timer, g_source_remove);
  if (self->camera) {
    g_clear_signal_handler(&self->frame_handler, self->camera);
    g_clear_signal_handler(&self->lost_handler, self->camera);
    g_clear_signal_handler(&self->state_handler, self->camera);
    anyi_camera_set_preview_size(self->camera, 0, 0);
    anyi_camera_stop(self->camera);
  }
  g_clear_object(&self->camera);
  gtk_picture_set_paintable(self->picture, NULL);
}

gboolean
kiosk_camera_view_is_streaming(KioskCameraView *self)
{
  g_return_val_if_fail(KIOSK_IS_CAMERA_VIEW(self), FALSE);
  return self->camera && anyi_camera_get_state(self->camera) == ANYI_CAMERA_STREAMING;
}

AnyiFrame *
kiosk_camera_view_get_latest_frame(KioskCameraView *self)
{
  g_return_val_if_fail(KIOSK_IS_CAMERA_VIEW(self), NULL);
  if (!kiosk_camera_view_is_streaming(self))
    return NULL;
  return anyi_camera_get_latest_frame(self->camera);
}

void
kiosk_camera_view_set_guide(KioskCameraView *self, KioskCameraGuide guide)
{
  g_return_if_fail(KIOSK_IS_CAMERA_VIEW(self));
  self->guide_path = guide;
  forget_guide_image(self);
  gtk_widget_queue_draw(GTK_WIDGET(self->guide));
}

guint
kiosk_camera_view_get_frames_shown(KioskCameraView *self)
{
  g_return_val_if_fail(KIOSK_IS_CAMERA_VIEW(self), 0);
  return self->frames_shown;
}

/* ---- GObject ---- */

static void
kiosk_camera_view_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  KioskCameraView *self = KIOSK_CAMERA_VIEW(object);

  switch (id) {
  case PROP_ALTERNATIVE_TEXT:
    g_value_set_string(value, gtk_picture_get_alternative_text(self->picture));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void
kiosk_camera_view_set_property(GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  KioskCameraView *self = KIOSK_CAMERA_VIEW(object);

  switch (id) {
  case PROP_ALTERNATIVE_TEXT:
    gtk_picture_set_alternative_text(self->picture, g_value_get_string(value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void
kiosk_camera_view_dispose(GObject *object)
{
  KioskCameraView *self = KIOSK_CAMERA_VIEW(object);

  if (self->camera)
    kiosk_camera_view_stop(self);
  forget_guide_image(self);
  gtk_widget_dispose_template(GTK_WIDGET(self), KIOSK_TYPE_CAMERA_VIEW);
  G_OBJECT_CLASS(kiosk_camera_view_parent_class)->dispose(object);
}

static void
kiosk_camera_view_class_init(KioskCameraViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  GType type = G_TYPE_FROM_CLASS(klass);

  object_class->get_property = kiosk_camera_view_get_property;
  object_class->set_property = kiosk_camera_view_set_property;
  object_class->dispose = kiosk_camera_view_dispose;
  props[PROP_ALTERNATIVE_TEXT] = g_param_spec_string("alternative-text", NULL, NULL, NULL,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, props);
  signals[SIGNAL_CAMERA_LOST] =
      g_signal_new("camera-lost", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CAMERA_READY] =
      g_signal_new("camera-ready", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/widgets/kiosk-camera-view.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskCameraView, overlay);
  gtk_widget_class_bind_template_child(widget_class, KioskCameraView, picture);
  gtk_widget_class_bind_template_child(widget_class, KioskCameraView, guide);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_camera_view_init(KioskCameraView *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  /* a 16:9 camera's frame until the first frame says otherwise */
  self->frame_width = 1280;
  self->frame_height = 720;
  gtk_drawing_area_set_draw_func(self->guide, draw_guide, self, NULL);
}
