//! Python's two string formatting languages: printf-style (`'%s is %d' % (a, b)`, Jinja2's
//! `format` filter) and `str.format` (`'{} {:>5}'.format(a, b)`), with Python's rules for
//! numbers (`%g`, `%e` with a two-digit exponent, grouping, `#` forms, `%` type).

use std::fmt::Write;

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind};

use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, ToPrimitive};

use super::pyops::{self, Num};
use super::{pyrepr, pystr};

fn type_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

/// A parsed format spec, shared by both languages.
#[derive(Debug, Clone)]
struct Spec {
    fill: char,
    /// `<`, `>`, `^` or `=`; `None` for the type's default.
    align: Option<char>,
    /// `-` (only negatives), `+` or ` `.
    sign: char,
    alt: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
    /// The `0` flag with no fill given: fill with zeros, and numbers (right-aligned by
    /// default) align `=`, zeros after the sign.
    zero: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            fill: ' ',
            align: None,
            sign: '-',
            alt: false,
            width: 0,
            grouping: None,
            precision: None,
            ty: None,
            zero: false,
        }
    }
}

impl Spec {
    /// The fill and alignment in effect for a value whose default alignment is this.
    fn fill_align(&self, default_align: char) -> (char, char) {
        if self.zero {
            let align = self.align.unwrap_or(match default_align {
                '>' => '=',
                other => other,
            });
            ('0', align)
        } else {
            (self.fill, self.align.unwrap_or(default_align))
        }
    }

    /// The width the digits of a grouped number must reach when zeros pad them (the zeros
    /// are then grouped too, as Python does); 0 otherwise. `around` is the rest of the text.
    fn grouped_width(&self, around: usize) -> usize {
        match self.fill_align('>') {
            ('0', '=') => self.width.saturating_sub(around),
            _ => 0,
        }
    }
}

/// Pads `body` (whose sign and prefix are `prefix`) to the spec's width.
fn pad(out: &mut String, prefix: &str, body: &str, spec: &Spec, default_align: char) {
    let len = prefix.chars().count() + body.chars().count();
    let fill = spec.width.saturating_sub(len);
    let (fill_char, align) = spec.fill_align(default_align);
    let (left, inner, right) = match align {
        '<' => (0, 0, fill),
        '^' => (fill / 2, 0, fill - fill / 2),
        '=' => (0, fill, 0),
        _ => (fill, 0, 0),
    };
    out.extend(std::iter::repeat_n(fill_char, left));
    out.push_str(prefix);
    out.extend(std::iter::repeat_n(fill_char, inner));
    out.push_str(body);
    out.extend(std::iter::repeat_n(fill_char, right));
}

/// Inserts a separator every `every` digits from the right, as Python groups them (CPython's
/// `_PyUnicode_InsertThousandsGrouping`): with a `min_width` (zero padding), zeros join the
/// digits, grouped too, until digits and separators reach it, and never a separator first
/// (`{:012,}` of 42 is `0,000,000,042`).
fn group(digits: &str, sep: char, every: usize, min_width: usize) -> String {
    let digits: Vec<char> = digits.chars().collect();
    let every = every as isize;
    let mut remaining = digits.len() as isize;
    let mut min_width = min_width as isize;
    let mut groups = Vec::new();
    loop {
        let len = every.min(remaining.max(min_width).max(1));
        let taken = remaining.min(len);
        let mut g = "0".repeat((len - taken) as usize);
        g.extend(&digits[(remaining - taken) as usize..remaining as usize]);
        groups.push(g);
        remaining -= taken;
        min_width -= len;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    groups.reverse();
    groups.join(sep.encode_utf8(&mut [0; 4]))
}

fn sign_prefix(negative: bool, sign: char) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, '+') => "+",
        (false, ' ') => " ",
        _ => "",
    }
}

/// `%e`-style digits: `1.234568e+04` (at least two exponent digits).
pub(crate) fn fmt_exp(f: f64, precision: usize, alt: bool, upper: bool) -> String {
    let s = format!("{f:.precision$e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let (sign, digits) = match exp.strip_prefix('-') {
        Some(d) => ('-', d),
        None => ('+', exp),
    };
    let mut out = String::with_capacity(mantissa.len() + 6);
    out.push_str(mantissa);
    if alt && precision == 0 {
        out.push('.');
    }
    out.push(if upper { 'E' } else { 'e' });
    out.push(sign);
    if digits.len() < 2 {
        out.push('0');
    }
    out.push_str(digits);
    out
}

