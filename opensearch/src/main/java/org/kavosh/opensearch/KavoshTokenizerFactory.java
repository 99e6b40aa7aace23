package org.kavosh.opensearch;

import org.apache.lucene.analysis.Tokenizer;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenizerFactory;

/** Builds {@link KavoshTokenizer}s for an index; the analysis takes no settings. */
final class KavoshTokenizerFactory extends AbstractTokenizerFactory {
  private final boolean forQueries;

  KavoshTokenizerFactory(
      IndexSettings indexSettings, Settings settings, String name, boolean forQueries) {
    super(indexSettings, settings, name);
    this.forQueries = forQueries;
  }

  @Override
  public Tokenizer create() {
    return new KavoshTokenizer(forQueries);
  }
}
