//! The checked-output step: nothing is printed that Kubernetes or MI would read
//! differently from what the templates meant. A failure here is a bug in the chart.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::Path;

use anyhow::{Result, bail};
use foldhash::fast::FixedState;
use k8s_openapi::api::{apps, autoscaling, core, networking, policy, storage};
// memchr's portable search (see Cargo.toml for why not its default one).
use memchr::arch::all::memchr::{Three, Two};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::renderer::{Manifest, Rendered};
use crate::same_tree::SameTree;

/// Checks every manifest and configuration file of a render.
pub fn check(rendered: &Rendered) -> Result<()> {
    let mut problems = manifest_problems(rendered);
    problems.extend(file_problems(&rendered.chart, &rendered.files));
    verdict(&problems)
}

/// What is wrong with the manifests of a render, one line each.
pub fn manifest_problems(rendered: &Rendered) -> Vec<String> {
    let mut problems = Vec::new();
    for m in &rendered.manifests {
        if let Err(e) = check_manifest(m) {
            problems.push(format!(
                "{}/templates/{} ({} {}): {e}",
                rendered.chart,
                m.template,
                m.kind(),
                m.name()
            ));
        }
    }
    let mut seen = BTreeMap::new();
    for m in &rendered.manifests {
        if let Some(first) = seen.insert((m.kind(), m.name()), &m.template) {
            problems.push(format!(
                "{} {} is rendered twice ({first} and {})",
                m.kind(),
                m.name(),
                m.template
            ));
        }
    }
    problems
}

/// What is wrong with the configuration files of a render, one line each.
pub fn file_problems(chart: &str, files: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, text) in files {
        let result = if Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        {
            // The parse alone finds syntax errors and repeated keys and tables (a test
            // below makes sure); nothing reads the tree it builds.
            toml::de::DeTable::parse(text)
                .map(drop)
                .map_err(|e| e.to_string())
        } else if name == "log4j2.properties" {
            check_log4j2(text)
        } else {
            Ok(())
        };
        if let Err(e) = result {
            problems.push(format!("{chart}/config/{name}: {e}"));
        }
    }
    problems
}

/// The check's outcome from all the problems found.
pub fn verdict(problems: &[String]) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    bail!(
        "internal error: the rendered output failed its checks, so nothing was printed. \
         This is a bug in the chart templates; please report it with your values.\n  {}",
        problems.join("\n  ")
    )
}

fn check_manifest(m: &Manifest) -> Result<(), String> {
    let (api, kind) = (m.api_version(), m.kind());
    if api.is_empty() || kind.is_empty() || m.name().is_empty() {
        return Err("apiVersion, kind and metadata.name are required".into());
    }
    // Nearly every object reads straight from its text into its type. The rest, and every
    // object with a problem, go through a JSON tree, which says what is wrong.
    if read_typed::<str, FromText>(api, kind, &m.text).is_ok() {
        return Ok(());
    }
    // Parsed as YAML values first: YAML refuses a repeated key, as kubectl does, where a
    // JSON tree keeps the last.
    let object = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&m.text)
        .and_then(serde_yaml_ng::from_value::<Value>)
        .map_err(|e| format!("not valid YAML: {e}"))?;
    check_object::<RoundTrip>(api, kind, &object)
}

fn check_object<R: ReadBack<Value>>(api: &str, kind: &str, obj: &Value) -> Result<(), String> {
    // Kubernetes reads a null as an absent field, as k8s-openapi does; without nulls (the
    // usual case) the object is checked as it is, without a copy.
    let without_nulls;
    let obj = if has_nulls(obj) {
        without_nulls = drop_nulls(obj);
        &without_nulls
    } else {
        obj
    };
    read_typed::<Value, R>(api, kind, obj)
}

