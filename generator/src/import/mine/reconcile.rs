//! Reconciliation: conflicting statements, kinds that do not fit the member, the
//! documented example and the default decide what is kept.

use std::collections::BTreeSet;

use serde_yaml::Value;

use super::field::Field;
use super::findings::{Found, Kind, Sample, Src};
use super::numbers::{int_spec, num_le, Raw};
use super::phrases::{special_values, CLAMP, VERSION};
use super::scan::Miner;
use crate::spec::model::{ConstraintSpec, NotEnforced, NumberSpec};

/// What was mined from one member's documentation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mined {
    /// The server default stated in the text, typed for the member (number, bool or string), if unambiguous.
    pub default: Option<serde_yaml::Value>,
    /// Constraints kept; each has exactly one kind set and `source` = the sentence it came from.
    pub constraints: Vec<ConstraintSpec>,
    /// Constraints found but dropped, with the reason (e.g. "rejects the documented example `0`").
    /// A default dropped for breaking a kept constraint is listed here too, as a
    /// `ConstraintSpec` with no kind set, `doc` naming the default (`default: 20`) and its `source`; the
    /// constraints it breaks are dropped with it ("rejects the documented default `0`").
    pub dropped: Vec<(ConstraintSpec, String)>,
    /// Sentences that look like a constraint or default but were left as prose (ambiguous, unit unclear, kind does not fit the type, ...).
    pub prose: Vec<String>,
}

