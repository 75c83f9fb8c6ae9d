/** Istio telemetry from Prometheus' HTTP API, the source of the service graph's metrics. */
package io.meshsdk.istio.prometheus;
