package dev.chatstore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What is particular to {@link KvEngine}: the message index as an ordered structure behind the
 * text key, the documented costs (counted in entries read and operations written, never timed),
 * large deletes in steps, and a consistent index whatever was done.
 */
@Timeout(120)
class KvEngineTest {
  private TestClock clock;
  private MemoryKvStore memory;
  private CountingKvStore store;
  private KvEngine engine;
  private Messages messages;

  @BeforeEach
  void open() {
    clock = new TestClock();
    memory = new MemoryKvStore(StoreOptions.defaults().withClock(clock));
    store = new CountingKvStore(memory);
    engine = KvEngine.on(store, clock);
    messages = Messages.on(engine);
  }

  @AfterEach
  void close() {
    memory.close();
  }

  private void assertConsistent() {
    assertThat(engine.verifyIndex()).as("index problems").isEmpty();
  }

  // ---- the message index behind chat/{jid}/messages ----

  @Test
  void messagesOn_kvEngine_isTheOrderedIndex() {
    assertThat(messages).isInstanceOf(KvMessages.class);
    assertThat(Messages.on(new TextIndexMessages(engine).engine())).isInstanceOf(KvMessages.class);
  }

  @Test
  void get_ofMessagesKey_rendersTheOrderedIndexAsSpecText() {
    messages.append("c1", 2, "B");
    messages.append("c1", 3, "C");
    messages.append("c1", 1, "A");
    assertThat(engine.get("chat/c1/messages")).isEqualTo("3 C\n2 B\n1 A\n");
    assertConsistent();
  }

  @Test
  void set_ofMessagesKey_parsesLooseTextIntoTheIndex_andReadsBackCanonical() {
    engine.set("chat/c1/messages", "1 A\n\n  3 C \r\n2 B\n3 A");
    assertThat(engine.get("chat/c1/messages")).isEqualTo("3 C\n2 B\n1 A\n");
    assertThat(messages.count("c1")).isEqualTo(3);
    assertThat(messages.page("c1", 0, 10)).containsExactly(new MessageRef(3, "C"),
        new MessageRef(2, "B"), new MessageRef(1, "A"));
    engine.set("chat/c1/messages", "");
    assertThat(engine.get("chat/c1/messages")).isEqualTo("");
    assertThat(messages.count("c1")).isZero();
    assertConsistent();
  }

