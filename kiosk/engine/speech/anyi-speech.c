/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-speech.c: spoken prompts.
 *
 * One worker thread owns eSpeak NG (which keeps global state and is not
 * thread-safe) and the sound player, a process of our own that makes every
 * ALSA call (anyi-sound-player.c says why). The main thread only hands the
 * worker the latest utterance and bumps a generation counter; the worker
 * abandons any work of an older generation between two synthesis buffers or
 * two playback chunks, so a new prompt or a stop takes effect within a chunk
 * plus what the player has queued. */
#include "anyi-speech.h"
#include "anyi-speech-private.h"
#include "anyi-sound-protocol.h"
#include "anyi-config.h"
#include "anyi-paths.h"

#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <sndfile.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK_MS        20
#define SYNTH_BUFFER_MS 40
/* Samples go to the player this far ahead of their time: its device holds
 * 60 ms, the rest covers a worker that is late on a busy machine. */
#define PLAYER_LEAD_US 100000
/* A stop waits for what the player has not read yet; the lead keeps that
 * short, this bounds it should the device run slower than our clock. */
#define PLAYER_SOCKET_BUFFER 4096
/* Far longer than any answer takes; a player this late is hung. */
#define PLAYER_TIMEOUT_US (3 * G_USEC_PER_SEC)
#define PLAYER_EXIT_US    (G_USEC_PER_SEC / 2)
/* A little slower than eSpeak's 175 words a minute: many citizens are old. */
#define SPEECH_RATE_WPM 150
#define MANDARIN_VOICE  "cmn-latn-pinyin"
#define ENGLISH_VOICE   "en"

typedef struct {
  char *text; /* as the page shows it */
  AnyiSpeechVoice voice;
  int generation;
} Utterance;

/* A caller of anyi_speech_synthesize() waiting for the worker. */
typedef struct {
  const char *text;
  AnyiSpeechVoice voice;
  GArray *samples;
  GError *error;
  gboolean done;
} SynthJob;

typedef enum { NOTICE_FINISHED, NOTICE_OUTPUT } NoticeKind;

typedef struct {
  GWeakRef self;
  NoticeKind kind;
  int generation;
} Notice;

struct _AnyiSpeech {
  GObject parent_instance;

  GMainContext *context;
  GThread *worker;

  GMutex lock;
  GCond cond;
  Utterance *pending; /* lock */
  GQueue synth_jobs;  /* lock */
  gboolean started;   /* lock: the worker has loaded eSpeak, or failed */
  GError *init_error; /* lock */
  int generation;     /* atomic: bumped by say and stop */
  int quitting;       /* atomic */
  int output_ok;      /* atomic */

  /* Worker thread only (sample_rate is fixed before the worker starts). */
  int sample_rate;
  gboolean output_disabled;
  int player_fd; /* -1: no player */
  GPid player_pid;
  GArray *unreaped; /* players that outlived SIGKILL, in a driver call */
  gboolean output_warned;
  char *wav_dir;
  guint wav_serial;

  /* Owner thread only. */
  AnyiSpeechVoice voice;
  char *language;
  char *last_text;
  gboolean enabled;
  gboolean speaking;
};

