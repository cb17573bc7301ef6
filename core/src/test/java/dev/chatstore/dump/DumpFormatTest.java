package dev.chatstore.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvLimits;
import dev.chatstore.tuple.Tuple;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dump format: round trips, canonical bytes, and refusal of every damaged file. */
class DumpFormatTest {
  private static final Instant LATER = Instant.parse("2099-01-01T00:00:00.123Z");

  private static byte[] tenantKey(String tenant, Object... parts) {
    return Tuple.of(1, tenant, Area.APP.tag()).addAll(Tuple.of(parts)).pack();
  }

  private static List<DumpRecord> sample() {
    return List.of(
        new DumpRecord(new byte[0], new byte[] {1}, null),
        new DumpRecord(tenantKey("alice", "a"), new byte[0], null),
        new DumpRecord(tenantKey("alice", "b"), new byte[] {0, (byte) 0xFF}, LATER),
        new DumpRecord(tenantKey("bob", 7), "x".repeat(300).getBytes(), null));
  }

  private static byte[] dump(String scope, List<DumpRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DumpWriter w = new DumpWriter(out, scope)) {
      records.forEach(w::write);
      w.finish();
    }
    return out.toByteArray();
  }

  private static List<DumpRecord> read(byte[] file) {
    List<DumpRecord> out = new ArrayList<>();
    try (DumpReader r = DumpReader.open(new ByteArrayInputStream(file))) {
      for (DumpRecord rec; (rec = r.next()) != null; ) {
        out.add(rec);
      }
    }
    return out;
  }

  @Test
  void roundTrip_keepsKeysValuesAndExpiry_inOrder() {
    assertThat(read(dump("", sample()))).containsExactlyElementsOf(sample());
    List<DumpRecord> alice = sample().subList(1, 3);
    byte[] file = dump("alice", alice);
    assertThat(read(file)).containsExactlyElementsOf(alice);
    assertThat(DumpReader.verify(new ByteArrayInputStream(file)))
        .isEqualTo(new DumpReader.Summary("alice", 2));
    assertThat(read(dump("", List.of()))).isEmpty();
  }

  @Test
  void sameRecords_giveByteIdenticalDumps() {
    assertThat(dump("", sample())).isEqualTo(dump("", new ArrayList<>(sample())));
    assertThat(dump("", sample())).startsWith(0x89, 'C', 'S', 'D', 'U', 'M', 'P', '\n', 0, 1);
  }

  @Test
  void writer_refusesDisorder_scope_andLimits_writingNothing() {
    DumpWriter w = new DumpWriter(new ByteArrayOutputStream(), "alice");
    w.write(new DumpRecord(tenantKey("alice", "b"), new byte[0], null));
    assertThatThrownBy(() -> w.write(new DumpRecord(tenantKey("alice", "a"), new byte[0], null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly ascending");
    assertThatThrownBy(() -> w.write(new DumpRecord(tenantKey("bob", "c"), new byte[0], null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the dump's scope");
    assertThatThrownBy(() -> w.write(new DumpRecord(tenantKey("alice", "c"),
        new byte[KvLimits.MAX_VALUE_BYTES + 1], null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the limit");
    assertThat(w.count()).isEqualTo(1);
  }

  @Test
  void everyTruncation_isRefused() {
    byte[] file = dump("", sample());
    for (int len = 0; len < file.length; len++) {
      byte[] cut = Arrays.copyOf(file, len);
      assertThatThrownBy(() -> read(cut)).as("truncated to %d of %d bytes", len, file.length)
          .isInstanceOf(DumpFormatException.class);
    }
  }

  @Test
  void everySingleByteChange_isRefused() {
    byte[] file = dump("", sample());
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    for (int i = 0; i < file.length; i++) {
      byte[] bad = file.clone();
      bad[i] ^= (byte) (1 + r.nextInt(255));
      int at = i;
      assertThatThrownBy(() -> read(bad)).as("seed %d: byte %d of %d changed", seed, at,
          file.length).isInstanceOf(DumpFormatException.class);
    }
  }

  @Test
  void extraBytesAfterTheTrailer_areRefused() {
    byte[] file = dump("", sample());
    byte[] longer = Arrays.copyOf(file, file.length + 1);
    assertThatThrownBy(() -> read(longer)).isInstanceOf(DumpFormatException.class)
        .hasMessageContaining("bytes follow the trailer");
  }

  @Test
  void hostileLengths_areRefusedBeforeReading_namingTheLimit() {
    byte[] header = dump("", List.of());
    int headerLen = header.length - 1 - 8 - 32;
    ByteBuffer key = ByteBuffer.allocate(headerLen + 3).put(header, 0, headerLen);
    key.put((byte) 1).putShort((short) 0xFFFF);
    assertThatThrownBy(() -> read(key.array())).isInstanceOf(DumpFormatException.class)
        .hasMessageContaining("key length 65535 exceeds the limit of 2048");
    ByteBuffer value = ByteBuffer.allocate(headerLen + 7).put(header, 0, headerLen);
    value.put((byte) 1).putShort((short) 0).putInt(-1);
    assertThatThrownBy(() -> read(value.array())).isInstanceOf(DumpFormatException.class)
        .hasMessageContaining("value length 4294967295 exceeds the limit");
    ByteBuffer claims = ByteBuffer.allocate(headerLen + 7).put(header, 0, headerLen);
    claims.put((byte) 1).putShort((short) 0).putInt(KvLimits.MAX_VALUE_BYTES);
    assertThatThrownBy(() -> read(claims.array())).isInstanceOf(DumpFormatException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void otherFilesAndVersions_areRefusedClearly() {
    assertThatThrownBy(() -> read("hello world, not a dump".getBytes()))
        .isInstanceOf(DumpFormatException.class).hasMessageContaining("not a chatstore dump");
    byte[] v2 = dump("", List.of());
    v2[9] = 2;
    assertThatThrownBy(() -> read(v2)).hasMessageContaining("dump version 2 is not supported");
  }

  @Test
  void import_ofAnAlteredFile_writesNothing_andOfTheGoodFile_writesAll(@TempDir Path dir)
      throws Exception {
    try (ChatStore source = ChatStore.open("memory:"); ChatStore target = ChatStore.open("memory:")) {
      for (int i = 0; i < 2500; i++) {
        source.tenant("t" + i % 3).area(Area.CHAT).put(Tuple.of("m", i).pack(), Tuple.of(i).pack());
      }
      Path file = dir.resolve("all.dump");
      long n = Dumps.export(source.kv(), "", Files.newOutputStream(file), x -> { });
      assertThat(n).isEqualTo(2500);

      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length - 100] ^= 1; // a value near the end: only the digest can tell
      Path bad = Files.write(dir.resolve("bad.dump"), bytes);
      assertThatThrownBy(() -> Dumps.importFile(target.kv(), bad, Clock.systemUTC(),
          new Dumps.Listener() { })).isInstanceOf(DumpFormatException.class)
          .hasMessageContaining("SHA-256 mismatch");
      assertThat(target.kv().count(KeyRange.all())).as("an altered dump imports nothing").isZero();

      Dumps.ImportResult r = Dumps.importFile(target.kv(), file, Clock.systemUTC(),
          new Dumps.Listener() { });
      assertThat(r.records()).isEqualTo(2500);
      assertThat(r.batches()).isEqualTo(3);
      assertThat(target.kv().scanAll(KeyRange.all()))
          .containsExactlyElementsOf(source.kv().scanAll(KeyRange.all()));
    }
  }

  @Test
  void import_skipsRecordsWhoseExpiryPassed_andKeepsTheOthersExpiry(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ttl.dump");
    Files.write(file, dump("", List.of(
        new DumpRecord(tenantKey("a", 1), new byte[] {1}, Instant.parse("2001-01-01T00:00:00Z")),
        new DumpRecord(tenantKey("a", 2), new byte[] {2}, LATER))));
    try (ChatStore target = ChatStore.open("memory:")) {
      Dumps.ImportResult r = Dumps.importFile(target.kv(), file, Clock.systemUTC(),
          new Dumps.Listener() { });
      assertThat(r.skippedExpired()).isEqualTo(1);
      assertThat(target.kv().get(tenantKey("a", 1))).isNull();
      assertThat(target.kv().get(tenantKey("a", 2))).containsExactly(2);
    }
  }
}
