/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real eSpeak NG voices; playback keeps time without a device
 * (ANYI_SPEECH_OUTPUT=none) and ANYI_SPEECH_WAV_DIR shows what was said. */
#include "speech/anyi-speech.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>

/* Measured with eSpeak NG 1.51 at the kiosk's rate: cmn-latn-pinyin takes
 * 0.32-0.34 s a character, plain cmn (which reads tone numbers aloud)
 * 0.44-0.47 s. */
#define MAX_SECONDS_PER_HANZI 0.39
#define MIN_SECONDS_PER_HANZI 0.15
#define MIN_RMS               300.0

static const char *const mandarin_prompts[] = {
    "请把身份证放在读卡区",
    "您的业务已受理，请到三号窗口等候叫号",
    "请核对您的信息，确认无误后按确定",
    "打印完成，请取走您的回执单",
};
static const char *const long_prompt = "您的业务已受理，请到三号窗口等候叫号";
static const char *const short_prompt = "打印完成";

static AnyiSpeech *speech;
static char *wav_dir;
static guint sample_rate;

static GBytes *
synthesize(const char *language, const char *text, guint *rate)
{
  g_autoptr(GError) error = NULL;
  GBytes *pcm;

  g_assert_true(anyi_speech_set_language(speech, language));
  pcm = anyi_speech_synthesize(speech, text, rate, &error);
  g_assert_no_error(error);
  sample_rate = *rate;
  return pcm;
}

static double
seconds_of(GBytes *pcm, guint rate)
{
  return (double)g_bytes_get_size(pcm) / sizeof(short) / rate;
}

static double
rms_of(GBytes *pcm)
{
  gsize size;
  const short *samples = g_bytes_get_data(pcm, &size);
  gsize n = size / sizeof(short);
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (double)samples[i] * samples[i];
  return n ? sqrt(sum / n) : 0;
}

static guint
count_hanzi(const char *text)
{
  guint n = 0;
  for (const char *p = text; *p; p = g_utf8_next_char(p))
    n += g_unichar_type(g_utf8_get_char(p)) == G_UNICODE_OTHER_LETTER;
  return n;
}

static void
test_mandarin_prompts(void)
{
  for (guint i = 0; i < G_N_ELEMENTS(mandarin_prompts); i++) {
    guint rate = 0;
    g_autoptr(GBytes) pcm = synthesize("zh_CN", mandarin_prompts[i], &rate);
    double per_hanzi = seconds_of(pcm, rate) / count_hanzi(mandarin_prompts[i]);

    g_test_message("%s: %.2f s, %.3f s per character, RMS %.0f", mandarin_prompts[i],
                   seconds_of(pcm, rate), per_hanzi, rms_of(pcm));
    g_assert_cmpuint(rate, >=, 8000);
    g_assert_cmpfloat(rms_of(pcm), >, MIN_RMS);
    g_assert_cmpfloat(per_hanzi, >, MIN_SECONDS_PER_HANZI);
    g_assert_cmpfloat(per_hanzi, <, MAX_SECONDS_PER_HANZI);
  }
}

/* With plain cmn, "四" (si4) becomes "si si" and "一" (yi1) "yi yi": the
 * tone digits are spoken, and "4" is longer than "1". With the pinyin voice
 * both lines are ten syllables of about the same length. */
static void
test_mandarin_tones_not_read_aloud(void)
{
  guint rate;
  g_autoptr(GBytes) ones = synthesize("zh_CN", "一一一一一一一一一一", &rate);
  g_autoptr(GBytes) fours = synthesize("zh_CN", "四四四四四四四四四四", &rate);
  double ratio = seconds_of(fours, rate) / seconds_of(ones, rate);

  g_test_message("四×10 / 一×10 = %.2f (plain cmn: 1.22)", ratio);
  g_assert_cmpfloat(ratio, <, 1.12);
  g_assert_cmpfloat(seconds_of(ones, rate) / 10, <, MAX_SECONDS_PER_HANZI);
}

