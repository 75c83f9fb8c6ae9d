package io.meshsdk.examples;

import io.meshsdk.MeshManager;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.DirectoryClusterConnector;
import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.Policy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Taking over an Istio configuration that another tool wrote: a GitOps repository holds a
 * VirtualService and a DestinationRule for a shop's catalog, a ServiceEntry with port names of
 * its own and a VirtualService bound to an ingress gateway, none of them written by mesh-sdk.
 * Planning a policy for them would stop at the first one; instead the example discovers them as
 * policies (typed where the typed API says exactly the same, raw with the reason otherwise),
 * adopts them through one plan whose changes say {@code ADOPT}, and plans them again to show
 * that nothing is left to change.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples exec:java -Dexec.mainClass=io.meshsdk.examples.AdoptionExample
 * }</pre>
 */
public final class AdoptionExample {
  /** The cluster of the external mesh, a directory in the repository. */
  static final String CLUSTER = "legacy-1";

  private AdoptionExample() {}

  /**
   * Runs the example in a new temporary directory and prints it to standard output.
   *
   * @param args unused
   * @throws IOException if the temporary directory cannot be created
   */
  public static void main(String[] args) throws IOException {
    run(Files.createTempDirectory("mesh-sdk-adoption"), System.out);
  }

  /**
   * Runs the example.
   *
   * @param repository the directory standing for the GitOps repository
   * @param out where to print what happens
   * @return what discovery found
   */
  public static List<DiscoveredPolicy> run(Path repository, PrintStream out) {
    writeForeignConfiguration(repository.resolve(CLUSTER).resolve("shop"));
    try (MeshManager meshes = MeshManager.builder().connector(new DirectoryClusterConnector(repository)).build()) {
      meshes.clusters().register(ClusterSpec.builder().name(CLUSTER).build());
      Mesh legacy = meshes.create(MeshSpec.external("legacy").addPrimary(CLUSTER).build());

      heading(out, "1. Discover what another tool wrote");
      List<DiscoveredPolicy> found = legacy.policies().discover();
      for (DiscoveredPolicy policy : found) {
        out.println(policy.policy().ref() + " from " + policy.sources().stream()
            .map(s -> s.ref().kind() + " " + s.ref().name()).collect(Collectors.joining(", "))
            + policy.reason().map(r -> "\n    kept raw: " + r).orElse(""));
      }

      heading(out, "2. Adopt it: labels and intent added, specs unchanged");
      List<Policy> policies = found.stream().map(DiscoveredPolicy::policy).collect(Collectors.toList());
      Plan adoption = legacy.policies().adopt(policies);
      out.print(adoption.render());
      ApplyResult result = adoption.apply();
      out.println("successful: " + result.successful() + ", objects written: " + result.writes());

      heading(out, "3. Plan the same policies again: the SDK now owns them, nothing changes");
      Plan again = legacy.policies().plan(policies);
      out.print(again.render());
      out.println("has changes: " + again.hasChanges() + ", left to discover: " + legacy.policies().discover().size());
      return found;
    }
  }

  /** What the other tool left in the repository, in the layout the directory connector reads. */
  private static void writeForeignConfiguration(Path namespace) {
    write(namespace.resolve("destinationrule-catalog.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: catalog
          namespace: shop
        spec:
          host: catalog.shop.svc.cluster.local
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
        """);
    write(namespace.resolve("virtualservice-catalog.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: catalog
          namespace: shop
        spec:
          hosts:
          - catalog.shop.svc.cluster.local
          http:
          - route:
            - destination:
                host: catalog.shop.svc.cluster.local
                subset: v1
              weight: 90
            - destination:
                host: catalog.shop.svc.cluster.local
                subset: v2
              weight: 10
            timeout: 2s
        """);
    write(namespace.resolve("serviceentry-payments.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: payments
          namespace: shop
        spec:
          hosts:
          - api.payments.example.com
          ports:
          - number: 443
            name: tls-api
            protocol: TLS
          location: MESH_EXTERNAL
          resolution: DNS
        """);
    write(namespace.resolve("virtualservice-web.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: web
          namespace: shop
        spec:
          hosts:
          - shop.example.com
          gateways:
          - shop-gateway
          http:
          - route:
            - destination:
                host: web.shop.svc.cluster.local
        """);
  }

  private static void write(Path file, String yaml) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void heading(PrintStream out, String text) {
    out.println();
    out.println("== " + text);
  }
}
