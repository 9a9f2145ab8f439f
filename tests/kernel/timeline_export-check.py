#!/usr/bin/env python3
"""The timeline-export suite: boots the kernel (the QEMU command given, 4
harts, nosh) with tools/timeline_workload.py's workload, converts the dumped
record with tools/timeline.py into OUTDIR/timeline.{txt,json,html}, and
checks the JSON against the record as the kernel printed it (read here
on its own, not through the converter): a slice per poll, the unclosed
begins counted, a track per hart, polls in order and apart, a flow per
wake a task made from the waker's poll to the wakee's next, syscalls
inside their polls and each one returned sliced, each task's polls as
many as the executor counted, one identity for a task that moved between
harts, an async slice per task from spawn to exit with its syscalls
nested, an async slice per async call inside its task's and its parent
call's with an instant per suspend and resume, await lines on EB_AWAIT
(or a leaf's EB_LEAF_PENDING) lines of the source; a made-up
record's polls paired by hart; a capture not there or holding no
record, an output it cannot write and --png without --html refused,
saying why. Then the HTML page
in headless Chromium: the DOM it builds holds a rect per poll, a lane
per hart and a bar per async call, and a screenshot
(OUTDIR/timeline.png) is written. Without Chromium those checks are
skipped, saying why. Prints `timeline-export: N passed, N failed[, N skipped]`.

    tests/kernel/timeline_export-check.py OUTDIR QEMU-COMMAND...
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

TOP = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tools"))
from timeline import chromium, screenshot  # noqa: E402
passed = failed = skipped = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"timeline-export: FAILED: {what}")
    return ok


def skip(why, n):
    global skipped
    skipped += n
    print(f"skipped: timeline-export: {why}")


def raw_record(text):
    """The record's lines as the kernel printed them: (hart, ns, kind,
    words) in time order, and the begin line's words."""
    lines = text.split("\n")
    begin = max(i for i, l in enumerate(lines)
                if l.startswith("timeline: begin "))
    end = next(i for i in range(begin, len(lines))
               if lines[i].startswith("timeline: end"))
    recs = []
    for l in lines[begin + 1:end]:
        w = l.split()
        if w and w[0].isdigit():
            recs.append((int(w[0]), int(w[1]), len(recs), w[2], w[3:]))
    recs.sort(key=lambda r: (r[1], r[0], r[2]))
    return recs, lines[begin].split()


def record_polls(recs):
    """Polls per task (begin ns, end ns, hart) as the records pair them
    (a poll ends on the hart it began on); begins left open."""
    polls, open_ = defaultdict(list), {}
    for hart, ns, _, kind, w in recs:
        tid = int(w[0]) if kind in ("poll", "pending", "ready") else None
        if kind == "poll":
            open_[tid, hart] = ns
        elif tid is not None and (tid, hart) in open_:
            polls[tid].append((open_.pop((tid, hart)), ns, hart))
    return polls, open_


def ns(ts):
    return round(ts * 1000)


def check_slices(trace, recs):
    ev = trace["traceEvents"]
    polls, open_ = record_polls(recs)
    x = [e for e in ev if e["ph"] == "X" and e["cat"] == "poll"]
    check(len(x) == sum(map(len, polls.values())) and len(x) > 0,
          f"{len(x)} poll slices for {sum(map(len, polls.values()))} polls")
    unclosed = trace["otherData"]["unclosed poll begins"]
    check(unclosed == len(open_), f"otherData: {unclosed} unclosed poll "
          f"begins, the record has {len(open_)}: {open_}")
    harts = {h for p in polls.values() for _, _, h in p}
    tracks = {e["tid"] for e in ev if e["ph"] == "M" and
              e["name"] == "thread_name"}
    check(tracks == harts and len(harts) > 1,
          f"tracks {sorted(tracks)} for harts {sorted(harts)}")
    check({e["tid"] for e in x} <= tracks, "a poll slice off the hart tracks")
    got = defaultdict(list)
    for e in x:
        got[e["args"]["task"]].append((ns(e["ts"]), ns(e["ts"]) +
                                       ns(e["dur"]), e["tid"]))
    check({t: sorted(p) for t, p in got.items()} ==
          {t: sorted(p) for t, p in polls.items()},
          "poll slices differ from the record's polls (task, time, hart)")
    return x


