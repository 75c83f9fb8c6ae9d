package io.meshsdk.analysis;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * Hides the findings of a code, optionally only for some objects, as {@code istioctl analyze
 * --suppress} does. Both parts are patterns in which {@code *} stands for any text: {@code
 * IST01*} hides every code starting with {@code IST01}; the resource pattern is matched against
 * {@code Kind namespace/name} (the form of {@link io.meshsdk.resource.ResourceRef#toString()}),
 * for example {@code VirtualService bookinfo/*}.
 *
 * <p>A single object can also carry its own suppression: the annotation {@value #ANNOTATION} (or
 * Istio's {@value #ISTIO_ANNOTATION}) with a comma-separated list of codes hides those codes'
 * findings about that object.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableSuppression.class)
@JsonDeserialize(as = ImmutableSuppression.class)
public abstract class Suppression {

  /** The annotation by which an object hides findings about itself: codes separated by commas. */
  public static final String ANNOTATION = "mesh.meshsdk.io/analysis-suppress";

  /** Istio's annotation of the same meaning, honoured too. */
  public static final String ISTIO_ANNOTATION = "galley.istio.io/analyze-suppress";

  Suppression() {}

  /**
   * Hides every finding of the codes a pattern matches.
   *
   * @param code a code or a pattern such as {@code MSH*}
   * @return the suppression
   * @throws io.meshsdk.ValidationException if the pattern is blank
   */
  public static Suppression of(String code) {
    return ImmutableSuppression.builder().code(code).resource("*").build();
  }

  /**
   * Hides the findings of the codes a pattern matches about the objects another pattern matches.
   *
   * @param code a code or a pattern such as {@code MSH*}
   * @param resource a pattern of {@code Kind namespace/name}, for example {@code VirtualService
   *     bookinfo/*}
   * @return the suppression
   * @throws io.meshsdk.ValidationException if a pattern is blank
   */
  public static Suppression of(String code, String resource) {
    return ImmutableSuppression.builder().code(code).resource(resource).build();
  }

  /**
   * The pattern of codes.
   *
   * @return for example {@code IST0102} or {@code MSH*}
   */
  public abstract String code();

  /**
   * The pattern of objects, matched against {@code Kind namespace/name}.
   *
   * @return {@code *} for every object
   */
  public abstract String resource();

  /**
   * Whether this suppression hides a finding.
   *
   * @param finding the finding
   * @return {@code true} when the code matches and the finding's object matches (a finding about
   *     no object matches only the resource pattern {@code *})
   */
  public final boolean matches(Finding finding) {
    if (!glob(code()).matcher(finding.code()).matches()) {
      return false;
    }
    if (resource().equals("*")) {
      return true;
    }
    return finding.resource().map(r -> glob(resource()).matcher(r.toString()).matches()).orElse(false);
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (regex.length() > 0 || pattern.startsWith("*")) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(pattern.startsWith("*") ? regex.substring(2) : regex.toString());
  }

  @Value.Check
  final void check() {
    List<Violation> violations = new ArrayList<>();
    if (code().isBlank()) {
      violations.add(Violation.of("code", "must not be blank"));
    }
    if (resource().isBlank()) {
      violations.add(Violation.of("resource", "must not be blank"));
    }
    if (!violations.isEmpty()) {
      throw new ValidationException("the suppression", violations);
    }
  }

  /** Returns for example {@code MSH0003=VirtualService bookinfo/*}. */
  @Override
  public final String toString() {
    return code() + "=" + resource();
  }
}
