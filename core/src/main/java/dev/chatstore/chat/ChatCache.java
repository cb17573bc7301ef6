package dev.chatstore.chat;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * What this {@link ChatDb} last committed of a chat's inbox guards (its meta and inbox revision)
 * and members' inbox positions, so that a new message of the chat can plan from them instead of
 * reading them again.
 *
 * <p>Why this is safe: a message planned from an entry <em>checks</em> the two guards against
 * the entry's values (the check it would make after reading them), and every writer of a
 * position changes a guard in the same write ({@link ChatTxn#readCovered}). So when the guards
 * still hold the entry's values at commit, no position changed since the entry was committed,
 * and the cached positions are the stored ones; when another writer changed the chat
 * meanwhile, the check fails, the entry is dropped and the write is planned again from fresh
 * reads. This rests on the guards never returning to an earlier value: the meta's sequence
 * number and the revision only grow while the chat's keys exist (only a wholesale removal of
 * the data under an open handle, such as a tenant drop or a restore of an older copy by
 * another process followed by the very same messages again, could bring one back). For an
 * {@linkplain ChatDbOptions#exclusiveWriter() exclusive writer}, whose batches carry no
 * checks, an entry is exact by construction: this handle is the only writer, and each of its
 * writes of a chat's guards or positions updates or drops the chat's entry under the chat's
 * lock.
 *
 * <p>Entries are updated only after a successful commit, with exactly what was committed, and
 * dropped on a failed commit and by every other write of the chat's guards, positions or
 * members. An entry with positions always has its revision: both were valid together.
 *
 * <p>Concurrency: the entries of a chat live in the map of the chat's lock stripe
 * ({@link ChatContext#entityStripe}) and are touched only while holding that stripe, so the
 * maps need no synchronization of their own. Each stripe keeps its least recently used chats
 * within {@value #CHATS_PER_STRIPE} chats and {@value #POSITIONS_PER_STRIPE} positions.
 */
final class ChatCache {
  /** Chats kept per lock stripe. */
  static final int CHATS_PER_STRIPE = 64;
  /** Inbox positions kept per lock stripe (a group's positions count once each). */
  static final int POSITIONS_PER_STRIPE = 512;

  /**
   * One chat as last committed by this handle. Its position map may be carried into the chat's
   * next entry (and grown there) once that one commits; the old entry is then replaced.
   */
  static final class Entry {
    /** The meta's stored bytes. */
    final byte[] metaRaw;
    final ChatMeta meta;
    /** Whether {@link #revision} is known (read or checked by the committing write). */
    final boolean revisionKnown;
    /** The inbox revision's stored bytes, null when absent. */
    final byte[] revision;
    /** Position bytes by user id (a null value: no position); empty without the revision. */
    final Positions positions;
    /** The size of {@link #positions} when cached: what the entry counts in its stripe. */
    final int weight;

    Entry(byte[] metaRaw, ChatMeta meta, boolean revisionKnown, byte[] revision,
        Positions positions) {
      this.metaRaw = metaRaw;
      this.meta = meta;
      this.revisionKnown = revisionKnown;
      this.revision = revision;
      this.positions = positions;
      this.weight = positions.size();
    }
  }

  /** One stripe's chats, least recently used first. */
  private static final class Stripe extends LinkedHashMap<IdKey, Entry> {
    int positions;

    Stripe() {
      super(16, 0.75f, true);
    }
  }

  private final Stripe[] stripes = new Stripe[ChatContext.ENTITY_STRIPES];

  ChatCache() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe();
    }
  }

  private Stripe stripe(byte[] chat) {
    return stripes[ChatContext.entityStripe(chat)];
  }

  /** The entry of {@code chat}, or null; hold the chat's stripe. */
  Entry get(byte[] chat) {
    return stripe(chat).get(new IdKey(chat));
  }

  /** Sets the entry of {@code chat}; hold the chat's stripe. */
  void put(byte[] chat, Entry e) {
    Stripe s = stripe(chat);
    IdKey key = new IdKey(chat);
    Entry old = s.replace(key, e); // a known chat keeps its key object
    if (old == null) {
      s.put(key.copy(), e);
    }
    s.positions += e.weight - (old == null ? 0 : old.weight);
    Iterator<Entry> eldest = s.values().iterator();
    while ((s.size() > CHATS_PER_STRIPE || s.positions > POSITIONS_PER_STRIPE)
        && eldest.hasNext()) {
      s.positions -= eldest.next().weight;
      eldest.remove();
    }
  }

  /** Drops the entry of {@code chat}; hold the chat's stripe. */
  void remove(byte[] chat) {
    Stripe s = stripe(chat);
    Entry old = s.remove(new IdKey(chat));
    if (old != null) {
      s.positions -= old.weight;
    }
  }
}
