/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue.c: loading a services folder, and what the case engine asks of it. */
#include "catalogue.h"
#include "catalogue-private.h"
#include "catalogue-jargon-private.h"

#include <anyi-config.h>
#include <anyi-paths.h>
#include <stdlib.h>

#define CATEGORIES_FILE "categories.json"
#define JARGON_FILE     "jargon.json" /* in the assets' texts folder */

struct _AnyiCatalogue {
  GObject parent_instance;
  GStringChunk *strings;
  AnyiCategory *categories; /* display order */
  guint n_categories;
  GPtrArray *services; /* of AnyiService, display order */
  GHashTable *by_id;   /* id -> AnyiService, borrowed from services */
};

G_DEFINE_TYPE(AnyiCatalogue, anyi_catalogue, G_TYPE_OBJECT)
/* clang-format off */
G_DEFINE_QUARK(anyi-catalogue-error-quark, anyi_catalogue_error)
/* clang-format on */

static void
anyi_catalogue_finalize(GObject *object)
{
  AnyiCatalogue *self = ANYI_CATALOGUE(object);
  g_clear_pointer(&self->by_id, g_hash_table_unref);
  g_clear_pointer(&self->services, g_ptr_array_unref);
  g_clear_pointer(&self->categories, g_free);
  g_clear_pointer(&self->strings, g_string_chunk_free);
  G_OBJECT_CLASS(anyi_catalogue_parent_class)->finalize(object);
}

static void
anyi_catalogue_class_init(AnyiCatalogueClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = anyi_catalogue_finalize;
}

static void
anyi_catalogue_init(AnyiCatalogue *self)
{
  self->strings = g_string_chunk_new(16384);
  self->services = g_ptr_array_new_with_free_func((GDestroyNotify)anyi_service_free);
  self->by_id = g_hash_table_new(g_str_hash, g_str_equal);
}

void
anyi_catalogue_problem_free(AnyiCatalogueProblem *problem)
{
  if (!problem)
    return;
  g_free(problem->file);
  g_free(problem->path);
  g_free(problem->message);
  g_free(problem);
}

char *
anyi_catalogue_default_dir(void)
{
  return g_build_filename(anyi_paths_assets_dir(), "services", NULL);
}

/* The parsed root of @path, or NULL with a problem naming the file. */
static JsonNode *
parse_file(AnyiLoadCtx *ctx, const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_file(parser, path, &error)) {
    anyi_load_problem(ctx, "$", "not valid JSON: %s", error->message);
    return NULL;
  }
  JsonNode *root = json_parser_get_root(parser);
  if (!root) {
    anyi_load_problem(ctx, "$", "the file is empty");
    return NULL;
  }
  return json_node_ref(root);
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

/* The *.json names in @dir, sorted so problems come in a stable order. */
static GPtrArray *
list_json_files(const char *dir, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) handle = g_dir_open(dir, 0, &local_error);
  if (!handle) {
    g_set_error(error, ANYI_CATALOGUE_ERROR, ANYI_CATALOGUE_ERROR_IO,
                "cannot read the services folder: %s", local_error->message);
    return NULL;
  }
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(handle)))
    if (g_str_has_suffix(name, ".json") && name[0] != '.')
      g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, compare_names);
  return names;
}

typedef struct {
  AnyiCatalogue *catalogue;
  GPtrArray *problems;
  GHashTable *category_of; /* AnyiService -> category id as written */
  gboolean saw_categories;
  guint n_service_files;
  GPtrArray *jargon; /* AnyiJargonWord * */
} Loading;

static void
load_file(Loading *loading, const char *dir, const char *name)
{
  AnyiLoadCtx ctx = {name, loading->problems, loading->catalogue->strings, loading->jargon};
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autoptr(JsonNode) root = parse_file(&ctx, path);

  if (g_str_equal(name, CATEGORIES_FILE)) {
    loading->saw_categories = TRUE;
    if (root)
      loading->catalogue->categories =
          anyi_categories_parse(&ctx, root, &loading->catalogue->n_categories);
    return;
  }
  loading->n_service_files++;
  if (!root)
    return;
  const char *category_id = NULL;
  AnyiService *service = anyi_service_parse(&ctx, root, &category_id);
  g_ptr_array_add(loading->catalogue->services, service);
  if (category_id)
    g_hash_table_insert(loading->category_of, service, (gpointer)category_id);
}

