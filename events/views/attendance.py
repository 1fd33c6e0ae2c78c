"""Attendance: the registration list, check-in (search, tap, QR), walk-ins, daftar hadir."""
