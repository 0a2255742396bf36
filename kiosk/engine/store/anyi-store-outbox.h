/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-outbox.h: the hall ledger's outbox in the kiosk's database.
 *
 * Every handoff, every case that reaches a final state and every later
 * status change of such a case or of one of its print jobs leaves a row
 * here, written in the same SQLite transaction as the change itself: a
 * crash keeps both or neither.
 * The pusher (ledger/outbox/anyi-outbox-pusher.h) sends the rows to the
 * hall's server and deletes each one once the server has it. */
#pragma once

#include "anyi-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64 seq; /* never reused: the server keys its events by it */
  gint64 case_id;
  char *case_number;
  char *kind;         /* "handoff", "status" or "print" (a print job's state) */
  char *payload_json; /* the case as it stood, with handoff, payment, print jobs */
  gint64 created_at;
  int attempts;
} AnyiOutboxEntry;

void anyi_outbox_entry_free(AnyiOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiOutboxEntry, anyi_outbox_entry_free)

/* The oldest @limit entries, oldest first. */
GPtrArray *anyi_store_outbox_peek(AnyiStore *store, int limit, GError **error);
/* The server has entry @seq: it leaves the outbox. Deleting one that is
 * gone already is no error (a pusher restarted after a crash). */
gboolean anyi_store_outbox_remove(AnyiStore *store, gint64 seq, GError **error);
/* A failed try at entry @seq, with the reason, for the technician. */
gboolean anyi_store_outbox_failed(AnyiStore *store, gint64 seq, const char *why, GError **error);

/* What staff mode and the metrics show: how many entries wait and how old
 * the oldest is in seconds (0 when none wait). FALSE with @error when the
 * database cannot be read. */
gboolean anyi_store_outbox_status(AnyiStore *store, gint64 *depth, gint64 *oldest_age,
                                  GError **error);

/* The states in which a case leaves the kiosk's hands, so that it goes to the
 * ledger; the same as anyi_case_final_state_names() (a test checks it). */
const char *const *anyi_store_outbox_final_states(void);

G_END_DECLS
