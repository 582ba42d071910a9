//! Where each value of a YAML file is: a map from path to line and column, so that
//! errors found after deserialization can still name the line. Built from the parser's
//! event stream; it also catches duplicate keys, which serde would silently merge, and
//! refuses what no spec needs but a hostile file could use against the parsers: nesting
//! deeper than [`MAX_DEPTH`], anchors and aliases (billion laughs), several documents.

use std::collections::HashMap;
use std::fmt;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// One step of a path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A key of a mapping.
    Key(String),
    /// An index into a sequence.
    Index(usize),
}

/// A path from the document root to a value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(pub Vec<Seg>);

impl Path {
    /// The root.
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// This path extended by a key.
    pub fn key(&self, key: &str) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Key(key.to_owned()));
        p
    }

    /// This path extended by an index.
    pub fn index(&self, i: usize) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    if k.contains('.') || k.is_empty() {
                        write!(f, "\"{k}\"")?;
                    } else {
                        f.write_str(k)?;
                    }
                }
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Line and column (both 1-based) of a value, or of the key that introduces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// How deeply mappings and sequences may nest in a spec. Real specs need a handful of
/// levels; the limit keeps a hostile file (`[[[[...`) from exhausting the stack of the
/// parsers that read it after the locator.
pub const MAX_DEPTH: usize = 64;

/// Something the locator refuses in a spec, whatever the deserializer would make of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// The path of the value it is about, when known.
    pub path: Option<Path>,
    /// What is wrong.
    pub message: String,
}

/// The locations of every path in one document.
#[derive(Debug, Default)]
pub struct Locator {
    locations: HashMap<Path, Location>,
    duplicates: Vec<(Path, Location)>,
    problems: Vec<Problem>,
    syntax_error: Option<(Location, String)>,
}

impl Locator {
    /// Indexes `text`, driving the parser event by event (never recursively). Stops at
    /// the first syntax error ([`Locator::syntax_error`]) and at the first [`Problem`]:
    /// nesting deeper than [`MAX_DEPTH`], an anchor or alias, or a second YAML document.
    pub fn new(text: &str) -> Locator {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        let mut documents = 0usize;
        loop {
            let (ev, mark) = match parser.next_token() {
                Ok(next) => next,
                Err(e) => {
                    let loc = location(e.marker());
                    if e.info() == "recursion limit exceeded" {
                        // The scanner's own limit on flow nesting (`[[[[...`, 255 levels),
                        // met while it looks ahead on one line, before any event.
                        builder.problem(loc, None, &too_deep());
                    } else {
                        builder.syntax_error = Some((loc, e.info().to_owned()));
                    }
                    break;
                }
            };
            let loc = location(&mark);
            match &ev {
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    documents += 1;
                    if documents > 1 {
                        builder.problem(loc, None, "a spec file holds one YAML document; a second one starts here");
                        break;
                    }
                }
                Event::Alias(_) => {
                    let path = builder.current_path();
                    builder.problem(loc, path, "aliases (`*name`) are not allowed in specs: write the value out");
                    break;
                }
                Event::Scalar(_, _, anchor, _) | Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _)
                    if *anchor > 0 =>
                {
                    let path = builder.current_path();
                    builder.problem(loc, path, "anchors (`&name`) are not allowed in specs: write the value out");
                    break;
                }
                Event::MappingStart(..) | Event::SequenceStart(..) if builder.stack.len() >= MAX_DEPTH => {
                    let path = builder.current_path();
                    builder.problem(loc, path, &too_deep());
                    break;
                }
                _ => {}
            }
            builder.on_event(ev, loc);
        }
        Locator {
            locations: builder.locations,
            duplicates: builder.duplicates,
            problems: builder.problems,
            syntax_error: builder.syntax_error,
        }
    }

    /// The location of `path`, or of its nearest located ancestor (for tests: the
    /// reports use [`Locator::find_depth`]).
    #[cfg(test)]
    pub fn find(&self, path: &Path) -> Option<Location> {
        self.find_depth(path).map(|(loc, _)| loc)
    }

    /// The location of `path` or of its nearest located ancestor, with how many
    /// segments of `path` that ancestor has.
    pub fn find_depth(&self, path: &Path) -> Option<(Location, usize)> {
        let mut p = path.clone();
        loop {
            if let Some(loc) = self.locations.get(&p) {
                return Some((*loc, p.0.len()));
            }
            p.0.pop()?;
        }
    }

    /// Keys that appear twice in one mapping, with the second occurrence's location.
    pub fn duplicates(&self) -> &[(Path, Location)] {
        &self.duplicates
    }

    /// What the locator refused (at most one: it stops there): too deep a nesting, an
    /// anchor or alias, a second document.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Where the YAML parser found a syntax error, with its message, if it did.
    pub fn syntax_error(&self) -> Option<(Location, &str)> {
        self.syntax_error.as_ref().map(|(loc, m)| (*loc, m.as_str()))
    }
}

