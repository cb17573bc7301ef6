package dev.chatstore.chat;

import java.util.Objects;

/**
 * The membership state of one user in one chat: a state-based CRDT.
 *
 * <h2>Model</h2>
 * The record holds the stamp of the latest add and of the latest remove. It is
 * {@linkplain #isActive() active} when there is no remove or the remove is strictly older than
 * the add. <b>Tie rule:</b> an add and a remove with the same stamp leave the member removed
 * (remove wins), so a removal is never undone by an add that is not strictly later. A removal
 * never deletes the record: it only advances {@code removedAt}.
 *
 * <h2>Merge</h2>
 * {@link #merge} takes {@code addedAt = max}, {@code removedAt = max}, and the role of the side
 * with the later {@code addedAt}; with equal {@code addedAt}, the greater role code. Each field is
 * a maximum in a total order, so merging is commutative, associative and idempotent, and
 * replicas that have seen the same records agree whatever the order.
 *
 * @param role the role given by the latest add
 * @param addedAt the stamp of the latest add ({@link HlcTimestamp#ZERO} for a record created by a
 *     remove alone)
 * @param removedAt the stamp of the latest remove, or null when never removed
 */
public record MemberInfo(MemberRole role, HlcTimestamp addedAt, HlcTimestamp removedAt) {
  public MemberInfo {
    if (role == null || addedAt == null) {
      throw new IllegalArgumentException("member role and addedAt must not be null");
    }
  }

  /** The record of an add at {@code at}. */
  public static MemberInfo added(MemberRole role, HlcTimestamp at) {
    return new MemberInfo(role, at, null);
  }

  /** The record of a remove at {@code at} of a user never seen added. */
  public static MemberInfo removed(HlcTimestamp at) {
    return new MemberInfo(MemberRole.PARTICIPANT, HlcTimestamp.ZERO, at);
  }

  /** Whether the user is a member: never removed, or removed strictly before the latest add. */
  public boolean isActive() {
    return removedAt == null || removedAt.compareTo(addedAt) < 0;
  }

  /** The merge of this record and {@code other} (see the class documentation). */
  public MemberInfo merge(MemberInfo other) {
    int c = addedAt.compareTo(other.addedAt);
    MemberRole r = c > 0 ? role : c < 0 ? other.role
        : role.code() >= other.role.code() ? role : other.role;
    return new MemberInfo(r, HlcTimestamp.max(addedAt, other.addedAt),
        HlcTimestamp.max(removedAt, other.removedAt));
  }

  /** {@code removedAt}, or {@link HlcTimestamp#ZERO} when never removed. */
  HlcTimestamp removedOrZero() {
    return removedAt == null ? HlcTimestamp.ZERO : removedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemberInfo m && role == m.role && addedAt.equals(m.addedAt)
        && Objects.equals(removedAt, m.removedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, addedAt, removedAt);
  }
}
