/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-reader.c: SAM_V commands on top of a transport: bounded retries
 * for malformed answers, a SAM reset when its self-test failed, and the
 * find -> select -> read sequence. */
#include "idcard-reader.h"

#include "idcard-proto.h"
#include "usb/anyi-secure.h"
#include "idcard-transport.h"

#include <string.h>

#define CARD_ATTEMPTS 3   /* find/select/read rounds before asking the citizen */
#define POLL_STEP_MS  200 /* anyi_idcard_read_once's polling */

struct _AnyiIdcardReader {
  AnyiIdcardTransport *transport;
  const AnyiIdcardReaderModel *model;
};

/* A decoded answer that owns its bytes. */
typedef struct {
  GBytes *bytes;
  AnyiIdcardFrame frame;
} Answer;

static void
answer_clear(Answer *answer)
{
  g_clear_pointer(&answer->bytes, g_bytes_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Answer, answer_clear)

AnyiIdcardReader *
anyi_idcard_reader_open(libusb_device *device, const AnyiIdcardReaderModel *model, GError **error)
{
  AnyiIdcardTransport *transport = anyi_idcard_transport_open(device, model, error);
  if (transport == NULL)
    return NULL;
  AnyiIdcardReader *reader = g_new0(AnyiIdcardReader, 1);
  reader->transport = transport;
  reader->model = model;
  return reader;
}

void
anyi_idcard_reader_free(AnyiIdcardReader *reader)
{
  if (reader == NULL)
    return;
  anyi_idcard_transport_close(reader->transport);
  g_free(reader);
}

const AnyiIdcardReaderModel *
anyi_idcard_reader_get_model(AnyiIdcardReader *reader)
{
  return reader->model;
}

static gboolean
exchange_once(AnyiIdcardReader *reader, AnyiIdcardCommand command, Answer *answer, GError **error)
{
  g_autoptr(GBytes) request = anyi_idcard_proto_encode_request(command, NULL, 0);
  if (!anyi_idcard_transport_send(reader->transport, request, error))
    return FALSE;
  answer->bytes =
      anyi_idcard_transport_receive(reader->transport, ANYI_IDCARD_ANSWER_TIMEOUT_MS, error);
  if (answer->bytes == NULL)
    return FALSE;
  /* the transport checked the frame; this only locates its parts */
  gsize len = 0;
  const guint8 *data = g_bytes_get_data(answer->bytes, &len);
  if (!anyi_idcard_proto_decode_exact(data, len, &answer->frame, error))
    return FALSE;
  if (answer->frame.body_len < 3) {
    g_set_error(error, ANYI_IDCARD_PROTO_ERROR, ANYI_IDCARD_PROTO_ERROR_LENGTH,
                "the answer has %zu body bytes, too few for SW1 SW2 SW3", answer->frame.body_len);
    return FALSE;
  }
  return TRUE;
}

static gboolean
worth_asking_again(const GError *error)
{
  return error->domain == ANYI_IDCARD_PROTO_ERROR ||
         g_error_matches(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_READER_FAULT);
}

/* Sends a command and returns its checked answer; malformed answers and
 * silences are asked again a bounded number of times. */
static gboolean
exchange_with_retries(AnyiIdcardReader *reader, AnyiIdcardCommand command, Answer *answer,
                      GError **error)
{
  g_autoptr(GError) last = NULL;
  for (int attempt = 1;; attempt++) {
    answer_clear(answer);
    g_clear_error(&last);
    if (exchange_once(reader, command, answer, &last))
      return TRUE;
    if (!worth_asking_again(last) || attempt == ANYI_IDCARD_COMMAND_ATTEMPTS)
      break;
    g_info("idcard: %s: %s; asking again", anyi_idcard_command_name(command), last->message);
  }
  int code = last->domain == ANYI_IDCARD_ERROR ? last->code : ANYI_IDCARD_ERROR_READER_FAULT;
  g_set_error(error, ANYI_IDCARD_ERROR, code, "%s: %s%s", anyi_idcard_command_name(command),
              last->message, worth_asking_again(last) ? ", every time it was asked" : "");
  return FALSE;
}

/* As exchange_with_retries, and a SAM that failed its self-test (SW3 60)
 * is reset once and asked again; if it fails again the caller sees SW3 60. */
static gboolean
exchange(AnyiIdcardReader *reader, AnyiIdcardCommand command, Answer *answer, GError **error)
{
  if (!exchange_with_retries(reader, command, answer, error))
    return FALSE;
  if (anyi_idcard_frame_sw3(&answer->frame) != ANYI_IDCARD_SW3_SAM_SELFTEST ||
      command == ANYI_IDCARD_CMD_RESET_SAM)
    return TRUE;
  g_warning("idcard: %s: the SAM reports a failed self-test (SW3 60); resetting it",
            anyi_idcard_command_name(command));
  g_auto(Answer) reset = {0};
  if (!exchange_with_retries(reader, ANYI_IDCARD_CMD_RESET_SAM, &reset, error))
    return FALSE;
  return exchange_with_retries(reader, command, answer, error);
}

/* Turns an SW3 that is not the one wanted into the error its outcome calls for. */
static void
set_sw3_error(GError **error, AnyiIdcardCommand command, guint8 sw3)
{
  static const int codes[] = {
      [ANYI_IDCARD_OUTCOME_SUCCESS] =
          ANYI_IDCARD_ERROR_READER_FAULT, /* success, but not the expected one */
      [ANYI_IDCARD_OUTCOME_CITIZEN_RETRY] = ANYI_IDCARD_ERROR_RETRY,
      [ANYI_IDCARD_OUTCOME_CARD_UNREADABLE] = ANYI_IDCARD_ERROR_UNREADABLE,
      [ANYI_IDCARD_OUTCOME_READER_FAULT] = ANYI_IDCARD_ERROR_READER_FAULT,
  };
  g_set_error(error, ANYI_IDCARD_ERROR, codes[anyi_idcard_sw3_outcome(sw3)],
              "%s: the reader answered SW3 %02X: %s", anyi_idcard_command_name(command), sw3,
              anyi_idcard_sw3_describe(sw3));
}

static gboolean
command_expect(AnyiIdcardReader *reader, AnyiIdcardCommand command, guint8 want, Answer *answer,
               GError **error)
{
  if (!exchange(reader, command, answer, error))
    return FALSE;
  guint8 sw3 = anyi_idcard_frame_sw3(&answer->frame);
  if (sw3 == want)
    return TRUE;
  set_sw3_error(error, command, sw3);
  return FALSE;
}

gboolean
anyi_idcard_reader_sam_status(AnyiIdcardReader *reader, GError **error)
{
  g_auto(Answer) answer = {0};
  return command_expect(reader, ANYI_IDCARD_CMD_SAM_STATUS, ANYI_IDCARD_SW3_SUCCESS, &answer,
                        error);
}

AnyiIdcardProbe
anyi_idcard_reader_probe(AnyiIdcardReader *reader, GError **error)
{
  g_autoptr(GError) local = NULL;
  if (anyi_idcard_reader_sam_status(reader, &local))
    return ANYI_IDCARD_PROBE_READY;
  if (reader->model->transport == ANYI_IDCARD_TRANSPORT_SERIAL &&
      anyi_idcard_transport_heard_nothing(reader->transport)) {
    g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_READER,
                "%s: nothing answers behind the bridge; it is left alone (%s)", reader->model->name,
                local->message);
    return ANYI_IDCARD_PROBE_NOT_A_READER;
  }
  g_propagate_error(error, g_steal_pointer(&local));
  return ANYI_IDCARD_PROBE_FAULT;
}

