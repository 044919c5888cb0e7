//! What the pack rules are told besides the document.

use crate::image::Provider;

/// What the pack rules need of an operation's options.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PackOptions<'a> {
    /// The cloud provider whose image `generic-byoi`'s `osImageOverride` names;
    /// inferred from the reference when `None`.
    pub(crate) provider: Option<Provider>,
    /// The provider for a reference whose form does not name one, when `provider` is
    /// not given (a reference in one provider's own form is checked for that one).
    pub(crate) default_provider: Option<Provider>,
    /// The cluster's AWS region: AMI ARNs must be in it.
    pub(crate) region: Option<&'a str>,
}
