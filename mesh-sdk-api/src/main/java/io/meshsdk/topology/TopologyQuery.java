package io.meshsdk.topology;

import io.meshsdk.internal.Violations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Which traffic to read: a time window ending now or at a given instant, optionally limited to
 * namespaces.
 *
 * <pre>{@code
 * TopologyQuery.lastMinutes(5).namespace("bookinfo")
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class TopologyQuery {

  TopologyQuery() {}

  /**
   * Reads the last minutes up to now.
   *
   * @param minutes the window's length, at least 1
   * @return the query
   */
  public static TopologyQuery lastMinutes(int minutes) {
    return ImmutableTopologyQuery.builder().window(Duration.ofMinutes(minutes)).build();
  }

  /**
   * How far back the window reaches from its end.
   *
   * @return the window
   */
  public abstract Duration window();

  /**
   * When the window ends; now when absent.
   *
   * @return the end
   */
  public abstract Optional<Instant> end();

  /**
   * The namespaces to include; every namespace when empty.
   *
   * @return the namespaces
   */
  public abstract List<String> namespaces();

  /**
   * Returns a copy that also includes a namespace.
   *
   * @param namespace the namespace
   * @return the new query
   */
  public final TopologyQuery namespace(String namespace) {
    return ImmutableTopologyQuery.builder().from(this).addNamespace(namespace).build();
  }

  /**
   * Returns a copy whose window ends at an instant.
   *
   * @param end the end of the window
   * @return the new query
   */
  public final TopologyQuery endingAt(Instant end) {
    return ImmutableTopologyQuery.builder().from(this).end(end).build();
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    if (window().compareTo(Duration.ofSeconds(1)) < 0) {
      v.add("window", "must be at least 1s, but was " + window());
    }
    for (int i = 0; i < namespaces().size(); i++) {
      v.dnsLabel("namespaces[" + i + "]", namespaces().get(i));
    }
    v.throwIfAny("TopologyQuery");
  }
}
