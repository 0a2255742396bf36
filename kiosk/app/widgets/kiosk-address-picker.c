/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-address-picker.c */
#include "kiosk-address-picker.h"

#include "settings/anyi-settings.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define REGIONS_FILE     "regions/sichuan.json"
#define REGIONS_MAX_SIZE (256 * 1024)
#define MAX_CITIES       40 /* Sichuan has 21; a bound on what a file may make us draw */
#define MAX_DISTRICTS    40 /* Chengdu has 20 */
#define MAX_NAME_BYTES   64
/* columns of tiles: every level fits one screen in both modes */
#define TILE_COLUMNS 7

typedef enum { LEVEL_PROVINCE, LEVEL_CITY, LEVEL_DISTRICT } Level;

struct _KioskAddressPicker {
  GtkBox parent_instance;
  GtkLabel *question;
  GtkWidget *back; /* beside the question: the tiles keep three rows */
  GtkGrid *tiles;

  JsonNode *regions; /* the parsed file; NULL when unreadable */
  char *province;
  JsonArray *cities; /* inside regions */
  guint city;        /* index of the chosen city */
  Level level;
};

G_DEFINE_FINAL_TYPE(KioskAddressPicker, kiosk_address_picker, GTK_TYPE_BOX)

enum { SIGNAL_PICKED, SIGNAL_SAY, N_SIGNALS };
static guint signals[N_SIGNALS];

static void show_level(KioskAddressPicker *self, Level level);

static const char *
name_of(JsonArray *array, guint index)
{
  JsonNode *node = json_array_get_element(array, index);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;

  return object ? json_object_get_string_member_with_default(object, "name", NULL) : NULL;
}

static const char *
code_of(JsonArray *array, guint index)
{
  JsonNode *node = json_array_get_element(array, index);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;

  return object ? json_object_get_string_member_with_default(object, "code", NULL) : NULL;
}

static JsonArray *
districts_of(KioskAddressPicker *self, guint city)
{
  JsonNode *node = json_array_get_element(self->cities, city);
  JsonObject *object = json_node_get_object(node);

  return json_object_get_array_member(object, "districts");
}

/* Every city an object with a name and at most MAX_DISTRICTS named
 * districts: the file comes from a hall's disk and is not trusted. */
static gboolean
regions_valid(JsonArray *cities)
{
  if (!cities || json_array_get_length(cities) == 0 || json_array_get_length(cities) > MAX_CITIES)
    return FALSE;
  for (guint c = 0; c < json_array_get_length(cities); c++) {
    JsonNode *node = json_array_get_element(cities, c);
    JsonObject *city = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
    JsonNode *list = city ? json_object_get_member(city, "districts") : NULL;
    const char *name = name_of(cities, c);

    if (!name || strlen(name) > MAX_NAME_BYTES || !list || !JSON_NODE_HOLDS_ARRAY(list) ||
        json_array_get_length(json_node_get_array(list)) > MAX_DISTRICTS)
      return FALSE;
    for (guint d = 0; d < json_array_get_length(json_node_get_array(list)); d++) {
      const char *district = name_of(json_node_get_array(list), d);
      if (!district || strlen(district) > MAX_NAME_BYTES)
        return FALSE;
    }
  }
  return TRUE;
}

static void
load_regions(KioskAddressPicker *self)
{
  g_autofree char *path = anyi_asset_path(REGIONS_FILE);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new();
  gsize length = 0;
  JsonObject *root, *province;

  if (!g_file_get_contents(path, &contents, &length, &error) || length > REGIONS_MAX_SIZE ||
      !json_parser_load_from_data(parser, contents, (gssize)length, &error)) {
    g_warning("address picker: cannot read %s: %s", path,
              error ? error->message : "larger than 256 KiB");
    return;
  }
  root = JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))
             ? json_node_get_object(json_parser_get_root(parser))
             : NULL;
  province = root && json_object_has_member(root, "province")
                 ? json_object_get_object_member(root, "province")
                 : NULL;
  if (!province || !json_object_get_string_member_with_default(province, "name", NULL) ||
      !json_object_has_member(root, "cities") ||
      !JSON_NODE_HOLDS_ARRAY(json_object_get_member(root, "cities")) ||
      !regions_valid(json_object_get_array_member(root, "cities"))) {
    g_warning("address picker: %s is not a list of cities and their districts", path);
    return;
  }
  self->regions = json_node_copy(json_parser_get_root(parser));
  root = json_node_get_object(self->regions);
  self->province = g_strdup(
      json_object_get_string_member(json_object_get_object_member(root, "province"), "name"));
  self->cities = json_object_get_array_member(root, "cities");
}

