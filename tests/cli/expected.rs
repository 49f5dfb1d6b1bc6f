//! `oomhook test`: every bundled preset against its expected bodies, a changed expected body
//! failing with a diff that names the preset and the sample, `--update` rewriting it, a user
//! presets folder given as PATH, and bad input.

use std::path::{Path, PathBuf};

use crate::common::{Env, Run, run};

fn presets_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("presets")
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

fn no_panic(r: &Run) {
    assert!(!r.stderr.contains("panicked"), "panic: {}", r.stderr);
}

#[test]
fn every_bundled_preset_renders_its_expected_bodies() {
    let env = Env::new();
    let r = run(env.cmd().args(["test", "-o", "json"]), None).ok();
    let outcomes = r.json();
    let outcomes = outcomes.as_array().unwrap();
    // Every sample of every preset is there, and passes.
    let list = run(env.cmd().args(["presets", "list", "-o", "json"]), None)
        .ok()
        .json();
    let mut samples = 0;
    for p in list.as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let shown = run(env.cmd().args(["presets", "show", id, "-o", "json"]), None)
            .ok()
            .json();
        for s in shown["samples"].as_array().unwrap() {
            samples += 1;
            let name = s["name"].as_str().unwrap();
            let o = outcomes
                .iter()
                .find(|o| o["preset"] == id && o["sample"] == name)
                .unwrap_or_else(|| panic!("{id}/{name} not tested"));
            assert_eq!(o["status"], "pass", "{o}");
        }
    }
    assert_eq!(outcomes.len(), samples);
    assert!(r.stderr.contains("every body as expected"), "{}", r.stderr);

    // The same files in the source tree pass when given as PATH.
    let r = run(env.cmd().arg("test").arg(presets_src()), None).ok();
    assert!(
        r.stderr.contains(&format!("{samples} samples")),
        "{}",
        r.stderr
    );
}