/* The 16-byte SAM serial as hex: vendors group its digits differently. */
char *
anyi_idcard_reader_sam_id(AnyiIdcardReader *reader, GError **error)
{
  g_auto(Answer) answer = {0};
  if (!command_expect(reader, ANYI_IDCARD_CMD_SAM_ID, ANYI_IDCARD_SW3_SUCCESS, &answer, error))
    return NULL;
  GString *hex = g_string_new(NULL);
  for (gsize i = 3; i < answer.frame.body_len; i++)
    g_string_append_printf(hex, "%02X", answer.frame.body[i]);
  return g_string_free(hex, FALSE);
}

gboolean
anyi_idcard_reader_find_card(AnyiIdcardReader *reader, gboolean *present, GError **error)
{
  g_auto(Answer) answer = {0};
  if (!exchange(reader, ANYI_IDCARD_CMD_FIND_CARD, &answer, error))
    return FALSE;
  guint8 sw3 = anyi_idcard_frame_sw3(&answer.frame);
  *present = sw3 == ANYI_IDCARD_SW3_CARD_FOUND;
  if (*present || sw3 == ANYI_IDCARD_SW3_NO_CARD)
    return TRUE;
  set_sw3_error(error, ANYI_IDCARD_CMD_FIND_CARD, sw3);
  return FALSE;
}

static AnyiIdCard *
card_from_read_answer(const Answer *answer, GError **error)
{
  AnyiIdcardReadData parts;
  g_autoptr(GError) local = NULL;
  if (!anyi_idcard_proto_split_read_data(answer->frame.body + 3, answer->frame.body_len - 3, &parts,
                                         &local)) {
    g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_UNREADABLE, "read answer: %s",
                local->message);
    return NULL;
  }
  AnyiIdCard *card = anyi_id_card_parse(parts.text, parts.text_len, &local);
  if (card == NULL) {
    g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_UNREADABLE, "card text: %s",
                local->message);
    return NULL;
  }
  card->photo = anyi_secure_bytes_new(parts.photo, parts.photo_len);
  if (parts.fingerprint)
    card->fingerprint = anyi_secure_bytes_new(parts.fingerprint, parts.fingerprint_len);
  return card;
}

