/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-staff-handoffs.c */
#include "kiosk-staff-handoffs.h"
#include "cases/anyi-case.h"
#include "kiosk-staff-handoff-item.h"
#include "kiosk-staff-panel-private.h"

#include <glib/gi18n-lib.h>

/* A page fills the panel a few times over; more come as staff scroll. */
#define PAGE_SIZE 50

struct _KioskStaffHandoffs {
  GtkBox parent_instance;
  GtkLabel *summary;
  GtkListView *handoff_list;
  GtkButton *more_button;

  GListStore *items; /* KioskStaffHandoffItem, newest first */
  AnyiStore *store;  /* not owned: the kiosk outlives its pages; NULL when cleared */
  gint64 oldest_id;  /* the last item's handoff, where the next page starts */
  gboolean has_more;
};

G_DEFINE_FINAL_TYPE(KioskStaffHandoffs, kiosk_staff_handoffs, GTK_TYPE_BOX)

static const char *
handoff_reason_text(const char *stored)
{
  for (int reason = 0; reason < ANYI_HANDOFF_NUM_REASONS; reason++)
    if (g_strcmp0(stored, anyi_handoff_reason_to_string(reason)) == 0)
      return anyi_handoff_reason_describe(reason);
  return stored;
}

/* ---- rows: made once per visible slot, then only re-bound ---- */

static void
on_setup_row(GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24);

  gtk_widget_add_css_class(row, "staff-row");
  gtk_box_append(GTK_BOX(top), kiosk_staff_label_new("", "staff-row-title"));
  gtk_box_append(GTK_BOX(top), kiosk_staff_label_new("", "hint"));
  gtk_box_append(GTK_BOX(row), top);
  gtk_box_append(GTK_BOX(row), kiosk_staff_wrapped_label_new("", NULL));
  gtk_list_item_set_child(item, row);
  gtk_list_item_set_activatable(item, FALSE);
  gtk_list_item_set_selectable(item, FALSE);
}

static void
on_bind_row(GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  const AnyiHandoffListing *listing =
      kiosk_staff_handoff_item_get_listing(gtk_list_item_get_item(item));
  GtkWidget *row = gtk_list_item_get_child(item);
  GtkWidget *top = gtk_widget_get_first_child(row);
  GtkWidget *number = gtk_widget_get_first_child(top);
  g_autofree char *when = kiosk_staff_time_text(listing->created_at);

  gtk_label_set_text(GTK_LABEL(number), listing->case_number);
  gtk_label_set_text(GTK_LABEL(gtk_widget_get_next_sibling(number)), when);
  gtk_label_set_text(GTK_LABEL(gtk_widget_get_next_sibling(top)),
                     handoff_reason_text(listing->reason));
}

/* ---- pages ---- */

static void
show_problem(KioskStaffHandoffs *self, const GError *error)
{
  g_warning("staff page: cannot list open handoffs: %s", error->message);
  gtk_label_set_text(self->summary, _("无法读取，请联系技术人员"));
  gtk_widget_remove_css_class(GTK_WIDGET(self->summary), "hint");
  gtk_widget_add_css_class(GTK_WIDGET(self->summary), "problem");
}

static void
load_next_page(KioskStaffHandoffs *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_object_unref);

  if (!self->store || !self->has_more)
    return;
  page = anyi_store_handoffs_open_page(self->store, self->oldest_id, PAGE_SIZE, &error);
  if (!page) {
    show_problem(self, error);
    return;
  }
  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add(items, kiosk_staff_handoff_item_new(g_steal_pointer(&page->pdata[i])));
  if (page->len > 0)
    self->oldest_id =
        ((AnyiHandoffListing *)kiosk_staff_handoff_item_get_listing(items->pdata[items->len - 1]))
            ->id;
  g_list_store_splice(self->items, g_list_model_get_n_items(G_LIST_MODEL(self->items)), 0,
                      items->pdata, items->len);
  self->has_more = page->len == PAGE_SIZE;
  gtk_widget_set_visible(GTK_WIDGET(self->more_button), self->has_more);
}

static void
on_more_clicked(KioskStaffHandoffs *self)
{
  load_next_page(self);
}

static void
on_edge_reached(KioskStaffHandoffs *self, GtkPositionType position)
{
  if (position == GTK_POS_BOTTOM)
    load_next_page(self);
}

void
kiosk_staff_handoffs_show(KioskStaffHandoffs *self, AnyiStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL, *count_text = NULL;
  gint64 count;

  g_return_if_fail(KIOSK_IS_STAFF_HANDOFFS(self));
  kiosk_staff_handoffs_clear(self);
  count = anyi_store_handoffs_open_count(store, &error);
  if (count < 0) {
    show_problem(self, error);
    return;
  }
  count_text = g_strdup_printf("%" G_GINT64_FORMAT, count);
  summary = count == 0 ? g_strdup(_("没有待处理的业务"))
                       : g_strdup_printf(_("共%s件，最新的在前"), count_text);
  gtk_label_set_text(self->summary, summary);
  self->store = store;
  self->has_more = count > 0;
  load_next_page(self);
}

void
kiosk_staff_handoffs_clear(KioskStaffHandoffs *self)
{
  g_return_if_fail(KIOSK_IS_STAFF_HANDOFFS(self));
  g_list_store_remove_all(self->items);
  self->store = NULL;
  self->oldest_id = 0;
  self->has_more = FALSE;
  gtk_label_set_text(self->summary, "");
  gtk_widget_remove_css_class(GTK_WIDGET(self->summary), "problem");
  gtk_widget_add_css_class(GTK_WIDGET(self->summary), "hint");
  gtk_widget_set_visible(GTK_WIDGET(self->more_button), FALSE);
}

guint
kiosk_staff_handoffs_get_n_loaded(KioskStaffHandoffs *self)
{
  g_return_val_if_fail(KIOSK_IS_STAFF_HANDOFFS(self), 0);
  return g_list_model_get_n_items(G_LIST_MODEL(self->items));
}

static void
kiosk_staff_handoffs_dispose(GObject *object)
{
  KioskStaffHandoffs *self = KIOSK_STAFF_HANDOFFS(object);

  gtk_widget_dispose_template(GTK_WIDGET(self), KIOSK_TYPE_STAFF_HANDOFFS);
  g_clear_object(&self->items);
  G_OBJECT_CLASS(kiosk_staff_handoffs_parent_class)->dispose(object);
}

static void
kiosk_staff_handoffs_class_init(KioskStaffHandoffsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_staff_handoffs_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/staff/kiosk-staff-handoffs.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskStaffHandoffs, summary);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffHandoffs, handoff_list);
  gtk_widget_class_bind_template_child(widget_class, KioskStaffHandoffs, more_button);
  gtk_widget_class_bind_template_callback(widget_class, on_more_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_edge_reached);
}

static void
kiosk_staff_handoffs_init(KioskStaffHandoffs *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new();

  gtk_widget_init_template(GTK_WIDGET(self));
  self->items = g_list_store_new(KIOSK_TYPE_STAFF_HANDOFF_ITEM);
  g_signal_connect(factory, "setup", G_CALLBACK(on_setup_row), NULL);
  g_signal_connect(factory, "bind", G_CALLBACK(on_bind_row), NULL);
  gtk_list_view_set_factory(self->handoff_list, factory);
  g_object_unref(factory);
  gtk_list_view_set_model(self->handoff_list, GTK_SELECTION_MODEL(gtk_no_selection_new(
                                                  G_LIST_MODEL(g_object_ref(self->items)))));
}
