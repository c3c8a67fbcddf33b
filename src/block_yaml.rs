//! A reader for block-style YAML: what the chart's templates write, and most values files.
//! Reading every rendered object back (into its type for the checks, see
//! `block_deserializer`; its head for the install order; a tree for comparisons) and
//! reading a values file then do not cost a general YAML parser's 150 to 300 instructions
//! a byte. It reads a line at a time, so a reader that stops early splits no more.
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
use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::escape::marks;

/// The tree a document is read into: JSON values for rendered objects, YAML values (which
/// keep the order of keys) for values files, and [`Scalar`] for the one-line scalars the
/// typed reader (`block_deserializer`) hands on as they are. Text comes borrowed from the
/// document where it is spelt as it reads.
pub trait Tree<'a>: Sized {
    fn null() -> Self;
    fn boolean(b: bool) -> Self;
    fn number(n: i64) -> Self;
    fn string(s: Cow<'a, str>) -> Self;
    fn list(items: Vec<Self>) -> Self;
    /// `None` where the full parser would not take the map as it is (a repeated key).
    fn map(entries: Vec<(Cow<'a, str>, Self)>) -> Option<Self>;
}

impl<'a> Tree<'a> for Value {
    fn null() -> Self {
        Value::Null
    }
    fn boolean(b: bool) -> Self {
        Value::Bool(b)
    }
    fn number(n: i64) -> Self {
        Value::from(n)
    }
    fn string(s: Cow<'a, str>) -> Self {
        Value::String(s.into_owned())
    }
    fn list(items: Vec<Self>) -> Self {
        Value::Array(items)
    }
    /// `serde_json` keeps the last of repeated keys, whichever parser reads the text.
    fn map(entries: Vec<(Cow<'a, str>, Self)>) -> Option<Self> {
        Some(Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v))
                .collect::<Map<_, _>>(),
        ))
    }
}

