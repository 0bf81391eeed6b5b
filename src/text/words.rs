//! The words and phrases that traces and messages repeat, each translated once.

use super::Lang;

/// A word or phrase the engine repeats in traces and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Word {
    /// "cần thêm" / "needs": what is still missing for full points ("needs 3 a …",
    /// "needs: Item 2: …").
    NeedsMore,
    /// "cần đạt" / "needs": the answer that would give full points.
    Needs,
    /// "giới hạn ở điểm tối đa" / "capped at max".
    CappedAtMax,
    /// "Mục" / "Item" (of a checklist).
    Item,
    /// "Phần" / "Part" (of a sum of parts).
    Part,
    /// "Có" / "Yes".
    Yes,
    /// "Không" / "No".
    No,
    /// "điểm" / "points" (entered for a `manual` indicator).
    Points,
    /// "mức đạt" / "attainment" (entered for a `manual` indicator without a max).
    Attainment,
}

impl Word {
    /// The word in a language.
    pub fn get(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Word::NeedsMore => ("cần thêm", "needs"),
            Word::Needs => ("cần đạt", "needs"),
            Word::CappedAtMax => ("giới hạn ở điểm tối đa", "capped at max"),
            Word::Item => ("Mục", "Item"),
            Word::Part => ("Phần", "Part"),
            Word::Yes => ("Có", "Yes"),
            Word::No => ("Không", "No"),
            Word::Points => ("điểm", "points"),
            Word::Attainment => ("mức đạt", "attainment"),
        };
        lang.pick(vi, en)
    }
}
