//! The values a render starts from: chart defaults, then `-f` files, then `--set-json`,
//! `--set` and `--set-string` flags, merged with helm's rules, remembering where each
//! path came from so errors can point at it.

use std::fmt::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use serde_yaml_ng::{Mapping, Value};

use crate::set_flag::{self, SetKind, Step};

/// Where a layer of values came from.
#[derive(Debug, Clone)]
pub enum Origin {
    File { name: String, text: String },
    Flag(String),
}

#[derive(Debug, Clone)]
struct Layer {
    origin: Origin,
    tree: Value,
}

#[derive(Debug, Clone)]
pub struct ValueLayers {
    defaults: Layer,
    user: Vec<Layer>,
    /// User files and flags merged so far, without defaults.
    merged_user: Value,
}

impl ValueLayers {
    pub fn new(defaults_name: &str, defaults_text: &str) -> Result<ValueLayers> {
        let tree = parse_yaml(defaults_name, defaults_text)?;
        Ok(ValueLayers {
            defaults: Layer {
                origin: Origin::File {
                    name: defaults_name.to_owned(),
                    text: defaults_text.to_owned(),
                },
                tree,
            },
            user: Vec::new(),
            merged_user: Value::Mapping(Mapping::new()),
        })
    }

    /// Adds a `-f` file; `-` reads standard input.
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        let name = path.display().to_string();
        let text = if name == "-" {
            std::io::read_to_string(std::io::stdin()).context("cannot read values from stdin")?
        } else {
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read values file {name}"))?
        };
        self.add_text(&name, text)
    }

    /// Adds a values document held in memory (a file's text).
    pub fn add_text(&mut self, name: &str, text: String) -> Result<()> {
        let tree = parse_yaml(name, &text)?;
        merge_user(&mut self.merged_user, tree.clone());
        self.user.push(Layer {
            origin: Origin::File {
                name: name.to_owned(),
                text,
            },
            tree,
        });
        Ok(())
    }

    /// Adds one `--set`, `--set-string` or `--set-json` argument.
    pub fn add_flag(&mut self, kind: SetKind, arg: &str) -> Result<()> {
        let flag = format!("{} {arg}", kind.flag());
        let assignments = set_flag::parse(arg, kind).with_context(|| format!("in `{flag}`"))?;
        let mut tree = Value::Null;
        for (path, value) in assignments {
            // Flags write into the merged user values, so `a[1].b=x` edits an item of a
            // list a file gave instead of replacing the list.
            set_flag::assign(&mut self.merged_user, &path, value.clone());
            set_flag::assign(&mut tree, &path, value);
        }
        self.user.push(Layer {
            origin: Origin::Flag(flag),
            tree,
        });
        Ok(())
    }

    /// Defaults with every user layer on top: maps merge deeply, anything else replaces,
    /// and a user `null` deletes the default.
    pub fn merged(&self) -> Value {
        let mut tree = self.defaults.tree.clone();
        coalesce(&mut tree, self.merged_user.clone());
        tree
    }

    /// The last layer that sets `path` (or its nearest parent), as `origin:line:col` and
    /// the line itself when the layer is a file.
    pub fn locate(&self, path: &[Step]) -> Option<Location> {
        for depth in (1..=path.len()).rev() {
            let prefix = &path[..depth];
            for layer in self
                .user
                .iter()
                .rev()
                .chain(std::iter::once(&self.defaults))
            {
                if let Some(found) = layer.locate(prefix) {
                    return Some(found);
                }
            }
        }
        None
    }
}

/// A place in a values file or flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub origin: String,
    /// 1-based line and column, with the line's text, for file layers.
    pub line: Option<(usize, usize, String)>,
}

impl std::fmt::Display for Location {
    /// `--> file:line:col`, then the line with a caret under the column.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.line {
            Some((line, col, text)) => {
                let gutter = line.to_string().len();
                writeln!(f, "--> {}:{line}:{col}", self.origin)?;
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{line} | {text}")?;
                write!(f, "{:gutter$} | {:>col$}", "", "^")
            }
            None => write!(f, "--> {}", self.origin),
        }
    }
}

impl Layer {
    fn locate(&self, path: &[Step]) -> Option<Location> {
        lookup(&self.tree, path)?;
        match &self.origin {
            Origin::Flag(flag) => Some(Location {
                origin: flag.clone(),
                line: None,
            }),
            Origin::File { name, text } => Some(Location {
                origin: name.clone(),
                line: find_line(text, path),
            }),
        }
    }
}

fn lookup<'a>(tree: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(tree, |node, step| match step {
        Step::Key(k) => node.as_mapping()?.get(k.as_str()),
        Step::Index(i) => node.as_sequence()?.get(*i),
    })
}

/// Finds the line of a block-style YAML key path. It follows indentation, which covers
/// the way values files are written; flow-style maps fall back to the nearest parent.
fn find_line(text: &str, path: &[Step]) -> Option<(usize, usize, String)> {
    let keys: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Index(_) => None,
        })
        .collect();
    let mut stack: Vec<(usize, String)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
            continue;
        }
        let mut indent = line.len() - trimmed.len();
        let mut body = trimmed;
        while let Some(rest) = body.strip_prefix("- ") {
            indent += 2 + rest.len() - rest.trim_start().len();
            body = rest.trim_start();
        }
        let Some(key) = yaml_key(body) else { continue };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        stack.push((indent, key));
        if stack.len() == keys.len() && stack.iter().zip(&keys).all(|((_, a), b)| a == b) {
            return Some((n + 1, indent + 1, line.to_owned()));
        }
    }
    None
}

