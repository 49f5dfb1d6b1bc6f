//! Webhook names: what a name may hold, and when two names are one (README, "Webhook names").
//!
//! A name is what people type and read, so the rule closes what looks alike but differs: names
//! are compared after NFKC normalisation and case folding (`café` composed and decomposed,
//! `ＯＫＴＡ` and `okta` are one name); white space around a name, control characters and
//! invisible format characters (zero-width spaces, bidirectional overrides) are refused, since
//! they make two names look alike or break a table; and a name never has the form of an id,
//! so that `delete NAME|ID` can never pick another webhook than the one meant.

use unicode_normalization::UnicodeNormalization as _;

/// The longest name, in characters.
pub const NAME_MAX: usize = 128;

/// Why a name cannot be used, if it cannot (a phrase that follows "the name ...: ").
pub fn check_name(name: &str) -> Result<(), String> {
    let n = name.chars().count();
    if n == 0 || n > NAME_MAX {
        return Err(format!("give 1 to {NAME_MAX} characters (this has {n})"));
    }
    if name.trim() != name {
        return Err("no leading or trailing white space".to_string());
    }
    if let Some(c) = name.chars().find(|c| is_hidden(*c)) {
        return Err(format!(
            "no control or invisible characters (it holds U+{:04X})",
            u32::from(c)
        ));
    }
    if looks_like_id(name) {
        return Err(
            "a name cannot have the form of a webhook id (a UUID, or only digits)".to_string(),
        );
    }
    Ok(())
}

/// A name as names are compared: unique after NFKC normalisation and case folding, by the
/// client and by `serve` alike.
pub fn name_key(name: &str) -> String {
    // Lower-casing can leave text that is not in NFKC (and NFKC can produce capitals), so
    // normalise on both sides of it.
    name.nfkc()
        .collect::<String>()
        .to_lowercase()
        .nfkc()
        .collect()
}

/// Whether a NAME|ID argument has the form of an id: a UUID (as `serve` makes them) or only
/// ASCII digits (as other Oomnitza-compatible servers may make them). Such an argument is
/// looked up as an id first, and no name may take that form.
pub fn looks_like_id(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok() || (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
}

/// Control characters, line and paragraph separators, and the format characters (general
/// category Cf: zero-width spaces and joiners, bidirectional marks, embeddings, overrides and
/// isolates, the byte order mark, invisible operators, tag characters), plus the Hangul
/// fillers, which draw as nothing.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            u32::from(c),
            0x00AD
                | 0x0600..=0x0605
                | 0x061C
                | 0x06DD
                | 0x070F
                | 0x0890..=0x0891
                | 0x08E2
                | 0x115F..=0x1160
                | 0x180E
                | 0x200B..=0x200F
                | 0x2028..=0x202E
                | 0x2060..=0x2064
                | 0x2066..=0x206F
                | 0x3164
                | 0xFEFF
                | 0xFFA0
                | 0xFFF9..=0xFFFB
                | 0x110BD
                | 0x110CD
                | 0x13430..=0x1343F
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0001
                | 0xE0020..=0xE007F
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alike_names_are_one_name() {
        let composed = "caf\u{e9}";
        let decomposed = "cafe\u{301}";
        assert_ne!(composed, decomposed);
        assert_eq!(name_key(composed), name_key(decomposed));
        assert_eq!(
            name_key("\u{ff2f}\u{ff2b}\u{ff34}\u{ff21}1"),
            name_key("okta1")
        );
        assert_eq!(name_key("Ärger"), name_key("ärger"));
        assert_ne!(name_key("okta1"), name_key("okta2"));
    }

    #[test]
    fn hidden_characters_surrounding_space_and_ids_are_refused() {
        for bad in [
            "",
            "okta1 ",
            " okta1",
            "ok\u{200b}ta",
            "ok\u{202e}atk",
            "ok\tta",
            "ok\nta",
            "\u{feff}okta",
            "ok\u{2028}ta",
            "0190f5e4-7b3a-7cc1-9a4e-3f1f3e0f8b11",
            "0190F5E47B3A7CC19A4E3F1F3E0F8B11",
            "12345",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        let long = "é".repeat(NAME_MAX);
        for good in [
            "okta deactivations",
            "café",
            "ＯＫＴＡ",
            "okta-1",
            "2024 hires",
            long.as_str(),
        ] {
            assert!(check_name(good).is_ok(), "{good:?}");
        }
        assert!(check_name(&"x".repeat(NAME_MAX + 1)).is_err());
    }
}
