/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-console.c: the window console's views and actions. */
#include "window-console.h"

#include "ledger/postgres/anyi-ledger-pg.h"
#include "print/anyi-print-job.h"
#include "print/anyi-print-template.h"
#include "settings/anyi-settings.h"
#include "staff/anyi-staff.h"
#include "window-words.h"

#include <glib/gi18n.h>

struct _WindowConsole {
  GtkApplicationWindow parent_instance;

  AnyiStore *store;
  AnyiLedger *ledger;
  AnyiCatalogue *catalogue; /* titles for the ids; NULL when unreadable */
  char *staff;
  char *case_number;
  char *export_path;
  char *queue_seen; /* what the queue showed last, to redraw only on a change */
  gboolean id_revealed;
  guint poll_id;
  gboolean watching; /* the PostgreSQL ledger tells us of changes */
  gulong online_handler;

  GtkStack *top; /* sign-in, main */
  GtkStack *views;
  GtkEntry *login;
  GtkPasswordEntry *pin;
  GtkLabel *sign_in_message;
  GtkWidget *sign_in_button;
  gboolean signing_in; /* the PIN is being checked: one attempt at a time */
  GtkEntry *open_entry;
  GtkLabel *message;
  GtkBox *queue_box;
  GtkBox *case_box;
  GtkBox *ledger_box;
  GtkBox *follow_up_box;
  GtkBox *stats_box;
  /* the case view's inputs */
  GtkEntry *note_entry;
  GtkDropDown *outcome_choice;
  GtkEntry *reason_entry;
  GtkEntry *citizen_note_entry;
  JsonArray *documents; /* of the open case, for printing */
  GCancellable *printing;
};

G_DEFINE_FINAL_TYPE(WindowConsole, window_console, GTK_TYPE_APPLICATION_WINDOW)

/* ---- small widgets ---- */

static GtkWidget *
text_label(const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new(text);

  gtk_label_set_xalign(GTK_LABEL(label), 0);
  gtk_label_set_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_selectable(GTK_LABEL(label), FALSE);
  if (css_class)
    gtk_widget_add_css_class(label, css_class);
  return label;
}

static void add_text(GtkBox *box, const char *css_class, const char *format, ...)
    G_GNUC_PRINTF(3, 4);

static void
add_text(GtkBox *box, const char *css_class, const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start(args, format);
  text = g_strdup_vprintf(format, args);
  va_end(args);
  gtk_box_append(box, text_label(text, css_class));
}

static void
empty_box(GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child(GTK_WIDGET(box))))
    gtk_box_remove(box, child);
}

static GtkBox *
vbox(int spacing)
{
  return GTK_BOX(gtk_box_new(GTK_ORIENTATION_VERTICAL, spacing));
}

static GtkWidget *
scrolled(GtkBox *content)
{
  GtkWidget *scroller = gtk_scrolled_window_new();

  gtk_widget_set_vexpand(scroller, TRUE);
  gtk_widget_set_margin_start(GTK_WIDGET(content), 12);
  gtk_widget_set_margin_end(GTK_WIDGET(content), 12);
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), GTK_WIDGET(content));
  return scroller;
}

static GtkWidget *
button_for(const char *label, GCallback callback, gpointer data)
{
  GtkWidget *button = gtk_button_new_with_label(label);

  g_signal_connect_swapped(button, "clicked", callback, data);
  return button;
}

static void
say(WindowConsole *self, const char *text)
{
  gtk_label_set_text(self->message, text ? text : "");
}

/* The server away is no fault: it is said on screen, and logged once by
 * the ledger. */
#define log_failure(error, ...)                                                                    \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (g_error_matches(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_OFFLINE))                      \
      g_debug(__VA_ARGS__);                                                                        \
    else                                                                                           \
      g_warning(__VA_ARGS__);                                                                      \
  }                                                                                                \
  G_STMT_END

#define OFFLINE_TEXT N_("服务器连接中断，正在重连……")

/* Says what went wrong in reading the ledger: the server away (it comes
 * back by itself), or @otherwise. */
static void
say_failure(WindowConsole *self, const GError *error, const char *otherwise)
{
  if (g_error_matches(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_OFFLINE))
    say(self, _(OFFLINE_TEXT));
  else
    say(self, otherwise);
}

