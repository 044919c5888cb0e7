//! The areas, one generated case per index, how byoos answers it, what the Go oracle is
//! asked, and how the two answers are compared.

use crate::gen::{self, Rng};
use byoos_core::{
    check_image, render, validate, Context, ImageOptions, Options, PackKind, Provider,
};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Area {
    /// One literal of any form in a pipeline.
    Literal,
    /// One function applied to a value from every awkward character class.
    Function,
    /// Chains of two to four functions.
    Chain,
    /// Action syntax: trim markers, comments, empty and misplaced actions, control flow.
    Syntax,
    /// Plain YAML scalars where a string is expected (`osVersion: X`).
    Scalar,
    /// OCI references (generated, and the Go package's own test vectors).
    Reference,
}

impl Area {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Area::Literal => "literal",
            Area::Function => "function",
            Area::Chain => "chain",
            Area::Syntax => "syntax",
            Area::Scalar => "yaml-scalar",
            Area::Reference => "reference",
        }
    }
}

pub(crate) struct Case {
    pub(crate) id: String,
    pub(crate) area: Area,
    /// Template areas: the action text; Scalar: the plain scalar; Reference: the reference.
    pub(crate) text: String,
    /// Template areas: the value of `.spectro.system.cluster.name`.
    pub(crate) value: String,
    /// Names of the functions, literal forms or syntax forms used.
    pub(crate) tags: Vec<String>,
}

pub(crate) enum Outcome {
    /// `render` of `v: |-\n  <action>`: `error` is the first error code (or `Err`),
    /// `text` the rendered document, `value` byoos's own reading of `v` in it.
    Template {
        error: Option<String>,
        text: Option<String>,
        value: Option<String>,
    },
    /// Diagnostic codes at `pack/osVersion`, and the `yaml/implicit-type` message.
    Scalar {
        codes: Vec<String>,
        message: Option<String>,
    },
    /// `check_image(edge, …)`.
    Reference {
        ok: bool,
        normalized: Option<String>,
        codes: Vec<String>,
    },
}

const REF: &str = ".spectro.system.cluster.name";

/// Functions byoos evaluates, with the arguments before the piped value.
const EVALUATED: &[(&str, &[&str])] = &[
    ("upper", &[]),
    ("lower", &[]),
    ("title", &[]),
    ("trim", &[]),
    ("nospace", &[]),
    ("quote", &[]),
    ("squote", &[]),
    ("b64enc", &[]),
    ("b64dec", &[]),
    ("toString", &[]),
    ("cat", &["S"]),
    ("trunc", &["N"]),
    ("substr", &["N", "N"]),
    ("replace", &["S", "S"]),
    ("trimPrefix", &["S"]),
    ("trimSuffix", &["S"]),
    ("trimAll", &["S"]),
    ("default", &["S"]),
    // Go's built-ins.
    ("print", &[]),
    ("print", &["A"]),
    ("print", &["A", "A"]),
    ("printf", &["F"]),
    ("printf", &["F", "A"]),
    ("printf", &["F", "P"]),
    ("println", &["A"]),
    ("len", &[]),
    ("index", &[]),
    ("index", &["N"]),
    ("slice", &["N"]),
    ("print", &["P"]),
    ("call", &[]),
    ("eq", &["A"]),
    ("eq", &["A", "A"]),
    ("ne", &["A"]),
    ("lt", &["A"]),
    ("le", &["A"]),
    ("gt", &["A"]),
    ("ge", &["A"]),
    ("not", &[]),
    ("and", &["A"]),
    ("or", &["A"]),
    ("and", &["A", "P"]),
    ("or", &["A", "P"]),
    ("html", &[]),
    ("js", &[]),
    ("urlquery", &[]),
    ("html", &["A"]),
    // Sprig's text functions.
    ("repeat", &["N"]),
    ("indent", &["N"]),
    ("nindent", &["N"]),
    ("contains", &["S"]),
    ("hasPrefix", &["S"]),
    ("hasSuffix", &["S"]),
    ("trimall", &["S"]),
    ("plural", &["S", "S"]),
    ("empty", &[]),
    ("ternary", &["A", "A"]),
    (
        "print",
        &["(ternary \"y\" \"n\" (empty .spectro.system.cluster.name))"],
    ),
    ("plural", &["S", "S", "N"]),
    // Sprig's lists, maps and JSON.
    ("list", &["A"]),
    ("list", &["A", "A"]),
    ("tuple", &["A"]),
    ("splitList", &["S"]),
    ("split", &["S"]),
    ("splitn", &["S", "N"]),
    ("toStrings", &[]),
    ("first", &[]),
    ("last", &[]),
    ("rest", &[]),
    ("initial", &[]),
    ("reverse", &[]),
    ("uniq", &[]),
    ("compact", &[]),
    ("sortAlpha", &[]),
    ("join", &["S"]),
    ("chunk", &["N"]),
    ("has", &["A"]),
    ("append", &["(list \"a\" 1)"]),
    ("prepend", &["(list \"a\" 1)"]),
    ("concat", &["(list 1 \"a\")"]),
    (
        "without",
        &["(splitList \"a\" .spectro.system.cluster.name)"],
    ),
    ("dict", &["S"]),
    ("dict", &["S", "A", "S"]),
    (
        "get",
        &["(dict \"a\" 1 \"b\" .spectro.system.cluster.name)"],
    ),
    ("hasKey", &["(dict \"a\" 1)"]),
    ("set", &["(dict \"a\" 1)", "S"]),
    ("unset", &["(dict \"a\" 1 \"b\" 2)"]),
    (
        "pick",
        &["(dict \"a\" 1 \"b\" .spectro.system.cluster.name)"],
    ),
    (
        "omit",
        &["(dict \"a\" 1 \"b\" .spectro.system.cluster.name)"],
    ),
    ("pluck", &["S"]),
    ("keys", &[]),
    ("values", &[]),
    ("merge", &["(dict \"a\" \"\" \"b\" 2)"]),
    ("mergeOverwrite", &["(dict \"a\" \"\" \"b\" 2)"]),
    ("dig", &["S", "S"]),
    ("deepCopy", &[]),
    ("toJson", &[]),
    ("toPrettyJson", &[]),
    ("toRawJson", &[]),
    ("mustToJson", &[]),
    ("fromJson", &[]),
    ("mustFromJson", &[]),
    ("print", &["(list .spectro.system.cluster.name 1 nil)"]),
    (
        "printf",
        &["F", "(list .spectro.system.cluster.name 1.5 nil)"],
    ),
    (
        "printf",
        &["F", "(dict \"k\" .spectro.system.cluster.name \"n\" 2)"],
    ),
    (
        "print",
        &["(index (splitList \"a\" .spectro.system.cluster.name) 1)"],
    ),
    (
        "print",
        &["(regexFindAll \"[a-z]+\" .spectro.system.cluster.name -1)"],
    ),
    (
        "print",
        &["(regexFindAll \"\\\\w\" .spectro.system.cluster.name 2)"],
    ),
    (
        "print",
        &["(regexFindAll \"a*\" .spectro.system.cluster.name -1)"],
    ),
    (
        "print",
        &["(regexSplit \"\\\\s+\" .spectro.system.cluster.name -1)"],
    ),
    (
        "print",
        &["(regexSplit \"a*\" .spectro.system.cluster.name 3)"],
    ),
    (
        "print",
        &["(regexSplit \"\\\\d\" .spectro.system.cluster.name 0)"],
    ),
    ("eq", &["(list 1)"]),
    ("default", &["(list 1)"]),
];

