//! Tailoring: a standard file that `extends` another and changes only what
//! differs — a threshold, points, veto, the pass mark, a title — drops
//! criteria and adds some, instead of copying and forking the whole file.
//!
//! ```toml
//! extends = "seed-2008"           # the built-in standard, or a path
//! id = "henan-2024"
//! title = "…"
//! title_en = "…"
//! version = "2024"
//! remove = ["1.3"]
//!
//! [[change]]
//! id = "4.1"
//! rule = { min = 2 }              # only what changes; a `kind` replaces the rule
//!
//! [[add]]
//! target = "6"
//! id = "6.6"
//! …                               # as a [[target.criterion]]
//! ```
//!
//! The result is checked as a whole standard is (fact types, empty targets,
//! duplicate ids), and every problem points at the tailoring's own line.

use super::raw::{Number, RawCriterion, RawItem, RawRule};
use super::validate::{FactUse, Validator};
use super::{
    Criterion, ItemTest, ItemWeight, Period, Rule, ShareBound, Standard, StandardError, Tailoring,
    Target, Threshold,
};
use crate::diagnostic::Position;
use crate::exact::Decimal;
use crate::suggest;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTailoring {
    #[allow(dead_code)] // read by `extends()`, before the base is loaded
    extends: Spanned<String>,
    id: Spanned<String>,
    title: String,
    title_en: String,
    version: String,
    pass_mark: Option<Spanned<Number>>,
    #[serde(default)]
    remove: Vec<Spanned<String>>,
    #[serde(default)]
    change: Vec<Spanned<RawChange>>,
    #[serde(default)]
    add: Vec<Spanned<RawAdd>>,
    /// Labels added or changed over the base's.
    #[serde(default)]
    labels: BTreeMap<Spanned<String>, super::raw::RawLabel>,
}

/// A change to an existing criterion: only the fields given change.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    id: Spanned<String>,
    title: Option<String>,
    title_en: Option<String>,
    points: Option<Spanned<Number>>,
    veto: Option<Spanned<bool>>,
    declarable: Option<Spanned<bool>>,
    basis: Option<String>,
    basis_en: Option<String>,
    method: Option<String>,
    method_en: Option<String>,
    rule: Option<Spanned<RawRule>>,
}

/// A new criterion, in an existing target.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdd {
    target: Spanned<String>,
    id: Spanned<String>,
    title: String,
    title_en: String,
    points: Spanned<Number>,
    #[serde(default)]
    veto: bool,
    declarable: Option<Spanned<bool>>,
    basis: Option<String>,
    basis_en: Option<String>,
    method: Option<String>,
    method_en: Option<String>,
    rule: Spanned<RawRule>,
}

/// Just the `extends` of a standard file, if it has one.
#[derive(Deserialize)]
struct ExtendsOnly {
    extends: Option<Spanned<String>>,
}

/// What a standard file `extends`, with where that is written; `None` for
/// a complete standard. A file that is not TOML gives `None` here and its
/// syntax error when loaded.
pub fn extends(source: &str) -> Option<(String, Option<Position>)> {
    let found: ExtendsOnly = toml::from_str(source).ok()?;
    found.extends.map(|e| {
        let position = Some(Position::of_offset(source, e.span().start));
        (e.into_inner(), position)
    })
}

/// Applies the tailoring in `source` to `base`.
pub fn tailor(source: &str, base: Standard) -> Result<Standard, StandardError> {
    let source = &super::load::unix_line_ends(source);
    let raw: RawTailoring = super::load::parse(source)?;
    let mut validator = Validator::new(source);
    let standard = apply(&mut validator, raw, base);
    validator.finish(standard)
}

fn unknown_criterion(v: &mut Validator, at: &Spanned<String>, base: &Standard, what: &str) {
    let id = at.get_ref();
    let ids = base.criteria().map(|(_, c)| c.id.as_str());
    let hint = suggest::closest(id, ids).map_or((String::new(), String::new()), |s| {
        (
            format!("；是否想写 \"{s}\"？"),
            format!("; did you mean \"{s}\"?"),
        )
    });
    v.error(
        at,
        format!(
            "{what}：基础标准 {} 中没有评分项 \"{id}\"{}",
            base.id, hint.0
        ),
        format!(
            "{what}: the base standard {} has no criterion \"{id}\"{}",
            base.id, hint.1
        ),
    );
}

