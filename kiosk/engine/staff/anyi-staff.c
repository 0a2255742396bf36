/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-staff.c */
#include "anyi-staff.h"

#include <crypt.h>
#include <gio/gio.h>
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

/* PINs that top every published list of chosen PINs (the 6-digit lists of
 * leaked Chinese and other passwords), or mean something in Chinese that
 * people pick for it (520 "I love you", 1314 "for ever", 168 and 888 "luck");
 * the rules below catch repeats, runs and dates. */
static const char *const common_pins[] = {
    "112233", "121314", "123321", "147258", "147369",  "159357",  "159753",   "168168",
    "201314", "258369", "321654", "369258", "456123",  "520131",  "520520",   "521521",
    "654123", "741852", "789456", "987456", "5201314", "1314520", "11223344",
};

/* The same block of 1 to 3 digits again and again: 000000, 121212, 123123. */
static gboolean
is_repeated_block(const char *pin, gsize length)
{
  for (gsize block = 1; block <= 3; block++) {
    gsize i = block;

    while (i < length && pin[i] == pin[i - block])
      i++;
    if (i == length)
      return TRUE;
  }
  return FALSE;
}

/* Each digit one more (or one less) than the one before, round 9 to 0:
 * 123456, 654321, 890123. */
static gboolean
is_run(const char *pin, gsize length)
{
  gboolean up = TRUE, down = TRUE;

  for (gsize i = 1; i < length; i++) {
    int step = (pin[i] - pin[i - 1] + 10) % 10;

    up = up && step == 1;
    down = down && step == 9;
  }
  return up || down;
}

