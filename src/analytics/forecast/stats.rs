//! The few statistics the forecasts share: the beta-binomial shrinkage of a learned
//! probability toward a prior, the normal band of a sum of independent deals, and the
//! error measures of a forecast against what happened.

/// The standard normal quantile of 0.9: P10 and P90 are mean ∓ 1.2816·σ.
pub const Z90: f64 = 1.281_551_565_544_600_4;

/// The weight of the prior in closed deals: a stage's set probability counts as this
/// many closed deals (`shrink`).
pub const K_PRIOR: f64 = 10.0;

/// Beta-binomial posterior mean: `(wins + k·p0) ÷ (n + k)`. With no closed deals it is
/// the prior `p0`; with many it is the observed rate.
pub fn shrink(wins: f64, n: f64, p0: f64, k: f64) -> f64 {
    if n + k <= 0.0 {
        return p0;
    }
    ((wins + k * p0) / (n + k)).clamp(0.0, 1.0)
}

/// P10 and P90 of a normal with `mean` and `variance`, the low end never below
/// `floor` (what is already won cannot be lost by the forecast).
pub fn band(mean: f64, variance: f64, floor: f64) -> (f64, f64) {
    let sd = variance.max(0.0).sqrt();
    ((mean - Z90 * sd).max(floor), (mean + Z90 * sd).max(floor))
}

/// Forecast errors over many (forecast, actual) pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ErrorSum {
    /// Σ |F − A|.
    pub abs: f64,
    /// Σ (F − A).
    pub signed: f64,
    /// Σ A.
    pub actual: f64,
    /// How many pairs.
    pub n: usize,
}

impl ErrorSum {
    pub fn add(&mut self, forecast: f64, actual: f64) {
        self.abs += (forecast - actual).abs();
        self.signed += forecast - actual;
        self.actual += actual;
        self.n += 1;
    }

    pub fn merge(&mut self, other: &ErrorSum) {
        self.abs += other.abs;
        self.signed += other.signed;
        self.actual += other.actual;
        self.n += other.n;
    }

    /// WMAPE = Σ|F − A| ÷ Σ A; `None` when nothing closed (Σ A = 0).
    pub fn wmape(&self) -> Option<f64> {
        (self.n > 0 && self.actual > 0.0).then(|| self.abs / self.actual)
    }

    /// Bias = Σ(F − A) ÷ Σ A: above zero forecasts too much, below too little.
    pub fn bias(&self) -> Option<f64> {
        (self.n > 0 && self.actual > 0.0).then(|| self.signed / self.actual)
    }
}

/// A distribution of whole days, as counts per day from `lo` to `hi` (values outside
/// are counted at the ends), read through cumulative counts.
#[derive(Clone, Debug, PartialEq)]
pub struct DayHist {
    lo: i32,
    counts: Vec<f64>,
    cumulative: Vec<f64>,
    total: f64,
}

impl DayHist {
    pub fn new(lo: i32, hi: i32) -> DayHist {
        let n = (hi - lo + 1).max(1) as usize;
        DayHist {
            lo,
            counts: vec![0.0; n],
            cumulative: Vec::new(),
            total: 0.0,
        }
    }

    fn index(&self, day: i32) -> usize {
        (day - self.lo).clamp(0, self.counts.len() as i32 - 1) as usize
    }

    /// Counts `day` with `weight` (a negative weight takes a count back); the
    /// cumulative counts are dropped until the next `seal`.
    pub fn add(&mut self, day: i32, weight: f64) {
        let i = self.index(day);
        self.counts[i] += weight;
        self.total += weight;
        self.cumulative.clear();
    }

    pub fn is_sealed(&self) -> bool {
        !self.cumulative.is_empty()
    }

    /// Makes the cumulative counts (call once after the last `add`).
    pub fn seal(&mut self) {
        let mut c = 0.0;
        self.cumulative = self
            .counts
            .iter()
            .map(|x| {
                c += x;
                c
            })
            .collect();
    }

    pub fn total(&self) -> f64 {
        self.total
    }

