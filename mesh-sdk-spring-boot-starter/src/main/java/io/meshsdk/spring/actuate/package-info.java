/**
 * Spring Boot Actuator health of the clusters and meshes a {@link io.meshsdk.MeshManager} knows.
 *
 * @since 0.2.0
 */
package io.meshsdk.spring.actuate;
