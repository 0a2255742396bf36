/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-ledger.h: the hall's ledger (台账) as the window console sees it.
 *
 * One interface, two back-ends: AnyiLedgerSqlite over the kiosk's own
 * store (a one-kiosk hall, the demo) and a PostgreSQL one for a hall with
 * many kiosks and windows. Callers see plain records and JSON objects,
 * never a database type, so the console runs the same on either.
 *
 * A case reaches the ledger when the kiosk hands it off (or accepts it with
 * materials missing, 容缺). The window claims it, writes notes and ends it
 * with an outcome; the citizen's progress query reads that outcome back. */
#pragma once

#include "store/anyi-store.h" /* AnyiStaffCall */

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ANYI_LEDGER_ERROR (anyi_ledger_error_quark())
GQuark anyi_ledger_error_quark(void);

typedef enum {
  ANYI_LEDGER_ERROR_NOT_FOUND, /* no case answers the number, code or ID number */
  ANYI_LEDGER_ERROR_CONFLICT,  /* another window holds the case, or it is closed */
  ANYI_LEDGER_ERROR_INVALID,   /* the request itself is wrong (a refusal without a reason) */
  ANYI_LEDGER_ERROR_FAILED,    /* the back-end failed; the message says how */
  ANYI_LEDGER_ERROR_OFFLINE,   /* the server is gone; the ledger is connecting again by itself */
} AnyiLedgerError;

/* What the window did with a case in the end. */
typedef enum {
  ANYI_LEDGER_OUTCOME_NONE, /* not decided yet */
  ANYI_LEDGER_OUTCOME_FINISHED,
  ANYI_LEDGER_OUTCOME_WAITING_FOR_MATERIAL,
  ANYI_LEDGER_OUTCOME_REFERRED,
  ANYI_LEDGER_OUTCOME_REFUSED, /* needs a reason */
} AnyiLedgerOutcome;

/* "finished", "waiting-for-material", "referred", "refused"; NULL for NONE. */
const char *anyi_ledger_outcome_to_string(AnyiLedgerOutcome outcome);
gboolean anyi_ledger_outcome_from_string(const char *name, AnyiLedgerOutcome *outcome);
/* Words for the staff and the citizen (zh_CN msgid, translated). */
const char *anyi_ledger_outcome_label(AnyiLedgerOutcome outcome);

/* Where a case stands at the window. */
#define ANYI_LEDGER_STATUS_WAITING "open"   /* nobody has it yet */
#define ANYI_LEDGER_STATUS_CLAIMED "taken"  /* a window has it */
#define ANYI_LEDGER_STATUS_CLOSED  "closed" /* an outcome is recorded */

/* One line of the queue or of the 台账: no personal data. */
typedef struct {
  gint64 position; /* the paging cursor: pass the last one seen to get the next page */
  char *case_number;
  char *service_id;
  char *reason; /* the handoff reason's name (anyi_handoff_reason_to_string) */
  char *status; /* ANYI_LEDGER_STATUS_* */
  char *owner;  /* the staff login holding it, or NULL */
  char *kiosk_id;
  gint64 handed_off_at;
  gint64 last_action_at; /* the window's last claim, note or outcome; 0 when none */
  guint history_length;  /* events at the kiosk and at the window */
  gboolean overdue;      /* waits longer than the 台账's limit */
} AnyiLedgerListing;

void anyi_ledger_listing_free(AnyiLedgerListing *listing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiLedgerListing, anyi_ledger_listing_free)

/* A photo or scan the kiosk kept for the window. */
typedef struct {
  char *what;    /* "photo", "photo-best", or the material id of a scan */
  GBytes *jpeg;  /* NULL when it is gone (purged, unreadable, too large) */
  char *problem; /* why jpeg is NULL, in plain words; NULL otherwise */
} AnyiLedgerImage;

void anyi_ledger_image_free(AnyiLedgerImage *image);

/* A 容缺 material the citizen promised to bring. */
typedef struct {
  char *case_number;
  char *material_id;
  char *name;
  char *committed_on; /* YYYY-MM-DD, the day the citizen signed */
  char *deadline;     /* YYYY-MM-DD */
  gint64 received_at; /* 0 while still owed */
  char *received_by;
} AnyiLedgerCommitment;

void anyi_ledger_commitment_free(AnyiLedgerCommitment *commitment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiLedgerCommitment, anyi_ledger_commitment_free)
/* "received", "overdue" (deadline before @today), "due". */
const char *anyi_ledger_commitment_state(const AnyiLedgerCommitment *commitment,
                                         const GDate *today);

/* One line of a case's history, the kiosk's and the window's. */
typedef struct {
  gint64 at;
  char *actor; /* "kiosk" or a staff login */
  char *what;  /* an event name: handoff, claim, note, outcome, received... */
  char *detail;
} AnyiLedgerEvent;

void anyi_ledger_event_free(AnyiLedgerEvent *event);