enum { PROP_0, PROP_LANGUAGE, PROP_ENABLED, PROP_SPEAKING, PROP_OUTPUT_OK, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE(AnyiSpeech, anyi_speech, G_TYPE_OBJECT)
/* clang-format off */
G_DEFINE_QUARK(anyi-speech-error-quark, anyi_speech_error)
/* clang-format on */

/* eSpeak NG has one global state, so one AnyiSpeech per process. */
static int instance_exists;

/* eSpeak's callback has no user data of its own; only the worker thread
 * synthesises, so the target of the synthesis in progress lives here. */
typedef struct {
  AnyiSpeech *self;
  GArray *samples;
  int generation; /* -1: a SynthJob, never abandoned */
  gboolean abandoned;
} SynthTarget;
static SynthTarget *synth_target;

static gboolean
is_stale(AnyiSpeech *self, int generation)
{
  return g_atomic_int_get(&self->quitting) ||
         (generation >= 0 && generation != g_atomic_int_get(&self->generation));
}

static int
on_synth_buffer(short *wav, int n_samples, espeak_EVENT *events)
{
  SynthTarget *target = synth_target;

  if (is_stale(target->self, target->generation)) {
    target->abandoned = TRUE;
    return 1;
  }
  if (wav && n_samples > 0)
    g_array_append_vals(target->samples, wav, n_samples);
  return 0;
}

static const char *
voice_name(AnyiSpeechVoice voice)
{
  return voice == ANYI_SPEECH_VOICE_MANDARIN ? MANDARIN_VOICE : ENGLISH_VOICE;
}

static gboolean
select_voice(AnyiSpeechVoice voice, GError **error)
{
  if (espeak_SetVoiceByName(voice_name(voice)) != EE_OK) {
    g_set_error(error, ANYI_SPEECH_ERROR, ANYI_SPEECH_ERROR_VOICE,
                "eSpeak NG voice \"%s\" is not installed", voice_name(voice));
    return FALSE;
  }
  espeak_SetParameter(espeakRATE, SPEECH_RATE_WPM, 0);
  return TRUE;
}

/* Worker: returns NULL without @error when a newer generation took over. */
static GArray *
synthesize_on_worker(AnyiSpeech *self, const char *text, AnyiSpeechVoice voice, int generation,
                     GError **error)
{
  g_autofree char *spoken = anyi_speech_text_for_voice(text, voice);
  g_autoptr(GArray) samples = g_array_new(FALSE, FALSE, sizeof(short));
  SynthTarget target = {self, samples, generation, FALSE};
  espeak_ERROR err;

  if (!select_voice(voice, error))
    return NULL;
  synth_target = &target;
  err = espeak_Synth(spoken, strlen(spoken) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
  synth_target = NULL;
  if (target.abandoned)
    return NULL;
  if (err != EE_OK) {
    g_set_error(error, ANYI_SPEECH_ERROR, ANYI_SPEECH_ERROR_SYNTH,
                "eSpeak NG failed to synthesise (error %d)", err);
    return NULL;
  }
  return g_steal_pointer(&samples);
}

static void post_notice(AnyiSpeech *self, NoticeKind kind, int generation);

static void
set_output_ok(AnyiSpeech *self, gboolean ok)
{
  if (g_atomic_int_exchange(&self->output_ok, ok) != ok)
    post_notice(self, NOTICE_OUTPUT, 0);
}

/* Worker: one warning until output works again (a prompt played through),
 * whatever went wrong. */
static void
report_output_failure(AnyiSpeech *self, const char *reason)
{
  if (!self->output_warned)
    g_warning("speech: sound output \"default\" %s; prompts are shown as text only until it "
              "works again",
              reason);
  self->output_warned = TRUE;
  set_output_ok(self, FALSE);
}

/* The build tree's player, or the one ANYI_SOUND_PLAYER names. */
static const char *
sound_player_path(void)
{
  return anyi_paths_sound_player();
}

static gboolean
spawn_player(AnyiSpeech *self, GError **error)
{
  const char *argv[] = {sound_player_path(), NULL};
  g_auto(GStrv) envp = g_get_environ();
  const int target_fds[] = {ANYI_SOUND_PLAYER_FD};
  int buffer = PLAYER_SOCKET_BUFFER;
  int fds[2];
  gboolean spawned;

  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    int saved = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
                "no socket for the sound player: %s", g_strerror(saved));
    return FALSE;
  }
  /* A test harness's preload library must not wrap the player's probing of
   * sound devices: umockdev's aborts the process after 50 failed opens of
   * /dev paths, and ALSA tries 64 while it looks for cards. The player needs
   * no emulated device. */
  envp = g_environ_unsetenv(envp, "LD_PRELOAD");
  spawned = g_spawn_async_with_pipes_and_fds(
      NULL, argv, (const char *const *)envp,
      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, -1, -1, -1, &fds[1],
      target_fds, 1, &self->player_pid, NULL, NULL, NULL, error);
  close(fds[1]);
  if (!spawned) {
    close(fds[0]);
    return FALSE;
  }
  setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  g_unix_set_fd_nonblocking(fds[0], TRUE, NULL);
  self->player_fd = fds[0];
  return TRUE;
}

static void
reap_leftovers(AnyiSpeech *self)
{
  for (guint i = self->unreaped->len; i-- > 0;)
    if (waitpid(g_array_index(self->unreaped, GPid, i), NULL, WNOHANG) != 0)
      g_array_remove_index_fast(self->unreaped, i);
}

