/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-preview.c */
#include "kiosk-preview.h"

#define PREVIEW_MIN_INTERVAL_US (45 * 1000)

gboolean
kiosk_preview_show_frame(GtkPicture *picture, AnyiFrame *frame, gint64 *last_shown_at)
{
  gint64 now = g_get_monotonic_time();
  g_autoptr(GdkTexture) texture = NULL;

  if (now - *last_shown_at < PREVIEW_MIN_INTERVAL_US)
    return FALSE;
  *last_shown_at = now;
  texture = kiosk_preview_texture_new(frame);
  gtk_picture_set_paintable(picture, GDK_PAINTABLE(texture));
  return TRUE;
}

GdkTexture *
kiosk_preview_texture_new(AnyiFrame *frame)
{
  /* Both wrap the frame's GBytes, which the texture keeps alive. */
  if (frame->preview)
    return gdk_memory_texture_new(frame->preview_width, frame->preview_height, GDK_MEMORY_DEFAULT,
                                  frame->preview, (gsize)frame->preview_stride);
  return gdk_memory_texture_new(frame->width, frame->height, GDK_MEMORY_R8G8B8, frame->pixels,
                                (gsize)frame->stride);
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
