//! Hostile strings round-trip: a string placed in a values file comes out of the render
//! exactly as it went in, read back by a YAML parser (manifests), a TOML parser
//! (`deployment.toml`) or a Java `.properties` reader (`file.properties`).
//!
//! Each case writes a values file (the strings serialized by `serde_yaml_ng`, so the input
//! is exact), renders it through the library and parses the printed output.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use michart::chart::Chart;
use michart::renderer::{Release, Rendered, Renderer};
use michart::value_layers::ValueLayers;
use proptest::prelude::*;
use serde_json::Value as Json;
use serde_yaml_ng::{Mapping, Value as Yaml};

fn chart() -> &'static Chart {
    static CHART: OnceLock<Chart> = OnceLock::new();
    CHART.get_or_init(|| Chart::load("mi").unwrap())
}

fn renderer() -> &'static Renderer<'static> {
    static RENDERER: OnceLock<Renderer<'static>> = OnceLock::new();
    RENDERER.get_or_init(|| Renderer::new(chart()).unwrap())
}

/// The same chart with its templates interpreted by minijinja instead of compiled.
fn interpreter() -> &'static Renderer<'static> {
    static CHART: OnceLock<Chart> = OnceLock::new();
    static RENDERER: OnceLock<Renderer<'static>> = OnceLock::new();
    let chart = CHART.get_or_init(|| chart().interpreted());
    RENDERER.get_or_init(|| Renderer::new(chart).unwrap())
}

fn render(values: &Yaml) -> anyhow::Result<Rendered> {
    let text = serde_yaml_ng::to_string(values).unwrap();
    let chart = chart();
    let mut layers = ValueLayers::defaults(chart)?;
    layers.add_text("hostile.yaml", text)?;
    let release = Release {
        name: "dev-mi".into(),
        namespace: "mi-test".into(),
    };
    let compiled = michart::render_with(renderer(), &layers, &release, &mut |_| {});
    let interpreted = michart::render_with(interpreter(), &layers, &release, &mut |_| {});
    // Hostile strings must mean the same to both ways of running the templates.
    match (&compiled, &interpreted) {
        (Ok(a), Ok(b)) => assert_eq!(
            michart::output::to_text(a, &[]).unwrap(),
            michart::output::to_text(b, &[]).unwrap()
        ),
        (a, b) => assert_eq!(
            a.as_ref().map(|_| ()).map_err(|e| format!("{e:#}")),
            b.as_ref().map(|_| ()).map_err(|e| format!("{e:#}"))
        ),
    }
    compiled
}

/// The objects of the printed multi-document stream, parsed again from the text.
fn objects(rendered: &Rendered) -> Vec<Json> {
    use serde::Deserialize;
    let text = michart::output::to_text(rendered, &[]).unwrap();
    serde_yaml_ng::Deserializer::from_str(&text)
        .map(|doc| Json::deserialize(doc).unwrap())
        .collect()
}

fn object<'a>(objects: &'a [Json], kind: &str, name: &str) -> &'a Json {
    objects
        .iter()
        .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} {name}"))
}

fn config_file<'a>(objects: &'a [Json], configmap: &str, file: &str) -> &'a str {
    object(objects, "ConfigMap", &format!("cloud-dev-mi-{configmap}"))["data"][file]
        .as_str()
        .unwrap()
}

/// Builds a YAML map from `(path, value)` pairs, creating the maps on the way.
fn tree(entries: Vec<(&str, Yaml)>) -> Yaml {
    let mut root = Yaml::Mapping(Mapping::new());
    for (path, value) in entries {
        let mut node = &mut root;
        let keys: Vec<&str> = path.split('.').collect();
        for key in &keys[..keys.len() - 1] {
            let map = node.as_mapping_mut().unwrap();
            node = map
                .entry(Yaml::from(*key))
                .or_insert_with(|| Yaml::Mapping(Mapping::new()));
        }
        node.as_mapping_mut()
            .unwrap()
            .insert(Yaml::from(keys[keys.len() - 1]), value);
    }
    root
}

