//! Turns typed values into configuration files and Kubernetes manifests with the chart's
//! minijinja templates.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

use anyhow::{Context, Result, anyhow};
use minijinja::value::{Rest, Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::chart::{Chart, TemplateFile};
use crate::escape;
use crate::precompiled::{PropsArg, Rt, write_props_block};

/// Where a render is installed.
#[derive(Debug, Clone)]
pub struct Release {
    pub name: String,
    pub namespace: String,
}

/// One Kubernetes object as rendered.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The template's file name, e.g. `mi-deployment.yaml`.
    pub template: String,
    /// The document text, as printed (without the `---` and `# Source:` lines).
    pub text: String,
    /// `apiVersion`, `kind` and `metadata.name`, empty where the object has none.
    head: [String; 3],
}

impl Manifest {
    /// A document rendered from `template`; an error when it is not YAML.
    pub fn new(template: &str, text: String) -> Result<Manifest, serde_yaml_ng::Error> {
        Ok(Manifest {
            template: template.to_owned(),
            head: read_head(&text)?,
            text,
        })
    }

    pub fn api_version(&self) -> &str {
        &self.head[0]
    }

    pub fn kind(&self) -> &str {
        &self.head[1]
    }

    pub fn name(&self) -> &str {
        &self.head[2]
    }

    /// The document as a JSON tree, for comparisons. Checks and the install order read the
    /// text without one.
    pub fn object(&self) -> Result<serde_json::Value, serde_yaml_ng::Error> {
        crate::block_yaml::parse(&self.text)
    }
}

/// `apiVersion`, `kind` and `metadata.name` of a document; an error when it is not YAML
/// that either reader can take apart far enough to name the object.
fn read_head(text: &str) -> Result<[String; 3], serde_yaml_ng::Error> {
    let Some(head) = quick_head(text) else {
        return Ok(object_head(&crate::block_yaml::parse(text)?));
    };
    // Where YAML takes the document (no repeated keys), JSON must agree.
    #[cfg(debug_assertions)]
    if serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text).is_ok() {
        let full: serde_json::Value = serde_yaml_ng::from_str(text).unwrap();
        assert_eq!(head, object_head(&full), "quick head misread:\n{text}");
    }
    Ok(head)
}

/// `apiVersion`, `kind` and `metadata.name` as JSON has them (a value that is not text
/// counts as none; the last of repeated keys wins).
fn object_head(object: &serde_json::Value) -> [String; 3] {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    [
        text(&object["apiVersion"]),
        text(&object["kind"]),
        text(&object["metadata"]["name"]),
    ]
}

/// [`object_head`] from the first lines of the document, without reading the rest;
/// `None` where the block reader would leave them to the full parser. Of repeated keys the
/// first is taken: the check refuses a document that repeats one.
fn quick_head(doc: &str) -> Option<[String; 3]> {
    use crate::block_yaml::{Reader, Scalar, ValueKind, scalar};
    let text = |kind: ValueKind<'_>| match kind {
        ValueKind::Scalar(s) => match scalar(s)? {
            Scalar::Str(s) => Some(s.into_owned()),
            _ => Some(String::new()),
        },
        _ => Some(String::new()),
    };
    let mut reader = Reader::new(doc);
    let top = reader.peek()?.indent;
    let mut head: [Option<String>; 3] = Default::default();
    while let Some((key, rest)) = reader.map_line(top).ok()? {
        let slot = match &*key {
            "apiVersion" => 0,
            "kind" => 1,
            "metadata" => 2,
            _ => usize::MAX,
        };
        if head.get(slot).is_some_and(Option::is_none) {
            let kind = reader.value_kind(top, rest);
            let value = match kind {
                ValueKind::Block(inner) if slot == 2 && !reader.list_next() => {
                    let mut name = String::new();
                    while let Some((key, rest)) = reader.map_line(inner).ok()? {
                        if key == "name" {
                            name = text(reader.value_kind(inner, rest))?;
                            break;
                        }
                        reader.skip_value(inner);
                    }
                    name
                }
                // `metadata: {}`, or a flow map that could name the object.
                ValueKind::Scalar(s) if slot == 2 => {
                    scalar::<Scalar<'_>>(s)?;
                    String::new()
                }
                kind => text(kind)?,
            };
            head[slot] = Some(value);
            // A line the reader cannot take ends its lines early: what is missing might
            // have been there.
            if head.iter().all(Option::is_some) && reader.readable() {
                return Some(head.map(Option::unwrap_or_default));
            }
        }
        reader.skip_value(top);
    }
    reader
        .finished()
        .then(|| head.map(Option::unwrap_or_default))
}

