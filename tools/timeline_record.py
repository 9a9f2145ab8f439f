"""The kernel's timeline record (`timeline dump`, docs/timeline.md), read
from a console capture into polls, tasks, wakes, syscalls and async
calls.

Standard library only; tools/timeline.py and the timeline suite use it.
"""
from dataclasses import dataclass, field


class RecordError(Exception):
    """The capture holds no record, or a line of it is malformed."""


@dataclass
class Event:
    hart: int
    ns: int
    seq: int            # its place in the hart's buffer: order at equal ns
    kind: str
    words: list         # what follows the kind


@dataclass
class Poll:
    task: int
    hart: int
    begin: int          # ns
    end: int
    resumed: str        # the top future's poll function[:await line]
    stopped: str        # the await chain at the end, "f:l>f:l>leaf"
    ready: bool
    index: int = 0      # the task's n-th poll in the record, from 1

    @property
    def future(self):
        """The task's top future's poll function."""
        return self.resumed.split(":")[0]


@dataclass
class Task:
    id: int
    name: str = ""
    pid: int = 0
    spawn: int = None   # ns, when the record holds it
    exit: int = None
    polls_counted: int = None   # the executor's count, at exit
    polls: list = field(default_factory=list)


@dataclass
class Wake:
    hart: int
    ns: int
    wakee: int
    waker: int          # 0: an interrupt (or a task's exit)
    running: bool       # the wakee was being polled


@dataclass
class Syscall:
    task: int
    pid: int
    name: str
    nr: int
    hart: int
    enter: int          # ns
    arg: int            # a0
    exit: int = None    # ns; None: it did not return (exit) in the record
    ret: int = None


@dataclass
class AsyncEvent:
    hart: int
    ns: int
    kind: str           # start, suspend, resume or complete
    line: int           # suspend, resume: the await line; 0


@dataclass
class AsyncCall:
    """One call of a probed poll function (an async probe's events)."""
    id: int
    task: int
    parent: int         # the probed call it runs in (0: none)
    fn: str             # its poll function
    future: str         # its future's address
    unseen: bool = False    # begun before its probe was registered
    events: list = field(default_factory=list)

    @property
    def completed(self):
        return self.events[-1].kind == "complete"

    @property
    def start(self):
        """How its first event in the record came: "start", "unseen
        start" (a resume: begun before its probe), or "before the
        record" (its start came before `timeline start`)."""
        if self.events[0].kind == "start":
            return "start"
        return "unseen start" if self.unseen else "before the record"

    @property
    def await_points(self):
        """"FN:LINE" of each await it suspended at, first time first."""
        points = (f"{self.fn}:{e.line}" for e in self.events
                  if e.kind == "suspend")
        return list(dict.fromkeys(points))


@dataclass
class Record:
    harts: int = 0
    dropped: int = 0
    events: list = field(default_factory=list)
    tasks: dict = field(default_factory=dict)
    wakes: list = field(default_factory=list)
    syscalls: list = field(default_factory=list)
    calls: dict = field(default_factory=dict)  # AsyncCall by id
    unmatched: int = 0  # poll ends whose begin came before the record
    unclosed: int = 0   # poll begins with no end: running at the stop

    @property
    def polls(self):
        return sorted((p for t in self.tasks.values() for p in t.polls),
                      key=lambda p: (p.begin, p.hart))

    @property
    def start(self):
        return self.events[0].ns if self.events else 0

    @property
    def end(self):
        return self.events[-1].ns if self.events else 0

    @property
    def harts_seen(self):
        return sorted({p.hart for t in self.tasks.values() for p in t.polls})

    def pieces(self, sc):
        """Syscall sc's part in each poll of its task it overlaps (where
        it ran): (poll, begin ns, end ns) each."""
        end = sc.exit if sc.exit is not None else float("inf")
        return [(p, max(sc.enter, p.begin), min(end, p.end))
                for p in self.tasks[sc.task].polls
                if p.begin <= end and sc.enter <= p.end]

    def poll_at(self, tid, hart, ns):
        """Task tid's poll running on hart at ns, or None."""
        t = self.tasks.get(tid)
        return next((p for p in t.polls if p.hart == hart and
                     p.begin <= ns <= p.end), None) if t else None

    def next_poll(self, tid, ns):
        """Task tid's first poll beginning at or after ns, or None."""
        t = self.tasks.get(tid)
        return next((p for p in t.polls if p.begin >= ns), None) if t else None

    def wake_links(self):
        """(wake, the waker's poll it came from or None, the wakee's next
        poll or None) for each wake."""
        for w in self.wakes:
            src = self.poll_at(w.waker, w.hart, w.ns) if w.waker else None
            yield w, src, self.next_poll(w.wakee, w.ns)

    def task(self, tid):
        return self.tasks.setdefault(tid, Task(tid))

    def call_parent(self, c):
        """The call c ran in, when the record holds it; else None."""
        return self.calls.get(c.parent) if c.parent < c.id else None

    def call_root(self, c):
        """The outermost call of c's chain of parents in the record (the
        views nest a call's children in it: in the JSON, its id)."""
        while self.call_parent(c):
            c = self.call_parent(c)
        return c

    def call_depth(self, c):
        """How many of c's parents the record holds."""
        p = self.call_parent(c)
        return 1 + self.call_depth(p) if p else 0

    def call_end(self, c):
        """When call c ends: its complete; else (given up, or still
        running at the end) its parent's end, or the record's."""
        if c.completed:
            return c.events[-1].ns
        p = self.call_parent(c)
        return self.call_end(p) if p else self.end

    def label(self, tid):
        """"NAME #ID": a task as the views name it."""
        t = self.tasks.get(tid)
        return f"{t.name or 'task'} #{tid}" if t else f"task #{tid}"


