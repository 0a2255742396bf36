/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-ui-test.h: driving the real kiosk window from a test, in process. */
#pragma once

#include "kiosk-application.h"
#include "kiosk-window.h"
#include "catalogue/catalogue.h"

/* Starts the kiosk application (startup + activate) without running its
 * main loop; the test iterates the default context itself. */
KioskApplication *ui_test_start_kiosk(void);
void ui_test_stop_kiosk(KioskApplication *app);

/* A test's own data folder and the catalogue the kiosk shows, for tests
 * that walk its services. */
typedef struct {
  gpointer data_home; /* TempStore: XDG_DATA_HOME for the kiosk, removed at the end */
  AnyiCatalogue *catalogue;
} UiTestSetup;

/* Checks the display and the emulated devices are there (FALSE: the test
 * must exit 77, having said why), then makes the data folder, sets the
 * locale, initialises GTK's test mode and loads the catalogue. */
gboolean ui_test_setup(UiTestSetup *setup, int *argc, char ***argv);
void ui_test_teardown(UiTestSetup *setup);
KioskWindow *ui_test_window(KioskApplication *app);

/* Iterates the main loop until @done returns TRUE or @seconds pass. */
gboolean ui_test_wait(gboolean (*done)(gpointer), gpointer data, double seconds);
void ui_test_spin(double seconds);

/* The first visible, sensitive button whose label reads @text, or NULL. */
GtkWidget *ui_test_find_button(GtkWidget *root, const char *text);
/* The first widget of @type in @root's tree, @root included; NULL if none. */
GtkWidget *ui_test_find_of_type(GtkWidget *root, GType type);
/* Clicks it the way a touch does (the "clicked" signal), failing the test
 * when there is no such button. On the menu, a service not on its first
 * screen is looked for in each category in turn, and clicked there. */
void ui_test_click(GtkWidget *root, const char *text);
/* The same, waiting up to @seconds for the button to be offered. */
void ui_test_click_within(GtkWidget *root, const char *text, double seconds);
/* Presses 返回首页 and, when a case is open and the kiosk asks whether to
 * give it up, answers 放弃，返回首页. */
void ui_test_go_home(GtkWidget *root);
/* TRUE when a visible label under @root contains @text. */
gboolean ui_test_shows_text(GtkWidget *root, const char *text);
/* Waits for @text to be shown; fails the test after @seconds. */
void ui_test_expect_text(GtkWidget *root, const char *text, double seconds);
/* Saves @widget as @file_name in the folder the environment variable
 * @dir_variable names, for a person to look at; nothing when it is unset. */
void ui_test_shoot(GtkWidget *widget, const char *dir_variable, const char *file_name);
/* Waits until @window shows @page; fails the test after @seconds. */
void ui_test_expect_page(KioskWindow *window, const char *page, double seconds);
/* Sends @command to anyi-devsim (the test runs under it); fails the test
 * when the emulator refuses it. */
void ui_test_devsim(const char *command);
/* Runs @argv (searched in PATH) to its end; fails the test unless it exits 0. */
void ui_test_run(const char *const *argv);
