//! Where each value of a YAML file is: a map from path to line and column, so that
//! errors found after deserialization can still name the line. Built from the parser's
//! event stream; it also catches duplicate keys, which serde would silently merge.

use std::collections::HashMap;
use std::fmt;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
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

/// The locations of every path in one document.
#[derive(Debug, Default)]
pub struct Locator {
    locations: HashMap<Path, Location>,
    duplicates: Vec<(Path, Location)>,
}

impl Locator {
    /// Indexes `text`; a syntax error yields an empty index (serde reports it).
    pub fn new(text: &str) -> Locator {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return Locator::default();
        }
        Locator { locations: builder.locations, duplicates: builder.duplicates }
    }

    /// The location of `path`, or of its nearest located ancestor.
    pub fn find(&self, path: &Path) -> Option<Location> {
        let mut p = path.clone();
        loop {
            if let Some(loc) = self.locations.get(&p) {
                return Some(*loc);
            }
            p.0.pop()?;
        }
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
}

impl Builder {
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

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let loc = Location { line: mark.line(), col: mark.col() + 1 };
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
