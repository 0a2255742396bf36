/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-cards.h: sample ID cards for tests, the emulator and the sample
 * generator, built from fields into the 256-byte UCS-2LE text block.
 *
 * The layout here is written out again from domain.md §2 on purpose, apart
 * from the parser's, so a wrong offset in one is caught by the other. All
 * people are invented; their ID numbers carry a correct check character. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_TEST_CARD_RESIDENT,
  ANYI_TEST_CARD_PERMIT,
  ANYI_TEST_CARD_FOREIGN_2017,
  ANYI_TEST_CARD_FOREIGN_2023,
} AnyiTestCardKind;

/* Every field any card type has; a kind uses the ones it has. The ID
 * number's 18th character is computed when id_first17 is set. */
typedef struct {
  AnyiTestCardKind kind;
  const char *name;
  const char *english_name; /* 2023: split over its two parts */
  const char *sex;          /* "1" male, "2" female */
  const char *nation;       /* resident: GB 3304 code */
  const char *birth_date;
  const char *address;
  const char *id_first17; /* 18-character numbers */
  const char *id_number;  /* verbatim (2017 residence number, or a wrong one on purpose) */
  const char *authority;
  const char *valid_from;
  const char *valid_to; /* YYYYMMDD or 长期 */
  const char *pass_number;
  const char *issue_count;
  const char *renewal_count;
  const char *nationality;
  const char *card_version;
  const char *authority_code;
} AnyiTestCardSpec;

AnyiTestCardSpec anyi_test_card_spec(AnyiTestCardKind kind);
gboolean anyi_test_card_kind_from_string(const char *name, AnyiTestCardKind *kind);
const char *anyi_test_card_kind_to_string(AnyiTestCardKind kind);
void anyi_test_card_build_text(const AnyiTestCardSpec *spec, guint8 text[256]);
char *anyi_test_card_id_number(const AnyiTestCardSpec *spec);
/* A recognisable, deterministic stand-in for the 1024-byte WLT photo. */
void anyi_test_card_fill_photo(guint8 *photo, gsize len, guint8 seed);

G_END_DECLS