fn apply(v: &mut Validator, raw: RawTailoring, base: Standard) -> Standard {
    if raw.id.get_ref().trim().is_empty() {
        v.error(
            &raw.id,
            "标准 id 不能为空".into(),
            "the standard's id is empty".into(),
        );
    }
    let pass_mark = match &raw.pass_mark {
        Some(mark) => v.percent(mark, "pass_mark").unwrap_or(base.pass_mark),
        None => base.pass_mark,
    };

    let mut removed: BTreeMap<String, Spanned<String>> = BTreeMap::new();
    for entry in &raw.remove {
        let id = entry.get_ref();
        if base.criterion(id).is_none() {
            unknown_criterion(v, entry, &base, "remove");
        } else if removed.insert(id.clone(), entry.clone()).is_some() {
            v.error(
                entry,
                format!("评分项 \"{id}\" 重复删除"),
                format!("criterion \"{id}\" is removed twice"),
            );
        }
    }

    let mut changes: BTreeMap<String, &Spanned<RawChange>> = BTreeMap::new();
    for change in &raw.change {
        let id = change.get_ref().id.get_ref();
        if base.criterion(id).is_none() {
            unknown_criterion(v, &change.get_ref().id, &base, "change");
        } else if removed.contains_key(id) {
            v.error(
                &change.get_ref().id,
                format!("评分项 \"{id}\" 已被删除，不能再修改"),
                format!("criterion \"{id}\" is removed and cannot also be changed"),
            );
        } else if changes.insert(id.clone(), change).is_some() {
            v.error(
                &change.get_ref().id,
                format!("评分项 \"{id}\" 重复修改；请合并为一处"),
                format!("criterion \"{id}\" is changed twice; merge the changes"),
            );
        }
    }

    // The facts of every criterion that keeps its rule, so a changed or
    // added rule that reads one of them as another type is caught, at the
    // tailoring's line.
    for (_, criterion) in base.criteria() {
        let keeps_rule = !removed.contains_key(&criterion.id)
            && changes
                .get(&criterion.id)
                .is_none_or(|c| c.get_ref().rule.is_none());
        if keeps_rule {
            for (fact, kind) in criterion.rule.facts() {
                v.fact_types.entry(fact.to_string()).or_insert(FactUse {
                    kind,
                    criterion: criterion.id.clone(),
                    position: None,
                });
            }
        }
    }

    let mut targets = Vec::new();
    let mut changed = Vec::new();
    for target in &base.targets {
        let mut criteria = Vec::new();
        for criterion in &target.criteria {
            if removed.contains_key(&criterion.id) {
                continue;
            }
            match changes.get(&criterion.id) {
                Some(change) => {
                    changed.push(criterion.id.clone());
                    if let Some(c) = apply_change(v, criterion, change) {
                        criteria.push(c);
                    }
                }
                None => criteria.push(criterion.clone()),
            }
        }
        if criteria.is_empty() {
            // Point at the last removal that emptied it.
            if let Some(last) = target
                .criteria
                .iter()
                .filter_map(|c| removed.get(&c.id))
                .max_by_key(|s| s.span().start)
            {
                v.error(
                    last,
                    format!("删除后目标 \"{}\" 没有任何评分项", target.id),
                    format!(
                        "the removals leave target \"{}\" with no criteria",
                        target.id
                    ),
                );
            }
        }
        targets.push(Target {
            criteria,
            ..target.clone()
        });
    }

    let mut added = Vec::new();
    let mut ids: BTreeSet<String> = targets
        .iter()
        .flat_map(|t| t.criteria.iter().map(|c| c.id.clone()))
        .collect();
    for add in raw.add {
        let add = add.into_inner();
        let id = add.id.get_ref().trim().to_string();
        let Some(index) = targets.iter().position(|t| t.id == *add.target.get_ref()) else {
            let target = add.target.get_ref();
            let hint = suggest::closest(target, base.targets.iter().map(|t| t.id.as_str())).map_or(
                (String::new(), String::new()),
                |s| {
                    (
                        format!("；是否想写 \"{s}\"？"),
                        format!("; did you mean \"{s}\"?"),
                    )
                },
            );
            v.error(
                &add.target,
                format!("add：基础标准中没有目标 \"{target}\"{}", hint.0),
                format!(
                    "add: the base standard has no target \"{target}\"{}",
                    hint.1
                ),
            );
            continue;
        };
        if id.is_empty() || !ids.insert(id.clone()) {
            v.error(
                &add.id,
                format!("新增评分项的 id \"{id}\" 为空或已存在"),
                format!("the added criterion's id \"{id}\" is empty or already taken"),
            );
            continue;
        }
        let raw_criterion = RawCriterion {
            id: add.id,
            title: add.title,
            title_en: add.title_en,
            points: add.points,
            veto: add.veto,
            declarable: add.declarable,
            basis: add.basis,
            basis_en: add.basis_en,
            method: add.method,
            method_en: add.method_en,
            rule: add.rule,
        };
        if let Some(criterion) = v.criterion(id.clone(), raw_criterion) {
            targets[index].criteria.push(criterion);
            added.push(id);
        }
    }
    v.check_fact_tree();

    let labels = v.labels(raw.labels, &base.labels);
    super::attach_labels(&mut targets, &labels);
    let facts = v.fact_map();
    let retired = base
        .facts
        .keys()
        .chain(base.retired.iter())
        .filter(|fact| !facts.contains_key(*fact))
        .cloned()
        .collect();
    Standard {
        id: raw.id.into_inner(),
        title: raw.title,
        title_en: raw.title_en,
        version: raw.version,
        pass_mark,
        targets,
        facts,
        retired,
        labels,
        tailoring: Some(Tailoring {
            base_id: base.id.clone(),
            base_version: base.version.clone(),
            changed,
            added,
            removed: removed.into_keys().collect(),
            pass_mark_changed: raw.pass_mark.is_some() && pass_mark != base.pass_mark,
        }),
    }
}

