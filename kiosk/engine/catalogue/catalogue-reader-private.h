/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-reader-private.h: strict, path-aware reading of JSON objects.
 *
 * Every getter records what it read, so closing a reader can name each
 * member nobody asked for: a misspelt field is an error, not a silent
 * default. Every problem is recorded with the file and the JSON path of the
 * offending value, and reading goes on, so one run lists all problems. */
#pragma once

#include "catalogue.h"

G_BEGIN_DECLS

typedef struct {
  const char *file;
  GPtrArray *problems; /* of AnyiCatalogueProblem */
  GStringChunk *strings;
  GPtrArray *jargon; /* AnyiJargonWord *, refused in zh texts; NULL: no check */
} AnyiLoadCtx;

void anyi_load_problem(AnyiLoadCtx *ctx, const char *path, const char *format, ...)
    G_GNUC_PRINTF(3, 4);

/* Interns @text in the catalogue's string store. */
const char *anyi_load_intern(AnyiLoadCtx *ctx, const char *text);

typedef struct {
  AnyiLoadCtx *ctx;
  JsonObject *object; /* NULL when the node was not an object */
  char *path;
  GHashTable *read;
} AnyiReader;

typedef enum {
  ANYI_OPTIONAL,
  ANYI_REQUIRED,
} AnyiPresence;

/* Opens @node (at @path) for reading; FALSE (and a problem) if it is not an
 * object, in which case every getter returns nothing and close is a no-op. */
gboolean anyi_reader_open(AnyiReader *reader, AnyiLoadCtx *ctx, JsonNode *node, const char *path);

/* Reports every member that was not read, with @what saying what object it
 * was (e.g. "a photo step"), then frees the reader. */
void anyi_reader_close(AnyiReader *reader, const char *what);

/* Reads the members of one object into @target. */
typedef void (*AnyiReadMembersFunc)(AnyiReader *reader, gpointer target);

/* Opens @node (at @path), reads its members with @read_members if it is an
 * object, and closes it, @what naming it as in anyi_reader_close(). FALSE
 * (and a problem) if it is not an object: then nothing is read. */
gboolean anyi_load_object_node(AnyiLoadCtx *ctx, JsonNode *node, const char *path, const char *what,
                               AnyiReadMembersFunc read_members, gpointer target);

/* The path of member @name, newly allocated. */
char *anyi_reader_path(AnyiReader *reader, const char *name);

/* The raw member, marking it read; NULL if absent (a problem if required). */
JsonNode *anyi_reader_node(AnyiReader *reader, const char *name, AnyiPresence presence);

/* The getters return FALSE when the member is absent or has a problem;
 * outputs are then left as they were. */
gboolean anyi_reader_string(AnyiReader *reader, const char *name, AnyiPresence presence,
                            const char **out);
gboolean anyi_reader_id(AnyiReader *reader, const char *name, AnyiPresence presence,
                        const char **out);
gboolean anyi_reader_int(AnyiReader *reader, const char *name, AnyiPresence presence, gint64 min,
                         gint64 max, gint64 *out);
gboolean anyi_reader_bool(AnyiReader *reader, const char *name, AnyiPresence presence,
                          gboolean *out);
/* A {"zh": ..., "en": ...} object with two non-empty strings. An absent
 * optional text reads as two empty strings. */
gboolean anyi_reader_text(AnyiReader *reader, const char *name, AnyiPresence presence,
                          AnyiText *out);
/* A string that must be one of @names (NULL-terminated); *out is its index. */
gboolean anyi_reader_enum(AnyiReader *reader, const char *name, AnyiPresence presence,
                          const char *const *names, int *out);
/* An array of strings from @names, each at most once; *out is the OR of
 * 1 << index. */
gboolean anyi_reader_enum_set(AnyiReader *reader, const char *name, AnyiPresence presence,
                              const char *const *names, guint *out);
gboolean anyi_reader_array(AnyiReader *reader, const char *name, AnyiPresence presence,
                           JsonArray **out);
/* An object member, read as anyi_load_object_node() reads it. */
gboolean anyi_reader_object(AnyiReader *reader, const char *name, AnyiPresence presence,
                            const char *what, AnyiReadMembersFunc read_members, gpointer target);

/* Reads one array element (at @path) into @item; @data is the caller's.
 * Returns the element's id when ids are unique among the array's elements,
 * otherwise NULL. */
typedef const char *(*AnyiReadElementFunc)(AnyiLoadCtx *ctx, JsonNode *element, const char *path,
                                           gpointer item, gpointer data);

/* Reads every element of @array (at @path) with @read_element, each into its
 * own zeroed item of @item_size bytes, in order, and reports each id already
 * used by an earlier element. Returns the items, one per element (g_free
 * them; NULL for an empty array). */
gpointer anyi_load_elements(AnyiLoadCtx *ctx, JsonArray *array, const char *path, gsize item_size,
                            AnyiReadElementFunc read_element, gpointer data);

/* An array member, read as anyi_load_elements() reads it; *n_out is the
 * number of items. NULL and 0 when absent or not an array. */
gpointer anyi_reader_items(AnyiReader *reader, const char *name, AnyiPresence presence,
                           gsize item_size, AnyiReadElementFunc read_element, gpointer data,
                           guint *n_out);

/* Text reading of an array element or any node at @path. */
gboolean anyi_load_text_node(AnyiLoadCtx *ctx, JsonNode *node, const char *path, AnyiText *out);

/* Resolves a JSON path of the form $.a.b[2].c in @root; NULL if it names
 * nothing or is malformed. */
JsonNode *anyi_json_path_resolve(JsonNode *root, const char *path);

G_END_DECLS
