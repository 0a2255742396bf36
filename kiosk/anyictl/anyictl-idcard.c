/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl idcard: the technician's view of the ID card reader.
 *
 *   anyictl idcard list                 readers found, transport, SAM status, SAM ID
 *   anyictl idcard read [--full] [--fingerprint] [--wait SECONDS]
 *                                       read one card, print its fields as JSON
 *   anyictl idcard decode FILE [--full] decode a saved answer to "read text + photo"
 *                                       (with or without fingerprint) or a bare
 *                                       256-byte text block
 * The ID number is masked unless --full. Bad input: exit 1 and one line on
 * stderr naming the problem (preamble, length, checksum, status, card type, text). */
#include "anyictl-commands.h"

#include "idcard/idcard-card.h"
#include "idcard/idcard-proto.h"
#include "idcard/idcard-reader.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_WAIT_S 10

static int
usage(void)
{
  fprintf(stderr, "usage: anyictl idcard list\n"
                  "       anyictl idcard read [--full] [--fingerprint] [--wait SECONDS]\n"
                  "       anyictl idcard decode FILE [--full]\n");
  return 2;
}

static const char *
problem_name(const GError *error)
{
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    return "status";
  if (error->domain != ANYI_IDCARD_PROTO_ERROR)
    return "error";
  switch ((AnyiIdcardProtoError)error->code) {
  case ANYI_IDCARD_PROTO_ERROR_PREAMBLE:
    return "preamble";
  case ANYI_IDCARD_PROTO_ERROR_LENGTH:
  case ANYI_IDCARD_PROTO_ERROR_PAYLOAD:
    return "length";
  case ANYI_IDCARD_PROTO_ERROR_CHECKSUM:
    return "checksum";
  case ANYI_IDCARD_PROTO_ERROR_CARD_TYPE:
    return "card type";
  case ANYI_IDCARD_PROTO_ERROR_TEXT:
    return "text";
  }
  return "error";
}

/* The text block of a whole read answer, or the file itself when it is
 * a bare block. */
static AnyiIdCard *
decode_bytes(const guint8 *data, gsize len, GError **error)
{
  if (len == ANYI_IDCARD_TEXT_LEN && memcmp(data, anyi_idcard_preamble, 3) != 0)
    return anyi_id_card_parse(data, len, error);
  AnyiIdcardFrame frame;
  AnyiIdcardReadData parts;
  if (!anyi_idcard_proto_decode_exact(data, len, &frame, error))
    return NULL;
  if (frame.body_len < 3 || anyi_idcard_frame_sw3(&frame) != ANYI_IDCARD_SW3_SUCCESS) {
    guint8 sw3 = frame.body_len < 3 ? 0 : anyi_idcard_frame_sw3(&frame);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                "the frame is not a successful read answer (SW3 %02X: %s)", sw3,
                anyi_idcard_sw3_describe(sw3));
    return NULL;
  }
  if (!anyi_idcard_proto_split_read_data(frame.body + 3, frame.body_len - 3, &parts, error))
    return NULL;
  AnyiIdCard *card = anyi_id_card_parse(parts.text, parts.text_len, error);
  if (card != NULL) {
    card->photo = g_bytes_new(parts.photo, parts.photo_len);
    if (parts.fingerprint)
      card->fingerprint = g_bytes_new(parts.fingerprint, parts.fingerprint_len);
  }
  return card;
}

static int
print_card(const AnyiIdCard *card, gboolean full)
{
  g_autofree char *json = anyi_id_card_to_json(card, full);
  printf("%s\n", json);
  return 0;
}

static int
decode_main(int argc, char **argv)
{
  gboolean full = FALSE;
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (g_str_equal(argv[i], "--full"))
      full = TRUE;
    else if (path == NULL && argv[i][0] != '-')
      path = argv[i];
    else
      return usage();
  }
  if (path == NULL)
    return usage();
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;
  if (!g_file_get_contents(path, &contents, &len, &error)) {
    fprintf(stderr, "anyictl idcard decode: %s\n", error->message);
    return 1;
  }
  g_autoptr(AnyiIdCard) card = decode_bytes((const guint8 *)contents, len, &error);
  if (card == NULL) {
    fprintf(stderr, "anyictl idcard decode: %s: %s: %s\n", path, problem_name(error),
            error->message);
    return 1;
  }
  return print_card(card, full);
}

static char *
table_path(void)
{
  return anyi_idcard_device_table_default_path();
}

static int
list_main(int argc, char **argv)
{
  if (argc != 1)
    return usage();
  g_autofree char *table = table_path();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) readers = anyi_idcard_list_readers(table, &error);
  if (readers == NULL) {
    fprintf(stderr, "anyictl idcard list: %s\n", error->message);
    return 1;
  }
  if (readers->len == 0) {
    fprintf(stderr, "anyictl idcard list: no reader listed in %s is connected\n", table);
    return 1;
  }
  for (guint i = 0; i < readers->len; i++) {
    const AnyiIdcardReaderInfo *info = g_ptr_array_index(readers, i);
    printf("%03u:%03u %04x:%04x %s\n  transport: %s\n  SAM: %s\n  SAM ID: %s\n", info->bus,
           info->address, info->vid, info->pid, info->name, info->transport,
           info->sam_ok ? "ok" : (info->problem ? info->problem : "not ok"),
           info->sam_id ? info->sam_id : "(unknown)");
  }
  return 0;
}

static int
read_main(int argc, char **argv)
{
  gboolean full = FALSE, fingerprint = FALSE;
  guint wait_s = DEFAULT_WAIT_S;
  for (int i = 1; i < argc; i++) {
    if (g_str_equal(argv[i], "--full"))
      full = TRUE;
    else if (g_str_equal(argv[i], "--fingerprint"))
      fingerprint = TRUE;
    else if (g_str_equal(argv[i], "--wait") && i + 1 < argc)
      wait_s = g_ascii_strtoull(argv[++i], NULL, 10);
    else
      return usage();
  }
  g_autofree char *table = table_path();
  g_autoptr(GError) error = NULL;
  AnyiIdcardReadOptions options = {.fingerprint = fingerprint};
  g_autoptr(AnyiIdCard) card = anyi_idcard_read_once(table, wait_s * 1000, &options, &error);
  if (card == NULL) {
    fprintf(stderr, "anyictl idcard read: %s\n", error->message);
    return 1;
  }
  return print_card(card, full);
}

int
anyictl_idcard_main(int argc, char **argv)
{
  if (argc < 2)
    return usage();
  const char *verb = argv[1];
  if (g_str_equal(verb, "list"))
    return list_main(argc - 1, argv + 1);
  if (g_str_equal(verb, "read"))
    return read_main(argc - 1, argv + 1);
  if (g_str_equal(verb, "decode"))
    return decode_main(argc - 1, argv + 1);
  return usage();
}
