//! Arithmetic expressions over an indicator's inputs: `a/b`, `(a+b)/(c+d)`,
//! `a/(population/1000)`.
//!
//! Parsed once when a set is loaded; evaluated with checked decimal arithmetic.

use std::fmt;

use rust_decimal::Decimal;

use crate::error::{ExprExpected, ExprParseError};
use crate::number::{format_lang, parse_canonical};
use crate::text::Lang;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A decimal constant.
    Const(Decimal),
    /// An input letter or a context variable.
    Var(String),
    /// Sum.
    Add(Box<Expr>, Box<Expr>),
    /// Difference.
    Sub(Box<Expr>, Box<Expr>),
    /// Product.
    Mul(Box<Expr>, Box<Expr>),
    /// Quotient.
    Div(Box<Expr>, Box<Expr>),
}

/// Why an expression cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// A variable has no value.
    Missing(String),
    /// A divisor is zero.
    DivisionByZero {
        /// The divisor, written out.
        divisor: String,
    },
    /// A result does not fit a decimal.
    Overflow,
}

impl Expr {
    /// Parses an expression.
    ///
    /// # Errors
    /// [`ExprParseError`] with the position of the first problem.
    ///
    /// # Example
    /// ```
    /// use dti_score::set::Expr;
    /// let e = Expr::parse("(a+b)/(c+d)").unwrap();
    /// assert_eq!(e.to_string(), "(a+b)/(c+d)");
    /// assert_eq!(e.variables(), vec!["a", "b", "c", "d"]);
    /// ```
    pub fn parse(text: &str) -> Result<Expr, ExprParseError> {
        let mut p = Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        };
        let e = p.sum()?;
        p.skip_ws();
        if p.pos != p.bytes.len() {
            return Err(p.error(ExprExpected::OperatorOrEnd));
        }
        Ok(e)
    }

    /// The variables used, in order of first appearance, without repeats.
    pub fn variables(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_vars(&mut out);
        out
    }

    fn collect_vars<'a>(&'a self, out: &mut Vec<&'a str>) {
        self.visit_vars(&mut |v| {
            if !out.contains(&v) {
                out.push(v);
            }
        });
    }

    /// Calls `f` with every variable occurrence, left to right (repeats included),
    /// without allocating.
    pub fn visit_vars<'a>(&'a self, f: &mut dyn FnMut(&'a str)) {
        match self {
            Expr::Const(_) => {}
            Expr::Var(v) => f(v),
            Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) | Expr::Div(a, b) => {
                a.visit_vars(f);
                b.visit_vars(f);
            }
        }
    }

    /// Evaluates with checked arithmetic; `lookup` gives each variable's value.
    ///
    /// # Errors
    /// [`EvalError`] for a missing variable, a zero divisor or an overflow.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<Decimal>) -> Result<Decimal, EvalError> {
        match self {
            Expr::Const(c) => Ok(*c),
            Expr::Var(v) => lookup(v).ok_or_else(|| EvalError::Missing(v.clone())),
            Expr::Add(a, b) => a
                .eval(lookup)?
                .checked_add(b.eval(lookup)?)
                .ok_or(EvalError::Overflow),
            Expr::Sub(a, b) => a
                .eval(lookup)?
                .checked_sub(b.eval(lookup)?)
                .ok_or(EvalError::Overflow),
            Expr::Mul(a, b) => a
                .eval(lookup)?
                .checked_mul(b.eval(lookup)?)
                .ok_or(EvalError::Overflow),
            Expr::Div(a, b) => {
                let n = a.eval(lookup)?;
                let d = b.eval(lookup)?;
                if d.is_zero() {
                    return Err(EvalError::DivisionByZero {
                        divisor: b.to_string(),
                    });
                }
                n.checked_div(d).ok_or(EvalError::Overflow)
            }
        }
    }

    /// Writes the expression with each variable replaced by its value, for traces
    /// ("(45+0)/(60+0)").
    pub fn substituted(&self, lookup: &dyn Fn(&str) -> Option<Decimal>, lang: Lang) -> String {
        let mut out = String::new();
        self.write(&mut out, 0, &|v: &str| match lookup(v) {
            Some(d) => format_lang(&d, lang),
            None => v.to_string(),
        });
        out
    }

    /// The numerator variables when the expression is a quotient whose numerator is a
    /// sum of variables (`(a+b)/c`): what a unit can raise to gain points.
    pub fn numerator_sum_vars(&self) -> Option<(Vec<&str>, &Expr)> {
        fn sum_vars<'a>(e: &'a Expr, out: &mut Vec<&'a str>) -> bool {
            match e {
                Expr::Var(v) => {
                    out.push(v);
                    true
                }
                Expr::Add(a, b) => sum_vars(a, out) && sum_vars(b, out),
                _ => false,
            }
        }
        match self {
            Expr::Div(n, d) => {
                let mut vars = Vec::new();
                sum_vars(n, &mut vars).then_some((vars, d.as_ref()))
            }
            _ => None,
        }
    }

    fn precedence(&self) -> u8 {
        match self {
            Expr::Add(..) | Expr::Sub(..) => 1,
            Expr::Mul(..) | Expr::Div(..) => 2,
            Expr::Const(_) | Expr::Var(_) => 3,
        }
    }

    fn write(&self, out: &mut String, parent: u8, name: &dyn Fn(&str) -> String) {
        let prec = self.precedence();
        let paren = prec < parent;
        if paren {
            out.push('(');
        }
        match self {
            Expr::Const(c) => out.push_str(&c.to_string()),
            Expr::Var(v) => out.push_str(&name(v)),
            Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) | Expr::Div(a, b) => {
                let op = match self {
                    Expr::Add(..) => '+',
                    Expr::Sub(..) => '-',
                    Expr::Mul(..) => '*',
                    _ => '/',
                };
                a.write(out, prec, name);
                out.push(op);
                // The right operand of - and / binds tighter than its own level.
                let right = if matches!(op, '-' | '/') {
                    prec + 1
                } else {
                    prec
                };
                b.write(out, right, name);
            }
        }
        if paren {
            out.push(')');
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out, 0, &|v: &str| v.to_string());
        f.write_str(&out)
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, expected: ExprExpected) -> ExprParseError {
        ExprParseError {
            expr: self.text.to_string(),
            at: self.pos,
            expected,
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes.get(self.pos).copied()
    }

    fn sum(&mut self) -> Result<Expr, ExprParseError> {
        let mut left = self.product()?;
        while let Some(op @ (b'+' | b'-')) = self.peek() {
            self.pos += 1;
            let right = self.product()?;
            left = if op == b'+' {
                Expr::Add(Box::new(left), Box::new(right))
            } else {
                Expr::Sub(Box::new(left), Box::new(right))
            };
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Expr, ExprParseError> {
        let mut left = self.atom()?;
        while let Some(op @ (b'*' | b'/')) = self.peek() {
            self.pos += 1;
            let right = self.atom()?;
            left = if op == b'*' {
                Expr::Mul(Box::new(left), Box::new(right))
            } else {
                Expr::Div(Box::new(left), Box::new(right))
            };
        }
        Ok(left)
    }

    fn atom(&mut self) -> Result<Expr, ExprParseError> {
        match self.peek() {
            Some(b'(') => {
                self.pos += 1;
                let e = self.sum()?;
                if self.peek() != Some(b')') {
                    return Err(self.error(ExprExpected::ClosingParen));
                }
                self.pos += 1;
                Ok(e)
            }
            Some(c) if c.is_ascii_digit() => {
                let start = self.pos;
                while self.pos < self.bytes.len()
                    && (self.bytes[self.pos].is_ascii_digit() || self.bytes[self.pos] == b'.')
                {
                    self.pos += 1;
                }
                parse_canonical(&self.text[start..self.pos])
                    .map(Expr::Const)
                    .map_err(|_| ExprParseError {
                        expr: self.text.to_string(),
                        at: start,
                        expected: ExprExpected::DecimalNumber,
                    })
            }
            Some(c) if c.is_ascii_lowercase() || c == b'_' => {
                let start = self.pos;
                while self.pos < self.bytes.len()
                    && (self.bytes[self.pos].is_ascii_lowercase()
                        || self.bytes[self.pos].is_ascii_digit()
                        || self.bytes[self.pos] == b'_')
                {
                    self.pos += 1;
                }
                Ok(Expr::Var(self.text[start..self.pos].to_string()))
            }
            _ => Err(self.error(ExprExpected::Operand)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_source_expressions() {
        for s in [
            "a/b",
            "(a+b)/(c+d)",
            "(b+c)/a",
            "a/(population/1000)",
            "a-b-c",
            "a/(b*c)",
            "(a+b+c+d)/(e+f)",
        ] {
            assert_eq!(Expr::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Expr::parse(" a / b ").unwrap().to_string(), "a/b");
        assert_eq!(Expr::parse("(a)").unwrap().to_string(), "a");
    }

    #[test]
    fn reports_parse_errors_with_position() {
        assert_eq!(
            Expr::parse("a/").unwrap_err().to_string(),
            "expression “a/”: expected a number, a variable or “(” at position 3"
        );
        assert_eq!(
            Expr::parse("(a+b").unwrap_err().to_string(),
            "expression “(a+b”: expected “)” at position 5"
        );
        assert_eq!(
            Expr::parse("a b").unwrap_err().to_string(),
            "expression “a b”: expected an operator or the end at position 3"
        );
        assert_eq!(
            Expr::parse("A/b").unwrap_err().to_string(),
            "expression “A/b”: expected a number, a variable or “(” at position 1"
        );
    }

    #[test]
    fn evaluates_with_checks() {
        let vals = |v: &str| match v {
            "a" => Some(Decimal::new(45, 0)),
            "b" => Some(Decimal::new(60, 0)),
            "z" => Some(Decimal::ZERO),
            _ => None,
        };
        assert_eq!(
            Expr::parse("a/b").unwrap().eval(&vals).unwrap(),
            Decimal::new(75, 2)
        );
        assert_eq!(
            Expr::parse("a/(z+z)").unwrap().eval(&vals).unwrap_err(),
            EvalError::DivisionByZero {
                divisor: "z+z".into()
            }
        );
        assert_eq!(
            Expr::parse("a/q").unwrap().eval(&vals).unwrap_err(),
            EvalError::Missing("q".into())
        );
        assert_eq!(
            Expr::parse("(a+b)/b").unwrap().substituted(&vals, Lang::Vi),
            "(45+60)/60"
        );
        let e = Expr::parse("(a+b)/(c+d)").unwrap();
        let (vars, den) = e.numerator_sum_vars().unwrap();
        assert_eq!(vars, vec!["a", "b"]);
        assert_eq!(den.to_string(), "c+d");
        assert!(Expr::parse("a*2/b").unwrap().numerator_sum_vars().is_none());
    }
}
