//! Seeded case generator: every case is a function of (seed, index), so a failing case
//! is reproduced by its seed alone.

/// splitmix64: small, fast, and the same on every platform.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub(crate) fn pick_str<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Characters from every awkward class: controls, quotes, backslashes, white space of
/// every kind, non-BMP, combining marks, case-mapping specials, multi-byte boundaries.
pub(crate) const AWKWARD: &[&str] = &[
    "a",
    "Z",
    "0",
    "7",
    "-",
    "_",
    ".",
    "/",
    ":",
    " ",
    "x",
    "e",
    "E",
    "p",
    "\t",
    "\n",
    "\r",
    "\u{0}",
    "\u{1}",
    "\u{7f}",
    "\u{85}",
    "\u{9f}",
    "\"",
    "'",
    "`",
    "\\",
    "{",
    "}",
    "#",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "[",
    "]",
    ",",
    "?",
    "\u{a0}",
    "\u{ad}",
    "\u{200b}",
    "\u{2028}",
    "\u{2029}",
    "\u{3000}",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "e\u{301}",
    "中",
    "😀",
    "\u{10ffff}",
    "\u{e000}",
    "ß",
    "ΣΑΣ",
    "σ",
    "ς",
    "ǆ",
    "ǅ",
    "Ǆ",
    "ﬁ",
    "İ",
    "ı",
    "K",
    "ſ",
    "ŉ",
    "ΐ",
    "Ω",
    // Case mapping: one-rune (simple) mappings only, as Go's unicode.ToUpper/ToLower/
    // ToTitle; title case differs from upper case for digraphs and Georgian.
    "ǈ",
    "ẞ",
    "µ",
    "\u{345}",
    "\u{2126}",
    "\u{212a}",
    "ა",
    "Ა",
    "Ⴀ",
    "Ꭰ",
    "ꭰ",
    "ᏸ",
    "𐐀",
    "𐐨",
    "ǰ",
    "ﬃ",
    // Assigned after Unicode 13.0 (Go 1.19's tables): no case, not printable for %q.
    "\u{2c2f}",
    "\u{1f6dd}",
    "\u{10570}",
    // White space of every kind, and look-alikes that are not white space.
    "\u{b}",
    "\u{c}",
    "\u{1680}",
    "\u{2000}",
    "\u{2007}",
    "\u{200a}",
    "\u{202f}",
    "\u{205f}",
    "\u{180e}",
    "\u{2060}",
    "\u{61c}",
    // Multi-byte boundaries for the byte-indexed functions: 2, 3 and 4 bytes.
    "àé",
    "中文",
    "\u{10348}",
];

/// A value of 0 to 6 pieces from [`AWKWARD`] and plain words.
pub(crate) fn value(rng: &mut Rng) -> String {
    let n = rng.below(7);
    let mut out = String::new();
    for _ in 0..n {
        if rng.chance(30) {
            out.push_str(rng.pick_str(&[
                "abc",
                "Hello World",
                "v1.29.5",
                "ubuntu",
                "x_y",
                "  pad  ",
            ]));
        } else {
            out.push_str(rng.pick_str(AWKWARD));
        }
    }
    out
}

fn digits(rng: &mut Rng, alphabet: &[u8], underscores: bool) -> String {
    let n = 1 + rng.below(4);
    let mut out = String::new();
    for i in 0..n {
        if underscores && i > 0 && rng.chance(25) {
            out.push('_');
            if rng.chance(10) {
                out.push('_');
            }
        }
        out.push(alphabet[rng.below(alphabet.len())] as char);
    }
    if underscores && rng.chance(5) {
        out.push('_');
    }
    out
}