/// Reads `input` as the k8s-openapi type of `api` and `kind` the way `R` does.
fn read_typed<I: ?Sized, R: ReadBack<I>>(api: &str, kind: &str, input: &I) -> Result<(), String> {
    match (api, kind) {
        ("v1", "ConfigMap") => R::read::<core::v1::ConfigMap>(input),
        ("v1", "Secret") => R::read::<core::v1::Secret>(input),
        ("v1", "Service") => R::read::<core::v1::Service>(input),
        ("v1", "PersistentVolume") => R::read::<core::v1::PersistentVolume>(input),
        ("v1", "PersistentVolumeClaim") => R::read::<core::v1::PersistentVolumeClaim>(input),
        ("v1", "ServiceAccount") => R::read::<core::v1::ServiceAccount>(input),
        ("apps/v1", "Deployment") => R::read::<apps::v1::Deployment>(input),
        ("networking.k8s.io/v1", "Ingress") => R::read::<networking::v1::Ingress>(input),
        ("autoscaling/v2", "HorizontalPodAutoscaler") => {
            R::read::<autoscaling::v2::HorizontalPodAutoscaler>(input)
        }
        ("policy/v1", "PodDisruptionBudget") => R::read::<policy::v1::PodDisruptionBudget>(input),
        ("storage.k8s.io/v1", "StorageClass") => R::read::<storage::v1::StorageClass>(input),
        // Custom resources (SecretProviderClass) have no k8s-openapi type.
        (api, _) if api.contains(".x-k8s.io/") => Ok(()),
        (api, kind) => Err(format!("no checked type for {api} {kind}")),
    }
}

/// A k8s-openapi type as the checks need it.
trait Checked: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug {}

impl<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug> Checked for T {}

/// How an object is read into its k8s-openapi type and compared with what was sent (the
/// tests compare the ways).
trait ReadBack<I: ?Sized> {
    fn read<T: Checked>(input: &I) -> Result<(), String>;
}

/// Deserializes into the k8s-openapi type and back; k8s-openapi ignores unknown fields, so
/// anything that does not come back was a field Kubernetes would not have read.
struct RoundTrip;

impl ReadBack<Value> for RoundTrip {
    fn read<T: Checked>(obj: &Value) -> Result<(), String> {
        // Reading from a borrowed tree spares a copy of every object.
        let typed = T::deserialize(obj).map_err(|e| e.to_string())?;
        // Nearly every object comes back whole, which is found without writing it out as
        // a second tree; only one that does not is written out, to say what changed.
        if typed.serialize(SameTree(obj)).is_ok() {
            return Ok(());
        }
        written_out(&typed, obj)
    }
}

/// Reads the text straight into the type (see `block_deserializer`): it succeeds only
/// where [`RoundTrip`] would find nothing, and says nothing about what it refuses.
struct FromText;

impl ReadBack<str> for FromText {
    fn read<T: Checked>(text: &str) -> Result<(), String> {
        let typed: T = crate::block_deserializer::from_str(text).map_err(|e| e.to_string())?;
        // Debug builds (every test run) take the long way too, and require the same.
        #[cfg(debug_assertions)]
        {
            let object: Value = serde_yaml_ng::from_str(text).expect("read from invalid YAML");
            let object = drop_nulls(&object);
            let long = T::deserialize(&object).expect("read what the JSON tree refuses");
            assert_eq!(typed, long, "read differently from the JSON tree:\n{text}");
            if let Err(e) = RoundTrip::read::<T>(&object) {
                panic!("passed what the round trip refuses ({e}):\n{text}");
            }
        }
        drop(typed);
        Ok(())
    }
}

/// What changed between the object sent and the typed object written out as a tree.
fn written_out<T: Serialize>(typed: &T, sent: &Value) -> Result<(), String> {
    let back = serde_json::to_value(typed).map_err(|e| e.to_string())?;
    let mut lost = Vec::new();
    compare(sent, &back, &mut Vec::new(), &mut lost);
    if lost.is_empty() {
        Ok(())
    } else {
        Err(lost.join("; "))
    }
}

/// One step of the path to a field, spelt out only when a field is reported.
enum PathStep<'a> {
    Key(&'a str),
    Index(usize),
}

fn display(path: &[PathStep<'_>]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            PathStep::Key(k) if text.is_empty() => text.push_str(k),
            PathStep::Key(k) => {
                text.push('.');
                text.push_str(k);
            }
            PathStep::Index(i) => {
                let _ = write!(text, "[{i}]");
            }
        }
    }
    text
}

fn compare<'a>(sent: &'a Value, back: &Value, path: &mut Vec<PathStep<'a>>, out: &mut Vec<String>) {
    match (sent, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                path.push(PathStep::Key(k));
                match b.get(k) {
                    Some(w) => compare(v, w, path, out),
                    None => out.push(format!(
                        "field `{}` is not part of the Kubernetes schema",
                        display(path)
                    )),
                }
                path.pop();
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                path.push(PathStep::Index(i));
                compare(v, w, path, out);
                path.pop();
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!(
            "`{}` changes from {a} to {b} when read by Kubernetes",
            display(path)
        )),
    }
}

