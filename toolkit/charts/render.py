"""Offline display: charts drawn without a network, in Jupyter, in pages and in files.

Altair's default renderer loads Vega from a CDN, which fails without internet, and
JupyterLab's own Vega extension only knows Vega-Lite 5. :func:`setup` enables a renderer
that ships the Vega, Vega-Lite and vega-embed bundle of ``vl-convert`` (about 0.9 MB) in
the first chart it shows, or in its own output, and only once per kernel; every chart then
draws itself with ``window.vegaEmbed``, waiting for the bundle if it comes later in the
page. A notebook with ten charts stays near 1 MB, and the charts still draw in the HTML
that ``jupyter nbconvert`` exports. :func:`to_html` writes a standalone page with the
bundle once; :func:`chart_html` gives one chart's fragment for pages built elsewhere;
:func:`save` writes PNG, SVG or PDF through ``vl-convert``.

Each notebook output must share the page's ``window`` (JupyterLab, Notebook 7, VS Code and
exported HTML do). Text from stories goes into the page as JSON with ``<``, ``>`` and
``&`` escaped, so a story containing ``</script>`` or HTML cannot break out of it.

Examples
--------
>>> page = to_html({"mark": "point", "data": {"values": [{"a": 1}]}}, title="One chart")
>>> page.count("window.vegaEmbed=")
1
"""

from __future__ import annotations

import functools
import html
import json
import os
import uuid
from collections.abc import Sequence
from pathlib import Path

import altair as alt

from toolkit.errors import InputError, UnknownNameError

__all__ = ["chart_html", "save", "setup", "to_html", "vl_version"]

_RENDERER = "toolkit"
_sent = {"bundle": False}
_EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
# Polls for window.vegaEmbed, so a chart above the bundle in a page still draws once the
# bundle (a deferred module script) has run.
_CHART_JS = """(function () {
  var root = document.currentScript ? document.currentScript.parentNode : document.getElementById(%(id)s);
  var view = root.querySelector(".toolkit-chart-view");
  var spec = JSON.parse(root.querySelector("script[type='application/json']").textContent);
  var waited = 0;
  function draw() {
    if (window.vegaEmbed) {
      window.vegaEmbed(view, spec, %(options)s).catch(function (err) {
        view.textContent = "Chart error: " + err;
      });
    } else if (waited < 60000) {
      waited += 100;
      setTimeout(draw, 100);
    } else {
      view.textContent = "The chart library is not loaded in this page: run toolkit.charts.setup() " +
        "as the last line of a cell, then run this cell again.";
    }
  }
  draw();
})();"""


def vl_version() -> str:
    """The Vega-Lite version of Altair's schema, as ``vl-convert`` names it (``"v6_4"``).

    Examples
    --------
    >>> vl_version().startswith("v")
    True
    """
    # vl-convert names versions "v6_4"; Altair's schema version is "v6.4.1".
    return "_".join(alt.SCHEMA_VERSION.split(".")[:2])


@functools.lru_cache(maxsize=1)
def _bundle() -> str:
    import vl_convert

    code = vl_convert.javascript_bundle(vl_version=vl_version())
    # The bundle is inlined in a <script>: keep it from ending the element early. Both
    # sequences only ever occur inside JS strings, where these escapes mean the same.
    return code.replace("</script", "<\\/script").replace("<!--", "<\\x21--")


def _bundle_html() -> str:
    return f'<script type="module">{_bundle()}</script>'


def _json_for_html(spec: dict) -> str:
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    # Story text in the data must never close the <script> it sits in, open a comment, or
    # be read as a character reference: these escapes are plain JSON.
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _spec(chart: alt.TopLevelMixin | dict) -> dict:
    if isinstance(chart, dict):
        return chart
    if not isinstance(chart, alt.TopLevelMixin):
        raise InputError(
            f"expected an Altair chart or a Vega-Lite dict, got {type(chart).__name__}"
        )
    return chart.to_dict()


def chart_html(
    chart: alt.TopLevelMixin | dict, *, include_bundle: bool = False, chart_id: str | None = None
) -> str:
    """An HTML fragment that draws ``chart`` offline, for pages you assemble yourself.

    Parameters
    ----------
    chart
        An Altair chart or a Vega-Lite spec as a dict.
    include_bundle
        Put the Vega bundle (about 0.9 MB) before the chart. A page needs it once,
        anywhere: charts wait for it.
    chart_id
        The chart's HTML id, unique in its page: a page built in one go can number its
        charts, so that rebuilding it gives the same file. By default a random one, as a
        notebook's output must not clash with outputs of earlier sessions.

    Examples
    --------
    >>> chart_html({"mark": "point", "data": {"values": [{"a": 1}]}}, chart_id="c1")[:35]
    '<div class="toolkit-chart" id="c1">'
    >>> from toolkit.charts import quotes_chart, readability_by_topic
    >>> drawn = [readability_by_topic(analyzed), quotes_chart(analyzed)]
    >>> parts = [chart_html(c, include_bundle=(i == 0)) for i, c in enumerate(drawn)]
    """
    spec = _json_for_html(_spec(chart))
    div_id = chart_id or f"toolkit-chart-{uuid.uuid4().hex[:12]}"
    script = _CHART_JS % {"id": json.dumps(div_id), "options": json.dumps(_EMBED_OPTIONS)}
    fragment = (
        f'<div class="toolkit-chart" id="{div_id}"><div class="toolkit-chart-view"></div>'
        f'<script type="application/json">{spec}</script>'
        f"<script>{script}</script></div>"
    )
    return (_bundle_html() + fragment) if include_bundle else fragment


