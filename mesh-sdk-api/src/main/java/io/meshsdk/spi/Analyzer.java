package io.meshsdk.spi;

import io.meshsdk.analysis.Finding;
import java.util.List;
import java.util.Set;

/**
 * One check of a mesh's configuration, run over the live objects of the mesh's clusters, over
 * those objects with a plan applied, or over files. Pure: no I/O, thread-safe; everything it looks
 * at comes from the {@link AnalysisContext}, which holds only the kinds that some analyzer lists
 * in {@link #inputs()} (one list call per kind and cluster, whatever the number of analyzers).
 *
 * @since 0.2.0
 */
public interface Analyzer {

  /**
   * The analyzer's name, for logs and metrics.
   *
   * @return for example {@code virtualservice.destinationhosts}
   */
  String name();

  /**
   * Every code the analyzer may report.
   *
   * @return the codes, for example {@code IST0101}
   */
  Set<String> codes();

  /**
   * The kinds of object the analyzer reads.
   *
   * @return the resource types
   */
  List<ResourceType> inputs();

  /**
   * Runs the check.
   *
   * @param context the objects of the mesh's clusters
   * @return the findings, possibly none
   */
  List<Finding> analyze(AnalysisContext context);
}
