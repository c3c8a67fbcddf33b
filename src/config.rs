//! `wso2.config`: the typed model of everything that ends up in MI's `deployment.toml` (and the
//! few manifests that depend on it: keystore mounts, `file.properties`, secure vault).
//!
//! Key names are exactly those of the upstream values files, so the serialized model is the
//! template context the upstream chart would see. Keys that the upstream default `values.yaml`
//! sets are plain fields carrying that default; every other key is optional and omitted when
//! absent, because the templates test for presence (`{% if values.wso2.config.coordination %}`).

// Field docs are user-facing text (schema descriptions, values reference) that names products
// such as HashiCorp and RabbitMQ; code-formatting those would only add noise there.
#![allow(clippy::doc_markdown)]

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::scalar::{Scalar, lenient_int, lenient_int_opt};

/// The `wso2.config` subtree: Micro Integrator server configuration.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Config {
    /// Port offset applied to every MI port (the upstream services and ingresses assume 10).
    #[serde(deserialize_with = "lenient_int")]
    #[schemars(schema_with = "crate::schema::lenient_int")]
    pub port_offset: i64,
    /// Super admin account of the MI management API.
    pub admin: Admin,
    /// User store used to authenticate management API and internal API users.
    pub userstore: Userstore,
    /// Secure vault: when enabled, passwords are written as `$secret{...}` references and their values, which must then be encrypted with the cipher tool, go to the `[secrets]` table.
    pub secure_vault: SecureVault,
    /// Keystores of the server (primary and internal), plus the file names of transport keystores mounted from the JKS secret.
    pub key_store: KeyStores,
    /// Truststores of the server, plus the file names of transport truststores mounted from the JKS secret.
    pub trust_store: TrustStores,
    /// Coordination database, needed to run stateful artifacts (tasks, polling inbound endpoints) on several replicas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordination: Option<Coordination>,
    /// Publishing of mediation analytics (`[analytics]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics: Option<Analytics>,
    /// Logging (`log4j2.properties`): levels, correlation logs, the analytics appender and a JSON console layout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging: Option<crate::logging::Logging>,
    /// OpenTelemetry tracing of mediation flows (`[opentelemetry]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opentelemetry: Option<OpenTelemetry>,
    /// Mediation engine tuning (`[mediation]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mediation: Option<Mediation>,
    /// Extra entries of `synapse.properties` (`[synapse_properties]`); values are written verbatim, so a string value needs its own quotes (`'"/home/test"'`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synapse_properties: Option<BTreeMap<String, Scalar>>,
    /// Synapse handlers to engage, each with a name and an implementation class (`[[synapse_handlers]]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synapse_handlers: Option<Vec<SynapseHandler>>,
    /// Message formatters, per content type, used to serialize outgoing messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_formatters: Option<MessageFormatters>,
    /// Message builders, per content type, used to build incoming messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_builders: Option<MessageBuilders>,
    /// Transports: VFS, JNDI, JMS, RabbitMQ and HTTP (blocking and non-blocking).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<Box<Transport>>,
    /// Security of the management API: CORS, JWT token handler and authorization handler.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management_api: Option<ManagementApi>,
    /// Connection to the Integration Control Plane (ICP) dashboard (`[dashboard_config]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icp: Option<Icp>,
    /// Older name of `icp` used in upstream EXAMPLES.md (ignored by the upstream chart); accepted as an alias and moved to `icp` when `icp` is not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard: Option<Icp>,
    /// Publishing of integration services to the API Manager service catalog (`[[service_catalog]]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_catalog: Option<ServiceCatalog>,
    /// Entries of `conf/file.properties`, a file of parameters that synapse configurations can read; the file is created only when this is non-empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_properties: Option<BTreeMap<String, Scalar>>,
    /// External vaults holding secrets referenced from synapse configurations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vault: Option<Vault>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port_offset: 10,
            admin: Admin::default(),
            userstore: Userstore::default(),
            secure_vault: SecureVault::default(),
            key_store: KeyStores::default(),
            trust_store: TrustStores::default(),
            coordination: None,
            analytics: None,
            logging: None,
            opentelemetry: None,
            mediation: None,
            synapse_properties: None,
            synapse_handlers: None,
            message_formatters: None,
            message_builders: None,
            transport: None,
            management_api: None,
            icp: None,
            dashboard: None,
            service_catalog: None,
            file_properties: None,
            vault: None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Admin, user store, secure vault, keystores

/// Super admin account.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Admin {
    /// User name of the super admin.
    pub username: String,
    /// Password of the super admin (moved to the secure vault when it is enabled).
    pub password: String,
    /// Whether MI creates the super admin account in the user store at startup.
    pub create_admin_account: bool,
}

/// User store selection: the file-based store, or an RDBMS or LDAP store when it is disabled.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Userstore {
    /// File-based user store (the MI default).
    pub file: UserstoreFile,
    /// JDBC user store, used when the file-based store is disabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rdbms: Option<Rdbms>,
    /// LDAP user store, used when the file-based store is disabled and no RDBMS store is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ldap: Option<Ldap>,
}

/// File-based user store switch.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct UserstoreFile {
    /// Whether the file-based user store is used; set to false to use `rdbms` or `ldap`.
    pub enabled: bool,
}

impl Default for UserstoreFile {
    fn default() -> Self {
        UserstoreFile { enabled: true }
    }
}

/// A database connection (user store or coordination database).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rdbms {
    /// JDBC URL of the database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Database user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Database password (moved to the secure vault when it is enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// JDBC driver and connection pool settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jdbc: Option<Jdbc>,
}

/// JDBC driver and connection pool.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Jdbc {
    /// Fully qualified class name of the JDBC driver (the driver jar must be in the image).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver: Option<String>,
    /// Connection pool options, written as `pool_options.<name> = <value>` (e.g. `maxActive: 50`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_parameters: Option<BTreeMap<String, Scalar>>,
}

