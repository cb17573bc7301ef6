package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The laws of the membership CRDT, on seeded random records. */
class MemberInfoTest {
  private static final int ROUNDS = 20_000;

  private static MemberInfo random(Random rnd) {
    HlcTimestamp added = rnd.nextInt(5) == 0 ? HlcTimestamp.ZERO : stamp(rnd);
    HlcTimestamp removed = rnd.nextBoolean() ? null : stamp(rnd);
    return new MemberInfo(rnd.nextBoolean() ? MemberRole.ADMIN : MemberRole.PARTICIPANT, added,
        removed);
  }

  /** Few distinct stamps, so that ties are frequent. */
  private static HlcTimestamp stamp(Random rnd) {
    return new HlcTimestamp(rnd.nextInt(4), rnd.nextInt(2));
  }

  @Test
  void merge_isCommutativeAssociativeAndIdempotent() {
    long seed = ThreadLocalRandom.current().nextLong();
    Random rnd = new Random(seed);
    for (int i = 0; i < ROUNDS; i++) {
      MemberInfo a = random(rnd);
      MemberInfo b = random(rnd);
      MemberInfo c = random(rnd);
      assertThat(a.merge(b)).as("commutative: %s, %s; seed %s", a, b, seed).isEqualTo(b.merge(a));
      assertThat(a.merge(b).merge(c)).as("associative: %s, %s, %s; seed %s", a, b, c, seed)
          .isEqualTo(a.merge(b.merge(c)));
      assertThat(a.merge(a)).as("idempotent: %s; seed %s", a, seed).isEqualTo(a);
      assertThat(a.merge(b).merge(b)).as("re-delivery: %s, %s; seed %s", a, b, seed)
          .isEqualTo(a.merge(b));
    }
  }

  @Test
  void merge_neverMovesAStampBack() {
    long seed = ThreadLocalRandom.current().nextLong();
    Random rnd = new Random(seed);
    for (int i = 0; i < ROUNDS; i++) {
      MemberInfo a = random(rnd);
      MemberInfo m = a.merge(random(rnd));
      assertThat(m.addedAt()).as("seed %s", seed).isGreaterThanOrEqualTo(a.addedAt());
      assertThat(m.removedOrZero()).as("seed %s", seed).isGreaterThanOrEqualTo(a.removedOrZero());
    }
  }

  @Test
  void activeOnlyWhenAddedStrictlyAfterTheRemove() {
    HlcTimestamp t = new HlcTimestamp(10, 0);
    assertThat(MemberInfo.added(MemberRole.ADMIN, t).isActive()).isTrue();
    assertThat(new MemberInfo(MemberRole.ADMIN, t, t).isActive()).as("tie: remove wins").isFalse();
    assertThat(new MemberInfo(MemberRole.ADMIN, t, new HlcTimestamp(9, 9)).isActive()).isTrue();
    assertThat(MemberInfo.removed(t).isActive()).isFalse();
  }

  @Test
  void roleComesFromTheLaterAdd_andOnEqualAddsTheGreaterRole() {
    HlcTimestamp t1 = new HlcTimestamp(1, 0);
    HlcTimestamp t2 = new HlcTimestamp(2, 0);
    assertThat(MemberInfo.added(MemberRole.ADMIN, t1)
        .merge(MemberInfo.added(MemberRole.PARTICIPANT, t2)).role())
        .isEqualTo(MemberRole.PARTICIPANT);
    assertThat(MemberInfo.added(MemberRole.PARTICIPANT, t2)
        .merge(MemberInfo.added(MemberRole.ADMIN, t2)).role()).isEqualTo(MemberRole.ADMIN);
  }
}
