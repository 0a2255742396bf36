/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-card.h: the data on a Chinese ID card and its checks.
 *
 * Parses the 256-byte text block of all four card types (layout in
 * domain.md §2), checks the ID number (GB 11643) against the card, and
 * renders the JSON that `anyictl idcard decode` prints. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_ID_CARD_TYPE_RESIDENT,
  ANYI_ID_CARD_TYPE_HK_MO_TW_PERMIT,
  ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2017,
  ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023,
} AnyiIdCardType;

typedef enum {
  ANYI_ID_SEX_UNKNOWN = 0,
  ANYI_ID_SEX_MALE = 1,
  ANYI_ID_SEX_FEMALE = 2,
  ANYI_ID_SEX_UNSPECIFIED = 9,
} AnyiIdSex;

/* Text fields are UTF-8 with the padding trimmed; NULL where the card type
 * has no such field. Dates are YYYYMMDD as on the card. */
typedef struct {
  AnyiIdCardType card_type;
  char *name;         /* Chinese name (foreign cards: the Chinese name, may be empty) */
  char *english_name; /* foreign cards */
  AnyiIdSex sex;
  char *nation_code; /* resident cards, GB 3304 two digits */
  char *nation;      /* resident cards, the Chinese name of the nation */
  char *nationality; /* foreign cards, ISO 3166 alpha-3 code */
  char *birth_date;
  char *address;
  char *id_number; /* the residence number on 2017 foreign cards */
  char *issuing_authority;
  char *valid_from;
  char *valid_to;         /* YYYYMMDD, or NULL when long_term */
  gboolean long_term;     /* valid-to held 长期 */
  char *pass_number;      /* HK/MO/TW permits */
  char *issue_count;      /* HK/MO/TW permits */
  char *renewal_count;    /* 2023 foreign cards */
  char *card_version;     /* 2017 foreign cards */
  char *authority_code;   /* 2017 foreign cards */
  char *appended_address; /* the newest 30 03 item, NULL if none */
  GBytes *photo;          /* 1024 bytes of WLT, opaque */
  GBytes *fingerprint;    /* NULL unless read with 30 10 */
} AnyiIdCard;

/* Named checks; TRUE means the card passed. Checks that do not apply to a
 * card type are left out of `applies`. */
typedef struct {
  gboolean id_checksum;
  gboolean birth_matches;
  gboolean sex_matches;
  gboolean not_expired;
  gboolean not_expiring_soon;   /* more than 90 days left: renewal is not yet due */
  gboolean number_checks_apply; /* the three number checks apply (18-character numbers) */
} AnyiIdCardChecks;

#define ANYI_ID_CARD_RENEWAL_WINDOW_DAYS 90

#define ANYI_TYPE_ID_CARD (anyi_id_card_get_type())
GType anyi_id_card_get_type(void) G_GNUC_CONST;

AnyiIdCard *anyi_id_card_parse(const guint8 *text, gsize len, GError **error);
AnyiIdCard *anyi_id_card_copy(const AnyiIdCard *card);
void anyi_id_card_free(AnyiIdCard *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiIdCard, anyi_id_card_free)

void anyi_id_card_check(const AnyiIdCard *card, GDate *today, AnyiIdCardChecks *checks);
char *anyi_id_card_to_json(const AnyiIdCard *card, gboolean full_id);
char *anyi_id_card_to_json_at(const AnyiIdCard *card, gboolean full_id, GDate *today);

const char *anyi_id_card_type_to_string(AnyiIdCardType type);
const char *anyi_id_sex_to_string(AnyiIdSex sex);
const char *anyi_nation_name(const char *code);

char anyi_id_number_check_char(const char *first17);
gboolean anyi_id_number_checksum_ok(const char *id_number);
char *anyi_id_number_mask(const char *id_number);

G_END_DECLS
