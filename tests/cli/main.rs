//! The one integration-test binary: the real `oomhook` executable, driven as a user would,
//! against a real `oomhook serve`. One module per area.

mod apply;
mod common;
mod delivery;
mod durability;
mod help;
mod parity;
mod preview;
mod serve_api;
mod signing;
