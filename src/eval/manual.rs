//! `manual`: the source gives no rule; the unit enters points with a justification.

use rust_decimal::Decimal;

use super::{ck, Ctx, Outcome, Stop};
use crate::number::{format_lang, parse_number, read_typed, Field, FieldKind};
use crate::text::{tr, Bilingual};

pub(crate) fn manual(ctx: &Ctx<'_>) -> Result<Outcome, Stop> {
    let answers = ctx.answers();
    let missing = || {
        Outcome::missing(Bilingual::from_fn(|l| {
            tr(l, "chưa nhập điểm", "no points entered").to_string()
        }))
    };
    let points_word = |l| tr(l, "điểm", "points");
    let (points, raw) = match answers
        .and_then(|a| a.points.as_deref())
        .filter(|s| !s.trim().is_empty())
    {
        Some(raw) => {
            let points = parse_number(raw).map_err(|e| {
                Outcome::invalid(Bilingual::from_fn(|l| {
                    format!("{}: {}", points_word(l), e.message(l))
                }))
            })?;
            (points, raw)
        }
        // Points the page could not read: read again as typed, to say why.
        None => {
            let Some(t) = answers
                .and_then(|a| a.typed.get("points"))
                .filter(|t| !t.text.trim().is_empty())
            else {
                return Err(missing());
            };
            let field = Field {
                kind: FieldKind::Amount { negative: false },
                unit: None,
            };
            let points = read_typed(&t.text, field, t.lang).map_err(|e| {
                Outcome::invalid(Bilingual::from_fn(|l| {
                    format!("{}: {}", points_word(l), e.message(l))
                }))
            })?;
            (points, t.text.as_str())
        }
    };
    if points < Decimal::ZERO {
        return Err(Outcome::invalid(Bilingual::from_fn(|l| {
            format!(
                "{} “{raw}” {}",
                points_word(l),
                tr(l, "là số âm", "is negative")
            )
        })));
    }
    let Some(max) = ctx.max.filter(|m| !m.is_zero()) else {
        return Ok(Outcome::ok(Decimal::ZERO, Bilingual::default(), None));
    };
    let attainment = ck(points.checked_div(max))?.min(Decimal::ONE);
    let justification = answers
        .and_then(|a| a.justification.as_deref())
        .filter(|j| !j.trim().is_empty());
    let explain = ctx.text(|l| {
        let capped = if points > max {
            format!(
                " > {} ({})",
                format_lang(&max, l),
                tr(l, "giới hạn ở điểm tối đa", "capped at max")
            )
        } else {
            String::new()
        };
        let why = match justification {
            Some(j) => format!(" — {}: {j}", tr(l, "căn cứ", "justification")),
            None => String::new(),
        };
        format!(
            "{} {}{capped}{why}",
            tr(l, "Điểm tự chấm", "Points entered"),
            format_lang(&points.normalize(), l)
        )
    });
    let factor = ctx.text(|l| {
        format!(
            "{}/{}",
            format_lang(&points.normalize(), l),
            format_lang(&max, l)
        )
    });
    let mut o = Outcome::ok(attainment, explain, Some(factor)).with_value(points);
    if justification.is_none() {
        o.messages.push(Bilingual::from_fn(|l| {
            tr(
                l,
                "chưa nêu căn cứ cho điểm tự chấm",
                "no justification given for the points entered",
            )
            .to_string()
        }));
    }
    Ok(o)
}
