#!/usr/bin/env python3
"""Fetch one edition of the pinned catalogue and lay it out for `tcgen import`.

Reads `catalogue.toml` at the repository root, takes the edition's two wheels (the
descriptions, from a `tccli` package, and the error codes, from a Python SDK package)
either from a directory (`--wheels DIR`, offline) or with `pip download --no-deps` into a
temporary directory, checks each wheel's SHA-256 against the pin and stops on any
mismatch, then writes

    OUT/services/<service>/<version>/api.json
    OUT/services/<service>/<version>/examples.json    (when the package has one)
    OUT/services/<service>/<version>/errorcodes.py    (from the SDK package)
    OUT/PROVENANCE                                    (packages, versions, hashes)

which is a catalogue root `tcgen import OUT/services` reads. Only regular files of the
wheels are read, each at most 64 MiB, and only `<service>/<version>/<file>` members whose
names are plain (lowercase service, `vYYYYMMDD` version): anything else is listed as
skipped, never written. Nothing is written outside OUT, and OUT must be empty or absent.

Usage: scripts/release/fetch-catalogue.py --edition en --out DIR [--wheels DIR]
Exit status: 0 on success, 1 on a hash mismatch or any other failure (the message says
which file and why).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import stat
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MAX_MEMBER_BYTES = 64 * 1024 * 1024
SERVICE_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
VERSION_RE = re.compile(r"^v[0-9]{8}$")
DESCRIPTION_FILES = ("api.json", "examples.json")
ERROR_CODE_FILE = "errorcodes.py"
PIN_KEYS = ("package", "version", "file", "sha256", "root")


class FetchError(Exception):
    """A failure that stops the fetch, with a message naming what and why."""


@dataclass
class Pin:
    """One pinned wheel: package, version, file name, SHA-256 and the root inside it."""

    package: str
    version: str
    file: str
    sha256: str
    root: str

    @staticmethod
    def parse(edition: str, part: str, table: object) -> "Pin":
        where = f"catalogue.toml: editions.{edition}.{part}"
        if not isinstance(table, dict):
            raise FetchError(f"{where}: missing")
        missing = [k for k in PIN_KEYS if not isinstance(table.get(k), str) or not table[k]]
        if missing:
            raise FetchError(f"{where}: missing or empty: {', '.join(missing)}")
        unknown = sorted(set(table) - set(PIN_KEYS))
        if unknown:
            raise FetchError(f"{where}: unknown keys: {', '.join(unknown)}")
        if not re.fullmatch(r"[0-9a-f]{64}", table["sha256"]):
            raise FetchError(f"{where}.sha256: not 64 lowercase hex digits")
        if "/" in table["file"] or table["file"].startswith("."):
            raise FetchError(f"{where}.file: a plain file name is expected, got {table['file']!r}")
        return Pin(**{k: table[k] for k in PIN_KEYS})


@dataclass
class Report:
    """What a fetch laid out."""

    versions: set[tuple[str, str]] = field(default_factory=set)
    with_examples: int = 0
    with_codes: int = 0
    codes: int = 0
    codes_without_descriptions: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def load_edition(catalogue: Path, edition: str) -> tuple[dict, Pin, Pin]:
    """The edition's table and its two pins, checked."""
    with catalogue.open("rb") as f:
        data = tomllib.load(f)
    editions = data.get("editions", {})
    if edition not in editions:
        known = ", ".join(sorted(editions)) or "none"
        raise FetchError(f"{catalogue}: no edition {edition!r} (editions: {known})")
    table = editions[edition]
    return (
        table,
        Pin.parse(edition, "descriptions", table.get("descriptions")),
        Pin.parse(edition, "error_codes", table.get("error_codes")),
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def obtain(pin: Pin, wheels: Path | None, download_dir: Path) -> Path:
    """The pinned wheel, from `wheels` or downloaded with pip, with its hash checked."""
    if wheels is not None:
        path = wheels / pin.file
        if not path.is_file():
            raise FetchError(f"{path}: not found (pinned {pin.package} {pin.version})")
    else:
        spec = f"{pin.package}=={pin.version}"
        print(f"downloading {spec}", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--disable-pip-version-check", "-q", "-d", str(download_dir), spec],
            check=True,
        )
        path = download_dir / pin.file
        if not path.is_file():
            got = ", ".join(sorted(p.name for p in download_dir.iterdir())) or "nothing"
            raise FetchError(f"pip download {spec} did not give {pin.file} (got {got})")
    actual = sha256_of(path)
    if actual != pin.sha256:
        raise FetchError(
            f"{path}: SHA-256 {actual} does not match the pinned {pin.sha256} "
            f"({pin.package} {pin.version}); nothing was laid out"
        )
    return path


def members(wheel: Path, root: str, names: tuple[str, ...], report: Report):
    """Yields (service, version, file, ZipInfo) for `root/<service>/<version>/<file>`."""
    prefix = root.rstrip("/") + "/"
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if not info.filename.startswith(prefix) or info.is_dir():
                continue
            parts = info.filename[len(prefix):].split("/")
            if len(parts) != 3 or parts[2] not in names:
                continue
            service, version, name = parts
            shown = f"{wheel.name}:{info.filename}"
            if not SERVICE_RE.match(service) or not VERSION_RE.match(version):
                report.skipped.append(f"{shown!r}: not a plain <service>/<version> name")
                continue
            # A zip made without Unix modes has no file type: that is a plain file too.
            mode = info.external_attr >> 16
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                report.skipped.append(f"{shown}: not a regular file (mode {mode:o})")
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                report.skipped.append(f"{shown}: {info.file_size} bytes, over {MAX_MEMBER_BYTES}")
                continue
            yield service, version, name, archive, info


def write_member(out: Path, service: str, version: str, name: str, archive, info) -> bytes:
    """Writes one member under `out/services/`, reading at most its declared size."""
    target = out / "services" / service / version / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(info) as src:
        data = src.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise FetchError(f"{info.filename}: larger than {MAX_MEMBER_BYTES} bytes once read")
    with target.open("xb") as dst:
        dst.write(data)
    return data


def lay_out(out: Path, descriptions: Path, d_pin: Pin, codes: Path, c_pin: Pin) -> Report:
    report = Report()
    for service, version, name, archive, info in members(descriptions, d_pin.root, DESCRIPTION_FILES, report):
        write_member(out, service, version, name, archive, info)
        if name == "api.json":
            report.versions.add((service, version))
        else:
            report.with_examples += 1
    for service, version, name, archive, info in members(codes, c_pin.root, (ERROR_CODE_FILE,), report):
        if (service, version) not in report.versions:
            report.codes_without_descriptions.append(f"{service}/{version}")
            continue
        data = write_member(out, service, version, name, archive, info)
        report.with_codes += 1
        report.codes += len(re.findall(rb"^[A-Z0-9_]+ = ['\"]", data, re.M))
    for service, version in report.versions:
        base = out / "services" / service / version
        if not (base / "api.json").is_file():
            raise FetchError(f"{base}: api.json was not written")
    return report


def provenance(edition: str, table: dict, pins: list[Pin]) -> str:
    lines = [f"edition = {edition}", f"title = {table.get('title', '')}"]
    for part, pin in zip(("descriptions", "error_codes"), pins):
        lines.append(f"{part} = {pin.package} {pin.version} {pin.file} sha256:{pin.sha256}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", required=True, help="an edition of catalogue.toml (en, cn)")
    parser.add_argument("--out", required=True, type=Path, help="where to lay the catalogue out")
    parser.add_argument("--wheels", type=Path, help="take the pinned wheels from here (offline)")
    parser.add_argument("--catalogue", type=Path, default=REPO / "catalogue.toml")
    args = parser.parse_args(argv)
    try:
        table, d_pin, c_pin = load_edition(args.catalogue, args.edition)
        out = args.out
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise FetchError(f"{out}: exists and is not an empty directory")
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="tc-wheels-") as tmp:
            descriptions = obtain(d_pin, args.wheels, Path(tmp))
            codes = obtain(c_pin, args.wheels, Path(tmp))
            report = lay_out(out, descriptions, d_pin, codes, c_pin)
        (out / "PROVENANCE").write_text(provenance(args.edition, table, [d_pin, c_pin]))
    except (FetchError, OSError, zipfile.BadZipFile, subprocess.CalledProcessError, tomllib.TOMLDecodeError) as e:
        print(f"fetch-catalogue: {e}", file=sys.stderr)
        return 1
    print(f"{args.edition}: {len(report.versions)} service version(s) laid out in {out / 'services'}")
    print(f"  with examples.json: {report.with_examples}; with errorcodes.py: {report.with_codes} ({report.codes} codes)")
    if report.codes_without_descriptions:
        print(f"  error codes with no description, not used: {', '.join(sorted(report.codes_without_descriptions))}")
    for line in report.skipped:
        print(f"  skipped {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
