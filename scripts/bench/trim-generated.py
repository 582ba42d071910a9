#!/usr/bin/env python3
"""trim-generated.py — remove families of items from a generated crate's sources, to
measure what each family costs the compiler (scripts/bench/compile-memory.sh runs it on a copy).

    scripts/bench/trim-generated.py SRC_DIR TRIM[,TRIM...]

SRC_DIR is the module of one API version of a generated crate, `src/v20190722/` (it is
changed in place). The trims:

  nodoc          every `///` and `//!` comment
  opnoeq         `PartialEq` from the derives of the operation modules (requests,
                 builders, responses)
  opnodebug      `Debug` from the derives of the operation modules
  opnoclone      `Clone` from the derives of the operation modules
  noeq, nodebug, noclone
                 the same derive from every file but error.rs (models too): the build
                 fails where a bound needs it, so its peak is only an upper bound
  nobuildereq    `PartialEq` of the request builders only
  nowith         the requests' and models' `with_*` methods
  nobuilderset   the request builders' `set_*` methods
  nofluentset    the fluent builders' `set_*` methods
  nofluentplain  the fluent builders' other setters
  lean           no request builder, no fluent builder and no client method per action:
                 what is left is each action's request, response, `Action` impl and
                 paginator, and the models
  expand         `serialize_struct!`/`wire_struct!` written out as the impls they expand to
  firstN         only the first N actions (in the order of operation/mod.rs): the other
                 action modules and their client methods are removed, the models stay

Each trim must change something: a trim that matches nothing (the generated code changed
shape) is an error, so a stale pattern cannot pass for a measurement.
"""
import pathlib
import re
import sys

RT = "tencentcloud_runtime"


def drop_derive(text, name):
    def keep(m):
        names = [x for x in m.group(1).split(", ") if x != name]
        return "derive(" + ", ".join(names) + ")"

    text = re.sub(r"derive\(([^)]*)\)", keep, text)
    return text.replace("#[derive()]\n", "")


FLUENT_SET = re.compile(
    r"\n    /// Sets or clears `[^`]*`\.\n    #\[inline\]\n    pub fn set_\w+\((?:[^{]|\n)*?\{\n"
    r"        self\.inner = self\.inner\.set_\w+\(value\);\n        self\n    \}\n"
)
BUILDER_SET = re.compile(
    r"\n    /// Sets or clears `[^`]*`\.\n    #\[inline\]\n    pub fn set_\w+\((?:[^{]|\n)*?\{\n"
    r"        self\.\w+ = value;\n        self\n    \}\n"
)
FLUENT_PLAIN = re.compile(
    r"\n((?:    ///[^\n]*\n)*)    #\[inline\]\n    pub fn (?!set_)\w+\((?:[^{]|\n)*?\{\n"
    r"        self\.inner = self\.inner\.\w+\(value\);\n        self\n    \}\n"
)
WITH = re.compile(
    r"\n    /// Sets `[^`]*`\.\n    #\[inline\]\n    pub fn with_\w+\((?:[^{]|\n)*?\{\n"
    r"        self\.\w+ = Some\([^\n]*\);\n        self\n    \}\n"
)
BUILDER_FN = re.compile(
    r"\n    /// A builder for \[`\w+`\]\.\n    #\[inline\]\n    pub fn builder\(\)[^}]*\}\n"
)
CLIENT_FN = re.compile(
    r"\n(?:    ///[^\n]*\n)*    #\[inline\]\n    pub fn \w+\(\s*&self,?\s*\) -> "
    r"crate::v\d+::operation::\w+::\w+FluentBuilder \{\n(?:        [^\n]*\n)*    \}\n"
)
INVOCATION = re.compile(
    r"(#\[cfg\([^\n]*\)\]\n)?" + RT + r"::(serialize_struct|wire_struct|deserialize_struct)!"
    r"\((\w+) \{\n((?:    [^\n]*\n)*?)\}\);\n"
)
MEMBER = re.compile(r'\s*([\w#]+): (\w+)\("([^"]*)"(?:, (\d+))?\),')