/// What makes a list or map of the value, first in a list chain.
const LIST_SOURCES: &[(&str, &[&str])] = &[
    ("splitList", &["S"]),
    ("splitList", &["\"\""]),
    ("split", &["S"]),
    ("splitn", &["S", "N"]),
    ("list", &["A"]),
    ("list", &["A", "A"]),
    ("dict", &["S"]),
    ("dict", &["S", "A", "S"]),
    ("toStrings", &[]),
    ("toJson", &[]),
];

/// What takes a list or map, after a source in a list chain.
const LIST_CALLS: &[(&str, &[&str])] = &[
    ("first", &[]),
    ("last", &[]),
    ("rest", &[]),
    ("initial", &[]),
    ("reverse", &[]),
    ("uniq", &[]),
    ("compact", &[]),
    ("sortAlpha", &[]),
    ("toStrings", &[]),
    ("join", &["S"]),
    ("len", &[]),
    ("toJson", &[]),
    ("toPrettyJson", &[]),
    ("toRawJson", &[]),
    ("fromJson", &[]),
    ("values", &[]),
    ("has", &["A"]),
    ("chunk", &["N"]),
    ("concat", &["(list 1)"]),
    ("deepCopy", &[]),
    ("quote", &[]),
    ("toString", &[]),
    ("print", &[]),
    ("printf", &["F"]),
    ("empty", &[]),
    ("default", &["S"]),
    ("pluck", &["S"]),
    ("merge", &["(dict \"a\" 1)"]),
    ("mergeOverwrite", &["(dict \"_0\" 1)"]),
    ("dig", &["S", "S"]),
    ("slice", &[]),
    ("mustFirst", &[]),
    ("len", &[]),
    ("eq", &["A"]),
];

/// Sprig and Go built-in functions whose result depends only on the input.
const OTHERS: &[(&str, &[&str])] = &[
    // Helm's, not Sprig's: Go fails to parse it.
    ("required", &["S"]),
    // Computed by Palette at deploy time: byoos keeps them as written.
    ("shuffle", &[]),
    ("env", &[]),
    ("randAlpha", &[]),
    ("uuidv4", &[]),
    ("now", &[]),
    ("abbrev", &["N"]),
    ("wrap", &["N"]),
    ("camelcase", &[]),
    ("snakecase", &[]),
    ("kebabcase", &[]),
    ("swapcase", &[]),
    ("untitle", &[]),
    ("initials", &[]),
    ("sha256sum", &[]),
    ("sha1sum", &[]),
    ("adler32sum", &[]),
    ("b32enc", &[]),
    ("regexMatch", &["R"]),
    ("regexFind", &["R"]),
    ("base", &[]),
    ("dir", &[]),
    ("ext", &[]),
    ("clean", &[]),
    ("coalesce", &["S"]),
    ("urlParse", &[]),
    ("urlJoin", &[]),
];

/// Sprig's scalar functions (arithmetic, conversions, digests, paths, words), drawn for
/// some function cases with their own generator so that the other cases stay as they
/// were: `A` a number of any kind (strings of numbers too), `S` a small int, `N` a width.
const SCALAR: &[&str] = &[
    "add A",
    "add A A",
    "add",
    "add1",
    "sub A",
    "div A",
    "mod A",
    "mul A",
    "mul A A",
    "max A",
    "min A A",
    "biggest A",
    "floor",
    "ceil",
    "int | round A",
    "len | round A S",
    "int | round A | toString",
    "addf A",
    "addf A A",
    "add1f",
    "subf A",
    "divf A",
    "mulf A",
    "maxf A",
    "minf A A",
    "int",
    "int64",
    "float64",
    "atoi",
    "toDecimal",
    "len | seq",
    "len | seq S",
    "len | seq S S",
    "toString",
    "int64 | add A",
    "float64 | mulf A",
    "int | printf \"%d\"",
    "add A | printf \"%v %T\"",
    "float64 | printf \"%v %T\"",
    "abbrev N",
    "abbrevboth N N",
    "untitle",
    "initials",
    "sha1sum",
    "sha256sum",
    "adler32sum",
    "b32enc",
    "base",
    "dir",
    "clean",
    "ext",
    "isAbs",
    "osBase",
    "osDir",
    "osClean",
    "osExt",
    "osIsAbs",
    "add1 | add1f",
    "atoi | add A",
    "atoi | div A",
];

/// Sprig's regular expressions, numbers, defaults, types, URLs and versions, drawn for
/// some function cases with a generator of their own (the other cases stay as they
/// were). `REF` is the value (else it is piped last); `X` a pattern, `Y` a replacement,
/// `N` a small int, `A` any literal, `T` a Go type or kind name, `V` a constraint.
const MORE: &[&str] = &[
    "regexMatch X REF",
    "mustRegexMatch X REF",
    "regexFind X REF",
    "mustRegexFind X REF",
    "regexReplaceAll X REF Y",
    "mustRegexReplaceAll X REF Y",
    "regexReplaceAllLiteral X REF Y",
    "mustRegexReplaceAllLiteral X REF Y",
    "regexQuoteMeta",
    "regexMatch (regexQuoteMeta REF) REF",
    "regexReplaceAll (regexQuoteMeta REF) REF Y",
    "wrap N",
    "wrapWith N \"-\"",
    "wrapWith N \"<br>\"",
    "b32enc | b32dec",
    "b32dec",
    "len | until",
    "until N",
    "untilStep N (len REF) N",
    "len | untilStep N N",
    "until N | toJson",
    "coalesce A",
    "coalesce A A",
    "all A",
    "any A",
    "all",
    "any A A",
    "typeOf",
    "kindOf",
    "typeIs T",
    "typeIsLike T",
    "kindIs T",
    "typeOf A | cat REF",
    "kindOf A | cat REF",
    "typeOf (until N) | cat REF",
    "deepEqual A",
    "deepEqual (list REF) (list A)",
    "urlParse | toJson",
    "urlParse | urlJoin",
    "urlJoin (dict \"host\" REF \"scheme\" \"https\" \"path\" REF)",
    "urlJoin (dict \"path\" REF \"fragment\" REF \"query\" REF)",
    "urlJoin (dict \"opaque\" REF \"scheme\" \"x\")",
    "urlJoin (dict \"userinfo\" REF \"host\" \"h\")",
    "semverCompare V",
    "semver",
    "cat (hello)",
    "fail",
];