static void
clear_tiles(KioskAddressPicker *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->tiles))))
    gtk_grid_remove(self->tiles, child);
}

static GtkWidget *
add_tile(KioskAddressPicker *self, guint position, const char *text, const char *css_class)
{
  GtkWidget *tile = gtk_button_new_with_label(text);
  GtkWidget *label = gtk_button_get_child(GTK_BUTTON(tile));

  /* the long names of the autonomous prefectures wrap inside their tile */
  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class(tile, "region-tile");
  if (css_class)
    gtk_widget_add_css_class(tile, css_class);
  gtk_widget_set_hexpand(tile, TRUE);
  gtk_widget_set_focus_on_click(tile, FALSE);
  gtk_grid_attach(self->tiles, tile, (int)(position % TILE_COLUMNS), (int)(position / TILE_COLUMNS),
                  1, 1);
  return tile;
}

static void
on_province_clicked(KioskAddressPicker *self)
{
  show_level(self, LEVEL_CITY);
}

static void
on_elsewhere_clicked(KioskAddressPicker *self)
{
  g_signal_emit(self, signals[SIGNAL_PICKED], 0, "", "");
}

static void
on_city_clicked(GtkButton *tile, KioskAddressPicker *self)
{
  self->city = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(tile), "index"));
  show_level(self, LEVEL_DISTRICT);
}

static void
on_district_clicked(GtkButton *tile, KioskAddressPicker *self)
{
  guint district = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(tile), "index"));
  g_autofree char *region = g_strconcat(self->province, name_of(self->cities, self->city),
                                        name_of(districts_of(self, self->city), district), NULL);
  const char *code = code_of(districts_of(self, self->city), district);

  /* a code the file lacks or mangles is left out; the engine checks it too */
  g_signal_emit(self, signals[SIGNAL_PICKED], 0, region, code ? code : "");
}

static void
on_back_clicked(KioskAddressPicker *self)
{
  show_level(self, self->level == LEVEL_DISTRICT ? LEVEL_CITY : LEVEL_PROVINCE);
}

static void
show_level(KioskAddressPicker *self, Level level)
{
  g_autofree char *question = NULL;
  guint position = 0;

  self->level = level;
  clear_tiles(self);
  if (level == LEVEL_PROVINCE) {
    GtkWidget *province = add_tile(self, position++, self->province, NULL);
    GtkWidget *elsewhere = add_tile(self, position++, _("不在四川省，自己输入"), "region-back");

    g_signal_connect_swapped(province, "clicked", G_CALLBACK(on_province_clicked), self);
    g_signal_connect_swapped(elsewhere, "clicked", G_CALLBACK(on_elsewhere_clicked), self);
    question = g_strdup(_("地址在哪个省？"));
  } else if (level == LEVEL_CITY) {
    for (guint c = 0; c < json_array_get_length(self->cities); c++) {
      GtkWidget *tile = add_tile(self, position++, name_of(self->cities, c), NULL);
      g_object_set_data(G_OBJECT(tile), "index", GUINT_TO_POINTER(c));
      g_signal_connect(tile, "clicked", G_CALLBACK(on_city_clicked), self);
    }
    question = g_strdup_printf(_("%s：在哪个市（州）？"), self->province);
  } else {
    JsonArray *districts = districts_of(self, self->city);

    for (guint d = 0; d < json_array_get_length(districts); d++) {
      GtkWidget *tile = add_tile(self, position++, name_of(districts, d), NULL);
      g_object_set_data(G_OBJECT(tile), "index", GUINT_TO_POINTER(d));
      g_signal_connect(tile, "clicked", G_CALLBACK(on_district_clicked), self);
    }
    question = g_strdup_printf(_("%s%s：在哪个区（县）？"), self->province,
                               name_of(self->cities, self->city));
  }
  gtk_widget_set_visible(self->back, level != LEVEL_PROVINCE);
  gtk_label_set_text(self->question, question);
  g_signal_emit(self, signals[SIGNAL_SAY], 0, question);
}

