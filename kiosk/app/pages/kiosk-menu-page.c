/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-menu-page.c */
#include "kiosk-menu-page.h"

#include "catalogue/catalogue-search.h"
#include "input/anyi-initials.h"
#include "kiosk-input.h"
#include "settings/anyi-settings.h"

#include <glib/gi18n-lib.h>

/* Three across and two down; in 大字模式 two across and three down, so
 * that a name and its line each keep to one line. */
#define CATEGORY_COLUMNS       3
#define CATEGORY_COLUMNS_LARGE 2
/* Search results shown at once: one row above the keyboard. */
#define MAX_RESULTS 3
/* in 大字模式, wider tiles: an English name takes two lines, not four */
#define MAX_RESULTS_LARGE 2

typedef struct {
  char *id;
  char *category_id;
  char *name;
  char *summary;
  char *unavailable;
} Service;

struct _KioskMenuPage {
  GtkBox parent_instance;
  GtkStack *views;
  GtkGrid *categories;
  GtkWidget *offers;
  GtkBox *offer_tiles;
  GtkWidget *card_hint;
  GtkLabel *category_title;
  GtkFlowBox *service_tiles;
  GtkBox *search_view;
  GtkEntry *search_entry;
  GtkLabel *search_status;
  GtkFlowBox *search_results;
  GtkWidget *search_none; /* 人工帮助 and the full menu, when nothing is found */
  KioskInput *input;      /* made when search is first opened */

  guint n_categories;
  GHashTable *category_names; /* id -> name */
  GPtrArray *services;        /* Service, in display order */
  AnyiCatalogue *catalogue;   /* what the search looks in */
  char *language;             /* of the answers the search gives */
  AnyiServiceSearch *search;  /* made when search is first opened */
  GPtrArray *offered;         /* service ids on the candidate bar, in order */
  char *composing;            /* the letters being typed on the pinyin keys */
};

G_DEFINE_FINAL_TYPE(KioskMenuPage, kiosk_menu_page, GTK_TYPE_BOX)

enum { SIGNAL_SERVICE_CHOSEN, SIGNAL_SAY, SIGNAL_HELP, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
service_free(Service *service)
{
  g_free(service->id);
  g_free(service->category_id);
  g_free(service->name);
  g_free(service->summary);
  g_free(service->unavailable);
  g_free(service);
}

static const Service *
find_service(KioskMenuPage *self, const char *id)
{
  for (guint i = 0; i < self->services->len; i++) {
    const Service *service = g_ptr_array_index(self->services, i);
    if (g_str_equal(service->id, id))
      return service;
  }
  return NULL;
}

static void
remove_children(GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(parent))) {
    if (GTK_IS_FLOW_BOX(parent))
      gtk_flow_box_remove(GTK_FLOW_BOX(parent), child);
    else if (GTK_IS_GRID(parent))
      gtk_grid_remove(GTK_GRID(parent), child);
    else
      gtk_box_remove(GTK_BOX(parent), child);
  }
}

static GtkWidget *
label_with_class(const char *text, const char *css_class, float xalign)
{
  GtkWidget *label = gtk_label_new(text);

  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign(GTK_LABEL(label), xalign);
  gtk_label_set_justify(GTK_LABEL(label), xalign == 0.5f ? GTK_JUSTIFY_CENTER : GTK_JUSTIFY_LEFT);
  gtk_widget_add_css_class(label, css_class);
  return label;
}

static gboolean
large_text(KioskMenuPage *self)
{
  GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(self));

  return root && gtk_widget_has_css_class(GTK_WIDGET(root), "large-text");
}

static int
compare_tile_order(gconstpointer a, gconstpointer b)
{
  guint x = GPOINTER_TO_UINT(g_object_get_data(*(GObject *const *)a, "order"));
  guint y = GPOINTER_TO_UINT(g_object_get_data(*(GObject *const *)b, "order"));

  return x < y ? -1 : x > y;
}

/* ---- services ---- */

