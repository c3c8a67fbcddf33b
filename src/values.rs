//! The typed values tree: everything a user may set in a values file.
//!
//! Key names are the upstream chart's, so the serialized model is what templates see.
//! A key the chart's defaults do not have is an `Option` and disappears from the template
//! context when unset; a key the defaults have takes that default when missing (the
//! `Default` impls spell out `charts/mi/values.yaml`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::deployment::Text;

/// The whole values tree.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Values {
    /// Cloud provider whose secrets-store CSI driver and file storage the chart uses:
    /// `aws`, `azure`, `gcp`, or empty for none.
    pub provider: Provider,
    /// Registry host prefixed to the image repository; empty uses the repository as is
    /// (for example a locally built image).
    pub container_registry: String,
    /// First part of every resource name (`<cloudName>-<release>`); defaults to `cloud`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_name: Option<String>,
    /// Replaces the chart name in the `app.kubernetes.io/name` label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_override: Option<String>,
    /// Full name override read by the chart's naming helper (kept for compatibility; resource
    /// names follow `cloudName`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fullname_override: Option<String>,
    /// Amazon Web Services settings, used when `provider` is `aws`.
    pub aws: Aws,
    /// Microsoft Azure settings, used when `provider` is `azure`.
    pub azure: Azure,
    /// Google Cloud settings, used when `provider` is `gcp`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gcp: Option<Gcp>,
    /// Micro Integrator settings.
    pub wso2: Wso2,
}

impl Default for Values {
    fn default() -> Self {
        Values {
            provider: Provider::None,
            container_registry: "docker.wso2.com".into(),
            cloud_name: None,
            name_override: None,
            fullname_override: None,
            aws: Aws::default(),
            azure: Azure::default(),
            gcp: None,
            wso2: Wso2::default(),
        }
    }
}

/// Cloud providers the chart integrates with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Provider {
    /// No provider: no secrets-store CSI driver, no cloud file storage.
    #[default]
    #[serde(rename = "")]
    None,
    #[serde(rename = "aws")]
    Aws,
    #[serde(rename = "azure")]
    Azure,
    #[serde(rename = "gcp")]
    Gcp,
}

impl Provider {
    /// The value as written in a values file.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::None => "",
            Provider::Aws => "aws",
            Provider::Azure => "azure",
            Provider::Gcp => "gcp",
        }
    }
}

/// `aws`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Aws {
    /// Kubernetes service account (bound to an IAM role) the pod runs as.
    pub service_account_name: String,
    /// AWS region of the Secrets Manager secrets.
    pub region: String,
    /// AWS Secrets Manager access through the secrets-store CSI driver.
    pub secret_manager: AwsSecretManager,
    /// EFS volume that holds carbon applications when `wso2.deployment.mountCapps` is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<AwsStorage>,
}

/// `aws.secretManager`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AwsSecretManager {
    /// Name of the `SecretProviderClass` the chart creates.
    pub secret_provider_class: String,
    /// Secrets fetched from Secrets Manager.
    pub secret_identifiers: AwsSecretIdentifiers,
}

/// `aws.secretManager.secretIdentifiers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AwsSecretIdentifiers {
    /// Where the internal keystore password (used by secure vault) is stored.
    pub internal_keystore_password: AwsSecretRef,
}

/// A key inside an AWS Secrets Manager secret.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AwsSecretRef {
    /// Name of the Secrets Manager secret.
    pub secret_name: String,
    /// JSON key inside the secret that holds the value.
    pub secret_key: String,
}

/// `aws.storage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AwsStorage {
    /// Size of the carbon applications volume, such as `5Gi`.
    pub capacity: Text,
    /// Name of the `StorageClass` the chart creates for the volume.
    pub storage_class: String,
    /// CSI provisioner of that `StorageClass`.
    pub provisioner: String,
    /// EFS file system ID.
    pub file_system_id: String,
    /// EFS access point ID used to mount the carbon applications.
    pub c_app_access_point: String,
    /// Permissions of access point root directories EFS creates, as an octal string.
    pub directory_perms: Text,
}

