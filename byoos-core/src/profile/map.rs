//! Where each byte of a pack's values text is in the file the user has open.

use crate::diagnostic::{Diagnostic, Span};
use crate::source::LineIndex;
use crate::yaml::scalar::SourceMap;
use std::ops::Range;

/// Maps byte ranges of a pack's values text to byte ranges of a file: the input (a YAML
/// or JSON string, a Terraform string or heredoc) or a file Terraform's `file("…")`
/// names, which is the values text itself.
#[derive(Clone, Debug)]
pub(crate) struct Placement {
    /// The referenced file the values are, when they are not in the input, and the
    /// expression naming it in the input.
    file: Option<(String, Range<usize>)>,
    map: Map,
}

#[derive(Clone, Debug)]
enum Map {
    /// A YAML scalar of the input (double-quoted JSON strings included).
    Yaml(SourceMap),
    /// Decoded text: for each value character, (value offset, source start, source end);
    /// `fallback` when a position is past the end.
    Table {
        chars: Vec<(usize, usize, usize)>,
        fallback: Range<usize>,
    },
    /// The values are a whole file: offsets are the same.
    Same,
    /// No character maps: every range is this one (absent values, a value that could
    /// not be decoded exactly).
    Whole(Range<usize>),
}

impl Placement {
    /// The values are the YAML scalar `map` describes.
    pub(crate) fn yaml(map: SourceMap) -> Self {
        Placement {
            file: None,
            map: Map::Yaml(map),
        }
    }

    /// Every range of the values is `range` of the input.
    pub(crate) fn whole(range: Range<usize>) -> Self {
        Placement {
            file: None,
            map: Map::Whole(range),
        }
    }

    /// The values were decoded from the input: `chars` holds, for each character, its
    /// offset in the values and its source range.
    pub(crate) fn table(chars: Vec<(usize, usize, usize)>, fallback: Range<usize>) -> Self {
        Placement {
            file: None,
            map: Map::Table { chars, fallback },
        }
    }

    /// The values are the text of the file `name`.
    pub(crate) fn file(name: String, at: Range<usize>) -> Self {
        Placement {
            file: Some((name, at)),
            map: Map::Same,
        }
    }

    /// This placement, into the referenced file `name` instead of the input.
    pub(crate) fn in_file(mut self, name: String, at: Range<usize>) -> Self {
        self.file = Some((name, at));
        self
    }

    /// The range of the input that names the referenced file (`file("…")`).
    pub(crate) fn origin(&self) -> Option<Range<usize>> {
        self.file.as_ref().map(|(_, at)| at.clone())
    }

    /// The referenced file the values are in, when not the input.
    pub(crate) fn file_name(&self) -> Option<&str> {
        self.file.as_ref().map(|(n, _)| n.as_str())
    }

    /// The source range of values bytes `r`.
    pub(crate) fn range(&self, r: Range<usize>) -> Range<usize> {
        match &self.map {
            Map::Yaml(m) => m.map(r),
            Map::Same => r,
            Map::Whole(w) => w.clone(),
            Map::Table { chars, fallback } => {
                let first = chars.partition_point(|c| c.0 < r.start);
                let start = chars.get(first).map_or(fallback.end, |c| c.1);
                if r.end <= r.start {
                    return start..start;
                }
                let last = chars.partition_point(|c| c.0 < r.end);
                let end = if last == 0 { start } else { chars[last - 1].2 };
                start..end.max(start)
            }
        }
    }

    /// `d` (spans into the values) moved to the file `text` (indexed by `index`).
    pub(crate) fn place(&self, d: &mut Diagnostic, text: &str, index: &LineIndex) {
        if matches!(self.map, Map::Same) {
            return;
        }
        let r = self.range(d.span.range());
        let end = r.end.min(text.len());
        let start = r.start.min(end);
        d.span = Span::new(text, index, start, end);
    }
}
