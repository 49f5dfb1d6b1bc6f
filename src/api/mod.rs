//! The Oomnitza-compatible webhook API: its resources (`model`) and the HTTP client.

pub mod client;
pub mod model;

pub use client::Client;
