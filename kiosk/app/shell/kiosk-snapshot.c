/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-snapshot.c
 *
 * Used by the UI tests and by the headless demo (ANYI_SCREENSHOT_DIR): the
 * picture is rendered by the window's own renderer, so it is exactly what a
 * citizen sees, with no screen grabber involved. */
#include "kiosk-snapshot.h"

#include "kiosk-preview.h"

#include <glib/gstdio.h>

gboolean
kiosk_snapshot_save(GtkWidget *widget, const char *path, GError **error)
{
  int width = gtk_widget_get_width(widget);
  int height = gtk_widget_get_height(widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(widget);
  GtkSnapshot *snapshot = gtk_snapshot_new();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(widget));

  gdk_paintable_snapshot(paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node(snapshot);
  if (!node || !renderer || width <= 0 || height <= 0) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing drawn yet to snapshot");
    return FALSE;
  }
  texture = gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, width, height));
  /* ANYI_SCREENSHOT_DIR may name a folder no one made yet (a fresh build) */
  g_autofree char *dir = g_path_get_dirname(path);
  g_mkdir_with_parents(dir, 0700);
  if (!gdk_texture_save_to_png(texture, path)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
    return FALSE;
  }
  return TRUE;
}

/* A camera page is shown before its camera has sent a picture: a shot of
 * its first frame would show an empty frame where the citizen, a moment
 * later, sees themselves. Such a shot waits for the picture, this long at
 * most (then it shows what is there: an empty frame, or "no camera"). */
#define CAMERA_PICTURE_WAIT_MS 5000

typedef struct {
  GtkWidget *widget;
  char *path;
  gulong handler;
  GtkPicture *waiting_for; /* a camera picture with no frame yet */
  gulong picture_handler, unmap_handler;
  guint timeout;
} PendingSnapshot;

/* Shots waiting for a camera picture, taken at the latest when their page
 * is left (kiosk_snapshot_take_waiting). */
static GList *waiting;

static void watch_frame_clock(PendingSnapshot *pending);

static void
pending_free(PendingSnapshot *pending)
{
  g_object_unref(pending->widget);
  g_free(pending->path);
  g_free(pending);
}

static void
save_now(PendingSnapshot *pending)
{
  g_autoptr(GError) error = NULL;

  if (!kiosk_snapshot_save(pending->widget, pending->path, &error))
    g_warning("snapshot: %s", error->message);
  pending_free(pending);
}

static void
stop_waiting(PendingSnapshot *pending)
{
  g_clear_signal_handler(&pending->picture_handler, pending->waiting_for);
  g_clear_signal_handler(&pending->unmap_handler, pending->waiting_for);
  g_clear_object(&pending->waiting_for);
  g_clear_handle_id(&pending->timeout, g_source_remove);
  waiting = g_list_remove(waiting, pending);
}

/* The picture came, or went off screen (the page shows another step): the
 * next frame drawn is the shot. */
static void
on_picture_changed(GtkWidget *picture, GParamSpec *pspec, PendingSnapshot *pending)
{
  if (pspec && !gtk_picture_get_paintable(GTK_PICTURE(picture)))
    return;
  stop_waiting(pending);
  if (gtk_widget_get_mapped(pending->widget))
    watch_frame_clock(pending);
  else
    pending_free(pending); /* the window is going away */
}

static void
on_picture_unmapped(GtkWidget *picture, PendingSnapshot *pending)
{
  on_picture_changed(picture, NULL, pending);
}

static gboolean
on_wait_over(gpointer data)
{
  PendingSnapshot *pending = data;

  pending->timeout = 0;
  stop_waiting(pending);
  save_now(pending);
  return G_SOURCE_REMOVE;
}

static void
wait_for_picture(PendingSnapshot *pending, GtkPicture *picture)
{
  pending->waiting_for = g_object_ref(picture);
  pending->picture_handler =
      g_signal_connect(picture, "notify::paintable", G_CALLBACK(on_picture_changed), pending);
  pending->unmap_handler =
      g_signal_connect(picture, "unmap", G_CALLBACK(on_picture_unmapped), pending);
  pending->timeout = g_timeout_add(CAMERA_PICTURE_WAIT_MS, on_wait_over, pending);
  waiting = g_list_prepend(waiting, pending);
}

static void
on_after_paint(GdkFrameClock *clock, PendingSnapshot *pending)
{
  GtkPicture *camera_picture = kiosk_preview_find_waiting(pending->widget);

  g_signal_handler_disconnect(clock, pending->handler);
  if (camera_picture)
    wait_for_picture(pending, camera_picture);
  else
    save_now(pending);
}

static void
watch_frame_clock(PendingSnapshot *pending)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock(pending->widget);

  pending->handler = g_signal_connect(clock, "after-paint", G_CALLBACK(on_after_paint), pending);
  gtk_widget_queue_draw(pending->widget);
}

static void
on_realize(GtkWidget *widget, PendingSnapshot *pending)
{
  g_signal_handlers_disconnect_by_func(widget, on_realize, pending);
  watch_frame_clock(pending);
}

void
kiosk_snapshot_after_next_frame(GtkWidget *widget, const char *path)
{
  PendingSnapshot *pending = g_new0(PendingSnapshot, 1);

  pending->widget = g_object_ref(widget);
  pending->path = g_strdup(path);
  /* The first page is chosen before the window is on screen. */
  if (gtk_widget_get_realized(widget))
    watch_frame_clock(pending);
  else
    g_signal_connect(widget, "realize", G_CALLBACK(on_realize), pending);
}

void
kiosk_snapshot_take_waiting(GtkWidget *widget)
{
  for (GList *l = waiting, *next; l; l = next) {
    PendingSnapshot *pending = l->data;

    next = l->next;
    if (pending->widget != widget)
      continue;
    g_debug("snapshot: %s taken as its page is left, before its camera picture came",
            pending->path);
    stop_waiting(pending);
    save_now(pending);
  }
}
