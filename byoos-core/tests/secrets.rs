//! An Azure SAS signature (`sig=`) planted in a reference never comes back: not in the
//! normalized form, the parts, any message or help, the `Debug` output or the JSON.

use byoos_core::{check_image, from_packer_manifest, ImageOptions, PackerOptions, Provider};

const SECRETS: [&str; 3] = [
    "Jv7xKx9Ym1QzPfX2Pq3Rs4Tu5Vw6Xy7Zz8Aa9Bb0CcQ",
    "c2VjcmV0LXNpZ25hdHVyZS10aGF0LW11c3Qtbm90LWxlYWs",
    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIzNDU2Nzg5",
];

/// Every place a secret could surface, as text.
fn surfaces(provider: Provider, reference: &str) -> Vec<(String, String)> {
    let r = check_image(provider, reference, &ImageOptions::default());
    let mut out = vec![
        (
            "normalized".to_owned(),
            r.normalized.clone().unwrap_or_default(),
        ),
        ("debug".to_owned(), format!("{r:?}")),
        (
            "json".to_owned(),
            serde_json::to_string(&r).expect("report serialises"),
        ),
    ];
    for (k, v) in &r.parts {
        out.push((format!("parts.{k}"), v.clone()));
    }
    for (i, d) in r.diagnostics.iter().enumerate() {
        out.push((format!("diagnostics[{i}].message"), d.message.clone()));
        out.push((
            format!("diagnostics[{i}].help"),
            d.help.clone().unwrap_or_default(),
        ));
        out.push((format!("diagnostics[{i}].display"), d.to_string()));
    }
    out
}

/// The secret as written, percent-encoded and with `+`/`/`/`=` as in real signatures.
fn forms(secret: &str) -> Vec<String> {
    let raw = format!("{secret}+/=");
    vec![
        secret.to_owned(),
        raw.clone(),
        raw.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D"),
    ]
}

#[test]
fn sas_signature_never_leaks() {
    let mut checked = 0;
    for secret in SECRETS {
        for sig in forms(secret) {
            let urls = [
                format!("https://acct01.blob.core.windows.net/vhds/ubuntu-2204.vhd?sv=2022-11-02&sr=b&sp=r&se=2030-01-01&sig={sig}"),
                format!("https://acct01.blob.core.windows.net/vhds/ubuntu-2204.vhd?sig={sig}&sp=rwd"),
                format!("https://acct01.blob.core.windows.net/vhds/ubuntu-2204.vhd?SIG={sig}"),
                format!("HTTP://ACCT01.blob.core.windows.net/VHDs/ubuntu.vhdx?sp=racwd&sig={sig}#frag"),
                format!("https://ab.blob.core.windows.net/x/y.qcow2?sig={sig}"),
                format!("https://images.example.com/vhds/u.vhd?sig={sig}&se=2020-01-01"),
                format!("https://acct01.file.core.windows.net/share/u.vhd?sig={sig}"),
                format!("https://acct01.blob.core.windows.net/vhds//u.vhd?sig={sig}"),
                format!("https://user@acct01.blob.core.windows.net/vhds/u.vhd?sig={sig}"),
                format!(" https://acct01.blob.core.windows.net/vhds/u.vhd?sig={sig} "),
            ];
            for url in &urls {
                for provider in Provider::ALL {
                    for (place, text) in surfaces(provider, url) {
                        assert!(
                            !text.contains(secret),
                            "{provider}: the signature leaked into {place}: {text}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 1000);
}

#[test]
fn packer_output_has_no_signature() {
    for secret in SECRETS {
        let manifest = format!(
            r#"{{"builds": [{{"name": "u", "builder_type": "azure-arm", "packer_run_uuid": "r",
               "artifact_id": "https://acct01.blob.core.windows.net/system/u.vhd?sp=r&sig={secret}%3D",
               "custom_data": {{"os_name": "ubuntu", "os_version": "22.04"}}}}],
              "last_run_uuid": "r"}}"#
        );
        let r = from_packer_manifest(&manifest, &PackerOptions::default());
        let text = r.text.clone().expect("a VHD URL gives values");
        assert!(!text.contains(secret), "{text}");
        let all = format!("{r:?} {}", serde_json::to_string(&r).expect("serialises"));
        assert!(!all.contains(secret), "{all}");
        for d in &r.diagnostics {
            assert!(
                !d.message.contains(secret) && !d.help.as_deref().unwrap_or("").contains(secret)
            );
        }
    }
}

/// A SAS signature in a generic-byoi `osImageOverride` never reaches `validate`'s
/// diagnostics, in any form.
#[test]
fn validate_never_shows_a_sas_signature() {
    let sig = "c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5";
    let src = format!("pack:\n  osImageOverride: \"https://docs.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sr=b&sp=r&sig={sig}%3D\"\n  osName: ubuntu\n  osVersion: \"22.04\"\n");
    let report = byoos_core::validate(&src, &byoos_core::Options::default());
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "image/sas-token"));
    let all = format!(
        "{report:?} {}",
        serde_json::to_string(&report).unwrap_or_default()
    );
    assert!(!all.contains(sig), "signature leaked: {all}");
}