/// Values for [`MORE`]: URLs, versions, text with groups to match.
const MORE_VALUES: &[&str] = &[
    "https://u:p%40ss@Example.com:8443/a%20b/c?q=1&r#fr%21ag",
    "http://[::1]:80/x",
    "mailto:someone@example.com",
    "/a/b?c",
    "a:b/c",
    "http://x/%zz",
    "http://x:8a/",
    "//host/p",
    "///p",
    "h%41st",
    "http://a b/",
    "http://h/?",
    "x?y?z",
    "u:p@",
    "1.2.3",
    "v1.2.3",
    "1.2",
    "1",
    "1.2.3-beta.1",
    "1.2.3-alpha.10+build",
    "1.3.0-01",
    "2.0.0",
    "0.2.5",
    "0.0.3",
    "1.2.3.4",
    "a=1,bb=22",
    "-ab-axxb-",
    "baaac",
    "a.b*c",
    "$1 ${x}",
    "MZXW6YTBOI======",
    "MY======",
    "MZXW6YQ",
    "the quick brown fox",
    "abcdefgh ij",
    "  a  b  ",
];

/// Patterns for [`MORE`], Go's RE2 syntax and the forms `regex-lite` reads otherwise.
const PATTERNS: &[&str] = &[
    "\"a\"",
    "\"^[a-z]+$\"",
    "\"a(x*)b\"",
    "\"(?P<k>[a-z]+)=(?P<v>[0-9]+)\"",
    "\"[0-9]+\"",
    "\"a*\"",
    "\"x*\"",
    "\"\\\\s+\"",
    "\"\\\\w+\"",
    "\"(\"",
    "\"[a\"",
    "\"*\"",
    "\"a{2\"",
    "\"a**\"",
    "\"a{1001}\"",
    "\"\\\\<a\\\\>\"",
    "\"\\\\_\"",
    "\"(?<n>a)\"",
    "\"(?x) a\"",
    "\"(?i)A\"",
    "\"(?U)a+\"",
    "\"(?s).\"",
    "\"[(?x)]\"",
    "\"\\\\1\"",
    "\"\\\\Qa.b\\\\E\"",
    "\"\\\\pL\"",
    "\"\\\\PL+\"",
    "\"\\\\p{Greek}\"",
    "\"[\\\\p{Nd}x]+\"",
    "\"[^\\\\p{Lu}]\"",
    "\"\\\\p{^Ll}\"",
    "\"\\\\pZ\"",
    "\"\\\\p{Han}\"",
    "\"\\\\pX\"",
    "\"\\\\101\\\\0\"",
    "\"\\\\012\"",
    "\"(?i)k\"",
    "\"(?i)[^s]\"",
    "\"(?i)é\"",
    "\"(?i)σ+\"",
    "\"(?i)[^k]\"",
    "\"(?i)\\\\w+\"",
    "\"(?i:s)x\"",
    "\"(?i)[α-ω]+\"",
    "\"(?i)\\\\pL\"",
    "\"(?i)[[:upper:]]\"",
    "\"(?i)[[:^alpha:]]\"",
    "\"(?i)\\\\W\"",
    "\"[\\\\S]\"",
    "\"\\\\b{a\"",
    "\"a(?)\"",
    "\"[[:alpha:]]+\"",
    "\"\\\\b\"",
    "\"$\"",
    "\"^\"",
    "\"\"",
    "\".\"",
    "\"é\"",
    "\"\\\\z\"",
    "\"\\\\Z\"",
    "\"(?m)^b\"",
];

/// Replacements for [`MORE`]: Go's `$` expansion in every form.
const REPLACEMENTS: &[&str] = &[
    "\"${1}W\"",
    "\"$1W\"",
    "\"$v:$k\"",
    "\"$$1 $ ${1 $01 $0 $9\"",
    "\"-\"",
    "\"\"",
    "\"[$0]\"",
    "\"${k}\"",
    "\"$}\"",
    "\"$é\"",
    "\"$1é\"",
];

/// `semver`'s value and its methods, drawn for the [`MORE`] cases that call `semver`:
/// `REF` is the value (else it is piped last), `W` another version, `P` a prerelease
/// or metadata text.
const SEMVER: &[&str] = &[
    "semver",
    "semver | toString",
    "semver | toJson",
    "semver | typeOf",
    "semver | kindOf",
    "semver | quote",
    "semver | empty",
    "semver | default \"d\"",
    "semver | printf \"%v|%s|%q|%x|%T|%10v|%-8s|\"",
    "semver | printf \"%#v\"",
    "semver | printf \"%d\"",
    "semver | len",
    "(semver REF).Major",
    "(semver REF).Minor",
    "(semver REF).Patch",
    "(semver REF).Prerelease",
    "(semver REF).Metadata",
    "(semver REF).Original",
    "(semver REF).String",
    "(semver REF).Value",
    "(semver REF).Major | add 1",
    "(semver REF).Minor | printf \"%v %T\"",
    "(semver REF).Patch | eq 3",
    "(semver REF).Compare (semver W)",
    "semver W | (semver REF).Compare",
    "(semver REF).LessThan (semver W)",
    "(semver REF).GreaterThan (semver W)",
    "(semver REF).Equal (semver W)",
    "(semver REF).Compare W",
    "(semver REF).IncMajor",
    "(semver REF).IncMinor",
    "(semver REF).IncPatch",
    "(semver REF).IncPatch | printf \"%#v\"",
    "(semver REF).IncMinor.Original",
    "(semver REF).IncMajor.IncPatch",
    "(semver REF).SetPrerelease P",
    "(semver REF).SetMetadata P",
    "((semver REF).SetPrerelease P).Prerelease",
    "(semver REF).major",
    "(semver REF).Foo",
    "eq (semver REF) (semver REF)",
    "deepEqual (semver REF) (semver W)",
    "list (semver REF) (semver W) | toJson",
    "list (semver REF) (semver W) | toString",
    "dict \"v\" (semver REF) | toJson",
    "index (list (semver REF)) 0 | typeOf",
    "semver REF | typeIs \"*semver.Version\"",
];

