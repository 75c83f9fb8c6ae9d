package io.meshsdk.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.resource.MeshResource;
import java.util.Map;

/** Kubernetes objects of a data-plane cluster, as tests plant them. */
final class Workloads {
  private Workloads() {}

  static MeshResource namespace(String name, Map<String, String> labels) {
    ObjectNode object = MeshResource.skeleton("v1", "Namespace", null, name);
    ObjectNode labelNode = ((ObjectNode) object.get("metadata")).putObject("labels");
    labels.forEach(labelNode::put);
    return MeshResource.of(object);
  }

  static MeshResource deployment(String namespace, String name, String app) {
    return workload("Deployment", namespace, name, app);
  }

  static MeshResource statefulSet(String namespace, String name, String app) {
    return workload("StatefulSet", namespace, name, app);
  }

  private static MeshResource workload(String kind, String namespace, String name, String app) {
    ObjectNode object = MeshResource.skeleton("apps/v1", kind, namespace, name);
    ObjectNode spec = object.putObject("spec");
    spec.put("replicas", 2);
    spec.putObject("selector").putObject("matchLabels").put("app", app);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", app).put("version", "v1");
    template.putObject("spec").putArray("containers").addObject().put("name", app).put("image", app + ":1");
    return MeshResource.of(object);
  }

  static MeshResource pod(String namespace, String name, String app) {
    ObjectNode object = MeshResource.skeleton("v1", "Pod", namespace, name);
    ((ObjectNode) object.get("metadata")).putObject("labels").put("app", app);
    object.putObject("spec").putArray("containers").addObject().put("name", app);
    return MeshResource.of(object);
  }

  /** A pod as the injector of {@code revision} leaves it. */
  static MeshResource injectedPod(String namespace, String name, String app, String revision, String proxyImage) {
    ObjectNode object = MeshResource.skeleton("v1", "Pod", namespace, name);
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    metadata.putObject("labels").put("app", app).put("istio.io/rev", revision)
        .put("service.istio.io/canonical-name", app);
    metadata.putObject("annotations").put("sidecar.istio.io/status",
        "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"],\"volumes\":[\"istio-envoy\"],"
            + "\"imagePullSecrets\":null,\"revision\":\"" + revision + "\"}");
    ArrayNode containers = object.putObject("spec").putArray("containers");
    containers.addObject().put("name", app);
    containers.addObject().put("name", "istio-proxy").put("image", proxyImage);
    return MeshResource.of(object);
  }

  static MeshResource service(String namespace, String name, String app, int port) {
    ObjectNode object = MeshResource.skeleton("v1", "Service", namespace, name);
    ObjectNode spec = object.putObject("spec");
    spec.putObject("selector").put("app", app);
    spec.putArray("ports").addObject().put("name", "http").put("port", port);
    return MeshResource.of(object);
  }
}
