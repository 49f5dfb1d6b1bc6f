//! Filters over sequences and mappings: `length`, `first`, `last`, `list`, `sort`, `unique`, `map`,
//! `select`/`reject`(`attr`), `random`, `batch`, `slice`, `dictsort`, `items`, `groupby`, `filesizeformat`.

use super::*;
use crate::template::mutable::PyList;

/// Jinja2's `length`/`count`: Python's `len()` (`0` for undefined in lenient mode).
pub(super) fn length(state: &State, value: &Value) -> Result<Value, Error> {
    if undefined_input(state, value)? {
        return Ok(Value::from(0));
    }
    match value.kind() {
        ValueKind::String | ValueKind::Seq | ValueKind::Map | ValueKind::Iterable => {
            value.len().map(Value::from).ok_or_else(|| {
                invalid(format!(
                    "object of type '{}' has no len()",
                    pyops::type_name(value)
                ))
            })
        }
        _ => Err(invalid(format!(
            "object of type '{}' has no len()",
            pyops::type_name(value)
        ))),
    }
}

/// Jinja2's `first`: the first item (character, key), undefined when empty.
pub(super) fn first(state: &State, value: &Value) -> Result<Value, Error> {
    if undefined_input(state, value)? {
        return Ok(Value::UNDEFINED);
    }
    if let Some(s) = value.as_str() {
        return Ok(s.chars().next().map_or(Value::UNDEFINED, Value::from));
    }
    match value.kind() {
        ValueKind::Seq | ValueKind::Iterable | ValueKind::Map => {
            Ok(value.try_iter()?.next().unwrap_or(Value::UNDEFINED))
        }
        _ => Err(invalid(format!(
            "'{}' object is not iterable",
            pyops::type_name(value)
        ))),
    }
}

/// Jinja2's `last`: the last item (character, key), undefined when empty.
pub(super) fn last(state: &State, value: &Value) -> Result<Value, Error> {
    if undefined_input(state, value)? {
        return Ok(Value::UNDEFINED);
    }
    if let Some(s) = value.as_str() {
        return Ok(s.chars().next_back().map_or(Value::UNDEFINED, Value::from));
    }
    match value.kind() {
        ValueKind::Seq | ValueKind::Iterable | ValueKind::Map => {
            Ok(value.try_iter()?.last().unwrap_or(Value::UNDEFINED))
        }
        _ => Err(invalid(format!(
            "'{}' object is not reversible",
            pyops::type_name(value)
        ))),
    }
}

/// Jinja2's `list`: Python's `list()` (characters of a string, keys of a dict).
/// Jinja2's `list`: a new list, which the template may change in place as Python's.
pub(super) fn list(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(crate::template::python::mutable::PyList::value(iterate(
        state, value,
    )?))
}

/// Jinja2's `reverse`: a reversed string, or the items in reverse order.
pub(super) fn reverse(state: &State, value: &Value) -> Result<Value, Error> {
    if let Some(s) = value.as_str() {
        return Ok(Value::from(s.chars().rev().collect::<String>()));
    }
    let mut items = iterate(state, value)?;
    items.reverse();
    Ok(Value::from(items))
}

