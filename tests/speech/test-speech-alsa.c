/* The real ALSA code path: "default" is ALSA's file plugin in front of its
 * null device, so every frame written to the sound device lands in a file.
 * (The null device does not keep time, so latency is tested elsewhere.) */
#include "speech/anyi-speech.h"

#include <glib/gstdio.h>

static char *dir;
static char *played_path;

static void
write_alsa_config(void)
{
  g_autofree char *config_path = g_build_filename(dir, "asound.conf", NULL);
  g_autofree char *config = g_strdup_printf("pcm.!default {\n"
                                            "  type file\n"
                                            "  slave.pcm { type null }\n"
                                            "  file \"%s\"\n"
                                            "  format \"raw\"\n"
                                            "}\n",
                                            played_path);
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
  g_clear_pointer(&played_path, g_free);
  g_clear_pointer(&dir, g_free);
}

static void
test_alsa_gets_what_is_said(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiSpeech) speech = anyi_speech_new(&error);
  g_autoptr(GBytes) pcm = NULL;
  g_autofree char *played = NULL;
  gsize played_size = 0;
  gint64 end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  guint rate;

  g_assert_no_error(error);
  anyi_speech_set_language(speech, "zh_CN");
  pcm = anyi_speech_synthesize(speech, "请取走您的身份证", &rate, &error);
  g_assert_no_error(error);
  anyi_speech_say(speech, "请取走您的身份证");
  while (anyi_speech_get_speaking(speech) && g_get_monotonic_time() < end)
    g_main_context_iteration(NULL, TRUE);
  g_assert_false(anyi_speech_get_speaking(speech));
  g_assert_true(anyi_speech_get_output_ok(speech));
  g_clear_object(&speech); /* closes the device, which flushes the file */

  g_file_get_contents(played_path, &played, &played_size, &error);
  g_assert_no_error(error);
  g_test_message("ALSA received %zu bytes, synthesis gave %zu", played_size, g_bytes_get_size(pcm));
  /* The same text can differ by a few samples from one run to the next. */
  g_assert_cmpint(ABS((gint64)played_size - (gint64)g_bytes_get_size(pcm)), <=,
                  (gint64)g_bytes_get_size(pcm) / 50);
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init(&argc, &argv, NULL);
  g_unsetenv("ANYI_SPEECH_OUTPUT");
  g_unsetenv("ANYI_SPEECH_WAV_DIR");
  dir = g_dir_make_tmp("anyi-speech-alsa-XXXXXX", &error);
  g_assert_no_error(error);
  played_path = g_build_filename(dir, "played.raw", NULL);
  write_alsa_config();
  g_test_add_func("/speech/alsa/plays", test_alsa_gets_what_is_said);
  status = g_test_run();

  remove_dir();
  return status;
}