/// A base criterion with a change applied; the changed rule is checked as
/// a whole rule, so a partial change that leaves it inconsistent (a field
/// its kind does not take) is refused at the change.
fn apply_change(
    v: &mut Validator,
    base: &Criterion,
    change: &Spanned<RawChange>,
) -> Option<Criterion> {
    let raw = change.get_ref();
    let mut criterion = base.clone();
    if let Some(title) = &raw.title {
        criterion.title = title.clone();
    }
    if let Some(title_en) = &raw.title_en {
        criterion.title_en = title_en.clone();
    }
    if let Some(points) = &raw.points {
        criterion.points = v.points(points)?;
    }
    if let Some(veto) = &raw.veto {
        criterion.veto = *veto.get_ref();
    }
    if let Some(declarable) = &raw.declarable {
        criterion.declarable = *declarable.get_ref();
    }
    if criterion.veto && criterion.declarable {
        // Named where the change made them meet: its `declarable` if it
        // set one, else its `veto`, else the change itself.
        match (&raw.declarable, &raw.veto) {
            (Some(at), _) => v.veto_declarable(at, &base.id),
            (None, Some(at)) => v.veto_declarable(at, &base.id),
            (None, None) => v.veto_declarable(change, &base.id),
        }
        return None;
    }
    if let Some(basis) = &raw.basis {
        criterion.basis = Some(basis.clone());
        criterion.basis_en = None;
    }
    if let Some(method) = &raw.method {
        criterion.method = Some(method.clone());
        // A method changed in Chinese only: the base's English no longer
        // says it.
        criterion.method_en = None;
    }
    if let Some(method_en) = &raw.method_en {
        criterion.method_en = Some(method_en.clone());
    }
    if let Some(basis_en) = &raw.basis_en {
        criterion.basis_en = Some(basis_en.clone());
    }
    if let Some(patch) = &raw.rule {
        let merged = if patch.get_ref().kind.is_some() {
            patch.clone()
        } else {
            overlay(raw_rule(base, patch.span()), patch)
        };
        criterion.rule = v.rule(&base.id, &merged)?;
        criterion.deduct = v.deduct(&merged)?;
    }
    // Changed points or a changed rule must still share out evenly.
    let at = raw
        .rule
        .clone()
        .unwrap_or_else(|| Spanned::new(change.span(), raw_rule(base, change.span()).into_inner()));
    v.weights_add_up(
        &at,
        &criterion.rule,
        criterion.points,
        criterion.deduct.is_some(),
    )?;
    Some(criterion)
}

