//! Structured differences between two renders (object by object, key by key, with the
//! configuration files inside `ConfigMap`s compared in their own format) or between two
//! values trees, with secrets masked unless asked for.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use base64::Engine;
use serde_json::{Value as Json, json};

use crate::chart::Chart;
use crate::cli::{DiffFormat, DiffOptions, ValueInputs};
use crate::renderer::{Manifest, Release};

/// `michart diff`: exit 0 when the sides agree, 1 when they differ.
pub fn run(o: &DiffOptions) -> Result<ExitCode> {
    let chart = Chart::load(&o.chart)?;
    let side = |file: &Path| ValueInputs {
        files: o
            .inputs
            .files
            .iter()
            .cloned()
            .chain([file.to_path_buf()])
            .collect(),
        flags: o.inputs.flags.clone(),
    };
    let (left, right) = (side(&o.left), side(&o.right));
    let (left_name, right_name) = (o.left.display().to_string(), o.right.display().to_string());
    let style = Style {
        color: o.format == DiffFormat::Text && crate::snapshot::color_wanted(),
        show_secrets: o.show_secrets,
    };
    let (differ, text) = if o.effective_values {
        let mut warn = |w: &str| eprintln!("warning: {w}");
        let values = |inputs: &ValueInputs, warn: &mut dyn FnMut(&str)| -> Result<Json> {
            let layers = crate::load_layers(&chart, inputs)?;
            crate::with_chart_values!(chart.kind, V => {
                let typed = crate::typed_values_as::<V>(&layers, false, warn)?;
                Ok(serde_json::to_value(&typed)?)
            })
        };
        let changes = diff_values(&values(&left, &mut warn)?, &values(&right, &mut warn)?);
        let text = match o.format {
            DiffFormat::Json => json!({
                "differences": !changes.is_empty(),
                "values": changes.iter().map(|c| change_json(c, o.show_secrets)).collect::<Vec<_>>(),
            })
            .to_string(),
            DiffFormat::Text => {
                let mut out = String::new();
                write_changes(&mut out, &changes, 0, style);
                let _ = write!(
                    out,
                    "{left_name} → {right_name}: {}",
                    if changes.is_empty() {
                        "no differences in the effective values".to_owned()
                    } else {
                        format!("{} values differ", changes.len())
                    }
                );
                out
            }
        };
        (!changes.is_empty(), text)
    } else {
        let release = Release {
            name: o.release.clone(),
            namespace: o.namespace.clone(),
        };
        let envs = [left, right].map(|inputs| crate::Environment {
            inputs,
            release: release.clone(),
        });
        let mut rendered = Vec::new();
        for (result, name) in crate::render_many(&chart, &envs)?
            .into_iter()
            .zip([&left_name, &right_name])
        {
            let (r, warnings) = result?;
            for w in warnings {
                eprintln!("warning: {name}: {w}");
            }
            rendered.push(
                r.manifests
                    .iter()
                    .map(Doc::from_manifest)
                    .collect::<Result<Vec<_>>>()?,
            );
        }
        let diffs = diff_objects(&rendered[0], &rendered[1]);
        let total =
            rendered[1].len() + diffs.iter().filter(|d| d.status == Status::Removed).count();
        let text = match o.format {
            DiffFormat::Json => objects_json(&diffs, o.show_secrets).to_string(),
            DiffFormat::Text => {
                let mut out = objects_text(&diffs, &left_name, &right_name, style);
                let _ = write!(
                    out,
                    "{left_name} → {right_name}: {}",
                    summary(&diffs, total)
                );
                out
            }
        };
        (!diffs.is_empty(), text)
    };
    println!("{text}");
    Ok(ExitCode::from(u8::from(differ)))
}

/// One object to compare.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: String,
    pub name: String,
    /// The template it came from: objects of the same kind and template whose names differ
    /// are a rename, not a removal and an addition.
    pub template: String,
    /// The snapshot file it was read from or would be written to, shown beside its name.
    pub file: Option<String>,
    pub object: Json,
}

