package io.meshsdk.spi;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * How a connector writes one object.
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class ApplyOptions {

  /** The field manager the SDK writes as. */
  public static final String FIELD_MANAGER = "mesh-sdk";

  ApplyOptions() {}

  /**
   * Starts options.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The field manager recorded for server-side apply.
   *
   * @return {@value #FIELD_MANAGER} unless set
   */
  @Value.Default
  public String fieldManager() {
    return FIELD_MANAGER;
  }

  /**
   * Whether to take over fields owned by other managers.
   *
   * @return {@code false} unless set
   */
  @Value.Default
  public boolean force() {
    return false;
  }

  /**
   * Whether the object must not exist yet; an existing one fails with {@link
   * io.meshsdk.ErrorCode#ALREADY_EXISTS}.
   *
   * @return {@code false} unless set
   */
  @Value.Default
  public boolean createOnly() {
    return false;
  }

  /**
   * Whether the API server only validates and defaults the object, without storing it
   * (server-side dry run, {@code dryRun=All}). Admission webhooks and schema validation run as
   * for a real write, so this finds what a client-side check cannot. Turn it on to check a plan
   * against a live cluster before applying it.
   *
   * @return {@code false} unless set
   * @since 0.1.0
   */
  @Value.Default
  public boolean dryRun() {
    return false;
  }

  /**
   * The resource version the live object must still have; another one fails with {@link
   * io.meshsdk.ErrorCode#STALE_PLAN}.
   *
   * @return the expected version
   */
  public abstract Optional<String> expectedResourceVersion();

  /** Builds {@link ApplyOptions}. */
  public static final class Builder extends ImmutableApplyOptions.Builder {
    Builder() {}
  }
}