fn s(v: &str) -> Yaml {
    Yaml::String(v.to_owned())
}

fn map(entries: &[(&str, &str)]) -> Yaml {
    Yaml::Mapping(entries.iter().map(|(k, v)| (s(k), s(v))).collect())
}

// ---------------------------------------------------------------------------------------------
// Java .properties, read the way java.util.Properties.load(InputStream) reads it.

/// Parses a `.properties` file as Java does: ISO-8859-1 bytes, `\` line continuations,
/// `#`/`!` comments, key ended by an unescaped `=`, `:` or white space, escapes
/// `\t \n \r \f \uXXXX` (UTF-16 units, so surrogate pairs combine) and `\x` -> `x`.
fn read_properties(text: &str) -> BTreeMap<String, String> {
    let chars: Vec<u16> = text.bytes().map(u16::from).collect();
    let mut out = BTreeMap::new();
    for line in logical_lines(&chars) {
        let mut i = 0;
        let (key, value) = {
            let mut key = Vec::new();
            while i < line.len() {
                let c = line[i];
                if c == u16::from(b'\\') {
                    key.push(c);
                    if i + 1 < line.len() {
                        key.push(line[i + 1]);
                    }
                    i += 2;
                    continue;
                }
                if c == u16::from(b'=') || c == u16::from(b':') || is_ws(c) {
                    break;
                }
                key.push(c);
                i += 1;
            }
            while i < line.len() && is_ws(line[i]) {
                i += 1;
            }
            if i < line.len() && (line[i] == u16::from(b'=') || line[i] == u16::from(b':')) {
                i += 1;
            }
            while i < line.len() && is_ws(line[i]) {
                i += 1;
            }
            (unescape(&key), unescape(&line[i.min(line.len())..]))
        };
        out.insert(key, value);
    }
    out
}

fn is_ws(c: u16) -> bool {
    c == u16::from(b' ') || c == u16::from(b'\t') || c == 0x0c
}

/// Natural lines joined into logical lines, comments and blank lines dropped, leading
/// white space removed.
fn logical_lines(chars: &[u16]) -> Vec<Vec<u16>> {
    let mut natural: Vec<&[u16]> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == u16::from(b'\n') || chars[i] == u16::from(b'\r') {
            natural.push(&chars[start..i]);
            if chars[i] == u16::from(b'\r') && chars.get(i + 1) == Some(&u16::from(b'\n')) {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < chars.len() {
        natural.push(&chars[start..]);
    }
    let mut lines = Vec::new();
    let mut current: Option<Vec<u16>> = None;
    for raw in natural {
        let trimmed: Vec<u16> = raw.iter().copied().skip_while(|c| is_ws(*c)).collect();
        let continuing = current.is_some();
        if !continuing
            && (trimmed.is_empty()
                || trimmed[0] == u16::from(b'#')
                || trimmed[0] == u16::from(b'!'))
        {
            continue;
        }
        let trailing = trimmed
            .iter()
            .rev()
            .take_while(|c| **c == u16::from(b'\\'))
            .count();
        let mut line = current.take().unwrap_or_default();
        if trailing % 2 == 1 {
            line.extend_from_slice(&trimmed[..trimmed.len() - 1]);
            current = Some(line);
        } else {
            line.extend_from_slice(&trimmed);
            lines.push(line);
        }
    }
    if let Some(line) = current {
        lines.push(line);
    }
    lines
}

fn unescape(s: &[u16]) -> String {
    let mut units = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] != u16::from(b'\\') || i + 1 == s.len() {
            units.push(s[i]);
            i += 1;
            continue;
        }
        let c = s[i + 1];
        i += 2;
        units.push(match u8::try_from(c).map(char::from) {
            Ok('t') => u16::from(b'\t'),
            Ok('n') => u16::from(b'\n'),
            Ok('r') => u16::from(b'\r'),
            Ok('f') => 0x0c,
            Ok('u') => {
                let hex = String::from_utf16(&s[i..i + 4]).unwrap();
                i += 4;
                u16::from_str_radix(&hex, 16).expect("malformed \\uXXXX")
            }
            _ => c,
        });
    }
    String::from_utf16(&units).expect("unpaired surrogate")
}

