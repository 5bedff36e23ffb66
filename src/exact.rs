//! Exact numbers for scores and thresholds.
//!
//! A verdict turns on comparisons such as "score ≥ 90%" and "2/100 ≤ 2%".
//! Floating point can put a value that sits exactly on the bound on the
//! wrong side of it, so points, percents and scores are held exactly:
//! [`Decimal`] for the numbers a standard writes (at most three decimal
//! places) and [`Fraction`] for what arithmetic makes of them (partial
//! credit such as 2.5 × 3/4). Floats appear only when a report prints.
//!
//! A fraction is never approximated and its arithmetic never saturates: it
//! is kept in `u128` while that suffices (every real standard) and moves to
//! arbitrary-precision integers the moment an operation would overflow (a
//! standard of checklists whose sizes are many different primes builds a
//! common denominator past `u128`).

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};
use std::cmp::Ordering;
use std::fmt;

/// A non-negative decimal with at most three places, stored in thousandths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal {
    thousandths: u64,
}

/// The largest value a standard may write as a decimal: more is refused on
/// load, never clamped.
pub const DECIMAL_MAX: f64 = 1e12;

impl Decimal {
    pub const ZERO: Decimal = Decimal { thousandths: 0 };

    /// A whole number as a decimal (a `u32` always fits).
    pub const fn from_whole(value: u32) -> Decimal {
        Decimal {
            thousandths: value as u64 * 1000,
        }
    }

    /// The decimal a TOML float spells, if it has at most three places.
    ///
    /// TOML hands us `1.5` as an `f64`; a value with more places than three
    /// (or negative, or not finite) is refused rather than rounded, so that
    /// what the standard says is what the tool compares.
    pub fn from_f64(value: f64) -> Option<Decimal> {
        if !value.is_finite() || !(0.0..=DECIMAL_MAX).contains(&value) {
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

/// A non-negative fraction in lowest terms, of any size.
#[derive(Clone, Debug)]
pub struct Fraction(Repr);

/// `Small` while numerator and denominator fit in `u128`; `Big` once an
/// operation would overflow. Both are kept in lowest terms and a `Big`
/// result that fits is moved back to `Small`, so equal values have equal
/// representations.
#[derive(Clone, Debug)]
enum Repr {
    Small { num: u128, den: u128 },
    Big(Box<(BigUint, BigUint)>),
}

/// How [`Fraction::to_decimal`] rounds the last place shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Halves away from zero: 0.625 → 0.63.
    HalfUp,
    /// Towards zero: 89.9999 → 89.99.
    Down,
    /// Away from zero: 90.0001 → 90.01.
    Up,
}

impl Fraction {
    pub const ZERO: Fraction = Fraction(Repr::Small { num: 0, den: 1 });

    /// `num / den`; a zero denominator is treated as zero (never produced by
    /// the callers, which check denominators first).
    pub fn new(num: u128, den: u128) -> Fraction {
        if den == 0 {
            return Fraction::ZERO;
        }
        let g = num.gcd(&den);
        Fraction(Repr::Small {
            num: num / g,
            den: den / g,
        })
    }

    /// A whole number.
    pub fn whole(value: u64) -> Fraction {
        Fraction::new(u128::from(value), 1)
    }

    fn from_big(num: BigUint, den: BigUint) -> Fraction {
        if den.is_zero() {
            return Fraction::ZERO;
        }
        let g = num.gcd(&den);
        let (num, den) = (num / &g, den / &g);
        match (num.to_u128(), den.to_u128()) {
            (Some(num), Some(den)) => Fraction(Repr::Small { num, den }),
            _ => Fraction(Repr::Big(Box::new((num, den)))),
        }
    }

    fn big(&self) -> (BigUint, BigUint) {
        match &self.0 {
            Repr::Small { num, den } => (BigUint::from(*num), BigUint::from(*den)),
            Repr::Big(pair) => (pair.0.clone(), pair.1.clone()),
        }
    }

    fn small(&self) -> Option<(u128, u128)> {
        match self.0 {
            Repr::Small { num, den } => Some((num, den)),
            Repr::Big(_) => None,
        }
    }

    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Repr::Small { num, .. } => *num == 0,
            Repr::Big(pair) => pair.0.is_zero(),
        }
    }