def top_level_items(text):
    """Splits a file into its top-level items (with their comments and attributes)."""
    items, current = [], []
    for line in text.split("\n"):
        current.append(line)
        ends = line == "}" or line.endswith("});") or (line.endswith(";") and not line.startswith("//"))
        if line and not line[0].isspace() and ends:
            items.append("\n".join(current))
            current = []
    items.append("\n".join(current))
    return items


def written_serialize(name, members):
    if not members:
        return (
            f"impl {RT}::__serde::Serialize for {name} {{\n"
            f"    fn serialize<S: {RT}::__serde::Serializer>(&self, serializer: S) -> "
            f"::core::result::Result<S::Ok, S::Error> {{\n"
            f'        let state = {RT}::__serde::Serializer::serialize_struct(serializer, "{name}", 0)?;\n'
            f"        {RT}::__serde::ser::SerializeStruct::end(state)\n    }}\n}}\n"
        )
    count = " + ".join(f"{RT}::ser::{kind}::len(&self.{field})" for field, kind, _, _ in members)
    fields = "".join(
        f'        {RT}::ser::{kind}::field(&mut state, "{wire}", &self.{field})?;\n'
        for field, kind, wire, _ in members
    )
    return (
        f"impl {RT}::__serde::Serialize for {name} {{\n    #[allow(deprecated)]\n"
        f"    fn serialize<S: {RT}::__serde::Serializer>(&self, serializer: S) -> "
        f"::core::result::Result<S::Ok, S::Error> {{\n"
        f'        let mut state = {RT}::__serde::Serializer::serialize_struct(serializer, "{name}", 0 + {count})?;\n'
        f"{fields}        {RT}::__serde::ser::SerializeStruct::end(state)\n    }}\n}}\n"
    )


def written_deserialize(name, members):
    flags = sum(1 for member in members if member[3])
    defaults = " ".join(f"{field}: ::core::default::Default::default()," for field, _, _, _ in members)
    arms = "".join(
        f'                        "{wire}" => {RT}::de::member::{kind}(&mut map, &mut out.{field}'
        + (f", &mut seen[{index}]" if index else "")
        + "),\n"
        for field, kind, wire, index in members
    )
    checks = " ".join(
        f'({RT}::de::member::required_kind::{kind}, "{wire}", {index}),'
        for _, kind, wire, index in members
        if index
    )
    return f"""impl<'de> {RT}::__serde::Deserialize<'de> for {name} {{
    fn deserialize<D: {RT}::__serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {{
        struct __Visitor;
        impl<'de> {RT}::__serde::de::Visitor<'de> for __Visitor {{
            type Value = {name};
            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{
                f.write_str("struct {name}")
            }}
            #[allow(deprecated, unused_mut)]
            fn visit_map<A: {RT}::__serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<{name}, A::Error> {{
                let mut out = {name} {{ {defaults} }};
                let mut seen = [false; {flags}];
                while let ::core::option::Option::Some(key) = map.next_key::<{RT}::de::Key<'de>>()? {{
                    let read = match key.as_str() {{
{arms}                        _ => {RT}::de::member::skip(&mut map),
                    }};
                    read?;
                }}
                {RT}::de::member::finish::<A::Error>(&seen, &[{checks}])?;
                ::core::result::Result::Ok(out)
            }}
        }}
        deserializer.deserialize_map(__Visitor)
    }}
}}
"""


def written_out(m):
    cfg, macro, name, body = m.groups()
    if cfg:  # not compiled by default: left as it is
        return m.group(0)
    members = MEMBER.findall(body)
    out = ""
    if macro in ("serialize_struct", "wire_struct"):
        out += written_serialize(name, members)
    if macro in ("deserialize_struct", "wire_struct"):
        if members:
            out += written_deserialize(name, members)
        else:
            out += f"{RT}::deserialize_struct!({name} {{}});\n"
    return out