/// `%g`-style digits: fixed or exponent form by the exponent, trailing zeros removed
/// (kept with `alt`). With `add_dot_0` (a `str.format` spec without a type), a fixed-form
/// result keeps a `.0` and the exponent form starts one digit earlier.
pub(crate) fn fmt_general(
    f: f64,
    precision: usize,
    alt: bool,
    upper: bool,
    add_dot_0: bool,
) -> String {
    let p = precision.max(1);
    let e = format!("{f:.prec$e}", prec = p - 1);
    let exp: i64 = e
        .split_once('e')
        .and_then(|(_, x)| x.parse().ok())
        .unwrap_or(0);
    let limit = i64::try_from(p).unwrap_or(i64::MAX) - i64::from(add_dot_0);
    let mut s = if -4 <= exp && exp < limit {
        let prec = usize::try_from(i64::try_from(p).unwrap_or(0) - 1 - exp).unwrap_or(0);
        let mut s = format!("{f:.prec$}");
        if alt && !s.contains('.') {
            s.push('.');
        }
        s
    } else {
        fmt_exp(f, p - 1, alt, upper)
    };
    if !alt {
        let (num, exp_part) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let mut num = if num.contains('.') {
            num.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            num
        };
        if add_dot_0 && exp_part.is_empty() && !num.contains('.') {
            num.push_str(".0");
        }
        s = num + &exp_part;
    }
    s
}

/// Formats a float by a spec's type (`e`, `f`, `g`, `%`, `n`, or none).
fn format_float(out: &mut String, f: f64, spec: &Spec) -> Result<(), Error> {
    let ty = spec.ty;
    if let Some(c) = ty.filter(|c| !matches!(c, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')) {
        return Err(type_error(format!(
            "Unknown format code '{c}' for object of type 'float'"
        )));
    }
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let percent = if ty == Some('%') { "%" } else { "" };
    let body = if f.is_nan() {
        format!("{}{percent}", if upper { "NAN" } else { "nan" })
    } else if f.is_infinite() {
        format!("{}{percent}", if upper { "INF" } else { "inf" })
    } else {
        let a = f.abs();
        let mut body = match ty {
            Some('e' | 'E') => fmt_exp(a, spec.precision.unwrap_or(6), spec.alt, upper),
            Some('f' | 'F') => {
                let p = spec.precision.unwrap_or(6);
                let mut s = format!("{a:.p$}");
                if spec.alt && p == 0 {
                    s.push('.');
                }
                s
            }
            Some('%') => {
                let p = spec.precision.unwrap_or(6);
                let mut s = format!("{:.p$}", a * 100.0);
                if spec.alt && p == 0 {
                    s.push('.');
                }
                s
            }
            // `g`, `G` or `n`: other types were refused above.
            Some(_) => fmt_general(a, spec.precision.unwrap_or(6), spec.alt, upper, false),
            None => match spec.precision {
                None => {
                    let mut s = String::new();
                    let _ = pyrepr::write_float(&mut s, a);
                    s
                }
                Some(p) => fmt_general(a, p, spec.alt, false, true),
            },
        };
        if ty == Some('%') {
            body.push('%');
        }
        if let Some(sep) = spec.grouping {
            let int_end = body
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(body.len());
            let sign = sign_prefix(f.is_sign_negative(), spec.sign).len();
            let width = spec.grouped_width(sign + body.len() - int_end);
            body = group(&body[..int_end], sep, 3, width) + &body[int_end..];
        }
        body
    };
    let prefix = sign_prefix(f.is_sign_negative() && !f.is_nan(), spec.sign);
    pad(out, prefix, &body, spec, '>');
    Ok(())
}

/// Formats an integer by a spec's type (`d`, `b`, `o`, `x`, `X`, `c`, `n`, or none; the
/// float types convert it). `min_digits` is printf's precision for `%d`.
fn format_int(out: &mut String, i: i128, spec: &Spec, min_digits: usize) -> Result<(), Error> {
    let (radix, prefix_alt) = match spec.ty {
        None | Some('d' | 'n') => (10, ""),
        Some('b') => (2, "0b"),
        Some('o') => (8, "0o"),
        Some('x') => (16, "0x"),
        Some('X') => (16, "0X"),
        Some('c') => {
            let c = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| type_error("%c arg not in range(0x110000)"))?;
            let mut buf = [0u8; 4];
            pad(out, "", c.encode_utf8(&mut buf), spec, '>');
            return Ok(());
        }
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => return format_float(out, i as f64, spec),
        Some(c) => {
            return Err(type_error(format!(
                "Unknown format code '{c}' for object of type 'int'"
            )));
        }
    };
    let a = i.unsigned_abs();
    let digits = match radix {
        2 => format!("{a:b}"),
        8 => format!("{a:o}"),
        16 if spec.ty == Some('X') => format!("{a:X}"),
        16 => format!("{a:x}"),
        _ => a.to_string(),
    };
    write_int(out, i < 0, digits, radix, prefix_alt, spec, min_digits);
    Ok(())
}

