//! `apply -f FILE`: make the server's webhooks match a YAML file.
//!
//! Order of a run: read and check the file (all problems at once, nothing sent); list the
//! server's webhooks once; plan; read the secrets that will be sent (creates, rotations);
//! print the plan; confirm deletions; send the changes, a few at a time; summarize.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::{Ctx, block_on};
use crate::api::Client;
use crate::apply::Desired;
use crate::apply::exec::{self, Op, OpKind, Outcome, Summary};
use crate::apply::file::{self, Problem, Source};
use crate::apply::plan::{self, Action, Counts, Plan, Rotate};
use crate::cli::{ApplyArgs, ColorChoice, OutputFormat};
use crate::error::CliError;
use crate::output::eprint_line;
use crate::preset::Registry;
use crate::secrets::Secret;

pub(super) fn run(args: ApplyArgs, ctx: &Ctx) -> Result<()> {
    if args.prune && !args.yes && !args.dry_run && !ctx.can_prompt() {
        return Err(CliError::usage(
            "--prune deletes webhooks: without a terminal to confirm on, pass --yes",
        )
        .with_hint("or run with --dry-run first to see what would be deleted")
        .into());
    }
    let (name, text, base_dir) = read_source(&args.file)?;
    let registry = ctx.registry();
    let src = Source {
        name: &name,
        text: &text,
        base_dir: &base_dir,
    };
    let desired = file::load(&src, &registry).map_err(|p| problems(ctx, &name, &p))?;
    check_bodies(ctx, &desired, &registry, args.skip_body_check)
        .map_err(|p| problems(ctx, &name, &p))?;
    let rotate = Rotate::from_flag(args.rotate_secrets.as_deref());
    let unknown = rotate.unknown_names(&desired);
    if !unknown.is_empty() {
        return Err(CliError::usage(format!(
            "--rotate-secrets names webhooks the file does not list: {}",
            unknown.join(", ")
        ))
        .into());
    }
    let (settings, client) = ctx.client()?;
    let job = Job {
        file: &name,
        server: &settings.url.value,
        desired,
        rotate,
        registry,
    };
    block_on(apply(ctx, &args, &client, job))
}

/// What a run works from, once the file is read and checked.
struct Job<'a> {
    /// The file's name, for messages.
    file: &'a str,
    server: &'a str,
    desired: Vec<Desired>,
    rotate: Rotate,
    registry: Registry,
}

/// Reads the file (or stdin for `-`): its display name, text and the folder `secret_file`
/// paths are relative to.
fn read_source(arg: &str) -> Result<(String, String, PathBuf)> {
    if arg == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the apply file from stdin")?;
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        return Ok(("stdin".to_string(), text, cwd));
    }
    let path = Path::new(arg);
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::failed(format!("reading {arg}: {e}")))?;
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    Ok((arg.to_string(), text, base))
}

/// Every body of the file that is not its preset's, rendered against the preset's samples: a
/// failure is a problem of the file (a warning with `--skip-body-check`).
fn check_bodies(
    ctx: &Ctx,
    desired: &[Desired],
    registry: &Registry,
    skip: bool,
) -> Result<(), Vec<Problem>> {
    let mut found = Vec::new();
    for d in desired {
        let Ok(preset) = registry.get(&d.preset) else {
            continue;
        };
        if d.body == preset.body {
            continue;
        }
        let label = format!("body of {}", d.name);
        let Some(fail) = super::body_check::check(registry, &preset, &label, &d.body, d.event)
        else {
            continue;
        };
        let refusal = fail.refusal(&preset, &format!("the body of webhook {:?}", d.name), None);
        if skip {
            ctx.out.warn(&format!(
                "{}: webhook {:?}: {} (applied anyway: {})",
                d.at,
                d.name,
                refusal.message,
                super::body_check::SKIP_FLAG
            ));
        } else {
            found.push(Problem {
                at: d.at.clone(),
                message: format!("webhook {:?}: {}", d.name, refusal.message),
                hint: refusal.hint,
            });
        }
    }
    if found.is_empty() { Ok(()) } else { Err(found) }
}

