package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class HlcTest {

  /** A wall clock the test sets. */
  static final class SetClock extends Clock {
    volatile long millis;

    SetClock(long millis) {
      this.millis = millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void now_followsTheWallClock_andBreaksTiesWithTheLogicalCounter() {
    SetClock wall = new SetClock(1_000);
    Hlc hlc = new Hlc(wall);
    assertThat(hlc.now()).isEqualTo(new HlcTimestamp(1_000, 0));
    assertThat(hlc.now()).isEqualTo(new HlcTimestamp(1_000, 1));
    wall.millis = 1_005;
    assertThat(hlc.now()).isEqualTo(new HlcTimestamp(1_005, 0));
  }

  @Test
  void now_staysMonotonic_whenTheWallClockStepsBack() {
    SetClock wall = new SetClock(5_000);
    Hlc hlc = new Hlc(wall);
    HlcTimestamp before = hlc.now();
    wall.millis = 1_000;
    HlcTimestamp after = hlc.now();
    assertThat(after).isGreaterThan(before);
    assertThat(after).isEqualTo(new HlcTimestamp(5_000, 1));
  }

  @Test
  void receive_movesPastTheRemoteStamp() {
    SetClock wall = new SetClock(1_000);
    Hlc hlc = new Hlc(wall);
    hlc.now();
    HlcTimestamp remote = new HlcTimestamp(9_000, 42);
    HlcTimestamp r = hlc.receive(remote);
    assertThat(r).isEqualTo(new HlcTimestamp(9_000, 43));
    assertThat(hlc.now()).isGreaterThan(r);
    wall.millis = 20_000;
    assertThat(hlc.receive(new HlcTimestamp(10, 0))).isEqualTo(new HlcTimestamp(20_000, 0));
    assertThatThrownBy(() -> hlc.receive(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logicalOverflow_movesToTheNextMillisecond() {
    SetClock wall = new SetClock(1_000);
    Hlc hlc = new Hlc(wall);
    hlc.receive(new HlcTimestamp(1_000, HlcTimestamp.MAX_LOGICAL - 1));
    assertThat(hlc.last()).isEqualTo(new HlcTimestamp(1_000, HlcTimestamp.MAX_LOGICAL));
    assertThat(hlc.now()).isEqualTo(new HlcTimestamp(1_001, 0));
    assertThat(hlc.now()).isEqualTo(new HlcTimestamp(1_001, 1));
  }

  @Test
  void stamps_areStrictlyIncreasing_underRandomClockSteps() {
    long seed = ThreadLocalRandom.current().nextLong();
    Random rnd = new Random(seed);
    SetClock wall = new SetClock(1_000_000);
    Hlc hlc = new Hlc(wall);
    HlcTimestamp last = HlcTimestamp.ZERO;
    for (int i = 0; i < 10_000; i++) {
      wall.millis += rnd.nextInt(7) - 3;
      HlcTimestamp next = rnd.nextInt(4) == 0
          ? hlc.receive(new HlcTimestamp(wall.millis + rnd.nextInt(11) - 5, rnd.nextInt(100)))
          : hlc.now();
      assertThat(next).as("step %s, seed %s", i, seed).isGreaterThan(last);
      last = next;
    }
  }

  @Test
  void byteOrder_isTimeOrder() {
    long seed = ThreadLocalRandom.current().nextLong();
    Random rnd = new Random(seed);
    long[] edges = {0, 1, 255, 256, 65_535, 1L << 32, (1L << 47) - 1, 1L << 47,
        HlcTimestamp.MAX_PHYSICAL_MS};
    for (int i = 0; i < 20_000; i++) {
      HlcTimestamp a = stamp(rnd, edges);
      HlcTimestamp b = stamp(rnd, edges);
      int byTime = Integer.signum(Long.compare(a.physicalMs(), b.physicalMs()) != 0
          ? Long.compare(a.physicalMs(), b.physicalMs()) : Integer.compare(a.logical(), b.logical()));
      assertThat(Integer.signum(Arrays.compareUnsigned(a.toBytes(), b.toBytes())))
          .as("%s vs %s, seed %s", a, b, seed).isEqualTo(byTime);
      assertThat(Integer.signum(a.compareTo(b))).isEqualTo(byTime);
      assertThat(HlcTimestamp.fromBytes(a.toBytes())).isEqualTo(a);
      assertThat(HlcTimestamp.fromPacked(a.packed())).isEqualTo(a);
    }
  }

  private static HlcTimestamp stamp(Random rnd, long[] edges) {
    long ms = rnd.nextBoolean() ? edges[rnd.nextInt(edges.length)]
        : rnd.nextLong(HlcTimestamp.MAX_PHYSICAL_MS + 1);
    int logical = rnd.nextBoolean() ? rnd.nextInt(3) * 0x7FFF : rnd.nextInt(0x10000);
    return new HlcTimestamp(ms, Math.min(logical, HlcTimestamp.MAX_LOGICAL));
  }

  @Test
  void outOfRangeParts_areRefusedNamingTheValue() {
    assertThatThrownBy(() -> new HlcTimestamp(1L << 48, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(1L << 48));
    assertThatThrownBy(() -> new HlcTimestamp(0, 65_536))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
    assertThatThrownBy(() -> HlcTimestamp.fromBytes(new byte[7]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 bytes");
  }
}
