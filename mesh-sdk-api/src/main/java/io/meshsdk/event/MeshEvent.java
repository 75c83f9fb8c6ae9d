package io.meshsdk.event;

import java.time.Instant;

/**
 * What every event carries: when it happened, by the manager's {@link java.time.Clock}.
 *
 * @since 0.2.0
 */
public abstract class MeshEvent {

  MeshEvent() {}

  /**
   * When the event happened, by the manager's clock.
   *
   * @return the instant
   */
  public abstract Instant at();
}
