//! The values a render starts from: chart defaults, then `-f` files, then `--set-json`,
//! `--set` and `--set-string` flags, merged with helm's rules, remembering where each
//! path came from so errors can point at it.

use std::fmt::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use serde_yaml_ng::{Mapping, Value};

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
    defaults: Layer,
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
            defaults: Layer {
                origin: Origin::File {
                    name: name.to_owned(),
                    text: text.to_owned(),
                },
                tree: tree.into(),
            },
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
            std::fs::File::open(path)
                .map_err(anyhow::Error::from)
                .and_then(|f| read_bounded(&name, f))
                .with_context(|| format!("cannot read values file {name}"))?
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

/// Reads at most [`MAX_VALUES_BYTES`] (and one byte more, to tell that there is more).
fn read_bounded(name: &str, reader: impl std::io::Read) -> Result<String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_VALUES_BYTES).unwrap_or(u64::MAX) + 1;
    reader.take(limit).read_to_end(&mut bytes)?;
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
    check_depth(name, text)?;
    let value: Value = match crate::block_yaml::parse(text) {
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