impl Doc {
    pub fn from_manifest(m: &Manifest) -> Result<Doc> {
        Ok(Doc {
            kind: m.kind().to_owned(),
            name: m.name().to_owned(),
            template: m.template.clone(),
            file: None,
            object: m.object()?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Added,
    Removed,
    Changed,
    Renamed,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Renamed => "renamed",
        }
    }
}

/// What happened to one object.
#[derive(Debug, Clone)]
pub struct ObjectDiff {
    pub status: Status,
    pub kind: String,
    /// The object on the left side, absent when it was added.
    pub left: Option<Side>,
    /// The object on the right side, absent when it was removed.
    pub right: Option<Side>,
    /// Changes inside the object (empty for added and removed objects).
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone)]
pub struct Side {
    pub name: String,
    pub file: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Added,
    Removed,
    Changed,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Added => "added",
            Op::Removed => "removed",
            Op::Changed => "changed",
        }
    }

    fn marker(self) -> char {
        match self {
            Op::Added => '+',
            Op::Removed => '-',
            Op::Changed => '~',
        }
    }
}

/// One difference at one path: a scalar, a configuration key or a script line.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: Vec<Seg>,
    pub op: Op,
    pub left: Option<Json>,
    pub right: Option<Json>,
    /// Masked unless secrets are shown.
    pub secret: bool,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
    /// A list item matched by its identity key (`name`, `id`, ...), shown as `[value]`.
    Item {
        key: String,
        value: String,
    },
    /// A file inside a `ConfigMap` or `Secret`; what follows is in that file's format.
    Entry {
        name: String,
        format: Format,
    },
    /// A line of a script (1-based, in the side the line belongs to).
    Line(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Properties,
    Lines,
    Secret,
}

/// Compares two sets of objects matched by kind and name. Results follow the right side's
/// order, then the objects only the left side has.
pub fn diff_objects(left: &[Doc], right: &[Doc]) -> Vec<ObjectDiff> {
    let key = |d: &Doc| (d.kind.clone(), d.name.clone());
    let left_by_key: BTreeMap<_, &Doc> = left.iter().map(|d| (key(d), d)).collect();
    let right_keys: BTreeSet<_> = right.iter().map(key).collect();
    let mut only_left: Vec<&Doc> = left
        .iter()
        .filter(|d| !right_keys.contains(&key(d)))
        .collect();
    let mut out = Vec::new();
    for r in right {
        if let Some(l) = left_by_key.get(&key(r)) {
            let changes = diff_object(l, r);
            if !changes.is_empty() {
                out.push(object_diff(Status::Changed, Some(l), Some(r), changes));
            }
            continue;
        }
        // A different name from the same template (cloudName or the release changed).
        let renamed_from = only_left
            .iter()
            .position(|l| l.kind == r.kind && l.template == r.template);
        match renamed_from {
            Some(i) => {
                let l = only_left.remove(i);
                let changes = diff_object(l, r);
                out.push(object_diff(Status::Renamed, Some(l), Some(r), changes));
            }
            None => out.push(object_diff(Status::Added, None, Some(r), Vec::new())),
        }
    }
    for l in only_left {
        out.push(object_diff(Status::Removed, Some(l), None, Vec::new()));
    }
    out
}

fn object_diff(
    status: Status,
    left: Option<&Doc>,
    right: Option<&Doc>,
    changes: Vec<Change>,
) -> ObjectDiff {
    let side = |d: &Doc| Side {
        name: d.name.clone(),
        file: d.file.clone(),
    };
    ObjectDiff {
        status,
        kind: left.or(right).map(|d| d.kind.clone()).unwrap_or_default(),
        left: left.map(side),
        right: right.map(side),
        changes,
    }
}

