/* SPDX-License-Identifier: GPL-3.0-or-later */
/* printer-status.h: what a CUPS queue's printer can do now, for people.
 *
 * One query reads the queue from cupsd (state, accepting, reasons) and, when
 * the queue's device is an IPP printer, the printer itself: a cupsd queue
 * only learns of paper and cover faults while it has a job, so the device is
 * the truth for hardware. The IPP state reasons are folded into a small
 * model in the spirit of CEN/XFS (paper OK/LOW/OUT/JAMMED, toner OK/LOW/OUT,
 * cover open, offline, cupsd unreachable), each fault with a sentence for
 * staff in Chinese and English and who must act, and a "usable" verdict per
 * role. Reasons are matched by keyword prefix, as their -report / -warning /
 * -error suffix changes with the printer's activity. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_PRINTER_ROLE_RECEIPT, /* thermal roll: no toner */
  ANYI_PRINTER_ROLE_A4,
  ANYI_PRINTER_NUM_ROLES,
} AnyiPrinterRole;

/* "receipt" or "a4": the name in the store, the audit log and documents. */
const char *anyi_printer_role_to_string(AnyiPrinterRole role);
/* The role named @name (as in the settings and a case's data); FALSE for none. */
gboolean anyi_printer_role_from_string(const char *name, AnyiPrinterRole *role);

typedef enum { ANYI_PAPER_OK, ANYI_PAPER_LOW, ANYI_PAPER_OUT, ANYI_PAPER_JAMMED } AnyiPaperState;
typedef enum { ANYI_TONER_OK, ANYI_TONER_LOW, ANYI_TONER_OUT } AnyiTonerState;

/* The suffix of an IPP reason, worst last. */
typedef enum {
  ANYI_SEVERITY_REPORT,
  ANYI_SEVERITY_WARNING,
  ANYI_SEVERITY_ERROR,
} AnyiSeverity;

/* Who brings the printer back (CEN/XFS4IoT's recovery kinds). */
typedef enum {
  ANYI_RECOVERY_RESET,       /* comes back by itself */
  ANYI_RECOVERY_CLEAR,       /* hall staff: load paper, close the cover */
  ANYI_RECOVERY_MAINTENANCE, /* a technician */
} AnyiRecovery;

typedef struct {
  char *code;   /* stable: "paper-out", "cover-open", "cupsd-unreachable", ... */
  char *reason; /* the IPP keyword behind it, without suffix; "" when none */
  AnyiSeverity severity;
  AnyiRecovery recovery;
  gboolean blocking; /* the printer cannot print until it is fixed */
  char *text_zh;     /* for staff and technicians */
  char *text_en;
} AnyiPrinterFault;

typedef struct {
  char *name;
  int level;  /* percent, -1 unknown, -2 unlimited, -3 "some left" (IPP's values) */
  char *type; /* toner, ink, ... */
} AnyiPrinterMarker;

typedef struct {
  char *queue;
  gboolean cupsd_reachable;
  gboolean queue_found;
  gboolean device_checked;   /* the device is an IPP printer and was asked */
  gboolean device_reachable; /* it answered (TRUE when not checked) */
  int state;                 /* printer-state: 3 idle, 4 processing, 5 stopped; 0 unknown */
  gboolean accepting;
  AnyiPaperState paper;
  AnyiTonerState toner;
  gboolean cover_open;
  gboolean offline;
  char *reasons;       /* all state reasons, worst first, "a-error, b-report" */
  char *state_message; /* printer-state-message */
  GPtrArray *faults;   /* of AnyiPrinterFault, worst first */
  GPtrArray *markers;  /* of AnyiPrinterMarker */
} AnyiPrinterStatus;

#define ANYI_TYPE_PRINTER_STATUS (anyi_printer_status_get_type())
GType anyi_printer_status_get_type(void);

/* Queries cupsd (CUPS_SERVER) and the printer behind @queue. Never NULL: an
 * unreachable cupsd or printer is a status. Blocks up to a few seconds: call
 * it from a worker thread (or use AnyiPrinterWatch). */
AnyiPrinterStatus *anyi_printer_status_query(const char *queue);

/* Folds a queue's and a device's IPP attributes into the model; exposed so
 * the mapping is tested without a printer. */
AnyiPrinterStatus *anyi_printer_status_new_from_reasons(const char *queue, int state,
                                                        gboolean accepting,
                                                        const char *const *reasons);

AnyiPrinterStatus *anyi_printer_status_copy(const AnyiPrinterStatus *status);
void anyi_printer_status_free(AnyiPrinterStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiPrinterStatus, anyi_printer_status_free)

/* Whether the kiosk may offer what needs this printer in @role. */
gboolean anyi_printer_status_usable(const AnyiPrinterStatus *status, AnyiPrinterRole role);

/* The worst fault that matters for @role (toner does not for a receipt
 * printer), or NULL. */
const AnyiPrinterFault *anyi_printer_status_worst_fault(const AnyiPrinterStatus *status,
                                                        AnyiPrinterRole role);

/* Same usability and same fault codes: what a watcher reports changes on. */
gboolean anyi_printer_status_same(const AnyiPrinterStatus *a, const AnyiPrinterStatus *b);

const char *anyi_paper_state_to_string(AnyiPaperState paper);
const char *anyi_toner_state_to_string(AnyiTonerState toner);
const char *anyi_recovery_to_string(AnyiRecovery recovery);

/* AnyiPrinterWatch: polls one queue from a worker thread and emits
 * "changed" (AnyiPrinterStatus *) in the main context it was started from
 * whenever usability or the faults change, so the kiosk stops offering
 * what needs the printer and resumes by itself. */
#define ANYI_TYPE_PRINTER_WATCH (anyi_printer_watch_get_type())
G_DECLARE_FINAL_TYPE(AnyiPrinterWatch, anyi_printer_watch, ANYI, PRINTER_WATCH, GObject)

AnyiPrinterWatch *anyi_printer_watch_new(const char *queue, AnyiPrinterRole role,
                                         guint interval_ms);
/* Queries at once, then every interval. */
void anyi_printer_watch_start(AnyiPrinterWatch *self);
void anyi_printer_watch_stop(AnyiPrinterWatch *self);
/* The latest status; NULL before the first answer. */
const AnyiPrinterStatus *anyi_printer_watch_get_status(AnyiPrinterWatch *self);
/* FALSE until the first answer says otherwise. */
gboolean anyi_printer_watch_is_usable(AnyiPrinterWatch *self);

G_END_DECLS
