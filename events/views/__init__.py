"""The event pages, one module per part of the work (see ``events/urls.py``'s sections)."""
