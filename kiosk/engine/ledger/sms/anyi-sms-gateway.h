/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-gateway.h: what the ledger needs of an SMS gateway.
 *
 * One call: send a text to a mobile under an idempotency key. A gateway
 * that was given a key before delivers nothing new and answers SENT, as
 * the operators' gateways do with their "out id": the sender may always
 * send again after a crash without the citizen getting the message twice.
 * The emulated gateway (anyi-sms-gateway-emulated.h) keeps what it
 * receives in the ledger, for tests and the demo. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  ANYI_SMS_SENT,        /* the gateway took it (or had it already) */
  ANYI_SMS_RETRY_LATER, /* busy, down, throttled: try again after a while */
  ANYI_SMS_REFUSED,     /* never: a bad number, a blocked text */
} AnyiSmsResult;

#define ANYI_TYPE_SMS_GATEWAY (anyi_sms_gateway_get_type())
G_DECLARE_INTERFACE(AnyiSmsGateway, anyi_sms_gateway, ANYI, SMS_GATEWAY, GObject)

struct _AnyiSmsGatewayInterface {
  GTypeInterface parent_iface;

  AnyiSmsResult (*send)(AnyiSmsGateway *self, const char *mobile, const char *text,
                        const char *idempotency_key, char **why);
};

/* Sends @text to @mobile. Unless SENT, @why (may be NULL) gets the
 * gateway's reason, for the technician's log. */
AnyiSmsResult anyi_sms_gateway_send(AnyiSmsGateway *self, const char *mobile, const char *text,
                                    const char *idempotency_key, char **why);

G_END_DECLS
