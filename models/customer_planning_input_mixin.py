# Copyright 2026 Customer Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mixin that checks the values a client sends to this addon's fields before the ORM
converts them (customer.planning.input.mixin). The size limits are in planning_rules."""

from odoo import api, models
from odoo.exceptions import ValidationError

from .planning_rules import MAX_CHAR_LENGTH, MAX_TEXT_LENGTH

MODULE = "crm_customer_planning"


class CustomerPlanningInputMixin(models.AbstractModel):
    """Values sent by a client (a form, JSON-RPC) to the fields of this addon
    are checked before the ORM converts them: an unknown field, a value of the
    wrong type, an unknown choice or an oversized text gets a clear, translated
    ValidationError instead of a server error. Fields of other modules are
    left to them."""

    _name = "customer.planning.input.mixin"
    _description = "Customer Planning: Checked Input"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_input_vals(vals)
        return super().write(vals)

    @api.model
    def _check_input_vals(self, vals):
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field is None:
                raise ValidationError(
                    self.env._(
                        "%(model)s has no field “%(field)s”.",
                        model=self._description,
                        field=fname,
                    )
                )
            if field._module == MODULE and value is not None and value is not False:
                self._check_input_value(field, value)

    @api.model
    def _check_input_value(self, field, value):
        label = field._description_string(self.env)

        def refuse(message=None):
            raise ValidationError(
                message
                or self.env._(
                    "“%(value)s” is not a valid value for %(field)s.",
                    value=str(value)[:80],
                    field=label,
                )
            )

        kind = field.type
        if kind in ("char", "text", "html"):
            if not isinstance(value, str):
                refuse()
            limit = MAX_CHAR_LENGTH if kind == "char" else MAX_TEXT_LENGTH
            if kind != "html" and len(value) > limit:
                refuse(
                    self.env._(
                        "%(field)s is too long: %(length)s characters, at most "
                        "%(limit)s.",
                        field=label,
                        length=len(value),
                        limit=limit,
                    )
                )
        elif kind == "many2one" and isinstance(value, models.BaseModel):
            return
        elif kind in ("integer", "many2one"):
            if isinstance(value, bool) or not isinstance(value, int):
                refuse()
        elif kind in ("float", "monetary"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                refuse()
        elif kind == "selection":
            allowed = dict(field._description_selection(self.env))
            if not isinstance(value, str | int) or value not in allowed:
                refuse(
                    self.env._(
                        "“%(value)s” is not a valid %(field)s: choose %(allowed)s.",
                        value=str(value)[:80],
                        field=label,
                        allowed=", ".join(allowed.values()),
                    )
                )
        elif kind in ("date", "datetime"):
            try:
                field.convert_to_cache(value, self.browse())
            except (ValueError, TypeError):
                refuse()