impl Default for AwsStorage {
    fn default() -> Self {
        AwsStorage {
            capacity: Text::default(),
            storage_class: String::new(),
            provisioner: "efs.csi.aws.com".into(),
            file_system_id: String::new(),
            c_app_access_point: String::new(),
            directory_perms: "0777".into(),
        }
    }
}

/// `azure`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Azure {
    /// Azure Key Vault access through the secrets-store CSI driver.
    pub key_vault: AzureKeyVault,
}

/// `azure.keyVault`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AzureKeyVault {
    /// Name of the Key Vault.
    pub name: String,
    /// Name of the `SecretProviderClass` the chart creates.
    pub secret_provider_class: String,
    /// Secrets fetched from the Key Vault.
    pub secret_identifiers: AzureSecretIdentifiers,
    /// Azure Active Directory identity used to read the Key Vault.
    pub active_directory: AzureActiveDirectory,
    /// Subscription and resource group of the Key Vault.
    pub resource_manager: AzureResourceManager,
}

/// `azure.keyVault.secretIdentifiers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AzureSecretIdentifiers {
    /// Name of the Key Vault secret holding the internal keystore password.
    pub internal_keystore_password: String,
}

/// `azure.keyVault.activeDirectory`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AzureActiveDirectory {
    /// Service principal the CSI driver signs in with.
    pub service_principal: AzureServicePrincipal,
    /// Tenant ID of the Key Vault.
    pub tenant_id: String,
}

/// `azure.keyVault.activeDirectory.servicePrincipal`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AzureServicePrincipal {
    /// Application (client) ID of the service principal.
    pub app_id: String,
    /// Client secret of the service principal.
    pub client_secret: String,
}

/// `azure.keyVault.resourceManager`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AzureResourceManager {
    /// Subscription ID the Key Vault belongs to.
    pub subscription_id: String,
    /// Resource group the Key Vault belongs to.
    pub resource_group: String,
}

/// `gcp`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Gcp {
    /// Google Secret Manager access through the secrets-store CSI driver.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_manager: Option<GcpSecretManager>,
    /// Filestore volume that holds carbon applications when `wso2.deployment.mountCapps` is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<GcpStorage>,
}

/// `gcp.secretManager`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GcpSecretManager {
    /// Name of the `SecretProviderClass` the chart creates.
    pub secret_provider_class: String,
    /// Kubernetes Secret holding the JSON key of the service account that reads the secrets.
    pub service_account_key_secret: String,
    /// Secrets fetched from Secret Manager.
    pub secret_identifiers: GcpSecretIdentifiers,
}

/// `gcp.secretManager.secretIdentifiers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GcpSecretIdentifiers {
    /// Secret version holding the internal keystore password,
    /// `projects/<project>/secrets/<name>/versions/<version>`.
    pub internal_keystore_password: String,
}

/// `gcp.storage`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GcpStorage {
    /// Size of the carbon applications volume, such as `1Ti`.
    pub capacity: Text,
    /// Storage class name of the volume and its claim.
    pub storage_class: String,
    /// Filestore volume handle, `modeInstance/<zone>/<instance>/<share>`.
    pub volume_handle: String,
    /// Address of the pre-provisioned Filestore share.
    pub volume_attributes: GcpVolumeAttributes,
}

/// `gcp.storage.volumeAttributes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GcpVolumeAttributes {
    /// IP address of the Filestore instance.
    pub ip: String,
    /// Name of the Filestore share.
    pub volume: String,
}

/// `wso2`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Wso2 {
    /// WSO2 subscription credentials for pulling images from the WSO2 registry.
    pub subscription: Subscription,
    /// Ingress settings.
    pub ingress: Ingress,
    /// The Kubernetes Service in front of the pods: its type, annotations, node ports, and
    /// whether it also exposes the HTTP pass-through port.
    pub service: Service,
    /// Micro Integrator server configuration (rendered into `deployment.toml`).
    pub config: Box<crate::config::Config>,
    /// Pod, image and scaling settings.
    pub deployment: crate::deployment::Deployment,
}

