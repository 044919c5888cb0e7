//! Go's case-insensitive matching (`(?i)`) for `regex-lite`, which folds ASCII only.
//!
//! Go's parser folds each literal, range and class of a `(?i)` part through the rune's
//! whole `unicode.SimpleFold` orbit (`k`, `K` and KELVIN SIGN; `σ`, `ς`, `Σ`), then
//! negates a negated class. This pass writes those orbits out in a spelled pattern:
//! a literal with a rune beyond ASCII in its orbit becomes a class of the orbit, and a
//! class gets the members its items' orbits add, and the `i` flag is taken out (so
//! `regex-lite`'s own folding, ASCII only, and its reading of an escaped letter under `i`
//! never apply). Every set it writes is closed under folding, so negating a class
//! negates what Go negates.

use super::super::strings::{against, rune_case};
use super::super::unicode::{CASE_RANGES, FOLD_ORBIT};
use super::{complement, normalize, MAX_SPELLED, TOO_LARGE};

/// Go's `unicode.SimpleFold`.
fn simple_fold(r: u32) -> u32 {
    if let Ok(k) = FOLD_ORBIT.binary_search_by_key(&r, |&(from, _)| from) {
        return FOLD_ORBIT[k].1;
    }
    let Some(c) = char::from_u32(r) else {
        return r;
    };
    let [upper, lower, _] = rune_case(c);
    if lower != c {
        lower as u32
    } else {
        upper as u32
    }
}

/// The runes of `r`'s orbit other than `r`.
fn orbit(r: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut f = simple_fold(r);
    while f != r && out.len() < 8 {
        out.push(f);
        f = simple_fold(f);
    }
    out
}

fn contains(set: &[(u32, u32)], r: u32) -> bool {
    set.binary_search_by(|&(lo, hi)| against(lo, hi, r)).is_ok()
}

