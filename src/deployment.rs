//! `wso2.deployment`: how the Micro Integrator pod is built, scheduled and scaled.
//!
//! Every struct takes the chart default for a missing key (`#[serde(default)]` on the
//! container, with `Default` spelling out the defaults of `charts/mi/values.yaml`), so a
//! model built from a partial tree renders the same as one built from the merged defaults.

pub mod env;
pub mod pod;
pub mod shared_volume;

use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::api::core::v1::{
    Affinity, Container, Toleration, TopologySpreadConstraint, Volume, VolumeMount,
};
use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use self::pod::Kube;

/// Text that a values file may also write as a bare number or boolean (`cpu: 1`,
/// `RETRY_COUNT: 3`); it is kept as the text YAML would print, since every consumer
/// (resource quantities, environment variables, annotations) wants a string.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(pub String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.to_owned())
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            // `KEY:` with nothing after it: helm prints an empty value.
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(String::new()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A Kubernetes int-or-string: a count of pods (`1`) or a percentage (`"25%"`).
/// Ints stay ints when rendered, because Kubernetes reads `"1"` as an invalid percentage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    String(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}

/// `wso2.deployment`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Deployment {
    /// Pod and container security settings (`AppArmor`, seccomp, user and group IDs, `SELinux`).
    pub security_context: SecurityContext,
    /// Host name the ingress routes to the Micro Integrator and puts in its TLS section.
    pub hostname: String,
    /// Micro Integrator version inside the image; it names the server directory
    /// (`wso2mi-<version>`) where keystores and carbon applications are mounted.
    #[serde(rename = "BuildVersion")]
    pub build_version: String,
    /// Name of a Kubernetes Secret holding the keystore and truststore files to mount; empty
    /// keeps the ones inside the image.
    #[serde(rename = "JKSSecretName")]
    pub jks_secret_name: String,
    /// Name of an existing image pull Secret for a private registry; empty uses the secret
    /// created from `wso2.subscription` when that is set.
    pub image_pull_secrets: String,
    /// Which container image to run and when to pull it.
    pub image: Image,
    /// Timings of the startup, liveness and readiness probes.
    pub probes: Probes,
    /// Number of pods to run when the autoscaler is off.
    pub replicas: u32,
    /// Horizontal Pod Autoscaler settings.
    pub hpa: Hpa,
    /// Pod disruption budget settings.
    pub pdb: Pdb,
    /// How pods are replaced during a rolling update.
    pub strategy: Strategy,
    /// CPU and memory requests and limits of the container, and the JVM heap sizes.
    pub resources: Resources,
    /// Extra environment variables for the container, as a map of name to value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub envs: Option<BTreeMap<String, Text>>,
    /// Extra environment variables for the container, as a list of `{name, value}` entries
    /// (the form the MI configuration guide shows) or `{name, valueFrom}` entries that read
    /// a Secret or `ConfigMap`; rendered after `envs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Vec<EnvVar>>,
    /// Extra command-line arguments passed to the Micro Integrator startup script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cmd_args: Option<Vec<Text>>,
    /// Synapse unit-test server settings.
    pub synapse_test: SynapseTest,
    /// Mount carbon applications from a persistent volume (EFS on AWS, Filestore on GCP)
    /// instead of using the ones built into the image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_capps: Option<bool>,
    /// Shared folders mounted into the Micro Integrator container, such as the directory a
    /// file inbound endpoint polls; each comes from an NFS export, an existing claim or a
    /// directory of the node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_volumes: Option<Vec<shared_volume::SharedVolume>>,
    /// Settings of the `ConfigMaps` mounted into the pod.
    pub config_maps: ConfigMaps,
    /// Extra annotations for the pod template (for example Prometheus scrape settings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, Text>>,
    /// Extra environment variables for the container, each holding every key of a Secret or
    /// `ConfigMap`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env_from: Option<Vec<env::EnvFromSource>>,
    /// The service account the pod runs as, and whether the chart creates it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_account: Option<pod::ServiceAccount>,
    /// Extra labels of the pod template (the `deployment` label is the chart's selector and
    /// cannot be set here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_labels: Option<BTreeMap<String, Text>>,
    /// Node labels a node must have to run the pod, such as `kubernetes.io/arch: amd64`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<BTreeMap<String, Text>>,
    /// Taints the pod tolerates (Kubernetes `Toleration` objects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerations: Option<Kube<Vec<Toleration>>>,
    /// Replaces the chart's affinity (prefer spreading the pods over zones) with this
    /// Kubernetes `Affinity`; `{}` sets none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Kube<Affinity>>,
    /// How the pods spread over zones or nodes (Kubernetes `TopologySpreadConstraint`
    /// objects); an entry without `labelSelector` counts this release's pods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topology_spread_constraints: Option<Kube<Vec<TopologySpreadConstraint>>>,
    /// Priority class of the pod, the name of an existing `PriorityClass`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_class_name: Option<String>,
    /// Seconds a new pod must be ready before it counts as available during a rollout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<u32>,
    /// Containers run to completion, in order, before the Micro Integrator starts
    /// (Kubernetes `Container` objects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_containers: Option<Kube<Vec<Container>>>,
    /// Containers run next to the Micro Integrator in the pod, such as a log shipper
    /// (Kubernetes `Container` objects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_containers: Option<Kube<Vec<Container>>>,
    /// Extra volumes of the pod, for `extraVolumeMounts` and the extra and init containers
    /// (Kubernetes `Volume` objects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_volumes: Option<Kube<Vec<Volume>>>,
    /// Extra volume mounts of the Micro Integrator container (Kubernetes `VolumeMount`
    /// objects), of `extraVolumes` or of the chart's own volumes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_volume_mounts: Option<Kube<Vec<VolumeMount>>>,
}

