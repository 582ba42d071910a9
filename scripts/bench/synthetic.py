#!/usr/bin/env python3
"""synthetic.py — build a synthetic Tencent Cloud service of N actions for benchmarks.

Copies the actions of one service description (Tencent's api.json, examples.json and
errorcodes.py, by default TRTC's in $TENCENT_SHARED, else ../shared/tencent) round-robin until there are N,
renaming each copy (`DescribeUserInfo` -> `DescribeUserInfo0042`, its request and
response objects with it); the shared models are kept once. With --only ACTION, every
copy is of that one action (the compile-time benchmark's "N copies of DescribeUserInfo").

    scripts/bench/synthetic.py N OUT [--source DIR] [--only ACTION] [--service NAME]

writes OUT/<service>/<version>/{api.json, examples.json, errorcodes.py}, ready for
`tcgen import OUT`. Only the standard library is used.
"""
import argparse
import json
import os
import re
import sys


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("n", type=int)
    p.add_argument("out")
    shared = os.environ.get("TENCENT_SHARED", os.path.join(here, "..", "..", "..", "shared", "tencent"))
    if not os.path.isdir(shared):
        shared = "/work/shared/tencent"
    p.add_argument("--source", default=os.path.join(shared, "trtc", "v20190722"))
    p.add_argument("--only", help="copy only this action")
    p.add_argument("--service", default="synth")
    a = p.parse_args()

    api = json.load(open(os.path.join(a.source, "api.json"), encoding="utf-8"))
    ex_path = os.path.join(a.source, "examples.json")
    examples = json.load(open(ex_path, encoding="utf-8")) if os.path.exists(ex_path) else {"actions": {}}
    names = sorted(api["actions"])
    if a.only:
        if a.only not in api["actions"]:
            sys.exit(f"no action {a.only} in {a.source}")
        names = [a.only]
    # Only online actions copy cleanly; a deprecated one may point at removed models.
    names = [n for n in names if api["actions"][n].get("status", "online") == "online"] or names

    objects = {k: v for k, v in api["objects"].items() if not re.search(r"(Request|Response)$", k)}
    actions, ex_actions = {}, {}
    width = max(4, len(str(a.n)))
    for i in range(a.n):
        src = names[i % len(names)]
        name = f"{src}{i:0{width}d}"
        action = dict(api["actions"][src])
        action["input"], action["output"] = f"{name}Request", f"{name}Response"
        actions[name] = action
        objects[f"{name}Request"] = api["objects"][api["actions"][src]["input"]]
        objects[f"{name}Response"] = api["objects"][api["actions"][src]["output"]]
        if src in examples.get("actions", {}):
            copies = json.loads(json.dumps(examples["actions"][src]))
            for e in copies:
                e["input"] = e.get("input", "").replace(f"X-TC-Action: {src}", f"X-TC-Action: {name}")
            ex_actions[name] = copies

    version = "v" + api["metadata"]["apiVersion"].replace("-", "")
    meta = dict(api["metadata"], serviceShortName=a.service)
    meta["serviceNameCN"] = f"Synthetic service of {a.n} actions"
    out = os.path.join(a.out, a.service, version)
    os.makedirs(out, exist_ok=True)
    doc = dict(api, actions=actions, objects=objects, metadata=meta)
    with open(os.path.join(out, "api.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
    with open(os.path.join(out, "examples.json"), "w", encoding="utf-8") as f:
        json.dump(dict(examples, actions=ex_actions), f, ensure_ascii=False, indent=1)
    codes = os.path.join(a.source, "errorcodes.py")
    if os.path.exists(codes):
        with open(codes, encoding="utf-8") as src, open(os.path.join(out, "errorcodes.py"), "w", encoding="utf-8") as f:
            f.write(src.read())
    print(f"{out}: {len(actions)} actions from {len(set(names))} source action(s)")


if __name__ == "__main__":
    main()