def check_order(x):
    by_hart, by_task = defaultdict(list), defaultdict(list)
    for e in x:
        by_hart[e["tid"]].append((ns(e["ts"]), ns(e["ts"]) + ns(e["dur"])))
        by_task[e["args"]["task"]].append((ns(e["ts"]), e["args"]["poll"]))
    overlaps = [(h, a, b) for h, s in by_hart.items()
                for a, b in zip(sorted(s), sorted(s)[1:]) if a[1] > b[0]]
    check(not overlaps, f"poll slices overlap on a hart: {overlaps[:3]}")
    unordered = [t for t, s in by_task.items()
                 if [i for _, i in sorted(s)] != list(range(1, len(s) + 1))]
    check(not unordered, f"tasks whose polls are out of order: {unordered}")


def check_pairing():
    """tools/timeline_record.py on a made-up record: a poll ending on hart
    1 at the ns its next begins on hart 0 (sorted first) pairs by hart;
    a begin with no end is counted, not dropped."""
    from timeline_record import parse
    rec = parse("timeline: begin harts 2 records 5 dropped 0\n"
                "1 1000 poll 5 f\n1 2000 pending 5 f:3>leaf\n"
                "0 2000 poll 5 f:3\n0 3000 pending 5 f:3>leaf\n"
                "0 3500 poll 6 g\ntimeline: end\n")
    got = [(p.hart, p.begin, p.end) for p in rec.tasks[5].polls]
    check(got == [(1, 1000, 2000), (0, 2000, 3000)] and
          rec.unmatched == 0 and rec.unclosed == 1,
          f"made-up record: polls {got}, {rec.unmatched} unmatched ends, "
          f"{rec.unclosed} unclosed begins")


def check_bad_uses(cap, out):
    """tools/timeline.py on a capture that is not there or holds no
    record, told to write where it cannot (a missing directory, after
    an output it could write; a full device), or given --png without the
    --html page it shoots: says which and why (one line, or argparse's
    usage and error), nothing written. Each was a Python traceback, or
    --png alone silently no screenshot."""
    empty = os.path.join(out, "timeline-empty.txt")
    with open(empty, "w") as f:
        f.write("ebreak> timeline stop\n")
    js = os.path.join(out, "timeline-bad.json")
    nodir = os.path.join(out, "no-such-dir", "t.json")
    missing = os.path.join(out, "no-such-capture.txt")
    for args, code, say in (
            ([missing, "--json", js], 1,
             f"timeline: {missing}: No such file"),
            ([empty, "--json", js], 1,
             f"timeline: {empty}: no `timeline: begin`"),
            ([cap, "--json", nodir], 1, f"timeline: {nodir}: No such file"),
            ([cap, "--json", js, "--html", nodir], 1,
             f"timeline: {nodir}: No such file"),
            ([cap, "--html", "/dev/full"], 1,
             "timeline: /dev/full: No space left on device"),
            ([cap, "--json", js, "--png", js + ".png"], 2,
             "--png is a screenshot of the --html page")):
        if os.path.exists(js):
            os.remove(js)
        r = subprocess.run([sys.executable, f"{TOP}/tools/timeline.py"] +
                           args, capture_output=True, text=True)
        err = r.stderr.strip().split("\n")
        check(r.returncode == code and say in err[-1] and
              (code == 2 or len(err) == 1) and not r.stdout and
              not os.path.exists(js),
              f"tools/timeline.py {' '.join(args)}: exit {r.returncode}, "
              f"{r.stderr!r}")
    os.remove(empty)


def check_flows(ev):
    s = defaultdict(int)
    f = defaultdict(int)
    for e in ev:
        if e["ph"] in ("s", "f"):
            (s if e["ph"] == "s" else f)[e["id"]] += 1
    check(s and s == f and set(s.values()) == {1},
          f"flows: {len(s)} starts, {len(f)} finishes, unpaired "
          f"{set(s) ^ set(f)}")


