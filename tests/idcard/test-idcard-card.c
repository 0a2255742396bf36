/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text block parser for every card type, the GB 11643 checks, masking
 * and the decode JSON. */
#include "idcard-cards.h"
#include "idcard/idcard-card.h"
#include "idcard/idcard-proto.h"

#include <json-glib/json-glib.h>

static GDate *
date(guint year, guint month, guint day)
{
  return g_date_new_dmy(day, month, year);
}

static AnyiIdCard *
parse_spec(const AnyiTestCardSpec *spec)
{
  guint8 text[256];
  g_autoptr(GError) error = NULL;
  anyi_test_card_build_text(spec, text);
  AnyiIdCard *card = anyi_id_card_parse(text, sizeof text, &error);
  g_assert_no_error(error);
  return card;
}

static AnyiIdCard *
parse_kind(AnyiTestCardKind kind)
{
  AnyiTestCardSpec spec = anyi_test_card_spec(kind);
  return parse_spec(&spec);
}

static void
test_resident(void)
{
  g_autoptr(AnyiIdCard) card = parse_kind(ANYI_TEST_CARD_RESIDENT);
  g_assert_cmpint(card->card_type, ==, ANYI_ID_CARD_TYPE_RESIDENT);
  g_assert_cmpstr(card->name, ==, "张伟");
  g_assert_cmpint(card->sex, ==, ANYI_ID_SEX_MALE);
  g_assert_cmpstr(card->nation_code, ==, "01");
  g_assert_cmpstr(card->nation, ==, "汉");
  g_assert_cmpstr(card->birth_date, ==, "19800101");
  g_assert_cmpstr(card->address, ==, "四川省成都市锦江区红星路三段1号");
  g_assert_cmpstr(card->id_number, ==, "510104198001011236");
  g_assert_cmpstr(card->issuing_authority, ==, "成都市公安局锦江分局");
  g_assert_cmpstr(card->valid_from, ==, "20150301");
  g_assert_cmpstr(card->valid_to, ==, "20350301");
  g_assert_false(card->long_term);
  g_assert_null(card->english_name);
  g_assert_null(card->nationality);
}

static void
test_permit(void)
{
  g_autoptr(AnyiIdCard) card = parse_kind(ANYI_TEST_CARD_PERMIT);
  g_assert_cmpint(card->card_type, ==, ANYI_ID_CARD_TYPE_HK_MO_TW_PERMIT);
  g_assert_cmpstr(card->name, ==, "陈美玲");
  g_assert_cmpint(card->sex, ==, ANYI_ID_SEX_FEMALE);
  g_assert_null(card->nation);
  g_assert_cmpstr(card->address, ==, "广东省深圳市福田区福华路88号");
  g_assert_true(g_str_has_prefix(card->id_number, "810000"));
  g_assert_cmpstr(card->pass_number, ==, "H12345678");
  g_assert_cmpstr(card->issue_count, ==, "01");
}

static void
test_foreign_2017(void)
{
  g_autoptr(AnyiIdCard) card = parse_kind(ANYI_TEST_CARD_FOREIGN_2017);
  g_assert_cmpint(card->card_type, ==, ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2017);
  g_assert_cmpstr(card->english_name, ==, "SMITH, JOHN");
  g_assert_cmpstr(card->name, ==, "约翰");
  g_assert_cmpint(card->sex, ==, ANYI_ID_SEX_MALE);
  g_assert_cmpstr(card->id_number, ==, "USA110079010101");
  g_assert_cmpstr(card->nationality, ==, "USA");
  g_assert_cmpstr(card->birth_date, ==, "19790101");
  g_assert_cmpstr(card->card_version, ==, "01");
  g_assert_cmpstr(card->authority_code, ==, "1500");
  g_assert_null(card->address);
}

static void
test_foreign_2023(void)
{
  g_autoptr(AnyiIdCard) card = parse_kind(ANYI_TEST_CARD_FOREIGN_2023);
  g_assert_cmpint(card->card_type, ==, ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023);
  g_assert_cmpstr(card->name, ==, "玛丽");
  g_assert_cmpstr(card->english_name, ==, "MARTIN, MARIE CLAIRE ANNE-SOPHIE DUPONT");
  g_assert_cmpint(card->sex, ==, ANYI_ID_SEX_FEMALE);
  g_assert_cmpstr(card->nationality, ==, "FRA");
  g_assert_cmpstr(card->renewal_count, ==, "00");
  g_assert_cmpuint(strlen(card->id_number), ==, 18);
}

static void
test_long_term(void)
{
  AnyiTestCardSpec spec = anyi_test_card_spec(ANYI_TEST_CARD_RESIDENT);
  spec.valid_to = "长期";
  g_autoptr(AnyiIdCard) card = parse_spec(&spec);
  g_assert_true(card->long_term);
  g_assert_null(card->valid_to);
  g_autoptr(GDate) far = date(2090, 1, 1);
  AnyiIdCardChecks checks;
  anyi_id_card_check(card, far, &checks);
  g_assert_true(checks.not_expired);
  g_assert_true(checks.not_expiring_soon);
}

