//! The typed values of the Integration Control Plane chart (`michart template NAME icp`).
//!
//! Key names are the upstream ICP chart's (`wso2/helm-mi`, `icp/`), so the serialized model
//! is what `charts/icp` templates see. Parts the two charts have in common (provider
//! sections, probes, resources, rollout strategy, user stores) are the MI model's types;
//! what differs (defaults, the ICP server settings, SSO) is defined here. The `Default`
//! impls spell out `charts/icp/values.yaml`.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::chart_values::ChartValues;
use crate::config::{SecureVault, Userstore};
use crate::deployment::{
    ConfigMaps, IntOrString, LivenessProbe, PullPolicy, ReadinessProbe, Resources, SeLinux,
    SeccompProfile, StartupProbe, Strategy, Text,
};
use crate::set_flag::Step;
use crate::validate::{
    Problem, check_dns_name, is_sha256_digest, parse_file_mode, parse_quantity,
    secure_vault_problems,
};
use crate::values::{
    AwsSecretManager, Azure, GcpSecretManager, MetricsIngress, Provider, RateLimit, Subscription,
};

/// The image the ICP chart runs when the values name none.
const DEFAULT_REPOSITORY: &str = "wso2/wso2-integration-control-plane";

/// The whole ICP values tree.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpValues {
    /// Cloud provider whose secrets-store CSI driver supplies the internal keystore password
    /// when secure vault is on: `aws`, `azure`, `gcp`, or empty for none.
    pub provider: Provider,
    /// Registry host prefixed to the image repository; empty uses the repository as is.
    pub container_registry: String,
    /// First part of every resource name (`<cloudName>-<release>`); defaults to `cloud`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_name: Option<String>,
    /// Replaces the chart name in the `app.kubernetes.io/name` label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_override: Option<String>,
    /// Accepted for compatibility with the upstream chart, which defines but never uses it;
    /// resource names follow `cloudName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fullname_override: Option<String>,
    /// Amazon Web Services settings, used when `provider` is `aws`.
    pub aws: IcpAws,
    /// Microsoft Azure settings, used when `provider` is `azure`.
    pub azure: Azure,
    /// Google Cloud settings, used when `provider` is `gcp`.
    pub gcp: IcpGcp,
    /// Integration Control Plane settings.
    pub wso2: IcpWso2,
}

impl Default for IcpValues {
    fn default() -> Self {
        IcpValues {
            provider: Provider::None,
            container_registry: String::new(),
            cloud_name: None,
            name_override: None,
            fullname_override: None,
            aws: IcpAws::default(),
            azure: Azure::default(),
            gcp: IcpGcp::default(),
            wso2: IcpWso2::default(),
        }
    }
}

/// `aws`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpAws {
    /// Kubernetes service account (bound to an IAM role that may read the secret) the pod runs as.
    pub service_account_name: String,
    /// AWS region of the Secrets Manager secret.
    pub region: String,
    /// AWS Secrets Manager access through the secrets-store CSI driver.
    pub secret_manager: AwsSecretManager,
}

/// `gcp`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpGcp {
    /// Google Secret Manager access through the secrets-store CSI driver.
    pub secret_manager: GcpSecretManager,
}

/// `wso2`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpWso2 {
    /// Accepted because the upstream `values_local.yaml` sets it; the ICP chart creates no
    /// image pull Secret from it (use `wso2.deployment.imagePullSecrets`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription: Option<Subscription>,
    /// Ingress in front of the ICP dashboard.
    pub ingress: IcpIngress,
    /// Pod, image and rollout settings.
    pub deployment: IcpDeployment,
    /// ICP server configuration (rendered into `deployment.toml`).
    pub config: IcpConfig,
}

