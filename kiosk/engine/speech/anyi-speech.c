/* anyi-speech.c: spoken prompts.
 *
 * One worker thread owns eSpeak NG (which keeps global state and is not
 * thread-safe) and the ALSA device. The main thread only hands it the latest
 * utterance and bumps a generation counter; the worker abandons any work of an
 * older generation between two synthesis buffers or two playback chunks, so a
 * new prompt or a stop takes effect within a chunk plus the device latency. */
#include "anyi-speech.h"
#include "anyi-speech-private.h"

#include <alsa/asoundlib.h>
#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <glib/gstdio.h>
#include <sndfile.h>
#include <string.h>

#define CHUNK_MS        20
#define ALSA_LATENCY_US 60000
#define SYNTH_BUFFER_MS 40
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
  snd_pcm_t *pcm;
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
G_DEFINE_QUARK(anyi - speech - error - quark, anyi_speech_error)

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

static void
report_output_failure(AnyiSpeech *self, const char *what, int err)
{
  if (!self->output_warned)
    g_warning("speech: sound output \"default\" %s: %s (ALSA error %d); prompts are shown "
              "as text only until it works again",
              what, snd_strerror(err), err);
  self->output_warned = TRUE;
  set_output_ok(self, FALSE);
}

/* Worker: the device is opened when needed, so a speaker that is plugged
 * in or repaired later is used without a restart. */
static gboolean
ensure_output(AnyiSpeech *self)
{
  int err;

  if (self->output_disabled || self->pcm)
    return self->pcm != NULL;
  /* Opened non-blocking so a device held by another program fails at once
   * instead of hanging the worker; writes then block as playback needs. */
  err = snd_pcm_open(&self->pcm, "default", SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
  if (err >= 0)
    err = snd_pcm_nonblock(self->pcm, 0);
  if (err < 0) {
    g_clear_pointer(&self->pcm, snd_pcm_close);
    report_output_failure(self, "cannot be opened", err);
    return FALSE;
  }
  err = snd_pcm_set_params(self->pcm, SND_PCM_FORMAT_S16, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                           (unsigned)self->sample_rate, 1, ALSA_LATENCY_US);
  if (err < 0) {
    g_clear_pointer(&self->pcm, snd_pcm_close);
    report_output_failure(self, "refuses 16-bit mono", err);
    return FALSE;
  }
  self->output_warned = FALSE;
  set_output_ok(self, TRUE);
  return TRUE;
}

static void
write_to_output(AnyiSpeech *self, const short *chunk, snd_pcm_uframes_t frames)
{
  while (frames > 0 && self->pcm) {
    snd_pcm_sframes_t written = snd_pcm_writei(self->pcm, chunk, frames);
    if (written < 0)
      written = snd_pcm_recover(self->pcm, (int)written, 1);
    if (written < 0) {
      g_clear_pointer(&self->pcm, snd_pcm_close);
      report_output_failure(self, "failed while playing", (int)written);
      return;
    }
    chunk += written;
    frames -= (snd_pcm_uframes_t)written;
  }
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

/* Worker: plays in short chunks, checking between them for a newer
 * generation; without a device it keeps the utterance's time anyway. */
static void
play(AnyiSpeech *self, GArray *samples, int generation)
{
  guint chunk = (guint)self->sample_rate * CHUNK_MS / 1000;
  gint64 start = g_get_monotonic_time();
  gboolean stopped = FALSE;
  WavCopy copy = {NULL, NULL};

  wav_copy_open(self, &copy);
  ensure_output(self);
  for (guint offset = 0; offset < samples->len && !stopped; offset += chunk) {
    guint n = MIN(chunk, samples->len - offset);
    const short *data = &g_array_index(samples, short, offset);

    run_synth_jobs(self);
    stopped = is_stale(self, generation);
    if (stopped)
      break;
    if (copy.file)
      sf_write_short(copy.file, data, n);
    if (self->pcm)
      write_to_output(self, data, n);
    else
      g_usleep((gulong)MAX(0, start + (gint64)(offset + n) * G_USEC_PER_SEC / self->sample_rate -
                                  g_get_monotonic_time()));
  }
  if (self->pcm) {
    if (stopped)
      snd_pcm_drop(self->pcm);
    else
      snd_pcm_drain(self->pcm);
    snd_pcm_prepare(self->pcm);
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

static void
on_alsa_error(const char *file, int line, const char *function, int err, const char *fmt, ...)
{
  /* ALSA prints to stderr by default; our one warning carries the error. */
  va_list args;
  g_autofree char *message = NULL;

  va_start(args, fmt);
  message = g_strdup_vprintf(fmt, args);
  va_end(args);
  g_debug("speech: ALSA %s: %s", function, message);
}

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
  g_clear_pointer(&self->pcm, snd_pcm_close);
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
  static gsize alsa_handler_set;

  object_class->dispose = anyi_speech_dispose;
  object_class->finalize = anyi_speech_finalize;
  object_class->get_property = anyi_speech_get_property;
  object_class->set_property = anyi_speech_set_property;

  properties[PROP_LANGUAGE] = g_param_spec_string("language", NULL, NULL, "zh_CN", rw);
  properties[PROP_ENABLED] = g_param_spec_boolean("enabled", NULL, NULL, TRUE, rw);
  properties[PROP_SPEAKING] = g_param_spec_boolean("speaking", NULL, NULL, FALSE, ro);
  properties[PROP_OUTPUT_OK] = g_param_spec_boolean("output-ok", NULL, NULL, TRUE, ro);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  if (g_once_init_enter(&alsa_handler_set)) {
    snd_lib_error_set_handler(on_alsa_error);
    g_once_init_leave(&alsa_handler_set, 1);
  }
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
  self->wav_dir = wav_dir && *wav_dir ? g_strdup(wav_dir) : NULL;
}