/* Worker: closes the player's socket (it then ends by itself) and reaps it,
 * killing it if it does not end in time. @how, if given, says how it ended. */
static void
stop_player(AnyiSpeech *self, gboolean kill_now, char **how)
{
  gint64 deadline = g_get_monotonic_time() + PLAYER_EXIT_US;
  gboolean killed = kill_now;
  int status = 0;
  pid_t reaped;

  if (self->player_fd < 0)
    return;
  close(self->player_fd);
  self->player_fd = -1;
  if (kill_now)
    kill(self->player_pid, SIGKILL);
  while ((reaped = waitpid(self->player_pid, &status, WNOHANG)) == 0 ||
         (reaped < 0 && errno == EINTR)) {
    if (g_get_monotonic_time() >= deadline) {
      if (killed)
        break;
      kill(self->player_pid, SIGKILL);
      killed = TRUE;
      deadline = g_get_monotonic_time() + PLAYER_EXIT_US;
    }
    g_usleep(2000);
  }
  if (reaped == 0)
    g_array_append_val(self->unreaped, self->player_pid);
  if (how && reaped == 0)
    *how = g_strdup("does not end even when killed");
  else if (how && reaped > 0 && WIFSIGNALED(status))
    *how = g_strdup_printf("was killed by signal %d (%s)", WTERMSIG(status),
                           g_strsignal(WTERMSIG(status)));
  else if (how && reaped > 0 && WIFEXITED(status))
    *how = g_strdup_printf("exited with status %d", WEXITSTATUS(status));
  else if (how)
    *how = g_strdup("ended");
  self->player_pid = 0;
}

/* Worker: the player died, hung or talked nonsense; the next utterance
 * starts a new one. @why: what the kiosk saw, NULL if it just ended. */
static void
lose_player(AnyiSpeech *self, const char *why, gboolean kill_now)
{
  g_autofree char *how = NULL;
  g_autofree char *reason = NULL;

  stop_player(self, kill_now, &how);
  reason = g_strdup_printf("is unavailable: the sound player %s%s%s", why ? why : "",
                           why ? " and " : "", how);
  report_output_failure(self, reason);
}

/* Worker: waits until the player's socket is ready for @events; FALSE when
 * the player is gone meanwhile. */
static gboolean
wait_for_player(AnyiSpeech *self, short events, gint64 deadline)
{
  for (;;) {
    struct pollfd fd = {self->player_fd, events, 0};
    gint64 left = deadline - g_get_monotonic_time();
    int ready;

    /* A hung player must not hold up the kiosk's exit. */
    if (g_atomic_int_get(&self->quitting)) {
      stop_player(self, TRUE, NULL);
      return FALSE;
    }
    if (left <= 0) {
      lose_player(self, "stopped answering", TRUE);
      return FALSE;
    }
    ready = poll(&fd, 1, (int)MIN(left / 1000 + 1, CHUNK_MS));
    if (ready > 0 || (ready < 0 && errno != EINTR))
      return TRUE; /* the next read or send says what happened */
  }
}

static gboolean
send_to_player(AnyiSpeech *self, const void *data, gsize size)
{
  const char *next = data;
  gint64 deadline = g_get_monotonic_time() + PLAYER_TIMEOUT_US;

  while (size > 0) {
    /* A player that died must not take the kiosk with it by SIGPIPE. */
    gssize sent = send(self->player_fd, next, size, MSG_NOSIGNAL);
    if (sent > 0) {
      next += sent;
      size -= (gsize)sent;
      deadline = g_get_monotonic_time() + PLAYER_TIMEOUT_US;
    } else if (sent < 0 && errno == EAGAIN) {
      if (!wait_for_player(self, POLLOUT, deadline))
        return FALSE;
    } else if (sent < 0 && errno != EINTR) {
      lose_player(self, NULL, FALSE);
      return FALSE;
    }
  }
  return TRUE;
}

/* Worker: the player's one-line answer to a command, without its newline;
 * NULL when the player was lost meanwhile. */