    /// How many values are ≤ `day`.
    pub fn at_most(&self, day: i32) -> f64 {
        if day < self.lo {
            return 0.0;
        }
        if self.cumulative.is_empty() {
            return self.counts[..=self.index(day)].iter().sum();
        }
        self.cumulative[self.index(day)]
    }

    /// How many values are in `from..=to`.
    pub fn between(&self, from: i32, to: i32) -> f64 {
        if to < from {
            return 0.0;
        }
        (self.at_most(to) - self.at_most(from - 1)).max(0.0)
    }

    /// The smallest day with at least `q` of the values at or below it.
    pub fn quantile(&self, q: f64) -> Option<i32> {
        if self.total <= 0.0 {
            return None;
        }
        let want = q * self.total;
        let mut c = 0.0;
        for (i, x) in self.counts.iter().enumerate() {
            c += x;
            if c >= want && *x > 0.0 {
                return Some(self.lo + i as i32);
            }
        }
        Some(self.lo + self.counts.len() as i32 - 1)
    }

    /// The quantile among the values at or above `from`.
    pub fn quantile_from(&self, from: i32, q: f64) -> Option<i32> {
        let above = self.total - self.at_most(from - 1);
        if above <= 0.0 {
            return None;
        }
        let want = self.at_most(from - 1) + q * above;
        let start = self.index(from);
        let mut c = self.at_most(from - 1);
        for (i, x) in self.counts.iter().enumerate().skip(start) {
            c += x;
            if c >= want && *x > 0.0 {
                return Some(self.lo + i as i32);
            }
        }
        Some(self.lo + self.counts.len() as i32 - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinkage_moves_from_the_prior_to_the_data_as_deals_close() {
        // No closed deals: the stage's set probability.
        assert_eq!(shrink(0.0, 0.0, 0.6, K_PRIOR), 0.6);
        // 3 closed, 1 won: (1 + 10·0.6) ÷ 13.
        assert!((shrink(1.0, 3.0, 0.6, K_PRIOR) - 7.0 / 13.0).abs() < 1e-12);
        // 300 closed, 90 won: (90 + 6) ÷ 310, close to the observed 30%.
        let p = shrink(90.0, 300.0, 0.6, K_PRIOR);
        assert!((p - 96.0 / 310.0).abs() < 1e-12);
        assert!((p - 0.3).abs() < 0.01);
    }

    #[test]
    fn errors_by_hand() {
        // Forecasts 120, 80, 50 against actuals 100, 100, 0.
        let mut e = ErrorSum::default();
        e.add(120.0, 100.0);
        e.add(80.0, 100.0);
        e.add(50.0, 0.0);
        // WMAPE = (20 + 20 + 50) ÷ 200; bias = (20 − 20 + 50) ÷ 200.
        assert_eq!(e.wmape(), Some(0.45));
        assert_eq!(e.bias(), Some(0.25));
        assert_eq!(ErrorSum::default().wmape(), None);
        let mut none_closed = ErrorSum::default();
        none_closed.add(10.0, 0.0);
        assert_eq!(none_closed.wmape(), None, "undefined when nothing closed");
    }

    #[test]
    fn the_band_is_the_normal_p10_p90_floored() {
        let (lo, hi) = band(100.0, 25.0, 0.0);
        assert!((lo - (100.0 - 5.0 * Z90)).abs() < 1e-9);
        assert!((hi - (100.0 + 5.0 * Z90)).abs() < 1e-9);
        assert_eq!(band(10.0, 400.0, 8.0).0, 8.0);
    }

    #[test]
    fn day_histograms_count_ranges_and_quantiles() {
        let mut h = DayHist::new(-10, 10);
        for d in [-20, -3, 0, 0, 2, 5, 40] {
            h.add(d, 1.0);
        }
        h.seal();
        assert_eq!(h.total(), 7.0);
        assert_eq!(h.at_most(-11), 0.0);
        assert_eq!(h.at_most(-10), 1.0, "below the range counts at its end");
        assert_eq!(h.between(0, 2), 3.0);
        assert_eq!(h.between(3, 100), 2.0);
        assert_eq!(h.quantile(0.5), Some(0));
        assert_eq!(h.quantile_from(1, 0.5), Some(5));
    }
}