/// Found by fuzzing (`tests/data/fuzz-check-image-truncated-sig.bin`, a fuzz input: one
/// provider byte, then the reference): a message quoting a truncated piece of a long
/// path segment showed the start of a `sig=` value.
#[test]
fn truncated_quotes_do_not_show_a_signature() {
    let data = include_bytes!("data/fuzz-check-image-truncated-sig.bin");
    let reference = String::from_utf8_lossy(&data[1..]).into_owned();
    let provider =
        byoos_core::Provider::ALL[usize::from(data[0]) % byoos_core::Provider::ALL.len()];
    let sigs: Vec<&str> = reference
        .split(['?', '&'])
        .filter_map(|p| p.strip_prefix("sig="))
        .filter(|s| s.len() >= 16)
        .collect();
    assert!(!sigs.is_empty());
    let report =
        byoos_core::check_image(provider, &reference, &byoos_core::ImageOptions::default());
    let all = format!(
        "{report:?} {}",
        serde_json::to_string(&report).unwrap_or_default()
    );
    for sig in sigs {
        let start: String = sig.chars().take(8).collect();
        assert!(
            !all.contains(&start),
            "{provider}: signature start {start:?} leaked"
        );
    }
}

/// Fuzz finding (`check_image`; the file is the fuzz input: a provider byte, then the
/// reference): a signature whose text also stood in the blob path had its pieces masked
/// inside the normalised reference too, so normalising that again moved text between
/// host and path. The normalised reference masks `sig` values where they stand, and
/// normalising it again gives it back.
#[test]
fn normalising_a_signed_url_twice_gives_the_same_text() {
    let data = include_bytes!("data/fuzz-check-image-normalised-twice.bin");
    let reference = String::from_utf8_lossy(&data[1..]).into_owned();
    let provider =
        byoos_core::Provider::ALL[usize::from(data[0]) % byoos_core::Provider::ALL.len()];
    let options = byoos_core::ImageOptions::default();
    let report = byoos_core::check_image(provider, &reference, &options);
    let normalized = report.normalized.expect("the reference is normalised");
    assert!(normalized.contains("sig=***"), "{normalized}");
    let again = byoos_core::check_image(provider, &normalized, &options);
    assert_eq!(again.normalized.as_deref(), Some(normalized.as_str()));
}

/// Fuzz finding (`check_image`): a blob URL whose host held `&sig=…` was accepted with a
/// warning, and masking that signature inside the host changed where the host ended, so
/// normalising the result again differed. A host must be a DNS name (or an IPv6
/// literal); anything else is `image/invalid-reference`.
#[test]
fn a_blob_host_must_be_a_host_name() {
    let data = include_bytes!("data/fuzz-check-image-host-with-query.bin");
    let reference = String::from_utf8_lossy(&data[1..]).into_owned();
    let provider =
        byoos_core::Provider::ALL[usize::from(data[0]) % byoos_core::Provider::ALL.len()];
    let report =
        byoos_core::check_image(provider, &reference, &byoos_core::ImageOptions::default());
    assert!(!report.ok);
    assert_eq!(
        report.diagnostics[0].code,
        byoos_core::Code::ImageInvalidReference
    );
}

// ---- excerpts, messages and every format (issue 14 §1) ---------------------------------

use byoos_core::report::{
    render_github, render_junit, render_sarif, render_text, SarifFile, TextStyle,
};
use byoos_core::{Context, Options};

/// Every text `validate` gives a user about `src`: plain and coloured excerpts, JSON,
/// SARIF, and each diagnostic's `Display`.
fn validate_outputs(src: &str, options: &Options) -> Vec<(String, String)> {
    let report = byoos_core::validate(src, options);
    let mut out = vec![
        (
            "text".to_owned(),
            render_text(src, "v.yaml", &report.diagnostics, TextStyle::Plain),
        ),
        (
            "color".to_owned(),
            render_text(src, "v.yaml", &report.diagnostics, TextStyle::Color),
        ),
        (
            "json".to_owned(),
            serde_json::to_string(&report).unwrap_or_default(),
        ),
        (
            "sarif".to_owned(),
            render_sarif(&[SarifFile {
                name: "v.yaml",
                source: src,
                diagnostics: &report.diagnostics,
            }]),
        ),
    ];
    let files = [SarifFile {
        name: "v.yaml",
        source: src,
        diagnostics: &report.diagnostics,
    }];
    out.push(("github".to_owned(), render_github(&files)));
    out.push(("junit".to_owned(), render_junit(&files)));
    for d in &report.diagnostics {
        out.push(("display".to_owned(), d.to_string()));
    }
    out
}

fn edge() -> Options {
    Options::default().with_pack(byoos_core::PackKind::EdgeNativeByoi)
}

/// Validate `pack:\n  osNam: "<value>"` (an unknown key, so every output quotes its line)
/// and check that none of `secrets` shows in any output.
fn hidden_on_a_quoted_line(value: &str, secrets: &[&str]) {
    let src = format!("pack:\n  osNam: \"{value}\"\n");
    let outputs = validate_outputs(&src, &Options::default());
    assert!(
        outputs[0].1.contains("osNam"),
        "no finding quotes the line: {}",
        outputs[0].1
    );
    for secret in secrets {
        assert_hidden(&outputs, secret);
    }
}

fn assert_hidden(outputs: &[(String, String)], secret: &str) {
    for (place, text) in outputs {
        assert!(
            !text.contains(secret),
            "`{secret}` shows in {place}:\n{text}"
        );
    }
}

/// The excerpt line that shows `***`, and the caret line under it: the caret starts
/// under the `***`.
fn caret_under_mask(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines.windows(2).any(|w| {
        let (Some(at), Some(caret)) = (w[0].find("***"), w[1].find('^')) else {
            return false;
        };
        at == caret
    })
}

