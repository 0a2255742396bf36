/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-service-search.c: the menu's search over the real catalogue of
 * assets/services, its words file assets/texts/search-words.json and
 * Debian's luna_pinyin readings, queried as citizens type: pinyin by
 * initials or in full, Chinese, English in any case and order with or
 * without the space or hyphen, a word the hall cannot serve (a passport),
 * and nonsense, which finds nothing. */
#include "catalogue/catalogue-search.h"
#include "input/anyi-initials.h"

#include <glib/gstdio.h>
#include <string.h>

static AnyiCatalogue *catalogue;

static const char *const idcard_services[] = {
    "idcard-first-application",
    "idcard-pickup",
    "idcard-progress-query",
    "idcard-renewal",
    "idcard-replacement",
    "idcard-temporary",
    NULL,
};

static AnyiServiceSearch *
search_new(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *words = anyi_service_search_default_words();
  AnyiServiceSearch *search =
      anyi_service_search_new(catalogue, anyi_initials_default_dict(), words, &error);

  g_assert_no_error(error);
  g_assert_nonnull(search);
  return search;
}

/* The ids found for @query, "a b c", for messages and comparisons. */
static char *
found(AnyiServiceSearch *search, const char *query)
{
  g_autoptr(GPtrArray) hits = anyi_service_search_find(search, query);
  GString *ids = g_string_new(NULL);

  for (guint i = 0; i < hits->len; i++) {
    const AnyiSearchHit *hit = g_ptr_array_index(hits, i);
    g_string_append_printf(ids, "%s%s", ids->len ? " " : "",
                           hit->service_id ? hit->service_id : "(elsewhere)");
  }
  return g_string_free(ids, FALSE);
}

/* What @query finds, first (@whole false) or all (@whole true). */
static void
expect_found(AnyiServiceSearch *search, const char *query, const char *ids, gboolean whole)
{
  g_autofree char *got = found(search, query);

  if (whole ? !g_str_equal(got, ids) : !g_str_has_prefix(got, ids))
    g_error("\"%s\" found \"%s\", expected %s\"%s\"", query, got, whole ? "" : "first ", ids);
}

static gboolean
has_word(const char *ids, const char *id)
{
  g_auto(GStrv) words = g_strsplit(ids, " ", -1);

  return g_strv_contains((const char *const *)words, id);
}

static void
expect_all(AnyiServiceSearch *search, const char *query, const char *const *ids)
{
  g_autofree char *got = found(search, query);

  for (guint i = 0; ids[i]; i++)
    if (!has_word(got, ids[i]))
      g_error("\"%s\" found \"%s\", not %s", query, got, ids[i]);
}

static void
expect_only_idcard(AnyiServiceSearch *search, const char *query)
{
  g_autofree char *got = found(search, query);
  g_auto(GStrv) ids = g_strsplit(got, " ", -1);

  expect_all(search, query, idcard_services);
  for (guint i = 0; ids[i]; i++)
    if (!g_strv_contains(idcard_services, ids[i]))
      g_error("\"%s\" also found %s (%s)", query, ids[i], got);
}

static gboolean
skip_without_pinyin(AnyiServiceSearch *search)
{
  if (anyi_service_search_has_pinyin(search))
    return FALSE;
  g_test_skip("rime-data-luna-pinyin is not installed");
  return TRUE;
}

/* 身份证 by its initials, in full, mixed, in capitals: the six ID-card services. */
static void
test_pinyin(void)
{
  g_autoptr(AnyiServiceSearch) search = search_new();

  if (skip_without_pinyin(search))
    return;
  expect_only_idcard(search, "sfz");
  expect_only_idcard(search, "shenfenzheng");
  expect_only_idcard(search, "shenfz");
  expect_only_idcard(search, "SFZ");
  expect_only_idcard(search, "shen fen zh"); /* the last syllable unfinished */
  expect_found(search, "hkqr", "household-move-in", FALSE);
  expect_all(search, "huji", (const char *const[]){"household-certificate", NULL});
  /* a keyword's pinyin: 改名 */
  expect_all(search, "gaiming", (const char *const[]){"name-change", NULL});
}

/* Typed or handwritten Chinese: part of a title, or a keyword. */
static void
test_chinese(void)
{
  g_autoptr(AnyiServiceSearch) search = search_new();

  expect_found(search, "迁入", "household-move-in", TRUE);
  expect_only_idcard(search, "身份证");
  expect_only_idcard(search, "居民身份证");
  expect_all(search, "我要办居民身份证", idcard_services);
  expect_all(search, "户口本", (const char *const[]){"household-register-replacement", NULL});
}

