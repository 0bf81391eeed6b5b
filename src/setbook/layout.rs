//! The layout of an indicator-set workbook (docs/set-workbook.md): its sheets, and each
//! sheet's columns with their Vietnamese and English headers (row 1) and the English key
//! (row 2) the reader finds them by. A key is the field's path in the set's JSON, from
//! the row's object, its parts joined by `.` (`title.vi`, `rule.target.by_year`).

use crate::text::Lang;

/// What a column's cells hold, and how they become JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A JSON string, as written.
    Text,
    /// A decimal string: a number cell (its shortest round-trip decimal) or the text as
    /// written (`1/2`, `80%`).
    Decimal,
    /// `true` / `false`.
    Bool,
    /// A JSON whole number.
    Int,
    /// A list of strings, one a line.
    Lines,
    /// Thresholds by period, one `2025–2027: 95%` a line (`by_year`).
    Periods,
    /// Not a field of the row's object: where the row belongs (its level, its indicator,
    /// its part, its list, the input a note is on).
    Ref,
}

/// One column: its key, its headers, what it holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub key: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
    pub kind: Kind,
}

impl Column {
    pub fn header(&self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }

    /// The JSON path the column fills, from the row's object.
    pub fn path(&self) -> impl Iterator<Item = &'static str> {
        self.key.split('.')
    }
}

const fn col(key: &'static str, vi: &'static str, en: &'static str, kind: Kind) -> Column {
    Column { key, vi, en, kind }
}

/// A sheet: its names (the reader takes either) and its columns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sheet {
    pub vi: &'static str,
    pub en: &'static str,
}

impl Sheet {
    pub fn name(self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }
}

/// The set's identity and legal basis: one row per field (key, value).
pub(crate) const SET: Sheet = Sheet {
    vi: "Bộ chỉ số",
    en: "Set",
};
/// The indicator tree: one row per indicator, parents before children.
pub(crate) const INDICATORS: Sheet = Sheet {
    vi: "Chỉ số",
    en: "Indicators",
};
/// The indicators' inputs.
pub(crate) const INPUTS: Sheet = Sheet {
    vi: "Đầu vào",
    en: "Inputs",
};
/// Checklist items, choice options, tiers and parts.
pub(crate) const LISTS: Sheet = Sheet {
    vi: "Mục, mức, phần",
    en: "Items, tiers, parts",
};
/// The set's context fields (shared inputs).
pub(crate) const CONTEXT: Sheet = Sheet {
    vi: "Thông tin chung",
    en: "Context",
};
/// Notes and interpretations of the set, its context fields, indicators and inputs.
pub(crate) const NOTES: Sheet = Sheet {
    vi: "Ghi chú",
    en: "Notes",
};

/// The set sheet's three columns.
pub(crate) const SET_COLUMNS: [Column; 3] = [
    col("label", "Nội dung", "Field", Kind::Ref),
    col("key", "Mã trường", "Key", Kind::Ref),
    col("value", "Giá trị", "Value", Kind::Ref),
];

/// The set sheet's rows, in order.
pub(crate) const SET_KEYS: [Column; 18] = [
    col("format", "Định dạng tệp", "File format", Kind::Text),
    col(
        "$schema",
        "Lược đồ JSON (cho trình soạn thảo)",
        "JSON schema (for editors)",
        Kind::Text,
    ),
    col(
        "$comment",
        "Ghi chú kỹ thuật",
        "Technical comment",
        Kind::Text,
    ),
    col(
        "id",
        "Mã bộ chỉ số (chữ thường, số, dấu -)",
        "Set id (lower case, digits, -)",
        Kind::Text,
    ),
    col("version", "Phiên bản", "Version", Kind::Text),
    col(
        "status",
        "Tình trạng văn bản (official, consultation_draft, superseded)",
        "Legal status (official, consultation_draft, superseded)",
        Kind::Text,
    ),
    col(
        "draft",
        "Bản nháp, chưa phải bộ chấm điểm chính thức (true/false)",
        "Draft, not an official scoring (true/false)",
        Kind::Bool,
    ),
    col(
        "title.vi",
        "Tên bộ chỉ số",
        "Title (Vietnamese)",
        Kind::Text,
    ),
    col(
        "title.en",
        "Tên bộ chỉ số (tiếng Anh)",
        "Title (English)",
        Kind::Text,
    ),
    col(
        "issuer.vi",
        "Cơ quan ban hành",
        "Issuer (Vietnamese)",
        Kind::Text,
    ),
    col(
        "issuer.en",
        "Cơ quan ban hành (tiếng Anh)",
        "Issuer (English)",
        Kind::Text,
    ),
    col(
        "legal_basis.document",
        "Văn bản ban hành",
        "Legal basis: document",
        Kind::Text,
    ),
    col(
        "legal_basis.date",
        "Ngày ban hành (YYYY-MM-DD)",
        "Legal basis: date (YYYY-MM-DD)",
        Kind::Text,
    ),
    col(
        "legal_basis.url",
        "Đường dẫn văn bản",
        "Legal basis: URL",
        Kind::Text,
    ),
    col(
        "scale",
        "Thang điểm (tổng điểm tối đa các chỉ số chính)",
        "Scale (the main indicators' maxima added)",
        Kind::Decimal,
    ),
    col(
        "rounding.decimals",
        "Số chữ số thập phân khi làm tròn",
        "Rounding: decimals",
        Kind::Int,
    ),
    col(
        "rounding.mode",
        "Cách làm tròn (half_away_from_zero, half_even, down)",
        "Rounding mode (half_away_from_zero, half_even, down)",
        Kind::Text,
    ),
    col(
        "excludable",
        "Cho phép đơn vị đánh dấu chỉ số không áp dụng (true/false)",
        "A unit may mark an indicator not applicable (true/false)",
        Kind::Bool,
    ),
];

