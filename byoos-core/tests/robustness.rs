//! Hostile inputs: every one gets a diagnostic, none panics or hangs, and every span
//! is a valid range of the input that agrees with its line/column.

use byoos_core::{validate, Code, Options, Report};
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn check_spans(source: &str, report: &Report) {
    for d in &report.diagnostics {
        if let Err(e) = byoos_core::diagnostic::check_invariants(d, source) {
            panic!("{e}");
        }
        // Every renderer accepts every diagnostic.
        let _ = byoos_core::report::render_text(
            source,
            "input.yaml",
            std::slice::from_ref(d),
            byoos_core::report::TextStyle::Plain,
        );
    }
}

/// Validate, check spans, and return the codes; fails if it takes absurdly long (a hang).
fn codes(source: &str, options: &Options) -> Vec<Code> {
    let t = Instant::now();
    let report = validate(source, options);
    let took = t.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    check_spans(source, &report);
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn empty_and_blank_inputs() {
    for src in [
        "",
        "\n",
        "   \n\n",
        "# only a comment\n",
        "---\n",
        "~\n",
        "null",
    ] {
        assert_eq!(
            codes(src, &Options::default()),
            [Code::PackEmpty],
            "{src:?}"
        );
    }
}

#[test]
fn malformed_yaml() {
    for src in [
        "a: [1, 2\n",
        "a: 'unterminated\n",
        "a:\n\t- tab\n",
        "a: b: c\n",
        "- a\nb: c\n",
        "{a: 1}}\n",
        "a: *nope\n",
    ] {
        let c = codes(src, &Options::default());
        assert!(
            matches!(c.first(), Some(Code::YamlSyntax)),
            "{src:?}: {c:?}"
        );
    }
}

#[test]
fn binary_garbage() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for len in [1usize, 7, 64, 4096, 100_000] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let src = String::from_utf8_lossy(&bytes).into_owned();
        let c = codes(&src, &Options::default());
        assert!(!c.is_empty(), "garbage of {len} bytes gave no diagnostic");
    }
    let c = codes("a: \u{0}b\n", &Options::default());
    assert_eq!(c, [Code::YamlControlCharacter]);
}

#[test]
fn deep_nesting_is_rejected() {
    for src in [
        "[".repeat(100_000),
        "{a: ".repeat(100_000),
        "- ".repeat(100_000) + "x",
        {
            let mut s = String::new();
            for i in 0..400 {
                s.push_str(&" ".repeat(i));
                s.push_str("a:\n");
            }
            s
        },
    ] {
        let c = codes(&src, &Options::default());
        assert_eq!(c, [Code::LimitDepth]);
    }
}

#[test]
fn alias_bomb_is_rejected() {
    let mut src = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..9u8 {
        let (name, prev) = ((b'a' + i) as char, (b'a' + i - 1) as char);
        src.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    assert_eq!(
        codes(&src, &Options::default()),
        [Code::LimitAliasExpansion]
    );
}

#[test]
fn input_size_and_node_limits() {
    let mut o = Options::default();
    o.limits.max_input_bytes = 64;
    assert_eq!(codes(&"a: b\n".repeat(20), &o), [Code::LimitInputSize]);
    let mut o = Options::default();
    o.limits.max_nodes = 100;
    assert_eq!(
        codes(&format!("[{}]", vec!["1"; 200].join(",")), &o),
        [Code::LimitNodes]
    );
    // The default size limit: 17 MiB of text is refused before parsing.
    let big = "#".repeat(17 * 1024 * 1024);
    assert_eq!(codes(&big, &Options::default()), [Code::LimitInputSize]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
        let report = validate(&src, &Options::default());
        check_spans(&src, &report);
    }

    #[test]
    fn yaml_like_text_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("pack:"), Just("options:"), Just("content:"), Just("images:"), Just("- image: "), Just("system.uri: "),
        Just("osImageOverride: "), Just("osVersion: 8.10"), Just("“x”"), Just("'a'"), Just("\"b\""), Just("&a "), Just("*a"),
        Just("!!str "), Just("<<: *a"), Just("{"), Just("}"), Just("["), Just("]"), Just(", "), Just("|\n"), Just(">-\n"),
        Just("\n"), Just("  "), Just("    "), Just("# c"), Just("---\n"), Just("NA"), Just("{{ .spectro.system.x }}"), Just("é😀"),
    ], 0..40)) {
        let src: String = parts.concat();
        let report = validate(&src, &Options::default());
        check_spans(&src, &report);
    }
}

#[test]
fn values_with_line_breaks_keep_messages_on_one_line() {
    let src = "pack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: \"red\\nhat\"\n  osVersion: \"8\"\n";
    let report = validate(src, &Options::default());
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == Code::PackInvalidValue),
        "{:?}",
        report.diagnostics
    );
    check_spans(src, &report);
}

/// Fuzz finding (`render`; the file is the fuzz input: values, `\n%%\n`, a context): a
/// pack name with a line break in the context went into the did-you-mean help of
/// `template/unknown-pack`, which then spanned two lines.
#[test]
fn pack_names_with_line_breaks_keep_the_help_on_one_line() {
    let data = include_bytes!("data/fuzz-render-pack-name-newline.bin");
    let text = String::from_utf8_lossy(data);
    let (values, ctx) = text.split_once("\n%%\n").expect("values and a context");
    let context = byoos_core::Context::from_text(ctx, &byoos_core::Limits::default())
        .expect("the context is JSON");
    let rendered =
        byoos_core::render(values, &context, &Options::default()).expect("the values are YAML");
    let d = rendered
        .diagnostics
        .iter()
        .find(|d| d.code == Code::TemplateUnknownPack)
        .expect("an unknown pack");
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains("\\n")),
        "{d:?}"
    );
    for d in &rendered.diagnostics {
        byoos_core::diagnostic::check_invariants(d, values).expect("invariants hold");
    }
}

/// Fuzz finding (`packer`): an artifact id with U+FFFE and U+FFFF was written into
/// `osImageOverride` unescaped, and the values it produced were not YAML. Every
/// character YAML forbids is now escaped. (The fuzz input's host is now refused on its
/// own, so the manifest here keeps only the noncharacters, in the blob's name.)
#[test]
fn packer_values_escape_what_yaml_forbids() {
    let manifest = include_str!("data/packer-noncharacters.json");
    let result = byoos_core::from_packer_manifest(
        manifest,
        &byoos_core::PackerOptions::default().with_region("us-east-1"),
    );
    let values = result.text.expect("values are produced");
    assert!(!values.contains('\u{fffe}') && !values.contains('\u{ffff}'));
    let report = validate(&values, &Options::default());
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code.as_str().starts_with("yaml/")),
        "{values}\n{:?}",
        report.diagnostics
    );
}
