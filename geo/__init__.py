"""Offline geography for Faultline: gazetteer, geocoder and shapes built from GeoNames and Natural Earth."""
