/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pinyin.h: pinyin to Chinese characters, through librime and Debian's
 * luna_pinyin_simp schema (simplified output).
 *
 * librime keeps one engine per process; AnyiPinyin is a session on it, and
 * the engine is set up with the first session and let go with the last.
 * The schema is compiled once, at build time (anyi_pinyin_deploy, run by
 * anyi-input-deploy), into the kiosk's input data folder; opening a session
 * only reads it. Nothing a citizen types is remembered: the deployed schema
 * has rime's user dictionary turned off, so no word learnt from one citizen
 * is offered to the next. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANYI_PINYIN_ERROR (anyi_pinyin_error_quark())
GQuark anyi_pinyin_error_quark(void);

typedef enum {
  ANYI_PINYIN_ERROR_NO_DATA, /* the schema was not deployed, or its data is missing */
  ANYI_PINYIN_ERROR_ENGINE,  /* librime refused (a session, the schema) */
} AnyiPinyinError;

/* Longest pinyin kept before a choice is made: a long name in full pinyin,
 * and a bound on what each keypress asks of the engine. */
#define ANYI_PINYIN_MAX_INPUT 40

typedef struct _AnyiPinyin AnyiPinyin;

/* The input data folder the kiosk uses: $ANYI_INPUT_DIR, else the one built. */
const char *anyi_pinyin_default_dir(void);

/* Compiles the schema into DIR (created if need be). Slow (seconds): build
 * time only. */
gboolean anyi_pinyin_deploy(const char *dir, GError **error);

AnyiPinyin *anyi_pinyin_open(const char *dir, GError **error);
void anyi_pinyin_free(AnyiPinyin *self);

/* A lower-case letter a-z or the syllable separator '\''; FALSE (and no
 * change) for anything else or past ANYI_PINYIN_MAX_INPUT. */
gboolean anyi_pinyin_type(AnyiPinyin *self, char letter);
/* Takes back the last letter typed (or the last partial choice). */
void anyi_pinyin_backspace(AnyiPinyin *self);
void anyi_pinyin_clear(AnyiPinyin *self);
gboolean anyi_pinyin_is_empty(AnyiPinyin *self);
/* What is being composed, as the citizen should see it ("zhang san"). */
char *anyi_pinyin_dup_preedit(AnyiPinyin *self);
/* Up to MAX candidates, best first (char * each). */
GPtrArray *anyi_pinyin_get_candidates(AnyiPinyin *self, guint max);
/* Chooses candidate INDEX. Returns the text to insert once the whole input
 * is spelt out, or NULL when a part of the pinyin still waits for its own
 * choice (the preedit then shows the characters chosen so far). */
char *anyi_pinyin_choose(AnyiPinyin *self, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiPinyin, anyi_pinyin_free)

G_END_DECLS
