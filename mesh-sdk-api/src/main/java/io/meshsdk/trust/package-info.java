/** The mesh's root of trust: a mesh-wide root CA, per-cluster intermediate CAs and their health. */
@ValueStyle
package io.meshsdk.trust;

import io.meshsdk.internal.ValueStyle;
