//! Units: the words a number may carry, and the units the documentation states.

use std::collections::BTreeSet;

use super::phrases::STATED_UNIT;

/// The canonical name of a unit word, if it is one.
pub(super) fn unit(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_lowercase();
    Some(match w.trim_end_matches('.') {
        "ms" | "millisecond" | "milliseconds" => "ms",
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "min" | "mins" | "minute" | "minutes" => "min",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" => "year",
        "b" | "byte" | "bytes" => "B",
        "kb" | "kib" => "KB",
        "mb" | "mib" | "m" => "MB",
        "gb" | "gib" | "g" => "GB",
        "tb" | "tib" => "TB",
        "pb" => "PB",
        "bps" => "bps",
        "kbps" => "kbps",
        "mbps" => "Mbps",
        "gbps" => "Gbps",
        "px" | "pixel" | "pixels" => "px",
        "%" | "percent" => "%",
        "core" | "cores" => "core",
        "℃" | "°c" => "°C",
        _ => return None,
    })
}

/// Units the documentation states for the member ("Unit: second", "in MB", "(ms)").
pub(super) fn stated_units(text: &str) -> BTreeSet<&'static str> {
    STATED_UNIT
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)))
        .filter_map(|m| unit(m.as_str()))
        .collect()
}
