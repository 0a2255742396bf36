/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-gateway-emulated.h: an SMS gateway that delivers into the
 * ledger (the store's sms_emulated table) instead of to a phone, for tests
 * and the demo; `anyictl ledger sms list` reads it. Like a real gateway it
 * delivers a key once: a second submission with the same key only counts. */
#pragma once

#include "anyi-sms-gateway.h"
#include "store/anyi-store.h"

G_BEGIN_DECLS

#define ANYI_TYPE_SMS_GATEWAY_EMULATED (anyi_sms_gateway_emulated_get_type())
G_DECLARE_FINAL_TYPE(AnyiSmsGatewayEmulated, anyi_sms_gateway_emulated, ANYI, SMS_GATEWAY_EMULATED,
                     GObject)

/* Delivers into @store, which must outlive the gateway. */
AnyiSmsGateway *anyi_sms_gateway_emulated_new(AnyiStore *store);

G_END_DECLS
