/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-jargon-private.h: the office words a citizen may not know
 * (assets/texts/jargon.json), refused in the texts the kiosk shows. */
#pragma once

#include "catalogue-reader-private.h"

G_BEGIN_DECLS

typedef struct {
  char *word;
  char *plain; /* what to say instead */
} AnyiJargonWord;

/* The list at @path, NULL-free: an unreadable list is a problem in @ctx and
 * an empty list (a checker that silently checks nothing would be worse). */
G_GNUC_INTERNAL GPtrArray *anyi_jargon_load(AnyiLoadCtx *ctx, const char *path);
/* Records a problem at @path for each listed word in @text outside 《…》. */
G_GNUC_INTERNAL void anyi_jargon_check(AnyiLoadCtx *ctx, const char *path, const char *text);

G_END_DECLS
