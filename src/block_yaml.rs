//! A reader for the block-style YAML the chart's templates write, so that reading every
//! rendered object back (for the checks, the install order and the comparisons) does not
//! cost a general YAML parser's 150 to 300 instructions a byte.
//!
//! It reads block maps and lists, double-quoted scalars (as JSON strings: JSON's escapes
//! are a subset of YAML's with the same meaning), single-quoted scalars on one line, and
//! plain scalars resolved as `serde_yaml_ng` resolves them. Anything else (flow
//! collections other than `{}` and `[]`, block scalars, anchors, tags, comments after a
//! value, numbers other than plain decimal integers, scalars over several lines) makes
//! [`read`] give up, and the caller falls back to the full parser. A test checks that both
//! read every rendered example alike.

use serde_json::{Map, Value};

/// The document as a JSON value, or `None` when it uses YAML this reader leaves to the
/// full parser.
pub fn read(doc: &str) -> Option<Value> {
    if doc.contains('\t') || doc.contains('\r') {
        return None;
    }
    let mut lines = Vec::new();
    for line in doc.split('\n') {
        let text = line.trim_end_matches(' ');
        let content = text.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with(['%', '&', '*', '!', '|', '>', '?', '@', '`'])
            || content.starts_with("---")
            || content.starts_with("...")
        {
            return None;
        }
        lines.push(Line {
            indent: text.len() - content.len(),
            text: content,
        });
    }
    let first = lines.first()?.indent;
    let mut reader = Reader { lines, pos: 0 };
    let value = reader.node(first)?;
    (reader.pos == reader.lines.len()).then_some(value)
}

#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    /// The line without its indentation and trailing spaces.
    text: &'a str,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.pos).copied()
    }

    /// The block node whose first line is the next one, at `indent`.
    fn node(&mut self, indent: usize) -> Option<Value> {
        let line = self.peek()?;
        if line.indent != indent {
            return None;
        }
        if is_item(line.text) {
            self.list(indent)
        } else {
            self.map(indent)
        }
    }

    fn map(&mut self, indent: usize) -> Option<Value> {
        let mut map = Map::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_item(line.text) {
                return None;
            }
            let (key, rest) = split_key(line.text)?;
            self.pos += 1;
            let value = self.value(indent, rest)?;
            map.insert(key, value);
        }
        Some(Value::Object(map))
    }

    /// What follows `key:` on a line of a map at `indent`: a scalar on the same line, or
    /// a block on the next lines (a list may sit at the key's own indentation).
    fn value(&mut self, indent: usize, rest: &str) -> Option<Value> {
        if rest.is_empty() {
            return match self.peek() {
                Some(next) if next.indent > indent => self.node(next.indent),
                Some(next) if next.indent == indent && is_item(next.text) => self.list(indent),
                _ => Some(Value::Null),
            };
        }
        let value = scalar(rest)?;
        // Deeper lines after a scalar would continue it over several lines.
        if self.peek().is_some_and(|next| next.indent > indent) {
            return None;
        }
        Some(value)
    }

    fn list(&mut self, indent: usize) -> Option<Value> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent || (line.indent == indent && !is_item(line.text)) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let rest = line.text[1..].trim_start_matches(' ');
            if rest.is_empty() || is_item(rest) {
                return None;
            }
            let column = indent + (line.text.len() - rest.len());
            if has_key(rest) {
                // `- key: value`: a map whose first line starts after the dash.
                self.lines[self.pos] = Line {
                    indent: column,
                    text: rest,
                };
                items.push(self.map(column)?);
            } else {
                self.pos += 1;
                items.push(scalar(rest)?);
                if self.peek().is_some_and(|next| next.indent > indent) {
                    return None;
                }
            }
        }
        Some(Value::Array(items))
    }
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Whether a line is `key: ...` rather than a scalar (outside quotes).
fn has_key(text: &str) -> bool {
    if text.starts_with('"') {
        return quoted_end(text).is_some_and(|end| text[end..].starts_with(':'));
    }
    text.contains(": ") || text.ends_with(':')
}

/// The key of `key: rest` and the rest; `None` for keys this reader leaves alone.
fn split_key(text: &str) -> Option<(String, &str)> {
    let (key, after) = if text.starts_with('"') {
        let end = quoted_end(text)?;
        let key: String = serde_json::from_str(&text[..end]).ok()?;
        (key, &text[end..])
    } else {
        let at = text.find(": ").unwrap_or(text.len().checked_sub(1)?);
        let key = &text[..at];
        // The key must read as the same string it is spelt as.
        if key.is_empty() || key.contains(['"', '\'', '#']) || key.ends_with(' ') {
            return None;
        }
        match scalar(key)? {
            Value::String(s) => (s, &text[at..]),
            _ => return None,
        }
    };
    let rest = after.strip_prefix(':')?;
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((key, rest.trim_start_matches(' ')))
}