def keep_first(texts, root, count):
    """Keeps the first `count` action modules: the others' files, `pub mod` lines and
    client methods go. Returns the changed texts (None: the file is removed)."""
    mod_rs = root / "operation" / "mod.rs"
    modules = re.findall(r"(?m)^pub mod (\w+);$", texts[mod_rs])
    if count >= len(modules):
        return {}
    dropped = set(modules[count:])
    changed = {root / "operation" / f"{m}.rs": None for m in dropped}
    changed[mod_rs] = re.sub(
        r"\n(?:/// [^\n]*\n)*pub mod (\w+);\n",
        lambda m: "\n" if m.group(1) in dropped else m.group(0),
        texts[mod_rs],
    )
    client = root / "client.rs"
    changed[client] = CLIENT_FN.sub(
        lambda m: "\n" if re.search(r"crate::v\d+::operation::(\w+)::", m.group(0)).group(1) in dropped else m.group(0),
        texts[client],
    )
    return changed


def trim_file(path, text, trims):
    in_operation = path.parent.name == "operation"
    for derive, trim in (("PartialEq", "noeq"), ("Debug", "nodebug"), ("Clone", "noclone")):
        if trim in trims or (in_operation and "op" + trim in trims):
            text = drop_derive(text, derive)
    if "nobuildereq" in trims:
        text = re.sub(
            r"#\[derive\(Debug, Clone, Default, PartialEq\)\]\npub struct (\w+RequestBuilder)",
            r"#[derive(Debug, Clone, Default)]\npub struct \1",
            text,
        )
    if "nofluentset" in trims:
        text = FLUENT_SET.sub("\n", text)
    if "nobuilderset" in trims:
        text = BUILDER_SET.sub("\n", text)
    if "nofluentplain" in trims:
        text = FLUENT_PLAIN.sub("\n", text)
    if "nowith" in trims:
        text = WITH.sub("\n", text)
    if "lean" in trims:
        if in_operation:
            text = BUILDER_FN.sub("\n", text)
            items = top_level_items(text)
            text = "\n".join(i for i in items if not re.search(r"RequestBuilder\b|FluentBuilder\b", i))
            text = text.replace("ValidationError, ", "")
        elif path.name == "client.rs":
            text = CLIENT_FN.sub("\n", text)
    if "expand" in trims:
        text = INVOCATION.sub(written_out, text)
    if "nodoc" in trims:
        text = re.sub(r"(?m)^\s*//[/!].*\n", "", text)
    return text


# The order trims are applied in (written-out serde before the doc comments go, builders
# before their setters would be looked for).
ORDER = [
    "lean", "nofluentset", "nobuilderset", "nofluentplain", "nowith", "nobuildereq",
    "opnoeq", "opnodebug", "opnoclone", "noeq", "nodebug", "noclone", "expand", "nodoc",
]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root = pathlib.Path(sys.argv[1])
    trims = sys.argv[2].split(",")
    first = [t for t in trims if re.fullmatch(r"first\d+", t)]
    unknown = sorted(set(trims) - set(ORDER) - set(first))
    if unknown:
        sys.exit(f"unknown trim(s): {', '.join(unknown)}; known: {', '.join(ORDER)}, firstN")
    if not (root / "operation").is_dir():
        sys.exit(f"{root}: not the module of a version of a generated crate (no operation/ directory)")
    texts = {path: path.read_text() for path in sorted(root.rglob("*.rs")) if path.name != "error.rs"}
    original = dict(texts)
    removed = []
    for trim in first:
        changed = keep_first(texts, root, int(trim[len("first"):]))
        if not changed:
            sys.exit(f"{trim}: the crate has no more actions than that")
        texts.update(changed)
        print(f"{trim}: {sum(v is None for v in changed.values())} action modules removed", file=sys.stderr)
        removed += [path for path, text in changed.items() if text is None]
        texts = {path: text for path, text in texts.items() if text is not None}
    for trim in (t for t in ORDER if t in trims):
        changed = 0
        for path, text in texts.items():
            trimmed = trim_file(path, text, {trim})
            if trimmed != text:
                texts[path] = trimmed
                changed += 1
        if changed == 0:
            sys.exit(f"{trim}: changed nothing in {root}: its pattern no longer matches the generated code")
        print(f"{trim}: {changed} files changed", file=sys.stderr)
    for path, text in texts.items():
        if text != original.get(path):
            path.write_text(text)
    for path in removed:
        path.unlink()


if __name__ == "__main__":
    main()