/// `wso2.subscription`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Subscription {
    /// WSO2 subscription user name; with `password`, creates an image pull Secret.
    pub username: String,
    /// WSO2 subscription password.
    pub password: String,
}

/// `wso2.ingress`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Ingress {
    /// Create an Ingress for the HTTPS pass-through and management ports.
    pub enabled: bool,
    /// Ingress class that serves the Ingress, such as `nginx` or `alb`.
    pub ingress_class_name: String,
    /// Annotations of the Ingress (controller settings such as the backend protocol). With
    /// `ingressClassName: nginx`, `nginx.ingress.kubernetes.io/backend-protocol: HTTPS` is
    /// added unless this map sets that key, because the routed ports only speak HTTPS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, Text>>,
    /// Secret holding the TLS certificate for `wso2.deployment.hostname` (and `extraHosts`).
    pub tls_secret: String,
    /// More host names on the Ingress, each with its own routes; they are added to its TLS
    /// section too, so the certificate in `tlsSecret` must cover them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_hosts: Option<Vec<IngressHost>>,
    /// A separate Ingress (`<prefix>-http`) for the HTTP pass-through port; needs
    /// `wso2.service.exposeHttp`.
    pub http: HttpIngress,
    /// NGINX request rate limiting, applied when annotations are set.
    pub ratelimit: RateLimit,
    /// A second Ingress exposing the `/healthz` metrics endpoint; created when this is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<MetricsIngress>,
}

impl Default for Ingress {
    fn default() -> Self {
        Ingress {
            enabled: true,
            ingress_class_name: String::new(),
            annotations: None,
            tls_secret: String::new(),
            extra_hosts: None,
            http: HttpIngress::default(),
            ratelimit: RateLimit::default(),
            metrics: None,
        }
    }
}

/// One entry of `wso2.ingress.extraHosts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressHost {
    /// Host name, a lowercase DNS name (a leading `*.` wildcard is allowed).
    pub host: String,
    /// Routes of this host; absent gives the routes of `wso2.deployment.hostname` (`/` to the
    /// HTTPS pass-through port and `/management` to the management port).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<IngressPath>>,
}

/// One route of an extra Ingress host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressPath {
    /// URL path, starting with `/`.
    pub path: String,
    /// How the path matches: `Prefix` (the path and everything below it), `Exact`, or
    /// `ImplementationSpecific` (up to the controller).
    #[serde(default)]
    pub path_type: PathType,
    /// Service port the route goes to: `passThroughHttps` (the integrations) or `management`
    /// (the management API).
    #[serde(default)]
    pub port: IngressPort,
}

/// Ingress path match types Kubernetes accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PathType {
    #[default]
    Prefix,
    Exact,
    ImplementationSpecific,
}

/// The HTTPS Service ports an Ingress route can go to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum IngressPort {
    /// The HTTPS pass-through port (8253 plus the port offset), where integrations are served.
    #[default]
    PassThroughHttps,
    /// The management API port (9164 plus the port offset).
    Management,
}

/// `wso2.ingress.http`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct HttpIngress {
    /// Create the Ingress `<prefix>-http`, which routes `/` on `hostname` to the HTTP
    /// pass-through port (8290 plus the port offset); `wso2.ingress.enabled` does not affect
    /// it.
    pub enabled: bool,
    /// Host name of the HTTP Ingress. It must differ from `wso2.deployment.hostname`, whose
    /// `/` already goes to the HTTPS port.
    pub hostname: String,
    /// Annotations of the HTTP Ingress (those of the main Ingress are not copied; the rate
    /// limit of `wso2.ingress.ratelimit` is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, Text>>,
    /// Secret with a TLS certificate for `hostname`: the controller then terminates TLS and
    /// forwards plain HTTP. Empty leaves out the TLS section, so the host is served over
    /// plain HTTP.
    pub tls_secret: String,
}

