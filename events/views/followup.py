"""After the event: materials and photos, the outcome report, feedback, certificates."""
