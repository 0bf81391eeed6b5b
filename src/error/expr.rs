//! Why an expression does not parse ([`crate::set::expr`]).

use crate::error::Message;
use crate::text::Lang;

/// Why an expression does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprParseError {
    /// The expression as written.
    pub expr: String,
    /// Byte offset of the problem.
    pub at: usize,
    /// What was expected.
    pub expected: ExprExpected,
}

/// What the expression parser expected where it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExprExpected {
    /// A closing parenthesis.
    ClosingParen,
    /// A decimal number (digits with at most one point).
    DecimalNumber,
    /// A number, a variable or an opening parenthesis.
    Operand,
    /// An operator or the end of the expression.
    OperatorOrEnd,
}

impl Message for ExprParseError {
    fn code(&self) -> &'static str {
        match self.expected {
            ExprExpected::ClosingParen => "expr.expected_closing_paren",
            ExprExpected::DecimalNumber => "expr.expected_decimal_number",
            ExprExpected::Operand => "expr.expected_operand",
            ExprExpected::OperatorOrEnd => "expr.expected_operator_or_end",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (expr, position) = (&self.expr, self.at + 1);
        let (vi, en) = match self.expected {
            ExprExpected::ClosingParen => ("“)”", "“)”"),
            ExprExpected::DecimalNumber => ("một số thập phân", "a decimal number"),
            ExprExpected::Operand => ("một số, một biến hoặc “(”", "a number, a variable or “(”"),
            ExprExpected::OperatorOrEnd => {
                ("một phép toán hoặc kết thúc", "an operator or the end")
            }
        };
        say!(
            lang,
            "biểu thức “{expr}”: cần {vi} tại vị trí {position}",
            "expression “{expr}”: expected {en} at position {position}",
        )
    }
}

message_display!(ExprParseError);
