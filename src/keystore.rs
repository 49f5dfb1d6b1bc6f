//! The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows),
//! with a time limit: a keyring that does not answer within a few seconds (a locked or absent
//! Secret Service on a headless machine) counts as absent, so nothing ever hangs.

use std::sync::mpsc;
use std::time::Duration;

use crate::env_vars;
use crate::secrets::Secret;

/// The keyring service name entries are saved under; the account is the profile name.
pub(crate) const SERVICE: &str = "oomhook";

/// Whether the keyring may be used (`OOMHOOK_KEYRING=0` turns it off).
pub(crate) fn enabled() -> bool {
    std::env::var(env_vars::OOMHOOK_KEYRING)
        .map_or(true, |v| v != "0" && !v.eq_ignore_ascii_case("false"))
}

fn timeout() -> Duration {
    let secs = std::env::var(env_vars::OOMHOOK_KEYRING_TIMEOUT)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3.0f64);
    Duration::from_secs_f64(secs.clamp(0.1, 60.0))
}

/// Runs a keyring call on its own thread and gives up after the time limit.
fn with_timeout<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(timeout()).ok()
}

/// Why the keyring refused, in words: when no credential store could be set up (no Secret
/// Service on the session bus, or no session bus), the reason it failed.
fn describe(e: &keyring::Error) -> String {
    match (e, keyring::Entry::store_status()) {
        (keyring::Error::NoDefaultStore, Err(why)) => why.to_string(),
        (keyring::Error::NoDefaultStore, Ok(())) => "no credential store could be set up".into(),
        _ => e.to_string(),
    }
}

/// The token saved for a profile, if the keyring has one and answers in time.
pub(crate) fn get(profile: &str) -> Option<Secret> {
    if !enabled() {
        return None;
    }
    let profile = profile.to_string();
    with_timeout(move || {
        let entry = keyring::Entry::new(SERVICE, &profile).ok()?;
        entry.get_password().ok().map(Secret::new)
    })
    .flatten()
}

/// Saves a profile's token; the error says why the keyring could not take it.
pub(crate) fn set(profile: &str, token: &Secret) -> Result<(), String> {
    if !enabled() {
        return Err(format!(
            "the keyring is turned off ({}=0)",
            env_vars::OOMHOOK_KEYRING
        ));
    }
    let (profile, token) = (profile.to_string(), token.expose().to_string());
    match with_timeout(move || {
        let entry = keyring::Entry::new(SERVICE, &profile).map_err(|e| describe(&e))?;
        entry.set_password(&token).map_err(|e| describe(&e))?;
        // Read it back: some stores accept a write they cannot keep.
        match entry.get_password() {
            Ok(t) if t == token => Ok(()),
            Ok(_) => Err("the keyring returned another value".to_string()),
            Err(e) => Err(describe(&e)),
        }
    }) {
        Some(r) => r,
        None => Err(format!("no keyring answered within {:?}", timeout())),
    }
}

/// Removes a profile's token; true when there was one.
pub(crate) fn delete(profile: &str) -> Result<bool, String> {
    if !enabled() {
        return Ok(false);
    }
    let profile = profile.to_string();
    match with_timeout(move || {
        let entry = keyring::Entry::new(SERVICE, &profile).map_err(|e| describe(&e))?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(describe(&e)),
        }
    }) {
        Some(r) => r,
        None => Err(format!("no keyring answered within {:?}", timeout())),
    }
}