/// LDAP user store (`[user_store]` with an LDAP user store manager).
///
/// The upstream template guards this block with `userstore.ldap` but reads every field from
/// `userStore.ldap`, so upstream never renders these values from this key.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Ldap {
    /// User store type, e.g. `read_only_ldap` or `read_write_ldap`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// User store manager class.
    #[serde(default, rename = "class", skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// LDAP server URL, e.g. `ldap://ldap.example.com:389`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_url: Option<String>,
    /// DN of the user that MI binds as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_name: Option<String>,
    /// Password of the bind user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_password: Option<String>,
    /// Whether to bind anonymously instead of with the connection name and password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_bind: Option<bool>,
    /// DN of the entry under which users are searched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_search_base: Option<String>,
    /// Attribute holding the user name, e.g. `uid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name_attribute: Option<String>,
    /// LDAP filter that finds one user by name, e.g. `(&(objectClass=person)(uid=?))`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name_search_filter: Option<String>,
    /// LDAP filter that lists users, e.g. `(objectClass=person)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name_list_filter: Option<String>,
    /// Attribute shown as the user's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name_attribute: Option<String>,
    /// Whether groups (roles) are read from the LDAP server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_groups: Option<bool>,
    /// DN of the entry under which groups are searched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_search_base: Option<String>,
    /// Attribute holding the group name, e.g. `cn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name_attribute: Option<String>,
    /// LDAP filter that finds one group by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name_search_filter: Option<String>,
    /// LDAP filter that lists groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name_list_filter: Option<String>,
    /// Attribute of a group that lists its members, e.g. `member`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_attribute: Option<String>,
    /// Whether group membership is read from back links (`memberOf`) on the user entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_links_enabled: Option<bool>,
    /// Java regular expression a user name must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_java_regex: Option<String>,
    /// Java regular expression a role name must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolename_java_regex: Option<String>,
    /// Java regular expression a password must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_java_regex: Option<String>,
    /// Whether SCIM is enabled for this user store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scim_enabled: Option<bool>,
    /// Hash method of stored passwords, e.g. `PLAIN_TEXT` or `SHA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash_method: Option<String>,
    /// Separator between the values of a multi-valued attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_attribute_separator: Option<String>,
    /// Maximum number of user names returned by a list operation.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_user_name_list_length: Option<i64>,
    /// Maximum number of role names returned by a list operation.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_role_name_list_length: Option<i64>,
    /// Whether the roles of a user are cached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_roles_cache_enabled: Option<bool>,
    /// Whether LDAP connections are pooled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_pooling_enabled: Option<bool>,
    /// Timeout, in milliseconds, for opening an LDAP connection.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub ldap_connection_timeout: Option<i64>,
    /// Timeout, in milliseconds, for reading an LDAP response.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub read_timeout: Option<i64>,
    /// Number of retries of a failed LDAP operation.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub retry_attempts: Option<i64>,
    /// Whether escape characters in the user name are replaced at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace_escape_characters_at_user_login: Option<bool>,
    /// Whether the user store is read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

/// Secure vault switch.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SecureVault {
    /// Whether passwords are encrypted with the secure vault; the internal keystore password then comes from the cloud provider's secret store. Every password that then goes to the `[secrets]` table of `deployment.toml` must be the cipher tool's output, encrypted with the internal keystore: `michart lint` warns, naming the path, for each one that is empty or does not look encrypted (a heuristic: standard base64 decoding to 128 bytes or more, as RSA output of a 1024-bit or larger key does).
    pub enabled: bool,
}

/// Server keystores.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct KeyStores {
    /// Primary keystore: the server's TLS identity (`[keystore.primary]`).
    pub primary: KeyStore,
    /// Internal keystore: encrypts secrets and signs internal tokens (`[keystore.internal]`).
    pub internal: KeyStore,
    /// Names, inside the JKS secret, of the HTTPS transport keystores to mount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<TransportStoreFiles>,
}

/// A keystore under `repository/resources/security/`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct KeyStore {
    /// File name of the keystore (also the key of the file in the JKS secret, when one is mounted).
    pub file_name: String,
    /// Alias of the private key entry.
    pub alias: String,
    /// Password of the keystore.
    pub password: String,
    /// Password of the private key.
    pub key_password: String,
}

impl Default for KeyStore {
    fn default() -> Self {
        KeyStore {
            file_name: "wso2carbon.jks".into(),
            alias: "wso2carbon".into(),
            password: String::new(),
            key_password: String::new(),
        }
    }
}

/// Server truststores.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct TrustStores {
    /// Primary truststore: the certificates the server trusts (`[truststore]`).
    pub primary: TrustStore,
    /// Names, inside the JKS secret, of the HTTPS transport truststores to mount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport: Option<TransportStoreFiles>,
}

/// A truststore under `repository/resources/security/`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct TrustStore {
    /// File name of the truststore (also the key of the file in the JKS secret, when one is mounted).
    pub file_name: String,
    /// Password of the truststore.
    pub password: String,
}

impl Default for TrustStore {
    fn default() -> Self {
        TrustStore {
            file_name: "client-truststore.jks".into(),
            password: String::new(),
        }
    }
}

/// Files of the HTTPS transport stores inside the JKS secret (`wso2.deployment.JKSSecretName`).
///
/// The upstream chart mounts the file at the path given by
/// `transport.http.nonBlocking.{listener,sender}.{keystore,truststore}.fileName` and takes it
/// from the secret key given here.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransportStoreFiles {
    /// Store used by the HTTPS listener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener: Option<StoreFile>,
    /// Store used by the HTTPS sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<StoreFile>,
}

/// A store file in the JKS secret.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoreFile {
    /// Key of the store file in the JKS secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// External vault, coordination, analytics, tracing

/// External vaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Vault {
    /// HashiCorp Vault (`[[external_vault]]` named `hashicorp`); skipped when it has no address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hashicorp: Option<HashicorpVault>,
}

/// HashiCorp Vault connection; authenticate either with `rootToken` or with `roleId` and `secretId` (AppRole).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HashicorpVault {
    /// URL of the Vault server, e.g. `https://vault.example.com:8200`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Static token used to authenticate (takes precedence over AppRole).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_token: Option<String>,
    /// AppRole role ID, used when no root token is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_id: Option<String>,
    /// AppRole secret ID, used when no root token is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_id: Option<String>,
    /// How long, in milliseconds, secrets fetched from Vault are cached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cacheable_duration: Option<Scalar>,
    /// Version of the Vault KV secrets engine (1 or 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<Scalar>,
    /// Vault namespace applied to every HashiCorp secret lookup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Truststore used for TLS to the Vault server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_store_file: Option<String>,
    /// Keystore used for TLS client authentication to the Vault server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_store_file: Option<String>,
    /// Password of `keyStoreFile`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_store_password: Option<String>,
}

/// Coordination database and cluster node identity.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Coordination {
    /// Unique ID of this node in the cluster (`[cluster_config] node_id`), e.g. `$env{POD_NAME}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
    /// Coordination database (`WSO2_COORDINATION_DB` datasource).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rdbms: Option<Rdbms>,
}

/// Mediation analytics (`[analytics]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Analytics {
    /// Whether analytics data is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Publisher type: `log` (to the log, e.g. for ELK) or `databridge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Identifier published with every event, e.g. `$env{POD_NAME}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Prefix of the log lines carrying analytics data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Whether API analytics are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_analytics: Option<bool>,
    /// Whether proxy service analytics are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_service_analytics: Option<bool>,
    /// Whether sequence analytics are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_analytics: Option<bool>,
    /// Whether endpoint analytics are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_analytics: Option<bool>,
}

/// OpenTelemetry tracing (`[opentelemetry]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenTelemetry {
    /// Whether tracing is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Whether spans are also written to the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logs: Option<bool>,
    /// Tracing backend: `jaeger`, `zipkin`, `log` or `otlp`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Host name of the tracing backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Port of the tracing backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Scalar>,
    /// URL of the tracing backend, instead of `host` and `port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Mediation

