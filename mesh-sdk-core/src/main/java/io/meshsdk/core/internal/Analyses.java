package io.meshsdk.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.analysis.AnalysisOptions;
import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.analysis.Suppression;
import io.meshsdk.event.AnalysisCompleted;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.Analyzer;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.KubernetesResourceTypes;
import io.meshsdk.spi.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the backend's analyzers: over the live objects of a mesh's clusters (one list per kind and
 * cluster, for the union of the kinds the analyzers read), over those objects with a plan's
 * changes in place, or over files. Secrets are read as metadata only.
 */
final class Analyses {
  private static final Logger LOG = LoggerFactory.getLogger(Analyses.class);
  /** The one cluster of an analysis of files; findings lose it before they are reported. */
  static final String FILES = "(files)";
  /** The code of a finding that reports an analyzer which failed, instead of its findings. */
  static final String ANALYZER_FAILED = "MSH0000";

  private static final YAMLMapper YAML = new YAMLMapper();

  private final Engine engine;
  private final List<Analyzer> analyzers;
  /** The kinds some analyzer reads, each once, in the order the analyzers name them. */
  private final List<ResourceType> inputs;

  Analyses(Engine engine) {
    this.engine = engine;
    this.analyzers = List.copyOf(engine.backend.analyzers());
    Set<ResourceType> types = new LinkedHashSet<>();
    for (Analyzer analyzer : analyzers) {
      types.addAll(analyzer.inputs());
    }
    this.inputs = List.copyOf(types);
  }

  /** Whether the backend has any analyzer, so that analysing can find anything at all. */
  boolean any() {
    return !analyzers.isEmpty();
  }

  /** The live state of a mesh, analyzed. */
  AnalysisReport live(String mesh, AnalysisOptions options) {
    Instant started = engine.hooks.now();
    MeshSpec spec = engine.mesh(mesh).value();
    Snapshot snapshot = read(spec);
    Outcome outcome = run(snapshot.context, options);
    LOG.debug("analyzed mesh {}: {} object(s), {} finding(s), {} suppressed", mesh, snapshot.context.size(),
        outcome.findings.size(), outcome.suppressed);
    return completed(AnalysisCompleted.Purpose.LIVE, started, AnalysisReport.builder().mesh(mesh)
        .findings(outcome.findings).suppressed(outcome.suppressed)
        .objects(snapshot.context.size()).unreadable(snapshot.unreadable).build());
  }

  /** Tells the listeners about an analysis of a mesh, with how long it took since {@code started}. */
  private AnalysisReport completed(AnalysisCompleted.Purpose purpose, Instant started, AnalysisReport report) {
    if (engine.hooks.hasListeners()) {
      Instant finished = engine.hooks.now();
      int errors = report.errors().size();
      int warnings = report.warnings().size();
      engine.hooks.fire(l -> l.analysisCompleted(AnalysisCompleted.builder().at(finished)
          .mesh(report.mesh().orElse("")).purpose(purpose).planHash(report.planHash()).principal(engine.principal)
          .errors(errors).warnings(warnings).infos(report.findings().size() - errors - warnings)
          .suppressed(report.suppressed()).introducedErrors(report.blockingErrors().size())
          .unreadable(report.unreadable().keySet()).duration(Duration.between(started, finished)).build()));
    }
    return report;
  }

  /** The live state of a plan's mesh with the plan applied, analyzed and compared with the live state. */
  AnalysisReport plan(DefaultPlan plan, AnalysisOptions options, AnalysisCompleted.Purpose purpose) {
    Instant started = engine.hooks.now();
    MeshSpec spec = engine.mesh(plan.mesh()).value();
    Snapshot snapshot = read(spec);
    LiveAnalysisContext whatIf = withChanges(snapshot.context, plan.changes());
    Outcome before = run(snapshot.context, options);
    Outcome after = run(whatIf, options);
    Set<Finding> old = new HashSet<>(before.findings);
    Set<Finding> now = new HashSet<>(after.findings);
    List<Finding> introduced = after.findings.stream().filter(f -> !old.contains(f)).collect(Collectors.toList());
    List<Finding> resolved = before.findings.stream().filter(f -> !now.contains(f)).collect(Collectors.toList());
    LOG.debug("analyzed plan {} of mesh {}: {} finding(s), {} introduced, {} resolved", plan.hash(), plan.mesh(),
        after.findings.size(), introduced.size(), resolved.size());
    return completed(purpose, started, AnalysisReport.builder().mesh(plan.mesh()).planHash(plan.hash())
        .findings(after.findings).introduced(introduced).resolved(resolved).suppressed(after.suppressed)
        .objects(whatIf.size()).unreadable(snapshot.unreadable).build());
  }

