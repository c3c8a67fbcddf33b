//! A reader for block-style YAML: what the chart's templates write, and most values files.
//! Reading every rendered object back (for the checks, the install order and the
//! comparisons) and reading a values file then do not cost a general YAML parser's 150 to
//! 300 instructions a byte.
//!
//! It reads block maps and lists, double-quoted scalars (as JSON strings: JSON's escapes
//! are a subset of YAML's with the same meaning), single-quoted scalars on one line, and
//! plain scalars resolved as `serde_yaml_ng` resolves them. Anything else (flow
//! collections other than `{}` and `[]`, block scalars, anchors, tags, comments after a
//! value, numbers other than plain decimal integers, scalars over several lines, blocks
//! nested more than [`MAX_NESTING`] deep) makes [`read`] give up, and the caller falls
//! back to the full parser. A test checks that both read every rendered example alike.

// memchr's portable search (see Cargo.toml for why not its default one).
use memchr::arch::all::memchr::One;
use serde_json::{Map, Value};

use crate::escape::marks;

/// The tree a document is read into: JSON values for rendered objects, YAML values (which
/// keep the order of keys) for values files.
pub trait Tree: Sized {
    fn null() -> Self;
    fn boolean(b: bool) -> Self;
    fn number(n: i64) -> Self;
    fn string(s: String) -> Self;
    fn list(items: Vec<Self>) -> Self;
    /// `None` where the full parser would not take the map as it is (a repeated key).
    fn map(entries: Vec<(String, Self)>) -> Option<Self>;
}

impl Tree for Value {
    fn null() -> Self {
        Value::Null
    }
    fn boolean(b: bool) -> Self {
        Value::Bool(b)
    }
    fn number(n: i64) -> Self {
        Value::from(n)
    }
    fn string(s: String) -> Self {
        Value::String(s)
    }
    fn list(items: Vec<Self>) -> Self {
        Value::Array(items)
    }
    /// `serde_json` keeps the last of repeated keys, whichever parser reads the text.
    fn map(entries: Vec<(String, Self)>) -> Option<Self> {
        Some(Value::Object(entries.into_iter().collect::<Map<_, _>>()))
    }
}

impl Tree for serde_yaml_ng::Value {
    fn null() -> Self {
        serde_yaml_ng::Value::Null
    }
    fn boolean(b: bool) -> Self {
        serde_yaml_ng::Value::Bool(b)
    }
    fn number(n: i64) -> Self {
        serde_yaml_ng::Value::Number(n.into())
    }
    fn string(s: String) -> Self {
        serde_yaml_ng::Value::String(s)
    }
    fn list(items: Vec<Self>) -> Self {
        serde_yaml_ng::Value::Sequence(items)
    }
    /// `serde_yaml_ng` refuses repeated keys; the full parser says so with the line.
    fn map(entries: Vec<(String, Self)>) -> Option<Self> {
        let mut map = serde_yaml_ng::Mapping::with_capacity(entries.len());
        for (k, v) in entries {
            if map.insert(serde_yaml_ng::Value::String(k), v).is_some() {
                return None;
            }
        }
        Some(serde_yaml_ng::Value::Mapping(map))
    }
}

/// The document as a JSON value, or `None` when it uses YAML this reader leaves to the
/// full parser.
pub fn read(doc: &str) -> Option<Value> {
    read_as(doc)
}

/// The document read by this reader, or by `serde_yaml_ng` when this reader leaves it.
/// Debug builds (every test run) check each quick read against `serde_yaml_ng`.
pub fn parse<T>(doc: &str) -> Result<T, serde_yaml_ng::Error>
where
    T: Tree + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    read_checked(doc).map_or_else(|| serde_yaml_ng::from_str(doc), Ok)
}

