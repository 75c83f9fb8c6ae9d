package io.meshsdk.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a plan does to one object on one cluster, with the live and wanted forms and the
 * difference between them.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableResourceChange.class)
@JsonDeserialize(as = ImmutableResourceChange.class)
public abstract class ResourceChange {

  ResourceChange() {}

  /**
   * Starts a change.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster the object lives on.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The object.
   *
   * @return its identity
   */
  public abstract ResourceRef ref();

  /**
   * What happens to it.
   *
   * @return the action
   */
  public abstract ChangeAction action();

  /**
   * The object as it is on the cluster when the plan was made; its resource version pins the
   * plan, which goes stale if the object changes before it is applied.
   *
   * @return the live object; absent for {@link ChangeAction#CREATE}
   */
  public abstract Optional<MeshResource> live();

  /**
   * The object as it will be written.
   *
   * @return the wanted object; absent for {@link ChangeAction#DELETE}
   */
  public abstract Optional<MeshResource> desired();

  /**
   * The differences from live to wanted, in path order. Empty for {@link ChangeAction#UNCHANGED}.
   *
   * @return the differences
   */
  public abstract List<DiffEntry> diff();

  /** Builds a {@link ResourceChange}. */
  public static final class Builder extends ImmutableResourceChange.Builder {
    Builder() {}
  }
}
