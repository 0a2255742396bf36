/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-private.h: parsing of one service or category file. */
#pragma once

#include "catalogue-reader-private.h"

G_BEGIN_DECLS

/* Reads and checks one service file; never NULL. Problems go to @ctx. The
 * category is left NULL (the catalogue resolves it across files), and so is
 * @category_id's target: *category_id is the name written in the file. */
AnyiService *anyi_service_parse(AnyiLoadCtx *ctx, JsonNode *root, const char **category_id);
void anyi_service_free(AnyiService *service);

/* Reads categories.json; returns an array of AnyiCategory (owned by the
 * caller) with *n_out entries. */
AnyiCategory *anyi_categories_parse(AnyiLoadCtx *ctx, JsonNode *root, guint *n_out);

G_END_DECLS
