package dev.chatstore.tck;

import static dev.chatstore.tck.Tck.assertRefusedAsInvalid;
import static dev.chatstore.tck.Tck.b;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.kv.WriteBatch;
import org.junit.jupiter.api.Test;

/**
 * The size limits that the other contracts leave out: the bytes of a batch, and keys over the
 * limit in checks, range deletes, scans and counts. Each is refused with an
 * {@link IllegalArgumentException} stating the size and the limit, and nothing is written.
 */
public interface LimitContract extends KvContract {

  @Test
  default void batch_overMaxBatchBytes_isRefused_andChangesNothing() {
    store().put(b("a"), b("1"));
    int value = store().maxValueBytes();
    int puts = (int) (KvLimits.MAX_BATCH_BYTES / value) + 1;
    byte[] big = new byte[value];
    WriteBatch.Builder builder = WriteBatch.builder().put(b("a"), b("2"));
    for (int i = 0; i < puts; i++) {
      builder.put(b("big" + i), big);
    }
    WriteBatch batch = builder.build();
    assertRefusedAsInvalid(store(), "a batch of " + batch.weight() + " bytes",
        () -> store().write(batch), String.valueOf(batch.weight()),
        String.valueOf(KvLimits.MAX_BATCH_BYTES));
    assertRefusedAsInvalid(store(), "writeAsync of a batch of " + batch.weight() + " bytes",
        () -> store().writeAsync(batch), String.valueOf(KvLimits.MAX_BATCH_BYTES));
  }

  @Test
  default void check_ofKeyOverMaxKeyBytes_orValueOverMaxValueBytes_isRefused() {
    store().put(b("a"), b("1"));
    byte[] tooLong = new byte[store().maxKeyBytes() + 1];
    assertRefusedAsInvalid(store(), "a batch checking a " + tooLong.length + "-byte key",
        () -> store().write(WriteBatch.builder().checkAbsent(tooLong).put(b("a"), b("2"))
            .build()), String.valueOf(tooLong.length), String.valueOf(store().maxKeyBytes()));
    byte[] tooBig = new byte[store().maxValueBytes() + 1];
    assertRefusedAsInvalid(store(), "a batch checking for a " + tooBig.length + "-byte value",
        () -> store().write(WriteBatch.builder().check(b("a"), tooBig).put(b("a"), b("2"))
            .build()), String.valueOf(tooBig.length), String.valueOf(store().maxValueBytes()));
  }

  @Test
  @Requires(KvFeature.RANGE_DELETE)
  default void rangeDelete_withBoundOverMaxKeyBytes_isRefused_andChangesNothing() {
    store().put(b("a"), b("1"));
    byte[] tooLong = new byte[store().maxKeyBytes() + 1];
    tooLong[0] = (byte) 0xFF;
    assertRefusedAsInvalid(store(), "a range delete ending at a " + tooLong.length + "-byte key",
        () -> store().write(WriteBatch.builder().deleteRange(new byte[0], tooLong).build()),
        String.valueOf(tooLong.length), String.valueOf(store().maxKeyBytes()));
  }

  @Test
  default void scanAndCount_withBoundOverMaxKeyBytes_areRefused() {
    store().put(b("a"), b("1"));
    byte[] tooLong = new byte[store().maxKeyBytes() + 1];
    String size = String.valueOf(tooLong.length);
    String limit = String.valueOf(store().maxKeyBytes());
    assertRefusedAsInvalid(store(), "a scan from a " + size + "-byte key",
        () -> store().scan(KeyRange.of(tooLong, null), Direction.ASCENDING, 10), size, limit);
    assertRefusedAsInvalid(store(), "a count from a " + size + "-byte key",
        () -> store().count(KeyRange.of(tooLong, null)), size, limit);
  }
}
