//! How a template is compiled and run: MiniJinja's parser and code generator (its
//! `unstable_machinery`, pinned to one exact version in Cargo.toml), then the compiled
//! instructions changed where Python's operators differ from the engine's, then MiniJinja's
//! virtual machine. `docs/template-engine.md` says why it is set up this way.
//!
//! An operator instruction is swapped for a call of a function of ours with the same stack
//! effect (two operands in, one result out): `%`, `~`, `+` and `*` then compute what Python
//! computes (printf formatting for `'%s' % x`, `str()` for `~`) and refuse to build a value
//! larger than [`super::MAX_SIZE`] before building it.

use std::collections::BTreeMap;

use minijinja::machinery::ast::{self, BinOpKind, CallArg, Expr, Stmt};
use minijinja::machinery::{self, CodeGenerator, Instruction, Instructions};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error};

mod edit;

/// Registers the functions the operators become. Their names cannot be written in a template
/// (they are not identifiers), and the context never gives a payload key of that form.
pub(super) fn register(env: &mut Environment<'_>) {
    env.add_function(REM, super::operators::rem);
    env.add_function(CONCAT, super::operators::concat);
    env.add_function(ADD, super::operators::add);
    env.add_function(MUL, super::operators::mul);
    env.add_function(LT, super::operators::lt);
    env.add_function(LTE, super::operators::lte);
    env.add_function(GT, super::operators::gt);
    env.add_function(GTE, super::operators::gte);
    env.add_function(IN, super::operators::py_in);
    env.add_function(SUB, super::operators::sub);
    env.add_function(DIV, super::operators::div);
    env.add_function(FLOORDIV, super::operators::floordiv);
    env.add_function(POW, super::operators::pow);
    env.add_function(NEG, super::operators::neg);
    env.add_function(SLICE, super::operators::slice);
    env.add_function(LIST, super::mutable::build_list);
    env.add_function(DICT, super::mutable::build_dict);
    env.add_function("dict", super::mutable::dict);
    env.add_function(edit::ITER, super::python::callables::loop_iterable);
    env.add_function(edit::MACRO, super::python::callables::wrap_macro);
    env.add_function(edit::SET_ATTRIBUTE, super::python::callables::set_attribute);
    env.add_function(edit::GET_ATTRIBUTE, super::python::callables::get_attribute);
    env.add_function(edit::UNPACKABLE, super::python::callables::unpackable);
    env.add_function("namespace", super::python::callables::namespace);
}

/// The functions that give a fresh, changeable copy of each list or dict constant of a
/// template (`{% set l = [] %}`), registered per engine (see [`Compiled::constants`]).
pub(super) const CONSTANTS: [&str; 64] = [
    "%py:c0", "%py:c1", "%py:c2", "%py:c3", "%py:c4", "%py:c5", "%py:c6", "%py:c7", "%py:c8",
    "%py:c9", "%py:c10", "%py:c11", "%py:c12", "%py:c13", "%py:c14", "%py:c15", "%py:c16",
    "%py:c17", "%py:c18", "%py:c19", "%py:c20", "%py:c21", "%py:c22", "%py:c23", "%py:c24",
    "%py:c25", "%py:c26", "%py:c27", "%py:c28", "%py:c29", "%py:c30", "%py:c31", "%py:c32",
    "%py:c33", "%py:c34", "%py:c35", "%py:c36", "%py:c37", "%py:c38", "%py:c39", "%py:c40",
    "%py:c41", "%py:c42", "%py:c43", "%py:c44", "%py:c45", "%py:c46", "%py:c47", "%py:c48",
    "%py:c49", "%py:c50", "%py:c51", "%py:c52", "%py:c53", "%py:c54", "%py:c55", "%py:c56",
    "%py:c57", "%py:c58", "%py:c59", "%py:c60", "%py:c61", "%py:c62", "%py:c63",
];

const LIST: &str = "%py:list";
const DICT: &str = "%py:dict";
const REM: &str = "%py:rem";
const CONCAT: &str = "%py:concat";
const ADD: &str = "%py:add";
const MUL: &str = "%py:mul";
const LT: &str = "%py:lt";
const LTE: &str = "%py:lte";
const GT: &str = "%py:gt";
const GTE: &str = "%py:gte";
const IN: &str = "%py:in";
const SUB: &str = "%py:sub";
const DIV: &str = "%py:div";
const FLOORDIV: &str = "%py:floordiv";
const POW: &str = "%py:pow";
const NEG: &str = "%py:neg";
const SLICE: &str = "%py:slice";

