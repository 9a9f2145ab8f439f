"""The timeline as one self-contained HTML page: inline SVG and script, no
network, no other file. A lane per hart (<g class="lane">), a rect per
poll (class "poll", data-task, data-hart, data-await...) with a <title>
giving the task, the future and its await points; syscalls as thin rects
under their polls, wakes by tasks as lines; below the lanes, a row per
task with async calls (<g class="calls">), each call a bar (class
"call", data-call...) one step lower per parent it is nested in. Zoom with the wheel or the
buttons, drag to pan; the poll under the pointer is described above the
lanes. Used by tools/timeline.py.
"""
from html import escape

WIDTH = 1560            # the SVG's width, px (a 1600-px window)
LEFT = 70               # lane labels
PLOT = WIDTH - LEFT - 10
LANE = 44               # lane height, px
TOP = 24                # the time axis
CALL = 9                # an async call's bar: height, and step per depth

STYLE = """
body { font: 13px sans-serif; margin: 8px; }
#bar button { font: inherit; margin-right: 4px; }
#info { display: block; margin: 4px 0; white-space: pre; min-height: 4em; }
.key { display: inline-block; margin: 2px 10px 2px 0; }
.key i { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: middle; border: 1px solid #333; }
svg { border: 1px solid #ccc; user-select: none; }
.lane-bg { fill: #f6f6f6; } .lane:nth-child(odd) .lane-bg { fill: #ececec; }
.poll, .sys, .wake { vector-effect: non-scaling-stroke; }
.poll { stroke: #333; stroke-width: 0.5; }
.poll.ready { stroke-width: 2; }
.poll:hover { stroke: #000; stroke-width: 2; }
.sys { fill: #222; opacity: 0.6; }
.wake { stroke: #c33; stroke-width: 1; opacity: 0.5; }
.call { stroke: #333; stroke-width: 0.5; vector-effect: non-scaling-stroke; }
.call.open { stroke-dasharray: 3 2; }
.call:hover { stroke: #000; stroke-width: 2; }
.tick { font-size: 11px; fill: #444; }
"""

SCRIPT = """
(function () {
  const svg = document.getElementById('timeline');
  const zoom = document.getElementById('zoom');
  const axis = document.getElementById('axis');
  const info = document.getElementById('info');
  const NS = 'http://www.w3.org/2000/svg';
  const span = +svg.dataset.span, plot = +svg.dataset.plot;
  const left = +svg.dataset.left, start = +svg.dataset.start;
  let k = 1, x0 = 0;            /* scale; first visible base x */

  function clamp() {
    k = Math.min(Math.max(k, 1), 1e5);
    x0 = Math.min(Math.max(x0, 0), plot - plot / k);
  }
  function ticks() {
    axis.textContent = '';
    const ns0 = start + x0 / plot * span, width = span / k;
    let step = Math.pow(10, Math.floor(Math.log10(width / 8)));
    if (width / step > 16) step *= 5; else if (width / step > 8) step *= 2;
    for (let t = Math.ceil(ns0 / step) * step; t <= ns0 + width; t += step) {
      const x = left + (t - ns0) / width * plot;
      const txt = document.createElementNS(NS, 'text');
      txt.setAttribute('x', x.toFixed(1)); txt.setAttribute('y', 14);
      txt.setAttribute('class', 'tick');
      txt.textContent = (t / 1e6).toFixed(step < 1e4 ? 4 : 2) + ' ms';
      axis.appendChild(txt);
    }
  }
  function apply() {
    clamp();
    zoom.setAttribute('transform',
      'translate(' + (left - x0 * k) + ',0) scale(' + k + ',1)');
    ticks();
  }
  function zoomAt(factor, px) {           /* px: plot x kept in place */
    const base = x0 + px / k;
    k *= factor; x0 = base - px / k; apply();
  }
  document.getElementById('zin').onclick = () => zoomAt(2, plot / 2);
  document.getElementById('zout').onclick = () => zoomAt(0.5, plot / 2);
  document.getElementById('zreset').onclick = () => {
    k = 1; x0 = 0; apply();
  };
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const px = e.clientX - svg.getBoundingClientRect().left - left;
    zoomAt(e.deltaY < 0 ? 1.25 : 0.8, px);
  }, { passive: false });
  let drag = null;
  svg.addEventListener('mousedown', (e) => { drag = e.clientX; });
  window.addEventListener('mouseup', () => { drag = null; });
  svg.addEventListener('mousemove', (e) => {
    if (drag === null) return;
    x0 -= (e.clientX - drag) / k; drag = e.clientX; apply();
  });
  svg.addEventListener('mouseover', (e) => {
    const t = e.target.closest('.poll, .call');
    if (t) info.textContent = t.querySelector('title').textContent;
  });
  apply();
})();
"""


def color(tid):
    return f"hsl({tid * 137.508 % 360:.0f},55%,62%)"


class Scale:
    """Nanoseconds to the plot's base x (0 to PLOT), lanes to y: the
    harts', then a row per task with async calls."""

    def __init__(self, rec):
        self.start = rec.start
        self.span = max(rec.end - rec.start, 1)
        self.lane = {h: i for i, h in enumerate(rec.harts_seen)}
        tasks = sorted({c.task for c in rec.calls.values()})
        self.row = {t: len(self.lane) + i for i, t in enumerate(tasks)}

    def x(self, ns):
        return (ns - self.start) / self.span * PLOT

    def y(self, hart):
        return TOP + self.lane[hart] * LANE

    def row_y(self, task):
        return TOP + self.row[task] * LANE


