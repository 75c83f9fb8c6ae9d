package io.meshsdk.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.MeshManager;
import io.meshsdk.RevisionInUseException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.event.MeshListener;
import io.meshsdk.mesh.ControlPlaneRevision;
import io.meshsdk.mesh.ControlPlaneStatus;
import io.meshsdk.mesh.IstioInstall;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshControlPlane;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.Plan;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.testing.SailOperatorSimulation;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A hosted mesh whose Istio control plane the SDK installs through Istio's Sail operator, then a
 * canary upgrade walked step by step: the new revision beside the old one, one namespace moved to
 * the canary, a rollback, the canary's revision removed, the upgrade again, promotion, and the old
 * revision kept while workloads still run it. Every step is a plan first.
 *
 * <p>The operator does not run on the embedded clusters; {@link SailOperatorSimulation} stands in
 * for it and sets the status it would set. On a platform's clusters, where the operator runs, pass
 * a listener that does nothing.
 */
public final class UpgradeExample {
  private static final Duration READY = Duration.ofMinutes(1);

  private UpgradeExample() {}

  /**
   * Runs the walk-through and prints it to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the walk-through on the embedded clusters, with a simulated operator.
   *
   * @param out where to print what happens
   * @return the control plane's status at the end
   */
  public static ControlPlaneStatus run(PrintStream out) {
    ExampleClusters clusters = ExampleClusters.inMemory();
    InMemoryClusterConnector connector = (InMemoryClusterConnector) clusters.connector();
    SailOperatorSimulation operator = SailOperatorSimulation.inMemory(connector.cluster("mcpc-1"),
        connector.cluster("bj-1"));
    return run(out, clusters, operator.listener());
  }

  /**
   * Runs the walk-through on given clusters.
   *
   * @param out where to print what happens
   * @param clusters the clusters: in memory, or real API servers
   * @param operator told of every applied plan; stands in for the operator where it does not run
   * @return the control plane's status at the end
   */
  public static ControlPlaneStatus run(PrintStream out, ExampleClusters clusters, MeshListener operator) {
    try (MeshManager meshes = MeshManager.builder().connector(clusters.connector()).listener(operator).build()) {
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("mcpc-1").network("net-hub").build()));
      meshes.clusters().register(clusters.reach(ClusterSpec.builder().name("bj-1").network("net-bj").build()));

      // the platform creates the namespace the operator installs istiod into with the cluster
      clusters.deploy("mcpc-1", List.of(MeshResource.of(MeshResource.skeleton("v1", "Namespace", null, "istio-system"))));

      out.println("== Create mesh prod with Istio 1.29.3; creating waits for the operator");
      Mesh prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").addMember("bj-1")
          .istio(IstioInstall.builder().version("1.29.3").readyTimeout(READY)
              .discoveryAddress("istiod.prod.example.com").build()
              .withValues("{\"pilot\":{\"autoscaleMin\":2}}"))
          .build());
      MeshControlPlane controlPlane = prod.controlPlane();
      printStatus(out, controlPlane.status());

      clusters.deploy("bj-1", workloads("prod-v1-29-3"));
      prod.sidecars().enableInjection("bj-1", "bookinfo");
      prod.sidecars().enableInjection("bj-1", "shop");

      out.println();
      out.println("== 1. Upgrade to 1.30.3: the new revision comes up beside the old one");
      Plan upgrade = controlPlane.planUpgrade("1.30.3");
      out.print(upgrade.render());
      upgrade.apply().orThrow();
      printStatus(out, controlPlane.awaitReady(READY));

      out.println();
      out.println("== 2. Move bookinfo to the canary");
      controlPlane.useTag("bj-1", "bookinfo", MeshControlPlane.CANARY_TAG);
      out.println("Workloads to restart: " + controlPlane.pendingRestarts("bj-1"));

      out.println();
      out.println("== 3. Roll back before anything was restarted");
      controlPlane.planRollback().apply().orThrow();
      out.println("Workloads to restart: " + controlPlane.pendingRestarts("bj-1"));
      Plan removeCanary = controlPlane.planRemoveRevision();
      out.print(removeCanary.render());
      removeCanary.apply().orThrow();
      printStatus(out, controlPlane.status());

      out.println();
      out.println("== 4. Upgrade again and promote: stable now names 1.30.3");
      controlPlane.planUpgrade("1.30.3").apply().orThrow();
      controlPlane.awaitReady(READY);
      Plan promote = controlPlane.planPromote();
      out.print(promote.render());
      promote.apply().orThrow();
      out.println("Workloads to restart: " + controlPlane.pendingRestarts("bj-1"));

      out.println();
      out.println("== 5. The old revision stays while workloads run it");
      try {
        controlPlane.planRemoveRevision();
      } catch (RevisionInUseException e) {
        out.println("Refused: " + e.getMessage());
      }
      ControlPlaneStatus status = controlPlane.status();
      printStatus(out, status);
      return status;
    }
  }

  private static void printStatus(PrintStream out, ControlPlaneStatus status) {
    out.println("Control plane on " + status.cluster() + ": " + (status.ready() ? "ready" : "not ready")
        + ", stable " + status.version() + status.canaryVersion().map(c -> ", canary " + c).orElse("")
        + ", revisions " + status.revisions().stream().map(UpgradeExample::describe).collect(Collectors.toList()));
  }

  private static String describe(ControlPlaneRevision revision) {
    return revision.name() + (revision.ready() ? " ready" : " not ready")
        + (revision.tags().isEmpty() ? "" : " " + revision.tags());
  }

  /** Stands in for what a platform deployed: two workloads whose pods a revision's injector gave a proxy. */
  private static List<MeshResource> workloads(String revision) {
    List<MeshResource> objects = new ArrayList<>();
    for (String namespace : List.of("bookinfo", "shop")) {
      objects.add(MeshResource.of(MeshResource.skeleton("v1", "Namespace", null, namespace)));
    }
    objects.addAll(workload("bookinfo", "reviews", revision));
    objects.addAll(workload("shop", "orders", revision));
    return objects;
  }

  private static List<MeshResource> workload(String namespace, String app, String revision) {
    ObjectNode deployment = MeshResource.skeleton("apps/v1", "Deployment", namespace, app);
    ObjectNode spec = deployment.putObject("spec");
    spec.putObject("selector").putObject("matchLabels").put("app", app);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", app);
    template.putObject("spec").putArray("containers").addObject().put("name", app).put("image", "example.com/" + app);
    ObjectNode pod = MeshResource.skeleton("v1", "Pod", namespace, app + "-7d9f");
    ObjectNode metadata = (ObjectNode) pod.get("metadata");
    metadata.putObject("labels").put("app", app).put("istio.io/rev", revision);
    metadata.putObject("annotations").put("sidecar.istio.io/status",
        "{\"containers\":[\"istio-proxy\"],\"revision\":\"" + revision + "\"}");
    var containers = pod.putObject("spec").putArray("containers");
    containers.addObject().put("name", app).put("image", "example.com/" + app);
    containers.addObject().put("name", "istio-proxy").put("image", "docker.io/istio/proxyv2:1.29.3");
    return List.of(MeshResource.of(deployment), MeshResource.of(pod));
  }
}
