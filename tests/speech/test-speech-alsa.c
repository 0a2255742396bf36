/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real ALSA code path: "default" is ALSA's file plugin in front of its
 * null device, so every frame the sound player writes lands in a WAV file.
 * The configuration first looks for every sound card, as a machine's own
 * alsa.conf does: ALSA then tries /dev/snd/controlC0..31 and /dev/aloadC0..31.
 * speech-alsa-devsim runs these tests under anyi-devsim, as the demo runs
 * the kiosk: there umockdev's preload aborts a process after 50 failed opens
 * of /dev paths, so only the player, which runs without it, may look.
 * Each test that speaks runs in a process of its own: eSpeak NG 1.51 hangs
 * in espeak_Terminate() when it was initialised a second time in a process
 * (the kiosk makes one speech object). */
#include "speech/anyi-speech.h"
#include "speech/anyi-sound-protocol.h"
#include "anyi-config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define MIN_RMS 300.0

static const char *const long_prompt = "您的业务已受理，请到三号窗口等候叫号";
static const char *const short_prompt = "打印完成";

static char *dir;
static char *played_path;
static int output_warnings;
static char *last_output_warning;

static GLogWriterOutput
count_output_warnings(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields && (level & G_LOG_LEVEL_WARNING); i++)
    if (g_str_equal(fields[i].key, "MESSAGE") && strstr(fields[i].value, "sound output")) {
      g_free(last_output_warning);
      last_output_warning = g_strdup(fields[i].value);
      g_atomic_int_inc(&output_warnings);
      return g_log_writer_standard_streams(level, fields, n_fields, data);
    }
  return g_log_writer_default(level, fields, n_fields, data);
}

typedef enum {
  SPEAKER_WORKS, /* what is played lands in played_path */
  SPEAKER_NONE,  /* no "default" sound output */
  SPEAKER_FAILS, /* opens, then every write fails (the file is /dev/full) */
} Speaker;

static void
write_alsa_config(Speaker speaker)
{
  g_autofree char *config_path = g_build_filename(dir, "asound.conf", NULL);
  g_autofree char *config = g_strdup_printf("@hooks [ { func load_for_all_cards files [ ] } ]\n"
                                            "pcm.!%s {\n"
                                            "  type file\n"
                                            "  slave.pcm { type null }\n"
                                            "  file \"%s\"\n"
                                            "  format \"%s\"\n"
                                            "}\n",
                                            speaker == SPEAKER_NONE ? "not-default" : "default",
                                            speaker == SPEAKER_FAILS ? "/dev/full" : played_path,
                                            speaker == SPEAKER_FAILS ? "raw" : "wav");
  g_autoptr(GError) error = NULL;

  g_file_set_contents(config_path, config, -1, &error);
  g_assert_no_error(error);
  g_setenv("ALSA_CONFIG_PATH", config_path, TRUE);
}

static void
remove_dir(void)
{
  g_autofree char *config_path = g_build_filename(dir, "asound.conf", NULL);

  g_unlink(played_path);
  g_unlink(config_path);
  g_rmdir(dir);
}

/* The kiosk process holds no sound device and not the file ALSA writes:
 * the player does. */
static void
assert_no_sound_fds(void)
{
  g_autoptr(GDir) fds = g_dir_open("/proc/self/fd", 0, NULL);
  const char *name;

  g_assert_nonnull(fds);
  while ((name = g_dir_read_name(fds))) {
    g_autofree char *link = g_build_filename("/proc/self/fd", name, NULL);
    g_autofree char *target = g_file_read_link(link, NULL);
    if (!target)
      continue;
    g_assert_null(strstr(target, "/dev/snd/"));
    g_assert_cmpstr(target, !=, played_path);
  }
}

/* The pids of this process's children running the sound player; zombies
 * (children that died and were not reaped) are counted in @zombies. */
static GArray *
list_players(guint *zombies)
{
  GArray *pids = g_array_new(FALSE, FALSE, sizeof(GPid));
  g_autoptr(GDir) proc = g_dir_open("/proc", 0, NULL);
  const char *name;

  *zombies = 0;
  while ((name = g_dir_read_name(proc))) {
    g_autofree char *path = g_build_filename("/proc", name, "stat", NULL);
    g_autofree char *stat = NULL;
    const char *after_name;
    char state;
    int ppid;

    if (!g_ascii_isdigit(name[0]) || !g_file_get_contents(path, &stat, NULL, NULL))
      continue;
    /* "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses. */
    after_name = strrchr(stat, ')');
    if (!after_name || sscanf(after_name, ") %c %d", &state, &ppid) != 2 || ppid != getpid())
      continue;
    if (state == 'Z')
      (*zombies)++;
    else if (strstr(stat, "(anyi-sound-pl"))
      g_array_append_val(pids, (GPid){atoi(name)});
  }
  return pids;
}

