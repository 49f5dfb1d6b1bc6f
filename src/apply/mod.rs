//! Declarative webhooks: `apply -f FILE` and `export`.
//!
//! The flow: [`file`] parses and checks the apply file (every problem, with `FILE:LINE`,
//! before anything is sent) and fills omitted fields from the presets; [`plan`] compares the
//! result with the server's webhooks (create, update with field diffs, unchanged, delete);
//! [`exec`] sends the changes a few at a time and reports each outcome. [`export`] goes the
//! other way: the server's webhooks as an apply file that applies as a no-op.
//!
//! Secrets are never compared, shown or exported. One is sent when its webhook is created, and
//! to an existing webhook only with `--rotate-secrets` (all, or the webhooks named): there is
//! no state kept anywhere, and applying the same file twice changes nothing.

pub mod diff;
pub mod exec;
pub mod export;
pub mod file;
pub mod plan;

pub use file::{Desired, Problem, SecretRef, Source};
pub use plan::{Action, Plan, Rotate};
