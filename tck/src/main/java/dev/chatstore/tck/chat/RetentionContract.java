package dev.chatstore.tck.chat;

import static dev.chatstore.tck.chat.ChatDbTck.at;
import static dev.chatstore.tck.chat.ChatDbTck.chat;
import static dev.chatstore.tck.chat.ChatDbTck.message;
import static dev.chatstore.tck.chat.ChatDbTck.msg;
import static dev.chatstore.tck.chat.ChatDbTck.msgInBucket;
import static dev.chatstore.tck.chat.ChatDbTck.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.SyncDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention: range deletes, the chunked seen-index clean-up, sync filters both ways. */
public interface RetentionContract extends ChatDbTck {

  @Test
  default void deleteMessagesUpTo_removesThatChatsMessagesAtOrBeforeTheCutoff() {
    for (int i = 0; i < 10; i++) {
      db().putMessage(message(chat(1), msg(i), new dev.chatstore.chat.HlcTimestamp(1000 + i, 5),
          "m" + i));
      db().putMessage(message(chat(2), msg(100 + i), at(1000 + i), "o" + i));
    }
    db().deleteMessagesUpTo(chat(1), 1004);
    assertThat(texts(db().range(chat(1), null, 100).items()))
        .containsExactly("m5", "m6", "m7", "m8", "m9");
    assertThat(db().range(chat(2), null, 100).items()).hasSize(10);
    assertThat(db().getBucketMsgIds(Bucket.of(msg(2)), 1004)).as("filtered out of sync")
        .noneMatch(id -> java.util.Arrays.equals(id, msg(2)));
    assertThat(db().getMessagesBatch(List.of(msg(2), msg(7)), 1 << 20, 1004).items())
        .extracting(m -> m.message().text()).containsExactly("m7");
  }

  @Test
  default void cleanSeenIndex_removesAgedEntriesInChunks_keepingTheMerkleTreeExact() {
    for (int i = 0; i < 25; i++) {
      db().putMessage(message(chat(i % 2), msg(i), at(1000 + i), "m" + i));
    }
    db().deleteMessagesUpTo(chat(0), 1014);
    assertThat(db().cleanSeenIndex(1014, 4)).isEqualTo(15);
    assertThat(db().cleanSeenIndex(1014, 4)).as("a second pass finds nothing").isZero();
    List<byte[]> ids = new ArrayList<>();
    db().forEachMsgId((id, ms) -> ids.add(id));
    assertThat(ids).hasSize(10);
    assertThat(db().range(chat(1), null, 100).items()).as("rows of chat 1 went with their entries")
        .extracting(m -> m.key().hlc().physicalMs()).allMatch(ms -> ms > 1014);
    assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();
    assertThat(db().putMessage(message(chat(1), msg(3), at(1003), "again")).inserted())
        .as("without a retention an old id may come back").isTrue();
  }

  @Test
  default void configuredRetention_filtersSyncBothWays_andRunsTheCleanUp() {
    clock().set(java.time.Instant.ofEpochMilli(100_000));
    for (int i = 0; i < 6; i++) {
      db().putMessage(message(chat(1), msg(i), at(10_000 * (i + 1)), "m" + i));
    }
    ChatDb kept = withRetention(Duration.ofMillis(70_000));
    try {
      // cutoff 30,000: m0 (10,000), m1 (20,000) and m2 (30,000) are expired
      List<byte[]> offered = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        offered.addAll(kept.getBucketMsgIds(Bucket.of(msg(i))));
      }
      assertThat(offered).hasSize(3);
      assertThat(kept.getMessagesBatch(List.of(msg(0), msg(3)), 1 << 20).items()).hasSize(1);
      assertThat(kept.putMessage(message(chat(1), msgInBucket(3, 3), at(25_000), "old")).inserted())
          .as("an expired message from a peer is not stored").isFalse();
      assertThat(kept.runRetention()).isEqualTo(3);
      assertThat(texts(kept.range(chat(1), null, 100).items()))
          .containsExactly("m3", "m4", "m5");
      assertThat(kept.merkle(SyncDomain.MESSAGES).verify()).isEmpty();
      assertThat(db().runRetention()).as("no retention configured").isZero();
    } finally {
      kept.close();
    }
  }

  /** Merkle buckets of ids. */
  final class Bucket {
    private Bucket() {}

    static int of(byte[] id) {
      return (id[0] & 0xFF) << 8 | (id[1] & 0xFF);
    }
  }
}