  @Test
  void set_ofMessagesKey_refusesMalformedText_andChangesNothing() {
    messages.append("c1", 1, "A");
    assertThatThrownBy(() -> engine.set("chat/c1/messages", "5 X\nnot-a-line"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2").hasMessageContaining("chat/c1/messages");
    assertThatThrownBy(() -> engine.setBatch(List.of(Map.entry("a", "1"),
        Map.entry("chat/c1/messages", "x y z"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 1");
    assertThat(engine.get("chat/c1/messages")).isEqualTo("1 A\n");
    assertThat(engine.get("a")).isNull();
  }

  @Test
  void messagesKey_withTtl_expiresWithItsEntries_andAppendsInheritTheExpiry() {
    engine.setTtl("chat/c1/messages", "1 A\n", Duration.ofSeconds(10));
    messages.append("c1", 2, "B");
    assertThat(messages.count("c1")).isEqualTo(2);
    clock.advance(Duration.ofSeconds(10));
    assertThat(engine.get("chat/c1/messages")).isNull();
    assertThat(messages.count("c1")).isZero();
    assertThat(messages.page("c1", 0, 10)).isEmpty();
    assertThat(engine.list("chat/")).isEmpty();
    messages.append("c1", 5, "E");
    assertThat(messages.page("c1", 0, 10)).containsExactly(new MessageRef(5, "E"));
    assertThat(messages.count("c1")).isEqualTo(1);
  }

  @Test
  void append_bumpsTheMessagesKeyToNewestInList() {
    messages.append("c1", 1, "A");
    engine.set("chat/c2/index", "{}");
    assertThat(engine.list("chat/")).containsExactly("chat/c2/index", "chat/c1/messages");
    messages.append("c1", 2, "B");
    assertThat(engine.list("chat/")).containsExactly("chat/c1/messages", "chat/c2/index");
  }

  // ---- costs, counted in entries ----

  @Test
  void list_ofADirectory_readsOffsetPlusLimitEntries_whateverTheStoreHolds() {
    List<Map.Entry<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      batch.add(Map.entry("session/pre-key/" + i, "k"));
    }
    for (int i = 0; i < 200; i++) {
      batch.add(Map.entry("chat/a/message/m" + i + "/index", "{}"));
    }
    engine.setBatch(batch);
    store.reset();
    List<String> page = engine.list("chat/a/", 20, 10);
    assertThat(page).hasSize(10).allMatch(k -> k.startsWith("chat/a/"));
    assertThat(store.entriesRead.get()).as("entries read by list(chat/a/, 20, 10)")
        .isLessThanOrEqualTo(30);
    store.reset();
    assertThat(engine.list("", 0, 5)).hasSize(5);
    assertThat(store.entriesRead.get()).as("entries read by list(\"\", 0, 5)").isLessThanOrEqualTo(5);
  }

  @Test
  void append_count_latest_costTheSameInABigChatAsInASmallOne() {
    for (int i = 0; i < 10; i++) {
      messages.append("small", i, "m" + i);
    }
    List<Map.Entry<String, String>> big = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append(i).append(" m").append(i).append('\n');
    }
    engine.set("chat/big/messages", text.toString());
    long[] small = costOfAppendCountLatest("small");
    long[] large = costOfAppendCountLatest("big");
    assertThat(large).as("entries read and ops written by append+count+latest, big vs small")
        .containsExactly(small);
    store.reset();
    assertThat(messages.page("big", 100, 20)).hasSize(20);
    assertThat(store.entriesRead.get()).isLessThanOrEqualTo(120);
  }

  private long[] costOfAppendCountLatest(String chat) {
    store.reset();
    messages.append(chat, 1_000_000, "new");
    long appendRead = store.entriesRead.get();
    long appendOps = store.opsWritten.get();
    store.reset();
    messages.count(chat);
    messages.latest(chat);
    return new long[] {appendRead, appendOps, store.entriesRead.get()};
  }

  @Test
  void cascadeDelete_readsTheSubtreeOnly_notTheStore() {
    List<Map.Entry<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      batch.add(Map.entry("chat/other/message/m" + i + "/index", "{}"));
    }
    for (int i = 0; i < 50; i++) {
      batch.add(Map.entry("chat/gone/message/m" + i + "/index", "{}"));
    }
    engine.setBatch(batch);
    store.reset();
    engine.set("chat/gone", null);
    // the 50 directory entries, the key chat/gone itself and the version; the 50 keys were
    // written together, so their entries in the 2 directories above are read once (to delete
    // them by ranges): not one of the other chat's 3,000 keys
    assertThat(store.entriesRead.get()).as("entries read by a cascade delete of 50 keys")
        .isLessThanOrEqualTo(52 + 2 * 50);
    assertThat(engine.list("chat/gone")).isEmpty();
    assertThat(engine.list("chat/other/", 0, 10000)).hasSize(3000);
    assertConsistent();
  }

  @Test
  void cascadeDelete_racedByKeyCreations_fallsBackToPerDocumentDeletes_andStaysConsistent() {
    KvEngine racer = KvEngine.on(memory, clock);
    List<String> created = new ArrayList<>();
    CountingKvStore racing = new CountingKvStore(memory) {
      @Override
      public boolean write(dev.chatstore.kv.WriteBatch batch) {
        boolean fast = batch.ops().stream()
            .anyMatch(op -> op instanceof dev.chatstore.kv.WriteOp.DeleteRange);
        if (fast && created.size() < 10) {
          String k = "chat/big/racer" + created.size();
          racer.set(k, "created while the delete was planned"); // a key the delete did not see
          created.add(k);
        }
        return super.write(batch);
      }
    };
    KvEngine e = KvEngine.on(racing, clock);
    for (int i = 0; i < 20; i++) {
      e.set("chat/big/message/m" + i + "/index", "{}");
    }
    e.set("chat/other/index", "{}");
    e.set("chat/big", null);
    assertThat(created).as("fast attempts raced").hasSize(WritePlan.FAST_DELETE_ATTEMPTS);
    assertThat(e.list("chat/big")).as("keys left under chat/big").isEmpty();
    assertThat(e.list("")).containsExactly("chat/other/index");
    assertThat(e.verifyIndex()).isEmpty();
  }

  @Test
  void cascadeDelete_writesOneCheck_notOnePerDocument() {
    List<Map.Entry<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(Map.entry("chat/gone/message/m" + i + "/index", "{}"));
    }
    engine.setBatch(batch);
    store.reset();
    engine.set("chat/gone", null);
    // 50 entries in each of the 2 directories above chat/gone/, 3 range deletes, the version's
    // check and rewrite, the check that chat/gone itself is absent
    assertThat(store.opsWritten.get()).as("operations of a cascade delete of 50 keys")
        .isLessThanOrEqualTo(2 * 50 + 6);
    assertThat(engine.list("")).isEmpty();
    assertConsistent();
  }

  @Test
  void cascadeDelete_ofKeysWrittenTogether_deletesTheirEntriesAboveByRanges() {
    List<Map.Entry<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(Map.entry("chat/gone/message/m" + i + "/index", "{}"));
    }
    engine.setBatch(batch);
    engine.set("chat/stays/index", "{}");
    store.reset();
    engine.set("chat/gone", null);
    // a range in each of the 2 directories above, 3 range deletes, the version's check and
    // rewrite, the check that chat/gone itself is absent
    assertThat(store.opsWritten.get()).as("operations of a cascade delete of 200 keys")
        .isLessThanOrEqualTo(8);
    assertThat(engine.list("")).containsExactly("chat/stays/index");
    assertConsistent();
  }

  @Test
  void cascadeDelete_ofKeysWrittenInterleaved_deletesTheirEntriesAboveOneByOne() {
    for (int i = 0; i < 40; i++) {
      engine.set("chat/gone/message/m" + i + "/index", "{}");
      engine.set("chat/stays/message/m" + i + "/index", "{}");
    }
    store.reset();
    engine.set("chat/gone", null);
    assertThat(store.opsWritten.get()).as("operations of a cascade delete of 40 keys")
        .isBetween(2L * 40, 2L * 40 + 6);
    assertThat(engine.list("", 0, 1000)).hasSize(40).allMatch(k -> k.startsWith("chat/stays/"));
    assertConsistent();
  }

  @Test
  void cascadeDelete_leavesAKeyThatAnotherProcessStampedInsideARun() {
    List<Map.Entry<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(Map.entry("chat/gone/message/m" + i + "/index", "{}"));
    }
    engine.setBatch(batch);
    // another process's clock and sequence can give its key a stamp equal to one of the run's:
    // its entries then sit between the run's in every directory above
    List<Long> stamps = new ArrayList<>();
    memory.scan(KvLayout.recentDir("chat/gone/"), dev.chatstore.kv.Direction.ASCENDING, 100)
        .entries().forEach(e -> stamps.add(KvLayout.stampOfRecent(KvLayout.NODES.unpack(e.key()))));
    long stamp = stamps.get(25);
    String foreign = "chat/aaa/index";
    memory.write(dev.chatstore.kv.WriteBatch.builder()
        .add(new dev.chatstore.kv.WriteOp.Put(KvLayout.docKey(foreign),
            KvLayout.Text.of(stamp, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .encode(), null))
        .add(new dev.chatstore.kv.WriteOp.Put(KvLayout.recentKey("", stamp, foreign),
            KvLayout.EMPTY, null))
        .add(new dev.chatstore.kv.WriteOp.Put(KvLayout.recentKey("chat/", stamp, "aaa/index"),
            KvLayout.EMPTY, null))
        .add(new dev.chatstore.kv.WriteOp.Put(KvLayout.recentKey("chat/aaa/", stamp, "index"),
            KvLayout.EMPTY, null))
        .build());
    assertConsistent();
    assertThat(engine.deletePrefix("chat/gone/")).isEqualTo(50);
    assertThat(engine.list("")).containsExactly(foreign);
    assertThat(engine.list("chat/")).containsExactly(foreign);
    assertConsistent();
  }

  @Test
  void cascadeDelete_inABatchThatWritesAKeyStampedInsideARun_keepsThatKeysEntries() {
    // a run written by another process whose clock is ahead: its stamps straddle the stamp this
    // process gives next, so the batch's own new key gets a stamp inside the run
    long next = KvLayout.nextStamp(0, 0) + 1;
    dev.chatstore.kv.WriteBatch.Builder run = dev.chatstore.kv.WriteBatch.builder();
    for (int i = 0; i < 20; i++) {
      long stamp = next - 10 + i;
      String key = "chat/gone/m" + i + "/index";
      run.add(new dev.chatstore.kv.WriteOp.Put(KvLayout.docKey(key),
          KvLayout.Text.of(stamp, new byte[] {'v'}).encode(), null));
      run.add(new dev.chatstore.kv.WriteOp.Put(KvLayout.recentKey("", stamp, key),
          KvLayout.EMPTY, null));
      run.add(new dev.chatstore.kv.WriteOp.Put(KvLayout.recentKey("chat/", stamp,
          key.substring(5)), KvLayout.EMPTY, null));
      run.add(new dev.chatstore.kv.WriteOp.Put(KvLayout.recentKey("chat/gone/", stamp,
          key.substring(10)), KvLayout.EMPTY, null));
      run.add(new dev.chatstore.kv.WriteOp.Put(KvLayout.recentKey("chat/gone/m" + i + "/", stamp,
          "index"), KvLayout.EMPTY, null));
    }
    memory.write(run.build());
    assertConsistent();
    engine.setBatch(List.of(Map.entry("chat/other/x", "new"),
        new java.util.AbstractMap.SimpleEntry<>("chat/gone", (String) null)));
    assertThat(engine.list("")).containsExactly("chat/other/x");
    assertThat(engine.list("chat/")).containsExactly("chat/other/x");
    assertConsistent();
  }

  @Test
  void deleteOfAnAbsentKey_writesNothing() {
    engine.set("chat/a/index", "{}");
    store.reset();
    engine.set("chat/b", null);
    engine.set("chat/a/index/more", null);
    assertThat(engine.deletePrefix("chat/c/")).isZero();
    assertThat(store.opsWritten.get()).as("operations written").isZero();
    assertThat(engine.list("")).containsExactly("chat/a/index");
  }

  /**
   * A store that lets {@code race} run once, just before the first write of a cascade delete
   * with range deletes: after the delete read the directory, before its batch applies.
   */
  private CountingKvStore racingOnce(Runnable race) {
    boolean[] raced = new boolean[1];
    return new CountingKvStore(memory) {
      @Override
      public boolean write(dev.chatstore.kv.WriteBatch batch) {
        boolean fast = batch.ops().stream()
            .anyMatch(op -> op instanceof dev.chatstore.kv.WriteOp.DeleteRange);
        if (fast && !raced[0]) {
          raced[0] = true;
          race.run();
        }
        return super.write(batch);
      }
    };
  }

  @Test
  void cascadeDelete_racedByAModificationOfADocumentItSaw_leavesNoEntryBehind() {
    KvEngine racer = KvEngine.on(memory, clock);
    KvEngine e = KvEngine.on(racingOnce(
        () -> racer.set("chat/big/message/m3/index", "modified while the delete was planned")),
        clock);
    for (int i = 0; i < 20; i++) {
      e.set("chat/big/message/m" + i + "/index", "{}");
    }
    e.set("chat/other/index", "{}");
    assertThat(e.deletePrefix("chat/big/")).isEqualTo(20);
    assertThat(e.list("")).containsExactly("chat/other/index");
    assertThat(e.verifyIndex()).isEmpty();
  }

  @Test
  void cascadeDelete_racedByADeleteOfADocumentItSaw_countsOnlyWhatItRemoved() {
    KvEngine racer = KvEngine.on(memory, clock);
    KvEngine e = KvEngine.on(racingOnce(() -> racer.set("chat/big/message/m3/index", null)),
        clock);
    for (int i = 0; i < 20; i++) {
      e.set("chat/big/message/m" + i + "/index", "{}");
    }
    e.set("chat/other/index", "{}");
    assertThat(e.deletePrefix("chat/big/")).isEqualTo(19);
    assertThat(e.list("")).containsExactly("chat/other/index");
    assertThat(e.verifyIndex()).isEmpty();
  }

  @Test
  void cascadeDelete_racedByAnAppendToAMessageIndexItSaw_leavesNoEntryBehind() {
    KvEngine racer = KvEngine.on(memory, clock);
    Messages racing = Messages.on(racer);
    KvEngine e = KvEngine.on(racingOnce(() -> racing.append("big", 99, "LATE")), clock);
    Messages m = Messages.on(e);
    for (int i = 0; i < 20; i++) {
      m.append("big", i, "M" + i);
      e.set(EngineKeys.messageIndex("big", "M" + i), "{}");
    }
    e.set("chat/other/index", "{}");
    m.removeChat("big");
    assertThat(m.count("big")).isZero();
    assertThat(e.list("")).containsExactly("chat/other/index");
    assertThat(e.verifyIndex()).isEmpty();
  }

  // ---- sizes ----

  @Test
  void largeCascadeDelete_runsInSteps_removesEverything_andKeepsIndexesConsistent() {
    List<Map.Entry<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      batch.add(Map.entry("big/" + i + "/x", "v"));
      if (batch.size() == 4000) {
        engine.setBatch(batch);
        batch.clear();
      }
    }
    engine.set("big2/x", "stays");
    assertThat(engine.deletePrefix("big/")).isEqualTo(12_000);
    assertThat(engine.list("big")).containsExactly("big2/x");
    assertConsistent();
  }

