//! The built-in charts' templates, compiled to Rust when michart is built (`build.rs` and
//! `build/precompile.rs`), so a render neither parses templates nor runs them on
//! minijinja's bytecode interpreter. A chart read from a folder still goes through
//! minijinja, and a test renders every example both ways and requires the same bytes.
//!
//! The generated code calls the helpers below for every operation whose exact meaning
//! belongs to minijinja (attribute lookup on undefined values, truthiness, printing,
//! containment); filters, tests and functions are minijinja's own, called through the
//! same `State` the interpreter uses, so a filter behaves the same on both paths. Our own
//! text filters are called directly, and `props_block` writes into the output: minijinja's
//! argument conversion cost more than they do, and the interpreter is given the very same
//! code.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, OnceLock};

use minijinja::value::{Enumerator, Kwargs, Object, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, Expression, State};

use crate::renderer::text;

/// What generated code renders with: the engine's state (filters, tests, functions) and
/// the render's root variables.
pub struct Rt<'a, 'env> {
    pub env: &'env Environment<'env>,
    pub state: &'a State<'a, 'env>,
    pub ctx: &'a BTreeMap<&'a str, Value>,
    /// Arithmetic the fast paths below do not cover, as minijinja expressions compiled on
    /// first use (sequence concatenation keeps minijinja's lazy sequence that way).
    ops: [OnceLock<Expression<'env, 'env>>; 5],
}

/// The built-in templates of one chart, as compiled by build.rs.
#[derive(Debug)]
pub struct Precompiled {
    /// Renders the template of that name into `out`; `None` when the chart has none.
    pub render: for<'a, 'env> fn(&Rt<'a, 'env>, &str, &mut String) -> Option<Result<(), Error>>,
}

impl<'a, 'env> Rt<'a, 'env> {
    pub fn new(
        env: &'env Environment<'env>,
        state: &'a State<'a, 'env>,
        ctx: &'a BTreeMap<&'a str, Value>,
    ) -> Rt<'a, 'env> {
        Rt {
            env,
            state,
            ctx,
            ops: Default::default(),
        }
    }

    /// A name no template scope defines: a root variable, else a global.
    pub fn lookup(&self, name: &str) -> Value {
        self.ctx
            .get(name)
            .cloned()
            .or_else(|| self.state.lookup(name))
            .unwrap_or(Value::UNDEFINED)
    }

    pub fn call(&self, name: &str, args: &[Value]) -> Result<Value, Error> {
        let function = self.lookup(name);
        if function.is_undefined() {
            return Err(Error::new(
                ErrorKind::UnknownFunction,
                format!("{name} is unknown"),
            ));
        }
        function.call(self.state, args)
    }

    pub fn method(&self, value: &Value, name: &str, args: &[Value]) -> Result<Value, Error> {
        value.call_method(self.state, name, args)
    }

    pub fn filter(&self, name: &str, args: &[Value]) -> Result<Value, Error> {
        if let ([v], Some(f)) = (args, crate::renderer::text_filter(name)) {
            return Ok(Value::from(f(v)));
        }
        self.state.apply_filter(name, args)
    }

    pub fn test(&self, name: &str, args: &[Value]) -> Result<Value, Error> {
        self.state.perform_test(name, args).map(Value::from)
    }

    pub fn add(&self, a: &Value, b: &Value) -> Result<Value, Error> {
        match (int(a), int(b)) {
            (Some(x), Some(y)) if x.checked_add(y).is_some() => Ok(Value::from(x + y)),
            _ => self.op(0, "a + b", a, b),
        }
    }

    pub fn sub(&self, a: &Value, b: &Value) -> Result<Value, Error> {
        match (int(a), int(b)) {
            (Some(x), Some(y)) if x.checked_sub(y).is_some() => Ok(Value::from(x - y)),
            _ => self.op(1, "a - b", a, b),
        }
    }

    pub fn mul(&self, a: &Value, b: &Value) -> Result<Value, Error> {
        match (int(a), int(b)) {
            (Some(x), Some(y)) if x.checked_mul(y).is_some() => Ok(Value::from(x * y)),
            _ => self.op(2, "a * b", a, b),
        }
    }

    pub fn div(&self, a: &Value, b: &Value) -> Result<Value, Error> {
        self.op(3, "a / b", a, b)
    }

    pub fn rem(&self, a: &Value, b: &Value) -> Result<Value, Error> {
        self.op(4, "a % b", a, b)
    }

    fn op(&self, slot: usize, source: &'static str, a: &Value, b: &Value) -> Result<Value, Error> {
        let expr = if let Some(expr) = self.ops[slot].get() {
            expr
        } else {
            let expr = self.env.compile_expression(source)?;
            self.ops[slot].get_or_init(|| expr)
        };
        expr.eval(minijinja::context! { a => a, b => b })
    }
}

