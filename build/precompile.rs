//! Compiles a built-in chart's minijinja templates to Rust (see `src/precompiled.rs`).
//!
//! Templates are parsed with minijinja's own parser (its `unstable_machinery` API, pinned to
//! one version in Cargo.toml), with the renderer's whitespace settings, so the text between
//! tags is exactly what minijinja would print. Each template becomes a struct of its
//! top-level variables, a function running its top level, and one function per macro.
//! Names are resolved here, once, the way minijinja resolves them at run time: loop bodies
//! and macros have their own variables, a macro sees its template's top-level variables as
//! they are when it is called, and anything else is a root variable or a global.
//!
//! Only the constructs the built-in charts use are supported. Anything else is an error
//! that names the template, and the build then leaves that chart to minijinja at run time.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use minijinja::machinery::ast::{self, BinOpKind, CallArg, Expr, Stmt, UnaryOpKind};
use minijinja::value::{Value, ValueKind};

/// Rust source for one chart, from its templates as (name, source) pairs; libraries are
/// the names starting with `_`.
pub fn chart(files: &[(String, String)]) -> Result<String, String> {
    let mut units = Vec::new();
    for (name, source) in files {
        let ast = parse(name, source)?;
        units.push(Unit::scan(name, ast).map_err(|e| format!("{name}: {e}"))?);
    }
    let mut code = String::new();
    for unit in &units {
        for (alias, lib) in &unit.imports {
            if !units.iter().any(|u| u.name == lib.as_str()) {
                return Err(format!(
                    "{}: imports {lib} as {alias}, which is missing",
                    unit.name
                ));
            }
        }
        let mut g = Gen {
            unit,
            units: &units,
            scopes: Vec::new(),
            next: 0,
            code: String::new(),
        };
        g.unit_code().map_err(|e| format!("{}: {e}", unit.name))?;
        code.push_str(&g.code);
    }
    code.push_str(
        "/// Renders the built-in template `name`.\n\
         pub fn render(rt: &Rt<'_, '_>, name: &str, out: &mut String) -> Option<Result<(), Error>> {\n\
         \x20   Some(match name {\n",
    );
    for unit in units.iter().filter(|u| !u.name.starts_with('_')) {
        let _ = writeln!(
            code,
            "        {:?} => u_{}(rt, out).map(drop),",
            unit.name, unit.ident
        );
    }
    code.push_str("        _ => return None,\n    })\n}\n");
    code.push_str("pub static PRECOMPILED: Option<Precompiled> = Some(Precompiled { render });\n");
    Ok(code)
}

fn parse<'s>(name: &'s str, source: &'s str) -> Result<Stmt<'s>, String> {
    // The whitespace settings' type is not exported; it is Copy and inferred from here.
    #[allow(clippy::default_trait_access)]
    let mut ws = Default::default();
    let run = |ws| minijinja::machinery::parse(source, name, minijinja::syntax::SyntaxConfig, ws);
    if false {
        let _ = run(ws);
    }
    ws.trim_blocks = true;
    ws.lstrip_blocks = true;
    ws.keep_trailing_newline = true;
    run(ws).map_err(|e| format!("{name}: {e}"))
}

/// One template: what its top level defines.
struct Unit<'s> {
    name: &'s str,
    ident: String,
    ast: Stmt<'s>,
    /// Names its top level assigns (`set`), including inside `if` blocks.
    vars: BTreeSet<&'s str>,
    /// Macro name → parameter names.
    macros: BTreeMap<&'s str, Vec<&'s str>>,
    /// Import alias → template name.
    imports: BTreeMap<&'s str, String>,
}

