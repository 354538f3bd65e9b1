"""Generated activity-on-node networks: the critical path method, and the network drawn as SVG.

A network has activities A, B, C, … in a topological order: the first has no predecessor, the
last follows every activity that nothing else follows, and each one in between follows one or
two earlier activities. Durations are drawn so that the critical path is unique, which keeps
"which path is critical?" a question with exactly one right answer.
"""

from __future__ import annotations

import base64
import itertools
import random
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Network:
    durations: dict[str, int]
    preds: dict[str, list[str]]

    @property
    def order(self) -> list[str]:
        return list(self.durations)

    @property
    def end(self) -> str:
        return self.order[-1]

    def succs(self, node: str) -> list[str]:
        return [n for n in self.order if node in self.preds[n]]

    def paths(self) -> list[list[str]]:
        """Every path from the first activity to the last."""

        def ending_at(node: str) -> list[list[str]]:
            if not self.preds[node]:
                return [[node]]
            return [[*p, node] for pred in self.preds[node] for p in ending_at(pred)]

        return ending_at(self.end)

    def length(self, path: list[str]) -> int:
        return sum(self.durations[n] for n in path)


@dataclass(frozen=True)
class Passes:
    es: dict[str, int]
    ef: dict[str, int]
    ls: dict[str, int]
    lf: dict[str, int]
    free: dict[str, int]

    def total(self, node: str) -> int:
        return self.ls[node] - self.es[node]


def random_network(rng: random.Random, activities: int, low: int, high: int) -> Network:
    """A network of ``activities`` activities with durations in [low, high] days."""
    names = [chr(ord("A") + i) for i in range(activities)]
    preds = _random_links(rng, names)
    durations = {n: rng.randint(low, high) for n in names}
    for _ in range(200):
        if _unique_longest(Network(durations, preds)):
            break
        durations = {n: rng.randint(low, high) for n in names}
    return Network(_break_ties(durations, preds), preds)


def _unique_longest(net: Network) -> bool:
    lengths = sorted((net.length(p) for p in net.paths()), reverse=True)
    return len(lengths) == 1 or lengths[0] > lengths[1]


def _break_ties(durations: dict[str, int], preds: dict[str, list[str]]) -> dict[str, int]:
    """Lengthen activities of one longest path until no other path is as long.

    Each step adds a day to an activity of that path which a rival longest path lacks, so the
    rivals drop out one by one (a rival cannot contain the whole path: it would be longer).
    """
    durations = dict(durations)
    while True:
        net = Network(durations, preds)
        paths = net.paths()
        top = max(net.length(p) for p in paths)
        longest = [p for p in paths if net.length(p) == top]
        if len(longest) == 1:
            return durations
        chosen, rival = longest[0], longest[1]
        durations[next(n for n in chosen if n not in rival)] += 1


def _random_links(rng: random.Random, names: list[str]) -> dict[str, list[str]]:
    """Predecessor lists giving at least three paths from the first activity to the last."""
    preds: dict[str, list[str]] = {}
    for _ in range(100):
        preds = {names[0]: []}
        for i in range(1, len(names) - 1):
            earlier = names[:i]
            chosen = {rng.choice(earlier[-3:])}
            if i >= 2 and rng.random() < 0.4:
                chosen.add(rng.choice(earlier[1:]))
            preds[names[i]] = sorted(chosen)
        middle = names[1:-1]
        preds[names[-1]] = [n for n in middle if not any(n in preds[m] for m in middle)]
        if len(Network(dict.fromkeys(names, 1), preds).paths()) >= (4 if len(names) >= 6 else 3):
            return preds
    # Fallback (only reachable with very few activities): every middle activity in parallel.
    preds = {names[0]: [], **{n: [names[0]] for n in names[1:-1]}, names[-1]: names[1:-1]}
    return preds


def passes(net: Network) -> Passes:
    """The forward and backward pass of the critical path method."""
    es: dict[str, int] = {}
    ef: dict[str, int] = {}
    for n in net.order:
        es[n] = max((ef[p] for p in net.preds[n]), default=0)
        ef[n] = es[n] + net.durations[n]
    finish = ef[net.end]
    lf: dict[str, int] = {}
    ls: dict[str, int] = {}
    for n in reversed(net.order):
        lf[n] = min((ls[s] for s in net.succs(n)), default=finish)
        ls[n] = lf[n] - net.durations[n]
    free = {n: min((es[s] for s in net.succs(n)), default=finish) - ef[n] for n in net.order}
    return Passes(es, ef, ls, lf, free)


def critical_path(net: Network) -> list[str]:
    return max(net.paths(), key=net.length)


def table(net: Network) -> str:
    rows = "\n".join(
        f"| {n} | {net.durations[n]} | {', '.join(net.preds[n]) or '—'} |" for n in net.order
    )
    return f"| Activity | Duration (days) | Predecessors |\n| --- | --- | --- |\n{rows}"


# ---------------------------------------------------------------------------- drawing

NODE_W, NODE_H = 52, 44
ROW_PITCH = NODE_H + 26
MARGIN_X, TOP = 20, 40
MAX_WIDTH = 640