    /// The value to `places` decimals, rounded as asked (for display).
    pub fn to_decimal(&self, places: u32, rounding: Rounding) -> String {
        // Every report prints dozens of these per sheet: stay in u128
        // whenever the scaled value fits, as it does for any real standard.
        let small = self.small().and_then(|(num, den)| {
            let scaled = num.checked_mul(10u128.checked_pow(places)?)?;
            let (digits, rest) = (scaled / den, scaled % den);
            let up = match rounding {
                Rounding::HalfUp => rest.checked_mul(2)? >= den,
                Rounding::Down => false,
                Rounding::Up => rest != 0,
            };
            digits.checked_add(u128::from(up)).map(|d| d.to_string())
        });
        let text = small.unwrap_or_else(|| {
            let (num, den) = self.big();
            let scaled = num * BigUint::from(10u32).pow(places);
            let (mut digits, rest) = scaled.div_rem(&den);
            let up = match rounding {
                Rounding::HalfUp => rest * 2u32 >= den,
                Rounding::Down => false,
                Rounding::Up => !rest.is_zero(),
            };
            if up {
                digits += 1u32;
            }
            digits.to_string()
        });
        if places == 0 {
            return text;
        }
        let places = places as usize;
        let padded = format!("{text:0>width$}", width = places + 1);
        let (whole, frac) = padded.split_at(padded.len() - places);
        format!("{whole}.{frac}")
    }

    /// The exact value as `num/den` (or `num` when whole), for scripts that
    /// must not trust a float.
    pub fn to_exact_string(&self) -> String {
        match &self.0 {
            Repr::Small { num, den: 1 } => num.to_string(),
            Repr::Small { num, den } => format!("{num}/{den}"),
            Repr::Big(pair) if pair.1 == BigUint::from(1u32) => pair.0.to_string(),
            Repr::Big(pair) => format!("{}/{}", pair.0, pair.1),
        }
    }

    /// The nearest `f64` (for printing in JSON; never for a decision).
    pub fn to_f64(&self) -> f64 {
        match &self.0 {
            Repr::Small { num, den } => *num as f64 / *den as f64,
            Repr::Big(pair) => {
                let (num, den) = (&pair.0, &pair.1);
                // Shift both down to 64 significant bits so neither
                // converts to infinity; the quotient keeps its precision.
                let shift = num.bits().max(den.bits()).saturating_sub(64);
                let part = |v: &BigUint| (v >> shift).to_f64().unwrap_or(f64::NAN);
                part(num) / part(den)
            }
        }
    }
}

impl std::ops::Add for &Fraction {
    type Output = Fraction;
    fn add(self, other: &Fraction) -> Fraction {
        if let (Some((a, b)), Some((c, d))) = (self.small(), other.small()) {
            let g = b.gcd(&d);
            let sum = (|| {
                let den = (b / g).checked_mul(d)?;
                let num = a.checked_mul(d / g)?.checked_add(c.checked_mul(b / g)?)?;
                Some(Fraction::new(num, den))
            })();
            if let Some(sum) = sum {
                return sum;
            }
        }
        let ((a, b), (c, d)) = (self.big(), other.big());
        Fraction::from_big(&a * &d + &c * &b, b * d)
    }
}

impl std::ops::Add for Fraction {
    type Output = Fraction;
    fn add(self, other: Fraction) -> Fraction {
        &self + &other
    }
}

impl std::ops::AddAssign<&Fraction> for Fraction {
    fn add_assign(&mut self, other: &Fraction) {
        *self = &*self + other;
    }
}

impl std::ops::AddAssign for Fraction {
    fn add_assign(&mut self, other: Fraction) {
        *self = &*self + &other;
    }
}

impl std::ops::Sub for &Fraction {
    type Output = Fraction;
    /// `self - other`, or zero if `other` is larger: the values here (points
    /// still to earn) are never negative.
    fn sub(self, other: &Fraction) -> Fraction {
        if other >= self {
            return Fraction::ZERO;
        }
        if let (Some((a, b)), Some((c, d))) = (self.small(), other.small()) {
            let g = b.gcd(&d);
            let difference = (|| {
                let den = (b / g).checked_mul(d)?;
                let num = a.checked_mul(d / g)?.checked_sub(c.checked_mul(b / g)?)?;
                Some(Fraction::new(num, den))
            })();
            if let Some(difference) = difference {
                return difference;
            }
        }
        let ((a, b), (c, d)) = (self.big(), other.big());
        Fraction::from_big(&a * &d - &c * &b, b * d)
    }
}

impl std::ops::Sub for Fraction {
    type Output = Fraction;
    fn sub(self, other: Fraction) -> Fraction {
        &self - &other
    }
}

impl std::ops::Mul for &Fraction {
    type Output = Fraction;
    fn mul(self, other: &Fraction) -> Fraction {
        if let (Some((a, b)), Some((c, d))) = (self.small(), other.small()) {
            // Cross-reduce first so products stay small.
            let (g1, g2) = (a.gcd(&d), c.gcd(&b));
            if let (Some(num), Some(den)) =
                ((a / g1).checked_mul(c / g2), (b / g2).checked_mul(d / g1))
            {
                return Fraction::new(num, den);
            }
        }
        let ((a, b), (c, d)) = (self.big(), other.big());
        Fraction::from_big(a * c, b * d)
    }
}