/// An integer that minijinja would add as an integer (not a float, not a bool).
fn int(v: &Value) -> Option<i64> {
    if v.is_integer() { v.as_i64() } else { None }
}

/// `v.name`, undefined when missing (minijinja's chainable undefined).
pub fn attr(v: &Value, name: &str) -> Value {
    if v.is_undefined() {
        return Value::UNDEFINED;
    }
    v.get_attr(name).unwrap_or(Value::UNDEFINED)
}

/// `v[key]`, undefined when missing.
pub fn item(v: &Value, key: &Value) -> Value {
    v.get_item(key).unwrap_or(Value::UNDEFINED)
}

/// `{{ v }}` with the renderer's formatter: `none` prints nothing, booleans in lower case,
/// everything else as minijinja prints it without auto-escaping.
pub fn emit(out: &mut String, v: &Value) {
    if v.is_none() {
    } else if v.kind() == ValueKind::Bool {
        out.push_str(if v.is_true() { "true" } else { "false" });
    } else if let Some(s) = v.as_str() {
        out.push_str(s);
    } else {
        let _ = write!(out, "{v}");
    }
}

/// `a ~ b ~ …`: every part as it prints, one after the other.
pub fn concat(parts: &[Value]) -> Value {
    // Sized up front: growing the string part by part was a reallocation a part.
    let len = parts.iter().map(|p| p.as_str().map_or(8, str::len)).sum();
    let mut out = String::with_capacity(len);
    for part in parts {
        push_part(&mut out, part);
    }
    Value::from(out)
}

/// One part of `a ~ b ~ …` as it prints.
fn push_part(out: &mut String, part: &Value) {
    match part.as_str() {
        Some(s) => out.push_str(s),
        None => {
            let _ = write!(out, "{part}");
        }
    }
}

/// `v in container`, as minijinja decides it.
pub fn contains(container: &Value, v: &Value) -> Result<Value, Error> {
    let found = match container.kind() {
        // minijinja: undefined holds nothing; plain objects cannot be searched.
        ValueKind::Undefined | ValueKind::Plain => false,
        ValueKind::String => {
            let haystack = container.as_str().unwrap_or_default();
            match v.as_str() {
                Some(needle) => haystack.contains(needle),
                None => haystack.contains(&v.to_string()),
            }
        }
        ValueKind::Map => !item(container, v).is_undefined(),
        ValueKind::Seq | ValueKind::Iterable => container.try_iter()?.any(|x| &x == v),
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "cannot perform a containment check on this value",
            ));
        }
    };
    Ok(Value::from(found))
}

/// The items a `for` loop runs over (none for undefined and none).
pub fn iter(v: &Value) -> Result<Vec<Value>, Error> {
    // A list the template wrote is a `Vec` inside, copied at a tenth of the cost of
    // minijinja's iterator, which looks every item up by its index.
    if let Some(items) = v.downcast_object_ref::<Vec<Value>>() {
        return Ok(items.clone());
    }
    Ok(v.try_iter()?.collect())
}

/// `for a, b in …`: one loop item split into `N` names.
pub fn unpack<const N: usize>(v: &Value) -> Result<[Value; N], Error> {
    let wrong = || Error::new(ErrorKind::CannotUnpack, "sequence of wrong length");
    // Read in place, as `iter` does, without a list of its own for each item.
    if let Some(items) = v.downcast_object_ref::<Vec<Value>>() {
        return <&[Value; N]>::try_from(items.as_slice())
            .cloned()
            .map_err(|_| wrong());
    }
    <[Value; N]>::try_from(iter(v)?).map_err(|_| wrong())
}

/// An argument of `props_block` as the template wrote it: a `[key, value]` pair of a
/// list literal, or any other expression, which must be a list of pairs.
pub enum PropsArg {
    Pair(Value, Value),
    List(Value),
}

/// `{{ props_block(prefix, …) }}` written straight into `out`, the prefix given as the
/// parts of its `~` chain: neither the prefix, nor the lists of list literals, nor the
/// block itself is built as a value first (log4j2.properties has 81 blocks, and building
/// them was about a thousand allocations a render).
pub fn props_block_into(
    rt: &Rt<'_, '_>,
    out: &mut String,
    prefix: &[Value],
    args: &[PropsArg],
) -> Result<(), Error> {
    let not_text = matches!(prefix, [p] if p.as_str().is_none());
    if not_text
        || args
            .iter()
            .any(|a| matches!(a, PropsArg::List(l) if !is_list(l)))
    {
        // Not a text or not a list: minijinja converts or refuses it, as the interpreter
        // would.
        let prefix = match prefix {
            [one] => one.clone(),
            parts => concat(parts),
        };
        let mut values = vec![prefix];
        values.extend(args.iter().map(|arg| match arg {
            PropsArg::Pair(k, v) => Value::from(vec![Value::from(vec![k.clone(), v.clone()])]),
            PropsArg::List(list) => list.clone(),
        }));
        emit(out, &rt.call("props_block", &values)?);
        return Ok(());
    }
    write_props_block(out, prefix, args)
}