fn diff_object(left: &Doc, right: &Doc) -> Vec<Change> {
    let mut out = Vec::new();
    diff_tree(
        &object_tree(&left.object),
        &object_tree(&right.object),
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// Compares two plain trees, e.g. the effective values.
pub fn diff_values(left: &Json, right: &Json) -> Vec<Change> {
    let mut out = Vec::new();
    diff_tree(&tree(left), &tree(right), &mut Vec::new(), &mut out);
    out
}

/// Line changes between two texts, for snapshot files that differ only in their layout.
pub fn line_changes(left: &str, right: &str) -> Vec<Change> {
    let mut out = Vec::new();
    diff_lines(
        &left.lines().map(str::to_owned).collect::<Vec<_>>(),
        &right.lines().map(str::to_owned).collect::<Vec<_>>(),
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// A document prepared for comparison: configuration files parsed, Secret data decoded.
#[derive(Debug, Clone, PartialEq)]
enum Tree {
    Leaf(Json),
    Map(BTreeMap<String, Tree>),
    List(Vec<Tree>),
    Lines(Vec<String>),
    File(Format, Box<Tree>),
}

fn tree(v: &Json) -> Tree {
    match v {
        Json::Object(m) => Tree::Map(m.iter().map(|(k, v)| (k.clone(), tree(v))).collect()),
        Json::Array(a) => Tree::List(a.iter().map(tree).collect()),
        v => Tree::Leaf(v.clone()),
    }
}

fn object_tree(object: &Json) -> Tree {
    let mut t = tree(object);
    let kind = object["kind"].as_str().unwrap_or_default();
    let Tree::Map(top) = &mut t else { return t };
    for field in ["data", "stringData", "binaryData"] {
        let Some(Tree::Map(entries)) = top.get_mut(field) else {
            continue;
        };
        for (name, entry) in entries.iter_mut() {
            let Tree::Leaf(Json::String(text)) = entry else {
                continue;
            };
            *entry = if kind == "Secret" {
                let decoded = if field == "stringData" {
                    None
                } else {
                    base64::engine::general_purpose::STANDARD
                        .decode(text.as_bytes())
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok())
                };
                Tree::File(
                    Format::Secret,
                    Box::new(Tree::Leaf(Json::String(decoded.unwrap_or(text.clone())))),
                )
            } else {
                file_tree(name, text)
            };
        }
    }
    t
}

/// A configuration file in the structure its format has; text that does not parse is
/// compared line by line.
fn file_tree(name: &str, text: &str) -> Tree {
    let lines = || {
        Tree::File(
            Format::Lines,
            Box::new(Tree::Lines(text.lines().map(str::to_owned).collect())),
        )
    };
    let extension = |e: &str| {
        Path::new(name)
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case(e))
    };
    if extension("toml") {
        match toml::from_str::<toml::Table>(text) {
            Ok(table) => Tree::File(
                Format::Toml,
                Box::new(toml_tree(&toml::Value::Table(table))),
            ),
            Err(_) => lines(),
        }
    } else if extension("properties") {
        let props = crate::check::parse_properties(text);
        Tree::File(
            Format::Properties,
            Box::new(Tree::Map(
                props
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), Tree::Leaf(Json::String(v.into_owned()))))
                    .collect(),
            )),
        )
    } else {
        lines()
    }
}

fn toml_tree(v: &toml::Value) -> Tree {
    match v {
        toml::Value::Table(t) => {
            Tree::Map(t.iter().map(|(k, v)| (k.clone(), toml_tree(v))).collect())
        }
        toml::Value::Array(a) => Tree::List(a.iter().map(toml_tree).collect()),
        toml::Value::String(s) => Tree::Leaf(Json::String(s.clone())),
        toml::Value::Integer(i) => Tree::Leaf(json!(i)),
        toml::Value::Float(f) => Tree::Leaf(json!(f)),
        toml::Value::Boolean(b) => Tree::Leaf(json!(b)),
        toml::Value::Datetime(d) => Tree::Leaf(Json::String(d.to_string())),
    }
}