static char *
read_answer(AnyiSpeech *self)
{
  char line[ANYI_SOUND_MAX_LINE];
  gsize length = 0;
  gint64 deadline = g_get_monotonic_time() + PLAYER_TIMEOUT_US;

  while (length == 0 || line[length - 1] != '\n') {
    gssize got;

    if (length == sizeof line) {
      lose_player(self, "sent a line too long", TRUE);
      return NULL;
    }
    got = read(self->player_fd, line + length, sizeof line - length);
    if (got > 0)
      length += (gsize)got;
    else if (got < 0 && errno == EAGAIN) {
      if (!wait_for_player(self, POLLIN, deadline))
        return NULL;
    } else if (got == 0 || errno != EINTR) {
      lose_player(self, NULL, FALSE);
      return NULL;
    }
  }
  /* One answer per command, so nothing may follow it. */
  if (memchr(line, '\n', length) != line + length - 1 || !g_utf8_validate(line, length, NULL)) {
    lose_player(self, "sent something the kiosk does not understand", TRUE);
    return NULL;
  }
  return g_strndup(line, length - 1);
}

/* Worker: "ERR <alsa-code> <what>: <message>" from the player. */
static void
report_player_error(AnyiSpeech *self, const char *answer)
{
  const char *code_start = answer + strlen("ERR ");
  char *end = NULL;
  gint64 code = 0;
  g_autofree char *reason = NULL;

  if (g_str_has_prefix(answer, "ERR "))
    code = g_ascii_strtoll(code_start, &end, 10);
  if (!end || end == code_start || *end != ' ' || code >= 0 || code < G_MININT) {
    lose_player(self, "sent something the kiosk does not understand", TRUE);
    return;
  }
  reason = g_strdup_printf("%s (ALSA error %d)", end + 1, (int)code);
  report_output_failure(self, reason);
}

/* Worker: sends @command and reads its answer; TRUE when it is @expected. */
static gboolean
ask_player(AnyiSpeech *self, const gint32 *command, gsize size, const char *expected)
{
  g_autofree char *answer = NULL;

  if (!send_to_player(self, command, size) || !(answer = read_answer(self)))
    return FALSE;
  if (g_str_equal(answer, expected))
    return TRUE;
  report_player_error(self, answer);
  return FALSE;
}

/* Worker: the player is started and the device opened at each utterance
 * when needed, so a speaker plugged in or repaired later, or a player that
 * died, is used again without a restart. */
static gboolean
ensure_output(AnyiSpeech *self)
{
  const gint32 open_command[] = {ANYI_SOUND_OPEN, self->sample_rate};
  g_autoptr(GError) error = NULL;

  if (self->output_disabled)
    return FALSE;
  reap_leftovers(self);
  if (self->player_fd < 0 && !spawn_player(self, &error)) {
    g_autofree char *reason = g_strdup_printf("is unavailable: %s", error->message);
    report_output_failure(self, reason);
    return FALSE;
  }
  if (!ask_player(self, open_command, sizeof open_command, "OK")) {
    /* ALSA looks for cards when it loads its configuration, once in a
     * process: the next utterance's player sees a card plugged in since. */
    stop_player(self, FALSE, NULL);
    return FALSE;
  }
  /* Once it failed, a device that opens has yet to play a prompt through. */
  if (!self->output_warned)
    set_output_ok(self, TRUE);
  return TRUE;
}

static gboolean
send_samples(AnyiSpeech *self, const short *data, guint n)
{
  /* One send, so a record is one buffer in the socket, not two. */
  char record[sizeof(gint32) + ANYI_SOUND_MAX_SAMPLES * sizeof(short)];
  gint32 header = (gint32)n;

  g_return_val_if_fail(n > 0 && n <= ANYI_SOUND_MAX_SAMPLES, FALSE);
  memcpy(record, &header, sizeof header);
  memcpy(record + sizeof header, data, n * sizeof(short));
  return send_to_player(self, record, sizeof header + n * sizeof(short));
}

/* ANYI_SPEECH_WAV_DIR: what is actually played, written as .part and
 * renamed when the utterance ends, so a finished file is a complete one. */
typedef struct {
  SNDFILE *file;
  char *part_path;
} WavCopy;