#[test]
fn a_password_is_masked_in_the_excerpt_with_the_caret_on_it() {
    let src = "pack:\n  osName: ubuntu\nproviderCredentials:\n  user: admin\n  password: Hunter2SecretPW\n";
    let outputs = validate_outputs(src, &edge());
    assert_hidden(&outputs, "Hunter2SecretPW");
    let text = &outputs[0].1;
    assert!(text.contains("pack/plaintext-secret"), "{text}");
    assert!(text.contains("password: ***"), "{text}");
    assert!(caret_under_mask(text), "{text}");
}

#[test]
fn a_sas_signature_is_masked_in_every_excerpt() {
    let sig = "c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5";
    let url = format!(
        "https://docs.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sr=b&sp=r&sig={sig}%3D"
    );
    let src =
        format!("pack:\n  osImageOverride: \"{url}\"\n  osName: ubuntu\n  osVersion: \"22.04\"\n");
    assert_hidden(&validate_outputs(&src, &Options::default()), sig);
    // `byoos image azure <reference>`: the excerpt of the reference itself.
    let r = check_image(Provider::Azure, &url, &ImageOptions::default());
    assert!(!r.diagnostics.is_empty());
    let text = render_text(&url, "<reference>", &r.diagnostics, TextStyle::Plain);
    assert!(!text.contains(sig), "{text}");
    // `from-packer`: the excerpt of the manifest line.
    let manifest = format!(
        r#"{{"builds": [{{"name": "u", "builder_type": "azure-arm", "packer_run_uuid": "r", "artifact_id": "{url}"}}], "last_run_uuid": "r"}}"#
    );
    let r = from_packer_manifest(&manifest, &PackerOptions::default());
    assert!(!r.diagnostics.is_empty());
    let text = render_text(
        &manifest,
        "packer-manifest.json",
        &r.diagnostics,
        TextStyle::Plain,
    );
    assert!(!text.contains(sig), "{text}");
}

#[test]
fn a_bad_context_file_does_not_show_sensitive_values() {
    let ctx = r#"{"sytem": {}, "variables": {"definitions": [{"name": "pw", "isSensitive": true, "defaultValue": "DefaultS3cretValue"}], "values": {"pw": "GivenS3cretValue"}}}"#;
    let diags = Context::from_text(ctx, &byoos_core::Limits::default()).expect_err("sytem");
    assert_eq!(diags[0].code, byoos_core::Code::TemplateContext);
    let text = render_text(ctx, "ctx.json", &diags, TextStyle::Plain);
    for secret in ["DefaultS3cretValue", "GivenS3cretValue"] {
        assert!(!text.contains(secret), "{text}");
    }
    assert!(text.contains("sytem"), "{text}");
}

#[test]
fn a_sensitive_default_is_masked_in_a_multi_line_excerpt() {
    let profile = "name: p\nvariables:\n  - name: pw\n    isSensitive: true\n    format: number\n    defaultValue: NotANumberS3cret\npacks:\n  - name: edge-native-byoi\n    values: |\n      pack:\n        osName: \"{{ .spectro.var.pw }}\"\n";
    let r = byoos_core::render_profile(profile, &Context::default(), &Options::default())
        .expect("renders");
    let mut all: Vec<byoos_core::Diagnostic> = r.diagnostics.clone();
    assert!(!all.is_empty(), "{r:?}");
    let text = render_text(profile, "p.yaml", &all, TextStyle::Plain);
    assert!(!text.contains("NotANumberS3cret"), "{text}");
    for p in &r.packs {
        all.extend(p.diagnostics.iter().cloned());
        let t = render_text(&p.values, "p.yaml[x]", &p.diagnostics, TextStyle::Plain);
        assert!(!t.contains("NotANumberS3cret"), "{t}");
    }
    let json = serde_json::to_string(&all).unwrap_or_default();
    assert!(!json.contains("NotANumberS3cret"), "{json}");
}

#[test]
fn a_numeric_password_is_never_quoted_and_is_a_plaintext_secret() {
    for (written, read) in [
        ("20250101", "20250101"),
        ("0x1F2E", "7982"),
        ("8.10", "8.1"),
    ] {
        let src = format!(
            "pack:\n  osName: ubuntu\nproviderCredentials:\n  user: admin\n  password: {written}\n"
        );
        let report = byoos_core::validate(&src, &edge());
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(
            codes.contains(&"pack/plaintext-secret"),
            "{written}: {codes:?}"
        );
        let outputs = validate_outputs(&src, &edge());
        assert_hidden(&outputs, written);
        for (place, text) in &outputs {
            if place != "sarif" && place != "json" {
                assert!(
                    !text.contains(&format!("{read} ")) && !text.contains(&format!("{read}`")),
                    "{written}: {text}"
                );
            }
        }
        for d in &report.diagnostics {
            let all = format!("{} {}", d.message, d.help.as_deref().unwrap_or(""));
            assert!(!all.contains(read), "{written}: {all}");
        }
    }
}

#[test]
fn a_failed_edit_does_not_show_the_password_line() {
    let src = "pack:\n  osName: ubuntu\nproviderCredentials:\n  password: Hunter2SecretPW\n";
    let assignments = vec![(
        byoos_core::Path::parse("providerCredentials/password/x"),
        "y".to_owned(),
    )];
    let diags =
        byoos_core::set_values(src, &assignments, &Options::default()).expect_err("a scalar");
    let text = render_text(src, "v.yaml", &diags, TextStyle::Plain);
    assert!(!text.contains("Hunter2SecretPW"), "{text}");
    let all = format!("{diags:?}");
    assert!(!all.contains("Hunter2SecretPW"), "{all}");
}

