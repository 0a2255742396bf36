/* SPDX-License-Identifier: GPL-3.0-or-later */
/* idcard-test-fixture.h: an emulated reader on a umockdev testbed and a
 * monitor watching it, with the signals collected for assertions. */
#pragma once

#include "idcard-emulator.h"
#include "idcard/idcard-monitor.h"

typedef struct {
  UMockdevTestbed *testbed;
  AnyiIdcardEmulator *emulator;
  AnyiIdcardMonitor *monitor;
  GPtrArray *cards;  /* AnyiIdCard * received by "card-read" */
  GPtrArray *errors; /* GError * received by "read-failed" */
  guint removed;
  guint devnum;
  GArray *states; /* every AnyiIdcardReaderState notified */
} IdcardFixture;

void idcard_fixture_allow_driver_warnings(void);
void idcard_fixture_setup(IdcardFixture *f, AnyiIdcardEmuTransport transport);
void idcard_fixture_setup_busy(IdcardFixture *f, AnyiIdcardEmuTransport transport, int claim_errno);
void idcard_fixture_setup_emulator(IdcardFixture *f, AnyiIdcardEmuTransport transport);
void idcard_fixture_create_monitor(IdcardFixture *f);
void idcard_fixture_teardown(IdcardFixture *f);
void idcard_fixture_replug(IdcardFixture *f);
gboolean idcard_fixture_wait(gboolean (*done)(IdcardFixture *f), IdcardFixture *f, guint ms);
gboolean idcard_fixture_has_state(IdcardFixture *f, AnyiIdcardReaderState state);
void idcard_fixture_wait_state(IdcardFixture *f, AnyiIdcardReaderState state);
void idcard_fixture_wait_cards(IdcardFixture *f, guint n);
void idcard_fixture_wait_errors(IdcardFixture *f, guint n);
void idcard_fixture_wait_removed(IdcardFixture *f, guint n);
