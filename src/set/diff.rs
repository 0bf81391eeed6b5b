//! Two versions of a set compared: this year's against last year's, as the change list
//! a decision's appendix prints ("STT | Mã chỉ số | Nội dung thay đổi | Trước | Sau").
//!
//! Indicators are matched by id, as [`crate::previous::compare`] matches last year's
//! assessment with this year's set. An indicator whose id is in only one version is then
//! matched by its printed code, if exactly one indicator of the other version left
//! unmatched has that code: a province that gave explicit ids and changed them keeps
//! its history, and the change list says the indicator was matched by code. Whatever
//! is left is added or removed.
//!
//! Every change is one [`ChangeRecord`]: a stable code, its words in Vietnamese and
//! English, and the values before and after as the appendix prints them (decimals
//! exact, written the language's way). Decimals compare by value: "0.50" and "0.5" are
//! the same maximum.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::number::{format_lang, RoundingMode};
use crate::previous::Noted;
use crate::set::{IndicatorSet, Input, Item, Node, Ratio, Rule, SourceRef, Threshold, Tier};
use crate::table::{Cell, Table};
use crate::text::{Bilingual, Lang, Text};

pub use crate::error::{ItemList, RuleField, SetChange};

/// One change with its code, its words (a [`Noted`], as last year's comparison notes
/// its changes) and the values before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRecord {
    /// The change, its stable code (`setdiff.max_changed`) and its words in both
    /// languages (`code`, `vi`, `en` in JSON).
    #[serde(flatten)]
    pub note: Noted<SetChange>,
    /// The value in the old version, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Bilingual>,
    /// The value in the new version, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Bilingual>,
}

impl ChangeRecord {
    fn new(change: SetChange, before: Option<Bilingual>, after: Option<Bilingual>) -> Self {
        ChangeRecord {
            note: change.into(),
            before,
            after,
        }
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.note.code
    }

    /// What changed, in a language.
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.note.vi, &self.note.en)
    }
}

/// How an indicator of one version was found in the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The same id.
    Id,
    /// Another id, the same code.
    Code,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
}

/// Every change of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorDiff {
    /// Its id (the new version's, unless removed).
    pub id: String,
    /// Its code (the new version's, unless removed).
    pub code: String,
    /// How it was matched.
    pub matched_by: MatchedBy,
    /// What changed, in the order the change list prints it.
    pub changes: Vec<ChangeRecord>,
}

/// A main indicator's maximum before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MainTotal {
    /// Its code (the new version's, unless removed).
    pub code: String,
    /// Its title (the new version's, unless removed).
    pub title: Text,
    /// Its maximum in the old version (absent: not there, or no maximum).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub before: Option<Decimal>,
    /// Its maximum in the new version.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub after: Option<Decimal>,
}

/// One version's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The set's id.
    pub id: String,
    /// The set's version.
    pub version: String,
}

/// Two versions of a set compared ([`diff`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetDiff {
    /// The old version.
    pub old: Version,
    /// The new version.
    pub new: Version,
    /// Changes of the set itself: id, version, title, scale, rounding, legal basis,
    /// status, and its context fields (shared inputs) added, removed or relabelled.
    pub set: Vec<ChangeRecord>,
    /// The indicators that changed: the new version's order, then those removed in the
    /// old version's order.
    pub indicators: Vec<IndicatorDiff>,
    /// Every main indicator's maximum before and after, in the same order.
    pub totals: Vec<MainTotal>,
    /// The sum of the main indicators' maxima before (absent when one has none).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total_before: Option<Decimal>,
    /// The sum after.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total_after: Option<Decimal>,
}

