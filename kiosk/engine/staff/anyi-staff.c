/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-staff.c */
#include "anyi-staff.h"

#include <crypt.h>
#include <errno.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK(anyi-staff-error-quark, anyi_staff_error)
/* clang-format on */

#define LOGIN_MAX 16

static gboolean
all_digits(const char *text, gsize min, gsize max)
{
  gsize length = text ? strlen(text) : 0;

  if (length < min || length > max)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit(text[i]))
      return FALSE;
  return TRUE;
}

gboolean
anyi_staff_login_is_valid(const char *login)
{
  return all_digits(login, 1, LOGIN_MAX);
}

gboolean
anyi_staff_pin_is_valid(const char *pin)
{
  return all_digits(pin, ANYI_STAFF_PIN_MIN, ANYI_STAFF_PIN_MAX);
}

gboolean
anyi_staff_role_is_valid(const char *role)
{
  return g_strcmp0(role, "staff") == 0 || g_strcmp0(role, "technician") == 0;
}

char *
anyi_staff_hash_pin(const char *pin, GError **error)
{
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  g_autofree struct crypt_data *data = g_new0(struct crypt_data, 1);
  const char *hash;

  /* NULL random bytes: libxcrypt takes the salt from the kernel's CSPRNG. */
  if (!crypt_gensalt_rn("$y$", 0, NULL, 0, setting, sizeof setting)) {
    g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_FAILED, "crypt_gensalt: %s",
                g_strerror(errno));
    return NULL;
  }
  hash = crypt_r(pin, setting, data);
  if (!hash || hash[0] == '*') {
    g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_FAILED, "crypt_r: %s", g_strerror(errno));
    return NULL;
  }
  return g_strdup(hash);
}

/* Compares every byte whatever the first difference, so the time taken says
 * nothing about how much of the hash was right. */
static gboolean
equal_in_constant_time(const char *a, const char *b)
{
  gsize length = strlen(a);
  unsigned char difference = length != strlen(b);

  if (difference)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    difference |= (unsigned char)a[i] ^ (unsigned char)b[i];
  return difference == 0;
}

gboolean
anyi_staff_pin_matches(const char *pin, const char *hash)
{
  g_autofree struct crypt_data *data = g_new0(struct crypt_data, 1);
  const char *computed = crypt_r(pin, hash, data);

  if (!computed || computed[0] == '*')
    return FALSE;
  return equal_in_constant_time(computed, hash);
}

static gboolean
check_new_member(const char *login, const char *display_name, const char *role, const char *pin,
                 GError **error)
{
  const char *problem = NULL;

  if (!anyi_staff_login_is_valid(login))
    problem = "the login must be 1 to 16 digits";
  else if (!display_name || !*display_name || !g_utf8_validate(display_name, -1, NULL))
    problem = "the name must not be empty";
  else if (!anyi_staff_role_is_valid(role))
    problem = "the role must be staff or technician";
  else if (!anyi_staff_pin_is_valid(pin))
    problem = "the PIN must be 6 to 12 digits";
  if (problem)
    g_set_error_literal(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_BAD_INPUT, problem);
  return problem == NULL;
}

gboolean
anyi_staff_add(AnyiStore *store, const char *login, const char *display_name, const char *role,
               const char *pin, const char *by, GError **error)
{
  g_autofree char *hash = NULL;

  if (!check_new_member(login, display_name, role, pin, error))
    return FALSE;
  hash = anyi_staff_hash_pin(pin, error);
  if (!hash || !anyi_store_staff_add(store, login, display_name, role, hash, error))
    return FALSE;
  g_message("staff member %s added as %s", login, role);
  return anyi_store_audit_add(store, by, "staff-add", login, role, error);
}

gboolean
anyi_staff_disable(AnyiStore *store, const char *login, const char *by, GError **error)
{
  if (!anyi_store_staff_disable(store, login, error))
    return FALSE;
  g_message("staff member %s disabled", login);
  return anyi_store_audit_add(store, by, "staff-disable", login, NULL, error);
}

/* The lockout is counted from the audit log rather than kept in memory, so
 * restarting the kiosk (or anyictl) does not wipe it. A lockout begins at a
 * failure that is the ANYI_STAFF_MAX_FAILURES-th within
 * ANYI_STAFF_LOCKOUT_SECONDS, and lasts ANYI_STAFF_LOCKOUT_SECONDS from it;
 * attempts refused meanwhile are logged as "sign-in-locked", not as
 * failures, so they do not extend it. A success clears the count. */
