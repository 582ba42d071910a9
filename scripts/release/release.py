#!/usr/bin/env python3
"""Build one edition of the catalogue into a Cargo workspace outside the repository, and verify it.

    scripts/release/release.py --edition en --out /tmp/release-en [--wheels DIR]

Stages (each timed, with the peak memory of its processes, in OUT/summary.md):
  fetch     the edition's pinned wheels (catalogue.toml), hashes checked
            (fetch-catalogue.py; --wheels DIR takes them from a directory, offline)
  tcgen     builds the generator (release) from this repository, unless --tcgen BIN
  import    `tcgen import` of every service version into OUT/workspace/spec/
  overlays  copies the repository's overlays (spec/<service>/*.overlay.yaml) onto the
            imported specs they name, whether or not the repository commits that spec
  versions  OUT/versions.toml: each crate's version and the hash of its inputs (specs,
            overlays, recorded examples, generator, templates, runtime); with --previous
            FILE, a crate whose hash is unchanged keeps its version and the others get the
            next patch version
  generate  `tcgen generate --versions OUT/versions.toml`; a spec that fails is set aside
            with its diagnostics and the others are generated (the run stops on nothing)
  check, clippy, doc
            `cargo check`, `cargo clippy -D warnings`, `cargo doc` with `-D warnings`
            over the whole workspace; problems are counted per crate
  examples  `cargo test --test examples`: every crate's recorded examples replayed
  package   `cargo package --workspace`; each .crate holds only its crate's files (with
            the recorded examples its tests replay) and stays under crates.io's 10 MiB
  largest   the largest crate checked on its own (time and peak memory)

`--stages a,b,...` runs only those (the ones before must have run in the same OUT).
Exit status: 0 when every stage ran and found nothing wrong, else 1 (the summary says what).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STAGES = ["fetch", "tcgen", "import", "overlays", "versions", "generate", "check", "clippy", "doc",
          "examples", "package", "largest"]
# crates.io refuses a .crate file over 10 MiB.
CRATES_IO_LIMIT = 10 * 1024 * 1024
GENERATE_ROUNDS = 8


@dataclass
class Measure:
    """One stage's figures."""

    name: str
    wall: float = 0.0
    peak_mib: float | None = None
    status: str = "not run"
    notes: list[str] = field(default_factory=list)
    # The repository's commit when the stage ran (`+` when the working tree had changes):
    # stages kept from earlier runs in the same OUT may have run at other commits.
    commit: str = ""