impl SetDiff {
    /// No change at all (the totals are then the same too).
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.indicators.is_empty()
    }

    /// Every change, with the code of the indicator it is on (empty for the set's own).
    pub fn records(&self) -> impl Iterator<Item = (&str, &ChangeRecord)> {
        let set = self.set.iter().map(|r| ("", r));
        let nodes = self
            .indicators
            .iter()
            .flat_map(|i| i.changes.iter().map(move |r| (i.code.as_str(), r)));
        set.chain(nodes)
    }

    /// The change list as the appendix prints it: "STT | Mã chỉ số | Nội dung thay đổi |
    /// Trước | Sau" (or its English headers), one row a change, numbered from 1.
    pub fn table(&self, lang: Lang) -> Table {
        let dash = |b: Option<&Bilingual>| b.map_or(Cell::Empty, |b| Cell::text(b.get(lang)));
        let rows = self
            .records()
            .enumerate()
            .map(|(i, (code, r))| {
                vec![
                    Cell::Integer(i as u64 + 1),
                    Cell::text(code),
                    Cell::text(r.text(lang)),
                    dash(r.before.as_ref()),
                    dash(r.after.as_ref()),
                ]
            })
            .collect();
        Table {
            name: lang.pick("Thay đổi", "Changes").to_string(),
            header: [
                lang.pick("STT", "No."),
                lang.pick("Mã chỉ số", "Indicator"),
                lang.pick("Nội dung thay đổi", "Change"),
                lang.pick("Trước", "Before"),
                lang.pick("Sau", "After"),
            ]
            .map(String::from)
            .to_vec(),
            keys: ["no", "code", "change", "before", "after"]
                .map(String::from)
                .to_vec(),
            rows,
        }
    }

    /// Every main indicator's maximum before and after, and the total.
    pub fn totals_table(&self, lang: Lang) -> Table {
        let mut rows: Vec<Vec<Cell>> = self
            .totals
            .iter()
            .map(|t| {
                vec![
                    Cell::text(&t.code),
                    Cell::text(t.title.get(lang)),
                    Cell::number(t.before),
                    Cell::number(t.after),
                ]
            })
            .collect();
        rows.push(vec![
            Cell::Empty,
            Cell::text(lang.pick("Tổng", "Total")),
            Cell::number(self.total_before),
            Cell::number(self.total_after),
        ]);
        Table {
            name: lang.pick("Điểm tối đa", "Maxima").to_string(),
            header: [
                lang.pick("Mã chỉ số", "Indicator"),
                lang.pick("Chỉ số chính", "Main indicator"),
                lang.pick("Điểm tối đa trước", "Maximum before"),
                lang.pick("Điểm tối đa sau", "Maximum after"),
            ]
            .map(String::from)
            .to_vec(),
            keys: ["code", "title", "before", "after"]
                .map(String::from)
                .to_vec(),
            rows,
        }
    }

    /// The change list and the maxima as text, columns separated by " | ", decimals the
    /// language's way; "Không có thay đổi" / "No change" when there is none.
    pub fn to_text(&self, lang: Lang) -> String {
        let (old, new) = (&self.old, &self.new);
        let mut out = match lang {
            Lang::Vi => format!(
                "So sánh bộ chỉ số “{}” phiên bản {} với “{}” phiên bản {}\n\n",
                old.id, old.version, new.id, new.version
            ),
            Lang::En => format!(
                "The set “{}” version {} compared with “{}” version {}\n\n",
                old.id, old.version, new.id, new.version
            ),
        };
        if self.is_empty() {
            out.push_str(lang.pick("Không có thay đổi.\n", "No change.\n"));
        } else {
            push_table(&mut out, &self.table(lang), lang);
        }
        out.push('\n');
        push_table(&mut out, &self.totals_table(lang), lang);
        out
    }
}

fn push_table(out: &mut String, table: &Table, lang: Lang) {
    out.push_str(&table.header.join(" | "));
    out.push('\n');
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Number(d) => format_lang(d, lang),
                Cell::Empty => "—".to_string(),
                other => other.to_csv_text(),
            })
            .collect();
        out.push_str(&cells.join(" | "));
        out.push('\n');
    }
}

