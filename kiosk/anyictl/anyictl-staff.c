/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyictl staff: who may open the kiosk's staff and technician mode. */
#include "anyictl-commands.h"
#include "anyictl-store.h"
#include "staff/anyi-staff.h"

#include <stdio.h>
#include <string.h>

#define USAGE                                                                                      \
  "usage: anyictl staff add LOGIN NAME staff|technician   (the PIN is read from stdin)\n"          \
  "       anyictl staff list\n"                                                                    \
  "       anyictl staff disable LOGIN\n"                                                           \
  "       anyictl staff set-pin LOGIN   (the new PIN is read from stdin)\n"

static char *
audit_actor(void)
{
  return g_strdup_printf("anyictl:%s", g_get_user_name());
}

/* The kiosk's own database, as the kiosk finds it (kiosk.conf, $ANYI_DB):
 * staff added to another file could never sign in. */
static AnyiStore *
open_default_store(void)
{
  g_autoptr(AnyiSettings) settings = anyictl_load_settings("staff");

  return settings ? anyictl_open_store("staff", settings) : NULL;
}

/* One line from stdin without its line end, or NULL when there is none.
 * The buffer is wiped: the PIN should not linger in freed memory. */
char *
anyictl_read_pin(void)
{
  char line[64];
  char *pin;

  if (!fgets(line, sizeof line, stdin))
    return NULL;
  line[strcspn(line, "\r\n")] = '\0';
  pin = g_strdup(line);
  explicit_bzero(line, sizeof line);
  return pin;
}

void
anyictl_free_pin(char *pin)
{
  if (pin)
    explicit_bzero(pin, strlen(pin));
  g_free(pin);
}

/* Says why @pin is refused, and wipes it then. */
static gboolean
pin_is_allowed(const char *command, char *pin)
{
  const char *problem = anyi_staff_pin_problem(pin);

  if (!problem)
    return TRUE;
  fprintf(stderr,
          "anyictl staff %s: %s; a PIN (on stdin) is %d to %d digits, not a run, a repeat, a "
          "date or a common PIN\n",
          command, problem, ANYI_STAFF_PIN_MIN, ANYI_STAFF_PIN_MAX);
  anyictl_free_pin(pin);
  return FALSE;
}

static int
staff_set_pin(const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = NULL;
  g_autofree char *actor = audit_actor();
  char *pin = anyictl_read_pin();
  gboolean set;

  if (!pin_is_allowed("set-pin", pin))
    return 1;
  store = open_default_store();
  set = store && anyi_staff_set_pin(store, login, pin, actor, &error);
  anyictl_free_pin(pin);
  if (!set) {
    if (error)
      fprintf(stderr, "anyictl staff set-pin: %s\n", error->message);
    return 1;
  }
  printf("new PIN set for %s\n", login);
  return 0;
}

static int
staff_add(const char *login, const char *name, const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = NULL;
  g_autofree char *actor = audit_actor();
  char *pin = anyictl_read_pin();
  gboolean added;

  if (!pin_is_allowed("add", pin))
    return 1;
  store = open_default_store();
  added = store && anyi_staff_add(store, login, name, role, pin, actor, &error);
  anyictl_free_pin(pin);
  if (!added) {
    if (error)
      fprintf(stderr, "anyictl staff add: %s\n", error->message);
    return 1;
  }
  printf("added %s (%s) as %s\n", login, name, role);
  return 0;
}

static int
staff_list(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = open_default_store();
  g_autoptr(GPtrArray) members = store ? anyi_store_staff_list(store, &error) : NULL;

  if (!members) {
    if (error)
      fprintf(stderr, "anyictl staff list: %s\n", error->message);
    return 1;
  }
  for (guint i = 0; i < members->len; i++) {
    AnyiStaffMember *member = members->pdata[i];

    printf("%s\t%s\t%s\t%s\n", member->login, member->role,
           member->disabled ? "disabled" : "enabled", member->display_name);
  }
  return 0;
}

static int
staff_disable(const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiStore) store = open_default_store();
  g_autofree char *actor = audit_actor();

  if (!store)
    return 1;
  if (!anyi_staff_disable(store, login, actor, &error)) {
    fprintf(stderr, "anyictl staff disable: %s\n", error->message);
    return 1;
  }
  printf("disabled %s\n", login);
  return 0;
}

int
anyictl_staff_main(int argc, char **argv)
{
  if (argc == 5 && g_str_equal(argv[1], "add"))
    return staff_add(argv[2], argv[3], argv[4]);
  if (argc == 2 && g_str_equal(argv[1], "list"))
    return staff_list();
  if (argc == 3 && g_str_equal(argv[1], "disable"))
    return staff_disable(argv[2]);
  if (argc == 3 && g_str_equal(argv[1], "set-pin"))
    return staff_set_pin(argv[2]);
  fputs(USAGE, stderr);
  return 2;
}
