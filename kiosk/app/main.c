/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-kiosk: the full-screen kiosk. */
#include "kiosk-application.h"
#include "log/anyi-log.h"
#include "usb/anyi-secure.h"

int
main(int argc, char **argv)
{
  g_autoptr(KioskApplication) app = NULL;

  /* citizens' cards pass through this process: no core file, no
   * ptrace by others, files of its own (umask 077) */
  anyi_secure_process();
  anyi_log_install();
  /* With the cairo renderer nothing needs GL, and probing it (EGL, Mesa)
   * is a third of the cold start on a machine without a GPU. */
  if (g_strcmp0(g_getenv("GSK_RENDERER"), "cairo") == 0 && !g_getenv("GDK_DEBUG"))
    g_setenv("GDK_DEBUG", "gl-disable", TRUE);
  kiosk_application_init_locale();
  app = kiosk_application_new();
  return g_application_run(G_APPLICATION(app), argc, argv);
}