/// `wso2.ingress`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpIngress {
    /// Create an Ingress for the dashboard.
    pub enabled: bool,
    /// Ingress class that serves the Ingress, such as `nginx`, `alb` or `gce`.
    pub ingress_class_name: String,
    /// Annotations of the Ingress (controller settings such as the backend protocol).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, Text>>,
    /// Secret holding the TLS certificate for `wso2.deployment.hostname`.
    pub tls_secret: String,
    /// NGINX request rate limiting.
    pub ratelimit: RateLimit,
    /// Accepted because the upstream `values_local.yaml` sets it; the ICP chart has no
    /// metrics Ingress.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<MetricsIngress>,
}

impl Default for IcpIngress {
    fn default() -> Self {
        IcpIngress {
            enabled: true,
            ingress_class_name: String::new(),
            annotations: None,
            tls_secret: String::new(),
            ratelimit: RateLimit::default(),
            metrics: None,
        }
    }
}

/// `wso2.deployment`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpDeployment {
    /// Pod and container security settings (`AppArmor`, seccomp, user ID, `SELinux`).
    pub security_context: IcpSecurityContext,
    /// Host name the Ingress routes to the dashboard; empty makes the Ingress match any host.
    pub hostname: String,
    /// ICP version inside the image; it names the server directory
    /// (`wso2-integration-control-plane-<version>`) where keystores are mounted.
    #[serde(rename = "BuildVersion")]
    pub build_version: String,
    /// Name of a Kubernetes Secret holding the keystore (and, with SSO, truststore) files to
    /// mount; empty keeps the ones inside the image.
    #[serde(rename = "JKSSecretName")]
    pub jks_secret_name: String,
    /// Name of an existing image pull Secret for a private registry.
    pub image_pull_secrets: String,
    /// Which container image to run and when to pull it.
    pub image: IcpImage,
    /// Timings of the startup, liveness and readiness probes.
    pub probes: IcpProbes,
    /// Number of pods to run.
    pub replicas: u32,
    /// Accepted for compatibility: the ICP chart has no autoscaler.
    pub min_replicas: u32,
    /// Accepted for compatibility: the ICP chart has no autoscaler.
    pub max_replicas: u32,
    /// Accepted for compatibility: the ICP chart has no autoscaler.
    pub cpu_utilization_percentage: u32,
    /// Accepted for compatibility: the ICP chart has no autoscaler.
    pub memory_utilization_percentage: u32,
    /// Accepted for compatibility: the ICP chart has no `PodDisruptionBudget`.
    pub min_available: IntOrString,
    /// How pods are replaced during an update.
    pub strategy: Strategy,
    /// Container CPU and memory, and the JVM heap.
    pub resources: Resources,
    /// Extra environment variables of the container, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub envs: Option<BTreeMap<String, Text>>,
    /// Settings of the mounted `ConfigMap`s.
    pub config_maps: ConfigMaps,
}

impl Default for IcpDeployment {
    fn default() -> Self {
        IcpDeployment {
            security_context: IcpSecurityContext::default(),
            hostname: String::new(),
            build_version: "1.0.0".into(),
            jks_secret_name: String::new(),
            image_pull_secrets: String::new(),
            image: IcpImage::default(),
            probes: IcpProbes::default(),
            replicas: 1,
            min_replicas: 1,
            max_replicas: 2,
            cpu_utilization_percentage: 75,
            memory_utilization_percentage: 75,
            min_available: IntOrString::Int(1),
            strategy: Strategy::default(),
            resources: Resources::default(),
            envs: None,
            config_maps: ConfigMaps::default(),
        }
    }
}

/// `wso2.deployment.securityContext`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpSecurityContext {
    /// Run the container under the runtime's default `AppArmor` profile.
    pub apparmor: bool,
    /// Seccomp profile of the pod; `false` is accepted as `{enabled: false}` (upstream's
    /// `values_local.yaml` writes it so).
    #[serde(deserialize_with = "seccomp_profile")]
    #[schemars(with = "SeccompForm")]
    pub seccomp_profile: SeccompProfile,
    /// Set the pod's `runAsUser` to `runAsUser`.
    pub enable_run_as_user: bool,
    /// User ID the container processes run as.
    #[serde(deserialize_with = "crate::scalar::lenient_int")]
    #[schemars(schema_with = "crate::schema::lenient_int")]
    pub run_as_user: i64,
    /// `SELinux` options of the container.
    pub se_linux: SeLinux,
}

