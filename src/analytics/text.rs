//! Counted words for lists and messages: "5,000", "1 deal", "3 deals".

/// 5000 → "5,000".
pub fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 deal", "3 deals", "5,000 deals".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", group(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(50_000), "50,000");
        assert_eq!(group(1_234_567), "1,234,567");
    }

    #[test]
    fn one_and_many() {
        assert_eq!(plural(0, "deal", "deals"), "0 deals");
        assert_eq!(plural(1, "deal", "deals"), "1 deal");
        assert_eq!(plural(5000, "activity", "activities"), "5,000 activities");
    }
}
