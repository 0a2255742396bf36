/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-devsim: runs a program against emulated kiosk devices.
 *
 *   anyi-devsim [--control SOCKET] [--card resident|permit|foreign2017|foreign2023|none]
 *               [--transport bulk|hid|ch340|pl2303|cp210x] [--pace real|READ_MS]
 *               [--face-camera JPEG,...|bars|none] [--document-camera JPEG,...|bars|none]
 *               [--camera-transfer iso|bulk|FACE,DOCUMENT] [-- PROGRAM ARGS...]
 *
 * It creates a umockdev testbed with an emulated ID card reader and the
 * face and document cameras (UVC over bulk or isochronous transfers, as
 * --camera-transfer says for both, or "iso,bulk" for face and document;
 * bulk by default; serving the JPEG files given or colour bars) (through
 * the real libusb path: the program cannot tell it from hardware), then
 * spawns PROGRAM, which inherits UMOCKDEV_DIR and LD_PRELOAD. Started
 * outside umockdev-wrapper it re-executes itself under it. It exits with
 * PROGRAM's status; without PROGRAM it runs until SIGINT/SIGTERM.
 *
 * Commands, one per line, on the unix socket given by --control (without
 * it, a socket in a private temporary directory), whose path is in the
 * child's environment as ANYI_DEVSIM_CONTROL, and on stdin when stdin is
 * a terminal. Each gets one reply line: "ok" or "error: <why>".
 *   idcard place resident|permit|foreign2017|foreign2023   put a sample card on the reader
 *     [valid-to YYYYMMDD]                                 ... expiring on that day
 *   idcard remove                 take the card away
 *   idcard unplug                 pull the reader's USB plug
 *   idcard plug                   plug it back (a new device number)
 *   idcard pace real|READ_MS [COMMAND_MS]
 *                                 answer reads after 0.3-0.8 s (real) or READ_MS
 *   idcard fault corrupt|checksum|short|oversized|silence|stall [COUNT]
 *                                 damage the next COUNT answers (default 1; 0 = all)
 *   idcard fault none             clear faults
 *   idcard sw3 HEX [COUNT]        the next COUNT reads answer with SW3 HEX (e.g. 41, 31)
 *   idcard sam-fail               the SAM fails its self-test until reset
 *   camera face|document unplug   pull a camera's USB plug
 *   camera face|document plug     plug it back
 *   status                        one line: reader plugged or not, card
 *   help                          the command list */
#include "idcard-emulator.h"
#include "uvc-camera-emulator.h"
#include "idcard/idcard-proto.h"

#include <gio/gio.h>
#include <errno.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <gio/gunixsocketaddress.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUS          1
#define FIRST_DEVNUM 2
#define REEXEC_ENV   "ANYI_DEVSIM_REEXEC"

typedef struct {
  GMainLoop *loop;
  UMockdevTestbed *testbed;
  AnyiIdcardEmulator *idcard;
  UvcCameraEmulator *cameras[2]; /* face, document; NULL when not emulated */
  guint devnum;
  char *card;
  GPid child;
  int exit_status;
  GSocketService *service;
  char *control_path;
  char *private_dir; /* holds the default control socket */
} Devsim;

static const char help_text[] =
    "idcard place resident|permit|foreign2017|foreign2023; idcard remove; idcard unplug; "
    "idcard plug; idcard pace real|READ_MS [COMMAND_MS]; "
    "idcard fault corrupt|checksum|short|oversized|silence|stall|none [COUNT]; "
    "idcard sw3 HEX [COUNT]; idcard sam-fail; camera face|document unplug|plug; status; help";

static const char *const camera_roles[2] = {"face", "document"};

static gboolean
plug_idcard(Devsim *sim, GError **error)
{
  g_autoptr(GBytes) descriptors = anyi_idcard_emulator_descriptors(sim->idcard);
  return anyi_usb_emulator_plug(ANYI_USB_EMULATOR(sim->idcard), sim->testbed, BUS, sim->devnum++,
                                descriptors, error);
}

