//! Changes to compiled instructions that add, drop or move instructions, where a swap in place
//! (the rest of `machine.rs`) cannot do: loops over a string, macros that take `varargs` and
//! `kwargs` or default to an earlier argument, `with` blocks binding several names, attribute
//! assignments to namespaces, and `set` and `filter` blocks as scopes of their own.
//!
//! Jumps name absolute instruction indices, so the program is rebuilt: each old instruction
//! is copied (or dropped) in order, new ones are added between them, and every jump target is
//! mapped from its old index to the new index of what now stands for it. Each instruction
//! keeps the line and span of the old instruction it comes from, so errors point where they
//! pointed before.

use std::collections::HashMap;

use minijinja::machinery::ast::{Expr, Stmt};
use minijinja::machinery::{Instruction, Instructions};
use minijinja::value::Value;

use crate::template::python::callables::{KWARGS_SPEC, VARARGS_SPEC, is_dict_method};

/// The function a loop's iterable goes through: a string becomes its characters with a
/// length, so that `loop.last`, `loop.length` and `loop.revindex` work as in Python.
pub(in crate::template) const ITER: &str = "%py:iter";
/// The function an attribute named like a dict method (`d.items`) is looked up with.
pub(in crate::template) const GET_ATTRIBUTE: &str = "%py:getattr";
/// The function an attribute assignment (`{% set ns.a = 1 %}`) becomes.
pub(in crate::template) const SET_ATTRIBUTE: &str = "%py:setattr";
/// The function a value to unpack (`{% set a, b = 'xy' %}`) goes through.
pub(in crate::template) const UNPACKABLE: &str = "%py:unpackable";
/// The function a macro that reads `varargs` or `kwargs` goes through once built.
pub(in crate::template) const MACRO: &str = "%py:macro";

/// Locals holding a `with` block's values until all are computed.
const WITH_TEMPS: [&str; 16] = [
    "%py:w0", "%py:w1", "%py:w2", "%py:w3", "%py:w4", "%py:w5", "%py:w6", "%py:w7", "%py:w8",
    "%py:w9", "%py:w10", "%py:w11", "%py:w12", "%py:w13", "%py:w14", "%py:w15",
];

/// What each `with` block (and each statement that also opens a `with` frame) of one
/// instruction stream assigns, in the order the code generator emits them.
#[derive(Debug, Default)]
pub(super) struct WithShapes {
    main: Vec<Option<Vec<usize>>>,
    blocks: HashMap<String, Vec<Option<Vec<usize>>>>,
}

impl WithShapes {
    /// Reads them from the template's syntax tree.
    pub(super) fn of(ast: &Stmt<'_>) -> Self {
        let mut shapes = WithShapes::default();
        let mut main = Vec::new();
        collect(ast, &mut main, &mut shapes);
        shapes.main = main;
        shapes
    }

    pub(super) fn main(&self) -> &[Option<Vec<usize>>] {
        &self.main
    }

    pub(super) fn block(&self, name: &str) -> &[Option<Vec<usize>>] {
        self.blocks.get(name).map_or(&[], Vec::as_slice)
    }
}

/// How many instructions assigning to `target` takes (`None` for a target not handled).
fn assignment_len(target: &Expr<'_>) -> Option<usize> {
    match target {
        Expr::Var(_) => Some(1),
        Expr::List(l) => l
            .items
            .iter()
            .map(assignment_len)
            .sum::<Option<usize>>()
            .map(|n| n + 1),
        _ => None,
    }
}

