//! Last year's (or the previous round's) results, read from the CSV `dti-score aggregate --csv` writes.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::Column;
use crate::number::parse_canonical;
use crate::table::{parse_csv, unneutralise, CsvError};
use crate::text::Lang;

/// Last year's (or the previous round's) results, by unit id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PreviousResults {
    /// By unit id.
    pub units: BTreeMap<String, PreviousRow>,
}

/// One unit's previous result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PreviousRow {
    /// Its ranking score: the `achieved` column where present, else `total`.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub score: Option<Decimal>,
    /// Its rank.
    pub rank: Option<u64>,
}

impl PreviousResults {
    /// Reads a results CSV as `dti-score aggregate --csv` writes it: the unit id and
    /// total columns (and the achieved total and rank when present) are used, others
    /// ignored. A column is found by its Vietnamese header (the default), its English
    /// one (`--en`) or its key (`unit_id`, `total`, `achieved`, `rank`: the headers of
    /// earlier versions).
    ///
    /// # Errors
    /// [`CsvError`]: no `unit_id` or `total` column, a malformed number or rank (with
    /// its line), an unclosed quote, a unit listed twice.
    ///
    /// # Example
    /// ```
    /// use dti_score::aggregate::PreviousResults;
    /// let p = PreviousResults::from_csv("\u{feff}unit_id,unit_name,total,rank\r\nx,\"Xã A, huyện B\",512.5,3\r\n").unwrap();
    /// assert_eq!(p.units["x"].score.unwrap().to_string(), "512.5");
    /// assert_eq!(p.units["x"].rank, Some(3));
    /// let vi = PreviousResults::from_csv("\u{feff}Mã đơn vị,Tổng điểm tự đánh giá,Hạng\r\nx,512.5,3\r\n").unwrap();
    /// assert_eq!(vi, p);
    /// ```
    pub fn from_csv(text: &str) -> Result<PreviousResults, CsvError> {
        let rows = parse_csv(text)?;
        let Some((header, data)) = rows.split_first() else {
            return Err(missing(Column::UnitId));
        };
        let col = |c: Column| {
            header.iter().position(|h| {
                let h = h.trim();
                h == c.key() || h == c.label(Lang::Vi) || h == c.label(Lang::En)
            })
        };
        let id_col = col(Column::UnitId).ok_or(missing(Column::UnitId))?;
        let total_col = col(Column::Total).ok_or(missing(Column::Total))?;
        let score_col = col(Column::Achieved).unwrap_or(total_col);
        let rank_col = col(Column::Rank);
        let mut units = BTreeMap::new();
        for (i, row) in data.iter().enumerate() {
            let line = i + 2;
            if row.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let get = |c: usize| row.get(c).map(|s| s.trim()).unwrap_or("");
            let id = unneutralise(get(id_col)).to_string();
            let score = match get(score_col) {
                "" => None,
                t => Some(parse_canonical(t).map_err(|_| CsvError::BadNumber {
                    line,
                    text: t.to_string(),
                })?),
            };
            let rank = match rank_col.map(get).unwrap_or("") {
                "" => None,
                t => Some(t.parse::<u64>().map_err(|_| CsvError::BadNumber {
                    line,
                    text: t.to_string(),
                })?),
            };
            if units
                .insert(id.clone(), PreviousRow { score, rank })
                .is_some()
            {
                return Err(CsvError::DuplicateUnit { line, unit: id });
            }
        }
        Ok(PreviousResults { units })
    }
}

fn missing(c: Column) -> CsvError {
    CsvError::MissingColumn {
        column: c.key(),
        vi: c.label(Lang::Vi),
        en: c.label(Lang::En),
    }
}
