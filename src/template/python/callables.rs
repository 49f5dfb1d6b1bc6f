//! What compiled templates call around loops and macros (see `machine/edit.rs`): a string
//! looped over as its characters with a known length, and macros that take extra arguments
//! through `varargs` and `kwargs`, as Jinja2's do.

use std::fmt;
use std::sync::Arc;

use minijinja::value::{Enumerator, Kwargs, Object, ObjectRepr, Tuple, Value, ValueKind};
use minijinja::{Error, ErrorKind, State};

use super::mutable::PyDict;

/// The names a macro's extra arguments are passed under: they cannot be written in a call,
/// so no argument of the template's can take them.
pub(crate) const VARARGS_SPEC: &str = "%py:varargs";
pub(crate) const KWARGS_SPEC: &str = "%py:kwargs";

/// A loop's iterable: a string becomes its characters, with a length, so that `loop.last`,
/// `loop.length` and `loop.revindex` work; anything else is left as it is.
pub(crate) fn loop_iterable(v: Value) -> Result<Value, Error> {
    if v.is_none() {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "'NoneType' object is not iterable",
        ));
    }
    if v.kind() != ValueKind::String {
        return Ok(v);
    }
    let s: Arc<str> = Arc::from(v.as_str().unwrap_or_default());
    let len = s.chars().count();
    Ok(Value::from_object(Chars { s, len }))
}

/// What `{% set a, b = value %}` unpacks: a string's characters, as Python unpacks them;
/// anything else as it is.
pub(crate) fn unpackable(v: Value) -> Value {
    match v.as_str() {
        Some(s) if v.kind() == ValueKind::String => {
            Value::from(s.chars().map(Value::from).collect::<Vec<_>>())
        }
        _ => v,
    }
}

/// The characters of a string, as a loop iterates them.
#[derive(Debug)]
struct Chars {
    s: Arc<str>,
    len: usize,
}

/// The characters from a byte offset on, with an exact length.
struct CharIter {
    s: Arc<str>,
    at: usize,
    left: usize,
}

impl Iterator for CharIter {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        let c = self.s.get(self.at..)?.chars().next()?;
        self.at += c.len_utf8();
        self.left -= 1;
        Some(Value::from(c))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl Object for Chars {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Iterable
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Iter(Box::new(CharIter {
            s: self.s.clone(),
            at: 0,
            left: self.len,
        }))
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.len)
    }
}

/// A macro that reads `varargs` or `kwargs`: the extra positional arguments of a call reach
/// it as the tuple `varargs`, the extra keyword arguments as the dict `kwargs`, as Jinja2
/// passes them. `macro` is MiniJinja's macro, built with the extra argument names the
/// compiled template adds (`machine/edit.rs`).
pub(crate) fn wrap_macro(inner: Value) -> Result<Value, Error> {
    let spec = inner.get_attr("arguments")?;
    let mut declared = Vec::new();
    let (mut varargs, mut kwargs) = (false, false);
    for name in spec.try_iter()? {
        match name.as_str() {
            Some(VARARGS_SPEC) => varargs = true,
            Some(KWARGS_SPEC) => kwargs = true,
            Some(n) => declared.push(n.to_owned()),
            None => {}
        }
    }
    let name = inner.get_attr("name")?.to_string();
    Ok(Value::from_object(PyMacro {
        inner,
        name,
        declared,
        varargs,
        kwargs,
    }))
}

struct PyMacro {
    inner: Value,
    name: String,
    declared: Vec<String>,
    varargs: bool,
    kwargs: bool,
}

impl fmt::Debug for PyMacro {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<macro {}>", self.name)
    }
}

impl Object for PyMacro {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "arguments" => Some(Value::from_iter(
                self.declared.iter().map(|a| Value::from(a.as_str())),
            )),
            "catch_varargs" => Some(Value::from(self.varargs)),
            "catch_kwargs" => Some(Value::from(self.kwargs)),
            _ => self.inner.get_attr(key.as_str()?).ok(),
        }
    }

    fn call(self: &Arc<Self>, state: &mut State<'_, '_>, args: &[Value]) -> Result<Value, Error> {
        let (positional, given) = match args.split_last() {
            Some((last, rest)) if last.is_kwargs() => (rest, Some(Kwargs::try_from(last.clone())?)),
            _ => (args, None),
        };
        let n = self.declared.len();
        let extra = positional.get(n..).unwrap_or_default();
        if !extra.is_empty() && !self.varargs {
            return Err(Error::new(
                ErrorKind::TooManyArguments,
                format!("macro '{}' takes not more than {n} argument(s)", self.name),
            ));
        }
        let mut pass: Vec<(String, Value)> = Vec::new();
        let mut rest = Vec::new();
        if let Some(given) = &given {
            for key in given.args() {
                let value: Value = given.get(key)?;
                if self.declared.iter().any(|d| d == key) || key == "caller" {
                    pass.push((key.to_owned(), value));
                } else if self.kwargs {
                    rest.push((Value::from(key), value));
                } else {
                    return Err(Error::new(
                        ErrorKind::TooManyArguments,
                        format!("macro '{}' takes no keyword argument '{key}'", self.name),
                    ));
                }
            }
        }
        if self.varargs {
            pass.push((
                VARARGS_SPEC.to_owned(),
                Value::from_object(Tuple::from(extra)),
            ));
        }
        if self.kwargs {
            pass.push((KWARGS_SPEC.to_owned(), PyDict::value(rest)?));
        }
        let mut call: Vec<Value> = positional.get(..n).unwrap_or(positional).to_vec();
        call.push(Value::from(Kwargs::from_iter(pass)));
        self.inner.call(state, &call)
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<Macro '{}'>", self.name)
    }
}

