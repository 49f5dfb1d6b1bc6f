//! Binding the arguments of a filter or method call as Python binds them.

use minijinja::value::Value;
use minijinja::{Error, ErrorKind};

/// Binds a filter's arguments as Python binds a call to `def f(value, name1=..., name2=...)`:
/// positionally first, then by keyword; unknown keywords and extra arguments are errors.
pub(crate) fn bind<const N: usize>(
    args: &[Value],
    names: [&str; N],
) -> Result<[Option<Value>; N], Error> {
    let (positional, kwargs) = match args.split_last() {
        Some((last, rest)) if last.is_kwargs() => (rest, Some(last)),
        _ => (args, None),
    };
    if positional.len() > N {
        return Err(Error::new(
            ErrorKind::TooManyArguments,
            format!("takes at most {N} arguments ({} given)", positional.len()),
        ));
    }
    let mut out: [Option<Value>; N] = std::array::from_fn(|i| positional.get(i).cloned());
    if let Some(kw) = kwargs {
        for key in kw.try_iter()? {
            let name = key.as_str().unwrap_or_default();
            let Some(i) = names.iter().position(|n| *n == name) else {
                return Err(Error::new(
                    ErrorKind::TooManyArguments,
                    format!("unexpected keyword argument '{name}'"),
                ));
            };
            if out[i].is_some() {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("got multiple values for argument '{name}'"),
                ));
            }
            out[i] = Some(kw.get_item(&key)?);
        }
    }
    Ok(out)
}