/* Everything the kiosk collected and the window did, for the case view. */
typedef struct {
  char *case_number;
  char *service_id;
  char *kiosk_id;
  char *kiosk_state; /* the case's state at the kiosk */
  gint64 created_at;
  gint64 handed_off_at; /* 0 when the case was not handed off (容缺 only) */
  char *reason;         /* handoff reason name, or NULL */
  char *reason_detail;
  JsonObject *card;         /* type, name, sex, birth, id_number, address, valid_to */
  JsonObject *answers;      /* question id -> bool */
  JsonObject *form;         /* field id -> value */
  JsonObject *region_codes; /* address field id -> GB/T 2260 code picked, or NULL */
  gint64 amount_fen;        /* 0 when nothing was charged */
  char *order_id;
  char *payment_state;
  GPtrArray *images;      /* AnyiLedgerImage */
  GPtrArray *commitments; /* AnyiLedgerCommitment */
  GPtrArray *printed;     /* char *: "template (role): state" */
  JsonArray *documents;   /* what the kiosk printed or owed: {template, role, data} */
  GPtrArray *history;     /* AnyiLedgerEvent, oldest first */
  char *status;           /* ANYI_LEDGER_STATUS_* */
  char *owner;
  AnyiLedgerOutcome outcome;
  char *outcome_reason; /* the refusal's reason */
  char *citizen_note;   /* what the citizen is told, or NULL */
} AnyiLedgerCase;

void anyi_ledger_case_free(AnyiLedgerCase *kase);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiLedgerCase, anyi_ledger_case_free)
/* The ID number of the card, or NULL. */
const char *anyi_ledger_case_id_number(const AnyiLedgerCase *kase);

/* What the citizen's progress query shows of the window's work. */
typedef struct {
  char *case_number;
  AnyiLedgerOutcome outcome;
  char *reason; /* the refusal's reason, or where it was referred; NULL */
  char *window; /* the window the case was sent to, e.g. "5"; NULL */
  char *citizen_note;
  gint64 at;
} AnyiLedgerAnswer;

void anyi_ledger_answer_free(AnyiLedgerAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiLedgerAnswer, anyi_ledger_answer_free)

/* The day's figures. */
typedef struct {
  char *service_id;
  guint cases;
  guint finished_at_kiosk; /* submitted, or accepted with 容缺 */
  guint handed_off;
} AnyiLedgerServiceCount;

typedef struct {
  char *reason;
  guint count;
} AnyiLedgerReasonCount;

typedef struct {
  char *day;           /* YYYY-MM-DD */
  GPtrArray *services; /* AnyiLedgerServiceCount, by service id */
  GPtrArray *reasons;  /* AnyiLedgerReasonCount, most frequent first */
  guint cases;
  guint finished_at_kiosk;
  guint handed_off;
  gint64 median_seconds;        /* from the case's start to its end at the kiosk; -1 with no case */
  gint64 median_window_seconds; /* from handoff to the window's outcome; -1 with none */
} AnyiLedgerStats;

/* Empty figures for @day (for back-ends). */
AnyiLedgerStats *anyi_ledger_stats_new(const char *day);
void anyi_ledger_stats_free(AnyiLedgerStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiLedgerStats, anyi_ledger_stats_free)
/* The figures as CSV (RFC 4180, UTF-8): a header, a line a service, a line
 * a reason, the totals. */
char *anyi_ledger_stats_to_csv(const AnyiLedgerStats *stats);

#define ANYI_TYPE_LEDGER (anyi_ledger_get_type())
G_DECLARE_INTERFACE(AnyiLedger, anyi_ledger, ANYI, LEDGER, GObject)

struct _AnyiLedgerInterface {
  GTypeInterface parent_iface;

  GPtrArray *(*list_waiting)(AnyiLedger *self, gint64 after, guint limit, GError **error);
  char *(*find)(AnyiLedger *self, const char *query, GError **error);
  AnyiLedgerCase *(*get_case)(AnyiLedger *self, const char *case_number, GError **error);
  gboolean (*claim)(AnyiLedger *self, const char *case_number, const char *staff, GError **error);
  gboolean (*add_note)(AnyiLedger *self, const char *case_number, const char *staff,
                       const char *text, GError **error);
  gboolean (*record_outcome)(AnyiLedger *self, const char *case_number, const char *staff,
                             AnyiLedgerOutcome outcome, const char *reason,
                             const char *citizen_note, GError **error);
  gboolean (*material_received)(AnyiLedger *self, const char *case_number, const char *material_id,
                                const char *staff, GError **error);
  gboolean (*audit_reveal)(AnyiLedger *self, const char *case_number, const char *staff,
                           GError **error);
  GPtrArray *(*hard_cases)(AnyiLedger *self, gint64 wait_limit_seconds, GError **error);
  GPtrArray *(*commitments)(AnyiLedger *self, gboolean with_received, GError **error);
  AnyiLedgerStats *(*day_stats)(AnyiLedger *self, const GDate *day, GError **error);
  AnyiLedgerAnswer *(*answer_for_citizen)(AnyiLedger *self, const char *id_number, GError **error);
  gint64 (*now)(AnyiLedger *self);
  gboolean (*sign_in)(AnyiLedger *self, const char *login, const char *pin, char **role,
                      char **display_name, GError **error);
  void (*sign_in_async)(AnyiLedger *self, const char *login, const char *pin,
                        GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data);
  gboolean (*sign_in_finish)(AnyiLedger *self, GAsyncResult *result, char **role,
                             char **display_name, GError **error);
  GPtrArray *(*open_calls)(AnyiLedger *self, GError **error);
  gboolean (*answer_call)(AnyiLedger *self, const char *kiosk_id, gint64 call_id, const char *staff,
                          GError **error);
};