fn has_nulls(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.values().any(has_nulls),
        Value::Array(a) => a.iter().any(has_nulls),
        _ => false,
    }
}

fn drop_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), drop_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(drop_nulls).collect()),
        v => v.clone(),
    }
}

/// Reads a `.properties` text into keys and values (logical lines joined; escapes kept).
/// Keys and values are borrowed from `text` except where a line was continued. A key that
/// comes twice keeps its last value, as Java reads it.
pub fn parse_properties(text: &str) -> BTreeMap<Cow<'_, str>, Cow<'_, str>> {
    // Built in one go from the pairs in file order: cheaper than inserting line by line,
    // and the last of equal keys wins (a stable sort, then the last of a run).
    properties(text).into_iter().collect()
}

/// The key and value of every logical line of a `.properties` text, in file order.
fn properties(text: &str) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    let mut props = Vec::new();
    let mut pending = String::new();
    for raw in crate::block_yaml::lines(text) {
        // The line breaks of `str::lines`.
        let raw = raw
            .strip_suffix("\r\n")
            .or_else(|| raw.strip_suffix('\n'))
            .unwrap_or(raw);
        let line = raw.trim_start();
        if pending.is_empty() && (line.is_empty() || line.starts_with(['#', '!'])) {
            continue;
        }
        let trailing = line.len() - line.trim_end_matches('\\').len();
        if trailing % 2 == 1 {
            pending.push_str(&line[..line.len() - 1]);
            continue;
        }
        if pending.is_empty() {
            let (key, value) = split_property(line);
            props.push((Cow::Borrowed(key), Cow::Borrowed(value)));
        } else {
            pending.push_str(line);
            let (key, value) = split_property(&pending);
            props.push((Cow::Owned(key.to_owned()), Cow::Owned(value.to_owned())));
            pending.clear();
        }
    }
    props
}

/// The key and value of one logical line: the key ends at the first unescaped `=`, `:`
/// or blank, and one `=` or `:` may follow blanks.
fn split_property(logical: &str) -> (&str, &str) {
    let bytes = logical.as_bytes();
    let blanks = |mut i: usize| {
        while bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    // The usual key holds neither a backslash nor a tab: then its end is the first `=`, `:`
    // or space, which `memchr` finds several bytes at a time.
    let usual_end = Three::new(b'=', b':', b' ')
        .find(bytes)
        .unwrap_or(bytes.len());
    let mut i = if Two::new(b'\\', b'\t').find(&bytes[..usual_end]).is_none() {
        usual_end
    } else {
        0
    };
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'=' | b':' | b' ' | b'\t' => {
                let mut rest = blanks(i);
                if bytes.get(rest).is_some_and(|b| matches!(b, b'=' | b':')) {
                    rest = blanks(rest + 1);
                }
                return (&logical[..i], logical[rest..].trim_end());
            }
            _ => i += 1,
        }
    }
    (logical, "")
}

type Map<K, V> = HashMap<K, V, FixedState>;

/// The names of a comma-separated list value, blanks dropped.
fn names(value: Option<&str>) -> Vec<&str> {
    value.map_or_else(Vec::new, |v| {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    })
}

