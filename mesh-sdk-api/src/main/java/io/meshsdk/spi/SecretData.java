package io.meshsdk.spi;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Named secret values, such as a CA's certificate and private key, as the store keeps them. Its
 * {@code toString()} names the keys only, never a value, so that it can never leak into a log.
 *
 * @since 0.2.0
 */
public final class SecretData {
  private final Map<String, byte[]> values;

  private SecretData(Map<String, byte[]> values) {
    this.values = values;
  }

  /**
   * Copies secret values.
   *
   * @param values the values by name
   * @return the data
   */
  public static SecretData of(Map<String, byte[]> values) {
    Map<String, byte[]> copy = new TreeMap<>();
    values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value").clone()));
    return new SecretData(copy);
  }

  /**
   * The names of the values.
   *
   * @return the keys, sorted
   */
  public Set<String> keys() {
    return values.keySet();
  }

  /**
   * One value.
   *
   * @param key its name
   * @return a copy of the value, if present
   */
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(values.get(key)).map(byte[]::clone);
  }

  /**
   * Every value.
   *
   * @return a copy of the values by name
   */
  public Map<String, byte[]> values() {
    Map<String, byte[]> copy = new TreeMap<>();
    values.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SecretData)) {
      return false;
    }
    Map<String, byte[]> other = ((SecretData) o).values;
    return values.keySet().equals(other.keySet())
        && values.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return values.keySet().hashCode();
  }

  /** Names the keys only. */
  @Override
  public String toString() {
    return "SecretData" + values.keySet() + " (values redacted)";
  }
}