/* The cases waiting at a window (not closed), oldest first: at most @limit
 * after the listing whose position is @after (0: from the oldest). */
GPtrArray *anyi_ledger_list_waiting(AnyiLedger *self, gint64 after, guint limit, GError **error);
/* The case number that @query names: a case number, the payload of the
 * slip's QR code (as a barcode scanner types it, spaces and all), or an
 * ID number (its newest case at the window). NOT_FOUND otherwise. */
char *anyi_ledger_find(AnyiLedger *self, const char *query, GError **error);
AnyiLedgerCase *anyi_ledger_get_case(AnyiLedger *self, const char *case_number, GError **error);
/* @staff takes the case; claiming one's own case again is fine, another
 * window's is CONFLICT, a closed one too. */
gboolean anyi_ledger_claim(AnyiLedger *self, const char *case_number, const char *staff,
                           GError **error);
gboolean anyi_ledger_add_note(AnyiLedger *self, const char *case_number, const char *staff,
                              const char *text, GError **error);
/* Ends the case (claiming it if nobody had): REFUSED needs @reason;
 * @citizen_note (may be NULL) is what the citizen's progress query shows.
 * WAITING_FOR_MATERIAL keeps it open in the 台账. */
gboolean anyi_ledger_record_outcome(AnyiLedger *self, const char *case_number, const char *staff,
                                    AnyiLedgerOutcome outcome, const char *reason,
                                    const char *citizen_note, GError **error);
/* Closes the 容缺 commitment for @material_id; received twice is fine. */
gboolean anyi_ledger_material_received(AnyiLedger *self, const char *case_number,
                                       const char *material_id, const char *staff, GError **error);
/* Writes to the audit log that @staff saw the ID number of the case. */
gboolean anyi_ledger_audit_reveal(AnyiLedger *self, const char *case_number, const char *staff,
                                  GError **error);
/* The 台账: open hard cases (办不成事, recovery failures, or waiting longer
 * than @wait_limit_seconds), oldest first, with the overdue flag set. */
GPtrArray *anyi_ledger_hard_cases(AnyiLedger *self, gint64 wait_limit_seconds, GError **error);
/* The 容缺 commitments (AnyiLedgerCommitment) by deadline, soonest first. */
GPtrArray *anyi_ledger_commitments(AnyiLedger *self, gboolean with_received, GError **error);
AnyiLedgerStats *anyi_ledger_day_stats(AnyiLedger *self, const GDate *day, GError **error);
/* The window's newest outcome for the cases of @id_number; NULL with
 * NOT_FOUND when the window has not decided any. */
AnyiLedgerAnswer *anyi_ledger_answer_for_citizen(AnyiLedger *self, const char *id_number,
                                                 GError **error);
/* The ledger's clock (unix seconds). */
gint64 anyi_ledger_now(AnyiLedger *self);
/* Signs window staff in against the staff records where the ledger is:
 * the kiosk's store on SQLite, the server's window_staff on PostgreSQL.
 * Both hash and limit as staff/anyi-staff.h says and audit every attempt;
 * errors are ANYI_STAFF_ERROR's (REFUSED, LOCKED, WEAK_PIN, FAILED), or
 * ANYI_LEDGER_ERROR_OFFLINE while the server is away. */
gboolean anyi_ledger_sign_in(AnyiLedger *self, const char *login, const char *pin, char **role,
                             char **display_name, GError **error);
/* The same, with the PIN hashed on a worker thread (yescrypt takes tens of
 * milliseconds, too long for a window's main loop): the staff records are
 * read and the attempt recorded on the calling thread, before and in
 * _finish. @self must stay alive until @callback. */
void anyi_ledger_sign_in_async(AnyiLedger *self, const char *login, const char *pin,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean anyi_ledger_sign_in_finish(AnyiLedger *self, GAsyncResult *result, char **role,
                                    char **display_name, GError **error);
/* Citizens at a kiosk who called staff over (人工帮助) and still wait:
 * AnyiStaffCall, oldest first, their kiosk field the kiosk's id. */
GPtrArray *anyi_ledger_open_calls(AnyiLedger *self, GError **error);
/* @staff answers call @call_id of kiosk @kiosk_id; CONFLICT when it waits
 * no more (answered by another window, or ended at the kiosk). */
gboolean anyi_ledger_answer_call(AnyiLedger *self, const char *kiosk_id, gint64 call_id,
                                 const char *staff, GError **error);

G_END_DECLS
