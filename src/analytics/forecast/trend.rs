//! The trend: monthly bookings projected forward by exponential smoothing, its
//! parameters fitted to the history (the one-step-ahead squared error minimised by a
//! grid search), with a prediction interval.
//!
//! Which model, by how many complete months there are:
//! - 24 or more: Holt–Winters with a 12-month season, additive (`ŷ = ℓ + h·b + s`) and
//!   multiplicative (`ŷ = (ℓ + h·b)·s`, only when every month booked something) both
//!   fitted; the one with the smaller one-step error is kept.
//! - 4 to 23: Holt's linear method (level and trend, no season).
//! - 1 to 3: the mean of those months (too short for a trend).
//! - none: no trend forecast.
//!
//! Updates (error-correction form, e = y − ŷ):
//! Holt: ℓ ← ℓ + b + α·e, b ← b + α·β·e.
//! Holt–Winters additive: ℓ ← α(y − s) + (1 − α)(ℓ + b), b ← β(ℓ' − ℓ) + (1 − β)b,
//! s ← γ(y − ℓ') + (1 − γ)s; multiplicative the same with ÷ and × for the season.
//!
//! The interval: with σ² the one-step error variance, an h-step error is
//! `e_h = ε_h + Σ_{j<h} c_j ε_{h−j}` where `c_j = α(1 + jβ)` (+ γ(1 − α) when j is a
//! whole number of seasons), so the variance of a sum of months is `σ² Σ_k (Σ_h c_{h−k})²`
//! (exact for Holt and additive Holt–Winters; for the multiplicative model the same
//! with relative errors scaled by each month's forecast, an approximation). P10–P90 is
//! the normal ∓ 1.2816·σ around the forecast.

use super::stats::Z90;

/// The season, in months.
pub const SEASON: usize = 12;
/// Months needed for Holt–Winters.
pub const MIN_SEASONAL: usize = 2 * SEASON;
/// Months needed for Holt's linear method.
pub const MIN_HOLT: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrendKind {
    Mean,
    Holt,
    HoltWintersAdditive,
    HoltWintersMultiplicative,
}

impl TrendKind {
    pub fn label(self) -> &'static str {
        match self {
            TrendKind::Mean => "Mean of the months so far (under 4 months of history)",
            TrendKind::Holt => "Holt's linear method (under 24 months of history: no season)",
            TrendKind::HoltWintersAdditive => "Holt–Winters, additive 12-month season",
            TrendKind::HoltWintersMultiplicative => "Holt–Winters, multiplicative 12-month season",
        }
    }
}

/// A fitted model, ready to project.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendFit {
    pub kind: TrendKind,
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    /// Months it was fitted on.
    pub months: usize,
    /// One-step error: σ (in the series' units; relative for the multiplicative model).
    pub sigma: f64,
    level: f64,
    slope: f64,
    /// Season factors by month position (`(months + h − 1) % 12`), empty without one.
    season: Vec<f64>,
}

#[derive(Clone, Copy)]
enum Season {
    Add,
    Mul,
}

/// Holt's linear method over `y` with (α, β): the one-step SSE and the final state.
fn holt(y: &[f64], a: f64, b: f64) -> (f64, f64, f64, usize) {
    let k = 3.min(y.len() - 1);
    let mut level = y[0];
    let mut slope = (y[k] - y[0]) / k as f64;
    let mut sse = 0.0;
    for &v in &y[1..] {
        let e = v - (level + slope);
        sse += e * e;
        let l2 = level + slope + a * e;
        slope += a * b * e;
        level = l2;
    }
    (sse, level, slope, y.len() - 1)
}