static GPid
the_player(void)
{
  guint zombies;
  g_autoptr(GArray) players = list_players(&zombies);

  g_assert_cmpuint(zombies, ==, 0);
  g_assert_cmpuint(players->len, ==, 1);
  return g_array_index(players, GPid, 0);
}

static void
assert_no_children(void)
{
  guint zombies;
  g_autoptr(GArray) players = list_players(&zombies);

  g_assert_cmpuint(zombies, ==, 0);
  g_assert_cmpuint(players->len, ==, 0);
}

static void
run_main_loop_for(double seconds)
{
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time() < end) {
    while (g_main_context_iteration(NULL, FALSE))
      ;
    g_usleep(5000);
  }
}

/* Seconds until speaking ended, or -1 after @timeout. */
static double
wait_until_quiet(AnyiSpeech *speech, double timeout)
{
  gint64 start = g_get_monotonic_time();
  gint64 end = start + (gint64)(timeout * G_USEC_PER_SEC);

  while (anyi_speech_get_speaking(speech) && g_get_monotonic_time() < end)
    run_main_loop_for(0.01);
  if (anyi_speech_get_speaking(speech))
    return -1;
  return (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
}

static gint64
frames_of(AnyiSpeech *speech, const char *text, guint *rate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pcm = anyi_speech_synthesize(speech, text, rate, &error);

  g_assert_no_error(error);
  return (gint64)(g_bytes_get_size(pcm) / sizeof(short));
}

/* What ALSA wrote: its length in frames and its loudness. */
static gint64
read_played(guint rate, double *rms)
{
  SF_INFO info = {0};
  SNDFILE *file = sf_open(played_path, SFM_READ, &info);
  g_autofree short *samples = NULL;
  double sum = 0;

  g_assert_nonnull(file);
  g_assert_cmpint(info.channels, ==, 1);
  g_assert_cmpint(info.samplerate, ==, rate);
  samples = g_new(short, info.frames + 1);
  g_assert_cmpint(sf_readf_short(file, samples, info.frames), ==, info.frames);
  sf_close(file);
  for (sf_count_t i = 0; i < info.frames; i++)
    sum += (double)samples[i] * samples[i];
  *rms = info.frames ? sqrt(sum / (double)info.frames) : 0;
  return info.frames;
}

/* The same text can differ by a few samples from one run to the next. */
static void
assert_played(gint64 expected, guint rate)
{
  double rms;
  gint64 played = read_played(rate, &rms);

  g_test_message("ALSA received %.2f s, RMS %.0f; synthesis gave %.2f s", (double)played / rate,
                 rms, (double)expected / rate);
  g_assert_cmpint(ABS(played - expected), <=, expected / 50 + rate / 10);
  g_assert_cmpfloat(rms, >, MIN_RMS);
}

static gboolean
in_own_process(void)
{
  if (g_test_subprocess())
    return TRUE;
  g_test_trap_subprocess(NULL, 0,
                         G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();
  return FALSE;
}

static void
test_alsa_gets_what_is_said(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSpeech) speech = NULL;
  guint rate;
  gint64 frames;
  double took;

  if (!in_own_process())
    return;
  speech = anyi_speech_new(&error);
  g_assert_no_error(error);
  anyi_speech_set_language(speech, "zh_CN");
  frames = frames_of(speech, long_prompt, &rate);
  anyi_speech_say(speech, long_prompt);
  run_main_loop_for(0.5);
  g_assert_true(anyi_speech_get_speaking(speech));
  assert_no_sound_fds();
  took = wait_until_quiet(speech, 15);
  g_assert_cmpfloat(took, >=, 0);
  took += 0.5;
  g_test_message("speaking took %.2f s", took);
  /* The null device takes samples as fast as they come: the kiosk keeps
   * the utterance's time itself. */
  g_assert_cmpfloat(took, >, 0.9 * (double)frames / rate);
  g_assert_true(anyi_speech_get_output_ok(speech));
  assert_no_sound_fds();
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 0);
  g_clear_object(&speech); /* the player closes the device, which completes the file */

  assert_no_children();
  assert_played(frames, rate);
}