fn too_deep() -> String {
    format!("mappings and sequences nest more than {MAX_DEPTH} levels deep here")
}

fn location(mark: &Marker) -> Location {
    Location { line: mark.line(), col: mark.col() + 1 }
}

enum Frame {
    Map { path: Path, pending_key: Option<(String, Location)>, seen: std::collections::HashSet<String> },
    Seq { path: Path, next: usize },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    locations: HashMap<Path, Location>,
    duplicates: Vec<(Path, Location)>,
    problems: Vec<Problem>,
    syntax_error: Option<(Location, String)>,
}

impl Builder {
    fn problem(&mut self, location: Location, path: Option<Path>, message: &str) {
        self.problems.push(Problem { location, path, message: message.to_owned() });
    }

    /// The path of the node the next event starts, without placing it.
    fn current_path(&self) -> Option<Path> {
        match self.stack.last() {
            None => Some(Path::root()),
            Some(Frame::Seq { path, next }) => Some(path.index(*next)),
            Some(Frame::Map { path, pending_key: Some((key, _)), .. }) => Some(path.key(key)),
            Some(Frame::Map { path, pending_key: None, .. }) => Some(path.clone()),
        }
    }

    /// Decides the path of a node that starts at `loc`; for a scalar that is a mapping
    /// key, records the key and returns `None`.
    fn place(&mut self, scalar_key: Option<&str>, loc: Location) -> Option<Path> {
        match self.stack.last_mut() {
            None => Some(Path::root()),
            Some(Frame::Seq { path, next }) => {
                let p = path.index(*next);
                *next += 1;
                self.locations.insert(p.clone(), loc);
                Some(p)
            }
            Some(Frame::Map { path, pending_key, seen }) => match pending_key.take() {
                Some((key, key_loc)) => {
                    let p = path.key(&key);
                    self.locations.insert(p.clone(), key_loc);
                    Some(p)
                }
                None => {
                    // This node is a key.
                    let key = scalar_key.unwrap_or("").to_owned();
                    if !seen.insert(key.clone()) {
                        self.duplicates.push((path.key(&key), loc));
                    }
                    *pending_key = Some((key, loc));
                    None
                }
            },
        }
    }
}