/* "23 分钟", "3 小时 5 分钟": how long someone has waited. */
static char *
age_text(gint64 seconds)
{
  seconds = MAX(seconds, 0);
  if (seconds < 3600)
    return g_strdup_printf(_("%d 分钟"), (int)(seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf(_("%d 小时 %d 分钟"), (int)(seconds / 3600), (int)(seconds % 3600 / 60));
  return g_strdup_printf(_("%d 天"), (int)(seconds / 86400));
}

static char *
clock_text(gint64 at)
{
  g_autoptr(GDateTime) time = at > 0 ? g_date_time_new_from_unix_local(at) : NULL;

  return time ? g_date_time_format(time, "%Y-%m-%d %H:%M") : g_strdup("—");
}

/* Six digits of region, the last four: enough to match a card held up at
 * the window, not enough to be the number. */
static char *
masked_id(const char *id_number)
{
  size_t length = id_number ? strlen(id_number) : 0;

  if (length < 10)
    return g_strdup("********");
  return g_strdup_printf("%.6s********%s", id_number, id_number + length - 4);
}

/* ---- the queue and the 台账 ---- */

static void open_case(WindowConsole *self, const char *number);
static void refresh_case(WindowConsole *self, const char *number);

static void
on_listing_clicked(GtkButton *button, WindowConsole *self)
{
  open_case(self, g_object_get_data(G_OBJECT(button), "case-number"));
}

static GtkWidget *
listing_button(WindowConsole *self, const AnyiLedgerListing *listing, gboolean with_history)
{
  g_autofree char *age = age_text(anyi_ledger_now(self->ledger) - listing->handed_off_at);
  g_autofree char *history =
      with_history ? g_strdup_printf(_("   记录 %u 条"), listing->history_length) : g_strdup("");
  g_autofree char *text = g_strdup_printf(
      "%s   %s   %s   %s %s   %s%s%s%s", listing->case_number,
      window_words_service(self->catalogue, listing->service_id),
      listing->reason ? window_words_reason(listing->reason) : "", _("等候"), age,
      listing->owner ? _("受理人 ") : _("未认领"), listing->owner ? listing->owner : "", history,
      listing->overdue ? _("   【逾期】") : "");
  GtkWidget *button = gtk_button_new_with_label(text);

  gtk_label_set_xalign(GTK_LABEL(gtk_button_get_child(GTK_BUTTON(button))), 0);
  if (listing->overdue)
    gtk_widget_add_css_class(button, "overdue");
  g_object_set_data_full(G_OBJECT(button), "case-number", g_strdup(listing->case_number), g_free);
  g_signal_connect(button, "clicked", G_CALLBACK(on_listing_clicked), self);
  return button;
}

static char *
queue_signature(GPtrArray *listings)
{
  GString *seen = g_string_new(NULL);

  for (guint i = 0; i < listings->len; i++) {
    AnyiLedgerListing *listing = g_ptr_array_index(listings, i);
    g_string_append_printf(seen, "%s/%s/%s;", listing->case_number, listing->status,
                           listing->owner ? listing->owner : "");
  }
  return g_string_free(seen, FALSE);
}

/* Citizens at a kiosk who called staff over (人工帮助), from the ledger:
 * the kiosk's store, or the server its outbox sends them to. NULL when
 * they cannot be read (the queue shows anyway). */
static GPtrArray *
open_staff_calls(WindowConsole *self, GString *signature)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *calls = anyi_ledger_open_calls(self->ledger, &error);

  if (!calls) {
    log_failure(error, "window: staff calls: %s", error->message);
    return NULL;
  }
  for (guint i = 0; i < calls->len; i++) {
    AnyiStaffCall *call = calls->pdata[i];
    g_string_append_printf(signature, " call:%s:%" G_GINT64_FORMAT, call->kiosk, call->id);
  }
  return calls;
}

static void show_queue(WindowConsole *self, gboolean force);

static void
on_answer_call_clicked(GtkButton *button, WindowConsole *self)
{
  const char *kiosk = g_object_get_data(G_OBJECT(button), "kiosk");
  gint64 id = GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(button), "call-id"));
  g_autoptr(GError) error = NULL;

  if (!anyi_ledger_answer_call(self->ledger, kiosk, id, self->staff, &error)) {
    log_failure(error, "window: answer call %" G_GINT64_FORMAT " of %s: %s", id, kiosk,
                error->message);
    if (g_error_matches(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_CONFLICT))
      say(self, _("这个呼叫已有人应答，或市民已离开"));
    else
      say_failure(self, error, _("未能应答呼叫，请联系技术人员"));
  } else {
    g_autofree char *text = g_strdup_printf(_("已应答 %s 的呼叫，请到机器旁"), kiosk);
    say(self, text);
  }
  show_queue(self, TRUE);
}

static void
add_staff_calls(WindowConsole *self, GPtrArray *calls)
{
  gint64 now = g_get_real_time() / G_USEC_PER_SEC;

  for (guint i = 0; calls && i < calls->len; i++) {
    AnyiStaffCall *call = calls->pdata[i];
    g_autofree char *waited = age_text(now - call->raised_at);
    g_autofree char *text = g_strdup_printf(
        _("%s 有市民呼叫工作人员到机器旁（已等 %s）%s%s"), call->kiosk, waited,
        call->case_number ? _("，业务编号 ") : "", call->case_number ? call->case_number : "");
    GtkBox *row = GTK_BOX(gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12));
    GtkWidget *answer = gtk_button_new_with_label(_("应答呼叫"));

    gtk_box_append(row, text_label(text, "title-2"));
    g_object_set_data_full(G_OBJECT(answer), "kiosk", g_strdup(call->kiosk), g_free);
    g_object_set_data(G_OBJECT(answer), "call-id", GSIZE_TO_POINTER((gsize)call->id));
    g_signal_connect(answer, "clicked", G_CALLBACK(on_answer_call_clicked), self);
    gtk_box_append(row, answer);
    gtk_box_append(self->queue_box, GTK_WIDGET(row));
  }
}

static void
show_queue(WindowConsole *self, gboolean force)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listings = anyi_ledger_list_waiting(self->ledger, 0, 200, &error);
  g_autofree char *seen = NULL;
  g_autoptr(GString) signature = NULL;
  g_autoptr(GPtrArray) calls = NULL;

  if (!listings) {
    log_failure(error, "window: queue: %s", error->message);
    say_failure(self, error, _("读取等候队列失败，请联系技术人员"));
    return;
  }
  seen = queue_signature(listings);
  signature = g_string_new(seen);
  calls = open_staff_calls(self, signature);
  if (!force && g_strcmp0(signature->str, self->queue_seen) == 0)
    return;
  g_free(self->queue_seen);
  self->queue_seen = g_string_free(g_steal_pointer(&signature), FALSE);
  empty_box(self->queue_box);
  add_staff_calls(self, calls);
  add_text(self->queue_box, "title-2", _("等候办理 %u 件"), listings->len);
  for (guint i = 0; i < listings->len; i++)
    gtk_box_append(self->queue_box, listing_button(self, listings->pdata[i], FALSE));
}

static void
show_ledger(WindowConsole *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hard =
      anyi_ledger_hard_cases(self->ledger, WINDOW_CONSOLE_WAIT_LIMIT_SECONDS, &error);

  empty_box(self->ledger_box);
  if (!hard) {
    log_failure(error, "window: 台账: %s", error->message);
    say_failure(self, error, _("读取台账失败，请联系技术人员"));
    return;
  }
  add_text(self->ledger_box, "title-2", _("台账：未办结的难办件 %u 件"), hard->len);
  for (guint i = 0; i < hard->len; i++)
    gtk_box_append(self->ledger_box, listing_button(self, hard->pdata[i], TRUE));
}

