package dev.chatstore.sqlite;

import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.TenantIsolationSuite;
import java.nio.file.Path;

/** Tenant isolation with adversarial ids on {@link SqliteKvStore}. */
class SqliteTenantIsolationTest extends TenantIsolationSuite {
  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return SqliteKvStore.open(dir, SqliteOptions.defaults(), options);
  }
}
