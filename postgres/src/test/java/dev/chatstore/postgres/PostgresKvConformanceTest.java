package dev.chatstore.postgres;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.KvStoreConformanceSuite;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole {@link KvStore} contract on {@link PostgresKvStore} against the shared test server
 * ({@value PostgresTestServer#URL_ENV}): each test gets its own table, derived from its temporary
 * directory so that a reopen finds the same table, and dropped after the test.
 */
class PostgresKvConformanceTest extends KvStoreConformanceSuite {
  @RegisterExtension
  static final PostgresTestServer PG = new PostgresTestServer();

  private final Map<Path, String> tables = new HashMap<>();

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    String table = tables.computeIfAbsent(dir, d -> PG.newTable("tck"));
    return PostgresKvStore.open(PostgresTestServer.uri(table), options);
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return EnumSet.allOf(KvFeature.class);
  }
}
