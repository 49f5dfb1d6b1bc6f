//! A delivery as a preset reads it: its items (one, or the list at `items`), each item's vendor
//! event type (`event_type`) and event id (`event_id`), and the template context of an item.
//! `serve`, `preview` and `validate` all read deliveries through here, so they agree on what a
//! batch holds and which of its items a preset handles (presets/README.md, "Batches and event
//! filters").

use minijinja::Value;
use minijinja::value::ValueKind;

use super::Preset;
use crate::signature::{self, EventIdSource, Headers};
use crate::template;

/// The value at a dotted path (numeric segments index lists), if there is one.
pub fn at_path(value: &Value, path: &str) -> Option<Value> {
    let mut value = value.clone();
    for segment in path.split('.') {
        let key = match value.kind() {
            ValueKind::Map => Value::from(segment),
            ValueKind::Seq => Value::from(signature::parse_index(segment)?),
            _ => return None,
        };
        value = value.get_item(&key).ok().filter(|v| !v.is_undefined())?;
    }
    Some(value)
}

/// A string, or a number as text; anything else is no value.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value.kind() {
        ValueKind::String => value.as_str().map(str::to_string),
        ValueKind::Number => Some(value.to_string()),
        _ => None,
    }
}

/// One item of a delivery: its index in the batch (`None` when the preset does not batch) and
/// its value (the whole payload when the preset does not batch).
#[derive(Debug, Clone)]
pub struct Item {
    pub index: Option<usize>,
    pub value: Value,
}

/// The items of a delivery: the payload itself, or each element of the list at `items`. An
/// error (the message says what is wrong) when the list is not there.
pub fn items(preset: &Preset, payload: &Value) -> Result<Vec<Item>, String> {
    let Some(path) = &preset.items else {
        return Ok(vec![Item {
            index: None,
            value: payload.clone(),
        }]);
    };
    match at_path(payload, path) {
        Some(list) if list.kind() == ValueKind::Seq => Ok(list
            .try_iter()
            .map_err(|e| e.to_string())?
            .enumerate()
            .map(|(i, value)| Item {
                index: Some(i),
                value,
            })
            .collect()),
        Some(other) => Err(format!(
            "the payload's `{path}` is not a list of items (it is {})",
            other.kind()
        )),
        None => Err(format!("the payload has no `{path}` (the list of items)")),
    }
}

/// What the event filter makes of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventType {
    /// The preset has no `event_type`: every item is taken.
    Unfiltered,
    /// One of the preset's `vendor_events`.
    Handled(String),
    /// A type the preset does not handle.
    Unhandled(String),
    /// No type where the preset reads it.
    Missing,
}

impl EventType {
    /// The type read, if one was.
    pub fn name(&self) -> Option<&str> {
        match self {
            EventType::Handled(t) | EventType::Unhandled(t) => Some(t),
            EventType::Unfiltered | EventType::Missing => None,
        }
    }

    /// Why an item is skipped (a reason code and a message), or `None` when it is taken.
    pub fn skip(&self, preset: &Preset) -> Option<(&'static str, String)> {
        let src = preset.event_type.as_ref()?;
        match self {
            EventType::Unfiltered | EventType::Handled(_) => None,
            EventType::Unhandled(t) => Some((
                "event_type_not_handled",
                format!(
                    "event type {t} is not one this webhook handles ({})",
                    preset.vendor_events.join(", ")
                ),
            )),
            EventType::Missing => Some((
                "event_type_missing",
                format!("no event type in {}", src.describe()),
            )),
        }
    }
}

/// The vendor event type of an item, checked against the preset's `vendor_events`.
pub fn event_type(preset: &Preset, headers: &Headers, item: &Item) -> EventType {
    let Some(src) = &preset.event_type else {
        return EventType::Unfiltered;
    };
    match src.read(
        |name| headers.get(name).map(str::to_string),
        |path| at_path(&item.value, path).as_ref().and_then(scalar_text),
    ) {
        Some(t) if preset.handles(&t) => EventType::Handled(t),
        Some(t) => EventType::Unhandled(t),
        None => EventType::Missing,
    }
}

