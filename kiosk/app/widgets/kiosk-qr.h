/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-qr.h: a QR code as a texture for the screen (libqrencode). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* @text encoded at error level M with a 4-module quiet zone, drawn with
 * whole pixels per module to about @target_pixels a side: a phone camera
 * reads sharp module edges, which scaling on screen would blur. NULL when
 * @text is empty or too long to encode. */
GdkTexture *kiosk_qr_texture_new(const char *text, int target_pixels);

G_END_DECLS
