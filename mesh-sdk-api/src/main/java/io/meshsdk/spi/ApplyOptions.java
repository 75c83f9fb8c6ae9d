package io.meshsdk.spi;

import io.meshsdk.resource.MeshResource;
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
   * Whether to take over fields owned by other managers: a server-side apply with {@code
   * force=true}, after which the SDK's field manager owns every field it sends. The engine sets it
   * for {@link io.meshsdk.plan.ApplyMode#FORCE}; connectors that keep no field ownership ignore it.
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

  /**
   * The uid the live object must still have. Server-side apply creates an object that does not
   * exist, whatever resource version the body names; with a uid set, a connector fails instead
   * with {@link io.meshsdk.ErrorCode#STALE_PLAN} when the object was deleted, or deleted and
   * created again, since it was read. The engine sets it with {@link #expectedResourceVersion()}
   * for every update of a plan.
   *
   * @return the expected uid
   * @since 0.2.0
   */
  public abstract Optional<String> expectedUid();

  /**
   * The object as the caller read it, at {@link #expectedResourceVersion()}: the engine sets it
   * for every update of a plan, from the plan's live object. A connector that replaces whole
   * objects lays the wanted object over it instead of reading the object again, so that an update
   * is one request; the replace still names the expected resource version, so a change since the
   * read fails with {@link io.meshsdk.ErrorCode#STALE_PLAN}. Connectors that patch ignore it. Left
   * out of {@code toString()}, since the object may be a Secret.
   *
   * @return the object as last read
   * @since 0.2.0
   */
  @Value.Redacted
  public abstract Optional<MeshResource> lastRead();

  /** Builds {@link ApplyOptions}. */
  public static final class Builder extends ImmutableApplyOptions.Builder {
    Builder() {}
  }
}
