//! The Oomnitza-compatible webhook API: its resources (`model`) and the HTTP client; and
//! `vendor`, the one request a vendor would send to a webhook (`oomhook send`).

pub(crate) mod client;
pub(crate) mod model;
pub(crate) mod vendor;

pub(crate) use client::Client;