/// Jinja2's `sort(reverse=False, case_sensitive=False, attribute=None)`: stable, attribute may
/// be `a.b` or a comma list `age,name`.
pub(super) fn sort(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [reverse, case_sensitive, attribute] =
        bind(&args, ["reverse", "case_sensitive", "attribute"])?;
    let getter = KeyGetter::new(attribute.as_ref(), truthy(&case_sensitive), true);
    // Jinja2 sorts by a list of keys even for one attribute, and lists compare items for
    // equality first: items that all lack the attribute keep their order, and only an item
    // without it next to one with it fails.
    let mut keyed = iterate(state, value)?
        .into_iter()
        .map(|item| {
            let key = getter.key(&item)?;
            let key = if getter.multi {
                key
            } else {
                Value::from(vec![key])
            };
            Ok((key, item))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    pyops::sort_by_keys(&mut keyed, truthy(&reverse)).map_err(|e| {
        match (e.kind(), attribute.as_ref().and_then(Value::as_str)) {
            (ErrorKind::UndefinedError, Some(attr)) => {
                invalid(format!("an item has no attribute '{attr}' to sort by"))
            }
            _ => e,
        }
    })?;
    // A list, as Python's `sorted` gives: the template may change it in place.
    Ok(PyList::value(
        keyed.into_iter().map(|(_, item)| item).collect::<Vec<_>>(),
    ))
}

/// Jinja2's `unique(case_sensitive=False, attribute=None)`: first occurrences, in order.
pub(super) fn unique(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [case_sensitive, attribute] = bind(&args, ["case_sensitive", "attribute"])?;
    let getter = KeyGetter::new(attribute.as_ref(), truthy(&case_sensitive), false);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in iterate(state, value)? {
        let key = getter.key(&item)?;
        let hashed = HashKey::of(&key)
            .ok_or_else(|| invalid(format!("unhashable type: '{}'", pyops::type_name(&key))))?;
        if seen.insert(hashed) {
            out.push(item);
        }
    }
    Ok(Value::from(out))
}

/// Jinja2's `map`, `select`, `reject`, `selectattr` and `rejectattr` begin with `if value:`,
/// so a false value (`0`, `false`, `''`, `none`) gives no items rather than an error; the rest
/// is MiniJinja's filter of the same name.
pub(super) fn no_items(value: &Value) -> bool {
    !value.is_undefined() && !value.is_true()
}

/// MiniJinja's filter of the same name, after Jinja2's `if value:`.
macro_rules! if_value {
    ($name:ident($($arg:ident: $ty:ty),*)) => {
        pub(super) fn $name(state: &mut State, value: Value, $($arg: $ty),*) -> Result<Vec<Value>, Error> {
            if no_items(&value) {
                return Ok(Vec::new());
            }
            minijinja::filters::$name(state, value, $($arg),*)
        }
    };
}

/// Jinja2's `map`: with a filter's name first, that filter on every item with the other
/// arguments, keywords included (MiniJinja's leaves the keywords out); with no positional
/// argument, by `attribute` (MiniJinja's filter of the same name).
pub(super) fn map(
    state: &mut State,
    value: Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Vec<Value>, Error> {
    if no_items(&value) {
        return Ok(Vec::new());
    }
    let Some(name) = args.first().filter(|a| !a.is_kwargs()) else {
        return minijinja::filters::map(state, value, args);
    };
    let name = name
        .as_str()
        .ok_or_else(|| invalid("map: the filter name must be a string"))?;
    let mut call = Vec::with_capacity(args.len());
    iterate(state, &value)?
        .into_iter()
        .map(|item| {
            call.clear();
            call.push(item);
            call.extend(args[1..].iter().map(|a| Value::clone(a)));
            state.apply_filter(name, &call)
        })
        .collect()
}

if_value!(select(test: Option<Cow<'_, str>>, args: Rest<ValueOrKwargs>));
if_value!(reject(test: Option<Cow<'_, str>>, args: Rest<ValueOrKwargs>));
if_value!(selectattr(attr: Cow<'_, str>, test: Option<Cow<'_, str>>, args: Rest<ValueOrKwargs>));
if_value!(rejectattr(attr: Cow<'_, str>, test: Option<Cow<'_, str>>, args: Rest<ValueOrKwargs>));

/// Jinja2's `random`: one item of a list (or character of a string) picked at random;
/// undefined when there is none. A dict is refused, as Python's `random.choice` refuses it.
pub(super) fn random(state: &State, value: &Value) -> Result<Value, Error> {
    if value.kind() == ValueKind::Map {
        return Err(invalid(
            "random picks from a list, not a dict: `d | list | random` picks a key",
        ));
    }
    let items = iterate(state, value)?;
    if items.is_empty() {
        return Ok(Value::UNDEFINED);
    }
    Ok(items[rand::random_range(0..items.len())].clone())
}

/// A count argument that sizes a list the filter builds.
pub(super) fn count_arg(v: Option<Value>, name: &str) -> Result<i64, Error> {
    let n = int_arg(Some(required(v, name)?), name, 0)?;
    if n > MAX_ITEMS as i64 {
        return Err(invalid(format!(
            "{name} {n} is over the limit of {MAX_ITEMS} for a list"
        )));
    }
    Ok(n)
}

/// Jinja2's `batch(linecount, fill_with=None)`: lists of `linecount` items, the last padded
/// with `fill_with` when it is given.
pub(super) fn batch(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [linecount, fill_with] = bind(&args, ["linecount", "fill_with"])?;
    let linecount = count_arg(linecount, "linecount")?;
    let fill_with = fill_with.filter(|f| !f.is_none());
    let mut out = Vec::new();
    let mut tmp = Vec::new();
    for item in iterate(state, value)? {
        if tmp.len() as i64 == linecount {
            out.push(Value::from(std::mem::take(&mut tmp)));
        }
        tmp.push(item);
    }
    if !tmp.is_empty() {
        if let Some(fill) = fill_with
            && (tmp.len() as i64) < linecount
        {
            tmp.resize(linecount as usize, fill);
        }
        out.push(Value::from(tmp));
    }
    Ok(Value::from(out))
}

/// Jinja2's `slice(slices, fill_with=None)`: the items cut into `slices` columns, the first
/// ones an item longer; the shorter ones padded with `fill_with` when it is given.
pub(super) fn slice(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [slices, fill_with] = bind(&args, ["slices", "fill_with"])?;
    let slices = count_arg(slices, "slices")?;
    let fill_with = fill_with.filter(|f| !f.is_none());
    let seq = iterate(state, value)?;
    if slices == 0 {
        return Err(invalid("integer division or modulo by zero"));
    }
    // `range(slices)` of a negative count is empty.
    let slices = usize::try_from(slices).unwrap_or(0);
    let (per, extra) = (seq.len() / slices.max(1), seq.len() % slices.max(1));
    let mut out = Vec::with_capacity(slices);
    let mut offset = 0;
    for n in 0..slices {
        let start = offset + n * per;
        if n < extra {
            offset += 1;
        }
        let mut column = seq[start..offset + (n + 1) * per].to_vec();
        if let Some(fill) = &fill_with
            && n >= extra
        {
            column.push(fill.clone());
        }
        out.push(Value::from(column));
    }
    Ok(Value::from(out))
}

/// Jinja2's `filesizeformat(binary=False)`: `float(value)` bytes in kB, MB, ... (KiB, MiB, ...
/// in binary), one decimal; under one unit, Python's `int()` of it in Bytes.
pub(super) fn filesizeformat(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [binary] = bind(&args, ["binary"])?;
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let bytes = match (Num::of(value), value.as_str()) {
        (Some(n), _) => n.as_f64(),
        (None, Some(s)) => parse_float(s).ok_or_else(|| {
            invalid(format!(
                "could not convert string to float: {}",
                pyrepr::repr_of(value).unwrap_or_default()
            ))
        })?,
        (None, None) => {
            return Err(invalid(format!(
                "float() argument must be a string or a real number, not '{}'",
                pyops::type_name(value)
            )));
        }
    };
    let (base, prefixes) = if truthy(&binary) {
        (
            1024.0,
            ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"],
        )
    } else {
        (1000.0, ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"])
    };
    if bytes == 1.0 {
        return Ok(Value::from("1 Byte"));
    }
    if bytes < base {
        if bytes.is_infinite() {
            return Err(invalid("cannot convert float infinity to integer"));
        }
        // Python's `int()`: towards zero, every digit of the float (`-0.5` is `0`).
        let whole = bytes.trunc() + 0.0;
        return Ok(Value::from(format!("{whole:.0} Bytes")));
    }
    // `base ** (i + 2)`, an integer: Python compares a float with it exactly (the floor of the
    // float against it; the cast saturates) and divides by the float nearest to it. Past the
    // last unit, the last.
    let unit = |i: usize| (base as i128).pow(i as u32 + 2);
    let i = (0..prefixes.len())
        .find(|&i| !bytes.is_nan() && (bytes.floor() as i128) < unit(i))
        .unwrap_or(prefixes.len() - 1);
    let size = base * bytes / unit(i) as f64;
    Ok(Value::from(if size.is_nan() {
        format!("nan {}", prefixes[i])
    } else {
        format!("{size:.1} {}", prefixes[i])
    }))
}

/// The `(key, value)` pairs of a mapping, as tuples.
pub(super) fn pairs(value: &Value) -> Result<Vec<Value>, Error> {
    if value.kind() != ValueKind::Map {
        return Err(invalid("Can only get item pairs from a mapping."));
    }
    let pairs = value
        .as_object()
        .and_then(|o| o.try_iter_pairs())
        .ok_or_else(|| invalid("cannot iterate the mapping"))?;
    Ok(pairs.map(|(k, v)| objects::pair(k, v)).collect())
}

/// Jinja2's `dictsort(case_sensitive=False, by='key', reverse=False)`: `(key, value)` tuples.
pub(super) fn dictsort(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [case_sensitive, by, reverse] = bind(&args, ["case_sensitive", "by", "reverse"])?;
    let pos = match str_arg(by, "by")?.as_deref() {
        None | Some("key") => 0,
        Some("value") => 1,
        Some(_) => return Err(invalid("You can only sort by either \"key\" or \"value\"")),
    };
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let case_sensitive = truthy(&case_sensitive);
    let mut keyed = pairs(value)?
        .into_iter()
        .map(|pair| {
            let k = pair.get_item_by_index(pos)?;
            Ok((if case_sensitive { k } else { ignore_case(k) }, pair))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    pyops::sort_by_keys(&mut keyed, truthy(&reverse))?;
    Ok(PyList::value(
        keyed.into_iter().map(|(_, p)| p).collect::<Vec<_>>(),
    ))
}

/// Jinja2's `items`: the `(key, value)` tuples of a mapping; nothing for undefined.
pub(super) fn items(value: &Value) -> Result<Value, Error> {
    if value.is_undefined() {
        return Ok(Value::from(Vec::<Value>::new()));
    }
    Ok(Value::from(pairs(value)?))
}

/// Jinja2's `groupby(attribute, default=None, case_sensitive=False)`: sorted by the
/// attribute, grouped, each group a `(grouper, list)` named tuple; without case sensitivity
/// the grouper is the first item's own value.
pub(super) fn groupby(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [attribute, default, case_sensitive] =
        bind(&args, ["attribute", "default", "case_sensitive"])?;
    let attribute = required(attribute, "attribute")?;
    let parts = attr_parts(&attribute);
    let case_sensitive = truthy(&case_sensitive);
    let default = default.filter(|d| !d.is_none());
    let lookup = |item: &Value| -> Result<Value, Error> {
        let v = get_path(item, &parts)?;
        Ok(match (&default, v.is_undefined()) {
            (Some(d), true) => d.clone(),
            _ => v,
        })
    };
    let mut keyed = iterate(state, value)?
        .into_iter()
        .map(|item| {
            let k = lookup(&item)?;
            Ok((if case_sensitive { k } else { ignore_case(k) }, item))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    pyops::sort_by_keys(&mut keyed, false)?;
    let mut groups: Vec<Value> = Vec::new();
    let mut current: Option<(Value, Vec<Value>)> = None;
    for (key, item) in keyed {
        match &mut current {
            Some((k, list)) if pyops::py_eq(k, &key) => list.push(item),
            _ => {
                if let Some((k, list)) = current.take() {
                    groups.push(make_group(k, list, case_sensitive, &lookup)?);
                }
                current = Some((key, vec![item]));
            }
        }
    }
    if let Some((k, list)) = current {
        groups.push(make_group(k, list, case_sensitive, &lookup)?);
    }
    Ok(PyList::value(groups))
}

pub(super) fn make_group(
    key: Value,
    list: Vec<Value>,
    case_sensitive: bool,
    lookup: &dyn Fn(&Value) -> Result<Value, Error>,
) -> Result<Value, Error> {
    let grouper = if case_sensitive {
        key
    } else {
        lookup(&list[0])?
    };
    Ok(Value::from_object(GroupTuple {
        grouper,
        list: Value::from(list),
    }))
}

/// Jinja2's `attr(name)`: `getattr(obj, name)`. The keys of a dict are not its attributes, so
/// only objects with attributes (a namespace, `loop`) have any.
pub(super) fn attr(value: &Value, name: &Value) -> Result<Value, Error> {
    let name = pyrepr::str_of(name)?;
    if value.kind() == ValueKind::Plain {
        return value.get_attr(&name);
    }
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    Ok(Value::UNDEFINED)
}