/* ---- 容缺 follow-up ---- */

static void
today(WindowConsole *self, GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local(anyi_ledger_now(self->ledger));

  g_date_clear(date, 1);
  g_date_set_dmy(date, g_date_time_get_day_of_month(now), g_date_time_get_month(now),
                 g_date_time_get_year(now));
}

static const char *
commitment_state_label(const char *state)
{
  if (g_str_equal(state, "received"))
    return _("已收到");
  if (g_str_equal(state, "overdue"))
    return _("已逾期");
  return _("待补");
}

static void show_follow_up(WindowConsole *self);

static void
on_received_clicked(GtkButton *button, WindowConsole *self)
{
  const char *number = g_object_get_data(G_OBJECT(button), "case-number");
  const char *material = g_object_get_data(G_OBJECT(button), "material-id");
  g_autoptr(GError) error = NULL;

  if (!anyi_ledger_material_received(self->ledger, number, material, self->staff, &error)) {
    g_warning("window: received %s of %s: %s", material, number, error->message);
    say(self, _("未能登记收到材料"));
    return;
  }
  say(self, _("已登记收到材料"));
  if (g_strcmp0(window_console_get_view(self), "case") == 0)
    refresh_case(self, number);
  else
    show_follow_up(self);
}

static GtkWidget *
commitment_row(WindowConsole *self, const AnyiLedgerCommitment *commitment, const GDate *day,
               gboolean with_case)
{
  GtkBox *row = GTK_BOX(gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12));
  const char *state = anyi_ledger_commitment_state(commitment, day);
  g_autofree char *text = g_strdup_printf(
      "%s%s%s   %s %s   %s", with_case ? commitment->case_number : "", with_case ? "   " : "",
      commitment->name ? commitment->name : commitment->material_id, _("截止"),
      commitment->deadline ? commitment->deadline : "—", commitment_state_label(state));
  GtkWidget *button;

  gtk_box_append(row, text_label(text, g_str_equal(state, "overdue") ? "overdue" : NULL));
  if (commitment->received_at == 0) {
    button = gtk_button_new_with_label(_("收到材料"));
    g_object_set_data_full(G_OBJECT(button), "case-number", g_strdup(commitment->case_number),
                           g_free);
    g_object_set_data_full(G_OBJECT(button), "material-id", g_strdup(commitment->material_id),
                           g_free);
    g_signal_connect(button, "clicked", G_CALLBACK(on_received_clicked), self);
    gtk_box_append(row, button);
  }
  return GTK_WIDGET(row);
}

static void
show_follow_up(WindowConsole *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commitments = anyi_ledger_commitments(self->ledger, TRUE, &error);
  GDate day;

  empty_box(self->follow_up_box);
  if (!commitments) {
    log_failure(error, "window: 容缺: %s", error->message);
    say_failure(self, error, _("读取容缺材料失败，请联系技术人员"));
    return;
  }
  today(self, &day);
  add_text(self->follow_up_box, "title-2", _("容缺材料跟进 %u 项"), commitments->len);
  for (guint i = 0; i < commitments->len; i++)
    gtk_box_append(self->follow_up_box, commitment_row(self, commitments->pdata[i], &day, TRUE));
}

/* ---- the day's figures ---- */

static void
on_export_clicked(WindowConsole *self)
{
  g_autoptr(GError) error = NULL;
  GDate day;
  g_autoptr(AnyiLedgerStats) stats = NULL;
  g_autofree char *csv = NULL, *name = NULL;
  const char *dir = g_getenv("ANYI_WINDOW_EXPORT_DIR");

  today(self, &day);
  stats = anyi_ledger_day_stats(self->ledger, &day, &error);
  if (!stats) {
    g_warning("window: figures: %s", error->message);
    say(self, _("统计失败，请联系技术人员"));
    return;
  }
  csv = anyi_ledger_stats_to_csv(stats);
  name = g_strdup_printf("anyi-stats-%s.csv", stats->day);
  if (!dir)
    dir = g_get_user_special_dir(G_USER_DIRECTORY_DOCUMENTS);
  g_free(self->export_path);
  self->export_path = g_build_filename(dir ? dir : g_get_home_dir(), name, NULL);
  if (!g_file_set_contents(self->export_path, csv, -1, &error)) {
    g_warning("window: export %s: %s", self->export_path, error->message);
    say(self, _("导出失败：无法写入文件"));
    g_clear_pointer(&self->export_path, g_free);
    return;
  }
  {
    g_autofree char *text = g_strdup_printf(_("已导出：%s"), self->export_path);
    say(self, text);
  }
}

static void
show_stats(WindowConsole *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedgerStats) stats = NULL;
  GDate day;

  empty_box(self->stats_box);
  today(self, &day);
  stats = anyi_ledger_day_stats(self->ledger, &day, &error);
  if (!stats) {
    g_warning("window: figures: %s", error->message);
    say(self, _("统计失败，请联系技术人员"));
    return;
  }
  add_text(self->stats_box, "title-2", _("%s 业务统计"), stats->day);
  add_text(self->stats_box, NULL, _("共 %u 件：自助机办结 %u 件，转窗口 %u 件"), stats->cases,
           stats->finished_at_kiosk, stats->handed_off);
  if (stats->median_seconds >= 0)
    add_text(self->stats_box, NULL, _("自助机用时中位数 %" G_GINT64_FORMAT " 秒"),
             stats->median_seconds);
  if (stats->median_window_seconds >= 0)
    add_text(self->stats_box, NULL, _("窗口处理用时中位数 %" G_GINT64_FORMAT " 秒"),
             stats->median_window_seconds);
  add_text(self->stats_box, "heading", _("按业务"));
  for (guint i = 0; i < stats->services->len; i++) {
    AnyiLedgerServiceCount *count = stats->services->pdata[i];
    add_text(self->stats_box, NULL, _("%s：%u 件（办结 %u，转窗口 %u）"),
             window_words_service(self->catalogue, count->service_id), count->cases,
             count->finished_at_kiosk, count->handed_off);
  }
  add_text(self->stats_box, "heading", _("转窗口原因"));
  for (guint i = 0; i < stats->reasons->len; i++) {
    AnyiLedgerReasonCount *count = stats->reasons->pdata[i];
    add_text(self->stats_box, NULL, "%s：%u", window_words_reason(count->reason), count->count);
  }
  gtk_box_append(self->stats_box, button_for(_("导出 CSV"), G_CALLBACK(on_export_clicked), self));
}

