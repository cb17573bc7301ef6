package dev.chatstore.signal;

import java.util.Arrays;

/**
 * The MACs of one app-state mutation (specification 001): the index MAC that identifies the
 * entry and the MAC of its value. Arrays are copied in and out.
 *
 * @param indexMac the MAC of the mutation's index (not empty)
 * @param valueMac the MAC of the mutation's value
 */
public record AppStateMutationMAC(byte[] indexMac, byte[] valueMac) {
  public AppStateMutationMAC {
    indexMac = Checks.notNull(indexMac, "indexMac").clone();
    valueMac = Checks.notNull(valueMac, "valueMac").clone();
    if (indexMac.length == 0) {
      throw new IllegalArgumentException("indexMac must not be empty");
    }
  }

  @Override
  public byte[] indexMac() {
    return indexMac.clone();
  }

  @Override
  public byte[] valueMac() {
    return valueMac.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppStateMutationMAC m && Arrays.equals(indexMac, m.indexMac)
        && Arrays.equals(valueMac, m.valueMac);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(indexMac) * 31 + Arrays.hashCode(valueMac);
  }

  @Override
  public String toString() {
    return "AppStateMutationMAC[index " + indexMac.length + " bytes, value " + valueMac.length
        + " bytes]";
  }
}