impl Builder {
    fn on_event(&mut self, ev: Event, loc: Location) {
        match ev {
            Event::Scalar(value, ..) => {
                self.place(Some(&value), loc);
            }
            Event::Alias(_) => {
                self.place(Some(""), loc);
            }
            Event::MappingStart(..) => {
                let path = self.place(None, loc).unwrap_or_default();
                self.stack.push(Frame::Map { path, pending_key: None, seen: Default::default() });
            }
            Event::SequenceStart(..) => {
                let path = self.place(None, loc).unwrap_or_default();
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_keys_and_items() {
        let text = "a:\n  b: 1\n  c:\n    - x\n    - y: 2\nerrors:\n  X.Y: d\n";
        let loc = Locator::new(text);
        let p = Path::root().key("a").key("c").index(1).key("y");
        assert_eq!(loc.find(&p), Some(Location { line: 5, col: 7 }));
        assert_eq!(loc.find(&Path::root().key("a").key("b")).map(|l| l.line), Some(2));
        assert_eq!(loc.find(&Path::root().key("errors").key("X.Y")).map(|l| l.line), Some(7));
        assert_eq!(Path::root().key("errors").key("X.Y").to_string(), "errors.\"X.Y\"");
    }

    #[test]
    fn reports_duplicate_keys() {
        let loc = Locator::new("a: 1\nb: 2\na: 3\n");
        assert_eq!(loc.duplicates().len(), 1);
        assert_eq!(loc.duplicates()[0].1.line, 3);
    }

    #[test]
    fn deep_nesting_stops_at_the_limit_without_recursing() {
        // Block nesting: the events show the depth, and the 65th level is refused.
        let indented: String = (0..100_000).map(|i| format!("{}a:\n", " ".repeat(i))).take(200).collect();
        for (text, line) in [("- ".repeat(100_000), 1), (indented, 65)] {
            let loc = Locator::new(&text);
            let [problem] = loc.problems() else {
                panic!("one problem: {:?} {:?}", loc.problems(), loc.syntax_error())
            };
            assert!(problem.message.contains("nest more than 64"), "{problem:?}");
            assert_eq!(problem.location.line, line, "{problem:?}");
            assert_eq!(problem.path.as_ref().map(|p| p.0.len()), Some(MAX_DEPTH), "{problem:?}");
            assert!(loc.syntax_error().is_none());
        }
        // Flow nesting: the scanner, looking ahead for a key, meets its own limit
        // (255 levels) first, and that is where the problem is.
        for (text, line) in [("[".repeat(100_000), 1), ("{a: ".repeat(100_000), 1), ("[\n".repeat(100_000), 256)] {
            let loc = Locator::new(&text);
            let [problem] = loc.problems() else {
                panic!("one problem: {:?} {:?}", loc.problems(), loc.syntax_error())
            };
            assert!(problem.message.contains("nest more than 64"), "{problem:?}");
            assert_eq!(problem.location.line, line, "{problem:?}");
        }
    }

    #[test]
    fn nesting_up_to_the_limit_is_indexed() {
        let text = format!("{}x{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let loc = Locator::new(&text);
        assert!(loc.problems().is_empty(), "{:?}", loc.problems());
        let deepest = Path((0..MAX_DEPTH - 1).map(|_| Seg::Index(0)).collect());
        assert_eq!(loc.find(&deepest).map(|l| l.col), Some(MAX_DEPTH));
    }

    #[test]
    fn anchors_aliases_and_second_documents_are_located() {
        let loc = Locator::new("a: 1\nb: &x [1]\nc: *x\n");
        assert_eq!(loc.problems().len(), 1);
        let p = &loc.problems()[0];
        assert_eq!((p.location.line, p.path.as_ref().map(ToString::to_string)), (2, Some("b".into())));
        assert!(p.message.contains("anchors"));

        // An alias of no anchor is a syntax error.
        let loc = Locator::new("a: 1\nb: [x, *y]\n");
        assert!(loc.problems().is_empty());
        assert_eq!(loc.syntax_error().map(|(l, _)| l.line), Some(2));

        let loc = Locator::new("a: 1\n---\nb: 2\n");
        let p = &loc.problems()[0];
        assert_eq!(p.location.line, 2);
        assert!(p.message.contains("one YAML document"));

        assert!(Locator::new("---\na: 1\n...\n").problems().is_empty(), "one explicit document is fine");
    }

    #[test]
    fn syntax_errors_are_located() {
        let loc = Locator::new("a: [1, 2\nb: 3\n");
        assert!(loc.syntax_error().is_some_and(|(l, _)| l.line >= 2), "{:?}", loc.syntax_error());
        assert!(Locator::new("a: 1\n").syntax_error().is_none());
    }
}
