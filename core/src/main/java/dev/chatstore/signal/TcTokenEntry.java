package dev.chatstore.signal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trusted-contact privacy token (specification 001). The token is copied in and out.
 *
 * @param token the raw token bytes
 * @param tokenTimestamp when the token was received (unix seconds)
 * @param senderTimestamp when we sent our own token to the contact, or {@code null}
 */
public record TcTokenEntry(byte[] token, long tokenTimestamp, Long senderTimestamp) {
  public TcTokenEntry {
    token = Checks.notNull(token, "token").clone();
  }

  @Override
  public byte[] token() {
    return token.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TcTokenEntry t && Arrays.equals(token, t.token)
        && tokenTimestamp == t.tokenTimestamp && Objects.equals(senderTimestamp, t.senderTimestamp);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(token) * 31 + Long.hashCode(tokenTimestamp);
  }

  @Override
  public String toString() {
    return "TcTokenEntry[" + token.length + " bytes, tokenTimestamp " + tokenTimestamp
        + ", senderTimestamp " + senderTimestamp + "]";
  }
}