/// An integer (decimal, hex, octal, binary), a decimal or an exponent form: the number
/// forms Go literals and YAML scalars share.
fn number(rng: &mut Rng, which: usize, sign: &str, u: bool) -> String {
    const DEC: &[u8] = b"0123456789";
    match which {
        0 => format!("{sign}{}", digits(rng, DEC, u)),
        1 => format!(
            "{sign}0{}{}",
            rng.pick(&["x", "X"]),
            digits(rng, b"0123456789abcdefABCDEF", u)
        ),
        2 => format!(
            "{sign}0{}{}",
            rng.pick(&["o", "O", ""]),
            digits(rng, b"01234567", u)
        ),
        3 => format!("{sign}0{}{}", rng.pick(&["b", "B"]), digits(rng, b"01", u)),
        4 => format!("{sign}{}.{}", digits(rng, DEC, u), digits(rng, DEC, u)),
        _ => format!(
            "{sign}{}{}{}{}{}",
            digits(rng, DEC, u),
            rng.pick(&["", ".", ".5"]),
            rng.pick(&["e", "E"]),
            rng.pick(&["", "-", "+"]),
            digits(rng, DEC, false)
        ),
    }
}

/// Digits of `alphabet` with underscores anywhere (`_1`, `1_`, `1__0`, `1_0`) or none.
fn digits_anywhere(rng: &mut Rng, alphabet: &[u8], underscores: bool) -> String {
    let mut out = digits(rng, alphabet, underscores);
    if underscores && rng.chance(15) {
        out.insert(0, '_');
    }
    out
}

