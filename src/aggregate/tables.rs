//! The aggregation's views as tables ([`Table`]): the ranking, the distribution, the
//! units at risk (also grouped by unit), the exclusions; headers and words in either
//! language, the same cells for the CSV, the XLSX and the review page.

use super::*;

impl<R> Aggregate<R> {
    /// The ranking view, headers and words in `lang`: unit id and name, the year when
    /// the round's year is known, total and rank, one column per main indicator
    /// (achieved points, headed by its code and title), then the achieved total when
    /// any unit has an appraisal, the change, previous rank and rank change when
    /// previous results were given, what the figures rest on (signed, mixed, unsigned)
    /// when unsigned files were allowed and whether the signers are proven when they
    /// are not all proven. The keys ([`Table::keys`]) are `unit_id, unit_name, year,
    /// total, rank`, the main indicators' codes, `achieved, change, previous_rank,
    /// rank_change, data, signers`.
    pub fn ranking_table(&self, lang: Lang) -> Table {
        let mut columns = vec![Column::UnitId, Column::UnitName];
        if self.year.is_some() {
            columns.push(Column::Year);
        }
        columns.extend([Column::Total, Column::Rank]);
        let mut tail = Vec::new();
        if self.has_appraisals {
            tail.push(Column::Achieved);
        }
        if self.has_previous {
            tail.extend([Column::Change, Column::PreviousRank, Column::RankChange]);
        }
        if self.mark_unsigned {
            tail.push(Column::Data);
        }
        if self.mark_unproven {
            tail.push(Column::Signers);
        }
        let rows = self
            .units
            .iter()
            .map(|u| {
                let mut row = vec![
                    Cell::text(&u.unit.id),
                    Cell::text(u.unit.name.clone().unwrap_or_default()),
                ];
                if let Some(year) = self.year {
                    row.push(Cell::Integer(u64::try_from(year).unwrap_or(0)));
                }
                row.push(Cell::number(u.total));
                row.push(u.rank.map_or(Cell::Empty, Cell::Integer));
                row.extend(
                    self.pillars
                        .iter()
                        .map(|(id, _)| Cell::number(u.pillars[id])),
                );
                if self.has_appraisals {
                    row.push(Cell::number(u.achieved));
                }
                if self.has_previous {
                    row.push(Cell::number(u.change));
                    let previous_rank = u.previous.as_ref().and_then(|p| p.rank);
                    row.push(previous_rank.map_or(Cell::Empty, Cell::Integer));
                    row.push(Cell::number(u.rank_change.map(Decimal::from)));
                }
                if self.mark_unsigned {
                    row.push(Cell::text(u.provenance.basis.label(lang)));
                }
                if self.mark_unproven {
                    row.push(word(
                        lang,
                        if u.provenance.proven {
                            "đã xác nhận"
                        } else {
                            "CHƯA XÁC NHẬN"
                        },
                        if u.provenance.proven {
                            "proven"
                        } else {
                            "UNPROVEN"
                        },
                    ));
                }
                row
            })
            .collect();
        let mut out = table(Sheet::Ranking, lang, &columns, rows);
        for (k, ((_, code), title)) in self.pillars.iter().zip(&self.pillar_titles).enumerate() {
            out.header
                .insert(columns.len() + k, format!("{code}. {}", title.get(lang)));
            out.keys.insert(columns.len() + k, code.clone());
        }
        out.header
            .extend(tail.iter().map(|c| c.label(lang).to_string()));
        out.keys.extend(tail.iter().map(|c| c.key().to_string()));
        out
    }

    /// The distribution view: one row per indicator, headers in `lang`.
    pub fn distribution_table(&self, lang: Lang) -> Table {
        let columns = [
            Column::Code,
            Column::Title,
            Column::Max,
            Column::Units,
            Column::Min,
            Column::Highest,
            Column::Mean,
            Column::StatusOk,
            Column::StatusProvisional,
            Column::StatusMissing,
            Column::StatusInvalid,
            Column::BestValue,
            Column::BestUnit,
        ];
        let rows = self
            .indicators
            .iter()
            .map(|s| {
                let status = |k: &str| Cell::Integer(s.by_status.get(k).copied().unwrap_or(0));
                vec![
                    Cell::text(&s.code),
                    Cell::text(s.titles.get(lang)),
                    Cell::number(s.max),
                    Cell::Integer(s.count),
                    Cell::number(s.min),
                    Cell::number(s.highest),
                    Cell::number(s.mean),
                    status("ok"),
                    status("provisional"),
                    status("missing"),
                    status("invalid"),
                    Cell::number(s.relative.as_ref().map(|r| r.best)),
                    s.relative
                        .as_ref()
                        .and_then(|r| r.best_unit.clone())
                        .map_or(Cell::Empty, Cell::Text),
                ]
            })
            .collect();
        table(Sheet::Distribution, lang, &columns, rows)
    }

