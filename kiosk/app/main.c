/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-kiosk: the full-screen kiosk. */
#include "kiosk-application.h"
#include "kiosk-lockdown.h"
#include "log/anyi-log.h"
#include "usb/anyi-secure.h"

int
main(int argc, char **argv)
{
  g_autoptr(KioskApplication) app = NULL;

  kiosk_lockdown_clear_debug_environment();
  /* citizens' cards pass through this process: no core file, no
   * ptrace by others, files of its own (umask 077) */
  anyi_secure_process();
  anyi_log_install();
  kiosk_application_choose_renderer();
  kiosk_application_init_locale();
  app = kiosk_application_new();
  return g_application_run(G_APPLICATION(app), argc, argv);
}