impl<'s> Unit<'s> {
    fn scan(name: &'s str, ast: Stmt<'s>) -> Result<Unit<'s>, String> {
        let Stmt::Template(t) = &ast else {
            return Err("not a template".into());
        };
        let mut vars = BTreeSet::new();
        let mut macros = BTreeMap::new();
        let mut imports = BTreeMap::new();
        for stmt in &t.children {
            match stmt {
                Stmt::Macro(m) => {
                    let params = m
                        .args
                        .iter()
                        .map(|a| match a {
                            Expr::Var(v) => Ok(v.id),
                            _ => Err(format!("macro {}: parameter is not a name", m.name)),
                        })
                        .collect::<Result<_, _>>()?;
                    macros.insert(m.name, params);
                }
                Stmt::Import(i) => {
                    let (Expr::Const(c), Expr::Var(alias)) = (&i.expr, &i.name) else {
                        return Err("import of a computed name".into());
                    };
                    let lib = c.value.as_str().ok_or("import of a non-string")?;
                    imports.insert(alias.id, lib.to_owned());
                }
                _ => {}
            }
        }
        // Top-level `set`s, also inside `if` blocks (macros and imports there are refused
        // when the body is compiled).
        assigned(&t.children, &mut vars);
        for name in macros.keys().chain(imports.keys()) {
            if vars.contains(name) {
                return Err(format!("{name} is both assigned and a macro or import"));
            }
        }
        Ok(Unit {
            name,
            ident: ident(name),
            ast,
            vars,
            macros,
            imports,
        })
    }
}

fn ident(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Macro,
    Loop,
}

/// A scope with its own variables: a macro body or one iteration of a loop body.
struct Scope<'s> {
    kind: Kind,
    id: usize,
    vars: BTreeSet<&'s str>,
}

struct Gen<'u, 's> {
    unit: &'u Unit<'s>,
    units: &'u [Unit<'s>],
    scopes: Vec<Scope<'s>>,
    next: usize,
    code: String,
}

