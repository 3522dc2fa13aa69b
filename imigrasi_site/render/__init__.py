"""Server templates of the public pages: one set for the full edition's first response, the
light edition and the Reflex pages' content. Plain Python and Jinja2; imports no Reflex."""
