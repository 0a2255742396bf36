/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-retention.h: personal data kept no longer than the hall's retention
 * period ([retention] days): the store's case data, handoff summaries and
 * device events (anyi_store_purge), the files beside them (printed
 * documents as PDFs, photos, scans) and cupsd's copies and history of the
 * kiosk's print jobs. The audit log has its own period ([retention]
 * audit-days, anyi_store_audit_purge), and its purge keeps the hash chain
 * checkable. The kiosk runs it at start-up and every few hours, on a worker
 * thread; `anyictl db purge` runs it by hand.
 *
 * A clock that jumps forward would wipe data before its time: when the
 * wall clock has run more than a day ahead of the time since boot (or,
 * after a restart, more than a day since the last purge), nothing is
 * wiped until staff confirm the time (anyi_retention_confirm_clock,
 * `anyictl db confirm-clock`). */
#pragma once

#include "settings/anyi-settings.h"
#include "store/anyi-store.h"

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  gint64 cases_wiped;
  guint files_deleted;
  guint cups_jobs_purged; /* cupsd's copies and history of the kiosk's old jobs */
  /* the clock jumped: nothing was wiped, staff must confirm the time */
  gboolean clock_held;
  gint64 clock_jump_s; /* how far it jumped, when held */
  gint64 audit_deleted; /* audit rows older than [retention] audit-days */
} AnyiRetentionResult;

/* Purges what is older than @settings->retention_days before @now (unix
 * seconds). FALSE with @error when the store refused; files that cannot be
 * deleted are logged and retried next time. */
gboolean anyi_retention_run(AnyiStore *store, AnyiSettings *settings, gint64 now,
                            AnyiRetentionResult *result, GError **error);

/* The same on a worker thread with a connection of its own to the
 * database of @settings (which must exist); @callback runs in the thread-
 * default main context of the caller. @settings is copied. */
void anyi_retention_run_async(AnyiSettings *settings, gint64 now, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
gboolean anyi_retention_run_finish(GAsyncResult *result, AnyiRetentionResult *out, GError **error);

/* Staff say the clock is right at @now: the next purge wipes by it. */
gboolean anyi_retention_confirm_clock(AnyiStore *store, const char *actor, gint64 now,
                                      GError **error);

G_END_DECLS