impl Default for IcpSecurityContext {
    fn default() -> Self {
        IcpSecurityContext {
            apparmor: true,
            seccomp_profile: SeccompProfile::default(),
            enable_run_as_user: true,
            run_as_user: 10802,
            se_linux: SeLinux::default(),
        }
    }
}

/// The two spellings of `seccompProfile`: a switch or the full table.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // only read through the schema and `seccomp_profile`
enum SeccompForm {
    /// `true` or `false`: the default profile type, switched on or off.
    Switch(bool),
    /// `{enabled, type}`.
    Table(SeccompProfile),
}

fn seccomp_profile<'de, D: Deserializer<'de>>(d: D) -> Result<SeccompProfile, D::Error> {
    // Untagged enums report "no variant matched", which hides the real problem in a table;
    // so the table is deserialized on its own and only a boolean takes the short form.
    let value = serde_yaml_ng::Value::deserialize(d)?;
    match value {
        serde_yaml_ng::Value::Bool(enabled) => Ok(SeccompProfile {
            enabled,
            ..SeccompProfile::default()
        }),
        other => SeccompProfile::deserialize(other).map_err(de::Error::custom),
    }
}

/// `wso2.deployment.image`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpImage {
    /// Image repository, below `containerRegistry`; empty means the WSO2 image
    /// `wso2/wso2-integration-control-plane`.
    pub repository: String,
    /// Image digest (`sha256:...`); when set it is used instead of the tag.
    pub digest: String,
    /// Image tag, used when no digest is given.
    pub tag: String,
    /// When the kubelet pulls the image: `Always`, `IfNotPresent` or `Never`.
    pub pull_policy: PullPolicy,
}

impl Default for IcpImage {
    fn default() -> Self {
        IcpImage {
            repository: DEFAULT_REPOSITORY.into(),
            digest: String::new(),
            tag: "1.0.0".into(),
            pull_policy: PullPolicy::Always,
        }
    }
}

/// `wso2.deployment.probes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpProbes {
    /// Startup probe (a TCP check of the server port), run before the others.
    pub startup: StartupProbe,
    /// Liveness probe (a TCP check of the server port).
    pub liveness: LivenessProbe,
    /// Readiness probe (`/dashboard/api/healthz` over HTTPS).
    pub readiness: ReadinessProbe,
}

/// `wso2.config`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpConfig {
    /// Account the dashboard signs in to the Micro Integrator runtimes with.
    pub mi_userstore: MiUserstore,
    /// Who may sign in to the dashboard: the file-based store, or an RDBMS or LDAP store.
    pub userstore: Userstore,
    /// Secure vault: passwords in `deployment.toml` are encrypted at startup.
    pub secure_vault: SecureVault,
    /// The dashboard's TLS keystore under `conf/security/`.
    pub key_store: IcpKeyStore,
    /// The truststore under `conf/security/`, used with SSO.
    pub trust_store: IcpTrustStore,
    /// Threads handling heartbeats from Micro Integrator runtimes.
    pub heartbeat_pool_size: u32,
    /// HTTPS port of the ICP server (also the Service and probe port).
    pub server_port: u16,
    /// Single sign-on with an `OpenID Connect` identity provider.
    pub sso: Sso,
}

impl Default for IcpConfig {
    fn default() -> Self {
        IcpConfig {
            mi_userstore: MiUserstore::default(),
            userstore: Userstore::default(),
            secure_vault: SecureVault::default(),
            key_store: IcpKeyStore::default(),
            trust_store: IcpTrustStore::default(),
            heartbeat_pool_size: 15,
            server_port: 9743,
            sso: Sso::default(),
        }
    }
}

