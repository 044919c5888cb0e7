//! Packer: a Packer manifest (`packer-manifest.json`) → `generic-byoi` values.

mod convert;

pub use convert::{from_packer_manifest, PackerOptions, PackerResult};
