package dev.chatstore.rocksdb;

import dev.chatstore.tck.jobs.PersistencyConformanceSuite;
import java.nio.file.Path;

/**
 * The persistency contract on RocksDB: each job a database directory of its own,
 * {@code ROOT/id}, opened by {@code rocksdb:ROOT/id}.
 */
class RocksDbPersistencyConformanceTest extends PersistencyConformanceSuite {

  @Override
  protected String rootUri(Path dir) {
    return "rocksdb:" + dir;
  }
}
