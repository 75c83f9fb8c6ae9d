/**
 * What runs on a mesh's data-plane clusters, read live: namespaces with their injection setting,
 * services, workloads and the sidecar state of their pods.
 *
 * @since 0.2.0
 */
@ValueStyle
package io.meshsdk.inventory;

import io.meshsdk.internal.ValueStyle;
