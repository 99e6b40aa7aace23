//! kavosh's Persian analysis for the JVM: the one native entry point the OpenSearch plugin
//! (`opensearch/` in the repository) calls, so that the cluster's tokens come from the
//! same rules as the embedded engine's, never from a port of them.
//!
//! Java hands over the text as UTF-16 chars; the tokens come back as one string of all
//! their terms and one `int[]` of four numbers a token: where its term ends in that
//! string, its start and end in the text (in UTF-16 chars, as Lucene counts offsets) and
//! its position. One string and one array a call, not a Java object a token.
//!
//! A panic never crosses into the JVM: it becomes a `java.lang.IllegalStateException`
//! naming it, as does any JNI failure that left no Java exception of its own.

use std::panic::{catch_unwind, AssertUnwindSafe};

use jni::objects::{JCharArray, JClass, JObject, JValue};
use jni::sys::{jboolean, jint, jobject};
use jni::JNIEnv;
use kavosh_analysis::Analyzer;

/// The Java class the tokens come back in: `Analysis(String terms, int[] tokens)`.
const ANALYSIS_CLASS: &str = "org/kavosh/opensearch/Analysis";
const ANALYSIS_CONSTRUCTOR: &str = "(Ljava/lang/String;[I)V";
/// The numbers a token is given in the `int[]` (see the crate's notes).
pub const INTS_PER_TOKEN: usize = 4;

/// `static native Analysis analyze(char[] text, int length, boolean forQueries)` of
/// `org.kavosh.opensearch.KavoshNative`: the tokens of `text[..length]`, by the document
/// analyzer, or by the query analyzer (whole words) when `forQueries`.
#[no_mangle]
pub extern "system" fn Java_org_kavosh_opensearch_KavoshNative_analyze<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    text: JCharArray<'local>,
    length: jint,
    for_queries: jboolean,
) -> jobject {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        analyze(&mut env, &text, length, for_queries != 0)
    }));
    let message = match outcome {
        Ok(Ok(analysis)) => return analysis.into_raw(),
        // A Java exception is pending (an array too short, out of memory): it is thrown
        // as it is when this returns.
        Ok(Err(jni::errors::Error::JavaException)) => return std::ptr::null_mut(),
        Ok(Err(error)) => format!("kavosh analysis failed in JNI: {error}"),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|reason| reason.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            format!("kavosh analysis panicked: {reason}")
        }
    };
    // If even the exception cannot be thrown, the JVM is failing; null is all there is.
    let _ = env.throw_new("java/lang/IllegalStateException", message);
    std::ptr::null_mut()
}

/// Reads the chars, analyzes them and builds the `Analysis` object.
fn analyze<'local>(
    env: &mut JNIEnv<'local>,
    text: &JCharArray<'local>,
    length: jint,
    for_queries: bool,
) -> jni::errors::Result<JObject<'local>> {
    let mut units = vec![0u16; usize::try_from(length).unwrap_or(0)];
    env.get_char_array_region(text, 0, &mut units)?;
    let analyzer = if for_queries {
        Analyzer::default().for_queries()
    } else {
        Analyzer::default()
    };
    let (terms, ints) = tokens(&analyzer, &units);
    let terms = env.new_string(terms)?;
    let length = jint::try_from(ints.len())
        .map_err(|_| jni::errors::Error::WrongJValueType("int", "array length"))?;
    let array = env.new_int_array(length)?;
    env.set_int_array_region(&array, 0, &ints)?;
    env.new_object(
        ANALYSIS_CLASS,
        ANALYSIS_CONSTRUCTOR,
        &[JValue::Object(&terms), JValue::Object(&array)],
    )
}

/// The tokens of the UTF-16 `units` as the JVM gets them: all terms in one string, and
/// [`INTS_PER_TOKEN`] ints a token (term end in that string, start, end, position), the
/// offsets counted in UTF-16 units. A lone surrogate reads as U+FFFD, one unit as well,
/// so every offset after it still points where it should.
pub fn tokens(analyzer: &Analyzer, units: &[u16]) -> (String, Vec<i32>) {
    let (text, unit_at) = decode(units);
    let mut terms = String::new();
    let mut terms_units = 0;
    let mut ints = Vec::new();
    let mut stream = analyzer.tokens(&text);
    while let Some(token) = stream.next_token() {
        terms.push_str(&token.text);
        terms_units += token.text.encode_utf16().count();
        ints.extend([
            terms_units,
            unit_at[token.span.start],
            unit_at[token.span.end],
            token.position,
        ]);
    }
    // Past i32::MAX chars the JVM could not have handed over the text.
    let ints = ints.into_iter().map(|int| int as i32).collect();
    (terms, ints)
}

/// `units` as a string, and for each byte offset of it the UTF-16 offset it stands at
/// (one more entry for the end).
fn decode(units: &[u16]) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(units.len() * 2);
    let mut unit_at = Vec::with_capacity(units.len() * 2 + 1);
    let mut unit = 0;
    for char in char::decode_utf16(units.iter().copied()) {
        let char = char.unwrap_or(char::REPLACEMENT_CHARACTER);
        unit_at.extend(std::iter::repeat_n(unit, char.len_utf8()));
        unit += char.len_utf16();
        text.push(char);
    }
    unit_at.push(unit);
    (text, unit_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    #[test]
    fn offsets_count_utf16_units_and_terms_are_joined() {
        // "𝑥" is two UTF-16 units and four bytes; کتاب is four units and eight bytes.
        let text = "𝑥 کتاب‌ها";
        let (terms, ints) = tokens(&Analyzer::default(), &utf16(text));
        assert_eq!(terms, "𝑥کتاب");
        // 𝑥: term ends at 2 units, spans 0..2, position 0; کتاب‌ها: 7 units from 3.
        assert_eq!(ints, [2, 0, 2, 0, 6, 3, 10, 1]);
    }

    #[test]
    fn stacked_parts_share_the_word_position_and_keep_their_own_spans() {
        let (terms, ints) = tokens(&Analyzer::default(), &utf16("رتبه‌بندی"));
        assert_eq!(terms, "رتبهبندرتبهبندی");
        assert_eq!(ints, [7, 0, 9, 0, 11, 0, 4, 0, 15, 5, 9, 0]);
        let (terms, _) = tokens(&Analyzer::default().for_queries(), &utf16("رتبه‌بندی"));
        assert_eq!(terms, "رتبهبند");
    }

    #[test]
    fn a_lone_surrogate_is_one_unit_and_later_offsets_stay_true() {
        let mut units = vec![0xD800];
        units.extend(utf16(" کتاب"));
        let (terms, ints) = tokens(&Analyzer::default(), &units);
        assert_eq!(terms, "کتاب");
        assert_eq!(ints[1..3], [2, 6]);
    }
}
