/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Codes are read character by character, everything else is left alone. */
#include "speech/anyi-speech-private.h"

typedef struct {
  const char *text;
  const char *mandarin;
  const char *english;
} Case;

static const Case cases[] = {
    {"1130-A001", "一一三零，A零零一", "1 1 3 0, A- 0 0 1"},
    /* NFKC also makes a full-width colon ASCII, which reads the same. */
    {"受理编号：1130-A001。", "受理编号:一一三零，A零零一。", "受理编号:1 1 3 0, A- 0 0 1。"},
    {"Your case number is 1130-A001.", "Your case number is 一一三零，A零零一.",
     "Your case number is 1 1 3 0, A- 0 0 1."},
    {"请到3号窗口", "请到3号窗口", "请到3号窗口"},
    {"window 12", "window 12", "window 12"},
    {"2026年", "二零二六年", "2 0 2 6年"},
    {"电话 13800138000", "电话 一三八零零一三八零零零", "电话 1 3 8 0 0 1 3 8 0 0 0"},
    {"AB12", "A-B一二", "A- B- 1 2"},
    {"a4", "A四", "A- 4"},
    {"the 2nd window", "the 2nd window", "the 2nd window"},
    {"self-service", "self-service", "self-service"},
    {"ID card", "ID card", "ID card"},
    {"１１３０－Ａ００１", "一一三零，A零零一", "1 1 3 0, A- 0 0 1"},
    {"1,000 yuan", "1,000 yuan", "1,000 yuan"},
    {"pages 1-2", "pages 一，二", "pages 1, 2"},
    {"-5 end-", "-5 end-", "-5 end-"},
    {"", "", ""},
};

static void
test_codes(void)
{
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *mandarin =
        anyi_speech_text_for_voice(cases[i].text, ANYI_SPEECH_VOICE_MANDARIN);
    g_autofree char *english = anyi_speech_text_for_voice(cases[i].text, ANYI_SPEECH_VOICE_ENGLISH);

    g_test_message("%s", cases[i].text);
    g_assert_cmpstr(mandarin, ==, cases[i].mandarin);
    g_assert_cmpstr(english, ==, cases[i].english);
  }
}

static void
test_invalid_utf8(void)
{
  g_autofree char *out = anyi_speech_text_for_voice("\xff\xfe 1130", ANYI_SPEECH_VOICE_ENGLISH);
  g_assert_nonnull(out);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/speech/text/codes", test_codes);
  g_test_add_func("/speech/text/invalid-utf8", test_invalid_utf8);
  return g_test_run();
}