/// [`read_as`], checked against `serde_yaml_ng` in debug builds.
pub fn read_checked<T>(doc: &str) -> Option<T>
where
    T: Tree + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let quick = read_as::<T>(doc)?;
    #[cfg(debug_assertions)]
    {
        let full: T = serde_yaml_ng::from_str(doc).expect("block_yaml read invalid YAML");
        assert_eq!(quick, full, "block_yaml misread:\n{doc}");
    }
    Some(quick)
}

/// The deepest nesting of block maps and lists this reader reads; deeper documents go to
/// the full parser. It bounds the reader's recursion, and so what it reads is nested at
/// most one level more (an empty `{}` or a flow list inside the deepest block).
pub const MAX_NESTING: usize = 32;

/// [`read`] into any [`Tree`].
pub fn read_as<T: Tree>(doc: &str) -> Option<T> {
    if !plain_lines(doc) {
        return None;
    }
    let mut lines = Vec::new();
    for line in self::lines(doc) {
        let text = line
            .strip_suffix('\n')
            .unwrap_or(line)
            .trim_end_matches(' ');
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
    let mut reader = Reader {
        lines,
        pos: 0,
        depth: 0,
        tree: std::marker::PhantomData::<T>,
    };
    let value = reader.node(first)?;
    (reader.pos == reader.lines.len()).then_some(value)
}

/// The lines of `text` with their line breaks, as `text.split_inclusive('\n')` gives them,
/// for the reader, the split of rendered text into documents and the `.properties` check:
/// `memchr` finds the breaks a word at a time, several times faster than `str`'s search on
/// lines of tens of bytes.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let newline = One::new(b'\n');
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = newline.find(rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// Whether the only line break is `\n` and every character is one YAML takes as text:
/// tabs, carriage returns, the other characters YAML reads as line breaks (U+0085,
/// U+2028, U+2029), a byte-order mark and the characters YAML refuses are left to the
/// full parser.
fn plain_lines(doc: &str) -> bool {
    // Decoding every character costs ten times the byte test, and one `’` in a comment
    // is enough to need it; so only the characters past ASCII are decoded.
    let mut rest = doc;
    loop {
        rest = &rest[ascii_text_len(rest.as_bytes())..];
        let Some(c) = rest.chars().next() else {
            return true;
        };
        let text = matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}') || c >= '\u{10000}';
        if !text || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
            return false;
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// How many bytes at the start of `bytes` are `\n` or printable ASCII.
fn ascii_text_len(bytes: &[u8]) -> usize {
    let ascii = |b: &u8| *b == b'\n' || (b' '..=b'~').contains(b);
    // Testing a whole block without stopping early lets the compiler test its bytes
    // side by side, several times faster than a byte at a time.
    let mut len = 0;
    for chunk in bytes.chunks_exact(32) {
        if !chunk.iter().fold(true, |all, b| all & ascii(b)) {
            break;
        }
        len += chunk.len();
    }
    len + bytes[len..].iter().take_while(|b| ascii(b)).count()
}

/// Where `pair` first occurs in `text`. `str::find` and `str::contains` with a two-byte
/// pattern set up a substring searcher that costs more than scanning the short lines
/// read here.
fn find_pair(text: &str, pair: [u8; 2]) -> Option<usize> {
    text.as_bytes().windows(2).position(|w| w == pair)
}

#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    /// The line without its indentation and trailing spaces.
    text: &'a str,
}

struct Reader<'a, T> {
    lines: Vec<Line<'a>>,
    pos: usize,
    /// Block maps and lists open at the current line.
    depth: usize,
    tree: std::marker::PhantomData<T>,
}

impl<'a, T: Tree> Reader<'a, T> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.pos).copied()
    }

    /// The block node whose first line is the next one, at `indent`.
    fn node(&mut self, indent: usize) -> Option<T> {
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

    /// Counts one more open collection; a `None` ends the whole read, so only a finished
    /// collection steps back out.
    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_NESTING).then_some(())
    }

    fn map(&mut self, indent: usize) -> Option<T> {
        self.enter()?;
        let mut entries = Vec::new();
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
            entries.push((key, value));
        }
        self.depth -= 1;
        T::map(entries)
    }

    /// What follows `key:` on a line of a map at `indent`: a scalar on the same line, or
    /// a block on the next lines (a list may sit at the key's own indentation).
    fn value(&mut self, indent: usize, rest: &str) -> Option<T> {
        if rest.is_empty() {
            return match self.peek() {
                Some(next) if next.indent > indent => self.node(next.indent),
                Some(next) if next.indent == indent && is_item(next.text) => self.list(indent),
                _ => Some(T::null()),
            };
        }
        let value = scalar(rest)?;
        // Deeper lines after a scalar would continue it over several lines.
        if self.peek().is_some_and(|next| next.indent > indent) {
            return None;
        }
        Some(value)
    }

    fn list(&mut self, indent: usize) -> Option<T> {
        self.enter()?;
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
        self.depth -= 1;
        Some(T::list(items))
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
    find_pair(text, *b": ").is_some() || text.ends_with(':')
}

