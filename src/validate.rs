//! Checks beyond types: combinations of values that would render a pod that can never
//! start, or objects Kubernetes refuses. All problems are reported together.

use crate::config::Config;
use crate::set_flag::Step;
use crate::values::{AwsSecretManager, AzureKeyVault, GcpSecretManager, Provider, Values};

/// A problem with the values, at a values path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: Vec<Step>,
    pub message: String,
}

fn path(p: &str) -> Vec<Step> {
    p.split('.').map(|k| Step::Key(k.to_owned())).collect()
}

pub fn validate(v: &Values) -> Vec<Problem> {
    let mut problems = Vec::new();
    if v.wso2.config.secure_vault.enabled {
        problems.extend(secure_vault_problems(
            v.provider,
            &v.aws.secret_manager,
            &v.azure.key_vault,
            v.gcp.as_ref().and_then(|g| g.secret_manager.as_ref()),
        ));
    }
    let mut problem = |p: &str, message: String| {
        problems.push(Problem {
            path: path(p),
            message,
        });
    };
    let c = &v.wso2.config;
    let d = &v.wso2.deployment;
    let hpa = &d.hpa;
    if hpa.enabled {
        if hpa.max_replicas < 1 {
            problem(
                "wso2.deployment.hpa.maxReplicas",
                "maxReplicas must be 1 or more (to stop every pod, turn the autoscaler off and set \
                 `replicas: 0`)"
                    .into(),
            );
        }
        if hpa.min_replicas < 1 {
            problem(
                "wso2.deployment.hpa.minReplicas",
                "the autoscaler needs at least 1 replica".into(),
            );
        }
        if hpa.min_replicas > hpa.max_replicas {
            problem(
                "wso2.deployment.hpa",
                format!(
                    "minReplicas ({}) is greater than maxReplicas ({}); Kubernetes refuses such \
                     an autoscaler",
                    hpa.min_replicas, hpa.max_replicas
                ),
            );
        }
    }
    let offset = c.port_offset;
    for (base, what) in [
        (8253, "HTTPS pass-through"),
        (9201, "metrics"),
        (9164, "management"),
    ] {
        let port = base + offset - 10;
        if !(1..=65_535).contains(&port) {
            problem(
                "wso2.config.portOffset",
                format!(
                    "offset {offset} moves the {what} port {base} to {port}, outside 1-65535 \
                     (ports are {base} + portOffset - 10)"
                ),
            );
            break;
        }
    }
    let mut more = Vec::new();
    deployment_problems(v, &mut more);
    vault_problems(c, &mut more);
    synapse_property_problems(c, &mut more);
    problems.extend(more);
    problems
}

/// Synapse property strings are pasted into deployment.toml as written (upstream's
/// documented rule), so each must be one TOML value; anything else would break the file or
/// add keys to it.
fn synapse_property_problems(c: &Config, out: &mut Vec<Problem>) {
    for (key, value) in c.synapse_properties.iter().flatten() {
        if let crate::scalar::Scalar::String(literal) = value {
            if !crate::escape::is_toml_value(literal) {
                out.push(Problem {
                    path: ["wso2", "config", "synapseProperties", key.as_str()]
                        .iter()
                        .map(|k| Step::Key((*k).to_owned()))
                        .collect(),
                    message: "is not a TOML value; synapse property values are copied into \
                              deployment.toml as written, so a string needs its own quotes, \
                              such as '\"/home/test\"'"
                        .into(),
                });
            }
        }
    }
}

fn push(out: &mut Vec<Problem>, p: &str, message: String) {
    out.push(Problem {
        path: path(p),
        message,
    });
}

