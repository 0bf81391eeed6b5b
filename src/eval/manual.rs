//! `manual`: the source gives no rule; the unit enters points with a justification.

use rust_decimal::Decimal;

use super::{ck, Ctx, Outcome, Stop};
use crate::number::{format_lang, parse_number, read_typed, Field, FieldKind};
use crate::text::{tr, Bilingual, Lang};

/// The unit's justification, when it wrote one.
fn justification<'a>(ctx: &Ctx<'a>) -> Option<&'a str> {
    ctx.answers()
        .and_then(|a| a.justification.as_deref())
        .filter(|j| !j.trim().is_empty())
}

/// " — căn cứ: …" for the trace.
fn why(justification: Option<&str>, l: Lang) -> String {
    match justification {
        Some(j) => format!(" — {}: {j}", tr(l, "căn cứ", "justification")),
        None => String::new(),
    }
}

/// The outcome, with a message when no justification was given.
fn justified(
    mut o: Outcome,
    justification: Option<&str>,
    missing: (&'static str, &'static str),
) -> Outcome {
    if justification.is_none() {
        o.messages.push(Bilingual::from_fn(|l| {
            tr(l, missing.0, missing.1).to_string()
        }));
    }
    o
}

pub(crate) fn manual(ctx: &Ctx<'_>) -> Result<Outcome, Stop> {
    if ctx.max.is_none() {
        return manual_attainment(ctx);
    }
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
    let justification = justification(ctx);
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
        let why = why(justification, l);
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
    let o = Outcome::ok(attainment, explain, Some(factor)).with_value(points);
    Ok(justified(
        o,
        justification,
        (
            "chưa nêu căn cứ cho điểm tự chấm",
            "no justification given for the points entered",
        ),
    ))
}

/// In a set without maxima (a draft): the unit enters the attainment itself, a share
/// of the maximum from 0 to 100%, with a justification.
fn manual_attainment(ctx: &Ctx<'_>) -> Result<Outcome, Stop> {
    let answers = ctx.answers();
    let Some(raw) = answers
        .and_then(|a| a.attainment.as_deref())
        .filter(|s| !s.trim().is_empty())
    else {
        return Err(Outcome::missing(Bilingual::from_fn(|l| {
            tr(l, "chưa nhập mức đạt", "no attainment entered").to_string()
        })));
    };
    let what = |l| tr(l, "mức đạt", "attainment");
    let share = parse_number(raw).map_err(|e| {
        Outcome::invalid(Bilingual::from_fn(|l| {
            format!("{}: {}", what(l), e.message(l))
        }))
    })?;
    if share < Decimal::ZERO || share > Decimal::ONE {
        return Err(Outcome::invalid(Bilingual::from_fn(|l| {
            format!(
                "{} “{raw}” {}",
                what(l),
                tr(
                    l,
                    "phải từ 0 đến 100% (viết 80% hoặc 0,8)",
                    "must be from 0 to 100% (write 80% or 0.8)"
                )
            )
        }))
        .with_value(share));
    }
    let justification = justification(ctx);
    let explain = ctx.text(|l| {
        let why = why(justification, l);
        format!(
            "{} {}{why}",
            tr(l, "Mức đạt tự đánh giá", "Attainment entered"),
            crate::number::format_percent(&share, l)
        )
    });
    let o = Outcome::ok(share, explain, None).with_value(share);
    Ok(justified(
        o,
        justification,
        (
            "chưa nêu căn cứ cho mức đạt tự đánh giá",
            "no justification given for the attainment entered",
        ),
    ))
}