static int
number_at(const char *text, gsize digits)
{
  int value = 0;

  for (gsize i = 0; i < digits; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

static gboolean
is_month_day(int month, int day)
{
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* A date as people type their own or their family's birthdays: YYMMDD,
 * MMDDYY, DDMMYY in six digits; YYYYMMDD, MMDDYYYY, DDMMYYYY (years 1900 to
 * 2099) in eight. */
static gboolean
is_date(const char *pin, gsize length)
{
  if (length == 6)
    return is_month_day(number_at(pin + 2, 2), number_at(pin + 4, 2)) ||
           is_month_day(number_at(pin, 2), number_at(pin + 2, 2)) ||
           is_month_day(number_at(pin + 2, 2), number_at(pin, 2));
  if (length == 8) {
    int head_year = number_at(pin, 4), tail_year = number_at(pin + 4, 4);

    return ((head_year >= 1900 && head_year <= 2099) &&
            is_month_day(number_at(pin + 4, 2), number_at(pin + 6, 2))) ||
           ((tail_year >= 1900 && tail_year <= 2099) &&
            (is_month_day(number_at(pin, 2), number_at(pin + 2, 2)) ||
             is_month_day(number_at(pin + 2, 2), number_at(pin, 2))));
  }
  return FALSE;
}

const char *
anyi_staff_pin_problem(const char *pin)
{
  gsize length = pin ? strlen(pin) : 0;

  if (!anyi_staff_pin_is_valid(pin))
    return "the PIN must be 6 to 12 digits";
  for (gsize i = 0; i < G_N_ELEMENTS(common_pins); i++)
    if (g_str_equal(pin, common_pins[i]))
      return "the PIN is one of the most common PINs";
  if (is_repeated_block(pin, length))
    return "the PIN repeats the same digits";
  if (is_run(pin, length))
    return "the PIN is a run of digits";
  if (is_date(pin, length))
    return "the PIN looks like a date";
  return NULL;
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
  else
    problem = anyi_staff_pin_problem(pin);
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

static gboolean
store_failed(GError **error, GError *cause, const char *login)
{
  g_warning("staff sign-in of %s refused: the audit log cannot be written: %s", login,
            cause->message);
  g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_FAILED,
              "sign-in of %s refused: the attempt cannot be recorded: %s", login, cause->message);
  return FALSE;
}

gboolean
anyi_staff_set_pin(AnyiStore *store, const char *login, const char *pin, const char *by,
                   GError **error)
{
  const char *problem = anyi_staff_pin_problem(pin);
  g_autofree char *hash = NULL;

  if (problem) {
    g_set_error_literal(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_BAD_INPUT, problem);
    return FALSE;
  }
  hash = anyi_staff_hash_pin(pin, error);
  if (!hash || !anyi_store_staff_set_hash(store, login, hash, error))
    return FALSE;
  g_message("staff member %s has a new PIN", login);
  return anyi_store_audit_add(store, by, "staff-set-pin", login, NULL, error);
}

/* ---- signing in ----
 *
 * Every attempt is written to the audit log ("sign-in-attempt") before the
 * PIN is even looked at: when it cannot be written, the sign-in is refused,
 * so a full disk or a locked store never means unlimited tries. A success
 * is a "sign-in" row whose subject is the attempt's id; every other attempt
 * counts as a failure, even one whose outcome was never written (the kiosk
 * killed while hashing). Failures are counted from the log rather than in
 * memory, so restarting the kiosk (or anyictl) does not reset them.
 *
 * Two limits: ANYI_STAFF_MAX_FAILURES for one login (a success of that
 * login clears it), and ANYI_STAFF_KIOSK_MAX_FAILURES for the kiosk across
 * all logins (no success clears it: trying one common PIN on every staff
 * number must lock too). A lockout begins at a failure that is the N-th
 * within ANYI_STAFF_LOCKOUT_SECONDS and lasts ANYI_STAFF_LOCKOUT_SECONDS
 * from it; attempts refused meanwhile are logged as "sign-in-locked", not
 * as attempts, so they do not extend it. */

/* Whether @failures (newest first) hold @max within LOCKOUT_SECONDS of each
 * other, the newest of them less than LOCKOUT_SECONDS ago. */
static gboolean
lockout_running(GPtrArray *failures, guint max, gint64 now)
{
  for (guint i = 0; i + max - 1 < failures->len; i++) {
    AnyiAuditEntry *newest = failures->pdata[i];
    AnyiAuditEntry *oldest = failures->pdata[i + max - 1];

    if (newest->at <= now - ANYI_STAFF_LOCKOUT_SECONDS)
      break;
    if (newest->at - oldest->at < ANYI_STAFF_LOCKOUT_SECONDS)
      return TRUE;
  }
  return FALSE;
}

/* The failed attempts of @login (or of everyone when NULL) after @after_id
 * that could still make a lockout run: within 2 * LOCKOUT_SECONDS. */
static GPtrArray *
recent_failures(AnyiStore *store, const char *login, gint64 after_id, GError **error)
{
  gint64 since = anyi_store_now(store) - 2 * ANYI_STAFF_LOCKOUT_SECONDS;

  return anyi_store_audit_unanswered(store, login, "sign-in-attempt", "sign-in", after_id, since,
                                     4 * ANYI_STAFF_KIOSK_MAX_FAILURES, error);
}

/* TRUE when locked; FALSE with @error set when the store fails. */
static gboolean
is_locked_out(AnyiStore *store, const char *login, GError **error)
{
  gint64 now = anyi_store_now(store);
  g_autoptr(GPtrArray) successes = anyi_store_audit_list_by(
      store, login, "sign-in", now - 2 * ANYI_STAFF_LOCKOUT_SECONDS, 1, error);
  g_autoptr(GPtrArray) mine = NULL, everyone = NULL;
  gint64 last_success = 0;

  if (!successes)
    return FALSE;
  if (successes->len > 0)
    last_success = ((AnyiAuditEntry *)successes->pdata[0])->id;
  mine = recent_failures(store, login, last_success, error);
  if (!mine)
    return FALSE;
  if (lockout_running(mine, ANYI_STAFF_MAX_FAILURES, now))
    return TRUE;
  everyone = recent_failures(store, NULL, 0, error);
  return everyone && lockout_running(everyone, ANYI_STAFF_KIOSK_MAX_FAILURES, now);
}

/* One sign-in on its way: what the worker thread needs, and what it found. */
typedef struct {
  AnyiStore *store; /* not owned: the caller keeps it open until the answer */
  char *login;
  char *pin;           /* wiped when freed */
  char *password_hash; /* NULL for an unknown login */
  AnyiStaffMember *member;
  gint64 attempt_id;
  gboolean matches;
} SignIn;

static void
sign_in_free(SignIn *sign_in)
{
  g_free(sign_in->login);
  if (sign_in->pin)
    memset(sign_in->pin, 0, strlen(sign_in->pin));
  g_free(sign_in->pin);
  g_free(sign_in->password_hash);
  anyi_staff_member_free(sign_in->member);
  g_free(sign_in);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SignIn, sign_in_free)

static void
note_refusal(AnyiStore *store, const char *login, const char *action, const char *subject,
             const char *reason)
{
  g_autoptr(GError) audit_error = NULL;

  g_message("staff sign-in refused for login %s: %s", login, reason);
  if (!anyi_store_audit_add(store, login, action, subject, reason, &audit_error))
    g_warning("could not audit-log the refused sign-in of %s: %s", login, audit_error->message);
}

/* On the caller's thread: the checks before the PIN is hashed. */
static SignIn *
sign_in_begin(AnyiStore *store, const char *login, const char *pin, GError **error)
{
  g_autoptr(SignIn) sign_in = g_new0(SignIn, 1);
  g_autoptr(GError) local_error = NULL;

  if (!anyi_staff_login_is_valid(login) || !pin) {
    note_refusal(store, login ? login : "", "sign-in-failed", NULL, "malformed-login");
    g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED, "malformed login");
    return NULL;
  }
  if (is_locked_out(store, login, &local_error)) {
    note_refusal(store, login, "sign-in-locked", NULL, "locked-out");
    g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED, "sign-in of %s: locked out",
                login);
    return NULL;
  }
  if (local_error || !anyi_store_audit_append(store, login, "sign-in-attempt", NULL, NULL,
                                              &sign_in->attempt_id, &local_error)) {
    store_failed(error, local_error, login);
    return NULL;
  }
  sign_in->member = anyi_store_staff_get(store, login, &local_error);
  if (!sign_in->member &&
      !g_error_matches(local_error, ANYI_STORE_ERROR, ANYI_STORE_ERROR_NOT_FOUND)) {
    store_failed(error, local_error, login);
    return NULL;
  }
  sign_in->store = store;
  sign_in->login = g_strdup(login);
  sign_in->pin = g_strdup(pin);
  if (sign_in->member)
    sign_in->password_hash = g_strdup(sign_in->member->password_hash);
  return g_steal_pointer(&sign_in);
}

/* The slow part, yescrypt, on any thread: it touches no store. */
static void
sign_in_check_pin(SignIn *sign_in)
{
  if (sign_in->password_hash)
    sign_in->matches = anyi_staff_pin_matches(sign_in->pin, sign_in->password_hash);
  else
    /* Hashing anyway makes an unknown login as slow to refuse as a wrong
     * PIN, so the time taken does not tell which logins exist. */
    g_free(anyi_staff_hash_pin(sign_in->pin, NULL));
}

/* Back on the caller's thread: the outcome, audit-logged. */
static gboolean
sign_in_end(SignIn *sign_in, char **role, char **display_name, GError **error)
{
  g_autofree char *attempt = g_strdup_printf("%" G_GINT64_FORMAT, sign_in->attempt_id);
  AnyiStaffMember *member = sign_in->member;
  const char *reason = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!member)
    reason = "unknown-login";
  else if (!sign_in->matches)
    reason = "wrong-pin";
  else if (member->disabled)
    reason = "disabled";
  else if (anyi_staff_pin_problem(sign_in->pin))
    reason = "weak-pin";
  if (reason) {
    note_refusal(sign_in->store, sign_in->login, "sign-in-failed", attempt, reason);
    if (g_str_equal(reason, "weak-pin"))
      g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_WEAK_PIN,
                  "sign-in of %s: the PIN no longer meets the rules and must be reset",
                  sign_in->login);
    else
      g_set_error(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED, "sign-in refused for %s: %s",
                  sign_in->login, reason);
    return FALSE;
  }
  if (!anyi_store_audit_add(sign_in->store, sign_in->login, "sign-in", attempt, member->role,
                            &local_error))
    return store_failed(error, local_error, sign_in->login);
  g_message("staff member %s signed in as %s", sign_in->login, member->role);
  *role = g_steal_pointer(&member->role);
  *display_name = g_steal_pointer(&member->display_name);
  return TRUE;
}

