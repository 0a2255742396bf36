/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-initials.h: finding a service by the pinyin initials of its title
 * ("hkqr" finds 户口迁入).
 *
 * The readings come from Debian's rime-data-luna-pinyin, the same package
 * the pinyin keyboard uses: its luna_pinyin.dict.yaml lists every
 * character with its readings and how often each is used. A reading the
 * dictionary gives 0% (入 read "ri") is left out; a character with several
 * readings in use (约 yue/yao) matches any of their initials, so a citizen
 * who guesses either finds the service. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AnyiInitials AnyiInitials;

/* Longest query kept: a title's initials, with room to spare. */
#define ANYI_INITIALS_MAX_QUERY 16

/* $ANYI_PINYIN_DICT, else Debian's luna_pinyin.dict.yaml. */
const char *anyi_initials_default_dict(void);

/* One reading of @c in the dictionary: @syllable as written there. */
typedef void (*AnyiPinyinReadingFunc)(gunichar c, const char *syllable, gpointer data);

/* Reads the dictionary at @dict_path (lines "户\thu" or "入\tru\t100%")
 * and calls @reading for every reading of a character in @wanted (a set of
 * gunichar) that somebody uses (not weighted 0 %). Over-long lines are
 * phrases or damage and are skipped. FALSE with @error if it cannot be read. */
gboolean anyi_pinyin_dict_read(const char *dict_path, GHashTable *wanted,
                               AnyiPinyinReadingFunc reading, gpointer data, GError **error);

/* Reads the readings of the characters in @wanted (every title to be
 * searched, one string) from @dict_path; characters not in @wanted are
 * skipped, so memory stays that of the titles. */
AnyiInitials *anyi_initials_load(const char *dict_path, const char *wanted, GError **error);
void anyi_initials_free(AnyiInitials *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiInitials, anyi_initials_free)

/* TRUE when @query (latin letters, any case; other characters are ignored)
 * spells the initials of consecutive characters of @title, from any
 * character on; or when @query, as written, is part of @title. An empty
 * query matches nothing. */
gboolean anyi_initials_match(AnyiInitials *self, const char *title, const char *query);

/* The letters of @query that anyi_initials_match() uses, lower-cased
 * (at most ANYI_INITIALS_MAX_QUERY). */
char *anyi_initials_letters(const char *query);

G_END_DECLS
