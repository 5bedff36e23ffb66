//! Exact numbers for scores and thresholds.
//!
//! A verdict turns on comparisons such as "score ≥ 90%" and "2/100 ≤ 2%".
//! Floating point can put a value that sits exactly on the bound on the
//! wrong side of it, so points, percents and scores are held exactly:
//! [`Decimal`] for the numbers a standard writes (at most three decimal
//! places) and [`Fraction`] for what arithmetic makes of them (partial
//! credit such as 2.5 × 3/4). Floats appear only when a report prints.

use std::cmp::Ordering;
use std::fmt;

/// A non-negative decimal with at most three places, stored in thousandths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal {
    thousandths: u64,
}

impl Decimal {
    pub const ZERO: Decimal = Decimal { thousandths: 0 };

    pub fn from_whole(value: u64) -> Decimal {
        Decimal {
            thousandths: value.saturating_mul(1000),
        }
    }

    /// The decimal a TOML float spells, if it has at most three places.
    ///
    /// TOML hands us `1.5` as an `f64`; a value with more places than three
    /// (or negative, or not finite) is refused rather than rounded, so that
    /// what the standard says is what the tool compares.
    pub fn from_f64(value: f64) -> Option<Decimal> {
        if !value.is_finite() || !(0.0..=1e12).contains(&value) {
            return None;
        }
        let scaled = value * 1000.0;
        let rounded = scaled.round();
        // 0.1 * 1000 is 100.00000000000001: accept what is a representation
        // error, refuse a genuine fourth decimal place.
        if (scaled - rounded).abs() > 1e-6 {
            return None;
        }
        // Bounded above, so the cast cannot truncate.
        Some(Decimal {
            thousandths: rounded as u64,
        })
    }

    pub fn from_thousandths(thousandths: u64) -> Decimal {
        Decimal { thousandths }
    }

    pub fn thousandths(self) -> u64 {
        self.thousandths
    }

    pub fn is_zero(self) -> bool {
        self.thousandths == 0
    }

    pub fn to_fraction(self) -> Fraction {
        Fraction::new(u128::from(self.thousandths), 1000)
    }

    pub fn to_f64(self) -> f64 {
        self.thousandths as f64 / 1000.0
    }
}

impl fmt::Display for Decimal {
    /// Shortest exact form: `4`, `1.5`, `2.125`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.thousandths / 1000;
        let frac = self.thousandths % 1000;
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            let digits = format!("{frac:03}");
            write!(f, "{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// A non-negative fraction in lowest terms.
///
/// Numerators and denominators stay small for any real standard (points
/// in thousandths times item counts), and u128 leaves a wide margin; the
/// arithmetic saturates rather than wraps should a hostile standard try.
#[derive(Clone, Copy, Debug)]
pub struct Fraction {
    num: u128,
    den: u128,
}

impl Fraction {
    pub const ZERO: Fraction = Fraction { num: 0, den: 1 };

    /// `num / den`; a zero denominator is treated as zero (never produced by
    /// the callers, which check denominators first).
    pub fn new(num: u128, den: u128) -> Fraction {
        if den == 0 {
            return Fraction::ZERO;
        }
        let g = gcd(num, den);
        Fraction {
            num: num / g,
            den: den / g,
        }
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// The nearest whole number, halves rounded up (for display only).
    pub fn round_half_up(self) -> u128 {
        (self.num.saturating_mul(2).saturating_add(self.den)) / (self.den.saturating_mul(2))
    }

    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl std::ops::Add for Fraction {
    type Output = Fraction;
    fn add(self, other: Fraction) -> Fraction {
        let g = gcd(self.den, other.den);
        let den = (self.den / g).saturating_mul(other.den);
        let num = self
            .num
            .saturating_mul(other.den / g)
            .saturating_add(other.num.saturating_mul(self.den / g));
        Fraction::new(num, den)
    }
}

impl std::ops::AddAssign for Fraction {
    fn add_assign(&mut self, other: Fraction) {
        *self = *self + other;
    }
}

impl std::ops::Sub for Fraction {
    type Output = Fraction;
    /// `self - other`, or zero if `other` is larger: the values here (points
    /// still to earn) are never negative.
    fn sub(self, other: Fraction) -> Fraction {
        if other >= self {
            return Fraction::ZERO;
        }
        let g = gcd(self.den, other.den);
        let den = (self.den / g).saturating_mul(other.den);
        let num = self.num.saturating_mul(other.den / g) - other.num.saturating_mul(self.den / g);
        Fraction::new(num, den)
    }
}

impl std::ops::Mul for Fraction {
    type Output = Fraction;
    fn mul(self, other: Fraction) -> Fraction {
        // Cross-reduce first so products stay small.
        let g1 = gcd(self.num, other.den);
        let g2 = gcd(other.num, self.den);
        Fraction::new(
            (self.num / g1).saturating_mul(other.num / g2),
            (self.den / g2).saturating_mul(other.den / g1),
        )
    }
}

impl std::ops::Div for Fraction {
    type Output = Fraction;
    /// Dividing by zero gives zero; callers check denominators first.
    fn div(self, other: Fraction) -> Fraction {
        if other.num == 0 {
            return Fraction::ZERO;
        }
        self * Fraction::new(other.den, other.num)
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Fraction {}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> Ordering {
        // Integer cross-multiplication: a/b ? c/d  ⇔  a·d ? c·b.
        self.num
            .saturating_mul(other.den)
            .cmp(&other.num.saturating_mul(self.den))
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_three_places_and_refuse_a_fourth() {
        assert_eq!(Decimal::from_f64(1.5).unwrap().to_string(), "1.5");
        assert_eq!(Decimal::from_f64(0.1).unwrap().thousandths(), 100);
        assert_eq!(Decimal::from_f64(2.125).unwrap().to_string(), "2.125");
        assert_eq!(Decimal::from_f64(4.0).unwrap().to_string(), "4");
        assert_eq!(Decimal::from_f64(0.0005), None);
        assert_eq!(Decimal::from_f64(-1.0), None);
        assert_eq!(Decimal::from_f64(f64::NAN), None);
    }

    #[test]
    fn fractions_compare_exactly() {
        let two_percent = Fraction::new(2, 100);
        assert_eq!(Fraction::new(1, 50), two_percent);
        assert!(Fraction::new(2, 99) > two_percent);
        assert!(Fraction::new(1, 3) + Fraction::new(1, 6) == Fraction::new(1, 2));
        assert_eq!(
            Fraction::new(5, 2) - Fraction::new(5, 4),
            Fraction::new(5, 4)
        );
        assert_eq!(Fraction::new(1, 2) - Fraction::new(3, 4), Fraction::ZERO);
        assert_eq!(
            Fraction::new(5, 2) * Fraction::new(3, 4),
            Fraction::new(15, 8)
        );
        assert_eq!(
            Fraction::new(9, 10) / Fraction::new(1, 100),
            Fraction::new(90, 1)
        );
    }

    #[test]
    fn a_sum_of_tenths_reaches_its_bound_exactly() {
        // 0.1 added 900 times is exactly 90, unlike in f64.
        let tenth = Decimal::from_f64(0.1).unwrap().to_fraction();
        let sum = (0..900).fold(Fraction::ZERO, |acc, _| acc + tenth);
        assert_eq!(sum, Fraction::new(90, 1));
    }
}