/// `wso2.service`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Service {
    /// How the Service is reached: `ClusterIP` (inside the cluster only), `NodePort` (also on a
    /// port of every node) or `LoadBalancer` (also through a load balancer of the cloud).
    #[serde(rename = "type")]
    pub kind: ServiceType,
    /// Annotations of the Service (for example the settings of a cloud load balancer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, Text>>,
    /// Also open the HTTP pass-through port (8290 plus the port offset) on the container and
    /// the Service, as the port named `pass-through-http`.
    pub expose_http: bool,
    /// Node port (30000-32767) of each Service port, for type `NodePort` or `LoadBalancer`; a
    /// port left out gets a free one chosen by Kubernetes.
    pub node_ports: NodePorts,
    /// Client address ranges (CIDR, such as `203.0.113.0/24`) a `LoadBalancer` Service accepts;
    /// absent accepts every client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer_source_ranges: Option<Vec<String>>,
    /// For `NodePort` and `LoadBalancer`: `Local` only sends outside traffic to pods on the
    /// node that received it and keeps the client's address; `Cluster` spreads it over all pods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_traffic_policy: Option<ExternalTrafficPolicy>,
}

/// Service types the chart can create.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ServiceType {
    #[default]
    ClusterIP,
    NodePort,
    LoadBalancer,
}

/// Kubernetes external traffic policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ExternalTrafficPolicy {
    Cluster,
    Local,
}

/// `wso2.service.nodePorts`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct NodePorts {
    /// Node port of the HTTPS pass-through port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pass_through_https: Option<u32>,
    /// Node port of the HTTP pass-through port (needs `wso2.service.exposeHttp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pass_through_http: Option<u32>,
    /// Node port of the management API port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management: Option<u32>,
    /// Node port of the metrics port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<u32>,
    /// Node port of the Synapse unit-test port (needs `wso2.deployment.synapseTest.enabled`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synapse_test: Option<u32>,
}

/// `wso2.ingress.ratelimit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RateLimit {
    /// Add an NGINX `limit_req` snippet to the Ingress.
    pub enabled: bool,
    /// NGINX rate-limit zone (defined in the controller's configuration) to use.
    pub zone_name: String,
    /// Requests allowed to exceed the rate before NGINX answers 429.
    pub burst_limit: Text,
}

/// `wso2.ingress.metrics`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct MetricsIngress {
    /// Annotations of the metrics Ingress.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, Text>>,
}

impl Values {
    /// Typed values from a merged YAML tree; the error carries the values path.
    pub fn from_tree(
        tree: serde_yaml_ng::Value,
    ) -> Result<Values, serde_path_to_error::Error<serde_yaml_ng::Error>> {
        serde_path_to_error::deserialize(tree)
    }