static gboolean
is_locked_out(AnyiStore *store, const char *login, GError **error)
{
  gint64 now = anyi_store_now(store);
  gint64 since = now - 2 * ANYI_STAFF_LOCKOUT_SECONDS;
  g_autoptr(GPtrArray) successes =
      anyi_store_audit_list_by(store, login, "sign-in", since, 1, error);
  g_autoptr(GPtrArray) failures = NULL;
  gint64 last_success = 0;

  if (!successes)
    return FALSE;
  if (successes->len > 0)
    last_success = ((AnyiAuditEntry *)successes->pdata[0])->id;
  /* Lockouts that could still be running begin within the last
   * LOCKOUT_SECONDS and count failures reaching LOCKOUT_SECONDS further
   * back: 2 * LOCKOUT_SECONDS of history is enough. */
  failures = anyi_store_audit_list_by(store, login, "sign-in-failed", since, 64, error);
  if (!failures)
    return FALSE;
  for (guint i = 0; i + ANYI_STAFF_MAX_FAILURES - 1 < failures->len; i++) {
    AnyiAuditEntry *newest = failures->pdata[i];
    AnyiAuditEntry *oldest = failures->pdata[i + ANYI_STAFF_MAX_FAILURES - 1];

    if (oldest->id <= last_success || newest->at <= now - ANYI_STAFF_LOCKOUT_SECONDS)
      break;
    if (newest->at - oldest->at < ANYI_STAFF_LOCKOUT_SECONDS)
      return TRUE;
  }
  return FALSE;
}

/* The member whose PIN this is, or NULL with @reason saying why not (for the
 * audit log, never for the screen). */
static AnyiStaffMember *
check_pin(AnyiStore *store, const char *login, const char *pin, const char **reason, GError **error)
{
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(AnyiStaffMember) member = anyi_store_staff_get(store, login, &lookup_error);

  if (!member) {
    /* Hashing anyway makes an unknown login as slow to refuse as a wrong
     * PIN, so the time taken does not tell which logins exist. */
    g_free(anyi_staff_hash_pin(pin, NULL));
    *reason = "unknown-login";
    if (!g_error_matches(lookup_error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND)) {
      g_propagate_error(error, g_steal_pointer(&lookup_error));
      *reason = NULL;
    }
    return NULL;
  }
  if (!anyi_staff_pin_matches(pin, member->password_hash))
    *reason = "wrong-pin";
  else if (member->disabled)
    *reason = "disabled";
  else
    return g_steal_pointer(&member);
  return NULL;
}

static gboolean
refuse(AnyiStore *store, const char *login, const char *action, const char *reason,
       AnyiStaffError code, GError **error)
{
  g_autoptr(GError) audit_error = NULL;

  g_message("staff sign-in refused for login %s: %s", login, reason);
  if (!anyi_store_audit_add(store, login, action, NULL, reason, &audit_error))
    g_warning("could not audit-log the refused sign-in of %s: %s", login, audit_error->message);
  g_set_error(error, ANYI_STAFF_ERROR, code, "sign-in refused for %s: %s", login, reason);
  return FALSE;
}

gboolean
anyi_staff_sign_in(AnyiStore *store, const char *login, const char *pin, char **role,
                   char **display_name, GError **error)
{
  g_autoptr(GError) store_error = NULL;
  g_autoptr(AnyiStaffMember) member = NULL;
  const char *reason = NULL;

  if (!anyi_staff_login_is_valid(login) || !pin)
    return refuse(store, login ? login : "", "sign-in-failed", "malformed-login",
                  ANYI_STAFF_ERROR_REFUSED, error);
  if (is_locked_out(store, login, &store_error))
    return refuse(store, login, "sign-in-locked", "locked-out", ANYI_STAFF_ERROR_LOCKED, error);
  if (store_error) {
    g_propagate_prefixed_error(error, g_steal_pointer(&store_error), "sign-in of %s: ", login);
    return FALSE;
  }
  member = check_pin(store, login, pin, &reason, &store_error);
  if (store_error) {
    g_propagate_prefixed_error(error, g_steal_pointer(&store_error), "sign-in of %s: ", login);
    return FALSE;
  }
  if (!member)
    return refuse(store, login, "sign-in-failed", reason, ANYI_STAFF_ERROR_REFUSED, error);
  if (!anyi_store_audit_add(store, login, "sign-in", NULL, member->role, error))
    return FALSE;
  g_message("staff member %s signed in as %s", login, member->role);
  *role = g_steal_pointer(&member->role);
  *display_name = g_steal_pointer(&member->display_name);
  return TRUE;
}
