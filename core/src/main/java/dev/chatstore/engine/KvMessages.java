package dev.chatstore.engine;

import dev.chatstore.engine.KvLayout.Doc;
import dev.chatstore.engine.KvLayout.Index;
import dev.chatstore.engine.KvLayout.Text;
import dev.chatstore.kv.KvStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Messages} of a {@link KvEngine}: the message index of {@code chat/{cid}/messages} as
 * an ordered structure in the engine's keyspace ({@link KvLayout}: entries by (timestamp, id) and
 * by id, and a header document with the count). Append, remove and count cost O(log n), a page
 * O(log n + offset + limit), whatever the size of the chat. Every change of the entries is one
 * atomic write with its header, checked against concurrent writes like every write of the engine;
 * changes of one chat from this process are also serialized by a lock. Thread-safe.
 */
final class KvMessages implements Messages {
  private final KvEngine engine;
  private final KvStore store;

  KvMessages(KvEngine engine) {
    this.engine = engine;
    this.store = engine.store();
  }

  @Override
  public Engine engine() {
    return engine;
  }

  @Override
  public boolean append(String cid, long timestamp, String id) {
    String key = EngineKeys.chatMessages(cid);
    MessageRef ref = new MessageRef(timestamp, id);
    ReentrantLock lock = engine.stripe(key);
    lock.lock();
    try {
      return engine.mutate("append to " + EngineKeys.quote(key), plan -> {
        List<byte[]> raws = store.getAll(List.of(KvLayout.docKey(key),
            KvLayout.msgIdKey(key, id)));
        Index header = asIndex(key, plan.adopt(key, raws.get(0)));
        Long old = header == null || raws.get(1) == null ? null
            : KvLayout.longOf("entry " + id + " of " + EngineKeys.quote(key), raws.get(1));
        if (old != null && old == timestamp) {
          plan.discard(); // already there, as it is
          return false;
        }
        if (old != null) {
          plan.deleteEntry(key, new MessageRef(old, id));
        }
        plan.putEntry(key, ref, header == null ? null : header.expiry());
        plan.writeIndexHeader(key, header, (header == null ? 0 : header.count())
            + (old == null ? 1 : 0));
        return old == null;
      });
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<MessageRef> page(String cid, int offset, int limit) {
    KvEngine.checkPage("", offset, limit);
    return engine.entries(EngineKeys.chatMessages(cid), offset, limit);
  }

  @Override
  public List<MessageDoc> load(String cid, int offset, int limit) {
    List<MessageRef> refs = page(cid, offset, limit);
    if (refs.isEmpty()) {
      return List.of();
    }
    List<byte[]> keys = new ArrayList<>(refs.size());
    List<String> names = new ArrayList<>(refs.size());
    for (MessageRef r : refs) {
      String name = EngineKeys.messageIndex(cid, r.id());
      names.add(name);
      keys.add(KvLayout.docKey(name));
    }
    List<byte[]> raws = store.getAll(keys);
    List<MessageDoc> out = new ArrayList<>(refs.size());
    for (int i = 0; i < refs.size(); i++) {
      byte[] raw = raws.get(i);
      String text = raw == null ? null : switch (Doc.decode(names.get(i), raw)) {
        case Text t -> t.text(names.get(i));
        case Index x -> throw KvLayout.corrupt(EngineKeys.quote(names.get(i)),
            "a message document holds a message index record");
      };
      out.add(new MessageDoc(refs.get(i), text));
    }
    return out;
  }

  @Override
  public long count(String cid) {
    String key = EngineKeys.chatMessages(cid);
    byte[] raw = store.get(KvLayout.docKey(key));
    Index header = raw == null ? null : asIndex(key, Doc.decode(key, raw));
    return header == null ? 0 : header.count();
  }

  @Override
  public Optional<MessageRef> latest(String cid) {
    List<MessageRef> one = engine.entries(EngineKeys.chatMessages(cid), 0, 1);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  @Override
  public boolean remove(String cid, String id) {
    String key = EngineKeys.chatMessages(cid);
    MessageRef.checkId(id);
    String docs = EngineKeys.message(cid, id);
    ReentrantLock lock = engine.stripe(key);
    boolean[] complete = new boolean[1];
    boolean held;
    lock.lock();
    try {
      held = engine.mutate("remove of message " + EngineKeys.quote(id) + " from "
          + EngineKeys.quote(key), plan -> {
            List<byte[]> raws = store.getAll(List.of(KvLayout.docKey(key),
                KvLayout.msgIdKey(key, id)));
            Index header = asIndex(key, plan.adopt(key, raws.get(0)));
            Long old = header == null || raws.get(1) == null ? null
                : KvLayout.longOf("entry " + id + " of " + EngineKeys.quote(key), raws.get(1));
            if (old != null) {
              plan.deleteEntry(key, new MessageRef(old, id));
              plan.writeIndexHeader(key, header, header.count() - 1);
            }
            complete[0] = plan.deleteTree(docs, docs + "/", KvEngine.DELETE_STEP_OPS);
            if (old == null && plan.removed() == 0) {
              plan.discard();
            }
            return old != null;
          });
    } finally {
      lock.unlock();
    }
    if (!complete[0]) {
      engine.set(docs, null); // the rest of an unusually large message, in further steps
    }
    return held;
  }

  @Override
  public void removeChat(String cid) {
    engine.set(EngineKeys.chat(cid), null);
  }

  private static Index asIndex(String key, Doc doc) {
    return switch (doc) {
      case null -> null;
      case Index i -> i;
      case Text t -> throw KvLayout.corrupt(EngineKeys.quote(key),
          "a message index document holds text");
    };
  }

  @Override
  public String toString() {
    return "KvMessages[" + engine + "]";
  }
}
