package io.meshsdk.istio.internal.analysis;

import io.meshsdk.analysis.Finding;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.Analyzer;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** One of Istio's analyzer areas: the codes it reports and the kinds it reads. */
abstract class IstioAnalyzer implements Analyzer {
  private final String name;
  private final Set<String> codes;
  private final List<ResourceType> inputs;

  IstioAnalyzer(String name, List<IstioCode> codes, List<ResourceType> inputs) {
    this.name = name;
    Set<String> names = new TreeSet<>();
    codes.forEach(c -> names.add(c.name()));
    this.codes = Set.copyOf(names);
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<String> codes() {
    return codes;
  }

  @Override
  public final List<ResourceType> inputs() {
    return inputs;
  }

  @Override
  public final List<Finding> analyze(AnalysisContext context) {
    Objects.requireNonNull(context, "context");
    List<Finding> out = new ArrayList<>();
    check(MeshIndex.of(context), out);
    return List.copyOf(out);
  }

  /** Adds the findings of this area to {@code out}. */
  abstract void check(MeshIndex index, List<Finding> out);

  @Override
  public String toString() {
    return name;
  }
}
