package dev.chatstore.sqlite;

import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.KvStoreConformanceSuite;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The whole {@link KvStore} contract on {@link SqliteKvStore} with default SQLite settings
 * (WAL, {@code synchronous=NORMAL}, 4 readers): the store lives in {@code dir/chatstore.db} and
 * reopening opens the same file.
 */
class SqliteKvConformanceTest extends KvStoreConformanceSuite {

  @Override
  protected KvStore open(Path dir, StoreOptions options) {
    return SqliteKvStore.open(dir, SqliteOptions.defaults(), options);
  }

  @Override
  protected Set<KvFeature> expectedFeatures() {
    return EnumSet.allOf(KvFeature.class);
  }
}