gboolean
anyi_staff_sign_in(AnyiStore *store, const char *login, const char *pin, char **role,
                   char **display_name, GError **error)
{
  g_autoptr(SignIn) sign_in = sign_in_begin(store, login, pin, error);

  if (!sign_in)
    return FALSE;
  sign_in_check_pin(sign_in);
  return sign_in_end(sign_in, role, display_name, error);
}

static void
check_pin_in_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  sign_in_check_pin(data);
  g_task_return_boolean(task, TRUE);
}

void
anyi_staff_sign_in_async(AnyiStore *store, const char *login, const char *pin,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new(NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  SignIn *sign_in = sign_in_begin(store, login, pin, &error);

  g_task_set_source_tag(task, anyi_staff_sign_in_async);
  if (!sign_in) {
    g_task_return_error(task, g_steal_pointer(&error));
    return;
  }
  g_task_set_task_data(task, sign_in, (GDestroyNotify)sign_in_free);
  /* The outcome is written in _finish, on the caller's thread, where the
   * store is used. */
  g_task_set_check_cancellable(task, FALSE);
  g_task_run_in_thread(task, check_pin_in_thread);
}

gboolean
anyi_staff_sign_in_finish(GAsyncResult *result, char **role, char **display_name, GError **error)
{
  GTask *task = G_TASK(result);
  SignIn *sign_in = g_task_get_task_data(task);
  GCancellable *cancellable = g_task_get_cancellable(task);

  g_return_val_if_fail(g_task_get_source_tag(task) == anyi_staff_sign_in_async, FALSE);
  if (!g_task_propagate_boolean(task, error))
    return FALSE;
  if (cancellable && g_cancellable_is_cancelled(cancellable)) {
    /* Whoever typed it has gone (the page was left): no one is signed in. */
    g_autofree char *attempt = g_strdup_printf("%" G_GINT64_FORMAT, sign_in->attempt_id);

    note_refusal(sign_in->store, sign_in->login, "sign-in-failed", attempt, "cancelled");
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "sign-in cancelled");
    return FALSE;
  }
  return sign_in_end(sign_in, role, display_name, error);
}