  @Test
  void setBatch_largerThanOneAtomicWrite_isRefusedWhole() {
    List<Map.Entry<String, String>> batch = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      batch.add(Map.entry("a/b/c/d/" + i, "v"));
    }
    assertThatThrownBy(() -> engine.setBatch(batch)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nothing was written");
    assertThat(engine.list("")).isEmpty();
  }

  @Test
  void value_overTheLimit_isRefused_naming_theKey() {
    String big = "x".repeat(engine.maxValueBytes() + 1);
    assertThatThrownBy(() -> engine.set("k", big)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"k\"").hasMessageContaining(String.valueOf(engine.maxValueBytes()));
    engine.set("k", "x".repeat(engine.maxValueBytes()));
    assertThat(engine.get("k")).hasSize(engine.maxValueBytes());
  }

  // ---- backends ----

  @Test
  void onAStoreWithoutFeatures_theEngineFillsThem() {
    TestClock c = new TestClock();
    try (MemoryKvStore bare = new MemoryKvStore(StoreOptions.defaults().withClock(c),
        EnumSet.noneOf(KvFeature.class))) {
      KvEngine e = KvEngine.on(bare, c);
      Messages m = Messages.on(e);
      e.setTtl("t", "v", Duration.ofSeconds(1));
      m.append("c", 1, "A");
      m.append("c", 2, "B");
      e.set("chat/c/index", "{}");
      assertThat(m.page("c", 0, 5)).extracting(MessageRef::id).containsExactly("B", "A");
      c.advance(Duration.ofSeconds(1));
      assertThat(e.get("t")).isNull();
      e.set("chat/c", null);
      assertThat(e.list("")).isEmpty();
      assertThat(e.verifyIndex()).isEmpty();
    }
  }

  @Test
  void ofChatStore_isOneEnginePerSession() {
    try (ChatStore cs = ChatStore.on(new MemoryKvStore(StoreOptions.defaults()))) {
      KvEngine a = KvEngine.of(cs, "a");
      KvEngine b = KvEngine.of(cs, "b");
      a.set("session/creds", "A");
      assertThat(b.get("session/creds")).isNull();
      assertThat(KvEngine.of(cs, "a").get("session/creds")).isEqualTo("A");
      assertThatThrownBy(() -> KvEngine.of(cs, "")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void stamps_growStrictly_evenWhenTheClockStandsStillOrGoesBack() {
    long a = KvLayout.nextStamp(1000, 0);
    long b = KvLayout.nextStamp(1000, 0);
    long c = KvLayout.nextStamp(10, 0);
    assertThat(b).isGreaterThan(a);
    assertThat(c).isGreaterThan(b);
    assertThat(KvLayout.nextStamp(5, Long.MAX_VALUE / 2)).isGreaterThanOrEqualTo(Long.MAX_VALUE / 2);
  }
}
