//! Sprig functions whose result is not a function of their input: the clock, randomness
//! and the host. Palette computes them when it deploys; byoos never evaluates them and
//! keeps the action as written, with a `template/deploy-time` warning.

/// Their names in `sprig.TxtFuncMap()` (Sprig 3.2.3), sorted.
pub(crate) static DEPLOY_TIME: &[&str] = &[
    "ago",
    "bcrypt",
    "date",
    "dateInZone",
    "dateModify",
    "date_in_zone",
    "date_modify",
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
    "htmlDateInZone",
    "htpasswd",
    "mustDateModify",
    "must_date_modify",
    "now",
    "randAlpha",
    "randAlphaNum",
    "randAscii",
    "randBytes",
    "randInt",
    "randNumeric",
    "shuffle",
    "uuidv4",
];

/// Whether `name` is one of them.
pub(crate) fn is_deploy_time(name: &str) -> bool {
    DEPLOY_TIME.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorted() {
        let mut s = super::DEPLOY_TIME.to_vec();
        s.sort_unstable();
        assert_eq!(s, super::DEPLOY_TIME);
    }
}
