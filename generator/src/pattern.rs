//! `pattern` constraints: the one regular expression the generated code compiles for a
//! pattern, and the check `validate` makes of exactly that expression.

/// The regular expression the generated code compiles for `pattern`, which must match
/// the whole value: `^(?:pattern)$`, with a newline before the closing `)` when the
/// pattern ends inside a comment of the `x` flag (`(?x) [a-z]+ # letters`), which would
/// otherwise run on over `)$`. In `x` mode a newline is whitespace, so the expression
/// means what the pattern says; no other pattern gets it.
pub fn whole_value(pattern: &str) -> String {
    let end = if ends_in_comment(pattern) { "\n" } else { "" };
    format!("^(?:{pattern}{end})$")
}

/// Compiles [`whole_value`] of `pattern` as the generated code does (`Regex::new`, the
/// default options; the generator's `regex` is the runtime's release, which a test
/// checks): what `validate` checks a pattern with.
pub fn compile(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&whole_value(pattern))
}

/// Whether the last thing in `pattern` is an `x`-mode comment running to its end, not
/// ended by a newline, by the regex crate's own parser (a comment's span takes in the
/// newline that ends it).
fn ends_in_comment(pattern: &str) -> bool {
    !pattern.ends_with('\n')
        && regex_syntax::ast::parse::Parser::new()
            .parse_with_comments(pattern)
            .is_ok_and(|parsed| parsed.comments.last().is_some_and(|c| c.span.end.offset == pattern.len()))
}

#[cfg(test)]
mod tests {
    use super::{compile, whole_value};

    /// Whether `pattern`, compiled as the generated code does, matches `value`.
    fn matches(pattern: &str, value: &str) -> bool {
        compile(pattern).expect("compiles").is_match(value)
    }

    #[test]
    fn a_trailing_comment_cannot_swallow_the_anchor() {
        let p = "(?x) [a-z]+  # lower-case letters";
        assert_eq!(whole_value(p), format!("^(?:{p}\n)$"));
        assert!(matches(p, "abc"));
        assert!(!matches(p, "abc1") && !matches(p, "1abc") && !matches(p, "abc\n"));
        // A comment ended by its own newline, or inside a group, needs nothing more.
        for p in ["(?x) [a-z]+ # letters\n", "(?x:[a-z]+ # letters\n)"] {
            assert_eq!(whole_value(p), format!("^(?:{p})$"), "{p:?}");
            assert!(matches(p, "abc") && !matches(p, "abc1"), "{p:?}");
        }
    }

    #[test]
    fn other_patterns_are_wrapped_as_they_are() {
        for p in ["[a-z]+", "ab|cd", "a#b", "(?x)a b", r"(?x)\#x", "(?x)[a-z] # c\n"] {
            assert_eq!(whole_value(p), format!("^(?:{p})$"), "{p}");
        }
        assert!(matches("ab|cd", "cd") && !matches("ab|cd", "abcd"), "the alternation is anchored as a whole");
        assert!(matches("a#b", "a#b"), "outside `x` mode `#` is a character");
        assert!(matches(r"(?x)\#x", "#x"), "an escaped `#` is a character");
    }

    #[test]
    fn what_does_not_compile_is_an_error() {
        for p in ["(", "[a-z", r"a\", "(?x)[#]"] {
            assert!(compile(p).is_err(), "{p:?}");
        }
    }
}