/// Every appender and logger named in the `appenders` and `loggers` lists is defined, every
/// appender a listed logger or the root logger sends to is listed, and every level of those
/// loggers is one log4j2 knows (log4j2 reads levels in any case).
fn check_log4j2(text: &str) -> Result<(), String> {
    const LEVELS: [&str; 8] = [
        "OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL",
    ];
    let pairs = properties(text);
    // A hash map, not parse_properties' sorted one: this check runs on every render, and
    // sorting 400 keys that share long prefixes cost more than the rest of it.
    let mut props: Map<&str, &str> =
        Map::with_capacity_and_hasher(pairs.len(), FixedState::default());
    props.extend(pairs.iter().map(|(k, v)| (&**k, &**v)));
    let mut key = String::new();
    let mut get = |parts: &[&str]| -> Option<&str> {
        key.clear();
        for p in parts {
            key.push_str(p);
        }
        props.get(key.as_str()).copied()
    };
    let appenders = names(get(&["appenders"]));
    let loggers = names(get(&["loggers"]));
    let mut missing = Vec::new();
    for a in &appenders {
        if get(&["appender.", a, ".type"]).is_none() {
            missing.push(format!(
                "appender `{a}` is listed but has no appender.{a}.type"
            ));
        }
    }
    for l in &loggers {
        if get(&["logger.", l, ".name"]).is_none() {
            missing.push(format!("logger `{l}` is listed but has no logger.{l}.name"));
        }
    }
    // A reference names an appender by its `name`, which need not be its id in the list
    // (`osgi` is named `PaxOsgi`).
    let listed: Vec<&str> = appenders
        .iter()
        .filter_map(|a| get(&["appender.", a, ".name"]))
        .collect();
    // The keys of each listed logger (`logger.ID.`), then the root logger's. A problem is
    // reported in that order and then by key; an id may hold dots, so every dot of a key
    // may end one.
    let mut places: Map<&str, Vec<usize>> = Map::default();
    for (i, l) in loggers.iter().enumerate() {
        places.entry(l).or_default().push(i);
    }
    let mut found: Vec<((usize, &str), String)> = Vec::new();
    for (&key, &value) in &props {
        let mut look = |place: usize, rest: &str| {
            let is_ref = rest
                .strip_prefix("appenderRef.")
                .and_then(|r| r.strip_suffix(".ref"))
                .is_some();
            if is_ref && !listed.contains(&value) {
                found.push((
                    (place, key),
                    format!(
                        "{key} sends to appender `{value}`, which is not listed in `appenders`"
                    ),
                ));
            }
            if rest == "level" && !LEVELS.iter().any(|l| l.eq_ignore_ascii_case(value)) {
                found.push((
                    (place, key),
                    format!("{key} = {value} is not a log4j2 level"),
                ));
            }
        };
        if let Some(rest) = key.strip_prefix("rootLogger.") {
            look(loggers.len(), rest);
        } else if let Some(after) = key.strip_prefix("logger.") {
            for (dot, _) in after.match_indices('.') {
                for &place in places.get(&after[..dot]).map_or(&[][..], Vec::as_slice) {
                    look(place, &after[dot + 1..]);
                }
            }
        }
    }
    found.sort();
    missing.extend(found.into_iter().map(|(_, problem)| problem));
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_are_split_as_java_splits_them() {
        let text = "# c\n  ! c2\na=1\nb : 2\nc\\ d\\=e\\:f = x\ntab\tkey\t= v\nsp  ace\n\
                    colon:v\nlong = one \\\n    two\r\nh\na=last\n\\\\=back\nk\\\tt=u";
        let props = parse_properties(text);
        let got: Vec<(&str, &str)> = props.iter().map(|(k, v)| (&**k, &**v)).collect();
        assert_eq!(
            got,
            [
                ("\\\\", "back"),
                ("a", "last"),
                ("b", "2"),
                ("c\\ d\\=e\\:f", "x"),
                ("colon", "v"),
                ("h", ""),
                ("k\\\tt", "u"),
                ("long", "one two"),
                ("sp", "ace"),
                ("tab", "key\t= v"),
            ]
        );
    }

    #[test]
    fn broken_toml_is_found() {
        let problems = |text: &str| {
            file_problems(
                "mi",
                &BTreeMap::from([("deployment.toml".to_owned(), text.to_owned())]),
            )
        };
        assert!(problems("[server]\nhostname = \"localhost\"\n").is_empty());
        for bad in [
            "a = 1\na = 2\n",
            "[server]\n[server]\n",
            "[server]\nx = 1\n[server.x]\n",
            "a = \"unterminated\n",
            "a = \n",
        ] {
            let found = problems(bad);
            assert!(
                found.len() == 1 && found[0].starts_with("mi/config/deployment.toml: "),
                "{bad:?}: {found:?}"
            );
        }
    }

    fn manifest(yaml: &str) -> Manifest {
        Manifest::new("t.yaml", yaml.into()).unwrap()
    }

    #[test]
    fn a_misspelt_field_is_caught() {
        let m = manifest(
            "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 1, protocl: TCP}]}",
        );
        let err = check_manifest(&m).unwrap_err();
        assert!(err.contains("spec.ports[0].protocl"), "{err}");
    }

    #[test]
    fn a_wrong_type_is_caught() {
        let m = manifest(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 'two', selector: {}, template: {}}",
        );
        assert!(check_manifest(&m).is_err());
    }

    #[test]
    fn a_good_object_passes() {
        let m = manifest("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}");
        check_manifest(&m).unwrap();
    }

    /// What the check did before [`SameTree`]: every object written out as a second tree.
    struct WrittenOut;

    impl ReadBack<Value> for WrittenOut {
        fn read<T: Checked>(obj: &Value) -> Result<(), String> {
            let typed = T::deserialize(obj).map_err(|e| e.to_string())?;
            written_out(&typed, obj)
        }
    }

    /// The comparison without a second tree alone; an error where it found a difference.
    struct QuickOnly;

    impl ReadBack<Value> for QuickOnly {
        fn read<T: Checked>(obj: &Value) -> Result<(), String> {
            let typed = T::deserialize(obj).map_err(|e| e.to_string())?;
            typed.serialize(SameTree(obj)).map_err(|e| e.to_string())
        }
    }

    /// The JSON Pointers of all maps in a tree.
    fn map_places(v: &Value, here: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                out.push(here.to_owned());
                for (k, v) in m {
                    let k = k.replace('~', "~0").replace('/', "~1");
                    map_places(v, &format!("{here}/{k}"), out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    map_places(v, &format!("{here}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn the_comparison_without_a_second_tree_agrees_with_writing_it_out() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut kept, mut refused, mut from_text) = (0, 0, 0);
        for (chart, file) in [
            ("mi", "examples/dev.yaml"),
            ("mi", "examples/prod-eks.yaml"),
            ("mi", "tests/cases/everything.yaml"),
            ("icp", "examples/icp-prod-aks-ldap.yaml"),
        ] {
            let chart = crate::chart::Chart::load(chart).unwrap();
            let inputs = crate::cli::ValueInputs {
                files: vec![root.join(file)],
                flags: Vec::new(),
            };
            let release = crate::renderer::Release {
                name: "dev".into(),
                namespace: "ns".into(),
            };
            let rendered = crate::render(&chart, &inputs, &release, &mut |_| {}).unwrap();
            for m in &rendered.manifests {
                let (api, kind) = (m.api_version(), m.kind());
                let object = m.object().unwrap();
                // What the templates write is found whole without a second tree.
                assert_eq!(
                    check_object::<QuickOnly>(api, kind, &object),
                    Ok(()),
                    "{file}: {}",
                    m.text
                );
                // And read straight from the text.
                assert_eq!(
                    read_typed::<str, FromText>(api, kind, &m.text),
                    Ok(()),
                    "{file}: {}",
                    m.text
                );
                let mut places = Vec::new();
                map_places(&object, "", &mut places);
                for place in places {
                    // A field added to any map: a typo Kubernetes would drop, or a key of
                    // a map of free keys (labels, data, resources) that it keeps.
                    let mut object = object.clone();
                    object.pointer_mut(&place).unwrap()["zz_added"] = "1".into();
                    let written_out = check_object::<WrittenOut>(api, kind, &object);
                    let quick = check_object::<QuickOnly>(api, kind, &object);
                    assert_eq!(
                        quick.is_ok(),
                        written_out.is_ok(),
                        "{file}: {place:?} in {}",
                        m.text
                    );
                    // The whole check, from the object written as the templates write.
                    let mut text = String::new();
                    let tree = minijinja::Value::from_serialize(&object);
                    crate::renderer::block_lines(&tree, 0, &mut text).unwrap();
                    let changed = manifest(&text);
                    assert_eq!(check_manifest(&changed), written_out);
                    if read_typed::<str, FromText>(api, kind, &changed.text).is_ok() {
                        from_text += 1;
                    }
                    if written_out.is_ok() {
                        kept += 1;
                    } else {
                        refused += 1;
                    }
                }
            }
        }
        // Every changed object that passes is vouched for from its text alone.
        assert_eq!(from_text, kept);
        assert!(kept > 20 && refused > 200, "{kept} kept, {refused} refused");
    }

    #[test]
    fn what_the_text_reader_cannot_vouch_for_takes_the_long_way() {
        let deployment = |container: &str| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  \
                 selector:\n    matchLabels:\n      app: a\n  template:\n    spec:\n      \
                 containers:\n      - name: c\n{container}"
            )
        };
        let cases = [
            (
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: YQ\n".to_owned(),
                "Invalid padding",
            ),
            (
                deployment("        resources:\n          limits:\n            cpu: 1\n"),
                "changes from 1 to \"1\"",
            ),
            (
                deployment("        imagePullPolicy: Always\n        imagePullPolicey: Always\n"),
                "field `spec.template.spec.containers[0].imagePullPolicey` is not part",
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  \
                 creationTimestamp: \"2020-01-01T00:00:00+00:00\"\n"
                    .to_owned(),
                "`metadata.creationTimestamp` changes from",
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: x\n  a: y\n"
                    .to_owned(),
                "not valid YAML: data: duplicate entry with key \"a\"",
            ),
        ];
        for (text, problem) in cases {
            let m = manifest(&text);
            assert!(
                read_typed::<str, FromText>(m.api_version(), m.kind(), &m.text).is_err(),
                "{text}"
            );
            let err = check_manifest(&m).unwrap_err();
            assert!(err.contains(problem), "{err}\n{text}");
        }
        // The same objects written correctly are read from the text alone.
        for text in [
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: YQ==\n".to_owned(),
            deployment("        resources:\n          limits:\n            cpu: \"1\"\n"),
            deployment(
                "        imagePullPolicy: Always\n        env:\n        - name: X\n          value:\n",
            ),
        ] {
            let m = manifest(&text);
            assert_eq!(
                read_typed::<str, FromText>(m.api_version(), m.kind(), &m.text),
                Ok(()),
                "{text}"
            );
            assert_eq!(check_manifest(&m), Ok(()));
        }
    }

    #[test]
    fn a_value_kubernetes_would_read_differently_is_caught() {
        let m = manifest(
            "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n\
             metadata: {name: c, creationTimestamp: '2020-01-01T00:00:00+00:00'}",
        );
        let err = check_manifest(&m).unwrap_err();
        assert!(
            err.starts_with("`metadata.creationTimestamp` changes from"),
            "{err}"
        );
        let object = m.object().unwrap();
        assert_eq!(
            check_object::<WrittenOut>(m.api_version(), m.kind(), &object).unwrap_err(),
            err
        );
    }

    #[test]
    fn log4j2_lists_must_be_defined() {
        let ok = "appenders = A\nappender.A.type = Console\nloggers = x, \\\n  y\nlogger.x.name = x\nlogger.y.name = y\n";
        check_log4j2(ok).unwrap();
        let err = check_log4j2("appenders = A, B\nappender.A.type = Console\n").unwrap_err();
        assert!(err.contains("`B`"), "{err}");
    }

    #[test]
    fn log4j2_references_and_levels_must_be_valid() {
        let ok = "appenders = A, b\nappender.A.type = Console\nappender.A.name = A\n\
                  appender.b.type = PaxOsgi\nappender.b.name = B\nloggers = x\n\
                  logger.x.name = x\nlogger.x.level = Error\nlogger.x.appenderRef.A.ref = A\n\
                  rootLogger.level = INFO\nrootLogger.appenderRef.b.ref = B\n";
        check_log4j2(ok).unwrap();
        let err = check_log4j2(&ok.replace("ref = A", "ref = C")).unwrap_err();
        assert!(
            err.contains("logger.x.appenderRef.A.ref sends to appender `C`"),
            "{err}"
        );
        let err = check_log4j2(&ok.replace("rootLogger.level = INFO", "rootLogger.level = LOUD"))
            .unwrap_err();
        assert!(err.contains("rootLogger.level = LOUD"), "{err}");
        // An unlisted logger is not read by log4j2, so it is not checked either.
        check_log4j2(&format!("{ok}logger.y.name = y\nlogger.y.level = LOUD\n")).unwrap();
    }

    #[test]
    fn log4j2_problems_come_in_list_order_then_by_key() {
        let text = "appenders = A\nappender.A.type = Console\nappender.A.name = A\n\
                    loggers = b, a.x\nlogger.b.name = b\nlogger.b.level = LOUD\n\
                    logger.a.x.name = a\nlogger.a.x.level = X\nlogger.a.x.level = Y\n\
                    logger.a.x.appenderRef.Z.ref = Z\nrootLogger.level = Q\n";
        assert_eq!(
            check_log4j2(text).unwrap_err(),
            "logger.b.level = LOUD is not a log4j2 level; \
             logger.a.x.appenderRef.Z.ref sends to appender `Z`, which is not listed in \
             `appenders`; logger.a.x.level = Y is not a log4j2 level; \
             rootLogger.level = Q is not a log4j2 level"
        );
    }
}
