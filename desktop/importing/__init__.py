"""Lists brought in from other files (spreadsheets): read, matched, checked."""
