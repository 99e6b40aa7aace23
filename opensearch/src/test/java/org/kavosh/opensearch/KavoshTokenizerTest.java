package org.kavosh.opensearch;

import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.tests.analysis.BaseTokenStreamTestCase;

/**
 * The tokenizer as Lucene holds its own to account: terms, offsets, position increments, final
 * offset, and the reset/end/close contract, on Persian text and on random text.
 */
public class KavoshTokenizerTest extends BaseTokenStreamTestCase {
  /**
   * Stacked parts keep their own offsets (the part of the word they are), as the embedded engine's
   * highlighter needs; Lucene's optional graph check wants every token at a position to start where
   * the word does, so it is off, and only that check.
   */
  private static final boolean GRAPH_OFFSETS_ARE_CORRECT = false;

  private static Analyzer analyzer(boolean forQueries) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        return new TokenStreamComponents(new KavoshTokenizer(forQueries));
      }
    };
  }

  /**
   * Lucene's own check of an analyzer on one text (consistency over resets, partial reads and a
   * char filter included), with {@link #GRAPH_OFFSETS_ARE_CORRECT}; a null array is not checked.
   */
  private static void assertTokens(
      Analyzer analyzer,
      String text,
      String[] terms,
      int[] startOffsets,
      int[] endOffsets,
      int[] increments)
      throws IOException {
    assertAnalyzesTo(
        analyzer,
        text,
        terms,
        startOffsets,
        endOffsets,
        null,
        increments,
        null,
        GRAPH_OFFSETS_ARE_CORRECT);
  }

  public void testEverySpellingOfTheBooksIsOneTerm() throws IOException {
    try (Analyzer analyzer = analyzer(false)) {
      for (String spelling : new String[] {"كتابهاي", "کتاب‌ها", "کتاب ها"}) {
        assertTokens(analyzer, spelling, new String[] {"کتاب"}, null, null, null);
      }
    }
  }

  public void testACompoundsPartsAreStackedAtItsPositionWithTheirOwnOffsets() throws IOException {
    try (Analyzer analyzer = analyzer(false)) {
      assertTokens(
          analyzer,
          "رتبه‌بندی تیم",
          new String[] {"رتبهبند", "رتبه", "بندی", "تیم"},
          new int[] {0, 0, 5, 10},
          new int[] {9, 4, 9, 13},
          new int[] {1, 0, 0, 1});
    }
  }

  public void testQueriesKeepWholeWords() throws IOException {
    try (Analyzer analyzer = analyzer(true)) {
      assertTokens(analyzer, "رتبه‌بندی", new String[] {"رتبهبند"}, null, null, new int[] {1});
    }
  }

  public void testADroppedStopwordLeavesAGap() throws IOException {
    try (Analyzer analyzer = analyzer(false)) {
      assertTokens(
          analyzer,
          "کتاب در خانه",
          new String[] {"کتاب", "خانه"},
          new int[] {0, 8},
          new int[] {4, 12},
          new int[] {1, 2});
    }
  }

  public void testOffsetsCountUtf16CharsPastASupplementaryCharacter() throws IOException {
    try (Analyzer analyzer = analyzer(false)) {
      // 𝑥 is two chars in Java: کتاب starts at 3, not at 2.
      assertTokens(
          analyzer,
          "𝑥 کتاب",
          new String[] {"𝑥", "کتاب"},
          new int[] {0, 3},
          new int[] {2, 7},
          new int[] {1, 1});
    }
  }

  public void testReadingBeforeResetFails() throws IOException {
    try (Analyzer analyzer = analyzer(false)) {
      checkResetException(analyzer, "کتاب ها در خانه");
    }
  }

  public void testANativeFailureIsAJavaException() {
    // Asking for more chars than the array holds fails inside the native call.
    expectThrows(
        ArrayIndexOutOfBoundsException.class, () -> KavoshNative.analyze(new char[2], 5, false));
  }

  public void testRandomTextKeepsTheContract() throws IOException {
    for (boolean forQueries : new boolean[] {false, true}) {
      try (Analyzer analyzer = analyzer(forQueries)) {
        checkRandomData(
            random(), analyzer, 500 * RANDOM_MULTIPLIER, 40, false, GRAPH_OFFSETS_ARE_CORRECT);
      }
    }
  }

  public void testRandomPersianTextKeepsTheContract() throws IOException {
    String[] pieces = {
      "کتاب", "ها", "می", "کند", "رتبه", "بندی", "در", "و", "خانه", "ای", "رئال", "آجر", "‌", " ",
      "ي", "ك", "۱۲", "،", "\n"
    };
    for (boolean forQueries : new boolean[] {false, true}) {
      try (Analyzer analyzer = analyzer(forQueries)) {
        for (int text = 0; text < 300 * RANDOM_MULTIPLIER; text++) {
          StringBuilder builder = new StringBuilder();
          for (int piece = random().nextInt(30); piece > 0; piece--) {
            builder.append(pieces[random().nextInt(pieces.length)]);
          }
          checkAnalysisConsistency(
              random(),
              analyzer,
              random().nextBoolean(),
              builder.toString(),
              GRAPH_OFFSETS_ARE_CORRECT);
        }
      }
    }
  }

  public void testATokenizerIsReusedAcrossTexts() throws IOException {
    Tokenizer tokenizer = new KavoshTokenizer(false);
    for (String text : new String[] {"کتاب ها", "خانه"}) {
      tokenizer.setReader(new java.io.StringReader(text));
      assertTokenStreamContents(tokenizer, new String[] {text.substring(0, 4)});
    }
  }
}