fn diff_tree(left: &Tree, right: &Tree, path: &mut Vec<Seg>, out: &mut Vec<Change>) {
    match (left, right) {
        (Tree::Leaf(l), Tree::Leaf(r)) => {
            if l != r {
                out.push(change(path, Op::Changed, Some(l.clone()), Some(r.clone())));
            }
        }
        (Tree::Map(l), Tree::Map(r)) => {
            let mut keys: Vec<&String> = l.keys().chain(r.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let (lv, rv) = (l.get(k), r.get(k));
                path.push(child_seg(k, lv.or(rv)));
                match (lv, rv) {
                    (Some(lv), Some(rv)) => diff_tree(lv, rv, path, out),
                    (Some(lv), None) => flatten(lv, Op::Removed, path, out),
                    (None, Some(rv)) => flatten(rv, Op::Added, path, out),
                    (None, None) => {}
                }
                path.pop();
            }
        }
        (Tree::List(l), Tree::List(r)) => diff_list(l, r, path, out),
        (Tree::Lines(l), Tree::Lines(r)) => diff_lines(l, r, path, out),
        (Tree::File(lf, l), Tree::File(rf, r)) if lf == rf => diff_tree(l, r, path, out),
        _ => {
            if left != right {
                flatten(left, Op::Removed, path, out);
                flatten(right, Op::Added, path, out);
            }
        }
    }
}

/// The path step to a map's child: a configuration file's entry carries its format.
fn child_seg(key: &str, child: Option<&Tree>) -> Seg {
    match child {
        Some(Tree::File(format, _)) => Seg::Entry {
            name: key.to_owned(),
            format: *format,
        },
        _ => Seg::Key(key.to_owned()),
    }
}

/// Lists of named things (containers, env, ports, volumes, datasources) are matched by
/// name, so inserting one item does not show every later item as changed.
fn diff_list(left: &[Tree], right: &[Tree], path: &mut Vec<Seg>, out: &mut Vec<Change>) {
    let Some(key) = identity_key(left, right) else {
        for i in 0..left.len().max(right.len()) {
            path.push(Seg::Index(i));
            match (left.get(i), right.get(i)) {
                (Some(l), Some(r)) => diff_tree(l, r, path, out),
                (Some(l), None) => flatten(l, Op::Removed, path, out),
                (None, Some(r)) => flatten(r, Op::Added, path, out),
                (None, None) => {}
            }
            path.pop();
        }
        return;
    };
    let id = |t: &Tree| identity(t, key).unwrap_or_default();
    for r in right {
        path.push(Seg::Item {
            key: key.to_owned(),
            value: id(r),
        });
        match left.iter().find(|l| id(l) == id(r)) {
            Some(l) => diff_tree(l, r, path, out),
            None => flatten(r, Op::Added, path, out),
        }
        path.pop();
    }
    for l in left
        .iter()
        .filter(|l| !right.iter().any(|r| id(r) == id(l)))
    {
        path.push(Seg::Item {
            key: key.to_owned(),
            value: id(l),
        });
        flatten(l, Op::Removed, path, out);
        path.pop();
    }
}

fn identity_key(left: &[Tree], right: &[Tree]) -> Option<&'static str> {
    ["name", "id", "containerPort", "mountPath"]
        .into_iter()
        .find(|key| {
            [left, right].iter().all(|items| {
                let ids: Vec<String> = items.iter().filter_map(|t| identity(t, key)).collect();
                let mut unique = ids.clone();
                unique.sort();
                unique.dedup();
                ids.len() == items.len() && unique.len() == ids.len()
            }) && !(left.is_empty() && right.is_empty())
        })
}

fn identity(t: &Tree, key: &str) -> Option<String> {
    let Tree::Map(m) = t else { return None };
    match m.get(key)? {
        Tree::Leaf(Json::String(s)) => Some(s.clone()),
        Tree::Leaf(v @ (Json::Number(_) | Json::Bool(_))) => Some(v.to_string()),
        _ => None,
    }
}

