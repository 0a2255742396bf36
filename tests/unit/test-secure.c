/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-secure.c: personal data is wiped from memory, and the processes
 * that hold it leave no core file and make no file others can read. */
#include "usb/anyi-secure.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

static const char *anyictl_path;

static gboolean
all_zero(const guint8 *bytes, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (bytes[i])
      return FALSE;
  return TRUE;
}

static void
test_wipe(void)
{
  char name[] = "张三丰 110101199003076536";

  anyi_secure_wipe(name, sizeof name);
  g_assert_true(all_zero((const guint8 *)name, sizeof name));
}

/* Reader frames are taken off the front of the receive buffer: the bytes
 * that move out of its end (still in its memory) are wiped too. */
static void
test_consume_wipes_what_moved(void)
{
  g_autoptr(GByteArray) rx = g_byte_array_new();
  const char *frames = "FRAME-ONE:110101199003076536|FRAME-TWO";
  guint old_len;

  g_byte_array_append(rx, (const guint8 *)frames, strlen(frames));
  old_len = rx->len;
  anyi_secure_byte_array_consume(rx, strlen("FRAME-ONE:110101199003076536|"));
  g_assert_cmpmem(rx->data, rx->len, "FRAME-TWO", 9);
  g_assert_true(all_zero(rx->data + rx->len, old_len - rx->len));
  anyi_secure_byte_array_consume(rx, rx->len);
  g_assert_cmpuint(rx->len, ==, 0);
  g_assert_true(all_zero(rx->data, old_len));
}

static void
test_secure_bytes_hold_a_copy(void)
{
  guint8 photo[1024];
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  memset(photo, 0x5a, sizeof photo);
  bytes = anyi_secure_bytes_new(photo, sizeof photo);
  anyi_secure_wipe(photo, sizeof photo);
  g_assert_cmpuint(g_bytes_get_size(bytes), ==, sizeof photo);
  g_assert_cmpuint(((const guint8 *)g_bytes_get_data(bytes, &len))[1023], ==, 0x5a);
  anyi_secure_free_string(g_strdup("张三丰"));
  anyi_secure_free_gstring(g_string_new("110101199003076536"));
  anyi_secure_free_byte_array(g_byte_array_new());
  anyi_secure_free(NULL, 0);
}

static void
test_process_protected(void)
{
  if (g_test_subprocess()) {
    struct rlimit core;
    mode_t mask;

    anyi_secure_process();
    g_assert_cmpint(getrlimit(RLIMIT_CORE, &core), ==, 0);
    g_assert_cmpuint(core.rlim_cur, ==, 0);
    g_assert_cmpuint(core.rlim_max, ==, 0);
    g_assert_cmpint(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
    mask = umask(0);
    g_assert_cmpint(mask, ==, 077);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
}

static char *
proc_line(GPid pid, const char *file, const char *prefix)
{
  g_autofree char *path = g_strdup_printf("/proc/%d/%s", pid, file);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents(path, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit(text, "\n", -1);
  for (int i = 0; lines[i]; i++)
    if (g_str_has_prefix(lines[i], prefix))
      return g_strdup(lines[i]);
  return NULL;
}

/* anyictl staff add waits for the PIN on stdin: by then it has protected
 * itself like the kiosk. */
static void
test_anyictl_protected(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process =
      g_subprocess_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                           G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                       &error, anyictl_path, "staff", "add", "1001", "李工", "staff", NULL);
  GPid pid;
  g_autofree char *mask = NULL;
  g_autofree char *core = NULL;

  g_assert_no_error(error);
  pid = (GPid)g_ascii_strtoll(g_subprocess_get_identifier(process), NULL, 10);
  /* wait for the condition (the process reaching its main), not a time;
   * the bound only stops a broken build from hanging */
  for (int i = 0; i < 1000; i++) {
    g_clear_pointer(&mask, g_free);
    mask = proc_line(pid, "status", "Umask:");
    if (mask && g_str_has_suffix(mask, "0077"))
      break;
    g_usleep(10 * 1000);
  }
  core = proc_line(pid, "limits", "Max core file size");
  g_subprocess_force_exit(process);
  g_subprocess_wait(process, NULL, NULL);
  g_assert_nonnull(mask);
  g_assert_true(g_str_has_suffix(mask, "0077"));
  g_assert_nonnull(core);
  g_assert_true(g_regex_match_simple("^Max core file size +0 +0 ", core, 0, 0));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  anyictl_path = argc > 1 ? argv[1] : NULL;
  g_test_add_func("/secure/wipe", test_wipe);
  g_test_add_func("/secure/consume-wipes", test_consume_wipes_what_moved);
  g_test_add_func("/secure/bytes", test_secure_bytes_hold_a_copy);
  g_test_add_func("/secure/process", test_process_protected);
  if (anyictl_path)
    g_test_add_func("/secure/anyictl", test_anyictl_protected);
  return g_test_run();
}
