//! What a chart hands to the page: its title, the ECharts option as JSON, its table
//! form and the key of every data item; and the one function user text passes
//! through on its way into an option.

use super::common::TITLE_SPACE;
use charming::Chart;
use serde_json::{json, Value};

/// One row of a chart's table form: formatted cells, and the key of the bar or slice
/// it describes when there is one (the table can offer the same drill-down).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableRow {
    pub key: Option<String>,
    pub cells: Vec<String>,
}

/// The same numbers as the chart, as text: an accessible `<table>` with a caption.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChartTable {
    /// What the table shows, for which period, and the notes.
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// What was left out and why ("1 amount is in COP left out: no rate for COP"),
    /// shown under the chart too.
    pub notes: Vec<String>,
}

impl ChartTable {
    pub(super) fn new(title: &str, subtitle: &str, headers: &[&str], notes: Vec<String>) -> Self {
        let mut caption = format!("{title}: {subtitle}.");
        for n in &notes {
            caption.push(' ');
            caption.push_str(n);
            caption.push('.');
        }
        ChartTable {
            caption,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            notes,
        }
    }

    pub(super) fn row(&mut self, key: Option<String>, cells: Vec<String>) {
        self.rows.push(TableRow { key, cells });
    }
}

/// Everything the page's chart widget shows. Plain data (`Send + Sync`), unlike a
/// `charming::Chart`, which holds browser functions on wasm32.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartSpec {
    /// The question the chart answers ("Bookings by month against quota").
    pub title: String,
    /// For which period and as of when ("Q4 2026").
    pub subtitle: String,
    /// The builder's option as JSON, as the widget draws it: the title left to the
    /// page's heading, tooltips drawn as canvas text (never HTML) and kept inside.
    pub option: String,
    pub table: ChartTable,
    /// The key of each data item, by series index then data index (`ChartKey` text):
    /// what a click on it selects.
    pub keys: Vec<Vec<Option<String>>>,
    /// Why there is nothing to draw ("No deals won in Q4 2026"), when there is not.
    pub empty: Option<String>,
}

impl ChartSpec {
    pub(super) fn new(
        chart: &Chart,
        title: &str,
        subtitle: &str,
        table: ChartTable,
        keys: Vec<Vec<Option<String>>>,
        empty: Option<String>,
    ) -> ChartSpec {
        ChartSpec {
            title: title.to_string(),
            subtitle: subtitle.to_string(),
            option: widget_option(chart),
            table,
            keys,
            empty,
        }
    }

    /// The key of the data item a click landed on.
    pub fn key_at(&self, series: usize, index: usize) -> Option<&str> {
        self.keys.get(series)?.get(index)?.as_deref()
    }
}

/// The option as the widget draws it (see `ChartSpec::option`).
fn widget_option(chart: &Chart) -> String {
    let mut v = serde_json::to_value(chart).unwrap_or(Value::Null);
    let Some(o) = v.as_object_mut() else {
        return "{}".into();
    };
    if let Some(t) = o.get_mut("tooltip").and_then(Value::as_object_mut) {
        t.insert("renderMode".into(), json!("richText"));
        t.insert("confine".into(), json!(true));
    }
    match o.get_mut("title") {
        Some(Value::Array(titles)) => titles.iter_mut().for_each(hide),
        Some(t) => hide(t),
        None => {}
    }
    for part in ["legend", "grid"] {
        match o.get_mut(part) {
            Some(Value::Array(all)) => all.iter_mut().for_each(raise),
            Some(one) => raise(one),
            None => {}
        }
    }
    v.to_string()
}

/// Moves a component up into the space the hidden title leaves.
fn raise(part: &mut Value) {
    if let Some(top) = part.get_mut("top") {
        if let Some(n) = top.as_f64() {
            *top = json!((n - TITLE_SPACE).max(0.0));
        }
    }
}

fn hide(title: &mut Value) {
    if let Some(t) = title.as_object_mut() {
        t.insert("show".into(), json!(false));
    }
}

/// User text as it may go into an ECharts option: the characters HTML gives a meaning
/// (`<` `>` `&` `"` `'`) become look-alikes that read the same on the canvas and mean
/// nothing to HTML (‹ › ＆ ” ’). ECharts draws names on the canvas, where an escape
/// such as `&lt;` would show as typed, so look-alikes rather than entities.
pub fn safe_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' => '‹',
            '>' => '›',
            '&' => '＆',
            '"' => '”',
            '\'' => '’',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_loses_its_html_meaning_but_reads_the_same() {
        assert_eq!(
            safe_text("<img src=x onerror=alert(1)>"),
            "‹img src=x onerror=alert(1)›"
        );
        assert_eq!(safe_text("R&D \"core\" O'Brien"), "R＆D ”core” O’Brien");
        assert_eq!(safe_text("Ana Lima"), "Ana Lima");
    }
}