/// Secure vault reads the internal keystore password through the provider's secret
/// manager, so it needs a provider and that provider's settings. Both charts share the
/// provider sections, and so this check.
pub fn secure_vault_problems(
    provider: Provider,
    aws: &AwsSecretManager,
    azure: &AzureKeyVault,
    gcp: Option<&GcpSecretManager>,
) -> Vec<Problem> {
    let required: Vec<(&str, &str)> = match provider {
        Provider::None => {
            return vec![Problem {
                path: path("wso2.config.secureVault.enabled"),
                message: "secure vault needs `provider` (aws, azure or gcp) and its secret \
                          manager settings: the internal keystore password is read from the \
                          provider's secrets-store CSI driver, so without one the pod can \
                          never start"
                    .into(),
            }];
        }
        Provider::Aws => {
            let pw = &aws.secret_identifiers.internal_keystore_password;
            vec![
                (
                    "aws.secretManager.secretProviderClass",
                    aws.secret_provider_class.as_str(),
                ),
                (
                    "aws.secretManager.secretIdentifiers.internalKeystorePassword.secretName",
                    pw.secret_name.as_str(),
                ),
                (
                    "aws.secretManager.secretIdentifiers.internalKeystorePassword.secretKey",
                    pw.secret_key.as_str(),
                ),
            ]
        }
        Provider::Azure => vec![
            ("azure.keyVault.name", azure.name.as_str()),
            (
                "azure.keyVault.secretProviderClass",
                azure.secret_provider_class.as_str(),
            ),
            (
                "azure.keyVault.secretIdentifiers.internalKeystorePassword",
                azure.secret_identifiers.internal_keystore_password.as_str(),
            ),
            (
                "azure.keyVault.activeDirectory.tenantId",
                azure.active_directory.tenant_id.as_str(),
            ),
        ],
        Provider::Gcp => vec![
            (
                "gcp.secretManager.secretProviderClass",
                gcp.map_or("", |s| s.secret_provider_class.as_str()),
            ),
            (
                "gcp.secretManager.secretIdentifiers.internalKeystorePassword",
                gcp.map_or("", |s| {
                    s.secret_identifiers.internal_keystore_password.as_str()
                }),
            ),
        ],
    };
    required
        .into_iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(p, _)| Problem {
            path: path(p),
            message: format!(
                "secure vault is enabled with provider `{}`, so this must be set: the internal \
                 keystore password is read through it",
                provider.as_str()
            ),
        })
        .collect()
}

#[allow(clippy::many_single_char_names)]
fn deployment_problems(v: &Values, out: &mut Vec<Problem>) {
    let d = &v.wso2.deployment;
    // Empty is allowed: the Ingress rule then matches any host (upstream's values_full.yaml).
    let hostname_check = if d.hostname.is_empty() {
        Ok(())
    } else {
        check_dns_name(&d.hostname)
    };
    if let Err(why) = hostname_check {
        push(
            out,
            "wso2.deployment.hostname",
            format!("`{}` is not a valid DNS name: {why}", d.hostname),
        );
    }
    let digest = d.image.digest.as_str();
    if !digest.is_empty() && !is_sha256_digest(digest) {
        push(
            out,
            "wso2.deployment.image.digest",
            format!(
                "`{digest}` is not an image digest: expected `sha256:` followed by 64 lowercase \
                 hexadecimal digits (or leave it empty to use the tag)"
            ),
        );
    }
    let r = &d.resources;
    let mut amounts = Vec::new();
    for (which, q) in [("requests", &r.requests), ("limits", &r.limits)] {
        for (kind, text) in [("memory", &q.memory), ("cpu", &q.cpu)] {
            let p = format!("wso2.deployment.resources.{which}.{kind}");
            match parse_quantity(text.as_str()) {
                Some(n) => amounts.push((which, kind, n, text.as_str())),
                None => push(
                    out,
                    &p,
                    format!(
                        "`{text}` is not a Kubernetes quantity: expected a number with an \
                         optional unit, such as {}",
                        if kind == "cpu" {
                            "`500m` or `2`"
                        } else {
                            "`512Mi` or `2Gi`"
                        }
                    ),
                ),
            }
        }
    }
    for kind in ["memory", "cpu"] {
        let find = |which: &str| amounts.iter().find(|a| a.0 == which && a.1 == kind);
        if let (Some(req), Some(lim)) = (find("requests"), find("limits")) {
            if req.2 > lim.2 {
                push(
                    out,
                    &format!("wso2.deployment.resources.requests.{kind}"),
                    format!(
                        "the request ({}) is more than the limit ({}); Kubernetes refuses such \
                         a container",
                        req.3, lim.3
                    ),
                );
            }
        }
    }
    let storages = [
        (
            "aws.storage.capacity",
            v.aws.storage.as_ref().map(|s| &s.capacity),
        ),
        (
            "gcp.storage.capacity",
            v.gcp
                .as_ref()
                .and_then(|g| g.storage.as_ref())
                .map(|s| &s.capacity),
        ),
    ];
    for (p, capacity) in storages {
        if let Some(c) = capacity.filter(|c| !c.is_empty()) {
            if parse_quantity(c.as_str()).is_none() {
                push(
                    out,
                    p,
                    format!("`{c}` is not a Kubernetes quantity: expected a size such as `5Gi`"),
                );
            }
        }
    }
    let mode = d.config_maps.entry_point.default_mode.as_str();
    if parse_file_mode(mode).is_none() {
        push(
            out,
            "wso2.deployment.configMaps.entryPoint.defaultMode",
            format!(
                "`{mode}` is not an octal file mode: expected up to four octal digits from \
                 `0000` to `0777`, such as `\"0407\"`"
            ),
        );
    }
}

