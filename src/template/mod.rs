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
//! The engine's operators, literals and constants are made Python's by changing the compiled
//! instructions (`machine.rs`; docs/template-engine.md says how and why); Python's value
//! semantics live in `python/`. `DIFFERENCES.md` in the parity suite lists what still differs.
//! Undefined variables are an error by default (with the variable's name, `file:line:column`,
//! the source line and a caret); lenient mode renders them empty as Oomnitza does. Fuel, size
//! and recursion limits stop a template that loops forever, builds too much or nests too deep.

mod error;
mod filters;
mod html;
pub mod json;
mod machine;
mod methods;
mod predicates;
mod python;
mod textwrap;

use std::borrow::Cow;
use std::collections::BTreeMap;

use minijinja::value::Value;
use minijinja::{Environment, UndefinedBehavior};

pub use error::TemplateError;

// The Python value semantics (python/), under the names the rest of the engine uses.
use python::{
    formatting as pyformat, mutable, objects, operators, ops as pyops, repr as pyrepr,
    strings as pystr,
};

/// The work one render may do before it is stopped as runaway: each instruction costs one,
/// and every 64 bytes of a value built or of output written cost one more (MiniJinja's fuel).
/// A render that uses it all up stops in a few tens of milliseconds, having built at most
/// `64 * FUEL` bytes in all.
pub const FUEL: u64 = 2_000_000;

pub use python::limits::MAX_SIZE;
use python::limits::too_large;

/// The most operations (filters, lookups, calls, operators) one expression may chain.
/// MiniJinja turns a chain into a tree as deep as the chain is long and compiles it
/// recursively: a few thousand links overflow the stack, a crash rather than an error. Jinja2
/// gives up near 1000 (Python's recursion limit); real templates stay far below either.
pub const MAX_CHAIN: usize = 300;

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
    /// The source as compiled (line endings normalized), and its instructions, compiled once:
    /// a webhook's engine renders every delivery (compiling takes about twice a render).
    compiled: OwnedCompiled,
}

self_cell::self_cell!(
    /// A template's source and its compiled instructions, which borrow it.
    struct OwnedCompiled {
        owner: String,
        #[covariant]
        dependent: Compiled,
    }
);

type Compiled<'s> = machine::Compiled<'s>;

/// The key the one template is stored under in its environment.
const MAIN: &str = "template";

