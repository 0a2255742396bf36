/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-document-page.c */
#include "kiosk-a11y.h"
#include "kiosk-back-button.h"
#include "kiosk-camera-view.h"
#include "kiosk-document-page.h"
#include "kiosk-spinner.h"

#include <glib/gi18n-lib.h>

/* The guide is an A4 page standing in the frame, 90% of its height. */
#define GUIDE_HEIGHT_FRACTION 0.9
#define A4_WIDTH_OVER_HEIGHT  (210.0 / 297.0)

struct _KioskDocumentPage {
  GtkBox parent_instance;
  GtkStack *steps;
  GtkLabel *title_label;
  GtkLabel *prompt_label;
  KioskCameraView *camera_view;
  GtkButton *skip_button;
  GtkPicture *result_picture;
  GtkLabel *result_note;
  GtkWidget *back_button;
  GtkWidget *step_column;       /* the steps, and 上一步 under them */
  GtkWidget *preview_actions;   /* the preview's main button, and 上一步 beside it */
  GtkWidget *no_camera_actions; /* 到窗口办理, and 上一步 beside it */

  GCancellable *cancellable;
  AnyiDocument *document;
  gboolean can_go_back;
};

G_DEFINE_FINAL_TYPE(KioskDocumentPage, kiosk_document_page, GTK_TYPE_BOX)

enum { SIGNAL_CAPTURED, SIGNAL_SKIPPED, SIGNAL_GO_TO_WINDOW, SIGNAL_BACK, SIGNAL_SAY, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
say(KioskDocumentPage *self, const char *sentence)
{
  g_signal_emit(self, signals[SIGNAL_SAY], 0, sentence);
}

/* The row of the step's main button that 上一步 joins, or NULL. */
static GtkWidget *
actions_row_of(KioskDocumentPage *self, const char *step)
{
  if (g_str_equal(step, "preview"))
    return self->preview_actions;
  if (g_str_equal(step, "no-camera"))
    return self->no_camera_actions;
  return NULL;
}

static void
set_step(KioskDocumentPage *self, const char *step)
{
  gboolean live = g_str_equal(step, "preview");

  gtk_widget_set_visible(GTK_WIDGET(self->camera_view), live);
  gtk_widget_set_visible(self->back_button, self->can_go_back && !g_str_equal(step, "processing"));
  /* Without the camera picture, the step takes the page's height. */
  gtk_widget_set_vexpand(GTK_WIDGET(self->steps), !live);
  kiosk_place_back_button(self->back_button, actions_row_of(self, step), self->step_column);
  gtk_stack_set_visible_child_name(self->steps, step);
}

static void
guide_path(cairo_t *cr, double frame_w, double frame_h)
{
  double page_h = frame_h * GUIDE_HEIGHT_FRACTION;
  double page_w = page_h * A4_WIDTH_OVER_HEIGHT;
  cairo_rectangle(cr, (frame_w - page_w) / 2, (frame_h - page_h) / 2, page_w, page_h);
}

static void
show_no_camera(KioskDocumentPage *self)
{
  set_step(self, "no-camera");
  say(self, _("摄像头暂时不能使用"));
}

static void
on_camera_lost(KioskDocumentPage *self)
{
  g_message("document page: no document camera during step %s", kiosk_document_page_get_step(self));
  if (g_str_equal(kiosk_document_page_get_step(self), "preview"))
    show_no_camera(self);
}

static void
on_camera_ready(KioskDocumentPage *self)
{
  if (g_str_equal(kiosk_document_page_get_step(self), "no-camera"))
    set_step(self, "preview");
}

static void
capture_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  (void)source;
  (void)cancellable;
  AnyiDocument *document = anyi_document_capture(data, &error);
  if (document)
    g_task_return_pointer(task, document, (GDestroyNotify)anyi_document_free);
  else
    g_task_return_error(task, error);
}

