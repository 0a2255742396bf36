/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl-support.c: `anyictl support-bundle OUT.tar.gz`, what a remote
 * technician asks a hall for when a kiosk misbehaves, in one file:
 *
 *   versions.txt       the kiosk's and its libraries' versions, the system
 *   kiosk.conf         the hall's configuration, secrets masked
 *   config-check.txt   `anyictl config check` of it
 *   usb-devices.txt    the USB devices libusb sees (VID:PID, bus, port)
 *   printers.txt       each print queue's state, supplies and faults
 *   db-check.txt       the database's schema and integrity check, and how
 *                      many cases it holds (counts only)
 *   kiosk.log          the last lines of the kiosk's log, masked
 *
 * Never personal data: no table of cases is read, and every text goes
 * through the log masker (ID numbers) and a phone and secret masker on its
 * way in. A part that cannot be had (no cupsd, no database) says why in its
 * file; the bundle is made anyway. The technician screen runs this command
 * line as it is: keep it. Exit 0 made, 1 it could not be written, 2 usage. */
#include "anyictl-commands.h"
#include "cases/anyi-case.h"
#include "log/anyi-log.h"
#include "print/printer-status.h"
#include "settings/anyi-settings.h"
#include "store/anyi-store.h"

#include <anyi-config.h>
#include <archive.h>
#include <archive_entry.h>
#include <cups/cups.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libusb.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

#define LOG_LINES     500
#define MAX_LOG_BYTES (4 * 1024 * 1024) /* the log is rotated at 1 MiB by default */

/* ---- masking ---- */

static char *
mask_line_secrets(const char *line)
{
  static GRegex *secret_key, *url_password, *libpq_password, *phone;
  static gsize once;

  if (g_once_init_enter(&once)) {
    /* key=value where the key names a secret */
    secret_key = g_regex_new("^(\\s*[^=#\\s]*(?:pin|pass|secret|token|key|credential)[^=]*=).*$",
                             G_REGEX_CASELESS | G_REGEX_MULTILINE, 0, NULL);
    /* scheme://user:password@host */
    url_password =
        g_regex_new("([a-z][a-z0-9+.-]*://[^:/@\\s]*:)[^@\\s]*@", G_REGEX_CASELESS, 0, NULL);
    /* a libpq connection string's password=..., quoted or not, anywhere in a
     * value ([ledger] connection) */
    libpq_password = g_regex_new("(\\bpassword\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|[^\\s]+)",
                                 G_REGEX_CASELESS, 0, NULL);
    /* mainland mobile numbers: 1[3-9] and 9 digits */
    phone = g_regex_new("(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])", 0, 0, NULL);
    g_once_init_leave(&once, 1);
  }
  g_autofree char *a = g_regex_replace(secret_key, line, -1, 0, "\\1********", 0, NULL);
  g_autofree char *b = g_regex_replace(url_password, a, -1, 0, "\\1********@", 0, NULL);
  g_autofree char *b2 = g_regex_replace(libpq_password, b, -1, 0, "\\1********", 0, NULL);
  g_autofree char *c = g_regex_replace(phone, b2, -1, 0, "\\1****\\2", 0, NULL);

  return anyi_mask_id_numbers(c);
}

/* ---- the archive ---- */

static gboolean
add_text(struct archive *out, const char *dir, const char *name, const char *text)
{
  g_autofree char *masked = mask_line_secrets(text);
  g_autofree char *path = g_build_filename(dir, name, NULL);
  struct archive_entry *entry = archive_entry_new();
  size_t size = strlen(masked);
  gboolean ok;

  archive_entry_set_pathname(entry, path);
  archive_entry_set_size(entry, (la_int64_t)size);
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0600);
  archive_entry_set_mtime(entry, time(NULL), 0);
  ok = archive_write_header(out, entry) == ARCHIVE_OK &&
       archive_write_data(out, masked, size) == (la_ssize_t)size;
  archive_entry_free(entry);
  if (!ok)
    fprintf(stderr, "anyictl support-bundle: %s: %s\n", name, archive_error_string(out));
  return ok;
}

/* ---- the parts ---- */

static char *
versions_text(void)
{
  GString *out = g_string_new(NULL);
  const struct libusb_version *usb = libusb_get_version();
  g_autofree char *os = NULL;
  struct utsname uts;

  g_string_append_printf(out, "anyi-kiosk %s\n", ANYI_VERSION);
  g_string_append_printf(out, "glib %u.%u.%u\n", glib_major_version, glib_minor_version,
                         glib_micro_version);
  g_string_append_printf(out, "sqlite %s\n", sqlite3_libversion());
  g_string_append_printf(out, "libusb %u.%u.%u\n", usb->major, usb->minor, usb->micro);
  g_string_append_printf(out, "cups %d.%d.%d\n", CUPS_VERSION_MAJOR, CUPS_VERSION_MINOR,
                         CUPS_VERSION_PATCH);
  g_string_append_printf(out, "%s\n", archive_version_details());
  if (uname(&uts) == 0)
    g_string_append_printf(out, "system %s %s %s\n", uts.sysname, uts.release, uts.machine);
  os = g_get_os_info(G_OS_INFO_KEY_PRETTY_NAME);
  g_string_append_printf(out, "os %s\n", os ? os : "unknown");
  return g_string_free(out, FALSE);
}

