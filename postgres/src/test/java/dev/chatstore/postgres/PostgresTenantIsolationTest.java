package dev.chatstore.postgres;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.TenantIsolationSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant isolation with adversarial ids on {@link PostgresKvStore}, against the shared test
 * server, each test in a table of its own.
 */
class PostgresTenantIsolationTest extends TenantIsolationSuite {
  @RegisterExtension
  static final PostgresTestServer PG = new PostgresTestServer();

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return PostgresKvStore.open(PostgresTestServer.uri(PG.newTable("isolation")), options);
  }
}
