//! The miner: scans each sentence for phrases and records what they find.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde_yaml::Value;

use super::field::Field;
use super::findings::{tail, Found, Kind, Measure, Src, Tail};
use super::lists::{line_item, parse_inline_list, sentence_cased, LineItem, LineUse};
use super::numbers::{int_spec, Raw};
use super::phrases::{
    re, ABSENCE, ARRAY_LENGTH, AT_LEAST, AT_MOST, BETWEEN, BY_DEFAULT, CONDITION, DEFAULT, DEFAULTS_TO, DEFAULT_BARE,
    EXCLUSIVE, HEDGE, HINTS, LENGTH_RANGE, MARKED_DEFAULT, MAX, MAX_NUMBER_OF, MIN, NOT_CHARS, NO_VALID_VALUE,
    PER_ITEM, QUOTA, QUOTA_HINT, RANGE, RESPECTIVELY, RETURNED, TOTAL, TRIGGER, VALUES_HEAD,
};
use super::text::{split_line, unmarked};
use super::units::unit;
use crate::spec::model::{NotEnforced, NumberSpec};

pub(super) struct Miner<'a> {
    pub(super) field: Field,
    pub(super) units: BTreeSet<&'static str>,
    pub(super) text: &'a str,
    /// The documentation suggests several values in one string, or an open set.
    pub(super) multi_valued: bool,
    /// Searches of the whole text for a bare word ([`listed`]), bounded to keep time linear.
    pub(super) lookups: Cell<usize>,
    pub(super) found: Vec<Found>,
    pub(super) prose: Vec<String>,
    pub(super) prose_seen: BTreeSet<String>,
    /// Sources whose constraints are kept as documentation only, and why.
    pub(super) documented: Vec<(Src, NotEnforced)>,
}

/// Facts about one sentence, computed once.
pub(super) struct Ctx<'s> {
    pub(super) text: &'s str,
    /// The same text, to share among findings.
    pub(super) src: Src,
    /// Hedged or illustrative ("recommended", "for example").
    pub(super) hedged: bool,
    /// States a condition other than the member's absence.
    pub(super) cond: bool,
    /// Numbers written with digits.
    pub(super) digits: usize,
    /// Speaks of a total or a sum.
    pub(super) total: bool,
    /// Counts something other than characters (bytes, Chinese characters, ...).
    pub(super) not_chars: bool,
    /// Where the sentence starts speaking of the member's absence ("If you do not set
    /// this parameter, ..."): what follows describes the default's consequence, not a bound.
    pub(super) absent_at: Option<usize>,
    /// Says "respectively": a bound is read only by [`RESPECTIVELY`], never alone.
    pub(super) respectively: bool,
    /// Speaks of an account's quota, which can be raised: no bound.
    pub(super) quota: bool,
}

impl<'s> Ctx<'s> {
    pub(super) fn new(text: &'s str) -> Ctx<'s> {
        Ctx {
            text,
            src: Rc::from(text),
            hedged: HEDGE.is_match(text),
            cond: conditional(text),
            digits: digit_numbers(text),
            total: TOTAL.is_match(text),
            not_chars: NOT_CHARS.is_match(text),
            // Cheap literal searches first: most sentences have neither.
            absent_at: if HINTS.is_match(text) { ABSENCE.find(text).map(|m| m.start()) } else { None },
            respectively: text.contains("espectively"),
            quota: QUOTA_HINT.is_match(text) && QUOTA.is_match(text),
        }
    }

    /// Whether a bound read at `at` must be left as prose: it is about the member's
    /// absence, or the sentence speaks of a quota.
    pub(super) fn no_bound_at(&self, at: usize) -> bool {
        self.quota || self.after_absence(at)
    }

    /// Whether a bound read at `at` lies in what the sentence says of the member's absence.
    pub(super) fn after_absence(&self, at: usize) -> bool {
        self.absent_at.is_some_and(|a| a <= at)
    }
}

/// Bytes of a sentence already read by a phrase.
pub(super) struct Taken(Vec<bool>);

impl Taken {
    pub(super) fn any(&self, start: usize, end: usize) -> bool {
        self.0.get(start..end).is_some_and(|s| s.iter().any(|&b| b))
    }

