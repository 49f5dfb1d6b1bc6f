//! Request headers as received.

use std::fmt;

use super::config::{is_header_name, is_header_text};

/// Request headers as received: case-insensitive lookup, order kept, repeated names allowed.
///
/// `Debug` shows the names and the length of each value, never the value: a header may carry
/// a secret.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

/// Why a `Name: value` header line was refused. The message never repeats the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderLineError {
    /// No `:` in the line.
    #[error("expected `Name: value`")]
    MissingColon,
    /// The text before `:` is not a valid header name (not repeated: it may be a mistyped
    /// secret).
    #[error("the text before `:` is not a valid header name")]
    BadName,
    /// The value holds control characters (line breaks, for instance).
    #[error("the value of header `{0}` has control characters")]
    BadValue(String),
}

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Headers(Vec::new())
    }

    /// Append a header, keeping any earlier one of the same name.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// The first value of `name`, compared without regard to ASCII case.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in the order received.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True when a header `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The headers as `(name, value)` in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Number of headers (repeated names count each time).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Parse a `Name: value` line (as given to `-H`). Space around the name and the value is
    /// dropped; the value may be empty.
    ///
    /// # Errors
    ///
    /// A [`HeaderLineError`] without `:`, with an invalid name, or with control characters in
    /// the value.
    pub fn parse_line(line: &str) -> Result<(String, String), HeaderLineError> {
        let (name, value) = line.split_once(':').ok_or(HeaderLineError::MissingColon)?;
        let name = name.trim();
        if !is_header_name(name) {
            return Err(HeaderLineError::BadName);
        }
        let value = value.trim_matches([' ', '\t']);
        if !is_header_text(value.as_bytes()) {
            return Err(HeaderLineError::BadValue(name.to_string()));
        }
        Ok((name.to_string(), value.to_string()))
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Redacted(usize);
        impl fmt::Debug for Redacted {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "<{} bytes>", self.0)
            }
        }
        f.debug_list()
            .entries(self.0.iter().map(|(n, v)| (n, Redacted(v.len()))))
            .finish()
    }
}

impl From<Vec<(String, String)>> for Headers {
    fn from(headers: Vec<(String, String)>) -> Self {
        Headers(headers)
    }
}

impl FromIterator<(String, String)> for Headers {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        Headers(iter.into_iter().collect())
    }
}

impl<'a> FromIterator<(&'a str, &'a str)> for Headers {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(iter: I) -> Self {
        Headers(
            iter.into_iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        )
    }
}

impl Extend<(String, String)> for Headers {
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl IntoIterator for Headers {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_keeps_order() {
        let mut h = Headers::new();
        h.push("X-Slack-Signature", "v0=aa");
        h.push("x-slack-signature", "v0=bb");
        h.push("Content-Type", "application/json");
        assert_eq!(h.get("x-SLACK-signature"), Some("v0=aa"));
        assert_eq!(
            h.get_all("X-SLACK-SIGNATURE").collect::<Vec<_>>(),
            ["v0=aa", "v0=bb"]
        );
        assert_eq!(h.get("content-type"), Some("application/json"));
        assert!(h.contains("CONTENT-TYPE"));
        assert_eq!(h.get("missing"), None);
        assert_eq!(h.len(), 3);
        let names: Vec<_> = h.iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            ["X-Slack-Signature", "x-slack-signature", "Content-Type"]
        );
    }

    #[test]
    fn collect_and_extend() {
        let h: Headers = [("A", "1"), ("b", "2")].into_iter().collect();
        assert_eq!(h.get("B"), Some("2"));
        let mut h2: Headers = vec![("A".to_string(), "1".to_string())]
            .into_iter()
            .collect();
        h2.extend([("b".to_string(), "2".to_string())]);
        assert_eq!(h, h2);
        assert!(Headers::new().is_empty());
    }

    #[test]
    fn parse_lines() {
        assert_eq!(
            Headers::parse_line("X-GitHub-Event: ping").unwrap(),
            ("X-GitHub-Event".to_string(), "ping".to_string())
        );
        assert_eq!(
            Headers::parse_line("  Authorization :Bearer a:b  ").unwrap(),
            ("Authorization".to_string(), "Bearer a:b".to_string())
        );
        assert_eq!(
            Headers::parse_line("X-Empty:").unwrap(),
            ("X-Empty".to_string(), String::new())
        );
        assert_eq!(
            Headers::parse_line("no colon"),
            Err(HeaderLineError::MissingColon)
        );
        assert_eq!(
            Headers::parse_line(": value"),
            Err(HeaderLineError::BadName)
        );
        assert_eq!(
            Headers::parse_line("Bearer tok: en"),
            Err(HeaderLineError::BadName)
        );
        let err = Headers::parse_line("Authorization: top\r\nsecret").unwrap_err();
        assert_eq!(err, HeaderLineError::BadValue("Authorization".into()));
        assert!(!err.to_string().contains("secret"));
    }

    #[test]
    fn debug_hides_values() {
        let mut h = Headers::new();
        h.push("Authorization", "hunter2-very-secret");
        let shown = format!("{h:?}");
        assert!(shown.contains("Authorization"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("<19 bytes>"), "{shown}");
    }
}
