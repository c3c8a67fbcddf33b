//! `michart lint`: everything `template` checks, reported together instead of stopping at
//! the first stage that fails, plus warnings about settings that work but should not reach
//! production. Each finding names the values path, where it was set, and the fix.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::chart::Chart;
use crate::chart_values::ChartValues;
use crate::cli::{LintFormat, LintOptions};
use crate::renderer::{Release, Renderer};
use crate::set_flag::Step;
use crate::validate::{parse_quantity, path_with_index};
use crate::value_layers::Location;
use crate::values::Values;
use crate::values_error::{self, display_path};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing lint found.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Values path (`wso2.deployment.replicas`), or empty when the finding is about the
    /// input as a whole.
    pub path: String,
    pub message: String,
    /// What to change, when there is one obvious fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Where the value was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Place>,
}

/// A `Location` for machines.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    /// A file name, or the `--set` flag.
    pub origin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The text of the line, for files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl From<Location> for Place {
    fn from(at: Location) -> Self {
        let (line, column, text) = match at.line {
            Some((l, c, t)) => (Some(l), Some(c), Some(t)),
            None => (None, None, None),
        };
        Place {
            origin: at.origin,
            line,
            column,
            text,
        }
    }
}

pub fn run(options: &LintOptions) -> Result<ExitCode> {
    let chart = Chart::load(&options.chart)?;
    let release = Release {
        name: options.release.clone(),
        namespace: options.namespace.clone(),
    };
    let findings = crate::with_chart_values!(chart.kind, V => {
        lint_as::<V>(&chart, &options.inputs, &release, options.lenient)
    });
    let errors = count(&findings, Severity::Error);
    let warnings = count(&findings, Severity::Warning);
    let failed = errors > 0 || (options.strict && warnings > 0);
    let text = match options.format {
        LintFormat::Text => to_text(&findings, options.strict),
        LintFormat::Json => {
            let mut json = serde_json::to_string_pretty(&serde_json::json!({
                "ok": !failed,
                "errors": errors,
                "warnings": warnings,
                "findings": findings,
            }))?;
            json.push('\n');
            json
        }
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

/// Warnings about settings that deploy but do not belong in production: `(path, what,
/// fix)`. A chart without such checks has none.
pub trait ProductionChecks {
    fn production_warnings(&self) -> Vec<(String, String, String)> {
        Vec::new()
    }
}

impl ProductionChecks for Values {
    fn production_warnings(&self) -> Vec<(String, String, String)> {
        production_warnings(self)
    }
}

impl ProductionChecks for crate::icp_values::IcpValues {
    fn production_warnings(&self) -> Vec<(String, String, String)> {
        let c = &self.wso2.config;
        if !c.secure_vault.enabled {
            return Vec::new();
        }
        // The ICP chart's `[secrets]` table, entry by entry.
        let secrets = [
            ("wso2.config.miUserstore.password", &c.mi_userstore.password),
            ("wso2.config.keyStore.password", &c.key_store.password),
            (
                "wso2.config.keyStore.keyPassword",
                &c.key_store.key_password,
            ),
            ("wso2.config.trustStore.password", &c.trust_store.password),
        ];
        vault_secret_warnings(
            secrets
                .into_iter()
                .map(|(path, value)| (path.to_owned(), value.clone())),
        )
    }
}

/// [`lint_as`] for the MI chart's values.
pub fn lint(
    chart: &Chart,
    inputs: &crate::cli::ValueInputs,
    release: &Release,
    lenient: bool,
) -> Vec<Finding> {
    lint_as::<Values>(chart, inputs, release, lenient)
}

/// Every finding about the values given: value errors first (in the order of the values),
/// then placeholder and production warnings, then the render check.
pub fn lint_as<V: ChartValues + ProductionChecks>(
    chart: &Chart,
    inputs: &crate::cli::ValueInputs,
    release: &Release,
    lenient: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let layers = match crate::load_layers(chart, inputs) {
        Ok(l) => l,
        Err(e) => {
            out.push(plain(Severity::Error, &format!("{e:#}")));
            return out;
        }
    };
    let at = |steps: &[Step]| values_error::locate(&layers, steps).map(Place::from);
    let (tree, errors, warnings) = values_error::checked_tree::<V>(&layers, lenient);
    for (severity, problems) in [(Severity::Error, &errors), (Severity::Warning, &warnings)] {
        for p in problems {
            out.push(Finding {
                severity,
                path: display_path(&p.path),
                message: p.message.clone(),
                fix: None,
                location: at(&p.path),
            });
        }
    }
    if !errors.is_empty() {
        return out;
    }
    let mut values: V = match values_error::deserialize(&layers, tree) {
        Ok(v) => v,
        Err(e) => {
            out.push(plain(Severity::Error, &e.to_string()));
            return out;
        }
    };
    let problems = values.validate();
    for p in &problems {
        out.push(Finding {
            severity: Severity::Error,
            path: display_path(&p.path),
            message: p.message.clone(),
            fix: None,
            location: at(&p.path),
        });
    }
    if !problems.is_empty() {
        return out;
    }
    for w in values.drop_placeholders() {
        let (path, message) = w.split_once(": ").unwrap_or(("", &w));
        out.push(Finding {
            severity: Severity::Warning,
            path: path.to_owned(),
            message: message.to_owned(),
            fix: Some("fill in the entry or remove it".into()),
            location: at(&path_with_index(path)),
        });
    }
    for (path, message, fix) in values.production_warnings() {
        let steps = path_with_index(&path);
        out.push(Finding {
            severity: Severity::Warning,
            path,
            message,
            fix: Some(fix),
            location: at(&steps),
        });
    }
    let rendered = Renderer::new(chart).and_then(|r| r.render(&values, release));
    if let Err(e) = rendered.and_then(|r| crate::check::check(&r)) {
        out.push(plain(
            Severity::Error,
            &format!("the rendered chart does not pass its checks: {e:#}"),
        ));
    }
    out
}

fn plain(severity: Severity, message: &str) -> Finding {
    Finding {
        severity,
        path: String::new(),
        message: message.to_owned(),
        fix: None,
        location: None,
    }
}

/// Settings that deploy, but that nobody should run in production: `(path, what, fix)`.
pub fn production_warnings(v: &Values) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut warn = |path: &str, what: String, fix: &str| {
        out.push((path.to_owned(), what, fix.to_owned()));
    };
    let c = &v.wso2.config;
    let d = &v.wso2.deployment;

    if !c.secure_vault.enabled {
        let plaintext: Vec<String> = password_fields(v)
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(path, _)| path)
            .collect();
        if !plaintext.is_empty() {
            warn(
                "wso2.config.secureVault.enabled",
                format!(
                    "secure vault is off, so these passwords are written in plain text into \
                     deployment.toml, a ConfigMap anyone who can read the namespace can read: {}",
                    plaintext.join(", ")
                ),
                "set `wso2.config.secureVault.enabled: true` with a `provider` and its secret \
                 manager settings",
            );
        }
    }
    if c.secure_vault.enabled {
        for (path, what, fix) in vault_secret_warnings(vault_secrets(v)) {
            warn(&path, what, &fix);
        }
    }
    if c.admin.username == "admin" && c.admin.password == "admin" {
        warn(
            "wso2.config.admin.password",
            "the management API keeps the well-known default credentials admin/admin".into(),
            "set `wso2.config.admin.username` and `password` to your own credentials",
        );
    }
    if d.jks_secret_name.is_empty() {
        warn(
            "wso2.deployment.JKSSecretName",
            "no keystore Secret: the pod uses the self-signed wso2carbon keystores built into \
             the image, whose private key is public"
                .into(),
            "create a Secret holding your keystore and truststore files and set \
             `wso2.deployment.JKSSecretName` (and `wso2.config.keyStore.*`) to it",
        );
    } else {
        let stores = [
            (
                "wso2.config.keyStore.primary.password",
                &c.key_store.primary.password,
            ),
            (
                "wso2.config.keyStore.internal.password",
                &c.key_store.internal.password,
            ),
            (
                "wso2.config.trustStore.primary.password",
                &c.trust_store.primary.password,
            ),
        ];
        for (path, password) in stores {
            if password == "wso2carbon" {
                warn(
                    path,
                    "the store keeps the default password `wso2carbon`".into(),
                    "protect your own keystore with a password of its own",
                );
            }
        }
    }
    if c.userstore.file.enabled {
        warn(
            "wso2.config.userstore.file.enabled",
            "the file-based user store is on: users live in a file inside the image, the same \
             for every pod, and changes are lost on restart"
                .into(),
            "set `wso2.config.userstore.file.enabled: false` and configure \
             `wso2.config.userstore.rdbms` (or `ldap`)",
        );
    }
    let ing = &v.wso2.ingress;
    let annotations = ing.annotations.as_ref();
    let nginx = ing.ingress_class_name.contains("nginx")
        || annotations.is_some_and(|a| {
            a.get("kubernetes.io/ingress.class")
                .is_some_and(|c| c.as_str().contains("nginx"))
        });
    let protocol = annotations.and_then(|a| a.get("nginx.ingress.kubernetes.io/backend-protocol"));
    let https = protocol.is_some_and(|p| p.as_str().eq_ignore_ascii_case("HTTPS"))
        // For the class `nginx` the chart adds the annotation itself when it is not set.
        || (protocol.is_none() && ing.ingress_class_name == "nginx");
    if ing.enabled && nginx && !https {
        warn(
            "wso2.ingress.annotations",
            "an nginx Ingress without `nginx.ingress.kubernetes.io/backend-protocol: HTTPS`: \
             MI listens on HTTPS, so nginx speaks plain HTTP to a TLS port and every request \
             fails with 502 or 400"
                .into(),
            "add `nginx.ingress.kubernetes.io/backend-protocol: \"HTTPS\"` to \
             `wso2.ingress.annotations`",
        );
    }
    if ing.enabled && d.hostname.is_empty() {
        warn(
            "wso2.deployment.hostname",
            "the Ingress has no host name, so it answers for every host and its TLS section \
             names none"
                .into(),
            "set `wso2.deployment.hostname` to the DNS name clients use",
        );
    }
    let most = if d.hpa.enabled {
        d.hpa.max_replicas
    } else {
        d.replicas
    };
    if c.coordination.is_some() && most <= 1 {
        warn(
            "wso2.config.coordination",
            format!(
                "a coordination database is set but at most {most} replica runs: coordination \
                 only matters with several"
            ),
            "raise `wso2.deployment.replicas` (or the autoscaler's `maxReplicas`), or drop \
             `wso2.config.coordination`",
        );
    }
    let xmx = d.resources.jvm.memory.xmx.as_str();
    let limit = d.resources.limits.memory.as_str();
    if let (Some(heap), Some(mem)) = (parse_jvm_size(xmx), parse_quantity(limit)) {
        if heap > mem {
            warn(
                "wso2.deployment.resources.jvm.memory.xmx",
                format!(
                    "-Xmx{xmx} is above the container memory limit ({limit}): the JVM grows \
                     past the limit and the pod is OOM-killed under load"
                ),
                "keep `xmx` at about three quarters of `wso2.deployment.resources.limits.memory`",
            );
        }
    }
    out
}

