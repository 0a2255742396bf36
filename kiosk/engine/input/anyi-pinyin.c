/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-pinyin.c */
#include "anyi-pinyin.h"
#include "anyi-paths.h"

#include "anyi-config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <rime_api.h>

#define SCHEMA        "luna_pinyin_simp"
#define KEY_BACKSPACE 0xff08 /* X11 keysyms, as librime expects */

struct _AnyiPinyin {
  RimeSessionId session;
};

G_DEFINE_QUARK(anyi - pinyin - error - quark, anyi_pinyin_error)

/* librime's engine is one per process, and RimeSetup may run only once. */
static GMutex engine_lock;
static guint engine_users;
static gboolean engine_set_up;
static gboolean exit_handler_registered;
static gboolean engine_ended_at_exit; /* no session may be touched after */

const char *
anyi_pinyin_default_dir(void)
{
  return anyi_paths_input_dir();
}

static void
fill_traits(RimeTraits *traits, const char *dir, const char *staging)
{
  traits->shared_data_dir = "/usr/share/rime-data";
  traits->user_data_dir = dir;
  traits->staging_dir = staging;
  traits->distribution_name = "anyi-kiosk";
  traits->distribution_code_name = "anyi-kiosk";
  traits->distribution_version = ANYI_VERSION;
  traits->app_name = "rime.anyi-kiosk";
  traits->min_log_level = 2; /* errors only: the kiosk's own log says the rest */
}

static void
set_up_once(RimeTraits *traits)
{
  if (engine_set_up)
    return;
  rime_get_api()->setup(traits);
  engine_set_up = TRUE;
}

/* Only the simplified schema, and no user dictionary: a kiosk must not learn
 * one citizen's words and offer them to the next. */
static const char default_custom[] = "patch:\n"
                                     "  schema_list:\n"
                                     "    - schema: " SCHEMA "\n"
                                     "  menu/page_size: 9\n";
static const char schema_custom[] = "patch:\n"
                                    "  translator/enable_user_dict: false\n"
                                    "  translator/enable_sentence: true\n"
                                    "  switches/@0/reset: 0\n";

gboolean
anyi_pinyin_deploy(const char *dir, GError **error)
{
  g_autofree char *staging = g_build_filename(dir, "build", NULL);
  g_autofree char *default_path = g_build_filename(dir, "default.custom.yaml", NULL);
  g_autofree char *schema_path = g_build_filename(dir, SCHEMA ".custom.yaml", NULL);
  RIME_STRUCT(RimeTraits, traits);
  RimeApi *rime = rime_get_api();
  gboolean ok;

  if (g_mkdir_with_parents(staging, 0755) != 0 ||
      !g_file_set_contents(default_path, default_custom, -1, error) ||
      !g_file_set_contents(schema_path, schema_custom, -1, error)) {
    if (error && !*error)
      g_set_error(error, ANYI_PINYIN_ERROR, ANYI_PINYIN_ERROR_NO_DATA, "cannot create %s", staging);
    return FALSE;
  }
  fill_traits(&traits, dir, staging);
  g_mutex_lock(&engine_lock);
  set_up_once(&traits);
  rime->deployer_initialize(&traits);
  ok = rime->deploy();
  rime->finalize();
  g_mutex_unlock(&engine_lock);
  if (!ok)
    g_set_error(error, ANYI_PINYIN_ERROR, ANYI_PINYIN_ERROR_ENGINE,
                "librime could not deploy %s into %s", SCHEMA, dir);
  return ok;
}

static gboolean
deployed(const char *dir)
{
  g_autofree char *schema = g_build_filename(dir, "build", SCHEMA ".schema.yaml", NULL);

  return g_file_test(schema, G_FILE_TEST_EXISTS);
}

/* librime's singletons destroy their sessions as the process exits, after
 * the objects those sessions use are gone (a crash in ~Poet). Ending the
 * engine first, from a handler registered after initialize() (exit handlers
 * run in reverse order), leaves nothing for them to destroy. */
static void
finalize_left_open(void)
{
  g_mutex_lock(&engine_lock);
  if (engine_users > 0) {
    rime_get_api()->finalize();
    engine_users = 0;
    engine_ended_at_exit = TRUE;
  }
  g_mutex_unlock(&engine_lock);
}

