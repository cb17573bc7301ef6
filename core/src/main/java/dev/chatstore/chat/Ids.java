package dev.chatstore.chat;

import dev.chatstore.kv.Bytes;
import java.util.Arrays;

/** Checks of the fixed id lengths of the chat database, and small byte helpers. */
final class Ids {
  private Ids() {}

  /** Checks a user id: {@value ChatDb#USER_ID_BYTES} bytes. Returns a copy. */
  static byte[] user(byte[] id, String what) {
    return check(id, ChatDb.USER_ID_BYTES, what);
  }

  /** Checks a chat id: {@value ChatDb#CHAT_ID_BYTES} bytes. Returns a copy. */
  static byte[] chat(byte[] id, String what) {
    return check(id, ChatDb.CHAT_ID_BYTES, what);
  }

  /** Checks a message id: {@value ChatDb#MSG_ID_BYTES} bytes. Returns a copy. */
  static byte[] msg(byte[] id, String what) {
    return check(id, ChatDb.MSG_ID_BYTES, what);
  }

  /** Checks a sync record id: {@value ChatDb#RECORD_ID_BYTES} bytes. Returns a copy. */
  static byte[] record(byte[] id, String what) {
    return check(id, ChatDb.RECORD_ID_BYTES, what);
  }

  private static byte[] check(byte[] id, int length, String what) {
    if (id == null) {
      throw new IllegalArgumentException(what + " must not be null; expected " + length
          + " bytes");
    }
    if (id.length != length) {
      throw new IllegalArgumentException(what + " " + Bytes.show(id) + " is " + id.length
          + " bytes long; expected exactly " + length + " bytes");
    }
    return id.clone();
  }

  /** The Merkle bucket of an id: its first two bytes as an unsigned number. */
  static int bucket(byte[] id) {
    return (id[0] & 0xFF) << 8 | (id[1] & 0xFF);
  }

  /** Checks a Merkle bucket number. */
  static int checkBucket(int bucket) {
    if (bucket < 0 || bucket >= MerkleTree.LEAVES) {
      throw new IllegalArgumentException("bucket " + bucket + " is outside 0.."
          + (MerkleTree.LEAVES - 1));
    }
    return bucket;
  }

  static byte[] copy(byte[] b) {
    return b == null ? null : b.clone();
  }

  static boolean same(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }

  static String hex(byte[] b) {
    return b == null ? "null" : java.util.HexFormat.of().formatHex(b);
  }
}
