package io.meshsdk.istio.internal.checks;

import io.meshsdk.spi.Analyzer;
import java.util.List;

/** The SDK's own checks, {@code MSH0001} to {@code MSH0006}. */
public final class MeshChecks {
  private MeshChecks() {}

  /**
   * Every check, each a new instance.
   *
   * @return the analyzers
   */
  public static List<Analyzer> all() {
    return List.of(new ServiceConsistencyCheck(), new MemberClusterConfigCheck(), new SubsetPodsCheck(),
        new MtlsConflictCheck(), new DenyAllAuthorizationCheck(), new HostOwnershipCheck());
  }
}