/* UCS-2LE, space padded, like the text block's fields. */
static char *
appended_address_text(const guint8 *data, gsize len)
{
  gsize units = len / 2;
  g_autofree gunichar2 *utf16 = g_new0(gunichar2, units + 1);
  for (gsize i = 0; i < units; i++)
    utf16[i] = data[2 * i] | data[2 * i + 1] << 8;
  while (units > 0 && (utf16[units - 1] == ' ' || utf16[units - 1] == 0))
    units--;
  char *text = g_utf16_to_utf8(utf16, units, NULL, NULL, NULL);
  return text ? g_strstrip(text) : NULL;
}

/* The appended address is extra: a card without one, or a reader that
 * does not know 30 03, must not fail the read. */
static void
read_appended_address(AnyiIdcardReader *reader, AnyiIdCard *card)
{
  g_auto(Answer) answer = {0};
  g_autoptr(GError) error = NULL;
  if (!exchange(reader, ANYI_IDCARD_CMD_READ_APPENDED, &answer, &error)) {
    g_info("idcard: no appended address: %s", error->message);
    return;
  }
  guint8 sw3 = anyi_idcard_frame_sw3(&answer.frame);
  if (sw3 != ANYI_IDCARD_SW3_SUCCESS) {
    g_debug("idcard: appended address: SW3 %02X: %s", sw3, anyi_idcard_sw3_describe(sw3));
    return;
  }
  card->appended_address = appended_address_text(answer.frame.body + 3, answer.frame.body_len - 3);
}

static AnyiIdCard *
read_card_once(AnyiIdcardReader *reader, const AnyiIdcardReadOptions *options, GError **error)
{
  g_auto(Answer) select = {0};
  g_auto(Answer) read = {0};
  AnyiIdcardCommand command = options && options->fingerprint ? ANYI_IDCARD_CMD_READ_WITH_FINGER
                                                              : ANYI_IDCARD_CMD_READ_TEXT_PHOTO;
  if (!command_expect(reader, ANYI_IDCARD_CMD_SELECT_CARD, ANYI_IDCARD_SW3_SUCCESS, &select,
                      error) ||
      !command_expect(reader, command, ANYI_IDCARD_SW3_SUCCESS, &read, error))
    return NULL;
  AnyiIdCard *card = card_from_read_answer(&read, error);
  if (card != NULL && card->card_type == ANYI_ID_CARD_TYPE_RESIDENT)
    read_appended_address(reader, card);
  return card;
}

/* Select and read a card that find_card reported. A card moved in the
 * middle is tried again a few times before the citizen is asked. */
AnyiIdCard *
anyi_idcard_reader_read_card(AnyiIdcardReader *reader, const AnyiIdcardReadOptions *options,
                             GError **error)
{
  for (int attempt = 1;; attempt++) {
    g_autoptr(GError) local = NULL;
    AnyiIdCard *card = read_card_once(reader, options, &local);
    if (card != NULL)
      return card;
    gboolean again = g_error_matches(local, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_RETRY) &&
                     attempt < CARD_ATTEMPTS;
    gboolean present = FALSE;
    if (!again || !anyi_idcard_reader_find_card(reader, &present, NULL) || !present) {
      g_propagate_error(error, g_steal_pointer(&local));
      return NULL;
    }
    g_info("idcard: %s; reading again", local->message);
  }
}

void
anyi_idcard_reader_info_free(AnyiIdcardReaderInfo *info)
{
  g_free(info->name);
  g_free(info->sam_id);
  g_free(info->problem);
  g_free(info);
}

static AnyiIdcardReaderInfo *
describe_reader(libusb_device *device, const AnyiIdcardReaderModel *model)
{
  AnyiIdcardReaderInfo *info = g_new0(AnyiIdcardReaderInfo, 1);
  g_autoptr(GError) error = NULL;
  info->name = g_strdup(model->name);
  info->transport = anyi_idcard_transport_describe(model);
  info->bus = libusb_get_bus_number(device);
  info->address = libusb_get_device_address(device);
  info->vid = model->vid;
  info->pid = model->pid;
  g_autoptr(AnyiIdcardReader) reader = anyi_idcard_reader_open(device, model, &error);
  if (reader != NULL && (info->sam_ok = anyi_idcard_reader_sam_status(reader, &error)))
    info->sam_id = anyi_idcard_reader_sam_id(reader, &error);
  if (error != NULL)
    info->problem = g_strdup(error->message);
  return info;
}

