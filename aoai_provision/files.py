"""Reading the files users name: regular files only (never a FIFO, device or directory), size-bounded."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_INPUT_BYTES = 16 * 1024 * 1024  # environment files and saved plans are kilobytes; 16 MiB is generous


class NotARegularFile(OSError):
    """The path exists but is a FIFO, device, socket or directory, or is too large, or loops."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular_file(path: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of ``path``; NotARegularFile (with a reason) for anything but a regular file up to ``limit``.

    The file is opened non-blocking, so a FIFO never hangs, and read at most ``limit + 1`` bytes, so
    a device such as /dev/zero never exhausts memory. FileNotFoundError and PermissionError pass through.
    """
    try:
        before = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotARegularFile(exc.errno, "is a symbolic link loop", str(path)) from exc
        raise
    if not stat.S_ISREG(before.st_mode):
        raise NotARegularFile(errno.EINVAL, f"is {_kind(before.st_mode)}, not a regular file", str(path))
    if before.st_size > limit:
        raise NotARegularFile(errno.EFBIG, f"is larger than {limit // (1024 * 1024)} MiB", str(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat and open
            raise NotARegularFile(errno.EINVAL, "is not a regular file", str(path))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise NotARegularFile(errno.EFBIG, f"is larger than {limit // (1024 * 1024)} MiB", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)