#[test]
fn the_properties_reader_reads_java_syntax() {
    let text = "# c\n  ! c2\na=1\nb : 2\nc\\ d\\=e\\:f = \\ x\\\\y\\\n    z\n\
                g\\u00e9=\\uD83D\\uDE00\\t\nh\n\\#i=\\!j\r\nk=l\\\r\n  m";
    let props = read_properties(text);
    let expect: BTreeMap<String, String> = [
        ("a", "1"),
        ("b", "2"),
        ("c d=e:f", " x\\yz"),
        ("gé", "😀\t"),
        ("h", ""),
        ("#i", "!j"),
        ("k", "lm"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(props, expect);
}

// ---------------------------------------------------------------------------------------------
// Strategies

/// Pieces that change meaning in at least one of the output formats.
const TRICKY: &[&str] = &[
    "\"",
    "'",
    "\\",
    "\\\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\u{fffe}",
    "{{ x }}",
    "{{",
    "}}",
    "{% if %}",
    "{%",
    "%}",
    "{#",
    "#",
    " #",
    "!",
    ": ",
    ":",
    "=",
    " ",
    "  ",
    "- ",
    "? ",
    "---",
    "...",
    "&a",
    "*a",
    "|",
    ">",
    "@",
    "`",
    "%",
    "$",
    "${X}",
    "$secret{a}",
    "yes",
    "no",
    "on",
    "true",
    "False",
    "null",
    "~",
    "NULL",
    "0777",
    "0o17",
    "0x1F",
    "1e3",
    "-.inf",
    ".nan",
    "1_0",
    "12:30",
    "2001-12-14",
    "\\u0041",
    "\\n",
    "\\t",
    "é",
    "✓",
    "日本",
    "😀",
    "\u{10ffff}",
    "[",
    "]",
    "{",
    "}",
    ",",
    "<",
    ">",
    "&",
    "<secret_key>",
];

/// Strings mixing the tricky pieces with arbitrary characters (control characters,
/// surrogate-pair characters, any plane), and sometimes fully arbitrary ones.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(TRICKY).prop_map(str::to_owned),
        2 => any::<char>().prop_map(String::from),
        1 => "[a-z]{1,6}",
    ];
    prop_oneof![
        4 => prop::collection::vec(piece, 0..8).prop_map(|v| v.concat()),
        1 => prop::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
    ]
}

// ---------------------------------------------------------------------------------------------
// Properties

/// One hostile string per field, rendered together (one render checks them all).
#[derive(Debug, Clone)]
struct Fields {
    env_map: String,
    env_list: String,
    annotation: String,
    annotation_key: String,
    pod_annotation: String,
    admin_password: String,
    keystore_password: String,
    key_password: String,
    internal_keystore_password: String,
    truststore_password: String,
    keystore_alias: String,
    db_password: String,
    db_url: String,
    vault_token: String,
    vault_address: String,
    property_key: String,
    property_value: String,
    handler_name: String,
    handler_class: String,
}

fn fields() -> impl Strategy<Value = Fields> {
    // A vault without a token (nor AppRole) is refused by validation: blank tokens are
    // left out, for that field only.
    let token = hostile().prop_filter("blank vault token", |t| !t.trim().is_empty());
    // Tuples implement Strategy up to 12 items, hence two groups.
    (
        (
            hostile(),
            hostile(),
            hostile(),
            hostile(),
            hostile(),
            hostile(),
            hostile(),
            hostile(),
            hostile(),
            hostile(),
        ),
        (
            hostile(),
            hostile(),
            hostile(),
            token,
            hostile(),
            hostile(),
            hostile(),
            hostile(),
            hostile(),
        ),
    )
        .prop_map(|(a, b)| Fields {
            env_map: a.0,
            env_list: a.1,
            annotation: a.2,
            annotation_key: a.3,
            pod_annotation: a.4,
            admin_password: a.5,
            keystore_password: a.6,
            key_password: a.7,
            internal_keystore_password: a.8,
            truststore_password: a.9,
            keystore_alias: b.0,
            db_password: b.1,
            db_url: b.2,
            vault_token: b.3,
            vault_address: b.4,
            property_key: b.5,
            property_value: b.6,
            handler_name: b.7,
            handler_class: b.8,
        })
}

