/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ledger-sqlite.c: the window's ledger over a real kiosk database.
 *
 * Cases are made as the kiosk makes them (the store's own calls, photos and
 * scans kept as files), then the window opens, claims, notes and ends them
 * through AnyiLedger, as the console does. */
#include "cases/anyi-case.h"
#include "ledger/anyi-ledger-sqlite.h"
#include "temp-store.h"

#include <glib/gstdio.h>

#define ID_NUMBER "11010519491231002X"

typedef struct {
  TempStore temp;
  AnyiLedger *ledger;
} Fixture;

static gint64 test_clock = 1764460800; /* 2025-11-30 00:00 UTC */

static gint64
fake_now(void)
{
  return test_clock;
}

static void
fixture_set_up(Fixture *fixture, gconstpointer data)
{
  test_clock = 1764489600; /* 2025-11-30 08:00 UTC */
  anyi_store_set_clock(temp_store_open(&fixture->temp), fake_now);
  fixture->ledger = anyi_ledger_sqlite_new(fixture->temp.store, "kiosk-A");
}

static void
fixture_tear_down(Fixture *fixture, gconstpointer data)
{
  g_clear_object(&fixture->ledger);
  temp_store_clear(&fixture->temp);
}

/* A JPEG as the kiosk keeps it: the start-of-image marker, then bytes. */
static char *
keep_jpeg(Fixture *fixture, const char *name, const char *content)
{
  char *path = g_build_filename(fixture->temp.dir, name, NULL);
  g_autofree char *bytes = g_strconcat("\xff\xd8\xff\xe0", content, "\xff\xd9", NULL);

  g_assert_true(g_file_set_contents(path, bytes, -1, NULL));
  return path;
}

/* A renewal the kiosk handed off after collecting everything: the card,
 * answers, form, the photo, one scan, the 容缺 commitment, the fee. */
static char *
hand_off_renewal(Fixture *fixture, const char *reason, const char *id_number)
{
  AnyiStore *store = fixture->temp.store;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo = keep_jpeg(fixture, "photo.jpg", "face");
  g_autofree char *scan = keep_jpeg(fixture, "doc-residence.jpg", "page");
  g_autoptr(AnyiStoredCase) stored =
      anyi_store_case_create(store, "idcard-renewal", 'A', "started", &error);
  g_autofree char *data = NULL, *key = NULL;
  g_autoptr(AnyiStoredPayment) payment = NULL;

  g_assert_no_error(error);
  data = g_strdup_printf(
      "{\"card\": {\"name\": \"张三\", \"id_number\": \"%s\", \"address\": \"北京市\"},"
      " \"answers\": {\"lost\": false}, \"form\": {\"phone\": \"13800000000\"},"
      " \"photo\": \"%s\", \"documents\": {\"residence-proof\": \"%s\"},"
      " \"commitment\": {\"date\": \"2025-11-30\"},"
      " \"notice\": {\"deadline\": \"2025-12-10\", \"materials\": [{\"id\": "
      "\"household-register\", \"name\": \"居民户口簿\"}]}}",
      id_number, photo, scan);
  g_assert_true(anyi_store_case_transition(store, stored->id, "started", "collecting", "collect",
                                           NULL, data, &error));
  g_assert_no_error(error);
  key = g_strdup_printf("key-%s", stored->number);
  payment = anyi_store_payment_open(store, stored->id, key, "emulated", 2000, &error);
  g_assert_nonnull(payment);
  g_assert_true(anyi_store_payment_update(store, stored->id, "paid", "ORDER-9", "qr", &error));
  g_assert_true(anyi_store_case_hand_off(
      store, stored->id, "collecting", reason, "5",
      "{\"reason\": \"x\", \"detail\": \"no fingerprint reader\"}", NULL, &error));
  g_assert_no_error(error);
  return g_strdup(stored->number);
}

static void
assert_bytes_are_file(GBytes *bytes, const char *path)
{
  g_autofree char *expected = NULL;
  gsize length;

  g_assert_nonnull(bytes);
  g_assert_true(g_file_get_contents(path, &expected, &length, NULL));
  g_assert_cmpmem(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes), expected, length);
}

/* The slip's QR code is the case number; a scanner types it with a line
 * end, maybe in lower case; the window may type the ID number instead. */
