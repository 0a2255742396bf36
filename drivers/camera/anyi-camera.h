/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-camera.h: a camera in a role (face, document), streaming on its own
 * thread and handing decoded RGB frames to the thread that started it.
 *
 * Latest frame wins: while the UI has not taken a frame, a newer one
 * replaces it, so a slow main loop never builds a queue. The camera finds
 * its device by role (cameras.json), picks the best MJPEG or YUY2 mode up
 * to the size asked for (1920x1080 by default), and when the device is
 * unplugged it says so ("device-lost", state SEARCHING) and picks it up
 * again when it comes back.
 *
 * Every frame handed out is whole and from a settled stream: a frame that
 * lost a payload on the bus or does not decode cleanly is dropped, and so
 * are the first ANYI_CAMERA_SETTLING_FRAMES of each stream, dark while
 * the exposure settles. The preview, the live checks and a capture all
 * see the same pictures, and a capture never keeps a partly decoded one
 * or one taken before the camera had settled.
 *
 * For a GTK preview, ask for frames scaled to the picture's size and
 * wrap their preview bytes (no copy, no conversion when painted):
 *   anyi_camera_set_preview_size(camera, 880, 495);
 *   g_signal_connect(camera, "frame", G_CALLBACK(on_frame), picture);
 *   static void on_frame(AnyiCamera *c, AnyiFrame *f, GtkPicture *p) {
 *     g_autoptr(GdkTexture) t = gdk_memory_texture_new(f->preview_width,
 *         f->preview_height, GDK_MEMORY_DEFAULT, f->preview, f->preview_stride);
 *     gtk_picture_set_paintable(p, GDK_PAINTABLE(t));
 *   } */
#pragma once

#include "anyi-camera-table.h"
#include "anyi-frame.h"
#include "anyi-uvc-proto.h"

#include <glib-object.h>

G_BEGIN_DECLS

/* Frames skipped at the start of each stream. */
#define ANYI_CAMERA_SETTLING_FRAMES 3

typedef enum {
  ANYI_CAMERA_STOPPED,   /* not started, or stopped */
  ANYI_CAMERA_SEARCHING, /* no device for the role is plugged in (or it was pulled) */
  ANYI_CAMERA_STREAMING, /* frames are coming */
} AnyiCameraState;

#define ANYI_TYPE_CAMERA_STATE (anyi_camera_state_get_type())
GType anyi_camera_state_get_type(void);

#define ANYI_TYPE_CAMERA (anyi_camera_get_type())
G_DECLARE_FINAL_TYPE(AnyiCamera, anyi_camera, ANYI, CAMERA, GObject)

AnyiCamera *anyi_camera_new(AnyiCameraRole role, AnyiCameraTable *table);
void anyi_camera_set_max_size(AnyiCamera *self, int width, int height);
/* Each frame handed out from now on also carries frame->preview, scaled
 * on the camera thread to fit width x height (the preview's size in
 * device pixels); 0 x 0 stops that. Callable from any thread, at any time. */
void anyi_camera_set_preview_size(AnyiCamera *self, int width, int height);
/* Starts the camera thread; signals come in the thread-default main
 * context of the caller. */
void anyi_camera_start(AnyiCamera *self);
/* Stops streaming and joins the thread (at most about a second). */
void anyi_camera_stop(AnyiCamera *self);

AnyiCameraRole anyi_camera_get_role(AnyiCamera *self);
AnyiCameraState anyi_camera_get_state(AnyiCamera *self);
/* The mode being streamed; FALSE unless STREAMING. */
gboolean anyi_camera_get_mode(AnyiCamera *self, AnyiUvcMode *mode);
/* "Product (vvvv:pppp)" of the device in use, or NULL. */
char *anyi_camera_dup_device_name(AnyiCamera *self);
/* The last frame handed out by "frame", or NULL: before the stream has
 * settled, and always after a stop. */
AnyiFrame *anyi_camera_get_latest_frame(AnyiCamera *self);

typedef struct {
  guint frames_delivered; /* "frame" emissions */
  guint frames_replaced;  /* decoded but superseded before the UI took them */
  guint frames_damaged;   /* lost on the bus or undecodable */
  guint devices_lost;     /* unplugs seen */
} AnyiCameraStats;
void anyi_camera_get_stats(AnyiCamera *self, AnyiCameraStats *stats);

/* What is plugged in, for the technician (anyictl photo cameras). */
typedef struct {
  guint16 vendor_id, product_id;
  char *product;
  gboolean has_role;
  gboolean role_by_default; /* not in cameras.json: the only camera, so the face */
  AnyiCameraRole role;
  GArray *modes; /* AnyiUvcMode */
  AnyiUvcTransfer transfer;
  GArray *alts;      /* AnyiUvcAltSetting (isochronous) */
  gboolean has_mode; /* the mode its role would stream, and... */
  AnyiUvcMode mode;
  guint alt;     /* ...the alternate setting chosen for it (0: bulk, or not probed) */
  gboolean busy; /* another program (the kiosk) streams from it: not probed */
} AnyiCameraInfo;
void anyi_camera_info_free(AnyiCameraInfo *info);
/* Lists every UVC camera (bulk or isochronous, whatever its VID:PID);
 * NULL with an error if libusb cannot start. */
GPtrArray *anyi_camera_list(const AnyiCameraTable *table, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiCameraInfo, anyi_camera_info_free)

G_END_DECLS
