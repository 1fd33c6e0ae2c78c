"""Registration: members, nominations, guests through the public link, tickets, calendars."""