/// A sensitive value that equals a key of the mapping it lands in: the duplicate-key
/// finding after rendering must not say on which line the other key is.
#[test]
fn a_duplicate_key_made_by_a_sensitive_value_does_not_point_at_the_other_key() {
    let src = "pack:\n  osName: ubuntu\n  osVersion: \"22.04\"\n  \"{{ .spectro.var.pw }}\": x\n  osImageOverride: ami-0f4804aff4cf9c5a2\n";
    let ctx: Context = serde_json::from_value(serde_json::json!({
        "variables": {"definitions": [{"name": "pw", "isSensitive": true}], "values": {"pw": "osVersion"}}
    }))
    .expect("context");
    let mut options = Options::default();
    options.context = Some(ctx);
    let report = byoos_core::validate(src, &options);
    let dup: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "yaml/duplicate-key")
        .collect();
    assert!(!dup.is_empty(), "{report:?}");
    for d in dup {
        let all = format!(
            "{} {} {}",
            d.message,
            d.help.as_deref().unwrap_or(""),
            d.path
        );
        assert!(!all.contains("osVersion") && !all.contains("line"), "{all}");
    }
}

/// Control characters in keys reach no terminal raw: not in the excerpt's label, not in
/// the source line it shows, not in `Display`.
#[test]
fn control_characters_from_keys_are_escaped() {
    let src = "pack:\n  \"os\\e]52;c;aGk=\\aName\\r\": x\n  osName: ubuntu\n  \"k\u{1b}[2J\": 1\n";
    let report = byoos_core::validate(src, &Options::default());
    assert!(!report.diagnostics.is_empty());
    let text = render_text(src, "v\u{7}.yaml", &report.diagnostics, TextStyle::Plain);
    for c in ['\u{1b}', '\u{7}', '\r'] {
        assert!(!text.contains(c), "{c:?} in {text:?}");
        for d in &report.diagnostics {
            assert!(!d.to_string().contains(c), "{d}");
        }
    }
    assert!(text.contains("\\u{1b}"), "{text}");
}

// ---- the property test: every kind of secret, every operation, every format -----------

mod property {
    use super::{assert_hidden, edge};
    use byoos_core::report::{
        render_github, render_junit, render_sarif, render_text, SarifFile, TextStyle,
    };
    use byoos_core::{
        check_image, from_packer_manifest, Context, Diagnostic, ImageOptions, Limits, Options,
        PackKind, PackerOptions, Path, Provider,
    };
    use proptest::prelude::*;

    /// Every text a user can see about diagnostics of `source`: both excerpt styles, the
    /// JSON, SARIF and `Display`.
    /// What `render_profile` shows of `profile`: its own diagnostics and each pack's.
    fn profile_shown(profile: &str, out: &mut Vec<(String, String)>) {
        match byoos_core::render_profile(profile, &Context::default(), &Options::default()) {
            Ok(r) => {
                shown(profile, &r.diagnostics, out);
                for p in &r.packs {
                    shown(&p.values, &p.diagnostics, out);
                }
            }
            Err(e) => shown(profile, &e, out),
        }
    }

    fn shown(source: &str, diags: &[Diagnostic], out: &mut Vec<(String, String)>) {
        out.push((
            "text".into(),
            render_text(source, "f", diags, TextStyle::Plain),
        ));
        out.push((
            "color".into(),
            render_text(source, "f", diags, TextStyle::Color),
        ));
        out.push((
            "json".into(),
            serde_json::to_string(diags).unwrap_or_default(),
        ));
        out.push((
            "sarif".into(),
            render_sarif(&[SarifFile {
                name: "f",
                source,
                diagnostics: diags,
            }]),
        ));
        let files = [SarifFile {
            name: "f",
            source,
            diagnostics: diags,
        }];
        out.push(("github".into(), render_github(&files)));
        out.push(("junit".into(), render_junit(&files)));
        for d in diags {
            out.push(("display".into(), d.to_string()));
        }
    }

    /// A password written in one YAML form: (the YAML text, every text it may be read as).
    fn password() -> impl Strategy<Value = (String, Vec<String>)> {
        let word = "[A-Za-z0-9]{10,16}";
        prop_oneof![
            word.prop_map(|w| (format!("S3c{w}"), vec![format!("S3c{w}")])),
            word.prop_map(|w| (format!("'S3c{w}'"), vec![format!("S3c{w}")])),
            word.prop_map(|w| (format!("\"S3c{w}\""), vec![format!("S3c{w}")])),
            word.prop_map(|w| (format!("|\n    S3c{w}"), vec![format!("S3c{w}")])),
            (100_000_000_u64..999_999_999_999).prop_map(|n| (n.to_string(), vec![n.to_string()])),
            (0x1000_0000_u64..0xFFFF_FFFF)
                .prop_map(|n| (format!("0x{n:X}"), vec![format!("{n:X}"), n.to_string()])),
            (0o1000_0000_u64..0o7777_7777)
                .prop_map(|n| (format!("0o{n:o}"), vec![format!("{n:o}"), n.to_string()])),
            (1000_u32..9999, 1000_u32..9999)
                .prop_map(|(a, b)| (format!("{a}.{b}0"), vec![format!("{a}.{b}")])),
        ]
    }