/// A rule's columns that a part's rule has too.
const RULE: [Column; 15] = [
    col(
        "rule.kind",
        "Loại quy tắc chấm điểm",
        "Rule kind",
        Kind::Text,
    ),
    col(
        "rule.ratio",
        "Biểu thức tỷ lệ (a/b)",
        "Ratio expression (a/b)",
        Kind::Text,
    ),
    col(
        "rule.value",
        "Biểu thức giá trị (tiers, per_unit)",
        "Value expression (tiers, per_unit)",
        Kind::Text,
    ),
    col(
        "rule.share",
        "Tỷ lệ là phần của một tổng, không quá 100% (true/false)",
        "The ratio is a share of a whole, at most 100% (true/false)",
        Kind::Bool,
    ),
    col(
        "rule.share_tolerance",
        "Dung sai vượt 100%",
        "Share tolerance above 100%",
        Kind::Decimal,
    ),
    col(
        "rule.target",
        "Mục tiêu (linear_to_target)",
        "Target (linear_to_target)",
        Kind::Decimal,
    ),
    col(
        "rule.target.by_year",
        "Mục tiêu theo giai đoạn (mỗi dòng: 2025–2027: 95%)",
        "Target by period (a line each: 2025–2027: 95%)",
        Kind::Periods,
    ),
    col(
        "rule.threshold",
        "Ngưỡng (all_or_nothing)",
        "Threshold (all_or_nothing)",
        Kind::Decimal,
    ),
    col(
        "rule.threshold.by_year",
        "Ngưỡng theo giai đoạn (mỗi dòng: 2025–2027: 95%)",
        "Threshold by period (a line each: 2025–2027: 95%)",
        Kind::Periods,
    ),
    col(
        "rule.points_each",
        "Điểm cho mỗi đơn vị (per_unit)",
        "Points each (per_unit)",
        Kind::Decimal,
    ),
    col(
        "rule.question.vi",
        "Câu hỏi (yes_no)",
        "Question (yes_no, Vietnamese)",
        Kind::Text,
    ),
    col(
        "rule.question.en",
        "Câu hỏi (tiếng Anh)",
        "Question (English)",
        Kind::Text,
    ),
    col(
        "rule.gate.vi",
        "Điều kiện tiên quyết (tiers)",
        "Gate (tiers, Vietnamese)",
        Kind::Text,
    ),
    col(
        "rule.gate.en",
        "Điều kiện tiên quyết (tiếng Anh)",
        "Gate (English)",
        Kind::Text,
    ),
    col(
        "rule.$comment",
        "Ghi chú kỹ thuật của quy tắc",
        "Rule: technical comment",
        Kind::Text,
    ),
];

/// The relative rule's columns (never in a part).
const RELATIVE: [Column; 5] = [
    col(
        "rule.method",
        "Cách so sánh (relative: proportional_to_best, min_max)",
        "Method (relative: proportional_to_best, min_max)",
        Kind::Text,
    ),
    col(
        "rule.reference.best",
        "Giá trị tốt nhất tham chiếu",
        "Reference: best",
        Kind::Decimal,
    ),
    col(
        "rule.reference.worst",
        "Giá trị kém nhất tham chiếu",
        "Reference: worst",
        Kind::Decimal,
    ),
    col(
        "rule.reference.note.vi",
        "Nguồn giá trị tham chiếu",
        "Reference: note (Vietnamese)",
        Kind::Text,
    ),
    col(
        "rule.reference.note.en",
        "Nguồn giá trị tham chiếu (tiếng Anh)",
        "Reference: note (English)",
        Kind::Text,
    ),
];

