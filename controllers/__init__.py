"""HTTP controllers: the customer portal's complaint pages (portal.py), Odoo's
rating pages for a complaint's rating (rating.py) and the public complaint form
for visitors without an account (public_complaint.py)."""

from . import portal
from . import rating
from . import public_complaint