/// The `with` frames of a body, in source order: for a `with` block, the length of each of
/// its assignments; `None` for an import (it opens one too, and is left alone).
fn collect(s: &Stmt<'_>, out: &mut Vec<Option<Vec<usize>>>, all: &mut WithShapes) {
    let body = |b: &[Stmt<'_>], out: &mut Vec<Option<Vec<usize>>>, all: &mut WithShapes| {
        for s in b {
            collect(s, out, all);
        }
    };
    match s {
        Stmt::Template(t) => body(&t.children, out, all),
        Stmt::ForLoop(f) => {
            body(&f.body, out, all);
            body(&f.else_body, out, all);
        }
        Stmt::IfCond(i) => {
            body(&i.true_body, out, all);
            body(&i.false_body, out, all);
        }
        Stmt::WithBlock(w) => {
            let lens = w
                .assignments
                .iter()
                .map(|(t, _)| assignment_len(t))
                .collect::<Option<Vec<_>>>();
            out.push(lens);
            body(&w.body, out, all);
        }
        Stmt::SetBlock(x) => body(&x.body, out, all),
        Stmt::AutoEscape(a) => body(&a.body, out, all),
        Stmt::FilterBlock(f) => body(&f.body, out, all),
        Stmt::Block(b) => {
            let mut inner = Vec::new();
            body(&b.body, &mut inner, all);
            all.blocks.insert(b.name.to_string(), inner);
        }
        Stmt::Import(_) | Stmt::FromImport(_) => out.push(None),
        Stmt::Macro(m) => body(&m.body, out, all),
        Stmt::CallBlock(c) => body(&c.macro_decl.body, out, all),
        Stmt::EmitExpr(_)
        | Stmt::EmitRaw(_)
        | Stmt::Set(_)
        | Stmt::Extends(_)
        | Stmt::Include(_)
        | Stmt::Continue(_)
        | Stmt::Break(_)
        | Stmt::Do(_) => {}
    }
}

/// Where an instruction jumps.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// An index of the old program.
    Old(u32),
    /// An index of the new one.
    New(u32),
}

struct Piece<'s> {
    instr: Instruction<'s>,
    /// The old instruction whose line and span it keeps.
    origin: u32,
    target: Option<Target>,
}

/// The index an instruction jumps to, if it jumps.
fn jump_target(instr: &Instruction<'_>) -> Option<u32> {
    match instr {
        Instruction::Jump(t)
        | Instruction::JumpIfFalse(t)
        | Instruction::JumpIfFalseOrPop(t)
        | Instruction::JumpIfTrueOrPop(t)
        | Instruction::Iterate(t)
        | Instruction::BuildMacro(_, t, _) => Some(*t),
        _ => None,
    }
}

fn set_jump_target(instr: &mut Instruction<'_>, to: u32) {
    if let Instruction::Jump(t)
    | Instruction::JumpIfFalse(t)
    | Instruction::JumpIfFalseOrPop(t)
    | Instruction::JumpIfTrueOrPop(t)
    | Instruction::Iterate(t)
    | Instruction::BuildMacro(_, t, _) = instr
    {
        *t = to;
    }
}

/// A new program being written from an old one.
struct Editor<'a, 's> {
    old: &'a Instructions<'s>,
    out: Vec<Piece<'s>>,
    /// For each old index, the new index of what stands for it.
    map: Vec<Option<u32>>,
}

impl<'a, 's> Editor<'a, 's> {
    fn new(old: &'a Instructions<'s>, len: usize) -> Self {
        Editor {
            old,
            out: Vec::with_capacity(len + 8),
            map: vec![None; len + 1],
        }
    }

    fn here(&self) -> u32 {
        u32::try_from(self.out.len()).unwrap_or(u32::MAX)
    }

    /// Old instruction `i` stands at the next new index (unless something already does).
    fn mark(&mut self, i: u32) {
        let here = self.here();
        self.map[i as usize].get_or_insert(here);
    }

    /// Copies old instruction `i`.
    fn copy(&mut self, i: u32) {
        self.mark(i);
        let instr = self.old.get(i).cloned().unwrap_or(Instruction::Swap);
        let target = jump_target(&instr).map(Target::Old);
        self.out.push(Piece {
            instr,
            origin: i,
            target,
        });
    }

