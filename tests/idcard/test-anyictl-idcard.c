/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `anyictl idcard` as the technician runs it: decode on the committed
 * sample files (and that they are what the generator writes), list and
 * read against the emulated reader under anyi-devsim.
 *
 *   test-anyictl-idcard ANYICTL GEN-IDCARD-SAMPLES DATA-DIR [ANYI-DEVSIM] */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

static const char *anyictl, *generator, *data_dir, *devsim;

typedef struct {
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear(Run *run)
{
  g_free(run->out);
  g_free(run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Run, run_clear)

static void
run_argv(Run *run, const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                             &run->err, &wait_status, &error));
  g_assert_no_error(error);
  g_assert_true(WIFEXITED(wait_status));
  run->status = WEXITSTATUS(wait_status);
}

static JsonObject *
parse_json(const char *text, JsonParser **parser)
{
  *parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  json_parser_load_from_data(*parser, text, -1, &error);
  g_assert_no_error(error);
  return json_node_get_object(json_parser_get_root(*parser));
}

static void
test_samples_current(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp("idcard-samples-XXXXXX", &error);
  g_assert_no_error(error);
  g_auto(Run) run = {0};
  const char *argv[] = {generator, tmp, NULL};
  run_argv(&run, argv);
  g_assert_cmpint(run.status, ==, 0);
  g_autoptr(GDir) dir = g_dir_open(tmp, 0, &error);
  guint files = 0;
  for (const char *name; (name = g_dir_read_name(dir)) != NULL; files++) {
    g_autofree char *fresh_path = g_build_filename(tmp, name, NULL);
    g_autofree char *kept_path = g_build_filename(data_dir, name, NULL);
    g_autofree char *fresh = NULL, *kept = NULL;
    gsize fresh_len = 0, kept_len = 0;
    g_assert_true(g_file_get_contents(fresh_path, &fresh, &fresh_len, NULL));
    if (!g_file_get_contents(kept_path, &kept, &kept_len, NULL))
      g_error("%s is not committed: run gen-idcard-samples tests/idcard/data", name);
    g_assert_cmpmem(fresh, fresh_len, kept, kept_len);
    g_unlink(fresh_path);
  }
  g_assert_cmpuint(files, ==, 10);
  g_rmdir(tmp);
}

static void
decode(Run *run, const char *file, gboolean full)
{
  g_autofree char *path = g_build_filename(data_dir, file, NULL);
  const char *argv[] = {anyictl, "idcard", "decode", path, full ? "--full" : NULL, NULL};
  run_argv(run, argv);
}

