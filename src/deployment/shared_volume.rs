//! `wso2.deployment.sharedVolumes`: folders shared by the pods (and with other systems),
//! such as the directory a file inbound endpoint polls.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Text;

/// One entry of `wso2.deployment.sharedVolumes`. Exactly one of `nfs`, `existingClaim` and
/// `hostPath` says where the files live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SharedVolume {
    /// Short name (lowercase letters, digits and `-`): the pod volume is `shared-<name>`, and
    /// the volume and claim created for `nfs` are `<prefix>-<name>`.
    pub name: String,
    /// Absolute directory in the container where the volume appears, such as
    /// `/home/wso2carbon/file-inbound`; it must not hide a file the chart mounts.
    pub mount_path: String,
    /// Mount the volume read-only (a file inbound endpoint that moves or deletes processed
    /// files needs it writable).
    #[serde(default)]
    pub read_only: bool,
    /// Folder inside the volume to mount instead of its root, as a relative path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
    /// An NFS export: the chart creates a `ReadWriteMany` `PersistentVolume` for it and a
    /// claim bound to exactly that volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nfs: Option<NfsVolume>,
    /// Name of an existing `PersistentVolumeClaim` in the release namespace (for example one
    /// of a cloud file service); use a `ReadWriteMany` claim when more than one pod runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_claim: Option<String>,
    /// A directory of the node, for single-node test clusters (kind, minikube): every pod
    /// sees the files of its own node only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_path: Option<HostPathVolume>,
}

/// `wso2.deployment.sharedVolumes[].nfs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NfsVolume {
    /// Host name or IP address of the NFS server.
    pub server: String,
    /// Absolute path of the export on the server.
    pub path: String,
    /// Size recorded on the volume and requested by its claim, such as `1Gi` (NFS does not
    /// enforce it).
    #[serde(default = "default_nfs_capacity")]
    pub capacity: Text,
    /// NFS mount options, such as `nfsvers=4.1` or `hard`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_options: Option<Vec<String>>,
}

fn default_nfs_capacity() -> Text {
    "1Gi".into()
}

/// `wso2.deployment.sharedVolumes[].hostPath`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HostPathVolume {
    /// Absolute path of the directory on the node. The container runs as user `runAsUser`
    /// (10802 by default), so it needs write access there.
    pub path: String,
    /// `Directory` (it must exist) or `DirectoryOrCreate` (the kubelet creates it, owned by
    /// root); absent does no check.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<HostPathType>,
}

/// The `hostPath` types that are directories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum HostPathType {
    Directory,
    DirectoryOrCreate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(
        yaml: &str,
    ) -> Result<Vec<SharedVolume>, serde_path_to_error::Error<serde_yaml_ng::Error>> {
        let tree: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap();
        serde_path_to_error::deserialize(tree)
    }

    #[test]
    fn nfs_capacity_defaults_and_absent_keys_stay_absent() {
        let v = parse("- {name: in, mountPath: /in, nfs: {server: s, path: /x}}\n").unwrap();
        let nfs = v[0].nfs.as_ref().unwrap();
        assert_eq!(nfs.capacity.as_str(), "1Gi");
        let json = serde_json::to_value(&v[0]).unwrap();
        assert_eq!(json["readOnly"], false);
        for key in ["subPath", "existingClaim", "hostPath"] {
            assert!(json.get(key).is_none(), "{key}");
        }
        assert!(json["nfs"].get("mountOptions").is_none());
    }

    #[test]
    fn misspelt_keys_name_their_path() {
        let err = parse("- {name: a, mountPath: /a, hostPath: {path: /d, kind: Directory}}\n")
            .unwrap_err();
        assert_eq!(err.path().to_string(), "[0].hostPath.kind");
        let err =
            parse("- {name: a, mountPath: /a, hostPath: {path: /d, type: File}}\n").unwrap_err();
        assert_eq!(err.path().to_string(), "[0].hostPath.type");
        let err = parse("- {name: a, mountpath: /a}\n").unwrap_err();
        assert_eq!(err.path().to_string(), "[0].mountpath");
    }
}