/// A [`SEMVER`] case: (text, value).
fn semver_case(rng: &mut Rng, tags: &mut Vec<String>) -> (String, String) {
    let form = rng.pick_str(SEMVER);
    let mut out = form.replace("REF", REF);
    while let Some(k) = out.find(" W") {
        let w = rng.pick_str(&[
            "\"1.2.3\"",
            "\"v1.2.3+b\"",
            "\"1.3.0\"",
            "\"1.2.3-alpha.10\"",
            "\"2\"",
            "\"0.0.1-rc.1\"",
        ]);
        out.replace_range(k + 1..k + 2, w);
    }
    while let Some(k) = out.find(" P") {
        let p = rng.pick_str(&[
            "\"rc.1\"",
            "\"\"",
            "\"01\"",
            "\"a..b\"",
            "\"a_b\"",
            "\"x-y.7\"",
        ]);
        out.replace_range(k + 1..k + 2, p);
    }
    for word in form.split([' ', '(', ')', '|']) {
        if word.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            tags.push(format!("fn:{word}"));
        }
    }
    let value = if rng.chance(70) {
        rng.pick_str(MORE_VALUES).to_owned()
    } else {
        gen::value(rng)
    };
    let text = if form.contains("REF") {
        format!("{{{{ {out} }}}}")
    } else {
        format!("{{{{ {REF} | {out} }}}}")
    };
    (text, value)
}

/// A [`MORE`] case: (text, value).
fn more_case(rng: &mut Rng, tags: &mut Vec<String>) -> (String, String) {
    let form = rng.pick_str(MORE);
    if form == "semver" {
        return semver_case(rng, tags);
    }
    let mut out = String::new();
    for token in form.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let word = token.trim_end_matches(')');
        let closing = &token[word.len()..];
        match word {
            "REF" => out.push_str(REF),
            "X" => out.push_str(rng.pick_str(PATTERNS)),
            "Y" => out.push_str(rng.pick_str(REPLACEMENTS)),
            "N" => out.push_str(rng.pick_str(&["0", "1", "3", "5", "10", "-1", "-4"])),
            "A" => out.push_str(rng.pick_str(ANY)),
            "T" => out.push_str(rng.pick_str(&[
                "\"string\"",
                "\"int\"",
                "\"slice\"",
                "\"map\"",
                "\"invalid\"",
                "\"*string\"",
                "\"[]interface {}\"",
                "\"<nil>\"",
            ])),
            "V" => out.push_str(rng.pick_str(&[
                "\">=1.2.0 <2\"",
                "\"^1.2\"",
                "\"^0.2.3\"",
                "\"^0.0.3\"",
                "\"~1.2.3\"",
                "\"~1\"",
                "\"~1.2.x\"",
                "\"1.2.x\"",
                "\"*\"",
                "\"!=1.x\"",
                "\">1.x\"",
                "\"<=1.2\"",
                "\"1.1 - 1.3\"",
                "\"<1 || >=3, <4\"",
                "\">=1.2-0\"",
                "\"!=1.2.3\"",
                "\"v1.2.3\"",
                "\">>1\"",
                "\"\"",
                "\"=1.2.3\"",
                "\"~>1.2\"",
                "\"=<2\"",
                "\"=>1.2.3-beta.2\"",
                "\"<1.2.3-alpha.10\"",
                "\">0.0.0-0\"",
                "\"1.x || 2.x\"",
                "\">= 1.2, < 3.0.0\"",
            ])),
            w => {
                let name = w.trim_start_matches('(');
                if name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                    tags.push(format!("fn:{name}"));
                }
                out.push_str(w);
            }
        }
        out.push_str(closing);
    }
    let value = if rng.chance(60) {
        rng.pick_str(MORE_VALUES).to_owned()
    } else {
        gen::value(rng)
    };
    let text = if form.contains("REF") {
        format!("{{{{ {out} }}}}")
    } else {
        format!("{{{{ {REF} | {out} }}}}")
    };
    (text, value)
}

/// Numbers as a pipeline's constants: ints, floats, strings of numbers, and what cast
/// reads as 0.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "7",
    "3",
    "100",
    "9223372036854775807",
    "-9223372036854775808",
    "1.5",
    "-2.5",
    "0.1",
    "0.2",
    "2.675",
    "1e6",
    "1e300",
    "-0.0",
    "\"5\"",
    "\"-3\"",
    "\"1.00\"",
    "\"0x1F\"",
    "\"0755\"",
    "\"1.5\"",
    "\"\"",
    "\"abc\"",
    "\"1e3\"",
    "\"Inf\"",
    "\"NaN\"",
    "\"1_000\"",
    "true",
    "false",
    "nil",
    "0x10",
    "'a'",
];

/// Values of `.spectro.system.cluster.name` for the scalar functions.
const NUMBER_VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "42",
    "1.00",
    "1.5",
    "-7.25",
    "0x1F",
    "0755",
    "0o17",
    "0b101",
    "1_000",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1e3",
    "1e400",
    "inf",
    "-Infinity",
    "NaN",
    "+5",
    " 5",
    "5 ",
    "",
    "abc",
    "0.1",
    "2.675",
    "00",
    "-0",
    "a/b/../c",
    "/a//b/",
    "x.tar.gz",
    "../..",
    "/",
    "./a/",
    "Hello World",
    "hello big world",
];

/// A scalar-function case: (text, value, tags).
fn scalar_case(rng: &mut Rng, tags: &mut Vec<String>) -> (String, String) {
    let form = rng.pick_str(SCALAR);
    let mut out = String::new();
    for word in form.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        match word {
            "A" => out.push_str(rng.pick_str(NUMBERS)),
            "S" => out.push_str(rng.pick_str(&["-3", "-1", "0", "1", "2", "5"])),
            "N" => out.push_str(rng.pick_str(&["0", "3", "4", "5", "7", "8", "10", "-1", "20"])),
            w => {
                if w.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                    tags.push(format!("fn:{w}"));
                }
                out.push_str(w);
            }
        }
    }
    let value = if rng.chance(60) {
        rng.pick_str(NUMBER_VALUES).to_owned()
    } else {
        gen::value(rng)
    };
    (format!("{{{{ {REF} | {out} }}}}"), value)
}