impl Default for Deployment {
    fn default() -> Self {
        Deployment {
            security_context: SecurityContext::default(),
            hostname: "mi.wso2.com".into(),
            build_version: "4.4.0".into(),
            jks_secret_name: String::new(),
            image_pull_secrets: String::new(),
            image: Image::default(),
            probes: Probes::default(),
            replicas: 1,
            hpa: Hpa::default(),
            pdb: Pdb::default(),
            strategy: Strategy::default(),
            resources: Resources::default(),
            envs: None,
            env: None,
            cmd_args: None,
            synapse_test: SynapseTest::default(),
            mount_capps: None,
            shared_volumes: None,
            config_maps: ConfigMaps::default(),
            annotations: None,
            env_from: None,
            service_account: None,
            pod_labels: None,
            node_selector: None,
            tolerations: None,
            affinity: None,
            topology_spread_constraints: None,
            priority_class_name: None,
            min_ready_seconds: None,
            init_containers: None,
            extra_containers: None,
            extra_volumes: None,
            extra_volume_mounts: None,
        }
    }
}

/// `wso2.deployment.securityContext`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SecurityContext {
    /// Run the container under the runtime's default `AppArmor` profile.
    pub apparmor: bool,
    /// Seccomp profile applied to the pod.
    pub seccomp_profile: SeccompProfile,
    /// Set the pod's `runAsUser` to `runAsUser`.
    pub enable_run_as_user: bool,
    /// User ID the container processes run as.
    #[serde(deserialize_with = "crate::scalar::lenient_int")]
    #[schemars(schema_with = "crate::schema::lenient_int")]
    pub run_as_user: i64,
    /// Set the pod's `fsGroup` (and the EFS access point group) to `runAsGroup`.
    pub enable_run_as_group: bool,
    /// Group ID that owns mounted volumes.
    #[serde(deserialize_with = "crate::scalar::lenient_int")]
    #[schemars(schema_with = "crate::schema::lenient_int")]
    pub run_as_group: i64,
    /// `SELinux` options of the container.
    pub se_linux: SeLinux,
}

impl Default for SecurityContext {
    fn default() -> Self {
        SecurityContext {
            apparmor: true,
            seccomp_profile: SeccompProfile::default(),
            enable_run_as_user: true,
            run_as_user: 10802,
            enable_run_as_group: true,
            run_as_group: 10802,
            se_linux: SeLinux::default(),
        }
    }
}

/// `wso2.deployment.securityContext.seccompProfile`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SeccompProfile {
    /// Set a seccomp profile on the pod.
    pub enabled: bool,
    /// Kind of seccomp profile: `RuntimeDefault`, `Unconfined` or `Localhost`.
    #[serde(rename = "type")]
    pub kind: SeccompProfileType,
}

impl Default for SeccompProfile {
    fn default() -> Self {
        SeccompProfile {
            enabled: true,
            kind: SeccompProfileType::RuntimeDefault,
        }
    }
}

/// Seccomp profile kinds Kubernetes accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SeccompProfileType {
    #[default]
    RuntimeDefault,
    Unconfined,
    Localhost,
}

/// `wso2.deployment.securityContext.seLinux`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SeLinux {
    /// Set `SELinux` options on the container.
    pub enabled: bool,
    /// `SELinux` level label given to the container.
    pub level: String,
}

impl Default for SeLinux {
    fn default() -> Self {
        SeLinux {
            enabled: false,
            level: "s0:c26,c0".into(),
        }
    }
}

/// `wso2.deployment.image`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Image {
    /// Image repository, below `containerRegistry`.
    pub repository: String,
    /// Image digest (`sha256:...`); when set it is used instead of the tag.
    pub digest: String,
    /// Image tag, used when no digest is given.
    pub tag: String,
    /// When the kubelet pulls the image: `Always`, `IfNotPresent` or `Never`.
    pub pull_policy: PullPolicy,
}

