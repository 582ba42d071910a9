#!/usr/bin/env python3
"""context.py: what a judge needs to read beside a sample entry.

For each unjudged entry of scripts/audit/sample.yaml (or each KEY given), prints the
constraint, its source sentence and the member's documentation, then the context from
the imported spec: the action's title and documentation (action members), or the
model's documentation and the documentation of every request member or model field that
holds the model (model fields: an enumeration narrower than what those members document
refuses valid requests), and the member's other mined constraints.

Usage: context.py SPECS [--sample FILE] [--all] [KEY...]
"""

import argparse
import os
import sys

import yaml

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample import JUDGMENTS, SpecLoader, request_models  # noqa: E402


def spec_of(specs, service, version, cache):
    path = os.path.join(specs, service, "v" + version.replace("-", "") + ".yaml")
    if path not in cache:
        with open(path, encoding="utf-8") as f:
            cache[path] = yaml.load(f, Loader=SpecLoader) or {}
    return cache[path]


def short(text, limit=1200):
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[:limit] + " [...]"


def holder_doc(spec, holder):
    """The documentation of `Action.Member` or `Model.Field`."""
    owner, member = holder.split(".", 1)
    action = (spec.get("actions") or {}).get(owner)
    if action is not None:
        return (action.get("input") or {}).get(member, {}).get("doc")
    return ((spec.get("models") or {}).get(owner, {}).get("fields") or {}).get(member, {}).get("doc")


def show(entry, spec):
    scope, owner = entry["key"].split("/")[2].split(":", 1)
    print("=" * 100)
    print(f"{entry['key']}  (rank {entry.get('rank')})")
    print(f"  type {entry['type']}; constraint {entry['constraint']}; example {entry.get('example')!r}"
          + (f"; default {entry['default']!r}" if "default" in entry else ""))
    print(f"  source: {short(entry.get('source'))}")
    print(f"  doc:    {short(entry.get('doc'), 3000)}")
    if scope == "action":
        action = (spec.get("actions") or {}).get(owner, {})
        print(f"  action: {action.get('title')}: {short(action.get('doc'), 600)}")
        field = (action.get("input") or {}).get(entry["member"], {})
    else:
        model = (spec.get("models") or {}).get(owner, {})
        print(f"  model ({model.get('usage', 'both')}): {short(model.get('doc'), 300)}")
        for holder in request_models(spec).get(owner, []):
            print(f"  held by {holder}: {short(holder_doc(spec, holder), 800)}")
        field = (model.get("fields") or {}).get(entry["member"], {})
    others = [c for c in field.get("constraints") or [] if c.get("source") != entry.get("source")]
    for c in others:
        print(f"  other constraint: { {k: v for k, v in c.items() if k != 'source'} } from {short(c.get('source'), 200)!r}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("specs")
    p.add_argument("keys", nargs="*", help="keys to show (default: the unjudged entries)")
    p.add_argument("--sample", default=os.path.join(here, "sample.yaml"))
    p.add_argument("--all", action="store_true", help="show every entry of the sample")
    args = p.parse_args()
    with open(args.sample, encoding="utf-8") as f:
        entries = (yaml.load(f, Loader=SpecLoader) or {}).get("entries") or []
    if args.keys:
        chosen = [e for e in entries if e["key"] in set(args.keys)]
    elif args.all:
        chosen = entries
    else:
        chosen = [e for e in entries if e.get("judgment") not in JUDGMENTS]
    cache = {}
    for e in chosen:
        service, version = e["key"].split("/")[:2]
        show(e, spec_of(args.specs, service, version, cache))


if __name__ == "__main__":
    main()