static gboolean
parse_count(char **words, guint index, guint *count)
{
  if (words[index] == NULL) {
    *count = 1;
    return TRUE;
  }
  char *end = NULL;
  guint64 value = g_ascii_strtoull(words[index], &end, 10);
  *count = value;
  return end != words[index] && *end == '\0' && value < 1000000;
}

static const struct {
  const char *name;
  AnyiIdcardFault fault;
} faults[] = {
    {"none", ANYI_IDCARD_FAULT_NONE},           {"corrupt", ANYI_IDCARD_FAULT_CORRUPT},
    {"checksum", ANYI_IDCARD_FAULT_CHECKSUM},   {"short", ANYI_IDCARD_FAULT_SHORT},
    {"oversized", ANYI_IDCARD_FAULT_OVERSIZED}, {"silence", ANYI_IDCARD_FAULT_SILENCE},
    {"stall", ANYI_IDCARD_FAULT_STALL},
};

static char *
command_fault(Devsim *sim, char **words)
{
  guint count = 0;
  if (!parse_count(words, 3, &count))
    return g_strdup("error: COUNT must be a number");
  for (gsize i = 0; words[2] && i < G_N_ELEMENTS(faults); i++)
    if (g_str_equal(words[2], faults[i].name)) {
      anyi_idcard_emulator_inject(sim->idcard, faults[i].fault, 0, 0, count);
      return g_strdup("ok");
    }
  return g_strdup(
      "error: unknown fault (corrupt, checksum, short, oversized, silence, stall, none)");
}

static char *
command_sw3(Devsim *sim, char **words)
{
  guint count = 0;
  char *end = NULL;
  guint64 sw3 = words[2] ? g_ascii_strtoull(words[2], &end, 16) : 256;
  if (words[2] == NULL || *end != '\0' || sw3 > 0xFF || !parse_count(words, 3, &count))
    return g_strdup("error: usage: idcard sw3 HEX [COUNT]");
  anyi_idcard_emulator_inject(sim->idcard, ANYI_IDCARD_FAULT_SW3, sw3,
                              ANYI_IDCARD_CMD_READ_TEXT_PHOTO, count);
  return g_strdup("ok");
}

static char *
command_pace(Devsim *sim, char **words)
{
  if (g_strcmp0(words[2], "real") == 0) {
    anyi_idcard_emulator_set_real_pace(sim->idcard);
    return g_strdup("ok");
  }
  guint read_ms = 0, other_ms = 0;
  if (words[2] == NULL || !parse_count(words, 2, &read_ms) || !parse_count(words, 3, &other_ms))
    return g_strdup("error: usage: idcard pace real|READ_MS [COMMAND_MS]");
  anyi_idcard_emulator_set_pace(sim->idcard, read_ms, words[3] ? other_ms : 0);
  return g_strdup("ok");
}

/* "place KIND" or "place KIND valid-to YYYYMMDD": the sample card, or one
 * that expires on another day (a card about to expire, for card-first). */
static char *
command_place(Devsim *sim, char **words)
{
  const char *card = words[2];
  const char *valid_to = NULL;
  AnyiTestCardKind kind;
  AnyiTestCardSpec spec;
  guint8 text[ANYI_IDCARD_TEXT_LEN];

  if (!card || !anyi_test_card_kind_from_string(card, &kind))
    return g_strdup("error: card must be resident, permit, foreign2017 or foreign2023");
  if (words[3]) {
    valid_to = g_str_equal(words[3], "valid-to") ? words[4] : NULL;
    if (!valid_to || strlen(valid_to) != 8 || strspn(valid_to, "0123456789") != 8)
      return g_strdup("error: after the card, only valid-to YYYYMMDD");
  }
  spec = anyi_test_card_spec(kind);
  if (valid_to)
    spec.valid_to = valid_to;
  anyi_test_card_build_text(&spec, text);
  anyi_idcard_emulator_place_card(sim->idcard, text, TRUE, NULL);
  g_free(sim->card);
  sim->card = g_strdup(card);
  return g_strdup("ok");
}

