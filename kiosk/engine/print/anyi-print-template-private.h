/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-print-template-private.h: a loaded template, shared by the loader and
 * the renderer. */
#pragma once

#include <pango/pango.h>

#include "anyi-print-template.h"

G_BEGIN_DECLS

#define ANYI_MM (72.0 / 25.4) /* points per millimetre */

typedef enum {
  ANYI_BLOCK_HEADING,
  ANYI_BLOCK_TEXT,
  ANYI_BLOCK_ROWS,
  ANYI_BLOCK_LIST,
  ANYI_BLOCK_QR,
  ANYI_BLOCK_RULE,
  ANYI_BLOCK_SPACE,
  ANYI_BLOCK_FOOTER,
} AnyiBlockKind;

typedef struct {
  char *key;
  char *value;
  char *when;
} AnyiRow;

typedef struct {
  AnyiBlockKind kind;
  char *when;    /* data path: the block prints only when it holds something */
  char *text;    /* heading, text, footer; list: the item; qr: the encoded data */
  char *items;   /* list: data path of the array */
  char *empty;   /* list: printed when the array is empty or absent */
  char *caption; /* qr */
  GPtrArray *rows;
  double size;        /* pt */
  double space_after; /* mm */
  double length;      /* mm: rows key width, qr size, space height */
  PangoAlignment align;
  gboolean bold, serif, muted, frame, numbered, dashed;
} AnyiBlock;

struct _AnyiPrintTemplate {
  GObject parent_instance;
  char *name;
  char *path;
  char *title;
  AnyiPageKind page_kind;
  double margin; /* mm */
  char *family;
  char *serif_family;
  double body_size; /* pt */
  GPtrArray *blocks;
};

G_END_DECLS