def _render(spec: dict, **metadata) -> dict:
    include = not _sent["bundle"]
    _sent["bundle"] = True
    return {"text/html": chart_html(spec, include_bundle=include), "text/plain": "<toolkit chart>"}


class _Bundle:
    """Displays the Vega bundle; the output of :func:`setup`."""

    def _repr_html_(self) -> str:
        _sent["bundle"] = True
        return (
            _bundle_html()
            + '<div style="color:#555;font-size:12px">Charts ready (offline Vega-Lite).</div>'
        )

    def __repr__(self) -> str:
        return "toolkit charts: offline renderer enabled"


def setup() -> _Bundle:
    """Show charts in Jupyter without internet; call once per notebook.

    Enables an Altair renderer that puts the Vega, Vega-Lite and vega-embed libraries from
    ``vl-convert`` into the page once per kernel: in this call's output when it is the last
    line of a cell, else in the first chart shown. Later charts reuse ``window.vegaEmbed``.
    After a kernel restart the first chart carries the bundle again. After reloading the
    page without restarting the kernel, run ``setup()`` again.

    Returns
    -------
    object
        Shows the bundle (and a one-line note) when displayed.

    Examples
    --------
    >>> from toolkit import charts
    >>> charts.setup()
    toolkit charts: offline renderer enabled
    """
    alt.renderers.register(_RENDERER, _render)
    alt.renderers.enable(_RENDERER)
    _sent["bundle"] = False
    return _Bundle()


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
.toolkit-chart { margin: 1.5rem 0 2.5rem; }
</style>
</head>
<body>
<h1>%(title)s</h1>
%(bundle)s
%(charts)s
</body>
</html>
"""


def to_html(
    charts: alt.TopLevelMixin | Sequence[alt.TopLevelMixin],
    path: str | os.PathLike | None = None,
    *,
    title: str = "Charts",
) -> str:
    """A standalone HTML page with the charts, working offline; the bundle is in it once.

    Parameters
    ----------
    charts
        One chart or a list of them, shown in order.
    path
        Where to write the page (UTF-8); ``None`` only returns it.
    title
        The page's title and heading (escaped).

    Returns
    -------
    str
        The page.

    Examples
    --------
    >>> from toolkit.charts import quotes_chart, readability_by_topic
    >>> page = to_html([readability_by_topic(analyzed), quotes_chart(analyzed)], "out/charts.html")
    >>> page.count('class="toolkit-chart"')
    2
    """
    items = [charts] if isinstance(charts, (alt.TopLevelMixin, dict)) else list(charts)
    page = _PAGE % {
        "title": html.escape(title),
        "bundle": _bundle_html(),
        "charts": "\n".join(
            chart_html(c, chart_id=f"toolkit-chart-{i}") for i, c in enumerate(items, 1)
        ),
    }
    if path is not None:
        Path(path).write_text(page, encoding="utf-8")
    return page


_SAVE_FORMATS = (".png", ".svg", ".pdf", ".html")


def save(chart: alt.TopLevelMixin, path: str | os.PathLike, *, scale: float = 2.0) -> Path:
    """Write a chart to PNG, SVG or PDF with ``vl-convert`` (no browser, no internet), or
    to a standalone HTML page.

    Parameters
    ----------
    chart
        An Altair chart.
    path
        The file; its suffix picks the format.
    scale
        Pixel density of PNGs (2 = sharp on high-resolution screens).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> from toolkit.charts import readability_by_topic
    >>> save(readability_by_topic(analyzed), "out/readability.png")
    PosixPath('out/readability.png')
    """
    import vl_convert

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _SAVE_FORMATS:
        raise UnknownNameError("file type", suffix or path.name, _SAVE_FORMATS)
    if suffix == ".html":
        to_html(chart, path, title=_plain_title(chart))
        return path
    spec = _spec(chart)
    if suffix == ".png":
        path.write_bytes(vl_convert.vegalite_to_png(spec, vl_version=vl_version(), scale=scale))
    elif suffix == ".svg":
        path.write_text(vl_convert.vegalite_to_svg(spec, vl_version=vl_version()), encoding="utf-8")
    else:
        path.write_bytes(vl_convert.vegalite_to_pdf(spec, vl_version=vl_version()))
    return path


def _plain_title(chart: alt.TopLevelMixin) -> str:
    title = _spec(chart).get("title", "Chart")
    if isinstance(title, dict):
        title = title.get("text", "Chart")
    return title if isinstance(title, str) else " ".join(map(str, title))