static const AnyiCategory *
find_category(AnyiCatalogue *self, const char *id)
{
  for (guint i = 0; i < self->n_categories; i++)
    if (g_strcmp0(self->categories[i].id, id) == 0)
      return &self->categories[i];
  return NULL;
}

static void
cross_problem(Loading *loading, const AnyiService *service, const char *path, const char *message)
{
  AnyiLoadCtx ctx = {service->file, loading->problems, loading->catalogue->strings,
                     loading->jargon};
  anyi_load_problem(&ctx, path, "%s", message);
}

/* Checks that span files: categories exist, ids are unique. */
static void
link_services(Loading *loading)
{
  AnyiCatalogue *self = loading->catalogue;
  for (guint i = 0; i < self->services->len; i++) {
    AnyiService *service = g_ptr_array_index(self->services, i);
    const char *category_id = g_hash_table_lookup(loading->category_of, service);
    service->category = category_id ? find_category(self, category_id) : NULL;
    if (category_id && !service->category && loading->saw_categories) {
      g_autofree char *message =
          g_strdup_printf("no category '%s' in " CATEGORIES_FILE, category_id);
      cross_problem(loading, service, "$.category", message);
    }
    if (!service->id)
      continue;
    AnyiService *other = g_hash_table_lookup(self->by_id, service->id);
    if (other) {
      g_autofree char *message =
          g_strdup_printf("duplicate id '%s', also used by %s", service->id, other->file);
      cross_problem(loading, service, "$.id", message);
    } else {
      g_hash_table_insert(self->by_id, (gpointer)service->id, service);
    }
  }
}

/* A category no service names would be a tile that opens an empty page. */
static void
check_categories_used(Loading *loading)
{
  AnyiCatalogue *self = loading->catalogue;
  AnyiLoadCtx ctx = {CATEGORIES_FILE, loading->problems, self->strings, NULL};
  g_autoptr(GHashTable) used = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer category_id;

  g_hash_table_iter_init(&iter, loading->category_of);
  while (g_hash_table_iter_next(&iter, NULL, &category_id))
    g_hash_table_add(used, category_id);
  for (guint i = 0; i < self->n_categories; i++) {
    g_autofree char *path = g_strdup_printf("$.categories[%u]", i);
    if (self->categories[i].id && !g_hash_table_contains(used, self->categories[i].id))
      anyi_load_problem(&ctx, path, "no service is in the category '%s'", self->categories[i].id);
  }
}

static int
compare_categories(gconstpointer a, gconstpointer b)
{
  const AnyiCategory *x = a, *y = b;
  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  return g_strcmp0(x->id, y->id);
}

static int
compare_services(gconstpointer a, gconstpointer b)
{
  const AnyiService *x = *(AnyiService *const *)a, *y = *(AnyiService *const *)b;
  if (x->category->order != y->category->order)
    return x->category->order < y->category->order ? -1 : 1;
  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  return g_strcmp0(x->id, y->id);
}

/* Sorting categories moves them, so services find theirs again after. */
static void
sort_display_order(AnyiCatalogue *self, Loading *loading)
{
  qsort(self->categories, self->n_categories, sizeof(AnyiCategory), compare_categories);
  for (guint i = 0; i < self->services->len; i++) {
    AnyiService *service = g_ptr_array_index(self->services, i);
    service->category = find_category(self, g_hash_table_lookup(loading->category_of, service));
  }
  g_ptr_array_sort(self->services, compare_services);
}

static int
compare_problems(gconstpointer a, gconstpointer b)
{
  const AnyiCatalogueProblem *x = *(AnyiCatalogueProblem *const *)a;
  const AnyiCatalogueProblem *y = *(AnyiCatalogueProblem *const *)b;
  return g_strcmp0(x->file, y->file);
}

