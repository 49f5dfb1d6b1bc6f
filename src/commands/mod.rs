//! One module per command: each turns its arguments into calls on the domain modules and
//! writes the result through `Output`. No HTTP or template code lives here.

mod add;
mod apply;
mod auth;
pub(crate) mod body_check;
mod completions;
mod config;
mod export;
mod follow;
mod presets;
mod preview;
mod replay;
mod shared;
mod testing;
mod update;
mod validate;
mod vendor;
mod webhooks;

use std::future::Future;

use anyhow::Result;

use crate::api::Client;
use crate::cli::{Cli, Command, GlobalArgs};
use crate::output::Output;
use crate::preset::Registry;
use crate::settings::Settings;

/// What every command may need, resolved on demand.
pub(crate) struct Ctx<'a> {
    pub global: &'a GlobalArgs,
    pub out: &'a Output,
}

impl Ctx<'_> {
    /// Bundled presets plus the user folder.
    pub(crate) fn registry(&self) -> Registry {
        Registry::new(
            self.global
                .presets_dir
                .clone()
                .or_else(Registry::default_user_dir),
        )
    }

    /// Settings from flags, env and the config file.
    pub(crate) fn settings(&self) -> Result<Settings> {
        Settings::resolve(self.global)
    }

    /// An API client for the resolved URL and token.
    pub(crate) fn client(&self) -> Result<(Settings, Client)> {
        let settings = self.settings()?;
        let token = settings.token()?;
        self.out.debug(
            1,
            &format!(
                "server {} ({}), token from {}",
                settings.url.value, settings.url.source, token.source
            ),
        );
        let client = Client::new(&settings.url.value, token.value, self.out)?
            .with_url_source(&settings.url.source);
        Ok((settings, client))
    }

    /// Whether prompts may appear.
    pub(crate) fn can_prompt(&self) -> bool {
        crate::prompt::can_prompt(self.global)
    }
}

/// Runs a future on a small runtime (only commands that talk to a server build one).
pub(crate) fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("building the async runtime")
        .block_on(f)
}

/// Runs the command.
pub(crate) fn dispatch(cli: Cli, out: &Output) -> Result<()> {
    let ctx = Ctx {
        global: &cli.global,
        out,
    };
    match cli.command {
        Command::Presets(cmd) => presets::run(cmd, &ctx.registry(), out),
        Command::Preview(args) if args.webhook.is_some() => preview::whatif::run(args, &ctx),
        Command::Preview(args) => preview::run(args, &ctx.registry(), out),
        Command::Validate(args) => validate::run(args, &ctx.registry(), out),
        Command::Test(args) => testing::run(args, &ctx.registry(), out),
        Command::Serve(args) => crate::server::run(args, ctx.registry(), out),
        Command::List(args) => webhooks::list(args, &ctx),
        Command::Show(args) => webhooks::show(args, &ctx),
        Command::Delete(args) => webhooks::delete(args, &ctx),
        Command::Deliveries(args) => webhooks::deliveries(args, &ctx),
        Command::Replay(args) => replay::run(args, &ctx),
        Command::Add(args) => add::run(args, &ctx),
        Command::Update(args) => update::run(args, &ctx),
        Command::Login(args) => auth::login(args, &ctx),
        Command::Logout => auth::logout(&ctx),
        Command::Whoami => auth::whoami(&ctx),
        Command::Config(cmd) => config::run(cmd, &ctx),
        Command::Completions(args) => completions::completions(args, out),
        Command::Man => completions::man(out),
        Command::Send(args) => vendor::send(args, &ctx),
        Command::Sign(args) => vendor::sign(args, &ctx),
        Command::Verify(args) => vendor::verify(args, &ctx),
        Command::Apply(args) => apply::run(args, &ctx),
        Command::Export(args) => export::run(args, &ctx),
    }
}
