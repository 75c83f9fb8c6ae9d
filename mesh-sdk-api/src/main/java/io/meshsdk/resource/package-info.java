/** The neutral form of a Kubernetes object that plans, connectors and backends exchange. */
@ValueStyle
package io.meshsdk.resource;

import io.meshsdk.internal.ValueStyle;
