//! Where each byte of a pack's values text is in the file the user has open.

use crate::diagnostic::{Diagnostic, Span};
use crate::source::LineIndex;
use crate::yaml::scalar::SourceMap;
use crate::yaml::Node;
use std::ops::Range;
use std::sync::OnceLock;

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
    /// A YAML scalar of the input (double-quoted JSON strings included): the scalar's
    /// node, and its source map, made from the input when a range is first placed
    /// (most packs have no finding to place, and a block scalar's map is a table of
    /// every character).
    Yaml(Box<(Node<'static>, OnceLock<SourceMap>)>),
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
    /// The values are the YAML scalar `node` of the input (its map is made when first
    /// needed, from the input text [`Placement::place`] is given).
    pub(crate) fn yaml(node: &Node) -> Self {
        Placement {
            file: None,
            map: Map::Yaml(Box::new((node.to_owned_static(), OnceLock::new()))),
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

    /// The source range of values bytes `r`; `text` is the input the values are in.
    pub(crate) fn range(&self, r: Range<usize>, text: &str) -> Range<usize> {
        match &self.map {
            Map::Yaml(m) => m.1.get_or_init(|| SourceMap::new(text, &m.0)).map(r),
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

    /// `d` (spans into `values`) moved to the file `text` (indexed by `index`), with the
    /// lines its message and help name (`on line 9`, `(line 9)`) moved too.
    pub(crate) fn place(&self, d: &mut Diagnostic, values: &str, text: &str, index: &LineIndex) {
        if matches!(self.map, Map::Same) {
            return;
        }
        let r = self.range(d.span.range(), text);
        let end = r.end.min(text.len());
        let start = r.start.min(end);
        d.span = Span::new(text, index, start, end);
        d.fix = None; // its edits were in bytes of `values`
        if d.message.contains("line ") || d.help.as_deref().is_some_and(|h| h.contains("line ")) {
            let values_index = LineIndex::new(values);
            let moved = |line: usize| {
                let at = values_index.line_range(values, line).start;
                let r = self.range(at..at, text);
                index.line_col(text, r.start.min(text.len())).0
            };
            d.message = reline(&d.message, &values_index, &moved);
            d.help = d.help.as_deref().map(|h| reline(h, &values_index, &moved));
        }
    }
}

/// `text` with each `on line N` and `(line N)` (a line of the values) replaced by the
/// line `moved` gives.
fn reline(text: &str, values_index: &LineIndex, moved: &dyn Fn(usize) -> u32) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("line ") {
        let (head, tail) = rest.split_at(i + 5);
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        let named = head[..i].ends_with("on ") || head[..i].ends_with('(');
        match tail[..digits].parse::<usize>() {
            Ok(n) if named && n >= 1 && n <= values_index.line_count() => {
                out.push_str(&moved(n).to_string());
            }
            _ => out.push_str(&tail[..digits]),
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_named_in_messages_move_with_the_values() {
        let index = LineIndex::new("a\nb\nc\n");
        let moved = |n: usize| u32::try_from(n + 10).unwrap_or(0);
        assert_eq!(
            reline(
                "has `x` (line 2) instead; fix it on line 3, not line 2",
                &index,
                &moved
            ),
            "has `x` (line 12) instead; fix it on line 13, not line 2"
        );
    }
}
