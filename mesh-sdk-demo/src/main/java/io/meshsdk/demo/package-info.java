/**
 * Synthetic Istio telemetry for topology without a Prometheus: declared traffic between
 * workloads, answered as Prometheus would, for a console's demo mode as much as for tests.
 *
 * @since 0.2.0
 */
package io.meshsdk.demo;
