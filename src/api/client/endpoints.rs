//! The API's endpoints as typed calls on [`Client`]: webhooks (listing every page, finding by
//! name or id, create and change that survive a lost answer, delete), their deliveries (the
//! log, one in full, replay, follow) and the token check. The transport, retries and error
//! mapping they go through are the parent module's.

use super::*;

impl Client {
    /// Every webhook (all pages), optionally only those with a name (case-insensitive).
    ///
    /// The pages up to `X-Total-Count` are fetched a few at a time, stopping at one that comes
    /// back short (a total too high); while the last page is still full (a total too low, or
    /// none), the next is read.
    pub(crate) async fn list_webhooks(&self, name: Option<&str>) -> Result<Vec<Webhook>> {
        let (mut all, total) = self.webhooks_page(name, 0).await?;
        let per_page = all.len();
        let mut seen = HashSet::new();
        distinct(&mut seen, &all)?;
        // A full page: as long as asked for when the first page holds the whole total; as long
        // as the first otherwise (the server may cap `limit`; a total below the first page's
        // length, or none, says nothing).
        let full = match total {
            Some(t) if t == per_page => PAGE,
            _ => per_page,
        };
        let mut last = per_page;
        if let Some(total) = total.filter(|&t| per_page > 0 && t > per_page) {
            let mut pages = stream::iter((per_page..total).step_by(per_page))
                .map(|skip| async move { self.webhooks_page(name, skip).await })
                .buffered(4);
            while last == per_page
                && let Some((page, _)) = pages.try_next().await?
            {
                distinct(&mut seen, &page)?;
                last = page.len();
                all.extend(page);
            }
        }
        while per_page > 0 && last == full {
            let (page, _) = self.webhooks_page(name, all.len()).await?;
            distinct(&mut seen, &page)?;
            last = page.len();
            all.extend(page);
        }
        Ok(all)
    }

    /// One page of the webhook list from `skip`, and the total the server gives.
    async fn webhooks_page(
        &self,
        name: Option<&str>,
        skip: usize,
    ) -> Result<(Vec<Webhook>, Option<usize>)> {
        let mut q = vec![("limit", PAGE.to_string()), ("skip", skip.to_string())];
        if let Some(n) = name {
            q.push(("name", n.to_string()));
        }
        let (page, total): (Vec<Webhook>, _) =
            self.get(paths::WEBHOOKS, &q, "list webhooks").await?;
        let page = page.into_iter().map(|w| self.absolute_url(w)).collect();
        Ok((page, total))
    }

    /// One webhook by id.
    pub(crate) async fn get_webhook(&self, id: &str) -> Result<Webhook> {
        let path = format!("{}/{}", paths::WEBHOOKS, enc(id));
        let (w, _) = self.get(&path, &[], "show webhook").await?;
        Ok(self.absolute_url(w))
    }