fn diff_lines(left: &[String], right: &[String], path: &mut Vec<Seg>, out: &mut Vec<Change>) {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    for op in capture_diff_slices(Algorithm::Myers, left, right) {
        let (removed, added) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (0..0, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        for i in removed {
            path.push(Seg::Line(i + 1));
            out.push(change(
                path,
                Op::Removed,
                Some(Json::String(left[i].clone())),
                None,
            ));
            path.pop();
        }
        for i in added {
            path.push(Seg::Line(i + 1));
            out.push(change(
                path,
                Op::Added,
                None,
                Some(Json::String(right[i].clone())),
            ));
            path.pop();
        }
    }
}

/// Every leaf of an added or removed subtree, so each is masked on its own merits.
fn flatten(t: &Tree, op: Op, path: &mut Vec<Seg>, out: &mut Vec<Change>) {
    let leaf = |path: &[Seg], v: Json, out: &mut Vec<Change>| {
        let (l, r) = if op == Op::Added {
            (None, Some(v))
        } else {
            (Some(v), None)
        };
        out.push(change(path, op, l, r));
    };
    match t {
        Tree::Leaf(v) => leaf(path, v.clone(), out),
        Tree::Map(m) if m.is_empty() => leaf(path, json!({}), out),
        Tree::List(a) if a.is_empty() => leaf(path, json!([]), out),
        Tree::Map(m) => {
            // An item's identity is already in the path; repeat it only if it is all there is.
            let item_key = match path.last() {
                Some(Seg::Item { key, .. }) if m.len() > 1 => Some(key.clone()),
                _ => None,
            };
            for (k, v) in m {
                if item_key.as_deref() == Some(k) {
                    continue;
                }
                path.push(child_seg(k, Some(v)));
                flatten(v, op, path, out);
                path.pop();
            }
        }
        Tree::List(a) => {
            let key = identity_key(a, &[]);
            for (i, v) in a.iter().enumerate() {
                path.push(match key {
                    Some(key) => Seg::Item {
                        key: key.to_owned(),
                        value: identity(v, key).unwrap_or_default(),
                    },
                    None => Seg::Index(i),
                });
                flatten(v, op, path, out);
                path.pop();
            }
        }
        Tree::Lines(lines) => {
            for (i, l) in lines.iter().enumerate() {
                path.push(Seg::Line(i + 1));
                leaf(path, Json::String(l.clone()), out);
                path.pop();
            }
        }
        Tree::File(_, inner) => flatten(inner, op, path, out),
    }
}

fn change(path: &[Seg], op: Op, left: Option<Json>, right: Option<Json>) -> Change {
    Change {
        secret: is_secret_path(path),
        path: path.to_vec(),
        op,
        left,
        right,
    }
}

/// Secret data, anything under a `[secrets]` table, and any value whose own name (or, for
/// an `env` item's `value`, the variable's name) looks like a credential.
fn is_secret_path(path: &[Seg]) -> bool {
    if path.iter().any(|s| {
        matches!(
            s,
            Seg::Entry {
                format: Format::Secret,
                ..
            }
        ) || *s == Seg::Key("secrets".into())
    }) {
        return true;
    }
    for seg in path.iter().rev() {
        match seg {
            Seg::Key(k) if k == "value" => {}
            Seg::Key(k) | Seg::Item { value: k, .. } => return is_secret_name(k),
            Seg::Index(_) => {}
            Seg::Entry { .. } | Seg::Line(_) => return false,
        }
    }
    false
}

/// `password`, `keyPassword`, `key_password`, `DB_PASSWORD`, `clientSecret`, `token`,
/// `secretId`, ... but not `secretName` or `secretKey`, which name where a secret is kept.
pub fn is_secret_name(name: &str) -> bool {
    // These values name a Kubernetes Secret object; the name itself is not secret, and a
    // reviewer needs to see it change.
    if matches!(name, "tlsSecret" | "serviceAccountKeySecret") {
        return false;
    }
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    let Some(last) = words.last() else {
        return false;
    };
    let joined = words.concat();
    matches!(
        last.as_str(),
        "password"
            | "passwd"
            | "pwd"
            | "passphrase"
            | "secret"
            | "token"
            | "credential"
            | "credentials"
            | "apikey"
    ) || ["secretid", "apikey", "privatekey", "accesskey"]
        .iter()
        .any(|s| joined.ends_with(s) && !joined.ends_with("secretkey"))
}

/// How to print a report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    pub show_secrets: bool,
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Style {
    fn paint(self, out: &mut String, color: &str, text: &str) {
        if self.color {
            let _ = write!(out, "{color}{text}{RESET}");
        } else {
            out.push_str(text);
        }
    }
}

/// The object differences as text; `left` and `right` name the two sides.
pub fn objects_text(diffs: &[ObjectDiff], left: &str, right: &str, style: Style) -> String {
    let mut out = String::new();
    for d in diffs {
        write_object(&mut out, d, left, right, style);
    }
    out
}

/// One object's header and changes.
pub fn write_object(out: &mut String, d: &ObjectDiff, left: &str, right: &str, style: Style) {
    let named = |s: &Side| match &s.file {
        Some(f) => format!("{} ({f})", s.name),
        None => s.name.clone(),
    };
    let (color, header) = match (d.status, &d.left, &d.right) {
        (Status::Added, _, Some(r)) => {
            (GREEN, format!("+ {} {}: only in {right}", d.kind, named(r)))
        }
        (Status::Removed, Some(l), _) => {
            (RED, format!("- {} {}: only in {left}", d.kind, named(l)))
        }
        (Status::Renamed, Some(l), Some(r)) => (
            YELLOW,
            format!("~ {} {} → {} (renamed)", d.kind, named(l), named(r)),
        ),
        (_, _, Some(s)) | (_, Some(s), None) => (YELLOW, format!("~ {} {}", d.kind, named(s))),
        (_, None, None) => (YELLOW, format!("~ {}", d.kind)),
    };
    if style.color {
        let _ = write!(out, "{BOLD}{color}{header}{RESET}");
    } else {
        out.push_str(&header);
    }
    out.push('\n');
    write_changes(out, &d.changes, 4, style);
}

/// Changes one per line, those inside a configuration file under the file's path.
pub fn write_changes(out: &mut String, changes: &[Change], indent: usize, style: Style) {
    let mut current_entry: Option<String> = None;
    for c in changes {
        let split = c.path.iter().position(|s| matches!(s, Seg::Entry { .. }));
        let (pad, shown) = if let Some(i) = split {
            let entry = object_path(&c.path[..=i]);
            if current_entry.as_deref() != Some(&entry) {
                let _ = writeln!(out, "{:indent$}{entry}", "");
                current_entry = Some(entry);
            }
            let Seg::Entry { format, .. } = &c.path[i] else {
                unreachable!()
            };
            (indent + 2, file_path(*format, &c.path[i + 1..]))
        } else {
            current_entry = None;
            (indent, object_path(&c.path))
        };
        let mut line = format!("{} ", c.op.marker());
        if !shown.is_empty() {
            let _ = write!(line, "{shown}: ");
        }
        line.push_str(&values_text(c, style.show_secrets));
        let color = match c.op {
            Op::Added => GREEN,
            Op::Removed => RED,
            Op::Changed => YELLOW,
        };
        let _ = write!(out, "{:pad$}", "");
        style.paint(out, color, &line);
        out.push('\n');
    }
}

fn values_text(c: &Change, show_secrets: bool) -> String {
    if c.secret && !show_secrets {
        let bytes = c
            .right
            .as_ref()
            .or(c.left.as_ref())
            .map_or(0, |v| scalar_text(v).len());
        return format!("<redacted, {bytes} bytes, {}>", c.op.as_str());
    }
    let line = c.path.last().is_some_and(|s| matches!(s, Seg::Line(_)));
    let show = |v: &Json| {
        if line { scalar_text(v) } else { v.to_string() }
    };
    match (&c.left, &c.right) {
        (Some(l), Some(r)) => format!("{} → {}", show(l), show(r)),
        (Some(v), None) | (None, Some(v)) => show(v),
        (None, None) => String::new(),
    }
}

fn scalar_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        v => v.to_string(),
    }
}

