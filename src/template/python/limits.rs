//! How large a value or an output one render may build, checked before building it.

use minijinja::{Error, ErrorKind};

/// The largest string (in bytes), list or output (in bytes) one render may build: also the
/// largest payload oomhook reads (`body::MAX_PAYLOAD` is this), so that anything a payload
/// brings in can be printed whole.
pub const MAX_SIZE: usize = 16 * 1024 * 1024;

/// The error for a value or an output larger than [`MAX_SIZE`].
pub(crate) fn too_large() -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!(
            "the template builds a value larger than {} MiB",
            MAX_SIZE / (1024 * 1024)
        ),
    )
}

/// A string of `len` bytes may be built.
pub(crate) fn check(len: usize) -> Result<(), Error> {
    if len > MAX_SIZE {
        return Err(too_large());
    }
    Ok(())
}

/// A list of `n` items may be built (each item counted as a value's size).
pub(crate) fn check_items(n: usize) -> Result<(), Error> {
    check(n.saturating_mul(std::mem::size_of::<minijinja::Value>()))
}