/// `wso2.config.miUserstore`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct MiUserstore {
    /// User name for signing in to the Micro Integrator management APIs.
    pub username: String,
    /// Password of that user (moved to the secure vault when it is enabled).
    pub password: String,
}

/// `wso2.config.keyStore`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpKeyStore {
    /// File name of the keystore (also its key in the JKS Secret, when one is mounted).
    pub file_name: String,
    /// Alias of the private key entry, used by the secure vault.
    pub alias: String,
    /// Password of the keystore.
    pub password: String,
    /// Password of the private key.
    pub key_password: String,
}

impl Default for IcpKeyStore {
    fn default() -> Self {
        IcpKeyStore {
            file_name: "dashboard.jks".into(),
            alias: "wso2carbon".into(),
            password: String::new(),
            key_password: String::new(),
        }
    }
}

/// `wso2.config.trustStore`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IcpTrustStore {
    /// File name of the truststore (also its key in the JKS Secret, when one is mounted).
    pub file_name: String,
    /// Password of the truststore.
    pub password: String,
}

impl Default for IcpTrustStore {
    fn default() -> Self {
        IcpTrustStore {
            // Spelt as in the upstream chart and the ICP image.
            file_name: "client-trustore.jks".into(),
            password: String::new(),
        }
    }
}

/// `wso2.config.sso`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Sso {
    /// Sign in through the identity provider (writes `[sso]` and `[truststore]`).
    pub enabled: bool,
    /// OAuth client ID of the dashboard at the identity provider.
    pub client_id: String,
    /// Base URL of the identity provider, such as `https://is.example.com`.
    pub base_url: String,
    /// Issuer of the identity provider's tokens.
    pub jwt_issuer: String,
    /// URLs of the resource servers the tokens are for (a list; a string holding a TOML
    /// array, as upstream required, is also accepted).
    pub resource_server_urls: UrlList,
    /// URL the identity provider redirects to after sign-in.
    pub sign_in_redirect_url: String,
    /// Use PKCE in the authorization code flow; unset leaves the server default.
    #[serde(rename = "enablePKCE", skip_serializing_if = "Option::is_none")]
    pub enable_pkce: Option<bool>,
    /// Further audiences accepted in tokens (a list, or a string holding a TOML array).
    pub trusted_audience: UrlList,
}

/// A list of strings, also accepted as a string holding a TOML array (`'["a", "b"]'`) or as
/// a single string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlList(pub Vec<String>);

impl Serialize for UrlList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for UrlList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = UrlList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<UrlList, E> {
                #[derive(Deserialize)]
                struct Wrap {
                    v: Vec<String>,
                }
                let text = v.trim();
                if !text.starts_with('[') {
                    return Ok(UrlList(if text.is_empty() {
                        Vec::new()
                    } else {
                        vec![text.to_owned()]
                    }));
                }
                toml::from_str::<Wrap>(&format!("v = {text}"))
                    .map(|w| UrlList(w.v))
                    .map_err(|_| {
                        E::custom(
                            "a string starting with `[` must hold a TOML array of strings, \
                             such as '[\"https://a.example.com\"]'; better, write a YAML list",
                        )
                    })
            }
            fn visit_unit<E: de::Error>(self) -> Result<UrlList, E> {
                Ok(UrlList::default())
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<UrlList, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(UrlList(out))
            }
        }
        deserializer.deserialize_any(ListVisitor)
    }
}

impl JsonSchema for UrlList {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UrlList".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "string"},
                {"type": "null"}
            ]
        })
    }
}

fn path(p: &str) -> Vec<Step> {
    p.split('.').map(|k| Step::Key(k.to_owned())).collect()
}

fn is_set(s: Option<&String>) -> bool {
    s.is_some_and(|s| !s.trim().is_empty())
}

