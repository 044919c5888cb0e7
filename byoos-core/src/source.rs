//! Positions in a source text: byte offsets, 1-based line/column (columns count
//! characters), and conversion of offsets to the units other languages index strings by.

/// The unit a host language indexes strings in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 bytes (Rust `&str`).
    Utf8,
    /// Unicode scalar values (Python `str`).
    CodePoint,
    /// UTF-16 code units (JavaScript `String`).
    Utf16,
}

/// A line index over one text: converts byte offsets to line/column and to other
/// encodings in `O(log lines + line length)`.
///
/// Lines end at `\n`; a `\r` before it belongs to the line break, not the column count.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Code-point offset of the start of each line (empty when the text is ASCII).
    char_starts: Vec<usize>,
    /// UTF-16 offset of the start of each line (empty when the text is ASCII).
    utf16_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Index `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let ascii = text.is_ascii();
        let mut line_starts = vec![0];
        let mut char_starts = Vec::new();
        let mut utf16_starts = Vec::new();
        if ascii {
            line_starts.extend(memchr_newlines(text.as_bytes()));
        } else {
            char_starts.push(0);
            utf16_starts.push(0);
            let (mut chars, mut units) = (0usize, 0usize);
            // Line by line: an ASCII line (most of them) counts by its length.
            for next in memchr_newlines(text.as_bytes()) {
                let line = &text[*line_starts.last().unwrap_or(&0)..next];
                if line.is_ascii() {
                    chars += line.len();
                    units += line.len();
                } else {
                    for c in line.chars() {
                        chars += 1;
                        units += c.len_utf16();
                    }
                }
                line_starts.push(next);
                char_starts.push(chars);
                utf16_starts.push(units);
            }
        }
        LineIndex {
            line_starts,
            char_starts,
            utf16_starts,
            len: text.len(),
        }
    }

    /// The 0-based line that contains byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Whether this is an index of `text` (of a text that long, at least).
    pub(crate) fn covers(&self, text: &str) -> bool {
        self.len == text.len()
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of 1-based `line`, without its line break.
    #[must_use]
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line.clamp(1, self.line_starts.len()) - 1];
        let mut end = self.line_starts.get(line).map_or(self.len, |n| n - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based line and column (in characters) of byte `offset`.
    /// An offset inside a multi-byte character counts as that character.
    #[must_use]
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let col = text[start..offset].chars().count();
        (to_u32(line + 1), to_u32(col + 1))
    }

    /// Convert byte `offset` into `encoding` units.
    #[must_use]
    pub fn offset(&self, text: &str, offset: usize, encoding: Encoding) -> usize {
        let offset = floor_char_boundary(text, offset.min(self.len));
        if self.char_starts.is_empty() {
            return offset;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let prefix = &text[start..offset];
        match encoding {
            Encoding::Utf8 => offset,
            Encoding::CodePoint => self.char_starts[line] + prefix.chars().count(),
            Encoding::Utf16 => self.utf16_starts[line] + prefix.encode_utf16().count(),
        }
    }

    /// Byte offset of the `index`-th character (clamped to the end of the text).
    #[must_use]
    pub fn char_to_byte(&self, text: &str, index: usize) -> usize {
        self.char_to_byte_from(text, index, (0, 0))
    }

    /// [`LineIndex::char_to_byte`], counting on from `from` (a character index and its
    /// byte offset) when that is on the same line before `index`: converting the
    /// increasing offsets of a parser's events then costs the text once, not once per
    /// event on a long line.
    #[must_use]
    pub fn char_to_byte_from(&self, text: &str, index: usize, from: (usize, usize)) -> usize {
        if self.char_starts.is_empty() {
            return index.min(self.len);
        }
        let line = match self.char_starts.binary_search(&index) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let (mut ch, mut start) = (self.char_starts[line], self.line_starts[line]);
        if from.0 >= ch && from.0 <= index && text.is_char_boundary(from.1) && from.1 >= start {
            (ch, start) = from;
        }
        text[start..]
            .char_indices()
            .nth(index - ch)
            .map_or(self.len, |(i, _)| start + i)
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)
}

/// The largest char boundary `<= offset`.
#[must_use]
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_positions() {
        let t = "ab\ncd\r\nef";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_col(t, 0), (1, 1));
        assert_eq!(ix.line_col(t, 4), (2, 2));
        assert_eq!(ix.line_col(t, 7), (3, 1));
        assert_eq!(ix.line_range(t, 2), 3..5);
        assert_eq!(ix.offset(t, 7, Encoding::Utf16), 7);
        assert_eq!(ix.char_to_byte(t, 8), 8);
    }

    /// The line-by-line count gives what counting every character gives.
    #[test]
    fn line_starts_count_like_every_char() {
        let t = "a\né😀\n\nxy\n中\r\nz\n😀";
        let ix = LineIndex::new(t);
        let (mut chars, mut units) = (vec![0], vec![0]);
        let (mut c, mut u) = (0, 0);
        for ch in t.chars() {
            c += 1;
            u += ch.len_utf16();
            if ch == '\n' {
                chars.push(c);
                units.push(u);
            }
        }
        assert_eq!(ix.char_starts, chars);
        assert_eq!(ix.utf16_starts, units);
    }

    #[test]
    fn non_ascii_positions() {
        let t = "é: 😀x\n中文: y";
        let ix = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(ix.line_col(t, x), (1, 5));
        assert_eq!(ix.offset(t, x, Encoding::CodePoint), 4);
        assert_eq!(ix.offset(t, x, Encoding::Utf16), 5);
        let y = t.find('y').unwrap();
        assert_eq!(ix.offset(t, y, Encoding::CodePoint), 10);
        assert_eq!(ix.char_to_byte(t, 4), x);
        assert_eq!(ix.char_to_byte(t, 10), y);
        assert_eq!(ix.line_col(t, y), (2, 5));
    }
}
