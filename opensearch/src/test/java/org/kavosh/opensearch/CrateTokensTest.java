package org.kavosh.opensearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.tests.analysis.BaseTokenStreamTestCase;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;

/**
 * The plugin's tokens are the crate's, text for text: the terms, positions (stacked parts, gaps)
 * and UTF-16 offsets the crate gives for every article of the news set and ParsiNLU and every
 * MIRACL query, as dumped by {@code cargo run --release --example dump_tokens}. The dump is named
 * by the system property {@code kavosh.crateTokens}; without it the test is skipped, loudly (CI
 * always gives it).
 */
public class CrateTokensTest extends BaseTokenStreamTestCase {
  public void testEveryTextGivesTheCratesTokens() throws IOException {
    String dump = System.getProperty("kavosh.crateTokens", "");
    assumeTrue(
        "!!! no crate token dump (-Dkavosh.crateTokens=FILE): the token equality test is SKIPPED",
        !dump.isEmpty());
    Tokenizer[] tokenizers = {new KavoshTokenizer(false), new KavoshTokenizer(true)};
    int texts = 0;
    int tokens = 0;
    try (BufferedReader lines = Files.newBufferedReader(Path.of(dump), StandardCharsets.UTF_8)) {
      for (String line; (line = lines.readLine()) != null; ) {
        Map<String, Object> record = parse(line);
        String text = (String) record.get("text");
        @SuppressWarnings("unchecked")
        List<List<Object>> expected = (List<List<Object>>) record.get("tokens");
        String[] terms = new String[expected.size()];
        int[] starts = new int[terms.length];
        int[] ends = new int[terms.length];
        int[] increments = new int[terms.length];
        int lastPosition = -1;
        for (int i = 0; i < terms.length; i++) {
          List<Object> token = expected.get(i);
          terms[i] = (String) token.get(0);
          starts[i] = ((Number) token.get(1)).intValue();
          ends[i] = ((Number) token.get(2)).intValue();
          int position = ((Number) token.get(3)).intValue();
          increments[i] = position - lastPosition;
          lastPosition = position;
        }
        Tokenizer tokenizer = tokenizers[Boolean.TRUE.equals(record.get("query")) ? 1 : 0];
        tokenizer.setReader(new java.io.StringReader(text));
        try {
          assertTokenStreamContents(
              tokenizer, terms, starts, ends, null, increments, null, text.length(), null, false);
        } catch (AssertionError e) {
          throw new AssertionError(
              "line " + (texts + 1) + " of " + dump + ": " + e.getMessage(), e);
        }
        texts++;
        tokens += terms.length;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "the crate's tokens, all %d of them in %d texts, come out of the plugin%n",
        tokens,
        texts);
    assertTrue("the dump " + dump + " holds no text", texts > 0);
  }

  private static Map<String, Object> parse(String line) throws IOException {
    try (XContentParser parser =
        JsonXContent.jsonXContent.createParser(
            NamedXContentRegistry.EMPTY, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, line)) {
      return parser.map();
    }
  }
}