impl<'s> Gen<'_, 's> {
    fn unit_code(&mut self) -> Result<(), String> {
        let u = self.unit;
        let id = &u.ident;
        let _ = writeln!(self.code, "\n// {}\npub struct U_{id} {{", u.name);
        for var in &u.vars {
            let _ = writeln!(self.code, "    v_{var}: Value,");
        }
        for (alias, lib) in &u.imports {
            let _ = writeln!(self.code, "    i_{alias}: U_{},", ident(lib));
        }
        let _ = writeln!(
            self.code,
            "}}\n\nfn u_{id}(rt: &Rt<'_, '_>, out: &mut String) -> Result<U_{id}, Error> {{\n\
             let mut top = U_{id} {{"
        );
        for var in &u.vars {
            let _ = writeln!(self.code, "    v_{var}: rt.lookup({var:?}),");
        }
        // Libraries print nothing that is kept and read only root variables, so importing
        // them all first is the same as importing each where its tag is.
        for (alias, lib) in &u.imports {
            let _ = writeln!(
                self.code,
                "    i_{alias}: u_{}(rt, &mut String::new())?,",
                ident(lib)
            );
        }
        self.code.push_str("};\n");
        let Stmt::Template(t) = &u.ast else {
            unreachable!()
        };
        // Macros become functions of their own and imports fields of `top` (above); they
        // are only allowed here, at the top level.
        for stmt in &t.children {
            if !matches!(stmt, Stmt::Macro(_) | Stmt::Import(_)) {
                self.stmt(stmt)?;
            }
        }
        self.code.push_str("Ok(top)\n}\n");
        for stmt in &t.children {
            if let Stmt::Macro(m) = stmt {
                self.macro_fn(m)?;
            }
        }
        Ok(())
    }

    fn macro_fn(&mut self, m: &ast::Macro<'s>) -> Result<(), String> {
        let params = &self.unit.macros[m.name];
        let id = self.fresh();
        let mut vars: BTreeSet<&'s str> = params.iter().copied().collect();
        assigned(&m.body, &mut vars);
        let args: Vec<String> = (0..params.len()).map(|i| format!("a{i}: Value")).collect();
        let _ = writeln!(
            self.code,
            "\nfn m_{}_{}(rt: &Rt<'_, '_>, top: &U_{}, {}) -> Result<Value, Error> {{\n\
             let mut buf = String::new();\nlet out = &mut buf;",
            self.unit.ident,
            m.name,
            self.unit.ident,
            args.join(", ")
        );
        // Locals not passed in start as whatever the name means outside the macro.
        for var in vars.iter().filter(|v| !params.contains(v)) {
            let outer = self.lookup(var)?;
            let _ = writeln!(self.code, "let mut v_{var}_{id} = {outer};");
        }
        for (i, p) in params.iter().enumerate() {
            let _ = writeln!(self.code, "let mut v_{p}_{id} = a{i};");
        }
        self.scopes.push(Scope {
            kind: Kind::Macro,
            id,
            vars,
        });
        // Defaults apply to parameters left undefined, last parameter first.
        let first_default = params.len() - m.defaults.len();
        for (p, default) in params[first_default..].iter().zip(&m.defaults).rev() {
            let value = self.expr(default)?;
            let _ = writeln!(
                self.code,
                "if v_{p}_{id}.is_undefined() {{ v_{p}_{id} = {value}; }}"
            );
        }
        self.body(&m.body)?;
        self.scopes.pop();
        self.code.push_str("Ok(Value::from(buf))\n}\n");
        Ok(())
    }

    fn fresh(&mut self) -> usize {
        self.next += 1;
        self.next
    }

    fn in_macro(&self) -> bool {
        self.scopes.iter().any(|s| s.kind == Kind::Macro)
    }

    /// A name read as a value.
    fn lookup(&self, name: &str) -> Result<String, String> {
        for scope in self.scopes.iter().rev() {
            if scope.vars.contains(name) {
                return Ok(format!("v_{name}_{}.clone()", scope.id));
            }
        }
        if self.unit.vars.contains(name) {
            return Ok(format!("top.v_{name}.clone()"));
        }
        if self.unit.macros.contains_key(name) || self.unit.imports.contains_key(name) {
            return Err(format!("{name} used as a value"));
        }
        Ok(format!("rt.lookup({name:?})"))
    }

    /// Where an assignment to `name` goes.
    fn target(&self, name: &str) -> String {
        match self.scopes.last() {
            Some(scope) => {
                debug_assert!(scope.vars.contains(name));
                format!("v_{name}_{}", scope.id)
            }
            None => format!("top.v_{name}"),
        }
    }

    /// Whether `name` means the template's own macro or import here (not a local).
    fn is_unit_name(&self, name: &str) -> bool {
        !self.scopes.iter().any(|s| s.vars.contains(name))
    }

    fn body(&mut self, body: &[Stmt<'s>]) -> Result<(), String> {
        for stmt in body {
            self.stmt(stmt)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &Stmt<'s>) -> Result<(), String> {
        match stmt {
            Stmt::EmitRaw(r) => {
                let _ = writeln!(self.code, "out.push_str({:?});", r.raw);
            }
            Stmt::EmitExpr(e) => {
                if let Some(code) = self.props_block(&e.expr)? {
                    let _ = writeln!(self.code, "{code};");
                } else {
                    let value = self.expr(&e.expr)?;
                    let _ = writeln!(self.code, "emit(out, &{value});");
                }
            }
            Stmt::IfCond(i) => {
                let test = self.expr(&i.expr)?;
                let _ = writeln!(self.code, "if ({test}).is_true() {{");
                self.body(&i.true_body)?;
                self.code.push_str("} else {\n");
                self.body(&i.false_body)?;
                self.code.push_str("}\n");
            }
            Stmt::Set(s) => {
                let value = self.expr(&s.expr)?;
                match &s.target {
                    Expr::Var(v) => {
                        let target = self.target(v.id);
                        let _ = writeln!(self.code, "{target} = {value};");
                    }
                    Expr::GetAttr(a) => {
                        let ns = self.expr(&a.expr)?;
                        let _ = writeln!(self.code, "set_attr(&{ns}, {:?}, {value})?;", a.name);
                    }
                    _ => return Err("unsupported assignment target".into()),
                }
            }
            Stmt::ForLoop(f) => self.for_loop(f)?,
            Stmt::Template(t) => self.body(&t.children)?,
            _ => return Err(format!("unsupported tag at {:?}", span_of(stmt))),
        }
        Ok(())
    }

    fn for_loop(&mut self, f: &ast::ForLoop<'s>) -> Result<(), String> {
        if f.recursive {
            return Err("recursive loops are not supported".into());
        }
        let items = self.expr(&f.iter)?;
        let id = self.fresh();
        let mut targets = Vec::new();
        match &f.target {
            Expr::Var(v) => targets.push(v.id),
            Expr::List(l) => {
                for item in &l.items {
                    let Expr::Var(v) = item else {
                        return Err("nested loop targets are not supported".into());
                    };
                    targets.push(v.id);
                }
            }
            _ => return Err("unsupported loop target".into()),
        }
        let mut vars: BTreeSet<&'s str> = targets.iter().copied().collect();
        assigned(&f.body, &mut vars);
        let _ = writeln!(self.code, "{{\nlet mut items_{id} = iter(&{items})?;");
        if let Some(filter) = &f.filter_expr {
            // `for x in xs if test`: the items are chosen first, so `loop` counts only
            // the items kept; the test sees the loop's names and nothing it sets.
            let _ = writeln!(
                self.code,
                "let mut keep_{id} = Vec::new();\nfor item_{id} in &items_{id} {{"
            );
            self.bind_targets(id, &targets);
            self.scopes.push(Scope {
                kind: Kind::Loop,
                id,
                vars: targets.iter().copied().collect(),
            });
            let test = self.expr(filter);
            self.scopes.pop();
            let _ = writeln!(
                self.code,
                "keep_{id}.push(({}).is_true());\n}}\n\
                 let mut kept_{id} = keep_{id}.into_iter();\n\
                 items_{id}.retain(|_| kept_{id}.next().unwrap_or(false));",
                test?
            );
        }
        let _ = writeln!(
            self.code,
            "let n_{id} = items_{id}.len();\n\
             for (i_{id}, item_{id}) in items_{id}.into_iter().enumerate() {{"
        );
        for var in vars.iter().filter(|v| !targets.contains(v)) {
            let outer = self.lookup(var)?;
            let _ = writeln!(self.code, "let mut v_{var}_{id} = {outer};");
        }
        self.bind_targets(id, &targets);
        self.scopes.push(Scope {
            kind: Kind::Loop,
            id,
            vars,
        });
        self.body(&f.body)?;
        self.scopes.pop();
        let _ = writeln!(self.code, "}}\nif n_{id} == 0 {{");
        self.body(&f.else_body)?;
        self.code.push_str("}\n}\n");
        Ok(())
    }

    /// Binds a loop's names to `item_<id>`.
    fn bind_targets(&mut self, id: usize, targets: &[&'s str]) {
        if let [one] = targets {
            let _ = writeln!(self.code, "let mut v_{one}_{id} = item_{id};");
        } else {
            let names: Vec<String> = targets.iter().map(|t| format!("mut v_{t}_{id}")).collect();
            let _ = writeln!(
                self.code,
                "let [{}] = unpack::<{}>(&item_{id})?;",
                names.join(", "),
                targets.len()
            );
        }
    }

    /// Rust for an expression, of type `Value`.
    fn expr(&mut self, e: &Expr<'s>) -> Result<String, String> {
        // A list or map literal of constants (lookup maps, tables of names) that is not
        // itself an item of another literal is built once per process and shared:
        // minijinja values are immutable, so nothing can tell a shared one from a fresh
        // one. Items of literals are built in place (see `item`): a static for each would
        // add a closure and its code pages to every process, for no speed in one render.
        if matches!(e, Expr::List(_) | Expr::Map(_)) && is_constant(e) {
            let value = self.build(e)?;
            return Ok(format!(
                "{{ static C: std::sync::OnceLock<Value> = std::sync::OnceLock::new(); \
                 C.get_or_init(|| {value}).clone() }}"
            ));
        }
        self.build(e)
    }

    /// An item of a list or map literal: a constant one is built in place, as part of
    /// its literal.
    fn item(&mut self, e: &Expr<'s>) -> Result<String, String> {
        if is_constant(e) {
            self.build(e)
        } else {
            self.expr(e)
        }
    }

    /// Rust that builds the value of an expression afresh.
    fn build(&mut self, e: &Expr<'s>) -> Result<String, String> {
        Ok(match e {
            Expr::Var(v) => self.lookup(v.id)?,
            Expr::Const(c) => constant(&c.value)?,
            Expr::GetAttr(a) => {
                if let Expr::Var(v) = &a.expr {
                    if let Some(code) = self.loop_attr(v.id, a.name)? {
                        return Ok(code);
                    }
                    if self.is_unit_name(v.id) && self.unit.imports.contains_key(v.id) {
                        let lib = self.library(v.id)?;
                        return if lib.vars.contains(a.name) {
                            Ok(format!("top.i_{}.v_{}.clone()", v.id, a.name))
                        } else {
                            Err(format!("{}.{} used as a value", v.id, a.name))
                        };
                    }
                }
                let value = self.expr(&a.expr)?;
                format!("attr(&{value}, {:?})", a.name)
            }
            Expr::GetItem(i) => {
                let value = self.expr(&i.expr)?;
                let key = self.expr(&i.subscript_expr)?;
                format!("item(&{value}, &{key})")
            }
            Expr::UnaryOp(u) => match u.op {
                UnaryOpKind::Not => format!("Value::from(!({}).is_true())", self.expr(&u.expr)?),
                UnaryOpKind::Neg => return Err("unary minus is not supported".into()),
            },
            Expr::BinOp(b) => self.binop(b.op, &b.left, &b.right)?,
            Expr::IfExpr(i) => {
                let test = self.expr(&i.test_expr)?;
                let yes = self.expr(&i.true_expr)?;
                let no = match &i.false_expr {
                    Some(e) => self.expr(e)?,
                    None => "Value::UNDEFINED".into(),
                };
                format!("(if ({test}).is_true() {{ {yes} }} else {{ {no} }})")
            }
            Expr::Filter(f) => {
                let Some(value) = &f.expr else {
                    return Err("filter without a value".into());
                };
                let mut args = vec![self.expr(value)?];
                self.call_args(&f.args, &mut args)?;
                format!("rt.filter({:?}, &[{}])?", f.name, args.join(", "))
            }
            Expr::Test(t) => {
                let value = self.expr(&t.expr)?;
                match (t.name, t.args.is_empty()) {
                    ("defined", true) => format!("Value::from(!({value}).is_undefined())"),
                    ("undefined", true) => format!("Value::from(({value}).is_undefined())"),
                    _ => {
                        let mut args = vec![value];
                        self.call_args(&t.args, &mut args)?;
                        format!("rt.test({:?}, &[{}])?", t.name, args.join(", "))
                    }
                }
            }
            Expr::Call(c) => self.call(c)?,
            Expr::List(l) => {
                let items = l
                    .items
                    .iter()
                    .map(|i| self.item(i))
                    .collect::<Result<Vec<_>, _>>()?;
                format!("Value::from(vec![{}] as Vec<Value>)", items.join(", "))
            }
            Expr::Map(m) => {
                let mut pairs = Vec::new();
                for (k, v) in m.keys.iter().zip(&m.values) {
                    pairs.push(format!("({}, {})", self.item(k)?, self.item(v)?));
                }
                format!("map(vec![{}])", pairs.join(", "))
            }
            _ => return Err("unsupported expression".into()),
        })
    }

    /// `loop.<name>` inside a loop body.
    fn loop_attr(&self, var: &str, name: &str) -> Result<Option<String>, String> {
        if var != "loop" || !self.is_unit_name("loop") {
            return Ok(None);
        }
        let Some(scope) = self.scopes.iter().rev().find(|s| s.kind == Kind::Loop) else {
            return Ok(None);
        };
        let id = scope.id;
        let code = match name {
            "index" => format!("Value::from(i_{id} + 1)"),
            "index0" => format!("Value::from(i_{id})"),
            "first" => format!("Value::from(i_{id} == 0)"),
            "last" => format!("Value::from(i_{id} + 1 == n_{id})"),
            "length" => format!("Value::from(n_{id})"),
            "revindex" => format!("Value::from(n_{id} - i_{id})"),
            "revindex0" => format!("Value::from(n_{id} - i_{id} - 1)"),
            _ => return Err(format!("loop.{name} is not supported")),
        };
        Ok(Some(code))
    }

    fn library(&self, alias: &str) -> Result<&Unit<'s>, String> {
        let name = &self.unit.imports[alias];
        self.units
            .iter()
            .find(|u| u.name == name.as_str())
            .ok_or_else(|| format!("{name} is missing"))
    }

    /// The operands of a chain of `~`, left to right (the order minijinja evaluates them).
    fn concat_parts(&mut self, e: &Expr<'s>, parts: &mut Vec<String>) -> Result<(), String> {
        match e {
            Expr::BinOp(b) if matches!(b.op, BinOpKind::Concat) => {
                self.concat_parts(&b.left, parts)?;
                self.concat_parts(&b.right, parts)
            }
            _ => {
                parts.push(self.expr(e)?);
                Ok(())
            }
        }
    }

    fn binop(
        &mut self,
        op: BinOpKind,
        left: &Expr<'s>,
        right: &Expr<'s>,
    ) -> Result<String, String> {
        if matches!(op, BinOpKind::Concat) {
            // `a ~ b ~ c` in one string rather than one per `~`.
            let mut parts = Vec::new();
            self.concat_parts(left, &mut parts)?;
            self.concat_parts(right, &mut parts)?;
            return Ok(format!("concat(&[{}])", parts.join(", ")));
        }
        let a = self.expr(left)?;
        let b = self.expr(right)?;
        let cmp = |sym: &str| format!("{{ let a = {a}; let b = {b}; Value::from(a {sym} b) }}");
        Ok(match op {
            BinOpKind::Eq => cmp("=="),
            BinOpKind::Ne => cmp("!="),
            BinOpKind::Lt => cmp("<"),
            BinOpKind::Lte => cmp("<="),
            BinOpKind::Gt => cmp(">"),
            BinOpKind::Gte => cmp(">="),
            BinOpKind::ScAnd => format!("{{ let a = {a}; if a.is_true() {{ {b} }} else {{ a }} }}"),
            BinOpKind::ScOr => format!("{{ let a = {a}; if a.is_true() {{ a }} else {{ {b} }} }}"),
            BinOpKind::Add => format!("rt.add(&{a}, &{b})?"),
            BinOpKind::Sub => format!("rt.sub(&{a}, &{b})?"),
            BinOpKind::Mul => format!("rt.mul(&{a}, &{b})?"),
            BinOpKind::Div => format!("rt.div(&{a}, &{b})?"),
            BinOpKind::Rem => format!("rt.rem(&{a}, &{b})?"),
            BinOpKind::Concat => unreachable!("handled above"),
            BinOpKind::In => format!("contains(&{b}, &{a})?"),
            BinOpKind::FloorDiv | BinOpKind::Pow => {
                return Err("`//` and `**` are not supported".into());
            }
        })
    }

    /// Positional arguments, then keyword arguments as one last value (minijinja's
    /// convention for filters, tests and functions).
    fn call_args(&mut self, args: &[CallArg<'s>], out: &mut Vec<String>) -> Result<(), String> {
        let mut kwargs = Vec::new();
        for arg in args {
            match arg {
                CallArg::Pos(e) => out.push(self.expr(e)?),
                CallArg::Kwarg(name, e) => kwargs.push(format!("({name:?}, {})", self.expr(e)?)),
                _ => return Err("argument splats are not supported".into()),
            }
        }
        if !kwargs.is_empty() {
            out.push(format!("kwargs(vec![{}])", kwargs.join(", ")));
        }
        Ok(())
    }

    /// `{{ props_block(prefix, …) }}` as a call of `props_block_into`, which writes the
    /// block into the output: each `[key, value]` of a list literal argument becomes a
    /// pair passed as it stands, so the lists are never built. `None` for anything else,
    /// including a template that defines a `props_block` of its own.
    fn props_block(&mut self, e: &Expr<'s>) -> Result<Option<String>, String> {
        let Expr::Call(c) = e else { return Ok(None) };
        if !matches!(c.identify_call(), ast::CallType::Function("props_block"))
            || !self.is_unit_name("props_block")
            || self.unit.macros.contains_key("props_block")
            || self.unit.vars.contains("props_block")
            || self.unit.imports.contains_key("props_block")
        {
            return Ok(None);
        }
        let mut positional = Vec::new();
        for arg in &c.args {
            let CallArg::Pos(e) = arg else {
                return Ok(None);
            };
            positional.push(e);
        }
        let Some((prefix, lists)) = positional.split_first() else {
            return Ok(None);
        };
        let mut prefix_parts = Vec::new();
        self.concat_parts(prefix, &mut prefix_parts)?;
        let mut args = Vec::new();
        for list in lists {
            let pairs = match list {
                Expr::List(l) => l
                    .items
                    .iter()
                    .map(|i| match i {
                        Expr::List(p) if p.items.len() == 2 => Some(&p.items),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>(),
                _ => None,
            };
            match pairs {
                Some(pairs) => {
                    for pair in pairs {
                        let key = self.item(&pair[0])?;
                        let value = self.item(&pair[1])?;
                        args.push(format!("PropsArg::Pair({key}, {value})"));
                    }
                }
                None => args.push(format!("PropsArg::List({})", self.expr(list)?)),
            }
        }
        Ok(Some(format!(
            "props_block_into(rt, out, &[{}], &[{}])?",
            prefix_parts.join(", "),
            args.join(", ")
        )))
    }

    fn call(&mut self, c: &ast::Call<'s>) -> Result<String, String> {
        match c.identify_call() {
            ast::CallType::Function(name) if self.is_unit_name(name) => {
                if let Some(params) = self.unit.macros.get(name) {
                    let params = params.clone();
                    let top = if self.in_macro() { "top" } else { "&top" };
                    let args = self.macro_args(name, &params, &c.args)?;
                    return Ok(format!("m_{}_{name}(rt, {top}, {args})?", self.unit.ident));
                }
                if name == "namespace" && !self.unit.vars.contains(name) {
                    let mut pairs = Vec::new();
                    for arg in &c.args {
                        let CallArg::Kwarg(k, e) = arg else {
                            return Err("namespace() takes keyword arguments only".into());
                        };
                        pairs.push(format!("({k:?}, {})", self.expr(e)?));
                    }
                    return Ok(format!("namespace(vec![{}])", pairs.join(", ")));
                }
                if self.unit.vars.contains(name) {
                    return Err(format!("call of the variable {name}"));
                }
                let mut args = Vec::new();
                self.call_args(&c.args, &mut args)?;
                Ok(format!("rt.call({name:?}, &[{}])?", args.join(", ")))
            }
            ast::CallType::Method(Expr::Var(v), name)
                if self.is_unit_name(v.id) && self.unit.imports.contains_key(v.id) =>
            {
                let lib = self.library(v.id)?;
                let Some(params) = lib.macros.get(name).cloned() else {
                    return Err(format!("{} has no macro {name}", lib.name));
                };
                let lib_ident = lib.ident.clone();
                let args = self.macro_args(name, &params, &c.args)?;
                Ok(format!(
                    "m_{lib_ident}_{name}(rt, &top.i_{}, {args})?",
                    v.id
                ))
            }
            ast::CallType::Method(value, name) => {
                let value = self.expr(value)?;
                let mut args = Vec::new();
                self.call_args(&c.args, &mut args)?;
                Ok(format!(
                    "rt.method(&{value}, {name:?}, &[{}])?",
                    args.join(", ")
                ))
            }
            _ => Err("unsupported call".into()),
        }
    }

    /// A macro's arguments in parameter order; those not given are undefined, so the
    /// macro's defaults apply.
    fn macro_args(
        &mut self,
        name: &str,
        params: &[&'s str],
        args: &[CallArg<'s>],
    ) -> Result<String, String> {
        let mut values: Vec<Option<String>> = vec![None; params.len()];
        let mut position = 0;
        for arg in args {
            let (slot, e) = match arg {
                CallArg::Pos(e) => {
                    position += 1;
                    (position - 1, e)
                }
                CallArg::Kwarg(k, e) => (
                    params
                        .iter()
                        .position(|p| p == k)
                        .ok_or_else(|| format!("macro {name} has no parameter {k}"))?,
                    e,
                ),
                _ => return Err("argument splats are not supported".into()),
            };
            if slot >= params.len() || values[slot].is_some() {
                return Err(format!("bad arguments to macro {name}"));
            }
            values[slot] = Some(self.expr(e)?);
        }
        Ok(values
            .into_iter()
            .map(|v| v.unwrap_or_else(|| "Value::UNDEFINED".into()))
            .collect::<Vec<_>>()
            .join(", "))
    }
}

/// Names a body assigns in its own scope (inside `if` blocks, not inside loops or macros).
fn assigned<'s>(body: &[Stmt<'s>], vars: &mut BTreeSet<&'s str>) {
    for stmt in body {
        match stmt {
            Stmt::Set(s) => {
                if let Expr::Var(v) = &s.target {
                    vars.insert(v.id);
                }
            }
            Stmt::IfCond(i) => {
                assigned(&i.true_body, vars);
                assigned(&i.false_body, vars);
            }
            _ => {}
        }
    }
}

fn span_of(stmt: &Stmt<'_>) -> String {
    let span = match stmt {
        Stmt::WithBlock(s) => s.span(),
        Stmt::SetBlock(s) => s.span(),
        Stmt::AutoEscape(s) => s.span(),
        Stmt::FilterBlock(s) => s.span(),
        Stmt::Block(s) => s.span(),
        Stmt::Extends(s) => s.span(),
        Stmt::Include(s) => s.span(),
        Stmt::CallBlock(s) => s.span(),
        Stmt::Do(s) => s.span(),
        Stmt::Macro(s) => s.span(),
        Stmt::Import(s) => s.span(),
        _ => return "?".into(),
    };
    format!("line {}", span.start_line)
}

/// A literal whose value never changes: a constant, or a list or map of them.
fn is_constant(e: &Expr<'_>) -> bool {
    match e {
        Expr::Const(_) => true,
        Expr::List(l) => l.items.iter().all(is_constant),
        Expr::Map(m) => m.keys.iter().chain(&m.values).all(is_constant),
        _ => false,
    }
}

/// Rust for a literal.
fn constant(v: &Value) -> Result<String, String> {
    Ok(match v.kind() {
        ValueKind::Undefined => "Value::UNDEFINED".into(),
        ValueKind::None => "Value::from(())".into(),
        ValueKind::Bool => format!("Value::from({})", v.is_true()),
        ValueKind::String => format!("Value::from({:?})", v.as_str().unwrap_or_default()),
        ValueKind::Number if v.is_integer() => {
            let n = v.as_i64().ok_or("integer literal out of range")?;
            format!("Value::from({n}_i64)")
        }
        ValueKind::Number => {
            let f = f64::try_from(v.clone()).map_err(|e| e.to_string())?;
            format!("Value::from({f:?}_f64)")
        }
        _ => return Err(format!("unsupported literal {v}")),
    })
}
