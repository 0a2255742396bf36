/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store.h: the kiosk's one SQLite database.
 *
 * This module owns every SQL statement of the kiosk. Callers see plain C
 * records; statements are prepared once and kept. All writes that belong
 * together run in one transaction, so a power cut leaves either the old or
 * the new state, never a mix. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANYI_STORE_ERROR (anyi_store_error_quark())
GQuark anyi_store_error_quark(void);

typedef enum {
  ANYI_STORE_ERROR_OPEN,      /* the file cannot be opened or is not a database */
  ANYI_STORE_ERROR_SCHEMA,    /* the schema is newer than this program, or a migration failed */
  ANYI_STORE_ERROR_CONFLICT,  /* the row changed under us (e.g. a case moved on already) */
  ANYI_STORE_ERROR_NOT_FOUND, /* no such row */
  ANYI_STORE_ERROR_IO,        /* any other SQLite failure; the message has the extended code */
  /* The store cannot be used until something outside the kiosk changes
   * (an outage): the kiosk goes out of service until it works again. */
  ANYI_STORE_ERROR_FULL,    /* the disk (or its quota) is full: SQLITE_FULL */
  ANYI_STORE_ERROR_LOCKED,  /* another process holds the database: SQLITE_BUSY, SQLITE_LOCKED */
  ANYI_STORE_ERROR_CORRUPT, /* the file is damaged or not a database: SQLITE_CORRUPT, _NOTADB */
  ANYI_STORE_ERROR_DISK,    /* the disk failed to read or write: SQLITE_IOERR, _CANTOPEN */
} AnyiStoreError;

/* TRUE when @error says the store itself is unusable (full, locked, corrupt,
 * disk failing), rather than that one request was wrong. */
gboolean anyi_store_error_is_outage(const GError *error);
/* The outage's stable code for logs, the audit log and the screen:
 * "store-full", "store-locked", "store-corrupt", "store-disk"; NULL when
 * @error is no outage. */
const char *anyi_store_outage_code(const GError *error);

typedef struct _AnyiStore AnyiStore;

/* Opens (creating if needed) the database at @path, sets WAL, foreign keys,
 * secure_delete and a busy timeout, keeps its folder 0700 and its files 0600,
 * and upgrades the schema to the latest version. */
AnyiStore *anyi_store_open(const char *path, GError **error);
/* The same for a database that must already be there (the technician's
 * tools): a missing file is ANYI_STORE_ERROR_NOT_FOUND, never a new empty
 * database. */
AnyiStore *anyi_store_open_existing(const char *path, GError **error);
void anyi_store_close(AnyiStore *store);
/* SQLite's heap zeroes every block it gives back (and keeps no lookaside):
 * called by the store when it first opens a file; a program that uses
 * SQLite before it (a test opening a file itself) calls it first. Once per
 * process, before SQLite's first use. */
void anyi_store_use_wiping_heap(void);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiStore, anyi_store_close)

int anyi_store_schema_version(AnyiStore *store);
int anyi_store_latest_schema_version(void);
/* Upgrades @path only as far as @version (for the migration tests). */
gboolean anyi_store_migrate_file_to(const char *path, int version, GError **error);
/* PRAGMA integrity_check and foreign_key_check; fills @problems (one string a
 * problem, empty when healthy). */
gboolean anyi_store_check(AnyiStore *store, GPtrArray **problems, GError **error);

/* Called with every outage the store meets (see anyi_store_error_is_outage),
 * on the thread that met it, before the caller hears of it. */
typedef void (*AnyiStoreOutageFunc)(const GError *error, gpointer user_data);
void anyi_store_set_outage_func(AnyiStore *store, AnyiStoreOutageFunc func, gpointer user_data);
/* Whether the database at @path can be used now: opened on a connection of
 * its own, checked (PRAGMA quick_check) and written once (its schema
 * version rewritten, so that a full disk shows). Safe on any thread; used to
 * find out, away from the screen, when an outage is over. */