def _levels(net: Network) -> dict[str, int]:
    level: dict[str, int] = {}
    for n in net.order:
        level[n] = max((level[p] + 1 for p in net.preds[n]), default=0)
    return level


def _layout(net: Network) -> tuple[list[list[str]], dict[tuple[str, str], list[str]]]:
    """Layers left to right (long links get waypoints in between), ordered to cut crossings."""
    level = _levels(net)
    layers: list[list[str]] = [[] for _ in range(max(level.values()) + 1)]
    for n in net.order:
        layers[level[n]].append(n)
    routes: dict[tuple[str, str], list[str]] = {}
    for n in net.order:
        for p in net.preds[n]:
            via = []
            for lv in range(level[p] + 1, level[n]):
                dummy = f"{p}>{n}@{lv}"
                layers[lv].append(dummy)
                via.append(dummy)
            routes[(p, n)] = [p, *via, n]
    ups: dict[str, list[str]] = {}
    downs: dict[str, list[str]] = {}
    for route in routes.values():
        for a, b in itertools.pairwise(route):
            downs.setdefault(a, []).append(b)
            ups.setdefault(b, []).append(a)
    for _ in range(4):  # barycentre sweeps, forward then backward
        for i in range(1, len(layers)):
            _sort_by_barycentre(layers[i], layers[i - 1], ups)
        for i in range(len(layers) - 2, -1, -1):
            _sort_by_barycentre(layers[i], layers[i + 1], downs)
    return layers, routes


def _sort_by_barycentre(layer: list[str], ref: list[str], links: dict[str, list[str]]) -> None:
    index = {n: k for k, n in enumerate(ref)}
    current = {n: k for k, n in enumerate(layer)}

    def key(n: str) -> float:
        near = [index[x] for x in links.get(n, []) if x in index]
        return sum(near) / len(near) if near else float(current[n])

    layer.sort(key=key)


def svg(net: Network, title: str = "Activity network") -> str:
    """The network drawn left to right as a static SVG (no scripts, no external references)."""
    layers, routes = _layout(net)
    ncols = len(layers)
    nrows = max(len(layer) for layer in layers)
    room = MAX_WIDTH - 2 * MARGIN_X - ncols * NODE_W
    gap = min(72.0, max(18.0, room / (ncols - 1))) if ncols > 1 else 0.0
    width = max(360.0, 2 * MARGIN_X + ncols * NODE_W + (ncols - 1) * gap)
    height = TOP + nrows * ROW_PITCH + 4
    pos: dict[str, tuple[float, float]] = {}  # centre of each node or waypoint
    for col, layer in enumerate(layers):
        x = MARGIN_X + NODE_W / 2 + col * (NODE_W + gap)
        offset = (nrows - len(layer)) * ROW_PITCH / 2
        for row, n in enumerate(layer):
            pos[n] = (x, TOP + offset + row * ROW_PITCH + ROW_PITCH / 2)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">',
        f"<title>{escape(title)}</title>",
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' "
        "markerHeight='7' orient='auto'><path d='M0,0 L10,5 L0,10 z' fill='#455a64'/></marker>"
        "</defs>",
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="{MARGIN_X}" y="22" font-family="sans-serif" font-size="13" fill="#37474f">'
        "Activity on node · durations in days · finish-to-start</text>",
    ]
    for route in routes.values():
        points = [pos[n] for n in route]
        (x0, y0), (x1, y1) = points[0], points[-1]
        coords = [(x0 + NODE_W / 2, y0), *points[1:-1], (x1 - NODE_W / 2, y1)]
        text = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        out.append(
            f'<polyline points="{text}" fill="none" stroke="#455a64" stroke-width="1.6" '
            'stroke-linejoin="round" marker-end="url(#arrow)"/>'
        )
    for n in net.order:
        x, y = pos[n][0] - NODE_W / 2, pos[n][1] - NODE_H / 2
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="6" '
            'fill="#e3f2fd" stroke="#1565c0" stroke-width="1.6"/>'
        )
        out.append(
            f'<text x="{pos[n][0]:.1f}" y="{y + 19:.1f}" font-family="sans-serif" '
            f'font-size="16" font-weight="bold" text-anchor="middle" fill="#0d47a1">{n}</text>'
        )
        out.append(
            f'<text x="{pos[n][0]:.1f}" y="{y + 36:.1f}" font-family="sans-serif" '
            f'font-size="13" text-anchor="middle" fill="#263238">{net.durations[n]} d</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def svg_data_uri(text: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def describe(net: Network) -> str:
    """The network in words: the diagram's text alternative (screen readers, printed reports)."""
    parts = [
        f"{n} {net.durations[n]} days"
        + (f" after {' and '.join(net.preds[n])}" if net.preds[n] else " at the start")
        for n in net.order
    ]
    return "Activity network: " + "; ".join(parts)


def stem(net: Network, setting: str, ask: str) -> str:
    """A stem with the network drawn; the image's text alternative describes it in words."""
    return (
        f"{setting} The network below shows its activities, with durations in days and "
        f"finish-to-start dependencies.\n\n![{describe(net)}]({svg_data_uri(svg(net))})\n\n{ask}"
    )
