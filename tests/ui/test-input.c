/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-input.c: Chinese input on the form page as a citizen meets it, in a
 * 1920x1080 window on a private X screen: pinyin keys and the candidate bar
 * (librime), the handwriting pad (zinnia), fields prefilled from the card,
 * and names with · and rare characters carried through to what is submitted.
 * Screenshots of each input mode, normal and 大字模式, go to
 * ANYI_SCREENSHOT_DIR when it is set. */
#include "input-strokes.h"
#include "kiosk-application.h"
#include "kiosk-input.h"
#include "kiosk-step-pages.h"
#include "kiosk-ui-test.h"
#include "settings/anyi-settings.h"

#include <locale.h>
#include <string.h>

static AnyiCatalogue *catalogue;
static GtkWindow *window;

typedef struct {
  guint submits;
  JsonObject *submitted;
} Heard;

static void
on_submitted(GtkWidget *page, JsonObject *values, Heard *heard)
{
  heard->submits++;
  g_clear_pointer(&heard->submitted, json_object_unref);
  heard->submitted = json_object_ref(values);
}

static const AnyiStep *
form_step(const char *service_id)
{
  const AnyiService *service = anyi_catalogue_lookup(catalogue, service_id);

  g_assert_nonnull(service);
  for (guint i = 0; i < service->n_steps; i++)
    if (service->steps[i].type == ANYI_STEP_FORM)
      return &service->steps[i];
  g_error("service %s has no form", service_id);
}

static GtkWidget *
find_named(GtkWidget *root, const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child(root); child;
       child = gtk_widget_get_next_sibling(child)) {
    GtkWidget *found;
    if (g_strcmp0(gtk_widget_get_name(child), name) == 0 && gtk_widget_get_mapped(child))
      return child;
    if ((found = find_named(child, name)))
      return found;
  }
  return NULL;
}

static GtkWidget *
show_form(const char *service_id, const AnyiIdCard *card, Heard *heard)
{
  GtkWidget *page = g_object_new(KIOSK_TYPE_FORM_PAGE, NULL);

  gtk_window_set_child(window, page);
  g_signal_connect(page, "submitted", G_CALLBACK(on_submitted), heard);
  kiosk_form_page_set_card(KIOSK_FORM_PAGE(page), card);
  kiosk_form_page_show(KIOSK_FORM_PAGE(page), form_step(service_id), FALSE);
  ui_test_spin(0.2);
  return page;
}

static const char *
entry_text(GtkWidget *page)
{
  return gtk_editable_get_text(GTK_EDITABLE(ui_test_find_of_type(page, GTK_TYPE_ENTRY)));
}

static void
press_letters(GtkWidget *page, const char *letters)
{
  for (const char *p = letters; *p; p++) {
    g_autofree char *name = g_strdup_printf("key-%c", *p);
    GtkWidget *key = find_named(page, name);
    g_assert_nonnull(key);
    g_signal_emit_by_name(key, "clicked");
  }
  ui_test_spin(0.05);
}

/* Presses the candidate showing TEXT, after checking that a finger can
 * hit it: at least 32 px high, and named for a screen reader. */
static gboolean
is_allocated(gpointer widget)
{
  return gtk_widget_get_height(widget) > 0;
}

static void
choose_candidate(GtkWidget *page, const char *text)
{
  GtkWidget *bar = find_named(page, "candidate-bar");

  g_assert_nonnull(bar);
  for (GtkWidget *button = gtk_widget_get_first_child(bar); button;
       button = gtk_widget_get_next_sibling(button))
    if (g_str_equal(gtk_button_get_label(GTK_BUTTON(button)), text)) {
      g_assert_true(ui_test_wait(is_allocated, button, 5));
      g_assert_cmpint(gtk_widget_get_height(button), >=, 32);
      g_signal_emit_by_name(button, "clicked");
      ui_test_spin(0.05);
      return;
    }
  g_error("no candidate %s", text);
}

static void
shoot(const char *name)
{
  g_autofree char *normal = g_strdup_printf("input-%s.png", name);
  g_autofree char *large = g_strdup_printf("input-%s-large.png", name);

  ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", normal);
  gtk_widget_add_css_class(GTK_WIDGET(window), "large-text");
  ui_test_spin(0.2);
  ui_test_shoot(GTK_WIDGET(window), "ANYI_SCREENSHOT_DIR", large);
  gtk_widget_remove_css_class(GTK_WIDGET(window), "large-text");
  ui_test_spin(0.1);
}