/// A Go template literal of any form, valid or nearly valid: every base with and
/// without underscores in every position, signs, the int64 and uint64 boundaries,
/// floats with exponents, hex floats, imaginary and complex constants, character
/// constants with every escape, strings, booleans and `nil`.
pub(crate) fn literal(rng: &mut Rng) -> String {
    const DEC: &[u8] = b"0123456789";
    const HEX: &[u8] = b"0123456789abcdefABCDEF";
    let u = rng.chance(30);
    let sign = *rng.pick(&["", "", "", "-", "+"]);
    let which = rng.below(22);
    match which {
        0..=5 => number(rng, which, sign, u),
        6 => format!(
            "{sign}0{}{}{}p{}{}",
            rng.pick(&["x", "X"]),
            digits_anywhere(rng, HEX, u),
            rng.pick(&["", ".8", ".", ".fffffffffffff8", ".0000000000000001"]),
            rng.pick(&["", "-", "+"]),
            digits(rng, DEC, u)
        ),
        7 => format!(
            "{sign}{}",
            rng.pick(&[
                ".5",
                "5.",
                "1e400",
                "1e-400",
                "0x10000000000000000",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "-9223372036854775809",
                "18446744073709551615",
                "18446744073709551616",
                "0x7fffffffffffffff",
                "0x8000000000000000",
                "0xffffffffffffffff",
                "0o777777777777777777777",
                "0o1777777777777777777777",
                "01777777777777777777777",
                "0b111111111111111111111111111111111111111111111111111111111111111",
                "0b1111111111111111111111111111111111111111111111111111111111111111",
                "9223372036854775807.0",
                "9223372036854775808.0",
                "1.7976931348623157e308",
                "1.8e308",
                "4.9e-324",
                "2e-324",
                "0x1p1023",
                "0x1p1024",
                "0x1.fffffffffffffp1023",
                "0x1.fffffffffffff8p1023",
                "0x1p-1074",
                "0x1p-1075",
                "0x1p-1076",
                "1_000",
                "1__0",
                "1_",
                "_1",
                "1-2",
                "0_7",
                "0x_1F",
                "0_x1",
                "0b_1",
                "0o_7",
                "1_0.5",
                "1._5",
                "1_.5",
                "1e_5",
                "1e5_0",
                "08",
                "09.5",
                "0.0",
                "-0",
                "-0.0",
                "1e",
                "0x",
                "0b2",
                "0o8",
                "0x1.8",
                "0x1e+2",
                "1.2.3",
                "1e3",
                "1E3",
                "2.0",
                "1e6",
                "1e21",
                "123456789e-13",
                "0.000001",
                "0.0001",
                "100000",
                "1000000",
                "-",
                "+"
            ])
        ),
        8 => format!(
            "{sign}{}{}i",
            digits_anywhere(rng, DEC, u),
            rng.pick(&["", ".5", "e3", "e-3", ".0"])
        ),
        9 => format!(
            "'{}'",
            rng.pick(&[
                "a",
                " ",
                "\\a",
                "\\b",
                "\\f",
                "\\n",
                "\\r",
                "\\t",
                "\\v",
                "\\\\",
                "\\'",
                "\\\"",
                "\"",
                "\\x41",
                "\\xff",
                "\\x4",
                "\\xg0",
                "\\u00e9",
                "\\u00E9",
                "\\ud800",
                "\\u12",
                "\\U0001F600",
                "\\U0010FFFF",
                "\\U00110000",
                "\\101",
                "\\000",
                "\\377",
                "\\400",
                "\\18",
                "\\0",
                "é",
                "😀",
                "中",
                "",
                "ab",
                "\\z",
                "\\",
                "'"
            ])
        ),
        10 | 11 => {
            let body: String = (0..rng.below(4))
                .map(|_| {
                    rng.pick(&[
                        "a",
                        " ",
                        "\\n",
                        "\\t",
                        "\\\"",
                        "\\\\",
                        "\\x41",
                        "\\u00e9",
                        "\\U0001F600",
                        "\\101",
                        "\\a",
                        "\\b",
                        "\\f",
                        "\\v",
                        "\\r",
                        "é",
                        "\\z",
                        "\\x4",
                        "\\'",
                    ])
                    .to_string()
                })
                .collect();
            format!("\"{body}\"")
        }
        12 => {
            let body: String = (0..rng.below(4))
                .map(|_| {
                    rng.pick(&["a", " ", "\\n", "\"", "\\", "é", "{", "}"])
                        .to_string()
                })
                .collect();
            format!("`{body}`")
        }
        13 => rng
            .pick(&["true", "false", "nil", "True", "TRUE"])
            .to_string(),
        14 => format!(
            "{sign}{}.{}{}{}{}",
            digits_anywhere(rng, DEC, u),
            digits_anywhere(rng, DEC, u),
            rng.pick(&["e", "E"]),
            rng.pick(&["", "-", "+"]),
            digits_anywhere(rng, DEC, u)
        ),
        15 => format!("0{}", digits(rng, DEC, false)),
        16 => format!(
            "{sign}0{}{}",
            rng.pick(&["x", "X", "o", "O", "b", "B", ""]),
            digits_anywhere(rng, HEX, u)
        ),
        17 => {
            let (re, im) = (rng.below(6), rng.below(6));
            let re = number(rng, re, "", u);
            let op = rng.pick_str(&["+", "-"]);
            format!("{sign}{re}{op}{}i", number(rng, im, "", false))
        }
        18 => format!(
            "{sign}{}{}",
            digits_anywhere(rng, DEC, u),
            rng.pick(&["", ".", ".5", "e", "e+", "e9", "x", "_", "i", "ii", "é"])
        ),
        19 => format!(
            "{sign}{}{}{}",
            rng.pick(&["", "0", "1", "9", "00", "0."]),
            rng.pick(&["e", "E", "p", "P"]),
            digits(rng, DEC, u)
        ),
        _ => format!(
            "{sign}{}",
            rng.pick(&[
                "9223372036854775806",
                "9223372036854775807",
                "9223372036854775808",
                "9223372036854775809",
                "18446744073709551614",
                "18446744073709551615",
                "18446744073709551616",
                "99999999999999999999",
                "0x7FFFFFFFFFFFFFFF",
                "0x8000000000000001",
                "0xFFFFFFFFFFFFFFFF",
                "0x1_0000_0000_0000_0000",
                "0o777_777_777_777_777_777_777",
                "9_223_372_036_854_775_807",
                "9_223_372_036_854_775_808",
            ])
        ),
    }
}