/// Jinja2's `namespace(...)`: attributes set with `{% set ns.name = value %}`, kept in the
/// order they were first set, printed as `<Namespace {'b': 1, 'a': 2}>`. Its arguments are
/// those of `dict(...)`.
pub(crate) fn namespace(
    args: minijinja::value::Rest<minijinja::value::ValueOrKwargs>,
) -> Result<Value, Error> {
    let dict = super::mutable::dict(args)?;
    let mut attrs = Vec::new();
    for key in dict.try_iter()? {
        if let Some(name) = key.as_str() {
            attrs.push((Arc::<str>::from(name), dict.get_item(&key)?));
        }
    }
    Ok(Value::from_object(Namespace(std::sync::Mutex::new(attrs))))
}

/// `{% set target.name = value %}`: what the engine's attribute assignment becomes, so that it
/// reaches the namespaces [`namespace`] makes.
pub(crate) fn set_attribute(value: Value, target: &Value, name: &str) -> Result<Value, Error> {
    let Some(ns) = target.downcast_object_ref::<Namespace>() else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "cannot assign attribute on non-namespace object",
        ));
    };
    let mut attrs =
        ns.0.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
    match attrs.iter_mut().find(|(k, _)| &**k == name) {
        Some((_, v)) => *v = value,
        None => attrs.push((Arc::from(name), value)),
    }
    Ok(Value::from(()))
}

#[derive(Debug)]
struct Namespace(std::sync::Mutex<Vec<(Arc<str>, Value)>>);

impl Namespace {
    fn attrs(&self) -> Vec<(Arc<str>, Value)> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

impl Object for Namespace {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        self.attrs()
            .into_iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| v)
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs = self
            .attrs()
            .into_iter()
            .map(|(k, v)| (Value::from(&*k), v))
            .collect::<Vec<_>>();
        let dict = PyDict::value(pairs).map_err(|_| fmt::Error)?;
        write!(
            f,
            "<Namespace {}>",
            super::pyrepr::repr_of(&dict).map_err(|_| fmt::Error)?
        )
    }
}

/// The methods of a Python dict: `d.items` (without a call) is the method in Jinja2, even
/// when the dict has a key of that name, because Jinja2 looks attributes up before keys.
const DICT_METHODS: [&str; 11] = [
    "clear",
    "copy",
    "fromkeys",
    "get",
    "items",
    "keys",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "values",
];

/// Whether `obj.name` may be a method rather than a key (see [`get_attribute`]).
pub(crate) fn is_dict_method(name: &str) -> bool {
    DICT_METHODS.contains(&name)
}

/// `obj.name` for a name that is also a dict method: on a dict, the bound method (as Jinja2
/// gives it: `payload.items | length` fails there, so it fails here too; `payload['items']`
/// is the key in both); on anything else, the attribute as the engine looks it up.
pub(crate) fn get_attribute(obj: &Value, name: &str) -> Result<Value, Error> {
    if obj.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    if obj.kind() == ValueKind::Map && !obj.is_kwargs() {
        return Ok(Value::from_object(BoundMethod {
            receiver: obj.clone(),
            name: name.to_owned(),
        }));
    }
    obj.get_attr(name)
}

/// A dict's method taken without calling it.
#[derive(Debug)]
struct BoundMethod {
    receiver: Value,
    name: String,
}

impl Object for BoundMethod {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn call(self: &Arc<Self>, state: &mut State<'_, '_>, args: &[Value]) -> Result<Value, Error> {
        self.receiver.call_method(state, &self.name, args)
    }

    /// Python prints the method with an address, which is not reproducible; without it.
    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<built-in method {} of dict object>", self.name)
    }
}
