/** The live traffic topology of a mesh: who calls whom, how often, and how well. */
@ValueStyle
package io.meshsdk.topology;

import io.meshsdk.internal.ValueStyle;