gboolean anyi_store_probe_file(const char *path, GError **error);

/* TRUE when the file at the store's path is no longer the one it has open
 * (a technician moved a damaged file aside and put another in its place),
 * or when there is none. */
gboolean anyi_store_file_replaced(AnyiStore *store);
/* TRUE when another connection may open the file at the store's path now:
 * there is one, it is not the store's, and the WAL and shared memory at
 * the path are not the store's file's either (when only the database was
 * moved, they stay until the store that writes it follows the new file;
 * opened before, the new file would take them for its own). */
gboolean anyi_store_replacement_ready(AnyiStore *store);
/* Opens the store's path anew (creating and upgrading it as
 * anyi_store_open does) and puts the new connection in place of the old
 * one: whoever holds @store goes on using it. Main thread, with no
 * statement of the store in use. On failure the old connection stays. */
gboolean anyi_store_reopen(AnyiStore *store, GError **error);

/* Told that the file at the store's path is no longer the one it has open,
 * when the store may follow it: no case and no paper is under way, or a new
 * case is about to be written. The function reopens the store (or fails,
 * setting @error, when the new file cannot be used). */
typedef gboolean (*AnyiStoreReplacedFunc)(AnyiStore *store, gpointer user_data, GError **error);
/* Watches the store's file (a GFileMonitor: it wakes only when the folder
 * changes) on the thread-default main context; @func is called there when
 * the file is replaced or deleted, at once when the kiosk is idle, else at
 * the next case boundary (anyi_store_follow_file). Main thread only. */
gboolean anyi_store_watch_file(AnyiStore *store, AnyiStoreReplacedFunc func, gpointer user_data,
                               GError **error);
/* At a case boundary (@case_starting: a new case is about to be written) or
 * whenever: calls the replaced function if the file was replaced and
 * nothing is under way in the old one (a case starting never is). TRUE when
 * the store is on the file at its path, or waits for the case to end. */
gboolean anyi_store_follow_file(AnyiStore *store, gboolean case_starting, GError **error);

/* Default database path: $ANYI_DB, else $XDG_DATA_HOME/anyi-kiosk/kiosk.db. */
char *anyi_store_default_path(void);

/* ---- cases ---- */
typedef struct {
  gint64 id;
  char *number;
  char *service_id;
  char *state;
  char *data_json; /* what the citizen gave so far; wiped by the retention purge */
  gint64 created_at;
  gint64 updated_at;
} AnyiStoredCase;

void anyi_stored_case_free(AnyiStoredCase *stored);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiStoredCase, anyi_stored_case_free)

/* Creates a case with the next free number of the day for this kiosk:
 * MMDD-K### (K the kiosk's letter), easy to read aloud at a window. */
AnyiStoredCase *anyi_store_case_create(AnyiStore *store, const char *service_id, char kiosk_letter,
                                       const char *state, GError **error);
AnyiStoredCase *anyi_store_case_get(AnyiStore *store, gint64 case_id, GError **error);
AnyiStoredCase *anyi_store_case_find(AnyiStore *store, const char *number, GError **error);

/* Moves a case from @from to @to and records the event, in one transaction.
 * Fails with ANYI_STORE_ERROR_CONFLICT when the case is no longer in @from,
 * which is what keeps a replayed step from happening twice. @data_json may be
 * NULL to keep the case's data. */
gboolean anyi_store_case_transition(AnyiStore *store, gint64 case_id, const char *from,
                                    const char *to, const char *event, const char *detail,
                                    const char *data_json, GError **error);
/* Records an event that does not change the state (a card read, a retry). */
gboolean anyi_store_case_note(AnyiStore *store, gint64 case_id, const char *event,
                              const char *detail, GError **error);
/* Cases left in a non-final state (after a crash): an array of AnyiStoredCase. */
GPtrArray *anyi_store_cases_unfinished(AnyiStore *store, const char *const *final_states,
                                       GError **error);
