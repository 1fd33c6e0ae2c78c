"""The agreement targets events count (see agreements.targets): trainings and media briefings
held, and participants trained.

Imported by ``EventsConfig.ready``: ``agreements`` never imports events.
"""
