package dev.chatstore.tck.jobs;

import static dev.chatstore.jobs.Persistency.key;
import static dev.chatstore.tck.jobs.JobContract.await;
import static dev.chatstore.tck.jobs.JobContract.b;
import static dev.chatstore.tck.jobs.JobContract.failsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.ChatStore;
import dev.chatstore.jobs.Job;
import dev.chatstore.jobs.JobStores;
import dev.chatstore.jobs.Persistency;
import dev.chatstore.jobs.TupleRange;
import dev.chatstore.kv.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The lifecycle of jobs: open, close, drop, lookups, ids, and independence of jobs. */
public interface JobLifecycleContract extends JobContract {

  @Test
  default void openJob_isIdempotent() {
    Job first = persistency().openJob("j");
    assertSame(first, persistency().openJob("j"), "openJob of an open job returns it");
    assertSame(first, persistency().job("j"));
    assertTrue(persistency().hasJob("j"));
    assertFalse(persistency().hasJob("other"));
    assertEquals(Set.of("j"), persistency().jobs());
  }

  @Test
  default void concurrentOpens_ofOneJob_openItOnce() {
    List<CompletableFuture<Job>> opens = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      opens.add(CompletableFuture.supplyAsync(() -> persistency().openJob("j")));
    }
    Job first = await(opens.get(0));
    for (CompletableFuture<Job> o : opens) {
      assertSame(first, await(o), "every concurrent openJob returns the one open job");
    }
  }

  @Test
  default void closeJob_waitsForEveryQueuedWrite() {
    Job job = persistency().openJob("j");
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      writes.add(job.persistPut("c", key(i), b("v" + i)));
    }
    assertTrue(persistency().closeJob("j"));
    for (CompletableFuture<Void> w : writes) {
      assertTrue(w.isDone() && !w.isCompletedExceptionally(),
          "every write queued before closeJob has committed when it returns");
    }
    assertFalse(persistency().hasJob("j"));
    assertFalse(persistency().closeJob("j"), "closing a closed job is harmless");
    if (persistent()) {
      assertEquals(1000L, await(persistency().openJob("j").count("c", TupleRange.all())));
    }
  }

  @Test
  default void reopen_keepsTheJobsData() {
    Assumptions.assumeTrue(persistent(), "the backend keeps nothing after close");
    persistency().openJob("j").persistPut("c", key("k"), b("kept"));
    persistency().closeJob("j");
    assertArrayEquals(b("kept"),
        await(persistency().openJob("j").get("c", key("k"))).orElseThrow(),
        "reopening a job keeps its data");
    reopen().openJob("j");
    assertArrayEquals(b("kept"), await(persistency().job("j").get("c", key("k"))).orElseThrow(),
        "a new Persistency on the same root finds the data");
  }

  @Test
  default void eachJob_hasItsOwnFolder_andDropJobRemovesIt() throws IOException {
    Job a = persistency().openJob("a");
    persistency().openJob("b").persistPut("c", key("k"), b("b"));
    await(a.persistPut("c", key("k"), b("a")));
    if (filesPerJob()) {
      assertTrue(Files.isDirectory(root().resolve("a")), "job a has its folder");
      try (Stream<Path> files = Files.list(root().resolve("a"))) {
        assertTrue(files.findAny().isPresent(), "job a's folder holds its store");
      }
    }
    assertTrue(persistency().dropJob("a"));
    assertFalse(persistency().hasJob("a"));
    failsWith(StoreException.Kind.CLOSED, a.get("c", key("k")));
    if (filesPerJob()) {
      assertFalse(Files.exists(root().resolve("a")), "dropJob removes the job's folder");
      assertTrue(Files.isDirectory(root().resolve("b")), "and leaves the others");
    }
    assertEquals(Optional.empty(), await(persistency().openJob("a").get("c", key("k"))),
        "a dropped job reopens empty");
    assertArrayEquals(b("b"), await(persistency().job("b").get("c", key("k"))).orElseThrow());
    persistency().closeJob("b");
    assertEquals(persistent(), persistency().dropJob("b"),
        "dropping a closed job reports whether it had data");
    assertFalse(persistency().dropJob("never-opened"));
  }

  @Test
  default void aClosedJob_failsCallsWithClosed_andLookupsWithNotFound() {
    Job job = persistency().openJob("j");
    Job byId = persistency().byId("j");
    await(byId.persistPut("c", key("k"), b("v")));
    persistency().closeJob("j");
    failsWith(StoreException.Kind.CLOSED, job.persistPut("c", key("k"), b("v")));
    failsWith(StoreException.Kind.CLOSED, job.get("c", key("k")));
    failsWith(StoreException.Kind.CLOSED, job.deleteAcked("c", key("k")));
    failsWith(StoreException.Kind.NOT_FOUND, byId.get("c", key("k")));
    failsWith(StoreException.Kind.NOT_FOUND, byId.persistPut("c", key("k"), b("v")));
    failsWith(StoreException.Kind.NOT_FOUND, persistency().byId("never").count("c",
        TupleRange.all()));
    StoreException e = assertThrows(StoreException.class, () -> persistency().job("j"));
    assertEquals(StoreException.Kind.NOT_FOUND, e.kind());
    persistency().openJob("j");
    assertEquals(persistent(), await(byId.exists("c", key("k"))),
        "the by-id view reaches the job again once it is open");
  }

  @Test
  default void jobIdsThatCouldEscapeTheRoot_areRefused_andCreateNothing() throws IOException {
    List<String> bad = new ArrayList<>(Arrays.asList("", ".", "..", "../x", "a/b", "a\\b",
        "/abs", "a\0b", "x".repeat(129), " lead", "-rf", ".hidden", "tab\t", "é", "CON",
        "nul.txt", "a:b"));
    bad.add(null);
    for (String id : bad) {
      assertThrows(IllegalArgumentException.class, () -> persistency().openJob(id),
          "openJob(" + id + ") should be refused");
      assertThrows(IllegalArgumentException.class, () -> persistency().dropJob(id));
      assertThrows(IllegalArgumentException.class, () -> persistency().byId(id));
      assertThrows(IllegalArgumentException.class, () -> persistency().hasJob(id));
    }
    if (filesPerJob()) {
      try (Stream<Path> files = Files.list(root())) {
        assertEquals(List.of(), files.toList(), "refused ids create nothing under the root");
      }
    }
    persistency().openJob("Job_1.a-b"); // letters, digits, '.', '_' and '-' are fine
    persistency().openJob("x".repeat(128));
  }

  @Test
  default void close_closesEveryJob_andRefusesLaterCalls() {
    Job a = persistency().openJob("a");
    CompletableFuture<Void> w = a.persistPut("c", key("k"), b("v"));
    persistency().close();
    assertTrue(w.isDone() && !w.isCompletedExceptionally(), "close waits for queued writes");
    failsWith(StoreException.Kind.CLOSED, a.get("c", key("k")));
    StoreException e = assertThrows(StoreException.class, () -> persistency().openJob("b"));
    assertEquals(StoreException.Kind.CLOSED, e.kind());
    persistency().close(); // twice is harmless
  }

  @Test
  default void aRootFolder_isUsedByOnePersistencyAtATime() {
    Assumptions.assumeTrue(filesPerJob(), "memory has no root folder");
    assertThrows(IllegalStateException.class, () -> stores(root()));
    persistency().close();
    stores(root()).close(); // free again once closed
  }

  @Test
  default void aBlockedJob_delaysNoOtherJob(@org.junit.jupiter.api.io.TempDir Path dir) {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    JobStores real = stores(dir);
    JobStores gated = new JobStores() {
      @Override
      public String describe() {
        return real.describe();
      }

      @Override
      public ChatStore open(String id) {
        ChatStore store = real.open(id);
        if (!id.equals("stuck")) {
          return store;
        }
        GatedKvStore gated = new GatedKvStore(store.kv(), gate);
        ChatStore opened = ChatStore.on(gated);
        gated.arm();
        return opened;
      }

      @Override
      public boolean drop(String id) {
        return real.drop(id);
      }

      @Override
      public void close() {
        real.close();
      }
    };
    try (Persistency p = Persistency.on(gated)) {
      Job stuck = p.openJob("stuck");
      Job free = p.openJob("free");
      CompletableFuture<Void> stuckWrite = stuck.persistPut("c", key("k"), b("late"));
      CompletableFuture<Optional<byte[]>> stuckRead = stuck.get("c", key("k"));
      CompletableFuture<Boolean> stuckCount = stuck.exists("c", key("other"));
      for (int i = 0; i < 100; i++) {
        free.persistPut("c", key(i), b("v"));
      }
      assertEquals(100L, await(free.count("c", TupleRange.all())),
          "a job goes on while another job's store is stuck");
      assertTrue(await(free.deleteAcked("c", key(0))));
      assertFalse(stuckWrite.isDone(), "a write's future completes on commit, not on queueing");
      assertFalse(stuckRead.isDone() || stuckCount.isDone(), "the stuck job's reads wait");
      gate.complete(null);
      await(stuckWrite);
      assertArrayEquals(b("late"), await(stuckRead).orElseThrow());
      assertFalse(await(stuckCount));
    } finally {
      gate.complete(null);
    }
  }
}