impl Engine {
    /// An engine holding one template, compiled. `name` is shown in error locations.
    ///
    /// # Errors
    ///
    /// A syntax error, an expression nested too deep, or a filter or test that does not
    /// exist, each with its location.
    pub fn new(name: &str, source: &str, undefined: Undefined) -> Result<Self, TemplateError> {
        let source = normalize_newlines(source);
        if let Some(offset) = overlong_chain(&source) {
            let detail = format!("an expression chains more than {MAX_CHAIN} operations");
            return Err(TemplateError::syntax_at(name, &source, offset, &detail));
        }
        let mut env = environment(undefined);
        env.add_template_owned(MAIN, source.to_string())
            .map_err(|e| TemplateError::from_minijinja(&e, name, &source))?;
        let compiled = OwnedCompiled::try_new(source.into_owned(), |source| {
            // A panic while compiling (the engine's machinery has no stability promise) is
            // this template's error, not a crash.
            let _quiet = QuietPanics::enter();
            std::panic::catch_unwind(|| machine::Compiled::new(MAIN, source))
                .unwrap_or_else(|_| {
                    Err(minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        "the template engine failed to compile this template",
                    ))
                })
                .map_err(|e| TemplateError::from_minijinja(&e, name, source))
        })?;
        let (source, instructions) = (compiled.borrow_owner(), compiled.borrow_dependent());
        if let Some((tag, offset)) = instructions.loop_control() {
            let detail = format!(
                "`{{% {tag} %}}` is not a tag of Jinja2's default environment (it needs the \
                 loopcontrols extension), so Oomnitza refuses this template: use a loop filter \
                 (`{{% for x in items if x.active %}}`) or an `if` inside the loop instead"
            );
            return Err(TemplateError::syntax_at(name, source, offset, &detail));
        }
        check_names(&env, instructions, name, source)?;
        for (function, constant) in machine::CONSTANTS.iter().zip(instructions.constants()) {
            match constant {
                machine::Constant::Value(value) => {
                    let value = value.clone();
                    env.add_function(*function, move || mutable::mutable(value.clone()));
                }
                machine::Constant::Error(error) => {
                    let error = error.clone();
                    env.add_function(*function, move || -> Result<Value, minijinja::Error> {
                        Err(minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            error.clone(),
                        ))
                    });
                }
            }
        }
        Ok(Self {
            env,
            undefined,
            name: name.to_string(),
            compiled,
        })
    }

    fn template(&self) -> minijinja::Template<'_, '_> {
        self.env
            .get_template(MAIN)
            .expect("the template was added in new")
    }

    /// Renders the template with a context.
    pub fn render(&self, ctx: &Value) -> Result<String, TemplateError> {
        self.renderer().render(ctx)
    }

    /// The template, ready to render many contexts in a row.
    pub fn renderer(&self) -> Renderer<'_> {
        Renderer {
            name: &self.name,
            source: self.compiled.borrow_owner(),
            env: &self.env,
            compiled: self.compiled.borrow_dependent(),
        }
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
            // Top-level names the template reads that neither the context nor the globals
            // (`range`, `dict`, `namespace`, ...) have ...
            for name in tmpl.undeclared_variables(false) {
                let global = self.env.globals().any(|(g, _)| g == name);
                if !global && ctx.get_attr(&name).is_ok_and(|v| v.is_undefined()) {
                    warnings.push(format!("`{name}` is undefined and rendered empty"));
                }
            }
            // ... else the first undefined a strict render meets (attributes of defined values).
            if warnings.is_empty() {
                let strict =
                    Engine::new(&self.name, self.compiled.borrow_owner(), Undefined::Strict)?;
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

thread_local! {
    /// Whether this thread is inside a render, where a panic is caught and reported as the
    /// render's error.
    static RENDERING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// An [`Engine`]'s template, compiled and ready to render.
pub struct Renderer<'e> {
    name: &'e str,
    source: &'e str,
    env: &'e Environment<'static>,
    compiled: &'e machine::Compiled<'e>,
}

impl Renderer<'_> {
    /// Renders the template with a context.
    pub fn render(&self, ctx: &Value) -> Result<String, TemplateError> {
        let mut out = String::new();
        self.render_to(ctx, &mut out)?;
        Ok(out)
    }

    /// Renders the template with a context into `out`, which is cleared first (for many
    /// renders in a row, one buffer used again). After an error, what `out` holds is
    /// unspecified.
    pub fn render_to(&self, ctx: &Value, out: &mut String) -> Result<(), TemplateError> {
        out.clear();
        let compiled = self.compiled;
        // A panic inside the engine or one of our filters is this render's error, not a
        // crash of the server or of a batch preview, and its message is not printed.
        let _quiet = QuietPanics::enter();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            compiled.render_to(self.env, ctx.clone(), out)
        }))
        .unwrap_or_else(|panic| {
            let cause = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("the template engine failed: {cause}"),
            ))
        })
        .and_then(|()| {
            if out.len() > MAX_SIZE {
                Err(too_large())
            } else {
                Ok(())
            }
        })
        .map_err(|e| {
            let mut err = TemplateError::from_minijinja(&e, self.name, self.source);
            if let Some(culprit) = e.range().and_then(|r| culprit_path(self.source, r)) {
                err.name_undefined(culprit, ctx, &compiled.assigned_names());
            }
            err
        })
    }
}

/// The expression an error points at, for naming what was undefined: a range that starts
/// inside a path (`.zz.y` of `payload.zz.y`) is widened to the whole path. `None` for a
/// filter's name (the message already names the filter's input).
fn culprit_path(source: &str, range: std::ops::Range<usize>) -> Option<&str> {
    let before = source.get(..range.start)?;
    if before.trim_end().ends_with('|') {
        return None;
    }
    let text = source.get(range.clone())?;
    // (A method of a string literal, `'{}'.format(x)`, is not part of a path.)
    let start = if text.starts_with(['.', '[']) && !before.ends_with(['\'', '"']) {
        let path_char =
            |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '\'' | '"');
        before
            .char_indices()
            .rev()
            .take_while(|(_, c)| path_char(*c))
            .last()
            .map_or(range.start, |(i, _)| i)
    } else {
        range.start
    };
    source.get(start..range.end)
}

/// While alive, a panic on this thread is not printed by the panic hook (the render that
/// caught it reports it). The hook is wrapped once; other threads and other panics print as
/// before.
struct QuietPanics(bool);

impl QuietPanics {
    fn enter() -> Self {
        static WRAP_HOOK: std::sync::Once = std::sync::Once::new();
        WRAP_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !RENDERING.with(std::cell::Cell::get) {
                    previous(info);
                }
            }));
        });
        Self(RENDERING.with(|r| r.replace(true)))
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        RENDERING.with(|r| r.set(self.0));
    }
}

