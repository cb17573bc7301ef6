package dev.chatstore.tck.crash;

import dev.chatstore.jobs.Job;
import dev.chatstore.jobs.Persistency;
import dev.chatstore.jobs.Row;
import dev.chatstore.jobs.TupleRange;
import dev.chatstore.jobs.TxOp;
import dev.chatstore.kv.Direction;
import dev.chatstore.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link CrashWorkload.Kind#JOB} lane: job {@code crash-job-NN} of a {@link Persistency},
 * written fire-and-forget: {@code persistPut} and {@code persistDelete} for an operation of one
 * write, {@code persist} (one atomic batch) for more, with up to the workload's async depth in
 * flight. An operation is acknowledged when its future completed. Each model key is one string
 * element of a key of category {@value #CATEGORY}, and each payload the workload's checksummed
 * value as ASCII bytes.
 */
final class JobLane {
  /** The category every lane writes. */
  static final String CATEGORY = "crash";

  private JobLane() {}

  /** The job of {@code lane}. */
  static String jobId(int lane) {
    return "crash-job-" + lane;
  }

  /** Issues one operation on {@code job}; the future completes when it committed. */
  static CompletableFuture<Void> write(Job job, List<CrashOp> ops) {
    if (ops.size() == 1) {
      return switch (ops.get(0)) {
        case CrashOp.Put p -> job.persistPut(CATEGORY, Tuple.of(p.key()), bytes(p.value()));
        case CrashOp.Delete d -> job.persistDelete(CATEGORY, Tuple.of(d.key()));
        default -> throw new AssertionError(ops.get(0));
      };
    }
    List<TxOp> batch = new ArrayList<>();
    for (CrashOp op : ops) {
      batch.add(switch (op) {
        case CrashOp.Put p -> TxOp.put(CATEGORY, Tuple.of(p.key()), bytes(p.value()));
        case CrashOp.Delete d -> TxOp.delete(CATEGORY, Tuple.of(d.key()));
        default -> throw new AssertionError(op);
      });
    }
    return job.persist(batch);
  }

  /** What job {@code jobId} of {@code jobs} holds, model key to value. */
  static NavigableMap<String, String> read(Persistency jobs, String jobId) {
    NavigableMap<String, String> found = new TreeMap<>();
    Job job = jobs.openJob(jobId);
    for (Row row : job.scan(CATEGORY, TupleRange.all(), Direction.ASCENDING).join()) {
      found.put(row.key().getString(0), new String(row.payload(), StandardCharsets.US_ASCII));
    }
    return found;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
