package org.kavosh.opensearch;

/**
 * The tokens of one text as the native library gives them: all terms joined in one string, and four
 * ints a token (where its term ends in that string, its start and end offsets in UTF-16 chars, its
 * position). Built by the native code, so its constructor's signature is fixed there
 * (crates/kavosh-jni).
 */
final class Analysis {
  /** The ints a token has in {@link #tokens}; {@code INTS_PER_TOKEN} on the Rust side. */
  static final int INTS_PER_TOKEN = 4;

  private final char[] terms;
  private final int[] tokens;

  Analysis(String terms, int[] tokens) {
    this.terms = terms.toCharArray();
    this.tokens = tokens;
  }

  /** How many tokens. */
  int size() {
    return tokens.length / INTS_PER_TOKEN;
  }

  /** The term buffer: token {@code i}'s term is {@code termStart(i)..termEnd(i)}. */
  char[] terms() {
    return terms;
  }

  int termStart(int token) {
    return token == 0 ? 0 : termEnd(token - 1);
  }

  int termEnd(int token) {
    return tokens[token * INTS_PER_TOKEN];
  }

  int startOffset(int token) {
    return tokens[token * INTS_PER_TOKEN + 1];
  }

  int endOffset(int token) {
    return tokens[token * INTS_PER_TOKEN + 2];
  }

  /** The word position, from 0; a stacked token (a compound's part) repeats its word's. */
  int position(int token) {
    return tokens[token * INTS_PER_TOKEN + 3];
  }
}
