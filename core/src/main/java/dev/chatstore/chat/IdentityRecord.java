package dev.chatstore.chat;

import java.util.Arrays;
import java.util.Objects;

/**
 * A user's identity blob (for example public keys for end-to-end key exchange) with the stamp
 * that decides last-writer-wins.
 *
 * @param user the user
 * @param hlc the stamp of the write
 * @param blob the opaque blob, at most {@value ChatDb#MAX_IDENTITY_BYTES} bytes
 */
public record IdentityRecord(byte[] user, HlcTimestamp hlc, byte[] blob) {
  public IdentityRecord {
    user = Ids.user(user, "user id");
    if (hlc == null) {
      throw new IllegalArgumentException("identity HLC stamp must not be null");
    }
    if (blob == null) {
      throw new IllegalArgumentException("identity blob must not be null");
    }
    if (blob.length > ChatDb.MAX_IDENTITY_BYTES) {
      throw new IllegalArgumentException("identity blob of " + blob.length
          + " bytes exceeds the limit of " + ChatDb.MAX_IDENTITY_BYTES + " bytes");
    }
    blob = blob.clone();
  }

  @Override
  public byte[] user() {
    return user.clone();
  }

  @Override
  public byte[] blob() {
    return blob.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityRecord r && Arrays.equals(user, r.user) && hlc.equals(r.hlc)
        && Arrays.equals(blob, r.blob);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(user), hlc);
  }

  @Override
  public String toString() {
    return "IdentityRecord[" + Ids.hex(user) + " @ " + hlc + ", " + blob.length + " bytes]";
  }
}