    /// Values with findings all around the password: a pack of the other kind, unknown
    /// and mistyped keys, so excerpts of one and several lines stand next to it.
    fn values_with(password: &str) -> String {
        format!("pack:\n  osName: 12\n  osVersion: 8.10\nproviderCredentials:\n  user: admin\n  pasword: x\n  password: {password}\n  registry: 10.0.0.1:5000\nextra: 1\n")
    }

    fn password_outputs(yaml: &str) -> Vec<(String, String)> {
        let src = values_with(yaml);
        let mut out = Vec::new();
        for options in [Options::default(), edge()] {
            let report = byoos_core::validate(&src, &options);
            shown(&src, &report.diagnostics, &mut out);
        }
        if let Err(e) = byoos_core::render(&src, &Context::default(), &edge()) {
            shown(&src, &e, &mut out);
        } else if let Ok(r) = byoos_core::render(&src, &Context::default(), &edge()) {
            shown(&src, &r.diagnostics, &mut out);
        }
        for path in [
            "providerCredentials/password/x",
            "pack/osName/0",
            "providerCredentials/user",
        ] {
            let a = vec![(Path::parse(path), "value".to_owned())];
            match byoos_core::set_values(&src, &a, &edge()) {
                Ok(e) => shown(&e.text, &e.diagnostics, &mut out),
                Err(d) => shown(&src, &d, &mut out),
            }
        }
        // The same values inside a profile, and a profile that is not YAML around them.
        let indented = src.replace('\n', "\n      ");
        let profile =
            format!("packs:\n  - name: edge-native-byoi\n    values: |\n      {indented}\n");
        profile_shown(&profile, &mut out);
        let broken = format!("{src}  - : [\n");
        shown(
            &broken,
            &byoos_core::validate(&broken, &edge()).diagnostics,
            &mut out,
        );
        out
    }

    fn sensitive_outputs(secret: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let src = "pack:\n  osName: \"{{ .spectro.var.pw }}\"\n  osVersion: \"{{ .spectro.var.pw }}/x\"\n  osImageOverride: \"{{ .spectro.var.pw | upper }}\"\n  \"{{ .spectro.var.pw }}\": 1\n";
        let ctx_json = serde_json::json!({
            "variables": {
                "definitions": [{"name": "pw", "isSensitive": true, "format": "ipv4", "regex": "^[0-9.]+$", "defaultValue": format!("{secret}d")}],
                "values": {"pw": secret}
            }
        });
        let ctx: Context = serde_json::from_value(ctx_json.clone()).expect("context");
        let mut options = Options::default();
        options.context = Some(ctx.clone());
        shown(
            src,
            &byoos_core::validate(src, &options).diagnostics,
            &mut out,
        );
        match byoos_core::render(src, &ctx, &Options::default()) {
            Ok(r) => shown(src, &r.diagnostics, &mut out),
            Err(e) => shown(src, &e, &mut out),
        }
        // The context file itself, with a shape error, in JSON and in YAML.
        let mut bad = ctx_json.clone();
        bad["sytem"] = serde_json::json!({});
        for text in [
            bad.to_string(),
            serde_json::to_string_pretty(&bad).unwrap_or_default(),
        ] {
            if let Err(d) = Context::from_text(&text, &Limits::default()) {
                shown(&text, &d, &mut out);
            }
        }
        // A profile whose variable default is sensitive and breaks its own rules.
        let profile = format!("variables:\n  - name: pw\n    isSensitive: true\n    format: number\n    regex: \"^[0-9]+$\"\n    defaultValue: \"{secret}\"\npacks:\n  - name: p\n    values: |\n      pack:\n        osName: \"{{{{ .spectro.var.pw }}}}\"\n");
        profile_shown(&profile, &mut out);
        out
    }

