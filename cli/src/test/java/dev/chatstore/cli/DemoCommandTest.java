package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KeyRange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatstore demo}, run as a user runs it: through main's entry, twice. */
class DemoCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void demo_onSqlite_writesReadsAndReports_andIsSafeToRunTwice(@TempDir Path dir) {
    String uri = "sqlite:" + dir.resolve("data");
    Run first = run("demo", "--uri", uri);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("wrote 2,244 keys for 3 accounts")
        .contains("read 3 identity keys back").contains("multi-get of 50 pre-keys: 50 found")
        .contains("latest 20 of 100 messages").contains(" ms").doesNotContain("re-run");

    Run second = run("demo", "--uri", uri);
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("this was a re-run");

    try (ChatStore store = ChatStore.open(uri)) {
      assertThat(store.tenants()).containsExactlyElementsOf(DemoCommand.TENANTS);
      long messages = store.tenant("alice:phone").area(Area.CHAT).count(KeyRange.all());
      assertThat(messages).as("a second run must not duplicate messages")
          .isEqualTo(DemoCommand.CHATS * DemoCommand.MESSAGES_PER_CHAT);
    }
  }

  @Test
  void demo_onMemory_works() {
    Run r = run("demo", "--uri", "memory:");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("chatstore demo on memory:");
  }

  @Test
  void badUri_isExitCode2_withTheReason() {
    Run r = run("demo", "--uri", "nosuch:x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown store URI scheme 'nosuch'").contains("sqlite");
  }

  @Test
  void unknownCommand_isExitCode2() {
    assertThat(run("frobnicate").exit()).isEqualTo(2);
  }
}
