/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-store-staff.c: the staff table, who may open the staff page. */
#include "anyi-store-private.h"

void
anyi_staff_member_free(AnyiStaffMember *member)
{
  if (!member)
    return;
  anyi_secure_free_string(member->login);
  anyi_secure_free_string(member->display_name);
  anyi_secure_free_string(member->role);
  anyi_secure_free_string(member->password_hash);
  g_free(member);
}

gboolean
anyi_store_staff_add(AnyiStore *store, const char *login, const char *display_name,
                     const char *role, const char *password_hash, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store,
                         "INSERT INTO staff (login, display_name, role, "
                         "password_hash, created_at) VALUES (?, ?, ?, ?, anyi_now())",
                         error);
  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, login);
  anyi_store_bind_text(stmt, 2, display_name);
  anyi_store_bind_text(stmt, 3, role);
  anyi_store_bind_text(stmt, 4, password_hash);
  return anyi_store_step_done(store, stmt, "insert staff", error);
}

#define STAFF_COLUMNS "login, display_name, role, password_hash, disabled"

static gpointer
staff_from_row(AnyiStoreRow *row)
{
  AnyiStaffMember *member = g_new0(AnyiStaffMember, 1);

  member->login = anyi_store_row_text(row);
  member->display_name = anyi_store_row_text(row);
  member->role = anyi_store_row_text(row);
  member->password_hash = anyi_store_row_text(row);
  member->disabled = anyi_store_row_int(row) != 0;
  return member;
}

gboolean
anyi_store_staff_lookup(AnyiStore *store, const char *login, char **password_hash, char **role,
                        GError **error)
{
  sqlite3_stmt *stmt = anyi_store_prepare(
      store, "SELECT " STAFF_COLUMNS " FROM staff WHERE login = ? AND disabled = 0", error);
  g_autoptr(AnyiStaffMember) member = NULL;

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, login);
  member = anyi_store_read_one(store, stmt, staff_from_row, "staff member", error,
                               "no staff member %s", login);
  if (!member)
    return FALSE;
  *password_hash = g_steal_pointer(&member->password_hash);
  *role = g_steal_pointer(&member->role);
  return TRUE;
}

AnyiStaffMember *
anyi_store_staff_get(AnyiStore *store, const char *login, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT " STAFF_COLUMNS " FROM staff WHERE login = ?", error);

  if (!stmt)
    return NULL;
  anyi_store_bind_text(stmt, 1, login);
  return anyi_store_read_one(store, stmt, staff_from_row, "staff member", error,
                             "no staff member %s", login);
}

GPtrArray *
anyi_store_staff_list(AnyiStore *store, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "SELECT " STAFF_COLUMNS " FROM staff ORDER BY login", error);

  if (!stmt)
    return NULL;
  return anyi_store_read_all(store, stmt, staff_from_row, (GDestroyNotify)anyi_staff_member_free,
                             "list staff", error);
}

gboolean
anyi_store_staff_disable(AnyiStore *store, const char *login, GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "UPDATE staff SET disabled = 1 WHERE login = ?", error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, login);
  return anyi_store_change_one(store, stmt, "disable staff", ANYI_STORE_ERROR_NOT_FOUND, error,
                               "no staff member %s", login);
}

gboolean
anyi_store_staff_set_hash(AnyiStore *store, const char *login, const char *password_hash,
                          GError **error)
{
  sqlite3_stmt *stmt =
      anyi_store_prepare(store, "UPDATE staff SET password_hash = ? WHERE login = ?", error);

  if (!stmt)
    return FALSE;
  anyi_store_bind_text(stmt, 1, password_hash);
  anyi_store_bind_text(stmt, 2, login);
  return anyi_store_change_one(store, stmt, "set staff PIN", ANYI_STORE_ERROR_NOT_FOUND, error,
                               "no staff member %s", login);
}
