package dev.chatstore.tck.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.cache.CacheCodec;
import dev.chatstore.cache.CacheStore;
import dev.chatstore.cache.TypedCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CacheStore} (and of {@link TypedCache} over it) as one JUnit 5 suite.
 * An implementation runs it by one small subclass that opens a fresh, empty store and, when its
 * expiry runs on a fake clock, says how time passes:
 *
 * <pre>{@code
 * class CaffeineCacheStoreConformanceTest extends CacheStoreConformanceSuite {
 *   FakeTicker ticker = new FakeTicker();
 *   protected CacheStore open() { return CaffeineCacheStore.create(1 << 20, ticker); }
 *   protected void advance(Duration d) { ticker.advance(d); }
 * }
 * }</pre>
 */
public abstract class CacheStoreConformanceSuite {
  private CacheStore store;

  /** A new store, empty in every namespace the tests use. */
  protected abstract CacheStore open();

  /**
   * Lets {@code d} pass for the store's expiry. By default it waits for real, as a store whose
   * expiry runs on a server's clock needs; a store with a fake clock advances it instead.
   */
  protected void advance(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while letting time pass", e);
    }
  }

  /** Releases the store after a test (and removes what it left, for a shared backend). */
  protected void close(CacheStore store) {
    if (store instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Whether {@link CacheStore#entryCount} counts (rather than returning 0). */
  protected boolean countsEntries() {
    return true;
  }

  /** The store under test. */
  protected final CacheStore store() {
    return store;
  }

  @BeforeEach
  final void openStoreUnderTest() {
    store = open();
  }

  @AfterEach
  final void closeStoreUnderTest() {
    for (String ns : List.of("a", "ab", "b", "n*", "nx", "[ab]", "typed", "t2")) {
      store.clear(ns);
    }
    close(store);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] get(String ns, String key) {
    return store.get(ns, key).orElse(null);
  }

  @Test
  void setThenGet_returnsTheBytesExactly_forAnyKey() {
    byte[] big = new byte[1 << 20];
    new Random(7).nextBytes(big);
    List<String> keys = List.of("k", "", "with:colons:", "glob*?[x]\\", "unicode é 😀", " ");
    for (String k : keys) {
      store.set("a", k, b("v-" + k), null);
    }
    for (String k : keys) {
      assertArrayEquals(b("v-" + k), get("a", k), "key '" + k + "' reads back its value");
    }
    store.set("a", "empty", new byte[0], null);
    assertArrayEquals(new byte[0], get("a", "empty"), "the empty value is a value, not a miss");
    store.set("a", "big", big, null);
    assertArrayEquals(big, get("a", "big"));
    assertEquals(Optional.empty(), store.get("a", "absent"));
  }

  @Test
  void set_replaces_andDelete_removes() {
    store.set("a", "k", b("one"), null);
    store.set("a", "k", b("two"), null);
    assertArrayEquals(b("two"), get("a", "k"));
    store.delete("a", "k");
    assertEquals(Optional.empty(), store.get("a", "k"));
    store.delete("a", "never-there"); // absent is fine
  }

  @Test
  void namespaces_areIsolated_andClearTouchesOnlyItsOwn() {
    store.set("a", "k", b("a"), null);
    store.set("a", "b:k", b("a, key b:k"), null);
    store.set("ab", "k", b("ab"), null);
    store.set("b", "k", b("b"), null);
    store.set("nx", "k", b("nx"), null);
    store.set("n*", "k", b("n*"), null);
    store.set("[ab]", "k", b("[ab]"), null);
    assertArrayEquals(b("ab"), get("ab", "k"));
    store.clear("a");
    assertEquals(Optional.empty(), store.get("a", "k"));
    assertEquals(Optional.empty(), store.get("a", "b:k"));
    assertArrayEquals(b("ab"), get("ab", "k"), "clear(\"a\") leaves namespace \"ab\"");
    assertArrayEquals(b("b"), get("b", "k"));
    store.clear("n*");
    assertArrayEquals(b("nx"), get("nx", "k"), "a glob character in a namespace is literal");
    store.clear("[ab]");
    assertArrayEquals(b("ab"), get("ab", "k"), "\"[ab]\" is a name, not a character class");
    assertArrayEquals(b("b"), get("b", "k"));
  }

  @Test
  void entryCount_countsOneNamespace() {
    for (int i = 0; i < 1200; i++) {
      store.set("a", "k" + i, b("v"), null);
    }
    store.set("ab", "k", b("v"), null);
    if (countsEntries()) {
      assertEquals(1200, store.entryCount("a"));
      assertEquals(1, store.entryCount("ab"));
    }
    store.clear("a");
    assertEquals(0, store.entryCount("a"));
    assertEquals(Optional.empty(), store.get("a", "k1199"));
  }

  @Test
  void anEntryWithATtl_isAMissOnceItHasPassed() {
    // A store on a server's clock expires in real time: on a loaded machine the sets below can
    // take longer than the TTL, so "alive before its TTL" is asserted only while it must hold.
    Duration ttl = Duration.ofSeconds(1);
    long start = System.nanoTime();
    store.set("a", "short", b("v"), ttl);
    store.set("a", "long", b("v"), Duration.ofHours(1));
    store.set("a", "forever", b("v"), null);
    store.set("a", "ttl-then-none", b("v"), ttl);
    store.set("a", "ttl-then-none", b("w"), null);
    byte[] early = store.get("a", "short").orElse(null);
    if (System.nanoTime() - start < ttl.toNanos()) {
      assertArrayEquals(b("v"), early, "alive before its TTL");
    }
    advance(ttl.multipliedBy(2));
    assertEquals(Optional.empty(), store.get("a", "short"), "gone after its TTL");
    assertArrayEquals(b("v"), get("a", "long"));
    assertArrayEquals(b("v"), get("a", "forever"));
    assertArrayEquals(b("w"), get("a", "ttl-then-none"), "a set without TTL drops the old one");
  }

  @Test
  void invalidInput_isRefused_andChangesNothing() {
    store.set("a", "k", b("v"), null);
    for (String ns : new String[] {null, "", "a:b", "x".repeat(CacheStore.MAX_NAMESPACE_LENGTH
        + 1)}) {
      assertThrows(IllegalArgumentException.class, () -> store.set(ns, "k", b("v"), null));
      assertThrows(IllegalArgumentException.class, () -> store.get(ns, "k"));
      assertThrows(IllegalArgumentException.class, () -> store.clear(ns));
    }
    assertThrows(IllegalArgumentException.class, () -> store.set("a", null, b("v"), null));
    assertThrows(IllegalArgumentException.class, () -> store.set("a", "k", null, null));
    assertThrows(IllegalArgumentException.class,
        () -> store.set("a", "k", b("x"), Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> store.set("a", "k", b("x"), Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> store.delete("a", null));
    assertArrayEquals(b("v"), get("a", "k"), "refused calls change nothing");
  }

  @Test
  void typedCache_overTheStore_roundTrips_andAnUndecodableEntryIsAMiss() {
    CacheCodec<Long, String> codec = CacheCodec.of(id -> "id-" + id,
        v -> b("v1:" + v), bytes -> {
          String s = new String(bytes, StandardCharsets.UTF_8);
          if (!s.startsWith("v1:")) {
            throw new IllegalArgumentException("not a v1 entry: " + s);
          }
          return s.substring(3);
        });
    TypedCache<Long, String> cache = TypedCache.fromStore(store, "typed", null, codec);
    TypedCache<Long, String> other = TypedCache.fromStore(store, "t2", null, codec);
    cache.insert(1L, "one");
    cache.insert(2L, "two");
    other.insert(1L, "other one");
    assertEquals(Optional.of("one"), cache.get(1L));
    assertEquals(Optional.empty(), cache.get(3L));
    store.set("typed", "id-2", b("garbage"), null);
    assertEquals(Optional.empty(), cache.get(2L), "an entry that does not decode is a miss");
    cache.invalidate(1L);
    assertEquals(Optional.empty(), cache.get(1L));
    cache.insert(4L, "four");
    if (countsEntries()) {
      assertEquals(2, cache.entryCount());
    }
    cache.clear();
    assertEquals(0, cache.entryCount());
    assertEquals(Optional.of("other one"), other.get(1L), "clear stays in its namespace");
    other.invalidateAll();
    assertTrue(other.get(1L).isEmpty());
  }
}
