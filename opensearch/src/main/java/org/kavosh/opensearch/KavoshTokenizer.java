package org.kavosh.opensearch;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * kavosh's Persian analysis as a Lucene tokenizer: the whole text is read and analyzed in one
 * native call (the rules look ahead across words: کتاب ها joins), then its tokens are handed out
 * one by one. A compound's parts come after the word at its position (increment 0), and a dropped
 * stopword leaves a gap.
 */
public final class KavoshTokenizer extends Tokenizer {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute increment =
      addAttribute(PositionIncrementAttribute.class);
  private final boolean forQueries;

  /** The text read, reused from one text to the next. */
  private char[] text = new char[4096];

  private int length;

  /** The tokens of the text, once read; null until the first {@link #incrementToken}. */
  private Analysis analysis;

  private int next;
  private int lastPosition;

  /** The document tokenizer, or the query tokenizer (whole words) when {@code forQueries}. */
  public KavoshTokenizer(boolean forQueries) {
    this.forQueries = forQueries;
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (analysis == null) {
      // Read here, not in reset(): reading before reset() must fail as Lucene says it must.
      readText();
      analysis = KavoshNative.analyze(text, length, forQueries);
    }
    if (next == analysis.size()) {
      return false;
    }
    clearAttributes();
    int start = analysis.termStart(next);
    term.copyBuffer(analysis.terms(), start, analysis.termEnd(next) - start);
    offset.setOffset(
        correctOffset(analysis.startOffset(next)), correctOffset(analysis.endOffset(next)));
    int position = analysis.position(next);
    increment.setPositionIncrement(position - lastPosition);
    lastPosition = position;
    next++;
    return true;
  }

  private void readText() throws IOException {
    length = 0;
    for (int read; (read = input.read(text, length, text.length - length)) != -1; ) {
      length += read;
      if (length == text.length) {
        text = Arrays.copyOf(text, text.length * 2);
      }
    }
  }

  @Override
  public void end() throws IOException {
    super.end();
    int finalOffset = correctOffset(length);
    offset.setOffset(finalOffset, finalOffset);
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    analysis = null;
    length = 0;
    next = 0;
    lastPosition = -1;
  }

  @Override
  public void close() throws IOException {
    super.close();
    analysis = null;
  }
}
