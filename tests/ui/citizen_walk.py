#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Walks a citizen through the kiosk the way a screen reader sees it (AT-SPI).

Usage: citizen_walk.py [--scenario NAME]... [--devsim SOCKET] -- KIOSK [ARGS...]

Starts KIOSK, finds its buttons by their spoken names, presses them, places
the emulated ID card through anyi-devsim's control socket, and checks the
text a citizen would read at each step. Used by the headless demo
(kiosk/scripts/run-kiosk) and by the UI test suite. Scenarios:

  receipt       attract -> progress query -> card -> result -> receipt -> done
  paper-out     the same with the receipt printer out of paper: handoff slip on A4
  idle          a citizen walks away: "need more time?" then back to the start
  renewal       ID card renewal end to end: card, two questions, the photo
                (the emulated face camera shows a sitter), the household
                register left for later (容缺), the form on the keypad, the
                payment QR, the 容缺 commitment, then the receipt and the
                one-time notice
  record-paper-out  a no-criminal-record certificate with the receipt printer
                out of paper: the case is done, and the screen shows the case
                number as a QR code instead of a receipt

Exits 0 when every check held, 1 with the failing check on stderr, 77 when
AT-SPI is not available here.
"""
import argparse
import os
import socket
import subprocess
import sys
import time

try:
    import gi

    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi
except (ImportError, ValueError) as missing:
    print(f"citizen_walk: SKIP: AT-SPI bindings missing ({missing})", file=sys.stderr)
    sys.exit(77)


class WalkFailed(Exception):
    def __init__(self, message, returncode=None):
        super().__init__(message)
        self.returncode = returncode  # the kiosk's exit status, when it exited


def log(message):
    print(f"citizen_walk: {message}", flush=True)


def is_visible(node):
    try:
        return node.get_role() == Atspi.Role.APPLICATION or node.get_state_set().contains(
            Atspi.StateType.VISIBLE)
    except gi.repository.GLib.Error:
        return False


def descendants(node, depth=0, only_shown=False):
    """The tree below node; with only_shown, hidden subtrees (pages not on
    screen: GTK 4.8 reports no SHOWING state, the kiosk marks them hidden)
    are skipped, which also keeps each walk short."""
    if node is None or depth > 60 or (only_shown and not is_visible(node)):
        return
    yield node
    for i in range(node.get_child_count()):
        try:
            child = node.get_child_at_index(i)
        except gi.repository.GLib.Error:
            continue
        yield from descendants(child, depth + 1, only_shown)


class Kiosk:
    def __init__(self, argv, devsim):
        self.devsim = devsim
        self.card_on_reader = False  # the emulated card, as last placed or removed
        self.process = subprocess.Popen(argv)
        self.app = self._wait(self._find_app, 20, "the kiosk to appear on the accessibility bus")
        # GTK 4.8 does not announce a shown overlay (the idle question) as a
        # change of children: ask the kiosk every time instead of caching.
        self.app.set_cache_mask(Atspi.Cache.NONE)

    def _find_app(self):
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_process_id() == self.process.pid:
                return app
        return None

    def _wait(self, probe, seconds, what):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise WalkFailed(f"the kiosk exited ({self.process.returncode}) waiting for {what}",
                                 self.process.returncode)
            try:
                found = probe()
            except gi.repository.GLib.Error as busy:
                # AT-SPI gives up on a reply after a short timeout; a kiosk
                # busy painting on a loaded machine is not a failure yet.
                log(f"no answer over AT-SPI yet ({busy.message}), asking again")
                found = None
            if found:
                return found
            time.sleep(0.2)
        raise WalkFailed(f"timed out after {seconds} s waiting for {what}")

    def visible_texts(self):
        texts = []
        for node in descendants(self.app, only_shown=True):
            if node.get_role() == Atspi.Role.LABEL:
                texts.append(node.get_name() or "")
        return texts

    def expect_text(self, fragment, seconds=10):
        def probe():
            return any(fragment in text for text in self.visible_texts())

        self._wait(probe, seconds, f"the text '{fragment}' on screen")
        log(f"sees '{fragment}'")

    def expect_no_text(self, fragment):
        if any(fragment in text for text in self.visible_texts()):
            raise WalkFailed(f"'{fragment}' is on screen and should not be")

    def text_containing(self, fragment):
        for text in self.visible_texts():
            if fragment in text:
                return text
        raise WalkFailed(f"no text containing '{fragment}' on screen")

    def press(self, name, seconds=10):
        def probe():
            for node in descendants(self.app, only_shown=True):
                if (
                    node.get_role()
                in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.CHECK_BOX)
                    and node.get_name() == name
                    and node.get_state_set().contains(Atspi.StateType.SENSITIVE)
                ):
                    return node
            return None

        for attempt in range(3):
            button = self._wait(probe, seconds, f"a button named '{name}'")
            # A button a page has just made is in the accessibility tree
            # before GTK realizes it on the next frame, and GTK 4.8 drops
            # the activation of an unrealized button while saying it was
            # done (a service tile pressed right after its category opened
            # started no case). A finger cannot press it before it is
            # drawn; the walk waits as long.
            time.sleep(0.2)
            action = button.get_action_iface()
            if action is None:
                # the page rebuilt its buttons meanwhile: this one is gone
                log(f"'{name}' went away before the press, finding it again")
                continue
            try:
                if action.do_action(0):
                    break
                # a button the page replaced meanwhile refuses: find it again
                log(f"'{name}' refused the press, finding it again")
            except gi.repository.GLib.Error as busy:
                # the request went out; a busy kiosk acts on it without
                # replying in time, and pressing again would press twice
                log(f"no reply to pressing '{name}' yet ({busy.message})")
                break
        log(f"pressed '{name}'")

    def device(self, command):
        if not self.devsim:
            raise WalkFailed("no anyi-devsim control socket given (--devsim)")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as control:
            control.connect(self.devsim)
            control.sendall((command + "\n").encode())
            answer = control.recv(4096).decode().strip()
        if not answer.startswith("ok"):
            raise WalkFailed(f"devsim refused '{command}': {answer}")
        if command.startswith("idcard "):
            self.card_on_reader = command.startswith("idcard place")
        log(f"device: {command}")

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def printer_ctl(*args):
    ctl = os.path.join(os.path.dirname(__file__), "..", "fixtures", "printing", "printer-ctl")
    subprocess.run([ctl, *args], check=True)
    log(f"printer: {' '.join(args)}")


def start_progress_query(kiosk):
    kiosk.expect_text("安逸办")
    kiosk.press("点这里开始办理")
    kiosk.expect_text("请选择您要办理的事项")
    kiosk.press("居民身份证")
    kiosk.press("身份证办理进度查询")
    kiosk.expect_text("请把身份证平放在下方的读卡区")
    kiosk.device("idcard place resident")
    kiosk.expect_text("这是您本人的证件吗")
    kiosk.expect_text("510***********1236")
    # the sample card is valid until 2035: no renewal advice
    kiosk.expect_no_text("到期")
    kiosk.press("是本人，继续")
    kiosk.expect_text("身份证办理进度")
    return kiosk.text_containing("业务编号").split()[-1]


def scenario_receipt(kiosk):
    number = start_progress_query(kiosk)
    kiosk.press("打印回执")
    kiosk.expect_text("请从下方出纸口取走您的回执", seconds=20)
    kiosk.expect_text(number)
    kiosk.device("idcard remove")
    kiosk.press("完成，返回首页")
    kiosk.expect_text("点这里开始办理")
    return number


def scenario_paper_out(kiosk):
    printer_ctl("receipt", "paper-empty")
    try:
        number = start_progress_query(kiosk)
        kiosk.press("打印回执")
        kiosk.expect_text("继续办理", seconds=20)
        kiosk.expect_text("请取走到窗口办理的凭条", seconds=20)
        kiosk.expect_text("窗口扫这个二维码")
        kiosk.expect_text(number)
        kiosk.device("idcard remove")
        kiosk.press("完成，返回首页")
        kiosk.expect_text("点这里开始办理")
    finally:
        printer_ctl("receipt", "paper-ok")
    return number


def scenario_idle(kiosk):
    kiosk.press("点这里开始办理")
    kiosk.expect_text("请选择您要办理的事项")
    kiosk.expect_text("您还需要更多时间吗", seconds=30)
    kiosk.expect_text("点这里开始办理", seconds=30)
    return None


def type_digits(kiosk, digits):
    for n, digit in enumerate(digits, 1):
        kiosk.press(digit)
        # one key at a time, as a finger does: the next waits for the screen
        # to show this one (grouped as 138 1234 5678)
        kiosk._wait(
            lambda: any(t.replace(" ", "") == digits[:n] for t in kiosk.visible_texts()),
            5, f"the keypad to show {digits[:n]}")


def scenario_renewal(kiosk):
    kiosk.expect_text("安逸办")
    kiosk.press("点这里开始办理")
    kiosk.expect_text("请选择您要办理的事项")
    kiosk.press("居民身份证")
    kiosk.press("身份证到期换领")
    kiosk.expect_text("请把身份证平放在下方的读卡区")
    kiosk.device("idcard place resident")
    kiosk.press("是本人，继续")
    kiosk.expect_text("问题 1/2")
    kiosk.press("回答：是")
    kiosk.expect_text("问题 2/2")
    kiosk.press("回答：否")
    kiosk.expect_text("拍摄证件照")
    kiosk.expect_text("很好，请保持不动", seconds=20)
    kiosk.device("idcard remove")
    kiosk.press("拍照")
    kiosk.expect_text("照片合格", seconds=30)
    kiosk.press("就用这张")
    kiosk.expect_text("户口簿")
    kiosk.press("我没带，以后补交")
    kiosk.expect_text("手机号码")
    type_digits(kiosk, "13812345678")
    kiosk.expect_text("138 1234 5678")
    kiosk.press("填好了，下一项")
    kiosk.expect_text("领证方式")
    kiosk.press("到大厅窗口领取")
    kiosk.press("填好了，下一项")
    kiosk.expect_text("邮寄地址")
    kiosk.press("填好了，下一项")
    kiosk.expect_text("工本费减免")
    kiosk.press("不申请")
    kiosk.press("填好了，提交")
    kiosk.expect_text("请用手机微信或支付宝扫码支付")
    kiosk.expect_text("20.00")
    # the emulated platform answers "paid" when next asked
    kiosk.expect_text("请核对", seconds=15)
    kiosk.expect_text("居民户口簿")
    kiosk.press("我承诺在期限内补交材料")
    kiosk.press("信息无误，确认提交")
    # no fingerprint reader here: the window takes them and finishes the case
    kiosk.expect_text("请到窗口采集指纹", seconds=40)
    kiosk.expect_text("请取走到窗口办理的凭条", seconds=40)
    number = kiosk.text_containing("业务编号").split()[-1]
    kiosk.press("完成，返回首页")
    kiosk.expect_text("点这里开始办理")
    return number


def scenario_record_paper_out(kiosk):
    printer_ctl("receipt", "paper-empty")
    try:
        kiosk.press("点这里开始办理")
        kiosk.expect_text("请选择您要办理的事项")
        kiosk.press("证明开具")  # the category, then its service
        kiosk.press("无犯罪记录证明")
        kiosk.device("idcard place resident")
        kiosk.press("是本人，继续")
        kiosk.press("回答：否")
        kiosk.device("idcard remove")
        kiosk.expect_text("用途")
        kiosk.press("就业")
        kiosk.press("填好了，下一项")
        kiosk.expect_text("证明交给哪个单位")
        kiosk.press("填好了，下一项")
        kiosk.expect_text("手机号码")
        type_digits(kiosk, "13912345678")
        kiosk.press("填好了，提交")
        kiosk.expect_text("请核对")
        kiosk.press("信息无误，确认提交")
        kiosk.expect_text("回执没能打印", seconds=20)
        number = kiosk.text_containing("业务编号").split()[-1]
        kiosk.press("完成，返回首页")
        kiosk.expect_text("点这里开始办理")
    finally:
        printer_ctl("receipt", "paper-ok")
    return number


SCENARIOS = {
    "receipt": scenario_receipt,
    "paper-out": scenario_paper_out,
    "idle": scenario_idle,
    "renewal": scenario_renewal,
    "record-paper-out": scenario_record_paper_out,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    parser.add_argument("--devsim", default=os.environ.get("ANYI_DEVSIM_CONTROL"))
    parser.add_argument("--cases-file", help="append the case numbers seen, one a line")
    parser.add_argument("kiosk", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    argv = [a for a in args.kiosk if a != "--"]
    if not argv:
        parser.error("give the kiosk command after --")
    try:
        kiosk = Kiosk(argv, args.devsim)
    except WalkFailed as failure:
        print(f"citizen_walk: FAILED: {failure}", file=sys.stderr)
        return 1
    try:
        for name in args.scenario or ["receipt"]:
            log(f"scenario {name}")
            number = SCENARIOS[name](kiosk)
            if number and args.cases_file:
                with open(args.cases_file, "a", encoding="utf-8") as out:
                    out.write(f"{name} {number}\n")
    except WalkFailed as failure:
        print(f"citizen_walk: FAILED: {failure}", file=sys.stderr)
        try:
            for node in descendants(kiosk.app, only_shown=True):
                print(f"  {node.get_role_name()}: {node.get_name()!r}", file=sys.stderr)
        except Exception as dump_error:  # the tree itself may be gone
            print(f"  (no accessibility tree: {dump_error})", file=sys.stderr)
        return 1
    finally:
        kiosk.close()
    log("all checks held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
