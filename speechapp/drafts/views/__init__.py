"""Views by resource. Each binds a form, calls one service and renders or redirects; no
parsing or rendering here."""