/// Every password the values can hold, with its path, as rendered into deployment.toml.
fn password_fields(v: &Values) -> Vec<(String, String)> {
    let c = &v.wso2.config;
    let mut out: Vec<(String, String)> = vec![
        (
            "wso2.config.admin.password".into(),
            c.admin.password.clone(),
        ),
        (
            "wso2.config.keyStore.primary.password".into(),
            c.key_store.primary.password.clone(),
        ),
        (
            "wso2.config.keyStore.primary.keyPassword".into(),
            c.key_store.primary.key_password.clone(),
        ),
        (
            "wso2.config.keyStore.internal.password".into(),
            c.key_store.internal.password.clone(),
        ),
        (
            "wso2.config.keyStore.internal.keyPassword".into(),
            c.key_store.internal.key_password.clone(),
        ),
        (
            "wso2.config.trustStore.primary.password".into(),
            c.trust_store.primary.password.clone(),
        ),
    ];
    let mut opt = |path: &str, value: Option<&String>| {
        if let Some(value) = value {
            out.push((path.to_owned(), value.clone()));
        }
    };
    let rdbms = c.userstore.rdbms.as_ref();
    opt(
        "wso2.config.userstore.rdbms.password",
        rdbms.and_then(|r| r.password.as_ref()),
    );
    opt(
        "wso2.config.userstore.ldap.connectionPassword",
        c.userstore
            .ldap
            .as_ref()
            .and_then(|l| l.connection_password.as_ref()),
    );
    opt(
        "wso2.config.coordination.rdbms.password",
        c.coordination
            .as_ref()
            .and_then(|co| co.rdbms.as_ref())
            .and_then(|r| r.password.as_ref()),
    );
    opt(
        "wso2.config.serviceCatalog.password",
        c.service_catalog.as_ref().and_then(|s| s.password.as_ref()),
    );
    let nb = c
        .transport
        .as_ref()
        .and_then(|t| t.http.as_ref())
        .and_then(|h| h.non_blocking.as_ref());
    let sides = [
        (
            "listener",
            nb.and_then(|n| n.listener.as_ref())
                .map(|l| (l.keystore.as_ref(), l.truststore.as_ref())),
        ),
        (
            "sender",
            nb.and_then(|n| n.sender.as_ref())
                .map(|s| (s.keystore.as_ref(), s.truststore.as_ref())),
        ),
    ];
    for (side, stores) in sides {
        let (keystore, truststore) = stores.unwrap_or_default();
        let base = format!("wso2.config.transport.http.nonBlocking.{side}");
        opt(
            &format!("{base}.keystore.password"),
            keystore.and_then(|k| k.password.as_ref()),
        );
        opt(
            &format!("{base}.truststore.password"),
            truststore.and_then(|t| t.password.as_ref()),
        );
    }
    out
}