/* ---- the case view ---- */

/* The answers (question id -> yes/no) or the form (field id -> value) in
 * the catalogue's words. */
static void
add_object_lines(WindowConsole *self, GtkBox *box, const char *title, JsonObject *object,
                 const char *service_id, gboolean answers)
{
  g_autoptr(GList) names = object ? json_object_get_members(object) : NULL;

  if (!names)
    return;
  add_text(box, "heading", "%s", title);
  for (GList *l = names; l; l = l->next) {
    const char *id = l->data;
    JsonNode *node = json_object_get_member(object, id);
    g_autofree char *value = NULL;
    const char *label = answers ? window_words_question(self->catalogue, service_id, id)
                                : window_words_field(self->catalogue, service_id, id);
    if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_BOOLEAN)
      value = g_strdup(json_node_get_boolean(node) ? _("是") : _("否"));
    else if (JSON_NODE_HOLDS_VALUE(node))
      value = json_node_dup_string(node);
    add_text(box, NULL, "%s：%s", label,
             value ? window_words_choice(self->catalogue, service_id, id, value) : "—");
  }
}

static void on_reveal_clicked(WindowConsole *self);

static void
add_card(WindowConsole *self, GtkBox *box, const AnyiLedgerCase *kase)
{
  const char *id_number = anyi_ledger_case_id_number(kase);
  g_autofree char *shown = self->id_revealed ? g_strdup(id_number) : masked_id(id_number);
  JsonObject *card = kase->card;

  if (!card)
    return;
  add_text(box, "heading", _("身份证件"));
  add_text(box, NULL, _("姓名：%s"), json_object_get_string_member_with_default(card, "name", ""));
  add_text(box, NULL, _("性别：%s　出生：%s"),
           window_words_sex(json_object_get_string_member_with_default(card, "sex", "")),
           json_object_get_string_member_with_default(card, "birth", ""));
  add_text(box, NULL, _("身份证号：%s"), shown);
  if (!self->id_revealed && id_number)
    gtk_box_append(box, button_for(_("显示身份证号"), G_CALLBACK(on_reveal_clicked), self));
  add_text(box, NULL, _("住址：%s"),
           json_object_get_string_member_with_default(card, "address", ""));
  add_text(box, NULL, _("有效期至：%s"),
           json_object_get_string_member_with_default(card, "valid_to", ""));
}

static void
add_images(WindowConsole *self, GtkBox *box, const AnyiLedgerCase *kase)
{
  GPtrArray *images = kase->images;

  if (images->len == 0)
    return;
  add_text(box, "heading", _("照片和扫描件"));
  for (guint i = 0; i < images->len; i++) {
    AnyiLedgerImage *image = images->pdata[i];
    g_autoptr(GdkTexture) texture = NULL;
    g_autoptr(GError) error = NULL;
    GtkWidget *picture;
    add_text(box, NULL, "%s", window_words_image(self->catalogue, kase->service_id, image->what));
    if (image->jpeg)
      texture = gdk_texture_new_from_bytes(image->jpeg, &error);
    if (!texture) {
      add_text(box, "problem", "%s", image->problem ? image->problem : _("图片无法显示"));
      continue;
    }
    /* full size: staff compare the face with the person at the window */
    picture = gtk_picture_new_for_paintable(GDK_PAINTABLE(texture));
    gtk_picture_set_can_shrink(GTK_PICTURE(picture), FALSE);
    gtk_widget_set_halign(picture, GTK_ALIGN_START);
    gtk_box_append(box, picture);
  }
}

static void
add_payment(GtkBox *box, const AnyiLedgerCase *kase)
{
  if (kase->amount_fen <= 0)
    return;
  add_text(box, "heading", _("缴费"));
  add_text(box, NULL, _("金额 ¥%" G_GINT64_FORMAT ".%02d　订单 %s　状态 %s"),
           kase->amount_fen / 100, (int)(kase->amount_fen % 100),
           kase->order_id ? kase->order_id : "—",
           kase->payment_state ? window_words_payment(kase->payment_state) : "—");
}

static void
add_history(WindowConsole *self, GtkBox *box, GPtrArray *history)
{
  add_text(box, "heading", _("经过"));
  for (guint i = 0; i < history->len; i++) {
    AnyiLedgerEvent *event = history->pdata[i];
    g_autofree char *at = clock_text(event->at);
    add_text(box, NULL, "%s  %s  %s  %s", at,
             g_strcmp0(event->actor, "kiosk") == 0 ? _("自助机") : event->actor,
             window_words_event(event->what),
             event->detail ? window_words_detail(self->catalogue, event->detail) : "");
  }
}

/* ---- printing at the window ---- */

/* The window's own printer: $ANYI_WINDOW_PRINTER, else the A4 queue of
 * kiosk.conf (a one-kiosk hall shares its printer with the window). */
