/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-search.h: finding a service from what a citizen types at the
 * menu's search, in the ways a citizen types it:
 *
 *   - Chinese, typed or handwritten: part of a title or of a keyword;
 *   - pinyin, by initials ("sfz"), in full ("shenfenzheng") or mixed
 *     ("shenfz"), the last syllable possibly unfinished, from any
 *     character of a title on; readings from Debian's luna_pinyin
 *     dictionary, the ones weighed 0% left out (as anyi-initials does);
 *   - English, in any case, each word a prefix of a title's word in any
 *     order, a missing space or hyphen tolerated ("id card", "ID-card",
 *     "idcard" all find "ID card renewal").
 *
 * Beside the titles, assets/texts/search-words.json gives the hall's
 * keywords for its services (居民身份证, hukou...) and the things a citizen
 * asks for that this hall cannot do (a passport), each with where to go:
 * such a query gets that answer rather than nothing.
 *
 * Hits point into the index: they stay valid while it lives. */
#pragma once

#include "catalogue.h"

G_BEGIN_DECLS

/* Longest query read, in bytes; the rest is ignored. */
#define ANYI_SEARCH_MAX_QUERY 64

typedef struct _AnyiServiceSearch AnyiServiceSearch;

typedef struct {
  const char *service_id; /* NULL: an answer that this hall cannot do it */
  const AnyiText *answer; /* for those: where to go instead; else NULL */
  int score;              /* higher is closer: a title before a keyword */
} AnyiSearchHit;

/* The hall's words file: $ANYI_ASSETS_DIR/texts/search-words.json. */
char *anyi_service_search_default_words(void);

/* An index of @catalogue's titles (both languages), with the keywords and
 * answers of @words_path (NULL: none) and the pinyin readings of
 * @dict_path (NULL, or a dictionary that cannot be read: no pinyin, said
 * in the log). NULL with @error when the words file is broken: unreadable,
 * too large, or naming a service the catalogue lacks. */
AnyiServiceSearch *anyi_service_search_new(AnyiCatalogue *catalogue, const char *dict_path,
                                           const char *words_path, GError **error);
void anyi_service_search_free(AnyiServiceSearch *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiServiceSearch, anyi_service_search_free)

/* Whether pinyin readings were loaded. */
gboolean anyi_service_search_has_pinyin(AnyiServiceSearch *self);

/* What @query finds: AnyiSearchHit, best first (ties in catalogue order),
 * each service once; empty when nothing matches. */
GPtrArray *anyi_service_search_find(AnyiServiceSearch *self, const char *query);

G_END_DECLS