    /// Marks `start..end` as read, unless part of it already was.
    pub(super) fn claim(&mut self, start: usize, end: usize) -> bool {
        if self.any(start, end) {
            return false;
        }
        if let Some(s) = self.0.get_mut(start..end) {
            s.fill(true);
        }
        true
    }
}

/// The outcome of one phrase.
pub(super) enum Outcome {
    Kept(Found),
    /// Read but left as prose.
    Refused,
}

impl Miner<'_> {
    pub(super) fn prose(&mut self, sentence: &str) {
        if self.prose_seen.insert(sentence.to_string()) {
            self.prose.push(sentence.to_string());
        }
    }

    /// Whether a number followed by `t` is unambiguous for a bound.
    pub(super) fn bound_tail_ok(&self, t: &Tail) -> bool {
        match t {
            Tail::Clean => true,
            Tail::Unit(u) => self.units.len() == 1 && self.units.contains(u),
            _ => false,
        }
    }

    /// The bound of a number member (or a refusal).
    pub(super) fn value_bound(&self, raw: &Raw, max: bool, exclusive: bool) -> Option<Kind> {
        let n = match self.field {
            Field::Int => raw.i64().map(i128::from),
            Field::UInt => raw.u64().map(i128::from),
            Field::Float => {
                if exclusive {
                    return None;
                }
                return raw.f64().map(|f| {
                    if max {
                        Kind::Max(NumberSpec::Float(f))
                    } else {
                        Kind::Min(NumberSpec::Float(f))
                    }
                });
            }
            _ => None,
        }?;
        let n = match (exclusive, max) {
            (false, _) => n,
            (true, true) => n.checked_sub(1)?,
            (true, false) => n.checked_add(1)?,
        };
        if self.field == Field::UInt && n < 0 {
            return None;
        }
        let spec = int_spec(n)?;
        Some(if max { Kind::Max(spec) } else { Kind::Min(spec) })
    }

    /// A count: characters or items.
    pub(super) fn count(raw: &Raw) -> Option<u64> {
        if raw.is_integer() {
            raw.u64()
        } else {
            None
        }
    }

    /// Turns a bound on `measure` into a constraint for this member, or refuses it.
    pub(super) fn bound(&self, measure: Measure, raw: &Raw, max: bool, exclusive: bool) -> Option<Kind> {
        let measure = match (measure, self.field) {
            (Measure::Generic, f) if f.is_number() => Measure::Value,
            (Measure::Generic, Field::List { .. }) => Measure::Items,
            (m, _) => m,
        };
        match (measure, self.field) {
            (Measure::Value, f) if f.is_number() => self.value_bound(raw, max, exclusive),
            (Measure::Length, Field::Str) if !exclusive => {
                Self::count(raw).map(|n| if max { Kind::MaxLength(n) } else { Kind::MinLength(n) })
            }
            (Measure::Items, Field::List { .. }) if !exclusive => {
                Self::count(raw).map(|n| if max { Kind::MaxItems(n) } else { Kind::MinItems(n) })
            }
            _ => None,
        }
    }

