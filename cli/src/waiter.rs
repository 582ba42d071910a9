//! `--waiter`, as `tccli` has it: the action is called again and again until a JMESPath
//! expression over its output gives the expected value, or the time runs out.
//!
//! `--waiter '{"expr": "InstanceSet[0].InstanceState", "to": "RUNNING"}'`, with
//! `"timeout"` (seconds, default 180) and `"interval"` (seconds between calls, default 5).
//! The value matches when it is that text, or when its JSON text is (`"to": "3"` matches
//! the number 3).

use std::time::Duration;

use serde_json::Value;

/// Default of `timeout`, as in `tccli`.
const DEFAULT_TIMEOUT: f64 = 180.0;
/// Default of `interval`, as in `tccli`.
const DEFAULT_INTERVAL: f64 = 5.0;
/// The longest `timeout` or `interval` taken: a day.
const MAX_SECONDS: f64 = 86_400.0;

/// A parsed `--waiter`.
pub struct Waiter {
    expression: jmespath::Expression<'static>,
    to: String,
    /// How long to keep calling.
    pub timeout: Duration,
    /// The wait between two calls.
    pub interval: Duration,
}

impl Waiter {
    /// Parses the JSON object of `--waiter`.
    pub fn parse(text: &str) -> Result<Waiter, String> {
        let bad = |why: &str| {
            format!("--waiter: {why}; expected {{\"expr\": JMESPATH, \"to\": VALUE, \"timeout\": SECONDS, \"interval\": SECONDS}}")
        };
        let Ok(Value::Object(spec)) = serde_json::from_str::<Value>(text) else {
            return Err(bad("not a JSON object"));
        };
        let expr = spec.get("expr").and_then(Value::as_str).ok_or_else(|| bad("no \"expr\" text"))?;
        let expression = jmespath::compile(expr).map_err(|e| bad(&format!("\"expr\": {e}")))?;
        let to = match spec.get("to") {
            Some(Value::String(s)) => s.clone(),
            Some(other) if !other.is_null() => other.to_string(),
            _ => return Err(bad("no \"to\" value")),
        };
        let seconds = |key: &str, default: f64| match spec.get(key) {
            None => Ok(Duration::from_secs_f64(default)),
            Some(v) => match v.as_f64() {
                Some(s) if s > 0.0 && s <= MAX_SECONDS => Ok(Duration::from_secs_f64(s)),
                _ => Err(bad(&format!("\"{key}\" must be a number of seconds above 0, at most a day"))),
            },
        };
        Ok(Waiter {
            expression,
            to,
            timeout: seconds("timeout", DEFAULT_TIMEOUT)?,
            interval: seconds("interval", DEFAULT_INTERVAL)?,
        })
    }

    /// Whether `output` gives the expected value, and the value it gives, as shown.
    pub fn reached(&self, output: &Value) -> Result<(bool, String), String> {
        let found = self.expression.search(output).map_err(|e| format!("--waiter: {e}"))?;
        let found = serde_json::to_value(&*found).map_err(|e| format!("--waiter: {e}"))?;
        let reached = match &found {
            Value::String(s) => *s == self.to,
            // Its JSON text: a number or boolean is compared as typed in `to`.
            other => serde_json::to_string(other).is_ok_and(|text| text == self.to),
        };
        Ok((reached, found.to_string()))
    }

    /// Why the waiter gave up, with the value last seen.
    pub fn gave_up(&self, last: &str) -> String {
        format!(
            "--waiter: {} did not become {:?} within {:?}; last value: {last}",
            self.expression.as_str(),
            self.to,
            self.timeout
        )
    }
}
