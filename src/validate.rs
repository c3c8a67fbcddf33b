//! Checks beyond types: combinations of values that would render a pod that can never
//! start, or objects Kubernetes refuses. All problems are reported together.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::deployment::Deployment;
use crate::deployment::env::{CONTAINER_RESOURCES, EnvVarSource, POD_FIELDS};
use crate::set_flag::Step;
use crate::values::{
    AwsSecretManager, AzureKeyVault, GcpSecretManager, Provider, ServiceType, Values,
};

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
    exposure_problems(v, &mut more);
    shared_volume_problems(v, &mut more);
    env_problems(&v.wso2.deployment, &mut more);
    pod_problems(v, &mut more);
    vault_problems(c, &mut more);
    synapse_property_problems(c, &mut more);
    more.extend(crate::logging::problems(c.logging.as_ref()));
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

/// The Service type and node ports, and the Ingress routes michart adds to upstream's:
/// what the API server would refuse, or a route to a port the Service does not have.
fn exposure_problems(v: &Values, out: &mut Vec<Problem>) {
    let s = &v.wso2.service;
    let d = &v.wso2.deployment;
    let external = s.kind != ServiceType::ClusterIP;
    let np = &s.node_ports;
    let ports = [
        ("passThroughHttps", np.pass_through_https, None),
        (
            "passThroughHttp",
            np.pass_through_http,
            (!s.expose_http).then_some("`wso2.service.exposeHttp: true`"),
        ),
        ("management", np.management, None),
        ("metrics", np.metrics, None),
        (
            "synapseTest",
            np.synapse_test,
            (!d.synapse_test.enabled).then_some("`wso2.deployment.synapseTest.enabled: true`"),
        ),
    ];
    let mut taken: Vec<(u32, &str)> = Vec::new();
    for (key, port, missing) in ports {
        let Some(port) = port else { continue };
        let p = format!("wso2.service.nodePorts.{key}");
        if !external {
            push(
                out,
                &p,
                "a node port needs `wso2.service.type: NodePort` (or `LoadBalancer`); Kubernetes \
                 refuses node ports on a ClusterIP Service"
                    .into(),
            );
        }
        if let Some(setting) = missing {
            push(
                out,
                &p,
                format!("the Service has no such port without {setting}"),
            );
        }
        if !(30_000..=32_767).contains(&port) {
            push(
                out,
                &p,
                format!("{port} is outside the node port range 30000-32767"),
            );
        } else if let Some((_, other)) = taken.iter().find(|(q, _)| *q == port) {
            push(
                out,
                &p,
                format!(
                    "{port} is also the node port of `{other}`; each Service port needs its own"
                ),
            );
        }
        taken.push((port, key));
    }
    if let Some(ranges) = &s.load_balancer_source_ranges {
        if s.kind != ServiceType::LoadBalancer && !ranges.is_empty() {
            push(
                out,
                "wso2.service.loadBalancerSourceRanges",
                "source ranges apply only to `wso2.service.type: LoadBalancer`".into(),
            );
        }
        for (i, range) in ranges.iter().enumerate() {
            if !is_cidr(range) {
                out.push(Problem {
                    path: path_with_index(&format!("wso2.service.loadBalancerSourceRanges[{i}]")),
                    message: format!(
                        "`{range}` is not an address range: expected CIDR notation, such as \
                         `203.0.113.0/24`"
                    ),
                });
            }
        }
    }
    if s.external_traffic_policy.is_some() && !external {
        push(
            out,
            "wso2.service.externalTrafficPolicy",
            "applies only to `NodePort` and `LoadBalancer` Services; Kubernetes refuses it on \
             a ClusterIP Service"
                .into(),
        );
    }

    let ing = &v.wso2.ingress;
    let mut hosts: Vec<&str> = vec![d.hostname.as_str()];
    for (i, h) in ing.extra_hosts.iter().flatten().enumerate() {
        let base = format!("wso2.ingress.extraHosts[{i}]");
        let mut problem = |p: &str, message: String| {
            out.push(Problem {
                path: path_with_index(&format!("{base}{p}")),
                message,
            });
        };
        if let Err(why) = check_dns_name(&h.host) {
            problem(
                ".host",
                format!("`{}` is not a valid DNS name: {why}", h.host),
            );
        } else if hosts.contains(&h.host.as_str()) {
            problem(
                ".host",
                format!(
                    "`{}` is already a host of the Ingress (`wso2.deployment.hostname` or an \
                     earlier entry)",
                    h.host
                ),
            );
        }
        hosts.push(&h.host);
        let Some(paths) = &h.paths else { continue };
        if paths.is_empty() {
            problem(
                ".paths",
                "a host needs at least one path; leave `paths` out for the routes of \
                 `wso2.deployment.hostname`"
                    .into(),
            );
        }
        let mut seen = Vec::new();
        for (j, route) in paths.iter().enumerate() {
            let p = format!(".paths[{j}].path");
            if !route.path.starts_with('/') {
                problem(&p, format!("`{}` does not start with `/`", route.path));
            } else if route
                .path
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
            {
                problem(
                    &p,
                    format!("`{}` contains white space", route.path.escape_debug()),
                );
            } else if seen.contains(&(&route.path, route.path_type)) {
                problem(
                    &p,
                    format!("`{}` is listed twice for this host", route.path),
                );
            }
            seen.push((&route.path, route.path_type));
        }
    }
    let http = &ing.http;
    if http.enabled {
        if !s.expose_http {
            push(
                out,
                "wso2.ingress.http.enabled",
                "the HTTP Ingress routes to the Service port `pass-through-http`, which exists \
                 only with `wso2.service.exposeHttp: true`"
                    .into(),
            );
        }
        let p = "wso2.ingress.http.hostname";
        if http.hostname.is_empty() {
            push(
                out,
                p,
                "the HTTP Ingress needs a host name of its own, such as `http.mi.example.com`"
                    .into(),
            );
        } else if let Err(why) = check_dns_name(&http.hostname) {
            push(
                out,
                p,
                format!("`{}` is not a valid DNS name: {why}", http.hostname),
            );
        } else if ing.enabled && hosts.contains(&http.hostname.as_str()) {
            push(
                out,
                p,
                format!(
                    "`{}` is also a host of the main Ingress, whose `/` goes to the HTTPS port; \
                     give the HTTP Ingress a host name of its own",
                    http.hostname
                ),
            );
        }
    }
}

