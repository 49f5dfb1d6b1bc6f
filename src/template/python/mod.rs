//! Python's values and their semantics, as Jinja2's templates see them: numbers, equality and
//! ordering (`ops`), printing (`repr`), `%` and `str.format` (`formatting`), string helpers
//! (`strings`), the types the engine lacks (`objects`: dict views, `range`, groups), lists and
//! dicts changed in place (`mutable`), the operators compiled templates call (`operators`),
//! argument binding (`args`) and the size limits (`limits`). Nothing here depends on the rest
//! of the engine; the modules depend on each other in the order listed from `limits` up:
//! `limits`, `args`, `strings`, `bigint`, `ops`, `objects`, `repr`, `formatting`, `mutable`,
//! `operators`, `callables`.

pub(super) mod args;
pub(super) mod bigint;
pub(super) mod callables;
pub(super) mod formatting;
pub(super) mod limits;
pub(super) mod mutable;
pub(super) mod objects;
pub(super) mod operators;
pub(super) mod ops;
pub(super) mod repr;
pub(super) mod strings;

use formatting as pyformat;
use ops as pyops;
use repr as pyrepr;
use strings as pystr;
