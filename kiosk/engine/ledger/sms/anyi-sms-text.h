/* SPDX-License-Identifier: GPL-3.0-or-later */
/* anyi-sms-text.h: the words of a message to the citizen.
 *
 * Short plain Chinese with the hall's name, the case number and what
 * happened or what to bring: never the ID number, the name or the
 * address, which an SMS (read on a lock screen, kept by the operator)
 * must not carry. The window's note is passed with ID numbers masked. */
#pragma once

#include "anyi-sms-queue.h"

G_BEGIN_DECLS

/* The text of @message, signed by @hall_name; NULL when its facts are not
 * a message this version knows. */
char *anyi_sms_text_for(const AnyiSmsMessage *message, const char *hall_name);
/* 13800138000 -> 138****8000, for logs; anything else: "***". */
char *anyi_sms_mask_mobile(const char *mobile);
/* An 11-digit mainland mobile number starting with 1. */
gboolean anyi_sms_mobile_is_valid(const char *mobile);

G_END_DECLS
