/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-gateway-emulated.c: the gateway that delivers into the ledger. */
#include "anyi-sms-gateway-emulated.h"
#include "anyi-sms-queue.h"
#include "anyi-sms-text.h"

struct _AnyiSmsGatewayEmulated {
  GObject parent_instance;
  AnyiStore *store;
};

static void anyi_sms_gateway_emulated_iface_init(AnyiSmsGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(AnyiSmsGatewayEmulated, anyi_sms_gateway_emulated, G_TYPE_OBJECT,
                              G_IMPLEMENT_INTERFACE(ANYI_TYPE_SMS_GATEWAY,
                                                    anyi_sms_gateway_emulated_iface_init))

static AnyiSmsResult
emulated_send(AnyiSmsGateway *gateway, const char *mobile, const char *text,
              const char *idempotency_key, char **why)
{
  AnyiSmsGatewayEmulated *self = ANYI_SMS_GATEWAY_EMULATED(gateway);
  g_autoptr(GError) error = NULL;

  /* what an operator's gateway refuses for good */
  if (!anyi_sms_mobile_is_valid(mobile)) {
    if (why)
      *why = g_strdup("not a mainland mobile number");
    return ANYI_SMS_REFUSED;
  }
  if (!anyi_sms_emulated_record(self->store, idempotency_key, mobile, text, NULL, &error)) {
    if (why)
      *why = g_strdup(error->message);
    return ANYI_SMS_RETRY_LATER;
  }
  return ANYI_SMS_SENT;
}

static void
anyi_sms_gateway_emulated_iface_init(AnyiSmsGatewayInterface *iface)
{
  iface->send = emulated_send;
}

static void
anyi_sms_gateway_emulated_class_init(AnyiSmsGatewayEmulatedClass *klass)
{
  (void)klass;
}

static void
anyi_sms_gateway_emulated_init(AnyiSmsGatewayEmulated *self)
{
  (void)self;
}

AnyiSmsGateway *
anyi_sms_gateway_emulated_new(AnyiStore *store)
{
  AnyiSmsGatewayEmulated *self = g_object_new(ANYI_TYPE_SMS_GATEWAY_EMULATED, NULL);

  self->store = store;
  return ANYI_SMS_GATEWAY(self);
}
