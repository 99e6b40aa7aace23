//! An article's similarity signature: a one-permutation MinHash of its body's letter
//! shingles, read through kavosh's folding (so ي = ی, ۱ = 1) with every space, ZWNJ, mark
//! and punctuation left out, so that می‌رود, میرود and می رود give the same shingles.
//!
//! Two ways of hashing a shingle exist ([`Signing`]); an index keeps the one it was made
//! with, since signatures of the two never agree.

use std::sync::LazyLock;

use kavosh_analysis::fold::{classify, CharClass};
use serde::{Deserialize, Serialize};

/// Bins of a signature: its resemblance estimate has a standard error of about
/// sqrt(J(1-J)/BINS), 0.044 at J = 0.5. On the 263 judged pairs at
/// [`SAME_STORY`](super::SAME_STORY) (precision / recall, [`Signing::Polynomial`]): 64:
/// 0.931 / 0.893, **128**: 0.955 / 0.884, 256: 0.938 / 0.876 (at 0.4: 0.902 / 0.917).
pub(super) const BINS: usize = 128;
/// The bytes of a signature written before each bin was kept in 8 bits ([`kept`]): its
/// 16-bit minimums, read as today's.
const LEGACY_BYTES: usize = BINS * 2;
/// Letters per shingle (spaces and ZWNJs not counted): about four words, so that the
/// shingles two reports of one event share by their subject alone (names, places, the
/// agency's phrases) are few beside those a copy shares. On the 263 judged pairs (precision
/// / recall at the best thresholds, [`Signing::Polynomial`]): 8: 0.858 / 0.901 (0.55); 12:
/// 0.917 / 0.909 (0.5), 0.972 / 0.851 (0.55); **16**: 0.955 / 0.884 (0.45); 20: 0.963 /
/// 0.860 (0.45), 0.918 / 0.926 (0.35); 24: 0.962 / 0.843 (0.45). 16 and 20 are one within
/// the sample; shorter shingles join reports of one subject. The second set, the copies
/// typed every way and the two stories of one subject in tests/stories.rs, is told apart
/// right by every length from 8 to 24 at every threshold from 0.35 to 0.55; ParsiNLU has
/// no copies.
const SHINGLE_LETTERS: usize = 16;
const _: () = assert!(
    SHINGLE_LETTERS * 8 == u128::BITS as usize,
    "a packed shingle is one letter a byte in 128 bits"
);

/// A bin no shingle fell into: as a 16-bit minimum, and as kept.
const NO_SHINGLE: u16 = u16::MAX;
pub(super) const EMPTY: u8 = u8::MAX;

/// A bin's 16-bit minimum as the signature keeps it, in 8 bits (b-bit MinHash): two
/// bodies' bins then also agree by chance, once in 255, which adds (1 - J) / 255 to the
/// estimate (0.002 at [`SAME_STORY`](super::SAME_STORY)) and halves the column that
/// indexing writes and the story pass reads (128 bytes an article). On the 263 judged
/// pairs precision and recall are those of the 16 bits, 0.955 / 0.884
/// ([`Signing::Polynomial`]), and the copies typed every way and the two stories of one
/// subject in tests/stories.rs are told apart alike (ParsiNLU has no copies). The
/// remainder by 255 leaves 255 for [`EMPTY`] and, with 65,535 minimums, is uniform.
fn kept(minimum: u16) -> u8 {
    match minimum {
        NO_SHINGLE => EMPTY,
        _ => (minimum % 255) as u8,
    }
}

/// How a shingle of [`SHINGLE_LETTERS`] letters is hashed. An index records its own in
/// `kavosh.json` and keeps it, so that the signatures of its old and new articles agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signing {
    /// A rolling polynomial of the letters' code points, mixed by splitmix64: what indexes
    /// made before commit 9b82964 (2026-12-07) use.
    Polynomial,
    /// Each letter one byte of a 128-bit word, hashed by one widening multiply: the same
    /// shingles, signed 1.9 times as fast (985 against 526 MB/s over the news set,
    /// `cargo bench --bench analyzer`), for the stories' indexing cost (README: Stories).
    /// On the 263 judged pairs at [`SAME_STORY`](super::SAME_STORY): precision 0.947 and
    /// recall 0.884 (the polynomial: 0.955 and 0.884). Each hash draws its own estimates
    /// of the pairs near the threshold: over eight seeds of each, precision 0.942
    /// (0.931-0.956) and recall 0.889 (0.876-0.909), against the polynomial's 0.934
    /// (0.920-0.946) and 0.867 (0.851-0.893). The copies typed every way and the two
    /// stories of one subject in tests/stories.rs are told apart alike; ParsiNLU has no
    /// copies.
    Packed,
}

