/**
 * The engine's public parts: the embedded in-memory clusters and store that {@code
 * MeshManager.builder().build()} uses by default, and that tests inspect.
 */
package io.meshsdk.core;