impl ChartValues for IcpValues {
    fn validate(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.wso2.config.secure_vault.enabled {
            out.extend(secure_vault_problems(
                self.provider,
                &self.aws.secret_manager,
                &self.azure.key_vault,
                Some(&self.gcp.secret_manager),
            ));
        }
        let mut problem = |p: &str, message: String| {
            out.push(Problem {
                path: path(p),
                message,
            });
        };
        let c = &self.wso2.config;
        let d = &self.wso2.deployment;
        if !c.userstore.file.enabled {
            let rdbms = c
                .userstore
                .rdbms
                .as_ref()
                .is_some_and(|r| is_set(r.url.as_ref()));
            let ldap = c
                .userstore
                .ldap
                .as_ref()
                .is_some_and(|l| is_set(l.connection_url.as_ref()));
            match (rdbms, ldap) {
                (true, true) => problem(
                    "wso2.config.userstore",
                    "both `rdbms.url` and `ldap.connectionUrl` are set; the dashboard has one \
                     user store: set the other to null"
                        .into(),
                ),
                (false, false) => problem(
                    "wso2.config.userstore.file.enabled",
                    "the file-based user store is disabled but no other is configured: set \
                     `userstore.rdbms.url` (JDBC) or `userstore.ldap.connectionUrl` (LDAP)"
                        .into(),
                ),
                _ => {}
            }
        }
        if !d.hostname.is_empty() {
            if let Err(why) = check_dns_name(&d.hostname) {
                problem(
                    "wso2.deployment.hostname",
                    format!("`{}` is not a valid DNS name: {why}", d.hostname),
                );
            }
        }
        let digest = d.image.digest.as_str();
        if !digest.is_empty() && !is_sha256_digest(digest) {
            problem(
                "wso2.deployment.image.digest",
                format!(
                    "`{digest}` is not an image digest: expected `sha256:` followed by 64 \
                     lowercase hexadecimal digits (or leave it empty to use the tag)"
                ),
            );
        }
        if d.image.digest.is_empty() && d.image.tag.trim().is_empty() {
            problem(
                "wso2.deployment.image.tag",
                "the image needs a tag or a digest; the ICP release is `1.0.0`".into(),
            );
        }
        let r = &d.resources;
        for (which, q) in [("requests", &r.requests), ("limits", &r.limits)] {
            for (kind, text) in [("memory", &q.memory), ("cpu", &q.cpu)] {
                if parse_quantity(text.as_str()).is_none() {
                    problem(
                        &format!("wso2.deployment.resources.{which}.{kind}"),
                        format!("`{text}` is not a Kubernetes quantity"),
                    );
                }
            }
        }
        let mode = d.config_maps.entry_point.default_mode.as_str();
        if parse_file_mode(mode).is_none() {
            problem(
                "wso2.deployment.configMaps.entryPoint.defaultMode",
                format!(
                    "`{mode}` is not an octal file mode: expected up to four octal digits \
                     from `0000` to `0777`, such as `\"0407\"`"
                ),
            );
        }
        if c.server_port == 0 {
            problem(
                "wso2.config.serverPort",
                "the server port must be between 1 and 65535".into(),
            );
        }
        out
    }

