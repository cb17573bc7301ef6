package dev.chatstore.sqlite;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.chat.ChatDbConformanceSuite;
import java.nio.file.Path;
import java.time.Clock;

/** The whole chat database contract on the embedded default, {@link SqliteKvStore}. */
class SqliteChatDbConformanceTest extends ChatDbConformanceSuite {
  @Override
  protected ChatStore open(Path dir, Clock clock) {
    return ChatStore.on(SqliteKvStore.open(dir, SqliteOptions.defaults(),
        StoreOptions.defaults().withClock(clock)));
  }
}
