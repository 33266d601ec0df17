//! The inquisitive manager over generated data, through the same code the
//! reports use (`freeze::Gathered` → `Cells` → `summary`/`monthly`): every
//! pair of office/network parts, every pair of nested periods, and how far
//! the published figures move from the truth. Run with `--nocapture` to see
//! the figures quoted in docs/privacy.md.

use std::collections::BTreeMap;

use super::calendar::Month;
use super::freeze::Gathered;
use super::{Cells, Report, monthly, summary};
use crate::domain::disclosure::KEY_SPACE;
use crate::store::report::{MigrantTally, MonthCount};

const K: i64 = 5;
const OFFICES: [&str; 4] = ["rba", "ouj", "dkr", "klk"];
const NATIONALITIES: [&str; 24] = [
    "SN", "GN", "ML", "CI", "CM", "NG", "SD", "SY", "CD", "BF", "GM", "ER", "ET", "SO", "YE", "TD", "NE",
    "GH", "LR", "SL", "BJ", "TG", "CF", "SS",
];
const VULNERABILITIES: [&str; 5] = [
    "pregnant",
    "single_parent",
    "disability",
    "torture_survivor",
    "chronic_illness",
];
const LEGAL: [&str; 5] = ["irregular", "asylum_seeker", "refugee", "regular", "stateless"];
const SERVICES: [&str; 5] = ["health", "legal_aid", "shelter", "food", "psychosocial"];

/// A small deterministic generator (xorshift64*), so a failure reproduces.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// An index skewed towards the start (rare categories at the end).
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }

    fn key(&mut self) -> i64 {
        (self.next() % KEY_SPACE as u64) as i64
    }
}

/// `people` registrations (each with one service) spread over six months
/// and four offices of unequal size: the frozen counts of each month.
fn generated(people: usize, seed: u64) -> (Vec<MonthCount>, Vec<Month>) {
    generated_over(people, seed, 6)
}

/// The same over `n` months from January.
fn generated_over(people: usize, seed: u64, n: u32) -> (Vec<MonthCount>, Vec<Month>) {
    let months: Vec<Month> = (1..=n).map(|m| Month { year: 2026, month: m }).collect();
    let mut d = Draw(seed | 1);
    let mut by_month: BTreeMap<Month, Gathered> = BTreeMap::new();
    for _ in 0..people {
        let month = months[d.below(months.len())];
        let office = OFFICES[d.skewed(OFFICES.len())];
        let vulnerabilities: Vec<String> = VULNERABILITIES
            .iter()
            .filter(|_| d.below(6) == 0)
            .map(|v| v.to_string())
            .collect();
        let m = MigrantTally {
            office_id: office.into(),
            sex: ["female", "male", "female", "male", "unknown"][d.below(5)].into(),
            birth_year: Some(1950 + d.below(70) as i32),
            nationality: Some(NATIONALITIES[d.skewed(NATIONALITIES.len())].into()),
            legal_status: LEGAL[d.skewed(LEGAL.len())].into(),
            vulnerabilities: vulnerabilities.into(),
            n: 1,
            keys: d.key(),
        };
        let g = by_month.entry(month).or_default();
        g.migrants(&m, month.last_day());
        let kind = SERVICES[d.skewed(SERVICES.len())];
        g.services(office, kind, "office", 1, d.key());
    }
    let counts = by_month
        .into_iter()
        .flat_map(|(month, g)| g.into_rows(month))
        .collect();
    (counts, months)
}

/// Every published count of a report by `dimension.key`.
fn figures(r: &Report) -> BTreeMap<String, i64> {
    r.rows
        .iter()
        .filter(|r| r.key != "total")
        .filter_map(|r| r.count.map(|n| (format!("{}.{}", r.dimension, r.key), n)))
        .collect()
}

/// The true counts behind the same cells.
fn truths(counts: &[MonthCount], office: Option<&str>, months: &[Month]) -> BTreeMap<String, i64> {
    let names: Vec<String> = months.iter().map(Month::to_string).collect();
    let mut out = BTreeMap::new();
    for c in counts
        .iter()
        .filter(|c| office.is_none_or(|o| o == c.office_id) && names.contains(&c.month))
    {
        *out.entry(format!("{}.{}", c.dimension, c.key)).or_insert(0) += c.count;
    }
    out
}

fn report(counts: &[MonthCount], office: Option<&str>, months: &[Month]) -> Report {
    let cells = Cells::of_scope(counts, office, months);
    let last = Cells::of_scope(counts, office, &months[months.len() - 1..]);
    summary(&cells, &last, &[], K)
}

/// Every period of consecutive months.
fn periods(months: &[Month]) -> Vec<&[Month]> {
    let mut out = Vec::new();
    for i in 0..months.len() {
        for j in i + 1..=months.len() {
            out.push(&months[i..j]);
        }
    }
    out
}

/// Attacks that land on a true count from 1 to k−1, and how many of them
/// the attacker got exactly right.
#[derive(Default, Debug)]
struct Score {
    tries: usize,
    right: usize,
}

