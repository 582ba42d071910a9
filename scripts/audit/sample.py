#!/usr/bin/env python3
"""sample.py: the population of enforced mined constraints, a seeded sample of it, and the
precision of the judgments recorded in scripts/audit/sample.yaml.

Reads every imported spec under SPECS (`<service>/v<version>.yaml`, as written by
`tcgen import`; `source/` folders and overlays are ignored) and lists every mined
constraint that the generated client enforces on a request:

  * constraints on the input members of actions that are generated (status not `offline`);
  * constraints on the fields of models reachable from those inputs (through model
    fields, transitively), unless the model's usage is `out`;
  * but not a constraint marked as not enforced (`enforce: false`, or `enforced: false`).

Each entry has a stable key, `service/version/action:Name/Member/kind=value` (or
`model:Name`), and the sample is the first N entries ordered by
sha256("<seed>:<key>"), so that when mining changes, entries that stay keep their
rank and only removed or new entries change the sample.

The sample is written to scripts/audit/sample.yaml (or --out). A judgment already
recorded there (in the sample or in its archive) is kept when the key, the source
sentence and the member's documentation are all unchanged; otherwise the entry is
unjudged again. Judgments of entries that leave the sample go to the archive, so that
they are reused if the entries come back.

Prints the population by kind, the judgments, the precision with a 95% Wilson interval
over the judged entries, the non-correct entries and the entries still unjudged.

Usage: sample.py SPECS [--out FILE] [--seed S] [-n N] [--require-judged]
"""

import argparse
import collections
import hashlib
import math
import os
import re
import sys

import yaml

KINDS = ("min", "max", "min_length", "max_length", "min_items", "max_items", "pattern", "one_of")
# Keys a constraint may carry besides its kind; anything else is reported, since it may
# be a new state this script does not know about.
KNOWN_KEYS = set(KINDS) | {"error", "doc", "source", "enforce", "enforced", "reason"}
JUDGMENTS = ("correct", "wrong", "too_strict", "too_loose")
# Fields an entry carries that the judge writes; the others are regenerated each run.
JUDGE_FIELDS = ("judgment", "rule", "reason")
DEFAULT_SEED = "tcgen-audit-1"
DEFAULT_N = 220

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class SpecLoader(Loader):
    """Reads plain scalars as YAML 1.2's core schema does, as tcgen (serde_yaml) wrote them:
    `=`, `yes`, `on`, `12:30` and `2017-03-12` stay strings (YAML 1.1 would make them
    a tag error, booleans, a number and a date)."""


SpecLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    SpecLoader.add_implicit_resolver(tag, re.compile(pattern), first)


# ------------------------------------------------------------------------------------------
# Reading the specs


def spec_files(specs):
    """Paths of the imported specs below SPECS: `<service>/v<version>.yaml`."""
    found = []
    for service in sorted(os.listdir(specs)):
        folder = os.path.join(specs, service)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.startswith("v") and name.endswith(".yaml") and not name.endswith(".overlay.yaml"):
                found.append(os.path.join(folder, name))
    return found


def load_spec(path):
    """One spec file, read as tcgen wrote it."""
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=SpecLoader) or {}


def type_text(ty):
    """The member's type as written in the spec: `string`, `[Model]`."""
    if isinstance(ty, list):
        return "[" + ", ".join(type_text(t) for t in ty) + "]"
    return str(ty)


def model_of(ty, models):
    """The model a type names (directly or as a list item), or None."""
    while isinstance(ty, list) and ty:
        ty = ty[0]
    return ty if isinstance(ty, str) and ty in models else None


def online_actions(spec):
    """(name, action) of the actions the generator emits (not `status: offline`)."""
    actions = spec.get("actions") or {}
    return [(n, a) for n, a in actions.items() if (a or {}).get("status") != "offline"]


def request_models(spec):
    """Models reachable from the inputs of generated actions, each with the members that
    hold it directly (`Action.Member` or `Model.Field`), in the order first seen."""
    models = spec.get("models") or {}
    holders = collections.OrderedDict()
    stack = []

    def reach(ty, holder):
        m = model_of(ty, models)
        if m is None:
            return
        if m not in holders:
            holders[m] = []
            stack.append(m)
        holders[m].append(holder)

    for name, action in online_actions(spec):
        for member, field in ((action or {}).get("input") or {}).items():
            reach((field or {}).get("type"), f"{name}.{member}")
    while stack:
        m = stack.pop()
        for member, field in ((models[m] or {}).get("fields") or {}).items():
            reach((field or {}).get("type"), f"{m}.{member}")
    return holders


def constraint_kind(c):
    """(kind, value) of a constraint: its one kind key."""
    for k in KINDS:
        if k in c:
            return k, c[k]
    return None, None


def value_text(value):
    """A constraint's value as written in a key: `one_of` values joined with `|`."""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value)


def is_enforced(c):
    """Whether the generated client checks the constraint (not marked as documentation only)."""
    return c.get("enforce", True) is not False and c.get("enforced", True) is not False