/// Prints each problem (with its hint) and returns the error that ends the run.
fn problems(ctx: &Ctx, name: &str, problems: &[Problem]) -> anyhow::Error {
    for p in problems {
        ctx.out.error(&p.to_string(), p.hint.as_deref());
    }
    let n = problems.len();
    CliError::failed(format!(
        "{n} problem{} in {name}: nothing was sent",
        if n == 1 { "" } else { "s" }
    ))
    .into()
}

/// What `-o json|yaml` prints.
#[derive(Serialize)]
struct Report<'a> {
    file: &'a str,
    server: &'a str,
    dry_run: bool,
    counts: Counts,
    plan: &'a Plan,
    #[serde(skip_serializing_if = "Option::is_none")]
    results: Option<&'a [Outcome]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Summary>,
    /// The webhooks created, with the URL to give their vendor.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    created: &'a [Created],
}

/// A webhook `apply` created: where its vendor must send.
#[derive(Serialize)]
struct Created {
    name: String,
    id: String,
    url: String,
    preset: String,
}

async fn apply(ctx: &Ctx<'_>, args: &ApplyArgs, client: &Client, job: Job<'_>) -> Result<()> {
    let Job {
        file: name,
        server,
        desired,
        rotate,
        registry,
    } = job;
    let current = client.list_webhooks(None).await?;
    let plan = plan::plan(&desired, &current, args.prune, &rotate);
    let secrets = crate::apply::read_secrets(&plan, &desired, &registry)
        .map_err(|p| problems(ctx, name, &p))?;
    let counts = plan.counts();
    let table = ctx.out.is_table();
    let report = |results: Option<&[Outcome]>,
                  summary: Option<Summary>,
                  created: &[Created]|
     -> Result<()> {
        let r = Report {
            file: name,
            server,
            dry_run: args.dry_run,
            counts,
            plan: &plan,
            results,
            summary,
            created,
        };
        match ctx.out.format {
            OutputFormat::Yaml => ctx.out.yaml(&r),
            _ => ctx.out.json(&r),
        }
    };

    if table {
        let head = format!(
            "Plan for {name} on {server}: {} to create, {} to update, {} to delete, {} unchanged",
            counts.create, counts.update, counts.delete, counts.unchanged
        );
        ctx.out.line(&head)?;
        // The plan goes to stdout: colour it when stdout is a terminal too (or when asked).
        let color = match ctx.global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => ctx.out.color && ctx.out.stdout_tty,
        };
        let body = plan::render(&plan, ctx.out.verbose > 0, color);
        if !body.is_empty() {
            ctx.out.raw(body.as_bytes())?;
        }
    }
    if args.dry_run {
        if !table {
            report(None, None, &[])?;
        }
        ctx.out.note("dry run: nothing was sent");
        return Ok(());
    }
    if plan.deletions().next().is_some() && !args.yes {
        confirm_deletions(&plan)?;
    }

    let ops = ops(&plan, &desired, secrets);
    let total = ops.len();
    let progress = Progress::new(ctx, total);
    let outcomes = exec::execute(client, ops, usize::from(args.concurrency), |o| {
        progress.report(ctx, o)
    })
    .await;
    progress.finish();
    let summary = Summary::of(&outcomes, counts.unchanged);
    let created = created_hooks(client, &outcomes).await;
    if table {
        ctx.out.line(&summary.to_string())?;
        for c in &created {
            ctx.out
                .line(&format!("Webhook URL of {}: {}", c.name, c.url))?;
        }
    } else {
        report(Some(&outcomes), Some(summary), &created)?;
        ctx.out.note(&summary.to_string());
    }
    vendor_steps(ctx, &created, &registry);
    match exec::exit_kind(&outcomes) {
        None => Ok(()),
        Some(kind) => {
            let failed = outcomes.iter().filter(|o| o.failed()).count();
            Err(CliError::new(kind, format!("{failed} of {total} change{} failed", if total == 1 { "" } else { "s" }))
                .with_hint("what succeeded is done; run apply again to finish (it only sends what still differs)")
                .into())
        }
    }
}