static void
wav_copy_open(AnyiSpeech *self, WavCopy *copy)
{
  SF_INFO info = {
      .samplerate = self->sample_rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;

  if (!self->wav_dir)
    return;
  /* Sorted by name is the order spoken, across restarts too. */
  now = g_date_time_new_now_local();
  stamp = g_date_time_format(now, "%Y%m%d-%H%M%S");
  name = g_strdup_printf("utterance-%s-%04u.wav.part", stamp, ++self->wav_serial);
  copy->part_path = g_build_filename(self->wav_dir, name, NULL);
  copy->file = sf_open(copy->part_path, SFM_WRITE, &info);
  if (!copy->file)
    g_warning("speech: cannot write %s: %s", copy->part_path, sf_strerror(NULL));
}

static void
wav_copy_close(WavCopy *copy)
{
  if (copy->file) {
    g_autofree char *path = g_strndup(copy->part_path, strlen(copy->part_path) - strlen(".part"));
    sf_close(copy->file);
    if (g_rename(copy->part_path, path) != 0)
      g_warning("speech: cannot rename %s: %s", copy->part_path, g_strerror(errno));
  }
  g_free(copy->part_path);
}

static void run_synth_jobs(AnyiSpeech *self);

static gint64
time_of(AnyiSpeech *self, guint samples)
{
  return (gint64)samples * G_USEC_PER_SEC / self->sample_rate;
}

/* Worker: sleeps until @due, a chunk at most at a time; TRUE when a newer
 * generation took over meanwhile. */
static gboolean
wait_until(AnyiSpeech *self, gint64 due, int generation)
{
  for (;;) {
    gint64 now;

    if (is_stale(self, generation))
      return TRUE;
    now = g_get_monotonic_time();
    if (now >= due)
      return FALSE;
    g_usleep((gulong)MIN(due - now, CHUNK_MS * 1000));
  }
}

/* Worker: plays in short chunks, checking between them for a newer
 * generation. The worker keeps the utterance's time by its own clock, with
 * a device or without: some devices (ALSA's file plugin over its null
 * device) take samples as fast as they come, and a player that fails
 * mid-way drops the rest at once. */
static void
play(AnyiSpeech *self, GArray *samples, int generation)
{
  guint chunk = MIN((guint)self->sample_rate * CHUNK_MS / 1000, ANYI_SOUND_MAX_SAMPLES);
  gboolean playing = ensure_output(self);
  gint64 start = g_get_monotonic_time();
  gboolean stopped = FALSE;
  WavCopy copy = {NULL, NULL};

  wav_copy_open(self, &copy);
  for (guint offset = 0; offset < samples->len; offset += chunk) {
    guint n = MIN(chunk, samples->len - offset);
    const short *data = &g_array_index(samples, short, offset);
    /* The player gets a chunk a little before its time; without one, the
     * chunk's time passes. */
    gint64 due = playing ? start + time_of(self, offset) - PLAYER_LEAD_US
                         : start + time_of(self, offset + n);

    run_synth_jobs(self);
    stopped = wait_until(self, due, generation);
    if (stopped)
      break;
    if (copy.file)
      sf_write_short(copy.file, data, n);
    if (playing)
      playing = send_samples(self, data, n);
  }
  /* When the kiosk quits, closing the socket stops the player. */
  if (playing && !g_atomic_int_get(&self->quitting)) {
    const gint32 finish = stopped ? ANYI_SOUND_DROP : ANYI_SOUND_DRAIN;
    if (ask_player(self, &finish, sizeof finish, "DONE")) {
      self->output_warned = FALSE;
      set_output_ok(self, TRUE);
    }
  }
  wav_copy_close(&copy);
}

static void
speak(AnyiSpeech *self, Utterance *utterance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples =
      synthesize_on_worker(self, utterance->text, utterance->voice, utterance->generation, &error);

  if (error)
    g_warning("speech: %s", error->message);
  if (samples)
    play(self, samples, utterance->generation);
  post_notice(self, NOTICE_FINISHED, utterance->generation);
}

static void
run_synth_jobs(AnyiSpeech *self)
{
  for (;;) {
    SynthJob *job;
    g_mutex_lock(&self->lock);
    job = g_queue_pop_head(&self->synth_jobs);
    g_mutex_unlock(&self->lock);
    if (!job)
      return;
    job->samples = synthesize_on_worker(self, job->text, job->voice, -1, &job->error);
    g_mutex_lock(&self->lock);
    job->done = TRUE;
    g_cond_broadcast(&self->cond);
    g_mutex_unlock(&self->lock);
  }
}

static void
utterance_free(Utterance *utterance)
{
  g_free(utterance->text);
  g_free(utterance);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Utterance, utterance_free)

/* SYNCHRONOUS is eSpeak's retrieval mode that returns when the text is
 * done: with RETRIEVAL, a build with its async queue would call us back from
 * a thread of its own, and this thread would no longer be the only one. */
static gboolean
start_espeak(AnyiSpeech *self, GError **error)
{
  self->sample_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, SYNTH_BUFFER_MS, NULL,
                                        espeakINITIALIZE_DONT_EXIT);
  if (self->sample_rate <= 0) {
    g_set_error(error, ANYI_SPEECH_ERROR, ANYI_SPEECH_ERROR_INIT,
                "eSpeak NG could not be initialised (is espeak-ng-data installed?)");
    return FALSE;
  }
  espeak_SetSynthCallback(on_synth_buffer);
  return select_voice(ANYI_SPEECH_VOICE_ENGLISH, error) &&
         select_voice(ANYI_SPEECH_VOICE_MANDARIN, error);
}

