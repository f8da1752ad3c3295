"""The report page's HTML: tables, sections and the page itself, every text escaped.

A story containing ``<script>`` shows as text.
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["page_html", "section_html", "table_html"]


def table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if value is None or value is pd.NA:
        return "–"
    return str(value)


def section_html(title: str, note: str, body: str) -> str:
    return f"<section><h2>{html.escape(title)}</h2><p class='note'>{html.escape(note)}</p>{body}</section>"


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { margin-bottom: .2rem; } .note { color: #444; max-width: 60rem; }
table { border-collapse: collapse; font-size: 13px; margin: .5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
td { max-width: 40rem; overflow-wrap: anywhere; }
section { margin: 2.5rem 0; } details { margin: 1rem 0; } code { font-size: 12px; }
"""


def page_html(title: str, parts: list[str]) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>\n"
    )
