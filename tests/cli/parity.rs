//! Jinja2 parity: every case in tests/parity is rendered by `oomhook preview --raw` and by
//! Python's Jinja2, and the bytes must be equal (tests/parity/run.py does the comparing).

use std::process::Command;

#[test]
fn templates_render_as_python_jinja2_renders_them() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = std::env::var("OOMHOOK_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_jinja = Command::new(&python)
        .args(["-c", "import jinja2"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has_jinja,
        "Python's jinja2 is needed for the parity suite: run scripts/test.sh, which installs it"
    );
    let out = Command::new(&python)
        .arg(root.join("tests/parity/run.py"))
        .arg("--bin")
        .arg(crate::common::bin())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "parity failures:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("parity: ") && last.contains(" 0 failed"),
        "{last}"
    );
}