fn yaml_key(body: &str) -> Option<String> {
    for quote in ['"', '\''] {
        if let Some(rest) = body.strip_prefix(quote) {
            let end = rest.find(quote)?;
            return rest[end + 1..]
                .trim_start()
                .starts_with(':')
                .then(|| rest[..end].to_owned());
        }
    }
    let colon = body
        .find(": ")
        .or_else(|| body.strip_suffix(':').map(str::len))?;
    let key = body[..colon].trim_end();
    (!key.is_empty() && !key.contains(['{', '[', '#'])).then(|| key.to_owned())
}

/// Merges a later user layer into earlier ones; nulls are kept so that they can delete
/// defaults later.
fn merge_user(base: &mut Value, overlay: Value) {
    match (base, overlay) {
        (Value::Mapping(base), Value::Mapping(overlay)) => {
            for (k, v) in overlay {
                match base.get_mut(&k) {
                    Some(slot) if slot.is_mapping() && v.is_mapping() => merge_user(slot, v),
                    _ => {
                        base.insert(k, v);
                    }
                }
            }
        }
        (base, overlay) => *base = overlay,
    }
}

fn coalesce(defaults: &mut Value, user: Value) {
    match (defaults, user) {
        (Value::Mapping(defaults), Value::Mapping(user)) => {
            for (k, v) in user {
                if v.is_null() {
                    defaults.remove(&k);
                    continue;
                }
                match defaults.get_mut(&k) {
                    Some(slot) if slot.is_mapping() && v.is_mapping() => coalesce(slot, v),
                    _ => {
                        defaults.insert(k, strip_nulls(v));
                    }
                }
            }
        }
        (defaults, user) => *defaults = strip_nulls(user),
    }
}

/// A null inside a map a user adds has nothing to delete; helm drops it.
fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Mapping(m) => Value::Mapping(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Parses one YAML document; an empty file is an empty map. Syntax errors point at
/// `file:line:col` and show the line.
pub fn parse_yaml(name: &str, text: &str) -> Result<Value> {
    let value: Value = match serde_yaml_ng::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let mut msg = format!("{name} is not valid YAML: {e}");
            if let Some(loc) = e.location() {
                let line = text.lines().nth(loc.line() - 1).unwrap_or_default();
                let at = Location {
                    origin: name.to_owned(),
                    line: Some((loc.line(), loc.column(), line.to_owned())),
                };
                let _ = write!(msg, "\n  {}", at.to_string().replace('\n', "\n  "));
            }
            return Err(anyhow!(msg));
        }
    };
    match value {
        Value::Null => Ok(Value::Mapping(Mapping::new())),
        Value::Mapping(_) => Ok(value),
        _ => Err(anyhow!(
            "{name}: the values must be a map of keys at the top level"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layers(defaults: &str, files: &[&str]) -> ValueLayers {
        let mut l = ValueLayers::new("defaults", defaults).unwrap();
        for (i, f) in files.iter().enumerate() {
            l.add_text(&format!("f{i}.yaml"), (*f).to_owned()).unwrap();
        }
        l
    }

    fn yaml(s: &str) -> Value {
        serde_yaml_ng::from_str(s).unwrap()
    }

    #[test]
    fn maps_merge_lists_replace_nulls_delete() {
        let l = layers(
            "a: {b: 1, c: 2, l: [1, 2]}\nd: 3",
            &[
                "a: {b: 10, l: [9]}",
                "a: {c: null}\nd: null\ne: {f: null, g: 1}",
            ],
        );
        assert_eq!(l.merged(), yaml("a: {b: 10, l: [9]}\ne: {g: 1}"));
    }

    #[test]
    fn flags_apply_in_order_over_files() {
        let mut l = layers("a: {b: 1}", &["l: [{name: x}, {name: y}]"]);
        l.add_flag(SetKind::Json, r#"a={"c":2}"#).unwrap();
        l.add_flag(SetKind::Typed, "l[1].name=z,a.b=5").unwrap();
        l.add_flag(SetKind::String, "a.b=6").unwrap();
        assert_eq!(
            l.merged(),
            yaml("a: {b: '6', c: 2}\nl: [{name: x}, {name: z}]")
        );
    }

    #[test]
    fn locates_the_last_layer_that_sets_a_path() {
        let mut l = layers(
            "wso2:\n  config:\n    portOffset: 10\n",
            &["# c\nwso2:\n  config:\n    portOffset: ten\n"],
        );
        let path = [
            Step::Key("wso2".into()),
            Step::Key("config".into()),
            Step::Key("portOffset".into()),
        ];
        let at = l.locate(&path).unwrap();
        assert_eq!(at.origin, "f0.yaml");
        assert_eq!(at.line, Some((4, 5, "    portOffset: ten".into())));
        l.add_flag(SetKind::Typed, "wso2.config.portOffset=1")
            .unwrap();
        assert_eq!(
            l.locate(&path).unwrap().origin,
            "--set wso2.config.portOffset=1"
        );
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let err = parse_yaml("bad.yaml", "a:\n  b: 1\n c: [x\n").unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("bad.yaml:3:"), "{text}");
    }
}
