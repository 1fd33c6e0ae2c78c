"""The dashboard panels of events: upcoming events, nominations waiting, reports to write."""
