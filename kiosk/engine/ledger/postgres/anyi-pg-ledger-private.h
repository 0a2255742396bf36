/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pg-ledger-private.h: shared inside ledger/postgres only. */
#pragma once

#include "anyi-pg-ledger.h"

G_GNUC_INTERNAL const char *anyi_pg_ledger_migration_sql(int version);
