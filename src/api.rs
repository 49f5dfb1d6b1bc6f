//! The HTTP client of the Oomnitza-compatible API.