    /// Adds a new instruction, located where old instruction `origin` is.
    fn push(&mut self, instr: Instruction<'s>, origin: u32) -> u32 {
        let at = self.here();
        self.out.push(Piece {
            instr,
            origin,
            target: None,
        });
        at
    }

    /// Sets where new instruction `at` jumps, as a new index.
    fn jump_to(&mut self, at: u32, to: u32) {
        if let Some(p) = self.out.get_mut(at as usize) {
            p.target = Some(Target::New(to));
        }
    }

    fn finish(mut self) -> Instructions<'s> {
        let len = self.map.len() - 1;
        let end = self.here();
        self.map[len] = Some(end);
        // A dropped instruction nothing else stands for stands at what follows it.
        let mut next = end;
        for slot in self.map.iter_mut().rev() {
            match slot {
                Some(n) => next = *n,
                None => *slot = Some(next),
            }
        }
        let mut new = Instructions::new(self.old.name(), self.old.source());
        for mut p in self.out {
            if let Some(t) = p.target {
                let to = match t {
                    Target::New(n) => n,
                    Target::Old(o) => self.map.get(o as usize).copied().flatten().unwrap_or(end),
                };
                set_jump_target(&mut p.instr, to);
            }
            if let Some(span) = self.old.get_span(p.origin) {
                new.add_with_span(p.instr, span);
            } else if let Some(line) = self.old.get_line(p.origin) {
                new.add_with_line(p.instr, u16::try_from(line).unwrap_or(u16::MAX));
            } else {
                new.add(p.instr);
            }
        }
        new
    }
}

/// A macro as compiled: where its arguments are stored on entry, and what it reads.
struct MacroPlan<'s> {
    /// Old index of the constant listing the argument names.
    spec_at: u32,
    build_at: u32,
    prologue: std::ops::Range<u32>,
    /// Each argument in order, with the old range of its default's instructions (the old
    /// index of its store instruction is the range's end).
    args: Vec<(&'s str, Option<std::ops::Range<u32>>)>,
    varargs: bool,
    kwargs: bool,
}

/// Reads the macro built at `build_at`, or `None` when its instructions are not as this
/// module expects (it is then left as compiled).
fn plan_macro<'s>(instrs: &Instructions<'s>, build_at: u32) -> Option<MacroPlan<'s>> {
    let Instruction::BuildMacro(_, offset, _) = instrs.get(build_at)? else {
        return None;
    };
    let spec_at = build_at.checked_sub(1)?;
    let Instruction::LoadConst(spec) = instrs.get(spec_at)? else {
        return None;
    };
    let names = spec
        .try_iter()
        .ok()?
        .map(|v| v.as_str().map(str::to_owned))
        .collect::<Option<Vec<String>>>()?;
    // Names the macro reads from outside it: enclosed before its closure is taken.
    let mut reads = Vec::new();
    let mut j = spec_at.checked_sub(1)?;
    loop {
        match instrs.get(j)? {
            Instruction::GetClosure => {}
            Instruction::Enclose(name) => reads.push(*name),
            _ => break,
        }
        j = j.checked_sub(1)?;
    }
    // The prologue stores the arguments last first, each after its default when it has one.
    let mut pos = *offset;
    let mut args = Vec::with_capacity(names.len());
    for name in names.iter().rev() {
        let default = match instrs.get(pos)? {
            Instruction::DupTop => {
                let (
                    Instruction::IsUndefined,
                    Instruction::JumpIfFalse(store),
                    Instruction::DiscardTop,
                ) = (
                    instrs.get(pos + 1)?,
                    instrs.get(pos + 2)?,
                    instrs.get(pos + 3)?,
                )
                else {
                    return None;
                };
                let range = pos + 4..*store;
                pos = *store;
                Some(range)
            }
            _ => None,
        };
        let Instruction::StoreLocal(stored) = instrs.get(pos)? else {
            return None;
        };
        if stored != name {
            return None;
        }
        args.push((*stored, default));
        pos += 1;
    }
    args.reverse();
    Some(MacroPlan {
        spec_at,
        build_at,
        prologue: *offset..pos,
        args,
        varargs: reads.contains(&"varargs"),
        kwargs: reads.contains(&"kwargs"),
    })
}