static void
show_document(KioskDocumentPage *self, AnyiDocument *document)
{
  AnyiFrame *page = document->page;
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new(
      page->width, page->height, GDK_MEMORY_R8G8B8, page->pixels, (gsize)page->stride);
  g_clear_pointer(&self->document, anyi_document_free);
  self->document = document;
  gtk_picture_set_paintable(self->result_picture, GDK_PAINTABLE(texture));
  gtk_label_set_text(self->result_note, document->page_found
                                            ? _("请看一下：字迹清楚吗？")
                                            : _("没有找到完整的纸张，请把材料平放在框内"));
  set_step(self, "result");
  say(self, gtk_label_get_text(self->result_note));
}

static void
on_captured(GObject *source, GAsyncResult *result, gpointer data)
{
  KioskDocumentPage *self = KIOSK_DOCUMENT_PAGE(source);
  g_autoptr(GError) error = NULL;
  AnyiDocument *document = g_task_propagate_pointer(G_TASK(result), &error);
  (void)data;
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!document) {
    g_warning("document page: capture failed: %s", error->message);
    set_step(self, "preview");
    say(self, _("没有拍好，请再拍一次"));
    return;
  }
  g_message("document page: page found=%d, %ux%u, %u codes, %zu bytes", document->page_found,
            document->page->width, document->page->height, document->codes->len,
            g_bytes_get_size(document->jpeg));
  show_document(self, document);
}

static void
on_capture_clicked(KioskDocumentPage *self)
{
  g_autoptr(AnyiFrame) frame = kiosk_camera_view_get_latest_frame(self->camera_view);
  if (!frame) {
    show_no_camera(self);
    return;
  }
  set_step(self, "processing");
  /* Finding, straightening and reading the page takes a few hundred ms. */
  g_autoptr(GTask) task = g_task_new(self, self->cancellable, on_captured, NULL);
  g_task_set_task_data(task, g_steal_pointer(&frame), (GDestroyNotify)anyi_frame_unref);
  g_task_run_in_thread(task, capture_thread);
}

static void
on_retake_clicked(KioskDocumentPage *self)
{
  g_clear_pointer(&self->document, anyi_document_free);
  gtk_picture_set_paintable(self->result_picture, NULL);
  if (kiosk_camera_view_is_streaming(self->camera_view))
    set_step(self, "preview");
  else
    show_no_camera(self);
}

static char *
join_codes(const AnyiDocument *document)
{
  if (!document->codes || document->codes->len == 0)
    return NULL;
  GString *codes = g_string_new(NULL);
  for (guint i = 0; i < document->codes->len; i++) {
    const AnyiDocumentCode *code = g_ptr_array_index(document->codes, i);
    g_string_append_printf(codes, "%s%s", i ? "\n" : "", code->text);
  }
  return g_string_free(codes, FALSE);
}

static void
on_use_clicked(KioskDocumentPage *self)
{
  g_return_if_fail(self->document != NULL);
  g_autoptr(GBytes) jpeg = g_bytes_ref(self->document->jpeg);
  g_autofree char *codes = join_codes(self->document);
  g_signal_emit(self, signals[SIGNAL_CAPTURED], 0, jpeg, codes);
}

static void
on_skip_clicked(KioskDocumentPage *self)
{
  g_signal_emit(self, signals[SIGNAL_SKIPPED], 0);
}

static void
on_window_clicked(KioskDocumentPage *self)
{
  g_signal_emit(self, signals[SIGNAL_GO_TO_WINDOW], 0);
}

static void
on_back_clicked(KioskDocumentPage *self)
{
  g_signal_emit(self, signals[SIGNAL_BACK], 0);
}

void
kiosk_document_page_set_can_go_back(KioskDocumentPage *self, gboolean can_go_back)
{
  g_return_if_fail(KIOSK_IS_DOCUMENT_PAGE(self));
  self->can_go_back = can_go_back;
  set_step(self, gtk_stack_get_visible_child_name(self->steps));
}