/// Sprig's word-case, duration, date and secret-material functions, alone and chained.
const WORD_CASE: &[&str] = &[
    "camelcase",
    "snakecase",
    "kebabcase",
    "swapcase",
    "camelcase | snakecase",
    "snakecase | camelcase",
    "kebabcase | swapcase",
    "swapcase | swapcase",
    "lower | camelcase",
    "upper | kebabcase",
    "title | snakecase",
    "camelcase | len",
    "duration",
    "durationRound",
    "duration | durationRound",
    "atoi | int64 | duration",
    "atoi | int64 | durationRound",
    "int | duration",
    "len | duration",
    "toString | durationRound",
    "unixEpoch",
    "htmlDateInZone 0",
    "htmlDateInZone -62135596801",
    "dateInZone \"Mon Jan _2 15:04:05.000 MST 2006 Z07:00 -0700 __2 3PM\" 1700000000",
    "dateInZone \"2006-01-02\" \"0\"",
    "dateInZone \"06 Monday January 002 pm .999\" 9223372036854775807",
    "dateModify \"1h\"",
    "mustDateModify \"x\"",
    "toDate \"2006-01-02\"",
    "toDate \"15:04\" | unixEpoch",
    "mustToDate \"2006-01-02\" | unixEpoch",
    "derivePassword 1 \"long\" \"pw\" \"user\"",
    "decryptAES \"key\"",
    "buildCustomCert \"Y2VydA==\"",
];

/// Values for [`WORD_CASE`]: word boundaries of every kind (case changes, numbers,
/// connectors, punctuation, CJK, U+FFFD, title-case digraphs) and durations.
const WORD_VALUES: &[&str] = &[
    "HTTPServer",
    "some_words",
    "Bld4Floor3rd",
    "http2xx",
    "HTTP20xOK",
    "_a__b_",
    "-",
    " ",
    "x\u{fffd}Y",
    "\u{fffd}",
    "ǅungla",
    "ǈǉǇ",
    "ΣΑΣ σας",
    "中文Abc",
    "\u{20000}a",
    "ⅫⅻNo½",
    "a\u{301}B",
    "İı",
    "ꞪaBc",
    "𐐀𐐨",
    "$x+y",
    "a.b,c!",
    "A-B_C D",
    "ⓐⒶ",
    "3600",
    "-90",
    "+5",
    "99999999999999999999",
    "-9223372036854775808",
    "1h30m",
    "1.5h",
    ".5s",
    "-0",
    "0",
    "2h45m10.5s",
    "1µs",
    "1μs",
    "1us",
    "8761h",
    "9223372036854775808ns",
    "2020-01-02",
    "12:30",
    "UTC",
    "Europe/Paris",
    "Local",
    "../x",
];

/// A word-case case: (text, value).
fn word_case(rng: &mut Rng, tags: &mut Vec<String>) -> (String, String) {
    let form = rng.pick_str(WORD_CASE);
    for w in form.split(' ') {
        if w.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            tags.push(format!("fn:{w}"));
        }
    }
    let value = if rng.chance(40) {
        gen::value(rng)
    } else {
        let n = 1 + rng.below(3);
        let parts: Vec<&str> = (0..n).map(|_| rng.pick_str(WORD_VALUES)).collect();
        parts.join(rng.pick_str(&["", " ", "_", "-"]))
    };
    (format!("{{{{ {REF} | {form} }}}}"), value)
}

const SYNTAX: &[&str] = &[
    "{{- REF -}}",
    "a {{- REF }}",
    "{{ REF -}} b",
    "a {{- REF -}} b",
    "{{-REF}}",
    "{{REF-}}",
    "{{/* c */}}{{ REF }}",
    "{{- /* c */ -}}{{ REF }}",
    "{{ }}{{ REF }}",
    "{{ nil }}{{ REF }}",
    "{{ else }}{{ REF }}",
    "{{ REF }}{{ end }}",
    "{{ break }}{{ REF }}",
    "{{ continue }}{{ REF }}",
    "{{ if REF }}y{{ end }}",
    "{{ if REF }}y{{ else }}n{{ end }}",
    "{{ if eq REF \"a\" }}y{{ else if REF }}z{{ else }}n{{ end }}",
    "{{ with REF }}{{ . }}{{ end }}",
    "{{ range $i, $c := REF }}{{ $i }}{{ end }}",
    "{{ default \"x\" REF }}",
    "{{ (REF) }}",
    "{{ (REF | upper) }}",
    "{{ printf \"%s-x\" REF }}",
    "{{ REF | printf \"%q\" }}",
    "{{ $x := REF }}{{ $x }}",
    "{{ REF }}{{ REF }}",
    "{{ REF | upper | lower }}",
    "{{ upper REF }}",
    "{{ REF | len }}",
    "{{ REF }",
    "{{ REF",
    "{{ REF }}}}",
    "{{ REF | }}",
    "{{ | REF }}",
    "{{ REF | upper \"x\" }}",
    "{{ REF.x }}",
    "{{ REF }}{{/* unclosed }}",
    "{{ \"a\" | cat REF }}",
    "{{ REF | cat (REF) }}",
    "{{\tREF\t}}",
    "{{\nREF\n}}",
];

/// Forms Go's parser or executor refuses (misplaced, empty, unclosed), mixed into the
/// syntax area with their own draw so that the other syntax cases stay as they were.
const SYNTAX_GO: &[&str] = &[
    "{{  }}{{ REF }}",
    "{{- }}{{ REF }}",
    "{{ REF }}{{ }}",
    "{{ nil | upper }}{{ REF }}",
    "{{ REF }}{{ nil }}",
    "{{ if REF }}y",
    "{{ with REF }}y{{ else }}n",
    "{{ if REF }}y{{ else }}n{{ else }}m{{ end }}",
    "{{ with REF }}y{{ else if REF }}n{{ end }}",
    "{{ if REF }}y{{ end }}{{ end }}",
    "{{ REF }}{{ else if REF }}",
    "{{ else }}{{ REF }}{{ end }}",
    "{{ if REF }}{{ break }}{{ end }}",
    "{{ with REF }}{{ continue }}{{ end }}",
    "{{ range REF }}{{ end }}",
    "{{ if REF }}{{ define \"x\" }}{{ end }}{{ end }}",
    "{{ REF -}}{{-REF}}",
    "{{-REF -}}",
    "{{- REF }}{{ end -}}",
    "{{ REF }}{{/* unclosed",
    "{{/* a */ REF }}",
    "{{ REF }}{{ , }}",
    "{{ | }}{{ REF }}",
    "{{ if }}{{ REF }}{{ end }}",
    "{{ end }}{{ REF }}{{ if REF }}",
];