/// A one-permutation MinHash of an article's body: per bin, the least 16 bits of the
/// least shingle hash that fell into it, [`kept`] in 8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature([u8; BINS]);

impl Signature {
    /// The signature of `body`, its shingles hashed by `signing`.
    pub fn of(body: &str, signing: Signing) -> Signature {
        let minimums = match signing {
            Signing::Polynomial => polynomial_minimums(body),
            Signing::Packed => packed_minimums(&letter_ids(body)),
        };
        Signature(minimums.map(kept))
    }

    /// The estimated resemblance of two bodies, from 0 to 1: the share of bins that agree
    /// among those either body filled. A body shorter than a shingle resembles nothing.
    pub fn resemblance(&self, other: &Signature) -> f64 {
        let (mut agree, mut filled) = (0u32, 0u32);
        for (a, b) in self.0.iter().zip(&other.0) {
            if *a != EMPTY || *b != EMPTY {
                filled += 1;
                agree += u32::from(a == b);
            }
        }
        if filled == 0 {
            0.0
        } else {
            f64::from(agree) / f64::from(filled)
        }
    }

    /// Its bins, as kept.
    pub(super) fn bins(&self) -> &[u8; BINS] {
        &self.0
    }

    /// As stored in the `signature` fast field.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_vec()
    }

    /// From the `signature` fast field, as written now or before bins were kept in 8 bits
    /// (so an index keeps its stories across the change); `None` if the bytes are not a
    /// signature.
    pub(super) fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        match bytes.len() {
            BINS => Some(Signature(bytes.try_into().ok()?)),
            LEGACY_BYTES => {
                let mut bins = [EMPTY; BINS];
                for (bin, pair) in bins.iter_mut().zip(bytes.chunks_exact(2)) {
                    *bin = kept(u16::from_le_bytes([pair[0], pair[1]]));
                }
                Some(Signature(bins))
            }
            _ => None,
        }
    }
}

/// Puts a shingle into its bin, chosen by the top bits of its `hash`, as `value`.
fn put(bins: &mut [u16; BINS], hash: u64, value: u16) {
    let bin = (hash >> (64 - BINS.trailing_zeros())) as usize;
    // Never NO_SHINGLE: an empty bin must not agree with a full one.
    bins[bin] = bins[bin].min(value.min(NO_SHINGLE - 1));
}

/// Each bin's least 16-bit shingle hash ([`NO_SHINGLE`] for none), [`Signing::Polynomial`].
fn polynomial_minimums(body: &str) -> [u16; BINS] {
    let mut bins = [NO_SHINGLE; BINS];
    // A rolling polynomial hash of the last SHINGLE_LETTERS letters.
    let mut window = [0u32; SHINGLE_LETTERS];
    let mut letters = 0usize;
    let mut rolling: u64 = 0;
    let base_to_k = BASE.wrapping_pow(SHINGLE_LETTERS as u32);
    for c in body.chars() {
        let CharClass::Letter(folded) = classify(c) else {
            continue;
        };
        let code = u32::from(folded.to_ascii_lowercase());
        let slot = letters % SHINGLE_LETTERS;
        rolling = rolling
            .wrapping_mul(BASE)
            .wrapping_add(u64::from(code))
            .wrapping_sub(u64::from(window[slot]).wrapping_mul(base_to_k));
        window[slot] = code;
        letters += 1;
        if letters >= SHINGLE_LETTERS {
            let hash = mix(rolling);
            put(&mut bins, hash, hash as u16);
        }
    }
    bins
}

