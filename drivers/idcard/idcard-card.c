/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-card.c: the 256-byte text block of the four card types, the
 * GB 11643 checks and the JSON rendering. */
#include "idcard-card.h"

#include "usb/anyi-secure.h"
#include "idcard-proto.h"

#include <json-glib/json-glib.h>
#include <string.h>

G_DEFINE_BOXED_TYPE(AnyiIdCard, anyi_id_card, anyi_id_card_copy, anyi_id_card_free)

/* Offsets and widths in bytes, from domain.md §2. */
typedef struct {
  guint offset;
  guint width;
} Field;

#define TYPE_MARK_OFFSET 248

static const struct {
  guint code;
  const char *name;
} nations[] = {
    {1, "汉"},        {2, "蒙古"},
    {3, "回"},        {4, "藏"},
    {5, "维吾尔"},    {6, "苗"},
    {7, "彝"},        {8, "壮"},
    {9, "布依"},      {10, "朝鲜"},
    {11, "满"},       {12, "侗"},
    {13, "瑶"},       {14, "白"},
    {15, "土家"},     {16, "哈尼"},
    {17, "哈萨克"},   {18, "傣"},
    {19, "黎"},       {20, "傈僳"},
    {21, "佤"},       {22, "畲"},
    {23, "高山"},     {24, "拉祜"},
    {25, "水"},       {26, "东乡"},
    {27, "纳西"},     {28, "景颇"},
    {29, "柯尔克孜"}, {30, "土"},
    {31, "达斡尔"},   {32, "仫佬"},
    {33, "羌"},       {34, "布朗"},
    {35, "撒拉"},     {36, "毛南"},
    {37, "仡佬"},     {38, "锡伯"},
    {39, "阿昌"},     {40, "普米"},
    {41, "塔吉克"},   {42, "怒"},
    {43, "乌孜别克"}, {44, "俄罗斯"},
    {45, "鄂温克"},   {46, "德昂"},
    {47, "保安"},     {48, "裕固"},
    {49, "京"},       {50, "塔塔尔"},
    {51, "独龙"},     {52, "鄂伦春"},
    {53, "赫哲"},     {54, "门巴"},
    {55, "珞巴"},     {56, "基诺"},
    {97, "其他"},     {98, "外国血统中国籍人士"},
};

const char *
anyi_nation_name(const char *code)
{
  if (code == NULL || strlen(code) != 2 || !g_ascii_isdigit(code[0]) || !g_ascii_isdigit(code[1]))
    return NULL;
  guint value = (code[0] - '0') * 10 + (code[1] - '0');
  for (gsize i = 0; i < G_N_ELEMENTS(nations); i++)
    if (nations[i].code == value)
      return nations[i].name;
  return NULL;
}

/* UCS-2LE to UTF-8 with the space/NUL padding trimmed. */
static char *
read_field(const guint8 *text, Field field, GError **error)
{
  gsize units = field.width / 2;
  gsize allocated = (units + 1) * sizeof(gunichar2);
  gunichar2 *utf16 = g_new0(gunichar2, units + 1);
  for (gsize i = 0; i < units; i++)
    utf16[i] = text[field.offset + 2 * i] | text[field.offset + 2 * i + 1] << 8;
  while (units > 0 && (utf16[units - 1] == ' ' || utf16[units - 1] == 0))
    units--;
  g_autoptr(GError) local = NULL;
  char *utf8 = g_utf16_to_utf8(utf16, units, NULL, NULL, &local);
  anyi_secure_free(utf16, allocated);
  if (utf8 == NULL) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_TEXT,
                "the text block's field at byte %u is not valid UCS-2: %s", field.offset,
                local->message);
    return NULL;
  }
  return g_strstrip(utf8);
}

typedef struct {
  char **slot;
  Field field;
} FieldSlot;

