package dev.chatstore.engine;

import dev.chatstore.ChatStore;
import dev.chatstore.engine.KvLayout.Doc;
import dev.chatstore.engine.KvLayout.Index;
import dev.chatstore.engine.KvLayout.Text;
import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Features;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Engine} on any {@link KvStore}, so on every backend of chatstore: one engine per
 * session, each in its own tenant's {@link Area#ENGINE} area.
 *
 * <pre>{@code
 * try (ChatStore store = ChatStore.open()) {
 *   Engine engine = KvEngine.of(store, "my-session");
 *   engine.set("chat/123@g.us/index", "{\"name\":\"Dev Team\"}");
 *   List<String> recent = engine.list("chat/");
 * }
 * }</pre>
 *
 * <h2>How it is stored</h2>
 * Each document is one record holding its text and its modification stamp; beside it, in the
 * same atomic write, a <em>recency index</em> holds one entry per ancestor directory of the key
 * ({@code ""}, {@code "chat/"}, {@code "chat/a/"} for {@code chat/a/index}), ordered by
 * directory, then newest stamp first, then key; and a change version that every write rewrites.
 * The layout is drawn on {@link KvLayout}.
 *
 * <h2>Costs</h2>
 * For a key of {@code d} segments (so {@code d} ancestor directories):
 * <ul>
 *   <li>{@link #get}: one point read.</li>
 *   <li>{@link #set}: one atomic write; it creates a key with {@code d + 3} operations (a
 *       check, the document, {@code d} recency entries, the change version) and replaces one
 *       with {@code 3 + 2d} (a check, the document, {@code d} entries moved, the change
 *       version).
 *       Before an overwrite it reads the key; while recent sets mostly created new keys, it
 *       skips that read and writes on the condition that the key is absent, reading and writing
 *       again only when it was not. On a B-tree store every directory level is one more page
 *       written by the commit: this is the price of the recency index.</li>
 *   <li>{@link #list}: when {@code prefix} is {@code ""} or ends with {@code /}, one ordered range
 *       read of {@code offset + limit} index entries: O(log n + offset + limit), whatever the
 *       number n of keys in the store. When {@code prefix} ends inside a segment
 *       ({@code "chat/12"}), the index of its directory ({@code "chat/"}) is read newest first and
 *       filtered, so the cost also grows with the number of keys of that directory newer than the
 *       last one returned that do not match.</li>
 *   <li>{@code set(k, null)} and {@link #deletePrefix} of a directory ({@code ""} or ending
 *       with {@code /}): one read of the directory's index and one atomic write holding one
 *       check (of the change version), range deletes for the whole subtree, and point deletes of
 *       the documents' entries in the directories above it: O(m·a) operations for m keys removed
 *       and {@code a} directories above (nothing is written when the directory is empty). Keys
 *       written together (one {@link #setBatch}) have adjacent entries above: after one read of
 *       them, one range delete per directory above takes them all. A
 *       document created, modified or deleted anywhere in the engine meanwhile makes it try
 *       again, and after three tries it goes the way of a prefix ending inside a segment, which
 *       reads the documents of the prefix and deletes each with all its entries: O(m·d). Either
 *       is one atomic write up to
 *       about 50,000 operations; a larger subtree is removed in several atomic
 *       steps, each leaving the indexes consistent, so a concurrent reader may see it half
 *       removed.</li>
 * </ul>
 *
 * <h2>Order of {@link #list}</h2>
 * Every modification takes a stamp made of the engine clock's milliseconds and a sequence, strictly
 * greater than every stamp handed out before in this JVM and than the key's previous stamp. Keys
 * therefore come newest modification first, in exactly the order their modifications were planned
 * in this process, even within one millisecond; the entries of one {@link #setBatch} are stamped in
 * list order (a later entry is newer). Equal stamps — possible only between processes sharing one
 * store — come in ascending key order (by code point). After a restart with a clock set back,
 * keys written before keep their place.
 *
 * <h2>Message indexes</h2>
 * A message index document {@code chat/{jid}/messages} is kept as an ordered structure (see
 * {@link Messages}, whose {@link Messages#on} gives the O(log n) implementation for this engine).
 * {@link #get} of such a key renders the structure in the specification's text (one
 * {@code "TS ID\n"} line per entry, newest first; O(n)); {@link #set} of it parses such text
 * (lines in any order, blank lines ignored, the first line of an id kept) and replaces the
 * structure, so the text reads back in canonical form. A text that is not such lines is refused
 * with an {@link IllegalArgumentException} naming the line.
 *
 * <h2>Concurrency</h2>
 * Every write is optimistic: it reads what it changes, and its batch carries checks that fail when
 * another write changed it meanwhile, in which case it is planned again from fresh reads (see
 * {@link WritePlan}). So whatever runs concurrently — in this process or another one on the same
 * store — every document has exactly its recency entries and every recency entry its document.
 * Writes of one key from this process are also serialized by a striped lock, so that contention on
 * one key does not turn into retries. Thread-safe.
 *
 * <h2>Limits</h2>
 * Keys as {@link EngineKeys}; values up to {@link #maxValueBytes()} bytes of UTF-8
 * ({@link EngineKeys#MAX_VALUE_BYTES}, less when the store accepts less); {@link #setBatch} as one
 * write batch of the store ({@link KvLimits#MAX_BATCH_OPS} operations,
 * {@link KvLimits#MAX_BATCH_BYTES} bytes), else it is refused whole. Expiry ({@link #setTtl}) is
 * decided by the store's clock; give the engine the same clock as the store.
 */
public final class KvEngine implements Engine {
  private static final Logger LOG = LoggerFactory.getLogger(KvEngine.class);

  /** Operations per atomic step of a large cascade delete. */
  static final int DELETE_STEP_OPS = 50_000;
  /** Attempts of one write against concurrent changes before giving up. */
  static final int MAX_ATTEMPTS = 10_000;
  /** Record header bytes in front of a value: a kind byte and the stamp. */
  private static final int HEADER_BYTES = 9;
  /** The longest store key the layout can need: a recency or message entry of a longest key. */
  private static final int NEEDED_KEY_BYTES = 2 * EngineKeys.MAX_KEY_BYTES + 64;
  private static final int RENDER_PAGE = 10_000;
  private static final int TREND_BOUND = 16;
  private static final int LIST_PAGE = 1_000;
  private static final ReentrantLock[] STRIPES = new ReentrantLock[256];

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new ReentrantLock();
    }
  }

  private final KvStore store;
  private final Clock clock;
  private final int maxValueBytes;
  private final int storeHash;
  /** Recent writes of new keys minus those of existing keys, within +-{@value #TREND_BOUND}. */
  private final AtomicInteger newKeyTrend = new AtomicInteger();

  private KvEngine(KvStore store, Clock clock) {
    if (store == null || clock == null) {
      throw new IllegalArgumentException("store and clock must not be null");
    }
    if (store.maxKeyBytes() < NEEDED_KEY_BYTES) {
      throw new IllegalArgumentException("store " + store.name() + " accepts keys of at most "
          + store.maxKeyBytes() + " bytes; the engine needs " + NEEDED_KEY_BYTES
          + " (use a shorter tenant id)");
    }
    this.store = Features.fill(store, StoreOptions.defaults().withClock(clock));
    this.clock = clock;
    this.maxValueBytes = Math.min(EngineKeys.MAX_VALUE_BYTES,
        this.store.maxValueBytes() - HEADER_BYTES);
    this.storeHash = store.name().hashCode();
  }

  /**
   * The engine of session {@code session} of {@code store}, in that tenant's
   * {@link Area#ENGINE} area, stamping with the system clock.
   *
   * @throws IllegalArgumentException when an argument is null or the session id is not a valid
   *     tenant id
   */
  public static KvEngine of(ChatStore store, String session) {
    return of(store, session, Clock.systemUTC());
  }

  /**
   * Like {@link #of(ChatStore, String)}, stamping (and timing {@link #setTtl}) with
   * {@code clock}, which should be the clock the store was opened with.
   *
   * @throws IllegalArgumentException when an argument is null or the session id is invalid
   */
  public static KvEngine of(ChatStore store, String session, Clock clock) {
    if (store == null) {
      throw new IllegalArgumentException("store must not be null");
    }
    return new KvEngine(store.tenant(session).area(Area.ENGINE), clock);
  }

  /**
   * The engine whose data is every key of {@code store}, such as
   * {@code store.tenant(session).area(Area.ENGINE)}, stamping with the system clock. A store
   * lacking expiry, range deletes or reverse scans is filled ({@link Features#fill}, with the
   * engine's clock deciding emulated expiry); then all access to it must go through this engine.
   *
   * @throws IllegalArgumentException when {@code store} is null or its keys are too short
   */
  public static KvEngine on(KvStore store) {
    return new KvEngine(store, Clock.systemUTC());
  }

  /**
   * Like {@link #on(KvStore)}, stamping (and timing {@link #setTtl}) with {@code clock}, which
   * should be the store's clock.
   *
   * @throws IllegalArgumentException when an argument is null or the store's keys are too short
   */
  public static KvEngine on(KvStore store, Clock clock) {
    return new KvEngine(store, clock);
  }

  /** The store holding this engine's data; written only through the engine. */
  KvStore store() {
    return store;
  }

  /** The largest value this engine stores, in bytes of UTF-8. */
  public int maxValueBytes() {
    return maxValueBytes;
  }

  // ---- reads ----

  @Override
  public String get(String key) {
    EngineKeys.checkKey(key);
    byte[] raw = store.get(KvLayout.docKey(key));
    if (raw == null) {
      return null;
    }
    return switch (Doc.decode(key, raw)) {
      case Text t -> t.text(key);
      case Index i -> IndexText.render(entries(key, 0, Integer.MAX_VALUE));
    };
  }

  /**
   * Entries of message index {@code key}, newest first, skipping {@code offset}, at most
   * {@code limit}.
   */
  List<MessageRef> entries(String key, int offset, int limit) {
    List<MessageRef> out = new ArrayList<>(Math.min(limit, 1024));
    long skip = offset;
    KeyRange rest = KvLayout.msgRange(key);
    while (rest != null && out.size() < limit) {
      long want = skip + limit - out.size();
      ScanPage page = store.scan(rest, Direction.DESCENDING, (int) Math.min(want, RENDER_PAGE));
      for (KvEntry e : page.entries()) {
        if (skip > 0) {
          skip--;
          continue;
        }
        Tuple t = KvLayout.MSGS.unpack(e.key());
        out.add(new MessageRef(t.getLong(1), t.getString(2)));
      }
      rest = page.rest();
    }
    return out;
  }

  @Override
  public List<String> list(String prefix, int offset, int limit) {
    checkPage(prefix, offset, limit);
    if (!couldPrefixKey(prefix)) {
      return List.of();
    }
    int slash = prefix.lastIndexOf('/');
    String dir = prefix.substring(0, slash + 1);
    String rest = prefix.substring(slash + 1);
    List<String> out = new ArrayList<>(Math.min(limit, 256));
    long skip = offset;
    KeyRange range = KvLayout.recentDir(dir);
    while (range != null && out.size() < limit) {
      int want = rest.isEmpty() ? (int) Math.min(skip + limit - out.size(), LIST_PAGE) : LIST_PAGE;
      ScanPage page = store.scan(range, Direction.ASCENDING, want);
      for (KvEntry e : page.entries()) {
        Tuple t = KvLayout.NODES.unpack(e.key());
        String suffix = t.getString(2);
        if (!suffix.startsWith(rest)) {
          continue;
        }
        if (skip > 0) {
          skip--;
          continue;
        }
        out.add(dir + suffix);
        if (out.size() == limit) {
          break;
        }
      }
      range = page.rest();
    }
    return out;
  }

  // ---- writes ----

  @Override
  public void set(String key, String value) {
    EngineKeys.checkKey(key);
    if (value == null) {
      deleteSubtree(key, key + "/");
      return;
    }
    put(key, value, EngineKeys.valueBytes(key, value, maxValueBytes), null, "set");
  }

  @Override
  public void setTtl(String key, String value, Duration ttl) {
    EngineKeys.checkKey(key);
    if (value == null) {
      throw new IllegalArgumentException("setTtl of " + EngineKeys.quote(key)
          + " needs a value; to delete, use set(key, null)");
    }
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl of " + EngineKeys.quote(key) + " must be positive,"
          + " got " + ttl);
    }
    byte[] utf8 = EngineKeys.valueBytes(key, value, maxValueBytes);
    put(key, value, utf8, expiry(ttl), "setTtl");
  }

  /**
   * Writes one document. While recent writes mostly created new keys ({@link #newKeyTrend} above
   * 0), the first attempt skips reading the key and applies only if it is absent; a key that
   * exists makes that attempt fail at no other cost, and the write goes on the read-first way.
   */
  private void put(String key, String value, byte[] utf8, Instant expiresAt, String what) {
    boolean index = EngineKeys.chatOfMessagesKey(key).isPresent();
    if (index) {
      IndexText.parse(key, value); // refuse malformed text before anything else
    }
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      if (!index && newKeyTrend.get() > 0) {
        WritePlan plan = new WritePlan(store, clock.millis(), 1);
        plan.assumeAbsent(key);
        plan.putText(key, value, utf8, expiresAt);
        if (store.write(plan.build())) {
          trend(1);
          return;
        }
        trend(-4);
      }
      boolean[] existed = new boolean[1];
      mutate(what + " " + EngineKeys.quote(key), plan -> {
        existed[0] = plan.current(key) != null;
        plan.putText(key, value, utf8, expiresAt);
        return null;
      });
      trend(existed[0] ? -1 : 1);
    } finally {
      lock.unlock();
    }
  }

  private void trend(int delta) {
    newKeyTrend.getAndUpdate(t -> Math.max(-TREND_BOUND, Math.min(TREND_BOUND, t + delta)));
  }

  private Instant expiry(Duration ttl) {
    try {
      return clock.instant().plus(ttl);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Instant.MAX;
    }
  }

  @Override
  public void setBatch(List<Map.Entry<String, String>> entries) {
    if (entries == null) {
      throw new IllegalArgumentException("entries must not be null");
    }
    List<String> keys = new ArrayList<>(entries.size());
    List<byte[]> values = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Map.Entry<String, String> e = entries.get(i);
      if (e == null) {
        throw new IllegalArgumentException("entry " + i + " of setBatch is null");
      }
      try {
        String key = EngineKeys.checkKey(e.getKey());
        keys.add(key);
        String v = e.getValue();
        values.add(v == null ? null : EngineKeys.valueBytes(key, v, maxValueBytes));
        if (v != null && EngineKeys.chatOfMessagesKey(key).isPresent()) {
          IndexText.parse(key, v);
        }
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("entry " + i + " of setBatch is invalid, nothing was"
            + " written: " + bad.getMessage(), bad);
      }
    }
    if (keys.isEmpty()) {
      return;
    }
    mutate("setBatch of " + keys.size() + " entries", plan -> {
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        Map.Entry<String, String> e = entries.get(i);
        if (values.get(i) == null) {
          if (!plan.deleteTree(key, key + "/", KvLimits.MAX_BATCH_OPS + 1)) {
            throw tooLarge(plan, keys.size());
          }
        } else {
          plan.putText(key, e.getValue(), values.get(i), null);
        }
      }
      if (!plan.fits()) {
        throw tooLarge(plan, keys.size());
      }
      return null;
    });
  }

  private static IllegalArgumentException tooLarge(WritePlan plan, int entries) {
    return new IllegalArgumentException("setBatch of " + entries + " entries needs more than"
        + " one atomic write can hold (" + plan.size() + " operations, " + plan.weight()
        + " bytes; the limits are " + KvLimits.MAX_BATCH_OPS + " operations and "
        + KvLimits.MAX_BATCH_BYTES + " bytes); nothing was written; split the batch");
  }

  @Override
  public long deletePrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null");
    }
    if (!couldPrefixKey(prefix)) {
      return 0;
    }
    return deleteSubtree(null, prefix);
  }

  /** Deletes {@code exact} (when not null) and every key starting with {@code prefix}. */
  private long deleteSubtree(String exact, String prefix) {
    long total = 0;
    boolean done = false;
    String first = exact;
    while (!done) {
      String ex = first;
      long[] removed = new long[1];
      done = mutate("delete of " + EngineKeys.quote(prefix), plan -> {
        boolean complete = plan.deleteTree(ex, prefix, DELETE_STEP_OPS);
        removed[0] = plan.removed();
        return complete;
      });
      total += removed[0];
      first = null;
    }
    return total;
  }

  /**
   * Plans with {@code body} and writes the plan, again from fresh reads as long as a check fails
   * because of a concurrent write; returns what {@code body} returned for the plan written.
   */
  <T> T mutate(String what, Function<WritePlan, T> body) {
    for (int attempt = 1; ; attempt++) {
      WritePlan plan = new WritePlan(store, clock.millis(), attempt);
      T result = body.apply(plan);
      WriteBatch batch = plan.build();
      if (batch.isEmpty() || store.write(batch)) {
        return result;
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new StoreException(StoreException.Kind.DATABASE, store.name() + ": " + what
            + " was overtaken by concurrent writes " + attempt + " times in a row; gave up");
      }
      if (attempt % 8 == 0) {
        LOG.debug("{}: {} retried {} times against concurrent writes", store.name(), what,
            attempt);
        LockSupport.parkNanos(Math.min(attempt, 1000) * 10_000L);
      } else {
        Thread.yield();
      }
    }
  }

  /** The in-process lock of writes of {@code key}. */
  ReentrantLock stripe(String key) {
    int h = key.hashCode() * 31 + storeHash;
    return STRIPES[(h ^ (h >>> 16)) & (STRIPES.length - 1)];
  }

  /**
   * Checks this engine's indexes against its documents and returns the problems found, empty when
   * consistent: every document has one recency entry per ancestor directory with its stamp, every
   * recency entry has its document, every message index header counts exactly its entries. Reads
   * the whole engine, page by page: meaningful only while nothing writes. For tests and repair
   * tools.
   */
  public List<String> verifyIndex() {
    return new KvEngineVerifier(store).verify();
  }

  // ---- argument checks ----

  static void checkPage(String prefix, int offset, int limit) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset " + offset + " is negative; expected 0 or more");
    }
    if (limit < 1 || limit > EngineKeys.MAX_LIST_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " is outside 1.."
          + EngineKeys.MAX_LIST_LIMIT);
    }
  }

  /**
   * Whether some valid key could start with {@code prefix}; a prefix holding a control character
   * or an unpaired surrogate (even the first half of a pair at its end), or longer than a key,
   * matches nothing.
   */
  private static boolean couldPrefixKey(String prefix) {
    if (prefix.length() > EngineKeys.MAX_KEY_BYTES) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.isISOControl(prefix.charAt(i))) {
        return false;
      }
    }
    return EngineKeys.unpairedSurrogate(prefix, 0, prefix.length()) < 0;
  }

  @Override
  public String toString() {
    return "KvEngine[" + store.name() + "]";
  }
}
