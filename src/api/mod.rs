//! The Oomnitza-compatible webhook API: its resources (`model`) and the HTTP client; and
//! `vendor`, the one request a vendor would send to a webhook (`oomhook send`).

pub mod client;
pub mod model;
pub mod vendor;

pub use client::Client;