static char *
window_queue(void)
{
  const char *queue = g_getenv("ANYI_WINDOW_PRINTER");
  g_autoptr(AnyiSettings) settings = NULL;

  if (queue && *queue)
    return g_strdup(queue);
  settings = anyi_settings_load(NULL);
  return settings && settings->a4_queue ? g_strdup(settings->a4_queue) : NULL;
}

static void
on_printed(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(AnyiPrintJob) job = ANYI_PRINT_JOB(source);
  g_autoptr(GError) error = NULL;

  if (!anyi_print_job_run_finish(job, result, &error)) {
    if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      return;
    g_warning("window: print %s: %s", anyi_print_job_get_title(job), error->message);
    say(WINDOW_CONSOLE(data), _("打印失败，请检查窗口打印机"));
    return;
  }
  say(WINDOW_CONSOLE(data), _("打印完成"));
}

static void
print_document(WindowConsole *self, const char *template_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiPrintTemplate) template = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *title = NULL, *queue = window_queue();
  JsonObject *data = NULL;
  AnyiPrintJob *job;

  for (guint i = 0; self->documents && i < json_array_get_length(self->documents); i++) {
    JsonObject *document = json_array_get_object_element(self->documents, i);
    if (g_strcmp0(json_object_get_string_member_with_default(document, "template", NULL),
                  template_name) == 0 &&
        json_object_has_member(document, "data"))
      data = json_object_get_object_member(document, "data");
  }
  template = data ? anyi_print_template_load_named(template_name, &error) : NULL;
  pdf = template ? anyi_print_template_render_pdf_bytes(template, data, &error) : NULL;
  if (!queue) {
    say(self, _("窗口没有设置打印机"));
    return;
  }
  if (!pdf) {
    g_warning("window: render %s of %s: %s", template_name, self->case_number,
              error ? error->message : "no such document");
    say(self, _("无法生成这份文书"));
    return;
  }
  title = g_strdup_printf("window-%s-%s", self->case_number, template_name);
  job = anyi_print_job_new(queue, title, pdf, "application/pdf");
  g_cancellable_cancel(self->printing);
  g_clear_object(&self->printing);
  self->printing = g_cancellable_new();
  say(self, _("正在打印……"));
  anyi_print_job_run_async(job, self->printing, on_printed, self);
}

static void
on_print_clicked(GtkButton *button, WindowConsole *self)
{
  print_document(self, g_object_get_data(G_OBJECT(button), "template"));
}

static void
add_print_buttons(WindowConsole *self, GtkBox *box)
{
  static const struct {
    const char *template_name;
    const char *label;
  } printable[] = {{"one-time-notice", N_("打印一次性告知书")}, {"receipt", N_("打印回执")}};

  for (guint i = 0; i < G_N_ELEMENTS(printable); i++)
    for (guint j = 0; j < json_array_get_length(self->documents); j++) {
      JsonObject *document = json_array_get_object_element(self->documents, j);
      GtkWidget *button;
      if (g_strcmp0(json_object_get_string_member_with_default(document, "template", NULL),
                    printable[i].template_name) != 0)
        continue;
      button = gtk_button_new_with_label(_(printable[i].label));
      g_object_set_data(G_OBJECT(button), "template", (gpointer)printable[i].template_name);
      g_signal_connect(button, "clicked", G_CALLBACK(on_print_clicked), self);
      gtk_box_append(box, button);
      break;
    }
}

static void on_claim_clicked(WindowConsole *self);
static void on_note_clicked(WindowConsole *self);
static void on_outcome_clicked(WindowConsole *self);

static void
add_actions(WindowConsole *self, GtkBox *box, const AnyiLedgerCase *kase)
{
  static const char *const outcome_names[] = {N_("已办结"), N_("待补材料"), N_("已转办"),
                                              N_("不予受理"), NULL};
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new(NULL);

  for (guint i = 0; outcome_names[i]; i++)
    gtk_string_list_append(outcomes, _(outcome_names[i]));
  add_text(box, "heading", _("办理"));
  if (g_strcmp0(kase->status, ANYI_LEDGER_STATUS_CLOSED) == 0) {
    add_text(box, NULL, _("已结案：%s"), anyi_ledger_outcome_label(kase->outcome));
    return;
  }
  if (g_strcmp0(kase->owner, self->staff) != 0)
    gtk_box_append(box, button_for(_("认领"), G_CALLBACK(on_claim_clicked), self));
  self->note_entry = GTK_ENTRY(gtk_entry_new());
  gtk_entry_set_placeholder_text(self->note_entry, _("备注（仅窗口可见）"));
  gtk_box_append(box, GTK_WIDGET(self->note_entry));
  gtk_box_append(box, button_for(_("添加备注"), G_CALLBACK(on_note_clicked), self));
  self->outcome_choice =
      GTK_DROP_DOWN(gtk_drop_down_new(G_LIST_MODEL(g_object_ref(outcomes)), NULL));
  gtk_box_append(box, GTK_WIDGET(self->outcome_choice));
  self->reason_entry = GTK_ENTRY(gtk_entry_new());
  gtk_entry_set_placeholder_text(self->reason_entry, _("不予受理的理由"));
  gtk_box_append(box, GTK_WIDGET(self->reason_entry));
  self->citizen_note_entry = GTK_ENTRY(gtk_entry_new());
  gtk_entry_set_placeholder_text(self->citizen_note_entry, _("告诉群众的话（查询进度时显示）"));
  gtk_box_append(box, GTK_WIDGET(self->citizen_note_entry));
  gtk_box_append(box, button_for(_("记录结果"), G_CALLBACK(on_outcome_clicked), self));
}