    const AT_RISK: [Column; 8] = [
        Column::UnitId,
        Column::UnitName,
        Column::Code,
        Column::Points,
        Column::Max,
        Column::Target,
        Column::Risk,
        Column::Status,
    ];

    fn at_risk_row(a: &AtRisk, lang: Lang) -> Vec<Cell> {
        vec![
            Cell::text(&a.unit_id),
            Cell::text(a.unit_name.clone().unwrap_or_default()),
            Cell::text(&a.code),
            Cell::number(a.points),
            Cell::number(a.max),
            Cell::number(a.target),
            Cell::text(a.risk.label(lang)),
            Cell::text(a.status.label(lang)),
        ]
    }

    /// The at-risk view: one row per unit and indicator at risk (by indicator, then
    /// unit), headers and words in `lang`.
    pub fn at_risk_table(&self, lang: Lang) -> Table {
        let rows = self
            .at_risk
            .iter()
            .map(|a| Self::at_risk_row(a, lang))
            .collect();
        table(Sheet::AtRisk, lang, &Self::AT_RISK, rows)
    }

    /// The at-risk list by unit, for the review page: one group per unit at risk (by
    /// unit id), each with a table of its indicators at risk (in the set's order): the
    /// at-risk view's columns without the unit's, the indicator's title after its code,
    /// headers and words in `lang`.
    pub fn at_risk_by_unit(&self, lang: Lang) -> Vec<AtRiskGroup> {
        const COLUMNS: [Column; 7] = [
            Column::Code,
            Column::Title,
            Column::Points,
            Column::Max,
            Column::Target,
            Column::Risk,
            Column::Status,
        ];
        let titles: BTreeMap<&str, &Text> = self
            .indicators
            .iter()
            .map(|s| (s.id.as_str(), &s.titles))
            .collect();
        let mut order: Vec<&AtRisk> = self.at_risk.iter().collect();
        // A stable sort: within a unit, the set's order stays.
        order.sort_by(|a, b| a.unit_id.cmp(&b.unit_id));
        let mut groups: Vec<AtRiskGroup> = Vec::new();
        for a in order {
            if groups.last().is_none_or(|g| g.unit_id != a.unit_id) {
                groups.push(AtRiskGroup {
                    unit_id: a.unit_id.clone(),
                    unit_name: a.unit_name.clone(),
                    table: table(Sheet::AtRisk, lang, &COLUMNS, Vec::new()),
                });
            }
            let mut row = Self::at_risk_row(a, lang);
            row.drain(..2);
            let title = titles.get(a.id.as_str()).map_or("", |t| t.get(lang));
            row.insert(1, Cell::text(title));
            if let Some(g) = groups.last_mut() {
                g.table.rows.push(row);
            }
        }
        groups
    }

    /// The exclusions view: one row per unit and indicator marked not applicable,
    /// headers and words in `lang`.
    pub fn exclusions_table(&self, lang: Lang) -> Table {
        let columns = [
            Column::UnitId,
            Column::UnitName,
            Column::Code,
            Column::Max,
            Column::Reason,
            Column::Verdict,
        ];
        let rows = self
            .exclusions
            .iter()
            .map(|e| {
                vec![
                    Cell::text(&e.unit_id),
                    Cell::text(e.unit_name.clone().unwrap_or_default()),
                    Cell::text(&e.code),
                    Cell::number(e.max),
                    Cell::text(&e.reason),
                    match e.verdict {
                        Some(ExclusionVerdict::Accepted) => word(lang, "chấp nhận", "accepted"),
                        Some(ExclusionVerdict::Rejected) => {
                            word(lang, "không chấp nhận", "rejected")
                        }
                        None => Cell::text(""),
                    },
                ]
            })
            .collect();
        table(Sheet::Exclusions, lang, &columns, rows)
    }

    /// Every view in `lang`: ranking, distribution, at-risk, and the exclusions when
    /// there are any.
    pub fn tables(&self, lang: Lang) -> Vec<Table> {
        let mut out = vec![
            self.ranking_table(lang),
            self.distribution_table(lang),
            self.at_risk_table(lang),
        ];
        if !self.exclusions.is_empty() {
            out.push(self.exclusions_table(lang));
        }
        out
    }
}

/// The units at risk of one unit ([`Aggregate::at_risk_by_unit`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AtRiskGroup {
    /// The unit's id.
    pub unit_id: String,
    /// Its name.
    pub unit_name: Option<String>,
    /// Its rows of the at-risk view.
    pub table: Table,
}