/// Whether a name is one of the operator functions (reserved: never looked up in the payload).
pub(super) fn is_reserved(name: &str) -> bool {
    name.starts_with("%py:")
}

/// A template compiled to instructions, with Python's operators.
pub(super) struct Compiled<'s> {
    instructions: Instructions<'s>,
    blocks: BTreeMap<&'s str, Instructions<'s>>,
    /// The list and dict constants (and the errors of folded ones), in the order of
    /// [`CONSTANTS`].
    constants: Vec<Constant>,
    /// The first `{% break %}` or `{% continue %}`, and where it starts in the source.
    loop_control: Option<(&'static str, usize)>,
}

impl<'s> Compiled<'s> {
    /// Parses and compiles `source`. Syntax errors are MiniJinja's (the caller compiles the
    /// template through the environment first, which reports them with their location).
    pub(super) fn new(name: &'s str, source: &'s str) -> Result<Self, Error> {
        let ast = machinery::parse(source, name, SyntaxConfig::default())?;
        let mut generator = CodeGenerator::new(name, source);
        generator.compile_stmt(&ast);
        let (mut instructions, mut blocks) = generator.finish();
        let mut folded = Vec::new();
        walk_stmt(&ast, source, &mut folded);
        let mut constants = Vec::new();
        swap_operators(&mut instructions, &folded, &mut constants);
        for block in blocks.values_mut() {
            swap_operators(block, &folded, &mut constants);
        }
        let loop_control = first_loop_control(&ast);
        let withs = edit::WithShapes::of(&ast);
        instructions = edit::restructure(&instructions, withs.main());
        for (name, block) in blocks.iter_mut() {
            *block = edit::restructure(block, withs.block(name));
        }
        Ok(Self {
            instructions,
            blocks,
            constants,
            loop_control,
        })
    }

    /// The first `{% break %}` or `{% continue %}` and its byte offset: tags of Jinja2's
    /// `loopcontrols` extension, which its default environment (Oomnitza's) refuses.
    pub(super) fn loop_control(&self) -> Option<(&'static str, usize)> {
        self.loop_control
    }

    /// The template's list and dict constants (`[]`, `{'a': 1}`), the first of them loaded
    /// through the functions named in [`CONSTANTS`], which the environment must have: each
    /// gives a fresh copy the template may change, as Python builds a new list each time.
    pub(super) fn constants(&self) -> &[Constant] {
        &self.constants
    }

    /// Renders with a context, appending to `rendered` (a buffer used again for many renders
    /// saves allocating and growing one each time).
    pub(super) fn render_to(
        &self,
        env: &'s Environment<'s>,
        ctx: Value,
        rendered: &mut String,
    ) -> Result<(), Error> {
        let mut out = machinery::make_string_output(rendered);
        machinery::eval(
            env,
            &self.instructions,
            ctx,
            &self.blocks,
            &mut out,
            AutoEscape::None,
        )?;
        Ok(())
    }

    /// The names the template assigns itself (`set`, `for`, macro arguments, `with`).
    pub(super) fn assigned_names(&self) -> std::collections::HashSet<&'s str> {
        let mut names = std::collections::HashSet::new();
        for instrs in std::iter::once(&self.instructions).chain(self.blocks.values()) {
            let mut i = 0;
            while let Some(instr) = instrs.get(i) {
                if let Instruction::StoreLocal(name) = instr {
                    names.insert(*name);
                }
                i += 1;
            }
        }
        names
    }

    /// The filters and tests the template names, each with its byte range in the source.
    pub(super) fn filters_and_tests(&self) -> Vec<(Kind, &'s str, Option<std::ops::Range<usize>>)> {
        let mut found = Vec::new();
        for instrs in std::iter::once(&self.instructions).chain(self.blocks.values()) {
            let mut i = 0;
            while let Some(instr) = instrs.get(i) {
                let named = match instr {
                    Instruction::ApplyFilter(name, ..) => Some((Kind::Filter, *name)),
                    Instruction::PerformTest(name, ..) => Some((Kind::Test, *name)),
                    _ => None,
                };
                if let Some((kind, name)) = named {
                    let range = instrs
                        .get_span(i)
                        .map(|s| s.start_offset as usize..s.end_offset as usize);
                    found.push((kind, name, range));
                }
                i += 1;
            }
        }
        found
    }
}

