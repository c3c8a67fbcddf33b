//! Typing the merged values tree, and errors that name the values path, where it came
//! from and what was expected.

use std::fmt::Write;

use anyhow::{Result, anyhow};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use serde_path_to_error::Segment;
use serde_yaml_ng::Value;

use crate::set_flag::Step;
use crate::validate::Problem;
use crate::value_layers::{Location, ValueLayers};

/// Deserializes the merged values into the chart's typed model, refusing unknown keys.
pub fn typed<T: DeserializeOwned + JsonSchema>(layers: &ValueLayers) -> Result<T> {
    typed_with(layers, false, &mut |_| {})
}

/// Deserializes the merged values into the chart's typed model.
///
/// A first pass walks the whole tree against the schema generated from `T`, so every
/// unknown key and wrong type is reported in one run (serde stops at the first). With
/// `lenient`, unknown keys are dropped with a warning each instead. The typed model stays
/// the judge: serde then deserializes what the first pass let through.
pub fn typed_with<T: DeserializeOwned + JsonSchema>(
    layers: &ValueLayers,
    lenient: bool,
    warn: &mut dyn FnMut(&str),
) -> Result<T> {
    if !lenient {
        // The first pass refuses exactly what serde refuses, only in better words and all
        // at once, so values serde accepts need neither it nor the generated schema (which
        // costs more than typing the values).
        if let Ok(values) = layers.deserialize_merged::<T>() {
            return Ok(values);
        }
    }
    let (tree, errors, warnings) = checked_tree::<T>(layers, lenient);
    for w in &warnings {
        warn(&one_line(layers, w));
    }
    if !errors.is_empty() {
        return Err(report(layers, &errors));
    }
    deserialize(layers, tree)
}

/// The merged values with the first pass applied: the tree (unknown keys removed when
/// `lenient`), the problems that refuse it, and the problems that only warn.
pub fn checked_tree<T: JsonSchema>(
    layers: &ValueLayers,
    lenient: bool,
) -> (Value, Vec<Problem>, Vec<Problem>) {
    let schema = crate::schema::schema_of::<T>();
    let mut tree = layers.merged();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for found in SchemaCheck::new(&schema).check(&tree) {
        if lenient && found.unknown_key {
            remove(&mut tree, &found.problem.path);
            let mut p = found.problem;
            p.message.push_str("; ignored (--lenient)");
            warnings.push(p);
        } else {
            errors.push(found.problem);
        }
    }
    (tree, errors, warnings)
}

/// A problem as one line: `path: message (at file:line:col)`.
pub fn one_line(layers: &ValueLayers, p: &Problem) -> String {
    let mut text = format!("{}: {}", display_path(&p.path), p.message);
    if let Some(at) = locate(layers, &p.path) {
        match at.line {
            Some((line, col, _)) => {
                let _ = write!(text, " (at {}:{line}:{col})", at.origin);
            }
            None => {
                let _ = write!(text, " (from `{}`)", at.origin);
            }
        }
    }
    text
}

fn remove(tree: &mut Value, path: &[Step]) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    let node = parent.iter().try_fold(tree, |node, step| match step {
        Step::Key(k) => node.as_mapping_mut()?.get_mut(k.as_str()),
        Step::Index(i) => node.as_sequence_mut()?.get_mut(*i),
    });
    if let (Some(Value::Mapping(m)), Step::Key(k)) = (node, last) {
        m.remove(k.as_str());
    }
}

/// Deserializes a (checked) values tree; a failure names the path and where it was set.
pub fn deserialize<T: DeserializeOwned>(layers: &ValueLayers, tree: Value) -> Result<T> {
    serde_path_to_error::deserialize(tree).map_err(|e| {
        let mut steps: Vec<Step> = e
            .path()
            .iter()
            .filter_map(|s| match s {
                Segment::Map { key } => Some(Step::Key(key.clone())),
                Segment::Seq { index } => Some(Step::Index(*index)),
                _ => None,
            })
            .collect();
        let inner = e.inner().to_string();
        let message = match unknown_field(&inner) {
            Some((field, expected)) => {
                if steps.last() != Some(&Step::Key(field.clone())) {
                    steps.push(Step::Key(field.clone()));
                }
                let hint = closest(&field, &expected)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                format!(
                    "unknown key `{field}`{hint} (known keys here: {})",
                    expected.join(", ")
                )
            }
            None => plain_types(&hide_secret(&steps, &inner)),
        };
        report(
            layers,
            &[Problem {
                path: steps,
                message,
            }],
        )
    })
}

