#![allow(clippy::unwrap_used)]
//! Properties of `set_values`: only the named scalar changes, and it reads back exactly.

use byoos_core::yaml::{NodeKind, Style};
use byoos_core::{set_values, Document, Limits, Options, Path, Segment};
use proptest::prelude::*;

const DOC: &str = "\
# A values file with every scalar style.
pack:
  osImageOverride: ami-0f4804aff4cf9c5a2   # plain, with a comment
  osName: 'rhel'
  osVersion: \"8.10\"
  drain: {timeout: 60, force: true}
  list:
    - first
    - \"second\"
  note: |
    line one
    line two
  folded: >-
    folded text
  empty:
options:
  system.uri: \"{{ .spectro.pack.edge-native-byoi.options.system.registry }}/x\"  # uri
# trailing comment
";

const PATHS: &[&str] = &[
    "pack/osImageOverride",
    "pack/osName",
    "pack/osVersion",
    "pack/drain/timeout",
    "pack/drain/force",
    "pack/list/0",
    "pack/list/1",
    "pack/note",
    "pack/folded",
    "pack/empty",
    "options/system.uri",
];

/// The node at `path` and the region a rewrite may touch: the scalar itself, from the
/// block indicator for block scalars.
fn region(path: &Path) -> std::ops::Range<usize> {
    let mut d = Vec::new();
    let doc = Document::parse(DOC, &Limits::default(), &mut d);
    let mut cur = doc.root().unwrap();
    for seg in &path.0 {
        cur = match seg {
            Segment::Key(k) => cur.get(k).unwrap(),
            Segment::Index(i) => cur.items().unwrap()[*i],
        };
    }
    let r = cur.range();
    match &cur.node().kind {
        NodeKind::Scalar {
            style: Style::Literal | Style::Folded,
            ..
        } => DOC[..r.start].rfind(['|', '>']).unwrap()..r.end,
        // An empty value: the new text goes after the colon the range sits on.
        _ if r.is_empty() => r.start + 1..r.end + 1,
        _ => r,
    }
}

fn read_back(text: &str, path: &Path) -> String {
    let mut d = Vec::new();
    let doc = Document::parse(text, &Limits::default(), &mut d);
    assert!(d.is_empty(), "{d:?}\n{text}");
    let mut cur = doc.root().unwrap();
    for seg in &path.0 {
        cur = match seg {
            Segment::Key(k) => cur.get(k).unwrap(),
            Segment::Index(i) => cur.items().unwrap()[*i],
        };
    }
    cur.scalar().unwrap().0.to_owned()
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,20}",
        "[a-z0-9:#'\"{}\\[\\],&*!|>%@` .-]{0,12}",
        prop::sample::select(vec![
            "",
            " ",
            "true",
            "no",
            "8.10",
            "1e3",
            "0x1F",
            "~",
            "null",
            "- a",
            "a: b",
            "a #b",
            "#",
            "---",
            "...",
            "x\n",
            "x\ny\n",
            "\n",
            "a\n\n",
            " lead",
            "trail ",
            "'",
            "\"",
            "\\",
            "{{ .spectro.system.cluster.name }}",
            "\u{feff}x",
            "\u{85}",
            "é",
            "\t",
        ])
        .prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn only_the_named_scalar_changes(i in 0..PATHS.len(), v in value()) {
        let path = Path::parse(PATHS[i]);
        let edited = set_values(DOC, &[(path.clone(), v.clone())], &Options::default())
            .unwrap_or_else(|e| panic!("{} = {v:?}: {e:?}", PATHS[i]));
        let r = region(&path);
        let text = &edited.text;
        prop_assert!(text.starts_with(&DOC[..r.start]), "prefix changed: {text}");
        prop_assert!(text.ends_with(&DOC[r.end..]), "suffix changed: {text}");
        prop_assert_eq!(read_back(text, &path), v);
    }

    #[test]
    fn never_panics(src in "[a-z:{}\\[\\],'\"|>&*#~ \n-]{0,60}", p in "[a-z0-9/]{0,8}", v in ".{0,8}") {
        let path = Path::parse(&p);
        if let Ok(e) = set_values(&src, &[(path.clone(), v.clone())], &Options::default()) {
            let mut d = Vec::new();
            let doc = Document::parse(&e.text, &Limits::default(), &mut d);
            prop_assert!(d.is_empty(), "{src:?} {p:?} {v:?} -> {:?}", e.text);
            prop_assert!(doc.root().is_some());
        }
    }
}

#[test]
fn several_assignments_keep_every_comment() {
    let a = [
        (Path::parse("pack/osName"), "ubuntu".to_owned()),
        (Path::parse("pack/osVersion"), "22.04".to_owned()),
        (Path::parse("pack/drain/timeout"), "120".to_owned()),
        (Path::parse("pack/drain/gracePeriod"), "30".to_owned()),
        (Path::parse("pack/newKey/inner"), "v".to_owned()),
    ];
    let e = set_values(DOC, &a, &Options::default()).unwrap();
    for line in DOC.lines().filter(|l| l.contains('#')) {
        let comment = &line[line.find("# ").unwrap()..];
        assert!(e.text.contains(comment), "{comment} lost:\n{}", e.text);
    }
    assert!(
        e.text
            .contains("  drain: {timeout: 120, force: true, gracePeriod: \"30\"}\n"),
        "{}",
        e.text
    );
    assert!(
        e.text
            .contains("  empty:\n  newKey:\n    inner: v\noptions:"),
        "{}",
        e.text
    );
    assert!(
        e.text
            .contains("  osName: 'ubuntu'\n  osVersion: \"22.04\"\n"),
        "{}",
        e.text
    );
}