static void
test_find_every_way(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off_renewal(fixture, "window-finishes", ID_NUMBER);
  g_autofree char *lower = g_ascii_strdown(number, -1);
  g_autofree char *scanned = g_strdup_printf(" %s\r\n", lower);
  g_autoptr(GError) error = NULL;
  g_autofree char *by_number = anyi_ledger_find(fixture->ledger, number, &error);
  g_autofree char *by_scan = anyi_ledger_find(fixture->ledger, scanned, &error);
  g_autofree char *by_id = anyi_ledger_find(fixture->ledger, "11010519491231002x", &error);
  g_autofree char *nothing = NULL;

  g_assert_no_error(error);
  g_assert_cmpstr(by_number, ==, number);
  g_assert_cmpstr(by_scan, ==, number);
  g_assert_cmpstr(by_id, ==, number);
  nothing = anyi_ledger_find(fixture->ledger, "1130-Z999", &error);
  g_assert_null(nothing);
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND);
}

/* Everything the kiosk collected reaches the window: nothing asked again. */
static void
test_case_content(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off_renewal(fixture, "window-finishes", ID_NUMBER);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedgerCase) kase = anyi_ledger_get_case(fixture->ledger, number, &error);
  g_autofree char *photo = g_build_filename(fixture->temp.dir, "photo.jpg", NULL);
  g_autofree char *scan = g_build_filename(fixture->temp.dir, "doc-residence.jpg", NULL);
  AnyiLedgerImage *image;
  AnyiLedgerCommitment *commitment;

  g_assert_no_error(error);
  g_assert_cmpstr(json_object_get_string_member(kase->card, "name"), ==, "张三");
  g_assert_cmpstr(anyi_ledger_case_id_number(kase), ==, ID_NUMBER);
  g_assert_false(json_object_get_boolean_member(kase->answers, "lost"));
  g_assert_cmpstr(json_object_get_string_member(kase->form, "phone"), ==, "13800000000");
  g_assert_cmpint(kase->amount_fen, ==, 2000);
  g_assert_cmpstr(kase->order_id, ==, "ORDER-9");
  g_assert_cmpstr(kase->payment_state, ==, "paid");
  g_assert_cmpstr(kase->reason, ==, "window-finishes");
  g_assert_cmpstr(kase->reason_detail, ==, "no fingerprint reader");
  g_assert_cmpstr(kase->kiosk_id, ==, "kiosk-A");
  g_assert_cmpint(kase->handed_off_at, ==, test_clock);
  g_assert_cmpstr(kase->status, ==, ANYI_LEDGER_STATUS_WAITING);
  g_assert_cmpuint(kase->images->len, ==, 2);
  image = g_ptr_array_index(kase->images, 0);
  g_assert_cmpstr(image->what, ==, "photo");
  assert_bytes_are_file(image->jpeg, photo);
  image = g_ptr_array_index(kase->images, 1);
  g_assert_cmpstr(image->what, ==, "residence-proof");
  assert_bytes_are_file(image->jpeg, scan);
  g_assert_cmpuint(kase->commitments->len, ==, 1);
  commitment = g_ptr_array_index(kase->commitments, 0);
  g_assert_cmpstr(commitment->name, ==, "居民户口簿");
  g_assert_cmpstr(commitment->deadline, ==, "2025-12-10");
  g_assert_cmpstr(commitment->committed_on, ==, "2025-11-30");
  g_assert_cmpint(commitment->received_at, ==, 0);
}

/* A picture the retention purge removed, or a file that is no JPEG, or a
 * link planted in its place, shows as a problem, never as bytes. */
static void
test_images_hostile(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off_renewal(fixture, "window-finishes", ID_NUMBER);
  g_autofree char *photo = g_build_filename(fixture->temp.dir, "photo.jpg", NULL);
  g_autofree char *scan = g_build_filename(fixture->temp.dir, "doc-residence.jpg", NULL);
  g_autoptr(AnyiLedgerCase) kase = NULL;

  g_assert_cmpint(g_unlink(photo), ==, 0);
  g_assert_cmpint(g_unlink(scan), ==, 0);
  g_assert_cmpint(symlink("/etc/passwd", scan), ==, 0);
  kase = anyi_ledger_get_case(fixture->ledger, number, NULL);
  for (guint i = 0; i < kase->images->len; i++) {
    AnyiLedgerImage *image = g_ptr_array_index(kase->images, i);
    g_assert_null(image->jpeg);
    g_assert_nonnull(image->problem);
  }
}

