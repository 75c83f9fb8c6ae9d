/**
 * The service-provider interface: what a mesh backend, a cluster connector, a store of the
 * Global Service Cluster and a telemetry source implement. Implementations must be thread-safe;
 * the SPI grows only by {@code default} methods.
 */
@ValueStyle
package io.meshsdk.spi;

import io.meshsdk.internal.ValueStyle;
