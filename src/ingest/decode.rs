//! Bytes to text: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and legacy
//! Windows-1256 Persian, recognized by what it decodes to. Anything else is reported
//! with the offset of the first bad byte, never silently replaced.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1256};

/// How much of a file is looked at for NUL bytes and for the Persian share.
const SNIFF_BYTES: usize = 8192;

/// Share of letters in the Arabic block above which Windows-1256 is taken to be right.
const MIN_ARABIC_SHARE: f64 = 0.5;

pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_length..];
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .ok_or_else(|| format!("not valid {} after its byte order mark", encoding.name()));
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Err("binary file (contains NUL bytes)".to_string());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(error) => {
            let offset = error.valid_up_to();
            if looks_like_windows_1256_persian(bytes) {
                let (text, _) = WINDOWS_1256.decode_without_bom_handling(bytes);
                return Ok(text);
            }
            Err(format!(
                "not valid {} (invalid byte 0x{:02X} at offset {offset}) nor Windows-1256 Persian",
                UTF_8.name(),
                bytes[offset]
            ))
        }
    }
}

/// True if the bytes, read as Windows-1256, are mostly Arabic-script letters.
fn looks_like_windows_1256_persian(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let (text, _) = WINDOWS_1256.decode_without_bom_handling(head);
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (mut arabic, mut all) = (0usize, 0usize);
    for c in letters {
        all += 1;
        if ('\u{0600}'..='\u{06FF}').contains(&c) {
            arabic += 1;
        }
    }
    all > 0 && arabic as f64 / all as f64 >= MIN_ARABIC_SHARE
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERSIAN: &str = "کتاب‌های تازه در نمایشگاه";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(PERSIAN.as_bytes()).unwrap(), PERSIAN);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), PERSIAN.as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap(), PERSIAN);
    }

    #[test]
    fn utf16_with_bom_in_both_byte_orders() {
        let units: Vec<u16> = PERSIAN.encode_utf16().collect();
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(units.iter().flat_map(|u| u.to_le_bytes()))
            .collect();
        let big: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(units.iter().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&little).unwrap(), PERSIAN);
        assert_eq!(decode(&big).unwrap(), PERSIAN);
    }

    #[test]
    fn windows_1256_persian_is_recognized() {
        // Windows-1256 has Arabic yeh and kaf, which kavosh's analysis folds later.
        let text = "كتاب هاي تازه در نمايشگاه";
        let (bytes, _, unmappable) = WINDOWS_1256.encode(text);
        assert!(!unmappable);
        assert_eq!(decode(&bytes).unwrap(), text);
    }

    #[test]
    fn other_bytes_are_reported_with_their_offset() {
        let error = decode(b"abc \xE9t\xE9 latin-1").unwrap_err();
        assert!(error.contains("0xE9 at offset 4"), "{error}");
        assert!(decode(b"\x00\x01\x02binary")
            .unwrap_err()
            .contains("binary"));
        assert!(decode(b"\xFF\xFE\x00\xD8")
            .unwrap_err()
            .contains("UTF-16LE"));
    }
}
