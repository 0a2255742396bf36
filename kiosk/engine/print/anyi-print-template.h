/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-print-template.h: print layouts kept as JSON data files.
 *
 * A template (print-templates/NAME.json) names a page kind (an 80 mm roll
 * as long as the content, or A4) and a list of blocks: heading, text, rows
 * (key-value), list (repeated over an array of the data), qr, rule, space,
 * footer. Texts hold {{placeholders}} filled from a JSON object; values are
 * always printed as themselves (markup-escaped). A template is validated
 * when loaded, so a hall's edit fails on the technician's screen with the
 * file, field and problem, not on a citizen's receipt. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "anyi-print-error.h"

G_BEGIN_DECLS

typedef enum {
  ANYI_PAGE_ROLL_80MM, /* 80 mm wide, as long as the content */
  ANYI_PAGE_A4,
} AnyiPageKind;

/* Raster pixel types a receipt printer accepts (pwg-raster-document-type). */
typedef enum {
  ANYI_RASTER_BLACK_1, /* 1 bit a pixel, 1 = black: thermal printers */
  ANYI_RASTER_SGRAY_8, /* 8 bits a pixel, 0 = black */
} AnyiRasterType;

#define ANYI_TYPE_PRINT_TEMPLATE (anyi_print_template_get_type())
G_DECLARE_FINAL_TYPE(AnyiPrintTemplate, anyi_print_template, ANYI, PRINT_TEMPLATE, GObject)

/* Loads and validates the template at @path. On error (ANYI_PRINT_ERROR_TEMPLATE)
 * the message names the file, the field (blocks[3].size) and the problem. */
AnyiPrintTemplate *anyi_print_template_load(const char *path, GError **error);

/* Loads NAME.json from $ANYI_TEMPLATES_DIR, or the compiled-in
 * ANYI_TEMPLATES_DIR_DEFAULT. */
AnyiPrintTemplate *anyi_print_template_load_named(const char *name, GError **error);

/* The templates directory in use (environment, else the compiled-in default). */
const char *anyi_print_templates_dir(void);

/* The file name without .json ("receipt"). */
const char *anyi_print_template_get_name(AnyiPrintTemplate *self);
/* The document's name as its file gives it ("受理回执 Receipt"). */
const char *anyi_print_template_get_title(AnyiPrintTemplate *self);
AnyiPageKind anyi_print_template_get_page_kind(AnyiPrintTemplate *self);

/* Renders with @data to PDF written to @out (not closed). Fails with
 * ANYI_PRINT_ERROR_DATA naming the missing value, or _RENDER. Thread-safe:
 * a template is read-only once loaded. */
gboolean anyi_print_template_render_pdf(AnyiPrintTemplate *self, JsonObject *data,
                                        GOutputStream *out, GError **error);

/* The same, into memory or to a file. */
GBytes *anyi_print_template_render_pdf_bytes(AnyiPrintTemplate *self, JsonObject *data,
                                             GError **error);
gboolean anyi_print_template_render_pdf_file(AnyiPrintTemplate *self, JsonObject *data,
                                             const char *path, GError **error);

/* Renders to a PWG raster stream (image/pwg-raster) at @dpi, the format
 * IPP Everywhere receipt printers take, so cupsd passes it through
 * unconverted. */
GBytes *anyi_print_template_render_pwg_raster(AnyiPrintTemplate *self, JsonObject *data, guint dpi,
                                              AnyiRasterType type, GError **error);

G_END_DECLS
