package dev.chatstore.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.ChatStore;
import dev.chatstore.engine.Engine;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.engine.MessageRef;
import dev.chatstore.engine.Messages;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant isolation on a backend, with adversarial tenant ids: ids that are prefixes of each
 * other, hold NUL, 0xFF-like and supplementary characters, equal the bytes of encoded tuple
 * fragments (type codes, terminators, escapes, area tags, a whole tenant prefix), or are as long
 * as allowed. Through every API — get, getAll, scan both ways, count, stream, writes with deletes,
 * range deletes and checks, the {@link Engine} and its {@link Messages} — a tenant reads, lists,
 * counts and deletes only its own keys. A backend runs it by one subclass that opens its store.
 */
public abstract class TenantIsolationSuite {
  /** The ids every test works with; each pair differs, none is empty. */
  public static final List<String> ADVERSARIAL_IDS = List.of(
      "a", "a\0", "a\0\0", "a\0\u00ff", "\0", "\0\0", "ab", "a\u0001", "\u00ff", "\uffff",
      "\uffff\uffff", "\uD834\uDD1E", "\u0002a", "a\0\u0015\u0002", "\u0015\u0001\u0002a\0",
      "a\0\u00ff\0", "a/", "a%", "..", "x".repeat(256), "\uffff".repeat(256),
      "\uD83D\uDE00".repeat(128));
  /** Relative keys at the edges of an area: empty, 0x00, 0xFF, 0xFF 0xFF, and "k". */
  private static final List<byte[]> EDGE_KEYS = List.of(new byte[0], new byte[] {0},
      new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFF, (byte) 0xFF}, b("k"));

  private ChatStore store;

  /** Opens the backend under test on a fresh directory (network backends: a fresh namespace). */
  protected abstract KvStore open(Path dir, StoreOptions options);

  @BeforeEach
  final void openStore(@TempDir Path dir) {
    store = ChatStore.on(Objects.requireNonNull(open(dir, StoreOptions.defaults())));
  }

  @AfterEach
  final void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String name(String id) {
    StringBuilder sb = new StringBuilder("tenant \"");
    id.codePoints().limit(12).forEach(c -> sb.append(c >= 0x20 && c < 0x7F ? Character.toString(c)
        : String.format("\\u%04X", c)));
    return sb.append(id.codePointCount(0, id.length()) > 12 ? "...\"" : "\"").toString();
  }

  private static byte[] valueOf(String id, Area area, byte[] key) {
    return b(area + "|" + id + "|" + Tck.show(key));
  }

  private void fillEveryTenant() {
    for (String id : ADVERSARIAL_IDS) {
      for (Area area : List.of(Area.APP, Area.CREDENTIALS)) {
        WriteBatch.Builder batch = WriteBatch.builder();
        for (byte[] k : EDGE_KEYS) {
          batch.put(k, valueOf(id, area, k));
        }
        store.tenant(id).area(area).write(batch.build());
      }
    }
  }

  private void assertOwnEntries(String id, Area area, List<KvEntry> entries, String how) {
    assertEquals(EDGE_KEYS.size(), entries.size(), () -> name(id) + " " + area + ": " + how
        + " should see exactly its " + EDGE_KEYS.size() + " keys, saw " + entries);
    for (KvEntry e : entries) {
      assertArrayEquals(valueOf(id, area, e.key()), e.value(), () -> name(id) + " " + area + ": "
          + how + " returned " + e + ", which is not its own");
    }
  }

  @Test
  void reads_reachOnlyTheTenantsOwnKeys() {
    fillEveryTenant();
    for (String id : ADVERSARIAL_IDS) {
      for (Area area : List.of(Area.APP, Area.CREDENTIALS)) {
        KvStore view = store.tenant(id).area(area);
        for (byte[] k : EDGE_KEYS) {
          assertArrayEquals(valueOf(id, area, k), view.get(k), () -> name(id) + ": get");
        }
        List<byte[]> all = view.getAll(EDGE_KEYS);
        for (int i = 0; i < EDGE_KEYS.size(); i++) {
          assertArrayEquals(valueOf(id, area, EDGE_KEYS.get(i)), all.get(i),
              () -> name(id) + ": getAll");
        }
        assertOwnEntries(id, area, view.scanAll(KeyRange.all()), "scanAll");
        assertOwnEntries(id, area, view.stream(KeyRange.all(), Direction.DESCENDING, 2).toList(),
            "a descending stream in pages of 2");
        List<KvEntry> paged = new ArrayList<>();
        KeyRange rest = KeyRange.of(new byte[0], null);
        while (rest != null) {
          ScanPage p = view.scan(rest, Direction.DESCENDING, 1);
          paged.addAll(p.entries());
          rest = p.rest();
        }
        assertOwnEntries(id, area, paged, "descending scans of one entry per page");
        assertEquals(EDGE_KEYS.size(), view.count(KeyRange.all()), () -> name(id) + ": count");
        assertEquals(Map.of(Area.APP, 5L, Area.CREDENTIALS, 5L), store.tenant(id).counts(),
            () -> name(id) + ": counts");
      }
    }
  }

  @Test
  void writes_reachOnlyTheTenantsOwnKeys() {
    fillEveryTenant();
    for (int i = 0; i < ADVERSARIAL_IDS.size(); i++) {
      String id = ADVERSARIAL_IDS.get(i);
      KvStore view = store.tenant(id).area(Area.APP);
      KvStore neighbour = store.tenant(ADVERSARIAL_IDS.get((i + 1) % ADVERSARIAL_IDS.size()))
          .area(Area.APP);
      byte[] onlyOthers = b("only-elsewhere");
      neighbour.put(onlyOthers, b("x"));
      assertTrue(view.write(WriteBatch.builder().checkAbsent(onlyOthers).build()),
          () -> name(id) + ": a check that its key is absent should not see another tenant's");
      assertFalse(view.write(WriteBatch.builder().check(onlyOthers, b("x")).build()),
          () -> name(id) + ": a check should not see another tenant's value");
      assertTrue(view.write(WriteBatch.builder().delete(b("k")).deleteRange(new byte[0], null)
          .build()), () -> name(id) + ": delete everything of its APP area");
      assertEquals(0, view.count(KeyRange.all()), () -> name(id) + ": its APP area is empty");
      assertArrayEquals(b("x"), neighbour.get(onlyOthers), () -> name(id) + "'s range delete"
          + " should leave its neighbour's key");
      neighbour.delete(onlyOthers);
      for (String other : ADVERSARIAL_IDS) {
        if (!other.equals(id)) {
          assertEquals(5, store.tenant(other).area(Area.CREDENTIALS).count(KeyRange.all()),
              () -> name(other) + " after " + name(id) + " deleted its APP area");
        }
      }
      view.write(WriteBatch.builder().put(b("k"), valueOf(id, Area.APP, b("k"))).build());
    }
    for (String id : ADVERSARIAL_IDS) {
      assertEquals(Map.of(Area.APP, 1L, Area.CREDENTIALS, 5L), store.tenant(id).counts(),
          () -> name(id) + ": what it kept after every tenant emptied its own APP area");
    }
  }

  @Test
  void dropAndList_reachOnlyTheTenantNamed() {
    fillEveryTenant();
    assertEquals(new HashSet<>(ADVERSARIAL_IDS), new HashSet<>(store.tenants()),
        "tenants() should list each tenant once");
    assertEquals(ADVERSARIAL_IDS.size(), store.tenants().size(), "tenants() without duplicates");
    for (String id : ADVERSARIAL_IDS) {
      store.dropTenant(id);
      assertEquals(Map.of(), store.tenant(id).counts(), () -> name(id) + " dropped");
      int at = ADVERSARIAL_IDS.indexOf(id);
      for (String other : ADVERSARIAL_IDS.subList(at + 1, ADVERSARIAL_IDS.size())) {
        assertEquals(Map.of(Area.APP, 5L, Area.CREDENTIALS, 5L), store.tenant(other).counts(),
            () -> name(other) + " after the drop of " + name(id));
      }
    }
    assertEquals(List.of(), store.tenants(), "every tenant dropped");
  }

  @Test
  void engineAndMessages_reachOnlyTheTenantsOwnDocuments() {
    String chat = "120363@g.us";
    for (String id : ADVERSARIAL_IDS) {
      Engine engine = KvEngine.of(store, id);
      engine.set("chat/" + chat + "/index", id);
      engine.set("session/creds", id);
      Messages.on(engine).append(chat, 1_700_000_000_000L + id.length(), "M-" + id.hashCode());
    }
    for (String id : ADVERSARIAL_IDS) {
      Engine engine = KvEngine.of(store, id);
      assertEquals(id, engine.get("session/creds"), () -> name(id) + ": engine get");
      assertEquals(new HashSet<>(List.of("session/creds", "chat/" + chat + "/messages",
          "chat/" + chat + "/index")), new HashSet<>(engine.list("")),
          () -> name(id) + ": engine list");
      assertEquals(List.of(new MessageRef(1_700_000_000_000L + id.length(), "M-" + id.hashCode())),
          Messages.on(engine).page(chat, 0, 10), () -> name(id) + ": message index");
    }
    String first = ADVERSARIAL_IDS.get(0);
    assertEquals(3, KvEngine.of(store, first).deletePrefix(""), "deletePrefix(\"\") of "
        + name(first));
    for (String id : ADVERSARIAL_IDS.subList(1, ADVERSARIAL_IDS.size())) {
      Engine engine = KvEngine.of(store, id);
      assertEquals(3, engine.list("").size(), () -> name(id) + " after " + name(first)
          + " deleted everything of its engine");
      assertEquals(1, Messages.on(engine).count(chat), () -> name(id) + ": message count");
    }
    assertNull(KvEngine.of(store, first).get("session/creds"));
  }
}