/// Each bin's least 16-bit shingle hash ([`NO_SHINGLE`] for none), [`Signing::Packed`]:
/// every run of [`SHINGLE_LETTERS`] letter ids read as one 128-bit word.
fn packed_minimums(ids: &[u8]) -> [u16; BINS] {
    let mut bins = [NO_SHINGLE; BINS];
    for shingle in ids.windows(SHINGLE_LETTERS) {
        let word = u128::from_le_bytes(shingle.try_into().expect("a shingle is 16 bytes"));
        // The seeds are arbitrary but for a zero byte each: ids are never 0, so neither
        // factor is. Another seed draws other estimates near the threshold (Signing::Packed).
        let product = u128::from((word as u64) ^ 0x2d35_8dcc_aa6c_0078)
            * u128::from(((word >> 64) as u64) ^ 0x8bb8_4b93_962e_ac00);
        let hash = (product as u64) ^ ((product >> 64) as u64);
        // The 16 bits below the bin's.
        put(
            &mut bins,
            hash,
            (hash >> (48 - BINS.trailing_zeros())) as u16,
        );
    }
    bins
}

/// The ids of a body's letters, in order ([`Letters`]).
fn letter_ids(body: &str) -> Vec<u8> {
    read_by_pairs(body).unwrap_or_else(|| read_by_chars(body))
}

/// The ids of a body's letters, read a byte at a time; `None` if the body holds a char of
/// three or four bytes from a block with letters in it (another script's, or a symbol
/// beside them), which only reading by chars tells apart.
fn read_by_pairs(body: &str) -> Option<Vec<u8>> {
    const CHUNK: usize = 4096;
    let letters = &*LETTERS;
    let mut ids = Vec::with_capacity(body.len() / 2);
    let mut chunk = [NONE; CHUNK];
    let mut rare = false;
    let mut previous = 0u8;
    for bytes in body.as_bytes().chunks(CHUNK) {
        // Branch-free: every byte writes its id (NONE for none) where the next letter
        // goes, and only a letter moves that place on; the place is below CHUNK, which
        // the mask shows the compiler.
        let mut count = 0;
        for &byte in bytes {
            let id = letters.by_pair[usize::from(previous) << 8 | usize::from(byte)];
            chunk[count % CHUNK] = id;
            count += usize::from(id != NONE);
            rare |= id == RARE;
            previous = byte;
        }
        ids.extend_from_slice(&chunk[..count]);
    }
    (!rare).then_some(ids)
}

/// The ids of a body's letters, read a char at a time.
fn read_by_chars(body: &str) -> Vec<u8> {
    body.chars().filter_map(|c| LETTERS.id_of(c)).collect()
}

/// No letter ends at this byte.
const NONE: u8 = 0;
/// A letter of neither ASCII nor the Arabic block may end at this byte: the body is read
/// char by char instead.
const RARE: u8 = u8::MAX;

/// Letter ids: each letter of ASCII and the Arabic block, folded ([`classify`]) and
/// lowercased, numbered from 1 in the order of the code points; any other letter shares
/// one of the ids left with the letters its code point is congruent to (they meet only in
/// text of other scripts). Read a byte at a time by `by_pair`, so that Persian text needs
/// no decoding.
struct Letters {
    /// The id of the letter that ends at a byte, by the byte before it and the byte:
    /// exact for ASCII and every two-byte char, [`RARE`] where a longer char might be a
    /// letter, [`NONE`] elsewhere.
    by_pair: Box<[u8; 1 << 16]>,
    /// The ids of folded letters below U+0700 ([`NONE`] for those not in the alphabet).
    by_code: [u8; 0x700],
    /// The first id of the letters outside the alphabet.
    first_rare: u8,
}

static LETTERS: LazyLock<Letters> = LazyLock::new(Letters::new);

impl Letters {
    fn new() -> Letters {
        let mut by_code = [NONE; 0x700];
        let mut next = 1u8;
        let alphabet = (0..0x80).chain(0x600..0x700).filter_map(char::from_u32);
        for c in alphabet {
            if let Some(code) = folded(c) {
                if by_code[code as usize] == NONE {
                    by_code[code as usize] = next;
                    next = next
                        .checked_add(1)
                        .filter(|next| *next < RARE)
                        .expect("the alphabet leaves ids for other letters");
                }
            }
        }
        let mut letters = Letters {
            by_pair: Box::new([NONE; 1 << 16]),
            by_code,
            first_rare: next,
        };
        for previous in 0..=0xffu32 {
            for byte in 0..=0xffu32 {
                letters.by_pair[(previous << 8 | byte) as usize] = letters.ending(previous, byte);
            }
        }
        letters
    }

