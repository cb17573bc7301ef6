package dev.chatstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.StoreOptions;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retried writes apply at most once. A write reaches Redis as one {@link Scripts#WRITE} call per
 * shard; the call can arrive twice (a retry after a lost answer, or Lettuce replaying it after a
 * reconnect), and after a failed group the store commits each batch alone, naming the group's
 * call. These tests deliver such calls to a real server directly and check what the store relies
 * on: a call applies once, a batch of an applied group is not applied again, and a lost group
 * that arrives after its batches were retried applies nothing.
 */
class RedisExactlyOnceTest {
  @RegisterExtension
  static final RedisTarget REDIS = RedisTarget.standalone();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Delivers one write call with {@code batches} (each a list of ARGV ops) to the namespace. */
  private static List<Object> deliver(String gid, String alt, int altIndex,
      List<List<byte[]>> batches) {
    ShardMap shards = new ShardMap(REDIS.namespace(), false);
    Shard s = shards.system();
    List<byte[]> args = new ArrayList<>(List.of(b("0"), b(gid), b(alt), b("" + altIndex),
        b("60000"), b("0"), new byte[0], b("" + batches.size())));
    for (List<byte[]> ops : batches) {
      int n = 0;
      for (byte[] a : ops) {
        if (a.length == 1 && "PDAC".indexOf(a[0]) >= 0) {
          n++;
        }
      }
      args.add(b("" + n));
      args.addAll(ops);
    }
    return REDIS.raw().eval(Scripts.WRITE.source(), ScriptOutputType.MULTI,
        new byte[][] {s.indexKey(), s.expiryKey(), shards.scheduleKey()},
        args.toArray(new byte[0][]));
  }

  private static List<byte[]> putIfAbsent(String key, String value) {
    return List.of(b("A"), b(key), b("P"), b(key), StoredValue.permanent(b(value)));
  }

  private static List<byte[]> replace(String key, String expected, String value) {
    return List.of(b("C"), b(key), b(expected), b("P"), b(key), StoredValue.permanent(b(value)));
  }

  private static List<byte[]> put(String key, String value) {
    return List.of(b("P"), b(key), StoredValue.permanent(b(value)));
  }

  private static String kind(List<Object> result) {
    return new String((byte[]) result.get(0), StandardCharsets.US_ASCII);
  }

  private static String flags(List<Object> result) {
    return new String((byte[]) result.get(1), StandardCharsets.US_ASCII);
  }

  @Test
  @Timeout(60)
  void aCallDeliveredTwice_appliesOnce_andAnswersTheSameBothTimes() {
    try (RedisKvStore store = RedisKvStore.open(REDIS.uri(), StoreOptions.defaults())) {
      List<List<byte[]>> call = List.of(putIfAbsent("k", "first"), put("other", "ours"));
      assertThat(flags(deliver("g1", "", 0, call))).isEqualTo("11");
      store.put(b("other"), b("theirs"));
      List<Object> again = deliver("g1", "", 0, call);
      assertThat(kind(again)).isEqualTo("r");
      assertThat(flags(again)).as("the recorded answer, not a second evaluation (whose"
          + " put-if-absent would fail)").isEqualTo("11");
      assertThat(store.get(b("other"))).as("the second delivery did not overwrite a later write")
          .isEqualTo(b("theirs"));
    }
  }

  @Test
  @Timeout(60)
  void aRetriedBatchOfAnAppliedGroup_getsTheGroupsOutcome_withoutApplyingAgain() {
    try (RedisKvStore store = RedisKvStore.open(REDIS.uri(), StoreOptions.defaults())) {
      assertThat(flags(deliver("g2", "", 0, List.of(putIfAbsent("k", "a"),
          replace("k", "a", "b"))))).isEqualTo("11");
      List<Object> retried = deliver("g3", "g2", 1, List.of(replace("k", "a", "b")));
      assertThat(flags(retried)).as("batch 1 of g2 was applied, so its retry answers applied")
          .isEqualTo("1");
      assertThat(store.get(b("k"))).isEqualTo(b("b"));
    }
  }

  @Test
  @Timeout(60)
  void aLostGroupArrivingAfterItsBatchesWereRetried_appliesNothing() {
    try (RedisKvStore store = RedisKvStore.open(REDIS.uri(), StoreOptions.defaults())) {
      assertThat(flags(deliver("g5", "g4", 0, List.of(put("k", "retried")))))
          .as("g4 never arrived, so its batch applies under the retry").isEqualTo("1");
      store.put(b("k"), b("later"));
      List<Object> late = deliver("g4", "", 0, List.of(put("k", "lost group")));
      assertThat(kind(late)).as("the late group finds itself poisoned").isEqualTo("p");
      assertThat(store.get(b("k"))).isEqualTo(b("later"));
    }
  }
}