    /// Lists of one value a line, after a line ending in "Valid values:".
    /// Returns how each line of the text was used.
    pub(super) fn scan_line_lists(&mut self) -> Vec<LineUse> {
        let lines: Vec<&str> = self.text.split('\n').map(|l| unmarked(l.trim())).collect();
        let mut used = vec![LineUse::Free; lines.len()];
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            i += 1;
            let Some(head) = VALUES_HEAD.captures_iter(line).last().filter(Self::head_is_member) else { continue };
            let Some(whole) = head.get(0) else { continue };
            let after = line[whole.end()..].trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ':');
            if !after.is_empty() {
                continue;
            }
            // The sentence holding "Valid values:", the last of its line.
            let head_sentence = split_line(line).last().map_or(line, |s| s.trim());
            let mut items = Vec::new();
            let mut source = vec![head_sentence.to_string()];
            let mut j = i;
            let mut complete = false;
            while j < lines.len() {
                let l = lines[j];
                if l.is_empty() || l == "." {
                    j += 1;
                    continue;
                }
                match line_item(l) {
                    LineItem::Value(v) => {
                        items.push(v);
                        source.push(l.to_string());
                        j += 1;
                    }
                    LineItem::Stop => {
                        complete = true;
                        break;
                    }
                    LineItem::DefaultOrValue(v) => {
                        // "Default: `FALSE`" after `FALSE` was listed ends the list; otherwise
                        // it may be one more value ("default: automatic"): not complete.
                        complete = items.iter().any(|(x, _)| *x == v);
                        break;
                    }
                    LineItem::Other => break,
                }
            }
            if j >= lines.len() {
                complete = true;
            }
            if items.is_empty() {
                continue;
            }
            used[i - 1] = LineUse::Head;
            for u in &mut used[i..j] {
                *u = LineUse::Item;
            }
            i = j;
            let source = source.join(" ");
            let found =
                if complete && Self::enumeration_ok(&head, head_sentence) { self.one_of(items, &source) } else { None };
            if found.is_some() && Self::returned(&head, head_sentence) {
                self.documented.push((Rc::from(source.as_str()), NotEnforced::ReturnedValues));
            }
            match found {
                Some(found) => self.found.extend(found),
                None => self.prose(&source),
            }
        }
        used
    }

    /// Whether "Valid values" speaks of the member ("Default value:" and "Image format
    /// values:" do not).
    pub(super) fn head_is_member(head: &Captures<'_>) -> bool {
        let pre = head.name("pre").map(|m| m.as_str().trim().to_ascii_lowercase()).unwrap_or_default();
        // "Valid values:" may follow anything; a bare "Values:" only the start or "the".
        if head.name("qual").is_some() {
            !matches!(
                pre.as_str(),
                "default"
                    | "other"
                    | "maximum"
                    | "minimum"
                    | "max"
                    | "min"
                    | "example"
                    | "recommended"
                    | "suggested"
                    | "initial"
                    | "reference"
                    | "some"
                    | "common"
                    | "typical"
            )
        } else {
            matches!(pre.as_str(), "" | "the" | "its" | "and" | "with")
        }
    }

    /// Whether an enumeration lists values the service returns ("Possible returned values:",
    /// "Values returned:"): on a structure requests also use, they need not be all a request may send.
    pub(super) fn returned(head: &Captures<'_>, sentence: &str) -> bool {
        let qual = head.name("qual").map(|m| m.as_str().to_ascii_lowercase()).unwrap_or_default();
        let end = head.get(0).map_or(0, |m| m.end());
        qual.starts_with("return") || RETURNED.is_match(sentence.get(..end).unwrap_or(sentence))
    }

    /// Whether an enumeration is stated as complete and unconditional.
    pub(super) fn enumeration_ok(head: &Captures<'_>, sentence: &str) -> bool {
        let verb = head.name("verb").map(|m| m.as_str().trim().to_ascii_lowercase()).unwrap_or_default();
        !verb.starts_with("includ") && !conditional(sentence) && !HEDGE.is_match(sentence)
    }

    /// A complete enumeration of string values: what it states, or `None` if it is refused.
    pub(super) fn one_of(&self, items: Vec<(String, bool)>, source: &str) -> Option<Vec<Found>> {
        let values: Vec<String> = items.iter().map(|(v, _)| v.clone()).collect();
        let defaults: Vec<&String> = items.iter().filter(|(_, d)| *d).map(|(v, _)| v).collect();
        let unique: BTreeSet<&String> = values.iter().collect();
        let mut found = Vec::new();
        if values.len() < 2 {
            // "Valid values: Center: the centre of the canvas." is seldom the whole story.
            return None;
        }
        if self.field == Field::Bool
            && unique.iter().all(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "false"))
        {
            // Trivially true of a bool: nothing to keep, nothing to leave as prose.
        } else if self.field != Field::Str
            || self.multi_valued
            || unique.len() != values.len()
            || sentence_cased(&values)
        {
            return None;
        } else {
            found.push(Found::Constraint(Kind::OneOf(values), Rc::from(source)));
        }
        if let [d] = defaults.as_slice() {
            if let Some(v) = self.typed_default(d, ValForm::Quoted) {
                found.push(Found::Default(v, Rc::from(source)));
            }
        }
        Some(found)
    }

    /// One sentence.
    pub(super) fn scan(&mut self, sentence: &str) {
        let triggered = TRIGGER.is_match(&NO_VALID_VALUE.replace_all(sentence, ""));
        let ctx = Ctx::new(sentence);
        let mut taken = Taken(vec![false; sentence.len()]);
        let mut kept = 0usize;
        let mut refused = 0usize;
        let mut outcomes: Vec<Outcome> = Vec::new();
        let (hedged, cond) = (ctx.hedged, ctx.cond);

        // Enumerations.
        let enumerable = matches!(self.field, Field::Str | Field::Bool);
        let head = VALUES_HEAD.captures_iter(sentence).find(|h| enumerable && Self::head_is_member(h));
        if let Some(head) = head {
            if let Some(whole) = head.get(0) {
                let rest = &sentence[whole.end()..];
                if let Some(items) = parse_inline_list(rest) {
                    taken.claim(whole.start(), sentence.len());
                    // "[8, 4096]" or "Value range: 1, 100" is a range, not two values.
                    let numeric = items.iter().all(|(v, _)| v.parse::<f64>().is_ok());
                    let rangy =
                        rest.trim_start().starts_with('[') || whole.as_str().to_ascii_lowercase().contains("range");
                    if (numeric && rangy) || !Self::enumeration_ok(&head, sentence) {
                        refused += 1;
                    } else {
                        match self.one_of(items, sentence) {
                            Some(found) => {
                                if Self::returned(&head, sentence) {
                                    self.documented.push((ctx.src.clone(), NotEnforced::ReturnedValues));
                                }
                                kept += 1;
                                outcomes.extend(found.into_iter().map(Outcome::Kept));
                            }
                            None => refused += 1,
                        }
                    }
                }
            }
        }

        // Lengths of strings, in characters.
        for c in LENGTH_RANGE.captures_iter(sentence) {
            let Some(m) = c.get(0) else { continue };
            if !taken.claim(m.start(), m.end()) {
                continue;
            }
            let (a, b) = pair(&c);
            let ok = !hedged
                && !cond
                && !ctx.no_bound_at(m.start())
                && self.length_context_ok(&ctx, m.start())
                && tail(&sentence[m.end()..]) != Tail::Condition;
            let outcome = match (ok, a, b) {
                (true, Some(a), Some(b)) => self.pair_outcome(Measure::Length, &a, &b, &ctx.src),
                _ => vec![Outcome::Refused],
            };
            outcomes.extend(outcome);
        }

        // Array lengths.
        for c in ARRAY_LENGTH.captures_iter(sentence) {
            let Some(m) = c.get(0) else { continue };
            if !taken.claim(m.start(), m.end()) {
                continue;
            }
            let t = tail(&sentence[m.end()..]);
            let tail_ok = matches!(t, Tail::Clean | Tail::Word(_));
            if hedged || cond || ctx.no_bound_at(m.start()) || !tail_ok || !matches!(self.field, Field::List { .. }) {
                outcomes.push(Outcome::Refused);
                continue;
            }
            let (a, b) = pair(&c);
            let found = match (a, b, c.name("c"), c.name("lead")) {
                (Some(a), Some(b), _, _) => self.pair_outcome(Measure::Items, &a, &b, &ctx.src),
                (_, _, Some(n), Some(_)) => {
                    vec![self.single(Measure::Items, &Raw::new(n.as_str()), true, false, &ctx.src)]
                }
                // "Array length: 100" alone: a limit or an exact length? Left as prose.
                _ => vec![Outcome::Refused],
            };
            outcomes.extend(found);
        }

        // Ranges of numbers.
        for c in RANGE.captures_iter(sentence).chain(BETWEEN.captures_iter(sentence)) {
            let Some(m) = c.get(0) else { continue };
            if !taken.claim(m.start(), m.end()) {
                continue;
            }
            let t = tail(&sentence[m.end()..]);
            let preceded_ok =
                c.name("pre").is_none_or(|p| !p.as_str().trim().is_empty() || word_before_ok(sentence, m.start()));
            if hedged || cond || ctx.no_bound_at(m.start()) || !preceded_ok || !self.bound_tail_ok(&t) {
                outcomes.push(Outcome::Refused);
                continue;
            }
            let (a, b) = pair(&c);
            let found = match (a, b) {
                (Some(a), Some(b)) => self.pair_outcome(Measure::Value, &a, &b, &ctx.src),
                _ => vec![Outcome::Refused],
            };
            outcomes.extend(found);
        }

        // "The maximum and minimum values are A and B respectively".
        let respectively = if ctx.respectively { RESPECTIVELY.captures_iter(sentence).collect() } else { Vec::new() };
        for c in respectively {
            let Some(m) = c.get(0) else { continue };
            if !taken.claim(m.start(), m.end()) {
                continue;
            }
            let t = tail(&sentence[m.end()..]);
            let outcome = if hedged || cond || ctx.no_bound_at(m.start()) || !self.bound_tail_ok(&t) {
                vec![Outcome::Refused]
            } else {
                self.respectively_outcome(&c, &ctx.src)
            };
            outcomes.extend(outcome);
        }

        // Single bounds.
        let singles: [(&Regex, bool, bool); 5] = [
            (&MAX, true, false),
            (&MIN, false, false),
            (&AT_MOST, true, false),
            (&AT_LEAST, false, false),
            (&EXCLUSIVE, true, true),
        ];
        for (regex, max, exclusive) in singles {
            for c in regex.captures_iter(sentence) {
                let (Some(m), Some(n)) = (c.get(0), c.name("n")) else { continue };
                if !taken.claim(m.start(), m.end()) {
                    continue;
                }
                let max = match c.name("dir").map(|d| d.as_str().to_ascii_lowercase()) {
                    Some(d) => matches!(d.as_str(), "less" | "smaller" | "lower"),
                    None => max,
                };
                let outcome = if hedged || cond || ctx.no_bound_at(m.start()) || ctx.respectively {
                    Outcome::Refused
                } else {
                    self.single_phrase(&ctx, m.start(), m.end(), &Raw::new(n.as_str()), max, exclusive)
                };
                outcomes.push(outcome);
            }
        }

        // "The maximum number of instances per request is 100" (lists).
        if matches!(self.field, Field::List { .. }) {
            for c in MAX_NUMBER_OF.captures_iter(sentence) {
                let (Some(m), Some(n)) = (c.get(0), c.name("n")) else { continue };
                if !taken.claim(m.start(), m.end()) {
                    continue;
                }
                let t = tail(&sentence[m.end()..]);
                let outcome =
                    if hedged || cond || ctx.no_bound_at(m.start()) || t != Tail::Clean || ctx.digits != 1 || ctx.total
                    {
                        Outcome::Refused
                    } else {
                        self.single(Measure::Items, &Raw::new(n.as_str()), true, false, &ctx.src)
                    };
                outcomes.push(outcome);
            }
        }

        // Defaults.
        for regex in [&*DEFAULT, &*DEFAULT_BARE, &*DEFAULTS_TO, &*BY_DEFAULT, &*MARKED_DEFAULT] {
            for c in regex.captures_iter(sentence) {
                let Some(m) = c.get(0) else { continue };
                if regex.as_str() == MARKED_DEFAULT.as_str() && taken.any(m.start(), m.end()) {
                    // Already read as part of an enumeration.
                    continue;
                }
                // What follows "(default)" describes the value.
                let rest = if regex.as_str() == MARKED_DEFAULT.as_str() { "" } else { &sentence[m.end()..] };
                let marked = regex.as_str() == MARKED_DEFAULT.as_str();
                if regex.as_str() == DEFAULT_BARE.as_str() && c.name("word").is_some() {
                    // "the default method", "default value is": not a value.
                    continue;
                }
                let outcome = if cond || hedged || (marked && !starts_item(&sentence[..m.start()])) {
                    Outcome::Refused
                } else {
                    self.default_phrase(&c, rest, &ctx.src)
                };
                outcomes.push(outcome);
            }
        }

        for o in outcomes {
            match o {
                Outcome::Kept(f) => {
                    self.found.push(f);
                    kept += 1;
                }
                Outcome::Refused => refused += 1,
            }
        }
        if refused > 0 || (triggered && kept == 0) {
            self.prose(sentence);
        }
    }

    /// Whether the words before a length make it about the whole member.
    pub(super) fn length_context_ok(&self, ctx: &Ctx<'_>, at: usize) -> bool {
        // The clause before the length, looked at over a bounded stretch.
        let from = (at.saturating_sub(300)..=at).find(|&i| ctx.text.is_char_boundary(i)).unwrap_or(at);
        let before = ctx.text.get(from..at).unwrap_or("");
        let clause = before.rfind([',', ';', ':', '(']).map_or(before, |i| &before[i + 1..]);
        !PER_ITEM.is_match(clause) && !ctx.not_chars && !self.multi_valued
    }

    /// A range `a`..=`b` on `measure`: two constraints, or a refusal.
    pub(super) fn pair_outcome(&self, measure: Measure, a: &Raw, b: &Raw, src: &Src) -> Vec<Outcome> {
        match (self.bound(measure, a, false, false), self.bound(measure, b, true, false)) {
            (Some(lo), Some(hi)) => {
                vec![
                    Outcome::Kept(Found::Constraint(lo, src.clone())),
                    Outcome::Kept(Found::Constraint(hi, src.clone())),
                ]
            }
            _ => vec![Outcome::Refused],
        }
    }

    /// Both bounds of a "respectively" phrase, in the order it names them, or a refusal.
    pub(super) fn respectively_outcome(&self, c: &Captures<'_>, src: &Src) -> Vec<Outcome> {
        let is_max = |name: &str| c.name(name).is_some_and(|m| m.as_str().to_ascii_lowercase().starts_with("max"));
        let (Some(a), Some(b)) = (c.name("a"), c.name("b")) else { return vec![Outcome::Refused] };
        let (a, b) = (Raw::new(a.as_str()), Raw::new(b.as_str()));
        match (is_max("first"), is_max("second")) {
            (true, false) => self.pair_outcome(Measure::Value, &b, &a, src),
            (false, true) => self.pair_outcome(Measure::Value, &a, &b, src),
            _ => vec![Outcome::Refused],
        }
    }

    pub(super) fn single(&self, measure: Measure, raw: &Raw, max: bool, exclusive: bool, src: &Src) -> Outcome {
        match self.bound(measure, raw, max, exclusive) {
            Some(k) => Outcome::Kept(Found::Constraint(k, src.clone())),
            None => Outcome::Refused,
        }
    }

    /// "up to 100 ...", "Maximum value: 100", "at least 8 characters", ...
    pub(super) fn single_phrase(
        &self,
        ctx: &Ctx<'_>,
        start: usize,
        end: usize,
        raw: &Raw,
        max: bool,
        exclusive: bool,
    ) -> Outcome {
        let sentence = ctx.text;
        let rest = &sentence[end..];
        let t = tail(rest);
        // Counting items takes "up to", "at most", "a maximum of", not comparisons of values.
        let lead = sentence[start..end].to_ascii_lowercase();
        let counts = !["equal", "greater", "less", "larger", "value", "within", "longer", "shorter", "length"]
            .iter()
            .any(|w| lead.contains(w));
        // "The total number of channels cannot exceed 5000" bounds something else.
        if ctx.total && t != Tail::Chars {
            return Outcome::Refused;
        }
        // "a maximum of 10 values" for each item of a list of filters bounds no item count.
        let counted = rest.split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric());
        if matches!(self.field, Field::List { .. }) && self.item_values(counted, sentence) {
            return Outcome::Refused;
        }
        // "within 72 hours" is a time window; "within 64 characters" a length.
        if lead.starts_with("within") && t != Tail::Chars {
            return Outcome::Refused;
        }
        match t {
            Tail::Chars => {
                // "64 characters", "64 ASCII characters"; not "64 bytes" nor "8 digits".
                let mut words = rest.split_whitespace().map(str::to_ascii_lowercase);
                let first = words.next().unwrap_or_default();
                let unit_word = if first == "ascii" { words.next().unwrap_or_default() } else { first };
                let chars = unit_word.starts_with("char");
                let after = words.next().unwrap_or_default();
                if chars && self.length_context_ok(ctx, start) && tail(&after) != Tail::Condition {
                    self.single(Measure::Length, raw, max, exclusive, &ctx.src)
                } else {
                    Outcome::Refused
                }
            }
            Tail::Word(ref w) if matches!(self.field, Field::List { .. }) => {
                // "up to 100 instances": a count of items, if nothing else is counted here.
                if counts && ctx.digits == 1 && unit(w).is_none() && !w.contains('-') {
                    self.single(Measure::Items, raw, max, exclusive, &ctx.src)
                } else {
                    Outcome::Refused
                }
            }
            _ if self.bound_tail_ok(&t) => {
                let lead_is_length = sentence[start..end].to_ascii_lowercase().contains("length");
                match self.field {
                    // A bare "up to 100" on a list of numbers may bound the numbers.
                    Field::List { numeric: true, .. } => Outcome::Refused,
                    Field::List { numeric: false, .. } if !counts || ctx.digits != 1 => Outcome::Refused,
                    _ if lead_is_length => Outcome::Refused,
                    _ => self.single(Measure::Generic, raw, max, exclusive, &ctx.src),
                }
            }
            _ => Outcome::Refused,
        }
    }

    /// Whether a count of `word` in `sentence` counts the values inside one item of the
    /// list rather than its items: "Each filter condition supports a maximum of 10 values",
    /// "up to 20 values for each filter", "5 filter conditions for `Filter.Values`".
    pub(super) fn item_values(&self, word: &str, sentence: &str) -> bool {
        static EACH: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:each|every|per|single)\b"));
        let objects = matches!(self.field, Field::List { objects: true, .. });
        let values = matches!(word.to_ascii_lowercase().as_str(), "value" | "values");
        (values && (objects || EACH.is_match(sentence))) || (objects && sentence.contains(".Values"))
    }

    /// A default phrase.
    pub(super) fn default_phrase(&self, c: &Captures<'_>, rest: &str, src: &Src) -> Outcome {
        let (text, form) =
            if let Some(m) = c.name("bt").or_else(|| c.name("dq")).or_else(|| c.name("sq")).or_else(|| c.name("cq")) {
                (m.as_str().trim(), ValForm::Quoted)
            } else if let Some(m) = c.name("num") {
                (m.as_str(), ValForm::Number)
            } else if let Some(m) = c.name("word") {
                (m.as_str().trim_end_matches(['.', ':']), ValForm::Bare)
            } else {
                return Outcome::Refused;
            };
        // For a bare word, the phrase must stop after it: "Default value: no modification" is prose.
        let rest = match (form, c.name("word")) {
            (ValForm::Bare, Some(m)) if m.as_str().ends_with('.') => ".",
            _ => rest,
        };
        let t = tail(rest);
        // "default: default, balance between quality and resilience" describes a value named
        // "default" in a list; "Default value: open." states a default.
        let head = c.get(0).map_or("", |m| m.as_str()).to_ascii_lowercase();
        if form == ValForm::Bare && head.starts_with("default:") && rest.trim_start().starts_with(',') {
            return Outcome::Refused;
        }
        let tail_ok = match (&t, form) {
            (Tail::Clean, _) => true,
            (Tail::Unit(_), ValForm::Number) => self.bound_tail_ok(&t),
            (Tail::Unit(_), _) => false,
            (Tail::Condition | Tail::Other | Tail::Chars, _) => false,
            (Tail::Word(_), ValForm::Bare) => false,
            (Tail::Word(_), _) => true,
        };
        if !tail_ok {
            return Outcome::Refused;
        }
        match self.typed_default(text, form) {
            Some(v) => Outcome::Kept(Found::Default(v, src.clone())),
            None => Outcome::Refused,
        }
    }

    /// A default typed for the member, if it is one.
    pub(super) fn typed_default(&self, text: &str, form: ValForm) -> Option<Value> {
        let raw = Raw::new(text);
        match self.field {
            Field::Int => raw.i64().map(Value::from),
            Field::UInt => raw.u64().map(Value::from),
            Field::Float => raw.f64().map(Value::from),
            Field::Bool => match text.to_ascii_lowercase().as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            Field::Str => {
                if text.is_empty() || text.chars().any(char::is_whitespace) || text.contains(['<', '>', '{', '}', '$'])
                {
                    return None;
                }
                match form {
                    ValForm::Quoted | ValForm::Number => Some(Value::String(text.to_string())),
                    ValForm::Bare if self.bare_value_ok(text) => Some(Value::String(text.to_string())),
                    ValForm::Bare => None,
                }
            }
            Field::Text | Field::List { .. } | Field::Object => None,
        }
    }

    /// Whether a bare word is a value rather than English: it is code-like ("ON",
    /// "SERVICE_CONTROL_POLICY", "0px"), or listed elsewhere in the documentation.
    pub(super) fn bare_value_ok(&self, word: &str) -> bool {
        const STOP: [&str; 16] = [
            "none",
            "null",
            "nil",
            "empty",
            "blank",
            "unset",
            "unspecified",
            "unlimited",
            "not",
            "no",
            "the",
            "a",
            "an",
            "used",
            "current",
            "same",
        ];
        let code_like =
            word.chars().skip(1).any(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_.:/+".contains(c))
                || word.chars().next().is_some_and(|c| c.is_ascii_digit())
                || (word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        if code_like && !STOP.contains(&word.to_ascii_lowercase().as_str()) {
            return true;
        }
        // Each search reads the whole text: a few a member keep the time linear.
        const MAX_LOOKUPS: usize = 8;
        let n = self.lookups.get();
        self.lookups.set(n + 1);
        n < MAX_LOOKUPS && listed(self.text, word)
    }
}

/// How a value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ValForm {
    Quoted,
    Number,
    Bare,
}

