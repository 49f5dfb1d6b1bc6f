//! The one integration-test binary: the real `oomhook` executable, driven as a user would,
//! against a real `oomhook serve`. One module per area.

mod common;
mod help;
mod parity;
mod preview;
mod props;
mod signing;