class Release:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.out: Path = args.out.resolve()
        self.catalogue = self.out / "catalogue"
        self.ws = self.out / "workspace"
        self.logs = self.out / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        # Figures of stages run earlier in the same OUT (OUT/measures.json), replaced by
        # those that run now, so that OUT/summary.md always covers every stage run.
        self.measures_file = self.out / "measures.json"
        self.measures: list[Measure] = []
        if self.measures_file.is_file():
            try:
                self.measures = [Measure(**m) for m in json.loads(self.measures_file.read_text())]
            except (json.JSONDecodeError, TypeError):
                self.measures = []
        self.failed = False
        with (REPO / "catalogue.toml").open("rb") as f:
            self.pins = tomllib.load(f)["editions"][args.edition]
        self.tcgen = Path(args.tcgen) if args.tcgen else self.out / "target-tcgen" / "release" / "tcgen"
        self.versions_file = self.out / "versions.toml"

    # -- running and measuring -------------------------------------------------------

    def run(self, m: Measure, log_name: str, cmd: list[str], cwd: Path | None = None,
            env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """Runs CMD under /usr/bin/time -v (when present), output to logs/LOG_NAME;
        adds its wall time to M and keeps the highest peak RSS."""
        log = self.logs / log_name
        timing = self.logs / (log_name + ".time")
        full = cmd
        # A release builds each crate once: incremental state would only cost time and disk.
        env = {"CARGO_INCREMENTAL": "0", **(env or {})}
        if Path("/usr/bin/time").is_file():
            full = ["/usr/bin/time", "-v", "-o", str(timing)] + cmd
        start = time.monotonic()
        with log.open("w") as f:
            proc = subprocess.run(full, cwd=cwd, env={**os.environ, **(env or {})},
                                  stdout=f, stderr=subprocess.STDOUT, text=True)
        m.wall += time.monotonic() - start
        if timing.is_file():
            hit = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing.read_text())
            if hit:
                mib = int(hit.group(1)) / 1024
                m.peak_mib = max(m.peak_mib or 0, mib)
        if check and proc.returncode != 0:
            m.status = f"failed (exit {proc.returncode}, see logs/{log_name})"
            self.failed = True
        return proc

    def stage(self, name: str):
        m = Measure(name, commit=repository_commit())
        self.measures = [old for old in self.measures if old.name != name] + [m]
        self.measures.sort(key=lambda x: STAGES.index(x.name) if x.name in STAGES else len(STAGES))
        print(f"== {name}", flush=True)
        return m

    def save(self):
        """Writes OUT/summary.md and OUT/measures.json."""
        self.measures_file.write_text(json.dumps([m.__dict__ for m in self.measures], indent=1))
        (self.out / "summary.md").write_text(self.summary())

    # -- stages ----------------------------------------------------------------------

    def fetch(self, m: Measure):
        if self.catalogue.exists():
            shutil.rmtree(self.catalogue)
        cmd = [sys.executable, str(REPO / "scripts/release/fetch-catalogue.py"),
               "--edition", self.args.edition, "--out", str(self.catalogue)]
        if self.args.wheels:
            cmd += ["--wheels", str(self.args.wheels)]
        proc = self.run(m, "fetch.log", cmd)
        m.notes += (self.logs / "fetch.log").read_text().splitlines()[-3:]
        if proc.returncode == 0:
            m.status = "ok"

    def build_tcgen(self, m: Measure):
        if self.args.tcgen:
            m.status = f"given: {self.args.tcgen}"
            return
        proc = self.run(m, "tcgen-build.log",
                        ["cargo", "build", "--release", "--locked", "--manifest-path",
                         str(REPO / "generator/Cargo.toml")],
                        env={"CARGO_TARGET_DIR": str(self.out / "target-tcgen")})
        if proc.returncode == 0:
            m.status = "ok"

    def prepare_workspace(self):
        """A project root for tcgen and Cargo: the repository's common spec, templates,
        runtime, command-line engine and lock file; members: those and every generated crate."""
        if self.ws.exists():
            shutil.rmtree(self.ws)
        (self.ws / "spec").mkdir(parents=True)
        shutil.copy(REPO / "spec/common.yaml", self.ws / "spec/common.yaml")
        shutil.copytree(REPO / "templates", self.ws / "templates")
        for crate in ("runtime", "cli"):
            # The runtime, and the command line's engine, which the generated `tencentcloud`
            # command (generated/cli) is built on.
            shutil.copytree(REPO / crate, self.ws / crate, ignore=shutil.ignore_patterns("target"))
        shutil.copy(REPO / "Cargo.lock", self.ws / "Cargo.lock")
        manifest = (REPO / "Cargo.toml").read_text()
        manifest, n = re.subn(r"(?m)^members = \[.*\]$", 'members = ["runtime", "cli", "generated/*"]', manifest)
        if n != 1:
            raise SystemExit("could not set the workspace members of the release workspace")
        (self.ws / "Cargo.toml").write_text(manifest)
        (self.ws / ".cargo").mkdir()
        (self.ws / ".cargo/config.toml").write_text(
            f'[build]\ntarget-dir = "{self.out / "target"}"\n')

    def import_specs(self, m: Measure):
        self.prepare_workspace()
        d = self.pins["descriptions"]
        proc = self.run(m, "import.log",
                        [str(self.tcgen), "--root", str(self.ws), "import", str(self.catalogue / "services"),
                         "--package", d["package"], "--package-version", d["version"]], check=False)
        text = (self.logs / "import.log").read_text()
        summary = text[text.find("imported "):] if "imported " in text else text[-2000:]
        m.notes += summary.splitlines()
        errors = [line for line in text.splitlines() if line.startswith("error: ")]
        m.notes += [f"failure: {line[7:]}" for line in errors]
        m.status = "ok" if proc.returncode == 0 else f"{len(errors)} service version(s) failed"
        self.failed |= proc.returncode != 0

    def overlays(self, m: Measure):
        applied, unused = [], []
        for overlay in sorted((REPO / "spec").glob("*/v*.overlay.yaml")):
            service = overlay.parent.name
            spec = self.ws / "spec" / service / overlay.name.replace(".overlay.yaml", ".yaml")
            if spec.is_file():
                shutil.copy(overlay, spec.parent / overlay.name)
                applied.append(f"{service}/{overlay.name}")
            else:
                unused.append(f"{service}/{overlay.name}")
        m.notes.append(f"applied {len(applied)}: {', '.join(applied) or 'none'}")
        if unused:
            m.notes.append(f"not in this edition, not applied: {', '.join(unused)}")
        m.status = "ok"

    def generate(self, m: Measure):
        aside = self.out / "set-aside"
        for round_ in range(GENERATE_ROUNDS):
            proc = self.run(m, f"generate.{round_}.log",
                            [str(self.tcgen), "--root", str(self.ws), "--crate-prefix", self.pins["crate_prefix"]]
                            + (["--versions", str(self.versions_file)] if self.versions_file.is_file() else []),
                            check=False)
            if proc.returncode == 0:
                break
            text = (self.logs / f"generate.{round_}.log").read_text()
            failing = sorted(set(re.findall(r"(spec/[A-Za-z0-9_]+/v[0-9]+)(?:\.overlay)?\.yaml", text)))
            if not failing:
                m.status = f"failed with no spec named (see logs/generate.{round_}.log)"
                self.failed = True
                return
            for stem in failing:
                reasons = [line for line in text.splitlines() if stem in line][:3]
                m.notes.append(f"set aside {stem}.yaml: " + " | ".join(r.strip()[:300] for r in reasons))
                for suffix in (".yaml", ".overlay.yaml"):
                    src = self.ws / (stem + suffix)
                    if src.is_file():
                        dst = aside / (stem + suffix)
                        dst.parent.mkdir(parents=True, exist_ok=True)
                        shutil.move(src, dst)
        else:
            m.status = f"still failing after {GENERATE_ROUNDS} rounds"
            self.failed = True
            return
        crates = self.crates()
        lines = sum(sum(1 for _ in p.open()) for c in crates for p in (c / "src").rglob("*.rs"))
        m.notes.append(f"{len(crates)} crate(s), {lines} lines of Rust in src/")
        set_aside = [n for n in m.notes if n.startswith("set aside")]
        m.status = "ok" if not set_aside else f"{len(set_aside)} spec(s) set aside"
        self.failed |= bool(set_aside)

    def crates(self) -> list[Path]:
        gen = self.ws / "generated"
        # generated/cli is the `tencentcloud` command (not published): built and linted, not
        # counted as a service crate.
        return sorted(p.parent for p in gen.glob("*/Cargo.toml") if p.parent.name != "cli") if gen.is_dir() else []

    def selected(self, args: list[str]) -> list[str]:
        """ARGS with `--workspace` replaced by `-p` for each crate of `--crates`, if given."""
        if not self.args.crates or "--workspace" not in args:
            return args
        i = args.index("--workspace")
        packages = [x for c in self.args.crates.split(",") for x in ("-p", c)]
        return args[:i] + packages + args[i + 1:]

    def crate_name(self, crate: Path) -> str:
        with (crate / "Cargo.toml").open("rb") as f:
            return tomllib.load(f)["package"]["name"]

    def cargo_json(self, m: Measure, log_name: str, args: list[str], env: dict | None = None):
        """Runs a cargo command with JSON messages; counts errors and warnings per crate."""
        args = self.selected(args)
        # Cargo's own options go before a `--` that starts the tool's (clippy's `-D warnings`).
        split = args.index("--") if "--" in args else len(args)
        cmd = ["cargo"] + args[:split] + ["--message-format=json-diagnostic-short"] + args[split:]
        proc = self.run(m, log_name, cmd, cwd=self.ws, env=env, check=False)
        per_crate: dict[str, dict[str, int]] = {}
        lints: dict[str, int] = {}
        for line in (self.logs / log_name).read_text().splitlines():
            if not line.startswith("{"):
                continue
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:
                continue
            if msg.get("reason") != "compiler-message":
                continue
            level = msg["message"].get("level")
            if level not in ("error", "warning"):
                continue
            name = re.sub(r"[ #@].*$", "", msg.get("package_id", "?").split("/")[-1])
            per_crate.setdefault(name, {"error": 0, "warning": 0})[level] += 1
            code = (msg["message"].get("code") or {}).get("code")
            if code:
                lints[code] = lints.get(code, 0) + 1
        if proc.returncode != 0 and not any(v["error"] for v in per_crate.values()):
            # Cargo itself failed (a manifest, a missing file): its own words, not rustc's.
            plain = [line for line in (self.logs / log_name).read_text().splitlines()
                     if line.strip() and not line.startswith("{")]
            m.notes.append(f"cargo failed (exit {proc.returncode}): " + " | ".join(plain[-6:])[:600])
        bad = {k: v for k, v in per_crate.items() if v["error"] or v["warning"]}
        scope = f"the {len(self.args.crates.split(','))} crate(s) of --crates" if self.args.crates else \
            f"{len(self.crates())} crate(s)"
        m.notes.append(f"{scope}; {len(bad)} with errors or warnings")
        for name, counts in sorted(bad.items())[:40]:
            m.notes.append(f"  {name}: {counts['error']} error(s), {counts['warning']} warning(s)")
        for code, n in sorted(lints.items(), key=lambda kv: -kv[1])[:15]:
            m.notes.append(f"  {code}: {n}")
        m.status = "ok" if proc.returncode == 0 and not bad else "problems found"
        self.failed |= m.status != "ok"

    def check(self, m: Measure):
        self.cargo_json(m, "check.log", ["check", "--workspace", "--all-features", "--keep-going"])

    def clippy(self, m: Measure):
        self.cargo_json(m, "clippy.log", ["clippy", "--workspace", "--all-features", "--keep-going",
                                          "--", "-D", "warnings"])

    def doc(self, m: Measure):
        self.cargo_json(m, "doc.log", ["doc", "--workspace", "--no-deps", "--keep-going"],
                        env={"RUSTDOCFLAGS": "-D warnings"})

    def examples(self, m: Measure):
        # Built once, to run once: no debug information (a third of the build of generated
        # code, and most of the link).
        proc = self.run(m, "examples.log", self.selected(["cargo", "test", "--workspace", "--test", "examples",
                                                          "--no-fail-fast", "--", "--nocapture"]), cwd=self.ws, check=False,
                        env={"CARGO_PROFILE_DEV_DEBUG": "0", "CARGO_PROFILE_TEST_DEBUG": "0"})
        text = (self.logs / "examples.log").read_text()
        passed = failed = ignored = 0
        for hit in re.finditer(r"test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored", text):
            passed, failed, ignored = passed + int(hit[1]), failed + int(hit[2]), ignored + int(hit[3])
        # Each version's test prints "N example(s) passed, M marked with a known issue, of T".
        replayed = sum(int(h[1]) for h in re.finditer(r"^(\d+) example\(s\) passed, \d+ marked", text, re.M))
        still_marked = sum(int(h[1]) for h in re.finditer(r"^\d+ example\(s\) passed, (\d+) marked", text, re.M))
        repaired = 0
        reasons: dict[str, int] = {}
        fixtures = 0
        for fixture in (self.ws / "tests/fixtures").rglob("*.json"):
            fixtures += 1
            try:
                content = json.loads(fixture.read_text())
                issue = content.get("known_issue")
                repaired += bool(content.get("repaired"))
            except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
                issue = "fixture is not JSON"
            if issue:
                key = re.sub(r"`[^`]*`|\d+", "_", str(issue))[:120]
                reasons[key] = reasons.get(key, 0) + 1
        marked = sum(reasons.values())
        m.notes.append(f"replay tests: {passed} passed, {failed} failed, {ignored} ignored; in them, {replayed} "
                       f"example(s) replayed and {still_marked} marked example(s) failed as their mark says")
        # A test binary that aborts (a stack overflow, say) prints no `test result`: cargo's
        # `--no-fail-fast` list of failed targets names it.
        aborted = aborted_targets(text)
        if aborted:
            m.notes.append(f"test binaries that ended without a result ({len(aborted)}): {', '.join(aborted)}")
        m.notes.append(f"repaired (commas missing at line ends put back): {repaired}")
        m.notes.append(f"fixtures: {fixtures}, still marked: {marked}"
                       + (f" ({100 * (fixtures - marked) / fixtures:.1f}% replay)" if fixtures else ""))
        for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:20]:
            m.notes.append(f"  {n:5} {reason}")
        m.status = "ok" if proc.returncode == 0 and failed == 0 else "failures"
        self.failed |= m.status != "ok"

    def package(self, m: Measure):
        """Packages the whole workspace at once (`cargo package --workspace`, which lets each
        crate's dependency on the unpublished runtime resolve to the runtime packaged beside
        it), then reads each `.crate`: what it holds, and its size."""
        rows, problems = [], []
        pkg_dir = self.out / "target" / "package"
        if pkg_dir.is_dir():
            shutil.rmtree(pkg_dir)
        # The command line and its engine are not published (`publish = false`).
        proc = self.run(m, "package.log", ["cargo", "package", "--workspace", "--no-verify", "--allow-dirty",
                                           "--exclude", "tencentcloud-cli", "--exclude", "tencentcloud-cli-core"],
                        cwd=self.ws, check=False)
        if proc.returncode != 0:
            problems.append("cargo package --workspace failed (see logs/package.log)")
        for crate in self.crates():
            name, version = self.crate_name(crate), self.version_of(crate)
            for test in (crate / "tests").glob("*.rs"):
                if "../" in test.read_text():
                    problems.append(f"{name}: {test.relative_to(crate)} refers to a path outside the crate")
            crate_file = pkg_dir / f"{name}-{version}.crate"
            if not crate_file.is_file():
                problems.append(f"{name}: not packaged")
                continue
            with tarfile.open(crate_file) as tar:
                files = [member.name for member in tar.getmembers() if member.isfile()]
            prefix = f"{name}-{version}/"
            stray = [f for f in files if not f.startswith(prefix) or ".." in f.split("/")]
            if stray:
                problems.append(f"{name}: holds files outside the crate: {stray[:3]}")
            own = {f[len(prefix):] for f in files}
            expected = {"Cargo.toml", "Cargo.toml.orig", "README.md", "src/lib.rs"}
            if missing := sorted(expected - own):
                problems.append(f"{name}: the package lacks {missing}")
            if (crate / "tests/examples.rs").is_file() and not any(f.startswith("tests/fixtures/") for f in own):
                problems.append(f"{name}: the package lacks the recorded examples its tests replay")
            size = crate_file.stat().st_size
            if size > CRATES_IO_LIMIT:
                problems.append(f"{name}: {size} bytes packaged, over crates.io's {CRATES_IO_LIMIT}")
            rows.append((size, name, len(files)))
        rows.sort(reverse=True)
        total = sum(r[0] for r in rows)
        m.notes.append(f"{len(rows)} crate(s) packaged, {total / 1024 / 1024:.1f} MiB in all; largest:")
        for size, name, n in rows[:5]:
            m.notes.append(f"  {name}: {size / 1024 / 1024:.2f} MiB, {n} files")
        m.notes += problems[:60]
        m.status = "ok" if not problems else f"{len(problems)} problem(s)"
        self.failed |= bool(problems)

    def version_of(self, crate: Path) -> str:
        with (crate / "Cargo.toml").open("rb") as f:
            return tomllib.load(f)["package"]["version"]

    def largest(self, m: Measure):
        crates = self.crates()
        if not crates:
            m.status = "no crates"
            return
        def lines(c: Path) -> int:
            return sum(sum(1 for _ in p.open()) for p in (c / "src").rglob("*.rs"))
        biggest = max(crates, key=lines)
        name = self.crate_name(biggest)
        subprocess.run(["cargo", "clean", "-p", name], cwd=self.ws, capture_output=True)
        proc = self.run(m, "largest.log", ["cargo", "check", "-p", name, "--all-features"], cwd=self.ws)
        m.notes.append(f"{name}: {lines(biggest)} lines; cargo check alone (dependencies built)")
        if proc.returncode == 0:
            m.status = "ok"

    def versions(self, m: Measure):
        """Decides each crate's version before generation, from the hash of its inputs."""
        shared = hash_tree([REPO / "generator/src", REPO / "generator/Cargo.toml", REPO / "generator/Cargo.lock",
                            self.ws / "templates", self.ws / "spec/common.yaml", self.ws / "runtime/Cargo.toml"])
        previous = {}
        if self.args.previous:
            with self.args.previous.open("rb") as f:
                previous = tomllib.load(f).get("crates", {})
        out = ["# Each generated crate's version and the hash of what it was generated from",
               "# (its service's specs, overlays and recorded examples, the generator, the templates,",
               "# the runtime's manifest). `tcgen --versions` reads the versions.",
               f"# Edition {self.args.edition}, {self.pins['descriptions']['package']} "
               f"{self.pins['descriptions']['version']}.", ""]
        bumped = kept = new = 0
        services = sorted(p for p in (self.ws / "spec").iterdir() if p.is_dir())
        for service in services:
            name = f"{self.pins['crate_prefix']}{service.name}"
            inputs = hash_tree(sorted(service.glob("v*.y*ml")) + [self.ws / "tests/fixtures" / service.name])
            digest = hashlib.sha256(f"{inputs}{shared}".encode()).hexdigest()
            before = previous.get(name)
            if before is None:
                version, new = "0.1.0", new + 1
            elif before.get("inputs") == digest:
                version, kept = before["version"], kept + 1
            else:
                major, minor, patch = (int(x) for x in before["version"].split("."))
                version, bumped = f"{major}.{minor}.{patch + 1}", bumped + 1
            out += [f'[crates."{name}"]', f'version = "{version}"', f'inputs = "{digest}"', ""]
        self.versions_file.write_text("\n".join(out))
        m.notes.append(f"versions.toml: {new} new, {kept} unchanged, {bumped} bumped")
        m.status = "ok"

    # -- report ----------------------------------------------------------------------

    def summary(self) -> str:
        lines = [f"# Release of the {self.args.edition} edition", "",
                 "| stage | wall | peak memory | result | commit |", "| --- | ---: | ---: | --- | --- |"]
        for m in self.measures:
            peak = f"{m.peak_mib:.0f} MiB" if m.peak_mib is not None else "n/a"
            lines.append(f"| {m.name} | {m.wall:.1f} s | {peak} | {m.status} | {m.commit or 'n/a'} |")
        for m in self.measures:
            if m.notes:
                lines += ["", f"## {m.name}", ""] + [f"    {n}" for n in m.notes]
        return "\n".join(lines) + "\n"


