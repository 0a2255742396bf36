/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-speech.h: the kiosk's spoken prompts (eSpeak NG synthesis, ALSA
 * playback in anyi-sound-player, a process of its own).
 *
 * Every prompt a page shows is also spoken, can be repeated and stopped.
 * All calls are made from the thread whose main context was the thread-default
 * one when the object was created; notifications arrive in that context. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ANYI_SPEECH_ERROR (anyi_speech_error_quark())

typedef enum {
  ANYI_SPEECH_ERROR_INIT,  /* eSpeak NG or its data could not be loaded */
  ANYI_SPEECH_ERROR_VOICE, /* a voice the kiosk needs is not installed */
  ANYI_SPEECH_ERROR_SYNTH, /* synthesis failed */
} AnyiSpeechError;

GQuark anyi_speech_error_quark(void);

#define ANYI_TYPE_SPEECH (anyi_speech_get_type())
G_DECLARE_FINAL_TYPE(AnyiSpeech, anyi_speech, ANYI, SPEECH, GObject)

/* Starts the speech worker and loads both voices. Environment:
 * ANYI_SPEECH_OUTPUT=none synthesises but never starts the sound player;
 * ANYI_SPEECH_WAV_DIR=DIR writes what is spoken, one WAV per utterance;
 * ANYI_SOUND_PLAYER=PATH names another player than the build tree's. */
AnyiSpeech *anyi_speech_new(GError **error);

/* "zh_CN" (or any "zh..." locale) for Mandarin, "en..." for English.
 * Returns FALSE and keeps the current language for anything else. */
gboolean anyi_speech_set_language(AnyiSpeech *self, const char *language);
const char *anyi_speech_get_language(AnyiSpeech *self);

/* Says @text without blocking: whatever is being said stops (latest wins). */
void anyi_speech_say(AnyiSpeech *self, const char *text);
/* Says the last text given to anyi_speech_say() again. */
void anyi_speech_repeat(AnyiSpeech *self);
void anyi_speech_stop(AnyiSpeech *self);

/* A hall can turn speech off, a citizen can mute it; off also stops. */
void anyi_speech_set_enabled(AnyiSpeech *self, gboolean enabled);
gboolean anyi_speech_get_enabled(AnyiSpeech *self);

/* TRUE from anyi_speech_say() until the utterance has been played out or
 * stopped. Without a sound device the utterance still takes its time. */
gboolean anyi_speech_get_speaking(AnyiSpeech *self);

/* FALSE when the sound device could not be opened or failed (the prompts are
 * still on screen); the technician finds the ALSA error in the log. */
gboolean anyi_speech_get_output_ok(AnyiSpeech *self);

/* Synthesises @text in the current language, as it would be spoken, into
 * 16-bit signed native-endian mono PCM; blocks (tests, bench, tools). */
GBytes *anyi_speech_synthesize(AnyiSpeech *self, const char *text, guint *sample_rate,
                               GError **error);

G_END_DECLS
