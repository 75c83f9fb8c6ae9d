/**
 * Tenancy: which principal may act on which meshes and namespaces, checked by the manager before
 * any plan or write.
 *
 * @since 0.2.0
 */
@ValueStyle
package io.meshsdk.access;

import io.meshsdk.internal.ValueStyle;