static gboolean
read_fields(const guint8 *text, const FieldSlot *slots, gsize n, GError **error)
{
  for (gsize i = 0; i < n; i++) {
    *slots[i].slot = read_field(text, slots[i].field, error);
    if (*slots[i].slot == NULL)
      return FALSE;
  }
  return TRUE;
}

static AnyiIdSex
sex_from_code(const char *code)
{
  if (g_strcmp0(code, "1") == 0)
    return ANYI_ID_SEX_MALE;
  if (g_strcmp0(code, "2") == 0)
    return ANYI_ID_SEX_FEMALE;
  if (g_strcmp0(code, "9") == 0)
    return ANYI_ID_SEX_UNSPECIFIED;
  return ANYI_ID_SEX_UNKNOWN;
}

static gboolean
read_sex(const guint8 *text, guint offset, AnyiIdCard *card, GError **error)
{
  g_autofree char *code = read_field(text, (Field){offset, 2}, error);
  card->sex = sex_from_code(code);
  return code != NULL;
}

/* valid_to holds either YYYYMMDD or 长期 (long term). */
static void
settle_long_term(AnyiIdCard *card)
{
  if (card->valid_to != NULL && strstr(card->valid_to, "长期") != NULL) {
    card->long_term = TRUE;
    g_clear_pointer(&card->valid_to, g_free);
  }
}

static gboolean
parse_resident_or_permit(const guint8 *text, AnyiIdCard *card, GError **error)
{
  gboolean permit = card->card_type == ANYI_ID_CARD_TYPE_HK_MO_TW_PERMIT;
  const FieldSlot slots[] = {
      {&card->name, {0, 30}},
      {&card->birth_date, {36, 16}},
      {&card->address, {52, 70}},
      {&card->id_number, {122, 36}},
      {&card->issuing_authority, {158, 30}},
      {&card->valid_from, {188, 16}},
      {&card->valid_to, {204, 16}},
  };
  if (!read_fields(text, slots, G_N_ELEMENTS(slots), error) || !read_sex(text, 30, card, error))
    return FALSE;
  if (permit) {
    const FieldSlot extra[] = {{&card->pass_number, {220, 18}}, {&card->issue_count, {238, 4}}};
    return read_fields(text, extra, G_N_ELEMENTS(extra), error);
  }
  card->nation_code = read_field(text, (Field){32, 4}, error);
  if (card->nation_code == NULL)
    return FALSE;
  card->nation = g_strdup(anyi_nation_name(card->nation_code));
  return TRUE;
}

static gboolean
parse_foreign_2017(const guint8 *text, AnyiIdCard *card, GError **error)
{
  const FieldSlot slots[] = {
      {&card->english_name, {0, 120}},   {&card->id_number, {122, 30}},
      {&card->nationality, {152, 6}},    {&card->name, {158, 30}},
      {&card->valid_from, {188, 16}},    {&card->valid_to, {204, 16}},
      {&card->birth_date, {220, 16}},    {&card->card_version, {236, 4}},
      {&card->authority_code, {240, 8}},
  };
  return read_fields(text, slots, G_N_ELEMENTS(slots), error) && read_sex(text, 120, card, error);
}

static gboolean
parse_foreign_2023(const guint8 *text, AnyiIdCard *card, GError **error)
{
  g_autofree char *english1 = NULL, *english2 = NULL;
  const FieldSlot slots[] = {
      {&card->name, {0, 30}},       {&card->renewal_count, {32, 4}}, {&card->birth_date, {36, 16}},
      {&english1, {52, 70}},        {&card->id_number, {122, 36}},   {&card->valid_from, {188, 16}},
      {&card->valid_to, {204, 16}}, {&english2, {220, 22}},          {&card->nationality, {242, 6}},
  };
  if (!read_fields(text, slots, G_N_ELEMENTS(slots), error) || !read_sex(text, 30, card, error))
    return FALSE;
  /* The English name runs on from part 1 into part 2 without a separator. */
  card->english_name = g_strconcat(english1, english2, NULL);
  return TRUE;
}