impl Default for Image {
    fn default() -> Self {
        Image {
            repository: "wso2mi".into(),
            digest: String::new(),
            tag: "4.4.0".into(),
            pull_policy: PullPolicy::IfNotPresent,
        }
    }
}

/// Image pull policies Kubernetes accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PullPolicy {
    Always,
    #[default]
    IfNotPresent,
    Never,
}

/// `wso2.deployment.probes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Probes {
    /// Startup probe (a TCP check of the HTTPS pass-through port), run before the others.
    pub startup: StartupProbe,
    /// Liveness probe (`/liveness` on the metrics port).
    pub liveness: LivenessProbe,
    /// Readiness probe (`/healthz` on the metrics port).
    pub readiness: ReadinessProbe,
}

/// `wso2.deployment.probes.startup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct StartupProbe {
    /// Seconds to wait after the container starts before the first startup check.
    pub initial_delay_seconds: u32,
    /// Seconds between startup checks.
    pub period_seconds: u32,
    /// Failed startup checks tolerated before the container is restarted.
    pub failure_threshold: u32,
}

impl Default for StartupProbe {
    fn default() -> Self {
        StartupProbe {
            initial_delay_seconds: 5,
            period_seconds: 3,
            failure_threshold: 40,
        }
    }
}

/// `wso2.deployment.probes.liveness`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct LivenessProbe {
    /// Seconds between liveness checks.
    pub period_seconds: u32,
}

impl Default for LivenessProbe {
    fn default() -> Self {
        LivenessProbe { period_seconds: 10 }
    }
}

/// `wso2.deployment.probes.readiness`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ReadinessProbe {
    /// Seconds to wait after the container starts before the first readiness check.
    pub initial_delay_seconds: u32,
    /// Seconds between readiness checks.
    pub period_seconds: u32,
}

impl Default for ReadinessProbe {
    fn default() -> Self {
        ReadinessProbe {
            initial_delay_seconds: 60,
            period_seconds: 1,
        }
    }
}

/// `wso2.deployment.hpa`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Hpa {
    /// Create a Horizontal Pod Autoscaler for the deployment.
    pub enabled: bool,
    /// Fewest pods the autoscaler keeps.
    pub min_replicas: u32,
    /// Most pods the autoscaler starts.
    pub max_replicas: u32,
    /// Average CPU use, in percent of the request, the autoscaler aims for.
    pub cpu_utilization_percentage: u32,
    /// Average memory use, in percent of the request, the autoscaler aims for.
    pub memory_utilization_percentage: u32,
}

impl Default for Hpa {
    fn default() -> Self {
        Hpa {
            enabled: false,
            min_replicas: 1,
            max_replicas: 2,
            cpu_utilization_percentage: 75,
            memory_utilization_percentage: 75,
        }
    }
}

/// `wso2.deployment.pdb`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Pdb {
    /// Create a `PodDisruptionBudget` for the deployment.
    pub enabled: bool,
    /// Pods that must stay available during voluntary disruptions (a count or a percentage).
    pub min_available: IntOrString,
}

impl Default for Pdb {
    fn default() -> Self {
        Pdb {
            enabled: false,
            min_available: IntOrString::Int(1),
        }
    }
}

/// `wso2.deployment.strategy`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Strategy {
    /// Limits of the rolling update.
    pub rolling_update: RollingUpdate,
}

/// `wso2.deployment.strategy.rollingUpdate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RollingUpdate {
    /// Pods that may be created above the desired count during an update (a count or a percentage).
    pub max_surge: IntOrString,
    /// Pods that may be unavailable during an update (a count or a percentage).
    pub max_unavailable: IntOrString,
}

impl Default for RollingUpdate {
    fn default() -> Self {
        RollingUpdate {
            max_surge: IntOrString::Int(1),
            max_unavailable: IntOrString::Int(0),
        }
    }
}

/// `wso2.deployment.resources`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Resources {
    /// Resources the scheduler reserves for the container.
    pub requests: ResourceQuantities,
    /// Most resources the container may use.
    pub limits: ResourceQuantities,
    /// JVM settings derived from the container's memory.
    pub jvm: Jvm,
}

impl Default for Resources {
    fn default() -> Self {
        Resources {
            requests: ResourceQuantities {
                memory: "512Mi".into(),
                cpu: "500m".into(),
            },
            limits: ResourceQuantities {
                memory: "1Gi".into(),
                cpu: "1000m".into(),
            },
            jvm: Jvm::default(),
        }
    }
}

/// A memory and CPU pair, as Kubernetes quantities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ResourceQuantities {
    /// Memory quantity, such as `512Mi` or `1Gi`.
    pub memory: Text,
    /// CPU quantity, such as `500m` or `1`.
    pub cpu: Text,
}