    fn sas_outputs(sig: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let url = format!("https://acct01.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sp=r&sig={sig}%3D&se=2030-01-01");
        for provider in Provider::ALL {
            let r = check_image(provider, &url, &ImageOptions::default());
            shown(&url, &r.diagnostics, &mut out);
            out.push((
                "report".into(),
                serde_json::to_string(&r).unwrap_or_default(),
            ));
            let src = format!(
                "pack:\n  osImageOverride: \"{url}\"\n  osName: 1\n  osVersion: \"22.04\"\n"
            );
            let options = Options::default().with_provider(provider);
            shown(
                &src,
                &byoos_core::validate(&src, &options).diagnostics,
                &mut out,
            );
        }
        let manifest = format!(
            r#"{{"builds": [{{"name": "u", "builder_type": "azure-arm", "packer_run_uuid": "r", "artifact_id": "{url}"}}], "last_run_uuid": "q"}}"#
        );
        let r = from_packer_manifest(&manifest, &PackerOptions::default());
        shown(&manifest, &r.diagnostics, &mut out);
        out.push(("packer".into(), format!("{r:?}")));
        let ctx = format!("{{\"sytem\": {{\"image\": \"{url}\"}}}}");
        if let Err(d) = Context::from_text(&ctx, &Limits::default()) {
            shown(&ctx, &d, &mut out);
        }
        let ctx = format!("macros:\n  project:\n    image: \"{url}\"\n  bad: [\n");
        if let Err(d) = Context::from_text(&ctx, &Limits::default()) {
            shown(&ctx, &d, &mut out);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn a_password_of_any_type_never_shows((yaml, forms) in password()) {
            let out = password_outputs(&yaml);
            for form in &forms {
                assert_hidden(&out, form);
            }
            let plaintext = byoos_core::validate(&values_with(&yaml), &edge())
                .diagnostics
                .iter()
                .any(|d| d.code.as_str() == "pack/plaintext-secret");
            prop_assert!(plaintext, "{yaml}");
        }

        #[test]
        fn a_sensitive_value_never_shows(secret in "S3c[A-Za-z0-9]{10,16}") {
            assert_hidden(&sensitive_outputs(&secret), &secret);
        }

        #[test]
        fn a_sas_signature_never_shows(sig in "[A-Za-z0-9]{20,40}") {
            assert_hidden(&sas_outputs(&sig), &sig);
        }
    }

    #[test]
    fn every_kind_is_planted() {
        // The pack kinds the password values are checked as.
        assert_eq!(PackKind::ALL.len(), 2);
        assert!(!password_outputs("S3cPlantedOnce1").is_empty());
    }
}

/// An `imageconfig`'s secrets (`vcenter_password`, `rhel_subscription_pass`, values with
/// spaces, `key = value` spacing) show in no output of `from_image_config`, even where a
/// finding stands on their line (a key set twice).
#[test]
fn an_image_config_never_shows_its_secrets() {
    let secret = "Correct Horse Battery";
    let config = format!(
        "os_version=rhel-8\nk8s_version=1.30.4\nvcenter_password={secret}\nvcenter_password={secret}\n\
         rhel_subscription_pass = {secret}\nrhel_subscription_pass = {secret}\n"
    );
    let r = byoos_core::from_image_config(&config, &byoos_core::ImageConfigOptions::default());
    assert!(r.text.is_none(), "no datacenter: no values");
    let mut outputs = vec![
        (
            "text".to_owned(),
            render_text(&config, "imageconfig", &r.diagnostics, TextStyle::Plain),
        ),
        (
            "json".to_owned(),
            serde_json::to_string(&r).unwrap_or_default(),
        ),
        (
            "sarif".to_owned(),
            render_sarif(&[SarifFile {
                name: "imageconfig",
                source: &config,
                diagnostics: &r.diagnostics,
            }]),
        ),
    ];
    for d in &r.diagnostics {
        outputs.push(("display".to_owned(), d.to_string()));
    }
    let text = &outputs[0].1;
    assert!(text.contains("vcenter_password=***"), "{text}");
    assert!(text.contains("rhel_subscription_pass = ***"), "{text}");
    for word in secret.split(' ') {
        assert_hidden(&outputs, word);
    }
}

/// Every text `render` gives a user about `src`: the excerpts, JSON and each
/// diagnostic's `Display`.
fn render_outputs(src: &str, context: &Context) -> Vec<(String, String)> {
    let r = byoos_core::render(src, context, &Options::default()).expect("renders");
    let mut out = vec![
        (
            "text".to_owned(),
            render_text(src, "v.yaml", &r.diagnostics, TextStyle::Plain),
        ),
        (
            "json".to_owned(),
            serde_json::to_string(&r.diagnostics).unwrap_or_default(),
        ),
    ];
    for d in &r.diagnostics {
        out.push(("display".to_owned(), d.to_string()));
    }
    out
}

#[test]
fn secret_material_in_a_template_is_never_shown() {
    let context: Context =
        serde_json::from_str(r#"{"system": {"cluster.name": "edge-1"}}"#).expect("context");
    let sources = [
        "v: |-\n  {{ .spectro.system.cluster.name | derivePassword 1 \"long\" \"M4sterPassw0rd\" \"admin\" }}\n",
        "v: \"{{ .spectro.system.cluster.name | decryptAES \\\"M4sterPassw0rd\\\" }}\"\n",
        "v: |-\n  {{ .spectro.system.cluster.name | buildCustomCert \"a2V5\" \"M4sterPassw0rd\" }}\n",
        "v: |-\n  {{ .spectro.system.cluster.name | encryptAES \"M4sterPassw0rd\" }}\n",
    ];
    for src in sources {
        let outputs = render_outputs(src, &context);
        assert!(
            outputs[0].1.contains("template/"),
            "no finding for {src}: {}",
            outputs[0].1
        );
        assert_hidden(&outputs, "M4sterPassw0rd");
    }
}

/// A literal piped into a secret function is hidden whatever characters it is made of:
/// the ranges are found in bytes, so characters of several bytes before the function's
/// name move nothing.
#[test]
fn a_literal_of_wide_characters_piped_into_a_secret_function_is_hidden() {
    for (lit, secret) in [
        ("éééééééééééééééétail", "tail"),
        ("pässwörd-sëcrët-üxyz", "üxyz"),
        ("秘密秘密秘密秘密-M4ster", "M4ster"),
    ] {
        // An unknown key on the line, so every output quotes the line.
        let value = format!("{{{{ \\\"{lit}\\\" | htpasswd \\\"u\\\" }}}}");
        hidden_on_a_quoted_line(&value, &[secret, lit]);
    }
}

/// JSON in a double-quoted scalar writes its quotes as `\"`: a secret key quoted that way
/// is still a key, and its value is hidden in the excerpt that quotes the line.
#[test]
fn a_secret_key_in_json_inside_a_double_quoted_scalar_is_hidden() {
    for value in [
        r#"{\"password\":\"Js0nS3cretPW\"}"#,
        r#"{\"user\": \"u\", \"token\": \"Js0nS3cretPW\"}"#,
        r#"[{\"clientSecret\":\"Js0nS3cretPW\",\"x\":1}]"#,
    ] {
        hidden_on_a_quoted_line(value, &["Js0nS3cretPW"]);
    }
}

/// A SAS signature whose parameter name is `%`-escaped (`%73ig=`, `si%67=`: the storage
/// service decodes the name) is a signature: hidden in the excerpt and in the image
/// report.
#[test]
fn a_sas_signature_under_an_escaped_name_is_hidden() {
    let sig = "c2VjcmV0ZXNjYXBlZHNpZ25hdHVyZQ";
    for name in ["%73ig", "si%67", "%53%49%47"] {
        let url =
            format!("https://docs.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&{name}={sig}");
        let src = format!("pack:\n  osImageOverride: \"{url}\"\n  osNam: ubuntu\n");
        assert_hidden(&validate_outputs(&src, &Options::default()), sig);
        let r = check_image(Provider::Azure, &url, &ImageOptions::default());
        assert!(!r.diagnostics.is_empty());
        let text = render_text(&url, "<reference>", &r.diagnostics, TextStyle::Plain);
        assert!(!text.contains(sig), "{text}");
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert!(!json.contains(sig), "{json}");
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.code == byoos_core::Code::ImageSasToken),
            "{name}: {text}"
        );
    }
}

