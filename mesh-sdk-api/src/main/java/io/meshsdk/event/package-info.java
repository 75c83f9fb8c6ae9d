/**
 * What a manager tells the platform while it works: progress and change events for {@link
 * io.meshsdk.event.MeshListener}s, and an {@link io.meshsdk.event.AuditRecord} of every write for
 * the platform's {@link io.meshsdk.event.AuditSink}.
 *
 * @since 0.2.0
 */
@ValueStyle
package io.meshsdk.event;

import io.meshsdk.internal.ValueStyle;