/// Mediation engine settings (`[mediation]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Mediation {
    /// Synapse engine settings (`synapse.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synapse: Option<MediationSynapse>,
    /// Cleanup of collected statistics (`statistics.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<MediationStatistics>,
    /// Flow statistics and message tracing (`flow.statistics.*`, `stat.tracer.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<MediationFlow>,
    /// Inbound endpoint worker pool (`inbound.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound: Option<MediationInbound>,
    /// Whether the internal HTTP APIs are enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_http_api_enable: Option<bool>,
    /// Port of the internal HTTP APIs.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub internal_http_api_port: Option<i64>,
    /// Port of the internal HTTPS APIs.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub internal_https_api_port: Option<i64>,
}

/// Synapse engine settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MediationSynapse {
    /// Core size of the mediation worker pool.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub core_threads: Option<i64>,
    /// Maximum size of the mediation worker pool.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_threads: Option<i64>,
    /// Length of the mediation worker queue.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub threads_queue_length: Option<i64>,
    /// Interval, in milliseconds, at which timed-out callbacks are cleaned up.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub global_timeout_interval: Option<i64>,
    /// Whether XPath evaluation falls back to DOM when the streaming evaluator fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_xpath_dom_failover: Option<bool>,
    /// Chunk size, in bytes, of temporary data buffers.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub temp_data_chunk_size: Option<i64>,
    /// Port of the mediation debugger's command channel.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub command_debugger_port: Option<i64>,
    /// Port of the mediation debugger's event channel.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub event_debugger_port: Option<i64>,
    /// Number of script engines kept for the Script mediator.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub script_mediator_pool_size: Option<i64>,
    /// Whether `xsi:nil` XML elements become JSON nulls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_xml_nil: Option<bool>,
    /// Regular expression of values that must not be converted to JSON primitives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_auto_primitive_regex: Option<String>,
    /// Token that marks a value as not to be converted by custom replacement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_custom_replace_regex: Option<String>,
    /// Whether namespace declarations are kept when converting XML to JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_namespace_declaration: Option<bool>,
    /// Whether JSON keys are turned into valid XML NCNames when converting JSON to XML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_valid_nc_name: Option<bool>,
    /// Whether numeric and boolean strings become JSON primitives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_auto_primitive: Option<bool>,
    /// Whether single repeated XML elements become one-item JSON arrays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_out_auto_array: Option<bool>,
    /// Whether namespace prefixes are kept in JSON keys when converting XML to JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preserve_namespace_on_xml_to_json: Option<bool>,
}

/// Cleanup of collected statistics.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MediationStatistics {
    /// Whether old statistics are cleaned up periodically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_clean: Option<bool>,
    /// Interval, in milliseconds, between statistics cleanups.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub clean_interval: Option<i64>,
}

/// Flow statistics and tracing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MediationFlow {
    /// Collection of mediation flow statistics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<FlowStatistics>,
    /// What tracing records about each message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracer: Option<FlowTracer>,
}

/// Collection of mediation flow statistics.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowStatistics {
    /// Whether flow statistics are collected (needed for analytics).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Whether statistics are collected for every artifact, not only those that enable it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_all: Option<bool>,
}

/// What tracing records about each message.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowTracer {
    /// Whether message payloads are recorded in traces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collect_payloads: Option<bool>,
    /// Whether message context properties are recorded in traces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collect_mediation_properties: Option<bool>,
}

/// Inbound endpoint worker pool.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MediationInbound {
    /// Core size of the inbound endpoint worker pool.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub core_threads: Option<i64>,
    /// Maximum size of the inbound endpoint worker pool.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_threads: Option<i64>,
    /// Whether the port offset is added to inbound endpoint ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_offset_enable: Option<bool>,
}

/// A synapse handler.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SynapseHandler {
    /// Name of the handler.
    pub name: String,
    /// Fully qualified implementation class of the handler.
    #[serde(rename = "class")]
    pub class: String,
}

// ---------------------------------------------------------------------------------------------
// Message formatters and builders

/// Message formatters.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageFormatters {
    /// Formatters of the non-blocking (pass-through) HTTP transport (`[message_formatters]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_blocking: Option<FormatterClasses>,
    /// Formatters of the blocking HTTP transport (`[blocking.message_formatters]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocking: Option<FormatterClasses>,
    /// Formatters for further content types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<CustomContentTypes>,
}

/// Formatter class per well-known content type.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormatterClasses {
    /// Formatter of `application/x-www-form-urlencoded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_urlencoded: Option<String>,
    /// Formatter of `multipart/form-data`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multipart_form_data: Option<String>,
    /// Formatter of `application/xml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_xml: Option<String>,
    /// Formatter of `text/xml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_xml: Option<String>,
    /// Formatter of `application/soap+xml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soap_xml: Option<String>,
    /// Formatter of `text/plain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_plain: Option<String>,
    /// Formatter of `application/json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_json: Option<String>,
    /// Formatter of `application/json/badgerfish`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_badgerfish: Option<String>,
    /// Formatter of `text/javascript`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_javascript: Option<String>,
    /// Formatter of `application/octet-stream`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub octet_stream: Option<String>,
    /// Formatter of `application/binary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_binary: Option<String>,
}

/// Message builders.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageBuilders {
    /// Builders of the non-blocking (pass-through) HTTP transport (`[message_builders]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_blocking: Option<BuilderClasses>,
    /// Builders of the blocking HTTP transport (`[blocking.message_builders]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocking: Option<BuilderClasses>,
    /// Builders for further content types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<CustomContentTypes>,
}

/// Builder class per well-known content type.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuilderClasses {
    /// Builder of `application/xml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_xml: Option<String>,
    /// Builder of `application/x-www-form-urlencoded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_urlencoded: Option<String>,
    /// Builder of `multipart/form-data`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multipart_form_data: Option<String>,
    /// Builder of `text/plain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_plain: Option<String>,
    /// Builder of `application/json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_json: Option<String>,
    /// Builder of `application/json/badgerfish`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_badgerfish: Option<String>,
    /// Builder of `text/javascript`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_javascript: Option<String>,
    /// Builder of `application/octet-stream`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub octet_stream: Option<String>,
    /// Builder of `application/binary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_binary: Option<String>,
}

/// Formatters or builders for further content types.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomContentTypes {
    /// Entries for the non-blocking (pass-through) HTTP transport.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_blocking: Option<Vec<ContentTypeClass>>,
    /// Entries for the blocking HTTP transport.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocking: Option<Vec<ContentTypeClass>>,
}

/// An implementation class bound to a content type.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContentTypeClass {
    /// Content type the class handles, e.g. `application/ld+json`.
    pub content_type: String,
    /// Fully qualified implementation class.
    #[serde(rename = "class")]
    pub class: String,
}

// ---------------------------------------------------------------------------------------------
// Transports

/// Transports.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Transport {
    /// VFS (file) transport (`[transport.vfs]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vfs: Option<VfsTransport>,
    /// JNDI names of JMS connection factories, queues and topics (`[transport.jndi.*]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jndi: Option<JndiTransport>,
    /// JMS senders and listeners (`[transport.jms]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jms: Option<MessagingTransport>,
    /// RabbitMQ senders and listeners (`[transport.rabbitmq]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rabbitmq: Option<MessagingTransport>,
    /// HTTP transports (`[transport.http]` and `[transport.http.blocking]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpTransport>,
    /// Switch the upstream template checks (instead of `http.nonBlocking`) before writing HTTPS transport store passwords to the secure-vault `[secrets]` table; has no other effect in the upstream chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_blocking: Option<bool>,
}