/// `a.b.c.d/n` or an IPv6 address with a prefix length.
fn is_cidr(s: &str) -> bool {
    let Some((address, bits)) = s.split_once('/') else {
        return false;
    };
    let Ok(bits) = bits.parse::<u8>() else {
        return false;
    };
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => bits <= 32,
        Ok(std::net::IpAddr::V6(_)) => bits <= 128,
        Err(_) => false,
    }
}

/// Shared volumes: one source each, names Kubernetes accepts, and mount paths that neither
/// hide nor sit inside what the chart itself mounts.
fn shared_volume_problems(v: &Values, out: &mut Vec<Problem>) {
    let d = &v.wso2.deployment;
    let Some(volumes) = &d.shared_volumes else {
        return;
    };
    let home = format!("/home/wso2carbon/wso2mi-{}", d.build_version);
    let mut chart_mounts = vec![
        (
            "/home/wso2carbon/wso2-config-volume".to_owned(),
            "the configuration files",
        ),
        (
            "/home/wso2carbon/docker-entrypoint.sh".to_owned(),
            "the entrypoint script",
        ),
    ];
    let capps = d.mount_capps == Some(true);
    if capps {
        chart_mounts.push((
            format!("{home}/repository/deployment/server/carbonapps"),
            "the carbon applications (`mountCapps`)",
        ));
    }
    if !d.jks_secret_name.is_empty() {
        chart_mounts.push((
            format!("{home}/repository/resources/security"),
            "the keystores (`JKSSecretName`)",
        ));
    }
    if v.wso2.config.secure_vault.enabled {
        chart_mounts.push(("/mnt/secrets-store".to_owned(), "the secure vault secrets"));
    }
    let mut names: Vec<&str> = Vec::new();
    let mut mount_paths: Vec<String> = Vec::new();
    for (i, sv) in volumes.iter().enumerate() {
        let base = format!("wso2.deployment.sharedVolumes[{i}]");
        let mut problem = |p: &str, message: String| {
            out.push(Problem {
                path: path_with_index(&format!("{base}{p}")),
                message,
            });
        };
        // The pod volume is `shared-<name>`, a DNS label of at most 63 characters.
        match check_dns_label(&sv.name) {
            Err(why) => problem(".name", format!("`{}` is not a valid name: {why}", sv.name)),
            Ok(()) if sv.name.len() > 56 => problem(
                ".name",
                format!(
                    "`{}` has {} characters, more than 56 (the pod volume `shared-<name>` is \
                     limited to 63)",
                    sv.name,
                    sv.name.len()
                ),
            ),
            Ok(()) if names.contains(&sv.name.as_str()) => problem(
                ".name",
                format!("`{}` names an earlier shared volume too", sv.name),
            ),
            Ok(()) if capps && sv.nfs.is_some() && sv.name == "carbonapps" => problem(
                ".name",
                "`carbonapps` is the name of the carbon applications volume and claim \
                 (`mountCapps`); choose another"
                    .into(),
            ),
            Ok(()) => {}
        }
        names.push(&sv.name);
        let sources: Vec<&str> = [
            ("`nfs`", sv.nfs.is_some()),
            ("`existingClaim`", sv.existing_claim.is_some()),
            ("`hostPath`", sv.host_path.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect();
        match sources.len() {
            0 => problem(
                "",
                "the volume needs a source: set one of `nfs`, `existingClaim` or `hostPath`".into(),
            ),
            1 => {}
            _ => problem(
                "",
                format!(
                    "the volume has {} sources ({}); set exactly one",
                    sources.len(),
                    sources.join(", ")
                ),
            ),
        }
        match clean_absolute_path(&sv.mount_path) {
            None => problem(
                ".mountPath",
                format!(
                    "`{}` is not an absolute directory without `..`, such as \
                     `/home/wso2carbon/file-inbound`",
                    sv.mount_path
                ),
            ),
            Some(m) => {
                if let Some((mount, what)) = chart_mounts
                    .iter()
                    .find(|(c, _)| path_within(&m, c) || path_within(c, &m))
                {
                    let relation = if path_within(&m, mount) {
                        "would hide"
                    } else {
                        "lies inside"
                    };
                    problem(
                        ".mountPath",
                        format!(
                            "`{m}` {relation} `{mount}`, where the chart mounts {what}; choose a \
                             directory of its own, such as `/home/wso2carbon/file-inbound`"
                        ),
                    );
                } else if path_within(&m, &home) {
                    problem(
                        ".mountPath",
                        format!(
                            "`{m}` would hide the Micro Integrator installation in `{home}`; \
                             choose a directory of its own, such as \
                             `/home/wso2carbon/file-inbound`"
                        ),
                    );
                } else if mount_paths.contains(&m) {
                    problem(
                        ".mountPath",
                        format!("`{m}` is the mount path of an earlier shared volume too"),
                    );
                }
                mount_paths.push(m);
            }
        }
        if let Some(sub) = &sv.sub_path {
            if sub.is_empty() || sub.starts_with('/') || sub.split('/').any(|c| c == "..") {
                problem(
                    ".subPath",
                    format!(
                        "`{sub}` is not a relative path inside the volume (no leading `/`, no \
                         `..`)"
                    ),
                );
            }
        }
        if let Some(nfs) = &sv.nfs {
            if nfs.server.trim().is_empty() || nfs.server.contains(char::is_whitespace) {
                problem(
                    ".nfs.server",
                    format!(
                        "`{}` is not a server: expected the host name or IP address of the NFS \
                         server",
                        nfs.server
                    ),
                );
            }
            if clean_absolute_path(&nfs.path).is_none() {
                problem(
                    ".nfs.path",
                    format!(
                        "`{}` is not an absolute path without `..`: expected the exported \
                         directory, such as `/exports/mi`",
                        nfs.path
                    ),
                );
            }
            if parse_quantity(nfs.capacity.as_str()).is_none() {
                problem(
                    ".nfs.capacity",
                    format!(
                        "`{}` is not a Kubernetes quantity: expected a size such as `1Gi`",
                        nfs.capacity
                    ),
                );
            }
            for (j, option) in nfs.mount_options.iter().flatten().enumerate() {
                if blank(option) {
                    problem(
                        &format!(".nfs.mountOptions[{j}]"),
                        "an empty mount option".into(),
                    );
                }
            }
        }
        if let Some(claim) = &sv.existing_claim {
            let check = if claim.starts_with("*.") {
                Err("`*` is not allowed".to_owned())
            } else {
                check_dns_name(claim)
            };
            if let Err(why) = check {
                problem(
                    ".existingClaim",
                    format!("`{claim}` is not a valid claim name: {why}"),
                );
            }
        }
        if let Some(host) = &sv.host_path {
            if clean_absolute_path(&host.path).is_none() {
                problem(
                    ".hostPath.path",
                    format!(
                        "`{}` is not an absolute path without `..`, such as `/data/mi-inbound`",
                        host.path
                    ),
                );
            }
        }
    }
}

/// An absolute path without `..` parts, with repeated and trailing slashes removed.
fn clean_absolute_path(p: &str) -> Option<String> {
    if !p.starts_with('/') || p.split('/').any(|c| c == "..") {
        return None;
    }
    let parts: Vec<&str> = p
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    Some(format!("/{}", parts.join("/")))
}

/// Whether `inner` is `outer` or lies below it (both clean absolute paths).
fn path_within(outer: &str, inner: &str) -> bool {
    outer == inner || inner.starts_with(&format!("{}/", outer.trim_end_matches('/')))
}

/// Environment variables of the Micro Integrator container: one source each, names set
/// once (a second definition would silently replace the first), and Secrets, `ConfigMaps`,
/// keys and pod fields that Kubernetes accepts.
fn env_problems(d: &Deployment, out: &mut Vec<Problem>) {
    let mut seen: Vec<(&str, String)> = vec![
        (
            "JAVA_MEM_OPTS",
            "the chart (set the heap with `wso2.deployment.resources.jvm.memory`)".into(),
        ),
        ("POD_NAME", "the chart (it holds the pod name)".into()),
    ];
    for name in d.envs.iter().flat_map(BTreeMap::keys) {
        if let Some((_, by)) = seen.iter().find(|(n, _)| n == name) {
            let mut p = path("wso2.deployment.envs");
            p.push(Step::Key(name.clone()));
            out.push(Problem {
                path: p,
                message: format!("`{name}` is already set by {by}"),
            });
        }
        seen.push((name, "`wso2.deployment.envs`".into()));
    }
    let containers = container_names(d);
    for (i, e) in d.env.iter().flatten().enumerate() {
        let base = format!("wso2.deployment.env[{i}]");
        if e.name.is_empty() {
            push_at(
                out,
                &format!("{base}.name"),
                "the variable needs a name".into(),
            );
        } else if let Some((_, by)) = seen.iter().find(|(n, _)| *n == e.name) {
            push_at(
                out,
                &format!("{base}.name"),
                format!("`{}` is already set by {by}", e.name),
            );
        }
        seen.push((&e.name, format!("`{base}`")));
        if e.value.is_some() && e.value_from.is_some() {
            push_at(
                out,
                &base,
                "has both `value` and `valueFrom`; keep one".into(),
            );
        }
        if let Some(from) = &e.value_from {
            env_source_problems(from, &format!("{base}.valueFrom"), &containers, out);
        }
    }
    for (i, e) in d.env_from.iter().flatten().enumerate() {
        let base = format!("wso2.deployment.envFrom[{i}]");
        match (&e.secret_ref, &e.config_map_ref) {
            (Some(_), Some(_)) => push_at(
                out,
                &base,
                "has both `secretRef` and `configMapRef`; give each its own entry".into(),
            ),
            (None, None) => push_at(
                out,
                &base,
                "needs a source: `secretRef` or `configMapRef`".into(),
            ),
            (Some(r), None) => {
                object_name_problems(&format!("{base}.secretRef.name"), "Secret", &r.name, out);
            }
            (None, Some(r)) => object_name_problems(
                &format!("{base}.configMapRef.name"),
                "ConfigMap",
                &r.name,
                out,
            ),
        }
    }
}

fn env_source_problems(
    from: &EnvVarSource,
    base: &str,
    containers: &[&str],
    out: &mut Vec<Problem>,
) {
    let sources = from.sources();
    if sources.len() != 1 {
        let message = if sources.is_empty() {
            "needs a source: one of `secretKeyRef`, `configMapKeyRef`, `fieldRef` or \
             `resourceFieldRef`"
                .to_owned()
        } else {
            format!(
                "has {} sources ({}); set exactly one",
                sources.len(),
                backticked(&sources)
            )
        };
        push_at(out, base, message);
        return;
    }
    for (key, what, r) in [
        ("secretKeyRef", "Secret", &from.secret_key_ref),
        ("configMapKeyRef", "ConfigMap", &from.config_map_key_ref),
    ] {
        let Some(r) = r else { continue };
        object_name_problems(&format!("{base}.{key}.name"), what, &r.name, out);
        if let Err(why) = check_config_key(&r.key) {
            push_at(
                out,
                &format!("{base}.{key}.key"),
                format!("`{}` is not a valid key of a {what}: {why}", r.key),
            );
        }
    }
    if let Some(f) = &from.field_ref {
        let p = &f.field_path;
        let keyed = ["metadata.labels['", "metadata.annotations['"]
            .iter()
            .any(|start| p.starts_with(start) && p.ends_with("']") && p.len() > start.len() + 2);
        if !keyed && !POD_FIELDS.contains(&p.as_str()) {
            push_at(
                out,
                &format!("{base}.fieldRef.fieldPath"),
                format!(
                    "`{p}` is not a pod field a container can read: expected one of {}, \
                     `metadata.labels['<key>']` or `metadata.annotations['<key>']`",
                    backticked(POD_FIELDS)
                ),
            );
        }
        if f.api_version.as_deref().is_some_and(|v| v != "v1") {
            push_at(
                out,
                &format!("{base}.fieldRef.apiVersion"),
                "pod fields are read with API version `v1` (or leave it out)".into(),
            );
        }
    }
    if let Some(r) = &from.resource_field_ref {
        let hugepages = ["limits.hugepages-", "requests.hugepages-"]
            .iter()
            .any(|start| r.resource.starts_with(start));
        if !hugepages && !CONTAINER_RESOURCES.contains(&r.resource.as_str()) {
            push_at(
                out,
                &format!("{base}.resourceFieldRef.resource"),
                format!(
                    "`{}` is not a container resource: expected one of {}",
                    r.resource,
                    backticked(CONTAINER_RESOURCES)
                ),
            );
        }
        if let Some(c) = r
            .container_name
            .as_deref()
            .filter(|c| !containers.contains(c))
        {
            push_at(
                out,
                &format!("{base}.resourceFieldRef.containerName"),
                format!(
                    "`{c}` is not a container of the pod (they are {})",
                    backticked(containers)
                ),
            );
        }
        if let Some(div) = &r.divisor {
            if parse_quantity(div.as_str()).is_none_or(|n| n <= 0.0) {
                push_at(
                    out,
                    &format!("{base}.resourceFieldRef.divisor"),
                    format!("`{div}` is not a positive quantity, such as `1Mi` or `1m`"),
                );
            }
        }
    }
}

/// The names of the pod's containers, the Micro Integrator's first.
fn container_names(d: &Deployment) -> Vec<&str> {
    let mut names = vec!["wso2mi"];
    for list in [&d.init_containers, &d.extra_containers] {
        for c in list.iter().flat_map(|l| l.iter()) {
            if !names.contains(&c.name.as_str()) {
                names.push(&c.name);
            }
        }
    }
    names
}

/// Pod-level options: the service account, labels, scheduling, and the user's own
/// containers and volumes next to the chart's.
fn pod_problems(v: &Values, out: &mut Vec<Problem>) {
    let d = &v.wso2.deployment;
    service_account_problems(v, out);
    for (key, map) in [
        ("podLabels", &d.pod_labels),
        ("nodeSelector", &d.node_selector),
    ] {
        for (k, value) in map.iter().flatten() {
            let mut p = path("wso2.deployment");
            p.push(Step::Key(key.to_owned()));
            p.push(Step::Key(k.clone()));
            let why = match (check_label_key(k), check_label_value(value.as_str())) {
                (Err(why), _) => Some(format!("`{k}` is not a valid label key: {why}")),
                (_, Err(why)) => Some(format!("`{value}` is not a valid label value: {why}")),
                _ if key == "podLabels" && k == "deployment" => Some(
                    "`deployment` is the label the chart selects its pods by; choose another \
                     key"
                    .to_owned(),
                ),
                _ => None,
            };
            if let Some(message) = why {
                out.push(Problem { path: p, message });
            }
        }
    }
    if let Some(name) = &d.priority_class_name {
        object_name_problems(
            "wso2.deployment.priorityClassName",
            "PriorityClass",
            name,
            out,
        );
    }
    for (i, t) in d.tolerations.iter().flat_map(|l| l.iter()).enumerate() {
        let base = format!("wso2.deployment.tolerations[{i}]");
        let operator = t.operator.as_deref().unwrap_or("Equal");
        let effect = t.effect.as_deref().unwrap_or_default();
        let value = t.value.as_deref().unwrap_or_default();
        let key = t.key.as_deref().unwrap_or_default();
        if !["Equal", "Exists"].contains(&operator) {
            push_at(
                out,
                &format!("{base}.operator"),
                format!("`{operator}` is not an operator: expected `Equal` or `Exists`"),
            );
        } else if operator == "Exists" && !value.is_empty() {
            push_at(
                out,
                &format!("{base}.value"),
                "with `operator: Exists` the value must be left out".into(),
            );
        } else if key.is_empty() && operator != "Exists" {
            push_at(
                out,
                &base,
                "a toleration without `key` matches every taint, which needs `operator: Exists`"
                    .into(),
            );
        }
        if !["", "NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
            push_at(
                out,
                &format!("{base}.effect"),
                format!(
                    "`{effect}` is not a taint effect: expected `NoSchedule`, `PreferNoSchedule` \
                     or `NoExecute` (or leave it out for all)"
                ),
            );
        } else if t.toleration_seconds.is_some() && effect != "NoExecute" {
            push_at(
                out,
                &format!("{base}.tolerationSeconds"),
                "`tolerationSeconds` needs `effect: NoExecute`".into(),
            );
        }
    }
    for (i, c) in d
        .topology_spread_constraints
        .iter()
        .flat_map(|l| l.iter())
        .enumerate()
    {
        let base = format!("wso2.deployment.topologySpreadConstraints[{i}]");
        if c.max_skew < 1 {
            push_at(
                out,
                &format!("{base}.maxSkew"),
                format!("{} is not allowed: the skew must be 1 or more", c.max_skew),
            );
        }
        if c.topology_key.trim().is_empty() {
            push_at(
                out,
                &format!("{base}.topologyKey"),
                "needs a node label, such as `topology.kubernetes.io/zone` or \
                 `kubernetes.io/hostname`"
                    .into(),
            );
        }
        if !["DoNotSchedule", "ScheduleAnyway"].contains(&c.when_unsatisfiable.as_str()) {
            push_at(
                out,
                &format!("{base}.whenUnsatisfiable"),
                format!(
                    "`{}` is not allowed: expected `DoNotSchedule` or `ScheduleAnyway`",
                    c.when_unsatisfiable
                ),
            );
        }
    }
    let volumes = volume_problems(v, out);
    let mut names: Vec<(&str, String)> = vec![("wso2mi", "the Micro Integrator container".into())];
    for (key, list) in [
        ("initContainers", &d.init_containers),
        ("extraContainers", &d.extra_containers),
    ] {
        for (i, c) in list.iter().flat_map(|l| l.iter()).enumerate() {
            let base = format!("wso2.deployment.{key}[{i}]");
            if let Err(why) = check_dns_label(&c.name) {
                push_at(
                    out,
                    &format!("{base}.name"),
                    format!("`{}` is not a valid container name: {why}", c.name),
                );
            } else if let Some((_, what)) = names.iter().find(|(n, _)| *n == c.name) {
                push_at(
                    out,
                    &format!("{base}.name"),
                    format!("`{}` is already the name of {what}", c.name),
                );
            }
            names.push((&c.name, format!("`{base}`")));
            if c.image.as_deref().is_none_or(blank) {
                push_at(
                    out,
                    &base,
                    "`image` is missing; every container needs one".into(),
                );
            }
            for (j, m) in c.volume_mounts.iter().flatten().enumerate() {
                mount_volume_problem(&format!("{base}.volumeMounts[{j}]"), &m.name, &volumes, out);
            }
        }
    }
    mount_path_problems(v, &volumes, out);
}

/// The service account has one name, whichever key gives it.
fn service_account_problems(v: &Values, out: &mut Vec<Problem>) {
    let Some(sa) = &v.wso2.deployment.service_account else {
        return;
    };
    let base = "wso2.deployment.serviceAccount";
    let name = sa.name.as_deref().filter(|n| !n.is_empty());
    if let Some(name) = name {
        object_name_problems(&format!("{base}.name"), "service account", name, out);
        let aws = v.aws.service_account_name.as_str();
        if v.provider == Provider::Aws && !aws.is_empty() && aws != name {
            push(
                out,
                &format!("{base}.name"),
                format!(
                    "`{name}` differs from `aws.serviceAccountName` (`{aws}`), and the pod runs \
                     as one service account; set one of the two, or the same name in both"
                ),
            );
        }
    }
    if !sa.create && sa.annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        push(
            out,
            &format!("{base}.annotations"),
            "annotations go on a service account the chart creates; set `create: true` (or \
             annotate the existing account itself)"
                .into(),
        );
    }
}

/// Checks `extraVolumes`; returns the names of all the pod's volumes.
fn volume_problems(v: &Values, out: &mut Vec<Problem>) -> Vec<String> {
    let d = &v.wso2.deployment;
    let vault = v.wso2.config.secure_vault.enabled;
    let chart = [
        ("wso2mi-toml", true),
        ("wso2mi-log4j2-properties", true),
        ("wso2mi-entrypoint", true),
        ("keystores", !d.jks_secret_name.is_empty()),
        ("capps", d.mount_capps == Some(true)),
        ("wso2mi-secrets-volume", vault),
        ("wso2mi-secret-properties", vault),
        (
            "wso2mi-file-properties",
            v.wso2
                .config
                .file_properties
                .as_ref()
                .is_some_and(|f| !f.is_empty()),
        ),
    ];
    let mut present: Vec<String> = chart
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| (*n).to_owned())
        .collect();
    present.extend(
        d.shared_volumes
            .iter()
            .flatten()
            .map(|s| format!("shared-{}", s.name)),
    );
    let mut extra: Vec<String> = Vec::new();
    for (i, vol) in d.extra_volumes.iter().flat_map(|l| l.iter()).enumerate() {
        let base = format!("wso2.deployment.extraVolumes[{i}]");
        let name = &vol.name;
        if let Err(why) = check_dns_label(name) {
            push_at(
                out,
                &format!("{base}.name"),
                format!("`{name}` is not a valid volume name: {why}"),
            );
        } else if chart.iter().any(|(n, _)| n == name) || present.contains(name) {
            push_at(
                out,
                &format!("{base}.name"),
                format!("`{name}` is the name of one of the chart's volumes; choose another"),
            );
        } else if extra.contains(name) {
            push_at(
                out,
                &format!("{base}.name"),
                format!("`{name}` names an earlier extra volume too"),
            );
        }
        if !extra.contains(name) {
            extra.push(name.clone());
        }
        let sources: Vec<String> = match serde_json::to_value(vol) {
            Ok(serde_json::Value::Object(m)) => m
                .keys()
                .filter(|k| *k != "name")
                .map(|k| format!("`{k}`"))
                .collect(),
            _ => Vec::new(),
        };
        match sources.len() {
            0 => push_at(
                out,
                &base,
                "the volume needs a source, such as `emptyDir: {}`, `configMap`, `secret` or \
                 `persistentVolumeClaim`"
                    .into(),
            ),
            1 => {}
            n => push_at(
                out,
                &base,
                format!(
                    "the volume has {n} sources ({}); set exactly one",
                    sources.join(", ")
                ),
            ),
        }
    }
    for name in extra {
        if !present.contains(&name) {
            present.push(name);
        }
    }
    present
}

