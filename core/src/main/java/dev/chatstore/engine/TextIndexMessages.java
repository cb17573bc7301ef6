package dev.chatstore.engine;

import dev.chatstore.kv.StoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Messages} of an engine without an ordered structure, such as the file engine: the
 * index is the specification's text document {@code chat/{cid}/messages} itself, one
 * {@code "TS ID\n"} line per message, newest first ({@link MessageRef#NEWEST_FIRST}), one line per
 * id.
 *
 * <p>Every operation reads the whole document (O(n) for n messages); a change writes it whole
 * again. A document written by other code may hold its lines in any order, blank lines and
 * repeated ids: it is read sorted, the first line of an id kept, and rewritten canonically at the
 * next change. A line that is not {@code "TS ID"} makes the operation fail with a
 * {@link StoreException} of kind {@link StoreException.Kind#SERIALIZATION} naming the line.
 *
 * <h2>Concurrency</h2>
 * Changes of one chat's index are serialized by a lock per (engine, chat) shared by every
 * instance in this JVM, so that concurrent appends lose nothing. Another process writing the same
 * document is not coordinated with. {@link #remove} is one {@link Engine#setBatch}: atomic where
 * the engine's batches are. Thread-safe.
 */
public final class TextIndexMessages implements Messages {
  private static final ReentrantLock[] STRIPES = new ReentrantLock[256];

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new ReentrantLock();
    }
  }

  private final Engine engine;

  /**
   * The text index over {@code engine}.
   *
   * @throws IllegalArgumentException when {@code engine} is null
   */
  public TextIndexMessages(Engine engine) {
    if (engine == null) {
      throw new IllegalArgumentException("engine must not be null");
    }
    this.engine = engine;
  }

  @Override
  public Engine engine() {
    return engine;
  }

  @Override
  public boolean append(String cid, long timestamp, String id) {
    String key = EngineKeys.chatMessages(cid);
    MessageRef ref = new MessageRef(timestamp, id);
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      List<MessageRef> refs = read(key);
      int at = indexOf(refs, id);
      if (at >= 0 && refs.get(at).timestamp() == timestamp) {
        return false;
      }
      if (at >= 0) {
        refs.remove(at);
      }
      int pos = Collections.binarySearch(refs, ref, MessageRef.NEWEST_FIRST);
      refs.add(pos < 0 ? -pos - 1 : pos, ref);
      engine.set(key, IndexText.render(refs));
      return at < 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<MessageRef> page(String cid, int offset, int limit) {
    KvEngine.checkPage("", offset, limit);
    List<MessageRef> refs = read(EngineKeys.chatMessages(cid));
    if (offset >= refs.size()) {
      return List.of();
    }
    return List.copyOf(refs.subList(offset, (int) Math.min(refs.size(), (long) offset + limit)));
  }

  @Override
  public long count(String cid) {
    return read(EngineKeys.chatMessages(cid)).size();
  }

  @Override
  public Optional<MessageRef> latest(String cid) {
    List<MessageRef> refs = read(EngineKeys.chatMessages(cid));
    return refs.isEmpty() ? Optional.empty() : Optional.of(refs.get(0));
  }

  @Override
  public boolean remove(String cid, String id) {
    String key = EngineKeys.chatMessages(cid);
    MessageRef.checkId(id);
    String docs = EngineKeys.message(cid, id);
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      List<MessageRef> refs = read(key);
      int at = indexOf(refs, id);
      List<Map.Entry<String, String>> batch = new ArrayList<>(2);
      if (at >= 0) {
        refs.remove(at);
        batch.add(Map.entry(key, IndexText.render(refs)));
      }
      batch.add(new java.util.AbstractMap.SimpleEntry<>(docs, null));
      engine.setBatch(batch);
      return at >= 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void removeChat(String cid) {
    engine.set(EngineKeys.chat(cid), null);
  }

  /** The entries of document {@code key}, newest first; empty when absent. */
  private List<MessageRef> read(String key) {
    String text = engine.get(key);
    if (text == null) {
      return new ArrayList<>();
    }
    try {
      return IndexText.parse(key, text);
    } catch (IllegalArgumentException e) {
      throw new StoreException(StoreException.Kind.SERIALIZATION, e.getMessage(), e);
    }
  }

  private static int indexOf(List<MessageRef> refs, String id) {
    for (int i = 0; i < refs.size(); i++) {
      if (refs.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private ReentrantLock stripe(String key) {
    int h = key.hashCode() * 31 + System.identityHashCode(engine);
    return STRIPES[(h ^ (h >>> 16)) & (STRIPES.length - 1)];
  }

  @Override
  public String toString() {
    return "TextIndexMessages[" + engine + "]";
  }
}