static void
on_service_clicked(GtkButton *tile, KioskMenuPage *self)
{
  const char *service_id = g_object_get_data(G_OBJECT(tile), "service-id");

  g_signal_emit(self, signals[SIGNAL_SERVICE_CHOSEN], 0, service_id);
}

typedef enum {
  TILE_IN_CATEGORY,     /* the name and, room allowing, its sentence */
  TILE_IN_SEARCH,       /* the name the citizen looked for, alone */
  TILE_OFFERED_BY_CARD, /* the name and why it is offered */
} TilePlace;

/* Whether a tile shows its sentence. In 大字模式 six services with their
 * sentences would not fit one screen; above the search's keyboard there
 * is room for names only (English sentences take four lines). The
 * sentence is said when the service opens, and a screen reader reads it
 * with the name. Why an offer is made is always shown. */
static gboolean
tile_shows_sentence(KioskMenuPage *self, TilePlace place)
{
  return place == TILE_OFFERED_BY_CARD || (place == TILE_IN_CATEGORY && !large_text(self));
}

/* A service tile; @why (card-first offers) replaces its summary. */
static GtkWidget *
service_tile(KioskMenuPage *self, const Service *service, TilePlace place, const char *why)
{
  GtkWidget *tile = gtk_button_new();
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
  const char *line = why ? why : service->summary;

  gtk_widget_set_valign(box, GTK_ALIGN_CENTER);

  gtk_box_append(GTK_BOX(box), label_with_class(service->name, "tile-title", 0.5f));
  if (line && *line) {
    GtkWidget *summary = label_with_class(line, "tile-summary", 0.5f);
    gtk_widget_set_visible(summary, tile_shows_sentence(self, place));
    gtk_box_append(GTK_BOX(box), summary);
  }
  if (service->unavailable)
    gtk_box_append(GTK_BOX(box), label_with_class(service->unavailable, "tile-unavailable", 0.5f));
  gtk_button_set_child(GTK_BUTTON(tile), box);
  gtk_widget_add_css_class(tile, "tile");
  gtk_widget_set_sensitive(tile, service->unavailable == NULL);
  gtk_widget_set_name(tile, service->id);
  /* A screen reader names the tile by the service, as the eye does. */
  gtk_accessible_update_property(GTK_ACCESSIBLE(tile), GTK_ACCESSIBLE_PROPERTY_LABEL, service->name,
                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, line ? line : "", -1);
  g_object_set_data_full(G_OBJECT(tile), "service-id", g_strdup(service->id), g_free);
  g_signal_connect(tile, "clicked", G_CALLBACK(on_service_clicked), self);
  return tile;
}

void
kiosk_menu_page_add_service(KioskMenuPage *self, const char *service_id, const char *category_id,
                            const char *name, const char *summary, const char *unavailable)
{
  Service *service = g_new0(Service, 1);

  g_return_if_fail(KIOSK_IS_MENU_PAGE(self));
  service->id = g_strdup(service_id);
  service->category_id = g_strdup(category_id);
  service->name = g_strdup(name);
  service->summary = g_strdup(summary);
  service->unavailable = g_strdup(unavailable);
  g_ptr_array_add(self->services, service);
}

/* ---- categories ---- */

static void
open_category(KioskMenuPage *self, const char *category_id)
{
  const char *name = g_hash_table_lookup(self->category_names, category_id);

  remove_children(GTK_WIDGET(self->service_tiles));
  for (guint i = 0; i < self->services->len; i++) {
    const Service *service = g_ptr_array_index(self->services, i);
    if (g_str_equal(service->category_id, category_id))
      gtk_flow_box_append(self->service_tiles, service_tile(self, service, TILE_IN_CATEGORY, NULL));
  }
  gtk_label_set_text(self->category_title, name);
  gtk_stack_set_visible_child_name(self->views, "services");
  g_info("ui: menu category %s", category_id);
  g_signal_emit(self, signals[SIGNAL_SAY], 0, name);
}

static void
on_category_clicked(GtkButton *tile, KioskMenuPage *self)
{
  open_category(self, g_object_get_data(G_OBJECT(tile), "category-id"));
}