/// VFS transport.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VfsTransport {
    /// VFS listener (polls files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener: Option<VfsListener>,
    /// VFS sender (writes files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<VfsSender>,
}

/// VFS listener.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VfsListener {
    /// Whether the VFS listener is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Keystore for FTPS connections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keystore: Option<VfsKeystore>,
    /// Further listener parameters, written as `listener.parameter.<name> = <value>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_parameters: Option<BTreeMap<String, Scalar>>,
}

/// VFS sender.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VfsSender {
    /// Whether the VFS sender is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Further sender parameters, written as `sender.parameter.<name> = <value>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_parameters: Option<BTreeMap<String, Scalar>>,
}

/// Keystore of the VFS listener.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VfsKeystore {
    /// File name of the keystore under `repository/resources/security/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Keystore type, e.g. `JKS` or `PKCS12`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Password of the keystore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Password of the private key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_password: Option<String>,
    /// Alias of the private key entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

/// JNDI names for the JMS transport.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JndiTransport {
    /// JMS connection factories by JNDI name; entries with an empty name are skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_factories: Option<Vec<JndiConnectionFactory>>,
    /// JMS queues by JNDI name; entries with an empty JNDI name are skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<Vec<JndiDestination>>,
    /// JMS topics by JNDI name; entries with an empty JNDI name are skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Vec<JndiDestination>>,
}

/// A JMS connection factory.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JndiConnectionFactory {
    /// JNDI name of the connection factory.
    pub name: String,
    /// Broker URL of the connection factory.
    #[serde(default)]
    pub url: String,
}

/// A JMS queue or topic.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JndiDestination {
    /// JNDI name of the destination.
    pub jndi_name: String,
    /// Name of the destination in the broker.
    #[serde(default)]
    pub physical_name: String,
}

/// Senders and listeners of a messaging transport (JMS or RabbitMQ).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessagingTransport {
    /// Senders; the sender is enabled when this list is non-empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Vec<TransportConnection>>,
    /// Listeners; the listener is enabled when this list is non-empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener: Option<Vec<TransportConnection>>,
}

/// A named sender or listener of a messaging transport.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransportConnection {
    /// Name that artifacts use to refer to this sender or listener, e.g. `AMQPConnectionFactory`.
    pub name: String,
    /// Transport parameters, written as `parameter.<name> = <value>` (e.g. `provider_url`, `hostname`, `port`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<BTreeMap<String, Scalar>>,
}

/// HTTP transports.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpTransport {
    /// Blocking HTTP transport, used by `callout` and blocking calls (`[transport.http.blocking]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocking: Option<HttpBlocking>,
    /// Non-blocking (pass-through) HTTP/HTTPS transport (`[transport.http]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_blocking: Option<HttpNonBlocking>,
}

/// Blocking HTTP transport.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpBlocking {
    /// Blocking HTTP listener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener: Option<HttpBlockingListener>,
    /// Blocking HTTP sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<HttpBlockingSender>,
}

/// Blocking HTTP listener.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpBlockingListener {
    /// Whether the listener is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Port of the listener.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub port: Option<i64>,
    /// Host name the listener reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Value of the `Server` response header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_server: Option<String>,
    /// Request timeout in milliseconds (empty keeps MI's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_timeout: Option<Scalar>,
    /// Whether `TCP_NODELAY` is set on accepted connections (empty keeps MI's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_tcp_no_delay: Option<Scalar>,
    /// Core size of the request thread pool (empty keeps MI's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_core_thread_pool_size: Option<Scalar>,
    /// Maximum size of the request thread pool (empty keeps MI's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_max_thread_pool_size: Option<Scalar>,
    /// Keep-alive time of idle request threads (empty keeps MI's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_keepalive_time: Option<Scalar>,
    /// Unit of `threadKeepaliveTime`, e.g. `SECONDS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_keepalive_time_unit: Option<String>,
}

/// Blocking HTTP sender.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpBlockingSender {
    /// Whether the HTTP sender is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Whether HTTP clients are cached and reused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_client_caching: Option<bool>,
    /// Transfer encoding of HTTP requests, e.g. `chunked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_encoding: Option<String>,
    /// Maximum connections per host for HTTP.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub default_connections_per_host: Option<i64>,
    /// Whether the SOAP 1.2 `action` is left out of the HTTP content type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub omit_soap12_action: Option<bool>,
    /// Socket timeout for HTTP, in milliseconds.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub so_timeout: Option<i64>,
    /// Proxy host for HTTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_host: Option<String>,
    /// Proxy port for HTTP.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub proxy_port: Option<i64>,
    /// Whether the HTTPS sender is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_enable: Option<bool>,
    /// Whether HTTPS clients are cached and reused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_enable_client_caching: Option<bool>,
    /// Transfer encoding of HTTPS requests, e.g. `chunked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_transfer_encoding: Option<String>,
    /// Maximum connections per host for HTTPS.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub secured_default_connections_per_host: Option<i64>,
    /// Whether the SOAP 1.2 `action` is left out of the HTTPS content type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_omit_soap12_action: Option<bool>,
    /// Socket timeout for HTTPS, in milliseconds.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub secured_so_timeout: Option<i64>,
    /// Proxy host for HTTPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_proxy_host: Option<String>,
    /// Proxy port for HTTPS.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub secured_proxy_port: Option<i64>,
}

/// Non-blocking (pass-through) HTTP transport.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpNonBlocking {
    /// Maximum inactivity, in milliseconds, between two packets of a connection.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub socket_timeout: Option<i64>,
    /// Core size of the worker pool.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub core_worker_pool_size: Option<i64>,
    /// Maximum size of the worker pool.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_worker_pool_size: Option<i64>,
    /// Length of the worker queue (-1 for unbounded).
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub worker_pool_queue_length: Option<i64>,
    /// Size, in bytes, of the buffer used to read from sockets.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub io_buffer_size: Option<i64>,
    /// Maximum connections per backend host and port.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_http_connection_per_host_port: Option<i64>,
    /// Whether the client's `User-Agent` header is passed to the backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preserve_http_user_agent: Option<bool>,
    /// Whether the backend's `Server` header is passed to the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preserve_http_server_name: Option<bool>,
    /// Headers passed through unchanged, e.g. `Content-Type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preserve_http_headers: Option<Vec<String>>,
    /// Whether backend connections are closed after each request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_connection_keepalive: Option<bool>,
    /// Whether payloads larger than `maxMessageSizeBytes` are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_message_size_validation: Option<bool>,
    /// Largest accepted payload, in bytes, when message size validation is enabled.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_message_size_bytes: Option<i64>,
    /// Maximum simultaneously open connections (-1 for no limit).
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_open_connections: Option<i64>,
    /// Whether incoming XML is fully parsed to reject malformed documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_xml_validation: Option<bool>,
    /// Whether incoming JSON is fully parsed to reject malformed documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_json_validation: Option<bool>,
    /// Whether the transport runs in reverse proxy mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverse_proxy_mode: Option<bool>,
    /// HTTP/HTTPS listener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener: Option<HttpNonBlockingListener>,
    /// HTTP/HTTPS sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<HttpNonBlockingSender>,
}