/* The newest @limit cases, newest first: an array of AnyiStoredCase. */
GPtrArray *anyi_store_cases_recent(AnyiStore *store, int limit, GError **error);
/* Events of a case in order, as "event\tfrom\tto\tdetail" strings. */
GPtrArray *anyi_store_case_events(AnyiStore *store, gint64 case_id, GError **error);

/* How many cases this store has seen, for the metrics: no personal data. */
typedef struct {
  gint64 started;         /* every case ever created */
  gint64 finished;        /* in one of the finished states asked for */
  gint64 abandoned;       /* left by the citizen */
  GHashTable *handed_off; /* reason (char *) -> gint64 *, every handoff made */
} AnyiStoreCaseCounts;

gboolean anyi_store_case_counts(AnyiStore *store, const char *const *finished_states,
                                AnyiStoreCaseCounts *counts, GError **error);
void anyi_store_case_counts_clear(AnyiStoreCaseCounts *counts);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(AnyiStoreCaseCounts, anyi_store_case_counts_clear)

/* ---- handoffs ---- */
typedef struct {
  gint64 id;
  gint64 case_id;
  char *reason;
  char *window;
  char *summary_json;
  char *status; /* open, taken, closed */
  gint64 created_at;
} AnyiStoredHandoff;

void anyi_stored_handoff_free(AnyiStoredHandoff *handoff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiStoredHandoff, anyi_stored_handoff_free)

/* Hands a case to a window: moves it from @from to "handed-off" and writes the
 * handoff, in one transaction; a second call for the same case conflicts. */
gboolean anyi_store_case_hand_off(AnyiStore *store, gint64 case_id, const char *from,
                                  const char *reason, const char *window, const char *summary_json,
                                  gint64 *handoff_id, GError **error);
/* A document a case owes the citizen (role and template name). */
typedef struct {
  const char *role;
  const char *template_name;
} AnyiStoreDocument;

/* As anyi_store_case_transition and anyi_store_case_hand_off, and in the
 * same transaction each of @documents is recorded as a print job in state
 * "owed": a crash after the case ends never loses one of its papers. */
gboolean anyi_store_case_finish(AnyiStore *store, gint64 case_id, const char *from, const char *to,
                                const char *event, const char *detail, const char *data_json,
                                const AnyiStoreDocument *documents, guint n_documents,
                                GError **error);
gboolean anyi_store_case_hand_off_owing(AnyiStore *store, gint64 case_id, const char *from,
                                        const char *reason, const char *window,
                                        const char *summary_json,
                                        const AnyiStoreDocument *documents, guint n_documents,
                                        gint64 *handoff_id, GError **error);
AnyiStoredHandoff *anyi_store_handoff_for_case(AnyiStore *store, gint64 case_id, GError **error);
GPtrArray *anyi_store_handoffs_open(AnyiStore *store, GError **error);

/* An open handoff as the staff page lists it: no personal data. */
typedef struct {
  gint64 id;
  char *case_number;
  char *reason;
  gint64 created_at;
} AnyiHandoffListing;

void anyi_handoff_listing_free(AnyiHandoffListing *listing);
/* One page of open handoffs (AnyiHandoffListing), newest first: at most
 * @limit with an id below @before_id (0: from the newest). One query,
 * whatever the number of handoffs ever made. */
GPtrArray *anyi_store_handoffs_open_page(AnyiStore *store, gint64 before_id, int limit,
                                         GError **error);
/* How many handoffs are open; -1 when the store fails. */
gint64 anyi_store_handoffs_open_count(AnyiStore *store, GError **error);

