//! The Oomnitza-compatible webhook API: its resources (`model`) and the HTTP client.

pub mod model;
pub mod client;

pub use client::Client;