/// Go's variables (`$x :=`, `$x =`, `$x.f`, `$.spectro…`, scopes), `range` (lists, maps,
/// `$i, $v :=`, `else`, `break`, `continue`) and a `with` reading fields of its dot: the
/// forms byoos evaluates, and those Go's parser or executor refuses.
const SYNTAX_VARS: &[&str] = &[
    "{{ $x := REF }}{{ $x }}",
    "{{ $x := REF }}{{ $x | upper }}-{{ $x }}",
    "{{ $x := REF }}{{ $x = upper $x }}{{ $x }}",
    "{{ $x := REF }}{{ if $x }}y{{ $x }}{{ else }}n{{ end }}",
    "{{- $x := REF -}} a {{- $x }}",
    "{{ if $y := REF }}{{ $y }}{{ end }}",
    "{{ with $y := REF }}{{ $y }}{{ . }}{{ end }}",
    "{{ with REF }}{{ . }}{{ $.spectro.system.cluster.name | len }}{{ end }}",
    "{{ $x := REF }}{{ if REF }}{{ $x = printf \"%s!\" $x }}{{ end }}{{ $x }}",
    "{{ $x := REF }}{{ if REF }}{{ $x := len $x }}{{ $x }}{{ end }}{{ $x }}",
    "{{ $x := REF }}{{ $x.y }}",
    "{{ $z }}{{ REF }}",
    "{{ REF }}{{ $z = 1 }}",
    "{{ if REF }}{{ $y := REF }}{{ end }}{{ $y }}",
    "{{ if not REF }}{{ $y := REF }}{{ else }}{{ $y }}{{ end }}",
    "{{ $d := dict \"k\" REF }}{{ $d.k }}{{ $d.none }}",
    "{{ with dict \"k\" REF }}{{ .k | upper }}{{ .none }}{{ end }}",
    "{{ with REF }}{{ .y }}{{ end }}",
    "{{ range $i, $c := splitList \"\" REF }}{{ $i }}{{ $c }}{{ end }}",
    "{{ range splitList \"-\" REF }}[{{ . }}]{{ else }}none{{ end }}",
    "{{ range $c := splitList \"\" REF }}{{ if eq $c \"a\" }}{{ break }}{{ end }}{{ $c }}{{ end }}",
    "{{ range $c := splitList \"\" REF }}{{ if eq $c \"a\" }}{{ continue }}{{ end }}{{ $c }}{{ end }}",
    "{{ range $k, $v := dict \"k\" REF \"a\" \"b\" }}{{ $k }}={{ $v }};{{ end }}",
    "{{ range REF | upper }}x{{ end }}",
    "{{ range splitList \"\" REF }}x{{ else }}{{ break }}{{ end }}",
    "{{ range $i, $c := splitList \",\" REF }}{{ $i }}{{ end }}{{ $i }}",
    "{{ $x := REF }}{{ range splitList \"\" $x }}{{ $x }}{{ . }}{{ end }}",
    "{{ range splitList \"\" REF }}{{ range splitList \"\" $.spectro.system.cluster.name }}{{ . }}{{ end }}{{ end }}",
    "{{ range $c := splitList \"\" REF }}{{ $u := upper $c }}{{ $u }}{{ end }}",
    "{{ range compact (splitList \"-\" REF) }}{{ . }}{{ end }}",
    "{{- range $i, $c := splitList \"\" REF -}} {{ $c }} {{- end }}",
];

pub(crate) fn generate(seed: u64, index: u64) -> Case {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let area = match index % 12 {
        0 | 1 => Area::Literal,
        2..=4 => Area::Function,
        5 | 6 => Area::Chain,
        7 => Area::Syntax,
        8 | 9 => Area::Scalar,
        _ => Area::Reference,
    };
    let mut tags = Vec::new();
    // List chains draw from their own generator, so the other chains stay as they were.
    let mut lists = Rng::new(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03) ^ 0x1157);
    let text = match area {
        Area::Literal => {
            let lit = gen::literal(&mut rng);
            tags.push(format!("lit:{lit}"));
            format!("{{{{ {REF} | cat {lit} }}}}")
        }
        Area::Function => {
            let table = if rng.chance(70) { EVALUATED } else { OTHERS };
            format!("{{{{ {REF} | {} }}}}", call(&mut rng, table, &mut tags))
        }
        Area::Chain if lists.chance(35) => {
            let n = 1 + lists.below(3);
            let mut calls = vec![call(&mut lists, LIST_SOURCES, &mut tags)];
            calls.extend((0..n).map(|_| call(&mut lists, LIST_CALLS, &mut tags)));
            format!("{{{{ {REF} | {} }}}}", calls.join(" | "))
        }
        Area::Chain => {
            let n = 2 + rng.below(3);
            let calls: Vec<String> = (0..n)
                .map(|_| call(&mut rng, EVALUATED, &mut tags))
                .collect();
            format!("{{{{ {REF} | {} }}}}", calls.join(" | "))
        }
        Area::Syntax => {
            let mut go = Rng::new(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5f5f);
            let mut form = *rng.pick(SYNTAX);
            if go.chance(20) {
                form = go.pick_str(SYNTAX_GO);
            }
            // Variables and `range`, with a draw of their own as well.
            let mut vars = Rng::new(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x7a7a);
            if vars.chance(30) {
                form = vars.pick_str(SYNTAX_VARS);
            }
            tags.push(format!("syntax:{form}"));
            form.replace("REF", REF)
        }
        Area::Scalar => gen::scalar(&mut rng),
        Area::Reference => gen::reference(&mut rng),
    };
    let mut value = gen::value(&mut rng);
    let mut text = text;
    // Some function cases become scalar-function cases, drawn from a generator of their
    // own: the other cases are the ones earlier runs drew.
    let mut sc = Rng::new(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03) ^ 0x5c5c);
    let mut more = Rng::new(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5a5a);
    if area == Area::Function && sc.chance(45) {
        tags.clear();
        (text, value) = scalar_case(&mut sc, &mut tags);
    } else if area == Area::Function && more.chance(30) {
        tags.clear();
        (text, value) = more_case(&mut more, &mut tags);
    }
    // Word-case, duration and date functions: a draw of their own again.
    let mut wc = Rng::new(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F) ^ 0xcace);
    if area == Area::Function && wc.chance(12) {
        tags.clear();
        (text, value) = word_case(&mut wc, &mut tags);
    }
    Case {
        id: format!("{seed}-{index}"),
        area,
        text,
        value,
        tags,
    }
}