/// The base rule (and its deduction) as raw fields, every one placed at
/// the change's `rule`.
fn raw_rule(criterion: &Criterion, span: std::ops::Range<usize>) -> Spanned<RawRule> {
    let rule = &criterion.rule;
    let at = |value: String| Some(Spanned::new(span.clone(), value));
    let whole = |value: u64| {
        Some(Spanned::new(
            span.clone(),
            i64::try_from(value).unwrap_or(i64::MAX),
        ))
    };
    let number = |value: Decimal| Some(Spanned::new(span.clone(), Number(value.to_f64())));
    let mut raw = RawRule {
        kind: at(rule.kind().to_string()),
        fact: None,
        max: None,
        min: None,
        years: None,
        items: None,
        numerator: None,
        denominator: None,
        at_least_percent: None,
        at_most_percent: None,
        when_empty: None,
        at_least_fraction: None,
        at_most_fraction: None,
        period: None,
        times: None,
        deduct: criterion.deduct.and_then(number),
    };
    let empty_text = |when_empty: &super::EmptyDenominator| match when_empty {
        super::EmptyDenominator::NotApplicable => "not_applicable".to_string(),
        super::EmptyDenominator::Missing => "missing".to_string(),
    };
    let set_bound = |raw: &mut RawRule, bound: &ShareBound| match *bound {
        ShareBound::AtLeast(Threshold::Percent(p)) => raw.at_least_percent = number(p),
        ShareBound::AtMost(Threshold::Percent(p)) => raw.at_most_percent = number(p),
        ShareBound::AtLeast(t @ Threshold::Fraction { .. }) => {
            raw.at_least_fraction = at(t.to_string());
        }
        ShareBound::AtMost(t @ Threshold::Fraction { .. }) => {
            raw.at_most_fraction = at(t.to_string());
        }
    };
    match rule {
        Rule::Flag { fact } | Rule::Attested { fact } => raw.fact = at(fact.clone()),
        Rule::AtMost { fact, max } => {
            raw.fact = at(fact.clone());
            raw.max = whole(*max);
        }
        Rule::AtLeast { fact, min } | Rule::CountInYear { fact, min } => {
            raw.fact = at(fact.clone());
            raw.min = whole(*min);
        }
        Rule::EveryPeriod { fact, min, period } => {
            raw.fact = at(fact.clone());
            match period {
                Period::TimesAYear(n) => raw.times = whole(u64::from(*n)),
                Period::Quarter => raw.min = whole(*min),
                Period::Month | Period::HalfYear => {
                    raw.min = whole(*min);
                    raw.period = at(match period {
                        Period::Month => "month".to_string(),
                        _ => "half_year".to_string(),
                    });
                }
            }
        }
        Rule::WithinYears { fact, years } => {
            raw.fact = at(fact.clone());
            raw.years = whole(u64::from(*years));
        }
        Rule::LookBack { fact, years, max } => {
            raw.fact = at(fact.clone());
            raw.years = whole(u64::from(*years));
            raw.max = whole(*max);
        }
        Rule::NotExpired { fact } => raw.fact = at(fact.clone()),
        Rule::EachRecord {
            fact,
            numerator,
            denominator,
            bound,
            when_empty,
        } => {
            raw.fact = at(fact.clone());
            raw.numerator = at(numerator.clone());
            raw.denominator = at(denominator.clone());
            set_bound(&mut raw, bound);
            raw.when_empty = at(empty_text(when_empty));
        }
        Rule::Checklist { items } => {
            raw.items = Some(
                items
                    .iter()
                    .map(|item| {
                        let (mut min, mut max, mut years, mut expires) = (None, None, None, None);
                        match item.test {
                            ItemTest::Flag => {}
                            ItemTest::AtLeast(n) => min = whole(n),
                            ItemTest::AtMost(n) => max = whole(n),
                            ItemTest::Term(n) => years = whole(u64::from(n)),
                            ItemTest::NotExpired => {
                                expires = Some(Spanned::new(span.clone(), true));
                            }
                        }
                        let (points, deduct) = match item.weight {
                            None => (None, None),
                            Some(ItemWeight::Points(p)) => (number(p), None),
                            Some(ItemWeight::Deduct(d)) => (None, number(d)),
                        };
                        Spanned::new(
                            span.clone(),
                            RawItem {
                                fact: Spanned::new(span.clone(), item.fact.clone()),
                                max,
                                min,
                                label: Some(item.label.clone()),
                                label_en: Some(item.label_en.clone()),
                                years,
                                expires,
                                points,
                                deduct,
                            },
                        )
                    })
                    .collect(),
            );
        }
        Rule::Ratio {
            numerator,
            denominator,
            bound,
            when_empty,
        } => {
            raw.numerator = at(numerator.clone());
            raw.denominator = at(denominator.clone());
            set_bound(&mut raw, bound);
            raw.when_empty = at(empty_text(when_empty));
        }
    }
    Spanned::new(span, raw)
}

