//! The command-line surface: clap types only. Doc comments are the help text.
//!
//! Names and flags here are a public interface that scripts and CI pipelines call; they follow
//! the README's "Commands" table and `--help`. Resolution of these raw values into settings
//! lives in `settings.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::{OomnitzaEvent, SecretType};
use crate::env_vars;

/// Manage Oomnitza webhooks: vendor presets, offline Jinja preview, declarative apply,
/// request signing, and a local Oomnitza-compatible server.
#[derive(Debug, Parser)]
#[command(
    name = "oomhook",
    version,
    about,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env:
    /// OOMNITZA_URL]. For `send`, where to deliver instead of the webhook's own URL.
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,

    /// A named profile from the config file
    #[arg(long, global = true, env = env_vars::OOMHOOK_PROFILE, value_name = "NAME")]
    pub profile: Option<String>,

    /// Config file [default: <config dir>/oomhook/config.toml]
    #[arg(long, global = true, env = env_vars::OOMHOOK_CONFIG, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format [default: table on a terminal, json otherwise]
    #[arg(short, long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Never prompt; a missing value is an error that names its flag
    #[arg(long, global = true, env = env_vars::OOMHOOK_NO_INPUT, value_parser = clap::builder::FalseyValueParser::new())]
    pub no_input: bool,

    /// Extra folder of presets (adds to and overrides the bundled ones)
    #[arg(long, global = true, env = env_vars::OOMHOOK_PRESETS_DIR, value_name = "DIR")]
    pub presets_dir: Option<PathBuf>,

    /// Less output: only data and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// More detail on stderr (repeat for more); secrets stay redacted at every level
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// Output formats for data on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A table for people
    Table,
    /// JSON, for scripts
    Json,
    /// YAML, for scripts and files
    Yaml,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and NO_COLOR is unset
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Browse the bundled (and your own) vendor presets
    #[command(subcommand)]
    Presets(PresetsCommand),
    /// Render a preset's body (or any template) against a sample payload, offline
    Preview(PreviewArgs),
    /// Check presets: schema, template syntax, every sample renders with its sync keys
    Validate(ValidateArgs),
    /// Render every sample of every preset and compare with its expected bodies, for CI
    Test(TestArgs),
    /// Run a local Oomnitza-compatible server
    Serve(ServeArgs),
    /// List the webhooks on the server
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show one webhook
    Show(ShowArgs),
    /// Create a webhook from a vendor preset (asks for missing values on a terminal)
    Add(AddArgs),
    /// Change fields of a webhook
    Update(UpdateArgs),
    /// Delete a webhook
    #[command(visible_alias = "rm")]
    Delete(DeleteArgs),
    /// Show the delivery log of a webhook
    Deliveries(DeliveriesArgs),
    /// Run recorded deliveries again through the webhook's current body, event and sync keys
    Replay(ReplayArgs),
    /// Make the server's webhooks match a YAML file (create, update, prune)
    #[command(after_long_help = APPLY_FILE_HELP)]
    Apply(ApplyArgs),
    /// Write the server's webhooks as an apply file on stdout
    Export(ExportArgs),
    /// Deliver a sample event to a webhook, signed as the vendor signs it
    Send(SendArgs),
    /// Print the headers a vendor would send for a payload
    Sign(SignArgs),
    /// Check a vendor request's signature or header secret
    Verify(VerifyArgs),
    /// Check an API token against the server and store it in the OS keyring
    Login(LoginArgs),
    /// Forget the stored API token of the profile
    Logout,
    /// Show the server, the profile and where the token came from (never the token)
    Whoami,
    /// Show the effective configuration
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print shell completions (`--help` says where to put them)
    #[command(after_long_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Write the man page (roff) to stdout
    Man,
}