/// A SAS signature with a space or a tab in it (`sig=\tabc`, `sig=abc def`): the image
/// check reads the whole value to `&` as the signature and hides it; the excerpt hides the
/// same bytes.
#[test]
fn a_sas_signature_with_white_space_in_it_is_hidden_in_the_excerpt() {
    for (value, parts) in [
        ("\tc2VjcmV0d2hpdGVzcGFjZQ", &["c2VjcmV0d2hpdGVzcGFjZQ"][..]),
        (
            "c2VjcmV0 d2hpdGVzcGFjZQ",
            &["c2VjcmV0", "d2hpdGVzcGFjZQ"][..],
        ),
        ("  c2VjcmV0d2hpdGVzcGFjZQ ", &["c2VjcmV0d2hpdGVzcGFjZQ"][..]),
    ] {
        let src = format!(
            "pack:\n  osImageOverride: \"https://docs.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sig={value}&se=2030-01-01\"\n  osName: ubuntu\n  osVersion: \"22.04\"\n"
        );
        let options = Options::default().with_provider(Provider::Azure);
        let outputs = validate_outputs(&src, &options);
        assert!(
            outputs[0].1.contains("osImageOverride: \"https"),
            "no finding quotes the line: {}",
            outputs[0].1
        );
        for part in parts {
            assert_hidden(&outputs, part);
        }
    }
}

/// In Palette's profile export a pack's values are a JSON string: a key at the start of a
/// line follows the `\n` escape (`\npass: x`). The escape's letter is not part of the key,
/// so `pass` is still a secret key and its value is hidden in the excerpt.
#[test]
fn a_secret_key_after_an_escaped_line_break_in_a_profile_export_is_hidden() {
    for key in ["pass", "PASS", "token"] {
        let values = format!(
            "pack:\\n  osImageOverride: \\\"ami-0f4804aff4cf9c5a2\\\"\\n  osName: rhel\\n  osVersion: \\\"8\\\"\\n{key}: Expo3tS3cretPW\\nosNam: x\\n"
        );
        let src = format!(
            r#"{{"metadata": {{"name": "p"}}, "spec": {{"version": "1.0.0", "template": {{"type": "cluster", "cloudType": "aws", "packs": [{{"name": "byoos", "type": "spectro", "layer": "os", "version": "1.0.0", "tag": "1.0.0", "values": "{values}"}}]}}}}}}"#
        );
        let report = byoos_core::validate(&src, &Options::default());
        let diags: Vec<_> = report.all_diagnostics().cloned().collect();
        let text = render_text(&src, "p.json", &diags, TextStyle::Plain);
        assert!(text.contains("osNam"), "no finding quotes the line: {text}");
        assert!(!text.contains("Expo3tS3cretPW"), "{key}: {text}");
    }
}

/// A literal given to a secret function through a template variable (`$p := "…"`, then
/// `htpasswd "u" $p`) is hidden where it is assigned, in the same action or another.
#[test]
fn a_literal_assigned_to_a_variable_a_secret_function_takes_is_hidden() {
    for value in [
        r#"{{ $p := \"VarS3cretPW\" }}{{ htpasswd \"u\" $p }}"#,
        r#"{{ $p := \"x\" }}{{ $p = \"VarS3cretPW\" }}{{ $p | bcrypt }}"#,
        r#"{{- $key := printf \"%s\" \"VarS3cretPW\" -}}{{ encryptAES $key \"text\" }}"#,
    ] {
        hidden_on_a_quoted_line(value, &["VarS3cretPW"]);
    }
}

/// A secret `key=value` line that ends in `\` goes on on the next line (as a shell reads
/// it): that line, quoted by the warning that it is not `key=value`, is hidden too.
#[test]
fn an_image_config_secret_continued_on_the_next_line_is_hidden() {
    let config = "os_version=rhel-8\nk8s_version=1.30.4\nvcenter_password=\\\nContinu3dS3cret\\\n  M0reS3cret\nvcenter_folder=f\n";
    let r = byoos_core::from_image_config(config, &byoos_core::ImageConfigOptions::default());
    let text = render_text(config, "imageconfig", &r.diagnostics, TextStyle::Plain);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == byoos_core::Code::ImageImageConfig),
        "{text}"
    );
    for secret in ["Continu3dS3cret", "M0reS3cret"] {
        assert!(!text.contains(secret), "{text}");
    }
}

