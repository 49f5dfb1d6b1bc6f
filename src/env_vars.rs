//! Every environment variable oomhook reads, named once.

/// Tenant root URL (like `--url`).
pub(crate) const OOMNITZA_URL: &str = "OOMNITZA_URL";
/// API token; wins over the keyring and token files.
pub(crate) const OOMNITZA_TOKEN: &str = "OOMNITZA_TOKEN";
/// Profile name (like `--profile`).
pub(crate) const OOMHOOK_PROFILE: &str = "OOMHOOK_PROFILE";
/// Config file (like `--config`).
pub(crate) const OOMHOOK_CONFIG: &str = "OOMHOOK_CONFIG";
/// Never prompt (like `--no-input`).
pub(crate) const OOMHOOK_NO_INPUT: &str = "OOMHOOK_NO_INPUT";
/// Extra presets folder (like `--presets-dir`).
pub(crate) const OOMHOOK_PRESETS_DIR: &str = "OOMHOOK_PRESETS_DIR";
/// Webhook secret for `sign`, `verify` and `send` (instead of `--secret-stdin`/`--secret-file`).
pub(crate) const OOMHOOK_SECRET: &str = "OOMHOOK_SECRET";
/// The API token `serve` accepts (instead of `--token-file`).
pub(crate) const OOMHOOK_SERVE_TOKEN: &str = "OOMHOOK_SERVE_TOKEN";
/// Set to `0` to keep `login` away from the OS keyring (it then writes the token file).
pub(crate) const OOMHOOK_KEYRING: &str = "OOMHOOK_KEYRING";
/// Seconds to wait for the OS keyring before falling back to the token file.
pub(crate) const OOMHOOK_KEYRING_TIMEOUT: &str = "OOMHOOK_KEYRING_TIMEOUT";
/// Treat stdin as a terminal for prompts even when it is not detected as one (tests).
pub(crate) const OOMHOOK_FORCE_TTY: &str = "OOMHOOK_FORCE_TTY";
/// Request timeout in seconds for API calls.
pub(crate) const OOMHOOK_TIMEOUT: &str = "OOMHOOK_TIMEOUT";
/// Cap on the total time spent retrying one API call, in seconds.
pub(crate) const OOMHOOK_RETRY_MAX: &str = "OOMHOOK_RETRY_MAX";
/// Disables colour (any value), as everywhere.
pub(crate) const NO_COLOR: &str = "NO_COLOR";
/// Editor for `add`'s body edit.
pub(crate) const EDITOR: &str = "EDITOR";
