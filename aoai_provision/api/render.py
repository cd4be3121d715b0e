"""Library facade of `render`: load an environment file and write its Bicep or ARM template set."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aoai_provision.errors import InputError
from aoai_provision.spec.model import DesiredState


@dataclass(frozen=True)
class RenderResult:
    """The template files written for one environment."""

    environment: str
    format: str
    out_dir: Path
    paths: tuple[Path, ...]


def default_out_dir(state: DesiredState) -> Path:
    """`out/<environment>/`, relative to the current directory."""
    return Path("out") / state.environment


def write_files(out_dir: Path, files: dict[str, str]) -> tuple[Path, ...]:
    """Write each file atomically (temp file + rename), UTF-8 with LF line endings."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output directory {out_dir}: {exc.strerror or exc}") from exc
    written: list[Path] = []
    for name, text in files.items():
        path = out_dir / name
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        written.append(path)
    return tuple(written)


def render_state(state: DesiredState, fmt: str, out_dir: Path, templates_dir: Path | None = None) -> tuple[Path, ...]:
    """Render ``state`` as ``fmt`` ("bicep" or "arm") into ``out_dir``; returns the written paths."""
    from aoai_provision.catalog.bundled import bundled_catalog
    from aoai_provision.render.engine import render_templates

    return write_files(out_dir, render_templates(state, fmt, templates_dir, bundled_catalog()))


def render_environment(path: Path, fmt: str, *, out_dir: Path | None = None,
                       templates_dir: Path | None = None, subscription: str | None = None) -> RenderResult:
    """Load ``path`` (SpecError when it has errors) and write its template set; default `out/<environment>/`."""
    from aoai_provision.api.plan import load_desired

    state, _catalog = load_desired(path, subscription=subscription, offline=True)
    target_dir = out_dir if out_dir is not None else default_out_dir(state)
    paths = render_state(state, fmt, target_dir, templates_dir)
    return RenderResult(state.environment, fmt, target_dir, paths)

