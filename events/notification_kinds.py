"""The notification kinds of events; each part of the app keeps its section."""