const INDICATOR_HEAD: [Column; 6] = [
    col(
        "level",
        "Cấp (1 = chỉ số chính)",
        "Level (1 = main indicator)",
        Kind::Ref,
    ),
    col(
        "code",
        "Mã chỉ số (như văn bản)",
        "Code (as printed)",
        Kind::Text,
    ),
    col(
        "id",
        "Mã định danh (khi mã chỉ số bị lặp)",
        "Id (where the code repeats)",
        Kind::Text,
    ),
    col("title.vi", "Tên chỉ số", "Title (Vietnamese)", Kind::Text),
    col(
        "title.en",
        "Tên chỉ số (tiếng Anh)",
        "Title (English)",
        Kind::Text,
    ),
    col("max", "Điểm tối đa", "Max points", Kind::Decimal),
];

const INDICATOR_TAIL: [Column; 14] = [
    col(
        "excludable",
        "Được đánh dấu không áp dụng (true/false)",
        "May be marked not applicable (true/false)",
        Kind::Bool,
    ),
    col("target", "Điểm mục tiêu", "Target points", Kind::Decimal),
    col("lead", "Cơ quan chủ trì", "Lead agency", Kind::Text),
    col(
        "coordinating",
        "Cơ quan phối hợp (mỗi dòng một cơ quan)",
        "Coordinating agencies (one a line)",
        Kind::Lines,
    ),
    col(
        "implementing",
        "Cơ quan thực hiện (mỗi dòng một cơ quan)",
        "Implementing agencies (one a line)",
        Kind::Lines,
    ),
    col("deadline", "Thời hạn", "Deadline", Kind::Text),
    col(
        "evidence.vi",
        "Minh chứng cần lưu",
        "Evidence expected (Vietnamese)",
        Kind::Text,
    ),
    col(
        "evidence.en",
        "Minh chứng cần lưu (tiếng Anh)",
        "Evidence expected (English)",
        Kind::Text,
    ),
    col(
        "source.document",
        "Văn bản nguồn (số, ngày)",
        "Source: document (number, date)",
        Kind::Text,
    ),
    col(
        "source.location",
        "Vị trí trong văn bản (phụ lục, mục, dòng)",
        "Source: location (appendix, section, row)",
        Kind::Text,
    ),
    col(
        "source_text",
        "Nguyên văn cách tính điểm trong văn bản",
        "Source text (the rule in the source's words)",
        Kind::Text,
    ),
    col(
        "source_file.document",
        "Tệp trích xuất đã đối chiếu (nội bộ)",
        "Source file checked (internal)",
        Kind::Text,
    ),
    col(
        "source_file.location",
        "Dòng trong tệp trích xuất",
        "Source file: lines",
        Kind::Text,
    ),
    col(
        "$comment",
        "Ghi chú kỹ thuật",
        "Technical comment",
        Kind::Text,
    ),
];

/// The indicators sheet's columns (an indicator's inputs, list entries and notes are on
/// their own sheets).
pub(crate) fn indicator_columns() -> Vec<Column> {
    [
        &INDICATOR_HEAD[..],
        &RULE[..],
        &RELATIVE[..],
        &INDICATOR_TAIL[..],
    ]
    .concat()
}

/// An input's or a context field's own columns.
const INPUT: [Column; 10] = [
    col(
        "id",
        "Ký hiệu (a, b, … hoặc tên)",
        "Id (a, b, … or a name)",
        Kind::Text,
    ),
    col("label.vi", "Nội dung", "Label (Vietnamese)", Kind::Text),
    col(
        "label.en",
        "Nội dung (tiếng Anh)",
        "Label (English)",
        Kind::Text,
    ),
    col(
        "kind",
        "Loại số (count, amount, percent, text)",
        "Kind (count, amount, percent, text)",
        Kind::Text,
    ),
    col(
        "rollup",
        "Cộng từ cấp dưới (sum, none)",
        "Rollup over communes (sum, none)",
        Kind::Text,
    ),
    col("unit", "Đơn vị tính", "Unit", Kind::Text),
    col(
        "negative",
        "Cho phép số âm (true/false)",
        "Negative allowed (true/false)",
        Kind::Bool,
    ),
    col(
        "lead",
        "Cơ quan chủ trì cung cấp",
        "Lead agency",
        Kind::Text,
    ),
    col(
        "coordinating",
        "Cơ quan phối hợp (mỗi dòng một cơ quan)",
        "Coordinating agencies (one a line)",
        Kind::Lines,
    ),
    col("deadline", "Thời hạn cung cấp", "Deadline", Kind::Text),
];

