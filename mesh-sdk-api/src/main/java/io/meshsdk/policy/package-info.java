/**
 * Typed, immutable, validated intents: what should be true of a service's traffic, built with
 * {@link io.meshsdk.policy.PolicyBuilder} and turned into mesh resources by a backend.
 */
@ValueStyle
package io.meshsdk.policy;

import io.meshsdk.internal.ValueStyle;