static gboolean
card_type_from_mark(const guint8 *text, AnyiIdCardType *type, GError **error)
{
  guint mark = text[TYPE_MARK_OFFSET] | text[TYPE_MARK_OFFSET + 1] << 8;
  switch (mark) {
  case 0x0000:
  case ' ':
    *type = ANYI_ID_CARD_TYPE_RESIDENT;
    return TRUE;
  case 'J':
    *type = ANYI_ID_CARD_TYPE_HK_MO_TW_PERMIT;
    return TRUE;
  case 'I':
    *type = ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2017;
    return TRUE;
  case 'Y':
    *type = ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023;
    return TRUE;
  default:
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_CARD_TYPE,
                "unknown card type mark U+%04X at byte 248 (expected space, J, I or Y)", mark);
    return FALSE;
  }
}

/* Parses a 256-byte text block; photo and fingerprint are added by the
 * caller, which has them from the same answer. */
AnyiIdCard *
anyi_id_card_parse(const guint8 *text, gsize len, GError **error)
{
  if (len != ANYI_IDCARD_TEXT_LEN) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH,
                "a text block is %d bytes, this one is %zu", ANYI_IDCARD_TEXT_LEN, len);
    return NULL;
  }
  g_autoptr(AnyiIdCard) card = g_new0(AnyiIdCard, 1);
  if (!card_type_from_mark(text, &card->card_type, error))
    return NULL;
  gboolean ok = FALSE;
  switch (card->card_type) {
  case ANYI_ID_CARD_TYPE_RESIDENT:
  case ANYI_ID_CARD_TYPE_HK_MO_TW_PERMIT:
    ok = parse_resident_or_permit(text, card, error);
    break;
  case ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2017:
    ok = parse_foreign_2017(text, card, error);
    break;
  case ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023:
    ok = parse_foreign_2023(text, card, error);
    break;
  }
  if (!ok)
    return NULL;
  settle_long_term(card);
  return g_steal_pointer(&card);
}

AnyiIdCard *
anyi_id_card_copy(const AnyiIdCard *card)
{
  AnyiIdCard *copy = g_memdup2(card, sizeof *card);
  char **strings[] = {&copy->name,           &copy->english_name,    &copy->nation_code,
                      &copy->nation,         &copy->nationality,     &copy->birth_date,
                      &copy->address,        &copy->id_number,       &copy->issuing_authority,
                      &copy->valid_from,     &copy->valid_to,        &copy->pass_number,
                      &copy->issue_count,    &copy->renewal_count,   &copy->card_version,
                      &copy->authority_code, &copy->appended_address};
  for (gsize i = 0; i < G_N_ELEMENTS(strings); i++)
    *strings[i] = g_strdup(*strings[i]);
  if (copy->photo)
    g_bytes_ref(copy->photo);
  if (copy->fingerprint)
    g_bytes_ref(copy->fingerprint);
  return copy;
}

void
anyi_id_card_free(AnyiIdCard *card)
{
  if (card == NULL)
    return;
  char *strings[] = {card->name,           card->english_name,    card->nation_code,
                     card->nation,         card->nationality,     card->birth_date,
                     card->address,        card->id_number,       card->issuing_authority,
                     card->valid_from,     card->valid_to,        card->pass_number,
                     card->issue_count,    card->renewal_count,   card->card_version,
                     card->authority_code, card->appended_address};
  for (gsize i = 0; i < G_N_ELEMENTS(strings); i++)
    anyi_secure_free_string(strings[i]);
  g_clear_pointer(&card->photo, g_bytes_unref);
  g_clear_pointer(&card->fingerprint, g_bytes_unref);
  anyi_secure_free(card, sizeof *card);
}

char
anyi_id_number_check_char(const char *first17)
{
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char check_chars[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; i++) {
    if (!g_ascii_isdigit(first17[i]))
      return '\0';
    sum += (first17[i] - '0') * weights[i];
  }
  return check_chars[sum % 11];
}