def frame(lines):
    """The record's lines: those between `timeline: begin` and `timeline:
    end` (the last such pair), with the begin line's words."""
    begin = end = None
    for i, line in enumerate(lines):
        if line.startswith("timeline: begin "):
            begin, end = i, None
        elif line.startswith("timeline: end") and begin is not None:
            end = i
    if begin is None or end is None:
        raise RecordError("no `timeline: begin` ... `timeline: end` record "
                          "in the capture (was `timeline dump` typed?)")
    return lines[begin].split(), lines[begin + 1:end]


def read_events(lines):
    """Events of the record's lines, in time order (hart order kept at
    equal times); and the total dropped from the harts' count lines."""
    events, dropped, seq = [], 0, {}
    for n, line in enumerate(lines, 1):
        words = line.split()
        if line.startswith("timeline: hart "):
            dropped += int(words[-1])
            continue
        try:
            hart, ns = int(words[0]), int(words[1])
            kind = words[2]
        except (ValueError, IndexError):
            raise RecordError(f"record line {n} is malformed: {line!r}")
        seq[hart] = seq.get(hart, -1) + 1
        events.append(Event(hart, ns, seq[hart], kind, words[3:]))
    events.sort(key=lambda e: (e.ns, e.hart, e.seq))
    return events, dropped


def apply_life(rec, e):
    t = rec.task(int(e.words[0]))
    if e.kind == "spawn":
        t.spawn, t.name = e.ns, " ".join(e.words[1:])
    else:
        t.exit, t.polls_counted = e.ns, int(e.words[1])
        t.name = " ".join(e.words[2:])


def apply_poll(rec, e, open_polls):
    """A poll's begin or end; begins wait in open_polls by (task, hart),
    as a poll ends on the hart it began on, whatever the order of two
    harts' events at the same ns."""
    tid = int(e.words[0])
    chain = e.words[1] if len(e.words) > 1 else "?"
    if e.kind == "poll":
        if (tid, e.hart) in open_polls:     # its end was dropped
            rec.unclosed += 1
        open_polls[tid, e.hart] = (e, chain)
        return
    begin = open_polls.pop((tid, e.hart), None)
    if begin is None:
        rec.unmatched += 1
        return
    t = rec.task(tid)
    t.polls.append(Poll(tid, e.hart, begin[0].ns, e.ns, begin[1], chain,
                        e.kind == "ready", len(t.polls) + 1))


def apply_syscall(rec, e, open_calls):
    tid, pid, name, nr, arg = (int(e.words[0]), int(e.words[1]), e.words[2],
                               int(e.words[3]), int(e.words[4]))
    rec.task(tid).pid = pid
    if e.kind == "enter":
        sc = Syscall(tid, pid, name, nr, e.hart, e.ns, arg)
        open_calls[tid] = sc
        rec.syscalls.append(sc)
    elif tid in open_calls:
        sc = open_calls.pop(tid)
        sc.exit, sc.ret = e.ns, arg


def apply_async(rec, e):
    """An async probe's event: "KIND TASK CALL PARENT FN[:LINE] FUTURE
    [unseen-start]"."""
    kind, task, cid, parent, at, future = e.words[:6]
    if kind not in ("start", "suspend", "resume", "complete"):
        raise ValueError(kind)
    fn, _, line = at.partition(":")
    c = rec.calls.setdefault(int(cid), AsyncCall(int(cid), int(task),
                                                 int(parent), fn, future))
    c.unseen |= e.words[6:] == ["unseen-start"]
    c.events.append(AsyncEvent(e.hart, e.ns, kind, int(line or 0)))


def parse(text):
    """The Record a console capture holds. Raises RecordError."""
    lines = text.replace("\r", "").split("\n")
    head, body = frame(lines)
    rec = Record(harts=int(head[3]))
    rec.events, rec.dropped = read_events(body)
    open_polls, open_calls = {}, {}
    try:
        for e in rec.events:
            if e.kind in ("spawn", "exit"):
                apply_life(rec, e)
            elif e.kind in ("poll", "pending", "ready"):
                apply_poll(rec, e, open_polls)
            elif e.kind == "wake":
                rec.wakes.append(Wake(e.hart, e.ns, int(e.words[0]),
                                      int(e.words[1]),
                                      e.words[2] == "running"))
            elif e.kind in ("enter", "return"):
                apply_syscall(rec, e, open_calls)
            elif e.kind == "async":
                apply_async(rec, e)
            else:
                raise RecordError(f"unknown record kind {e.kind!r}")
    except (ValueError, IndexError):
        raise RecordError(f"malformed {e.kind} record at {e.ns} ns on hart "
                          f"{e.hart}: {' '.join(e.words)}")
    rec.unclosed += len(open_polls)
    return rec
