//! A small deterministic random source (splitmix64) and the few distributions the demo
//! needs. Only `+ − × ÷` and `sqrt` are used (all exactly rounded by IEEE 754), never
//! libm's `ln`/`exp`/`cos`, so one seed gives the same numbers natively and in
//! WebAssembly.

#[derive(Clone, Debug)]
pub(super) struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng {
            state: seed ^ 0xD1B5_4A32_D192_ED03,
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        crate::domain::id::splitmix64(&mut self.state)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi` (`lo` when the range is empty).
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below((hi - lo + 1) as usize) as i64
        }
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the given (non-negative) weights.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut r = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    /// Approximately standard normal (Irwin–Hall: the sum of six uniforms).
    pub fn normal(&mut self) -> f64 {
        let s: f64 = (0..6).map(|_| self.unit()).sum();
        (s - 3.0) * std::f64::consts::SQRT_2
    }

    /// A positive factor around 1 with log-spread `sigma` (log-normal).
    pub fn lognormal(&mut self, sigma: f64) -> f64 {
        exp(sigma * self.normal())
    }

    /// `x` rounded up or down at random so that the mean is `x` (x ≥ 0).
    pub fn round_random(&mut self, x: f64) -> usize {
        let whole = x as usize;
        whole + usize::from(self.chance(x - whole as f64))
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// `e^x` for moderate `x` (|x| < 4) with plain arithmetic: `exp(x/32)^32`, the small
/// part from its Taylor series. Relative error below 1e-9.
pub(super) fn exp(x: f64) -> f64 {
    let y = x / 32.0;
    let mut t = 1.0 + y * (1.0 + y * (0.5 + y * (1.0 / 6.0 + y * (1.0 / 24.0 + y / 120.0))));
    for _ in 0..5 {
        t *= t;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let mut a = Rng::new(9);
        let mut b = Rng::new(9);
        let mut c = Rng::new(10);
        let xa: Vec<u64> = (0..20).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..20).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..20).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn distributions_stay_in_range_and_centre_where_expected() {
        let mut r = Rng::new(1);
        let n = 20_000;
        let mut sum_unit = 0.0;
        let mut sum_normal = 0.0;
        for _ in 0..n {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            sum_unit += u;
            sum_normal += r.normal();
            let b = r.between(3, 7);
            assert!((3..=7).contains(&b));
            assert!(r.lognormal(0.3) > 0.0);
        }
        assert!((sum_unit / n as f64 - 0.5).abs() < 0.02);
        assert!((sum_normal / n as f64).abs() < 0.05);
        assert_eq!(r.between(5, 5), 5);
        assert_eq!(r.between(5, 2), 5);
    }

    #[test]
    fn exp_matches_the_library_closely() {
        for x in [-2.0, -0.7, 0.0, 0.3, 1.0, 2.5] {
            let want: f64 = f64::exp(x);
            assert!((exp(x) - want).abs() / want < 1e-8, "exp({x})");
        }
    }

    #[test]
    fn weighted_picks_follow_the_weights() {
        let mut r = Rng::new(3);
        let mut counts = [0usize; 3];
        for _ in 0..10_000 {
            counts[r.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!(counts[2] > counts[0] * 2);
    }
}