gboolean
anyi_id_number_checksum_ok(const char *id_number)
{
  if (id_number == NULL || strlen(id_number) != 18)
    return FALSE;
  char want = anyi_id_number_check_char(id_number);
  return want != '\0' && want == g_ascii_toupper(id_number[17]);
}

/* Keeps the region's first three and the last four characters, as the
 * log writer does, so a screen and a log line show the same thing. */
char *
anyi_id_number_mask(const char *id_number)
{
  if (id_number == NULL)
    return NULL;
  gsize len = strlen(id_number);
  if (len < 8)
    return g_strnfill(len, '*');
  char *masked = g_strdup(id_number);
  memset(masked + 3, '*', len - 7);
  return masked;
}

static gboolean
date_from_yyyymmdd(const char *text, GDate *date)
{
  if (text == NULL || strlen(text) != 8)
    return FALSE;
  guint value = 0;
  for (int i = 0; i < 8; i++) {
    if (!g_ascii_isdigit(text[i]))
      return FALSE;
    value = value * 10 + (text[i] - '0');
  }
  guint year = value / 10000, month = value / 100 % 100, day = value % 100;
  if (!g_date_valid_dmy(day, month, year))
    return FALSE;
  g_date_clear(date, 1);
  g_date_set_dmy(date, day, month, year);
  return TRUE;
}

static void
check_number(const AnyiIdCard *card, AnyiIdCardChecks *checks)
{
  const char *number = card->id_number;
  checks->number_checks_apply = number != NULL && strlen(number) == 18;
  if (!checks->number_checks_apply)
    return;
  checks->id_checksum = anyi_id_number_checksum_ok(number);
  checks->birth_matches = card->birth_date != NULL && strncmp(number + 6, card->birth_date, 8) == 0;
  if (g_ascii_isdigit(number[16])) {
    gboolean odd = (number[16] - '0') % 2 == 1;
    checks->sex_matches = odd ? card->sex == ANYI_ID_SEX_MALE : card->sex == ANYI_ID_SEX_FEMALE;
  }
}

static void
check_validity(const AnyiIdCard *card, GDate *today, AnyiIdCardChecks *checks)
{
  if (card->long_term) {
    checks->not_expired = checks->not_expiring_soon = TRUE;
    return;
  }
  GDate valid_to;
  if (!date_from_yyyymmdd(card->valid_to, &valid_to))
    return;
  /* The card is valid through its last day. */
  gint days_left = g_date_days_between(today, &valid_to);
  checks->not_expired = days_left >= 0;
  checks->not_expiring_soon = days_left > ANYI_ID_CARD_RENEWAL_WINDOW_DAYS;
}

/* today: the date to judge validity against (tests pass a fixed one). */
void
anyi_id_card_check(const AnyiIdCard *card, GDate *today, AnyiIdCardChecks *checks)
{
  memset(checks, 0, sizeof *checks);
  check_number(card, checks);
  check_validity(card, today, checks);
}

const char *
anyi_id_card_type_to_string(AnyiIdCardType type)
{
  switch (type) {
  case ANYI_ID_CARD_TYPE_RESIDENT:
    return "resident";
  case ANYI_ID_CARD_TYPE_HK_MO_TW_PERMIT:
    return "hk_mo_tw_permit";
  case ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2017:
    return "foreign_permanent_2017";
  case ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023:
    return "foreign_permanent_2023";
  }
  return "unknown";
}

const char *
anyi_id_sex_to_string(AnyiIdSex sex)
{
  switch (sex) {
  case ANYI_ID_SEX_MALE:
    return "male";
  case ANYI_ID_SEX_FEMALE:
    return "female";
  case ANYI_ID_SEX_UNSPECIFIED:
    return "unspecified";
  case ANYI_ID_SEX_UNKNOWN:
    break;
  }
  return "unknown";
}

/* YYYY-MM-DD when the field is a date; otherwise the raw text, so a
 * technician sees what the card holds. */
