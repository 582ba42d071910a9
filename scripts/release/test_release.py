"""Tests of release.py's own logic (no cargo, no network): input hashes, the versions a
release decides, the package check and the summary kept across runs.

Run: python3 -m unittest discover -s scripts/release -p 'test_*.py'
"""

import argparse
import importlib.util
import sys
import tarfile
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = importlib.util.spec_from_file_location("release", HERE / "release.py")
release = importlib.util.module_from_spec(SPEC)
sys.modules["release"] = release
SPEC.loader.exec_module(release)


def args(out: Path, **more) -> argparse.Namespace:
    base = dict(edition="en", out=out, wheels=None, tcgen="/bin/true", previous=None, stages="", crates=None)
    base.update(more)
    return argparse.Namespace(**base)


class HashTree(unittest.TestCase):
    def test_a_change_of_content_or_name_changes_the_hash_and_target_is_ignored(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp) / "spec"
            d.mkdir()
            (d / "v1.yaml").write_text("a")
            first = release.hash_tree([d])
            self.assertEqual(first, release.hash_tree([d]))
            (d / "target").mkdir()
            (d / "target" / "junk").write_text("x")
            self.assertEqual(first, release.hash_tree([d]))
            (d / "v1.yaml").write_text("b")
            self.assertNotEqual(first, release.hash_tree([d]))
            (d / "v1.yaml").write_text("a")
            (d / "v1.yaml").rename(d / "v2.yaml")
            self.assertNotEqual(first, release.hash_tree([d]))

    def test_a_missing_path_counts_and_does_not_fail(self):
        with tempfile.TemporaryDirectory() as tmp:
            missing = Path(tmp) / "none"
            self.assertNotEqual(release.hash_tree([missing]), release.hash_tree([]))


class Versions(unittest.TestCase):
    def make(self, tmp: Path, previous=None) -> "release.Release":
        ws = tmp / "out" / "workspace"
        for service, text in (("trtc", "t"), ("sms", "s")):
            (ws / "spec" / service).mkdir(parents=True, exist_ok=True)
            (ws / "spec" / service / "v20200101.yaml").write_text(text)
        (ws / "templates").mkdir(exist_ok=True)
        (ws / "spec" / "common.yaml").write_text("errors: {}\n")
        (ws / "runtime").mkdir(exist_ok=True)
        (ws / "runtime" / "Cargo.toml").write_text("[package]\n")
        return release.Release(args(tmp / "out", previous=previous))

    def test_unchanged_inputs_keep_their_version_and_changed_ones_are_bumped(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            r = self.make(tmp)
            r.versions(release.Measure("versions"))
            first = (tmp / "out" / "versions.toml").read_text()
            self.assertIn('[crates."tencentcloud-trtc"]\nversion = "0.1.0"', first)
            previous = tmp / "previous.toml"
            previous.write_text(first.replace('version = "0.1.0"', 'version = "0.3.4"'))
            r = self.make(tmp, previous=previous)
            (tmp / "out" / "workspace" / "spec" / "sms" / "v20200101.yaml").write_text("changed")
            m = release.Measure("versions")
            r.versions(m)
            second = (tmp / "out" / "versions.toml").read_text()
            self.assertIn('[crates."tencentcloud-trtc"]\nversion = "0.3.4"', second)
            self.assertIn('[crates."tencentcloud-sms"]\nversion = "0.3.5"', second)
            self.assertIn("1 unchanged, 1 bumped", m.notes[0])


class Summary(unittest.TestCase):
    def test_figures_of_an_earlier_run_are_kept_and_a_stage_run_again_replaces_its_own(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            r = release.Release(args(out))
            m = r.stage("import")
            m.status, m.wall = "ok", 12.5
            r.save()
            r = release.Release(args(out))
            m = r.stage("clippy")
            m.status = "problems found"
            r.save()
            r = release.Release(args(out))
            r.stage("clippy").status = "ok"
            r.save()
            text = (out / "summary.md").read_text()
            self.assertIn("| import | 12.5 s | n/a | ok |", text)
            self.assertIn("| clippy |", text)
            self.assertNotIn("problems found", text)
            self.assertLess(text.index("| import"), text.index("| clippy"))

    def test_each_stage_says_at_which_commit_it_ran_and_older_figures_keep_theirs(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            out.mkdir()
            # measures.json of a release.py from before stages recorded their commit.
            (out / "measures.json").write_text('[{"name": "import", "wall": 1.0, "status": "ok"}]')
            r = release.Release(args(out))
            r.stage("clippy").status = "ok"
            r.save()
            text = (out / "summary.md").read_text()
            self.assertIn("| import | 1.0 s | n/a | ok | n/a |", text)
            commit = release.repository_commit()
            self.assertRegex(commit, r"^[0-9a-f]{12}\+?$", "this repository is a git checkout")
            self.assertIn(f"| clippy | 0.0 s | n/a | ok | {commit} |", text)


class Aborted(unittest.TestCase):
    def test_a_test_binary_killed_by_a_signal_is_named_and_a_failed_test_is_not(self):
        log = (
            "thread 'v1::t' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n"
            "error: test failed, to rerun pass `-p tencentcloud-csip --test examples`\n\nCaused by:\n"
            "  process didn't exit successfully: `/t/examples-1 --nocapture` (signal: 6, SIGABRT: process abort signal)\n"
            "test result: FAILED. 0 passed; 1 failed; 0 ignored\n"
            "error: test failed, to rerun pass `-p tencentcloud-apm --test examples`\n"
        )
        self.assertEqual(release.aborted_targets(log), ["tencentcloud-csip"])


class Selection(unittest.TestCase):
    def test_crates_replace_the_whole_workspace(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = release.Release(args(Path(tmp) / "out", crates="tencentcloud-a,tencentcloud-b"))
            self.assertEqual(r.selected(["clippy", "--workspace", "--", "-D", "warnings"]),
                             ["clippy", "-p", "tencentcloud-a", "-p", "tencentcloud-b", "--", "-D", "warnings"])
            r = release.Release(args(Path(tmp) / "out"))
            self.assertEqual(r.selected(["doc", "--workspace"]), ["doc", "--workspace"])


class Package(unittest.TestCase):
    def test_a_crate_file_holding_files_outside_its_crate_is_a_problem(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            crate = out / "workspace" / "generated" / "demo"
            (crate / "src").mkdir(parents=True)
            (crate / "Cargo.toml").write_text('[package]\nname = "tencentcloud-demo"\nversion = "0.1.0"\n')
            pkg = out / "target" / "package"
            pkg.mkdir(parents=True)
            with tarfile.open(pkg / "tencentcloud-demo-0.1.0.crate", "w:gz") as tar:
                for name in ("Cargo.toml", "Cargo.toml.orig", "README.md", "src/lib.rs", "../../escape.rs"):
                    f = Path(tmp) / "f"
                    f.write_text("x")
                    tar.add(f, arcname=f"tencentcloud-demo-0.1.0/{name}")
            r = release.Release(args(out))
            r.run = lambda *a, **k: type("P", (), {"returncode": 0})()  # no cargo here
            m = release.Measure("package")
            pkg_keep = pkg / "tencentcloud-demo-0.1.0.crate"
            data = pkg_keep.read_bytes()
            original = release.shutil.rmtree
            release.shutil.rmtree = lambda p: None  # keep the .crate made above
            try:
                r.package(m)
            finally:
                release.shutil.rmtree = original
            self.assertTrue(pkg_keep.read_bytes() == data)
            self.assertTrue(any("outside the crate" in n for n in m.notes), m.notes)


if __name__ == "__main__":
    unittest.main()
