package io.meshsdk.testing;

import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an {@link ApplyResult}.
 *
 * @since 0.1.0
 */
public final class ApplyResultAssert extends AbstractAssert<ApplyResultAssert, ApplyResult> {

  ApplyResultAssert(ApplyResult actual) {
    super(actual, ApplyResultAssert.class);
  }

  /**
   * Checks that every object on every cluster was applied or already as wanted.
   *
   * @return this
   */
  public ApplyResultAssert isSuccessful() {
    isNotNull();
    if (!actual.successful()) {
      failWithMessage("Expected a successful apply, but these objects failed or were skipped:%n%s",
          actual.failures().stream().flatMap(c -> c.outcomes().stream()
                  .filter(o -> o.status() == ObjectOutcome.Status.FAILED || o.status() == ObjectOutcome.Status.SKIPPED)
                  .map(o -> "  " + c.cluster() + ": " + o.ref() + " " + o.status() + o.error().map(e -> " (" + e + ")").orElse("")))
              .collect(Collectors.joining(System.lineSeparator())));
    }
    return this;
  }

  /**
   * Checks how many objects were written.
   *
   * @param expected the number of creates, updates and deletes
   * @return this
   */
  public ApplyResultAssert wrote(long expected) {
    isNotNull();
    if (actual.writes() != expected) {
      failWithMessage("Expected %s write(s), but %s object(s) were written: %s", expected, actual.writes(),
          actual.clusters().stream().flatMap(c -> c.outcomes().stream()
                  .filter(o -> o.status() == ObjectOutcome.Status.APPLIED)
                  .map(o -> c.cluster() + ": " + o.action() + " " + o.ref()))
              .collect(Collectors.toList()));
    }
    return this;
  }
}
