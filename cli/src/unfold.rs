//! Dotted arguments, as `tccli --cli-unfold-argument` takes them:
//! `--Filters.0.Name zone --Filters.0.Values a b` is
//! `"Filters": [{"Name": "zone", "Values": ["a", "b"]}]`.
//!
//! A segment of digits is a list index; any other segment a member name. One value is
//! text, several a list of texts: the call converts text to the documented type of the
//! member (`"10"` for an integer, `"true"` for a boolean), as
//! [`tencentcloud_runtime::dynamic::call`] does.

use std::ffi::OsString;

use serde_json::{Map, Value};

/// The largest list index a dotted argument may name: a typing slip must not make a list
/// of millions of nulls.
const MAX_INDEX: usize = 999;

/// One dotted argument: the parameter, the path below it, the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dotted {
    param: String,
    path: Vec<String>,
    values: Vec<String>,
}

/// Takes the dotted arguments whose first segment `is_param` accepts out of `args`: the
/// other arguments, and the dotted ones in order.
pub fn take(args: Vec<OsString>, is_param: impl Fn(&str) -> bool) -> (Vec<OsString>, Vec<Dotted>) {
    let mut rest = Vec::with_capacity(args.len());
    let mut dotted = Vec::new();
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let Some((param, path, inline)) = arg.to_str().and_then(split).filter(|(p, _, _)| is_param(p)) else {
            rest.push(arg);
            continue;
        };
        let mut values: Vec<String> = inline.into_iter().collect();
        if values.is_empty() {
            while let Some(value) = args.next_if(|a| a.to_str().is_some_and(|v| !v.starts_with("--"))) {
                values.extend(value.to_str().map(str::to_owned));
            }
        }
        dotted.push(Dotted { param, path, values });
    }
    (rest, dotted)
}

/// `--Param.a.0.b[=value]` as (`Param`, [`a`, `0`, `b`], the value after `=`).
fn split(arg: &str) -> Option<(String, Vec<String>, Option<String>)> {
    let name = arg.strip_prefix("--")?;
    let (name, inline) = match name.split_once('=') {
        Some((name, value)) => (name, Some(value.to_owned())),
        None => (name, None),
    };
    let mut segments = name.split('.');
    let param = segments.next()?.to_owned();
    let path: Vec<String> = segments.map(str::to_owned).collect();
    if path.is_empty() || path.iter().any(String::is_empty) {
        return None;
    }
    Some((param, path, inline))
}

/// Puts `dotted`'s value at its place in `params`, making the objects and lists on the
/// way (a value already there of another shape is replaced).
pub fn insert(params: &mut Map<String, Value>, dotted: Dotted) -> Result<(), String> {
    let shown = format!("--{}.{}", dotted.param, dotted.path.join("."));
    let value = match dotted.values.as_slice() {
        [] => return Err(format!("{shown} takes a value")),
        [one] => Value::String(one.clone()),
        many => Value::Array(many.iter().cloned().map(Value::String).collect()),
    };
    let mut place = params.entry(dotted.param).or_insert(Value::Null);
    for segment in &dotted.path {
        place = match segment.parse::<usize>() {
            Ok(index) if index > MAX_INDEX => return Err(format!("{shown}: index {index} is over {MAX_INDEX}")),
            Ok(index) => item(place, index),
            Err(_) => member(place, segment),
        };
    }
    *place = value;
    Ok(())
}

/// Item `index` of the list at `place` (made a list, padded with nulls, if needed).
fn item(place: &mut Value, index: usize) -> &mut Value {
    if !place.is_array() {
        *place = Value::Array(Vec::new());
    }
    match place {
        Value::Array(items) => {
            if items.len() <= index {
                items.resize(index + 1, Value::Null);
            }
            &mut items[index]
        }
        other => other,
    }
}

/// Member `name` of the object at `place` (made an object if needed).
fn member<'a>(place: &'a mut Value, name: &str) -> &'a mut Value {
    if !place.is_object() {
        *place = Value::Object(Map::new());
    }
    match place {
        Value::Object(members) => members.entry(name.to_owned()).or_insert(Value::Null),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn unfold(args: &[&str]) -> (Vec<OsString>, Value) {
        let (rest, dotted) = take(args.iter().map(OsString::from).collect(), |p| p == "Filters");
        let mut params = Map::new();
        for d in dotted {
            insert(&mut params, d).unwrap();
        }
        (rest, Value::Object(params))
    }

    #[test]
    fn dotted_arguments_build_nested_values() {
        let (rest, params) = unfold(&[
            "x",
            "--Filters.1.Name",
            "zone",
            "--Filters.1.Values",
            "a",
            "b",
            "--Other.x",
            "1",
            "--Filters.0.N=v",
        ]);
        assert_eq!(rest, ["x", "--Other.x", "1"].map(OsString::from));
        assert_eq!(params, json!({"Filters": [{"N": "v"}, {"Name": "zone", "Values": ["a", "b"]}]}));
        let (_, dotted) = take(vec!["--Filters.5000".into(), "v".into()], |_| true);
        assert!(insert(&mut Map::new(), dotted[0].clone()).is_err());
        let (_, dotted) = take(vec!["--Filters.a".into()], |_| true);
        assert!(insert(&mut Map::new(), dotted[0].clone()).is_err(), "no value");
        assert!(split("--Filters.").is_none() && split("--Filters").is_none() && split("-F.x").is_none());
    }
}