    /// Removes placeholder entries (empty required names), one warning per skipped path.
    pub fn drop_placeholders(&mut self) -> Vec<String> {
        let mut warnings = Vec::new();
        self.wso2.config.drop_placeholders(&mut warnings);
        // Upstream renders these as `name = ""` entries, valid TOML that MI refuses at
        // startup (a handler or transport without a name); see COMPATIBILITY.md.
        self.wso2.config.drop_nameless_entries(&mut warnings);
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULTS: &str = include_str!("../charts/mi/values.yaml");

    fn tree(yaml: &str) -> serde_yaml_ng::Value {
        serde_yaml_ng::from_str(yaml).unwrap()
    }

    fn without_config(v: &Values) -> serde_json::Value {
        let mut json = serde_json::to_value(v).unwrap();
        json["wso2"].as_object_mut().unwrap().remove("config");
        json
    }

    #[test]
    fn chart_defaults_deserialize() {
        let v = Values::from_tree(tree(DEFAULTS)).unwrap();
        assert_eq!(v.provider, Provider::None);
        assert_eq!(v.container_registry, "docker.wso2.com");
        assert!(v.gcp.is_none() && v.aws.storage.is_none());
        assert!(v.wso2.ingress.annotations.is_none() && v.wso2.ingress.metrics.is_none());
        assert!(v.wso2.deployment.envs.is_none());
        assert_eq!(v.wso2.deployment.security_context.run_as_user, 10802);
        assert_eq!(
            v.wso2
                .deployment
                .config_maps
                .entry_point
                .default_mode
                .as_str(),
            "0407"
        );
    }

    #[test]
    fn default_impls_match_the_chart_defaults() {
        let from_file = Values::from_tree(tree(DEFAULTS)).unwrap();
        assert_eq!(
            without_config(&Values::default()),
            without_config(&from_file)
        );
        let empty = Values::from_tree(tree("{}")).unwrap();
        assert_eq!(without_config(&empty), without_config(&from_file));
    }

    #[test]
    fn env_list_and_envs_map_both_parse() {
        let v = Values::from_tree(tree(
            "wso2:\n  deployment:\n    envs:\n      A: x\n\
             \x20   env:\n      - name: B\n        value: y\n",
        ))
        .unwrap();
        let d = &v.wso2.deployment;
        assert_eq!(d.envs.as_ref().unwrap()["A"].as_str(), "x");
        assert_eq!(d.env.as_ref().unwrap()[0].name, "B");
    }

    #[test]
    fn unknown_key_is_refused_with_its_path() {
        let err = Values::from_tree(tree("wso2:\n  ingress:\n    ratelimit:\n      zone: z\n"))
            .unwrap_err();
        assert_eq!(err.path().to_string(), "wso2.ingress.ratelimit.zone");
        assert!(err.to_string().contains("zoneName"), "{err}");
    }

    #[test]
    fn service_and_ingress_additions_parse_and_default_to_nothing() {
        let v = Values::from_tree(tree(DEFAULTS)).unwrap();
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["wso2"]["service"]["type"], "ClusterIP");
        assert_eq!(json["wso2"]["service"]["exposeHttp"], false);
        assert_eq!(json["wso2"]["service"]["nodePorts"], serde_json::json!({}));
        assert!(json["wso2"]["ingress"].get("extraHosts").is_none());
        assert_eq!(json["wso2"]["ingress"]["http"]["enabled"], false);
        let v = Values::from_tree(tree(
            "wso2:\n  ingress:\n    extraHosts:\n      - host: a.example.com\n        \
             paths: [{path: /x, port: management}, {path: /y, pathType: Exact}]\n",
        ))
        .unwrap();
        let paths = v.wso2.ingress.extra_hosts.unwrap()[0]
            .paths
            .clone()
            .unwrap();
        assert_eq!(paths[0].port, IngressPort::Management);
        assert_eq!(paths[0].path_type, PathType::Prefix);
        assert_eq!(paths[1].port, IngressPort::PassThroughHttps);
        let err =
            Values::from_tree(tree("wso2:\n  service:\n    type: ExternalName\n")).unwrap_err();
        assert_eq!(err.path().to_string(), "wso2.service.type");
        let err = Values::from_tree(tree(
            "wso2:\n  service:\n    nodePorts:\n      https: 30000\n",
        ))
        .unwrap_err();
        assert_eq!(err.path().to_string(), "wso2.service.nodePorts.https");
    }

    #[test]
    fn unknown_provider_lists_the_known_ones() {
        let err = Values::from_tree(tree("provider: oracle-cloud\n")).unwrap_err();
        assert_eq!(err.path().to_string(), "provider");
        let msg = err.to_string();
        assert!(
            msg.contains("aws") && msg.contains("azure") && msg.contains("gcp"),
            "{msg}"
        );
    }

    #[test]
    fn serialization_keeps_key_names_and_omits_unset_sections() {
        let v = Values::from_tree(tree(
            "provider: gcp\ncloudName: c\ngcp:\n  storage:\n    capacity: 1Ti\n",
        ))
        .unwrap();
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["provider"], "gcp");
        assert_eq!(json["cloudName"], "c");
        assert_eq!(json["gcp"]["storage"]["capacity"], "1Ti");
        assert!(json["gcp"].get("secretManager").is_none());
        assert!(json.get("nameOverride").is_none());
        assert!(json["aws"].get("storage").is_none());
        assert!(json["wso2"]["ingress"].get("metrics").is_none());
        assert_eq!(json["wso2"]["deployment"]["JKSSecretName"], "");
    }
}