/// The webhooks the run created, read back for their URLs (a list that fails leaves them out:
/// `oomhook list` shows them).
async fn created_hooks(client: &Client, outcomes: &[Outcome]) -> Vec<Created> {
    let ids: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.status == exec::Status::Created)
        .filter_map(|o| o.id.as_deref())
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    let Ok(all) = client.list_webhooks(None).await else {
        return Vec::new();
    };
    all.into_iter()
        .filter(|w| ids.contains(&w.id.as_str()))
        .map(|w| Created {
            name: w.name,
            id: w.id,
            url: w.url,
            preset: w.preset,
        })
        .collect()
}

/// What to do in each vendor of a created webhook (once per preset), on stderr.
fn vendor_steps(ctx: &Ctx, created: &[Created], registry: &Registry) {
    let mut seen = std::collections::HashSet::new();
    for c in created {
        if !seen.insert(c.preset.as_str()) {
            continue;
        }
        let Some(setup) = registry.get(&c.preset).ok().and_then(|p| p.setup) else {
            continue;
        };
        let names: Vec<&str> = created
            .iter()
            .filter(|o| o.preset == c.preset)
            .map(|o| o.name.as_str())
            .collect();
        ctx.out.note("");
        ctx.out.note(&format!(
            "Next, in the vendor ({}), for {}:",
            c.preset,
            names.join(", ")
        ));
        for line in setup.trim_end().lines() {
            ctx.out.note(&format!("  {line}"));
        }
    }
}

/// Asks before deleting (on a terminal; without one `run` already required --yes).
fn confirm_deletions(plan: &Plan) -> Result<()> {
    let names: Vec<&str> = plan.deletions().map(|e| e.name.as_str()).collect();
    let shown = if names.len() > 10 {
        format!("{}, and {} more", names[..10].join(", "), names.len() - 10)
    } else {
        names.join(", ")
    };
    let q = format!(
        "Delete {} webhook{} not in the file ({shown})? The vendors' deliveries to them will fail",
        names.len(),
        if names.len() == 1 { "" } else { "s" }
    );
    if crate::prompt::confirm(&q)? {
        Ok(())
    } else {
        Err(CliError::failed("not applied: nothing was sent").into())
    }
}

/// The requests of a plan, secrets filled in.
fn ops(plan: &Plan, desired: &[Desired], mut secrets: HashMap<usize, Secret>) -> Vec<Op> {
    let mut ops = Vec::new();
    for e in &plan.entries {
        let secret = e.desired.and_then(|i| secrets.remove(&i));
        let kind = match e.action {
            Action::Unchanged => continue,
            Action::Create => {
                let d = &desired[e.desired.expect("creates come from the file")];
                OpKind::Create(Box::new(plan::create_request(
                    d,
                    secret.expect("read_secrets read it"),
                )))
            }
            Action::Update => {
                let mut patch = e.patch.clone().expect("updates carry a patch");
                if patch.secret.is_some() {
                    patch.secret = Some(secret.expect("read_secrets read it"));
                }
                OpKind::Update {
                    id: e.id.clone().expect("updates have an id"),
                    version: e.version.expect("updates have a version"),
                    patch: Box::new(patch),
                }
            }
            Action::Delete => OpKind::Delete {
                id: e.id.clone().expect("deletes have an id"),
            },
        };
        ops.push(Op {
            name: e.name.clone(),
            kind,
        });
    }
    ops
}

/// A progress bar on a terminal, plain lines otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(ctx: &Ctx, total: usize) -> Self {
        let on_terminal = std::io::stderr().is_terminal() && !ctx.out.quiet && total > 0;
        let bar = on_terminal.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Self { bar }
    }

    fn report(&self, ctx: &Ctx, o: &Outcome) {
        let line = o.line();
        match &self.bar {
            Some(bar) => {
                bar.println(line);
                bar.inc(1);
            }
            None if o.failed() => eprint_line(&line),
            None => ctx.out.note(&line),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
