/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-words.h: the words staff read for the ids a case carries.
 *
 * The ledger stores ids (idcard-renewal, window-finishes, a material's or
 * a question's id); the console shows the catalogue's titles and the
 * engine's plain-words sentences instead, and falls back to the id when
 * the catalogue does not know it (a service retired since the case). */
#pragma once

#include "catalogue/catalogue.h"

G_BEGIN_DECLS

/* The catalogue the kiosks use (anyi_catalogue_default_dir), or NULL when
 * it cannot be read: the console then shows ids, and logs why once. */
AnyiCatalogue *window_words_load_catalogue(void);

/* The service's title, e.g. 居民身份证换领; @service_id when unknown. */
const char *window_words_service(AnyiCatalogue *catalogue, const char *service_id);
/* Why the kiosk handed the case off, in staff's short words (主要材料不齐,
 * 呼叫工作人员无应答), not the sentence the citizen read; @reason when
 * unknown. */
const char *window_words_reason(const char *reason);
/* A history line's detail: a reason or a service in words, else as it is. */
const char *window_words_detail(AnyiCatalogue *catalogue, const char *detail);
/* The card's sex code (GB/T 2261.1: 1, 2) and a payment's state in words. */
const char *window_words_sex(const char *code);
const char *window_words_payment(const char *state);
/* 等候认领, 办理中, 已结案 for ANYI_LEDGER_STATUS_*. */
const char *window_words_status(const char *status);
/* A history line's event (handoff, claim, note...) in words. */
const char *window_words_event(const char *what);
/* A photo's or a scanned material's name. */
const char *window_words_image(AnyiCatalogue *catalogue, const char *service_id, const char *what);
/* A question's text, a form field's label, and a choice's label. */
const char *window_words_question(AnyiCatalogue *catalogue, const char *service_id,
                                  const char *question_id);
const char *window_words_field(AnyiCatalogue *catalogue, const char *service_id,
                               const char *field_id);
const char *window_words_choice(AnyiCatalogue *catalogue, const char *service_id,
                                const char *field_id, const char *value);

/* A printed document's name as its print template calls it (受理回执,
 * 容缺受理一次性告知书, 窗口引导单); @template_name when the template
 * cannot be read. */
const char *window_words_document(const char *template_name);
/* A ledger's "printed" line ("template (role): state") in words:
 * 受理回执（收据打印机）：已打印. A line of another shape comes back as it is. */
char *window_words_printed(const char *line);

G_END_DECLS
