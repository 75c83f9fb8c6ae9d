/** The engine behind {@link io.meshsdk.MeshManager}; not part of the public contract. */
package io.meshsdk.core.internal;