/// A filter or a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Filter,
    Test,
}

/// Swaps each operator instruction whose result Python computes differently for a call of
/// ours with the same stack effect, and each constant the code generator folded with the
/// engine's operators (`{{ 1e20 ~ '' }}`) for the value Python's give.
fn swap_operators(instrs: &mut Instructions<'_>, folded: &[Folded], constants: &mut Vec<Constant>) {
    let mut seen: std::collections::HashMap<(usize, String, u8), usize> = Default::default();
    let mut i = 0;
    loop {
        let line = instrs.get_line(i);
        // A macro's argument names stay a constant: the code that builds the macro reads them.
        let macro_names = matches!(instrs.get(i + 1), Some(Instruction::BuildMacro(..)));
        let Some(instr) = instrs.get_mut(i) else {
            break;
        };
        if let Instruction::LoadConst(v) = instr
            && let Some(line) = line
        {
            let nth = seen
                .entry((line, v.to_string(), v.kind() as u8))
                .and_modify(|n| *n += 1)
                .or_insert(0);
            if let Some(f) = folded
                .iter()
                .find(|f| f.line == line && f.nth == *nth && same(&f.engine, v))
            {
                if let Some(python) = &f.python {
                    *v = python.clone();
                }
                if let Some(error) = &f.error
                    && let Some(name) = CONSTANTS.get(constants.len())
                {
                    constants.push(Constant::Error(error.clone()));
                    *instr = Instruction::CallFunction(name, Some(0));
                }
            }
        }
        if let Instruction::LoadConst(v) = instr
            && matches!(v.kind(), ValueKind::Seq | ValueKind::Map)
            && !v.is_tuple()
            && !macro_names
            && let Some(name) = CONSTANTS.get(constants.len())
        {
            constants.push(Constant::Value(v.clone()));
            *instr = Instruction::CallFunction(name, Some(0));
        }
        if let Instruction::BuildList(Some(n)) = instr
            && let Ok(n) = u16::try_from(*n)
        {
            *instr = Instruction::CallFunction(LIST, Some(n));
        }
        if let Instruction::BuildMap(n) = instr
            && let Ok(n) = u16::try_from(*n * 2)
        {
            *instr = Instruction::CallFunction(DICT, Some(n));
        }
        let function = match instr {
            Instruction::Rem => Some(REM),
            Instruction::StringConcat => Some(CONCAT),
            Instruction::Add => Some(ADD),
            Instruction::Mul => Some(MUL),
            Instruction::Lt => Some(LT),
            Instruction::Lte => Some(LTE),
            Instruction::Gt => Some(GT),
            Instruction::Gte => Some(GTE),
            Instruction::In => Some(IN),
            Instruction::Sub => Some(SUB),
            Instruction::Div => Some(DIV),
            Instruction::IntDiv => Some(FLOORDIV),
            Instruction::Pow => Some(POW),
            _ => None,
        };
        if let Some(function) = function {
            *instr = Instruction::CallFunction(function, Some(2));
        }
        if let Instruction::Neg = instr {
            *instr = Instruction::CallFunction(NEG, Some(1));
        }
        if let Instruction::Slice = instr {
            *instr = Instruction::CallFunction(SLICE, Some(4));
        }
        i += 1;
    }
}

/// A constant expression the code generator loads, on a line, the `nth` of that value there,
/// and, when it folded it to a value Python computes differently, Python's value.
struct Folded {
    line: usize,
    nth: usize,
    engine: Value,
    python: Option<Value>,
    /// Python's error computing it (`0 < 'a'`), where the engine folded a value.
    error: Option<String>,
}

/// A constant of a template as compiled: a list or dict each render gets a fresh copy of, or
/// an error Python raises computing it, raised when the render gets there.
pub(super) enum Constant {
    Value(Value),
    Error(String),
}