static void
test_checks_pass_for_samples(void)
{
  g_autoptr(GDate) today = date(2026, 11, 30);
  for (AnyiTestCardKind kind = ANYI_TEST_CARD_RESIDENT; kind <= ANYI_TEST_CARD_FOREIGN_2023;
       kind++) {
    g_autoptr(AnyiIdCard) card = parse_kind(kind);
    AnyiIdCardChecks checks;
    anyi_id_card_check(card, today, &checks);
    g_assert_true(checks.not_expired);
    g_assert_true(checks.not_expiring_soon);
    g_assert_cmpint(checks.number_checks_apply, ==, kind != ANYI_TEST_CARD_FOREIGN_2017);
    if (checks.number_checks_apply) {
      g_assert_true(checks.id_checksum);
      g_assert_true(checks.birth_matches);
      g_assert_true(checks.sex_matches);
    }
  }
}

static void
test_checks_fail(void)
{
  g_autoptr(GDate) today = date(2026, 11, 30);
  AnyiTestCardSpec spec = anyi_test_card_spec(ANYI_TEST_CARD_RESIDENT);
  spec.id_number = "510104198001011230"; /* wrong check character */
  spec.birth_date = "19800102";
  spec.sex = "2";
  spec.valid_to = "20261129";
  g_autoptr(AnyiIdCard) card = parse_spec(&spec);
  AnyiIdCardChecks checks;
  anyi_id_card_check(card, today, &checks);
  g_assert_false(checks.id_checksum);
  g_assert_false(checks.birth_matches);
  g_assert_false(checks.sex_matches);
  g_assert_false(checks.not_expired);
  g_assert_false(checks.not_expiring_soon);
}

static void
test_expiry_window(void)
{
  AnyiTestCardSpec spec = anyi_test_card_spec(ANYI_TEST_CARD_RESIDENT);
  spec.valid_to = "20270228";
  g_autoptr(AnyiIdCard) card = parse_spec(&spec);
  AnyiIdCardChecks checks;
  g_autoptr(GDate) last_day = date(2027, 2, 28);
  anyi_id_card_check(card, last_day, &checks);
  g_assert_true(checks.not_expired);
  g_assert_false(checks.not_expiring_soon);
  g_autoptr(GDate) day_90 = date(2026, 11, 30); /* exactly 90 days before */
  anyi_id_card_check(card, day_90, &checks);
  g_assert_false(checks.not_expiring_soon);
  g_autoptr(GDate) day_91 = date(2026, 11, 29);
  anyi_id_card_check(card, day_91, &checks);
  g_assert_true(checks.not_expiring_soon);
}

static void
test_check_character(void)
{
  /* GB 11643's own worked example */
  g_assert_cmpint(anyi_id_number_check_char("11010519491231002"), ==, 'X');
  g_assert_true(anyi_id_number_checksum_ok("11010519491231002X"));
  g_assert_true(anyi_id_number_checksum_ok("11010519491231002x"));
  g_assert_false(anyi_id_number_checksum_ok("110105194912310021"));
  g_assert_false(anyi_id_number_checksum_ok("1101051949123100"));
  g_assert_false(anyi_id_number_checksum_ok("A1010519491231002X"));
}

static void
test_mask(void)
{
  g_autofree char *m18 = anyi_id_number_mask("51072219800101123X");
  g_autofree char *m15 = anyi_id_number_mask("USA110079010101");
  g_autofree char *tiny = anyi_id_number_mask("1234");
  g_assert_cmpstr(m18, ==, "510***********123X");
  g_assert_cmpstr(m15, ==, "USA********0101");
  g_assert_cmpstr(tiny, ==, "****");
  g_assert_null(anyi_id_number_mask(NULL));
}

static void
test_nations(void)
{
  g_assert_cmpstr(anyi_nation_name("01"), ==, "汉");
  g_assert_cmpstr(anyi_nation_name("05"), ==, "维吾尔");
  g_assert_cmpstr(anyi_nation_name("56"), ==, "基诺");
  g_assert_cmpstr(anyi_nation_name("98"), ==, "外国血统中国籍人士");
  g_assert_null(anyi_nation_name("57"));
  g_assert_null(anyi_nation_name("1"));
  g_assert_null(anyi_nation_name("x1"));
}

