/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-application.c */
#include "kiosk-application.h"
#include "kiosk-watchdog.h"
#include "kiosk-window.h"
#include "metrics/anyi-metrics.h"

#include <X11/Xlib.h>
#include <anyi-config.h>
#include <anyi-paths.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

struct _KioskApplication {
  GtkApplication parent_instance;
  AnyiKiosk *kiosk;
  KioskWindow *window;
  char *language;
};

G_DEFINE_FINAL_TYPE(KioskApplication, kiosk_application, GTK_TYPE_APPLICATION)

void
kiosk_application_load_style(void)
{
  g_autofree char *path = anyi_asset_path("styles/kiosk.css");
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new();

  gtk_css_provider_load_from_path(provider, path);
  gtk_style_context_add_provider_for_display(gdk_display_get_default(),
                                             GTK_STYLE_PROVIDER(provider),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* A kiosk that cannot open its settings or back office cannot serve
 * anyone; it says so in the log for the technician and exits. A store that
 * is full, locked or corrupt leaves it up, out of service, until it works. */
static void
kiosk_application_startup(GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION(app);
  const AnyiKioskPlaces places = {.wait_for_store = TRUE};
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS(kiosk_application_parent_class)->startup(app);
  self->kiosk = anyi_kiosk_open_at(&places, &error);
  if (!self->kiosk) {
    g_critical("kiosk: cannot start: %s", error->message);
    g_application_quit(app);
    return;
  }
  anyi_kiosk_start_devices(self->kiosk);
  anyi_metrics_start_for_kiosk(self->kiosk); /* [metrics] textfile, when set */
  kiosk_application_set_language(self, anyi_kiosk_get_settings(self->kiosk)->language);
  kiosk_application_load_style();
}

/* Upkeep (the start in the audit log, cases and print jobs a crash left
 * open, the retention purge) waits for the first frame: the screen comes
 * first, and no citizen can start a case before it is painted anyway. */
static void
start_upkeep_after_first_frame(GdkFrameClock *clock, KioskApplication *self)
{
  g_signal_handlers_disconnect_by_func(clock, start_upkeep_after_first_frame, self);
  anyi_kiosk_start_upkeep(self->kiosk);
}

static void
kiosk_application_activate(GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION(app);

  if (!self->kiosk)
    return;
  if (self->window) {
    gtk_window_present(GTK_WINDOW(self->window));
    return;
  }
  self->window = kiosk_window_new(self);
  gtk_window_present(GTK_WINDOW(self->window));
  kiosk_watchdog_start();
  g_signal_connect(gtk_widget_get_frame_clock(GTK_WIDGET(self->window)), "after-paint",
                   G_CALLBACK(start_upkeep_after_first_frame), self);
}

static void
kiosk_application_shutdown(GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION(app);

  if (self->kiosk)
    anyi_kiosk_stop(self->kiosk);
  G_APPLICATION_CLASS(kiosk_application_parent_class)->shutdown(app);
}

static void
kiosk_application_dispose(GObject *object)
{
  KioskApplication *self = KIOSK_APPLICATION(object);

  g_clear_object(&self->kiosk);
  g_clear_pointer(&self->language, g_free);
  G_OBJECT_CLASS(kiosk_application_parent_class)->dispose(object);
}

static void
kiosk_application_class_init(KioskApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_application_dispose;
  app_class->startup = kiosk_application_startup;
  app_class->activate = kiosk_application_activate;
  app_class->shutdown = kiosk_application_shutdown;
}

static void
kiosk_application_init(KioskApplication *self)
{
}

/* Where the English catalogue is (set once, at start). */
static char *catalogue_dir;

/* Chinese is the source language: the kiosk's domain bound to a folder that
 * holds no catalogue gives every string as written. */
#define SOURCE_LANGUAGE_DIR "/nonexistent/anyi-kiosk/source-language"

/* The environment and the C locale are set once, here, in main() before any
 * thread starts: setenv() and setlocale() race getenv() and the locale
 * lookups of the CUPS, speech and USB threads, so changing language later
 * only rebinds the kiosk's text domain (kiosk_application_use_translations),
 * which gettext guards with its own lock. LANGUAGE is "en" for good: it only
 * says which catalogue to look for; the binding says whether there is one. */
void
kiosk_application_init_locale(void)
{
  /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is always there. */
  if (!setlocale(LC_ALL, "") || g_str_equal(setlocale(LC_MESSAGES, NULL), "C"))
    setlocale(LC_ALL, "C.UTF-8");
  g_setenv("LANGUAGE", "en", TRUE);
  g_free(catalogue_dir);
  catalogue_dir = g_strdup(anyi_paths_locale_dir());
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE); /* the .ui files' strings go through gettext() */
  /* GLib's _() decides at its first call, once for the process, whether to
   * translate at all: with no catalogue in force it would never translate,
   * and English chosen later would show only in the .ui files. So the first
   * call is made with the English catalogue bound. */
  kiosk_application_use_translations("en");
  (void)g_dgettext(GETTEXT_PACKAGE, "");
}

void
kiosk_application_use_translations(const char *language)
{
  gboolean english = g_strcmp0(language, "en") == 0;

  g_return_if_fail(catalogue_dir != NULL);
  bindtextdomain(GETTEXT_PACKAGE, english ? catalogue_dir : SOURCE_LANGUAGE_DIR);
}

static gboolean
has_render_node(void)
{
  g_autoptr(GDir) dir = g_dir_open("/dev/dri", 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name(dir)))
    if (g_str_has_prefix(name, "renderD"))
      return TRUE;
  return FALSE;
}