/// The fields `patch` gives, over `base`'s.
fn overlay(base: Spanned<RawRule>, patch: &Spanned<RawRule>) -> Spanned<RawRule> {
    let span = base.span();
    let mut merged = base.into_inner();
    let p = patch.get_ref().clone();
    macro_rules! take {
        ($($field:ident),*) => { $( if p.$field.is_some() { merged.$field = p.$field; } )* };
    }
    take!(
        fact,
        max,
        min,
        years,
        items,
        numerator,
        denominator,
        when_empty,
        period,
        times,
        deduct
    );
    // A new bound replaces the old one, whichever side and form it takes.
    if p.at_least_percent.is_some()
        || p.at_most_percent.is_some()
        || p.at_least_fraction.is_some()
        || p.at_most_fraction.is_some()
    {
        merged.at_least_percent = p.at_least_percent;
        merged.at_most_percent = p.at_most_percent;
        merged.at_least_fraction = p.at_least_fraction;
        merged.at_most_fraction = p.at_most_fraction;
    }
    Spanned::new(span, merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn district() -> Standard {
        let source = include_str!("../../standards/examples/district-example.toml");
        super::super::load(source).unwrap()
    }

    const HEAD: &str = "extends = \"district-example.toml\"\nid = \"t\"\ntitle = \"调\"\ntitle_en = \"T\"\nversion = \"1\"\n";

    fn messages(source: &str) -> Vec<String> {
        match tailor(source, district()) {
            Ok(_) => Vec::new(),
            Err(e) => e.diagnostics.into_iter().map(|d| d.message.en).collect(),
        }
    }

    #[test]
    fn a_partial_change_keeps_the_new_fields_of_the_base_rule() {
        let base = district();
        // Every rule of the example survives a change that touches nothing
        // of it: the raw form carries every new field back.
        for (_, criterion) in base.criteria() {
            let source = format!("{HEAD}[[change]]\nid = \"{}\"\nrule = {{}}\n", criterion.id);
            let tailored = tailor(&source, district())
                .unwrap_or_else(|e| panic!("{}: {:?}", criterion.id, e.diagnostics[0].message.en));
            let changed = tailored.criterion(&criterion.id).unwrap();
            assert_eq!(changed.rule, criterion.rule, "{}", criterion.id);
            assert_eq!(changed.deduct, criterion.deduct, "{}", criterion.id);
        }
        // A new deduction, a new fraction, a new look-back.
        let source = format!(
            "{HEAD}[[change]]\nid = \"1.1\"\nrule = {{ deduct = 1 }}\n\
             [[change]]\nid = \"1.3\"\nrule = {{ at_least_fraction = \"4/5\" }}\n\
             [[change]]\nid = \"4.1\"\nrule = {{ years = 3 }}\n"
        );
        let tailored = tailor(&source, district()).unwrap();
        assert_eq!(
            tailored.criterion("1.1").unwrap().deduct,
            Decimal::from_f64(1.0)
        );
        assert!(matches!(
            tailored.criterion("1.3").unwrap().rule,
            Rule::EachRecord {
                bound: ShareBound::AtLeast(Threshold::Fraction { num: 4, den: 5 }),
                ..
            }
        ));
        assert!(matches!(
            tailored.criterion("4.1").unwrap().rule,
            Rule::LookBack { years: 3, .. }
        ));
    }

    #[test]
    fn changed_points_must_still_match_the_items_points() {
        assert_eq!(
            messages(&format!("{HEAD}[[change]]\nid = \"2.1\"\npoints = 4\n")),
            ["the items' `points` add up to 3, not the criterion's `points` (4)"]
        );
        assert_eq!(
            messages(&format!(
                "{HEAD}[[change]]\nid = \"3.2\"\nrule = {{ deduct = 1 }}\n"
            )),
            ["a \"not_expired\" rule has no field `deduct` (it takes: fact)"]
        );
    }
}