  /** Files of YAML or JSON objects, analyzed as the whole configuration of one cluster. */
  AnalysisReport files(List<Path> paths, AnalysisOptions options) {
    LiveAnalysisContext context = readFiles(paths);
    Outcome outcome = run(context, options);
    List<Finding> findings = outcome.findings.stream()
        .map(f -> f.cluster().isPresent() ? Finding.builder().from(f).cluster(Optional.empty()).build() : f)
        .collect(Collectors.toList());
    return AnalysisReport.builder().findings(findings).suppressed(outcome.suppressed).objects(context.size()).build();
  }

  /**
   * The report as a principal may see it: findings about objects in namespaces the access policy
   * lets it read, and findings about no namespace if it may read the whole mesh.
   */
  static AnalysisReport visible(Engine engine, String mesh, AnalysisReport report) {
    if (engine.principal.isEmpty()) {
      return report;
    }
    Map<Optional<String>, Boolean> allowed = new HashMap<>();
    java.util.function.Predicate<Finding> readable = f -> allowed.computeIfAbsent(
        f.resource().flatMap(ResourceRef::namespace),
        ns -> engine.hooks.permits(engine.principal, io.meshsdk.event.MeshOperation.READ, mesh, ns));
    return AnalysisReport.builder().from(report)
        .findings(report.findings().stream().filter(readable).collect(Collectors.toList()))
        .introduced(report.introduced().stream().filter(readable).collect(Collectors.toList()))
        .resolved(report.resolved().stream().filter(readable).collect(Collectors.toList()))
        .build();
  }

  private static final class Snapshot {
    final LiveAnalysisContext context;
    final Map<String, String> unreadable;

    Snapshot(LiveAnalysisContext context, Map<String, String> unreadable) {
      this.context = context;
      this.unreadable = unreadable;
    }
  }