/// Equal and of one kind (`1 == 1.0 == true` for the engine).
fn same(a: &Value, b: &Value) -> bool {
    a == b && a.kind() == b.kind() && a.is_integer() == b.is_integer()
}

/// Python's value of a constant expression: the operators this module swaps computed as ours
/// do, the rest as the engine folds them (`None` when an operand differs, or on an error,
/// which the engine leaves to the render too).
fn python_const(e: &Expr<'_>, source: &str) -> Option<Value> {
    let Expr::BinOp(b) = e else {
        return python_value(e, source);
    };
    let (l, r) = (
        python_const(&b.left, source)?,
        python_const(&b.right, source)?,
    );
    let op = match b.op {
        BinOpKind::Concat => |a: &Value, b: &Value| super::operators::py_concat(a, b, true),
        BinOpKind::Rem => super::operators::py_rem,
        BinOpKind::Add => super::operators::py_add,
        BinOpKind::Mul => super::operators::py_mul,
        BinOpKind::Sub => super::operators::sub,
        BinOpKind::Div => super::operators::div,
        BinOpKind::FloorDiv => super::operators::floordiv,
        BinOpKind::Pow => super::operators::pow,
        _ => {
            let same = |p: &Value, x: &Expr<'_>| x.as_const().is_some_and(|v| same(&v, p));
            return (same(&l, &b.left) && same(&r, &b.right))
                .then(|| e.as_const())
                .flatten();
        }
    };
    op(&l, &r).ok()
}

/// A constant comparison as Python computes it (`None` for anything else): its value, or the
/// `TypeError` Python raises (`0 < 'a'`, `0 in 'abc'`), which the engine would have folded
/// into a value.
fn python_compare(e: &Expr<'_>, source: &str) -> Option<Result<Value, String>> {
    use minijinja::machinery::ast::CompareOpKind as C;
    #[derive(Clone, Copy)]
    enum Op {
        Eq,
        Ne,
        Lt,
        Lte,
        Gt,
        Gte,
        In,
        NotIn,
    }
    let (first, ops): (&Expr<'_>, Vec<(Op, &Expr<'_>)>) = match e {
        Expr::Compare(c) => (
            &c.expr,
            c.ops
                .iter()
                .map(|o| {
                    let op = match o.op {
                        C::Eq => Op::Eq,
                        C::Ne => Op::Ne,
                        C::Lt => Op::Lt,
                        C::Lte => Op::Lte,
                        C::Gt => Op::Gt,
                        C::Gte => Op::Gte,
                        C::In => Op::In,
                        C::NotIn => Op::NotIn,
                    };
                    (op, &o.expr)
                })
                .collect(),
        ),
        Expr::BinOp(b) => {
            let op = match b.op {
                BinOpKind::Eq => Op::Eq,
                BinOpKind::Ne => Op::Ne,
                BinOpKind::Lt => Op::Lt,
                BinOpKind::Lte => Op::Lte,
                BinOpKind::Gt => Op::Gt,
                BinOpKind::Gte => Op::Gte,
                BinOpKind::In => Op::In,
                _ => return None,
            };
            (&b.left, vec![(op, &b.right)])
        }
        _ => return None,
    };
    let mut left = python_const(first, source)?;
    let mut result = Value::from(true);
    for (op, expr) in ops {
        let right = python_const(expr, source)?;
        let order = |sym| super::operators::py_order(&left, &right, sym);
        let outcome = match op {
            Op::Eq => Ok(Value::from(super::pyops::py_eq(&left, &right))),
            Op::Ne => Ok(Value::from(!super::pyops::py_eq(&left, &right))),
            Op::Lt => order("<"),
            Op::Lte => order("<="),
            Op::Gt => order(">"),
            Op::Gte => order(">="),
            Op::In | Op::NotIn => {
                if right.kind() == ValueKind::String && left.kind() != ValueKind::String {
                    Err(Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!(
                            "'in <string>' requires string as left operand, not {}",
                            super::pyops::type_name(&left)
                        ),
                    ))
                } else {
                    // Otherwise as the engine folded it.
                    return None;
                }
            }
        };
        match outcome {
            Err(err) => return Some(Err(err.detail().unwrap_or("TypeError").to_string())),
            Ok(v) if !v.is_true() => return Some(Ok(v)),
            Ok(v) => result = v,
        }
        left = right;
    }
    Some(Ok(result))
}