/* Typing "zhangsan" offers 张三; choosing it fills the name field. */
static void
test_pinyin_fills_name(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("idcard-replacement", NULL, &heard);

  ui_test_click(page, "○  丢失（同时挂失原证）");
  ui_test_click(page, "下一项");
  ui_test_expect_text(page, "姓名", 1);
  g_assert_nonnull(find_named(page, "key-z"));
  press_letters(page, "zhangsan");
  ui_test_expect_text(page, "zhang san", 1);
  shoot("pinyin");
  choose_candidate(page, "张三");
  g_assert_cmpstr(entry_text(page), ==, "张三");
  ui_test_click(page, "⌫ 删除"); /* nothing composed: takes back a character */
  g_assert_cmpstr(entry_text(page), ==, "张");
  press_letters(page, "san");
  choose_candidate(page, "三");
  g_assert_cmpstr(entry_text(page), ==, "张三");
  g_clear_pointer(&heard.submitted, json_object_unref);
}

/* Handwriting on the pad, as a finger draws 十, offers 十 among five. */
static void
test_handwriting_fills_field(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("idcard-replacement", NULL, &heard);
  KioskInput *input;

  ui_test_click(page, "○  丢失（同时挂失原证）");
  ui_test_click(page, "下一项");
  /* the input beside the text entry (the number fields' keypad is one too) */
  input = KIOSK_INPUT(ui_test_find_of_type(
      gtk_widget_get_parent(ui_test_find_of_type(page, GTK_TYPE_ENTRY)), KIOSK_TYPE_INPUT));
  ui_test_click(page, "手写");
  g_assert_cmpint(kiosk_input_get_mode(input), ==, KIOSK_INPUT_HANDWRITING);
  for (guint c = 0; c < G_N_ELEMENTS(test_characters); c++) {
    g_autoptr(GPtrArray) shown = NULL;
    gboolean found = FALSE;
    /* the pad is empty again after each choice */
    g_autoptr(GPtrArray) before = kiosk_input_dup_candidates(input);
    g_assert_cmpuint(before->len, ==, 0);
    for (int s = 0; s < test_characters[c].n_strokes; s++) {
      const TestStroke *stroke = &test_characters[c].strokes[s];
      double points[8];
      for (int i = 0; i < stroke->n; i++) {
        points[2 * i] = stroke->xy[i][0];
        points[2 * i + 1] = stroke->xy[i][1];
      }
      kiosk_input_draw_stroke(input, points, (guint)stroke->n);
    }
    ui_test_spin(0.05);
    shown = kiosk_input_dup_candidates(input);
    for (guint i = 0; i < shown->len && i < 5; i++)
      found |= g_str_equal(g_ptr_array_index(shown, i), test_characters[c].expected);
    g_assert_true(found);
    if (c == G_N_ELEMENTS(test_characters) - 2)
      shoot("handwriting");
    choose_candidate(page, test_characters[c].expected);
  }
  g_assert_cmpstr(entry_text(page), ==, "一二三十王人");
  ui_test_click(page, "数字");
  shoot("numbers");
  g_clear_pointer(&heard.submitted, json_object_unref);
}

/* A renewal by post, the address typed at the kiosk in pinyin. */
static void
test_renewal_by_post(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("idcard-renewal", NULL, &heard);

  for (const char *d = "13812345678"; *d; d++) {
    char key[2] = {*d, '\0'};
    ui_test_click(page, key);
  }
  ui_test_click(page, "下一项");
  ui_test_click(page, "○  邮寄到家");
  ui_test_click(page, "下一项");
  ui_test_expect_text(page, "邮寄地址", 1);
  /* the region from tiles (kiosk-address-picker), the street typed */
  ui_test_click(page, "四川省");
  ui_test_click(page, "成都市");
  ui_test_click(page, "武侯区");
  g_assert_cmpstr(entry_text(page), ==, "四川省成都市武侯区");
  press_letters(page, "renminnanlu");
  choose_candidate(page, "人民南路");
  ui_test_click(page, "数字");
  ui_test_click(page, "1");
  ui_test_click(page, "2");
  ui_test_click(page, "拼音");
  press_letters(page, "hao");
  choose_candidate(page, "号");
  ui_test_click(page, "确定"); /* the input's confirm moves on, as 下一项 does */
  ui_test_expect_text(page, "第 4 项，共 4 项", 1);
  ui_test_click(page, "○  不申请");
  ui_test_click(page, "提交");
  g_assert_cmpuint(heard.submits, ==, 1);
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "collection"), ==, "post");
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "postal-address"), ==,
                  "四川省成都市武侯区人民南路12号");
  g_clear_pointer(&heard.submitted, json_object_unref);
}

/* The applicant's name and ID number come from the card; the citizen only
 * confirms. A name with · and a character outside GB2312 goes through. */
