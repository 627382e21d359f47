"""Bar charts as inline SVG: the report opens from disk with no script or font to fetch."""

from __future__ import annotations

from html import escape


def bars(items: list[tuple[str, float]], title: str, cid: str, unit: str = "", width: int = 640,
         color: str = "#3b6ea5", data_attr: str | None = None) -> str:
    """Horizontal bars, one per (label, value); `data_attr` tags each bar (for click filters)."""
    if not items:
        return f'<figure id="{cid}"><figcaption>{escape(title)}</figcaption><p class="empty">nothing to show</p></figure>'
    row, label_w = 22, 260
    top = max(v for _, v in items) or 1
    h = row * len(items) + 8
    out = [f'<figure id="{cid}"><figcaption>{escape(title)}</figcaption>'
           f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{h}" viewBox="0 0 {width} {h}">']
    for i, (label, v) in enumerate(items):
        y = i * row + 4
        w = max(1.0, (width - label_w - 90) * v / top)
        attr = f' data-{data_attr}="{escape(label)}" class="clickable"' if data_attr else ""
        out.append(
            f'<g{attr}><text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(label[:40])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row - 6}" fill="{color}"><title>{escape(label)}: '
            f'{v:,.0f}{unit}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{v:,.0f}{unit}</text></g>'
        )
    out.append("</svg></figure>")
    return "".join(out)


def paired_bars(labels: list[str], a: list[int], b: list[int], title: str, cid: str, names: tuple[str, str]) -> str:
    """Two series side by side per label (before/after histograms)."""
    width, h, pad = 640, 200, 30
    n = len(labels)
    top = max([*a, *b, 1])
    slot = (width - 2 * pad) / max(n, 1)
    out = [f'<figure id="{cid}"><figcaption>{escape(title)} <span class="legend a">{escape(names[0])}</span> '
           f'<span class="legend b">{escape(names[1])}</span></figcaption>'
           f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{h + 40}" viewBox="0 0 {width} {h + 40}">']
    for i, label in enumerate(labels):
        x = pad + i * slot
        for k, (vals, color) in enumerate(((a, "#9bb7d4"), (b, "#3b6ea5"))):
            bh = h * vals[i] / top
            out.append(f'<rect x="{x + k * slot / 2 + 2:.1f}" y="{h - bh:.1f}" width="{slot / 2 - 4:.1f}" height="{bh:.1f}" '
                       f'fill="{color}"><title>{escape(label)} characters: {vals[i]:,} ({names[k]})</title></rect>')
        out.append(f'<text x="{x + slot / 2:.1f}" y="{h + 16}" text-anchor="middle" class="small">{escape(label)}</text>')
    out.append("</svg></figure>")
    return "".join(out)
