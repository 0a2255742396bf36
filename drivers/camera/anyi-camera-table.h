/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-camera-table.h: which camera plays which role (face camera,
 * document camera), from assets/devices/cameras.json, so a hall adds a
 * camera model without a rebuild. An entry matches by VID:PID, by a
 * product-string fragment, or both; the file is validated when loaded. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_CAMERA_ROLE_FACE,
  ANYI_CAMERA_ROLE_DOCUMENT,
} AnyiCameraRole;

const char *anyi_camera_role_to_string(AnyiCameraRole role);
gboolean anyi_camera_role_from_string(const char *name, AnyiCameraRole *role);

typedef struct _AnyiCameraTable AnyiCameraTable;

AnyiCameraTable *anyi_camera_table_load(const char *path, GError **error);
/* $ANYI_ASSETS_DIR/devices/cameras.json, or the compiled-in assets. */
AnyiCameraTable *anyi_camera_table_load_default(GError **error);
AnyiCameraTable *anyi_camera_table_ref(AnyiCameraTable *table);
void anyi_camera_table_unref(AnyiCameraTable *table);

/* TRUE if an entry matches; the first match decides the role. */
gboolean anyi_camera_table_match(const AnyiCameraTable *table, guint16 vendor_id,
                                 guint16 product_id, const char *product, AnyiCameraRole *role);
/* TRUE if telling this device's role needs its product string. */
gboolean anyi_camera_table_needs_product(const AnyiCameraTable *table, guint16 vendor_id,
                                         guint16 product_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiCameraTable, anyi_camera_table_unref)

G_END_DECLS