static const AnyiIdcardReaderModel *
match_device(libusb_device *device, GPtrArray *table)
{
  struct libusb_device_descriptor desc;
  if (libusb_get_device_descriptor(device, &desc) != 0)
    return NULL;
  return anyi_idcard_device_table_match(table, desc.idVendor, desc.idProduct);
}

GPtrArray *
anyi_idcard_list_readers(const char *device_table_path, GError **error)
{
  g_autoptr(GPtrArray) table = anyi_idcard_device_table_load(device_table_path, error);
  if (table == NULL)
    return NULL;
  libusb_context *usb = NULL;
  int rc = libusb_init(&usb);
  if (rc != 0) {
    g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_READER, "libusb: %s",
                libusb_strerror(rc));
    return NULL;
  }
  GPtrArray *found = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_idcard_reader_info_free);
  libusb_device **devices = NULL;
  ssize_t n = libusb_get_device_list(usb, &devices);
  for (ssize_t i = 0; i < n; i++) {
    const AnyiIdcardReaderModel *model = match_device(devices[i], table);
    if (model != NULL)
      g_ptr_array_add(found, describe_reader(devices[i], model));
  }
  if (n >= 0)
    libusb_free_device_list(devices, TRUE);
  libusb_exit(usb);
  return found;
}

libusb_device *
anyi_idcard_find_reader_device(libusb_context *usb, GPtrArray *table, GPtrArray *skip,
                               const AnyiIdcardReaderModel **model)
{
  libusb_device **devices = NULL;
  libusb_device *found = NULL;
  ssize_t n = libusb_get_device_list(usb, &devices);
  for (ssize_t i = 0; i < n && found == NULL; i++) {
    if (skip != NULL && g_ptr_array_find(skip, devices[i], NULL))
      continue;
    *model = match_device(devices[i], table);
    if (*model != NULL)
      found = libusb_ref_device(devices[i]);
  }
  if (n >= 0)
    libusb_free_device_list(devices, TRUE);
  return found;
}

static AnyiIdCard *
wait_and_read(AnyiIdcardReader *reader, guint wait_ms, const AnyiIdcardReadOptions *options,
              GError **error)
{
  gint64 deadline = g_get_monotonic_time() + wait_ms * G_TIME_SPAN_MILLISECOND;
  for (;;) {
    gboolean present = FALSE;
    if (!anyi_idcard_reader_find_card(reader, &present, error))
      return NULL;
    if (present)
      return anyi_idcard_reader_read_card(reader, options, error);
    if (g_get_monotonic_time() >= deadline) {
      g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_CARD,
                  "no card was placed on the reader within %u ms", wait_ms);
      return NULL;
    }
    g_usleep(POLL_STEP_MS * 1000);
  }
}

/* The first attached device of the table that proves to be a reader. */
static AnyiIdcardReader *
open_working_reader(libusb_context *usb, GPtrArray *table, const char *table_path, GError **error)
{
  g_autoptr(GPtrArray) skip = g_ptr_array_new_with_free_func((GDestroyNotify)libusb_unref_device);
  for (;;) {
    const AnyiIdcardReaderModel *model = NULL;
    libusb_device *device = anyi_idcard_find_reader_device(usb, table, skip, &model);
    if (device == NULL) {
      g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_READER,
                  "no working reader of those listed in %s is connected", table_path);
      return NULL;
    }
    g_ptr_array_add(skip, device);
    g_autoptr(GError) local = NULL;
    g_autoptr(AnyiIdcardReader) reader = anyi_idcard_reader_open(device, model, &local);
    AnyiIdcardProbe probe =
        reader ? anyi_idcard_reader_probe(reader, &local) : ANYI_IDCARD_PROBE_FAULT;
    if (probe == ANYI_IDCARD_PROBE_READY)
      return g_steal_pointer(&reader);
    if (probe == ANYI_IDCARD_PROBE_FAULT) {
      g_propagate_error(error, g_steal_pointer(&local));
      return NULL;
    }
    g_message("idcard: %s", local->message);
  }
}

AnyiIdCard *
anyi_idcard_read_once(const char *device_table_path, guint wait_ms,
                      const AnyiIdcardReadOptions *options, GError **error)
{
  g_autoptr(GPtrArray) table = anyi_idcard_device_table_load(device_table_path, error);
  if (table == NULL)
    return NULL;
  libusb_context *usb = NULL;
  int rc = libusb_init(&usb);
  if (rc != 0) {
    g_set_error(error, ANYI_IDCARD_ERROR, ANYI_IDCARD_ERROR_NO_READER, "libusb: %s",
                libusb_strerror(rc));
    return NULL;
  }
  AnyiIdcardReader *reader = open_working_reader(usb, table, device_table_path, error);
  AnyiIdCard *card = reader ? wait_and_read(reader, wait_ms, options, error) : NULL;
  anyi_idcard_reader_free(reader);
  libusb_exit(usb);
  return card;
}
