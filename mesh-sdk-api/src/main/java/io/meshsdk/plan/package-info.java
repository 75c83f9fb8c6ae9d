/** Plans of what a change would do on each cluster, and the per-cluster results of applying them. */
@ValueStyle
package io.meshsdk.plan;

import io.meshsdk.internal.ValueStyle;
