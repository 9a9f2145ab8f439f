#!/usr/bin/env python3
"""Turn a console capture holding a `timeline dump` into Chrome trace-event
JSON (Perfetto, chrome://tracing) and a self-contained HTML page.

    tools/timeline.py CAPTURE [--json OUT.json] [--html OUT.html
                      [--png OUT.png]]

The JSON (docs/timeline.md): one process, "ebreak", with a thread per
hart; each poll a complete slice ("X") named "TASK #ID: POLL_FUNCTION";
each syscall a slice inside the poll slices it ran in (one piece per
poll); each task an async slice ("b"/"e", id = task id) from spawn to
exit, with its syscalls nested in it; each async call of a probed poll
function (`aprobe add`) an async slice ("b"/"e", category "async_call")
from its start to its complete, its suspends and resumes instants ("n")
in it, nested in the call it ran in; each wake by a task a flow ("s" to
"f") from the waker's poll slice to the wakee's next one, each wake by an
interrupt an instant event. The page's screenshot is headless Chromium's
(Debian's chromium; mk/deps.sh installs it). Standard library only.
"""
import argparse
import errno
import json
import os
import shutil
import subprocess
import sys

from timeline_record import RecordError, parse
import timeline_html

PID = 1


def us(ns):
    """Trace-event time: microseconds, exact to the nanosecond."""
    return round(ns / 1000, 3)


def metadata(rec):
    events = [{"ph": "M", "pid": PID, "name": "process_name",
               "args": {"name": "ebreak"}}]
    for h in rec.harts_seen:
        events.append({"ph": "M", "pid": PID, "tid": h, "name": "thread_name",
                       "args": {"name": f"hart {h}"}})
        events.append({"ph": "M", "pid": PID, "tid": h,
                       "name": "thread_sort_index", "args": {"sort_index": h}})
    return events


def poll_slices(rec):
    return [{"ph": "X", "pid": PID, "tid": p.hart, "cat": "poll",
             "name": f"{rec.label(p.task)}: {p.future}",
             "ts": us(p.begin), "dur": us(p.end - p.begin),
             "args": {"task": p.task, "poll": p.index,
                      "resumed at": p.resumed, "stopped at": p.stopped,
                      "ready": p.ready}}
            for p in rec.polls]


def syscall_slices(rec):
    events = []
    for sc in rec.syscalls:
        pieces = rec.pieces(sc)
        for i, (p, b, e) in enumerate(pieces, 1):
            events.append({"ph": "X", "pid": PID, "tid": p.hart,
                           "cat": "syscall", "name": sc.name,
                           "ts": us(b), "dur": us(e - b),
                           "args": {"task": sc.task, "pid": sc.pid,
                                    "nr": sc.nr, "a0": sc.arg, "ret": sc.ret,
                                    "part": f"{i}/{len(pieces)}"}})
    return events


def async_event(ph, name, tid, ns, args=None):
    ev = {"ph": ph, "pid": PID, "cat": "task", "id": tid, "name": name,
          "ts": us(ns)}
    if args:
        ev["args"] = args
    return ev


def task_async(rec):
    """Each task's life, spawn to exit (cut at the record's ends when it
    holds neither), with its syscalls nested in it."""
    events = []
    for t in sorted(rec.tasks.values(), key=lambda t: t.id):
        name = rec.label(t.id)
        b = t.spawn if t.spawn is not None else rec.start
        e = t.exit if t.exit is not None else rec.end
        events.append(async_event("b", name, t.id, b, {
            "pid": t.pid, "spawned in record": t.spawn is not None,
            "polls": t.polls_counted}))
        for sc in (s for s in rec.syscalls if s.task == t.id):
            events.append(async_event("b", sc.name, t.id, sc.enter,
                                      {"a0": sc.arg}))
            events.append(async_event("e", sc.name, t.id, min(
                sc.exit if sc.exit is not None else e, e), {"ret": sc.ret}))
        events.append(async_event("e", name, t.id, e,
                                  {"exited in record": t.exit is not None}))
    return events


def call_events(rec, c, depth):
    """Async call c's begin, instants and end, each with a sort key that
    keeps nesting at equal times: outer begins first, inner ends first."""
    ev = {"pid": PID, "cat": "async_call", "id": rec.call_root(c).id,
          "name": c.fn}
    first, end = c.events[0], rec.call_end(c)
    out = [((first.ns, 0, depth), dict(ev, ph="b", ts=us(first.ns), args={
        "call": c.id, "task": c.task, "parent call": c.parent,
        "future": c.future, "begun at": c.start,
        "await points": c.await_points, "completed": c.completed}))]
    for e in c.events:
        if e.kind in ("suspend", "resume"):
            out.append(((e.ns, 1, 0), dict(
                ev, ph="n", ts=us(e.ns), name=f"{e.kind} {c.fn}:{e.line}",
                args={"call": c.id, "await line": e.line})))
    out.append(((end, 2, -depth), dict(ev, ph="e", ts=us(end), args={
        "call": c.id, "completed": c.completed})))
    return out