static Utterance *
wait_for_work(AnyiSpeech *self)
{
  Utterance *utterance;

  g_mutex_lock(&self->lock);
  while (!g_atomic_int_get(&self->quitting) && !self->pending &&
         g_queue_is_empty(&self->synth_jobs))
    g_cond_wait(&self->cond, &self->lock);
  utterance = g_steal_pointer(&self->pending);
  g_mutex_unlock(&self->lock);
  return utterance;
}

static gpointer
worker_main(gpointer data)
{
  AnyiSpeech *self = data;
  GError *error = NULL;
  gboolean ok = start_espeak(self, &error);

  /* Before anyi_speech_new() returns, so output-ok is already known. */
  if (ok)
    ensure_output(self);
  g_mutex_lock(&self->lock);
  self->started = TRUE;
  self->init_error = error;
  g_cond_broadcast(&self->cond);
  g_mutex_unlock(&self->lock);
  while (ok && !g_atomic_int_get(&self->quitting)) {
    g_autoptr(Utterance) utterance = wait_for_work(self);
    run_synth_jobs(self);
    if (utterance && !is_stale(self, utterance->generation))
      speak(self, utterance);
  }
  stop_player(self, FALSE, NULL);
  reap_leftovers(self);
  espeak_Terminate();
  return NULL;
}

static gboolean
deliver_notice(gpointer data)
{
  Notice *notice = data;
  g_autoptr(AnyiSpeech) self = g_weak_ref_get(&notice->self);

  if (!self)
    return G_SOURCE_REMOVE;
  if (notice->kind == NOTICE_OUTPUT)
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_OUTPUT_OK]);
  else if (notice->generation == g_atomic_int_get(&self->generation) && self->speaking) {
    self->speaking = FALSE;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SPEAKING]);
  }
  return G_SOURCE_REMOVE;
}

static void
notice_free(gpointer data)
{
  Notice *notice = data;
  g_weak_ref_clear(&notice->self);
  g_free(notice);
}

static void
post_notice(AnyiSpeech *self, NoticeKind kind, int generation)
{
  Notice *notice = g_new0(Notice, 1);
  g_autoptr(GSource) source = g_idle_source_new();

  g_weak_ref_init(&notice->self, self);
  notice->kind = kind;
  notice->generation = generation;
  g_source_set_callback(source, deliver_notice, notice, notice_free);
  g_source_attach(source, self->context);
}

static void
set_speaking(AnyiSpeech *self, gboolean speaking)
{
  if (self->speaking == speaking)
    return;
  self->speaking = speaking;
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SPEAKING]);
}

/* Replaces whatever the worker was given or is doing with @text (NULL:
 * nothing). */
static void
hand_to_worker(AnyiSpeech *self, const char *text)
{
  Utterance *utterance = NULL;
  int generation = g_atomic_int_add(&self->generation, 1) + 1;

  if (text) {
    utterance = g_new0(Utterance, 1);
    utterance->text = g_strdup(text);
    utterance->voice = self->voice;
    utterance->generation = generation;
  }
  g_mutex_lock(&self->lock);
  g_clear_pointer(&self->pending, utterance_free);
  self->pending = utterance;
  g_cond_broadcast(&self->cond);
  g_mutex_unlock(&self->lock);
}