/// The key of `key: rest` and the rest; `None` for keys this reader leaves alone (YAML
/// refuses implicit keys over 1024 characters).
fn split_key(text: &str) -> Option<(String, &str)> {
    let colon = find_pair(text, *b": ");
    if colon.unwrap_or(text.len()) > 1000 {
        return None;
    }
    let (key, after) = if text.starts_with('"') {
        let end = quoted_end(text)?;
        let key = quoted(&text[..end])?;
        (key, &text[end..])
    } else {
        let at = match colon {
            Some(at) => at,
            None => text.strip_suffix(':')?.len(),
        };
        let key = &text[..at];
        // The key must read as the same string it is spelt as.
        if key.is_empty()
            || key.bytes().any(|b| matches!(b, b'"' | b'\'' | b'#'))
            || key.ends_with(' ')
        {
            return None;
        }
        match scalar::<Value>(key)? {
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

/// A letter, then letters, digits, `_`, `-`, `.` and `/`: plain text to YAML but for the
/// spellings of booleans and null (which `scalar` looks for first).
fn is_word(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'))
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

/// The text of a double-quoted scalar that is the whole of `text`, read as a JSON string.
/// The usual escapes are decoded here, at a fraction of a JSON reader's cost on the long
/// escaped lines of the files config maps embed; anything else (`\u`, a stray quote) is
/// left to `serde_json`. Control characters, which JSON refuses, never get here: `read_as`
/// leaves a document holding any to the full parser.
fn quoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(at) = find_escape(rest.as_bytes()) {
        let c = match rest.as_bytes()[at..] {
            [b'\\', b'n', ..] => '\n',
            [b'\\', b'"', ..] => '"',
            [b'\\', b'\\', ..] => '\\',
            [b'\\', b't', ..] => '\t',
            [b'\\', b'r', ..] => '\r',
            [b'\\', b'/', ..] => '/',
            [b'\\', b'b', ..] => '\u{8}',
            [b'\\', b'f', ..] => '\u{c}',
            _ => return serde_json::from_str(text).ok(),
        };
        out.push_str(&rest[..at]);
        out.push(c);
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    Some(out)
}

/// The first `\\` or `"` of `bytes`, eight bytes at a time. Escaped files have one every
/// few words, too close together for `memchr`'s set-up to pay.
fn find_escape(bytes: &[u8]) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        // The lowest mark is exact (see `marks`).
        let found = marks(w, b'\\') | marks(w, b'"');
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = words
        .remainder()
        .iter()
        .position(|b| matches!(b, b'\\' | b'"'));
    tail.map(|i| at + i)
}

/// A scalar on one line, resolved as `serde_yaml_ng` resolves it.
fn scalar<T: Tree>(text: &str) -> Option<T> {
    match text {
        "{}" => return T::map(Vec::new()),
        "[]" => return Some(T::list(Vec::new())),
        "~" | "null" | "Null" | "NULL" => return Some(T::null()),
        "true" | "True" | "TRUE" => return Some(T::boolean(true)),
        "false" | "False" | "FALSE" => return Some(T::boolean(false)),
        _ => {}
    }
    // Most scalars (and nearly every key) are words: text, once the spellings above are
    // out of the way.
    if is_word(text) {
        return Some(T::string(text.to_owned()));
    }
    if text.starts_with('"') {
        return quoted(text).map(T::string);
    }
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return flow_list(inner);
    }
    if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        // Inside single quotes, `''` is a quote; a lone quote would end the scalar early.
        return (!inner.replace("''", "").contains('\''))
            .then(|| T::string(inner.replace("''", "'")));
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
    ) || text.as_bytes().windows(2).any(|w| w == b" #" || w == b": ")
        || text.ends_with(':')
    {
        return None;
    }
    let after_sign = text.strip_prefix(['-', '+']).unwrap_or(text);
    if first.is_ascii_digit()
        || first == '.'
        || (after_sign.len() < text.len()
            && after_sign.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
    {
        return number_like(text);
    }
    if first == '-' || first == '+' {
        // `-c` is text; a lone sign is left to the full parser.
        return (after_sign.len() + 1 == text.len()
            && !after_sign.is_empty()
            && !after_sign.starts_with(' '))
        .then(|| T::string(text.to_owned()));
    }
    Some(T::string(text.to_owned()))
}

/// A plain scalar that starts like a number: a decimal integer, text that no number is
/// spelt like (`1Gi`, `512m`), or `None` for everything else YAML might read as a number
/// (floats, `0x`, `0o`, `0b`, leading zeros, `.inf`), which the full parser resolves.
fn number_like<T: Tree>(text: &str) -> Option<T> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
    {
        return text.parse::<i64>().ok().map(T::number);
    }
    let could_be_number = text.parse::<f64>().is_ok()
        || text.bytes().all(|b| {
            b.is_ascii_hexdigit()
                || matches!(b, b'+' | b'-' | b'.' | b'_' | b'x' | b'X' | b'o' | b'O')
        })
        || matches!(
            text.trim_start_matches(['+', '-']),
            ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
        );
    (!could_be_number).then(|| T::string(text.to_owned()))
}

/// The items of a one-line flow list of scalars (`["ALL"]`); nested collections and
/// empty items are left to the full parser.
fn flow_list<T: Tree>(inner: &str) -> Option<T> {
    let mut items = Vec::new();
    if inner.trim().is_empty() {
        return Some(T::list(items));
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
        // In a flow list a `:` may start a pair, so items holding one are left alone.
        if text.is_empty() || (!text.starts_with('"') && text.contains(['[', ']', '{', '}', ':'])) {
            return None;
        }
        items.push(scalar(text)?);
        let after = after.trim_start_matches(' ');
        match after.strip_prefix(',') {
            Some(next) => rest = next,
            None if after.is_empty() => return Some(T::list(items)),
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
            "n: [-1, 1Gi, 512m, 0, \"a:b\"]\nt: 12:30\nc:\n  - -c\n  - -inf\n  - a\ndrop: [\"ALL\"]\nb: [a, \"b, c\", 3 ]\nc: [ ]\n.key: .yaml\n",
        ];
        for doc in docs {
            assert_eq!(read(doc), Some(yaml(doc)), "{doc}\n{:?}", read(doc));
        }
    }

    /// Whatever JSON makes of a double-quoted scalar (a string, or nothing), `quoted` makes
    /// of it too.
    fn quoted_as_json(text: &str) {
        let json: Option<String> = serde_json::from_str(text).ok();
        assert_eq!(quoted(text), json, "{text}");
    }

    #[test]
    fn find_escape_agrees_with_the_byte_search() {
        let bytes = [b'a', 0, 1, 0x5b, 0x5d, 0x21, 0x23, 0x7f, 0x80, 0xff];
        for len in 0..=17 {
            for filler in bytes {
                let plain = vec![filler; len];
                assert_eq!(find_escape(&plain), None, "{plain:?}");
                for at in 0..len {
                    for special in [b'\\', b'"'] {
                        // Bytes after the match whose borrows could mislead, or a second match.
                        for after in bytes.into_iter().chain([b'\\', b'"']) {
                            let mut text = plain.clone();
                            text[at] = special;
                            text[at + 1..].fill(after);
                            assert_eq!(find_escape(&text), Some(at), "{text:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn decodes_double_quoted_scalars_as_json_does() {
        for text in [
            r#""""#,
            r#""plain""#,
            r#""a\nb\"c\\d\/e\tf\rg\bh\fi""#,
            r#""\u00e9\n\ud83d\ude00""#,
            r#""naïve ✓""#,
            r#""ends in a backslash\""#,
            r#""stray " quote""#,
            r#""\x41""#,
            r#""\""#,
            r#"""#,
            r#""\n""#,
        ] {
            quoted_as_json(text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        #[test]
        fn decodes_what_json_writes(s in "\\PC*") {
            let text = serde_json::to_string(&s).unwrap();
            proptest::prop_assert_eq!(quoted(&text), Some(s));
        }

        #[test]
        fn decodes_any_quoted_text_as_json_does(inner in r#"([^\x00-\x1f"\\]|\\[nrtbf/"\\u]|"|\\)*"#) {
            quoted_as_json(&format!("\"{inner}\""));
        }
    }

    #[test]
    fn reads_values_files_with_their_key_order() {
        let doc = "# c\nz: 1\na:\n  y: -2\n  b: [x]\n  m: 5Gi\n";
        let fast: serde_yaml_ng::Value = read_as(doc).unwrap();
        let full: serde_yaml_ng::Value = serde_yaml_ng::from_str(doc).unwrap();
        assert_eq!(fast, full);
        let keys: Vec<_> = fast.as_mapping().unwrap().keys().cloned().collect();
        assert_eq!(keys, [serde_yaml_ng::Value::from("z"), "a".into()]);
        // serde_yaml_ng refuses a repeated key; so must this reader, leaving the message
        // to the full parser.
        assert!(read_as::<serde_yaml_ng::Value>("a: 1\na: 2\n").is_none());
    }

    /// `depth` block maps one in another, the innermost holding a list.
    fn nested(depth: usize) -> String {
        let mut doc = String::new();
        for i in 0..depth {
            doc += &"  ".repeat(i);
            doc += "k:\n";
        }
        doc + &"  ".repeat(depth) + "- {}\n"
    }

    #[test]
    fn reads_up_to_its_nesting_limit() {
        let doc = nested(MAX_NESTING - 1);
        assert_eq!(read(&doc), Some(yaml(&doc)));
    }

    #[test]
    fn leaves_the_rest_to_the_full_parser() {
        let docs = [
            "a: 1.5\n",
            "a: 0x10\n",
            "a: 007\n",
            "a: -.5\n",
            "a: 1.0.0\n",
            "a: 1e5\n",
            "a: -\n",
            "a: .inf\n",
            "a: [1, [2]]\n",
            "a: [1, , 2]\n",
            "a: [x: 1]\n",
            "a: [12:30]\n",
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
            "a: x\u{2028}y\n",
            &format!("{}: 1\n", "k".repeat(1100)),
            "a: x\u{85}y\n",
            "a: x\u{1}y\n",
            "a: x\u{7f}\n",
            "\u{feff}a: x\n",
            "- - a\n",
            "a: 'x' y'\n",
            "a: 1\né\n",
            "a: 1\nxé\n",
            &nested(MAX_NESTING),
        ];
        for doc in docs {
            assert_eq!(read(doc), None, "{doc}");
        }
    }
}