static const char *
hall_config_path(void)
{
  const char *path = g_getenv("ANYI_CONFIG");

  return path && *path ? path : "/etc/anyi-kiosk/kiosk.conf";
}

static char *
config_text(void)
{
  char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents(hall_config_path(), &text, NULL, &error))
    return g_strdup_printf("# no hall configuration: %s\n", error->message);
  return text;
}

static char *
config_check_text(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = anyi_settings_check_file(hall_config_path(), &error);
  GString *out = g_string_new(NULL);

  if (!problems)
    g_string_append_printf(out, "not checked: %s\n", error->message);
  for (guint i = 0; problems && i < problems->len; i++) {
    AnyiSettingsProblem *problem = problems->pdata[i];

    g_string_append_printf(out, "%s:%d: %s\n", hall_config_path(), problem->line, problem->message);
  }
  if (problems && problems->len == 0)
    g_string_append(out, "no problems\n");
  return g_string_free(out, FALSE);
}

static char *
usb_text(void)
{
  GString *out = g_string_new("bus port vid:pid class\n");
  libusb_context *usb = NULL;
  libusb_device **list = NULL;
  ssize_t n;
  int status = libusb_init(&usb);

  if (status != 0) {
    g_string_printf(out, "libusb: %s\n", libusb_strerror(status));
    return g_string_free(out, FALSE);
  }
  n = libusb_get_device_list(usb, &list);
  if (n < 0)
    g_string_printf(out, "libusb: %s\n", libusb_strerror((int)n));
  for (ssize_t i = 0; i < n; i++) {
    struct libusb_device_descriptor d;

    if (libusb_get_device_descriptor(list[i], &d) == 0)
      g_string_append_printf(out, "%03u %u %04x:%04x %02x\n", libusb_get_bus_number(list[i]),
                             libusb_get_port_number(list[i]), d.idVendor, d.idProduct,
                             d.bDeviceClass);
  }
  if (n >= 0)
    libusb_free_device_list(list, 1);
  libusb_exit(usb);
  return g_string_free(out, FALSE);
}

static void
append_printer(GString *out, const char *queue)
{
  g_autoptr(AnyiPrinterStatus) s = anyi_printer_status_query(queue);

  g_string_append_printf(
      out, "%s: cupsd %s, queue %s, state %d, %s, paper %s, toner %s\n", queue,
      s->cupsd_reachable ? "up" : "unreachable", s->queue_found ? "found" : "missing", s->state,
      s->accepting ? "accepting" : "rejecting", anyi_paper_state_to_string(s->paper),
      anyi_toner_state_to_string(s->toner));
  g_string_append_printf(out, "  reasons: %s\n", *s->reasons ? s->reasons : "none");
  for (guint i = 0; i < s->markers->len; i++) {
    const AnyiPrinterMarker *marker = s->markers->pdata[i];
    g_string_append_printf(out, "  supply: %s (%s) %d%%\n", marker->name, marker->type,
                           marker->level);
  }
  for (guint i = 0; i < s->faults->len; i++) {
    const AnyiPrinterFault *fault = s->faults->pdata[i];
    g_string_append_printf(out, "  fault %s: %s\n", fault->code, fault->text_en);
  }
}

static char *
printers_text(AnyiSettings *settings)
{
  GString *out = g_string_new(NULL);

  if (!settings)
    return g_string_free(g_string_append(out, "settings unusable: see config-check.txt\n"), FALSE);
  append_printer(out, settings->receipt_queue);
  append_printer(out, settings->a4_queue);
  return g_string_free(out, FALSE);
}

static void
append_counts(GString *out, AnyiStore *store)
{
  static const char *const finished[] = {"submitted", "accepted-with-missing-materials", NULL};
  g_auto(AnyiStoreCaseCounts) counts = {0};
  g_autoptr(GError) error = NULL;

  if (!anyi_store_case_counts(store, finished, &counts, &error)) {
    g_string_append_printf(out, "case counts: %s\n", error->message);
    return;
  }
  g_string_append_printf(out,
                         "cases: %" G_GINT64_FORMAT " started, %" G_GINT64_FORMAT
                         " finished, %" G_GINT64_FORMAT " abandoned, %u handoff reasons\n",
                         counts.started, counts.finished, counts.abandoned,
                         g_hash_table_size(counts.handed_off));
}

