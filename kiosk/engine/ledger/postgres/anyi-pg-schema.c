/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-schema.c: the hall ledger's server schema, one migration per
 * version. A migration is never edited once released: a change is a new
 * entry, as in the kiosk's own store (store/anyi-store-schema.c).
 *
 * Who may do what is enforced by the server, not by the clients:
 *   anyi_kiosk       (each kiosk's own login role is a member) inserts and
 *                    updates its own cases and reads only those: row-level
 *                    security on kiosk_id = the kiosk that current_user is;
 *   anyi_window      window staff read every case and update the window's
 *                    columns (status, owner, notes) only;
 *   anyi_supervisor  reads the day's statistics (a view), not the cases. */
#include "anyi-pg-ledger-private.h"

static const char *const migrations[] = {
    /* 1: kiosks, cases, their events and files, roles and policies */
    "DO $$ BEGIN "
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anyi_kiosk') THEN "
    "    CREATE ROLE anyi_kiosk NOLOGIN; END IF; "
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anyi_window') THEN "
    "    CREATE ROLE anyi_window NOLOGIN; END IF; "
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anyi_supervisor') THEN "
    "    CREATE ROLE anyi_supervisor NOLOGIN; END IF; "
    "END $$;"
    "CREATE TABLE ledger_kiosks ("
    "  kiosk_id text PRIMARY KEY,"
    "  role name NOT NULL UNIQUE,"
    "  created_at timestamptz NOT NULL DEFAULT now());"
    /* Not SECURITY DEFINER: there current_user would be the owner. */
    "CREATE FUNCTION ledger_kiosk_id() RETURNS text LANGUAGE sql STABLE "
    "  AS $f$ SELECT kiosk_id FROM ledger_kiosks WHERE role = current_user $f$;"
    "CREATE TABLE cases ("
    "  kiosk_id text NOT NULL,"
    "  number text NOT NULL,"
    "  service_id text NOT NULL,"
    "  state text NOT NULL,"
    "  card jsonb,"
    "  answers jsonb,"
    "  form jsonb,"
    "  missing jsonb,"
    "  commitment jsonb,"
    "  data jsonb NOT NULL DEFAULT '{}',"
    "  payment_amount_fen bigint,"
    "  payment_order_id text,"
    "  payment_state text,"
    "  handoff_reason text,"
    "  handoff_window text,"
    "  handoff_detail jsonb,"
    "  printed jsonb NOT NULL DEFAULT '[]',"
    "  kiosk_created_at timestamptz NOT NULL,"
    "  kiosk_updated_at timestamptz NOT NULL,"
    "  last_seq bigint NOT NULL,"
    "  received_at timestamptz NOT NULL DEFAULT now(),"
    "  window_status text NOT NULL DEFAULT 'waiting' CHECK (window_status IN "
    "    ('waiting', 'claimed', 'finished', 'waiting-material', 'referred', 'refused')),"
    "  window_owner text,"
    "  window_notes text,"
    "  window_citizen_note text,"
    "  window_updated_at timestamptz,"
    "  PRIMARY KEY (kiosk_id, number));"
    "CREATE INDEX cases_waiting ON cases (received_at) WHERE window_status IN ('waiting', "
    "  'claimed');"
    "CREATE TABLE case_events ("
    "  kiosk_id text NOT NULL,"
    "  case_number text NOT NULL,"
    "  seq bigint NOT NULL,"
    "  kind text NOT NULL,"
    "  event text,"
    "  state_from text,"
    "  state_to text,"
    "  detail text,"
    "  at timestamptz NOT NULL,"
    "  PRIMARY KEY (kiosk_id, case_number, seq),"
    "  FOREIGN KEY (kiosk_id, case_number) REFERENCES cases ON DELETE CASCADE);"
    /* The photo and the scans themselves: the window must not need the
     * kiosk. 16 MiB is far above a 300 dpi A4 scan as JPEG. */
    "CREATE TABLE case_files ("
    "  kiosk_id text NOT NULL,"
    "  case_number text NOT NULL,"
    "  name text NOT NULL,"
    "  kind text NOT NULL CHECK (kind IN ('photo', 'photo-best', 'scan')),"
    "  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),"
    "  size integer NOT NULL CHECK (size BETWEEN 1 AND 16777216),"
    "  data bytea NOT NULL CHECK (octet_length(data) = size),"
    "  PRIMARY KEY (kiosk_id, case_number, name),"
    "  FOREIGN KEY (kiosk_id, case_number) REFERENCES cases ON DELETE CASCADE);"
    "CREATE VIEW ledger_daily_stats AS"
    "  SELECT kiosk_created_at::date AS day, service_id,"
    "    count(*) AS cases,"
    "    count(*) FILTER (WHERE state = 'handed-off') AS handed_off,"
    "    count(*) FILTER (WHERE state <> 'handed-off') AS finished_at_kiosk,"
    "    count(*) FILTER (WHERE window_status = 'finished') AS finished_at_window"
    "  FROM cases GROUP BY 1, 2;"
    "ALTER TABLE cases ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE case_events ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE case_files ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY kiosk_own ON cases TO anyi_kiosk"
    "  USING (kiosk_id = ledger_kiosk_id()) WITH CHECK (kiosk_id = ledger_kiosk_id());"
    "CREATE POLICY kiosk_own ON case_events TO anyi_kiosk"
    "  USING (kiosk_id = ledger_kiosk_id()) WITH CHECK (kiosk_id = ledger_kiosk_id());"
    "CREATE POLICY kiosk_own ON case_files TO anyi_kiosk"
    "  USING (kiosk_id = ledger_kiosk_id()) WITH CHECK (kiosk_id = ledger_kiosk_id());"
    "CREATE POLICY window_all ON cases TO anyi_window USING (true);"
    "CREATE POLICY window_all ON case_events TO anyi_window USING (true);"
    "CREATE POLICY window_all ON case_files TO anyi_window USING (true);"
    "GRANT SELECT ON ledger_kiosks TO anyi_kiosk, anyi_window;"
    "GRANT SELECT, INSERT ON cases, case_events, case_files TO anyi_kiosk;"
    "GRANT UPDATE (service_id, state, card, answers, form, missing, commitment, data,"
    "  payment_amount_fen, payment_order_id, payment_state, handoff_reason, handoff_window,"
    "  handoff_detail, printed, kiosk_updated_at, last_seq) ON cases TO anyi_kiosk;"
    "GRANT SELECT ON cases, case_events, case_files TO anyi_window;"
    "GRANT UPDATE (window_status, window_owner, window_notes, window_citizen_note,"
    "  window_updated_at) ON cases TO anyi_window;"
    "GRANT SELECT ON ledger_daily_stats TO anyi_supervisor, anyi_window;",

    /* 2: the window console's side (AnyiLedgerPg): a queue position and
     * the handoff's time on each case, the outcome's reason and time, the
     * window's actions, the 容缺 materials received, the audit of ID
     * number reveals; a NOTIFY for the live queue; the queue's and the
     * searches' indexes. Kiosks get nothing new to read or write: their
     * own cases' window columns were readable already, which is how a
     * kiosk learns the window's outcome for its progress query. */
    "ALTER TABLE cases ADD COLUMN ledger_id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,"
    "  ADD COLUMN handoff_at timestamptz,"
    "  ADD COLUMN window_outcome_reason text,"
    "  ADD COLUMN window_outcome_at timestamptz;"
    "UPDATE cases SET handoff_at = kiosk_updated_at WHERE handoff_reason IS NOT NULL;"
    /* When the case first arrives handed off: the kiosk's time of that push. */
    "CREATE FUNCTION ledger_handoff_at() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN"
    "  IF NEW.handoff_reason IS NOT NULL AND NEW.handoff_at IS NULL THEN"
    "    NEW.handoff_at := NEW.kiosk_updated_at; END IF;"
    "  RETURN NEW; END $f$;"
    "CREATE TRIGGER cases_handoff_at BEFORE INSERT OR UPDATE ON cases"
    "  FOR EACH ROW EXECUTE FUNCTION ledger_handoff_at();"
    /* The payload is the case number alone: listeners read the rest
     * through their own rights. */
    "CREATE FUNCTION ledger_notify_case() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN"
    "  PERFORM pg_notify('anyi_ledger_cases', NEW.number); RETURN NULL; END $f$;"
    "CREATE TRIGGER cases_notify AFTER INSERT OR UPDATE ON cases"
    "  FOR EACH ROW EXECUTE FUNCTION ledger_notify_case();"
    "CREATE INDEX cases_queue ON cases (ledger_id) WHERE handoff_reason IS NOT NULL"
    "  AND window_status IN ('waiting', 'claimed', 'waiting-material');"
    "CREATE INDEX cases_number ON cases (number, ledger_id);"
    "CREATE INDEX cases_id_number ON cases ((card->>'id_number'), ledger_id);"
    "CREATE INDEX cases_created ON cases (kiosk_created_at);"
    "CREATE INDEX case_events_case ON case_events (kiosk_id, case_number);"
    "CREATE TABLE window_actions ("
    "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  kiosk_id text NOT NULL,"
    "  case_number text NOT NULL,"
    "  at timestamptz NOT NULL DEFAULT now(),"
    "  actor text NOT NULL,"
    "  db_role name NOT NULL DEFAULT current_user,"
    "  kind text NOT NULL,"
    "  detail text,"
    "  FOREIGN KEY (kiosk_id, case_number) REFERENCES cases ON DELETE CASCADE);"
    "CREATE INDEX window_actions_case ON window_actions (kiosk_id, case_number);"
    "CREATE TABLE window_received ("
    "  kiosk_id text NOT NULL,"
    "  case_number text NOT NULL,"
    "  material_id text NOT NULL,"
    "  at timestamptz NOT NULL DEFAULT now(),"
    "  by text NOT NULL,"
    "  PRIMARY KEY (kiosk_id, case_number, material_id),"
    "  FOREIGN KEY (kiosk_id, case_number) REFERENCES cases ON DELETE CASCADE);"
    /* Who saw an ID number: windows add lines, only a supervisor reads them. */
    "CREATE TABLE window_audit ("
    "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  at timestamptz NOT NULL DEFAULT now(),"
    "  staff text NOT NULL,"
    "  db_role name NOT NULL DEFAULT current_user,"
    "  action text NOT NULL,"
    "  kiosk_id text NOT NULL,"
    "  case_number text NOT NULL);"
    "ALTER TABLE window_actions ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE window_received ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE window_audit ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY window_all ON window_actions TO anyi_window USING (true)"
    "  WITH CHECK (db_role = current_user);"
    "CREATE POLICY window_all ON window_received TO anyi_window USING (true);"
    "CREATE POLICY window_adds ON window_audit FOR INSERT TO anyi_window"
    "  WITH CHECK (db_role = current_user);"
    "CREATE POLICY supervisor_reads ON window_audit FOR SELECT TO anyi_supervisor USING (true);"
    "GRANT SELECT, INSERT ON window_actions, window_received TO anyi_window;"
    "GRANT INSERT ON window_audit TO anyi_window;"
    "GRANT SELECT ON window_audit TO anyi_supervisor;"
    /* the console checks the server is new enough for it */
    "GRANT SELECT ON ledger_schema TO anyi_window;"
    "GRANT UPDATE (window_outcome_reason, window_outcome_at) ON cases TO anyi_window;",

    /* 3: messages to the citizen (ledger/sms/): when a window sets an
     * outcome, a trigger queues the message in the same transaction,
     * whichever program wrote it. The key (kiosk, case, kind, sequence) is
     * UNIQUE, so a message is queued once and a gateway delivers it once.
     * SECURITY DEFINER: window roles need no right to insert; kiosks may
     * not read the queue at all (it holds other kiosks' mobiles). */
    "CREATE TABLE sms_outbox ("
    "  id bigserial PRIMARY KEY,"
    "  idempotency_key text NOT NULL UNIQUE,"
    "  kiosk_id text NOT NULL,"
    "  case_number text NOT NULL,"
    "  kind text NOT NULL CHECK (kind IN ('outcome', 'reminder')),"
    "  mobile text,"
    "  facts jsonb NOT NULL DEFAULT '{}',"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  state text NOT NULL DEFAULT 'queued' CHECK (state IN "
    "    ('queued', 'sent', 'refused', 'no-mobile')),"
    "  attempts integer NOT NULL DEFAULT 0,"
    "  next_try_at timestamptz NOT NULL DEFAULT now(),"
    "  last_error text,"
    "  done_at timestamptz,"
    "  FOREIGN KEY (kiosk_id, case_number) REFERENCES cases ON DELETE CASCADE);"
    "CREATE INDEX sms_outbox_due ON sms_outbox (next_try_at) WHERE state = 'queued';"
    "CREATE FUNCTION ledger_sms_on_outcome() RETURNS trigger LANGUAGE plpgsql"
    "  SECURITY DEFINER SET search_path FROM CURRENT AS $f$ "
    "BEGIN "
    "  INSERT INTO sms_outbox (idempotency_key, kiosk_id, case_number, kind, mobile, facts)"
    "  VALUES (NEW.kiosk_id || ':' || NEW.number || ':outcome:' || (SELECT count(*) + 1"
    "      FROM sms_outbox WHERE kiosk_id = NEW.kiosk_id AND case_number = NEW.number"
    "      AND kind = 'outcome'),"
    "    NEW.kiosk_id, NEW.number, 'outcome', nullif(btrim(NEW.form ->> 'mobile'), ''),"
    "    jsonb_build_object('outcome', CASE NEW.window_status WHEN 'waiting-material'"
    "      THEN 'waiting-for-material' ELSE NEW.window_status END,"
    "      'note', NEW.window_citizen_note))"
    "  ON CONFLICT (idempotency_key) DO NOTHING;"
    "  RETURN NULL;"
    "END $f$;"
    "REVOKE ALL ON FUNCTION ledger_sms_on_outcome() FROM PUBLIC;"
    "CREATE TRIGGER sms_on_outcome AFTER UPDATE OF window_status ON cases FOR EACH ROW"
    "  WHEN (NEW.window_status IS DISTINCT FROM OLD.window_status AND NEW.window_status IN"
    "    ('finished', 'waiting-material', 'referred', 'refused'))"
    "  EXECUTE FUNCTION ledger_sms_on_outcome();"
    "ALTER TABLE sms_outbox ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY window_all ON sms_outbox TO anyi_window USING (true);"
    "GRANT SELECT, UPDATE (state, attempts, next_try_at, last_error, done_at) ON sms_outbox"
    "  TO anyi_window;",

    /* 4: the server's SMS sender (ledger/sms/anyi-sms-pg-sender.c): what
     * the emulated gateway delivered, written in the transaction that marks
     * the message sent; and the daily 容缺 reminder sweep, SECURITY DEFINER
     * like the outcome's trigger (windows may not insert into the queue).
     * One reminder per case and deadline, ever: the key holds both. Only
     * materials not received are named; a case the window finished, referred
     * or refused is not reminded. */
    "CREATE TABLE sms_emulated ("
    "  idempotency_key text PRIMARY KEY,"
    "  mobile text NOT NULL,"
    "  text text NOT NULL,"
    "  at timestamptz NOT NULL DEFAULT now(),"
    "  submissions integer NOT NULL DEFAULT 1);"
    "ALTER TABLE sms_emulated ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY window_all ON sms_emulated TO anyi_window USING (true);"
    "GRANT SELECT, INSERT, UPDATE (submissions) ON sms_emulated TO anyi_window;"
    "CREATE FUNCTION ledger_sms_sweep_reminders(today date, days integer) RETURNS integer"
    "  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $f$ "
    "DECLARE added integer; "
    "BEGIN "
    "  INSERT INTO sms_outbox (idempotency_key, kiosk_id, case_number, kind, mobile, facts)"
    "  SELECT c.kiosk_id || ':' || c.number || ':reminder:' || (c.data -> 'notice' ->> 'deadline'),"
    "    c.kiosk_id, c.number, 'reminder', nullif(btrim(c.form ->> 'mobile'), ''),"
    "    jsonb_build_object('deadline', c.data -> 'notice' ->> 'deadline', 'materials', owed.names)"
    "  FROM cases AS c CROSS JOIN LATERAL (SELECT jsonb_agg(m ->> 'name' ORDER BY n) AS names"
    "    FROM jsonb_array_elements(CASE jsonb_typeof(c.data -> 'notice' -> 'materials')"
    "      WHEN 'array' THEN c.data -> 'notice' -> 'materials' ELSE '[]' END)"
    "      WITH ORDINALITY AS e (m, n)"
    "    WHERE NOT EXISTS (SELECT 1 FROM window_received AS r WHERE r.kiosk_id = c.kiosk_id"
    "      AND r.case_number = c.number AND r.material_id = m ->> 'id')) AS owed"
    "  WHERE c.state IN ('accepted-with-missing-materials', 'handed-off')"
    "    AND c.window_status NOT IN ('finished', 'referred', 'refused')"
    "    AND (c.data -> 'notice' ->> 'deadline') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"
    "    AND (c.data -> 'notice' ->> 'deadline') BETWEEN to_char(today, 'YYYY-MM-DD')"
    "      AND to_char(today + days, 'YYYY-MM-DD')"
    "    AND owed.names IS NOT NULL"
    "  ON CONFLICT (idempotency_key) DO NOTHING;"
    "  GET DIAGNOSTICS added = ROW_COUNT;"
    "  RETURN added;"
    "END $f$;"
    "REVOKE ALL ON FUNCTION ledger_sms_sweep_reminders(date, integer) FROM PUBLIC;"
    "GRANT EXECUTE ON FUNCTION ledger_sms_sweep_reminders(date, integer) TO anyi_window;",

    /* 5: staff records on the server (ledger/postgres/anyi-pg-staff.c), so
     * a window PC needs no kiosk database to sign in. Hashes are yescrypt
     * as in the kiosk's store; window roles never read them directly:
     * window_sign_in_begin() checks the lockout (ANYI_STAFF_* limits: 5
     * failures of a login, 10 of one window role, within 10 minutes) and
     * logs the attempt before it hands out the hash; an attempt that
     * window_sign_in_end() never answers counts as a failure. */
    "CREATE TABLE window_staff ("
    "  login text PRIMARY KEY CHECK (login ~ '^[0-9]{1,16}$'),"
    "  display_name text NOT NULL CHECK (display_name <> ''),"
    "  role text NOT NULL CHECK (role IN ('staff', 'technician')),"
    "  password_hash text NOT NULL,"
    "  disabled boolean NOT NULL DEFAULT false,"
    "  created_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE window_staff_audit ("
    "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  at timestamptz NOT NULL DEFAULT now(),"
    "  login text NOT NULL,"
    "  db_role name NOT NULL DEFAULT session_user,"
    "  action text NOT NULL,"
    "  attempt bigint,"
    "  detail text);"
    "CREATE INDEX window_staff_audit_login ON window_staff_audit (login, at);"
    "CREATE INDEX window_staff_audit_role ON window_staff_audit (db_role, at);"
    /* failures: attempts nobody answered with a sign-in, after the last
     * sign-in of that login (for the per-login count) */
    "CREATE FUNCTION window_sign_in_locked(p_login text, p_max integer, p_by_role boolean)"
    "  RETURNS boolean LANGUAGE sql STABLE AS $f$ "
    "  WITH f AS (SELECT a.at FROM window_staff_audit AS a WHERE a.action = 'sign-in-attempt'"
    "    AND a.at > now() - interval '20 minutes'"
    "    AND (CASE WHEN p_by_role THEN a.db_role = session_user ELSE a.login = p_login AND"
    "      a.id > coalesce((SELECT max(s.attempt) FROM window_staff_audit AS s WHERE"
    "        s.action = 'sign-in' AND s.login = p_login), 0) END)"
    "    AND NOT EXISTS (SELECT FROM window_staff_audit AS s WHERE s.action = 'sign-in'"
    "      AND s.attempt = a.id)) "
    "  SELECT EXISTS (SELECT FROM f AS newest WHERE newest.at > now() - interval '10 minutes'"
    "    AND (SELECT count(*) FROM f AS g WHERE g.at <= newest.at"
    "      AND g.at > newest.at - interval '10 minutes') >= p_max) $f$;"
    "CREATE FUNCTION window_sign_in_begin(p_login text, OUT attempt bigint, OUT locked boolean,"
    "  OUT password_hash text, OUT display_name text, OUT role text)"
    "  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $f$ "
    "BEGIN "
    "  locked := window_sign_in_locked(p_login, 5, false)"
    "    OR window_sign_in_locked(p_login, 10, true);"
    "  IF locked THEN"
    "    INSERT INTO window_staff_audit (login, action, detail)"
    "      VALUES (p_login, 'sign-in-locked', 'locked-out');"
    "    RETURN;"
    "  END IF;"
    "  INSERT INTO window_staff_audit (login, action) VALUES (p_login, 'sign-in-attempt')"
    "    RETURNING id INTO attempt;"
    "  SELECT s.password_hash, s.display_name, s.role INTO password_hash, display_name, role"
    "    FROM window_staff AS s WHERE s.login = p_login AND NOT s.disabled;"
    "END $f$;"
    "CREATE FUNCTION window_sign_in_end(p_attempt bigint, p_ok boolean, p_detail text)"
    "  RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $f$ "
    "  INSERT INTO window_staff_audit (login, action, attempt, detail)"
    "  SELECT a.login, CASE WHEN p_ok THEN 'sign-in' ELSE 'sign-in-failed' END, a.id, p_detail"
    "  FROM window_staff_audit AS a WHERE a.id = p_attempt AND a.action = 'sign-in-attempt'"
    "  AND a.db_role = session_user AND NOT EXISTS (SELECT FROM window_staff_audit AS s"
    "    WHERE s.attempt = a.id) $f$;"
    "REVOKE ALL ON FUNCTION window_sign_in_locked(text, integer, boolean) FROM PUBLIC;"
    "REVOKE ALL ON FUNCTION window_sign_in_begin(text) FROM PUBLIC;"
    "REVOKE ALL ON FUNCTION window_sign_in_end(bigint, boolean, text) FROM PUBLIC;"
    "GRANT EXECUTE ON FUNCTION window_sign_in_begin(text) TO anyi_window;"
    "GRANT EXECUTE ON FUNCTION window_sign_in_end(bigint, boolean, text) TO anyi_window;"
    "ALTER TABLE window_staff ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE window_staff_audit ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY supervisor_reads ON window_staff_audit FOR SELECT TO anyi_supervisor"
    "  USING (true);"
    "GRANT SELECT ON window_staff_audit TO anyi_supervisor;",

    /* 6: citizens calling staff to a kiosk (人工帮助), sent through the
     * kiosk's outbox (kind "staff-call", anyi-pg-calls.c) so that consoles
     * on the server list them and answer them. A kiosk writes its own
     * calls; a newer entry (seq) wins, but never reopens a call a window
     * answered. The live queue hears of them as of cases. */
    "CREATE TABLE staff_calls ("
    "  kiosk_id text NOT NULL,"
    "  call_id bigint NOT NULL,"
    "  seq bigint NOT NULL,"
    "  case_number text,"
    "  raised_at timestamptz NOT NULL,"
    "  state text NOT NULL CHECK (state IN ('raised', 'answered', 'cancelled', 'unanswered')),"
    "  answered_by text,"
    "  closed_at timestamptz,"
    "  PRIMARY KEY (kiosk_id, call_id));"
    "CREATE INDEX staff_calls_open ON staff_calls (raised_at) WHERE state = 'raised';"
    "CREATE FUNCTION ledger_notify_call() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN"
    "  PERFORM pg_notify('anyi_ledger_cases', 'call:' || NEW.kiosk_id); RETURN NULL; END $f$;"
    "CREATE TRIGGER staff_calls_notify AFTER INSERT OR UPDATE ON staff_calls"
    "  FOR EACH ROW EXECUTE FUNCTION ledger_notify_call();"
    "ALTER TABLE staff_calls ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY kiosk_own ON staff_calls TO anyi_kiosk"
    "  USING (kiosk_id = ledger_kiosk_id()) WITH CHECK (kiosk_id = ledger_kiosk_id());"
    "CREATE POLICY window_all ON staff_calls TO anyi_window USING (true);"
    "GRANT SELECT, INSERT, UPDATE ON staff_calls TO anyi_kiosk;"
    "GRANT SELECT, UPDATE (state, answered_by, closed_at) ON staff_calls TO anyi_window;",

    /* 7: a window's answer to a staff call wakes its kiosk's pusher at once
     * (LISTEN on a channel of its own: a kiosk hears of its own calls only,
     * and the payload is the call's id alone; the kiosk then reads the
     * answer under its own row-level rights). And each kiosk letter is held
     * by one kiosk id: case numbers are unique per letter and day, so a
     * second kiosk configured with a held letter must not send cases under
     * it. A kiosk claims its letter and reads who holds the others; it never
     * takes over or releases one: that is a technician's DELETE. */
    "CREATE FUNCTION ledger_call_channel(kiosk text) RETURNS text LANGUAGE sql STABLE"
    "  AS $f$ SELECT 'anyi_call_' || left(encode(sha256(convert_to(kiosk, 'UTF8')), 'hex'), 40)"
    "  $f$;"
    "CREATE FUNCTION ledger_notify_call_answered() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN"
    "  PERFORM pg_notify(ledger_call_channel(NEW.kiosk_id), NEW.call_id::text); RETURN NULL;"
    "  END $f$;"
    "CREATE TRIGGER staff_calls_answered AFTER UPDATE OF state ON staff_calls FOR EACH ROW"
    "  WHEN (NEW.state = 'answered' AND OLD.state IS DISTINCT FROM 'answered')"
    "  EXECUTE FUNCTION ledger_notify_call_answered();"
    "CREATE TABLE kiosk_letters ("
    "  letter text PRIMARY KEY CHECK (letter ~ '^[A-Z]$'),"
    "  kiosk_id text NOT NULL,"
    "  claimed_at timestamptz NOT NULL DEFAULT now());"
    "ALTER TABLE kiosk_letters ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY kiosk_reads ON kiosk_letters FOR SELECT TO anyi_kiosk USING (true);"
    "CREATE POLICY kiosk_claims ON kiosk_letters FOR INSERT TO anyi_kiosk"
    "  WITH CHECK (kiosk_id = ledger_kiosk_id());"
    "CREATE POLICY window_reads ON kiosk_letters FOR SELECT TO anyi_window USING (true);"
    "GRANT SELECT, INSERT ON kiosk_letters TO anyi_kiosk;"
    "GRANT SELECT ON kiosk_letters TO anyi_window;",
};

int
anyi_pg_ledger_latest_version(void)
{
  return G_N_ELEMENTS(migrations);
}

const char *
anyi_pg_ledger_migration_sql(int version)
{
  g_return_val_if_fail(version >= 1 && version <= (int)G_N_ELEMENTS(migrations), NULL);
  return migrations[version - 1];
}
