"""Offline geography for Faultline: gazetteer, geocoder and shapes built from GeoNames and Natural
Earth.
"""

__all__ = ["gazetteer", "geocoder", "geometries", "text"]