impl Score {
    fn record(&mut self, derived: i64, truth: i64) {
        if (1..K).contains(&truth) {
            self.tries += 1;
            if derived == truth {
                self.right += 1;
            }
        }
    }

    fn share(&self) -> f64 {
        self.right as f64 / self.tries.max(1) as f64
    }
}

#[test]
fn no_published_figure_is_small_in_any_part_or_period() {
    let (counts, months) = generated(3_000, 7);
    for p in periods(&months) {
        for office in std::iter::once(None).chain(OFFICES.iter().map(|o| Some(*o))) {
            for r in [report(&counts, office, p), monthly(&counts, office, p, K)] {
                for row in &r.rows {
                    let n = row.count.unwrap_or(0);
                    assert!(!(1..K).contains(&n), "{}.{} = {n}", row.dimension, row.key);
                }
            }
        }
    }
}

#[test]
fn the_network_minus_the_other_offices_does_not_tell_an_office_count() {
    let (counts, months) = generated(3_000, 11);
    let mut score = Score::default();
    for p in periods(&months) {
        let network = figures(&report(&counts, None, p));
        let parts: Vec<BTreeMap<String, i64>> = OFFICES
            .iter()
            .map(|o| figures(&report(&counts, Some(o), p)))
            .collect();
        for (j, office) in OFFICES.iter().enumerate() {
            let truth = truths(&counts, Some(office), p);
            for (cell, n) in &network {
                let others: i64 = (0..OFFICES.len())
                    .filter(|i| *i != j)
                    .map(|i| parts[i].get(cell).copied().unwrap_or(0))
                    .sum();
                score.record(n - others, truth.get(cell).copied().unwrap_or(0));
            }
        }
    }
    println!("network − other offices: {score:?}, right {:.3}", score.share());
    assert!(
        score.tries > 300,
        "the generated data must hold small cells: {score:?}"
    );
    assert!(score.share() < 0.35, "{score:?}");
}

#[test]
fn two_nested_periods_do_not_tell_the_count_of_the_months_between() {
    let (counts, months) = generated(3_000, 13);
    let mut score = Score::default();
    let all = periods(&months);
    for office in std::iter::once(None).chain(OFFICES.iter().map(|o| Some(*o))) {
        let published: Vec<BTreeMap<String, i64>> =
            all.iter().map(|p| figures(&report(&counts, office, p))).collect();
        let truth: Vec<BTreeMap<String, i64>> = all.iter().map(|p| truths(&counts, office, p)).collect();
        for (a, pa) in all.iter().enumerate() {
            for (b, pb) in all.iter().enumerate() {
                let nested = pa.len() < pb.len() && pa.iter().all(|m| pb.contains(m));
                if !nested {
                    continue;
                }
                for (cell, n) in &published[b] {
                    let derived = n - published[a].get(cell).copied().unwrap_or(0);
                    let t =
                        truth[b].get(cell).copied().unwrap_or(0) - truth[a].get(cell).copied().unwrap_or(0);
                    score.record(derived, t);
                }
            }
        }
    }
    println!(
        "longer period − shorter period: {score:?}, right {:.3}",
        score.share()
    );
    assert!(score.tries > 1_000, "{score:?}");
    assert!(score.share() < 0.35, "{score:?}");
}

