/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-gateway-pg-emulated.h: the emulated SMS gateway of a hall whose
 * ledger is the PostgreSQL server: it delivers into the server's
 * sms_emulated table (server migration 4), on the sender's own connection
 * and so inside the transaction that marks the message sent: the message
 * and its delivery are committed together or not at all. Like a real
 * gateway it delivers a key once; a second submission only counts. */
#pragma once

#include "anyi-sms-gateway.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

#define ANYI_TYPE_SMS_GATEWAY_PG_EMULATED (anyi_sms_gateway_pg_emulated_get_type())
G_DECLARE_FINAL_TYPE(AnyiSmsGatewayPgEmulated, anyi_sms_gateway_pg_emulated, ANYI,
                     SMS_GATEWAY_PG_EMULATED, GObject)

/* Delivers through @conn, which must outlive the gateway (the sender's). */
AnyiSmsGateway *anyi_sms_gateway_pg_emulated_new(PGconn *conn);

G_END_DECLS