/// An integer beyond 128 bits, as [`format_int`] formats one.
fn format_big(out: &mut String, b: &BigInt, spec: &Spec, min_digits: usize) -> Result<(), Error> {
    let (radix, prefix_alt) = match spec.ty {
        None | Some('d' | 'n') => (10, ""),
        Some('b') => (2, "0b"),
        Some('o') => (8, "0o"),
        Some('x' | 'X') => (16, if spec.ty == Some('X') { "0X" } else { "0x" }),
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            let f = b
                .to_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| type_error("int too large to convert to float"))?;
            return format_float(out, f, spec);
        }
        Some('c') => return Err(type_error("%c arg not in range(0x110000)")),
        Some(c) => {
            return Err(type_error(format!(
                "Unknown format code '{c}' for object of type 'int'"
            )));
        }
    };
    let mut digits = b.magnitude().to_str_radix(radix);
    if spec.ty == Some('X') {
        digits = digits.to_uppercase();
    }
    write_int(
        out,
        b.is_negative(),
        digits,
        radix,
        prefix_alt,
        spec,
        min_digits,
    );
    Ok(())
}

/// An integer's digits with its sign, base prefix, grouping and padding.
fn write_int(
    out: &mut String,
    negative: bool,
    mut digits: String,
    radix: u32,
    prefix_alt: &str,
    spec: &Spec,
    min_digits: usize,
) {
    if digits.len() < min_digits {
        digits = "0".repeat(min_digits - digits.len()) + &digits;
    }
    let mut prefix = sign_prefix(negative, spec.sign).to_string();
    if spec.alt {
        prefix.push_str(prefix_alt);
    }
    if let Some(sep) = spec.grouping {
        let every = if radix == 10 { 3 } else { 4 };
        digits = group(&digits, sep, every, spec.grouped_width(prefix.len()));
    }
    pad(out, &prefix, &digits, spec, '>');
}

// ---------------------------------------------------------------------------------------------
// printf-style