static void
test_english_prompt(void)
{
  const char *text = "Please place your ID card on the reader.";
  guint rate;
  g_autoptr(GBytes) pcm = synthesize("en", text, &rate);
  double per_char = seconds_of(pcm, rate) / strlen(text);

  g_test_message("%.2f s, RMS %.0f", seconds_of(pcm, rate), rms_of(pcm));
  g_assert_cmpfloat(rms_of(pcm), >, MIN_RMS);
  g_assert_cmpfloat(per_char, >, 0.03);
  g_assert_cmpfloat(per_char, <, 0.12);
}

/* "1130" read as a number (one thousand one hundred and thirty) is longer
 * than one one three zero; the code must come out digit by digit. */
static void
test_english_code_digit_by_digit(void)
{
  guint rate;
  g_autoptr(GBytes) code = synthesize("en", "1130-A001", &rate);
  g_autoptr(GBytes) spelt = synthesize("en", "one one three zero, ay zero zero one", &rate);
  double ratio = seconds_of(code, rate) / seconds_of(spelt, rate);

  g_test_message("code / spelt out = %.2f", ratio);
  g_assert_cmpfloat(ratio, >, 0.85);
  g_assert_cmpfloat(ratio, <, 1.15);
}

static void
clear_wav_dir(void)
{
  g_autoptr(GDir) dir = g_dir_open(wav_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name(dir))) {
    g_autofree char *path = g_build_filename(wav_dir, name, NULL);
    g_unlink(path);
  }
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* Finished utterances in the order they were spoken; unfinished ones
 * (still .part) counted in @n_unfinished. */
static GPtrArray *
list_wavs(guint *n_unfinished)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GDir) dir = g_dir_open(wav_dir, 0, NULL);
  const char *name;

  if (n_unfinished)
    *n_unfinished = 0;
  while ((name = g_dir_read_name(dir))) {
    if (g_str_has_suffix(name, ".wav"))
      g_ptr_array_add(paths, g_build_filename(wav_dir, name, NULL));
    else if (n_unfinished)
      (*n_unfinished)++;
  }
  g_ptr_array_sort(paths, compare_strings);
  return paths;
}

