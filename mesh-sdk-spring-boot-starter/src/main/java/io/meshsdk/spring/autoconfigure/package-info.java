/**
 * Spring Boot auto-configuration of mesh-sdk: a {@link io.meshsdk.MeshManager} bean from the
 * {@code meshsdk.*} properties, and Actuator health per cluster and per mesh.
 *
 * @since 0.2.0
 */
package io.meshsdk.spring.autoconfigure;
