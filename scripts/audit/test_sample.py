#!/usr/bin/env python3
"""Tests of sample.py on a small spec tree: python3 scripts/audit/test_sample.py"""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, HERE)
import sample  # noqa: E402

SPEC = """\
service:
  name: demo
  version: 2020-01-01
models:
  Inner:
    usage: in
    fields:
      Mode:
        type: string
        doc: 'Mode. Valid values: on, off.'
        example: on
        constraints:
        - one_of: [on, off]
          source: 'Valid values: on, off.'
  Outer:
    usage: both
    fields:
      Inner:
        type: [Inner]
        doc: The inner ones.
      Reply:
        type: Reply
        doc: A model marked `out`, reached from a request all the same.
  Reply:
    usage: out
    fields:
      Size:
        type: int64
        doc: 'Size, at most 5.'
        constraints:
        - max: 5
          source: Size, at most 5.
  Orphan:
    usage: both
    fields:
      Count:
        type: int64
        doc: 'Count. Value range: 1-10.'
        constraints:
        - min: 1
          source: 'Value range: 1-10.'
actions:
  DescribeThings:
    title: Lists things
    doc: Lists things.
    input:
      Limit:
        type: int64
        doc: 'Page size. Maximum value: 100.'
        example: '='
        constraints:
        - max: 100
          source: 'Maximum value: 100.'
        - min: 1
          source: 'Page size.'
          enforce: false
          reason: clamped
      Outer:
        type: Outer
        doc: The outer one.
  OldThing:
    title: Gone
    doc: Gone.
    status: offline
    input:
      Name:
        type: string
        doc: 'Name, up to 10 characters.'
        constraints:
        - max_length: 10
          source: Name, up to 10 characters.
"""


def write_specs(root, text=SPEC):
    folder = os.path.join(root, "demo")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "v20200101.yaml"), "w", encoding="utf-8") as f:
        f.write(text)
    # Neither overlays nor the copied sources are specs.
    with open(os.path.join(folder, "v20200101.overlay.yaml"), "w", encoding="utf-8") as f:
        f.write("actions: {}\n")
    return root


def run_sample(specs, out, *args):
    return subprocess.run(
        [sys.executable, os.path.join(HERE, "sample.py"), specs, "--out", out, *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class Population(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.specs = write_specs(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_lists_only_the_constraints_the_client_enforces(self):
        population = sample.read_population(self.specs)
        keys = sorted(e["key"] for e in population.entries)
        self.assertEqual(
            keys,
            [
                "demo/2020-01-01/action:DescribeThings/Limit/max=100",
                "demo/2020-01-01/model:Inner/Mode/one_of=on|off",
            ],
        )
        self.assertEqual(population.not_enforced, {"clamped": 1})
        self.assertEqual(population.unreachable, 1)
        self.assertEqual(population.out_models, 1)

    def test_reads_plain_scalars_as_tcgen_wrote_them(self):
        population = sample.read_population(self.specs)
        by_key = {e["key"]: e for e in population.entries}
        self.assertEqual(by_key["demo/2020-01-01/action:DescribeThings/Limit/max=100"]["example"], "=")
        mode = by_key["demo/2020-01-01/model:Inner/Mode/one_of=on|off"]
        self.assertEqual(mode["constraint"], {"one_of": ["on", "off"]})
        self.assertEqual(mode["used_by"], ["Outer.Inner"])

    def test_an_unknown_constraint_key_is_reported(self):
        write_specs(self.specs, SPEC.replace("reason: clamped", "reason: clamped\n          because: x"))
        self.assertEqual(sample.read_population(self.specs).unknown_keys, {"because": 1})


class Ranking(unittest.TestCase):
    def test_entries_that_stay_keep_their_order_when_others_come_and_go(self):
        entries = [{"key": f"k{i}"} for i in range(50)]
        before = [e["key"] for e in sample.draw(entries, "s", 50)]
        fewer = [e for e in entries if e["key"] not in ("k3", "k17")]
        after = [e["key"] for e in sample.draw(fewer, "s", 50)]
        self.assertEqual(after, [k for k in before if k not in ("k3", "k17")])
        self.assertEqual([e["key"] for e in sample.draw(entries, "s", 5)], before[:5])
        self.assertNotEqual([e["key"] for e in sample.draw(entries, "t", 50)], before)


class Wilson(unittest.TestCase):
    def test_matches_the_published_interval(self):
        # 146 of 150 (the earlier audit): 93.3%-99.0%.
        lo, hi = sample.wilson(146, 150)
        self.assertAlmostEqual(lo, 0.9336, places=3)
        self.assertAlmostEqual(hi, 0.9896, places=3)
        self.assertEqual(sample.wilson(0, 0), (0.0, 1.0))
        lo, hi = sample.wilson(10, 10)
        self.assertEqual(hi, 1.0)
        self.assertLess(lo, 1.0)


class Judgments(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.specs = write_specs(os.path.join(self.tmp.name, "spec"))
        self.out = os.path.join(self.tmp.name, "sample.yaml")

    def tearDown(self):
        self.tmp.cleanup()

    def judge_all(self, judgment="correct"):
        with open(self.out, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=sample.SpecLoader)
        for e in doc["entries"]:
            e["judgment"] = judgment
            e["reason"] = "checked"
        with open(self.out, "w", encoding="utf-8") as f:
            yaml.dump(doc, f, Dumper=sample.Dumper, sort_keys=False)

    def entries(self):
        with open(self.out, encoding="utf-8") as f:
            return {e["key"]: e for e in yaml.load(f, Loader=sample.SpecLoader)["entries"]}

    def test_judgments_survive_a_rerun_and_are_counted(self):
        run_sample(self.specs, self.out, "-n", "2")
        self.judge_all("wrong")
        text = run_sample(self.specs, self.out)
        self.assertTrue(all(e["judgment"] == "wrong" for e in self.entries().values()))
        self.assertIn("judged 2: correct 0, wrong 2", text)
        self.assertIn("0/2 = 0.0%", text)

    def test_a_changed_doc_needs_a_new_judgment(self):
        run_sample(self.specs, self.out, "-n", "2")
        self.judge_all()
        write_specs(self.specs, SPEC.replace("doc: 'Page size. Maximum value: 100.'", "doc: 'Rows. Maximum value: 100.'"))
        text = run_sample(self.specs, self.out)
        entries = self.entries()
        self.assertNotIn("judgment", entries["demo/2020-01-01/action:DescribeThings/Limit/max=100"])
        self.assertEqual(entries["demo/2020-01-01/model:Inner/Mode/one_of=on|off"]["judgment"], "correct")
        self.assertIn("unjudged (1):\n  demo/2020-01-01/action:DescribeThings/Limit/max=100", text)

    def test_a_judgment_leaving_the_sample_is_archived_and_comes_back(self):
        run_sample(self.specs, self.out, "-n", "2")
        self.judge_all()
        marked = SPEC.replace("source: 'Maximum value: 100.'", "source: 'Maximum value: 100.'\n          enforce: false")
        write_specs(self.specs, marked)
        run_sample(self.specs, self.out)
        self.assertEqual(list(self.entries()), ["demo/2020-01-01/model:Inner/Mode/one_of=on|off"])
        write_specs(self.specs)
        run_sample(self.specs, self.out, "--require-judged")
        self.assertEqual(len(self.entries()), 2)

    def test_require_judged_fails_on_unjudged_entries(self):
        with self.assertRaises(subprocess.CalledProcessError):
            run_sample(self.specs, self.out, "--require-judged")


if __name__ == "__main__":
    unittest.main()