static GtkWidget *
category_picture(const char *icon)
{
  g_autofree char *file = g_strdup_printf("styles/images/%s.svg", icon);
  g_autofree char *path = anyi_asset_path(file);
  GtkWidget *picture = gtk_image_new_from_file(path);

  gtk_image_set_pixel_size(GTK_IMAGE(picture), 80);
  gtk_widget_set_valign(picture, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class(picture, "category-picture");
  return picture;
}

/* The parts of a category tile: its picture, and its plain-words line. */
static GtkWidget *
tile_picture(GtkWidget *tile)
{
  return gtk_widget_get_first_child(gtk_button_get_child(GTK_BUTTON(tile)));
}

static GtkWidget *
tile_summary(GtkWidget *tile)
{
  GtkWidget *words = gtk_widget_get_last_child(gtk_button_get_child(GTK_BUTTON(tile)));

  return gtk_widget_get_next_sibling(gtk_widget_get_first_child(words));
}

/* Lays the category tiles out for the text size and the offers above
 * them: with offers, the tiles keep their names only (and in 大字模式 lose
 * their pictures too), so that all of it still fits one screen. So do
 * they in English in 大字模式: its sentences, two to three times as long
 * as the Chinese, wrap to three or four lines there, and the last row of
 * tiles would fall 400 px below the screen. The sentence is spoken. */
static void
layout_categories(KioskMenuPage *self)
{
  gboolean large = large_text(self);
  gboolean offers = gtk_widget_get_visible(self->offers);
  gboolean sentences = !offers && !(large && g_strcmp0(self->language, "en") == 0);
  guint columns = large && !offers ? CATEGORY_COLUMNS_LARGE : CATEGORY_COLUMNS;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func(g_object_unref);
  GtkWidget *tile;

  for (tile = gtk_widget_get_first_child(GTK_WIDGET(self->categories)); tile;
       tile = gtk_widget_get_next_sibling(tile))
    g_ptr_array_add(tiles, g_object_ref(tile));
  /* children come back in reverse order of attachment */
  g_ptr_array_sort(tiles, compare_tile_order);
  remove_children(GTK_WIDGET(self->categories));
  for (guint i = 0; i < tiles->len; i++) {
    tile = g_ptr_array_index(tiles, i);
    gtk_widget_set_visible(tile_picture(tile), !(large && offers));
    if (tile_summary(tile))
      gtk_widget_set_visible(tile_summary(tile), sentences);
    gtk_grid_attach(self->categories, tile, i % columns, i / columns, 1, 1);
  }
}

void
kiosk_menu_page_add_category(KioskMenuPage *self, const char *category_id, const char *name,
                             const char *summary, const char *icon)
{
  GtkWidget *tile = gtk_button_new();
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 20);
  GtkWidget *words = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  guint at = self->n_categories++;

  g_return_if_fail(KIOSK_IS_MENU_PAGE(self));
  gtk_widget_set_valign(words, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand(words, TRUE);
  gtk_box_append(GTK_BOX(words), label_with_class(name, "tile-title", 0));
  if (summary && *summary)
    gtk_box_append(GTK_BOX(words), label_with_class(summary, "tile-summary", 0));
  gtk_box_append(GTK_BOX(row), category_picture(icon));
  gtk_box_append(GTK_BOX(row), words);
  gtk_button_set_child(GTK_BUTTON(tile), row);
  gtk_widget_add_css_class(tile, "tile");
  gtk_widget_add_css_class(tile, "category-tile");
  gtk_widget_set_name(tile, category_id);
  gtk_accessible_update_property(GTK_ACCESSIBLE(tile), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary ? summary : "", -1);
  g_object_set_data_full(G_OBJECT(tile), "category-id", g_strdup(category_id), g_free);
  g_signal_connect(tile, "clicked", G_CALLBACK(on_category_clicked), self);
  g_object_set_data(G_OBJECT(tile), "order", GUINT_TO_POINTER(at));
  gtk_grid_attach(self->categories, tile, at % CATEGORY_COLUMNS, at / CATEGORY_COLUMNS, 1, 1);
  layout_categories(self);
  g_hash_table_replace(self->category_names, g_strdup(category_id), g_strdup(name));
}

void
kiosk_menu_page_clear(KioskMenuPage *self)
{
  g_return_if_fail(KIOSK_IS_MENU_PAGE(self));
  remove_children(GTK_WIDGET(self->categories));
  remove_children(GTK_WIDGET(self->service_tiles));
  remove_children(GTK_WIDGET(self->search_results));
  self->n_categories = 0;
  g_hash_table_remove_all(self->category_names);
  g_ptr_array_set_size(self->services, 0);
  kiosk_menu_page_clear_offers(self);
}

/* ---- card first ---- */

void
kiosk_menu_page_add_offer(KioskMenuPage *self, const char *service_id, const char *why)
{
  const Service *service;

  g_return_if_fail(KIOSK_IS_MENU_PAGE(self));
  service = find_service(self, service_id);
  if (!service || service->unavailable)
    return;
  gtk_box_append(self->offer_tiles, service_tile(self, service, TILE_OFFERED_BY_CARD, why));
  gtk_widget_add_css_class(gtk_widget_get_last_child(GTK_WIDGET(self->offer_tiles)), "offer");
  gtk_widget_set_visible(self->offers, TRUE);
  gtk_widget_set_visible(self->card_hint, FALSE);
  layout_categories(self);
  gtk_stack_set_visible_child_name(self->views, "categories");
}

void
kiosk_menu_page_clear_offers(KioskMenuPage *self)
{
  g_return_if_fail(KIOSK_IS_MENU_PAGE(self));
  remove_children(GTK_WIDGET(self->offer_tiles));
  gtk_widget_set_visible(self->offers, FALSE);
  gtk_widget_set_visible(self->card_hint, TRUE);
  layout_categories(self);
}

/* ---- search ---- */

void
kiosk_menu_page_set_catalogue(KioskMenuPage *self, AnyiCatalogue *catalogue, const char *language)
{
  g_return_if_fail(KIOSK_IS_MENU_PAGE(self));
  g_set_object(&self->catalogue, catalogue);
  g_free(self->language);
  self->language = g_strdup(language);
  /* the titles and readings are those of the catalogue: made again when asked */
  g_clear_pointer(&self->search, anyi_service_search_free);
}

/* The index of the catalogue's titles, keywords and answers. A broken
 * words file costs its keywords, not the search: the technician reads why. */
static gboolean
load_search(KioskMenuPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *words = anyi_service_search_default_words();

  if (self->search || !self->catalogue)
    return self->search != NULL;
  self->search =
      anyi_service_search_new(self->catalogue, anyi_initials_default_dict(), words, &error);
  if (!self->search) {
    g_warning("menu: search without the hall's keywords: %s", error->message);
    self->search =
        anyi_service_search_new(self->catalogue, anyi_initials_default_dict(), NULL, NULL);
  }
  return self->search != NULL;
}

/* What was written into the entry (a confirmed query, a handwritten
 * character), then the letters on the pinyin keys being typed. */
static char *
search_query(KioskMenuPage *self)
{
  return g_strconcat(gtk_editable_get_text(GTK_EDITABLE(self->search_entry)),
                     self->composing ? self->composing : "", NULL);
}

static const char *
answer_text(KioskMenuPage *self, const AnyiText *answer)
{
  return g_strcmp0(self->language, "en") == 0 ? answer->en : answer->zh;
}

/* The services found, on the keyboard's candidate bar: pressed, one opens. */
static void
offer_services(KioskMenuPage *self, GPtrArray *services)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new();

  g_ptr_array_set_size(self->offered, 0);
  for (guint i = 0; i < services->len && names->len < KIOSK_INPUT_MAX_OFFERS; i++) {
    const Service *service = g_ptr_array_index(services, i);
    if (service->unavailable)
      continue;
    g_ptr_array_add(names, service->name);
    g_ptr_array_add(self->offered, g_strdup(service->id));
  }
  if (self->input)
    kiosk_input_offer(self->input, (const char *const *)names->pdata, names->len);
}