/// Non-blocking HTTP/HTTPS listener.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpNonBlockingListener {
    /// Whether the HTTP listener is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Port of the HTTP listener (before the port offset).
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub port: Option<i64>,
    /// Prefix of endpoint URLs in generated WSDLs for HTTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsdl_epr_prefix: Option<String>,
    /// Address the HTTP listener binds to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_address: Option<String>,
    /// Whether the HTTPS listener is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_enable: Option<bool>,
    /// Port of the HTTPS listener (before the port offset).
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub secured_port: Option<i64>,
    /// Prefix of endpoint URLs in generated WSDLs for HTTPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_wsdl_epr_prefix: Option<String>,
    /// Address the HTTPS listener binds to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_bind_address: Option<String>,
    /// Comma-separated TLS protocols the HTTPS listener accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_protocols: Option<String>,
    /// Client certificate policy: `require`, `optional` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_client: Option<String>,
    /// Comma-separated cipher suites the HTTPS listener prefers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_ciphers: Option<String>,
    /// Whether client certificates are checked for revocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_revocation_verifier_enable: Option<bool>,
    /// Size of the certificate revocation cache.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub certificate_revocation_cache_size: Option<i64>,
    /// Lifetime, in minutes, of certificate revocation cache entries.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub certificate_revocation_cache_delay: Option<i64>,
    /// Dynamic SSL profiles of the HTTPS listener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_profile: Option<SslProfile>,
    /// Keystore of the HTTPS listener (its password moves to the secure vault when enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keystore: Option<TransportKeystore>,
    /// Truststore of the HTTPS listener (its password moves to the secure vault when enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truststore: Option<TransportTruststore>,
}

/// Non-blocking HTTP/HTTPS sender.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpNonBlockingSender {
    /// Whether the sender is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Whether HTTP 500 responses are logged as warnings (`*` or a list of content types).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn_on_http500: Option<String>,
    /// Proxy host for HTTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_host: Option<String>,
    /// Proxy port for HTTP.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub proxy_port: Option<i64>,
    /// Proxy host for HTTPS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_proxy_host: Option<String>,
    /// Proxy port for HTTPS.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub secured_proxy_port: Option<i64>,
    /// Hosts reached without the proxy, separated by `|`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_proxy_hosts: Option<String>,
    /// Host name verification: `DefaultAndLocalhost`, `Strict` or `AllowAll`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname_verifier: Option<String>,
    /// Comma-separated TLS protocols the HTTPS sender uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_protocols: Option<String>,
    /// Whether server certificates are checked for revocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_revocation_verifier_enable: Option<bool>,
    /// Size of the certificate revocation cache.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub certificate_revocation_cache_size: Option<i64>,
    /// Lifetime, in minutes, of certificate revocation cache entries.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub certificate_revocation_cache_delay: Option<i64>,
    /// Whether the HTTPS sender is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_enable: Option<bool>,
    /// Dynamic SSL profiles of the HTTPS sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_profile: Option<SslProfile>,
    /// Keystore of the HTTPS sender (its password moves to the secure vault when enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keystore: Option<TransportKeystore>,
    /// Truststore of the HTTPS sender (its password moves to the secure vault when enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truststore: Option<TransportTruststore>,
}

/// Dynamic SSL profiles, reloaded from a file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SslProfile {
    /// Path, relative to the MI home, of the SSL profiles file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_path: Option<String>,
    /// Interval, in milliseconds, at which the profiles file is re-read.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub read_interval: Option<i64>,
}

/// Keystore of an HTTPS listener or sender.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransportKeystore {
    /// File name of the keystore under `repository/resources/security/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Keystore type, e.g. `JKS` or `PKCS12`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Password of the keystore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Password of the private key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_password: Option<String>,
}

/// Truststore of an HTTPS listener or sender.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransportTruststore {
    /// File name of the truststore under `repository/resources/security/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Truststore type, e.g. `JKS` or `PKCS12`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Password of the truststore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Management API, ICP, service catalog

/// Management API security (`[management_api.*]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManagementApi {
    /// CORS policy of the management API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<Cors>,
    /// Authorization handler: which resources need an admin role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_handler: Option<AuthorizationHandler>,
    /// JWT token handler issuing and checking management API tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_token_security_handler: Option<JwtTokenSecurityHandler>,
}

/// CORS policy of the management API.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cors {
    /// Whether CORS headers are sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Comma-separated allowed origins, or `*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<String>,
    /// Comma-separated allowed request headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_headers: Option<String>,
}

/// Authorization handler of the management API.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizationHandler {
    /// Whether the authorization handler is engaged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Further resource paths that need an admin role, e.g. `/users`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
}

/// JWT token handler of the management API.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JwtTokenSecurityHandler {
    /// Whether the JWT token handler is engaged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// In-memory token store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_store_config: Option<TokenStoreConfig>,
    /// Issued tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_config: Option<TokenConfig>,
}

/// In-memory token store of the JWT handler.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenStoreConfig {
    /// Maximum number of tokens kept.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_size: Option<i64>,
    /// Interval, in seconds, between removals of expired tokens.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub clean_up_interval: Option<i64>,
    /// Whether the oldest token is dropped when the store is full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove_oldest_token_on_overflow: Option<bool>,
}

/// Tokens issued by the JWT handler.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenConfig {
    /// Token lifetime in seconds.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub expiry: Option<i64>,
    /// Key size, in bits, used to sign tokens.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub size: Option<i64>,
}

/// Connection to the Integration Control Plane (`[dashboard_config]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Icp {
    /// URL of the ICP API, e.g. `https://icp:9743/dashboard/api/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Seconds between two heartbeats sent to the ICP.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub heartbeat_interval: Option<i64>,
    /// Group the node belongs to in the ICP; defaults to the release name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// ID of the node in the ICP; defaults to the pod name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
    /// Host name the ICP uses to reach this node's management API (a service or ingress host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_hostname: Option<String>,
    /// Port the ICP uses to reach this node's management API.
    #[schemars(schema_with = "crate::schema::lenient_int_opt")]
    #[serde(
        default,
        deserialize_with = "lenient_int_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub management_port: Option<i64>,
}

/// Publishing to the API Manager service catalog.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceCatalog {
    /// Whether integration services are published to the service catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// URL of the API Manager, e.g. `https://apim:9443`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apim_host: Option<String>,
    /// User name for the API Manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Password for the API Manager (moved to the secure vault when it is enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Placeholder cleanup

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Removes the entries of `list` whose `key` field is blank, one warning per entry, naming the
/// entry by its index in the list as the user wrote it.
fn drop_blank<T>(
    list: &mut Option<Vec<T>>,
    path: &str,
    key: &str,
    get: impl Fn(&T) -> &str,
    warnings: &mut Vec<String>,
) {
    let Some(items) = list else { return };
    let mut index = 0;
    items.retain(|item| {
        let keep = !is_blank(get(item));
        if !keep {
            warnings.push(format!(
                "{path}[{index}]: skipped: `{key}` is empty (placeholder entry)"
            ));
        }
        index += 1;
        keep
    });
}

