package dev.chatstore.chat;

import java.util.Arrays;

/**
 * The inbox positions of one chat's users as a {@link ChatCache} entry keeps them: user id to the
 * position's stored bytes, or to null for a user known to have no position.
 *
 * <p>Made for the hot path of a message to a group, which looks up and then sets the position
 * of every member: the ids sit side by side in one array (copied in, so the caller may reuse
 * its arrays), and an open-addressing table of entry numbers (linear probing, at most half
 * full) is probed by a hash stored beside each entry, so a look-up touches a few cache lines
 * and allocates nothing. Not thread-safe: a cache entry is used under its chat's lock.
 */
final class Positions {
  private static final int ID = ChatDb.USER_ID_BYTES;

  /** Per slot: the entry number plus one, 0 for a free slot. */
  private int[] table;
  /** The entries' ids, {@value #ID} bytes each, in entry order. */
  private byte[] ids;
  private int[] hashes;
  private byte[][] values;
  private int size;

  /**
   * An empty map with room for {@code expected} users before it grows; with 0 it takes no room
   * at all until a user is set (a cache entry that never holds positions).
   */
  Positions(int expected) {
    int cap = Math.max(0, expected);
    ids = new byte[cap * ID];
    hashes = new int[cap];
    values = new byte[cap][];
    table = new int[cap == 0 ? 1 : Integer.highestOneBit(cap * 2 - 1) << 1];
  }

  /** The number of users in the map. */
  int size() {
    return size;
  }

  /**
   * The entry of {@code user}, or -1 when the map does not know the user.
   *
   * @throws IllegalArgumentException when {@code user} is not {@value #ID} bytes long
   */
  int find(byte[] user) {
    return table[slot(user, hash(user))] - 1;
  }

  /** The position bytes of entry {@code e} ({@link #find}), null for no position. */
  byte[] value(int e) {
    return values[e];
  }

  /** Sets the position bytes of {@code user} (null: known to have none). */
  void set(byte[] user, byte[] value) {
    int h = hash(user);
    int i = slot(user, h);
    int known = table[i] - 1;
    if (known >= 0) {
      values[known] = value;
      return;
    }
    if (size == hashes.length) {
      int cap = Math.max(4, size * 2);
      ids = Arrays.copyOf(ids, cap * ID);
      hashes = Arrays.copyOf(hashes, cap);
      values = Arrays.copyOf(values, cap);
    }
    System.arraycopy(user, 0, ids, size * ID, ID);
    hashes[size] = h;
    values[size] = value;
    size++;
    if (size * 2 > table.length) {
      rehash(table.length * 2);
    } else {
      table[i] = size;
    }
  }

  /** The slot of {@code user}'s entry ({@code h} its hash), or the free slot it would take. */
  private int slot(byte[] user, int h) {
    int mask = table.length - 1;
    int i = h & mask;
    for (int e; (e = table[i] - 1) >= 0; i = (i + 1) & mask) {
      if (hashes[e] == h && Arrays.equals(ids, e * ID, e * ID + ID, user, 0, ID)) {
        return i;
      }
    }
    return i;
  }

  private void rehash(int slots) {
    table = new int[slots];
    int mask = slots - 1;
    for (int e = 0; e < size; e++) {
      int i = hashes[e] & mask;
      while (table[i] != 0) {
        i = (i + 1) & mask;
      }
      table[i] = e + 1;
    }
  }

  /** A hash of a user id that spreads its bytes over the low bits the table uses. */
  private static int hash(byte[] user) {
    if (user.length != ID) {
      throw new IllegalArgumentException("user id is " + user.length + " bytes long; expected "
          + ID);
    }
    int h = Arrays.hashCode(user) * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