fn call(rng: &mut Rng, table: &[(&str, &[&str])], tags: &mut Vec<String>) -> String {
    let (name, params) = rng.pick(table);
    tags.push(format!("fn:{name}"));
    let mut out = (*name).to_owned();
    for p in *params {
        out.push(' ');
        out.push_str(match *p {
            "N" => rng.pick_str(&["0", "1", "2", "3", "5", "-1", "-2", "100"]),
            "F" => rng.pick_str(FORMATS),
            "A" => rng.pick_str(ANY),
            "P" => {
                let p = rng.pick_str(&[
                    "(index .spectro.system.cluster.name 0)",
                    "(index .spectro.system.cluster.name 1 0)",
                    "(len .spectro.system.cluster.name)",
                    "(slice .spectro.system.cluster.name 1)",
                    "(slice .spectro.system.cluster.name 0 2)",
                    "(eq .spectro.system.cluster.name \"a\")",
                    "(b64dec \"***\")",
                    "(printf \"%d\" 5)",
                ]);
                let name = p[1..].split(' ').next().unwrap_or_default();
                tags.push(format!("fn:{name}"));
                p
            }
            "R" => rng.pick_str(&["\"a\"", "\"^[a-z]+$\"", "\"\\\\d\"", "\"\\\\w+\""]),
            p if p.starts_with('(') => p,
            _ => rng.pick_str(&[
                "\"a\"", "\"\"", "\"é\"", "\"x\"", "\" \"", "\"ß\"", "\"-\"", "\"ab\"",
            ]),
        });
    }
    out
}

/// `printf` formats: every verb for every kind, flags, widths, precisions, argument
/// indexes, and the malformed forms.
const FORMATS: &[&str] = &[
    "\"%s\"",
    "\"%q\"",
    "\"%v-%v\"",
    "\"%d\"",
    "\"%x\"",
    "\"%X\"",
    "\"%o\"",
    "\"%O\"",
    "\"%b\"",
    "\"%e\"",
    "\"%E\"",
    "\"%f\"",
    "\"%F\"",
    "\"%g\"",
    "\"%G\"",
    "\"%t\"",
    "\"%c\"",
    "\"%U\"",
    "\"%#U\"",
    "\"%5s|\"",
    "\"%-5s|\"",
    "\"%.2s\"",
    "\"%05d\"",
    "\"%+q\"",
    "\"%#q\"",
    "\"% x\"",
    "\"%#x\"",
    "\"%#v\"",
    "\"%T\"",
    "\"%[1]s\"",
    "\"%[2]v %[1]v\"",
    "\"%[3]d\"",
    "\"%*d\"",
    "\"%.*s\"",
    "\"%.3f\"",
    "\"%8.3e|\"",
    "\"%+.2g\"",
    "\"%#g\"",
    "\"%x %x\"",
    "\"%!\"",
    "\"%\"",
    "\"%%\"",
    "\"%z\"",
    "\"%p\"",
    "\"%v\"",
    "\"%s %d\"",
    "\"a%-8.3v|\"",
    "\"%06.2f\"",
    "\"%+d\"",
    "\"% d\"",
    "\"%.0d\"",
    "\"%q %c\"",
    "\"%é\"",
    "\"%10.4q\"",
    "\"%-#8x|\"",
    "\"\"",
];

/// A literal of every kind for `any` parameters.
const ANY: &[&str] = &[
    "\"a\"",
    "\"\"",
    "\"é\"",
    "\"ab\"",
    "\"1\"",
    "0",
    "1",
    "-1",
    "65",
    "255",
    "100000",
    "1.5",
    "0.0",
    "-2.25",
    "1e6",
    "0.0000001",
    "true",
    "false",
    "nil",
    "0x1F",
];

pub(crate) fn template_source(case: &Case) -> String {
    format!("v: |-\n  {}\n", case.text.replace('\n', "\n  "))
}

pub(crate) fn template_context(case: &Case) -> Value {
    json!({"system": {"cluster.name": case.value}})
}

pub(crate) const SCALAR_PREFIX: &str =
    "pack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: rhel\n  osVersion: ";

pub(crate) fn run_byoos(case: &Case) -> Outcome {
    match case.area {
        Area::Scalar => {
            let source = format!("{SCALAR_PREFIX}{}\n", case.text);
            let options = Options::default()
                .with_pack(PackKind::GenericByoi)
                .with_provider(Provider::Aws);
            let report = validate(&source, &options);
            let codes = report
                .diagnostics
                .iter()
                .filter(|d| {
                    d.path.to_string() == "pack/osVersion"
                        || d.code.as_str().starts_with("yaml/syntax")
                })
                .map(|d| d.code.as_str().to_owned())
                .collect();
            let message = report
                .diagnostics
                .iter()
                .find(|d| d.code.as_str() == "yaml/implicit-type")
                .map(|d| d.message.clone());
            Outcome::Scalar { codes, message }
        }
        Area::Reference => {
            let report = check_image(Provider::Edge, &case.text, &ImageOptions::default());
            Outcome::Reference {
                ok: report.ok,
                normalized: report.normalized,
                codes: report
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.code.as_str().to_owned())
                    .collect(),
            }
        }
        _ => {
            let context: Context = serde_json::from_value(template_context(case)).expect("context");
            let source = template_source(case);
            match render(&source, &context, &Options::default()) {
                Err(d) => Outcome::Template {
                    error: Some(
                        d.first()
                            .map_or("failed".into(), |d| d.code.as_str().to_owned()),
                    ),
                    text: None,
                    value: None,
                },
                Ok(r) => {
                    let error = r
                        .diagnostics
                        .iter()
                        .find(|d| d.is_error())
                        .map(|d| d.code.as_str().to_owned());
                    let value = read_back(&r.text);
                    Outcome::Template {
                        error,
                        value,
                        text: Some(r.text),
                    }
                }
            }
        }
    }
}