static void
fill_case(WindowConsole *self, const AnyiLedgerCase *kase)
{
  GtkBox *box = self->case_box;
  g_autofree char *created = clock_text(kase->created_at);
  g_autofree char *handed = clock_text(kase->handed_off_at);
  GDate day;

  self->note_entry = NULL;
  self->outcome_choice = NULL;
  self->reason_entry = NULL;
  self->citizen_note_entry = NULL;
  empty_box(box);
  add_text(box, "title-2", _("案件 %s　%s"), kase->case_number,
           window_words_service(self->catalogue, kase->service_id));
  add_text(box, NULL, _("自助机 %s　开始 %s　转窗口 %s"), kase->kiosk_id, created, handed);
  add_text(box, NULL, _("状态：%s　受理人：%s　结果：%s"), window_words_status(kase->status),
           kase->owner ? kase->owner : _("未认领"), anyi_ledger_outcome_label(kase->outcome));
  if (kase->reason)
    add_text(box, NULL, _("转窗口原因：%s %s"), window_words_reason(kase->reason),
             kase->reason_detail ? kase->reason_detail : "");
  if (kase->citizen_note)
    add_text(box, NULL, _("告诉群众：%s"), kase->citizen_note);
  add_card(self, box, kase);
  add_object_lines(self, box, _("问答"), kase->answers, kase->service_id, TRUE);
  add_object_lines(self, box, _("表单"), kase->form, kase->service_id, FALSE);
  add_payment(box, kase);
  if (kase->commitments->len > 0) {
    today(self, &day);
    add_text(box, "heading", _("容缺承诺"));
    for (guint i = 0; i < kase->commitments->len; i++)
      gtk_box_append(box, commitment_row(self, kase->commitments->pdata[i], &day, FALSE));
  }
  if (kase->printed->len > 0) {
    add_text(box, "heading", _("已打印"));
    for (guint i = 0; i < kase->printed->len; i++) {
      g_autofree char *words = window_words_printed(kase->printed->pdata[i]);
      add_text(box, NULL, "%s", words);
    }
  }
  g_clear_pointer(&self->documents, json_array_unref);
  self->documents = json_array_ref(kase->documents);
  add_print_buttons(self, box);
  add_images(self, box, kase);
  add_actions(self, box, kase);
  add_history(self, box, kase->history);
}

/* Shows the case again after an action on it (a reveal stays). */
static void
refresh_case(WindowConsole *self, const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnyiLedgerCase) kase = anyi_ledger_get_case(self->ledger, number, &error);

  if (!kase) {
    log_failure(error, "window: open %s: %s", number, error->message);
    say_failure(self, error, _("无法打开这个案件"));
    return;
  }
  g_free(self->case_number);
  self->case_number = g_strdup(kase->case_number);
  fill_case(self, kase);
  gtk_stack_set_visible_child_name(self->views, "case");
}

/* Opens a case from the queue, the 台账 or a search: its ID number masked
 * again, whoever saw it before. */
static void
open_case(WindowConsole *self, const char *number)
{
  self->id_revealed = FALSE;
  refresh_case(self, number);
}

static void
on_reveal_clicked(WindowConsole *self)
{
  g_autoptr(GError) error = NULL;

  /* no audit line, no number */
  if (!anyi_ledger_audit_reveal(self->ledger, self->case_number, self->staff, &error)) {
    g_warning("window: reveal audit for %s: %s", self->case_number, error->message);
    say(self, _("无法记录查看，身份证号不予显示"));
    return;
  }
  self->id_revealed = TRUE;
  refresh_case(self, self->case_number);
}

static void
after_action(WindowConsole *self, gboolean done, GError *error, const char *what, const char *ok)
{
  if (!done) {
    log_failure(error, "window: %s %s: %s", what, self->case_number, error->message);
    if (g_error_matches(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_CONFLICT))
      say(self, _("这个案件已由其他窗口受理或已结案"));
    else if (g_error_matches(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_INVALID))
      say(self, _("请填写完整：不予受理须写明理由，备注不能为空"));
    else
      say_failure(self, error, _("操作失败，请联系技术人员"));
    g_error_free(error);
    return;
  }
  say(self, ok);
  refresh_case(self, self->case_number);
}

static void
on_claim_clicked(WindowConsole *self)
{
  GError *error = NULL;
  gboolean done = anyi_ledger_claim(self->ledger, self->case_number, self->staff, &error);

  after_action(self, done, error, "claim", _("已认领"));
}

static void
on_note_clicked(WindowConsole *self)
{
  GError *error = NULL;
  gboolean done =
      anyi_ledger_add_note(self->ledger, self->case_number, self->staff,
                           gtk_editable_get_text(GTK_EDITABLE(self->note_entry)), &error);

  after_action(self, done, error, "note", _("备注已保存"));
}

static void
on_outcome_clicked(WindowConsole *self)
{
  AnyiLedgerOutcome outcome =
      ANYI_LEDGER_OUTCOME_FINISHED + gtk_drop_down_get_selected(self->outcome_choice);
  GError *error = NULL;
  gboolean done = anyi_ledger_record_outcome(
      self->ledger, self->case_number, self->staff, outcome,
      gtk_editable_get_text(GTK_EDITABLE(self->reason_entry)),
      gtk_editable_get_text(GTK_EDITABLE(self->citizen_note_entry)), &error);

  after_action(self, done, error, "outcome", _("结果已记录"));
}

/* ---- opening a case: scanner, case number, ID number ---- */