void
kiosk_document_page_start(KioskDocumentPage *self, AnyiCamera *camera, const char *material_name,
                          const char *prompt, gboolean may_skip)
{
  g_return_if_fail(KIOSK_IS_DOCUMENT_PAGE(self));
  g_return_if_fail(ANYI_IS_CAMERA(camera));
  kiosk_document_page_stop(self);
  g_autofree char *title = g_strdup_printf(_("拍摄材料：%s"), material_name ? material_name : "");
  gtk_label_set_text(self->title_label, title);
  gtk_label_set_text(self->prompt_label, prompt ? prompt : "");
  gtk_widget_set_visible(GTK_WIDGET(self->prompt_label), prompt != NULL);
  gtk_widget_set_visible(GTK_WIDGET(self->skip_button), may_skip);
  self->cancellable = g_cancellable_new();
  set_step(self, "preview");
  kiosk_camera_view_start(self->camera_view, camera);
  say(self, prompt ? prompt : _("请把材料平放在框内，文字朝上"));
}

void
kiosk_document_page_stop(KioskDocumentPage *self)
{
  g_return_if_fail(KIOSK_IS_DOCUMENT_PAGE(self));
  g_cancellable_cancel(self->cancellable);
  g_clear_object(&self->cancellable);
  kiosk_camera_view_stop(self->camera_view);
  g_clear_pointer(&self->document, anyi_document_free);
  gtk_picture_set_paintable(self->result_picture, NULL);
  self->can_go_back = FALSE;
  gtk_widget_set_visible(self->back_button, FALSE);
}

const char *
kiosk_document_page_get_step(KioskDocumentPage *self)
{
  g_return_val_if_fail(KIOSK_IS_DOCUMENT_PAGE(self), NULL);
  return gtk_stack_get_visible_child_name(self->steps);
}

static void
kiosk_document_page_dispose(GObject *object)
{
  KioskDocumentPage *self = KIOSK_DOCUMENT_PAGE(object);
  if (self->cancellable)
    kiosk_document_page_stop(self);
  G_OBJECT_CLASS(kiosk_document_page_parent_class)->dispose(object);
}

static void
add_signals(GObjectClass *klass)
{
  GType type = G_TYPE_FROM_CLASS(klass);
  signals[SIGNAL_CAPTURED] = g_signal_new("captured", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_STRING);
  signals[SIGNAL_SKIPPED] =
      g_signal_new("skipped", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_GO_TO_WINDOW] =
      g_signal_new("go-to-window", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_BACK] =
      g_signal_new("back", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAY] = g_signal_new("say", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiosk_document_page_class_init(KioskDocumentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

  G_OBJECT_CLASS(klass)->dispose = kiosk_document_page_dispose;
  g_type_ensure(KIOSK_TYPE_CAMERA_VIEW);
  g_type_ensure(KIOSK_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/cn/anyi/kiosk/pages/kiosk-document-page.ui");
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, steps);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, title_label);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, prompt_label);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, camera_view);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, skip_button);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, result_picture);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, result_note);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, back_button);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, step_column);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, preview_actions);
  gtk_widget_class_bind_template_child(widget_class, KioskDocumentPage, no_camera_actions);
  gtk_widget_class_bind_template_callback(widget_class, on_camera_lost);
  gtk_widget_class_bind_template_callback(widget_class, on_camera_ready);
  gtk_widget_class_bind_template_callback(widget_class, on_capture_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_retake_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_use_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_skip_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_window_clicked);
  gtk_widget_class_bind_template_callback(widget_class, on_back_clicked);
  add_signals(G_OBJECT_CLASS(klass));
}

/* A long translation of a button's words takes a second line rather than
 * making the column beside the camera wider than the screen. */
static void
wrap_button_label(GtkButton *button)
{
  GtkWidget *label = gtk_button_get_child(button);
  if (!GTK_IS_LABEL(label))
    return;
  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_CENTER);
}

static void
kiosk_document_page_init(KioskDocumentPage *self)
{
  gtk_widget_init_template(GTK_WIDGET(self));
  wrap_button_label(self->skip_button);
  kiosk_a11y_track_stack(self->steps);
  kiosk_camera_view_set_guide(self->camera_view, guide_path);
}
