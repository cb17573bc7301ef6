package dev.chatstore.jobs;

import dev.chatstore.tuple.Tuple;

/**
 * A half-open range {@code [start, end)} of keys of one category, in tuple order
 * ({@link Tuple#compareTo}, which is the order keys are stored and scanned in).
 *
 * <p>{@code start == null} starts at the first key of the category; {@code end == null} is an
 * open end (up to the last key). A key that extends {@code end} (such as {@code ("a", 1)} for
 * the end {@code ("a")}) sorts after it and is outside; to take every key that starts with some
 * elements, use {@link Job#scanPrefix}.
 *
 * @param start the first key of the range (inclusive), or null for the first key
 * @param end the first key after the range (exclusive), or null for an open end
 */
public record TupleRange(Tuple start, Tuple end) {
  private static final TupleRange ALL = new TupleRange(null, null);

  /** @throws IllegalArgumentException when {@code start} sorts after {@code end} */
  public TupleRange {
    if (start != null && end != null && start.compareTo(end) > 0) {
      throw new IllegalArgumentException("range start " + start + " sorts after its end " + end
          + "; expected start <= end");
    }
  }

  /** Every key of the category. */
  public static TupleRange all() {
    return ALL;
  }

  /** {@code [start, end)}; either may be null (first key, open end). */
  public static TupleRange of(Tuple start, Tuple end) {
    return new TupleRange(start, end);
  }

  /** From {@code start} (inclusive) to the last key. */
  public static TupleRange from(Tuple start) {
    return new TupleRange(start, null);
  }

  /** From the first key up to {@code end} (exclusive). */
  public static TupleRange until(Tuple end) {
    return new TupleRange(null, end);
  }
}