static void
on_open_activate(WindowConsole *self)
{
  const char *query = gtk_editable_get_text(GTK_EDITABLE(self->open_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *number = anyi_ledger_find(self->ledger, query, &error);

  /* the entry may hold an ID number: it does not stay on screen */
  gtk_editable_set_text(GTK_EDITABLE(self->open_entry), "");
  if (!number) {
    g_info("window: nothing found for a query of %zu characters: %s", strlen(query),
           error->message);
    say(self, _("没有找到这个案件：请核对案件号或身份证号"));
    return;
  }
  say(self, NULL);
  open_case(self, number);
}

/* ---- switching views, the poll ---- */

static void
show_view(WindowConsole *self, const char *view)
{
  say(self, NULL);
  if (g_str_equal(view, "queue"))
    show_queue(self, TRUE);
  else if (g_str_equal(view, "ledger"))
    show_ledger(self);
  else if (g_str_equal(view, "follow-up"))
    show_follow_up(self);
  else if (g_str_equal(view, "stats"))
    show_stats(self);
  gtk_stack_set_visible_child_name(self->views, view);
}

static void
on_view_clicked(GtkButton *button, WindowConsole *self)
{
  show_view(self, g_object_get_data(G_OBJECT(button), "view"));
}

static gboolean
poll_queue(gpointer data)
{
  WindowConsole *self = data;

  if (g_strcmp0(window_console_get_view(self), "queue") == 0)
    show_queue(self, FALSE);
  return G_SOURCE_CONTINUE;
}

/* The hall's server says when a case arrives or changes (LISTEN/NOTIFY,
 * its socket watched on the main loop); the kiosk's SQLite file is read
 * again every WINDOW_CONSOLE_POLL_MS. A server that refuses to notify is
 * polled too. */
/* The server away and back (PostgreSQL): the banner, then a fresh view. */
static void
on_online_changed(AnyiLedgerPg *ledger, GParamSpec *pspec, WindowConsole *self)
{
  const char *view = window_console_get_view(self);

  (void)pspec;
  if (!anyi_ledger_pg_is_online(ledger)) {
    say(self, _(OFFLINE_TEXT));
    gtk_label_set_text(self->sign_in_message, _(OFFLINE_TEXT));
    return;
  }
  say(self, NULL);
  gtk_label_set_text(self->sign_in_message, "");
  if (g_strcmp0(view, "case") == 0 && self->case_number)
    refresh_case(self, self->case_number);
  else if (g_strcmp0(view, "sign-in") != 0)
    show_view(self, view);
}

static void
keep_queue_live(WindowConsole *self)
{
  g_autoptr(GError) error = NULL;

  if (self->watching || self->poll_id)
    return;
  if (ANYI_IS_LEDGER_PG(self->ledger)) {
    self->watching = anyi_ledger_pg_watch(ANYI_LEDGER_PG(self->ledger), poll_queue, self, &error);
    if (self->watching)
      return;
    g_warning("window: the ledger's server sends no notifications, polling instead: %s",
              error->message);
  }
  self->poll_id = g_timeout_add(WINDOW_CONSOLE_POLL_MS, poll_queue, self);
}

/* ---- sign-in ---- */

static const char *
sign_in_refusal(const GError *error)
{
  if (g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_LOCKED))
    return _("尝试次数过多，请十分钟后再试");
  if (g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_WEAK_PIN))
    return _("密码已不符合规定，请技术人员重设");
  if (g_error_matches(error, ANYI_LEDGER_ERROR, ANYI_LEDGER_ERROR_OFFLINE))
    return _(OFFLINE_TEXT);
  if (g_error_matches(error, ANYI_STAFF_ERROR, ANYI_STAFF_ERROR_REFUSED))
    return _("工号或密码不对");
  g_warning("window: sign-in: %s", error->message);
  return _("现在无法登录，请联系技术人员");
}

/* The form waits, greyed, while the PIN is checked off the main thread. */
static void
set_signing_in(WindowConsole *self, gboolean signing_in)
{
  self->signing_in = signing_in;
  gtk_widget_set_sensitive(self->sign_in_button, !signing_in);
  /* not insensitive: an entry that loses its focus so complains (GTK) */
  gtk_editable_set_editable(GTK_EDITABLE(self->login), !signing_in);
  gtk_editable_set_editable(GTK_EDITABLE(self->pin), !signing_in);
  if (signing_in)
    gtk_label_set_text(self->sign_in_message, _("正在核对…"));
}

static void
on_signed_in(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(WindowConsole) self = data;
  g_autofree char *role = NULL, *name = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = anyi_ledger_sign_in_finish(self->ledger, result, &role, &name, &error);

  set_signing_in(self, FALSE);
  gtk_editable_set_text(GTK_EDITABLE(self->pin), "");
  if (!ok) {
    gtk_label_set_text(self->sign_in_message, sign_in_refusal(error));
    gtk_widget_grab_focus(GTK_WIDGET(self->pin));
    return;
  }
  gtk_label_set_text(self->sign_in_message, "");
  g_free(self->staff);
  self->staff = g_strdup(gtk_editable_get_text(GTK_EDITABLE(self->login)));
  gtk_stack_set_visible_child_name(self->top, "main");
  show_view(self, "queue");
  gtk_widget_grab_focus(GTK_WIDGET(self->open_entry));
  keep_queue_live(self);
}

static void
on_sign_in(WindowConsole *self)
{
  const char *login = gtk_editable_get_text(GTK_EDITABLE(self->login));
  const char *pin = gtk_editable_get_text(GTK_EDITABLE(self->pin));

  if (self->signing_in)
    return;
  set_signing_in(self, TRUE);
  anyi_ledger_sign_in_async(self->ledger, login, pin, NULL, on_signed_in, g_object_ref(self));
}

static GtkWidget *
sign_in_view(WindowConsole *self)
{
  GtkBox *box = vbox(12);

  gtk_widget_set_halign(GTK_WIDGET(box), GTK_ALIGN_CENTER);
  gtk_widget_set_valign(GTK_WIDGET(box), GTK_ALIGN_CENTER);
  add_text(box, "title-1", _("窗口登录"));
  self->login = GTK_ENTRY(gtk_entry_new());
  gtk_entry_set_placeholder_text(self->login, _("工号"));
  gtk_box_append(box, GTK_WIDGET(self->login));
  self->pin = GTK_PASSWORD_ENTRY(gtk_password_entry_new());
  g_signal_connect_swapped(self->pin, "activate", G_CALLBACK(on_sign_in), self);
  gtk_box_append(box, GTK_WIDGET(self->pin));
  self->sign_in_button = button_for(_("登录"), G_CALLBACK(on_sign_in), self);
  gtk_box_append(box, self->sign_in_button);
  self->sign_in_message = GTK_LABEL(text_label("", "problem"));
  gtk_box_append(box, GTK_WIDGET(self->sign_in_message));
  return GTK_WIDGET(box);
}

