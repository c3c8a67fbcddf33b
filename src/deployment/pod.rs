//! Pod-level options of `wso2.deployment` that every chart is expected to have: the
//! service account, scheduling (node selector, tolerations, affinity, topology spread),
//! and containers and volumes of the user's own next to the Micro Integrator's.
//!
//! Scheduling rules, containers and volumes are Kubernetes API objects with dozens of
//! fields, so they reuse the k8s-openapi types (everything Kubernetes 1.33 accepts) in
//! [`Kube`], which keeps them as strict as the rest of the values.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value as Json;

use super::Text;

/// `wso2.deployment.serviceAccount`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ServiceAccount {
    /// Create the service account with the release; it is named `name`, else
    /// `aws.serviceAccountName` (with `provider: aws`), else `<cloudName>-<release>`.
    pub create: bool,
    /// Service account the pod runs as: an existing one, or the one `create` makes. With
    /// `provider: aws`, `aws.serviceAccountName` names the same account, so the two must not
    /// differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Annotations of the created service account, such as `eks.amazonaws.com/role-arn`
    /// (EKS IAM roles for service accounts) or `iam.gke.io/gcp-service-account` (GKE
    /// Workload Identity); only with `create`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, Text>>,
}

/// A value of a Kubernetes API type, read strictly.
///
/// k8s-openapi skips keys it does not know, so a misspelt key would silently do nothing;
/// here the value is written back and a key that did not survive is refused. Its schema is
/// k8s-openapi's with every object closed, so the first pass over the values
/// (`values_error`) already refuses such a key at its full path, with a suggestion.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kube<T>(pub T);

impl<T> Deref for Kube<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Serialize> Serialize for Kube<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: DeserializeOwned + Serialize> Deserialize<'de> for Kube<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Json::deserialize(deserializer)?;
        let value: T = serde_path_to_error::deserialize(&raw).map_err(|e| {
            let at = e.path().to_string();
            if at == "." {
                de::Error::custom(e.into_inner())
            } else {
                de::Error::custom(format_args!("at `{at}`: {}", e.into_inner()))
            }
        })?;
        let back = serde_json::to_value(&value).map_err(de::Error::custom)?;
        if let Some(at) = lost_key(&raw, &back, &mut String::new()) {
            return Err(de::Error::custom(format_args!(
                "`{at}` is not a field of this Kubernetes object"
            )));
        }
        Ok(Kube(value))
    }
}

/// The first key of `raw` (with a value) that `back` lacks, as `[0].spec.key`.
fn lost_key(raw: &Json, back: &Json, at: &mut String) -> Option<String> {
    let len = at.len();
    let found = match (raw, back) {
        (Json::Object(raw), Json::Object(back)) => raw.iter().find_map(|(k, v)| {
            if v.is_null() {
                return None;
            }
            at.truncate(len);
            if !at.is_empty() {
                at.push('.');
            }
            at.push_str(k);
            match back.get(k) {
                None => Some(at.clone()),
                Some(b) => lost_key(v, b, at),
            }
        }),
        (Json::Array(raw), Json::Array(back)) => {
            raw.iter().zip(back).enumerate().find_map(|(i, (r, b))| {
                at.truncate(len);
                let _ = write!(at, "[{i}]");
                lost_key(r, b, at)
            })
        }
        _ => None,
    };
    at.truncate(len);
    found
}

impl<T: JsonSchema> JsonSchema for Kube<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let schema = generator.subschema_for::<T>();
        // The definitions of T and of every type inside it are in place now.
        for (name, definition) in generator.definitions_mut() {
            if let Some(object) = definition.as_object_mut() {
                if name.starts_with("io.k8s.") && object.contains_key("properties") {
                    object
                        .entry("additionalProperties")
                        .or_insert(Json::Bool(false));
                }
            }
        }
        schema
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::core::v1::{Container, Toleration};

    use super::*;

    fn parse<T: DeserializeOwned>(yaml: &str) -> Result<T, String> {
        let tree: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap();
        serde_path_to_error::deserialize(tree).map_err(|e| format!("{}: {}", e.path(), e.inner()))
    }

    #[test]
    fn misspelt_keys_inside_kubernetes_objects_are_refused() {
        let err = parse::<Kube<Vec<Toleration>>>("- key: a\n  efect: NoSchedule\n").unwrap_err();
        assert!(err.contains("`[0].efect` is not a field"), "{err}");
        let err = parse::<Kube<Vec<Container>>>(
            "- name: c\n  image: i\n  volumeMounts:\n    - name: v\n      mountpath: /x\n",
        )
        .unwrap_err();
        assert!(err.contains("`[0].volumeMounts[0].mountpath`"), "{err}");
        let err = parse::<Kube<Vec<Container>>>("- name: c\n  ports: [{containerPort: x}]\n")
            .unwrap_err();
        assert!(err.contains("at `[0].ports[0].containerPort`"), "{err}");
    }

    #[test]
    fn valid_objects_and_empty_keys_are_read() {
        let c = parse::<Kube<Vec<Container>>>(
            "- name: c\n  image: i\n  resources:\n    limits: {cpu: 1}\n  env:\n",
        )
        .unwrap();
        assert_eq!(c[0].name, "c");
        let limits = c[0].resources.as_ref().unwrap().limits.as_ref().unwrap();
        assert_eq!(limits["cpu"].0, "1");
    }

    #[test]
    fn kubernetes_definitions_are_closed() {
        let schema = crate::schema::schema_of::<Kube<Vec<Container>>>();
        let container = &schema["definitions"]["io.k8s.api.core.v1.Container"];
        assert_eq!(container["additionalProperties"], false);
        assert_eq!(
            schema["definitions"]["io.k8s.api.core.v1.VolumeMount"]["additionalProperties"],
            false
        );
    }
}
