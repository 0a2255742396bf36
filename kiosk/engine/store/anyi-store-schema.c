/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-schema.c: the schema's history, one migration per version.
 *
 * A migration is never edited once released: a change is a new entry, so a
 * kiosk that was switched off for a year still upgrades step by step. */
#include "anyi-store-private.h"

static const char *const migrations[] = {
    /* 1: cases and their events, handoffs, print jobs, device events, audit, staff */
    "CREATE TABLE cases ("
    "  id INTEGER PRIMARY KEY,"
    "  number TEXT NOT NULL UNIQUE,"
    "  service_id TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  data TEXT NOT NULL DEFAULT '{}',"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX cases_state ON cases(state);"
    "CREATE TABLE case_events ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL,"
    "  event TEXT NOT NULL,"
    "  state_from TEXT,"
    "  state_to TEXT,"
    "  detail TEXT);"
    "CREATE INDEX case_events_case ON case_events(case_id);"
    "CREATE TABLE handoffs ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,"
    "  reason TEXT NOT NULL,"
    "  window TEXT NOT NULL,"
    "  summary TEXT NOT NULL DEFAULT '{}',"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','taken','closed')),"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE print_jobs ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,"
    "  role TEXT NOT NULL,"
    "  template TEXT NOT NULL,"
    "  document_path TEXT,"
    "  state TEXT NOT NULL DEFAULT 'pending',"
    "  cups_job_id INTEGER NOT NULL DEFAULT 0,"
    "  detail TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE TABLE device_events ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  device TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  detail TEXT);"
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  subject TEXT,"
    "  detail TEXT);"
    "CREATE INDEX audit_log_at ON audit_log(at);"
    "CREATE TABLE staff ("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL UNIQUE,"
    "  display_name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('staff','technician')),"
    "  password_hash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL);",

    /* 2: consumables the staff restock, and an index for the retention purge */
    "CREATE TABLE consumables ("
    "  name TEXT PRIMARY KEY,"
    "  level INTEGER NOT NULL,"
    "  capacity INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  updated_by TEXT NOT NULL);"
    "CREATE INDEX cases_updated ON cases(updated_at);"
    "CREATE INDEX device_events_at ON device_events(at);",

    /* 3: one payment per case, keyed before the provider is asked, so a
     * crash after paying finds the payment instead of charging again */
    "CREATE TABLE payments ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  provider TEXT NOT NULL,"
    "  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),"
    "  order_id TEXT,"
    "  qr_payload TEXT,"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN "
    "    ('pending','started','paid','failed','cancelled','timed-out')),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);",

    /* 4: the retention purge's last look at the clock, so that a clock that
     * jumps forward does not wipe personal data before its time */
    "CREATE TABLE retention_clock ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  wall INTEGER NOT NULL,"
    "  boot_id TEXT NOT NULL,"
    "  boot_seconds INTEGER NOT NULL);",

    /* 5: the audit log becomes a hash chain (anyi-store-audit.c): each row
     * holds the SHA-256 of the row before it; the anchor keeps the hash of
     * the last row the audit purge deleted, so the chain still checks after
     * a purge. Rows written before this version stay unlinked (prev_hash
     * NULL) at the head of the chain. Sign-in attempts are looked up by
     * action and answer; the staff page pages open handoffs newest first. */
    "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;"
    "CREATE TABLE audit_anchor ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  last_id INTEGER NOT NULL,"
    "  last_hash TEXT NOT NULL);"
    "CREATE INDEX audit_log_action ON audit_log(action, subject);"
    "CREATE INDEX handoffs_status ON handoffs(status, id);",

    /* 6: a paid case the citizen leaves is refunded; SQLite cannot
     * widen a CHECK in place, so the table is rebuilt */
    "CREATE TABLE payments_new ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  provider TEXT NOT NULL,"
    "  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),"
    "  order_id TEXT,"
    "  qr_payload TEXT,"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN "
    "    ('pending','started','paid','failed','cancelled','timed-out','refunded')),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "INSERT INTO payments_new SELECT * FROM payments;"
    "DROP TABLE payments;"
    "ALTER TABLE payments_new RENAME TO payments;"
    "CREATE INDEX print_jobs_owed ON print_jobs(case_id, template) WHERE state = 'owed';",

    /* 7: print jobs sent straight to the printer: its URI, so that recovery
     * after a crash asks the printer about the job id, not cupsd (NULL:
     * the job went through cupsd) */
    "ALTER TABLE print_jobs ADD COLUMN printer_uri TEXT;",

    /* 8: the staff page's log reads every table newest first from a time
     * (anyi-store-log-query.c), a case's rows by case, and one kind of row
     * (a failed print, a device fault, a staff action) by kind and time */
    "CREATE INDEX case_events_at ON case_events(at);"
    "CREATE INDEX print_jobs_kind ON print_jobs((" ANYI_LOG_PRINT_KINDS "), created_at);"
    "CREATE INDEX device_events_kind ON device_events((" ANYI_LOG_DEVICE_KINDS "), at);"
    "CREATE INDEX audit_log_kind ON audit_log((" ANYI_LOG_AUDIT_KINDS "), at);"
    "CREATE INDEX handoffs_created ON handoffs(created_at);"
    "CREATE INDEX print_jobs_created ON print_jobs(created_at);"
    "CREATE INDEX print_jobs_case ON print_jobs(case_id);"
    "CREATE INDEX audit_log_subject ON audit_log(subject);",

    /* 9: the window console (kiosk/window): who holds a handed-off case, its
     * outcome and the note for the citizen; every claim, note, outcome and
     * 容缺 material received, in order; the materials received close their
     * commitment. Cases are found by the card's ID number at the window. */
    "ALTER TABLE handoffs ADD COLUMN owner TEXT;"
    "ALTER TABLE handoffs ADD COLUMN outcome TEXT CHECK (outcome IN "
    "  ('finished','waiting-for-material','referred','refused'));"
    "ALTER TABLE handoffs ADD COLUMN outcome_reason TEXT;"
    "ALTER TABLE handoffs ADD COLUMN citizen_note TEXT;"
    "ALTER TABLE handoffs ADD COLUMN outcome_at INTEGER;"
    "CREATE TABLE window_actions ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('claim','note','outcome','received')),"
    "  detail TEXT);"
    "CREATE INDEX window_actions_case ON window_actions(case_id, id);"
    "CREATE TABLE window_received ("
    "  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
    "  material_id TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  by TEXT NOT NULL,"
    "  PRIMARY KEY (case_id, material_id));"
    "CREATE INDEX cases_id_number ON cases(json_extract(data, '$.card.id_number'));"
    "CREATE INDEX cases_created ON cases(created_at);",

    /* 10: the hall ledger's outbox (anyi-store-outbox.c): what the pusher still
     * owes the hall's server, written in the same transaction as the case
     * change. AUTOINCREMENT: a sequence number is never reused after its row
     * was sent and deleted, since the server keys its events by it.
     * in_ledger marks a case that reached the outbox once: each later
     * status change follows it there. */
    "CREATE TABLE ledger_outbox ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  case_id INTEGER NOT NULL,"
    "  case_number TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT);"
    "ALTER TABLE cases ADD COLUMN in_ledger INTEGER NOT NULL DEFAULT 0;",

    /* 11: messages to the citizen (ledger/sms/): the queue the sender
     * drains, keyed by case number, kind and sequence so each goes out
     * once; a trigger queues the outcome's message in the very transaction
     * that records it, whichever program records it. The mobile is the one
     * the kiosk's form asked for (NULL: none given, nothing is sent).
     * window_actions.at is the store's clock: anyi_now() is not allowed in
     * a trigger. sms_emulated is what the emulated gateway received. */
    "CREATE TABLE sms_outbox ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  case_number TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('outcome','reminder')),"
    "  mobile TEXT,"
    "  facts TEXT NOT NULL DEFAULT '{}',"
    "  created_at INTEGER NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN "
    "    ('queued','sent','refused','no-mobile')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_try_at INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT,"
    "  done_at INTEGER);"
    "CREATE INDEX sms_outbox_due ON sms_outbox(state, next_try_at);"
    "CREATE TRIGGER sms_on_outcome AFTER INSERT ON window_actions WHEN NEW.kind = 'outcome' "
    "BEGIN "
    "  INSERT OR IGNORE INTO sms_outbox (idempotency_key, case_number, kind, mobile, facts,"
    "    created_at)"
    "  SELECT c.number || ':outcome:' || NEW.id, c.number, 'outcome',"
    "    nullif(trim(json_extract(c.data, '$.form.mobile')), ''),"
    "    json_object('outcome', h.outcome, 'note', h.citizen_note, 'reason', h.outcome_reason),"
    "    NEW.at"
    "  FROM cases AS c JOIN handoffs AS h ON h.case_id = c.id WHERE c.id = NEW.case_id;"
    "END;"
    "CREATE TABLE sms_emulated ("
    "  idempotency_key TEXT PRIMARY KEY,"
    "  mobile TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  submissions INTEGER NOT NULL DEFAULT 1);"
    /* the retention purge wipes a case's data: its messages (mobile and
     * text) go with it, sent or not */
    "CREATE TRIGGER sms_purged_with_case AFTER UPDATE OF data ON cases"
    " WHEN NEW.data = '{}' AND OLD.data <> '{}' "
    "BEGIN "
    "  DELETE FROM sms_outbox WHERE case_number = NEW.number;"
    "  DELETE FROM sms_emulated WHERE substr(idempotency_key, 1, length(NEW.number) + 1) ="
    "    NEW.number || ':';"
    "END;",

    /* 12: staff calls (anyi-store-calls.c): a citizen at the kiosk asked for a
     * member of staff to come over. Raised, then answered (by whom), or
     * cancelled by the citizen, or unanswered when nobody came in time. */
    "CREATE TABLE staff_calls ("
    "  id INTEGER PRIMARY KEY,"
    "  kiosk TEXT NOT NULL,"
    "  raised_at INTEGER NOT NULL,"
    "  case_number TEXT,"
    "  state TEXT NOT NULL DEFAULT 'raised' CHECK (state IN "
    "    ('raised','answered','cancelled','unanswered')),"
    "  answered_by TEXT,"
    "  closed_at INTEGER);"
    "CREATE INDEX staff_calls_open ON staff_calls(state, raised_at);",

    /* 13: a case's revision, one up at each change to the case or a row of
     * it, whichever program makes it: the wall clock (updated_at) can step
     * back and stamps in whole seconds, and a payment or a paper changes
     * no case column. When a technician puts back an older copy of the
     * file, the carry (anyi-store-carry.c) tells by it which of the two
     * has the case further on. A trigger's UPDATE sets revision alone, so
     * it fires none of the triggers on other columns of cases. */
    "ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;"
    "CREATE TRIGGER case_revision_case AFTER UPDATE OF service_id, state, data, created_at,"
    " updated_at, in_ledger ON cases BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.id; END;"
    "CREATE TRIGGER case_revision_event AFTER INSERT ON case_events BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;"
    "CREATE TRIGGER case_revision_handoff_new AFTER INSERT ON handoffs BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;"
    "CREATE TRIGGER case_revision_handoff AFTER UPDATE ON handoffs BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;"
    "CREATE TRIGGER case_revision_payment_new AFTER INSERT ON payments BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;"
    "CREATE TRIGGER case_revision_payment AFTER UPDATE ON payments BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;"
    "CREATE TRIGGER case_revision_print_new AFTER INSERT ON print_jobs BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;"
    "CREATE TRIGGER case_revision_print AFTER UPDATE ON print_jobs BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;"
    "CREATE TRIGGER case_revision_outbox AFTER INSERT ON ledger_outbox BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;"
    "CREATE TRIGGER case_revision_window AFTER INSERT ON window_actions BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;"
    "CREATE TRIGGER case_revision_received AFTER INSERT ON window_received BEGIN"
    "  UPDATE cases SET revision = revision + 1 WHERE id = NEW.case_id; END;",
};

int
anyi_store_latest_schema_version(void)
{
  return G_N_ELEMENTS(migrations);
}

const char *
anyi_store_migration_sql(int version)
{
  g_return_val_if_fail(version >= 1 && version <= (int)G_N_ELEMENTS(migrations), NULL);
  return migrations[version - 1];
}