static void
test_killed_player_is_replaced(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSpeech) speech = NULL;
  guint rate;
  gint64 long_frames, short_frames;
  GPid first, second;
  double took;

  if (!in_own_process())
    return;
  speech = anyi_speech_new(&error);
  g_assert_no_error(error);
  anyi_speech_set_language(speech, "zh_CN");
  long_frames = frames_of(speech, long_prompt, &rate);
  short_frames = frames_of(speech, short_prompt, &rate);
  first = the_player();

  anyi_speech_say(speech, long_prompt);
  run_main_loop_for(1.0);
  g_assert_true(anyi_speech_get_speaking(speech));
  g_assert_cmpint(kill(first, SIGKILL), ==, 0);
  /* The kiosk carries on, silent, keeping the prompt's time. */
  took = wait_until_quiet(speech, 15);
  g_assert_cmpfloat(took, >=, 0);
  took += 1.0;
  g_test_message("speaking took %.2f s; %s", took, last_output_warning);
  g_assert_cmpfloat(took, >, 0.9 * (double)long_frames / rate);
  g_assert_false(anyi_speech_get_output_ok(speech));
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 1);
  g_assert_nonnull(strstr(last_output_warning, "killed by signal 9"));
  assert_no_children(); /* reaped, and no new one until the next prompt */

  anyi_speech_say(speech, short_prompt);
  g_assert_cmpfloat(wait_until_quiet(speech, 10), >=, 0);
  g_assert_true(anyi_speech_get_output_ok(speech));
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 1);
  second = the_player();
  g_assert_cmpint(second, !=, first);
  g_clear_object(&speech);

  assert_no_children();
  /* The new player started the file again. */
  assert_played(short_frames, rate);
}

/* A speaker plugged in while the kiosk runs is used from the next prompt. */
static void
test_device_plugged_in_later(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSpeech) speech = NULL;
  guint rate;
  gint64 frames;

  if (!in_own_process())
    return;
  write_alsa_config(SPEAKER_NONE);
  speech = anyi_speech_new(&error);
  g_assert_no_error(error);
  g_assert_false(anyi_speech_get_output_ok(speech));
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 1);
  anyi_speech_set_language(speech, "zh_CN");
  anyi_speech_say(speech, short_prompt);
  g_assert_cmpfloat(wait_until_quiet(speech, 10), >=, 0);
  g_assert_false(anyi_speech_get_output_ok(speech));

  write_alsa_config(SPEAKER_WORKS);
  frames = frames_of(speech, long_prompt, &rate);
  anyi_speech_say(speech, long_prompt);
  g_assert_cmpfloat(wait_until_quiet(speech, 15), >=, 0);
  g_assert_true(anyi_speech_get_output_ok(speech));
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 1);
  g_clear_object(&speech);

  assert_no_children();
  assert_played(frames, rate);
}

/* A device that fails while playing: one warning, the prompt keeps its
 * time, and the device is tried again at the next prompt. */
static void
test_device_fails_while_playing(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSpeech) speech = NULL;
  guint rate;
  gint64 frames;
  double took;

  if (!in_own_process())
    return;
  write_alsa_config(SPEAKER_FAILS);
  speech = anyi_speech_new(&error);
  g_assert_no_error(error);
  g_assert_true(anyi_speech_get_output_ok(speech));
  anyi_speech_set_language(speech, "zh_CN");
  frames = frames_of(speech, long_prompt, &rate);
  anyi_speech_say(speech, long_prompt);
  took = wait_until_quiet(speech, 15);
  g_test_message("speaking took %.2f s; %s", took, last_output_warning);
  g_assert_cmpfloat(took, >, 0.9 * (double)frames / rate);
  g_assert_false(anyi_speech_get_output_ok(speech));
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 1);
  g_assert_nonnull(strstr(last_output_warning, "failed while playing"));
  g_assert_nonnull(strstr(last_output_warning, "(ALSA error -"));
  the_player(); /* the player told of the failure: it is not replaced */

  anyi_speech_say(speech, short_prompt);
  g_assert_cmpfloat(wait_until_quiet(speech, 10), >=, 0);
  g_assert_false(anyi_speech_get_output_ok(speech));
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 1);
  write_alsa_config(SPEAKER_WORKS);
}

/* A player that never answers (a driver hung in its first call) is killed
 * after a few seconds, and holds up neither a prompt nor the kiosk's exit. */
