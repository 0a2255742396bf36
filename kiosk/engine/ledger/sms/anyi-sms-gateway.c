/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-gateway.c: the gateway interface (anyi-sms-gateway.h). */
#include "anyi-sms-gateway.h"

G_DEFINE_INTERFACE(AnyiSmsGateway, anyi_sms_gateway, G_TYPE_OBJECT)

static void
anyi_sms_gateway_default_init(AnyiSmsGatewayInterface *iface)
{
  (void)iface;
}

AnyiSmsResult
anyi_sms_gateway_send(AnyiSmsGateway *self, const char *mobile, const char *text,
                      const char *idempotency_key, char **why)
{
  g_return_val_if_fail(ANYI_IS_SMS_GATEWAY(self), ANYI_SMS_RETRY_LATER);
  g_return_val_if_fail(mobile && text && idempotency_key, ANYI_SMS_REFUSED);
  return ANYI_SMS_GATEWAY_GET_IFACE(self)->send(self, mobile, text, idempotency_key, why);
}