/// The runes folding adds to `set` (sorted ranges): the orbits of its members that
/// are not in it.
pub(super) fn extras(set: &[(u32, u32)]) -> Vec<u32> {
    let mut out = Vec::new();
    // Only runes with a case mapping, or in Go's orbit table, fold to another rune.
    let candidates = CASE_RANGES
        .iter()
        .flat_map(|&(lo, hi, _)| lo..=hi)
        .chain(FOLD_ORBIT.iter().map(|&(from, _)| from));
    for r in candidates {
        if contains(set, r) {
            out.extend(orbit(r).into_iter().filter(|f| !contains(set, *f)));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn push_rune(out: &mut String, r: u32) {
    out.push_str(&format!("\\x{{{r:X}}}"));
}

/// The rune of an escape at the start of `t` (after its `\`) that stands for one rune,
/// and its length: `\x{…}`, `\xHH`, `\a`, `\f`, `\t`, `\n`, `\r`, `\v`.
fn escaped_rune(t: &str) -> Option<(u32, usize)> {
    let b = t.as_bytes();
    match b.first()? {
        b'x' => {
            if let Some(inner) = t[1..].strip_prefix('{') {
                let end = inner.find('}')?;
                Some((
                    u32::from_str_radix(&inner[..end], 16).ok()?,
                    1 + 1 + end + 1,
                ))
            } else {
                Some((u32::from_str_radix(t.get(1..3)?, 16).ok()?, 3))
            }
        }
        b'a' => Some((7, 1)),
        b'f' => Some((12, 1)),
        b't' => Some((9, 1)),
        b'n' => Some((10, 1)),
        b'r' => Some((13, 1)),
        b'v' => Some((11, 1)),
        _ => None,
    }
}

const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];

/// The ASCII class `[:name:]` as ranges (Go's `posixGroup`).
fn posix(name: &str) -> Option<Vec<(u32, u32)>> {
    Some(match name {
        "alnum" => vec![(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
        "alpha" => vec![(0x41, 0x5A), (0x61, 0x7A)],
        "ascii" => vec![(0, 0x7F)],
        "blank" => vec![(9, 9), (0x20, 0x20)],
        "cntrl" => vec![(0, 0x1F), (0x7F, 0x7F)],
        "digit" => vec![(0x30, 0x39)],
        "graph" => vec![(0x21, 0x7E)],
        "lower" => vec![(0x61, 0x7A)],
        "print" => vec![(0x20, 0x7E)],
        "punct" => vec![(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
        "space" => vec![(9, 13), (0x20, 0x20)],
        "upper" => vec![(0x41, 0x5A)],
        "word" => WORD.to_vec(),
        "xdigit" => vec![(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
        _ => return None,
    })
}

/// Go's folded `\w` (`[0-9A-Za-z_]` with `ſ` and KELVIN SIGN).
fn folded_word() -> Vec<(u32, u32)> {
    let mut w = WORD.to_vec();
    w.extend(extras(WORD).into_iter().map(|r| (r, r)));
    normalize(w)
}

fn push_set(out: &mut String, set: &[(u32, u32)]) {
    for &(lo, hi) in set {
        push_rune(out, lo);
        if hi > lo {
            out.push('-');
            push_rune(out, hi);
        }
    }
}

/// A class of a spelled pattern, at the start of `t` (`[` … `]`), written with the
/// members folding adds: its length. `Err` for an item this pass cannot fold as Go
/// does (a negated ASCII class).
fn class(t: &str, out: &mut String) -> Result<usize, String> {
    scan_class(t, Some(out))
}

/// The length of the class at the start of `t`, not folded.
fn class_len(t: &str) -> usize {
    scan_class(t, None).unwrap_or(t.len())
}

/// [`class`], or the class's length alone (`out` `None`: nothing refused).
fn scan_class(t: &str, out: Option<&mut String>) -> Result<usize, String> {
    let folding = out.is_some();
    let mut k = 1;
    let mut items: Vec<(u32, u32)> = Vec::new();
    let negate = t[k..].starts_with('^');
    if negate {
        k += 1;
    }
    let body_start = k;
    let mut body = String::new();
    let mut last_single: Option<u32> = None;
    loop {
        let rest = &t[k..];
        let Some(c) = rest.chars().next() else {
            return Err("`[` without `]` is".into());
        };
        if c == ']' && k > body_start {
            k += 1;
            break;
        }
        if let Some(named) = rest.strip_prefix("[:") {
            let end = named.find(":]").ok_or("`[:` without `:]` is")?;
            let name = &named[..end];
            if folding {
                // Go folds an ASCII class, then negates it when it is `[:^name:]`.
                let (negative, base) = match name.strip_prefix('^') {
                    Some(base) => (true, base),
                    None => (false, name),
                };
                let mut set = posix(base).ok_or_else(|| format!("`[:{name}:]` is"))?;
                if negative {
                    set.extend(extras(&set).into_iter().map(|r| (r, r)));
                    let set = complement(&normalize(set));
                    items.extend(&set);
                    push_set(&mut body, &set);
                    k += 2 + end + 2;
                    last_single = None;
                    continue;
                }
                items.extend(&set);
            }
            body.push_str(&rest[..2 + end + 2]);
            k += 2 + end + 2;
            last_single = None;
            continue;
        }
        if c == '-' && last_single.is_some() && !rest[1..].starts_with(']') {
            // A range: the item before and the rune after.
            let after = &rest[1..];
            let (hi, n) = match after.strip_prefix('\\') {
                Some(esc) => escaped_rune(esc)
                    .map(|(r, n)| (r, n + 1))
                    .ok_or("a range ending in an escape class is")?,
                None => {
                    let h = after.chars().next().ok_or("`[` without `]` is")?;
                    (h as u32, h.len_utf8())
                }
            };
            let lo = last_single.take().unwrap_or(hi);
            items.push((lo, hi));
            body.push_str(&rest[..1 + n]);
            k += 1 + n;
            continue;
        }
        if let Some(esc) = rest.strip_prefix('\\') {
            if let Some((r, n)) = escaped_rune(esc) {
                items.push((r, r));
                last_single = Some(r);
                body.push_str(&rest[..1 + n]);
                k += 1 + n;
                continue;
            }
            let e = esc.chars().next().ok_or("a trailing `\\` is")?;
            match e {
                'd' => items.push((0x30, 0x39)),
                'w' => items.extend(WORD),
                // Go folds `\w` before negating it: `\W` leaves out ſ and KELVIN SIGN.
                'D' => items.extend(complement(&[(0x30, 0x39)])),
                'W' if folding => {
                    let set = complement(&folded_word());
                    items.extend(&set);
                    push_set(&mut body, &set);
                    k += 2;
                    last_single = None;
                    continue;
                }
                _ => {
                    // Any other escaped character stands for itself.
                    items.push((e as u32, e as u32));
                    last_single = Some(e as u32);
                }
            }
            body.push_str(&rest[..1 + e.len_utf8()]);
            k += 1 + e.len_utf8();
            if matches!(e, 'd' | 'w' | 'D') {
                last_single = None;
            }
            continue;
        }
        items.push((c as u32, c as u32));
        last_single = Some(c as u32);
        body.push(c);
        k += c.len_utf8();
    }
    let Some(out) = out else {
        return Ok(k);
    };
    let set = normalize(items);
    out.push('[');
    if negate {
        out.push('^');
    }
    out.push_str(&body);
    for r in extras(&set) {
        push_rune(out, r);
    }
    out.push(']');
    Ok(k)
}

/// Whether the flags of a `(?flags` group at the start of `t` set or clear `i`.
pub(super) fn flag_i(flags: &str) -> Option<bool> {
    let mut on = true;
    let mut seen = None;
    for f in flags.chars() {
        match f {
            '-' => on = false,
            'i' => seen = Some(on),
            _ => {}
        }
    }
    seen
}

/// `spelled` (a pattern in `regex-lite`'s syntax, as `go_pattern` writes it) with Go's
/// folding written out in its `(?i)` parts; `Err` with what it cannot fold.
pub(super) fn fold(spelled: &str) -> Result<String, String> {
    let mut out = String::with_capacity(spelled.len() * 2);
    let mut stack: Vec<bool> = Vec::new();
    let mut on = false;
    let mut k = 0;
    while let Some(c) = spelled[k..].chars().next() {
        if out.len() > MAX_SPELLED {
            return Err(TOO_LARGE.into());
        }
        let rest = &spelled[k..];
        match c {
            '(' if rest.starts_with("(?P<") => {
                // A group name is a name, never folded.
                let n = rest.find('>').map_or(rest.len(), |e| e + 1);
                stack.push(on);
                out.push_str(&rest[..n]);
                k += n;
                continue;
            }
            '(' => {
                if let Some(flags) = rest.strip_prefix("(?") {
                    // `regex-lite` gets no `i`: the orbits are written out instead.
                    let end = flags.find([')', ':']).unwrap_or(flags.len());
                    let mut kept: String = flags[..end].chars().filter(|f| *f != 'i').collect();
                    if kept.ends_with('-') {
                        kept.pop();
                    }
                    let set = flag_i(&flags[..end]);
                    match flags[end..].chars().next() {
                        Some(':') => {
                            stack.push(on);
                            out.push_str(&format!("(?{kept}:"));
                        }
                        Some(_) if !kept.is_empty() => out.push_str(&format!("(?{kept})")),
                        Some(_) => {}
                        None => out.push_str(rest),
                    }
                    if let Some(v) = set {
                        on = v;
                    }
                    k += (2 + end + 1).min(rest.len());
                    continue;
                }
                stack.push(on);
                out.push('(');
            }
            ')' => {
                on = stack.pop().unwrap_or(on);
                out.push(')');
            }
            '[' if on => {
                k += class(rest, &mut out)?;
                continue;
            }
            '[' => {
                let n = class_len(rest);
                out.push_str(&rest[..n]);
                k += n;
                continue;
            }
            '\\' if on => {
                let esc = &rest[1..];
                if let Some((r, n)) = escaped_rune(esc) {
                    literal(r, &rest[..1 + n], &mut out);
                    k += 1 + n;
                    continue;
                }
                match esc.chars().next() {
                    Some('w') => {
                        out.push('[');
                        push_set(&mut out, &folded_word());
                        out.push(']');
                    }
                    Some('W') => {
                        out.push('[');
                        push_set(&mut out, &complement(&folded_word()));
                        out.push(']');
                    }
                    Some(e) => {
                        out.push('\\');
                        out.push(e);
                    }
                    None => out.push('\\'),
                }
                k += 1 + esc.chars().next().map_or(0, char::len_utf8);
                continue;
            }
            '\\' => {
                let n = 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&rest[..n]);
                k += n;
                continue;
            }
            c if on && !"^$.|*+?{}".contains(c) => {
                let mut buf = [0u8; 4];
                literal(c as u32, c.encode_utf8(&mut buf), &mut out);
            }
            c => out.push(c),
        }
        k += c.len_utf8();
    }
    Ok(out)
}

/// A literal rune under `(?i)`: as written when it folds to no other rune, else the
/// class of its orbit.
fn literal(r: u32, written: &str, out: &mut String) {
    let mut all = orbit(r);
    if all.is_empty() {
        out.push_str(written);
        return;
    }
    all.push(r);
    all.sort_unstable();
    out.push('[');
    for f in all {
        push_rune(out, f);
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orbits_are_go_s() {
        assert_eq!(orbit('k' as u32), vec![0x212A, 'K' as u32]);
        assert_eq!(orbit('Σ' as u32), vec!['ς' as u32, 'σ' as u32]);
        assert!(orbit('é' as u32) == vec!['É' as u32]);
        assert!(orbit('1' as u32).is_empty());
        assert!(orbit(0x130).is_empty());
    }

    #[test]
    fn folds_literals_and_classes() {
        assert_eq!(fold("(?i)k").unwrap(), "[\\x{4B}\\x{6B}\\x{212A}]");
        assert_eq!(fold("(?i)1").unwrap(), "1");
        assert_eq!(fold("a(?i:é)").unwrap(), "a(?:[\\x{C9}\\x{E9}])");
        assert_eq!(fold("(?is)(?-i)é").unwrap(), "(?s)é");
        assert_eq!(fold("(?i-s)a").unwrap(), "(?-s)[\\x{41}\\x{61}]");
        assert_eq!(fold("(?i)[a-c]").unwrap(), "[a-c\\x{41}\\x{42}\\x{43}]");
        assert_eq!(fold("é").unwrap(), "é");
    }
}
