//! Jinja2 parity: every case in tests/parity/cases is rendered by `oomhook preview --raw` and
//! must give, byte for byte, the `expected` bytes checked in beside it (Jinja2's rendering,
//! written by tests/parity/regenerate.py), so this needs no Python. A second test renders the
//! cases with Python's Jinja2 to catch drift: it runs wherever Python has jinja2, and CI (where
//! `CI` is set) must have it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Env, run};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parity")
}

fn case_dirs(folder: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// `oomhook preview --raw` of a case: its stdout, or the exit status and stderr.
fn render(env: &Env, case: &Path) -> Result<Vec<u8>, String> {
    let args = std::fs::read_to_string(case.join("args")).unwrap_or_default();
    let out = env
        .cmd()
        .arg("preview")
        .arg("--template")
        .arg(case.join("template.j2"))
        .arg("--payload")
        .arg(case.join("payload.json"))
        .arg("--raw")
        .args(args.split_whitespace())
        .output()
        .unwrap();
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!(
            "exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn templates_render_the_bytes_jinja2_renders() {
    let env = Env::new();
    let cases = case_dirs("cases");
    assert!(cases.len() >= 250, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let expected = std::fs::read(case.join("expected"))
            .unwrap_or_else(|_| panic!("{}: no expected file", case.display()));
        match render(&env, case) {
            Ok(got) if got == expected => {}
            got => failures.push(format!(
                "{}:\n  jinja2:  {:?}\n  oomhook: {:?}",
                case.file_name().unwrap().to_string_lossy(),
                String::from_utf8_lossy(&expected),
                got.map(|g| String::from_utf8_lossy(&g).into_owned())
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // The known differences still differ (one that matches belongs in cases/).
    for case in case_dirs("known-differences") {
        let expected = std::fs::read(case.join("expected")).unwrap();
        assert_ne!(
            render(&env, &case).ok(),
            Some(expected),
            "{} now matches Jinja2: move it to cases/ and out of DIFFERENCES.md",
            case.display()
        );
    }
}

#[test]
fn the_checked_in_bytes_are_what_jinja2_renders() {
    let python = std::env::var("OOMHOOK_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_jinja = Command::new(&python)
        .args(["-c", "import jinja2"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_jinja {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Python's jinja2 to check the parity cases for drift \
             (scripts/test.sh installs it)"
        );
        return;
    }
    let r = run(
        Command::new(&python)
            .arg(root().join("regenerate.py"))
            .arg("--check"),
        None,
    );
    assert_eq!(
        r.code, 0,
        "Jinja2 renders some cases differently from their expected bytes (run \
         tests/parity/regenerate.py after checking why):\n{}{}",
        r.stdout, r.stderr
    );
    assert!(r.stdout.contains(", 0 stale"), "{}", r.stdout);
}
