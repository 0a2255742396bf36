/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-retention.h: personal data kept no longer than the hall's retention
 * period ([retention] days): the store's case data, handoff summaries and
 * device events (anyi_store_purge), and the files beside them (printed
 * documents as PDFs, photos, scans). The audit log has its own period
 * ([retention] audit-days, anyi_store_audit_purge), and its purge keeps the
 * hash chain checkable. The kiosk runs it at start-up and every few hours;
 * `anyictl db purge` runs it by hand. */
#pragma once

#include "settings/anyi-settings.h"
#include "store/anyi-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64 cases_wiped;
  guint files_deleted;
  gint64 audit_deleted; /* audit rows older than [retention] audit-days */
} AnyiRetentionResult;

/* Purges what is older than @settings->retention_days before @now (unix
 * seconds). FALSE with @error when the store refused; files that cannot be
 * deleted are logged and retried next time. */
gboolean anyi_retention_run(AnyiStore *store, AnyiSettings *settings, gint64 now,
                            AnyiRetentionResult *result, GError **error);

G_END_DECLS
