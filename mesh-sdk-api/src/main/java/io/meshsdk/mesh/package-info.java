/** Service meshes: their modes, specifications, membership and the handle to act on one. */
@ValueStyle
package io.meshsdk.mesh;

import io.meshsdk.internal.ValueStyle;