impl Config {
    /// Removes placeholder entries that would render invalid configuration, pushing one warning
    /// per skipped values path, and resolves the `dashboard` alias of `icp`.
    ///
    /// Upstream's `values_full.yaml` lists JNDI entries with empty names (they become
    /// ` = ""` lines) and a HashiCorp Vault without an address (`address = `); both are
    /// skipped here.
    pub fn drop_placeholders(&mut self, warnings: &mut Vec<String>) {
        if let Some(jndi) = self.transport.as_mut().and_then(|t| t.jndi.as_mut()) {
            let base = "wso2.config.transport.jndi";
            drop_blank(
                &mut jndi.connection_factories,
                &format!("{base}.connectionFactories"),
                "name",
                |e| &e.name,
                warnings,
            );
            drop_blank(
                &mut jndi.queue,
                &format!("{base}.queue"),
                "jndiName",
                |e| &e.jndi_name,
                warnings,
            );
            drop_blank(
                &mut jndi.topic,
                &format!("{base}.topic"),
                "jndiName",
                |e| &e.jndi_name,
                warnings,
            );
        }

        let vault_without_address = self
            .vault
            .as_ref()
            .and_then(|v| v.hashicorp.as_ref())
            .is_some_and(|h| h.address.as_deref().is_none_or(is_blank));
        if vault_without_address {
            warnings.push(
                "wso2.config.vault.hashicorp: skipped: `address` is empty (placeholder entry)"
                    .to_owned(),
            );
            self.vault = None;
        }

        if self.icp.is_none() && self.dashboard.is_some() {
            self.icp = self.dashboard.take();
            warnings.push(
                "wso2.config.dashboard is an alias of wso2.config.icp; using it as wso2.config.icp"
                    .to_owned(),
            );
        }
    }

    /// Removes list entries whose required name is empty from the JMS and RabbitMQ transports,
    /// the synapse handlers and the custom message formatters and builders, pushing one warning
    /// per skipped values path.
    ///
    /// Kept apart from [`Config::drop_placeholders`] because upstream renders these entries as
    /// valid (if useless) TOML, e.g. `[[transport.jms.sender]]` with `name = ""`, and the
    /// reference output of upstream's `values_full.yaml` contains them.
    pub fn drop_nameless_entries(&mut self, warnings: &mut Vec<String>) {
        if let Some(transport) = self.transport.as_mut() {
            for (kind, messaging) in [
                ("jms", &mut transport.jms),
                ("rabbitmq", &mut transport.rabbitmq),
            ] {
                let Some(messaging) = messaging.as_mut() else {
                    continue;
                };
                let base = format!("wso2.config.transport.{kind}");
                drop_blank(
                    &mut messaging.sender,
                    &format!("{base}.sender"),
                    "name",
                    |e| &e.name,
                    warnings,
                );
                drop_blank(
                    &mut messaging.listener,
                    &format!("{base}.listener"),
                    "name",
                    |e| &e.name,
                    warnings,
                );
            }
        }

        if let Some(handlers) = self.synapse_handlers.as_mut() {
            let mut index = 0;
            handlers.retain(|h| {
                let missing = if is_blank(&h.name) {
                    Some("name")
                } else if is_blank(&h.class) {
                    Some("class")
                } else {
                    None
                };
                if let Some(key) = missing {
                    warnings.push(format!(
                        "wso2.config.synapseHandlers[{index}]: skipped: `{key}` is empty (placeholder entry)"
                    ));
                }
                index += 1;
                missing.is_none()
            });
        }
        self.drop_nameless_content_types(warnings);
    }