static gint64
wav_frames(const char *path)
{
  SF_INFO info = {0};
  SNDFILE *file = sf_open(path, SFM_READ, &info);

  g_assert_nonnull(file);
  g_assert_cmpint(info.channels, ==, 1);
  sf_close(file);
  return info.frames;
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

static gboolean
wait_until_quiet(double timeout)
{
  gint64 end = g_get_monotonic_time() + (gint64)(timeout * G_USEC_PER_SEC);
  while (anyi_speech_get_speaking(speech) && g_get_monotonic_time() < end)
    run_main_loop_for(0.01);
  return !anyi_speech_get_speaking(speech);
}

static guint
wait_for_wavs(guint n, double timeout)
{
  gint64 end = g_get_monotonic_time() + (gint64)(timeout * G_USEC_PER_SEC);
  for (;;) {
    g_autoptr(GPtrArray) wavs = list_wavs(NULL);
    if (wavs->len >= n || g_get_monotonic_time() >= end)
      return wavs->len;
    run_main_loop_for(0.01);
  }
}

/* eSpeak NG carries a little state from one utterance to the next: the same
 * text can differ by a few samples, and after an abandoned utterance it ends
 * with about 50 ms more silence. */
static void
assert_same_length(gint64 frames, gint64 expected)
{
  g_assert_cmpuint(sample_rate, >, 0);
  g_assert_cmpint(ABS(frames - expected), <=, expected / 50 + sample_rate / 10);
}

static gint64
frames_of(const char *language, const char *text)
{
  guint rate;
  g_autoptr(GBytes) pcm = synthesize(language, text, &rate);
  return (gint64)(g_bytes_get_size(pcm) / sizeof(short));
}

static void
test_latest_wins(void)
{
  gint64 long_frames = frames_of("zh_CN", long_prompt);
  gint64 short_frames = frames_of("zh_CN", short_prompt);
  guint unfinished;
  g_autoptr(GPtrArray) wavs = NULL;

  clear_wav_dir();
  anyi_speech_say(speech, long_prompt);
  anyi_speech_say(speech, short_prompt);
  g_assert_true(anyi_speech_get_speaking(speech));
  g_assert_true(wait_until_quiet(10));

  wavs = list_wavs(&unfinished);
  g_assert_cmpuint(unfinished, ==, 0);
  g_assert_cmpuint(wavs->len, >=, 1);
  g_assert_cmpuint(wavs->len, <=, 2);
  assert_same_length(wav_frames(wavs->pdata[wavs->len - 1]), short_frames);
  if (wavs->len == 2) /* the worker had begun the first: cut off at once */
    g_assert_cmpint(wav_frames(wavs->pdata[0]), <, long_frames / 4);
}

/* A citizen tapping through pages fast: many prompts, stops and repeats in
 * a row, some while the worker is busy; the last one is what is heard. */
static void
test_many_prompts_in_a_row(void)
{
  gint64 last_frames = frames_of("en", "Done.");
  g_autoptr(GPtrArray) wavs = NULL;

  clear_wav_dir();
  for (int i = 0; i < 50; i++) {
    g_autofree char *text = g_strdup_printf("Prompt number %d.", i);
    anyi_speech_say(speech, text);
    if (i % 7 == 0)
      anyi_speech_stop(speech);
    if (i % 11 == 0)
      anyi_speech_repeat(speech);
    if (i % 5 == 0)
      run_main_loop_for(0.03);
  }
  anyi_speech_say(speech, "Done.");
  g_assert_true(wait_until_quiet(10));

  wavs = list_wavs(NULL);
  g_assert_cmpuint(wavs->len, >=, 1);
  assert_same_length(wav_frames(wavs->pdata[wavs->len - 1]), last_frames);
}

static void
test_stop(void)
{
  guint rate;
  g_autoptr(GBytes) pcm = synthesize("zh_CN", long_prompt, &rate);
  gint64 stopped_at, stop_delay;
  g_autoptr(GPtrArray) wavs = NULL;

  clear_wav_dir();
  anyi_speech_say(speech, long_prompt);
  run_main_loop_for(0.5);
  g_assert_true(anyi_speech_get_speaking(speech));
  stopped_at = g_get_monotonic_time();
  anyi_speech_stop(speech);
  g_assert_false(anyi_speech_get_speaking(speech));

  g_assert_cmpuint(wait_for_wavs(1, 3), ==, 1);
  stop_delay = g_get_monotonic_time() - stopped_at;
  wavs = list_wavs(NULL);
  g_test_message("worker stopped after %" G_GINT64_FORMAT " ms, %.2f s of %.2f s said",
                 stop_delay / 1000, (double)wav_frames(wavs->pdata[0]) / rate,
                 seconds_of(pcm, rate));
  g_assert_cmpint(stop_delay, <, G_USEC_PER_SEC);
  g_assert_cmpfloat((double)wav_frames(wavs->pdata[0]) / rate, <, 1.5);
}

static void
test_repeat(void)
{
  g_autoptr(GPtrArray) wavs = NULL;

  clear_wav_dir();
  g_assert_true(anyi_speech_set_language(speech, "en"));
  anyi_speech_say(speech, "Thank you.");
  g_assert_true(wait_until_quiet(5));
  anyi_speech_repeat(speech);
  g_assert_true(anyi_speech_get_speaking(speech));
  g_assert_true(wait_until_quiet(5));

  wavs = list_wavs(NULL);
  g_assert_cmpuint(wavs->len, ==, 2);
  assert_same_length(wav_frames(wavs->pdata[0]), frames_of("en", "Thank you."));
  assert_same_length(wav_frames(wavs->pdata[1]), wav_frames(wavs->pdata[0]));
}

static void
test_disabled_says_nothing(void)
{
  guint unfinished;
  g_autoptr(GPtrArray) wavs = NULL;

  clear_wav_dir();
  anyi_speech_set_enabled(speech, FALSE);
  anyi_speech_say(speech, short_prompt);
  anyi_speech_repeat(speech);
  g_assert_false(anyi_speech_get_speaking(speech));
  run_main_loop_for(0.5);
  wavs = list_wavs(&unfinished);
  g_assert_cmpuint(wavs->len + unfinished, ==, 0);

  anyi_speech_set_enabled(speech, TRUE);
  anyi_speech_repeat(speech);
  g_assert_true(wait_until_quiet(5));
  g_assert_cmpuint(wait_for_wavs(1, 1), ==, 1);
}

static void
on_speaking(GObject *object, GParamSpec *pspec, gpointer data)
{
  GPtrArray *seen = data;
  g_assert_true(g_main_context_is_owner(g_main_context_default()));
  g_ptr_array_add(seen, GINT_TO_POINTER(anyi_speech_get_speaking(speech) + 1));
}

static void
test_speaking_notifies_in_main_context(void)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new();
  gulong handler = g_signal_connect(speech, "notify::speaking", G_CALLBACK(on_speaking), seen);

  g_assert_true(g_main_context_acquire(g_main_context_default()));
  anyi_speech_set_language(speech, "zh_CN");
  anyi_speech_say(speech, short_prompt);
  g_assert_true(wait_until_quiet(5));
  g_main_context_release(g_main_context_default());
  g_signal_handler_disconnect(speech, handler);

  g_assert_cmpuint(seen->len, ==, 2);
  g_assert_cmpint(GPOINTER_TO_INT(seen->pdata[0]), ==, TRUE + 1);
  g_assert_cmpint(GPOINTER_TO_INT(seen->pdata[1]), ==, FALSE + 1);
}