/// A `with` block's assignments as compiled: the old range of each target's instructions.
fn plan_with(instrs: &Instructions<'_>, push_at: u32, lens: &[usize]) -> Option<Vec<(u32, u32)>> {
    let mut ranges = Vec::with_capacity(lens.len());
    let mut pos = push_at + 1;
    for len in lens {
        // The value's instructions never store; the first store is the assignment's.
        let start = (pos..)
            .find(|&i| {
                matches!(
                    instrs.get(i),
                    Some(Instruction::StoreLocal(_) | Instruction::UnpackList(_)) | None
                )
            })
            .filter(|&i| instrs.get(i).is_some())?;
        let end = start + u32::try_from(*len).ok()?;
        ranges.push((start, end));
        pos = end;
    }
    Some(ranges)
}

/// Rewrites one instruction stream: loops over strings, macros, `with` blocks.
pub(super) fn restructure<'s>(
    instrs: &Instructions<'s>,
    withs: &[Option<Vec<usize>>],
) -> Instructions<'s> {
    let mut len = 0u32;
    while instrs.get(len).is_some() {
        len += 1;
    }
    let mut macros = Vec::new();
    let mut with_plans = Vec::new();
    let mut withs = withs.iter();
    for i in 0..len {
        match instrs.get(i) {
            Some(Instruction::BuildMacro(..)) => {
                if let Some(plan) = plan_macro(instrs, i) {
                    let defaults = plan.args.iter().any(|(_, d)| d.is_some());
                    if defaults || plan.varargs || plan.kwargs {
                        macros.push(plan);
                    }
                }
            }
            Some(Instruction::PushWith) => {
                if let Some(Some(lens)) = withs.next()
                    && (2..=WITH_TEMPS.len()).contains(&lens.len())
                    && let Some(ranges) = plan_with(instrs, i, lens)
                {
                    with_plans.push(ranges);
                }
            }
            _ => {}
        }
    }
    let mut prologue_at: HashMap<u32, usize> = macros
        .iter()
        .enumerate()
        .map(|(n, m)| (m.prologue.start, n))
        .collect();
    let spec_at: HashMap<u32, usize> = macros
        .iter()
        .enumerate()
        .map(|(n, m)| (m.spec_at, n))
        .collect();
    // For each with assignment's first instruction: which block and which assignment.
    let mut assign_at: HashMap<u32, (usize, usize)> = HashMap::new();
    for (w, ranges) in with_plans.iter().enumerate() {
        for (k, (start, _)) in ranges.iter().enumerate() {
            assign_at.insert(*start, (w, k));
        }
    }

    // `{% set x %}...{% endset %}` and `{% filter %}` blocks are scopes of their own in
    // Jinja2: a `set` inside does not reach past the block. Each capture that does not open a
    // frame itself (an import does) gets one.
    let mut scoped_begin = std::collections::HashSet::new();
    let mut scoped_end = std::collections::HashSet::new();
    let mut open = Vec::new();
    for i in 0..len {
        match instrs.get(i) {
            Some(Instruction::BeginCapture(_)) => {
                let own_frame = matches!(instrs.get(i + 1), Some(Instruction::PushWith));
                open.push((i, !own_frame));
            }
            Some(Instruction::EndCapture) => {
                if let Some((begin, scoped)) = open.pop()
                    && scoped
                {
                    scoped_begin.insert(begin);
                    scoped_end.insert(i);
                }
            }
            _ => {}
        }
    }

    let mut ed = Editor::new(instrs, len as usize);
    let mut i = 0u32;
    while i < len {
        // (Taken once: a macro without arguments has an empty prologue.)
        if let Some(n) = prologue_at.remove(&i) {
            i = write_prologue(&mut ed, &macros[n]);
            continue;
        }
        if let Some(&n) = spec_at.get(&i) {
            let m = &macros[n];
            ed.mark(i);
            let mut spec: Vec<Value> = m.args.iter().map(|(a, _)| Value::from(*a)).collect();
            if m.varargs {
                spec.push(Value::from(VARARGS_SPEC));
            }
            if m.kwargs {
                spec.push(Value::from(KWARGS_SPEC));
            }
            ed.push(Instruction::LoadConst(Value::from(spec)), i);
            ed.copy(m.build_at);
            if m.varargs || m.kwargs {
                ed.push(Instruction::CallFunction(MACRO, Some(1)), m.build_at);
            }
            i = m.build_at + 1;
            continue;
        }
        if let Some(&(w, k)) = assign_at.get(&i) {
            let ranges = &with_plans[w];
            let (start, end) = ranges[k];
            // The value goes to a temporary; once all are computed, the targets are assigned.
            ed.mark(start);
            ed.push(Instruction::StoreLocal(WITH_TEMPS[k]), start);
            for j in start + 1..end {
                ed.mark(j);
            }
            if k + 1 == ranges.len() {
                for (t, (s, e)) in ranges.iter().enumerate() {
                    ed.push(Instruction::Lookup(WITH_TEMPS[t]), *s);
                    for j in *s..*e {
                        let instr = instrs.get(j).cloned().unwrap_or(Instruction::Swap);
                        ed.push(instr, j);
                    }
                }
            }
            i = end;
            continue;
        }
        if scoped_begin.contains(&i) {
            ed.copy(i);
            ed.push(Instruction::PushWith, i);
            i += 1;
            continue;
        }
        if scoped_end.contains(&i) {
            ed.mark(i);
            ed.push(Instruction::PopFrame, i);
            ed.copy(i);
            i += 1;
            continue;
        }
        if let Some(Instruction::GetAttr(name)) = instrs.get(i)
            && is_dict_method(name)
        {
            // `d.items`: Jinja2 gives a dict's method before its key of that name.
            ed.mark(i);
            ed.push(Instruction::LoadConst(Value::from(*name)), i);
            ed.push(Instruction::CallFunction(GET_ATTRIBUTE, Some(2)), i);
            i += 1;
            continue;
        }
        if let Some(Instruction::SetAttr(name)) = instrs.get(i) {
            // `{% set ns.name = value %}`: a call that sets it on our namespaces (the value
            // and the namespace are on the stack; the call's result is dropped).
            ed.mark(i);
            ed.push(Instruction::LoadConst(Value::from(*name)), i);
            ed.push(Instruction::CallFunction(SET_ATTRIBUTE, Some(3)), i);
            ed.push(Instruction::DiscardTop, i);
            i += 1;
            continue;
        }
        if let Some(Instruction::UnpackList(_)) = instrs.get(i) {
            ed.mark(i);
            ed.push(Instruction::CallFunction(UNPACKABLE, Some(1)), i);
        }
        if let Some(Instruction::PushLoop(_)) = instrs.get(i) {
            ed.mark(i);
            ed.push(Instruction::CallFunction(ITER, Some(1)), i);
        }
        ed.copy(i);
        i += 1;
    }
    ed.finish()
}

