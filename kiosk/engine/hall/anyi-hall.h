/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-hall.h: the hall's back-office systems, as the kiosk sees them.
 *
 * A real hall answers these queries from the provincial police service
 * platform; that link needs the hall's credentials and network, so the
 * kiosk talks to it through this interface. The emulated back office reads
 * its records from a JSON file (assets/hall/emulated-records.json) and is
 * what the demo and the tests use. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_ID_PROGRESS_NONE,      /* no application on record */
  ANYI_ID_PROGRESS_ACCEPTED,  /* 已受理 */
  ANYI_ID_PROGRESS_REVIEWING, /* 审核中 */
  ANYI_ID_PROGRESS_PRODUCING, /* 制证中 */
  ANYI_ID_PROGRESS_READY,     /* 待领取 */
  ANYI_ID_PROGRESS_COLLECTED, /* 已领取 */
} AnyiIdProgressStage;

typedef struct {
  AnyiIdProgressStage stage;
  char *application;  /* e.g. 居民身份证换领 */
  char *applied_on;   /* YYYY-MM-DD */
  char *expected_on;  /* YYYY-MM-DD, may be NULL */
  char *pickup_place; /* where to collect, may be NULL */
} AnyiIdProgress;

void anyi_id_progress_free(AnyiIdProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiIdProgress, anyi_id_progress_free)
const char *anyi_id_progress_stage_to_string(AnyiIdProgressStage stage);
/* The stage as the citizen reads it (translated). */
const char *anyi_id_progress_stage_label(AnyiIdProgressStage stage);

typedef struct _AnyiHall AnyiHall;

#define ANYI_HALL_ERROR (anyi_hall_error_quark())
GQuark anyi_hall_error_quark(void);
typedef enum {
  ANYI_HALL_ERROR_RECORDS, /* the records file is missing or malformed */
  ANYI_HALL_ERROR_UNREACHABLE,
} AnyiHallError;

AnyiHall *anyi_hall_new_emulated(const char *records_path, GError **error);
void anyi_hall_free(AnyiHall *hall);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiHall, anyi_hall_free)

/* The progress of the newest ID card application for @id_number; a
 * NONE-stage answer when there is none. */
AnyiIdProgress *anyi_hall_query_id_progress(AnyiHall *hall, const char *id_number, GError **error);

G_END_DECLS