/* ---- the window console (anyi-store-window.c) ---- */
/* A handed-off case in the window's queue or 台账: no personal data. */
typedef struct {
  gint64 handoff_id;
  char *case_number;
  char *service_id;
  char *reason;
  char *status; /* open, taken, closed */
  char *owner;  /* staff login, or NULL */
  gint64 handed_off_at;
  gint64 last_action_at; /* 0: the window has not touched it */
  gint64 history_length; /* kiosk events and window actions */
} AnyiWindowRow;

void anyi_window_row_free(AnyiWindowRow *row);

/* The handoff of a case with the window's side of it. */
typedef struct {
  gint64 case_id;
  char *reason;
  char *summary_json;
  char *status;
  char *owner;
  char *outcome; /* finished, waiting-for-material, referred, refused; NULL */
  char *outcome_reason;
  char *citizen_note;
  char *window; /* where the kiosk sent the citizen; only in the latest outcome */
  gint64 created_at;
  gint64 outcome_at;
} AnyiWindowHandoff;

void anyi_window_handoff_free(AnyiWindowHandoff *handoff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiWindowHandoff, anyi_window_handoff_free)

typedef struct {
  gint64 at;
  char *actor; /* "kiosk" or a staff login */
  char *what;
  char *detail;
} AnyiWindowEvent;

void anyi_window_event_free(AnyiWindowEvent *event);

/* A case of one day, for the day's figures. */
typedef struct {
  char *service_id;
  char *state;
  gint64 created_at;
  gint64 updated_at;
  char *reason; /* the handoff's, or NULL */
  gint64 handed_off_at;
  gint64 outcome_at;
} AnyiWindowDayCase;

void anyi_window_day_case_free(AnyiWindowDayCase *day_case);

/* Handoffs not closed (AnyiWindowRow), oldest first, after @after_id. */
GPtrArray *anyi_store_window_queue(AnyiStore *store, gint64 after_id, int limit, GError **error);
/* Handoffs not closed of @hard_services or @hard_reasons, or handed off
 * before @waited_since: AnyiWindowRow, oldest first. */
GPtrArray *anyi_store_window_hard(AnyiStore *store, const char *const *hard_services,
                                  const char *const *hard_reasons, gint64 waited_since,
                                  GError **error);
/* NOT_FOUND when the case was not handed off. */
AnyiWindowHandoff *anyi_store_window_handoff(AnyiStore *store, gint64 case_id, GError **error);
/* @staff holds the case: CONFLICT when it is closed or another holds it. */
gboolean anyi_store_window_claim(AnyiStore *store, gint64 case_id, const char *staff,
                                 GError **error);
gboolean anyi_store_window_note(AnyiStore *store, gint64 case_id, const char *staff,
                                const char *text, GError **error);
/* Records the outcome (and holds the case for @staff); @closes ends it. */
gboolean anyi_store_window_outcome(AnyiStore *store, gint64 case_id, const char *staff,
                                   const char *outcome, const char *reason,
                                   const char *citizen_note, gboolean closes, GError **error);
/* A 容缺 material arrived; a second time changes nothing. */
gboolean anyi_store_window_received(AnyiStore *store, gint64 case_id, const char *material_id,
                                    const char *staff, GError **error);
/* When (0: not yet) and by whom @material_id of the case was received. */
gboolean anyi_store_window_received_at(AnyiStore *store, gint64 case_id, const char *material_id,
                                       gint64 *at, char **by, GError **error);
/* The kiosk's events and the window's actions (AnyiWindowEvent) in time order. */
GPtrArray *anyi_store_window_history(AnyiStore *store, gint64 case_id, GError **error);
/* The newest case of @id_number at the window (handed off, or with a 容缺
 * notice): its id, 0 when none, -1 on failure. */
gint64 anyi_store_window_find_by_id_number(AnyiStore *store, const char *id_number, GError **error);
/* The newest outcome the window recorded for a case of @id_number
 * (case_id, outcome, citizen_note, outcome_at set); NOT_FOUND when none. */
AnyiWindowHandoff *anyi_store_window_latest_outcome(AnyiStore *store, const char *id_number,
                                                    GError **error);
