//! The template engine: MiniJinja set up to render as Python's Jinja2 3.x does.
//!
//! What is done to match Jinja2 byte for byte: line endings are read as Jinja2 reads them
//! (`\r\n` and `\r` are `\n`); values print as Python prints them (`True`, `None`,
//! `['a', 1]`, `{'k': 'v'}`, `('k', 1)`, float `repr`); `tojson` is Jinja2's (sorted keys,
//! `ensure_ascii`, HTML-safe escapes); the filters and tests take Jinja2's arguments and compute
//! Python's results (`round`, `int`, `sum`, `truncate`, `format`, `is number`, ...), and
//! MiniJinja's own extra filters and tests are removed; the Python methods templates use on
//! strings, dicts and lists are there (`.get`, `.items`, `.split`, `.format`, ...); no autoescape;
//! a single trailing newline is dropped. Oomnitza's `as_is` filter is available.
//! `DIFFERENCES.md` in the parity suite lists what still differs, all of it in the engine's
//! expression evaluation.
//! Undefined variables are an error by default (with the variable's name, `file:line:column`,
//! the source line and a caret); lenient mode renders them empty as Oomnitza does. Fuel and
//! recursion limits stop a template that loops forever or nests too deep.

mod error;
mod filters;
mod html;
mod methods;
mod objects;
mod predicates;
mod pyformat;
mod pyops;
pub mod pyrepr;
mod pystr;
mod textwrap;

use std::borrow::Cow;
use std::collections::BTreeMap;

use minijinja::value::Value;
use minijinja::{Environment, UndefinedBehavior};

pub use error::TemplateError;

/// Instructions one render may execute before it is stopped as runaway.
pub const FUEL: u64 = 50_000_000;

/// How undefined variables are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// Printing, iterating or reading an attribute of an undefined value is an error;
    /// `is defined`, `default` and `if x` may test it.
    Strict,
    /// Undefined renders empty, as Oomnitza (and Jinja2's default) does.
    Lenient,
}

/// A compiled template and the environment it runs in.
pub struct Engine {
    env: Environment<'static>,
    undefined: Undefined,
    /// Shown in error locations: a file name, or `body of PRESET`.
    name: String,
}

/// The key the one template is stored under in its environment.
const MAIN: &str = "template";

impl Engine {
    /// An engine holding one template, compiled. `name` is shown in error locations.
    pub fn new(name: &str, source: &str, undefined: Undefined) -> Result<Self, TemplateError> {
        let mut env = environment(undefined);
        let source = normalize_newlines(source);
        env.add_template_owned(MAIN, source.to_string())
            .map_err(|e| TemplateError::from_minijinja(&e, name, &source))?;
        Ok(Self {
            env,
            undefined,
            name: name.to_string(),
        })
    }

    fn template(&self) -> minijinja::Template<'_, '_> {
        self.env
            .get_template(MAIN)
            .expect("the template was added in new")
    }

    /// Renders the template with a context.
    pub fn render(&self, ctx: &Value) -> Result<String, TemplateError> {
        let tmpl = self.template();
        tmpl.render(ctx)
            .map_err(|e| TemplateError::from_minijinja(&e, &self.name, tmpl.source()))
    }

    /// Renders and, in lenient mode, reports what was undefined (as warnings).
    pub fn render_with_warnings(
        &self,
        ctx: &Value,
    ) -> Result<(String, Vec<String>), TemplateError> {
        let out = self.render(ctx)?;
        let mut warnings = Vec::new();
        if self.undefined == Undefined::Lenient {
            let tmpl = self.template();
            // Top-level names the template reads that the context lacks ...
            for name in tmpl.undeclared_variables(false) {
                if ctx.get_attr(&name).is_ok_and(|v| v.is_undefined()) {
                    warnings.push(format!("`{name}` is undefined and rendered empty"));
                }
            }
            // ... else the first undefined a strict render meets (attributes of defined values).
            if warnings.is_empty() {
                let strict = Engine::new(&self.name, tmpl.source(), Undefined::Strict)?;
                if let Err(e) = strict.render(ctx)
                    && e.is_undefined()
                {
                    warnings.push(format!("{} (rendered empty)", e.headline()));
                }
            }
        }
        Ok((out, warnings))
    }
}

/// The source as Jinja2's lexer reads it: `\r\n` and a lone `\r` are line breaks, and
/// become `\n` everywhere (text, string literals, raw blocks).
fn normalize_newlines(source: &str) -> Cow<'_, str> {
    if source.contains('\r') {
        Cow::Owned(source.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(source)
    }
}

/// The environment with Jinja2's behaviour and oomhook's filters.
pub fn environment(undefined: Undefined) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(match undefined {
        Undefined::Strict => UndefinedBehavior::SemiStrict,
        Undefined::Lenient => UndefinedBehavior::Lenient,
    });
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_keep_trailing_newline(false);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(200);
    env.set_debug(false);
    env.set_formatter(|out, _state, value| {
        pyrepr::write_str(out, value).map_err(minijinja::Error::from)
    });
    env.set_unknown_method_callback(methods::unknown_method);
    filters::register(&mut env);
    predicates::register(&mut env);
    // Jinja2's globals: `dict` and `namespace` (MiniJinja's), `range`, `cycler` and `joiner`.
    env.remove_global("debug");
    env.add_function("range", objects::range);
    env.add_function("cycler", objects::cycler);
    env.add_function("joiner", minijinja_contrib::globals::joiner);
    env
}

/// The context of a body template: the payload's top-level keys, plus `payload`, `headers`
/// and `oomnitza_event`; a payload key of the same name wins over those three.
pub fn context(
    payload: &serde_json::Value,
    headers: &BTreeMap<String, String>,
    event: Option<&str>,
) -> Value {
    let mut map: BTreeMap<String, Value> = BTreeMap::new();
    let lower: BTreeMap<String, String> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    let payload_value = Value::from_serialize(payload);
    let mut ctx: Vec<(String, Value)> = vec![
        ("payload".into(), payload_value.clone()),
        ("headers".into(), Value::from_serialize(&lower)),
    ];
    if let Some(e) = event {
        ctx.push(("oomnitza_event".into(), Value::from(e)));
    }
    map.extend(ctx);
    if let serde_json::Value::Object(obj) = payload {
        for (k, v) in obj {
            map.insert(k.clone(), Value::from_serialize(v));
        }
    }
    Value::from_object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_are_read_as_jinja2_reads_them() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(normalize_newlines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn crlf_templates_render_with_lf() {
        let engine = Engine::new(
            "t",
            "{% if true %}\r\nx{{ '\r\n' }}\r\n{% endif %}\r\n",
            Undefined::Strict,
        )
        .unwrap();
        assert_eq!(engine.render(&Value::from(())).unwrap(), "\nx\n\n");
    }
}