impl std::ops::Mul for Fraction {
    type Output = Fraction;
    fn mul(self, other: Fraction) -> Fraction {
        &self * &other
    }
}

impl std::ops::Div for &Fraction {
    type Output = Fraction;
    /// Dividing by zero gives zero; callers check denominators first.
    // Division is multiplication by the inverse, which clippy finds odd.
    #[allow(clippy::suspicious_arithmetic_impl)]
    fn div(self, other: &Fraction) -> Fraction {
        if other.is_zero() {
            return Fraction::ZERO;
        }
        let inverse = match &other.0 {
            Repr::Small { num, den } => Fraction(Repr::Small {
                num: *den,
                den: *num,
            }),
            Repr::Big(pair) => Fraction(Repr::Big(Box::new((pair.1.clone(), pair.0.clone())))),
        };
        self * &inverse
    }
}

impl std::ops::Div for Fraction {
    type Output = Fraction;
    fn div(self, other: Fraction) -> Fraction {
        &self / &other
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
        if let (Some((a, b)), Some((c, d))) = (self.small(), other.small())
            && let (Some(left), Some(right)) = (a.checked_mul(d), c.checked_mul(b))
        {
            return left.cmp(&right);
        }
        let ((a, b), (c, d)) = (self.big(), other.big());
        (a * d).cmp(&(c * b))
    }
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
        assert_eq!(
            Decimal::from_f64(1e12).unwrap().to_string(),
            "1000000000000"
        );
        assert_eq!(Decimal::from_f64(1.000001e12), None);
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
        let sum = (0..900).fold(Fraction::ZERO, |acc, _| acc + tenth.clone());
        assert_eq!(sum, Fraction::new(90, 1));
    }

    /// The primes up to 131: 32 of them, whose product is far past u128.
    fn primes() -> Vec<u128> {
        (2..=131u128)
            .filter(|n| (2..*n).all(|d| n % d != 0))
            .collect()
    }

    #[test]
    fn sums_past_u128_stay_exact() {
        // Σ (p-1)/p over the first 32 primes: every partial sum's
        // denominator is the product of the primes so far (> 2^128 from
        // the 27th prime on). Subtracting each term back must give zero
        // exactly, which saturating arithmetic could not.
        let primes = primes();
        assert_eq!(primes.len(), 32);
        let terms: Vec<Fraction> = primes.iter().map(|&p| Fraction::new(p - 1, p)).collect();
        let sum = terms.iter().fold(Fraction::ZERO, |acc, t| &acc + t);
        assert!(matches!(sum.0, Repr::Big(_)));
        // The sum lies between 32 - Σ 1/p and 32: check with exact bounds.
        assert!(sum < Fraction::whole(32));
        assert!(sum > Fraction::whole(29));
        let back = terms.iter().fold(sum.clone(), |acc, t| &acc - t);
        assert_eq!(back, Fraction::ZERO);
        assert!(matches!(back.0, Repr::Small { .. }));
        // Percent of the whole, and its float, are sensible.
        let percent = &(&sum / &Fraction::whole(32)) * &Fraction::whole(100);
        let shown = percent.to_f64();
        assert!((90.0..100.0).contains(&shown), "{shown}");
        // Multiplying by the product and dividing again is the identity.
        let product = primes
            .iter()
            .fold(Fraction::whole(1), |acc, &p| &acc * &Fraction::new(p, 1));
        assert_eq!(&(&sum * &product) / &product, sum);
    }

    #[test]
    fn decimals_round_as_asked() {
        let v = Fraction::new(89_999_999, 1_000_000); // 89.999999
        assert_eq!(v.to_decimal(2, Rounding::HalfUp), "90.00");
        assert_eq!(v.to_decimal(2, Rounding::Down), "89.99");
        assert_eq!(
            Fraction::new(900_001, 10_000).to_decimal(2, Rounding::Up),
            "90.01"
        );
        assert_eq!(Fraction::new(5, 8).to_decimal(2, Rounding::HalfUp), "0.63");
        assert_eq!(
            Fraction::new(1, 200).to_decimal(2, Rounding::HalfUp),
            "0.01"
        );
        assert_eq!(
            Fraction::new(1, 201).to_decimal(2, Rounding::HalfUp),
            "0.00"
        );
        assert_eq!(Fraction::new(7, 2).to_decimal(0, Rounding::HalfUp), "4");
        assert_eq!(Fraction::new(7, 2).to_exact_string(), "7/2");
        assert_eq!(Fraction::new(8, 2).to_exact_string(), "4");
    }
}