const INDICATOR_REF: Column = col(
    "indicator",
    "Mã chỉ số (hoặc mã định danh)",
    "Indicator (id or code)",
    Kind::Ref,
);

/// The inputs sheet's columns.
pub(crate) fn input_columns() -> Vec<Column> {
    [&[INDICATOR_REF][..], &INPUT[..]].concat()
}

/// The context sheet's columns.
pub(crate) fn context_columns() -> Vec<Column> {
    INPUT.to_vec()
}

/// The lists sheet's columns: where the row belongs, the item's own fields, and a
/// part's rule.
pub(crate) fn list_columns() -> Vec<Column> {
    let own = [
        INDICATOR_REF,
        col(
            "part",
            "Phần (khi mục thuộc một phần của sum_of_parts)",
            "Part (for a list inside a part)",
            Kind::Ref,
        ),
        col(
            "list",
            "Danh sách (items, options, tiers, parts)",
            "List (items, options, tiers, parts)",
            Kind::Ref,
        ),
        col("id", "Số thứ tự hoặc mã", "Id", Kind::Text),
        col("label.vi", "Nội dung", "Label (Vietnamese)", Kind::Text),
        col(
            "label.en",
            "Nội dung (tiếng Anh)",
            "Label (English)",
            Kind::Text,
        ),
        col(
            "fraction",
            "Tỷ phần của điểm tối đa (1/2, 0.7, 70%)",
            "Fraction of the max (1/2, 0.7, 70%)",
            Kind::Decimal,
        ),
        col(
            "at_least",
            "Từ mức (tiers)",
            "At least (tiers)",
            Kind::Decimal,
        ),
    ];
    [&own[..], &RULE[..]].concat()
}

/// The notes sheet's columns.
pub(crate) fn note_columns() -> Vec<Column> {
    vec![
        INDICATOR_REF,
        col(
            "field",
            "Đầu vào hoặc trường thông tin chung",
            "Input, or context field",
            Kind::Ref,
        ),
        col(
            "kind",
            "Loại (interpretation, source_discrepancy, note)",
            "Kind (interpretation, source_discrepancy, note)",
            Kind::Text,
        ),
        col(
            "text.vi",
            "Nội dung ghi chú",
            "Note (Vietnamese)",
            Kind::Text,
        ),
        col(
            "text.en",
            "Nội dung ghi chú (tiếng Anh)",
            "Note (English)",
            Kind::Text,
        ),
        col(
            "quote",
            "Nguyên văn của văn bản (bắt buộc với interpretation)",
            "The source's words (required for an interpretation)",
            Kind::Text,
        ),
    ]
}

/// The lists a row of the lists sheet may belong to.
pub(crate) const LIST_NAMES: [&str; 4] = ["items", "options", "tiers", "parts"];

/// The names a column of a sheet takes, offered as a drop-down list (a warning, not a
/// refusal, for anything else: the set's validation says what is wrong with it).
pub(crate) fn choices(sheet: Sheet, key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "rule.kind" => &crate::set::Rule::KINDS,
        "kind" if sheet.en == NOTES.en => &NOTE_KINDS,
        "kind" => &INPUT_KINDS,
        "rollup" => &["sum", "none"],
        "list" => &LIST_NAMES,
        "status" => &["official", "consultation_draft", "superseded"],
        "rounding.mode" => &["half_away_from_zero", "half_even", "down"],
        "rule.method" => &["proportional_to_best", "min_max"],
        "draft" | "excludable" | "rule.share" | "negative" => &["true", "false"],
        _ => return None,
    })
}

/// The kinds of an input or a context field.
const INPUT_KINDS: [&str; 4] = ["count", "amount", "percent", "text"];
/// The kinds of a note.
const NOTE_KINDS: [&str; 3] = ["interpretation", "source_discrepancy", "note"];

/// The instructions sheet (not read back).
pub(crate) const HELP: Sheet = Sheet {
    vi: "Hướng dẫn",
    en: "Instructions",
};