def poll_title(rec, p):
    return (f"{rec.label(p.task)}: {p.future}, poll {p.index} on hart "
            f"{p.hart}\n{(p.end - p.begin) / 1000:.1f} us from "
            f"{p.begin / 1e6:.4f} ms\nresumed at {p.resumed}\n"
            f"{'ready' if p.ready else 'awaits'} at {p.stopped}")


def poll_rect(rec, s, p):
    x, w = s.x(p.begin), max(s.x(p.end) - s.x(p.begin), 0.2)
    cls = "poll ready" if p.ready else "poll"
    return (f'<rect class="{cls}" data-task="{p.task}" data-hart="{p.hart}" '
            f'data-poll="{p.index}" data-begin="{p.begin}" '
            f'data-end="{p.end}" data-await="{escape(p.stopped)}" '
            f'x="{x:.3f}" y="{s.y(p.hart) + 4}" width="{w:.3f}" '
            f'height="{LANE - 14}" fill="{color(p.task)}">'
            f'<title>{escape(poll_title(rec, p))}</title></rect>')


def syscall_rects(rec, s):
    out = []
    for sc in rec.syscalls:
        for p, b, e in rec.pieces(sc):
            who = escape(rec.label(sc.task))
            out.append(f'<rect class="sys" x="{s.x(b):.3f}" '
                       f'y="{s.y(p.hart) + LANE - 9}" '
                       f'width="{max(s.x(e) - s.x(b), 0.1):.3f}" height="4">'
                       f'<title>{escape(sc.name)} ({who}, ret {sc.ret})'
                       f'</title></rect>')
    return out


def wake_lines(rec, s):
    return [f'<line class="wake" x1="{s.x(w.ns):.3f}" '
            f'y1="{s.y(src.hart) + LANE / 2}" x2="{s.x(to.begin):.3f}" '
            f'y2="{s.y(to.hart) + LANE / 2}"/>'
            for w, src, to in rec.wake_links() if src and to]


def call_rect(rec, s, c):
    """Async call c as a bar in its task's row, lower per depth."""
    b, e = c.events[0].ns, rec.call_end(c)
    title = (f"{c.fn}: call {c.id} of {rec.label(c.task)}, parent call "
             f"{c.parent}\n{(e - b) / 1000:.1f} us from {b / 1e6:.4f} ms, "
             f"{'completed' if c.completed else 'not completed'}; begun at "
             f"{c.start}\nawaits at {', '.join(c.await_points) or '-'}")
    return (f'<rect class="call{"" if c.completed else " open"}" '
            f'data-call="{c.id}" data-task="{c.task}" data-begin="{b}" '
            f'data-end="{e}" x="{s.x(b):.3f}" '
            f'y="{s.row_y(c.task) + 4 + CALL * min(rec.call_depth(c), 3)}" '
            f'width="{max(s.x(e) - s.x(b), 0.2):.3f}" height="{CALL - 1}" '
            f'fill="{color(c.task)}"><title>{escape(title)}</title></rect>')


def call_rows(rec, s):
    return [f'<g class="calls" data-task="{t}">'
            f'<rect class="lane-bg" x="0" y="{s.row_y(t)}" width="{WIDTH}" '
            f'height="{LANE}"/><text x="6" y="{s.row_y(t) + LANE / 2 + 4}">'
            f'#{t} calls</text></g>' for t in sorted(s.row)]


def lanes(s):
    return [f'<g class="lane" data-hart="{h}">'
            f'<rect class="lane-bg" x="0" y="{s.y(h)}" width="{WIDTH}" '
            f'height="{LANE}"/><text x="6" y="{s.y(h) + LANE / 2 + 4}">'
            f'hart {h}</text></g>' for h in sorted(s.lane)]


def legend(rec):
    """Each task's colour and name, with its pid and poll count."""
    return "".join(
        f'<span class="key"><i style="background:{color(t.id)}"></i>'
        f'{escape(rec.label(t.id))} (pid {t.pid}, {len(t.polls)} polls)</span>'
        for t in sorted(rec.tasks.values(), key=lambda t: t.id))


def page(rec):
    """The HTML page of rec, as a string."""
    s = Scale(rec)
    height = TOP + LANE * (len(s.lane) + len(s.row)) + 4
    body = (lanes(s) + call_rows(rec, s) +
            [f'<g clip-path="url(#plot)"><g id="zoom">'] +
            [poll_rect(rec, s, p) for p in rec.polls] +
            syscall_rects(rec, s) + wake_lines(rec, s) +
            [call_rect(rec, s, c) for c in rec.calls.values()] +
            ["</g></g>"])
    summary = (f"{len(rec.polls)} polls of {len(rec.tasks)} tasks on "
               f"{len(s.lane)} harts, {len(rec.wakes)} wakes, "
               f"{len(rec.syscalls)} syscalls, {len(rec.calls)} async calls, "
               f"{rec.dropped} records dropped")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>ebreak timeline</title>
<style>{STYLE}</style></head><body>
<div id="bar"><b>ebreak timeline</b> {escape(summary)}
<button id="zin">zoom in</button><button id="zout">zoom out</button>
<button id="zreset">reset</button> (or the wheel; drag to pan)
<div id="info">hover a poll or an async call: its task, future and await
points</div></div>
<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}"
 height="{height}" data-start="{s.start}" data-span="{s.span}"
 data-plot="{PLOT}" data-left="{LEFT}">
<defs><clipPath id="plot"><rect x="{LEFT}" y="0" width="{PLOT}"
 height="{height}"/></clipPath></defs>
<g id="axis"></g>
{chr(10).join(body)}
</svg>
<div id="legend">{legend(rec)}</div>
<script>{SCRIPT}</script>
</body></html>
"""