/// Refuses a filter or test that does not exist, at its place in the source: Jinja2 refuses
/// it when it compiles the template, before any render.
fn check_names(
    env: &Environment<'_>,
    compiled: &machine::Compiled<'_>,
    name: &str,
    source: &str,
) -> Result<(), TemplateError> {
    let mut state = env.empty_state();
    for (kind, called, range) in compiled.filters_and_tests() {
        // Called with no arguments, a filter or test that exists fails for want of its
        // value (every one takes one) and does nothing else.
        let unknown = |e: minijinja::Error| {
            matches!(
                e.kind(),
                minijinja::ErrorKind::UnknownFilter | minijinja::ErrorKind::UnknownTest
            )
        };
        let known = match kind {
            machine::Kind::Filter => state
                .apply_filter(called, &[])
                .err()
                .is_none_or(|e| !unknown(e)),
            machine::Kind::Test => state
                .perform_test(called, &[])
                .err()
                .is_none_or(|e| !unknown(e)),
        };
        if !known {
            let what = match kind {
                machine::Kind::Filter => "filter",
                machine::Kind::Test => "test",
            };
            // The span is the whole expression; the name is within it.
            let offset = range
                .and_then(|r| {
                    let text = source.get(r.clone())?;
                    let at = text.rfind(called)?;
                    Some(r.start + at)
                })
                .unwrap_or(0);
            return Err(TemplateError::unknown_name(
                name,
                source,
                offset..offset + called.len(),
                &format!("no {what} named `{called}`"),
            ));
        }
    }
    Ok(())
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
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(200);
    env.set_debug(false);
    env.set_formatter(|out, _state, value| {
        pyrepr::write_str(out, value).map_err(|e| {
            if pyrepr::nests_deeper(value, pyrepr::MAX_DEPTH) {
                pyrepr::too_deep()
            } else {
                minijinja::Error::from(e)
            }
        })
    });
    env.set_unknown_method_callback(methods::unknown_method);
    filters::register(&mut env);
    predicates::register(&mut env);
    // Jinja2's globals: `dict` and `namespace` (MiniJinja's), `range`, `cycler` and `joiner`.
    env.remove_global("debug");
    env.add_function("range", objects::range);
    env.add_function("cycler", objects::cycler);
    env.add_function("joiner", minijinja_contrib::globals::joiner);
    machine::register(&mut env);
    env
}

/// The context of a body template: the payload's top-level keys, plus `payload`, `headers`
/// and `oomnitza_event`; a payload key of the same name wins over those three. The payload is
/// as [`json::parse`] reads it.
pub fn context(payload: Value, headers: &BTreeMap<String, String>, event: Option<&str>) -> Value {
    context_of(payload, headers_value(headers), event)
}

/// Request headers as the template sees them: `headers`, names in lower case.
pub fn headers_value(headers: &BTreeMap<String, String>) -> Value {
    headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), Value::from(v.as_str())))
        .collect::<BTreeMap<String, Value>>()
        .into()
}

/// [`context`] with headers already from [`headers_value`] (the same for many payloads):
/// nothing is copied, lookups go to the payload first.
pub fn context_of(payload: Value, headers: Value, event: Option<&str>) -> Value {
    Value::from_object(Context {
        payload,
        headers,
        event: event.map(Value::from),
        item: None,
    })
}

/// [`context_of`] for one item of a batched delivery (`items` in presets/README.md): `item`
/// (the item) and `item_index` (0-based) besides the payload's keys; those two names win over
/// a payload key of the same name, since they are what a batched body is written against.
pub fn context_of_item(
    payload: Value,
    headers: Value,
    event: Option<&str>,
    item: Value,
    index: usize,
) -> Value {
    Value::from_object(Context {
        payload,
        headers,
        event: event.map(Value::from),
        item: Some((item, Value::from(index))),
    })
}

/// The template's variables: the payload's top-level keys, then the three names below.
#[derive(Debug)]
struct Context {
    payload: Value,
    headers: Value,
    event: Option<Value>,
    /// A batch's current item and its index.
    item: Option<(Value, Value)>,
}

impl Context {
    fn builtin(&self, key: &str) -> Option<Value> {
        match key {
            "payload" => Some(self.payload.clone()),
            "headers" => Some(self.headers.clone()),
            "oomnitza_event" => self.event.clone(),
            _ => None,
        }
    }
}