static char *
db_check_text(AnyiSettings *settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GString *out = g_string_new(NULL);

  if (!settings)
    return g_string_free(g_string_append(out, "settings unusable: see config-check.txt\n"), FALSE);
  g_string_append_printf(out, "database: %s\n", settings->db_path);
  if (!(store = anyi_store_open_existing(settings->db_path, &error)) ||
      !anyi_store_check(store, &problems, &error)) {
    g_string_append_printf(out, "not checked: %s\n", error->message);
    return g_string_free(out, FALSE);
  }
  g_string_append_printf(out, "schema %d (this program: %d)\n", anyi_store_schema_version(store),
                         anyi_store_latest_schema_version());
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf(out, "problem: %s\n", (char *)problems->pdata[i]);
  g_string_append_printf(out, "integrity: %s\n", problems->len ? "PROBLEMS" : "ok");
  append_counts(out, store);
  return g_string_free(out, FALSE);
}

/* The end of the log, at most MAX_LOG_BYTES of it: the file is the
 * kiosk's, but its size is whatever the disk holds. */
static char *
read_log_tail(const char *path, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path(path);
  g_autoptr(GFileInputStream) in = g_file_read(file, NULL, error);
  g_autoptr(GFileInfo) info = NULL;
  char *text;
  gsize got = 0;
  goffset size;

  if (!in ||
      !(info = g_file_input_stream_query_info(in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error)))
    return NULL;
  size = g_file_info_get_size(info);
  if (size > MAX_LOG_BYTES &&
      !g_seekable_seek(G_SEEKABLE(in), size - MAX_LOG_BYTES, G_SEEK_SET, NULL, error))
    return NULL;
  text = g_malloc(MAX_LOG_BYTES + 1);
  if (!g_input_stream_read_all(G_INPUT_STREAM(in), text, MAX_LOG_BYTES, &got, NULL, error)) {
    g_free(text);
    return NULL;
  }
  text[got] = '\0';
  return text;
}

static char *
log_text(AnyiSettings *settings)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *start;
  int lines = 0;

  if (!settings)
    return g_strdup("settings unusable: see config-check.txt\n");
  if (!(text = read_log_tail(settings->log_path, &error)))
    return g_strdup_printf("no log: %s\n", error->message);
  /* the last lines only: from the end back */
  start = text + strlen(text);
  while (start > text)
    if (*--start == '\n' && ++lines > LOG_LINES) {
      start++;
      break;
    }
  return g_utf8_make_valid(start, -1);
}

/* ---- the command ---- */

static gboolean
write_bundle(struct archive *out, const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSettings) settings = anyi_settings_load(&error);
  g_autofree char *versions = versions_text();
  g_autofree char *config = config_text();
  g_autofree char *check = config_check_text();
  g_autofree char *usb = usb_text();
  g_autofree char *printers = printers_text(settings);
  g_autofree char *db = db_check_text(settings);
  g_autofree char *log = log_text(settings);

  return add_text(out, dir, "versions.txt", versions) && add_text(out, dir, "kiosk.conf", config) &&
         add_text(out, dir, "config-check.txt", check) &&
         add_text(out, dir, "usb-devices.txt", usb) &&
         add_text(out, dir, "printers.txt", printers) && add_text(out, dir, "db-check.txt", db) &&
         add_text(out, dir, "kiosk.log", log);
}

static int
support_bundle(const char *path)
{
  g_autofree char *partial = g_strconcat(path, ".part", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *dir = g_date_time_format(now, "anyi-support-%Y%m%d-%H%M%S");
  struct archive *out = archive_write_new();
  int fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  gboolean ok = fd >= 0 && archive_write_add_filter_gzip(out) == ARCHIVE_OK &&
                archive_write_set_format_pax_restricted(out) == ARCHIVE_OK &&
                archive_write_open_fd(out, fd) == ARCHIVE_OK && write_bundle(out, dir);

  ok = archive_write_close(out) == ARCHIVE_OK && ok;
  archive_write_free(out);
  ok = fd >= 0 && fsync(fd) == 0 && close(fd) == 0 && ok;
  if (ok && g_rename(partial, path) == 0) {
    printf("%s\n", path);
    return 0;
  }
  fprintf(stderr, "anyictl support-bundle: cannot write %s: %s\n", path, g_strerror(errno));
  g_unlink(partial);
  return 1;
}

int
anyictl_support_main(int argc, char **argv)
{
  if (argc != 2 || argv[1][0] == '-') {
    fprintf(stderr, "usage: anyictl support-bundle OUT.tar.gz\n"
                    "  versions, the configuration (secrets masked), USB devices, printers,\n"
                    "  the database check and the last log lines (masked): no personal data\n");
    return 2;
  }
  return support_bundle(argv[1]);
}
