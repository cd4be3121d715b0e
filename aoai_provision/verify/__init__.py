"""`verify`: which data-plane probe each deployment gets, what it found, and how to report it (no I/O)."""