static gboolean
engine_acquire(const char *dir, GError **error)
{
  g_autofree char *staging = g_build_filename(dir, "build", NULL);
  RIME_STRUCT(RimeTraits, traits);

  if (!deployed(dir)) {
    g_set_error(error, ANYI_PINYIN_ERROR, ANYI_PINYIN_ERROR_NO_DATA,
                "no pinyin schema deployed in %s (run anyi-input-deploy)", dir);
    return FALSE;
  }
  g_mutex_lock(&engine_lock);
  if (engine_users++ == 0) {
    fill_traits(&traits, dir, staging);
    set_up_once(&traits);
    /* no maintenance: the data was compiled at build time */
    rime_get_api()->initialize(&traits);
    if (!exit_handler_registered)
      exit_handler_registered = atexit(finalize_left_open) == 0;
  }
  g_mutex_unlock(&engine_lock);
  return TRUE;
}

static void
engine_release(void)
{
  g_mutex_lock(&engine_lock);
  if (!engine_ended_at_exit && --engine_users == 0)
    rime_get_api()->finalize();
  g_mutex_unlock(&engine_lock);
}

AnyiPinyin *
anyi_pinyin_open(const char *dir, GError **error)
{
  RimeApi *rime = rime_get_api();
  AnyiPinyin *self;

  g_return_val_if_fail(dir != NULL, NULL);
  if (!engine_acquire(dir, error))
    return NULL;
  self = g_new0(AnyiPinyin, 1);
  self->session = rime->create_session();
  if (!self->session || !rime->select_schema(self->session, SCHEMA)) {
    g_set_error(error, ANYI_PINYIN_ERROR, ANYI_PINYIN_ERROR_ENGINE,
                "librime refused a session with schema %s from %s", SCHEMA, dir);
    anyi_pinyin_free(self);
    return NULL;
  }
  return self;
}

void
anyi_pinyin_free(AnyiPinyin *self)
{
  if (!self)
    return;
  if (self->session && !engine_ended_at_exit)
    rime_get_api()->destroy_session(self->session);
  g_free(self);
  engine_release();
}

static guint
input_length(AnyiPinyin *self)
{
  const char *input = rime_get_api()->get_input(self->session);

  return input ? (guint)strlen(input) : 0;
}

gboolean
anyi_pinyin_type(AnyiPinyin *self, char letter)
{
  g_return_val_if_fail(self != NULL, FALSE);
  if (!(letter >= 'a' && letter <= 'z') && letter != '\'')
    return FALSE;
  if (input_length(self) >= ANYI_PINYIN_MAX_INPUT)
    return FALSE;
  return rime_get_api()->process_key(self->session, letter, 0);
}

void
anyi_pinyin_backspace(AnyiPinyin *self)
{
  g_return_if_fail(self != NULL);
  rime_get_api()->process_key(self->session, KEY_BACKSPACE, 0);
}

void
anyi_pinyin_clear(AnyiPinyin *self)
{
  g_return_if_fail(self != NULL);
  rime_get_api()->clear_composition(self->session);
}

gboolean
anyi_pinyin_is_empty(AnyiPinyin *self)
{
  return input_length(self) == 0;
}

char *
anyi_pinyin_dup_preedit(AnyiPinyin *self)
{
  RIME_STRUCT(RimeContext, context);
  RimeApi *rime = rime_get_api();
  char *preedit;

  if (!rime->get_context(self->session, &context))
    return g_strdup("");
  preedit = g_strdup(context.composition.preedit ? context.composition.preedit : "");
  rime->free_context(&context);
  return preedit;
}

GPtrArray *
anyi_pinyin_get_candidates(AnyiPinyin *self, guint max)
{
  GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
  RimeCandidateListIterator iterator = {0};
  RimeApi *rime = rime_get_api();

  g_return_val_if_fail(self != NULL, found);
  if (anyi_pinyin_is_empty(self) || !rime->candidate_list_begin(self->session, &iterator))
    return found;
  while (found->len < max && rime->candidate_list_next(&iterator))
    g_ptr_array_add(found, g_strdup(iterator.candidate.text));
  rime->candidate_list_end(&iterator);
  return found;
}

char *
anyi_pinyin_choose(AnyiPinyin *self, guint index)
{
  RIME_STRUCT(RimeCommit, commit);
  RimeApi *rime = rime_get_api();
  char *text = NULL;

  g_return_val_if_fail(self != NULL, NULL);
  if (!rime->select_candidate(self->session, index))
    return NULL;
  if (rime->get_commit(self->session, &commit)) {
    text = g_strdup(commit.text);
    rime->free_commit(&commit);
  }
  return text;
}
