/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gen-idcard-samples: writes the sample files of tests/idcard/data/.
 *
 *   gen-idcard-samples DIR
 *
 * Good answers for each card type (whole "read text + photo" frames, one
 * with fingerprint, and bare 256-byte text blocks) and one file per
 * malformation that `anyictl idcard decode` must name. The test
 * idcard-samples-current checks the committed files are what this writes. */
#include "idcard-cards.h"
#include "idcard/idcard-proto.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

static void
build_text(AnyiTestCardKind kind, const char *valid_to, guint8 text[256])
{
  AnyiTestCardSpec spec = anyi_test_card_spec(kind);
  if (valid_to)
    spec.valid_to = valid_to;
  anyi_test_card_build_text(&spec, text);
}

/* A whole answer to 30 01, or to 30 10 with a fingerprint. */
static GByteArray *
read_answer(const guint8 text[256], gboolean fingerprint, guint8 sw3)
{
  gsize head = fingerprint ? 6 : 4;
  gsize len = head + 256 + 1024 + (fingerprint ? 1024 : 0);
  g_autofree guint8 *data = g_malloc0(len);
  data[0] = 0x01; /* 256 */
  data[2] = 0x04; /* 1024 */
  if (fingerprint)
    data[4] = 0x04;
  memcpy(data + head, text, 256);
  anyi_test_card_fill_photo(data + head + 256, 1024, 0x5A);
  if (fingerprint)
    anyi_test_card_fill_photo(data + head + 256 + 1024, 1024, 0xC3);
  g_autoptr(GBytes) frame = anyi_idcard_proto_encode_answer(sw3, data, len);
  GByteArray *out = g_byte_array_new();
  g_byte_array_append(out, g_bytes_get_data(frame, NULL), g_bytes_get_size(frame));
  return out;
}

static void
write_file(const char *dir, const char *name, const guint8 *data, gsize len)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_file_set_contents(path, (const char *)data, len, &error))
    g_error("%s", error->message);
}

static void
write_array(const char *dir, const char *name, GByteArray *bytes)
{
  write_file(dir, name, bytes->data, bytes->len);
  g_byte_array_unref(bytes);
}

static void
write_good(const char *dir)
{
  guint8 text[256];
  build_text(ANYI_TEST_CARD_RESIDENT, NULL, text);
  write_array(dir, "resident-read.bin", read_answer(text, FALSE, 0x90));
  build_text(ANYI_TEST_CARD_RESIDENT, "长期", text);
  write_file(dir, "resident-long-term-text.bin", text, sizeof text);
  build_text(ANYI_TEST_CARD_PERMIT, NULL, text);
  write_array(dir, "permit-read-fingerprint.bin", read_answer(text, TRUE, 0x90));
  build_text(ANYI_TEST_CARD_FOREIGN_2017, NULL, text);
  write_file(dir, "foreign2017-text.bin", text, sizeof text);
  build_text(ANYI_TEST_CARD_FOREIGN_2023, NULL, text);
  write_array(dir, "foreign2023-read.bin", read_answer(text, FALSE, 0x90));
}

static void
write_bad(const char *dir)
{
  guint8 text[256];
  build_text(ANYI_TEST_CARD_RESIDENT, NULL, text);
  GByteArray *checksum = read_answer(text, FALSE, 0x90);
  checksum->data[checksum->len - 1] ^= 0xFF;
  write_array(dir, "bad-checksum.bin", checksum);
  GByteArray *truncated = read_answer(text, FALSE, 0x90);
  g_byte_array_set_size(truncated, truncated->len - 100);
  write_array(dir, "bad-length.bin", truncated);
  GByteArray *preamble = read_answer(text, FALSE, 0x90);
  preamble->data[0] = 0x55;
  write_array(dir, "bad-preamble.bin", preamble);
  write_array(dir, "bad-status-41.bin", read_answer(text, FALSE, 0x41));
  text[248] = 'Q';
  write_file(dir, "bad-card-type-text.bin", text, sizeof text);
}

int
main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: gen-idcard-samples DIR\n");
    return 2;
  }
  g_mkdir_with_parents(argv[1], 0755);
  write_good(argv[1]);
  write_bad(argv[1]);
  return 0;
}
