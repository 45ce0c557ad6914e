"""Oversight API, one module per workflow; the router in shuniu/api.py registers the viewsets."""
