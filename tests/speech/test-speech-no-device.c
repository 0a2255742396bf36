/* SPDX-License-Identifier: GPL-3.0-or-later */
/* No sound device at all (ALSA_CONFIG_PATH names an empty configuration):
 * one warning for the technician, speech keeps working silently. */
#include "speech/anyi-speech.h"

static int output_warnings;

static GLogWriterOutput
count_output_warnings(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields && (level & G_LOG_LEVEL_WARNING); i++)
    if (g_str_equal(fields[i].key, "MESSAGE") && strstr(fields[i].value, "sound output")) {
      g_atomic_int_inc(&output_warnings);
      return g_log_writer_standard_streams(level, fields, n_fields, data);
    }
  return g_log_writer_default(level, fields, n_fields, data);
}

static void
run_main_loop_until_quiet(AnyiSpeech *speech)
{
  gint64 end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  while (anyi_speech_get_speaking(speech) && g_get_monotonic_time() < end)
    g_main_context_iteration(NULL, TRUE);
  g_assert_false(anyi_speech_get_speaking(speech));
}

static void
test_no_device(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSpeech) speech = NULL;
  guint rate;
  g_autoptr(GBytes) pcm = NULL;

  g_assert_null(g_getenv("ANYI_SPEECH_OUTPUT"));
  speech = anyi_speech_new(&error);
  g_assert_no_error(error);
  /* Known as soon as the kiosk starts, for the technician's status page. */
  g_assert_false(anyi_speech_get_output_ok(speech));
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 1);

  anyi_speech_set_language(speech, "en");
  anyi_speech_say(speech, "One.");
  run_main_loop_until_quiet(speech);
  anyi_speech_say(speech, "Two.");
  run_main_loop_until_quiet(speech);

  g_assert_false(anyi_speech_get_output_ok(speech));
  g_assert_cmpint(g_atomic_int_get(&output_warnings), ==, 1);
  pcm = anyi_speech_synthesize(speech, "Three.", &rate, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(g_bytes_get_size(pcm), >, 0);
}

int
main(int argc, char **argv)
{
  g_log_set_writer_func(count_output_warnings, NULL, NULL);
  g_test_init(&argc, &argv, NULL);
  g_unsetenv("ANYI_SPEECH_OUTPUT");
  if (!g_getenv("ALSA_CONFIG_PATH")) {
    g_print("ALSA_CONFIG_PATH is not set: a real sound device could be used\n");
    return 77;
  }
  g_test_add_func("/speech/no-device", test_no_device);
  return g_test_run();
}