/// A constant expression's value as Python computes it: its string literals read with
/// Python's escapes, also inside list, tuple and dict literals (`['A\\aB']`), and the operators
/// this module swaps computed as ours do.
fn python_value(e: &Expr<'_>, source: &str) -> Option<Value> {
    let items = |items: &[Expr<'_>]| {
        items
            .iter()
            .map(|x| python_value(x, source))
            .collect::<Option<Vec<Value>>>()
    };
    match e {
        Expr::BinOp(_) => python_const(e, source),
        Expr::Const(_) => python_literal(e, source).or_else(|| e.as_const()),
        Expr::List(l) => items(&l.items).map(Value::from),
        Expr::Tuple(t) => {
            items(&t.items).map(|v| Value::from_object(minijinja::value::Tuple::from(v)))
        }
        Expr::Map(m) => {
            let (keys, values) = (items(&m.keys)?, items(&m.values)?);
            e.as_const()?;
            super::mutable::PyDict::value(keys.into_iter().zip(values).collect()).ok()
        }
        _ => e.as_const(),
    }
}

/// A string literal's value as Python reads its source text (`None` for anything else, and
/// for a literal without escapes, which both read alike).
fn python_literal(e: &Expr<'_>, source: &str) -> Option<Value> {
    let Expr::Const(c) = e else {
        return None;
    };
    if c.value.kind() != ValueKind::String {
        return None;
    }
    let span = c.span();
    source
        .get(span.start_offset as usize..span.end_offset as usize)
        .filter(|raw| raw.contains('\\'))
        .and_then(python_string_literal)
        .map(Value::from)
}