/* Nothing found, or something this hall cannot do: said in plain words,
 * with 人工帮助 and the full menu beside it (never an empty page). */
static void
show_not_found(KioskMenuPage *self, const char *query, const AnyiText *answer)
{
  g_autofree char *none = NULL;

  if (answer) {
    gtk_label_set_text(self->search_status, answer_text(self, answer));
  } else {
    none = g_strdup_printf(_("没有找到和“%s”有关的事项。可以请工作人员帮您，或者看看全部事项。"),
                           query);
    gtk_label_set_text(self->search_status, none);
  }
  gtk_widget_set_visible(self->search_none, TRUE);
  /* the answer itself, not a hint: as large as the page's text */
  gtk_widget_add_css_class(GTK_WIDGET(self->search_status), "search-answer");
}

static void
update_results(KioskMenuPage *self)
{
  g_autofree char *query = search_query(self);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new();
  const AnyiText *answer = NULL;
  guint room = large_text(self) ? MAX_RESULTS_LARGE : MAX_RESULTS;

  remove_children(GTK_WIDGET(self->search_results));
  gtk_widget_set_visible(self->search_none, FALSE);
  gtk_widget_remove_css_class(GTK_WIDGET(self->search_status), "search-answer");
  if (!*query || !self->search) {
    gtk_label_set_text(self->search_status, _("在下面的键盘上打字，结果会出现在这里。"));
    offer_services(self, found);
    return;
  }
  hits = anyi_service_search_find(self->search, query);
  for (guint i = 0; i < hits->len; i++) {
    const AnyiSearchHit *hit = g_ptr_array_index(hits, i);
    const Service *service = hit->service_id ? find_service(self, hit->service_id) : NULL;
    if (service)
      g_ptr_array_add(found, (gpointer)service);
    else if (!hit->service_id && !answer)
      answer = hit->answer;
  }
  offer_services(self, found);
  gtk_flow_box_set_max_children_per_line(self->search_results, room);
  gtk_flow_box_set_min_children_per_line(self->search_results, room);
  for (guint i = 0; i < found->len && i < room; i++)
    gtk_flow_box_append(self->search_results,
                        service_tile(self, g_ptr_array_index(found, i), TILE_IN_SEARCH, NULL));
  if (found->len == 0) {
    show_not_found(self, query, answer);
  } else if (found->len > room) {
    g_autofree char *more = g_strdup_printf(
        _("找到 %u 项，这里是前 %d 项；再多打几个字母，结果更准。"), found->len, (int)room);
    gtk_label_set_text(self->search_status, more);
  } else {
    g_autofree char *all = g_strdup_printf(_("找到 %u 项，请点您要办的事："), found->len);
    gtk_label_set_text(self->search_status, all);
  }
}

