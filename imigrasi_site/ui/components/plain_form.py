"""A form the browser sends itself, without JavaScript: for the routes that set the HttpOnly session cookie."""

from __future__ import annotations

from reflex_base.vars.base import Var
from reflex_components_core.el.elements.base import BaseHTML


class PlainForm(BaseHTML):
    """rx.el.form always adds a submit handler that stops the browser from sending the form;
    this one leaves the browser to POST it, so the answer can set an HttpOnly cookie."""

    tag = "form"
    action: Var[str]
    method: Var[str]


plain_form = PlainForm.create
