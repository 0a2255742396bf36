/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-application.c */
#include "kiosk-application.h"
#include "kiosk-window.h"

#include <anyi-config.h>
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
  kiosk_application_set_language(self, anyi_kiosk_get_settings(self->kiosk)->language);
  kiosk_application_load_style();
  anyi_kiosk_start_upkeep(self->kiosk);
}

static void
kiosk_application_activate(GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION(app);

  if (!self->kiosk)
    return;
  if (!self->window)
    self->window = kiosk_window_new(self);
  gtk_window_present(GTK_WINDOW(self->window));
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

/* GLib's _() decides at its first call, once for the process, whether to
 * translate at all: with Chinese (the source language, no catalogue) in
 * force it would never translate, and English chosen later would show only
 * in the .ui files. So the first call is made with English in force. */
static void
prime_glib_translation(void)
{
  g_autofree char *language = g_strdup(g_getenv("LANGUAGE"));

  g_setenv("LANGUAGE", "en", TRUE);
  setlocale(LC_MESSAGES, "");
  (void)g_dgettext(GETTEXT_PACKAGE, "");
  if (language)
    g_setenv("LANGUAGE", language, TRUE);
  else
    g_unsetenv("LANGUAGE");
  setlocale(LC_MESSAGES, "");
}

void
kiosk_application_init_locale(void)
{
  const char *locale_dir = g_getenv("ANYI_LOCALE_DIR");

  /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is always there. */
  if (!setlocale(LC_ALL, "") || g_str_equal(setlocale(LC_MESSAGES, NULL), "C"))
    setlocale(LC_ALL, "C.UTF-8");
  bindtextdomain(GETTEXT_PACKAGE, locale_dir ? locale_dir : ANYI_LOCALE_DIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
  prime_glib_translation();
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
 * if a translation is missing); English comes from en.po. LANGUAGE works
 * because main() sets a non-"C" locale. Templates are translated when built,
 * so the window is rebuilt. */
void
kiosk_application_set_language(KioskApplication *self, const char *language)
{
  gboolean rebuild = self->window != NULL;
  AnyiSpeech *speech = anyi_kiosk_get_speech(self->kiosk);

  g_free(self->language);
  self->language = g_strdup(g_strcmp0(language, "en") == 0 ? "en" : "zh_CN");
  g_setenv("LANGUAGE", self->language, TRUE);
  setlocale(LC_MESSAGES, "");
  if (speech)
    anyi_speech_set_language(speech, self->language);
  if (!rebuild)
    return;
  kiosk_window_allow_close(self->window);
  gtk_window_destroy(GTK_WINDOW(self->window));
  self->window = kiosk_window_new(self);
  gtk_window_present(GTK_WINDOW(self->window));
}
