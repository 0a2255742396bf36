/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-payment-emulated.h: a payment platform for tests and the demo.
 *
 * It plays the hall's platform: orders keyed by the kiosk's idempotency key,
 * and a ledger of what was charged. With a ledger file the ledger outlives
 * the kiosk process (as the real platform does), so a crash test can check
 * that nothing was charged twice. The outcome the citizen's phone would give
 * is scripted. */
#pragma once

#include "anyi-payment.h"

G_BEGIN_DECLS

#define ANYI_TYPE_PAYMENT_EMULATED (anyi_payment_emulated_get_type())
G_DECLARE_FINAL_TYPE(AnyiPaymentEmulated, anyi_payment_emulated, ANYI, PAYMENT_EMULATED, GObject)

/* @ledger_path: a key file kept across processes, or NULL for memory only. */
AnyiPaymentEmulated *anyi_payment_emulated_new(const char *ledger_path, GError **error);
/* What an order still pending turns into when next queried (default paid).
 * ANYI_PAYMENT_PENDING keeps it pending. */
void anyi_payment_emulated_set_outcome(AnyiPaymentEmulated *self, AnyiPaymentOutcome outcome);
/* The citizen has scanned the code and is paying on the phone: a pending
 * order reports in progress (anyi_payment_provider_in_progress) until this
 * is set back. */
void anyi_payment_emulated_set_in_progress(AnyiPaymentEmulated *self, gboolean in_progress);
/* Makes the platform unreachable: every call fails, as with no network. */
void anyi_payment_emulated_set_unreachable(AnyiPaymentEmulated *self, gboolean unreachable);
/* The citizen pays in the instant before a cancel reaches the platform: a
 * cancel of a pending order finds it paid. */
void anyi_payment_emulated_set_pays_before_cancel(AnyiPaymentEmulated *self, gboolean pays);
/* How many times the order of @key was refunded (0 or 1 unless broken). */
guint anyi_payment_emulated_get_refunds(AnyiPaymentEmulated *self, const char *key);
/* How many times the order of @key was charged (0 or 1 unless broken). */
guint anyi_payment_emulated_get_charges(AnyiPaymentEmulated *self, const char *key);
/* Fen charged and not refunded, over every order. */
gint64 anyi_payment_emulated_get_total_fen(AnyiPaymentEmulated *self);

G_END_DECLS