/// The result of a render: the configuration files and the manifests in install order.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub chart: String,
    pub files: BTreeMap<String, String>,
    pub manifests: Vec<Manifest>,
}

pub struct Renderer<'c> {
    chart: &'c Chart,
    env: Environment<'c>,
}

impl<'c> Renderer<'c> {
    pub fn new(chart: &'c Chart) -> Result<Renderer<'c>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        // `none` prints as nothing, like a missing value in helm; booleans print the way
        // YAML, TOML and properties files spell them.
        env.set_formatter(|out, state, value| {
            if value.is_none() {
                Ok(())
            } else if value.kind() == ValueKind::Bool {
                out.write_str(&bare(value))?;
                Ok(())
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        add_filters(&mut env);
        // Compiled templates need only the filters and functions.
        if chart.precompiled.is_none() {
            for file in chart.config.iter().chain(&chart.templates) {
                env.add_template(&file.name, &file.source)
                    .map_err(|e| anyhow!(describe(&e)))
                    .with_context(|| format!("template {} of chart {}", file.name, chart.origin))?;
            }
        }
        Ok(Renderer { chart, env })
    }

    /// The chart the templates come from.
    pub fn chart(&self) -> &'c Chart {
        self.chart
    }

    pub fn render(&self, values: &impl Serialize, release: &Release) -> Result<Rendered> {
        let meta = &self.chart.meta;
        let values = Value::from_serialize(values);
        let cloud = values
            .get_attr("cloudName")
            .ok()
            .filter(Value::is_true)
            .map_or_else(|| "cloud".to_owned(), |v| v.to_string());
        let mut ctx = BTreeMap::from([
            ("values", values),
            (
                "release",
                Value::from_serialize(BTreeMap::from([
                    ("name", release.name.as_str()),
                    ("namespace", release.namespace.as_str()),
                    ("service", "michart"),
                ])),
            ),
            (
                "chart",
                Value::from_serialize(BTreeMap::from([
                    ("name", meta.name.as_str()),
                    ("version", meta.version.as_str()),
                    ("appVersion", meta.app_version.as_str()),
                ])),
            ),
            ("prefix", Value::from(format!("{cloud}-{}", release.name))),
        ]);

        let mut files = BTreeMap::new();
        for file in self.chart.config.iter().filter(|f| !f.is_library()) {
            let text = self.render_one(file, &ctx)?;
            if !text.trim().is_empty() {
                files.insert(file.name.clone(), text);
            }
        }
        let checksums: BTreeMap<&str, String> = files
            .iter()
            .map(|(k, v)| (k.as_str(), hex_sha256(v)))
            .collect();
        ctx.insert("files", Value::from_serialize(&files));
        ctx.insert("checksums", Value::from_serialize(&checksums));
        // All on one thread: a second one for the checks made one render slower on two
        // cores (thread start and its own heap cost more than the 2 M instructions moved).
        let manifests = self.render_manifests(&ctx)?;
        Ok(Rendered {
            chart: meta.name.clone(),
            files,
            manifests,
        })
    }

    fn render_manifests(&self, ctx: &BTreeMap<&str, Value>) -> Result<Vec<Manifest>> {
        let mut manifests = Vec::new();
        for file in self.chart.templates.iter().filter(|f| !f.is_library()) {
            let text = self.render_one(file, ctx)?;
            for doc in split_documents(&text) {
                let head = read_head(&doc).map_err(|e| {
                    anyhow!("{e}\n--- rendered text ---\n{doc}").context(format!(
                        "internal error: template {} rendered invalid YAML (a bug in the chart)",
                        file.name
                    ))
                })?;
                manifests.push(Manifest {
                    template: file.name.clone(),
                    text: doc,
                    head,
                });
            }
        }
        // Helm's install order, so `kubectl apply` meets dependencies first.
        manifests.sort_by_key(|m| (install_rank(m.kind()), m.template.clone()));
        Ok(manifests)
    }

    fn render_one(&self, file: &TemplateFile, ctx: &BTreeMap<&str, Value>) -> Result<String> {
        let name = file.name.as_str();
        let rendered = if let Some(precompiled) = self.chart.precompiled {
            let state = self.env.empty_state();
            let rt = Rt::new(&self.env, &state, ctx);
            // Sized up front: templates print about as much text as they hold, or embed a
            // file of a few kilobytes; growing from nothing copied it a dozen times.
            let mut out = String::with_capacity(file.source.len().max(4096));
            (precompiled.render)(&rt, name, &mut out)
                .with_context(|| format!("internal error: {name} was not compiled"))?
                .map(|()| out)
        } else {
            self.env.get_template(name)?.render(ctx)
        };
        rendered
            .map_err(|e| anyhow!(describe(&e)))
            .with_context(|| format!("cannot render {}/{name}", self.chart.meta.name))
    }
}

/// minijinja's error with the template name and line. The alternate form would add the
/// referenced variables, which hold passwords, so it is not used.
fn describe(e: &Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let _ = write!(msg, ": {s}");
        source = s.source();
    }
    msg
}

pub fn hex_sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Splits a template's output at `---` lines, dropping documents that hold only blank
/// lines and comments.
fn split_documents(text: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut keep = |doc: &str| {
        let has_content = doc.lines().any(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        });
        if has_content {
            // From the first line that is not blank, without trailing blank lines.
            let start = doc
                .split_inclusive('\n')
                .take_while(|l| l.trim().is_empty())
                .map(str::len)
                .sum::<usize>();
            docs.push(doc[start..].trim_end().to_owned());
        }
    };
    let mut start = 0;
    let mut at = 0;
    for line in crate::block_yaml::lines(text) {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        if bare == "---" || bare.starts_with("--- ") {
            keep(&text[start..at]);
            start = at + line.len();
        }
        at += line.len();
    }
    keep(&text[start..]);
    docs
}

