/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-secure.h: personal data leaves memory wiped.
 *
 * Every copy of a citizen's data (the card the driver parsed, the raw
 * reader frames, photo and fingerprint bytes, the case JSON, labels) is
 * zeroed before its memory is given back, so that a later allocation, a
 * swap page or a core file cannot show it. It lives with the drivers, the
 * lowest layer, so that the drivers and the engine share one helper. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Zeroes @len bytes at @mem in a way the compiler cannot drop. */
void anyi_secure_wipe(gpointer mem, gsize len);
/* Wipes @len bytes then g_free()s @mem; NULL is fine. */
void anyi_secure_free(gpointer mem, gsize len);
/* Wipes a string to its end then g_free()s it; NULL is fine. */
void anyi_secure_free_string(char *text);
/* g_autoptr(AnyiSecureString) json = ...: a g_autofree that wipes. */
typedef char AnyiSecureString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnyiSecureString, anyi_secure_free_string)
/* Wipes and frees a GString. */
void anyi_secure_free_gstring(GString *text);
/* Wipes and unrefs a GByteArray (its whole length). */
void anyi_secure_free_byte_array(GByteArray *array);
/* Removes the first @len bytes of @array and wipes the bytes that moved
 * out of its end (g_byte_array_remove_range leaves them behind). */
void anyi_secure_byte_array_consume(GByteArray *array, gsize len);
/* A GBytes holding a copy of @data that wipes it when its last reference
 * goes. */
GBytes *anyi_secure_bytes_new(gconstpointer data, gsize len);

/* The process holds personal data: no core file (RLIMIT_CORE 0), not
 * dumpable nor ptrace-attachable by other users (PR_SET_DUMPABLE 0), and
 * every file it makes is its own (umask 077). Call first thing in main(). */
void anyi_secure_process(void);

G_END_DECLS