impl<'a> Tree<'a> for serde_yaml_ng::Value {
    fn null() -> Self {
        serde_yaml_ng::Value::Null
    }
    fn boolean(b: bool) -> Self {
        serde_yaml_ng::Value::Bool(b)
    }
    fn number(n: i64) -> Self {
        serde_yaml_ng::Value::Number(n.into())
    }
    fn string(s: Cow<'a, str>) -> Self {
        serde_yaml_ng::Value::String(s.into_owned())
    }
    fn list(items: Vec<Self>) -> Self {
        serde_yaml_ng::Value::Sequence(items)
    }
    /// `serde_yaml_ng` refuses repeated keys; the full parser says so with the line.
    fn map(entries: Vec<(Cow<'a, str>, Self)>) -> Option<Self> {
        let mut map = serde_yaml_ng::Mapping::with_capacity(entries.len());
        for (k, v) in entries {
            if map
                .insert(serde_yaml_ng::Value::String(k.into_owned()), v)
                .is_some()
            {
                return None;
            }
        }
        Some(serde_yaml_ng::Value::Mapping(map))
    }
}

/// A scalar on one line as YAML resolves it; a flow list holds scalars, and the only flow
/// map read is `{}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Str(Cow<'a, str>),
    List(Vec<Scalar<'a>>),
    EmptyMap,
}

impl<'a> Tree<'a> for Scalar<'a> {
    fn null() -> Self {
        Scalar::Null
    }
    fn boolean(b: bool) -> Self {
        Scalar::Bool(b)
    }
    fn number(n: i64) -> Self {
        Scalar::Int(n)
    }
    fn string(s: Cow<'a, str>) -> Self {
        Scalar::Str(s)
    }
    fn list(items: Vec<Self>) -> Self {
        Scalar::List(items)
    }
    fn map(entries: Vec<(Cow<'a, str>, Self)>) -> Option<Self> {
        entries.is_empty().then_some(Scalar::EmptyMap)
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
    T: for<'a> Tree<'a> + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    read_checked(doc).map_or_else(|| serde_yaml_ng::from_str(doc), Ok)
}

/// [`read_as`], checked against `serde_yaml_ng` in debug builds.
pub fn read_checked<T>(doc: &str) -> Option<T>
where
    T: for<'a> Tree<'a> + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
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
pub fn read_as<'a, T: Tree<'a>>(doc: &'a str) -> Option<T> {
    let mut reader = Reader::new(doc);
    let first = reader.peek()?.indent;
    let value = reader.node(first)?;
    reader.finished().then_some(value)
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
pub(crate) struct Line<'a> {
    pub(crate) indent: usize,
    /// The line without its indentation and trailing spaces.
    pub(crate) text: &'a str,
}

/// The lines of a document that hold content, read one at a time: a reader that stops
/// early (at the head of an object) does not split the rest.
pub(crate) struct Reader<'a> {
    /// The text after the current line.
    rest: &'a str,
    /// The line to read next; `None` at the end of the document.
    line: Option<Line<'a>>,
    /// Whether every line so far is one this reader takes.
    readable: bool,
    /// Block maps and lists open at the current line.
    depth: usize,
    /// The keys read so far of the maps open at the current line, for [`Reader::repeated`].
    keys: Vec<&'a str>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(doc: &'a str) -> Reader<'a> {
        // One pass over the whole text tests its characters far faster than one per line
        // (the test runs 32 bytes at a time; most lines are shorter), even for a reader
        // that stops at the head.
        let readable = plain_lines(doc);
        let mut reader = Reader {
            rest: if readable { doc } else { "" },
            line: None,
            readable,
            depth: 0,
            keys: Vec::new(),
        };
        reader.line = reader.next_line();
        reader
    }

    /// The next line that holds content. A line this reader leaves to the full parser
    /// ends the document early, as unreadable.
    fn next_line(&mut self) -> Option<Line<'a>> {
        let newline = One::new(b'\n');
        while !self.rest.is_empty() {
            let end = newline
                .find(self.rest.as_bytes())
                .map_or(self.rest.len(), |i| i + 1);
            let (line, tail) = self.rest.split_at(end);
            self.rest = tail;
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
                self.readable = false;
                self.rest = "";
                return None;
            }
            return Some(Line {
                indent: text.len() - content.len(),
                text: content,
            });
        }
        None
    }

    pub(crate) fn peek(&self) -> Option<Line<'a>> {
        self.line
    }

    fn advance(&mut self) {
        self.line = self.next_line();
    }

    /// Moves past the lines of the value of a key just read from a map at `indent`.
    pub(crate) fn skip_value(&mut self, indent: usize) {
        while self
            .peek()
            .is_some_and(|l| l.indent > indent || (l.indent == indent && is_item(l.text)))
        {
            self.advance();
        }
    }

    /// Whether `key` comes twice in the map whose keys start at `keys_from` (see
    /// [`Reader::keys_open`]); remembers it otherwise.
    pub(crate) fn repeated(&mut self, keys_from: usize, key: &'a str) -> bool {
        if self.keys[keys_from..].contains(&key) {
            return true;
        }
        self.keys.push(key);
        false
    }

    /// Where the keys of a map opened now start.
    pub(crate) fn keys_open(&self) -> usize {
        self.keys.len()
    }

    /// Forgets the keys of a map that has ended.
    pub(crate) fn keys_close(&mut self, keys_from: usize) {
        self.keys.truncate(keys_from);
    }

    /// Whether every line read so far is one this reader takes.
    pub(crate) fn readable(&self) -> bool {
        self.readable
    }

    /// Every line has been read, and each was one this reader takes.
    pub(crate) fn finished(&self) -> bool {
        self.line.is_none() && self.readable
    }

    /// The scalar `text` of the line just read, in a block at `indent`; `None` when the
    /// next line is deeper, which would continue the scalar over several lines.
    pub(crate) fn line_scalar<T: Tree<'a>>(&self, indent: usize, text: &'a str) -> Option<T> {
        let value = scalar(text)?;
        let continued = self.peek().is_some_and(|next| next.indent > indent);
        (!continued).then_some(value)
    }

    /// Counts one more open collection; a `None` ends the whole read, so only a finished
    /// collection steps back out.
    pub(crate) fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_NESTING).then_some(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The next line of a map at `indent`: its key and what follows the key on the line;
    /// `None` when the map has ended.
    pub(crate) fn map_line(
        &mut self,
        indent: usize,
    ) -> Result<Option<(Cow<'a, str>, &'a str)>, Unreadable> {
        let Some(line) = self.peek() else {
            return Ok(None);
        };
        if line.indent < indent {
            return Ok(None);
        }
        if line.indent > indent || is_item(line.text) {
            return Err(Unreadable);
        }
        let entry = split_key(line.text).ok_or(Unreadable)?;
        self.advance();
        Ok(Some(entry))
    }

    /// What the rest of a `key:` line in a map at `indent` leads to.
    pub(crate) fn value_kind(&self, indent: usize, rest: &'a str) -> ValueKind<'a> {
        if !rest.is_empty() {
            return ValueKind::Scalar(rest);
        }
        match self.peek() {
            Some(next) if next.indent > indent => ValueKind::Block(next.indent),
            // A list may sit at the key's own indentation.
            Some(next) if next.indent == indent && is_item(next.text) => ValueKind::List(indent),
            _ => ValueKind::Null,
        }
    }

    /// The next item of a list at `indent`, `None` when the list has ended. A `- key:
    /// value` item becomes a map whose first line starts after the dash.
    pub(crate) fn list_item(&mut self, indent: usize) -> Result<Option<Item<'a>>, Unreadable> {
        let Some(line) = self.peek() else {
            return Ok(None);
        };
        if line.indent < indent || (line.indent == indent && !is_item(line.text)) {
            return Ok(None);
        }
        if line.indent > indent {
            return Err(Unreadable);
        }
        let rest = line.text[1..].trim_start_matches(' ');
        if rest.is_empty() || is_item(rest) {
            return Err(Unreadable);
        }
        let column = indent + (line.text.len() - rest.len());
        if has_key(rest) {
            self.line = Some(Line {
                indent: column,
                text: rest,
            });
            return Ok(Some(Item::Map(column)));
        }
        self.advance();
        Ok(Some(Item::Scalar(rest)))
    }

    /// Whether the next line is where a block node at `indent` starts, and it is a list.
    pub(crate) fn list_next(&self) -> bool {
        self.peek().is_some_and(|line| is_item(line.text))
    }

    /// The block node whose first line is the next one, at `indent`.
    fn node<T: Tree<'a>>(&mut self, indent: usize) -> Option<T> {
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

    fn map<T: Tree<'a>>(&mut self, indent: usize) -> Option<T> {
        self.enter()?;
        let mut entries = Vec::new();
        while let Some((key, rest)) = self.map_line(indent).ok()? {
            let value = self.value(indent, rest)?;
            entries.push((key, value));
        }
        self.leave();
        T::map(entries)
    }

    /// What follows `key:` on a line of a map at `indent`: a scalar on the same line, or
    /// a block on the next lines.
    fn value<T: Tree<'a>>(&mut self, indent: usize, rest: &'a str) -> Option<T> {
        match self.value_kind(indent, rest) {
            ValueKind::Scalar(text) => self.line_scalar(indent, text),
            ValueKind::Block(at) => self.node(at),
            ValueKind::List(at) => self.list(at),
            ValueKind::Null => Some(T::null()),
        }
    }

    fn list<T: Tree<'a>>(&mut self, indent: usize) -> Option<T> {
        self.enter()?;
        let mut items = Vec::new();
        while let Some(item) = self.list_item(indent).ok()? {
            match item {
                Item::Map(column) => items.push(self.map(column)?),
                Item::Scalar(text) => items.push(self.line_scalar(indent, text)?),
            }
        }
        self.leave();
        Some(T::list(items))
    }
}