/// The apply file's fields, under `apply --help`.
const APPLY_FILE_HELP: &str = "\
The file (YAML; `oomhook export` writes one from the server's webhooks):
  webhooks:
    - name: okta-deactivations        # required, unique (ignoring case)
      preset: okta-user-deactivated   # required
      secret_type: header             # the preset's when omitted
      event: update_user              # the preset's when omitted
      body: |                         # the preset's when omitted; checked against its samples
        {\"username\": {{ data.events[0].target[0].alternateId | tojson }}}
      sync_keys: [username, email]    # the preset's when omitted
      enabled: true                   # true when omitted
      secret_env: OKTA_HOOK_SECRET    # the secret: an environment variable ...
      # secret_file: ./secrets/okta   # ... or a file (its first line), relative to the file
A secret is sent only when its webhook is created (or with --rotate-secrets).";

/// Where completion scripts go, under `completions --help`.
const COMPLETIONS_HELP: &str = "\
Install (the script goes to stdout; put it where your shell looks, then open a new shell):
  bash:       oomhook completions bash > ~/.local/share/bash-completion/completions/oomhook
  zsh:        oomhook completions zsh > ~/.zfunc/_oomhook
              (and in ~/.zshrc, before compinit: fpath+=(~/.zfunc))
  fish:       oomhook completions fish > ~/.config/fish/completions/oomhook.fish
  powershell: oomhook completions powershell >> $PROFILE
  elvish:     oomhook completions elvish >> ~/.config/elvish/rc.elv
The same scripts are in the source tree's completions/ folder.";

#[derive(Debug, Subcommand)]
pub enum PresetsCommand {
    /// List the presets
    #[command(visible_alias = "ls")]
    List(PresetsListArgs),
    /// Show one preset
    Show(PresetsShowArgs),
}

#[derive(Debug, Args)]
pub struct PresetsListArgs {
    /// Only presets of this vendor
    #[arg(long, value_name = "VENDOR")]
    pub vendor: Option<String>,
}

#[derive(Debug, Args)]
pub struct PresetsShowArgs {
    /// Preset id, e.g. okta-user-deactivated
    #[arg(value_name = "PRESET")]
    pub preset: String,
    /// Print only the body template, byte for byte
    #[arg(long, conflicts_with = "sample")]
    pub template: bool,
    /// Print this sample payload, exactly as `send` sends it (JSON, byte for byte); the
    /// sample names are listed by `presets show PRESET`
    #[arg(long, value_name = "NAME")]
    pub sample: Option<String>,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// Preset id; without it, --template is rendered alone
    #[arg(value_name = "PRESET")]
    pub preset: Option<String>,
    /// Which of the preset's samples to render against [default: the first]
    #[arg(long, value_name = "NAME", conflicts_with = "payload")]
    pub sample: Option<String>,
    /// Payload file (JSON), or - for stdin
    #[arg(long, value_name = "FILE")]
    pub payload: Option<String>,
    /// Template file that replaces the preset's body
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Oomnitza event given to the template as `oomnitza_event` [default: the preset's]
    #[arg(long, value_enum, value_name = "EVENT")]
    pub event: Option<OomnitzaEvent>,
    /// Sync key (repeat, in order) [default: the preset's]
    #[arg(long = "sync-key", value_name = "FIELD")]
    pub sync_keys: Vec<String>,
    /// Request header given to the template as `headers` ('Name: value'; repeat)
    #[arg(long = "header", value_name = "'K: V'")]
    pub headers: Vec<String>,
    /// Print exactly what the template rendered, byte for byte, and nothing else
    #[arg(long)]
    pub raw: bool,
    /// Read one JSON payload per line from --payload and write one compact body per line
    #[arg(long, requires = "payload")]
    pub ndjson: bool,
    /// Render undefined variables as empty (as Oomnitza does), with a warning
    #[arg(long)]
    pub lenient: bool,
    /// What a change would do: render the body (or --template) against this webhook's
    /// recorded payloads and show, per delivery, what differs from what was rendered then
    #[arg(long, value_name = "NAME|ID", conflicts_with_all = ["preset", "sample", "payload", "ndjson", "raw", "event", "sync_keys", "headers", "watch"])]
    pub webhook: Option<String>,
    /// With --webhook: compare the newest N deliveries [default: 10]
    #[arg(long, value_name = "N", requires = "webhook")]
    pub last: Option<usize>,
    /// Render again whenever the template, the payload or the preset file is saved (Ctrl-C
    /// stops)
    #[arg(long, conflicts_with = "ndjson")]
    pub watch: bool,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Preset files or folders [default: the bundled presets and your presets folder]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write the rendered bodies as the expected ones (then review the change in git)
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A preset file or folder [default: the bundled presets and your presets folder]
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: String,
    /// SQLite database file, or :memory: for a throwaway server
    #[arg(long, value_name = "PATH")]
    pub db: Option<String>,
    /// File holding the API token clients must send [default: OOMHOOK_SERVE_TOKEN, else a token
    /// generated and kept beside the database]
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Public base URL used in webhook URLs [default: the listen address]
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Keep the payloads (body and headers) of the newest N deliveries of each webhook, for
    /// `deliveries --id`, `replay` and `preview --webhook`; 0 keeps none
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub keep_deliveries: u32,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only webhooks of this preset
    #[arg(long, value_name = "PRESET")]
    pub preset: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Webhook name or id
    #[arg(value_name = "NAME|ID")]
    pub webhook: String,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Webhook name or id
    #[arg(value_name = "NAME|ID")]
    pub webhook: String,
    /// Do not ask for confirmation (required without a terminal)
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct DeliveriesArgs {
    /// Webhook name or id
    #[arg(value_name = "NAME|ID")]
    pub webhook: String,
    /// At most this many deliveries, newest first (1 to 1000)
    #[arg(long, default_value_t = 50, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    /// Show one delivery in full: its outcome, the headers and the body its request carried
    #[arg(long, value_name = "ID", conflicts_with = "limit")]
    pub id: Option<String>,
    /// Show new deliveries as they arrive (one JSON object a line with -o json), until Ctrl-C;
    /// picks up where it left off if the server restarts
    #[arg(long, conflicts_with_all = ["id", "limit"])]
    pub follow: bool,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Webhook name or id
    #[arg(value_name = "NAME|ID")]
    pub webhook: String,
    /// Replay this delivery (repeat for more); its id as `deliveries` shows it
    #[arg(long = "delivery", value_name = "ID")]
    pub deliveries: Vec<String>,
    /// Only deliveries with this status
    #[arg(long, value_parser = ["applied", "duplicate", "skipped", "rejected"], value_name = "S")]
    pub status: Option<String>,
    /// Only deliveries received since this time: RFC 3339 (2026-05-01T16:00:00Z) or an age
    /// (30m, 2h, 7d)
    #[arg(long, value_name = "T")]
    pub since: Option<String>,
    /// Only the newest N deliveries (after the filters above)
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,
    /// Show which deliveries would be replayed, and replay none
    #[arg(long)]
    pub dry_run: bool,
    /// Replay more than one without asking
    #[arg(short, long)]
    pub yes: bool,
}

/// Where a secret comes from. Never a plain argv value.
#[derive(Debug, Clone, Default, Args)]
#[group(multiple = false)]
pub struct SecretSource {
    /// Read the secret from stdin
    #[arg(long)]
    pub secret_stdin: bool,
    /// Read the secret from a file (its first line)
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
}

/// Fields shared by `add` and `update`.
#[derive(Debug, Clone, Default, Args)]
pub struct WebhookFields {
    /// Secret type [default: the preset's]
    #[arg(long, value_enum, value_name = "TYPE")]
    pub secret_type: Option<SecretType>,
    #[command(flatten)]
    pub secret: SecretSource,
    /// Generate a strong header secret (printed once)
    #[arg(long, conflicts_with_all = ["secret_stdin", "secret_file"])]
    pub generate_secret: bool,
    /// Oomnitza event [default: the preset's]
    #[arg(long, value_enum, value_name = "EVENT")]
    pub event: Option<OomnitzaEvent>,
    /// Body template file [default: the preset's body]
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Sync key, in order; repeat for more [default: the preset's]
    #[arg(long = "sync-key", value_name = "FIELD")]
    pub sync_keys: Vec<String>,
    /// Create (or set) the webhook disabled
    #[arg(long)]
    pub disabled: bool,
    /// Store a body that fails to render against one of the preset's samples (by default it
    /// is refused, since the vendor's deliveries like it would be refused)
    #[arg(long)]
    pub skip_body_check: bool,
    /// Print the request that would be sent (secret redacted) and stop
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Vendor preset id
    #[arg(long, value_name = "PRESET")]
    pub preset: Option<String>,
    /// Unique webhook name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[command(flatten)]
    pub fields: WebhookFields,
}

/// Leaving a field out of `update` keeps its current value: the shared help's "[default: the
/// preset's]" (which `add` means) is replaced.
#[derive(Debug, Args)]
#[command(
    mut_arg("secret_type", |a| a.help("New secret type [default: unchanged]")),
    mut_arg("event", |a| a.help("New Oomnitza event [default: unchanged]")),
    mut_arg("body_file", |a| a.help("New body template file, checked against the preset's samples [default: unchanged]")),
    mut_arg("sync_keys", |a| a.help("New sync keys, in order; repeat for more [default: unchanged]")),
    mut_arg("disabled", |a| a.help("Disable the webhook (it answers deliveries 404 until enabled)")),
    mut_arg("dry_run", |a| a.help("Show what would change (the body as a diff; secret redacted) and stop")),
)]
pub struct UpdateArgs {
    /// Webhook name or id
    #[arg(value_name = "NAME|ID")]
    pub webhook: String,
    /// New name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Move the webhook to another preset
    #[arg(long, value_name = "PRESET")]
    pub preset: Option<String>,
    #[command(flatten)]
    pub fields: WebhookFields,
    /// Enable the webhook
    #[arg(long, conflicts_with = "disabled")]
    pub enabled: bool,
    /// Only update if the webhook is still at this version (optimistic locking)
    #[arg(long, value_name = "N")]
    pub if_version: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The apply file (YAML), or - for stdin
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: String,
    /// Print the plan and stop
    #[arg(long)]
    pub dry_run: bool,
    /// Delete webhooks on the server that the file does not list
    #[arg(long)]
    pub prune: bool,
    /// How many requests at once
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Do not ask before deleting with --prune
    #[arg(short, long)]
    pub yes: bool,
    /// Apply bodies that fail to render against one of their preset's samples (by default the
    /// file is refused, since the vendor's deliveries like it would be refused)
    #[arg(long)]
    pub skip_body_check: bool,
    /// Send the secrets of existing webhooks again: all in the file, or those named
    /// (--rotate-secrets=NAME,NAME). Otherwise a secret is sent only when its webhook is created
    #[arg(long, value_name = "NAME", num_args = 0..=1, require_equals = true, value_delimiter = ',')]
    pub rotate_secrets: Option<Vec<String>>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only these webhooks (names or ids) [default: all]
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Webhook name or id
    #[arg(value_name = "NAME|ID")]
    pub webhook: String,
    /// Which of the preset's samples to send [default: the first]
    #[arg(long, value_name = "NAME", conflicts_with = "payload")]
    pub sample: Option<String>,
    /// Payload file (JSON) to send instead of a sample, or - for stdin
    #[arg(long, value_name = "FILE")]
    pub payload: Option<String>,
    /// Deliver here instead of the webhook's own URL (same as `send --url`; the server is then
    /// taken from OOMNITZA_URL or the profile)
    #[arg(long = "to", value_name = "URL")]
    pub to: Option<String>,
    #[command(flatten)]
    pub secret: SecretSource,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Vendor preset id (its signature scheme)
    #[arg(long, value_name = "PRESET")]
    pub preset: String,
    /// Payload file, or - for stdin [default: the preset's first sample]
    #[arg(long, value_name = "FILE")]
    pub payload: Option<String>,
    /// Timestamp to sign with, unix seconds [default: now]
    #[arg(long, value_name = "T", allow_negative_numbers = true)]
    pub timestamp: Option<i64>,
    /// Message id, for schemes that sign one (Standard Webhooks) [default: a new one]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Secret type whose scheme to use [default: the preset's]
    #[arg(long, value_enum, value_name = "TYPE")]
    pub secret_type: Option<SecretType>,
    #[command(flatten)]
    pub secret: SecretSource,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Vendor preset id (its signature scheme)
    #[arg(long, value_name = "PRESET")]
    pub preset: String,
    /// The raw request body, or - for stdin
    #[arg(long, value_name = "FILE")]
    pub payload: String,
    /// A request header as received ('Name: value'; repeat)
    #[arg(long = "header", value_name = "'K: V'")]
    pub headers: Vec<String>,
    /// Seconds a timestamp may be off (0: do not check) [default: the preset's]
    #[arg(long, value_name = "S")]
    pub tolerance: Option<u64>,
    /// Check against this time (unix seconds) instead of now
    #[arg(long, value_name = "T", allow_negative_numbers = true)]
    pub now: Option<i64>,
    /// Secret type whose scheme to use [default: the preset's]
    #[arg(long, value_enum, value_name = "TYPE")]
    pub secret_type: Option<SecretType>,
    #[command(flatten)]
    pub secret: SecretSource,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Read the token from stdin instead of prompting
    #[arg(long)]
    pub with_token: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Each effective setting and where it came from (secrets redacted)
    Show,
    /// The config file's path
    Path,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