/// A Microsoft Graph lifecycle notification (`lifecycleEvent`: reauthorizationRequired,
/// subscriptionRemoved, missed) in a preset with the `graph_validation` handshake: acknowledged
/// and skipped, never applied. The reason code and message when the item is one.
pub fn lifecycle(preset: &Preset, item: &Item) -> Option<(&'static str, String)> {
    if preset.handshake != crate::signature::Handshake::GraphValidation {
        return None;
    }
    let event = at_path(&item.value, "lifecycleEvent").and_then(|v| scalar_text(&v))?;
    Some((
        "lifecycle_notification",
        format!(
            "lifecycle notification {event} acknowledged, nothing changed (see the preset's \
             setup about renewing the subscription)"
        ),
    ))
}

/// Whether `serve` would render this item: not a lifecycle notification, and of an event type
/// the preset handles (a batch of mixed types is expected to skip some).
pub fn is_handled(preset: &Preset, headers: &Headers, item: &Item) -> bool {
    lifecycle(preset, item).is_none() && event_type(preset, headers, item).skip(preset).is_none()
}

/// The vendor's id of an item, for dedupe: `event_id.path` is read from the item; a header id
/// is the delivery's, so a batched item's id is `<header value>#<index>`.
pub fn event_id(preset: &Preset, headers: &Headers, item: &Item) -> Option<String> {
    let source = preset.event_id.as_ref()?;
    let id = signature::event_id_by(source, headers, |segments| {
        let mut value = item.value.clone();
        for segment in segments {
            let key = match value.kind() {
                ValueKind::Map => Value::from(segment),
                ValueKind::Seq => Value::from(signature::parse_index(segment)?),
                _ => return None,
            };
            value = value.get_item(&key).ok().filter(|v| !v.is_undefined())?;
        }
        scalar_text(&value)
    })?;
    let id = match &preset.event_id_scope {
        Some(scope) => format!("{}/{id}", headers.get(scope).unwrap_or_default().trim()),
        None => id,
    };
    match (source, item.index) {
        (EventIdSource::Header(_), Some(i)) => Some(format!("{id}#{i}")),
        _ => Some(id),
    }
}

/// The template context of an item: the payload's keys, `headers`, `oomnitza_event`, and for
/// a batched item `item` and `item_index`.
pub fn context(payload: &Value, headers: Value, event: Option<&str>, item: &Item) -> Value {
    match item.index {
        None => template::context_of(payload.clone(), headers, event),
        Some(i) => {
            template::context_of_item(payload.clone(), headers, event, item.value.clone(), i)
        }
    }
}

/// The template context of the first item of a payload that the preset handles (for a
/// one-body preview of a sample); an error says why there is none.
pub fn first_context(
    preset: &Preset,
    payload: &Value,
    headers: &std::collections::BTreeMap<String, String>,
    event: Option<&str>,
) -> Result<Value, String> {
    let sig = headers_of(headers);
    let items = items(preset, payload)?;
    let item = items
        .iter()
        .find(|i| event_type(preset, &sig, i).skip(preset).is_none())
        .ok_or_else(|| {
            format!(
                "no item is of an event type the preset handles ({})",
                preset.vendor_events.join(", ")
            )
        })?;
    Ok(context(
        payload,
        template::headers_value(headers),
        event,
        item,
    ))
}

/// The template context of every item of a payload that `serve` would render (a batch sample
/// has several, an item of another type none), with its index in the batch; an error says why
/// the payload has no items.
pub fn handled_contexts(
    preset: &Preset,
    payload: &Value,
    headers: &std::collections::BTreeMap<String, String>,
    event: Option<&str>,
) -> Result<Vec<(Option<usize>, Value)>, String> {
    let sig = headers_of(headers);
    let headers_value = template::headers_value(headers);
    Ok(items(preset, payload)?
        .iter()
        .filter(|i| is_handled(preset, &sig, i))
        .map(|i| (i.index, context(payload, headers_value.clone(), event, i)))
        .collect())
}

