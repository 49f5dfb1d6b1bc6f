//! Tables for people: comfy-table, sized to the terminal (80 columns when there is none).

use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// Narrower than this, a terminal's width is taken as unknown.
const MIN_WIDTH: u16 = 20;

/// Data that can be shown as a table.
pub trait Tabular {
    fn table(&self) -> Table;
}

/// A table with the house style and a header row.
pub(crate) fn new_table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    // A terminal that reports no usable size (a pseudo-terminal of 0 columns, as some CI
    // runners and `script` give) counts as none.
    if t.width().is_none_or(|w| w < MIN_WIDTH) {
        let cols = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|&c| c >= MIN_WIDTH)
            .unwrap_or(80);
        t.set_width(cols);
    }
    t.set_header(header);
    t
}

/// Keeps a column as wide as its content (ids should not wrap); others wrap instead.
pub(crate) fn no_wrap(t: &mut Table, index: usize) {
    if let Some(c) = t.column_mut(index) {
        c.set_constraint(ColumnConstraint::ContentWidth);
    }
}
