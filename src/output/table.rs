//! Tables for people: comfy-table, sized to the terminal (80 columns when there is none).

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// Data that can be shown as a table.
pub trait Tabular {
    fn table(&self) -> Table;
}

/// A table with the house style and a header row.
pub fn new_table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    if t.width().is_none() {
        let cols = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(80);
        t.set_width(cols);
    }
    t.set_header(header);
    t
}
