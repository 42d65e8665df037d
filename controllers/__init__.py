"""HTTP controllers: the customer portal's complaint pages (portal.py)."""

from . import portal
