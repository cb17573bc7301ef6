package dev.chatstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many tenants in one table: a tenant is a key prefix, and dropping it is one range delete that
 * removes its rows and no other tenant's, even one whose id extends the dropped id.
 */
class PostgresTenantTest {
  @RegisterExtension
  static final PostgresTestServer PG = new PostgresTestServer();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static long rows(String table, byte[] prefix) throws SQLException {
    try (Connection c = PostgresTestServer.jdbc();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + PgSql.quote(table)
            + " WHERE substr(k, 1, ?) = ?")) {
      ps.setInt(1, prefix.length);
      ps.setBytes(2, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void dropTenant_removesItsRowsOnly_inOneRangeDelete() throws SQLException {
    String table = PG.newTable("tenant");
    PostgresKvStore backend = PostgresKvStore.open(PostgresTestServer.uri(table),
        StoreOptions.defaults());
    assertThat(backend.features()).as("the drop must be a native range delete, not emulated")
        .contains(KvFeature.RANGE_DELETE);
    try (ChatStore chat = ChatStore.on(backend)) {
      List<String> ids = List.of("alice", "alice2", "al", "bob", "\u00e9ve");
      for (String id : ids) {
        for (Area area : List.of(Area.CREDENTIALS, Area.SIGNAL, Area.CHAT)) {
          KvStore s = chat.tenant(id).area(area);
          for (int i = 0; i < 20; i++) {
            s.put(b("key" + i), b(id + "/" + area + "/" + i));
          }
          s.put(new byte[] {(byte) 0xFF, (byte) 0xFF}, b("edge"));
        }
      }
      assertThat(chat.tenants()).containsExactlyInAnyOrderElementsOf(ids);
      byte[] alice = chat.tenant("alice").subspace().prefix();
      assertThat(rows(table, alice)).isEqualTo(3 * 21);

      chat.dropTenant("alice");

      assertThat(rows(table, alice)).as("no row of the dropped tenant should remain").isZero();
      assertThat(chat.tenants()).containsExactlyInAnyOrder("alice2", "al", "bob", "\u00e9ve");
      for (String id : List.of("alice2", "al", "bob", "\u00e9ve")) {
        assertThat(rows(table, chat.tenant(id).subspace().prefix()))
            .as("tenant " + id + " should keep all its rows").isEqualTo(3 * 21);
        assertThat(chat.tenant(id).area(Area.CHAT).get(b("key7")))
            .isEqualTo(b(id + "/" + Area.CHAT + "/7"));
      }
      assertThat(chat.tenant("alice").area(Area.CHAT).get(b("key7"))).isNull();
    }
    assertThat(rows(table, new byte[0])).as("the table should hold the other four tenants'"
        + " rows and nothing else").isEqualTo(4 * 3 * 21);
  }
}