/// A plain YAML scalar that some library may read as a non-string.
pub(crate) fn scalar(rng: &mut Rng) -> String {
    const DEC: &[u8] = b"0123456789";
    let sign = *rng.pick(&["", "", "-", "+"]);
    let u = rng.chance(20);
    let which = rng.below(20);
    match which {
        0..=5 => number(rng, which, sign, u),
        14 => boundary(rng),
        15 => prefixed(rng),
        16 => timestamp(rng),
        17 => float(rng),
        18 => {
            // A word Go or YAML 1.1 reads by name, in any mix of cases.
            let word = rng.pick_str(&[
                "yes", "no", "on", "off", "y", "n", "true", "false", "null", ".inf", ".nan",
            ]);
            let mixed: String = word
                .chars()
                .map(|c| {
                    if rng.chance(50) {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            format!("{}{mixed}", rng.pick_str(&["", "", "+", "-"]))
        }
        19 => rng
            .pick(&[
                "1:20",
                "-1:20",
                "+1:20",
                "190:20:30",
                "1:20.5",
                "1:2",
                "1:60",
                "1_0:20",
                "0:0",
                "12:30:45.5",
                "~",
                "Null",
                "NULL",
                "null",
                "nuLL",
                "<<",
                "=",
            ])
            .to_string(),
        6 => format!(
            "{sign}{}",
            rng.pick(&[".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", "inf", "nan", ".iNf"])
        ),
        7 => rng
            .pick(&[
                "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y",
                "Y", "n", "N", "true", "True", "TRUE", "false", "False", "FALSE", "tRUE", "yEs",
            ])
            .to_string(),
        8 => rng
            .pick(&["~", "null", "Null", "NULL", "nULL", "none", "None"])
            .to_string(),
        9 => rng
            .pick(&[
                "2024-01-01",
                "2024-1-1",
                "2024-01-01T10:00:00Z",
                "2024-01-01 10:00:00",
                "2024-01-01t10:00:00.5+02:00",
                "2001-12-14t21:59:43.10-05:00",
                "2024-13-01",
                "1999-02-30",
            ])
            .to_string(),
        10 => format!(
            "{sign}{}:{}",
            digits(rng, DEC, false),
            rng.pick(&["20", "05", "5", "60", "20:30", "20.5"])
        ),
        11 => rng
            .pick(&[
                "22.04",
                "8.10",
                "8.1",
                "7",
                "07",
                "08",
                "0.0",
                "1.2.3",
                "v1",
                "1e400",
                "0x10000000000000000",
                "9223372036854775808",
                "1_000",
                "1__0",
                "_1",
                "0b101",
                "0o17",
                "017",
                "1.0e+3",
                "1e3",
                "1.e3",
                "12e",
                "0x_1",
                "0_1",
                "=",
                "<<",
            ])
            .to_string(),
        12 => format!(
            "{}{}",
            digits(rng, DEC, false),
            rng.pick(&["", ".", "._", "_."])
        ),
        _ => format!("{sign}{}", digits(rng, b"0123456789._eE", false)),
    }
}

/// Integers at the edges of int64 and uint64, in every base and sign.
fn boundary(rng: &mut Rng) -> String {
    let sign = rng.pick_str(&["", "", "-", "+"]);
    let body = rng.pick_str(&[
        "9223372036854775807",
        "9223372036854775808",
        "9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999",
        "0x7FFFFFFFFFFFFFFF",
        "0x8000000000000000",
        "0xFFFFFFFFFFFFFFFF",
        "0xffffffffffffffff",
        "0x10000000000000000",
        "0X8000000000000001",
        "0o777777777777777777777",
        "0o1000000000000000000000",
        "0o1777777777777777777777",
        "0o2000000000000000000000",
        "0777777777777777777777",
        "01000000000000000000000",
        "01777777777777777777777",
        "02000000000000000000000",
        "0b111111111111111111111111111111111111111111111111111111111111111",
        "0b1000000000000000000000000000000000000000000000000000000000000000",
        "0b1111111111111111111111111111111111111111111111111111111111111111",
        "0b10000000000000000000000000000000000000000000000000000000000000000",
        "9_223_372_036_854_775_808",
        "0x_8000_0000_0000_0000",
    ]);
    format!("{sign}{body}")
}

/// Base prefixes in both cases, with a sign before or after them and `_` anywhere.
fn prefixed(rng: &mut Rng) -> String {
    let (prefix, alphabet): (&str, &[u8]) = *rng.pick(&[
        ("0x", b"0123456789abcdefABCDEF".as_slice()),
        ("0X", b"0123456789abcdefABCDEF".as_slice()),
        ("0o", b"01234567".as_slice()),
        ("0O", b"01234567".as_slice()),
        ("0b", b"01".as_slice()),
        ("0B", b"01".as_slice()),
        ("0", b"01234567".as_slice()),
        ("0", b"0123456789".as_slice()),
    ]);
    let sign = rng.pick_str(&["", "", "-", "+"]);
    let inner = rng.pick_str(&["", "", "", "+", "-", "_", "__"]);
    let u = rng.chance(40);
    let mut digits = digits(rng, alphabet, u);
    if rng.chance(10) {
        digits.clear();
    }
    let mut out = format!("{sign}{prefix}{inner}{digits}");
    if rng.chance(15) {
        // An underscore before the prefix or inside it.
        let at = rng.below(out.len() + 1);
        out.insert(at, '_');
    }
    out
}

/// Timestamps: date-only, with a time (`T`, `t`, spaces), fractions and zones, valid or
/// just out of range.
fn timestamp(rng: &mut Rng) -> String {
    let year = rng.pick_str(&[
        "2024", "2024", "2023", "1900", "2000", "0000", "999", "20240",
    ]);
    let month = rng.pick_str(&["01", "1", "02", "2", "12", "13", "0", "00", "001"]);
    let day = rng.pick_str(&["01", "1", "28", "29", "30", "31", "32", "0", "001"]);
    let mut out = format!("{year}-{month}-{day}");
    if rng.chance(70) {
        let sep = rng.pick_str(&["T", "t", " ", "  ", "_", "x"]);
        let hour = rng.pick_str(&["10", "1", "00", "23", "24", "100"]);
        let min = rng.pick_str(&["00", "5", "59", "60"]);
        let sec = rng.pick_str(&["00", "3", "59", "60"]);
        let frac = rng.pick_str(&[
            "",
            "",
            ".5",
            ",5",
            ".10",
            ".123456789",
            ".1234567890",
            ".",
            ".x",
        ]);
        let zone = rng.pick_str(&[
            "",
            "",
            "Z",
            "z",
            "+02:00",
            "-05:00",
            "+00:00",
            "-00:00",
            "+0200",
            "+2:00",
            " Z",
            " -5",
            "+99:99",
            "+-1:00",
            "UTC",
            "+02:00:00",
            "Z+01:00",
        ]);
        out.push_str(&format!("{sep}{hour}:{min}:{sec}{frac}{zone}"));
        if rng.chance(5) {
            // A time without seconds.
            out = format!("{year}-{month}-{day}{sep}{hour}:{min}{zone}");
        }
    }
    out
}

/// Floats: a point at either end, exponents, signs, `_`, over- and underflow.
fn float(rng: &mut Rng) -> String {
    let sign = rng.pick_str(&["", "", "-", "+"]);
    let body = rng.pick_str(&[
        ".5",
        "5.",
        "1e5",
        "1E5",
        "1e+5",
        "1e-5",
        ".5e3",
        "5.e3",
        "5.5e-3",
        ".e5",
        "e5",
        "1e",
        "1.5e400",
        "1e-400",
        "1.7976931348623157e308",
        "1.8e308",
        "4.9e-324",
        "2e-324",
        "0.0",
        "00.5",
        "08.5",
        "08",
        "09",
        "0_9",
        "1_0.5",
        "1.5_0",
        "._5",
        ".5_5",
        ".5_",
        "1_e5",
        "1e1_0",
        ".5e1_0",
        "1.2.3",
        "..5",
        ".",
        "1e5.5",
        "0x1p3",
        "0x1.8p1",
        "inf",
        "Infinity",
        "nan",
    ]);
    format!("{sign}{body}")
}

/// Test vectors of the Go `reference` package, read from its installed `*_test.go`.
fn reference_vectors() -> &'static [String] {
    static VECTORS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    VECTORS.get_or_init(|| {
        let dir = "/usr/share/gocode/src/github.com/docker/distribution/reference";
        let mut out = Vec::new();
        for file in ["reference_test.go", "normalize_test.go"] {
            let Ok(text) = std::fs::read_to_string(format!("{dir}/{file}")) else {
                continue;
            };
            for line in text.lines() {
                let line = line.trim();
                for field in ["input:", "RemoteName:", "FamiliarName:"] {
                    if let Some(rest) = line.strip_prefix(field) {
                        if let Some(v) = go_string(rest.trim()) {
                            out.push(v);
                        }
                    }
                }
                // `"foo/bar",` lines in the tables of plain strings.
                if let Some(v) = line.strip_suffix(',').and_then(go_string) {
                    if !v.contains(' ') && v.len() < 300 {
                        out.push(v);
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    })
}

/// A Go interpreted string literal with only simple escapes, or a `+` concatenation of
/// `strings.Repeat` (skipped).
fn go_string(s: &str) -> Option<String> {
    let s = s.trim_end_matches(',');
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('"') || inner.contains('\\') {
        return None;
    }
    Some(inner.to_owned())
}

/// An OCI reference: generated from pieces, or one of the Go package's test vectors.
pub(crate) fn reference(rng: &mut Rng) -> String {
    let vectors = reference_vectors();
    if !vectors.is_empty() && rng.chance(35) {
        return rng.pick(vectors).clone();
    }
    let mut out = String::new();
    if rng.chance(8) {
        out.push_str(rng.pick_str(&["container://", "CONTAINER://", "oci://", "docker://"]));
    }
    if rng.chance(60) {
        out.push_str(rng.pick_str(&[
            "docker.io",
            "index.docker.io",
            "ttl.sh",
            "localhost",
            "localhost:5000",
            "harbor.example.com",
            "Harbor.Example.com",
            "10.0.0.1:5000",
            "[::1]:5000",
            "gcr.io",
            "us-docker.pkg.dev",
            "registry-1.docker.io",
            "a.b",
            "a_b.com",
            "-a.com",
            "a-.com",
            "xn--bcher-kva.ch",
            "my.registry:99999",
        ]));
        out.push('/');
    }
    let n = 1 + rng.below(3);
    for i in 0..n {
        if i > 0 {
            out.push('/');
        }
        out.push_str(rng.pick_str(&[
            "ubuntu",
            "library",
            "edge",
            "a",
            "my-repo",
            "my_repo",
            "my__repo",
            "my.repo",
            "My",
            "UPPER",
            "a--b",
            "a___b",
            "a..b",
            "-a",
            "a-",
            "_a",
            "0",
            "palette-images",
            "stylus-linux-amd64",
        ]));
    }
    if rng.chance(70) {
        out.push(':');
        out.push_str(rng.pick_str(&[
            "latest",
            "22.04",
            "k3s-1.29.5-v4.5.8-demo",
            "v1",
            "-bad",
            ".bad",
            "_ok",
            "A_b-c.d",
            "",
            "x:y",
            "k3s-1.29.5-v4.5.8-",
            &"t".repeat(128),
            &"t".repeat(129),
        ]));
    }
    if rng.chance(15) {
        out.push('@');
        out.push_str(rng.pick_str(&[
            "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "sha256:fff",
            "sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "SHA256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "md5:d41d8cd98f00b204e9800998ecf8427e",
        ]));
    }
    out
}
