/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-preview.c */
#include "kiosk-preview.h"

#include <math.h>

#define PREVIEW_MIN_INTERVAL_US (45 * 1000)

struct _KioskPreview {
  GObject parent_instance;
  AnyiFrame *frame;
  int width, height;        /* the pixels shown: the preview's, or the frame's */
  cairo_surface_t *surface; /* over the preview's bytes, when painted with cairo */
  GdkTexture *texture;      /* over the same bytes otherwise, made when first painted */
  /* The surface of the preview this one replaced, kept while the render
   * nodes that drew it may still be alive: cairo copies a surface that is
   * destroyed while a recording (a cairo render node) still holds it. */
  cairo_surface_t *replaced_surface;
};

static void kiosk_preview_paintable_init(GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(KioskPreview, kiosk_preview, G_TYPE_OBJECT,
                              G_IMPLEMENT_INTERFACE(GDK_TYPE_PAINTABLE,
                                                    kiosk_preview_paintable_init))

static cairo_user_data_key_t preview_bytes_key;

/* A cairo image over the frame's preview bytes (no copy), or NULL if they
 * are not the whole ARGB32 picture they claim to be. */
static cairo_surface_t *
surface_over_preview(AnyiFrame *frame)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data(frame->preview, &size);
  int width = frame->preview_width, height = frame->preview_height;
  if (width <= 0 || height <= 0 || width > G_MAXINT / 4 ||
      frame->preview_stride != cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width) ||
      size / (gsize)frame->preview_stride < (gsize)height)
    return NULL;
  /* cairo only reads a source's pixels, and the camera never writes a
   * frame's again once it is handed out: the cast drops no promise */
  cairo_surface_t *surface = cairo_image_surface_create_for_data(
      (guint8 *)data, CAIRO_FORMAT_ARGB32, width, height, frame->preview_stride);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return NULL;
  }
  cairo_surface_set_user_data(surface, &preview_bytes_key, g_bytes_ref(frame->preview),
                              (cairo_destroy_func_t)g_bytes_unref);
  return surface;
}

/* A texture over the frame's bytes, no copy: its preview when it has one
 * (GDK_MEMORY_DEFAULT is cairo's ARGB32), else the full RGB picture. */
static GdkTexture *
texture_over_frame(AnyiFrame *frame)
{
  if (frame->preview)
    return gdk_memory_texture_new(frame->preview_width, frame->preview_height, GDK_MEMORY_DEFAULT,
                                  frame->preview, (gsize)frame->preview_stride);
  return gdk_memory_texture_new(frame->width, frame->height, GDK_MEMORY_R8G8B8, frame->pixels,
                                (gsize)frame->stride);
}

KioskPreview *
kiosk_preview_new(AnyiFrame *frame, gboolean for_cairo)
{
  g_return_val_if_fail(frame != NULL, NULL);
  KioskPreview *self = g_object_new(KIOSK_TYPE_PREVIEW, NULL);
  self->frame = anyi_frame_ref(frame);
  self->width = frame->preview ? frame->preview_width : frame->width;
  self->height = frame->preview ? frame->preview_height : frame->height;
  if (for_cairo && frame->preview)
    self->surface = surface_over_preview(frame);
  return self;
}

AnyiFrame *
kiosk_preview_get_frame(KioskPreview *self)
{
  g_return_val_if_fail(KIOSK_IS_PREVIEW(self), NULL);
  return self->frame;
}

static void
paint_surface(KioskPreview *self, GtkSnapshot *snapshot, double width, double height)
{
  cairo_t *cr =
      gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, (float)width, (float)height));
  cairo_scale(cr, width / self->width, height / self->height);
  cairo_set_source_surface(cr, self->surface, 0, 0);
  /* At its own size (the camera scaled it to the picture's) the pixels are
   * copied as they are, even where the picture sits half a pixel off. */
  if (fabs(width - self->width) < 0.5 && fabs(height - self->height) < 0.5)
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint(cr);
  cairo_destroy(cr);
}

static void
kiosk_preview_snapshot(GdkPaintable *paintable, GdkSnapshot *snapshot, double width, double height)
{
  KioskPreview *self = KIOSK_PREVIEW(paintable);
  if (width <= 0 || height <= 0)
    return;
  if (self->surface) {
    paint_surface(self, GTK_SNAPSHOT(snapshot), width, height);
    return;
  }
  if (!self->texture)
    self->texture = texture_over_frame(self->frame);
  gtk_snapshot_append_texture(GTK_SNAPSHOT(snapshot), self->texture,
                              &GRAPHENE_RECT_INIT(0, 0, (float)width, (float)height));
}