    /// The id of the letter ending at `byte` after `previous` in valid UTF-8.
    fn ending(&self, previous: u32, byte: u32) -> u8 {
        let continuation = (0x80..0xc0).contains(&byte);
        let (chars, exact) = match previous {
            _ if byte < 0x80 => (byte..=byte, true),
            0xc2..=0xdf if continuation => {
                let c = (previous & 0x1f) << 6 | (byte & 0x3f);
                (c..=c, true)
            }
            // What the first two bytes of a longer char leave open.
            0xe0..=0xef if continuation => {
                let first = (previous & 0x0f) << 12 | (byte & 0x3f) << 6;
                (first..=first + 0x3f, false)
            }
            0xf0..=0xf4 if continuation => {
                let first = (previous & 0x07) << 18 | (byte & 0x3f) << 12;
                (first..=first + 0xfff, false)
            }
            _ => return NONE,
        };
        let mut letters = chars
            .filter_map(char::from_u32)
            .filter_map(|c| self.id_of(c));
        match (letters.next(), exact) {
            (None, _) => NONE,
            (Some(id), true) => id,
            (Some(_), false) => RARE,
        }
    }

    /// The id of `c` if it is a letter.
    fn id_of(&self, c: char) -> Option<u8> {
        let code = folded(c)?;
        match self.by_code.get(code as usize) {
            Some(&id) if id != NONE => Some(id),
            _ => Some(self.first_rare + (code % u32::from(RARE - self.first_rare)) as u8),
        }
    }
}

/// The folded, lowercased code point of `c` if it is a letter.
fn folded(c: char) -> Option<u32> {
    match classify(c) {
        CharClass::Letter(folded) => Some(u32::from(folded.to_ascii_lowercase())),
        _ => None,
    }
}

/// FNV-1a's 64-bit prime: the polynomial's base, and story keys' hash.
pub(super) const BASE: u64 = 0x100_0000_01b3;