static GtkWidget *
main_view(WindowConsole *self)
{
  static const struct {
    const char *name;
    const char *label;
  } views[] = {{"queue", N_("等候队列")},
               {"ledger", N_("台账")},
               {"follow-up", N_("容缺跟进")},
               {"stats", N_("今日统计")}};
  GtkBox *box = vbox(6);
  GtkBox *bar = GTK_BOX(gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6));

  self->open_entry = GTK_ENTRY(gtk_entry_new());
  gtk_entry_set_placeholder_text(self->open_entry,
                                 _("扫描回执二维码，或输入案件号、身份证号后回车"));
  gtk_widget_set_hexpand(GTK_WIDGET(self->open_entry), TRUE);
  g_signal_connect_swapped(self->open_entry, "activate", G_CALLBACK(on_open_activate), self);
  gtk_box_append(bar, GTK_WIDGET(self->open_entry));
  for (guint i = 0; i < G_N_ELEMENTS(views); i++) {
    GtkWidget *button = gtk_button_new_with_label(_(views[i].label));
    g_object_set_data(G_OBJECT(button), "view", (gpointer)views[i].name);
    g_signal_connect(button, "clicked", G_CALLBACK(on_view_clicked), self);
    gtk_box_append(bar, button);
  }
  gtk_box_append(box, GTK_WIDGET(bar));
  self->message = GTK_LABEL(text_label("", "message"));
  gtk_box_append(box, GTK_WIDGET(self->message));

  self->views = GTK_STACK(gtk_stack_new());
  self->queue_box = vbox(4);
  self->case_box = vbox(4);
  self->ledger_box = vbox(4);
  self->follow_up_box = vbox(4);
  self->stats_box = vbox(4);
  gtk_stack_add_named(self->views, scrolled(self->queue_box), "queue");
  gtk_stack_add_named(self->views, scrolled(self->case_box), "case");
  gtk_stack_add_named(self->views, scrolled(self->ledger_box), "ledger");
  gtk_stack_add_named(self->views, scrolled(self->follow_up_box), "follow-up");
  gtk_stack_add_named(self->views, scrolled(self->stats_box), "stats");
  gtk_box_append(box, GTK_WIDGET(self->views));
  return GTK_WIDGET(box);
}

/* ---- the object ---- */

const char *
window_console_get_view(WindowConsole *self)
{
  g_return_val_if_fail(WINDOW_IS_CONSOLE(self), NULL);
  if (g_strcmp0(gtk_stack_get_visible_child_name(self->top), "sign-in") == 0)
    return "sign-in";
  return gtk_stack_get_visible_child_name(self->views);
}

const char *
window_console_get_case_number(WindowConsole *self)
{
  g_return_val_if_fail(WINDOW_IS_CONSOLE(self), NULL);
  return self->case_number;
}

const char *
window_console_get_export_path(WindowConsole *self)
{
  g_return_val_if_fail(WINDOW_IS_CONSOLE(self), NULL);
  return self->export_path;
}

static void
window_console_dispose(GObject *object)
{
  WindowConsole *self = WINDOW_CONSOLE(object);

  g_clear_handle_id(&self->poll_id, g_source_remove);
  g_clear_signal_handler(&self->online_handler, self->ledger);
  if (self->watching)
    anyi_ledger_pg_unwatch(ANYI_LEDGER_PG(self->ledger));
  self->watching = FALSE;
  g_cancellable_cancel(self->printing);
  g_clear_object(&self->printing);
  g_clear_pointer(&self->documents, json_array_unref);
  g_clear_object(&self->catalogue);
  G_OBJECT_CLASS(window_console_parent_class)->dispose(object);
}

static void
window_console_finalize(GObject *object)
{
  WindowConsole *self = WINDOW_CONSOLE(object);

  g_free(self->staff);
  g_free(self->case_number);
  g_free(self->export_path);
  g_free(self->queue_seen);
  G_OBJECT_CLASS(window_console_parent_class)->finalize(object);
}

static void
window_console_class_init(WindowConsoleClass *klass)
{
  G_OBJECT_CLASS(klass)->dispose = window_console_dispose;
  G_OBJECT_CLASS(klass)->finalize = window_console_finalize;
}

static void
window_console_init(WindowConsole *self)
{
  self->top = GTK_STACK(gtk_stack_new());
  gtk_stack_add_named(self->top, sign_in_view(self), "sign-in");
  gtk_stack_add_named(self->top, main_view(self), "main");
  gtk_stack_set_visible_child_name(self->top, "sign-in");
  gtk_window_set_child(GTK_WINDOW(self), GTK_WIDGET(self->top));
  gtk_window_set_default_size(GTK_WINDOW(self), 1200, 800);
  gtk_window_set_title(GTK_WINDOW(self), _("安逸办 窗口"));
}

WindowConsole *
window_console_new(GtkApplication *app, AnyiStore *store, AnyiLedger *ledger)
{
  WindowConsole *self = g_object_new(WINDOW_TYPE_CONSOLE, "application", app, NULL);

  self->store = store;
  self->ledger = ledger;
  self->catalogue = window_words_load_catalogue();
  if (ANYI_IS_LEDGER_PG(ledger)) {
    anyi_ledger_pg_set_background_reconnect(ANYI_LEDGER_PG(ledger), TRUE);
    self->online_handler =
        g_signal_connect(ledger, "notify::online", G_CALLBACK(on_online_changed), self);
  }
  gtk_widget_grab_focus(GTK_WIDGET(self->login));
  return self;
}
