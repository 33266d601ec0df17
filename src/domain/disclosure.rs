//! Disclosure control for every count a manager sees: cell-key perturbation
//! (the Australian Bureau of Statistics' TableBuilder method), with the
//! reasoning and its limits in docs/privacy.md.
//!
//! Every record that reports count carries a persistent random key in
//! `[0, 2^32)`. A cell's key is the sum of its records' keys modulo `2^32`,
//! so it is the same whenever the same records are counted and changes
//! unpredictably when one record joins or leaves. The published figure is
//! a deterministic function of the true count and the cell's key:
//!
//! * 0 stays 0 (nobody to reveal);
//! * a count from 1 to k−1 is published as 0 or k, k with probability
//!   count/k (unbiased: on average the truth);
//! * a count from k upwards moves by −2…+2 (probabilities 0.1, 0.2, 0.4,
//!   0.2, 0.1), never below k.
//!
//! So no published figure is ever from 1 to k−1, and no difference of
//! published figures tells a true count: each carries noise the reader
//! cannot know without the records' keys, which never leave the database.

/// Smallest k allowed.
pub const MIN_K: i64 = 3;

/// Keys live in `[0, KEY_SPACE)`.
pub const KEY_SPACE: i64 = 1 << 32;

/// The largest change perturbation makes to a count of k or more.
pub const MAX_NOISE: i64 = 2;

/// A cell: how many records, and the sum of their keys (any size; reduced
/// modulo [`KEY_SPACE`] here).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    /// True count.
    pub count: i64,
    /// Sum of the records' keys.
    pub key_sum: i64,
}

impl Cell {
    /// Adds another disjoint set of records.
    pub fn add(&mut self, other: Cell) {
        self.count += other.count;
        self.key_sum = (self.key_sum + other.key_sum).rem_euclid(KEY_SPACE);
    }

    /// The published figure.
    pub fn published(self, k: i64) -> i64 {
        perturb(self.count, self.key_sum, k)
    }
}

/// A number in `[0, 1)` drawn from the cell key and the count (splitmix64:
/// the same inputs always give the same number, nearby keys unrelated ones).
fn draw(key_sum: i64, count: i64) -> f64 {
    let mut z = (key_sum.rem_euclid(KEY_SPACE) as u64) ^ ((count as u64) << 32);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// The published figure of a cell of `count` records whose keys sum to
/// `key_sum`.
pub fn perturb(count: i64, key_sum: i64, k: i64) -> i64 {
    let k = k.max(MIN_K);
    if count <= 0 {
        return 0;
    }
    let u = draw(key_sum, count);
    if count < k {
        return if u < count as f64 / k as f64 { k } else { 0 };
    }
    let noise = match u {
        u if u < 0.1 => -2,
        u if u < 0.3 => -1,
        u if u < 0.7 => 0,
        u if u < 0.9 => 1,
        _ => 2,
    };
    (count + noise).max(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys spread like the database's (a fixed sequence, so the test is
    /// the same every run).
    fn keys(n: usize) -> impl Iterator<Item = i64> {
        (0..n as i64).map(|i| (i.wrapping_mul(2_654_435_761) ^ (i << 7)).rem_euclid(KEY_SPACE))
    }

    #[test]
    fn no_published_figure_is_ever_from_one_to_k_minus_one() {
        for k in MIN_K..=10 {
            for count in 0..200 {
                for key in keys(500) {
                    let p = perturb(count, key, k);
                    assert!(!(1..k).contains(&p), "{count} published as {p} with k = {k}");
                    if count >= k {
                        assert!((p - count).abs() <= MAX_NOISE);
                    }
                }
            }
        }
    }

    #[test]
    fn zero_is_zero_and_the_same_records_always_give_the_same_figure() {
        assert_eq!(perturb(0, 12345, 5), 0);
        for key in keys(100) {
            assert_eq!(perturb(17, key, 5), perturb(17, key, 5));
        }
    }

    #[test]
    fn small_counts_are_unbiased_and_large_ones_nearly_so() {
        let n = 20_000;
        for count in 1..5 {
            let mean = keys(n).map(|key| perturb(count, key, 5)).sum::<i64>() as f64 / n as f64;
            assert!((mean - count as f64).abs() < 0.1, "count {count}: mean {mean}");
        }
        let mean = keys(n).map(|key| perturb(40, key, 5)).sum::<i64>() as f64 / n as f64;
        assert!((mean - 40.0).abs() < 0.05, "mean {mean}");
    }

    #[test]
    fn one_more_record_redraws_the_noise() {
        // The figure for a cell and for the same cell with one more record
        // (its key added) is not the first plus one: the noise is new.
        let mut plus_one = 0;
        let total = 5_000;
        for (i, key) in keys(total).enumerate() {
            let extra = (i as i64 * 7_919 + 13) % KEY_SPACE;
            let before = perturb(30, key, 5);
            let after = perturb(31, key + extra, 5);
            if after - before == 1 {
                plus_one += 1;
            }
        }
        let share = plus_one as f64 / total as f64;
        assert!(share < 0.35, "one more record showed as +1 in {share} of cells");
    }

    #[test]
    fn cells_add_up_their_counts_and_keys_modulo_the_key_space() {
        let mut c = Cell {
            count: 2,
            key_sum: KEY_SPACE - 1,
        };
        c.add(Cell { count: 3, key_sum: 5 });
        assert_eq!(c, Cell { count: 5, key_sum: 4 });
    }

    #[test]
    fn k_is_never_below_three() {
        for key in keys(200) {
            let p = perturb(2, key, 1);
            assert!(p == 0 || p == 3);
        }
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Whatever the count, key and threshold: 0 stays 0, nothing from 1
        /// to k−1 is ever published, small counts read 0 or k, larger ones
        /// move by at most 2 and never below k, and the same cell always
        /// reads the same.
        #[test]
        fn a_published_figure_never_reveals_a_small_count(
            count in -5i64..100_000,
            key_sum in any::<i64>(),
            k in -2i64..50,
        ) {
            let out = perturb(count, key_sum, k);
            let k = k.max(MIN_K);
            prop_assert_eq!(out, perturb(count, key_sum, k));
            if count <= 0 {
                prop_assert_eq!(out, 0);
            } else if count < k {
                prop_assert!(out == 0 || out == k, "{count} -> {out}");
            } else {
                prop_assert!(out >= k && (out - count).abs() <= MAX_NOISE, "{count} -> {out}");
            }
        }
    }
}