/// A warning for each `(path, value)` bound for the `[secrets]` table that is empty or does
/// not look like the cipher tool's output; the value itself is never part of it.
fn vault_secret_warnings(
    secrets: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (path, value) in secrets {
        let what = if value.is_empty() {
            "is empty"
        } else if looks_encrypted(&value) {
            continue;
        } else {
            "does not look encrypted"
        };
        out.push((
            path,
            format!(
                "{what}, but secure vault is on: it goes to the `[secrets]` table of \
                 deployment.toml, which the server decrypts at startup, so it must be the \
                 cipher tool's output (base64 of an RSA-encrypted block, 172 characters or more)"
            ),
            "encrypt the password with the internal keystore (`ciphertool.sh` or `mi secret \
             create`) and put the encrypted text here"
                .to_owned(),
        ));
    }
    out
}

/// The values that the `[secrets]` table of deployment.toml holds when secure vault is on,
/// with their paths: the same entries, under the same conditions, as the template writes.
fn vault_secrets(v: &Values) -> Vec<(String, String)> {
    let c = &v.wso2.config;
    let mut out: Vec<(String, String)> = [
        ("wso2.config.admin.password", &c.admin.password),
        (
            "wso2.config.keyStore.primary.password",
            &c.key_store.primary.password,
        ),
        (
            "wso2.config.keyStore.primary.keyPassword",
            &c.key_store.primary.key_password,
        ),
        (
            "wso2.config.keyStore.internal.password",
            &c.key_store.internal.password,
        ),
        (
            "wso2.config.keyStore.internal.keyPassword",
            &c.key_store.internal.key_password,
        ),
        (
            "wso2.config.trustStore.primary.password",
            &c.trust_store.primary.password,
        ),
    ]
    .into_iter()
    .map(|(path, value)| (path.to_owned(), value.clone()))
    .collect();
    // An entry whose section is set but whose password is not is written empty.
    let mut entry = |path: String, value: Option<&String>| {
        out.push((path, value.cloned().unwrap_or_default()));
    };
    if let Some(rdbms) = &c.userstore.rdbms {
        entry(
            "wso2.config.userstore.rdbms.password".into(),
            rdbms.password.as_ref(),
        );
    }
    if let Some(co) = &c.coordination {
        entry(
            "wso2.config.coordination.rdbms.password".into(),
            co.rdbms.as_ref().and_then(|r| r.password.as_ref()),
        );
    }
    let transport = c.transport.as_ref();
    let nb = transport
        .and_then(|t| t.http.as_ref())
        .and_then(|h| h.non_blocking.as_ref());
    let sender = nb.and_then(|n| n.sender.as_ref());
    let listener = nb.and_then(|n| n.listener.as_ref());
    for (side, keystore, truststore) in [
        (
            "sender",
            sender.and_then(|s| s.keystore.as_ref()),
            sender.and_then(|s| s.truststore.as_ref()),
        ),
        (
            "listener",
            listener.and_then(|l| l.keystore.as_ref()),
            listener.and_then(|l| l.truststore.as_ref()),
        ),
    ] {
        let base = format!("wso2.config.transport.http.nonBlocking.{side}");
        if let Some(k) = keystore {
            entry(format!("{base}.keystore.password"), k.password.as_ref());
            entry(
                format!("{base}.keystore.keyPassword"),
                k.key_password.as_ref(),
            );
        }
        if let Some(t) = truststore {
            entry(format!("{base}.truststore.password"), t.password.as_ref());
        }
    }
    let vfs = transport
        .and_then(|t| t.vfs.as_ref())
        .and_then(|v| v.listener.as_ref())
        .and_then(|l| l.keystore.as_ref());
    if let Some(k) = vfs {
        let base = "wso2.config.transport.vfs.listener.keystore";
        entry(format!("{base}.password"), k.password.as_ref());
        entry(format!("{base}.keyPassword"), k.key_password.as_ref());
    }
    if let Some(s) = &c.service_catalog {
        entry(
            "wso2.config.serviceCatalog.password".into(),
            s.password.as_ref(),
        );
    }
    out
}