static void
test_decode_good(void)
{
  static const struct {
    const char *file, *card_type, *name, *id_full;
  } good[] = {
      {"resident-read.bin", "resident", "张伟", "510104198001011236"},
      {"resident-long-term-text.bin", "resident", "张伟", "510104198001011236"},
      {"permit-read-fingerprint.bin", "hk_mo_tw_permit", "陈美玲", "810000199002150021"},
      {"foreign2017-text.bin", "foreign_permanent_2017", "约翰", "USA110079010101"},
      {"foreign2023-read.bin", "foreign_permanent_2023", "玛丽", "933110198503120027"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(good); i++) {
    g_auto(Run) masked = {0}, full = {0};
    g_autoptr(JsonParser) p1 = NULL, p2 = NULL;
    decode(&masked, good[i].file, FALSE);
    decode(&full, good[i].file, TRUE);
    g_assert_cmpint(masked.status, ==, 0);
    g_assert_cmpstr(masked.err, ==, "");
    JsonObject *o = parse_json(masked.out, &p1);
    g_assert_cmpstr(json_object_get_string_member(o, "card_type"), ==, good[i].card_type);
    g_assert_cmpstr(json_object_get_string_member(o, "name"), ==, good[i].name);
    g_assert_cmpstr(json_object_get_string_member(o, "id_number"), !=, good[i].id_full);
    g_assert_null(strstr(masked.out, good[i].id_full));
    JsonObject *f = parse_json(full.out, &p2);
    g_assert_cmpstr(json_object_get_string_member(f, "id_number"), ==, good[i].id_full);
  }
}

static void
test_decode_bad(void)
{
  static const struct {
    const char *file, *problem;
  } bad[] = {
      {"bad-checksum.bin", ": checksum: "},        {"bad-length.bin", ": length: "},
      {"bad-preamble.bin", ": preamble: "},        {"bad-status-41.bin", ": status: "},
      {"bad-card-type-text.bin", ": card type: "},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_auto(Run) run = {0};
    decode(&run, bad[i].file, FALSE);
    g_test_message("%s: %s", bad[i].file, run.err);
    g_assert_cmpint(run.status, ==, 1);
    g_assert_cmpstr(run.out, ==, "");
    g_assert_nonnull(strstr(run.err, bad[i].problem));
    g_assert_true(g_str_has_suffix(run.err, "\n"));
    g_assert_true(strchr(run.err, '\n') == run.err + strlen(run.err) - 1); /* one line */
  }
}

static void
test_usage(void)
{
  g_auto(Run) none = {0}, missing = {0};
  const char *argv_none[] = {anyictl, "idcard", NULL};
  const char *argv_missing[] = {anyictl, "idcard", "decode", "/nonexistent/file.bin", NULL};
  run_argv(&none, argv_none);
  g_assert_cmpint(none.status, ==, 2);
  run_argv(&missing, argv_missing);
  g_assert_cmpint(missing.status, ==, 1);
}

static void
test_read_under_devsim(void)
{
  g_auto(Run) run = {0};
  const char *argv[] = {devsim,  "--card", "permit", "--transport", "hid", "--",
                        anyictl, "idcard", "read",   "--full",      NULL};
  run_argv(&run, argv);
  g_assert_cmpint(run.status, ==, 0);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *o = parse_json(run.out, &parser);
  g_assert_cmpstr(json_object_get_string_member(o, "card_type"), ==, "hk_mo_tw_permit");
  g_assert_cmpstr(json_object_get_string_member(o, "id_number"), ==, "810000199002150021");
}

static void
test_read_without_card(void)
{
  g_auto(Run) run = {0};
  const char *argv[] = {devsim, "--", anyictl, "idcard", "read", "--wait", "1", NULL};
  run_argv(&run, argv);
  g_assert_cmpint(run.status, ==, 1);
  g_assert_nonnull(strstr(run.err, "no card was placed"));
}

static void
test_list_under_devsim(void)
{
  g_auto(Run) run = {0};
  const char *argv[] = {devsim, "--transport", "ch340", "--", anyictl, "idcard", "list", NULL};
  run_argv(&run, argv);
  g_assert_cmpint(run.status, ==, 0);
  g_assert_nonnull(strstr(run.out, "1a86:7523"));
  g_assert_nonnull(strstr(run.out, "transport: serial-ch340"));
  g_assert_nonnull(strstr(run.out, "SAM: ok"));
  g_assert_nonnull(strstr(run.out, "SAM ID: 0500010220261130"));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (argc < 4) {
    g_printerr("usage: test-anyictl-idcard ANYICTL GEN DATA-DIR [ANYI-DEVSIM]\n");
    return 2;
  }
  anyictl = argv[1];
  generator = argv[2];
  data_dir = argv[3];
  devsim = argc > 4 ? argv[4] : NULL;
  g_test_add_func("/anyictl/idcard/samples-current", test_samples_current);
  g_test_add_func("/anyictl/idcard/decode-good", test_decode_good);
  g_test_add_func("/anyictl/idcard/decode-bad", test_decode_bad);
  g_test_add_func("/anyictl/idcard/usage", test_usage);
  g_autofree char *wrapper = g_find_program_in_path("umockdev-wrapper");
  if (devsim && wrapper) {
    g_test_add_func("/anyictl/idcard/read-under-devsim", test_read_under_devsim);
    g_test_add_func("/anyictl/idcard/read-without-card", test_read_without_card);
    g_test_add_func("/anyictl/idcard/list-under-devsim", test_list_under_devsim);
  } else {
    g_test_message("anyi-devsim or umockdev-wrapper missing: list/read not tested");
  }
  return g_test_run();
}
