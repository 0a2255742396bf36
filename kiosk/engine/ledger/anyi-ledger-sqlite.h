/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-ledger-sqlite.h: the ledger of a one-kiosk hall, the kiosk's own
 * SQLite store (kiosk/engine/store, anyi-store-window.c).
 *
 * The window console opens the kiosk's database on the same machine; the
 * kiosk keeps writing it (WAL), so the console sees a handoff as soon as
 * it is committed. Photos and scans are read from the files the kiosk kept
 * beside its documents, until the retention purge removes them. */
#pragma once

#include "ledger/anyi-ledger.h"
#include "store/anyi-store.h"

G_BEGIN_DECLS

#define ANYI_TYPE_LEDGER_SQLITE (anyi_ledger_sqlite_get_type())
G_DECLARE_FINAL_TYPE(AnyiLedgerSqlite, anyi_ledger_sqlite, ANYI, LEDGER_SQLITE, GObject)

/* @store must outlive the ledger; @kiosk_id names the kiosk in its cases. */
AnyiLedger *anyi_ledger_sqlite_new(AnyiStore *store, const char *kiosk_id);

/* A photo or scan larger than this is not read (a kept capture is a JPEG
 * of a few hundred KB; anything far larger is not one of ours). */
#define ANYI_LEDGER_MAX_IMAGE_BYTES (16 * 1024 * 1024)

G_END_DECLS
