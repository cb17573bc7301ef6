package dev.chatstore.jobs;

import static dev.chatstore.jobs.Persistency.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistency on memory: root URIs, job ids, and what the memory backend keeps. */
class PersistencyTest {

  @Test
  void rootUri_refusesServersUnknownSchemesAndFiles(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> Persistency.open("postgresql://localhost/test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names a server");
    assertThatThrownBy(() -> Persistency.open("nosuch:" + dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuch")
        .hasMessageContaining("memory");
    assertThatThrownBy(() -> Persistency.open("memory:x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory:x");
    assertThatThrownBy(() -> Persistency.open(""))
        .isInstanceOf(IllegalArgumentException.class);
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertThatThrownBy(() -> Persistency.open(file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a folder");
    assertThatThrownBy(() -> Persistency.open(dir.resolve("jobs")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chatstore-sqlite"); // the default backend is not on this path
    assertThat(dir.resolve("jobs")).doesNotExist();
    assertThatThrownBy(() -> Persistency.open((Path) null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jobIds_areFileNames() {
    for (String ok : List.of("a", "A9", "job-1", "job_1.v2", "x".repeat(JobIds.MAX_LENGTH))) {
      assertThat(JobIds.check(ok)).isEqualTo(ok);
    }
    for (String bad : List.of("", ".", "..", "../etc", "a/b", "a\\b", "a\u0000b", "_x", "-x",
        "x".repeat(JobIds.MAX_LENGTH + 1), "a b", "ü", "aux", "COM1.log", "Lpt9")) {
      assertThatThrownBy(() -> JobIds.check(bad), bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job id");
    }
    assertThatThrownBy(() -> JobIds.check("a\u0000b"))
        .hasMessageContaining("a\\u0000b");
  }

  @Test
  void memoryJobs_keepNothingAfterClose_andDoNotShareData() {
    try (Persistency p = Persistency.open("memory:")) {
      Job a = p.openJob("a");
      a.persistPut("c", key("k"), new byte[] {1}).join();
      p.openJob("b").persistPut("c", key("k"), new byte[] {2}).join();
      assertThat(p.jobs()).containsExactly("a", "b");
      assertThat(p.describe()).isEqualTo("memory:");
      p.closeJob("a");
      assertThat(p.openJob("a").get("c", key("k")).join()).isEmpty();
      assertThat(p.job("b").get("c", key("k")).join()).hasValueSatisfying(
          v -> assertThat(v).containsExactly(2));
    }
  }

  @Test
  void failures_areTheFuturesDirectCause() {
    try (Persistency p = Persistency.open("memory:")) {
      Job j = p.openJob("j");
      var f = j.scan("c", TupleRange.all(), Direction.ASCENDING, 0);
      assertThat(f).isCompletedExceptionally();
      assertThat(f.exceptionNow()).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scan limit 0");
      p.closeJob("j");
      var closed = j.get("c", key("k"));
      assertThatThrownBy(closed::join).isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(StoreException.class)
          .satisfies(e -> assertThat(((StoreException) e).kind())
              .isEqualTo(StoreException.Kind.CLOSED));
    }
  }

  @Test
  void tupleRange_refusesAStartAfterItsEnd() {
    assertThatThrownBy(() -> TupleRange.of(key(2), key(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorts after");
    assertThat(TupleRange.of(key(1), key(1))).isNotNull();
  }
}