/// A sequence, or a sequence joined with `+` (minijinja makes that a lazy iterable).
fn is_list(v: &Value) -> bool {
    matches!(v.kind(), ValueKind::Seq | ValueKind::Iterable)
}

/// The block of `props_block`: `prefix` + key = value for each pair, in order, the `=`
/// signs aligned. Every `List` argument must be a list.
pub fn write_props_block(
    out: &mut String,
    prefix: &[Value],
    args: &[PropsArg],
) -> Result<(), Error> {
    // A list that is no `Vec` inside (one joined with `+` is a lazy sequence) is copied
    // out first; the others are read in place, twice, rather than collected.
    let mut copied = Vec::new();
    for arg in args {
        if let PropsArg::List(list) = arg
            && list.downcast_object_ref::<Vec<Value>>().is_none()
        {
            copied.push(list.try_iter()?.collect::<Vec<_>>());
        }
    }
    let mut width = 0;
    each_pair(args, &copied, |key, _| {
        width = width.max(key.chars().count());
    })?;
    each_pair(args, &copied, |key, value| {
        for part in prefix {
            push_part(out, part);
        }
        out.push_str(key);
        out.extend(std::iter::repeat_n(' ', width - key.chars().count()));
        out.push_str(" = ");
        out.push_str(value);
        out.push('\n');
    })
}

/// Calls `f` with the key and value text of every pair of `args`, in order; `copied`
/// holds the lists that could not be read in place, in order.
fn each_pair(
    args: &[PropsArg],
    copied: &[Vec<Value>],
    mut f: impl FnMut(&str, &str),
) -> Result<(), Error> {
    let mut copied = copied.iter();
    for arg in args {
        match arg {
            PropsArg::Pair(key, value) => f(&text(key), &text(value)),
            PropsArg::List(list) => {
                let pairs = match list.downcast_object_ref::<Vec<Value>>() {
                    Some(pairs) => pairs.as_slice(),
                    None => copied.next().map_or(&[][..], Vec::as_slice),
                };
                for pair in pairs {
                    let (key, value) = pair_text(pair)?;
                    f(&key, &value);
                }
            }
        }
    }
    Ok(())
}

/// The first two items of a list as text. A list a template wrote is a `Vec` inside: read
/// in place, it costs a tenth of minijinja's lookup of each item.
fn pair_text(pair: &Value) -> Result<(Cow<'_, str>, Cow<'_, str>), Error> {
    if let Some([key, value, ..]) = pair.downcast_object_ref::<Vec<Value>>().map(Vec::as_slice) {
        return Ok((text(key), text(value)));
    }
    let owned = |i| -> Result<Cow<'_, str>, Error> {
        Ok(Cow::Owned(text(&pair.get_item_by_index(i)?).into_owned()))
    };
    Ok((owned(0)?, owned(1)?))
}

/// A keyword argument list for a filter or function.
pub fn kwargs(pairs: Vec<(&str, Value)>) -> Value {
    Value::from(Kwargs::from_iter(pairs))
}

/// A map literal.
pub fn map(pairs: Vec<(Value, Value)>) -> Value {
    Value::from_object(pairs.into_iter().collect::<BTreeMap<Value, Value>>())
}

/// `namespace(…)`: the one object templates may assign attributes to. minijinja's own is
/// private to it, so compiled templates use this one.
#[derive(Debug, Default)]
pub struct Namespace(Mutex<BTreeMap<Arc<str>, Value>>);

impl Object for Namespace {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let fields = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        fields.get(key.as_str()?).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let fields = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Enumerator::Values(fields.keys().map(|k| Value::from(k.clone())).collect())
    }
}

pub fn namespace(pairs: Vec<(&str, Value)>) -> Value {
    let ns = Namespace::default();
    {
        let mut fields =
            ns.0.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (k, v) in pairs {
            fields.insert(Arc::from(k), v);
        }
    }
    Value::from_object(ns)
}

/// `{% set ns.name = v %}`.
pub fn set_attr(ns: &Value, name: &str, v: Value) -> Result<(), Error> {
    let Some(ns) = ns.downcast_object_ref::<Namespace>() else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("can only assign to namespaces, not {}", ns.kind()),
        ));
    };
    ns.0.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(Arc::from(name), v);
    Ok(())
}

// Generated code: lints are for the generator's source, not its output.
#[allow(clippy::all, clippy::pedantic, unused, nonstandard_style)]
pub mod mi {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/precompiled-mi.rs"));
}

#[allow(clippy::all, clippy::pedantic, unused, nonstandard_style)]
pub mod icp {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/precompiled-icp.rs"));
}