/// All problems in one error, each with its path and where the value came from.
pub fn report(layers: &ValueLayers, problems: &[Problem]) -> anyhow::Error {
    let mut text = if problems.len() == 1 {
        "invalid values:".to_owned()
    } else {
        format!("{} problems in the values:", problems.len())
    };
    for p in problems {
        let _ = write!(text, "\n  {}: {}", display_path(&p.path), p.message);
        if let Some(at) = locate(layers, &p.path) {
            let _ = write!(text, "\n    {}", at.to_string().replace('\n', "\n    "));
        }
    }
    anyhow!(text)
}

/// serde names Rust types; users know numbers.
fn plain_types(msg: &str) -> String {
    msg.replace("expected u32", "expected a whole number, 0 or more")
        .replace("expected u16", "expected a whole number from 0 to 65535")
        .replace("expected u64", "expected a whole number, 0 or more")
        .replace("expected i64", "expected an integer")
        .replace("expected i32", "expected an integer")
}

pub fn display_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    if out.is_empty() {
        "(top level)".into()
    } else {
        out
    }
}

/// serde's "unknown field \`x\`, expected one of \`a\`, \`b\`" as the field and the choices.
fn unknown_field(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let field = rest[..end].to_owned();
    let expected = rest[end..]
        .split('`')
        .skip(2)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((field, expected))
}

fn closest(field: &str, choices: &[String]) -> Option<String> {
    let lower = field.to_lowercase();
    choices
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Keeps passwords and tokens out of messages: serde quotes the offending value.
fn hide_secret(steps: &[Step], msg: &str) -> String {
    if !is_secret_path(steps) {
        return msg.to_owned();
    }
    match (msg.find("invalid "), msg.find(", expected")) {
        (Some(0), Some(end)) => format!("wrong type (value not shown){}", &msg[end..]),
        _ => "invalid value (not shown)".to_owned(),
    }
}

/// A problem found by the first pass; unknown keys are told apart for `--lenient`.
#[derive(Debug, Clone)]
pub struct Found {
    pub problem: Problem,
    pub unknown_key: bool,
}

/// Checks a values tree against a generated JSON Schema, in user words. It knows the
/// keywords schemars emits for the model (`type`, `properties`, `additionalProperties`,
/// `required`, `items`, `enum`, `const`, `anyOf`, `oneOf`, `allOf`, `$ref`, `minimum`,
/// `format`, and the one `pattern` of whole numbers written as strings).
pub struct SchemaCheck<'a> {
    root: &'a Json,
}

impl<'a> SchemaCheck<'a> {
    pub fn new(root: &'a Json) -> Self {
        SchemaCheck { root }
    }

    pub fn check(&self, tree: &Value) -> Vec<Found> {
        let mut out = Vec::new();
        self.walk(self.root, tree, &mut Vec::new(), &mut out);
        out
    }

    fn resolve(&self, schema: &'a Json) -> &'a Json {
        crate::schema::resolve(self.root, schema)
    }

    fn branches(&self, schema: &'a Json) -> Option<Vec<&'a Json>> {
        let list = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))?
            .as_array()?;
        Some(list.iter().map(|b| self.resolve(b)).collect())
    }

    /// Whether `value` is of a kind the schema could accept (before looking inside it).
    fn accepts_kind(&self, schema: &'a Json, value: &Value) -> bool {
        let schema = self.resolve(schema);
        if let Some(types) = schema.get("type") {
            return type_names(types).iter().any(|t| kind_matches(t, value));
        }
        if let Some(branches) = self.branches(schema) {
            return branches.iter().any(|b| self.accepts_kind(b, value));
        }
        if let Some(c) = schema.get("const") {
            return kind_of_json(c) == kind(value);
        }
        if schema.get("properties").is_some() {
            return matches!(untag(value), Value::Mapping(_));
        }
        true
    }