/// A string literal as Python reads it, from its source text with the quotes: the escapes
/// MiniJinja leaves as written (`\\v`, `\\a`, `\\0`, octal, `\\U0001F600`, `\\N{BULLET}`)
/// included. `None` for what is not one plain literal, or names no character Python knows
/// (left as the engine reads it).
fn python_string_literal(raw: &str) -> Option<String> {
    let quote = raw.chars().next().filter(|q| *q == '\'' || *q == '"')?;
    let body = raw.strip_prefix(quote)?.strip_suffix(quote)?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == quote {
            return None;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
            let digits: String = (0..n).filter_map(|_| chars.next()).collect();
            (digits.len() == n)
                .then(|| u32::from_str_radix(&digits, 16).ok())
                .flatten()
                .and_then(char::from_u32)
        };
        match e {
            '\n' => {}
            '\\' | '\'' | '"' => out.push(e),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            'x' => out.push(hex(&mut chars, 2)?),
            'u' => out.push(hex(&mut chars, 4)?),
            'U' => out.push(hex(&mut chars, 8)?),
            '0'..='7' => {
                let mut n = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(n)?);
            }
            // Python's names, any case (`\\N{BULLET}`, `\\N{em dash}`), and their aliases.
            'N' => {
                if chars.next()? != '{' {
                    return None;
                }
                let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                // Only what a character name can be (letters, digits, inner spaces and
                // hyphens): the lookup is loose about the rest, Python is not.
                let plain = name.len() <= 100
                    && name.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && name.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
                    && !name.contains("  ");
                if !plain {
                    return None;
                }
                out.push(unicode_names2::character(&name)?);
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

fn walk_expr(e: &Expr<'_>, source: &str, out: &mut Vec<Folded>) {
    if let Some(engine) = e.as_const() {
        let line = usize::from(e.span().start_line);
        let nth = out
            .iter()
            .filter(|f| f.line == line && same(&f.engine, &engine))
            .count();
        let (python, error) = match python_compare(e, source) {
            Some(Err(error)) => (None, Some(error)),
            Some(Ok(v)) => (Some(v).filter(|p| !same(p, &engine)), None),
            None => (python_value(e, source).filter(|p| !same(p, &engine)), None),
        };
        // Every constant is counted, so that a folded one is told from an equal literal
        // before it on its line.
        out.push(Folded {
            line,
            nth,
            engine,
            python,
            error,
        });
        return;
    }
    let mut sub = |x: &Expr<'_>| walk_expr(x, source, out);
    match e {
        Expr::Var(_) | Expr::Const(_) => {}
        Expr::Slice(s) => {
            sub(&s.expr);
            for x in [&s.start, &s.stop, &s.step].into_iter().flatten() {
                sub(x);
            }
        }
        Expr::UnaryOp(u) => sub(&u.expr),
        Expr::BinOp(b) => {
            sub(&b.left);
            sub(&b.right);
        }
        Expr::Compare(c) => {
            sub(&c.expr);
            for op in &c.ops {
                sub(&op.expr);
            }
        }
        Expr::IfExpr(i) => {
            sub(&i.test_expr);
            sub(&i.true_expr);
            if let Some(x) = &i.false_expr {
                sub(x);
            }
        }
        Expr::Filter(f) => {
            if let Some(x) = &f.expr {
                sub(x);
            }
            walk_args(&f.args, source, out);
        }
        Expr::Test(t) => {
            sub(&t.expr);
            walk_args(&t.args, source, out);
        }
        Expr::GetAttr(g) => sub(&g.expr),
        Expr::GetItem(g) => {
            sub(&g.expr);
            sub(&g.subscript_expr);
        }
        Expr::Call(c) => walk_call(c, source, out),
        Expr::List(l) => l.items.iter().for_each(sub),
        Expr::Tuple(t) => t.items.iter().for_each(sub),
        Expr::Map(m) => m.keys.iter().chain(&m.values).for_each(sub),
    }
}

fn walk_call(c: &ast::Call<'_>, source: &str, out: &mut Vec<Folded>) {
    walk_expr(&c.expr, source, out);
    walk_args(&c.args, source, out);
}

fn walk_args(args: &[CallArg<'_>], source: &str, out: &mut Vec<Folded>) {
    for a in args {
        match a {
            CallArg::Pos(x)
            | CallArg::Kwarg(_, x)
            | CallArg::PosSplat(x)
            | CallArg::KwargSplat(x) => {
                walk_expr(x, source, out);
            }
        }
    }
}

fn walk_body(body: &[Stmt<'_>], source: &str, out: &mut Vec<Folded>) {
    for s in body {
        walk_stmt(s, source, out);
    }
}

/// Every statement and expression of a template, read only.
fn walk_stmt(s: &Stmt<'_>, source: &str, out: &mut Vec<Folded>) {
    match s {
        Stmt::Template(t) => walk_body(&t.children, source, out),
        Stmt::EmitExpr(e) => walk_expr(&e.expr, source, out),
        Stmt::EmitRaw(_) | Stmt::Continue(_) | Stmt::Break(_) => {}
        Stmt::ForLoop(f) => {
            walk_expr(&f.iter, source, out);
            if let Some(x) = &f.filter_expr {
                walk_expr(x, source, out);
            }
            walk_body(&f.body, source, out);
            walk_body(&f.else_body, source, out);
        }
        Stmt::IfCond(i) => {
            walk_expr(&i.expr, source, out);
            walk_body(&i.true_body, source, out);
            walk_body(&i.false_body, source, out);
        }
        Stmt::WithBlock(w) => {
            for (_, x) in &w.assignments {
                walk_expr(x, source, out);
            }
            walk_body(&w.body, source, out);
        }
        Stmt::Set(x) => walk_expr(&x.expr, source, out),
        Stmt::SetBlock(x) => {
            if let Some(f) = &x.filter {
                walk_expr(f, source, out);
            }
            walk_body(&x.body, source, out);
        }
        Stmt::AutoEscape(a) => {
            walk_expr(&a.enabled, source, out);
            walk_body(&a.body, source, out);
        }
        Stmt::FilterBlock(f) => {
            walk_expr(&f.filter, source, out);
            walk_body(&f.body, source, out);
        }
        Stmt::Block(b) => walk_body(&b.body, source, out),
        Stmt::Import(i) => walk_expr(&i.expr, source, out),
        Stmt::FromImport(i) => walk_expr(&i.expr, source, out),
        Stmt::Extends(e) => walk_expr(&e.name, source, out),
        Stmt::Include(i) => walk_expr(&i.name, source, out),
        Stmt::Macro(m) => {
            m.defaults.iter().for_each(|x| walk_expr(x, source, out));
            walk_body(&m.body, source, out);
        }
        Stmt::CallBlock(c) => {
            walk_call(&c.call, source, out);
            c.macro_decl
                .defaults
                .iter()
                .for_each(|x| walk_expr(x, source, out));
            walk_body(&c.macro_decl.body, source, out);
        }
        Stmt::Do(d) => walk_call(&d.call, source, out),
    }
}

/// The first `{% break %}` or `{% continue %}` of a template.
fn first_loop_control(s: &Stmt<'_>) -> Option<(&'static str, usize)> {
    let body = |b: &[Stmt<'_>]| b.iter().find_map(first_loop_control);
    match s {
        Stmt::Break(b) => Some(("break", b.span().start_offset as usize)),
        Stmt::Continue(c) => Some(("continue", c.span().start_offset as usize)),
        Stmt::Template(t) => body(&t.children),
        Stmt::ForLoop(f) => body(&f.body).or_else(|| body(&f.else_body)),
        Stmt::IfCond(i) => body(&i.true_body).or_else(|| body(&i.false_body)),
        Stmt::WithBlock(w) => body(&w.body),
        Stmt::SetBlock(x) => body(&x.body),
        Stmt::AutoEscape(a) => body(&a.body),
        Stmt::FilterBlock(f) => body(&f.body),
        Stmt::Block(b) => body(&b.body),
        Stmt::Macro(m) => body(&m.body),
        Stmt::CallBlock(c) => body(&c.macro_decl.body),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Python's named escapes, and names no character has (found by fuzzing: a leading
    /// hyphen made the name lookup overflow), which are left as the engine reads them.
    #[test]
    fn named_escapes_read_only_character_names() {
        assert_eq!(
            python_string_literal("'\\N{bullet}'").as_deref(),
            Some("\u{2022}")
        );
        assert_eq!(
            python_string_literal("'\\N{NO-BREAK SPACE}'").as_deref(),
            Some("\u{a0}")
        );
        for odd in [
            "-ULLET",
            "BULLET-",
            "",
            " BULLET",
            "BUL  LET",
            "LATIN_SMALL_LETTER_A",
            "\u{ff}\u{ff}",
        ] {
            assert_eq!(
                python_string_literal(&format!("'\\N{{{odd}}}'")),
                None,
                "{odd:?}"
            );
        }
    }

    /// The instructions this module relies on: an upgrade of MiniJinja that compiles the
    /// operators differently (or renames them) fails here, not silently in a render.
    #[test]
    fn the_engine_compiles_operators_as_this_module_expects() {
        let source = "{{ a % b }}{{ a ~ b }}{{ a + b }}{{ a * b }}{{ a | f }}{{ a is t }}{{ [a] }}{{ {a: b} }}{{ [] }}";
        let ast = machinery::parse(source, "t", SyntaxConfig::default()).unwrap();
        let mut generator = CodeGenerator::new("t", source);
        generator.compile_stmt(&ast);
        let (instructions, _) = generator.finish();
        let mut seen = String::new();
        let mut i = 0;
        while let Some(instr) = instructions.get(i) {
            seen.push_str(match instr {
                Instruction::Lookup(_) => "L",
                Instruction::Rem => "%",
                Instruction::StringConcat => "~",
                Instruction::Add => "+",
                Instruction::Mul => "*",
                Instruction::Emit => "E",
                Instruction::ApplyFilter("f", ..) => "F",
                Instruction::PerformTest("t", ..) => "T",
                Instruction::BuildList(Some(1)) => "[",
                Instruction::BuildMap(1) => "{",
                Instruction::LoadConst(v) if v.kind() == ValueKind::Seq => "C",
                _ => "?",
            });
            i += 1;
        }
        assert_eq!(seen, "LL%ELL~ELL+ELL*ELFELTEL[ELL{ECE");
        let compiled = Compiled::new("t", source).unwrap();
        assert_eq!(compiled.constants().len(), 1, "the `[]` constant");
        let filters = compiled.filters_and_tests();
        assert_eq!(filters.len(), 2);
        assert_eq!(filters[0].1, "f");
        let r = filters[0].2.clone().unwrap();
        assert!(source[r].contains('f'));
    }
}
