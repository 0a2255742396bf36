/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-print-error.h: the one error domain of the printing module. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ANYI_PRINT_ERROR (anyi_print_error_quark())
GQuark anyi_print_error_quark(void);

typedef enum {
  ANYI_PRINT_ERROR_TEMPLATE,      /* the template file is unreadable or invalid */
  ANYI_PRINT_ERROR_DATA,          /* the data lacks a value the template needs */
  ANYI_PRINT_ERROR_RENDER,        /* Cairo could not draw or write the document */
  ANYI_PRINT_ERROR_UNREACHABLE,   /* cupsd does not answer */
  ANYI_PRINT_ERROR_NO_QUEUE,      /* cupsd has no such queue */
  ANYI_PRINT_ERROR_REFUSED,       /* cupsd answered but refused the request */
  ANYI_PRINT_ERROR_JOB_FAILED,    /* the job ended without printing */
  ANYI_PRINT_ERROR_JOB_UNCERTAIN, /* the job may or may not have printed */
} AnyiPrintError;

G_END_DECLS
