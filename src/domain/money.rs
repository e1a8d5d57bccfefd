//! Money as integer minor units plus an ISO 4217 currency. Never `f64`: amounts are
//! summed over tens of thousands of deals and must come out to the cent.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency code, upper case ("EUR").
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Currency(String);

/// Currencies offered in pickers (any valid code is accepted).
pub const COMMON_CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "PLN", "INR", "CNY",
    "BRL", "MXN", "SGD", "NZD", "ZAR", "KWD",
];

/// Active ISO 4217 codes: a code outside this list is a typo, not a currency.
const ISO_CODES: &str =
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB \
BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR \
FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES \
KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR \
MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR \
SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH \
UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL";

/// Symbols recognised when parsing, longest first so "CA$" wins over "$".
const SYMBOLS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("CA$", "CAD"),
    ("A$", "AUD"),
    ("NZ$", "NZD"),
    ("R$", "BRL"),
    ("CN¥", "CNY"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("zł", "PLN"),
    ("$", "USD"),
];

impl Currency {
    /// Accepts an ISO 4217 code in any case.
    pub fn new(code: &str) -> Result<Self, MoneyError> {
        let c = code.trim();
        let upper = c.to_ascii_uppercase();
        if c.len() == 3 && ISO_CODES.split_whitespace().any(|k| k == upper) {
            Ok(Currency(upper))
        } else {
            Err(MoneyError::UnknownCurrency(c.to_string()))
        }
    }

    pub fn usd() -> Self {
        Currency("USD".into())
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// Digits after the decimal point (ISO 4217 minor units).
    pub fn minor_digits(&self) -> u32 {
        match self.0.as_str() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "PYG" => 0,
            "KWD" | "BHD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
            _ => 2,
        }
    }

