/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-cards.c: sample cards for tests and emulators. */
#include "idcard-cards.h"

#include "idcard/idcard-card.h"

#include <string.h>

static const AnyiTestCardSpec samples[] = {
    [ANYI_TEST_CARD_RESIDENT] = {.kind = ANYI_TEST_CARD_RESIDENT,
                                 .name = "张伟",
                                 .sex = "1",
                                 .nation = "01",
                                 .birth_date = "19800101",
                                 .address = "四川省成都市锦江区红星路三段1号",
                                 .id_first17 = "51010419800101123",
                                 .authority = "成都市公安局锦江分局",
                                 .valid_from = "20150301",
                                 .valid_to = "20350301"},
    [ANYI_TEST_CARD_PERMIT] = {.kind = ANYI_TEST_CARD_PERMIT,
                               .name = "陈美玲",
                               .sex = "2",
                               .birth_date = "19900215",
                               .address = "广东省深圳市福田区福华路88号",
                               .id_first17 = "81000019900215002",
                               .authority = "深圳市公安局",
                               .valid_from = "20240601",
                               .valid_to = "20290601",
                               .pass_number = "H12345678",
                               .issue_count = "01"},
    [ANYI_TEST_CARD_FOREIGN_2017] = {.kind = ANYI_TEST_CARD_FOREIGN_2017,
                                     .name = "约翰",
                                     .english_name = "SMITH, JOHN",
                                     .sex = "1",
                                     .id_number = "USA110079010101",
                                     .nationality = "USA",
                                     .valid_from = "20170601",
                                     .valid_to = "20270601",
                                     .birth_date = "19790101",
                                     .card_version = "01",
                                     .authority_code = "1500"},
    [ANYI_TEST_CARD_FOREIGN_2023] = {.kind = ANYI_TEST_CARD_FOREIGN_2023,
                                     .name = "玛丽",
                                     .english_name = "MARTIN, MARIE CLAIRE ANNE-SOPHIE DUPONT",
                                     .sex = "2",
                                     .renewal_count = "00",
                                     .birth_date = "19850312",
                                     .id_first17 = "93311019850312002",
                                     .valid_from = "20230101",
                                     .valid_to = "20330101",
                                     .nationality = "FRA"},
};

static const char *const kind_names[] = {
    [ANYI_TEST_CARD_RESIDENT] = "resident",
    [ANYI_TEST_CARD_PERMIT] = "permit",
    [ANYI_TEST_CARD_FOREIGN_2017] = "foreign2017",
    [ANYI_TEST_CARD_FOREIGN_2023] = "foreign2023",
};

AnyiTestCardSpec
anyi_test_card_spec(AnyiTestCardKind kind)
{
  return samples[kind];
}

gboolean
anyi_test_card_kind_from_string(const char *name, AnyiTestCardKind *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS(kind_names); i++)
    if (g_strcmp0(name, kind_names[i]) == 0) {
      *kind = i;
      return TRUE;
    }
  return FALSE;
}

const char *
anyi_test_card_kind_to_string(AnyiTestCardKind kind)
{
  return kind_names[kind];
}

char *
anyi_test_card_id_number(const AnyiTestCardSpec *spec)
{
  if (spec->id_number)
    return g_strdup(spec->id_number);
  if (spec->id_first17 == NULL)
    return NULL;
  return g_strdup_printf("%s%c", spec->id_first17, anyi_id_number_check_char(spec->id_first17));
}

/* Writes value as UCS-2LE into [offset, offset+width), space padded. */
static void
put(guint8 *text, guint offset, guint width, const char *value)
{
  for (guint i = 0; i < width; i += 2) {
    text[offset + i] = ' ';
    text[offset + i + 1] = 0;
  }
  if (value == NULL)
    return;
  glong units = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16(value, -1, NULL, &units, NULL);
  g_assert(utf16 != NULL);
  for (glong i = 0; i < units && (guint)(2 * i + 1) < width; i++) {
    text[offset + 2 * i] = utf16[i] & 0xFF;
    text[offset + 2 * i + 1] = utf16[i] >> 8;
  }
}

static void
build_resident_or_permit(const AnyiTestCardSpec *spec, const char *id, guint8 *text)
{
  put(text, 0, 30, spec->name);
  put(text, 30, 2, spec->sex);
  put(text, 32, 4, spec->kind == ANYI_TEST_CARD_RESIDENT ? spec->nation : NULL);
  put(text, 36, 16, spec->birth_date);
  put(text, 52, 70, spec->address);
  put(text, 122, 36, id);
  put(text, 158, 30, spec->authority);
  put(text, 188, 16, spec->valid_from);
  put(text, 204, 16, spec->valid_to);
  if (spec->kind == ANYI_TEST_CARD_PERMIT) {
    put(text, 220, 18, spec->pass_number);
    put(text, 238, 4, spec->issue_count);
    put(text, 248, 2, "J");
  }
}

static void
build_foreign_2017(const AnyiTestCardSpec *spec, const char *id, guint8 *text)
{
  put(text, 0, 120, spec->english_name);
  put(text, 120, 2, spec->sex);
  put(text, 122, 30, id);
  put(text, 152, 6, spec->nationality);
  put(text, 158, 30, spec->name);
  put(text, 188, 16, spec->valid_from);
  put(text, 204, 16, spec->valid_to);
  put(text, 220, 16, spec->birth_date);
  put(text, 236, 4, spec->card_version);
  put(text, 240, 8, spec->authority_code);
  put(text, 248, 2, "I");
}

static void
build_foreign_2023(const AnyiTestCardSpec *spec, const char *id, guint8 *text)
{
  const char *english = spec->english_name ? spec->english_name : "";
  gsize first_len = MIN(strlen(english), 35);
  g_autofree char *first = g_strndup(english, first_len);
  put(text, 0, 30, spec->name);
  put(text, 30, 2, spec->sex);
  put(text, 32, 4, spec->renewal_count);
  put(text, 36, 16, spec->birth_date);
  put(text, 52, 70, first);
  put(text, 122, 36, id);
  put(text, 188, 16, spec->valid_from);
  put(text, 204, 16, spec->valid_to);
  put(text, 220, 22, english + first_len);
  put(text, 242, 6, spec->nationality);
  put(text, 248, 2, "Y");
}

void
anyi_test_card_build_text(const AnyiTestCardSpec *spec, guint8 text[256])
{
  g_autofree char *id = anyi_test_card_id_number(spec);
  put(text, 0, 256, NULL);
  switch (spec->kind) {
  case ANYI_TEST_CARD_RESIDENT:
  case ANYI_TEST_CARD_PERMIT:
    build_resident_or_permit(spec, id, text);
    break;
  case ANYI_TEST_CARD_FOREIGN_2017:
    build_foreign_2017(spec, id, text);
    break;
  case ANYI_TEST_CARD_FOREIGN_2023:
    build_foreign_2023(spec, id, text);
    break;
  }
}

void
anyi_test_card_fill_photo(guint8 *photo, gsize len, guint8 seed)
{
  for (gsize i = 0; i < len; i++)
    photo[i] = (guint8)(i * 31 + seed);
}
