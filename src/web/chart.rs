//! Bar charts drawn on the server as SVG (no script, nothing inline but
//! presentation attributes): each with a title and a description, the same
//! numbers as the table next to it, a suppressed cell drawn hatched and
//! labelled "fewer than k" — never as 0 — and mirrored for right-to-left
//! pages. The geometry is computed here; `templates/chart.html` draws it,
//! escaping every label.
//!
//! Each category's label sits on its own line above its bar, so that a
//! long label ("Personne enceinte", "لاجئ معترف به") never competes with
//! the bar for width; a label wider than the drawing is wrapped at words
//! from its measured width (a per-character advance that over-estimates
//! the system fonts at the stylesheet's 14 px). The drawing is narrow
//! (`WIDTH`) and shown at its own size, shrinking only on screens narrower
//! than that — on a 390 px phone the text stays above 11 px. In Arabic the
//! SVG's `direction` is `rtl`: `text-anchor="start"` then means the right
//! edge, the bars grow from the right and the values follow them leftwards.

/// One bar as the template draws it.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The category's label, one entry per line, with the line's baseline.
    pub lines: Vec<(i64, String)>,
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
    /// Where the label lines start (the start side of the drawing).
    pub label_x: i64,
    /// Where the value is written (just after the bar's end).
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
    /// `ltr` or `rtl`: the drawing's direction (anchors are `start`).
    pub dir: &'static str,
}

/// The drawing's width, in the stylesheet's pixels.
pub const WIDTH: i64 = 400;
/// Inner margin on each side.
const MARGIN: i64 = 4;
/// One line of label text (14 px text: its box spans 18 px from 14 px
/// above the baseline).
const LINE: i64 = 19;
/// The baseline's distance from the top of its line.
const BASELINE: i64 = 15;
/// A bar's thickness.
const BAR: i64 = 14;
/// Space after each row.
const GAP: i64 = 8;
/// Between the bar's end and its value.
const VALUE_GAP: i64 = 6;

/// Over-estimated advance of one character at the stylesheet's 14 px:
/// DejaVu and Noto Sans digits are 0.64 em (9 px), their average letter
/// less, Arabic letters less again.
const ADVANCE: i64 = 10;

/// The width `text` takes at 14 px, over-estimated (`ADVANCE` per
/// character, 5 px per space).
pub fn measure(text: &str) -> i64 {
    text.chars().map(|c| if c == ' ' { 5 } else { ADVANCE }).sum()
}

/// `text` cut at spaces into lines no wider than `room`; a word wider than
/// `room` is cut at characters.
fn wrap(text: &str, room: i64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= room {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word.to_string();
        while measure(&rest) > room {
            let cut: String = rest.chars().take((room / ADVANCE).max(1) as usize).collect();
            rest = rest[cut.len()..].to_string();
            lines.push(cut);
        }
        line = rest;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

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
    let values: Vec<String> = cells
        .iter()
        .map(|(_, c)| c.map_or_else(|| fewer_than.to_string(), |n| fmt.number(n)))
        .collect();
    let room = WIDTH - 2 * MARGIN;
    let value_room = values.iter().map(|v| measure(v)).max().unwrap_or(0) + VALUE_GAP;
    let span = (room - value_room).max(room / 3);
    let mut y = 0;
    let mut bars = Vec::new();
    for ((label, count), value) in cells.iter().zip(values) {
        // A suppressed cell is drawn as a hatched bar of k (the most it could be).
        let shown = count.unwrap_or(k);
        let w = if max == 0 { 0 } else { (shown * span / max).max(2) };
        let lines: Vec<(i64, String)> = wrap(label, room)
            .into_iter()
            .enumerate()
            .map(|(i, l)| (y + i as i64 * LINE + BASELINE, l))
            .collect();
        let top = y + lines.len() as i64 * LINE;
        let x = if rtl { WIDTH - MARGIN - w } else { MARGIN };
        bars.push(Bar {
            lines,
            value,
            suppressed: count.is_none(),
            x,
            y: top,
            width: w,
            height: BAR,
            label_x: if rtl { WIDTH - MARGIN } else { MARGIN },
            value_x: if rtl { x - VALUE_GAP } else { x + w + VALUE_GAP },
        });
        y = top + BAR + GAP;
    }
    Chart {
        id: id.to_string(),
        title,
        desc,
        height: y.max(LINE),
        bars,
        width: WIDTH,
        dir: if rtl { "rtl" } else { "ltr" },
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
        assert_eq!((ltr.dir, rtl.dir), ("ltr", "rtl"));
        assert_eq!(ltr.bars[0].x, MARGIN);
        assert_eq!(rtl.bars[0].x + rtl.bars[0].width, WIDTH - MARGIN);
        assert_eq!(rtl.bars[0].label_x, WIDTH - MARGIN);
        assert!(rtl.bars[0].value_x < rtl.bars[0].x);
    }

    /// Every label line and every value fits in the drawing, however long
    /// the label: a long one wraps instead of running out of the box.
    #[test]
    fn long_labels_wrap_and_everything_stays_inside_the_drawing() {
        let long = "Accompagnement psychosocial et soutien psychologique des personnes";
        let cells = vec![
            (long.to_string(), Some(1_234_567)),
            ("Santé".to_string(), None),
            (
                "Anticonstitutionnellementanticonstitutionnellement".to_string(),
                Some(3),
            ),
        ];
        for fmt in [ltr_fmt(), Formats::new(Lang::Ar, Some("MA"))] {
            let c = bars("c", "t".into(), "d".into(), &cells, 5, "moins de 5", &fmt);
            assert!(c.bars[0].lines.len() >= 2, "{:?}", c.bars[0].lines);
            for b in &c.bars {
                for (_, l) in &b.lines {
                    assert!(measure(l) <= WIDTH - 2 * MARGIN, "{l}");
                }
                let (start, end) = if c.dir == "rtl" {
                    (b.value_x - measure(&b.value), b.x + b.width)
                } else {
                    (b.x, b.value_x + measure(&b.value))
                };
                assert!(start >= 0 && end <= WIDTH, "{} {start}..{end}", b.value);
                assert!(b.y + b.height <= c.height);
            }
            // Rows never overlap.
            for pair in c.bars.windows(2) {
                assert!(pair[1].lines[0].0 - BASELINE >= pair[0].y + pair[0].height);
            }
        }
    }
}
