//! `michart values` (the chart defaults, or where every effective value comes from) and
//! `michart docs` (the values reference, written from the same schema as `michart schema`,
//! so the two cannot drift).

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde_json::Value as Json;
use serde_yaml_ng::Value;

use crate::chart::Chart;
use crate::chart_values::ChartKind;
use crate::cli::{DocsOptions, ValuesOptions};
use crate::schema::{chart_schema, resolve};
use crate::set_flag::Step;
use crate::value_layers::ValueLayers;
use crate::values_error::{display_path, is_secret_path};

pub fn run_values(options: &ValuesOptions) -> Result<ExitCode> {
    let chart = Chart::load(&options.chart)?;
    let no_inputs = options.inputs.files.is_empty() && options.inputs.flags.is_empty();
    let text = if options.explain {
        let layers = crate::load_layers(&chart, &options.inputs)?;
        explain(&layers, &chart.values_name, options.show_secrets)
    } else if no_inputs {
        chart.default_values.clone()
    } else {
        let layers = crate::load_layers(&chart, &options.inputs)?;
        serde_yaml_ng::to_string(&layers.merged())?
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// One line per leaf of the merged values: `path = value  # origin`. Secrets are shown
/// as their length unless `show_secrets`.
pub fn explain(layers: &ValueLayers, defaults_name: &str, show_secrets: bool) -> String {
    let mut leaves = Vec::new();
    collect_leaves(&layers.merged(), &mut Vec::new(), &mut leaves);
    let rows: Vec<(String, String, String)> = leaves
        .into_iter()
        .map(|(path, value)| {
            let shown = if !show_secrets && is_secret_path(&path) && !is_empty_leaf(&value) {
                let length = match &value {
                    Value::String(s) => s.chars().count(),
                    other => leaf_text(other).chars().count(),
                };
                format!("(secret, {length} characters)")
            } else {
                leaf_text(&value)
            };
            let origin = match crate::values_error::locate(layers, &path) {
                Some(at) => {
                    let name = if at.origin == defaults_name {
                        "chart default".to_owned()
                    } else {
                        at.origin.clone()
                    };
                    match at.line {
                        Some((line, col, _)) if at.origin == defaults_name => {
                            format!("{name} (line {line}:{col})")
                        }
                        Some((line, col, _)) => format!("{name}:{line}:{col}"),
                        None => name,
                    }
                }
                None => "chart default".to_owned(),
            };
            (display_path(&path), shown, origin)
        })
        .collect();
    let width = rows
        .iter()
        .map(|(p, v, _)| p.len() + v.len() + 3)
        .max()
        .unwrap_or(0)
        .min(90);
    let mut out = String::new();
    for (path, value, origin) in rows {
        let left = format!("{path} = {value}");
        let _ = writeln!(out, "{left:width$}  # {origin}");
    }
    out
}

fn collect_leaves(value: &Value, path: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, Value)>) {
    match value {
        Value::Mapping(m) if !m.is_empty() => {
            for (k, v) in m {
                let key = match k {
                    Value::String(s) => s.clone(),
                    other => serde_yaml_ng::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                };
                path.push(Step::Key(key));
                collect_leaves(v, path, out);
                path.pop();
            }
        }
        Value::Sequence(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                collect_leaves(v, path, out);
                path.pop();
            }
        }
        leaf => out.push((path.clone(), leaf.clone())),
    }
}