fn install_rank(kind: &str) -> (usize, String) {
    const ORDER: &[&str] = &[
        "Namespace",
        "NetworkPolicy",
        "ResourceQuota",
        "LimitRange",
        "PodSecurityPolicy",
        "PodDisruptionBudget",
        "ServiceAccount",
        "Secret",
        "SecretList",
        "ConfigMap",
        "StorageClass",
        "PersistentVolume",
        "PersistentVolumeClaim",
        "CustomResourceDefinition",
        "ClusterRole",
        "ClusterRoleList",
        "ClusterRoleBinding",
        "ClusterRoleBindingList",
        "Role",
        "RoleList",
        "RoleBinding",
        "RoleBindingList",
        "Service",
        "DaemonSet",
        "Pod",
        "ReplicationController",
        "ReplicaSet",
        "Deployment",
        "HorizontalPodAutoscaler",
        "StatefulSet",
        "Job",
        "CronJob",
        "IngressClass",
        "Ingress",
        "APIService",
    ];
    let rank = ORDER.iter().position(|k| *k == kind).unwrap_or(ORDER.len());
    // Kinds helm does not know come last, by kind name.
    (
        rank,
        if rank == ORDER.len() {
            kind.to_owned()
        } else {
            String::new()
        },
    )
}

/// Our filters of one value that return text. Compiled templates call them through
/// [`text_filter`] ([`crate::precompiled::Rt::filter`]) rather than through minijinja's
/// argument conversion, which cost more than most of them; minijinja is given the same
/// functions, so both paths run the same code.
const TEXT_FILTERS: [(&str, TextFilter); 10] = [
    ("toml_str", |v| escape::toml_str(&text(v))),
    ("toml_key", |v| escape::toml_key(&text(v))),
    ("toml", |v| match v.kind() {
        ValueKind::Number if !v.is_integer() => escape::toml_float(float(v)),
        ValueKind::Number | ValueKind::Bool => bare(v),
        _ => escape::toml_str(&text(v)),
    }),
    ("yaml_str", |v| escape::yaml_str(&text(v))),
    ("yaml", |v| match v.kind() {
        ValueKind::Number if !v.is_integer() => escape::yaml_float(float(v)),
        ValueKind::Number | ValueKind::Bool => bare(v),
        ValueKind::Undefined | ValueKind::None => "null".to_owned(),
        _ => escape::yaml_str(&text(v)),
    }),
    ("props_key", |v| escape::props_key(&text(v))),
    ("props_value", |v| escape::props_value(&text(v))),
    ("sh_str", |v| escape::sh_str(&text(v))),
    ("b64enc", |v| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(text(v).as_bytes())
    }),
    ("sha256", |v| hex_sha256(&text(v))),
];

type TextFilter = fn(&Value) -> String;

/// The text filter of that name, if it is one of ours.
pub fn text_filter(name: &str) -> Option<TextFilter> {
    TEXT_FILTERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, f)| f)
}

