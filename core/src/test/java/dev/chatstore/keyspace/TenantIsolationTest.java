package dev.chatstore.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.memory.MemoryKvStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenants are subspaces: a tenant's view reaches only its own keys, whatever the ids hold. */
class TenantIsolationTest {
  /** Ids chosen to break naive prefixing: prefixes of each other, NULs, escapes, 0xFF-ish. */
  private static final List<String> ADVERSARIAL = List.of(
      "a", "a\0", "a\0\0", "a\0b", "ab", "a/", "a%", "a_", "\0", "\0a", "\u00ff", "\uffff",
      "a\u00ff", "\uD834\uDD1E", "b", "aa", " ", "*", "..");

  private Keyspace keyspace;

  @BeforeEach
  void open() {
    keyspace = new Keyspace(new MemoryKvStore(StoreOptions.defaults()));
  }

  @AfterEach
  void close() {
    keyspace.store().close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void fillEveryTenant() {
    for (String id : ADVERSARIAL) {
      KvStore s = keyspace.tenant(id).area(Area.APP);
      // relative keys that would spill into a neighbour under naive prefixing
      s.write(WriteBatch.builder().put(new byte[0], b(id)).put(new byte[] {(byte) 0xFF}, b(id))
          .put(new byte[] {0x00}, b(id)).put(new byte[] {(byte) 0xFF, (byte) 0xFF, 0}, b(id))
          .build());
      keyspace.tenant(id).area(Area.CREDENTIALS).put(b("k"), b(id));
    }
  }

  @Test
  void tenantView_scansCountsAndReadsOnlyItsOwnKeys_forAdversarialIds() {
    fillEveryTenant();
    for (String id : ADVERSARIAL) {
      KvStore s = keyspace.tenant(id).area(Area.APP);
      List<KvEntry> all = s.scanAll(KeyRange.all());
      assertThat(all).as("tenant %s sees exactly its 4 keys", id).hasSize(4);
      assertThat(all).allSatisfy(e -> assertThat(e.value()).as("tenant %s", id).isEqualTo(b(id)));
      assertThat(s.count(KeyRange.all())).isEqualTo(4);
      ScanPage reverse = s.scan(KeyRange.all(), Direction.DESCENDING, 100);
      assertThat(reverse.entries()).hasSize(4);
      assertThat(keyspace.tenant(id).counts()).isEqualTo(Map.of(Area.APP, 4L, Area.CREDENTIALS, 1L));
    }
  }

  @Test
  void rangeDeleteThroughATenantView_neverReachesAnotherTenant() {
    fillEveryTenant();
    keyspace.tenant("a").area(Area.APP).write(WriteBatch.builder()
        .deleteRange(new byte[0], null).build());
    for (String id : ADVERSARIAL) {
      long expected = id.equals("a") ? 0 : 4;
      assertThat(keyspace.tenant(id).area(Area.APP).count(KeyRange.all()))
          .as("tenant %s after tenant a deleted its whole APP area", id).isEqualTo(expected);
    }
  }

  @Test
  void dropTenant_removesAllItsAreas_andNoOtherTenant() {
    fillEveryTenant();
    keyspace.dropTenant("a");
    for (String id : ADVERSARIAL) {
      Map<Area, Long> counts = keyspace.tenant(id).counts();
      if (id.equals("a")) {
        assertThat(counts).as("dropped tenant").isEmpty();
      } else {
        assertThat(counts).as("tenant %s survives the drop of 'a'", id)
            .isEqualTo(Map.of(Area.APP, 4L, Area.CREDENTIALS, 1L));
      }
    }
  }

  @Test
  void tenants_listsEveryTenantWithData_once_inKeyOrder() {
    fillEveryTenant();
    List<String> listed = keyspace.tenants();
    assertThat(listed).containsExactlyInAnyOrderElementsOf(ADVERSARIAL);
    List<String> sorted = new ArrayList<>(listed);
    sorted.sort((x, y) -> dev.chatstore.tuple.Tuple.of(x).compareTo(dev.chatstore.tuple.Tuple.of(y)));
    assertThat(listed).isEqualTo(sorted);
  }

  @Test
  void scopedScan_continuationsPageThroughTheAreaOnly() {
    fillEveryTenant();
    KvStore s = keyspace.tenant("a").area(Area.APP);
    for (Direction d : Direction.values()) {
      List<byte[]> keys = new ArrayList<>();
      KeyRange rest = KeyRange.all();
      while (rest != null) {
        ScanPage p = s.scan(rest, d, 1);
        p.entries().forEach(e -> keys.add(e.key()));
        rest = p.rest();
      }
      assertThat(keys).as("paging %s one by one", d).hasSize(4);
    }
  }

  @Test
  void badTenantIds_areRefusedWithTheReason() {
    assertThatThrownBy(() -> keyspace.tenant("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> keyspace.tenant(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keyspace.tenant("x".repeat(Keyspace.MAX_TENANT_ID_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(Keyspace.MAX_TENANT_ID_LENGTH));
    assertThatThrownBy(() -> keyspace.tenant("bad\uD800"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void systemRecords_areOutsideEveryTenant() {
    fillEveryTenant();
    keyspace.system().put(b("schema"), b("1"));
    assertThat(keyspace.tenants()).doesNotContain("schema");
    for (String id : ADVERSARIAL) {
      assertThat(keyspace.tenant(id).area(Area.APP).count(KeyRange.all())).isEqualTo(4);
    }
  }
}