/// Whether a value looks like what the WSO2 cipher tool (`ciphertool.sh`) and `mi secret
/// create` print: the RSA-encrypted password, base64-encoded (standard alphabet, `=`
/// padding, one line). RSA output is as long as the key, so it decodes to at least 128 bytes
/// (a 1024-bit key; the stock 2048-bit key gives 256 bytes, 344 characters). A heuristic: it
/// cannot tell a real cipher text from any other long base64 string, only catch passwords
/// left in plain text.
pub fn looks_encrypted(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    let padding = value.len() - body.len();
    value.len() % 4 == 0
        && padding <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        && value.len() / 4 * 3 - padding >= 128
}

/// A JVM memory size (`1024m`, `2g`, `512k`, `1073741824`) in bytes.
pub fn parse_jvm_size(s: &str) -> Option<f64> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().last()? {
        (i, c) if c.is_ascii_alphabetic() => (&s[..i], c.to_ascii_lowercase()),
        _ => (s, 'b'),
    };
    let n: u64 = digits.parse().ok()?;
    let factor: u64 = match unit {
        'b' => 1,
        'k' => 1 << 10,
        'm' => 1 << 20,
        'g' => 1 << 30,
        't' => 1 << 40,
        _ => return None,
    };
    #[allow(clippy::cast_precision_loss)]
    Some((n * factor) as f64)
}