static void
on_offer_chosen(KioskInput *input, guint index, KioskMenuPage *self)
{
  g_autofree char *service_id = NULL;

  if (index >= self->offered->len)
    return;
  service_id = g_strdup(g_ptr_array_index(self->offered, index));
  g_info("ui: menu search chose %s", service_id);
  g_signal_emit(self, signals[SIGNAL_SERVICE_CHOSEN], 0, service_id);
}

static void
on_search_help_clicked(KioskMenuPage *self)
{
  g_signal_emit(self, signals[SIGNAL_HELP], 0);
}

static void
on_composing(KioskInput *input, const char *preedit, KioskMenuPage *self)
{
  g_free(self->composing);
  self->composing = anyi_initials_letters(preedit ? preedit : "");
  update_results(self);
}

static void
on_search_text_changed(GtkEditable *entry, GParamSpec *pspec, KioskMenuPage *self)
{
  update_results(self);
}

/* 确定 on the search: what was found (or that nothing was, and why) is
 * said, once, rather than at every letter. */
static void
on_input_confirm(KioskInput *input, KioskMenuPage *self)
{
  g_signal_emit(self, signals[SIGNAL_SAY], 0, gtk_label_get_text(self->search_status));
}

static void
on_input_say(KioskInput *input, const char *text, KioskMenuPage *self)
{
  g_signal_emit(self, signals[SIGNAL_SAY], 0, text);
}