void
anyi_speech_say(AnyiSpeech *self, const char *text)
{
  g_return_if_fail(ANYI_IS_SPEECH(self));
  g_return_if_fail(text != NULL);

  g_free(self->last_text);
  self->last_text = g_strdup(text);
  if (!self->enabled)
    return;
  hand_to_worker(self, text);
  set_speaking(self, TRUE);
}

void
anyi_speech_repeat(AnyiSpeech *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail(ANYI_IS_SPEECH(self));
  if (!self->last_text)
    return;
  text = g_strdup(self->last_text);
  anyi_speech_say(self, text);
}

void
anyi_speech_stop(AnyiSpeech *self)
{
  g_return_if_fail(ANYI_IS_SPEECH(self));
  hand_to_worker(self, NULL);
  set_speaking(self, FALSE);
}

gboolean
anyi_speech_set_language(AnyiSpeech *self, const char *language)
{
  g_return_val_if_fail(ANYI_IS_SPEECH(self), FALSE);
  g_return_val_if_fail(language != NULL, FALSE);

  if (g_str_has_prefix(language, "zh"))
    self->voice = ANYI_SPEECH_VOICE_MANDARIN;
  else if (g_str_has_prefix(language, "en"))
    self->voice = ANYI_SPEECH_VOICE_ENGLISH;
  else {
    g_warning("speech: no voice for language \"%s\"; keeping \"%s\"", language, self->language);
    return FALSE;
  }
  if (g_strcmp0(self->language, language) != 0) {
    g_free(self->language);
    self->language = g_strdup(language);
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_LANGUAGE]);
  }
  return TRUE;
}

const char *
anyi_speech_get_language(AnyiSpeech *self)
{
  g_return_val_if_fail(ANYI_IS_SPEECH(self), NULL);
  return self->language;
}

void
anyi_speech_set_enabled(AnyiSpeech *self, gboolean enabled)
{
  g_return_if_fail(ANYI_IS_SPEECH(self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  if (!enabled)
    anyi_speech_stop(self);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_ENABLED]);
}

gboolean
anyi_speech_get_enabled(AnyiSpeech *self)
{
  g_return_val_if_fail(ANYI_IS_SPEECH(self), FALSE);
  return self->enabled;
}

gboolean
anyi_speech_get_speaking(AnyiSpeech *self)
{
  g_return_val_if_fail(ANYI_IS_SPEECH(self), FALSE);
  return self->speaking;
}

gboolean
anyi_speech_get_output_ok(AnyiSpeech *self)
{
  g_return_val_if_fail(ANYI_IS_SPEECH(self), FALSE);
  return g_atomic_int_get(&self->output_ok);
}

GBytes *
anyi_speech_synthesize(AnyiSpeech *self, const char *text, guint *sample_rate, GError **error)
{
  SynthJob job = {text, self->voice, NULL, NULL, FALSE};
  gsize size;

  g_return_val_if_fail(ANYI_IS_SPEECH(self), NULL);
  g_return_val_if_fail(text != NULL, NULL);

  g_mutex_lock(&self->lock);
  g_queue_push_tail(&self->synth_jobs, &job);
  g_cond_broadcast(&self->cond);
  while (!job.done)
    g_cond_wait(&self->cond, &self->lock);
  g_mutex_unlock(&self->lock);
  if (!job.samples) {
    if (!job.error)
      g_set_error(&job.error, ANYI_SPEECH_ERROR, ANYI_SPEECH_ERROR_SYNTH,
                  "speech is shutting down");
    g_propagate_error(error, job.error);
    return NULL;
  }
  if (sample_rate)
    *sample_rate = (guint)self->sample_rate;
  size = job.samples->len * sizeof(short);
  return g_bytes_new_take(g_array_free(job.samples, FALSE), size);
}

static gboolean
wait_for_worker_start(AnyiSpeech *self, GError **error)
{
  g_mutex_lock(&self->lock);
  while (!self->started)
    g_cond_wait(&self->cond, &self->lock);
  g_mutex_unlock(&self->lock);
  if (self->init_error) {
    g_propagate_error(error, g_steal_pointer(&self->init_error));
    return FALSE;
  }
  return TRUE;
}

