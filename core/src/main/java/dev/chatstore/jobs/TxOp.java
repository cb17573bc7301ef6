package dev.chatstore.jobs;

import dev.chatstore.tuple.Tuple;
import java.util.Arrays;

/**
 * One write of a job's atomic batch ({@link Job#persist(java.util.List)}): a put or a delete of
 * one key of one category.
 */
public sealed interface TxOp {

  /** The category the key belongs to. */
  String category();

  /** The key within its category. */
  Tuple key();

  /** Sets {@code key} of {@code category} to {@code payload} (empty is a payload). */
  static TxOp put(String category, Tuple key, byte[] payload) {
    return new Put(category, key, payload);
  }

  /** Removes {@code key} of {@code category} (absent is fine). */
  static TxOp delete(String category, Tuple key) {
    return new Delete(category, key);
  }

  /**
   * Sets a key to a payload. The payload array is copied in, so the caller may reuse it.
   *
   * @param category the category; not null, may be empty
   * @param key the key; not null, may be the empty tuple
   * @param payload the payload; not null, may be empty
   */
  record Put(String category, Tuple key, byte[] payload) implements TxOp {
    /** @throws IllegalArgumentException when a component is null */
    public Put {
      JobKeys.check(category, key);
      if (payload == null) {
        throw new IllegalArgumentException("payload must not be null (use an empty array, or a"
            + " delete to remove the key)");
      }
      payload = payload.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
      return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p && p.category.equals(category) && p.key.equals(key)
          && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
      return (category.hashCode() * 31 + key.hashCode()) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "put " + category + " " + key + " (" + payload.length + " bytes)";
    }

    byte[] payloadUnsafe() {
      return payload;
    }
  }

  /**
   * Removes a key.
   *
   * @param category the category; not null, may be empty
   * @param key the key; not null, may be the empty tuple
   */
  record Delete(String category, Tuple key) implements TxOp {
    /** @throws IllegalArgumentException when a component is null */
    public Delete {
      JobKeys.check(category, key);
    }
  }
}