static gboolean
history_has(const AnyiLedgerCase *kase, const char *actor, const char *what)
{
  for (guint i = 0; i < kase->history->len; i++) {
    AnyiLedgerEvent *event = g_ptr_array_index(kase->history, i);
    if (g_str_equal(event->actor, actor) && g_str_equal(event->what, what))
      return TRUE;
  }
  return FALSE;
}

/* One window holds a case; another cannot take it or end it. */
static void
test_claim_note_outcome(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off_renewal(fixture, "window-finishes", ID_NUMBER);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedgerCase) kase = NULL;
  g_autoptr(GPtrArray) queue = NULL;

  g_assert_true(anyi_ledger_claim(fixture->ledger, number, "wang", &error));
  g_assert_true(anyi_ledger_claim(fixture->ledger, number, "wang", &error));
  g_assert_no_error(error);
  g_assert_false(anyi_ledger_claim(fixture->ledger, number, "li", &error));
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_CONFLICT);
  g_clear_error(&error);
  g_assert_true(anyi_ledger_add_note(fixture->ledger, number, "wang", "指纹已采集", &error));
  g_assert_false(anyi_ledger_add_note(fixture->ledger, number, "wang", "  ", &error));
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                            ANYI_LEDGER_OUTCOME_REFUSED, NULL, NULL, &error));
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(anyi_ledger_record_outcome(fixture->ledger, number, "li",
                                            ANYI_LEDGER_OUTCOME_FINISHED, NULL, NULL, &error));
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_CONFLICT);
  g_clear_error(&error);
  test_clock += 600;
  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_FINISHED, NULL,
                                           "新证件约20个工作日后领取", &error));
  g_assert_no_error(error);

  kase = anyi_ledger_get_case(fixture->ledger, number, &error);
  g_assert_cmpstr(kase->status, ==, ANYI_LEDGER_STATUS_CLOSED);
  g_assert_cmpstr(kase->owner, ==, "wang");
  g_assert_cmpint(kase->outcome, ==, ANYI_LEDGER_OUTCOME_FINISHED);
  g_assert_cmpstr(kase->citizen_note, ==, "新证件约20个工作日后领取");
  g_assert_true(history_has(kase, "kiosk", "handoff"));
  g_assert_true(history_has(kase, "wang", "claim"));
  g_assert_true(history_has(kase, "wang", "note"));
  g_assert_true(history_has(kase, "wang", "outcome"));
  /* closed: out of the queue, and nobody changes it again */
  queue = anyi_ledger_list_waiting(fixture->ledger, 0, 50, &error);
  g_assert_cmpuint(queue->len, ==, 0);
  g_assert_false(anyi_ledger_claim(fixture->ledger, number, "wang", &error));
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_CONFLICT);
}

/* The citizen's progress query hears the window's outcome and its note. */
static void
test_answer_for_citizen(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off_renewal(fixture, "window-finishes", ID_NUMBER);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedgerAnswer) none =
      anyi_ledger_answer_for_citizen(fixture->ledger, ID_NUMBER, &error);
  g_autoptr(AnyiLedgerAnswer) answer = NULL;

  g_assert_null(none);
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_REFUSED, "不符合换领条件",
                                           "请携带户口簿到3号窗口", &error));
  answer = anyi_ledger_answer_for_citizen(fixture->ledger, ID_NUMBER, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(answer->case_number, ==, number);
  g_assert_cmpint(answer->outcome, ==, ANYI_LEDGER_OUTCOME_REFUSED);
  g_assert_cmpstr(answer->citizen_note, ==, "请携带户口簿到3号窗口");
}