def check_flow_ends(ev, x, recs):
    """A flow per wake made by a task in one of its polls whose wakee
    polls again in the record (counted here from the raw record), each
    from inside the waker's poll slice, on its hart, to the start of the
    wakee's next poll slice."""
    polls, _ = record_polls(recs)
    want = [(h, t, int(w[1]), int(w[0])) for h, t, _, k, w in recs
            if k == "wake" and int(w[1]) and
            any(hh == h and b <= t <= e for b, e, hh in polls[int(w[1])]) and
            any(b >= t for b, _, _ in polls[int(w[0])])]
    task_made = sum(1 for *_, k, w in recs if k == "wake" and int(w[1]))
    s = {e["id"]: e for e in ev if e["ph"] == "s"}
    f = {e["id"]: e for e in ev if e["ph"] == "f"}
    check(len(s) == len(want) and len(want) >= task_made - 4,
          f"{len(s)} flows for {len(want)} wakes by tasks in the record "
          f"whose wakee polls after ({task_made} wakes by tasks in all)")
    slices = defaultdict(list)
    for e in x:
        slices[e["args"]["task"]].append(
            (ns(e["ts"]), ns(e["ts"]) + ns(e["dur"]), e["tid"]))
    bad = []
    for i, a in s.items():
        waker, wakee, t = a["args"]["waker"], a["args"]["wakee"], ns(a["ts"])
        nxt = min((p for p in slices[wakee] if p[0] >= t), default=None)
        if not (any(b <= t <= e and h == a["tid"]
                    for b, e, h in slices[waker]) and nxt and
                i in f and ns(f[i]["ts"]) == nxt[0] and f[i]["tid"] == nxt[2]):
            bad.append(i)
    check(not bad, f"flows not from the waker's poll to the wakee's next: "
          f"{bad[:5]}")


def check_syscall_pairs(ev, recs):
    """Each syscall entered and returned in the record (per task) has a
    slice starting at its enter."""
    open_, pairs = {}, set()
    for _, t, _, k, w in recs:
        if k == "enter":
            open_[int(w[0])] = (int(w[3]), t)
        elif k == "return" and int(w[0]) in open_:
            pairs.add((int(w[0]),) + open_.pop(int(w[0])))
    got = {(e["args"]["task"], e["args"]["nr"], ns(e["ts"])) for e in ev
           if e["ph"] == "X" and e["cat"] == "syscall"}
    missing = sorted(pairs - got)
    check(pairs and not missing, f"{len(pairs)} syscalls entered and "
          f"returned, without a slice: {missing[:3]}")


def check_syscalls(ev, x):
    polls = defaultdict(list)
    for e in x:
        polls[(e["tid"], e["args"]["task"])].append(
            (ns(e["ts"]), ns(e["ts"]) + ns(e["dur"])))
    sys_ = [e for e in ev if e["ph"] == "X" and e["cat"] == "syscall"]
    outside = [e for e in sys_ if not any(
        b <= ns(e["ts"]) and ns(e["ts"]) + ns(e["dur"]) <= end
        for b, end in polls[(e["tid"], e["args"]["task"])])]
    check(sys_ and not outside, f"{len(sys_)} syscall slices, outside their "
          f"task's polls: {outside[:2]}")


def check_counts(x, recs):
    counted = {int(w[0]): int(w[1]) for _, _, _, k, w in recs if k == "exit"}
    spawned = {int(w[0]) for _, _, _, k, w in recs if k == "spawn"}
    per_task = defaultdict(int)
    for e in x:
        per_task[e["args"]["task"]] += 1
    whole = spawned & set(counted)
    wrong = {t: (per_task[t], counted[t]) for t in whole
             if per_task[t] != counted[t]}
    check(len(whole) >= 5 and not wrong, f"{len(whole)} tasks spawned and "
          f"exited in the record; polls vs the executor's count: {wrong}")


def check_identity(ev, x):
    harts, names = defaultdict(set), defaultdict(set)
    for e in x:
        harts[e["args"]["task"]].add(e["tid"])
        names[e["args"]["task"]].add(e["name"].split(":")[0])
    moved = [t for t, h in harts.items() if len(h) > 1]
    check(moved, "no task polled on two harts (none migrated)")
    for t in moved:
        begins = [e for e in ev if e["ph"] == "b" and e["cat"] == "task"
                  and e["id"] == t and e["name"] in names[t]]
        check(len(names[t]) == 1 and len(begins) == 1,
              f"task {t} on harts {sorted(harts[t])}: names {names[t]}, "
              f"{len(begins)} async slices")


