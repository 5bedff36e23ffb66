//! Checking a standard: raw TOML values in, a valid [`Standard`] out, every
//! problem a [`Diagnostic`] at its line. Used for whole standard files and,
//! piece by piece, for the criteria a tailoring changes or adds.

use super::raw::{Number, RawCriterion, RawRule, RawStandard};
use super::{
    ChecklistItem, Criterion, EmptyDenominator, FactType, ItemTest, ItemWeight, Period, Rule,
    ShareBound, Standard, Target, Threshold,
};
use crate::diagnostic::{Bilingual, Diagnostic, LineIndex, Position};
use crate::exact::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

/// The top-level keys of a fact sheet that are not facts; a standard may not
/// name a fact that collides with them.
pub const RESERVED_KEYS: [&str; 5] = ["community", "year", "as_of", "evidence", "not_applicable"];

pub(super) const RULE_KINDS: [&str; 14] = [
    "flag",
    "at_most",
    "at_least",
    "checklist",
    "ratio",
    "count_in_year",
    "every_quarter",
    "every_period",
    "times_a_year",
    "within_years",
    "attested",
    "each_record",
    "look_back",
    "not_expired",
];

/// The kinds whose shortfall is counted in things (records, periods,
/// items, incidents, units), so a deduction per thing makes sense; the
/// others pass or fail as a whole.
const DEDUCTIBLE_KINDS: [&str; 9] = [
    "at_most",
    "at_least",
    "checklist",
    "count_in_year",
    "every_quarter",
    "every_period",
    "times_a_year",
    "each_record",
    "look_back",
];

/// The largest denominator a fraction bound may have: far beyond any
/// share a standard states (2/3, 1/3, 4/5), and small enough that every
/// comparison stays in `u128`.
const MAX_FRACTION_DENOMINATOR: u64 = 1_000_000;

/// Where a fact is first read: its type, the criterion, the position.
pub(super) struct FactUse {
    pub(super) kind: FactType,
    pub(super) criterion: String,
    pub(super) position: Option<Position>,
}

pub(super) struct Validator<'s> {
    pub(super) source: &'s str,
    lines: std::cell::OnceCell<LineIndex<'s>>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Each fact's type and where it was first used, to catch a fact read
    /// as two different types by two criteria.
    pub(super) fact_types: BTreeMap<String, FactUse>,
}