static char *
command_plug(Devsim *sim, gboolean plug)
{
  gboolean plugged = anyi_usb_emulator_is_plugged(ANYI_USB_EMULATOR(sim->idcard));
  if (plug == plugged)
    return g_strdup(plug ? "error: the reader is already plugged in"
                         : "error: the reader is not plugged in");
  if (!plug) {
    anyi_usb_emulator_unplug(ANYI_USB_EMULATOR(sim->idcard));
    return g_strdup("ok");
  }
  g_autoptr(GError) error = NULL;
  if (!plug_idcard(sim, &error))
    return g_strdup_printf("error: %s", error->message);
  return g_strdup("ok");
}

static char *
command_idcard(Devsim *sim, char **words)
{
  const char *verb = words[1] ? words[1] : "";
  if (g_str_equal(verb, "place"))
    return command_place(sim, words);
  if (g_str_equal(verb, "remove")) {
    anyi_idcard_emulator_remove_card(sim->idcard);
    g_clear_pointer(&sim->card, g_free);
    return g_strdup("ok");
  }
  if (g_str_equal(verb, "unplug") || g_str_equal(verb, "plug"))
    return command_plug(sim, g_str_equal(verb, "plug"));
  if (g_str_equal(verb, "pace"))
    return command_pace(sim, words);
  if (g_str_equal(verb, "fault"))
    return command_fault(sim, words);
  if (g_str_equal(verb, "sw3"))
    return command_sw3(sim, words);
  if (g_str_equal(verb, "sam-fail")) {
    anyi_idcard_emulator_fail_sam(sim->idcard);
    return g_strdup("ok");
  }
  return g_strdup_printf("error: unknown idcard command '%s' (try help)", verb);
}

static char *
command_camera(Devsim *sim, char **words)
{
  for (guint i = 0; i < G_N_ELEMENTS(camera_roles); i++) {
    g_autoptr(GError) error = NULL;
    if (g_strcmp0(words[1], camera_roles[i]) != 0)
      continue;
    if (!sim->cameras[i])
      return g_strdup_printf("error: no %s camera is emulated", camera_roles[i]);
    if (g_strcmp0(words[2], "unplug") == 0) {
      uvc_camera_emulator_unplug(sim->cameras[i]);
      return g_strdup("ok");
    }
    if (g_strcmp0(words[2], "plug") == 0)
      return uvc_camera_emulator_replug(sim->cameras[i], &error)
                 ? g_strdup("ok")
                 : g_strdup_printf("error: %s", error->message);
    return g_strdup("error: usage: camera face|document unplug|plug");
  }
  return g_strdup("error: usage: camera face|document unplug|plug");
}

