"""How the audit trail reads the actions of events; each part of the app keeps its section."""