/// Holt–Winters over `y`: the SSE (relative errors for `Mul`) from the second season
/// on, and the final state; `None` when a multiplicative level falls to zero.
fn winters(y: &[f64], a: f64, b: f64, g: f64, kind: Season) -> Option<(f64, f64, f64, Vec<f64>)> {
    let m = SEASON;
    let first: f64 = y[..m].iter().sum::<f64>() / m as f64;
    let second: f64 = y[m..2 * m].iter().sum::<f64>() / m as f64;
    let mut slope = (second - first) / m as f64;
    let centre = (m as f64 - 1.0) / 2.0;
    let mut level = first + slope * centre;
    let mut season: Vec<f64> = (0..m)
        .map(|i| {
            let base = first + slope * (i as f64 - centre);
            match kind {
                Season::Add => y[i] - base,
                Season::Mul => {
                    if base > 0.0 {
                        y[i] / base
                    } else {
                        1.0
                    }
                }
            }
        })
        .collect();
    if matches!(kind, Season::Mul) && level <= 0.0 {
        return None;
    }
    let mut sse = 0.0;
    for (t, &v) in y.iter().enumerate().skip(m) {
        let s = season[t % m];
        let base = level + slope;
        let (e, l2) = match kind {
            Season::Add => {
                let f = base + s;
                (v - f, a * (v - s) + (1.0 - a) * base)
            }
            Season::Mul => {
                let f = base * s;
                if f <= 0.0 || s <= 0.0 {
                    return None;
                }
                ((v - f) / f, a * (v / s) + (1.0 - a) * base)
            }
        };
        sse += e * e;
        if matches!(kind, Season::Mul) && l2 <= 0.0 {
            return None;
        }
        slope = b * (l2 - level) + (1.0 - b) * slope;
        season[t % m] = match kind {
            Season::Add => g * (v - l2) + (1.0 - g) * s,
            Season::Mul => g * (v / l2) + (1.0 - g) * s,
        };
        level = l2;
    }
    Some((sse, level, slope, season))
}

const HOLT_ALPHAS: [f64; 19] = [
    0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85,
    0.9, 0.95,
];
const BETAS: [f64; 5] = [0.01, 0.05, 0.1, 0.2, 0.3];
const HW_ALPHAS: [f64; 10] = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95];
const GAMMAS: [f64; 5] = [0.05, 0.1, 0.2, 0.3, 0.5];

