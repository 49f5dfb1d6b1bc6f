//! The one integration-test binary: the real `oomhook` executable, driven as a user would,
//! against a real `oomhook serve`. One module per area.

// `unreachable_pub` (Cargo.toml) is about the library's interface; a test binary has none.
#![allow(unreachable_pub)]

mod apply;
mod auth;
mod batches;
mod client_api;
mod common;
mod delivery;
mod durability;
mod expected;
mod faults;
mod help;
mod hostile;
mod newcomer;
mod parity;
mod payloads;
mod preview;
mod props;
mod secrets;
mod serve_api;
mod signing;
mod templates;
mod watch;
mod wizard;
