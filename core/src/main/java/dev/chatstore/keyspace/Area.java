package dev.chatstore.keyspace;

/**
 * The areas of a tenant's keyspace. Each area has a stable tag, written as the third element of
 * every key; a tag is never reused or renumbered, even when its area is retired.
 *
 * <pre>
 * (0, name)                      system records of the store (schema, ...)
 * (1, tenant, area-tag, parts...)  a tenant's data
 *     ├─ CREDENTIALS   account credentials and identity
 *     ├─ SIGNAL        Signal protocol keys, sessions, sender keys
 *     ├─ APP_STATE     app-state sync keys, versions, mutation MACs
 *     ├─ PROTOCOL      protocol bookkeeping (LID mappings, sent messages, tokens)
 *     ├─ DEVICE        device lists and device state
 *     ├─ ENGINE        the path-key document engine
 *     ├─ CHAT          the chat database (messages, inbox, members, ...)
 *     ├─ JOBS          per-tenant persistency jobs
 *     └─ APP           free for applications
 * </pre>
 */
public enum Area {
  /** Account credentials and identity. */
  CREDENTIALS(1),
  /** Signal protocol keys, sessions and sender keys. */
  SIGNAL(2),
  /** App-state sync keys, versions and mutation MACs. */
  APP_STATE(3),
  /** Protocol bookkeeping: LID mappings, sent messages, tokens. */
  PROTOCOL(4),
  /** Device lists and device state. */
  DEVICE(5),
  /** The path-key document engine. */
  ENGINE(6),
  /** The chat database. */
  CHAT(7),
  /** Per-tenant persistency jobs. */
  JOBS(8),
  /** Free for applications built on chatstore. */
  APP(9);

  private final int tag;

  Area(int tag) {
    this.tag = tag;
  }

  /** The stable tag written in keys. */
  public int tag() {
    return tag;
  }

  /** The area with {@code tag}, or an {@link IllegalArgumentException} naming it. */
  public static Area ofTag(long tag) {
    for (Area a : values()) {
      if (a.tag == tag) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown area tag " + tag + "; known areas: "
        + java.util.Arrays.toString(values()));
  }
}