fn mount_volume_problem(base: &str, name: &str, volumes: &[String], out: &mut Vec<Problem>) {
    if !volumes.iter().any(|v| v == name) {
        push_at(
            out,
            &format!("{base}.name"),
            format!(
                "`{name}` is not a volume of the pod: add it to `wso2.deployment.extraVolumes` \
                 (the pod has {})",
                backticked(volumes)
            ),
        );
    }
}

/// `extraVolumeMounts` of the Micro Integrator container: known volumes, and absolute paths
/// that no other mount of the container uses (the API server refuses two at one path).
fn mount_path_problems(v: &Values, volumes: &[String], out: &mut Vec<Problem>) {
    let d = &v.wso2.deployment;
    let Some(mounts) = &d.extra_volume_mounts else {
        return;
    };
    let config = "/home/wso2carbon/wso2-config-volume/conf/";
    let vault = v.wso2.config.secure_vault.enabled;
    let mut taken: Vec<(String, String)> = [
        (format!("{config}deployment.toml"), true),
        (format!("{config}log4j2.properties"), true),
        ("/home/wso2carbon/docker-entrypoint.sh".to_owned(), true),
        (
            format!(
                "/home/wso2carbon/wso2mi-{}/repository/deployment/server/carbonapps",
                d.build_version
            ),
            d.mount_capps == Some(true),
        ),
        ("/mnt/secrets-store".to_owned(), vault),
        (format!("{config}security/secret-conf.properties"), vault),
        (
            format!("{config}file.properties"),
            v.wso2
                .config
                .file_properties
                .as_ref()
                .is_some_and(|f| !f.is_empty()),
        ),
    ]
    .into_iter()
    .filter(|(_, on)| *on)
    .map(|(p, _)| (p, "a mount of the chart".to_owned()))
    .collect();
    for (i, s) in d.shared_volumes.iter().flatten().enumerate() {
        if let Some(p) = clean_absolute_path(&s.mount_path) {
            taken.push((p, format!("`wso2.deployment.sharedVolumes[{i}]`")));
        }
    }
    for (i, m) in mounts.iter().enumerate() {
        let base = format!("wso2.deployment.extraVolumeMounts[{i}]");
        mount_volume_problem(&base, &m.name, volumes, out);
        match clean_absolute_path(&m.mount_path) {
            None => push_at(
                out,
                &format!("{base}.mountPath"),
                format!("`{}` is not an absolute path without `..`", m.mount_path),
            ),
            Some(p) => {
                if let Some((_, by)) = taken.iter().find(|(t, _)| *t == p) {
                    push_at(
                        out,
                        &format!("{base}.mountPath"),
                        format!("`{p}` is already the mount path of {by}"),
                    );
                }
                taken.push((p, format!("`{base}`")));
            }
        }
    }
}