def check_async(ev, recs):
    """Each task spawned and exited in the record: an async slice (its
    id) begun at the spawn and ended at the exit, its syscalls nested."""
    life = defaultdict(dict)
    for _, t, _, k, w in recs:
        if k in ("spawn", "exit"):
            life[int(w[0])][k] = t
    spans = defaultdict(list)
    for e in ev:
        if e["ph"] in ("b", "e") and e["cat"] == "task":
            spans[e["id"]].append((ns(e["ts"]), e["ph"]))
    wrong = [t for t, l in life.items() if len(l) == 2 and not (
        spans[t] and min(spans[t])[0] == l["spawn"] and
        max(spans[t])[0] == l["exit"] and balanced(spans[t]))]
    check(life and not wrong, f"tasks whose async slices are not spawn to "
          f"exit, nested: {wrong}")


def record_calls(recs):
    """The async calls of the record: per call id, its task, parent and
    events (kind, ns) in order, from the raw `async` lines."""
    calls = {}
    for _, t, _, k, w in recs:
        if k == "async":
            c = calls.setdefault(int(w[2]), {"task": int(w[1]),
                                             "parent": int(w[3]), "ev": []})
            c["ev"].append((w[0], t))
    return calls


def check_calls(trace, recs):
    """Each call: one "b" at its first event and one "e" (at its
    complete, or counted open), as many "n" as its suspends and resumes;
    within its task's async slice and its parent call's; the slices of
    each id nest."""
    ev, calls = trace["traceEvents"], record_calls(recs)
    mine = defaultdict(lambda: defaultdict(list))
    for e in (e for e in ev if e.get("cat") == "async_call"):
        mine[e["args"]["call"]][e["ph"]].append(e)
    check(len(calls) >= 10 and set(mine) == set(calls) and
          any(c["parent"] for c in calls.values()),
          f"{len(calls)} async calls in the record (some nested), "
          f"{len(mine)} in the JSON")
    life = {(e["id"], e["ph"]): ns(e["ts"]) for e in ev
            if e.get("cat") == "task" and ("spawned in record" in e.get(
                "args", {}) or "exited in record" in e.get("args", {}))}
    wrong, open_ = [], 0
    for cid, c in calls.items():
        m = mine[cid]
        if len(m["b"]) != 1 or len(m["e"]) != 1:
            wrong.append((cid, "b/e", len(m["b"]), len(m["e"])))
            continue
        b, e = ns(m["b"][0]["ts"]), ns(m["e"][0]["ts"])
        done = c["ev"][-1][0] == "complete"
        open_ += not done
        waits = sum(k in ("suspend", "resume") for k, _ in c["ev"])
        t = (c["task"], "b"), (c["task"], "e")
        p = mine.get(c["parent"], {})
        if (b != c["ev"][0][1] or (done and e != c["ev"][-1][1]) or
                m["e"][0]["args"]["completed"] != done or
                len(m["n"]) != waits or
                not life.get(t[0], b + 1) <= b <= e <= life.get(t[1], -1) or
                (p and not (ns(p["b"][0]["ts"]) <= b and
                            e <= ns(p["e"][0]["ts"]) and
                            p["b"][0]["id"] == m["b"][0]["id"]))):
            wrong.append((cid, c["ev"][:2], m["b"][0]["ts"], m["e"][0]["ts"],
                          len(m["n"]), waits))
    check(not wrong, f"async calls whose slices differ from the record "
          f"(id, first events, b, e, instants, suspends+resumes): "
          f"{wrong[:3]}")
    check(open_ == trace["otherData"]["async calls open at the end"],
          f"{open_} calls open at the end, the JSON counts "
          f"{trace['otherData']['async calls open at the end']}")
    trees = defaultdict(list)
    for e in ev:
        if e.get("cat") == "async_call" and e["ph"] in ("b", "e"):
            trees[e["id"]].append((ns(e["ts"]), e["ph"]))
    check(all(balanced(t) for t in trees.values()),
          "async calls' slices of one id do not nest")


