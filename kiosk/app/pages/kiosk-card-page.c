/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-card-page.c */
#include "kiosk-a11y.h"
#include "kiosk-card-page.h"
#include "kiosk-spinner.h"
#include "settings/anyi-settings.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _KioskCardPage {
  GtkBox parent_instance;
  GtkStack *steps;
  GtkPicture *place_picture;
  GtkPicture *photo;
  GtkLabel *card_kind;
  GtkLabel *name;
  GtkLabel *id_number;
  GtkLabel *valid;
  GtkLabel *note;
  GtkLabel *error_sentence;
  GtkButton *retry_button;
  GtkButton *window_button;
};

G_DEFINE_FINAL_TYPE(KioskCardPage, kiosk_card_page, GTK_TYPE_BOX)

enum { SIGNAL_CONFIRMED, SIGNAL_RETRY, SIGNAL_GO_TO_WINDOW, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_confirm_clicked(KioskCardPage *self)
{
  g_signal_emit(self, signals[SIGNAL_CONFIRMED], 0);
}

static void
on_retry_clicked(KioskCardPage *self)
{
  g_signal_emit(self, signals[SIGNAL_RETRY], 0);
}

static void
on_window_clicked(KioskCardPage *self)
{
  g_signal_emit(self, signals[SIGNAL_GO_TO_WINDOW], 0);
}

void
kiosk_card_page_show_waiting(KioskCardPage *self)
{
  gtk_stack_set_visible_child_name(self->steps, "waiting");
}

void
kiosk_card_page_show_reading(KioskCardPage *self)
{
  gtk_stack_set_visible_child_name(self->steps, "reading");
}

static const char *
card_kind_label(AnyiIdCardType type)
{
  switch (type) {
  case ANYI_ID_CARD_TYPE_RESIDENT:
    return _("居民身份证");
  case ANYI_ID_CARD_TYPE_HK_MO_TW_PERMIT:
    return _("港澳台居民居住证");
  case ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2017:
  case ANYI_ID_CARD_TYPE_FOREIGN_PERMANENT_2023:
    return _("外国人永久居留身份证");
  }
  return "";
}

static char *
format_date(const char *yyyymmdd)
{
  if (!yyyymmdd || strlen(yyyymmdd) != 8)
    return g_strdup(yyyymmdd ? yyyymmdd : "");
  return g_strdup_printf("%.4s.%.2s.%.2s", yyyymmdd, yyyymmdd + 4, yyyymmdd + 6);
}

void
kiosk_card_page_show_card(KioskCardPage *self, const AnyiIdCard *card, const char *note)
{
  g_autofree char *masked = anyi_id_number_mask(card->id_number);
  g_autofree char *from = format_date(card->valid_from);
  g_autofree char *to = card->long_term ? g_strdup(_("长期")) : format_date(card->valid_to);
  g_autofree char *valid = g_strdup_printf(_("有效期限：%s - %s"), from, to);
  const char *name = card->name && *card->name ? card->name : card->english_name;

  gtk_label_set_text(self->card_kind, card_kind_label(card->card_type));
  gtk_label_set_text(self->name, name ? name : "");
  gtk_label_set_text(self->id_number, masked);
  gtk_label_set_text(self->valid, valid);
  gtk_label_set_text(self->note, note ? note : "");
  gtk_widget_set_visible(GTK_WIDGET(self->note), note != NULL);
  gtk_stack_set_visible_child_name(self->steps, "confirm");
}

void
kiosk_card_page_show_error(KioskCardPage *self, const char *sentence, KioskCardActions actions)
{
  gtk_label_set_text(self->error_sentence, sentence);
  gtk_widget_set_visible(GTK_WIDGET(self->retry_button), actions & KIOSK_CARD_ACTION_RETRY);
  gtk_widget_set_visible(GTK_WIDGET(self->window_button), actions & KIOSK_CARD_ACTION_WINDOW);
  gtk_stack_set_visible_child_name(self->steps, "error");
}

void
kiosk_card_page_reset(KioskCardPage *self)
{
  GtkLabel *fields[] = {self->card_kind, self->name, self->id_number,
                        self->valid,     self->note, self->error_sentence};

  for (guint i = 0; i < G_N_ELEMENTS(fields); i++)
    gtk_label_set_text(fields[i], "");
  kiosk_card_page_show_waiting(self);
}

const char *
kiosk_card_page_get_step(KioskCardPage *self)
{
  return gtk_stack_get_visible_child_name(self->steps);
}

static void
load_picture(GtkPicture *picture, const char *asset)
{
  g_autofree char *path = anyi_asset_path(asset);

  gtk_picture_set_filename(picture, path);
}

static void
kiosk_card_page_class_init(KioskCardPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  g_type_ensure(KIOSK_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-card-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, steps);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, place_picture);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, photo);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, card_kind);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, name);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, id_number);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, valid);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, note);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, error_sentence);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, retry_button);
  gtk_widget_class_bind_template_child(widget_class, KioskCardPage, window_button);
  gtk_widget_class_bind_template_callback(widget_class, on_confirm_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_window_clicked);
  signals[SIGNAL_CONFIRMED] = g_signal_new("confirmed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RETRY] = g_signal_new("retry", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_GO_TO_WINDOW] =
      g_signal_new("go-to-window", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 0);
}

/* Pictures are decoded when the page is first shown, not at start-up: the
 * attract screen must come up fast. */
static void
on_first_map(KioskCardPage *self)
{
  g_signal_handlers_disconnect_by_func(self, on_first_map, NULL);
  load_picture(self->place_picture, "styles/images/place-card.svg");
  /* The WLT photo needs the hall's licensed decoder: a silhouette stands in. */
  load_picture(self->photo, "styles/images/silhouette.svg");
}

static void
kiosk_card_page_init(KioskCardPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  kiosk_a11y_track_stack(self->steps);
  g_signal_connect(self, "map", G_CALLBACK(on_first_map), NULL);
}