  /**
   * One list per kind and cluster. A kind the cluster does not serve (an Istio CRD missing on a
   * member) has no objects there; a cluster that cannot be reached is left out whole and named,
   * and a kind that cannot be listed on a cluster (forbidden, say) makes that kind incomplete.
   */
  private Snapshot read(MeshSpec spec) {
    List<ResourceType> types = inputs;
    Map<String, Map<ResourceType, List<MeshResource>>> objects = new LinkedHashMap<>();
    Map<String, String> unreadable = new TreeMap<>();
    Set<ResourceType> incomplete = new HashSet<>();
    for (String cluster : spec.clusters()) {
      Map<ResourceType, List<MeshResource>> byType = new LinkedHashMap<>();
      List<String> errors = new ArrayList<>();
      try {
        ClusterConnection connection = engine.connection(cluster);
        for (ResourceType type : types) {
          try {
            byType.put(type, list(connection, type));
          } catch (MeshException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
              byType.put(type, List.of()); // the kind is not served there, so there is none of it
            } else if (e.retryable() || e.code() == ErrorCode.CONFIGURATION) {
              throw e;
            } else {
              incomplete.add(type);
              errors.add("listing " + type.plural() + ": " + e.getMessage());
            }
          }
        }
      } catch (MeshException e) {
        LOG.debug("cluster {} of mesh {} cannot be read for analysis: {}", cluster, spec.name(), e.getMessage());
        incomplete.addAll(types);
        byType.clear();
        errors.add(String.valueOf(e.getMessage()));
      }
      objects.put(cluster, byType);
      if (!errors.isEmpty()) {
        unreadable.put(cluster, String.join("; ", errors));
      }
    }
    LiveAnalysisContext context = new LiveAnalysisContext(Optional.of(spec), spec.clusters(),
        Set.copyOf(spec.configClusters()), Set.copyOf(spec.dataPlaneClusters()), objects, incomplete);
    return new Snapshot(context, unreadable);
  }

  /** Every object of a kind on a cluster; of a Secret, only its metadata. */
  private static List<MeshResource> list(ClusterConnection connection, ResourceType type) {
    if (KubernetesResourceTypes.isSecret(type)) {
      // stripped again here: a connector's own metadata listing must not be trusted with credentials
      return connection.listMetadata(type, null, Map.of()).stream().map(KubernetesResourceTypes::metadataOnly).collect(Collectors.toList());
    }
    return connection.list(type, null, Map.of());
  }

  /** The context with a plan's creations, updates and deletions in place of the live objects. */
  private LiveAnalysisContext withChanges(LiveAnalysisContext live, List<ResourceChange> changes) {
    Map<String, Map<ResourceType, List<MeshResource>>> objects = new LinkedHashMap<>();
    live.byCluster().forEach((cluster, byType) -> {
      Map<ResourceType, List<MeshResource>> copy = new LinkedHashMap<>();
      byType.forEach((type, list) -> copy.put(type, new ArrayList<>(list)));
      objects.put(cluster, copy);
    });
    // per cluster and kind, the changes by object, applied in one pass over each list
    Map<String, Map<ResourceType, Map<ResourceRef, ResourceChange>>> byList = new LinkedHashMap<>();
    for (ResourceChange change : changes) {
      ResourceType type = change.action() == ChangeAction.UNCHANGED ? null : typeOf(change.ref());
      if (type == null || !objects.containsKey(change.cluster()) || !objects.get(change.cluster()).containsKey(type)) {
        continue; // unchanged, or of a cluster or kind no analyzer reads
      }
      byList.computeIfAbsent(change.cluster(), c -> new LinkedHashMap<>())
          .computeIfAbsent(type, t -> new LinkedHashMap<>()).put(change.ref(), change);
    }
    byList.forEach((cluster, byType) -> byType.forEach((type, pending) -> {
      List<MeshResource> next = new ArrayList<>();
      Map<ResourceRef, ResourceChange> left = new LinkedHashMap<>(pending);
      for (MeshResource object : objects.get(cluster).get(type)) {
        ResourceChange change = left.remove(object.ref());
        if (change == null) {
          next.add(object);
        } else if (change.action() != ChangeAction.DELETE) {
          next.add(desired(type, change));
        }
      }
      left.values().stream().filter(c -> c.action() != ChangeAction.DELETE).forEach(c -> next.add(desired(type, c)));
      objects.get(cluster).put(type, next);
    }));
    return new LiveAnalysisContext(live.mesh(), live.clusters(), live.configClusters(), live.dataPlaneClusters(),
        objects, live.incomplete());
  }

  private static MeshResource desired(ResourceType type, ResourceChange change) {
    MeshResource desired = change.desired().orElseThrow();
    return KubernetesResourceTypes.isSecret(type) ? KubernetesResourceTypes.metadataOnly(desired) : desired;
  }

  private ResourceType typeOf(ResourceRef ref) {
    for (ResourceType type : inputs) {
      if (type.kind().equals(ref.kind()) && type.apiVersion().equals(ref.apiVersion())) {
        return type;
      }
    }
    return null;
  }

  private static final class Outcome {
    final List<Finding> findings;
    final int suppressed;

    Outcome(List<Finding> findings, int suppressed) {
      this.findings = findings;
      this.suppressed = suppressed;
    }
  }

  /** Runs every analyzer, then filters by severity, by the options' suppressions and by annotations. */
  private Outcome run(LiveAnalysisContext context, AnalysisOptions options) {
    Set<Finding> all = new LinkedHashSet<>();
    for (Analyzer analyzer : analyzers) {
      try {
        all.addAll(analyzer.analyze(context));
      } catch (RuntimeException e) {
        LOG.debug("analyzer {} failed", analyzer.name(), e);
        all.add(Finding.builder().code(ANALYZER_FAILED).name("AnalyzerFailed").severity(Severity.WARNING)
            .message("the analyzer " + analyzer.name() + " failed (" + e.getClass().getSimpleName()
                + "), so its findings are missing")
            .remediation("Report the failure to the maintainers of the " + engine.backend.id()
                + " backend, with the analyzer's name and the objects it reads.")
            .build());
      }
    }
    Map<String, Map<ResourceRef, Set<String>>> annotated = options.honourAnnotations() ? annotated(context) : Map.of();
    List<Finding> kept = new ArrayList<>();
    int suppressed = 0;
    for (Finding finding : all) {
      if (!finding.severity().atLeast(options.minimumSeverity())) {
        continue;
      }
      if (options.suppressions().stream().anyMatch(s -> s.matches(finding)) || suppressedByAnnotation(finding, annotated)) {
        suppressed++;
        continue;
      }
      kept.add(finding);
    }
    kept.sort(null);
    return new Outcome(kept, suppressed);
  }

  /** Per cluster, the objects that carry a suppression annotation, with the codes it names. */
  private static Map<String, Map<ResourceRef, Set<String>>> annotated(LiveAnalysisContext context) {
    Map<String, Map<ResourceRef, Set<String>>> out = new HashMap<>();
    context.byCluster().forEach((cluster, byType) -> byType.values().forEach(list -> {
      for (MeshResource object : list) {
        Map<String, String> annotations = object.annotations();
        String own = annotations.get(Suppression.ANNOTATION);
        String istio = annotations.get(Suppression.ISTIO_ANNOTATION);
        if (own == null && istio == null) {
          continue;
        }
        Set<String> codes = Stream.of(own, istio).filter(v -> v != null)
            .flatMap(v -> Stream.of(v.split(","))).map(String::trim).filter(c -> !c.isEmpty())
            .collect(Collectors.toSet());
        out.computeIfAbsent(cluster, c -> new HashMap<>()).put(object.ref(), codes);
      }
    }));
    return out;
  }

  private static boolean suppressedByAnnotation(Finding finding, Map<String, Map<ResourceRef, Set<String>>> annotated) {
    if (finding.resource().isEmpty() || annotated.isEmpty()) {
      return false;
    }
    String cluster = finding.cluster().orElse(FILES);
    Set<String> codes = annotated.getOrDefault(cluster, Map.of()).get(finding.resource().get());
    return codes != null && codes.stream().anyMatch(c -> Suppression.of(c).matches(finding));
  }

  /**
   * The objects of files: every YAML or JSON document, directories read recursively in name
   * order. A kind counts as complete when the files hold at least one object of it.
   */
  private LiveAnalysisContext readFiles(List<Path> paths) {
    List<Violation> problems = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      Path path = paths.get(i);
      if (path == null || !Files.exists(path)) {
        problems.add(Violation.of("paths[" + i + "]", "must be an existing file or directory, but was " + path));
        continue;
      }
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(Files::isRegularFile).filter(Analyses::manifest).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new MeshException(ErrorCode.INVALID_INPUT, "cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException("the files to analyze", problems);
    }
    List<ResourceType> types = inputs;
    Map<ResourceType, List<MeshResource>> byType = new LinkedHashMap<>();
    for (Path file : files) {
      List<JsonNode> documents = new ArrayList<>();
      // through a parser, so that a document that is a list stays one document
      try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
          MappingIterator<JsonNode> read = YAML.readerFor(JsonNode.class).readValues(parser)) {
        while (read.hasNext()) {
          documents.add(read.next());
        }
      } catch (IOException | RuntimeException e) {
        problems.add(Violation.of(file + ": documents[" + documents.size() + "]", "must be YAML or JSON, but was not: "
            + e.getMessage().lines().findFirst().orElse("")));
      }
      for (int d = 0; d < documents.size(); d++) {
        JsonNode document = documents.get(d);
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        if (!(document instanceof ObjectNode) || !document.path("kind").isTextual()
            || !document.path("apiVersion").isTextual() || !document.path("metadata").path("name").isTextual()) {
          problems.add(Violation.of(file + ": documents[" + d + "]",
              "must be a Kubernetes object with apiVersion, kind and metadata.name"));
          continue;
        }
        MeshResource object = MeshResource.of((ObjectNode) document);
        for (ResourceType type : types) {
          if (type.kind().equals(object.kind()) && sameGroup(type, object.apiVersion())) {
            byType.computeIfAbsent(type, t -> new ArrayList<>())
                .add(KubernetesResourceTypes.isSecret(type) ? KubernetesResourceTypes.metadataOnly(object) : object);
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException("the files to analyze", problems);
    }
    Set<ResourceType> incomplete = new HashSet<>(types);
    incomplete.removeAll(byType.keySet());
    Map<ResourceType, List<MeshResource>> all = new LinkedHashMap<>();
    for (ResourceType type : types) {
      all.put(type, byType.getOrDefault(type, List.of()));
    }
    return new LiveAnalysisContext(Optional.empty(), List.of(FILES), Set.of(FILES), Set.of(FILES),
        Map.of(FILES, all), incomplete);
  }

  /** Files may use another served version of a kind than the analyzers name (v1beta1 for v1). */
  private static boolean sameGroup(ResourceType type, String apiVersion) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    return group.equals(type.group());
  }

  private static boolean manifest(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }
}