/* Cases with a 容缺 notice (AnyiStoredCase), oldest first. */
GPtrArray *anyi_store_window_cases_with_notice(AnyiStore *store, GError **error);
/* The cases started in [@from, @to) (AnyiWindowDayCase). */
GPtrArray *anyi_store_window_day_cases(AnyiStore *store, gint64 from, gint64 to, GError **error);

/* ---- print jobs ---- */
typedef struct {
  gint64 id;
  gint64 case_id; /* 0 when the job belongs to no case (a test page) */
  char *role;
  char *template_name;
  char *document_path;
  char *state;     /* owed (recorded with the case's end), pending (rendered, about to be sent),
                    * then the job's states (anyi-print-job.h), or not-printed */
  int cups_job_id; /* cupsd's job id, or the printer's when printer_uri is set */
  char *detail;
  char *printer_uri; /* the printer the job was sent to straight; NULL: through cupsd */
} AnyiStoredPrintJob;

void anyi_stored_print_job_free(AnyiStoredPrintJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiStoredPrintJob, anyi_stored_print_job_free)

/* Recorded before submission, so a crash between the two is seen at start-up
 * (state "pending") instead of printing twice or never. */
gboolean anyi_store_print_job_add(AnyiStore *store, gint64 case_id, const char *role,
                                  const char *template_name, const char *document_path,
                                  gint64 *job_id, GError **error);
/* The job a case owes for @template_name (recorded "owed" when the case
 * ended) now gets its document and becomes "pending"; when the case owed
 * none, a new job is recorded, as anyi_store_print_job_add. */
gboolean anyi_store_print_job_claim(AnyiStore *store, gint64 case_id, const char *role,
                                    const char *template_name, const char *document_path,
                                    gint64 *job_id, GError **error);
gboolean anyi_store_print_job_update(AnyiStore *store, gint64 job_id, const char *state,
                                     int cups_job_id, const char *detail, GError **error);
/* Which server holds the job's id: the printer at @printer_uri, or cupsd
 * when NULL (anyi_print_job_dup_printer_uri()). */
gboolean anyi_store_print_job_set_printer(AnyiStore *store, gint64 job_id, const char *printer_uri,
                                          GError **error);
AnyiStoredPrintJob *anyi_store_print_job_get(AnyiStore *store, gint64 job_id, GError **error);
GPtrArray *anyi_store_print_jobs_for_case(AnyiStore *store, gint64 case_id, GError **error);
GPtrArray *anyi_store_print_jobs_unsettled(AnyiStore *store, GError **error);

/* ---- device events, audit log, consumables, staff ---- */
gboolean anyi_store_device_event_add(AnyiStore *store, const char *device, const char *kind,
                                     const char *detail, GError **error);

typedef struct {
  gint64 id;
  gint64 at;
  char *actor;
  char *action;
  char *subject;
  char *detail;
  char *prev_hash; /* SHA-256 of the row before (anyi-store-audit.c); NULL before the chain */
} AnyiAuditEntry;

void anyi_audit_entry_free(AnyiAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiAuditEntry, anyi_audit_entry_free)
/* The SHA-256 (hex) of the canonical form of @entry, what the next row's
 * prev_hash holds. */
char *anyi_audit_entry_hash(const AnyiAuditEntry *entry);
/* Appends a row linked to the chain's last one. */
gboolean anyi_store_audit_add(AnyiStore *store, const char *actor, const char *action,
                              const char *subject, const char *detail, GError **error);
/* The same, and the new row's id. */
gboolean anyi_store_audit_append(AnyiStore *store, const char *actor, const char *action,
                                 const char *subject, const char *detail, gint64 *id,
                                 GError **error);
/* The rows of @action (by @actor, or anyone when NULL) with an id above
 * @after_id, at or after @since, that no row of @answer names as its
 * subject (the id in decimal): sign-in attempts not answered by a success.
 * Newest first, at most @limit. */