fn values(f: &Fields) -> Yaml {
    tree(vec![
        ("wso2.deployment.envs", map(&[("HOSTILE", &f.env_map)])),
        (
            "wso2.deployment.env",
            Yaml::Sequence(vec![map(&[("name", "LISTED"), ("value", &f.env_list)])]),
        ),
        (
            "wso2.deployment.annotations",
            map(&[("example.com/pod", &f.pod_annotation)]),
        ),
        ("wso2.ingress.enabled", Yaml::Bool(true)),
        (
            "wso2.ingress.annotations",
            map(&[
                ("example.com/fixed", &f.annotation),
                // The fixed key sorts first unless this one sorts before it; both must survive.
                (&format!("z/{}", f.annotation_key), "k"),
            ]),
        ),
        ("wso2.config.admin.password", s(&f.admin_password)),
        (
            "wso2.config.keyStore.primary.password",
            s(&f.keystore_password),
        ),
        (
            "wso2.config.keyStore.primary.keyPassword",
            s(&f.key_password),
        ),
        ("wso2.config.keyStore.primary.alias", s(&f.keystore_alias)),
        (
            "wso2.config.keyStore.internal.password",
            s(&f.internal_keystore_password),
        ),
        (
            "wso2.config.trustStore.primary.password",
            s(&f.truststore_password),
        ),
        ("wso2.config.userstore.file.enabled", Yaml::Bool(false)),
        ("wso2.config.userstore.rdbms.url", s(&f.db_url)),
        ("wso2.config.userstore.rdbms.username", s("mi")),
        ("wso2.config.userstore.rdbms.password", s(&f.db_password)),
        (
            "wso2.config.userstore.rdbms.jdbc.driver",
            s("org.postgresql.Driver"),
        ),
        // Validation wants an http(s) URL; everything after the scheme is hostile.
        (
            "wso2.config.vault.hashicorp.address",
            s(&format!("https://{}", f.vault_address)),
        ),
        ("wso2.config.vault.hashicorp.rootToken", s(&f.vault_token)),
        (
            "wso2.config.fileProperties",
            map(&[("fixed.key", &f.property_value), (&f.property_key, "v")]),
        ),
        (
            "wso2.config.synapseHandlers",
            Yaml::Sequence(vec![map(&[
                ("name", &f.handler_name),
                ("class", &f.handler_class),
            ])]),
        ),
    ])
}

fn env_value<'a>(deployment: &'a Json, name: &str) -> &'a Json {
    let env = deployment["spec"]["template"]["spec"]["containers"][0]["env"]
        .as_array()
        .unwrap();
    &env.iter().find(|e| e["name"] == name).unwrap()["value"]
}

