/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl-catalogue.c: `anyictl catalogue check|list|show|leaflet`, for the
 * technician who edits a hall's services folder. */
#include "anyictl-commands.h"
#include "catalogue/catalogue.h"
#include "settings/anyi-settings.h"

#include <stdio.h>

static int
catalogue_usage(void)
{
  fprintf(stderr, "usage: anyictl catalogue check DIR\n"
                  "       anyictl catalogue list [DIR]\n"
                  "       anyictl catalogue show ID [DIR]\n"
                  "       anyictl catalogue leaflet ID [DIR]   (data for `anyictl print "
                  "guidance-leaflet -d`)\n"
                  "       anyictl catalogue awaiting [DIR]\n"
                  "DIR defaults to the kiosk's services folder.\n");
  return 2;
}

static guint
count_completion(AnyiCatalogue *catalogue, AnyiCompletion completion)
{
  guint n = 0;
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++)
    n += anyi_catalogue_get_service(catalogue, i)->completion == completion;
  return n;
}

static guint
count_awaiting(AnyiCatalogue *catalogue)
{
  guint n = 0;
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++)
    n += anyi_catalogue_get_service(catalogue, i)->n_awaiting;
  return n;
}

/* Loads @dir, printing each problem on its own line; NULL if any. */
static AnyiCatalogue *
load_or_report(const char *dir)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  AnyiCatalogue *catalogue = anyi_catalogue_load_full(dir, &problems, &error);

  if (catalogue)
    return catalogue;
  if (!problems || problems->len == 0) {
    fprintf(stderr, "anyictl catalogue: %s\n", error->message);
    return NULL;
  }
  for (guint i = 0; i < problems->len; i++) {
    const AnyiCatalogueProblem *p = g_ptr_array_index(problems, i);
    fprintf(stderr, "%s: %s: %s\n", p->file, p->path, p->message);
  }
  fprintf(stderr, "%s: %u problem%s; the kiosk will not start with this catalogue\n", dir,
          problems->len, problems->len == 1 ? "" : "s");
  return NULL;
}

static int
check(const char *dir)
{
  g_autoptr(AnyiCatalogue) catalogue = load_or_report(dir);
  if (!catalogue)
    return 1;
  printf("%s: ok: %u services in %u categories; %u finished at the kiosk, %u started at the "
         "kiosk; %u facts awaiting the hall's confirmation\n",
         dir, anyi_catalogue_get_n_services(catalogue), anyi_catalogue_get_n_categories(catalogue),
         count_completion(catalogue, ANYI_COMPLETION_KIOSK),
         count_completion(catalogue, ANYI_COMPLETION_START_AT_KIOSK), count_awaiting(catalogue));
  return 0;
}

static int
list(const char *dir)
{
  g_autoptr(AnyiCatalogue) catalogue = load_or_report(dir);
  const AnyiCategory *shown = NULL;

  if (!catalogue)
    return 1;
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *s = anyi_catalogue_get_service(catalogue, i);
    if (s->category != shown) {
      shown = s->category;
      printf("%s%s (%s)\n", i ? "\n" : "", shown->names.zh, shown->id);
    }
    gint64 fee = s->fee.amount_fen;
    printf("  %-34s %-15s %3" G_GINT64_FORMAT ".%02d yuan  %s\n", s->id,
           anyi_completion_to_string(s->completion), fee / 100, (int)(fee % 100), s->names.zh);
  }
  return 0;
}

static int
show(const char *id, const char *dir)
{
  g_autoptr(AnyiCatalogue) catalogue = load_or_report(dir);
  if (!catalogue)
    return 1;
  const AnyiService *service = anyi_catalogue_lookup(catalogue, id);
  if (!service) {
    fprintf(stderr, "anyictl catalogue: no service '%s' in %s\n", id, dir);
    return 1;
  }
  g_autoptr(JsonNode) json = anyi_catalogue_service_to_json(service);
  g_autofree char *text = json_to_string(json, TRUE);
  printf("%s\n", text);
  return 0;
}

/* The guidance leaflet's data with this kiosk's hall and hotline, to
 * print or proofread: anyictl print guidance-leaflet -d FILE -o OUT.pdf */
static int
leaflet(const char *id, const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSettings) settings = anyi_settings_load(&error);
  g_autoptr(AnyiCatalogue) catalogue = NULL;
  const AnyiService *service;
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  GDate today;

  if (!settings) {
    fprintf(stderr, "anyictl catalogue: %s\n", error->message);
    return 1;
  }
  catalogue = load_or_report(dir);
  if (!catalogue)
    return 1;
  service = anyi_catalogue_lookup(catalogue, id);
  if (!service) {
    fprintf(stderr, "anyictl catalogue: no service '%s' in %s\n", id, dir);
    return 1;
  }
  g_date_clear(&today, 1);
  g_date_set_dmy(&today, g_date_time_get_day_of_month(now), g_date_time_get_month(now),
                 g_date_time_get_year(now));
  g_autoptr(JsonObject) data =
      anyi_catalogue_leaflet_data(service, settings->hall_name, settings->hotline, &today);
  g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), data);
  g_autofree char *text = json_to_string(node, TRUE);
  printf("%s\n", text);
  return 0;
}

/* What the hall still has to confirm, one fact a line, for the hall's
 * review meeting. */
static int
awaiting(const char *dir)
{
  g_autoptr(AnyiCatalogue) catalogue = load_or_report(dir);
  if (!catalogue)
    return 1;
  for (guint i = 0; i < anyi_catalogue_get_n_services(catalogue); i++) {
    const AnyiService *s = anyi_catalogue_get_service(catalogue, i);
    for (guint a = 0; a < s->n_awaiting; a++)
      printf("%s\t%s\t%s\n", s->file, s->awaiting[a].path, s->awaiting[a].note);
  }
  return 0;
}

int
anyictl_catalogue_main(int argc, char **argv)
{
  g_autofree char *default_dir = anyi_catalogue_default_dir();

  if (argc < 2)
    return catalogue_usage();
  if (g_str_equal(argv[1], "check") && argc == 3)
    return check(argv[2]);
  if (g_str_equal(argv[1], "list") && argc <= 3)
    return list(argc == 3 ? argv[2] : default_dir);
  if (g_str_equal(argv[1], "awaiting") && argc <= 3)
    return awaiting(argc == 3 ? argv[2] : default_dir);
  if (g_str_equal(argv[1], "leaflet") && (argc == 3 || argc == 4))
    return leaflet(argv[2], argc == 4 ? argv[3] : default_dir);
  if (g_str_equal(argv[1], "show") && (argc == 3 || argc == 4))
    return show(argv[2], argc == 4 ? argv[3] : default_dir);
  return catalogue_usage();
}