/// The averaging attack of issue 19: for every part (the network and each
/// office), cell and month b, every difference of overlapping periods that
/// isolates b — S[a..b] − S[a..b−1] for a < b, S[b..c] − S[b+1..c] for
/// c > b — and, for an office, the network minus the other offices in b;
/// their rounded mean is the attacker's estimate of b's count.
#[test]
fn averaging_every_overlapping_period_tells_nothing_beyond_the_month_cell() {
    let (counts, months) = generated_over(3_000, 19, 11);
    let n = months.len();
    let parts: Vec<Option<&str>> = std::iter::once(None)
        .chain(OFFICES.iter().map(|o| Some(*o)))
        .collect();
    // published[p][i][j]: the figures of part p over months i..=j.
    let published: Vec<Vec<Vec<BTreeMap<String, i64>>>> = parts
        .iter()
        .map(|p| {
            (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| {
                            if j < i {
                                BTreeMap::new()
                            } else {
                                figures(&report(&counts, *p, &months[i..=j]))
                            }
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let at = |p: usize, i: usize, j: usize, cell: &str| published[p][i][j].get(cell).copied().unwrap_or(0);
    let cells: std::collections::BTreeSet<String> = published
        .iter()
        .flat_map(|p| p.iter().flat_map(|r| r.iter().flat_map(|f| f.keys().cloned())))
        .collect();
    let (mut small, mut right, mut within_one) = (0usize, 0usize, 0usize);
    let (mut zeros, mut zeros_flagged) = (0usize, 0usize);
    let (mut small_flagged, mut small_flagged_by_cell, mut estimates, mut beyond_cell) =
        (0usize, 0, 0usize, 0usize);
    let (mut silent, mut silent_but_small) = (0usize, 0usize);
    for (p, part) in parts.iter().enumerate() {
        for b in 0..n {
            let truth = truths(&counts, *part, &months[b..=b]);
            for cell in &cells {
                let mut diffs = Vec::new();
                for a in 0..b {
                    diffs.push(at(p, a, b, cell) - at(p, a, b - 1, cell));
                }
                for c in b + 1..n {
                    diffs.push(at(p, b, c, cell) - at(p, b + 1, c, cell));
                }
                if p > 0 {
                    let others: i64 = (1..parts.len())
                        .filter(|o| *o != p)
                        .map(|o| at(o, b, b, cell))
                        .sum();
                    diffs.push(at(0, b, b, cell) - others);
                }
                let month_cell = at(p, b, b, cell);
                estimates += diffs.len();
                beyond_cell += diffs.iter().filter(|d| **d != month_cell).count();
                let guess = (diffs.iter().sum::<i64>() as f64 / diffs.len().max(1) as f64).round() as i64;
                let flagged = diffs.iter().any(|d| *d != 0);
                let t = truth.get(cell).copied().unwrap_or(0);
                if t == 0 {
                    zeros += 1;
                    zeros_flagged += usize::from(flagged);
                } else if t < K {
                    small += 1;
                    right += usize::from(guess == t);
                    within_one += usize::from((guess - t).abs() <= 1);
                    small_flagged += usize::from(flagged);
                    small_flagged_by_cell += usize::from(month_cell != 0);
                }
                if !flagged && t < K {
                    silent += 1;
                    silent_but_small += usize::from(t > 0);
                }
            }
        }
    }
    println!(
        "averaging over {} periods: {estimates} differences, {beyond_cell} differing from the month's own cell; \
         small cells (1–{}) {small}: exact {right} ({:.1} %), within ±1 {within_one} ({:.1} %); \
         non-zero shown for {small_flagged} of them by the averages, {small_flagged_by_cell} by the month cell alone; \
         true zeros {zeros}, shown non-zero {zeros_flagged}; of {silent} cells showing 0 everywhere, {silent_but_small} \
         ({:.1} %) hold 1–{} people",
        n * (n + 1) / 2,
        K - 1,
        100.0 * right as f64 / small.max(1) as f64,
        100.0 * within_one as f64 / small.max(1) as f64,
        100.0 * silent_but_small as f64 / silent.max(1) as f64,
        K - 1,
    );
    assert!(
        small > 300,
        "the generated data must hold small month cells: {small}"
    );
    // Every difference of published figures is the month's own published
    // cell: averaging them adds nothing to it.
    assert_eq!(beyond_cell, 0);
    assert_eq!(small_flagged, small_flagged_by_cell);
    // A month cell is never published from 1 to k−1, so no small count is
    // recovered; and a 0 seen everywhere does not say "nobody".
    assert_eq!(right, 0);
    assert!(silent_but_small * 10 > silent, "{silent_but_small} of {silent}");
}

/// How far published figures are from the truth over the whole period, for
/// the network and each office.
fn distance(people: usize) -> (f64, f64, f64) {
    let (counts, months) = generated(people, 17);
    let (mut abs, mut cells, mut rel, mut large) = (0.0, 0usize, 0.0, 0usize);
    let mut total_error: f64 = 0.0;
    for office in std::iter::once(None).chain(OFFICES.iter().map(|o| Some(*o))) {
        let r = report(&counts, office, &months);
        let truth = truths(&counts, office, &months);
        for (cell, n) in figures(&r) {
            if cell.starts_with("cases.") || cell.starts_with("referrals.") {
                continue;
            }
            let t = truth.get(&cell).copied().unwrap_or(0);
            abs += (n - t).abs() as f64;
            cells += 1;
            if t >= 20 {
                rel += (n - t).abs() as f64 / t as f64;
                large += 1;
            }
        }
        let published_total = r
            .rows
            .iter()
            .find(|r| r.dimension == "migrants_registered.by_sex" && r.key == "total")
            .and_then(|r| r.count)
            .unwrap_or(0);
        let true_total = truth.get("migrants_registered.total").copied().unwrap_or(0);
        total_error = total_error.max((published_total - true_total).abs() as f64 / true_total.max(1) as f64);
    }
    (abs / cells.max(1) as f64, rel / large.max(1) as f64, total_error)
}

#[test]
fn published_figures_stay_close_to_the_truth() {
    for people in [310, 100_000] {
        let (mean_abs, mean_rel_large, worst_total) = distance(people);
        println!(
            "{people} people: mean |error| per cell {mean_abs:.2}, mean relative error of cells ≥ 20 {:.2}%, \
             worst relative error of a registered total {:.2}%",
            mean_rel_large * 100.0,
            worst_total * 100.0
        );
        assert!(mean_abs < 2.0);
        if people >= 100_000 {
            assert!(mean_rel_large < 0.01);
            assert!(worst_total < 0.01);
        }
    }
}
