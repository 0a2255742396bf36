/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-secure.c */
#include "anyi-secure.h"

#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

void
anyi_secure_wipe(gpointer mem, gsize len)
{
  if (mem && len)
    explicit_bzero(mem, len);
}

void
anyi_secure_free(gpointer mem, gsize len)
{
  anyi_secure_wipe(mem, len);
  g_free(mem);
}

void
anyi_secure_free_string(char *text)
{
  if (text)
    anyi_secure_free(text, strlen(text));
}

void
anyi_secure_free_gstring(GString *text)
{
  if (!text)
    return;
  anyi_secure_wipe(text->str, text->allocated_len);
  g_string_free(text, TRUE);
}

void
anyi_secure_free_byte_array(GByteArray *array)
{
  if (!array)
    return;
  anyi_secure_wipe(array->data, array->len);
  g_byte_array_unref(array);
}

void
anyi_secure_byte_array_consume(GByteArray *array, gsize len)
{
  guint old_len = array->len;

  len = MIN(len, old_len);
  if (len == 0)
    return;
  g_byte_array_remove_range(array, 0, (guint)len);
  anyi_secure_wipe(array->data + array->len, old_len - array->len);
}

typedef struct {
  gsize len;
  guint8 data[];
} SecureBlock;

static void
secure_block_free(gpointer data)
{
  SecureBlock *block = (SecureBlock *)((guint8 *)data - G_STRUCT_OFFSET(SecureBlock, data));

  anyi_secure_free(block, sizeof *block + block->len);
}

GBytes *
anyi_secure_bytes_new(gconstpointer data, gsize len)
{
  SecureBlock *block = g_malloc(sizeof *block + len);

  block->len = len;
  if (len)
    memcpy(block->data, data, len);
  return g_bytes_new_with_free_func(block->data, len, secure_block_free, block->data);
}

void
anyi_secure_process(void)
{
  const struct rlimit no_core = {0, 0};

  umask(077);
  if (setrlimit(RLIMIT_CORE, &no_core) != 0)
    g_warning("secure: core files stay possible (setrlimit: %s)", g_strerror(errno));
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_warning("secure: the process stays dumpable (prctl: %s)", g_strerror(errno));
}