impl Miner<'_> {
    /// Resolves the findings: conflicts, fit, the example, the default.
    pub(super) fn finish(mut self, example: Option<&str>) -> Mined {
        let mut out = Mined::default();
        // A kind stated with two values makes every sentence stating it suspect.
        let found = std::mem::take(&mut self.found);
        let mut first_kind: [Option<&Kind>; 7] = Default::default();
        let mut first_default: Option<&Value> = None;
        let mut clash = [false; 8];
        for f in &found {
            match f {
                Found::Constraint(k, _) => match first_kind[k.slot()] {
                    Some(k0) => clash[k.slot()] |= k0 != k,
                    None => first_kind[k.slot()] = Some(k),
                },
                Found::Default(v, _) => match first_default {
                    Some(v0) => clash[7] |= v0 != v,
                    None => first_default = Some(v),
                },
            }
        }
        let tainted: BTreeSet<&str> = found
            .iter()
            .filter_map(|f| match f {
                Found::Constraint(k, s) if clash[k.slot()] => Some(&**s),
                Found::Default(_, s) if clash[7] => Some(&**s),
                _ => None,
            })
            .collect();
        let mut by_slot: [Vec<(Kind, Src)>; 7] = Default::default();
        let mut default: Option<(Value, Src)> = None;
        for f in found.iter().cloned() {
            let (Found::Constraint(_, s) | Found::Default(_, s)) = &f;
            if tainted.contains(&**s) {
                self.prose(s);
                continue;
            }
            match f {
                // Without a clash, a kind is stated once or repeated with the same value.
                Found::Constraint(k, s) => {
                    let slot = k.slot();
                    if by_slot[slot].is_empty() {
                        by_slot[slot].push((k, s));
                    }
                }
                Found::Default(v, s) => {
                    default.get_or_insert((v, s));
                }
            }
        }
        let kept: Vec<(Kind, Src)> = by_slot.into_iter().flatten().collect();
        // Bounds in the wrong order.
        let pairs: [(usize, usize); 3] = [(0, 1), (2, 3), (4, 5)];
        let mut bad = BTreeSet::new();
        for (lo, hi) in pairs {
            let l = kept.iter().position(|(k, _)| k.slot() == lo);
            let h = kept.iter().position(|(k, _)| k.slot() == hi);
            if let (Some(l), Some(h)) = (l, h) {
                let ordered = match (&kept[l].0, &kept[h].0) {
                    (Kind::Min(a), Kind::Max(b)) => num_le(*a, *b),
                    (Kind::MinLength(a), Kind::MaxLength(b)) | (Kind::MinItems(a), Kind::MaxItems(b)) => a <= b,
                    _ => true,
                };
                if !ordered {
                    bad.insert(l);
                    bad.insert(h);
                }
            }
        }
        let reason_order = |kept: &[(Kind, Src)], i: usize| {
            let partner = kept
                .iter()
                .enumerate()
                .find(|(j, (k, _))| *j != i && bad.contains(j) && k.slot() / 2 == kept[i].0.slot() / 2);
            match partner {
                Some((_, (k, _))) => format!("{} contradicts {}", kept[i].0.describe(), k.describe()),
                None => format!("{} contradicts the other bound", kept[i].0.describe()),
            }
        };
        let mut survivors = Vec::new();
        for (i, (k, s)) in kept.iter().enumerate() {
            if bad.contains(&i) {
                out.dropped.push((k.spec(s), reason_order(&kept, i)));
            } else {
                survivors.push((k.clone(), s.clone()));
            }
        }
        // The documented example.
        let sample = example.and_then(|e| self.sample(e));
        let mut final_kept = Vec::new();
        for (k, s) in survivors {
            // Letter case in the documentation is not reliable (3% of the catalogue's examples
            // differ from the listed values in case only): an enumeration needs an example that
            // is one of its values.
            if matches!(k, Kind::OneOf(_)) && sample.is_none() {
                self.prose(&s);
                continue;
            }
            if let (Some(sample), Some(e)) = (&sample, example) {
                if k.accepts(sample) == Some(false) {
                    out.dropped.push((k.spec(&s), format!("rejects the documented example `{}`", e.trim())));
                    continue;
                }
            }
            final_kept.push((k, s));
        }
        // The default.
        if let Some((v, s)) = default {
            let sample = match &v {
                Value::Number(n) => number_sample(n, self.field),
                Value::String(t) => Some(Sample::Text(t.clone())),
                _ => None,
            };
            // A default outside a stated range or set is usually a special value the range
            // leaves out ("0: disabled", "-1: unlimited"): neither is kept.
            let breaks = |k: &Kind| sample.as_ref().is_some_and(|smp| k.accepts(smp) == Some(false));
            let (broken, fine): (Vec<_>, Vec<_>) = final_kept.into_iter().partition(|(k, _)| breaks(k));
            final_kept = fine;
            if broken.is_empty() {
                out.default = Some(v);
            } else {
                let shown = yaml_text(&v);
                let names: Vec<String> = broken.iter().map(|(k, _)| k.describe()).collect();
                let spec = ConstraintSpec {
                    doc: Some(format!("default: {shown}")),
                    source: Some(s.to_string()),
                    ..ConstraintSpec::default()
                };
                out.dropped.push((spec, format!("default `{shown}` breaks {}", names.join(" and "))));
                for (k, s) in broken {
                    out.dropped.push((k.spec(&s), format!("rejects the documented default `{shown}`")));
                }
            }
        }
        final_kept.sort_by_key(|(k, _)| k.slot());
        // Read only when there is something to settle: most members have no constraint.
        let bounds = final_kept.iter().any(|(k, _)| !matches!(k, Kind::OneOf(_)));
        let clamped = bounds && CLAMP.is_match(self.text);
        let numeric = final_kept.iter().any(|(k, _)| matches!(k, Kind::Min(_) | Kind::Max(_)));
        let specials = if numeric { special_values(self.text) } else { Vec::new() };
        out.constraints = final_kept
            .iter()
            .map(|(k, s)| match self.not_enforced(k, s, clamped, &specials) {
                Some(reason) => k.spec(s).documented_only(reason),
                None => k.spec(s),
            })
            .collect();
        out.prose = self.prose;
        out
    }

    /// Why a kept constraint is documentation only, if it is: the server adjusts values
    /// (`clamped`, anywhere in the text), a special value lies outside a bound, the
    /// values are software versions ([`VERSION`]), the sentence is in one item of a list
    /// of modes, or the values are those returned.
    pub(super) fn not_enforced(&self, k: &Kind, s: &Src, clamped: bool, specials: &[i128]) -> Option<NotEnforced> {
        if clamped && !matches!(k, Kind::OneOf(_)) {
            return Some(NotEnforced::Clamped);
        }
        let excluded = |v: &i128| int_spec(*v).is_some_and(|n| k.accepts(&Sample::Number(n)) == Some(false));
        if matches!(k, Kind::Min(_) | Kind::Max(_)) && specials.iter().any(excluded) {
            return Some(NotEnforced::SpecialValues);
        }
        if let Kind::OneOf(values) = k {
            if values.iter().all(|v| VERSION.is_match(v)) {
                return Some(NotEnforced::Versions);
            }
        }
        self.documented.iter().find(|(src, _)| **src == **s).map(|(_, reason)| *reason)
    }

    /// The example, as a value constraints can be checked against.
    pub(super) fn sample(&self, example: &str) -> Option<Sample> {
        let e = example.trim();
        if e.is_empty() {
            return None;
        }
        match self.field {
            Field::Int | Field::UInt => {
                let raw = Raw::new(e);
                match (raw.i64(), raw.u64()) {
                    (Some(i), _) => Some(Sample::Number(NumberSpec::Int(i))),
                    (None, Some(u)) => Some(Sample::Number(NumberSpec::UInt(u))),
                    _ => None,
                }
            }
            Field::Float => Raw::new(e).f64().map(|f| Sample::Number(NumberSpec::Float(f))),
            Field::Str => Some(Sample::Text(example.to_string())),
            Field::List { .. } => {
                serde_json::from_str::<Vec<serde_json::Value>>(e).ok().map(|v| Sample::Items(v.len()))
            }
            _ => None,
        }
    }
}

pub(super) fn number_sample(n: &serde_yaml::Number, field: Field) -> Option<Sample> {
    if field == Field::Float {
        return n.as_f64().map(|f| Sample::Number(NumberSpec::Float(f)));
    }
    if let Some(i) = n.as_i64() {
        Some(Sample::Number(NumberSpec::Int(i)))
    } else {
        n.as_u64().map(|u| Sample::Number(NumberSpec::UInt(u)))
    }
}

pub(super) fn yaml_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}