    /// The prefix shown before amounts: a symbol where one is unambiguous, else the code.
    pub fn prefix(&self) -> String {
        match self.0.as_str() {
            "USD" => "$".into(),
            "EUR" => "€".into(),
            "GBP" => "£".into(),
            "JPY" => "¥".into(),
            "INR" => "₹".into(),
            "CAD" => "CA$".into(),
            "AUD" => "A$".into(),
            "NZD" => "NZ$".into(),
            "BRL" => "R$".into(),
            "CNY" => "CN¥".into(),
            other => format!("{other}\u{a0}"),
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    UnknownCurrency(String),
    NotANumber(String),
    TooManyDecimals { currency: String, max: u32 },
    TooLarge,
    Negative,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Empty => write!(f, "Enter an amount"),
            MoneyError::UnknownCurrency(c) => write!(f, "“{c}” is not a currency code"),
            MoneyError::NotANumber(s) => {
                write!(f, "“{s}” is not an amount; use digits, e.g. 1,234.50")
            }
            MoneyError::TooManyDecimals { currency, max: 0 } => {
                write!(f, "{currency} amounts have no decimals")
            }
            MoneyError::TooManyDecimals { currency, max } => {
                write!(f, "{currency} amounts have at most {max} decimals")
            }
            MoneyError::TooLarge => write!(f, "That amount is too large"),
            MoneyError::Negative => write!(f, "The amount cannot be negative"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units (cents for USD, yen for JPY).
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Money { minor: 0, currency }
    }

    /// Parses what people type or paste: "1,234.50", "€1.234,50", "$1,234", "1 234,5 EUR",
    /// "(250)" for negatives. A symbol or code in the text decides the currency, otherwise
    /// `default` does. With one separator followed by exactly three digits ("1,234" or
    /// "1.234") the separator groups thousands; otherwise the last separator is the
    /// decimal point.
    pub fn parse(input: &str, default: &Currency) -> Result<Money, MoneyError> {
        let mut s = input.trim().to_string();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let mut negative = false;
        if s.starts_with('(') && s.ends_with(')') {
            negative = true;
            s = s[1..s.len() - 1].trim().to_string();
        }
        for minus in ["-", "\u{2212}"] {
            if let Some(rest) = s.strip_prefix(minus) {
                negative = !negative;
                s = rest.trim().to_string();
            }
        }
        let (currency, rest) = split_currency(&s, default)?;
        let mut number = rest.trim().to_string();
        // "$-12" and "-$12" are both negative.
        if let Some(r) = number.strip_prefix('-') {
            negative = !negative;
            number = r.trim().to_string();
        }
        let minor = parse_number(&number, &currency).map_err(|e| match e {
            MoneyError::NotANumber(_) => MoneyError::NotANumber(input.trim().to_string()),
            other => other,
        })?;
        Ok(Money {
            minor: if negative { -minor } else { minor },
            currency,
        })
    }

    /// Plain decimal text for spreadsheets and forms: "1234.50", "-12.00", "1235".
    pub fn decimal(&self) -> String {
        let digits = self.currency.minor_digits();
        let scale = 10u64.pow(digits);
        let abs = self.minor.unsigned_abs();
        let sign = if self.minor < 0 { "-" } else { "" };
        if digits == 0 {
            format!("{sign}{abs}")
        } else {
            format!(
                "{sign}{}.{:0w$}",
                abs / scale,
                abs % scale,
                w = digits as usize
            )
        }
    }

    /// "€1,234.50", "-$12.00", "¥1,235", "SEK 99.00".
    pub fn format(&self) -> String {
        format_minor(self.minor, &self.currency)
    }

    /// Short form for tight places (board columns): "$1.2M", "€45.3k", "$950".
    pub fn format_compact(&self) -> String {
        let digits = self.currency.minor_digits();
        let units = self.minor / 10i64.pow(digits);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = units.unsigned_abs();
        let prefix = self.currency.prefix();
        let body = if abs >= 1_000_000_000 {
            one_decimal(abs, 1_000_000_000, "B")
        } else if abs >= 1_000_000 {
            one_decimal(abs, 1_000_000, "M")
        } else if abs >= 10_000 {
            one_decimal(abs, 1_000, "k")
        } else {
            group_thousands(abs)
        };
        format!("{sign}{prefix}{body}")
    }
}

fn one_decimal(value: u64, unit: u64, suffix: &str) -> String {
    // In u128: `value * 10` overflows u64 for the largest amounts (tests/fuzz.rs).
    let tenths = ((value as u128) * 10 + (unit as u128) / 2) / unit as u128;
    if tenths.is_multiple_of(10) {
        format!("{}{suffix}", tenths / 10)
    } else {
        format!("{}.{}{suffix}", tenths / 10, tenths % 10)
    }
}

/// Formats minor units of `currency` with grouping and the currency's decimals.
pub fn format_minor(minor: i64, currency: &Currency) -> String {
    let digits = currency.minor_digits();
    let scale = 10u64.pow(digits);
    let abs = minor.unsigned_abs();
    let whole = group_thousands(abs / scale);
    let sign = if minor < 0 { "-" } else { "" };
    let prefix = currency.prefix();
    if digits == 0 {
        format!("{sign}{prefix}{whole}")
    } else {
        let frac = abs % scale;
        format!(
            "{sign}{prefix}{whole}.{frac:0width$}",
            width = digits as usize
        )
    }
}

fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Takes a currency symbol or code off either end of `s`.
fn split_currency(s: &str, default: &Currency) -> Result<(Currency, String), MoneyError> {
    for (sym, code) in SYMBOLS {
        let found = s
            .strip_prefix(sym)
            .or_else(|| s.strip_suffix(sym))
            .map(str::to_string);
        if let Some(rest) = found {
            // A bare "$" means the default currency when that is a dollar currency.
            let currency = if *sym == "$" && default.prefix().ends_with('$') {
                default.clone()
            } else {
                Currency::new(code)?
            };
            return Ok((currency, rest));
        }
    }
    let alpha_prefix: String = s.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let alpha_suffix: String = {
        let rev: String = s
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        rev.chars().rev().collect()
    };
    // Letters that are not a currency code make the text "not an amount".
    let not_number = || MoneyError::NotANumber(s.to_string());
    if !alpha_prefix.is_empty() {
        let c = Currency::new(&alpha_prefix).map_err(|_| not_number())?;
        return Ok((c, s[alpha_prefix.len()..].to_string()));
    }
    if !alpha_suffix.is_empty() {
        let c = Currency::new(&alpha_suffix).map_err(|_| not_number())?;
        return Ok((c, s[..s.len() - alpha_suffix.len()].to_string()));
    }
    Ok((default.clone(), s.to_string()))
}

/// Parses an unsigned decimal number with grouping into minor units of `currency`.
fn parse_number(s: &str, currency: &Currency) -> Result<i64, MoneyError> {
    let not_number = || MoneyError::NotANumber(s.to_string());
    // Spaces (plain, no-break, narrow no-break) and apostrophes only ever group.
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’'))
        .collect();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(not_number());
    }
    let last_dot = cleaned.rfind('.');
    let last_comma = cleaned.rfind(',');
    let dots = cleaned.matches('.').count();
    let commas = cleaned.matches(',').count();
    let digits = currency.minor_digits();

    let decimal_sep: Option<char> = match (last_dot, last_comma) {
        (None, None) => None,
        (Some(d), Some(c)) => {
            let sep = if d > c { '.' } else { ',' };
            // The decimal separator may appear once only.
            let count = if sep == '.' { dots } else { commas };
            if count > 1 {
                return Err(not_number());
            }
            Some(sep)
        }
        (Some(_), None) | (None, Some(_)) => {
            let (sep, count) = if last_dot.is_some() {
                ('.', dots)
            } else {
                (',', commas)
            };
            if count > 1 {
                None // "1,234,567" or "1.234.567": grouping only
            } else {
                let (int_part, frac_part) = cleaned.split_once(sep).unwrap();
                let groups_thousands = frac_part.len() == 3
                    && !int_part.is_empty()
                    && int_part.len() <= 3
                    && int_part != "0"
                    && digits != 3;
                if groups_thousands {
                    None
                } else {
                    Some(sep)
                }
            }
        }
    };

    let (int_text, frac_text) = match decimal_sep {
        Some(sep) => {
            let (i, f) = cleaned.rsplit_once(sep).unwrap();
            (i.to_string(), f.to_string())
        }
        None => (cleaned.clone(), String::new()),
    };
    let group_sep = match decimal_sep {
        Some('.') => ',',
        Some(_) => '.',
        None => {
            if dots > 0 {
                '.'
            } else {
                ','
            }
        }
    };
    if frac_text.contains(['.', ',']) {
        return Err(not_number());
    }
    // Grouped integers must group by three: "1,23,4" is a typo, not a number.
    if int_text.contains(group_sep) {
        let groups: Vec<&str> = int_text.split(group_sep).collect();
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(not_number());
        }
    }
    let int_digits: String = int_text.chars().filter(|c| *c != group_sep).collect();
    if int_digits.is_empty() && frac_text.is_empty() {
        return Err(not_number());
    }
    if !int_digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(not_number());
    }
    if frac_text.len() as u32 > digits {
        return Err(MoneyError::TooManyDecimals {
            currency: currency.code().to_string(),
            max: digits,
        });
    }
    let scale = 10i64.pow(digits);
    let whole: i64 = if int_digits.is_empty() {
        0
    } else {
        int_digits.parse().map_err(|_| MoneyError::TooLarge)?
    };
    let mut frac: i64 = if frac_text.is_empty() {
        0
    } else {
        frac_text.parse().map_err(|_| not_number())?
    };
    frac *= 10i64.pow(digits - frac_text.len() as u32);
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac))
        .ok_or(MoneyError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::usd()
    }
    fn cur(c: &str) -> Currency {
        Currency::new(c).unwrap()
    }
    fn parse(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s, &usd())
    }

    #[test]
    fn parses_the_three_documented_forms() {
        assert_eq!(parse("1,234.50").unwrap(), Money::new(123_450, usd()));
        assert_eq!(parse("€1.234,50").unwrap(), Money::new(123_450, cur("EUR")));
        assert_eq!(parse("$1,234").unwrap(), Money::new(123_400, usd()));
    }

    #[test]
    fn parses_other_common_forms() {
        assert_eq!(parse("1234").unwrap().minor, 123_400);
        assert_eq!(parse("1234.5").unwrap().minor, 123_450);
        assert_eq!(parse("0.99").unwrap().minor, 99);
        assert_eq!(parse(".5").unwrap().minor, 50);
        assert_eq!(
            parse("1.234.567,89 €").unwrap(),
            Money::new(123_456_789, cur("EUR"))
        );
        assert_eq!(
            parse("1 234,5 EUR").unwrap(),
            Money::new(123_450, cur("EUR"))
        );
        assert_eq!(
            parse("CHF 1'234.50").unwrap(),
            Money::new(123_450, cur("CHF"))
        );
        assert_eq!(parse("1,234,567").unwrap().minor, 123_456_700);
        assert_eq!(parse("£12").unwrap(), Money::new(1_200, cur("GBP")));
        assert_eq!(parse("¥1,500").unwrap(), Money::new(1_500, cur("JPY")));
        assert_eq!(parse("gbp 3.5").unwrap(), Money::new(350, cur("GBP")));
        assert_eq!(parse("1,5").unwrap().minor, 150);
    }

    #[test]
    fn negative_amounts() {
        assert_eq!(parse("-12.50").unwrap().minor, -1_250);
        assert_eq!(parse("(250)").unwrap().minor, -25_000);
        assert_eq!(parse("-$5").unwrap().minor, -500);
        assert_eq!(parse("$-5").unwrap().minor, -500);
    }

    #[test]
    fn dollar_sign_follows_a_dollar_home_currency() {
        let cad = cur("CAD");
        assert_eq!(Money::parse("$10", &cad).unwrap().currency, cad);
        assert_eq!(Money::parse("$10", &cur("EUR")).unwrap().currency, usd());
    }

    #[test]
    fn rejects_bad_input_with_a_reason() {
        assert_eq!(parse(""), Err(MoneyError::Empty));
        assert_eq!(parse("   "), Err(MoneyError::Empty));
        assert!(matches!(parse("abc"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse("12abc"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse("12abc34"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse("1,23,4"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse("1.2.3,4,5"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse("1e5"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(parse("$"), Err(MoneyError::NotANumber(_))));
        assert_eq!(
            parse("1.999"),
            Ok(Money::new(199_900, usd())),
            "three digits after one separator group thousands"
        );
        assert_eq!(
            parse("1.9999"),
            Err(MoneyError::TooManyDecimals {
                currency: "USD".into(),
                max: 2
            })
        );
        assert_eq!(
            Money::parse("¥10.5", &usd()),
            Err(MoneyError::TooManyDecimals {
                currency: "JPY".into(),
                max: 0
            })
        );
        assert_eq!(parse("99999999999999999999"), Err(MoneyError::TooLarge));
        assert_eq!(parse("922337203685477580.00"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn error_messages_read_well() {
        assert_eq!(
            parse("12abc34").unwrap_err().to_string(),
            "“12abc34” is not an amount; use digits, e.g. 1,234.50"
        );
        assert_eq!(
            parse("1.9999").unwrap_err().to_string(),
            "USD amounts have at most 2 decimals"
        );
    }

    #[test]
    fn three_decimal_currencies_keep_their_decimals() {
        assert_eq!(Money::parse("KWD 1.250", &usd()).unwrap().minor, 1_250);
        assert_eq!(format_minor(1_250, &cur("KWD")), "KWD\u{a0}1.250");
    }

    #[test]
    fn formats_with_symbol_grouping_and_decimals() {
        assert_eq!(Money::new(123_450, usd()).format(), "$1,234.50");
        assert_eq!(Money::new(123_450, cur("EUR")).format(), "€1,234.50");
        assert_eq!(Money::new(5, usd()).format(), "$0.05");
        assert_eq!(Money::new(-1_200, usd()).format(), "-$12.00");
        assert_eq!(Money::new(1_234_567, cur("JPY")).format(), "¥1,234,567");
        assert_eq!(Money::new(9_900, cur("SEK")).format(), "SEK\u{a0}99.00");
        assert_eq!(Money::new(0, usd()).format(), "$0.00");
    }

    #[test]
    fn decimal_text() {
        assert_eq!(Money::new(123_450, usd()).decimal(), "1234.50");
        assert_eq!(Money::new(-5, usd()).decimal(), "-0.05");
        assert_eq!(Money::new(1_235, cur("JPY")).decimal(), "1235");
    }

    #[test]
    fn compact_format() {
        assert_eq!(Money::new(95_000, usd()).format_compact(), "$950");
        assert_eq!(Money::new(4_530_000, usd()).format_compact(), "$45.3k");
        assert_eq!(
            Money::new(120_000_000, cur("EUR")).format_compact(),
            "€1.2M"
        );
        assert_eq!(Money::new(200_000_000, usd()).format_compact(), "$2M");
    }

    #[test]
    fn parse_then_format_round_trips() {
        for s in ["$0.01", "$1,234.50", "$1,000,000.00", "€12.30"] {
            let m = parse(s).unwrap();
            assert_eq!(m.format(), s);
        }
    }

    #[test]
    fn currency_codes() {
        assert_eq!(Currency::new("eur").unwrap().code(), "EUR");
        assert!(Currency::new("EURO").is_err());
        assert!(Currency::new("XYZ").is_err());
        assert!(Currency::new("E1R").is_err());
    }
}
