/**
 * Real Kubernetes API servers for tests: k3s in Docker through Testcontainers, with Istio's CRDs
 * installed. Needs {@code org.testcontainers:k3s} on the test classpath and Docker where the
 * tests run; without Docker the tests that use it are skipped with the reason.
 */
package io.meshsdk.testing.k3s;