void
kiosk_address_picker_reset(KioskAddressPicker *self)
{
  g_return_if_fail(KIOSK_IS_ADDRESS_PICKER(self));
  if (self->regions)
    show_level(self, LEVEL_PROVINCE);
}

char *
kiosk_address_picker_region_of(KioskAddressPicker *self, const char *code)
{
  g_return_val_if_fail(KIOSK_IS_ADDRESS_PICKER(self), NULL);
  for (guint c = 0; self->regions && code && *code && c < json_array_get_length(self->cities);
       c++) {
    JsonArray *districts = districts_of(self, c);

    for (guint d = 0; d < json_array_get_length(districts); d++)
      if (g_strcmp0(code_of(districts, d), code) == 0)
        return g_strconcat(self->province, name_of(self->cities, c), name_of(districts, d), NULL);
  }
  return NULL;
}

gboolean
kiosk_address_picker_has_regions(KioskAddressPicker *self)
{
  g_return_val_if_fail(KIOSK_IS_ADDRESS_PICKER(self), FALSE);
  return self->regions != NULL;
}

GtkWidget *
kiosk_address_picker_new(void)
{
  return g_object_new(KIOSK_TYPE_ADDRESS_PICKER, NULL);
}

static void
kiosk_address_picker_finalize(GObject *object)
{
  KioskAddressPicker *self = KIOSK_ADDRESS_PICKER(object);

  g_clear_pointer(&self->regions, json_node_unref);
  g_free(self->province);
  G_OBJECT_CLASS(kiosk_address_picker_parent_class)->finalize(object);
}

static void
kiosk_address_picker_class_init(KioskAddressPickerClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = kiosk_address_picker_finalize;
  signals[SIGNAL_PICKED] =
      g_signal_new("picked", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_SAY] = g_signal_new("say", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_address_picker_init(KioskAddressPicker *self)
{
  GtkBox *heading = GTK_BOX(gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24));

  gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing(GTK_BOX(self), 12);
  gtk_widget_add_css_class(GTK_WIDGET(self), "address-picker");
  self->question = GTK_LABEL(gtk_label_new(NULL));
  gtk_label_set_xalign(self->question, 0);
  gtk_label_set_wrap(self->question, TRUE);
  gtk_widget_add_css_class(GTK_WIDGET(self->question), "instruction");
  self->tiles = GTK_GRID(gtk_grid_new());
  gtk_grid_set_row_spacing(self->tiles, 12);
  gtk_grid_set_column_spacing(self->tiles, 12);
  gtk_grid_set_column_homogeneous(self->tiles, TRUE);
  gtk_widget_set_hexpand(GTK_WIDGET(self->question), TRUE);
  self->back = gtk_button_new_with_label(_("‹ 返回上一级"));
  gtk_widget_set_name(self->back, "region-back");
  gtk_widget_add_css_class(self->back, "region-tile");
  gtk_widget_add_css_class(self->back, "region-back");
  gtk_widget_set_focus_on_click(self->back, FALSE);
  g_signal_connect_swapped(self->back, "clicked", G_CALLBACK(on_back_clicked), self);
  gtk_box_append(heading, GTK_WIDGET(self->question));
  gtk_box_append(heading, self->back);
  gtk_box_append(GTK_BOX(self), GTK_WIDGET(heading));
  gtk_box_append(GTK_BOX(self), GTK_WIDGET(self->tiles));
  load_regions(self);
  kiosk_address_picker_reset(self);
}