fn is_empty_leaf(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A leaf as JSON text: strings quoted, so `"10"` and `10` stay apart.
fn leaf_text(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub fn run_docs(options: &DocsOptions) -> Result<ExitCode> {
    let text = values_reference(&Chart::load(&options.chart)?);
    match &options.output {
        None => std::io::stdout().write_all(text.as_bytes())?,
        Some(path) if options.check => {
            let current = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if current != text {
                bail!(
                    "{} is not up to date; run `michart docs --output {}`",
                    path.display(),
                    path.display()
                );
            }
        }
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the reference of a built-in chart lives in the repository.
pub fn doc_file(chart: &Chart) -> String {
    match chart_arg(chart) {
        "mi" => "docs/values.md".to_owned(),
        arg => format!("docs/{arg}-values.md"),
    }
}

fn chart_arg(chart: &Chart) -> &'static str {
    match chart.kind {
        ChartKind::Mi => "mi",
        ChartKind::Icp => "icp",
    }
}

/// The values reference of a chart as Markdown: one row per settable path.
pub fn values_reference(chart: &Chart) -> String {
    let schema = chart_schema(chart.kind);
    let mut rows = Vec::new();
    walk(&schema, &schema, "", &mut rows);
    let name = &chart.meta.name;
    let file = doc_file(chart);
    let mut out = format!(
        "# Values reference: chart `{name}`\n\n\
         Generated by `michart docs {arg} --output {file}` from the typed values model (the \
         same doc comments as `michart schema {arg}`); do not edit by hand.\n\n\
         Paths use `[]` for the entries of a list. A value without a default is absent unless \
         given.\n\n\
         | Path | Type | Default | Description |\n|---|---|---|---|\n",
        arg = chart_arg(chart),
    );
    for row in &rows {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            row.path,
            cell(&row.kind),
            cell(&row.default),
            cell(&row.description)
        );
    }
    let _ = writeln!(out, "\n{} paths.", rows.len());
    out
}

struct Row {
    path: String,
    kind: String,
    default: String,
    description: String,
}

fn walk(root: &Json, schema: &Json, prefix: &str, rows: &mut Vec<Row>) {
    let schema = resolve(root, schema);
    let Some(props) = schema.get("properties").and_then(Json::as_object) else {
        return;
    };
    let mut names: Vec<&String> = props.keys().collect();
    names.sort_by_key(|n| n.to_lowercase());
    for name in names {
        let field = &props[name];
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let description = field
            .get("description")
            .or_else(|| resolve(root, field).get("description"))
            .and_then(Json::as_str)
            .unwrap_or_default()
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .replace('\n', " ");
        let inner = object_of(root, field);
        let default = match field.get("default") {
            Some(d) if inner.is_none() => format!("`{d}`"),
            _ => String::new(),
        };
        let kubernetes = kubernetes_type(field);
        rows.push(Row {
            path: path.clone(),
            kind: kubernetes.clone().unwrap_or_else(|| type_name(root, field)),
            default,
            description,
        });
        if kubernetes.is_some() {
            // Its fields are Kubernetes' own, documented in the Kubernetes API reference.
            continue;
        }
        if let Some(inner) = inner {
            walk(root, inner, &path, rows);
        } else if let Some(items) = list_items(root, field) {
            walk(root, items, &format!("{path}[]"), rows);
        }
    }
}

/// The type of a field holding a Kubernetes API object (the k8s-openapi types, whose
/// definitions are named `io.k8s.*`), such as ``list of Kubernetes `Toleration` ``.
fn kubernetes_type(field: &Json) -> Option<String> {
    let text = field.to_string();
    let start = text.find("\"#/definitions/io.k8s.")? + 1;
    let reference = text[start..].split('"').next()?;
    let name = reference.rsplit('.').next()?;
    let list = text.contains("\"items\"");
    Some(if list {
        format!("list of Kubernetes `{name}`")
    } else {
        format!("Kubernetes `{name}`")
    })
}

/// The object schema of a field that is an object or an optional object.
fn object_of<'a>(root: &'a Json, field: &'a Json) -> Option<&'a Json> {
    let s = resolve(root, field);
    if s.get("properties").is_some() {
        return Some(s);
    }
    branches(root, s)
        .into_iter()
        .find(|b| b.get("properties").is_some())
}

fn list_items<'a>(root: &'a Json, field: &'a Json) -> Option<&'a Json> {
    let s = resolve(root, field);
    let list = if s.get("items").is_some() {
        s
    } else {
        branches(root, s)
            .into_iter()
            .find(|b| b.get("items").is_some())?
    };
    let items = resolve(root, list.get("items")?);
    items.get("properties").is_some().then_some(items)
}

fn branches<'a>(root: &'a Json, s: &'a Json) -> Vec<&'a Json> {
    s.get("anyOf")
        .or_else(|| s.get("oneOf"))
        .and_then(Json::as_array)
        .map(|l| l.iter().map(|b| resolve(root, b)).collect())
        .unwrap_or_default()
}

/// A short type for the table: `integer`, `string`, `list of string`, `map of string`,
/// `` `aws` \| `azure` ``; an optional value is the type of its value.
fn type_name(root: &Json, schema: &Json) -> String {
    let s = resolve(root, schema);
    if let Some(list) = s.get("enum").and_then(Json::as_array) {
        return list.iter().map(choice).collect::<Vec<_>>().join(" \\| ");
    }
    if let Some(c) = s.get("const") {
        return choice(c);
    }
    let alternatives = branches(root, s);
    if !alternatives.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for b in alternatives {
            let n = type_name(root, b);
            if n != "null" && !names.contains(&n) {
                names.push(n);
            }
        }
        // A whole number that may be quoted is still a whole number.
        if names == ["integer", "string"] && s.to_string().contains("pattern") {
            return "integer".into();
        }
        return names.join(" or ");
    }
    if s.get("properties").is_some() {
        return "object".into();
    }
    let types: Vec<&str> = match s.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(l)) => l.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    };
    let types: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
    match types.as_slice() {
        ["array"] => match s.get("items") {
            Some(items) => format!("list of {}", type_name(root, items)),
            None => "list".into(),
        },
        ["object"] => match s.get("additionalProperties") {
            Some(v @ Json::Object(_)) => format!("map of {}", type_name(root, v)),
            _ => "object".into(),
        },
        // Text: numbers and booleans are read as their text.
        ["string", "number", "boolean"] => "string".into(),
        [] => "null".into(),
        many => many.join(" or "),
    }
}

fn choice(c: &Json) -> String {
    match c.as_str() {
        Some("") => "`\"\"`".into(),
        Some(s) => format!("`{s}`"),
        None => format!("`{c}`"),
    }
}

/// Keeps a table cell on one row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace("\\\\|", "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_lists_nested_paths_with_types_and_defaults() {
        let text = values_reference(&Chart::load("mi").unwrap());
        assert!(
            text.contains("| `wso2.deployment.replicas` | integer | `1` |"),
            "{text}"
        );
        assert!(text.contains("| `wso2.config.portOffset` | integer | `10` |"));
        assert!(text.contains("`wso2.config.synapseHandlers[].class`"));
        assert!(text.contains("| `provider` | "));
    }

    #[test]
    fn explain_names_the_origin_and_hides_secrets() {
        let mut layers = ValueLayers::new("defaults", "a:\n  b: 1\n  password: x\n").unwrap();
        layers
            .add_text("f.yaml", "a:\n  password: hunter2\n".into())
            .unwrap();
        layers
            .add_flag(crate::set_flag::SetKind::Typed, "a.c=2")
            .unwrap();
        let text = explain(&layers, "defaults", false);
        assert!(text.contains("a.b = 1"), "{text}");
        assert!(text.contains("# chart default (line 2:3)"), "{text}");
        assert!(text.contains("(secret, 7 characters)"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("# f.yaml:2:3"), "{text}");
        assert!(text.contains("# --set a.c=2"), "{text}");
    }
}