AnyiSpeech *
anyi_speech_new(GError **error)
{
  g_autoptr(AnyiSpeech) self = NULL;

  if (!g_atomic_int_compare_and_exchange(&instance_exists, FALSE, TRUE)) {
    g_set_error(error, ANYI_SPEECH_ERROR, ANYI_SPEECH_ERROR_INIT,
                "only one speech object can exist in a process (eSpeak NG is global)");
    return NULL;
  }
  self = g_object_new(ANYI_TYPE_SPEECH, NULL);
  self->worker = g_thread_new("anyi-speech", worker_main, self);
  if (!wait_for_worker_start(self, error))
    return NULL;
  return g_steal_pointer(&self);
}

static void
anyi_speech_dispose(GObject *object)
{
  AnyiSpeech *self = ANYI_SPEECH(object);

  if (self->worker) {
    g_mutex_lock(&self->lock);
    g_atomic_int_set(&self->quitting, TRUE);
    g_cond_broadcast(&self->cond);
    g_mutex_unlock(&self->lock);
    g_clear_pointer(&self->worker, g_thread_join);
    g_atomic_int_set(&instance_exists, FALSE);
  }
  G_OBJECT_CLASS(anyi_speech_parent_class)->dispose(object);
}

static void
anyi_speech_finalize(GObject *object)
{
  AnyiSpeech *self = ANYI_SPEECH(object);

  g_clear_pointer(&self->pending, utterance_free);
  g_clear_error(&self->init_error);
  g_mutex_clear(&self->lock);
  g_cond_clear(&self->cond);
  g_main_context_unref(self->context);
  g_array_unref(self->unreaped);
  g_free(self->wav_dir);
  g_free(self->language);
  g_free(self->last_text);
  G_OBJECT_CLASS(anyi_speech_parent_class)->finalize(object);
}

static void
anyi_speech_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  AnyiSpeech *self = ANYI_SPEECH(object);

  switch (prop_id) {
  case PROP_LANGUAGE:
    g_value_set_string(value, self->language);
    break;
  case PROP_ENABLED:
    g_value_set_boolean(value, self->enabled);
    break;
  case PROP_SPEAKING:
    g_value_set_boolean(value, self->speaking);
    break;
  case PROP_OUTPUT_OK:
    g_value_set_boolean(value, anyi_speech_get_output_ok(self));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void
anyi_speech_set_property(GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  AnyiSpeech *self = ANYI_SPEECH(object);

  switch (prop_id) {
  case PROP_LANGUAGE:
    anyi_speech_set_language(self, g_value_get_string(value));
    break;
  case PROP_ENABLED:
    anyi_speech_set_enabled(self, g_value_get_boolean(value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void
anyi_speech_class_init(AnyiSpeechClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = anyi_speech_dispose;
  object_class->finalize = anyi_speech_finalize;
  object_class->get_property = anyi_speech_get_property;
  object_class->set_property = anyi_speech_set_property;

  properties[PROP_LANGUAGE] = g_param_spec_string("language", NULL, NULL, "zh_CN", rw);
  properties[PROP_ENABLED] = g_param_spec_boolean("enabled", NULL, NULL, TRUE, rw);
  properties[PROP_SPEAKING] = g_param_spec_boolean("speaking", NULL, NULL, FALSE, ro);
  properties[PROP_OUTPUT_OK] = g_param_spec_boolean("output-ok", NULL, NULL, TRUE, ro);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void
anyi_speech_init(AnyiSpeech *self)
{
  const char *output = g_getenv("ANYI_SPEECH_OUTPUT");
  const char *wav_dir = g_getenv("ANYI_SPEECH_WAV_DIR");

  g_mutex_init(&self->lock);
  g_cond_init(&self->cond);
  g_queue_init(&self->synth_jobs);
  self->context = g_main_context_ref_thread_default();
  self->voice = ANYI_SPEECH_VOICE_MANDARIN;
  self->language = g_strdup("zh_CN");
  self->enabled = TRUE;
  self->output_ok = TRUE;
  self->output_disabled = g_strcmp0(output, "none") == 0;
  self->player_fd = -1;
  self->unreaped = g_array_new(FALSE, FALSE, sizeof(GPid));
  self->wav_dir = wav_dir && *wav_dir ? g_strdup(wav_dir) : NULL;
}