/// In JSON a `&` may be written `\u0026`: a `%`-escaped `sig` name after it is still a
/// signature's name, hidden in the excerpt of a Packer manifest.
#[test]
fn an_escaped_sas_name_after_a_json_escape_is_hidden() {
    let sig = "c2VjcmV0anNvbmVzY2FwZWQ";
    for name in ["%73ig", "si%67", "%53%49%47"] {
        let url = format!(
            "https://docs.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02\\u0026{name}={sig}"
        );
        let manifest = format!(
            r#"{{"builds": [{{"name": "u", "builder_type": "azure-arm", "packer_run_uuid": "r", "artifact_id": "{url}"}}], "last_run_uuid": "r"}}"#
        );
        let r = from_packer_manifest(&manifest, &PackerOptions::default());
        assert!(!r.diagnostics.is_empty());
        let text = render_text(
            &manifest,
            "packer-manifest.json",
            &r.diagnostics,
            TextStyle::Plain,
        );
        assert!(!text.contains(sig), "{name}: {text}");
    }
}

/// Values the parser refuses, which only the lexical pass sees: a secret's value on a line
/// indented with a tab, and text after a quoted value that closed early (`""x"`).
#[test]
fn a_malformed_secret_value_is_hidden() {
    for src in [
        "pack:\n  osName: rhel\n  password:\n\tTabb3dS3cret\n  osNam: x\n",
        "pack:\n  osName: rhel\n  token: \"\"Tabb3dS3cret\"\n",
        "pack:\n  osName: rhel\n  token: ''Tabb3dS3cret\n  osNam: x\n",
    ] {
        let outputs = validate_outputs(src, &Options::default());
        assert!(
            outputs[0].1.contains("error["),
            "no error: {}",
            outputs[0].1
        );
        assert_hidden(&outputs, "Tabb3dS3cret");
    }
}

/// API, private and access keys are secrets too (`apiKey`, `api_key`, `privateKey`,
/// `aws_secret_access_key`): their values are hidden where the line is quoted.
#[test]
fn api_private_and_access_keys_are_hidden() {
    for key in [
        "apiKey",
        "api_key",
        "privateKey",
        "aws_secret_access_key",
        "accessKey",
    ] {
        let src = format!("pack:\n  osNam: x\n  {key}: S3CR3T-K3Y-{key}\n  osNam2: {{ {key}: S3CR3T-K3Y-{key} }}\n");
        let outputs = validate_outputs(&src, &Options::default());
        assert!(
            outputs[0].1.contains(key),
            "no finding quotes the line of {key}: {}",
            outputs[0].1
        );
        assert_hidden(&outputs, &format!("S3CR3T-K3Y-{key}"));
    }
}

/// The password in a URL's user information is hidden; the user and the host stay.
#[test]
fn a_password_in_a_url_is_hidden() {
    for url in [
        "https://user:S3CR3T-URL1@registry.example.com/edge",
        "postgres://u:S3CR3T-URL2@db:5432/x",
        "oci://robot%24ci:S3CR3T-URL3@harbor.local/p",
    ] {
        let secret = url
            .split(':')
            .nth(2)
            .and_then(|r| r.split('@').next())
            .unwrap();
        hidden_on_a_quoted_line(url, &[secret]);
    }
    // Not a password: a port, a path after the host.
    let src = "pack:\n  osNam: \"https://registry.example.com:5000/edge@sha256:ab\"\n";
    let outputs = validate_outputs(src, &Options::default());
    assert!(
        outputs[0].1.contains("registry.example.com:5000/edge"),
        "{}",
        outputs[0].1
    );
}

/// The password of a URL's user information in an image reference never comes back
/// from the image check (the edge check's help quotes the reference without its
/// scheme), nor from `validate` with any provider; short passwords included.
#[test]
fn a_password_in_an_image_reference_never_shows() {
    for (url, secret) in [
        (
            "https://robot:S3CR3T-IMG1@images.example.com/vhds/u.vhd",
            "S3CR3T-IMG1",
        ),
        ("https://robot:Pw9@images.example.com/u.qcow2", "Pw9"),
        (
            "oci://robot:S3CR3T-IMG2@harbor.example.com/edge/u:1.0",
            "S3CR3T-IMG2",
        ),
        (
            "container://https://robot:S3CR3T-IMG3@harbor.example.com/u:1",
            "S3CR3T-IMG3",
        ),
    ] {
        let shown = format!(":{secret}@");
        for provider in Provider::ALL {
            for (place, text) in surfaces(provider, url) {
                assert!(
                    !text.contains(&shown) && (secret.len() < 6 || !text.contains(secret)),
                    "{provider}: the password leaked into {place}: {text}"
                );
            }
            let src = format!(
                "pack:\n  osImageOverride: \"{url}\"\n  osName: ubuntu\n  osVersion: \"22.04\"\n"
            );
            let outputs = validate_outputs(&src, &Options::default().with_provider(provider));
            assert_hidden(&outputs, &shown);
            if secret.len() >= 6 {
                assert_hidden(&outputs, secret);
            }
        }
        // The user and the host stay readable where the edge check quotes them.
        let r = check_image(Provider::Edge, url, &ImageOptions::default());
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.help.as_deref().unwrap_or("").contains("robot:***@")),
            "{r:?}"
        );
    }
}