/// A line where the block being read cannot have it: the document is left to the full
/// parser.
#[derive(Debug)]
pub(crate) struct Unreadable;

/// What a `key:` line leads to.
pub(crate) enum ValueKind<'a> {
    /// The scalar after the key.
    Scalar(&'a str),
    /// A block map or list on the next lines, at this indentation.
    Block(usize),
    /// A list at the key's own indentation.
    List(usize),
    /// Nothing: the key's value is null.
    Null,
}

/// One item of a block list.
pub(crate) enum Item<'a> {
    /// A map whose first line is the next one, at this column.
    Map(usize),
    /// A scalar item, its line read.
    Scalar(&'a str),
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
pub(crate) fn split_key(text: &str) -> Option<(Cow<'_, str>, &str)> {
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
        match scalar(key)? {
            Scalar::Str(s) => (s, &text[at..]),
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
fn quoted(text: &str) -> Option<Cow<'_, str>> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let Some(first) = find_escape(inner.as_bytes()) else {
        return Some(Cow::Borrowed(inner));
    };
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    let mut next = Some(first);
    while let Some(at) = next {
        let c = match rest.as_bytes()[at..] {
            [b'\\', b'n', ..] => '\n',
            [b'\\', b'"', ..] => '"',
            [b'\\', b'\\', ..] => '\\',
            [b'\\', b't', ..] => '\t',
            [b'\\', b'r', ..] => '\r',
            [b'\\', b'/', ..] => '/',
            [b'\\', b'b', ..] => '\u{8}',
            [b'\\', b'f', ..] => '\u{c}',
            _ => return serde_json::from_str(text).ok().map(Cow::Owned),
        };
        out.push_str(&rest[..at]);
        out.push(c);
        rest = &rest[at + 2..];
        next = find_escape(rest.as_bytes());
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
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
pub(crate) fn scalar<'a, T: Tree<'a>>(text: &'a str) -> Option<T> {
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
        return Some(T::string(Cow::Borrowed(text)));
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
            .then(|| T::string(Cow::Owned(inner.replace("''", "'"))));
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
        .then(|| T::string(Cow::Borrowed(text)));
    }
    Some(T::string(Cow::Borrowed(text)))
}

/// A plain scalar that starts like a number: a decimal integer, text that no number is
/// spelt like (`1Gi`, `512m`), or `None` for everything else YAML might read as a number
/// (floats, `0x`, `0o`, `0b`, leading zeros, `.inf`), which the full parser resolves.
fn number_like<'a, T: Tree<'a>>(text: &'a str) -> Option<T> {
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
    (!could_be_number).then(|| T::string(Cow::Borrowed(text)))
}

/// The items of a one-line flow list of scalars (`["ALL"]`); nested collections and
/// empty items are left to the full parser.
fn flow_list<'a, T: Tree<'a>>(inner: &'a str) -> Option<T> {
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
        assert_eq!(quoted(text).map(Cow::into_owned), json, "{text}");
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
            proptest::prop_assert_eq!(quoted(&text).map(Cow::into_owned), Some(s));
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