/// A `HashiCorp` vault needs an address and a way to log in; one with neither is the
/// upstream placeholder, skipped later with a warning.
fn vault_problems(c: &Config, out: &mut Vec<Problem>) {
    let Some(h) = c.vault.as_ref().and_then(|v| v.hashicorp.as_ref()) else {
        return;
    };
    let set = |s: &Option<String>| s.as_deref().is_some_and(|s| !blank(s));
    let token = set(&h.root_token);
    let approle = set(&h.role_id) && set(&h.secret_id);
    let base = "wso2.config.vault.hashicorp";
    match h.address.as_deref().filter(|a| !blank(a)) {
        None => {
            if token || set(&h.role_id) || set(&h.secret_id) {
                push(
                    out,
                    &format!("{base}.address"),
                    "the vault has credentials but no address: set the URL of the Vault \
                     server, such as `https://vault.example.com:8200`"
                        .into(),
                );
            }
        }
        Some(address) => {
            if !(address.starts_with("http://") || address.starts_with("https://")) {
                push(
                    out,
                    &format!("{base}.address"),
                    format!(
                        "`{address}` is not a URL: expected `https://<host>:<port>`, such as \
                         `https://vault.example.com:8200`"
                    ),
                );
            }
            if !token && !approle {
                push(
                    out,
                    base,
                    "the vault needs a way to log in: set `rootToken`, or both `roleId` and \
                     `secretId` (AppRole)"
                        .into(),
                );
            }
        }
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// `a.b[2]` as steps.
pub fn path_with_index(p: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in p.split('.') {
        match part.split_once('[') {
            Some((key, rest)) => {
                steps.push(Step::Key(key.to_owned()));
                if let Ok(i) = rest.trim_end_matches(']').parse() {
                    steps.push(Step::Index(i));
                }
            }
            None => steps.push(Step::Key(part.to_owned())),
        }
    }
    steps
}

/// A lowercase RFC 1123 subdomain, as Kubernetes wants Ingress hosts; a leading `*.` is
/// allowed.
pub fn check_dns_name(name: &str) -> Result<(), String> {
    let bare = name.strip_prefix("*.").unwrap_or(name);
    if bare.is_empty() {
        return Err("it is empty".into());
    }
    if name.len() > 253 {
        return Err(format!("it has {} characters, more than 253", name.len()));
    }
    for label in bare.split('.') {
        if label.is_empty() {
            return Err("it has an empty part between dots".into());
        }
        if label.len() > 63 {
            return Err(format!("the part `{label}` is longer than 63 characters"));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(format!(
                "`{c}` is not allowed (only lowercase letters, digits, `-` and `.`)"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("the part `{label}` starts or ends with `-`"));
        }
    }
    Ok(())
}

pub fn is_sha256_digest(s: &str) -> bool {
    s.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// A Kubernetes quantity (`500m`, `1.5`, `512Mi`, `1e3`) as a number of base units.
pub fn parse_quantity(s: &str) -> Option<f64> {
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (number, suffix) = s.split_at(split);
    let digits = number.trim_start_matches(['+', '-']);
    if digits.is_empty()
        || digits.starts_with('.') && digits.len() == 1
        || digits.contains(['+', '-'])
        || digits.matches('.').count() > 1
        || number.starts_with('-')
    {
        return None;
    }
    let value: f64 = digits.parse().ok()?;
    let factor = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        exp => {
            let e: i32 = exp.strip_prefix(['e', 'E'])?.parse().ok()?;
            10f64.powi(e)
        }
    };
    Some(value * factor)
}

/// An octal file mode written as a string (`"0407"`), as the entrypoint template reads it.
pub fn parse_file_mode(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    u32::from_str_radix(s, 8).ok().filter(|m| *m <= 0o777)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("500m"), Some(0.5));
        assert_eq!(parse_quantity("1Gi"), Some(1_073_741_824.0));
        assert_eq!(parse_quantity("1.5"), Some(1.5));
        assert_eq!(parse_quantity("1e3"), Some(1000.0));
        for bad in ["", "Mi", "1GB", "-1", "1.2.3", "1 Gi", "one"] {
            assert_eq!(parse_quantity(bad), None, "{bad}");
        }
    }

    #[test]
    fn dns_names() {
        assert!(check_dns_name("mi.wso2.com").is_ok());
        assert!(check_dns_name("*.example.org").is_ok());
        for bad in ["", "MI.example.com", "a..b", "-a.b", "a_b.c", "a b"] {
            assert!(check_dns_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn digests_and_modes() {
        assert!(is_sha256_digest(&format!("sha256:{}", "ab".repeat(32))));
        assert!(!is_sha256_digest("sha256:abc"));
        assert!(!is_sha256_digest(&format!("sha256:{}", "AB".repeat(32))));
        assert_eq!(parse_file_mode("0407"), Some(0o407));
        assert_eq!(parse_file_mode("755"), Some(0o755));
        for bad in ["", "0999", "rwx", "01777", "7777"] {
            assert_eq!(parse_file_mode(bad), None, "{bad}");
        }
    }
}
