/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-kiosk-health.c */
#include "anyi-kiosk-health.h"

typedef struct {
  char *problem; /* NULL while the part is there */
  gint64 since;  /* monotonic µs it went missing */
} Part;

struct _AnyiKioskHealth {
  GObject parent_instance;
  gint64 grace_us;
  Part parts[ANYI_KIOSK_N_PARTS];
  char *reason_copy; /* what "reason" returns: stable until the next change */
  gint64 since;
  guint deadline_id; /* a missing device's grace ends */
};

G_DEFINE_FINAL_TYPE(AnyiKioskHealth, anyi_kiosk_health, G_TYPE_OBJECT)

enum { PROP_0, PROP_REASON, N_PROPS };
static GParamSpec *props[N_PROPS];

static void reconsider(AnyiKioskHealth *self);

static gboolean
on_deadline(gpointer data)
{
  AnyiKioskHealth *self = data;

  self->deadline_id = 0;
  reconsider(self);
  return G_SOURCE_REMOVE;
}

/* A missing device counts once its grace is over; until then the earliest
 * end of a grace is when to look again. */
static gboolean
missing_long_enough(AnyiKioskHealth *self, gint64 since, gint64 now, gint64 *next)
{
  gint64 due = since + self->grace_us;

  if (due <= now)
    return TRUE;
  *next = *next ? MIN(*next, due) : due;
  return FALSE;
}

static const char *
current_reason(AnyiKioskHealth *self, gint64 now, gint64 *since, gint64 *next)
{
  const Part *store = &self->parts[ANYI_KIOSK_PART_STORE];
  const Part *receipt = &self->parts[ANYI_KIOSK_PART_RECEIPT_PRINTER];
  const Part *a4 = &self->parts[ANYI_KIOSK_PART_A4_PRINTER];
  const Part *reader = &self->parts[ANYI_KIOSK_PART_READER];

  if (store->problem) {
    *since = store->since;
    return store->problem;
  }
  if (receipt->problem && a4->problem) {
    *since = MAX(receipt->since, a4->since);
    if (missing_long_enough(self, *since, now, next))
      return "printers-missing";
  }
  if (reader->problem) {
    *since = reader->since;
    if (missing_long_enough(self, *since, now, next))
      return "reader-missing";
  }
  return NULL;
}

static void
reconsider(AnyiKioskHealth *self)
{
  gint64 now = g_get_monotonic_time();
  gint64 since = 0;
  gint64 next = 0;
  const char *reason = current_reason(self, now, &since, &next);

  g_clear_handle_id(&self->deadline_id, g_source_remove);
  if (next)
    self->deadline_id = g_timeout_add_seconds(
        (guint)((next - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC), on_deadline, self);
  if (g_strcmp0(reason, self->reason_copy) == 0)
    return;
  g_free(self->reason_copy);
  self->reason_copy = g_strdup(reason);
  self->since = reason ? since : 0;
  g_object_notify_by_pspec(G_OBJECT(self), props[PROP_REASON]);
}

void
anyi_kiosk_health_part_down(AnyiKioskHealth *self, AnyiKioskPart part, const char *problem)
{
  Part *p;

  g_return_if_fail(ANYI_IS_KIOSK_HEALTH(self) && part < ANYI_KIOSK_N_PARTS && problem);
  p = &self->parts[part];
  if (!p->problem)
    p->since = g_get_monotonic_time();
  if (g_strcmp0(p->problem, problem) != 0) {
    g_free(p->problem);
    p->problem = g_strdup(problem);
  }
  reconsider(self);
}

void
anyi_kiosk_health_part_up(AnyiKioskHealth *self, AnyiKioskPart part)
{
  g_return_if_fail(ANYI_IS_KIOSK_HEALTH(self) && part < ANYI_KIOSK_N_PARTS);
  g_clear_pointer(&self->parts[part].problem, g_free);
  self->parts[part].since = 0;
  reconsider(self);
}

const char *
anyi_kiosk_health_get_problem(AnyiKioskHealth *self, AnyiKioskPart part)
{
  g_return_val_if_fail(ANYI_IS_KIOSK_HEALTH(self) && part < ANYI_KIOSK_N_PARTS, NULL);
  return self->parts[part].problem;
}

const char *
anyi_kiosk_health_get_reason(AnyiKioskHealth *self)
{
  g_return_val_if_fail(ANYI_IS_KIOSK_HEALTH(self), NULL);
  return self->reason_copy;
}

gint64
anyi_kiosk_health_get_since(AnyiKioskHealth *self)
{
  g_return_val_if_fail(ANYI_IS_KIOSK_HEALTH(self), 0);
  return self->since;
}

AnyiKioskHealth *
anyi_kiosk_health_new(int grace_s)
{
  AnyiKioskHealth *self = g_object_new(ANYI_TYPE_KIOSK_HEALTH, NULL);

  self->grace_us = (gint64)MAX(grace_s, 0) * G_USEC_PER_SEC;
  return self;
}

static void
anyi_kiosk_health_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  AnyiKioskHealth *self = ANYI_KIOSK_HEALTH(object);

  switch (id) {
  case PROP_REASON:
    g_value_set_string(value, self->reason_copy);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
  }
}

static void
anyi_kiosk_health_finalize(GObject *object)
{
  AnyiKioskHealth *self = ANYI_KIOSK_HEALTH(object);

  g_clear_handle_id(&self->deadline_id, g_source_remove);
  for (guint i = 0; i < ANYI_KIOSK_N_PARTS; i++)
    g_free(self->parts[i].problem);
  g_free(self->reason_copy);
  G_OBJECT_CLASS(anyi_kiosk_health_parent_class)->finalize(object);
}

static void
anyi_kiosk_health_class_init(AnyiKioskHealthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);

  object_class->get_property = anyi_kiosk_health_get_property;
  object_class->finalize = anyi_kiosk_health_finalize;
  props[PROP_REASON] =
      g_param_spec_string("reason", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, props);
}

static void
anyi_kiosk_health_init(AnyiKioskHealth *self)
{
}