/// A macro's entry: the extra arguments' and then every argument's value stored first, then
/// each missing one given its default in order, so a default can name an earlier argument
/// (`{% macro m(a, b=a) %}`), as in Jinja2. Returns the old index after the prologue.
fn write_prologue<'s>(ed: &mut Editor<'_, 's>, m: &MacroPlan<'s>) -> u32 {
    let start = m.prologue.start;
    ed.mark(start);
    if m.kwargs {
        ed.push(Instruction::StoreLocal("kwargs"), start);
    }
    if m.varargs {
        ed.push(Instruction::StoreLocal("varargs"), start);
    }
    for (name, _) in m.args.iter().rev() {
        ed.push(Instruction::StoreLocal(name), start);
    }
    for (name, default) in &m.args {
        let Some(range) = default else {
            continue;
        };
        ed.push(Instruction::Lookup(name), range.start);
        ed.push(Instruction::IsUndefined, range.start);
        let jump = ed.push(Instruction::JumpIfFalse(0), range.start);
        for j in range.clone() {
            ed.copy(j);
        }
        // The default's own jumps to its end land on the store.
        ed.map[range.end as usize] = Some(ed.here());
        ed.push(Instruction::StoreLocal(name), range.end);
        let after = ed.here();
        ed.jump_to(jump, after);
    }
    for j in m.prologue.clone() {
        if ed.map[j as usize].is_none() {
            ed.map[j as usize] = Some(ed.here());
        }
    }
    m.prologue.end
}