/// The two ends of a range capture (`a`/`b` or `c`/`d`).
pub(super) fn pair(c: &Captures<'_>) -> (Option<Raw>, Option<Raw>) {
    let get = |x: &str, y: &str| c.name(x).or_else(|| c.name(y)).map(|m| Raw::new(m.as_str()));
    (get("a", "c"), get("b", "d"))
}

/// Numbers written with digits in a sentence (outside backticks and identifiers).
pub(super) fn digit_numbers(sentence: &str) -> usize {
    static DIGITS: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[^\w.`-])\d[\d,.]*"));
    DIGITS.find_iter(sentence).count()
}

/// Whether the sentence states a condition other than the member's absence.
pub(super) fn conditional(sentence: &str) -> bool {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(?:\[\*?\s*notes?\s*\]|notes?\s*[:：]|remarks?\s*[:：]|description\s*[:：]|explanation\s*[:：]|-\s)\s*",
        )
    });
    let unlabelled = LABEL.replace(sentence, "");
    let without = ABSENCE.replace_all(&unlabelled, " ");
    CONDITION.is_match(&without)
}

/// Whether a value after `before` starts an item of a list ("`a` (default)" after
/// "Valid values:" or ","), rather than ending a description ("DESKTOP: desktop (default)").
pub(super) fn starts_item(before: &str) -> bool {
    let b = before.trim_end();
    match b.chars().next_back() {
        None | Some(',' | ';' | '-' | '(' | '/' | '|' | '[') => true,
        Some(':') => {
            let head = b[..b.len() - 1].trim_end().to_ascii_lowercase();
            head.ends_with("values") || head.ends_with("value") || head.ends_with("options")
        }
        Some(_) => b.to_ascii_lowercase().ends_with(" or") || b.to_ascii_lowercase().ends_with(" and"),
    }
}

/// Whether the word before a bare "range" allows reading it as the member's range.
pub(super) fn word_before_ok(sentence: &str, at: usize) -> bool {
    let before = sentence[..at].trim_end();
    match before.chars().last() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some(_) => {
            let word: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            matches!(
                word.to_ascii_lowercase().as_str(),
                "a" | "the" | "with" | "in" | "and" | "its" | "value" | "valid" | "of"
            )
        }
    }
}

/// Whether `word` appears in the documentation where values are listed: backticked, or
/// followed by `:`, `(` or `=`, or next to `/`, `,`, `|`, or alone on its line.
pub(super) fn listed(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let mut count = 0;
    for (i, _) in text.match_indices(word) {
        let before = &text[..i];
        let after = &text[i + word.len()..];
        let prev = before.chars().next_back();
        let next = after.chars().next();
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if is_word(prev) || is_word(next) {
            continue;
        }
        let prev_sig = before.trim_end_matches(' ').chars().next_back();
        let next_sig = after.trim_start_matches(' ').chars().next();
        let listing = prev == Some('`') && next == Some('`')
            || matches!(next_sig, Some(':' | '(' | '=' | '/' | ',' | '|'))
            || matches!(prev_sig, Some('/' | ',' | '|'))
            || (matches!(prev_sig, None | Some('\n' | '\u{1}'))
                && matches!(next_sig, None | Some('\n') | Some('.') | Some(';')));
        if listing {
            count += 1;
        }
    }
    count > 0
}