GPtrArray *anyi_store_audit_unanswered(AnyiStore *store, const char *actor, const char *action,
                                       const char *answer, gint64 after_id, gint64 since, int limit,
                                       GError **error);

typedef struct {
  gint64 rows;            /* rows read */
  gint64 unlinked;        /* rows from before the chain, at its head: not protected */
  gboolean anchored;      /* a purge deleted the chain's head; its last hash is kept */
  gint64 first_broken_id; /* 0 when the chain holds */
  char *tip_hash;         /* the hash of the last row read */
} AnyiAuditCheck;

void anyi_audit_check_clear(AnyiAuditCheck *check);
/* Walks the chain in id order and stops at the first row that does not
 * link to the one before it (or to the anchor); FALSE only when the store
 * fails. */
gboolean anyi_store_audit_verify(AnyiStore *store, AnyiAuditCheck *check, GError **error);
/* Deletes the head of the chain up to the last row older than @before, and
 * keeps that row's hash as the anchor; rows after a newer one stay even if
 * older (a clock set back). Returns the number deleted, or -1. */
gint64 anyi_store_audit_purge(AnyiStore *store, gint64 before, GError **error);
/* Newest first, at most @limit entries at or after @since (unix seconds). */
GPtrArray *anyi_store_audit_list(AnyiStore *store, gint64 since, int limit, GError **error);

gboolean anyi_store_consumable_set(AnyiStore *store, const char *name, int level, int capacity,
                                   const char *by, GError **error);
/* Returns FALSE with ANYI_STORE_ERROR_NOT_FOUND when never recorded. */
gboolean anyi_store_consumable_get(AnyiStore *store, const char *name, int *level, int *capacity,
                                   GError **error);

gboolean anyi_store_staff_add(AnyiStore *store, const char *login, const char *display_name,
                              const char *role, const char *password_hash, GError **error);
/* The stored hash and role of an enabled staff member, or NOT_FOUND. */
gboolean anyi_store_staff_lookup(AnyiStore *store, const char *login, char **password_hash,
                                 char **role, GError **error);

typedef struct {
  char *login;
  char *display_name;
  char *role; /* staff, technician */
  char *password_hash;
  gboolean disabled;
} AnyiStaffMember;

void anyi_staff_member_free(AnyiStaffMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiStaffMember, anyi_staff_member_free)
/* A staff member, disabled or not, or NOT_FOUND. */
AnyiStaffMember *anyi_store_staff_get(AnyiStore *store, const char *login, GError **error);
/* Every staff member (AnyiStaffMember), disabled ones too, by login. */
GPtrArray *anyi_store_staff_list(AnyiStore *store, GError **error);
/* Rows are kept for the audit log's sake: a member leaving is disabled, not
 * deleted. NOT_FOUND when there is no such login. */
gboolean anyi_store_staff_disable(AnyiStore *store, const char *login, GError **error);
/* Replaces the PIN hash of @login; NOT_FOUND when there is no such login. */
gboolean anyi_store_staff_set_hash(AnyiStore *store, const char *login, const char *password_hash,
                                   GError **error);
/* The audit entries of one @actor and @action, newest first, like
 * anyi_store_audit_list (sign-in counts its failures with it). */
GPtrArray *anyi_store_audit_list_by(AnyiStore *store, const char *actor, const char *action,
                                    gint64 since, int limit, GError **error);
/* The store's clock (unix seconds): what audit entries are stamped with. */
gint64 anyi_store_now(AnyiStore *store);

/* ---- the kiosk's log as staff review it (anyi-store-log-query.c) ----
 * One list made of the tables the kiosk writes: case events, handoffs,
 * print jobs, device events and the audit log, newest first. */