/* Oldest first, a page at a time; waiting for material keeps a case open. */
static void
test_queue_and_hard_cases(Fixture *fixture, gconstpointer data)
{
  g_autofree char *first = hand_off_renewal(fixture, "window-finishes", "110105194912310011");
  g_autofree char *second = NULL, *third = NULL;
  g_autoptr(GPtrArray) page = NULL, next = NULL, hard = NULL;
  AnyiLedgerListing *listing;

  test_clock += 60;
  second = hand_off_renewal(fixture, "recovery-failed", "110105194912310038");
  test_clock += 60;
  third = hand_off_renewal(fixture, "citizen-asked", "110105194912310046");
  page = anyi_ledger_list_waiting(fixture->ledger, 0, 2, NULL);
  g_assert_cmpuint(page->len, ==, 2);
  g_assert_cmpstr(((AnyiLedgerListing *)page->pdata[0])->case_number, ==, first);
  g_assert_cmpstr(((AnyiLedgerListing *)page->pdata[1])->case_number, ==, second);
  next = anyi_ledger_list_waiting(fixture->ledger, ((AnyiLedgerListing *)page->pdata[1])->position,
                                  2, NULL);
  g_assert_cmpuint(next->len, ==, 1);
  g_assert_cmpstr(((AnyiLedgerListing *)next->pdata[0])->case_number, ==, third);

  g_assert_true(anyi_ledger_record_outcome(
      fixture->ledger, first, "wang", ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL, NULL, NULL, NULL));
  /* within the hour: only the recovery failure is hard */
  hard = anyi_ledger_hard_cases(fixture->ledger, 3600, NULL);
  g_assert_cmpuint(hard->len, ==, 1);
  listing = hard->pdata[0];
  g_assert_cmpstr(listing->case_number, ==, second);
  g_assert_false(listing->overdue);
  g_clear_pointer(&hard, g_ptr_array_unref);
  /* two hours on: every open one waits too long, the one waiting for
   * material too, with its owner */
  test_clock += 7200;
  hard = anyi_ledger_hard_cases(fixture->ledger, 3600, NULL);
  g_assert_cmpuint(hard->len, ==, 3);
  listing = hard->pdata[0];
  g_assert_cmpstr(listing->case_number, ==, first);
  g_assert_true(listing->overdue);
  g_assert_cmpstr(listing->owner, ==, "wang");
  g_assert_cmpstr(listing->status, ==, ANYI_LEDGER_STATUS_CLAIMED);
  g_assert_cmpuint(listing->history_length, >=, 3);
}

/* 容缺: due, overdue after its deadline, closed when received. */
static void
test_commitments(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off_renewal(fixture, "window-finishes", ID_NUMBER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) owed = anyi_ledger_commitments(fixture->ledger, FALSE, &error);
  g_autoptr(GPtrArray) after = NULL, all = NULL;
  GDate before_deadline, after_deadline;

  g_assert_no_error(error);
  g_assert_cmpuint(owed->len, ==, 1);
  g_date_clear(&before_deadline, 1);
  g_date_set_dmy(&before_deadline, 10, 12, 2025);
  g_date_clear(&after_deadline, 1);
  g_date_set_dmy(&after_deadline, 11, 12, 2025);
  g_assert_cmpstr(anyi_ledger_commitment_state(owed->pdata[0], &before_deadline), ==, "due");
  g_assert_cmpstr(anyi_ledger_commitment_state(owed->pdata[0], &after_deadline), ==, "overdue");

  g_assert_false(
      anyi_ledger_material_received(fixture->ledger, number, "passport", "wang", &error));
  g_assert_error(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_true(
      anyi_ledger_material_received(fixture->ledger, number, "household-register", "wang", &error));
  g_assert_true(
      anyi_ledger_material_received(fixture->ledger, number, "household-register", "li", &error));
  g_assert_no_error(error);
  after = anyi_ledger_commitments(fixture->ledger, FALSE, NULL);
  g_assert_cmpuint(after->len, ==, 0);
  all = anyi_ledger_commitments(fixture->ledger, TRUE, NULL);
  g_assert_cmpuint(all->len, ==, 1);
  g_assert_cmpstr(((AnyiLedgerCommitment *)all->pdata[0])->received_by, ==, "wang");
  g_assert_cmpstr(anyi_ledger_commitment_state(all->pdata[0], &after_deadline), ==, "received");
}

/* The day's figures, and the CSV a supervisor opens in a spreadsheet. */
static void
test_day_stats(Fixture *fixture, gconstpointer data)
{
  AnyiStore *store = fixture->temp.store;
  g_autofree char *first = hand_off_renewal(fixture, "window-finishes", ID_NUMBER);
  g_autoptr(AnyiStoredCase) done = NULL;
  g_autoptr(AnyiLedgerStats) stats = NULL;
  g_autofree char *csv = NULL;
  GDate day;

  test_clock += 100;
  done = anyi_store_case_create(store, "no-criminal-record", 'A', "reviewing", NULL);
  test_clock += 300;
  g_assert_true(anyi_store_case_transition(store, done->id, "reviewing", "submitted", "submit",
                                           NULL, NULL, NULL));
  test_clock += 900;
  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, first, "wang",
                                           ANYI_LEDGER_OUTCOME_FINISHED, NULL, NULL, NULL));
  g_date_clear(&day, 1);
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local(test_clock);
    g_date_set_dmy(&day, g_date_time_get_day_of_month(now), g_date_time_get_month(now),
                   g_date_time_get_year(now));
  }
  stats = anyi_ledger_day_stats(fixture->ledger, &day, NULL);
  g_assert_cmpuint(stats->cases, ==, 2);
  g_assert_cmpuint(stats->finished_at_kiosk, ==, 1);
  g_assert_cmpuint(stats->handed_off, ==, 1);
  g_assert_cmpuint(stats->reasons->len, ==, 1);
  g_assert_cmpint(stats->median_window_seconds, ==, 1300);
  csv = anyi_ledger_stats_to_csv(stats);
  g_assert_true(g_str_has_prefix(csv, "kind,name,cases,finished_at_kiosk,handed_off\r\n"));
  g_assert_nonnull(strstr(csv, "service,idcard-renewal,1,0,1\r\n"));
  g_assert_nonnull(strstr(csv, "service,no-criminal-record,1,1,0\r\n"));
  g_assert_nonnull(strstr(csv, "reason,window-finishes,1,0,1\r\n"));
}

