package dev.chatstore.chat;

/** The role of a chat member; the stored code never changes. */
public enum MemberRole {
  /** An ordinary member (code 0). */
  PARTICIPANT(0),
  /** An administrator (code 1). */
  ADMIN(1);

  private final int code;

  MemberRole(int code) {
    this.code = code;
  }

  /** The stored code. */
  public int code() {
    return code;
  }

  /** The role of {@code code}, or an {@link IllegalArgumentException} naming it. */
  public static MemberRole ofCode(int code) {
    for (MemberRole r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown member role code " + code + "; expected 0 or 1");
  }
}