/// Compares two versions of a set: every change of the set itself and of each
/// indicator, and each main indicator's maximum before and after.
///
/// # Example
/// ```
/// use dti_score::set::diff::diff;
/// use dti_score::IndicatorSet;
///
/// let set = |max: &str| IndicatorSet::from_json(&format!(r#"{{
///   "format": "dti-score/indicator-set/v1", "id": "t", "version": "1",
///   "title": {{"vi": "T"}}, "scale": "{max}",
///   "indicators": [{{"code": "1", "title": {{"vi": "Có"}}, "max": "{max}", "rule": {{"kind": "yes_no"}}}}]
/// }}"#)).unwrap();
/// assert!(diff(&set("10"), &set("10")).is_empty());
/// let d = diff(&set("10"), &set("12.5"));
/// let codes: Vec<_> = d.records().map(|(code, r)| (code, r.code())).collect();
/// assert_eq!(codes, [("", "setdiff.scale"), ("1", "setdiff.max_changed")]);
/// assert_eq!(d.indicators[0].changes[0].after.as_ref().unwrap().vi, "12,5");
/// ```
pub fn diff(old: &IndicatorSet, new: &IndicatorSet) -> SetDiff {
    let pairs = match_nodes(old, new);
    // The new version's id of each matched old node, to tell a move from a renumbering.
    let new_id_of: HashMap<&str, &str> = pairs
        .iter()
        .filter_map(|p| match *p {
            (Some(o), Some(n), _) => Some((old.nodes[o].id.as_str(), new.nodes[n].id.as_str())),
            _ => None,
        })
        .collect();
    let indicators = pairs
        .iter()
        .filter_map(|&(o, n, by)| {
            let (id, code, changes) = match (o.map(|i| &old.nodes[i]), n.map(|i| &new.nodes[i])) {
                (Some(a), Some(b)) => {
                    let mut out = Vec::new();
                    if by == MatchedBy::Code {
                        out.push(ChangeRecord::new(
                            SetChange::MatchedByCode {
                                old_id: a.id.clone(),
                                new_id: b.id.clone(),
                            },
                            None,
                            None,
                        ));
                    }
                    node_changes(old, new, a, b, &new_id_of, &mut out);
                    (&b.id, &b.code, out)
                }
                (None, Some(b)) => {
                    let rec = ChangeRecord::new(
                        SetChange::Added {
                            title: b.title.clone(),
                        },
                        None,
                        Some(max_text(b.max)),
                    );
                    (&b.id, &b.code, vec![rec])
                }
                (Some(a), None) => {
                    let rec = ChangeRecord::new(
                        SetChange::Removed {
                            title: a.title.clone(),
                        },
                        Some(max_text(a.max)),
                        None,
                    );
                    (&a.id, &a.code, vec![rec])
                }
                (None, None) => return None,
            };
            (!changes.is_empty()).then(|| IndicatorDiff {
                id: id.clone(),
                code: code.clone(),
                matched_by: by,
                changes,
            })
        })
        .collect();
    let totals: Vec<MainTotal> = pairs
        .iter()
        .filter_map(|&(o, n, _)| {
            let a = o.map(|i| &old.nodes[i]).filter(|a| a.depth == 0);
            let b = n.map(|i| &new.nodes[i]).filter(|b| b.depth == 0);
            let shown = b.or(a)?;
            Some(MainTotal {
                code: shown.code.clone(),
                title: shown.title.clone(),
                before: a.and_then(|a| a.max),
                after: b.and_then(|b| b.max),
            })
        })
        .collect();
    let sum = |set: &IndicatorSet| {
        set.roots()
            .iter()
            .try_fold(Decimal::ZERO, |acc, &i| acc.checked_add(set.nodes[i].max?))
    };
    SetDiff {
        old: Version {
            id: old.id.clone(),
            version: old.version.clone(),
        },
        new: Version {
            id: new.id.clone(),
            version: new.version.clone(),
        },
        set: set_changes(old, new),
        indicators,
        totals,
        total_before: sum(old),
        total_after: sum(new),
    }
}

/// (old index, new index, how): the new version's order, then the old nodes left over.
fn match_nodes(
    old: &IndicatorSet,
    new: &IndicatorSet,
) -> Vec<(Option<usize>, Option<usize>, MatchedBy)> {
    let mut pairs: Vec<(Option<usize>, Option<usize>, MatchedBy)> = new
        .nodes
        .iter()
        .enumerate()
        .map(|(n, node)| match old.index_of(&node.id) {
            Some(o) => (Some(o), Some(n), MatchedBy::Id),
            None => (None, Some(n), MatchedBy::Added),
        })
        .collect();
    let matched: HashSet<usize> = pairs.iter().filter_map(|p| p.0).collect();
    let left: Vec<usize> = (0..old.nodes.len())
        .filter(|o| !matched.contains(o))
        .collect();
    let unmatched_new: Vec<usize> = pairs
        .iter()
        .filter(|p| p.0.is_none())
        .filter_map(|p| p.1)
        .collect();
    let only = |candidates: &mut dyn Iterator<Item = usize>| {
        let first = candidates.next()?;
        candidates.next().is_none().then_some(first)
    };
    let mut by_code = HashMap::new();
    for &n in &unmatched_new {
        let code = &new.nodes[n].code;
        let old_one = only(&mut left.iter().copied().filter(|&o| old.nodes[o].code == *code));
        let new_one = only(
            &mut unmatched_new
                .iter()
                .copied()
                .filter(|&m| new.nodes[m].code == *code),
        );
        if let (Some(o), Some(_)) = (old_one, new_one) {
            by_code.insert(n, o);
        }
    }
    for p in &mut pairs {
        if let Some(&o) = p.1.and_then(|n| by_code.get(&n)) {
            *p = (Some(o), p.1, MatchedBy::Code);
        }
    }
    let taken: HashSet<usize> = by_code.values().copied().collect();
    pairs.extend(
        left.into_iter()
            .filter(|o| !taken.contains(o))
            .map(|o| (Some(o), None, MatchedBy::Removed)),
    );
    pairs
}