static void
test_hung_player(void)
{
  g_autofree char *hung = g_build_filename(dir, "hung-player", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSpeech) speech = NULL;
  gint64 start;
  double took;

  if (!in_own_process())
    return;
  g_file_set_contents(hung, "#!/bin/sh\nexec sleep 600\n", -1, &error);
  g_assert_no_error(error);
  g_assert_cmpint(g_chmod(hung, 0755), ==, 0);
  g_setenv("ANYI_SOUND_PLAYER", hung, TRUE);

  start = g_get_monotonic_time();
  speech = anyi_speech_new(&error);
  g_assert_no_error(error);
  took = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
  g_test_message("start-up took %.2f s; %s", took, last_output_warning);
  g_assert_cmpfloat(took, <, 10);
  g_assert_false(anyi_speech_get_output_ok(speech));
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 1);
  g_assert_nonnull(strstr(last_output_warning, "stopped answering and was killed by signal 9"));
  assert_no_children();

  anyi_speech_say(speech, short_prompt);
  run_main_loop_for(0.5);
  g_assert_true(anyi_speech_get_speaking(speech));
  start = g_get_monotonic_time();
  g_clear_object(&speech);
  took = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
  g_test_message("the speech object ended in %.2f s", took);
  g_assert_cmpfloat(took, <, 1.0);
  assert_no_children();
  g_unlink(hung);
}

/* The player checks what it reads before using it, and says why it quits. */
static void
test_player_refuses_bad_records(void)
{
  const gint32 records[][2] = {
      {ANYI_SOUND_MAX_SAMPLES + 1, 0}, {G_MININT32, 0}, {0, 0}, {ANYI_SOUND_OPEN, 1000},
      {ANYI_SOUND_OPEN, G_MAXINT32},
  };

  for (guint i = 0; i < G_N_ELEMENTS(records); i++) {
    g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autoptr(GSubprocess) player = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *complaint = NULL;
    int fds[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
    g_subprocess_launcher_take_fd(launcher, fds[1], ANYI_SOUND_PLAYER_FD);
    player = g_subprocess_launcher_spawn(launcher, &error, ANYI_SOUND_PLAYER_DEFAULT, NULL);
    g_assert_no_error(error);
    g_assert_cmpint(send(fds[0], records[i], sizeof records[i], MSG_NOSIGNAL), ==,
                    sizeof records[i]);
    g_subprocess_communicate_utf8(player, NULL, NULL, NULL, &complaint, &error);
    g_assert_no_error(error);
    g_strchomp(complaint);
    close(fds[0]);
    g_test_message("%d %d: %s", records[i][0], records[i][1], complaint);
    g_assert_true(g_subprocess_get_if_exited(player));
    g_assert_cmpint(g_subprocess_get_exit_status(player), ==, 1);
    g_assert_true(g_str_has_prefix(complaint, "anyi-sound-player: "));
  }
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_log_set_writer_func(count_output_warnings, NULL, NULL);
  g_test_init(&argc, &argv, NULL);
  g_unsetenv("ANYI_SPEECH_OUTPUT");
  g_unsetenv("ANYI_SPEECH_WAV_DIR");
  g_unsetenv("ANYI_SOUND_PLAYER");
  /* A test's own process uses its parent's configuration. */
  if (g_test_subprocess())
    dir = g_path_get_dirname(g_getenv("ALSA_CONFIG_PATH"));
  else
    dir = g_dir_make_tmp("anyi-speech-alsa-XXXXXX", &error);
  g_assert_no_error(error);
  played_path = g_build_filename(dir, "played.wav", NULL);
  if (!g_test_subprocess())
    write_alsa_config(SPEAKER_WORKS);
  g_test_add_func("/speech/alsa/plays", test_alsa_gets_what_is_said);
  g_test_add_func("/speech/alsa/killed-player", test_killed_player_is_replaced);
  g_test_add_func("/speech/alsa/plugged-in-later", test_device_plugged_in_later);
  g_test_add_func("/speech/alsa/fails-while-playing", test_device_fails_while_playing);
  g_test_add_func("/speech/alsa/hung-player", test_hung_player);
  g_test_add_func("/speech/alsa/player-refuses-bad-records", test_player_refuses_bad_records);
  status = g_test_run();

  if (!g_test_subprocess())
    remove_dir();
  g_free(played_path);
  g_free(dir);
  g_free(last_output_warning);
  return status;
}
