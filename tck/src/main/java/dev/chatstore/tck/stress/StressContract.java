package dev.chatstore.tck.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.tck.KvContract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Many threads mixing reads, writes, batches, scans and deletes on one store for a bounded time
 * ({@value StressRun#SECONDS_PROPERTY}, default {@value StressRun#DEFAULT_SECONDS} s), checking
 * the invariants a correct store keeps all along:
 * <ul>
 *   <li>a counter written only upwards by its one writer (by {@code write} or
 *       {@code writeAsync}) never goes backwards for any reader, by get, getAll or scan;</li>
 *   <li>the two keys of a pair, always written, deleted or range-deleted together in one batch,
 *       are seen together with the same value (or both absent) by getAll and by every scan
 *       page, and the count of all pairs is always even;</li>
 *   <li>at quiescence every count equals the length of the scan of the same range, every
 *       counter holds the last value its writer wrote, and a region written by one thread with
 *       puts, deletes and range deletes holds exactly what that thread's model holds.</li>
 * </ul>
 * Nothing here measures speed; the seed of a failing run is in its message.
 */
public interface StressContract extends KvContract {

  @Test
  default void stress_mixedReadsWritesBatchesScansAndDeletes_keepTheInvariants() throws Exception {
    StressRun run = new StressRun(store(), seed(),
        features().contains(KvFeature.RANGE_DELETE),
        features().contains(KvFeature.REVERSE_SCAN));
    List<Callable<String>> tasks = new ArrayList<>();
    for (int w = 0; w < StressRun.WRITERS; w++) {
      int writer = w;
      tasks.add(() -> run.writer(writer));
    }
    tasks.add(run::churn);
    tasks.add(run::pointReader);
    tasks.add(run::scanReader);
    tasks.add(run::countReader);
    List<String> outcomes = StressRun.runAll(tasks);
    for (String outcome : outcomes) {
      if (outcome.startsWith("FAIL ")) {
        fail(outcome.substring(5) + " (seed=" + seed() + ")");
      }
    }

    // Quiescence.
    for (String prefix : List.of("ctr/", "pair/", "churn/", "")) {
      KeyRange range = KeyRange.prefix(StressRun.b(prefix));
      assertEquals(store().scanAll(range).size(), store().count(range),
          "at quiescence count('" + prefix + "') should equal the number of entries a scan of it"
              + " returns (seed=" + seed() + ")");
    }
    for (int w = 0; w < StressRun.WRITERS; w++) {
      long last = run.lastCounter(w);
      byte[] v = store().get(StressRun.counterKey(w));
      assertEquals(last, v == null ? -1 : StressRun.num(v), "counter " + w + " should hold the"
          + " last value its writer wrote, " + last + " (seed=" + seed() + ")");
    }
    String pairs = run.checkPairs(store().scanAll(KeyRange.prefix(StressRun.b("pair/"))));
    if (pairs != null) {
      fail("at quiescence " + pairs + " (seed=" + seed() + ")");
    }
    Map<String, String> churn = new TreeMap<>();
    for (KvEntry e : store().scanAll(KeyRange.prefix(StressRun.b("churn/")))) {
      churn.put(new String(e.key(), StandardCharsets.US_ASCII),
          new String(e.value(), StandardCharsets.US_ASCII));
    }
    assertEquals(run.churnModel(), churn, "the churn region, written by one thread with puts,"
        + " deletes and range deletes while others worked, should hold exactly what that"
        + " thread's model holds (seed=" + seed() + ")");
    if (run.operations() == 0) {
      fail("the stress run did no operation at all: " + outcomes);
    }
  }
}
