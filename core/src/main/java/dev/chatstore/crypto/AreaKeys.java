package dev.chatstore.crypto;

import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.Bytes;
import dev.chatstore.tuple.Tuple;
import java.util.Arrays;

/**
 * Reads the area of a keyspace key {@code (1, tenant, area-tag, ...)} from its bytes, without
 * allocating. A key of any other shape (system records, foreign keys) has no area.
 */
final class AreaKeys {
  /** {@code (1)} packed: a positive one-byte integer. */
  private static final byte INT_1 = 0x15;
  private static final byte STRING = 0x02;

  private AreaKeys() {}

  /**
   * The length of the {@code (1, tenant, tag)} prefix of {@code key}, or -1 when the key is not a
   * tenant key with an area tag.
   */
  static int areaPrefixLength(byte[] key) {
    if (key.length < 5 || key[0] != INT_1 || key[1] != Keyspace.TENANTS_TAG || key[2] != STRING) {
      return -1;
    }
    int i = 3;
    while (i < key.length) {
      if (key[i] == 0) {
        if (i + 1 < key.length && key[i + 1] == (byte) 0xFF) {
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    int tagAt = i + 1;
    if (i >= key.length || tagAt + 2 > key.length) {
      return -1;
    }
    if (key[tagAt] != INT_1 || key[tagAt + 1] == 0) {
      return -1;
    }
    return tagAt + 2;
  }

  /** The area tag of {@code key}, or -1 when it has none. */
  static int areaTag(byte[] key) {
    int n = areaPrefixLength(key);
    return n < 0 ? -1 : key[n - 1] & 0xFF;
  }

  /** A readable name of a stored key for error messages: tenant, area and the rest in hex. */
  static String describe(byte[] key) {
    int n = areaPrefixLength(key);
    if (n < 0) {
      return "key " + Bytes.show(key);
    }
    String tenant;
    try {
      tenant = "'" + Tuple.unpack(key, 2, n - 4).getString(0) + "'";
    } catch (IllegalArgumentException e) {
      tenant = "(undecodable id)";
    }
    String area;
    try {
      area = Area.ofTag(key[n - 1] & 0xFF).name();
    } catch (IllegalArgumentException e) {
      area = "tag " + (key[n - 1] & 0xFF);
    }
    return "key " + Bytes.show(Arrays.copyOfRange(key, n, key.length)) + " of tenant " + tenant
        + " area " + area;
  }
}
