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

use minijinja::machinery::{self, CodeGenerator, Instruction, Instructions};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error};

/// Registers the functions the operators become. Their names cannot be written in a template
/// (they are not identifiers), and the context never gives a payload key of that form.
pub fn register(env: &mut Environment<'_>) {
    env.add_function(REM, super::operators::rem);
    env.add_function(CONCAT, super::operators::concat);
    env.add_function(ADD, super::operators::add);
    env.add_function(MUL, super::operators::mul);
}

const REM: &str = "%py:rem";
const CONCAT: &str = "%py:concat";
const ADD: &str = "%py:add";
const MUL: &str = "%py:mul";

/// Whether a name is one of the operator functions (reserved: never looked up in the payload).
pub fn is_reserved(name: &str) -> bool {
    name.starts_with("%py:")
}

/// A template compiled to instructions, with Python's operators.
pub struct Compiled<'s> {
    instructions: Instructions<'s>,
    blocks: BTreeMap<&'s str, Instructions<'s>>,
}

impl<'s> Compiled<'s> {
    /// Parses and compiles `source`. Syntax errors are MiniJinja's (the caller compiles the
    /// template through the environment first, which reports them with their location).
    pub fn new(name: &'s str, source: &'s str) -> Result<Self, Error> {
        let ast = machinery::parse(source, name, SyntaxConfig::default())?;
        let mut generator = CodeGenerator::new(name, source);
        generator.compile_stmt(&ast);
        let (mut instructions, mut blocks) = generator.finish();
        swap_operators(&mut instructions);
        for block in blocks.values_mut() {
            swap_operators(block);
        }
        Ok(Self {
            instructions,
            blocks,
        })
    }

    /// Renders with a context.
    pub fn render(&self, env: &'s Environment<'s>, ctx: Value) -> Result<String, Error> {
        let mut rendered = String::new();
        let mut out = machinery::make_string_output(&mut rendered);
        machinery::eval(
            env,
            &self.instructions,
            ctx,
            &self.blocks,
            &mut out,
            AutoEscape::None,
        )?;
        Ok(rendered)
    }

    /// The filters and tests the template names, each with its byte range in the source.
    pub fn filters_and_tests(&self) -> Vec<(Kind, &'s str, Option<std::ops::Range<usize>>)> {
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
pub enum Kind {
    Filter,
    Test,
}

/// Swaps each operator instruction whose result Python computes differently for a call of
/// ours with the same stack effect.
fn swap_operators(instrs: &mut Instructions<'_>) {
    let mut i = 0;
    while let Some(instr) = instrs.get_mut(i) {
        let function = match instr {
            Instruction::Rem => Some(REM),
            Instruction::StringConcat => Some(CONCAT),
            Instruction::Add => Some(ADD),
            Instruction::Mul => Some(MUL),
            _ => None,
        };
        if let Some(function) = function {
            *instr = Instruction::CallFunction(function, Some(2));
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The instructions this module relies on: an upgrade of MiniJinja that compiles the
    /// operators differently (or renames them) fails here, not silently in a render.
    #[test]
    fn the_engine_compiles_operators_as_this_module_expects() {
        let source = "{{ a % b }}{{ a ~ b }}{{ a + b }}{{ a * b }}{{ a | f }}{{ a is t }}";
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
                _ => "?",
            });
            i += 1;
        }
        assert_eq!(seen, "LL%ELL~ELL+ELL*ELFELTE");
        let compiled = Compiled::new("t", source).unwrap();
        let filters = compiled.filters_and_tests();
        assert_eq!(filters.len(), 2);
        assert_eq!(filters[0].1, "f");
        let r = filters[0].2.clone().unwrap();
        assert!(source[r].contains('f'));
    }
}
