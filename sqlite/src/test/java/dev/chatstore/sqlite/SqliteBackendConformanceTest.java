package dev.chatstore.sqlite;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.signal.BackendConformanceSuite;
import java.nio.file.Path;

/** The stores of specification 001 on the embedded default, {@code dir/chatstore.db}. */
class SqliteBackendConformanceTest extends BackendConformanceSuite {

  @Override
  protected ChatStore open(Path dir) {
    return ChatStore.on(SqliteKvStore.open(dir, SqliteOptions.defaults(),
        StoreOptions.defaults()));
  }

  @Override
  public boolean persistent() {
    return true;
  }
}
