/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-speech: how long a typical prompt takes to synthesise, which is the
 * delay before the kiosk starts speaking. Prints BENCH lines: name, value,
 * unit, target. */
#include "speech/anyi-speech.h"

#include <stdio.h>

#define RUNS 20

static int
compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median of RUNS syntheses, in milliseconds; @audio_s gets the length. */
static double
median_synth_ms(AnyiSpeech *speech, const char *text, double *audio_s)
{
  double ms[RUNS];

  for (int i = 0; i < RUNS; i++) {
    g_autoptr(GError) error = NULL;
    guint rate;
    gint64 start = g_get_monotonic_time();
    g_autoptr(GBytes) pcm = anyi_speech_synthesize(speech, text, &rate, &error);

    g_assert_no_error(error);
    ms[i] = (g_get_monotonic_time() - start) / 1e3;
    *audio_s = (double)g_bytes_get_size(pcm) / sizeof(short) / rate;
  }
  qsort(ms, RUNS, sizeof ms[0], compare_doubles);
  return ms[RUNS / 2];
}

static void
bench_prompt(AnyiSpeech *speech, const char *language, const char *name, const char *text)
{
  double audio_s, ms;

  g_assert_true(anyi_speech_set_language(speech, language));
  ms = median_synth_ms(speech, text, &audio_s);
  printf("BENCH\tspeech: synthesise %s prompt (%.1f s of speech)\t%.1f\tms\t< 100\n", name, audio_s,
         ms);
}

int
main(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSpeech) speech = NULL;

  g_setenv("ANYI_SPEECH_OUTPUT", "none", TRUE);
  g_unsetenv("ANYI_SPEECH_WAV_DIR");
  speech = anyi_speech_new(&error);
  g_assert_no_error(error);
  bench_prompt(speech, "zh_CN", "Mandarin",
               "您的业务已受理，受理编号1130-A001，请到三号窗口等候叫号。");
  bench_prompt(speech, "en", "English",
               "Your case has been accepted. Case number 1130-A001. Please wait at window 3.");
  return 0;
}