def aborted_targets(log: str) -> list[str]:
    """The packages whose test binary ended without printing a `test result` in a cargo
    test log: a process killed by a signal (a stack overflow aborts)."""
    found = []
    for hit in re.finditer(r"error: test failed, to rerun pass `-p ([\w-]+) --test \w+`\s*\n\s*\nCaused by:\s*\n"
                           r"\s*process didn't exit successfully: .*\(signal: ", log):
        if hit[1] not in found:
            found.append(hit[1])
    return found


def repository_commit() -> str:
    """The repository's commit, short, with `+` when the working tree has changes; empty
    outside a git checkout."""
    def git(*args: str) -> str:
        proc = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else ""
    commit = git("rev-parse", "--short=12", "HEAD")
    return commit + ("+" if commit and git("status", "--porcelain", "--untracked-files=no") else "")


def hash_tree(paths: list[Path]) -> str:
    """SHA-256 over the files under PATHS (each file's path relative to its PATH, and its
    contents); a PATH that does not exist adds its absence, a `target/` below one is left out."""
    digest = hashlib.sha256()
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and "target" not in p.relative_to(path).parts)
        elif path.is_file():
            files = [path]
        else:
            digest.update(b"missing\0")
            continue
        for f in files:
            rel = f.relative_to(path).as_posix() if path.is_dir() else f.name
            digest.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", required=True, help="an edition of catalogue.toml (en, cn)")
    parser.add_argument("--out", required=True, type=Path, help="output directory (outside the repository)")
    parser.add_argument("--wheels", type=Path, help="take the pinned wheels from this directory (offline)")
    parser.add_argument("--tcgen", help="use this tcgen binary instead of building one")
    parser.add_argument("--previous", type=Path, help="the last release's versions.toml")
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated stages to run")
    parser.add_argument("--crates", help="check, clippy, doc and examples only these crates (comma-separated "
                                         "package names), e.g. those whose generated code changed")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if out == REPO or REPO in out.parents:
        parser.error(f"--out must be outside the repository ({REPO})")
    wanted = args.stages.split(",")
    unknown = [s for s in wanted if s not in STAGES]
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(unknown)} (stages: {', '.join(STAGES)})")
    release = Release(args)
    steps = {"fetch": release.fetch, "tcgen": release.build_tcgen, "import": release.import_specs,
             "overlays": release.overlays, "generate": release.generate, "check": release.check,
             "clippy": release.clippy, "doc": release.doc, "examples": release.examples,
             "package": release.package, "largest": release.largest, "versions": release.versions}
    for name in STAGES:
        if name in wanted:
            measure = release.stage(name)
            steps[name](measure)
            release.save()
            if name in ("fetch", "tcgen") and measure.status.startswith("failed"):
                break  # nothing after these can run
    print(release.summary())
    return 1 if release.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