/* Case, word order, a missing space or hyphen. */
static void
test_english(void)
{
  g_autoptr(AnyiServiceSearch) search = search_new();
  static const char *const queries[] = {"id card", "ID card",      "ID-card", "idcard",
                                        "Card ID", "  id   CARD ", NULL};

  for (guint i = 0; queries[i]; i++)
    expect_only_idcard(search, queries[i]);
  expect_all(search, "id card renewal", (const char *const[]){"idcard-renewal", NULL});
  expect_found(search, "renewal id", "idcard-renewal", FALSE);
  expect_all(search, "lost id", (const char *const[]){"idcard-replacement", NULL});
  expect_all(search, "criminal record", (const char *const[]){"no-criminal-record", NULL});
  expect_all(search, "nocriminal", (const char *const[]){"no-criminal-record", NULL});
  expect_all(search, "I want a new ID card", idcard_services);
  expect_all(search, "hukou", (const char *const[]){"household-move-in", NULL});
}

/* A passport is not issued in this hall: the answer says where to go. */
static void
test_elsewhere(void)
{
  g_autoptr(AnyiServiceSearch) search = search_new();
  static const char *const queries[] = {"passport", "Passport", "护照", "visa", NULL};

  for (guint i = 0; queries[i]; i++) {
    g_autoptr(GPtrArray) hits = anyi_service_search_find(search, queries[i]);
    const AnyiSearchHit *hit;

    if (hits->len == 0)
      g_error("\"%s\" found nothing", queries[i]);
    hit = g_ptr_array_index(hits, 0);
    g_assert_null(hit->service_id);
    g_assert_nonnull(strstr(hit->answer->zh, "出入境"));
    g_assert_nonnull(strstr(hit->answer->en, "exit-entry"));
  }
  if (anyi_service_search_has_pinyin(search))
    expect_found(search, "huzhao", "(elsewhere)", TRUE);
}

static void
test_nothing(void)
{
  g_autoptr(AnyiServiceSearch) search = search_new();
  static const char *const queries[] = {"xqzv", "qqqqqqq", "zebra", "12345", "", "   ", "—", NULL};
  g_autofree char *long_query = g_strnfill(10000, 'a');

  for (guint i = 0; queries[i]; i++) {
    g_autofree char *got = found(search, queries[i]);
    if (*got)
      g_error("\"%s\" found %s", queries[i], got);
  }
  /* a query far too long is cut, not read to its end */
  g_free(found(search, long_query));
  expect_found(search, "\xff\xfe", "", TRUE);
}

/* No dictionary: no pinyin, Chinese and English still found. */
static void
test_without_dictionary(void)
{
  g_autoptr(AnyiServiceSearch) search = NULL;
  g_autofree char *words = anyi_service_search_default_words();
  /* the warning that pinyin is off is expected */
  GLogLevelFlags fatal = g_log_set_always_fatal(G_LOG_FATAL_MASK);

  search = anyi_service_search_new(catalogue, "/nonexistent/luna.dict.yaml", words, NULL);
  g_log_set_always_fatal(fatal);
  g_assert_false(anyi_service_search_has_pinyin(search));
  expect_found(search, "sfz", "", TRUE);
  expect_only_idcard(search, "身份证");
  expect_only_idcard(search, "id card");
}

static void
expect_broken_words(const char *contents, gssize length, const char *problem)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp("search-words-XXXXXX.json", &path, &error);
  AnyiServiceSearch *search;

  g_assert_no_error(error);
  close(fd);
  g_assert_true(g_file_set_contents(path, contents, length, &error));
  search = anyi_service_search_new(catalogue, NULL, path, &error);
  g_assert_null(search);
  g_assert_error(error, ANYI_CATALOGUE_ERROR, ANYI_CATALOGUE_ERROR_INVALID);
  if (!strstr(error->message, problem))
    g_error("expected \"%s\" in \"%s\"", problem, error->message);
  g_unlink(path);
}

/* A hall's words file that is wrong is refused with where and why. */
static void
test_broken_words(void)
{
  g_autofree char *huge = g_strnfill(300 * 1024, ' ');

  expect_broken_words("{\"keywords\": {\"passport\": {\"zh\": [\"护照\"]}}}", -1,
                      "$.keywords.passport: no service");
  expect_broken_words("{\"keywords\": {\"idcard-renewal\": {\"zh\": [1]}}}", -1, "a word is");
  expect_broken_words("{\"elsewhere\": [{\"words\": {\"en\": [\"visa\"]}}]}", -1, "$.elsewhere[0]");
  expect_broken_words(huge, -1, "larger than 256 KiB");
  expect_broken_words("[1, 2]", -1, "expected an object");
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  g_test_init(&argc, &argv, NULL);
  dir = anyi_catalogue_default_dir();
  catalogue = anyi_catalogue_load(dir, &error);
  g_assert_no_error(error);
  g_test_add_func("/service-search/pinyin", test_pinyin);
  g_test_add_func("/service-search/chinese", test_chinese);
  g_test_add_func("/service-search/english", test_english);
  g_test_add_func("/service-search/elsewhere", test_elsewhere);
  g_test_add_func("/service-search/nothing", test_nothing);
  g_test_add_func("/service-search/without-dictionary", test_without_dictionary);
  g_test_add_func("/service-search/broken-words", test_broken_words);
  status = g_test_run();
  g_object_unref(catalogue);
  return status;
}