/// A problem at a path that may hold list indices (`a.b[2].c`).
fn push_at(out: &mut Vec<Problem>, p: &str, message: String) {
    out.push(Problem {
        path: path_with_index(p),
        message,
    });
}

/// Names of Secrets, `ConfigMaps` and the like: lowercase RFC 1123 subdomains.
fn object_name_problems(p: &str, what: &str, name: &str, out: &mut Vec<Problem>) {
    let check = if name.contains('*') {
        Err("`*` is not allowed".to_owned())
    } else {
        check_dns_name(name)
    };
    if let Err(why) = check {
        push_at(
            out,
            p,
            format!("`{name}` is not a valid {what} name: {why}"),
        );
    }
}

/// A lowercase RFC 1123 label (container and volume names): at most 63 characters, no dots.
pub fn check_dns_label(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("it is empty".into());
    }
    if name.len() > 63 {
        return Err(format!("it has {} characters, more than 63", name.len()));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!(
            "`{c}` is not allowed (only lowercase letters, digits and `-`)"
        ));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err("it starts or ends with `-`".into());
    }
    Ok(())
}

/// The name part of a label key, or a non-empty label value: at most 63 letters, digits,
/// `-`, `_` and `.`, starting and ending with a letter or digit.
fn check_label_name(name: &str) -> Result<(), String> {
    if name.len() > 63 {
        return Err(format!("it has {} characters, more than 63", name.len()));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!(
            "`{c}` is not allowed (only letters, digits, `-`, `_` and `.`)"
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !name.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        return Err("it must start and end with a letter or digit".into());
    }
    Ok(())
}

/// `name` or `prefix/name`, the prefix a DNS subdomain.
pub fn check_label_key(key: &str) -> Result<(), String> {
    let name = match key.rsplit_once('/') {
        Some((prefix, name)) => {
            if prefix.contains('*') {
                return Err("`*` is not allowed".into());
            }
            check_dns_name(prefix).map_err(|why| format!("the prefix `{prefix}`: {why}"))?;
            name
        }
        None => key,
    };
    if name.is_empty() {
        return Err("the name part is empty".into());
    }
    check_label_name(name)
}

pub fn check_label_value(value: &str) -> Result<(), String> {
    if value.is_empty() {
        Ok(())
    } else {
        check_label_name(value)
    }
}

/// A key of a Secret or `ConfigMap`.
fn check_config_key(key: &str) -> Result<(), String> {
    if key.is_empty() || key == "." || key == ".." {
        return Err("expected a file-like name such as `password`".into());
    }
    if key.len() > 253 {
        return Err(format!("it has {} characters, more than 253", key.len()));
    }
    match key
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        Some(c) => Err(format!(
            "`{c}` is not allowed (only letters, digits, `-`, `_` and `.`)"
        )),
        None => Ok(()),
    }
}

