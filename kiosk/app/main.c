/* anyi-kiosk: the full-screen kiosk. */
#include "kiosk-application.h"
#include "log/anyi-log.h"

#include <anyi-config.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

static void
set_up_locale(void)
{
  const char *locale_dir = g_getenv("ANYI_LOCALE_DIR");

  /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is always there. */
  if (!setlocale(LC_ALL, "") || g_str_equal(setlocale(LC_MESSAGES, NULL), "C"))
    setlocale(LC_ALL, "C.UTF-8");
  bindtextdomain(GETTEXT_PACKAGE, locale_dir ? locale_dir : ANYI_LOCALE_DIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
}

int
main(int argc, char **argv)
{
  g_autoptr(KioskApplication) app = NULL;

  anyi_log_install();
  set_up_locale();
  app = kiosk_application_new();
  return g_application_run(G_APPLICATION(app), argc, argv);
}