class Population:
    """The enforced constraints, and what was skipped, over all specs."""

    def __init__(self):
        self.entries = []
        self.not_enforced = collections.Counter()
        self.unreachable = 0
        self.out_models = 0
        self.unknown_keys = collections.Counter()
        self.files = 0

    def add_member(self, service, version, scope, owner, member, field, used_by=None, usage=None):
        for c in (field or {}).get("constraints") or []:
            if not isinstance(c, dict):
                continue
            for k in c:
                if k not in KNOWN_KEYS:
                    self.unknown_keys[k] += 1
            kind, value = constraint_kind(c)
            if kind is None:
                continue
            if not is_enforced(c):
                self.not_enforced[str(c.get("reason", "no reason given"))] += 1
                continue
            key = f"{service}/{version}/{scope}:{owner}/{member}/{kind}={value_text(value)}"
            entry = {
                "key": key,
                "where": f"{scope} {owner}" + (f" (usage {usage})" if usage else ""),
                "member": member,
                "type": type_text(field.get("type")),
                "constraint": {kind: value},
            }
            if c.get("error"):
                entry["error"] = c["error"]
            entry["source"] = c.get("source")
            entry["doc"] = field.get("doc")
            entry["example"] = field.get("example")
            if "default" in field:
                entry["default"] = field["default"]
            if used_by is not None:
                entry["used_by"] = used_by[:5] + ([f"... {len(used_by) - 5} more"] if len(used_by) > 5 else [])
            self.entries.append(entry)

    def add_spec(self, spec):
        self.files += 1
        info = spec.get("service") or {}
        service, version = str(info.get("name")), str(info.get("version"))
        for name, action in online_actions(spec):
            for member, field in ((action or {}).get("input") or {}).items():
                self.add_member(service, version, "action", name, member, field)
        reachable = request_models(spec)
        for name, model in (spec.get("models") or {}).items():
            model = model or {}
            fields = (model.get("fields") or {}).items()
            count = sum(len((f or {}).get("constraints") or []) for _, f in fields)
            if name not in reachable:
                self.unreachable += count
            elif model.get("usage") == "out":
                self.out_models += count
            else:
                for member, field in fields:
                    self.add_member(
                        service, version, "model", name, member, field, reachable[name], model.get("usage", "both")
                    )


def read_population(specs):
    """The population over every spec below `specs`; stops if two entries share a key."""
    population = Population()
    for path in spec_files(specs):
        population.add_spec(load_spec(path))
    keys = collections.Counter(e["key"] for e in population.entries)
    dup = [k for k, n in keys.items() if n > 1]
    if dup:
        sys.exit(f"duplicate keys in the population (the key is not unique): {dup[:5]}")
    return population


# ------------------------------------------------------------------------------------------
# The sample


def rank(seed, key):
    """An entry's place: sha256 of the seed and its key (hex, compared as text)."""
    return hashlib.sha256(f"{seed}:{key}".encode("utf-8")).hexdigest()


def draw(entries, seed, n):
    """The first `n` entries by sha256(seed:key)."""
    return sorted(entries, key=lambda e: rank(seed, e["key"]))[:n]


def judged_text(entry):
    """What a judgment depends on: the key, the source sentence and the documentation."""
    return (entry.get("key"), entry.get("source"), entry.get("doc"))


def previous_judgments(path):
    """Judgments recorded in an earlier sample file (sample and archive), by judged text."""
    if not os.path.exists(path):
        return {}, {}
    with open(path, encoding="utf-8") as f:
        old = yaml.load(f, Loader=SpecLoader) or {}
    judged = {}
    for e in (old.get("archive") or []) + (old.get("entries") or []):
        if e.get("judgment"):
            judged[judged_text(e)] = e
    return judged, old


def merge(sample, judged):
    """Copies recorded judgments onto the sample; returns the judged texts used."""
    used = set()
    for e in sample:
        old = judged.get(judged_text(e))
        if old is None:
            continue
        for k in JUDGE_FIELDS:
            if old.get(k) is not None:
                e[k] = old[k]
        used.add(judged_text(e))
    return used


def ordered(entry, rank_no):
    """The entry with its fields in a fixed, readable order."""
    out = {"rank": rank_no}
    for k in ("key", "judgment", "rule", "reason", "where", "member", "type", "constraint", "error",
              "source", "doc", "example", "default", "used_by"):
        if k in entry:
            out[k] = entry[k]
    return out


def write_sample(path, seed, n, population, sample, archive):
    """Writes the sample file (atomically): the sample in rank order, then the archive by key."""
    header = (
        "# The constraint audit's sample: written by scripts/audit/sample.py, judged by hand.\n"
        "# Edit only `judgment` (correct | wrong | too_strict | too_loose), `rule` and `reason`;\n"
        "# see scripts/audit/README.md. `archive` keeps judgments of entries no longer drawn.\n"
    )
    doc = {
        "seed": seed,
        "size": n,
        "population": len(population.entries),
        "entries": [ordered(e, i + 1) for i, e in enumerate(sample)],
        "archive": sorted((ordered(e, None) for e in archive), key=lambda e: e["key"]),
    }
    for e in doc["archive"]:
        del e["rank"]
    text = yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(header + text)
    os.replace(tmp, path)


