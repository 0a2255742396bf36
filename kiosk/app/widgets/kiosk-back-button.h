/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-back-button.h: where the camera pages put 上一步. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Moves @back_button (上一步) into @actions_row, beside the step's main
 * button, or, when @actions_row is NULL, to the end of @step_column, under
 * the step. Under the preview's button the photo and document pages are
 * taller than the screen in 大字模式 with English words; beside it, the
 * button is as wide as its word (CSS class "beside"). */
void kiosk_place_back_button(GtkWidget *back_button, GtkWidget *actions_row,
                             GtkWidget *step_column);

G_END_DECLS