static GdkPaintableFlags
kiosk_preview_get_flags(GdkPaintable *paintable)
{
  (void)paintable;
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static int
kiosk_preview_get_intrinsic_width(GdkPaintable *paintable)
{
  return KIOSK_PREVIEW(paintable)->width;
}

static int
kiosk_preview_get_intrinsic_height(GdkPaintable *paintable)
{
  return KIOSK_PREVIEW(paintable)->height;
}

static void
kiosk_preview_paintable_init(GdkPaintableInterface *iface)
{
  iface->snapshot = kiosk_preview_snapshot;
  iface->get_flags = kiosk_preview_get_flags;
  iface->get_intrinsic_width = kiosk_preview_get_intrinsic_width;
  iface->get_intrinsic_height = kiosk_preview_get_intrinsic_height;
}

static void
kiosk_preview_finalize(GObject *object)
{
  KioskPreview *self = KIOSK_PREVIEW(object);
  g_clear_pointer(&self->surface, cairo_surface_destroy);
  g_clear_pointer(&self->replaced_surface, cairo_surface_destroy);
  g_clear_object(&self->texture);
  g_clear_pointer(&self->frame, anyi_frame_unref);
  G_OBJECT_CLASS(kiosk_preview_parent_class)->finalize(object);
}

static void
kiosk_preview_class_init(KioskPreviewClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = kiosk_preview_finalize;
}

static void
kiosk_preview_init(KioskPreview *self)
{
  (void)self;
}

/* ---- a camera picture ---- */

/* GTK's cairo renderer: where GL is software only (the kiosk's choice). */
static gboolean
paints_with_cairo(GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native(widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer(native) : NULL;
  return renderer && GSK_IS_CAIRO_RENDERER(renderer);
}

gboolean
kiosk_preview_show_frame(GtkPicture *picture, AnyiFrame *frame, gint64 *last_shown_at)
{
  gint64 now = g_get_monotonic_time();

  if (now - *last_shown_at < PREVIEW_MIN_INTERVAL_US)
    return FALSE;
  *last_shown_at = now;
  g_autoptr(KioskPreview) preview =
      kiosk_preview_new(frame, paints_with_cairo(GTK_WIDGET(picture)));
  GdkPaintable *shown = gtk_picture_get_paintable(picture);
  /* The picture's last render nodes draw the shown preview's surface until
   * this one has been painted (and GTK has let go of the nodes it diffed
   * against): held here, it ends after them, and never as a 1.7 MB copy. */
  if (KIOSK_IS_PREVIEW(shown) && KIOSK_PREVIEW(shown)->surface)
    preview->replaced_surface = cairo_surface_reference(KIOSK_PREVIEW(shown)->surface);
  gtk_picture_set_paintable(picture, GDK_PAINTABLE(preview));
  return TRUE;
}

void
kiosk_preview_fit_camera(GtkPicture *picture, AnyiCamera *camera, int *told_width, int *told_height)
{
  GtkWidget *widget = GTK_WIDGET(picture);
  int scale = gtk_widget_get_scale_factor(widget);
  int width = gtk_widget_get_width(widget), height = gtk_widget_get_height(widget);
  if (width <= 0 || height <= 0) /* not laid out yet: the size it asks for */
    gtk_widget_get_size_request(widget, &width, &height);
  width *= scale;
  height *= scale;
  if (width <= 0 || height <= 0 || (width == *told_width && height == *told_height))
    return;
  *told_width = width;
  *told_height = height;
  anyi_camera_set_preview_size(camera, width, height);
}

GtkPicture *
kiosk_preview_find_waiting(GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    if (!gtk_widget_get_mapped(child))
      continue;
    if (GTK_IS_PICTURE(child) && gtk_widget_has_css_class(child, "camera-picture") &&
        !gtk_picture_get_paintable(GTK_PICTURE(child)))
      return GTK_PICTURE(child);
    GtkPicture *waiting = kiosk_preview_find_waiting(child);
    if (waiting)
      return waiting;
  }
  return NULL;
}