fn same(lang_text: impl Fn(Lang) -> String) -> Bilingual {
    Bilingual::from_fn(lang_text)
}

fn plain(s: &str) -> Bilingual {
    same(|_| s.to_string())
}

fn decimal(d: Decimal) -> Bilingual {
    same(|l| format_lang(&d, l))
}

fn max_text(d: Option<Decimal>) -> Bilingual {
    match d {
        Some(d) => decimal(d),
        None => same(|l| l.pick("không có điểm tối đa", "no maximum").to_string()),
    }
}

fn text(t: &Text) -> Bilingual {
    same(|l| t.get(l).to_string())
}

fn opt_text(t: Option<&Text>) -> Option<Bilingual> {
    t.map(text)
}

fn yes_no(b: bool) -> Bilingual {
    same(|l| {
        if b {
            l.pick("có", "yes")
        } else {
            l.pick("không", "no")
        }
        .to_string()
    })
}

fn source(s: &SourceRef) -> Bilingual {
    match &s.location {
        Some(loc) => plain(&format!("{}, {loc}", s.document)),
        None => plain(&s.document),
    }
}

fn threshold(t: &Threshold) -> Bilingual {
    match t {
        Threshold::Fixed(d) => decimal(*d),
        Threshold::ByYear { by_year } => same(|l| {
            by_year
                .iter()
                .map(|p| {
                    let years = if p.from == p.to {
                        p.from.to_string()
                    } else {
                        format!("{}–{}", p.from, p.to)
                    };
                    format!("{years}: {}", format_lang(&p.value, l))
                })
                .collect::<Vec<_>>()
                .join("; ")
        }),
    }
}

