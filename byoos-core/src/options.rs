//! What the operations take: [`Options`] for `validate`, `render`, `render_profile` and
//! `set_values`, and [`TerraformOptions`] for `to_terraform`.

use crate::config::Config;
use crate::image::Provider;
use crate::limits::Limits;
use crate::pack::{PackKind, PackOptions};
use crate::profile::InputKind;
use crate::template::Context;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Options shared by the operations. All are optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Options {
    /// The pack kind; detected from the document when not given.
    pub pack: Option<PackKind>,
    /// The name this document has, for self references (default: its kind).
    pub pack_name: Option<String>,
    /// File name used in messages and excerpts.
    pub file_name: Option<String>,
    /// Resource budgets.
    pub limits: Limits,
    /// Values for macros: with it, `validate` renders and checks the rendered values too.
    pub context: Option<Context>,
    /// Rendering: a missing reference is an error instead of Palette's empty string and
    /// a warning.
    pub strict: bool,
    /// The cloud provider whose image `generic-byoi`'s `osImageOverride` names; inferred
    /// from the reference when unambiguous.
    pub provider: Option<Provider>,
    /// The cluster's AWS region: AMI ARNs must be in it.
    pub region: Option<String>,
    /// [`set_values`](crate::set_values): add keys the pack's shape does not know, on purpose (without it
    /// such a path, usually a typo, is a `yaml/edit-unknown-key` error).
    pub create: bool,
    /// What the text is: `values`, `profile` or `terraform`. Told from the text (and a
    /// `file_name` ending in `.tf`) when not given.
    pub input: Option<InputKind>,
    /// Texts of the files a Terraform input names in `file("…")` or
    /// `templatefile("…", …)`, by the path as written (relative to the `.tf` file,
    /// without `./` or `${path.module}/`). byoos reads no file itself.
    pub files: BTreeMap<String, String>,
    /// The provider of `osImageOverride` when its reference does not name one (a name or
    /// path several providers take), where `provider` is not given: a reference in one
    /// provider's own form (an AMI id, an Azure VHD URL, …) is checked for that provider
    /// (with an `info` when it is not this one). For a folder of values of several clouds.
    pub default_provider: Option<Provider>,
    /// Settings as in `byoos.toml` (`select`, `ignore`, `extend-ignore`, `severity`,
    /// `provider`, `region`, `pack`, `[[overrides]]` matched against `file_name`):
    /// [`validate`](crate::validate) applies them. A key or value it does not know makes
    /// the report a `config/…` error and nothing else.
    pub config: Option<Config>,
}

impl Options {
    /// Options with a pack kind.
    #[must_use]
    pub fn with_pack(mut self, pack: PackKind) -> Self {
        self.pack = Some(pack);
        self
    }

    /// Options with a provider for `osImageOverride`.
    #[must_use]
    pub fn with_provider(mut self, provider: Provider) -> Self {
        self.provider = Some(provider);
        self
    }

    /// Options with the cluster's region.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Options for [`set_values`](crate::set_values) that may add keys the pack's shape does not know.
    #[must_use]
    pub fn with_create(mut self) -> Self {
        self.create = true;
        self
    }

    /// Options with configuration settings ([`Config::parse`], or `Config::from(settings)`).
    #[must_use]
    pub fn with_config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// Options with a file name for messages.
    #[must_use]
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }
}

/// Options of [`to_terraform`](crate::to_terraform).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TerraformOptions {
    /// The pack kind; detected from the document when not given.
    pub pack: Option<PackKind>,
    /// Pack version for `spectrocloud_pack_simple`, e.g. `1.0.0` or `2.1.0`: required.
    /// The provider matches it exactly against the registry's versions, which differ by
    /// registry (docs show `1.0.0`, Palette's Edge page lists `2.1.x`), so byoos cannot
    /// pick one; an `x` wildcard matches nothing there.
    pub version: Option<String>,
    /// Registry name for `spectrocloud_registry` (default `Public Repo`).
    pub registry: Option<String>,
    /// Resource budgets.
    pub limits: Limits,
}

impl TerraformOptions {
    /// Options with the pack version (`1.0.0`, `2.1.0`), which [`to_terraform`](crate::to_terraform) requires.
    #[must_use]
    pub fn with_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }
}

impl Options {
    /// What the pack rules need of these options.
    pub(crate) fn pack_options(&self) -> PackOptions<'_> {
        PackOptions {
            provider: self.provider,
            default_provider: self.default_provider,
            region: self.region.as_deref(),
        }
    }
}
