//! Sprig functions whose result is not a function of their input: the clock, randomness
//! and the host. Palette computes them when it deploys; byoos never evaluates them and
//! keeps the action as written, with a `template/deploy-time` warning.
//!
//! The host includes its time zone: `toDate` and `mustToDate` parse in `time.Local`
//! (the zone of Palette's server, unknown offline: the time's offset, its printed zone
//! and so its `unixEpoch` depend on it), and `date`, `htmlDate` format in it.
//! `dateInZone` and `htmlDateInZone` read the zone database of that host for any zone
//! but `UTC`, and the clock for any date that is not an integer: byoos evaluates them
//! otherwise, and keeps those calls ([`super::dates::deploy_time_on`]).
//! docs/fidelity.md, D5-deploy-time, gives the reasoning for each date function.

/// Their names in `sprig.TxtFuncMap()` (Sprig 3.2.3), sorted.
pub(crate) static DEPLOY_TIME: &[&str] = &[
    "ago",
    "bcrypt",
    "date",
    "encryptAES",
    "env",
    "expandenv",
    "genCA",
    "genCAWithKey",
    "genPrivateKey",
    "genSelfSignedCert",
    "genSelfSignedCertWithKey",
    "genSignedCert",
    "genSignedCertWithKey",
    "getHostByName",
    "htmlDate",
    "htpasswd",
    "mustToDate",
    "now",
    "randAlpha",
    "randAlphaNum",
    "randAscii",
    "randBytes",
    "randInt",
    "randNumeric",
    "shuffle",
    "toDate",
    "uuidv4",
];

/// Whether `name` is one of them.
pub(crate) fn is_deploy_time(name: &str) -> bool {
    DEPLOY_TIME.binary_search(&name).is_ok()
}

/// Sprig's functions that make a secret from secret material given as an argument: a
/// password from a master password (`derivePassword`), plain text from an AES key and
/// its cipher text (`decryptAES`), a certificate signed with a CA's private key
/// (`buildCustomCert`). Their result is a function of their input, but evaluated
/// offline it would be written, in clear, into byoos's output: byoos never evaluates
/// them, keeps the action as written and warns (`template/secret-function`,
/// docs/fidelity.md D8-secret-function). Sorted.
pub(crate) static SECRET_FUNCTIONS: &[&str] = &["buildCustomCert", "decryptAES", "derivePassword"];

/// Whether `name` is one of them.
pub(crate) fn is_secret_function(name: &str) -> bool {
    SECRET_FUNCTIONS.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorted() {
        let mut s = super::DEPLOY_TIME.to_vec();
        s.sort_unstable();
        assert_eq!(s, super::DEPLOY_TIME);
        let mut s = super::SECRET_FUNCTIONS.to_vec();
        s.sort_unstable();
        assert_eq!(s, super::SECRET_FUNCTIONS);
        assert!(s.iter().all(|n| !super::is_deploy_time(n)));
    }
}
