"""Azure access: the only code that builds SDK clients and reads live state."""