static void
test_prefill_from_card(void)
{
  Heard heard = {0};
  AnyiIdCard card = {
      .name = "阿依古丽·买䶮",
      .id_number = "11010519491231002X",
      .address = "四川省成都市武侯区人民南路四段1号",
  };
  GtkWidget *page = show_form("idcard-replacement", &card, &heard);

  ui_test_click(page, "○  丢失（同时挂失原证）");
  ui_test_click(page, "下一项");
  g_assert_cmpstr(entry_text(page), ==, "阿依古丽·买䶮");
  ui_test_expect_text(page, "已按您的身份证填好，请核对", 1);
  ui_test_click(page, "下一项"); /* accepted as it is */
  ui_test_expect_text(page, "110105 19491231 002X", 1);
  ui_test_click(page, "下一项");
  for (const char *d = "13812345678"; *d; d++) {
    char key[2] = {*d, '\0'};
    ui_test_click(page, key);
  }
  ui_test_click(page, "下一项");
  ui_test_click(page, "○  不需要");
  ui_test_click(page, "提交");
  g_assert_cmpuint(heard.submits, ==, 1);
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "applicant-name"), ==,
                  "阿依古丽·买䶮");
  g_assert_cmpstr(json_object_get_string_member(heard.submitted, "applicant-id-number"), ==,
                  "11010519491231002X");
  g_clear_pointer(&heard.submitted, json_object_unref);
}

/* A name of two parts typed with the · key. */
static void
test_middle_dot_key(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("idcard-replacement", NULL, &heard);

  ui_test_click(page, "○  丢失（同时挂失原证）");
  ui_test_click(page, "下一项");
  press_letters(page, "zhang");
  choose_candidate(page, "张");
  g_signal_emit_by_name(find_named(page, "key-middle-dot"), "clicked");
  press_letters(page, "san");
  choose_candidate(page, "三");
  g_assert_cmpstr(entry_text(page), ==, "张·三");
  ui_test_click(page, "下一项");
  ui_test_expect_text(page, "公民身份号码", 1);
  g_clear_pointer(&heard.submitted, json_object_unref);
}

/* A house number such as 3-2-501 and words apart, with the space and
 * hyphen keys. */
static void
test_space_and_hyphen_keys(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("idcard-replacement", NULL, &heard);

  ui_test_click(page, "○  丢失（同时挂失原证）");
  ui_test_click(page, "下一项");
  press_letters(page, "zhang");
  choose_candidate(page, "张");
  g_signal_emit_by_name(find_named(page, "key-space"), "clicked");
  g_signal_emit_by_name(find_named(page, "key-hyphen"), "clicked");
  press_letters(page, "san");
  choose_candidate(page, "三");
  g_assert_cmpstr(entry_text(page), ==, "张 -三");
  g_clear_pointer(&heard.submitted, json_object_unref);
}

/* 确定 with pinyin typed and not chosen puts in the best candidates, then
 * moves on: what the citizen typed is not dropped. */
static void
test_confirm_takes_pending_pinyin(void)
{
  Heard heard = {0};
  GtkWidget *page = show_form("idcard-replacement", NULL, &heard);
  const char *typed;

  ui_test_click(page, "○  丢失（同时挂失原证）");
  ui_test_click(page, "下一项");
  press_letters(page, "zhangsan");
  ui_test_click(page, "确定");
  ui_test_expect_text(page, "公民身份号码", 1);
  ui_test_click(page, "上一项");
  typed = entry_text(page);
  g_assert_cmpstr(typed, ==, "张三");
  g_clear_pointer(&heard.submitted, json_object_unref);
}

int
main(int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *services = NULL;
  int status;

  kiosk_application_init_locale();
  /* the citizen's language: Chinese, the kiosk's source language */
  g_setenv("LANGUAGE", "zh_CN", TRUE);
  setlocale(LC_MESSAGES, "");
  g_test_init(&argc, &argv, NULL);
  gtk_init();
  kiosk_application_load_style();
  services = anyi_asset_path("services");
  catalogue = anyi_catalogue_load(services, &error);
  g_assert_no_error(error);
  window = GTK_WINDOW(gtk_window_new());
  gtk_widget_add_css_class(GTK_WIDGET(window), "kiosk");
  gtk_window_set_default_size(window, 1920, 1080);
  gtk_window_present(window);

  g_test_add_func("/input/pinyin/fills-name", test_pinyin_fills_name);
  g_test_add_func("/input/handwriting/fills-field", test_handwriting_fills_field);
  g_test_add_func("/input/renewal-by-post", test_renewal_by_post);
  g_test_add_func("/input/prefill-from-card", test_prefill_from_card);
  g_test_add_func("/input/middle-dot-key", test_middle_dot_key);
  g_test_add_func("/input/space-and-hyphen-keys", test_space_and_hyphen_keys);
  g_test_add_func("/input/confirm-takes-pending-pinyin", test_confirm_takes_pending_pinyin);
  status = g_test_run();
  gtk_window_destroy(window);
  g_object_unref(catalogue);
  return status;
}