static void
make_input(KioskMenuPage *self)
{
  self->input = KIOSK_INPUT(kiosk_input_new());
  kiosk_input_set_target(self->input, GTK_EDITABLE(self->search_entry));
  /* a search offers services, not the words of a dictionary */
  kiosk_input_set_words(self->input, FALSE);
  g_signal_connect(self->input, "composing", G_CALLBACK(on_composing), self);
  g_signal_connect(self->input, "offer-chosen", G_CALLBACK(on_offer_chosen), self);
  g_signal_connect(self->input, "confirm", G_CALLBACK(on_input_confirm), self);
  g_signal_connect(self->input, "say", G_CALLBACK(on_input_say), self);
  gtk_widget_set_valign(GTK_WIDGET(self->input), GTK_ALIGN_END);
  gtk_box_append(self->search_view, GTK_WIDGET(self->input));
}

static void
open_search(KioskMenuPage *self)
{
  if (!self->input)
    make_input(self);
  kiosk_input_load_engines(self->input);
  kiosk_input_reset(self->input);
  kiosk_input_set_mode(self->input, KIOSK_INPUT_PINYIN);
  g_clear_pointer(&self->composing, g_free);
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
  load_search(self);
  update_results(self);
  gtk_stack_set_visible_child_name(self->views, "search");
  g_info("ui: menu search");
  g_signal_emit(self, signals[SIGNAL_SAY], 0,
                _("请打您要办的事的拼音或拼音首字母，比如身份证，打 s f z，下面会列出能办的事。"));
}

static void
on_search_clicked(KioskMenuPage *self)
{
  open_search(self);
}

gboolean
kiosk_menu_page_get_search(KioskMenuPage *self, char **typed, char **composing)
{
  g_return_val_if_fail(KIOSK_IS_MENU_PAGE(self), FALSE);
  if (g_strcmp0(gtk_stack_get_visible_child_name(self->views), "search") != 0)
    return FALSE;
  *typed = g_strdup(gtk_editable_get_text(GTK_EDITABLE(self->search_entry)));
  *composing = g_strdup(self->composing ? self->composing : "");
  return TRUE;
}

void
kiosk_menu_page_open_search(KioskMenuPage *self, const char *typed, const char *composing)
{
  g_return_if_fail(KIOSK_IS_MENU_PAGE(self));
  open_search(self);
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), typed ? typed : "");
  gtk_editable_set_position(GTK_EDITABLE(self->search_entry), -1);
  /* the keyboard's own "composing" runs the search again */
  kiosk_input_compose(self->input, composing);
}

void
kiosk_menu_page_set_hint(KioskMenuPage *self, const char *hint)
{
  g_return_if_fail(KIOSK_IS_MENU_PAGE(self));
  gtk_label_set_text(GTK_LABEL(self->card_hint),
                     hint ? hint : _("带了身份证？放到下方读卡区，马上告诉您能办什么。"));
}

/* ---- the page ---- */

void
kiosk_menu_page_show_categories(KioskMenuPage *self)
{
  g_return_if_fail(KIOSK_IS_MENU_PAGE(self));
  if (self->input)
    kiosk_input_reset(self->input);
  g_clear_pointer(&self->composing, g_free);
  gtk_editable_set_text(GTK_EDITABLE(self->search_entry), "");
  gtk_stack_set_visible_child_name(self->views, "categories");
}

/* Every citizen meets the menu at its categories, not where the last one
 * left it. */
static void
on_root_classes(GtkWidget *root, GParamSpec *pspec, KioskMenuPage *self)
{
  layout_categories(self);
  if (g_strcmp0(gtk_stack_get_visible_child_name(self->views), "search") == 0)
    update_results(self);
}

static void
kiosk_menu_page_root(GtkWidget *widget)
{
  GTK_WIDGET_CLASS(kiosk_menu_page_parent_class)->root(widget);
  g_signal_connect_object(gtk_widget_get_root(widget), "notify::css-classes",
                          G_CALLBACK(on_root_classes), widget, 0);
}