/// `a`, `b` and `c` as "`a`, `b`, `c`".
fn backticked<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
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
    fn cidrs_and_paths() {
        assert!(is_cidr("203.0.113.0/24") && is_cidr("0.0.0.0/0") && is_cidr("2001:db8::/32"));
        for bad in [
            "203.0.113.0",
            "203.0.113.0/33",
            "10.0.0/8",
            "::/129",
            "a/8",
            "",
        ] {
            assert!(!is_cidr(bad), "{bad}");
        }
        assert_eq!(clean_absolute_path("/a//b/./c/").as_deref(), Some("/a/b/c"));
        assert_eq!(clean_absolute_path("/").as_deref(), Some("/"));
        assert_eq!(clean_absolute_path("a/b"), None);
        assert_eq!(clean_absolute_path("/a/../b"), None);
        assert!(path_within("/a", "/a/b") && path_within("/a", "/a") && path_within("/", "/x"));
        assert!(!path_within("/a", "/ab") && !path_within("/a/b", "/a"));
    }

    fn problem_paths(yaml: &str) -> Vec<String> {
        let v = Values::from_tree(serde_yaml_ng::from_str(yaml).unwrap()).unwrap();
        validate(&v)
            .iter()
            .map(|p| crate::values_error::display_path(&p.path))
            .collect()
    }

    #[test]
    fn exposure_settings_that_kubernetes_accepts_pass() {
        let ok = "wso2:\n  service:\n    type: LoadBalancer\n    exposeHttp: true\n\
                  \x20   nodePorts: {passThroughHttps: 30000, passThroughHttp: 32767}\n\
                  \x20   loadBalancerSourceRanges: [10.0.0.0/8, 'fd00::/8']\n\
                  \x20   externalTrafficPolicy: Local\n\
                  \x20 ingress:\n    extraHosts:\n      - host: b.example.com\n\
                  \x20       paths: [{path: /x, port: management}]\n\
                  \x20   http: {enabled: true, hostname: http.example.com}\n";
        assert_eq!(problem_paths(ok), Vec::<String>::new());
    }

    #[test]
    fn exposure_conflicts_name_their_path() {
        let found = problem_paths(
            "wso2:\n  service:\n    type: NodePort\n\
             \x20   nodePorts: {management: 30100, metrics: 30100, synapseTest: 30200}\n\
             \x20   loadBalancerSourceRanges: [10.0.0.0/8]\n\
             \x20 ingress:\n    extraHosts:\n      - host: a.example.com\n        paths: []\n\
             \x20     - host: a.example.com\n\
             \x20       paths: [{path: /x}, {path: /x}, {path: '/a b'}]\n\
             \x20   http: {enabled: true, hostname: mi.wso2.com}\n",
        );
        assert_eq!(
            found,
            [
                "wso2.service.nodePorts.metrics",
                "wso2.service.nodePorts.synapseTest",
                "wso2.service.loadBalancerSourceRanges",
                "wso2.ingress.extraHosts[0].paths",
                "wso2.ingress.extraHosts[1].host",
                "wso2.ingress.extraHosts[1].paths[1].path",
                "wso2.ingress.extraHosts[1].paths[2].path",
                "wso2.ingress.http.enabled",
                "wso2.ingress.http.hostname",
            ]
        );
        // A ClusterIP Service takes no traffic policy.
        let found = problem_paths("wso2:\n  service:\n    externalTrafficPolicy: Local\n");
        assert_eq!(found, ["wso2.service.externalTrafficPolicy"]);
    }

    #[test]
    fn shared_volumes_need_one_source_and_a_free_mount_path() {
        let ok = "wso2:\n  deployment:\n    sharedVolumes:\n\
                  \x20     - {name: a, mountPath: /home/wso2carbon/in, nfs: {server: nfs, path: /x}}\n\
                  \x20     - {name: b, mountPath: /home/wso2carbon/wso2mi-4.4.0/in, existingClaim: c}\n\
                  \x20     - {name: c, mountPath: /data, subPath: x/y, hostPath: {path: /d}}\n";
        assert_eq!(problem_paths(ok), Vec::<String>::new());
        let found = problem_paths(
            "wso2:\n  config:\n    secureVault: {enabled: false}\n  deployment:\n\
             \x20   mountCapps: true\n    JKSSecretName: ks\n    sharedVolumes:\n\
             \x20     - {name: carbonapps, mountPath: /home/wso2carbon/wso2mi-4.4.0, nfs: {server: '', path: x, capacity: lots}}\n\
             \x20     - {name: b, mountPath: /home/wso2carbon/wso2mi-4.4.0/repository/resources/security/x, existingClaim: 'Bad'}\n\
             \x20     - {name: c, mountPath: relative, subPath: ../up, hostPath: {path: d}}\n\
             \x20     - {name: c, mountPath: /home/wso2carbon/wso2mi-4.4.0/repository/deployment, existingClaim: e}\n",
        );
        assert_eq!(
            found,
            [
                "wso2.deployment.sharedVolumes[0].name",
                "wso2.deployment.sharedVolumes[0].mountPath",
                "wso2.deployment.sharedVolumes[0].nfs.server",
                "wso2.deployment.sharedVolumes[0].nfs.path",
                "wso2.deployment.sharedVolumes[0].nfs.capacity",
                "wso2.deployment.sharedVolumes[1].mountPath",
                "wso2.deployment.sharedVolumes[1].existingClaim",
                "wso2.deployment.sharedVolumes[2].mountPath",
                "wso2.deployment.sharedVolumes[2].subPath",
                "wso2.deployment.sharedVolumes[2].hostPath.path",
                "wso2.deployment.sharedVolumes[3].name",
                "wso2.deployment.sharedVolumes[3].mountPath",
            ]
        );
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

    #[test]
    fn label_keys_and_values() {
        for ok in [
            "team",
            "app.kubernetes.io/name",
            "example.com/a_b-c.d",
            "A1",
        ] {
            assert!(check_label_key(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "a b",
            "-a",
            "a-",
            "Example.com/x",
            "x/",
            "a/b/c",
            &"x".repeat(64),
        ] {
            assert!(check_label_key(bad).is_err(), "{bad}");
        }
        assert!(check_label_value("").is_ok() && check_label_value("v1.2_b").is_ok());
        assert!(check_label_value("not valid").is_err() && check_label_value("_a").is_err());
        assert!(check_dns_label("log-shipper").is_ok());
        for bad in ["", "Side", "a.b", "a_b", "-a", &"a".repeat(64)] {
            assert!(check_dns_label(bad).is_err(), "{bad}");
        }
        assert!(check_config_key("tls.crt").is_ok() && check_config_key("a b").is_err());
    }

    #[test]
    fn env_sources_and_names_are_checked() {
        let ok = "wso2:\n  deployment:\n    envs: {A: x}\n    env:\n\
                  \x20     - name: EMPTY\n\
                  \x20     - name: P\n        valueFrom: {secretKeyRef: {name: db, key: password}}\n\
                  \x20     - name: L\n        valueFrom: {fieldRef: {fieldPath: \"metadata.labels['app']\"}}\n\
                  \x20     - name: M\n        valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}\n\
                  \x20   envFrom: [{configMapRef: {name: settings}, prefix: S_}]\n";
        assert_eq!(problem_paths(ok), Vec::<String>::new());
        let found = problem_paths(
            "wso2:\n  deployment:\n    envs: {POD_NAME: x}\n    env:\n\
             \x20     - {name: A, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}\n\
             \x20     - {name: A, valueFrom: {}}\n\
             \x20     - {name: B, valueFrom: {configMapKeyRef: {name: c, key: \"a/b\"}}}\n\
             \x20     - {name: C, valueFrom: {fieldRef: {fieldPath: spec.nodeName, apiVersion: v2}}}\n\
             \x20     - {name: D, valueFrom: {resourceFieldRef: {resource: limits.cpu, containerName: x}}}\n\
             \x20   envFrom: [{prefix: P_}, {secretRef: {name: \"*.x\"}}]\n",
        );
        assert_eq!(
            found,
            [
                "wso2.deployment.envs.POD_NAME",
                "wso2.deployment.env[0]",
                "wso2.deployment.env[1].name",
                "wso2.deployment.env[1].valueFrom",
                "wso2.deployment.env[2].valueFrom.configMapKeyRef.key",
                "wso2.deployment.env[3].valueFrom.fieldRef.apiVersion",
                "wso2.deployment.env[4].valueFrom.resourceFieldRef.containerName",
                "wso2.deployment.envFrom[0]",
                "wso2.deployment.envFrom[1].secretRef.name",
            ]
        );
    }

    #[test]
    fn the_service_account_has_one_name() {
        let aws = "provider: aws\naws:\n  serviceAccountName: irsa\nwso2:\n  deployment:\n";
        assert!(problem_paths(&format!("{aws}    serviceAccount: {{name: irsa}}\n")).is_empty());
        assert!(problem_paths(&format!("{aws}    serviceAccount: {{create: true}}\n")).is_empty());
        assert_eq!(
            problem_paths(&format!("{aws}    serviceAccount: {{name: other}}\n")),
            ["wso2.deployment.serviceAccount.name"]
        );
        // Upstream reads aws.serviceAccountName with provider aws only.
        let other = "aws:\n  serviceAccountName: irsa\nwso2:\n  deployment:\n    \
                     serviceAccount: {name: other}\n";
        assert!(problem_paths(other).is_empty());
        assert_eq!(
            problem_paths(
                "wso2:\n  deployment:\n    serviceAccount:\n      name: Bad_Name\n      \
                 annotations: {a: b}\n"
            ),
            [
                "wso2.deployment.serviceAccount.name",
                "wso2.deployment.serviceAccount.annotations"
            ]
        );
    }

    #[test]
    fn pod_options_are_checked() {
        let found = problem_paths(
            "wso2:\n  config:\n    secureVault: {enabled: false}\n  deployment:\n\
             \x20   podLabels: {deployment: x, ok: fine}\n\
             \x20   nodeSelector: {\"bad key\": v}\n\
             \x20   priorityClassName: High\n\
             \x20   tolerations:\n\
             \x20     - {operator: Equal}\n\
             \x20     - {key: k, operator: In, effect: NoExecute, tolerationSeconds: 5}\n\
             \x20     - {key: k, effect: NoSchedule, tolerationSeconds: 5}\n\
             \x20   topologySpreadConstraints:\n\
             \x20     - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: Never}\n\
             \x20   initContainers: [{name: init, image: busybox}]\n\
             \x20   extraContainers:\n\
             \x20     - {name: init, image: busybox}\n\
             \x20     - name: shipper\n\
             \x20       volumeMounts: [{name: logs, mountPath: /l}, {name: wso2mi-toml, mountPath: /t}]\n\
             \x20   extraVolumes:\n\
             \x20     - {name: logs, emptyDir: {}}\n\
             \x20     - {name: logs, emptyDir: {}}\n\
             \x20     - {name: keystores, emptyDir: {}}\n\
             \x20     - {name: nothing}\n\
             \x20   extraVolumeMounts:\n\
             \x20     - {name: logs, mountPath: /home/wso2carbon/docker-entrypoint.sh}\n\
             \x20     - {name: missing, mountPath: /a}\n\
             \x20     - {name: logs, mountPath: /a/}\n",
        );
        assert_eq!(
            found,
            [
                "wso2.deployment.podLabels.deployment",
                "wso2.deployment.nodeSelector.bad key",
                "wso2.deployment.priorityClassName",
                "wso2.deployment.tolerations[0]",
                "wso2.deployment.tolerations[1].operator",
                "wso2.deployment.tolerations[2].tolerationSeconds",
                "wso2.deployment.topologySpreadConstraints[0].maxSkew",
                "wso2.deployment.topologySpreadConstraints[0].whenUnsatisfiable",
                "wso2.deployment.extraVolumes[1].name",
                "wso2.deployment.extraVolumes[2].name",
                "wso2.deployment.extraVolumes[3]",
                "wso2.deployment.extraContainers[0].name",
                "wso2.deployment.extraContainers[1]",
                "wso2.deployment.extraVolumeMounts[0].mountPath",
                "wso2.deployment.extraVolumeMounts[1].name",
                "wso2.deployment.extraVolumeMounts[2].mountPath",
            ]
        );
    }
}