static void
check_whole(Loading *loading)
{
  AnyiLoadCtx ctx = {CATEGORIES_FILE, loading->problems, loading->catalogue->strings,
                     loading->jargon};
  if (!loading->saw_categories)
    anyi_load_problem(&ctx, "$", "the file is missing: every service names a category from it");
  if (loading->n_service_files == 0) {
    ctx.file = ".";
    anyi_load_problem(&ctx, "$", "the folder holds no service file");
  }
}

static void
set_invalid_error(GError **error, const char *dir, GPtrArray *problems)
{
  g_autoptr(GString) text = g_string_new(NULL);
  g_string_append_printf(text, "%u problem%s in the catalogue %s:", problems->len,
                         problems->len == 1 ? "" : "s", dir);
  for (guint i = 0; i < problems->len; i++) {
    const AnyiCatalogueProblem *p = g_ptr_array_index(problems, i);
    g_string_append_printf(text, "\n%s: %s: %s", p->file, p->path, p->message);
  }
  g_set_error_literal(error, ANYI_CATALOGUE_ERROR, ANYI_CATALOGUE_ERROR_INVALID, text->str);
}

AnyiCatalogue *
anyi_catalogue_load_full(const char *dir, GPtrArray **problems_out, GError **error)
{
  g_return_val_if_fail(dir != NULL, NULL);
  g_autoptr(GPtrArray) names = list_json_files(dir, error);
  if (!names)
    return NULL;
  g_autoptr(AnyiCatalogue) self = g_object_new(ANYI_TYPE_CATALOGUE, NULL);
  g_autoptr(GPtrArray) problems =
      g_ptr_array_new_with_free_func((GDestroyNotify)anyi_catalogue_problem_free);
  g_autoptr(GHashTable) category_of = g_hash_table_new(NULL, NULL);
  g_autofree char *jargon_path =
      g_build_filename(anyi_paths_assets_dir(), "texts", JARGON_FILE, NULL);
  AnyiLoadCtx jargon_ctx = {jargon_path, problems, self->strings, NULL};
  g_autoptr(GPtrArray) jargon = anyi_jargon_load(&jargon_ctx, jargon_path);
  Loading loading = {self, problems, category_of, FALSE, 0, jargon};

  for (guint i = 0; i < names->len; i++)
    load_file(&loading, dir, g_ptr_array_index(names, i));
  check_whole(&loading);
  link_services(&loading);
  check_categories_used(&loading);
  g_ptr_array_sort(problems, compare_problems);
  if (problems_out)
    *problems_out = g_ptr_array_ref(problems);
  if (problems->len > 0) {
    set_invalid_error(error, dir, problems);
    return NULL;
  }
  sort_display_order(self, &loading);
  g_debug("catalogue: %u services in %u categories from %s", self->services->len,
          self->n_categories, dir);
  return g_steal_pointer(&self);
}

AnyiCatalogue *
anyi_catalogue_load(const char *dir, GError **error)
{
  return anyi_catalogue_load_full(dir, NULL, error);
}

const AnyiService *
anyi_catalogue_lookup(AnyiCatalogue *self, const char *id)
{
  g_return_val_if_fail(ANYI_IS_CATALOGUE(self), NULL);
  return id ? g_hash_table_lookup(self->by_id, id) : NULL;
}

guint
anyi_catalogue_get_n_services(AnyiCatalogue *self)
{
  g_return_val_if_fail(ANYI_IS_CATALOGUE(self), 0);
  return self->services->len;
}

const AnyiService *
anyi_catalogue_get_service(AnyiCatalogue *self, guint index)
{
  g_return_val_if_fail(ANYI_IS_CATALOGUE(self), NULL);
  g_return_val_if_fail(index < self->services->len, NULL);
  return g_ptr_array_index(self->services, index);
}

guint
anyi_catalogue_get_n_categories(AnyiCatalogue *self)
{
  g_return_val_if_fail(ANYI_IS_CATALOGUE(self), 0);
  return self->n_categories;
}

const AnyiCategory *
anyi_catalogue_get_category(AnyiCatalogue *self, guint index)
{
  g_return_val_if_fail(ANYI_IS_CATALOGUE(self), NULL);
  g_return_val_if_fail(index < self->n_categories, NULL);
  return &self->categories[index];
}
