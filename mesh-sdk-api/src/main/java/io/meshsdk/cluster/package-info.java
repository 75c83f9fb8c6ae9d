/** The registry of Kubernetes clusters the SDK manages, and how each is reached. */
@ValueStyle
package io.meshsdk.cluster;

import io.meshsdk.internal.ValueStyle;
