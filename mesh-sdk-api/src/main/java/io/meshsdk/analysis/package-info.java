/**
 * Analysis of a mesh's configuration: {@link io.meshsdk.analysis.Finding findings} with codes,
 * severities and remediations, gathered in an {@link io.meshsdk.analysis.AnalysisReport}.
 *
 * <p>Findings reuse the codes of Istio's analyzers ({@code IST0xxx}) where the meaning is the
 * same; checks of the SDK's own use {@code MSH0xxx}.
 */
@ValueStyle
package io.meshsdk.analysis;

import io.meshsdk.internal.ValueStyle;
