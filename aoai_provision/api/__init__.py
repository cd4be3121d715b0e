"""Library facade: one function per command, doing the I/O the pure core packages do not."""