fn add_filters(env: &mut Environment<'_>) {
    for (name, f) in TEXT_FILTERS {
        env.add_filter(name, move |v: Value| f(&v));
    }
    // A map or list as block YAML at indentation 0 (`| indent(n)` places it), every string
    // escaped by `yaml_str`. A lone scalar keeps serde_yaml_ng's spelling, which the
    // SecretProviderClass `objects` text matches upstream with.
    env.add_filter("to_yaml", |v: Value| -> Result<String, Error> {
        if is_collection(&v) {
            let mut out = String::new();
            block_lines(&v, 0, &mut out)?;
            return Ok(out.trim().to_owned());
        }
        let text = serde_yaml_ng::to_string(&v)
            .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))?;
        Ok(text.trim_end().to_owned())
    });
    env.add_function("props_block", props_block);
}

/// `props_block(prefix, pairs, …)`: `prefix` + key = value for each [key, value] of the
/// `pairs` lists, in order, the `=` signs aligned: the shape of every block of
/// log4j2.properties. Values are written as they are (escape user strings first). A
/// function because the same loop as a template macro made up most of a render's time;
/// several lists rather than one joined with `+`, which costs more than the block itself.
/// Compiled templates write it without the call ([`crate::precompiled::props_block_into`]).
fn props_block(prefix: &str, lists: Rest<Vec<Value>>) -> Result<String, Error> {
    let args: Vec<PropsArg> = lists
        .0
        .into_iter()
        .map(|l| PropsArg::List(Value::from(l)))
        .collect();
    let mut out = String::new();
    write_props_block(&mut out, &[Value::from(prefix)], &args)?;
    Ok(out)
}

fn is_collection(v: &Value) -> bool {
    matches!(v.kind(), ValueKind::Map | ValueKind::Seq)
}

/// `v`, a map or list, as block YAML lines indented by `indent`, each ending in a line
/// break; a non-empty collection inside goes on the lines below its key or dash.
pub(crate) fn block_lines(v: &Value, indent: usize, out: &mut String) -> Result<(), Error> {
    let pad = " ".repeat(indent);
    let nested = |item: &Value| is_collection(item) && item.len().unwrap_or(0) > 0;
    if v.kind() == ValueKind::Map {
        for key in v.try_iter()? {
            let item = v.get_item(&key)?;
            let key = yaml_key(&text(&key));
            if nested(&item) {
                let _ = writeln!(out, "{pad}{key}:");
                block_lines(&item, indent + 2, out)?;
            } else {
                let _ = writeln!(out, "{pad}{key}: {}", yaml_scalar(&item));
            }
        }
    } else {
        for item in v.try_iter()? {
            if nested(&item) {
                let mut inner = String::new();
                block_lines(&item, indent + 2, &mut inner)?;
                let _ = write!(out, "{pad}- {}", &inner[indent + 2..]);
            } else {
                let _ = writeln!(out, "{pad}- {}", yaml_scalar(&item));
            }
        }
    }
    Ok(())
}

/// A key, bare when it is a letter followed by letters, digits, `_`, `-`, `.` and `/` and
/// not a word YAML 1.1 reads as a boolean or null; quoted otherwise.
fn yaml_key(k: &str) -> String {
    let plain = k.starts_with(|c: char| c.is_ascii_alphabetic())
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !matches!(
            k.to_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        k.to_owned()
    } else {
        escape::yaml_str(k)
    }
}

/// A value that goes on its key's line: strings quoted, empty collections as `{}` / `[]`.
fn yaml_scalar(v: &Value) -> String {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => "null".to_owned(),
        ValueKind::Map => "{}".to_owned(),
        ValueKind::Seq => "[]".to_owned(),
        ValueKind::String => escape::yaml_str(&text(v)),
        ValueKind::Number if !v.is_integer() => escape::yaml_float(float(v)),
        _ => bare(v),
    }
}

/// A number or boolean as TOML and YAML write it (minijinja's Display says `True`).
fn bare(v: &Value) -> String {
    match v.kind() {
        ValueKind::Bool => v.is_true().to_string(),
        _ => v.to_string(),
    }
}

/// A non-integer number (minijinja's text of one is neither TOML nor YAML for NaN,
/// infinities and large values).
fn float(v: &Value) -> f64 {
    f64::try_from(v.clone()).unwrap_or(f64::NAN)
}