/// Where a double-quoted scalar at the start of `text` ends (after its closing quote).
fn quoted_end(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate().skip(1) {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// A scalar on one line, resolved as `serde_yaml_ng` resolves it.
fn scalar(text: &str) -> Option<Value> {
    match text {
        "{}" => return Some(Value::Object(Map::new())),
        "[]" => return Some(Value::Array(Vec::new())),
        "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if text.starts_with('"') {
        return serde_json::from_str::<String>(text).ok().map(Value::String);
    }
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return flow_list(inner);
    }
    if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        // Inside single quotes, `''` is a quote; a lone quote would end the scalar early.
        return (!inner.replace("''", "").contains('\''))
            .then(|| Value::String(inner.replace("''", "'")));
    }
    let first = text.chars().next()?;
    if matches!(
        first,
        '[' | ']'
            | '{'
            | '}'
            | ','
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '%'
            | '@'
            | '`'
            | '?'
            | ':'
    ) || text.contains(" #")
        || text.contains(": ")
        || text.ends_with(':')
    {
        return None;
    }
    if let Some(after) = text.strip_prefix('-') {
        // `-c` is text; `-1`, `-.5` and a lone `-` are left to the full parser.
        return after
            .starts_with(|c: char| !c.is_ascii_digit() && c != '.' && c != ' ')
            .then(|| Value::String(text.to_owned()));
    }
    if first == '.' {
        // `.5` and `.inf` are numbers; `.dockerconfigjson` is a key.
        let number = text.parse::<f64>().is_ok()
            || matches!(&text[1..], "inf" | "Inf" | "INF" | "nan" | "NaN" | "NAN");
        return (!number).then(|| Value::String(text.to_owned()));
    }
    if first.is_ascii_digit() || first == '+' {
        // Plain decimal integers only; YAML's other numbers go to the full parser.
        let plain = text.bytes().all(|b| b.is_ascii_digit())
            && (text == "0" || !text.starts_with('0'))
            && text.len() <= 18;
        return plain
            .then(|| text.parse::<u64>().ok())
            .flatten()
            .map(Value::from);
    }
    Some(Value::String(text.to_owned()))
}

/// The items of a one-line flow list of scalars (`["ALL"]`); nested collections and
/// empty items are left to the full parser.
fn flow_list(inner: &str) -> Option<Value> {
    let mut items = Vec::new();
    if inner.trim().is_empty() {
        return Some(Value::Array(items));
    }
    let mut rest = inner;
    loop {
        let item = rest.trim_start_matches(' ');
        let end = if item.starts_with('"') {
            quoted_end(item)?
        } else {
            item.find(',').unwrap_or(item.len())
        };
        let (text, after) = item.split_at(end);
        let text = text.trim_end_matches(' ');
        if text.is_empty() || text.contains(['[', ']', '{', '}']) {
            return None;
        }
        items.push(scalar(text)?);
        let after = after.trim_start_matches(' ');
        match after.strip_prefix(',') {
            Some(next) => rest = next,
            None if after.is_empty() => return Some(Value::Array(items)),
            None => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(doc: &str) -> Value {
        serde_yaml_ng::from_str(doc).unwrap()
    }

    #[test]
    fn reads_what_the_templates_write_as_yaml_does() {
        let docs = [
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"a\"\n  labels:\n    app.kubernetes.io/name: mi\ndata:\n  deployment.toml: \"[server]\\nhostname = \\\"x\\\"\\n\\u00e9\"\n",
            "spec:\n  ports:\n  - name: http\n    port: 8290\n    targetPort: 0\n  - name: \"b\"\n    port: 18446744\n  selector: {}\n  list: []\n",
            "a:\n  - x\n  - 'it''s'\n  -   y\n  - key: v\n    other: 1\n  -   spaced: key\nb: null\nc: ~\nd: True\ne: FALSE\nf:\ng: yes\nh: on\ni: inf\nj: NaN\n",
            "\"quoted key\": 1\nurl: http://x:80/a#b\nplain: a-b_c.d/e\nempty:\n# comment\n  # indented comment\nlast: \"\"\n",
            "k:\n  l:\n    m:\n      - n: 1\n        o:\n          p: q\n      - r\n",
            "c:\n  - -c\n  - -inf\n  - a\ndrop: [\"ALL\"]\nb: [a, \"b, c\", 3 ]\nc: [ ]\n.key: .x\n",
        ];
        for doc in docs {
            assert_eq!(read(doc), Some(yaml(doc)), "{doc}");
        }
    }

    #[test]
    fn leaves_the_rest_to_the_full_parser() {
        let docs = [
            "a: 1.5\n",
            "a: 0x10\n",
            "a: 007\n",
            "a: -1\n",
            "a: -.5\n",
            "a: -\n",
            "a: .inf\n",
            "a: [1, [2]]\n",
            "a: [1, , 2]\n",
            "a: [x: 1]\n",
            "a: .5\n",
            "a: .NaN\n",
            "a: {b: 1}\n",
            "a: |\n  x\n",
            "a: >\n  x\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: b # c\n",
            "a: plain\n  continued\n",
            "a: \"\\x41\"\n",
            "1: a\n",
            "true: a\n",
            "a:\tb\n",
            "- - a\n",
            "a: 'x' y'\n",
        ];
        for doc in docs {
            assert_eq!(read(doc), None, "{doc}");
        }
    }
}