typedef enum {
  ANYI_LOG_KIND_CASE = 1 << 0,
  ANYI_LOG_KIND_HANDOFF = 1 << 1,
  ANYI_LOG_KIND_PRINT = 1 << 2,
  ANYI_LOG_KIND_DEVICE = 1 << 3,
  ANYI_LOG_KIND_STAFF = 1 << 4, /* what a signed-in person did */
  ANYI_LOG_KIND_ERROR = 1 << 5, /* failed prints, device faults, the kiosk's own failures */
  ANYI_LOG_KIND_KIOSK = 1 << 6, /* the kiosk's other notes: start, back in service */
} AnyiLogKind;

#define ANYI_LOG_KINDS_ALL 0x7f

typedef struct {
  gint64 since;            /* rows at or after (unix seconds); 0: from the first */
  gint64 until;            /* rows before; 0: up to now and later */
  guint kinds;             /* AnyiLogKind bits a row must share; 0: every kind */
  const char *case_number; /* only this case's rows; NULL or "": every row */
} AnyiLogFilter;

/* Where a page ended: the next page starts after it. */
typedef struct {
  gint64 at;
  int source;
  gint64 id;
} AnyiLogCursor;

/* Before any row: where the first page starts. */
void anyi_log_cursor_init(AnyiLogCursor *cursor);

typedef struct {
  guint kinds; /* AnyiLogKind bits: a failed print is PRINT and ERROR */
  gint64 at;
  int source; /* the table, for the cursor */
  gint64 id;
  char *who;         /* the actor, device, window or document role; may be "" */
  char *what;        /* the action, event, state */
  char *case_number; /* NULL when the row belongs to no case */
  char *detail;      /* may be NULL; may hold ID numbers: mask before showing */
} AnyiLogEntry;

void anyi_log_entry_free(AnyiLogEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiLogEntry, anyi_log_entry_free)
/* The main kind of @kinds, for a label: ERROR first. */
AnyiLogKind anyi_log_kind_main(guint kinds);

/* One page of the log (AnyiLogEntry) that @filter lets through, newest
 * first: at most @limit rows after @after, which is moved to the page's
 * last row. Each table is read on an index from where the page starts, so
 * a page costs the same on the first day and after a million rows. */
GPtrArray *anyi_store_log_page(AnyiStore *store, const AnyiLogFilter *filter, AnyiLogCursor *after,
                               int limit, GError **error);
/* Writes every row @filter lets through to @path as CSV (UTF-8, a header
 * line, ID numbers masked), through a temporary file renamed at the end;
 * @rows gets the number written. */
gboolean anyi_store_log_export_csv(AnyiStore *store, const AnyiLogFilter *filter, const char *path,
                                   gint64 *rows, GError **error);

/* ---- payments ---- */
typedef struct {
  gint64 id;
  gint64 case_id;
  char *idempotency_key;
  char *provider;
  gint64 amount_fen;
  char *order_id;   /* NULL until the provider answered */
  char *qr_payload; /* NULL until the provider answered */
  char *state;      /* pending, started, paid, failed, cancelled, timed-out, refunded */
} AnyiStoredPayment;

void anyi_stored_payment_free(AnyiStoredPayment *payment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiStoredPayment, anyi_stored_payment_free)

/* Records the payment of a case (state "pending") before any provider is
 * asked; a case has at most one. When one exists already it is returned
 * unchanged, so a replayed step reuses the key instead of charging again. */
AnyiStoredPayment *anyi_store_payment_open(AnyiStore *store, gint64 case_id, const char *key,
                                           const char *provider, gint64 amount_fen, GError **error);
/* NOT_FOUND when the case has no payment. */
AnyiStoredPayment *anyi_store_payment_for_case(AnyiStore *store, gint64 case_id, GError **error);
/* Sets the state, and the order and QR payload when not NULL. A paid payment
 * changes only to "refunded", and a refunded one never again (CONFLICT). */
gboolean anyi_store_payment_update(AnyiStore *store, gint64 case_id, const char *state,
                                   const char *order_id, const char *qr_payload, GError **error);

