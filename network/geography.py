"""Metric geography of a county: its projected CRS, boundary, service areas and township cells.

Positions are stored as WGS-84 lon/lat; every length and area is computed here, in metres, in a
projected CRS picked for the county:

* points in China's range (lon 73.5..136.5 E, lat 3..54 N) get the CGCS2000 3-degree
  Gauss-Kruger zone whose central meridian is nearest (EPSG:4534 = CM 75E ... EPSG:4554 =
  CM 135E; the variant without the zone number prefixed to the easting), the national mapping
  standard, with scale error under 0.1 % inside a county;
* anywhere else, the UTM zone (WGS-84, north or south).

The choice uses the median position, so a stray far point does not move it.

Example:
    >>> metric_crs(120.0, 26.8).to_string()
    'EPSG:4549'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pyproj
import shapely

from network.errors import InputError
from network.model import Network
from network.texts import Message

FloatArray = npt.NDArray[np.float64]

_GK_FIRST_EPSG = 4534  # CGCS2000 / 3-degree Gauss-Kruger CM 75E
_GK_FIRST_CM_DEG = 75
_GK_LAST_CM_DEG = 135
# Without a county boundary, township cells are clipped to the nodes' hull grown by this much.
_HULL_MARGIN_M = 5_000.0


def metric_crs(lon: npt.ArrayLike, lat: npt.ArrayLike) -> pyproj.CRS:
    """The projected CRS (metres) for points around these WGS-84 positions."""
    lon_arr = np.asarray(lon, dtype=np.float64).ravel()
    lat_arr = np.asarray(lat, dtype=np.float64).ravel()
    if lon_arr.size == 0 or lat_arr.size != lon_arr.size:
        raise InputError(
            Message("need at least one position (with as many latitudes as longitudes)")
        )
    lon_c = float(np.median(lon_arr))
    lat_c = float(np.median(lat_arr))
    if 73.5 <= lon_c < 136.5 and 3.0 <= lat_c <= 54.0:
        cm_deg = min(max(3 * round(lon_c / 3), _GK_FIRST_CM_DEG), _GK_LAST_CM_DEG)
        return pyproj.CRS.from_epsg(_GK_FIRST_EPSG + (cm_deg - _GK_FIRST_CM_DEG) // 3)
    zone = int((lon_c + 180.0) // 6.0) % 60 + 1
    return pyproj.CRS.from_epsg((32600 if lat_c >= 0 else 32700) + zone)


def metric_crs_for(network: Network) -> pyproj.CRS:
    """The network's projected CRS: its ``crs_hint`` if set, else picked from its positions."""
    if network.crs_hint:
        return pyproj.CRS.from_user_input(network.crs_hint)
    if len(network) == 0 and network.boundary is not None:
        centre = network.boundary.representative_point()
        return metric_crs(centre.x, centre.y)
    return metric_crs([n.lon for n in network], [n.lat for n in network])


def to_metric(
    lon: npt.ArrayLike, lat: npt.ArrayLike, crs: pyproj.CRS
) -> tuple[FloatArray, FloatArray]:
    """Project WGS-84 lon/lat (degrees) to ``crs`` x/y (metres)."""
    transformer = pyproj.Transformer.from_crs(_lonlat_crs(crs), crs, always_xy=True)
    x_m, y_m = transformer.transform(
        np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    )
    return np.asarray(x_m, dtype=np.float64), np.asarray(y_m, dtype=np.float64)


def to_lonlat(
    x_m: npt.ArrayLike, y_m: npt.ArrayLike, crs: pyproj.CRS
) -> tuple[FloatArray, FloatArray]:
    """Unproject ``crs`` x/y (metres) to WGS-84 lon/lat (degrees)."""
    transformer = pyproj.Transformer.from_crs(crs, _lonlat_crs(crs), always_xy=True)
    lon, lat = transformer.transform(
        np.asarray(x_m, dtype=np.float64), np.asarray(y_m, dtype=np.float64)
    )
    return np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)


def _lonlat_crs(crs: pyproj.CRS) -> pyproj.CRS:
    """The lon/lat system of ``crs``, standing in for WGS-84.

    CGCS2000 and WGS-84 agree to a few centimetres (PROJ applies no shift between them
    either), and projecting from the CRS's own datum skips PROJ's slow search for datum
    transformations (0.15 s per call against 1 ms).
    """
    return crs.geodetic_crs or pyproj.CRS.from_epsg(4326)