# ------------------------------------------------------------------------------------------
# Figures


def wilson(successes, n, z=1.96):
    """95% Wilson score interval of a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def kind_of(entry):
    """The constraint kind of an entry (`max`, `one_of`, ...)."""
    return next(iter(entry["constraint"]))


def print_population(population):
    """The population by kind and where the constraints sit, and what was not counted."""
    entries = population.entries
    print(f"specs read: {population.files}")
    print(f"population (enforced mined constraints on requests): {len(entries)}")
    by_kind = collections.Counter(kind_of(e) for e in entries)
    print("  by kind: " + ", ".join(f"{k} {by_kind[k]}" for k in KINDS if by_kind[k]))
    scopes = collections.Counter(e["where"].split()[0] for e in entries)
    print(f"  on action inputs {scopes['action']}, on fields of request models {scopes['model']}")
    skipped = sum(population.not_enforced.values())
    reasons = ", ".join(f"{r}: {n}" for r, n in population.not_enforced.most_common())
    print(f"not counted: {skipped} marked not enforced" + (f" ({reasons})" if skipped else "")
          + f", {population.unreachable} on models no request reaches, {population.out_models} on `out` models")
    if population.unknown_keys:
        print("WARNING: constraint keys this script does not know (a new state? check is_enforced): "
              + ", ".join(f"{k} ({n})" for k, n in population.unknown_keys.items()))


def print_precision(population_size, sample, seed):
    """The judgments of the sample, the precision with its interval, and the estimate."""
    counts = collections.Counter(e.get("judgment") for e in sample)
    judged = sum(counts[j] for j in JUDGMENTS)
    print(f"\nsample: {len(sample)} (seed {seed!r}), judged {judged}: "
          + ", ".join(f"{j} {counts[j]}" for j in JUDGMENTS))
    bad = [j for j in counts if j and j not in JUDGMENTS]
    if bad:
        print(f"WARNING: unknown judgments {bad}: use one of {', '.join(JUDGMENTS)}")
    if not judged:
        return
    ok = counts["correct"] + counts["too_loose"]
    lo, hi = wilson(ok, judged)
    print(f"precision (refuses no valid request: correct + too_loose): {ok}/{judged} = "
          f"{100 * ok / judged:.1f}% (95% Wilson interval {100 * lo:.1f}-{100 * hi:.1f}%)")
    exact_lo, exact_hi = wilson(counts["correct"], judged)
    print(f"exactly as documented (correct): {counts['correct']}/{judged} = "
          f"{100 * counts['correct'] / judged:.1f}% ({100 * exact_lo:.1f}-{100 * exact_hi:.1f}%)")
    print(f"estimated constraints refusing valid requests in the population: "
          f"{round(population_size * (judged - ok) / judged)} "
          f"({round(population_size * (1 - hi))}-{round(population_size * (1 - lo))})")


def print_findings(sample):
    """The entries judged other than `correct`, then those still unjudged; returns the latter."""
    others = [e for e in sample if e.get("judgment") in ("wrong", "too_strict", "too_loose")]
    if others:
        print("\nnot correct:")
        for e in sorted(others, key=lambda e: (e["judgment"], e.get("rule") or "", e["key"])):
            print(f"  {e['judgment']:<10} [{e.get('rule') or '?'}] {e['key']}: {e.get('reason') or '(no reason)'}")
    todo = [e for e in sample if e.get("judgment") not in JUDGMENTS]
    if todo:
        print(f"\nunjudged ({len(todo)}):")
        for e in todo:
            print(f"  {e['key']}")
    return todo


def main():
    """Draws the sample, merges the judgments, writes the file and prints the figures."""
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("specs", help="the spec/ folder of a root the catalogue was imported into")
    p.add_argument("--out", default=os.path.join(here, "sample.yaml"), help="sample file (default: %(default)s)")
    p.add_argument("--seed", help=f"ranking seed (default: the sample file's, else {DEFAULT_SEED!r})")
    p.add_argument("-n", type=int, help=f"sample size (default: the sample file's, else {DEFAULT_N})")
    p.add_argument("--require-judged", action="store_true", help="exit 1 when an entry is unjudged")
    args = p.parse_args()
    if not os.path.isdir(args.specs):
        sys.exit(f"no spec folder at {args.specs}")
    judged, old = previous_judgments(args.out)
    seed = args.seed or old.get("seed") or DEFAULT_SEED
    n = args.n or old.get("size") or DEFAULT_N
    if n < 200:
        print(f"note: a sample of {n} is below the 200 the procedure asks for", file=sys.stderr)
    population = read_population(args.specs)
    sample = draw(population.entries, str(seed), n)
    used = merge(sample, judged)
    archive = [e for t, e in judged.items() if t not in used]
    write_sample(args.out, seed, n, population, sample, archive)
    print_population(population)
    print_precision(len(population.entries), sample, seed)
    todo = print_findings(sample)
    print(f"\nwritten: {args.out} ({len(archive)} judgment(s) archived)")
    if todo and args.require_judged:
        sys.exit(1)


if __name__ == "__main__":
    main()
