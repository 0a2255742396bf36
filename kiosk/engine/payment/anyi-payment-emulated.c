/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-payment-emulated.c: orders and charges in a key file, one group per
 * idempotency key. */
#include "anyi-payment-emulated.h"
#include "store/anyi-store.h"

#include <string.h>

struct _AnyiPaymentEmulated {
  GObject parent_instance;
  char *ledger_path;
  GKeyFile *ledger;
  AnyiPaymentOutcome outcome;
  gboolean unreachable;
  gboolean pays_before_cancel;
  gboolean in_progress;
};

static void provider_iface_init(AnyiPaymentProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(AnyiPaymentEmulated, anyi_payment_emulated, G_TYPE_OBJECT,
                              G_IMPLEMENT_INTERFACE(ANYI_TYPE_PAYMENT_PROVIDER,
                                                    provider_iface_init))

#define ORDER_PREFIX "EMU-"

/* Written whole and synced, so the ledger is either before or after a
 * change; a fault point follows, like the platform answering and the kiosk
 * dying before it hears. */
static gboolean
save_ledger(AnyiPaymentEmulated *self, GError **error)
{
  if (self->ledger_path && !g_key_file_save_to_file(self->ledger, self->ledger_path, error))
    return FALSE;
  anyi_store_fault_point("emulated payment ledger");
  return TRUE;
}

static gboolean
refuse_if_unreachable(AnyiPaymentEmulated *self, GError **error)
{
  if (!self->unreachable)
    return FALSE;
  g_set_error(error, ANYI_PAYMENT_ERROR, ANYI_PAYMENT_ERROR_UNREACHABLE,
              "emulated payment platform: unreachable");
  return TRUE;
}

static AnyiPaymentOrder *
emulated_start(AnyiPaymentProvider *provider, const char *key, gint64 amount_fen,
               const char *description, GError **error)
{
  AnyiPaymentEmulated *self = ANYI_PAYMENT_EMULATED(provider);
  AnyiPaymentOrder *order;

  if (refuse_if_unreachable(self, error))
    return NULL;
  if (!g_key_file_has_group(self->ledger, key)) {
    g_key_file_set_int64(self->ledger, key, "amount_fen", amount_fen);
    g_key_file_set_string(self->ledger, key, "state", "pending");
    g_key_file_set_integer(self->ledger, key, "charges", 0);
    g_key_file_set_string(self->ledger, key, "description", description ? description : "");
    if (!save_ledger(self, error))
      return NULL;
  } else if (g_key_file_get_int64(self->ledger, key, "amount_fen", NULL) != amount_fen) {
    g_set_error(error, ANYI_PAYMENT_ERROR, ANYI_PAYMENT_ERROR_REFUSED,
                "emulated payment platform: order %s exists with another amount", key);
    return NULL;
  }
  order = g_new0(AnyiPaymentOrder, 1);
  order->order_id = g_strconcat(ORDER_PREFIX, key, NULL);
  order->qr_payload =
      g_strdup_printf("https://pay.example.invalid/emulated?order=%s&fen=%" G_GINT64_FORMAT,
                      order->order_id, amount_fen);
  return order;
}

static const char *
key_of(const char *order_id)
{
  return g_str_has_prefix(order_id, ORDER_PREFIX) ? order_id + strlen(ORDER_PREFIX) : "";
}

/* The state of the order in the ledger; FALSE with @error when there is no
 * such order. */
static gboolean
order_state(AnyiPaymentEmulated *self, const char *order_id, AnyiPaymentOutcome *outcome,
            GError **error)
{
  g_autofree char *state = g_key_file_get_string(self->ledger, key_of(order_id), "state", NULL);

  if (state && anyi_payment_outcome_from_string(state, outcome))
    return TRUE;
  g_set_error(error, ANYI_PAYMENT_ERROR, ANYI_PAYMENT_ERROR_REFUSED,
              "emulated payment platform: no order %s", order_id);
  return FALSE;
}

static AnyiPaymentOutcome
emulated_query(AnyiPaymentProvider *provider, const char *order_id, GError **error)
{
  AnyiPaymentEmulated *self = ANYI_PAYMENT_EMULATED(provider);
  const char *key = key_of(order_id);
  AnyiPaymentOutcome outcome = ANYI_PAYMENT_PENDING;

  if (refuse_if_unreachable(self, error) || !order_state(self, order_id, &outcome, error))
    return ANYI_PAYMENT_PENDING;
  if (outcome != ANYI_PAYMENT_PENDING || self->outcome == ANYI_PAYMENT_PENDING)
    return outcome;
  g_key_file_set_string(self->ledger, key, "state", anyi_payment_outcome_to_string(self->outcome));
  if (self->outcome == ANYI_PAYMENT_PAID)
    g_key_file_set_integer(self->ledger, key, "charges",
                           g_key_file_get_integer(self->ledger, key, "charges", NULL) + 1);
  if (!save_ledger(self, error))
    return ANYI_PAYMENT_PENDING;
  return self->outcome;
}

static gboolean
emulated_in_progress(AnyiPaymentProvider *provider, const char *order_id)
{
  AnyiPaymentEmulated *self = ANYI_PAYMENT_EMULATED(provider);
  AnyiPaymentOutcome outcome = ANYI_PAYMENT_PENDING;

  if (self->unreachable || !self->in_progress || !order_state(self, order_id, &outcome, NULL))
    return FALSE;
  return outcome == ANYI_PAYMENT_PENDING;
}

static const char *
emulated_get_name(AnyiPaymentProvider *provider)
{
  (void)provider;
  return "emulated";
}

/* A citizen who paid between the last poll and the cancel has paid: the
 * platform says so instead of cancelling. */
static AnyiPaymentOutcome
emulated_cancel(AnyiPaymentProvider *provider, const char *order_id, GError **error)
{
  AnyiPaymentEmulated *self = ANYI_PAYMENT_EMULATED(provider);
  AnyiPaymentOutcome outcome = ANYI_PAYMENT_PENDING;

  if (refuse_if_unreachable(self, error) || !order_state(self, order_id, &outcome, error))
    return ANYI_PAYMENT_PENDING;
  if (outcome != ANYI_PAYMENT_PENDING)
    return outcome;
  if (self->pays_before_cancel) {
    g_key_file_set_string(self->ledger, key_of(order_id), "state",
                          anyi_payment_outcome_to_string(ANYI_PAYMENT_PAID));
    g_key_file_set_integer(self->ledger, key_of(order_id), "charges",
                           g_key_file_get_integer(self->ledger, key_of(order_id), "charges", NULL) +
                               1);
    return save_ledger(self, error) ? ANYI_PAYMENT_PAID : ANYI_PAYMENT_PENDING;
  }
  g_key_file_set_string(self->ledger, key_of(order_id), "state",
                        anyi_payment_outcome_to_string(ANYI_PAYMENT_CANCELLED));
  if (!save_ledger(self, error))
    return ANYI_PAYMENT_PENDING;
  return ANYI_PAYMENT_CANCELLED;
}

static gboolean
emulated_refund(AnyiPaymentProvider *provider, const char *order_id, gint64 amount_fen,
                GError **error)
{
  AnyiPaymentEmulated *self = ANYI_PAYMENT_EMULATED(provider);
  const char *key = key_of(order_id);
  AnyiPaymentOutcome outcome = ANYI_PAYMENT_PENDING;

  if (refuse_if_unreachable(self, error) || !order_state(self, order_id, &outcome, error))
    return FALSE;
  if (outcome == ANYI_PAYMENT_REFUNDED)
    return TRUE;
  if (outcome != ANYI_PAYMENT_PAID ||
      g_key_file_get_int64(self->ledger, key, "amount_fen", NULL) != amount_fen) {
    g_set_error(error, ANYI_PAYMENT_ERROR, ANYI_PAYMENT_ERROR_REFUSED,
                "emulated payment platform: order %s is %s, not paid %" G_GINT64_FORMAT " fen",
                order_id, anyi_payment_outcome_to_string(outcome), amount_fen);
    return FALSE;
  }
  g_key_file_set_string(self->ledger, key, "state",
                        anyi_payment_outcome_to_string(ANYI_PAYMENT_REFUNDED));
  g_key_file_set_integer(self->ledger, key, "refunds",
                         g_key_file_get_integer(self->ledger, key, "refunds", NULL) + 1);
  return save_ledger(self, error);
}

static void
provider_iface_init(AnyiPaymentProviderInterface *iface)
{
  iface->start = emulated_start;
  iface->query = emulated_query;
  iface->get_name = emulated_get_name;
  iface->cancel = emulated_cancel;
  iface->refund = emulated_refund;
  iface->in_progress = emulated_in_progress;
}

static void
anyi_payment_emulated_finalize(GObject *object)
{
  AnyiPaymentEmulated *self = ANYI_PAYMENT_EMULATED(object);

  g_clear_pointer(&self->ledger, g_key_file_unref);
  g_clear_pointer(&self->ledger_path, g_free);
  G_OBJECT_CLASS(anyi_payment_emulated_parent_class)->finalize(object);
}

static void
anyi_payment_emulated_class_init(AnyiPaymentEmulatedClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = anyi_payment_emulated_finalize;
}

static void
anyi_payment_emulated_init(AnyiPaymentEmulated *self)
{
  self->ledger = g_key_file_new();
  self->outcome = ANYI_PAYMENT_PAID;
}

AnyiPaymentEmulated *
anyi_payment_emulated_new(const char *ledger_path, GError **error)
{
  g_autoptr(AnyiPaymentEmulated) self = g_object_new(ANYI_TYPE_PAYMENT_EMULATED, NULL);
  g_autoptr(GError) local = NULL;

  self->ledger_path = g_strdup(ledger_path);
  if (ledger_path &&
      !g_key_file_load_from_file(self->ledger, ledger_path, G_KEY_FILE_NONE, &local) &&
      !g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
    g_propagate_prefixed_error(error, g_steal_pointer(&local), "payment ledger %s: ", ledger_path);
    return NULL;
  }
  return g_steal_pointer(&self);
}

void
anyi_payment_emulated_set_outcome(AnyiPaymentEmulated *self, AnyiPaymentOutcome outcome)
{
  self->outcome = outcome;
}

void
anyi_payment_emulated_set_in_progress(AnyiPaymentEmulated *self, gboolean in_progress)
{
  self->in_progress = in_progress;
}

void
anyi_payment_emulated_set_unreachable(AnyiPaymentEmulated *self, gboolean unreachable)
{
  self->unreachable = unreachable;
}

void
anyi_payment_emulated_set_pays_before_cancel(AnyiPaymentEmulated *self, gboolean pays)
{
  self->pays_before_cancel = pays;
}

guint
anyi_payment_emulated_get_refunds(AnyiPaymentEmulated *self, const char *key)
{
  return (guint)g_key_file_get_integer(self->ledger, key, "refunds", NULL);
}

guint
anyi_payment_emulated_get_charges(AnyiPaymentEmulated *self, const char *key)
{
  return (guint)g_key_file_get_integer(self->ledger, key, "charges", NULL);
}

gint64
anyi_payment_emulated_get_total_fen(AnyiPaymentEmulated *self)
{
  g_auto(GStrv) keys = g_key_file_get_groups(self->ledger, NULL);
  gint64 total = 0;

  for (guint i = 0; keys[i]; i++)
    total += g_key_file_get_int64(self->ledger, keys[i], "amount_fen", NULL) *
             (g_key_file_get_integer(self->ledger, keys[i], "charges", NULL) -
              g_key_file_get_integer(self->ledger, keys[i], "refunds", NULL));
  return total;
}
