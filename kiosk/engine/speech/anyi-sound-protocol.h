/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sound-protocol.h: what the kiosk and anyi-sound-player say to each
 * other over their socket pair (the player's end is its file descriptor 3).
 *
 * Kiosk to player, records that start with a native int32 (both ends are on
 * the same machine):
 *   ANYI_SOUND_OPEN, int32 rate  have "default" open at @rate, S16 mono;
 *                                answer "OK" or "ERR <alsa-code> <what>: <message>"
 *   n > 0, n int16 samples       play them; no answer (the socket's flow
 *                                control paces the kiosk)
 *   ANYI_SOUND_DRAIN             play out what is queued; answer "DONE" or "ERR ..."
 *   ANYI_SOUND_DROP              drop what is queued; answer "DONE" or "ERR ..."
 * Answers are single lines of at most ANYI_SOUND_MAX_LINE bytes. A playback
 * failure closes the device and is the answer to the next DRAIN or DROP;
 * until the next OPEN the player then discards samples, so the kiosk keeps
 * the utterance's time by its own clock. */
#pragma once

#define ANYI_SOUND_PLAYER_FD 3

#define ANYI_SOUND_OPEN  (-1)
#define ANYI_SOUND_DRAIN (-2)
#define ANYI_SOUND_DROP  (-3)

/* 20 ms chunks at the highest rate below; anything larger is a bug. */
#define ANYI_SOUND_MAX_SAMPLES 8192
#define ANYI_SOUND_MIN_RATE    8000
#define ANYI_SOUND_MAX_RATE    192000
#define ANYI_SOUND_MAX_LINE    256
