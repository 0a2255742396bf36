/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-speech-private.h: the parts of speech that tests reach directly. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_SPEECH_VOICE_MANDARIN,
  ANYI_SPEECH_VOICE_ENGLISH,
} AnyiSpeechVoice;

/* Rewrites @text so the voice reads codes (case numbers, ticket numbers,
 * runs of four or more digits) character by character: "1130-A001" becomes
 * "一一三零，A零零一" for Mandarin and "1 1 3 0, A- 0 0 1" for English; a
 * hyphen inside a code becomes a short pause. Short numbers ("3号窗口",
 * "window 12") and everything else are left for the voice to read as usual. */
char *anyi_speech_text_for_voice(const char *text, AnyiSpeechVoice voice);

G_END_DECLS