/// Where printf-style arguments come from: a tuple, or a mapping for `%(key)s`.
pub(crate) enum PercentArgs<'a> {
    Positional(&'a [Value]),
    Mapping(&'a Value),
}

/// `fmt % args` with Python's printf-style rules.
pub(crate) fn percent_format(fmt: &str, args: PercentArgs<'_>) -> Result<String, Error> {
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut next = 0usize;
    let positional: &[Value] = match &args {
        PercentArgs::Positional(a) => a,
        PercentArgs::Mapping(_) => &[],
    };
    let mut mapping_used_whole = false;
    let mut take = |out_of: &str| -> Result<Value, Error> {
        match &args {
            PercentArgs::Positional(a) => {
                let v = a.get(next).cloned().ok_or_else(|| {
                    type_error(format!("not enough arguments for format string{out_of}"))
                })?;
                next += 1;
                Ok(v)
            }
            PercentArgs::Mapping(m) => {
                if mapping_used_whole {
                    return Err(type_error("not enough arguments for format string"));
                }
                mapping_used_whole = true;
                Ok((*m).clone())
            }
        }
    };
    let mut chars = fmt.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '%' {
            let end = fmt[i..].find('%').map_or(fmt.len(), |j| i + j);
            out.push_str(&fmt[i..end]);
            while chars.peek().is_some_and(|&(j, _)| j < end) {
                chars.next();
            }
            continue;
        }
        let mut spec = Spec::default();
        let mut key: Option<String> = None;
        if chars.peek().map(|&(_, c)| c) == Some('(') {
            chars.next();
            let mut depth = 1;
            let mut k = String::new();
            for (_, c) in chars.by_ref() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                k.push(c);
            }
            if depth != 0 {
                return Err(type_error("incomplete format key"));
            }
            key = Some(k);
        }
        let mut zero = false;
        let mut left = false;
        while let Some(&(_, f)) = chars.peek() {
            match f {
                '-' => left = true,
                '+' => spec.sign = '+',
                ' ' if spec.sign != '+' => spec.sign = ' ',
                ' ' => {}
                '#' => spec.alt = true,
                '0' => zero = true,
                _ => break,
            }
            chars.next();
        }
        let mut read_num = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| -> Result<Option<usize>, Error> {
            if chars.peek().map(|&(_, c)| c) == Some('*') {
                chars.next();
                let v = take("")?;
                let n = i64::try_from(v).map_err(|_| type_error("* wants int"))?;
                return Ok(Some(usize::try_from(n.unsigned_abs()).unwrap_or(0)));
            }
            let mut n: Option<usize> = None;
            while let Some(&(_, d)) = chars.peek() {
                let Some(v) = d.to_digit(10) else { break };
                n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(v as usize));
                chars.next();
            }
            Ok(n)
        };
        spec.width = pystr::check_width(read_num(&mut chars)?.unwrap_or(0))?;
        if chars.peek().map(|&(_, c)| c) == Some('.') {
            chars.next();
            spec.precision = Some(pystr::check_width(read_num(&mut chars)?.unwrap_or(0))?);
        }
        while matches!(chars.peek().map(|&(_, c)| c), Some('h' | 'l' | 'L')) {
            chars.next();
        }
        let Some((_, conv)) = chars.next() else {
            return Err(type_error("incomplete format"));
        };
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = match (&key, &args) {
            (Some(k), PercentArgs::Mapping(m)) => {
                let v = m.get_item(&Value::from(k.as_str()))?;
                if v.is_undefined() {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!("KeyError: {k:?}"),
                    ));
                }
                v
            }
            (Some(_), PercentArgs::Positional(_)) => {
                return Err(type_error("format requires a mapping"));
            }
            (None, _) => take("")?,
        };
        if left {
            spec.align = Some('<');
        } else if zero && !matches!(conv, 's' | 'r' | 'a' | 'c') {
            spec.fill = '0';
            spec.align = Some('=');
        }
        match conv {
            's' | 'r' | 'a' => {
                let mut s = match conv {
                    's' => pyrepr::str_of(&arg)?,
                    'r' => pyrepr::repr_of(&arg)?,
                    _ => ascii_escape(&pyrepr::repr_of(&arg)?),
                };
                if let Some(p) = spec.precision {
                    s = s.chars().take(p).collect();
                }
                pad(&mut out, "", &s, &spec, '>');
            }
            'c' => {
                if let Some(s) = arg.as_str() {
                    if s.chars().count() != 1 {
                        return Err(type_error("%c requires int or char"));
                    }
                    pad(&mut out, "", s, &spec, '>');
                } else {
                    match Num::of(&arg) {
                        Some(Num::Int(i)) => {
                            spec.ty = Some('c');
                            format_int(&mut out, i, &spec, 0)?;
                        }
                        _ => return Err(type_error("%c requires int or char")),
                    }
                }
            }
            'd' | 'i' | 'u' if let Some(b) = super::bigint::of_big(&arg) => {
                let digits = spec.precision.take().unwrap_or(0);
                spec.ty = Some('d');
                format_big(&mut out, &b, &spec, digits)?;
            }
            'o' | 'x' | 'X' if let Some(b) = super::bigint::of_big(&arg) => {
                let digits = spec.precision.take().unwrap_or(0);
                spec.ty = Some(conv);
                format_big(&mut out, &b, &spec, digits)?;
            }
            'd' | 'i' | 'u'
                if let Some(Num::Float(f)) = Num::of(&arg)
                    && f.is_finite()
                    && f.abs() >= 1.7e38 =>
            {
                // A float past 128 bits: Python's `int()` of it, exactly.
                let b = BigInt::from_f64(f.trunc()).unwrap_or_default();
                let digits = spec.precision.take().unwrap_or(0);
                spec.ty = Some('d');
                format_big(&mut out, &b, &spec, digits)?;
            }
            'd' | 'i' | 'u' => {
                let i = match Num::of(&arg) {
                    Some(Num::Int(i)) => i,
                    Some(Num::Float(f)) if f.is_finite() => f.trunc() as i128,
                    Some(Num::Float(f)) if f.is_nan() => {
                        return Err(type_error("cannot convert float NaN to integer"));
                    }
                    Some(Num::Float(_)) => {
                        return Err(type_error("cannot convert float infinity to integer"));
                    }
                    None => {
                        return Err(type_error(format!(
                            "%{conv} format: a real number is required, not {}",
                            pyops::type_name(&arg)
                        )));
                    }
                };
                let digits = spec.precision.take().unwrap_or(0);
                spec.ty = Some('d');
                format_int(&mut out, i, &spec, digits)?;
            }
            'o' | 'x' | 'X' => match Num::of(&arg) {
                Some(Num::Int(i)) => {
                    let digits = spec.precision.take().unwrap_or(0);
                    spec.ty = Some(conv);
                    format_int(&mut out, i, &spec, digits)?;
                }
                _ => {
                    return Err(type_error(format!(
                        "%{conv} format: an integer is required, not {}",
                        pyops::type_name(&arg)
                    )));
                }
            },
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let big = super::bigint::of_big(&arg).map(|b| {
                    b.to_f64()
                        .filter(|f| f.is_finite())
                        .ok_or_else(|| type_error("int too large to convert to float"))
                });
                let f = match big {
                    Some(f) => Some(f?),
                    None => Num::of(&arg).map(Num::as_f64),
                };
                let f = f.ok_or_else(|| {
                    type_error(format!(
                        "must be real number, not {}",
                        pyops::type_name(&arg)
                    ))
                })?;
                spec.ty = Some(conv);
                format_float(&mut out, f, &spec)?;
            }
            c => {
                return Err(type_error(format!(
                    "unsupported format character '{c}' (0x{:x})",
                    c as u32
                )));
            }
        }
    }
    if let PercentArgs::Positional(_) = args
        && next < positional.len()
    {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

/// `ascii(repr)`: non-ASCII characters escaped.
fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        if c.is_ascii() {
            out.push(c);
        } else if n < 0x100 {
            let _ = write!(out, "\\x{n:02x}");
        } else if n < 0x10000 {
            let _ = write!(out, "\\u{n:04x}");
        } else {
            let _ = write!(out, "\\U{n:08x}");
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// str.format

/// Parses a `str.format` spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
fn parse_spec(s: &str) -> Result<Spec, Error> {
    let invalid = || type_error(format!("Invalid format specifier '{s}'"));
    let mut spec = Spec::default();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    let fill_given = chars.len() >= 2 && is_align(chars[1]);
    if fill_given {
        spec.fill = chars[0];
        spec.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        spec.align = Some(chars[0]);
        i = 1;
    }
    if let Some(&c @ ('+' | '-' | ' ')) = chars.get(i) {
        spec.sign = c;
        i += 1;
    }
    if chars.get(i) == Some(&'z') {
        i += 1;
    }
    if chars.get(i) == Some(&'#') {
        spec.alt = true;
        i += 1;
    }
    if chars.get(i) == Some(&'0') {
        // Python's `0` flag counts only when no fill is given; otherwise it begins the width.
        spec.zero = !fill_given;
        i += 1;
    }
    let num = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        (start < *i).then(|| {
            chars[start..*i]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(usize::MAX)
        })
    };
    spec.width = num(&mut i).unwrap_or(0);
    if let Some(&c @ (',' | '_')) = chars.get(i) {
        spec.grouping = Some(c);
        i += 1;
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        spec.precision =
            Some(num(&mut i).ok_or_else(|| type_error("Format specifier missing precision"))?);
    }
    if let Some(&c) = chars.get(i) {
        spec.ty = Some(c);
        i += 1;
    }
    if i != chars.len() {
        return Err(invalid());
    }
    pystr::check_width(spec.width)?;
    spec.precision.map(pystr::check_width).transpose()?;
    Ok(spec)
}

/// `format(value, spec)`, Python's `__format__` of each type.
fn format_value(out: &mut String, v: &Value, spec_text: &str) -> Result<(), Error> {
    if spec_text.is_empty() {
        return pyrepr::write_str(out, v).map_err(|_| pyrepr::too_deep());
    }
    let spec = parse_spec(spec_text)?;
    match v.kind() {
        ValueKind::String | ValueKind::Undefined => {
            if let Some(c) = spec.ty.filter(|&c| c != 's') {
                return Err(type_error(format!(
                    "Unknown format code '{c}' for object of type 'str'"
                )));
            }
            if spec.sign != '-' {
                return Err(type_error("Sign not allowed in string format specifier"));
            }
            if spec.align == Some('=') {
                return Err(type_error(
                    "'=' alignment not allowed in string format specifier",
                ));
            }
            if let Some(sep) = spec.grouping {
                return Err(type_error(format!("Cannot specify '{sep}' with 's'.")));
            }
            let s = v.as_str().unwrap_or_default();
            match spec.precision {
                Some(p) => pad(out, "", &s.chars().take(p).collect::<String>(), &spec, '<'),
                None => pad(out, "", s, &spec, '<'),
            }
            Ok(())
        }
        _ => match Num::of(v) {
            Some(Num::Int(i)) => {
                if spec.precision.is_some()
                    && !matches!(spec.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%'))
                {
                    if spec.ty.is_none() {
                        return format_float(out, i as f64, &spec);
                    }
                    return Err(type_error(
                        "Precision not allowed in integer format specifier",
                    ));
                }
                format_int(out, i, &spec, 0)
            }
            Some(Num::Float(f)) => format_float(out, f, &spec),
            None => Err(type_error(format!(
                "unsupported format string passed to {}.__format__",
                pyops::type_name(v)
            ))),
        },
    }
}

/// Field numbering: automatic (`{}`) or manual (`{0}`), never both.
#[derive(Default)]
struct Numbering {
    next: usize,
    automatic: bool,
    manual: bool,
}

/// Looks up `0`, `name`, `name.attr`, `name[key]`, `name[0]` among the arguments.
fn resolve_field(
    field: &str,
    args: &[Value],
    kwargs: Option<&Value>,
    numbering: &mut Numbering,
) -> Result<Value, Error> {
    let end = field.find(['.', '[']).unwrap_or(field.len());
    let (head, mut rest) = field.split_at(end);
    let mut v = if head.is_empty() {
        if numbering.manual {
            return Err(type_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        numbering.automatic = true;
        let n = numbering.next;
        let v = args.get(n).cloned().ok_or_else(|| {
            type_error(format!(
                "Replacement index {n} out of range for positional args tuple"
            ))
        })?;
        numbering.next += 1;
        v
    } else if let Ok(n) = head.parse::<usize>() {
        if numbering.automatic {
            return Err(type_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        numbering.manual = true;
        args.get(n).cloned().ok_or_else(|| {
            type_error(format!(
                "Replacement index {n} out of range for positional args tuple"
            ))
        })?
    } else {
        let v = kwargs
            .map(|k| k.get_attr(head))
            .transpose()?
            .unwrap_or_default();
        if v.is_undefined() {
            return Err(type_error(format!("KeyError: '{head}'")));
        }
        v
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let name = &r[..end];
            v = if v.kind() == ValueKind::Plain {
                v.get_attr(name)?
            } else {
                Value::UNDEFINED
            };
            if v.is_undefined() {
                return Err(type_error(format!("object has no attribute '{name}'")));
            }
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| type_error("Missing ']' in format string"))?;
            let key = &r[..end];
            let k = match key.parse::<i64>() {
                Ok(n) if key.bytes().all(|b| b.is_ascii_digit()) => Value::from(n),
                _ => Value::from(key),
            };
            v = v.get_item(&k)?;
            if v.is_undefined() {
                return Err(type_error(format!("KeyError: {key:?}")));
            }
            rest = &r[end + 1..];
        } else {
            return Err(type_error(
                "Only '.' or '[' may follow ']' in format field specifier",
            ));
        }
    }
    Ok(v)
}

/// `fmt.format(*args, **kwargs)`.
pub(crate) fn str_format(
    fmt: &str,
    args: &[Value],
    kwargs: Option<&Value>,
) -> Result<String, Error> {
    let mut numbering = Numbering::default();
    let mut out = String::with_capacity(fmt.len() + 16);
    format_into(&mut out, fmt, args, kwargs, &mut numbering, 0)?;
    Ok(out)
}

fn format_into(
    out: &mut String,
    fmt: &str,
    args: &[Value],
    kwargs: Option<&Value>,
    numbering: &mut Numbering,
    depth: u8,
) -> Result<(), Error> {
    if depth > 2 {
        return Err(type_error("Max string recursion exceeded"));
    }
    let mut rest = fmt;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let c = rest.as_bytes()[i];
        let after = &rest[i + 1..];
        if c == b'}' {
            if let Some(r) = after.strip_prefix('}') {
                out.push('}');
                rest = r;
                continue;
            }
            return Err(type_error("Single '}' encountered in format string"));
        }
        if let Some(r) = after.strip_prefix('{') {
            out.push('{');
            rest = r;
            continue;
        }
        // The replacement field runs to the matching `}` (specs may nest one level).
        let mut level = 1;
        let mut end = None;
        for (j, ch) in after.char_indices() {
            match ch {
                '{' => level += 1,
                '}' => {
                    level -= 1;
                    if level == 0 {
                        end = Some(j);
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = end.ok_or_else(|| type_error("expected '}' before end of string"))?;
        let field = &after[..end];
        rest = &after[end + 1..];
        // field_name[!conversion][:spec]
        let name_end = field.find([':', '!']).unwrap_or(field.len());
        let (name, tail) = field.split_at(name_end);
        let (conversion, spec) = match tail.strip_prefix('!') {
            Some(t) => {
                let mut cs = t.chars();
                let conv = cs.next().ok_or_else(|| {
                    type_error("end of string while looking for conversion specifier")
                })?;
                let t = cs.as_str();
                if !t.is_empty() && !t.starts_with(':') {
                    return Err(type_error("expected ':' after conversion specifier"));
                }
                (Some(conv), t.strip_prefix(':').unwrap_or(""))
            }
            None => (None, tail.strip_prefix(':').unwrap_or("")),
        };
        let value = resolve_field(name, args, kwargs, numbering)?;
        let value = match conversion {
            None => value,
            Some('s') => Value::from(pyrepr::str_of(&value)?),
            Some('r') => Value::from(pyrepr::repr_of(&value)?),
            Some('a') => Value::from(ascii_escape(&pyrepr::repr_of(&value)?)),
            Some(c) => return Err(type_error(format!("Unknown conversion specifier {c}"))),
        };
        if spec.contains('{') {
            let mut expanded = String::new();
            format_into(&mut expanded, spec, args, kwargs, numbering, depth + 1)?;
            format_value(out, &value, &expanded)?;
        } else {
            format_value(out, &value, spec)?;
        }
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(fmt: &str, args: &[Value]) -> String {
        percent_format(fmt, PercentArgs::Positional(args)).unwrap()
    }

    #[test]
    fn percent_matches_python() {
        let v = |x: f64| Value::from(x);
        assert_eq!(
            pct(
                "%5.1f|%-6d|%+d|% d|%05.1f",
                &[
                    v(3.14158),
                    Value::from(42),
                    Value::from(5),
                    Value::from(5),
                    v(-2.5)
                ]
            ),
            "  3.1|42    |+5| 5|-02.5"
        );
        assert_eq!(
            pct(
                "%x|%#x|%#o|%X",
                &[
                    Value::from(255),
                    Value::from(255),
                    Value::from(8),
                    Value::from(255)
                ]
            ),
            "ff|0xff|0o10|FF"
        );
        assert_eq!(
            pct(
                "%e|%E|%g|%G|%.3g",
                &[v(12345.678), v(0.000123), v(1e-5), v(1e20), v(1234567.0)]
            ),
            "1.234568e+04|1.230000E-04|1e-05|1E+20|1.23e+06"
        );
        assert_eq!(
            pct(
                "%c|%%|%5s|%-5s|%.2s|%r",
                &[
                    Value::from(65),
                    Value::from("x"),
                    Value::from("y"),
                    Value::from("abc"),
                    Value::from("é")
                ]
            ),
            "A|%|    x|y    |ab|'é'"
        );
        assert_eq!(
            pct(
                "%d|%.3d|%s|%s",
                &[v(3.9), Value::from(5), Value::from(()), v(1.0)]
            ),
            "3|005|None|1.0"
        );
        assert_eq!(
            pct(
                "%g|%g|%#g|%.0f|%.0f",
                &[v(100000.0), v(1000000.0), v(1.0), v(0.5), v(1.5)]
            ),
            "100000|1e+06|1.00000|0|2"
        );
        assert_eq!(
            pct(
                "%*d|%.*f",
                &[Value::from(5), Value::from(1), Value::from(2), v(3.14158)]
            ),
            "    1|3.14"
        );
        assert!(percent_format("%s %s", PercentArgs::Positional(&[Value::from(1)])).is_err());
        assert!(
            percent_format(
                "%s",
                PercentArgs::Positional(&[Value::from(1), Value::from(2)])
            )
            .is_err()
        );
        assert!(percent_format("%d", PercentArgs::Positional(&[Value::from("x")])).is_err());
    }

    #[test]
    fn percent_with_a_mapping() {
        let m = Value::from(minijinja::value::Serde(
            serde_json::json!({"a": "x", "b": 7}),
        ));
        assert_eq!(
            percent_format("%(a)s-%(b)05d", PercentArgs::Mapping(&m)).unwrap(),
            "x-00007"
        );
    }

    #[test]
    fn str_format_matches_python() {
        let f = |fmt: &str, args: &[Value]| str_format(fmt, args, None).unwrap();
        assert_eq!(
            f("{} and {}", &[Value::from(1), Value::from("x")]),
            "1 and x"
        );
        assert_eq!(f("{0}-{0}|{{}}", &[Value::from("a")]), "a-a|{}");
        assert_eq!(
            f(
                "{:,}|{:_}|{:,.2f}|{:08.3f}",
                &[
                    Value::from(1234567),
                    Value::from(1234567),
                    Value::from(1234567.891),
                    Value::from(3.14158)
                ]
            ),
            "1,234,567|1_234_567|1,234,567.89|0003.142"
        );
        assert_eq!(
            f(
                "{:+}|{:e}|{:%}|{:.1%}|{:x}|{:#b}",
                &[
                    Value::from(5),
                    Value::from(12345.678),
                    Value::from(0.25),
                    Value::from(0.25),
                    Value::from(255),
                    Value::from(5)
                ]
            ),
            "+5|1.234568e+04|25.000000%|25.0%|ff|0b101"
        );
        assert_eq!(
            f(
                "{:^7}|{:*<6}|{:>+8.2f}|{:g}|{}",
                &[
                    Value::from("ab"),
                    Value::from("ab"),
                    Value::from(3.14158),
                    Value::from(1e-7),
                    Value::from(1e16)
                ]
            ),
            "  ab   |ab****|   +3.14|1e-07|1e+16"
        );
        assert_eq!(
            f(
                "{!r}|{}|{}|{:5}|{:.2}|{:.2}",
                &[
                    Value::from("é"),
                    Value::from(true),
                    Value::from(()),
                    Value::from(true),
                    Value::from(1.0),
                    Value::from(123.0)
                ]
            ),
            "'é'|True|None|    1|1.0|1.2e+02"
        );
        assert_eq!(
            f(
                "{:.3}|{:.3}|{:.4}",
                &[Value::from(123.0), Value::from(12.5), Value::from(12.5)]
            ),
            "1.23e+02|12.5|12.5"
        );
        assert_eq!(f("{:>{}}", &[Value::from("x"), Value::from(3)]), "  x");
        assert!(str_format("{}{0}", &[Value::from(1)], None).is_err());
        let list = Value::from(vec![Value::from(1), Value::from("a")]);
        assert_eq!(f("{0}|{0[1]}", &[list]), "[1, 'a']|a");
    }
}
