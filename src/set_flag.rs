//! Helm's `--set` syntax: `a.b[0].c=value,x\.y=z`, lists as `{a,b}`, escaped `\,` and `\.`.

use anyhow::{Result, bail};
use serde_yaml_ng::{Mapping, Value};

/// How the value side of a flag is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    /// `--set`: `true`, `false`, `null` and integers are typed, the rest are strings.
    Typed,
    /// `--set-string`: every value is a string.
    String,
    /// `--set-json`: every value is JSON.
    Json,
}

impl SetKind {
    pub fn flag(self) -> &'static str {
        match self {
            SetKind::Typed => "--set",
            SetKind::String => "--set-string",
            SetKind::Json => "--set-json",
        }
    }
}

/// One step of a values path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Parses one flag argument into its assignments.
pub fn parse(arg: &str, kind: SetKind) -> Result<Vec<(Vec<Step>, Value)>> {
    let mut out = Vec::new();
    let mut rest = arg;
    while !rest.is_empty() {
        let (path, after_key) = parse_key(rest)?;
        let (value, after_value) = match kind {
            SetKind::Json => parse_json(after_key)?,
            _ => parse_value(after_key, kind),
        };
        out.push((path, value));
        rest = match after_value.strip_prefix(',') {
            Some(r) => r,
            None if after_value.is_empty() => after_value,
            None => bail!("unexpected `{after_value}` after a value"),
        };
    }
    Ok(out)
}

fn parse_key(s: &str) -> Result<(Vec<Step>, &str)> {
    let mut steps = Vec::new();
    let mut key = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    key.push(next);
                }
            }
            '.' => {
                if !key.is_empty() {
                    steps.push(Step::Key(std::mem::take(&mut key)));
                }
            }
            '[' => {
                if !key.is_empty() {
                    steps.push(Step::Key(std::mem::take(&mut key)));
                }
                let close = s[i..].find(']').map(|j| i + j);
                let Some(close) = close else {
                    bail!("`{s}`: `[` without `]`")
                };
                let index: usize = s[i + 1..close]
                    .parse()
                    .map_err(|_| anyhow::anyhow!("`{}` is not a list index", &s[i + 1..close]))?;
                if index > 65_535 {
                    bail!("list index {index} is too large");
                }
                steps.push(Step::Index(index));
                while chars.peek().is_some_and(|&(j, _)| j <= close) {
                    chars.next();
                }
            }
            '=' => {
                if !key.is_empty() {
                    steps.push(Step::Key(key));
                }
                if steps.is_empty() {
                    bail!("`{s}`: empty key before `=`");
                }
                return Ok((steps, &s[i + 1..]));
            }
            ',' => bail!("key `{key}` has no value (expected `key=value`)"),
            c => key.push(c),
        }
    }
    bail!("key `{s}` has no value (expected `key=value`)")
}

fn parse_value(s: &str, kind: SetKind) -> (Value, &str) {
    if let Some(list) = s.strip_prefix('{') {
        let mut items = Vec::new();
        let mut rest = list;
        loop {
            let (item, after) = read_until(rest, &[',', '}']);
            match after.chars().next() {
                Some(',') => {
                    items.push(typed(&item, kind));
                    rest = &after[1..];
                }
                Some('}') => {
                    if !(item.is_empty() && items.is_empty()) {
                        items.push(typed(&item, kind));
                    }
                    return (Value::Sequence(items), &after[1..]);
                }
                _ => {
                    // An unclosed brace is read as text, as helm does.
                    let (text, after) = read_until(s, &[',']);
                    return (typed(&text, kind), after);
                }
            }
        }
    }
    let (text, after) = read_until(s, &[',']);
    (typed(&text, kind), after)
}

fn read_until<'a>(s: &'a str, stops: &[char]) -> (String, &'a str) {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            if let Some((_, next)) = chars.next() {
                out.push(next);
            }
        } else if stops.contains(&c) {
            return (out, &s[i..]);
        } else {
            out.push(c);
        }
    }
    (out, "")
}

fn typed(text: &str, kind: SetKind) -> Value {
    if kind == SetKind::String {
        return Value::String(text.to_owned());
    }
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        // Helm keeps numbers with a leading zero as strings (`0407`, `007`).
        t if t.len() > 1 && t.starts_with('0') => Value::String(t.to_owned()),
        t => t
            .parse::<i64>()
            .map_or_else(|_| Value::String(t.to_owned()), |i| Value::Number(i.into())),
    }
}

fn parse_json(s: &str) -> Result<(Value, &str)> {
    let mut stream = serde_json::Deserializer::from_str(s).into_iter::<serde_json::Value>();
    let value = match stream.next() {
        Some(Ok(v)) => v,
        Some(Err(e)) => bail!("invalid JSON value: {e}"),
        None => bail!("missing JSON value"),
    };
    let used = stream.byte_offset();
    Ok((serde_yaml_ng::to_value(value)?, s[used..].trim_start()))
}

/// Writes `value` at `path` inside `tree`, creating maps and list items on the way.
pub fn assign(tree: &mut Value, path: &[Step], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        *tree = value;
        return;
    };
    match first {
        Step::Key(key) => {
            if !tree.is_mapping() {
                *tree = Value::Mapping(Mapping::new());
            }
            let Value::Mapping(map) = tree else {
                unreachable!("made a mapping above")
            };
            let slot = map.entry(Value::String(key.clone())).or_insert(Value::Null);
            assign(slot, rest, value);
        }
        Step::Index(i) => {
            if !tree.is_sequence() {
                *tree = Value::Sequence(Vec::new());
            }
            let Value::Sequence(items) = tree else {
                unreachable!("made a sequence above")
            };
            if items.len() <= *i {
                items.resize(i + 1, Value::Null);
            }
            assign(&mut items[*i], rest, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(arg: &str, kind: SetKind) -> Value {
        let mut tree = Value::Null;
        for (path, value) in parse(arg, kind).unwrap() {
            assign(&mut tree, &path, value);
        }
        tree
    }

    fn yaml(s: &str) -> Value {
        serde_yaml_ng::from_str(s).unwrap()
    }

    #[test]
    fn types_follow_helm() {
        assert_eq!(
            one("a.b=1,a.c=true,a.d=x,a.e=null,a.f=0407", SetKind::Typed),
            yaml("a: {b: 1, c: true, d: x, e: null, f: '0407'}")
        );
        assert_eq!(one("a=1", SetKind::String), yaml("a: '1'"));
    }

    #[test]
    fn escapes_lists_and_indexes() {
        assert_eq!(
            one(r"ann.nginx\.io/x=a\,b,l={x,2},e[1].name=n", SetKind::Typed),
            yaml("{ann: {nginx.io/x: 'a,b'}, l: [x, 2], e: [null, {name: n}]}")
        );
    }

    #[test]
    fn json_values() {
        assert_eq!(
            one(r#"a={"b":[1,"x"]},c="d""#, SetKind::Json),
            yaml("{a: {b: [1, x]}, c: d}")
        );
    }

    #[test]
    fn refuses_a_key_without_value() {
        assert!(parse("a.b", SetKind::Typed).is_err());
        assert!(parse("a=1,b", SetKind::Typed).is_err());
    }
}