/* ---- retention ---- */
/* Wipes the personal data (case data, handoff summaries, document paths) of
 * cases last touched before @before (unix seconds) and in a final state,
 * skipping what is wiped already; deletes device events older than @before
 * (the audit log has its own period: anyi_store_audit_purge). With
 * secure_delete on and the WAL checkpointed and truncated after, nothing
 * wiped stays readable in the files. Returns the number of cases wiped. */
gint64 anyi_store_purge(AnyiStore *store, gint64 before, const char *const *final_states,
                        GError **error);

/* Print jobs made before @before that cupsd may still hold (a cupsd job id
 * is recorded): store ids and cupsd ids in turn, in a GArray of gint64. */
GArray *anyi_store_print_jobs_in_cups(AnyiStore *store, gint64 before, GError **error);
/* cupsd holds nothing more of the job (its id is cleared). */
gboolean anyi_store_print_job_forget_cups(AnyiStore *store, gint64 job_id, GError **error);

/* Where the clock was when the purge last ran: wall time, and the boot and
 * time since boot then (a clock jump shows as wall time running ahead of
 * the time since boot). */
typedef struct {
  gint64 wall;
  char boot_id[40];
  gint64 boot_seconds;
} AnyiStoreClockMark;

/* FALSE with @error on a store failure; *@found FALSE before the first mark. */
gboolean anyi_store_clock_mark_get(AnyiStore *store, AnyiStoreClockMark *mark, gboolean *found,
                                   GError **error);
gboolean anyi_store_clock_mark_set(AnyiStore *store, const AnyiStoreClockMark *mark,
                                   GError **error);

/* ---- staff calls (anyi-store-calls.c) ---- */

/* A citizen at a kiosk asked for staff to come over. */
typedef struct {
  gint64 id;
  char *kiosk; /* the kiosk's id (settings) */
  gint64 raised_at;
  char *case_number; /* NULL when no case was open */
  char *state;       /* "raised", "answered", "cancelled", "unanswered" */
  char *answered_by; /* the staff login, once answered */
  gint64 closed_at;  /* 0 while raised */
} AnyiStaffCall;

void anyi_staff_call_free(AnyiStaffCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiStaffCall, anyi_staff_call_free)
/* Raises a call from @kiosk, for @case_number (NULL with no case); audited. */
gboolean anyi_store_staff_call_raise(AnyiStore *store, const char *kiosk, const char *case_number,
                                     gint64 *call_id, GError **error);
/* Closes a raised call as "answered" (by @actor, a staff login),
 * "cancelled" (by the citizen) or "unanswered" (nobody came in time);
 * audited. CONFLICT when the call is no longer raised (a second press, or
 * staff and the citizen at the same moment), NOT_FOUND when there is none. */
gboolean anyi_store_staff_call_close(AnyiStore *store, gint64 call_id, const char *state,
                                     const char *actor, GError **error);
AnyiStaffCall *anyi_store_staff_call_get(AnyiStore *store, gint64 call_id, GError **error);
/* The calls still raised, the oldest first. */
GPtrArray *anyi_store_staff_calls_open(AnyiStore *store, GError **error);

/* Seconds since the epoch; tests replace it to move time. */
void anyi_store_set_clock(AnyiStore *store, gint64 (*now)(void));

/* Crash tests: with ANYI_CRASH_AT=N in the environment, the N-th fault point
 * of the process ends it at once with _exit(ANYI_CRASH_EXIT_STATUS). Every
 * commit of a store opened afterwards is a fault point (right after the data
 * is durable), and so is anything else that calls this, such as the emulated
 * payment platform's ledger. Without the variable it does nothing.
 * ANYI_CRASH_TRACE=FILE lists the points passed, one "N what" a line. */
#define ANYI_CRASH_EXIT_STATUS 86
void anyi_store_fault_point(const char *what);

G_END_DECLS