/// Headers from name/value pairs (a sample's, or those given to preview).
pub fn headers_of<'a>(pairs: impl IntoIterator<Item = (&'a String, &'a String)>) -> Headers {
    let mut out = Headers::new();
    for (k, v) in pairs {
        out.push(k.as_str(), v.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preset(extra: &str) -> Preset {
        let yaml = format!(
            "id: t\nvendor: v\nvendor_name: V\ntitle: T\ndescription: d\n\
             vendor_events: [a.one, a.two]\nevent: create_user\nsecret_type: header\n\
             auth: {{header: {{header: Authorization}}}}\nhandshake: none\n\
             body: '{{}}'\nsync_keys: [username]\nsamples: [{{name: s, file: s.json}}]\n{extra}"
        );
        Preset::from_yaml(&yaml, "t.yaml").unwrap()
    }

    #[test]
    fn items_are_the_payload_or_the_list_at_the_path() {
        let payload =
            template::json::parse(r#"{"data": {"events": [{"k": 1}, {"k": 2}]}}"#).unwrap();
        let single = items(&preset(""), &payload).unwrap();
        assert_eq!(single.len(), 1);
        assert_eq!(single[0].index, None);
        let batch = items(&preset("items: data.events"), &payload).unwrap();
        assert_eq!(batch.len(), 2);
        assert_eq!(batch[1].index, Some(1));
        assert_eq!(at_path(&batch[1].value, "k").unwrap().to_string(), "2");
        let err = items(&preset("items: data"), &payload).unwrap_err();
        assert!(err.contains("`data` is not a list"), "{err}");
        let err = items(&preset("items: nope"), &payload).unwrap_err();
        assert!(err.contains("no `nope`"), "{err}");
    }

    #[test]
    fn the_event_type_joins_header_and_path_and_is_checked() {
        let p = preset("event_type: {header: X-Kind, path: action}");
        let mut h = Headers::new();
        h.push("x-kind", "a".to_string());
        let item = |text: &str| Item {
            index: None,
            value: template::json::parse(text).unwrap(),
        };
        assert_eq!(
            event_type(&p, &h, &item(r#"{"action": "one"}"#)),
            EventType::Handled("a.one".into())
        );
        let other = event_type(&p, &h, &item(r#"{"action": "three"}"#));
        assert_eq!(other, EventType::Unhandled("a.three".into()));
        let (code, msg) = other.skip(&p).unwrap();
        assert_eq!(code, "event_type_not_handled");
        assert!(
            msg.contains("a.three") && msg.contains("a.one, a.two"),
            "{msg}"
        );
        assert_eq!(event_type(&p, &h, &item("{}")), EventType::Missing);
        assert_eq!(
            event_type(&p, &Headers::new(), &item(r#"{"action": "one"}"#)),
            EventType::Missing
        );
        assert_eq!(
            event_type(&preset(""), &h, &item("{}")),
            EventType::Unfiltered
        );
    }

    #[test]
    fn a_header_event_id_is_made_unique_per_item() {
        let p = preset("event_id: {header: X-Id}\nitems: list");
        let mut h = Headers::new();
        h.push("X-Id", "d-1".to_string());
        let it = Item {
            index: Some(3),
            value: Value::from(()),
        };
        assert_eq!(event_id(&p, &h, &it).as_deref(), Some("d-1#3"));
        let p = preset("event_id: {path: uuid}\nitems: list");
        let it = Item {
            index: Some(0),
            value: template::json::parse(r#"{"uuid": "u-7"}"#).unwrap(),
        };
        assert_eq!(event_id(&p, &h, &it).as_deref(), Some("u-7"));
    }

    #[test]
    fn a_scoped_event_id_is_unique_per_scope() {
        let p =
            preset("event_id: {header: X-Goog-Message-Number}\nevent_id_scope: X-Goog-Channel-ID");
        let it = Item {
            index: None,
            value: Value::from(()),
        };
        let key = |channel: &str| {
            let mut h = Headers::new();
            h.push("X-Goog-Message-Number", "1".to_string());
            h.push("X-Goog-Channel-ID", channel.to_string());
            event_id(&p, &h, &it)
        };
        assert_eq!(key("chan-a").as_deref(), Some("chan-a/1"));
        assert_ne!(key("chan-a"), key("chan-b"));
    }
}