/* Reveal of the ID number leaves a line in the audit log. */
static void
test_reveal_audited(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off_renewal(fixture, "window-finishes", ID_NUMBER);
  g_autoptr(GPtrArray) entries = NULL;
  AnyiAuditEntry *entry;

  g_assert_true(anyi_ledger_audit_reveal(fixture->ledger, number, "wang", NULL));
  entries =
      anyi_store_audit_list_by(fixture->temp.store, "wang", "window-reveal-id-number", 0, 10, NULL);
  g_assert_cmpuint(entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr(entry->subject, ==, number);
}

/* The retention purge takes the window's notes and its words to the
 * citizen with the rest of the case's personal data. */
static void
test_purge_takes_window_words(Fixture *fixture, gconstpointer data)
{
  g_autofree char *number = hand_off_renewal(fixture, "window-finishes", ID_NUMBER);
  g_autoptr(AnyiLedgerCase) kase = NULL;

  g_assert_true(anyi_ledger_add_note(fixture->ledger, number, "wang", "住址已变更为朝阳区", NULL));
  g_assert_true(anyi_ledger_record_outcome(fixture->ledger, number, "wang",
                                           ANYI_LEDGER_OUTCOME_REFUSED, "户籍不在本区",
                                           "请到户籍地办理", NULL));
  test_clock += 100;
  g_assert_cmpint(
      anyi_store_purge(fixture->temp.store, test_clock, anyi_case_final_state_names(), NULL), ==,
      1);
  kase = anyi_ledger_get_case(fixture->ledger, number, NULL);
  g_assert_null(kase->citizen_note);
  g_assert_null(kase->outcome_reason);
  g_assert_null(kase->card);
  for (guint i = 0; i < kase->history->len; i++) {
    AnyiLedgerEvent *event = g_ptr_array_index(kase->history, i);
    g_assert_true(g_strcmp0(event->detail, "住址已变更为朝阳区") != 0);
    g_assert_null(strstr(event->detail ? event->detail : "", "户籍不在本区"));
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/ledger/sqlite/find-every-way", test_find_every_way);
  ADD("/ledger/sqlite/case-content", test_case_content);
  ADD("/ledger/sqlite/images-hostile", test_images_hostile);
  ADD("/ledger/sqlite/claim-note-outcome", test_claim_note_outcome);
  ADD("/ledger/sqlite/answer-for-citizen", test_answer_for_citizen);
  ADD("/ledger/sqlite/queue-and-hard-cases", test_queue_and_hard_cases);
  ADD("/ledger/sqlite/commitments", test_commitments);
  ADD("/ledger/sqlite/day-stats", test_day_stats);
  ADD("/ledger/sqlite/reveal-audited", test_reveal_audited);
  ADD("/ledger/sqlite/purge-takes-window-words", test_purge_takes_window_words);
  return g_test_run();
}