/// byoos's own reading of `v` in a rendered document.
fn read_back(text: &str) -> Option<String> {
    let mut ignored = Vec::new();
    let doc = byoos_core::Document::parse(text, &Default::default(), &mut ignored);
    if ignored.iter().any(|d| d.is_error()) {
        return None;
    }
    let v = doc.root()?.get("v")?;
    match v.resolved() {
        Some(byoos_core::yaml::Resolved::Str) | None => v.as_str().map(str::to_owned),
        Some(_) => None,
    }
}

pub(crate) fn go_requests(case: &Case, ours: &Outcome) -> Vec<String> {
    let mut out = Vec::new();
    match (case.area, ours) {
        (Area::Scalar, _) => out.push(json!({"t": "scalar", "s": case.text}).to_string()),
        (Area::Reference, _) => {
            // `container://` is Palette's prefix, not the library's (docs/fidelity.md D1).
            let s = case.text.strip_prefix("container://").unwrap_or(&case.text);
            out.push(json!({"t": "ref", "s": s}).to_string());
        }
        (_, Outcome::Template { text, .. }) => {
            let data = json!({"system": {"cluster": {"name": case.value}}});
            out.push(json!({"t": "tpl", "src": case.text, "data": data}).to_string());
            if let Some(text) = text {
                out.push(json!({"t": "doc", "s": text}).to_string());
            }
        }
        _ => unreachable!("a template case has a template outcome"),
    }
    out
}

pub(crate) fn go_request_count(case: &Case, ours: &Outcome) -> usize {
    go_requests(case, ours).len()
}

/// `None` when byoos and Go agree, else what differs.
pub(crate) fn compare(case: &Case, ours: &Outcome, theirs: &[Value]) -> Option<String> {
    let go = &theirs[0];
    match ours {
        Outcome::Scalar { codes, message } => {
            let differs = ["v3", "v2", "k8s"].iter().any(|lib| {
                go[lib]["type"] != "string" || go[lib]["value"].as_str() != Some(case.text.as_str())
            });
            match (differs, codes.is_empty()) {
                (true, true) => {
                    Some("a Go library reads a non-string; byoos does not flag it".into())
                }
                (false, false) => Some(format!(
                    "every Go library reads the same string; byoos flags it ({})",
                    codes.join(", ")
                )),
                _ => message.as_deref().and_then(|m| misnamed(m, go)),
            }
        }
        Outcome::Reference { ok, normalized, .. } => {
            let go_ok = go["ok"] == true;
            match (go_ok, *ok) {
                (true, false) => Some("Go accepts the reference; byoos rejects it".into()),
                (false, true) => Some("Go rejects the reference; byoos accepts it".into()),
                (true, true) if normalized.as_deref() != go["normalized"].as_str() => {
                    Some("normalised forms differ".into())
                }
                _ => None,
            }
        }
        Outcome::Template { error, value, .. } => {
            let go_ok = go["ok"] == true;
            match (go_ok, error) {
                (true, Some(code)) => Some(format!("Go evaluates it; byoos reports {code}")),
                (false, None) => Some(format!(
                    "Go fails ({}); byoos renders it",
                    go["phase"].as_str().unwrap_or("?")
                )),
                (false, Some(_)) => None,
                (true, None) => {
                    // Palette writes an empty string where plain Go prints `<no value>`
                    // (docs/fidelity.md, harness conventions).
                    let want = go["out"]
                        .as_str()
                        .unwrap_or_default()
                        .replace("<no value>", "");
                    let want = want.as_str();
                    let doc = &theirs[1];
                    if doc["ok"] != true {
                        return Some("yaml.v3 cannot read the rendered document".into());
                    }
                    let v3 = doc["value"]["v"].as_str();
                    if value.as_deref() != Some(want) {
                        Some("byoos's value differs from Go's output".into())
                    } else if v3 != Some(want) {
                        Some("yaml.v3 reads another value from the rendered document".into())
                    } else {
                        None
                    }
                }
            }
        }
    }
}

/// Whether the `yaml/implicit-type` message names, for each library, what Go says it
/// reads (`yaml.v3 reads `X` as the integer 15; yaml.v2 … read it as a string`); `None`
/// when it does.
fn misnamed(message: &str, go: &Value) -> Option<String> {
    for (lib, name) in [
        ("v3", "yaml.v3"),
        ("v2", "yaml.v2"),
        ("k8s", "sigs.k8s.io/yaml"),
    ] {
        let value = go[lib]["value"].as_str().unwrap_or_default();
        let what = match go[lib]["type"].as_str().unwrap_or_default() {
            "string" => "a string".to_owned(),
            "null" => "null".to_owned(),
            "int" => format!("the integer {value}"),
            "float" => format!("the number {value}"),
            "bool" => format!("the boolean {value}"),
            "time" => format!("the time {value}"),
            _ => String::new(),
        };
        let clause = message.split("; ").find(|c| {
            c.split(" read")
                .next()
                .is_some_and(|names| names.split([',', ' ']).any(|n| n == name))
        });
        let named = clause.is_some_and(|c| {
            if what.is_empty() {
                c.contains(" fail")
            } else {
                c.ends_with(&format!(" as {what}"))
            }
        });
        if !named {
            return Some(format!(
                "the message does not say that {name} reads {}",
                if what.is_empty() {
                    "nothing (it fails)"
                } else {
                    &what
                }
            ));
        }
    }
    None
}

/// The case as a conformance case to paste (run `make bless` to fill in `expect`), with
/// Go's answer beside it.
pub(crate) fn as_conformance(case: &Case, ours: &Outcome, theirs: &[Value]) -> String {
    let body = match case.area {
        Area::Scalar => json!({
            "name": format!("oracle-{}", case.id), "op": "validate",
            "input": format!("{SCALAR_PREFIX}{}\n", case.text),
            "options": {"pack": "generic-byoi", "provider": "aws"},
        }),
        Area::Reference => json!({
            "name": format!("oracle-{}", case.id), "op": "check_image",
            "provider": "edge", "reference": case.text,
        }),
        _ => json!({
            "name": format!("oracle-{}", case.id), "op": "render",
            "input": template_source(case), "context": template_context(case),
        }),
    };
    let ours = match ours {
        Outcome::Template { error, value, .. } => json!({"error": error, "value": value}),
        Outcome::Scalar { codes, message } => json!({"codes": codes, "message": message}),
        Outcome::Reference {
            ok,
            normalized,
            codes,
        } => json!({"ok": ok, "normalized": normalized, "codes": codes}),
    };
    format!(
        "  byoos: {ours}\n  go:    {}\n  case:  {body}",
        Value::Array(theirs.to_vec())
    )
}