/// splitmix64's finalizer: spreads every input bit over the whole word.
pub(super) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::index) const STORY: &str =
        "به گزارش خبرگزاری فارس، وزیر امور خارجه کشورمان امروز در دیدار با همتای \
        ترکیه‌ای خود در تهران درباره گسترش روابط اقتصادی دو کشور و همکاری‌های منطقه‌ای گفت‌وگو کرد. \
        وی افزود که حجم مبادلات تجاری دو کشور باید در سال آینده به سی میلیارد دلار برسد و موانع \
        گمرکی برداشته شود. همتای ترکیه‌ای او نیز از آمادگی کشورش برای سرمایه‌گذاری در بخش انرژی \
        و حمل‌ونقل خبر داد و گفت که دو طرف درباره خط لوله گاز نیز به توافق رسیده‌اند.";

    /// Another story, on another subject.
    pub(in crate::index) const OTHER: &str =
        "تیم ملی فوتبال ایران امشب در ورزشگاه آزادی به مصاف تیم ملی عراق می‌رود و \
        سرمربی تیم گفت که بازیکنانش برای پیروزی آماده‌اند و هواداران را به ورزشگاه دعوت کرد.";

    const SIGNINGS: [Signing; 2] = [Signing::Polynomial, Signing::Packed];

    #[test]
    fn typings_of_one_text_have_one_signature() {
        let arabic = STORY.replace('ی', "ي").replace('ک', "ك");
        let no_zwnj = STORY.replace('\u{200C}', "");
        let spaced = STORY.replace('\u{200C}', " ");
        let persian_digits = STORY.replace("سی", "۳۰");
        for signing in SIGNINGS {
            let one = Signature::of(STORY, signing);
            for other in [&arabic, &no_zwnj, &spaced] {
                assert_eq!(Signature::of(other, signing), one, "{signing:?}");
            }
            assert!(Signature::of(&persian_digits, signing).resemblance(&one) > 0.8);
        }
    }

    #[test]
    fn a_light_edit_resembles_and_another_text_does_not() {
        let edited = STORY
            .replace("به گزارش خبرگزاری فارس، ", "به گزارش ایسنا، ")
            .replace(" و موانع گمرکی برداشته شود", "");
        for signing in SIGNINGS {
            let one = Signature::of(STORY, signing);
            let resemblance = one.resemblance(&Signature::of(&edited, signing));
            assert!(
                resemblance >= super::super::SAME_STORY,
                "{signing:?} {resemblance}"
            );
            assert!(one.resemblance(&Signature::of(OTHER, signing)) < 0.1);
            let short = Signature::of("کوتاه", signing);
            assert_eq!(short.resemblance(&short), 0.0);
        }
        // The two ways never agree: an index keeps its own.
        let polynomial = Signature::of(STORY, Signing::Polynomial);
        assert!(polynomial.resemblance(&Signature::of(STORY, Signing::Packed)) < 0.1);
    }

    #[test]
    fn signatures_survive_their_bytes() {
        let one = Signature::of(STORY, Signing::Polynomial);
        assert_eq!(Signature::from_bytes(&one.to_bytes()), Some(one.clone()));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
        // As an index wrote them before bins were kept in 8 bits: read as today's.
        let legacy: Vec<u8> = polynomial_minimums(STORY)
            .iter()
            .flat_map(|minimum| minimum.to_le_bytes())
            .collect();
        assert_eq!(Signature::from_bytes(&legacy), Some(one));
    }

    #[test]
    fn a_kept_bin_is_empty_only_when_no_shingle_fell_into_it_and_is_uniform_else() {
        assert_eq!(kept(NO_SHINGLE), EMPTY);
        let mut seen = [0u32; 256];
        for minimum in 0..NO_SHINGLE {
            seen[usize::from(kept(minimum))] += 1;
        }
        assert_eq!(seen[usize::from(EMPTY)], 0);
        assert!(seen[..255].iter().all(|count| *count == 257), "{seen:?}");
    }

    #[test]
    fn reading_by_byte_pairs_gives_the_ids_reading_by_chars_gives() {
        // Every char between letters, alone and twice over, and beside a ZWNJ.
        let mut read_fast = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("ب{c}a{c}{c}\u{200C}پ");
            if let Some(ids) = read_by_pairs(&text) {
                assert_eq!(ids, read_by_chars(&text), "U+{:04X}", u32::from(c));
                read_fast += 1;
            }
        }
        // All but the chars of three or four bytes in blocks with letters (922,048).
        assert!(read_fast > 900_000, "{read_fast}");
        for text in [STORY, OTHER, "ڪتاب ۱۲۳ abc ١٢٣ می‌رود — «خبر»"] {
            assert!(read_by_pairs(text).is_some(), "{text}");
        }
        // Text of other scripts is read by chars, the same way.
        let foreign = format!("{STORY} 東京 Ωμέγα Привет");
        assert!(read_by_pairs(&foreign).is_none());
        assert_eq!(letter_ids(&foreign), read_by_chars(&foreign));
        // Bodies are read in chunks of 4,096 bytes: a char split between two, at every
        // offset, is read whole.
        for c in ['ی', 'a', 'é', '\u{200C}', '۵'] {
            for pad in 4080..4100 {
                let long = format!("{}{c}{STORY}{c}{}", "a".repeat(pad), "ب".repeat(pad));
                assert_eq!(
                    read_by_pairs(&long),
                    Some(read_by_chars(&long)),
                    "{c} {pad}"
                );
            }
        }
    }

    #[test]
    fn two_letters_share_an_id_only_when_folding_makes_them_one_or_neither_is_persian() {
        let letters = &*LETTERS;
        let alphabet: Vec<char> = (0..0x80)
            .chain(0x600..0x700)
            .filter_map(char::from_u32)
            .filter(|c| folded(*c).is_some())
            .collect();
        for a in &alphabet {
            for b in &alphabet {
                assert_eq!(
                    letters.id_of(*a) == letters.id_of(*b),
                    folded(*a) == folded(*b),
                    "{a} {b}"
                );
            }
        }
        assert_eq!(letters.id_of('ي'), letters.id_of('ی'));
        assert_eq!(letters.id_of('۵'), letters.id_of('5'));
        assert_eq!(letters.id_of('A'), letters.id_of('a'));
        assert_eq!(letters.id_of('ه'), letters.id_of('ة'));
        // A letter of another script never takes the id of one of the alphabet.
        for c in ['é', 'Ω', 'ж', '東', 'ğ', '𝐀'] {
            let id = letters.id_of(c).unwrap();
            assert!(id >= letters.first_rare && id != RARE, "{c} {id}");
        }
    }
}