/// `spec.template.spec.containers[wso2mi].env[JAVA_MEM_OPTS].value`,
/// `metadata.annotations["checksum.mi.toml"]`.
fn object_path(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            // A file name reads better as is: `data.deployment.toml`.
            Seg::Entry { name, .. } => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(name);
            }
            Seg::Key(k) => {
                if k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                    && !k.is_empty()
                {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                } else {
                    let _ = write!(s, "[{}]", Json::String(k.clone()));
                }
            }
            Seg::Index(i) => {
                let _ = write!(s, "[{i}]");
            }
            Seg::Item { value, .. } => {
                let _ = write!(s, "[{value}]");
            }
            Seg::Line(n) => {
                let _ = write!(s, "{}line {n}", if s.is_empty() { "" } else { " " });
            }
        }
    }
    s
}

/// A path inside a configuration file: `[server] hostname`, `[datasource[WSO2CarbonDB]]
/// password`, a properties key as is, `line 9`.
fn file_path(format: Format, path: &[Seg]) -> String {
    match format {
        Format::Toml => {
            let Some(last_key) = path.iter().rposition(|s| matches!(s, Seg::Key(_))) else {
                return object_path(path);
            };
            let key = toml_path(&path[last_key..]);
            if last_key == 0 {
                key
            } else {
                format!("[{}] {key}", toml_path(&path[..last_key]))
            }
        }
        Format::Properties => path
            .iter()
            .map(|s| match s {
                Seg::Key(k) => k.clone(),
                other => object_path(std::slice::from_ref(other)),
            })
            .collect(),
        Format::Lines | Format::Secret => object_path(path),
    }
}

