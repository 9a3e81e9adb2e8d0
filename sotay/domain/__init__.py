"""Records, validation, Vietnamese text rules and indicators. No Qt, no SQL."""