    fn walk(&self, schema: &'a Json, value: &Value, path: &mut Vec<Step>, out: &mut Vec<Found>) {
        let schema = self.resolve(schema);
        let value = untag(value);
        let mut problem = |path: &[Step], message: String| {
            out.push(Found {
                problem: Problem {
                    path: path.to_vec(),
                    message,
                },
                unknown_key: false,
            });
        };
        if let Some(branches) = self.branches(schema) {
            let fitting: Vec<&Json> = branches
                .iter()
                .copied()
                .filter(|b| self.accepts_kind(b, value))
                .collect();
            let mut first_errors = None;
            for b in &fitting {
                let mut errs = Vec::new();
                self.walk(b, value, path, &mut errs);
                if errs.is_empty() {
                    return;
                }
                first_errors.get_or_insert(errs);
            }
            let choices = self.choices(schema);
            match first_errors {
                Some(errs) if choices.is_none() => out.extend(errs),
                _ => problem(path, self.expected(schema, path, value)),
            }
            return;
        }
        if let Some(types) = schema.get("type") {
            if !type_names(types).iter().any(|t| kind_matches(t, value)) {
                problem(path, self.expected(schema, path, value));
                return;
            }
        }
        if self
            .choices(schema)
            .is_some_and(|c| !c.iter().any(|c| json_eq(c, value)))
        {
            problem(path, self.expected(schema, path, value));
            return;
        }
        if let Some(n) = value
            .as_i64()
            .map(i128::from)
            .or(value.as_u64().map(i128::from))
        {
            let min = schema.get("minimum").and_then(Json::as_i64).map(i128::from);
            let max = match schema.get("format").and_then(Json::as_str) {
                Some("uint32") => Some(i128::from(u32::MAX)),
                Some("uint16") => Some(i128::from(u16::MAX)),
                _ => None,
            };
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                problem(path, self.expected(schema, path, value));
                return;
            }
        }
        if let (Some(_), Value::String(s)) = (schema.get("pattern"), value) {
            if s.trim().parse::<i64>().is_err() {
                problem(path, self.expected(schema, path, value));
                return;
            }
        }
        match value {
            Value::Mapping(map) => self.walk_map(schema, map, path, out),
            Value::Sequence(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        path.push(Step::Index(i));
                        self.walk(item_schema, item, path, out);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    fn walk_map(
        &self,
        schema: &'a Json,
        map: &serde_yaml_ng::Mapping,
        path: &mut Vec<Step>,
        out: &mut Vec<Found>,
    ) {
        let properties = schema.get("properties").and_then(Json::as_object);
        let additional = schema.get("additionalProperties");
        for (k, v) in map {
            let key = key_text(k);
            path.push(Step::Key(key.clone()));
            match (properties.and_then(|p| p.get(&key)), additional) {
                (Some(field), _) => self.walk(field, v, path, out),
                (None, Some(Json::Bool(false))) => {
                    let known: Vec<String> = properties
                        .map(|p| p.keys().cloned().collect())
                        .unwrap_or_default();
                    out.push(Found {
                        problem: Problem {
                            path: path.clone(),
                            message: unknown_key_message(&key, &known),
                        },
                        unknown_key: true,
                    });
                }
                (None, Some(extra @ Json::Object(_))) => self.walk(extra, v, path, out),
                (None, _) => {}
            }
            path.pop();
        }
        let required = schema.get("required").and_then(Json::as_array);
        for name in required.into_iter().flatten().filter_map(Json::as_str) {
            if !map.contains_key(name) {
                out.push(Found {
                    problem: Problem {
                        path: path.clone(),
                        message: format!("`{name}` is missing; every entry here needs one"),
                    },
                    unknown_key: false,
                });
            }
        }
    }

    /// The allowed values of an enumeration (`enum`, `const`, or a `oneOf` of them).
    fn choices(&self, schema: &'a Json) -> Option<Vec<&'a Json>> {
        if let Some(list) = schema.get("enum").and_then(Json::as_array) {
            return Some(list.iter().collect());
        }
        if let Some(c) = schema.get("const") {
            return Some(vec![c]);
        }
        let mut all = Vec::new();
        for b in self.branches(schema)? {
            all.extend(self.choices(b)?);
        }
        Some(all)
    }

    /// "expected X, got Y", with Y left out for secrets.
    fn expected(&self, schema: &'a Json, path: &[Step], value: &Value) -> String {
        let want = self.describe(schema);
        let got = if is_secret_path(path) {
            format!("got {} (value not shown)", kind_words(value))
        } else {
            format!("got {}", shown(value))
        };
        format!("expected {want}; {got}")
    }

    fn describe(&self, schema: &'a Json) -> String {
        let schema = self.resolve(schema);
        if let Some(choices) = self.choices(schema) {
            let names: Vec<String> = choices
                .iter()
                .map(|c| match c.as_str() {
                    Some("") => "`\"\"` (none)".to_owned(),
                    Some(s) => format!("`{s}`"),
                    None => c.to_string(),
                })
                .collect();
            return match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("one of {} or {last}", rest.join(", "))
                }
                _ => format!("exactly {}", names.join("")),
            };
        }
        let mut words: Vec<String> = Vec::new();
        let mut add = |w: String| {
            if !w.is_empty() && !words.contains(&w) {
                words.push(w);
            }
        };
        if let Some(branches) = self.branches(schema) {
            for b in branches {
                add(self.describe(b));
            }
        } else if let Some(types) = schema.get("type") {
            for t in type_names(types) {
                add(type_words(t, schema));
            }
        } else if schema.get("properties").is_some() {
            add("a map of keys".to_owned());
        }
        match words.len() {
            0 => "a value".to_owned(),
            1 => words.remove(0),
            _ => {
                let last = words.pop().unwrap_or_default();
                format!("{} or {last}", words.join(", "))
            }
        }
    }
}

fn unknown_key_message(key: &str, known: &[String]) -> String {
    let hint = closest(key, known)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    if known.is_empty() {
        format!("unknown key `{key}`{hint} (nothing can be set here)")
    } else {
        format!(
            "unknown key `{key}`{hint} (known keys here: {})",
            known.join(", ")
        )
    }
}

fn type_names(types: &Json) -> Vec<&str> {
    match types {
        Json::String(t) => vec![t.as_str()],
        Json::Array(list) => list.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

fn type_words(t: &str, schema: &Json) -> String {
    match t {
        "integer" => {
            let min = schema.get("minimum").and_then(Json::as_i64);
            let max = match schema.get("format").and_then(Json::as_str) {
                Some("uint16") => Some(u64::from(u16::MAX)),
                _ => None,
            };
            match (min, max) {
                (Some(lo), Some(hi)) => format!("a whole number from {lo} to {hi}"),
                (Some(lo), None) => format!("a whole number, {lo} or more"),
                _ => "a whole number".to_owned(),
            }
        }
        // The pattern is that of whole numbers written as strings.
        "string" if schema.get("pattern").is_some() => "a whole number".to_owned(),
        "string" => "text".to_owned(),
        "number" => "a number".to_owned(),
        "boolean" => "true or false".to_owned(),
        "object" => "a map of keys".to_owned(),
        "array" => "a list".to_owned(),
        // `key:` with nothing after it is always allowed where null is; not worth saying.
        _ => String::new(),
    }
}

fn untag(value: &Value) -> &Value {
    match value {
        Value::Tagged(t) => untag(&t.value),
        v => v,
    }
}

fn kind(value: &Value) -> &'static str {
    match untag(value) {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Sequence(_) => "array",
        Value::Mapping(_) | Value::Tagged(_) => "object",
    }
}

fn kind_of_json(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn kind_matches(t: &str, value: &Value) -> bool {
    let k = kind(value);
    t == k || (t == "number" && k == "integer")
}

fn json_eq(choice: &Json, value: &Value) -> bool {
    match (choice, untag(value)) {
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Number(a), Value::Number(b)) => a.as_i64().is_some() && a.as_i64() == b.as_i64(),
        (Json::Null, Value::Null) => true,
        _ => false,
    }
}

fn kind_words(value: &Value) -> &'static str {
    match kind(value) {
        "null" => "nothing",
        "boolean" => "true or false",
        "integer" | "number" => "a number",
        "string" => "text",
        "array" => "a list",
        _ => "a map",
    }
}

/// The value as the user wrote it, short.
fn shown(value: &Value) -> String {
    match untag(value) {
        Value::Null => "nothing (an empty value)".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if short.len() < s.len() { "..." } else { "" };
            format!("text `{short}{more}`")
        }
        Value::Sequence(_) => "a list".to_owned(),
        _ => "a map".to_owned(),
    }
}

