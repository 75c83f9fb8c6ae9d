package io.meshsdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.meshsdk.policy.Policy;

/**
 * Checks that a policy's intent annotation fits on the object that carries it. The engine stores
 * the policy's canonical JSON, with its hash, as annotations on one object the policy produces on
 * each config cluster (the others carry only the ownership labels), and the Kubernetes API server refuses an object whose annotations, keys and values together, exceed
 * {@link Violations#MAX_ANNOTATIONS_BYTES} bytes. A policy too large for that is refused when it
 * is built, instead of failing on the cluster after part of a plan is applied.
 *
 * <p>The JSON is written with the engine's configuration for intents (Optional and java.time
 * support, durations as ISO-8601 text, absent values and empty lists, sets and maps left out); the
 * engine also sorts keys, which does not change the length.
 */
public final class IntentSize {
  /** The annotation holding the intent, as the engine writes it. */
  public static final String INTENT_ANNOTATION = "mesh.meshsdk.io/intent";
  /** The annotation holding the intent's hash, as the engine writes it. */
  public static final String INTENT_HASH_ANNOTATION = "mesh.meshsdk.io/intent-hash";
  /** The length of the hash the engine writes: 16 hex digits. */
  private static final int HASH_LENGTH = 16;
  /** What the two annotations take besides the intent itself. */
  public static final int OVERHEAD =
      INTENT_ANNOTATION.length() + INTENT_HASH_ANNOTATION.length() + HASH_LENGTH;

  private static final ObjectWriter WRITER = ApiJson.policyWriter();

  private IntentSize() {}


  /**
   * The size of a policy's canonical JSON.
   *
   * @param policy the policy
   * @return its length in bytes of UTF-8
   */
  public static long of(Policy policy) {
    try {
      return WRITER.writeValueAsBytes(policy).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a policy always serialises: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Records a violation at {@code intent} when the policy's intent annotation would not fit.
   *
   * @param v where to record
   * @param policy the policy, fully built
   * @param otherAnnotationBytes the largest size of the annotations an object of the policy
   *     carries itself, which share the limit
   */
  public static void check(Violations v, Policy policy, long otherAnnotationBytes) {
    long limit = Violations.MAX_ANNOTATIONS_BYTES - OVERHEAD - otherAnnotationBytes;
    long size = of(policy);
    if (size > limit) {
      v.add("intent", "is the policy's canonical JSON, " + size + " bytes, which mesh-sdk stores as an"
          + " annotation on one object the policy produces; the Kubernetes API server allows "
          + Violations.MAX_ANNOTATIONS_BYTES + " bytes (256 KiB) of annotations per object, which leaves at"
          + " most " + Math.max(0, limit) + " bytes for it here; split the policy into smaller ones");
    }
  }
}