/// `wso2.deployment.resources.jvm`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Jvm {
    /// JVM heap sizes.
    pub memory: JvmMemory,
}

/// `wso2.deployment.resources.jvm.memory`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct JvmMemory {
    /// Initial JVM heap size, passed as `-Xms` (for example `512m`).
    pub xms: Text,
    /// Largest JVM heap size, passed as `-Xmx` (for example `1024m`).
    pub xmx: Text,
}

impl Default for JvmMemory {
    fn default() -> Self {
        JvmMemory {
            xms: "512m".into(),
            xmx: "1024m".into(),
        }
    }
}

/// One entry of `wso2.deployment.env`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvVar {
    /// Name of the environment variable.
    pub name: String,
    /// Value of the environment variable; empty when neither this nor `valueFrom` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Text>,
    /// Where the value comes from instead: a Secret or `ConfigMap` key, a pod field or a
    /// container resource (not together with `value`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<env::EnvVarSource>,
}

/// `wso2.deployment.synapseTest`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SynapseTest {
    /// Start the Synapse unit-test server (`-DsynapseTest=true`) and expose its port.
    pub enabled: bool,
}

/// `wso2.deployment.configMaps`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ConfigMaps {
    /// The `ConfigMap` holding the container's entrypoint script.
    pub entry_point: EntryPoint,
}

/// `wso2.deployment.configMaps.entryPoint`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct EntryPoint {
    /// File mode of the mounted entrypoint script, as an octal string such as `"0407"`.
    pub default_mode: Text,
}

impl Default for EntryPoint {
    fn default() -> Self {
        EntryPoint {
            default_mode: "0407".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Result<Deployment, serde_path_to_error::Error<serde_yaml_ng::Error>> {
        let tree: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap();
        serde_path_to_error::deserialize(tree)
    }

    #[test]
    fn env_map_and_list_both_parse() {
        let d = parse(
            "envs:\n  RETRY_COUNT: 3\n  BASE_URL: https://x\n\
             env:\n  - name: A\n    value: b\n  - name: N\n    value: 7\n",
        )
        .unwrap();
        let envs = d.envs.unwrap();
        assert_eq!(envs["RETRY_COUNT"].as_str(), "3");
        assert_eq!(envs["BASE_URL"].as_str(), "https://x");
        let env = d.env.unwrap();
        assert_eq!(env[0].name, "A");
        assert_eq!(env[1].value.as_ref().unwrap().as_str(), "7");
    }

    #[test]
    fn null_envs_and_annotations_are_accepted() {
        let d = parse("envs:\nannotations:\ncmdArgs:\n").unwrap();
        assert!(d.envs.is_none() && d.annotations.is_none() && d.cmd_args.is_none());
    }

    #[test]
    fn ids_as_strings_become_ints() {
        let d = parse("securityContext:\n  runAsUser: \"10802\"\n  runAsGroup: 20000\n").unwrap();
        assert_eq!(d.security_context.run_as_user, 10802);
        assert_eq!(d.security_context.run_as_group, 20000);
    }

    #[test]
    fn int_or_string_keeps_its_type() {
        let d = parse("strategy:\n  rollingUpdate:\n    maxSurge: 25%\n    maxUnavailable: 1\n")
            .unwrap();
        let ru = &d.strategy.rolling_update;
        assert_eq!(ru.max_surge, IntOrString::String("25%".into()));
        assert_eq!(ru.max_unavailable, IntOrString::Int(1));
        let out = serde_yaml_ng::to_string(&d.strategy).unwrap();
        assert!(out.contains("maxSurge: 25%") && out.contains("maxUnavailable: 1"));
    }

    #[test]
    fn serialization_uses_upstream_key_names_and_omits_absent() {
        let out = serde_json::to_value(Deployment::default()).unwrap();
        for key in [
            "BuildVersion",
            "JKSSecretName",
            "securityContext",
            "configMaps",
        ] {
            assert!(out.get(key).is_some(), "{key}");
        }
        assert_eq!(
            out["securityContext"]["seccompProfile"]["type"],
            "RuntimeDefault"
        );
        for key in ["envs", "env", "cmdArgs", "mountCapps", "annotations"] {
            assert!(out.get(key).is_none(), "{key}");
        }
    }

    #[test]
    fn unknown_and_invalid_keys_name_their_path() {
        let err = parse("probes:\n  liveness:\n    timeout: 3\n").unwrap_err();
        assert_eq!(err.path().to_string(), "probes.liveness.timeout");
        let err = parse("replicas: -1\n").unwrap_err();
        assert_eq!(err.path().to_string(), "replicas");
        let err = parse("image:\n  pullPolicy: Sometimes\n").unwrap_err();
        assert_eq!(err.path().to_string(), "image.pullPolicy");
    }
}
