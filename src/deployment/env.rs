//! Environment variables of the Micro Integrator container that come from elsewhere than
//! the values file: a Secret or `ConfigMap` key, a field of the pod, a resource of a
//! container (`wso2.deployment.env[].valueFrom`), or every key of a Secret or `ConfigMap`
//! at once (`wso2.deployment.envFrom`). A configurable such as a database password can so
//! stay in a Secret instead of a values file.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Text;

/// `wso2.deployment.env[].valueFrom`: where the value is read when the pod starts; exactly
/// one source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvVarSource {
    /// A key of a Secret in the release namespace, for passwords, tokens and keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key_ref: Option<KeyRef>,
    /// A key of a `ConfigMap` in the release namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_key_ref: Option<KeyRef>,
    /// A field of the pod, such as `metadata.name`, `metadata.namespace` or `status.podIP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_ref: Option<FieldRef>,
    /// A resource request or limit of a container, such as `limits.memory`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_field_ref: Option<ResourceFieldRef>,
}

impl EnvVarSource {
    /// The keys of the sources that are set, for the exactly-one check.
    pub fn sources(&self) -> Vec<&'static str> {
        let mut set = Vec::new();
        if self.secret_key_ref.is_some() {
            set.push("secretKeyRef");
        }
        if self.config_map_key_ref.is_some() {
            set.push("configMapKeyRef");
        }
        if self.field_ref.is_some() {
            set.push("fieldRef");
        }
        if self.resource_field_ref.is_some() {
            set.push("resourceFieldRef");
        }
        set
    }
}

/// One key of a Secret or `ConfigMap`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyRef {
    /// Name of the Secret or `ConfigMap`, in the release namespace.
    pub name: String,
    /// Key inside it whose value becomes the variable.
    pub key: String,
    /// Start the pod even when the object or key is missing (the variable is then unset);
    /// by default the container does not start until it exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// A field of the pod (the Kubernetes downward API).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FieldRef {
    /// Path of the field: `metadata.name`, `metadata.namespace`, `metadata.uid`,
    /// `metadata.labels['<key>']`, `metadata.annotations['<key>']`, `spec.nodeName`,
    /// `spec.serviceAccountName`, `status.hostIP`, `status.hostIPs`, `status.podIP` or
    /// `status.podIPs`.
    pub field_path: String,
    /// API version the path is written against; Kubernetes assumes `v1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
}

/// The pod fields a container may read through `fieldRef`; labels and annotations are
/// read one key at a time.
pub const POD_FIELDS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// A resource request or limit of a container.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceFieldRef {
    /// `limits.cpu`, `limits.memory`, `limits.ephemeral-storage`, `requests.cpu`,
    /// `requests.memory` or `requests.ephemeral-storage`.
    pub resource: String,
    /// Container whose resources are read; by default the Micro Integrator container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    /// Unit the value is given in, such as `1Mi` (memory in mebibytes) or `1m` (CPU in
    /// millicores); by default `1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divisor: Option<Text>,
}

/// The resources `resourceFieldRef` may read.
pub const CONTAINER_RESOURCES: &[&str] = &[
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
];

/// One entry of `wso2.deployment.envFrom`: every key of a Secret or `ConfigMap` becomes a
/// variable of the same name (keys that are not valid variable names are skipped by the
/// kubelet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvFromSource {
    /// The Secret whose keys become variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<ObjectRef>,
    /// The `ConfigMap` whose keys become variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_ref: Option<ObjectRef>,
    /// Text put before every variable name, such as `DB_`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// A whole Secret or `ConfigMap`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObjectRef {
    /// Name of the Secret or `ConfigMap`, in the release namespace.
    pub name: String,
    /// Start the pod even when it is missing; by default the container does not start until
    /// it exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}