fn toml_path(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(&crate::escape::toml_key(k));
            }
            other => s.push_str(&object_path(std::slice::from_ref(other))),
        }
    }
    s
}

/// One change as JSON (the shape is documented in the README).
pub fn change_json(c: &Change, show_secrets: bool) -> Json {
    let masked = c.secret && !show_secrets;
    let value = |v: &Option<Json>| match v {
        None => Json::Null,
        Some(v) if masked => json!({"redacted": true, "bytes": scalar_text(v).len()}),
        Some(v) => v.clone(),
    };
    let split = c.path.iter().position(|s| matches!(s, Seg::Entry { .. }));
    let (path, file, key) = match split {
        Some(i) => {
            let Seg::Entry { format, name } = &c.path[i] else {
                unreachable!()
            };
            let entry = object_path(&c.path[..=i]);
            let key = file_path(*format, &c.path[i + 1..]);
            let full = if key.is_empty() {
                entry
            } else {
                format!("{entry} {key}")
            };
            (full, Some(name.clone()), Some(key))
        }
        None => (object_path(&c.path), None, None),
    };
    let mut j = json!({
        "op": c.op.as_str(),
        "path": path,
        "left": value(&c.left),
        "right": value(&c.right),
        "secret": c.secret,
    });
    if let (Some(file), Some(key)) = (file, key) {
        j["file"] = json!(file);
        j["key"] = json!(key);
    }
    j
}