/* Runs one command line and returns the reply line (without newline). */
static char *
run_command(Devsim *sim, const char *line)
{
  g_autofree char *trimmed = g_strstrip(g_strdup(line));
  g_auto(GStrv) words = g_strsplit_set(trimmed, " \t", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new();
  for (char **w = words; *w; w++)
    if (**w)
      g_ptr_array_add(kept, *w);
  g_ptr_array_add(kept, NULL);
  char **argv = (char **)kept->pdata;
  if (argv[0] == NULL)
    return g_strdup("error: empty command");
  if (g_str_equal(argv[0], "help"))
    return g_strdup(help_text);
  if (g_str_equal(argv[0], "status"))
    return g_strdup_printf("idcard plugged=%s card=%s",
                           anyi_usb_emulator_is_plugged(ANYI_USB_EMULATOR(sim->idcard)) ? "yes"
                                                                                        : "no",
                           sim->card ? sim->card : "none");
  if (g_str_equal(argv[0], "idcard"))
    return command_idcard(sim, argv);
  if (g_str_equal(argv[0], "camera"))
    return command_camera(sim, argv);
  return g_strdup_printf("error: unknown command '%s' (try help)", argv[0]);
}

/* A source of command lines (a socket connection or the terminal). */
typedef struct {
  Devsim *sim;
  GObject *keep; /* the connection, kept alive while it is read */
  GDataInputStream *in;
  GOutputStream *out;
} CommandChannel;

static void
channel_free(CommandChannel *channel)
{
  g_clear_object(&channel->keep);
  g_clear_object(&channel->in);
  g_clear_object(&channel->out);
  g_free(channel);
}

static void read_next_line(CommandChannel *channel);

static void
on_line(GObject *source, GAsyncResult *result, gpointer data)
{
  CommandChannel *channel = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line =
      g_data_input_stream_read_line_finish_utf8(channel->in, result, NULL, &error);
  if (line == NULL) {
    channel_free(channel);
    return;
  }
  g_autofree char *reply = run_command(channel->sim, line);
  g_autofree char *reply_line = g_strconcat(reply, "\n", NULL);
  g_message("devsim: %s -> %s", line, reply);
  if (!g_output_stream_write_all(channel->out, reply_line, strlen(reply_line), NULL, NULL,
                                 &error)) {
    channel_free(channel);
    return;
  }
  read_next_line(channel);
}

static void
read_next_line(CommandChannel *channel)
{
  g_data_input_stream_read_line_async(channel->in, G_PRIORITY_DEFAULT, NULL, on_line, channel);
}

static void
open_channel(Devsim *sim, GObject *keep, GInputStream *in, GOutputStream *out)
{
  CommandChannel *channel = g_new0(CommandChannel, 1);
  channel->sim = sim;
  channel->keep = keep ? g_object_ref(keep) : NULL;
  channel->in = g_data_input_stream_new(in);
  channel->out = g_object_ref(out);
  read_next_line(channel);
}

static gboolean
on_incoming(GSocketService *service, GSocketConnection *connection, GObject *source, gpointer data)
{
  GIOStream *stream = G_IO_STREAM(connection);
  open_channel(data, G_OBJECT(connection), g_io_stream_get_input_stream(stream),
               g_io_stream_get_output_stream(stream));
  return TRUE;
}

static gboolean
listen_control(Devsim *sim, const char *path, GError **error)
{
  g_unlink(path);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new(path);
  sim->service = g_socket_service_new();
  if (!g_socket_listener_add_address(G_SOCKET_LISTENER(sim->service), address, G_SOCKET_TYPE_STREAM,
                                     G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, error))
    return FALSE;
  g_signal_connect(sim->service, "incoming", G_CALLBACK(on_incoming), sim);
  sim->control_path = g_strdup(path);
  g_setenv("ANYI_DEVSIM_CONTROL", path, TRUE);
  return TRUE;
}

static void
listen_terminal(Devsim *sim)
{
  if (!isatty(STDIN_FILENO))
    return;
  g_autoptr(GInputStream) in = g_unix_input_stream_new(STDIN_FILENO, FALSE);
  g_autoptr(GOutputStream) out = g_unix_output_stream_new(STDOUT_FILENO, FALSE);
  open_channel(sim, NULL, in, out);
}

static void
on_child_exit(GPid pid, int status, gpointer data)
{
  Devsim *sim = data;
  g_autoptr(GError) error = NULL;
  sim->exit_status = g_spawn_check_wait_status(status, &error) ? 0 : 1;
  if (error && error->domain == G_SPAWN_EXIT_ERROR)
    sim->exit_status = error->code;
  else if (WIFSIGNALED(status))
    sim->exit_status = 128 + WTERMSIG(status);
  g_spawn_close_pid(pid);
  sim->child = 0;
  g_main_loop_quit(sim->loop);
}

static gboolean
on_signal(gpointer data)
{
  Devsim *sim = data;
  if (sim->child != 0)
    kill(sim->child, SIGTERM); /* the child's exit then ends the loop */
  else
    g_main_loop_quit(sim->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
spawn_program(Devsim *sim, char **argv, GError **error)
{
  if (!g_spawn_async(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                     &sim->child, error))
    return FALSE;
  g_child_watch_add(sim->child, on_child_exit, sim);
  return TRUE;
}

static gboolean
parse_options(int *argc, char ***argv, char **control, char **card, char **transport, char **pace,
              char **cameras, char **camera_transfer, GError **error)
{
  GOptionEntry entries[] = {
      {"control", 0, 0, G_OPTION_ARG_FILENAME, control, "Unix socket for commands", "SOCKET"},
      {"card", 0, 0, G_OPTION_ARG_STRING, card,
       "Card on the reader at start: resident, permit, foreign2017, foreign2023, none", "CARD"},
      {"transport", 0, 0, G_OPTION_ARG_STRING, transport,
       "Reader transport: bulk (default), hid, ch340, pl2303, cp210x", "TRANSPORT"},
      {"pace", 0, 0, G_OPTION_ARG_STRING, pace,
       "Answer reads at a real reader's pace (real) or after MS", "real|MS"},
      {"face-camera", 0, 0, G_OPTION_ARG_STRING, &cameras[0],
       "Face camera frames: JPEG files, bars (default) or none", "JPEG,...|bars|none"},
      {"document-camera", 0, 0, G_OPTION_ARG_STRING, &cameras[1],
       "Document camera frames: JPEG files, bars (default) or none", "JPEG,...|bars|none"},
      {"camera-transfer", 0, 0, G_OPTION_ARG_STRING, camera_transfer,
       "How both cameras stream (bulk, the default, or iso), or FACE,DOCUMENT each",
       "iso|bulk|FACE,DOCUMENT"},
      {NULL}};
  g_autoptr(GOptionContext) context = g_option_context_new("[-- PROGRAM ARGS...]");
  g_option_context_set_summary(context, "Runs PROGRAM against emulated kiosk devices.");
  g_option_context_set_description(context, help_text);
  g_option_context_add_main_entries(context, entries, NULL);
  return g_option_context_parse(context, argc, argv, error);
}

static gboolean
command_ok(Devsim *sim, const char *line, GError **error)
{
  g_autofree char *reply = run_command(sim, line);
  if (!g_str_has_prefix(reply, "error: "))
    return TRUE;
  g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s", reply + strlen("error: "));
  return FALSE;
}

static gboolean
setup_idcard(Devsim *sim, const char *transport, const char *card, const char *pace, GError **error)
{
  AnyiIdcardEmuTransport kind = ANYI_IDCARD_EMU_BULK;
  if (transport && !anyi_idcard_emu_transport_from_string(transport, &kind)) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "unknown transport '%s'",
                transport);
    return FALSE;
  }
  sim->idcard = anyi_idcard_emulator_new(kind);
  if (!plug_idcard(sim, error))
    return FALSE;
  g_autofree char *place =
      card && !g_str_equal(card, "none") ? g_strdup_printf("idcard place %s", card) : NULL;
  g_autofree char *pace_line = pace ? g_strdup_printf("idcard pace %s", pace) : NULL;
  return (place == NULL || command_ok(sim, place, error)) &&
         (pace_line == NULL || command_ok(sim, pace_line, error));
}

/* "iso", "bulk", or "FACE,DOCUMENT" (e.g. "iso,bulk") into one
 * transfer per camera role. */
static gboolean
parse_camera_transfer(const char *text, UvcTransfer transfers[2], GError **error)
{
  transfers[0] = transfers[1] = UVC_TRANSFER_DEFAULT;
  if (text == NULL)
    return TRUE;
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  guint n = g_strv_length(parts);
  for (guint i = 0; i < 2 && n > 0 && n <= 2; i++) {
    const char *word = parts[MIN(i, n - 1)];
    if (!g_str_equal(word, "iso") && !g_str_equal(word, "bulk"))
      n = 0;
    else
      transfers[i] = g_str_equal(word, "iso") ? UVC_TRANSFER_ISO : UVC_TRANSFER_BULK;
  }
  if (n == 0 || n > 2) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--camera-transfer '%s': iso, bulk, or FACE,DOCUMENT (e.g. iso,bulk)", text);
    return FALSE;
  }
  return TRUE;
}