static void
test_languages(void)
{
  g_assert_true(anyi_speech_set_language(speech, "zh_CN.UTF-8"));
  g_assert_cmpstr(anyi_speech_get_language(speech), ==, "zh_CN.UTF-8");
  g_assert_true(anyi_speech_set_language(speech, "en_GB"));
  if (g_test_subprocess()) {
    anyi_speech_set_language(speech, "fr");
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed(); /* a warning is fatal in tests */
  g_test_trap_assert_stderr("*no voice for language \"fr\"; keeping \"en_GB\"*");
}

static void
test_second_instance_refused(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSpeech) other = anyi_speech_new(&error);

  g_assert_null(other);
  g_assert_error(error, ANYI_SPEECH_ERROR, ANYI_SPEECH_ERROR_INIT);
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init(&argc, &argv, NULL);
  /* Never play sound from a test run by hand on a machine with a speaker. */
  g_setenv("ANYI_SPEECH_OUTPUT", "none", TRUE);
  /* A subprocess (it dies on purpose) uses its parent's directory. */
  if (!g_test_subprocess()) {
    wav_dir = g_dir_make_tmp("anyi-speech-XXXXXX", &error);
    g_assert_no_error(error);
    g_setenv("ANYI_SPEECH_WAV_DIR", wav_dir, TRUE);
  }
  speech = anyi_speech_new(&error);
  g_assert_no_error(error);

  g_test_add_func("/speech/synth/mandarin", test_mandarin_prompts);
  g_test_add_func("/speech/synth/mandarin-tones", test_mandarin_tones_not_read_aloud);
  g_test_add_func("/speech/synth/english", test_english_prompt);
  g_test_add_func("/speech/synth/english-code", test_english_code_digit_by_digit);
  g_test_add_func("/speech/say/latest-wins", test_latest_wins);
  g_test_add_func("/speech/say/stop", test_stop);
  g_test_add_func("/speech/say/many-in-a-row", test_many_prompts_in_a_row);
  g_test_add_func("/speech/say/repeat", test_repeat);
  g_test_add_func("/speech/say/disabled", test_disabled_says_nothing);
  g_test_add_func("/speech/say/notify", test_speaking_notifies_in_main_context);
  g_test_add_func("/speech/one-instance", test_second_instance_refused);
  g_test_add_func("/speech/languages", test_languages);
  status = g_test_run();

  g_clear_object(&speech);
  if (wav_dir) {
    clear_wav_dir();
    g_rmdir(wav_dir);
    g_free(wav_dir);
  }
  return status;
}
