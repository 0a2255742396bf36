/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-document.h: document capture for the 高拍仪 (document camera): find
 * an A4 page in the frame, straighten and crop it, keep it as a readable
 * JPEG, and read the QR codes and barcodes on it (zbar). */
#pragma once

#include <glib.h>

#include "camera/anyi-frame.h"

G_BEGIN_DECLS

#define ANYI_DOCUMENT_JPEG_QUALITY 85

typedef struct {
  char *symbology; /* "QR-Code", "EAN-13", "CODE-128", ... as zbar names them */
  char *text;
} AnyiDocumentCode;

typedef struct {
  gboolean page_found; /* FALSE: no page edges seen; `page` is the whole frame */
  double corners[8];   /* the page in the frame: TL, TR, BR, BL (x, y) */
  AnyiFrame *page;     /* straightened, A4 proportions when found */
  GBytes *jpeg;        /* `page` as JPEG */
  GPtrArray *codes;    /* AnyiDocumentCode */
} AnyiDocument;

AnyiDocument *anyi_document_capture(const AnyiFrame *frame, GError **error);
void anyi_document_free(AnyiDocument *document);

/* QR codes and barcodes in a picture (zbar). */
GPtrArray *anyi_document_read_codes(const AnyiFrame *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiDocument, anyi_document_free)

G_END_DECLS
