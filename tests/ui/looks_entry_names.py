#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints, one a line, the names a screen reader announces for the text
entries shown by the process PID (AT-SPI roles ENTRY, TEXT, PASSWORD_TEXT).

Usage: looks_entry_names.py PID
Exits 77 when the AT-SPI bindings are missing, 1 when the process is not on
the accessibility bus within 20 s."""
import sys
import time

try:
    import gi

    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi
except (ImportError, ValueError) as missing:
    print(f"looks_entry_names: SKIP: AT-SPI bindings missing ({missing})", file=sys.stderr)
    sys.exit(77)

ENTRY_ROLES = (Atspi.Role.ENTRY, Atspi.Role.TEXT, Atspi.Role.PASSWORD_TEXT)


def find_app(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_process_id() == pid:
            return app
    return None


def shown(node):
    states = node.get_state_set()
    return states.contains(Atspi.StateType.VISIBLE)


def entries(node, depth=0):
    if node is None or depth > 60:
        return
    try:
        if node.get_role() != Atspi.Role.APPLICATION and not shown(node):
            return
        if node.get_role() in ENTRY_ROLES:
            yield node
        for i in range(node.get_child_count()):
            yield from entries(node.get_child_at_index(i), depth + 1)
    except gi.repository.GLib.Error:
        return


def main():
    pid = int(sys.argv[1])
    app = None
    deadline = time.monotonic() + 20
    while app is None and time.monotonic() < deadline:
        app = find_app(pid)
        if app is None:
            time.sleep(0.2)
    if app is None:
        print(f"looks_entry_names: process {pid} is not on the accessibility bus", file=sys.stderr)
        return 1
    app.set_cache_mask(Atspi.Cache.NONE)
    for node in entries(app):
        print(f"{node.get_role_name()}\t{node.get_name() or ''}", flush=True)
    return 0


sys.exit(main())
