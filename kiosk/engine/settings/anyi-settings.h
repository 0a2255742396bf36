/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-settings.h: the kiosk's configuration.
 *
 * Embedded defaults live in assets/config/kiosk.conf; a hall's own file
 * (ANYI_CONFIG, else /etc/anyi-kiosk/kiosk.conf when present) overrides any
 * key; a few environment variables override again, for tests and the demo. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *kiosk_id;    /* printed on receipts: which machine */
  char kiosk_letter; /* makes case numbers unique within the hall */
  char *hall_name;
  char *hotline;         /* printed on leaflets and notices */
  char *language;        /* zh_CN or en */
  int idle_timeout_s;    /* no touch for this long: "need more time?" */
  int idle_grace_s;      /* countdown before the session is wiped */
  int staff_call_wait_s; /* staff called to the kiosk: the longest wait, then a window */
  char *receipt_queue;   /* CUPS queue of the 80 mm receipt printer */
  char *a4_queue;        /* CUPS queue of the A4 printer */
  char *handoff_window;  /* the hall's "办不成事" window */
  int retention_days;    /* personal data of finished cases kept this long */
  int audit_days;        /* the audit log kept this long, whatever retention_days */
  char *db_path;
  char *idcard_table;  /* VID:PID table of ID readers */
  char *documents_dir; /* rendered receipts and slips until purged */
  char *log_path;
  int log_max_kb; /* the log is rotated at this size */
  int log_keep;   /* old logs kept (kiosk.log.1 ...) */
  /* else services that take fingerprints are finished at a window */
  gboolean has_fingerprint_reader;
  /* a required part (both printers, the ID reader) missing this long puts
   * the kiosk out of service until it is back */
  int out_of_service_after_s;
  /* [printing] direct: send jobs straight to the queue's IPP printer, cupsd
   * as the fallback (anyi_print_job_set_direct()) */
  gboolean print_direct;
  /* [metrics] textfile: the Prometheus text file node_exporter's textfile
   * collector reads (NULL: no metrics), rewritten every interval seconds
   * and on every change of state */
  char *metrics_textfile;
  int metrics_interval_s;
  /* [ledger] connection: the hall ledger's PostgreSQL server (a libpq
   * connection string); NULL or empty: the kiosk's database is the ledger */
  char *ledger_connection;
} AnyiSettings;

/* Loads defaults, then overrides; errors name the file and the key. */
AnyiSettings *anyi_settings_load(GError **error);
void anyi_settings_free(AnyiSettings *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiSettings, anyi_settings_free)

/* A problem in a hall's kiosk.conf, for the technician. */
typedef struct {
  int line; /* 1-based; 0: the file as a whole */
  char *message;
} AnyiSettingsProblem;

void anyi_settings_problem_free(AnyiSettingsProblem *problem);

/* Checks the hall's file at @path as the kiosk reads it over its defaults,
 * with the kiosk's own rules: lines that are not a group, a key or a
 * comment; unknown groups and keys; keys set twice; values of the wrong
 * kind or out of range; files it names that are not there. Returns the
 * problems (AnyiSettingsProblem) in line order, empty when there are none;
 * NULL with @error when the file (or the defaults) cannot be read. */
GPtrArray *anyi_settings_check_file(const char *path, GError **error);

/* Where a hall's editable data lives (assets/, print-templates/). */
const char *anyi_assets_dir(void);
const char *anyi_templates_dir(void);
/* @relative under the assets dir, unless it is already absolute. */
char *anyi_asset_path(const char *relative);

G_END_DECLS
