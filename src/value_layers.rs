//! The values a render starts from: chart defaults, then `-f` files, then `--set-json`,
//! `--set` and `--set-string` flags, merged with helm's rules, remembering where each
//! path came from so errors can point at it.

use std::fmt::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Unexpected, Visitor};
use serde_yaml_ng::{Mapping, Value, mapping};

use crate::chart::Chart;
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
    /// The layer's own values, for [`ValueLayers::locate`]. A file's is parsed again when
    /// an error needs it: it is moved into the merged values, as copying it costs as much
    /// as a tenth of a render.
    tree: std::sync::OnceLock<Value>,
}

#[derive(Debug, Clone)]
pub struct ValueLayers {
    /// Shared by clones: every environment of a many-environment render starts from the
    /// same defaults.
    defaults: std::sync::Arc<Layer>,
    user: Vec<Layer>,
    /// User files and flags merged so far, without defaults.
    merged_user: Value,
}

impl ValueLayers {
    pub fn new(defaults_name: &str, defaults_text: &str) -> Result<ValueLayers> {
        let tree = parse_yaml(defaults_name, defaults_text)?;
        Ok(ValueLayers::over(defaults_name, defaults_text, tree))
    }

    /// A chart's defaults, from the JSON made at build time when the chart is built in.
    pub fn defaults(chart: &Chart) -> Result<ValueLayers> {
        let Some(json) = chart.default_values_json else {
            return ValueLayers::new(&chart.values_name, &chart.default_values);
        };
        let tree: Value = serde_json::from_str(json)
            .with_context(|| format!("{} (as built in)", chart.values_name))?;
        Ok(ValueLayers::over(
            &chart.values_name,
            &chart.default_values,
            tree,
        ))
    }

    /// Defaults read from `text` into `tree`, with no user values yet.
    fn over(name: &str, text: &str, tree: Value) -> ValueLayers {
        ValueLayers {
            defaults: std::sync::Arc::new(Layer {
                origin: Origin::File {
                    name: name.to_owned(),
                    text: text.to_owned(),
                },
                tree: tree.into(),
            }),
            user: Vec::new(),
            merged_user: Value::Mapping(Mapping::new()),
        }
    }

