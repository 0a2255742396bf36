/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-photo.h: loads the optional licensed WLT decoder (see
 * anyi-wlt-plugin.h) and turns a card's photo into an RGB image. */
#pragma once

#include "anyi-wlt-plugin.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AnyiIdcardPhotoDecoder AnyiIdcardPhotoDecoder;

AnyiIdcardPhotoDecoder *anyi_idcard_photo_decoder_load(const char *path, GError **error);
/* The decoder named by "photo_decoder" in the device table (a path
 * relative to the table's folder, or absolute). NULL without an error
 * when none is configured: the caller shows a silhouette. */
AnyiIdcardPhotoDecoder *anyi_idcard_photo_decoder_load_configured(const char *device_table_path,
                                                                  GError **error);
void anyi_idcard_photo_decoder_free(AnyiIdcardPhotoDecoder *decoder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiIdcardPhotoDecoder, anyi_idcard_photo_decoder_free)

const char *anyi_idcard_photo_decoder_get_name(AnyiIdcardPhotoDecoder *decoder);
/* ANYI_WLT_RGB_LEN bytes, ANYI_WLT_WIDTH x ANYI_WLT_HEIGHT, 24-bit RGB. */
GBytes *anyi_idcard_photo_decode(AnyiIdcardPhotoDecoder *decoder, GBytes *wlt, GError **error);

G_END_DECLS