fn tiers(ts: &[Tier]) -> Bilingual {
    same(|l| {
        ts.iter()
            .map(|t| {
                let label = t
                    .label
                    .as_ref()
                    .map_or(String::new(), |x| format!(" ({})", x.get(l)));
                format!(
                    "≥ {} → {}{label}",
                    format_lang(&t.at_least, l),
                    format_lang(&t.fraction, l)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    })
}

fn set_changes(old: &IndicatorSet, new: &IndicatorSet) -> Vec<ChangeRecord> {
    let mut out = Vec::new();
    let mut push = |c: SetChange, b: Option<Bilingual>, a: Option<Bilingual>| {
        out.push(ChangeRecord::new(c, b, a))
    };
    if old.id != new.id {
        push(SetChange::SetId, Some(plain(&old.id)), Some(plain(&new.id)));
    }
    if old.version != new.version {
        push(
            SetChange::SetVersion,
            Some(plain(&old.version)),
            Some(plain(&new.version)),
        );
    }
    if old.title != new.title {
        push(
            SetChange::SetTitle,
            Some(text(&old.title)),
            Some(text(&new.title)),
        );
    }
    if old.scale != new.scale {
        push(
            SetChange::Scale,
            old.scale.map(decimal),
            new.scale.map(decimal),
        );
    }
    if old.rounding != new.rounding {
        let r = |r: crate::number::Rounding| {
            same(|l| {
                let mode = match r.mode {
                    RoundingMode::HalfAwayFromZero => {
                        l.pick("làm tròn nửa ra xa số 0", "half away from zero")
                    }
                    RoundingMode::HalfEven => l.pick("làm tròn nửa về số chẵn", "half to even"),
                    RoundingMode::Down => l.pick("bỏ phần thừa", "truncated"),
                };
                let places = match (l, r.decimals) {
                    (Lang::Vi, _) => "chữ số thập phân",
                    (Lang::En, 1) => "decimal place",
                    (Lang::En, _) => "decimal places",
                };
                format!("{} {places}, {mode}", r.decimals)
            })
        };
        push(
            SetChange::Rounding,
            Some(r(old.rounding)),
            Some(r(new.rounding)),
        );
    }
    if old.legal_basis != new.legal_basis {
        let lb = |b: &crate::set::LegalBasis| {
            let mut parts = vec![b.document.clone()];
            parts.extend(b.date.clone());
            parts.extend(b.url.clone());
            plain(&parts.join(", "))
        };
        push(
            SetChange::LegalBasis,
            old.legal_basis.as_ref().map(lb),
            new.legal_basis.as_ref().map(lb),
        );
    }
    if old.status != new.status {
        let s = |s: crate::set::SetStatus| same(|l| s.label(l).to_string());
        push(SetChange::Status, Some(s(old.status)), Some(s(new.status)));
    }
    // The context fields (shared inputs) are the set's own inputs.
    input_changes(&old.context, &new.context, &mut out);
    out
}

fn node_changes(
    old: &IndicatorSet,
    new: &IndicatorSet,
    a: &Node,
    b: &Node,
    new_id_of: &HashMap<&str, &str>,
    out: &mut Vec<ChangeRecord>,
) {
    let mut push = |c: SetChange, before: Option<Bilingual>, after: Option<Bilingual>| {
        out.push(ChangeRecord::new(c, before, after))
    };
    if a.code != b.code {
        push(
            SetChange::CodeChanged,
            Some(plain(&a.code)),
            Some(plain(&b.code)),
        );
    }
    let old_parent = a.parent.map(|p| &old.nodes[p]);
    let new_parent = b.parent.map(|p| &new.nodes[p]);
    let old_parent_now = old_parent.map(|p| new_id_of.get(p.id.as_str()).copied());
    let new_parent_id = new_parent.map(|p| Some(p.id.as_str()));
    if old_parent_now != new_parent_id {
        let top = || same(|l| l.pick("(chỉ số chính)", "(main indicator)").to_string());
        push(
            SetChange::Moved,
            Some(old_parent.map_or_else(top, |p| plain(&p.code))),
            Some(new_parent.map_or_else(top, |p| plain(&p.code))),
        );
    }
    if a.title != b.title {
        push(
            SetChange::Renamed,
            Some(text(&a.title)),
            Some(text(&b.title)),
        );
    }
    if a.max != b.max {
        push(
            SetChange::MaxChanged,
            Some(max_text(a.max)),
            Some(max_text(b.max)),
        );
    }
    match (&a.rule, &b.rule) {
        (Some(x), Some(y)) => rule_changes(x, y, None, out),
        (None, None) => {}
        (x, y) => {
            let kind = |r: &Option<Rule>| {
                same(|l| match r {
                    Some(r) => r.kind_name().to_string(),
                    None => l
                        .pick("(chỉ số có chỉ số con)", "(has sub-indicators)")
                        .to_string(),
                })
            };
            out.push(ChangeRecord::new(
                SetChange::RuleKind { part: None },
                Some(kind(x)),
                Some(kind(y)),
            ));
        }
    }
    input_changes(&a.inputs, &b.inputs, out);
    if a.meta.evidence != b.meta.evidence {
        out.push(ChangeRecord::new(
            SetChange::Evidence,
            opt_text(a.meta.evidence.as_ref()),
            opt_text(b.meta.evidence.as_ref()),
        ));
    }
    if a.meta.source != b.meta.source {
        out.push(ChangeRecord::new(
            SetChange::Source,
            a.meta.source.as_ref().map(source),
            b.meta.source.as_ref().map(source),
        ));
    }
}

fn input_changes(a: &[Input], b: &[Input], out: &mut Vec<ChangeRecord>) {
    for x in a {
        if !b.iter().any(|y| y.id == x.id) {
            out.push(ChangeRecord::new(
                SetChange::InputRemoved { id: x.id.clone() },
                Some(text(&x.label)),
                None,
            ));
        }
    }
    for y in b {
        match a.iter().find(|x| x.id == y.id) {
            None => out.push(ChangeRecord::new(
                SetChange::InputAdded { id: y.id.clone() },
                None,
                Some(text(&y.label)),
            )),
            Some(x) if x.label != y.label => out.push(ChangeRecord::new(
                SetChange::InputRelabelled { id: y.id.clone() },
                Some(text(&x.label)),
                Some(text(&y.label)),
            )),
            Some(_) => {}
        }
    }
}

/// Changes between two rules; `part` names the part of a sum of parts they are in.
fn rule_changes(a: &Rule, b: &Rule, part: Option<&str>, out: &mut Vec<ChangeRecord>) {
    let part_name = || part.map(str::to_string);
    let mut field = |f: RuleField, before: Bilingual, after: Bilingual| {
        out.push(ChangeRecord::new(
            SetChange::Rule {
                part: part_name(),
                field: f,
            },
            Some(before),
            Some(after),
        ))
    };
    match (a, b) {
        (Rule::Linear { ratio: x }, Rule::Linear { ratio: y }) => ratio_changes(x, y, &mut field),
        (
            Rule::LinearToTarget {
                ratio: x,
                target: tx,
            },
            Rule::LinearToTarget {
                ratio: y,
                target: ty,
            },
        ) => {
            ratio_changes(x, y, &mut field);
            if tx != ty {
                field(RuleField::Target, threshold(tx), threshold(ty));
            }
        }
        (
            Rule::AllOrNothing {
                ratio: x,
                threshold: tx,
            },
            Rule::AllOrNothing {
                ratio: y,
                threshold: ty,
            },
        ) => {
            ratio_changes(x, y, &mut field);
            if tx != ty {
                field(RuleField::Threshold, threshold(tx), threshold(ty));
            }
        }
        (Rule::YesNo { question: x }, Rule::YesNo { question: y }) => {
            if x != y {
                let q = |q: &Option<Text>| {
                    q.as_ref().map_or_else(
                        || {
                            same(|l| {
                                l.pick("(tên chỉ số)", "(the indicator's title)")
                                    .to_string()
                            })
                        },
                        text,
                    )
                };
                field(RuleField::Question, q(x), q(y));
            }
        }
        (Rule::Checklist { items: x }, Rule::Checklist { items: y }) => {
            item_changes(x, y, ItemList::Item, part, out)
        }
        (Rule::Choice { options: x }, Rule::Choice { options: y }) => {
            item_changes(x, y, ItemList::Option, part, out)
        }
        (
            Rule::Tiers {
                value: vx,
                share: sx,
                tiers: tx,
                gate: gx,
            },
            Rule::Tiers {
                value: vy,
                share: sy,
                tiers: ty,
                gate: gy,
            },
        ) => {
            if vx != vy {
                field(
                    RuleField::Value,
                    plain(&vx.to_string()),
                    plain(&vy.to_string()),
                );
            }
            if sx != sy {
                field(RuleField::Share, yes_no(*sx), yes_no(*sy));
            }
            if tx != ty {
                field(RuleField::Tiers, tiers(tx), tiers(ty));
            }
            if gx != gy {
                let g = |g: &Option<Text>| {
                    g.as_ref().map_or_else(
                        || same(|l| l.pick("(không có)", "(none)").to_string()),
                        text,
                    )
                };
                field(RuleField::Gate, g(gx), g(gy));
            }
        }
        (
            Rule::PerUnit {
                value: vx,
                points_each: px,
            },
            Rule::PerUnit {
                value: vy,
                points_each: py,
            },
        ) => {
            if vx != vy {
                field(
                    RuleField::Value,
                    plain(&vx.to_string()),
                    plain(&vy.to_string()),
                );
            }
            if px != py {
                field(RuleField::PointsEach, decimal(*px), decimal(*py));
            }
        }
        (Rule::SumOfParts { parts: x }, Rule::SumOfParts { parts: y }) => {
            let as_items = |ps: &[crate::set::Part]| -> Vec<Item> {
                ps.iter()
                    .map(|p| Item {
                        id: p.id.clone(),
                        label: p.label.clone(),
                        fraction: p.fraction,
                    })
                    .collect()
            };
            item_changes(&as_items(x), &as_items(y), ItemList::Part, part, out);
            for py in y {
                if let Some(px) = x.iter().find(|px| px.id == py.id) {
                    let path = match part {
                        Some(p) => format!("{p}.{}", py.id),
                        None => py.id.clone(),
                    };
                    rule_changes(&px.rule, &py.rule, Some(&path), out);
                }
            }
        }
        (
            Rule::Relative {
                ratio: x,
                method: mx,
                reference: rx,
            },
            Rule::Relative {
                ratio: y,
                method: my,
                reference: ry,
            },
        ) => {
            ratio_changes(x, y, &mut field);
            if mx != my {
                let m = |m: &crate::set::RelativeMethod| {
                    same(|l| {
                        match m {
                            crate::set::RelativeMethod::ProportionalToBest => {
                                l.pick("tỷ lệ với đơn vị tốt nhất", "proportional to the best")
                            }
                            crate::set::RelativeMethod::MinMax => l.pick("min–max", "min–max"),
                        }
                        .to_string()
                    })
                };
                field(RuleField::Method, m(mx), m(my));
            }
            if rx != ry {
                let r = |r: &Option<crate::set::Reference>| {
                    same(|l| match r {
                        Some(r) => format!(
                            "{} {}, {} {}",
                            l.pick("tốt nhất", "best"),
                            format_lang(&r.best, l),
                            l.pick("kém nhất", "worst"),
                            format_lang(&r.worst, l)
                        ),
                        None => l.pick("(không có)", "(none)").to_string(),
                    })
                };
                field(RuleField::Reference, r(rx), r(ry));
            }
        }
        (Rule::Manual, Rule::Manual) => {}
        (
            Rule::Linear { .. }
            | Rule::LinearToTarget { .. }
            | Rule::AllOrNothing { .. }
            | Rule::YesNo { .. }
            | Rule::Checklist { .. }
            | Rule::Choice { .. }
            | Rule::Tiers { .. }
            | Rule::PerUnit { .. }
            | Rule::SumOfParts { .. }
            | Rule::Relative { .. }
            | Rule::Manual,
            _,
        ) => out.push(ChangeRecord::new(
            SetChange::RuleKind { part: part_name() },
            Some(plain(a.kind_name())),
            Some(plain(b.kind_name())),
        )),
    }
}

fn ratio_changes(x: &Ratio, y: &Ratio, field: &mut impl FnMut(RuleField, Bilingual, Bilingual)) {
    if x.expr != y.expr {
        field(
            RuleField::Ratio,
            plain(&x.expr.to_string()),
            plain(&y.expr.to_string()),
        );
    }
    if x.share != y.share {
        field(RuleField::Share, yes_no(x.share), yes_no(y.share));
    }
    if x.tolerance != y.tolerance {
        let t = |t: Option<Decimal>| {
            t.map_or_else(
                || same(|l| l.pick("(không có)", "(none)").to_string()),
                decimal,
            )
        };
        field(RuleField::ShareTolerance, t(x.tolerance), t(y.tolerance));
    }
}

fn item_changes(
    a: &[Item],
    b: &[Item],
    list: ItemList,
    part: Option<&str>,
    out: &mut Vec<ChangeRecord>,
) {
    let part = || part.map(str::to_string);
    let item = |i: &Item| same(|l| format!("{} ({})", i.label.get(l), format_lang(&i.fraction, l)));
    for x in a {
        if !b.iter().any(|y| y.id == x.id) {
            out.push(ChangeRecord::new(
                SetChange::ItemRemoved {
                    part: part(),
                    list,
                    id: x.id.clone(),
                },
                Some(item(x)),
                None,
            ));
        }
    }
    for y in b {
        let Some(x) = a.iter().find(|x| x.id == y.id) else {
            out.push(ChangeRecord::new(
                SetChange::ItemAdded {
                    part: part(),
                    list,
                    id: y.id.clone(),
                },
                None,
                Some(item(y)),
            ));
            continue;
        };
        if x.fraction != y.fraction {
            out.push(ChangeRecord::new(
                SetChange::ItemFraction {
                    part: part(),
                    list,
                    id: y.id.clone(),
                },
                Some(decimal(x.fraction)),
                Some(decimal(y.fraction)),
            ));
        }
        if x.label != y.label {
            out.push(ChangeRecord::new(
                SetChange::ItemLabel {
                    part: part(),
                    list,
                    id: y.id.clone(),
                },
                Some(text(&x.label)),
                Some(text(&y.label)),
            ));
        }
    }
}
