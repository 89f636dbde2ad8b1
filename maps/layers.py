"""Map layers drawn from data by a few lines of our own JavaScript.

Names and fields from input files never pass through HTML: the layer data is embedded as JSON
(with ``<``, ``>``, ``&`` escaped so it cannot close the script), and popups and tooltips are
built in the browser with ``textContent``. A village called ``<img src=x onerror=...>`` is shown
as that text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from branca.element import MacroElement
from jinja2 import Template

Item = dict[str, Any]

POPUP_JS = """
window.countyLogistics = {
  table: function (rows) {
    var table = document.createElement('table');
    table.className = 'cl-popup';
    rows.forEach(function (row) {
      var tr = table.insertRow();
      var th = document.createElement('th');
      th.textContent = row[0];
      tr.appendChild(th);
      tr.insertCell().textContent = row[1];
    });
    return table;
  },
  text: function (value) {
    var div = document.createElement('div');
    div.textContent = value;
    return div;
  }
};
"""


def safe_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def point(
    lon: float,
    lat: float,
    *,
    style: Mapping[str, Any],
    popup: Sequence[tuple[str, Any]] = (),
    tooltip: str = "",
) -> Item:
    """A circle marker."""
    return _item("point", {"lat": round(lat, 6), "lon": round(lon, 6)}, style, popup, tooltip)


def line(
    coords_lonlat: Sequence[tuple[float, float]],
    *,
    style: Mapping[str, Any],
    popup: Sequence[tuple[str, Any]] = (),
    tooltip: str = "",
) -> Item:
    """A polyline through (lon, lat) points."""
    latlngs = [[round(lat, 6), round(lon, 6)] for lon, lat in coords_lonlat]
    return _item("line", {"coords": latlngs}, style, popup, tooltip)


def shape(
    geojson: Mapping[str, Any],
    *,
    style: Mapping[str, Any],
    popup: Sequence[tuple[str, Any]] = (),
    tooltip: str = "",
) -> Item:
    """A GeoJSON geometry (polygons, lines)."""
    return _item("shape", {"geojson": geojson}, style, popup, tooltip)


def _item(
    kind: str,
    where: Item,
    style: Mapping[str, Any],
    popup: Sequence[tuple[str, Any]],
    tooltip: str,
) -> Item:
    item: Item = {"type": kind, **where, "style": dict(style)}
    if popup:
        item["popup"] = [[str(k), "" if v is None else str(v)] for k, v in popup]
    if tooltip:
        item["tooltip"] = tooltip
    return item


class DataLayer(MacroElement):
    """Draws items into its parent (a FeatureGroup) on the map."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var group = {{ this._parent.get_name() }};
  var items = {{ this.items_json }};
  items.forEach(function (it) {
    var layer;
    if (it.type === 'point') {
      layer = L.circleMarker([it.lat, it.lon], it.style);
    } else if (it.type === 'line') {
      layer = L.polyline(it.coords, it.style);
    } else {
      layer = L.geoJSON(it.geojson, {style: function () { return it.style; }});
    }
    if (it.popup) { layer.bindPopup(function () { return countyLogistics.table(it.popup); }); }
    if (it.tooltip) { layer.bindTooltip(countyLogistics.text(it.tooltip)); }
    layer.addTo(group);
  });
})();
{% endmacro %}
"""
    )

    def __init__(self, items: Sequence[Item]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "DataLayer"
        self.items_json = safe_json(list(items))


class MarkerCount(MacroElement):
    """Writes the number of drawn village markers to ``body[data-village-markers]``.

    It counts what Leaflet actually drew, so a test (or a person with the browser's inspector)
    can check the map against the village count.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var n = 0;
  {{ this._parent.get_name() }}.eachLayer(function (layer) {
    var cls = layer.options && layer.options.className;
    if (cls && cls.indexOf('village-marker') >= 0) { n += 1; }
  });
  document.body.setAttribute('data-village-markers', String(n));
})();
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "MarkerCount"


class Legend(MacroElement):
    """A fixed legend box; entries are our own labels, set with textContent all the same."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'cl-legend');
    div.style.cssText = 'background:#fff;padding:6px 8px;border-radius:4px;'
      + 'box-shadow:0 0 4px rgba(0,0,0,.4);font:12px sans-serif;line-height:18px';
    var title = document.createElement('b');
    title.textContent = {{ this.title_json }};
    div.appendChild(title);
    {{ this.entries_json }}.forEach(function (e) {
      var row = document.createElement('div');
      var dot = document.createElement('span');
      dot.style.cssText = 'display:inline-block;width:10px;height:10px;margin-right:6px;'
        + 'border-radius:50%;border:1px solid #333;background:' + e[1];
      row.appendChild(dot);
      row.appendChild(document.createTextNode(e[0]));
      div.appendChild(row);
    });
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(self, title: str, entries: Sequence[tuple[str, str]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Legend"
        self.title_json = safe_json(title)
        self.entries_json = safe_json([list(e) for e in entries])


class ControlTexts(MacroElement):
    """Leaflet's own control texts (the layer list's toggle, the zoom buttons) in the map's
    language: set as attributes and text, never as markup."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var texts = {{ this.texts_json }};
  var container = {{ this._parent.get_name() }}.getContainer();
  Object.keys(texts).forEach(function (selector) {
    container.querySelectorAll(selector).forEach(function (el) {
      el.title = texts[selector];
      el.setAttribute('aria-label', texts[selector]);
    });
  });
})();
{% endmacro %}
"""
    )

    def __init__(self, *, layers: str, zoom_in: str, zoom_out: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ControlTexts"
        self.texts_json = safe_json(
            {
                ".leaflet-control-layers-toggle": layers,
                ".leaflet-control-zoom-in": zoom_in,
                ".leaflet-control-zoom-out": zoom_out,
            }
        )