impl<'s> Validator<'s> {
    pub(super) fn new(source: &'s str) -> Validator<'s> {
        Validator {
            source,
            lines: std::cell::OnceCell::new(),
            diagnostics: Vec::new(),
            fact_types: BTreeMap::new(),
        }
    }

    /// The standard built, if nothing was wrong; else every problem.
    pub(super) fn finish(self, standard: Standard) -> Result<Standard, super::StandardError> {
        let mut diagnostics = self.diagnostics;
        if diagnostics.is_empty() {
            Ok(standard)
        } else {
            crate::diagnostic::sort_in_file_order(&mut diagnostics);
            Err(super::StandardError { diagnostics })
        }
    }

    pub(super) fn position(&self, span: std::ops::Range<usize>) -> Option<Position> {
        // Every fact's first use keeps its position, so positions are many:
        // index the lines once rather than rescan the source for each.
        let lines = self.lines.get_or_init(|| LineIndex::new(self.source));
        Some(lines.position(span.start))
    }

    pub(super) fn error<T>(&mut self, at: &Spanned<T>, zh: String, en: String) {
        let position = self.position(at.span());
        self.diagnostics
            .push(Diagnostic::new(Bilingual::new(zh, en)).at(position));
    }

    pub(super) fn standard(&mut self, raw: RawStandard) -> Standard {
        if raw.id.get_ref().trim().is_empty() {
            self.error(
                &raw.id,
                "标准 id 不能为空".into(),
                "the standard's id is empty".into(),
            );
        }
        let pass_mark = self.percent(&raw.pass_mark, "pass_mark");
        if raw.target.is_empty() {
            self.diagnostics.push(Diagnostic::new(Bilingual::new(
                "标准中没有任何目标（[[target]]）",
                "the standard has no targets ([[target]])",
            )));
        }
        let mut target_ids = BTreeSet::new();
        let mut criterion_ids = BTreeSet::new();
        let mut targets = Vec::new();
        for raw_target in raw.target {
            let span = raw_target.span();
            let raw_target = raw_target.into_inner();
            let id = raw_target.id.get_ref().trim().to_string();
            if id.is_empty() {
                self.error(
                    &raw_target.id,
                    "目标 id 不能为空".into(),
                    "a target's id is empty".into(),
                );
            } else if !target_ids.insert(id.clone()) {
                self.error(
                    &raw_target.id,
                    format!("目标 id \"{id}\" 重复"),
                    format!("duplicate target id \"{id}\""),
                );
            }
            if raw_target.criterion.is_empty() {
                let position = self.position(span);
                self.diagnostics.push(
                    Diagnostic::new(Bilingual::new(
                        format!("目标 \"{id}\" 没有任何评分项（[[target.criterion]]）"),
                        format!("target \"{id}\" has no criteria ([[target.criterion]])"),
                    ))
                    .at(position),
                );
            }
            let mut criteria = Vec::new();
            for raw_criterion in raw_target.criterion {
                let raw_criterion = raw_criterion.into_inner();
                let cid = raw_criterion.id.get_ref().trim().to_string();
                if cid.is_empty() {
                    self.error(
                        &raw_criterion.id,
                        "评分项 id 不能为空".into(),
                        "a criterion's id is empty".into(),
                    );
                } else if !criterion_ids.insert(cid.clone()) {
                    self.error(
                        &raw_criterion.id,
                        format!("评分项 id \"{cid}\" 重复"),
                        format!("duplicate criterion id \"{cid}\""),
                    );
                }
                if let Some(criterion) = self.criterion(cid, raw_criterion) {
                    criteria.push(criterion);
                }
            }
            targets.push(Target {
                id,
                title: raw_target.title,
                title_en: raw_target.title_en,
                criteria,
            });
        }
        self.check_fact_tree();
        let labels = self.labels(raw.labels, &BTreeMap::new());
        super::attach_labels(&mut targets, &labels);
        Standard {
            id: raw.id.into_inner(),
            title: raw.title,
            title_en: raw.title_en,
            version: raw.version,
            pass_mark: pass_mark.unwrap_or(Decimal::ZERO),
            targets,
            facts: self.fact_map(),
            retired: Default::default(),
            labels,
            tailoring: None,
        }
    }

    /// The labels `raw` gives, over `base`'s: each must name a fact some
    /// criterion reads (a label for a misspelt fact would never show).
    pub(super) fn labels(
        &mut self,
        raw: BTreeMap<Spanned<String>, super::raw::RawLabel>,
        base: &BTreeMap<String, super::Label>,
    ) -> BTreeMap<String, super::Label> {
        let mut labels = base.clone();
        for (fact, label) in raw {
            if !self.fact_types.contains_key(fact.get_ref()) {
                let known: Vec<&str> = self.fact_types.keys().map(String::as_str).collect();
                let hint = crate::suggest::closest(fact.get_ref(), known.iter().copied())
                    .map(|c| (format!("；是否想写 {c}？"), format!("; did you mean {c}?")))
                    .unwrap_or_default();
                self.error(
                    &fact,
                    format!(
                        "[labels] 中的 {} 不是任何评分项读取的事实{}",
                        fact.get_ref(),
                        hint.0
                    ),
                    format!(
                        "[labels] names {}, which no criterion reads{}",
                        fact.get_ref(),
                        hint.1
                    ),
                );
                continue;
            }
            labels.insert(
                fact.into_inner(),
                super::Label {
                    zh: label.zh,
                    en: label.en,
                },
            );
        }
        labels
    }

    /// A criterion's points: greater than 0, at most three decimals.
    pub(super) fn points(&mut self, value: &Spanned<Number>) -> Option<Decimal> {
        let n = value.get_ref().0;
        let points = Decimal::from_f64(n).filter(|p| !p.is_zero());
        if points.is_none() {
            self.error(
                value,
                format!("`points` 应为大于 0 的数，最多三位小数，实际为 {n}"),
                format!(
                    "`points` must be a number greater than 0 with at most three decimals, found {n}"
                ),
            );
        }
        points
    }

    pub(super) fn criterion(&mut self, id: String, raw: RawCriterion) -> Option<Criterion> {
        let points = self.points(&raw.points);
        let rule = self.rule(&id, &raw.rule)?;
        let deduct = self.deduct(&raw.rule)?;
        if let Some(points) = points {
            self.weights_add_up(&raw.rule, &rule, points, deduct.is_some())?;
        }
        let declarable = raw.declarable.as_ref().is_some_and(|d| *d.get_ref());
        if let Some(at) = raw.declarable.as_ref().filter(|_| declarable && raw.veto) {
            self.veto_declarable(at, &id);
        }
        Some(Criterion {
            labels: BTreeMap::new(),
            deduct,
            id,
            title: raw.title,
            title_en: raw.title_en,
            points: points?,
            veto: raw.veto,
            declarable,
            basis: raw.basis,
            basis_en: raw.basis_en,
            method: raw.method,
            method_en: raw.method_en,
            rule,
        })
    }

    /// The rule's `deduct`, if any: more than 0, at most three decimals.
    /// `Err`-like `None` only on a problem (reported); `Some(None)` when
    /// there is none.
    pub(super) fn deduct(
        &mut self,
        raw: &Spanned<RawRule>,
    ) -> Option<Option<crate::exact::Decimal>> {
        let Some(value) = &raw.get_ref().deduct else {
            return Some(None);
        };
        let n = value.get_ref().0;
        match Decimal::from_f64(n).filter(|d| !d.is_zero()) {
            Some(d) => Some(Some(d)),
            None => {
                self.error(
                    value,
                    format!("`deduct` 应为大于 0 的数，最多三位小数，实际为 {n}"),
                    format!(
                        "`deduct` must be a number greater than 0 with at most three decimals, found {n}"
                    ),
                );
                None
            }
        }
    }

    /// A checklist whose items carry their own points must share out the
    /// criterion's points exactly, and cannot also deduct: otherwise the
    /// points earned would not be the points the items say.
    pub(super) fn weights_add_up(
        &mut self,
        raw: &Spanned<RawRule>,
        rule: &Rule,
        points: Decimal,
        rule_deducts: bool,
    ) -> Option<()> {
        let Rule::Checklist { items } = rule else {
            return Some(());
        };
        let unweighted = items.iter().filter(|i| i.weight.is_none()).count();
        let deducting = items
            .iter()
            .any(|i| matches!(i.weight, Some(ItemWeight::Deduct(_))));
        if deducting && !rule_deducts && unweighted > 0 {
            self.error(
                raw,
                "部分清单项有 `deduct` 时，其余各项也要有 `deduct`，或在规则上写 `deduct` 作为默认".into(),
                "when some items `deduct`, every other item needs its own `deduct`, or the rule a `deduct` for them".into(),
            );
            return None;
        }
        let with_points: Vec<Decimal> = items
            .iter()
            .filter_map(|item| match item.weight {
                Some(ItemWeight::Points(p)) => Some(p),
                _ => None,
            })
            .collect();
        if with_points.is_empty() {
            return Some(());
        }
        if with_points.len() != items.len() || rule_deducts {
            self.error(
                raw,
                "清单项一旦有 `points`，每一项都要有 `points`，且不能再用 `deduct`".into(),
                "once a checklist item has `points`, every item needs `points` and none may `deduct`".into(),
            );
            return None;
        }
        let sum: u64 = with_points.iter().map(|p| p.thousandths()).sum();
        if sum != points.thousandths() {
            let sum = Decimal::from_thousandths(sum);
            self.error(
                raw,
                format!("各清单项的 `points` 合计 {sum}，与评分项的 `points`（{points}）不等"),
                format!(
                    "the items' `points` add up to {sum}, not the criterion's `points` ({points})"
                ),
            );
            return None;
        }
        Some(())
    }

    /// A veto criterion that may be declared not applicable would let a
    /// sheet set aside the very failures a veto exists for.
    pub(super) fn veto_declarable<T>(&mut self, at: &Spanned<T>, id: &str) {
        self.error(
            at,
            format!(
                "评分项 {id} 是一票否决项，不能设为 declarable（可声明不适用）；要设为否决项，请同时写 declarable = false"
            ),
            format!(
                "criterion {id} is a veto criterion and cannot be declarable (declared not applicable); to make it a veto, also write declarable = false"
            ),
        );
    }

    pub(super) fn rule(&mut self, criterion: &str, raw: &Spanned<RawRule>) -> Option<Rule> {
        let rule = raw.get_ref();
        let Some(kind_field) = &rule.kind else {
            self.error(
                raw,
                "规则缺少 `kind`（规则类型）".into(),
                "the rule has no `kind`".into(),
            );
            return None;
        };
        let kind = kind_field.get_ref().as_str();
        if !RULE_KINDS.contains(&kind) {
            let suggestion = crate::suggest::closest(kind, RULE_KINDS.iter().copied());
            let (zh_hint, en_hint) = match suggestion {
                Some(s) => (
                    format!("；是否想写 \"{s}\"？"),
                    format!("; did you mean \"{s}\"?"),
                ),
                None => (String::new(), String::new()),
            };
            self.error(
                kind_field,
                format!(
                    "未知的规则类型 \"{kind}\"（可用：{}）{zh_hint}",
                    RULE_KINDS.join("、")
                ),
                format!(
                    "unknown rule kind \"{kind}\" (expected one of: {}){en_hint}",
                    RULE_KINDS.join(", ")
                ),
            );
            return None;
        }
        self.only_fields(raw, kind);
        let built = match kind {
            "flag" => Rule::Flag {
                fact: self.fact_field(raw, criterion)?,
            },
            "attested" => Rule::Attested {
                fact: self.fact_field(raw, criterion)?,
            },
            "at_most" => Rule::AtMost {
                fact: self.fact_field(raw, criterion)?,
                max: self.whole(raw, rule.max.as_ref(), "max", 0)?,
            },
            "at_least" => Rule::AtLeast {
                fact: self.fact_field(raw, criterion)?,
                min: self.whole(raw, rule.min.as_ref(), "min", 0)?,
            },
            "count_in_year" | "every_quarter" | "every_period" => {
                let fact = self.fact_field(raw, criterion)?;
                let min = match &rule.min {
                    None => 1,
                    Some(_) => self.whole(raw, rule.min.as_ref(), "min", 1)?,
                };
                match kind {
                    "count_in_year" => Rule::CountInYear { fact, min },
                    "every_quarter" => Rule::EveryPeriod {
                        fact,
                        min,
                        period: Period::Quarter,
                    },
                    _ => Rule::EveryPeriod {
                        fact,
                        min,
                        period: self.period(raw)?,
                    },
                }
            }
            "times_a_year" => {
                let fact = self.fact_field(raw, criterion)?;
                let times = self.whole(raw, rule.times.as_ref(), "times", 1)?;
                // Spread means equal parts of whole months, one record in
                // each: only a number of parts that divides 12 does that.
                if ![1, 2, 3, 4, 6, 12].contains(&times) {
                    let value = rule.times.as_ref()?;
                    self.error(
                        value,
                        format!("`times` 应能整除 12（1、2、3、4、6、12），使全年均分为整月的时段，实际为 {times}"),
                        format!("`times` must divide 12 (1, 2, 3, 4, 6 or 12) so the year splits into equal whole months, found {times}"),
                    );
                    return None;
                }
                Rule::EveryPeriod {
                    fact,
                    min: 1,
                    period: Period::TimesAYear(times as u8),
                }
            }
            "within_years" => {
                let fact = self.fact_field(raw, criterion)?;
                let years = self.years(raw)?;
                Rule::WithinYears { fact, years }
            }
            "look_back" => {
                let fact = self.fact_field(raw, criterion)?;
                let years = self.years(raw)?;
                let max = match &rule.max {
                    None => 0,
                    Some(_) => self.whole(raw, rule.max.as_ref(), "max", 0)?,
                };
                Rule::LookBack { fact, years, max }
            }
            "not_expired" => Rule::NotExpired {
                fact: self.fact_field(raw, criterion)?,
            },
            "each_record" => self.each_record(raw, criterion)?,
            "checklist" => self.checklist(raw, criterion)?,
            "ratio" => self.ratio(raw, criterion)?,
            _ => unreachable!("kind checked against RULE_KINDS above"),
        };
        Some(built)
    }

    /// `years` of a term or a look-back: a whole number ≥ 1.
    fn years(&mut self, raw: &Spanned<RawRule>) -> Option<u32> {
        let rule = raw.get_ref();
        let years = self.whole(raw, rule.years.as_ref(), "years", 1)?;
        // Honoured as written, never clamped: a term past year 9999
        // simply has not ended on any date a sheet can hold.
        let Ok(years) = u32::try_from(years) else {
            let value = rule.years.as_ref()?;
            self.error(
                value,
                format!("`years` 过大：{years}，最多 {}", u32::MAX),
                format!("`years` is too large: {years}, at most {}", u32::MAX),
            );
            return None;
        };
        Some(years)
    }

    fn period(&mut self, raw: &Spanned<RawRule>) -> Option<Period> {
        let Some(value) = &raw.get_ref().period else {
            self.missing_field(raw, "period");
            return None;
        };
        match value.get_ref().as_str() {
            "month" => Some(Period::Month),
            "quarter" => Some(Period::Quarter),
            "half_year" => Some(Period::HalfYear),
            other => {
                self.error(
                    value,
                    format!("`period` 应为 \"month\"、\"quarter\" 或 \"half_year\"，实际为 \"{other}\""),
                    format!("`period` must be \"month\", \"quarter\" or \"half_year\", found \"{other}\""),
                );
                None
            }
        }
    }

    /// Reports every field present that `kind` does not use.
    fn only_fields(&mut self, raw: &Spanned<RawRule>, kind: &str) {
        let rule = raw.get_ref();
        const SHARE: [&str; 4] = [
            "at_least_percent",
            "at_most_percent",
            "at_least_fraction",
            "at_most_fraction",
        ];
        let mut allowed: Vec<&str> = match kind {
            "flag" | "attested" | "not_expired" => vec!["fact"],
            "at_most" => vec!["fact", "max"],
            "at_least" | "count_in_year" | "every_quarter" => vec!["fact", "min"],
            "every_period" => vec!["fact", "min", "period"],
            "times_a_year" => vec!["fact", "times"],
            "within_years" => vec!["fact", "years"],
            "look_back" => vec!["fact", "years", "max"],
            "checklist" => vec!["items"],
            "ratio" => vec!["numerator", "denominator", "when_empty"],
            "each_record" => vec!["fact", "numerator", "denominator", "when_empty"],
            _ => vec![],
        };
        if matches!(kind, "ratio" | "each_record") {
            allowed.extend(SHARE);
        }
        if DEDUCTIBLE_KINDS.contains(&kind) {
            allowed.push("deduct");
        }
        let allowed = allowed.as_slice();
        let present = [
            ("fact", rule.fact.as_ref().map(Spanned::span)),
            ("max", rule.max.as_ref().map(Spanned::span)),
            ("min", rule.min.as_ref().map(Spanned::span)),
            ("years", rule.years.as_ref().map(Spanned::span)),
            ("items", rule.items.as_ref().map(|_| raw.span())),
            ("numerator", rule.numerator.as_ref().map(Spanned::span)),
            ("denominator", rule.denominator.as_ref().map(Spanned::span)),
            (
                "at_least_percent",
                rule.at_least_percent.as_ref().map(Spanned::span),
            ),
            (
                "at_most_percent",
                rule.at_most_percent.as_ref().map(Spanned::span),
            ),
            ("when_empty", rule.when_empty.as_ref().map(Spanned::span)),
            (
                "at_least_fraction",
                rule.at_least_fraction.as_ref().map(Spanned::span),
            ),
            (
                "at_most_fraction",
                rule.at_most_fraction.as_ref().map(Spanned::span),
            ),
            ("period", rule.period.as_ref().map(Spanned::span)),
            ("times", rule.times.as_ref().map(Spanned::span)),
            ("deduct", rule.deduct.as_ref().map(Spanned::span)),
        ];
        for (field, span) in present {
            if let Some(span) = span
                && !allowed.contains(&field)
            {
                let position = self.position(span);
                self.diagnostics.push(
                    Diagnostic::new(Bilingual::new(
                        format!(
                            "\"{kind}\" 规则不使用字段 `{field}`（可用：{}）",
                            allowed.join("、")
                        ),
                        format!(
                            "a \"{kind}\" rule has no field `{field}` (it takes: {})",
                            allowed.join(", ")
                        ),
                    ))
                    .at(position),
                );
            }
        }
    }

    fn missing_field(&mut self, raw: &Spanned<RawRule>, field: &str) {
        let kind = rule_kind(raw);
        self.error(
            raw,
            format!("\"{kind}\" 规则缺少字段 `{field}`"),
            format!("a \"{kind}\" rule needs the field `{field}`"),
        );
    }

    fn fact_field(&mut self, raw: &Spanned<RawRule>, criterion: &str) -> Option<String> {
        match &raw.get_ref().fact {
            Some(fact) => self.fact(fact, self.kind_type(raw), criterion),
            None => {
                self.missing_field(raw, "fact");
                None
            }
        }
    }

    fn kind_type(&self, raw: &Spanned<RawRule>) -> FactType {
        match rule_kind(raw) {
            "at_most" | "at_least" => FactType::Count,
            "count_in_year" | "every_quarter" | "every_period" | "times_a_year" | "each_record"
            | "look_back" => FactType::Records,
            "within_years" => FactType::Date,
            "not_expired" => FactType::Expiry,
            _ => FactType::Flag,
        }
    }

    /// Checks a fact path's spelling and records its type, refusing a fact
    /// that another criterion reads as a different type.
    pub(super) fn fact(
        &mut self,
        fact: &Spanned<String>,
        kind: FactType,
        criterion: &str,
    ) -> Option<String> {
        let path = fact.get_ref().as_str();
        let well_formed = !path.is_empty()
            && path.split('.').all(|segment| {
                !segment.is_empty()
                    && segment
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            });
        if !well_formed {
            self.error(
                fact,
                format!("事实路径 \"{path}\" 格式不对：应为以点分隔的小写英文键，如 stability.reoffenders"),
                format!(
                    "fact path \"{path}\" is malformed: expected dot-separated lowercase keys such as stability.reoffenders"
                ),
            );
            return None;
        }
        let top = path.split('.').next().unwrap_or_default();
        if RESERVED_KEYS.contains(&top) {
            self.error(
                fact,
                format!("事实路径 \"{path}\" 与事实表的保留键 `{top}` 冲突"),
                format!("fact path \"{path}\" collides with the fact sheet's reserved key `{top}`"),
            );
            return None;
        }
        match self.fact_types.get(path) {
            Some(first_use) if first_use.kind != kind => {
                let (first, existing) = (first_use.criterion.clone(), first_use.kind);
                self.error(
                    fact,
                    format!(
                        "事实 {path} 在评分项 {first} 中是{}，在 {criterion} 中却是{}",
                        existing.describe().zh,
                        kind.describe().zh
                    ),
                    format!(
                        "fact {path} is {} in criterion {first} but {} in {criterion}",
                        existing.describe().en,
                        kind.describe().en
                    ),
                );
                None
            }
            Some(_) => Some(path.to_string()),
            None => {
                let position = self.position(fact.span());
                let first_use = FactUse {
                    kind,
                    criterion: criterion.to_string(),
                    position,
                };
                self.fact_types.insert(path.to_string(), first_use);
                Some(path.to_string())
            }
        }
    }

    /// Every fact registered so far, with its type.
    pub(super) fn fact_map(&self) -> BTreeMap<String, FactType> {
        self.fact_types
            .iter()
            .map(|(fact, first)| (fact.clone(), first.kind))
            .collect()
    }

    /// A fact cannot be both a value and a section holding other facts.
    pub(super) fn check_fact_tree(&mut self) {
        let paths: Vec<(&String, &FactUse)> = self.fact_types.iter().collect();
        let mut clashes = Vec::new();
        for (i, (a, _)) in paths.iter().enumerate() {
            // Sorted order puts "a.b" right before its children "a.b.c".
            for (b, b_use) in &paths[i + 1..] {
                if b.starts_with(a.as_str()) && b.as_bytes().get(a.len()) == Some(&b'.') {
                    clashes.push(((*a).clone(), (*b).clone(), b_use.position));
                } else if !b.starts_with(a.as_str()) {
                    break;
                }
            }
        }
        for (a, b, position) in clashes {
            self.diagnostics.push(
                Diagnostic::new(Bilingual::new(
                    format!("事实 {a} 既是一个值，又是 {b} 的上级节"),
                    format!("fact {a} is both a value and the section holding {b}"),
                ))
                .at(position),
            );
        }
    }

    fn whole(
        &mut self,
        raw: &Spanned<RawRule>,
        value: Option<&Spanned<i64>>,
        field: &str,
        least: i64,
    ) -> Option<u64> {
        let Some(value) = value else {
            self.missing_field(raw, field);
            return None;
        };
        self.whole_at_least(value, field, least)
    }

    /// A whole number given for `field`, refused below `least`.
    fn whole_at_least(&mut self, value: &Spanned<i64>, field: &str, least: i64) -> Option<u64> {
        let n = *value.get_ref();
        if n < least {
            self.error(
                value,
                format!("`{field}` 应为不小于 {least} 的整数，实际为 {n}"),
                format!("`{field}` must be a whole number ≥ {least}, found {n}"),
            );
            return None;
        }
        u64::try_from(n).ok()
    }

    pub(super) fn decimal(&mut self, value: &Spanned<Number>, field: &str) -> Option<Decimal> {
        let n = value.get_ref().0;
        let decimal = Decimal::from_f64(n);
        if decimal.is_none() {
            self.error(
                value,
                format!("`{field}` 应为非负数，最多三位小数，实际为 {n}"),
                format!("`{field}` must be a number ≥ 0 with at most three decimals, found {n}"),
            );
        }
        decimal
    }

    pub(super) fn percent(&mut self, value: &Spanned<Number>, field: &str) -> Option<Decimal> {
        let decimal = self.decimal(value, field)?;
        if decimal > Decimal::from_whole(100) {
            self.error(
                value,
                format!("`{field}` 是百分数，应在 0 到 100 之间，实际为 {decimal}"),
                format!("`{field}` is a percent and must lie between 0 and 100, found {decimal}"),
            );
            return None;
        }
        Some(decimal)
    }

    fn checklist(&mut self, raw: &Spanned<RawRule>, criterion: &str) -> Option<Rule> {
        let Some(raw_items) = &raw.get_ref().items else {
            self.missing_field(raw, "items");
            return None;
        };
        if raw_items.is_empty() {
            self.error(
                raw,
                "checklist 的 items 不能为空".into(),
                "a checklist needs at least one item".into(),
            );
            return None;
        }
        let mut items = Vec::new();
        let mut ok = true;
        for raw_item in raw_items {
            let item = raw_item.get_ref();
            let Some(test) = self.item_test(raw_item) else {
                ok = false;
                continue;
            };
            let weight = match (&item.points, &item.deduct) {
                (None, None) => None,
                (Some(p), None) => match self.points(p) {
                    Some(p) => Some(ItemWeight::Points(p)),
                    None => {
                        ok = false;
                        continue;
                    }
                },
                (None, Some(d)) => match self.decimal(d, "deduct").filter(|d| !d.is_zero()) {
                    Some(d) => Some(ItemWeight::Deduct(d)),
                    None => {
                        self.error(
                            d,
                            "清单项的 `deduct` 应大于 0".into(),
                            "an item's `deduct` must be greater than 0".into(),
                        );
                        ok = false;
                        continue;
                    }
                },
                (Some(_), Some(_)) => {
                    self.error(
                        raw_item,
                        "一个清单项只能有 `points` 或 `deduct` 之一".into(),
                        "a checklist item takes `points` or `deduct`, not both".into(),
                    );
                    ok = false;
                    continue;
                }
            };
            let Some(fact) = self.fact(&item.fact, test.fact_type(), criterion) else {
                ok = false;
                continue;
            };
            let last_key = fact.rsplit('.').next().unwrap_or(&fact).to_string();
            items.push(ChecklistItem {
                label: item.label.clone().unwrap_or_else(|| last_key.clone()),
                label_en: item.label_en.clone().unwrap_or(last_key),
                fact,
                test,
                weight,
            });
        }
        ok.then_some(Rule::Checklist { items })
    }

    /// What one checklist item tests: a flag (nothing else given), a bound
    /// on a count (`min` or `max`), a term from a date (`years`) or an
    /// expiry date (`expires = true`) — one of them.
    fn item_test(&mut self, raw_item: &Spanned<super::raw::RawItem>) -> Option<ItemTest> {
        let item = raw_item.get_ref();
        let given = [
            item.min.is_some(),
            item.max.is_some(),
            item.years.is_some(),
            item.expires.is_some(),
        ];
        if given.iter().filter(|g| **g).count() > 1 {
            self.error(
                raw_item,
                "一个清单项只能有 `min`、`max`、`years`、`expires` 之一".into(),
                "a checklist item takes one of `min`, `max`, `years` and `expires`".into(),
            );
            return None;
        }
        if let Some(min) = &item.min {
            return self.whole_at_least(min, "min", 0).map(ItemTest::AtLeast);
        }
        if let Some(max) = &item.max {
            return self.whole_at_least(max, "max", 0).map(ItemTest::AtMost);
        }
        if let Some(years) = &item.years {
            let n = self.whole_at_least(years, "years", 1)?;
            return match u32::try_from(n) {
                Ok(n) => Some(ItemTest::Term(n)),
                Err(_) => {
                    self.error(
                        years,
                        format!("`years` 过大：{n}"),
                        format!("`years` is too large: {n}"),
                    );
                    None
                }
            };
        }
        if let Some(expires) = &item.expires {
            if !*expires.get_ref() {
                self.error(
                    expires,
                    "`expires` 只能写 true（表示该日期是到期日）；否则请去掉".into(),
                    "`expires` can only be true (the date is an expiry date); otherwise leave it out".into(),
                );
                return None;
            }
            return Some(ItemTest::NotExpired);
        }
        Some(ItemTest::Flag)
    }

    /// The one share bound of a ratio or an each-record rule: a percent or
    /// an exact fraction, at least or at most.
    fn share_bound(&mut self, raw: &Spanned<RawRule>) -> Option<ShareBound> {
        let rule = raw.get_ref();
        let given = [
            rule.at_least_percent.is_some(),
            rule.at_most_percent.is_some(),
            rule.at_least_fraction.is_some(),
            rule.at_most_fraction.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            let kind = rule_kind(raw);
            self.error(
                raw,
                format!("\"{kind}\" 规则需要且只需要 `at_least_percent`、`at_most_percent`、`at_least_fraction`、`at_most_fraction` 之一"),
                format!("a \"{kind}\" rule takes exactly one of `at_least_percent`, `at_most_percent`, `at_least_fraction` and `at_most_fraction`"),
            );
            return None;
        }
        if let Some(p) = &rule.at_least_percent {
            return self
                .percent(p, "at_least_percent")
                .map(|p| ShareBound::AtLeast(Threshold::Percent(p)));
        }
        if let Some(p) = &rule.at_most_percent {
            return self
                .percent(p, "at_most_percent")
                .map(|p| ShareBound::AtMost(Threshold::Percent(p)));
        }
        if let Some(f) = &rule.at_least_fraction {
            return self
                .fraction(f, "at_least_fraction")
                .map(ShareBound::AtLeast);
        }
        let f = rule.at_most_fraction.as_ref()?;
        self.fraction(f, "at_most_fraction").map(ShareBound::AtMost)
    }

    /// `"2/3"`: two whole numbers, the denominator from 1 to a million, the
    /// numerator not above it; kept in lowest terms.
    fn fraction(&mut self, value: &Spanned<String>, field: &str) -> Option<Threshold> {
        let text = value.get_ref();
        let parsed = text.split_once('/').and_then(|(n, d)| {
            let n: u64 = n.trim().parse().ok()?;
            let d: u64 = d.trim().parse().ok()?;
            ((1..=MAX_FRACTION_DENOMINATOR).contains(&d) && n <= d).then_some((n, d))
        });
        let Some((num, den)) = parsed else {
            self.error(
                value,
                format!("`{field}` 应为分数，如 \"2/3\"：分母 1 到 {MAX_FRACTION_DENOMINATOR}，分子不大于分母；实际为 \"{text}\""),
                format!("`{field}` must be a fraction such as \"2/3\", denominator 1 to {MAX_FRACTION_DENOMINATOR}, numerator not above it; found \"{text}\""),
            );
            return None;
        };
        let g = num_integer::gcd(num, den).max(1);
        Some(Threshold::Fraction {
            num: num / g,
            den: den / g,
        })
    }

    /// `when_empty`, required: what an empty denominator (or no record)
    /// means.
    fn when_empty(&mut self, raw: &Spanned<RawRule>) -> Option<EmptyDenominator> {
        match &raw.get_ref().when_empty {
            Some(value) => match value.get_ref().as_str() {
                "not_applicable" => Some(EmptyDenominator::NotApplicable),
                "missing" => Some(EmptyDenominator::Missing),
                other => {
                    self.error(
                        value,
                        format!("`when_empty` 应为 \"not_applicable\" 或 \"missing\"，实际为 \"{other}\""),
                        format!(
                            "`when_empty` must be \"not_applicable\" or \"missing\", found \"{other}\""
                        ),
                    );
                    None
                }
            },
            None => {
                self.missing_field(raw, "when_empty");
                None
            }
        }
    }

    /// A field of each record (`present`, `members`): one lowercase key,
    /// not one a record already has.
    fn record_field(&mut self, raw: &Spanned<RawRule>, field: &str) -> Option<String> {
        let rule = raw.get_ref();
        let value = match field {
            "numerator" => rule.numerator.as_ref(),
            _ => rule.denominator.as_ref(),
        };
        let Some(value) = value else {
            self.missing_field(raw, field);
            return None;
        };
        let name = value.get_ref();
        let well_formed = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !well_formed || ["date", "title", "evidence"].contains(&name.as_str()) {
            self.error(
                value,
                format!("记录字段 \"{name}\" 不可用：应为小写英文键（如 present），且不能是 date、title、evidence"),
                format!("record field \"{name}\" cannot be used: it must be one lowercase key (such as present), not date, title or evidence"),
            );
            return None;
        }
        Some(name.clone())
    }

    fn each_record(&mut self, raw: &Spanned<RawRule>, criterion: &str) -> Option<Rule> {
        let fact = self.fact_field(raw, criterion);
        let numerator = self.record_field(raw, "numerator");
        let denominator = self.record_field(raw, "denominator");
        let bound = self.share_bound(raw);
        let when_empty = self.when_empty(raw);
        let (numerator, denominator) = (numerator?, denominator?);
        if numerator == denominator {
            self.error(
                raw,
                "each_record 的分子和分母不能是同一个字段".into(),
                "an each_record rule's numerator and denominator must be different fields".into(),
            );
            return None;
        }
        Some(Rule::EachRecord {
            fact: fact?,
            numerator,
            denominator,
            bound: bound?,
            when_empty: when_empty?,
        })
    }

    fn ratio(&mut self, raw: &Spanned<RawRule>, criterion: &str) -> Option<Rule> {
        let rule = raw.get_ref();
        let numerator = match &rule.numerator {
            Some(f) => self.fact(f, FactType::Count, criterion),
            None => {
                self.missing_field(raw, "numerator");
                None
            }
        };
        let denominator = match &rule.denominator {
            Some(f) => self.fact(f, FactType::Count, criterion),
            None => {
                self.missing_field(raw, "denominator");
                None
            }
        };
        let bound = self.share_bound(raw);
        let when_empty = self.when_empty(raw);
        let (numerator, denominator) = (numerator?, denominator?);
        if numerator == denominator {
            self.error(
                raw,
                "ratio 的分子和分母不能是同一个事实".into(),
                "a ratio's numerator and denominator must be different facts".into(),
            );
            return None;
        }
        Some(Rule::Ratio {
            numerator,
            denominator,
            bound: bound?,
            when_empty: when_empty?,
        })
    }
}

/// The kind a rule names (checked to be present before it is asked for).
fn rule_kind(raw: &Spanned<RawRule>) -> &str {
    raw.get_ref()
        .kind
        .as_ref()
        .map_or("", |k| k.get_ref().as_str())
}