def async_calls(rec):
    """Each async call an async slice, begun at its first event in the
    record and ended at its complete (or cut, see Record.call_end), its
    suspends and resumes instants in it."""
    keyed = [k for c in rec.calls.values()
             for k in call_events(rec, c, rec.call_depth(c))]
    return [ev for _, ev in sorted(keyed, key=lambda k: k[0])]


def wake_flows(rec):
    """A flow per wake from a task's poll to the wakee's next poll (when
    the record holds both), an instant event per wake from elsewhere."""
    events = []
    for n, (w, src, to) in enumerate(rec.wake_links(), 1):
        name = f"wake {rec.label(w.wakee)}"
        if src and to:
            events.append({"ph": "s", "pid": PID, "tid": w.hart, "id": n,
                           "cat": "wake", "name": name, "ts": us(w.ns),
                           "args": {"waker": w.waker, "wakee": w.wakee}})
            events.append({"ph": "f", "bp": "e", "pid": PID, "tid": to.hart,
                           "id": n, "cat": "wake", "name": name,
                           "ts": us(to.begin)})
        elif not w.waker:
            events.append({"ph": "i", "s": "t", "pid": PID, "tid": w.hart,
                           "cat": "wake", "name": name + " (interrupt)",
                           "ts": us(w.ns)})
    return events


def chrome_trace(rec):
    """The trace-event JSON object of rec."""
    return {"traceEvents": metadata(rec) + poll_slices(rec) +
            syscall_slices(rec) + task_async(rec) + async_calls(rec) +
            wake_flows(rec),
            "displayTimeUnit": "ns",
            "otherData": {"harts": rec.harts, "records": len(rec.events),
                          "dropped": rec.dropped,
                          "unmatched poll ends": rec.unmatched,
                          "unclosed poll begins": rec.unclosed,
                          "async calls": len(rec.calls),
                          "async calls open at the end": sum(
                              not c.completed for c in rec.calls.values())}}


def chromium(html, *args):
    """Run headless Chromium on the page html with args; its completed
    process (stdout as text), or None when Chromium is not installed."""
    exe = shutil.which("chromium")
    if not exe:
        return None
    return subprocess.run([exe, "--headless", "--disable-gpu", "--no-sandbox",
                           *args, "file://" + os.path.abspath(html)],
                          capture_output=True, text=True, timeout=60)


def screenshot(html, png):
    """Chromium's picture of the page html into png; False (said why)
    when it could not be taken."""
    if os.path.exists(png):
        os.remove(png)
    done = chromium(html, f"--screenshot={os.path.abspath(png)}",
                    "--window-size=1600,900")
    if done is None or not os.path.exists(png):
        print(f"timeline: no screenshot: " + ("chromium is not installed "
              "(mk/deps.sh installs it)" if done is None else
              done.stderr.strip().split("\n")[-1]), file=sys.stderr)
        return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("capture")
    ap.add_argument("--json", help="write the trace-event JSON here")
    ap.add_argument("--html", help="write the HTML page here")
    ap.add_argument("--png", help="and its screenshot here")
    args = ap.parse_args()
    if args.png and not args.html:
        ap.error("--png is a screenshot of the --html page: give both")
    try:
        return convert(args)
    except OSError as e:
        print(f"timeline: {e.filename}: {e.strerror}", file=sys.stderr)
        return 1
    except RecordError as e:
        print(f"timeline: {args.capture}: {e}", file=sys.stderr)
        return 1


def writable(path):
    """Raises OSError naming path where it cannot be written (its
    directory missing, or a directory itself): checked for every output
    before any is written."""
    for bad, err in ((not os.path.isdir(os.path.dirname(path) or "."),
                      errno.ENOENT), (os.path.isdir(path), errno.EISDIR)):
        if bad:
            raise OSError(err, os.strerror(err), path)


def write(path, text):
    """text into path; an OSError names path (a full device's names
    none)."""
    try:
        with open(path, "w") as f:
            f.write(text)
    except OSError as e:
        raise OSError(e.errno, e.strerror, path) from e


def convert(args):
    """The capture's record into the files args names; the exit code."""
    with open(args.capture, errors="replace") as f:
        rec = parse(f.read())
    if rec.dropped:
        print(f"timeline: {rec.dropped} records dropped (a hart's buffer "
              f"was full): the record has gaps", file=sys.stderr)
    texts = {}
    if args.json:
        texts[args.json] = json.dumps(chrome_trace(rec))
    if args.html:
        texts[args.html] = timeline_html.page(rec)
    for path in texts:
        writable(path)
    for path, text in texts.items():
        write(path, text)
    if args.html and args.png and not screenshot(args.html, args.png):
        return 1
    print(f"timeline: {len(rec.polls)} polls of {len(rec.tasks)} tasks on "
          f"{len(rec.harts_seen)} harts, {len(rec.wakes)} "
          f"wakes, {len(rec.syscalls)} syscalls, {len(rec.calls)} async "
          f"calls, {rec.dropped} dropped, {rec.unmatched} poll ends without "
          f"a begin, {rec.unclosed} begins without an end (running at the "
          f"start or stop)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