/// The text of a value as helm prints it: nothing for a missing value.
pub(crate) fn text(v: &Value) -> Cow<'_, str> {
    if v.is_undefined() || v.is_none() {
        Cow::Borrowed("")
    } else if let Some(s) = v.as_str() {
        Cow::Borrowed(s)
    } else if v.kind() == ValueKind::Bool {
        Cow::Owned(bare(v))
    } else {
        Cow::Owned(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_props_block_writes_what_the_function_returns() {
        let chart = Chart::load("mi").unwrap();
        let renderer = Renderer::new(&chart).unwrap();
        let state = renderer.env.empty_state();
        let ctx = BTreeMap::new();
        let rt = Rt::new(&renderer.env, &state, &ctx);
        let pairs = |p: &[(&str, &str)]| {
            let items = p
                .iter()
                .map(|(k, v)| Value::from(vec![Value::from(*k), Value::from(*v)]));
            Value::from(items.collect::<Vec<_>>())
        };
        // Lists joined with `+` are a lazy sequence with no `Vec` inside.
        let joined = rt
            .add(&pairs(&[("a", "1")]), &pairs(&[("ünïcode", "2")]))
            .unwrap();
        assert!(joined.downcast_object_ref::<Vec<Value>>().is_none());
        let prefix = [Value::from("logger."), Value::from("x"), Value::from(".")];
        let args = [
            PropsArg::Pair(Value::from("name"), Value::from("n")),
            PropsArg::List(pairs(&[("level", "INFO")])),
            PropsArg::List(joined.clone()),
        ];
        let mut out = String::new();
        crate::precompiled::props_block_into(&rt, &mut out, &prefix, &args).unwrap();
        // Keys are aligned by characters, not bytes.
        assert_eq!(
            out,
            "logger.x.name    = n\nlogger.x.level   = INFO\nlogger.x.a       = 1\nlogger.x.ünïcode = 2\n"
        );
        let called = rt.call(
            "props_block",
            &[
                Value::from("logger.x."),
                pairs(&[("name", "n")]),
                pairs(&[("level", "INFO")]),
                joined,
            ],
        );
        assert_eq!(called.unwrap().as_str(), Some(out.as_str()));

        // What is no list or no text goes to the function, for its conversion and errors.
        for (prefix, list) in [
            (Value::from("p."), Value::from(7)),
            (Value::from(7), pairs(&[])),
        ] {
            let mut out = String::new();
            let compiled = crate::precompiled::props_block_into(
                &rt,
                &mut out,
                std::slice::from_ref(&prefix),
                &[PropsArg::List(list.clone())],
            );
            let called = rt.call("props_block", &[prefix, list]);
            assert_eq!(
                compiled.map(|()| out).map_err(|e| e.to_string()),
                called.map(|v| v.to_string()).map_err(|e| e.to_string())
            );
        }
    }

    #[test]
    fn documents_split_and_blank_ones_vanish() {
        let docs = split_documents("\n# only a comment\n---\na: 1\n---\n\n\nb: 2\n\n");
        assert_eq!(docs, vec!["a: 1".to_owned(), "b: 2".to_owned()]);
    }

    #[test]
    fn every_rendered_object_reads_the_same_without_the_full_parser() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut read_fast, mut all) = (0, 0);
        let mut slow = Vec::new();
        for dir in ["examples", "tests/cases"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let chart = Chart::load(if name.starts_with("icp-") {
                    "icp"
                } else {
                    "mi"
                })
                .unwrap();
                let inputs = crate::cli::ValueInputs {
                    files: vec![path.clone()],
                    flags: Vec::new(),
                };
                let release = Release {
                    name: "dev".into(),
                    namespace: "ns".into(),
                };
                let Ok(rendered) = crate::render(&chart, &inputs, &release, &mut |_| {}) else {
                    continue;
                };
                for m in &rendered.manifests {
                    let full: serde_json::Value = serde_yaml_ng::from_str(&m.text).unwrap();
                    if let Some(fast) = crate::block_yaml::read(&m.text) {
                        assert_eq!(fast, full, "{name}: {}", m.text);
                        read_fast += 1;
                    } else {
                        slow.push(format!("{name}: {} {}", m.kind(), m.name()));
                    }
                    all += 1;
                }
            }
        }
        // Everything the templates write is read without the full parser.
        assert_eq!(read_fast, all, "read by the full parser: {slow:#?}");
    }

    #[test]
    fn unknown_kinds_sort_last() {
        assert!(install_rank("Secret") < install_rank("Deployment"));
        assert!(install_rank("Ingress") < install_rank("SecretProviderClass"));
    }
}