impl minijinja::value::Object for Context {
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        key.as_str().and_then(|k| self.get_value_by_str(k))
    }

    fn get_value_by_str(self: &std::sync::Arc<Self>, key: &str) -> Option<Value> {
        if machine::is_reserved(key) {
            return None;
        }
        if let Some((item, index)) = &self.item {
            match key {
                "item" => return Some(item.clone()),
                "item_index" => return Some(index.clone()),
                _ => {}
            }
        }
        if self.payload.kind() == minijinja::value::ValueKind::Map
            && let Some(v) = self
                .payload
                .as_object()
                .and_then(|o| o.get_value_by_str(key))
        {
            return Some(v);
        }
        self.builtin(key)
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        let mut keys: Vec<Value> = Vec::new();
        if self.payload.kind() == minijinja::value::ValueKind::Map {
            keys.extend(self.payload.try_iter().into_iter().flatten());
        }
        if self.item.is_some() {
            for name in ["item", "item_index"] {
                let k = Value::from(name);
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        for name in ["payload", "headers", "oomnitza_event"] {
            let k = Value::from(name);
            if !keys.contains(&k) && self.builtin(name).is_some() {
                keys.push(k);
            }
        }
        minijinja::value::Enumerator::Values(keys)
    }
}

/// The offset of the first tag (`{{ }}` or `{% %}`) whose expression may nest deeper than
/// [`MAX_CHAIN`]: operations counted along each bracket level, a `,` or `:` starting a new
/// operand. An over-estimate of the depth of MiniJinja's tree, never an under-estimate.
fn overlong_chain(source: &str) -> Option<usize> {
    let b = source.as_bytes();
    let find = |from: usize, what: &[u8]| {
        b.get(from..)
            .and_then(|rest| rest.windows(what.len()).position(|w| w == what))
            .map(|j| from + j)
    };
    let mut i = 0;
    while i + 1 < b.len() {
        let close = match (b[i], b[i + 1]) {
            (b'{', b'{') => b'}',
            (b'{', b'%') => b'%',
            (b'{', b'#') => {
                i = find(i + 2, b"#}").map_or(b.len(), |j| j + 2);
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let (end, deepest, raw) = scan_tag(b, i + 2, close);
        if deepest > MAX_CHAIN {
            return Some(i);
        }
        i = if raw {
            find(end, b"endraw").map_or(b.len(), |j| j + 6)
        } else {
            end
        };
    }
    None
}

/// Scans one tag from just after its opening delimiter: where it ends, the deepest chain in
/// it, and whether it opens a `raw` block.
fn scan_tag(b: &[u8], start: usize, close: u8) -> (usize, usize, bool) {
    // Operations so far on each open bracket level; `total` is their sum plus the levels.
    let mut levels = vec![0usize];
    let mut total = 1usize;
    let mut deepest = 0;
    let mut first_word: Option<&[u8]> = None;
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        let top = levels.len() - 1;
        match c {
            _ if c == close && b.get(i + 1) == Some(&b'}') && top == 0 => {
                return (i + 2, deepest, first_word == Some(b"raw"));
            }
            b'\'' | b'"' => {
                i += 1;
                while i < b.len() && b[i] != c {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => {
                if c != b'{' {
                    levels[top] += 1;
                    total += 1;
                }
                levels.push(0);
                total += 1;
            }
            b')' | b']' | b'}' if top > 0 => {
                total -= levels.pop().unwrap_or(0) + 1;
            }
            b',' | b':' => {
                total -= levels[top];
                levels[top] = 0;
            }
            b'|' | b'.' | b'+' | b'-' | b'*' | b'/' | b'%' | b'~' | b'<' | b'>' | b'=' | b'!' => {
                levels[top] += 1;
                total += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = b[i..]
                    .iter()
                    .position(|&x| !(x.is_ascii_alphanumeric() || x == b'_'))
                    .map_or(b.len(), |n| i + n);
                let word = &b[i..end];
                first_word.get_or_insert(word);
                if matches!(
                    word,
                    b"and" | b"or" | b"not" | b"is" | b"in" | b"if" | b"else"
                ) {
                    levels[top] += 1;
                    total += 1;
                }
                i = end - 1;
            }
            _ => {}
        }
        deepest = deepest.max(total);
        i += 1;
    }
    (b.len(), deepest, first_word == Some(b"raw"))
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

    /// Found by fuzzing: an error whose line holds a lone carriage return drew its caret past
    /// a character boundary and panicked.
    #[test]
    fn an_error_on_a_line_with_a_carriage_return_draws_its_caret() {
        let template = "\u{fffd}\u{fffd} | tojson{{ s\r| tjson }} {{ e | tojson }}\n";
        for undefined in [Undefined::Strict, Undefined::Lenient] {
            let err = match Engine::new("t", template, undefined) {
                Err(e) => e,
                Ok(engine) => engine.render(&Value::from(())).unwrap_err(),
            };
            assert!(err.to_string().contains('^'), "{err}");
        }
    }

    /// Oomnitza's Jinja2 has no loop controls: a template using them is refused where it is
    /// written, not previewed as if it worked.
    #[test]
    fn break_and_continue_are_refused_as_jinja2_refuses_them() {
        for (template, tag, col) in [
            ("{% for x in l %}{% break %}{% endfor %}", "break", ":1:20"),
            (
                "{% for x in l %}\n{% if x %}{% continue %}{% endif %}{% endfor %}",
                "continue",
                ":2:14",
            ),
        ] {
            let Err(err) = Engine::new("t", template, Undefined::Strict) else {
                panic!("{template} compiled");
            };
            let err = err.to_string();
            assert!(
                err.contains(&format!("`{{% {tag} %}}` is not a tag")),
                "{err}"
            );
            assert!(err.contains(col), "{err}");
        }
    }

    /// An undefined-value error names what is undefined, looked up in the payload, not the
    /// first name the expression happens to start with.
    #[test]
    fn undefined_errors_name_the_undefined_path() {
        let payload = json::parse(r#"{"n": 1, "le": [], "user": {"name": "a"}}"#).unwrap();
        let payload = context(payload, &BTreeMap::new(), None);
        for (template, message) in [
            ("{{ n == nope }}", "undefined variable `nope`"),
            ("{{ n < nope }}", "undefined variable `nope`"),
            ("{{ 'n' ~ nope }}", "undefined variable `nope`"),
            ("{{ payload.zz.y }}", "undefined variable `payload.zz`"),
            (
                "{{ user.name ~ user['mail'] }}",
                "undefined variable `user['mail']`",
            ),
            (
                "{% if n and user.role.x %}{% endif %}",
                "undefined variable `user.role`",
            ),
            ("{{ le[0].x }}", "undefined variable `le[0]`"),
            ("{{ le|first }}", "undefined value in `le|first`"),
            (
                "{{ range(2) ~ user.get('x') ~ z }}",
                "undefined variable `z`",
            ),
        ] {
            let engine = Engine::new("t", template, Undefined::Strict).unwrap();
            let err = engine.render(&payload).unwrap_err().to_string();
            assert!(err.contains(message), "{template}: {err}");
        }
    }

    /// Where Jinja2 raises a `TypeError`, so does a render: the engine would order or test
    /// these without complaint.
    #[test]
    fn mixed_ordering_and_membership_are_errors_as_in_jinja2() {
        let payload = json::parse(r#"{"n": 1, "s": "abc", "l": [1], "t": null}"#).unwrap();
        for (template, message) in [
            (
                "{{ n < s }}",
                "'<' not supported between instances of 'int' and 'str'",
            ),
            (
                "{{ t >= n }}",
                "'>=' not supported between instances of 'NoneType' and 'int'",
            ),
            (
                "{{ l > s }}",
                "'>' not supported between instances of 'list' and 'str'",
            ),
            (
                "{{ n in s }}",
                "'in <string>' requires string as left operand, not int",
            ),
            ("{{ 'a' in n }}", "argument of type 'int' is not iterable"),
            // Constants the engine would fold into a value.
            (
                "{{ 0 < 'abc' }}",
                "'<' not supported between instances of 'int' and 'str'",
            ),
            (
                "{% if none >= 1 %}{% endif %}",
                "'>=' not supported between instances",
            ),
            (
                "{{ 0 in 'abc' }}",
                "'in <string>' requires string as left operand, not int",
            ),
        ] {
            for undefined in [Undefined::Strict, Undefined::Lenient] {
                let engine = Engine::new("t", template, undefined).unwrap();
                let err = engine.render(&payload).unwrap_err().to_string();
                assert!(err.contains(message), "{template}: {err}");
            }
        }
        let engine = Engine::new(
            "t",
            "{{ n < 2 }}{{ 'b' in s }}{{ 1.0 in l }}",
            Undefined::Strict,
        );
        assert_eq!(engine.unwrap().render(&payload).unwrap(), "TrueTrueTrue");
    }
}
