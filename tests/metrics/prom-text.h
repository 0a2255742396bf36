/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prom-text.h: a strict reader of the Prometheus text exposition format
 * (version 0.0.4), for the tests: what node_exporter's textfile collector
 * would refuse, it refuses too. */
#pragma once

#include <gio/gio.h>

/* The samples of @text, "name{labels}" as written -> double *; NULL with
 * @error naming the line when the text breaks the format: a sample before
 * its family's TYPE, a family split or typed twice, a type other than
 * counter or gauge, a counter not named *_total, a bad name, label or
 * value, a series twice, no final newline. */
GHashTable *prom_text_parse(const char *text, GError **error);
/* The value of @series, failing the test when it is not there. */
double prom_text_value(GHashTable *samples, const char *series);
