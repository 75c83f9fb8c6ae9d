package io.meshsdk.testing;

import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Plan}: which clusters it touches and what it does to which object.
 * Objects are named {@code namespace/name}.
 *
 * @since 0.1.0
 */
public final class PlanAssert extends AbstractAssert<PlanAssert, Plan> {

  PlanAssert(Plan actual) {
    super(actual, PlanAssert.class);
  }

  /**
   * Checks that applying the plan would write nothing.
   *
   * @return this
   */
  public PlanAssert hasNoChanges() {
    isNotNull();
    if (actual.hasChanges()) {
      failWithMessage("Expected a plan without changes, but it has:%n%s", describe(actual.changes().stream()
          .filter(c -> c.action() != ChangeAction.UNCHANGED).collect(Collectors.toList())));
    }
    return this;
  }

  /**
   * Checks that the plan reads or writes exactly these clusters.
   *
   * @param clusters the clusters' names
   * @return this
   */
  public PlanAssert touchesOnly(String... clusters) {
    isNotNull();
    if (!actual.clusters().equals(Arrays.asList(clusters))) {
      failWithMessage("Expected a plan touching clusters %s, but it touches %s", Arrays.asList(clusters), actual.clusters());
    }
    return this;
  }

  /**
   * Checks that the plan creates an object.
   *
   * @param cluster the cluster's name
   * @param kind the object's kind
   * @param namespacedName {@code namespace/name}
   * @return this
   */
  public PlanAssert creates(String cluster, String kind, String namespacedName) {
    return has(ChangeAction.CREATE, cluster, kind, namespacedName);
  }

  /**
   * Checks that the plan updates an object.
   *
   * @param cluster the cluster's name
   * @param kind the object's kind
   * @param namespacedName {@code namespace/name}
   * @return this
   */
  public PlanAssert updates(String cluster, String kind, String namespacedName) {
    return has(ChangeAction.UPDATE, cluster, kind, namespacedName);
  }

  /**
   * Checks that the plan deletes an object.
   *
   * @param cluster the cluster's name
   * @param kind the object's kind
   * @param namespacedName {@code namespace/name}
   * @return this
   */
  public PlanAssert deletes(String cluster, String kind, String namespacedName) {
    return has(ChangeAction.DELETE, cluster, kind, namespacedName);
  }

  /**
   * Checks that the plan adopts an object the SDK did not own.
   *
   * @param cluster the cluster's name
   * @param kind the object's kind
   * @param namespacedName {@code namespace/name}
   * @return this
   * @since 0.2.0
   */
  public PlanAssert adopts(String cluster, String kind, String namespacedName) {
    return has(ChangeAction.ADOPT, cluster, kind, namespacedName);
  }

  private PlanAssert has(ChangeAction action, String cluster, String kind, String namespacedName) {
    isNotNull();
    boolean found = actual.changes().stream().anyMatch(c -> c.action() == action
        && c.cluster().equals(cluster)
        && c.ref().kind().equals(kind)
        && name(c).equals(namespacedName));
    if (!found) {
      failWithMessage("Expected the plan to %s %s %s on cluster %s, but it has:%n%s",
          action.name().toLowerCase(Locale.ROOT), kind, namespacedName, cluster, describe(actual.changes()));
    }
    return this;
  }

  private static String name(ResourceChange change) {
    return change.ref().namespace().map(ns -> ns + "/").orElse("") + change.ref().name();
  }

  private static String describe(List<ResourceChange> changes) {
    if (changes.isEmpty()) {
      return "  (no changes)";
    }
    return changes.stream()
        .map(c -> "  " + c.action() + " " + c.ref().kind() + " " + name(c) + " on " + c.cluster())
        .collect(Collectors.joining(System.lineSeparator()));
  }
}