/* @frames: NULL or "bars" for colour bars, "none" for no camera, or a
 * comma-separated list of JPEG files served in turn. */
static gboolean
setup_cameras(Devsim *sim, char *const *frames, const char *transfer, GError **error)
{
  UvcTransfer transfers[2];
  if (!parse_camera_transfer(transfer, transfers, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(camera_roles); i++) {
    g_auto(GStrv) files = NULL;
    if (g_strcmp0(frames[i], "none") == 0)
      continue;
    if (frames[i] && !g_str_equal(frames[i], "bars"))
      files = g_strsplit(frames[i], ",", -1);
    sim->cameras[i] = uvc_camera_emulator_attach_role_full(
        sim->testbed, camera_roles[i], (const char *const *)files, transfers[i], error);
    if (!sim->cameras[i])
      return FALSE;
  }
  return TRUE;
}

static void
devsim_clear(Devsim *sim)
{
  if (sim->control_path)
    g_unlink(sim->control_path);
  if (sim->private_dir)
    g_rmdir(sim->private_dir);
  if (sim->service)
    g_socket_service_stop(sim->service);
  g_clear_object(&sim->service);
  g_clear_object(&sim->idcard);
  g_clear_object(&sim->cameras[0]);
  g_clear_object(&sim->cameras[1]);
  g_clear_object(&sim->testbed);
  g_clear_pointer(&sim->loop, g_main_loop_unref);
  g_clear_pointer(&sim->card, g_free);
  g_clear_pointer(&sim->control_path, g_free);
  g_clear_pointer(&sim->private_dir, g_free);
}

int
main(int argc, char **argv)
{
  anyi_usb_emulation_ensure(argc, argv);
  g_autofree char *control = NULL, *card = NULL, *transport = NULL, *pace = NULL;
  g_autofree char *camera_transfer = NULL;
  char *cameras[2] = {NULL, NULL};
  g_autoptr(GError) error = NULL;
  if (!parse_options(&argc, &argv, &control, &card, &transport, &pace, cameras, &camera_transfer,
                     &error)) {
    fprintf(stderr, "anyi-devsim: %s\n", error->message);
    return 2;
  }
  Devsim sim = {.devnum = FIRST_DEVNUM};
  sim.loop = g_main_loop_new(NULL, FALSE);
  sim.testbed = umockdev_testbed_new();
  /* everything after "--" (GOption leaves it in argv[1..]) is the program */
  char **program = argc > 1 ? argv + 1 : NULL;
  if (program && g_str_equal(program[0], "--"))
    program++;
  if (control == NULL && (sim.private_dir = g_dir_make_tmp("anyi-devsim-XXXXXX", &error)))
    control = g_build_filename(sim.private_dir, "control", NULL);
  gboolean ready = control != NULL && setup_idcard(&sim, transport, card, pace, &error) &&
                   setup_cameras(&sim, cameras, camera_transfer, &error);
  g_free(cameras[0]);
  g_free(cameras[1]);
  if (!ready || !listen_control(&sim, control, &error) ||
      (program && *program && !spawn_program(&sim, program, &error))) {
    fprintf(stderr, "anyi-devsim: %s\n", error->message);
    devsim_clear(&sim);
    return 1;
  }
  listen_terminal(&sim);
  g_unix_signal_add(SIGINT, on_signal, &sim);
  g_unix_signal_add(SIGTERM, on_signal, &sim);
  g_main_loop_run(sim.loop);
  devsim_clear(&sim);
  return sim.exit_status;
}
