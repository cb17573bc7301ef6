package dev.chatstore.postgres;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.chat.ChatDbConformanceSuite;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole chat database contract on {@link PostgresKvStore} against the shared test server,
 * each test in its own table, dropped afterwards.
 */
class PostgresChatDbConformanceTest extends ChatDbConformanceSuite {
  @RegisterExtension
  static final PostgresTestServer PG = new PostgresTestServer();

  @Override
  protected ChatStore open(Path dir, Clock clock) {
    return ChatStore.on(PostgresKvStore.open(PostgresTestServer.uri(PG.newTable("chat")),
        StoreOptions.defaults().withClock(clock)));
  }
}