/// Fits the model the history allows (see the module's header); `None` for no months.
pub fn fit(y: &[f64]) -> Option<TrendFit> {
    let n = y.len();
    if n == 0 {
        return None;
    }
    if n < MIN_HOLT {
        let mean = y.iter().sum::<f64>() / n as f64;
        let sigma = if n > 1 {
            (y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
        } else {
            mean.abs()
        };
        return Some(TrendFit {
            kind: TrendKind::Mean,
            alpha: 0.0,
            beta: 0.0,
            gamma: 0.0,
            months: n,
            sigma,
            level: mean,
            slope: 0.0,
            season: Vec::new(),
        });
    }
    if n < MIN_SEASONAL {
        let mut best: Option<(f64, f64, f64, f64, f64, usize)> = None;
        for a in HOLT_ALPHAS {
            for b in BETAS {
                let (sse, l, s, k) = holt(y, a, b);
                if best.is_none_or(|x| sse < x.0) {
                    best = Some((sse, a, b, l, s, k));
                }
            }
        }
        let (sse, a, b, level, slope, k) = best.expect("a grid");
        return Some(TrendFit {
            kind: TrendKind::Holt,
            alpha: a,
            beta: b,
            gamma: 0.0,
            months: n,
            sigma: (sse / k.saturating_sub(2).max(1) as f64).sqrt(),
            level,
            slope,
            season: Vec::new(),
        });
    }
    let mut best: Option<(f64, TrendFit)> = None;
    let all_positive = y.iter().all(|v| *v > 0.0);
    let terms = (n - SEASON).saturating_sub(3).max(1) as f64;
    for kind in [Season::Add, Season::Mul] {
        if matches!(kind, Season::Mul) && !all_positive {
            continue;
        }
        for a in HW_ALPHAS {
            for b in BETAS {
                for g in GAMMAS {
                    let Some((sse, level, slope, season)) = winters(y, a, b, g, kind) else {
                        continue;
                    };
                    // Compare the two on the same scale: the multiplicative model's
                    // relative errors become money through the series' mean.
                    let comparable = match kind {
                        Season::Add => sse,
                        Season::Mul => {
                            let mean = y.iter().sum::<f64>() / n as f64;
                            sse * mean * mean
                        }
                    };
                    if best.as_ref().is_none_or(|(s, _)| comparable < *s) {
                        best = Some((
                            comparable,
                            TrendFit {
                                kind: match kind {
                                    Season::Add => TrendKind::HoltWintersAdditive,
                                    Season::Mul => TrendKind::HoltWintersMultiplicative,
                                },
                                alpha: a,
                                beta: b,
                                gamma: g,
                                months: n,
                                sigma: (sse / terms).sqrt(),
                                level,
                                slope,
                                season,
                            },
                        ));
                    }
                }
            }
        }
    }
    best.map(|(_, f)| f)
}

impl TrendFit {
    /// The projection `h` months after the last month fitted (h ≥ 1), never below zero.
    pub fn forecast(&self, h: usize) -> f64 {
        let base = match self.kind {
            TrendKind::Mean => self.level,
            _ => self.level + h as f64 * self.slope,
        };
        let v = match self.kind {
            TrendKind::HoltWintersAdditive => base + self.season_at(h),
            TrendKind::HoltWintersMultiplicative => base * self.season_at(h),
            _ => base,
        };
        v.max(0.0)
    }

    fn season_at(&self, h: usize) -> f64 {
        self.season[(self.months + h - 1) % SEASON]
    }

    /// The weight of the innovation `j` steps back in an h-step error.
    fn c(&self, j: usize) -> f64 {
        if j == 0 {
            return 1.0;
        }
        match self.kind {
            TrendKind::Mean => 0.0,
            TrendKind::Holt => self.alpha * (1.0 + j as f64 * self.beta),
            _ => {
                let seasonal = if j.is_multiple_of(SEASON) {
                    self.gamma * (1.0 - self.alpha)
                } else {
                    0.0
                };
                self.alpha * (1.0 + j as f64 * self.beta) + seasonal
            }
        }
    }

    /// The forecast of `Σ w·y_h` over `(h, w)` (months ahead, share of the month
    /// counted) and its standard deviation.
    pub fn sum(&self, months: &[(usize, f64)]) -> (f64, f64) {
        let mean: f64 = months.iter().map(|(h, w)| w * self.forecast(*h)).sum();
        let Some(last) = months.iter().map(|(h, _)| *h).max() else {
            return (0.0, 0.0);
        };
        let scale = |h: usize| match self.kind {
            TrendKind::HoltWintersMultiplicative => self.forecast(h).max(1.0),
            _ => 1.0,
        };
        let mut var = 0.0;
        for k in 1..=last {
            let coef: f64 = months
                .iter()
                .filter(|(h, _)| *h >= k)
                .map(|(h, w)| w * self.c(h - k) * scale(*h))
                .sum();
            var += coef * coef;
        }
        if self.kind == TrendKind::Mean {
            // The mean itself is uncertain too.
            let w: f64 = months.iter().map(|(_, w)| w).sum();
            var += w * w / self.months as f64;
        }
        (mean, self.sigma * var.sqrt())
    }

    /// P10 and P90 of `sum(months)`, never below `floor`.
    pub fn band(&self, months: &[(usize, f64)], floor: f64) -> (f64, f64) {
        let (mean, sd) = self.sum(months);
        ((mean - Z90 * sd).max(floor), (mean + Z90 * sd).max(floor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEASONAL: [f64; 12] = [
        -30.0, -20.0, 40.0, -25.0, -15.0, 35.0, -20.0, -10.0, 30.0, -25.0, 5.0, 35.0,
    ];

    #[test]
    fn holt_follows_a_straight_line_exactly() {
        let y: Vec<f64> = (0..12).map(|t| 10.0 + 3.0 * t as f64).collect();
        let f = fit(&y).unwrap();
        assert_eq!(f.kind, TrendKind::Holt);
        assert!(f.sigma < 1e-9, "{}", f.sigma);
        for h in 1..=6 {
            let want = 10.0 + 3.0 * (11 + h) as f64;
            assert!((f.forecast(h) - want).abs() < 1e-9, "h={h}");
        }
    }

    #[test]
    fn holt_winters_recovers_a_known_trend_and_additive_season() {
        // 36 months of 100 + 5t plus a season that sums to zero.
        assert!(SEASONAL.iter().sum::<f64>().abs() < 1e-9);
        let truth = |t: usize| 100.0 + 5.0 * t as f64 + SEASONAL[t % 12];
        let y: Vec<f64> = (0..36).map(truth).collect();
        let f = fit(&y).unwrap();
        assert_eq!(f.kind, TrendKind::HoltWintersAdditive);
        for h in 1..=12 {
            assert!(
                (f.forecast(h) - truth(35 + h)).abs() < 1e-6,
                "h={h}: {} vs {}",
                f.forecast(h),
                truth(35 + h)
            );
        }
        // A quarter's sum and no uncertainty on a noise-free series.
        let (mean, sd) = f.sum(&[(1, 1.0), (2, 1.0), (3, 1.0)]);
        assert!((mean - (truth(36) + truth(37) + truth(38))).abs() < 1e-6);
        assert!(sd < 1e-6);
    }

    #[test]
    fn holt_winters_recovers_a_multiplicative_season_closely() {
        let factor = |t: usize| 1.0 + SEASONAL[t % 12] / 100.0;
        let truth = |t: usize| (200.0 + 8.0 * t as f64) * factor(t);
        let y: Vec<f64> = (0..36).map(truth).collect();
        let f = fit(&y).unwrap();
        assert_eq!(f.kind, TrendKind::HoltWintersMultiplicative);
        for h in 1..=12 {
            let want = truth(35 + h);
            assert!(
                (f.forecast(h) - want).abs() / want < 0.03,
                "h={h}: {} vs {want}",
                f.forecast(h)
            );
        }
    }

    #[test]
    fn short_histories_fall_back_and_say_so() {
        assert_eq!(fit(&[]), None);
        let f = fit(&[10.0, 20.0, 30.0]).unwrap();
        assert_eq!(f.kind, TrendKind::Mean);
        assert_eq!(f.forecast(4), 20.0);
        assert!(f.sum(&[(1, 1.0)]).1 > 0.0, "an interval even so");
        assert_eq!(fit(&[5.0; 23]).unwrap().kind, TrendKind::Holt);
        assert_ne!(fit(&[5.0; 24]).unwrap().kind, TrendKind::Holt);
    }

    #[test]
    fn the_interval_widens_with_the_horizon_and_covers_noise() {
        // A noisy line: about 80% of the next values should fall inside P10–P90.
        let mut x: u64 = 7;
        let mut noise = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 40.0
        };
        let y: Vec<f64> = (0..20).map(|t| 100.0 + 2.0 * t as f64 + noise()).collect();
        let f = fit(&y).unwrap();
        let (_, sd1) = f.sum(&[(1, 1.0)]);
        let (_, sd6) = f.sum(&[(6, 1.0)]);
        assert!(sd6 > sd1, "{sd1} {sd6}");
        let (lo, hi) = f.band(&[(1, 1.0)], 0.0);
        assert!(lo < f.forecast(1) && f.forecast(1) < hi);
        // A uniform noise of ±20 has σ ≈ 11.5: the fitted σ is of that order.
        assert!(f.sigma > 6.0 && f.sigma < 25.0, "{}", f.sigma);
    }
}
