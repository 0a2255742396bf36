/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-gateway-pg-emulated.c: the gateway that delivers into the
 * server's ledger (anyi-sms-gateway-pg-emulated.h). */
#include "anyi-sms-gateway-pg-emulated.h"
#include "anyi-sms-text.h"

struct _AnyiSmsGatewayPgEmulated {
  GObject parent_instance;
  PGconn *conn;
};

static void anyi_sms_gateway_pg_emulated_iface_init(AnyiSmsGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(AnyiSmsGatewayPgEmulated, anyi_sms_gateway_pg_emulated, G_TYPE_OBJECT,
                              G_IMPLEMENT_INTERFACE(ANYI_TYPE_SMS_GATEWAY,
                                                    anyi_sms_gateway_pg_emulated_iface_init))

/* A savepoint: a failed delivery must not abort the sender's transaction,
 * which still has to put the message back in the queue. */
static gboolean
exec_ok(PGconn *conn, const char *sql, int n, const char *const *values, char **why)
{
  PGresult *res = PQexecParams(conn, sql, n, NULL, values, NULL, NULL, 0);
  gboolean ok = PQresultStatus(res) == PGRES_COMMAND_OK;

  if (!ok && why && !*why)
    *why = g_strchomp(g_strdup(PQresultErrorMessage(res)));
  PQclear(res);
  return ok;
}

static AnyiSmsResult
pg_emulated_send(AnyiSmsGateway *gateway, const char *mobile, const char *text,
                 const char *idempotency_key, char **why)
{
  AnyiSmsGatewayPgEmulated *self = ANYI_SMS_GATEWAY_PG_EMULATED(gateway);
  const char *values[] = {idempotency_key, mobile, text};
  g_autofree char *reason = NULL;

  /* what an operator's gateway refuses for good */
  if (!anyi_sms_mobile_is_valid(mobile)) {
    if (why)
      *why = g_strdup("not a mainland mobile number");
    return ANYI_SMS_REFUSED;
  }
  if (exec_ok(self->conn, "SAVEPOINT sms_gateway", 0, NULL, &reason) &&
      exec_ok(self->conn,
              "INSERT INTO sms_emulated (idempotency_key, mobile, text) VALUES ($1, $2, $3)"
              " ON CONFLICT (idempotency_key) DO UPDATE SET submissions ="
              " sms_emulated.submissions + 1",
              3, values, &reason) &&
      exec_ok(self->conn, "RELEASE SAVEPOINT sms_gateway", 0, NULL, &reason))
    return ANYI_SMS_SENT;
  PQclear(PQexec(self->conn, "ROLLBACK TO SAVEPOINT sms_gateway"));
  if (why)
    *why = g_steal_pointer(&reason);
  return ANYI_SMS_RETRY_LATER;
}

static void
anyi_sms_gateway_pg_emulated_iface_init(AnyiSmsGatewayInterface *iface)
{
  iface->send = pg_emulated_send;
}

static void
anyi_sms_gateway_pg_emulated_class_init(AnyiSmsGatewayPgEmulatedClass *klass)
{
  (void)klass;
}

static void
anyi_sms_gateway_pg_emulated_init(AnyiSmsGatewayPgEmulated *self)
{
  (void)self;
}

AnyiSmsGateway *
anyi_sms_gateway_pg_emulated_new(PGconn *conn)
{
  AnyiSmsGatewayPgEmulated *self = g_object_new(ANYI_TYPE_SMS_GATEWAY_PG_EMULATED, NULL);

  self->conn = conn;
  return ANYI_SMS_GATEWAY(self);
}
