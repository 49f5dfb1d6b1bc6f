//! `config show` and `config path`.

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::cli::ConfigCommand;
use crate::output::{Tabular, new_table};
use crate::preset::Registry;

#[derive(Serialize)]
struct Setting {
    name: &'static str,
    value: String,
    source: String,
}

#[derive(Serialize)]
#[serde(transparent)]
struct Settings(Vec<Setting>);

impl Tabular for Settings {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["SETTING", "VALUE", "SOURCE"]);
        for s in &self.0 {
            t.add_row([s.name, &s.value, &s.source]);
        }
        t
    }
}

pub(super) fn run(cmd: ConfigCommand, ctx: &Ctx) -> Result<()> {
    let s = ctx.settings()?;
    match cmd {
        ConfigCommand::Path => ctx.out.line(&s.config_path.value.display().to_string()),
        ConfigCommand::Show => {
            let token = match s.token() {
                Ok(t) => (crate::secrets::REDACTED.to_string(), t.source.to_string()),
                Err(_) => ("(none)".to_string(), "run `oomhook login`".to_string()),
            };
            let presets_dir = ctx
                .global
                .presets_dir
                .clone()
                .or_else(Registry::default_user_dir);
            let presets_source = if ctx.global.presets_dir.is_some() {
                "flag or env"
            } else {
                "default"
            };
            let rows = vec![
                Setting {
                    name: "config",
                    value: s.config_path.value.display().to_string(),
                    source: s.config_path.source.to_string(),
                },
                Setting {
                    name: "profile",
                    value: s.profile.value.clone(),
                    source: s.profile.source.to_string(),
                },
                Setting {
                    name: "url",
                    value: s.url.value.clone(),
                    source: s.url.source.to_string(),
                },
                Setting {
                    name: "token",
                    value: token.0,
                    source: token.1,
                },
                Setting {
                    name: "token_file",
                    value: s.token_file.value.display().to_string(),
                    source: s.token_file.source.to_string(),
                },
                Setting {
                    name: "presets_dir",
                    value: presets_dir
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    source: presets_source.to_string(),
                },
                Setting {
                    name: "no_input",
                    value: s.no_input.to_string(),
                    source: if s.no_input { "flag or env" } else { "default" }.to_string(),
                },
            ];
            ctx.out.data(&Settings(rows))
        }
    }
}
