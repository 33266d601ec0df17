//! Small-cell protection for every figure a manager sees.
//!
//! * Primary suppression: a count from 1 to k−1 is never published.
//! * Secondary suppression: when a breakdown adds up to a published total,
//!   the suppressed cells together must hold at least k people — otherwise
//!   "total minus the published cells" would reveal a small count. More
//!   cells (the smallest first) are suppressed until that holds; if it
//!   cannot, the total is suppressed too.
//! * A total from 1 to k−1 is suppressed with every non-zero cell.
//!
//! Zero is published: it reveals nobody.

/// Smallest k allowed.
pub const MIN_K: i64 = 3;

/// A protected breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    /// Cells in the input order; None where suppressed.
    pub cells: Vec<(String, Option<i64>)>,
    /// The total, when one is published; None where suppressed or not given.
    pub total: Option<i64>,
    /// Whether the total was suppressed.
    pub total_suppressed: bool,
}

impl Protected {
    /// Keys of the suppressed cells.
    pub fn suppressed(&self) -> Vec<&str> {
        self.cells
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k.as_str())
            .collect()
    }
}

fn small(n: i64, k: i64) -> bool {
    n > 0 && n < k
}

/// Protects a breakdown. `additive`: the cells add up to `total` (each
/// person in exactly one cell), so differencing is possible. With `total`
/// None, only primary suppression applies unless `additive` (then the total
/// is the sum of the cells, which could be published elsewhere).
pub fn protect(cells: &[(String, i64)], total: Option<i64>, additive: bool, k: i64) -> Protected {
    let k = k.max(MIN_K);
    let sum: i64 = cells.iter().map(|(_, n)| *n).sum();
    let total_value = total.unwrap_or(sum);
    let mut hidden: Vec<bool> = cells.iter().map(|(_, n)| small(*n, k)).collect();
    let mut total_suppressed = small(total_value, k);
    if total_suppressed {
        for (i, (_, n)) in cells.iter().enumerate() {
            if *n > 0 {
                hidden[i] = true;
            }
        }
    } else if additive {
        loop {
            let hidden_sum: i64 = cells
                .iter()
                .zip(&hidden)
                .filter(|(_, h)| **h)
                .map(|((_, n), _)| *n)
                .sum();
            if hidden_sum == 0 || hidden_sum >= k {
                break;
            }
            // Suppress the smallest published non-zero cell.
            let next = cells
                .iter()
                .enumerate()
                .filter(|(i, (_, n))| !hidden[*i] && *n > 0)
                .min_by_key(|(_, (_, n))| *n)
                .map(|(i, _)| i);
            match next {
                Some(i) => hidden[i] = true,
                None => {
                    total_suppressed = true;
                    break;
                }
            }
        }
    }
    Protected {
        cells: cells
            .iter()
            .zip(&hidden)
            .map(|((key, n), h)| (key.clone(), if *h { None } else { Some(*n) }))
            .collect(),
        total: if total_suppressed {
            None
        } else {
            total.or(if additive { Some(sum) } else { None })
        },
        total_suppressed,
    }
}

/// Protects a single figure.
pub fn protect_count(n: i64, k: i64) -> Option<i64> {
    if small(n, k.max(MIN_K)) { None } else { Some(n) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[(&str, i64)]) -> Vec<(String, i64)> {
        v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    /// Every way to learn a hidden count from what is published: the
    /// published total minus the published cells must not be 1..k-1.
    fn nothing_small_is_derivable(p: &Protected, original: &[(String, i64)], k: i64) {
        for ((_, shown), (_, real)) in p.cells.iter().zip(original) {
            if let Some(v) = shown {
                assert!(!small(*v, k), "published small cell {v}");
                assert_eq!(v, real);
            }
        }
        if let Some(total) = p.total {
            assert!(!small(total, k));
            let published: i64 = p.cells.iter().filter_map(|(_, v)| *v).sum();
            let derived = total - published;
            assert!(
                !small(derived, k),
                "total - published = {derived} reveals a small count"
            );
        }
    }

    #[test]
    fn one_small_cell_takes_a_second_one_with_it() {
        let t = cells(&[("female", 40), ("male", 37), ("unknown", 2)]);
        let p = protect(&t, Some(79), true, 5);
        assert_eq!(p.suppressed(), ["male", "unknown"]);
        nothing_small_is_derivable(&p, &t, 5);
    }

    #[test]
    fn two_small_cells_whose_sum_is_still_small_take_a_third() {
        let t = cells(&[("GN", 20), ("SN", 12), ("ML", 1), ("CI", 2), ("CM", 30)]);
        let p = protect(&t, Some(65), true, 5);
        assert_eq!(p.suppressed(), ["SN", "ML", "CI"]);
        nothing_small_is_derivable(&p, &t, 5);
    }

    #[test]
    fn two_small_cells_summing_to_k_are_enough() {
        let t = cells(&[("a", 3), ("b", 2), ("c", 50)]);
        let p = protect(&t, Some(55), true, 5);
        assert_eq!(p.suppressed(), ["a", "b"]);
        nothing_small_is_derivable(&p, &t, 5);
    }

    #[test]
    fn a_small_total_hides_everything() {
        let t = cells(&[("female", 3), ("male", 0)]);
        let p = protect(&t, Some(3), true, 5);
        assert_eq!(p.total, None);
        assert_eq!(
            p.cells,
            vec![("female".to_string(), None), ("male".to_string(), Some(0))]
        );
    }

    #[test]
    fn total_minus_known_cells_cannot_reveal_a_single_small_cell() {
        // Every table of three cells from 0..8 with k = 5.
        for a in 0..8 {
            for b in 0..8 {
                for c in 0..8 {
                    let t = cells(&[("a", a), ("b", b), ("c", c)]);
                    let p = protect(&t, Some(a + b + c), true, 5);
                    nothing_small_is_derivable(&p, &t, 5);
                }
            }
        }
    }

    #[test]
    fn non_additive_breakdowns_get_primary_suppression() {
        let t = cells(&[("pregnant", 4), ("disability", 9)]);
        let p = protect(&t, None, false, 5);
        assert_eq!(p.suppressed(), ["pregnant"]);
        assert_eq!(p.total, None);
    }

    #[test]
    fn k_is_never_below_three() {
        assert_eq!(protect_count(2, 1), None);
        assert_eq!(protect_count(3, 1), Some(3));
        assert_eq!(protect_count(0, 5), Some(0));
    }
}
