/**
 * The entry point of mesh-sdk: {@link io.meshsdk.MeshManager}, built with {@link
 * io.meshsdk.MeshManager#builder()}, and the exceptions every operation may throw.
 */
package io.meshsdk;