    fn drop_placeholders(&mut self) -> Vec<String> {
        let mut warnings = Vec::new();
        let image = &mut self.wso2.deployment.image;
        if image.repository.trim().is_empty() {
            // Upstream's values.yaml leaves the repository empty and rendered `image: ":"`.
            DEFAULT_REPOSITORY.clone_into(&mut image.repository);
            warnings.push(format!(
                "wso2.deployment.image.repository is empty; using `{DEFAULT_REPOSITORY}`"
            ));
        }
        if self.wso2.subscription.take().is_some() {
            warnings.push(
                "wso2.subscription is not used by the ICP chart (set \
                 wso2.deployment.imagePullSecrets for a private registry); ignored"
                    .into(),
            );
        }
        if self.wso2.ingress.metrics.take().is_some() {
            warnings
                .push("wso2.ingress.metrics: the ICP chart has no metrics Ingress; ignored".into());
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULTS: &str = include_str!("../charts/icp/values.yaml");

    fn parse(yaml: &str) -> Result<IcpValues, serde_path_to_error::Error<serde_yaml_ng::Error>> {
        let tree: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap();
        serde_path_to_error::deserialize(tree)
    }

    #[test]
    fn default_impls_match_the_chart_defaults() {
        let mut from_file = parse(DEFAULTS).unwrap();
        // The user stores' defaults live in values.yaml only: a user `null` must be able
        // to remove them, so the model's default is "absent".
        from_file.wso2.config.userstore.rdbms = None;
        from_file.wso2.config.userstore.ldap = None;
        assert_eq!(
            serde_json::to_value(IcpValues::default()).unwrap(),
            serde_json::to_value(&from_file).unwrap()
        );
        assert_eq!(
            serde_json::to_value(parse("{}").unwrap()).unwrap(),
            serde_json::to_value(IcpValues::default()).unwrap()
        );
    }

    #[test]
    fn seccomp_profile_takes_a_switch_or_a_table() {
        let off =
            parse("wso2:\n  deployment:\n    securityContext:\n      seccompProfile: false\n")
                .unwrap();
        let sp = &off.wso2.deployment.security_context.seccomp_profile;
        assert!(!sp.enabled);
        let table = parse(
            "wso2:\n  deployment:\n    securityContext:\n      seccompProfile:\n        \
             enabled: true\n        type: Localhost\n",
        )
        .unwrap();
        let sp = &table.wso2.deployment.security_context.seccomp_profile;
        assert!(sp.enabled);
        assert_eq!(serde_json::to_value(sp).unwrap()["type"], "Localhost");
        let err = parse(
            "wso2:\n  deployment:\n    securityContext:\n      seccompProfile:\n        kind: x\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("kind"), "{err}");
    }

    #[test]
    fn url_lists_take_a_list_or_a_toml_array_string() {
        let list = parse("wso2:\n  config:\n    sso:\n      resourceServerUrls: [a, b]\n").unwrap();
        assert_eq!(list.wso2.config.sso.resource_server_urls.0, ["a", "b"]);
        let legacy =
            parse("wso2:\n  config:\n    sso:\n      trustedAudience: '[\"x\", \"y\"]'\n").unwrap();
        assert_eq!(legacy.wso2.config.sso.trusted_audience.0, ["x", "y"]);
        let single = parse("wso2:\n  config:\n    sso:\n      trustedAudience: x\n").unwrap();
        assert_eq!(single.wso2.config.sso.trusted_audience.0, ["x"]);
        let bad = parse("wso2:\n  config:\n    sso:\n      trustedAudience: '[x'\n").unwrap_err();
        assert_eq!(bad.path().to_string(), "wso2.config.sso.trustedAudience");
    }

    #[test]
    fn empty_repository_becomes_the_wso2_image() {
        let mut v = parse("wso2:\n  deployment:\n    image:\n      repository: ''\n").unwrap();
        let warnings = v.drop_placeholders();
        assert_eq!(v.wso2.deployment.image.repository, DEFAULT_REPOSITORY);
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn a_disabled_file_store_needs_another() {
        let v = parse("wso2:\n  config:\n    userstore:\n      file:\n        enabled: false\n")
            .unwrap();
        let problems = v.validate();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            crate::values_error::display_path(&problems[0].path),
            "wso2.config.userstore.file.enabled"
        );
    }

    #[test]
    fn secure_vault_needs_a_provider_and_its_settings() {
        let v = parse("wso2:\n  config:\n    secureVault:\n      enabled: true\n").unwrap();
        assert_eq!(v.validate().len(), 1);
        let v = parse("provider: gcp\nwso2:\n  config:\n    secureVault:\n      enabled: true\n")
            .unwrap();
        assert_eq!(v.validate().len(), 2);
    }
}