/// The findings for a person: each with its path, where it was set and the fix.
pub fn to_text(findings: &[Finding], strict: bool) -> String {
    let mut out = String::new();
    for f in findings {
        let label = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if f.path.is_empty() {
            let _ = writeln!(out, "{label}: {}", f.message.replace('\n', "\n  "));
        } else {
            let _ = writeln!(out, "{label}: {}: {}", f.path, f.message);
        }
        if let Some(at) = &f.location {
            match (at.line, at.column, &at.text) {
                (Some(line), Some(col), Some(text)) => {
                    let gutter = line.to_string().len();
                    let _ = writeln!(out, "  --> {}:{line}:{col}", at.origin);
                    let _ = writeln!(out, "  {:gutter$} |", "");
                    let _ = writeln!(out, "  {line} | {text}");
                    let _ = writeln!(out, "  {:gutter$} | {:>col$}", "", "^");
                }
                _ => {
                    let _ = writeln!(out, "  --> {}", at.origin);
                }
            }
        }
        if let Some(fix) = &f.fix {
            let _ = writeln!(out, "  fix: {fix}");
        }
    }
    let errors = count(findings, Severity::Error);
    let warnings = count(findings, Severity::Warning);
    let verdict = if errors > 0 || (strict && warnings > 0) {
        "failed"
    } else {
        "passed"
    };
    let _ = writeln!(
        out,
        "lint {verdict}: {errors} error{}, {warnings} warning{}{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
        if strict && warnings > 0 && errors == 0 {
            " (--strict fails on warnings)"
        } else {
            ""
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value_layers::ValueLayers;

    #[test]
    fn jvm_sizes() {
        assert_eq!(parse_jvm_size("1024m"), Some(1_073_741_824.0));
        assert_eq!(parse_jvm_size("2G"), Some(2_147_483_648.0));
        assert_eq!(parse_jvm_size("512"), Some(512.0));
        assert_eq!(parse_jvm_size("lots"), None);
    }

    fn values(yaml: &str) -> Values {
        let mut layers = ValueLayers::new("d", include_str!("../charts/mi/values.yaml")).unwrap();
        layers.add_text("f.yaml", yaml.to_owned()).unwrap();
        values_error::typed(&layers).unwrap()
    }

    fn paths(v: &Values) -> Vec<String> {
        production_warnings(v).into_iter().map(|w| w.0).collect()
    }

    #[test]
    fn production_warnings_name_their_path() {
        let v = values(
            "wso2:\n  ingress:\n    ingressClassName: nginx-internal\n  config:\n    admin: {username: admin, password: admin}\n    coordination: {nodeId: x}\n  deployment:\n    resources:\n      limits: {memory: 512Mi}\n",
        );
        let found = paths(&v);
        for p in [
            "wso2.config.secureVault.enabled",
            "wso2.config.admin.password",
            "wso2.deployment.JKSSecretName",
            "wso2.config.userstore.file.enabled",
            "wso2.ingress.annotations",
            "wso2.config.coordination",
            "wso2.deployment.resources.jvm.memory.xmx",
        ] {
            assert!(found.iter().any(|f| f == p), "{p} missing from {found:?}");
        }
    }

    /// What the cipher tool prints for a 2048-bit key: 256 bytes in base64.
    fn cipher_text() -> String {
        format!("{}==", &"Kx9/".repeat(86)[..342])
    }

    #[test]
    fn a_production_setup_has_no_warnings() {
        let v = values(&format!(
            "provider: aws\naws:\n  secretManager:\n    secretProviderClass: spc\n    secretIdentifiers:\n      internalKeystorePassword: {{secretName: s, secretKey: k}}\n\
             wso2:\n  ingress:\n    ingressClassName: nginx\n    annotations:\n      nginx.ingress.kubernetes.io/backend-protocol: HTTPS\n\
             \x20 config:\n    secureVault: {{enabled: true}}\n    admin: {{username: ops, password: '{c}'}}\n    userstore:\n      file: {{enabled: false}}\n      rdbms: {{url: 'jdbc:postgresql://db/u', password: '{c}'}}\n\
             \x20   keyStore:\n      primary: {{password: '{c}', keyPassword: '{c}'}}\n      internal: {{password: '{c}', keyPassword: '{c}'}}\n\
             \x20   trustStore:\n      primary: {{password: '{c}'}}\n\
             \x20 deployment:\n    JKSSecretName: keystores\n",
            c = cipher_text()
        ));
        assert_eq!(paths(&v), Vec::<String>::new());
    }

    #[test]
    fn cipher_tool_output_is_told_from_plain_passwords() {
        assert_eq!(cipher_text().len(), 344);
        assert!(looks_encrypted(&cipher_text()));
        // A 1024-bit key: 128 bytes, 172 characters.
        assert!(looks_encrypted(&"A".repeat(172)));
        for plain in [
            "",
            "admin",
            "wso2carbon",
            "[admin]",
            "correct horse battery staple",
            &"A".repeat(168),
            &cipher_text()[..343],
            &format!("={}", &cipher_text()[1..]),
            &cipher_text().replace('K', "-"),
            &format!("{}\n", cipher_text()),
        ] {
            assert!(!looks_encrypted(plain), "{plain:?}");
        }
    }

    #[test]
    fn plain_secrets_are_named_by_path_with_secure_vault_on() {
        let v = values(
            "wso2:\n  config:\n    secureVault: {enabled: true}\n    admin: {password: hunter2}\n",
        );
        let warnings = production_warnings(&v);
        let admin = warnings
            .iter()
            .find(|w| w.0 == "wso2.config.admin.password")
            .expect("the admin password is reported");
        assert!(
            admin.1.starts_with("does not look encrypted"),
            "{}",
            admin.1
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.0 == "wso2.config.keyStore.internal.keyPassword"
                    && w.1.starts_with("is empty")),
            "{warnings:?}"
        );
        assert!(
            !warnings
                .iter()
                .any(|w| w.1.contains("hunter2") || w.2.contains("hunter2"))
        );
        // Secure vault off: the plain-text warning instead, one for all.
        let v = values("wso2:\n  config:\n    admin: {password: hunter2}\n");
        assert!(
            !production_warnings(&v)
                .iter()
                .any(|w| w.0 == "wso2.config.admin.password" && w.1.contains("encrypted"))
        );
    }

    #[test]
    fn icp_secrets_are_checked_too() {
        let mut layers = ValueLayers::new("d", include_str!("../charts/icp/values.yaml")).unwrap();
        layers
            .add_text(
                "f.yaml",
                "wso2:\n  config:\n    secureVault: {enabled: true}\n    miUserstore: {password: p1}\n\
                 \x20   keyStore: {password: p2, keyPassword: p3}\n    trustStore: {password: p4}\n"
                    .to_owned(),
            )
            .unwrap();
        let v: crate::icp_values::IcpValues = values_error::typed(&layers).unwrap();
        let warned: Vec<String> = v.production_warnings().into_iter().map(|w| w.0).collect();
        assert_eq!(
            warned,
            [
                "wso2.config.miUserstore.password",
                "wso2.config.keyStore.password",
                "wso2.config.keyStore.keyPassword",
                "wso2.config.trustStore.password"
            ]
        );
        // Each of them, and nothing else, is in the ICP's [secrets] table.
        let chart = Chart::load("icp").unwrap();
        let release = Release {
            name: "r".into(),
            namespace: "n".into(),
        };
        let rendered = Renderer::new(&chart)
            .and_then(|r| r.render(&v, &release))
            .unwrap();
        let toml: toml::Table = rendered.files["deployment.toml"].parse().unwrap();
        let mut written: Vec<&str> = toml["secrets"]
            .as_table()
            .unwrap()
            .values()
            .map(|s| s.as_str().unwrap())
            .collect();
        written.sort_unstable();
        assert_eq!(written, ["p1", "p2", "p3", "p4"]);
    }

    /// The paths `vault_secrets` names are exactly the `[secrets]` entries the template
    /// writes: every optional section set, each password different.
    #[test]
    fn vault_secrets_follow_the_secrets_table() {
        let yaml = "wso2:\n  config:\n    secureVault: {enabled: true}\n\
            \x20   admin: {password: p01}\n\
            \x20   keyStore:\n      primary: {password: p02, keyPassword: p03}\n      internal: {password: p04, keyPassword: p05}\n\
            \x20   trustStore:\n      primary: {password: p06}\n\
            \x20   userstore:\n      rdbms: {url: u, password: p07}\n\
            \x20   coordination:\n      rdbms: {url: u, password: p08}\n\
            \x20   serviceCatalog: {apimHost: h, password: p09}\n\
            \x20   transport:\n      vfs:\n        listener:\n          keystore: {fileName: f, password: p10, keyPassword: p11}\n\
            \x20     http:\n        nonBlocking:\n\
            \x20         sender:\n            keystore: {fileName: f, password: p12, keyPassword: p13}\n            truststore: {fileName: f, password: p14}\n\
            \x20         listener:\n            keystore: {fileName: f, password: p15, keyPassword: p16}\n            truststore: {fileName: f, password: p17}\n";
        let v = values(yaml);
        let mut ours: Vec<String> = vault_secrets(&v).into_iter().map(|(_, s)| s).collect();
        ours.sort();
        let expected: Vec<String> = (1..=17).map(|i| format!("p{i:02}")).collect();
        assert_eq!(ours, expected);
        let chart = Chart::load("mi").unwrap();
        let release = Release {
            name: "r".into(),
            namespace: "n".into(),
        };
        let rendered = Renderer::new(&chart)
            .and_then(|r| r.render(&v, &release))
            .unwrap();
        let toml: toml::Table = rendered.files["deployment.toml"].parse().unwrap();
        let mut written: Vec<String> = toml["secrets"]
            .as_table()
            .unwrap()
            .values()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        written.sort();
        assert_eq!(written, expected);
    }
}
