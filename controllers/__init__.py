"""HTTP controllers: the customer portal's complaint pages (portal.py) and Odoo's
rating pages for a complaint's rating (rating.py)."""

from . import portal
from . import rating