/* Mesa reaches a GPU through an X server only by DRI3 or DRI2; Xvfb and
 * Xvnc offer neither, and GL there is llvmpipe whatever the machine has. */
static gboolean
x_server_offers_dri(const char *display_name)
{
  Display *display = XOpenDisplay(display_name);
  int opcode, event, error;
  gboolean dri;

  if (!display)
    return TRUE; /* GTK will say why it cannot open it */
  dri = XQueryExtension(display, "DRI3", &opcode, &event, &error) ||
        XQueryExtension(display, "DRI2", &opcode, &event, &error);
  XCloseDisplay(display);
  return dri;
}

static const char *
why_gl_is_software_only(void)
{
  const char *x_display = g_getenv("DISPLAY");

  if (g_strcmp0(g_getenv("LIBGL_ALWAYS_SOFTWARE"), "1") == 0 ||
      g_strcmp0(g_getenv("LIBGL_ALWAYS_SOFTWARE"), "true") == 0)
    return "LIBGL_ALWAYS_SOFTWARE is set";
  if (!has_render_node())
    return "no GPU render node in /dev/dri";
  if (!g_getenv("WAYLAND_DISPLAY") && x_display && !x_server_offers_dri(x_display))
    return "the X server offers no DRI";
  return NULL;
}

/* GL on a real GPU paints the camera preview without copying it; GL on
 * llvmpipe (Xvfb, a machine without a GPU) only costs: a third of the cold
 * start and twice the memory of cairo, which paints the same pages. So
 * the kiosk picks cairo when GL would be software only, and does not
 * probe GL at all then. GSK_RENDERER set by the technician wins. */
void
kiosk_application_choose_renderer(void)
{
  const char *why;

  if (!g_getenv("GSK_RENDERER")) {
    why = why_gl_is_software_only();
    if (why) {
      g_setenv("GSK_RENDERER", "cairo", TRUE);
      g_info("ui: cairo renderer: GL would be software only (%s)", why);
    }
  }
  if (g_strcmp0(g_getenv("GSK_RENDERER"), "cairo") == 0 && !g_getenv("GDK_DEBUG"))
    g_setenv("GDK_DEBUG", "gl-disable", TRUE);
}

KioskApplication *
kiosk_application_new(void)
{
  /* NON_UNIQUE: tests run several kiosks side by side on one session bus. */
  return g_object_new(KIOSK_TYPE_APPLICATION, "application-id", "cn.anyi.Kiosk", "flags",
                      G_APPLICATION_NON_UNIQUE, NULL);
}

AnyiKiosk *
kiosk_application_get_kiosk(KioskApplication *self)
{
  return self->kiosk;
}

const char *
kiosk_application_text(KioskApplication *self, const AnyiText *text)
{
  return g_str_equal(self->language, "en") && text->en && *text->en ? text->en : text->zh;
}

GtkWindow *
kiosk_application_get_kiosk_window(KioskApplication *self)
{
  return GTK_WINDOW(self->window);
}

const char *
kiosk_application_get_language(KioskApplication *self)
{
  return self->language;
}

/* Source strings are Chinese (the hall's language, and what a citizen sees
 * if a translation is missing); English comes from en.po. Neither the
 * environment nor the C locale changes (see kiosk_application_init_locale).
 * Templates are translated when built, so the window is rebuilt. */
void
kiosk_application_set_language(KioskApplication *self, const char *language)
{
  gboolean rebuild = self->window != NULL;
  AnyiSpeech *speech = anyi_kiosk_get_speech(self->kiosk);
  KioskWindowPlace place = {0};

  g_free(self->language);
  self->language = g_strdup(g_strcmp0(language, "en") == 0 ? "en" : "zh_CN");
  kiosk_application_use_translations(self->language);
  if (speech)
    anyi_speech_set_language(speech, self->language);
  if (!rebuild)
    return;
  kiosk_window_save_place(self->window, &place);
  kiosk_window_allow_close(self->window);
  gtk_window_destroy(GTK_WINDOW(self->window));
  self->window = kiosk_window_new(self);
  gtk_window_present(GTK_WINDOW(self->window));
  kiosk_window_return_to(self->window, &place);
  kiosk_window_place_clear(&place);
  kiosk_watchdog_start();
}