    fn drop_nameless_content_types(&mut self, warnings: &mut Vec<String>) {
        let formatters = self
            .message_formatters
            .as_mut()
            .and_then(|m| m.custom.as_mut());
        let builders = self
            .message_builders
            .as_mut()
            .and_then(|m| m.custom.as_mut());
        for (kind, custom) in [
            ("messageFormatters", formatters),
            ("messageBuilders", builders),
        ] {
            let Some(custom) = custom else { continue };
            for (mode, list) in [
                ("nonBlocking", &mut custom.non_blocking),
                ("blocking", &mut custom.blocking),
            ] {
                let Some(items) = list else { continue };
                let mut index = 0;
                items.retain(|e| {
                    let missing = if is_blank(&e.content_type) {
                        Some("contentType")
                    } else if is_blank(&e.class) {
                        Some("class")
                    } else {
                        None
                    };
                    if let Some(key) = missing {
                        warnings.push(format!(
                            "wso2.config.{kind}.custom.{mode}[{index}]: skipped: `{key}` is empty (placeholder entry)"
                        ));
                    }
                    index += 1;
                    missing.is_none()
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Result<Config, String> {
        let de = serde_yaml_ng::Deserializer::from_str(yaml);
        serde_path_to_error::deserialize(de).map_err(|e| format!("{}: {}", e.path(), e.inner()))
    }

    fn to_yaml(config: &Config) -> serde_yaml_ng::Value {
        serde_yaml_ng::to_value(config).unwrap()
    }

    #[test]
    fn empty_config_has_upstream_defaults() {
        let config = parse("{}").unwrap();
        assert_eq!(config.port_offset, 10);
        assert!(config.userstore.file.enabled);
        assert_eq!(config.key_store.primary.file_name, "wso2carbon.jks");
        assert_eq!(config.key_store.internal.alias, "wso2carbon");
        assert_eq!(
            config.trust_store.primary.file_name,
            "client-truststore.jks"
        );
        let out = to_yaml(&config);
        let keys: Vec<_> = out
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            keys,
            [
                "portOffset",
                "admin",
                "userstore",
                "secureVault",
                "keyStore",
                "trustStore"
            ]
        );
    }

    const FULL: &str = r#"
portOffset: "20"
admin: {username: admin, password: secret, createAdminAccount: true}
userstore:
  file: {enabled: false}
  rdbms:
    url: jdbc:postgresql://db:5432/users
    username: mi
    password: pw
    jdbc:
      driver: org.postgresql.Driver
      poolParameters: {maxActive: 50, validationQuery: SELECT 1, testOnBorrow: true}
  ldap:
    type: read_write_ldap
    class: org.example.LdapManager
    connectionUrl: ldap://ldap:389
    anonymousBind: false
    maxUserNameListLength: "100"
    readTimeout:
    retryAttempts: 3
    readOnly: true
secureVault: {enabled: true}
keyStore:
  primary: {fileName: a.jks, alias: a, password: p, keyPassword: k}
  internal: {password: p2}
  transport:
    listener: {fileName: listener.jks}
    sender: {fileName: sender.jks}
trustStore:
  primary: {password: t}
  transport:
    listener: {fileName: listener-trust.jks}
coordination:
  nodeId: $env{POD_NAME}
  rdbms: {url: jdbc:mysql://db/c, username: u, password: p, jdbc: {driver: com.mysql.cj.jdbc.Driver, poolParameters: }}
analytics: {enabled: true, publisher: log, id: x, prefix: P, apiAnalytics: true, proxyServiceAnalytics: false, sequenceAnalytics: true, endpointAnalytics: true}
opentelemetry: {enable: true, logs: true, type: otlp, host: otel, port: 4317, url: }
mediation:
  synapse: {coreThreads: 20, maxThreads: 100, threadsQueueLength: 10, globalTimeoutInterval: 120000, enableXpathDomFailover: true, tempDataChunkSize: 3072, commandDebuggerPort: 9005, eventDebuggerPort: 9006, scriptMediatorPoolSize: 15, enableXmlNil: false, disableAutoPrimitiveRegex: "^x$", disableCustomReplaceRegex: "@@@", enableNamespaceDeclaration: false, buildValidNcName: false, enableAutoPrimitive: false, jsonOutAutoArray: false, preserveNamespaceOnXmlToJson: false}
  statistics: {enableClean: true, cleanInterval: 1000}
  flow:
    statistics: {enable: true, captureAll: true}
    tracer: {collectPayloads: true, collectMediationProperties: false}
  inbound: {coreThreads: 20, maxThreads: 100, portOffsetEnable: false}
  internalHttpApiEnable: true
  internalHttpApiPort: 9191
  internalHttpsApiPort: 9154
synapseProperties: {synapse.a.b: true, template.path: '"/x"'}
synapseHandlers: [{name: H, class: org.example.H}]
messageFormatters:
  nonBlocking: {formUrlencoded: F, multipartFormData: F, applicationXml: F, textXml: F, soapXml: F, textPlain: F, applicationJson: F, jsonBadgerfish: F, textJavascript: F, octetStream: F, applicationBinary: F}
  blocking: {applicationJson: F}
  custom:
    nonBlocking: [{contentType: application/ld+json, class: org.example.F}]
    blocking: []
messageBuilders:
  nonBlocking: {applicationXml: B, formUrlencoded: B, multipartFormData: B, textPlain: B, applicationJson: B, jsonBadgerfish: B, textJavascript: B, octetStream: B, applicationBinary: B}
  blocking: {textPlain: B}
  custom: {blocking: [{contentType: text/csv, class: org.example.B}]}
transport:
  nonBlocking: true
  vfs:
    listener:
      enable: true
      keystore: {fileName: v.jks, type: JKS, password: p, keyPassword: k, alias: v}
      customParameters: {transport.vfs.Locking: disable, retries: 3}
    sender: {enable: true, customParameters: }
  jndi:
    connectionFactories: [{name: QCF, url: amqp://broker}]
    queue: [{jndiName: Q, physicalName: q}]
    topic: [{jndiName: T, physicalName: t}]
  jms:
    sender: [{name: default, parameters: {initial_naming_factory: F, session_transaction: true}}]
    listener: [{name: default, parameters: {provider_url: tcp://b:61616}}]
  rabbitmq:
    listener: [{name: AMQPConnectionFactory, parameters: {hostname: rmq, port: 5672}}]
    sender: [{name: S, parameters: }]
  http:
    blocking:
      listener: {enable: true, port: 8280, hostname: "", originServer: "", requestTimeout: "", requestTcpNoDelay: true, requestCoreThreadPoolSize: 10, requestMaxThreadPoolSize: "20", threadKeepaliveTime: "", threadKeepaliveTimeUnit: SECONDS}
      sender: {enable: true, enableClientCaching: true, transferEncoding: chunked, defaultConnectionsPerHost: 200, omitSoap12Action: true, soTimeout: 60000, proxyHost: "", proxyPort: , securedEnable: true, securedEnableClientCaching: true, securedTransferEncoding: chunked, securedDefaultConnectionsPerHost: 200, securedOmitSoap12Action: true, securedSoTimeout: 60000, securedProxyHost: "", securedProxyPort: 3128}
    nonBlocking:
      socketTimeout: 180000
      coreWorkerPoolSize: 400
      maxWorkerPoolSize: 400
      workerPoolQueueLength: -1
      ioBufferSize: 16384
      maxHttpConnectionPerHostPort: 32767
      preserveHttpUserAgent: false
      preserveHttpServerName: true
      preserveHttpHeaders: [Content-Type]
      disableConnectionKeepalive: false
      enableMessageSizeValidation: false
      maxMessageSizeBytes: 2147483647
      maxOpenConnections: -1
      forceXmlValidation: false
      forceJsonValidation: false
      reverseProxyMode: false
      listener: {enable: true, port: 8280, wsdlEprPrefix: "", bindAddress: "", securedEnable: true, securedPort: 8243, securedWsdlEprPrefix: "", securedBindAddress: "", securedProtocols: TLSv1.2, verifyClient: require, preferredCiphers: X, certificateRevocationVerifierEnable: false, certificateRevocationCacheSize: 1024, certificateRevocationCacheDelay: 1000, sslProfile: {filePath: conf/l.xml, readInterval: 30000}, keystore: {fileName: l.jks, type: JKS, password: p, keyPassword: k}, truststore: {fileName: t.jks, type: JKS, password: p}}
      sender: {enable: true, warnOnHttp500: "*", proxyHost: "", proxyPort: , securedProxyHost: "", securedProxyPort: , nonProxyHosts: "", hostnameVerifier: Strict, securedProtocols: "", certificateRevocationVerifierEnable: false, certificateRevocationCacheSize: 1024, certificateRevocationCacheDelay: 1000, securedEnable: true, sslProfile: {filePath: conf/s.xml, readInterval: 30000}, keystore: {fileName: s.jks}, truststore: {fileName: st.jks, password: p}}
managementApi:
  cors: {enabled: true, allowedOrigins: "*", allowedHeaders: "Authorization, Content-Type"}
  authorizationHandler: {enable: true, resources: [/users]}
  jwtTokenSecurityHandler:
    enable: true
    tokenStoreConfig: {maxSize: 200, cleanUpInterval: 600, removeOldestTokenOnOverflow: true}
    tokenConfig: {expiry: 3600, size: 2048}
icp: {url: "https://icp:9743/dashboard/api/", heartbeatInterval: 5, groupId: g, nodeId: n, managementHostname: mi, managementPort: 9164}
serviceCatalog: {enabled: true, apimHost: "https://apim:9443", username: admin, password: admin}
fileProperties: {prop1: value1, prop2: 2}
vault:
  hashicorp: {address: "https://vault:8200", rootToken: , roleId: r, secretId: s, cacheableDuration: 15000, engineVersion: 2, namespace: ns, trustStoreFile: t.jks, keyStoreFile: k.jks, keyStorePassword: p}
"#;

    #[test]
    fn full_featured_config_round_trips() {
        let config = parse(FULL).unwrap();
        assert_eq!(config.port_offset, 20);
        let ldap = config.userstore.ldap.as_ref().unwrap();
        assert_eq!(ldap.max_user_name_list_length, Some(100));
        assert_eq!(ldap.read_timeout, None);
        let http = config.transport.as_ref().unwrap().http.as_ref().unwrap();
        let listener = http.blocking.as_ref().unwrap().listener.as_ref().unwrap();
        assert_eq!(
            listener.request_timeout,
            Some(Scalar::String(String::new()))
        );
        assert_eq!(
            listener.request_max_thread_pool_size,
            Some(Scalar::String("20".into()))
        );

        let out = to_yaml(&config);
        let get = |path: &str| {
            path.split('.')
                .try_fold(&out, |node, key| node.get(key))
                .cloned()
        };
        // Upstream key spellings survive serialization.
        assert_eq!(
            get("userstore.ldap.class").unwrap(),
            "org.example.LdapManager"
        );
        assert_eq!(get("userstore.ldap.type").unwrap(), "read_write_ldap");
        assert!(get("transport.http.nonBlocking.sender.warnOnHttp500").is_some());
        assert_eq!(get("synapseHandlers").unwrap()[0]["class"], "org.example.H");
        assert_eq!(get("opentelemetry.port").unwrap(), 4317);
        // Null and absent keys are omitted.
        assert!(get("userstore.ldap.readTimeout").is_none());
        assert!(get("opentelemetry.url").is_none());
        assert!(get("vault.hashicorp.rootToken").is_none());
        assert!(get("dashboard").is_none());

        let again: Config = serde_yaml_ng::from_value(out.clone()).unwrap();
        assert_eq!(to_yaml(&again), out);
    }

    #[test]
    fn unknown_keys_are_refused_with_their_path() {
        let refusal = |yaml: &str| {
            let de = serde_yaml_ng::Deserializer::from_str(yaml);
            let err = serde_path_to_error::deserialize::<_, Config>(de).unwrap_err();
            (err.path().to_string(), err.inner().to_string())
        };

        let (path, message) = refusal("userStore:\n  ldap: {}\n");
        assert_eq!(path, "userStore");
        assert!(message.contains("unknown field `userStore`"), "{message}");

        let (path, message) =
            refusal("transport:\n  http:\n    nonBlocking:\n      listener: {prot: 1}\n");
        assert_eq!(path, "transport.http.nonBlocking.listener.prot");
        assert!(message.contains("unknown field `prot`"), "{message}");

        let (path, _) = refusal("icp: {heartbeatInterval: soon}");
        assert_eq!(path, "icp.heartbeatInterval");
    }

    #[test]
    fn placeholders_are_dropped_with_one_warning_each() {
        let mut config = parse(
            r#"
transport:
  jndi:
    connectionFactories: [{name: "", url: ""}, {name: QCF, url: "amqp://b"}]
    queue: [{jndiName: "", physicalName: ""}]
    topic: [{jndiName: " ", physicalName: x}]
  jms:
    sender: [{name: "", parameters: {provider_url: ""}}]
vault:
  hashicorp: {address: , cacheableDuration: 15000, engineVersion: 2}
synapseHandlers: [{name: "", class: ""}]
"#,
        )
        .unwrap();
        let mut warnings = Vec::new();
        config.drop_placeholders(&mut warnings);
        assert_eq!(
            warnings,
            [
                "wso2.config.transport.jndi.connectionFactories[0]: skipped: `name` is empty (placeholder entry)",
                "wso2.config.transport.jndi.queue[0]: skipped: `jndiName` is empty (placeholder entry)",
                "wso2.config.transport.jndi.topic[0]: skipped: `jndiName` is empty (placeholder entry)",
                "wso2.config.vault.hashicorp: skipped: `address` is empty (placeholder entry)",
            ]
        );
        let jndi = config.transport.as_ref().unwrap().jndi.as_ref().unwrap();
        let factories = jndi.connection_factories.as_ref().unwrap();
        assert_eq!(factories.len(), 1);
        assert_eq!(factories[0].name, "QCF");
        assert!(jndi.queue.as_ref().unwrap().is_empty());
        assert!(config.vault.is_none());
        // Upstream renders these as valid TOML, so drop_placeholders keeps them.
        assert_eq!(config.synapse_handlers.as_ref().unwrap().len(), 1);
        let jms = config.transport.as_ref().unwrap().jms.as_ref().unwrap();
        assert_eq!(jms.sender.as_ref().unwrap().len(), 1);
    }

    #[test]
    fn nameless_entries_are_dropped_on_request() {
        let mut config = parse(
            r#"
transport:
  jms:
    sender: [{name: "", parameters: {provider_url: ""}}, {name: ok}]
    listener: [{name: ""}]
  rabbitmq:
    sender: [{name: "", parameters: }]
synapseHandlers: [{name: H, class: ""}, {name: G, class: org.G}]
messageFormatters:
  custom:
    nonBlocking: [{contentType: "", class: ""}]
messageBuilders:
  custom:
    blocking: [{contentType: text/csv, class: org.B}, {contentType: "", class: org.B}]
"#,
        )
        .unwrap();
        let mut warnings = Vec::new();
        config.drop_nameless_entries(&mut warnings);
        assert_eq!(
            warnings,
            [
                "wso2.config.transport.jms.sender[0]: skipped: `name` is empty (placeholder entry)",
                "wso2.config.transport.jms.listener[0]: skipped: `name` is empty (placeholder entry)",
                "wso2.config.transport.rabbitmq.sender[0]: skipped: `name` is empty (placeholder entry)",
                "wso2.config.synapseHandlers[0]: skipped: `class` is empty (placeholder entry)",
                "wso2.config.messageFormatters.custom.nonBlocking[0]: skipped: `contentType` is empty (placeholder entry)",
                "wso2.config.messageBuilders.custom.blocking[1]: skipped: `contentType` is empty (placeholder entry)",
            ]
        );
        let handlers = config.synapse_handlers.as_ref().unwrap();
        assert_eq!(handlers.len(), 1);
        assert_eq!(handlers[0].name, "G");
    }

    #[test]
    fn vault_with_address_is_kept() {
        let mut config =
            parse("vault:\n  hashicorp: {address: 'https://v:8200', rootToken: t}\n").unwrap();
        let mut warnings = Vec::new();
        config.drop_placeholders(&mut warnings);
        assert!(warnings.is_empty());
        assert!(config.vault.unwrap().hashicorp.is_some());
    }

    #[test]
    fn dashboard_is_an_alias_of_icp() {
        let mut config = parse("dashboard: {url: 'https://dash:9743/dashboard/api/'}").unwrap();
        let mut warnings = Vec::new();
        config.drop_placeholders(&mut warnings);
        assert_eq!(
            warnings,
            ["wso2.config.dashboard is an alias of wso2.config.icp; using it as wso2.config.icp"]
        );
        assert!(config.dashboard.is_none());
        assert_eq!(
            config.icp.unwrap().url.as_deref(),
            Some("https://dash:9743/dashboard/api/")
        );

        // When both are set, icp wins and dashboard stays for a later check to report.
        let mut config = parse("icp: {url: a}\ndashboard: {url: b}").unwrap();
        let mut warnings = Vec::new();
        config.drop_placeholders(&mut warnings);
        assert!(warnings.is_empty());
        assert_eq!(config.icp.unwrap().url.as_deref(), Some("a"));
        assert!(config.dashboard.is_some());
    }
}
