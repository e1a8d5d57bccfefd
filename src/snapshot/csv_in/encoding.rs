//! The text encoding of an imported file. Spreadsheets and CRMs write UTF-8 (with or
//! without a byte-order mark), Excel's "Unicode text" is UTF-16, and Salesforce and
//! older Excel versions on Windows still write Windows-1252, where "é" is the single byte
//! 0xE9 and reading the file as UTF-8 would break every accented name.
//!
//! Windows-1252 is decoded by a 32-entry table (0x80–0x9F, where it differs from
//! Latin-1; every other byte is its own code point), which costs far less wasm than an
//! encoding crate.

/// How the bytes of a file are turned into text. `detect_encoding` proposes one; the
/// user can override it when names come out wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Windows' Western European code page; also right for ISO-8859-1 (Latin-1) files.
    Windows1252,
}

impl Encoding {
    pub const ALL: [Encoding; 4] = [
        Encoding::Utf8,
        Encoding::Windows1252,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];

    /// What the encoding picker shows.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::Windows1252 => "Windows-1252 / Latin-1 (Western European)",
        }
    }

    /// Stable text for a `<select>` value (the WHATWG names).
    pub fn key(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// The encoding of a key, also the usual other names ("latin1", "cp1252", "utf8").
    pub fn from_key(key: &str) -> Option<Encoding> {
        let k = key.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL
            .into_iter()
            .find(|e| e.key() == k)
            .or(match k.as_str() {
                "utf8" => Some(Encoding::Utf8),
                "cp1252" | "latin1" | "latin-1" | "iso-8859-1" | "iso8859-1" => {
                    Some(Encoding::Windows1252)
                }
                _ => None,
            })
    }
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];

/// The encoding a file most likely has: its byte-order mark if any (UTF-8, UTF-16 LE or
/// BE); UTF-16 without a mark when every other byte of its start is zero (as ASCII
/// text in UTF-16 is); UTF-8 when the bytes are valid UTF-8 (plain ASCII is); otherwise
/// Windows-1252, the legacy encoding of Western European exports.
pub fn detect_encoding(bytes: &[u8]) -> Encoding {
    if bytes.starts_with(UTF8_BOM) {
        return Encoding::Utf8;
    }
    if bytes.starts_with(UTF16LE_BOM) {
        return Encoding::Utf16Le;
    }
    if bytes.starts_with(UTF16BE_BOM) {
        return Encoding::Utf16Be;
    }
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs >= 2 {
        let zero_even = head.iter().step_by(2).filter(|b| **b == 0).count();
        let zero_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        // Text has no NUL bytes; UTF-16 of mostly-ASCII text has one per character.
        if zero_odd * 2 > pairs && zero_even * 8 < pairs {
            return Encoding::Utf16Le;
        }
        if zero_even * 2 > pairs && zero_odd * 8 < pairs {
            return Encoding::Utf16Be;
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        Encoding::Utf8
    } else {
        Encoding::Windows1252
    }
}

/// Windows-1252 bytes 0x80–0x9F. The five bytes it leaves undefined (0x81, 0x8D, 0x8F,
/// 0x90, 0x9D) become the control characters of the same number, as browsers do.
const CP1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_80_9F[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The text of `bytes` read as `encoding`, without its byte-order mark. Bytes that are
/// not valid in that encoding become U+FFFD (�), so a wrong choice shows in the names
/// rather than failing.
pub fn decode(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf8 => {
            let b = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
            String::from_utf8_lossy(b).into_owned()
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let le = encoding == Encoding::Utf16Le;
            let bom = if le { UTF16LE_BOM } else { UTF16BE_BOM };
            let b = bytes.strip_prefix(bom).unwrap_or(bytes);
            let units = b.chunks_exact(2).map(|p| {
                let pair = [p[0], p[1]];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            });
            let mut out: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect();
            if b.len() % 2 == 1 {
                out.push(char::REPLACEMENT_CHARACTER);
            }
            out
        }
        Encoding::Windows1252 => bytes.iter().map(|&b| cp1252(b)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        for u in units {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn windows_1252_keeps_accents_and_the_80_9f_range() {
        let bytes =
            b"Soci\xe9t\xe9 G\xe9n\xe9rale;M\xfcller;Se\xf1or;\x80 5;\x93ok\x94;na\xefve \x96 \x85";
        assert_eq!(detect_encoding(bytes), Encoding::Windows1252);
        assert_eq!(
            decode(bytes, Encoding::Windows1252),
            "Société Générale;Müller;Señor;€ 5;“ok”;naïve – …"
        );
        // Every byte decodes to one character, and Latin-1's range is its own code point.
        let all: Vec<u8> = (0..=255).collect();
        let text = decode(&all, Encoding::Windows1252);
        assert_eq!(text.chars().count(), 256);
        assert_eq!(text.chars().nth(0xE9), Some('é'));
        assert_eq!(text.chars().nth(0x8A), Some('Š'));
        assert_eq!(text.chars().nth(0x9F), Some('Ÿ'));
        assert_eq!(text.chars().nth(0x81), Some('\u{81}'));
    }

    #[test]
    fn utf8_with_and_without_a_bom() {
        let plain = "Name\nSociété Générale\n".as_bytes();
        assert_eq!(detect_encoding(plain), Encoding::Utf8);
        assert_eq!(decode(plain, Encoding::Utf8), "Name\nSociété Générale\n");
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(plain);
        assert_eq!(detect_encoding(&bom), Encoding::Utf8);
        assert_eq!(decode(&bom, Encoding::Utf8), "Name\nSociété Générale\n");
        assert_eq!(detect_encoding(b"just ascii"), Encoding::Utf8);
        assert_eq!(detect_encoding(b""), Encoding::Utf8);
        // A wrong choice shows as replacement characters rather than failing.
        assert_eq!(decode(b"M\xfcller", Encoding::Utf8), "M\u{FFFD}ller");
    }

    #[test]
    fn utf16_with_a_bom_and_without_one() {
        let text = "Name,Amount\nMüller,5\n";
        for le in [true, false] {
            let want = if le {
                Encoding::Utf16Le
            } else {
                Encoding::Utf16Be
            };
            let with_bom = utf16(text, le, true);
            assert_eq!(detect_encoding(&with_bom), want);
            assert_eq!(decode(&with_bom, want), text, "the BOM is dropped");
            let without = utf16(text, le, false);
            assert_eq!(detect_encoding(&without), want, "by its zero bytes");
            assert_eq!(decode(&without, want), text);
        }
        // An odd trailing byte is reported, not dropped silently.
        let mut odd = utf16("ab", true, true);
        odd.push(b'c');
        assert_eq!(decode(&odd, Encoding::Utf16Le), "ab\u{FFFD}");
    }

    #[test]
    fn keys_round_trip_and_aliases() {
        for e in Encoding::ALL {
            assert_eq!(Encoding::from_key(e.key()), Some(e));
        }
        assert_eq!(Encoding::from_key("Latin1"), Some(Encoding::Windows1252));
        assert_eq!(
            Encoding::from_key("ISO-8859-1"),
            Some(Encoding::Windows1252)
        );
        assert_eq!(Encoding::from_key("UTF8"), Some(Encoding::Utf8));
        assert_eq!(Encoding::from_key("ebcdic"), None);
    }
}
