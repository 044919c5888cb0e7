//! The registry of diagnostic codes: every code byoos can emit, its stable slug,
//! default severity and a one-line summary. `docs/diagnostics.md` documents each one
//! with an example; a test keeps the two in step.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is. `ok` is false when any diagnostic is an `Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Palette would reject the values, or they would not do what they say.
    Error,
    /// Probably a mistake, or something Palette silently ignores.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $slug:literal, $sev:ident; )*) => {
        /// A stable diagnostic code. Its slug (`area/name`) never changes once released.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable slug, e.g. `yaml/smart-quotes`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $slug,)* }
            }

            /// The severity this code is normally reported with.
            #[must_use]
            pub const fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// One line saying what the code means.
            #[must_use]
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*).trim_ascii(),)* }
            }

            /// Look a code up by its slug.
            #[must_use]
            pub fn from_slug(slug: &str) -> Option<Code> {
                match slug { $($slug => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    // ---- yaml/: the text is not the YAML it looks like ----
    /// The text is not valid YAML.
    YamlSyntax = "yaml/syntax", Error;
    /// Curly (typographic) quotes around a value: YAML keeps them as part of the text.
    YamlSmartQuotes = "yaml/smart-quotes", Error;
    /// An unquoted value that must be a string is read by YAML as a number, boolean or null.
    YamlImplicitType = "yaml/implicit-type", Warning;
    /// The same key appears twice in one mapping.
    YamlDuplicateKey = "yaml/duplicate-key", Error;
    /// The file holds more than one YAML document; a pack's values are one document.
    YamlMultipleDocuments = "yaml/multiple-documents", Warning;
    /// A key that is not a plain string (a mapping, a sequence or a null).
    YamlComplexKey = "yaml/complex-key", Error;
    /// A tag that neither YAML's core schema nor Palette understands.
    YamlUnknownTag = "yaml/unknown-tag", Warning;
    /// An alias that refers to a node that contains it.
    YamlRecursiveAlias = "yaml/recursive-alias", Error;
    /// A control character that YAML does not allow in a document.
    YamlControlCharacter = "yaml/control-character", Error;
    /// A path given to `set` cannot be set: it goes through a scalar, an alias or a missing list item, names a mapping or a list, or is given twice.
    YamlEditPath = "yaml/edit-path", Error;
    /// A path given to `set` adds a key the pack's shape does not know (usually a typo); nothing is written unless `create` is given.
    YamlEditUnknownKey = "yaml/edit-unknown-key", Error;

    // ---- pack/: the shape of a pack's values ----
    /// The pack kind could not be detected from the document.
    PackUnknownKind = "pack/unknown-kind", Error;
    /// The document is empty.
    PackEmpty = "pack/empty", Error;
    /// The document's top level is not a mapping.
    PackNotAMapping = "pack/not-a-mapping", Error;
    /// The document looks like the other BYOOS pack than the one asked for.
    PackKindMismatch = "pack/kind-mismatch", Warning;
    /// A key Palette requires is missing.
    PackMissingKey = "pack/missing-key", Error;
    /// A key that must hold a value is empty (null).
    PackEmptyValue = "pack/empty-value", Error;
    /// A key known elsewhere in the pack sits at the wrong place (often the wrong indentation).
    PackMisplacedKey = "pack/misplaced-key", Error;
    /// A key the pack does not know; it is ignored by Palette.
    PackUnknownKey = "pack/unknown-key", Warning;
    /// A value of the wrong type (a mapping where a string belongs, text where a number belongs, …).
    PackWrongType = "pack/wrong-type", Error;
    /// A value outside what Palette or CanvOS accept.
    PackInvalidValue = "pack/invalid-value", Error;
    /// `system.customTag` is empty while `system.uri` appends `-<customTag>`: the image tag ends in `-`.
    PackEmptyCustomTag = "pack/empty-custom-tag", Error;
    /// The older Edge layout (a top-level `image:` block); the current one uses `options.system.*`.
    PackLegacyLayout = "pack/legacy-layout", Warning;
    /// `system.uri` is `NA`: no provider image (agent mode or systemd extensions).
    PackNaSentinel = "pack/na-sentinel", Info;
    /// A secret written in clear text in the values.
    PackPlaintextSecret = "pack/plaintext-secret", Warning;
    /// The presets header (`# spectrocloud.com/enabled-presets:`) disagrees with the values: agent mode without `system.uri: NA`, or `NA` while the header lists presets without agent mode.
    PackPresetMismatch = "pack/preset-mismatch", Warning;
    /// Which provider `osImageOverride` is for: inferred from the reference, or unknown so it is not checked.
    PackImageProvider = "pack/image-provider", Info;
    /// `osName` or `osVersion` disagrees with what the image reference itself says.
    PackOsMismatch = "pack/os-mismatch", Warning;
    /// In a profile: the Kubernetes version the OS image bakes in (`…-kube-v1.30.4`, the
    /// CanvOS tag `k3s-1.29.5-…`) differs from the version of the profile's Kubernetes pack.
    PackK8sVersionMismatch = "pack/k8s-version-mismatch", Error;
    /// In a profile: Edge `system.k8sDistribution` (or the CanvOS tag's) is not the family
    /// of the profile's Kubernetes pack (k3s ↔ `edge-k3s`, rke2 ↔ `edge-rke2`, kubeadm ↔ `edge-k8s`).
    PackK8sDistributionMismatch = "pack/k8s-distribution-mismatch", Error;
    /// In a profile: an Edge OS pack in a profile for another cloud, or `generic-byoi` in an
    /// Edge profile.
    PackCloudMismatch = "pack/cloud-mismatch", Error;

    // ---- limit/: budgets that protect the host ----
    /// The input is larger than the configured maximum.
    LimitInputSize = "limit/input-size", Error;
    /// Nesting deeper than the configured maximum.
    LimitDepth = "limit/depth", Error;
    /// More YAML nodes than the configured maximum.
    LimitNodes = "limit/nodes", Error;
    /// Alias expansion beyond the configured budget (a "billion laughs" document).
    LimitAliasExpansion = "limit/alias-expansion", Error;

    // ---- io/: files and command-line input ----
    /// A file could not be read.
    IoRead = "io/read", Error;
    /// A file is not valid UTF-8 text.
    IoInvalidUtf8 = "io/invalid-utf8", Error;
    /// A file named on the command line does not exist.
    IoNotFound = "io/not-found", Error;
    /// A file holds binary data (a NUL byte), not text.
    IoBinary = "io/binary", Error;

    // ---- image/: provider image references (check_image, from_packer_manifest) ----
    /// The image reference is empty.
    ImageEmpty = "image/empty", Error;
    /// Spaces or other whitespace around the reference: the provider reads them as part of it.
    ImageWhitespace = "image/whitespace", Error;
    /// The reference contains a `{{ }}` macro: it can only be checked once rendered.
    ImageTemplated = "image/templated", Info;
    /// `NA`: the Edge sentinel for "no provider image" (agent mode, systemd extensions).
    ImageNaSentinel = "image/na-sentinel", Info;
    /// The reference matches none of the forms this provider takes.
    ImageUnrecognized = "image/unrecognized", Error;
    /// The reference is another provider's kind of image.
    ImageWrongProvider = "image/wrong-provider", Error;
    /// A recognised form that Palette does not take for this provider; the message says why and what to use instead.
    ImageNotAccepted = "image/not-accepted", Error;
    /// The reference breaks the grammar of its form (a bad character, an empty segment, a malformed URL, …).
    ImageInvalidReference = "image/invalid-reference", Error;
    /// An AMI id that is not `ami-` followed by 8 or 17 hexadecimal digits.
    ImageInvalidAmi = "image/invalid-ami", Error;
    /// An AMI id with uppercase letters: AMI ids are lowercase.
    ImageUppercaseAmi = "image/uppercase-ami", Error;
    /// An AWS region code that is not well formed.
    ImageInvalidRegion = "image/invalid-region", Error;
    /// A well-formed AWS region code that byoos does not know (perhaps a region newer than its list).
    ImageUnknownRegion = "image/unknown-region", Warning;
    /// An Availability Zone or Local Zone name where an AWS region belongs.
    ImageAvailabilityZone = "image/availability-zone", Error;
    /// The region or partition in the reference differs from the cluster's region.
    ImageRegionMismatch = "image/region-mismatch", Error;
    /// An Azure blob URL that does not name a `.vhd` file (VHDX, VMDK, OVA and QCOW2 are not VHDs).
    ImageVhdExtension = "image/vhd-extension", Error;
    /// An Azure blob URL with a SAS token: its signature is a secret (always shown as `***`).
    ImageSasToken = "image/sas-token", Warning;
    /// An `http://` URL where Azure storage needs `https://`.
    ImageInsecureUrl = "image/insecure-url", Error;
    /// A host that is not a standard Azure Blob Storage endpoint (private endpoint, DNS zone, custom domain, retired cloud).
    ImageUnusualEndpoint = "image/unusual-endpoint", Warning;
    /// A Palette-built OVA template name without the `r_` prefix Palette expects.
    ImageMissingRPrefix = "image/missing-r-prefix", Error;
    /// A relative path or bare name, resolved against a default (the datacenter, the project); a full path is unambiguous.
    ImageRelativePath = "image/relative-path", Warning;
    /// A vSphere path outside the `vm` tree (`host/`, `datastore/`, `network/`, or no `vm` folder at all).
    ImageWrongInventoryTree = "image/wrong-inventory-tree", Error;
    /// `%`-escapes in a vSphere inventory path: names are matched literally, not decoded.
    ImagePercentEscape = "image/percent-escape", Warning;
    /// An OCI image tag that breaks the tag grammar `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    ImageInvalidTag = "image/invalid-tag", Error;
    /// An OCI digest with an unsupported algorithm or a malformed value (wrong length, uppercase hex).
    ImageInvalidDigest = "image/invalid-digest", Error;
    /// A name longer than its limit (OCI repository path: 255 characters; vSphere name: 80).
    ImageNameTooLong = "image/name-too-long", Error;
    /// A tag that looks like a CanvOS provider-image tag (`DIST-K8S-PEVERSION[-TAG]`) but is malformed.
    ImageCanvosTag = "image/canvos-tag", Warning;
    /// The reference does not pin one image (an image family, `latest`, a gallery image without a version).
    ImageUnpinned = "image/unpinned", Warning;
    /// Both a tag and a digest: the digest is pulled and the tag is ignored.
    ImageTagAndDigest = "image/tag-and-digest", Info;
    /// The Packer manifest cannot be read or used (invalid JSON, no build for the run, region missing, unsupported builder, the OS name or version unknown).
    ImagePackerManifest = "image/packer-manifest", Error;
    /// The CAPI Image Builder `imageconfig` cannot be used (a key the values need is missing, the OS is not `<os>-<version>`, the image is not for vSphere, a line is not `key=value`).
    ImageImageConfig = "image/image-config", Error;
    /// The image bakes in a Kubernetes version: the cluster profile's Kubernetes pack must use the same one.
    ImageKubernetesVersion = "image/kubernetes-version", Info;
    // ---- template/: Palette macros (`{{ .spectro.… }}`) and their pipelines ----
    /// A Palette macro that is not well-formed (unclosed `{{`, bad string, stray token, …).
    TemplateSyntax = "template/syntax", Error;
    /// `.spectro.system.<name>` is not a system macro Palette documents.
    TemplateUnknownSystemMacro = "template/unknown-system-macro", Error;
    /// `.spectro.pack.<name>` names a pack that is neither this document nor one given in the profile or context.
    TemplateUnknownPack = "template/unknown-pack", Warning;
    /// `.spectro.pack.<name>.<path>`: the pack has no value at that path.
    TemplateUnknownPath = "template/unknown-path", Error;
    /// `.spectro.macro.<name>` is not defined in any scope of the context.
    TemplateUnknownMacro = "template/unknown-macro", Error;
    /// A referenced value is not known, so the macro renders as an empty string (as Palette does).
    TemplateMissingValue = "template/missing-value", Warning;
    /// Values that reference each other in a circle.
    TemplateCycle = "template/cycle", Error;
    /// A macro references a mapping or a list; only scalar values can be substituted.
    TemplateNotAScalar = "template/not-a-scalar", Error;
    /// A pipeline calls a function byoos does not know.
    TemplateUnknownFunction = "template/unknown-function", Error;
    /// A function gets the wrong number of arguments.
    TemplateArity = "template/arity", Error;
    /// A function argument has the wrong type (a string where an int belongs, …).
    TemplateArgumentType = "template/argument-type", Error;
    /// A function failed on its input (bad base64, `len` of a number, Go's fmt or Sprig failing, …).
    TemplateFunctionError = "template/function-error", Error;
    /// A function of the clock, randomness or the host (`now`, `randAlpha`, `uuidv4`, `env`, …): Palette computes it at deploy time; byoos keeps the action as written.
    TemplateDeployTime = "template/deploy-time", Warning;
    /// A function that makes a secret from secret material in its arguments (`derivePassword`, `decryptAES`, `buildCustomCert`): byoos never evaluates it, so the secret stays out of its output, and keeps the action as written.
    TemplateSecretFunction = "template/secret-function", Warning;
    /// An action that uses `.spectro.` without starting with it: byoos leaves it unresolved.
    TemplateUnsupported = "template/unsupported", Warning;
    /// An unquoted `{{ … }}` value: YAML reads it as a mapping, not as text.
    TemplateUnquoted = "template/unquoted", Warning;
    /// A context is not of the documented shape.
    TemplateContext = "template/context", Error;
    /// A profile given to `render_profile` is not of a known shape.
    TemplateProfile = "template/profile", Error;

    // ---- variable/: profile variables (`{{ .spectro.var.… }}`) ----
    /// A profile variable that is neither defined nor given a value.
    VariableUndefined = "variable/undefined", Error;
    /// A variable name with characters the template engine rejects (such as `-`).
    VariableName = "variable/name", Error;
    /// A variable value that does not have the variable's format (number, boolean, ipv4, …).
    VariableFormat = "variable/format", Error;
    /// A variable value that does not match the variable's regex.
    VariableRegex = "variable/regex", Error;
    /// A required variable with no value and no default.
    VariableRequired = "variable/required", Error;
    /// A dropdown variable's value that is not one of its options.
    VariableOption = "variable/option", Error;
    /// A variable definition that Palette would refuse (hidden without default, bad regex, …).
    VariableDefinition = "variable/definition", Error;

    // ---- limit/: budgets of macro resolution ----
    /// References nested deeper than the configured maximum.
    LimitReferenceDepth = "limit/reference-depth", Error;
    /// More macro and function evaluations than the configured maximum.
    LimitExpansions = "limit/expansions", Error;
    /// A rendered value or document larger than the configured maximum.
    LimitOutputSize = "limit/output-size", Error;
    /// More work (bytes handled by macros and functions, regex matching) than the budget.
    LimitWork = "limit/work", Error;
    /// More diagnostics (or bytes of them) than one report holds; the rest are not shown.
    LimitDiagnostics = "limit/diagnostics", Warning;

    // ---- terraform/: Terraform output (to_terraform) and input ----
    /// The pack version for `spectrocloud_pack_simple` is missing or a wildcard (`1.0.x`):
    /// the provider matches the exact version, which only the registry knows.
    TerraformPackVersion = "terraform/pack-version", Error;

    // ---- terraform/: Terraform input (validate of a `.tf` file) ----
    /// The text is not valid HCL (Terraform's language).
    TerraformSyntax = "terraform/syntax", Error;
    /// A pack's `values` is an expression byoos cannot read offline (`var.…`, `local.…`,
    /// a function other than `file` and `templatefile`): those values are not checked.
    TerraformValues = "terraform/values", Warning;
    /// A file named by `file("…")` or `templatefile("…", …)` could not be read.
    TerraformFile = "terraform/file", Error;

    // ---- config/: the configuration (`byoos.toml`, `[tool.byoos]`, the `config` option) ----
    /// The configuration file is not valid TOML.
    ConfigSyntax = "config/syntax", Error;
    /// A configuration key byoos does not know (at any level).
    ConfigUnknownKey = "config/unknown-key", Error;
    /// A configuration value of the wrong type, or naming no code, area, provider, pack kind or severity.
    ConfigInvalidValue = "config/invalid-value", Error;

    // ---- suppression/: inline `# byoos: ignore[…]` comments ----
    /// A suppression comment that suppresses nothing (no finding of that code on its line, or in the file).
    SuppressionUnused = "suppression/unused", Warning;
    /// A suppression comment names a code or area byoos does not have.
    SuppressionUnknownCode = "suppression/unknown-code", Warning;
    /// A `# byoos:` comment that is not `ignore[CODE,…]` or `ignore-file[CODE,…]`.
    SuppressionInvalid = "suppression/invalid", Warning;
}

/// The codes some of whose findings carry a mechanical fix (`Diagnostic::fix`, applied
/// by `fix`): the "fixable" column of `docs/diagnostics.md`. A test holds every code
/// here to a fix in some case, and every fix to a code here.
pub const FIXABLE: &[Code] = &[
    Code::YamlSmartQuotes,
    Code::YamlImplicitType,
    Code::TemplateUnquoted,
    Code::PackInvalidValue,
    Code::ImageUppercaseAmi,
    Code::ImageInsecureUrl,
    Code::PackMisplacedKey,
];

impl Code {
    /// Whether some findings of this code carry a mechanical fix.
    #[must_use]
    pub fn fixable(self) -> bool {
        FIXABLE.contains(&self)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        let areas = [
            "yaml",
            "pack",
            "template",
            "variable",
            "image",
            "limit",
            "io",
            "terraform",
            "config",
            "suppression",
        ];
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate slug {c}");
            let (area, name) = c.as_str().split_once('/').unwrap();
            assert!(areas.contains(&area), "{c}: unknown area");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{c}"
            );
            assert_eq!(Code::from_slug(c.as_str()), Some(*c));
            assert!(!c.summary().is_empty());
        }
    }
}