#[cfg(test)]
mod tests {
    use minijinja::machinery::{self, CodeGenerator};
    use minijinja::syntax::SyntaxConfig;

    use super::*;

    fn compile(source: &str) -> (Instructions<'_>, WithShapes) {
        let ast = machinery::parse(source, "t", SyntaxConfig::default()).unwrap();
        let mut generator = CodeGenerator::new("t", source);
        generator.compile_stmt(&ast);
        (generator.finish().0, WithShapes::of(&ast))
    }

    fn count(instrs: &Instructions<'_>, f: impl Fn(&Instruction<'_>) -> bool) -> usize {
        (0..).map_while(|i| instrs.get(i)).filter(|x| f(x)).count()
    }

    /// What this module reads from the code generator's output: an upgrade of MiniJinja that
    /// compiles macros, `with` blocks or loops differently fails here, not in a render.
    #[test]
    fn the_engine_compiles_macros_withs_and_loops_as_this_module_expects() {
        let source = "{% macro m(a, b=a or 1) %}{{ varargs }}{% endmacro %}\
                      {% with x = 1, y = x %}{% endwith %}{% for c in s %}{% endfor %}";
        let (instrs, withs) = compile(source);
        let build = (0..)
            .map_while(|i| instrs.get(i).map(|x| (i, x)))
            .find(|(_, x)| matches!(x, Instruction::BuildMacro(..)))
            .unwrap()
            .0;
        let plan = plan_macro(&instrs, build).expect("the macro's prologue is understood");
        assert_eq!(plan.args.len(), 2);
        assert!(plan.args[0].1.is_none() && plan.args[1].1.is_some());
        assert!(plan.varargs && !plan.kwargs);
        assert_eq!(withs.main(), &[Some(vec![1, 1])]);
        let push = (0..)
            .find(|&i| matches!(instrs.get(i), Some(Instruction::PushWith)))
            .unwrap();
        assert!(plan_with(&instrs, push, &[1, 1]).is_some());

        let new = restructure(&instrs, withs.main());
        let calls = |name: &str| {
            count(
                &new,
                |x| matches!(x, Instruction::CallFunction(n, _) if *n == name),
            )
        };
        assert_eq!(calls(ITER), 1, "the loop's iterable goes through {ITER}");
        assert_eq!(calls(MACRO), 1, "the macro reading varargs is wrapped");
        let temps = count(
            &new,
            |x| matches!(x, Instruction::StoreLocal(n) if n.starts_with("%py:w")),
        );
        assert_eq!(temps, 2, "both with values go to temporaries first");
        // Every jump lands inside the program.
        let len = count(&new, |_| true) as u32;
        for i in 0..len {
            if let Some(t) = new.get(i).and_then(jump_target) {
                assert!(t <= len, "instruction {i} jumps to {t} of {len}");
            }
        }
    }
}
