//! Sending a request as a vendor would: one signed POST to a webhook URL, for `oomhook send`.
//! This is not the Oomnitza API (no token, no retries): the request goes once, as built, and
//! its answer is returned whatever its status, for the command to explain.

use std::time::Duration;

use anyhow::Result;

use crate::error::CliError;

/// The webhook's answer to a vendor request.
#[derive(Debug)]
pub(crate) struct Delivered {
    pub status: u16,
    /// Where a 3xx answer points (it is not followed).
    pub location: Option<String>,
    /// The answer's body as text (empty when it could not be read).
    pub text: String,
}

/// POSTs `payload` with `headers` to `url`, once.
pub(crate) async fn deliver(
    url: &str,
    headers: &[(String, String)],
    payload: Vec<u8>,
    timeout: Duration,
) -> Result<Delivered> {
    // A vendor's request is not sent on to where a redirect points (the secret would go with
    // it): a 3xx is the answer.
    let http = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let mut req = http.post(url).body(payload);
    for (k, v) in headers {
        req = req.header(k, v);
    }
    let resp = req.send().await.map_err(|e| {
        CliError::unreachable(format!("could not deliver to {url}: {e}"))
            .with_hint("is the webhook URL reachable from here?")
    })?;
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = resp.text().await.unwrap_or_default();
    Ok(Delivered {
        status,
        location,
        text,
    })
}
