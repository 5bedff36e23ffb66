//! The standard file as TOML says it, with the span of every value, before
//! any check: what [`super::validate`] turns into a [`super::Standard`].
//! Every struct refuses unknown fields, so a misspelt field is an error,
//! never ignored.

use serde::Deserialize;
use toml::Spanned;

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStandard {
    pub(super) id: Spanned<String>,
    pub(super) title: String,
    pub(super) title_en: String,
    pub(super) version: String,
    pub(super) pass_mark: Spanned<Number>,
    /// Fact path → what the fact is, in words, for messages and the template.
    #[serde(default)]
    pub(super) labels: std::collections::BTreeMap<Spanned<String>, RawLabel>,
    #[serde(default)]
    pub(super) target: Vec<Spanned<RawTarget>>,
}

/// What a fact is, in both languages: `{ zh = "刑满释放人员数", en = "persons released" }`.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLabel {
    pub(super) zh: String,
    pub(super) en: String,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTarget {
    pub(super) id: Spanned<String>,
    pub(super) title: String,
    pub(super) title_en: String,
    #[serde(default)]
    pub(super) criterion: Vec<Spanned<RawCriterion>>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCriterion {
    pub(super) id: Spanned<String>,
    pub(super) title: String,
    pub(super) title_en: String,
    pub(super) points: Spanned<Number>,
    #[serde(default)]
    pub(super) veto: bool,
    /// Whether a sheet may declare the criterion not applicable.
    pub(super) declarable: Option<Spanned<bool>>,
    pub(super) basis: Option<String>,
    pub(super) basis_en: Option<String>,
    pub(super) method: Option<String>,
    pub(super) method_en: Option<String>,
    pub(super) rule: Spanned<RawRule>,
}

/// Every field any rule kind uses; which of them a kind allows is checked
/// in [`Validator::rule`], so a misplaced field is named, not ignored.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    /// Absent only in a tailoring's partial rule (`rule = { min = 2 }`).
    pub(super) kind: Option<Spanned<String>>,
    pub(super) fact: Option<Spanned<String>>,
    pub(super) max: Option<Spanned<i64>>,
    pub(super) min: Option<Spanned<i64>>,
    pub(super) years: Option<Spanned<i64>>,
    pub(super) items: Option<Vec<Spanned<RawItem>>>,
    pub(super) numerator: Option<Spanned<String>>,
    pub(super) denominator: Option<Spanned<String>>,
    pub(super) at_least_percent: Option<Spanned<Number>>,
    pub(super) at_most_percent: Option<Spanned<Number>>,
    pub(super) when_empty: Option<Spanned<String>>,
    /// An exact fraction bound, `"2/3"`, in place of a percent.
    pub(super) at_least_fraction: Option<Spanned<String>>,
    pub(super) at_most_fraction: Option<Spanned<String>>,
    /// `month`, `quarter` or `half_year`, for `every_period`.
    pub(super) period: Option<Spanned<String>>,
    /// N of "N times a year", for `times_a_year`.
    pub(super) times: Option<Spanned<i64>>,
    /// Points taken off per thing short, never below 0.
    pub(super) deduct: Option<Spanned<Number>>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub(super) fact: Spanned<String>,
    pub(super) max: Option<Spanned<i64>>,
    pub(super) min: Option<Spanned<i64>>,
    pub(super) label: Option<String>,
    pub(super) label_en: Option<String>,
    /// The item is a date starting a term of this many years.
    pub(super) years: Option<Spanned<i64>>,
    /// The item is an expiry date (`expires = true`).
    pub(super) expires: Option<Spanned<bool>>,
    /// The item's own points, or its own deduction.
    pub(super) points: Option<Spanned<Number>>,
    pub(super) deduct: Option<Spanned<Number>>,
}

/// A TOML integer or float, which the validator turns into a [`Decimal`].
#[derive(Clone, Copy)]
pub(super) struct Number(pub(super) f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl serde::de::Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Number, E> {
                Ok(Number(v))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}
