"""Tests of edition_chart.py on a small workspace and timings report made here."""

import io
import json
import sys
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import edition_chart  # noqa: E402  (the script beside this file)


def make_workspace(root: Path, crates: dict) -> None:
    """generated/<crate>/ with a manifest and `actions` operation modules each."""
    for crate, actions in crates.items():
        ops = root / "generated" / crate / "src" / "v20200101" / "operation"
        ops.mkdir(parents=True)
        (root / "generated" / crate / "Cargo.toml").write_text(
            f'[package]\nname = "tencentcloud-{crate}"\nversion = "0.1.0"\n', encoding="utf-8")
        (ops / "mod.rs").write_text("", encoding="utf-8")
        for i in range(actions):
            (ops / f"action_{i}.rs").write_text("", encoding="utf-8")


def make_report(path: Path, durations: dict) -> None:
    units = [{"i": i, "name": name, "version": "0.1.0", "mode": "todo", "target": " (check)",
              "start": 0.0, "duration": seconds} for i, (name, seconds) in enumerate(durations.items())]
    path.write_text("<html><script>\nconst UNIT_DATA = " + json.dumps(units, indent=2)
                    + ";\nconst CONCURRENCY_DATA = [];\n</script></html>", encoding="utf-8")


class EditionChartTest(unittest.TestCase):
    def run_chart(self, *args: str) -> str:
        out = io.StringIO()
        argv = sys.argv
        sys.argv = ["edition_chart.py", *args]
        try:
            with redirect_stdout(out):
                edition_chart.main()
        finally:
            sys.argv = argv
        return out.getvalue()

    def test_actions_are_the_operation_modules_of_every_version(self):
        with tempfile.TemporaryDirectory() as tmp:
            make_workspace(Path(tmp), {"small": 3, "big": 120})
            self.assertEqual(edition_chart.actions_by_crate(Path(tmp)),
                             {"tencentcloud-big": 120, "tencentcloud-small": 3})

    def test_crates_are_grouped_by_actions_with_seconds_per_action(self):
        with tempfile.TemporaryDirectory() as tmp:
            ws = Path(tmp) / "ws"
            make_workspace(ws, {"a": 4, "b": 6, "c": 300})
            report = Path(tmp) / "t.html"
            # A dependency in the report is not a generated crate: left out.
            make_report(report, {"serde": 9.0, "tencentcloud-a": 1.0, "tencentcloud-b": 2.0,
                                 "tencentcloud-c": 30.0})
            text = self.run_chart("--check", f"en={ws}:{report}")
        self.assertIn("| 1-10 | 2, 10, 3, 0.300 |", text)
        self.assertIn("| 201-400 | 1, 300, 30, 0.100 |", text)
        self.assertIn("| all | **3, 310, 33, 0.106** |", text)
        self.assertIn("1.5 s  (n=2)", text)
        self.assertIn("Largest crates, en: c 300 actions 30.0 s", text)

    def test_generation_points_give_milliseconds_per_action(self):
        text = self.run_chart("--generation", "synthetic=500:0.6", "--generation", "edition=10000:15")
        self.assertIn("1.20 ms/action", text)
        self.assertIn("1.50 ms/action", text)

    def test_group_edges(self):
        self.assertEqual(edition_chart.group_of(10), "1-10")
        self.assertEqual(edition_chart.group_of(11), "11-25")
        self.assertEqual(edition_chart.group_of(400), "201-400")
        self.assertEqual(edition_chart.group_of(401), "401+")

    def test_only_the_checked_library_of_a_crate_counts(self):
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "t.html"
            units = [{"name": "tencentcloud-a", "target": " (check)", "duration": 2.0},
                     {"name": "tencentcloud-a", "target": " (test)", "duration": 50.0}]
            report.write_text("const UNIT_DATA = " + json.dumps(units) + ";\n", encoding="utf-8")
            self.assertEqual(edition_chart.unit_durations(report), {"tencentcloud-a": 2.0})

    def test_a_generation_of_no_actions_is_refused(self):
        with self.assertRaises(SystemExit):
            self.run_chart("--generation", "x=0:1")

    def test_a_report_without_unit_data_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "t.html"
            report.write_text("<html></html>", encoding="utf-8")
            with self.assertRaises(SystemExit) as raised:
                edition_chart.unit_durations(report)
        self.assertIn("no UNIT_DATA", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