fn check_fields(f: &Fields) -> Result<(), TestCaseError> {
    let rendered = render(&values(f)).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    let objects = objects(&rendered);

    let deployment = object(&objects, "Deployment", "cloud-dev-mi");
    prop_assert_eq!(env_value(deployment, "HOSTILE"), &f.env_map);
    prop_assert_eq!(env_value(deployment, "LISTED"), &f.env_list);
    prop_assert_eq!(
        &deployment["spec"]["template"]["metadata"]["annotations"]["example.com/pod"],
        &f.pod_annotation
    );

    let ingress = object(&objects, "Ingress", "cloud-dev-mi");
    let annotations = &ingress["metadata"]["annotations"];
    prop_assert_eq!(&annotations["example.com/fixed"], &f.annotation);
    prop_assert_eq!(
        &annotations[format!("z/{}", f.annotation_key).as_str()],
        "k"
    );

    let toml: toml::Table = toml::from_str(config_file(&objects, "mi-toml", "deployment.toml"))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let at = |path: &str| -> Option<&str> {
        let mut node = toml.get(path.split('.').next().unwrap())?;
        for key in path.split('.').skip(1) {
            node = match key.parse::<usize>() {
                Ok(i) => node.as_array()?.get(i)?,
                Err(_) => node.get(key)?,
            };
        }
        node.as_str()
    };
    prop_assert_eq!(at("super_admin.password"), Some(f.admin_password.as_str()));
    prop_assert_eq!(
        at("keystore.primary.password"),
        Some(f.keystore_password.as_str())
    );
    prop_assert_eq!(
        at("keystore.primary.key_password"),
        Some(f.key_password.as_str())
    );
    prop_assert_eq!(
        at("keystore.primary.alias"),
        Some(f.keystore_alias.as_str())
    );
    prop_assert_eq!(
        at("keystore.internal.password"),
        Some(f.internal_keystore_password.as_str())
    );
    prop_assert_eq!(
        at("truststore.password"),
        Some(f.truststore_password.as_str())
    );
    prop_assert_eq!(at("datasource.0.id"), Some("WSO2CarbonDB"));
    prop_assert_eq!(at("datasource.0.url"), Some(f.db_url.as_str()));
    prop_assert_eq!(at("datasource.0.password"), Some(f.db_password.as_str()));

    let address = format!("https://{}", f.vault_address);
    prop_assert_eq!(at("external_vault.0.address"), Some(address.as_str()));
    prop_assert_eq!(
        at("external_vault.0.rootToken"),
        Some(f.vault_token.as_str())
    );

    // A handler without a name or class is a placeholder the chart drops (with a warning).
    if f.handler_name.trim().is_empty() || f.handler_class.trim().is_empty() {
        prop_assert!(toml.get("synapse_handlers").is_none());
    } else {
        prop_assert_eq!(at("synapse_handlers.0.name"), Some(f.handler_name.as_str()));
        prop_assert_eq!(
            at("synapse_handlers.0.class"),
            Some(f.handler_class.as_str())
        );
    }

    let props = read_properties(config_file(
        &objects,
        "mi-file-properties",
        "file.properties",
    ));
    let mut expect = BTreeMap::from([("fixed.key".to_owned(), f.property_value.clone())]);
    expect.insert(f.property_key.clone(), "v".to_owned());
    prop_assert_eq!(props, expect);
    Ok(())
}

proptest! {
    // One render checks 19 strings across YAML, TOML and .properties. Proptest's default of
    // 256 cases (about 4,900 round trips) keeps `cargo test` fast; PROPTEST_CASES=5000 runs
    // a longer search.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_string_field_round_trips(f in fields()) {
        check_fields(&f)?;
    }
}

