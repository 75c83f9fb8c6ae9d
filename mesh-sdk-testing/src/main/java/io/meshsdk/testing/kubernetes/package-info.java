/**
 * Clusters for tests that speak the Kubernetes API over real HTTP without Docker: fabric8 mock API
 * servers in CRUD mode, one per cluster, reached through the Kubernetes connector. Needs
 * {@code io.fabric8:kubernetes-server-mock} on the test classpath.
 */
package io.meshsdk.testing.kubernetes;
