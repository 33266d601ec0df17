//! Bar charts drawn on the server as SVG (no script, nothing inline but
//! presentation attributes): each with a title and a description, the same
//! numbers as the table next to it, a suppressed cell drawn hatched and
//! labelled "fewer than k" — never as 0 — and mirrored for right-to-left
//! pages. The geometry is computed here; `templates/chart.html` draws it,
//! escaping every label.

/// One bar as the template draws it.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The category's label.
    pub label: String,
    /// The figure as shown (a number, or "fewer than k").
    pub value: String,
    /// Suppressed (drawn hatched).
    pub suppressed: bool,
    /// Geometry.
    pub x: i64,
    /// Geometry.
    pub y: i64,
    /// Geometry.
    pub width: i64,
    /// Geometry.
    pub height: i64,
    /// Where the label starts (start of the bar's row).
    pub label_x: i64,
    /// Where the value is written.
    pub value_x: i64,
}

/// A horizontal bar chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Unique within the page (for `aria-labelledby`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Description (what is counted, over which period, how small cells are shown).
    pub desc: String,
    /// The bars.
    pub bars: Vec<Bar>,
    /// Drawing width.
    pub width: i64,
    /// Drawing height.
    pub height: i64,
    /// `end` on right-to-left pages (labels are anchored at the start side).
    pub anchor: &'static str,
    /// The opposite anchor, for the values.
    pub value_anchor: &'static str,
}

const WIDTH: i64 = 640;
const ROW: i64 = 26;
const LABEL: i64 = 220;
const VALUE: i64 = 90;

/// Lays out `cells` (label, count — None when suppressed) as bars.
pub fn bars(
    id: &str,
    title: String,
    desc: String,
    cells: &[(String, Option<i64>)],
    k: i64,
    fewer_than: &str,
    fmt: &super::locale::Formats,
) -> Chart {
    let rtl = fmt.rtl();
    let max = cells.iter().filter_map(|(_, c)| *c).max().unwrap_or(0).max(k);
    let span = WIDTH - LABEL - VALUE;
    let bars = cells
        .iter()
        .enumerate()
        .map(|(i, (label, count))| {
            // A suppressed cell is drawn as a hatched bar of k (the most it could be).
            let shown = count.unwrap_or(k);
            let w = if max == 0 { 0 } else { (shown * span / max).max(2) };
            let start = LABEL;
            let x = if rtl { WIDTH - start - w } else { start };
            Bar {
                label: label.clone(),
                value: count.map_or_else(|| fewer_than.to_string(), |n| fmt.number(n)),
                suppressed: count.is_none(),
                x,
                y: i as i64 * ROW + 4,
                width: w,
                height: ROW - 8,
                label_x: if rtl { WIDTH - 4 } else { 4 },
                value_x: if rtl { x - 6 } else { x + w + 6 },
            }
        })
        .collect::<Vec<_>>();
    Chart {
        id: id.to_string(),
        title,
        desc,
        height: (bars.len() as i64 * ROW).max(ROW),
        bars,
        width: WIDTH,
        anchor: if rtl { "end" } else { "start" },
        value_anchor: if rtl { "end" } else { "start" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;
    use crate::web::locale::Formats;

    fn ltr_fmt() -> Formats {
        Formats::new(Lang::En, None)
    }

    #[test]
    fn a_suppressed_cell_is_a_hatched_bar_labelled_fewer_than_k_never_zero() {
        let cells = vec![
            ("health".to_string(), Some(12)),
            ("legal_aid".to_string(), None),
            ("food".to_string(), Some(0)),
        ];
        let c = bars("c", "t".into(), "d".into(), &cells, 5, "fewer than 5", &ltr_fmt());
        assert_eq!(c.bars[1].value, "fewer than 5");
        assert!(c.bars[1].suppressed && c.bars[1].width > 0);
        assert_eq!(c.bars[2].value, "0");
        assert!(!c.bars[0].suppressed);
        assert!(c.bars[0].width > c.bars[1].width);
    }

    #[test]
    fn right_to_left_charts_grow_from_the_right() {
        let cells = vec![("a".to_string(), Some(10))];
        let ltr = bars("c", "t".into(), "d".into(), &cells, 5, "<5", &ltr_fmt());
        let rtl = bars(
            "c",
            "t".into(),
            "d".into(),
            &cells,
            5,
            "<5",
            &Formats::new(Lang::Ar, Some("MA")),
        );
        assert_eq!(ltr.bars[0].x, LABEL);
        assert_eq!(rtl.bars[0].x + rtl.bars[0].width, WIDTH - LABEL);
        assert!(rtl.bars[0].label_x > rtl.bars[0].x);
    }
}
