package dev.chatstore.tck.chat;

import static dev.chatstore.tck.chat.ChatDbTck.at;
import static dev.chatstore.tck.chat.ChatDbTck.chat;
import static dev.chatstore.tck.chat.ChatDbTck.message;
import static dev.chatstore.tck.chat.ChatDbTck.msg;
import static dev.chatstore.tck.chat.ChatDbTck.msgInBucket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.chat.MerkleTree;
import dev.chatstore.chat.StoredMessage;
import dev.chatstore.chat.SyncBatch;
import dev.chatstore.chat.SyncDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Test;

/** Sync helpers and the Merkle trees. */
public interface SyncContract extends ChatDbTck {

  @Test
  default void forEachMsgId_yieldsEveryIdWithItsPhysicalTime() {
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      db().putMessage(message(chat(i % 3), msg(i), at(1000 + i), "m"));
      expected.put(Arrays.toString(msg(i)), 1000L + i);
    }
    Map<String, Long> seen = new HashMap<>();
    db().forEachMsgId((id, ms) -> seen.put(Arrays.toString(id), ms));
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  default void bucketListing_returnsExactlyTheIdsOfTheTwoBytePrefix() {
    int[] buckets = {0x0000, 0x0001, 0x00FF, 0x0100, 0xFF00, 0xFFFF};
    for (int b = 0; b < buckets.length; b++) {
      for (int n = 0; n < 3; n++) {
        db().putMessage(message(chat(1), msgInBucket(buckets[b], n), at(10 + n), "m"));
      }
    }
    for (int bucket : buckets) {
      List<byte[]> ids = db().getBucketMsgIds(bucket);
      assertThat(ids).as("bucket %04x", bucket).hasSize(3)
          .allMatch(id -> ((id[0] & 0xFF) << 8 | (id[1] & 0xFF)) == bucket);
    }
    assertThat(db().getBucketMsgIds(0x0002)).isEmpty();
    assertThatThrownBy(() -> db().getBucketMsgIds(65536))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
  }

  @Test
  default void batchFetch_staysUnderTheByteLimit_inAskedOrder_skippingUnknownIds() {
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      db().putMessage(message(chat(1), msg(i), at(100 + i), "x".repeat(100)));
      ids.add(msg(i));
    }
    ids.add(3, msg(999));
    SyncBatch<StoredMessage> all = db().getMessagesBatch(ids, 1 << 20);
    assertThat(all.hasMore()).isFalse();
    assertThat(all.consumed()).isEqualTo(11);
    assertThat(all.items()).extracting(m -> m.message().msgId())
        .containsExactly(msg(0), msg(1), msg(2), msg(3), msg(4), msg(5), msg(6), msg(7),
            msg(8), msg(9));
    SyncBatch<StoredMessage> some = db().getMessagesBatch(ids, 450);
    assertThat(some.hasMore()).isTrue();
    assertThat(some.items()).hasSizeBetween(1, 4);
    List<byte[]> rest = ids.subList(some.consumed(), ids.size());
    List<byte[]> got = new ArrayList<>();
    some.items().forEach(m -> got.add(m.message().msgId()));
    while (!rest.isEmpty()) {
      SyncBatch<StoredMessage> b = db().getMessagesBatch(rest, 450);
      b.items().forEach(m -> got.add(m.message().msgId()));
      rest = rest.subList(b.consumed(), rest.size());
    }
    assertThat(got).hasSize(10);
    assertThat(db().getMessagesBatch(List.of(msg(1)), 1).items())
        .as("one record over the limit still comes alone").hasSize(1);
  }

  @Test
  default void merkleLeaf_isTheXorOfTheBucketsIds_andRootsAgreeWhateverTheOrder() {
    Random rnd = random();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      order.add(i);
    }
    byte[] a = msgInBucket(7, 1);
    byte[] b = msgInBucket(7, 2);
    db().putMessage(message(chat(1), a, at(1), "a"));
    db().putMessage(message(chat(1), b, at(2), "b"));
    byte[] xor = new byte[32];
    for (int i = 0; i < 32; i++) {
      xor[i] = (byte) (a[i] ^ b[i]);
    }
    MerkleTree tree = db().merkle(SyncDomain.MESSAGES);
    assertThat(tree.leaf(7)).isEqualTo(xor);
    assertThat(tree.leaf(8)).isEqualTo(new byte[32]);
    byte[] concat = new byte[256 * 32];
    System.arraycopy(xor, 0, concat, 7 * 32, 32);
    assertThat(tree.levelOne(0)).isEqualTo(Blake3.hash(concat));
    for (int i : order) {
      db().putMessage(message(chat(i % 4), msg(i), at(100 + i), "m" + i));
    }
    Collections.shuffle(order, rnd);
    other().putMessage(message(chat(1), b, at(2), "b"));
    for (int i : order) {
      other().putMessage(message(chat(i % 4), msg(i), at(100 + i), "m" + i));
    }
    other().putMessage(message(chat(1), a, at(1), "a"));
    assertThat(other().merkle(SyncDomain.MESSAGES).root()).as("seed %s", seed())
        .isEqualTo(tree.root());
    byte[] levels = new byte[256 * 32];
    List<byte[]> nodes = tree.levelOne();
    for (int i = 0; i < 256; i++) {
      System.arraycopy(nodes.get(i), 0, levels, i * 32, 32);
    }
    assertThat(nodes.get(0)).isEqualTo(tree.levelOne(0));
    assertThat(tree.root()).isEqualTo(Blake3.hash(levels));
    assertThat(tree.verify()).isEmpty();
  }

  @Test
  default void merkle_putTwiceOrDeleteTwice_neverCancelsALiveId() {
    byte[] a = msgInBucket(9, 1);
    db().putMessage(message(chat(1), a, at(1), "a"));
    db().putMessage(message(chat(1), a, at(1), "a"));
    db().putMessage(message(chat(2), a, at(9), "a elsewhere"));
    assertThat(db().merkle(SyncDomain.MESSAGES).leaf(9)).as("still holds the id").isEqualTo(a);
    db().deleteMessage(a);
    db().deleteMessage(a);
    assertThat(db().merkle(SyncDomain.MESSAGES).leaf(9)).isEqualTo(new byte[32]);
    db().putMessage(message(chat(1), a, at(1), "a"));
    assertThat(db().merkle(SyncDomain.MESSAGES).leaf(9)).isEqualTo(a);
    assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();
  }
}
