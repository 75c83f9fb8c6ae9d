/** Gateway instances a mesh runs: ingress, egress and east-west gateways, their specifications and status. */
@ValueStyle
package io.meshsdk.gateway;

import io.meshsdk.internal.ValueStyle;