    /// A webhook by name (compared as the domain module compares names) or id.
    ///
    /// An argument in the form of an id (a UUID, or only digits) is an id and nothing else: no
    /// name may take that form, so `delete <id>` can never pick a webhook named like another's
    /// id (one named so before that rule stays reachable by its own id).
    pub(crate) async fn find(&self, name_or_id: &str) -> Result<Webhook> {
        if crate::domain::looks_like_id(name_or_id) {
            return match self.get_webhook(name_or_id).await {
                Err(e) if is_not_found(&e) => {
                    Err(CliError::failed(format!("no webhook with id {name_or_id}"))
                        .with_hint("`oomhook list` shows the webhooks and their ids")
                        .into())
                }
                other => other,
            };
        }
        let by_name = self.list_webhooks(Some(name_or_id)).await?;
        if let Some(w) = by_name
            .into_iter()
            .find(|w| name_key(&w.name) == name_key(name_or_id))
        {
            return Ok(w);
        }
        match self.get_webhook(name_or_id).await {
            Ok(w) => Ok(w),
            Err(e) if is_not_found(&e) => {
                // A server whose `name` filter differs (case-sensitive, say): the whole list.
                let key = name_key(name_or_id);
                match self
                    .list_webhooks(None)
                    .await?
                    .into_iter()
                    .find(|w| name_key(&w.name) == key)
                {
                    Some(w) => Ok(w),
                    None => Err(CliError::failed(format!(
                        "no webhook named {name_or_id:?} (nor with that id)"
                    ))
                    .with_hint("`oomhook list` shows the webhooks")
                    .into()),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Creates a webhook; the `Idempotency-Key` makes retries safe.
    pub(crate) async fn create(&self, new: &WebhookCreate) -> Result<Webhook> {
        self.create_inner(new)
            .await
            .map_err(|e| without_secret(e, new.secret.as_ref()))
    }

    async fn create_inner(&self, new: &WebhookCreate) -> Result<Webhook> {
        let key = uuid::Uuid::new_v4().to_string();
        let mut lost = false;
        let sent = self
            .send_noting_loss(
                Method::POST,
                paths::WEBHOOKS,
                &[],
                Some(new),
                &[("Idempotency-Key", key)],
                &mut lost,
            )
            .await;
        let resp = match sent {
            // A server that does not keep Idempotency-Key, and an attempt whose answer was
            // lost: the name is taken by that attempt's webhook if it is the one asked for.
            Err(e) if lost && status_of(&e) == Some(409) => {
                return match self.find(&new.name).await {
                    Ok(w) if created_as_asked(new, &w) => Ok(w),
                    _ => Err(e),
                };
            }
            Err(e) if lost => {
                return Err(with_hint(
                    e,
                    "an attempt may have reached the server before its answer was lost, so the webhook may exist: `oomhook list` shows it",
                ));
            }
            other => other?,
        };
        let status = resp.status();
        self.written(resp, "create webhook", self.find(&new.name))
            .await
            .map_err(|e| {
                with_hint(
                    e,
                    &format!(
                        "the server answered {status}, so the webhook may exist: `oomhook list` shows it"
                    ),
                )
            })
    }

    /// Changes fields of a webhook, optionally only at a version.
    pub(crate) async fn patch(
        &self,
        id: &str,
        patch: &WebhookPatch,
        if_version: Option<u64>,
    ) -> Result<Webhook> {
        self.patch_inner(id, patch, if_version)
            .await
            .map_err(|e| without_secret(e, patch.secret.as_ref()))
    }

    async fn patch_inner(
        &self,
        id: &str,
        patch: &WebhookPatch,
        if_version: Option<u64>,
    ) -> Result<Webhook> {
        let extra: Vec<(&str, String)> = if_version
            .map(|v| ("If-Match", v.to_string()))
            .into_iter()
            .collect();
        let mut lost = false;
        let sent = self
            .send_noting_loss(
                Method::PATCH,
                &format!("{}/{}", paths::WEBHOOKS, enc(id)),
                &[],
                Some(patch),
                &extra,
                &mut lost,
            )
            .await;
        let resp = match sent {
            // An attempt whose answer was lost moved the version on: the webhook one version
            // later with the patch's values is that attempt's change.
            Err(e) if lost && status_of(&e) == Some(412) => {
                return match (self.get_webhook(id).await, if_version) {
                    (Ok(w), Some(v)) if w.version == v + 1 && patched_as_asked(patch, &w) => Ok(w),
                    _ => Err(e),
                };
            }
            Err(e) if lost => {
                return Err(with_hint(
                    e,
                    "an attempt may have reached the server before its answer was lost, so the change may be made: `oomhook show` tells",
                ));
            }
            other => other?,
        };
        let w = self
            .written(resp, "update webhook", self.get_webhook(id))
            .await?;
        // At `v` (nothing changed) or one on: anything else was not asked at `v`.
        if let Some(v) = if_version
            && !(v..=v + 1).contains(&w.version)
        {
            self.out.warn(&format!(
                "the server answered webhook {} at version {} to a change asked only at version {v}: it may not honour If-Match",
                w.name, w.version
            ));
        }
        Ok(w)
    }

    /// Deletes a webhook. When a retry finds it already gone after an attempt whose answer was
    /// lost, that attempt deleted it, and the call succeeds.
    pub(crate) async fn delete(&self, id: &str) -> Result<()> {
        self.send(
            Method::DELETE,
            &format!("{}/{}", paths::WEBHOOKS, enc(id)),
            &[],
            None,
            &[],
        )
        .await?;
        Ok(())
    }

    /// The newest deliveries of a webhook.
    pub(crate) async fn deliveries(&self, id: &str, limit: u32) -> Result<Vec<LoggedDelivery>> {
        let q = [
            ("limit", limit.clamp(1, 1000).to_string()),
            ("skip", "0".to_string()),
        ];
        let path = format!("{}/{}/deliveries", paths::WEBHOOKS, enc(id));
        let (log, _) = self.get(&path, &q, "list deliveries").await?;
        Ok(log)
    }

    /// One entry of a webhook's delivery log, with the payload its request carried (`null`
    /// once the server pruned it).
    pub(crate) async fn delivery(&self, id: &str, delivery_id: &str) -> Result<serde_json::Value> {
        let path = format!(
            "{}/{}/deliveries/{}",
            paths::WEBHOOKS,
            enc(id),
            enc(delivery_id)
        );
        let (d, _) = self.get(&path, &[], "show delivery").await?;
        Ok(d)
    }

    /// Runs a recorded delivery again through the webhook's current body (`oomhook replay`):
    /// the new log entries, one per item of its request.
    pub(crate) async fn replay(&self, id: &str, delivery_id: &str) -> Result<Vec<LoggedDelivery>> {
        #[derive(serde::Deserialize)]
        struct Answer {
            deliveries: Vec<LoggedDelivery>,
        }
        let path = format!(
            "{}/{}/deliveries/{}/replay",
            paths::WEBHOOKS,
            enc(id),
            enc(delivery_id)
        );
        let resp = self.send(Method::POST, &path, &[], None, &[]).await?;
        let encoding = content_encoding(&resp);
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| body_error(&e, "replay delivery"))?;
        let answer: Answer = serde_json::from_slice(&bytes)
            .map_err(|e| not_as_described("replay delivery", &e, encoding))?;
        Ok(answer.deliveries)
    }

    /// The webhook's log entries after `after` (a cursor from an earlier answer; `None`: from
    /// now on), oldest first, waiting up to `wait` seconds for one; and the next cursor.
    pub(crate) async fn follow(
        &self,
        id: &str,
        after: Option<&str>,
        wait: u64,
    ) -> Result<(String, Vec<LoggedDelivery>)> {
        #[derive(serde::Deserialize)]
        struct Answer {
            cursor: String,
            deliveries: Vec<LoggedDelivery>,
        }
        let mut q = vec![("wait", wait.to_string())];
        if let Some(a) = after {
            q.push(("after", a.to_string()));
        }
        let path = format!("{}/{}/deliveries/follow", paths::WEBHOOKS, enc(id));
        let (a, _): (Answer, _) = self.get(&path, &q, "follow deliveries").await?;
        Ok((a.cursor, a.deliveries))
    }

    /// Checks that the token is accepted (a one-item list).
    pub(crate) async fn check_token(&self) -> Result<usize> {
        let q = [("limit", "1".to_string()), ("skip", "0".to_string())];
        let resp = self
            .send(Method::GET, paths::WEBHOOKS, &q, None, &[])
            .await?;
        Ok(total_count(&resp).unwrap_or(0))
    }
}