def geometry_to_metric(geometry: Any, crs: pyproj.CRS) -> Any:
    """A shapely geometry (or array of them) in WGS-84, projected to ``crs``."""
    return shapely.transform(
        geometry, lambda xy: np.column_stack(to_metric(xy[:, 0], xy[:, 1], crs))
    )


def geometry_to_lonlat(geometry: Any, crs: pyproj.CRS) -> Any:
    """A shapely geometry (or array of them) in ``crs`` metres, back to WGS-84."""
    return shapely.transform(
        geometry, lambda xy: np.column_stack(to_lonlat(xy[:, 0], xy[:, 1], crs))
    )


def metric_boundary(network: Network, *, crs: pyproj.CRS | None = None) -> Any:
    """The county boundary in metres (in ``crs``, default the network's), or None if it has none."""
    if network.boundary is None:
        return None
    return geometry_to_metric(network.boundary, crs or metric_crs_for(network))


def service_areas(
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    radius_m: npt.ArrayLike,
    *,
    crs: pyproj.CRS | None = None,
    metric: bool = False,
) -> npt.NDArray[np.object_]:
    """Circular service areas: discs of ``radius_m`` around each point, one polygon per point.

    The discs are built in metres (``crs``, default picked from the points) and returned in
    WGS-84, or in that metric CRS when ``metric`` is true.
    """
    crs = crs or metric_crs(lon, lat)
    x_m, y_m = to_metric(lon, lat, crs)
    radius = np.broadcast_to(np.asarray(radius_m, dtype=np.float64), np.shape(x_m))
    if np.any(~np.isfinite(radius)) or np.any(radius <= 0):
        raise InputError(
            Message("service radius must be a positive number of metres"), field="radius_m"
        )
    discs = shapely.buffer(shapely.points(x_m, y_m), radius, quad_segs=16)
    return np.asarray(discs if metric else geometry_to_lonlat(discs, crs), dtype=object)


def township_cells(
    network: Network, *, crs: pyproj.CRS | None = None, metric: bool = False
) -> Mapping[str, Any]:
    """Voronoi cell of each township centre, clipped to the county: township id -> polygon.

    Each point of the county is in the cell of its nearest township centre. The clip region is
    the county boundary, or without one the hull of all nodes grown by 5 km. Cells are
    returned in WGS-84, or in metres (``crs``, default the network's) when ``metric`` is true.
    Townships at the same position share one cell.
    """
    townships = network.townships
    if not townships:
        return {}
    crs = crs or metric_crs_for(network)
    region = metric_boundary(network, crs=crs)
    if region is None:
        x_all, y_all = to_metric([n.lon for n in network], [n.lat for n in network], crs)
        region = shapely.convex_hull(shapely.multipoints(np.column_stack([x_all, y_all])))
        region = shapely.buffer(region, _HULL_MARGIN_M)
    x_m, y_m = to_metric([t.lon for t in townships], [t.lat for t in townships], crs)
    centres = shapely.points(x_m, y_m)
    cells = _voronoi_cells(centres, region)
    clipped = shapely.intersection(cells, region)
    if not metric:
        clipped = geometry_to_lonlat(clipped, crs)
    return {t.id: cell for t, cell in zip(townships, clipped, strict=True)}


def _voronoi_cells(centres: npt.NDArray[np.object_], region: Any) -> npt.NDArray[np.object_]:
    """The unclipped Voronoi cell containing each centre (the region if there is only one)."""
    sites = shapely.union_all(centres)
    if isinstance(sites, shapely.Point):
        return np.full(len(centres), shapely.envelope(region), dtype=object)
    cells = shapely.get_parts(shapely.voronoi_polygons(sites, extend_to=region))
    # Each site lies inside its own cell, so the cell containing a centre is its cell.
    centre_idx, cell_idx = shapely.STRtree(cells).query(centres, predicate="within")
    chosen = np.empty(len(centres), dtype=object)
    chosen[centre_idx] = cells[cell_idx]
    return chosen