static void
test_bad_blocks(void)
{
  guint8 text[256];
  AnyiTestCardSpec spec = anyi_test_card_spec(ANYI_TEST_CARD_RESIDENT);
  g_autoptr(GError) length = NULL, type = NULL, utf16 = NULL;
  anyi_test_card_build_text(&spec, text);
  g_assert_null(anyi_id_card_parse(text, 255, &length));
  g_assert_error(length, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH);

  text[248] = 'Q';
  g_assert_null(anyi_id_card_parse(text, sizeof text, &type));
  g_assert_error(type, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_CARD_TYPE);

  anyi_test_card_build_text(&spec, text);
  text[0] = 0x00; /* a lone low surrogate U+DC00 in the name */
  text[1] = 0xDC;
  g_assert_null(anyi_id_card_parse(text, sizeof text, &utf16));
  g_assert_error(utf16, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_TEXT);
}

static JsonObject *
json_of(AnyiTestCardKind kind, gboolean full, JsonParser **parser_out)
{
  g_autoptr(AnyiIdCard) card = parse_kind(kind);
  g_autoptr(GDate) today = date(2026, 11, 30);
  g_autofree char *json = anyi_id_card_to_json_at(card, full, today);
  JsonParser *parser = json_parser_new();
  g_assert_true(json_parser_load_from_data(parser, json, -1, NULL));
  *parser_out = parser;
  return json_node_get_object(json_parser_get_root(parser));
}

static void
test_json_resident(void)
{
  g_autoptr(JsonParser) parser = NULL, full_parser = NULL;
  JsonObject *o = json_of(ANYI_TEST_CARD_RESIDENT, FALSE, &parser);
  g_assert_cmpstr(json_object_get_string_member(o, "card_type"), ==, "resident");
  g_assert_cmpstr(json_object_get_string_member(o, "sex"), ==, "male");
  g_assert_cmpstr(json_object_get_string_member(o, "nation"), ==, "汉");
  g_assert_cmpstr(json_object_get_string_member(o, "birth_date"), ==, "1980-01-01");
  g_assert_cmpstr(json_object_get_string_member(o, "valid_to"), ==, "2035-03-01");
  g_assert_cmpstr(json_object_get_string_member(o, "id_number"), ==, "510***********1236");
  g_assert_false(json_object_has_member(o, "english_name"));
  g_assert_false(json_object_has_member(o, "nationality"));
  JsonObject *checks = json_object_get_object_member(o, "checks");
  g_assert_true(json_object_get_boolean_member(checks, "id_checksum"));
  g_assert_true(json_object_get_boolean_member(checks, "birth_matches"));
  g_assert_true(json_object_get_boolean_member(checks, "sex_matches"));
  g_assert_true(json_object_get_boolean_member(checks, "not_expired"));
  JsonObject *full = json_of(ANYI_TEST_CARD_RESIDENT, TRUE, &full_parser);
  g_assert_cmpstr(json_object_get_string_member(full, "id_number"), ==, "510104198001011236");
}

static void
test_json_foreign(void)
{
  g_autoptr(JsonParser) p2017 = NULL, p2023 = NULL;
  JsonObject *o = json_of(ANYI_TEST_CARD_FOREIGN_2017, FALSE, &p2017);
  g_assert_cmpstr(json_object_get_string_member(o, "card_type"), ==, "foreign_permanent_2017");
  g_assert_cmpstr(json_object_get_string_member(o, "english_name"), ==, "SMITH, JOHN");
  g_assert_cmpstr(json_object_get_string_member(o, "nationality"), ==, "USA");
  g_assert_false(json_object_has_member(o, "nation"));
  g_assert_false(json_object_has_member(o, "address"));
  g_assert_false(json_object_has_member(o, "issuing_authority"));
  g_assert_false(json_object_has_member(json_object_get_object_member(o, "checks"), "id_checksum"));

  o = json_of(ANYI_TEST_CARD_FOREIGN_2023, FALSE, &p2023);
  g_assert_cmpstr(json_object_get_string_member(o, "card_type"), ==, "foreign_permanent_2023");
  g_assert_cmpstr(json_object_get_string_member(o, "sex"), ==, "female");
  g_assert_true(
      json_object_get_boolean_member(json_object_get_object_member(o, "checks"), "id_checksum"));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/idcard/card/resident", test_resident);
  g_test_add_func("/idcard/card/permit", test_permit);
  g_test_add_func("/idcard/card/foreign-2017", test_foreign_2017);
  g_test_add_func("/idcard/card/foreign-2023", test_foreign_2023);
  g_test_add_func("/idcard/card/long-term", test_long_term);
  g_test_add_func("/idcard/card/checks-pass", test_checks_pass_for_samples);
  g_test_add_func("/idcard/card/checks-fail", test_checks_fail);
  g_test_add_func("/idcard/card/expiry-window", test_expiry_window);
  g_test_add_func("/idcard/card/check-character", test_check_character);
  g_test_add_func("/idcard/card/mask", test_mask);
  g_test_add_func("/idcard/card/nations", test_nations);
  g_test_add_func("/idcard/card/bad-blocks", test_bad_blocks);
  g_test_add_func("/idcard/card/json-resident", test_json_resident);
  g_test_add_func("/idcard/card/json-foreign", test_json_foreign);
  return g_test_run();
}
