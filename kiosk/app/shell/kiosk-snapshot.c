/* kiosk-snapshot.c
 *
 * Used by the UI tests and by the headless demo (ANYI_SCREENSHOT_DIR): the
 * picture is rendered by the window's own renderer, so it is exactly what a
 * citizen sees, with no screen grabber involved. */
#include "kiosk-snapshot.h"

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
  if (!gdk_texture_save_to_png(texture, path)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
    return FALSE;
  }
  return TRUE;
}

typedef struct {
  GtkWidget *widget;
  char *path;
  gulong handler;
} PendingSnapshot;

static void
on_after_paint(GdkFrameClock *clock, PendingSnapshot *pending)
{
  g_autoptr(GError) error = NULL;

  g_signal_handler_disconnect(clock, pending->handler);
  if (!kiosk_snapshot_save(pending->widget, pending->path, &error))
    g_warning("snapshot: %s", error->message);
  g_object_unref(pending->widget);
  g_free(pending->path);
  g_free(pending);
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
