package io.meshsdk.spi;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.time.Instant;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A claim kept in a {@link MeshStore}: a short record saying that a holder owns a key, so that
 * several platform replicas sharing one store agree on who may change what. A claim is created
 * only if none exists under its key (the store answers {@link io.meshsdk.ErrorCode#ALREADY_EXISTS}
 * otherwise) and deleted only at the version read, which together make it a lock that survives
 * the process taking it; the engine judges when an abandoned claim may be taken over from {@link
 * #acquiredAt()} and from what the store says about its holder.
 *
 * <p>The engine claims {@code cluster/<name>} for the mesh that owns a cluster (holder {@code
 * mesh/<mesh>}) or for the cluster registry while it removes the cluster (holder {@code
 * registry}), and {@code mesh/<name>} while it changes which clusters a mesh spans.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableStoreClaim.class)
@JsonDeserialize(as = ImmutableStoreClaim.class)
public abstract class StoreClaim {
  private static final Pattern KEY = Pattern.compile("[a-z]{1,20}/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final int MAX_TEXT = 253;

  StoreClaim() {}

  /**
   * Creates a claim.
   *
   * @param key what is claimed: a kind of lower-case letters, a slash and a DNS-1123 label, for
   *     example {@code cluster/bj-1}
   * @param holder who holds it, for example {@code mesh/prod}
   * @param attemptId the attempt that took it, unique per attempt, so that an attempt releases
   *     only its own claims
   * @param acquiredAt when it was taken, from the engine's clock
   * @return the claim
   * @throws io.meshsdk.ValidationException naming every field that is not valid
   */
  public static StoreClaim of(String key, String holder, String attemptId, Instant acquiredAt) {
    return ImmutableStoreClaim.builder().key(key).holder(holder).attemptId(attemptId).acquiredAt(acquiredAt).build();
  }

  /**
   * Whether a text is a valid claim key: a kind of lower-case letters, a slash and a DNS-1123
   * label.
   *
   * @param key the text
   * @return whether stores accept it as a key
   */
  public static boolean isKey(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /**
   * What is claimed, for example {@code cluster/bj-1}.
   *
   * @return the key
   */
  public abstract String key();

  /**
   * Who holds the claim, for example {@code mesh/prod} or {@code registry}.
   *
   * @return the holder
   */
  public abstract String holder();

  /**
   * The attempt that took the claim.
   *
   * @return an identifier unique per attempt
   */
  public abstract String attemptId();

  /**
   * When the claim was taken, by the clock of the engine that took it.
   *
   * @return the instant
   */
  public abstract Instant acquiredAt();

  @Value.Check
  void check() {
    Violations violations = new Violations();
    if (!isKey(key())) {
      violations.add("key", "must be a kind of lower-case letters, a slash and a DNS-1123 label, such as"
          + " cluster/bj-1, but was " + key());
    }
    if (holder().isBlank() || holder().length() > MAX_TEXT) {
      violations.add("holder", "must be 1 to " + MAX_TEXT + " characters, not blank");
    }
    if (attemptId().isBlank() || attemptId().length() > MAX_TEXT) {
      violations.add("attemptId", "must be 1 to " + MAX_TEXT + " characters, not blank");
    }
    violations.throwIfAny("claim " + key());
  }
}