#[test]
fn a_changed_expected_body_fails_with_a_diff_and_update_rewrites_it() {
    let env = Env::new();
    let dir = env.path().join("okta");
    copy_tree(&presets_src().join("okta"), &dir);
    let file = dir.join("expected/okta-user-deactivated/deactivate.json");
    let original = std::fs::read_to_string(&file).unwrap();
    assert!(original.contains("\"status\": \"Inactive\""), "{original}");
    std::fs::write(&file, original.replace("Inactive", "Active")).unwrap();

    let r = run(env.cmd().arg("test").arg(&dir), None);
    no_panic(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("preset okta-user-deactivated sample deactivate: the body differs from"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("-    \"status\": \"Active\"\n+    \"status\": \"Inactive\""),
        "{}",
        r.stderr
    );
    let samples: usize = std::fs::read_dir(presets_src().join("okta"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .filter(|l| l.trim_start().starts_with("- name:"))
                .count()
        })
        .sum();
    assert!(
        r.stderr.contains(&format!("1 of {samples} samples failed")),
        "{}",
        r.stderr
    );
    // Not a terminal: the outcomes as JSON, the diff with them.
    let v = r.json();
    let failed: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] != "pass")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["preset"], "okta-user-deactivated");
    assert_eq!(failed[0]["status"], "fail");
    assert!(
        failed[0]["diff"]
            .as_str()
            .unwrap()
            .contains("+    \"status\": \"Inactive\"")
    );

    // A table on request.
    let r = run(env.cmd().arg("test").arg(&dir).args(["-o", "table"]), None).code(1);
    assert!(r.stdout.contains("okta-user-deactivated"), "{}", r.stdout);
    assert!(r.stdout.contains("FAIL"), "{}", r.stdout);

    let r = run(env.cmd().arg("test").arg(&dir).arg("--update"), None).ok();
    assert!(
        r.stderr.contains("1 expected file(s) written"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    run(env.cmd().arg("test").arg(&dir), None).ok();

    // Field order and spacing do not count: only the values do.
    let v: serde_json::Value = serde_json::from_str(&original).unwrap();
    let body = &v[0];
    let mut keys: Vec<_> = body.as_object().unwrap().iter().collect();
    keys.reverse();
    let reordered: serde_json::Map<_, _> = keys
        .into_iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    std::fs::write(&file, serde_json::to_string(&[reordered]).unwrap()).unwrap();
    run(env.cmd().arg("test").arg(&dir), None).ok();
}

#[test]
fn a_template_change_is_caught_and_a_user_folder_is_tested_as_path() {
    let env = Env::new();
    // A preset of one's own, no expected bodies yet, in the user presets folder.
    let dir = env.home().join(".config/oomhook/presets/acme");
    std::fs::create_dir_all(dir.join("samples")).unwrap();
    let yaml = std::fs::read_to_string(presets_src().join("okta/okta-user-suspended.yaml"))
        .unwrap()
        .replace("id: okta-user-suspended", "id: acme-user-suspended");
    std::fs::write(dir.join("acme-user-suspended.yaml"), &yaml).unwrap();
    for sample in std::fs::read_dir(presets_src().join("okta/samples")).unwrap() {
        let sample = sample.unwrap().path();
        std::fs::copy(
            &sample,
            dir.join("samples").join(sample.file_name().unwrap()),
        )
        .unwrap();
    }

    let r = run(env.cmd().arg("test").arg(&dir), None);
    no_panic(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("no expected bodies yet"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("oomhook test {} --update", dir.display())),
        "{}",
        r.stderr
    );
    assert!(
        !dir.join("expected").exists(),
        "nothing written without --update"
    );

    let r = run(env.cmd().arg("test").arg(&dir).arg("--update"), None).ok();
    let written = dir.join("expected/acme-user-suspended/suspend.json");
    let text = std::fs::read_to_string(&written).unwrap();
    let bodies: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bodies.as_array().unwrap().len(), 1, "{text}");
    assert!(bodies[0]["status"].is_string(), "{text}");
    assert_eq!(r.json()[0]["status"], "updated");
    run(env.cmd().arg("test").arg(&dir), None).ok();

    // Without PATH, the user folder is tested with the bundled presets.
    let v = run(env.cmd().args(["test", "-o", "json"]), None)
        .ok()
        .json();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|o| o["preset"] == "acme-user-suspended" && o["status"] == "pass"),
        "{v}"
    );

    // The template changes: the diff shows the field it changed.
    let changed = yaml.replace("\"status\": \"Suspended\"", "\"status\": \"On hold\"");
    assert_ne!(changed, yaml, "the sample preset sets status Suspended");
    std::fs::write(dir.join("acme-user-suspended.yaml"), changed).unwrap();
    let r = run(env.cmd().arg("test").arg(&dir), None).code(1);
    assert!(
        r.stderr
            .contains("preset acme-user-suspended sample suspend"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("+    \"status\": \"On hold\""),
        "{}",
        r.stderr
    );

    // A template error names preset and sample, with the caret under the culprit.
    let broken = yaml.replace("\"status\": \"Suspended\"", "\"status\": {{ nope }}");
    std::fs::write(dir.join("acme-user-suspended.yaml"), broken).unwrap();
    let r = run(env.cmd().arg("test").arg(&dir), None).code(1);
    assert!(
        r.stderr.contains(
            "preset acme-user-suspended sample suspend: item 0: body of acme-user-suspended:"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("^^^^"), "{}", r.stderr);
}

#[test]
fn bad_input_is_a_clear_error_with_nothing_written() {
    let env = Env::new();
    let dir = env.path().join("okta");
    copy_tree(&presets_src().join("okta"), &dir);
    let file = dir.join("expected/okta-user-created/create.json");
    std::fs::write(&file, "[{\"a\": 1}").unwrap();

    // A PATH that does not exist: nothing else is tested or written, even with --update.
    let r = run(
        env.cmd()
            .arg("test")
            .arg(&dir)
            .arg(env.path().join("nope"))
            .arg("--update"),
        None,
    );
    no_panic(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("nope: no such file or folder"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "[{\"a\": 1}");

    // An expected file that is not JSON: file, line and column.
    let r = run(env.cmd().arg("test").arg(&dir), None).code(1);
    assert!(
        r.stderr.contains(&format!("{}:1:", file.display())),
        "{}",
        r.stderr
    );
    // One that is JSON but not a list of bodies.
    std::fs::write(&file, "{\"a\": 1}").unwrap();
    let r = run(env.cmd().arg("test").arg(&dir), None).code(1);
    assert!(
        r.stderr.contains("expected a JSON array of bodies"),
        "{}",
        r.stderr
    );

    // A folder without presets.
    let empty = env.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let r = run(env.cmd().arg("test").arg(&empty), None).code(1);
    assert!(r.stderr.contains("no presets"), "{}", r.stderr);
}
