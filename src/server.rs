//! `oomhook serve`.
