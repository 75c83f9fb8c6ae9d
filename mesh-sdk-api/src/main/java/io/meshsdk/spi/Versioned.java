package io.meshsdk.spi;

import java.util.Objects;

/**
 * A stored value with the version it was stored at, for optimistic concurrency: an update names
 * the version it read and fails if the stored one moved.
 *
 * @param <T> the value's type
 * @since 0.1.0
 */
public final class Versioned<T> {
  private final T value;
  private final String version;

  private Versioned(T value, String version) {
    this.value = Objects.requireNonNull(value, "value");
    this.version = Objects.requireNonNull(version, "version");
  }

  /**
   * Pairs a value with its version.
   *
   * @param value the value
   * @param version the opaque version
   * @param <T> the value's type
   * @return the pair
   */
  public static <T> Versioned<T> of(T value, String version) {
    return new Versioned<>(value, version);
  }

  /**
   * The value.
   *
   * @return the value
   */
  public T value() {
    return value;
  }

  /**
   * The version, opaque to callers.
   *
   * @return the version
   */
  public String version() {
    return version;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Versioned
        && ((Versioned<?>) o).value.equals(value)
        && ((Versioned<?>) o).version.equals(version);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, version);
  }

  @Override
  public String toString() {
    return value + "@" + version;
  }
}