static char *
json_date(const char *yyyymmdd)
{
  GDate date;
  if (!date_from_yyyymmdd(yyyymmdd, &date))
    return g_strdup(yyyymmdd);
  return g_strdup_printf("%.4s-%.2s-%.2s", yyyymmdd, yyyymmdd + 4, yyyymmdd + 6);
}

static void
add_string(JsonBuilder *builder, const char *key, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name(builder, key);
  json_builder_add_string_value(builder, value);
}

static void
add_date(JsonBuilder *builder, const char *key, const char *yyyymmdd)
{
  g_autofree char *text = json_date(yyyymmdd);
  add_string(builder, key, text);
}

static void
add_bool(JsonBuilder *builder, const char *key, gboolean value)
{
  json_builder_set_member_name(builder, key);
  json_builder_add_boolean_value(builder, value);
}

static void
add_checks(JsonBuilder *builder, const AnyiIdCard *card, GDate *today)
{
  AnyiIdCardChecks checks;
  anyi_id_card_check(card, today, &checks);
  json_builder_set_member_name(builder, "checks");
  json_builder_begin_object(builder);
  if (checks.number_checks_apply) {
    add_bool(builder, "id_checksum", checks.id_checksum);
    add_bool(builder, "birth_matches", checks.birth_matches);
    add_bool(builder, "sex_matches", checks.sex_matches);
  }
  add_bool(builder, "not_expired", checks.not_expired);
  add_bool(builder, "not_expiring_soon", checks.not_expiring_soon);
  json_builder_end_object(builder);
}

static gboolean
is_foreign(const AnyiIdCard *card)
{
  return card->card_type == ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2017 ||
         card->card_type == ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023;
}

/* The JSON of `anyictl idcard decode`: keys a card type lacks are left
 * out; the ID number is masked unless full_id. */
char *
anyi_id_card_to_json_at(const AnyiIdCard *card, gboolean full_id, GDate *today)
{
  g_autoptr(JsonBuilder) builder = json_builder_new();
  g_autofree char *masked =
      full_id ? g_strdup(card->id_number) : anyi_id_number_mask(card->id_number);
  json_builder_begin_object(builder);
  add_string(builder, "card_type", anyi_id_card_type_to_string(card->card_type));
  add_string(builder, "name", card->name != NULL && *card->name ? card->name : NULL);
  add_string(builder, "english_name", is_foreign(card) ? card->english_name : NULL);
  add_string(builder, "sex", anyi_id_sex_to_string(card->sex));
  add_string(builder, "nation",
             card->card_type == ANYI_ID_CARD_TYPE_RESIDENT
                 ? (card->nation ? card->nation : card->nation_code)
                 : NULL);
  add_string(builder, "nationality", is_foreign(card) ? card->nationality : NULL);
  add_date(builder, "birth_date", card->birth_date);
  add_string(builder, "address", card->address);
  add_string(builder, "id_number", masked);
  add_string(builder, "issuing_authority", card->issuing_authority);
  add_date(builder, "valid_from", card->valid_from);
  if (card->long_term)
    add_string(builder, "valid_to", "long-term");
  else
    add_date(builder, "valid_to", card->valid_to);
  add_string(builder, "appended_address", card->appended_address);
  add_checks(builder, card, today);
  json_builder_end_object(builder);
  g_autoptr(JsonNode) root = json_builder_get_root(builder);
  g_autoptr(JsonGenerator) generator = json_generator_new();
  json_generator_set_root(generator, root);
  json_generator_set_pretty(generator, TRUE);
  return json_generator_to_data(generator, NULL);
}

char *
anyi_id_card_to_json(const AnyiIdCard *card, gboolean full_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  GDate today;
  g_date_clear(&today, 1);
  g_date_set_dmy(&today, g_date_time_get_day_of_month(now), g_date_time_get_month(now),
                 g_date_time_get_year(now));
  return anyi_id_card_to_json_at(card, full_id, &today);
}