def balanced(span):
    """Whether b/e events, in time order (a b before an e at the same
    time), nest: never more e than b so far, as many of each."""
    depth = 0
    for _, ph in sorted(span, key=lambda s: (s[0], s[1] == "e")):
        depth += 1 if ph == "b" else -1
        if depth < 0:
            return False
    return depth == 0


def source_of(fn):
    """The kernel source file defining function fn."""
    for d, _, files in os.walk(os.path.join(TOP, "kernel")):
        for f in files:
            path = os.path.join(d, f)
            if f.endswith(".c") and re.search(
                    rf"^{fn}\(", open(path).read(), re.M):
                return path
    return None


def check_awaits(x):
    chains = {e["args"]["stopped at"] for e in x}
    check(any(c.count(">") >= 2 for c in chains),
          f"no await chain three deep among {sorted(chains)[:5]}")
    points = {lvl for c in chains for lvl in c.split(">") if ":" in lvl}
    for p in sorted(points):
        fn, line = p.split(":")
        path = source_of(fn)
        text = open(path).read().split("\n") if path else []
        # an async function's EB_AWAIT, or where a leaf future waits
        check(path and re.search(r"EB_AWAIT|EB_LEAF_PENDING",
                                 text[int(line) - 1]),
              f"await point {p}: line {line} of {path} is no EB_AWAIT "
              "or EB_LEAF_PENDING")


def check_html(html, x, calls, out):
    dom = chromium(html, "--dump-dom")
    if dom is None:
        skip("chromium is not installed (mk/deps.sh installs it; it needs "
             "root and the network): the HTML page was not opened", 4)
        return
    polls = len(re.findall(r'<rect class="poll[ "]', dom.stdout))
    bars = len(re.findall(r'<rect class="call[ "]', dom.stdout))
    check(bars == calls, f"the page's DOM holds {bars} async call bars for "
          f"{calls} calls")
    lanes = len(re.findall(r'<g class="lane"', dom.stdout))
    check(polls == len(x), f"the page's DOM holds {polls} poll rects for "
          f"{len(x)} polls")
    check(lanes == len({e["tid"] for e in x}),
          f"the page's DOM holds {lanes} lanes")
    png = os.path.join(out, "timeline.png")
    check(screenshot(html, png) and open(png, "rb").read(8) ==
          b"\x89PNG\r\n\x1a\n", f"no screenshot at {png}")


def main():
    out, qemu = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    cap, js, html = (os.path.join(out, f"timeline.{s}")
                     for s in ("txt", "json", "html"))
    tools = os.path.join(TOP, "tools")
    with open(cap, "w") as f:
        ran = subprocess.run([sys.executable, f"{tools}/timeline_workload.py",
                              "--timeout", "50"] + qemu, stdout=f)
    text = open(cap, errors="replace").read()
    if check(ran.returncode == 0 and "timeline: end" in text,
             f"the workload did not run to its dump (see {cap})"):
        run(text, cap, js, html, out)
    print(f"timeline-export: {passed} passed, {failed} failed" +
          (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


def run(text, cap, js, html, out):
    conv = subprocess.run([sys.executable, f"{TOP}/tools/timeline.py", cap,
                           "--json", js, "--html", html],
                          capture_output=True, text=True)
    sys.stderr.write(conv.stderr)
    if not check(conv.returncode == 0, "tools/timeline.py failed"):
        return
    check(re.search(r"\d+ begins without an end", conv.stdout),
          f"tools/timeline.py's summary: {conv.stdout.strip()}")
    recs, head = raw_record(text)
    check(head[-1] == "0", f"records dropped: {' '.join(head)}")
    try:
        with open(js) as f:
            trace = json.load(f)
    except ValueError as e:
        check(False, f"{js} does not parse: {e}")
        return
    x = check_slices(trace, recs)
    check_order(x)
    check_flows(trace["traceEvents"])
    check_flow_ends(trace["traceEvents"], x, recs)
    check_syscalls(trace["traceEvents"], x)
    check_syscall_pairs(trace["traceEvents"], recs)
    check_counts(x, recs)
    check_identity(trace["traceEvents"], x)
    check_async(trace["traceEvents"], recs)
    check_calls(trace, recs)
    check_awaits(x)
    check_pairing()
    check_bad_uses(cap, out)
    check_html(html, x, len(record_calls(recs)), out)


if __name__ == "__main__":
    sys.exit(main())