pub fn objects_json(diffs: &[ObjectDiff], show_secrets: bool) -> Json {
    let side = |s: &Option<Side>| match s {
        Some(Side { name, file: None }) => json!({ "name": name }),
        Some(Side {
            name,
            file: Some(file),
        }) => json!({ "name": name, "file": file }),
        None => Json::Null,
    };
    json!({
        "differences": !diffs.is_empty(),
        "objects": diffs.iter().map(|d| json!({
            "status": d.status.as_str(),
            "kind": d.kind,
            "left": side(&d.left),
            "right": side(&d.right),
            "changes": d.changes.iter().map(|c| change_json(c, show_secrets)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A one-line count of what differs.
pub fn summary(diffs: &[ObjectDiff], total: usize) -> String {
    summary_with(diffs, total, ["added", "removed"])
}

/// [`summary`] with other words for objects only on the right and only on the left.
pub fn summary_with(diffs: &[ObjectDiff], total: usize, words: [&str; 2]) -> String {
    if diffs.is_empty() {
        return format!("no differences ({total} objects)");
    }
    let count = |s: Status| diffs.iter().filter(|d| d.status == s).count();
    let parts: Vec<String> = [
        Status::Changed,
        Status::Renamed,
        Status::Added,
        Status::Removed,
    ]
    .into_iter()
    .filter(|s| count(*s) > 0)
    .map(|s| {
        let word = match s {
            Status::Added => words[0],
            Status::Removed => words[1],
            s => s.as_str(),
        };
        format!("{} {word}", count(s))
    })
    .collect();
    format!(
        "{} of {total} objects differ: {}",
        diffs.len(),
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_names_are_secret_and_references_are_not() {
        for name in [
            "password",
            "keyPassword",
            "key_password",
            "DB_PASSWORD",
            "clientSecret",
            "token",
            "secretId",
            "super_admin_password",
            "connection_password",
            "keystore.identity.store.password",
            "API_KEY",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "secretName",
            "secretKey",
            "secretProviderClass",
            "tlsSecret",
            "serviceAccountKeySecret",
            "username",
            "hostname",
            "tokenStoreConfig",
            "JAVA_MEM_OPTS",
            "",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn env_items_are_matched_by_name_and_their_secret_values_masked() {
        let env = |items: Json| Doc {
            kind: "Deployment".into(),
            name: "d".into(),
            template: "t".into(),
            file: None,
            object: json!({"kind": "Deployment", "spec": {"env": items}}),
        };
        let left = env(json!([{"name": "A", "value": "1"}, {"name": "DB_PASSWORD", "value": "x"}]));
        let right = env(
            json!([{"name": "NEW", "value": "n"}, {"name": "A", "value": "1"},
            {"name": "DB_PASSWORD", "value": "yy"}]),
        );
        let diffs = diff_objects(&[left], &[right]);
        let text = objects_text(&diffs, "l", "r", Style::default());
        assert_eq!(
            text,
            "~ Deployment d\n    + spec.env[NEW].value: \"n\"\n    \
             ~ spec.env[DB_PASSWORD].value: <redacted, 2 bytes, changed>\n"
        );
    }

    #[test]
    fn toml_changes_are_shown_by_table_and_key() {
        let cm = |toml: &str| Doc {
            kind: "ConfigMap".into(),
            name: "c".into(),
            template: "t".into(),
            file: None,
            object: json!({"kind": "ConfigMap", "data": {"deployment.toml": toml}}),
        };
        let left =
            cm("[server]\nhostname = \"dev\"\n[[datasource]]\nid = \"DB\"\npassword = \"a\"\n");
        let right =
            cm("[server]\nhostname = \"prod\"\n[[datasource]]\nid = \"DB\"\npassword = \"b\"\n");
        let diffs = diff_objects(&[left], &[right]);
        let text = objects_text(&diffs, "l", "r", Style::default());
        assert_eq!(
            text,
            "~ ConfigMap c\n    data.deployment.toml\n      \
             ~ [datasource[DB]] password: <redacted, 1 bytes, changed>\n      \
             ~ [server] hostname: \"dev\" → \"prod\"\n"
        );
        let shown = objects_text(
            &diffs,
            "l",
            "r",
            Style {
                color: false,
                show_secrets: true,
            },
        );
        assert!(shown.contains("password: \"a\" → \"b\""), "{shown}");
    }

    fn one(kind: &str, data: &Json) -> Doc {
        Doc {
            kind: kind.into(),
            name: "x".into(),
            template: "t".into(),
            file: None,
            object: json!({"kind": kind, "data": data.clone()}),
        }
    }

    #[test]
    fn secret_data_is_decoded_and_masked_properties_and_scripts_keyed() {
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let diffs = diff_objects(
            &[
                one("Secret", &json!({"token": b64("abc")})),
                one(
                    "ConfigMap",
                    &json!({"a.properties": "x.y = 1\nkeystore.password = p1\n",
                    "run.sh": "#!/bin/sh\necho one\nexit 0\n"}),
                ),
            ],
            &[
                one("Secret", &json!({"token": b64("abcd")})),
                one(
                    "ConfigMap",
                    &json!({"a.properties": "x.y=2\nkeystore.password = p2\n",
                    "run.sh": "#!/bin/sh\necho two\nexit 0\n"}),
                ),
            ],
        );
        let text = objects_text(&diffs, "l", "r", Style::default());
        assert_eq!(
            text,
            "~ Secret x\n    data.token\n      ~ <redacted, 4 bytes, changed>\n\
             ~ ConfigMap x\n    data.a.properties\n      \
             ~ keystore.password: <redacted, 2 bytes, changed>\n      \
             ~ x.y: \"1\" → \"2\"\n    data.run.sh\n      \
             - line 2: echo one\n      + line 2: echo two\n"
        );
        assert!(!text.contains("abc"));
    }
}
