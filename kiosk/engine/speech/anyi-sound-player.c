/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sound-player: plays the kiosk's spoken prompts on ALSA's "default"
 * PCM. The kiosk's speech worker spawns it and hands it samples over a
 * socket on file descriptor 3 (anyi-sound-protocol.h).
 *
 * Every ALSA call of the kiosk happens here, in a process of its own: a
 * sound driver that hangs or crashes can no longer freeze or take down the
 * kiosk's screen (the kiosk kills and respawns a player that stops
 * answering), and the kiosk process opens no sound device at all. */
#include "anyi-sound-protocol.h"

#include <alsa/asoundlib.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Short enough that a stop is heard at once, long enough for a busy kiosk. */
#define LATENCY_US 60000

typedef struct {
  int fd;
  snd_pcm_t *pcm;
  unsigned rate;
  /* A playback failure, told as the answer to the next DRAIN or DROP. */
  int failure;
  const char *failure_what;
} Player;

static void
quit(const char *fmt, ...)
{
  va_list args;

  fputs("anyi-sound-player: ", stderr);
  va_start(args, fmt);
  vfprintf(stderr, fmt, args);
  va_end(args);
  fputc('\n', stderr);
  exit(1);
}

/* 1: @size bytes read; 0: the kiosk closed its end before the first one. */
static int
read_exactly(int fd, void *data, size_t size)
{
  char *p = data;
  size_t done = 0;

  while (done < size) {
    ssize_t n = read(fd, p + done, size - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n == 0 && done == 0)
      return 0;
    if (n <= 0)
      quit("the kiosk's socket broke off mid-record (%s)", n < 0 ? strerror(errno) : "end");
    done += (size_t)n;
  }
  return 1;
}

static void
answer(Player *player, const char *fmt, ...)
{
  char line[ANYI_SOUND_MAX_LINE];
  va_list args;
  int length;

  va_start(args, fmt);
  length = vsnprintf(line, sizeof line - 1, fmt, args);
  va_end(args);
  if (length < 0)
    quit("cannot format an answer");
  length = length < (int)sizeof line - 1 ? length : (int)sizeof line - 2;
  line[length++] = '\n';
  /* The kiosk may be gone: no SIGPIPE, the next read says so. */
  for (int sent = 0; sent < length;) {
    ssize_t n = send(player->fd, line + sent, (size_t)(length - sent), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      exit(0);
    sent += (int)n;
  }
}

static void
close_pcm(Player *player)
{
  if (player->pcm)
    snd_pcm_close(player->pcm);
  player->pcm = NULL;
}

static void
fail(Player *player, const char *what, int err)
{
  close_pcm(player);
  if (!player->failure) {
    player->failure = err;
    player->failure_what = what;
  }
}

static void
open_pcm(Player *player, unsigned rate)
{
  int err;

  player->failure = 0;
  if (player->pcm && player->rate == rate) {
    answer(player, "OK");
    return;
  }
  close_pcm(player);
  /* Non-blocking so a device held by another program fails at once instead
   * of hanging here; writes then block as playback needs. */
  err = snd_pcm_open(&player->pcm, "default", SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
  if (err >= 0)
    err = snd_pcm_nonblock(player->pcm, 0);
  if (err < 0) {
    close_pcm(player);
    answer(player, "ERR %d cannot be opened: %s", err, snd_strerror(err));
    return;
  }
  err = snd_pcm_set_params(player->pcm, SND_PCM_FORMAT_S16, SND_PCM_ACCESS_RW_INTERLEAVED, 1, rate,
                           1, LATENCY_US);
  if (err < 0) {
    close_pcm(player);
    answer(player, "ERR %d refuses 16-bit mono: %s", err, snd_strerror(err));
    return;
  }
  player->rate = rate;
  answer(player, "OK");
}

static void
play(Player *player, const int16_t *samples, snd_pcm_uframes_t frames)
{
  while (frames > 0 && player->pcm) {
    snd_pcm_sframes_t written = snd_pcm_writei(player->pcm, samples, frames);
    if (written < 0)
      written = snd_pcm_recover(player->pcm, (int)written, 1);
    if (written < 0) {
      fail(player, "failed while playing", (int)written);
      return;
    }
    samples += written;
    frames -= (snd_pcm_uframes_t)written;
  }
}

static void
finish(Player *player, bool drain)
{
  if (player->pcm) {
    int err = drain ? snd_pcm_drain(player->pcm) : snd_pcm_drop(player->pcm);
    if (err >= 0)
      err = snd_pcm_prepare(player->pcm);
    if (err < 0)
      fail(player, "failed while playing", err);
  }
  if (player->failure)
    answer(player, "ERR %d %s: %s", player->failure, player->failure_what,
           snd_strerror(player->failure));
  else
    answer(player, "DONE");
  player->failure = 0;
}

static void
quiet_alsa(const char *file, int line, const char *function, int err, const char *fmt, ...)
{
}

int
main(void)
{
  static int16_t samples[ANYI_SOUND_MAX_SAMPLES];
  Player player = {.fd = ANYI_SOUND_PLAYER_FD};
  struct stat st;
  int32_t header;

  if (fstat(player.fd, &st) != 0 || !S_ISSOCK(st.st_mode))
    quit("the kiosk starts this program, with its socket on file descriptor %d",
         ANYI_SOUND_PLAYER_FD);
  /* Should the kiosk die while a hung driver blocks us, end anyway, so the
   * next kiosk's player finds the device free. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  /* ALSA's own lines on stderr only for a technician's debug run: the
   * answers carry the error the kiosk logs. */
  if (!getenv("G_MESSAGES_DEBUG"))
    snd_lib_error_set_handler(quiet_alsa);

  while (read_exactly(player.fd, &header, sizeof header)) {
    if (header > 0) {
      if (header > ANYI_SOUND_MAX_SAMPLES)
        quit("a record of %d samples (at most %d)", header, ANYI_SOUND_MAX_SAMPLES);
      read_exactly(player.fd, samples, (size_t)header * sizeof samples[0]);
      play(&player, samples, (snd_pcm_uframes_t)header);
    } else if (header == ANYI_SOUND_OPEN) {
      int32_t rate;
      if (!read_exactly(player.fd, &rate, sizeof rate))
        quit("OPEN without a rate");
      if (rate < ANYI_SOUND_MIN_RATE || rate > ANYI_SOUND_MAX_RATE)
        quit("a rate of %d Hz", rate);
      open_pcm(&player, (unsigned)rate);
    } else if (header == ANYI_SOUND_DRAIN || header == ANYI_SOUND_DROP) {
      finish(&player, header == ANYI_SOUND_DRAIN);
    } else {
      quit("an unknown record %d", header);
    }
  }
  /* The kiosk closed its end: stopping speech, or gone. */
  close_pcm(&player);
  return 0;
}