    /// Adds a `-f` file; `-` reads standard input.
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        let name = path.display().to_string();
        let text = if name == "-" {
            read_bounded(&name, std::io::stdin().lock()).context("cannot read values from stdin")?
        } else {
            read_file(&name, path).with_context(|| format!("cannot read values file {name}"))?
        };
        self.add_text(&name, text)
    }

    /// Adds a values document held in memory (a file's text).
    pub fn add_text(&mut self, name: &str, text: String) -> Result<()> {
        let tree = parse_yaml(name, &text)?;
        merge_user(&mut self.merged_user, tree);
        self.user.push(Layer {
            origin: Origin::File {
                name: name.to_owned(),
                text,
            },
            tree: std::sync::OnceLock::new(),
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
            tree: tree.into(),
        });
        Ok(())
    }

    /// Defaults with every user layer on top: maps merge deeply, anything else replaces,
    /// and a user `null` deletes the default.
    pub fn merged(&self) -> Value {
        let mut tree = self.defaults.tree().clone();
        coalesce(&mut tree, self.merged_user.clone());
        tree
    }

    /// Deserializes [`ValueLayers::merged`] without building it: the result and any
    /// failure are the same, only the error messages may differ (callers that show one
    /// build the tree). Building it copies both trees and then drops most of the copied
    /// defaults again, which costs several times the typing itself.
    pub fn deserialize_merged<T: DeserializeOwned>(&self) -> Result<T, serde_yaml_ng::Error> {
        let view = Merged::over(Some(self.defaults.tree()), &self.merged_user);
        #[cfg(debug_assertions)]
        {
            use serde::Deserialize as _;
            // The debug text shows the order of keys, which `==` on maps ignores.
            let seen = Value::deserialize(view).expect("merged view reads as a tree");
            assert_eq!(
                format!("{seen:?}"),
                format!("{:?}", self.merged()),
                "the merged view differs from the merge"
            );
        }
        T::deserialize(view)
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
                .chain(std::iter::once(&*self.defaults))
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
    fn tree(&self) -> &Value {
        self.tree.get_or_init(|| match &self.origin {
            // The text parsed once already; it cannot fail now.
            Origin::File { name, text } => parse_yaml(name, text).unwrap_or_default(),
            Origin::Flag(_) => Value::Null,
        })
    }

    fn locate(&self, path: &[Step]) -> Option<Location> {
        lookup(self.tree(), path)?;
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

/// Finds the line of a block-style YAML path, counting list items (`- `) for the indexes.
/// It follows indentation, which covers the way values files are written; flow-style maps
/// and lists fall back to the nearest parent.
fn find_line(text: &str, path: &[Step]) -> Option<(usize, usize, String)> {
    let mut stack: Vec<(usize, Step)> = Vec::new();
    let found = |stack: &[(usize, Step)]| {
        stack.len() == path.len() && stack.iter().zip(path).all(|((_, a), b)| a == b)
    };
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
            continue;
        }
        let mut indent = line.len() - trimmed.len();
        let mut body = trimmed;
        while body == "-" || body.starts_with("- ") {
            // The next item of the list at this column, or the first one.
            while stack.last().is_some_and(|(i, _)| *i > indent) {
                stack.pop();
            }
            match stack.last_mut() {
                Some((i, Step::Index(k))) if *i == indent => *k += 1,
                _ => stack.push((indent, Step::Index(0))),
            }
            if found(&stack) {
                return Some((n + 1, indent + 1, line.to_owned()));
            }
            let rest = body[1..].trim_start();
            indent += body.len() - rest.len();
            body = rest;
        }
        let Some(key) = yaml_key(body) else { continue };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        stack.push((indent, Step::Key(key)));
        if found(&stack) {
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

/// A node of [`ValueLayers::merged`] read in place from the defaults and the user values,
/// by the rules of [`coalesce`] and [`strip_nulls`].
#[derive(Debug, Clone, Copy)]
enum Merged<'a> {
    /// A value that merging leaves as it is: a default no user value touches, or a user
    /// value that is not a map.
    Plain(&'a Value),
    /// A default map with a user map on top.
    Over(&'a Mapping, &'a Mapping),
    /// A user map that replaces a default or adds a key: its nulls are dropped.
    Added(&'a Mapping),
}

impl<'a> Merged<'a> {
    /// A user value `user` (no null, where it is a key's) over the default in its place.
    /// Tagged maps are not merged, as in `coalesce`.
    fn over(default: Option<&'a Value>, user: &'a Value) -> Merged<'a> {
        match (default, user) {
            (Some(Value::Mapping(default)), Value::Mapping(user)) => Merged::Over(default, user),
            (_, Value::Mapping(user)) => Merged::Added(user),
            (_, user) => Merged::Plain(user),
        }
    }

    fn entries(self) -> Entries<'a> {
        match self {
            Merged::Plain(_) => Entries::Listed(Vec::new().into_iter()),
            Merged::Added(user) => Entries::Added(user.iter()),
            Merged::Over(defaults, user) if user.values().any(Value::is_null) => {
                Entries::Listed(over_with_deletions(defaults, user).into_iter())
            }
            Merged::Over(defaults, user) => Entries::Over {
                defaults,
                user,
                from_defaults: defaults.iter(),
                from_user: user.iter(),
            },
        }
    }

    fn visit_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, serde_yaml_ng::Error> {
        let mut access = MergedMap {
            entries: self.entries(),
            value: None,
        };
        let map = visitor.visit_map(&mut access)?;
        // As the tree's own deserializer: a visitor must take every entry.
        if access.entries.next().is_some() {
            return Err(de::Error::custom("fewer elements in map"));
        }
        Ok(map)
    }
}

/// The entries of a default map with a user map on top, in the order `coalesce` leaves
/// them when user nulls delete keys: a deletion moves the last key into the gap, as
/// `Mapping::remove` does.
fn over_with_deletions<'a>(
    defaults: &'a Mapping,
    user: &'a Mapping,
) -> Vec<(&'a Value, Merged<'a>)> {
    let mut merged: indexmap::IndexMap<&Value, Merged> = defaults
        .iter()
        .map(|(k, v)| (k, Merged::Plain(v)))
        .collect();
    for (k, v) in user {
        if v.is_null() {
            merged.swap_remove(k);
        } else {
            merged.insert(k, Merged::over(defaults.get(k), v));
        }
    }
    merged.into_iter().collect()
}

enum Entries<'a> {
    /// Without deletions, the defaults keep their places (taking the user value where
    /// there is one) and the user's new keys follow in their order.
    Over {
        defaults: &'a Mapping,
        user: &'a Mapping,
        from_defaults: mapping::Iter<'a>,
        from_user: mapping::Iter<'a>,
    },
    Added(mapping::Iter<'a>),
    Listed(std::vec::IntoIter<(&'a Value, Merged<'a>)>),
}

impl<'a> Iterator for Entries<'a> {
    type Item = (&'a Value, Merged<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Entries::Over {
                defaults,
                user,
                from_defaults,
                from_user,
            } => {
                if let Some((k, v)) = from_defaults.next() {
                    return Some((
                        k,
                        user.get(k)
                            .map_or(Merged::Plain(v), |u| Merged::over(Some(v), u)),
                    ));
                }
                from_user
                    .find(|(k, _)| !defaults.contains_key(*k))
                    .map(|(k, v)| (k, Merged::over(None, v)))
            }
            Entries::Added(user) => user
                .find(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, Merged::over(None, v))),
            Entries::Listed(entries) => entries.next(),
        }
    }
}