/// The named strings of the issue, each placed in every field at once.
#[test]
fn the_listed_hostile_strings_round_trip() {
    for hostile in [
        "quo\"te",
        "it's",
        "back\\slash",
        "new\nline",
        "tab\there",
        "{{ values }}",
        "{% if x %}y{% endif %}",
        "# not a comment",
        "key: value",
        " leading and trailing ",
        "yes",
        "null",
        "0777",
        "1e3",
        "\\u0041",
        "naïve ✓ 日本 😀",
        "\u{1}\u{1f}\u{7f}\u{85}\u{2028}",
    ] {
        let f = Fields {
            env_map: hostile.into(),
            env_list: hostile.into(),
            annotation: hostile.into(),
            annotation_key: hostile.into(),
            pod_annotation: hostile.into(),
            admin_password: hostile.into(),
            keystore_password: hostile.into(),
            key_password: hostile.into(),
            internal_keystore_password: hostile.into(),
            truststore_password: hostile.into(),
            keystore_alias: hostile.into(),
            db_password: hostile.into(),
            db_url: hostile.into(),
            vault_token: hostile.into(),
            vault_address: hostile.into(),
            property_key: hostile.into(),
            property_value: hostile.into(),
            handler_name: hostile.into(),
            handler_class: hostile.into(),
        };
        check_fields(&f).unwrap_or_else(|e| panic!("{hostile:?}: {e}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// The host name goes to `deployment.toml` and to both Ingress host fields. A name the
    /// chart refuses (if it validates host names) must be refused with a message naming
    /// the field; any name it accepts must round-trip.
    #[test]
    fn hostnames_round_trip_or_are_refused(host in hostile()) {
        let v = tree(vec![
            ("wso2.deployment.hostname", s(&host)),
            ("wso2.ingress.enabled", Yaml::Bool(true)),
        ]);
        let rendered = match render(&v) {
            Ok(r) => r,
            Err(e) => {
                let msg = format!("{e:#}");
                prop_assert!(msg.contains("hostname"), "{}", msg);
                // Refused by validation: nothing to round-trip.
                return Ok(());
            }
        };
        let objects = objects(&rendered);
        let ingress = object(&objects, "Ingress", "cloud-dev-mi");
        prop_assert_eq!(&ingress["spec"]["rules"][0]["host"], &host);
        prop_assert_eq!(&ingress["spec"]["tls"][0]["hosts"][0], &host);
        let toml: toml::Table =
            toml::from_str(config_file(&objects, "mi-toml", "deployment.toml")).unwrap();
        prop_assert_eq!(toml["server"]["hostname"].as_str(), Some(host.as_str()));
    }
}

/// The user's strings in the pod options: service account annotations, and the keys and
/// values of the Kubernetes objects written out whole (containers, `envFrom`).
fn check_pod_options(text: &str) -> Result<(), TestCaseError> {
    let mut containers: Yaml =
        serde_yaml_ng::from_str("- {name: side, image: busybox, env: [{name: E}]}").unwrap();
    containers[0]["args"] = Yaml::Sequence(vec![s(text)]);
    containers[0]["env"][0]["value"] = s(text);
    containers[0]["resources"] = tree(vec![("limits", map(&[(text, "1")]))]);
    let mut init = containers.clone();
    init[0]["name"] = s("init");
    let v = tree(vec![
        ("wso2.deployment.serviceAccount.create", Yaml::Bool(true)),
        (
            "wso2.deployment.serviceAccount.annotations",
            map(&[("example.com/role", text)]),
        ),
        ("wso2.deployment.extraContainers", containers),
        ("wso2.deployment.initContainers", init),
        (
            "wso2.deployment.envFrom",
            Yaml::Sequence(vec![tree(vec![
                ("configMapRef.name", s("settings")),
                ("prefix", s(text)),
            ])]),
        ),
    ]);
    let rendered = render(&v).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    let objects = objects(&rendered);
    let account = object(&objects, "ServiceAccount", "cloud-dev-mi");
    prop_assert_eq!(
        &account["metadata"]["annotations"]["example.com/role"],
        text
    );
    let pod = &object(&objects, "Deployment", "cloud-dev-mi")["spec"]["template"]["spec"];
    prop_assert_eq!(&pod["containers"][0]["envFrom"][0]["prefix"], text);
    for c in [&pod["containers"][1], &pod["initContainers"][0]] {
        prop_assert_eq!(&c["args"][0], text);
        prop_assert_eq!(&c["env"][0]["value"], text);
        prop_assert_eq!(&c["resources"]["limits"][text], "1");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn pod_option_strings_round_trip(text in hostile()) {
        check_pod_options(&text)?;
    }
}

#[test]
fn the_listed_hostile_strings_round_trip_in_pod_options() {
    for hostile in [
        "quo\"te",
        "new\nline",
        "{{ values }}",
        "key: value",
        "yes",
        "null",
        "- a",
    ] {
        check_pod_options(hostile).unwrap_or_else(|e| panic!("{hostile:?}: {e}"));
    }
}
