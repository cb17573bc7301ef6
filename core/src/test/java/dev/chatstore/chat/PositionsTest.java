package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The position map of a cache entry against a plain map, under random sets and look-ups. */
class PositionsTest {
  @Test
  void behavesLikeAMapOfUserIdToPosition_includingKnownAbsentUsers() {
    long seed = System.nanoTime();
    System.out.println("PositionsTest seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 50; round++) {
      Positions p = new Positions(r.nextInt(8));
      Map<String, byte[]> model = new HashMap<>();
      // few distinct users, many of them sharing their first bytes, so that sets replace
      int users = 1 + r.nextInt(300);
      for (int step = 0; step < 2_000; step++) {
        byte[] user = new byte[ChatDb.USER_ID_BYTES];
        user[ChatDb.USER_ID_BYTES - 1] = (byte) r.nextInt(users);
        user[ChatDb.USER_ID_BYTES - 2] = (byte) (r.nextInt(users) >>> 8);
        String k = HexFormat.of().formatHex(user);
        if (r.nextInt(3) == 0) {
          byte[] value = r.nextInt(5) == 0 ? null : new byte[] {(byte) step, 1, 2};
          p.set(user, value);
          model.put(k, value);
          user[0] ^= 0x55; // the caller reuses its array: the map kept its own copy of the id
        } else {
          int e = p.find(user);
          assertThat(e >= 0).as("seed %d: knows %s", seed, k).isEqualTo(model.containsKey(k));
          if (e >= 0) {
            assertThat(p.value(e)).as("seed %d: value of %s", seed, k).isEqualTo(model.get(k));
          }
        }
      }
      assertThat(p.size()).as("seed %d", seed).isEqualTo(model.size());
    }
  }

  @Test
  void anIdOfAnotherLength_isRefusedNamingItsLength() {
    Positions p = new Positions(4);
    assertThatThrownBy(() -> p.set(new byte[19], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("19 bytes long")
        .hasMessageContaining("expected 20");
    assertThatThrownBy(() -> p.find(new byte[21])).isInstanceOf(IllegalArgumentException.class);
    assertThat(p.size()).isZero();
  }
}
