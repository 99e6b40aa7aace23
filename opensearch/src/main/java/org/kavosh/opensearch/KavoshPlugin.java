package org.kavosh.opensearch;

import java.util.Map;
import org.opensearch.index.analysis.TokenizerFactory;
import org.opensearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.opensearch.plugins.AnalysisPlugin;
import org.opensearch.plugins.Plugin;

/**
 * kavosh's Persian analysis in OpenSearch: {@value #DOCUMENTS} for documents (a compound's parts
 * stacked at its position) and {@value #QUERIES} for queries (whole words), the two tokenizers
 * kavosh's own index uses.
 */
public final class KavoshPlugin extends Plugin implements AnalysisPlugin {
  /** The document tokenizer's name. */
  public static final String DOCUMENTS = "kavosh_persian";

  /** The query tokenizer's name. */
  public static final String QUERIES = "kavosh_persian_query";

  /** Made by OpenSearch when it loads the plugin. */
  public KavoshPlugin() {}

  @Override
  public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
    return Map.of(
        DOCUMENTS,
        (indexSettings, environment, name, settings) ->
            new KavoshTokenizerFactory(indexSettings, settings, name, false),
        QUERIES,
        (indexSettings, environment, name, settings) ->
            new KavoshTokenizerFactory(indexSettings, settings, name, true));
  }
}