/// The instructions: a few lines, then one line per rule kind (its name, what it gives,
/// the columns and rows it takes).
pub(crate) fn help_lines(lang: Lang) -> Vec<[&'static str; 3]> {
    let intro: [(&str, &str); 7] = [
        (
            "Bảng tính này là một bộ chỉ số của dti-score (docs/set-workbook.md). Dòng 1 của mỗi trang là tên cột, dòng 2 là mã cột bằng tiếng Anh: chương trình đọc theo mã cột, đừng sửa dòng 2.",
            "This workbook is a dti-score indicator set (docs/set-workbook.md). Row 1 of each sheet names the columns, row 2 holds their English keys: the reader goes by the keys; do not change row 2.",
        ),
        (
            "Ô để trống là không có. Số viết như số, hoặc như văn bản: 1/2, 80%. Có/không: true hoặc false. Nhiều cơ quan: mỗi dòng một cơ quan (Alt+Enter).",
            "An empty cell is an absent field. Numbers as numbers, or as the source writes them: 1/2, 80%. Yes/no: true or false. Several agencies: one a line (Alt+Enter).",
        ),
        (
            "Trang Chỉ số: mỗi dòng một chỉ số, chỉ số cha trước chỉ số con; cột level: 1 là chỉ số chính, cấp của chỉ số con bằng cấp của chỉ số cha cộng 1. Chỉ số có chỉ số con thì không có quy tắc.",
            "Indicators sheet: one row per indicator, parents before children; level 1 is a main indicator, a child one more than its parent. An indicator with children has no rule.",
        ),
        (
            "Các trang Đầu vào, Mục, mức, phần và Ghi chú gắn mỗi dòng vào một chỉ số bằng cột indicator (mã định danh id, hoặc mã chỉ số code).",
            "The Inputs, Items, tiers, parts and Notes sheets attach each row to an indicator by its indicator column (the indicator's id, or its code).",
        ),
        (
            "Ngưỡng theo giai đoạn: mỗi dòng một giai đoạn, như 2025–2027: 95%.",
            "Thresholds by period: one period a line, like 2025–2027: 95%.",
        ),
        (
            "Kiểm tra: dti-score set from-xlsx BANG-TINH.xlsx -o bo-chi-so.json liệt kê mọi lỗi tại ô của nó.",
            "Check: dti-score set from-xlsx BOOK.xlsx -o set.json lists every finding at its cell.",
        ),
        (
            "Mười một loại quy tắc (cột rule.kind):",
            "The eleven rule kinds (column rule.kind):",
        ),
    ];
    let kinds: [(&str, &str, &str, &str); 11] = [
        ("linear", "tỷ lệ × điểm tối đa", "ratio × max", "rule.ratio; Đầu vào / Inputs"),
        ("linear_to_target", "tỷ lệ ≥ mục tiêu: điểm tối đa; dưới: tỷ lệ/mục tiêu × điểm tối đa", "ratio ≥ target: max; below: ratio/target × max", "rule.ratio, rule.target hoặc/or rule.target.by_year"),
        ("all_or_nothing", "tỷ lệ ≥ ngưỡng: điểm tối đa; dưới: 0", "ratio ≥ threshold: max; below: 0", "rule.ratio, rule.threshold hoặc/or rule.threshold.by_year"),
        ("yes_no", "đã làm: điểm tối đa; chưa: 0", "done: max; not: 0", "rule.question.vi (tùy chọn/optional)"),
        ("checklist", "tổng tỷ phần các mục đã đạt × điểm tối đa", "the ticked items' fractions × max", "Mục, mức, phần / Items: list = items"),
        ("choice", "tỷ phần của lựa chọn × điểm tối đa", "the chosen option's fraction × max", "list = options"),
        ("tiers", "mức đầu tiên đạt được", "the first tier reached", "rule.value, rule.gate.vi (tùy chọn/optional); list = tiers, từ cao xuống thấp / highest first"),
        ("per_unit", "giá trị × điểm mỗi đơn vị, không quá điểm tối đa", "value × points each, at most max", "rule.value, rule.points_each"),
        ("sum_of_parts", "tổng các phần, mỗi phần một quy tắc", "the sum of parts, each its own rule", "list = parts (cột/columns rule.*); mục của một phần: cột part / a part's list: column part"),
        ("relative", "so với đơn vị tốt nhất", "against the best unit", "rule.ratio, rule.method, rule.reference.*"),
        ("manual", "điểm đơn vị tự chấm, có giải trình", "points the unit enters, with a justification", "—"),
    ];
    let mut out: Vec<[&'static str; 3]> = intro
        .iter()
        .map(|(vi, en)| [lang.pick(*vi, *en), "", ""])
        .collect();
    out.extend(
        kinds
            .iter()
            .map(|(kind, vi, en, cols)| [*kind, lang.pick(*vi, *en), *cols]),
    );
    out
}