static void
kiosk_menu_page_unroot(GtkWidget *widget)
{
  g_signal_handlers_disconnect_by_func(gtk_widget_get_root(widget), on_root_classes, widget);
  GTK_WIDGET_CLASS(kiosk_menu_page_parent_class)->unroot(widget);
}

static void
kiosk_menu_page_map(GtkWidget *widget)
{
  layout_categories(KIOSK_MENU_PAGE(widget));
  kiosk_menu_page_show_categories(KIOSK_MENU_PAGE(widget));
  GTK_WIDGET_CLASS(kiosk_menu_page_parent_class)->map(widget);
}

static void
kiosk_menu_page_finalize(GObject *object)
{
  KioskMenuPage *self = KIOSK_MENU_PAGE(object);

  g_hash_table_destroy(self->category_names);
  g_ptr_array_unref(self->services);
  g_ptr_array_unref(self->offered);
  g_clear_pointer(&self->search, anyi_service_search_free);
  g_clear_object(&self->catalogue);
  g_free(self->language);
  g_free(self->composing);
  G_OBJECT_CLASS(kiosk_menu_page_parent_class)->finalize(object);
}

static void
install_css_once(void)
{
  /* Above kiosk.css: the menu's own sizes, which make it fit one screen. */
  static const char menu_css[] =
      ".menu-page { padding-top: 16px; padding-bottom: 16px; }"
      "button.tile.category-tile { min-height: 0; padding: 16px 24px; }"
      "button.secondary.menu-nav { min-height: 72px; padding: 8px 36px; }"
      ".menu-offers { background: #fff4d6; border: 3px solid #8a5a00; border-radius: 24px;"
      "  padding: 12px 24px; }"
      ".menu-offers-title { font-weight: bold; color: #1a1a1a; }"
      "label.hint.search-answer { font-size: 1.0em; color: #1a1a1a; }"
      /* 大字模式's hint is large already; larger, the passport answer
       * would push the keys off the screen */
      ".large-text label.hint.search-answer { font-size: 0.85em; }"
      "button.tile.offer { border-color: #0b4a8f; border-width: 4px; min-height: 0;"
      "  padding: 12px 24px; }";
  static gsize done;

  if (g_once_init_enter(&done)) {
    GtkCssProvider *provider = gtk_css_provider_new();
    gtk_css_provider_load_from_data(provider, menu_css, -1);
    gtk_style_context_add_provider_for_display(gdk_display_get_default(),
                                               GTK_STYLE_PROVIDER(provider),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    g_once_init_leave(&done, 1);
  }
}

static void
kiosk_menu_page_class_init(KioskMenuPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  object_class->finalize = kiosk_menu_page_finalize;
  widget_class->map = kiosk_menu_page_map;
  widget_class->root = kiosk_menu_page_root;
  widget_class->unroot = kiosk_menu_page_unroot;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-menu-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, views);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, categories);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, offers);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, offer_tiles);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, card_hint);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, category_title);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, service_tiles);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, search_view);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, search_entry);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, search_status);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, search_results);
  gtk_widget_class_bind_template_child(widget_class, KioskMenuPage, search_none);
  gtk_widget_class_bind_template_callback(widget_class, on_search_help_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_search_clicked);
  gtk_widget_class_bind_template_callback(widget_class, kiosk_menu_page_show_categories);
  signals[SIGNAL_SERVICE_CHOSEN] =
      g_signal_new("service-chosen", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_SAY] = g_signal_new("say", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_HELP] = g_signal_new("help", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_menu_page_init(KioskMenuPage *self)
{
  install_css_once();
  gtk_widget_init_template(GTK_WIDGET(self));
  self->category_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  self->services = g_ptr_array_new_with_free_func((GDestroyNotify)service_free);
  self->offered = g_ptr_array_new_with_free_func(g_free);
  g_signal_connect(self->search_entry, "notify::text", G_CALLBACK(on_search_text_changed), self);
}