fn key_text(key: &Value) -> String {
    match untag(key) {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".to_owned(),
        _ => "(complex key)".to_owned(),
    }
}

/// Where a path was set, with the value of a `--set` flag hidden when the path is a secret
/// (the flag's text holds the value).
pub fn locate(layers: &ValueLayers, path: &[Step]) -> Option<Location> {
    let mut at = layers.locate(path)?;
    if is_secret_path(path) {
        match &mut at.line {
            None => at.origin = redact_flag(&at.origin),
            // The shown line may carry the value after the key.
            Some((_, _, text)) => {
                if let Some(colon) = text.find(':') {
                    let value = text[colon + 1..].trim();
                    if !["", "\"\"", "''"].contains(&value) {
                        text.truncate(colon + 1);
                        text.push_str(" (value not shown)");
                    }
                }
            }
        }
    }
    Some(at)
}

/// `--set a.password=x` as `--set a.password=(value not shown)`.
pub fn redact_flag(flag: &str) -> String {
    match flag.split_once('=') {
        Some((key, _)) => format!("{key}=(value not shown)"),
        None => flag.to_owned(),
    }
}

/// Paths whose values must never be echoed: passwords, tokens, client secrets, `AppRole`
/// secret IDs (names of Secrets, such as `secretName` or `tlsSecret`, are not secrets).
pub fn is_secret_path(steps: &[Step]) -> bool {
    let Some(Step::Key(last)) = steps.iter().rev().find(|s| matches!(s, Step::Key(_))) else {
        return false;
    };
    let k = last.to_lowercase();
    k.contains("password")
        || k.contains("token")
        || k == "secretid"
        || k == "clientsecret"
        || k == "auth"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        let choices = vec!["userstore".to_owned(), "admin".to_owned()];
        assert_eq!(closest("userStore", &choices).as_deref(), Some("userstore"));
        assert_eq!(closest("zzzzzz", &choices), None);
    }

    #[test]
    fn secrets_are_not_echoed_in_located_lines_or_flags() {
        let mut layers = ValueLayers::new("d", "a: {}\n").unwrap();
        layers
            .add_text("f.yaml", "a:\n  password: 1234\n".into())
            .unwrap();
        let path = [Step::Key("a".into()), Step::Key("password".into())];
        let at = locate(&layers, &path).unwrap().to_string();
        assert!(!at.contains("1234") && at.contains("f.yaml:2:3"), "{at}");
        layers
            .add_flag(crate::set_flag::SetKind::Typed, "a.password=5678")
            .unwrap();
        let at = locate(&layers, &path).unwrap().to_string();
        assert!(
            !at.contains("5678") && at.contains("--set a.password="),
            "{at}"
        );
    }

    #[test]
    fn all_unknown_keys_and_wrong_types_are_found_in_one_pass() {
        let mut layers = ValueLayers::new("d", include_str!("../charts/mi/values.yaml")).unwrap();
        layers
            .add_text(
                "f.yaml",
                "wso2:\n  ingres: {}\n  deployment:\n    replicas: x\n    hpa: {enabled: 1}\n"
                    .into(),
            )
            .unwrap();
        let (_, errors, _) = checked_tree::<crate::values::Values>(&layers, false);
        let paths: Vec<String> = errors.iter().map(|p| display_path(&p.path)).collect();
        assert_eq!(
            paths,
            [
                "wso2.deployment.replicas",
                "wso2.deployment.hpa.enabled",
                "wso2.ingres"
            ]
        );
        let (tree, errors, warnings) = checked_tree::<crate::values::Values>(&layers, true);
        assert_eq!(errors.len(), 2);
        assert_eq!(warnings.len(), 1);
        assert!(tree["wso2"].get("ingres").is_none());
    }

    #[test]
    fn secrets_are_not_echoed() {
        let steps = [Step::Key("admin".into()), Step::Key("password".into())];
        let msg = hide_secret(&steps, "invalid type: integer `1234`, expected a string");
        assert!(!msg.contains("1234"), "{msg}");
    }
}
