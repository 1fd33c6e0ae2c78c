"""The scheduled scans of events: reminders a day and an hour before."""