struct MergedMap<'a> {
    entries: Entries<'a>,
    value: Option<Merged<'a>>,
}

impl<'a> MapAccess<'a> for MergedMap<'a> {
    type Error = serde_yaml_ng::Error;

    fn next_key_seed<K: de::DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'a>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let value = self.value.take().ok_or_else(|| {
            <Self::Error as de::Error>::custom("map value asked for before its key")
        })?;
        seed.deserialize(value)
    }
}

/// Methods where a merged map is refused the way the tree's deserializer refuses a map.
macro_rules! refuse_maps {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'a>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
            match self {
                Merged::Plain(v) => v.$method($($arg,)* visitor),
                Merged::Over(..) | Merged::Added(_) => {
                    Err(de::Error::invalid_type(Unexpected::Map, &visitor))
                }
            }
        }
    )*};
}

/// Mirrors `Deserializer for &Value`: plain values are read by it, and merged maps take
/// the paths it takes for a map.
impl<'a> Deserializer<'a> for Merged<'a> {
    type Error = serde_yaml_ng::Error;

    refuse_maps! {
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_identifier();
    }

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Merged::Plain(v) => v.deserialize_any(visitor),
            Merged::Over(..) | Merged::Added(_) => self.visit_map(visitor),
        }
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Merged::Plain(v) => v.deserialize_map(visitor),
            Merged::Over(..) | Merged::Added(_) => self.visit_map(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self {
            Merged::Plain(v) => v.deserialize_struct(name, fields, visitor),
            Merged::Over(..) | Merged::Added(_) => self.visit_map(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Merged::Plain(v) => v.deserialize_option(visitor),
            Merged::Over(..) | Merged::Added(_) => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self {
            Merged::Plain(v) => v.deserialize_newtype_struct(name, visitor),
            Merged::Over(..) | Merged::Added(_) => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self {
            Merged::Plain(v) => v.deserialize_enum(name, variants, visitor),
            Merged::Over(..) | Merged::Added(_) => Err(de::Error::invalid_type(
                Unexpected::Map,
                &"a Value::Tagged enum",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Merged::Plain(v) => v.deserialize_ignored_any(visitor),
            Merged::Over(..) | Merged::Added(_) => visitor.visit_unit(),
        }
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

/// The largest values file accepted. Real values files are kilobytes; helm itself cannot
/// install a release whose values exceed the 1 MiB limit of the Secret it stores them in.
/// Without a limit, a huge file costs seconds and gigabytes before any error is found.
pub const MAX_VALUES_BYTES: usize = 8 * 1024 * 1024;

/// The deepest nesting of maps and lists accepted. The chart's own values are at most ten
/// levels deep. Checked before the real parse because the YAML parser needs time
/// quadratic in the depth of flow collections (`[[[[...`) before it reports its own limit.
pub const MAX_DEPTH: usize = 64;

// `parse_yaml` skips the depth check for what the quick reader reads.
const _: () = assert!(crate::block_yaml::MAX_NESTING < MAX_DEPTH);

/// A values file's text; a regular file is read in one go at the length it has (growing
/// reads would take a dozen system calls for a 30 KB file), anything else as a stream.
fn read_file(name: &str, path: &Path) -> Result<String> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let len = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    if !meta.is_file() || len > MAX_VALUES_BYTES {
        return read_bounded(name, file);
    }
    let mut bytes = vec![0; len];
    file.read_exact(&mut bytes)?;
    // The file may have grown since: the rest is read, and the whole checked, as a stream.
    bytes.extend(read_bounded_bytes(&mut file)?);
    text_of(name, bytes)
}

/// Reads at most [`MAX_VALUES_BYTES`] (and one byte more, to tell that there is more).
fn read_bounded(name: &str, reader: impl std::io::Read) -> Result<String> {
    text_of(name, read_bounded_bytes(reader)?)
}

fn read_bounded_bytes(reader: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_VALUES_BYTES).unwrap_or(u64::MAX) + 1;
    reader.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn text_of(name: &str, bytes: Vec<u8>) -> Result<String> {
    check_size(name, bytes.len())?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn check_size(name: &str, len: usize) -> Result<()> {
    if len > MAX_VALUES_BYTES {
        return Err(anyhow!(
            "{name} is larger than {} MiB; values files this large are refused",
            MAX_VALUES_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Refuses maps and lists nested deeper than [`MAX_DEPTH`], pointing at where the limit is
/// crossed. A streaming parser stops there, so the cost is bounded by the limit, not by the
/// input. Syntax errors are left to the real parser, which reports them better.
fn check_depth(name: &str, text: &str) -> Result<()> {
    use yaml_rust2::parser::{Event, Parser};
    if !may_nest_too_deep(text) {
        return Ok(());
    }
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        let (event, marker) = match parser.next_token() {
            Ok(next) => next,
            Err(e) if e.info().contains("recursion limit") => (Event::Nothing, *e.marker()),
            Err(_) => return Ok(()),
        };
        match event {
            Event::StreamEnd => return Ok(()),
            Event::SequenceStart(..) | Event::MappingStart(..) | Event::Nothing => {
                depth += 1;
                if depth > MAX_DEPTH || matches!(event, Event::Nothing) {
                    let line = text.lines().nth(marker.line().saturating_sub(1));
                    let at = Location {
                        origin: name.to_owned(),
                        line: Some((
                            marker.line(),
                            marker.col() + 1,
                            line.unwrap_or_default().to_owned(),
                        )),
                    };
                    return Err(anyhow!(
                        "{name}: maps and lists are nested more than {MAX_DEPTH} levels deep\n  {}",
                        at.to_string().replace('\n', "\n  ")
                    ));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
}

/// Whether `text` could nest deeper than [`MAX_DEPTH`], by a bound cheap enough to skip
/// the streaming pre-pass for ordinary files (the pre-pass costs as much as the parse).
/// A block collection nested in another starts at a greater column, or at the same column
/// only when a list is the value of a key, so block nesting is at most twice the widest
/// indentation (counting `- `, `? ` and `: ` prefixes); every flow collection needs a `[`
/// or `{` of its own.
fn may_nest_too_deep(text: &str) -> bool {
    let indent = text
        .lines()
        .map(|l| {
            l.bytes()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'-' | b'?' | b':'))
                .count()
        })
        .max()
        .unwrap_or(0);
    let flow = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    2 * (indent + 1) + flow > MAX_DEPTH
}

/// Parses one YAML document; an empty file is an empty map. Syntax errors point at
/// `file:line:col` and show the line. Files over [`MAX_VALUES_BYTES`] or nested deeper
/// than [`MAX_DEPTH`] are refused; alias bombs ("billion laughs") are refused by the
/// parser's own limit on repeated aliases.
pub fn parse_yaml(name: &str, text: &str) -> Result<Value> {
    check_size(name, text.len())?;
    // What the quick reader reads is never too deep, and it reads most files: the depth
    // check, which costs as much as a tenth of the reading, only guards the full parser.
    let parsed = if let Some(quick) = crate::block_yaml::read_checked(text) {
        Ok(quick)
    } else {
        check_depth(name, text)?;
        serde_yaml_ng::from_str(text)
    };
    let value: Value = match parsed {
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
    fn built_in_defaults_read_the_same_from_json() {
        for name in crate::chart::BUILT_IN {
            let chart = Chart::load(name).unwrap();
            assert!(chart.default_values_json.is_some());
            let from_yaml = ValueLayers::new(&chart.values_name, &chart.default_values).unwrap();
            assert_eq!(
                ValueLayers::defaults(&chart).unwrap().merged(),
                from_yaml.merged()
            );
        }
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
    fn merged_view_reads_as_the_merge_in_the_same_order() {
        let mut l = layers(
            "a: {b: 1, c: 2, d: 3, e: 4}\nf: {g: 1}\nh: !t {i: 1}\nj: [1, null]\nk: 1\nl: 2\n",
            &[
                "a: {c: null, x: {y: null, z: 1}, b: 10}\nf: !t {g: 2}\nh: {i: 2, n: null}",
                "k: null\nm: {n: null, o: [null]}\nj: [null]\na: {e: {p: 1}}",
            ],
        );
        l.add_flag(SetKind::Typed, "q=1,a.d=null").unwrap();
        let merged = l.merged();
        let view: Value = l.deserialize_merged().unwrap();
        assert_eq!(format!("{view:?}"), format!("{merged:?}"));
        // A deletion moves the last key into its place.
        let keys: Vec<_> = merged["a"].as_mapping().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["b", "e", "x"].map(Value::from).iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn merged_view_types_the_values_as_the_merge() {
        let chart = Chart::load("mi").unwrap();
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for entry in std::fs::read_dir(examples).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if !name.ends_with(".yaml") || name.starts_with("icp-") {
                continue;
            }
            let mut l = ValueLayers::defaults(&chart).unwrap();
            l.add_file(&path).unwrap();
            l.add_flag(
                SetKind::Typed,
                "wso2.config.portOffset=null,wso2.deployment=null",
            )
            .unwrap();
            let typed = |v: crate::values::Values| serde_json::to_value(v).unwrap();
            let from_tree = typed(serde_yaml_ng::from_value(l.merged()).unwrap());
            let from_view = typed(l.deserialize_merged().unwrap());
            assert_eq!(from_view, from_tree, "{name}");
        }
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
    fn list_items_are_located_by_their_index() {
        let text = "a:\n  - name: x\n    port: 1\n  - name: y\n    port: 2\nb:\n- p\n- q\n";
        let at = |path: &[Step]| find_line(text, path).map(|(line, col, _)| (line, col));
        let key = |k: &str| Step::Key(k.into());
        assert_eq!(at(&[key("a"), Step::Index(1), key("port")]), Some((5, 5)));
        assert_eq!(at(&[key("a"), Step::Index(0), key("port")]), Some((3, 5)));
        assert_eq!(at(&[key("a"), Step::Index(1)]), Some((4, 3)));
        assert_eq!(at(&[key("b"), Step::Index(1)]), Some((8, 1)));
        assert_eq!(at(&[key("a"), Step::Index(2)]), None);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, next) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .windows(2)
            .map(|w| (w[0], w[1]))
        {
            let _ = writeln!(
                bomb,
                "{next}: &{next} [{}]",
                vec![format!("*{prev}"); 9].join(", ")
            );
        }
        let start = std::time::Instant::now();
        let err = format!("{:#}", parse_yaml("bomb.yaml", &bomb).unwrap_err());
        assert!(
            err.contains("bomb.yaml") && err.contains("repetition limit"),
            "{err}"
        );
        assert!(start.elapsed().as_secs() < 2);
        // A few aliases are fine.
        parse_yaml("ok.yaml", "a: &a {b: 1}\nc: [*a, *a]\n").unwrap();
    }

    /// `depth` levels of block maps, one key per line.
    fn nested(depth: usize) -> String {
        let mut text = String::new();
        for i in 0..depth {
            let _ = writeln!(text, "{}k{i}:", "  ".repeat(i));
        }
        text + &"  ".repeat(depth) + "v\n"
    }

    #[test]
    fn deep_nesting_is_refused_at_the_line_that_crosses_the_limit() {
        let block = nested(100);
        let err = format!("{:#}", parse_yaml("deep.yaml", &block).unwrap_err());
        assert!(err.contains("nested more than 64 levels"), "{err}");
        assert!(err.contains("deep.yaml:65:"), "{err}");

        // Flow nesting costs the YAML parser time quadratic in the depth (about 30 s for
        // 100,000 levels); the pre-check stops at the limit.
        let flow = format!("a: {}1{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
        let start = std::time::Instant::now();
        let err = format!("{:#}", parse_yaml("flow.yaml", &flow).unwrap_err());
        assert!(err.contains("nested more than 64 levels"), "{err}");
        assert!(start.elapsed().as_secs() < 2);

        let ok = nested(60);
        parse_yaml("ok.yaml", &ok).unwrap();
    }

    #[test]
    fn oversized_values_are_refused_before_parsing() {
        let big = format!("a: \"{}\"\n", "x".repeat(MAX_VALUES_BYTES));
        let err = format!("{:#}", parse_yaml("big.yaml", &big).unwrap_err());
        assert!(err.contains("big.yaml is larger than 8 MiB"), "{err}");
        let err = read_bounded("stdin", std::io::repeat(b'x')).unwrap_err();
        assert!(err.to_string().contains("larger than 8 MiB"), "{err}");
        let err = read_bounded("bin.yaml", &b"a: \xff"[..]).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let err = parse_yaml("bad.yaml", "a:\n  b: 1\n c: [x\n").unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("bad.yaml:3:"), "{text}");
    }
}
